"""A classifier's loss that goes below 0 is no cross-entropy (raw outputs into NLLLoss fall without bound, as in the
opened corpus log nb-pku-ai-2024-arthals-imdb-nllloss-not-trained: loss -190 -> -43,660, accuracy 0.495-0.498 on a
binary task): its level cannot be read against ln(C), so the accuracy at 1/C is judged alone."""
from __future__ import annotations

import numpy as np

import lossdoctor
from lossdoctor.findings import Severity
from lossdoctor.model import Run


def _names(run: Run, **kw: object) -> dict[str, Severity]:
    return {f.name: f.severity for f in lossdoctor.diagnose(run, **kw).findings}


def test_an_accuracy_at_one_half_beside_a_loss_falling_below_zero_is_stuck_at_chance() -> None:
    rng = np.random.default_rng(11)
    epochs = np.arange(1, 11)
    loss = -190.0 * epochs ** 2.3
    acc = 0.4965 + 0.0012 * rng.standard_normal(10)
    val_acc = np.full(10, 0.5061)
    run = Run.from_dict({"loss": loss, "acc": acc, "val_loss": loss * 1.3, "val_acc": val_acc})
    assert _names(run).get("stuck_at_chance") is Severity.ERROR
    assert _names(run, num_classes=2).get("stuck_at_chance") is Severity.ERROR


def test_a_negative_loss_beside_an_accuracy_that_learns_is_not_at_chance() -> None:
    epochs = np.arange(1, 11)
    loss = 0.5 - 0.3 * np.log(epochs)  # a log-likelihood-style objective that crosses 0
    acc = 0.5 + 0.4 * (1 - np.exp(-0.5 * epochs))
    run = Run.from_dict({"loss": loss, "acc": acc, "val_loss": loss + 0.05, "val_acc": acc - 0.02})
    assert "stuck_at_chance" not in _names(run)
    assert "stuck_at_chance" not in _names(run, num_classes=2)
