"""Runs that log metrics but no loss (accuracy-only logs: MXNet's `Train-accuracy=`, a notebook's `train acc / test
acc`): judged on their accuracies, held less sure than with a loss, and saying so; a healthy one stays quiet."""
from __future__ import annotations

import numpy as np

from lossdoctor.config import Options
from lossdoctor.engine import diagnose_run
from lossdoctor.findings import Severity
from lossdoctor.model import Kind, Run, Split

from _shapes import series


def _rise(n: int, start: float, end: float, tau: float, seed: int, noise: float = 0.004) -> np.ndarray:
    """An accuracy that climbs from `start` towards `end` with time constant `tau`, with evaluation noise."""
    x = np.arange(n, dtype=float)
    y = end - (end - start) * np.exp(-x / tau)
    return np.clip(y + np.random.default_rng(seed).normal(0, noise, n), 0.0, 1.0)


def _acc_run(train: np.ndarray, val: np.ndarray) -> Run:
    return Run("t", (series("train_acc", Kind.ACCURACY, Split.TRAIN, train),
                     series("val_acc", Kind.ACCURACY, Split.VAL, val)))


def _loud(run: Run) -> dict[str, float]:
    rep = diagnose_run(run, Options())
    return {f.name: f.confidence for f in rep.findings if f.severity >= Severity.WARNING}


def test_training_set_memorised_while_validation_flat_is_overfitting_without_a_loss() -> None:
    """Training accuracy climbs to 1.0 while validation levels off 25 points below: over-fitting read off the
    accuracies alone, with the note that no loss was logged."""
    run = _acc_run(_rise(60, 0.1, 1.0, 8, 1), _rise(60, 0.1, 0.75, 8, 2))
    rep = diagnose_run(run, Options())
    f = next(f for f in rep.findings if f.name == "overfitting")
    assert f.severity >= Severity.WARNING
    assert "No loss was logged" in f.message.en and "损失" in f.message.zh
    assert rep.verdict == "warning"


def test_metric_only_confidence_is_lower_than_with_a_loss() -> None:
    """The same accuracies beside a loss that says the same: the accuracy-only reading is held less sure."""
    train, val = _rise(60, 0.1, 1.0, 8, 1), _rise(60, 0.1, 0.75, 8, 2)
    alone = _loud(_acc_run(train, val))["overfitting"]
    with_loss = diagnose_run(Run("t", (*_acc_run(train, val).series,
                                       series("loss", Kind.LOSS, Split.TRAIN, 2.3 * (1.0 - train) + 1e-3),
                                       series("val_loss", Kind.LOSS, Split.VAL, 2.3 * (1.0 - val) + 0.3))), Options())
    f = next(f for f in with_loss.findings if f.name == "overfitting")
    assert "No loss was logged" not in f.message.en
    assert alone < f.confidence


def test_healthy_accuracy_only_run_stays_quiet_and_is_judged() -> None:
    """Twin: training and validation accuracy climb together to 0.97 / 0.95: no warning, and the verdict is healthy
    (judged), not insufficient data."""
    run = _acc_run(_rise(40, 0.3, 0.97, 6, 3), _rise(40, 0.3, 0.95, 6, 4))
    rep = diagnose_run(run, Options())
    assert not [f for f in rep.findings if f.severity >= Severity.WARNING]
    assert rep.verdict == "healthy"


def test_converged_accuracy_only_run_near_its_ceiling_stays_quiet() -> None:
    """Twin: training at 1.0 with validation at 0.98 (MNIST-like): a small gap is no over-fit."""
    run = _acc_run(_rise(30, 0.8, 1.0, 3, 5, 0.002), _rise(30, 0.8, 0.98, 3, 6, 0.002))
    assert "overfitting" not in _loud(run)


def test_too_few_metric_points_or_none_stay_insufficient() -> None:
    """One or two accuracies, or no loss and no metric at all: nothing to judge a curve on."""
    short = _acc_run(np.array([0.5, 0.6]), np.array([0.5, 0.55]))
    assert diagnose_run(short, Options()).verdict == "insufficient_data"
    bare = Run("t", (series("lr", Kind.LR, Split.NONE, [0.1, 0.1, 0.1, 0.1]),))
    assert diagnose_run(bare, Options()).verdict == "insufficient_data"


def test_accuracy_at_chance_without_a_loss_is_said_once() -> None:
    """stuck_at_chance's own accuracy-only reading already says the log holds no loss: the note is not repeated."""
    rng = np.random.default_rng(7)
    run = _acc_run(0.1 + rng.normal(0, 0.01, 20), 0.1 + rng.normal(0, 0.01, 20))
    rep = diagnose_run(run, Options(num_classes=10))
    f = next(f for f in rep.findings if f.name == "stuck_at_chance")
    assert f.severity >= Severity.WARNING
    assert "holds no loss" in f.message.en and "No loss was logged" not in f.message.en


def test_healthy_metric_only_report_says_no_loss_was_logged() -> None:
    """The report of a quiet accuracy-only run says what its verdict rests on, and a loss-logging run's does not."""
    from lossdoctor.report.i18n import no_findings

    quiet = diagnose_run(_acc_run(_rise(40, 0.3, 0.97, 6, 3), _rise(40, 0.3, 0.95, 6, 4)), Options())
    assert "No loss was logged" in no_findings(quiet, "en") and "没有损失" in no_findings(quiet, "zh")
    loss = np.linspace(1.0, 0.2, 40)
    with_loss = diagnose_run(Run("t", (series("loss", Kind.LOSS, Split.TRAIN, loss),)), Options())
    assert "No loss was logged" not in no_findings(with_loss, "en")
