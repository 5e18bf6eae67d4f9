"""The terminal report. By default short: per run a first screen (at most BRIEF_MAX_LINES lines at 80 columns)
with the verdict, the main problem in one sentence, the proof in numbers (the finding's message and the loss
sparklines) and the single most useful next action; several runs get a one-line-per-run summary, worst first,
then the short block of each run with a problem. `details=True` (--details / -v) adds everything else: every
finding, the likely causes, the fixes, the trend / rate-of-change / cross-check tables and the skipped rules.
Plain text (no escape codes) unless `color` is set."""
from __future__ import annotations

from io import StringIO
from typing import Sequence

import numpy as np
from rich import box
from rich.cells import cell_len
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
BRIEF_MAX_LINES = 24  # one problem run's first screen (80 x 24)
BRIEF_MSG_LINES = 4  # the main problem's sentence
BRIEF_FIX_LINES = 3  # the next action's sentence
BRIEF_CODE_LINES = 8  # its code
COLLAPSE_HEALTHY_OVER = 18  # a summary longer than this lists its healthy runs on one line


def framework_for(fmt: str, available: Sequence[str]) -> str | None:
    """The framework whose code is shown: the run's own when known and available, else pytorch, else any."""
    for cand in (_FRAMEWORK.get(fmt), "pytorch", "keras", "lightning", "hf"):
        if cand and cand in available:
            return cand
    return next(iter(available), None)


def _summary(con: Console, reports: Sequence[Report], lang: Lang) -> None:
    """One line per run, worst first; with many runs, the healthy ones share one line so the list fits a screen."""
    all_rows = rows(reports, lang)
    t = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, title=None)
    t.add_column("", no_wrap=True)
    tops = {r.index: f"{r.top_code} {i18n.title(r.finding, lang)}" if r.top else "-" for r in all_rows}
    verdict_w = max(cell_len(i18n.verdict(r.verdict, lang)) for r in all_rows)
    verdict_w = max(verdict_w, cell_len(i18n.label("verdict", lang)))
    best_w = max([cell_len(r.best_text(lang)) for r in all_rows] + [cell_len(i18n.label("best_epoch", lang))])
    budget = con.width - 12 - 1 - verdict_w - best_w  # 4 gaps of 3 cells, the icon
    top_full = max(cell_len(x) for x in tops.values())
    name_w = max(10, min(max(cell_len(r.name) for r in all_rows), budget - min(top_full, 26)))
    top_w = max(8, min(top_full, budget - name_w))
    t.add_column(i18n.label("run", lang), no_wrap=True, width=name_w)
    t.add_column(i18n.label("verdict", lang), no_wrap=True, width=verdict_w)
    t.add_column(i18n.label("top_finding", lang), no_wrap=True, width=top_w)
    t.add_column(i18n.label("best_epoch", lang), no_wrap=True, width=best_w)
    collapse = len(all_rows) > COLLAPSE_HEALTHY_OVER
    healthy = [r for r in all_rows if r.verdict == "healthy"] if collapse else []
    for r in all_rows:
        if r in healthy:
            continue
        t.add_row(RText(_ICON.get(r.verdict, ""), _VERDICT.get(r.verdict, "")), crop_left(r.name, name_w),
                  RText(i18n.verdict(r.verdict, lang), _VERDICT.get(r.verdict, "")), _crop(tops[r.index], top_w),
                  r.best_text(lang))
    con.print(RText(f"{len(reports)} {i18n.label('runs', lang)}", "bold"))
    con.print(t)
    if healthy:
        names = ", ".join(r.name for r in healthy)
        con.print(RText(f"{_ICON['healthy']} {len(healthy)} {i18n.verdict('healthy', lang)}: {names}",
                        _VERDICT["healthy"]), no_wrap=True, overflow="ellipsis")
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
        ends = _ends(s.values, fin)
        bad = int((~np.isfinite(s.values)).sum())
        tail = f"  ({bad} NaN/inf)" if bad else ""
        con.print(RText.assemble(f"  {s.key:<{width}} ", (line, "blue" if s.split is Split.TRAIN else "magenta"),
                                 f"  {ends}{tail}"))


def _ends(values: np.ndarray, fin: np.ndarray) -> str:
    """First and last finite values, and the non-finite end when the curve ends NaN/inf ('2.0 → 0.75 → nan'),
    so a loss that blew up never reads as one that fell."""
    if not fin.size:
        return "NaN"
    tail = f" → {values[-1]}" if not np.isfinite(values[-1]) else ""
    return f"{fin[0]:.4g} → {fin[-1]:.4g}{tail}"


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
    """One run in full (--details)."""
    _header(con, rep, lang)
    merged = _merged_line(rep, lang)
    if merged:
        con.print(RText(merged, "dim"))
    for w in rep.run.warnings:
        con.print(f"  ! {w}", style="dim")
    lead = rep.primary
    if lead is not None:
        con.print(RText.assemble((f"{i18n.label('primary', lang)}: ", "bold"),
                                 (f"{lead.code} {i18n.title(lead, lang)}", _STYLE[lead.severity]),
                                 confidence_text(lead, lang), " — ", lead.message.get(lang)))
        alts = [f for f in rep.findings if f is not lead and f.severity >= Severity.WARNING and not f.explained_by]
        for f in alts:
            why = differential.why_not_first(lead, f).get(lang)
            con.print(RText(f"  {i18n.label('alternatives', lang)}: {f.code} {i18n.title(f, lang)} — "
                            f"{i18n.label('ranks_lower', lang)}: {why}", "dim"))
    _sparks(con, rep)
    others = [f for f in rep.findings if f is not lead]
    if others:
        con.print(RText(i18n.label("findings", lang), "bold"))
        _findings(con, others, lang)
    elif not rep.findings:
        con.print(f"  {i18n.no_findings(rep, lang)}")
    if rep.causes:
        con.print(RText(i18n.label("causes", lang), "bold"))
        for k, c in enumerate(rep.causes[:MAX_CAUSES]):
            con.print(f"  {k + 1}. {i18n.cause_name(c.cause, lang)} ({c.cause}) {c.likelihood:.0%}"
                      f"  ← {', '.join(c.findings)}")
    target = lead or next((f for f in rep.findings if f.fixes and not f.explained_by), None)
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


def _clip(con: Console, text: str, width: int, max_lines: int) -> list[str]:
    """`text` wrapped to `width` cells (CJK-aware), at most `max_lines` lines, the last ending in … when cut."""
    lines = [line.plain.rstrip() for line in RText(text).wrap(con, max(10, width))]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = RText(lines[-1])
        last.truncate(max(1, width - 1))
        lines[-1] = last.plain.rstrip() + "…"
    return lines


def crop_left(name: str, width: int) -> str:
    """A run name cut from the left ('…/lightning_logs/version_0'): its end is what tells runs apart."""
    if cell_len(name) <= width:
        return name
    out = name
    while out and cell_len(out) > width - 1:
        out = out[1:]
    return "…" + out


def _crop(line: str, width: int) -> str:
    t = RText(line)
    if t.cell_len <= width:
        return line
    t.truncate(max(1, width - 1))
    return t.plain + "…"


def _lab(key: str, lang: Lang) -> str:
    """A brief-report label padded to the 9-cell gutter (CJK characters are two cells wide)."""
    text = i18n.label(key, lang)
    return text + " " * max(1, 9 - cell_len(text))


def _header(con: Console, rep: Report, lang: Lang) -> None:
    v = rep.verdict
    head = RText.assemble((rep.run.name, "bold"), f"  [{rep.run.format}]  ",
                          (f"{_ICON.get(v, '')} {i18n.verdict_line(rep, lang)}", _VERDICT.get(v, "")))
    con.rule(head, align="left", style="dim")


def _merged_line(rep: Report, lang: Lang) -> str | None:
    also = getattr(rep.run, "also_from", ())
    if not also:
        return None
    return f"  {i18n.label('merged', lang)}: {', '.join(also)}"


SURE = 0.8  # at or above it the finding speaks for itself; below, the report says how sure it is
UNSURE = 0.5


def confidence_text(f: Finding, lang: Lang) -> str:
    """' (confidence 0.62)' or ' (low confidence 0.30)' for a finding that is not sure; '' for a sure one
    (the JSON report always carries the number)."""
    c = getattr(f, "confidence", None)
    if c is None or c >= SURE:
        return ""
    return f" ({i18n.label('low_confidence' if c < UNSURE else 'confidence', lang)} {float(c):.2f})"


def brief_target(rep: Report) -> Finding | None:
    """The finding whose first fix is the next action: the main problem, else the first unexplained finding
    with a fix (an info such as 'still improving' on a healthy run)."""
    lead = rep.primary
    if lead is not None and lead.fixes:
        return lead
    return next((f for f in rep.findings if f.fixes and not f.explained_by), None)


def render_brief(con: Console, rep: Report, lang: Lang) -> None:
    """One run's first screen: verdict, the main problem in one sentence, the proof, the next action."""
    width = con.width
    body = width - 9
    pad = " " * 9
    _header(con, rep, lang)
    merged = _merged_line(rep, lang)
    if merged:
        con.print(RText(_crop(merged, width), "dim"), no_wrap=True)
    if rep.run.warnings:
        n = len(rep.run.warnings)
        con.print(RText(_crop(f"  ! {rep.run.warnings[0]}" + (f" (+{n - 1})" if n > 1 else ""), width), "dim"),
                  no_wrap=True)
    lead = rep.primary
    shown = lead or next((f for f in rep.findings if not f.explained_by), None)
    if shown is None:
        for k, line in enumerate(_clip(con, i18n.no_findings(rep, lang), body, BRIEF_MSG_LINES)):
            con.print(RText.assemble(RText(_lab('brief_problem', lang) if k == 0 else pad, "bold"), line),
                      no_wrap=True)
    else:
        key = "brief_problem" if lead is not None else "brief_note"
        sentence = (f"{shown.code} {i18n.title(shown, lang)}{confidence_text(shown, lang)} — "
                    f"{shown.message.get(lang)}")
        for k, line in enumerate(_clip(con, sentence, body, BRIEF_MSG_LINES)):
            label = RText(_lab(key, lang) if k == 0 else pad, "bold")
            con.print(RText.assemble(label, (line, _STYLE[shown.severity] if k == 0 else "")), no_wrap=True)
    _brief_sparks(con, rep, lang)
    target = brief_target(rep)
    if target is not None:
        fix = target.fixes[0]
        for k, line in enumerate(_clip(con, fix.text.get(lang), body, BRIEF_FIX_LINES)):
            con.print(RText.assemble(RText(_lab('brief_next', lang) if k == 0 else pad, "bold"), line),
                      no_wrap=True)
        fw = framework_for(rep.run.format, list(fix.code))
        if fw is not None:
            code = fix.code[fw].split("\n")
            cut = len(code) > BRIEF_CODE_LINES
            shown_code = code[:BRIEF_CODE_LINES - 1] if cut else code
            lines = [_crop(c, width - 11) for c in shown_code]
            con.print(RText(f"{pad}  # {fw}", "dim"))
            con.print(Syntax("\n".join(lines), "python", theme="monokai", background_color="default",
                             word_wrap=False, padding=(0, 0, 0, 11)))
            if cut:
                con.print(RText(f"{pad}  … {len(code) - len(shown_code)} {i18n.label('more_lines', lang)}", "dim"))
    others = [f for f in rep.findings if f is not shown and f.severity >= Severity.WARNING and not f.explained_by]
    explained = sum(1 for f in rep.findings if f.explained_by)
    info = sum(1 for f in rep.findings if f is not shown and f.severity < Severity.WARNING and not f.explained_by)
    parts = [f"{f.code} {i18n.title(f, lang)}" for f in others]
    if info:
        parts.append(i18n.label("n_notes", lang).format(n=info))
    if explained:
        parts.append(i18n.label("n_explained", lang).format(n=explained))
    if parts:
        con.print(RText(_crop(_lab('brief_also', lang) + " · ".join(parts), width), "dim"), no_wrap=True)
    con.print()


def _brief_sparks(con: Console, rep: Report, lang: Lang) -> None:
    """The losses as sparklines with their first and last values: the shape and the numbers at a glance."""
    picks = [s for s in (rep.run.find(Kind.LOSS, Split.TRAIN), rep.run.find(Kind.LOSS, Split.VAL)) if s is not None]
    if not picks:
        picks = rep.run.find_all(Kind.LOSS)[:2]
    if not picks:
        return
    key_w = min(16, max(len(s.key) for s in picks))
    spark_w = max(1, min(SPARK_WIDTH, max(len(s) for s in picks), con.width - 9 - key_w - 30))
    lines = sparklines([(s.steps, s.values) for s in picks], spark_w)
    for k, (s, line) in enumerate(zip(picks, lines)):
        fin = s.values[np.isfinite(s.values)]
        ends = _ends(s.values, fin)
        bad = int((~np.isfinite(s.values)).sum())
        tail = f" ({bad} NaN/inf)" if bad else ""
        label = _lab('brief_proof', lang) if k == 0 else " " * 9
        con.print(RText.assemble((label, "bold"), f"{_crop(s.key, key_w):<{key_w}} ",
                                 (line, "blue" if s.split is Split.TRAIN else "magenta"), f"  {ends}{tail}"),
                  no_wrap=True, overflow="ellipsis")


def render(reports: Sequence[Report], lang: Lang = "en", color: bool = False, width: int = 100,
           details: bool = False) -> str:
    """Short by default (see the module docstring); `details` for every finding, fix and table."""
    buf = StringIO()
    con = Console(file=buf, force_terminal=color, no_color=not color, width=width, highlight=False,
                  color_system="truecolor" if color else None, emoji=False, markup=False)  # log text is never markup
    ordered = list(reports) if len(reports) == 1 else [reports[r.index] for r in rows(reports, lang)]
    if len(reports) > 1:
        _summary(con, reports, lang)
    if details:
        for rep in ordered:
            render_one(con, rep, lang)
    else:
        shown = ordered if len(reports) == 1 else [r for r in ordered if r.verdict in ("warning", "error")]
        for rep in shown:
            render_brief(con, rep, lang)
        con.print(RText(i18n.label("details_hint", lang), "dim"))
    out = buf.getvalue()
    return out if color else "\n".join(plain(line).rstrip() for line in out.split("\n"))
