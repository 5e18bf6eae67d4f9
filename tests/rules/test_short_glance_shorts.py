"""After release 16 (shorts): a short excerpt with a problem that a person reads at a glance gets a low-confidence note
that says how few points were seen and what more would settle it, instead of silence. Healthy excerpts of the same
length stay quiet."""
from __future__ import annotations

from lossdoctor.config import Options
from lossdoctor.engine import diagnose_run
from lossdoctor.findings import Finding
from lossdoctor.model import Run

from _shapes import run_of


def _found(name: str, run: Run) -> Finding | None:
    rep = diagnose_run(run, Options())
    return next((f for f in rep.findings if f.name == name), None)


# ---- val_below_train: validation at half the training loss or less at each of 1-3 evaluations --------------------

def test_one_epoch_with_validation_a_fifth_of_training_gets_a_low_confidence_note() -> None:
    """fastai lesson 2, 'Too few epochs': one epoch of a resnet34 from scratch, train_loss 0.603, valid_loss 0.120."""
    f = _found("val_below_train", run_of(train_loss=[0.6028], valid_loss=[0.1196]))
    assert f is not None and f.severity.label == "info" and f.evidence["pattern"] == "glance"
    assert f.confidence is not None and f.confidence <= 0.3
    assert "Only 1 epoch" in f.message.en and "only epoch shown" in f.message.en and "只看到 1" in f.message.zh
    assert f.causes[0].cause == "insufficient_training"


def test_two_epochs_are_surer_than_one_but_stay_low() -> None:
    one = _found("val_below_train", run_of(train_loss=[1.2], valid_loss=[0.4]))
    two = _found("val_below_train", run_of(train_loss=[1.2, 0.9], valid_loss=[0.4, 0.3]))
    assert one is not None and two is not None and one.confidence < two.confidence <= 0.5


def test_an_ordinary_gap_or_one_evaluation_above_half_stays_quiet() -> None:
    """Validation a little below training (dropout, the averaging lag): nothing to read at a glance; and one of two
    evaluations at 60 % of training is not 'half or less at every one'."""
    assert _found("val_below_train", run_of(train_loss=[0.30], valid_loss=[0.25])) is None
    assert _found("val_below_train", run_of(train_loss=[1.0, 0.8], valid_loss=[0.4, 0.48])) is None
    assert _found("val_below_train", run_of(train_loss=[0.5], valid_loss=[0.9])) is None


# ---- overfitting: the gap read off a short log's last lines --------------------------------------------------------

def test_training_accuracy_at_its_ceiling_with_validation_12_points_below_gets_a_note() -> None:
    """TF retrain, the last two logged steps: train accuracy 99-100 %, validation 85-88 %, no validation loss."""
    f = _found("overfitting", run_of(axis="step", steps=[990, 999], loss=[0.3016, 0.2944],
                                     train_accuracy=[0.99, 1.0], val_accuracy=[0.85, 0.88]))
    assert f is not None and f.severity.label == "info" and f.evidence["pattern"] == "short_gap"
    assert f.confidence is not None and f.confidence <= 0.5 and "Only 2 evaluations seen" in f.message.en
    assert "只看到 2" in f.message.zh


def test_a_gap_under_10_points_or_a_training_accuracy_below_its_ceiling_gets_no_short_gap_note() -> None:
    for train, val in (([0.99, 1.0], [0.93, 0.94]), ([0.90, 0.95], [0.78, 0.80])):
        f = _found("overfitting", run_of(loss=[0.30, 0.29], train_accuracy=train, val_accuracy=val))
        assert f is None or f.evidence.get("pattern") != "short_gap"


def test_one_evaluation_with_the_held_out_loss_10x_training_and_the_error_rates_agreeing_gets_a_note() -> None:
    """DeepSpeech, epoch 19's report: training loss 12.98 / WER 15.9 %, validation loss 178.3 / WER 51.2 %."""
    f = _found("overfitting", run_of(steps=[19], train_loss=[12.98], val_loss=[178.3], train_wer=[0.1594],
                                     val_wer=[0.5125]))
    assert f is not None and f.severity.label == "info" and f.evidence["pattern"] == "short_gulf"
    assert f.confidence is not None and f.confidence <= 0.3 and "Only 1 epoch" in f.message.en


def test_a_blow_up_with_no_training_score_or_a_gap_under_10x_gets_no_gulf_note() -> None:
    """fastai, one epoch at a far too high learning rate: train_loss 12.2, valid_loss 1144, error_rate 0.77 (held-out
    only): no fit at all, not over-fitting; and a validation loss 5x training is no order of magnitude."""
    blown = _found("overfitting", run_of(train_loss=[12.22], valid_loss=[1144.0], valid_error_rate=[0.766]))
    assert blown is None or blown.evidence.get("pattern") != "short_gulf"
    small = _found("overfitting", run_of(train_loss=[0.2], val_loss=[1.0]))
    assert small is None or small.evidence.get("pattern") != "short_gulf"


# ---- loss_not_decreasing: an accuracy exactly 0 on every line from mid-run -----------------------------------------

def test_accuracy_zero_on_every_line_deep_into_a_run_beside_a_loss_that_does_not_fall_gets_a_note() -> None:
    """PaddleOCR recognition, epochs 24-25 of 72: loss 20.0 -> 19.8, acc 0.000000 on every line."""
    steps = [400, 407, 410, 417, 424]
    f = _found("loss_not_decreasing", run_of(axis="step", steps=steps, loss=[20.01, 20.05, 20.09, 19.91, 19.76],
                                             acc=[0.0] * 5))
    assert f is not None and f.severity.label == "info" and f.evidence["pattern"] == "nothing_right_midrun"
    assert f.confidence is not None and f.confidence <= 0.5
    assert "begins at step 400" in f.message.en and "第 400 步" in f.message.zh


def test_accuracy_zero_from_the_start_or_beside_a_falling_loss_gets_no_such_note() -> None:
    """ArcFace, steps 10-40: accuracy 0.00000 is every model's start ('wait for more iterations'); mid-run with the
    loss down 40 % the zero is a count that never counts (loss_metric_disagreement's); one right answer is not 0."""
    runs = (run_of(axis="step", steps=[10, 20, 30, 40], loss=[62.9, 69.8, 54.6, 62.9], acc=[0.0] * 4),
            run_of(axis="step", steps=[400, 407, 410, 417, 424], loss=[20.0, 17.0, 15.0, 13.0, 12.0], acc=[0.0] * 5),
            run_of(axis="step", steps=[400, 407, 410, 417, 424], loss=[20.01, 20.05, 20.09, 19.91, 19.76],
                   acc=[0.0, 0.0, 0.004, 0.0, 0.0]))
    for run in runs:
        f = _found("loss_not_decreasing", run)
        assert f is None or f.evidence.get("pattern") != "nothing_right_midrun"
