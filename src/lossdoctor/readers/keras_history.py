"""Keras `History.history` saved as JSON: {"loss": [...], "val_loss": [...], ...}, one value per epoch.

Also `{"history": {...}, "params": {...}}` as people save the whole object, `null` for a missing epoch and the
`NaN`/`Infinity` tokens Python's json writes. A dict of lists with its own `epoch`/`step` list uses it as x; a History nested under one key beside that list
(`{"epochs": [...], "metrics": {...}}`) is read the same, and so is the one object holding a loss list beside a config
(`{"config": {...}, "results": {"train_loss": [...], ...}}`). Accuracies logged in percent become fractions.
"""
from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

from ..errors import ReadError
from ..model import Axis, Kind, Run
from ..names import classify
from ._base import Points, head_bytes, loads_json, make_run
from .json_records import NOT_HISTORY
from .table import EPOCH_COLUMNS, STEP_COLUMNS, file_run_name, percent_to_fraction

# `{"history": {`, `{"<key>": [<number|null|NaN|Infinity|]>` or pandas' `{"<key>": {"0":`: cheap, and
# rejects configs like `{"architectures": ["Bert..."]` or JSON Lines records
_HEAD = re.compile(rb'^\s*\{\s*("history"\s*:\s*\{|'
                   rb'"[^"]*"\s*:\s*(\[\s*(-?[\d.]|null|NaN|-?Infinity|\])|\{\s*"\d+"\s*:))')


# `{"config": {`: an object whose first value is an object - an experiment file whose results may sit further down
_OBJECT_FIRST = re.compile(rb'^\s*\{\s*"[^"]*"\s*:\s*\{')
_RESULTS_MAX_BYTES = 8 << 20  # a per-epoch results file is small; a bigger JSON of this shape is not parsed to sniff


def _results_file(path: Path) -> bool:
    """Whether a JSON that opens with a nested object holds one object with a loss list (`_results`)."""
    try:
        if path.stat().st_size > _RESULTS_MAX_BYTES:
            return False
        data = path.read_bytes()
    except OSError:
        return False
    if b"loss" not in data:
        return False
    try:
        obj = loads_json(data.decode("utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        return False
    return _results(obj) is not None


def _number(x: object) -> bool:
    return x is None or (isinstance(x, (int, float)) and not isinstance(x, bool))


def _is_history(obj: object) -> bool:
    return (isinstance(obj, dict) and bool(obj)
            and all(isinstance(v, list) for v in obj.values())
            and any(v and all(_number(x) for x in v) for v in obj.values()))


def _from_pandas(obj: object) -> object:
    """`pd.DataFrame(history.history).to_json()` gives {"loss": {"0": 2.1, "1": 1.5}}: back to lists, with the
    index as an `epoch` list."""
    if not (isinstance(obj, dict) and obj and all(isinstance(v, dict) and v for v in obj.values())):
        return obj
    if not all(k.isdigit() and len(k) <= 18 for v in obj.values() for k in v):
        return obj
    index = sorted({int(k) for v in obj.values() for k in v})
    out: dict[str, list[Any]] = {"epoch": [float(i) for i in index]}
    for key, col in obj.items():
        out[key] = [col.get(str(i)) for i in index]
    return out


def _unnest(obj: object) -> object:
    """`{"epochs": [...], "metrics": {"loss": [...], ...}}`, a History dict saved under one key beside its epoch
    list: the nested lists joined to the top-level ones (a clash keeps the top-level list)."""
    if not isinstance(obj, dict):
        return obj
    nested = [v for v in obj.values() if isinstance(v, dict)]
    if len(nested) != 1 or not _is_history(nested[0]) or not all(isinstance(v, (list, dict)) for v in obj.values()):
        return obj
    return {**nested[0], **{k: v for k, v in obj.items() if isinstance(v, list)}}


def _results(obj: object) -> object:
    """`{"config": {...}, "results": {"num_epochs": 37, "train_loss": [...], "test_acc": [...]}}`, the experiment
    file a course or research script writes (Technion CS236781's `run_experiment`: the run's config beside its
    `FitResult`): the one object of the top level that holds a loss list is the History, read with the top-level
    lists beside it; its scalars (`num_epochs`) are no series. None when no single such object is there."""
    if not isinstance(obj, dict):
        return None
    found = [v for v in obj.values() if isinstance(v, dict) and _holds_loss_list(v)]
    if len(found) != 1:
        return None
    lists = {k: v for k, v in found[0].items() if isinstance(v, list)}
    if not _is_history(lists):
        return None
    return {**lists, **{k: v for k, v in obj.items() if isinstance(v, list)}}


def _holds_loss_list(d: dict[str, Any]) -> bool:
    return any(isinstance(v, list) and v and all(_number(x) for x in v) and classify(k).kind is Kind.LOSS
               for k, v in d.items())


def _load(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReadError(path, f"cannot be read as text ({exc})") from None
    if not text.strip():
        raise ReadError(path, "the file is empty")
    try:
        return loads_json(text)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()) - 1:
            raise ReadError(path, "the JSON ends early (the file was cut while being written); a History dict "
                                  "cannot be read in part") from None
        raise ReadError(path, f"not valid JSON (line {exc.lineno}: {exc.msg})") from None


class KerasHistoryReader:
    name = "keras_history"

    def can_read(self, path: Path) -> bool:
        if not path.is_file() or path.suffix.lower() != ".json":
            return False
        head = head_bytes(path, 4096)
        if _HEAD.match(head):
            return True
        return bool(_OBJECT_FIRST.match(head)) and _results_file(path)

    def read(self, path: Path) -> list[Run]:
        obj = _load(path)
        if isinstance(obj, dict) and "history" in obj and _is_history(obj["history"]):
            obj = obj["history"]  # {"history": {...}, "params": {...}} as some people save it
        obj = _unnest(_from_pandas(obj))
        if not _is_history(obj):
            obj = _results(obj) or obj
        if not _is_history(obj):
            raise ReadError(path, NOT_HISTORY)
        numeric = {k: v for k, v in obj.items() if v and all(_number(x) for x in v)}
        x_key = next((k for k in STEP_COLUMNS + EPOCH_COLUMNS if k in numeric), None)
        axis = Axis.STEP if x_key in STEP_COLUMNS else Axis.EPOCH
        xs = numeric.pop(x_key) if x_key else None
        notes: list[str] = []
        columns: dict[str, Points] = {}
        for key, values in numeric.items():
            if xs is not None and len(values) != len(xs):
                notes.append(f"{key}: {len(values)} values for {len(xs)} {x_key} entries; matched from the start")
            p = columns.setdefault(key, Points())
            for i, x in enumerate(values):
                step = float(i) if xs is None else xs[i] if i < len(xs) else None
                if step is None or step != step:
                    continue
                p.add(float(step), math.nan if x is None else float(x))
        percent_to_fraction(columns, notes)
        return [make_run(file_run_name(path), path, self.name, columns, axis, warnings=notes)]
