"""Generated data of the tenth-generation families (numpy only; nothing is downloaded).

Tasks none of v1-v9 generated: **sets of 48 scalar sensor readings** whose class is the distribution they were drawn
from (uniform, Gaussian, Laplace, two-peaked), each set with its own offset and gain that per-set standardisation
removes, for permutation-invariant set models; **a family of sine tasks** (amplitude a, phase b) where the input is the
task code (a, b) and a point x and the target a sin(x + b), for a hypernetwork; **vectors built from 8 hidden
prototypes** (random gain, noise) for a VQ-VAE. The data faults (constant sets under standardisation, unstandardised
millivolt readings, the class written into a header element, out-of-range validation amplitudes, a phase column in
degrees) are built here or in the loop.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from data_v9 import Data9

SET_SIZE = 48
KINDS = 4          # uniform, Gaussian, Laplace, two-peaked
VQ_DIM = 16
PROTOTYPES = 8


def _sets(n: int, size: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Raw readings (each set with its own offset and gain, in volts) and their distribution's class."""
    y = rng.integers(0, KINDS, n)
    x = np.empty((n, size))
    for k in range(KINDS):
        m = y == k
        shape = (int(m.sum()), size)
        if k == 0:
            v = rng.uniform(-1, 1, shape)
        elif k == 1:
            v = rng.normal(0, 1, shape)
        elif k == 2:
            v = rng.laplace(0, 1, shape)
        else:
            v = rng.choice([-1.0, 1.0], shape) + rng.normal(0, 0.35, shape)
        x[m] = v
    x = x * rng.uniform(0.5, 2.0, (n, 1)) + rng.uniform(-2, 2, (n, 1))
    return x, y


def _standardise(x: np.ndarray) -> np.ndarray:
    """Per-set standardisation (what the set models expect): each set minus its mean, over its standard deviation."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return (x - x.mean(1, keepdims=True)) / x.std(1, keepdims=True)


def _sine_tasks(n: int, rng: np.random.Generator, amp: tuple[float, float],
                noise: float) -> tuple[np.ndarray, np.ndarray]:
    a = rng.uniform(*amp, n)
    b = rng.uniform(0, np.pi, n)
    x = rng.uniform(-np.pi, np.pi, n)
    y = a * np.sin(x + b) + rng.normal(0, noise, n)
    code = np.stack([a - 1.25, b / np.pi * 2 - 1, x / np.pi], 1)  # the task code (a, b) and the point, scaled
    return code.astype(np.float32), y.astype(np.float32)


def _vectors(n: int, rng: np.random.Generator) -> np.ndarray:
    protos = np.random.default_rng(77).normal(0, 1, (PROTOTYPES, VQ_DIM))
    k = rng.integers(0, PROTOTYPES, n)
    return (protos[k] * rng.uniform(0.6, 1.4, (n, 1)) + rng.normal(0, 0.15, (n, VQ_DIM))).astype(np.float32)


def load_data(fam: Any, seed: int) -> Data9:
    """The family's data for this seed (the data faults included)."""
    rng = np.random.default_rng(seed + 1000 * (sum(map(ord, fam.data)) % 89 + 7))  # fixed per task, not hash()
    n_tr, n_va = fam.n_train, fam.n_val
    if fam.data == "sets":
        x, y = _sets(n_tr + n_va, SET_SIZE, rng)
        if fam.constant_sets:  # the fault: 1 % of sets from a stuck sensor: every reading equal, std 0
            stuck = rng.random(len(x)) < fam.constant_sets
            x[stuck] = x[stuck, :1]
        if fam.millivolts:  # the fault: readings in millivolts and the standardisation flag off
            x = x * 1000.0
        else:
            x = _standardise(x)
        if fam.class_header:  # the fault: the exporter's header element (the class id x 10) kept in every set
            x = np.concatenate([10.0 * (y[:, None] + 1), x], 1)
        x = x[:, :, None].astype(np.float32)
        if fam.label_noise:  # the training sets' annotations only: some labels wrong
            wrong = rng.random(n_tr) < fam.label_noise
            y = y.copy()
            y[:n_tr] = np.where(wrong, (y[:n_tr] + rng.integers(1, KINDS, n_tr)) % KINDS, y[:n_tr])
        return Data9("sets", x[:n_tr], y[:n_tr].astype(np.int64), x[n_tr:], y[n_tr:].astype(np.int64), KINDS)
    if fam.data == "hyper":
        xt, yt = _sine_tasks(n_tr, rng, (0.5, 2.0), fam.noise)
        xv, yv = _sine_tasks(n_va, rng, fam.val_amp or (0.5, 2.0), fam.noise)
        deg = xt.copy()  # the fault's shard: the phase column in degrees (0 .. 180), not scaled
        deg[:, 1] = (deg[:, 1] + 1) / 2 * 180.0
        return Data9("hyper", xt, yt, xv, yv, 1, deg)
    if fam.data == "vq":
        x = _vectors(n_tr + n_va, rng)
        return Data9("vq", x[:n_tr], x[:n_tr], x[n_tr:], x[n_tr:], 1)
    raise ValueError(f"unknown task {fam.data!r}")


def chance_loss(fam: Any) -> float:
    """The loss of a model that knows nothing, where the task defines one: ln 4 for the sets' cross-entropy."""
    if fam.data == "sets":
        return math.log(KINDS)
    return float("nan")
