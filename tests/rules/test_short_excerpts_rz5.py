"""After release 14 (rules-z5): short excerpts with a problem get a note with its confidence instead of silence, one
principle per reading; healthy controls of the same length stay quiet."""
from __future__ import annotations

import numpy as np

from lossdoctor.model import Axis, Kind, Split

from _shapes import found_in, series


# ---- abnormal_initial_loss: a loss exactly 0 from the start ------------------------------------------------------

def test_a_loss_exactly_zero_from_step_zero_gets_a_note() -> None:
    """TF-Slim Inception: 'train Loss : 0.000000, training accuracy : 1' at steps 0, 10, 20 (validation too): before
    any learning a model cannot be perfect. The rule needs 3 points and judged only a first loss too high: silent."""
    steps = [0.0, 10.0, 20.0]
    f = found_in("abnormal_initial_loss",
                 series("train Loss", Kind.LOSS, Split.TRAIN, [0.0, 0.0, 0.0], Axis.STEP, steps),
                 series("training accuracy", Kind.ACCURACY, Split.TRAIN, [1.0, 1.0, 1.0], Axis.STEP, steps),
                 series("val Loss", Kind.LOSS, Split.VAL, [0.0, 0.0], Axis.STEP, [0.0, 20.0]))
    assert f is not None and f.severity.label == "info" and f.evidence["zero_points"] == 3
    assert f.confidence is not None and 0.3 <= f.confidence <= 0.5
    assert "exactly 0 from the start" in f.message.en and "恰好为 0" in f.message.zh
    assert f.causes[0].cause == "label_or_loss_misconfig"


def test_a_longer_zero_start_is_surer_but_stays_a_note() -> None:
    f = found_in("abnormal_initial_loss", series("loss", Kind.LOSS, Split.TRAIN, [0.0] * 12))
    assert f is not None and f.severity.label == "info" and f.confidence == 0.5


def test_a_placeholder_zero_before_real_values_is_no_zero_start() -> None:
    """minitorch prints 'loss 0' before its first epoch, then 33.5 32.9 32.4 ...: a logger's placeholder."""
    y = [0.0] + list(33.5 * np.exp(-np.arange(20) / 12.0) + 2.0)
    f = found_in("abnormal_initial_loss", series("loss", Kind.LOSS, Split.TRAIN, y))
    assert f is None or f.evidence.get("zero_points") is None


def test_an_ordinary_start_and_a_converged_tail_printed_as_zero_stay_quiet() -> None:
    """A healthy start near ln 10, and the tail of a fitted run pasted from epoch 60 whose loss prints as 0.0000:
    its first value is no initial loss."""
    rng = np.random.default_rng(5)
    y = list(2.3 * np.exp(-np.arange(15) / 5.0) + 0.05 + 0.01 * rng.standard_normal(15))
    assert found_in("abnormal_initial_loss", series("loss", Kind.LOSS, Split.TRAIN, y)) is None
    tail = series("loss", Kind.LOSS, Split.TRAIN, [0.0] * 6, Axis.EPOCH, [60.0, 61.0, 62.0, 63.0, 64.0, 65.0])
    assert found_in("abnormal_initial_loss", tail) is None


# ---- loss_metric_disagreement: an accuracy frozen while the loss moves ---------------------------------------------

def test_an_accuracy_frozen_beside_a_moving_loss_gets_a_note() -> None:
    """R keras on a regression, epochs 169-177: 'acc: 0.0056' on every epoch and val_acc 0 while the MSE moves
    0.0102-0.0125. The loss does not fall (pattern (1) needs a 20 % fall), so the rule was silent."""
    steps = [float(e) for e in range(169, 178)]
    f = found_in("loss_metric_disagreement",
                 series("loss", Kind.LOSS, Split.TRAIN, [0.0125, 0.0115, 0.0125, 0.0102, 0.0106, 0.0107, 0.0118, 0.0111,
                                                         0.0121], Axis.EPOCH, steps),
                 series("acc", Kind.ACCURACY, Split.TRAIN, [0.0056] * 9, Axis.EPOCH, steps),
                 series("val_loss", Kind.LOSS, Split.VAL, [0.0109, 0.011, 0.0145, 0.0141, 0.013, 0.013, 0.0127, 0.0116,
                                                           0.0113], Axis.EPOCH, steps),
                 series("val_acc", Kind.ACCURACY, Split.VAL, [0.0] * 9, Axis.EPOCH, steps))
    assert f is not None and f.severity.label == "info" and f.evidence["pattern"] == "accuracy_frozen"
    assert f.evidence["accuracy_level"] == 0.0056 and f.confidence is not None and f.confidence <= 0.5
    assert "at every one of its 9 evaluations" in f.message.en and "9 次评估" in f.message.zh


def test_frozen_accuracy_controls_stay_quiet() -> None:
    """A healthy classifier whose accuracy moves with its loss; an accuracy frozen at 0.99+ (no room to move); a loss
    frozen beside a frozen accuracy (a stuck run: stuck_at_chance's, not a metric that cannot see the outputs); four
    evaluations (too few)."""
    rng = np.random.default_rng(11)
    loss = list(0.6 * np.exp(-np.arange(12) / 6.0) + 0.2 + 0.01 * rng.standard_normal(12))
    acc = list(0.95 - 0.5 * np.exp(-np.arange(12) / 4.0))
    none_of = [
        (loss, acc),
        (loss, [0.995] * 12),
        ([2.3026] * 8, [0.1] * 8),
        ([0.52, 0.47, 0.55, 0.41], [0.3, 0.3, 0.3, 0.3]),
    ]
    for lv, av in none_of:
        f = found_in("loss_metric_disagreement", series("loss", Kind.LOSS, Split.TRAIN, lv),
                     series("accuracy", Kind.ACCURACY, Split.TRAIN, av))
        assert f is None or f.evidence.get("pattern") != "accuracy_frozen", (lv, av)
    # a held-out accuracy frozen beside a training accuracy that moves: a small evaluation set repeating its count
    steps = [float(e) for e in range(1, 9)]
    f = found_in("loss_metric_disagreement",
                 series("loss", Kind.LOSS, Split.TRAIN, [0.9, 0.7, 0.6, 0.55, 0.5, 0.47, 0.45, 0.44], Axis.EPOCH,
                        steps),
                 series("acc", Kind.ACCURACY, Split.TRAIN, [0.6, 0.7, 0.74, 0.77, 0.8, 0.81, 0.82, 0.83], Axis.EPOCH,
                        steps),
                 series("val_loss", Kind.LOSS, Split.VAL, [0.5, 0.45, 0.5, 0.44, 0.49, 0.43, 0.47, 0.45], Axis.EPOCH,
                        steps),
                 series("val_acc", Kind.ACCURACY, Split.VAL, [0.8] * 8, Axis.EPOCH, steps))
    assert f is None or f.evidence.get("pattern") != "accuracy_frozen"
