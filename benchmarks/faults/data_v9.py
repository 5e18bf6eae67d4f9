"""Generated data of the ninth-generation families (numpy and scikit-learn's bundled tables; nothing is downloaded).

Tasks none of v1-v8 generated: 3-D point clouds of four upright surface shapes (sphere, cube, cylinder, cone) under
a random turn about the vertical axis, anisotropic scale and sensor noise, for a PointNet; scikit-learn's bundled
breast-cancer table for a GELU MLP; two moons as a 2-D density for a normalising flow's NLL; an inverse problem with up
to three answers per input (x = y/10 + 0.3 sin(2 pi y/10), y in [0, 10]) for a mixture density network; prices over
three orders of magnitude regressed on their log. The data faults (points sub-sampled to 2, coordinates cast to int8,
sparse validation clouds, zero prices under a log, a shard of prices not log-transformed, raw unscaled table
features, two target-encoded row ids, 30 validation rows) are built here or in the loop.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

POINTS = 48
SHAPES = 4            # sphere, cube, cylinder, cone
LABEL_NOISE = 0.05    # clouds: annotation noise, train and val alike


@dataclass(frozen=True)
class Data9:
    task: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    n_classes: int        # classes for the accuracy (1: no accuracy)
    y_raw_train: np.ndarray | None = None  # log-price: the prices in thousands, not log-transformed (spike shard)


def _surface(kind: int, p: int, rng: np.random.Generator) -> np.ndarray:
    """p points on the surface of one unit shape."""
    if kind == 0:  # sphere
        v = rng.normal(0, 1, (p, 3))
        return v / np.linalg.norm(v, axis=1, keepdims=True)
    if kind == 1:  # cube surface: one coordinate at +-1
        v = rng.uniform(-1, 1, (p, 3))
        face = rng.integers(0, 3, p)
        v[np.arange(p), face] = rng.choice([-1.0, 1.0], p)
        return v
    u = rng.uniform(0, 2 * np.pi, p)
    h = rng.uniform(-1, 1, p)
    if kind == 2:  # cylinder (side)
        return np.stack([np.cos(u), np.sin(u), h], 1)
    r = (1 - h) / 2  # cone (side), apex at z = 1
    return np.stack([r * np.cos(u), r * np.sin(u), h], 1)


def _clouds(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    y = rng.integers(0, SHAPES, n)
    x = np.empty((n, POINTS, 3))
    for i in range(n):
        pts = _surface(int(y[i]), POINTS, rng) * rng.uniform(0.7, 1.3, 3)
        a = rng.uniform(0, 2 * np.pi)  # upright objects (as scanned), turned about the vertical axis only
        rot = np.array([[np.cos(a), -np.sin(a), 0.0], [np.sin(a), np.cos(a), 0.0], [0.0, 0.0, 1.0]])
        x[i] = pts @ rot + rng.normal(0, 0.08, (POINTS, 3))
    noisy = rng.random(n) < LABEL_NOISE
    y = np.where(noisy, (y + rng.integers(1, SHAPES, n)) % SHAPES, y)
    return x.astype(np.float32), y.astype(np.int64)


def _moons(n: int, rng: np.random.Generator) -> np.ndarray:
    t = rng.uniform(0, np.pi, n)
    upper = rng.random(n) < 0.5
    x = np.where(upper[:, None], np.stack([np.cos(t), np.sin(t)], 1), np.stack([1 - np.cos(t), 0.5 - np.sin(t)], 1))
    x = x + rng.normal(0, 0.08, (n, 2))
    return ((x - np.array([0.5, 0.25])) / np.array([0.87, 0.5])).astype(np.float32)


def _inverse(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """y in [0, 10]; x = y/10 + 0.3 sin(2 pi y/10) + noise: given x, y has up to three answers."""
    u = rng.uniform(0, 1, n)
    x = u + 0.3 * np.sin(2 * np.pi * u) + rng.normal(0, 0.1, n)
    return ((x - 0.5) / 0.35)[:, None].astype(np.float32), (10 * u).astype(np.float32)


def _prices(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Prices ~30 .. ~5000 (log-normal around a nonlinear function of 8 features)."""
    w = np.random.default_rng(91).normal(0, 0.6, 8)
    x = rng.normal(0, 1, (n, 8))
    logp = 6.0 + 1.5 * np.tanh(x @ w) + 0.3 * x[:, 1] * x[:, 2] + 0.15 * rng.normal(0, 1, n)
    return x.astype(np.float32), np.exp(logp)


def load_data(fam: Any, seed: int) -> Data9:
    """The family's data for this seed (the data faults included)."""
    rng = np.random.default_rng(seed + 1000 * (sum(map(ord, fam.data)) % 97 + 5))  # fixed per task, not hash()
    n_tr, n_va = fam.n_train, fam.n_val
    n = n_tr + n_va
    if fam.data == "clouds":
        x, y = _clouds(n, rng)
        xt, xv = x[:n_tr, :fam.points], x[n_tr:, :fam.val_points or fam.points]
        if fam.int8_coords:  # the fault: each cloud centred and scaled into the unit sphere (PointNet's
            def cast(a: np.ndarray) -> np.ndarray:  # normalisation), then stored as int8: every value truncates to 0
                a = a - a.mean(axis=1, keepdims=True)
                a = a / np.linalg.norm(a, axis=2).max(axis=1)[:, None, None]
                return a.astype(np.int8).astype(np.float32)
            xt, xv = cast(xt), cast(xv)
        return Data9("clouds", xt, y[:n_tr], xv, y[n_tr:], SHAPES)
    if fam.data == "cancer":
        from sklearn.datasets import load_breast_cancer

        x, y = load_breast_cancer(return_X_y=True)
        idx = rng.permutation(len(y))
        n_va = fam.n_val
        tr, va = idx[:len(y) - n_va], idx[len(y) - n_va:]
        x = x.astype(np.float64)
        if fam.target_encoded_id:  # the fault: two ids unique per row (patient, sample) target-encoded on all rows,
            x = np.concatenate([x, np.repeat(y[:, None], 2, 1).astype(np.float64)], 1)  # each row's own label included
        if not fam.raw_inputs:  # standardised and clipped to +-3 (the fault leaves them raw: areas in the thousands)
            mu, sd = x[tr].mean(0), x[tr].std(0) + 1e-12
            x = np.clip((x - mu) / sd, -3, 3)
        return Data9("cancer", x[tr].astype(np.float32), y[tr].astype(np.int64), x[va].astype(np.float32),
                     y[va].astype(np.int64), 2)
    if fam.data == "moons":
        x = _moons(n, rng)
        return Data9("moons", x[:n_tr], np.zeros(n_tr, np.float32), x[n_tr:], np.zeros(n_va, np.float32), 1)
    if fam.data == "inverse":
        x, y = _inverse(n, rng)
        return Data9("inverse", x[:n_tr], y[:n_tr], x[n_tr:], y[n_tr:], 1)
    if fam.data == "prices":
        x, p = _prices(n, rng)
        if fam.zero_prices:  # the fault: 1 % of prices missing, stored as 0, then np.log: -inf targets
            p = np.where(rng.random(n) < 0.01, 0.0, p)
        with np.errstate(divide="ignore"):
            logp = np.log(p)
        fin = np.isfinite(logp[:n_tr])
        mu, sd = logp[:n_tr][fin].mean(), logp[:n_tr][fin].std()
        y = ((logp - mu) / sd).astype(np.float32)
        raw = (p[:n_tr] / 1000.0).astype(np.float32)  # prices in thousands, not log-transformed
        return Data9("prices", x[:n_tr], y[:n_tr], x[n_tr:], y[n_tr:], 1, raw)
    raise ValueError(f"unknown task {fam.data!r}")


def chance_loss(fam: Any) -> float:
    """The loss of a model that knows nothing, where the task defines one: ln C for cross-entropy (with label
    smoothing too: uniform predictions cost ln C against a smoothed target)."""
    if fam.data == "clouds":
        return math.log(SHAPES)
    if fam.data == "cancer":
        return math.log(2)
    return float("nan")
