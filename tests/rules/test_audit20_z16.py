"""After release 20 (rules-z16): audit20's candidate principles, on the runs' own numbers with their look-alikes.

- nan_inf: a held-out loss NaN/inf at its first evaluation only (3+ evaluations, every later one finite and the last
  5 %+ below the first finite one) is a note, not a warning: a held-out loss is never trained on, so that value never
  reached the weights (ultralytics results.csv: val/loss and val/cls_loss inf at epoch 1 only, then finite and falling).
  A training loss with the same shape, a held-out loss non-finite again later, or one that does not fall keep their
  severity.
"""
from __future__ import annotations

from lossdoctor.findings import Severity
from lossdoctor.model import Kind, Run, Split

from _shapes import found, loud, series

INF = float("inf")
NAN = float("nan")
# repo-nepali-htr-yolo11n (100 epochs, shortened): train/loss 5.89 -> 2.43, val/loss inf at epoch 1, then 3.9073 ->
# 2.4734; val/cls_loss inf at epoch 1, then 1.4367 -> 0.5083
TRAIN = [5.89, 4.61, 3.95, 3.52, 3.21, 2.98, 2.80, 2.66, 2.54, 2.43]
VAL = [INF, 3.9073, 3.41, 3.12, 2.95, 2.81, 2.70, 2.61, 2.53, 2.4734]
CLS = [INF, 1.4367, 1.10, 0.93, 0.80, 0.71, 0.64, 0.58, 0.54, 0.5083]


def _yolo(val: list[float], cls: list[float] = CLS, train: list[float] = TRAIN) -> Run:
    return Run("t", (series("train/loss", Kind.LOSS, Split.TRAIN, train),
                     series("val/loss", Kind.LOSS, Split.VAL, val),
                     series("val/cls_loss", Kind.LOSS, Split.VAL, cls)))


def test_a_held_out_loss_inf_at_its_first_evaluation_only_then_falling_is_a_note() -> None:
    run = _yolo(VAL)
    f = found(run, "nan_inf")
    assert f is not None and f.severity is Severity.INFO
    assert f.evidence["pattern"] == "first_evaluation_only" and f.evidence["first_finite_value"] == 3.9073
    assert "first evaluation only" in f.message.en and "仅在第一次评估" in f.message.zh
    assert "nan_inf" not in loud(run)


def test_a_held_out_loss_non_finite_again_later_keeps_the_warning() -> None:
    run = _yolo(VAL[:6] + [NAN] + VAL[7:])
    f = found(run, "nan_inf")
    assert f is not None and f.severity >= Severity.WARNING


def test_a_held_out_loss_that_does_not_fall_after_its_first_evaluation_keeps_the_warning() -> None:
    flat = [INF] + [3.9] * 9
    f = found(_yolo(flat, cls=[INF] + [1.4] * 9), "nan_inf")
    assert f is not None and f.severity >= Severity.WARNING


def test_a_training_loss_inf_at_its_first_print_only_keeps_its_severity() -> None:
    """The training loss is what the weights are updated from: its first value did reach them."""
    run = _yolo([3.9073] + VAL[1:], cls=[1.4367] + CLS[1:], train=[INF] + TRAIN[1:])
    f = found(run, "nan_inf")
    assert f is not None and f.severity >= Severity.WARNING


def test_two_evaluations_are_too_few_for_the_note() -> None:
    run = _yolo(VAL[:2], cls=CLS[:2], train=TRAIN[:2])
    f = found(run, "nan_inf")
    assert f is not None and f.severity >= Severity.WARNING
