"""The data of the second-generation families: scikit-learn's bundled sets (wine, breast_cancer, digits, diabetes),
its Friedman #1 regression generator, a multi-label task (five attributes of each digit) and three generated sets of our own (grating
images, trend sequences, token sequences), with the data faults injected here (shuffled labels, leaked or shifted
or tiny validation sets, unscaled features)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from families_v2 import Family2

TOKEN_VOCAB = 16
TOKEN_LEN = 20


@dataclass(frozen=True)
class Data2:
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    task: str          # multiclass | multilabel | regression
    n_classes: int     # classes (multiclass), labels (multilabel), 1 (regression)


def make_gratings(n: int, rng: np.random.Generator, size: int = 16) -> tuple[np.ndarray, np.ndarray]:
    """1 x size x size images of a noisy sinusoidal grating; the class is its orientation (0, 45, 90, 135 deg)."""
    y = rng.integers(0, 4, n)
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
    theta = y * np.pi / 4 + rng.normal(0, 0.12, n)
    freq = rng.uniform(0.5, 0.9, n)
    phase = rng.uniform(0, 2 * np.pi, n)
    proj = np.cos(theta)[:, None, None] * xx + np.sin(theta)[:, None, None] * yy
    x = np.sin(freq[:, None, None] * proj + phase[:, None, None]) + rng.normal(0, 1.3, (n, size, size))
    return x[:, None].astype(np.float32), y


def make_trends(n: int, rng: np.random.Generator, length: int = 32) -> tuple[np.ndarray, np.ndarray]:
    """(n, length, 2) sequences: channel 0 a trend (rising, falling, a peak, a valley) under a random walk, channel 1
    pure noise; the class is the trend."""
    y = rng.integers(0, 4, n)
    t = np.linspace(-1, 1, length)
    shapes = np.stack([t, -t, 1 - 2 * t ** 2, 2 * t ** 2 - 1])
    amp = rng.uniform(0.5, 1.2, n)
    walk = np.cumsum(rng.normal(0, 0.18, (n, length)), axis=1)
    x0 = amp[:, None] * shapes[y] + walk + rng.normal(0, 0.3, (n, length))
    x1 = rng.normal(0, 1, (n, length))
    return np.stack([x0, x1], axis=-1).astype(np.float32), y


def make_token_seqs(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Token sequences; the class is which of tokens 1-4 occurs most often (4 classes, vocabulary 16)."""
    x = rng.integers(5, TOKEN_VOCAB, (n, TOKEN_LEN))
    y = rng.integers(0, 4, n)
    for i, c in enumerate(y):
        counts = rng.integers(0, 3, 4)
        counts[c] = counts.max() + rng.integers(1, 3)
        pos = rng.permutation(TOKEN_LEN)[: counts.sum()]
        x[i, pos] = np.repeat(np.arange(1, 5), counts)
    return x.astype(np.int64), y


def _raw(name: str, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, str]:
    from sklearn import datasets

    if name in ("wine", "breast_cancer", "digits"):
        d = getattr(datasets, f"load_{name}")()
        return d.data.astype(np.float32), d.target.astype(np.int64), "multiclass"
    if name == "diabetes":
        d = datasets.load_diabetes()
        return d.data.astype(np.float32), d.target.astype(np.float32), "regression"
    if name == "friedman":
        x, y = datasets.make_friedman1(1200, n_features=10, noise=0.5, random_state=int(rng.integers(1 << 30)))
        return x.astype(np.float32), y.astype(np.float32), "regression"
    if name == "multilabel":  # digit attributes: even, >= 5, has a loop, prime, drawn with straight strokes
        d = datasets.load_digits()
        t = d.target
        y = np.stack([t % 2 == 0, t >= 5, np.isin(t, (0, 6, 8, 9)), np.isin(t, (2, 3, 5, 7)), np.isin(t, (1, 4, 7))], 1)
        return d.data.astype(np.float32), y.astype(np.float32), "multilabel"
    if name == "gratings":
        x, y = make_gratings(1200, rng)
        return x, y, "multiclass"
    if name == "trends":
        x, y = make_trends(1200, rng)
        return x, y, "multiclass"
    if name == "tokens":
        x, y = make_token_seqs(1200, rng)
        return x, y, "multiclass"
    raise ValueError(f"unknown data set {name!r}")


def load(fam: Family2, seed: int) -> Data2:
    """Split the family's data, standardise it on the training rows, and inject its data faults."""
    rng = np.random.default_rng(seed)
    x, y, task = _raw(fam.data, rng)
    order = rng.permutation(len(x))
    x, y = x[order], y[order]
    if fam.label_shuffle:  # the fault: labels permuted over the rows, no longer belonging to their inputs
        y = y[rng.permutation(len(y))]
    n_val = fam.n_val or len(x) // 4
    n_train = fam.n_train or len(x) - n_val
    xv, yv = x[:n_val], y[:n_val]
    xt, yt = x[n_val:n_val + n_train], y[n_val:n_val + n_train]
    if fam.val_from_train:  # the fault: the validation rows are training rows
        pick = rng.choice(len(xt), size=n_val, replace=False)
        xv, yv = xt[pick], yt[pick]
    if task == "regression":  # targets standardised on the training rows
        mu, sd = yt.mean(), yt.std()
        yt, yv = (yt - mu) / sd, (yv - mu) / sd
    if fam.data != "tokens" and not fam.unscaled:  # per-feature standardisation fitted on the training rows
        axes = (0,) if xt.ndim == 2 else ((0, 2, 3) if xt.ndim == 4 else (0, 1))
        mu, sd = xt.mean(axis=axes, keepdims=True), xt.std(axis=axes, keepdims=True)
        sd = np.where(sd < 1e-3, 1.0, sd)  # a feature constant on the training rows (a blank pixel) is only centred
        xt, xv = (xt - mu) / sd, (xv - mu) / sd
    if fam.shift_val:  # the fault: validation inputs moved along one random direction of feature space
        direction = rng.normal(size=xv.shape[1:]).astype(np.float32)
        xv = xv + fam.shift_val * direction / np.sqrt(np.mean(direction ** 2))
    n_classes = int(y.max()) + 1 if task == "multiclass" else (y.shape[1] if task == "multilabel" else 1)
    return Data2(xt.astype(x.dtype), yt, xv.astype(x.dtype), yv, task, n_classes)
