"""The bounded-memory path of the periodicity, fold and identical-values tests (rules/_long.py) gives the numbers
of the full-length computations. The length above which it is taken is lowered so the series stay small."""
from __future__ import annotations

import numpy as np
import pytest

from lossdoctor import stats
from lossdoctor.rules import _long


@pytest.fixture
def short_long(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_long, "LONG", 20_000)
    monkeypatch.setattr(_long, "_CHUNK", 7_001)


def _periodic(n: int, period: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    i = np.arange(n)
    return rng.normal(0, 1, n) + 0.4 * np.sin(2 * np.pi * i / period) + 0.5 * (i % period < 2)


@pytest.mark.parametrize(("period", "seed"), [(37, 0), (250, 1), (1000, 2)])
def test_long_lags_are_exact_autocorrelation_peaks_with_the_same_verdict(short_long: None, period: int,
                                                                        seed: int) -> None:
    x = _periodic(100_003, period, seed)  # 100,003 points in bins of 6
    acf = stats.autocorrelation(x)
    full = stats.peak_lags(acf)
    lags, at = _long.peak_lags(x)
    assert lags and all(2 <= k <= x.size // 3 for k in lags)
    for k in lags:  # the values reported are the full series' autocorrelation at those lags
        assert at[k] == pytest.approx(float(acf[k]), rel=1e-9, abs=1e-12)
        assert acf[k] >= acf[k - 1] and acf[k] >= acf[k + 1]  # and a local maximum of it
    # the repeating pattern is found either way: the best fold test of both lag sets is decisive
    assert min(stats.fold_test(x, k)[0] for k in lags) < 1e-12
    assert min(stats.fold_test(x, k)[0] for k in full) < 1e-12
    k = lags[0]  # the best lag is (near) a multiple of the period
    assert min(k % period, period - k % period) <= max(1, period // 20)


def test_long_lags_on_noise_find_no_pattern(short_long: None) -> None:
    x = np.random.default_rng(5).normal(0, 1, 60_000)
    lags, _ = _long.peak_lags(x)
    assert all(_long.fold_test(x, k)[0] * (x.size // 3) > 1e-3 for k in lags)


@pytest.mark.parametrize("lag", [2, 17, 4_000])
def test_fold_test_in_blocks_equals_the_full_one(short_long: None, lag: int) -> None:
    x = _periodic(50_000, 17, 3)
    p, amp = _long.fold_test(x, lag)
    p0, amp0 = stats.fold_test(x, lag)
    assert amp == pytest.approx(amp0, rel=1e-12)
    assert p == pytest.approx(p0, rel=1e-6, abs=1e-300)


def test_identical_count_matches_the_direct_count(short_long: None) -> None:
    rng = np.random.default_rng(7)
    t = np.round(rng.normal(1, 0.2, 50_000), 3)
    v = t.copy()
    v[::3] += 0.01  # a third differ
    v[5] = np.nan
    ok = np.isfinite(t) & np.isfinite(v)
    tt, vv = t[ok], v[ok]
    same = np.abs(tt - vv) <= 1e-6 * np.maximum(np.abs(tt), np.abs(vv)) + 1e-15
    assert _long.identical_count(t, v, 1e-6, 3) == (tt.size, int(same.sum()), np.unique(vv[same]).size,
                                                    np.unique(vv).size)
    assert v[0] == t[0] + 0.01  # the inputs are left as they were
    assert _long.identical_count(t, t + 1.0, 1e-6, 3) == (t.size, 0, 0, 0)
    assert _long.identical_count(t, np.full_like(t, 2.0), 1e-6, 3) is None  # constant validation


def test_step_spacing() -> None:
    steps = np.arange(0, 3_000, 3, dtype=float)
    steps[100:] += 1
    ok = np.ones(steps.size, dtype=bool)
    ok[::7] = False
    assert _long.step_spacing(steps, ok) == (float(steps[ok][0]), float(steps[ok][-1]),
                                             float(np.median(np.diff(steps[ok]))))
    assert steps[101] == 304.0  # not reordered
