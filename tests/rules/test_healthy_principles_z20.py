"""Healthy runs that warned, fixed by principle (rules-z20), each beside a twin that must still warn.

- A GAN's two players under the UNIT/MUNIT spelling (`losses_gen`, `losses_dis`; a LiDAR GAN's TensorBoard tags):
  a generator loss that stands still for a thousand epochs is the game, not a run that does not learn.
- The parts of a logged total (`val_loss = sev_loss + type_loss` at every epoch): the total is the run's loss; one
  part standing while the total falls is the other part carrying the learning.
"""
from __future__ import annotations

import numpy as np

from lossdoctor.config import Options
from lossdoctor.engine import diagnose_run
from lossdoctor.findings import Severity
from lossdoctor.model import Axis, Kind, Run, Series, Split
from lossdoctor.rules import _adversarial
from lossdoctor.rules._curve import loss_series
from lossdoctor.rules._terms import parts_of_totals


def _series(key: str, split: Split, values: np.ndarray) -> Series:
    return Series(key, split, Kind.LOSS, Axis.EPOCH, np.arange(1, values.size + 1, dtype=float), values)


def _loud(run: Run) -> list[str]:
    return [f.name for f in diagnose_run(run, Options()).findings if f.severity >= Severity.WARNING]


def _game(n: int = 300) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(3)
    # at its level from the second epoch on, drifting down far too slowly to be learning
    g = np.concatenate([[8.3], 4.0 - 0.0002 * np.arange(n - 1) + 0.02 * rng.standard_normal(n - 1)])
    d = 1.2 * np.exp(-np.arange(n) / 10.0) + 0.02 + 0.003 * np.abs(rng.standard_normal(n))
    return g, d


def test_gen_and_dis_are_a_game_and_its_flat_generator_loss_is_no_warning() -> None:
    g, d = _game()
    run = Run("lidar-gan", (_series("losses_gen", Split.TRAIN, g), _series("losses_dis", Split.TRAIN, d)))
    assert _adversarial.pair(run) == ("losses_dis", "losses_gen")
    assert "loss_not_decreasing" not in _loud(run)


def test_the_same_flat_curve_as_an_ordinary_loss_still_warns() -> None:
    g, d = _game()
    run = Run("plain", (_series("loss", Split.TRAIN, g), _series("aux_loss", Split.TRAIN, d)))
    assert _adversarial.pair(run) is None
    assert "loss_not_decreasing" in _loud(run)
    lone = Run("dis-alone", (_series("loss", Split.TRAIN, g), _series("dis_loss", Split.TRAIN, d)))
    assert _adversarial.pair(lone) is None  # 'dis' with no generator key names no game


def _parts(n: int, falls: bool) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(5)
    sev = np.round(0.45 + 0.004 * rng.standard_normal(n), 4)  # one head stands
    typ = np.round((1.9 - (0.9 * (1 - np.exp(-np.arange(n) / 4.0)) if falls else 0.0))
                   + 0.004 * rng.standard_normal(n), 4)
    return sev, typ


def test_a_part_standing_while_the_logged_total_falls_is_no_warning() -> None:
    sev, typ = _parts(12, falls=True)
    total = np.round(sev + typ, 4)
    # the reader tags the parts printed in the epoch's block as training losses; the total is the validation loss
    run = Run("multi-head", (_series("val_loss", Split.VAL, total), _series("sev_loss", Split.TRAIN, sev),
                             _series("type_loss", Split.TRAIN, typ)))
    assert parts_of_totals(run) == {"sev_loss", "type_loss"}
    assert loss_series(run).key == "val_loss"
    assert not {"loss_not_decreasing", "stuck_at_chance"} & set(_loud(run))
    alone = Run("part-alone", (_series("val_loss", Split.VAL, total), _series("sev_loss", Split.TRAIN, sev)))
    assert {"loss_not_decreasing", "stuck_at_chance"} & set(_loud(alone))  # no total of it logged: its own word


def test_a_total_that_stands_still_warns_and_a_lone_flat_loss_too() -> None:
    sev, typ = _parts(12, falls=False)
    total = np.round(sev + typ, 4)
    flat = Run("flat-total", (_series("loss", Split.TRAIN, total), _series("sev_loss", Split.TRAIN, sev),
                              _series("type_loss", Split.TRAIN, typ)))
    assert loss_series(flat).key == "loss"
    assert {"loss_not_decreasing", "stuck_at_chance"} & set(_loud(flat))  # its level may sit near ln(C) too
    lone = Run("lone", (_series("sev_loss", Split.TRAIN, sev), _series("val_loss", Split.VAL, sev + 0.1)))
    assert parts_of_totals(lone) == frozenset()  # two losses add up to nothing logged
    assert "loss_not_decreasing" in _loud(lone)


def _sessions(last_interval: np.ndarray) -> Run:
    """9 held-out evaluations 100 steps apart; a training accuracy and loss logged at every step (tiny batches)."""
    rng = np.random.default_rng(7)
    n = 900
    steps = np.arange(1, n + 1, dtype=float)
    acc = np.clip(np.round(rng.normal(0.62, 0.15, n) * 8) / 8, 0.0, 1.0)  # 8-sample batches: k/8
    acc[-last_interval.size:] = last_interval
    acc[-1] = 1.0  # the last batch happens to be all right
    loss = 0.9 * np.exp(-steps / 300.0) + 0.3 + 0.05 * rng.standard_normal(n)
    vx = np.arange(100, n + 1, 100, dtype=float)
    va = np.linspace(0.82, 0.56, vx.size)  # each session adds classes: the held-out accuracy falls by design
    return Run("sessions", (Series("acc@1", Split.TRAIN, Kind.ACCURACY, Axis.STEP, steps, acc),
                            Series("loss", Split.TRAIN, Kind.LOSS, Axis.STEP, steps, loss),
                            Series("eval acc", Split.VAL, Kind.ACCURACY, Axis.STEP, vx, va)))


def test_a_per_batch_training_accuracy_is_read_over_the_last_interval_not_its_last_batch() -> None:
    rng = np.random.default_rng(8)
    typical = np.clip(np.round(rng.normal(0.62, 0.15, 100) * 8) / 8, 0.0, 1.0)
    assert "overfitting" not in _loud(_sessions(typical))


def test_a_training_accuracy_at_its_ceiling_over_the_last_interval_still_warns() -> None:
    assert "overfitting" in _loud(_sessions(np.ones(100)))


_TRAIN_THROUGH = np.array([0.9588, 0.7880, 0.7643, 0.7438, 0.7323, 0.7244, 0.7027, 0.6843, 0.6742, 0.6734])


def test_a_loss_passing_ln2_on_its_way_down_with_validation_below_it_is_not_stuck() -> None:
    """A regression's loss that happens to read 0.69 (synthetic numbers in the shape of a BerHu run): training falls at
    every epoch through ln 2, validation ends 7-11 % below it."""
    val = np.array([0.6941, 0.6933, 0.7197, 0.7083, 0.6719, 0.7221, 0.6484, 0.6436, 0.6589, 0.6148])
    run = Run("through", (_series("train_loss", Split.TRAIN, _TRAIN_THROUGH), _series("val_loss", Split.VAL, val)))
    assert "stuck_at_chance" not in _loud(run)


def test_the_same_training_loss_with_validation_held_at_ln2_is_still_stuck() -> None:
    """Labels apart from their inputs: training creeps below ln 2 while validation stays on it."""
    val = np.array([0.6941, 0.6933, 0.6937, 0.6930, 0.6935, 0.6932, 0.6936, 0.6931, 0.6934, 0.6933])
    run = Run("memorised", (_series("train_loss", Split.TRAIN, _TRAIN_THROUGH), _series("val_loss", Split.VAL, val)))
    assert "stuck_at_chance" in _loud(run)
