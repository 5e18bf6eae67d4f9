"""TensorBoard logdirs that are still being written: each event file is read from its last complete record.

Event files are append-only TFRecord streams; a writer may be mid-record when we look, so only whole records
are decoded (by the reader's own decoder) and the rest waits for the next poll. New files (a restarted writer,
a `validation/` sub-dir that appears at the first evaluation) are picked up as they appear. The Run is built by
the TensorBoard reader itself from the records read so far, so the layout rules (split sub-dirs, add_scalars
sub-dirs, restarts) are the reader's.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import ReadError
from ..model import Run
from ..readers._tfevents import CHUNK, EventCollector, NotEventFile
from ..readers._tfrecord import frame, length_crc_ok
from ..readers.tensorboard import _SKIP, TensorBoardReader, is_event_file
from .tail import Tail

_Chunk = tuple[np.ndarray, np.ndarray, np.ndarray]


@dataclass
class EventFileFollower:
    """The scalars of one event file read so far, per tag, with the restart markers met on the way."""

    path: Path
    tail: Tail = field(init=False)
    tags: dict[str, list[_Chunk]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    starts: list[tuple[int, dict[str, int]]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    templates: dict = field(default_factory=dict)  # the decoder's per-layout templates, kept between polls

    def __post_init__(self) -> None:
        self.tail = Tail(self.path)

    def poll(self) -> bool:
        data, reset = self.tail.peek()
        if reset:
            self.tags, self.counts, self.starts, self.warnings = {}, {}, [], []
        if self.tail.offset == 0 and len(data) >= 12 and not length_crc_ok(memoryview(data), 0):
            raise NotEventFile("it does not start with a TFRecord header (the length's CRC does not match)")
        end = _complete_records(data)
        if not end:
            return reset
        collector = EventCollector(_templates=self.templates)
        collector._read(memoryview(data[:end]), end, self.path.name)  # the reader's decoder, on whole records only
        before = dict(self.counts)
        for step, snap in collector.starts:
            self.starts.append((step, {t: before.get(t, 0) + snap.get(t, 0) for t in set(before) | set(snap)}))
        for tag, chunks in collector.tags.items():
            mine = self.tags.setdefault(tag, [])
            mine.extend(chunks)
            if len(mine) > 1:
                mine[:] = [tuple(np.concatenate([c[i] for c in mine]) for i in range(3))]  # type: ignore[misc]
            self.counts[tag] = self.counts.get(tag, 0) + collector.counts.get(tag, 0)
        self.warnings.extend(w for w in collector.warnings if w not in self.warnings)
        self.tail.advance(data, end)
        return True


def _complete_records(data: bytes) -> int:
    """How many leading bytes of `data` are whole records (a record being written waits for the next poll)."""
    buf, pos = memoryview(data), 0
    while pos < len(data):
        fr = frame(buf, pos, len(data), CHUNK)
        if fr.next_pos == pos:
            break
        pos = fr.next_pos
        if fr.stop is not None:
            break
    return pos


class _LiveTensorBoardReader(TensorBoardReader):
    """The TensorBoard reader, fed from followers instead of re-reading files."""

    def __init__(self, files: dict[Path, EventFileFollower]) -> None:
        super().__init__()
        self.files = files

    def _collect(self, files: list[Path], strict: bool = False) -> EventCollector:
        merged = EventCollector()
        for f in files:
            follower = self.files.get(f)
            if follower is None:
                continue
            for step, snap in follower.starts:
                merged.starts.append((step, {t: merged.counts.get(t, 0) + snap.get(t, 0)
                                             for t in set(merged.counts) | set(snap)}))
            for tag, chunks in follower.tags.items():
                merged.tags.setdefault(tag, []).extend(chunks)
                merged.counts[tag] = merged.counts.get(tag, 0) + follower.counts.get(tag, 0)
            firsts = [float(c[2][0]) for chunks in follower.tags.values() for c in chunks if c[2].size]
            if firsts:  # where each file's points start, so that a resume's warning names its file
                merged.file_walls.append((min(firsts), f.name))
            merged.warnings.extend(follower.warnings)
        return merged


class TensorBoardFollower:
    """A logdir (or one event file) followed as it grows; `runs()` gives what the reader would give now."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: dict[Path, EventFileFollower] = {}
        self.problems: list[str] = []

    @property
    def parsed(self) -> int:
        return sum(f.tail.parsed for f in self.files.values())

    def _event_files(self) -> list[Path]:
        if self.root.is_file():
            return [self.root]
        found: list[Path] = []
        for dirpath, dirnames, filenames in os.walk(self.root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in _SKIP)
            found.extend(Path(dirpath) / f for f in sorted(filenames) if is_event_file(Path(f)))
        return found

    def poll(self) -> bool:
        changed = False
        for f in self._event_files():
            follower = self.files.get(f)
            if follower is None:
                follower = self.files[f] = EventFileFollower(f)
            try:
                changed |= follower.poll()
            except NotEventFile as exc:
                note = f"{f.name}: skipped, not a TensorBoard event file: {exc}"
                if note not in self.problems:
                    self.problems.append(note)
        return changed

    def runs(self) -> list[Run]:
        try:
            return _LiveTensorBoardReader(self.files).read(self.root)
        except ReadError:
            return []  # no scalar written yet
