"""The data of the third-generation families, all generated here (no scikit-learn bundled set, no download): house
prices in the thousands, concentrations around 1e-3, multi-label colour scenes, blob segmentation masks, stroke
glyphs, clusters for contrastive learning, a sum grammar for a language model, digit strings to reverse, multi-channel
signals, texture images, ordinal ratings, a checkerboard and tabular customers; with the data faults injected here
(zeroed inputs, a leaked label column, noisy labels, a second sensor for validation)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from families_v3 import Family3

GRAMMAR_VOCAB = 13        # digits 0-9, '+', '=', ';'
GRAMMAR_LEN = 24          # 4 sums of 6 tokens
REVERSE_LEN = 8
REVERSE_VOCAB = 11        # digits and a start token (10)

# task of each data set: how the loss and the metric are computed
TASK_OF = {"prices": "regression", "conc": "regression", "scenes": "multilabel", "blobs": "segmentation",
           "glyphs": "autoencoder", "clusters": "contrastive", "grammar": "lm", "reverse": "seq2seq",
           "signals": "multiclass", "textures": "multiclass", "ratings": "ordinal", "checker": "multiclass",
           "customers": "multiclass"}


@dataclass(frozen=True)
class Data3:
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    task: str
    n_classes: int       # classes / labels / levels / vocabulary; 1 for regression, autoencoder, contrastive
    y_mean: float = 0.0  # regression: the target scale the model's output layer restores
    y_std: float = 1.0


def prices(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """8 features of a house; the price is around 3000-6000 (thousands of a currency), non-linear in them."""
    x = rng.normal(size=(n, 8)).astype(np.float32)
    y = (4200 + 700 * x[:, 0] + 450 * np.sin(2 * x[:, 1]) + 300 * x[:, 2] * x[:, 3] + 250 * np.abs(x[:, 4])
         - 200 * x[:, 5] ** 2 + rng.normal(0, 120, n))
    return x, y.astype(np.float32)


def conc(n: int, rng: np.random.Generator, length: int = 48) -> tuple[np.ndarray, np.ndarray]:
    """(n, 3, length) sensor traces; the concentration (~1e-3) is the height of a peak in channel 0 relative to the
    baseline drift in channel 1; channel 2 is noise."""
    t = np.linspace(0, 1, length)
    c = rng.uniform(0.4e-3, 1.6e-3, n)
    centre = rng.uniform(0.3, 0.7, n)
    peak = np.exp(-((t[None] - centre[:, None]) / 0.06) ** 2)
    drift = rng.uniform(0.5, 1.5, n)
    x0 = (c / 1e-3)[:, None] * peak * drift[:, None] + rng.normal(0, 0.08, (n, length))
    x1 = drift[:, None] * np.ones((1, length)) + rng.normal(0, 0.05, (n, length))
    x2 = rng.normal(0, 1, (n, length))
    return np.stack([x0, x1, x2], 1).astype(np.float32), (c * (1 + rng.normal(0, 0.02, n))).astype(np.float32)


def scenes(n: int, rng: np.random.Generator, size: int = 16) -> tuple[np.ndarray, np.ndarray]:
    """3 x size x size colour images holding any subset of 4 shapes (square, disk, horizontal bar, cross) at random
    places and colours; the 4 labels say which are present."""
    x = rng.normal(0, 0.25, (n, 3, size, size))
    y = rng.random((n, 4)) < 0.5
    yy, xx = np.mgrid[0:size, 0:size]
    for i in range(n):
        for k in np.flatnonzero(y[i]):
            cy, cx = rng.integers(3, size - 3, 2)
            colour = rng.uniform(0.6, 1.2, 3) * rng.choice([-1, 1])
            if k == 0:
                m = (np.abs(yy - cy) <= 2) & (np.abs(xx - cx) <= 2)
            elif k == 1:
                m = (yy - cy) ** 2 + (xx - cx) ** 2 <= 6
            elif k == 2:
                m = (np.abs(yy - cy) <= 0) & (np.abs(xx - cx) <= 3)
            else:
                m = ((yy == cy) & (np.abs(xx - cx) <= 2)) | ((xx == cx) & (np.abs(yy - cy) <= 2))
            x[i][:, m] += colour[:, None]
    return x.astype(np.float32), y.astype(np.float32)


def blobs(n: int, rng: np.random.Generator, size: int = 16) -> tuple[np.ndarray, np.ndarray]:
    """1 x size x size images of 1-3 bright ellipses on a sloped, noisy background; the target is the per-pixel
    mask of the ellipses."""
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
    x = np.zeros((n, 1, size, size), np.float32)
    y = np.zeros((n, 1, size, size), np.float32)
    for i in range(n):
        m = np.zeros((size, size), bool)
        for _ in range(rng.integers(1, 4)):
            cy, cx = rng.uniform(2, size - 2, 2)
            a, b = rng.uniform(1.5, 4, 2)
            m |= ((yy - cy) / a) ** 2 + ((xx - cx) / b) ** 2 <= 1
        slope = rng.normal(0, 0.04, 2)
        x[i, 0] = m * rng.uniform(0.8, 1.4) + slope[0] * yy + slope[1] * xx + rng.normal(0, 0.35, (size, size))
        y[i, 0] = m
    return x, y


def glyphs(n: int, rng: np.random.Generator, size: int = 12) -> tuple[np.ndarray, np.ndarray]:
    """Flattened size x size images of 2-4 straight strokes; an autoencoder's input is its own target."""
    x = np.zeros((n, size, size), np.float32)
    for i in range(n):
        for _ in range(rng.integers(2, 5)):
            (y0, x0), (y1, x1) = rng.integers(0, size, (2, 2))
            for t in np.linspace(0, 1, 2 * size):
                x[i, int(round(y0 + t * (y1 - y0))), int(round(x0 + t * (x1 - x0)))] = 1.0
    x = x.reshape(n, -1) + rng.normal(0, 0.05, (n, size * size)).astype(np.float32)
    return x.astype(np.float32), x.astype(np.float32)


def clusters(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two noisy views (n, 2, 32) of points from 10 clusters in an 8-D latent space seen through a fixed non-linear
    map; contrastive learning pairs the views. The target holds the cluster (unused by the loss)."""
    centres = np.random.default_rng(7).normal(0, 1.5, (10, 8))
    w = np.random.default_rng(8).normal(0, 0.5, (8, 32))
    c = rng.integers(0, 10, n)
    z = centres[c] + rng.normal(0, 0.6, (n, 8))
    base = np.tanh(z @ w)
    views = np.stack([base + rng.normal(0, 0.25, base.shape), base + rng.normal(0, 0.25, base.shape)], 1)
    return views.astype(np.float32), c.astype(np.int64)


def grammar(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Sequences of 4 sums 'a+b=c;' with c = (a + b) mod 10; the LM input is the sequence, the target the sequence
    shifted by one token."""
    a, b = rng.integers(0, 10, (2, n, 4))
    c = (a + b) % 10
    toks = np.stack([a, np.full_like(a, 10), b, np.full_like(a, 11), c, np.full_like(a, 12)], -1).reshape(n, -1)
    seq = np.concatenate([np.full((n, 1), 12), toks], 1)  # a leading ';' so the first sum is predicted too
    return seq[:, :-1].astype(np.int64), seq[:, 1:].astype(np.int64)


def reverse(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Digit strings of length 8 and their reversal."""
    x = rng.integers(0, 10, (n, REVERSE_LEN))
    return x.astype(np.int64), x[:, ::-1].copy().astype(np.int64)


def signals(n: int, rng: np.random.Generator, length: int = 64) -> tuple[np.ndarray, np.ndarray]:
    """(n, 6, length) signals; the class is which of 4 patterns (a slow wave, a fast wave, a step, a burst) is hidden
    in one random channel."""
    t = np.linspace(0, 1, length)
    y = rng.integers(0, 4, n)
    x = rng.normal(0, 0.45, (n, 6, length))
    for i in range(n):
        ch = rng.integers(0, 6)
        ph, at = rng.uniform(0, 2 * np.pi), rng.uniform(0.2, 0.8)
        pattern = [np.sin(2 * np.pi * 2 * t + ph), np.sin(2 * np.pi * 9 * t + ph), np.where(t > at, 1.0, -1.0),
                   np.exp(-((t - at) / 0.05) ** 2) * 2.5][y[i]]
        x[i, ch] += pattern * rng.uniform(0.8, 1.3)
    return x.astype(np.float32), y.astype(np.int64)


def textures(n: int, rng: np.random.Generator, size: int = 16, noise: float = 0.5) -> tuple[np.ndarray, np.ndarray]:
    """3 x size x size colour textures of 4 kinds (horizontal stripes, vertical stripes, checker, dots) with random
    period, phase and colour."""
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
    y = rng.integers(0, 4, n)
    x = np.empty((n, 3, size, size), np.float32)
    for i in range(n):
        p, ph = rng.uniform(3, 6), rng.uniform(0, 2 * np.pi)
        u, v = np.sin(2 * np.pi * yy / p + ph), np.sin(2 * np.pi * xx / p + ph)
        g = [u, v, np.sign(u * v), (u > 0.7) * (v > 0.7) * 2.0 - 0.5][y[i]]
        colour = rng.uniform(0.5, 1.0, 3) * rng.choice([-1, 1], 3)
        x[i] = colour[:, None, None] * g[None] + rng.normal(0, noise, (3, size, size))
    return x, y.astype(np.int64)


def ratings(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """10 features; the rating (0-4) is a latent score cut at fixed quantiles, so the levels are ordered."""
    x = rng.normal(size=(n, 10)).astype(np.float32)
    w = np.random.default_rng(11).normal(size=10)
    s = x @ w + 1.2 * np.sin(2 * x[:, 0]) + rng.normal(0, 0.5, n)
    cuts = np.quantile(np.random.default_rng(12).normal(size=(4000, 10)) @ w, [0.2, 0.4, 0.6, 0.8])
    return x, np.searchsorted(cuts, s).astype(np.int64)


def checker(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """2-D points on a 4 x 4 checkerboard of 2 classes: no line separates them."""
    x = rng.uniform(-2, 2, (n, 2)).astype(np.float32)
    return x, ((np.floor(x[:, 0]) + np.floor(x[:, 1])) % 2).astype(np.int64)


def customers(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """20 tabular features of a customer, 6 segments."""
    from sklearn.datasets import make_classification

    x, y = make_classification(n, n_features=20, n_informative=8, n_redundant=4, n_classes=6, n_clusters_per_class=1,
                               class_sep=1.3, random_state=int(rng.integers(1 << 30)))
    return x.astype(np.float32), y.astype(np.int64)


GENERATORS = {"prices": prices, "conc": conc, "scenes": scenes, "blobs": blobs, "glyphs": glyphs,
              "clusters": clusters, "grammar": grammar, "reverse": reverse, "signals": signals,
              "textures": textures, "ratings": ratings, "checker": checker, "customers": customers}
N_CLASSES = {"scenes": 4, "grammar": GRAMMAR_VOCAB, "reverse": 10, "signals": 4, "textures": 4, "ratings": 5,
             "checker": 2, "customers": 6, "blobs": 2}


def load(fam: Family3, seed: int) -> Data3:
    """Generate the family's data, standardise the inputs on the training rows, and inject its data faults."""
    rng = np.random.default_rng(1000 + seed)
    task = TASK_OF[fam.data]
    n = fam.n_train + fam.n_val
    if fam.data == "textures" and fam.pretrain:  # fine-tuning target: noisier textures than pre-training saw
        x, y = textures(n, rng, noise=0.9)
    else:
        x, y = GENERATORS[fam.data](n, rng)
    xt, yt, xv, yv = x[:fam.n_train], y[:fam.n_train], x[fam.n_train:], y[fam.n_train:]
    if fam.label_noise:  # the fault: a share of the training labels replaced by a random class
        yt = yt.copy()
        flip = rng.random(len(yt)) < fam.label_noise
        yt[flip] = rng.integers(0, N_CLASSES[fam.data], int(flip.sum()))
    if task not in ("lm", "seq2seq", "autoencoder"):  # standardisation fitted on the training rows
        axes = (0,) if xt.ndim == 2 else ((0, 2) if xt.ndim == 3 else (0, 2, 3))
        if task == "contrastive":
            axes = (0, 1)
        mu, sd = xt.mean(axis=axes, keepdims=True), xt.std(axis=axes, keepdims=True) + 1e-6
        xt, xv = (xt - mu) / sd, (xv - mu) / sd
    if fam.val_gain != 1.0 or fam.val_offset:  # the fault: validation from another sensor
        xv = xv * fam.val_gain + fam.val_offset
    if fam.zero_inputs:  # the fault: normalised over an axis of length 1 -> (x - mean) = 0 everywhere
        xt1 = xt[..., None]
        xt = (xt1 - xt1.mean(-1, keepdims=True))[..., 0]
        xv1 = xv[..., None]
        xv = (xv1 - xv1.mean(-1, keepdims=True))[..., 0]
    if fam.leak_label:  # the fault: a column that is the label, one-hot, x3
        c = N_CLASSES[fam.data]
        xt = np.concatenate([xt, 3 * np.eye(c, dtype=np.float32)[yt]], 1)
        xv = np.concatenate([xv, 3 * np.eye(c, dtype=np.float32)[yv]], 1)
    y_mean, y_std = (float(yt.mean()), float(yt.std())) if task == "regression" else (0.0, 1.0)
    return Data3(xt.astype(x.dtype), yt, xv.astype(x.dtype), yv, task, N_CLASSES.get(fam.data, 1), y_mean, y_std)


def pretrain_data(fam: Family3, seed: int) -> Data3:
    """The related task a fine-tuned model was pre-trained on: clean textures, other draws."""
    rng = np.random.default_rng(5000 + seed)
    x, y = textures(1200, rng, noise=0.5)
    mu, sd = x.mean(axis=(0, 2, 3), keepdims=True), x.std(axis=(0, 2, 3), keepdims=True)
    x = (x - mu) / sd
    return Data3(x[:1000], y[:1000], x[1000:], y[1000:], "multiclass", 4)
