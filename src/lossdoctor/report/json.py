"""The JSON report (contract, DESIGN.md §3): schema_version 1."""
from __future__ import annotations

import json
import math
from typing import Any, Sequence

from .. import __version__
from ..engine import Report
from ..i18n import Lang

SCHEMA_VERSION = 1


def to_document(reports: Sequence[Report], lang: Lang = "en") -> dict[str, object]:
    return {"schema_version": SCHEMA_VERSION, "tool": {"name": "lossdoctor", "version": __version__},
            "runs": [strict(r.to_dict(lang)) for r in reports]}


def strict(obj: Any) -> Any:
    """The document as strict JSON: a non-finite float anywhere (evidence, spans) becomes "nan", "inf" or "-inf",
    as the contract says, instead of making json.dumps fail."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else "nan" if obj != obj else "inf" if obj > 0 else "-inf"
    if isinstance(obj, dict):
        return {k: strict(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [strict(v) for v in obj]
    return obj


def render(reports: Sequence[Report], lang: Lang = "en") -> str:
    return json.dumps(to_document(reports, lang), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def render_line(report: Report, lang: Lang = "en") -> str:
    """One run as one JSON Lines record (`--format jsonl`): the same object as an element of `runs`."""
    return json.dumps(strict(report.to_dict(lang)), ensure_ascii=False, allow_nan=False) + "\n"
