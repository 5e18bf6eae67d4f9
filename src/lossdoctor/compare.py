"""`lossdoctor compare RUN_A RUN_B...`: which run is better, where they part ways, and why.

Better: by the best value of one metric every run has (validation loss, else a validation metric, else the
training loss), with the epoch/step of that best. Where they part: the first point after which a run's curve
stays apart from the best run's by more than their combined noise. Why: each run's verdict and main finding,
side by side. The overlay plot comes with the HTML and PNG outputs.
"""
from __future__ import annotations

import io
import json
import math
from dataclasses import dataclass
from html import escape
from typing import Any, Sequence

import numpy as np

from .engine import Report
from .errors import UsageError
from .i18n import Lang, Text
from .model import Kind, Series, Split
from .report import i18n
from .rules import _pair as C

# Metrics to compare on, in order of preference: the first one every run has wins.
CANDIDATES: tuple[tuple[Kind, Split], ...] = (
    (Kind.LOSS, Split.VAL), (Kind.ACCURACY, Split.VAL), (Kind.SCORE, Split.VAL), (Kind.ERROR_RATE, Split.VAL),
    (Kind.ERROR, Split.VAL), (Kind.LOSS, Split.TRAIN),
)
NOISE_SIGMAS = 3.0  # apart = more than 3x the combined point-to-point noise ...
MIN_REL_GAP = 0.02  # ... and more than 2% of the curves' level (smooth, noiseless curves)
STAY_APART = 2  # for this many consecutive shared points (a single blip is not a parting)


@dataclass(frozen=True)
class Parting:
    """Where a run's curve leaves the best run's and stays apart."""

    x: float
    value: float  # this run's value there
    best_value: float  # the best run's value there
    tolerance: float  # the gap that counts as apart


@dataclass(frozen=True)
class Entry:
    report: Report
    series: Series | None
    best: float | None
    best_x: float | None
    parting: Parting | None


@dataclass(frozen=True)
class Comparison:
    kind: Kind
    split: Split
    axis: str
    entries: tuple[Entry, ...]  # best first

    @property
    def higher_is_better(self) -> bool:
        return bool(self.kind.higher_is_better)

    @property
    def metric(self) -> str:
        keys = {e.series.key for e in self.entries if e.series is not None}
        return keys.pop() if len(keys) == 1 else f"{self.split.value} {self.kind.value}"


def best_point(s: Series, higher: bool) -> tuple[float, float] | None:
    """(best value, its x) over the finite points; None when there is none."""
    ok = np.isfinite(s.values)
    if not ok.any():
        return None
    v, x = s.values[ok], s.steps[ok]
    i = int(np.argmax(v) if higher else np.argmin(v))
    return float(v[i]), float(x[i])


def parting_point(a: Series, ref: Series) -> Parting | None:
    """The first shared x after which `a` stays apart from `ref` for STAY_APART points (a NaN/inf on one side
    only counts as apart); None when they never part."""
    lo, hi = max(a.steps[0], ref.steps[0]), min(a.steps[-1], ref.steps[-1])
    xs = np.unique(np.concatenate([a.steps, ref.steps]))
    xs = xs[(xs >= lo) & (xs <= hi)]
    if xs.size < STAY_APART:
        return None
    va, vr = _at(a, xs), _at(ref, xs)
    noise = math.hypot(C.noise(a.values), C.noise(ref.values))
    lvl = max(C.level(a.values), C.level(ref.values), 1e-300)
    tol = max(NOISE_SIGMAS * noise, MIN_REL_GAP * lvl)
    fa, fr = np.isfinite(va), np.isfinite(vr)
    with np.errstate(invalid="ignore"):
        apart = np.where(fa & fr, np.abs(va - vr) > tol, fa != fr)
    run = 0
    for i, flag in enumerate(apart):
        run = run + 1 if flag else 0
        if run >= STAY_APART and bool(apart[i:].mean() >= 0.5):
            j = i - STAY_APART + 1
            return Parting(float(xs[j]), float(va[j]), float(vr[j]), float(tol))
    return None


def _at(s: Series, xs: np.ndarray) -> np.ndarray:
    """The series at xs: its own value where it has one, else linear interpolation between finite neighbours;
    a NaN/inf logged at x stays non-finite."""
    out = np.full(xs.size, np.nan)
    ok = np.isfinite(s.values)
    if ok.sum() >= 2:
        out = np.interp(xs, s.steps[ok], s.values[ok], left=np.nan, right=np.nan)
    idx = np.searchsorted(s.steps, xs)
    exact = (idx < len(s)) & (s.steps[np.minimum(idx, len(s) - 1)] == xs)
    out[exact] = s.values[idx[exact]]
    return out


def compare(reports: Sequence[Report]) -> Comparison:
    """Rank the runs on the first metric they all have, and find where each parts from the best."""
    if len(reports) < 2:
        raise UsageError(f"compare needs at least two runs; got {len(reports)}")
    for kind, split in CANDIDATES:
        picks = [r.run.find(kind, split) for r in reports]
        if all(p is not None for p in picks):
            break
    else:
        kind, split = Kind.LOSS, Split.TRAIN
        picks = [r.run.find(Kind.LOSS, Split.VAL) or r.run.find(Kind.LOSS, Split.TRAIN) for r in reports]
    higher = bool(kind.higher_is_better)
    axes = [p.axis.value for p in picks if p is not None]
    axis = max(set(axes), key=axes.count) if axes else "epoch"
    scored = []
    for rep, s in zip(reports, picks):
        bp = best_point(s, higher) if s is not None else None
        scored.append((rep, s, bp))
    # best first; runs with no finite value last
    scored.sort(key=lambda t: (t[2] is None, -(t[2][0]) if t[2] and higher else (t[2][0] if t[2] else 0.0)))
    ref = scored[0][1]
    entries = []
    for k, (rep, s, bp) in enumerate(scored):
        part = None
        if k and s is not None and ref is not None and s.axis is ref.axis:
            part = parting_point(s, ref)
        entries.append(Entry(rep, s, bp[0] if bp else None, bp[1] if bp else None, part))
    return Comparison(kind, split, axis, tuple(entries))


# ---- rendering -------------------------------------------------------------------------------------------------

def _unit(axis: str, lang: Lang) -> str:
    """'epoch' / '轮' for sentences such as 'at epoch 5' / '第 5 轮'."""
    return C.unit(axis)[1] if lang == "zh" else axis


def _x(e: Entry, cmp: Comparison, lang: Lang) -> str:
    """An entry's best position; its unit named when its axis is not the comparison's."""
    if e.best_x is None:
        return "-"
    own = _own_unit(e, cmp)
    return f"{e.best_x:g}" if own == cmp.axis else f"{i18n.label(own, lang)} {e.best_x:g}"


def _own_unit(e: Entry, cmp: Comparison) -> str:
    return e.series.axis.value if e.series is not None else cmp.axis


def _num(x: float | None) -> str:
    return "-" if x is None else f"{x:.4g}"


def headline(cmp: Comparison, lang: Lang) -> list[str]:
    """The answer in sentences: which is better (by how much), where each parts from it, and why."""
    best = cmp.entries[0]
    u = _unit(cmp.axis, lang)
    out = []
    if best.best is None:
        return [Text("No run has a finite value to compare.", "没有可比较的有限值。").get(lang)]
    runner = next((e for e in cmp.entries[1:] if e.best is not None), None)
    if runner is not None:
        gap = abs(best.best - runner.best) / max(abs(runner.best), 1e-300)
        bu, ru = _own_unit(best, cmp), _own_unit(runner, cmp)  # each run's best is on its own axis
        out.append(Text(f"Better: {best.report.run.name} — best {cmp.metric} {best.best:.4g} at {bu} {best.best_x:g}, "
                        f"{gap:.0%} {'higher' if cmp.higher_is_better else 'lower'} than {runner.report.run.name} "
                        f"({runner.best:.4g} at {ru} {runner.best_x:g}).",
                        f"更好：{best.report.run.name}——最佳 {cmp.metric} 为 {best.best:.4g}（第 {best.best_x:g} "
                        f"{_unit(bu, 'zh')}），比 {runner.report.run.name}（{runner.best:.4g}，第 {runner.best_x:g} "
                        f"{_unit(ru, 'zh')}）"
                        f"{'高' if cmp.higher_is_better else '低'} {gap:.0%}。").get(lang))
    for e in cmp.entries[1:]:
        name = e.report.run.name
        if e.parting is not None:
            p = e.parting
            out.append(Text(f"{name} parts from {best.report.run.name} at {u} {p.x:g}: {cmp.metric} {_num(p.value)} "
                            f"vs {_num(p.best_value)} (apart = more than {p.tolerance:.2g}, their noise) and stays "
                            "apart.",
                            f"{name} 在第 {p.x:g} {u}与 {best.report.run.name} 分开：{cmp.metric} {_num(p.value)} 对 "
                            f"{_num(p.best_value)}（差距超过 {p.tolerance:.2g}，即两者噪声），此后一直分开。").get(lang))
        elif e.series is not None and best.series is not None and e.series.axis is best.series.axis:
            out.append(Text(f"{name} never parts from {best.report.run.name} beyond their noise on the steps they "
                            "share.", f"{name} 在共同的步上与 {best.report.run.name} 的差距从未超出噪声。").get(lang))
    return out


def _why(e: Entry, lang: Lang) -> str:
    lead = e.report.primary
    if lead is None:
        return i18n.no_findings(e.report, lang)
    return f"{lead.code} {i18n.title(lead, lang)} — {lead.message.get(lang)}"


def render_text(cmp: Comparison, lang: Lang = "en", width: int = 100) -> str:
    from rich.console import Console
    from rich.table import Table
    from rich import box

    from .report.terminal import crop_left

    buf = io.StringIO()
    con = Console(file=buf, width=width, no_color=True, highlight=False, emoji=False, markup=False)
    better = Text("higher is better", "越高越好") if cmp.higher_is_better else Text("lower is better", "越低越好")
    con.print(Text(f"Comparing {len(cmp.entries)} runs on {cmp.metric} ({better.en})",
                   f"比较 {len(cmp.entries)} 个运行：{cmp.metric}（{better.zh}）").get(lang))
    t = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    u = _unit(cmp.axis, lang)
    heads = ("#", i18n.label("run", lang), Text("best", "最佳").get(lang), i18n.label(cmp.axis, lang),
             i18n.label("verdict", lang),
             i18n.label("top_finding", lang), Text("parts from #1", "与第 1 名分开").get(lang))
    for k, h in enumerate(heads):
        t.add_column(h, no_wrap=True, overflow="ellipsis" if k == 5 else "crop")
    for k, e in enumerate(cmp.entries):
        lead = e.report.primary
        t.add_row(str(k + 1), crop_left(e.report.run.name, max(12, width // 3)), _num(e.best),
                  _x(e, cmp, lang), i18n.verdict(e.report.verdict, lang),
                  f"{lead.code} {i18n.title(lead, lang)}" if lead else "-",
                  "-" if e.parting is None else f"{u} {e.parting.x:g}")
    con.print(t)
    for line in headline(cmp, lang):
        con.print(line)
    con.print(Text("Why:", "原因：").get(lang))
    for e in cmp.entries:
        con.print(f"  {e.report.run.name}: {_why(e, lang)}", overflow="fold")
    out = buf.getvalue()
    return "\n".join(line.rstrip() for line in out.split("\n"))


def to_dict(cmp: Comparison, lang: Lang = "en") -> dict[str, Any]:
    from . import __version__

    def f(x: float | None) -> float | str | None:
        return None if x is None else (float(f"{x:.6g}") if math.isfinite(x) else str(x))

    return {
        "schema_version": 1, "tool": {"name": "lossdoctor", "version": __version__},
        "compare": {
            "metric": cmp.metric, "kind": cmp.kind.value, "split": cmp.split.value, "axis": cmp.axis,
            "higher_is_better": cmp.higher_is_better, "summary": headline(cmp, lang),
            "ranking": [{"name": e.report.run.name, "best": f(e.best), "at": f(e.best_x), "verdict": e.report.verdict,
                         "primary": e.report.primary.code if e.report.primary else None,
                         "parts_from_best_at": None if e.parting is None else f(e.parting.x),
                         "parts_values": None if e.parting is None else [f(e.parting.value), f(e.parting.best_value)]}
                        for e in cmp.entries],
        },
        "runs": [e.report.to_dict(lang) for e in cmp.entries],
    }


def render_html(cmp: Comparison, lang: Lang = "en") -> str:
    """The multi-run HTML report (with its overlay of every run) headed by the comparison."""
    from .report import html

    rows = "".join(
        f"<tr><td>{k + 1}</td><td><a href=\"#run{k}\">{escape(e.report.run.name)}</a></td><td>{_num(e.best)}</td>"
        f"<td>{'-' if e.best_x is None else f'{e.best_x:g}'}</td><td>{escape(i18n.verdict(e.report.verdict, lang))}"
        f"</td><td>{escape(_why(e, lang))}</td><td>{'-' if e.parting is None else f'{e.parting.x:g}'}</td></tr>"
        for k, e in enumerate(cmp.entries))
    head = "".join(f"<th>{escape(h)}</th>" for h in (
        "#", i18n.label("run", lang), Text(f"best {cmp.metric}", f"最佳 {cmp.metric}").get(lang),
        i18n.label(cmp.axis, lang), i18n.label("verdict", lang), Text("why", "原因").get(lang),
        Text("parts from #1 at", "与第 1 名分开于").get(lang)))
    sentences = "".join(f"<p>{escape(s)}</p>" for s in headline(cmp, lang))
    intro = (f'<h2>{escape(Text("Compare", "对比").get(lang))}</h2>{sentences}'
             f'<table class="grid overview"><tr>{head}</tr>{rows}</table>')
    return html.render([e.report for e in cmp.entries], lang, intro=intro, keep_order=True)


def render_png(cmp: Comparison, lang: Lang = "en", fmt: str = "png") -> bytes | str:
    """The compared metric of every run on one axis, each run's best marked and where it parts from #1."""
    from .report import png

    png._pyplot()
    lang, family = png._font(lang)
    with png.font_context(family):
        return _draw_png(cmp, lang, fmt)


def _draw_png(cmp: Comparison, lang: Lang, fmt: str) -> bytes | str:
    from .report import png

    Figure = png._pyplot()
    fig = Figure(figsize=(png.WIDTH_IN, png.HEIGHT_IN), dpi=png.DPI)
    ax = fig.subplots()
    for k, e in enumerate(cmp.entries):
        if e.series is None or e.series.axis.value != cmp.axis:
            continue
        color = f"C{k % 10}"
        y = np.where(np.isfinite(e.series.values), e.series.values, np.nan)
        ax.plot(e.series.steps, y, color=color, lw=2.2 if k == 0 else 1.4, label=f"#{k + 1} {e.report.run.name}")
        if e.best is not None:
            ax.plot([e.best_x], [e.best], marker="*", ms=12, color=color, ls="none")
        if e.parting is not None:
            ax.axvline(e.parting.x, color=color, ls="--", lw=1)
    if cmp.higher_is_better is False and all(e.best is not None and e.best > 0 for e in cmp.entries) and \
            max(e.best for e in cmp.entries if e.best) / max(min(e.best for e in cmp.entries if e.best), 1e-300) > 1e3:
        ax.set_yscale("log")
    ax.set_xlabel(i18n.label(cmp.axis, lang))
    ax.set_ylabel(cmp.metric)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    lines = headline(cmp, lang)
    fig.suptitle(lines[0] if lines else "", x=0.01, ha="left", fontsize=11, fontweight="bold")
    fig.subplots_adjust(left=0.07, right=0.985, top=0.88, bottom=0.11)
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, dpi=png.DPI)
    return buf.getvalue().decode("utf-8") if fmt == "svg" else buf.getvalue()


def render(cmp: Comparison, fmt: str, lang: Lang = "en", width: int = 100) -> str | bytes:
    if fmt == "text":
        return render_text(cmp, lang, width) + "\n"
    if fmt == "json":
        return json.dumps(to_dict(cmp, lang), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    if fmt == "html":
        return render_html(cmp, lang)
    if fmt in ("png", "svg"):
        return render_png(cmp, lang, fmt)
    raise UsageError(f"compare: unknown format {fmt!r}; choose text, json, html, png or svg")
