"""The split of values that name none, printed beside a held-out loss that names its own.

A loss or metric whose name says no split is read as the training one (Keras's plain 'loss', 'accuracy'). Two
layouts say otherwise at a glance:

- loss terms whose sum is a held-out loss printed beside them, point by point ('val_loss = 3.2196', 'sev_loss =
  1.3326', 'type_loss = 1.8869'): the terms of that held-out loss, of its split;
- a metric printed at the same points as a held-out loss in a log whose every training loss names its split
  ('train_loss', 'test_loss', 'acc@1' in one record) or that prints no training loss at all: the log named the
  training loss's split to set it apart, so the metric it left unnamed is the evaluation pass's (where accuracy is
  measured). Keras's 'loss' / 'acc' / 'val_loss' keeps 'acc' as training: its loss names no split either.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..model import METRIC_KINDS, Kind, Series, Split
from ..names import names_split, tokens

_HELD_OUT = (Split.VAL, Split.TEST)
_SPLIT_TOKENS = frozenset({"train", "training", "trn", "val", "valid", "validation", "test", "testing", "eval",
                           "evaluation", "dev"})


def held_out_splits(series: Sequence[Series]) -> dict[str, Split]:
    """Key -> held-out split for the unsplit series the layouts above place in a held-out pass."""
    held = [s for s in series if s.kind is Kind.LOSS and s.split in _HELD_OUT and names_split(s.key)]
    if not held:
        return {}
    unsplit = [s for s in series if s.split is Split.TRAIN and not names_split(s.key)]
    out: dict[str, Split] = {}
    for h in held:
        terms = [s for s in unsplit if s.kind is Kind.LOSS and s.key not in out and _same_points(s, h)]
        if len(terms) >= 2 and _sums_to(terms, h):
            out.update((t.key, h.split) for t in terms)
    train_losses = [s for s in series if s.kind is Kind.LOSS and s.split is Split.TRAIN and s.key not in out]
    if any(not names_split(s.key) for s in train_losses):  # an unsplit training loss: its metrics are unsplit too
        return out
    names = [_unsplit(s.key) for s in series]
    for m in unsplit:
        if m.kind not in METRIC_KINDS or names.count(_unsplit(m.key)) > 1:  # 'acc' beside 'val_acc': the training one
            continue
        splits = {h.split for h in held if _same_points(m, h)}
        if len(splits) == 1:
            out[m.key] = splits.pop()
    return out


def _unsplit(key: str) -> str:
    return "_".join(t for t in tokens(key) if t not in _SPLIT_TOKENS)


def _same_points(a: Series, b: Series) -> bool:
    return a.axis is b.axis and len(a) > 0 and np.array_equal(a.steps, b.steps)


def _sums_to(terms: list[Series], total: Series) -> bool:
    """Every point's terms add up to the total within what their printed decimals round away (0.1 % without)."""
    added = np.sum([t.values for t in terms], axis=0)
    ok = np.isfinite(added) & np.isfinite(total.values)
    if not ok.any():
        return False
    places = [s.decimals for s in (*terms, total)]
    if all(p is not None for p in places):
        tol = sum(0.5 * 10.0 ** -p for p in places if p is not None) + 1e-12
        return bool(np.all(np.abs(added[ok] - total.values[ok]) <= tol))
    return bool(np.all(np.abs(added[ok] - total.values[ok]) <= 1e-3 * np.abs(total.values[ok]) + 1e-12))
