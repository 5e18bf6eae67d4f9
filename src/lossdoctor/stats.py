"""Pure numeric helpers on numpy arrays: smoothing, robust scale, trends. No Run, no Finding."""
from __future__ import annotations

import numpy as np


def ema_debiased(values: np.ndarray, weight: float = 0.6) -> np.ndarray:
    """TensorBoard's smoothing: EMA with debias; non-finite values pass through and do not poison it."""
    out = np.array(values, dtype=np.float64, copy=True)
    last = 0.0
    n = 0
    for i, v in enumerate(out):
        if not np.isfinite(v):
            continue
        last = last * weight + (1.0 - weight) * v
        n += 1
        debias = 1.0 - weight**n
        out[i] = last / debias if debias > 0 else v
    return out


def mad(x: np.ndarray) -> float:
    """Median absolute deviation scaled to match a normal standard deviation; 0 for fewer than 2 points."""
    x = x[np.isfinite(x)]
    if x.size < 2:
        return 0.0
    return float(1.4826 * np.median(np.abs(x - np.median(x))))


def curve_scale(values: np.ndarray) -> float:
    """The scale a curve's changes are judged against: its finite range, or its magnitude if flat."""
    x = values[np.isfinite(values)]
    if x.size == 0:
        return 0.0
    rng = float(np.max(x) - np.min(x))
    mag = float(np.median(np.abs(x)))
    return rng if rng > 0 else mag


def first_nonfinite(values: np.ndarray) -> int | None:
    """Index of the first NaN or inf, or None."""
    bad = np.flatnonzero(~np.isfinite(values))
    return int(bad[0]) if bad.size else None


def argbest(values: np.ndarray, higher_is_better: bool = False) -> int | None:
    """Index of the best finite value (the first one on ties), or None when none is finite."""
    finite = np.isfinite(values)
    if not finite.any():
        return None
    masked = np.where(finite, values, -np.inf if higher_is_better else np.inf)
    return int(np.argmax(masked) if higher_is_better else np.argmin(masked))


def align(steps_a: np.ndarray, values_a: np.ndarray, steps_b: np.ndarray, values_b: np.ndarray
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Values of a and b at b's steps, a interpolated (it is usually the denser training curve).

    Returns (steps, a_at_steps, b_values) for the steps of b that lie inside a's range.
    """
    fa = np.isfinite(values_a)
    if fa.sum() < 1:
        empty = np.array([], dtype=np.float64)
        return empty, empty, empty
    sa, va = steps_a[fa], values_a[fa]
    inside = (steps_b >= sa[0]) & (steps_b <= sa[-1])
    sb = steps_b[inside]
    return sb, np.interp(sb, sa, va), values_b[inside]


def theil_sen(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Robust slope (median of pairwise slopes) and its spread (MAD of pairwise slopes)."""
    ok = np.isfinite(x) & np.isfinite(y)
    x, y = x[ok], y[ok]
    if x.size < 2:
        return 0.0, 0.0
    i, j = np.triu_indices(x.size, k=1)
    dx = x[j] - x[i]
    keep = dx != 0
    slopes = (y[j] - y[i])[keep] / dx[keep]
    if slopes.size == 0:
        return 0.0, 0.0
    return float(np.median(slopes)), mad(slopes)
