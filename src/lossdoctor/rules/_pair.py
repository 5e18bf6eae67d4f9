"""Shared numerics for the train/validation rules: one aligned pair of curves, its noise, level and units.

Pure functions on numpy arrays plus one small frozen dataclass; no Finding is made here.
"""
from __future__ import annotations

import math
import weakref
from dataclasses import dataclass

import numpy as np

from .. import stats
from ..model import Kind, Run, Series, Split
from ._context import array_memo, arrays_memo


MAX_TREND_POINTS = 400


@dataclass(frozen=True)
class Pair:
    """A training and a validation series of one kind, at the validation steps (finite values only)."""

    train_key: str
    val_key: str
    axis: str  # "epoch" or "step"
    steps: np.ndarray  # the evaluation positions
    train: np.ndarray  # training value at each evaluation (interval mean when training is logged more densely)
    val: np.ndarray
    train_dt: float  # median spacing of the training log, in axis units

    def __len__(self) -> int:
        return int(self.steps.size)

    @property
    def unit(self) -> tuple[str, str]:
        return unit(self.axis)


def unit(axis: str) -> tuple[str, str]:
    """How to name one position on the axis in English and Chinese."""
    return ("epoch", "轮") if axis == "epoch" else ("step", "步")


def finite(s: Series) -> tuple[np.ndarray, np.ndarray]:
    """The finite points of `s` (steps, values), read-only; made once per series (many rules ask)."""
    return array_memo("finite", s, _finite)


def _finite(s: Series) -> tuple[np.ndarray, np.ndarray]:
    ok = np.isfinite(s.values)
    if ok.all():  # no copy: read-only views of the series' own arrays
        steps, values = s.steps.view(), s.values.view()
    else:
        steps, values = s.steps[ok], s.values[ok]
    steps.setflags(write=False)
    values.setflags(write=False)
    return steps, values


def train_at(t_steps: np.ndarray, t_vals: np.ndarray, steps: np.ndarray) -> np.ndarray:
    """Training values at `steps`: the mean over each evaluation interval when training is logged more densely
    (a noisy step-level curve), else interpolation (stats.align). NaN where no training point is available."""
    out = np.full(steps.size, np.nan)
    if t_vals.size == 0 or steps.size == 0:
        return out
    if t_steps.size == steps.size and np.array_equal(t_steps, steps):  # logged at the same steps (a dense log)
        return t_vals.astype(np.float64, copy=True)
    dense = t_vals.size >= 1.5 * steps.size and steps.size >= 2
    if not dense:
        sb, ta, _ = stats.align(t_steps, t_vals, steps, steps)
        idx = np.searchsorted(steps, sb)
        out[idx] = ta
        return out
    first_gap = float(steps[1] - steps[0])
    lo = np.concatenate(([steps[0] - first_gap], steps[:-1]))
    i0 = np.searchsorted(t_steps, lo, side="right")  # points in (lo, step]
    i1 = np.searchsorted(t_steps, steps, side="right")
    csum = np.concatenate(([0.0], np.cumsum(t_vals)))
    count = i1 - i0
    has = count > 0
    out[has] = (csum[i1[has]] - csum[i0[has]]) / count[has]
    return out


def pair(run: Run, kind: Kind = Kind.LOSS) -> Pair | None:
    """The primary train and validation series of `kind`, aligned at the validation steps; None when the two
    are missing, on different axes, or do not overlap. Computed once per run and kind (a dozen rules ask for it:
    on a million-point run that was most of the diagnosis); its arrays are read-only."""
    key = (id(run), kind)
    hit = _PAIRS.get(key)
    if hit is not None and hit[0]() is run:
        return hit[1]
    p = _pair(run, kind)
    if p is not None:
        for a in (p.steps, p.train, p.val):
            a.setflags(write=False)
    if len(_PAIRS) >= 16:
        _PAIRS.clear()
    _PAIRS[key] = (weakref.ref(run), p)
    return p


_PAIRS: dict[tuple[int, Kind], tuple[weakref.ref[Run], Pair | None]] = {}


def held_out_pair(run: Run, kind: Kind = Kind.LOSS) -> Pair | None:
    """The train/validation pair, or, when the run logs no validation series of `kind` but a test one (a course
    notebook's `train_loss | test_loss` per epoch), the train/test pair: the held-out curve a person reads."""
    if run.find(kind, Split.VAL) is not None or run.find(kind, Split.TEST) is None:
        return pair(run, kind)
    return _pair(run, kind, Split.TEST)


def _pair(run: Run, kind: Kind, split: Split = Split.VAL) -> Pair | None:
    val = run.find(kind, split)
    train = matching(run, kind, Split.TRAIN, val) if val is not None else None
    if train is None or val is None:
        return None
    ts, tv = finite(train)
    vs, vv = finite(val)
    if ts.size == 0 or vs.size == 0:
        return None
    dt = stats.median(np.diff(ts), scratch=True) if ts.size > 1 else 1.0
    if ts.size == vs.size and np.array_equal(ts, vs):  # logged at the same steps: the finite views, no copy
        return Pair(train.key, val.key, val.axis.value, vs, tv, vv, dt)
    t = train_at(ts, tv, vs)
    ok = np.isfinite(t)
    if ok.sum() == 0:
        return None
    if ok.all():
        return Pair(train.key, val.key, val.axis.value, vs, t, vv, dt)
    return Pair(train.key, val.key, val.axis.value, vs[ok], t[ok], vv[ok], dt)


def matching(run: Run, kind: Kind, split: Split, val: Series) -> Series | None:
    """The series of `kind` on `split` to compare `val` with: same axis, and the step range closest to val's
    (a TensorBoard log may hold 'Loss/train' per epoch at steps 0..29 beside 'Loss/train_step' at global
    steps 0..599, while validation is logged at 0..29); primary series first, then the longer one. Once per run,
    kind, split and series (five rules ask)."""
    return arrays_memo(f"matching:{kind.value}:{split.value}", (run, val), lambda: _matching(run, kind, split, val))


def _matching(run: Run, kind: Kind, split: Split, val: Series) -> Series | None:
    cands = [s for s in run.find_all(kind, split) if s.axis is val.axis and np.isfinite(s.values).any()]
    if not cands:
        return None
    v_end = float(np.nanmax(val.steps)) if val.steps.size else 0.0

    def mismatch(s: Series) -> float:
        t_end = float(np.nanmax(s.steps))
        if v_end <= 0 or t_end <= 0:
            return 0.0 if v_end == t_end else 1.0
        return abs(math.log(t_end / v_end))

    return min(cands, key=lambda s: (round(mismatch(s), 1), not s.primary, -len(s)))


def common_steps(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """np.intersect1d(a, b, return_indices=True) for the strictly increasing steps of two series, in O(n) when
    they are logged at the same steps and O(n log n) by binary search otherwise (no sort of both). For the same
    steps the indices are `slice(None)` and the common steps `a` itself: index the values with them."""
    if a.size == b.size and np.array_equal(a, b):  # every step: slices, no index arrays (80 MB each at 10M)
        return a, slice(None), slice(None)  # type: ignore[return-value]
    if a.size > b.size:
        common, ib, ia = common_steps(b, a)
        return common, ia, ib
    pos = np.searchsorted(b, a)
    inside = pos < b.size
    hit = np.zeros(a.size, dtype=bool)
    hit[inside] = b[pos[inside]] == a[inside]
    ia = np.flatnonzero(hit)
    return a[ia], ia, pos[ia]


def noise(values: np.ndarray) -> float:
    """Point-to-point noise of a curve around its own trend: MAD of second differences / sqrt(6) (exact for
    white noise; a smooth trend contributes almost nothing). Kept per read-only array (_context.array_memo):
    a dozen rules ask for the noise of the same pair."""
    return array_memo("noise", values, _noise)


def _noise(values: np.ndarray) -> float:
    x = stats.finite_values(values)
    if x.size < 4:
        return 0.0
    return stats.mad(np.diff(x, n=2), scratch=True) / math.sqrt(6.0)


def level(values: np.ndarray) -> float:
    """The magnitude of a curve: the median of its absolute finite values."""
    return array_memo("level", values, _level)


def _level(values: np.ndarray) -> float:
    x = np.abs(stats.finite_values(values))
    return stats.median(x, scratch=True) if x.size else 0.0


def smooth_centered(values: np.ndarray) -> np.ndarray:
    """Centred running median whose window grows with the number of points (1 below 20 points, at most 21):
    robust to single noisy evaluations without the lag of an EMA at a turning point. Read-only."""
    return array_memo("smooth_centered", values, _smooth_centered)


def _smooth_centered(values: np.ndarray) -> np.ndarray:
    out = stats.centered_median(values, min(10, values.size // 20))
    out.setflags(write=False)
    return out


def aligned(steps_a: np.ndarray, values_a: np.ndarray, steps_b: np.ndarray, values_b: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """stats.align, once per combination of read-only arrays (the finite views); its results are read-only."""
    def make() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        out = stats.align(steps_a, values_a, steps_b, values_b)
        for a in out:
            if not any(a is x for x in (steps_a, values_a, steps_b, values_b)):  # never a caller's array
                a.setflags(write=False)
        return out

    return arrays_memo("aligned", (steps_a, values_a, steps_b, values_b), make)


def trend_change(steps: np.ndarray, values: np.ndarray) -> tuple[float, float]:
    """Change over the span implied by a robust (Theil-Sen) slope, and its uncertainty (same units); once per
    read-only pair of arrays."""
    return arrays_memo("trend_change", (steps, values), lambda: _trend_change(steps, values))


def _trend_change(steps: np.ndarray, values: np.ndarray) -> tuple[float, float]:
    if values.size < 3:
        return 0.0, 0.0
    if values.size > MAX_TREND_POINTS:  # Theil-Sen is quadratic: average into MAX_TREND_POINTS groups first
        n, k = values.size, MAX_TREND_POINTS
        sizes = np.full(k, n // k)
        sizes[: n % k] += 1  # the groups of np.array_split
        starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
        steps = np.add.reduceat(np.asarray(steps, dtype=np.float64), starts) / sizes
        values = np.add.reduceat(np.asarray(values, dtype=np.float64), starts) / sizes
    slope, spread = stats.theil_sen(steps, values)
    span = float(steps[-1] - steps[0])
    return slope * span, spread * span / math.sqrt(max(1, values.size - 2))


def early_stopping_sim(values: np.ndarray, patience: int, min_delta: float) -> tuple[int | None, int]:
    """Keras EarlyStopping on a lower-is-better curve: (index where it stops or None, index it restores).

    The same decisions as the callback's per-epoch loop (an improvement is `x < best - min_delta`; NaN never
    improves), without a Python step per point: improvements are found with array searches, each window of
    `patience` points after the last one at once."""
    v = np.asarray(values, dtype=np.float64)
    n, p = v.size, max(1, int(patience))
    if n <= 4096:  # short curves: the callback's own loop is faster than any array call
        best, best_i, wait = math.inf, 0, 0
        for i, x in enumerate(v.tolist()):
            if x < best - min_delta:
                best, best_i, wait = x, i, 0
            else:
                wait += 1
                if wait >= p:
                    return i, best_i
        return None, best_i
    if min_delta == 0:  # improvements are the strict new minima: all of them at once
        prev = np.fmin.accumulate(np.concatenate(([math.inf], v)))[:-1]  # the best before each point
        improve = v < prev - min_delta
        last = np.maximum.accumulate(np.where(improve, np.arange(n), -1)) if n else np.array([], dtype=np.int64)
        stop = np.flatnonzero(np.arange(n) - last >= p)
        if stop.size:
            i = int(stop[0])
            return i, max(int(last[i]), 0)
        return None, max(int(last[-1]), 0) if n else 0
    r, best, best_i = -1, math.inf, 0
    while True:
        lo, hi = r + 1, min(n, r + p + 1)
        hit = np.flatnonzero(v[lo:hi] < best - min_delta)
        if hit.size == 0:
            return (r + p, best_i) if r + p < n else (None, best_i)
        r = best_i = lo + int(hit[0])
        best = float(v[r])


def sig(x: float, digits: int = 2) -> float:
    """Round to `digits` significant digits (for thresholds a user pastes)."""
    if x == 0 or not math.isfinite(x):
        return 0.0
    return float(f"{x:.{digits}g}")
