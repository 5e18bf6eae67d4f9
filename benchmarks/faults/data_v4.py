"""The data of the fourth-generation families, all generated here (no download): daily sales counts of 20 stores,
an hourly electricity load with daily and weekly seasons, token sequences to tag, imbalanced "fraud" tables,
sets of noisy observations of 128 items, a character text from a small word grammar, 8x8 binary sprites, Gaussian
quantile classes, 1-D signals to denoise and images of 1-4 dots to count; with the data faults injected here (log
instead of log1p, duplicated images across the split, a single validation window, a regime change before
validation)."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from families_v4 import Family4

TASK_OF = {"sales": "regression", "load": "forecast", "tags": "tagging", "fraud": "binary", "protos": "multiclass",
           "chars": "lm", "sprites": "vae", "quant": "distill", "denoise": "denoise", "dots": "multiclass"}
_SYLL = ["ka", "lo", "mi", "ne", "tu", "ra", "so", "vi", "pe", "du", "ga", "fo", "hi", "bu", "ze", "wa", "ce", "jo"]
ALPHABET = sorted(set("".join(_SYLL)) | {" ", "."})
N_CLASSES = {"tags": 6, "protos": 128, "chars": len(ALPHABET), "quant": 5, "dots": 4}
SALES_NUMERIC = 6     # numeric columns of a sales row, then the store id and the weekday
N_STORES = 20
TAG_LEN, TAG_VOCAB = 20, 30
CHAR_LEN = 32
LOAD_IN, LOAD_OUT = 48, 8
SET_SIZE, SET_DIM = 8, 12


@dataclass(frozen=True)
class Data4:
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    task: str
    n_classes: int       # classes / tags / characters; 1 where there are none


def _standardise(tr: np.ndarray, va: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    m, s = tr.mean(0), tr.std(0) + 1e-8
    return ((tr - m) / s).astype(np.float32), ((va - m) / s).astype(np.float32)


def sales(fam: Family4, rng: np.random.Generator) -> Data4:
    """Six numeric columns in their own units (price, discount, temperature, footfall, competitor distance, holiday),
    a store and a weekday; the day's sales are Poisson around a log-linear mean (some days sell 0). Target: log1p."""
    n = fam.n_train + fam.n_val
    store, day = rng.integers(0, N_STORES, n), rng.integers(0, 7, n)
    raw = np.stack([rng.normal(50, 15, n), rng.uniform(0, 0.5, n), rng.normal(15, 8, n), rng.normal(2000, 500, n),
                    rng.lognormal(1, 0.7, n), (rng.random(n) < 0.05).astype(float)], 1)
    z = (raw - raw.mean(0)) / raw.std(0)
    store_eff, day_eff = rng.normal(0, 0.6, N_STORES), np.array([0, 0.1, 0.1, 0.2, 0.4, 0.7, -0.5])
    mu = (1.8 + store_eff[store] + day_eff[day] - 0.5 * z[:, 0] + 1.2 * raw[:, 1] + 0.3 * np.sin(z[:, 2])
          + 0.4 * z[:, 3] - 0.2 * z[:, 4] ** 2 + 0.5 * raw[:, 5])
    count = rng.poisson(np.exp(mu)).astype(float)
    with np.errstate(divide="ignore"):
        y = np.log(count) if fam.log_not_log1p else np.log1p(count)  # the fault: log(0) = -inf
    k = fam.n_train
    zt, zv = _standardise(raw[:k], raw[k:])
    x = np.concatenate([np.concatenate([zt, zv]), store[:, None], day[:, None]], 1).astype(np.float32)
    y = y.astype(np.float32)[:, None]
    return Data4(x[:k], y[:k], x[k:], y[k:], "regression", 1)


def _load_series(rng: np.random.Generator, length: int, shift_from: int | None) -> np.ndarray:
    t = np.arange(length, dtype=float)
    amp = np.ones(length)
    level = np.zeros(length)
    if shift_from is not None:  # the fault: a regime change (bigger daily swing, higher level) before validation
        amp[shift_from:], level[shift_from:] = 2.5, 1.5 * 3.5
    noise = np.zeros(length)
    e = rng.normal(0, 0.4, length)
    for i in range(1, length):  # AR(1) noise
        noise[i] = 0.7 * noise[i - 1] + e[i]
    return 10 + amp * 3 * np.sin(2 * np.pi * t / 24) + 1.5 * np.sin(2 * np.pi * t / 168) + 0.0005 * t + level + noise


def load(fam: Family4, rng: np.random.Generator) -> Data4:
    """Windows of 48 hourly loads -> the next 8; training windows from the first 70 % of the series, validation
    windows from the rest (chronological split), all standardised with the training period's mean and sd."""
    length, cut = 4000, 2800
    s = _load_series(rng, length, cut if fam.val_regime_shift else None)
    m, sd = s[:cut].mean(), s[:cut].std()
    s = (s - m) / sd
    w = LOAD_IN + LOAD_OUT

    def windows(starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        win = np.stack([s[i:i + w] for i in starts]).astype(np.float32)
        return win[:, :LOAD_IN], win[:, LOAD_IN:]

    xt, yt = windows(rng.integers(0, cut - w, fam.n_train))
    if fam.val_one_window:  # the fault: validation is the last 8 hours only
        xv, yv = windows(np.array([length - w]))
    else:
        xv, yv = windows(rng.integers(cut, length - w, fam.n_val))
    return Data4(xt, yt, xv, yv, "forecast", 1)


def tags(fam: Family4, rng: np.random.Generator) -> Data4:
    """Token sequences; each token's tag is a(token) + 2 b(left neighbour) (a in {0, 1}, b in {0, 1, 2}): 6 tags, 3 %
    of them noise."""
    n = fam.n_train + fam.n_val
    tok = rng.integers(0, TAG_VOCAB, (n, TAG_LEN))
    a, b = tok % 2, (tok // 2) % 3
    left = np.concatenate([np.zeros((n, 1), dtype=int), b[:, :-1]], 1)
    tag = a + 2 * left
    flip = rng.random((n, TAG_LEN)) < 0.03
    tag = np.where(flip, rng.integers(0, 6, (n, TAG_LEN)), tag)
    k = fam.n_train
    return Data4(tok[:k], tag[:k], tok[k:], tag[k:], "tagging", 6)


def fraud(fam: Family4, rng: np.random.Generator) -> Data4:
    """20 features, 4 % positives, standardised on the training rows."""
    from sklearn.datasets import make_classification

    n = fam.n_train + fam.n_val
    x, y = make_classification(n_samples=n, n_features=20, n_informative=6, n_redundant=4, weights=[0.96, 0.04],
                               n_clusters_per_class=1, class_sep=1.5, flip_y=0.005, random_state=int(rng.integers(1 << 30)))
    k = fam.n_train
    xt, xv = _standardise(x[:k], x[k:])
    y = y.astype(np.float32)[:, None]
    return Data4(xt, y[:k], xv, y[k:], "binary", 1)


def protos(fam: Family4, rng: np.random.Generator) -> Data4:
    """128 items, each a prototype in 12-D; an example is a set of 8 vectors: 5 noisy observations of the item and
    3 distractors, in random order."""
    proto = rng.normal(0, 1, (128, SET_DIM))

    def sample(n: int) -> tuple[np.ndarray, np.ndarray]:
        y = np.arange(n) % 128
        rng.shuffle(y)
        obs = proto[y][:, None] + rng.normal(0, fam.proto_noise, (n, 5, SET_DIM))
        dis = rng.normal(0, 1.5, (n, 3, SET_DIM))
        s = np.concatenate([obs, dis], 1)
        order = np.argsort(rng.random((n, SET_SIZE)), 1)
        return np.take_along_axis(s, order[..., None], 1).astype(np.float32), y

    xt, yt = sample(fam.n_train)
    xv, yv = sample(fam.n_val)
    return Data4(xt, yt, xv, yv, "multiclass", 128)



def chars(fam: Family4, rng: np.random.Generator) -> Data4:
    """A text of 40 made-up words (2-3 syllables) chained by a sparse word-bigram table, with spaces and full stops;
    windows of 32 characters -> the next character at each position. Train windows from the first 80 % of the
    text, validation windows from the rest."""
    words = ["".join(rng.choice(_SYLL, rng.integers(2, 4))) for _ in range(40)]
    nxt = [rng.choice(40, 3, replace=False) for _ in range(40)]
    out, w = [], 0
    need = (fam.n_train + fam.n_val) * 8 + 2000
    while sum(len(p) + 1 for p in out) < need:
        w = int(rng.choice(nxt[w]))
        out.append(words[w] + ("." if rng.random() < 0.1 else ""))
    text = " ".join(out)
    ids = np.array([ALPHABET.index(c) for c in text])
    cut = int(0.8 * len(ids))

    def windows(lo: int, hi: int, n: int) -> tuple[np.ndarray, np.ndarray]:
        st = rng.integers(lo, hi - CHAR_LEN - 1, n)
        seq = np.stack([ids[i:i + CHAR_LEN + 1] for i in st])
        return seq[:, :-1], seq[:, 1:]

    xt, yt = windows(0, cut, fam.n_train)
    xv, yv = windows(cut, len(ids), fam.n_val)
    return Data4(xt, yt, xv, yv, "lm", N_CLASSES["chars"])


def sprites(fam: Family4, rng: np.random.Generator) -> Data4:
    """8x8 binary images: one of 6 fixed 5x5 shapes at a random offset, 1 % of the pixels flipped."""
    shapes = (rng.random((6, 5, 5)) < 0.5).astype(np.float32)

    def sample(n: int) -> np.ndarray:
        img = np.zeros((n, 8, 8), dtype=np.float32)
        k, dx, dy = rng.integers(0, 6, n), rng.integers(0, 4, n), rng.integers(0, 4, n)
        for i in range(n):
            img[i, dy[i]:dy[i] + 5, dx[i]:dx[i] + 5] = shapes[k[i]]
        flip = rng.random(img.shape) < 0.01
        return np.abs(img - flip).reshape(n, 64).astype(np.float32)

    xt, xv = sample(fam.n_train), sample(fam.n_val)
    return Data4(xt, xt, xv, xv, "vae", 1)


def quant(fam: Family4, rng: np.random.Generator) -> Data4:
    """Gaussian quantile classes in 6-D (5 concentric shells); y holds the label only here: the trainer adds the
    teacher's logits (distillation)."""
    from sklearn.datasets import make_gaussian_quantiles

    n = fam.n_train + fam.n_val
    x, y = make_gaussian_quantiles(n_samples=n, n_features=6, n_classes=5, random_state=int(rng.integers(1 << 30)))
    k = fam.n_train
    return Data4(x[:k].astype(np.float32), y[:k], x[k:].astype(np.float32), y[k:], "distill", 5)


def denoise(fam: Family4, rng: np.random.Generator) -> Data4:
    """1-D signals of 64 samples: a piecewise-constant part (2-4 jumps) plus a sine; input = signal + noise 0.5."""
    def sample(n: int) -> tuple[np.ndarray, np.ndarray]:
        t = np.linspace(0, 1, 64)
        clean = np.zeros((n, 64))
        for i in range(n):
            cuts = np.sort(rng.integers(4, 60, rng.integers(2, 5)))
            levels = rng.normal(0, 1, len(cuts) + 1)
            clean[i] = levels[np.searchsorted(cuts, np.arange(64), side="right")]
        clean += 0.6 * np.sin(2 * np.pi * rng.uniform(1, 4, (n, 1)) * t + rng.uniform(0, 6.3, (n, 1)))
        return (clean + rng.normal(0, 0.5, clean.shape)).astype(np.float32), clean.astype(np.float32)

    xt, yt = sample(fam.n_train)
    xv, yv = sample(fam.n_val)
    return Data4(xt, yt, xv, yv, "denoise", 1)


def _dots(n: int, rng: np.random.Generator, noise: float) -> tuple[np.ndarray, np.ndarray]:
    """(n, 1, 16, 16) images with 1-4 non-overlapping 3x3 dots on a noisy background; label = count - 1."""
    img = rng.normal(0, noise, (n, 16, 16)).astype(np.float32)
    y = rng.integers(0, 4, n)
    for i in range(n):
        taken = np.zeros((16, 16), bool)
        placed = 0
        while placed < y[i] + 1:
            r, c = rng.integers(0, 14, 2)
            if taken[max(r - 1, 0):r + 4, max(c - 1, 0):c + 4].any():
                continue
            taken[r:r + 3, c:c + 3] = True
            img[i, r:r + 3, c:c + 3] += 1.0
            placed += 1
    return img[:, None], y


def dots(fam: Family4, rng: np.random.Generator) -> Data4:
    """Dot counting; with `duplicates`, n/dup distinct images each copied dup times, shuffled, then split (the
    leak)."""
    n = fam.n_train + fam.n_val
    if fam.duplicates:
        x, y = _dots(n // fam.duplicates, rng, 0.3)
        x, y = np.repeat(x, fam.duplicates, 0), np.repeat(y, fam.duplicates, 0)
        order = rng.permutation(len(y))
        x, y = x[order], y[order]
    else:
        x, y = _dots(n, rng, 0.3)
    k = fam.n_train
    return Data4(x[:k], y[:k], x[k:], y[k:], "multiclass", 4)


def pretrain_data(fam: Family4, seed: int) -> Data4:
    """Fine-tuning: clean dots (noise 0.1) from another draw, for the unlogged pre-training of the backbone."""
    rng = np.random.default_rng(10_000 + seed)
    x, y = _dots(1200, rng, 0.1)
    return Data4(x, y, x[:1], y[:1], "multiclass", 4)


_MAKERS: dict[str, Any] = {"sales": sales, "load": load, "tags": tags, "fraud": fraud, "protos": protos,
                           "chars": chars, "sprites": sprites, "quant": quant, "denoise": denoise, "dots": dots}


def load_data(fam: Family4, seed: int) -> Data4:
    """The family's data for this seed (the data faults applied)."""
    d = _MAKERS[fam.data](fam, np.random.default_rng(1000 * seed + 7))
    return replace(d, n_classes=N_CLASSES.get(fam.data, 1))
