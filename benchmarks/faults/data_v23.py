"""Generated data of the twenty-third-generation families (numpy only; nothing is downloaded).

Tasks none of v1-v22 generated: **tagging boosted jets from their constituents** (a collider's large-radius jets,
R = 0.8, pT 500-700 GeV) and **regressing the jet's particle-level mass** from its detector-level constituents.
Each jet is built from its hard prongs, each prong showering into particles:

- light-quark jets: one prong, ~14 particles in a narrow core,
- gluon jets: one prong, ~28 particles spread twice as wide (the colour factor C_A / C_F),
- W jets: two prongs, momentum shares z and 1 - z, at the separation their mass sets,
  dR = m_W / (pT sqrt(z (1 - z))), ~9 particles each,
- top jets: a b prong and a W (itself two prongs) at the separation the top mass sets, ~8 particles a prong,

plus a few soft underlying-event particles over the jet's area. Each particle's share of the prong follows a
Dirichlet(0.6) (a few hard, many soft), its angle from the prong an exponential whose scale grows as the share falls.
The detector smears every pT by 5 %, loses particles under 1 GeV and keeps the 30 hardest. The model sees each kept
constituent's (log pT, log E, delta eta, delta phi) relative to the jet axis, standardised with the reference
sample's statistics, and a mask of the real slots; the regression target is the jet mass from all particles before
the detector (GeV, standardised).
The data faults (a debug event cap, constituents sorted over the jet axis, zero-energy constituents under a log, the
truth flavour among the features, a validation set of one random batch, high-pT validation jets, a second stage's
jets in another class order, a pT-only feature list, the loss's labels from a loose truth match) are built
here; the loop's in trainers_v23.py.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

N_MAX = 30                       # constituent slots
FEATURES = 4                     # log pT, log E, delta eta, delta phi
CLASSES = 4                      # light quark, gluon, W, top
R_JET = 0.8
M_W, M_TOP = 80.4, 172.5
M_MEAN, M_STD = 90.0, 55.0       # the standardisation of the mass target (fixed: every split shares it)
LABEL_NOISE = 0.02               # share of the truth labels that are wrong (a mismatched parton)
PU_DENSITY = 3                   # soft underlying-event particles a jet (Poisson mean)


@dataclass(frozen=True)
class Data23:
    task: str
    x_train: np.ndarray   # (n, N_MAX, F) standardised features, 0 in empty slots, float32
    y_train: np.ndarray   # class ids or standardised mass
    x_val: np.ndarray
    y_val: np.ndarray
    m_train: np.ndarray   # (n, N_MAX) bool: the slot holds a particle
    m_val: np.ndarray
    n_classes: int        # classes for the accuracy (1: no accuracy)
    pu_pool: np.ndarray | None = None   # (k, F) standardised soft pile-up particles for the overlay augmentation
    yl_train: np.ndarray | None = None  # the labels the loss uses, where they differ from the truth (loose match)
    yl_val: np.ndarray | None = None
    x_extra: np.ndarray | None = None   # the second stage's jets (the rebound fault)
    m_extra: np.ndarray | None = None
    y_extra: np.ndarray | None = None


def _prongs(kind: int, pt: float, rng: np.random.Generator) -> list[tuple[float, float, float, float, float]]:
    """(share, eta offset, phi offset, mean particles, angular scale) of each hard prong of one jet."""
    ang = rng.uniform(0, 2 * np.pi)
    u = np.array([np.cos(ang), np.sin(ang)])
    if kind == 0:
        return [(1.0, 0.0, 0.0, 14, 0.035)]
    if kind == 1:
        return [(1.0, 0.0, 0.0, 28, 0.07)]

    def pair(z: float, mass: float, total: float, centre: np.ndarray, d: np.ndarray) -> list[np.ndarray]:
        dr = mass / (total * np.sqrt(z * (1 - z)))
        return [centre + (1 - z) * dr * d, centre - z * dr * d]

    if kind == 2:
        z = rng.uniform(0.2, 0.8)
        a, b = pair(z, rng.normal(M_W, 2.0), pt, np.zeros(2), u)
        return [(z, *a, 9, 0.025), (1 - z, *b, 9, 0.025)]
    zb = rng.uniform(0.25, 0.45)
    mt = rng.normal(M_TOP, 2.5)
    m_bw = np.sqrt(max(mt ** 2 - M_W ** 2 / (1 - zb), 40.0 ** 2))
    pb, pw = pair(zb, m_bw, pt, np.zeros(2), u)
    z = rng.uniform(0.2, 0.8)
    ang2 = rng.uniform(0, 2 * np.pi)
    q1, q2 = pair(z, rng.normal(M_W, 2.0), (1 - zb) * pt, pw, np.array([np.cos(ang2), np.sin(ang2)]))
    return [(zb, *pb, 8, 0.025), ((1 - zb) * z, *q1, 8, 0.025), ((1 - zb) * (1 - z), *q2, 8, 0.025)]


def _particles(kind: int, pt: float, rng: np.random.Generator) -> np.ndarray:
    """(k, 3) particle-level (pT, delta eta, delta phi) of one jet, hardest first."""
    rows = []
    for share, de, dp, lam, scale in _prongs(kind, pt, rng):
        n = max(int(rng.poisson(lam)), 2)
        z = rng.dirichlet(np.full(n, 0.6)) * share
        r = scale * rng.exponential(1.0, n) / np.sqrt(np.maximum(z * n / share, 0.05))
        phi = rng.uniform(0, 2 * np.pi, n)
        rows.append(np.stack([z * pt, de + r * np.cos(phi), dp + r * np.sin(phi)], 1))
    k = rng.poisson(PU_DENSITY)
    rr, ph = R_JET * np.sqrt(rng.uniform(0, 1, k)), rng.uniform(0, 2 * np.pi, k)
    rows.append(np.stack([rng.exponential(1.5, k) + 0.5, rr * np.cos(ph), rr * np.sin(ph)], 1))
    p = np.concatenate(rows)
    p = p[np.hypot(p[:, 1], p[:, 2]) < R_JET]
    return p[np.argsort(-p[:, 0])]


def jet_mass(p: np.ndarray, eta: float) -> float:
    """The invariant mass (GeV) of massless particles (pT, delta eta, delta phi) around a jet at `eta`."""
    pt, et, ph = p[:, 0], eta + p[:, 1], p[:, 2]
    e, px, py, pz = (pt * np.cosh(et)).sum(), (pt * np.cos(ph)).sum(), (pt * np.sin(ph)).sum(), (pt * np.sinh(et)).sum()
    return float(np.sqrt(max(e * e - px * px - py * py - pz * pz, 0.0)))


def pileup_particles(n: int, rng: np.random.Generator) -> np.ndarray:
    """(n, FEATURES) raw features of soft pile-up particles (1-4 GeV, anywhere in the jet's area) at |eta| < 1.5."""
    pt = rng.uniform(1.0, 4.0, n)
    rr, ph = R_JET * np.sqrt(rng.uniform(0, 1, n)), rng.uniform(0, 2 * np.pi, n)
    de, dp = rr * np.cos(ph), rr * np.sin(ph)
    return np.stack([np.log(pt), np.log(pt * np.cosh(rng.uniform(-1.5, 1.5, n) + de)), de, dp], 1)


def _split(fam: Any, n: int, rng: np.random.Generator, val: bool = False) -> dict[str, np.ndarray]:
    """One split's jets: raw features (n, N_MAX, F) with NaN in empty slots, the mask, the labels and masses."""
    kind = rng.integers(0, CLASSES, n)
    hi = val and fam.highpt_val  # the fault: validation from the 1.0-1.3 TeV slice (training 500-700 GeV)
    pts = rng.uniform(1000, 1300, n) if hi else rng.uniform(500, 700, n)
    etas = rng.uniform(-1.5, 1.5, n)
    x = np.full((n, N_MAX, FEATURES), np.nan)
    mass = np.empty(n)
    for i in range(n):
        p = _particles(int(kind[i]), float(pts[i]), rng)
        mass[i] = jet_mass(p, float(etas[i]))
        det = p.copy()
        det[:, 0] *= np.exp(rng.normal(0, 0.05, len(det)))
        det = det[det[:, 0] > 1.0]
        det = det[np.argsort(-det[:, 0])][:N_MAX]
        k = len(det)
        x[i, :k] = np.stack([np.log(det[:, 0]), np.log(det[:, 0] * np.cosh(etas[i] + det[:, 1])), det[:, 1],
                             det[:, 2]], 1)
    mask = ~np.isnan(x[..., 0])
    if fam.zero_energy:  # the fault: a constituent zero-suppressed to E = 0 but its slot kept: log(0) = -inf
        bad = rng.random(n) < fam.zero_energy
        x[bad, 1, 1] = -np.inf
    wrong = rng.random(n) < LABEL_NOISE
    y = np.where(wrong, (kind + rng.integers(1, CLASSES, n)) % CLASSES, kind)
    return {"x": x, "mask": mask, "y": y, "mass": mass}


def _stats(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-feature mean and std over the finite slots (the reference sample's statistics)."""
    mean = np.array([np.mean(x[..., f][np.isfinite(x[..., f])]) for f in range(x.shape[-1])])
    std = np.array([np.std(x[..., f][np.isfinite(x[..., f])]) for f in range(x.shape[-1])]) + 1e-6
    return mean, std


def _standardise(x: np.ndarray, mask: np.ndarray, mean: np.ndarray, std: np.ndarray) -> np.ndarray:
    out = (x - mean) / std
    return np.where(mask[..., None], out, 0.0).astype(np.float32)


def loose_match(y: np.ndarray, share: float, rng: np.random.Generator) -> np.ndarray:
    """The labels a truth match with a too-wide cone gives: `share` of the jets matched to a random parton of the
    event (any class), the rest to their own."""
    wrong = rng.random(len(y)) < share
    return np.where(wrong, rng.integers(0, CLASSES, len(y)), y)


def load_data(fam: Any, seed: int) -> Data23:
    """The family's data for `seed`, with its data faults built in."""
    rng = np.random.default_rng(2300 + seed)
    tr = _split(fam, fam.n_train, rng)
    va = _split(fam, fam.n_val, rng, val=True)
    if fam.max_events:  # the fault: a debugging `max_events` cap left in the training config
        tr = {k: v[:fam.max_events] for k, v in tr.items()}
    if fam.sort_axis0:  # the fault: `np.sort(parts, axis=0)` meant to order each jet's constituents: sorts over jets
        for s in (tr, va):
            s["x"] = np.sort(s["x"], axis=0)  # NaN (empty slots) sort last
            s["mask"] = ~np.isnan(s["x"][..., 0])
    mean, std = _stats(tr["x"])
    xt, xv = _standardise(tr["x"], tr["mask"], mean, std), _standardise(va["x"], va["mask"], mean, std)
    if fam.zero_energy:  # the -inf survives the standardisation (the mask keeps real slots)
        xt = np.where(np.isneginf(tr["x"]), -np.inf, xt).astype(np.float32)
        xv = np.where(np.isneginf(va["x"]), -np.inf, xv).astype(np.float32)
    mt, mv = tr["mask"], va["mask"]
    if fam.truth_flavour:  # the fault: the truth flavour column among the constituent features
        xt = np.concatenate([xt, np.where(mt, tr["y"][:, None], 0)[..., None].astype(np.float32)], 2)
        xv = np.concatenate([xv, np.where(mv, va["y"][:, None], 0)[..., None].astype(np.float32)], 2)
    if fam.feature_cut:  # the fault: the pT-only baseline's feature list: only the first feature(s)
        xt, xv = xt[..., :fam.feature_cut], xv[..., :fam.feature_cut]
    pool = None
    if fam.pu_overlay:
        pool = ((pileup_particles(4000, rng) - mean) / std).astype(np.float32)
    yl_t = yl_v = None
    if fam.loose_match:  # the fault: the loss's labels from a truth match with R = 0.8 (meant 0.1)
        yl_t, yl_v = loose_match(tr["y"], fam.loose_match, rng), loose_match(va["y"], fam.loose_match, rng)
    x_extra = m_extra = y_extra = None
    if fam.stage2_at:  # the second stage's jets, their labels in the stage-2 config's order (top, W, gluon, quark)
        ex = _split(fam, fam.n_train // 2, rng)
        x_extra, m_extra = _standardise(ex["x"], ex["mask"], mean, std), ex["mask"]
        y_extra = (CLASSES - 1 - ex["y"]).astype(np.int64)
    jets = fam.data == "jets"
    if jets:
        yt, yv = tr["y"].astype(np.int64), va["y"].astype(np.int64)
    else:
        yt = ((tr["mass"] - M_MEAN) / M_STD).astype(np.float32)
        yv = ((va["mass"] - M_MEAN) / M_STD).astype(np.float32)
    return Data23(fam.data, xt, yt, xv, yv, mt, mv, CLASSES if jets else 1, pool,
                  None if yl_t is None else yl_t.astype(np.int64), None if yl_v is None else yl_v.astype(np.int64),
                  x_extra, m_extra, y_extra)


def chance_loss(fam: Any) -> float:
    """The loss of a model that knows nothing, where the task defines one: ln 4 for the four jet classes."""
    if fam.data == "jets":
        return float(np.log(CLASSES))
    return float("nan")
