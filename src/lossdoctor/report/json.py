"""The JSON report (contract, DESIGN.md §3): schema_version 1."""
from __future__ import annotations

import json
from typing import Sequence

from .. import __version__
from ..engine import Report
from ..i18n import Lang

SCHEMA_VERSION = 1


def to_document(reports: Sequence[Report], lang: Lang = "en") -> dict[str, object]:
    return {"schema_version": SCHEMA_VERSION, "tool": {"name": "lossdoctor", "version": __version__},
            "runs": [r.to_dict(lang) for r in reports]}


def render(reports: Sequence[Report], lang: Lang = "en") -> str:
    return json.dumps(to_document(reports, lang), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
