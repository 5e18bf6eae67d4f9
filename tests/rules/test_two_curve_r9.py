"""Rule release 9, the two-curve rules: three principles, each on runs copied from the seventh-generation fault
families (tests/fixtures/families_v7/SOURCES.md), with a healthy run beside each that must stay quiet."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from lossdoctor.config import Options
from lossdoctor.engine import diagnose_run
from lossdoctor.findings import Finding
from lossdoctor.model import Axis, Kind, Run, Series, Split
from lossdoctor.readers import read
from lossdoctor.rules import schedule

V7 = Path(__file__).parents[1] / "fixtures" / "families_v7"


def _find(path: Path, name: str) -> Finding | None:
    run = read(path)[0]
    rep = diagnose_run(run, Options())
    return next((f for f in rep.findings if f.name == name), None)


def test_validation_near_perfect_and_ten_times_surer_than_training_at_the_end_is_suspected_leakage() -> None:
    """A class-coded feature in both splits: val_acc >= 0.998 over the last evaluations while val_loss is 7 % of the
    training loss (dropout 0.5 in training). No training accuracy is logged, and validation reached 0.99 only by the
    fifth epoch, so the 'perfect at once' test does not see it; the end does. A note (the policy), with its numbers."""
    f = _find(V7 / "leak_branch_code_by_class_s1.jsonl", "suspected_leakage")
    assert f is not None and f.severity.label == "info"
    assert f.evidence["late_val_accuracy_min"] >= 0.99 and f.evidence["late_val_train_loss_ratio"] < 0.10


def test_dropout_holding_training_above_validation_is_not_leakage() -> None:
    """Dropout 0.5 on every layer: validation 2.4x below training at 93 % accuracy - what dropout does, not a leak."""
    assert _find(V7 / "valbelow_dropout05_everywhere_s0.log", "suspected_leakage") is None
    assert _find(V7 / "valbelow_dropout05_everywhere_s0.log", "val_below_train") is not None


def test_a_near_perfect_validation_whose_loss_is_not_far_below_training_is_not_leakage() -> None:
    """Validation accuracy 0.995 at the end with a loss half the training loss: an easy task with regularised
    training, not a leak (the ratio, not the accuracy alone, carries the sign)."""
    n = 20
    steps = np.arange(1, n + 1, dtype=float)
    t = np.linspace(0.9, 0.2, n)
    v = 0.5 * t
    acc = np.minimum(0.995, np.linspace(0.9, 1.0, n))
    run = Run("t", (Series("train_loss", Split.TRAIN, Kind.LOSS, Axis.EPOCH, steps, t),
                    Series("val_loss", Split.VAL, Kind.LOSS, Axis.EPOCH, steps, v),
                    Series("val_acc", Split.VAL, Kind.ACCURACY, Axis.EPOCH, steps, acc)))
    rep = diagnose_run(run, Options())
    assert not any(f.name == "suspected_leakage" for f in rep.findings)


def test_validation_noise_is_compared_with_the_epoch_mean_training_loss_when_the_log_holds_one() -> None:
    """Lightning logs `train_loss_step` (a few single batches per epoch) beside `train_loss_epoch`. With dropout left on
    at evaluation on 64 rows, validation jumps 0.31-0.51 while the epoch-mean training loss is smooth; against the
    step losses it looked no noisier than training. The calmest training form at the validation cadence decides."""
    f = _find(V7 / "noisyval_eval_mode_forgotten_s0", "noisy_validation")
    assert f is not None


def test_a_smooth_validation_beside_step_and_epoch_training_losses_is_not_noisy() -> None:
    """The healthy Lightning run of the same writer (step and epoch losses logged): no noisy_validation."""
    assert _find(V7 / "healthy_moe_lightning_tb_s0", "noisy_validation") is None


def test_a_rise_to_an_lr_far_above_every_earlier_lr_is_no_warm_restart() -> None:
    """SWA started with swa_lr 0.3, 30x the SGD LR: the training loss climbs from 0.25 back to 2.0 and stays. A warm
    restart returns the LR to at most its earlier peak; this one is a new, far larger setting, so the climb is a
    rebound (a note by the warning policy), and the schedule does not excuse it."""
    f = _find(V7 / "rebound_swa_lr_30x_s0.log", "train_loss_rebound")
    assert f is not None and f.evidence["rise_share_of_gain"] >= 0.5


def test_warm_restarts_back_to_the_earlier_peak_still_excuse_the_climb() -> None:
    """SGD with warm restarts (LR 0.01 -> 0.0015, back to 0.01, down again): the restart is the schedule's."""
    run = read(V7 / "healthy_nesterov_warm_restarts_s0.log")[0]
    sched = schedule.schedule_of(run)
    assert sched is not None and any(e.kind == "restart" for e in sched.events)
    assert not any(e.beyond_peak for e in sched.events)
    rep = diagnose_run(run, Options())
    assert not any(f.name == "train_loss_rebound" for f in rep.findings)


OPENED = Path(__file__).parents[1] / "fixtures" / "opened_runs"


def test_a_test_curve_logged_each_epoch_is_the_held_out_curve_when_there_is_no_validation_split() -> None:
    """A course notebook prints `train_loss | train_acc | test_loss | test_acc` per epoch ("still overfitting, because
    the train loss is far lower than the test loss"): test_loss bottoms at 0.87 (epoch 9) and climbs to ~1.18 while
    train_loss falls to 0.30. With no validation split the test curve is the held-out curve a person reads."""
    f = _find(OPENED / "nb-zero2mastery-pt-tinyvgg-double-data-overfit.log", "overfitting")
    assert f is not None and f.severity.label == "warning" and "test_loss" in f.message.en


def _train_test(test_loss: list[float]) -> Run:
    n = len(test_loss)
    steps = np.arange(1, n + 1, dtype=float)
    train = np.linspace(1.1, 0.3, n)
    return Run("t", (Series("train_loss", Split.TRAIN, Kind.LOSS, Axis.EPOCH, steps, train),
                     Series("test_loss", Split.TEST, Kind.LOSS, Axis.EPOCH, steps, np.asarray(test_loss))))


def test_a_test_curve_that_keeps_falling_beside_training_is_no_over_fitting() -> None:
    """The same layout on a run whose test loss keeps falling with training: quiet."""
    run = _train_test(list(np.linspace(1.15, 0.45, 20)))
    assert not any(f.name == "overfitting" for f in diagnose_run(run, Options()).findings)


def test_a_validation_split_is_still_preferred_to_a_test_curve() -> None:
    """A run that logs both keeps comparing training with validation (the test curve is a final check)."""
    n = 20
    steps = np.arange(1, n + 1, dtype=float)
    run = Run("t", (Series("train_loss", Split.TRAIN, Kind.LOSS, Axis.EPOCH, steps, np.linspace(1.1, 0.3, n)),
                    Series("val_loss", Split.VAL, Kind.LOSS, Axis.EPOCH, steps, np.linspace(1.15, 0.45, n)),
                    Series("test_loss", Split.TEST, Kind.LOSS, Axis.EPOCH, steps,
                           np.concatenate([np.linspace(1.1, 0.8, 10), np.linspace(0.85, 1.3, 10)]))))
    assert not any(f.name == "overfitting" for f in diagnose_run(run, Options()).findings)
