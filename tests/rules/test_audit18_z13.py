"""After release 18 (rules-z13): audit18's three principles, each on the run's own numbers with its look-alikes beside
it.

- loss_not_decreasing: with no class count, a first print far above a flat rest that the run fell from at once (in a
  log that begins at training's start, not on a clipped log(0)) is the run's first interval of training (d2l's
  noisy-sine MLP, healthy: 11.26, then 1.82-1.97);
- divergence: below zero, a loss whose magnitude at least doubles at each of its last 3 prints is running away (a
  VAE's BCE on unnormalised targets: ... -13 -> -145 -> -683 -> -2291 -> -6881); a bounded loss levelling at its
  floor (a Dice loss at -1) is not;
- overfitting: "the validation accuracy still holds its best" is judged with the noise of its values after the loss's
  best, not the whole series' (dlbird's AST: val_acc 54.87 at its best, 52.29 at the end, loss 1.79 -> 3.90).
"""
from __future__ import annotations

from lossdoctor.findings import Severity

from _shapes import found, loud, run_of

# ---- 1. no class count: the first interval's fall is the training ------------------------------------------------

# d2l "sequence" notebook: an MLP regressing a noisy sine, the printed loss a sum over 38 batches, 10 epochs
SINE = [11.260483, 1.930170, 1.908749, 1.972408, 1.884587, 1.865594, 1.837829, 1.849605, 1.820810, 1.887396]


def test_a_regression_that_fell_in_its_first_epoch_onto_a_flat_level_learned() -> None:
    run = run_of(steps=range(1, 11), loss=SINE)
    assert "loss_not_decreasing" not in loud(run)


def test_the_same_fall_stays_set_aside_where_it_is_no_training_start() -> None:
    """Look-alikes that keep the finding: the same prints pasted from the middle of a run (epochs 41-50: no start
    seen), and a first print on a clipped log(0) (87.3365, a saturated first batch) before a flat rest."""
    mid = run_of(steps=range(41, 51), loss=SINE)
    f = found(mid, "loss_not_decreasing")
    assert f is not None
    clipped = run_of(steps=range(1, 11), loss=[87.3365] + SINE[1:])
    assert "loss_not_decreasing" in loud(clipped)


# ---- 2. a negative loss running away is divergence ---------------------------------------------------------------

# jax-ai-stack's digits VAE with a BCE on unnormalised targets, printed every 50 epochs
VAE = [16745235.0, 19.595727920532227, -13.440512657165527, -145.24871826171875, -683.0828247070312,
       -2291.444091796875, -6880.775390625]


def test_a_loss_whose_magnitude_keeps_growing_below_zero_is_a_divergence() -> None:
    run = run_of(steps=[0, 50, 100, 150, 200, 250, 300], loss=VAE)
    f = found(run, "divergence")
    assert f is not None and f.severity is Severity.ERROR and f.evidence["pattern"] == "running_away"
    assert f.evidence["min_growth_per_print"] >= 2.0
    assert "running away below zero" in f.message.en and f.message.zh


def test_four_prints_below_zero_doubling_are_a_warning_with_few_points() -> None:
    run = run_of(steps=[150, 200, 250, 300], loss=VAE[3:])
    f = found(run, "divergence")
    assert f is not None and f.severity is Severity.WARNING and f.evidence["pattern"] == "running_away"


def test_a_bounded_negative_loss_levelling_at_its_floor_is_not_running_away() -> None:
    """Look-alikes that stay quiet: a Dice loss falling to -1.0; a WGAN-style critic loss wandering below zero; a
    negative loss that doubled twice and then levelled off (two doublings, not three)."""
    dice = [0.35, -0.21, -0.55, -0.74, -0.86, -0.92, -0.95, -0.97, -0.98, -0.985, -0.99, -0.991]
    assert "divergence" not in loud(run_of(loss=dice))
    critic = [-0.8, -2.1, -4.3, -3.2, -5.1, -3.9, -6.0, -4.4, -5.2, -4.8, -5.5, -4.9]
    assert "divergence" not in loud(run_of(loss=critic))
    levelled = [3.0, 1.2, -0.4, -1.0, -2.1, -4.3, -5.0, -5.2, -5.3, -5.35]
    assert "divergence" not in loud(run_of(loss=levelled))


# ---- 3. "still holds its best" judged with the noise after the loss's best ----------------------------------------

# dlbird's AST baseline (v2), 11 epochs of history.json: the validation loss turns at the 2nd epoch
AST_TRAIN = [2.5531, 1.4959, 0.8886, 0.4652, 0.2941, 0.2148, 0.1814, 0.1522, 0.1369, 0.1184, 0.1026]
AST_VAL = [1.8668, 1.7912, 1.8263, 2.0373, 2.6213, 2.7943, 3.1725, 3.2674, 3.3176, 3.3003, 3.8998]
AST_ACC = [47.593, 48.436, 52.106, 54.874, 52.286, 53.369, 51.745, 53.730, 50.662, 54.152, 52.286]


def _ast(acc: list[float]):
    return found(run_of(loss=AST_TRAIN, val_loss=AST_VAL, val_acc=acc), "overfitting")


def test_an_accuracy_that_fell_back_from_its_best_by_more_than_its_late_noise_does_not_excuse_the_turn() -> None:
    """54.87 -> 52.29 at the end: 2.59 below the best, against a noise of 1.6 in the values after the loss's best
    (the whole series' 2.7 counts the early climb 47.6 -> 54.9 as noise)."""
    f = _ast(AST_ACC)
    assert f is not None and f.severity is Severity.WARNING


def test_an_accuracy_within_its_late_noise_of_its_best_still_holds_it() -> None:
    """The edge: the same run ending on 54.15 (one of its own late values, 0.72 under the best, within the late noise)
    still holds its best - the turn stays a note."""
    f = _ast(AST_ACC[:-1] + [54.152])
    assert f is not None and f.severity is Severity.INFO
