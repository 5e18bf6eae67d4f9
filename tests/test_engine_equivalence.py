"""The engine's fast paths make the same decisions as the plain loops they replace (exactness, not speed)."""
from __future__ import annotations

import math

import numpy as np

from lossdoctor import stats
from lossdoctor.rules import _pair as C


def _keras_early_stopping(values: list[float], patience: int, min_delta: float) -> tuple[int | None, int]:
    """The callback's own per-epoch loop (the reference)."""
    best, best_i, wait = math.inf, 0, 0
    for i, x in enumerate(values):
        if x < best - min_delta:
            best, best_i, wait = float(x), i, 0
        else:
            wait += 1
            if wait >= patience:
                return i, best_i
    return None, best_i


def test_early_stopping_sim_matches_the_callbacks_loop() -> None:
    rng = np.random.default_rng(0)
    for t in range(3000):
        n = int(rng.integers(0, 40))
        v = np.cumsum(rng.normal(0, 1, n)) if t % 2 else rng.normal(0, 1, n)
        if n and t % 5 == 0:
            v[rng.integers(0, n, 3)] = np.nan
        if n and t % 7 == 0:
            v[rng.integers(0, n, 2)] = np.inf
        pat, md = int(rng.integers(0, 8)), (0.0, 0.0, 0.1, 0.5, 1e-9)[t % 5]
        assert C.early_stopping_sim(v, pat, md) == _keras_early_stopping(list(v), pat, md)
    for t in range(40):  # long curves take the array path
        n = 5000 + t
        v = np.cumsum(rng.normal(0, 1, n)) + (np.arange(n) * 0.002 if t % 2 else 0)
        v[rng.integers(0, n, 20)] = np.nan
        pat, md = int(rng.integers(1, 400)), (0.0, 0.0, 0.5, 2.0)[t % 4]
        assert C.early_stopping_sim(v, pat, md) == _keras_early_stopping(list(v), pat, md)


def test_common_steps_equals_intersect1d() -> None:
    rng = np.random.default_rng(1)
    for _ in range(300):
        a = np.unique(rng.integers(0, 60, int(rng.integers(0, 40))).astype(float))
        b = np.unique(rng.integers(0, 60, int(rng.integers(0, 40))).astype(float))
        for x, y in ((a, b), (b, a), (a, a.copy())):
            common, ix, iy = C.common_steps(x, y)
            want = np.intersect1d(x, y, return_indices=True)
            assert np.array_equal(common, want[0])
            assert np.array_equal(x[ix], x[want[1]]) and np.array_equal(y[iy], y[want[2]])


def test_longest_true_run_is_the_first_longest() -> None:
    rng = np.random.default_rng(2)
    for _ in range(500):
        mask = rng.random(int(rng.integers(0, 30))) < 0.6
        best, start = None, None
        for i, m in enumerate(list(mask) + [False]):
            if m and start is None:
                start = i
            elif not m and start is not None:
                if best is None or i - start > best[1] - best[0]:
                    best = (start, i)
                start = None
        assert stats.longest_true_run(mask) == best


def test_memoised_views_are_read_only_and_shared() -> None:
    from lossdoctor import Axis
    from lossdoctor.readers._base import Points, make_run

    s = np.arange(200, dtype=float)
    run = make_run("r", "r", "t", {"loss": Points.of(s, 1 / (1 + s)), "val_loss": Points.of(s, 1.1 / (1 + s))},
                   Axis.EPOCH)
    p = C.pair(run)
    assert p is not None and not p.val.flags.writeable
    assert C.smooth_centered(p.val) is C.smooth_centered(p.val)  # computed once for the read-only view
    assert C.noise(p.val) == C.noise(np.array(p.val))  # a writable copy gives the same number, uncached
    steps, values = C.finite(run.series[0])
    assert not values.flags.writeable and C.finite(run.series[0])[1] is values


def _fold_test_reference(x: np.ndarray, lag: int) -> tuple[float, float]:
    """fold_test as first written (three full-length temporaries)."""
    from scipy.special import fdtrc

    x = x[np.isfinite(x)]
    n = x.size
    pos = np.arange(n) % lag
    count = np.bincount(pos, minlength=lag).astype(np.float64)
    means = np.bincount(pos, weights=x, minlength=lag) / count
    ssb = float(np.dot(count, (means - float(x.mean())) ** 2))
    ssw = float(np.sum((x - means[pos]) ** 2))
    return float(fdtrc(lag - 1, n - lag, (ssb / (lag - 1)) / (ssw / (n - lag)))), float(np.std(means))


def test_fold_test_in_one_buffer_is_bit_identical() -> None:
    for n, lag in ((100, 7), (1000, 3), (99_991, 229), (300_007, 2773)):
        x = np.random.default_rng(n).standard_normal(n)
        x[::lag] += 0.05
        x[5] = np.nan
        assert stats.fold_test(x, lag) == _fold_test_reference(x, lag)
