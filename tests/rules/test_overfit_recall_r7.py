"""Rule release 7, over-fitting recall: the classes of over-fitting met with silence on the logs opened after release 6.
One test per principle, on verbatim copies of opened logs (tests/fixtures/opened_runs/SOURCES.md) or on arrays, each
with the case beside it that must stay quiet."""
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


def _run(**curves: tuple[Kind, Split, list[float]]) -> Run:
    """run_of with each series' kind and split named (a 'test accuracy' is held out too)."""
    series = tuple(Series(k, split, kind, Axis.EPOCH, np.arange(1, len(v) + 1, dtype=float),
                          np.asarray(v, dtype=float)) for k, (kind, split, v) in curves.items())
    return Run("t", series)


def test_a_short_excerpt_whose_validation_bottoms_and_climbs_while_training_falls_is_over_fitting() -> None:
    """Keras epochs 4-10 of 200 (the person: "my validation loss is diverging ... clearly an over-fitting one"):
    val_loss 26.45 -> 26.17 (epoch 7) -> 26.18 -> 26.23 -> 26.32 while loss falls 55.8 -> 42.7 at every epoch. The rise
    is 0.6 % of the loss, under any noise floor a long run needs, but it gives back half of what validation gained in
    the excerpt. Over 4-9 evaluations the tail of a converged healthy run shows the same clean turn (the healthy pieces
    of the development runs: 10 tails), so it is a note (not silence) that says how little was seen."""
    f = _overfit(_read(OPENED / "gh-keras-10102-val-loss-bottoms-epoch7-overfit.log"))
    assert f is not None and f.severity.label == "info"
    assert f.evidence["pattern"] == "late_turn_excerpt" and f.evidence["best_epoch"] == 7
    assert f.confidence < 0.85 and "would settle it" in f.message.en


def test_the_same_excerpt_is_quiet_when_training_stalls_or_validation_dips_back() -> None:
    """The principle's two halves: training must keep falling at every evaluation of the rise (else: converged
    drift), and the end must stand above the first evaluation after the best (else: one bump that came back)."""
    val = [26.45, 26.30, 26.21, 26.17, 26.18, 26.23, 26.32]
    flat_train = [55.8, 53.4, 51.1, 48.8, 48.9, 48.8, 48.9]
    assert _overfit(_run(loss=(Kind.LOSS, Split.TRAIN, flat_train), val_loss=(Kind.LOSS, Split.VAL, val))) is None
    back = [26.45, 26.30, 26.21, 26.17, 26.30, 26.25, 26.20]
    train = [55.8, 53.4, 51.1, 48.8, 46.7, 44.7, 42.7]
    assert _overfit(_run(loss=(Kind.LOSS, Split.TRAIN, train), val_loss=(Kind.LOSS, Split.VAL, back))) is None
    # a rise that gives back a tenth of the gain, tiny next to training's fall, is noise at this length
    small = [30.0, 28.0, 27.0, 26.17, 26.18, 26.19, 26.20]
    assert _overfit(_run(loss=(Kind.LOSS, Split.TRAIN, train), val_loss=(Kind.LOSS, Split.VAL, val))) is not None
    assert _overfit(_run(loss=(Kind.LOSS, Split.TRAIN, train), val_loss=(Kind.LOSS, Split.VAL, small))) is None


def test_a_validation_accuracy_reaching_a_new_best_after_the_turn_is_still_learning() -> None:
    """A 4-epoch fine-tune whose eval loss rises after epoch 2 while eval accuracy keeps reaching new bests reads as
    over-confidence on its errors as much as over-fitting (the rule's long-run principle, on an excerpt): since
    rules-z21 (issue 7: a short excerpt gets a finding with its confidence, not silence) it is the short-rise note at
    half its confidence, saying so - never a warning; the same curves with an eval accuracy that fell from its best get
    the late-turn note."""
    train = [0.57, 0.25, 0.085, 0.024]
    val = [0.49, 0.37, 0.45, 0.55]
    acc_t = [0.70, 0.89, 0.97, 0.99]
    for acc_v, expected in (([0.826, 0.865, 0.875, 0.887], "short_rise_excerpt"),
                            ([0.826, 0.865, 0.850, 0.840], "late_turn_excerpt")):
        run = _run(loss=(Kind.LOSS, Split.TRAIN, train), val_loss=(Kind.LOSS, Split.VAL, val),
                   acc=(Kind.ACCURACY, Split.TRAIN, acc_t), val_acc=(Kind.ACCURACY, Split.VAL, acc_v))
        f = _overfit(run)
        assert (f.evidence["pattern"] if f is not None else None) == expected
        if expected == "short_rise_excerpt":
            assert f is not None and f.severity.label == "info" and f.confidence is not None and f.confidence <= 0.25
            assert f.evidence["accuracy_still_best"] and "over-confidence" in f.message.en


def test_a_four_epoch_turn_warns_and_is_a_note_with_a_kept_best_checkpoint() -> None:
    """YOLOv2 fine-tune saving its best weights (ModelCheckpoint lines in the log; the person: "just after two epochs
    the val_loss increases while loss still decreases, I think it comes out overfitting"): val_loss 1.556 -> 1.529 ->
    1.551 -> 1.586. It was met with silence, then a note (release 7); since rules-z16 two rises in a row with training
    falling at each and no accuracy logged warn (the steady rise), and with --best-checkpoint it is a note naming the
    epoch kept (the checkpoint keeps the weights from before the rise)."""
    run = _read(OPENED / "gh-yolov2-6-overfit-after-two-epochs.log")
    for stated, label in ((None, "warning"), (True, "info")):
        f = _overfit(run, best_checkpoint=stated)
        assert f is not None and f.severity.label == label and f.evidence["best_epoch"] == 2


def test_training_accuracy_at_its_ceiling_with_a_test_accuracy_far_below_is_over_fitting() -> None:
    """Logistic regression on 209 cat pictures (the course: "Training accuracy is close to 100% ... Test error is
    68%"): only a training cost and the two final accuracies (99.0 % / 70.0 %), no validation loss. Nothing was said
    before; the accuracies alone show the error left is variance."""
    f = _overfit(_read(OPENED / "nb-dlai-logreg-cat-train-99-test-70-overfit.log"))
    assert f is not None and f.severity.label == "warning" and f.evidence["pattern"] == "accuracy_ceiling"
    assert abs(f.evidence["accuracy_gap"] - 0.29) < 0.01 and f.confidence < 0.5


def test_a_ceiling_with_a_small_gap_or_a_training_accuracy_below_it_is_quiet() -> None:
    """A fine-tune at 99.7 % training and 88.5 % eval accuracy is a hard task's published result (BERT on MRPC), and
    a training accuracy of 0.95 still has something to fit: no over-fitting read from accuracies alone."""
    loss = (Kind.LOSS, Split.TRAIN, [0.6, 0.3, 0.1, 0.05, 0.02])
    for t_acc, v_acc in ((0.997, 0.885), (0.95, 0.70)):
        run = _run(loss=loss, acc=(Kind.ACCURACY, Split.TRAIN, [0.7, 0.8, 0.9, 0.93, t_acc]),
                   test_acc=(Kind.ACCURACY, Split.TEST, [0.6, 0.65, 0.68, 0.69, v_acc]))
        assert _overfit(run) is None
