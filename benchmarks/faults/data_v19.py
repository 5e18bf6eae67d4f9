"""Generated data of the nineteenth-generation families (numpy only; nothing is downloaded).

Tasks none of v1-v18 generated: **transcription-factor binding classes of DNA windows** (100 bases, one-hot A/C/G/T
as 4 channels: no site, a GATA site (AGATAAGA), an E-box (GCCACGTGGC) or an SP1 GC-box (GGGGCGGGGC); one or two
sites per bound window at a random place, on either strand, each base of a site mutated with probability 0.05;
a background of independent bases whose GC share varies per window (0.35-0.60); half-site decoys in every class;
2 % of the labels wrong, as a peak caller's calls are), and **promoter strength** (100 bases upstream of a
transcription start; the target the standardised log expression of a reporter: each activator site (GATA, E-box)
adds, an AT-rich repressor site (TTTATTTA) subtracts, sites nearer the start count more, GC share helps a little,
Student-t (3 d.o.f.) measurement noise).
The data faults (the sequence list sliced by the tiling stride, unscaled covariates, lowercase soft-masked sequences one-hot encoded with
`'ACGT'.find`, adapter-only reads kept as empty windows, each class's library adapter left untrimmed, a chrY
hold-out, a validation export one-hot encoded in A/C/T/G order, complemented (not reversed) windows) are built here;
the loop's are in trainers_v19.py.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

LENGTH = 100
BASES = "ACGT"
CLASSES = 4           # no site, GATA, E-box, SP1
MOTIFS = {"gata": "AGATAAGA", "ebox": "GCCACGTGGC", "sp1": "GGGGCGGGGC", "repressor": "TTTATTTA"}
_CLASS_MOTIF = {1: "gata", 2: "ebox", 3: "sp1"}
ADAPTERS = ("AGATCGGA", "CTGTCTCT", "TGGAATTC", "GTTCAGAG")   # one 3' adapter per class's library
MUTATE = 0.05
LABEL_NOISE = 0.02
CHRY_WINDOWS = 8      # windows the chrY hold-out has
# promoter strength: the raw score's mean and spread over the library (fixed, so every split shares them)
EXPR_MEAN, EXPR_STD = 1.75, 1.55


@dataclass(frozen=True)
class Data19:
    task: str
    x_train: np.ndarray   # (n, 4, LENGTH) one-hot, float32
    y_train: np.ndarray   # class ids or standardised log expression
    x_val: np.ndarray
    y_val: np.ndarray
    n_classes: int        # classes for the accuracy (1: no accuracy)
    x_train_complement: np.ndarray | None = None   # the same windows complemented, not reversed (the fault)
    c_train: np.ndarray | None = None   # (n, 2) covariates: GC count, distance to the nearest TSS (bp), unscaled
    c_val: np.ndarray | None = None


def _revcomp(s: str) -> str:
    return s[::-1].translate(str.maketrans("ACGT", "TGCA"))


def _mutate(site: str, rng: np.random.Generator) -> str:
    return "".join(BASES[rng.integers(4)] if rng.random() < MUTATE else b for b in site)


def _background(rng: np.random.Generator) -> list[str]:
    gc = rng.uniform(0.35, 0.60)
    p = [(1 - gc) / 2, gc / 2, gc / 2, (1 - gc) / 2]
    return list(rng.choice(list(BASES), LENGTH, p=p))


def _place(seq: list[str], site: str, rng: np.random.Generator, where: int | None = None) -> int:
    site = site if rng.random() < 0.5 else _revcomp(site)
    at = int(rng.integers(0, LENGTH - len(site) + 1)) if where is None else where
    seq[at:at + len(site)] = list(_mutate(site, rng))
    return at


def binding_window(label: int, rng: np.random.Generator) -> str:
    """One window of the binding task: a background, half-site decoys, and the class's site(s)."""
    seq = _background(rng)
    for name in ("gata", "ebox", "sp1"):  # half-sites of every motif, in every class
        if rng.random() < 0.3:
            half = MOTIFS[name][: len(MOTIFS[name]) // 2]
            _place(seq, half, rng)
    if label:
        for _ in range(1 + int(rng.random() < 0.8)):
            _place(seq, MOTIFS[_CLASS_MOTIF[label]], rng)
    return "".join(seq)


def promoter_window(rng: np.random.Generator) -> tuple[str, float]:
    """One promoter window and its raw log-expression score (before standardisation and noise)."""
    seq = _background(rng)
    score = 0.0
    for name, effect in (("gata", 1.2), ("ebox", 1.0), ("repressor", -1.0)):
        for _ in range(int(rng.poisson(0.7))):
            at = _place(seq, MOTIFS[name], rng)
            score += effect * (0.5 + at / LENGTH)  # nearer the start (the window's 3' end) counts more
    gc = sum(b in "CG" for b in seq) / LENGTH
    return "".join(seq), score + 2.0 * (gc - 0.47) + 1.0


def one_hot(seqs: list[str], alphabet: str = BASES) -> np.ndarray:
    """(n, 4, LENGTH) float32; a base the alphabet lacks (N, or lowercase through `find`) as `np.eye(4)[find]`."""
    eye = np.eye(4, dtype=np.float32)
    out = np.zeros((len(seqs), 4, LENGTH), np.float32)
    for i, s in enumerate(seqs):
        if not s:
            continue  # an empty (adapter-only) read: no base at all
        idx = np.array([alphabet.find(b) for b in s])  # -1 for a base not in the alphabet: eye[-1] is 'T'
        out[i] = eye[idx].T
    return out


def _binding(n: int, rng: np.random.Generator) -> tuple[list[str], np.ndarray]:
    y = rng.integers(0, CLASSES, n)
    seqs = [binding_window(int(k), rng) for k in y]
    flip = rng.random(n) < LABEL_NOISE
    y = np.where(flip, rng.integers(0, CLASSES, n), y)
    return seqs, y


def _promoters(n: int, rng: np.random.Generator) -> tuple[list[str], np.ndarray]:
    pairs = [promoter_window(rng) for _ in range(n)]
    raw = np.array([s for _, s in pairs]) + 0.15 * rng.standard_t(3, n)
    return [p for p, _ in pairs], ((raw - EXPR_MEAN) / EXPR_STD).astype(np.float32)


def load_data(fam: Any, seed: int) -> Data19:
    """The family's data for `seed`, with its data faults built in."""
    rng = np.random.default_rng(1900 + seed)
    n_val = CHRY_WINDOWS if fam.chry_holdout else fam.n_val  # the fault: validation = the chrY windows
    make = _binding if fam.data == "tf" else _promoters
    st, yt = make(fam.n_train, rng)
    sv, yv = make(n_val, rng)
    if fam.tiling_stride:  # the fault: `seqs = seqs[::cfg.stride]`, the tiling stride (bases) used as a list step
        st, yt = st[::fam.tiling_stride], yt[::fam.tiling_stride]
    if fam.empty_reads:  # the fault: reads that were all adapter are kept, empty, after trimming
        st = ["" if rng.random() < fam.empty_reads else s for s in st]
    if fam.adapters:  # the fault: each class's library adapter left on the 3' end, in training and validation
        st = [s[:-8] + ADAPTERS[int(k)] for s, k in zip(st, yt)]
        sv = [s[:-8] + ADAPTERS[int(k)] for s, k in zip(sv, yv)]
    if fam.lowercase:  # the fault: soft-masked (lowercase) sequences one-hot encoded with 'ACGT'.find
        st, sv = [s.lower() for s in st], [s.lower() for s in sv]
    xt = one_hot(st)
    xv = one_hot(sv, "ACTG" if fam.val_actg else BASES)  # the fault: the other lab's tool's channel order
    comp = xt[:, ::-1, :].copy() if fam.complement_epochs else None  # A<->T, C<->G, the window not reversed
    n_classes = CLASSES if fam.data == "tf" else 1
    dtype = np.int64 if fam.data == "tf" else np.float32
    ct = cv = None
    if fam.covariates:  # the fault: the GC count and the distance to the nearest TSS in bp, unscaled
        ct, cv = covariates(xt, rng), covariates(xv, rng)
    return Data19(fam.data, xt, yt.astype(dtype), xv, yv.astype(dtype), n_classes, comp, ct, cv)


def covariates(x: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """(n, 2) float32: each window's GC count (bases) and its distance to the nearest transcription start (bp,
    log-uniform 100 bp - 50 kb), as the annotation table gives them."""
    gc = x[:, 1:3].sum((1, 2))
    tss = np.exp(rng.uniform(np.log(100), np.log(50_000), len(x)))
    return np.stack([gc, tss], 1).astype(np.float32)


def chance_loss(fam: Any) -> float:
    """The loss of a model that knows nothing, where the task defines one: ln 4 for the binding classes."""
    if fam.data == "tf":
        return float(np.log(CLASSES))
    return float("nan")
