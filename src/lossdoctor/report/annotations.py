"""What to draw on the curves, read from the findings' evidence (the conventions in the project brief).

`Finding.span` becomes a shaded x-range; each `Finding.marks` entry (set by the rule from typed evidence fields)
becomes a labelled vertical marker, or point markers when it holds several positions. A marker
sits on the finding's series at its exact x; a non-finite value there makes it a NaN/inf flag.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Real
from typing import Any

import numpy as np

from ..engine import Report
from ..findings import Finding
from ..i18n import Lang
from ..model import Kind, Run, Series, Split
from . import i18n

MAX_POINTS_PER_KEY = 200  # a list of hundreds of spikes is drawn as its first 200


@dataclass(frozen=True)
class Shade:
    """An x-range where a finding applies."""

    axis: str
    start: float
    end: float
    label: str
    finding: str
    code: str
    severity: str


@dataclass(frozen=True)
class Marker:
    """An x position named by a finding's evidence, optionally sitting on one series."""

    axis: str
    x: float
    label: str
    key: str
    finding: str
    code: str
    severity: str
    series: str | None = None
    y: float | None = None  # the series' value at x; None when the marker is not on a series
    nonfinite: bool = False  # the series is NaN/inf at x
    point: bool = False  # one of several positions (drawn as a dot, not a full-height line)


def _is_number(v: Any) -> bool:
    return isinstance(v, Real) and not isinstance(v, bool) and math.isfinite(float(v))


def _position_keys(f: Finding) -> list[tuple[str, list[float], bool]]:
    """The finding's marks (set by its rule from typed evidence fields): (label key, positions, several?)."""
    out: list[tuple[str, list[float], bool]] = []
    for m in f.marks:
        xs = [float(x) for x in m.xs[:MAX_POINTS_PER_KEY] if _is_number(x)]
        if xs:
            out.append((m.key, xs, m.many))
    return out


def _series_for(run: Run, f: Finding, axis: str | None) -> Series | None:
    """The series a finding's markers sit on: the one its evidence names, else the last of `Finding.series`."""
    named = f.evidence.get("series")
    keys = ([named] if isinstance(named, str) else []) + list(reversed(f.series))
    for key in keys:
        s = run.get(key)
        if s is not None and (axis is None or s.axis.value == axis):
            return s
    return None


def _axis_of(run: Run, f: Finding, key: str) -> str:
    if f.span is not None:
        return f.span.axis
    s = _series_for(run, f, None)
    if s is not None:
        return s.axis.value
    return "epoch" if key.endswith(("_epoch", "_epochs")) else "step"


def _x_range(run: Run, axis: str) -> tuple[float, float]:
    xs = [s.steps for s in run.series if s.axis.value == axis and len(s)]
    if not xs:
        return float("inf"), float("-inf")
    return float(min(x[0] for x in xs)), float(max(x[-1] for x in xs))


def _value_at(s: Series, x: float) -> float | None:
    i = int(np.searchsorted(s.steps, x))
    if i < len(s) and s.steps[i] == x:
        return float(s.values[i])
    return None


def finding_marks(run: Run, f: Finding, lang: Lang) -> tuple[list[Shade], list[Marker]]:
    """Shades and markers of one finding."""
    name = i18n.title(f, lang)
    shades = [] if f.span is None else [Shade(f.span.axis, float(f.span.start), float(f.span.end), name, f.name,
                                              f.code, f.severity.label)]
    markers: list[Marker] = []
    for key, xs, many in _position_keys(f):
        axis = _axis_of(run, f, key)
        s = _series_for(run, f, axis)
        lo, hi = _x_range(run, axis)
        for x in xs:
            if not lo <= x <= hi:  # not a position on this run's axis
                continue
            y = _value_at(s, x) if s is not None else None
            bad = y is not None and not math.isfinite(y)
            text = f"{i18n.evidence_key(key, lang)}" if many else f"{i18n.evidence_key(key, lang)} {x:g}"
            markers.append(Marker(axis, x, text, key, f.name, f.code, f.severity.label,
                                  s.key if s is not None else None, None if bad else y, bad, many))
    return shades, markers


def annotate(report: Report, lang: Lang) -> tuple[list[Shade], list[Marker]]:
    """All shades and markers of a report. Findings explained by another keep their markers, not their shade."""
    shades: list[Shade] = []
    markers: list[Marker] = []
    for f in report.findings:
        sh, mk = finding_marks(report.run, f, lang)
        if not f.explained_by:
            shades.extend(sh)
        markers.extend(mk)
    return shades, markers


def best_position(report: Report) -> tuple[str, float] | None:
    """The best epoch/step of a run for the summary table: from the evidence, else the val loss minimum."""
    for f in report.findings:
        for key in ("best_epoch", "best_step"):
            v = f.evidence.get(key)
            if _is_number(v):
                return key.split("_")[1], float(v)
    s = report.run.find(Kind.LOSS, Split.VAL) or report.run.find(Kind.LOSS, Split.TRAIN)
    if s is None or not np.isfinite(s.values).any():
        return None
    i = int(np.nanargmin(np.where(np.isfinite(s.values), s.values, np.nan)))
    return s.axis.value, float(s.steps[i])
