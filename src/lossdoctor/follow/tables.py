"""CSV logs that grow by rows (Lightning `metrics.csv`, Keras `CSVLogger`, other epoch/step tables).

Only the complete lines appended since the last poll are parsed, through the readers' own row accumulator
(`readers.table`: numpy for plain-number blocks, cell by cell for odd rows, repeated headers as segments).
The Run is then built from the accumulated table exactly as each reader builds it from a whole file.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np

from ..errors import ReadError
from ..model import Run
from ..readers._base import parse_float
from ..readers.keras_csv import runs_from_table as keras_runs
from ..readers.lightning_csv import runs_from_table as lightning_runs
from ..readers.table import Table, _Rows, numeric_block, sniff_separator, split_rows
from ..readers.table import runs_from_table as generic_runs
from .tail import Tail, complete_lines


class TableFollower:
    """The rows of one growing CSV file, kept as numeric column blocks."""

    def __init__(self, path: Path, sep: str | None = None) -> None:
        self.path = path
        self.sep = sep
        self.tail = Tail(path)
        self.rows: _Rows | None = None
        self._fast = True

    def poll(self) -> bool:
        """Parse the complete lines appended since the last poll; True when the table changed."""
        data, reset = self.tail.peek()
        if reset:
            self.rows = None
        n = complete_lines(data)
        if not n:
            return reset
        text = data[:n].decode("utf-8-sig" if self.tail.offset == 0 else "utf-8", errors="replace")
        lines = [ln for ln in text.splitlines() if ln.strip()]
        if self.rows is None and lines:
            sep = self.sep or sniff_separator(lines[0])
            if sep is None:
                raise ReadError(self.path, "not a table: the first line has no ',', tab, ';' or '|' separated header")
            self.rows = _Rows([c.strip() for c in split_rows(lines[:1], sep, self.path)[0]], sep)
            self._fast = any(parse_float(h) is None for h in self.rows.header)
            lines = lines[1:]
        if lines and self.rows is not None:
            block = numeric_block(lines, self.rows.sep, len(self.rows.header)) if self._fast else None
            if block is not None:
                self.rows.add_numbers(block, False)
            else:
                self.rows.add_cells(split_rows(lines, self.rows.sep, self.path), False)
        self.tail.advance(data, n)
        return True

    def table(self) -> Table | None:
        """The rows so far as one Table (blocks are joined once, so later joins only copy what is new)."""
        r = self.rows
        if r is None:
            return None
        n_cols = len(r.header)
        if len(r.values) > 1:
            r.values, r.present = [np.concatenate(r.values, axis=1)], [np.concatenate(r.present, axis=1)]
        values = r.values[0] if r.values else np.empty((n_cols, 0))
        present = r.present[0] if r.present else np.empty((n_cols, 0), dtype=bool)
        notes = list(r.warnings)
        if r.bad:
            notes.append(f"{r.bad} row(s) had a different number of cells than the header; missing cells are read "
                         "as empty")
        return Table(header=r.header, values=values, present=present, sep=r.sep, segments=list(r.segments),
                     warnings=notes)


# ---------------------------------------------------------------- Runs from a table, as each reader builds them


BUILDERS: dict[str, Callable[[Table, Path, Path], list[Run]]] = {
    "lightning_csv": lightning_runs, "keras_csv": keras_runs, "table": generic_runs}
