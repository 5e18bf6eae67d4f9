"""Learning-rate schedule events read from a logged LR series: warm-up, step decays, restarts.

Shape rules use them to stay quiet about what a schedule causes on purpose: a loss jump at a warm restart is not a
spike, a drop at a decay is not noise, and a plateau that a decay ended is reported as such.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..model import Kind, Run, Series, Split

DECAY_RATIO = 0.7  # one logged step that multiplies the LR by <= 0.7 is a decay event
RISE_RATIO = 1.5  # one logged step that multiplies it by >= 1.5 (after warm-up) is a restart
WARMUP_MAX_SHARE = 0.4  # a warm-up ends within the first 40% of the run


@dataclass(frozen=True)
class Event:
    kind: str  # "decay" | "restart" | "warmup_end"
    step: float  # on the LR series' own axis
    before: float
    after: float
    peak_before: float = float("nan")  # the highest LR logged before this event (NaN: not known)

    @property
    def beyond_peak(self) -> bool:
        """A rise to an LR above anything the run trained with before (by the restart ratio): not a warm restart,
        which returns the LR to at most its earlier peak, but a new, larger setting (an SWA LR 30x the base LR)."""
        return self.kind == "restart" and self.peak_before > 0 and self.after >= RISE_RATIO * self.peak_before


@dataclass(frozen=True)
class Schedule:
    key: str
    axis: str
    first: float
    last: float
    events: tuple[Event, ...]
    lr_start: float
    lr_max: float
    lr_end: float

    @property
    def decays(self) -> tuple[Event, ...]:
        return tuple(e for e in self.events if e.kind == "decay")

    @property
    def rises(self) -> tuple[Event, ...]:
        return tuple(e for e in self.events if e.kind in ("restart", "warmup_end"))

    @property
    def warmup_end(self) -> float | None:
        return next((e.step for e in self.events if e.kind == "warmup_end"), None)

    @property
    def decayed(self) -> bool:
        """The LR ended at most half its peak (any decay: steps, cosine, exponential, ReduceLROnPlateau)."""
        return self.lr_max > 0 and self.lr_end <= 0.5 * self.lr_max

    @property
    def constant(self) -> bool:
        return self.lr_max > 0 and (self.lr_max - min(self.lr_start, self.lr_end)) <= 1e-9 * self.lr_max

    def to_axis(self, step: float, axis: str, first: float, last: float) -> float:
        """An LR-axis position on another series' axis: identity on the same axis, else the same run fraction."""
        if axis == self.axis or self.last <= self.first:
            return step
        f = (step - self.first) / (self.last - self.first)
        return first + f * (last - first)


def detect(s: Series) -> Schedule | None:
    """Events of one LR series; None when it has fewer than 2 finite positive values."""
    ok = np.isfinite(s.values) & (s.values >= 0)
    steps, lr = s.steps[ok], s.values[ok]
    if lr.size < 2:
        return None
    events: list[Event] = []
    peak = int(np.argmax(lr))
    n = lr.size
    if (0 < peak <= WARMUP_MAX_SHARE * n + 1 and lr[0] <= 0.5 * lr[peak]
            and np.all(np.diff(lr[: peak + 1]) >= -1e-12 * lr[peak])):
        events.append(Event("warmup_end", float(steps[peak]), float(lr[0]), float(lr[peak])))
    prev, nxt = lr[:-1], lr[1:]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(prev > 0, nxt / prev, np.where(nxt > 0, np.inf, 1.0))
    for i in np.flatnonzero(ratio <= DECAY_RATIO):
        events.append(Event("decay", float(steps[i + 1]), float(prev[i]), float(nxt[i])))
    has_warmup = bool(events) and events[0].kind == "warmup_end"
    run_max = np.maximum.accumulate(lr)
    for i in np.flatnonzero(ratio >= RISE_RATIO):
        if has_warmup and i + 1 <= peak:
            continue  # part of the warm-up ramp
        events.append(Event("restart", float(steps[i + 1]), float(prev[i]), float(nxt[i]), float(run_max[i])))
    events.sort(key=lambda e: e.step)
    return Schedule(s.key, s.axis.value, float(steps[0]), float(steps[-1]), tuple(events),
                    float(lr[0]), float(lr.max()), float(lr[-1]))


def schedule_of(run: Run) -> Schedule | None:
    """The run's LR schedule from its LR series (the longest, if several param groups were logged)."""
    lrs = run.find_all(Kind.LR)
    if not lrs:
        return None
    s = run.find(Kind.LR, Split.NONE) or max(lrs, key=len)
    return detect(s)


def event_positions(sched: Schedule | None, kinds: tuple[str, ...], axis: str, first: float, last: float
                    ) -> np.ndarray:
    """Positions of the chosen event kinds on a curve's axis."""
    if sched is None:
        return np.array([], dtype=np.float64)
    return np.array([sched.to_axis(e.step, axis, first, last) for e in sched.events if e.kind in kinds],
                    dtype=np.float64)


def planned_rise_positions(sched: Schedule | None, axis: str, first: float, last: float) -> np.ndarray:
    """Positions of the rises a schedule makes on purpose (warm-up ends, warm restarts back to at most the earlier
    peak LR) on a curve's axis; a rise beyond every LR used before is left out."""
    if sched is None:
        return np.array([], dtype=np.float64)
    return np.array([sched.to_axis(e.step, axis, first, last) for e in sched.events
                     if e.kind in ("restart", "warmup_end") and not e.beyond_peak], dtype=np.float64)


def near(step: float, positions: np.ndarray, tol: float) -> bool:
    return bool(positions.size and np.min(np.abs(positions - step)) <= tol)
