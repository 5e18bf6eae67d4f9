"""Lightning 2 DoctorCallback: real Trainer runs on scikit-learn digits; findings appear during training."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pl = pytest.importorskip("lightning.pytorch")

from sklearn.datasets import load_digits  # noqa: E402

from lossdoctor.lightning import DoctorCallback  # noqa: E402


class Net(pl.LightningModule):
    def __init__(self, hidden: int = 32, lr: float = 1e-2, regression: bool = False, sgd: bool = False,
                 momentum: float = 0.0, act: str | None = None) -> None:
        super().__init__()
        self.regression, self.lr, self.sgd, self.momentum = regression, lr, sgd, momentum
        act = {"relu": torch.nn.ReLU, "tanh": torch.nn.Tanh, "none": torch.nn.Identity}[
            act or ("tanh" if regression else "relu")]()
        self.net = torch.nn.Sequential(torch.nn.Linear(64, hidden), act, torch.nn.Linear(hidden, 1 if regression else 10))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)

    def _loss(self, batch: tuple) -> tuple:
        x, y = batch
        out = self(x)
        if self.regression:
            return torch.nn.functional.mse_loss(out.squeeze(1), y.float()), None
        return torch.nn.functional.cross_entropy(out, y), (out.argmax(1) == y).float().mean()

    def training_step(self, batch: tuple, batch_idx: int) -> torch.Tensor:
        loss, _ = self._loss(batch)
        self.log("train_loss", loss, on_step=False, on_epoch=True)
        return loss

    def validation_step(self, batch: tuple, batch_idx: int) -> None:
        loss, acc = self._loss(batch)
        self.log("val_loss", loss)
        if acc is not None:
            self.log("val_acc", acc)

    def configure_optimizers(self) -> torch.optim.Optimizer:
        params = self.net[2].parameters() if getattr(self, "only_last", False) else self.parameters()
        if self.sgd:
            return torch.optim.SGD(params, lr=self.lr, momentum=self.momentum)
        return torch.optim.Adam(params, lr=self.lr)


def _loaders(n_train: int, scale: float = 1 / 16, batch: int = 64) -> tuple:
    x, y = load_digits(return_X_y=True)
    idx = np.random.default_rng(0).permutation(len(x))
    xt = torch.tensor(x[idx] * scale, dtype=torch.float32)
    yt = torch.tensor(y[idx])
    train = torch.utils.data.TensorDataset(xt[:n_train], yt[:n_train])
    val = torch.utils.data.TensorDataset(xt[1400:], yt[1400:])
    g = torch.Generator().manual_seed(0)
    return (torch.utils.data.DataLoader(train, batch_size=batch, shuffle=True, generator=g),
            torch.utils.data.DataLoader(val, batch_size=512))


def _fit(module: pl.LightningModule, doc: DoctorCallback, epochs: int, loaders: tuple) -> pl.Trainer:
    trainer = pl.Trainer(max_epochs=epochs, callbacks=[doc], logger=False, enable_checkpointing=False,
                         enable_progress_bar=False, enable_model_summary=False, accelerator="cpu", devices=1,
                         num_sanity_val_steps=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        trainer.fit(module, *loaders)
    return trainer


def test_nan_from_a_huge_learning_rate_stops_training_in_its_epoch() -> None:
    pl.seed_everything(0, verbose=False)
    lines: list[str] = []
    doc = DoctorCallback(stop_on=("nan_inf",), printer=lines.append)
    trainer = _fit(Net(regression=True, lr=0.1, sgd=True), doc, 20, _loaders(1200, scale=1.0))
    seen = doc.recorder.first_seen("nan_inf")
    assert seen is not None and seen.step is not None and seen.step < 2 * 19
    assert doc.stopped is not None and trainer.current_epoch <= 2 < 20
    assert sum("nan_inf" in ln for ln in lines) == 1


def test_overfitting_on_50_samples_stops_and_restores_the_best_weights() -> None:
    pl.seed_everything(0, verbose=False)
    doc = DoctorCallback(stop_on_overfitting=True, printer=None)
    module = Net(hidden=256, lr=1e-2)
    loaders = _loaders(50, batch=25)
    trainer = _fit(module, doc, 80, loaders)
    seen = doc.recorder.first_seen("overfitting")
    assert seen is not None and seen.epoch is not None and seen.epoch < 79
    assert doc.stopped is not None and trainer.current_epoch < 79
    run = doc.recorder.run()
    val = run.get("val_loss")
    assert doc.restored_epoch is not None and val is not None
    best = float(val.values[np.searchsorted(val.steps, doc.restored_epoch)])
    assert best == pytest.approx(float(np.nanmin(val.values)))
    x, y = loaders[1].dataset.tensors
    with torch.no_grad():
        restored = float(torch.nn.functional.cross_entropy(module.net(x), y))
    assert restored == pytest.approx(best, rel=1e-4) and restored < val.values[-1]


def test_healthy_run_announces_nothing(tmp_path) -> None:
    pl.seed_everything(0, verbose=False)
    lines: list[str] = []
    report = tmp_path / "report.md"
    doc = DoctorCallback(stop_on=("nan_inf", "divergence"), stop_on_overfitting=True, printer=lines.append,
                         report_path=report)
    trainer = _fit(Net(lr=1e-2), doc, 10, _loaders(1200, batch=128))
    assert lines == [] and doc.stopped is None and trainer.current_epoch == 10
    assert doc.report().verdict == "healthy"
    assert "val_loss" in report.read_text()


def test_dead_relu_initialisation_is_named_by_the_probes_during_training() -> None:
    pl.seed_everything(0, verbose=False)
    module = Net(lr=1e-2)
    with torch.no_grad():
        module.net[0].bias.fill_(-20.0)  # every hidden ReLU starts (and stays) at zero
    lines: list[str] = []
    doc = DoctorCallback(printer=lines.append, probe_every=5)
    trainer = _fit(module, doc, 3, _loaders(1200, batch=128))
    dead = doc.recorder.first_seen("dead_units")
    assert dead is not None and dead.step is not None and dead.step <= 20 < trainer.global_step  # the 2nd of 3 epochs
    assert dead.finding.evidence["layer"] == "net.1"
    assert sum(" dead_units " in ln for ln in lines) == 1


def test_probes_off_records_no_probe_series() -> None:
    pl.seed_everything(0, verbose=False)
    doc = DoctorCallback(printer=None, probes=False)
    _fit(Net(lr=1e-2), doc, 1, _loaders(300, batch=128))
    assert {s.key for s in doc.recorder.run().series} <= {"loss", "train_loss", "val_loss", "val_acc", "lr"}


def test_a_layer_left_out_of_the_optimizer_is_found_frozen_during_training() -> None:
    pl.seed_everything(0, verbose=False)
    module = Net(lr=1e-2)
    module.only_last = True  # net.0 keeps requires_grad=True and gets gradients, but no optimizer updates it
    lines: list[str] = []
    doc = DoctorCallback(printer=lines.append, probe_every=5)
    trainer = _fit(module, doc, 3, _loaders(1200, batch=128))
    frozen = doc.recorder.first_seen("frozen_parameters")
    assert frozen is not None and frozen.step is not None and frozen.step < trainer.global_step
    assert frozen.finding.evidence["layers"] == ["net.0"]
    assert sum(" frozen_parameters " in ln for ln in lines) == 1


def test_huge_learning_rate_names_the_first_module_that_overflowed_in_the_first_epoch() -> None:
    pl.seed_everything(0, verbose=False)
    lines: list[str] = []
    doc = DoctorCallback(stop_on=("nan_inf", "nonfinite_activations"), printer=lines.append)
    module = Net(lr=300.0, sgd=True, momentum=0.9, act="none")  # two linear layers: the weights grow each other
    trainer = _fit(module, doc, 3, _loaders(1200))
    where = doc.recorder.first_seen("nonfinite_activations")
    assert where is not None and where.step is not None and where.step < 19  # inside the first epoch (19 steps)
    assert where.finding.evidence["where"] in ("forward", "weights")
    assert where.finding.evidence["module"] in {"net.0", "net.2"}
    assert doc.stopped is not None and trainer.global_step == where.step  # stopped at that very step
    assert sum(" nonfinite_activations " in ln and where.finding.evidence["module"] in ln for ln in lines) == 1


def _fit_with(module: pl.LightningModule, doc: DoctorCallback, epochs: int, loaders: tuple, **trainer_kw: object
              ) -> pl.Trainer:
    trainer = pl.Trainer(max_epochs=epochs, callbacks=[doc], logger=False, enable_checkpointing=False,
                         enable_progress_bar=False, enable_model_summary=False, accelerator="cpu", devices=1,
                         num_sanity_val_steps=0, **trainer_kw)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        trainer.fit(module, *loaders)
    return trainer


def test_fp16_loss_scaling_skipped_steps_are_normal_not_non_finite() -> None:
    """16-mixed with a GradScaler started too high: its first steps overflow to inf and are skipped (normal AMP).
    Lightning calls on_before_optimizer_step on those steps too, with the inf gradients: they must not count."""
    from lightning.pytorch.plugins.precision import MixedPrecision

    pl.seed_everything(0, verbose=False)
    lines: list[str] = []
    doc = DoctorCallback(printer=lines.append, probe_every=5)
    scaler = torch.amp.GradScaler("cpu", init_scale=2.0 ** 24)
    _fit_with(Net(lr=1e-2), doc, 6, _loaders(1200, batch=128),
              plugins=[MixedPrecision("16-mixed", "cpu", scaler=scaler)])
    assert scaler.get_scale() < 2.0 ** 24  # steps were skipped for inf gradients
    rep = doc.report()
    assert lines == [] and rep.verdict == "healthy", [f.message.en for f in rep.findings]
    run = rep.run
    assert float(run.get("nonfinite").values.max()) == 0.0
    assert "grad_norm/net.0" in {s.key for s in run.series}  # the probes ran on the steps that were applied
    assert np.isfinite(run.get("grad_norm").values).all()


def test_bf16_mixed_healthy_run_is_silent_and_probed() -> None:
    pl.seed_everything(0, verbose=False)
    lines: list[str] = []
    doc = DoctorCallback(printer=lines.append, probe_every=5)
    _fit_with(Net(lr=1e-2), doc, 6, _loaders(1200, batch=128), precision="bf16-mixed")
    rep = doc.report()
    assert lines == [] and rep.verdict == "healthy", [f.message.en for f in rep.findings]
    keys = {s.key for s in rep.run.series}
    assert {"grad_norm/net.0", "dead_units/net.1", "update_ratio/net.2"} <= keys
    assert float(rep.run.get("nonfinite").values.max()) == 0.0
