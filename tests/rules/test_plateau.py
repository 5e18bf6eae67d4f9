"""LD105 plateau (info)."""
from __future__ import annotations

import numpy as np

from _shapes import decay, findings, run_of


def _stalled(n: int = 60) -> np.ndarray:
    y = decay(n, 2.3, 0.8, tau=3)
    y[36:] = 0.8 - 0.5 * (1 - np.exp(-np.arange(n - 36) / 3))
    return y


def test_plateau_ended_by_lr_decay_is_reported_as_such() -> None:
    lr = np.r_[np.full(36, 1e-2), np.full(24, 1e-3)]
    (f,) = findings("LD105", run_of(loss=_stalled(), lr=lr))
    assert f.severity.label == "info" and f.evidence["ended_by_lr_decay"] is True
    assert 10 <= f.evidence["plateau_start_epoch"] <= 22 and 33 <= f.evidence["plateau_end_epoch"] <= 36
    assert 35 <= f.evidence["drop_epoch"] <= 38


def test_plateau_without_schedule_is_info_without_decay_claim() -> None:
    (f,) = findings("LD105", run_of(loss=_stalled()))
    assert f.evidence["ended_by_lr_decay"] is False


def test_short_runs_and_steady_decrease_are_silent() -> None:
    assert not findings("LD105", run_of(loss=decay(8)))
    assert not findings("LD105", run_of(loss=np.linspace(2.0, 0.5, 40)))


def test_a_loss_converging_towards_zero_is_not_a_plateau() -> None:
    """examples/overfitting-keras: after epoch 9 the training loss goes 0.01 -> 0.0002, tiny against its drop from
    2.0 but a 50x fall on its own scale; a stall at 0.8 still is one."""
    y = np.r_[np.geomspace(2.0, 0.01, 10), np.geomspace(0.009, 0.0002, 50)]
    assert not findings("LD105", run_of(loss=y))
    assert findings("LD105", run_of(loss=np.r_[np.geomspace(2.0, 0.8, 10), 0.8 + 0.001 * np.sin(np.arange(50))]))
