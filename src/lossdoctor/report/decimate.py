"""Min/max-preserving decimation for display: long curves shrink to a few thousand points per series.

Only the drawing is decimated, never the diagnosis. Every bucket keeps its first and last point, its
smallest and largest finite value and its first and last non-finite value, so spikes, dips and NaN gaps
stay visible; points at marker positions are always kept so a marker sits exactly on the drawn curve.
"""
from __future__ import annotations

import numpy as np

DEFAULT_BUCKETS = 2000


def minmax_indices(y: np.ndarray, n_buckets: int = DEFAULT_BUCKETS,
                   keep: np.ndarray | None = None) -> np.ndarray:
    """Sorted indices into `y` to draw. Short series (<= 4 points per bucket) are returned whole."""
    y = np.asarray(y, dtype=np.float64)
    n = int(y.size)
    extra = np.asarray(keep if keep is not None else [], dtype=np.int64)
    extra = extra[(extra >= 0) & (extra < n)]
    if n <= 4 * n_buckets:
        return np.arange(n, dtype=np.int64)
    size = -(-n // n_buckets)  # ceil: points per bucket
    m = -(-n // size)  # buckets actually used
    pad = m * size - n
    finite = np.isfinite(y)
    lo = np.concatenate([np.where(finite, y, np.inf), np.full(pad, np.inf)]).reshape(m, size)
    hi = np.concatenate([np.where(finite, y, -np.inf), np.full(pad, -np.inf)]).reshape(m, size)
    bad = np.concatenate([~finite, np.zeros(pad, dtype=bool)]).reshape(m, size)
    base = np.arange(m, dtype=np.int64) * size
    rows = np.arange(m)
    i_min = lo.argmin(axis=1)
    i_max = hi.argmax(axis=1)
    has_finite = np.isfinite(lo[rows, i_min])
    has_bad = bad.any(axis=1)
    first_bad = bad.argmax(axis=1)
    last_bad = size - 1 - bad[:, ::-1].argmax(axis=1)
    last = np.minimum(base + size - 1, n - 1)
    parts = [
        base, last,
        (base + i_min)[has_finite], (base + i_max)[has_finite],
        (base + first_bad)[has_bad], (base + last_bad)[has_bad],
        extra,
    ]
    idx = np.unique(np.concatenate(parts))
    return idx[idx < n]


def indices_at(steps: np.ndarray, xs: np.ndarray) -> np.ndarray:
    """Indices of the points of `steps` (sorted) that lie exactly at the given x positions."""
    steps = np.asarray(steps, dtype=np.float64)
    xs = np.asarray(xs, dtype=np.float64)
    if steps.size == 0 or xs.size == 0:
        return np.array([], dtype=np.int64)
    pos = np.clip(np.searchsorted(steps, xs), 0, steps.size - 1)
    return pos[steps[pos] == xs].astype(np.int64)


def decimate(steps: np.ndarray, values: np.ndarray, n_buckets: int = DEFAULT_BUCKETS,
             keep_x: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(steps, values) reduced for display, keeping extremes, non-finite points and the points at `keep_x`."""
    keep = indices_at(steps, keep_x) if keep_x is not None else None
    idx = minmax_indices(values, n_buckets, keep)
    return np.asarray(steps)[idx], np.asarray(values)[idx]
