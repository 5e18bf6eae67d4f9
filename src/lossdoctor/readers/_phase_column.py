"""A table column that names each row's split: 'epoch,phase,loss,top1' with one 'train' and one 'val' row an epoch.

Hand-written CSV loggers often print every pass as a row of the same columns and say in a text column which pass it
was. Read as plain columns, the validation row of each epoch would replace the training one; split by that column,
`loss` is read as `train_loss` and `val_loss`. The column is known by its name and by holding split words only.
"""
from __future__ import annotations

import csv
import itertools
from pathlib import Path

import numpy as np

PHASE_COLUMNS = ("phase", "split", "mode", "stage", "set", "subset", "partition")
_SPLIT_WORDS = {"train": "train", "training": "train", "trn": "train", "val": "val", "valid": "val",
                "validation": "val", "dev": "val", "eval": "eval", "evaluation": "eval", "test": "test",
                "testing": "test"}
MAX_SCAN_BYTES = 64 << 20  # a table this large is a metrics dump, not a hand-written log: not re-read for its phases


def phase_column(header: list[str], present: np.ndarray) -> int | None:
    """The index of a column named like a phase ('phase', 'split', 'mode') that holds no number in any row."""
    for j, name in enumerate(header):
        if name.strip().lower() in PHASE_COLUMNS and not present[j].any():
            return j
    return None


def row_phases(path: Path, sep: str, j: int, header: list[str], n_rows: int) -> list[str] | None:
    """The split each data row names in column j ('train', 'val', 'test'), in row order; None when a row names
    something else or the rows do not line up with the table read (a repeated header is skipped as the table skips
    it, a last row cut short too)."""
    try:
        if path.stat().st_size > MAX_SCAN_BYTES:
            return None
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
            rows = csv.reader(itertools.islice(fh, 1, None), delimiter=sep)
            words = [cells[j].strip().lower() for cells in rows
                     if cells and [c.strip() for c in cells] != header and len(cells) > j]
    except (OSError, csv.Error):
        return None
    words = words[:n_rows]
    if len(words) != n_rows or any(w not in _SPLIT_WORDS for w in words) or len(set(words)) < 2:
        return None
    return [_SPLIT_WORDS[w] for w in words]
