"""Causes of a model whose output never depended on its input, on real logs of the third family generation
(tests/fixtures/families_v3, scripts/fixtures/gen_families_v3.py)."""
from __future__ import annotations

from pathlib import Path

import numpy as np

import lossdoctor

FAM = Path(__file__).resolve().parents[1] / "fixtures" / "families_v3"


def _report(run_id: str) -> lossdoctor.Report:
    log = FAM / run_id / "log"
    csvs = sorted(log.rglob("*.csv")) + sorted(log.glob("train.log"))
    return lossdoctor.diagnose(csvs[0])


def _chance(rep: lossdoctor.Report) -> lossdoctor.Finding:
    return next(f for f in rep.findings if f.name == "stuck_at_chance")


def test_loss_held_above_the_class_prior_is_a_step_that_updates_nothing() -> None:
    # zero_grad() between backward() and step(): the loss stays at its first value (0.676), above the entropy of the
    # class shares (0.619) that the output bias alone would reach, beside an accuracy at the majority share
    rep = _report("f3_flat_zero_grad_bug_unet_tutorial-s0")
    f = _chance(rep)
    assert f.causes[0].cause == "training_step_bug" and "above" in f.causes[0].why.en
    assert [c.cause for c in rep.causes[:1]] == ["training_step_bug"]
    assert "class_imbalance" in [c.cause for c in f.causes]  # still named, below the step bug


def test_ln_c_from_the_first_epoch_ranks_the_step_and_the_inputs_before_dead_units() -> None:
    # every input zeroed: ln(4) from epoch 0 to the end, never below
    rep = _report("f3_chance_zeroed_inputs_depthwise_lcsv-s0")
    causes = [c.cause for c in _chance(rep).causes]
    assert causes[:2] == ["training_step_bug", "label_or_loss_misconfig"] and "dead_relu" in causes
    assert {"training_step_bug", "label_or_loss_misconfig"} & {c.cause for c in rep.causes[:3]}


def test_the_step_0_evaluation_is_the_initial_loss() -> None:
    # "step 0: train loss 47.29" (before any update) beside "iter 5: loss 28.96" (after five): the first loss is 47.29,
    # 33x the level the evaluation reaches right after (1.48)
    rep = _report("f3_init_loss_big_head_lm_nanogpt-s0")
    f = next(f for f in rep.findings if f.name == "abnormal_initial_loss")
    assert f.severity is lossdoctor.Severity.INFO  # the start level is a note (rules/_policy.py), with its numbers
    judged = lossdoctor.diagnose(FAM / "f3_init_loss_big_head_lm_nanogpt-s0" / "log" / "train.log",
                                 rules={"LD113": {"warn": True}})
    assert next(g for g in judged.findings if g.name == f.name).severity >= lossdoctor.Severity.WARNING
    assert "47.29" in f.message.en


def test_an_epoch_mean_numbered_from_0_is_no_earlier_than_step_1() -> None:
    # train/loss logged per epoch (0-14) beside train/loss_step (1-570) on one step axis: its "step 0" is an epoch
    # mean, so the step series keeps its first value (100, 35x the next points) as the initial loss
    from lossdoctor.engine import diagnose_run
    from lossdoctor.model import Axis, Kind, Run, Series, Split

    step = Series("train/loss_step", Split.TRAIN, Kind.LOSS, Axis.STEP, np.arange(1.0, 571.0),
                  np.r_[100.0, 5.75, 2.87, np.full(567, 1.1)])
    epoch = Series("train/loss", Split.TRAIN, Kind.LOSS, Axis.STEP, np.arange(15.0), np.r_[2.15, np.full(14, 1.19)])
    rep = diagnose_run(Run("r", (step, epoch)))
    init = [f for f in rep.findings if f.name == "abnormal_initial_loss"]
    assert len(init) == 1 and "train/loss_step" in init[0].message.en and "2.15" not in init[0].message.en


def test_a_loss_that_moved_down_onto_ln_c_blames_what_the_model_can_express() -> None:
    # a linear model on a checkerboard: 0.79 -> 0.709 -> 0.694, then ln(2) to the end. The loss moved (gradients
    # flow, the steps are not zero), so the step bug is not the story; the best function found ignores the input
    rep = _report("f3_underfit_checker_linear_kstdout-s0")
    causes = [c.cause for c in _chance(rep).causes]
    assert causes[0] == "model_too_small" and "training_step_bug" not in causes
    assert "model_too_small" in [c.cause for c in rep.causes[:3]]


def test_validation_accuracy_held_below_chance_is_a_shift_not_random_labels() -> None:
    # validation accuracy 0.19 for the whole second half (1/C = 0.25) while training reaches 1.0: random labels
    # scatter it around 1/C on both sides; held below, the model is systematically wrong on the validation inputs
    log = FAM / "f3_gap_other_sensor_signals_jsonl-s1" / "log"
    rep = lossdoctor.diagnose(next(log.glob("*.jsonl")))
    f = _chance(rep)
    assert f.causes[0].cause == "distribution_shift" and "below chance" in f.causes[0].why.en
    assert [c.cause for c in rep.causes[:1]] == ["distribution_shift"]
