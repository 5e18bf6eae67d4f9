"""TensorBoard event files and logdirs: every scalar point, with wall time, without TensorFlow or protobuf.

Layouts handled: a run dir holding `*tfevents*` files (several files = a restarted writer, merged in file
order like TensorBoard does); Keras's `<run>/train` and `<run>/validation` sub-dirs (one Run, keys prefixed
with the sub-dir: `train/epoch_loss`, `validation/epoch_loss`); PyTorch `add_scalars` sub-dirs
(`<run>/Loss_train/` holding tag `Loss` becomes `Loss/train` in the same Run); any other sub-dir holding
event files is a run of its own. Decoding lives in `_tfevents.py` / `_tfrecord.py`.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

import numpy as np

from ..errors import ReadError
from ..model import Axis, Kind, Run
from ..names import classify
from ._base import head_bytes, make_series, walk
from ._resumed import EVIDENCE, find_resumes, number_on, warning
from ._tfevents import EventCollector, NotEventFile
from ._tfrecord import masked_crc32c

SPLIT_DIRS = ("train", "validation", "val", "eval", "evaluation")
_SKIP = {"plugins", "__pycache__"}


def is_event_file(path: Path) -> bool:
    """Named like a TensorBoard event file (profiler placeholders excluded)."""
    return "tfevents" in path.name and not path.name.endswith(".profile-empty")


def event_files(directory: Path) -> list[Path]:
    """Event files directly in `directory`, in the order TensorBoard reads them (by name, i.e. by time)."""
    try:
        with os.scandir(directory) as it:
            return sorted(Path(e.path) for e in it if e.is_file() and is_event_file(Path(e.name)))
    except OSError:
        return []


def _subdirs(directory: Path) -> list[Path]:
    try:
        with os.scandir(directory) as it:
            return sorted(Path(e.path) for e in it
                          if e.is_dir() and not e.name.startswith(".") and e.name not in _SKIP)
    except OSError:
        return []


def _dirs_with_events(top: Path) -> set[str]:
    """Every directory at or below `top` that has event files at or below it, in one iterative walk (each
    directory once, whatever its depth or the symlinks into it)."""
    parent: dict[str, str] = {}
    found: set[str] = set()
    for dirpath, dirnames, filenames in walk(top):
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and d not in _SKIP]
        for d in dirnames:
            parent[os.path.join(dirpath, d)] = dirpath
        if any(is_event_file(Path(f)) for f in filenames):
            d = dirpath
            while d not in found:
                found.add(d)
                if d not in parent:
                    break
                d = parent[d]
    return found


class TensorBoardReader:
    """Reads event files and run dirs; `verify_crc=True` checks every record's CRCs (slower)."""

    name = "tensorboard"

    def __init__(self, verify_crc: bool = False) -> None:
        self.verify_crc = verify_crc

    def can_read(self, path: Path) -> bool:
        if path.is_dir():
            return bool(event_files(path)) or any(event_files(path / s) for s in SPLIT_DIRS if (path / s).is_dir())
        if is_event_file(path):
            return True
        head = head_bytes(path, 13)
        return len(head) == 13 and head[12] == 0x09 and masked_crc32c(head[:8]) == int.from_bytes(head[8:12],
                                                                                                   "little")

    def read(self, path: Path) -> list[Run]:
        path = Path(path)
        if path.is_dir():
            problems: list[str] = []
            runs = self._read_dir(path, _dir_name(path), str(path), problems)
            if not runs:
                raise ReadError(path, "; ".join(problems) or "its TensorBoard event files hold no scalar summaries")
            return runs
        collector = self._collect([path], strict=True)
        split = path.parent.name if path.parent.name in SPLIT_DIRS else ""
        name = _dir_name(path.parent.parent if split else path.parent)
        run = _make_run(name, str(path), [(collector, _prefix(f"{split}/" if split else ""))])
        if run is None:
            raise ReadError(path, "this TensorBoard event file holds no scalar summaries")
        return [run]

    def _collect(self, files: list[Path], strict: bool = False) -> EventCollector:
        collector = EventCollector(verify_crc=self.verify_crc)
        for f in files:
            try:
                collector.add_file(f)
            except NotEventFile as exc:
                if strict:
                    raise ReadError(f, f"not a TensorBoard event file: {exc}") from None
                collector.warnings.append(f"{f.name}: skipped, not a TensorBoard event file: {exc}")
            except OSError as exc:
                if strict:
                    raise ReadError(f, f"cannot be read ({exc.strerror})") from None
                collector.warnings.append(f"{f.name}: skipped, cannot be read ({exc.strerror})")
        return collector

    def _read_dir(self, top: Path, top_name: str, top_source: str, problems: list[str]) -> list[Run]:
        """The run at `top` (its files, split sub-dirs, add_scalars sub-dirs) plus the runs of other sub-dirs, depth
        first; iterative, each directory once."""
        below = _dirs_with_events(top)
        out: list[Run] = []
        stack = [(top, top_name, top_source)]
        while stack:
            d, name, source = stack.pop()
            own = d.name if d.name in SPLIT_DIRS else ""
            parts: list[tuple[EventCollector, Callable[[str], str]]] = []
            files = event_files(d)
            if files:
                parts.append((self._collect(files), _prefix(f"{own}/" if own else "")))
            deeper: list[tuple[Path, str, str]] = []
            for sub in _subdirs(d):
                sub_files = event_files(sub)
                if sub.name in SPLIT_DIRS and sub_files and not own:
                    parts.append((self._collect(sub_files), _prefix(f"{sub.name}/")))
                    continue
                if str(sub) not in below:
                    continue
                collector = self._collect(sub_files) if sub_files else None
                rename = _add_scalars_rename(sub.name, collector) if collector is not None else None
                if rename is not None and not any(str(s) in below for s in _subdirs(sub)):
                    parts.append((collector, rename))  # type: ignore[arg-type]
                else:
                    deeper.append((sub, f"{name}/{sub.name}", str(sub)))
            run = _make_run(name, source, parts) if parts else None
            if run is None:
                problems.extend(w for c, _ in parts for w in c.warnings)
            else:
                out.append(run)
            stack.extend(reversed(deeper))
        return out


def read_tensorboard(path: str | os.PathLike[str], verify_crc: bool = False) -> list[Run]:
    """Read an event file or a logdir; with verify_crc=True every record's CRC-32C is checked."""
    return TensorBoardReader(verify_crc=verify_crc).read(Path(path))


def _dir_name(d: Path) -> str:
    return d.name or d.resolve().name or str(d)


def _prefix(prefix: str) -> Callable[[str], str]:
    return lambda tag: prefix + tag


def _add_scalars_rename(dirname: str, collector: EventCollector) -> Callable[[str], str] | None:
    """`add_scalars("Loss", {"train": x})` writes tag `Loss` into `<run>/Loss_train/`: read it as `Loss/train`."""
    tags = list(collector.tags)
    if not tags or not all(dirname.startswith(t.replace("/", "_") + "_") for t in tags):
        return None
    return lambda tag: f"{tag}/{dirname[len(tag.replace('/', '_')) + 1:]}"


def _axis(key: str) -> Axis:
    """Keras's callback logs `epoch_<metric>` once per epoch with step = epoch; everything else is per step."""
    return Axis.EPOCH if key.rsplit("/", 1)[-1].startswith("epoch_") else Axis.STEP


def _make_run(name: str, source: str, parts: list[tuple[EventCollector, Callable[[str], str]]]) -> Run | None:
    notes: list[str] = []
    points: list[tuple[str, np.ndarray, np.ndarray, np.ndarray]] = []
    for collector, rename in parts:
        points.extend((rename(tag), steps, values, wall) for tag, steps, values, wall in collector.arrays())
        notes.extend(collector.warnings)
    if not points:
        return None
    file_walls = sorted(fw for collector, _ in parts for fw in collector.file_walls)
    points = _set_aside_reruns(points, file_walls, notes)
    points = _number_resumes_on(points, file_walls, source, notes)
    restarts: list[str] = []
    series = [make_series(key, steps, values, _axis(key), wall, restarts) for key, steps, values, wall in points]
    notes.extend(restarts)
    return Run(name=name, series=tuple(series), source=source, format="tensorboard", warnings=tuple(notes))


def _number_resumes_on(points: list[tuple[str, np.ndarray, np.ndarray, np.ndarray]],
                       file_walls: list[tuple[float, str]], source: str, notes: list[str]
                       ) -> list[tuple[str, np.ndarray, np.ndarray, np.ndarray]]:
    """A writer taken up again from an earlier checkpoint without `purge_step` (a second event file, or the steps
    going back inside one) is read as written, in log order: the points logged after the jump (by wall time, which
    every tag shares) are numbered on, in every tag. TensorBoard would drop the first pass's overlapped points."""
    key, resumes = find_resumes({k: (steps, values, wall) for k, steps, values, wall in reversed(points)})
    for r in resumes:
        where = max((fw for fw in file_walls if fw[0] <= r.at), default=(0.0, ""))[1]
        notes.append(warning("" if Path(source).is_file() else where, "step", key, r))  # a file: the source names it
    return [(k, number_on(steps, wall, resumes), values, wall) for k, steps, values, wall in points] if resumes \
        else points


def _set_aside_reruns(points: list[tuple[str, np.ndarray, np.ndarray, np.ndarray]],
                      file_walls: list[tuple[float, str]], notes: list[str]
                      ) -> list[tuple[str, np.ndarray, np.ndarray, np.ndarray]]:
    """A script run again into the same folder: a new event file whose points start again at (or below) the run's
    first step, without `purge_step`. Not a resume (that goes back to a step inside the run, `_number_resumes_on`):
    the earlier run is set aside and the latest read, as TensorBoard shows it (it purges the out-of-order steps),
    with a warning naming the files set aside and their steps. The densest loss or metric series decides (among as
    dense, a loss); every tag is cut at the new file's first wall time, which all of them share."""
    best: tuple[int, bool] = (0, False)
    cut, decided = None, ("", 0.0, 0.0)
    for key, steps, _, wall in points:
        kind = classify(key).kind
        rank = (int(steps.size), kind is Kind.LOSS)
        if rank <= best or kind not in EVIDENCE or steps.size < 3:
            continue
        best, cut = rank, None
        for i in np.flatnonzero(np.diff(steps) < 0) + 1:
            if steps[i] > steps[:i].min():
                continue  # back to a step inside the run: a resume, or a purge's restart
            starts = [w for w, _ in file_walls if wall[i - 1] < w <= wall[i]]
            if starts:  # a new event file begins there: another writer, from the start again
                cut = starts[0]
                decided = (key, float(steps[:i][wall[:i] < cut].min()), float(steps[:i][wall[:i] < cut].max()))
    if cut is None:
        return points
    aside = [name for w, name in file_walls if w < cut]
    again = next(name for w, name in file_walls if w == cut)
    key, lo, hi = decided
    notes.append(f"{', '.join(aside)}: an earlier run in this folder (steps {lo:g}-{hi:g} of {key}) set aside: "
                 f"{again} starts again from its first step (the script run again into the same folder, not a "
                 "resume); the latest run is read")
    out = []
    for k, steps, values, wall in points:
        keep = wall >= cut
        if keep.any():
            out.append((k, steps[keep], values[keep], wall[keep]))
    return out
