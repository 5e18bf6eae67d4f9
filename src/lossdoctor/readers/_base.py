"""What every reader shares: the Reader protocol and the one way to turn raw points into Series."""
from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Protocol, Sequence

import numpy as np

from ..model import Axis, Run, Series
from ..names import classify


class Reader(Protocol):
    """A log format: `can_read` sniffs cheaply (name first, then a few bytes); `read` returns its runs."""

    name: str

    def can_read(self, path: Path) -> bool: ...

    def read(self, path: Path) -> list[Run]: ...


@dataclass
class Points:
    """Raw points of one metric as a reader collects them, in file order: Python lists filled by `add`, or whole
    numpy columns (`Points.of`) from readers that parse a file column-wise."""

    steps: list[float] | np.ndarray = field(default_factory=list)
    values: list[float] | np.ndarray = field(default_factory=list)
    wall: list[float] | np.ndarray = field(default_factory=list)

    def add(self, step: float, value: float, wall: float | None = None) -> None:
        self.steps.append(step)  # type: ignore[union-attr]
        self.values.append(value)  # type: ignore[union-attr]
        if wall is not None:
            self.wall.append(wall)  # type: ignore[union-attr]

    @classmethod
    def of(cls, steps: np.ndarray, values: np.ndarray, wall: np.ndarray | None = None) -> Points:
        """Points from arrays (no per-point Python objects: a million points stay 16 MB)."""
        return cls(steps, values, wall if wall is not None else [])

    def __len__(self) -> int:
        return len(self.values)


def clean_steps(steps: np.ndarray, values: np.ndarray, wall: np.ndarray | None = None
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, int]:
    """Sorted, de-duplicated points; a step that goes backwards (a resumed run) overrides what it overlaps.

    Like TensorBoard's purge: when the counter restarts at s, earlier points at steps >= s are dropped.
    Duplicate steps keep the last value. Returns (steps, values, wall, number_of_restarts).
    """
    n = steps.size
    if n == 0:
        return steps, values, wall, 0
    if np.all(steps[1:] > steps[:-1]):  # already sorted and distinct (the usual log): no index arrays, no copies
        return _owned(steps), _owned(values), (_owned(wall) if wall is not None else None), 0
    back = np.flatnonzero(np.diff(steps) < 0) + 1
    keep = np.ones(n, dtype=bool)
    for b in back:  # few restarts in practice; each purges the overlapped tail before it
        keep[:b] &= steps[:b] < steps[b]
    idx = np.flatnonzero(keep)
    s, order = steps[idx], np.argsort(steps[idx], kind="stable")
    idx = idx[order]
    s = steps[idx]
    last_of_each = np.ones(s.size, dtype=bool)
    last_of_each[:-1] = s[1:] != s[:-1]
    idx = idx[last_of_each]
    return steps[idx], values[idx], (wall[idx] if wall is not None else None), int(back.size)


_UNPLACED = " point(s) with a step that is not a finite number were skipped"


def _owned(a: np.ndarray) -> np.ndarray:
    """`a` itself, or a copy when it is a view, so that a Series never keeps a larger buffer alive."""
    return a if a.base is None else a.copy()


def make_series(key: str, steps: Sequence[float] | np.ndarray, values: Sequence[float] | np.ndarray, axis: Axis,
                wall: Sequence[float] | np.ndarray | None = None, warnings: list[str] | None = None) -> Series:
    """Build a tagged Series from raw points (names.py decides split and kind)."""
    s = np.asarray(steps, dtype=np.float64)
    v = np.asarray(values, dtype=np.float64)
    w = np.asarray(wall, dtype=np.float64) if wall is not None and len(wall) == len(s) else None
    placed = np.isfinite(s)
    if not placed.all():  # a step of nan or +-inf (a corrupt or overflowing counter) places a value nowhere
        if warnings is not None:
            warnings.append(f"{key}: {int((~placed).sum())}{_UNPLACED}")
        s, v, w = s[placed], v[placed], (w[placed] if w is not None else None)
    s, v, w, restarts = clean_steps(s, v, w)
    if restarts and warnings is not None:
        warnings.append(f"{key}: the step counter went backwards {restarts} time(s) (a resumed run); "
                        "later points replace the ones they overlap")
    key = _inert(key)
    info = classify(key)
    return Series(key=key, split=info.split, kind=info.kind, axis=axis, steps=s, values=v, wall_time=w,
                  primary=info.primary)


def make_run(name: str, source: Path | str, fmt: str, columns: Mapping[str, Points], axis: Axis,
             hparams: Mapping[str, object] | None = None, warnings: Iterable[str] = (),
             axes: Mapping[str, Axis] | None = None) -> Run:
    """A Run from named point lists; empty columns are dropped, series keep the order they were logged."""
    notes = list(warnings)
    series = tuple(
        make_series(key, p.steps, p.values, (axes or {}).get(key, axis), p.wall if len(p.wall) else None, notes)
        for key, p in columns.items() if len(p.values)
    )
    unplaced = [n for n in notes if n.endswith(_UNPLACED)]
    if len(unplaced) > 1:  # one line for the whole run, not one per column
        counts = {int(n[:-len(_UNPLACED)].rsplit(": ", 1)[1]) for n in unplaced}
        notes = [n for n in notes if not n.endswith(_UNPLACED)]
        notes.append(f"{len(unplaced)} series ({unplaced[0].rsplit(': ', 1)[0]}, ...): "
                     f"{'/'.join(map(str, sorted(counts)))}{_UNPLACED}")
    return Run(name=_inert(name), series=series, source=str(source), format=fmt, hparams=dict(hparams or {}),
               warnings=tuple(notes))


_CONTROL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _inert(name: str) -> str:
    """A name from a log without terminal escape sequences or control characters: they name nothing, and would
    act on the terminal of whoever reads the report."""
    return _CONTROL.sub("", name) if _CONTROL.search(name) else name


def parse_float(text: str) -> float | None:
    """A logged number as float: 'nan', 'inf', '-inf', 'NaN', '1e-4', '81.2%' (-> 0.812); None if not numeric."""
    t = text.strip().strip('"').strip("'")
    if not t or t.upper() in ("NA", "N/A", "NONE", "NULL", ""):
        return None
    pct = t.endswith("%")
    if pct:
        t = t[:-1]
    try:
        x = float(t)
    except ValueError:
        return None
    return x / 100.0 if pct else x


def head_bytes(path: Path, n: int = 4096) -> bytes:
    """The first n bytes of a regular file (for sniffing); empty on any OS error and for a FIFO, a device or a
    socket (opening a FIFO blocks until someone writes to it; /dev/zero never ends)."""
    try:
        if not is_regular(path):
            return b""
        with path.open("rb") as fh:
            return fh.read(n)
    except OSError:
        return b""


def is_regular(path: Path | str) -> bool:
    """A regular file (after symlinks): the only kind of file lossdoctor opens."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def walk(root: Path | str, problems: list[str] | None = None) -> Iterator[tuple[str, list[str], list[str]]]:
    """`os.walk` (top-down, `dirnames` may be pruned in place) that is iterative (any depth), follows directory
    symlinks but enters each directory once (symlink loops and aliases are read once), lists only regular files,
    and notes an unreadable directory in `problems` instead of stopping."""
    seen: set[tuple[int, int]] = set()
    stack = [str(root)]
    while stack:
        top = stack.pop()
        try:
            st = os.stat(top)
            ident = (st.st_dev, st.st_ino)
            if ident in seen:
                continue
            seen.add(ident)
            dirs, files = [], []
            with os.scandir(top) as it:
                for e in it:
                    try:
                        if e.is_dir():
                            dirs.append(e.name)
                        elif e.is_file():
                            files.append(e.name)
                    except OSError:
                        continue
        except OSError as exc:
            if problems is not None:
                problems.append(f"{top}: cannot be listed ({exc.strerror or exc})")
            continue
        dirs.sort()
        files.sort()
        yield top, dirs, files
        stack.extend(os.path.join(top, d) for d in reversed(dirs))


def _json_int(text: str) -> int | float:
    """A JSON integer: exact when short, else a float (inf beyond float range). Python's int() refuses more than
    4,300 digits and float(int) overflows past 309: a log's number is a measurement, never that precise."""
    return int(text) if len(text) <= 18 else float(text)


_DECODER = json.JSONDecoder(parse_int=_json_int)


def loads_json(text: str | bytes) -> Any:
    """json.loads for untrusted logs: huge integers become floats, nesting too deep for the parser is a
    JSONDecodeError (like any other malformed JSON) instead of a RecursionError."""
    if isinstance(text, (bytes, bytearray)):
        text = bytes(text).decode("utf-8")
    try:
        return _DECODER.decode(text)
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply", text, 0) from None


def raw_decode_json(text: str, pos: int) -> tuple[Any, int]:
    """`JSONDecoder.raw_decode` with the same guards as `loads_json`."""
    try:
        return _DECODER.raw_decode(text, pos)
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply", text, pos) from None
