"""Keras 3 adapter: `model.fit(..., callbacks=[DoctorCallback()])` diagnoses the run while it trains.

Batch logs carry Keras's running mean of the epoch's loss: only a non-finite one is recorded (at the batch
that produced it, checked at once); epoch logs (loss, metrics, val_*) get the full diagnosis. Decisions go through
Keras's own channels: `model.stop_training`, `set_weights`, the optimizer's learning-rate variable.

On the torch backend the callback also runs the torch probes (the same code as `lossdoctor.torch.Doctor`, see
`kerasprobes.py`): per-layer gradient norms, update-to-weight ratios, dead ReLU and saturated sigmoid/tanh units,
activation scale by depth, layers that never change, and the first layer that produced a non-finite value, named
by its Keras path. On the TensorFlow and JAX backends there is nothing torch can hook: the probes are off there
and only the logged curves are diagnosed.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Iterable, Mapping

import keras

from ..findings import Severity
from ..i18n import Lang, Text
from .adapter import numbers, settings
from .context_fill import keras_context
from .kerasprobes import KerasProbes, supported
from .recorder import Decision, Printer, Recorder, Report, stderr_printer

_JIT_NOTICE = Text("lossdoctor: probes are off under jit_compile=True (they would break the compiled train step); "
                   "the logged curves are still diagnosed",
                   "lossdoctor：jit_compile=True 时探针关闭（否则会打断编译后的训练步）；仍会诊断记录的曲线")


class DoctorCallback(keras.callbacks.Callback):
    """Live diagnosis for `model.fit`.

    Args:
        name: the run's name in reports (default: the model's name).
        stop_on: finding names that stop training, e.g. ("nan_inf", "divergence").
        stop_on_overfitting: stop when overfitting is confirmed and restore the best epoch's weights.
        reduce_lr_on_plateau: multiply the learning rate by this factor when a plateau starts.
        report_path / report_format: write the final report there when training ends (format from the suffix).
        printer: called with one line per new finding (stderr by default; None: silent).
        lang, check_every, announce_at: see `Recorder`.
        probes: run the gradient, update and activation probes every `probe_every` batches (torch backend only,
            and not under `jit_compile=True`, which would compile them into the train step: there they are off).
        Other keyword arguments are diagnosis options (num_classes, select, ignore, task, loss, fine_tune,
            best_checkpoint). The compiled loss fills `loss`, and an EarlyStopping or ModelCheckpoint(save_best_only=True)
            in the same fit fills `best_checkpoint` (context_fill.py), unless given here.
    """

    def __init__(self, name: str | None = None, *, stop_on: Iterable[str] = (), stop_on_overfitting: bool = False,
                 reduce_lr_on_plateau: float | None = None, report_path: str | Path | None = None,
                 report_format: str | None = None, printer: Printer | None = stderr_printer,
                 lang: Lang | None = None, check_every: int = 50, announce_at: Severity | str = Severity.WARNING,
                 probes: bool = True, probe_every: int = 100, **options: Any) -> None:
        super().__init__()
        self.use_probes, self.probe_every = probes, probe_every
        self.probes: KerasProbes | None = None
        self.settings = settings(name, stop_on, stop_on_overfitting, reduce_lr_on_plateau, report_path,
                                 report_format, printer, lang, check_every, announce_at, options)
        self.recorder: Recorder | None = None
        self.stopped: Decision | None = None
        self.stopped_epoch: int | None = None
        self.restored_epoch: float | None = None
        self._best: list[Any] | None = None
        self._best_epoch: float | None = None
        self._step = 0
        self._epoch = 0

    # ---- Keras events ----------------------------------------------------------------------------------
    def on_train_begin(self, logs: Mapping[str, Any] | None = None) -> None:
        self.recorder = self.settings.recorder(getattr(self.model, "name", None) or "keras", 0, "keras",
                                               keras_context(self.model, self))
        self.stopped = self.stopped_epoch = self.restored_epoch = None
        self._best = None
        self._step = 0
        lr = self._lr()
        if lr is not None:
            self.recorder.set_hparams(lr=lr)
        if self.use_probes and self.probes is None and supported():
            if getattr(self.model, "jit_compile", False) is True:
                # torch.compile of Keras's train step would trace the probes (run in the optimizer's apply) and break
                # its graph at each read-back: under jit_compile only the curves are diagnosed
                if self.settings.printer is not None:
                    self.settings.printer(_JIT_NOTICE.get(self.recorder.lang))
            else:
                self.probes = KerasProbes(self.model, self.probe_every)

    def on_epoch_begin(self, epoch: int, logs: Mapping[str, Any] | None = None) -> None:
        self._epoch = epoch

    def on_train_batch_end(self, batch: int, logs: Mapping[str, Any] | None = None) -> None:
        assert self.recorder is not None
        self._step += 1
        loss = numbers(logs or {}).get("loss")
        # Batch logs hold the epoch's running mean: its saw-tooth across epochs is no curve to judge, so only a
        # non-finite value is recorded (it marks the batch where the loss broke); epochs carry the curve.
        bad = loss is not None and not math.isfinite(loss)
        values = {"loss": loss} if bad else {}
        if self.probes is not None:
            values.update(self.probes.after_batch())
        self._act(self.recorder.step_end(self._step, values or None))

    def on_epoch_end(self, epoch: int, logs: Mapping[str, Any] | None = None) -> None:
        assert self.recorder is not None
        values = numbers(logs or {})
        if "learning_rate" not in values and "lr" not in values:
            lr = self._lr()
            if lr is not None:
                values["learning_rate"] = lr
        self._act(self.recorder.epoch_end(epoch, values))

    def on_train_end(self, logs: Mapping[str, Any] | None = None) -> None:
        if self.probes is not None:
            self.probes.close()
            self.probes = None
        if self.recorder is not None and self.settings.report_path is not None:
            self.recorder.write_report(self.settings.report_path, self.settings.report_format)

    # ---- applying decisions ----------------------------------------------------------------------------
    def _act(self, d: Decision) -> None:
        if d.snapshot_best:
            self._best, self._best_epoch = self.model.get_weights(), d.best_epoch if d.best_epoch is not None \
                else float(self._epoch)
        if d.lr_factor is not None:
            self._scale_lr(d.lr_factor)
        if d.stop and self.stopped is None:
            self.stopped, self.stopped_epoch = d, self._epoch
            self.model.stop_training = True
            if d.restore_best and self._best is not None:
                self.model.set_weights(self._best)
                self.restored_epoch = self._best_epoch

    def _lr(self) -> float | None:
        opt = getattr(self.model, "optimizer", None)
        lr = getattr(opt, "learning_rate", None)
        try:
            return float(keras.ops.convert_to_numpy(lr))
        except (TypeError, ValueError, AttributeError):
            return None

    def _scale_lr(self, factor: float) -> None:
        var = getattr(getattr(self.model, "optimizer", None), "learning_rate", None)
        if hasattr(var, "assign"):  # a schedule (LearningRateSchedule) owns its value: it is left alone
            var.assign(float(keras.ops.convert_to_numpy(var)) * factor)

    # ---- results ---------------------------------------------------------------------------------------
    def report(self) -> Report:
        """The diagnosis of everything recorded (the same Report as `lossdoctor.diagnose`)."""
        if self.recorder is None:
            raise RuntimeError("DoctorCallback.report(): training has not started")
        return self.recorder.report()
