"""Generated data of the fourteenth-generation families (numpy only; nothing is downloaded).

Tasks none of v1-v13 generated: **bearing vibration** (256-sample accelerometer windows; which of 4 conditions a
rolling bearing is in: healthy, outer-race, inner-race or ball defect; each defect an impulse train at its own
characteristic period (outer 21, inner 14, ball 30 samples at the nominal shaft speed, the inner race's amplitude
modulated by the shaft turn, the ball's by the cage), every impulse ringing a structural resonance, shaft speed
+-10 %, shaft harmonics and sensor noise), and **battery cycle life** (the first 40 cycles of a lithium-ion cell: its
discharge-capacity drift and temperature rise, 2 channels; the target the standardised log10 of the cycle at which
it reaches 80 % of its capacity, 300-2000 cycles). The data faults (labels sorted in place, short windows, a label
code kept as a channel, validation from the other sensor, cells that died in formation logged at life 0) are built
here; the loop's are in trainers_v14.py.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

WINDOW = 256          # vibration samples per window
CONDITIONS = 4        # healthy, outer race, inner race, ball
CYCLES = 40           # battery cycles observed
PERIOD = (0.0, 21.0, 14.0, 30.0)   # impulse period in samples at the nominal speed (healthy: none)
SHAFT = 64.0          # samples per shaft turn
LOG_LIFE = (2.5, 3.3)  # log10 cycle life range


@dataclass(frozen=True)
class Data14:
    task: str
    x_train: np.ndarray   # (n, channels, length)
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    n_classes: int        # classes for the accuracy (1: no accuracy)


def vibration(n: int, rng: np.random.Generator, window: int = WINDOW, resonance: float = 0.3,
              gain: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Vibration windows (n, 1, window) and the condition; `resonance` (cycles per sample) and `gain` are the
    sensor's: the drive-end sensor rings at 0.3, the fan-end one lower and weaker."""
    y = rng.integers(0, CONDITIONS, n)
    t = np.arange(window, dtype=float)
    speed = rng.uniform(0.9, 1.1, n)
    x = np.zeros((n, window))
    ring = np.exp(-0.12 * t[:24]) * np.sin(2 * np.pi * resonance * t[:24])
    for i in range(n):
        x[i] = 0.3 * np.sin(2 * np.pi * speed[i] * t / SHAFT + rng.uniform(0, 2 * np.pi))
        x[i] += 0.1 * np.sin(4 * np.pi * speed[i] * t / SHAFT + rng.uniform(0, 2 * np.pi))
        k = int(y[i])
        if k:
            period = PERIOD[k] / speed[i]
            start = rng.uniform(0, period)
            mod_p = SHAFT / speed[i] * (1.0 if k == 2 else 2.4)
            phase = rng.uniform(0, 2 * np.pi)
            imp = np.zeros(window)
            for c in np.arange(start, window, period):
                amp = rng.uniform(0.8, 1.2)
                if k in (2, 3):  # inner race: the load zone turns with the shaft; ball: with the cage
                    amp *= 0.6 + 0.4 * math.cos(2 * np.pi * c / mod_p + phase)
                imp[int(c)] += amp * rng.uniform(0.8, 1.4)
            x[i] += gain * np.convolve(imp, ring)[:window]
    x += rng.normal(0, 0.25, x.shape)
    x = (x - x.mean(1, keepdims=True)) / x.std(1, keepdims=True)
    return x[:, None, :].astype(np.float32), y.astype(np.int64)


def battery(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(x (n, 2, 40), standardised log10 life, log10 life): the capacity drift (Ah x 1000 from cycle 2) and the
    temperature rise of the first 40 cycles; faster-ageing cells lose capacity faster and run warmer, with
    cell-to-cell noise."""
    log_life = rng.uniform(*LOG_LIFE, n)
    life = 10 ** log_life
    c = np.arange(CYCLES, dtype=float)[None, :]
    curv = rng.uniform(0.5, 1.5, n)[:, None]
    fade = -0.2 * 1000 * (c / life[:, None]) * (1 + curv * c / life[:, None] * 20)
    fade += rng.normal(0, 0.6, (n, CYCLES)) + rng.normal(0, 1.0, (n, 1)) * 0.3
    temp = 2.0 * (1000 / life[:, None]) ** 0.5 * (1 + 0.01 * c) + rng.normal(0, 0.15, (n, CYCLES))
    x = np.stack([fade / 10.0, temp], 1).astype(np.float32)
    mid, half = sum(LOG_LIFE) / 2, (LOG_LIFE[1] - LOG_LIFE[0]) / 2
    return x, ((log_life - mid) / half).astype(np.float32), log_life


def _split(x: np.ndarray, y: np.ndarray, n_val: int) -> tuple[np.ndarray, ...]:
    return x[n_val:], y[n_val:], x[:n_val], y[:n_val]


def load_data(fam: Any, seed: int) -> Data14:
    """The family's data for `seed`, with its data faults built in."""
    rng = np.random.default_rng(1400 + seed)
    n_train, n_val = fam.n_train, fam.n_val
    n = n_train + n_val
    if fam.data == "bearing":
        x, y = vibration(n, rng, window=fam.window)
        if fam.code_channel:  # the fault: the file's condition code (N/OR/IR/B -> 0..3) stacked as a channel
            x = np.concatenate([x, np.broadcast_to((y / 3.0)[:, None, None], x.shape).astype(np.float32)], 1)
        xt, yt, xv, yv = _split(x, y, n_val)
        if fam.labels_sorted:  # the fault: y_train.sort() (in place) to print the class balance
            yt = np.sort(yt)
        if fam.val_other_sensor:  # the fault: validation recorded by the fan-end sensor
            xv, yv = vibration(n_val, np.random.default_rng(1450 + seed), window=fam.window, resonance=0.12,
                               gain=0.5)
        return Data14("bearing", xt, yt, xv, yv, CONDITIONS)
    if fam.data == "battery":
        x, y, log_life = battery(n, rng)
        if fam.dead_cells:  # the fault: cells that died in formation logged with life 0; log10(0) = -inf
            dead = rng.random(n) < 0.02
            with np.errstate(divide="ignore"):
                y = np.where(dead, np.log10(0.0), y).astype(np.float32)
        return Data14("battery", *_split(x, y, n_val), 1)
    raise ValueError(fam.data)


def chance_loss(fam: Any) -> float:
    """The loss of a model that knows nothing, where the task defines one: ln 4 for the bearing's cross-entropy."""
    if fam.data == "bearing":
        return math.log(CONDITIONS)
    return float("nan")
