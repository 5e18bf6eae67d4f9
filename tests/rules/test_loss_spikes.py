"""LD109 loss_spikes."""
from __future__ import annotations

import json
from pathlib import Path

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
    small = names(run_of("step", loss=_spiky(scale=1e-4)), judged=True)
    assert small == names(run_of("step", loss=_spiky(scale=1e4)), judged=True)


def test_divergence_explains_spikes() -> None:
    y = np.concatenate([decay(20, 2.3, 0.5, tau=4), 0.5 * 1.3 ** np.arange(1, 21)])
    y[30] *= 5
    rep = names(run_of(loss=y), judged=True)
    assert rep.get("loss_spikes") in (None, "info")


def test_hard_batch_in_the_noisy_early_part_is_not_a_spike() -> None:
    """healthy_step_lr-s4 of the fault benchmark: batch-loss noise is multiplicative and shrinks after the LR decay,
    so one batch at 3.8x the trend early on (others reach 2x) is a hard batch, though against the whole run's noise
    level it scores z = 54; a real blow-up in the quiet part still is a spike."""
    data = json.loads((Path(__file__).parent / "data" / "healthy_step_lr_s4.json").read_text())
    y = np.array(data["train_loss_step"])
    assert not findings("LD109", run_of("step", steps=data["steps"], loss=y))
    y[450] = 30 * np.median(y[430:470])
    (f,) = findings("LD109", run_of("step", steps=data["steps"], loss=y))
    assert f.evidence["spike_steps"] == [data["steps"][450]] and f.evidence["noise_in_log_space"] is True


# lr_high_no_decay-s6 of the fault benchmark (Adam 0.05, constant): the training loss, per epoch
LR_HIGH_S6 = [0.6411, 0.3555, 0.3215, 0.3828, 0.4044, 0.2522, 0.3502, 0.3314, 0.2198, 0.145, 0.2609, 0.2514, 0.2889,
              0.1401, 0.05398, 0.1636, 0.1583, 0.03534, 0.1211, 0.07974, 0.08578, 0.05102, 0.04967, 0.03248, 0.009073,
              0.0272, 0.1399, 0.02483, 0.02706, 2.614e-06, 0.07684, 4.788e-06, 0.01934, 0.006788, 4.215e-06, 3.165e-05,
              3.051e-06, 9.278e-07, 6.081e-07, 5.088e-07]


def test_epoch_loss_near_zero_thrown_back_up_is_a_spike_on_the_log_scale() -> None:
    """Near 1e-6 the loss jumps back to 0.08-0.14 (12-22% of its start), invisible on a linear scale next to the
    noisy start; the same jumps 1000x smaller (never reaching 5% of the start) are not counted as spikes."""
    (f,) = findings("LD109", run_of(loss=LR_HIGH_S6))
    assert f.evidence["noise_in_log_space"] is True and 30.0 in f.evidence["spike_epochs"]
    tiny = np.array(LR_HIGH_S6)
    tiny[24:] *= 1e-3
    assert all(x < 24 for f in findings("LD109", run_of(loss=tiny)) for x in f.evidence["spike_epochs"])


def test_spikes_that_recur_do_not_hide_in_the_neighbour_noise_they_inflate() -> None:
    """Python logging lines (families v11): a deviance near 4.9 jumps to 333, 287 and 318 in epochs 5, 10 and 15
    (a shard re-exported in cents), and the validation loss jumps with them. Each spike sits in its own and both
    neighbours' distances, 9 of 16: they made the noise and hid in it. A gently noisy curve stays quiet."""
    train = [6.2918, 4.9618, 4.8962, 4.8964, 333.35, 4.9201, 4.8712, 4.8634, 4.8601, 286.98, 4.9903, 4.8612,
             4.8704, 4.8401, 318.55, 4.9512, 4.8603, 4.8302]
    val = [5.19, 5.01, 5.02, 5.04, 5.62, 4.99, 4.98, 5.03, 5.02, 6.63, 5.0, 5.04, 5.02, 5.01, 5.93, 5.04, 5.0, 5.0]
    (f,) = findings("LD109", run_of(loss=train, val_loss=val))
    assert f.evidence["spike_epochs"] == [4.0, 9.0, 14.0]
    rng = np.random.default_rng(0)
    quiet = 4.9 * (1 + 0.01 * rng.standard_normal(18))
    assert not findings("LD109", run_of(loss=quiet, val_loss=val))
