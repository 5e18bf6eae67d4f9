"""HF Trainer DoctorCallback: a tiny randomly initialised PreTrainedModel trained by a real Trainer on digits."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from sklearn.datasets import load_digits  # noqa: E402
from transformers import PretrainedConfig, PreTrainedModel, Trainer, TrainingArguments  # noqa: E402
from transformers.modeling_outputs import SequenceClassifierOutput  # noqa: E402

from lossdoctor.hf import DoctorCallback  # noqa: E402


class DigitsConfig(PretrainedConfig):
    model_type = "lossdoctor_digits_mlp"

    def __init__(self, hidden: int = 32, num_labels: int = 10, act: str = "relu", **kw: object) -> None:
        self.hidden, self.act = hidden, act
        super().__init__(num_labels=num_labels, **kw)


class DigitsMLP(PreTrainedModel):
    config_class = DigitsConfig

    def __init__(self, config: DigitsConfig) -> None:
        super().__init__(config)
        act = {"relu": torch.nn.ReLU(), "tanh": torch.nn.Tanh(), "none": torch.nn.Identity()}[config.act]
        self.net = torch.nn.Sequential(torch.nn.Linear(64, config.hidden), act,
                                       torch.nn.Linear(config.hidden, config.num_labels))
        self.post_init()

    def forward(self, x: torch.Tensor, labels: torch.Tensor | None = None) -> SequenceClassifierOutput:
        logits = self.net(x)
        loss = None
        if labels is not None:
            loss = (torch.nn.functional.mse_loss(logits.squeeze(1), labels.float()) if self.config.num_labels == 1
                    else torch.nn.functional.cross_entropy(logits, labels))
        return SequenceClassifierOutput(loss=loss, logits=logits)


class Rows(torch.utils.data.Dataset):
    def __init__(self, x: np.ndarray, y: np.ndarray) -> None:
        self.x, self.y = torch.tensor(x, dtype=torch.float32), torch.tensor(y)

    def __len__(self) -> int:
        return len(self.y)

    def __getitem__(self, i: int) -> dict[str, torch.Tensor]:
        return {"x": self.x[i], "labels": self.y[i]}


def _data(n_train: int, scale: float = 1 / 16) -> tuple[Rows, Rows]:
    x, y = load_digits(return_X_y=True)
    idx = np.random.default_rng(0).permutation(len(x))
    x, y = x[idx] * scale, y[idx]
    return Rows(x[:n_train], y[:n_train]), Rows(x[1400:], y[1400:])


def _train(tmp_path, model: PreTrainedModel, doc: DoctorCallback, data: tuple, epochs: int, lr: float,
           batch: int, optimizers: tuple = (None, None), **kw: object) -> Trainer:
    args = TrainingArguments(output_dir=str(tmp_path / "out"), num_train_epochs=epochs, learning_rate=lr,
                             per_device_train_batch_size=batch, per_device_eval_batch_size=512,
                             eval_strategy="epoch", logging_strategy="steps", logging_steps=5, save_strategy="no",
                             report_to=[], use_cpu=True, disable_tqdm=True, seed=0, lr_scheduler_type="constant",
                             **kw)
    trainer = Trainer(model=model, args=args, train_dataset=data[0], eval_dataset=data[1], callbacks=[doc],
                      optimizers=optimizers)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        trainer.train()
    return trainer


def test_nan_loss_hidden_by_the_trainer_filter_is_found_and_stops_training(tmp_path) -> None:
    torch.manual_seed(0)
    lines: list[str] = []
    doc = DoctorCallback(stop_on=("nan_inf",), printer=lines.append)
    model = DigitsMLP(DigitsConfig(num_labels=1, act="none"))
    trainer = _train(tmp_path, model, doc, _data(1200, scale=1.0), epochs=20, lr=0.1, batch=64, optim="sgd",
                     max_grad_norm=0)  # no clipping: raw pixels and a huge step blow the regression up
    logged = [h["loss"] for h in trainer.state.log_history if "loss" in h]
    assert all(np.isfinite(logged))  # the Trainer's own log hides it (logging_nan_inf_filter)
    seen = doc.recorder.first_seen("nan_inf")
    assert seen is not None and seen.step is not None and seen.step <= 40
    assert doc.stopped is not None and trainer.state.global_step < 20 * 19
    assert sum("nan_inf" in ln for ln in lines) == 1
    # the model computes its loss inside forward: finite logits and an overflowing squared error are the loss's
    # fault, not "(root)"'s
    where = doc.recorder.first_seen("nonfinite_activations")
    assert where is not None and where.finding.evidence["where"] == "loss" and where.step <= seen.step


def test_overfitting_on_50_samples_stops_and_restores_the_best_weights(tmp_path) -> None:
    torch.manual_seed(0)
    doc = DoctorCallback(stop_on_overfitting=True, printer=None, report_path=tmp_path / "report.html")
    model = DigitsMLP(DigitsConfig(hidden=256))
    data = _data(50)
    trainer = _train(tmp_path, model, doc, data, epochs=80, lr=1e-2, batch=25, weight_decay=0.0)
    seen = doc.recorder.first_seen("overfitting")
    assert seen is not None and seen.epoch is not None and seen.epoch < 80
    assert doc.stopped is not None and trainer.state.epoch < 80
    evals = [h["eval_loss"] for h in trainer.state.log_history if "eval_loss" in h]
    assert doc.restored_epoch is not None
    best = evals[int(round(doc.restored_epoch)) - 1]
    assert best == pytest.approx(min(evals))
    with torch.no_grad():
        restored = float(model(data[1].x, data[1].y).loss)
    assert restored == pytest.approx(best, rel=1e-4) and restored < evals[-1]
    assert "overfitting" in (tmp_path / "report.html").read_text()


def test_healthy_run_announces_nothing(tmp_path) -> None:
    """Probed every 5 steps, so Adam's large first steps on small initial weights are sampled: a transient that
    settles within the run is not an abnormal update ratio."""
    torch.manual_seed(0)
    lines: list[str] = []
    doc = DoctorCallback(stop_on=("nan_inf", "divergence"), stop_on_overfitting=True, printer=lines.append,
                         probe_every=5)
    trainer = _train(tmp_path, DigitsMLP(DigitsConfig()), doc, _data(1200), epochs=10, lr=1e-2, batch=128)
    assert lines == [] and doc.stopped is None and round(trainer.state.epoch) == 10
    assert doc.report().verdict == "healthy"


def test_dead_relu_initialisation_is_named_by_the_probes_during_training(tmp_path) -> None:
    torch.manual_seed(0)
    model = DigitsMLP(DigitsConfig())
    with torch.no_grad():
        model.net[0].bias.fill_(-20.0)  # every hidden ReLU starts (and stays) at zero
    lines: list[str] = []
    doc = DoctorCallback(printer=lines.append, probe_every=5)
    trainer = _train(tmp_path, model, doc, _data(1200), epochs=3, lr=1e-2, batch=128)
    dead = doc.recorder.first_seen("dead_units")
    assert dead is not None and dead.step is not None and dead.step < trainer.state.global_step
    assert dead.finding.evidence["layer"] == "net.1"
    assert sum(" dead_units " in ln for ln in lines) == 1


def test_huge_learning_rate_names_the_first_module_that_overflowed_in_the_first_epoch(tmp_path) -> None:
    torch.manual_seed(0)
    lines: list[str] = []
    doc = DoctorCallback(stop_on=("nan_inf", "nonfinite_activations"), printer=lines.append)
    model = DigitsMLP(DigitsConfig(act="none"))  # two linear layers: with a huge step their weights grow each other
    trainer = _train(tmp_path, model, doc, _data(1200), epochs=3, lr=300.0, batch=64, optim="sgd",
                     optim_args="momentum=0.9", max_grad_norm=0)
    where = doc.recorder.first_seen("nonfinite_activations")
    assert where is not None and where.step is not None and where.step < 19  # inside the first epoch (19 steps)
    assert where.finding.evidence["where"] in ("forward", "weights")
    assert where.finding.evidence["module"] in {"net.0", "net.2"}
    assert doc.stopped is not None and trainer.state.global_step == where.step  # stopped at that very step
    assert sum(" nonfinite_activations " in ln and where.finding.evidence["module"] in ln for ln in lines) == 1


def test_a_layer_left_out_of_the_optimizer_is_found_frozen_during_training(tmp_path) -> None:
    torch.manual_seed(0)
    model = DigitsMLP(DigitsConfig())
    opt = torch.optim.AdamW(model.net[2].parameters(), lr=1e-2)  # net.0 gets gradients, but no optimizer applies them
    lines: list[str] = []
    doc = DoctorCallback(printer=lines.append, probe_every=5)
    trainer = _train(tmp_path, model, doc, _data(1200), epochs=3, lr=1e-2, batch=128, optimizers=(opt, None))
    frozen = doc.recorder.first_seen("frozen_parameters")
    assert frozen is not None and frozen.step is not None and frozen.step < trainer.state.global_step
    assert frozen.finding.evidence["layers"] == ["net.0"]
    assert frozen.finding.evidence["with_gradient"] == ["net.0"]
    assert sum(" frozen_parameters " in ln for ln in lines) == 1


def test_fp16_loss_scaling_skipped_steps_are_normal_not_non_finite(tmp_path) -> None:
    """fp16 as the Trainer runs it on a GPU: accelerate's GradScaler (started too high, so its first steps overflow
    and are skipped: normal AMP) and the default fused AdamW, which is stepped on skipped steps too and skips the
    update itself. accelerate builds no GradScaler on a CPU, so the test gives it the one it would build on a GPU;
    the scaling, unscaling, clipping and skipping are accelerate's and torch's own code."""
    torch.manual_seed(0)
    lines: list[str] = []
    doc = DoctorCallback(printer=lines.append)
    args = TrainingArguments(output_dir=str(tmp_path / "out"), num_train_epochs=10, learning_rate=1e-2,
                             per_device_train_batch_size=128, per_device_eval_batch_size=512, eval_strategy="epoch",
                             logging_strategy="steps", logging_steps=1, save_strategy="no", report_to=[],
                             use_cpu=True, disable_tqdm=True, seed=0, lr_scheduler_type="constant", fp16=True)
    train, val = _data(1200)
    trainer = Trainer(model=DigitsMLP(DigitsConfig()), args=args, train_dataset=train, eval_dataset=val,
                      callbacks=[doc])
    scaler = torch.amp.GradScaler("cpu", init_scale=2.0 ** 24)
    trainer.accelerator.scaler, trainer.accelerator.native_amp = scaler, True
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        trainer.train()
    assert getattr(trainer.optimizer.optimizer, "_step_supports_amp_scaling", False)  # the fused path was taken
    grad_norms = [h["grad_norm"] for h in trainer.state.log_history if "grad_norm" in h]
    assert not np.isfinite(grad_norms[0]) and scaler.get_scale() < 2.0 ** 24  # steps were skipped
    rep = doc.report()
    assert lines == [] and rep.verdict == "healthy", [f.message.en for f in rep.findings]
    assert float(rep.run.get("nonfinite").values.max()) == 0.0


def test_bf16_healthy_run_is_silent_and_probed(tmp_path) -> None:
    torch.manual_seed(0)
    lines: list[str] = []
    doc = DoctorCallback(printer=lines.append, probe_every=10)
    trainer = _train(tmp_path, DigitsMLP(DigitsConfig()), doc, _data(1200), epochs=10, lr=1e-2, batch=128, bf16=True)
    assert trainer.accelerator.mixed_precision == "bf16" and trainer.accelerator.native_amp  # autocast on the CPU
    rep = doc.report()
    assert lines == [] and rep.verdict == "healthy", [f.message.en for f in rep.findings]
    assert {"grad_norm/net.0", "dead_units/net.1", "update_ratio/net.2"} <= {s.key for s in rep.run.series}
    assert float(rep.run.get("nonfinite").values.max()) == 0.0
