"""What the Keras, Lightning and HF adapters share: their settings, and applying a Decision to torch objects.

An adapter only translates: framework events become `Recorder` calls, and the recorder's `Decision` becomes
the framework's own stop/restore/LR channel. The diagnosis is the recorder's (the same engine as the CLI).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from ..config import Options
from ..findings import Severity
from ..i18n import Lang
from .recorder import Decision, Printer, Recorder, stderr_printer


@dataclass
class Settings:
    """The arguments every DoctorCallback takes (see each adapter's docstring)."""

    name: str | None = None
    stop_on: tuple[str, ...] = ()
    stop_on_overfitting: bool = False
    reduce_lr_on_plateau: float | None = None
    report_path: str | Path | None = None
    report_format: str | None = None
    printer: Printer | None = stderr_printer
    lang: Lang | None = None
    check_every: int = 50
    announce_at: Severity = Severity.WARNING
    options: Mapping[str, Any] = field(default_factory=dict)

    def recorder(self, default_name: str, rank: int, fmt: str, stated: Mapping[str, Any] | None = None) -> Recorder:
        """The run's recorder; `stated` is the context the framework knows (context_fill.py), under the user's."""
        from .context_fill import merged

        return Recorder(self.name or default_name, options=Options(**merged(stated or {}, self.options)),
                        stop_on=self.stop_on,
                        stop_on_overfitting=self.stop_on_overfitting,
                        reduce_lr_on_plateau=self.reduce_lr_on_plateau, printer=self.printer, lang=self.lang,
                        check_every=self.check_every, announce_at=self.announce_at, rank=rank, fmt=fmt)


def settings(name: str | None, stop_on: Iterable[str], stop_on_overfitting: bool, reduce_lr_on_plateau: float | None,
             report_path: str | Path | None, report_format: str | None, printer: Printer | None,
             lang: Lang | None, check_every: int, announce_at: Severity | str, options: Mapping[str, Any]) -> Settings:
    """Validate the shared arguments once, at construction (a wrong stop_on fails before training starts)."""
    level = Severity.parse(announce_at) if isinstance(announce_at, str) else announce_at
    s = Settings(name, tuple(stop_on), stop_on_overfitting, reduce_lr_on_plateau, report_path, report_format,
                 printer, lang, check_every, level, dict(options))
    s.recorder("check", 1, "live")  # raises UsageError on a bad stop_on / factor / option
    return s


def numbers(values: Mapping[str, Any]) -> dict[str, float]:
    """The scalar entries of a framework's log dict as floats (0-d tensors included; text and arrays dropped)."""
    out: dict[str, float] = {}
    for key, v in values.items():
        if hasattr(v, "numel") and v.numel() != 1:
            continue
        try:
            out[str(key)] = float(v.detach() if hasattr(v, "detach") else v)
        except (TypeError, ValueError):
            continue
    return out


class TorchWeights:
    """The best epoch's weights of a torch module, kept on the CPU, restored when overfitting stops training."""

    def __init__(self) -> None:
        self.state: dict[str, Any] | None = None
        self.epoch: float | None = None

    def apply(self, module: Any, d: Decision, epoch: float) -> bool:
        """Snapshot or restore as the decision says; True when weights were restored."""
        if d.snapshot_best:
            self.state = {k: v.detach().to("cpu", copy=True) for k, v in module.state_dict().items()}
            self.epoch = epoch
        if d.restore_best and self.state is not None:
            module.load_state_dict(copy.deepcopy(self.state))
            return True
        return False


def scale_torch_lr(optimizers: Iterable[Any], factor: float, schedulers: Iterable[Any] = ()) -> None:
    """Multiply every param group's learning rate, and the base LRs a scheduler recomputes it from."""
    for opt in optimizers:
        for group in opt.param_groups:
            group["lr"] = group["lr"] * factor
            if "initial_lr" in group:
                group["initial_lr"] = group["initial_lr"] * factor
    for sched in schedulers:
        if hasattr(sched, "base_lrs"):
            sched.base_lrs = [lr * factor for lr in sched.base_lrs]


class RankEvidence:
    """Under torch.distributed (Lightning, HF): each rank's own non-finite evidence, reported with its rank.

    Every rank records its own values, and only rank 0 diagnoses; a NaN on rank 1 reaches rank 0 only as the
    all-reduced gradient (and the weights one update later), where rank 0's probe replay finds nothing of its own.
    So a rank keeps what its probes found (the gradient trip count and the module its replay named) instead of
    recording it, and at each meeting point (where the ranks already exchange the decision) the ranks' evidence is
    gathered to rank 0, which records it under each rank's key (`nonfinite/forward/fc2@rank1`), then decides.
    """

    def __init__(self) -> None:
        self._mine: list[tuple[float, dict[str, float]]] = []

    def keep(self, step: float, values: Mapping[str, float]) -> dict[str, float]:
        """Take this rank's non-finite evidence out of `values` (kept for the next meeting); return the rest."""
        rest: dict[str, float] = {}
        mine: dict[str, float] = {}
        for k, v in values.items():
            if k.startswith("nonfinite") and (k != "nonfinite" or v != 0):
                mine[k] = v
            else:
                rest[k] = v
        if mine:
            self._mine.append((step, mine))
        return rest

    def gather(self, recorder: Recorder, rank: int, world: int) -> bool:
        """Every rank calls this at the same point; rank 0 records all ranks' evidence. True when it recorded any."""
        from .. import probekeys
        from .collectives import gather_objects

        gathered: list[Any] = gather_objects(self._mine)
        self._mine = []
        if rank != 0 or not any(gathered):
            return False
        for r, entries in enumerate(gathered):
            for step, values in entries:
                tagged: dict[str, float] = {}
                for k, v in values.items():
                    p = probekeys.parse(k)
                    if p is None or not p.module and not p.where:
                        tagged[k] = v  # the trip count: the all-reduced gradient trips every rank alike
                    else:
                        tagged[probekeys.key(p.probe, p.module, where=p.where, rank=r)] = v
                recorder.log_step(step, tagged)
        return True
