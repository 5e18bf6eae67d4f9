"""Shared views of probe series (integrations/probes.py, or the same keys read back from a log) for LD2xx rules.

Layers come in the order the run holds them: the order the probes log them, which is the order the model
registers its parameters (input side first). Values of one rank (`@rankN`) are left to the non-finite rule.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import probekeys
from ..model import Kind, Run, Series


@dataclass(frozen=True)
class Layer:
    module: str
    series: Series

    @property
    def finite(self) -> np.ndarray:
        v = self.series.values
        return v[np.isfinite(v)]


def layers(run: Run, kind: Kind) -> list[Layer]:
    """Per-layer probe series of `kind`, in depth order."""
    out = []
    for s in run.series:
        k = probekeys.parse(s.key)
        if k is not None and k.kind is kind and k.module and k.rank is None and not k.where:
            out.append(Layer(k.module, s))
    return out


def total(run: Run, kind: Kind) -> Series | None:
    """The whole-model series of `kind` ('grad_norm'), or the primary one a log gave (HF's 'grad_norm')."""
    for s in run.series:
        k = probekeys.parse(s.key)
        if k is not None and k.kind is kind and not k.module and k.rank is None:
            return s
    found = [s for s in run.find_all(kind) if s.primary]
    return max(found, key=len) if found else None


def late(values: np.ndarray, share: float) -> np.ndarray:
    """The finite values of the last `share` of the points (at least one point when there is one)."""
    n = values.size
    tail = values[n - max(1, int(round(n * share))):] if n else values
    return tail[np.isfinite(tail)]


def median(values: np.ndarray) -> float:
    """The median, NaN for no values (no warning)."""
    return float(np.median(values)) if values.size else float("nan")


def fmt_layers(items: list[tuple[str, float]], fmt: str = "{:.0%}", limit: int = 4) -> str:
    shown = ", ".join(f"{m} {fmt.format(v)}" for m, v in items[:limit])
    return shown + (f" (+{len(items) - limit} more)" if len(items) > limit else "")


@dataclass(frozen=True)
class Share:
    """One layer's share of bad units (dead, saturated): at its first point and over the late part of the run."""

    module: str
    key: str
    first: float
    level: float  # median over the late part
    crossed: float  # first step at or above the threshold (nan if never)
    points: int


def shares(run: Run, kind: Kind, late_share: float, threshold: float, min_points: int) -> list[Share]:
    """Layers whose late median share is at or above `threshold`, worst first."""
    out = []
    for la in layers(run, kind):
        f = la.finite
        if f.size < min_points:
            continue
        level = median(late(la.series.values, late_share))
        if level >= threshold:
            v, s = la.series.values, la.series.steps
            over = np.flatnonzero(np.isfinite(v) & (v >= threshold))
            out.append(Share(la.module, la.series.key, float(f[0]), level,
                             float(s[over[0]]) if over.size else float("nan"), int(f.size)))
    return sorted(out, key=lambda x: -x.level)


@dataclass(frozen=True)
class Shares:
    """The evidence of a bad-unit probe rule (dead, saturated): the worst layer, every layer over the threshold,
    how many layers were probed, and the run's axis and last position."""

    worst: Share
    layers: tuple[Share, ...]
    all_layers: int
    axis: str
    end: float


def measure_shares(run: Run, kind: Kind, late_share: float, threshold: float, min_points: int) -> Shares | None:
    found = shares(run, kind, late_share, threshold, min_points)
    if not found:
        return None
    s = run.get(found[0].key)
    assert s is not None
    return Shares(found[0], tuple(found), len(layers(run, kind)), s.axis.value, float(s.steps[-1]))
