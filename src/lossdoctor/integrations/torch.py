"""`Doctor`: live diagnosis for a plain PyTorch loop (one line per step, one per epoch), probes included.

    doc = Doctor(model)                       # before torch.compile(model); after wrapping in DDP is fine
    for epoch in range(epochs):
        for x, y in loader:
            opt.zero_grad(); loss = loss_fn(model(x), y); loss.backward(); opt.step()
            if doc.step(loss=loss, optimizer=opt).stop:
                break
        doc.epoch(val_loss=val_loss, val_acc=val_acc)
    doc.report()                              # the usual engine.Report; doc.write_report("run.html")

Losses stay on an accelerator and are read back every `every` steps with the sampled probe values (one copy); on
the CPU they are read at once (no copy to wait for). Between read-backs a step is a few counters in Python and the
probes' finiteness check; the recorder is fed at the read-back, its cheap rules within 0.2% of the CPU time. Under
torch.distributed every rank calls the same methods; values are gathered to rank 0, which diagnoses, prints and
writes, and its decision is broadcast so that all ranks stop (or cut the learning rate) together.
"""
from __future__ import annotations

import math
from contextlib import nullcontext
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

import torch
from torch import nn

from .. import probekeys
from ..config import Options
from ..engine import Report
from ..findings import Severity
from ..i18n import Lang
from .collectives import broadcast_object, gather_objects
from .probes import Located, ProbeConfig, Probes
from .recorder import CARRY_ON, Decision, Printer, Recorder, stderr_printer

_ALIASES = {"acc": "accuracy", "val_acc": "val_accuracy"}
# The share of the CPU time the cheap rules may take between epochs, at the read-backs (every `every` steps): a
# check reads the whole run so far, so on a long run it is put off to stay within this; a non-finite loss or
# gradient is checked at once whatever it costs. 0.2% of a step's 2% budget (docs/benchmarks.md, Live overhead).
CHECK_BUDGET = 0.002


def _rank_world() -> tuple[int, int]:
    if torch.distributed.is_available() and torch.distributed.is_initialized():
        return torch.distributed.get_rank(), torch.distributed.get_world_size()
    return 0, 1


def _scalar(v: Any) -> float | None:
    if v is None:
        return None
    if isinstance(v, torch.Tensor):
        return float(v.detach().float().mean()) if v.numel() else None
    return float(v)


def _keep(loss: torch.Tensor | float) -> torch.Tensor | float:
    """A loss to read back later: on the CPU its value now (`.item()` costs half a microsecond there, less than
    keeping a tensor, and there is no device to wait for); on an accelerator a detached tensor, read back with the
    others at the next flush (one copy for `every` steps, no sync per step)."""
    if not isinstance(loss, torch.Tensor):
        return float(loss)
    if loss.is_cpu:
        return loss.item() if loss.numel() == 1 else float(loss.detach().float().mean())
    return loss.detach()


class Doctor:
    """Watch a PyTorch model while it trains.

    Args:
        model: the model (a plain module, a DDP wrapper, or a not-yet-called `torch.compile` result).
        optimizer: optional here; `step(optimizer=...)` attaches it too. Gradient probes need it.
        every: steps between sampled probes and read-backs. Defaults to 100.
        probes: False for losses and metrics only, or a ProbeConfig.
        name, options, num_classes, stop_on, stop_on_overfitting, reduce_lr_on_plateau, printer, lang,
        announce_at: as for `Recorder`. The actions (stop, restore the best weights, lower the learning rate)
        are applied here, on the model and optimizers this Doctor knows, and only when asked for.
    """

    def __init__(self, model: nn.Module, *, optimizer: torch.optim.Optimizer | None = None, every: int = 100,
                 probes: bool | ProbeConfig = True, name: str = "torch", options: Options | None = None,
                 num_classes: int | None = None, stop_on: Iterable[str] = (), stop_on_overfitting: bool = False,
                 reduce_lr_on_plateau: float | None = None, printer: Printer | None = stderr_printer,
                 lang: Lang | None = None, announce_at: Severity = Severity.WARNING) -> None:
        self.rank, self.world = _rank_world()
        if options is None:
            options = Options(num_classes=num_classes)
        self.recorder = Recorder(name, options=options, stop_on=stop_on, stop_on_overfitting=stop_on_overfitting,
                                 reduce_lr_on_plateau=reduce_lr_on_plateau, printer=printer, lang=lang,
                                 check_every=1, announce_at=announce_at, rank=self.rank, fmt="pytorch",
                                 check_budget=CHECK_BUDGET)
        self.model = model
        self.every = every
        config = probes if isinstance(probes, ProbeConfig) else ProbeConfig(every=every)
        self.probes: Probes | None = Probes(model, config) if probes is not False else None
        self._optimizers: list[torch.optim.Optimizer] = []
        self._last_optimizer: torch.optim.Optimizer | None = None
        self._losses: list[torch.Tensor | float] = []
        self._loss_start = 0  # the step of _losses[0]
        self._epoch_losses: list[float] = []
        self._step = 0
        self._epoch = 0
        self._trips = 0
        self._located = False
        self._best: dict[str, torch.Tensor] | None = None
        self._stopped: Decision | None = None
        if optimizer is not None:
            self._attach(optimizer)

    # ---- the two calls a loop makes ------------------------------------------------------------------------
    def step(self, loss: torch.Tensor | float | None = None, optimizer: torch.optim.Optimizer | None = None, *,
             replay: Callable[[], torch.Tensor] | None = None, **metrics: Any) -> Decision:
        """Call once per training step, after `optimizer.step()`.

        replay: optional closure recomputing this batch's loss (`lambda: loss_fn(model(x), y)`); used only when
        a non-finite gradient appears, to name the module whose backward produced it.
        metrics: other step-level scalars (e.g. lr=...); read back with the losses.
        """
        if optimizer is not None and optimizer is not self._last_optimizer:
            self._attach(optimizer)
        if loss is not None:
            self._losses.append(_keep(loss))
        return self._advance(loss, replay, metrics)

    def _advance(self, loss: Any, replay: Callable[[], torch.Tensor] | None, metrics: Mapping[str, Any]
                 ) -> Decision:
        """End a step whose loss (if any) is already kept: the probes' per-step part, and a flush every `every`
        steps or on a trip. Between flushes this is a few attribute reads and counters, nothing else."""
        located = None
        p = self.probes
        if p is not None:
            if p.tripped:
                self._trips += 1
                located = self._locate(loss, replay) if not self._located else None
                p.tripped, p.trip_weights = False, None
            elif not self._optimizers and isinstance(loss, torch.Tensor) and not bool(torch.isfinite(loss).all()):
                self._trips += 1  # no optimizer hook: check the loss itself (a sync, only without an optimizer)
                located = self._locate(loss, replay) if not self._located else None
            p.after_step()
        self._step += 1
        if metrics:
            self.recorder.log_step(self._step - 1, {k: _scalar(v) for k, v in metrics.items()})
        if located is not None or self._step % self.every == 0:
            return self._flush(located)
        return self._stopped or CARRY_ON

    def epoch(self, loss: Any = None, val_loss: Any = None, acc: Any = None, val_acc: Any = None,
              **metrics: Any) -> Decision:
        """Call once per epoch with what was measured (validation loss and metrics; the training loss defaults
        to the mean of the step losses of this epoch). Returns the decision, already applied."""
        d = self._flush(None)
        if d.stop:
            return self._apply(d)
        values: dict[str, float | None] = {"loss": _scalar(loss), "val_loss": _scalar(val_loss),
                                          "accuracy": _scalar(acc), "val_accuracy": _scalar(val_acc)}
        values.update({_ALIASES.get(k, k): _scalar(v) for k, v in metrics.items()})
        if values["loss"] is None and self._epoch_losses:
            values["loss"] = float(sum(self._epoch_losses) / len(self._epoch_losses))
        self._epoch_losses = []
        values = self._gather_epoch(values)
        d = self.recorder.epoch_end(self._epoch, values) if self.rank == 0 else CARRY_ON
        d = self._broadcast(d)
        self._epoch += 1
        return self._apply(d)

    # ---- results -------------------------------------------------------------------------------------------
    def report(self) -> Report:
        """The diagnosis so far (rank 0 holds the run's; other ranks return theirs, which has no data).

        Under torch.distributed it covers what was gathered up to the last read-back (every `every` steps and at
        each epoch): reading back here would need every rank, and a report is often asked on rank 0 alone."""
        if self.world == 1:
            self._flush(None)
        return self.recorder.report()

    def write_report(self, path: str | Path, fmt: str | None = None, lang: Lang | None = None) -> Path | None:
        """Write the report (rank 0 only; format from the suffix or `fmt`)."""
        if self.world == 1:
            self._flush(None)
        return self.recorder.write_report(path, fmt, lang)

    @property
    def announced(self):  # type: ignore[no-untyped-def]
        return self.recorder.announced

    def close(self) -> None:
        """Remove the probe hooks (after training)."""
        if self.probes is not None:
            self.probes.close()

    # ---- internals -----------------------------------------------------------------------------------------
    def _attach(self, optimizer: torch.optim.Optimizer) -> None:
        self._last_optimizer = optimizer
        if not any(o is optimizer for o in self._optimizers):
            self._optimizers.append(optimizer)
            if self.probes is not None:
                self.probes.attach(optimizer)

    def _locate(self, loss: Any, replay: Callable[[], torch.Tensor] | None) -> Located | None:
        assert self.probes is not None
        self._located = True  # the first origin is the one that matters: after it, everything is NaN
        no_sync = getattr(self.model, "no_sync", None)
        with (no_sync() if callable(no_sync) and replay is not None else nullcontext()):
            return self.probes.locate(loss if isinstance(loss, torch.Tensor) else None, replay)

    def _flush(self, located: Located | None) -> Decision:
        if not self._losses and located is None and not self._trips and (self.probes is None
                                                                          or not self.probes.has_values()):
            return self._stopped or CARRY_ON  # nothing new (the same on every rank: the schedule is shared)
        if self._losses and all(isinstance(v, torch.Tensor) for v in self._losses):
            losses = torch.stack([v.float().mean() if v.numel() != 1 else v.float().reshape(())  # type: ignore
                                  for v in self._losses]).cpu().tolist()
        else:
            losses = [float(v) for v in self._losses]
        start = self._step - len(losses)
        self._losses = []
        values = self.probes.take() if self.probes is not None else {}
        mine = (losses, values, located, self._trips)
        self._trips = 0
        if self.world > 1:
            gathered: list[Any] = gather_objects(mine)
        else:
            gathered = [mine]
        if self.rank == 0:
            self._record(start, gathered)
            d = self.recorder.step_end(self._step - 1) if (losses or values or located) else CARRY_ON
        else:
            d = CARRY_ON
        d = self._broadcast(d)
        self._epoch_losses.extend(x for x in losses)
        return self._apply(d)

    def _record(self, start: int, gathered: list[Any]) -> None:
        """Rank 0: average the ranks' values; keep one rank's non-finite values under its own key."""
        rec = self.recorder
        if self.world == 1:  # one process: its losses in one call
            rec.log_steps("loss", range(start, start + len(gathered[0][0])), gathered[0][0])
        else:
            for i in range(max(len(g[0]) for g in gathered)):
                per_rank = [g[0][i] for g in gathered if i < len(g[0])]
                rec.log_step(start + i, {"loss": sum(per_rank) / len(per_rank)})
                for r, v in enumerate(per_rank):
                    if not math.isfinite(v):
                        rec.log_step(start + i, {probekeys.key("nonfinite", where="loss", rank=r): 1.0})
        for at in sorted({s for g in gathered for s in g[1]}):
            per_rank = [g[1][at] for g in gathered if at in g[1]]
            keys = dict.fromkeys(k for values in per_rank for k in values)
            rec.log_step(at, {k: sum(v[k] for v in per_rank if k in v) / sum(1 for v in per_rank if k in v)
                              for k in keys})
        step = self._step - 1
        rec.log_step(step, {probekeys.key("nonfinite"): float(max(g[3] for g in gathered))})
        for r, g in enumerate(gathered):
            loc: Located | None = g[2]
            if loc is None:
                continue
            key = probekeys.key("nonfinite", loc.module, where=loc.where, rank=r if self.world > 1 else None)
            rec.log_step(step, {key: 1.0 if math.isnan(loc.share) else max(loc.share, 1e-12)})

    def _gather_epoch(self, values: Mapping[str, float | None]) -> dict[str, float | None]:
        if self.world == 1:
            return dict(values)
        gathered: list[Any] = gather_objects(dict(values))
        out: dict[str, float | None] = {}
        for k in values:
            xs = [g[k] for g in gathered if g.get(k) is not None]
            out[k] = sum(xs) / len(xs) if xs else None
        return out

    def _broadcast(self, d: Decision) -> Decision:
        if self.world == 1:
            return d
        return broadcast_object(d if self.rank == 0 else None, src=0)

    def _apply(self, d: Decision) -> Decision:
        """Carry out what the user allowed: keep/restore the best weights, lower the learning rate."""
        if self._stopped is not None:
            return self._stopped
        root = self.probes.root if self.probes is not None else self.model
        if d.snapshot_best:
            self._best = {k: v.detach().clone() for k, v in root.state_dict().items()}
        if d.lr_factor:
            for opt in self._optimizers:
                for group in opt.param_groups:
                    group["lr"] = group["lr"] * d.lr_factor
        if d.stop:
            if d.restore_best and self._best is not None:
                root.load_state_dict(self._best)
            self._stopped = Decision(stop=True, reason=d.reason, restore_best=d.restore_best,
                                     best_epoch=d.best_epoch)
        return d
