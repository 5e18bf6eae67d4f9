"""What a person reads at a glance on short real excerpts (tests/fixtures/text/rules, copied from the development
part of the real-run corpus with their sources), and the causes the log itself points to; arrays for the edges."""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np

import lossdoctor
from lossdoctor.findings import Severity
from lossdoctor.rules._start import starts_at_start

from _shapes import ALL_WARN, assert_reported_as_policy, decay, findings, run_of

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "text" / "rules"


def _report(name: str, **options: object) -> lossdoctor.Report:
    return lossdoctor.diagnose(FIX / name, **options)


def _named(rep: lossdoctor.Report, name: str) -> list[lossdoctor.Finding]:
    return [f for f in rep.findings if f.name == name]


# ---- an accuracy that is exactly 0 on every line while the loss falls: the metric is broken ---------------------

def test_accuracy_exactly_zero_while_loss_falls_is_a_metric_bug() -> None:
    rep = _report("pytorch_tutorial_acc_zero_pr227.log")  # PyTorch 0.4 integer division: 'Acc: 0.0000' everywhere
    (note,) = _named(rep, "loss_metric_disagreement")
    assert note.severity is Severity.INFO  # a mismatch, not a broken run: a note by default (rules/_policy.py)
    judged = _report("pytorch_tutorial_acc_zero_pr227.log", rules=ALL_WARN)
    assert_reported_as_policy(list(rep.findings), list(judged.findings))
    (f,) = _named(judged, "loss_metric_disagreement")  # its rule judges it a warning: it warns with warn = true
    assert f.severity is Severity.WARNING and f.evidence["pattern"] == "accuracy_always_zero"
    assert f.evidence["loss_drop"] >= 0.2
    assert f.confidence < 0.8  # two epochs (train and val accuracy now both read): the report shows how sure it is
    assert "would settle it" in f.message.en
    assert f.causes[0].cause == "training_step_bug"


def test_zero_accuracy_with_a_flat_loss_or_a_nonzero_value_is_not_this_pattern() -> None:
    flat = run_of(loss=[1.0, 0.99, 1.0, 0.98], accuracy=[0.0, 0.0, 0.0, 0.0])
    assert not [f for f in findings("LD111", flat) if f.evidence.get("pattern") == "accuracy_always_zero"]
    learning = run_of(loss=[1.0, 0.7, 0.5, 0.4], accuracy=[0.0, 0.0, 0.01, 0.02])
    assert not [f for f in findings("LD111", learning) if f.evidence.get("pattern") == "accuracy_always_zero"]


# ---- an accuracy that never leaves 1/C is a model that never beat guessing, whatever its loss does -----------------

def test_accuracy_never_above_chance_is_stuck_at_chance_and_the_loss_above_ln_c_names_the_head() -> None:
    rep = _report("keras_circles_guessing_ztm.log")  # Dense(1) without sigmoid + BCE: accuracy 0.46-0.50, loss 5.9-7.7
    (f,) = _named(rep, "stuck_at_chance")
    assert f.severity >= Severity.WARNING
    assert f.evidence["accuracy_high"] <= 0.5 + 0.05 and f.evidence["num_classes"] == 2
    assert f.causes[0].cause == "label_or_loss_misconfig"  # a loss held 11x above ln 2: not a constant output
    assert f.confidence < 0.9  # five epochs


def test_a_learning_run_that_starts_at_chance_is_not_stuck() -> None:
    acc = [0.1, 0.1, 0.12, 0.2, 0.35, 0.5, 0.6, 0.7]
    run = run_of(loss=decay(8, start=2.3, end=0.9), accuracy=acc, val_accuracy=[a - 0.02 for a in acc])
    assert not findings("LD104", run, num_classes=10)


def test_accuracy_at_chance_beside_a_loss_far_below_ln_c_is_not_a_constant_prediction() -> None:
    # a loss that falls far below ln(C) beside an accuracy at 1/C is a loss/metric disagreement, not a guess
    run = run_of(loss=decay(8, start=0.7, end=0.05), accuracy=[0.5, 0.49, 0.51, 0.5, 0.5, 0.49, 0.5, 0.51])
    assert not [f for f in findings("LD104", run, num_classes=2)
                if f.evidence.get("accuracy_low") is not None]


def test_an_error_rate_that_falls_is_an_accuracy_that_climbs() -> None:
    # fastai's error_rate 0.61 -> 0.55 beside a loss near ln(4): the model is above chance, not stuck there
    rep = _report("fastai_error_rate_2ep_oyane806.log")
    assert not _named(rep, "stuck_at_chance")


# ---- a log that starts at batch 750 has no initial loss: C is not read off its first value ------------------------

def test_log_starting_mid_run_names_no_class_count_and_nan_at_small_lr_is_one_bad_batch() -> None:
    rep = _report("paddle_ppasr_nan_issue3.log")  # loss ~6.7 (near ln 1000) from batch 750 on, then NaN at LR 1e-4
    assert not _named(rep, "stuck_at_chance")
    (f,) = _named(rep, "nan_inf")
    assert f.severity is Severity.ERROR
    assert f.causes[0].cause != "lr_too_high" and f.causes[-1].cause == "lr_too_high"
    assert not f.fixes[0].text.en.startswith("Lower the learning rate")


def test_nan_after_a_blow_up_still_ranks_the_step_size_first() -> None:
    run = run_of(loss=[2.3, 2.0, 5.0, 80.0, 4000.0, math.nan, math.nan], lr=[1e-4] * 7)
    (f,) = findings("LD108", run)
    assert f.causes[0].cause in ("exploding_gradients", "lr_too_high")


def test_starts_at_start() -> None:
    assert starts_at_start(np.array([1.0, 2.0, 3.0]))  # Keras epochs
    assert starts_at_start(np.array([0.0, 1.0]))
    assert starts_at_start(np.array([50.0, 100.0, 150.0]))  # a step axis logged every 50 steps
    assert starts_at_start(np.array([0.05, 0.1, 0.15]))  # HF fractional epochs from the first logging interval
    assert not starts_at_start(np.array([278.0, 279.0, 280.0]))  # an excerpt from the middle of a run
    assert not starts_at_start(np.arange(750, 840, 10) / 34799.0)  # batch 750 of an epoch, logged every 10


# ---- a first loss 1-2 nats above ln(C) is the logit scale of an ordinary start, several nats is not ---------------

def test_fresh_head_on_pretrained_features_is_an_ordinary_start() -> None:
    # GPT-2 with a new 2-class head: 2.153 at step 0 (3.1x ln 2, 1.46 nats above), 0.617 fifty steps later; the
    # author calls the run healthy
    rep = _report("gpt2_spam_finetune_llmsfs_ch06.log", num_classes=2)
    assert not [f for f in rep.findings if f.severity >= Severity.WARNING]


def test_a_first_loss_several_nats_above_ln_c_is_still_abnormal() -> None:
    rep = _report("keras_circles_guessing_ztm.log", num_classes=2)  # 5.918 at epoch 1: 5.2 nats above ln 2
    assert [g.severity for g in _named(rep, "abnormal_initial_loss")] == [Severity.INFO]  # the start level: a note
    judged = _report("keras_circles_guessing_ztm.log", num_classes=2, rules=ALL_WARN)
    assert_reported_as_policy(list(rep.findings), list(judged.findings))
    (f,) = _named(judged, "abnormal_initial_loss")  # judged a warning by its rule (warn = true)
    assert f.severity is Severity.WARNING and f.evidence["first_loss"] - f.evidence["expected_initial_loss"] > 2.0
    assert not findings("LD113", run_of(loss=[2.2, 0.6, 0.5, 0.45]), num_classes=2)
    assert findings("LD113", run_of(loss=[2.9, 0.6, 0.5, 0.45]), num_classes=2)


# ---- a training loss alone, rising at every epoch: epoch means are not minibatch noise -----------------------------

def test_training_loss_rising_every_epoch_is_divergence_with_low_confidence() -> None:
    (f,) = findings("LD107", run_of(loss=[0.9, 1.2, 1.6, 2.3]))
    assert f.severity is Severity.WARNING and f.confidence < 0.7
    assert f.evidence["pattern"] == "both_rising_excerpt" and "the loss worse" in f.message.en
    assert not findings("LD107", run_of(loss=[0.9, 0.95, 1.0, 1.05]))  # up 17%: too little to read from 4 means
    assert not findings("LD107", run_of(axis="step", steps=[10, 20, 30, 40], loss=[0.9, 1.2, 1.6, 2.3]))  # batch noise


def test_steady_fall_at_a_small_logged_lr_names_the_step_size_beside_training_longer() -> None:
    n = 30
    loss = list(1.2 - 0.01 * np.arange(n))
    (f,) = findings("LD117", run_of(loss=loss, lr=[1e-5] * n))
    assert [c.cause for c in f.causes] == ["insufficient_training", "lr_too_low"]
    (g,) = findings("LD117", run_of(loss=loss, lr=[1e-3] * n))  # an ordinary step: only "train longer"
    assert [c.cause for c in g.causes] == ["insufficient_training"]


# ---- excerpts: a double softmax in 4 epochs, a constant prediction at the majority share in 3 ------------------------

def test_double_softmax_is_read_from_a_four_epoch_excerpt() -> None:
    run = run_of(loss=[1.49, 1.48, 1.48, 1.47], accuracy=[0.96, 0.97, 0.97, 0.98])  # 97% right, loss on a floor
    (f,) = findings("LD111", run)
    assert f.evidence["pattern"] == "loss_too_high_for_accuracy" and f.confidence < 0.8
    assert "would settle it" in f.message.en
    assert not findings("LD111", run_of(loss=[0.30, 0.15, 0.10, 0.08], accuracy=[0.9, 0.95, 0.97, 0.98]))


def test_accuracy_identical_at_the_majority_share_beside_its_prior_entropy_is_a_constant_prediction() -> None:
    # 0.9000 on every line and a flat loss of 0.325 = H(0.9): the model says "majority class" to every input
    (f,) = findings("LD104", run_of(loss=[0.3251, 0.3250, 0.3251], accuracy=[0.9, 0.9, 0.9]))
    assert f.severity is Severity.WARNING and f.evidence["majority_share"] == 0.9
    assert not findings("LD104", run_of(loss=[0.60, 0.45, 0.33], accuracy=[0.9, 0.9, 0.9]))  # the loss learns
