"""Display decimation keeps extremes, non-finite points and marker positions."""
from __future__ import annotations

import numpy as np

from lossdoctor.report.decimate import decimate, minmax_indices


def test_short_series_untouched() -> None:
    y = np.arange(100.0)
    assert np.array_equal(minmax_indices(y, 50), np.arange(100))


def test_keeps_extremes_and_nonfinite() -> None:
    rng = np.random.default_rng(0)
    n = 1_000_000
    y = np.cumsum(rng.normal(size=n))
    y[123_457] = 1e6  # a spike
    y[654_321] = -1e6  # a dip
    y[900_001] = np.nan
    y[900_002] = np.inf
    idx = minmax_indices(y, 2000)
    assert idx.size < 2000 * 6 + 10
    assert np.all(np.diff(idx) > 0)
    for i in (0, n - 1, 123_457, 654_321, 900_001, 900_002):
        assert i in idx
    # each bucket's finite min and max survive
    size = -(-n // 2000)
    for b in (0, 777, 1999):
        seg = y[b * size:(b + 1) * size]
        kept = y[idx[(idx >= b * size) & (idx < (b + 1) * size)]]
        assert np.nanmin(seg[np.isfinite(seg)]) == np.nanmin(kept[np.isfinite(kept)])
        assert np.nanmax(seg[np.isfinite(seg)]) == np.nanmax(kept[np.isfinite(kept)])


def test_marker_points_kept_exactly() -> None:
    steps = np.arange(0, 2_000_000, 2, dtype=np.float64)
    y = np.sin(steps / 1e4)
    marker_x = np.array([123_456.0, 1_500_002.0, 7.0])  # 7 is not a logged step: nothing to keep
    x, v = decimate(steps, y, 1000, keep_x=marker_x)
    assert 123_456.0 in x and 1_500_002.0 in x
    assert v[np.searchsorted(x, 123_456.0)] == y[123_456 // 2]
    assert x.size < 7000
