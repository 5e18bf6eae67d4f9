"""Release 11 (rules-q): note-level findings that generator families the rules never saw shaped differently, read as a
practitioner reads them at a glance. Fixtures are runs written by the family code's own writers, copied verbatim
(tests/fixtures/families_v8/SOURCES.md, tests/fixtures/families_v5/SOURCES.md); a run without the shape beside each."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from lossdoctor.findings import Severity
from lossdoctor.model import Axis, Kind, Run, Series, Split
from lossdoctor.readers import read

from _shapes import found

FIX = Path(__file__).parents[1] / "fixtures"


def _read(rel: str) -> Run:
    return read(FIX / rel)[0]


def _epochs(**series: tuple[Kind, Split, list[float]]) -> Run:
    out = []
    for key, (kind, split, values) in series.items():
        v = np.asarray(values, dtype=np.float64)
        out.append(Series(key, split, kind, Axis.EPOCH, np.arange(1, v.size + 1, dtype=np.float64), v))
    return Run("hand-made", tuple(out))


# -- abnormal_initial_loss: C read off an accuracy that sits at 1/C over its first evaluations -------------------------

def test_first_loss_many_times_ln2_beside_an_accuracy_held_at_one_half_is_an_abnormal_start() -> None:
    """A factorisation machine's output bias initialised to +10: BCE 4.75 = 6.9x ln 2 while both accuracies sit at
    0.51-0.52 for five epochs (two classes, read at a glance). C is a guess, so the finding is a low-confidence note."""
    f = found(_read("families_v8/init_fm_bias_plus10_s0.tsv"), "abnormal_initial_loss")
    assert f is not None and f.severity is Severity.INFO
    assert f.evidence["num_classes_from"] == "accuracy_floor" and f.evidence.get("huge") is False
    assert f.confidence is not None and f.confidence <= 0.35
    assert "ln(2)" in f.message.en


def test_an_accuracy_at_one_half_with_a_first_loss_near_ln2_is_no_abnormal_start() -> None:
    """The same accuracy start with a first loss of ln 2 + 0.05: an ordinary binary start, nothing to say."""
    acc = [0.51, 0.51, 0.512, 0.6, 0.7, 0.78, 0.82, 0.84]
    run = _epochs(loss=(Kind.LOSS, Split.TRAIN, [0.74, 0.70, 0.68, 0.60, 0.52, 0.46, 0.42, 0.40]),
                  acc=(Kind.ACCURACY, Split.TRAIN, acc))
    assert found(run, "abnormal_initial_loss") is None


def test_an_accuracy_that_leaves_one_half_at_once_names_no_class_count() -> None:
    """A first loss of 4 beside an accuracy at 0.5 only once (a learning model passes 1/C once): no C is read, and
    without a 30x fall or an accuracy bound no abnormal start is claimed."""
    run = _epochs(loss=(Kind.LOSS, Split.TRAIN, [4.0, 2.5, 1.8, 1.2, 0.9, 0.7, 0.6, 0.55]),
                  acc=(Kind.ACCURACY, Split.TRAIN, [0.5, 0.62, 0.7, 0.75, 0.8, 0.83, 0.85, 0.86]))
    f = found(run, "abnormal_initial_loss")
    assert f is None or f.evidence.get("num_classes_from") != "accuracy_floor"


# -- suspected_leakage: validation near-perfect while training errs 10x as often --------------------------------------

def test_validation_near_perfect_while_training_errs_ten_times_as_often_is_suspected_leakage() -> None:
    """The category tag left as each document's first token, word dropout 0.5 in training only: val_accuracy 0.996
    over the last evaluations while accuracy is 0.92-0.93 (17x the errors) and val_loss 14% of loss."""
    f = found(_read("families_v8/leak_category_tag_token_s0.csv"), "suspected_leakage")
    assert f is not None and f.severity is Severity.INFO
    assert f.evidence["late_train_error"] >= 10 * f.evidence["late_val_error"]
    assert f.evidence["late_val_train_loss_ratio"] < 0.2


def test_training_and_validation_both_near_perfect_is_not_the_error_gap() -> None:
    """An L2 penalty summed into the training loss: val_loss far below loss, but both accuracies reach 0.99+ (no rows
    the model gets wrong in training that it gets right on validation): no leak is read from it."""
    assert found(_read("families_v8/valbelow_l2_penalty_s1.log"), "suspected_leakage") is None


def test_dropout_holding_training_accuracy_below_an_imperfect_validation_is_not_the_error_gap() -> None:
    """Dropout 0.5 everywhere: val_accuracy 0.93 against accuracy 0.75 (3.6x the errors): honest regularisation."""
    assert found(_read("families_v7/valbelow_dropout05_everywhere_s0.log"), "suspected_leakage") is None


# -- still_improving: a short validation curve beside a long training curve -------------------------------------------

def test_five_evaluations_falling_beside_a_per_step_loss_still_falling_is_still_improving() -> None:
    """max_iter=300 left from a debug config (detectron2-style metrics.json): 5 validation losses each lower than the
    last, beside 15 per-iteration totals whose last quarter still falls significantly."""
    f = found(_read("families_v5/still_max_steps_debug_boxes_s1.json"), "still_improving")
    assert f is not None and f.severity is Severity.INFO
    assert f.confidence is not None and f.confidence <= 0.5
    assert "Only 5 points were seen" in f.message.en


def test_a_long_training_curve_that_has_levelled_off_vetoes_the_short_validation_excerpt() -> None:
    """The same 5 falling validation points beside a per-step training loss flat for its last half: not still
    improving (the long curve has the points to show it stopped)."""
    steps = np.arange(20, 320, 20, dtype=np.float64)
    train = np.array([1.4, 1.2, 0.9, 0.7, 0.6, 0.55, 0.5, 0.5, 0.51, 0.49, 0.5, 0.51, 0.5, 0.49, 0.5])
    val = np.array([0.78, 0.54, 0.47, 0.45, 0.44])
    run = Run("hand-made", (Series("total_loss", Split.TRAIN, Kind.LOSS, Axis.STEP, steps, train),
                            Series("validation_loss", Split.VAL, Kind.LOSS, Axis.STEP,
                                   np.array([60.0, 120.0, 180.0, 240.0, 300.0]), val)))
    assert found(run, "still_improving") is None


# -- suspected_leakage: equal values at the print's floor are no copy -------------------------------------------------

def test_losses_equal_only_at_the_last_printed_digit_are_not_the_same_numbers() -> None:
    """A healthy run printed to 3 decimals: both losses reach 0.002, 0.001 and 0.000 and print alike there, which is
    the print's floor (under 2 significant digits), not validation being the training set."""
    run = _read("families_v5/healthy_gruattn_three_decimals_s1.log")
    assert found(run, "suspected_leakage") is None


def test_a_copy_printed_with_enough_digits_is_still_the_same_numbers() -> None:
    """The same print with validation a copy of training at values carrying 3+ significant digits: still found."""
    loss = [0.999, 0.625, 0.414, 0.302, 0.251, 0.223, 0.204, 0.191, 0.183, 0.177]
    run = _epochs(loss=(Kind.LOSS, Split.TRAIN, loss), val_loss=(Kind.LOSS, Split.VAL, list(loss)))
    f = found(run, "suspected_leakage")
    assert f is not None and f.evidence["identical_loss_evaluations"] >= 9


def test_print_step_reads_the_decimals_a_log_keeps() -> None:
    from lossdoctor.rules.suspected_leakage import _print_step

    assert _print_step(np.array([0.999, 0.125, 0.004, 0.002])) == 1e-3
    assert _print_step(np.array([0.6931471824645996, 0.5123456789012, 0.41234567891])) == 0.0
    assert _print_step(np.array([2.0471e-4, 1.7814e-4, 1.5531e-4])) == 1e-8  # small values are not integers at d = 0


# -- underfitting: a training loss that was low at its best fitted the data ------------------------------------------

def test_a_training_loss_that_rebounded_to_a_high_level_is_no_underfitting() -> None:
    """SWA at 30x the base learning rate: the loss fell to 0.25, then climbed back to 2.0 (88% of ln 10). High at the
    end, but the model fitted the data at its best: the rebound is the finding, not a model that cannot fit."""
    run = _read("families_v7/rebound_swa_lr_30x_s0.log")
    assert found(run, "train_loss_rebound") is not None
    assert found(run, "underfitting") is None


def test_a_training_loss_high_at_its_best_is_still_underfitting() -> None:
    """The same classifier levelled off at 1.6-1.7 (70% of ln 10) and never lower, validation beside it: underfitting."""
    loss = [2.30, 2.05, 1.90, 1.80, 1.74, 1.70, 1.68, 1.67, 1.665, 1.66, 1.66, 1.658, 1.657, 1.657, 1.656, 1.656]
    val = [2.28, 2.06, 1.93, 1.84, 1.79, 1.76, 1.74, 1.73, 1.725, 1.72, 1.72, 1.718, 1.717, 1.717, 1.716, 1.716]
    acc = [0.15, 0.25, 0.30, 0.33, 0.35, 0.36, 0.37, 0.37, 0.375, 0.375, 0.376, 0.376, 0.377, 0.377, 0.377, 0.377]
    run = _epochs(loss=(Kind.LOSS, Split.TRAIN, loss), val_loss=(Kind.LOSS, Split.VAL, val),
                  accuracy=(Kind.ACCURACY, Split.TRAIN, acc))
    assert found(run, "underfitting") is not None
