"""LD106 oscillation: a step-level batch loss swinging beside a smooth validation loss is batch noise (rules-z23).

Families v17, v18, v21 (healthy runs logging `train/batch_loss`, `train_loss_step`, ignite's `Loss` every few steps):
the logged loss swings by 13-38 % of its level while the validation loss falls smoothly; the rule's own note said
"the logged value is likely one batch's loss, not the model bouncing". On a step axis that is no finding; an
epoch-level value (usually the epoch's mean) keeps the note, and swings the validation loss shares stay a warning."""
from __future__ import annotations

import numpy as np

from _shapes import findings, run_of

N = 30
STEPS = [8.0 * (i + 1) for i in range(N)]


def _curves(val_swings: bool = False) -> tuple[np.ndarray, np.ndarray]:
    t = np.arange(N, dtype=np.float64)
    sign = (-1.0) ** t
    base = 0.9 * np.exp(-t / 6) + 0.4
    loss = base + 0.1 * sign * (t > 6)
    val = 0.95 * np.exp(-t / 6) + 0.45 + (0.1 * sign * (t > 6) if val_swings else 0.0)
    return loss, val


def test_step_level_batch_loss_swinging_beside_a_smooth_val_loss_is_not_reported() -> None:
    loss, val = _curves()
    assert not findings("LD106", run_of("step", steps=STEPS, loss=loss, val_loss=val))


def test_twin_on_an_epoch_axis_keeps_the_note() -> None:
    loss, val = _curves()
    (f,) = findings("LD106", run_of(loss=loss, val_loss=val))
    assert f.severity.label == "info" and f.evidence["steady_curve"] == "val_loss"


def test_twin_whose_val_loss_swings_with_it_is_oscillation() -> None:
    loss, val = _curves(val_swings=True)
    (f,) = findings("LD106", run_of("step", steps=STEPS, loss=loss, val_loss=val))
    assert f.severity.label == "warning"
