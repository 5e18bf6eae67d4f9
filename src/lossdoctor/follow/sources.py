"""What to follow under a path: the readers decide the format, this module picks the incremental follower.

Appended formats get an incremental follower (TensorBoard records, CSV rows, text lines). Formats whose writer
rewrites or rebuilds the file (HF `trainer_state.json` at each checkpoint, Keras History JSON, MLflow and W&B
stores) are read again with their reader, only when a file under them changed size or time. New files and
run folders are discovered at every poll.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Protocol

from ..errors import ReadError
from ..model import Run
from ..readers import READERS, Reader
from ..readers._base import head_bytes
from ..readers.table import Table
from .tables import BUILDERS, TableFollower
from .tensorboard import TensorBoardFollower
from .text import TextFollower

_SKIP_DIRS = {".git", "__pycache__", "node_modules", ".venv", "venv", ".ipynb_checkpoints"}


class Follower(Protocol):
    def poll(self) -> bool: ...

    def runs(self) -> list[Run]: ...

    @property
    def parsed(self) -> int: ...


class TableSource:
    """A growing CSV read by one of the table readers' builders."""

    def __init__(self, file: Path, source: Path, build: Callable[[Table, Path, Path], list[Run]],
                 sep: str | None = None) -> None:
        self.file, self.source, self.build = file, source, build
        self.follower = TableFollower(file, sep)

    @property
    def parsed(self) -> int:
        return self.follower.tail.parsed

    def poll(self) -> bool:
        return self.follower.poll()

    def runs(self) -> list[Run]:
        table = self.follower.table()
        if table is None or not table.n_rows:
            return []
        try:
            return self.build(table, self.file, self.source)
        except ReadError:
            return []  # a header and no values yet


@dataclass
class RereadSource:
    """A log its writer rewrites: read again, whole, when any file under it changed."""

    path: Path
    reader: Reader
    signature: tuple = ()
    parsed: int = 0
    last: list[Run] = field(default_factory=list)

    def poll(self) -> bool:
        sig = _signature(self.path)
        if sig == self.signature:
            return False
        self.signature = sig
        try:
            self.last = self.reader.read(self.path)
        except ReadError:
            return False  # caught mid-write (a JSON cut short): the next poll reads it again
        self.parsed += sum(size for _, size, _ in sig)
        return True

    def runs(self) -> list[Run]:
        return self.last


def _signature(path: Path) -> tuple:
    if path.is_file():
        files = [path]
    else:
        files = [Path(d) / f for d, dirs, names in os.walk(path) for f in names
                 if not any(part in _SKIP_DIRS for part in Path(d).parts)]
    out = []
    for f in sorted(files):
        try:
            st = f.stat()
        except OSError:
            continue
        out.append((str(f), st.st_size, st.st_mtime_ns))
    return tuple(out)


def _ready(path: Path) -> bool:
    """A file is sniffed only once it holds a complete first line (or, for event files, any bytes)."""
    if "tfevents" in path.name or path.suffix.lower() == ".json":  # JSON: its reader refuses a cut document
        return path.stat().st_size > 0
    return b"\n" in head_bytes(path, 65536)


def follower_for(path: Path, reader: Reader) -> Follower:
    """The incremental follower for a path a reader claimed."""
    name = reader.name
    if name == "tensorboard":
        return TensorBoardFollower(path)
    if name == "lightning_csv":
        f = path / "metrics.csv" if path.is_dir() else path
        return TableSource(f, path, BUILDERS[name], sep=",")
    if name in BUILDERS and path.is_file():
        return TableSource(path, path, BUILDERS[name])
    if name == "text" and path.is_file():
        return TextFollower(path)
    return RereadSource(path, reader)


class Sources:
    """Every run under a path, followed; `poll` discovers new logs and reads what was appended."""

    def __init__(self, root: Path) -> None:
        if not root.exists():
            raise ReadError(root, "no such file or directory")
        self.root = root
        self.followers: dict[Path, Follower] = {}
        self.unclaimed: dict[Path, int] = {}  # files no reader claimed, by the size they had then
        self.problems: list[str] = []

    @property
    def parsed(self) -> int:
        """Bytes handed to parsers so far (what following cost)."""
        return sum(f.parsed for f in self.followers.values())

    def _claim(self, path: Path) -> None:
        if path in self.followers:
            return
        reader = next((r for r in READERS if r.can_read(path)), None)
        if reader is not None:
            self.followers[path] = follower_for(path, reader)

    def _discover(self) -> None:
        if self.root.is_file():
            if _ready(self.root):
                self._claim(self.root)
            return
        for dirpath, dirnames, filenames in os.walk(self.root):
            here = Path(dirpath)
            dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS and not d.startswith("."))
            if here in self.followers:
                dirnames[:] = []
                continue
            self._claim(here)
            if here in self.followers:
                dirnames[:] = []
                continue
            for fname in sorted(filenames):
                f = here / fname
                try:
                    if f in self.followers:
                        continue
                    size = f.stat().st_size
                    if self.unclaimed.get(f) == size or not f.is_file():
                        continue  # sniffed at this size already (a checkpoint, a config): not a log
                    if _ready(f):
                        self._claim(f)
                    if f not in self.followers:
                        self.unclaimed[f] = size
                except OSError:
                    continue

    def poll(self) -> bool:
        """Discover new logs, read what was appended; True when any run got new data."""
        self._discover()
        changed = False
        for path, follower in list(self.followers.items()):
            try:
                changed |= follower.poll()
            except ReadError as exc:
                if str(exc) not in self.problems:
                    self.problems.append(str(exc))
        return changed

    def runs(self) -> list[Run]:
        out: list[Run] = []
        for follower in self.followers.values():
            out.extend(follower.runs())
        return out
