"""A seeded generator of training curves for the consistency property tests (hypothesis is not installed here):
every family a run can take (learning, over-fitting, plateaus, chance level, blow-ups into NaN, rebounds,
oscillation, leakage, double-softmax floors, short excerpts), at random lengths, scales, noise and axes."""
from __future__ import annotations

import math

import numpy as np

from lossdoctor.model import Axis, Kind, Run, Series, Split

FAMILIES = ("learn", "overfit", "plateau", "chance", "nan_end", "nan_mid", "diverge", "rebound", "oscillate",
            "leak", "double_softmax", "flat", "creep", "val_below", "both_rise")


def _train(fam: str, t: np.ndarray, rng: np.random.Generator, ln_c: float) -> np.ndarray:
    n = t.size
    tau = rng.uniform(0.05, 0.5) * n
    start = ln_c * rng.uniform(0.9, 1.3)
    floor = rng.uniform(0.0, 0.4) * start
    decay = floor + (start - floor) * np.exp(-t / tau)
    if fam in ("learn", "overfit", "leak", "val_below", "nan_mid"):
        return decay
    if fam == "plateau":
        cut = int(rng.integers(1, max(2, n // 2)))
        y = decay.copy()
        y[cut:] = y[cut]
        return y
    if fam in ("chance", "flat"):
        return np.full(n, ln_c if fam == "chance" else start)
    if fam == "nan_end":
        y = decay * (1 + np.where(t > 0.6 * n, (t - 0.6 * n) * rng.uniform(0.05, 0.5), 0))
        y[int(0.8 * n):] = np.nan if rng.random() < 0.7 else np.inf
        return y
    if fam == "diverge":
        return start * np.exp(t / tau * rng.uniform(0.2, 1.0))
    if fam == "rebound":
        return decay + rng.uniform(0.1, 0.6) * start * np.clip((t - 0.5 * n) / n, 0, None)
    if fam == "oscillate":
        return decay + rng.uniform(0.05, 0.4) * start * np.sign(np.sin(t * rng.uniform(1.0, 3.0)))
    if fam == "double_softmax":
        c = round(math.exp(ln_c))
        fl = math.log(1 + (c - 1) / math.e)
        return fl + (ln_c - fl) * np.exp(-t / tau) + 0.01
    if fam == "creep":
        return start * (1 - rng.uniform(0.001, 0.08) * t / n)
    if fam == "both_rise":
        return start * (1 + rng.uniform(0.05, 0.5) * t / n)
    raise ValueError(fam)


def _val(fam: str, train: np.ndarray, t: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    n = t.size
    base = train * rng.uniform(1.0, 1.3) + rng.uniform(0, 0.1) * np.nanmax(np.abs(train[np.isfinite(train)]))
    if fam == "overfit":
        turn = rng.uniform(0.2, 0.7) * n
        return base + rng.uniform(0.01, 0.1) * np.nanmax(train) * np.clip(t - turn, 0, None) / max(1.0, n - turn)
    if fam == "leak":
        return train * rng.uniform(0.98, 1.0)
    if fam == "val_below":
        return train * rng.uniform(0.6, 0.9)
    if fam == "nan_mid":
        v = base.copy()
        v[int(rng.integers(1, n))] = np.nan
        return v
    if fam == "both_rise":
        return train * rng.uniform(1.05, 1.3)
    return base


def _acc(fam: str, loss: np.ndarray, rng: np.random.Generator, c: int, ln_c: float) -> np.ndarray:
    if fam == "chance":
        return np.full(loss.size, 1.0 / c) + rng.normal(0, 0.005, loss.size)
    if fam == "double_softmax":
        return np.clip(0.99 - 0.8 * (loss - loss[-1]) / max(loss[0] - loss[-1], 1e-9), 0, 1)
    with np.errstate(invalid="ignore"):
        a = 1 - (1 - 1.0 / c) * np.clip(loss / ln_c, 0, 1)
    return np.clip(a + rng.normal(0, 0.01, loss.size), 0, 1)


def make_run(seed: int) -> Run:
    """One generated run; the same seed always gives the same run."""
    rng = np.random.default_rng(seed)
    fam = FAMILIES[int(rng.integers(len(FAMILIES)))]
    n = int(rng.choice([3, 4, 5, 6, 8, 10, 15, 20, 30, 50, 80, 150]))
    c = int(rng.choice([2, 10, 100, 1000]))
    ln_c = math.log(c)
    step_axis = rng.random() < 0.3
    t = np.arange(n, dtype=np.float64)
    steps = t * (int(rng.choice([10, 50, 500])) if step_axis else 1) + (0 if rng.random() < 0.5 else 1)
    scale = 10.0 ** rng.uniform(-3, 3) if fam not in ("chance", "double_softmax") and rng.random() < 0.3 else 1.0
    noise = rng.uniform(0, 0.05) if rng.random() < 0.6 else 0.0
    train = _train(fam, t, rng, ln_c)
    with np.errstate(invalid="ignore", over="ignore"):
        train = train * (1 + rng.normal(0, noise, n)) * scale
    axis = Axis.STEP if step_axis else Axis.EPOCH

    def ser(key: str, split: Split, kind: Kind, v: np.ndarray) -> Series:
        return Series(key, split, kind, axis, steps.copy(), np.asarray(v, dtype=np.float64))

    series = [ser("loss", Split.TRAIN, Kind.LOSS, train)]
    if rng.random() < 0.8:
        val = _val(fam, train, t, rng)
        with np.errstate(invalid="ignore", over="ignore"):
            val = val * (1 + rng.normal(0, noise, n))
        series.append(ser("val_loss", Split.VAL, Kind.LOSS, val))
        if rng.random() < 0.6 and scale == 1.0:
            series.append(ser("accuracy", Split.TRAIN, Kind.ACCURACY, _acc(fam, train, rng, c, ln_c)))
            series.append(ser("val_accuracy", Split.VAL, Kind.ACCURACY, _acc(fam, val, rng, c, ln_c)))
    return Run(f"gen-{seed}-{fam}", tuple(series), source=f"gen/{seed}.csv", format="keras_csv")
