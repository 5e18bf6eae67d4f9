"""Per-record JSON histories: a list of dicts, `{"<name>": [dicts]}`, and JSON Lines (one object per line).

Covers detectron2 `metrics.json` (JSON Lines in a `.json` file: `iteration`, `total_loss`, `loss_*`, `lr`, eval
results as `bbox/AP`... on the eval iteration), mmengine `scalars.json` (train rows with `epoch`/`iter`/`step`,
val rows with `step` = epoch), mmcv `*.log.json` (`mode` train/val, inner `iter`), torchtune/W&B-like jsonl
(`step` or `_step`), spaCy's ConsoleLogger `output_file` (losses grouped by component) and per-epoch record lists. Evaluation rows get a `val/` prefix unless their keys already
name a split. A last line cut mid-object is skipped with a warning.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ReadError
from ..model import Axis, Kind, Run
from ..names import classify, names_split
from ._base import Points, head_bytes, loads_json, make_run
from .hf_trainer import salvage_array
from .table import add_total_loss, file_run_name, percent_to_fraction, steps_per_epoch

_SUFFIXES = {".json", ".jsonl", ".ndjson"}
_TEXT_SUFFIXES = {".log", ".txt", ".out"}  # text suffixes a file of JSON lines is sometimes saved under
_STEP_KEYS = ("global_step", "step", "iteration", "iter", "_step", "steps")
_META_KEYS = {"mode", "epoch", "iter", "iteration", "step", "global_step", "_step", "steps", "_timestamp",
              "_runtime", "timestamp"}
_EVAL_MODES = {"val", "valid", "validation", "eval", "test"}
_D2_EVAL_TASKS = {"bbox", "segm", "keypoints", "sem_seg", "panoptic_seg"}  # detectron2 evaluator result groups
_RECORDS_HEAD = re.compile(rb'^\s*(\[\s*\{|\{\s*"[^"]*"\s*:\s*\[\s*\{)')
NOT_HISTORY = ("JSON is not a training history: expected a list of per-epoch/per-step records, JSON Lines with "
               "one record per line, or an object of metric name -> list of numbers")


def _numeric(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _float(v: float) -> float:
    try:
        return float(v)
    except OverflowError:  # a JSON integer beyond float range
        return math.copysign(math.inf, v)


def _jsonl_head(head: bytes) -> bool:
    """First line a complete object with a number in it, and a second line that starts another object."""
    lines = [ln for ln in head.splitlines() if ln.strip()]
    if len(lines) < 2 or not lines[1].lstrip().startswith(b"{"):
        return False
    try:
        first = loads_json(lines[0])
    except (json.JSONDecodeError, UnicodeDecodeError):
        return False
    return isinstance(first, dict)


def _quoted_numbers(head: bytes) -> bool:
    """Whether the first record prints numbers as strings (fairseq's json log '"loss": "3.180"'): the text reader
    reads those, this reader would not."""
    try:
        first = loads_json(head.lstrip().splitlines()[0])
    except (json.JSONDecodeError, UnicodeDecodeError, IndexError):
        return True
    for v in first.values() if isinstance(first, dict) else ():
        if isinstance(v, str):
            try:
                float(v)
                return True
            except ValueError:
                pass
    return False


def parse_records(path: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """All dict records of a JSON or JSON Lines file, with warnings for lines that were cut or broken."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReadError(path, f"cannot be read as text ({exc})") from None
    if not text.strip():
        raise ReadError(path, "the file is empty")
    notes: list[str] = []
    try:
        obj = loads_json(text)
    except json.JSONDecodeError:
        obj = None
        stripped = text.lstrip()
        if stripped.startswith("["):
            values, _ = salvage_array(stripped, 0)
            if not values:
                raise ReadError(path, "not valid JSON (cut short before its first record?)") from None
            notes.append(f"the JSON list is cut short; read its first {len(values)} records")
            obj = values
    if obj is None:
        return _json_lines(path, text)
    if isinstance(obj, dict):
        lists = [v for v in obj.values() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)]
        if len(lists) != 1:
            raise ReadError(path, NOT_HISTORY)
        obj = lists[0]
    if not isinstance(obj, list) or not obj or not all(isinstance(x, dict) for x in obj):
        raise ReadError(path, NOT_HISTORY)
    return obj, notes


def _json_lines(path: Path, text: str) -> tuple[list[dict[str, Any]], list[str]]:
    lines = [(i, ln) for i, ln in enumerate(text.splitlines(), start=1) if ln.strip()]
    records: list[dict[str, Any]] = []
    bad: list[int] = []
    notes: list[str] = []
    for n, (i, line) in enumerate(lines):
        try:
            rec = loads_json(line)
        except json.JSONDecodeError:
            if n == len(lines) - 1 and records:
                notes.append(f"line {i} is cut mid-object (the file was being written); it was skipped")
            else:
                bad.append(i)
            continue
        if isinstance(rec, dict):
            records.append(rec)
    if not records:
        raise ReadError(path, f"not valid JSON or JSON Lines ({NOT_HISTORY})")
    if bad:
        notes.append(f"{len(bad)} line(s) are not valid JSON and were skipped (first: line {bad[0]})")
    return records, notes


def _is_eval(rec: dict[str, Any], train_has_iter: bool) -> bool:
    mode = rec.get("mode")
    if isinstance(mode, str):
        return mode.lower() in _EVAL_MODES
    # mmengine: validation rows carry metrics and a `step` but no `iter` and no loss
    return train_has_iter and "iter" not in rec and not any("loss" in k for k in rec)


def _eval_key(key: str) -> str:
    return key if names_split(key) else f"val/{key}"


@dataclass
class _InnerIter:
    """mmcv counts `iter` within each epoch; this turns it into a global step."""

    offset: float = 0.0
    prev: tuple[float, float] | None = None  # (epoch, inner iter) of the previous train row

    def global_step(self, epoch: float, inner: float) -> float:
        if self.prev is not None and epoch > self.prev[0] and inner <= self.prev[1]:
            self.offset += self.prev[1]
        self.prev = (epoch, inner)
        return self.offset + inner


def _x_of(rec: dict[str, Any], ev: bool, train_has_iter: bool, inner: _InnerIter) -> tuple[float | None, Axis]:
    """Where a record sits: (x, axis), or (None, EPOCH) when it carries no counter."""
    epoch = float(rec["epoch"]) if _numeric(rec.get("epoch")) else None
    if ev and epoch is not None and "mode" in rec:
        return epoch, Axis.EPOCH  # mmcv val rows: per epoch
    if ev and train_has_iter and _numeric(rec.get("step")):
        return float(rec["step"]), Axis.EPOCH  # mmengine val rows: step = epoch
    if "mode" in rec and epoch is not None and _numeric(rec.get("iter")):
        return inner.global_step(epoch, float(rec["iter"])), Axis.STEP
    key = next((k for k in _STEP_KEYS if _numeric(rec.get(k))), None)
    if key is not None:
        return float(rec[key]), Axis.STEP
    return epoch, Axis.EPOCH


def _key_for(key: str, ev: bool, d2: bool) -> str | None:
    """The series key of a record field: eval rows get `val/` (lr/time/counters dropped there); detectron2's
    evaluator groups (`bbox/AP`) are validation results too."""
    if ev:
        return None if classify(key).kind in (Kind.LR, Kind.TIME, Kind.OTHER, Kind.MOMENTUM) else _eval_key(key)
    if d2 and key.split("/")[0] in _D2_EVAL_TASKS:
        return _eval_key(key)
    return key


_LOSS_GROUPS = ("losses", "loss")


def _grouped_losses(rec: dict[str, Any]) -> dict[str, float]:
    """A record's losses grouped by term or component under one key: spaCy's ConsoleLogger output_file
    '{"epoch": 0, "step": 200, "losses": {"tok2vec": 33.58, "ner": 847.68}, ...}' -> 'tok2vec loss', 'ner loss'."""
    out: dict[str, float] = {}
    for group in _LOSS_GROUPS:
        inner = rec.get(group)
        if isinstance(inner, dict):
            out.update({f"{k} loss": _float(v) for k, v in inner.items() if _numeric(v)})
    return out


class JsonRecordsReader:
    name = "json_records"

    def can_read(self, path: Path) -> bool:
        if path.suffix.lower() in _TEXT_SUFFIXES and path.is_file():  # JSON lines saved as '.log' or '.txt' (an
            head = head_bytes(path, 1 << 14)  # mmdetection log.json pasted into train.log): read as what they are
            return head.lstrip().startswith(b"{") and _jsonl_head(head) and not _quoted_numbers(head)
        if not path.is_file() or path.suffix.lower() not in _SUFFIXES:
            return False
        if path.parent.name == "vis_data" and path.name != "scalars.json" and (path.parent / "scalars.json").is_file():
            return False  # mmengine writes the same records to vis_data/<timestamp>.json and scalars.json
        head = head_bytes(path, 1 << 14)
        if path.suffix.lower() in (".jsonl", ".ndjson") or path.name.lower().endswith(".log.json"):
            return head.lstrip().startswith(b"{")  # mmcv's first line (env + config) can outgrow the head
        return bool(_RECORDS_HEAD.match(head)) or _jsonl_head(head)

    def read(self, path: Path) -> list[Run]:
        records, notes = parse_records(path)
        train_has_iter = any("iter" in r and not _is_eval(r, False) for r in records)
        d2 = any("iteration" in r for r in records)
        columns: dict[str, Points] = {}
        axes: dict[str, Axis] = {}
        pairs: list[tuple[float, float]] = []
        inner = _InnerIter()
        used = 0
        for rec in records:
            values = {k: _float(v) for k, v in rec.items() if _numeric(v) and k not in _META_KEYS}
            values.update(_grouped_losses(rec))
            if not values:
                continue  # run metadata (mmcv's env/config line), or a record with no numbers
            ev = _is_eval(rec, train_has_iter)
            x, axis = _x_of(rec, ev, train_has_iter, inner)
            if x is None:
                x = float(used)  # plain per-epoch records without a counter
            if _numeric(rec.get("epoch")) and axis is Axis.STEP:
                pairs.append((float(rec["epoch"]), x))
            used += 1
            for k, v in values.items():
                key = _key_for(k, ev, d2)
                if key is not None:
                    columns.setdefault(key, Points()).add(x, v)
                    axes[key] = axis
        if not columns:
            raise ReadError(path, NOT_HISTORY)
        if not any(_numeric(r.get(k)) for r in records for k in _STEP_KEYS + ("epoch",)):
            notes.append("records carry no step or epoch; each record is taken as one epoch")
        percent_to_fraction(columns, notes)
        for new, part in add_total_loss(columns, notes).items():
            axes[new] = axes[part]
        hparams: dict[str, object] = {}
        spe = steps_per_epoch(pairs)
        if spe:
            hparams["steps_per_epoch"] = spe
        return [make_run(file_run_name(path), path, self.name, columns, Axis.STEP, hparams=hparams, warnings=notes,
                         axes=axes)]
