"""LD103 loss_not_decreasing."""
from __future__ import annotations

import numpy as np

from _shapes import decay, findings, names, run_of


def test_exactly_constant_means_nothing_is_updated() -> None:
    (f,) = findings("LD103", run_of(loss=np.full(20, 0.4123)))
    assert f.evidence["exactly_constant"] is True and f.causes[0].cause == "training_step_bug"


def test_tiny_steady_decrease_means_lr_too_low() -> None:
    y = 0.9 - 0.0015 * np.arange(30)
    (f,) = findings("LD103", run_of(loss=y))
    assert f.evidence["steady_decrease"] is True and f.causes[0].cause == "lr_too_low"
    assert f.evidence["slope_per_epoch"] < 0 and f.evidence["slope_t"] < -3


def test_first_point_blowup_then_flat_means_lr_too_high() -> None:
    # (knocked onto a level above ln(C) of the 2 classes named; with no C at all the same fall is the run's first
    # interval of training since rules-z13: tests/rules/test_audit18_z13.py)
    y = np.r_[80.0, 0.9 + 0.01 * np.sin(np.arange(19))]
    (f,) = findings("LD103", run_of(loss=y), num_classes=2)
    assert f.evidence["first_point_blowup"] is True and f.causes[0].cause == "lr_too_high"


def test_scaled_copies_agree() -> None:
    y = 0.9 + 0.01 * np.random.default_rng(0).standard_normal(25)
    assert names(run_of(loss=y * 1e-4), judged=True) == names(run_of(loss=y * 1e4), judged=True)
    assert "loss_not_decreasing" in names(run_of(loss=y), judged=True)


def test_silent_when_the_loss_falls_or_accuracy_shows_learning() -> None:
    assert not findings("LD103", run_of(loss=decay(30, noise=0.02)))
    y = 0.35 + 0.002 * np.random.default_rng(1).standard_normal(20)
    assert not findings("LD103", run_of(loss=y, accuracy=np.full(20, 0.93)))


def test_lr_too_low_and_too_high_never_both_ranked() -> None:
    y = np.r_[80.0, 0.9 - 0.0015 * np.arange(29)]
    from lossdoctor.engine import diagnose_run
    causes = {c.cause for c in diagnose_run(run_of(loss=y)).causes}
    assert not {"lr_too_low", "lr_too_high"} <= causes


def test_an_excerpt_inside_one_epoch_is_not_judged() -> None:
    """gluon-nlp PR 1261 (tests/fixtures/public_runs/gluon_slash_values_squad_1261.log): six logged points over 0.18
    of an epoch, the loss falling 7%; too short to say training does not learn. The same points over 6 epochs are."""
    loss = [0.9502, 0.9297, 0.9126, 0.8997, 0.8899, 0.8795]
    assert not findings("LD103", run_of(steps=np.linspace(1.478, 1.661, 6), loss=loss))
    assert findings("LD103", run_of(steps=np.arange(6), loss=loss))


def test_a_steady_fall_from_the_early_peak_is_a_loss_that_decreases() -> None:
    # a smoothed char-RNN loss printed from its initial value (23.09), then 27.88 and a steady fall to ~22.4: never
    # 10% below the first print, yet the curve plainly descends
    rng = np.random.default_rng(3)
    fall = 22.2 + 3.8 * np.exp(-np.arange(16) / 5.0) + 0.15 * rng.standard_normal(16)
    y = np.concatenate([[23.09, 27.88], fall])
    assert not findings("LD103", run_of("step", steps=np.arange(18) * 2000.0, loss=y))


def test_an_early_bump_on_a_flat_loss_is_still_not_decreasing() -> None:
    # one high draw after the first point, then flat noise: no steady descent from it
    rng = np.random.default_rng(4)
    y = np.concatenate([[2.30, 2.75], 2.30 + 0.02 * rng.standard_normal(20)])
    (f,) = findings("LD103", run_of(loss=y))
    assert f.name == "loss_not_decreasing"


def test_a_frozen_validation_loss_is_judged_without_a_training_loss() -> None:
    # a model card at learning rate 0.1: 'No log' for training, the validation loss 5.9506 at every one of 10 evaluations
    run = run_of("step", steps=[5.0 * (i + 1) for i in range(10)], val_loss=[5.9506] * 10)
    (f,) = findings("LD103", run)
    assert f.severity.label == "error"
    # a validation loss alone that moves says nothing about whether the training loss fell
    assert not findings("LD103", run_of(val_loss=[2.0, 1.7, 1.6, 1.62, 1.61, 1.6]))
