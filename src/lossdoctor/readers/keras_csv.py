"""Keras `CSVLogger` files: `epoch` + the sorted epoch-log keys, `NA` for missing, any separator.

With `append=True` several fits share one file and one header (written only while the file is empty); the
epoch counter restarts at 0 or at `initial_epoch`. Files concatenated by hand repeat the header. Each restart
or repeated header starts a new run, named `<file> #1`, `#2`...; a fit that resumes at the next epoch
(`initial_epoch` = where the previous one stopped) continues the same run, and so does one taken up again from an
earlier epoch's weights with new values (read in log order, numbered on, with a warning: `_resumed`).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ..errors import ReadError
from ..model import Axis, Run
from ._base import make_run
from ._resumed import Resume, number_on, warning
from .table import Table, column_points, file_run_name, find_table_resumes, header_cells, read_table

_SUFFIXES = {".csv", ".log", ".tsv", ".txt", ".tab"}
MAX_RUNS_PER_FILE = 1000  # fits appended to one file that are read; more is a damaged or generated file, not a
# history of fits, and each run read costs its diagnosis: the rest are dropped with one warning


def _keras_header(cells: list[str]) -> bool:
    """`epoch` then sorted keys, or sorted keys followed by `val_` + each (CSVLogger adds them when the first
    epoch had no validation): this order is what tells a CSVLogger file from other epoch tables."""
    if len(cells) < 2 or cells[0] != "epoch" or "step" in cells:  # CSVLogger writes no step: Lightning does
        return False
    keys = cells[1:]
    if keys == sorted(keys):
        return True
    half = len(keys) // 2
    return len(keys) % 2 == 0 and keys[:half] == sorted(keys[:half]) and keys[half:] == [f"val_{k}" for k in
                                                                                         keys[:half]]


def run_starts(table: Table) -> list[int]:
    """Row indexes where a run starts: the first row, a repeated header, or an epoch not above the previous logged
    epoch (rows without an epoch belong to the run they are in)."""
    epoch, logged = table.values[0], np.flatnonzero(table.present[0])
    restarts = logged[1:][epoch[logged[1:]] <= epoch[logged[:-1]]]
    return sorted({0, *(s for s in table.segments if s < table.n_rows), *restarts.tolist()}) if table.n_rows else []


class KerasCsvLoggerReader:
    name = "keras_csv"

    def can_read(self, path: Path) -> bool:
        if not path.is_file() or path.suffix.lower() not in _SUFFIXES:
            return False
        cells, _ = header_cells(path)
        return _keras_header(cells)

    def read(self, path: Path) -> list[Run]:
        return runs_from_table(read_table(path, writer_ends_rows=True), path, path)


def _resumes(table: Table, lo: int, hi: int) -> tuple[str, list[Resume]]:
    """The resumes among rows lo..hi, on the epoch column (`table.find_table_resumes`)."""
    return find_table_resumes(table, 0, range(1, len(table.header)), lo, hi)


def resumed_fits(table: Table, starts: list[int], name: str) -> tuple[list[int], np.ndarray, dict[int, list[str]]]:
    """A fit taken up again from an earlier epoch's weights (`initial_epoch` below where the file's last fit
    stopped, with new values there) continues its run instead of starting one: read in log order, its epochs
    numbered on (`_resumed`). Returns the runs' starts, each row's epoch as read, and each run's warnings."""
    if len(starts) > MAX_RUNS_PER_FILE:  # a damaged or generated file, not a history of fits: no resume looked for
        return starts, table.values[0], {}
    kept, epoch = starts[:1], table.values[0]
    for k, s in enumerate(starts[1:], start=1):
        end = starts[k + 1] if k + 1 < len(starts) else table.n_rows
        if epoch[s] <= epoch[kept[-1]] or not any(r.at == s for r in _resumes(table, kept[-1], end)[1]):
            kept.append(s)  # back at (or below) the run's first epoch: a new fit, as before
    notes, epoch = {}, epoch.copy()  # the table stays as parsed (`lossdoctor watch` keeps it between polls)
    for a, b in zip(kept, kept[1:] + [table.n_rows]):
        key, resumes = _resumes(table, a, b)
        if resumes:
            epoch[a:b] = number_on(epoch[a:b], np.arange(a, b, dtype=np.float64), resumes)
            notes[a] = [warning(name, "epoch", key, r) for r in resumes]
    return kept, epoch, notes


def runs_from_table(table: Table, f: Path, source: Path) -> list[Run]:
    """One run per fit appended to a parsed CSVLogger file (also used by `lossdoctor watch`)."""
    starts, epoch, resumed = resumed_fits(table, run_starts(table), f.name if Path(source) != f else "")
    if not starts:
        raise ReadError(f, "a Keras CSVLogger header but no epoch rows")
    notes = list(table.warnings)
    total = len(starts)
    if total > MAX_RUNS_PER_FILE:
        notes.insert(0, f"{total:,} runs appended to this one file; the first {MAX_RUNS_PER_FILE:,} are read, the "
                        f"other {total - MAX_RUNS_PER_FILE:,} dropped (at most {MAX_RUNS_PER_FILE:,} runs are read "
                        "from one file)")  # the run's source names the file (the CLI prints it before this)
    ends = starts[1:] + [table.n_rows]
    starts, ends = starts[:MAX_RUNS_PER_FILE], ends[:MAX_RUNS_PER_FILE]
    base = file_run_name(f)
    # the same words on every run, so that a report of many runs prints them once
    held = [] if total == 1 else [
        f"{total:,} runs appended to this file (the epoch counter restarted or the header repeated); each is read "
        f"as its own run, named #1 to #{len(starts):,}"]
    runs = []
    for n, (a, b) in enumerate(zip(starts, ends), start=1):
        values, present = table.values[:, a:b], table.present[:, a:b]
        # 'NA' (a key missing that epoch) is not present: no point
        columns = column_points(table.header, range(1, len(table.header)), epoch[a:b], present[0], values, present)
        name = base if total == 1 else f"{base} #{n}"
        runs.append(make_run(name, source, "keras_csv", columns, Axis.EPOCH,
                             warnings=held + (notes if n == 1 else []) + resumed.get(a, [])))
    if not any(r.series for r in runs):
        raise ReadError(f, "a CSV with no metric columns: expected numbers under names such as loss, "
                              "val_loss or accuracy after the epoch column")
    return runs
