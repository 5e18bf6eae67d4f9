"""The terminal report: verdict, findings with numbers, top causes and the fix, per run."""
from __future__ import annotations

from io import StringIO
from typing import Sequence

from rich.console import Console
from rich.text import Text as RText

from ..engine import Report
from ..findings import Severity
from ..i18n import Lang

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_VERDICT = {"healthy": "bold green", "warning": "bold yellow", "error": "bold red", "insufficient_data": "dim"}


def render(reports: Sequence[Report], lang: Lang = "en", color: bool = False, width: int = 100) -> str:
    buf = StringIO()
    con = Console(file=buf, force_terminal=color, no_color=not color, width=width, highlight=False)
    for rep in reports:
        con.print(RText.assemble((f"{rep.run.name}", "bold"), f"  [{rep.run.format}]  ",
                                 (rep.verdict, _VERDICT.get(rep.verdict, ""))))
        for w in rep.run.warnings:
            con.print(f"  ! {w}", style="dim")
        for f in rep.findings:
            tag = f"{f.code} {f.name}"
            con.print(RText.assemble("  ", (f"{f.severity.label:7s}", _STYLE[f.severity]), f" {tag}: ",
                                     f.message.get(lang)))
            for c in f.causes[:3]:
                con.print(f"      cause {c.cause} ({c.likelihood:.0%}): {c.why.get(lang)}", style="dim")
            if f.fixes:
                con.print(f"      fix: {f.fixes[0].text.get(lang)}")
        con.print()
    return buf.getvalue()
