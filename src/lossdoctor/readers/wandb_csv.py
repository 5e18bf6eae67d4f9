"""Weights & Biases history exported as CSV, in its two shapes.

- History export (`run.history()`/`scan_history()` saved with pandas, or the run page's export): columns
  `_step`, `_runtime`, `_timestamp` and the metrics (`train/loss`, `val/acc`), empty cells where a row did not log
  a key; a pandas index column may lead. One Run; x = `_step`, wall time = `_timestamp`.
- Chart export from the W&B UI: `Step`, then `<run name> - <metric>` with `__MIN`/`__MAX` companions (the range
  of a bucket when the chart sampled the run). Several runs may share one file: one Run each, min/max dropped.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ..errors import ReadError
from ..model import Axis, Run
from ._base import Points, make_run
from .table import (TABLE_SUFFIXES, Table, file_run_name, header_cells, last_by_step, lookup, read_table,
                    table_columns)

_META = ("_step", "_runtime", "_timestamp")
_SEP = " - "


def _is_history(cells: list[str]) -> bool:
    return "_step" in cells and ("_runtime" in cells or "_timestamp" in cells)


def _is_chart(cells: list[str]) -> bool:
    return len(cells) >= 2 and cells[0].lower() == "step" and all(_SEP in c for c in cells[1:])


class WandbCsvReader:
    name = "wandb_csv"

    def can_read(self, path: Path) -> bool:
        if not path.is_file() or path.suffix.lower() not in TABLE_SUFFIXES:
            return False
        cells, _ = header_cells(path)
        return _is_history(cells) or _is_chart(cells)

    def read(self, path: Path) -> list[Run]:
        path = Path(path)
        table = read_table(path)
        if _is_history(table.header):
            return [self._history(path, table)]
        if _is_chart(table.header):
            return self._chart(path, table)
        raise ReadError(path, "not a W&B CSV export: expected `_step,_runtime,_timestamp,...` columns or a chart "
                              "export with `Step` and `<run> - <metric>` columns")

    def _history(self, path: Path, table: Table) -> Run:
        header = table.header
        x_i = header.index("_step")
        skip = {header.index(c) for c in _META if c in header}
        columns, xs = table_columns(table, x_i, skip)
        if not xs.size or not columns:
            raise ReadError(path, "a W&B history export with no numeric metric rows")
        if "_timestamp" in header:
            t_i = header.index("_timestamp")
            both = table.present[x_i] & table.present[t_i]
            wall = last_by_step(table.values[x_i][both], table.values[t_i][both])
            for p in columns.values():
                t, found = lookup(np.asarray(p.steps), *wall)
                if found.all():
                    p.wall = t
        return make_run(file_run_name(path), path, self.name, columns, Axis.STEP, warnings=table.warnings)

    def _chart(self, path: Path, table: Table) -> list[Run]:
        header, values, present = table.header, table.values, table.present
        x, x_ok = values[0], present[0]
        by_run: dict[str, dict[str, Points]] = {}
        ranges = 0
        for j, cell in enumerate(header[1:], start=1):
            run_name, _, key = cell.rpartition(_SEP)
            if key.endswith(("__MIN", "__MAX")):
                continue
            cols = by_run.setdefault(run_name, {})
            hit = x_ok & present[j]
            v = values[j]
            p = cols.get(key, Points.of(np.empty(0), np.empty(0)))
            cols[key] = Points.of(np.concatenate([p.steps, x[hit]]), np.concatenate([p.values, v[hit]]))
            ranged = np.zeros(table.n_rows, dtype=bool)
            for bound in (cell + "__MIN", cell + "__MAX"):
                if bound in header:
                    i = header.index(bound)
                    ranged |= present[i] & (values[i] != v) & ~(np.isnan(values[i]) & np.isnan(v))
            ranges += int(np.count_nonzero(ranged & hit))
        notes = list(table.warnings)
        if ranges:
            notes.append(f"the chart export sampled the runs ({ranges} points stand for a min/max range); export the "
                         "full history for every point")
        runs = [make_run(name, path, self.name, cols, Axis.STEP, warnings=notes) for name, cols in by_run.items()]
        runs = [r for r in runs if r.series]
        if not runs:
            raise ReadError(path, "a W&B chart export with no numeric values")
        return runs
