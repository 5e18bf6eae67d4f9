"""Does a finding's confidence say how often it is right? A reliability table, expected calibration error and Brier score.

A user reads a finding's confidence (0-1) as the chance that the finding is right. These pure functions take one
array of confidences and one of outcomes (1 = right, 0 = wrong), one entry per finding, and say how far the two
differ: per confidence bin the share right beside the mean confidence (the reliability table), the expected
calibration error (the bins' |gap| weighted by their share of findings) and the Brier score (mean squared
difference). `right_on_run` is the one place that says what "right" means for a finding on a labelled run.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

EDGES = (0.0, 0.4, 0.6, 0.8, 1.0)  # the last bin is closed: [0.8, 1.0]
WARNING_UP = ("warning", "error")


def right_on_run(name: str, severity: str, healthy: bool, labels: Iterable[str], acceptable: Iterable[str]) -> bool:
    """Whether one finding is right on a labelled run. Problem run: its name is in labels or acceptable. Healthy run:
    a warning or error is wrong; a note is not wrong only when acceptable lists it (a known, harmless property of
    the run such as still_improving), otherwise it says something the person did not see."""
    if healthy:
        return severity not in WARNING_UP and name in set(acceptable)
    return name in set(labels) | set(acceptable)


@dataclass(frozen=True)
class Bin:
    """One confidence bin: how many findings fall in it, how many of them were right, their mean confidence."""

    lo: float
    hi: float
    n: int
    right: float  # share right (nan when empty)
    mean_conf: float  # mean confidence (nan when empty)

    @property
    def gap(self) -> float:
        """Mean confidence minus share right: > 0 over-confident, < 0 under-confident."""
        return self.mean_conf - self.right


def _arrays(conf: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    c = np.asarray(conf, dtype=float).ravel()
    r = np.asarray(right, dtype=float).ravel()
    if c.shape != r.shape:
        raise ValueError(f"confidences ({c.size}) and outcomes ({r.size}) differ in length")
    if c.size and (np.any(~np.isfinite(c)) or c.min() < 0 or c.max() > 1):
        raise ValueError("confidences must be finite and in [0, 1]")
    return c, r


def bin_index(conf: np.ndarray, edges: tuple[float, ...] = EDGES) -> np.ndarray:
    """The bin of each confidence: [e0, e1), [e1, e2), ..., [e_{k-1}, e_k] (the top edge belongs to the last bin)."""
    c = np.asarray(conf, dtype=float)
    return np.clip(np.searchsorted(np.asarray(edges), c, side="right") - 1, 0, len(edges) - 2)


def reliability(conf: np.ndarray, right: np.ndarray, edges: tuple[float, ...] = EDGES) -> list[Bin]:
    """Per bin: findings, share right, mean confidence (empty bins kept, with nan, so tables line up)."""
    c, r = _arrays(conf, right)
    idx = bin_index(c, edges)
    out = []
    for b in range(len(edges) - 1):
        m = idx == b
        n = int(m.sum())
        out.append(Bin(edges[b], edges[b + 1], n, float(r[m].mean()) if n else float("nan"),
                       float(c[m].mean()) if n else float("nan")))
    return out


def ece(conf: np.ndarray, right: np.ndarray, edges: tuple[float, ...] = EDGES) -> float:
    """Expected calibration error: sum over bins of (findings in bin / all findings) * |mean confidence - share right|."""
    c, _ = _arrays(conf, right)
    if not c.size:
        return float("nan")
    return float(sum(b.n / c.size * abs(b.gap) for b in reliability(conf, right, edges) if b.n))


def brier(conf: np.ndarray, right: np.ndarray) -> float:
    """Mean squared difference between confidence and outcome (0 best; always saying 0.5 scores 0.25)."""
    c, r = _arrays(conf, right)
    return float(np.mean((c - r) ** 2)) if c.size else float("nan")


def auc(conf: np.ndarray, right: np.ndarray) -> float:
    """The chance that a right finding carries a higher confidence than a wrong one (ties count half; Mann-Whitney):
    0.5 = confidence does not rank right above wrong, 1 = it always does; nan when all are right or all wrong.
    Calibration (ECE) says whether the level is right; this says whether the order is."""
    c, r = _arrays(conf, right)
    pos, neg = c[r > 0.5], c[r <= 0.5]
    if not pos.size or not neg.size:
        return float("nan")
    diff = pos[:, None] - neg[None, :]
    return float(((diff > 0).sum() + 0.5 * (diff == 0).sum()) / diff.size)


def by_name(names: list[str], conf: np.ndarray, right: np.ndarray) -> list[tuple[str, int, float, float, float]]:
    """Per finding name: (name, findings, share right, mean confidence, AUC within the name), most findings first."""
    c, r = _arrays(conf, right)
    a = np.asarray(names)
    rows = [(str(n), int((a == n).sum()), float(r[a == n].mean()), float(c[a == n].mean()), auc(c[a == n], r[a == n]))
            for n in set(names)]
    return sorted(rows, key=lambda t: (-t[1], t[0]))


def _f(x: float, fmt: str = ".2f") -> str:
    return "-" if x != x else format(x, fmt)


def table_lines(title: str, conf: np.ndarray, right: np.ndarray, edges: tuple[float, ...] = EDGES) -> list[str]:
    """A markdown reliability table for one group of findings, then its ECE and Brier score."""
    bins = reliability(conf, right, edges)
    last = len(bins) - 1
    lines = [f"{title}: {len(np.asarray(conf).ravel())} findings, ECE {_f(ece(conf, right, edges), '.3f')}, "
             f"Brier {_f(brier(conf, right), '.3f')}, AUC {_f(auc(conf, right))}", "",
             "| confidence | findings | share right | mean confidence | gap (conf - right) |", "|---|---|---|---|---|"]
    for i, b in enumerate(bins):
        span = f"[{b.lo:.1f}, {b.hi:.1f}{']' if i == last else ')'}"
        lines.append(f"| {span} | {b.n} | {_f(b.right)} | {_f(b.mean_conf)} | {_f(b.gap, '+.2f')} |")
    return lines


def report_lines(findings: list[tuple[str, str, float, bool]], edges: tuple[float, ...] = EDGES,
                 min_per_name: int = 5) -> list[str]:
    """The whole calibration report for (name, severity, confidence, right) findings: all, warning+, notes, then
    per name (names with at least `min_per_name` findings) sorted by gap."""
    lines: list[str] = []
    groups = (("all findings", lambda s: True), ("warning+ findings", lambda s: s in WARNING_UP),
              ("notes (info)", lambda s: s not in WARNING_UP))
    for title, keep in groups:
        sel = [f for f in findings if keep(f[1])]
        conf = np.array([f[2] for f in sel], dtype=float)
        right = np.array([f[3] for f in sel], dtype=float)
        lines += table_lines(title, conf, right, edges) + [""]
    names = [f[0] for f in findings]
    rows = by_name(names, np.array([f[2] for f in findings], dtype=float),
                   np.array([f[3] for f in findings], dtype=float)) if findings else []
    rows = sorted((r for r in rows if r[1] >= min_per_name), key=lambda t: t[2] - t[3])
    lines += [f"per finding name (>= {min_per_name} findings), most over-confident first (AUC: does a higher "
              "confidence mean right more often within the name; - when all right or all wrong):", "",
              "| finding | findings | share right | mean confidence | gap | AUC |", "|---|---|---|---|---|---|"]
    lines += [f"| {n} | {k} | {r:.2f} | {c:.2f} | {c - r:+.2f} | {_f(a)} |" for n, k, r, c, a in rows]
    return lines
