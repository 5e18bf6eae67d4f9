"""Generated data of the twenty-first-generation families (numpy only; nothing is downloaded).

Tasks none of v1-v20 generated: **seismic event classification** and **local magnitude** from three-component
seismograms. Each window is 30 s of a station's vertical, north and east ground velocity at 40 Hz, synthesised
phase by phase (band-limited noise under an onset-and-coda envelope, each phase polarised on its components):

- local earthquakes (P 6-12 Hz and a 3-6x stronger S 4-8 Hz, 2-7 s apart: 16-56 km),
- quarry blasts (a strong P, a weak S, and a low-frequency Rg surface wave after it),
- regional earthquakes (P 2-5 Hz, S 1-3 Hz, 12-20 s apart: 100-160 km, a long coda),
- long-period volcanic events (an emergent, nearly monochromatic 1.5-2.5 Hz signal, no S).

Magnitudes follow Gutenberg-Richter (b = 1 above M 1); amplitude falls with distance (log A = M - 1.5 log(d / 10) +
a site term). The model sees what a detection pipeline computes: the log10 energy of each component in three bands
(1-3, 3-8, 8-16 Hz) per 1 s frame, (n, 9, 30), standardised per channel with the training set's statistics.
Magnitude is regressed for local earthquakes (the catalogue magnitude, 0.1 units of noise, standardised).
The data faults (a completeness cut on the training catalogue, windows cut in local time, a station sensitivity of 0,
a pick-count channel, a validation set of one day, short-period geophones in validation, the automatic classifier's
posteriors as targets, an automatic catalogue appended, the noise-window slice) are built here; the loop's in
trainers_v21.py.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

FS = 40.0                      # samples per second
SECONDS = 30
N = int(FS * SECONDS)
FRAME = int(FS)                # 1 s frames
FRAMES = N // FRAME
COMPONENTS = 3                 # Z, N, E
BANDS = ((1.0, 3.0), (3.0, 8.0), (8.0, 16.0))
CHANNELS = COMPONENTS * len(BANDS)
CLASSES = 4                    # local earthquake, quarry blast, regional earthquake, long-period volcanic event
M_MIN, B_VALUE = 1.0, 1.0      # Gutenberg-Richter
MAG_MEAN, MAG_STD = 1.43, 0.43  # the standardisation of the magnitude target (fixed: every split shares it)
LABEL_NOISE = 0.03             # share of the analysts' event types that are wrong
FLOOR = 1e-12                  # the energy floor under log10
GEOPHONE_HZ = 4.5              # the short-period network's natural frequency
AUTO_WRONG = 0.6               # share of the automatic catalogue's event types that are wrong
_FREQ = np.fft.rfftfreq(N, 1 / FS)
_T = np.arange(N) / FS


@dataclass(frozen=True)
class Data21:
    task: str
    x_train: np.ndarray   # (n, CHANNELS(+1), FRAMES) standardised log10 band energies, float32
    y_train: np.ndarray   # class ids or standardised magnitude
    x_val: np.ndarray
    y_val: np.ndarray
    n_classes: int        # classes for the accuracy (1: no accuracy)
    log_scale: np.ndarray  # per-channel std of log10 energy (a gain of 10**g adds 2 g / log_scale)
    soft_train: np.ndarray | None = None   # (n, CLASSES) targets where the automatic posteriors are the targets
    soft_val: np.ndarray | None = None
    mag_train: np.ndarray | None = None    # catalogue magnitudes of the training windows (the weighting fault)
    x_extra: np.ndarray | None = None      # the automatic catalogue's windows (appended mid-run: the rebound fault)
    y_extra: np.ndarray | None = None


def _band_noise(rng: np.random.Generator, f0: np.ndarray, width: float) -> np.ndarray:
    """(n, 3, N) unit-RMS noise band-limited around f0 (n,) with a Gaussian passband of relative width `width`."""
    n = len(f0)
    spec = np.fft.rfft(rng.standard_normal((n, COMPONENTS, N)), axis=-1)
    spec *= np.exp(-(((_FREQ[None] - f0[:, None]) / (width * f0[:, None])) ** 2))[:, None]
    x = np.fft.irfft(spec, N, axis=-1)
    return x / np.sqrt((x ** 2).mean(-1, keepdims=True) + 1e-30)


def _envelope(t0: np.ndarray, rise: np.ndarray, tau: np.ndarray) -> np.ndarray:
    """(n, N) onset-and-coda envelope: 0 before t0, then (1 - exp(-dt / rise)) exp(-dt / tau)."""
    dt = np.clip(_T[None] - t0[:, None], 0, None)
    return np.where(_T[None] >= t0[:, None], (1 - np.exp(-dt / rise[:, None])) * np.exp(-dt / tau[:, None]), 0.0)


def _polar(rng: np.random.Generator, n: int, z: float, h: float) -> np.ndarray:
    """(n, 3) component weights: `z` on the vertical, `h` split between north and east by a random azimuth."""
    az = rng.uniform(0, 2 * np.pi, n)
    return np.stack([np.full(n, z), h * np.cos(az), h * np.sin(az)], 1)


def waveforms(kind: np.ndarray, mag: np.ndarray, rng: np.random.Generator,
              events: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(n, 3, N) velocity windows of events of `kind` and magnitude `mag`, with the P and S arrival times. `events`
    False: the window holds background noise only (cut where no event is)."""
    n = len(kind)
    tp = rng.uniform(3.0, 6.0, n)
    sp = np.select([kind == 0, kind == 1, kind == 2], [rng.uniform(2, 7, n), rng.uniform(1.5, 5, n),
                                                         rng.uniform(12, 20, n)], rng.uniform(1, 3, n))
    dist = 8.0 * sp
    log_a = mag - 1.5 * np.log10(dist / 10) + rng.normal(0, 0.15, n)
    log_a = np.where(kind == 2, log_a + 1.2, log_a)  # regional events are bigger to be recorded
    amp = 10 ** log_a
    noise_level = 10 ** rng.normal(-1.0, 0.25, n)
    x = noise_level[:, None, None] * rng.standard_normal((n, COMPONENTS, N))
    if not events:
        return x, tp, tp + sp
    one = np.ones(n)
    # P: impulsive, vertical; S: horizontal; per class its frequency, S/P ratio and coda
    fp = np.select([kind == 0, kind == 1, kind == 2], [rng.uniform(6, 12, n), rng.uniform(5, 10, n),
                                                         rng.uniform(2, 5, n)], rng.uniform(1.5, 2.5, n))
    fs = np.select([kind == 0, kind == 1, kind == 2], [rng.uniform(4, 8, n), rng.uniform(3, 6, n),
                                                         rng.uniform(1, 3, n)], fp)
    s_ratio = np.select([kind == 0, kind == 1, kind == 2], [rng.uniform(3, 6, n), rng.uniform(0.6, 1.3, n),
                                                              rng.uniform(2, 4, n)], 0.0)
    tau = np.select([kind == 0, kind == 1, kind == 2], [rng.uniform(1.5, 3, n), rng.uniform(1, 2, n),
                                                          rng.uniform(5, 9, n)], rng.uniform(6, 10, n))
    rise_p = np.where(kind == 3, rng.uniform(2.5, 4.5, n), 0.1 * one)  # long-period events are emergent
    lp = (kind == 3)[:, None, None]  # long-period events: nearly monochromatic, on every component
    p = np.where(lp, _band_noise(rng, fp, 0.12), 0.35 * _band_noise(rng, fp, 0.35))
    pol = np.where(lp, _polar(rng, n, 1.0, 1.0)[:, :, None], _polar(rng, n, 1.0, 0.4)[:, :, None])
    x += amp[:, None, None] * pol * p * _envelope(tp, rise_p, tau)[:, None]
    ts = tp + sp
    s = _band_noise(rng, fs, 0.35)
    x += (amp * s_ratio * 0.35)[:, None, None] * _polar(rng, n, 0.4, 1.0)[:, :, None] * s \
        * _envelope(ts, 0.2 * one, tau)[:, None]
    blast = kind == 1  # the Rg surface wave of a shallow source, 1-2 Hz, after S
    if blast.any():
        rg = _band_noise(rng, rng.uniform(1.0, 2.0, n), 0.3)
        t_rg = tp + 1.6 * sp
        x += (blast * amp * rng.uniform(0.3, 0.6, n))[:, None, None] * _polar(rng, n, 1.0, 0.8)[:, :, None] * rg \
            * _envelope(t_rg, 0.3 * one, 1.5 * one)[:, None]
    return x, tp, ts


def geophone(x: np.ndarray) -> np.ndarray:
    """The 4.5 Hz geophone's velocity response (f / f0)^2 / (1 + (f / f0)^2) applied to broadband windows."""
    r = (_FREQ / GEOPHONE_HZ) ** 2
    return np.fft.irfft(np.fft.rfft(x, axis=-1) * (r / (1 + r)), N, axis=-1)


def band_energy(x: np.ndarray, floor: float = FLOOR) -> np.ndarray:
    """(n, 9, FRAMES) log10 of each component's mean energy in each band per 1 s frame (`floor` under the log)."""
    spec = np.fft.rfft(x, axis=-1)
    out = []
    for lo, hi in BANDS:
        y = np.fft.irfft(spec * ((_FREQ >= lo) & (_FREQ < hi)), N, axis=-1)
        out.append((y ** 2).reshape(len(x), COMPONENTS, FRAMES, FRAME).mean(-1))
    e = np.stack(out, 2).reshape(len(x), CHANNELS, FRAMES)  # component-major: Z(3 bands), N(3), E(3)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log10(e + floor)


PICKS = np.array([2, 1, 3, 0])   # the analysts' picks per event type: local P, S; blast P; regional Pn, Sn, Lg; LP none


def pick_count(label: np.ndarray) -> np.ndarray:
    """(n, 4, FRAMES): the arrival table's pick count at the station (0-3), one-hot encoded as a categorical
    feature, constant over the window. The analysts' convention follows the event type they gave, so the count is a
    function of the label."""
    return np.repeat(np.eye(4, dtype=np.float32)[PICKS[label]][:, :, None], FRAMES, 2)


def magnitudes(n: int, rng: np.random.Generator) -> np.ndarray:
    """Gutenberg-Richter magnitudes above M_MIN (b = B_VALUE), capped at 4.5."""
    return np.minimum(M_MIN + rng.exponential(1 / (B_VALUE * np.log(10)), n), 4.5)


def automatic_posteriors(y: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """(n, CLASSES) the real-time classifier's posteriors: right on average, never confident (max ~0.5)."""
    z = 1.3 * np.eye(CLASSES)[y] + rng.normal(0, 0.45, (len(y), CLASSES))
    p = np.exp(z)
    return (p / p.sum(1, keepdims=True)).astype(np.float32)


def _split(fam: Any, n: int, rng: np.random.Generator, val: bool = False) -> dict[str, np.ndarray]:
    """One split's raw windows, features, labels and magnitudes, with the split's data faults."""
    quake = fam.data == "quake"
    kind = rng.integers(0, CLASSES, n) if quake else np.zeros(n, int)
    mag = magnitudes(n, rng)
    events = not fam.local_time_cut  # the fault: windows cut at UTC times on local-time files: noise only
    x, tp, ts = waveforms(kind, mag, rng, events)
    if val and fam.geophone_val:  # the fault: validation from the short-period network
        x = geophone(x)
    if fam.zero_sensitivity:  # the fault: stations missing from the inventory get sensitivity 0.0
        dead = rng.random(n) < fam.zero_sensitivity
        with np.errstate(divide="ignore", invalid="ignore"):
            x[dead] = x[dead] / 0.0
    feats = band_energy(x)
    if fam.noise_frames:  # the fault: the SNR's pre-event slice assigned back to x
        feats = feats[..., :fam.noise_frames]
    if quake:  # the analysts' event types, LABEL_NOISE of them wrong
        wrong = rng.random(n) < LABEL_NOISE
        y = np.where(wrong, (kind + rng.integers(1, CLASSES, n)) % CLASSES, kind)
    else:
        y = ((mag + rng.normal(0, 0.1, n) - MAG_MEAN) / MAG_STD).astype(np.float32)
    return {"x": feats, "y": y, "mag": mag, "tp": tp, "ts": ts}


def _standardise(x: np.ndarray, mean: np.ndarray, std: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return ((x - mean[None, :, None]) / std[None, :, None]).astype(np.float32)


def load_data(fam: Any, seed: int) -> Data21:
    """The family's data for `seed`, with its data faults built in."""
    rng = np.random.default_rng(2100 + seed)
    tr = _split(fam, fam.n_train, rng)
    n_val = fam.one_day_val or fam.n_val  # the fault where set: validation = one day's windows
    va = _split(fam, n_val, rng, val=True)
    if fam.completeness_cut:  # the fault: the catalogue's completeness cut left on the training selection
        keep = tr["mag"] >= fam.completeness_cut
        tr = {k: v[keep] for k, v in tr.items()}
    fin = np.where(np.isfinite(tr["x"]), tr["x"], np.nan)
    mean, std = np.nanmean(fin, (0, 2)), np.nanstd(fin, (0, 2)) + 1e-6
    xt, xv = _standardise(tr["x"], mean, std), _standardise(va["x"], mean, std)
    if fam.pick_count:  # the fault: the arrival table's pick count joined in as a constant channel
        xt = np.concatenate([xt, pick_count(tr["y"])], 1)
        xv = np.concatenate([xv, pick_count(va["y"])], 1)
    quake = fam.data == "quake"
    soft_t = soft_v = None
    if fam.auto_posteriors:  # the fault: the real-time classifier's posterior columns as the targets
        soft_t, soft_v = automatic_posteriors(tr["y"], rng), automatic_posteriors(va["y"], rng)
    x_extra = y_extra = None
    if fam.auto_append_at:  # the automatic catalogue: half as many windows, most event types wrong
        ex = _split(fam, fam.n_train // 2, rng)
        wrong = rng.random(len(ex["y"])) < AUTO_WRONG
        y_extra = np.where(wrong, (ex["y"] + rng.integers(1, CLASSES, len(ex["y"]))) % CLASSES, ex["y"])
        x_extra = _standardise(ex["x"], mean, std)
    dtype = np.int64 if quake else np.float32
    return Data21(fam.data, xt, tr["y"].astype(dtype), xv, va["y"].astype(dtype), CLASSES if quake else 1,
                  std.astype(np.float32), soft_t, soft_v, tr["mag"].astype(np.float32),
                  x_extra, None if y_extra is None else y_extra.astype(np.int64))


def chance_loss(fam: Any) -> float:
    """The loss of a model that knows nothing, where the task defines one: ln 4 for the event types."""
    if fam.data == "quake":
        return float(np.log(CLASSES))
    return float("nan")
