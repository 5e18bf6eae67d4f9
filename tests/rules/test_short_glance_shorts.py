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
