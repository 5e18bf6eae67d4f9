"""stats.py: the numeric helpers the rules are built on."""
from __future__ import annotations

import numpy as np

from lossdoctor import stats


def _tb_ema(values: list[float], w: float) -> list[float]:
    """TensorBoard's smoothing written as a plain loop (the reference)."""
    out, last, n = [], 0.0, 0
    for v in values:
        if not np.isfinite(v):
            out.append(v)
            continue
        last = last * w + (1 - w) * v
        n += 1
        out.append(last / (1 - w ** n))
    return out


def test_ema_matches_tensorboard_and_passes_nan_through() -> None:
    v = [3.0, 2.0, float("nan"), 1.5, 1.0, float("inf"), 0.8]
    got = stats.ema_debiased(np.array(v), 0.6)
    want = _tb_ema(v, 0.6)
    assert np.allclose(got, want, equal_nan=True)
    assert abs(got[0] - 3.0) < 1e-12  # debiased: the first value is itself


def test_ema_short_loop_equals_scipy_lfilter_to_the_bit() -> None:
    """Short views are smoothed without scipy; the result must be what scipy.signal.lfilter gives, bit for bit."""
    from scipy import signal

    for n, w in ((5, 0.6), (120, 0.9047619047619048), (stats._SHORT, 0.99)):
        x = np.random.default_rng(n).standard_normal(n) * 10.0 ** np.random.default_rng(n + 1).integers(-6, 6)
        ref = signal.lfilter([1.0 - w], [1.0, -w], x)
        assert np.array_equal(stats._ema(x, w), ref)


def test_median_and_mad_equal_numpys_to_the_bit() -> None:
    rng = np.random.default_rng(3)
    for n in (1, 2, 3, 10, 11, 1000, 1001):
        x = rng.standard_normal(n) * 1e3
        assert stats.median(x) == np.median(x)
        assert stats.median(x.copy(), scratch=True) == np.median(x)
        if n >= 2:
            assert stats.mad(x) == float(1.4826 * np.median(np.abs(x - np.median(x))))
    with_nan = np.array([1.0, np.nan, 3.0, 2.0, np.inf])
    assert stats.mad(with_nan) == float(1.4826 * np.median(np.abs(np.array([1.0, 3, 2]) - 2.0)))
    assert np.isfinite(with_nan).sum() == 3  # the input is left as it was


def test_rolling_medians_numpy_path_equals_scipys_filter() -> None:
    from scipy import ndimage

    rng = np.random.default_rng(4)
    for n, w in ((50, 5), (300, 21), (1000, 41)):
        x = rng.standard_normal(n)
        assert np.array_equal(stats.rolling_median(x, w), ndimage.median_filter(x, size=w, mode="nearest"))
        half = w // 2
        want = np.array([np.median(x[max(0, i - half): i + half + 1]) for i in range(n)])
        assert np.array_equal(stats.centered_median(x, half), want)


def test_noise_level_ignores_a_trend() -> None:
    rng = np.random.default_rng(1)
    y = np.linspace(10, 0, 2000) + 0.1 * rng.standard_normal(2000)
    assert 0.08 < stats.noise_level(y) < 0.12
    assert stats.noise_level(np.linspace(10, 0, 50)) < 1e-9


def test_theil_sen_resists_an_outlier_and_ols_gives_its_error() -> None:
    x = np.arange(20, dtype=float)
    y = 2 * x + 1
    y[5] = 1000
    slope, _ = stats.theil_sen(x, y)
    assert abs(slope - 2) < 1e-9
    s, se = stats.ols_slope(x, 2 * x + np.random.default_rng(2).standard_normal(20) * 0.1)
    assert abs(s - 2) < 0.02 and 0 < se < 0.02


def test_bin_medians_keep_level_and_drop_spikes() -> None:
    v = np.ones(1000)
    v[::97] = 50.0
    x, y, k = stats.bin_medians(np.arange(1000.0), v, 100)
    assert k == 10 and y.size == 100 and np.all(y == 1.0)


def test_best_split_finds_a_level_change() -> None:
    y = np.r_[np.zeros(30), np.ones(20)] + 0.01 * np.random.default_rng(3).standard_normal(50)
    i, share = stats.best_split(y)
    assert i == 30 and share > 0.9


def test_reversal_rate_and_monotone_share() -> None:
    assert stats.reversal_rate(np.arange(10.0)) == 0.0
    assert 0.55 < stats.reversal_rate(np.random.default_rng(4).standard_normal(5000)) < 0.78
    assert stats.monotone_share(np.arange(10.0)) == 1.0


def test_fold_test_finds_the_period_and_not_noise() -> None:
    rng = np.random.default_rng(5)
    t = np.arange(600)
    saw = 0.3 * ((t % 20) / 20.0) + 0.1 * rng.standard_normal(600)  # a sawtooth of 20 points under noise
    assert 20 in stats.peak_lags(stats.autocorrelation(saw))
    p, amp = stats.fold_test(saw, 20)
    assert p < 1e-20 and 0.07 < amp < 0.11  # std of a 0..0.3 ramp is 0.087
    noise = rng.standard_normal(600)
    assert min(stats.fold_test(noise, lag)[0] for lag in stats.peak_lags(stats.autocorrelation(noise))) > 1e-4
    assert stats.fold_test(saw, 400) == (1.0, 0.0)  # fewer than 3 cycles


def test_mad_and_first_nonfinite() -> None:
    assert stats.mad(np.array([1.0])) == 0.0
    assert stats.first_nonfinite(np.array([1.0, 2.0, np.inf])) == 2
    assert stats.first_nonfinite(np.array([1.0])) is None


def test_peak_lags_of_a_series_with_only_negative_autocorrelation_peaks_is_empty() -> None:
    """A short noisy series whose every autocorrelation peak is negative: no candidate period (this once raised
    IndexError in the period search)."""
    x = np.array([-0.284, -0.674, 0.658, 0.692, 0.913, 2.049, 0.707, 0.635, 1.004, -1.542, 0.005, -1.513, 1.577,
                  -0.493, 1.773, 1.062, -0.552, -1.66, -1.124, 1.039, -0.321, -1.481, -0.225, 1.693, 1.609])
    assert stats.peak_lags(stats.autocorrelation(x), min_lag=3) == []
