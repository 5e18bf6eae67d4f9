"""LD102 underfitting."""
from __future__ import annotations

import math

import numpy as np

from _shapes import decay, findings, names, run_of


def test_high_plateau_against_ln_c_with_small_gap() -> None:
    y = decay(40, 2.3, 1.4, tau=5)
    (f,) = findings("LD102", run_of(loss=y, val_loss=y * 1.05), num_classes=10)
    assert f.evidence["end_over_reference"] > 0.5 and f.causes[0].cause == "model_too_small"


def test_val_below_train_points_at_over_regularization() -> None:
    y = decay(40, 2.3, 1.5, tau=5)
    (f,) = findings("LD102", run_of(loss=y, val_loss=y * 0.8), num_classes=10)
    assert f.causes[0].cause == "over_regularization"


def test_silent_when_low_or_still_falling_or_gap_large() -> None:
    assert not findings("LD102", run_of(loss=decay(40, 2.3, 0.05)), num_classes=10)
    assert not findings("LD102", run_of(loss=np.linspace(2.3, 1.2, 40)), num_classes=10)
    y = decay(40, 2.3, 1.4, tau=5)
    assert not findings("LD102", run_of(loss=y, val_loss=y * 1.6), num_classes=10)


def test_without_c_judged_against_the_start_and_scale_free() -> None:
    """Release 9: a lone loss that fell 30% and levelled off has no reference for 'high' (no classes, no accuracy):
    a converged regression or language model looks the same, so it is not called under-fit; with an accuracy logged
    it is, whatever the loss's scale."""
    y = decay(40, 1.0, 0.7, tau=5)
    acc = np.linspace(0.3, 0.5, 40)
    for scale in (1e-4, 1.0, 1e4):
        assert "underfitting" in names(run_of(loss=y * scale, accuracy=acc), judged=True)
        assert "underfitting" not in names(run_of(loss=y * scale), judged=True)


def test_binary_moons_like_plateau_is_not_underfitting() -> None:
    y = decay(40, math.log(2), 0.28, tau=5)
    assert not findings("LD102", run_of(loss=y, val_loss=y * 1.05), num_classes=2)


def test_slow_tail_with_accuracy_stuck_is_still_underfitting() -> None:
    y = 1.2 + 1.0 * np.exp(-np.arange(40) / 18)  # the last quarter still gives ~8% of the drop
    acc = np.r_[np.linspace(0.2, 0.42, 12), 0.42 + 0.01 * np.sin(np.arange(28))]
    assert findings("LD102", run_of(loss=y, val_loss=y * 1.04, accuracy=acc), num_classes=10)
    assert not findings("LD102", run_of(loss=y, val_loss=y * 1.04), num_classes=10)


def test_without_a_class_count_or_accuracy_there_is_no_reference() -> None:
    """A loss that levelled off at 80% of its first value: for a classifier (accuracy logged) that is high; for a
    regression loss, a language model or an ELBO the first value is no reference for 'high' (release 9: v7's healthy
    LSTM language model and VAE were called under-fit this way), so underfitting says nothing; the number of
    classes (given) restores the reference."""
    y = decay(30, 1.0, 0.8, tau=4)
    assert not findings("LD102", run_of(loss=y, val_loss=y * 1.05))
    y = decay(30, math.log(10), 0.8 * math.log(10), tau=4)
    assert not findings("LD102", run_of(loss=y, val_loss=y * 1.05))  # C only guessed from the first loss
    assert findings("LD102", run_of(loss=y, val_loss=y * 1.05), num_classes=10)
    (g,) = findings("LD102", run_of(loss=y, val_loss=y * 1.05, accuracy=np.linspace(0.3, 0.55, 30)))
    assert g.severity.label == "warning"
