"""Whether a logged curve starts at the start of training: only then is its first value an initial loss."""
from __future__ import annotations

import numpy as np


def starts_at_start(steps: np.ndarray, first_position: float = 1.0, span_share: float = 0.1,
                    intervals: float = 1.5, whole_epochs: bool = False) -> bool:
    """True when the first logged position is where training begins.

    A whole first position of 0 or 1 (epoch 0/1, step 0/1) is the start; otherwise the first point must lie
    within about one logging interval of 0, or within the first `span_share` of the logged span. A fractional
    epoch such as 0.0215 (batch 750 of 34,799) is not the start when the log was written every 10 batches: 75
    intervals of training came before it, and its loss no longer says what an untrained model scores. With
    `whole_epochs` (an axis of whole epochs), a first epoch after the first is never the start, whatever the interval.
    """
    s = np.asarray(steps, dtype=float)
    finite = np.isfinite(s)
    if not finite.all():  # a copy only when there is something to drop (a long run's steps are all finite)
        s = s[finite]
    if s.size == 0:
        return False
    x0 = float(s[0])
    if x0 <= first_position and float(x0).is_integer():
        return True
    if whole_epochs and x0 > first_position:
        return False  # epoch 5 of a table logged every 5 epochs: five whole epochs of training came before it
    interval = float(np.median(np.diff(s))) if s.size >= 2 else float("inf")
    return x0 <= max(intervals * interval, span_share * float(s[-1] - s[0]))


def begins_at_start(x: np.ndarray, intervals: float = 2.0) -> bool:
    """Does the log begin where training began: its first point within `intervals` point intervals of step 0 (epoch 1
    of 20, step 500 with a point every 500), not at epoch 65 of a pasted tail or step 250,100 of a resumed run? A
    log that begins mid-run shows a trained model, whose level is no reference for what training achieved. The same
    question as `starts_at_start`, asked of the whole log by the rules that judge its start (no share of the span:
    a long tail's first point is never 'early' in it); a single point cannot say, and is taken as the start."""
    return x.size < 2 or starts_at_start(x, first_position=0.0, span_share=0.0, intervals=intervals)
