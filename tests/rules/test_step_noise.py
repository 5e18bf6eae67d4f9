"""Healthy step-level logs (per-step SGD minibatch losses, HF Trainer logging means, fine-tuning) get no warning:
every shape is judged against the curve's own noise. A real spike in the same noise is still found."""
from __future__ import annotations

import numpy as np
import pytest

from lossdoctor.engine import diagnose_run
from lossdoctor.config import Options
from lossdoctor.model import Axis
from lossdoctor.readers._base import Points, make_run

from _shapes import run_of


def _sgd(seed: int, n: int = 3000, shape: float = 2.0) -> np.ndarray:
    """Per-step minibatch losses: an exponential decay times gamma batch-to-batch noise (shape 2: CV 0.7, heavy)."""
    rng = np.random.default_rng(seed)
    i = np.arange(n)
    return (0.08 + 2.2 * np.exp(-i / 400)) * rng.gamma(shape, 1.0 / shape, n)


def _warnings(run) -> list[str]:
    return [f"{f.name}: {f.message.en}" for f in diagnose_run(run, Options()).findings if f.severity.label != "info"]


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
