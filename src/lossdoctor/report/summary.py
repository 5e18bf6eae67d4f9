"""The multi-run overview: one row per run (verdict, top finding, best epoch), worst first."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ..engine import Report
from ..findings import Finding, Severity
from ..i18n import Lang
from . import i18n
from .annotations import best_position

VERDICT_RANK = {"error": 3, "warning": 2, "insufficient_data": 1, "healthy": 0}


@dataclass(frozen=True)
class Row:
    index: int  # position of the report in the input sequence
    name: str
    verdict: str
    top: str | None  # name of the top finding
    top_code: str | None
    top_message: str | None
    best: tuple[str, float] | None  # (axis, x)
    problems: int  # findings at warning or above
    finding: Finding | None = None  # the top finding itself (its title may depend on its evidence)

    def best_text(self, lang: Lang) -> str:
        if self.best is None:
            return "-"
        return f"{self.best[1]:g}" if self.best[0] == "epoch" else f"{i18n.label('step', lang)} {self.best[1]:g}"


def rows(reports: Sequence[Report], lang: Lang = "en") -> list[Row]:
    """Rows sorted worst first: verdict, then the number of problems, then name (stable for ties)."""
    out = []
    for i, rep in enumerate(reports):
        top = rep.primary or (rep.findings[0] if rep.findings else None)
        out.append(Row(i, rep.run.name, rep.verdict, top.name if top else None, top.code if top else None,
                       top.message.get(lang) if top else None, best_position(rep),
                       sum(1 for f in rep.findings if f.severity >= Severity.WARNING), top))
    return sorted(out, key=lambda r: (-VERDICT_RANK.get(r.verdict, 0), -r.problems, r.name, r.index))


def worst_first(reports: Sequence[Report]) -> list[Report]:
    """The reports in the overview's order."""
    return [reports[r.index] for r in rows(reports)]
