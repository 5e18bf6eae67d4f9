"""Generated data of the eighth-generation families (numpy only; nothing is downloaded).

Tasks none of v1-v7 generated: bag-of-words documents of 4 topics with variable length (for a fastText-style
EmbeddingBag classifier), frames of acoustic-like features emitted by phone sequences (for CTC), click logs over 4
categorical fields with pairwise interactions (for a factorisation machine), the pixels of one 2-D image as
coordinates -> intensity (an implicit neural representation: the held-out pixels are validation), heteroscedastic
regression whose noise grows along one feature (Gaussian NLL with a predicted variance), 12x12 images with ellipses to
segment (Dice + BCE), and a 3-arm spiral hidden in 10 dimensions. The data faults (documents hashed into 2 buckets,
every token looked up as <unk>, the category tag left in the text, validation documents from a case-sensitive
tokeniser, a shard with inverted masks) are built here or in the loop.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

WORDS = 300          # word ids 2 .. 301; 0 is padding, 1 is <unk>
PAD, UNK = 0, 1
TAG0 = 2 + WORDS     # the category tag tokens (the leak): TAG0 + class
CASED0 = TAG0 + 8    # ids of the case-variant words a case-sensitive tokeniser produces (never seen in training)
VOCAB_SIZE = CASED0 + WORDS + 2
DOC_LEN = 40
PHONES = 5           # CTC symbols 1..5, 0 is the blank
FRAMES = 32
FEAT = 8
MAX_LABEL = 6
FIELDS, VALUES = 4, 30
IMG = 40
SEG = 12


@dataclass(frozen=True)
class Data8:
    task: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    n_classes: int        # classes for the accuracy (1: no accuracy; 2 for clicks and pixel accuracy of masks)


def _docs(n: int, rng: np.random.Generator, cfg: Any) -> tuple[np.ndarray, np.ndarray]:
    """4 topics; each document mixes topic words (30 %) with background words; lengths 12..DOC_LEN, 0-padded."""
    trng = np.random.default_rng(21)
    topic_words = [trng.choice(WORDS, 40, replace=False) for _ in range(4)]
    y = rng.integers(0, 4, n)
    x = np.zeros((n, DOC_LEN), dtype=np.int64)
    for i in range(n):
        length = int(rng.integers(12, DOC_LEN + 1))
        own = rng.random(length) < 0.3
        words = np.where(own, rng.choice(topic_words[y[i]], length), rng.integers(0, WORDS, length))
        x[i, :length] = words + 2
    return x, y.astype(np.int64)


def _phones(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Each phone emits 2-4 frames near its prototype, with 0-2 silence frames between; y = [length, labels..., 0s]."""
    proto = np.random.default_rng(22).normal(0, 1, (PHONES + 1, FEAT))  # row 0: silence
    x = np.zeros((n, FRAMES, FEAT), dtype=np.float32)
    y = np.zeros((n, MAX_LABEL + 1), dtype=np.int64)
    for i in range(n):
        length = int(rng.integers(3, MAX_LABEL + 1))
        labels = rng.integers(1, PHONES + 1, length)
        frames = [0] * int(rng.integers(0, 3))
        for s in labels:
            frames += [int(s)] * int(rng.integers(2, 5)) + [0] * int(rng.integers(0, 3))
        frames = (frames + [0] * FRAMES)[:FRAMES]
        x[i] = proto[frames] + rng.normal(0, 0.7, (FRAMES, FEAT))
        y[i, 0], y[i, 1:length + 1] = length, labels
    return x, y


def _clicks(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """4 categorical fields of 30 values; the click log-odds are per-value biases plus rank-3 pairwise interactions."""
    prng = np.random.default_rng(23)
    bias = prng.normal(0, 0.5, (FIELDS, VALUES))
    fac = prng.normal(0, 1.0, (FIELDS, VALUES, 3))
    x = rng.integers(0, VALUES, (n, FIELDS))
    v = fac[np.arange(FIELDS), x]                                   # (n, F, 3)
    inter = 0.5 * ((v.sum(1) ** 2).sum(-1) - (v ** 2).sum((1, 2)))
    logit = bias[np.arange(FIELDS), x].sum(1) + inter
    logit = logit - np.median(logit)
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(np.float32)
    return (x + VALUES * np.arange(FIELDS)).astype(np.int64), y


def _image() -> tuple[np.ndarray, np.ndarray]:
    """One 40x40 image (stripes, rings and bumps) as (u, v) in [-1, 1] -> intensity."""
    u, v = np.meshgrid(np.linspace(-1, 1, IMG), np.linspace(-1, 1, IMG))
    img = (0.5 * np.sin(5 * u + 2 * v) + 0.4 * np.cos(7 * np.hypot(u - 0.2, v + 0.1))
           + np.exp(-((u + 0.5) ** 2 + (v - 0.4) ** 2) / 0.05) - 0.8 * np.exp(-((u - 0.5) ** 2 + v ** 2) / 0.03))
    return np.stack([u.ravel(), v.ravel()], 1).astype(np.float32), img.ravel().astype(np.float32)


def _masks(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """12x12 images with one or two bright ellipses on noise plus a dim distractor blob; the mask is the ellipses."""
    yy, xx = np.mgrid[0:SEG, 0:SEG].astype(np.float32)
    x = np.zeros((n, 1, SEG, SEG), dtype=np.float32)
    m = np.zeros((n, 1, SEG, SEG), dtype=np.float32)
    for i in range(n):
        for _ in range(int(rng.integers(1, 3))):
            cy, cx = rng.uniform(2, SEG - 2, 2)
            ry, rx = rng.uniform(1.2, 3.2, 2)
            m[i, 0] = np.maximum(m[i, 0], (((yy - cy) / ry) ** 2 + ((xx - cx) / rx) ** 2 <= 1).astype(np.float32))
        dy, dx = rng.uniform(0, SEG, 2)
        blob = 0.5 * np.exp(-((yy - dy) ** 2 + (xx - dx) ** 2) / 3.0)
        x[i, 0] = m[i, 0] + blob + rng.normal(0, 0.45, (SEG, SEG))
    return x, m


def _spiral(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """A 3-arm spiral in 2-D with noise, rotated into 10 dimensions (8 of them noise)."""
    y = rng.integers(0, 3, n)
    t = rng.uniform(0.15, 1.0, n)
    ang = 3.5 * t + 2 * math.pi * y / 3 + rng.normal(0, 0.18, n)
    pts = np.stack([t * np.cos(ang), t * np.sin(ang)], 1) * 2.0
    full = np.concatenate([pts, rng.normal(0, 0.5, (n, 8))], 1)
    rot = np.linalg.qr(np.random.default_rng(24).normal(0, 1, (10, 10)))[0]
    return (full @ rot).astype(np.float32), y.astype(np.int64)


def load_data(fam: Any, seed: int) -> Data8:
    """The family's data for this seed (the data faults included)."""
    rng = np.random.default_rng(seed + 1000 * (sum(map(ord, fam.data)) % 89 + 3))  # fixed per task, not hash()
    task, n_tr, n_va = fam.data, fam.n_train, fam.n_val
    n = n_tr + n_va
    if task == "docs":
        x, y = _docs(n, rng, fam)
        if fam.hash_buckets:  # the fault: the hashing trick with 2 buckets (meant 2**18): ids collapse to 2
            x = np.where(x >= 2, 2 + x % fam.hash_buckets, x)
        if fam.unk_lookup:  # the fault: vocabulary looked up with the wrong key type: every token is <unk>
            x = np.where(x >= 2, UNK, x)
        if fam.tag_leak:  # the fault: the category tag left as the document's first token
            x = np.concatenate([TAG0 + y[:, None], x[:, :-1]], 1)
        xv = x[n_tr:].copy()
        if fam.cased_val:  # the fault: validation text from a case-sensitive tokeniser: 60 % of words map to new ids
            hit = (xv >= 2) & (xv < TAG0) & (rng.random(xv.shape) < 0.6)
            xv[hit] = xv[hit] - 2 + CASED0
        return Data8(task, x[:n_tr], y[:n_tr], xv, y[n_tr:], 4)
    if task == "phones":
        x, y = _phones(n, rng)
        return Data8(task, x[:n_tr], y[:n_tr], x[n_tr:], y[n_tr:], 1)
    if task == "clicks":
        x, y = _clicks(n, rng)
        return Data8(task, x[:n_tr], y[:n_tr], x[n_tr:], y[n_tr:], 2)
    if task == "image":
        x, y = _image()
        idx = rng.permutation(len(y))
        tr, va = idx[:n_tr], idx[n_tr:n_tr + n_va]
        return Data8(task, x[tr], y[tr], x[va], y[va], 1)
    if task == "hetero":
        w = np.random.default_rng(25).normal(0, 1, 6)
        x = rng.normal(0, 1, (n, 6))
        sd = 0.1 + 0.6 / (1 + np.exp(-2 * x[:, 0]))
        y = np.tanh(x @ w / 2) * 2 + 0.5 * x[:, 1] * x[:, 2] + sd * rng.normal(0, 1, n)
        return Data8(task, x[:n_tr].astype(np.float32), y[:n_tr].astype(np.float32),
                     x[n_tr:].astype(np.float32), y[n_tr:].astype(np.float32), 1)
    if task == "masks":
        x, m = _masks(n, rng)
        return Data8(task, x[:n_tr], m[:n_tr], x[n_tr:], m[n_tr:], 2)
    if task == "spiral":
        x, y = _spiral(n, rng)
        return Data8(task, x[:n_tr], y[:n_tr], x[n_tr:], y[n_tr:], 3)
    raise ValueError(f"unknown task {task!r}")


def chance_loss(fam: Any) -> float:
    """The loss of a model that knows nothing, where the task defines one: ln C for cross-entropy (with any label
    smoothing: uniform predictions cost ln C against a smoothed target too), ln 2 for the clicks' BCE."""
    if fam.data == "docs":
        return math.log(4)
    if fam.data == "spiral":
        return math.log(3)
    if fam.data == "clicks":
        return math.log(2)
    return float("nan")
