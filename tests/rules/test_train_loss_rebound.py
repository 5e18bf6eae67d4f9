"""LD110 train_loss_rebound."""
from __future__ import annotations

import numpy as np

from _shapes import decay, findings, names, run_of


def _u_shape(scale: float = 1.0) -> np.ndarray:
    return np.r_[decay(20, 2.0, 0.3, tau=4), 0.3 + 0.04 * np.arange(1, 16)] * scale


def test_u_shape_fires_with_min_and_share() -> None:
    (f,) = findings("LD110", run_of(loss=_u_shape()))
    assert 15 <= f.evidence["min_epoch"] <= 21 and f.evidence["rise_share_of_gain"] > 0.15
    assert f.causes[0].cause == "lr_too_high"


def test_scaled_copies_agree() -> None:
    assert names(run_of(loss=_u_shape(1e-4)), judged=True) == names(run_of(loss=_u_shape(1e4)), judged=True)


def test_warm_restart_is_not_a_rebound() -> None:
    lr = np.r_[np.linspace(1e-3, 1e-5, 20), np.full(15, 1e-3)]
    assert not findings("LD110", run_of(loss=_u_shape(), lr=lr))


def test_rise_past_the_start_is_divergence_not_rebound() -> None:
    y = np.r_[decay(10, 2.0, 0.5, tau=3), 0.5 * 1.4 ** np.arange(1, 11)]
    assert not findings("LD110", run_of(loss=y))


def test_noise_around_a_floor_is_silent() -> None:
    assert not findings("LD110", run_of(loss=decay(40, noise=0.02)))
