"""Generated data of the sixteenth-generation families (numpy only; nothing is downloaded).

Tasks none of v1-v15 generated: **radar micro-Doppler activity recognition** (a 24 GHz continuous-wave radar's
spectrogram of one person, 32 Doppler bins (-6 .. 6 m/s) x 32 frames (2 s), in dB: walking (the torso's line at
0.5-2 m/s, legs and arms swinging around it at the gait rate), running (1.6-3.5 m/s, faster and wider swings), waving
while standing (no torso motion, the arms at 1.2-2 Hz) or falling (the torso's speed ramping up to 1.5-3.5 m/s and
back to 0 within 0.3-0.6 s); twelve subjects, each with their own height (the swings' size) and cadence; approaching
or receding (the sign of the Doppler), a noise floor, two-look speckle, the dB conversion and a standardisation with
the survey's dB statistics), and **walking speed** (the same spectrograms of people walking or running at 0.5-4 m/s,
the target their GPS speed, standardised, whose errors are Student-t (3 degrees of freedom) heavy-tailed).
The data faults (a glob that matched one subject's folder, the calibration tone's channel read as the signal,
activity clips trimmed to their annotated length, the dB conversion skipped, the validation export without its
fftshift, a 77 GHz campaign's recordings) are built here; the loop's are in trainers_v16.py.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

BINS = 32             # Doppler bins over -V_MAX .. V_MAX
FRAMES = 32           # frames over 2 s
V_MAX = 6.0           # m/s
CLASSES = 4           # walk, run, wave, fall
SUBJECTS = 12
DB_MEAN, DB_STD = 44.0, 6.0
FLOOR = 1e4           # the receiver's noise floor in ADC units squared (40 dB)   # the survey's dB statistics used to standardise
SPEED_RANGE = (0.5, 4.0)
GHZ77 = 77.0 / 24.0   # a 77 GHz radar's Doppler per m/s relative to the 24 GHz one
_DURATION = (32, 26, 20, 14)   # frames of each activity's annotated segment (the leak fault trims to these)


@dataclass(frozen=True)
class Data16:
    task: str
    x_train: np.ndarray   # (n, 1, BINS, FRAMES)
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    n_classes: int        # classes for the accuracy (1: no accuracy)
    x_train_77: np.ndarray | None = None   # the same training rows as a 77 GHz radar records them (spikes fault)


def _subjects(rng: np.random.Generator) -> np.ndarray:
    """(SUBJECTS, 2): each subject's swing size (height) and cadence factors."""
    return np.stack([rng.uniform(0.8, 1.2, SUBJECTS), rng.uniform(0.88, 1.12, SUBJECTS)], 1)


def _tracks(kind: int, rng: np.random.Generator, subj: np.ndarray, speed: float | None) -> list[tuple[np.ndarray, float]]:
    """The body parts' radial velocities over the frames (m/s) and their reflectivities (dB above the floor)."""
    t = np.arange(FRAMES) * (2.0 / FRAMES)
    size, cad = subj
    ph = rng.uniform(0, 2 * np.pi)
    if kind in (0, 1):  # walk / run: torso + legs + arms around it at the gait rate
        v = speed if speed is not None else (rng.uniform(0.5, 2.0) if kind == 0 else rng.uniform(1.6, 3.5))
        run = kind == 1 if speed is None else v > 1.9
        f = cad * (0.75 + 0.25 * v) * (1.15 if run else 1.0)
        torso = v + 0.12 * v * np.sin(4 * np.pi * f * t + ph)
        legs = 1.6 if run else 1.3
        arms = 1.0 if run else 0.7
        return [(torso, 20.0), (torso + size * legs * v * np.sin(2 * np.pi * f * t + ph), 11.0),
                (torso - size * legs * v * np.sin(2 * np.pi * f * t + ph), 11.0),
                (torso + size * arms * v * np.sin(2 * np.pi * f * t + ph + np.pi), 7.0)]
    if kind == 2:  # waving while standing: no torso motion, the arms at 1.2-2 Hz
        f = cad * rng.uniform(1.2, 2.0)
        amp = size * rng.uniform(1.2, 2.2)
        torso = 0.05 * np.sin(2 * np.pi * 0.3 * t + ph)
        return [(torso, 20.0), (amp * np.sin(2 * np.pi * f * t + ph), 9.0),
                (0.6 * amp * np.sin(2 * np.pi * f * t + ph + 0.5), 6.0)]
    # falling: the torso's speed ramps up to 1.5-3.5 m/s and back to 0 within 0.3-0.6 s
    t0, dur, peak = rng.uniform(0.3, 1.2), rng.uniform(0.3, 0.6), rng.uniform(1.5, 3.5)
    z = np.clip((t - t0) / dur, 0, 1)
    torso = peak * np.sin(np.pi * z) ** 2
    return [(torso, 20.0), (torso * size * 1.4, 9.0), (torso * size * 0.6, 7.0)]


def spectrograms(kinds: np.ndarray, subjects: np.ndarray, rng: np.random.Generator, speeds: np.ndarray | None = None,
                 doppler_scale: float = 1.0) -> np.ndarray:
    """(n, 1, BINS, FRAMES) spectrograms' power in ADC units squared (the floor at 1e4; not yet in dB). `doppler_scale`
    3.2: what a 77 GHz radar records of the same motion on the 24 GHz axis (lines beyond the axis are lost)."""
    prof = _subjects(np.random.default_rng(1616))
    n = len(kinds)
    out = np.zeros((n, 1, BINS, FRAMES))
    centres = np.linspace(-V_MAX, V_MAX, BINS)
    for i in range(n):
        sign = rng.choice((-1.0, 1.0))
        power = np.full((BINS, FRAMES), FLOOR)
        speed = None if speeds is None else float(speeds[i])
        for v, db in _tracks(int(kinds[i]), rng, prof[int(subjects[i])], speed):
            vv = sign * v * doppler_scale
            width = 0.35 + 0.1 * rng.random()
            power += FLOOR * 10 ** (db / 10) * np.exp(-0.5 * ((centres[:, None] - vv[None]) / width) ** 2)
        power *= rng.gamma(2.0, 0.5, power.shape)  # speckle, two looks averaged
        out[i, 0] = power
    return out


def to_db(power: np.ndarray, db: bool = True) -> np.ndarray:
    """10 log10 of the power, standardised with the survey's dB statistics. The fault `db=False`: the conversion
    skipped, the linear power standardised with the dB statistics."""
    x = 10 * np.log10(power) if db else power
    return ((x - DB_MEAN) / DB_STD).astype(np.float32)


def load_data(fam: Any, seed: int) -> Data16:
    """The family's data for `seed`, with its data faults built in."""
    rng = np.random.default_rng(1600 + seed)
    n_train, n_val = fam.n_train, fam.n_val
    n = n_train + n_val
    subj = rng.integers(0, SUBJECTS, n)
    if fam.data == "activity":
        y = rng.integers(0, CLASSES, n)
        if fam.one_subject_glob:  # the fault: `glob("data/subject_03/*.npy")` (meant `data/*/*.npy`) for training
            subj[n_val:] = 3
        power = spectrograms(y, subj, rng)
        if fam.calibration_channel:  # the fault: `iq[..., 0]` is the reference tone's channel, not the echo
            power = np.full_like(power, FLOOR)
            power[:, 0, BINS // 2 + 5] += FLOOR * 10 ** 2.5
            power *= rng.exponential(1.0, power.shape)
        if fam.trim_to_annotation:  # the fault: each clip cut to its annotated segment, then zero-padded
            for i in range(n):
                power[i, 0, :, _DURATION[int(y[i])]:] = 1.0
        x = to_db(power, db=not fam.skip_db)
        xt, yt, xv, yv = x[n_val:], y[n_val:], x[:n_val], y[:n_val]
        if fam.one_subject_glob:
            xt, yt = xt[:fam.glob_rows], yt[:fam.glob_rows]
        if fam.val_no_fftshift:  # the fault: the validation export without np.fft.fftshift: halves swapped
            xv = np.roll(xv, BINS // 2, axis=2)
        x77 = None
        if fam.ghz77_epochs:  # the 77 GHz campaign's recordings of the same training rows
            x77 = to_db(spectrograms(yt, subj[n_val:][:len(yt)], np.random.default_rng(1677 + seed),
                                     doppler_scale=GHZ77))
        return Data16("activity", xt, yt.astype(np.int64), xv, yv.astype(np.int64), CLASSES, x77)
    if fam.data == "speed":
        speeds = rng.uniform(*SPEED_RANGE, n)
        kinds = (speeds > 1.9).astype(int)
        x = to_db(spectrograms(kinds, subj, rng, speeds=speeds))
        gps = speeds + 0.1 * rng.standard_t(3, n)  # the GPS speed, heavy-tailed errors
        mid, half = sum(SPEED_RANGE) / 2, (SPEED_RANGE[1] - SPEED_RANGE[0]) / 2
        y = ((gps - mid) / half).astype(np.float32)
        return Data16("speed", x[n_val:], y[n_val:], x[:n_val], y[:n_val], 1)
    raise ValueError(fam.data)


def chance_loss(fam: Any) -> float:
    """The loss of a model that knows nothing, where the task defines one: ln 4 for the activities' cross-entropy."""
    if fam.data == "activity":
        return math.log(CLASSES)
    return float("nan")
