"""The ranked causes (rules-z24): each principle moves the cause on a run that shows its evidence in the log, and its
twin without that evidence keeps the old ranking.

- a loss that fell and then stopped where the logged learning rate fell to 1% of its peak or less for the last third
  of the run is a schedule that ended the learning early: the step size first, a schedule set up wrong second;
- a gradient norm logged as exactly 0 on every line rules out exploding gradients and names a step that never
  receives a gradient;
- a loss that went through an astronomical finite value before it turned NaN grew until it overflowed, even when the
  series that turned NaN first was NaN from its first value."""
from __future__ import annotations

import numpy as np

from lossdoctor import Options, diagnose_run
from lossdoctor.model import Axis
from lossdoctor.readers._base import Points, make_run

from _shapes import findings, run_of

LN4 = float(np.log(4))
N = 15


def _causes(run) -> list[str]:  # type: ignore[no-untyped-def]
    return [c.cause for c in diagnose_run(run, Options()).causes]


def _frozen_at_majority(lr: np.ndarray):  # type: ignore[no-untyped-def]
    """A 4-class loss that falls for 6 epochs and then holds one value, its validation accuracy pinned at 0.807 from
    epoch 5 on (a majority share), beside the logged learning rate given."""
    loss = np.array([1.35, 1.25, 1.09, 0.888, 0.764, 0.683] + [0.626] * (N - 6))
    val = np.array([1.34, 1.19, 0.982, 0.794, 0.614] + [0.582] * (N - 5))
    acc = np.array([0.223, 0.467, 0.707, 0.763, 0.8] + [0.807] * (N - 5))
    return run_of(loss=loss, val_loss=val, val_accuracy=acc, lr=lr)


def test_a_loss_that_stopped_where_the_logged_lr_went_to_zero_names_the_step_size_first() -> None:
    run = _frozen_at_majority(np.array([3e-3] * 6 + [0.0] * (N - 6)))
    (f,) = findings("LD104", run)
    assert f.evidence["shape"] == "after_lr_gone"
    assert [c.cause for c in f.causes[:2]] == ["lr_too_low", "training_step_bug"]
    assert _causes(run)[:2] == ["lr_too_low", "training_step_bug"]


def test_the_same_loss_under_a_constant_logged_lr_keeps_the_shape_s_reading() -> None:
    run = _frozen_at_majority(np.full(N, 3e-3))
    (f,) = findings("LD104", run)
    assert f.evidence["shape"] != "after_lr_gone" and f.causes[0].cause != "lr_too_low"
    assert "training_step_bug" not in [c.cause for c in f.causes]


def test_an_lr_that_reaches_zero_only_in_the_last_third_is_a_schedule_ending_its_run() -> None:
    lr = 3e-3 * np.cos(np.linspace(0, np.pi / 2, N)) ** 2  # cosine to 0 at the last epoch: a run meant to end there
    run = _frozen_at_majority(lr)
    (f,) = findings("LD104", run)
    assert f.evidence["shape"] != "after_lr_gone" and f.causes[0].cause != "lr_too_low"


def _still(grad: float) -> object:
    """A loss that sits at ln 4 from its first line (batch noise only) beside a validation accuracy at 1/4, under a
    logged learning rate of 1.0."""
    rng = np.random.default_rng(5)
    return run_of(loss=LN4 + 0.06 + 0.01 * rng.standard_normal(30), val_loss=LN4 + 0.07 + 0.005 * rng.standard_normal(30),
                  val_accuracy=0.25 + 0.004 * rng.standard_normal(30), lr=np.full(30, 1.0), grad_norm=np.full(30, grad))


def test_a_gradient_norm_of_zero_on_every_line_names_a_step_without_gradient_and_drops_exploding() -> None:
    run = _still(0.0)
    (f,) = findings("LD104", run)
    got = [c.cause for c in f.causes]
    assert "exploding_gradients" not in got and "training_step_bug" in got[:3]
    assert "training_step_bug" in _causes(run)[:3]


def test_a_nonzero_gradient_norm_keeps_the_large_lr_reading() -> None:
    run = _still(0.8)
    (f,) = findings("LD104", run)
    got = [c.cause for c in f.causes]
    assert got[0] == "lr_too_high" and "training_step_bug" not in got


def _nan_run(first_step_loss: float):  # type: ignore[no-untyped-def]
    """Lightning's CSV: a per-step training loss (first value given, then NaN) beside per-epoch losses NaN from the
    first epoch on, and a logged learning rate of 0.04."""
    cols = {"train_loss_step": Points(), "val_loss": Points(), "train_loss_epoch": Points(), "lr-Momentum": Points()}
    for i, s in enumerate(range(9, 100, 10)):
        cols["train_loss_step"].add(float(s), first_step_loss if i == 0 else float("nan"))
    for e in range(10):
        cols["val_loss"].add(float(e), float("nan"))
        cols["train_loss_epoch"].add(float(e), float("nan"))
        cols["lr-Momentum"].add(float(e), 0.04)
    run = make_run("t", "t", "test", cols, Axis.STEP)
    return run


def test_a_loss_at_an_astronomical_value_before_its_nan_grew_until_it_overflowed() -> None:
    (f,) = findings("LD108", _nan_run(1.3e33))
    assert [c.cause for c in f.causes[:2]] == ["exploding_gradients", "lr_too_high"]


def test_a_first_step_loss_of_ordinary_size_keeps_the_broken_first_value_reading() -> None:
    (f,) = findings("LD108", _nan_run(1.39))
    assert f.causes[0].cause == "label_or_loss_misconfig"
