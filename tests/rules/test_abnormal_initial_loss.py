"""LD113 abnormal_initial_loss."""
from __future__ import annotations

import math

import numpy as np

from _shapes import decay, findings, run_of


def test_huge_first_loss_against_ln_c() -> None:
    y = np.r_[3.2e8, decay(29, 2.0, 0.3)]
    (f,) = findings("LD113", run_of(loss=y), num_classes=2)
    assert f.evidence["expected_initial_loss"] == math.log(2) and f.evidence["huge"] is True
    assert f.causes[0].cause == "unnormalized_input"


def test_classifier_with_unknown_c_judged_against_ln_100() -> None:
    y = np.r_[850.0, 140.0, 60.0, decay(27, 30, 0.1)]
    (f,) = findings("LD113", run_of(loss=y, accuracy=np.linspace(0.3, 0.99, 30)))
    assert abs(f.evidence["expected_initial_loss"] - math.log(100)) < 1e-9


def test_normal_start_near_ln_c_is_silent() -> None:
    assert not findings("LD113", run_of(loss=decay(30, 2.45, 0.1), accuracy=np.linspace(0.2, 0.98, 30)),
                        num_classes=10)
    assert not findings("LD113", run_of(loss=decay(30, 2.156, 0.04), accuracy=np.linspace(0.32, 0.99, 30)))


def test_without_c_only_a_jump_against_the_next_points_counts() -> None:
    assert findings("LD113", run_of(loss=np.r_[5e4, decay(20, 40, 10)]))
    assert not findings("LD113", run_of(loss=decay(20, 5e4, 10)))
