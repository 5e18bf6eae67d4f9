"""What a log says about the cause of a loss that does not learn: the learning rate it logged, where the loss sits
against the uniform-guess level ln(C), and whether a slow decrease is slowing down.

The rules that rank causes (loss_not_decreasing, stuck_at_chance, abnormal_initial_loss) read these instead of a
fixed order, so "learning rate too low" and "too high" are ranked by what the run shows:
- a loss *above* ln(C) is worse than a uniform guess: the model is confidently wrong and keeps changing. Steps too
  small leave it near its initial ln(C); oversized steps knock it above;
- a logged learning rate of 1e-6 or less (its peak) moves no weight in a run's length: whatever the curve's shape,
  the step size comes first;
- a logged learning rate of 0.1 or more is large for any optimiser on a loss that does not fall (Adam's usual
  range is 1e-4 to 1e-3, SGD's 1e-3 to 1e-1); one of 1e-4 or less makes a slow decrease a step-size problem;
- a loss that stalls while the logged learning rate has decayed to 1% of its peak or less stopped because its steps
  did: the schedule, not the model, ended the learning;
- a decrease that keeps the same pace to the end (not slowing) is a step size too small; a model whose output
  stopped depending on the input (dead units) reaches its best constant output quickly and stays there;
- a logged learning rate that fell to 1% of its peak or less and stayed there for the last third of the run or more
  (`lr_gone_share`) ended the learning where it fell: a schedule meant to end a run ends at its last step;
- a logged gradient norm exactly 0 on every line (`zero_grad_lines`) is no gradient that grew: exploding gradients
  are ruled out by the log itself, and nothing reaches the weights.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import stats
from ..model import Kind, Run, Series, Split

LARGE_LR = 0.1  # a logged LR at or above this, on a loss that does not fall, points to steps that are too large
SMALL_LR = 1e-4  # at or below this, a slow steady decrease points to steps that are too small
TINY_LR = 1e-6  # at or below this no optimiser moves the weights in a run's length: a flat loss is the step size
ABOVE_CHANCE = 0.03  # a level this share above ln(C) (and 2 noise levels) is worse than a uniform guess
UNABATED = 0.5  # the second half's slope at least half the first half's: the decrease is not slowing down
DECAYED_AWAY = 0.01  # a logged LR at or below this share of its peak has stopped moving the weights
CREEP_T = -2.0  # a downward trend this strong (OLS t) under a small logged LR is a creep, however noisy the steps


@dataclass(frozen=True)
class LrReading:
    lr_max: float | None

    @property
    def large(self) -> bool:
        return self.lr_max is not None and self.lr_max >= LARGE_LR

    @property
    def tiny(self) -> bool:
        return self.lr_max is not None and 0 < self.lr_max <= TINY_LR

    @property
    def small(self) -> bool:
        return self.lr_max is not None and 0 < self.lr_max <= SMALL_LR

    def phrase(self) -> tuple[str, str]:
        """' (the logged LR peaks at X)' in en and zh, or empty strings."""
        if self.lr_max is None:
            return "", ""
        return f" (the logged learning rate peaks at {self.lr_max:.2g})", f"（记录的学习率最高 {self.lr_max:.2g}）"


def above_chance(level: float, ln_c: float | None, noise: float) -> bool:
    """Whether a loss level sits clearly above ln(C): worse than a uniform guess over C classes."""
    if ln_c is None or not np.isfinite(level) or ln_c <= 0:
        return False
    return level >= (1.0 + ABOVE_CHANCE) * ln_c and level - ln_c >= 2.0 * noise


def _logged_lr(run: Run) -> tuple[Series, np.ndarray, np.ndarray] | None:
    """The run's learning-rate series (the unsplit one, else the longest) with its finite, non-negative points."""
    lrs = run.find_all(Kind.LR)
    if not lrs:
        return None
    s = run.find(Kind.LR, Split.NONE) or max(lrs, key=len)
    ok = np.isfinite(s.values) & (s.values >= 0)
    return s, s.steps[ok], s.values[ok]


def lr_share_at(run: Run, axis: str, first: float, last: float, x: float) -> float | None:
    """The logged learning rate at position x of a curve (axis, first..last) as a share of its peak, or None when the
    log has no LR. An LR logged on another axis is matched by the same fraction of the run."""
    logged = _logged_lr(run)
    if logged is None:
        return None
    s, steps, lr = logged
    if lr.size < 2 or float(lr.max()) <= 0:
        return None
    if s.axis.value != axis and last > first:
        x = float(steps[0]) + (x - first) / (last - first) * float(steps[-1] - steps[0])
    return float(np.interp(x, steps, lr)) / float(lr.max())


def lr_gone_share(run: Run) -> float | None:
    """Where (as a share of the logged LR's span, 0..1) the logged learning rate fell to DECAYED_AWAY of its peak or
    less for good, or None when it never did (or the log has no LR). The share is of the LR's own span, so an LR
    logged per epoch beside a loss per batch reads alike."""
    logged = _logged_lr(run)
    if logged is None:
        return None
    _, steps, lr = logged
    if lr.size < 3 or float(lr.max()) <= 0 or float(steps[-1]) <= float(steps[0]):
        return None
    low = lr <= DECAYED_AWAY * float(lr.max())
    if not low[-1]:
        return None
    above = np.flatnonzero(~low)
    i = int(above[-1]) + 1  # the first line of the last stretch at ~0
    return float((steps[i] - steps[0]) / (steps[-1] - steps[0]))


def zero_grad_lines(run: Run, min_lines: int = 3) -> int:
    """Lines of a logged gradient norm exactly 0 on every finite line (min_lines+), else 0."""
    n = 0
    for g in run.find_all(Kind.GRAD_NORM):
        v = g.values[np.isfinite(g.values)]
        if v.size < min_lines or bool(np.any(v != 0.0)):
            return 0
        n = max(n, int(v.size))
    return n


def unabated(y: np.ndarray) -> bool:
    """A decrease that keeps its pace: both halves fall, the second at least half as fast as the first."""
    if y.size < 6:
        return False
    h = y.size // 2
    x = np.arange(y.size, dtype=np.float64)
    s1, _ = stats.ols_slope(x[:h], y[:h])
    s2, _ = stats.ols_slope(x[h:], y[h:])
    return bool(s1 < 0 and s2 < 0 and s2 <= UNABATED * s1)


__all__ = ["ABOVE_CHANCE", "CREEP_T", "DECAYED_AWAY", "LARGE_LR", "SMALL_LR", "TINY_LR", "UNABATED", "LrReading", "above_chance",
           "lr_gone_share", "lr_share_at", "unabated", "zero_grad_lines"]
