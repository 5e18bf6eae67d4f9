"""LD117 still_improving (info)."""
from __future__ import annotations

import numpy as np

from _shapes import decay, findings, run_of


def test_both_curves_still_falling_with_an_estimate() -> None:
    y = decay(8, 2.3, 0.1, tau=6)
    (f,) = findings("LD117", run_of(loss=y, val_loss=y * 1.1))
    assert f.severity.label == "info" and f.causes[0].cause == "insufficient_training"
    assert f.evidence["extra_epochs_estimate"] >= 2 and f.evidence["slope_t"] < -2.5


def test_converged_or_overfitting_is_silent() -> None:
    y = decay(60, 2.3, 0.1, tau=6)
    assert not findings("LD117", run_of(loss=y, val_loss=y * 1.1))
    val = np.r_[decay(10, 2.4, 0.5, tau=3), 0.5 + 0.05 * np.arange(1, 11)]
    assert not findings("LD117", run_of(loss=decay(20, 2.3, 0.05, tau=8), val_loss=val))


def test_a_frozen_loss_creeping_in_a_straight_line_is_not_still_improving() -> None:
    """fastai table (families v11, clip_grad_value_ given the optimizer's eps): 17.6121 -> 17.6081 over 12 epochs in
    a perfectly straight line. The slope is significant (t in the hundreds) but the loss moved 0.02% of its level:
    frozen, not still improving. The same line falling 20% of its level is."""
    x = np.arange(12.0)
    creep = 17.6121 - 3.6e-4 * x
    assert not findings("LD117", run_of(loss=creep, val_loss=creep + 1.7357))
    fall = 17.6121 - 0.3 * x
    (f,) = findings("LD117", run_of(loss=fall, val_loss=fall + 1.7357))
    assert f.severity.label == "info"


def test_an_excerpt_still_needs_every_step_down_and_a_visible_drop() -> None:
    """A 4-point excerpt falling at every step by a real share is still falling; the same shape moving 0.1% of its
    level is not (an excerpt of a converged run's creep). (rules-w tried letting a training loss with one bump
    count beside a validation loss that falls at every step: it gained one family run but put a note on a healthy
    design run and on a healthy hold-out run, so the excerpt keeps 'every step down' for every curve.)"""
    (f,) = findings("LD117", run_of(loss=[1.0, 0.8, 0.65, 0.55]))
    assert f.severity.label == "info"
    assert not findings("LD117", run_of(loss=[2.0, 1.9996, 1.9993, 1.999]))
    assert not findings("LD117", run_of(loss=[0.813, 0.8091, 0.8423, 0.5502, 0.3958],
                                        val_loss=[0.8286, 0.7974, 0.7319, 0.5402, 0.4461]))


def test_a_fall_at_the_end_of_an_annealed_schedule_is_its_planned_end() -> None:
    """A cosine schedule to zero (a CIFAR-100 distillation reference log, 240 epochs): the loss falls faster in the
    last quarter as the step shrinks - the schedule's planned end, not a run stopped early. The same curve under a
    constant learning rate is still improving."""
    n = 40
    y = decay(n, 2.3, 0.1, tau=20)
    cosine = 0.05 * 0.5 * (1 + np.cos(np.pi * np.arange(n) / (n - 1)))
    assert not findings("LD117", run_of(loss=y, val_loss=y * 1.1, lr=cosine))
    (f,) = findings("LD117", run_of(loss=y, val_loss=y * 1.1, lr=np.full(n, 0.05)))
    assert f.severity.label == "info"
