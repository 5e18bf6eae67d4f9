"""Which logged losses are terms of another logged loss: the parts of a printed total.

A multi-task or multi-head log prints the total it optimises beside its parts (`val_loss = 3.2196`,
`sev_loss = 1.3326`, `type_loss = 1.8869`). The total is the run's loss; one part standing still while the total
falls is the other part carrying the learning, not a run that does not learn. Read from the numbers alone: a part is
a loss whose values, with some of the other losses logged at the same steps, add up to a third at every step.
"""
from __future__ import annotations

import itertools

import numpy as np

from ..model import Kind, Run, Series

MIN_POINTS = 2  # the sum must hold at this many shared steps at least (one step can add up by chance)
MAX_PARTS = 8  # losses tried as parts of one total (2^8 subsets)
REL_TOL = 1e-3  # a printed total rounds each part: the sum holds within 0.1 % of the total


def _aligned(total: Series, part: Series) -> bool:
    return part.values.size == total.values.size and bool(np.array_equal(part.steps, total.steps))


def _adds_up(total: np.ndarray, parts: list[np.ndarray]) -> bool:
    s = np.sum(parts, axis=0)
    return bool(np.all(np.abs(total - s) <= REL_TOL * np.maximum(np.abs(total), 1e-12)))


def parts_of_totals(run: Run) -> frozenset[str]:
    """The keys of losses that, with 1+ other losses logged at the same steps, add up to another logged loss at every
    step (2+ finite, positive points); empty when none do."""
    losses = [s for s in run.series if s.kind is Kind.LOSS and s.values.size >= MIN_POINTS
              and bool(np.all(np.isfinite(s.values))) and bool(np.all(s.values > 0))]
    out: set[str] = set()
    for total in losses:
        cands = [s for s in losses if s is not total and _aligned(total, s)
                 and bool(np.all(s.values < total.values))][:MAX_PARTS]
        head = min(total.values.size, 3)  # a cheap test on the first steps before the whole series (long logs)
        for r in range(2, len(cands) + 1):
            for combo in itertools.combinations(cands, r):
                if (_adds_up(total.values[:head], [s.values[:head] for s in combo])
                        and _adds_up(total.values, [s.values for s in combo])):
                    out.update(s.key for s in combo)
    return frozenset(out)
