"""How sure a verdict is: effect size against the curve's own noise, and how many points were seen.

    strength   = 1 - 0.25 ** (z / z_threshold)      z: the effect in noise units (z >= 0)
    coverage   = 1 - exp(-points / POINTS_SCALE)    points: evaluations (or view points) the effect rests on
    confidence = clip(strength * coverage, 0.05, 0.99)

An effect exactly at the rule's threshold gives strength 0.75, twice the threshold 0.94; three points give
coverage 0.53, five 0.71, ten 0.92, twenty 0.99. A finding on a three-epoch excerpt therefore says it is
unsure (about 0.4), and a clear effect over forty epochs says 0.9+. Effects that are exact rather than
statistical (a NaN, a loss constant to 7 digits) use `certain`.
"""
from __future__ import annotations

import math

from ..i18n import Text

POINTS_SCALE = 4.0
LOW = 0.05
HIGH = 0.99
SHORT = 10  # fewer points than this and the finding says what more would settle it


def confidence(z: float, z_threshold: float, points: int) -> float:
    """Confidence from an effect of `z` noise units (the rule fires at `z_threshold`) seen over `points` points."""
    if not math.isfinite(z):
        z = 1e9 if z > 0 else 0.0
    strength = 1.0 - 0.25 ** (max(z, 0.0) / max(z_threshold, 1e-12))
    return round(min(HIGH, max(LOW, strength * coverage(points))), 2)


def coverage(points: int) -> float:
    """How much the number of points seen allows a verdict to be sure of (0 for none, ~1 from 20 on)."""
    return 1.0 - math.exp(-max(points, 0) / POINTS_SCALE)


def certain(points: int) -> float:
    """An exact observation: only the number of points limits it."""
    return confidence(math.inf, 1.0, max(points, 20))


def effect_z(effect: float, noise: float, scale: float) -> float:
    """`effect` in noise units; a noiseless curve is measured against a millionth of its scale."""
    floor = 1e-6 * abs(scale) if scale else 1e-12
    return abs(effect) / max(noise, floor, 1e-300)


def settle_more(points: int, unit: tuple[str, str], what: Text) -> Text | None:
    """'Seen over N epochs: <what> would settle it.' for short logs; None when enough was seen."""
    if points >= SHORT:
        return None
    ue, uz = unit
    more = max(5, SHORT - points)
    return Text(f"Only {points} {ue}s seen (low confidence): {more} more {ue}s {what.en} would settle it.",
                f"只看到 {points} {uz}（置信度低）：再记录 {more} {uz}{what.zh}即可确定。")
