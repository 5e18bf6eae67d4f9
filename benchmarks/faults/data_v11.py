"""Generated data of the eleventh-generation families (numpy only; nothing is downloaded).

Tasks none of v1-v10 generated: **pulse trains classed by their rhythm** (64 samples: regular beats, fast beats,
irregular intervals, regular beats with dropped ones; random gain, baseline wander and noise, standardised per
series), **insurance-like claim amounts** (many zeros, gamma-distributed sizes: a compound Poisson-gamma, i.e. Tweedie
with power 1.5, whose mean depends on 8 policy features), and **the phase of a noisy sinusoid** (32 samples, a
frequency of 1.5-3 cycles, the phase an angle on the circle). The data faults (the sampling-rate column read as the
signal, label columns left in the export, validation recorded at twice the sampling rate, refunds stored as negative
claims, a shard re-exported in cents) are built here or in the loop.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

LENGTH = 64           # samples per rhythm series
RHYTHMS = 4           # regular, fast, irregular, dropped beats
PHASE_LEN = 32
FEATURES = 8          # policy features of a claim
POWER = 1.5           # Tweedie power of the claims
DISPERSION = 4.0      # Tweedie dispersion: about a third of the policies claim nothing


@dataclass(frozen=True)
class Data11:
    task: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    n_classes: int        # classes for the accuracy (1: no accuracy)


def _beats(kind: int, rate: float, rng: np.random.Generator) -> np.ndarray:
    """Beat times (in samples at the training sampling rate x `rate`) of one series."""
    span = LENGTH / rate + 16
    if kind == 0:
        period = rng.uniform(10, 14)
        t = np.arange(rng.uniform(-period, 0), span, period)
    elif kind == 1:
        period = rng.uniform(5, 7)
        t = np.arange(rng.uniform(-period, 0), span, period)
    elif kind == 2:
        t = np.cumsum(rng.uniform(4, 17, 30)) - rng.uniform(0, 10)
    else:
        period = rng.uniform(8, 10)
        t = np.arange(rng.uniform(-period, 0), span, period)
        t = t[rng.random(len(t)) > 0.35]
    return t * rate


def rhythm(n: int, rng: np.random.Generator, rate: float = 1.0, weights: np.ndarray | None = None,
           ) -> tuple[np.ndarray, np.ndarray]:
    """Pulse trains of the four rhythms (class frequencies `weights`), standardised per series."""
    y = rng.choice(RHYTHMS, n, p=weights)
    grid = np.arange(LENGTH, dtype=float)
    x = np.empty((n, LENGTH))
    for i in range(n):
        t = _beats(int(y[i]), rate, rng)
        pulses = np.exp(-0.5 * ((grid[:, None] - t[None, :]) / (0.8 * rate)) ** 2).sum(1)
        wander = 0.3 * np.sin(2 * np.pi * grid / LENGTH * rng.uniform(0.3, 1.2) + rng.uniform(0, 2 * np.pi))
        x[i] = rng.uniform(0.7, 1.3) * pulses + wander + rng.normal(0, 0.1, LENGTH)
    x = (x - x.mean(1, keepdims=True)) / (x.std(1, keepdims=True) + 1e-6)
    return x.astype(np.float32), y.astype(np.int64)


def claims(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Policy features and claim amounts (in hundreds): compound Poisson-gamma (Tweedie power 1.5, dispersion 4:
    about a third of the rows are 0) with log mean 1.5 + a nonlinear function of the features."""
    x = rng.normal(0, 1, (n, FEATURES))
    log_mu = (1.5 + 0.5 * x[:, 0] - 0.4 * x[:, 1] + 0.3 * np.sin(2 * x[:, 2]) + 0.25 * x[:, 3] * x[:, 4]
              + 0.3 * np.maximum(x[:, 5], 0))
    mu = np.exp(log_mu)
    lam = mu ** (2 - POWER) / (DISPERSION * (2 - POWER))  # claim count rate
    alpha = (2 - POWER) / (POWER - 1)               # gamma shape of one claim
    theta = DISPERSION * (POWER - 1) * mu ** (POWER - 1)  # gamma scale
    count = rng.poisson(lam)
    y = np.where(count > 0, rng.gamma(np.maximum(count * alpha, 1e-9), theta), 0.0)
    return x.astype(np.float32), y.astype(np.float32)


def phase(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """32 samples of a*sin(2 pi f t + theta) + noise; the target is theta in [0, 2 pi)."""
    t = np.arange(PHASE_LEN) / PHASE_LEN
    f = rng.uniform(1.5, 3.0, n)
    th = rng.uniform(0, 2 * np.pi, n)
    x = rng.uniform(0.8, 1.2, n)[:, None] * np.sin(2 * np.pi * f[:, None] * t + th[:, None])
    x = x + rng.normal(0, 0.1, x.shape)
    return x.astype(np.float32), th.astype(np.float32)


def load_data(fam: Any, seed: int) -> Data11:
    """The family's data for `seed`, with its data faults built in."""
    rng = np.random.default_rng(1000 + seed)
    if fam.data == "rhythm":
        w = None
        if fam.imbalance:  # class 0 (regular) `imbalance` times as frequent as each other rhythm
            w = np.array([fam.imbalance, 1, 1, 1], dtype=float)
            w /= w.sum()
        xt, yt = rhythm(fam.n_train, rng, weights=w)
        xv, yv = rhythm(fam.n_val, rng, rate=fam.val_rate, weights=w)
        if fam.leak_onehot:  # the export's label columns never dropped: the last 4 samples are the one-hot class
            xt[:, -RHYTHMS:] = np.eye(RHYTHMS, dtype=np.float32)[yt]
            xv[:, -RHYTHMS:] = np.eye(RHYTHMS, dtype=np.float32)[yv]
        if fam.wrong_column:  # the sampling-rate column (250 Hz on every row) read as the signal, scaled per set
            xt = np.full_like(xt, 250.0)
            xv = np.full_like(xv, 250.0)
            scale = xt.max()
            xt, xv = xt / scale - 1, xv / scale - 1
        return Data11("rhythm", xt, yt, xv, yv, RHYTHMS)
    if fam.data == "claims":
        xt, yt = claims(fam.n_train, rng)
        xv, yv = claims(fam.n_val, rng)
        if fam.negative_claims:  # refunds recorded as negative amounts in 0.5 % of the rows
            idx = rng.choice(len(yt), max(1, len(yt) // 200), replace=False)
            yt[idx] = -rng.uniform(0.5, 5, len(idx)).astype(np.float32)
        return Data11("claims", xt, yt, xv, yv, 1)
    if fam.data == "phase":
        xt, yt = phase(fam.n_train, rng)
        xv, yv = phase(fam.n_val, rng)
        return Data11("phase", xt, yt, xv, yv, 1)
    raise ValueError(fam.data)


def chance_loss(fam: Any) -> float:
    """The loss of a model that knows nothing, where the task defines one: ln 4 for the rhythms' cross-entropy (a
    cosine classifier's too: uniform predictions cost ln C)."""
    if fam.data == "rhythm":
        return math.log(RHYTHMS)
    return float("nan")
