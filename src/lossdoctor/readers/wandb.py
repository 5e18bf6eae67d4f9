"""Weights & Biases runs from their `.wandb` transaction log, offline and without the `wandb` package.

Offline runs keep their history only there (`wandb/offline-run-<date>-<id>/run-<id>.wandb`: no summary JSON,
no history JSONL). Framing lives in `_leveldb_log.py`; each record is a `wandb_internal.Record` protobuf,
hand-decoded with the wire-format walker of `_tfrecord.py`. Field numbers, from the descriptors of wandb 0.31's
`wandb/proto/v6/wandb_internal_pb2.py` (`wandb_internal.proto`):

- Record: 2 history (HistoryRecord), 5 config (ConfigRecord), 17 run (RunRecord)
- HistoryRecord: 1 item (repeated HistoryItem), 2 step (HistoryStep: 1 num int64)
- HistoryItem: 1 key, 2 nested_key (repeated; W&B joins them with '.'), 3 none, 4 boolean, 5 integer (sint64),
  6 number (double), 7 text, 8 json, 16 value_json (what 0.31 writes: JSON text, `NaN`/`Infinity` included)
- RunRecord: 1 run_id, 3 project, 4 config (ConfigRecord), 8 display_name
- ConfigRecord: 1 update (repeated ConfigItem: 1 key, 2 nested_key, 16 value_json), 2 remove

Rows carry `_step` (the x axis), `_timestamp` (wall time, s) and `_runtime`; non-numeric values (text, media
objects, booleans) are not series. A run resumed into several run dirs (same run id) becomes one Run.
"""
from __future__ import annotations

import json
import math
import os
import struct
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ReadError
from ..model import Axis, Run
from ._base import Points, head_bytes, loads_json, make_run
from ._leveldb_log import has_header, read_records
from ._tfrecord import WireError, _fields

_F64 = struct.Struct("<d")
_META_KEYS = {"_step", "_runtime", "_timestamp"}


@dataclass
class WandbLog:
    """What one `.wandb` file says about its run."""

    path: Path
    run_id: str = ""
    project: str = ""
    display_name: str = ""
    config: dict[str, object] = field(default_factory=dict)
    rows: list[tuple[float | None, float | None, dict[str, float]]] = field(default_factory=list)  # step, wall, vals
    warnings: list[str] = field(default_factory=list)


def wandb_files(directory: Path) -> list[Path]:
    """`run-*.wandb` files directly in a run dir."""
    try:
        with os.scandir(directory) as it:
            return sorted(Path(e.path) for e in it if e.name.endswith(".wandb") and e.is_file())
    except OSError:
        return []


def _run_dirs(directory: Path) -> list[Path]:
    """Run dirs (`offline-run-*`, `run-*`) directly below a `wandb/` dir; the `latest-run` link is skipped."""
    try:
        with os.scandir(directory) as it:
            dirs = [Path(e.path) for e in it if e.is_dir(follow_symlinks=False)
                    and e.name.startswith(("offline-run-", "run-"))]
    except OSError:
        return []
    return sorted(d for d in dirs if wandb_files(d))


def _text(buf: memoryview, a: int, b: int) -> str:
    return bytes(buf[a:b]).decode("utf-8", "replace")


def _json_number(text: str) -> float | None:
    try:
        value = loads_json(text)  # accepts NaN, Infinity, -Infinity as W&B writes them
    except ValueError:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _history_item(buf: memoryview, a: int, b: int) -> tuple[str, float | None]:
    key, nested, value = "", [], None
    for num, wt, x, y in _fields(buf, a, b):
        if num == 1 and wt == 2:
            key = _text(buf, x, y)
        elif num == 2 and wt == 2:
            nested.append(_text(buf, x, y))
        elif num == 5 and wt == 0:
            value = float((x >> 1) ^ -(x & 1))  # zigzag sint64
        elif num == 6 and wt == 1:
            value = _F64.unpack_from(buf, x)[0]
        elif num in (8, 16) and wt == 2:
            value = _json_number(_text(buf, x, y))
    return (key or ".".join(nested)), value


def _config_items(buf: memoryview, a: int, b: int, into: dict[str, object]) -> None:
    for num, wt, x, y in _fields(buf, a, b):
        if num == 1 and wt == 2:
            key, nested, raw = "", [], ""
            for inum, iwt, p, q in _fields(buf, x, y):
                if inum == 1 and iwt == 2:
                    key = _text(buf, p, q)
                elif inum == 2 and iwt == 2:
                    nested.append(_text(buf, p, q))
                elif inum == 16 and iwt == 2:
                    raw = _text(buf, p, q)
            key = key or ".".join(nested)
            if key and not key.startswith("_wandb"):
                try:
                    into[key] = loads_json(raw)
                except ValueError:
                    into[key] = raw


def _decode(buf: memoryview, log: WandbLog) -> None:
    for num, wt, a, b in _fields(buf, 0, len(buf)):
        if wt != 2:
            continue
        if num == 2:
            step = None
            values: dict[str, float] = {}
            for hnum, hwt, x, y in _fields(buf, a, b):
                if hnum == 1 and hwt == 2:
                    key, value = _history_item(buf, x, y)
                    if key and value is not None:
                        values[key] = value
                elif hnum == 2 and hwt == 2:
                    step = 0.0
                    for snum, swt, p, _ in _fields(buf, x, y):
                        if snum == 1 and swt == 0:
                            step = float(p - (1 << 64) if p >= 1 << 63 else p)
            log.rows.append((values.get("_step", step), values.get("_timestamp"), values))
        elif num == 5:
            _config_items(buf, a, b, log.config)
        elif num == 17:
            for rnum, rwt, x, y in _fields(buf, a, b):
                if rwt != 2:
                    continue
                if rnum == 1:
                    log.run_id = _text(buf, x, y)
                elif rnum == 3:
                    log.project = _text(buf, x, y)
                elif rnum == 8:
                    log.display_name = _text(buf, x, y)
                elif rnum == 4:
                    _config_items(buf, x, y, log.config)


def read_wandb_log(path: Path) -> WandbLog:
    """Decode one `.wandb` file: framing, then the history/config/run records."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(path, f"cannot be opened ({exc.strerror})") from None
    if not has_header(data[:7]):
        raise ReadError(path, "not a W&B transaction log: it does not start with the ':W&B' header")
    framed = read_records(data)
    log = WandbLog(path)
    bad = 0
    for rec in framed.records:
        try:
            _decode(memoryview(rec), log)
        except (WireError, IndexError, struct.error):
            bad += 1
    if framed.stop:
        if not framed.records:
            raise ReadError(path, f"no readable W&B record: {framed.stop}")
        log.warnings.append(f"{path.name}: {framed.stop}; read the {len(framed.records)} records before it")
    if bad:
        log.warnings.append(f"{path.name}: {bad} record(s) could not be decoded and were skipped")
    if not log.run_id:
        log.run_id = path.stem.removeprefix("run-")
    return log


def _to_run(logs: list[WandbLog], fmt: str) -> Run:
    columns: dict[str, Points] = {}
    config: dict[str, object] = {}
    notes: list[str] = []
    for log in logs:
        config.update(log.config)
        notes.extend(log.warnings)
        for i, (step, wall, values) in enumerate(log.rows):
            x = float(i) if step is None else step
            for key, v in values.items():
                if key not in _META_KEYS:
                    columns.setdefault(key, Points()).add(x, v, wall if wall is not None else math.nan)
    for p in columns.values():  # wall times only when every point has one
        if any(math.isnan(w) for w in p.wall):
            p.wall = []
    if len(logs) > 1:
        notes.append(f"run {logs[0].run_id} was resumed: {len(logs)} transaction logs merged in time order")
    last = logs[-1]
    name = last.display_name or next((g.display_name for g in logs if g.display_name), "") or last.run_id
    source = logs[0].path if len(logs) == 1 else logs[0].path.parent
    return make_run(name, source, fmt, columns, Axis.STEP, hparams=config, warnings=notes)


class WandbOfflineReader:
    """A `.wandb` file, a run dir holding one, or a `wandb/` dir of run dirs."""

    name = "wandb"

    def can_read(self, path: Path) -> bool:
        if path.is_dir():
            return bool(wandb_files(path)) or (path.name == "wandb" and bool(_run_dirs(path)))
        return path.suffix == ".wandb" or has_header(head_bytes(path, 7))

    def read(self, path: Path) -> list[Run]:
        path = Path(path)
        if path.is_file():
            run = _to_run([read_wandb_log(path)], self.name)
            if not run.series:
                raise ReadError(path, "the W&B run logged no numeric history")
            return [run]
        files = wandb_files(path) or [f for d in _run_dirs(path) for f in wandb_files(d)]
        if not files:
            raise ReadError(path, "no W&B run (run-*.wandb transaction log) in this directory")
        by_id: dict[str, list[WandbLog]] = {}
        for f in files:  # run dirs are named by start time, so this is time order
            log = read_wandb_log(f)
            by_id.setdefault(log.run_id, []).append(log)
        runs = [_to_run(logs, self.name) for logs in by_id.values()]
        if not any(r.series for r in runs):
            raise ReadError(path, "the W&B run(s) here logged no numeric history")
        return [r for r in runs if r.series]
