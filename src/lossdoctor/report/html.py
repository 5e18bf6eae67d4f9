"""The HTML report: one self-contained, offline file. uPlot (vendored, ~50 KB) draws the curves with the
findings on them; the text (verdict, finding cards, causes, fixes with copyable code) is plain HTML."""
from __future__ import annotations

from importlib import resources
from typing import Any, Callable, Sequence

import numpy as np

from .. import __version__, differential
from ..engine import Report
from ..findings import Finding, Severity
from ..i18n import Lang
from ..model import Kind, Split
from . import i18n
from .decimate import DEFAULT_BUCKETS, decimate
from .escape import html as escape
from .escape import script_json
from .json import strict
from .plotdata import Curve, RunPlot, build, suggest_log
from .summary import rows
from .terminal import confidence_text, framework_for

OVERLAY_BUCKETS = 500
# Shown by fonts.js when Chinese characters would come out as empty boxes; in English, since the machine
# cannot draw Chinese.
CJK_NOTE = ("This report contains Chinese text, but this computer has no font with Chinese characters, so they show "
            "as empty boxes. Install one (Debian/Ubuntu: sudo apt install fonts-noto-cjk; Fedora: sudo dnf install "
            "google-noto-sans-cjk-fonts) and reload, or make the report in English with --lang en.")
_ICON = {"healthy": "✔", "warning": "▲", "error": "✖", "insufficient_data": "?"}


ASSET_DIR = resources.files("lossdoctor.report").joinpath("assets")


def asset(name: str) -> str:
    """A vendored or own asset's text, from the installed package."""
    return ASSET_DIR.joinpath(name).read_text(encoding="utf-8")


def _nums(a: np.ndarray) -> list[float | None]:
    """Floats for JSON: 6 significant digits, non-finite as null (a gap in the line)."""
    out: list[float | None] = []
    for v in np.asarray(a, dtype=np.float64).tolist():
        out.append(float(f"{v:.6g}") if v == v and v not in (float("inf"), float("-inf")) else None)
    return out


def _curve_json(c: Curve) -> dict[str, Any]:
    return {"key": c.key, "split": c.split, "kind": c.kind, "primary": c.primary, "points": c.points,
            "x": _nums(c.x), "y": _nums(c.y)}


def plot_json(plot: RunPlot) -> dict[str, Any]:
    """The chart data of one run as the page's script reads it."""
    return {
        "main_axis": plot.main_axis,
        "panels": [{"id": p.id, "role": p.role, "axis": p.axis, "title": p.title, "log": p.log,
                    "curves": [_curve_json(c) for c in p.curves]} for p in plot.panels],
        "shades": [{"axis": s.axis, "start": s.start, "end": s.end, "label": s.label, "finding": s.finding,
                    "code": s.code, "severity": s.severity} for s in plot.shades],
        "markers": [{"axis": m.axis, "x": m.x, "y": None if m.y is None else float(f"{m.y:.6g}"), "label": m.label,
                     "key": m.key, "finding": m.finding, "code": m.code, "severity": m.severity, "series": m.series,
                     "nonfinite": m.nonfinite, "point": m.point} for m in plot.markers],
    }


def _overlay(reports: Sequence[Report]) -> dict[str, Any] | None:
    """Validation loss of every run (training loss where there is none) on the most common axis."""
    picks = []
    for i, rep in enumerate(reports):
        s = rep.run.find(Kind.LOSS, Split.VAL) or rep.run.find(Kind.LOSS, Split.TRAIN)
        if s is not None:
            picks.append((i, rep.run.name, s))
    if len(picks) < 2:
        return None
    axes = [s.axis.value for _, _, s in picks]
    axis = max(set(axes), key=axes.count)
    val = all(s.split is Split.VAL for _, _, s in picks if s.axis.value == axis)
    curves = []
    for i, name, s in picks:
        if s.axis.value == axis:
            x, y = decimate(s.steps, s.values, OVERLAY_BUCKETS)
            curves.append({"run": i, "key": f"{name}: {s.key}", "verdict": reports[i].verdict, "x": _nums(x),
                           "y": _nums(y)})
    log = suggest_log([s.values for _, _, s in picks if s.axis.value == axis])
    return {"axis": axis, "val": val, "log": log, "curves": curves}


def _badge(verdict: str, lang: Lang) -> str:
    return f'<span class="badge v-{verdict}">{_ICON.get(verdict, "")} {escape(i18n.verdict(verdict, lang))}</span>'


def _sev(f: Finding, lang: Lang) -> str:
    return f'<span class="badge s-{f.severity.label}">{escape(i18n.severity(f.severity.label, lang))}</span>'


def _value(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.4g}"
    if isinstance(v, (list, tuple)):
        items = [_value(x) for x in list(v)[:12]]
        return ", ".join(items) + (f" … (+{len(v) - 12})" if len(v) > 12 else "")
    return str(v)


def _fixes(f: Finding, fmt: str, lang: Lang, uid: str) -> str:
    out = []
    for j, fix in enumerate(f.fixes):
        out.append(f'<div class="fix"><p>{escape(fix.text.get(lang))}</p>')
        if fix.code:
            first = framework_for(fmt, list(fix.code))
            tabs = "".join(f'<button class="tab{" on" if fw == first else ""}" data-fw="{escape(fw)}">{escape(fw)}'
                           f'</button>' for fw in fix.code)
            blocks = "".join(f'<pre class="code{" on" if fw == first else ""}" data-fw="{escape(fw)}"><code>'
                             f'{escape(code)}</code></pre>' for fw, code in fix.code.items())
            out.append(f'<div class="codebox" id="{uid}-fix{j}"><div class="tabs">{tabs}'
                       f'<button class="copy">{escape(i18n.label("copy", lang))}</button></div>{blocks}</div>')
        out.append("</div>")
    return "".join(out)


def _card(f: Finding, rep: Report, lang: Lang, uid: str) -> str:
    head = (f'{_sev(f, lang)} <b>{escape(f.code)} {escape(i18n.title(f, lang))}</b> '
            f'<span class="dim">{escape(f.name)}</span>')
    if getattr(f, "confidence", None) is not None:
        head += f' <span class="dim">{escape(confidence_text(f, lang).strip())}</span>'
    if f.explained_by:
        head += f' <span class="dim">({escape(i18n.label("explained_by", lang))} {escape(f.explained_by)})</span>'
    parts = [f'<div class="card s-{f.severity.label}" id="{uid}"><div class="card-head">{head}</div>',
             f'<p class="msg">{escape(f.message.get(lang))}</p>']
    if f.span is not None:
        parts.append(f'<p class="dim">{escape(i18n.label("span", lang))}: {escape(i18n.label(f.span.axis, lang))} '
                     f'{f.span.start:g} – {f.span.end:g}</p>')
    if f.evidence:
        cells = "".join(f"<tr><th>{escape(str(k))}</th><td>{escape(_value(v))}</td></tr>" for k, v in f.evidence.items())
        opened = " open" if f.severity >= Severity.WARNING and not f.explained_by else ""
        parts.append(f'<details{opened}><summary>{escape(i18n.label("evidence", lang))}</summary>'
                     f'<table class="kv">{cells}</table></details>')
    if f.causes:
        items = "".join(
            f'<li><span class="bar"><span style="width:{c.likelihood * 100:.0f}%"></span></span> '
            f'<b>{escape(i18n.cause_name(c.cause, lang))}</b> {c.likelihood:.0%} — {escape(c.why.get(lang))}'
            + (f' <span class="dim">({escape(i18n.label("against", lang))}: {escape(c.against.get(lang))})</span>'
               if c.against else "") + "</li>" for c in f.causes)
        parts.append(f'<h4>{escape(i18n.label("causes", lang))}</h4><ul class="causes">{items}</ul>')
    if f.fixes and not f.explained_by:  # an explained finding is fixed by fixing what explains it
        parts.append(f'<h4>{escape(i18n.label("fixes", lang))}</h4>{_fixes(f, rep.run.format, lang, uid)}')
    if f.experiment is not None:
        parts.append(f'<p class="exp"><b>{escape(i18n.label("experiment", lang))}:</b> '
                     f'{escape(f.experiment.get(lang))}</p>')
    parts.append("</div>")
    return "".join(parts)


def _headline(rep: Report, lang: Lang) -> str:
    lead = rep.primary
    if lead is None:
        text = i18n.no_findings(rep, lang)
        return f'<div class="headline v-{rep.verdict}"><div class="big">{_ICON.get(rep.verdict, "")} ' \
               f'{escape(i18n.verdict_line(rep, lang))}</div><div>{escape(text)}</div></div>'
    where = ""
    if lead.span is not None:
        where = f' · {escape(i18n.label(lead.span.axis, lang))} {lead.span.start:g}–{lead.span.end:g}'
    alts = [f for f in rep.findings if f is not lead and f.severity >= Severity.WARNING and not f.explained_by]
    alt_html = "".join(
        f'<li>{escape(f.code)} {escape(i18n.title(f, lang))} — {escape(i18n.label("ranks_lower", lang))}: '
        f'{escape(differential.why_not_first(lead, f).get(lang))}</li>' for f in alts)
    alt_html = f'<div class="alts">{escape(i18n.label("alternatives", lang))}:<ul>{alt_html}</ul></div>' if alts else ""
    return (f'<div class="headline s-{lead.severity.label}"><div class="big">{_ICON.get(rep.verdict, "")} '
            f'{escape(i18n.title(lead, lang))}{where}</div>'
            f'<div>{escape(lead.message.get(lang))}</div>{alt_html}</div>')


def _analysis(a: Any, lang: Lang) -> str:
    head = "".join(f"<th>{escape(h.get(lang))}</th>" for h in a.headers)
    body = "".join("<tr>" + "".join(f"<td>{escape(c.get(lang) if isinstance(c, i18n.Text) else str(c))}</td>"
                                    for c in row) + "</tr>" for row in a.rows)
    return (f'<div class="analysis"><h4>{escape(a.title.get(lang))}</h4><table class="grid"><tr>{head}</tr>{body}'
            f'</table><p><i>{escape(a.conclusion.get(lang))}</i></p></div>')


def _section(rep: Report, idx: int, lang: Lang) -> str:
    uid = f"run{idx}"
    parts = [f'<section class="run" id="{uid}"><h2>{escape(rep.run.name)} {_badge(rep.verdict, lang)}'
             f' <span class="dim small">{escape(rep.run.format)} · {escape(rep.run.source)}</span></h2>',
             *([f'<p class="dim small">{escape(i18n.label("merged", lang))}: '
                f'{escape(", ".join(rep.run.also_from))}</p>'] if rep.run.also_from else []),
             _headline(rep, lang),
             f'<div class="controls"><label>{escape(i18n.label("smoothing", lang))} <input type="range" min="0" '
             f'max="0.99" step="0.01" value="0" class="smooth"> <output>0</output></label>'
             f'<label><input type="checkbox" class="logy"> {escape(i18n.label("log_scale", lang))}</label>'
             f'<span class="dim small">{escape(i18n.label("help_zoom", lang))}</span></div>',
             f'<div class="charts" data-run="{idx}"></div>',
             f'<p class="dim small">{escape(i18n.label("annotations", lang))}</p>']
    if rep.causes:
        items = "".join(f'<li><span class="bar"><span style="width:{c.likelihood * 100:.0f}%"></span></span> '
                        f'<b>{escape(i18n.cause_name(c.cause, lang))}</b> {c.likelihood:.0%} '
                        f'<span class="dim">← {escape(", ".join(c.findings))}</span></li>' for c in rep.causes[:5])
        parts.append(f'<h3>{escape(i18n.label("causes", lang))}</h3><ul class="causes">{items}</ul>')
    parts.append(f'<h3>{escape(i18n.label("findings", lang))}</h3>')
    parts += [_card(f, rep, lang, f"{uid}-f{k}") for k, f in enumerate(rep.findings)] or \
        [f'<p>{escape(i18n.label("no_findings", lang))}</p>']
    if rep.analyses:
        parts.append(f'<h3>{escape(i18n.label("analyses", lang))}</h3>' + "".join(_analysis(a, lang)
                                                                               for a in rep.analyses))
    if rep.run.warnings:
        parts.append(f'<p class="dim small">{escape(i18n.label("warnings", lang))}: '
                     f'{escape(" · ".join(rep.run.warnings))}</p>')
    if rep.skipped:
        parts.append(f'<p class="dim small">{escape(i18n.label("skipped", lang))}: '
                     f'{escape(" · ".join(f"{s.code} {s.reason.get(lang)}" for s in rep.skipped))}</p>')
    parts.append("</section>")
    return "".join(parts)


def _overview_table(reports: Sequence[Report], lang: Lang) -> str:
    head = "".join(f"<th>{escape(i18n.label(k, lang))}</th>" for k in ("run", "verdict", "top_finding", "best_epoch"))
    body = []
    for r in rows(reports, lang):
        top = f"{r.top_code} {i18n.title(r.finding, lang)}" if r.top else "-"
        body.append(f'<tr><td><a href="#run{r.index}">{escape(r.name)}</a></td><td>{_badge(r.verdict, lang)}</td>'
                    f'<td title="{escape(r.top_message or "")}">{escape(top)}</td><td>{escape(r.best_text(lang))}</td>'
                    f'</tr>')
    return f'<table class="grid overview"><tr>{head}</tr>{"".join(body)}</table>'


def _script_json(doc: dict[str, Any]) -> str:
    return script_json(strict(doc))


def render(reports: Sequence[Report], lang: Lang = "en", progress: Callable[[], None] | None = None,
           n_buckets: int = DEFAULT_BUCKETS, intro: str = "", keep_order: bool = False) -> str:
    """The whole page; `progress` is called once per rendered run. `intro`: trusted HTML put above the overview
    (the comparison of `lossdoctor compare`); `keep_order`: the runs in the order given, not worst first."""
    ordered = [reports[r.index] for r in rows(reports, lang)] if len(reports) > 1 and not keep_order \
        else list(reports)
    runs_json, sections = [], []
    for idx, rep in enumerate(ordered):
        runs_json.append({"name": rep.run.name, **plot_json(build(rep, lang, n_buckets))})
        sections.append(_section(rep, idx, lang))
        if progress is not None:
            progress()
    labels = {k: i18n.label(k, lang) for k in ("overlay", "overlay_train", "epoch", "step", "nonfinite", "copied",
                                                "copy")}
    doc = {"lang": lang, "labels": labels, "runs": runs_json, "overlay": _overlay(ordered)}
    title = i18n.label("title", lang)
    head_extra = ""
    if len(reports) > 1:
        head_extra = (f'<h2>{escape(i18n.label("overview", lang))} · {len(reports)} {escape(i18n.label("runs", lang))}'
                      f'</h2>{_overview_table(ordered, lang)}<div class="overlay"></div>')
    css = asset("uPlot.min.css") + "\n" + asset("report.css")
    js = "\n".join(asset(name) for name in ("uPlot.iife.min.js", "smooth.js", "report.js", "fonts.js"))
    return (f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{escape(title)}</title>'
            f'<style>{css}</style></head><body data-rendered="0" data-errors="0"><main>'
            f'<header><h1>{escape(title)}</h1><span class="dim small">'
            f'{escape(i18n.label("generated_by", lang).format(version=__version__))}</span></header>'
            f'<div id="cjk-note" class="cjk-note" hidden>{escape(CJK_NOTE)}</div>'
            f'{intro}{head_extra}{"".join(sections)}</main>'
            f'<script type="application/json" id="ld-data">{_script_json(doc)}</script>'
            f'<script>{js}</script></body></html>\n')
