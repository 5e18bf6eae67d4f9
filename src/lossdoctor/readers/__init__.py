"""Readers, one module per format, and discovery: `read(path)` finds every run below a path."""
from __future__ import annotations

import os
import sys
import warnings
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterator, Mapping, TypeVar

from ..errors import ReadError, UsageError
from ..model import Run
from ..names import NameInfo
from ._base import Reader, is_regular, walk
from .hf_trainer import HfTrainerStateReader
from .json_records import NOT_HISTORY, JsonRecordsReader
from .keras_csv import KerasCsvLoggerReader
from .keras_history import KerasHistoryReader
from .lightning_csv import LightningCsvReader
from .mlflow import MlflowReader, read_tracking_uri
from .table import NO_METRIC_COLUMNS, TABLE_SUFFIXES, TableReader
from .tensorboard import TensorBoardReader
from .text_log import TextLogReader, read_text_runs
from .wandb import WandbOfflineReader
from .wandb_csv import WandbCsvReader

# Order matters: directory and specific formats first, generic tables and text last.
READERS: tuple[Reader, ...] = (
    TensorBoardReader(),
    MlflowReader(),
    WandbOfflineReader(),
    HfTrainerStateReader(),
    LightningCsvReader(),
    KerasCsvLoggerReader(),
    WandbCsvReader(),
    KerasHistoryReader(),
    JsonRecordsReader(),
    TableReader(),
    TextLogReader(),
)
TEXT_READER: TextLogReader = READERS[-1]  # type: ignore[assignment]

T = TypeVar("T")
_SKIP_DIRS = {".git", "__pycache__", "node_modules", ".venv", "venv", ".ipynb_checkpoints"}


def reader_named(name: str) -> Reader:
    for r in READERS:
        if r.name == name:
            return r
    raise UsageError(f"unknown input format {name!r}; choose one of: {', '.join(r.name for r in READERS)}")


def _pick(path: Path, forced: Reader | None) -> Reader | None:
    if forced is not None:
        return forced
    return next((r for r in READERS if r.can_read(path)), None)


def _walk(root: Path, forced: Reader | None) -> list[Run]:
    """Every run below a directory; a reader that claims a directory reads all of it. One unreadable or broken
    file or directory is a warning, never the end of the scan."""
    runs: list[Run] = []
    problems: list[str] = []
    for reader, path in units(root, forced, problems):
        runs.extend(_guarded(lambda: reader.read(path), path, problems) or [])
    for p in problems:
        warnings.warn(p, stacklevel=2)
    if not runs:
        raise ReadError(root, no_run_detail(problems))
    return runs


def no_run_detail(problems: list[str]) -> str:
    return "; ".join(problems[:5]) if problems else "no training log found in it (looked for TensorBoard " \
        "event files, CSV/JSON histories, trainer_state.json, metrics.csv, MLflow and W&B runs, text logs)"


def units(root: Path, forced: Reader | None, problems: list[str]) -> Iterator[tuple[Reader, Path]]:
    """The (reader, file or directory) pairs that hold the runs below `root`, found by sniffing only: each can be
    read on its own (in another process, for a fleet). Problems met on the way are appended to `problems`."""
    for dirpath, dirnames, filenames in walk(root, problems):
        dirnames[:] = [d for d in dirnames if d not in _SKIP_DIRS and not d.startswith(".")]
        if not _may_hold_logs(dirpath, dirnames, filenames):
            continue
        here = Path(dirpath)
        claim = _guarded(lambda: _pick(here, forced), here, problems)
        if claim is not None and _guarded(lambda: claim.can_read(here), here, problems):
            dirnames[:] = []
            yield claim, here
            continue
        for fname in filenames:
            f = here / fname
            r = _guarded(lambda: _pick(f, None) if forced is None else (forced if forced.can_read(f) else None),
                         f, problems)
            if r is not None:
                yield r, f


def _may_hold_logs(dirpath: str, dirnames: list[str], filenames: list[str]) -> bool:
    """Whether a directory is worth sniffing as a whole: every reader that claims a directory looks for a file in it
    or one level down (metrics.csv, event files in train/, checkpoint-N/trainer_state.json, an MLflow experiment's
    meta.yaml, a W&B run's .wandb). A folder with neither is only walked through: a chain of 1,500 empty folders was
    sniffed by every reader at every level, each test a path of 1,500 parts (4 s of CPU)."""
    if filenames:
        return True
    for d in dirnames:
        try:
            with os.scandir(os.path.join(dirpath, d)) as it:
                if any(e.is_file() for e in it):
                    return True
        except OSError:
            continue
    return False


def _guarded(call: Callable[[], T], path: Path, problems: list[str]) -> T | None:
    """`call()`, or None with a note in `problems` when it fails: a ReadError (a bad file) or, in a directory scan,
    any other error (an unreadable file, or a bug: named as such so that it gets reported, not hidden)."""
    try:
        return call()
    except ReadError as exc:
        problems.append(str(exc))
    except OSError as exc:
        problems.append(f"{path}: cannot be read ({exc.strerror or exc})")
    except Exception as exc:  # noqa: BLE001 - one broken file must not end the scan of a directory
        problems.append(f"{path}: skipped after an internal error ({type(exc).__name__}: {exc})")
    return None


def read(path: str | os.PathLike[str], format_in: str | None = None,
         name_map: Mapping[str, NameInfo] | None = None) -> list[Run]:
    """Read every run at `path` (a file or a directory); `-` reads a text log from stdin."""
    forced = reader_named(format_in) if format_in else None
    if str(path) == "-":
        runs = read_text_runs(sys.stdin.read(), "<stdin>")
    elif "://" in str(path):
        runs = read_tracking_uri(str(path))
    else:
        p = Path(path)
        if not p.exists():
            raise ReadError(p, "no such file or directory")
        if p.is_dir():
            runs = _walk(p, forced)
        elif not is_regular(p):
            raise ReadError(p, "not a regular file (a FIFO, a device or a socket): lossdoctor reads log files and "
                               "directories only; pipe a text log to `lossdoctor diagnose -` instead")
        else:
            r = _pick(p, forced)
            if r is None and TEXT_READER.shows_a_log(p):  # a log named by hand but saved as 'log.py' or 'out.yaml':
                r = TEXT_READER  # its lines decide (a directory scan still reads log suffixes only)
            if r is None:
                raise ReadError(p, _unknown_file_detail(p))
            try:
                runs = r.read(p)
            except OSError as exc:
                raise ReadError(p, f"cannot be read ({exc.strerror or exc})") from None
    return [apply_name_map(r, name_map) for r in runs] if name_map else runs


def _unknown_file_detail(p: Path) -> str:
    try:
        size = p.stat().st_size
    except OSError as exc:
        return f"cannot be opened ({exc.strerror})"
    if size == 0:
        return "the file is empty"
    if p.suffix.lower() in (".json", ".jsonl", ".ndjson"):
        return NOT_HISTORY
    if p.suffix.lower() in TABLE_SUFFIXES:
        return NO_METRIC_COLUMNS
    return ("not a training log lossdoctor recognises (expected TensorBoard events, Keras/Lightning/HF/MLflow/W&B "
            "logs, a CSV/JSON history or a text log with epoch and loss values); force one with --format-in")


def apply_name_map(run: Run, name_map: Mapping[str, NameInfo]) -> Run:
    """Re-tag the series named in --map."""
    series = tuple(replace(s, split=name_map[s.key].split, kind=name_map[s.key].kind, primary=True)
                   if s.key in name_map else s for s in run.series)
    return replace(run, series=series)


__all__ = ["READERS", "Reader", "apply_name_map", "read", "reader_named", "units"]
