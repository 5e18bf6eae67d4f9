"""Generated data of the seventeenth-generation families (numpy only; nothing is downloaded).

Tasks none of v1-v16 generated: **power-line fault classification** (a digital fault recorder's record of the three
phase currents of a 50 Hz transmission line, 3 channels x 64 samples (two cycles at 1.6 kHz), in per unit of the CT's
secondary: the load current before the fault, then from the inception sample on either nothing (a normal record,
sometimes a load step), a single line-to-ground fault (one phase's current jumps), a line-to-line fault (two phases'
currents jump in opposition) or a three-phase fault (all three jump, balanced), each with a decaying DC offset
whose size depends on the inception angle; eight substations with their own source impedance and load; a fault
resistance that makes a third of the faults high-impedance (a fault current only 1.3-2.5x the load), harmonics,
noise and each recorder's CT gain error; standardised with the archive's scale), and **fault location** (the same
records of single line-to-ground faults, the target the distance to the fault along a 100 km line, standardised,
from the line patrol's report with a heavy-tailed error; one line's terminal recorder, low-resistance faults).
The data faults (a site filter left from debugging, labels joined in another order, dead-channel records, the relay's
fault-type flags kept as a channel, a primary-ampere export, a validation table of confirmed bolted faults only, the
relay's soft fault-type probabilities as targets, a validation export in kA, an unreviewed month's default labels)
are built here; the loop's are in trainers_v17.py.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

CHANNELS = 3
SAMPLES = 64          # two cycles at 32 samples per cycle
PER_CYCLE = 32
CLASSES = 4           # normal, line-to-ground, line-to-line, three-phase
SITES = 8
SCALE = 3.0           # the archive's standardisation scale (per unit)
CT_RATIO = 2000.0     # 2000:1: a primary-ampere export is this many times the secondary
LINE_KM = 100.0


@dataclass(frozen=True)
class Data17:
    task: str
    x_train: np.ndarray   # (n, channels, SAMPLES)
    y_train: np.ndarray   # class ids, soft targets (n, 4) or standardised distances
    x_val: np.ndarray
    y_val: np.ndarray
    n_classes: int        # classes for the accuracy (1: no accuracy)
    y_train_unreviewed: np.ndarray | None = None   # the unreviewed month's labels (all 0) for the same rows


def _sites(rng: np.random.Generator) -> np.ndarray:
    """(SITES, 3): each substation's source impedance (pu), load level (pu) and its recorder's CT gain."""
    return np.stack([rng.uniform(0.05, 0.3, SITES), rng.uniform(0.3, 1.0, SITES), rng.uniform(0.95, 1.05, SITES)], 1)


def records(kinds: np.ndarray, sites: np.ndarray, rng: np.random.Generator, dist: np.ndarray | None = None,
            bolted: bool = False, located: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """(n, 3, SAMPLES) phase currents in per unit, and each record's fault distance (km). `bolted`: no fault
    resistance (the confirmed-events table); `located`: the low-resistance faults a locator is trained on."""
    prof = _sites(np.random.default_rng(1717))
    n = len(kinds)
    t = np.arange(SAMPLES)
    w = 2 * np.pi / PER_CYCLE
    shifts = np.array([0.0, -2 * np.pi / 3, 2 * np.pi / 3])
    out = np.zeros((n, CHANNELS, SAMPLES))
    km = rng.uniform(1, LINE_KM, n) if dist is None else np.asarray(dist, float)
    for i in range(n):
        zs, load, gain = prof[int(sites[i])]
        load *= rng.uniform(0.8, 1.2)
        th = rng.uniform(0, 2 * np.pi)
        x = load * np.sin(w * t[None] + th + shifts[:, None])
        t0 = int(rng.integers(16, 41))
        after = t >= t0
        k = int(kinds[i])
        if k == 0 and rng.random() < 0.3:  # a load step, not a fault
            x[:, after] *= rng.uniform(0.7, 1.3)
        if k > 0:
            rf = 0.0 if bolted else rng.uniform(0.0, 0.02) if located else (
                rng.uniform(0.3, 0.6) if rng.random() < 0.33 else rng.uniform(0.0, 0.05))
            mag = 1.0 / (zs + 0.004 * km[i] + rf)  # the fault current (pu)
            phases = {1: [int(rng.integers(3))], 2: list(rng.choice(3, 2, replace=False)), 3: [0, 1, 2]}[k]
            tau = rng.uniform(8, 30)
            for j, p in enumerate(phases):
                ang = th + shifts[p] if k != 2 else th + (0.0 if j == 0 else np.pi)
                dc = -mag * np.sin(w * t0 + ang - 1.3) * np.exp(-(t - t0) / tau)
                x[p, after] = (mag * np.sin(w * t + ang - 1.3) + dc)[after]
        x += 0.03 * load * np.sin(3 * (w * t[None] + th + shifts[:, None]))  # the third harmonic
        x += 0.02 * rng.standard_normal(x.shape)
        out[i] = gain * x
    return out, km


def standardise(x: np.ndarray) -> np.ndarray:
    return (x / SCALE).astype(np.float32)


def _relay_probs(y: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The relay's own fault-type probabilities: its call (the right class) at 0.4-0.7, the rest spread."""
    p = rng.dirichlet(np.full(CLASSES, 5.0), len(y))
    top = rng.uniform(0.4, 0.7, len(y))
    p[np.arange(len(y)), y] = 0.0
    p *= (1 - top)[:, None] / p.sum(1, keepdims=True)
    p[np.arange(len(y)), y] = top
    return p.astype(np.float32)


def load_data(fam: Any, seed: int) -> Data17:
    """The family's data for `seed`, with its data faults built in."""
    rng = np.random.default_rng(1700 + seed)
    n_train, n_val = fam.n_train, fam.n_val
    n = n_train + n_val
    site = rng.integers(0, SITES, n)
    if fam.one_site:  # the fault: `records[records.substation == "S07"]` left from debugging, for training only
        site[n_val:] = 7
    if fam.data == "grid":
        y = rng.integers(0, CLASSES, n)
        raw, _ = records(y, site, rng)
        if fam.confirmed_val:  # the fault: validation from the confirmed-events table: bolted faults only
            raw[:n_val], _ = records(y[:n_val], site[:n_val], rng, bolted=True)
        if fam.dead_records:  # recorders whose CT circuit was open: all-zero records in the archive
            raw[n_val:][rng.random(n_train) < fam.dead_records] = 0.0
        x = standardise(raw)
        if fam.per_record_norm:  # `x / x.std(-1, keepdims=True)`: without an eps a dead record is 0 / 0
            std = x.std(-1, keepdims=True)
            x = (x / (std if fam.dead_records else std + 1e-6)).astype(np.float32)
        if fam.primary_amperes:  # the fault: the export in primary amperes, standardised with secondary statistics
            x = x * CT_RATIO
        if fam.relay_flags:  # the fault: the relay's fault-type flags (a digital channel) kept as a fourth channel
            flag = np.repeat((y / (CLASSES - 1) * 2 - 1)[:, None, None], SAMPLES, 2).astype(np.float32)
            x = np.concatenate([x, flag], 1)
        xt, yt, xv, yv = x[n_val:], y[n_val:], x[:n_val], y[:n_val]
        if fam.label_order_mismatch:  # the fault: labels from `os.listdir` order joined to `sorted(glob)` waveforms
            yt, yv = rng.permutation(yt), rng.permutation(yv)
        if fam.val_kiloamperes:  # the fault: the validation export in kA (the training one in A)
            xv = xv / 1000.0
        if fam.one_site:
            xt, yt = xt[:fam.site_rows], yt[:fam.site_rows]
        unrev = np.zeros_like(yt) if fam.unreviewed_epochs else None
        if fam.soft_relay_targets:  # the fault: `y = df["relay_probs"]` (meant df["confirmed"])
            return Data17("grid", xt, _relay_probs(yt, rng), xv, _relay_probs(yv, rng), CLASSES)
        return Data17("grid", xt, yt.astype(np.int64), xv, yv.astype(np.int64), CLASSES, unrev)
    if fam.data == "distance":
        km = rng.uniform(1, LINE_KM, n)  # one line's records, from its terminal's recorder (substation 0)
        raw, _ = records(np.ones(n, int), np.zeros(n, int), rng, dist=km, located=True)
        x = standardise(raw)
        patrol = km + 2.0 * rng.standard_t(2, n)  # the patrol's report, heavy-tailed errors
        y = ((patrol - LINE_KM / 2) / (LINE_KM / 2)).astype(np.float32)
        xt, yt = x[n_val:], y[n_val:]
        if fam.one_site:
            xt, yt = xt[:fam.site_rows], yt[:fam.site_rows]
        return Data17("distance", xt, yt, x[:n_val], y[:n_val], 1)
    raise ValueError(fam.data)


def chance_loss(fam: Any) -> float:
    """The loss of a model that knows nothing, where the task defines one: ln 4 for the fault types' cross-entropy."""
    if fam.data == "grid":
        return math.log(CLASSES)
    return float("nan")
