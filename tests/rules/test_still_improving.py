"""LD117 still_improving (info)."""
from __future__ import annotations

import numpy as np

from _shapes import decay, findings, run_of


def test_both_curves_still_falling_with_an_estimate() -> None:
    y = decay(8, 2.3, 0.1, tau=6)
    (f,) = findings("LD117", run_of(loss=y, val_loss=y * 1.1))
    assert f.severity.label == "info" and f.causes[0].cause == "insufficient_training"
    assert f.evidence["extra_epochs_estimate"] >= 2 and f.evidence["slope_t"] < -2.5


def test_converged_or_overfitting_is_silent() -> None:
    y = decay(60, 2.3, 0.1, tau=6)
    assert not findings("LD117", run_of(loss=y, val_loss=y * 1.1))
    val = np.r_[decay(10, 2.4, 0.5, tau=3), 0.5 + 0.05 * np.arange(1, 11)]
    assert not findings("LD117", run_of(loss=decay(20, 2.3, 0.05, tau=8), val_loss=val))
