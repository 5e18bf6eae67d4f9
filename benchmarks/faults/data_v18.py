"""Generated data of the eighteenth-generation families (numpy only; nothing is downloaded).

Tasks none of v1-v17 generated: **ECG beat classification** (single-lead Holter beats, 1 channel x 96 samples at
250 Hz centred on the R peak, in mV: normal beats, premature ventricular contractions (no P wave, a wide tall QRS, an
inverted T), left bundle branch block (a wide notched QRS, a discordant T) and right bundle branch block (an RSR'
complex); 40 patients with their own amplitude, heart-axis gain, beat width and T position; baseline wander, mains
hum and noise; a fifth of the beats from noisy ambulatory segments), and **QT interval regression** (normal beats;
the target the QT interval in ms from the Q onset to the T wave's end, from a cardiologist's caliper annotation with
a heavy-tailed error, standardised).
The data faults (one beat per patient by a wrong drop_duplicates, features and labels split by two unseeded
train_test_split calls, missing QT intervals exported as 0 and log-transformed, the annotation's class template as a
channel, raw ADC counts cached without the baseline filter in three epochs, validation beats from a 125 Hz device not
resampled, a second device's inverted-polarity lead on alternate epochs) are built here; the loop's are in
trainers_v18.py.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

SAMPLES = 96
CLASSES = 4           # normal, PVC, LBBB, RBBB
PATIENTS = 40
FS = 250.0            # Hz
MS_PER_SAMPLE = 1000.0 / FS
ADC_PER_MV = 200.0    # the recorder's raw counts per mV

# Each class's waves: (centre, width, amplitude) in samples / mV, at a patient time scale of 1 (R peak at 48).
_WAVES = {
    0: [(26, 4.0, 0.15), (45, 1.2, -0.12), (48, 1.5, 1.0), (51, 1.5, -0.25), (74, 6.0, 0.3)],
    1: [(48, 4.5, 1.4), (54, 3.0, -0.4), (76, 7.0, -0.5)],
    2: [(26, 4.0, 0.15), (45, 2.5, 0.8), (51, 2.5, 0.85), (77, 6.5, -0.35)],
    3: [(26, 4.0, 0.15), (47, 1.5, 0.9), (50, 1.5, -0.35), (54, 2.0, 0.6), (76, 6.0, 0.2)],
}


@dataclass(frozen=True)
class Data18:
    task: str
    x_train: np.ndarray   # (n, channels, SAMPLES)
    y_train: np.ndarray   # class ids or standardised QT intervals
    x_val: np.ndarray
    y_val: np.ndarray
    n_classes: int        # classes for the accuracy (1: no accuracy)
    x_train_raw: np.ndarray | None = None   # the same beats as raw ADC counts without the baseline filter
    x_train_inverted: np.ndarray | None = None   # the same beats from the second device (inverted lead)


def _patients(rng: np.random.Generator) -> np.ndarray:
    """(PATIENTS, 3): each patient's amplitude gain, time scale and T-wave shift (samples)."""
    return np.stack([rng.uniform(0.6, 1.4, PATIENTS), rng.uniform(0.9, 1.1, PATIENTS),
                     rng.uniform(-4, 4, PATIENTS)], 1)


def beats(kinds: np.ndarray, patient: np.ndarray, rng: np.random.Generator, time_scale: float = 1.0,
          t_shift: np.ndarray | None = None) -> np.ndarray:
    """(n, SAMPLES) beats in mV; `time_scale` < 1 squeezes the beat (a slower device's samples read at 250 Hz);
    `t_shift` moves each beat's T wave (the QT task)."""
    prof = _patients(np.random.default_rng(1818))
    t = np.arange(SAMPLES, dtype=float)
    out = np.zeros((len(kinds), SAMPLES))
    for i, k in enumerate(kinds):
        gain, scale, tsh = prof[int(patient[i])]
        scale *= time_scale
        x = np.zeros(SAMPLES)
        for c, w, a in _WAVES[int(k)]:
            shift = (tsh + (0.0 if t_shift is None else t_shift[i])) if c > 60 else 0.0
            centre = 48 + (c + shift - 48) * scale
            x += a * np.exp(-0.5 * ((t - centre) / (w * scale)) ** 2)
        x *= gain * rng.uniform(0.9, 1.1)
        noisy = rng.random() < 0.2
        x += rng.uniform(-0.1, 0.1) + 0.05 * np.sin(2 * np.pi * t / rng.uniform(150, 400) + rng.uniform(0, 6.3))
        x += 0.02 * np.sin(2 * np.pi * 50 * t / FS + rng.uniform(0, 6.3))
        x += (0.12 if noisy else 0.03) * rng.standard_normal(SAMPLES)
        out[i] = x
    return out


def qt_ms(patient: np.ndarray, t_shift: np.ndarray) -> np.ndarray:
    """The QT interval (ms): from the Q onset (sample 43) to the T wave's end (its centre + 2 widths)."""
    prof = _patients(np.random.default_rng(1818))
    scale, tsh = prof[patient.astype(int), 1], prof[patient.astype(int), 2]
    t_end = 48 + (74 + tsh + t_shift - 48) * scale + 2 * 6.0 * scale
    q_on = 48 + (43 - 48) * scale
    return (t_end - q_on) * MS_PER_SAMPLE


def _templates(y: np.ndarray) -> np.ndarray:
    """Each beat's *annotated* class's noise-free template (the template-correlation feature's reference)."""
    t = np.arange(SAMPLES, dtype=float)
    ref = np.stack([sum(a * np.exp(-0.5 * ((t - c) / w) ** 2) for c, w, a in _WAVES[k]) for k in range(CLASSES)])
    return ref[y][:, None, :]


def load_data(fam: Any, seed: int) -> Data18:
    """The family's data for `seed`, with its data faults built in."""
    rng = np.random.default_rng(1800 + seed)
    n_train, n_val = fam.n_train, fam.n_val
    n = n_train + n_val
    # a patient-wise split: validation patients 0-9, training patients 10-39
    pat = np.concatenate([rng.integers(0, 10, n_val), rng.integers(10, PATIENTS, n_train)])
    if fam.data == "ecg":
        y = rng.integers(0, CLASSES, n)
        x = beats(y, pat, rng)
        if fam.val_125hz:  # the fault: the second hospital's 125 Hz beats read as 250 Hz (not resampled)
            x[:n_val] = beats(y[:n_val], pat[:n_val], rng, time_scale=0.5)
        x = x[:, None, :].astype(np.float32)
        if fam.template_channel:  # the fault: the template of the *annotated* class as a second channel
            x = np.concatenate([x, _templates(y).astype(np.float32)], 1)
        xt, yt, xv, yv = x[n_val:], y[n_val:], x[:n_val], y[:n_val]
        if fam.one_per_patient:  # the fault: `df.drop_duplicates("patient_id")` meant `("beat_id")`
            _, first = np.unique(pat[n_val:], return_index=True)
            xt, yt = xt[first], yt[first]
        if fam.unseeded_split:  # the fault: X and y split by two train_test_split calls without a random_state
            yt, yv = rng.permutation(yt), rng.permutation(yv)
        raw = inv = None
        if fam.raw_epochs:  # raw ADC counts of the same beats, the baseline filter skipped (the cache rebuild)
            wander = rng.uniform(-1.5, 1.5, (len(xt), 1, 1)).astype(np.float32)
            raw = ((xt + wander) * ADC_PER_MV / 100.0).astype(np.float32)
        if fam.polarity_epochs:  # the second device's lead wired the other way round
            inv = (-xt).astype(np.float32)
        return Data18("ecg", xt, yt.astype(np.int64), xv, yv.astype(np.int64), CLASSES, raw, inv)
    if fam.data == "qt":
        kinds = np.zeros(n, int)
        tsh = rng.uniform(-10, 10, n)
        x = beats(kinds, pat, rng, t_shift=tsh)[:, None, :].astype(np.float32)
        qt = qt_ms(pat, tsh) + np.clip(3.0 * rng.standard_t(2, n), -40, 40)  # the caliper's heavy-tailed errors
        if fam.log_target:  # the fault: missing intervals exported as 0, and the target log-transformed
            qt[n_val:][rng.random(n_train) < fam.missing_qt] = 0.0
            with np.errstate(divide="ignore"):
                y = (np.log(qt) - math.log(172.0)) / 0.12
        else:
            y = (qt - 172.0) / 20.0
        return Data18("qt", x[n_val:], y[n_val:].astype(np.float32), x[:n_val], y[:n_val].astype(np.float32), 1)
    raise ValueError(fam.data)


def chance_loss(fam: Any) -> float:
    """The loss of a model that knows nothing, where the task defines one: ln 4 for the beat classes' cross-entropy."""
    if fam.data == "ecg":
        return math.log(CLASSES)
    return float("nan")
