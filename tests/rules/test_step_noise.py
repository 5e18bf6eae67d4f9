"""Healthy step-level logs (per-step SGD minibatch losses, HF Trainer logging means, fine-tuning) get no warning:
every shape is judged against the curve's own noise. A real spike in the same noise is still found."""
from __future__ import annotations

import numpy as np
import pytest

from lossdoctor.engine import diagnose_run
from lossdoctor.config import Options
from lossdoctor.model import Axis
from lossdoctor.readers._base import Points, make_run

from _shapes import ALL_WARN, assert_reported_as_policy, run_of


def _sgd(seed: int, n: int = 3000, shape: float = 2.0) -> np.ndarray:
    """Per-step minibatch losses: an exponential decay times gamma batch-to-batch noise (shape 2: CV 0.7, heavy)."""
    rng = np.random.default_rng(seed)
    i = np.arange(n)
    return (0.08 + 2.2 * np.exp(-i / 400)) * rng.gamma(shape, 1.0 / shape, n)


def _warnings(run) -> list[str]:
    """The findings the rules judge warnings (every rule `warn = true`); by default those off the warning policy's list
    are reported as notes with the same numbers (rules/_policy.py), which is checked here too."""
    judged = diagnose_run(run, Options(rules=ALL_WARN))
    assert_reported_as_policy(list(diagnose_run(run, Options()).findings), list(judged.findings))
    return [f"{f.name}: {f.message.en}" for f in judged.findings if f.severity.label != "info"]


@pytest.mark.parametrize("seed", range(6))
def test_heavy_tailed_minibatch_noise_is_not_a_spike(seed: int) -> None:
    run = run_of(axis="step", steps=list(range(3000)), loss=list(_sgd(seed)))
    assert _warnings(run) == []


@pytest.mark.parametrize("seed", range(3))
def test_a_real_spike_in_the_same_noise_is_found(seed: int) -> None:
    y = _sgd(seed, shape=4.0)  # batch noise with CV 0.5
    y[1500:1504] = 100 * (0.08 + 2.2 * np.exp(-1500 / 400))  # an update that threw the loss up 100x for 4 steps
    names = [w.split(":")[0] for w in _warnings(run_of(axis="step", steps=list(range(3000)), loss=list(y)))]
    assert "loss_spikes" in names


@pytest.mark.parametrize("seed", range(4))
def test_hf_trainer_fine_tuning_with_evaluation_is_healthy(seed: int) -> None:
    """Logging means every 10 steps (3 epochs, a drop at each epoch end) and eval_loss every 100 steps falling
    to a floor within its noise."""
    rng = np.random.default_rng(seed)
    i = np.arange(300)
    train = (0.22 + 0.5 * np.exp(-i / 30) - 0.04 * (i >= 100) - 0.04 * (i >= 200)) * np.exp(rng.normal(0, 0.25, 300))
    ev_steps = np.arange(100, 3001, 100)
    ev = 0.30 + 0.25 * np.exp(-ev_steps / 300) + rng.normal(0, 0.004, ev_steps.size)
    cols = {"loss": Points(), "eval_loss": Points()}
    for s, x in zip(10 * (i + 1), train):
        cols["loss"].add(float(s), float(x))
    for s, x in zip(ev_steps, ev):
        cols["eval_loss"].add(float(s), float(x))
    assert _warnings(make_run("ft", "ft", "hf_trainer", cols, Axis.STEP)) == []


@pytest.mark.parametrize("seed", range(3))
def test_slow_overfitting_of_a_long_fine_tuning_run(seed: int) -> None:
    """Validation falls 0.50 -> 0.30 in 10 epochs, then creeps up 0.23% per epoch for 50 epochs (to ~0.335) while
    training keeps falling slowly: small next to the early gain, but sustained and far beyond its noise."""
    rng = np.random.default_rng(seed)
    e = np.arange(60)
    val = np.where(e < 10, 0.30 + 0.20 * (1 - e / 10) ** 2, 0.30 + 0.0007 * (e - 10)) + rng.normal(0, 0.002, 60)
    train = 0.45 * np.exp(-e / 3) + 0.22 - 0.0004 * e + rng.normal(0, 0.002, 60)  # -15% after the best epoch
    rep = diagnose_run(run_of(loss=list(train), val_loss=list(val)), Options())
    f = next(f for f in rep.findings if f.name == "overfitting")
    assert f.severity.label == "warning"


@pytest.mark.parametrize("seed", range(3))
def test_converged_drift_is_not_overfitting(seed: int) -> None:
    """Training has stopped moving and validation drifts up within its noise: no overfitting."""
    rng = np.random.default_rng(seed)
    e = np.arange(60)
    val = 0.30 + 0.20 * np.exp(-e / 4) + 0.00005 * e + rng.normal(0, 0.004, 60)
    train = 0.22 + 0.45 * np.exp(-e / 4) + rng.normal(0, 0.002, 60)
    rep = diagnose_run(run_of(loss=list(train), val_loss=list(val)), Options())
    assert all(f.name != "overfitting" for f in rep.findings)


def test_validation_accuracy_flat_while_training_accuracy_climbs() -> None:
    rng = np.random.default_rng(0)
    e = np.arange(30)
    tr_acc = np.minimum(0.99, 0.55 + 0.015 * e) + rng.normal(0, 0.003, 30)
    va_acc = np.minimum(0.70, 0.55 + 0.03 * e) + rng.normal(0, 0.003, 30)
    tr_loss = 0.7 * np.exp(-e / 12) + 0.05
    va_loss = np.maximum(0.62, 0.7 * np.exp(-e / 6) + 0.3) + rng.normal(0, 0.002, 30)
    rep = diagnose_run(run_of(loss=list(tr_loss), val_loss=list(va_loss), accuracy=list(tr_acc),
                              val_accuracy=list(va_acc)), Options())
    f = next(f for f in rep.findings if f.name == "overfitting")
    assert f.evidence.get("pattern") == "val_metric_flat"
    both = diagnose_run(run_of(loss=list(tr_loss), val_loss=list(tr_loss * 1.1), accuracy=list(tr_acc),
                               val_accuracy=list(tr_acc - 0.02)), Options())
    assert all(f.name != "overfitting" for f in both.findings)
