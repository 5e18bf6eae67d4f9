"""Keras `History.history` saved as JSON: {"loss": [...], "val_loss": [...], ...}, one value per epoch."""
from __future__ import annotations

import json
import math
from pathlib import Path

from ..errors import ReadError
from ..model import Axis, Run
from ._base import Points, head_bytes, make_run


def _is_history(obj: object) -> bool:
    return (isinstance(obj, dict) and bool(obj)
            and all(isinstance(v, list) for v in obj.values())
            and any(all(isinstance(x, (int, float)) or x is None for x in v) and v for v in obj.values()))


class KerasHistoryReader:
    name = "keras_history"

    def can_read(self, path: Path) -> bool:
        if not path.is_file() or path.suffix.lower() != ".json":
            return False
        head = head_bytes(path, 256).lstrip()
        return head.startswith(b"{") and b"log_history" not in head_bytes(path, 1 << 16)

    def read(self, path: Path) -> list[Run]:
        try:
            obj = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ReadError(path, f"not valid JSON ({exc})") from None
        if isinstance(obj, dict) and "history" in obj and _is_history(obj["history"]):
            obj = obj["history"]  # {"history": {...}, "params": {...}} as some people save it
        if not _is_history(obj):
            raise ReadError(path, "JSON is not a training history: expected an object of metric name -> list of "
                                  "numbers (Keras History.history) or a list of per-epoch records")
        columns: dict[str, Points] = {}
        for key, values in obj.items():
            if not all(isinstance(x, (int, float)) or x is None for x in values):
                continue
            p = columns.setdefault(key, Points())
            for epoch, x in enumerate(values):
                p.add(float(epoch), math.nan if x is None else float(x))
        return [make_run(path.stem, path, self.name, columns, Axis.EPOCH)]
