"""After release 14 (rules-z6): findings the generator families missed, each fixed by one principle, with a healthy
control beside it that must stay quiet."""
from __future__ import annotations

import numpy as np

from _shapes import findings, run_of


# -- suspected_leakage: validation following training to ~0 with a validation accuracy of 1.0 logged alone ----------

def _memorised(n: int = 15) -> tuple[np.ndarray, np.ndarray]:
    """A cross-entropy that falls 4000x (1.0 -> 2.5e-4), the way a model that reads its label off the input does."""
    t = 1.0 * np.exp(-np.linspace(0.0, 8.3, n))
    return t, 0.89 * t  # validation measured at the epoch's end, training averaged over it: a little lower


def test_validation_following_training_to_zero_at_accuracy_one_logged_alone_is_a_leak_hint() -> None:
    """families v10 (the class id left in every set, MLflow: train_loss, val_loss, val_accuracy; no training
    accuracy): validation tracks the training loss all the way down (ratio 0.89) while val_accuracy is 1.0 from
    epoch 2. The tracking sign already read a validation accuracy at 1.0 as leave to sit just below training when a
    training accuracy was logged beside it; logged alone it says the same."""
    t, v = _memorised()
    acc = np.r_[0.82, np.ones(t.size - 1)]
    (f,) = findings("LD112", run_of(loss=t, val_loss=v, val_accuracy=acc))
    assert f.severity.label == "info" and f.confidence <= 0.5
    assert 0.8 <= f.evidence["val_train_ratio_end"] < 0.9


def test_the_same_losses_with_an_imperfect_validation_accuracy_are_not_a_leak() -> None:
    """Healthy control: the same losses with validation accuracy 0.95-0.97 (an honest model that errs): no sign."""
    t, v = _memorised()
    acc = np.linspace(0.90, 0.97, t.size)
    assert not findings("LD112", run_of(loss=t, val_loss=v, val_accuracy=acc))


def test_a_regression_loss_tracked_by_validation_without_any_accuracy_is_not_a_leak() -> None:
    """families v10's healthy hypernetwork (MSE, cosine annealing, no accuracy logged): the training loss falls to
    1% of its start and validation follows it (ratio 1.04). A regression fit that generalises looks exactly so; the
    tracking sign needs a validation accuracy at 1.0 to say memorised rows."""
    n = 30
    t = 0.62 * np.exp(-np.linspace(0.0, 5.5, n))
    assert not findings("LD112", run_of(loss=t, val_loss=1.04 * t))
    (f,) = findings("LD112", run_of(loss=t, val_loss=1.04 * t, val_accuracy=np.r_[0.9, 0.97, np.ones(n - 2)]))
    assert f.severity.label == "info"
