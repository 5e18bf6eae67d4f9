"""Causes ranked by what the log holds, and stuck-at-chance readings that the run itself refutes, on runs of the
second model-family generation (tests/fixtures/families_v2, written by their real frameworks; see
scripts/fixtures/gen_families_v2.py); arrays for the edges."""
from __future__ import annotations

from pathlib import Path

import numpy as np

import lossdoctor
from lossdoctor.rules._policy import may_warn
from lossdoctor.findings import Severity
from lossdoctor.model import Axis, Kind, Run, Series, Split
from lossdoctor.rules import chance

from _shapes import decay, findings, run_of

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "families_v2"


def _report(rid: str) -> lossdoctor.Report:
    return lossdoctor.diagnose(FIX / rid / "log")


def _named(rep: lossdoctor.Report, name: str) -> list[lossdoctor.Finding]:
    return [f for f in rep.findings if f.name == name]


def _top(rep: lossdoctor.Report, k: int = 3) -> list[str]:
    return [c.cause for c in rep.causes[:k]]


# ---- a logged learning rate of 1e-7 moves no weight: whatever the shape, the step size comes first ---------------

def test_a_tiny_logged_learning_rate_ranks_lr_too_low_first() -> None:
    rep = _report("f_flat_lr_1e7_bilstm_hf-s0")  # AdamW at 1e-7: the loss sits at ln(4) from the start
    (f,) = _named(rep, "stuck_at_chance")
    assert f.causes[0].cause == "lr_too_low" and "1e-07" in f.causes[0].why.en
    assert rep.causes[0].cause == "lr_too_low"


def test_the_same_flat_start_at_a_normal_learning_rate_does_not_blame_the_step_size() -> None:
    y = np.full(12, np.log(4.0)) + np.random.default_rng(0).normal(0, 1e-4, 12)
    run = Run("r", (Series("loss", Split.TRAIN, Kind.LOSS, Axis.EPOCH, np.arange(12.0), y),
                    Series("lr", Split.NONE, Kind.LR, Axis.EPOCH, np.arange(12.0), np.full(12, 1e-3))))
    (f,) = findings("LD104", run)
    assert f.causes[0].cause != "lr_too_low"


# ---- an inf first epoch beside a metric of 7e33: the numbers grew until they overflowed ---------------------------

def test_a_first_non_finite_epoch_beside_an_astronomical_metric_is_an_explosion() -> None:
    rep = _report("f_nan_huge_lr_linreg_kcsv-s0")  # SGD at LR 8 on a linear regression: loss inf, mae 6.9e33
    (f,) = _named(rep, "nan_inf")
    assert f.severity is Severity.ERROR
    assert [c.cause for c in f.causes[:2]] == ["exploding_gradients", "lr_too_high"]
    assert "6.92e+33" in f.causes[0].why.en
    assert set(_top(rep, 2)) == {"exploding_gradients", "lr_too_high"}


def test_a_first_non_finite_value_alone_still_points_to_the_loss_or_the_data() -> None:
    x = np.arange(6.0)
    run = Run("r", (Series("loss", Split.TRAIN, Kind.LOSS, Axis.EPOCH, x, np.full(6, np.nan)),
                    Series("mae", Split.TRAIN, Kind.ERROR, Axis.EPOCH, x, np.array([3.2, np.nan, np.nan, np.nan,
                                                                                     np.nan, np.nan]))))
    (f,) = findings("LD108", run)
    assert f.causes[0].cause == "label_or_loss_misconfig"  # 3.2 is an ordinary error: nothing grew


# ---- a memorising model: training accuracy at 1.0 is no majority share, a climbing validation is not at chance -----

def test_training_accuracy_held_at_one_is_not_a_constant_prediction() -> None:
    rep = _report("f_overfit_gratings_tiny_mlp_ltb-s0")  # train 1.0 from epoch 3, val 0.40 -> 0.60 on 4 classes
    assert not _named(rep, "stuck_at_chance")
    assert [f for f in rep.findings if not f.explained_by]  # the gap between the splits is still reported
    # as a note, unless the policy lets its evidence warn (rules-z18: validation 10x training from start to end)
    assert all(f.severity.label == "info" for f in rep.findings
               if not may_warn(f.name, None, f.evidence.get("pattern")))
    acc = Series("acc", Split.TRAIN, Kind.ACCURACY, Axis.EPOCH, np.arange(8.0), np.array([0.3, 0.9] + [1.0] * 6))
    assert chance.pinned_accuracy(acc) is None
    majority = Series("acc", Split.TRAIN, Kind.ACCURACY, Axis.EPOCH, np.arange(8.0), np.full(8, 0.9))
    assert chance.pinned_accuracy(majority) is not None


def test_validation_accuracy_that_climbed_by_more_than_its_band_is_not_at_chance() -> None:
    val = [0.38, 0.45, 0.52, 0.58, 0.59, 0.6, 0.59, 0.6, 0.6, 0.6]
    run = run_of(loss=decay(10, start=0.69, end=0.01), accuracy=[0.6, 0.9] + [0.99] * 8, val_accuracy=val,
                 val_loss=[0.69, 0.66, 0.64, 0.66, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95])
    assert not [f for f in findings("LD104", run, num_classes=2) if f.evidence.get("val_accuracy_level")]


# ---- permuted labels: validation never leaves 1/C while training climbs -----------------------------------------

def test_validation_in_the_chance_band_while_training_climbs_is_noisy_labels() -> None:
    rep = _report("f_chance_shuffled_labels_lcsv-s0")  # val 0.078-0.107 on 10 classes, train 0.10 -> 0.21
    (f,) = _named(rep, "stuck_at_chance")
    assert f.severity is Severity.ERROR and f.evidence["val_accuracy_level"] < 0.1
    assert f.causes[0].cause == "noisy_labels" and f.confidence >= 0.8
    assert "noisy_labels" in _top(rep)


def test_validation_in_the_band_beside_a_flat_training_accuracy_is_not_this_reading() -> None:
    val = [0.1, 0.09, 0.11, 0.1, 0.1, 0.09, 0.1, 0.11]
    run = run_of(loss=decay(8, start=2.3, end=2.2), accuracy=[0.1, 0.11, 0.1, 0.12, 0.11, 0.1, 0.11, 0.12],
                 val_accuracy=val)
    assert not [f for f in findings("LD104", run, num_classes=10) if f.evidence.get("val_accuracy_level")]


# ---- a stall at a learning rate decayed away: the schedule stopped the learning --------------------------------

def test_a_stall_at_a_decayed_away_learning_rate_ranks_lr_too_low_and_is_no_double_softmax() -> None:
    rep = _report("f_plateau_lr_collapse_resnet_lcsv-s0")  # LR x0.2 per epoch; loss flat from epoch 4 of 24
    (p,) = _named(rep, "plateau")
    assert [c.cause for c in p.causes] == ["lr_too_low", "insufficient_training"]
    assert not _named(rep, "loss_metric_disagreement")  # accuracy 0.91 at loss 1.03: soft outputs of a frozen model
    assert "lr_too_low" in _top(rep)


def test_a_stall_at_a_constant_learning_rate_does_not_blame_a_low_one() -> None:
    y = np.concatenate([decay(8, start=2.0, end=0.8), np.full(16, 0.8) + np.random.default_rng(1).normal(0, 0.003, 16)])
    x = np.arange(24.0)
    run = Run("r", (Series("loss", Split.TRAIN, Kind.LOSS, Axis.EPOCH, x, y),
                    Series("lr", Split.NONE, Kind.LR, Axis.EPOCH, x, np.full(24, 0.01))))
    (p,) = findings("LD105", run)
    assert all(c.cause != "lr_too_low" for c in p.causes)


def test_a_stall_at_zero_loss_blames_no_step_size() -> None:
    y = np.concatenate([decay(6, start=1.5, end=0.001), np.full(14, 1e-5)])
    run = run_of(loss=y)
    for f in findings("LD105", run):
        assert not f.causes


# ---- excerpts from the middle of a run: what a person reads at a glance without the run's start --------------------

RULES_FIX = Path(__file__).resolve().parents[1] / "fixtures" / "text" / "rules"


def test_a_flat_mid_run_excerpt_with_accuracy_near_zero_is_a_loss_that_does_not_decrease() -> None:
    rep = lossdoctor.diagnose(RULES_FIX / "caffe_loss_flat_accuracy_zero_issue2051.log")  # iterations 3860-3900
    (f,) = _named(rep, "loss_not_decreasing")
    assert f.severity is Severity.WARNING and f.confidence < 0.7  # three lines: a finding, and how little was seen
    assert f.evidence["accuracy_near_zero"] <= 0.01
    assert "would settle it" in f.message.en and "almost nothing right" in f.message.en


def test_a_flat_mid_run_excerpt_with_a_working_accuracy_stays_quiet() -> None:
    # quiet = no warning: three points from the middle of a run cannot tell a converged run from one that never
    # learned, so since release 11 they get at most a note (confidence <= 0.5) saying where the log begins
    run = run_of(steps=[3860, 3880, 3900], loss=[0.887, 0.885, 0.893], accuracy=[0.71, 0.72, 0.70])
    zero = run_of(steps=[3860, 3880, 3900], loss=[8.887, 8.855, 8.928], accuracy=[0.0, 0.0, 0.0])
    for r in (run, zero):  # (exactly 0 on every line is the metric's bug (LD111), not 'nothing right')
        for f in findings("LD103", r):
            assert f.severity is Severity.INFO and f.confidence <= 0.5 and "middle of the run" in f.message.en


def test_a_mid_run_excerpt_at_ln_c_with_accuracy_at_one_over_c_is_stuck_at_chance() -> None:
    run = run_of(steps=[41, 42, 43], loss=[0.6932, 0.6931, 0.6932], accuracy=[0.5012, 0.4996, 0.5008])
    (f,) = findings("LD104", run)
    assert f.severity is Severity.WARNING and f.confidence < 0.7
    assert f.evidence["num_classes"] == 2 and f.evidence["num_classes_from"] == "loss_and_accuracy"
    assert f.evidence["shape"] != "flat_from_start"  # an excerpt from epoch 41 says nothing about the first evaluation


def test_a_mid_run_excerpt_at_ln_c_with_a_learning_accuracy_is_not_stuck() -> None:
    run = run_of(steps=[41, 42, 43], loss=[0.6932, 0.6931, 0.6932], accuracy=[0.61, 0.62, 0.62])
    assert not findings("LD104", run)
    off = run_of(steps=[41, 42, 43], loss=[0.66, 0.65, 0.66], accuracy=[0.50, 0.50, 0.50])
    assert not [f for f in findings("LD104", off) if f.evidence.get("num_classes_from") == "loss_and_accuracy"]


# ---- a huge first loss: shed step by step (the weights) or within the first updates (the inputs) ----------------

def test_a_first_loss_shed_slowly_ranks_initialisation_first() -> None:
    rep = _report("f_init_loss_huge_init_gratings_ltb-s0")  # every weight x25: 26 -> 20 over the next points
    (f,) = _named(rep, "abnormal_initial_loss")
    assert f.causes[0].cause == "bad_initialization" and "shed only" in f.causes[0].why.en
    assert rep.causes[0].cause == "bad_initialization"


def test_a_first_loss_shed_at_once_still_ranks_the_inputs_first() -> None:
    rep = _report("f_init_loss_raw_cancer_kcsv-s0")  # raw breast_cancer features: 25.4 -> 2.2 after one epoch
    (f,) = _named(rep, "abnormal_initial_loss")
    assert f.causes[0].cause in ("unnormalized_input", "label_or_loss_misconfig")
    assert all("shed only" not in c.why.en for c in f.causes)


# ---- a learned model knocked back to ln(C) where the logged learning rate rose ----------------------------------

def test_a_collapse_that_begins_at_a_logged_lr_rise_ranks_lr_too_high_first() -> None:
    rep = _report("f_rebound_lr_restart_cnn1d_mlflow-s0")  # Adam 1e-3 for 12 epochs, then a restart at 0.08
    (f,) = _named(rep, "stuck_at_chance")
    assert f.evidence["shape"] == "collapse_after_lr_rise"
    assert f.causes[0].cause == "lr_too_high" and "raised" in f.causes[0].why.en
    assert rep.causes[0].cause == "lr_too_high"


def test_a_collapse_without_an_lr_rise_still_names_the_penalty_first() -> None:
    y = np.concatenate([decay(10, start=1.386, end=0.6), np.linspace(0.6, 1.386, 4), np.full(16, 1.386)])
    (f,) = findings("LD104", run_of(loss=y), num_classes=4)
    assert f.evidence["shape"] == "collapse" and f.causes[0].cause == "over_regularization"


# ---- a table logged every 5 epochs starts after 5 epochs of training: its first loss names no C --------------------

def test_a_first_row_at_epoch_five_is_no_initial_loss() -> None:
    rep = lossdoctor.diagnose(RULES_FIX / "centernet_ddd_table_every_5_epochs_issue160.md")  # 2.24 at epoch 5 ~ ln 9
    assert not _named(rep, "stuck_at_chance")  # no 'double softmax floor' for a C read off a loss after 5 epochs
    (f,) = _named(rep, "overfitting")
    assert f.severity is Severity.WARNING


def test_a_first_non_finite_value_at_a_large_logged_learning_rate_ranks_the_step_size_first() -> None:
    x = np.arange(5.0)
    run = Run("r", (Series("loss", Split.TRAIN, Kind.LOSS, Axis.EPOCH, x, np.full(5, np.nan)),
                    Series("lr", Split.NONE, Kind.LR, Axis.EPOCH, x, np.full(5, 0.5))))
    (f,) = findings("LD108", run)
    assert f.causes[0].cause == "lr_too_high" and "0.5" in f.causes[0].why.en


# ---- a cause is dropped only where its opposite won at run level ---------------------------------------------

def test_an_explained_findings_cause_stays_unless_its_opposite_won() -> None:
    from lossdoctor import differential
    from lossdoctor.findings import Cause, Finding
    from lossdoctor.i18n import Text

    why = Text("w", "w")
    lead = Finding("LD102", "underfitting", Severity.WARNING, why, causes=(Cause("model_too_small", 0.5, why),))
    noted = Finding("LD105", "plateau", Severity.INFO, why, causes=(Cause("lr_too_low", 0.55, why),),
                    explained_by="underfitting")
    ranked = differential.rank_causes([lead, noted])
    kept = differential.drop_contradicted([lead, noted], ranked)
    assert [c.cause for c in kept[1].causes] == ["lr_too_low"]  # nothing says the LR was too high
    loud = Finding("LD107", "divergence", Severity.ERROR, why, causes=(Cause("lr_too_high", 0.6, why),))
    ranked = differential.rank_causes([lead, noted, loud])
    kept = differential.drop_contradicted([lead, noted, loud], ranked)
    assert not kept[1].causes  # the opposite won: the explained finding no longer says 'too low'


# ---- three epoch means that double twice: a divergence at a glance -----------------------------------------

def test_epoch_means_that_double_twice_running_are_a_divergence_excerpt() -> None:
    (f,) = findings("LD107", run_of(loss=[0.5123, 1.2311, 3.4121], accuracy=[0.75, 0.60, 0.42]))
    assert f.severity is Severity.WARNING and f.confidence < 0.5
    assert "would settle it" in f.message.en


def test_epoch_means_that_rise_a_little_twice_are_no_divergence_but_no_decrease() -> None:
    run = run_of(loss=[0.5123, 0.5311, 0.5621])
    assert not findings("LD107", run)
    (f,) = findings("LD103", run)
    assert "creeps up" in f.message.en  # not called 'flat' while every epoch rose
    assert not findings("LD107", run_of(axis="step", loss=[0.5123, 1.2311, 3.4121]))  # single batches: noise


def test_a_flat_loss_at_a_small_logged_learning_rate_ranks_small_steps_first() -> None:
    rng = np.random.default_rng(3)
    y = 0.9 + rng.normal(0, 0.004, 12)
    x = np.arange(12.0)
    for lr, first in ((5e-5, "lr_too_low"), (1e-2, None)):
        run = Run("r", (Series("loss", Split.TRAIN, Kind.LOSS, Axis.EPOCH, x, y),
                        Series("lr", Split.NONE, Kind.LR, Axis.EPOCH, x, np.full(12, lr))))
        (f,) = findings("LD103", run)
        assert (f.causes[0].cause == "lr_too_low") == (first is not None)


# ---- a plateau at ln(C) names C after a blow-up only when the loss was knocked there, not when it decayed there ----

def test_a_gradual_decay_to_a_floor_near_ln_c_names_no_c() -> None:
    t = np.arange(198.0)
    y = 1.1 + 3.2 * np.exp(-t / 20.0) + np.random.default_rng(89).normal(0, 0.01, t.size)  # healthy, floor 1.1
    assert chance.classes_from_plateau(run_of(loss=y), float(np.median(y[-99:])), float(y[0]), y) is None
    assert not [f for f in findings("LD104", run_of(loss=y)) if f.severity >= Severity.WARNING]


def test_a_blow_up_knocked_to_ln_c_still_names_c() -> None:
    y = np.concatenate([[9.7, 3.0], np.full(20, np.log(3.0)) + np.random.default_rng(2).normal(0, 0.002, 20)])
    got = chance.classes_from_plateau(run_of(loss=y), float(np.median(y[-11:])), float(y[0]), y)
    assert got is not None and got.count == 3
