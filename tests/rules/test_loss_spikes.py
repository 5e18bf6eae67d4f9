"""LD109 loss_spikes."""
from __future__ import annotations

import numpy as np

from _shapes import decay, findings, names, run_of


def _spiky(n: int = 5000, scale: float = 1.0) -> np.ndarray:
    y = decay(n, noise=0.05, seed=3)
    y[[1500, 3200]] *= np.array([6.0, 9.0])
    return y * scale


def test_finds_the_two_spikes_in_5k_noisy_steps() -> None:
    (f,) = findings("LD109", run_of("step", loss=_spiky()))
    assert f.evidence["spike_steps"] == [1500.0, 3200.0]
    assert f.evidence["max_z"] > 8 and f.evidence["max_ratio_to_trend"] > 5


def test_healthy_heavy_noise_is_silent() -> None:
    y = decay(5000, noise=0.3, seed=4)
    assert not findings("LD109", run_of("step", loss=np.abs(y)))


def test_jump_at_lr_restart_is_not_a_spike() -> None:
    n = 60
    y = decay(n, noise=0.005)
    y[30] = y[30] * 4
    assert findings("LD109", run_of(loss=y))
    assert not findings("LD109", run_of(loss=y, lr=np.r_[np.full(30, 1e-4), np.full(30, 1e-3)]))


def test_scaled_copies_agree() -> None:
    assert names(run_of("step", loss=_spiky(scale=1e-4))) == names(run_of("step", loss=_spiky(scale=1e4)))


def test_divergence_explains_spikes() -> None:
    y = np.concatenate([decay(20, 2.3, 0.5, tau=4), 0.5 * 1.3 ** np.arange(1, 21)])
    y[30] *= 5
    rep = names(run_of(loss=y))
    assert rep.get("loss_spikes") in (None, "info")
