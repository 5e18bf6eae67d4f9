"""Generated data of the fifteenth-generation families (numpy only; nothing is downloaded).

Tasks none of v1-v14 generated: **galaxy morphology** (20x20 cutouts in three bands g, r, i of one galaxy: an
elliptical (a de Vaucouleurs-like profile, red), a face-on spiral (an exponential disc with two logarithmic arms, blue
arms), an edge-on disc (axis ratio 0.12-0.25 with a small bulge) or a merger (two discs 3-6 pixels apart with a tidal
tail); random position angle, size, flux and colour jitter, a Gaussian PSF, sky noise, an asinh stretch), and
**photometric redshift** (the same cutouts of galaxies of every type at redshift 0.05-1.0: farther galaxies are
smaller, fainter and redder, with intrinsic scatter in size, luminosity and colour; the target the standardised
redshift). The data faults (a debug row limit, labels joined from a catalogue in another order, a mask channel that
holds the class, the asinh stretch applied to the training images only) are built here; the loop's are in
trainers_v15.py.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

SIZE = 20             # cutout side in pixels
BANDS = 3             # g, r, i
CLASSES = 4           # elliptical, spiral, edge-on, merger
Z_RANGE = (0.05, 1.0)
_COLOUR = ((0.55, 1.0, 1.35), (1.0, 1.0, 0.95), (0.8, 1.0, 1.15), (0.9, 1.0, 1.05))  # g, r, i per type


@dataclass(frozen=True)
class Data15:
    task: str
    x_train: np.ndarray   # (n, channels, SIZE, SIZE)
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    n_classes: int        # classes for the accuracy (1: no accuracy)


def _grid() -> tuple[np.ndarray, np.ndarray]:
    c = np.arange(SIZE, dtype=float) - (SIZE - 1) / 2
    return np.meshgrid(c, c, indexing="ij")


def _blur(img: np.ndarray, sigma: float) -> np.ndarray:
    """A Gaussian PSF, separable, on (bands, H, W)."""
    k = np.arange(-3, 4, dtype=float)
    w = np.exp(-0.5 * (k / sigma) ** 2)
    w /= w.sum()
    pad = np.pad(img, ((0, 0), (3, 3), (3, 3)), mode="constant")
    rows = sum(w[i] * pad[:, i:i + SIZE, :] for i in range(7))
    return sum(w[i] * rows[:, :, i:i + SIZE] for i in range(7))


def _profile(kind: int, rng: np.random.Generator, scale: float) -> tuple[np.ndarray, np.ndarray]:
    """(smooth light, arm light) of one galaxy of `kind` at angular `scale`, before colour and PSF."""
    gx, gy = _grid()
    x0, y0 = rng.uniform(-1, 1, 2)
    th = rng.uniform(0, np.pi)
    u = (gx - x0) * math.cos(th) + (gy - y0) * math.sin(th)
    v = -(gx - x0) * math.sin(th) + (gy - y0) * math.cos(th)
    arms = np.zeros_like(gx)
    if kind == 0:  # elliptical: a concentrated Sersic profile (n = 2)
        q = rng.uniform(0.6, 1.0)
        r = np.sqrt(u ** 2 + (v / q) ** 2) / (2.2 * scale)
        light = np.exp(-3.67 * r ** 0.5)
    elif kind == 1:  # face-on spiral: exponential disc + two logarithmic arms
        q = rng.uniform(0.7, 1.0)
        r = np.sqrt(u ** 2 + (v / q) ** 2)
        h = 2.2 * scale
        light = np.exp(-r / h)
        phi = np.arctan2(v, u)
        pitch = rng.uniform(0.25, 0.45)
        arms = light * 0.9 * np.maximum(np.cos(2 * (phi - np.log(r + 0.5) / math.tan(pitch))), 0) ** 2 * (r > 1.2)
    elif kind == 2:  # edge-on disc with a small bulge
        q = rng.uniform(0.12, 0.25)
        h = 2.8 * scale
        light = np.exp(-np.abs(u) / h - np.abs(v) / (q * h)) + 0.5 * np.exp(-(u ** 2 + v ** 2) / (2 * (0.8 * scale) ** 2))
        light /= light.max()
    else:  # merger: two discs 3-6 px apart and a tidal tail
        sep = rng.uniform(3.0, 6.0) * min(scale, 1.3)
        ratio = rng.uniform(0.4, 1.0)
        h = 1.3 * scale
        light = np.exp(-np.sqrt((u - sep / 2) ** 2 + v ** 2) / h) + ratio * np.exp(-np.sqrt((u + sep / 2) ** 2 + v ** 2) / h)
        tail = 0.35 * np.exp(-((v - 0.25 * (u - sep / 2) ** 2 / max(sep, 1)) ** 2) / 1.0) * (u > sep / 2) * np.exp(-np.abs(u) / (3 * h))
        light = light + tail
        light /= light.max()
    return light, arms


def cutouts(kinds: np.ndarray, rng: np.random.Generator, z: np.ndarray | None = None,
            stretch: bool = True) -> np.ndarray:
    """(n, 3, SIZE, SIZE) cutouts of galaxies of `kinds` (at redshifts `z`, or nearby when None), asinh-stretched
    (or in linear flux when `stretch` is False: the survey's raw images)."""
    n = len(kinds)
    out = np.zeros((n, BANDS, SIZE, SIZE))
    for i in range(n):
        k = int(kinds[i])
        if z is None:
            scale, flux, red = rng.uniform(0.7, 1.3), rng.uniform(0.6, 1.6), 0.0
        else:  # farther: smaller, fainter, redder (with intrinsic scatter)
            scale = 0.35 / (z[i] + 0.2) * rng.uniform(0.8, 1.25)
            flux = 0.12 / (z[i] + 0.1) ** 1.5 * rng.uniform(0.7, 1.4)
            red = 1.2 * z[i]
        light, arms = _profile(k, rng, scale)
        col = np.asarray(_COLOUR[k]) * rng.uniform(0.85, 1.15, 3)
        col = col * np.array([1.0 / (1 + red), 1.0, 1.0 + 0.8 * red])
        img = flux * (col[:, None, None] * light[None] + np.array([1.3, 1.0, 0.7])[:, None, None] * arms[None])
        out[i] = _blur(img, rng.uniform(0.7, 1.1))
    out += rng.normal(0, 0.04, out.shape)
    if stretch:
        out = np.arcsinh(out / 0.1)
    return out.astype(np.float32)


def _standardise(xt: np.ndarray, xv: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-band mean and std of the training images applied to both splits."""
    mu = xt.mean((0, 2, 3), keepdims=True)
    sd = xt.std((0, 2, 3), keepdims=True)
    return ((xt - mu) / sd).astype(np.float32), ((xv - mu) / sd).astype(np.float32)


def load_data(fam: Any, seed: int) -> Data15:
    """The family's data for `seed`, with its data faults built in."""
    rng = np.random.default_rng(1500 + seed)
    n_train, n_val = fam.n_train, fam.n_val
    n = n_train + n_val
    if fam.data == "galaxy":
        y = rng.integers(0, CLASSES, n)
        x = cutouts(y, rng)
        if fam.stretch_train_only:  # the fault: the validation Dataset built with stretch=False (linear flux)
            lin = cutouts(y[:n_val], np.random.default_rng(1550 + seed), stretch=False)
            x[:n_val] = lin
        xt, yt, xv, yv = x[n_val:], y[n_val:], x[:n_val], y[:n_val]
        xt, xv = _standardise(xt, xv)
        if fam.mask_class_channel:  # the fault: the detection mask written with the class index as its value
            def mask(xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
                m = (xs[:, 1] > 0.5).astype(np.float32) * ((ys + 1) / CLASSES)[:, None, None]
                return np.concatenate([xs, m[:, None]], 1).astype(np.float32)
            xt, xv = mask(xt, yt), mask(xv, yv)
        if fam.catalogue_join:  # the fault: labels from a catalogue sorted by RA, joined by row to images by id
            ra = rng.uniform(0, 360, len(yt))
            yt = yt[np.argsort(ra)]
        if fam.debug_rows:  # the fault: `train = train[:cfg.debug_rows]` left in from debugging
            xt, yt = xt[:fam.debug_rows], yt[:fam.debug_rows]
        return Data15("galaxy", xt, yt.astype(np.int64), xv, yv.astype(np.int64), CLASSES)
    if fam.data == "redshift":
        z = rng.uniform(*Z_RANGE, n)
        kinds = rng.integers(0, CLASSES, n)
        x = cutouts(kinds, rng, z=z)
        mid, half = sum(Z_RANGE) / 2, (Z_RANGE[1] - Z_RANGE[0]) / 2
        y = ((z - mid) / half).astype(np.float32)
        xt, xv = _standardise(x[n_val:], x[:n_val])
        return Data15("redshift", xt, y[n_val:], xv, y[:n_val], 1)
    raise ValueError(fam.data)


def chance_loss(fam: Any) -> float:
    """The loss of a model that knows nothing, where the task defines one: ln 4 for the galaxies' cross-entropy."""
    if fam.data == "galaxy":
        return math.log(CLASSES)
    return float("nan")
