"""Renderers derive everything from reports; `render` picks one by format name.

Text formats return `str`; `png` returns bytes and `svg` an SVG string (both need matplotlib).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Sequence

from ..errors import UsageError
from ..i18n import Lang

if TYPE_CHECKING:  # the renderers import the engine (numpy, the rules); the format names must not
    from ..engine import Report

FORMATS: tuple[str, ...] = ("text", "json", "markdown", "html", "png", "svg")
BINARY_FORMATS: tuple[str, ...] = ("png",)


def render(reports: Sequence[Report], fmt: str, lang: Lang = "en", color: bool = False, width: int = 100,
           figure: str | None = None, progress: Callable[[], None] | None = None,
           paths: Sequence[str] = (), details: bool = False) -> str | bytes:
    """The report in the given format.

    figure: for markdown, the file name of a figure written beside the report (linked from it).
    progress: called once per run rendered (html). paths: the inputs, quoted in hints.
    details: the terminal report in full (every finding, fix and table) instead of each run's first screen.
    """
    if fmt == "json":
        from . import json as json_report
        return json_report.render(reports, lang)
    if fmt == "text":
        from . import terminal
        return terminal.render(reports, lang, color=color, width=width, details=details)
    if fmt == "markdown":
        from . import markdown
        return markdown.render(reports, lang, figure=figure, paths=paths)
    if fmt == "html":
        from . import html
        return html.render(reports, lang, progress=progress)
    if fmt in ("png", "svg"):
        from . import png
        return png.render(reports, lang, fmt=fmt)
    raise UsageError(f"unknown output format {fmt!r}; choose one of: {', '.join(FORMATS)}")
