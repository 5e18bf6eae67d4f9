"""After release 12 (rules-x): two short-excerpt over-fitting shapes get a low-confidence note instead of silence - a
validation loss rising at every evaluation after its lowest while the logged training loss keeps falling (read from the
two series, not their pairs), and a validation accuracy 20+ points below training at every evaluation beside a
validation loss 2x+ training. Healthy short runs of the same length stay quiet."""
from __future__ import annotations

import numpy as np

from lossdoctor.config import Options
from lossdoctor.engine import diagnose_run
from lossdoctor.findings import Finding
from lossdoctor.model import Axis, Kind, Run, Series, Split


def _series(key: str, kind: Kind, split: Split, steps: list[float], values: list[float]) -> Series:
    return Series(key, split, kind, Axis.STEP, np.asarray(steps, dtype=float), np.asarray(values, dtype=float))


def _overfit(*series: Series) -> Finding | None:
    rep = diagnose_run(Run("t", tuple(series)), Options())
    return next((f for f in rep.findings if f.name == "overfitting"), None)


# a Trainer card, 5 epochs of 230 steps: 'No log' for the training loss until step 500, printed at epochs 3 and 4 (the
# last one repeated), then 0.1172; validation loss lowest at epoch 2, accuracy peaks at epoch 3 and falls back
EVAL_STEPS = [230.0, 460.0, 690.0, 920.0, 1150.0]
TRAIN_STEPS = [690.0, 920.0, 1150.0]
ACC = [0.8088, 0.8480, 0.8578, 0.8554, 0.8456]


def test_a_card_whose_validation_loss_rises_after_epoch_2_gets_a_note() -> None:
    f = _overfit(_series("Validation Loss", Kind.LOSS, Split.VAL, EVAL_STEPS, [0.4111, 0.3762, 0.5572, 0.6087, 0.6524]),
                 _series("Accuracy", Kind.ACCURACY, Split.VAL, EVAL_STEPS, ACC),
                 _series("Training Loss", Kind.LOSS, Split.TRAIN, TRAIN_STEPS, [0.4287, 0.4287, 0.1172]))
    assert f is not None and f.severity.label == "info" and f.evidence["pattern"] == "short_rise_excerpt"
    assert f.evidence["best_step"] == 460.0 and f.evidence["rise_share_of_best"] > 0.7
    assert f.confidence is not None and f.confidence <= 0.5
    assert "Only 5 evaluations" in f.message.en and "只有 5 次评估" in f.message.zh


def test_a_small_rise_or_a_rebounding_training_loss_gets_no_such_note() -> None:
    """A validation loss creeping 5 % above its best is over-confidence as often as not; a training loss that went
    back up is no widening gap."""
    def pattern(val: list[float], train: list[float], acc: list[float]) -> object:
        f = _overfit(_series("Validation Loss", Kind.LOSS, Split.VAL, EVAL_STEPS, val),
                     _series("Accuracy", Kind.ACCURACY, Split.VAL, EVAL_STEPS, acc),
                     _series("Training Loss", Kind.LOSS, Split.TRAIN, TRAIN_STEPS, train))
        return None if f is None else f.evidence.get("pattern")

    assert pattern([0.4111, 0.3762, 0.3800, 0.3850, 0.3900], [0.4287, 0.4287, 0.1172], ACC) != "short_rise_excerpt"
    assert pattern([0.4111, 0.3762, 0.5572, 0.6087, 0.6524], [0.4287, 0.1172, 0.4300], ACC) != "short_rise_excerpt"


def test_an_accuracy_still_at_its_best_halves_the_note_instead_of_silencing_it() -> None:
    """rules-z21 (issue 7: a short excerpt with a problem gets a finding with its confidence, not silence): a card
    whose validation loss rises 70 % after epoch 2 while training falls is the over-fitting shape a person names at a
    glance, even when the accuracy still creeps up (over-confidence fits too): a note at half the confidence, saying
    why; the same loss shape with the accuracy fallen back keeps the full note."""
    val, train = [0.4111, 0.3762, 0.5572, 0.6087, 0.6524], [0.4287, 0.4287, 0.1172]

    def note(acc: list[float]) -> Finding | None:
        return _overfit(_series("Validation Loss", Kind.LOSS, Split.VAL, EVAL_STEPS, val),
                        _series("Accuracy", Kind.ACCURACY, Split.VAL, EVAL_STEPS, acc),
                        _series("Training Loss", Kind.LOSS, Split.TRAIN, TRAIN_STEPS, train))

    still, fell = note([0.8088, 0.8480, 0.8578, 0.8600, 0.8650]), note(ACC)
    assert still is not None and still.evidence["pattern"] == "short_rise_excerpt" and still.severity.label == "info"
    assert still.evidence["accuracy_still_best"] and "over-confidence" in still.message.en
    assert fell is not None and not fell.evidence["accuracy_still_best"]
    assert still.confidence is not None and fell.confidence is not None and still.confidence < fell.confidence


def _acc_run(train_acc: list[float], val_acc: list[float], loss: list[float], val_loss: list[float]) -> Finding | None:
    steps = [float(i) for i in range(1, len(train_acc) + 1)]
    return _overfit(_series("loss", Kind.LOSS, Split.TRAIN, steps, loss),
                    _series("acc", Kind.ACCURACY, Split.TRAIN, steps, train_acc),
                    _series("val_loss", Kind.LOSS, Split.VAL, steps, val_loss),
                    _series("val_acc", Kind.ACCURACY, Split.VAL, steps, val_acc))


def test_validation_accuracy_far_below_training_at_every_evaluation_gets_a_note() -> None:
    """Keras, 7 epochs: training accuracy 0.88 -> 0.90, validation 0.58-0.69 (20-30 points under it: the alexnet-keras-4
    curve moved up 5 points - 30+ points at the end is the far-gap warning since rules-z16, test_audit20_z16),
    validation loss 3x training."""
    f = _acc_run([0.8755, 0.8874, 0.8867, 0.8949, 0.8880, 0.9024, 0.9011],
                 [0.6357, 0.5786, 0.6643, 0.6071, 0.6286, 0.6929, 0.6000],
                 [0.0889, 0.0848, 0.0859, 0.0787, 0.0825, 0.0765, 0.0774],
                 [0.2725, 0.2937, 0.2760, 0.2841, 0.2466, 0.2792, 0.2972])
    assert f is not None and f.severity.label == "info" and f.evidence["pattern"] == "gap_excerpt"
    assert f.evidence["accuracy_gap_min"] >= 0.2 and f.evidence["val_over_train_loss_min"] >= 2.0
    assert f.confidence is not None and f.confidence <= 0.5


def test_an_ordinary_or_closing_gap_stays_quiet() -> None:
    """A hard task: validation 20 points below training but its loss under 2x training (the ordinary difference
    between seen and unseen data); and a gap that closes as validation catches up."""
    ordinary = _acc_run([0.80, 0.84, 0.87, 0.89, 0.91], [0.58, 0.62, 0.65, 0.67, 0.69],
                        [0.60, 0.48, 0.40, 0.34, 0.30], [1.00, 0.90, 0.84, 0.80, 0.78])
    assert ordinary is None
    closing = _acc_run([0.90, 0.91, 0.92, 0.93, 0.94], [0.60, 0.64, 0.68, 0.70, 0.72],
                       [0.30, 0.28, 0.26, 0.24, 0.22], [0.90, 0.85, 0.80, 0.75, 0.70])
    assert closing is None


def _disagreement(val_map: list[float], train_acc: list[float]) -> Finding | None:
    steps = [50.0, 100.0, 150.0]
    series = (_series("loss", Kind.LOSS, Split.TRAIN, steps, [0.189, 0.1856, 0.1921]),
              _series("acc", Kind.ACCURACY, Split.TRAIN, steps, train_acc),
              _series("val mAP", Kind.SCORE, Split.VAL, [150.0][:len(val_map)], val_map))
    rep = diagnose_run(Run("t", series), Options())
    return next((f for f in rep.findings if f.evidence.get("pattern") == "held_out_metric_zero"), None)


def test_a_held_out_score_of_zero_beside_a_training_accuracy_of_99_percent_gets_a_note() -> None:
    """MMDetection: training accuracy 0.993 and a low loss, then the evaluation's mAP is exactly 0.0."""
    f = _disagreement([0.0], [0.9931, 0.9931, 0.993])
    assert f is not None and f.name == "loss_metric_disagreement" and f.severity.label == "info"
    assert f.confidence is not None and f.confidence <= 0.5 and f.evidence["held_out_evaluations"] == 1
    assert "val mAP" in f.message.en and "val mAP" in f.message.zh


def test_a_held_out_score_above_zero_or_a_low_training_accuracy_gets_no_such_note() -> None:
    assert _disagreement([0.31], [0.9931, 0.9931, 0.993]) is None
    assert _disagreement([0.0], [0.41, 0.52, 0.60]) is None
