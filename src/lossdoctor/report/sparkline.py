"""Unicode sparklines so the shape of a curve shows in a terminal; curves drawn together share the x range."""
from __future__ import annotations

import numpy as np

BARS = "▁▂▃▄▅▆▇█"
NONFINITE = "×"
MISSING = " "


def _bucket_means(x: np.ndarray, y: np.ndarray, lo: float, hi: float, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Mean of the finite values per x-bucket, and whether a bucket holds a NaN/inf."""
    edges = np.linspace(lo, hi, width + 1)
    b = np.clip(np.searchsorted(edges, x, side="right") - 1, 0, width - 1)
    finite = np.isfinite(y)
    sums = np.bincount(b[finite], weights=y[finite], minlength=width)
    counts = np.bincount(b[finite], minlength=width)
    bad = np.bincount(b[~finite], minlength=width) > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
    return means, bad


def sparklines(curves: list[tuple[np.ndarray, np.ndarray]], width: int = 40) -> list[str]:
    """One line per (x, y) curve over a shared x range; each curve on its own y scale so its shape shows
    (log when it spans >1e3 and is all > 0); a flat curve sits mid-height. NaN/inf buckets show as ×."""
    xs = [x for x, _ in curves if x.size]
    if not xs:
        return ["" for _ in curves]
    lo = float(min(x.min() for x in xs))
    hi = float(max(x.max() for x in xs))
    if hi <= lo:
        hi = lo + 1.0
    lines = []
    for x, y in curves:
        means, bad = _bucket_means(np.asarray(x, float), np.asarray(y, float), lo, hi, width)
        lines.append(_line(means, bad))
    return lines


def _line(means: np.ndarray, bad: np.ndarray) -> str:
    finite = means[np.isfinite(means)]
    top = float(np.abs(finite).max()) if finite.size else 0.0
    if top > 1e300:  # near float max the span itself overflows: draw the same shape at a smaller scale
        means, finite = means / top, finite / top
    use_log = bool(finite.size and (finite > 0).all() and finite.max() / finite.min() > 1e3)
    tf = np.log10 if use_log else (lambda a: a)
    ymin = float(tf(finite.min())) if finite.size else 0.0
    span = float(tf(finite.max())) - ymin if finite.size else 0.0
    chars = []
    for m, b in zip(means, bad):
        if b:
            chars.append(NONFINITE)
        elif not np.isfinite(m):
            chars.append(MISSING)
        elif span <= 0:
            chars.append(BARS[len(BARS) // 2])
        else:
            level = int(round((float(tf(m)) - ymin) / span * (len(BARS) - 1)))
            chars.append(BARS[max(0, min(len(BARS) - 1, level))])
    return "".join(chars).rstrip()
