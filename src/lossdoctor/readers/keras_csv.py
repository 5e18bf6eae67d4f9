"""Keras `CSVLogger` files: `epoch` + the sorted epoch-log keys, `NA` for missing, any separator.

With `append=True` several fits share one file and one header (written only while the file is empty); the
epoch counter restarts at 0 or at `initial_epoch`. Files concatenated by hand repeat the header. Each restart
or repeated header starts a new run, named `<file> #1`, `#2`...; a fit that resumes at the next epoch
(`initial_epoch` = where the previous one stopped) continues the same run.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import ReadError
from ..model import Axis, Run
from ._base import Points, make_run, parse_float
from .table import Table, file_run_name, header_cells, read_table

_SUFFIXES = {".csv", ".log", ".tsv", ".txt", ".tab"}


def _keras_header(cells: list[str]) -> bool:
    """`epoch` then sorted keys, or sorted keys followed by `val_` + each (CSVLogger adds them when the first
    epoch had no validation): this order is what tells a CSVLogger file from other epoch tables."""
    if len(cells) < 2 or cells[0] != "epoch":
        return False
    keys = cells[1:]
    if keys == sorted(keys):
        return True
    half = len(keys) // 2
    return len(keys) % 2 == 0 and keys[:half] == sorted(keys[:half]) and keys[half:] == [f"val_{k}" for k in
                                                                                         keys[:half]]


def split_runs(table: Table) -> list[list[list[str]]]:
    """Rows grouped into runs: a new run starts at a repeated header or where the epoch does not increase."""
    runs: list[list[list[str]]] = []
    prev: float | None = None
    starts = set(table.segments)
    for i, cells in enumerate(table.rows):
        epoch = parse_float(cells[0])
        if not runs or i in starts or (epoch is not None and prev is not None and epoch <= prev):
            runs.append([])
        runs[-1].append(cells)
        if epoch is not None:
            prev = epoch
    return runs


class KerasCsvLoggerReader:
    name = "keras_csv"

    def can_read(self, path: Path) -> bool:
        if not path.is_file() or path.suffix.lower() not in _SUFFIXES:
            return False
        cells, _ = header_cells(path)
        return _keras_header(cells)

    def read(self, path: Path) -> list[Run]:
        table = read_table(path, writer_ends_rows=True)
        groups = split_runs(table)
        if not groups:
            raise ReadError(path, "a Keras CSVLogger header but no epoch rows")
        notes = list(table.warnings)
        base = file_run_name(path)
        runs = []
        for n, rows in enumerate(groups, start=1):
            columns: dict[str, Points] = {}
            for cells in rows:
                epoch = parse_float(cells[0])
                if epoch is None:
                    continue
                for key, cell in zip(table.header[1:], cells[1:]):
                    v = parse_float(cell)  # 'NA' (a key missing that epoch) -> None: no point
                    if v is not None:
                        columns.setdefault(key, Points()).add(epoch, v)
            name = base if len(groups) == 1 else f"{base} #{n}"
            held = [] if len(groups) == 1 else [
                f"run {n} of {len(groups)} runs appended to this file (the epoch counter restarted or the header "
                "repeated); each is read as its own run"]
            runs.append(make_run(name, path, self.name, columns, Axis.EPOCH, warnings=held + notes if n == 1
                                 else held))
        if not any(r.series for r in runs):
            raise ReadError(path, "a CSV with no metric columns: expected numbers under names such as loss, "
                                  "val_loss or accuracy after the epoch column")
        return runs
