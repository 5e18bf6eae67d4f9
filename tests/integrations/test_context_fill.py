"""The live callbacks fill the run context the framework knows for certain (context_fill.py), and a value the user
gave wins: tiny real models (Keras on the torch backend, Lightning, an HF Trainer) trained for an epoch or two on
scikit-learn digits; no download (the HF model is built from a config, or loaded from a directory it was saved to)."""
from __future__ import annotations

import os
import warnings

os.environ.setdefault("KERAS_BACKEND", "torch")

import numpy as np
import pytest
from sklearn.datasets import load_digits

from lossdoctor.integrations.context_fill import keras_loss, merged

torch = pytest.importorskip("torch")


def _digits(n: int = 300) -> tuple[np.ndarray, np.ndarray]:
    x, y = load_digits(return_X_y=True)
    return (x[:n] / 16.0).astype("float32"), y[:n]


def test_keras_loss_names_and_objects() -> None:
    keras = pytest.importorskip("keras")
    assert keras_loss("sparse_categorical_crossentropy") == "cross_entropy"
    assert keras_loss(keras.losses.BinaryCrossentropy()) == "binary_cross_entropy"
    assert keras_loss(keras.losses.MeanSquaredError()) == "mse"
    assert keras_loss("mae") == "mae"
    assert keras_loss(keras.losses.Huber()) == "other"
    assert keras_loss({"a": "mse", "b": "sparse_categorical_crossentropy"}) == "sum_of_terms"
    assert keras_loss(["mse"]) == "mse" and keras_loss(None) is None
    assert merged({"loss": "mse", "best_checkpoint": True}, {"best_checkpoint": False, "loss": None}) == \
        {"loss": "mse", "best_checkpoint": False}


def _keras_fit(compiled: str, callbacks: list, **options: object):
    keras = pytest.importorskip("keras")
    if keras.backend.backend() != "torch":
        pytest.skip("Keras runs on another backend in this process")
    from lossdoctor.keras import DoctorCallback

    keras.utils.set_random_seed(0)
    x, y = _digits()
    out = 1 if compiled == "mse" else 10
    model = keras.Sequential([keras.Input((64,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(out)])
    model.compile(optimizer="adam", loss=compiled)
    doc = DoctorCallback(printer=None, probes=False, **options)
    model.fit(x, y.astype("float32") if compiled == "mse" else y, validation_split=0.2, epochs=2, batch_size=64, verbose=0,
              callbacks=[*callbacks, doc])
    assert doc.recorder is not None
    return doc.recorder.options


def test_keras_fills_the_loss_and_a_kept_best_epoch() -> None:
    keras = pytest.importorskip("keras")
    o = _keras_fit("mse", [keras.callbacks.EarlyStopping(patience=3)])
    assert (o.loss, o.best_checkpoint, o.fine_tune, o.task) == ("mse", True, None, None)
    o = _keras_fit("sparse_categorical_crossentropy", [])
    assert (o.loss, o.best_checkpoint) == ("cross_entropy", None)


def test_keras_model_checkpoint_counts_only_when_it_keeps_the_best(tmp_path) -> None:
    keras = pytest.importorskip("keras")
    every = keras.callbacks.ModelCheckpoint(str(tmp_path / "m.keras"), save_best_only=False)
    assert _keras_fit("mse", [every]).best_checkpoint is None
    best = keras.callbacks.ModelCheckpoint(str(tmp_path / "b.keras"), save_best_only=True)
    assert _keras_fit("mse", [best]).best_checkpoint is True


def test_keras_user_values_win() -> None:
    keras = pytest.importorskip("keras")
    o = _keras_fit("mse", [keras.callbacks.EarlyStopping(patience=3)], best_checkpoint=False, loss="sum_of_terms")
    assert (o.loss, o.best_checkpoint) == ("sum_of_terms", False)


def _lightning_fit(callbacks: list, **options: object):
    pl = pytest.importorskip("lightning.pytorch")
    from lossdoctor.lightning import DoctorCallback

    class Net(pl.LightningModule):
        def __init__(self) -> None:
            super().__init__()
            self.net = torch.nn.Linear(64, 10)

        def training_step(self, batch: tuple, batch_idx: int) -> torch.Tensor:
            loss = torch.nn.functional.cross_entropy(self.net(batch[0]), batch[1])
            self.log("train_loss", loss, on_step=False, on_epoch=True)
            return loss

        def validation_step(self, batch: tuple, batch_idx: int) -> None:
            self.log("val_loss", torch.nn.functional.cross_entropy(self.net(batch[0]), batch[1]))

        def configure_optimizers(self) -> torch.optim.Optimizer:
            return torch.optim.Adam(self.parameters(), lr=1e-2)

    x, y = _digits()
    data = torch.utils.data.TensorDataset(torch.tensor(x), torch.tensor(y))
    loader = torch.utils.data.DataLoader(data, batch_size=64)
    doc = DoctorCallback(printer=None, probes=False, **options)
    trainer = pl.Trainer(max_epochs=2, callbacks=[*callbacks, doc], logger=False, enable_checkpointing=bool(callbacks),
                         enable_progress_bar=False, enable_model_summary=False, accelerator="cpu", devices=1,
                         num_sanity_val_steps=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        trainer.fit(Net(), loader, loader)
    assert doc.recorder is not None
    return doc.recorder.options


def test_lightning_fills_a_kept_best_epoch(tmp_path, monkeypatch) -> None:
    pl = pytest.importorskip("lightning.pytorch")
    monkeypatch.chdir(tmp_path)
    assert _lightning_fit([]).best_checkpoint is None
    assert _lightning_fit([pl.callbacks.EarlyStopping(monitor="val_loss")]).best_checkpoint is True
    assert _lightning_fit([pl.callbacks.ModelCheckpoint(dirpath=str(tmp_path), monitor="val_loss")]).best_checkpoint
    assert _lightning_fit([pl.callbacks.ModelCheckpoint(dirpath=str(tmp_path))]).best_checkpoint is None  # the last
    assert _lightning_fit([pl.callbacks.EarlyStopping(monitor="val_loss")],
                          best_checkpoint=False).best_checkpoint is False


def _hf_fit(tmp_path, model, **kw: object):
    transformers = pytest.importorskip("transformers")
    from lossdoctor.hf import DoctorCallback

    class Rows(torch.utils.data.Dataset):
        def __init__(self) -> None:
            x, y = _digits(200)
            self.x, self.y = torch.tensor(x), torch.tensor(y)

        def __len__(self) -> int:
            return len(self.y)

        def __getitem__(self, i: int) -> dict:
            return {"input_ids": (self.x[i] * 15).long()[:16] + 1, "labels": self.y[i]}

    options = {k: kw.pop(k) for k in ("fine_tune", "best_checkpoint") if k in kw}
    doc = DoctorCallback(printer=None, probes=False, **options)
    args = transformers.TrainingArguments(output_dir=str(tmp_path / "out"), num_train_epochs=1, learning_rate=1e-3,
                                          per_device_train_batch_size=50, eval_strategy="epoch", report_to=[],
                                          use_cpu=True, disable_tqdm=True, seed=0, **kw)
    trainer = transformers.Trainer(model=model, args=args, train_dataset=Rows(), eval_dataset=Rows(), callbacks=[doc])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        trainer.train()
    assert doc.recorder is not None
    return doc.recorder.options


def test_hf_fills_fine_tune_and_a_kept_best_checkpoint(tmp_path) -> None:
    transformers = pytest.importorskip("transformers")
    config = transformers.BertConfig(vocab_size=32, hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                                     intermediate_size=16, max_position_embeddings=32, num_labels=10)
    fresh = transformers.BertForSequenceClassification(config)  # built from a config: no pretrained weights
    o = _hf_fit(tmp_path, fresh, save_strategy="no")
    assert (o.fine_tune, o.best_checkpoint) == (None, None)
    fresh.save_pretrained(tmp_path / "saved")
    loaded = transformers.BertForSequenceClassification.from_pretrained(tmp_path / "saved")  # a local directory
    o = _hf_fit(tmp_path, loaded, save_strategy="epoch", load_best_model_at_end=True)
    assert (o.fine_tune, o.best_checkpoint) == (True, True)
    o = _hf_fit(tmp_path, loaded, save_strategy="no", fine_tune=False)
    assert (o.fine_tune, o.best_checkpoint) == (False, None)
