"""Rule release 7, broken-run findings on short excerpts: the classes of problem runs met with silence.

Each real fixture under tests/fixtures/opened_runs/ is an opened corpus log (source URL in SOURCES.md there); the
synthetic runs check that each principle holds beyond the log it was found on, and that its healthy look-alike stays
quiet.
"""
from __future__ import annotations

from pathlib import Path

from lossdoctor.config import Options
from lossdoctor.engine import diagnose_run
from lossdoctor.findings import Severity

from _real_logs import read_longest
from _shapes import findings, run_of

OPENED = Path(__file__).resolve().parents[1] / "fixtures" / "opened_runs"


def _by_name(name: str) -> dict:
    rep = diagnose_run(read_longest(OPENED / name), Options())
    return {f.name: f for f in rep.findings}


# ---- a gradient norm non-finite to the end of the log, the loss still finite: the gradients overflowed -------------

def test_a_grad_norm_nan_on_the_last_line_only_is_a_note_with_a_modest_confidence() -> None:
    f = _by_name("gh-glm4-174-finetune-grad-norm-nan-epoch5.log")["nan_inf"]
    # one line of it: a step skipped by mixed-precision loss scaling looks the same until the next step
    assert f.severity is Severity.INFO and 0.5 <= f.confidence < 0.8 and "would settle it" in f.message.en
    assert f.evidence["series"] == "grad_norm" and "still finite" in f.message.en
    assert f.causes[0].cause == "exploding_gradients"


def test_a_grad_norm_nan_on_every_line_beside_a_loss_of_zero_is_a_sure_warning() -> None:
    f = _by_name("gh-modernbert-233-loss-zero-grad-norm-nan.log")["nan_inf"]
    assert f.severity is Severity.WARNING and f.confidence >= 0.9 and f.evidence["nonfinite_points"] == 3


def test_a_grad_norm_that_recovers_is_a_skipped_step_not_a_finding() -> None:
    steps = [10, 20, 30, 40, 50]
    assert not findings("LD108", run_of(axis="step", steps=steps, loss=[2.1, 2.0, 1.9, 1.9, 1.8],
                                        grad_norm=[3.0, float("nan"), 2.5, 2.4, 2.2]))
    (f,) = findings("LD108", run_of(axis="step", steps=steps, loss=[2.1, 2.0, 1.9, 1.9, 1.8],
                                    grad_norm=[3.0, 2.8, 2.5, float("nan"), float("inf")]))
    assert f.severity is Severity.WARNING and f.evidence["nonfinite_points"] == 2
    # non-finite from the first step on: loss scaling calibrating its scale (its first steps overflow by design)
    assert not findings("LD108", run_of(axis="step", steps=[1, 2, 3], loss=[2.3, 2.3, 2.3],
                                        grad_norm=[float("nan")] * 3))


# ---- every training loss exactly 0 on every line: no gradient, nothing learned -----------------------------------

def test_a_total_loss_of_zero_on_every_line_is_a_problem_wherever_the_excerpt_comes_from() -> None:
    f = _by_name("gh-detectron2-3023-semseg-total-loss-zero-every-iter.log")["loss_not_decreasing"]
    assert f.severity >= Severity.WARNING and "exactly 0 on every line" in f.message.en  # iterations 1959-2119
    assert f.causes[0].cause == "label_or_loss_misconfig"


def test_a_zero_term_beside_a_moving_loss_is_an_unused_part_of_a_sum() -> None:
    steps = [0, 1, 2, 3, 4, 5]
    assert not findings("LD103", run_of(steps=steps, loss=[2.0, 1.6, 1.3, 1.1, 1.0, 0.9], aux_loss=[0.0] * 6))
    assert findings("LD103", run_of(steps=steps, loss=[0.0] * 6))
    assert not findings("LD103", run_of(steps=[0, 1], loss=[0.0, 0.0]))  # two lines say nothing yet
    # a solved task's tiny loss printed as 0.000 beside an accuracy of 1 (a healthy run's last epochs) is converged
    assert not findings("LD103", run_of(steps=steps, loss=[0.0] * 6, accuracy=[1.0] * 6))


# ---- train and validation loss both doubling: a divergence from 2 points on --------------------------------------

def test_both_losses_doubling_in_one_epoch_while_accuracy_falls_is_a_divergence() -> None:
    f = _by_name("gh-fastai-1736-transformerxl-loss-jumps-epoch2.log")["divergence"]
    assert f.severity is Severity.WARNING and f.confidence < 0.5 and "Only 2 epochs seen" in f.message.en


def test_two_points_need_both_losses_doubled_and_no_accuracy_rising() -> None:
    assert findings("LD107", run_of(loss=[2.0, 4.5], val_loss=[2.1, 4.4]))
    assert not findings("LD107", run_of(loss=[2.0, 3.0], val_loss=[2.1, 3.2]))  # +50 %: a bad epoch, not yet a climb
    assert not findings("LD107", run_of(loss=[2.0, 4.5]))  # one loss alone, two points: minibatch noise can do it
    assert not findings("LD107", run_of(loss=[2.0, 4.5], val_loss=[2.1, 4.4], accuracy=[0.3, 0.4]))


# ---- a loss that never went below its first value; a first value on a clipped log(0) is no start level -------------

def test_a_loss_that_never_went_below_its_first_value_never_decreased() -> None:
    f = _by_name("gh-lcnn-31-validation-mean-loss-never-below-first-eval.log")["loss_not_decreasing"]
    assert f.severity >= Severity.WARNING and "never below its first value" in f.message.en
    up = [1.0, 1.25, 1.18, 1.22, 1.3, 1.15, 1.27, 1.21, 1.29, 1.2, 1.24, 1.19]  # never below 1.0, ends 19 % above
    assert findings("LD103", run_of(loss=up))
    # the same numbers from the middle of a run (no start seen) are not judged as 'from the start'
    assert all(f.severity is Severity.INFO
               for f in findings("LD103", run_of(steps=range(40, 52), loss=up)))
    # a loss that went below its first value and then rose is a rebound or a divergence, not this
    assert not findings("LD103", run_of(loss=[1.0, 0.8, 0.85, 0.95, 1.05, 1.1, 1.12, 1.15, 1.18, 1.2, 1.22, 1.25]))


def test_a_first_value_on_a_clipped_log_zero_is_set_aside() -> None:
    f = _by_name("gh-caffe-1255-loss-87-then-flat-8-2.log")["loss_not_decreasing"]
    assert f.severity >= Severity.WARNING and f.evidence["first_point_blowup"] is True
    assert f.evidence["loss_at_start"] < 9.0  # judged from 8.26, not from 87.3366


# ---- an accuracy identical on most evaluations is a constant output's score: it cannot refute a constant output -----

def test_a_validation_accuracy_pinned_at_its_majority_share_does_not_refute_stuck_at_chance() -> None:
    f = _by_name("nb-flatiron-deeper-nn-lab-unscaled-input-stuck-majority.log")["stuck_at_chance"]
    assert f.severity >= Severity.WARNING and "does learn" not in f.message.en  # val_acc 0.7719 on 24 of 25 epochs
    # an accuracy that climbs far above chance still refutes it (the loss only happens to sit near the prior)
    from lossdoctor.consistency import refute

    run = run_of(loss=[0.69] * 12, accuracy=[0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.92, 0.93, 0.94, 0.95, 0.95, 0.96])
    demoted = refute([f], run)[0]
    assert demoted.severity is Severity.INFO and "does learn" in demoted.message.en
    pinned = run_of(loss=[0.69] * 12, val_accuracy=[0.7719] * 12)
    assert refute([f], pinned)[0].severity is f.severity
