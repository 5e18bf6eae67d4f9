"""Generated data of the seventh-generation families (numpy and scikit-learn's bundled digits; nothing is downloaded).

Tasks none of v1-v6 generated this way: 5 overlapping Gaussian blobs in 20 dimensions (for a squared-hinge SVM head,
a mixture of experts and cross-entropy with 20 % label noise), the 8x8 digits (cross-entropy, and a VAE's ELBO),
heavy-tailed regression (Huber), Poisson counts, pairs of items to rank, first-order Markov token streams for a language
model, and sets of 12 points whose spread has one of 4 shapes. The data faults (a one-hot branch code that encodes
the class, inputs divided by 255 twice, inverted validation digits) are built here too.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

VOCAB = 12
SEQ = 24
SET_SIZE = 12


@dataclass(frozen=True)
class Data7:
    task: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    n_classes: int        # classes for the accuracy (1: no accuracy; 2 for ranking: the pair put in order)


def _blobs(n: int, rng: np.random.Generator, centres: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    y = rng.integers(0, len(centres), n)
    x = centres[y] + rng.normal(0, 1.0, (n, centres.shape[1]))
    return x.astype(np.float32), y.astype(np.int64)


def _digits(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.datasets import load_digits

    d = load_digits()
    idx = rng.permutation(len(d.target))
    return (d.data[idx] / 16.0).astype(np.float32), d.target[idx].astype(np.int64)


def _markov(n: int, rng: np.random.Generator, trans: np.ndarray) -> np.ndarray:
    s = np.zeros((n, SEQ + 1), dtype=np.int64)
    s[:, 0] = rng.integers(0, VOCAB, n)
    cum = trans.cumsum(1)
    for t in range(1, SEQ + 1):
        u = rng.random(n)[:, None]
        s[:, t] = np.minimum((u > cum[s[:, t - 1]]).sum(1), VOCAB - 1)
    return s


def _sets(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """4 kinds of spread: small round, large round, stretched along x, stretched along y (with overlap)."""
    y = rng.integers(0, 4, n)
    scale = np.array([[0.6, 0.6], [1.2, 1.2], [1.4, 0.5], [0.5, 1.4]])[y]
    x = rng.normal(0, 1, (n, SET_SIZE, 2)) * scale[:, None, :] * rng.uniform(0.8, 1.25, (n, 1, 1))
    return x.astype(np.float32), y.astype(np.int64)


def load_data(fam: Any, seed: int) -> Data7:
    """The family's data for this seed (the data faults included)."""
    rng = np.random.default_rng(seed + 1000 * (sum(map(ord, fam.data)) % 97 + 1))  # fixed per task, not hash()
    task, n_tr, n_va = fam.data, fam.n_train, fam.n_val
    n = n_tr + n_va
    if task == "blobs":
        centres = np.random.default_rng(11).normal(0, 0.75, (5, 20))
        x, y = _blobs(n, rng, centres)
        ytr = y[:n_tr].copy()
        if fam.label_noise:  # a fraction of the training labels replaced by a random class
            flip = rng.random(n_tr) < fam.label_noise
            ytr[flip] = rng.integers(0, 5, int(flip.sum()))
        if fam.leak_id:  # the fault: a branch code, one-hot encoded, that was assigned by class
            x = np.concatenate([x, np.eye(5, dtype=np.float32)[y]], 1)
        return Data7(task, x[:n_tr], ytr, x[n_tr:], y[n_tr:], 5)
    if task in ("digits", "vae"):
        x, y = _digits(rng)
        n_tr = min(n_tr, len(y) - 400)
        if fam.double_scaled:  # the fault: pixel values divided by 255 after they were already in [0, 1]
            x = x / 255.0
        xv = x[n_tr:n_tr + n_va]
        if fam.val_inverted:  # the fault: the validation scans came from a scanner that inverts intensity
            xv = 1.0 - xv
        if task == "vae":
            return Data7(task, x[:n_tr], x[:n_tr], xv, xv, 1)
        return Data7(task, x[:n_tr], y[:n_tr], xv, y[n_tr:n_tr + n_va], 10)
    if task == "huber":
        w = np.random.default_rng(12).normal(0, 1, 12)
        x = rng.normal(0, 1, (n, 12))
        y = np.sin(x @ w / 3.0) * 2 + 0.3 * x[:, 0] * x[:, 1] + 0.3 * rng.standard_t(2, n)
        return Data7(task, x[:n_tr].astype(np.float32), y[:n_tr].astype(np.float32),
                     x[n_tr:].astype(np.float32), y[n_tr:].astype(np.float32), 1)
    if task == "counts":
        w = np.random.default_rng(13).normal(0, 0.35, 10)
        x = rng.normal(0, 1, (n, 10))
        y = rng.poisson(np.exp(1.0 + x @ w))
        return Data7(task, x[:n_tr].astype(np.float32), y[:n_tr].astype(np.float32),
                     x[n_tr:].astype(np.float32), y[n_tr:].astype(np.float32), 1)
    if task == "pairs":
        w = np.random.default_rng(14).normal(0, 1, 16)
        xa, xb = rng.normal(0, 1, (n, 16)), rng.normal(0, 1, (n, 16))
        sa = xa @ w / 4 + 0.5 * np.tanh(xa[:, 0] * xa[:, 1]) + rng.normal(0, 0.3, n)
        sb = xb @ w / 4 + 0.5 * np.tanh(xb[:, 0] * xb[:, 1]) + rng.normal(0, 0.3, n)
        x = np.concatenate([xa, xb], 1).astype(np.float32)
        y = np.where(sa > sb, 1.0, -1.0).astype(np.float32)
        return Data7(task, x[:n_tr], y[:n_tr], x[n_tr:], y[n_tr:], 2)
    if task == "seqs":
        trans = np.random.default_rng(15).dirichlet(np.full(VOCAB, 0.1), VOCAB)
        s = _markov(n, rng, trans)
        return Data7(task, s[:n_tr, :-1], s[:n_tr, 1:], s[n_tr:, :-1], s[n_tr:, 1:], 1)  # no accuracy logged
    if task == "sets":
        x, y = _sets(n, rng)
        return Data7(task, x[:n_tr], y[:n_tr], x[n_tr:], y[n_tr:], 4)
    raise ValueError(f"unknown task {task!r}")


def chance_loss(fam: Any) -> float:
    """The loss of a model that knows nothing, where the task defines one: ln C for cross-entropy (the MoE's summed
    auxiliary term aside: ln C is what its user compares with), ln V per token for the language model, (C-1)/C for the
    squared multi-class hinge at zero scores, the margin (1) for the pairwise ranking loss at equal scores."""
    if fam.loss == "sqhinge":
        return 4 / 5
    if fam.loss == "margin_rank":
        return 1.0
    if fam.data == "seqs":
        return math.log(VOCAB)
    if fam.data in ("blobs", "digits", "sets"):
        return math.log({"blobs": 5, "digits": 10, "sets": 4}[fam.data])
    return float("nan")
