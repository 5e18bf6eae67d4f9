"""The framework-free core every live integration feeds: scalars in, a Run, the same engine, typed decisions out.

API (adapters code against this; changes are additive only)::

    rec = Recorder(name="mnist", stop_on=("nan_inf", "divergence"), stop_on_overfitting=True,
                   reduce_lr_on_plateau=0.5)
    d = rec.step_end(step, {"loss": 0.93, "lr": 1e-3, "grad_norm": 1.2})   # cheap check every `check_every` steps
    d = rec.epoch_end(epoch, {"loss": 0.81, "val_loss": 0.88, "val_accuracy": 0.71})  # full diagnosis
    if d.snapshot_best: keep a copy of the weights        # only when stop_on_overfitting asked for it
    if d.lr_factor: multiply the learning rate by it     # only when reduce_lr_on_plateau asked for it
    if d.stop: stop training; if d.restore_best: load the copy
    rec.report()                  # engine.Report, exactly what `lossdoctor diagnose` gives for the same numbers
    rec.write_report("run.html")  # any report format, chosen by suffix or fmt=
    rec.announced                 # every finding announced, with the epoch/step it first appeared at

- Values: anything `float()` accepts (Python numbers, numpy or 0-d torch scalars); None is skipped. Keys are
  tagged by names.py like any log ('val_loss', 'accuracy', 'lr', probe keys from probekeys.py). A key logged per
  step and per epoch is kept as two series, the step one renamed '<key>_step'.
- New findings (severity >= `announce_at`, not explained by another) are printed once, one line each, by
  `printer` (stderr by default; None is silent); the same finding (code, name, first series) is never announced twice.
- The recorder never acts on training itself: it returns a `Decision`; the adapter applies it through the
  framework's own channel (Keras `stop_training`, Lightning `should_stop`, HF `TrainerControl`, a plain loop's
  `break`). Without stop_on / stop_on_overfitting / reduce_lr_on_plateau every Decision is "carry on".
- Distributed: every rank may keep a recorder; only `rank == 0` prints and writes. Adapters make ranks agree
  on a Decision (broadcast rank 0's) so that no rank stops alone.
"""
from __future__ import annotations

import math
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

import numpy as np

from .. import differential, engine
from ..config import Options
from ..errors import UsageError
from ..findings import Finding, Severity
from ..i18n import Lang, default_lang
from ..model import Axis, Kind, Run, Series, Split
from ..names import NameInfo, classify
from ..rules import RULES

Printer = Callable[[str], None]

# Rules cheap and urgent enough to run between epochs, at the step interval or when a loss turns non-finite.
STEP_RULES: tuple[str, ...] = ("nan_inf", "divergence", "exploding_gradients", "nonfinite_activations")
# Findings that only make sense once a run has ended: never announced while it trains (the final report has them).
END_OF_RUN: tuple[str, ...] = ("still_improving",)
_SUFFIXES = {".json": "json", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html",
             ".png": "png", ".svg": "svg", ".txt": "text", ".log": "text"}


def stderr_printer(line: str) -> None:
    """The default printer: one line on stderr, flushed (training output usually interleaves with it)."""
    print(line, file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Actions:
    """What the user allowed the integration to do; nothing by default (lossdoctor never changes training unasked).

    stop_on: finding names or codes that stop training when they appear (e.g. ("nan_inf", "divergence")).
    stop_on_overfitting: stop when overfitting is found and restore the weights of the best epoch.
    reduce_lr_on_plateau: multiply the learning rate by this factor (0 < factor < 1) when a plateau starts.
    """

    stop_on: tuple[str, ...] = ()
    stop_on_overfitting: bool = False
    reduce_lr_on_plateau: float | None = None

    def __post_init__(self) -> None:
        known = {r.name for r in RULES} | {r.code for r in RULES}
        unknown = [s for s in self.stop_on if s not in known]
        if unknown:
            raise UsageError(f"stop_on: unknown finding {', '.join(map(repr, unknown))}; "
                             f"choose among: {', '.join(sorted(r.name for r in RULES))}")
        f = self.reduce_lr_on_plateau
        if f is not None and not 0.0 < f < 1.0:
            raise UsageError(f"reduce_lr_on_plateau={f}: the factor must be between 0 and 1 (e.g. 0.5)")


@dataclass(frozen=True)
class Decision:
    """What the adapter should do now. Only fields the user asked for (Actions) are ever set."""

    stop: bool = False
    reason: str = ""  # one line with the finding's code, name and message; '' when carrying on
    restore_best: bool = False  # load the weights saved at the last `snapshot_best`
    lr_factor: float | None = None  # multiply every param group's learning rate by this
    snapshot_best: bool = False  # this epoch is the best so far: keep a copy of the weights
    best_epoch: float | None = None  # the epoch whose weights `restore_best` means
    new: tuple[Finding, ...] = ()  # findings announced by this call


CARRY_ON = Decision()


@dataclass(frozen=True)
class Announcement:
    """A finding as first announced, with where the run was when it appeared."""

    finding: Finding
    epoch: float | None  # the last epoch logged when it appeared (None before the first epoch ended)
    step: float | None  # the last step logged when it appeared


@dataclass
class _Column:
    """A growing series: amortised O(1) appends into numpy buffers, no Python list per point."""

    axis: Axis
    steps: np.ndarray = field(default_factory=lambda: np.empty(64))
    values: np.ndarray = field(default_factory=lambda: np.empty(64))
    n: int = 0

    def add(self, step: float, value: float) -> None:
        if self.n and step <= self.steps[self.n - 1]:
            if step == self.steps[self.n - 1]:  # the same step logged again: the last value wins
                self.values[self.n - 1] = value
                return
            keep = int(np.searchsorted(self.steps[: self.n], step))  # a restart: later points replace overlap
            self.n = keep
        if self.n == self.steps.size:
            self.steps = np.concatenate([self.steps, np.empty(self.n)])
            self.values = np.concatenate([self.values, np.empty(self.n)])
        self.steps[self.n] = step
        self.values[self.n] = value
        self.n += 1

    def extend(self, steps: np.ndarray, values: np.ndarray) -> None:
        """Many points at once (increasing steps): one slice assignment when they all come after the last one."""
        if self.n and steps.size and steps[0] <= self.steps[self.n - 1] or np.any(np.diff(steps) <= 0):
            for x, v in zip(steps.tolist(), values.tolist()):
                self.add(x, v)
            return
        end = self.n + steps.size
        if end > self.steps.size:
            size = max(end, 2 * self.steps.size)
            self.steps = np.concatenate([self.steps[: self.n], np.empty(size - self.n)])
            self.values = np.concatenate([self.values[: self.n], np.empty(size - self.n)])
        self.steps[self.n: end] = steps
        self.values[self.n: end] = values
        self.n = end


class Recorder:
    """Accumulates a live run and re-diagnoses it with the same engine as the CLI.

    Args:
        name: the run's name in reports.
        options: diagnosis options (num_classes, select, ignore), as for `lossdoctor.diagnose`.
        stop_on, stop_on_overfitting, reduce_lr_on_plateau: the actions allowed (see `Actions`). Defaults to none.
        printer: called with one line per new finding; stderr by default, None to stay silent.
        lang: language of printed lines and written reports; defaults to the locale.
        check_every: steps between cheap checks (nan, divergence, gradients); a non-finite loss checks at once.
        announce_at: the lowest severity printed while training. Defaults to warning.
        rank: this process's rank; only rank 0 prints and writes.
        check_budget: the share of the process's CPU time the between-epoch checks may take; a check that would
            exceed it is put off (never one after a non-finite loss). Defaults to 0.5%, so that a long run stays cheap.
        name_overrides: key -> NameInfo, for metric names names.py cannot read (like `--map`).
    """

    def __init__(self, name: str = "live", *, options: Options | None = None, stop_on: Iterable[str] = (),
                 stop_on_overfitting: bool = False, reduce_lr_on_plateau: float | None = None,
                 printer: Printer | None = stderr_printer, lang: Lang | None = None, check_every: int = 50,
                 announce_at: Severity = Severity.WARNING, rank: int = 0, check_budget: float = 0.005,
                 name_overrides: Mapping[str, NameInfo] | None = None, source: str = "", fmt: str = "live") -> None:
        if check_every < 1:
            raise UsageError(f"check_every={check_every}: must be at least 1")
        self.name = name
        self.options = options or Options()
        self.actions = Actions(tuple(stop_on), bool(stop_on_overfitting), reduce_lr_on_plateau)
        self.lang: Lang = lang or default_lang()
        self.check_every = int(check_every)
        self.announce_at = announce_at
        self.rank = int(rank)
        self._printer = printer if self.rank == 0 else None
        self._overrides = dict(name_overrides or {})
        self._source, self._fmt = source, fmt
        self._cols: dict[tuple[str, Axis], _Column] = {}
        self._hparams: dict[str, Any] = {}
        self._seen: set[tuple[str, str, str]] = set()
        self._announced: list[Announcement] = []
        self._last_step: float | None = None
        self._last_epoch: float | None = None
        self._steps_since_check = 0
        self._urgent = False
        self.check_budget = float(check_budget)
        self._started = time.process_time()
        self._check_seconds = 0.0
        self._report: Report | None = None
        self._dirty = True
        self._stopped: Decision | None = None
        self._best: tuple[float, float] | None = None  # (epoch, monitored value)
        self._last_cut: float | None = None  # epoch of the last learning-rate cut

    # ---- feeding -------------------------------------------------------------------------------------------
    def log_step(self, step: float, values: Mapping[str, Any]) -> None:
        """Record step-level scalars (train loss per step, lr, probe values)."""
        self._log(float(step), values, Axis.STEP)
        self._last_step = float(step)

    def log_steps(self, key: str, steps: Any, values: Any) -> None:
        """Record one key at many steps in one call (a live loop's losses, read back together every few steps)."""
        x = np.asarray(steps, dtype=np.float64).reshape(-1)
        v = np.asarray(values, dtype=np.float64).reshape(-1)
        if x.size != v.size:
            raise ValueError(f"log_steps({key!r}): {x.size} steps for {v.size} values")
        if not x.size:
            return
        col = self._cols.get((key, Axis.STEP))
        if col is None:
            col = self._cols[(key, Axis.STEP)] = _Column(Axis.STEP)
        col.extend(x, v)
        if not np.isfinite(v).all() and self._info(key).kind in (Kind.LOSS, Kind.NONFINITE, Kind.GRAD_NORM):
            self._urgent = True
        self._dirty = True
        self._last_step = float(x[-1])

    def log_epoch(self, epoch: float, values: Mapping[str, Any]) -> None:
        """Record epoch-level scalars (epoch train loss, validation loss and metrics)."""
        self._log(float(epoch), values, Axis.EPOCH)
        self._last_epoch = float(epoch)

    def set_hparams(self, **hparams: Any) -> None:
        """Hyper-parameters shown with the run (learning rate, batch size...)."""
        self._hparams.update(hparams)

    def _log(self, x: float, values: Mapping[str, Any], axis: Axis) -> None:
        for key, raw in values.items():
            if raw is None:
                continue
            try:
                v = float(raw)
            except (TypeError, ValueError):
                continue  # a string or an array in a log dict is not a scalar metric
            col = self._cols.get((key, axis))
            if col is None:
                col = self._cols[(key, axis)] = _Column(axis)
            col.add(x, v)
            if not math.isfinite(v) and self._info(key).kind in (Kind.LOSS, Kind.NONFINITE, Kind.GRAD_NORM):
                self._urgent = True
        self._dirty = True

    # ---- checking ------------------------------------------------------------------------------------------
    def step_end(self, step: float, values: Mapping[str, Any] | None = None) -> Decision:
        """Log a step; every `check_every` steps (or at once after a non-finite loss) run the cheap rules."""
        if values:
            self.log_step(step, values)
        else:
            self._last_step = float(step)
        self._steps_since_check += 1
        if self._stopped is not None:
            return self._stopped
        if not self._urgent and (self._steps_since_check < self.check_every or self._over_budget()):
            return CARRY_ON
        t0 = time.process_time()
        d = self.check(full=False)
        self._check_seconds += time.process_time() - t0
        return d

    def _over_budget(self) -> bool:
        return self._check_seconds > self.check_budget * (time.process_time() - self._started)

    def epoch_end(self, epoch: float, values: Mapping[str, Any] | None = None) -> Decision:
        """Log an epoch's metrics and diagnose the whole run so far."""
        if values:
            self.log_epoch(epoch, values)
        else:
            self._last_epoch = float(epoch)
        if self._stopped is not None:
            return self._stopped
        snapshot = self._track_best()
        d = self.check(full=True)
        return replace(d, snapshot_best=snapshot and not d.stop)

    def check(self, full: bool = True) -> Decision:
        """Diagnose now (all rules, or only the step rules), announce what is new, and decide."""
        self._steps_since_check = 0
        self._urgent = False
        if full:
            findings = list(self.report().findings)
        else:
            findings = self._cheap_findings()
        new = self._announce(findings)
        decision = self._decide(findings, full)
        decision = replace(decision, new=tuple(new))
        if decision.stop:
            self._stopped = replace(decision, new=())
        return decision

    def _cheap_findings(self) -> list[Finding]:
        rules = [r for r in RULES if r.name in STEP_RULES and self.options.wants(r.code, r.name)]
        if not rules:
            return []
        found, _ = engine.run_rules(self.run(), self.options, rules)
        return engine.warning_policy.apply(differential.explain(found), self.options)

    def report(self) -> engine.Report:
        """The full diagnosis of everything recorded so far (cached until new values arrive)."""
        if self._report is None or self._dirty:
            self._report = engine.diagnose_run(self.run(), self.options)
            self._dirty = False
        return self._report

    # ---- announcing ----------------------------------------------------------------------------------------
    @property
    def announced(self) -> tuple[Announcement, ...]:
        """Every finding announced so far, in order, with the epoch and step it appeared at."""
        return tuple(self._announced)

    def first_seen(self, name_or_code: str) -> Announcement | None:
        """When a finding (by name or code) was first announced, or None."""
        return next((a for a in self._announced if name_or_code in (a.finding.name, a.finding.code)), None)

    def _announce(self, findings: Iterable[Finding]) -> list[Finding]:
        new = []
        for f in findings:
            if f.severity < self.announce_at or f.explained_by or f.name in END_OF_RUN:
                continue
            ident = (f.code, f.name, _base_key(f.series[0]) if f.series else "")
            if ident in self._seen:
                continue
            self._seen.add(ident)
            self._announced.append(Announcement(f, self._last_epoch, self._last_step))
            new.append(f)
            if self._printer is not None:
                self._printer(self.line(f))
        return new

    def line(self, f: Finding) -> str:
        """The one line printed for a new finding."""
        where = (f"epoch {self._last_epoch:g}" if self._last_epoch is not None else
                 f"step {self._last_step:g}" if self._last_step is not None else "start")
        if self.lang == "zh":
            where = where.replace("epoch", "第").replace("step", "步") + ("轮" if self._last_epoch is not None else "")
        return f"lossdoctor [{where}] {f.code} {f.name} ({f.severity.label}): {f.message.get(self.lang)}"

    # ---- deciding ------------------------------------------------------------------------------------------
    def _decide(self, findings: list[Finding], full: bool) -> Decision:
        a = self.actions
        for f in findings:
            if f.severity >= Severity.WARNING and (f.name in a.stop_on or f.code in a.stop_on):
                return Decision(stop=True, reason=_reason(f))
        if full and a.stop_on_overfitting:
            f = next((f for f in findings if f.name == "overfitting" and f.severity >= Severity.WARNING), None)
            if f is not None:
                best = self._best[0] if self._best else None
                return Decision(stop=True, reason=_reason(f), restore_best=best is not None, best_epoch=best)
        if full and a.reduce_lr_on_plateau is not None and self._last_epoch is not None:
            f = next((f for f in findings if f.name == "plateau" and f.span is not None and f.span.axis == "epoch"
                      and (self._last_cut is None or f.span.start > self._last_cut)), None)
            if f is not None:
                self._last_cut = self._last_epoch
                return Decision(reason=_reason(f), lr_factor=a.reduce_lr_on_plateau)
        return CARRY_ON

    def _track_best(self) -> bool:
        """Whether the epoch just logged is the best so far (validation loss, else training loss)."""
        if not self.actions.stop_on_overfitting or self._last_epoch is None:
            return False
        run = self.run()
        s = run.find(Kind.LOSS, Split.VAL, Axis.EPOCH) or run.find(Kind.LOSS, Split.TRAIN, Axis.EPOCH)
        if s is None or not len(s) or s.steps[-1] != self._last_epoch or not math.isfinite(s.values[-1]):
            return False
        v = float(s.values[-1])
        if self._best is None or v < self._best[1]:
            self._best = (self._last_epoch, v)
            return True
        return False

    # ---- the run and the report ----------------------------------------------------------------------------
    def run(self) -> Run:
        """A snapshot of everything recorded, as the Run a reader would give for the same log."""
        epoch_keys = {k for (k, ax) in self._cols if ax is Axis.EPOCH}
        series = []
        for (key, axis), col in self._cols.items():
            if not col.n:
                continue
            shown = f"{key}_step" if axis is Axis.STEP and key in epoch_keys else key
            info = self._info(key)
            series.append(Series(key=shown, split=info.split, kind=info.kind, axis=axis,
                                 steps=col.steps[: col.n].copy(), values=col.values[: col.n].copy(),
                                 primary=info.primary))
        return Run(name=self.name, series=tuple(series), source=self._source, format=self._fmt,
                   hparams=dict(self._hparams))

    def _info(self, key: str) -> NameInfo:
        return classify(key, self._overrides)

    def write_report(self, path: str | Path, fmt: str | None = None, lang: Lang | None = None) -> Path | None:
        """Write the final report (format from `fmt` or the file suffix: .json .md .html .png .svg .txt).

        Only rank 0 writes; other ranks return None.
        """
        if self.rank != 0:
            return None
        from ..report import render

        p = Path(path)
        fmt = fmt or _SUFFIXES.get(p.suffix.lower())
        if fmt is None:
            raise UsageError(f"{p}: cannot tell the report format from the suffix; pass fmt= "
                             f"({', '.join(sorted(set(_SUFFIXES.values())))})")
        out = render([self.report()], fmt, lang or self.lang)
        if isinstance(out, bytes):
            p.write_bytes(out)
        else:
            p.write_text(out, encoding="utf-8")
        return p


def _base_key(key: str) -> str:
    return key.removesuffix("_step")


def _reason(f: Finding) -> str:
    return f"{f.code} {f.name}: {f.message.en}"


Report = engine.Report

__all__ = ["Actions", "Announcement", "CARRY_ON", "Decision", "Printer", "Recorder", "Report", "STEP_RULES",
           "stderr_printer"]
