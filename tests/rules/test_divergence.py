"""LD107 divergence."""
from __future__ import annotations

import math

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


def test_validation_loss_blown_up_after_one_epoch() -> None:
    # fast.ai lesson 2 at max_lr=0.5: train 12.22, valid 1.1e9, error rate 0.77 - one epoch, blown-up logits
    run = run_of(loss=[12.22], val_loss=[1.144e9], error_rate=[0.766])
    (f,) = findings("LD107", run)
    assert f.severity.label == "warning" and f.evidence["pattern"] == "validation_blown_up"
    assert f.evidence["ratio_to_training"] > 1e7
    assert f.causes[0].cause == "lr_too_high"
    assert names(run)["divergence"] == "warning"


def test_blown_validation_needs_a_classifier_an_order_of_magnitude_and_its_worst_value() -> None:
    assert not findings("LD107", run_of(loss=[12.22], val_loss=[1144.0]))  # no accuracy: no cross-entropy ceiling
    assert not findings("LD107", run_of(loss=[12.22], val_loss=[95.0], accuracy=[0.3]))  # under 10x the training loss
    # a summed validation loss falling epoch after epoch ends below its worst value: a model learning
    falling = run_of(loss=[2.1, 1.5, 1.2, 1.0, 0.9], val_loss=[900.0, 600.0, 450.0, 400.0, 380.0],
                     accuracy=[0.5, 0.7, 0.8, 0.85, 0.87])
    assert not findings("LD107", falling)


def test_a_climb_onto_ln_c_that_stays_there_is_a_constant_output_not_a_divergence() -> None:
    # a lucky first batch at 0.51, then ln 2 +- 0.02 for the whole binary run beside a validation accuracy pinned at
    # 0.53: the model collapsed to a constant guess (stuck_at_chance), the loss is not growing
    rng = np.random.default_rng(5)
    y = np.concatenate([[0.5057, 0.61, 0.668], math.log(2) + 0.015 * rng.standard_normal(17)])
    run = run_of(loss=y, val_accuracy=[0.4725] + [0.5275] * 19)
    assert not findings("LD107", run)
    assert names(run)["stuck_at_chance"] == "error"
    # the same climb going on past ln 2 is a divergence
    assert findings("LD107", run_of(loss=np.concatenate([[0.5057, 0.61, 0.668], 0.7 * 1.06 ** np.arange(17)]),
                                    val_accuracy=[0.4725] + [0.5275] * 19))
