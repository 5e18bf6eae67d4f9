"""The terminal report: per run the verdict, the main problem and why the others rank lower, findings by
severity with their numbers, top causes, the fix with highlighted code and a sparkline of the losses.
Plain text (no escape codes) unless `color` is set; a summary table first when there are several runs."""
from __future__ import annotations

from io import StringIO
from typing import Sequence

import numpy as np
from rich import box
from rich.console import Console
from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text as RText

from .. import differential
from ..engine import Report
from ..findings import Analysis, Finding, Severity
from ..i18n import Lang
from ..model import Kind, Split
from . import i18n
from .escape import plain
from .sparkline import sparklines
from .summary import rows

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_VERDICT = {"healthy": "bold green", "warning": "bold yellow", "error": "bold red", "insufficient_data": "dim"}
_ICON = {"healthy": "✔", "warning": "▲", "error": "✖", "insufficient_data": "?"}
# Which framework's code to show first, from the format the run was read from.
_FRAMEWORK = {"keras_csv": "keras", "keras_history": "keras", "lightning_csv": "lightning", "hf_trainer": "hf"}
SPARK_WIDTH = 48
MAX_CAUSES = 3


def framework_for(fmt: str, available: Sequence[str]) -> str | None:
    """The framework whose code is shown: the run's own when known and available, else pytorch, else any."""
    for cand in (_FRAMEWORK.get(fmt), "pytorch", "keras", "lightning", "hf"):
        if cand and cand in available:
            return cand
    return next(iter(available), None)


def _summary(con: Console, reports: Sequence[Report], lang: Lang) -> None:
    t = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, title=None)
    for key in ("run", "verdict", "top_finding", "best_epoch"):
        t.add_column(i18n.label(key, lang), overflow="fold")
    for r in rows(reports, lang):
        top = f"{r.top_code} {i18n.finding_name(r.top, lang)}" if r.top else "-"
        t.add_row(r.name, RText(i18n.verdict(r.verdict, lang), _VERDICT.get(r.verdict, "")), top, r.best_text(lang))
    con.print(RText(f"{len(reports)} {i18n.label('runs', lang)}", "bold"))
    con.print(t)
    con.print()


def _sparks(con: Console, rep: Report) -> None:
    picks = [s for s in (rep.run.find(Kind.LOSS, Split.TRAIN), rep.run.find(Kind.LOSS, Split.VAL)) if s is not None]
    if not picks:
        picks = rep.run.find_all(Kind.LOSS)[:2]
    if not picks:
        return
    lines = sparklines([(s.steps, s.values) for s in picks], min(SPARK_WIDTH, max(len(s) for s in picks)))
    width = max(len(s.key) for s in picks)
    for s, line in zip(picks, lines):
        fin = s.values[np.isfinite(s.values)]
        ends = f"{fin[0]:.4g} → {fin[-1]:.4g}" if fin.size else "NaN"
        bad = int((~np.isfinite(s.values)).sum())
        tail = f"  ({bad} NaN/inf)" if bad else ""
        con.print(RText.assemble(f"  {s.key:<{width}} ", (line, "blue" if s.split is Split.TRAIN else "magenta"),
                                 f"  {ends}{tail}"))


def _findings(con: Console, findings: Sequence[Finding], lang: Lang) -> None:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for f in findings:
        extra = f"  ({i18n.label('explained_by', lang)} {f.explained_by})" if f.explained_by else ""
        grid.add_row(RText(" " + i18n.severity(f.severity.label, lang), _STYLE[f.severity]),
                     RText(f"{f.code} {f.name}:", "bold"), RText.assemble(f.message.get(lang), (extra, "dim")))
    con.print(grid)


def _fix(con: Console, rep: Report, f: Finding, lang: Lang) -> None:
    if not f.fixes:
        return
    con.print(RText(f"{i18n.label('fixes', lang)} ({f.code} {f.name})", "bold"))
    for j, fix in enumerate(f.fixes):
        con.print(f"  {j + 1}. {fix.text.get(lang)}")
        fw = framework_for(rep.run.format, list(fix.code))
        if fw is not None and j == 0:
            con.print(RText(f"     # {fw}", "dim"))
            con.print(Syntax(fix.code[fw], "python", theme="monokai", background_color="default",
                             word_wrap=True, padding=(0, 0, 0, 5)))


def _analysis(con: Console, a: Analysis, lang: Lang) -> None:
    t = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, title=a.title.get(lang), title_justify="left",
              title_style="bold")
    for h in a.headers:
        t.add_column(h.get(lang))
    for row in a.rows:
        t.add_row(*[c.get(lang) if isinstance(c, i18n.Text) else str(c) for c in row])
    con.print(t)
    con.print(RText(f"  → {a.conclusion.get(lang)}", "italic"))


def render_one(con: Console, rep: Report, lang: Lang) -> None:
    v = rep.verdict
    head = RText.assemble((rep.run.name, "bold"), f"  [{rep.run.format}]  ",
                          (f"{_ICON.get(v, '')} {i18n.verdict(v, lang)}", _VERDICT.get(v, "")))
    con.rule(head, align="left", style="dim")
    for w in rep.run.warnings:
        con.print(f"  ! {w}", style="dim")
    lead = rep.primary
    if lead is not None:
        con.print(RText.assemble((f"{i18n.label('primary', lang)}: ", "bold"),
                                 (f"{lead.code} {i18n.finding_name(lead.name, lang)}", _STYLE[lead.severity]),
                                 " — ", lead.message.get(lang)))
        alts = [f for f in rep.findings if f is not lead and f.severity >= Severity.WARNING and not f.explained_by]
        for f in alts:
            why = differential.why_not_first(lead, f).get(lang)
            con.print(RText(f"  {i18n.label('alternatives', lang)}: {f.code} {i18n.finding_name(f.name, lang)} — "
                            f"{i18n.label('ranks_lower', lang)}: {why}", "dim"))
    _sparks(con, rep)
    others = [f for f in rep.findings if f is not lead]
    if others:
        con.print(RText(i18n.label("findings", lang), "bold"))
        _findings(con, others, lang)
    elif not rep.findings:
        con.print(f"  {i18n.no_findings(rep.insufficient, lang)}")
    if rep.causes:
        con.print(RText(i18n.label("causes", lang), "bold"))
        for k, c in enumerate(rep.causes[:MAX_CAUSES]):
            con.print(f"  {k + 1}. {i18n.cause_name(c.cause, lang)} ({c.cause}) {c.likelihood:.0%}"
                      f"  ← {', '.join(c.findings)}")
    target = lead or next((f for f in rep.findings if f.fixes), None)
    if target is not None:
        _fix(con, rep, target, lang)
        if target.experiment is not None:
            con.print(RText(f"{i18n.label('experiment', lang)}: {target.experiment.get(lang)}", "italic"))
    for a in rep.analyses:
        _analysis(con, a, lang)
    if rep.skipped:
        by_reason: dict[str, list[str]] = {}
        for sk in rep.skipped:
            by_reason.setdefault(sk.reason.get(lang), []).append(sk.code)
        items = " · ".join(f"{', '.join(codes)} {reason}" for reason, codes in by_reason.items())
        con.print(RText(f"{i18n.label('skipped', lang)}: {items}", "dim"), overflow="fold")
    con.print()


def render(reports: Sequence[Report], lang: Lang = "en", color: bool = False, width: int = 100) -> str:
    buf = StringIO()
    con = Console(file=buf, force_terminal=color, no_color=not color, width=width, highlight=False,
                  color_system="truecolor" if color else None, emoji=False, markup=False)  # log text is never markup
    if len(reports) > 1:
        _summary(con, reports, lang)
    for rep in reports if len(reports) == 1 else [reports[r.index] for r in rows(reports, lang)]:
        render_one(con, rep, lang)
    out = buf.getvalue()
    return out if color else "\n".join(plain(line).rstrip() for line in out.split("\n"))
