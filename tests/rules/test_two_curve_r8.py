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
    assert _overfit(_run([0.23, 0.23], [0.92, 0.925], [0.5, 0.55], [0.18, 0.20])) is None  # val loss 2x train
    # the same numbers with the gap twice the training error do warn (the principle, not the log)
    f = _overfit(_run([0.55, 0.52], [0.79, 0.80], [3.1, 3.2], [0.36, 0.35]))
    assert f is not None and f.severity.label == "warning"


def test_the_gap_rule_is_an_option() -> None:
    """`snap_variance_ratio` is overridable like every threshold: a very large ratio restores release 7's reading."""
    run = _read(OPENED / "gh-gradcam-1-overfit-val02.log")
    assert _overfit(run, rules={"LD101": {"snap_variance_ratio": 100.0}}) is None
