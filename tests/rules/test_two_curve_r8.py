"""Rule release 8, the two-curve rules: the one principle encoded for over-fitting, on a verbatim copy of an opened log
(tests/fixtures/opened_runs/SOURCES.md), with the cases beside it that must stay quiet."""
from __future__ import annotations

import numpy as np

from lossdoctor.config import Options
from lossdoctor.engine import diagnose_run
from lossdoctor.findings import Finding
from lossdoctor.model import Axis, Kind, Run, Series, Split

from _real_logs import ROOT
from _real_logs import read_longest as _read

OPENED = ROOT / "tests" / "fixtures" / "opened_runs"


def _overfit(run: Run, **kw: object) -> Finding | None:
    rep = diagnose_run(run, Options(**kw))  # type: ignore[arg-type]
    return next((f for f in rep.findings if f.name == "overfitting"), None)


def _run(loss: list[float], acc: list[float], val_loss: list[float], val_acc: list[float]) -> Run:
    curves = {"loss": (Kind.LOSS, Split.TRAIN, loss), "acc": (Kind.ACCURACY, Split.TRAIN, acc),
              "val_loss": (Kind.LOSS, Split.VAL, val_loss), "val_acc": (Kind.ACCURACY, Split.VAL, val_acc)}
    series = tuple(Series(k, split, kind, Axis.EPOCH, np.arange(49, 49 + len(v), dtype=float),
                          np.asarray(v, dtype=float)) for k, (kind, split, v) in curves.items())
    return Run("t", series)


def test_a_two_epoch_paste_whose_gap_is_twice_the_training_error_is_over_fitting() -> None:
    """The last two epochs of a Keras ResNet fine-tune ("it was obviously over-fitting and the val_acc was around
    0.2"): acc 0.925, val_acc 0.197, val_loss 4.07 against loss 0.23. The training accuracy is under the snapshot's
    0.95, but the 73-point gap is ten times the training error: the variance is far larger than the bias left (the
    train/dev error reading of high variance). A warning with low confidence that says more epochs would settle it."""
    f = _overfit(_read(OPENED / "gh-gradcam-1-overfit-val02.log"))
    assert f is not None and f.severity.label == "warning" and f.evidence["pattern"] == "snapshot"
    assert f.confidence < 0.5 and "would settle it" in f.message.en


def test_a_gap_smaller_than_twice_the_training_error_is_not_read_from_a_snapshot() -> None:
    """Train 80 %, validation 55 %: 25 points, but the training error (20 %) is as large as the gap - a model that does
    not fit its own data yet (bias as well as variance); two epochs cannot say which. Quiet, as is a gap under 20
    points, or a validation loss close to the training loss."""
    assert _overfit(_run([0.55, 0.52], [0.79, 0.80], [3.1, 3.2], [0.56, 0.55])) is None
    assert _overfit(_run([0.23, 0.23], [0.92, 0.925], [4.4, 4.07], [0.81, 0.80])) is None  # 12 points
    # val loss 2.75x train: not the snapshot's 5x; since rules-z16 a 69-point accuracy gap at the end is read by the
    # far-gap reading instead, whatever the loss ratio (test_audit20_z16)
    f = _overfit(_run([0.23, 0.23], [0.92, 0.925], [0.5, 0.55], [0.18, 0.20]))
    assert f is not None and f.evidence["pattern"] == "far_accuracy_gap"
    # the same numbers with the gap twice the training error do warn (the principle, not the log)
    f = _overfit(_run([0.55, 0.52], [0.79, 0.80], [3.1, 3.2], [0.36, 0.35]))
    assert f is not None and f.severity.label == "warning"


def test_the_gap_rule_is_an_option() -> None:
    """`snap_variance_ratio` is overridable like every threshold: a very large ratio restores release 7's reading."""
    run = _read(OPENED / "gh-gradcam-1-overfit-val02.log")
    # far_acc_gap above 1 turns off the far-gap reading (rules-z16), which reads this run's 74-point gap too
    assert _overfit(run, rules={"LD101": {"snap_variance_ratio": 100.0, "far_acc_gap": 1.01}}) is None


def _excerpt(loss: list[float], val_loss: list[float], val_acc: list[float] | None = None) -> Run:
    curves = {"loss": (Kind.LOSS, Split.TRAIN, loss), "val_loss": (Kind.LOSS, Split.VAL, val_loss)}
    if val_acc is not None:
        curves["val_acc"] = (Kind.ACCURACY, Split.VAL, val_acc)
    series = tuple(Series(k, split, kind, Axis.EPOCH, np.arange(35, 35 + len(v), dtype=float),
                          np.asarray(v, dtype=float)) for k, (kind, split, v) in curves.items())
    return Run("t", series)


def test_a_noisy_excerpt_whose_validation_trends_up_while_training_trends_down_is_read() -> None:
    """Epochs 35-42 of AlexNet on 1,224 flower images (the person: validation loss rises, over-fitting): every step
    zig-zags, so the clean-turn reading is silent, but the robust trend over the excerpt says validation drifts up
    (2.57 -> 3.26) while training drifts down. val_acc falls with it (0.60 -> 0.49, its trend beyond its uncertainty):
    both held-out signals got worse, a warning since rule release 12 (was a note), still with its low confidence and
    what would settle it."""
    f = _overfit(_read(OPENED / "gh-dli-15-alexnet-oxflower-val-loss-rises-ep35-42.log"))
    assert f is not None and f.severity.label == "warning" and f.evidence["pattern"] == "trend_excerpt"
    assert f.evidence["val_metric"] == "val_acc" and "val_acc fell with it" in f.message.en
    assert f.evidence["val_trend_change"] > f.evidence["val_trend_uncertainty"] > 0
    assert f.evidence["train_trend_change"] < 0
    assert f.confidence < 0.85 and "would settle it" in f.message.en


def test_the_trend_excerpt_stays_quiet_when_accuracy_climbs_or_training_does_not_fall() -> None:
    """The principle's guards: a validation accuracy trending up means the model still gets better at the task (a
    fine-tune's eval loss rising from over-confidence); training trending up too is no widening gap; validation
    ending below its start is no drift up."""
    loss = [0.70, 0.76, 0.87, 0.77, 0.47, 0.53, 0.55, 0.52]
    val = [2.57, 2.05, 2.56, 2.23, 2.85, 2.89, 2.84, 3.26]
    assert _overfit(_excerpt(loss, val)) is not None
    assert _overfit(_excerpt(loss, val, [0.60, 0.57, 0.57, 0.63, 0.57, 0.59, 0.55, 0.49])) is not None
    assert _overfit(_excerpt(loss, val, [0.60, 0.61, 0.62, 0.63, 0.62, 0.65, 0.66, 0.67])) is None
    assert _overfit(_excerpt([0.50, 0.52, 0.55, 0.54, 0.60, 0.62, 0.61, 0.66], val)) is None
    assert _overfit(_excerpt(loss, [2.57, 2.05, 2.56, 2.23, 2.85, 2.89, 2.84, 2.40])) is None


def test_the_trend_note_never_hides_a_reading_that_warns() -> None:
    """Training accuracy at 1 with validation 30 points below (the ceiling reading, a warning) stays a warning when the
    validation loss also zig-zags up over the same few evaluations: the note is read last."""
    loss = [0.70, 0.76, 0.87, 0.77, 0.47, 0.53, 0.55, 0.52]
    val = [2.57, 2.05, 2.56, 2.23, 2.85, 2.89, 2.84, 3.26]
    curves = {"loss": (Kind.LOSS, Split.TRAIN, loss), "val_loss": (Kind.LOSS, Split.VAL, val),
              "acc": (Kind.ACCURACY, Split.TRAIN, [0.97, 0.98, 0.99, 0.99, 1.0, 1.0, 1.0, 1.0]),
              "val_acc": (Kind.ACCURACY, Split.VAL, [0.70, 0.69, 0.70, 0.71, 0.70, 0.69, 0.70, 0.69])}
    series = tuple(Series(k, split, kind, Axis.EPOCH, np.arange(35, 43, dtype=float), np.asarray(v, dtype=float))
                   for k, (kind, split, v) in curves.items())
    f = _overfit(Run("t", series))
    assert f is not None and f.severity.label == "warning" and f.evidence["pattern"] == "accuracy_ceiling"
