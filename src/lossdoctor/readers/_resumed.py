"""A run taken up again from an earlier checkpoint: its counter goes back to a value inside the run and runs on past
where it went back from, with values that differ from the ones first logged there (a new learning rate, a fixed bug).

Read as written, in log order: every point logged after the jump is numbered on from the last one, so the first pass's
tail (the stall or the blow-up that made someone resume) stays beside the second pass instead of being replaced by it.
One rule for every format: the text reader (per column), and the TensorBoard and CSV readers, which keep a position
for each point (a TensorBoard event's wall time, a CSV's row) so that all series of a run move together.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping

import numpy as np

from ..model import Kind
from ..names import classify

EVIDENCE = (Kind.LOSS, Kind.ACCURACY, Kind.ERROR_RATE, Kind.ERROR, Kind.SCORE)  # what can show a resume's new values
RESTARTS = 2  # restarts from a checkpoint in one log are few; a per-phase counter goes back at every phase


def back_jumps(xs: np.ndarray) -> np.ndarray:
    """Indices where a counter goes back to a value inside its run (above its first) and then runs on past where it
    went back from: training taken up again at an earlier epoch or step. Not a new run (back at its start), nor a
    per-phase counter (back at its phase's start again and again, never past its last top): a restart is an event,
    so a counter that goes back more than `RESTARTS` times counts phases and none is read."""
    backs = np.flatnonzero(np.diff(xs) < 0) + 1
    if xs.size < 3 or backs.size > RESTARTS:
        return np.zeros(0, dtype=np.int64)
    ends = np.append(backs[1:], xs.size)
    keep = [b for b, e in zip(backs, ends) if xs[b] > xs[0] and xs[b:e].max() > xs[b - 1]]
    return np.asarray(keep, dtype=np.int64)


def overlap_differs(xs: np.ndarray, vs: np.ndarray, b: int) -> bool | None:
    """Whether the records after the jump at `b` differ from the ones first logged at the same counter values
    (None: no counter value logged both times). A resumed log that prints its history again prints it unchanged."""
    end = b + 1
    while end < xs.size and xs[end] > xs[end - 1]:
        end += 1
    old = {float(x): float(v) for x, v in zip(xs[:b], vs[:b]) if x >= xs[b]}
    common = [(old[float(x)], float(v)) for x, v in zip(xs[b:end], vs[b:end]) if float(x) in old]
    if not common:
        return None
    return any(a != v and not (math.isnan(a) and math.isnan(v)) for a, v in common)


@dataclass(frozen=True)
class Resume:
    """One jump back: at position `at` (the first point after it) the counter went from `top` back to `back`; the
    points from there on are numbered on from `top + spacing` (`spacing`: the counter's usual rise before it)."""

    at: float
    top: float
    back: float
    spacing: float

    @property
    def shift(self) -> float:
        return self.top - self.back + self.spacing


def find_resumes(series: Mapping[str, tuple[np.ndarray, np.ndarray, np.ndarray]]) -> tuple[str, list[Resume]]:
    """The resumes of a run: those the densest loss or metric series shows (key, resumes); ("", []) when none does.
    `series`: key -> (counter, values, position) in log order. One series decides for the run, so that a sparse
    validation series whose counter never went back moves with the training loss it was logged beside."""
    best: tuple[str, list[Resume]] = ("", [])
    best_rank = (0, False)
    for key, (xs, vs, pos) in series.items():
        kind = classify(key).kind
        rank = (int(xs.size), kind is Kind.LOSS)  # the densest; among as dense, a loss
        if rank <= best_rank or kind not in EVIDENCE:
            continue
        found = []
        for b in back_jumps(xs).tolist():
            if overlap_differs(xs, vs, b):
                rises = np.diff(xs[:b])
                rises = rises[rises > 0]
                found.append(Resume(float(pos[b]), float(xs[b - 1]), float(xs[b]),
                                    float(np.median(rises)) if rises.size else 1.0))
        if found:
            best, best_rank = (key, found), rank
    return best


def number_on(xs: np.ndarray, pos: np.ndarray, resumes: list[Resume]) -> np.ndarray:
    """The counter with every point at or after a resume's position moved past the points logged before it."""
    out = np.asarray(xs, dtype=np.float64).copy()
    for r in resumes:
        out[np.asarray(pos) >= r.at] += r.shift
    return out


def warning(where: str, counter: str, key: str, r: Resume) -> str:
    """The words a resume is reported with (the same as the text reader's), after the file it is in when that is not
    the run's source itself (an event file in a logdir, a version folder's metrics.csv: `where`; else "")."""
    return (f"{where + ': ' if where else ''}the {counter} numbering goes back from {r.top:g} to {r.back:g} ({key}), "
            "with values that differ from the ones first logged there (a run taken up again from an earlier "
            f"checkpoint): read as written, in log order, the points from {counter} {r.back:g} on numbered on from "
            f"{r.top + r.spacing:g}")
