"""The plots of one run as data (panels of decimated curves + annotations), shared by the HTML and PNG reports.

Panels follow seed 003: the losses, the accuracy beside them (§3.2), the per-evaluation change of the
losses (§3.1), then any other logged series (learning rate, gradient norm...).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..engine import Report
from ..i18n import Lang
from ..model import Kind, Series, Split
from . import i18n
from .annotations import Marker, Shade, annotate
from .decimate import DEFAULT_BUCKETS, decimate

METRIC_KINDS = (Kind.ACCURACY, Kind.ERROR_RATE, Kind.SCORE)
DELTA_MAX_POINTS = 1000  # longer curves are averaged into this many bins before differencing
LOG_RATIO = 1e3  # suggest a log y axis when the finite positive values span more than this


@dataclass(frozen=True)
class Curve:
    key: str
    split: str
    kind: str
    axis: str
    x: np.ndarray  # decimated for display
    y: np.ndarray
    primary: bool
    points: int  # points in the full series


@dataclass(frozen=True)
class Panel:
    id: str
    role: str  # loss | metric | delta | other
    axis: str
    title: str
    curves: tuple[Curve, ...]
    log: bool


@dataclass(frozen=True)
class RunPlot:
    panels: tuple[Panel, ...]
    shades: tuple[Shade, ...]
    markers: tuple[Marker, ...]
    main_axis: str

    def panel(self, role: str) -> Panel | None:
        return next((p for p in self.panels if p.role == role), None)


def suggest_log(values: list[np.ndarray]) -> bool:
    """True when the positive finite values span orders of magnitude (a diverging loss) and none is <= 0."""
    finite = [v[np.isfinite(v)] for v in values]
    allv = np.concatenate(finite) if finite else np.array([])
    if allv.size == 0 or (allv <= 0).any():
        return False
    return bool(allv.max() / allv.min() > LOG_RATIO)


def rate_of_change(s: Series, max_points: int = DELTA_MAX_POINTS) -> tuple[np.ndarray, np.ndarray]:
    """Per-evaluation change of a curve (seed 003 §3.1: np.diff); long curves are bin-averaged first."""
    x, y = s.steps, s.values
    if len(s) > max_points:
        edges = np.linspace(0, len(s), max_points + 1).astype(np.int64)
        finite = np.isfinite(y)
        sums = np.add.reduceat(np.where(finite, y, 0.0), edges[:-1])
        counts = np.add.reduceat(finite.astype(np.float64), edges[:-1])
        bad = np.add.reduceat((~finite).astype(np.int64), edges[:-1]) > 0
        with np.errstate(invalid="ignore", divide="ignore"):
            y = np.where(bad | (counts == 0), np.nan, sums / np.maximum(counts, 1))
        x = (x[edges[:-1]] + x[edges[1:] - 1]) / 2.0
    if x.size < 2:
        return np.array([]), np.array([])
    with np.errstate(invalid="ignore"):
        return x[1:], np.diff(y)


def _curve(s: Series, keep_x: np.ndarray, n_buckets: int) -> Curve:
    x, y = decimate(s.steps, s.values, n_buckets, keep_x)
    return Curve(s.key, s.split.value, s.kind.value, s.axis.value, x, y, s.primary, len(s))


def _main_axis(report: Report) -> str:
    lead = report.primary
    if lead is not None and lead.span is not None:
        return lead.span.axis
    s = report.run.find(Kind.LOSS, Split.VAL) or report.run.find(Kind.LOSS, Split.TRAIN) or \
        next(iter(report.run.find_all(Kind.LOSS)), None)
    return s.axis.value if s is not None else "epoch"


def build(report: Report, lang: Lang, n_buckets: int = DEFAULT_BUCKETS) -> RunPlot:
    """Panels for one run, main axis first; curves decimated so markers stay on exact points."""
    run = report.run
    shades, markers = annotate(report, lang)
    main = _main_axis(report)
    keep = {a: np.array([m.x for m in markers if m.axis == a] + [v for sh in shades if sh.axis == a
                                                                   for v in (sh.start, sh.end)])
            for a in ("epoch", "step")}
    axes = [main] + [a for a in ("epoch", "step") if a != main]
    axis_word = {a: i18n.label(a, lang) for a in axes}
    panels: list[Panel] = []
    for axis in axes:
        losses = [s for s in run.find_all(Kind.LOSS) if s.axis.value == axis]
        metrics = [s for s in run.series if s.kind in METRIC_KINDS and s.axis.value == axis]
        if losses:
            curves = tuple(_curve(s, keep[axis], n_buckets) for s in losses)
            panels.append(Panel(f"loss-{axis}", "loss", axis, f"{i18n.label('loss', lang)} / {axis_word[axis]}",
                                curves, suggest_log([s.values for s in losses])))
        if metrics:
            curves = tuple(_curve(s, keep[axis], n_buckets) for s in metrics)
            panels.append(Panel(f"metric-{axis}", "metric", axis,
                                f"{i18n.label('accuracy', lang)} / {axis_word[axis]}", curves, False))
    main_losses = [s for s in run.find_all(Kind.LOSS) if s.axis.value == main and s.primary]
    deltas = []
    for s in main_losses:
        x, y = rate_of_change(s)
        if x.size:
            deltas.append(Curve(f"Δ {s.key}", s.split.value, "delta", main, x, y, True, len(s)))
    if deltas:
        panels.append(Panel(f"delta-{main}", "delta", main, i18n.label("delta", lang), tuple(deltas), False))
    shown = {c.key for p in panels for c in p.curves}
    others: dict[tuple[str, str], list[Series]] = {}
    for s in run.series:
        if s.key not in shown and s.kind is not Kind.LOSS and s.kind not in METRIC_KINDS:
            others.setdefault((s.kind.value, s.axis.value), []).append(s)
    for (kind, axis), group in others.items():
        curves = tuple(_curve(s, keep[axis], n_buckets) for s in group)
        panels.append(Panel(f"other-{kind}-{axis}", "other", axis, f"{kind} / {axis_word.get(axis, axis)}",
                            curves, kind == "lr" and suggest_log([s.values for s in group])))
    return RunPlot(tuple(panels), tuple(shades), tuple(markers), main)
