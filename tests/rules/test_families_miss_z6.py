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


# -- loss_spikes: the validation loss that witnesses recurring spikes has its noise measured without them -----------

def _shard_spikes(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """An MSE falling 0.19 -> 0.028 over 18 epochs whose 5th, 10th and 15th epochs see a badly scaled shard: both
    losses jump 5-8x there and come back the next epoch (families v9, a price cache never log-transformed)."""
    rng = np.random.default_rng(seed)
    base = 0.028 + 0.16 * np.exp(-np.arange(18) / 1.5)
    t = base * (1 + 0.05 * rng.standard_normal(18))
    v = base * (1 + 0.08 * rng.standard_normal(18))
    for i in (4, 9, 14):
        t[i] = 0.24
        v[i] = 0.15 + 0.05 * rng.random()
    return t, v


def test_recurring_spikes_that_validation_shares_are_reported() -> None:
    """Three shared jumps in 18 epochs made 9 of 16 validation neighbour distances: measured with them, the
    validation noise hid the jumps it was asked to witness, and the spikes were dropped as 'one batch's loss'."""
    t, v = _shard_spikes()
    (f,) = findings("LD109", run_of(loss=t, val_loss=v))
    assert f.evidence["count"] == 3 and f.evidence["spike_epochs"] == [4.0, 9.0, 14.0]


def test_training_jumps_that_validation_does_not_share_stay_unreported() -> None:
    """Control: the same training jumps beside a validation loss that falls smoothly through them are the last
    batch's loss a progress bar printed; the model did not move."""
    t, _ = _shard_spikes()
    smooth = 0.03 + 0.15 * np.exp(-np.arange(18) / 1.5)
    assert not findings("LD109", run_of(loss=t, val_loss=smooth))


# -- generalization_gap: an accuracy gap of 30 points at the start did not start small ------------------------------

def _sparse_sensor_run(acc_gap_start: float) -> dict[str, np.ndarray]:
    """families v9 (validation clouds from a sparser sensor): training loss 1.25 -> 0.33 and accuracy 0.47 -> 0.93;
    validation stays near 1.4 and its accuracy climbs only from 0.44 to 0.55."""
    rng = np.random.default_rng(1)
    e = np.arange(12, dtype=np.float64)
    loss = 0.33 + 0.92 * np.exp(-e / 2.5)
    acc = 0.93 - 0.46 * np.exp(-e / 2.5)
    val_loss = 1.4 + 0.03 * rng.standard_normal(12)
    val_acc = acc - acc_gap_start - 0.13 * (1 - np.exp(-e / 3))  # the gap widens by ~8 points as training improves
    return {"loss": loss, "accuracy": acc, "val_loss": val_loss, "val_accuracy": val_acc}


def test_an_accuracy_gap_large_from_the_start_that_widens_a_little_is_a_generalization_gap() -> None:
    """The accuracy gap is ~30 points from epoch 2 and ~38 at the end: 5 points of widening was the bar, so the
    finding was read as over-fitting's widening gap. A gap that starts this large did not start small; the loss gap's
    own bar (1.5x) holds for the accuracy gap too."""
    (f,) = findings("LD118", run_of(**_sparse_sensor_run(0.27)))
    assert f.evidence["accuracy_gap_early"] >= 0.25
    assert f.evidence["accuracy_gap_late"] > f.evidence["accuracy_gap_early"] + 0.05


def test_an_accuracy_gap_that_starts_small_and_widens_is_not_a_generalization_gap() -> None:
    """Control: over-fitting's shape, the gap 5 points at the start and 35 at the end: no gap from the start."""
    run = _sparse_sensor_run(0.0)
    e = np.arange(12, dtype=np.float64)
    run["val_accuracy"] = run["accuracy"] - 0.05 - 0.3 * (1 - np.exp(-e / 3))
    assert not findings("LD118", run_of(**run))
