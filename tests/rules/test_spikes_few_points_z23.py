"""LD109 loss_spikes on a step-level loss logged a few times an epoch: jumps that last a few points (rules-z23).

Families v17 and v21 (a Trainer's `loss` every 10 steps, 24-33 points): the loss went 0.25 -> 1.1 and back over
three logged points, three times, the validation loss jumping with it; a centred median of 5 points, which such a
jump makes up most of, saw nothing, and the 3x bar is for one batch's heavy-tailed loss."""
from __future__ import annotations

import importlib

import numpy as np

from _shapes import decay, findings, run_of

LS = importlib.import_module("lossdoctor.rules.loss_spikes")
STEPS = [10.0 * (i + 1) for i in range(24)]
TEETH = (7, 13, 19)  # each jump lasts three logged points: x3.5, x4, x2.5 of the curve


def _curves(teeth: tuple[int, ...] = TEETH, val_jumps: bool = True, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    train = decay(24, 1.2, 0.2, tau=4, noise=0.08, seed=seed)
    val = decay(24, 1.1, 0.15, tau=4, noise=0.04, seed=seed + 10)
    for t in teeth:
        train[t:t + 3] *= np.array([3.5, 4.0, 2.5])
        if val_jumps:
            val[t + 1] *= 4.0
    return train, val


def test_three_point_jumps_the_validation_loss_shares_are_spikes() -> None:
    train, val = _curves()
    assert LS.find_spikes(np.array(STEPS), train, True) is None  # the centred median alone misses them
    (f,) = findings("LD109", run_of("step", steps=STEPS, loss=train, val_loss=val))
    assert f.evidence["count"] == 3
    assert [STEPS[t] <= x <= STEPS[t + 2] for t, x in zip(TEETH, f.evidence["spike_steps"])] == [True] * 3


def test_twin_without_jumps_is_silent() -> None:
    train, val = _curves(teeth=())
    assert not findings("LD109", run_of("step", steps=STEPS, loss=train, val_loss=val))


def test_one_jump_the_validation_loss_does_not_share_is_batch_noise() -> None:
    train, val = _curves(teeth=(13,), val_jumps=False)
    assert not findings("LD109", run_of("step", steps=STEPS, loss=train, val_loss=val))


def test_one_jump_the_validation_loss_shares_is_a_spike() -> None:
    train, val = _curves(teeth=(13,))
    (f,) = findings("LD109", run_of("step", steps=STEPS, loss=train, val_loss=val))
    assert f.evidence["count"] == 1


def test_heavy_tailed_sparse_noise_gets_no_new_spikes() -> None:
    """Single batches printed every few steps, noisy by a factor of 2 either way, beside a smooth validation loss:
    doublings happen (and recur) on their own there, and the validation loss does not share them, so the jumps
    measured against the level before them add nothing to what the step-level bars already say."""
    doubled = 0
    for seed in range(20):
        rng = np.random.default_rng(seed)
        train = decay(24, 1.2, 0.2, tau=4) * np.exp(0.6 * rng.standard_normal(24))
        y = np.log(train)
        doubled += sum(y[i] - np.median(y[max(0, i - 5):i]) >= np.log(2) for i in range(3, 23)) >= 2
        val = decay(24, 1.1, 0.15, tau=4, noise=0.04, seed=seed + 10)
        got = findings("LD109", run_of("step", steps=STEPS, loss=train, val_loss=val))
        assert (got != []) == (LS.find_spikes(np.array(STEPS), train, True) is not None), seed
    assert doubled >= 5  # the noise does reach the bar, more than once in a run


def test_scaled_copies_agree() -> None:
    train, val = _curves()
    small = findings("LD109", run_of("step", steps=STEPS, loss=train * 1e-4, val_loss=val * 1e-4))
    big = findings("LD109", run_of("step", steps=STEPS, loss=train * 1e4, val_loss=val * 1e4))
    assert [f.evidence["spike_steps"] for f in small] == [f.evidence["spike_steps"] for f in big] != []
