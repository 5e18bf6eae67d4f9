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
