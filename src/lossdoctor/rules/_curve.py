"""A loss curve prepared once for the shape rules: finite part, a binned view of long series, levels and noise.

Shape rules judge `y` (the view): the raw values for epoch-level logs, bin medians for long step-level logs,
so thousands of noisy batch losses are judged by their trend and batch noise is not read as a shape.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from .. import stats
from ..model import Axis, Kind, Run, Series, Split

MAX_VIEW = 120  # points a shape rule looks at; longer series are reduced to bin medians


@dataclass(frozen=True)
class Curve:
    series: Series
    steps: np.ndarray  # finite points before the first non-finite value
    values: np.ndarray
    x: np.ndarray  # the view: raw points, or bin medians of a long series
    y: np.ndarray
    bin_size: int
    noise: float  # noise of one view point (robust, trend-free)

    @property
    def key(self) -> str:
        return self.series.key

    @property
    def axis(self) -> str:
        return self.series.axis.value

    @property
    def m(self) -> int:
        return int(self.y.size)

    @property
    def unit(self) -> tuple[str, str]:
        return ("epoch", "轮") if self.series.axis is Axis.EPOCH else ("step", "步")

    @property
    def start(self) -> float:
        return float(self.y[0])

    def tail(self, share: float = 0.1) -> np.ndarray:
        k = max(1, int(round(share * self.m)))
        return self.y[-k:]

    @functools.cached_property
    def end(self) -> float:
        return float(np.median(self.tail(0.1)))

    @property
    def best_index(self) -> int:
        return int(np.argmin(self.smooth))

    @functools.cached_property
    def smooth(self) -> np.ndarray:
        """Light smoothing on the view (TensorBoard EMA, window about 5% of the view); made once, read-only (a
        dozen shape rules read it)."""
        span = max(1.0, self.m / 20.0)
        out = stats.ema_debiased(self.y, 1.0 - 2.0 / (span + 1.0))
        out.setflags(write=False)
        return out

    @functools.cached_property
    def magnitude(self) -> float:
        """The size a change is judged against: the largest |level| the curve held (never 0)."""
        mag = float(max(abs(self.start), float(np.median(np.abs(self.y)))))
        return mag if mag > 0 else 1e-12

    def fmt_x(self, i: int) -> float:
        return float(self.x[i])


def make_curve(s: Series, max_view: int = MAX_VIEW) -> Curve | None:
    """Prepare a series; None when it has no finite point."""
    cut = stats.first_nonfinite(s.values)
    steps = s.steps if cut is None else s.steps[:cut]
    values = s.values if cut is None else s.values[:cut]
    ok = np.isfinite(values)
    if ok.all():  # read-only views, no copy (a 10M-point series is 160 MB)
        steps, values = steps.view(), values.view()
        steps.setflags(write=False)
        values.setflags(write=False)
    else:
        steps, values = steps[ok], values[ok]
    if values.size == 0:
        return None
    x, y, k = stats.bin_medians(steps, values, max_view)
    x.setflags(write=False)  # the view is shared by every shape rule (and its end and smooth are cached)
    y.setflags(write=False)
    noise = stats.noise_level(y)
    if k > 1:  # bin medians of white noise: sigma * 1.25 / sqrt(k); keep the larger, safer estimate
        noise = max(noise, 1.2533 * stats.noise_level(values) / np.sqrt(k))
    return Curve(s, steps, values, x, y, k, float(noise))


def loss_series(run: Run) -> Series | None:
    """The loss shape rules judge: training loss first, then validation, then any loss; never a part of a logged
    total (_terms.py: `sev_loss` + `type_loss` = `val_loss` at every step): the total is what the run optimises, and
    one part may stand while the other carries the learning."""
    from ._terms import parts_of_totals

    parts = parts_of_totals(run)
    for split in (Split.TRAIN, Split.VAL, Split.TEST, Split.NONE):
        s = _find_whole(run, split, parts)
        if s is not None:
            return s
    return None


def _find_whole(run: Run, split: Split, parts: frozenset[str]) -> Series | None:
    """`run.find` of the split's losses, leaving out the parts of a logged total."""
    if not parts:
        return run.find(Kind.LOSS, split)
    whole = Run(name=run.name, series=tuple(s for s in run.series if s.key not in parts))
    return whole.find(Kind.LOSS, split)


def train_curve(run: Run, min_points: int) -> Curve | None:
    """The training (or only) loss as a Curve, when it has at least `min_points` finite view points."""
    s = loss_series(run)
    if s is None:
        return None
    c = make_curve(s)
    if c is None or c.m < min_points:
        return None
    return c


def unit_of(axis: str) -> tuple[str, str]:
    return ("epoch", "轮") if axis == "epoch" else ("step", "步")


def trend(y: np.ndarray) -> tuple[float, float, float]:
    """OLS slope per view point, its standard error and t = slope / se (0 when undefined)."""
    x = np.arange(y.size, dtype=np.float64)
    slope, se = stats.ols_slope(x, y)
    t = slope / se if se not in (0.0, float("inf")) and np.isfinite(se) else (0.0 if slope == 0 else
                                                                              float(np.sign(slope)) * 1e9)
    return slope, se, float(t)


def per_unit(c: Curve, slope_per_point: float) -> float:
    """A slope per view point as a slope per x unit (per epoch or per step)."""
    if c.m < 2:
        return 0.0
    dx = float(c.x[-1] - c.x[0]) / (c.m - 1)
    return slope_per_point / dx if dx > 0 else 0.0


@dataclass(frozen=True)
class Flatness:
    """How little a curve moved: the numbers loss_not_decreasing, stuck_at_chance and underfitting share."""

    progress: float  # (start - lowest smoothed) / |start|: share of the start level ever gained
    end_progress: float  # (start - end) / |start|
    slope: float  # per view point (OLS)
    slope_se: float
    t: float
    steady: bool  # a small but significant, mostly monotone decrease (an LR too low signature)
    exact: bool  # constant to ~7 digits: nothing is being updated
    swing: float  # robust spread of the view around its median, relative to the level


def flatness(c: Curve) -> Flatness:
    mag = abs(c.start) if c.start != 0 else c.magnitude
    low = float(np.min(c.smooth))
    slope, se, t = trend(c.y)
    span = float(np.max(c.y) - np.min(c.y))
    exact = span <= 1e-7 * max(abs(c.start), 1e-300)
    level = float(np.median(np.abs(c.y))) or 1e-300
    steady = (not exact and t <= -3.0 and stats.monotone_share(c.smooth, increasing=False) >= 0.7)
    return Flatness((c.start - low) / mag, (c.start - c.end) / mag, slope, se, t, steady, exact,
                    stats.mad(c.y - np.median(c.y)) / level)
