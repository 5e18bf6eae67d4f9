"""rules-z21 (issue 7): a short excerpt with a problem gets a finding with its confidence instead of silence. Each
principle has a twin of the same length that must stay quiet: a healthy run whose curves fall normally."""
from __future__ import annotations

import numpy as np

from lossdoctor.config import Options
from lossdoctor.engine import diagnose_run
from lossdoctor.findings import Finding
from lossdoctor.model import Axis, Kind, Run, Series, Split
from lossdoctor.rules.overfitting import Options as OverfitOptions

EPOCHS = [float(i) for i in range(1, 16)]


def _series(key: str, kind: Kind, split: Split, values: list[float]) -> Series:
    steps = EPOCHS[:len(values)]
    return Series(key, split, kind, Axis.EPOCH, np.asarray(steps, dtype=float), np.asarray(values, dtype=float))


def _findings(*series: Series) -> list[Finding]:
    return list(diagnose_run(Run("t", tuple(series)), Options()).findings)


def _overfit(*series: Series) -> Finding | None:
    return next((f for f in _findings(*series) if f.name == "overfitting"), None)


# an MNIST course log of 15 epochs with a test curve and no validation split (what the course calls over-fitting: a
# 6M-parameter net whose training accuracy reaches 0.9996 at a loss 300x below a test loss flat since epoch 3)
TRAIN_LOSS = [0.0792, 0.0234, 0.0185, 0.015, 0.0083, 0.002, 0.0118, 0.003, 0.0022, 0.0002, 0.0001, 0.0006, 0.0001,
              0.0001, 0.0002]
TRAIN_ACC = [0.8756, 0.9828, 0.9892, 0.9919, 0.9933, 0.9953, 0.9957, 0.9968, 0.9973, 0.9981, 0.9985, 0.9987, 0.9992,
             0.9994, 0.9996]
TEST_LOSS = [0.0646, 0.0366, 0.0326, 0.0388, 0.0296, 0.0297, 0.0325, 0.0322, 0.0287, 0.0345, 0.0314, 0.0313, 0.0375,
             0.0342, 0.0317]
TEST_ACC = [0.9783, 0.9886, 0.9898, 0.9875, 0.9904, 0.9915, 0.9914, 0.9901, 0.9922, 0.9914, 0.9934, 0.9922, 0.9916,
            0.9918, 0.9923]


def test_a_memorised_training_set_beside_a_flat_test_curve_gets_a_low_confidence_note() -> None:
    f = _overfit(_series("Train Loss", Kind.LOSS, Split.TRAIN, TRAIN_LOSS),
                 _series("Train Accuracy", Kind.ACCURACY, Split.TRAIN, TRAIN_ACC),
                 _series("Test Average loss", Kind.LOSS, Split.TEST, TEST_LOSS),
                 _series("Test Accuracy", Kind.ACCURACY, Split.TEST, TEST_ACC))
    assert f is not None and f.severity.label == "info" and f.evidence["pattern"] == "memorised"
    assert f.confidence is not None and f.confidence <= OverfitOptions().test_memo_conf
    assert "test curve" in f.message.en and "测试曲线" in f.message.zh


def test_a_healthy_course_log_whose_test_loss_still_falls_gets_no_such_note() -> None:
    """The twin: the same 15 epochs where the test loss keeps falling with training (a healthy MNIST run), and one
    whose training loss ends only 10x below the test loss (dropout keeps it from memorising): no over-fitting note."""
    falling = [0.0646 * 0.8 ** i for i in range(15)]
    f = _overfit(_series("Train Loss", Kind.LOSS, Split.TRAIN, TRAIN_LOSS),
                 _series("Train Accuracy", Kind.ACCURACY, Split.TRAIN, TRAIN_ACC),
                 _series("Test Average loss", Kind.LOSS, Split.TEST, falling),
                 _series("Test Accuracy", Kind.ACCURACY, Split.TEST, TEST_ACC))
    assert f is None or f.evidence.get("pattern") != "memorised"
    f = _overfit(_series("Train Loss", Kind.LOSS, Split.TRAIN, [max(v, 0.003) for v in TRAIN_LOSS]),
                 _series("Train Accuracy", Kind.ACCURACY, Split.TRAIN, TRAIN_ACC),
                 _series("Test Average loss", Kind.LOSS, Split.TEST, TEST_LOSS),
                 _series("Test Accuracy", Kind.ACCURACY, Split.TEST, TEST_ACC))
    assert f is None or f.evidence.get("pattern") != "memorised"


def test_a_validation_loss_rising_a_tenth_from_the_second_evaluation_gets_a_note() -> None:
    """A 3-epoch fine-tune: validation 0.368 -> 0.389 -> 0.434 (+18 %) while training falls 0.365 -> 0.230, the
    accuracy flat: a note with a low confidence (under the 25 % rise's), saying how little was seen. The twin, the
    same run with validation creeping up 4 %, gets no such note."""
    def rise(val: list[float]) -> Finding | None:
        return _overfit(_series("Training Loss", Kind.LOSS, Split.TRAIN, [0.365, 0.2804, 0.2301]),
                        _series("Validation Loss", Kind.LOSS, Split.VAL, val),
                        _series("Accuracy", Kind.ACCURACY, Split.VAL, [0.8396, 0.8452, 0.8443]))

    f = rise([0.3682, 0.3892, 0.4342])
    assert f is not None and f.severity.label == "info" and f.evidence["pattern"] == "short_rise_excerpt"
    assert f.confidence is not None and f.confidence < OverfitOptions().excerpt_note_conf
    assert "Only 3 evaluations" in f.message.en
    twin = rise([0.3682, 0.3750, 0.3830])
    assert twin is None or twin.evidence.get("pattern") != "short_rise_excerpt"


def _leak(acc: list[float], val_acc: list[float], first_epoch: float = 1.0) -> Finding | None:
    steps = np.arange(first_epoch, first_epoch + len(acc))

    def s(key: str, kind: Kind, split: Split, v: list[float]) -> Series:
        return Series(key, split, kind, Axis.EPOCH, steps.astype(float), np.asarray(v, dtype=float))

    found = _findings(s("loss", Kind.LOSS, Split.TRAIN, [0.0075, 0.0001, 0.0001, 0.0001, 0.0]),
                      s("acc", Kind.ACCURACY, Split.TRAIN, acc),
                      s("val_loss", Kind.LOSS, Split.VAL, [0.0002, 0.0001, 0.0001, 0.0, 0.0]),
                      s("val_acc", Kind.ACCURACY, Split.VAL, val_acc))
    return next((f for f in found if f.name == "suspected_leakage"), None)


def test_a_training_accuracy_of_1_from_the_first_epoch_gets_a_leakage_note() -> None:
    """ViT on cats vs dogs: acc and val_acc 1.000 at every epoch from epoch 1 - the first epoch's average covers the
    batches the untrained model answered. A note with a low confidence."""
    f = _leak([1.0] * 5, [1.0] * 5)
    assert f is not None and f.severity.label == "info" and f.evidence["pattern"] == "perfect_from_first_epoch"
    assert f.confidence is not None and f.confidence <= 0.4 and "Only 5 epochs" in f.message.en


def test_a_model_that_learns_first_or_a_log_that_begins_mid_run_gets_no_such_note() -> None:
    """The twins: the same 5 epochs where training accuracy climbs 0.93 -> 1.0 (learned, then memorised), and the
    perfect accuracies of a log that begins at epoch 50 (a trained model's tail)."""
    climbing = _leak([0.93, 0.98, 0.995, 1.0, 1.0], [0.97, 0.99, 1.0, 1.0, 1.0])
    assert climbing is None or climbing.evidence.get("pattern") != "perfect_from_first_epoch"
    tail = _leak([1.0] * 5, [1.0] * 5, first_epoch=50.0)
    assert tail is None or tail.evidence.get("pattern") != "perfect_from_first_epoch"


def _mid_run_loss(values: list[float]) -> Finding | None:
    steps = np.linspace(46.02, 47.0, len(values))
    loss = Series("G_Loss", Split.TRAIN, Kind.LOSS, Axis.EPOCH, steps, np.asarray(values, dtype=float))
    return next((f for f in _findings(loss) if f.name == "loss_not_decreasing"), None)


def test_a_few_mid_run_points_creeping_by_a_percent_get_a_note() -> None:
    """Six losses inside epoch 46 of a distillation run, 6.603 -> 6.504 -> 6.56 (t about -2: a chance scatter one
    time in ten): too few to call a decrease, so the mid-run note, never a warning."""
    f = _mid_run_loss([6.603, 6.586, 6.564, 6.529, 6.504, 6.56])
    assert f is not None and f.severity.label == "info" and f.confidence is not None and f.confidence <= 0.5


def test_a_few_mid_run_points_falling_steadily_get_no_note() -> None:
    """The twin: the same six points falling at every step (t far below -3) are a loss that decreases."""
    assert _mid_run_loss([6.603, 6.55, 6.49, 6.44, 6.38, 6.33]) is None


def test_without_a_validation_loss_the_perfect_first_epoch_still_gets_its_note() -> None:
    """A log of training loss and accuracy only (no held-out split): accuracy 1.000 from epoch 1 gets the same note;
    the loss alone, falling, gets none."""
    x = np.arange(1.0, 6.0)
    loss = Series("loss", Split.TRAIN, Kind.LOSS, Axis.EPOCH, x, np.array([0.01, 0.001, 0.0005, 0.0004, 0.0003]))
    acc = Series("acc", Split.TRAIN, Kind.ACCURACY, Axis.EPOCH, x, np.ones(5))
    f = next((f for f in _findings(loss, acc) if f.name == "suspected_leakage"), None)
    assert f is not None and f.severity.label == "info" and f.evidence["val_accuracy_key"] is None
    assert not [f for f in _findings(loss) if f.name == "suspected_leakage"]
