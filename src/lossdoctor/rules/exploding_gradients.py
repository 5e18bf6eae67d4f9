"""LD201 exploding_gradients: the gradient norm grows by orders of magnitude above its own early level."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..findings import Cause, Finding, Mark, Severity, Span
from ..i18n import Text
from ..model import Kind
from ._confidence import confidence
from ._probe import layers, total
from ._rule import Context, Requirement, Verdict, define, opt
from .fixes import gradient_clipping, lower_lr
from .fixes_training import lr_warmup

DOC = """
## What it detects
The gradient norm (the whole model's, or the largest layer's when only layers are logged) rising two orders of
magnitude or more above its own early level and staying there for several points: the updates grow faster than
the loss can absorb them. The layer whose gradient grew most is named when per-layer norms are logged.

## Why it matters
Each step moves the weights by the learning rate times the gradient; once the gradient has grown 100x the
steps are 100x larger than at the start, the loss jumps or climbs, and the run ends in inf/NaN a few steps
later. Catching the growth gives the cause before the NaN hides it.

## How to fix
Clip the gradient norm (1.0 is a common value), lower the learning rate or add a warm-up, and check the
initialisation and the input scale. Under mixed precision, a gradient that is inf on isolated steps while the
loss scaler lowers its scale is normal: those steps are skipped and are not counted here.

## Thresholds
At least 5 finite points. The early level is the median of the first 20% of the finite points (after the first
point); the peak is the highest median of three consecutive points after that (a single spike is loss_spikes'
business). Growth >= 100x: warning; >= 10000x or a norm that turns non-finite for good after growing: error.
Isolated non-finite points followed by finite ones (mixed-precision skipped steps) are ignored.
"""


@dataclass(frozen=True)
class Options:
    min_points: int = opt(5, "fewer points cannot separate growth from the first steps' own noise")
    early_share: float = opt(0.2, "the early level is the median of the first fifth of the points")
    growth: float = opt(100.0, "two orders of magnitude above the early level: healthy runs keep the gradient "
                               "norm within about 10x of it after the first steps")
    severe_growth: float = opt(1e4, "four orders of magnitude: the run is about to overflow")


@dataclass(frozen=True)
class Evidence:
    key: str
    axis: str
    points: int
    early: float
    early_end: float
    peak: float
    peak_step: float
    start: float  # the first point above `growth` x early
    end: float
    ratio: float
    ended_nonfinite: bool
    skipped: int  # isolated non-finite points (mixed-precision skipped steps), ignored
    layer: str
    layer_ratio: float


def _growth(v: np.ndarray, steps: np.ndarray, o: Options) -> tuple[float, float, float, int, float, float] | None:
    finite = np.isfinite(v)
    idx = np.flatnonzero(finite)
    if idx.size < o.min_points:
        return None
    body = idx[1:] if idx.size > o.min_points else idx
    k = max(1, int(round(body.size * o.early_share)))
    early = float(np.median(np.abs(v[body[:k]])))
    rest = body[k:]
    if rest.size < 3 or early <= 0:
        return None
    vals = np.abs(v[rest])
    med3 = np.array([np.median(vals[i:i + 3]) for i in range(vals.size - 2)])
    j = int(np.argmax(med3))
    peak = float(med3[j])
    over = np.flatnonzero(vals > o.growth * early)
    start = float(steps[rest[over[0]]]) if over.size else float(steps[rest[j]])
    return early, float(steps[body[k - 1]]), peak, int(rest[j + 1]), start, peak / early


def measure(ctx: Context, o: Options) -> Evidence | None:
    s = total(ctx.run, Kind.GRAD_NORM)
    per_layer = layers(ctx.run, Kind.GRAD_NORM)
    if s is None and per_layer:
        s = max((la.series for la in per_layer), key=lambda x: float(np.nanmax(np.abs(x.values)))
                if np.isfinite(x.values).any() else -1.0)
    if s is None:
        return None
    g = _growth(s.values, s.steps, o)
    if g is None:
        return None
    early, early_end, peak, peak_i, start, ratio = g
    bad = ~np.isfinite(s.values)
    last_finite = int(np.flatnonzero(~bad)[-1])
    ended_nonfinite = bool(bad[-1])
    skipped = int(bad[: last_finite + 1].sum())
    top, top_ratio = "", math.nan
    for la in per_layer:
        gl = _growth(la.series.values, la.series.steps, o)
        if gl is not None and (not top or gl[5] > top_ratio):
            top, top_ratio = la.module, gl[5]
    return Evidence(s.key, s.axis.value, len(s), early, early_end, peak, float(s.steps[peak_i]), start,
                    float(s.steps[-1]), ratio, ended_nonfinite, skipped, top, top_ratio)


def judge(e: Evidence, o: Options) -> Verdict | None:
    if e.ratio < o.growth:
        return None
    severe = e.ratio >= o.severe_growth or e.ended_nonfinite
    return Verdict(Severity.ERROR if severe else Severity.WARNING,
                   confidence(math.log10(e.ratio), math.log10(o.growth), e.points))


def explain(e: Evidence, v: Verdict, o: Options) -> Finding:
    ue, uz = ("epoch", "轮") if e.axis == "epoch" else ("step", "步")
    layer_en = f" Fastest-growing layer: {e.layer} ({e.layer_ratio:.3g}x)." if e.layer else ""
    layer_zh = f" 增长最快的层：{e.layer}（{e.layer_ratio:.3g} 倍）。" if e.layer else ""
    end_en = " It then became non-finite." if e.ended_nonfinite else ""
    end_zh = " 之后变成了非有限值。" if e.ended_nonfinite else ""
    return Finding(
        code="LD201", name="exploding_gradients", severity=v.severity,
        message=Text(f"{e.key} grew {e.ratio:.3g}x: from {e.early:.3g} (median up to {ue} {e.early_end:g}) to "
                     f"{e.peak:.3g} around {ue} {e.peak_step:g}.{end_en}{layer_en}",
                     f"{e.key} 增长了 {e.ratio:.3g} 倍：从 {e.early:.3g}（第 {e.early_end:g} {uz}前的中位数）升到第 "
                     f"{e.peak_step:g} {uz}附近的 {e.peak:.3g}。{end_zh}{layer_zh}"),
        span=Span(e.axis, e.start, e.end),
        evidence={"series": e.key, "early_level": e.early, "early_until_step": e.early_end, "peak": e.peak,
                  "peak_step": e.peak_step, "growth": e.ratio, "ended_nonfinite": e.ended_nonfinite,
                  "skipped_nonfinite_points": e.skipped, "layer": e.layer, "layer_growth": e.layer_ratio},
        marks=(Mark("peak_step", (e.peak_step,)),),
        causes=(
            Cause("lr_too_high", 0.5, Text("steps proportional to a growing gradient overshoot further each time",
                                           "与不断增大的梯度成比例的步长每次都冲得更远")),
            Cause("bad_initialization", 0.25, Text("weights initialised too large amplify the gradient through depth",
                                                   "初始化过大的权重会逐层放大梯度")),
            Cause("unnormalized_input", 0.2, Text("large raw inputs give large gradients in the first layer",
                                                  "未归一化的大输入会让第一层梯度很大")),
        ),
        fixes=(gradient_clipping(), lower_lr(), lr_warmup()),
        series=(e.key,),
        experiment=Text("Rerun with clip_grad_norm_(max_norm=1.0): if the loss then decreases smoothly, the "
                        "gradient growth was the problem; if it still diverges, lower the learning rate 10x.",
                        "开启 clip_grad_norm_(max_norm=1.0) 重新训练：若损失随之平稳下降，问题在梯度增长；"
                        "若仍发散，再把学习率降低 10 倍。"),
    )


exploding_gradients = define(
    code="LD201", name="exploding_gradients", severity=Severity.ERROR, requires=(Requirement(Kind.GRAD_NORM),),
    summary=Text("The gradient norm grows by orders of magnitude above its early level.",
                 "梯度范数比早期水平增长了几个数量级。"),
    options=Options, measure=measure, judge=judge, explain=explain, doc=DOC)
