"""Generic CSV/TSV histories (Ultralytics `results.csv`, timm `summary.csv`, fastai, hand-written tables).

Also the CSV plumbing the Keras and Lightning readers share: separator sniffing, stripped (space-padded) headers,
repeated header lines, a cut last row, and two column fix-ups that keep a run diagnosable: accuracy logged in
percent becomes a fraction, and a run that logs only loss components gets their sum as its total loss.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from ..errors import ReadError
from ..model import Axis, Kind, Run, Split
from ..names import classify
from ._base import Points, head_bytes, make_run, parse_float

TABLE_SUFFIXES = {".csv", ".tsv", ".tab"}
_SEPARATORS = (",", "\t", ";", "|")
STEP_COLUMNS = ("global_step", "step", "iteration", "iter", "steps", "_step")
EPOCH_COLUMNS = ("epoch", "epochs")
NO_METRIC_COLUMNS = ("a table with no metric columns: expected a header naming numeric columns such as "
                     "loss, val_loss, accuracy or lr, beside an epoch/step column")
_GENERIC_STEMS = {"results", "summary", "metrics", "history", "scalars", "trainer_state", "log", "logs", "train",
                  "training", "progress", "log_history"}


def file_run_name(path: Path) -> str:
    """A run name for a file: its stem, with the folder in front when the stem says nothing ('train3/results')."""
    folder = path.parent.parent if path.parent.name == "vis_data" else path.parent  # mmengine's layout
    if path.stem.lower() in _GENERIC_STEMS and folder.name:
        return f"{folder.name}/{path.stem}"
    return path.stem


def sniff_separator(line: str) -> str | None:
    """The separator of a header line: the candidate that occurs most; None when none occurs."""
    counts = [(line.count(s), -i, s) for i, s in enumerate(_SEPARATORS)]
    best = max(counts)
    return best[2] if best[0] > 0 else None


def first_line(path: Path) -> str:
    """The first non-blank line of a text file (from its head only); empty when not text."""
    try:
        text = head_bytes(path, 8192).decode("utf-8-sig")
    except UnicodeDecodeError:
        return ""
    for line in text.splitlines():
        if line.strip():
            return line
    return ""


def header_cells(path: Path) -> tuple[list[str], str | None]:
    """The stripped header cells and the separator, from the first line alone (cheap, for `can_read`)."""
    line = first_line(path)
    sep = sniff_separator(line)
    if sep is None or "\x00" in line:
        return [], None
    return [c.strip().strip('"') for c in line.split(sep)], sep


@dataclass
class Table:
    """A CSV file as header + rows of stripped cells; `segments` are the row indexes where a repeated header
    line started a new block (an appended run)."""

    header: list[str]
    rows: list[list[str]]
    sep: str
    segments: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_table(path: Path, sep: str | None = None, writer_ends_rows: bool = False) -> Table:
    """Parse a delimited file; a last row cut short is dropped with a warning, malformed rows are counted.

    `writer_ends_rows`: the writer ends every row with a newline (Python's csv module: Keras, Lightning), so a
    last row without one was cut mid-write and is dropped, even when its cell count looks complete."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ReadError(path, f"cannot be opened ({exc.strerror})") from None
    if b"\x00" in raw[:4096]:
        raise ReadError(path, "binary data, not a CSV table")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines:
        raise ReadError(path, "the file is empty")
    sep = sep or sniff_separator(lines[0])
    if sep is None:
        raise ReadError(path, "not a table: the first line has no ',', tab, ';' or '|' separated header")
    try:
        parsed = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=sep))
    except csv.Error as exc:
        raise ReadError(path, f"not a readable CSV table ({exc})") from None
    header = [c.strip() for c in parsed[0]]
    table = Table(header=header, rows=[], sep=sep)
    bad, last_kept = 0, False
    for i, cells in enumerate(parsed[1:], start=1):
        cells = [c.strip() for c in cells]
        if cells == header:
            table.segments.append(len(table.rows))
            continue
        if len(cells) != len(header):
            if i == len(parsed) - 1 and len(cells) < len(header):
                table.warnings.append(f"the last row has {len(cells)} of {len(header)} cells (the file was cut "
                                      "while being written); it was skipped")
                continue
            bad += 1
            cells = (cells + [""] * len(header))[:len(header)]
        table.rows.append(cells)
        last_kept = i == len(parsed) - 1
    if last_kept and not text.endswith(("\n", "\r")):
        if writer_ends_rows:
            table.rows.pop()
            table.warnings.append("the last row does not end with a newline (the file was cut while being "
                                  "written); it was skipped")
        else:
            table.warnings.append("the file does not end with a newline; its last row may be cut short")
    if bad:
        table.warnings.append(f"{bad} row(s) had a different number of cells than the header; missing cells are "
                              "read as empty")
    return table


def find_column(header: list[str], names: tuple[str, ...]) -> int | None:
    """Index of the first header cell (case-insensitive) among `names`, in the order of `names`."""
    lowered = [h.lower() for h in header]
    for n in names:
        if n in lowered:
            return lowered.index(n)
    return None


def percent_to_fraction(columns: Mapping[str, Points], warnings: list[str]) -> None:
    """Accuracies logged in percent (timm `eval_top1` 78.36, mmseg `aAcc` 94.1) become fractions, in place."""
    for key, p in columns.items():
        if classify(key).kind not in (Kind.ACCURACY, Kind.ERROR_RATE):
            continue
        finite = [v for v in p.values if v == v and abs(v) != float("inf")]
        if finite and 1.0 < max(finite) <= 100.0 and min(finite) >= 0.0:
            p.values[:] = [v / 100.0 for v in p.values]
            warnings.append(f"{key}: values up to {max(finite):g} read as percent and divided by 100")


def add_total_loss(columns: dict[str, Points], warnings: list[str]) -> dict[str, str]:
    """Ultralytics and some detectors log only loss components (box/cls/dfl). When a split has two or more
    components and no total, its total is their sum at the steps where all are present (the logged components
    are already weighted, so their sum is the optimised loss). Returns {new key: one of its components}."""
    added: dict[str, str] = {}
    by_split: dict[Split, list[str]] = {}
    has_total: set[Split] = set()
    for key, p in columns.items():
        info = classify(key)
        if info.kind is not Kind.LOSS or not p.values:
            continue
        if info.primary:
            has_total.add(info.split)
        else:
            by_split.setdefault(info.split, []).append(key)
    for split, keys in by_split.items():
        if split in has_total or len(keys) < 2:
            continue
        name = f"{split.value}/loss"
        if name in columns:
            continue
        maps = [dict(zip(columns[k].steps, columns[k].values)) for k in keys]
        total = Points()
        for s in columns[keys[0]].steps:
            if all(s in m for m in maps):
                total.add(s, sum(m[s] for m in maps))
        if total.values:
            columns[name] = total
            added[name] = keys[0]
            warnings.append(f"no total {split.value} loss is logged; {name} is the sum of its components "
                            f"({' + '.join(keys)})")
    return added


def steps_per_epoch(pairs: list[tuple[float, float]]) -> float | None:
    """Optimizer steps per epoch from (epoch, step) pairs: the median step increase between epochs' last steps."""
    last: dict[float, float] = {}
    for e, s in pairs:
        last[e] = max(s, last.get(e, s))
    epochs = sorted(last)
    diffs = sorted(last[b] - last[a] for a, b in zip(epochs, epochs[1:]) if b == a + 1 and last[b] > last[a])
    return float(diffs[len(diffs) // 2]) if diffs else None


def table_columns(table: Table, x_index: int | None, skip: set[int]) -> tuple[dict[str, Points], list[float]]:
    """Numeric columns as Points against column `x_index` (row number when None); returns (columns, x values)."""
    columns: dict[str, Points] = {}
    xs: list[float] = []
    for r, cells in enumerate(table.rows):
        x = float(r) if x_index is None else parse_float(cells[x_index])
        if x is None:
            continue
        xs.append(x)
        for j, cell in enumerate(cells):
            if j == x_index or j in skip or not table.header[j]:
                continue
            v = parse_float(cell)
            if v is not None:
                columns.setdefault(table.header[j], Points()).add(x, v)
    return columns, xs


def _metric_like(cell: str) -> bool:
    return classify(cell).kind is not Kind.OTHER or cell.lower() in STEP_COLUMNS + EPOCH_COLUMNS


class TableReader:
    """Any delimited table whose header names a step/epoch column or a metric (loss, acc, lr...)."""

    name = "table"

    def can_read(self, path: Path) -> bool:
        if not path.is_file() or path.suffix.lower() not in TABLE_SUFFIXES:
            return False
        cells, _ = header_cells(path)
        return len(cells) >= 2 and any(_metric_like(c) for c in cells) and any(parse_float(c) is None for c in cells)

    def read(self, path: Path) -> list[Run]:
        table = read_table(path)
        notes = list(table.warnings)
        header = table.header
        step_i = find_column(header, STEP_COLUMNS)
        epoch_i = find_column(header, EPOCH_COLUMNS)
        x_i, axis = (step_i, Axis.STEP) if step_i is not None else (epoch_i, Axis.EPOCH)
        if x_i is None:
            notes.append("no step, epoch or iteration column; each row is taken as one epoch")
        skip = {i for i in (step_i, epoch_i) if i is not None}
        columns, xs = table_columns(table, x_i, skip)
        if not xs:
            raise ReadError(path, "a table with a header but no data rows")
        if not columns:
            raise ReadError(path, NO_METRIC_COLUMNS)
        if all(classify(k).kind is Kind.OTHER for k in columns):
            notes.append(f"no column is recognised as a loss, accuracy or learning rate ({', '.join(columns)}); "
                         "name them with --map key=split:kind")
        if table.segments:
            notes.append(f"the header line appears {len(table.segments) + 1} times (a resumed run appended to "
                         "the file); later rows replace the earlier ones they overlap")
        percent_to_fraction(columns, notes)
        add_total_loss(columns, notes)
        hparams: dict[str, object] = {}
        if step_i is not None and epoch_i is not None:
            pairs = [(e, s) for e, s in ((parse_float(r[epoch_i]), parse_float(r[step_i])) for r in table.rows)
                     if e is not None and s is not None]
            spe = steps_per_epoch(pairs)
            if spe:
                hparams["steps_per_epoch"] = spe
        return [make_run(file_run_name(path), path, self.name, columns, axis, hparams=hparams, warnings=notes)]

