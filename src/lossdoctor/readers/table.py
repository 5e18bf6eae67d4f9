"""Generic CSV/TSV histories (Ultralytics `results.csv`, timm `summary.csv`, fastai, hand-written tables).

Also the CSV plumbing the Keras and Lightning readers share: separator sniffing, stripped (space-padded) headers,
repeated header lines, a cut last row, and two column fix-ups that keep a run diagnosable: accuracy logged in
percent becomes a fraction, and a run that logs only loss components gets their sum as its total loss. A text
column that names each row's split ('epoch,phase,loss': a train and a val row an epoch) splits the rows
(`_phase_column`).
"""
from __future__ import annotations

import codecs
import csv
import io
import itertools
import os
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO, Iterable, Iterator, Mapping, Sequence

import numpy as np

from ..errors import ReadError
from ..model import Axis, Kind, Run, Split
from ..names import classify, names_split
from ._base import Points, head_bytes, make_run, parse_float
from ._phase_column import phase_column, row_phases
from ._resumed import Resume, find_resumes, number_on, warning

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
    """A CSV file as numeric columns. `values[j]` is column j as float64 (NaN where its cell held no number) and
    `present[j]` says which cells held a number, so a logged NaN stays apart from an empty or `NA` cell. `segments`
    are the row indexes where a repeated header line started a new block (an appended run)."""

    header: list[str]
    values: np.ndarray  # (columns, rows) float64
    present: np.ndarray  # (columns, rows) bool
    sep: str
    segments: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def n_rows(self) -> int:
        return int(self.values.shape[1])


_NA = frozenset({"NA", "N/A", "NONE", "NULL", "na", "n/a", "None", "none", "null", "Null"})  # common "no value"
_BLOCK_BYTES = 1 << 22  # the file is read and parsed a few MB at a time: it is never in memory as a whole


def _text_pieces(fh: BinaryIO, encoding: str) -> Iterator[str]:
    """The file's text, read and decoded about `_BLOCK_BYTES` at a time; each piece but the last ends at a line end.
    A UTF-8 byte-order mark is dropped."""
    decoder = codecs.getincrementaldecoder("utf-8-sig" if encoding == "utf-8" else encoding)()
    carry, data = "", fh.read(_BLOCK_BYTES)
    while data:
        more = fh.read(_BLOCK_BYTES)
        text = carry + decoder.decode(data, final=not more)
        cut = text.rfind("\n") + 1 if more else len(text)
        carry = text[cut:]
        yield text[:cut]
        data = more


def _line_blocks(fh: BinaryIO, encoding: str) -> Iterator[tuple[list[str], bool]]:
    """The non-blank lines, one block per piece of text, and whether the block is the last that holds any (each
    block is held back until the next one with lines shows up)."""
    pending: list[str] | None = None
    for text in _text_pieces(fh, encoding):
        lines = [ln for ln in text.splitlines() if ln.strip()]
        if lines:
            if pending is not None:
                yield pending, False
            pending = lines
    if pending is not None:
        yield pending, True


def numeric_block(lines: list[str], sep: str, n_cols: int) -> np.ndarray | None:
    """Every cell of a block of rows through numpy's C parser, as (columns, rows) float64: the common case, where
    each cell is a plain number ('nan' and 'inf' included). None when any cell is not (NA, empty, '81%', quotes,
    text) or a row has another number of cells: `split_rows` and `column_floats` read those blocks."""
    try:
        a = np.loadtxt(lines, delimiter=sep, dtype=np.float64, comments=None, ndmin=2)
    except ValueError:
        return None
    return a.T if a.shape[1] == n_cols else None


def sparse_block(lines: list[str], sep: str, header: list[str]) -> tuple[np.ndarray, np.ndarray] | None:
    """A block whose lines all have `n_cols` cells and no quotes (a Lightning `metrics.csv`: training and
    validation rows fill different columns), split at once and cut into columns by slicing - no per-row lists, no
    transposition in Python - then converted a column at a time (`column_floats`): ((columns, rows) values,
    present). None when a line has another number of cells or a quote, or repeats the header (then `split_rows`
    and `add_cells`, which see to those rows)."""
    n_cols, head = len(header), header[0]
    if any('"' in ln or ln.count(sep) != n_cols - 1 or ln.lstrip().startswith(head) for ln in lines):
        return None
    flat = sep.join(lines).split(sep)
    converted = [column_floats(flat[j::n_cols]) for j in range(n_cols)]
    return np.array([v for v, _ in converted]), np.array([p for _, p in converted])


def split_rows(lines: list[str], sep: str, path: Path) -> list[list[str]]:
    """The cells of each line, not stripped: `str.split` unless a cell is quoted (then the csv module)."""
    if not any('"' in ln for ln in lines):
        return [ln.split(sep) for ln in lines]
    try:  # joined, so that a quoted cell running over a line end keeps its newline (and is no number)
        return list(csv.reader(io.StringIO("\n".join(lines)), delimiter=sep))
    except csv.Error as exc:
        raise ReadError(path, f"not a readable CSV table ({exc})") from None


def column_floats(cells: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """One column's cells as (float64 values, present). `float` converts the filled cells in one pass (it takes
    'nan', 'inf' and padding spaces); only when it refuses one ('NA', '81.2%', quotes, text) does each cell go
    through `parse_float`. Empty and NA cells are missing (NaN, not present); a logged 'nan' is a number."""
    filled = list(map(bool, cells))
    present = np.array(filled, dtype=bool)
    values = np.full(len(cells), np.nan)
    try:
        values[present] = np.fromiter(map(float, itertools.compress(cells, filled)), np.float64, sum(filled))
    except ValueError:
        for i in np.flatnonzero(present):
            v = None if cells[i] in _NA else _cell_float(cells[i])
            present[i] = v is not None
            values[i] = np.nan if v is None else v
    return values, present


def _cell_float(cell: str) -> float | None:
    try:
        return float(cell)  # the plain numbers beside the odd cell, at float()'s speed
    except ValueError:
        return parse_float(cell)


@dataclass
class _Rows:
    """read_table's running state: converted blocks, rows kept so far and what the line checks found."""

    header: list[str]
    sep: str
    values: list[np.ndarray] = field(default_factory=list)
    present: list[np.ndarray] = field(default_factory=list)
    n_rows: int = 0
    bad: int = 0
    last_kept: bool = False
    segments: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def add_numbers(self, block: np.ndarray, final: bool) -> None:
        self.values.append(block)
        self.present.append(np.ones(block.shape, dtype=bool))
        self.n_rows += block.shape[1]
        self.last_kept = final

    def add_sparse(self, values: np.ndarray, present: np.ndarray, final: bool) -> None:
        self.values.append(values)
        self.present.append(present)
        self.n_rows += values.shape[1]
        self.last_kept = final

    def add_cells(self, rows: list[list[str]], final: bool) -> None:
        """Rows of cells; the rare odd row (a repeated header, a short last row, a ragged row) is seen to one by one."""
        n_cols, head = len(self.header), self.header[0]
        odd = [i for i, cells in enumerate(rows) if len(cells) != n_cols or cells[0].strip() == head]
        drop: set[int] = set()
        for i in odd:
            cells = [c.strip() for c in rows[i]]
            if cells == self.header:
                self.segments.append(self.n_rows + i - len(drop))
                drop.add(i)
            elif len(cells) != n_cols:
                if final and i == len(rows) - 1 and len(cells) < n_cols:
                    self.warnings.append(f"the last row has {len(cells)} of {n_cols} cells (the file was cut while "
                                         "being written); it was skipped")
                    drop.add(i)
                    continue
                self.bad += 1
                rows[i] = (rows[i] + [""] * n_cols)[:n_cols]
        kept = [cells for i, cells in enumerate(rows) if i not in drop] if drop else rows
        self.last_kept = final and bool(rows) and len(rows) - 1 not in drop
        if kept:
            converted = [column_floats(col) for col in zip(*kept)]
            self.values.append(np.array([v for v, _ in converted]))
            self.present.append(np.array([p for _, p in converted]))
            self.n_rows += len(kept)


def _read_rows(fh: BinaryIO, encoding: str, path: Path, sep: str | None) -> _Rows:
    """Every row of the file, block by block: through numpy when the block holds only plain numbers, else cell by
    cell. Raises UnicodeDecodeError when the file is not in `encoding`."""
    blocks = _line_blocks(fh, encoding)
    first = next(blocks, None)
    if first is None:
        raise ReadError(path, "the file is empty")
    lines, final = first
    sep = sep or sniff_separator(lines[0])
    if sep is None:
        raise ReadError(path, "not a table: the first line has no ',', tab, ';' or '|' separated header")
    rows = _Rows([c.strip() for c in split_rows(lines[:1], sep, path)[0]], sep)
    fast = any(parse_float(h) is None for h in rows.header)  # a repeated header line must fail numpy's parse
    for lines, final in itertools.chain([(lines[1:], final)], blocks):
        block = numeric_block(lines, sep, len(rows.header)) if fast and lines else None
        sparse = sparse_block(lines, sep, rows.header) if fast and lines and block is None else None
        if block is not None:
            rows.add_numbers(block, final)
        elif sparse is not None:
            rows.add_sparse(*sparse, final)
        else:
            rows.add_cells(split_rows(lines, sep, path), final)
    return rows


ARROW_MIN_BYTES = 8 << 20  # below this, importing pyarrow (~0.15 s) costs more than it saves
HINT_MIN_BYTES = 32 << 20  # from here on, reading without pyarrow costs a second or more: say how to avoid it
FAST_HINT = "pip install 'lossdoctor[fast]' (pyarrow) reads it about 5x faster"
_hinted: list[bool] = []  # the hint is given once per process, not once per file of a fleet


def _arrow_rows(fh: BinaryIO, path: Path, sep: str | None) -> _Rows | None:
    """The whole file through pyarrow's CSV reader (C++, single-threaded), when pyarrow is installed and every
    cell is a plain number, empty or NA: ~5x less CPU than the block-by-block numpy path on a large file (see
    docs/benchmarks.md, "Reading speed"). None for anything else (no pyarrow, a repeated header, a cut or ragged
    row, '%', padded or quoted-text cells, another encoding): the numpy path then reads the file and says what
    it found, so both give the same table."""
    try:
        import pyarrow as pa
        import pyarrow.csv as pcsv
    except ImportError:
        _hint_fast(path, os.fstat(fh.fileno()).st_size)
        return None
    fh.seek(0)
    line = fh.readline(1 << 16).decode("utf-8-sig", "replace").rstrip("\r\n")
    sep = sep or sniff_separator(line)
    if not line.strip() or len(line.splitlines()) != 1 or sep is None or len(sep) != 1:
        return None  # a blank first line, or one Python splits (\u2028, \x0c...) where pyarrow would not
    header = [c.strip() for c in split_rows([line], sep, path)[0]]
    if any(parse_float(h) is not None for h in header):  # a repeated header line must fail the parse
        return None
    names = [f"c{j}" for j in range(len(header))]
    try:
        got = pcsv.read_csv(path, read_options=pcsv.ReadOptions(use_threads=False, skip_rows=1, column_names=names),
                            parse_options=pcsv.ParseOptions(delimiter=sep),
                            convert_options=pcsv.ConvertOptions(column_types={n: pa.float64() for n in names},
                                                                null_values=["", *_NA], strings_can_be_null=True))
    except (pa.ArrowException, OSError, ValueError):
        return None
    rows = _Rows(header, sep)
    if got.num_rows:
        values, present = np.empty((len(names), got.num_rows)), np.empty((len(names), got.num_rows), dtype=bool)
        for j, column in enumerate(got.columns):
            _arrow_floats(column.chunks, values[j], present[j])
        rows.add_sparse(values, present, True)
    return rows


def _hint_fast(path: Path, size: int) -> None:
    """Once per process: a large CSV read without pyarrow says how to read it faster (a warning the CLI prints on
    stderr, never a note in the report)."""
    if size >= HINT_MIN_BYTES and not _hinted:
        _hinted.append(True)
        warnings.warn(f"{path}: {size / 1e6:.0f} MB of CSV read without pyarrow; {FAST_HINT}", stacklevel=2)


def _arrow_floats(chunks: Sequence[Any], values: np.ndarray, present: np.ndarray) -> None:
    """A float64 Arrow column into `values` (NaN where missing) and `present`, from its buffers, in place (pyarrow's
    `to_numpy` would import pandas; filling the table's own rows saves two copies of it)."""
    at = 0
    for chunk in chunks:
        k, off = len(chunk), chunk.offset
        validity, data = chunk.buffers()[:2]
        dst, ok = values[at:at + k], present[at:at + k]
        if data is None or not k:
            dst[:], ok[:] = np.nan, False
        else:
            dst[:] = np.frombuffer(data, dtype=np.float64, count=off + k)[off:]
            if validity is None:
                ok[:] = True
            else:
                ok[:] = np.unpackbits(np.frombuffer(validity, dtype=np.uint8), count=off + k,
                                      bitorder="little")[off:].view(bool)
                np.copyto(dst, np.nan, where=~ok)
        at += k


def read_table(path: Path, sep: str | None = None, writer_ends_rows: bool = False) -> Table:
    """Parse a delimited file into numeric columns; a last row cut short is dropped with a warning, malformed rows
    are counted. A block of rows that holds only plain numbers goes through numpy at once (`numeric_block`); a block
    with an odd cell or line (NA, empty, %, quotes, a repeated header, a short row) is split into cells and converted
    column by column (`column_floats`). UTF-8, else latin-1.

    `writer_ends_rows`: the writer ends every row with a newline (Python's csv module: Keras, Lightning), so a
    last row without one was cut mid-write and is dropped, even when its cell count looks complete."""
    try:
        with path.open("rb") as fh:
            if b"\x00" in fh.read(4096):
                raise ReadError(path, "binary data, not a CSV table")
            size = os.fstat(fh.fileno()).st_size
            rows = _arrow_rows(fh, path, sep) if size >= ARROW_MIN_BYTES else None
            try:
                if rows is None:
                    fh.seek(0)
                    rows = _read_rows(fh, "utf-8", path, sep)
            except UnicodeDecodeError:
                fh.seek(0)
                rows = _read_rows(fh, "latin-1", path, sep)
            fh.seek(-1, io.SEEK_END)
            ends_with_newline = fh.read(1) in (b"\n", b"\r")
    except OSError as exc:
        raise ReadError(path, f"cannot be opened ({exc.strerror})") from None
    values, present = _joined(rows.values, len(rows.header), np.float64), _joined(rows.present, len(rows.header), bool)
    table = Table(header=rows.header, values=values, present=present, sep=rows.sep, segments=rows.segments,
                  warnings=rows.warnings)
    if rows.last_kept and not ends_with_newline:
        if writer_ends_rows:
            table.values, table.present = values[:, :-1], present[:, :-1]
            table.warnings.append("the last row does not end with a newline (the file was cut while being "
                                  "written); it was skipped")
        else:
            table.warnings.append("the file does not end with a newline; its last row may be cut short")
    if rows.bad:
        table.warnings.append(f"{rows.bad} row(s) had a different number of cells than the header; missing cells "
                              "are read as empty")
    return table


def _joined(blocks: list[np.ndarray], n_cols: int, dtype: type) -> np.ndarray:
    """The blocks side by side as one C-ordered (columns, rows) array; a single block is not copied again."""
    if len(blocks) == 1:
        return np.ascontiguousarray(blocks[0])
    return np.concatenate(blocks, axis=1) if blocks else np.empty((n_cols, 0), dtype=dtype)


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
        v = np.asarray(p.values, dtype=np.float64)
        finite = v[np.isfinite(v)]
        if finite.size and 1.0 < finite.max() <= 100.0 and finite.min() >= 0.0:
            p.values = v / 100.0
            warnings.append(f"{key}: values up to {finite.max():g} read as percent and divided by 100")


def last_by_step(steps: Sequence[float] | np.ndarray, values: Sequence[float] | np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray]:
    """(sorted distinct steps, the last value logged at each): a step logged twice keeps its later value."""
    s, v = np.asarray(steps, dtype=np.float64), np.asarray(values, dtype=np.float64)
    order = np.argsort(s, kind="stable")
    s, v = s[order], v[order]
    last = np.ones(s.size, dtype=bool)
    last[:-1] = s[1:] != s[:-1]
    return s[last], v[last]


def lookup(keys: np.ndarray, table_keys: np.ndarray, table_values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`table_values` at each of `keys` from sorted `table_keys`: (values, found); NaN keys are never found."""
    if not table_keys.size:
        return np.full(keys.shape, np.nan), np.zeros(keys.shape, dtype=bool)
    i = np.minimum(np.searchsorted(table_keys, keys), table_keys.size - 1)
    found = table_keys[i] == keys
    return np.where(found, table_values[i], np.nan), found


def add_total_loss(columns: dict[str, Points], warnings: list[str]) -> dict[str, str]:
    """Ultralytics and some detectors log only loss components (box/cls/dfl). When a split has two or more
    components and no total, its total is their sum at the steps where all are present (the logged components
    are already weighted, so their sum is the optimised loss). Returns {new key: one of its components}."""
    added: dict[str, str] = {}
    by_split: dict[Split, list[str]] = {}
    has_total: set[Split] = set()
    for key, p in columns.items():
        info = classify(key)
        if info.kind is not Kind.LOSS or not len(p.values):
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
        x = np.asarray(columns[keys[0]].steps, dtype=np.float64)
        total, everywhere = np.zeros(x.size), np.ones(x.size, dtype=bool)
        for k in keys:  # summed in the order of `keys`, as a running float sum would
            v, found = lookup(x, *last_by_step(columns[k].steps, columns[k].values))
            total += np.where(found, v, 0.0)
            everywhere &= found
        if everywhere.any():
            columns[name] = Points.of(x[everywhere], total[everywhere])
            added[name] = keys[0]
            warnings.append(f"no total {split.value} loss is logged; {name} is the sum of its components "
                            f"({' + '.join(keys)})")
    return added


def steps_per_epoch(pairs: Sequence[tuple[float, float]] | np.ndarray) -> float | None:
    """Optimizer steps per epoch from (epoch, step) pairs: the median step increase between epochs' last steps."""
    a = np.asarray(pairs, dtype=np.float64).reshape(-1, 2)
    return steps_per_epoch_of(a[:, 0], a[:, 1])


def steps_per_epoch_of(epochs: np.ndarray, steps: np.ndarray) -> float | None:
    """`steps_per_epoch` of the pairs (epochs[i], steps[i]). A log's epochs never go down, so each epoch's rows are
    one run and its last step is that run's largest (`np.maximum.reduceat`); only epochs out of order need the
    sort by (epoch, step) - the same answer, at the cost of sorting every pair."""
    e, s = np.asarray(epochs, dtype=np.float64), np.asarray(steps, dtype=np.float64)
    keep = ~(np.isnan(e) | np.isnan(s))
    if not keep.all():
        e, s = e[keep], s[keep]
    if not e.size:
        return None
    if np.all(e[1:] >= e[:-1]):
        first = np.flatnonzero(np.concatenate(([True], e[1:] != e[:-1])))
        e, s = e[first], np.maximum.reduceat(s, first)
    else:
        order = np.lexsort((s, e))  # by epoch, then step: the last of each epoch is its largest step
        e, s = e[order], s[order]
        last = np.ones(e.size, dtype=bool)
        last[:-1] = e[1:] != e[:-1]
        e, s = e[last], s[last]
    ok = (e[1:] == e[:-1] + 1) & (s[1:] > s[:-1])
    diffs = np.sort(s[1:][ok] - s[:-1][ok])
    return float(diffs[diffs.size // 2]) if diffs.size else None


def column_hits(header: Sequence[str], cols: Iterable[int], x_ok: np.ndarray, present: np.ndarray
                ) -> dict[str, tuple[list[int], np.ndarray]]:
    """For each name among the columns `cols` that has a point: (its column indexes, the cells that make a point:
    present, on a row whose x is a number), keyed in the order the file first logged them, as a reader going row by
    row would. A name on one column has a (rows,) mask; columns that share a name a (rows, columns) one, read
    row-major (file order) by `hit_x` and `hit_values`."""
    by_name: dict[str, list[int]] = {}
    for j in cols:
        by_name.setdefault(header[j], []).append(j)
    found: list[tuple[tuple[int, int], str, list[int], np.ndarray]] = []
    for name, js in by_name.items():
        hit = present[js[0]] & x_ok if len(js) == 1 else present[js].T & x_ok[:, None]
        first = int(np.argmax(hit)) if hit.size else 0
        if hit.size and hit.flat[first]:
            row, col = divmod(first, len(js))
            found.append(((row, js[col]), name, js, hit))
    return {name: (js, hit) for _, name, js, hit in sorted(found, key=lambda f: f[0])}


def hit_x(x: np.ndarray, hit: np.ndarray) -> np.ndarray:
    """The x (one per row) of each point a `column_hits` mask marks, in file order."""
    return _take(x, hit) if hit.ndim == 1 else np.broadcast_to(x[:, None], hit.shape)[hit]


def hit_values(values: np.ndarray, js: list[int], hit: np.ndarray) -> np.ndarray:
    """The values of the points a `column_hits` mask marks, in file order."""
    return _take(values[js[0]], hit) if hit.ndim == 1 else values[js].T[hit]


def _take(a: np.ndarray, hit: np.ndarray) -> np.ndarray:
    """a[hit] as a new array: a plain copy when every cell is hit (a dense column), else `compress` (4x faster than
    boolean indexing on a 1M-row column whose rows alternate)."""
    return a.copy() if hit.all() else a.compress(hit)


def column_points(header: Sequence[str], cols: Iterable[int], x: np.ndarray, x_ok: np.ndarray,
                  values: np.ndarray, present: np.ndarray) -> dict[str, Points]:
    """The columns `cols` as Points against x (one per row; `x_ok`: the row's x is a number), keyed in the order the
    file first logged them. Columns that share a name merge row by row."""
    return {name: Points.of(hit_x(x, hit), hit_values(values, js, hit))
            for name, (js, hit) in column_hits(header, cols, x_ok, present).items()}


def table_columns(table: Table, x_index: int | None, skip: set[int], x: np.ndarray | None = None
                  ) -> tuple[dict[str, Points], np.ndarray]:
    """Numeric columns as Points against column `x_index` (row number when None; `x`: that column as read, e.g.
    numbered on after a resume); returns (columns, x values)."""
    if x_index is None:
        x, x_ok = np.arange(table.n_rows, dtype=np.float64), np.ones(table.n_rows, dtype=bool)
    else:
        x, x_ok = (table.values[x_index] if x is None else x), table.present[x_index]
    return column_points(table.header, metric_columns(table, x_index, skip), x, x_ok, table.values,
                         table.present), x[x_ok]


def metric_columns(table: Table, x_index: int | None, skip: set[int]) -> list[int]:
    """The named columns other than the counters."""
    return [j for j, h in enumerate(table.header) if j != x_index and j not in skip and h]


def find_table_resumes(table: Table, x_index: int, cols: Iterable[int], lo: int = 0, hi: int | None = None
                       ) -> tuple[str, list[Resume]]:
    """The resumes among rows lo..hi (a run's rows; default the whole table) on counter column `x_index`
    (`_resumed.find_resumes` over the columns' series, each point positioned by its row): the series that showed
    them and the resumes. One code path for every table reader (generic, Keras CSVLogger, Lightning)."""
    hi = table.n_rows if hi is None else hi
    x, x_ok = table.values[x_index, lo:hi], table.present[x_index, lo:hi]
    rows = np.arange(lo, hi, dtype=np.float64)
    series = {key: (hit_x(x, hit), hit_values(table.values[:, lo:hi], js, hit), hit_x(rows, hit))
              for key, (js, hit) in column_hits(table.header, cols, x_ok, table.present[:, lo:hi]).items()}
    return find_resumes(series)


def number_resumes_on(table: Table, x_index: int, cols: Iterable[int]) -> tuple[np.ndarray, str, list[Resume]]:
    """Column `x_index` with a run taken up again from an earlier checkpoint (the counter goes back inside the run
    with new values: `_resumed`) numbered on, in log order, row by row so that every column moves with it; also
    the series that showed it and the resumes (none: the column as parsed)."""
    x = table.values[x_index]
    key, resumes = find_table_resumes(table, x_index, cols)
    return (number_on(x, np.arange(table.n_rows, dtype=np.float64), resumes) if resumes else x), key, resumes


def _columns(table: Table, x_i: int | None, skip: set[int], axis: Axis, f: Path, source: Path, notes: list[str]
             ) -> tuple[dict[str, Points], np.ndarray, list[Resume]]:
    """The table's metric columns against its counter (numbered on after a resume, with a warning)."""
    x, resumes = None, []
    if x_i is not None:
        x, key, resumes = number_resumes_on(table, x_i, metric_columns(table, x_i, skip))
        notes.extend(warning(f.name if Path(source) != f else "", axis.value, key, r) for r in resumes)
    columns, xs = table_columns(table, x_i, skip, x)
    return columns, xs, resumes


_EVIDENCE = (Kind.LOSS, Kind.ACCURACY, Kind.ERROR_RATE, Kind.ERROR, Kind.SCORE)


def _phase_columns(table: Table, phases: list[str], phase_name: str, x_i: int | None, skip: set[int], axis: Axis,
                   f: Path, source: Path, notes: list[str]) -> tuple[dict[str, Points], np.ndarray, list[Resume]]:
    """The columns of each split's rows apart (`_phase_column`): 'loss' of the 'val' rows is 'val_loss'. Columns
    that are no measure of the model (lr, throughput) are read from the training rows."""
    words = np.array(phases)
    order = sorted(dict.fromkeys(phases), key=lambda phase: phase != "train")  # the training rows' series first
    settings_from = "train" if "train" in order else order[0]
    columns: dict[str, Points] = {}
    xs_all, resumes_all = [], []
    for phase in order:
        rows = words == phase
        sub = replace(table, values=table.values[:, rows], present=table.present[:, rows], segments=[])
        cols, xs, resumes = _columns(sub, x_i, skip, axis, f, source, notes)
        xs_all.append(xs)
        resumes_all.extend(resumes)
        for key, points in cols.items():
            if classify(key).kind in _EVIDENCE and not names_split(key):
                columns[f"{phase}_{key}"] = points
            elif phase == settings_from or names_split(key):
                columns.setdefault(key, points)
    notes.append(f"the '{phase_name}' column names each row's split ({', '.join(order)}); each split's values are "
                 "read as series of their own")
    return columns, np.concatenate(xs_all) if xs_all else np.zeros(0), resumes_all


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
        return runs_from_table(read_table(path), path, path)


def runs_from_table(table: Table, f: Path, source: Path) -> list[Run]:
    """The run in a parsed table (also used by `lossdoctor watch`, which parses only appended rows)."""
    notes = list(table.warnings)
    header = table.header
    step_i = find_column(header, STEP_COLUMNS)
    epoch_i = find_column(header, EPOCH_COLUMNS)
    x_i, axis = (step_i, Axis.STEP) if step_i is not None else (epoch_i, Axis.EPOCH)
    if x_i is None:
        notes.append("no step, epoch or iteration column; each row is taken as one epoch")
    skip = {i for i in (step_i, epoch_i) if i is not None}
    phase_j = phase_column(header, table.present)
    phases = row_phases(f, table.sep, phase_j, header, table.n_rows) if phase_j is not None else None
    if phases is not None:
        columns, xs, resumes = _phase_columns(table, phases, header[phase_j], x_i, skip | {phase_j}, axis, f,
                                                  source, notes)
    else:
        columns, xs, resumes = _columns(table, x_i, skip, axis, f, source, notes)
    if not xs.size:
        raise ReadError(f, "a table with a header but no data rows")
    if not columns:
        raise ReadError(f, NO_METRIC_COLUMNS)
    if all(classify(k).kind is Kind.OTHER for k in columns):
        notes.append(f"no column is recognised as a loss, accuracy or learning rate ({', '.join(columns)}); "
                     "name them with --map key=split:kind")
    if table.segments and not resumes:
        notes.append(f"the header line appears {len(table.segments) + 1} times (a resumed run appended to "
                     "the file); later rows replace the earlier ones they overlap")
    percent_to_fraction(columns, notes)
    add_total_loss(columns, notes)
    hparams: dict[str, object] = {}
    if step_i is not None and epoch_i is not None:
        both = table.present[epoch_i] & table.present[step_i]
        spe = steps_per_epoch(np.column_stack([table.values[epoch_i][both], table.values[step_i][both]]))
        if spe:
            hparams["steps_per_epoch"] = spe
    return [make_run(file_run_name(f), source, "table", columns, axis, hparams=hparams, warnings=notes)]
