"""One history written through every real writer reads back as the same Run (the proof writers and readers agree).

The history is 12 epochs of loss, val_loss, accuracy and val_accuracy with one NaN; values are multiples of
1/1024 so float32 writers (TensorBoard) store them exactly. Each case writes with the library's own writer into
tmp_path, reads with `lossdoctor.read`, and reduces the Run to {(split, kind): (epoch, value) pairs}.
"""
from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Callable

import numpy as np
import pytest

import lossdoctor
from lossdoctor.model import Axis, Kind, Run, Split

EPOCHS = 12
_rng = np.random.default_rng(7)
HISTORY: dict[str, list[float]] = {
    "loss": [round(1024 * (2.0 * 0.8 ** e + 0.05)) / 1024 for e in range(EPOCHS)],
    "val_loss": [round(1024 * (2.1 * 0.82 ** e + 0.02 * max(0, e - 7) + 0.1)) / 1024 for e in range(EPOCHS)],
    "accuracy": [round(1024 * min(0.99, 0.3 + 0.06 * e)) / 1024 for e in range(EPOCHS)],
    "val_accuracy": [round(1024 * min(0.95, 0.28 + 0.055 * e)) / 1024 for e in range(EPOCHS)],
}
HISTORY["val_loss"][7] = math.nan  # one diverged evaluation: every writer must keep it
PAIRS = {"loss": (Split.TRAIN, Kind.LOSS), "val_loss": (Split.VAL, Kind.LOSS),
         "accuracy": (Split.TRAIN, Kind.ACCURACY), "val_accuracy": (Split.VAL, Kind.ACCURACY)}
HF_STEPS_PER_EPOCH = 10


def _epoch_logs(e: int) -> dict[str, float]:
    return {k: v[e] for k, v in HISTORY.items()}


def write_keras_csv(tmp: Path, mp: pytest.MonkeyPatch) -> Path:
    mp.setenv("KERAS_BACKEND", os.environ.get("KERAS_BACKEND", "torch"))
    keras = pytest.importorskip("keras")
    path = tmp / "training.log"
    cb = keras.callbacks.CSVLogger(str(path))
    cb.on_train_begin()
    for e in range(EPOCHS):
        cb.on_epoch_end(e, _epoch_logs(e))
    cb.on_train_end()
    return path


def write_keras_history(tmp: Path, mp: pytest.MonkeyPatch) -> Path:
    mp.setenv("KERAS_BACKEND", os.environ.get("KERAS_BACKEND", "torch"))
    keras = pytest.importorskip("keras")
    cb = keras.callbacks.History()
    cb.set_model(keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)]))
    cb.on_train_begin()
    for e in range(EPOCHS):
        cb.on_epoch_end(e, _epoch_logs(e))
    path = tmp / "history.json"
    path.write_text(json.dumps(cb.history))
    return path


def write_lightning(tmp: Path, mp: pytest.MonkeyPatch) -> Path:
    loggers = pytest.importorskip("lightning.pytorch.loggers")
    logger = loggers.CSVLogger(str(tmp), name="lightning_logs")
    for e in range(EPOCHS):
        step = (e + 1) * 10 - 1  # epoch-end logs land on the last step of the epoch, as the Trainer does
        logger.log_metrics({"val_loss": HISTORY["val_loss"][e], "val_acc": HISTORY["val_accuracy"][e],
                            "epoch": e}, step=step)
        logger.log_metrics({"train_loss_epoch": HISTORY["loss"][e], "train_acc_epoch": HISTORY["accuracy"][e],
                            "epoch": e}, step=step)
    logger.save()
    logger.finalize("success")
    return Path(logger.log_dir)


def write_hf(tmp: Path, mp: pytest.MonkeyPatch) -> Path:
    transformers = pytest.importorskip("transformers")
    log: list[dict[str, float]] = []
    for e in range(EPOCHS):
        step = (e + 1) * HF_STEPS_PER_EPOCH
        log.append({"epoch": float(e + 1), "loss": HISTORY["loss"][e], "accuracy": HISTORY["accuracy"][e],
                    "learning_rate": 1e-3, "step": step})
        log.append({"epoch": float(e + 1), "eval_loss": HISTORY["val_loss"][e],
                    "eval_accuracy": HISTORY["val_accuracy"][e], "step": step})
    log.append({"epoch": float(EPOCHS), "step": EPOCHS * HF_STEPS_PER_EPOCH, "train_loss": 0.5,
                "train_runtime": 1.0, "total_flos": 0.0})
    state = transformers.TrainerState(global_step=EPOCHS * HF_STEPS_PER_EPOCH, log_history=log)
    state.save_to_json(str(tmp / "trainer_state.json"))
    return tmp


def _write_tb(writer_cls: Callable[[str], object], tmp: Path, tags: dict[str, str]) -> Path:
    w = writer_cls(str(tmp / "tb"))
    for e in range(EPOCHS):
        for key, tag in tags.items():
            w.add_scalar(tag, HISTORY[key][e], e)
    w.close()
    return tmp / "tb"


def write_torch_tb(tmp: Path, mp: pytest.MonkeyPatch) -> Path:
    tb = pytest.importorskip("torch.utils.tensorboard")
    return _write_tb(tb.SummaryWriter, tmp, {"loss": "Loss/train", "val_loss": "Loss/val",
                                            "accuracy": "Accuracy/train", "val_accuracy": "Accuracy/val"})


def write_tensorboardx(tmp: Path, mp: pytest.MonkeyPatch) -> Path:
    tbx = pytest.importorskip("tensorboardX")
    return _write_tb(tbx.SummaryWriter, tmp, {"loss": "train/loss", "val_loss": "val/loss",
                                             "accuracy": "train/acc", "val_accuracy": "val/acc"})


def _write_mlflow(uri: str, where: Path, mp: pytest.MonkeyPatch) -> Path:
    mlflow = pytest.importorskip("mlflow")
    mp.setenv("MLFLOW_TRACKING_URI", uri)
    mp.setenv("MLFLOW_ALLOW_FILE_STORE", "true")  # MLflow 3 keeps the file store behind this switch
    mlflow.set_tracking_uri(uri)
    try:
        with mlflow.start_run(run_name="cross"):
            for e in range(EPOCHS):
                for key in HISTORY:
                    mlflow.log_metric(key if key.startswith("val_") else f"train_{key}", HISTORY[key][e], step=e)
    finally:
        mlflow.set_tracking_uri("")
    return where


def write_mlflow_files(tmp: Path, mp: pytest.MonkeyPatch) -> Path:
    return _write_mlflow((tmp / "mlruns").as_uri(), tmp / "mlruns", mp)


def write_mlflow_sqlite(tmp: Path, mp: pytest.MonkeyPatch) -> Path:
    return _write_mlflow(f"sqlite:///{tmp / 'mlflow.db'}", tmp / "mlflow.db", mp)


def write_wandb(tmp: Path, mp: pytest.MonkeyPatch) -> Path:
    wandb = pytest.importorskip("wandb")
    mp.setenv("WANDB_SILENT", "true")
    run = wandb.init(mode="offline", dir=str(tmp), project="cross", settings=wandb.Settings(console="off"))
    for e in range(EPOCHS):
        run.log({"train/loss": HISTORY["loss"][e], "val/loss": HISTORY["val_loss"][e],
                 "train/accuracy": HISTORY["accuracy"][e], "val/accuracy": HISTORY["val_accuracy"][e]}, step=e)
    run.finish()
    wandb.teardown()  # stop wandb-core: under load it can still be writing the .wandb file after finish()
    return tmp / "wandb"


def by_epoch(run: Run) -> dict[tuple[Split, Kind], list[tuple[float, float]]]:
    """(split, kind) -> (0-based epoch, value); step axes map through steps_per_epoch when the reader knows it
    (HF: step = (epoch + 1) * steps_per_epoch at the end of each epoch), else the step is the epoch index."""
    out: dict[tuple[Split, Kind], list[tuple[float, float]]] = {}
    for key, (split, kind) in PAIRS.items():
        s = run.find(kind, split)
        assert s is not None, f"{run.format}: no {split.value} {kind.value} series in {[x.key for x in run]}"
        x = s.steps
        spe = run.hparams.get("steps_per_epoch")
        if s.axis is Axis.STEP and spe and run.format == "hf_trainer":
            x = s.steps / spe - 1
        out[(split, kind)] = list(zip(x.tolist(), s.values.tolist()))
    return out


def _same(a: list[tuple[float, float]], b: list[tuple[float, float]]) -> bool:
    xa, va = np.array(a).T
    xb, vb = np.array(b).T
    return np.array_equal(xa, xb) and np.array_equal(va, vb, equal_nan=True)


EXPECTED = {PAIRS[k]: [(float(e), v) for e, v in enumerate(vals)] for k, vals in HISTORY.items()}
WRITERS = [
    pytest.param(write_keras_csv, "keras_csv", id="keras_csvlogger"),
    pytest.param(write_keras_history, "keras_history", id="keras_history_json"),
    pytest.param(write_lightning, "lightning_csv", id="lightning_csvlogger"),
    pytest.param(write_hf, "hf_trainer", id="hf_trainer_state"),
    pytest.param(write_torch_tb, "tensorboard", id="torch_summarywriter"),
    pytest.param(write_tensorboardx, "tensorboard", id="tensorboardx"),
    pytest.param(write_mlflow_files, "mlflow", id="mlflow_file_store"),
    pytest.param(write_mlflow_sqlite, "mlflow", id="mlflow_sqlite"),
    pytest.param(write_wandb, "wandb", id="wandb_offline"),
]


@pytest.mark.parametrize(("write", "fmt"), WRITERS)
def test_every_writer_reads_back_the_same_history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  write: Callable[[Path, pytest.MonkeyPatch], Path], fmt: str) -> None:
    target = write(tmp_path, monkeypatch)
    runs = lossdoctor.read(target)
    assert len(runs) == 1, [r.name for r in runs]
    run = runs[0]
    assert run.format.startswith(fmt)
    got = by_epoch(run)
    for pair, want in EXPECTED.items():
        assert _same(got[pair], want), f"{run.format} {pair}: {got[pair]} != {want}"


def test_the_history_has_a_nan_to_carry() -> None:
    assert sum(math.isnan(v) for vals in HISTORY.values() for v in vals) == 1
    assert np.array_equal(np.float32(HISTORY["loss"]), HISTORY["loss"])  # exact in float32
