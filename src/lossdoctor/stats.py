"""Pure numeric helpers on numpy arrays: smoothing, robust scale, trends. No Run, no Finding.

Everything here is vectorised: a 1M-point series must be handled in well under a second per call.
"""
from __future__ import annotations

import functools
import math

import numpy as np

# scipy is imported inside the three functions that use it: importing scipy.signal and scipy.stats costs about a
# second, which `lossdoctor --version`, `rules` and most diagnoses never need.


def ema_debiased(values: np.ndarray, weight: float = 0.6) -> np.ndarray:
    """TensorBoard's smoothing: EMA with debias; non-finite values pass through and do not poison it."""
    out = np.array(values, dtype=np.float64, copy=True)
    ok = np.isfinite(out)
    if not ok.any():
        return out
    x = out[ok]
    if weight <= 0 or weight >= 1:
        return out
    ema = _ema(x, weight)
    if weight < 1.0:  # debias only where weight**n is not yet negligible
        k = min(x.size, int(np.ceil(np.log(1e-17) / np.log(weight))) + 1) if weight > 0 else 0
        ema[:k] /= 1.0 - np.power(weight, np.arange(1, k + 1, dtype=np.float64))
    out[ok] = ema
    return out


def _ema(x: np.ndarray, weight: float) -> np.ndarray:
    """y[i] = (1 - w) x[i] + w y[i-1] from y[-1] = 0. Short series (the <= 120-point views the shape rules smooth)
    in a plain loop, the same operations as scipy.signal.lfilter to the bit without importing scipy; long ones
    with lfilter."""
    if x.size > _SHORT:
        from scipy import signal

        return np.asarray(signal.lfilter([1.0 - weight], [1.0, -weight], x), dtype=np.float64)
    b, prev, out = 1.0 - weight, 0.0, []
    for v in x.tolist():
        prev = b * v + weight * prev
        out.append(prev)
    return np.array(out, dtype=np.float64)


_SHORT = 4096  # below this many points a numpy-only path is as fast as scipy's filters (and scipy is not imported)


def median(x: np.ndarray, scratch: bool = False) -> float:
    """np.median of a 1-D array of finite values, to the bit, without its per-call overhead (a small run makes
    ~170 median calls). `scratch=True` lets it reorder `x` in place instead of copying (long arrays)."""
    n = x.size
    if n == 0:
        return float("nan")
    k = n // 2
    kth = k if n % 2 else (k - 1, k)
    if scratch:
        x.partition(kth)
        part = x
    else:
        part = np.partition(x, kth)
    return float(part[k]) if n % 2 else float((part[k - 1] + part[k]) / 2)


def mad(x: np.ndarray, scratch: bool = False) -> float:
    """Median absolute deviation scaled to match a normal standard deviation; 0 for fewer than 2 points.

    One working copy at most (none with `scratch=True`, when the caller hands over an array it no longer needs):
    the deviations are computed in place, and their median does not depend on the order partitioning leaves."""
    ok = np.isfinite(x)
    if ok.all():
        if x.size < 2:
            return 0.0
        w = x if scratch else np.array(x, dtype=np.float64, copy=True)
    else:
        w = x[ok].astype(np.float64, copy=False)
        if w.size < 2:
            return 0.0
    m = median(w, scratch=True)
    np.subtract(w, m, out=w)
    np.abs(w, out=w)
    return float(1.4826 * median(w, scratch=True))


def printed_decimals(values: np.ndarray, decimals: int | None = None) -> int:
    """The decimal places the printed values show: the reader's count when it knows it (`Series.decimals`, trailing
    zeros kept); else read off the last values, a lower bound since trailing zeros of a print are lost in parsing
    ('4.600' reads as 4.6: 1)."""
    if decimals is not None:
        return decimals
    shown = 0
    for v in values[-8:]:
        txt = np.format_float_positional(abs(float(v)), trim="-")
        shown = max(shown, len(txt.partition(".")[2]))
    return shown


def print_resolution(values: np.ndarray, decimals: int | None = None) -> float:
    """The smallest change the printed values can show (1e-4 for '0.6931'); from `printed_decimals`, so an upper
    bound when the decimals are read off the floats."""
    return 10.0 ** -printed_decimals(values, decimals)


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
    sa, va = (steps_a, values_a) if fa.all() else (steps_a[fa], values_a[fa])
    if sa.size == steps_b.size and np.array_equal(sa, steps_b):  # the same steps: a's own values, no copies
        return steps_b, va, values_b
    inside = (steps_b >= sa[0]) & (steps_b <= sa[-1])
    sb = steps_b[inside]
    return sb, np.interp(sb, sa, va), values_b[inside]


def theil_sen(x: np.ndarray, y: np.ndarray, max_points: int = 300) -> tuple[float, float]:
    """Robust slope (median of pairwise slopes) and its spread (MAD of pairwise slopes).

    Long series are thinned to `max_points` evenly spaced points first (pairs grow quadratically).
    """
    ok = np.isfinite(x) & np.isfinite(y)
    if not ok.all():
        x, y = x[ok], y[ok]
    if x.size > max_points:
        idx = _thinned(x.size, max_points)
        x, y = x[idx], y[idx]
    if x.size < 2:
        return 0.0, 0.0
    i, j = _pairs(x.size)
    dx = x[j] - x[i]
    keep = dx != 0
    slopes = (y[j] - y[i])[keep] / dx[keep]
    if slopes.size == 0:
        return 0.0, 0.0
    if not np.isfinite(slopes).all():  # overflowing differences: np.median's NaN semantics
        return float(np.median(slopes)), mad(slopes)
    return median(slopes), mad(slopes, scratch=True)


@functools.lru_cache(maxsize=16)
def _thinned(n: int, k: int) -> np.ndarray:
    """`k` evenly spaced indices into `n` points (kept: the same long series is thinned by several rules)."""
    idx = np.linspace(0, n - 1, k).round().astype(int)
    idx.setflags(write=False)
    return idx


@functools.lru_cache(maxsize=16)
def _pairs(n: int) -> tuple[np.ndarray, np.ndarray]:
    """np.triu_indices(n, 1), kept: Theil-Sen asks for the same few sizes many times per run."""
    i, j = np.triu_indices(n, k=1)
    i.setflags(write=False)
    j.setflags(write=False)
    return i, j


def sign_test_p(above: int, n: int) -> float:
    """One-sided sign test: the chance that a fair coin puts `above` or more of `n` values on one side. Pure
    arithmetic (no scipy): a count of values above a level is judged without assuming their spread."""
    if n <= 0:
        return 1.0
    return float(sum(math.comb(n, k) for k in range(max(0, above), n + 1))) / 2.0 ** n


def ols_slope(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Least-squares slope and its standard error (inf when it cannot be estimated)."""
    ok = np.isfinite(x) & np.isfinite(y)
    x, y = x[ok], y[ok]
    if x.size < 3:
        return 0.0, float("inf")
    xm = x - x.mean()
    sxx = float(np.dot(xm, xm))
    if sxx == 0:
        return 0.0, float("inf")
    slope = float(np.dot(xm, y - y.mean()) / sxx)
    resid = y - y.mean() - slope * xm
    se = float(np.sqrt(np.dot(resid, resid) / (x.size - 2) / sxx))
    return slope, se


def noise_level(values: np.ndarray) -> float:
    """Point-to-point noise (a standard deviation) that a smooth trend does not inflate.

    MAD of second differences / sqrt(6): for white noise around any locally-linear trend this equals sigma.
    """
    x = finite_values(values)
    if x.size < 4:
        return mad(np.diff(x), scratch=True) / np.sqrt(2.0) if x.size >= 3 else 0.0
    return mad(np.diff(x, n=2), scratch=True) / np.sqrt(6.0)


def finite_values(values: np.ndarray) -> np.ndarray:
    """The finite values, in order: `values` itself (no copy) when all are finite."""
    ok = np.isfinite(values)
    return values if ok.all() else values[ok]


def bin_medians(steps: np.ndarray, values: np.ndarray, max_bins: int = 120
                ) -> tuple[np.ndarray, np.ndarray, int]:
    """Reduce a long series to at most `max_bins` consecutive-index bins: (median step, median value, bin size).

    Medians keep the level and ignore isolated spikes, so shape rules see the trend of a noisy step-level curve.
    """
    n = values.size
    if n <= max_bins:
        return steps.astype(np.float64), values.astype(np.float64), 1
    k = int(np.ceil(n / max_bins))
    m = n // k
    v = values[: m * k].reshape(m, k)
    s = steps[: m * k].reshape(m, k)
    xs, ys = np.empty(m), np.empty(m)
    rows = max(1, _BLOCK * 16 // k)  # bins at a time: np.median copies what it partitions (bounded, not 2 x n)
    for a in range(0, m, rows):
        xs[a: a + rows] = np.median(s[a: a + rows], axis=1)
        ys[a: a + rows] = np.median(v[a: a + rows], axis=1)
    if m * k < n:  # the tail that does not fill a bin is its own (shorter) bin
        xs = np.append(xs, np.median(steps[m * k:]))
        ys = np.append(ys, np.median(values[m * k:]))
    return xs, ys, k


def rolling_median(values: np.ndarray, window: int) -> np.ndarray:
    """Centred rolling median (edges use the nearest values); window is forced odd and >= 3."""
    w = max(3, int(window) | 1)
    v = np.asarray(values, dtype=np.float64)  # read only: no copy
    if v.size * w <= _SHORT * 32 and np.isfinite(v).all():  # an odd window's median is one of its values: exact
        return _window_medians(np.pad(v, w // 2, mode="edge"), w, finite=True)
    from scipy import ndimage

    return ndimage.median_filter(v, size=w, mode="nearest")


def centered_median(values: np.ndarray, half: int) -> np.ndarray:
    """np.median of values[i-half : i+half+1] (cut at the ends) for every i, without a per-point Python loop:
    the full windows as a strided view (a running median filter for long all-finite series: an odd window's
    median is one of its values, so both are exact; np.median's NaN semantics otherwise)."""
    v = np.asarray(values, dtype=np.float64).copy()
    n = v.size
    half = int(half)
    if half <= 0 or n == 0:
        return v
    finite = bool(np.isfinite(v).all())
    w = 2 * half + 1
    if n >= w:
        if finite and n * w > _SHORT * 32:
            from scipy import ndimage

            out = ndimage.median_filter(v, size=w, mode="nearest")
        else:
            out = np.empty(n)
            out[half: n - half] = _window_medians(v, w, finite)
        edges = (*range(half), *range(n - half, n))
    else:
        out = np.empty(n)
        edges = tuple(range(n))
    med = median if finite else (lambda a: float(np.median(a)))
    for i in edges:  # the ends use the part of the window that exists
        out[i] = med(v[max(0, i - half): i + half + 1])
    return out


def _window_medians(v: np.ndarray, w: int, finite: bool = False) -> np.ndarray:
    """np.median of every full window of `w` (odd) consecutive values, in blocks (bounds np.median's copy). For
    finite values the middle order statistic is taken directly: the same value without np.median's overhead."""
    windows = np.lib.stride_tricks.sliding_window_view(v, w)
    out = np.empty(windows.shape[0])
    for a in range(0, windows.shape[0], _BLOCK):
        block = windows[a: a + _BLOCK]
        out[a: a + _BLOCK] = (np.partition(block, w // 2, axis=1)[:, w // 2] if finite and w % 2 else
                              np.median(block, axis=1))
    return out


_BLOCK = 1 << 16  # rows of running-median windows taken at once (bounds np.median's copy)


def reversal_rate(y: np.ndarray) -> float:
    """Share of consecutive steps whose direction flips (about 2/3 for white noise, 0 for a monotone curve)."""
    d = np.sign(np.diff(y[np.isfinite(y)]))
    d = d[d != 0]
    if d.size < 2:
        return 0.0
    return float(np.mean(d[1:] != d[:-1]))


def best_split(y: np.ndarray, min_size: int = 2) -> tuple[int, float]:
    """The single change point in the mean that most reduces the squared error: (index, share of SSE removed).

    The split is between y[:index] and y[index:]. Vectorised with cumulative sums.
    """
    y = y[np.isfinite(y)]
    n = y.size
    if n < 2 * min_size:
        return 0, 0.0
    c1 = np.cumsum(y)
    c2 = np.cumsum(y * y)
    total = float(c2[-1] - c1[-1] ** 2 / n)
    if total <= 0:
        return 0, 0.0
    k = np.arange(min_size, n - min_size + 1)
    left = c2[k - 1] - c1[k - 1] ** 2 / k
    right = (c2[-1] - c2[k - 1]) - (c1[-1] - c1[k - 1]) ** 2 / (n - k)
    sse = left + right
    i = int(np.argmin(sse))
    return int(k[i]), float(1.0 - sse[i] / total)


def longest_true_run(mask: np.ndarray) -> tuple[int, int] | None:
    """The longest run of True in `mask` as (start, end) indices, end exclusive; the first one on ties."""
    edges = np.diff(np.concatenate(([0], np.asarray(mask, dtype=bool).astype(np.int8), [0])))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    if starts.size == 0:
        return None
    i = int(np.argmax(ends - starts))
    return int(starts[i]), int(ends[i])


def monotone_share(y: np.ndarray, increasing: bool = True) -> float:
    """Share of consecutive differences that go the given way (ties count as half)."""
    d = np.diff(y[np.isfinite(y)])
    if d.size == 0:
        return 0.0
    good = (d > 0) if increasing else (d < 0)
    return float((good.sum() + 0.5 * (d == 0).sum()) / d.size)


def autocorrelation(x: np.ndarray) -> np.ndarray:
    """Normalised autocorrelation of the finite values for lags 0..n-1 (FFT, O(n log n)); unbiased per lag.

    Written for long step-level series (10M points): the padded input, the spectrum and its power share buffers
    and are released as soon as they are used, so the peak is about four copies of the series, not twelve."""
    x = finite_values(x)
    n = x.size
    if n < 3:
        return np.ones(max(n, 1))
    size = fast_fft_size(2 * n - 1)  # any zero padding >= 2n - 1 gives the linear (not circular) correlation
    buf = np.zeros(size)
    np.subtract(x, x.mean(), out=buf[:n])
    f = np.fft.rfft(buf)
    del buf
    re, im = f.real, f.imag
    power_im = im * im
    np.multiply(re, re, out=re)
    re += power_im  # f * conj(f), in place: a*a + b*b and an exact zero imaginary part
    del power_im
    im[...] = 0.0
    full = np.fft.irfft(f, size)
    del f, re, im
    acf = full[:n].copy()
    del full
    if acf[0] <= 0:
        return np.zeros(n)
    np.divide(acf, acf[0], out=acf)
    np.multiply(acf, n, out=acf)
    np.divide(acf, n - np.arange(n), out=acf)
    return acf


def fast_fft_size(n: int) -> int:
    """The smallest 2^a 3^b 5^c >= n: an FFT of a length with a large prime factor is 10-40x slower (2n for a
    series of 2,999,981 points took 6 s instead of 0.2 s)."""
    best = 1 << max(0, (n - 1).bit_length())
    p5 = 1
    while p5 < best:
        p35 = p5
        while p35 < best:
            p = p35
            while p < n:
                p *= 2
            best = min(best, p)
            p35 *= 3
        p5 *= 5
    return best


def peak_lags(acf: np.ndarray, min_lag: int = 2, top: int = 5) -> list[int]:
    """The lags (up to a third of the series) where an autocorrelation (`autocorrelation(x)`) has its highest local
    maxima, best first."""
    hi = acf.size // 3
    if hi <= min_lag + 1:
        return []
    seg = acf[min_lag:hi + 1]
    peaks = np.flatnonzero((seg[1:-1] > seg[:-2]) & (seg[1:-1] >= seg[2:])) + 1
    peaks = peaks[seg[peaks] > 0]
    return [int(p) + min_lag for p in peaks[np.argsort(-seg[peaks])][:top]]


def fold_test(x: np.ndarray, lag: int) -> tuple[float, float]:
    """Does the position within a repeating cycle of `lag` points explain x? One-way ANOVA of x grouped by
    index mod lag: (p-value, spread of the position means as a standard deviation)."""
    x = finite_values(x)
    n = x.size
    if lag < 2 or n < 3 * lag:
        return 1.0, 0.0
    pos = np.arange(n) % lag
    count = (n // lag + (np.arange(lag) < n % lag)).astype(np.float64)  # points at each position
    means = np.bincount(pos, weights=x, minlength=lag) / count
    grand = float(x.mean())
    ssb = float(np.dot(count, (means - grand) ** 2))
    resid = means[pos]  # the squared residuals in one buffer (a 10M-point series: 80 MB, not 240)
    del pos
    np.subtract(x, resid, out=resid)
    np.square(resid, out=resid)
    ssw = float(np.sum(resid))
    del resid
    if ssw <= 0:
        return (0.0, float(np.std(means))) if ssb > 0 else (1.0, 0.0)
    f = (ssb / (lag - 1)) / (ssw / (n - lag))
    from scipy.special import fdtrc  # the F distribution's survival function, without importing scipy.stats

    return float(fdtrc(lag - 1, n - lag, f)), float(np.std(means))
