"""Rule release 5, single-loss-level rules: the classes of misses and false alarms found on the opened sealed logs.

Each real fixture under tests/fixtures/opened_runs/ is a log of the opened sealed corpus copied with its source URL
on the first line; the synthetic runs check that each principle holds beyond the log it was found on.
"""
from __future__ import annotations

from pathlib import Path

from lossdoctor.config import Options
from lossdoctor.engine import diagnose_run
from lossdoctor.findings import Severity

from _real_logs import read_longest
from _shapes import findings, names, run_of

OPENED = Path(__file__).resolve().parents[1] / "fixtures" / "opened_runs"


def _report(name: str, num_classes: int | None = None):
    run = read_longest(OPENED / name)
    return diagnose_run(run, Options(num_classes=num_classes) if num_classes else Options())


def _by_name(rep) -> dict:
    return {f.name: f for f in rep.findings}


# ---- a frozen loss: nothing is updated, wherever the excerpt comes from and whatever the accuracy says ------------

def test_a_loss_frozen_from_the_second_epoch_is_a_problem_whatever_the_accuracy() -> None:
    f = _by_name(_report("gh-image-class-21-vgg19-loss-frozen-1-7046.log"))["loss_not_decreasing"]
    assert f.severity >= Severity.WARNING and f.evidence["frozen_lines"] == 5  # 1.7006, then 1.7046 five times
    assert "frozen" in f.message.en and f.causes[0].cause == "training_step_bug"


def test_a_mid_run_loss_frozen_to_six_digits_is_a_problem_with_a_low_confidence() -> None:
    f = _by_name(_report("gh-paddlenlp-2236-loss-1535-constant.log"))["loss_not_decreasing"]  # steps 700-800
    assert f.severity is Severity.WARNING and f.confidence < 0.7 and "Only 3 steps seen" in f.message.en


def test_two_epochs_identical_in_every_value_are_a_note_two_lines_alone_are_nothing() -> None:
    f = _by_name(_report("gh-autokeras-928-loss-restarts-each-epoch.log"))["loss_not_decreasing"]
    # two lines with the validation pass frozen too: a note (a mixed-precision warm-up can skip whole epochs), not silence
    assert f.severity is Severity.INFO and f.confidence < 0.5 and "nothing is being updated" in f.message.en
    assert not findings("LD103", run_of(loss=[2.5186, 2.5186]))  # two lines of a training loss alone say nothing
    assert not findings("LD103", run_of(loss=[2.5186, 2.5186], val_loss=[2.2202, 2.2187]))


def test_a_loss_rounded_to_two_digits_beside_a_moving_metric_is_not_frozen() -> None:
    # not frozen: no warning; since release 11 three mid-run lines get the low-confidence note that they cannot
    # tell a converged run from one that never learned (a rounded print is read as the flat stretch it shows)
    note = _by_name(_report("gh-blazepose-tf-7-maintainer-pretrain-ok.log")).get("loss_not_decreasing")
    assert note is None or (note.severity is Severity.INFO and "middle of the run" in note.message.en)
    steps = [432, 433, 434]
    got = findings("LD103", run_of(steps=steps, loss=[0.022] * 3, accuracy=[0.61, 0.64, 0.66]))
    assert all(f.severity is Severity.INFO and "middle of the run" in f.message.en for f in got)
    # the same print with nothing beside it that moves: 4.600 on every line is read as frozen
    (f,) = findings("LD103", run_of(steps=steps, loss=[4.6] * 3))
    assert f.severity is Severity.WARNING


def test_an_accuracy_near_zero_says_nothing_right_only_beside_a_loss_of_ln2_or_more() -> None:
    steps = [400, 401, 402, 403]
    low = run_of(steps=steps, loss=[0.031, 0.030, 0.032, 0.030], accuracy=[0.002, 0.003, 0.002, 0.004])
    # a keypoint score printed as a percentage, not this loss's accuracy: no warning (four mid-run points get at most
    # the low-confidence note that they cannot tell a converged run from one that never learned)
    assert all(f.severity is Severity.INFO and "nothing right" not in f.message.en for f in findings("LD103", low))
    high = run_of(steps=steps, loss=[3.1, 3.0, 3.2, 3.0], accuracy=[0.002, 0.003, 0.002, 0.004])
    assert findings("LD103", high)


def test_a_learning_rate_of_zero_on_every_line_is_a_problem_and_explains_the_rebound() -> None:
    rep = _report("gh-paddlespeech-675-lr-zero-loss-hovers-15.log")
    got = _by_name(rep)
    f = got["loss_not_decreasing"]
    assert f.severity >= Severity.WARNING and "learning rate is 0" in f.message.en
    assert f.causes[0].cause == "lr_too_low"
    # batch noise at LR 0 is no rebound: at most a note (the rebound rule may also see no rebound at all)
    assert "train_loss_rebound" not in got or got["train_loss_rebound"].severity is Severity.INFO


# ---- divergence: log(0) clipped, and a loss that got worse from the start --------------------------------------

def test_a_loss_that_jumps_onto_clipped_log_zero_diverged() -> None:
    f = _by_name(_report("gh-caffe-6047-googlenet-loss-87.log"))["divergence"]  # 11.23, then 87.3365 three times
    assert f.severity is Severity.ERROR and f.evidence["pattern"] == "clipped_log_zero"
    g = _by_name(_report("gh-video-caffe-11-test-loss-87-divergence.log"))["divergence"]  # 3.31 -> 87.3366, two tests
    assert g.severity is Severity.ERROR and g.confidence < 0.5
    assert not findings("LD107", run_of(axis="step", steps=[300, 320], loss=[87.3365, 87.3365]))  # no lower value


def test_a_training_loss_that_only_got_worse_from_the_start_is_divergence() -> None:
    f = _by_name(_report("so-keras-first-model-loss-increasing-34673396.log"))["divergence"]  # 0.176 -> 0.195, 19 ep
    assert f.severity is Severity.WARNING and f.evidence["pattern"] == "rising_from_start"
    up = [1.889, 1.933, 1.999, 2.048, 2.106]
    (g,) = findings("LD107", run_of(loss=up, accuracy=[0.42, 0.41, 0.39, 0.38, 0.35]))
    assert g.severity is Severity.WARNING
    assert not findings("LD107", run_of(loss=up, accuracy=[0.42, 0.45, 0.49, 0.52, 0.55]))  # over-confidence
    # six batch losses from the middle of a run drift with the batches: no start to climb from
    mid = run_of(axis="step", steps=range(250030, 250090, 10), loss=[0.499, 0.482, 0.507, 0.552, 0.580, 0.571])
    assert not findings("LD107", mid)


# ---- a slow decrease that settles is converging, not held back by too-small steps ------------------------------

def test_a_loss_that_falls_fast_then_slowly_is_settling_not_stuck() -> None:
    assert "loss_not_decreasing" not in _by_name(_report("gh-keras-605-val-equals-train-expected.log"))
    creep = [1.0 - 0.008 * i for i in range(12)]  # the same pace to the end: too-small steps
    (f,) = findings("LD103", run_of(loss=creep))
    assert f.severity >= Severity.WARNING and f.causes[0].cause == "lr_too_low"


# ---- stuck_at_chance ------------------------------------------------------------------------------------------

def test_a_loss_frozen_on_ln2_is_a_constant_output_whatever_the_batch_accuracy() -> None:
    f = _by_name(_report("gh-tf-12287-loss-constant-06931.log"))["stuck_at_chance"]
    assert f.severity is Severity.ERROR and "class mix" in f.message.en


def test_a_validation_accuracy_held_above_chance_is_not_at_chance() -> None:
    got = _by_name(_report("nb-dlwp1-glove-200samples-overfit.log", num_classes=2))
    assert "stuck_at_chance" not in got and got["overfitting"].severity is Severity.WARNING
    train = [0.5 + 0.05 * i for i in range(10)]
    scattered = [0.51, 0.47, 0.52, 0.49, 0.50, 0.53, 0.48, 0.51, 0.49, 0.50]  # around 1/2 on both sides
    assert names(run_of(loss=[0.7 - 0.06 * i for i in range(10)], accuracy=train, val_accuracy=scattered,
                        val_loss=[0.70] * 10), num_classes=2,
                 judged=True).get("stuck_at_chance") in ("warning", "error")


def test_the_bounded_logit_floor_needs_c_from_more_than_the_first_validation_loss() -> None:
    got = _by_name(_report("card-bertimbau-lener-val-nan-epoch8.md"))
    assert "stuck_at_chance" not in got and got["nan_inf"].severity >= Severity.WARNING


# ---- abnormal_initial_loss ------------------------------------------------------------------------------------

def test_a_high_first_loss_with_c_unknown_and_no_fall_is_a_note() -> None:
    f = _by_name(_report("gh-face-recognition-tf2-2-acc-zero-early.log"))["abnormal_initial_loss"]
    assert f.severity is Severity.INFO and "--num-classes would settle it" in f.message.en
    confirmed = run_of(loss=[25.0, 1.4, 1.3, 1.2, 1.1, 1.0], accuracy=[0.1, 0.5, 0.6, 0.6, 0.7, 0.7])
    (g,) = findings("LD113", confirmed)  # the loss falls 3x right after: the start was abnormal
    assert g.severity is Severity.WARNING


def test_a_total_beside_two_loss_terms_is_not_judged_against_ln_c() -> None:
    total = [3.6, 0.65, 0.54, 0.51, 0.44, 0.40, 0.38]
    run = run_of(loss=total, cls_loss=[0.43, 0.25, 0.20, 0.17, 0.15, 0.14, 0.13],
                 bbox_loss=[0.31, 0.02, 0.018, 0.017, 0.016, 0.015, 0.015])
    assert not findings("LD113", run, num_classes=2)
    assert findings("LD113", run_of(loss=total), num_classes=2)  # the same curve as one cross-entropy


# ---- plateau causes: a validation loss frozen during the stall --------------------------------------------------

def test_a_stall_beside_a_frozen_validation_loss_blames_steps_decayed_away() -> None:
    train = [2.3, 0.92, 0.67, 0.66, 0.655] + [0.65] * 11
    val = [1.26, 0.68, 0.64, 0.6375] + [0.6371] * 12
    (f,) = findings("LD105", run_of(loss=train, val_loss=val))
    assert f.causes[0].cause == "lr_too_low" and f.causes[1].cause == "insufficient_training"
    moving = [1.26, 0.68, 0.64] + [0.6371 + 0.002 * ((-1) ** i) for i in range(13)]
    (g,) = findings("LD105", run_of(loss=train, val_loss=moving))
    assert not g.causes or g.causes[0].cause != "lr_too_low"


def test_a_steady_decrease_over_a_handful_of_epochs_is_a_note_not_a_loss_that_does_not_decrease() -> None:
    short = [1.608, 1.571, 1.531, 1.481, 1.451]  # 2-3% per epoch, 5 epochs: it decreases
    (f,) = findings("LD103", run_of(loss=short))
    assert f.severity is Severity.INFO and f.confidence <= 0.5 and "would settle it" in f.message.en
    (g,) = findings("LD103", run_of(loss=[1.0 - 0.008 * i for i in range(12)]))  # the same pace seen over 12
    assert g.severity >= Severity.WARNING
