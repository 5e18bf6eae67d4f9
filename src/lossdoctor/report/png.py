"""A static annotated figure (PNG or SVG) to paste into an issue: the losses with the findings drawn on them,
accuracy beside them, and a title naming the verdict and the main problem. matplotlib is imported lazily."""
from __future__ import annotations

import io
import shutil
import subprocess
import textwrap
import warnings
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from ..engine import Report
from ..errors import UsageError
from ..i18n import Lang
from . import i18n
from .plotdata import Panel, RunPlot, build
from .summary import rows

WIDTH_IN, HEIGHT_IN, DPI = 12.0, 5.0, 100  # one run: 1200 x 500 px
GRID_COLS, GRID_MAX, CELL_H_IN = 3, 12, 3.0  # several runs: worst 12, 3 per row, 300 px high
SPLIT_COLOR = {"train": "#2563eb", "val": "#ea580c", "test": "#16a34a"}
SEV_COLOR = {"error": "#dc2626", "warning": "#d97706", "info": "#2563eb"}
PNG_BUCKETS = 1500
_BOX = {"facecolor": "white", "alpha": 0.75, "edgecolor": "none", "pad": 1.0}
CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Source Han Sans SC",
             "SimHei", "Microsoft YaHei", "PingFang SC", "AR PL UMing CN")


def _pyplot() -> Any:
    try:
        import matplotlib
    except ImportError as exc:
        raise UsageError("--format png/svg needs matplotlib: pip install 'lossdoctor[png]'") from exc
    matplotlib.use("Agg", force=False) if matplotlib.get_backend().lower() != "agg" else None
    from matplotlib.figure import Figure
    return Figure


PLOT_MAX = 1e150  # matplotlib's transforms overflow near float max (1.8e308): larger values are drawn at this level


def _draw_panel(ax: Any, plot: RunPlot, panel: Panel, labels: bool = True, lang: Lang = "en") -> None:
    from matplotlib.transforms import blended_transform_factory

    for i, c in enumerate(panel.curves):
        color = SPLIT_COLOR.get(c.split, f"C{i}")
        y = np.where(np.isfinite(c.y), np.clip(c.y, -PLOT_MAX, PLOT_MAX), np.nan)
        ax.plot(c.x, y, color=color, lw=2.0 if c.split == "val" else 1.5, ls="-" if c.primary else "--",
                label=c.key, marker="o" if c.x.size < 40 else None, ms=3)
    if panel.log:
        ax.set_yscale("log")
    trans = blended_transform_factory(ax.transData, ax.transAxes)
    flagged = {m.finding for m in plot.markers if m.nonfinite}  # the NaN flag already names these
    x_hi = max((float(c.x[-1]) for c in panel.curves if c.x.size), default=0.0)
    x_lo = min((float(c.x[0]) for c in panel.curves if c.x.size), default=0.0)
    for k, s in enumerate(sh for sh in plot.shades if sh.axis == panel.axis):
        color = SEV_COLOR.get(s.severity, "#6b7280")
        ax.axvspan(s.start, s.end, color=color, alpha=0.13, lw=0)
        if labels and s.finding not in flagged:
            right = x_hi > x_lo and (s.start - x_lo) / (x_hi - x_lo) > 0.75
            ax.text(s.end if right else s.start, 0.97 - 0.08 * k, f" {s.label} ", transform=trans, color=color,
                    fontsize=9, fontweight="bold", va="top", ha="right" if right else "left", bbox=_BOX)
    keys = {c.key for c in panel.curves}
    row = 0
    for m in (m for m in plot.markers if m.axis == panel.axis):
        color = SEV_COLOR.get(m.severity, "#6b7280")
        if m.nonfinite:
            ax.axvline(m.x, color="#dc2626", ls=":", lw=1.5)
            ax.plot([m.x], [1.0], marker="v", color="#dc2626", ms=11, transform=trans, clip_on=False)
            if labels:
                ax.text(m.x, 0.96, f"{m.label} ", transform=trans, color="#dc2626", fontsize=9, fontweight="bold",
                        ha="right", va="top", bbox=_BOX)
            continue
        if m.point:
            if m.series in keys and m.y is not None:
                ax.plot([m.x], [m.y], marker="o", mfc="white", mec=color, mew=2, ms=7, ls="none", zorder=6)
            continue
        ax.axvline(m.x, color=color, ls="--", lw=1.3)
        if m.series in keys and m.y is not None and np.isfinite(m.y):
            ax.plot([m.x], [m.y], marker="o", color=color, ms=7, ls="none", zorder=6)
        if labels and panel.role != "delta":
            ax.text(m.x, 0.03 + 0.08 * (row % 3), f" {m.label}", transform=trans, color=color, fontsize=9,
                    fontweight="bold", ha="left", va="bottom", bbox=_BOX)
            row += 1
    ax.set_title(panel.title, fontsize=10, loc="left")
    ax.set_xlabel(i18n.label(panel.axis, lang), fontsize=9)
    ax.grid(alpha=0.3)
    ax.tick_params(labelsize=8)
    if panel.curves:
        ax.legend(fontsize=8, loc="best", framealpha=0.85)


def _title(rep: Report, lang: Lang) -> tuple[str, str]:
    lead = rep.primary
    verdict = i18n.verdict_line(rep, lang)
    head = f"{rep.run.name} — {verdict}"
    if lead is None:
        return head, i18n.no_findings(rep, lang)
    where = f" ({i18n.label(lead.span.axis, lang)} {lead.span.start:g}–{lead.span.end:g})" if lead.span else ""
    return f"{head}: {lead.code} {i18n.title(lead, lang)}{where}", lead.message.get(lang)


def cjk_font_files() -> list[str]:
    """Installed font files with Chinese glyphs: fontconfig's list (`fc-list :lang=zh`), else the usual places
    on macOS and Windows. Simplified-Chinese faces first."""
    files: list[str] = []
    if shutil.which("fc-list"):
        try:
            res = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=10)
            files = [line.split(":")[0].strip() for line in res.stdout.splitlines() if line.strip()]
        except (OSError, subprocess.SubprocessError):
            files = []
    for known in ("/System/Library/Fonts/PingFang.ttc", "/System/Library/Fonts/STHeiti Medium.ttc",
                  "C:/Windows/Fonts/msyh.ttc", "C:/Windows/Fonts/simhei.ttf"):
        if Path(known).exists():
            files.append(known)
    files = [f for f in dict.fromkeys(files) if f.lower().endswith((".ttf", ".otf", ".ttc"))]
    return sorted(files, key=lambda f: (not any(k in f for k in ("SC", "CJK", "wqy", "PingFang", "msyh")), f))


def _font(lang: Lang) -> tuple[Lang, str | None]:
    """The language the figure can be drawn in and the CJK font family to draw it with. Chinese needs a CJK
    font: one matplotlib already knows, else one found on disk (fontconfig) and added to matplotlib's font list
    directly, so a font installed after matplotlib built its cache works without clearing it. Without any,
    English (with a warning) rather than boxes in place of every character."""
    if lang != "zh":
        return lang, None
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    for cand in CJK_FONTS:
        if cand in names:
            return lang, cand
    for path in cjk_font_files():
        try:
            font_manager.fontManager.addfont(path)
            return lang, font_manager.FontProperties(fname=path).get_name()
        except (OSError, RuntimeError, ValueError):
            continue
    warnings.warn("no Chinese font found for the figure (install fonts-noto-cjk or fonts-wqy-microhei); drawing it "
                  "in English", stacklevel=3)
    return "en", None


def font_context(family: str | None) -> Any:
    """matplotlib settings for one figure: the CJK family first in the sans-serif list (the user's global rcParams
    are left as they were)."""
    import logging
    from contextlib import ExitStack, nullcontext

    from matplotlib import rc_context, rcParams

    if family is None:
        return nullcontext()
    stack = ExitStack()
    stack.enter_context(rc_context({"font.sans-serif": [family] + [f for f in rcParams["font.sans-serif"]
                                                                    if f != family],
                                    "font.family": "sans-serif", "axes.unicode_minus": False}))
    log = logging.getLogger("matplotlib.font_manager")  # CJK fonts often have no bold face: not worth a line
    level = log.level
    log.setLevel(logging.ERROR)
    stack.callback(log.setLevel, level)
    return stack


def figure_one(rep: Report, lang: Lang) -> Any:
    Figure = _pyplot()
    fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    plot = build(rep, lang, PNG_BUCKETS)
    loss = plot.panel("loss")
    side = plot.panel("metric") or plot.panel("delta")
    panels = [p for p in (loss, side) if p is not None] or list(plot.panels[:1])
    axes = fig.subplots(1, max(1, len(panels)), squeeze=False)[0]
    for ax, p in zip(axes, panels):
        _draw_panel(ax, plot, p, lang=lang)
    title, sub = _title(rep, lang)
    color = SEV_COLOR.get(rep.primary.severity.label, "black") if rep.primary else "#16a34a"
    fig.suptitle(title, x=0.01, ha="left", fontsize=13, fontweight="bold", color=color)
    fig.text(0.01, 0.905, textwrap.shorten(sub, 190), fontsize=9, ha="left", va="top", color="#374151")
    fig.subplots_adjust(left=0.06, right=0.985, top=0.80, bottom=0.11, wspace=0.18)
    return fig


def figure_many(reports: Sequence[Report], lang: Lang) -> Any:
    Figure = _pyplot()
    order = [reports[r.index] for r in rows(reports, lang)][:GRID_MAX]
    n_rows = -(-len(order) // GRID_COLS)
    fig = Figure(figsize=(WIDTH_IN, CELL_H_IN * n_rows + 0.6), dpi=DPI)
    axes = fig.subplots(n_rows, GRID_COLS, squeeze=False).ravel()
    for ax, rep in zip(axes, order):
        plot = build(rep, lang, 500)
        panel = plot.panel("loss")
        if panel is not None:
            _draw_panel(ax, plot, panel, labels=False, lang=lang)
        lead = rep.primary
        name = f"{lead.code} {i18n.title(lead, lang)}" if lead else i18n.verdict(rep.verdict, lang)
        color = SEV_COLOR.get(lead.severity.label, "black") if lead else "#16a34a"
        ax.set_title(f"{rep.run.name}: {name}", fontsize=9, loc="left", color=color, fontweight="bold")
    for ax in axes[len(order):]:
        ax.set_visible(False)
    note = f"  ({i18n.label('shown_runs', lang).format(n=len(order), total=len(reports))})" \
        if len(reports) > len(order) else ""
    fig.suptitle(f"lossdoctor: {len(reports)} {i18n.label('runs', lang)}{note}", x=0.01, ha="left", fontsize=12,
                 fontweight="bold")
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.6 / (CELL_H_IN * n_rows + 0.6)))
    return fig


def render(reports: Sequence[Report], lang: Lang = "en", fmt: str = "png") -> bytes | str:
    """PNG bytes or SVG text of the annotated figure (one run) or a grid of the worst runs (several)."""
    _pyplot()
    lang, family = _font(lang)
    buf = io.BytesIO()
    with font_context(family):
        fig = figure_one(reports[0], lang) if len(reports) == 1 else figure_many(reports, lang)
        fig.savefig(buf, format=fmt, dpi=DPI)
    data = buf.getvalue()
    return data.decode("utf-8") if fmt == "svg" else data
