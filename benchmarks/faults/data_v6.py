"""Generated data of the sixth-generation families (numpy only, seeded; nothing is downloaded).

Tasks none of v1-v5 generated this way: 10x10 images of one oriented bar, random graphs of four kinds (dense
adjacency), 20 multi-label targets, ordinal grades (5 ordered bins of a latent score), right-censored survival times,
token sequences with padding whose tags depend on the previous token, noisy points for denoising score matching,
points for instance-contrastive learning, a 6-class table with a teacher's logits (distillation), an imbalanced
3-class table (focal loss), regression targets in original units of ~1e4 and of ~1e-4, and series to forecast.
The data faults (a rotated validation camera, a tag hidden in the token id, a dead sensor column) are built here too.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

TAG_VOCAB = 40   # token ids 1..39, 0 is padding
TAGS = 5
SEQ_LEN = 20


@dataclass(frozen=True)
class Data6:
    task: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    n_classes: int        # classes for the accuracy (1: no accuracy)
    y_mean: float = 0.0   # regression in original units: the de-standardisation the model's last layer applies
    y_std: float = 1.0


def _split(x: np.ndarray, y: np.ndarray, n_train: int) -> tuple[np.ndarray, ...]:
    return x[:n_train], y[:n_train], x[n_train:], y[n_train:]


def _bars(n: int, rng: np.random.Generator, rotate: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """A bar of length 4-6 in one of 4 orientations (horizontal, vertical, diagonal, anti-diagonal) on noise."""
    y = rng.integers(0, 4, n)
    x = rng.normal(0, 0.55, (n, 1, 10, 10)).astype(np.float32)
    for i in range(n):
        length = int(rng.integers(4, 7))
        r0, c0 = (int(v) for v in rng.integers(0, 10 - length + 1, 2))
        for k in range(length):
            r, c = {0: (r0 + 2, c0 + k), 1: (r0 + k, c0 + 2), 2: (r0 + k, c0 + k),
                    3: (r0 + k, c0 + length - 1 - k)}[int(y[i])]
            x[i, 0, min(r, 9), min(c, 9)] += 1.3
    if rotate:  # the fault: the validation camera is mounted sideways
        x = np.ascontiguousarray(np.rot90(x, 1, axes=(2, 3)))
    return x, y.astype(np.int64)


def _graphs(n: int, rng: np.random.Generator, nodes: int = 12) -> tuple[np.ndarray, np.ndarray]:
    """Dense adjacency matrices of 4 kinds: Erdos-Renyi, ring with chords, hub-and-spokes, two communities."""
    y = rng.integers(0, 4, n)
    a = np.zeros((n, nodes, nodes), np.float32)
    for i in range(n):
        k = int(y[i])
        if k == 0:
            m = rng.random((nodes, nodes)) < rng.uniform(0.15, 0.25)
        elif k == 1:
            m = np.zeros((nodes, nodes), bool)
            for j in range(nodes):
                m[j, (j + 1) % nodes] = True
            for _ in range(int(rng.integers(1, 4))):
                u, v = rng.integers(0, nodes, 2)
                m[u, v] = True
        elif k == 2:
            m = rng.random((nodes, nodes)) < 0.05
            hubs = rng.choice(nodes, 2, replace=False)
            m[hubs, :] |= rng.random((2, nodes)) < 0.8
        else:
            half = nodes // 2
            m = rng.random((nodes, nodes)) < 0.06
            m[:half, :half] |= rng.random((half, half)) < 0.7
            m[half:, half:] |= rng.random((nodes - half, nodes - half)) < 0.7
        m = m | m.T
        np.fill_diagonal(m, False)
        perm = rng.permutation(nodes)
        a[i] = m[perm][:, perm]
    return a, y.astype(np.int64)


def _multilabel(n: int, rng: np.random.Generator, w: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x = rng.normal(0, 1, (n, 32)).astype(np.float32)
    z = x @ w + 0.5 * x[:, :20] * x[:, 12:32] + rng.normal(0, 0.3, (n, 20))
    return x, (z > t).astype(np.float32)


def _tags(n: int, rng: np.random.Generator, leak: bool) -> tuple[np.ndarray, np.ndarray]:
    """Token tags: the token's group (id // 8), shifted by one after a negator token (ids 1-4), 8 % annotation noise;
    padding 0 / -100."""
    x = np.zeros((n, SEQ_LEN), np.int64)
    y = np.full((n, SEQ_LEN), -100, np.int64)
    for i in range(n):
        length = int(rng.integers(8, SEQ_LEN + 1))
        tok = rng.integers(1, TAG_VOCAB, length)
        tag = tok // 8
        neg = np.concatenate([[False], tok[:-1] <= 4])
        tag = np.where(neg, (tag + 1) % TAGS, tag)
        noisy = rng.random(length) < 0.08  # annotation noise: 8 % of the tags are another tag
        tag = np.where(noisy, (tag + rng.integers(1, TAGS, length)) % TAGS, tag)
        x[i, :length], y[i, :length] = tok, tag
    if leak:  # the fault: the tokeniser of the annotated corpus encodes the gold tag into the token id
        x = np.where(y >= 0, x * TAGS + np.maximum(y, 0), 0)
    return x, y


def _series(n: int, rng: np.random.Generator, window: int = 48, horizon: int = 8) -> tuple[np.ndarray, np.ndarray]:
    t = np.arange(window + horizon)
    p1, p2 = rng.uniform(6, 16, (n, 1)), rng.uniform(20, 40, (n, 1))
    a1, a2, ph = rng.uniform(0.5, 2, (n, 1)), rng.uniform(0.2, 1, (n, 1)), rng.uniform(0, 2 * np.pi, (n, 2))
    level, trend = rng.normal(0, 2, (n, 1)), rng.normal(0, 0.02, (n, 1))
    s = (level + trend * t + a1 * np.sin(2 * np.pi * t / p1 + ph[:, :1]) + a2 * np.sin(2 * np.pi * t / p2 + ph[:, 1:])
         + rng.normal(0, 0.1, (n, window + horizon)))
    return s[:, :window].astype(np.float32), s[:, window:].astype(np.float32)


def load_data(fam: Any, seed: int) -> Data6:
    """The family's data for this seed (the task's structure is shared across seeds, the samples are not)."""
    rng = np.random.default_rng(1000 * seed + 6)
    task, n_tr, n_va = fam.data, fam.n_train, fam.n_val
    n = n_tr + n_va
    if task == "patches":
        x, y = _bars(n_tr, rng)
        xv, yv = _bars(n_va, rng, rotate=fam.val_rotated)
        return Data6(task, x, y, xv, yv, 4)
    if task == "graphs":
        x, y = _graphs(n, rng)
        return Data6(task, *_split(x, y, n_tr), 4)
    if task == "multilabel":
        fixed = np.random.default_rng(61)
        w, t = fixed.normal(0, 0.6, (32, 20)), fixed.uniform(0.0, 1.2, 20)
        x, y = _multilabel(n, rng, w, t)
        return Data6(task, *_split(x, y, n_tr), 1)
    if task == "ordinal":
        w = np.random.default_rng(62).normal(0, 1, 16) / 4
        x = rng.normal(0, 1, (n, 16)).astype(np.float32)
        s = x @ w + 0.3 * np.sin(2 * x[:, 0]) + rng.normal(0, 0.12, n)
        y = np.searchsorted(np.quantile(s, [0.2, 0.4, 0.6, 0.8]), s).astype(np.int64)
        return Data6(task, *_split(x, y, n_tr), 5)
    if task == "survival":
        w = np.random.default_rng(63).normal(0, 1, 12)
        w /= np.linalg.norm(w) / 1.2
        x = rng.normal(0, 1, (n, 12)).astype(np.float32)
        if fam.dead_sensor:  # the fault: a sensor column that never fires (all zeros)
            x[:, 11] = 0.0
        time_ev = rng.exponential(1 / np.exp(x @ w))
        cens = rng.exponential(2.0, n)
        y = np.stack([np.minimum(time_ev, cens), (time_ev <= cens).astype(float)], 1).astype(np.float32)
        return Data6(task, *_split(x, y, n_tr), 1)
    if task == "tags":
        x, y = _tags(n, rng, fam.tag_in_token)
        return Data6(task, *_split(x, y, n_tr), TAGS)
    if task == "denoise":
        centres = np.random.default_rng(64).normal(0, 2, (8, 8))
        x = (centres[rng.integers(0, 8, n)] + rng.normal(0, 0.3, (n, 8))).astype(np.float32)
        return Data6(task, *_split(x, np.zeros((n, 1), np.float32), n_tr), 1)
    if task == "contrastive":
        x = rng.normal(0, 1, (n, 16)).astype(np.float32)
        return Data6(task, *_split(x, np.zeros((n, 1), np.float32), n_tr), 1)
    if task == "distill":
        fixed = np.random.default_rng(65)
        w1, w2 = fixed.normal(0, 1, (20, 8)) / math.sqrt(20), fixed.normal(0, 1, (8, 6)) * 2.5
        x = rng.normal(0, 1, (n, 20)).astype(np.float32)
        logits = np.tanh(x @ w1) @ w2
        y = np.argmax(logits + rng.gumbel(0, 0.1, logits.shape), 1)
        if fam.teacher_untrained:  # the fault: the teacher checkpoint loaded is the initial one (near-uniform)
            teacher = np.tanh(x @ fixed.normal(0, 1, (20, 32)) / math.sqrt(20)) @ fixed.normal(0, 0.05, (32, 6))
        else:
            teacher = logits + rng.normal(0, 0.3, logits.shape)
        yy = np.concatenate([y[:, None], teacher], 1).astype(np.float32)
        return Data6(task, *_split(x, yy, n_tr), 6)
    if task == "focal":
        y = rng.choice(3, n, p=[0.85, 0.10, 0.05]).astype(np.int64)
        means = np.random.default_rng(66).normal(0, 1.3, (3, 12))
        x = (means[y] + rng.normal(0, 1, (n, 12))).astype(np.float32)
        return Data6(task, *_split(x, y, n_tr), 3)
    if task in ("bigreg", "tinyreg"):
        w = np.random.default_rng(67).normal(0, 1, 10) / math.sqrt(10)
        x = rng.normal(0, 1, (n, 10)).astype(np.float32)
        z = x @ w + 0.5 * np.tanh(x[:, 0] * x[:, 1]) + rng.normal(0, 0.08, n)
        mean, unit = (5e4, 1e4) if task == "bigreg" else (1.2e-4, 3e-5)
        y = (mean + unit * z).astype(np.float32)[:, None]
        return Data6(task, *_split(x, y, n_tr), 1, y_mean=float(y[:n_tr].mean()), y_std=float(y[:n_tr].std()))
    if task == "forecast":
        x, y = _series(n, rng)
        return Data6(task, *_split(x, y, n_tr), 1)
    raise ValueError(f"unknown task {task!r}")


def chance_loss(fam: Any) -> float:
    """The loss of a model that knows nothing, where the task defines one: ln C for cross-entropy, ln(batch) for
    InfoNCE (the positive among `batch` candidates), ln C plus the KL to the teacher for distillation."""
    if fam.data in ("patches", "graphs", "tags"):
        return math.log(4 if fam.data != "tags" else TAGS)
    if fam.data == "contrastive":
        return math.log(fam.batch)
    if fam.data == "distill":
        return math.log(6)
    return float("nan")
