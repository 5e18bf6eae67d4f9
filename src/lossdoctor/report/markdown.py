"""The Markdown report, for GitHub issues, PR comments and CI summaries: a summary table, findings with their
numbers, causes, and fixes in fenced code blocks; the figure linked when one is written beside it."""
from __future__ import annotations

import re
from typing import Sequence

from .. import differential
from ..engine import Report
from ..findings import Analysis, Finding, Severity
from ..i18n import Lang
from . import i18n
from .escape import markdown as md
from .escape import plain
from .summary import rows
from .terminal import confidence_text, framework_for

_ICON = {"healthy": "✅", "warning": "⚠️", "error": "❌", "insufficient_data": "❔"}


def _cell(text: str) -> str:
    return md(text)


def _code(text: str) -> str:
    """An inline code span (its content is shown as is, never as markup) that no backtick inside can close."""
    text = plain(text).replace("\n", " ")
    if re.search("[<>&]", text):  # inert in a code span by the spec, but no tag-like text at all is safer still
        return md(text)
    ticks = "`" * (1 + max((len(r) for r in re.findall("`+", text)), default=0))
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _fence(code: str) -> str:
    ticks = "`" * max(3, 1 + max((len(r) for r in re.findall("`+", code)), default=0))  # longer than any run inside
    return f"{ticks}python\n{code}\n{ticks}"


def _summary(reports: Sequence[Report], lang: Lang) -> list[str]:
    head = [i18n.label(k, lang) for k in ("run", "verdict", "top_finding", "best_epoch")]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows(reports, lang):
        top = f"`{r.top_code}` {i18n.title(r.finding, lang)}" if r.top else "-"
        out.append(f"| {_cell(r.name)} | {_ICON.get(r.verdict, '')} {i18n.verdict(r.verdict, lang)} | {top} | "
                   f"{r.best_text(lang)} |")
    return out


def _fixes(f: Finding, fmt: str, lang: Lang) -> list[str]:
    out = []
    for j, fix in enumerate(f.fixes):
        out.append(f"{j + 1}. {fix.text.get(lang)}")
        first = framework_for(fmt, list(fix.code))
        if first is None:
            continue
        out += ["", f"   {first}:", "", "\n".join("   " + line for line in _fence(fix.code[first]).split("\n"))]
        others = [fw for fw in fix.code if fw != first]
        if others:
            inner = "\n\n".join(f"{fw}:\n\n{_fence(fix.code[fw])}" for fw in others)
            out += ["", f"   <details><summary>{', '.join(others)}</summary>", "",
                    "\n".join("   " + line if line else "" for line in inner.split("\n")), "", "   </details>"]
        out.append("")
    return out


def _analysis(a: Analysis, lang: Lang) -> list[str]:
    out = [f"**{a.title.get(lang)}**", "", "| " + " | ".join(_cell(h.get(lang)) for h in a.headers) + " |",
           "|" + "---|" * len(a.headers)]
    for row in a.rows:
        out.append("| " + " | ".join(_cell(c.get(lang) if isinstance(c, i18n.Text) else str(c)) for c in row) + " |")
    return out + ["", f"_{md(a.conclusion.get(lang))}_", ""]


def _run(rep: Report, lang: Lang) -> list[str]:
    out = [f"### {md(rep.run.name)} — {_ICON.get(rep.verdict, '')} {i18n.verdict_line(rep, lang)}", "",
           f"<sub>{md(rep.run.format)} · {_code(rep.run.source)}</sub>", ""]
    if rep.run.also_from:
        out += [f"<sub>{i18n.label('merged', lang)}: {_cell(', '.join(rep.run.also_from))}</sub>", ""]
    lead = rep.primary
    if lead is not None:
        out += [f"**{i18n.label('primary', lang)}: `{lead.code}` {i18n.title(lead, lang)}** — "
                f"{md(lead.message.get(lang))}", ""]
        alts = [f for f in rep.findings if f is not lead and f.severity >= Severity.WARNING and not f.explained_by]
        for f in alts:
            out.append(f"- {i18n.label('alternatives', lang)}: `{f.code}` {i18n.title(f, lang)} — "
                       f"{i18n.label('ranks_lower', lang)}: {md(differential.why_not_first(lead, f).get(lang))}")
        if alts:
            out.append("")
    if rep.findings:
        out += [f"**{i18n.label('findings', lang)}**", "",
                f"| {i18n.label('severity', lang)} | {i18n.label('code', lang)} | {i18n.label('message', lang)} |",
                "|---|---|---|"]
        for f in rep.findings:
            extra = f" ({i18n.label('explained_by', lang)} {f.explained_by})" if f.explained_by else ""
            out.append(f"| {i18n.severity(f.severity.label, lang)} | `{f.code}` {f.name} | "
                       f"{_cell(f.message.get(lang))}{confidence_text(f, lang)}{extra} |")
        out.append("")
    else:
        out += [i18n.no_findings(rep, lang), ""]
    if rep.causes:
        out += [f"**{i18n.label('causes', lang)}**", ""]
        out += [f"{k + 1}. {i18n.cause_name(c.cause, lang)} (`{c.cause}`) — {c.likelihood:.0%} ← {', '.join(c.findings)}"
                for k, c in enumerate(rep.causes[:5])]
        out.append("")
    for f in rep.findings:
        if f.fixes and not f.explained_by and (f is lead or f.severity >= Severity.WARNING or lead is None):
            out += [f"**{i18n.label('fixes', lang)} — `{f.code}` {i18n.title(f, lang)}**", ""]
            out += _fixes(f, rep.run.format, lang)
            if f.experiment is not None:
                out += [f"_{i18n.label('experiment', lang)}:_ {md(f.experiment.get(lang))}", ""]
    for a in rep.analyses:
        out += _analysis(a, lang)
    if rep.skipped:
        items = md(" · ".join(f"{s.code} {s.reason.get(lang)}" for s in rep.skipped))
        out += [f"<sub>{i18n.label('skipped', lang)}: {items}</sub>", ""]
    return out


def render(reports: Sequence[Report], lang: Lang = "en", figure: str | None = None, paths: Sequence[str] = ()) -> str:
    """`figure`: the file name of the PNG written beside the report; without it, say how to make one."""
    out = [f"## {i18n.label('title', lang)}" + (f" · {len(reports)} {i18n.label('runs', lang)}"
                                                  if len(reports) > 1 else ""), ""]
    out += _summary(reports, lang) + [""]  # one row per run, worst first: what a CI summary shows first
    if figure:
        out += [f"![{i18n.label('figure', lang)}]({figure})", ""]
    else:
        hint = i18n.label("figure_hint", lang).format(paths=" ".join(paths) if paths else "PATH")
        out += [f"> {hint}", ""]
    for rep in reports if len(reports) == 1 else [reports[r.index] for r in rows(reports, lang)]:
        out += _run(rep, lang)
    return "\n".join(out).rstrip() + "\n"
