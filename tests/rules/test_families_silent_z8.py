"""After release 15 (rules-z8): the families' silent findings (generalization_gap, val_below_train, underfitting),
each fixed by one principle on a realistic generated curve, with a healthy control beside it that must stay quiet."""
from __future__ import annotations

import numpy as np

from _shapes import findings, run_of


# -- generalization_gap: a noisy validation loss that never once comes down to training ------------------------------

def _shifted(noise: float, seed: int = 3, n: int = 12) -> dict[str, np.ndarray]:
    """families v9 (validation clouds from a sparser sensor, 6 points each): training falls 1.2 -> 0.3 and reaches
    93% accuracy; validation sits at 1.2-1.6 from the first epoch, jumping +-0.15 (few validation rows), at 45-55%."""
    rng = np.random.default_rng(seed)
    t = np.arange(n, dtype=np.float64)
    train = 0.3 + 0.9 * np.exp(-t / 2.5)
    val = 1.4 + noise * rng.standard_normal(n)
    acc = 0.93 - 0.5 * np.exp(-t / 1.2)
    val_acc = np.linspace(0.45, 0.55, n) + 0.02 * rng.standard_normal(n)
    return {"loss": train, "val_loss": val, "accuracy": acc, "val_accuracy": val_acc}


def test_a_noisy_validation_loss_far_above_training_at_every_evaluation_is_a_gap() -> None:
    """The early gap (0.8) is under 5x the noise of a validation loss that jumps 0.15 an epoch, yet validation is
    above training at every one of 11 evaluations after the first: no noise around a shared level does that."""
    run = run_of(**_shifted(noise=0.17))
    (f,) = findings("LD118", run)
    assert f.evidence["gap_share_of_val_early"] > 0.2
    # a validation loss that noisy is what a handful of validation rows gives: a cause beside the shift
    assert {c.cause for c in f.causes[:2]} == {"distribution_shift", "small_validation_set"}


def test_a_validation_loss_that_dips_to_training_once_keeps_the_noise_test() -> None:
    """Control: the same noisy run whose validation dips below training once (a noisy evaluation that reaches the
    training level) has no sign test to lean on, and its early gap is under 5x its noise: no finding."""
    s = _shifted(noise=0.17)
    s["val_loss"] = s["val_loss"].copy()
    s["val_loss"][6] = s["loss"][6] * 0.95
    assert not findings("LD118", run_of(**s))


def test_a_healthy_run_with_validation_a_little_above_training_stays_quiet() -> None:
    """Healthy control: validation 10% above a falling training loss on every evaluation (the ordinary difference
    between seen and unseen data), accuracies 2 points apart: not a gap."""
    t = np.arange(15, dtype=np.float64)
    train = 0.2 + 2.0 * np.exp(-t / 3)
    acc = 0.95 - 0.8 * np.exp(-t / 3)
    assert not findings("LD118", run_of(loss=train, val_loss=1.1 * train, accuracy=acc, val_accuracy=acc - 0.02))


# -- val_below_train: a lasting offset read off every evaluation, not one evaluation's noise ---------------------------

def _stochastic_depth(seed: int = 0, n: int = 15, below: float = 0.08) -> tuple[np.ndarray, np.ndarray]:
    """families v9 (a residual regressor with stochastic depth 0.2, MSE): training falls 0.2 -> 0.028; validation,
    measured without the dropped blocks, sits ~8% below it on most evaluations, with an evaluation noise (7%)
    about as large as the gap."""
    rng = np.random.default_rng(seed)
    t = np.arange(n, dtype=np.float64)
    base = 0.028 + 0.17 * np.exp(-t / 1.3)
    train = base * (1 + 0.01 * rng.standard_normal(n))
    val = (1 - below) * base * (1 + 0.07 * rng.standard_normal(n))
    return train, val


def test_validation_below_training_on_most_evaluations_by_8_percent_is_read_despite_its_noise() -> None:
    """The median gap (8% of training) is under twice one evaluation's noise, but it is read off 13 evaluations: twice
    the standard error of its median is about half the gap."""
    train, val = _stochastic_depth()
    (f,) = findings("LD114", run_of(loss=train, val_loss=val))
    assert f.severity.label == "info" and f.evidence["median_gap_share_of_train"] > 0.05


def test_validation_around_training_is_not_below_it() -> None:
    """Healthy control: the same noisy validation loss centred on training (no offset): no finding."""
    train, val = _stochastic_depth(below=0.0)
    assert not findings("LD114", run_of(loss=train, val_loss=val))


# -- underfitting: a classifier still high after its whole run, however it still falls --------------------------------

def _linear_model(n: int = 12, seed: int = 0) -> dict[str, np.ndarray]:
    """families v13 (an Inception net whose activations are never applied: a linear model, 5 classes): the training
    loss falls from ln 5 = 1.61 to 1.07 over 12 epochs, still falling, with the training accuracy at 0.6."""
    rng = np.random.default_rng(seed)
    t = np.arange(n, dtype=np.float64)
    loss = 1.6 - 0.045 * t * (1 + 0.01 * rng.standard_normal(n))
    acc = 0.22 + 0.034 * t
    return {"loss": loss, "val_loss": loss * 1.04, "accuracy": acc, "val_accuracy": acc - 0.02}


def test_a_classifier_still_at_two_thirds_of_its_start_after_the_run_has_not_fitted_the_data() -> None:
    (f,) = findings("LD102", run_of(**_linear_model()))
    assert f.severity.label == "info" and f.confidence <= 0.5
    assert "still falling" in f.message.en and "has not fitted the training data yet" in f.message.en


def test_a_healthy_classifier_that_halved_its_loss_and_still_falls_is_not_underfit() -> None:
    """Healthy control: the same 12 epochs with the loss falling from 1.6 to 0.5 (a third of its start) at 0.85
    accuracy: still improving, not under-fit."""
    t = np.arange(12, dtype=np.float64)
    loss = 0.4 + 1.2 * np.exp(-t / 5)
    acc = 0.85 - 0.63 * np.exp(-t / 5)
    assert not findings("LD102", run_of(loss=loss, val_loss=loss * 1.05, accuracy=acc, val_accuracy=acc - 0.02))


def test_a_capped_loss_beside_a_climbing_accuracy_says_nothing_about_the_fit() -> None:
    """Control (an opened CIFAR-100 distillation log): a summed loss that fell only from 4.97 to 4.0 while the
    accuracy climbed from 0.09 to 0.81 gives the right class exp(-4.0) = 2%, far below what the accuracy says is
    right: the level is the objective's, not a model that has not fitted."""
    loss = np.linspace(4.97, 4.0, 30)  # still falling at the end, fast enough not to be a creep
    acc = np.linspace(0.09, 0.81, 30)
    assert not findings("LD102", run_of(loss=loss, accuracy=acc), num_classes=100)


def test_a_short_excerpt_still_high_is_not_yet_a_run() -> None:
    """Control: the same linear model seen for 6 epochs only (under the 10 points a run needs): no finding."""
    s = {k: v[:6] for k, v in _linear_model().items()}
    assert not findings("LD102", run_of(**s))
