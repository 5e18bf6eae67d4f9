"""Generated data of the thirteenth-generation families (numpy only; nothing is downloaded).

Tasks none of v1-v12 generated: **absorbance spectra** (128 channels; which of 5 compounds dominates a sample, each
compound 2-3 Gaussian bands, a minor impurity of another compound, a curved baseline, a calibration shift of up to
+-2 channels, band widths that vary by instrument, detector noise), **hourly bike rentals** (9 standardised features
of the hour, the day and the weather; the count negative-binomial around a mean with two commuter peaks on working
days and an afternoon bump at weekends), and **a PDE surrogate** (viscous Burgers' equation on a periodic grid of 64
points: the initial field, a random smooth Fourier series, mapped to the field at t = 1, solved here pseudo-
spectrally). The data faults (labels read from the fold column, the source file one-hot encoded among the
features, validation spectra from an instrument with a calibration offset) are built here; the loop's are in
trainers_v13.py.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

CHANNELS = 128        # spectrum channels
COMPOUNDS = 5         # classes
BIKE_FEATURES = 9
GRID = 64             # Burgers grid points
NU = 0.05             # Burgers viscosity
# (centre, width, height) of each compound's bands
BANDS = (((22, 3.0, 1.0), (64, 4.0, 0.5), (100, 3.0, 0.35)),
         ((27, 3.0, 1.0), (71, 4.0, 0.6), (95, 3.0, 0.3)),
         ((40, 5.0, 0.8), (64, 4.0, 0.8)),
         ((45, 5.0, 0.8), (88, 3.0, 0.7), (110, 2.5, 0.4)),
         ((32, 6.0, 0.6), (80, 5.0, 1.0)))


@dataclass(frozen=True)
class Data13:
    task: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    n_classes: int        # classes for the accuracy (1: no accuracy)


def _compound(k: int, shift: np.ndarray, wscale: np.ndarray) -> np.ndarray:
    """Each row's spectrum of compound k (unit concentration), bands moved by `shift` and widened by `wscale`."""
    ch = np.arange(CHANNELS)[None, :]
    out = np.zeros((len(shift), CHANNELS))
    for c, w, h in BANDS[k]:
        out += h * np.exp(-0.5 * ((ch - c - shift[:, None]) / (w * wscale[:, None])) ** 2)
    return out


def spectra(n: int, rng: np.random.Generator, offset: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Absorbance spectra (n, 128) and the dominant compound; `offset` adds a calibration offset in channels (an
    instrument whose wavelength axis is shifted)."""
    y = rng.integers(0, COMPOUNDS, n)
    shift = rng.uniform(-6, 6, n) + offset
    wscale = rng.uniform(0.8, 1.25, n)
    x = rng.uniform(0.6, 1.4, n)[:, None] * np.stack([_compound(int(k), shift[i:i + 1], wscale[i:i + 1])[0]
                                                       for i, k in enumerate(y)])
    other = (y + rng.integers(1, COMPOUNDS, n)) % COMPOUNDS  # a minor impurity of another compound
    x += rng.uniform(0, 0.85, n)[:, None] * np.stack([_compound(int(k), shift[i:i + 1], wscale[i:i + 1])[0]
                                                      for i, k in enumerate(other)])
    t = np.linspace(-1, 1, CHANNELS)[None, :]
    x += rng.uniform(0, 0.2, (n, 1)) + rng.normal(0, 0.08, (n, 1)) * t + rng.normal(0, 0.05, (n, 1)) * t ** 2
    x += rng.normal(0, 0.06, x.shape)
    return x.astype(np.float32), y.astype(np.int64)


def transmittance(absorbance: Any) -> Any:
    """T = 10^-A: what an instrument exports when its absorbance conversion is switched off."""
    return 10.0 ** (-absorbance)


def _bump(h: np.ndarray, centre: float, width: float) -> np.ndarray:
    d = np.minimum(np.abs(h - centre), 24 - np.abs(h - centre))
    return np.exp(-0.5 * (d / width) ** 2)


def bikes(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """9 standardised features of an hour and its weather, and the rentals in it (negative binomial, r = 4)."""
    hour = rng.integers(0, 24, n).astype(float)
    work = (rng.random(n) < 5 / 7).astype(float)
    season = rng.integers(0, 4, n).astype(float)
    temp = 14 + 9 * np.sin(np.pi * season / 2 - np.pi / 2) + rng.normal(0, 5, n)
    hum = rng.uniform(0.25, 1.0, n)
    wind = rng.gamma(2.0, 6.0, n)
    rain = (rng.random(n) < 0.12 + 0.2 * (hum > 0.85)).astype(float)
    logmu = (2.2 + work * (1.6 * _bump(hour, 8, 1.2) + 1.8 * _bump(hour, 17.5, 1.6))
             + (1 - work) * 1.3 * _bump(hour, 14, 3.5) + 1.2 * _bump(hour, 13, 5) - 1.5 * _bump(hour, 3, 2.5)
             + 0.05 * temp - 0.004 * np.maximum(temp - 24, 0) ** 2 - 0.9 * rain - 0.6 * (hum - 0.6)
             - 0.015 * wind)
    r = 4.0
    counts = rng.poisson(rng.gamma(r, np.exp(logmu) / r))
    feats = np.stack([np.sin(2 * np.pi * hour / 24), np.cos(2 * np.pi * hour / 24), work,
                      np.sin(np.pi * season / 2), np.cos(np.pi * season / 2), temp, hum, wind, rain], 1)
    feats = (feats - feats.mean(0)) / feats.std(0)
    return feats.astype(np.float32), counts.astype(np.float32)


def burgers(n: int, rng: np.random.Generator, t_end: float = 1.0, dt: float = 2e-3) -> tuple[np.ndarray, np.ndarray]:
    """Initial fields u0 (n, 64) (a random Fourier series, modes 1-4 with amplitude ~1/k) and the solution of
    u_t + u u_x = nu u_xx at t_end (periodic [0, 2 pi), integrating-factor RK4 in Fourier space, 2/3 dealiasing)."""
    xs = np.linspace(0, 2 * np.pi, GRID, endpoint=False)
    k = np.arange(1, 5)[:, None]
    a, b = rng.normal(0, 0.8, (n, 4)), rng.normal(0, 0.8, (n, 4))
    u0 = (a / k.T) @ np.cos(k * xs) + (b / k.T) @ np.sin(k * xs)
    wave = np.fft.rfftfreq(GRID, 1 / GRID)
    keep = wave < GRID / 3
    lin = -NU * wave ** 2

    def nonlinear(v: np.ndarray) -> np.ndarray:
        u = np.fft.irfft(v * keep, GRID)
        return -0.5j * wave * np.fft.rfft(u * u)

    v = np.fft.rfft(u0)
    e_half, e_full = np.exp(lin * dt / 2), np.exp(lin * dt)
    for _ in range(int(round(t_end / dt))):
        k1 = nonlinear(v)
        k2 = nonlinear(e_half * (v + dt / 2 * k1))
        k3 = nonlinear(e_half * v + dt / 2 * k2)
        k4 = nonlinear(e_full * v + dt * e_half * k3)
        v = e_full * v + dt / 6 * (e_full * k1 + 2 * e_half * (k2 + k3) + k4)
    return u0.astype(np.float32), np.fft.irfft(v, GRID).astype(np.float32)


def _split(x: np.ndarray, y: np.ndarray, n_val: int) -> tuple[np.ndarray, ...]:
    return x[n_val:], y[n_val:], x[:n_val], y[:n_val]


def load_data(fam: Any, seed: int) -> Data13:
    """The family's data for `seed`, with its data faults built in."""
    rng = np.random.default_rng(1300 + seed)
    n_train, n_val = fam.n_train, fam.n_val
    n = n_train + n_val
    if fam.data == "spectra":
        x, y = spectra(n, rng)
        if fam.label_fold_column:  # the fault: y = df.iloc[:, -1], the fold column appended last (folds 0-4)
            y = rng.permutation(np.arange(n) % COMPOUNDS).astype(np.int64)
        if fam.file_dummies:  # the fault: pd.get_dummies(df) also one-hot encodes the source file (one per compound)
            x = np.concatenate([x, np.eye(COMPOUNDS, dtype=np.float32)[y]], 1)
        xt, yt, xv, yv = _split(x, y, n_val)
        if fam.val_offset:  # the fault: validation measured on an instrument with a calibration offset
            xv, yv = spectra(n_val, np.random.default_rng(1350 + seed), offset=fam.val_offset)
        return Data13("spectra", xt, yt, xv, yv, COMPOUNDS)
    if fam.data == "bikes":
        return Data13("bikes", *_split(*bikes(n, rng), n_val), 1)
    if fam.data == "burgers":
        return Data13("burgers", *_split(*burgers(n, rng), n_val), 1)
    raise ValueError(fam.data)


def chance_loss(fam: Any) -> float:
    """The loss of a model that knows nothing, where the task defines one: ln 5 for the spectra's cross-entropy."""
    if fam.data == "spectra":
        return math.log(COMPOUNDS)
    return float("nan")
