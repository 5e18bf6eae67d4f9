"""Weights & Biases history exported as CSV, in its two shapes.

- History export (`run.history()`/`scan_history()` saved with pandas, or the run page's export): columns
  `_step`, `_runtime`, `_timestamp` and the metrics (`train/loss`, `val/acc`), empty cells where a row did not log
  a key; a pandas index column may lead. One Run; x = `_step`, wall time = `_timestamp`.
- Chart export from the W&B UI: `Step`, then `<run name> - <metric>` with `__MIN`/`__MAX` companions (the range
  of a bucket when the chart sampled the run). Several runs may share one file: one Run each, min/max dropped.
"""
from __future__ import annotations

import math
from pathlib import Path

from ..errors import ReadError
from ..model import Axis, Run
from ._base import Points, make_run, parse_float
from .table import TABLE_SUFFIXES, file_run_name, header_cells, read_table, table_columns

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

    def _history(self, path: Path, table) -> Run:  # type: ignore[no-untyped-def]
        header = table.header
        x_i = header.index("_step")
        skip = {header.index(c) for c in _META if c in header}
        columns, xs = table_columns(table, x_i, skip)
        if not xs or not columns:
            raise ReadError(path, "a W&B history export with no numeric metric rows")
        if "_timestamp" in header:
            t_i = header.index("_timestamp")
            wall = {}
            for cells in table.rows:
                s, t = parse_float(cells[x_i]), parse_float(cells[t_i])
                if s is not None and t is not None:
                    wall[s] = t
            for p in columns.values():
                if all(s in wall for s in p.steps):
                    p.wall = [wall[s] for s in p.steps]
        return make_run(file_run_name(path), path, self.name, columns, Axis.STEP, warnings=table.warnings)

    def _chart(self, path: Path, table) -> list[Run]:  # type: ignore[no-untyped-def]
        by_run: dict[str, dict[str, Points]] = {}
        ranges = 0
        for j, cell in enumerate(table.header[1:], start=1):
            run_name, _, key = cell.rpartition(_SEP)
            if key.endswith(("__MIN", "__MAX")):
                continue
            p = by_run.setdefault(run_name, {}).setdefault(key, Points())
            lo, hi = (table.header.index(cell + s) if cell + s in table.header else None for s in ("__MIN", "__MAX"))
            for cells in table.rows:
                x, v = parse_float(cells[0]), parse_float(cells[j])
                if x is None or v is None:
                    continue
                p.add(x, v)
                bounds = [parse_float(cells[i]) for i in (lo, hi) if i is not None]
                ranges += any(b is not None and b != v and not (math.isnan(b) and math.isnan(v)) for b in bounds)
        notes = list(table.warnings)
        if ranges:
            notes.append(f"the chart export sampled the runs ({ranges} points stand for a min/max range); export the "
                         "full history for every point")
        runs = [make_run(name, path, self.name, cols, Axis.STEP, warnings=notes) for name, cols in by_run.items()]
        runs = [r for r in runs if r.series]
        if not runs:
            raise ReadError(path, "a W&B chart export with no numeric values")
        return runs
