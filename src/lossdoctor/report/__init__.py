"""Renderers derive everything from reports; `render` picks one by format name."""
from __future__ import annotations

from typing import Sequence

from ..engine import Report
from ..errors import UsageError
from ..i18n import Lang

FORMATS: tuple[str, ...] = ("text", "json")


def render(reports: Sequence[Report], fmt: str, lang: Lang = "en", color: bool = False) -> str:
    """The report as text in the given format."""
    if fmt == "json":
        from . import json as json_report
        return json_report.render(reports, lang)
    if fmt == "text":
        from . import terminal
        return terminal.render(reports, lang, color=color)
    raise UsageError(f"unknown output format {fmt!r}; choose one of: {', '.join(FORMATS)}")
