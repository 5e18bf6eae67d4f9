"""Rule release 14 (rules-z2), broken runs: each reading stated as the principle a person applies at a glance, on
generated curves of the shapes real logs show.

- stuck at chance: batch losses scattered around ln(C) with no trend are a model at chance, however noisy the batches
  (their smoothed range measures the batch noise, not movement); a short excerpt on ln(C) whose accuracy only wanders
  is at chance too (only an accuracy that ends higher shows learning); an accuracy that climbed from above 1/C onto a
  level and then held it is a converged model, not a constant output's class share;
- divergence: values that grow by exactly the same amount at every line are a counter printed where a loss was
  expected, not a loss that climbs.
"""
from __future__ import annotations

import math

import numpy as np

from lossdoctor.findings import Severity

from _shapes import found, loud, run_of


# ---- stuck at chance: noisy batch losses around ln(C) ------------------------------------------------------------

def _batches(level: np.ndarray, sd: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return level + rng.normal(0.0, sd, level.size) + np.abs(rng.normal(0.0, sd, level.size)) * (rng.random(level.size) < 0.1) * 4


def test_noisy_batch_losses_scattered_around_ln2_are_at_chance() -> None:
    """A binary bi-LSTM's batch losses at steps 5-26: 0.85, then 0.67-0.95 around ln 2 with no trend. Their smoothed
    range is over 10 % of ln 2 (the batches are noisy), but nothing moves against that noise: at chance."""
    steps = np.arange(5.0, 27.0)
    for seed in range(5):
        y = _batches(np.full(steps.size, math.log(2) + 0.012), 0.03, seed)
        f = found(run_of(axis="step", steps=steps, loss=y), "stuck_at_chance", num_classes=2)
        assert f is not None and f.severity >= Severity.WARNING, seed


def test_noisy_batch_losses_falling_through_ln2_are_not_at_chance() -> None:
    """The same noise on a loss falling steadily from 0.80 to 0.58: it passes through ln 2 on its way down (a trend)."""
    steps = np.arange(5.0, 27.0)
    for seed in range(5):
        y = _batches(np.linspace(0.80, 0.58, steps.size), 0.03, seed)
        f = found(run_of(axis="step", steps=steps, loss=y), "stuck_at_chance", num_classes=2)
        assert f is None or f.severity < Severity.WARNING, seed


def test_three_evaluations_on_ln2_with_an_accuracy_that_only_wanders_are_at_chance() -> None:
    """A model card's table: validation loss 0.6933, 0.6959, 0.6978 on a binary task, accuracy 0.549, 0.563, 0.535
    (one example of 71 is 1.4 points). The accuracy moves but never ends higher: a short excerpt at chance, reported
    as a warning with a low confidence."""
    run = run_of(axis="step", steps=[20.0, 40.0, 60.0], val_loss=[0.6933, 0.6959, 0.6978],
                 val_accuracy=[0.5493, 0.5634, 0.5352])
    f = found(run, "stuck_at_chance", num_classes=2)
    assert f is not None and f.severity is Severity.WARNING
    assert f.confidence is not None and f.confidence < 0.7


def test_three_evaluations_on_ln2_with_a_climbing_accuracy_show_learning() -> None:
    run = run_of(axis="step", steps=[20.0, 40.0, 60.0], val_loss=[0.6933, 0.6929, 0.6921],
                 val_accuracy=[0.55, 0.61, 0.66])
    f = found(run, "stuck_at_chance", num_classes=2)
    assert f is None or f.severity < Severity.WARNING


def test_an_accuracy_that_climbed_onto_its_level_and_held_it_is_a_converged_model() -> None:
    """fastText on a 4-class task: test loss 1.36 -> 0.39, test accuracy 0.876, 0.887, 0.893, 0.901, then 0.907 for
    20 evaluations. The loss sits at the entropy a 0.907 'majority share' would give, but so does any calibrated
    classifier of that accuracy (Fano); the accuracy climbed there from well above 1/4: a model that learned."""
    n = 25
    loss = 0.3927 + (1.3566 - 0.3927) * np.exp(-np.arange(n) / 1.3)
    acc = np.r_[0.8764, 0.8874, 0.8929, 0.9011, 0.9067, 0.9067, 0.9088, 0.9076, 0.9064, 0.9070, 0.9066, 0.9068,
                0.9066, np.full(n - 13, 0.9067)]  # identical once the learning rate has decayed away
    run = run_of(**{"Test Loss": loss, "Test Accuracy": acc})  # a test split: no training accuracy to refute it
    f = found(run, "stuck_at_chance", num_classes=4)
    assert f is None or f.severity < Severity.WARNING
    assert "stuck_at_chance" not in loud(run, num_classes=4)


def test_an_accuracy_pinned_at_a_majority_share_from_the_first_evaluation_is_still_a_constant_output() -> None:
    """A binary classifier whose accuracy is exactly 0.80 at every evaluation from the first and whose loss sits at the
    prior's entropy H(0.8) = 0.500: the majority class predicted for every input."""
    rng = np.random.default_rng(3)
    n = 20
    loss = 0.5004 + rng.normal(0.0, 0.002, n)
    acc = np.full(n, 0.80)  # the same examples right at every evaluation
    f = found(run_of(loss=loss, accuracy=acc), "stuck_at_chance", num_classes=2)
    assert f is not None and f.severity >= Severity.WARNING


def test_a_flip_from_the_minority_share_to_the_majority_share_is_no_climb() -> None:
    """Accuracy 0.20 (every input the minority class), then 0.80 on every later evaluation: it starts below 1/C, so
    reaching the majority share is the constant output switching class, not learning."""
    rng = np.random.default_rng(4)
    n = 20
    loss = 0.5004 + rng.normal(0.0, 0.002, n)
    acc = np.r_[0.20, 0.20, np.full(n - 2, 0.80)]
    f = found(run_of(loss=loss, accuracy=acc), "stuck_at_chance", num_classes=2)
    assert f is not None and f.severity >= Severity.WARNING


# ---- divergence: a counter is no loss -----------------------------------------------------------------------------

def test_a_column_that_grows_by_the_same_amount_every_line_is_a_counter_not_a_divergence() -> None:
    """spaCy's training table read without its header: the step column (200, 400, ..., 1800) taken as the loss. No loss
    climbs by exactly 200 at every line."""
    run = run_of(steps=[0.0, 1, 2, 3, 4, 6, 8, 10, 13], loss=np.arange(200.0, 2000.0, 200.0))
    assert found(run, "divergence") is None


def test_a_loss_that_climbs_with_noise_is_still_a_divergence() -> None:
    rng = np.random.default_rng(7)
    y = np.r_[np.linspace(2.0, 0.5, 10), 0.5 * np.exp(0.35 * np.arange(1, 13))] * (1 + rng.normal(0, 0.02, 22))
    f = found(run_of(loss=y), "divergence")
    assert f is not None and f.severity >= Severity.WARNING


# ---- stuck at chance: a class count read off the accuracy it then judges ------------------------------------------

_VAL = [0.444, 0.428, 0.45, 0.51, 0.472, 0.498, 0.52, 0.498, 0.534, 0.524, 0.556, 0.55]
_TRAIN = [0.434, 0.7145, 0.779, 0.861, 0.8995, 0.927, 0.9295, 0.9245, 0.9215, 0.9215, 0.9355, 0.9375]
_LOSS = [1.192, 0.781, 0.636, 0.524, 0.417, 0.354, 0.335, 0.333, 0.333, 0.328, 0.303, 0.299]
_VLOSS = [1.248, 1.591, 1.577, 1.210, 1.488, 1.465, 1.474, 1.604, 1.304, 1.549, 1.264, 1.398]


def test_a_validation_accuracy_wandering_around_one_half_does_not_name_its_own_chance_level() -> None:
    """Validation accuracy 0.43-0.56 beside a training accuracy climbing to 0.94 (a 4-class run, the count not given):
    its floor near 0.5 names C = 2, and judged against that C it would sit 'at chance' by construction. With C read off
    the accuracy itself only every evaluation inside the narrow band says so; this one wanders out of it."""
    run = run_of(loss=_LOSS, val_loss=_VLOSS, accuracy=_TRAIN, val_accuracy=_VAL)
    f = found(run, "stuck_at_chance")
    assert f is None or f.severity < Severity.WARNING


def test_the_same_validation_accuracy_with_two_classes_stated_is_at_chance() -> None:
    run = run_of(loss=_LOSS, val_loss=_VLOSS, accuracy=_TRAIN, val_accuracy=_VAL)
    f = found(run, "stuck_at_chance", num_classes=2)
    assert f is not None and f.severity >= Severity.WARNING


# ---- stuck at chance: a first validation loss names C only at the start of training --------------------------------

def test_the_first_validation_loss_of_a_pasted_tail_names_no_class_count() -> None:
    """A language model's last 12 evaluations (every 125 steps from step 5625, the only loss logged): validation loss
    2.976 falling to 2.918. The first evaluation of a tail is a trained model's level, and 2.976 sits near ln 20 by
    chance: it names no C, so nothing is 'at chance'. From step 0 on, the same first value would be an untrained
    model's."""
    steps = 5625.0 + 125.0 * np.arange(12)
    val = [2.9762, 2.968, 2.9616, 2.956, 2.9497, 2.9429, 2.9369, 2.9314, 2.9267, 2.9218, 2.9191, 2.9184]
    f = found(run_of(axis="step", steps=steps, val_loss=val), "stuck_at_chance")
    assert f is None or f.severity < Severity.WARNING


def test_a_first_validation_loss_at_the_start_still_names_the_class_count() -> None:
    from lossdoctor.rules.chance import classes_from_first_val_loss

    run = run_of(axis="step", steps=125.0 * np.arange(1, 13), val_loss=[2.99, 2.98, 2.99, 2.985] * 3)
    c = classes_from_first_val_loss(run)
    assert c is not None and c.count == 20
    tail = run_of(axis="step", steps=5625.0 + 125.0 * np.arange(12), val_loss=[2.99, 2.98, 2.99, 2.985] * 3)
    assert classes_from_first_val_loss(tail) is None
