"""LD107 divergence."""
from __future__ import annotations

import numpy as np

from _shapes import decay, findings, names, run_of


def _diverging(scale: float = 1.0) -> np.ndarray:
    y = np.concatenate([decay(10, 2.3, 0.5, tau=3), 0.5 * 1.4 ** np.arange(1, 11)])
    return y * scale


def test_fires_with_growth_numbers() -> None:
    (f,) = findings("LD107", run_of(loss=_diverging()))
    assert f.severity.label == "error"
    assert f.evidence["growth_vs_best"] > 10 and f.evidence["growth_vs_start"] > 3
    assert 8 <= f.evidence["best_epoch"] <= 11
    assert {c.cause for c in f.causes} >= {"lr_too_high", "exploding_gradients"}


def test_scaled_copies_agree() -> None:
    small, big = run_of(loss=_diverging(1e-4)), run_of(loss=_diverging(1e4))
    assert names(small, judged=True) == names(big, judged=True) and "divergence" in names(big, judged=True)


def test_both_rising_from_start() -> None:
    y = 1.0 + 0.05 * np.arange(20)
    (f,) = findings("LD107", run_of(loss=y, val_loss=y * 1.1))
    assert f.evidence["rising_from_start"] is True
    assert "bad_initialization" in {c.cause for c in f.causes}


def test_nan_explains_divergence() -> None:
    y = list(_diverging()) + [float("nan")] * 3
    rep = names(run_of(loss=y), judged=True)
    assert rep["nan_inf"] == "error" and rep["divergence"] == "info"


def test_silent_on_healthy_and_on_mild_rebound() -> None:
    assert not findings("LD107", run_of(loss=decay(40, noise=0.02)))
    y = np.concatenate([decay(20, 2.3, 0.3), 0.3 + 0.02 * np.arange(1, 11)])
    assert not findings("LD107", run_of(loss=y))


def test_step_level_5k_noisy() -> None:
    n = 5000
    t = np.arange(n)
    base = np.where(t < 3000, 2.3 * np.exp(-t / 600) + 0.2, 0.2 * np.exp((t - 3000) / 500))
    y = base * (1 + 0.1 * np.random.default_rng(1).standard_normal(n))
    (f,) = findings("LD107", run_of("step", loss=y))
    assert 2500 <= f.evidence["best_step"] <= 3300
