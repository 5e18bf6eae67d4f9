"""LD106 oscillation."""
from __future__ import annotations

import numpy as np

from _shapes import decay, findings, names, run_of


def _bouncing(scale: float = 1.0) -> np.ndarray:
    t = np.arange(40)
    y = np.r_[decay(8, 2.3, 1.0, tau=2), 0.9 + 0.35 * np.sign(np.sin(t[8:] * 2.2)) * (1 + 0.2 * np.cos(t[8:]))]
    return y * scale


def test_fires_with_amplitude_against_trend() -> None:
    (f,) = findings("LD106", run_of(loss=_bouncing()))
    assert f.evidence["amplitude_of_level"] > 0.2 and f.evidence["reversal_share"] > 0.5
    assert f.causes[0].cause == "lr_too_high"


def test_scaled_copies_agree() -> None:
    assert names(run_of(loss=_bouncing(1e-4)), judged=True) == names(run_of(loss=_bouncing(1e4)), judged=True)


def test_healthy_noisy_decay_is_silent() -> None:
    assert not findings("LD106", run_of(loss=decay(60, noise=0.03)))
    assert not findings("LD106", run_of("step", loss=np.abs(decay(5000, noise=0.3))))


def test_periodic_step_loss_points_at_unshuffled_data() -> None:
    n, period = 3000, 50
    t = np.arange(n)
    y = (0.3 + 2.0 * np.exp(-t / 800)) * np.exp(0.6 * np.sin(2 * np.pi * t / period))
    y *= 1 + 0.05 * np.random.default_rng(0).standard_normal(n)
    (f,) = findings("LD106", run_of("step", loss=y))
    assert f.causes[0].cause == "unshuffled_data"
    assert abs(f.evidence["period_steps"] - period) <= 1


def test_stuck_at_chance_explains_oscillation() -> None:
    y = np.log(10) + 0.02 * np.sign(np.sin(np.arange(30) * 2.2))
    rep = names(run_of(loss=y, accuracy=np.full(30, 0.1)), judged=True)
    assert rep["stuck_at_chance"] == "error" and rep.get("oscillation") in (None, "info")
