"""rules-s: a training accuracy of 95%+ (19 training examples in 20 right) says the model fits its training data.
A high loss beside it is the objective's floor (a summed, margin or variational loss, label smoothing), so the note
says that and never "the model does not fit the training data" (healthy opened/dev runs at 0.961-0.982 training
accuracy were told so); a lower accuracy still reads as under-fitting."""
from __future__ import annotations

import math

import numpy as np

from _shapes import findings, run_of


def _run(final_acc: float):  # type: ignore[no-untyped-def]
    n = 30
    t = np.arange(n, dtype=np.float64)
    floor = 0.7 * math.log(10)
    loss = floor + (2.4 - floor) * np.exp(-t / 4)
    acc = 0.1 + (final_acc - 0.1) * (1 - np.exp(-t / 4))
    return run_of(loss=loss, accuracy=acc, val_loss=1.05 * loss)


def test_a_training_accuracy_of_96_percent_is_a_fitted_model_not_underfitting() -> None:
    (f,) = findings("LD102", _run(0.96), num_classes=10)
    assert f.severity.label == "info" and f.causes == ()
    assert "does not fit" not in f.message.en and "the data is fitted" in f.message.en


def test_a_training_accuracy_of_85_percent_beside_a_high_loss_is_still_underfitting() -> None:
    (f,) = findings("LD102", _run(0.85), num_classes=10)
    assert "does not fit the training data" in f.message.en and f.causes
