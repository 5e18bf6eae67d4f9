"""Shared by the release-6 and release-7 reader tests: the series a text log gives, and one assertion on a series."""
from __future__ import annotations

import numpy as np

from lossdoctor.model import Axis, Kind, Split
from lossdoctor.readers.text_log import parse_text


def series_of(text: str) -> dict[str, tuple[Split, Axis, list[float], list[float]]]:
    """Every loss, accuracy, error and score series read from `text`: key -> (split, axis, steps, values)."""
    run = parse_text(text, "t", "t.log")
    return {s.key: (s.split, s.axis, s.steps.tolist(), s.values.tolist()) for s in run.series
            if s.kind in (Kind.LOSS, Kind.ACCURACY, Kind.ERROR_RATE, Kind.ERROR, Kind.SCORE)}


def assert_series(got: tuple, split: Split, axis: Axis, steps: list[float], values: list[float]) -> None:
    """One series as read: its split and axis exactly, steps and values (NaN kept) to rounding."""
    assert (got[0], got[1]) == (split, axis)
    np.testing.assert_allclose(got[2], steps, atol=1e-6)
    np.testing.assert_allclose(got[3], values, atol=1e-9, equal_nan=True)
