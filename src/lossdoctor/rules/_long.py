"""The periodicity test of a very long step-level series in bounded memory.

Up to `LONG` points the full-length FFT autocorrelation and the fold test run as they always did (their working
set is a few copies of the series). Beyond it (a 10M-point series: ~500 MB of FFT buffers) the candidate lags are
found on the series averaged in bins of `b` points (at most `LONG` of them), each candidate is refined to the
exact lag at full resolution by direct dot products around it, and the fold test runs in chunks. The lags, their
autocorrelation and the fold test's numbers are those of the full series; only periods shorter than 2b points
(10 steps at 10M points) are not searched on such series.
"""
from __future__ import annotations

import math

import numpy as np

from .. import stats

LONG = 1 << 21  # points: above this the periodicity test summarises the series for its lag search
_CHUNK = 1 << 20  # points per block of the chunked fold test


def peak_lags(x: np.ndarray, top: int = 5) -> tuple[list[int], dict[int, float]]:
    """The lags (2 .. n//3) where the autocorrelation of finite `x` peaks, best first, and its value at each."""
    if x.size <= LONG:
        acf = stats.autocorrelation(x)
        lags = stats.peak_lags(acf, top=top)
        return lags, {lag: float(acf[lag]) for lag in lags}
    n, hi = x.size, x.size // 3
    b = math.ceil(n / LONG)
    m = n // b
    binned = x[:m * b].reshape(m, b).mean(axis=1)
    total = float(x.sum())
    mean = total / n
    c0 = _lag_product(x, 0, mean, total)
    if c0 <= 0:
        return [], {}
    exact: dict[int, float] = {}
    for p in stats.peak_lags(stats.autocorrelation(binned), top=top):
        ks = range(max(2, (p - 1) * b), min(hi, (p + 1) * b) + 1)
        vals = {k: _lag_product(x, k, mean, total) / c0 * n / (n - k) for k in ks}
        if vals:
            k = max(vals, key=vals.__getitem__)
            if vals[k] > 0:
                exact[k] = vals[k]
    lags = sorted(exact, key=lambda k: -exact[k])[:top]
    return lags, {k: exact[k] for k in lags}


def _lag_product(x: np.ndarray, k: int, mean: float, total: float) -> float:
    """sum_i (x_i - mean)(x_{i+k} - mean) over i < n - k, without a centred copy of x (`total`: the sum of x)."""
    n = x.size
    head_and_tail = 2 * total - float(x[n - k:].sum()) - float(x[:k].sum())  # sum of x[:n-k] and of x[k:]
    return float(np.dot(x[:n - k], x[k:])) - mean * head_and_tail + (n - k) * mean * mean


def fold_test(x: np.ndarray, lag: int) -> tuple[float, float]:
    """`stats.fold_test` (one-way ANOVA of x grouped by index mod lag), in blocks for a series over `LONG` points."""
    if x.size <= LONG:
        return stats.fold_test(x, lag)
    x = stats.finite_values(x)
    n = x.size
    if lag < 2 or n < 3 * lag:
        return 1.0, 0.0
    count = (n // lag + (np.arange(lag) < n % lag)).astype(np.float64)
    sums = np.zeros(lag)
    for a in range(0, n, _CHUNK):
        seg = x[a:a + _CHUNK]
        sums += np.bincount(np.arange(a, a + seg.size) % lag, weights=seg, minlength=lag)
    means = sums / count
    grand = float(x.mean())
    ssb = float(np.dot(count, (means - grand) ** 2))
    ssw = 0.0
    for a in range(0, n, _CHUNK):
        seg = x[a:a + _CHUNK]
        r = seg - means[np.arange(a, a + seg.size) % lag]
        ssw += float(np.dot(r, r))
    if ssw <= 0:
        return (0.0, float(np.std(means))) if ssb > 0 else (1.0, 0.0)
    f = (ssb / (lag - 1)) / (ssw / (n - lag))
    from scipy.special import fdtrc  # the F distribution's survival function, without importing scipy.stats

    return float(fdtrc(lag - 1, n - lag, f)), float(np.std(means))


def step_spacing(steps: np.ndarray, ok: np.ndarray) -> tuple[float, float, float]:
    """(first, last, median spacing) of the steps where `ok`: the median partitions the differences in place, so
    a 10M-point series costs two copies of its steps at most, not three."""
    st = steps if ok.all() else steps[ok]
    d = np.diff(st)
    return float(st[0]), float(st[-1]), stats.median(d, scratch=True)


def identical_count(t: np.ndarray, v: np.ndarray, rtol: float, min_identical: int, floor: float = 0.0
                    ) -> tuple[int, int, int, int] | None:
    """For training `t` and validation `v` at the same steps: (finite pairs, pairs equal within rtol, distinct
    values among those, distinct validation values), or None when there are fewer than `min_identical` pairs or v
    is constant. Pairs whose values are both under `floor` (printed with under 2 significant digits: 0.001 = 0.001
    at 3 decimals says nothing) are never counted equal. The distinct counts are only worked out when at least half
    the pairs are equal (0 otherwise);
    equality is tested in blocks and the counts come from one sorted copy at a time, so two 10M-point series cost
    a few copies of one block, not ~6 full-length temporaries."""
    ok = np.isfinite(t) & np.isfinite(v)
    if not ok.all():
        t, v = t[ok], v[ok]
    del ok
    n = t.size
    if n < min_identical or np.ptp(v) <= 1e-12 * max(1.0, float(np.max(np.abs(v)))):
        return None  # a constant curve equals anything constant: no information
    same = np.empty(n, dtype=bool)
    for a in range(0, n, _CHUNK):
        tb, vb = t[a:a + _CHUNK], v[a:a + _CHUNK]
        big = np.maximum(np.abs(tb), np.abs(vb))
        same[a:a + _CHUNK] = (np.abs(tb - vb) <= rtol * big + 1e-15) & (big >= floor)
    k = int(same.sum())
    if k < min_identical or k < 0.5 * n:
        return n, k, 0, 0
    distinct_same = _distinct(v[same])
    return n, k, distinct_same, _distinct(v.copy())


def _distinct(x: np.ndarray) -> int:
    """np.unique(x).size of a finite array that may be reordered (sorted in place)."""
    if x.size == 0:
        return 0
    x.sort()
    return 1 + int(np.count_nonzero(x[1:] != x[:-1]))
