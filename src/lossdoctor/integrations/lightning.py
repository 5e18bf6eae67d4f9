"""Lightning 2 adapter: `Trainer(callbacks=[DoctorCallback()])` diagnoses the run while it trains.

Each training step's loss (from `training_step`'s output) feeds the cheap step check, with the torch probes'
values (per-layer gradient norms, update ratios, dead and saturated units, the first non-finite module: see
`torchprobes.py`; `probes=False` turns them off; the activation probes need the module's `forward` to be what
`training_step` calls, as in `self(x)`); at each epoch end the metrics the module logged (`trainer.callback_metrics`: train `_epoch` means and
validation metrics) get the full diagnosis. Decisions go through Lightning's channels: `trainer.should_stop`, the
module's `load_state_dict`, the optimizers' param groups. Under DDP every rank records; rank 0 prints and writes,
and rank 0's decision is broadcast so that all ranks stop together; what a rank's probes found non-finite is
gathered to rank 0 at those meetings and reported with its rank (`adapter.RankEvidence`).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

import lightning.pytorch as pl
import torch

from ..findings import Severity
from ..i18n import Lang
from .adapter import RankEvidence, TorchWeights, numbers, scale_torch_lr, settings
from .context_fill import lightning_context
from .collectives import broadcast_object
from .torchprobes import ProbeFeed
from .recorder import CARRY_ON, Decision, Printer, Recorder, Report, stderr_printer


class DoctorCallback(pl.Callback):
    """Live diagnosis for a Lightning `Trainer`.

    Args: as `lossdoctor.keras.DoctorCallback` (name, stop_on, stop_on_overfitting, reduce_lr_on_plateau,
    report_path, report_format, printer, lang, check_every, announce_at, and diagnosis options), plus
    probes: probe the module's gradients, updates and activations (default True), every `probe_every` steps.
    An EarlyStopping, or a ModelCheckpoint monitoring a metric, among the Trainer's callbacks fills
    `best_checkpoint` (context_fill.py), unless given.
    """

    def __init__(self, name: str | None = None, *, stop_on: Iterable[str] = (), stop_on_overfitting: bool = False,
                 reduce_lr_on_plateau: float | None = None, report_path: str | Path | None = None,
                 report_format: str | None = None, printer: Printer | None = stderr_printer,
                 lang: Lang | None = None, check_every: int = 50, announce_at: Severity | str = Severity.WARNING,
                 probes: bool = True, probe_every: int = 100, **options: Any) -> None:
        super().__init__()
        self.use_probes, self.probe_every = probes, probe_every
        self.probes: ProbeFeed | None = None
        self._stepped: Any = None
        self._scaled = False
        self._held: Decision | None = None
        self._evidence = RankEvidence()
        self.settings = settings(name, stop_on, stop_on_overfitting, reduce_lr_on_plateau, report_path,
                                 report_format, printer, lang, check_every, announce_at, options)
        self.recorder: Recorder | None = None
        self.stopped: Decision | None = None
        self.stopped_epoch: int | None = None
        self.restored_epoch: float | None = None
        self._weights = TorchWeights()

    def on_fit_start(self, trainer: pl.Trainer, pl_module: pl.LightningModule) -> None:
        self.recorder = self.settings.recorder(type(pl_module).__name__, trainer.global_rank, "lightning",
                                               lightning_context(trainer))
        self.stopped = self.stopped_epoch = self.restored_epoch = None
        self._weights = TorchWeights()
        lrs = [g["lr"] for opt in trainer.optimizers for g in opt.param_groups]
        if lrs:
            self.recorder.set_hparams(lr=lrs[0])
        if self.use_probes and self.probes is None:
            # Gradients are read in on_before_optimizer_step, except under a GradScaler (16-mixed): Lightning calls
            # that hook also on the steps the scaler then skips (inf gradients from loss scaling, normal AMP), so
            # there the optimizers' own step hooks read them: the scaler steps an optimizer only when it applies
            # the update, after unscaling.
            self._scaled = getattr(trainer.strategy.precision_plugin, "scaler", None) is not None
            self.probes = ProbeFeed(pl_module, trainer.optimizers if self._scaled else [], self.probe_every)

    def on_before_optimizer_step(self, trainer: pl.Trainer, pl_module: pl.LightningModule, optimizer: Any) -> None:
        if self.probes is not None and not self._scaled:
            self.probes.before_update(optimizer)
            self._stepped = optimizer

    def on_train_batch_end(self, trainer: pl.Trainer, pl_module: pl.LightningModule, outputs: Any, batch: Any,
                           batch_idx: int) -> None:
        assert self.recorder is not None
        loss = outputs.get("loss") if isinstance(outputs, dict) else outputs
        values = {"loss": float(loss.detach())} if isinstance(loss, torch.Tensor) and loss.numel() == 1 else {}
        if self.probes is not None:
            if self._stepped is not None:
                self.probes.after_update(self._stepped)
                self._stepped = None
            values.update(self.probes.after_step(loss))
            if trainer.world_size > 1:
                values = self._evidence.keep(trainer.global_step, values)
        d = self.recorder.step_end(trainer.global_step, values or None)
        scheduled = (trainer.global_step % self.settings.check_every) == 0
        self._act(trainer, pl_module, self._agree(trainer, d, scheduled))

    def on_train_epoch_end(self, trainer: pl.Trainer, pl_module: pl.LightningModule) -> None:
        assert self.recorder is not None
        if trainer.sanity_checking:
            return
        values = {k: v for k, v in numbers(trainer.callback_metrics).items() if not k.endswith("_step")}
        lrs = [g["lr"] for opt in trainer.optimizers for g in opt.param_groups]
        if lrs:
            values.setdefault("lr", float(lrs[0]))
        d = self.recorder.epoch_end(trainer.current_epoch, values)
        self._act(trainer, pl_module, self._agree(trainer, d, True))

    def on_fit_end(self, trainer: pl.Trainer, pl_module: pl.LightningModule) -> None:
        if self.probes is not None:
            self.probes.close()
            self.probes = None
        if self.recorder is not None and self.settings.report_path is not None:
            self.recorder.write_report(self.settings.report_path, self.settings.report_format)

    # ---- decisions -------------------------------------------------------------------------------------
    def _agree(self, trainer: pl.Trainer, d: Decision, scheduled: bool) -> Decision:
        """Rank 0's decision on every rank (a rank must never stop or cut its LR alone). Ranks meet only at points
        they all reach together (every `check_every` steps and each epoch end); a decision made in between is held
        until the next one."""
        if trainer.world_size == 1:
            return d
        if (d.stop or d.lr_factor is not None or d.snapshot_best) and self._held is None:
            self._held = d
        if not scheduled:
            return CARRY_ON
        if self._evidence.gather(self.recorder, trainer.global_rank, trainer.world_size) and self.stopped is None:
            late = self.recorder.check(full=False)  # rank 0: the ranks' non-finite evidence, with their ranks
            if (late.stop or late.lr_factor is not None) and self._held is None:
                self._held = late
        mine, self._held = self._held or d, None
        if torch.distributed.is_available() and torch.distributed.is_initialized():
            return broadcast_object(mine, src=0)  # no tensor left for a gloo thread to free (collectives.py)
        return trainer.strategy.broadcast(mine, src=0)

    def _act(self, trainer: pl.Trainer, pl_module: pl.LightningModule, d: Decision) -> None:
        epoch = float(trainer.current_epoch)
        if d.snapshot_best or (d.restore_best and self.stopped is None):
            if self._weights.apply(pl_module, d, epoch):
                self.restored_epoch = self._weights.epoch
        if d.lr_factor is not None:
            scale_torch_lr(trainer.optimizers, d.lr_factor,
                           [c.scheduler for c in trainer.lr_scheduler_configs])
        if d.stop and self.stopped is None:
            self.stopped, self.stopped_epoch = d, trainer.current_epoch
            trainer.should_stop = True

    def report(self) -> Report:
        """The diagnosis of everything recorded (the same Report as `lossdoctor.diagnose`)."""
        if self.recorder is None:
            raise RuntimeError("DoctorCallback.report(): training has not started")
        return self.recorder.report()


__all__ = ["DoctorCallback"]
