"""After release 19 (rules-z14): audit19's principle, on the run's own numbers with its look-alikes beside it.

- nan_inf: a loss term NaN at every one of its prints while the run's main loss is finite at every print and keeps
  falling is a term not computed, not a broken run (a note): a NaN that reached the weights would make every loss NaN
  within a step. DAFormer's `src.loss_imnet_feat_dist: nan` beside `decode.loss_seg` 2.68 -> 1.61 (healthy, the
  maintainer's known, harmless term). A NaN total, a term NaN on only some prints, a NaN validation loss, a main loss
  that does not fall and a paste of three prints keep the error.
"""
from __future__ import annotations

from lossdoctor.findings import Severity
from lossdoctor.model import Axis, Kind, Run, Split

from _shapes import found, loud, series

NAN = float("nan")
STEPS = [50, 100, 150, 200]
# lhoyer/DAFormer issue 11: iterations 50-200 of 40,000, mmseg logger lines
SEG = [2.6839, 2.3862, 2.0347, 1.6078]
MIX = [1.4047, 1.3233, 1.0585, 0.7838]
ACC = [0.105387, 0.474850, 0.625967, 0.681829]


def _daformer(feat: list[float], seg: list[float] = SEG, steps: list[int] = STEPS) -> Run:
    n = len(steps)
    return Run("t", (
        series("decode.loss_seg", Kind.LOSS, Split.TRAIN, seg, Axis.STEP, steps),
        series("decode.acc_seg", Kind.ACCURACY, Split.TRAIN, ACC[:n], Axis.STEP, steps),
        series("src.loss_imnet_feat_dist", Kind.LOSS, Split.TRAIN, feat, Axis.STEP, steps),
        series("mix.decode.loss_seg", Kind.LOSS, Split.TRAIN, MIX[:n], Axis.STEP, steps),
    ))


def test_a_term_nan_at_every_print_beside_a_falling_main_loss_is_a_note() -> None:
    run = _daformer([NAN] * 4)
    f = found(run, "nan_inf", num_classes=19)
    assert f is not None and f.severity is Severity.INFO
    assert f.evidence["pattern"] == "term_not_computed" and f.evidence["main_loss"] == "decode.loss_seg"
    assert "not computed" in f.message.en and "没有被真正计算" in f.message.zh
    assert "nan_inf" not in loud(run, num_classes=19)


def test_the_term_nan_on_only_some_prints_keeps_the_error() -> None:
    """casanovo-226's shape: a second loss finite, then NaN (2 of 5 prints) - a value that turned, not a term that
    never was computed."""
    run = _daformer([0.31, 0.29, NAN, NAN])
    f = found(run, "nan_inf", num_classes=19)
    assert f is not None and f.severity is Severity.ERROR


def test_a_nan_total_beside_falling_terms_keeps_the_error() -> None:
    """tf-faster-rcnn-458's shape: 'total loss' NaN at every print while rpn_loss_cls falls - the total is the loss the
    model is trained on (the main loss), so the run is broken."""
    steps = [20, 40, 60, 80]
    run = Run("t", (
        series("total loss", Kind.LOSS, Split.TRAIN, [NAN] * 4, Axis.STEP, steps),
        series("rpn_loss_cls", Kind.LOSS, Split.TRAIN, [0.6484, 0.55, 0.47, 0.4066], Axis.STEP, steps),
        series("loss_cls", Kind.LOSS, Split.TRAIN, [2.1499, 0.9, 0.3, 0.0858], Axis.STEP, steps),
    ))
    f = found(run, "nan_inf")
    assert f is not None and f.severity is Severity.ERROR


def test_a_validation_loss_nan_at_every_evaluation_keeps_the_error() -> None:
    """wav2vec2 XLS-R cards: the validation loss inf at every evaluation while the training loss falls."""
    run = Run("t", (
        series("Training Loss", Kind.LOSS, Split.TRAIN, [7.448, 2.8589, 1.4919, 1.1255, 0.9354, 0.7816]),
        series("Validation Loss", Kind.LOSS, Split.VAL, [float("inf")] * 6),
    ))
    f = found(run, "nan_inf")
    assert f is not None and f.severity is Severity.ERROR


def test_a_main_loss_that_does_not_fall_keeps_the_error() -> None:
    """Beside a frozen main loss (dmrgcn's 0.3598 at every epoch) nothing shows the NaN stayed out of the weights."""
    run = _daformer([NAN] * 4, seg=[2.6839, 2.6901, 2.6794, 2.6850])
    f = found(run, "nan_inf", num_classes=19)
    assert f is not None and f.severity is Severity.ERROR


def test_three_prints_are_too_few_to_tell() -> None:
    """Three prints give the main loss no noise to be measured against: the error stays."""
    run = _daformer([NAN] * 3, seg=SEG[:3], steps=STEPS[:3])
    f = found(run, "nan_inf", num_classes=19)
    assert f is not None and f.severity is Severity.ERROR
