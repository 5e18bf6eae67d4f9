"""Generated data of the twenty-second-generation families (numpy only; nothing is downloaded).

Tasks none of v1-v21 generated: **classifying periodic stellar light curves** (a transit-search pipeline's threshold
crossing events) and **the planet-to-star radius ratio** of transiting planets. Each star is observed for one 27-day
sector at 1600 cadences (relative flux, white noise of 300-5000 ppm a cadence) with a signal at its catalogue period
(0.5-5 d) and phase:

- planetary transits (a flat-bottomed, limb-darkened dip of depth ~ (Rp/Rs)^2, Rp/Rs 0.03-0.15, lasting 2-6 % of
  the period, no secondary),
- eclipsing binaries (a V-shaped primary eclipse of 5-40 %, a secondary at phase 0.5, a weak ellipsoidal variation),
- pulsating variables (an asymmetric three-harmonic waveform of 1-20 % amplitude, as RR Lyrae and delta Scuti stars),
- spotted rotators (a two-harmonic modulation of 0.2-3 % whose amplitude and phase drift over the sector).

The model sees what the pipeline computes (Shallue & Vanderburg 2018): the light curve divided by its median, folded
at the period and binned into a **global view** (128 bins over the whole phase) and a **local view** (32 bins over
+-2 durations around the event), each bin's mean relative flux asinh-stretched (asinh(f / 1e-3)), (1, 160) a curve,
standardised with the training set's statistics. The radius ratio is regressed for the transits (the catalogue's
fitted value with 0.004 of noise, standardised).
The data faults (a confirmed-only training selection, the time column read as flux, negative fitted depths under a
square root, a raw-flux sector, the vetting flags as channels, a validation set of one programme, diluted validation
pixels, the volunteers' vote fractions as targets, a second pipeline's dispositions appended, the quality mask inverted) are built here; the loop's in
trainers_v22.py.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

CADENCES = 1600
BASELINE = 27.0                  # days: one sector
GLOBAL_BINS, LOCAL_BINS = 128, 32
LENGTH = GLOBAL_BINS + LOCAL_BINS
CLASSES = 4                      # transit, eclipsing binary, pulsator, spotted rotator
STRETCH = 1e-3                   # the asinh stretch's softening (relative flux)
K_MEAN, K_STD = 0.09, 0.035      # the standardisation of the radius-ratio target (fixed: every split shares it)
K_NOISE = 0.004                  # the catalogue fit's error on Rp/Rs
LABEL_NOISE = 0.03               # share of the dispositions that are wrong
FLAGS = 4                        # vetting verdicts: none, secondary eclipse, not transit-like, stellar variability
SECTORS = 4                      # the sector files cycled through, one an epoch (the spikes fault)


@dataclass(frozen=True)
class Data22:
    task: str
    x_train: np.ndarray   # (n, 1(+FLAGS), LENGTH) standardised stretched flux, float32
    y_train: np.ndarray   # class ids or standardised Rp/Rs
    x_val: np.ndarray
    y_val: np.ndarray
    n_classes: int        # classes for the accuracy (1: no accuracy)
    x_raw: np.ndarray | None = None     # the training curves from the raw-flux sector file (the spikes fault)
    soft_train: np.ndarray | None = None  # (n, CLASSES) the volunteers' vote fractions, where they are the targets
    soft_val: np.ndarray | None = None
    x_extra: np.ndarray | None = None   # the second pipeline's curves, appended mid-run (the rebound fault)
    y_extra: np.ndarray | None = None


def _signal(kind: np.ndarray, phase: np.ndarray, t: np.ndarray, rng: np.random.Generator,
            k: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(n, CADENCES) relative flux signal at fold phase in [-0.5, 0.5) and each curve's event duration (phase)."""
    n = len(kind)
    col = lambda a: a[:, None]  # noqa: E731
    # transits: a limb-darkened dip with short ingress and egress
    dur_t = rng.uniform(0.02, 0.06, n)
    z = np.abs(phase) / col(dur_t / 2)
    edge = np.clip((1 - z) / 0.15, 0, 1)
    transit = -col(k ** 2) * edge * (1 - 0.4 * (1 - np.sqrt(np.clip(1 - np.minimum(z, 1) ** 2, 0, 1))))
    # eclipsing binaries: V-shaped primary, secondary at phase 0.5, ellipsoidal variation
    dur_e = rng.uniform(0.04, 0.1, n)
    depth = rng.uniform(0.05, 0.4, n)
    sec = depth * rng.uniform(0.1, 0.8, n)
    ph2 = np.abs(np.abs(phase) - 0.5)
    eb = -col(depth) * np.clip(1 - np.abs(phase) / col(dur_e / 2), 0, 1) \
        - col(sec) * np.clip(1 - ph2 / col(dur_e / 2), 0, 1) - col(0.1 * depth) * np.cos(4 * np.pi * phase)
    # pulsators: fast rise, slow decline
    amp = 10 ** rng.uniform(-2, np.log10(0.2), n)
    w = 2 * np.pi * phase
    puls = col(amp) * (0.6 * np.cos(w) + 0.3 * np.cos(2 * w + 0.5) + 0.15 * np.cos(3 * w + 1.0))
    # spotted rotators: two harmonics whose amplitude and phase drift over the sector
    a_rot = 10 ** rng.uniform(np.log10(0.002), np.log10(0.03), n)
    drift = col(rng.uniform(-0.3, 0.3, n)) * t / BASELINE
    grow = 1 + col(rng.uniform(-0.5, 0.5, n)) * t / BASELINE
    rot = col(a_rot) * grow * (np.cos(w + 2 * np.pi * drift) + col(rng.uniform(0.2, 0.6, n))
                               * np.cos(2 * w + 1.3 + 4 * np.pi * drift))
    out = np.select([col(kind == 0), col(kind == 1), col(kind == 2)], [transit, eb, puls], rot)
    dur = np.select([kind == 0, kind == 1], [dur_t, dur_e], 0.06)
    return out, dur


def _bin(phase: np.ndarray, flux: np.ndarray, lo: np.ndarray, hi: np.ndarray, bins: int) -> np.ndarray:
    """(n, bins) mean flux per phase bin between lo and hi (n,) of each curve; an empty bin is 0 (the median)."""
    n = len(flux)
    idx = np.floor((phase - lo[:, None]) / (hi - lo)[:, None] * bins).astype(int)
    inside = (idx >= 0) & (idx < bins)
    key = (np.arange(n)[:, None] * bins + np.clip(idx, 0, bins - 1))[inside]
    s = np.bincount(key, flux[inside], n * bins).reshape(n, bins)
    c = np.bincount(key, None, n * bins).reshape(n, bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(c > 0, s / np.maximum(c, 1), 0.0)


def views(flux: np.ndarray, t: np.ndarray, period: np.ndarray, t0: np.ndarray, dur: np.ndarray,
          norm: bool = True, keep: np.ndarray | None = None) -> np.ndarray:
    """(n, 1, LENGTH) the pipeline's global and local views of `flux` folded at `period` from epoch `t0`, divided by
    the median (`norm`; else the flux as the file holds it), asinh-stretched; only the cadences `keep` where given."""
    if keep is not None:
        flux = np.where(keep, flux, np.nan)
    f = flux / np.nanmedian(flux, 1, keepdims=True) - 1 if norm else flux - 1
    phase = np.where(np.isnan(f), np.inf, ((t - t0[:, None]) / period[:, None] + 0.5) % 1 - 0.5)
    f = np.nan_to_num(f)
    n = len(flux)
    g = _bin(phase, f, np.full(n, -0.5), np.full(n, 0.5), GLOBAL_BINS)
    half = np.minimum(2 * dur, 0.5)
    loc = _bin(phase, f, -half, half, LOCAL_BINS)
    return np.arcsinh(np.concatenate([g, loc], 1) / STRETCH)[:, None].astype(np.float32)


def vetting_flags(label: np.ndarray) -> np.ndarray:
    """(n, FLAGS, LENGTH): the vetting report's verdict, one-hot and constant over the curve. The vetters' verdict
    follows the disposition they gave (a binary's secondary eclipse, a pulsator not transit-like, a rotator's stellar
    variability), so it is a function of the label."""
    return np.repeat(np.eye(FLAGS, dtype=np.float32)[label][:, :, None], LENGTH, 2)


def vote_fractions(y: np.ndarray, rng: np.random.Generator, voters: int = 10, right: float = 0.45) -> np.ndarray:
    """(n, CLASSES) the citizen-science volunteers' vote fractions: `voters` votes a curve, each for the team's class
    with probability `right`, else for one of the others: right on average, never confident."""
    p = np.full((len(y), CLASSES), (1 - right) / (CLASSES - 1))
    p[np.arange(len(y)), y] = right
    votes = np.stack([rng.multinomial(voters, row) for row in p])
    return (votes / voters).astype(np.float32)


def _split(fam: Any, n: int, rng: np.random.Generator, val: bool = False) -> dict[str, np.ndarray]:
    """One split's light curves, views, labels and targets, with the split's data faults."""
    lc = fam.data == "lightcurve"
    kind = rng.integers(0, CLASSES, n) if lc else np.zeros(n, int)
    k = rng.uniform(0.03, 0.15, n)
    period = rng.uniform(0.5, 5.0, n)
    t0 = rng.uniform(0, period)
    t = np.sort(rng.uniform(0, BASELINE, (n, CADENCES)), 1)
    phase = ((t - t0[:, None]) / period[:, None] + 0.5) % 1 - 0.5
    sig, dur = _signal(kind, phase, t, rng, k)
    if val and fam.diluted_val:  # the fault: validation stars in large pixels, a neighbour's flux not removed
        sig = sig / (1 + rng.uniform(2.0, 7.0, n))[:, None]
    sigma = 10 ** rng.uniform(np.log10(3e-4), np.log10(5e-3), n)
    bright = 10 ** rng.uniform(3.5, 5.0, n)  # e-/s
    flux = bright[:, None] * (1 + sig + sigma[:, None] * rng.standard_normal((n, CADENCES)))
    src = flux
    if fam.time_as_flux:  # the fault: the TIME column (BTJD) read as the flux; the search then finds noise in it,
        src = 2000.0 + np.broadcast_to(t, flux.shape)  # so the event's period, epoch and duration are random
        period, t0, dur = rng.uniform(0.5, 5.0, n), rng.uniform(0, 5.0, n), rng.uniform(0.02, 0.1, n)
    keep = None
    if fam.quality_inverted:  # the fault: `flux[quality != 0]` (meant == 0): only the flagged cadences, whose
        keep = rng.random((n, CADENCES)) < fam.quality_inverted  # scattered light and momentum dumps add offsets
        src = src + bright[:, None] * rng.normal(0, 0.01, (n, CADENCES)) * keep
    x = views(src, t, period, t0, dur, keep=keep)
    x_raw = views(flux, t, period, t0, dur, norm=False) if fam.raw_sector and not val else None
    if lc:  # the dispositions, LABEL_NOISE of them wrong
        wrong = rng.random(n) < LABEL_NOISE
        y = np.where(wrong, (kind + rng.integers(1, CLASSES, n)) % CLASSES, kind)
    else:
        depth_fit = (k + rng.normal(0, K_NOISE, n)) ** 2
        if fam.negative_depth:  # the fault: fits to noise with a negative depth, then sqrt(depth)
            neg = rng.random(n) < fam.negative_depth
            depth_fit = np.where(neg, -rng.uniform(1e-5, 1e-3, n), depth_fit)
        with np.errstate(invalid="ignore"):
            y = ((np.sqrt(depth_fit) - K_MEAN) / K_STD).astype(np.float32)
    return {"x": x, "y": y, "x_raw": x_raw, "confirmed": rng.random(n) < 0.12}


def load_data(fam: Any, seed: int) -> Data22:
    """The family's data for `seed`, with its data faults built in."""
    rng = np.random.default_rng(2200 + seed)
    tr = _split(fam, fam.n_train, rng)
    va = _split(fam, fam.val_rows or fam.n_val, rng, val=True)  # the fault where set: one programme's curves
    if fam.confirmed_only:  # the fault: the catalogue notebook's `disposition == 'CONFIRMED'` left on the selection
        keep = tr["confirmed"]
        tr = {kk: (v[keep] if v is not None else None) for kk, v in tr.items()}
    mean, std = float(tr["x"].mean()), float(tr["x"].std()) + 1e-6
    st = lambda a: ((a - mean) / std).astype(np.float32)  # noqa: E731
    xt, xv = st(tr["x"]), st(va["x"])
    x_raw = st(tr["x_raw"]) if tr["x_raw"] is not None else None
    if fam.vetting_flags:  # the fault: the vetting report's verdict joined in as constant channels
        xt = np.concatenate([xt, vetting_flags(tr["y"])], 1)
        xv = np.concatenate([xv, vetting_flags(va["y"])], 1)
    lc = fam.data == "lightcurve"
    soft_t = soft_v = None
    if fam.vote_targets:  # the fault: the volunteers' vote-fraction columns as the targets
        soft_t, soft_v = vote_fractions(tr["y"], rng), vote_fractions(va["y"], rng)
    x_extra = y_extra = None
    if fam.append_at:  # the second pipeline's curves: half as many, every disposition read as 'planet' (0)
        ex = _split(fam, fam.n_train // 2, rng)
        x_extra, y_extra = st(ex["x"]), np.zeros(len(ex["y"]), np.int64)
    dtype = np.int64 if lc else np.float32
    return Data22(fam.data, xt, tr["y"].astype(dtype), xv, va["y"].astype(dtype), CLASSES if lc else 1,
                  x_raw, soft_t, soft_v, x_extra, y_extra)


def chance_loss(fam: Any) -> float:
    """The loss of a model that knows nothing, where the task defines one: ln 4 for the four classes."""
    if fam.data == "lightcurve":
        return float(np.log(CLASSES))
    return float("nan")
