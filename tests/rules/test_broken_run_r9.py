"""Rule release 9, broken runs and single-loss notes: one test per principle, on a verbatim copy of an opened log
(tests/fixtures/opened_runs/SOURCES.md) or on arrays, each with the case beside it that must stay quiet."""
from __future__ import annotations

import math

import numpy as np

from _real_logs import ROOT
from _real_logs import read_longest as _read
from _shapes import decay, found, run_of

OPENED = ROOT / "tests" / "fixtures" / "opened_runs"


def test_a_climb_that_gives_back_half_the_fall_at_every_step_is_divergence() -> None:
    """entrenar-274 (8 logged steps): 15.50 -> 1.43 by step 220, then 5.82, 7.05, 10.03. The fall never reversed, the
    climb rose at every step and gave back 61% of it: the run unlearns toward its untrained level. The curve's noise
    read off second differences (2.6) is the bend itself, so the 5-noise test alone was silent."""
    f = found(_read(OPENED / "gh-entrenar-274-qlora-diverges-after-step-220.log"), "divergence")
    assert f is not None and f.severity.label in ("warning", "error")
    assert f.evidence["loss_at_best"] == 1.43 and f.evidence["best_step"] == 220 and f.confidence < 0.85  # 8 points: it says how little was seen


def test_noisy_batch_losses_that_end_on_three_rises_are_not_divergence() -> None:
    """Last-batch losses of a healthy run (the first half of a Paddle course AlexNet log, dev): the fall reverses by up
    to 0.45 on its way down, so a climb of 0.79 from the lowest draw to the last is within twice that noise."""
    y = [0.745, 0.675, 0.257, 0.708, 0.477, 0.202, 0.421, 0.1, 0.289, 0.307, 0.885]
    assert found(run_of(axis="step", steps=np.arange(0, 110, 10, dtype=float), loss=y), "divergence") is None


def test_a_loss_that_never_fell_does_not_diverge_by_giving_back_its_fall() -> None:
    """A loss pinned at ln 5 wiggling by 1e-4 (families v7: inputs and labels shuffled apart) has no fall to give back:
    it is stuck, not diverging."""
    y = math.log(5) + 1e-4 * np.array([1, 0, -1, -0.5, -3, -4, -3, -3.5, -3, 0, -1, -4, -2, -1, 1.0])
    assert found(run_of(loss=y), "divergence") is None


def test_a_climb_from_a_pasted_stretch_has_no_untrained_level_to_return_to() -> None:
    """The same V read from step 5,000 on: its first value is already a trained level, so "gave back half the fall"
    has no reference; the climb is judged by the other tests (here 10.03 stays below 10x its best and below its start)."""
    y = [15.5, 13.0, 3.8, 2.39, 1.43, 5.82, 7.05, 10.03]
    assert found(run_of(axis="step", steps=5000 + 55 * np.arange(8, dtype=float), loss=y), "divergence") is None
    assert found(run_of(axis="step", steps=1 + 55 * np.arange(8, dtype=float), loss=y), "divergence") is not None


def test_underfitting_needs_an_absolute_reference() -> None:
    """A language model or an ELBO that fell and levelled off (families v7's healthy LSTM LM: 1.95 -> 1.12 = 58% of the
    ln 7 its first loss suggests, validation beside it) is what a converged run looks like when nothing says where the
    floor is; with the number of classes given, the same curve is under-fit."""
    y = decay(30, math.log(7), 0.58 * math.log(7), tau=4)
    assert found(run_of(loss=y, val_loss=y * 1.01), "underfitting") is None
    assert found(run_of(loss=y, val_loss=y * 1.01), "underfitting", num_classes=7) is not None
