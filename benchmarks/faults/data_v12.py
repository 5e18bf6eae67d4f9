"""Generated data of the twelfth-generation families (numpy only; nothing is downloaded).

Tasks none of v1-v11 generated: **pen gestures** (2-D trajectories of 40 points: circle, zigzag, spiral, figure
eight, square; drawn either way round, 75-100 % complete, a random turn of up to 60 degrees, scale, speed warp, pen
noise and drift, centred per gesture) classed by their shape, **crowd rating histograms** (6 item features, a latent
score, 20 raters voting 1-5 through an ordered logit: the target is the share of votes per grade), and **first-order
reaction kinetics** (24 timed readings of a decaying concentration with a baseline and noise; the target the
standardised log rate constant). The data faults (labels sorted by class apart from the features, gestures copied
with jitter before the split, a validation file with its x and y columns swapped, the half-life in seconds as the
target, the split lengths swapped, a validation share squared) are built here or in the loop.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

POINTS = 40           # points per gesture
GESTURES = 5          # circle, zigzag, spiral, figure eight, square
ITEM_FEATURES = 6     # features of a rated item
GRADES = 5            # rating grades 1-5
RATERS = 20           # votes per item
READINGS = 24         # timed readings of a reaction


@dataclass(frozen=True)
class Data12:
    task: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    n_classes: int        # classes for the accuracy (1: no accuracy)


def _shape(kind: int, t: np.ndarray) -> np.ndarray:
    """The clean path of one gesture at times t in [0, 1]: (len(t), 2)."""
    if kind == 0:
        return np.stack([np.cos(2 * np.pi * t), np.sin(2 * np.pi * t)], 1)
    if kind == 1:
        tri = 2 * np.abs(((3 * t) % 1) - 0.5) - 0.5
        return np.stack([2 * t - 1, tri], 1)
    if kind == 2:
        return np.stack([t * np.cos(4 * np.pi * t), t * np.sin(4 * np.pi * t)], 1)
    if kind == 3:
        return np.stack([np.sin(2 * np.pi * t), 0.5 * np.sin(4 * np.pi * t)], 1)
    corners = np.array([[-1, -1], [1, -1], [1, 1], [-1, 1], [-1, -1]], dtype=float)
    s = 4 * t
    i = np.minimum(s.astype(int), 3)
    return corners[i] + (s - i)[:, None] * (corners[i + 1] - corners[i])


NOISE, DRIFT = 0.3, 0.06


def gestures(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Pen trajectories (n, 40, 2) of the five gestures, drawn either way round and 75-100 % complete, turned,
    scaled, warped in speed, noisy and drifting, centred."""
    y = rng.integers(0, GESTURES, n)
    x = np.empty((n, POINTS, 2))
    for i in range(n):
        t = rng.uniform(0.75, 1.0) * np.linspace(0, 1, POINTS) ** rng.uniform(0.75, 1.35)
        t = t if rng.random() < 0.5 else t[-1] - t
        p = _shape(int(y[i]), t)
        a = rng.uniform(-np.pi / 3, np.pi / 3)
        rot = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
        p = rng.uniform(0.7, 1.3) * p @ rot.T * np.array([1.0, rng.uniform(0.8, 1.2)])
        p = p + rng.normal(0, NOISE, p.shape) + np.cumsum(rng.normal(0, DRIFT, p.shape), 0)  # pen noise, drift
        x[i] = p - p.mean(0)
    return x.astype(np.float32), y.astype(np.int64)


def ratings(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Item features and the share of 20 votes per grade (ordered logit on a nonlinear latent score)."""
    x = rng.normal(0, 1, (n, ITEM_FEATURES))
    s = 1.2 * x[:, 0] - 0.8 * x[:, 1] + 0.6 * np.tanh(2 * x[:, 2]) + 0.5 * x[:, 3] * x[:, 4] - 0.4 * x[:, 5] ** 2
    cuts = np.array([-1.5, -0.5, 0.5, 1.5])
    cdf = 1 / (1 + np.exp(-(cuts[None, :] - s[:, None])))                 # P(grade <= k), k = 1..4
    p = np.diff(np.concatenate([np.zeros((n, 1)), cdf, np.ones((n, 1))], 1), axis=1)
    votes = np.stack([rng.multinomial(RATERS, pi / pi.sum()) for pi in p])
    return x.astype(np.float32), (votes / RATERS).astype(np.float32)


def kinetics(n: int, rng: np.random.Generator, seconds: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """24 readings over 60 s of c0 exp(-k t) + baseline + noise, divided by the first reading; the target the
    standardised log10 k (log10 k uniform in [-2.5, -0.5]: half-lives of 2-220 s), or the half-life in seconds."""
    t = np.linspace(0, 60, READINGS)
    logk = rng.uniform(-2.5, -0.5, n)
    c0 = rng.uniform(0.5, 2.0, n)
    c = c0[:, None] * np.exp(-(10 ** logk)[:, None] * t) + rng.uniform(0, 0.1, n)[:, None]
    c = c + rng.normal(0, 0.05, c.shape)
    x = c / c[:, :1]
    y = math.log(2) / 10 ** logk if seconds else (logk + 1.5) / 0.577
    return x.astype(np.float32), y.astype(np.float32)


def _split(x: np.ndarray, y: np.ndarray, n_val: int) -> tuple[np.ndarray, ...]:
    return x[n_val:], y[n_val:], x[:n_val], y[:n_val]


def load_data(fam: Any, seed: int) -> Data12:
    """The family's data for `seed`, with its data faults built in."""
    rng = np.random.default_rng(1200 + seed)
    n_train, n_val = fam.n_train, fam.n_val
    if fam.split_swapped:  # the fault: random_split(ds, [n_val, n_train]): the lengths in the wrong order
        n_train, n_val = n_val, n_train
    if fam.val_share_squared:  # the fault: validation carved as 10 % of the 10 % hold-out, not 10 % of all rows
        total = n_train + n_val
        n_val = max(2, round(total * (n_val / total) ** 2))
        n_train = total - n_val
    n = n_train + n_val
    if fam.data == "gesture":
        if fam.copies:  # the fault: every gesture copied with a little jitter, the split taken after
            base_x, base_y = gestures(math.ceil(n / fam.copies), rng)
            x = np.repeat(base_x, fam.copies, 0)[:n]
            x = x + rng.normal(0, 0.01, x.shape).astype(np.float32)
            y = np.repeat(base_y, fam.copies)[:n]
            perm = rng.permutation(n)
            x, y = x[perm], y[perm]
        else:
            x, y = gestures(n, rng)
        if fam.labels_sorted:  # the fault: labels from a file sorted by class, features in file order (then a
            y = np.sort(y)      # shuffled split of the joined rows)
            perm = rng.permutation(n)
            x, y = x[perm], y[perm]
        xt, yt, xv, yv = _split(x, y, n_val)
        if fam.val_xy_swapped:  # the fault: the validation export's columns in (y, x) order
            xv = xv[:, :, ::-1].copy()
        return Data12("gesture", xt, yt, xv, yv, GESTURES)
    if fam.data == "ratings":
        x, y = ratings(n, rng)
        return Data12("ratings", *_split(x, y, n_val), 1)
    if fam.data == "kinetics":
        x, y = kinetics(n, rng, seconds=fam.target_seconds)
        return Data12("kinetics", *_split(x, y, n_val), 1)
    raise ValueError(fam.data)


def chance_loss(fam: Any) -> float:
    """The loss of a model that knows nothing, where the task defines one: ln 5 for the gestures' cross-entropy."""
    if fam.data == "gesture":
        return math.log(GESTURES)
    return float("nan")
