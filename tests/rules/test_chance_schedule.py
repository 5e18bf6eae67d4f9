"""chance.py (class count, chance levels, floors) and schedule.py (LR events)."""
from __future__ import annotations

import math

import numpy as np

from _shapes import run_of
from lossdoctor.config import Options
from lossdoctor.rules import chance, schedule


def test_levels() -> None:
    assert abs(chance.chance_loss(2) - 0.6931) < 1e-4 and abs(chance.chance_loss(10) - 2.3026) < 1e-4
    assert abs(chance.bounded_logit_floor(10) - 1.4612) < 1e-4
    assert abs(chance.bounded_logit_floor(2) - 0.3133) < 1e-4
    assert abs(chance.prior_entropy(0.5, 2) - math.log(2)) < 1e-12
    assert abs(chance.binary_entropy(0.1) - 0.3251) < 1e-4


def test_class_count_from_loss_needs_a_close_match() -> None:
    assert chance.classes_from_loss(2.3031) == 10 and chance.classes_from_loss(0.69) == 2
    assert chance.classes_from_loss(1.7) is None and chance.classes_from_loss(float("nan")) is None


def test_accuracy_floor_needs_several_points_at_one_over_c() -> None:
    floor = run_of(val_accuracy=[0.1, 0.101, 0.099, 0.1, 0.1, 0.1]).get("val_accuracy")
    passing = run_of(val_accuracy=[0.32, 0.65, 0.76, 0.82, 0.87, 0.9]).get("val_accuracy")
    assert chance.classes_from_accuracy(floor) == 10
    assert chance.classes_from_accuracy(passing) is None


def test_inference_order_given_then_loss_then_accuracy() -> None:
    run = run_of(loss=[2.303] * 5, accuracy=[0.5] * 5)
    assert chance.infer_classes(run, Options(num_classes=7), 2.303) == chance.Classes(7, "given")
    assert chance.infer_classes(run, Options(), 2.303) == chance.Classes(10, "initial_loss")
    assert chance.infer_classes(run, Options(), 5.0) == chance.Classes(2, "accuracy_floor")


def test_step_decay_warmup_and_restart() -> None:
    lr = np.r_[np.linspace(0, 1e-3, 6)[1:], np.full(10, 1e-3), np.full(10, 1e-4), np.full(5, 1e-3)]
    s = schedule.detect(run_of("step", lr=lr).get("lr"))
    kinds = [e.kind for e in s.events]
    assert kinds == ["warmup_end", "decay", "restart"]
    assert s.warmup_end == 4 and s.decays[0].step == 15 and s.decays[0].after == 1e-4


def test_cosine_decay_has_no_events_but_is_decayed() -> None:
    lr = 1e-3 * 0.5 * (1 + np.cos(np.linspace(0, np.pi, 100)))
    s = schedule.detect(run_of("step", lr=lr).get("lr"))
    assert s.decayed and not s.rises
    assert not schedule.detect(run_of(lr=np.full(10, 1e-3)).get("lr")).decayed


def test_positions_map_between_axes_by_run_share() -> None:
    s = schedule.detect(run_of("step", lr=np.r_[np.full(50, 1.0), np.full(51, 0.1)]).get("lr"))
    pos = schedule.event_positions(s, ("decay",), "epoch", 0.0, 10.0)
    assert np.allclose(pos, [5.0])
