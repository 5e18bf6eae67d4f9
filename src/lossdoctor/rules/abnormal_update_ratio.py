"""LD205 abnormal_update_ratio: each step changes a layer's weights by far too much (or far too little)."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..findings import Cause, Finding, Severity, Span
from ..i18n import Text
from ..model import Kind, Split
from ..stats import noise_level
from ._confidence import confidence
from ._probe import fmt_layers, late, layers, median
from ._rule import Context, Requirement, Verdict, define, opt
from .fixes import gradient_clipping, lower_lr
from .fixes_training import lr_range_test, raise_lr

DOC = """
## What it detects
The update-to-weight ratio ||w_t - w_(t-1)|| / ||w_(t-1)|| of each layer. A common rule of thumb puts a healthy
step near 1e-3 of the weights' size; the rule flags layers two orders of magnitude above it for several
consecutive samples (>= 0.1: every step rewrites a tenth of the layer), or three below it over the last half of
the run (<= 1e-6: the layer effectively stopped changing while the learning rate is still up).

## Why it matters
A ratio that high means the steps are as large as the weights themselves: training is noisy at best and
diverges at worst. A ratio that low means the layer no longer learns: a learning rate too small for it, or
gradients that vanished before reaching it.

## How to fix
Too high: lower the learning rate (or that layer's parameter group), add a warm-up or gradient clipping. Too low:
raise the learning rate (an LR range test finds the scale), check the gradients reaching that layer.

## Thresholds
At least 3 finite points per layer. High: the median of 3 consecutive points >= 0.1 anywhere in the run (warning;
>= 1: error). A high ratio below 1 while the training loss falls by more than 3 times its own step-to-step noise
(its last third against its first point, at least 4 points, never that far above its start; the noise from second
differences, so a steady trend does not count as noise) is a note, not a warning: Adam's first steps on small
initial weights are large and settle by themselves; large steps that make progress are not a fault. Low: the median over the last 50% of the points <= 1e-6, and not exactly 0 (a layer that never changes is frozen_parameters'). A low ratio is not reported
when the logged learning rate ended below 1% of its peak (a schedule that decays to ~0 is meant to stop).
"""


@dataclass(frozen=True)
class Options:
    min_points: int = opt(3, "three samples show the ratio is sustained")
    late_share: float = opt(0.5, "judge the second half of the run, after warm-up and the first large steps")
    sustained: int = opt(3, "a high ratio must hold for this many consecutive samples (the median of the window)")
    high: float = opt(0.1, "two orders of magnitude above the ~1e-3 rule of thumb: each step rewrites a tenth of "
                           "the layer")
    severe_high: float = opt(1.0, "steps as large as the weights themselves")
    low: float = opt(1e-6, "three orders of magnitude below the rule of thumb: the layer has stopped changing")
    progress_noise: float = opt(3.0, "a training loss that fell by this many times its step-to-step noise shows the "
                                     "large steps are making progress")
    decayed_lr: float = opt(0.01, "a learning rate that ended below this share of its peak is meant to stop "
                                  "the updates")


@dataclass(frozen=True)
class Evidence:
    direction: str  # "high" or "low"
    layers: tuple[tuple[str, float], ...]  # (module, median ratio), most abnormal first
    keys: tuple[str, ...]
    points: int
    axis: str
    start: float
    end: float
    loss_falls: bool  # the training loss fell clearly over the run: the large steps make progress


def _lr_decayed(ctx: Context, o: Options) -> bool:
    lr = ctx.run.find(Kind.LR, Split.NONE) or ctx.run.find(Kind.LR, Split.TRAIN)
    if lr is None:
        return False
    f = lr.values[np.isfinite(lr.values)]
    return bool(f.size and f.max() > 0 and f[-1] < o.decayed_lr * f.max())


def _loss_falls(ctx: Context, o: Options) -> bool:
    """The training loss's last third sits below its first point by more than `progress_noise` times its noise,
    and it never climbed that far above its start (large steps that threw the loss up are not progress)."""
    losses = ctx.run.find_all(Kind.LOSS, Split.TRAIN)  # the densest one: per step where both are logged
    v = max((s.values[np.isfinite(s.values)] for s in losses), key=len, default=np.empty(0))
    if v.size < 4:
        return False
    noise = noise_level(v)  # from second differences: a trend is not noise
    drop = float(v[0] - np.median(v[-max(1, v.size // 3):]))
    rise = float(v.max() - v[0])
    return drop > o.progress_noise * noise and drop > 0 and rise <= o.progress_noise * noise


def _sustained_peak(v: np.ndarray, n: int) -> float:
    """The highest median of `n` consecutive points: a level held for n samples, not one step's spike."""
    if v.size < n:
        return float("nan")
    return float(max(np.median(v[i:i + n]) for i in range(v.size - n + 1)))


def measure(ctx: Context, o: Options) -> Evidence | None:
    high, low = [], []
    points, ref = 0, None
    for la in layers(ctx.run, Kind.UPDATE_RATIO):
        if la.finite.size < o.min_points:
            continue
        peak = _sustained_peak(la.finite, o.sustained)
        tail = late(la.series.values, o.late_share)
        m = median(tail)
        if peak >= o.high:
            high.append((la, peak))
        elif 0 < m <= o.low and not np.any(tail == 0):
            low.append((la, m))
    if high:
        chosen, direction = sorted(high, key=lambda x: -x[1]), "high"
    elif low and not _lr_decayed(ctx, o):
        chosen, direction = sorted(low, key=lambda x: x[1]), "low"
    else:
        return None
    ref = chosen[0][0].series
    points = min(la.finite.size for la, _ in chosen)
    n = len(ref)
    return Evidence(direction, tuple((la.module, m) for la, m in chosen), tuple(la.series.key for la, _ in chosen),
                    points, ref.axis.value, float(ref.steps[n - max(1, int(round(n * o.late_share)))]),
                    float(ref.steps[-1]), direction == "high" and _loss_falls(ctx, o))


def judge(e: Evidence, o: Options) -> Verdict:
    m = e.layers[0][1]
    if e.direction == "high":
        severity = Severity.ERROR if m >= o.severe_high else Severity.INFO if e.loss_falls else Severity.WARNING
        return Verdict(severity,
                       confidence(math.log10(m / 1e-3), math.log10(o.high / 1e-3), e.points))
    return Verdict(Severity.WARNING, confidence(math.log10(1e-3 / m), math.log10(1e-3 / o.low), e.points))


def explain(e: Evidence, v: Verdict, o: Options) -> Finding:
    listed = fmt_layers(list(e.layers), "{:.2g}")
    if e.direction == "high":
        msg = Text(f"Each step changes the weights by {e.layers[0][1]:.2g} of their size in {e.layers[0][0]} "
                   f"(held for {o.sustained} consecutive samples; about 1e-3 is typical); layers above {o.high:g}: "
                   f"{listed}.",
                   f"{e.layers[0][0]} 每一步改变的权重达其大小的 {e.layers[0][1]:.2g}（连续 {o.sustained} 次采样；"
                   f"常见约 1e-3）；"
                   f"超过 {o.high:g} 的层：{listed}。")
        if v.severity is Severity.INFO:
            msg = Text(msg.en + " The training loss falls clearly meanwhile, so the steps make progress: watch it, and "
                       "lower the learning rate only if the loss turns noisy or stalls.",
                       msg.zh + "同时训练损失明显下降，说明这些步长在推进：继续观察，仅当损失变得嘈杂或停滞时再降低学习率。")
        causes = (Cause("lr_too_high", 0.7, Text("steps this large come from a learning rate too high for the layer",
                                                 "如此大的步长来自对该层而言过高的学习率")),
                  Cause("exploding_gradients", 0.3, Text("or from gradients that grew large", "或来自变大的梯度")),
                  Cause("bad_initialization", 0.15, Text("tiny initial weights make any step large relative to them",
                                                         "初始权重过小，任何步长相对它都很大")))
        fixes = (lower_lr(), gradient_clipping())
    else:
        msg = Text(f"Each step changes the weights of {e.layers[0][0]} by only {e.layers[0][1]:.2g} of their size "
                   f"(median over the last half; about 1e-3 is typical): the layer has stopped learning; "
                   f"layers below {o.low:g}: {listed}.",
                   f"{e.layers[0][0]} 每一步只改变其权重大小的 {e.layers[0][1]:.2g}（后半段中位数；常见约 1e-3）："
                   f"该层已停止学习；低于 {o.low:g} 的层：{listed}。")
        causes = (Cause("lr_too_low", 0.6, Text("the learning rate is too small for the scale of this layer",
                                                "学习率相对该层的尺度太小")),
                  Cause("vanishing_gradients", 0.4, Text("or almost no gradient reaches the layer",
                                                         "或几乎没有梯度到达该层")))
        fixes = (raise_lr(), lr_range_test())
    return Finding(
        code="LD205", name="abnormal_update_ratio", severity=v.severity, message=msg,
        span=Span(e.axis, e.start, e.end),
        evidence={"direction": e.direction, "layer": e.layers[0][0], "median_ratio": e.layers[0][1],
                  "layers": dict(e.layers), "typical": 1e-3},
        causes=causes, fixes=fixes, series=e.keys,
        experiment=Text("Change the learning rate 10x in the direction suggested and watch the ratio of the same "
                        "layer settle near 1e-3.", "按建议方向把学习率调整 10 倍，观察同一层的比值是否稳定在 1e-3 附近。"),
    )


abnormal_update_ratio = define(
    code="LD205", name="abnormal_update_ratio", severity=Severity.ERROR, requires=(Requirement(Kind.UPDATE_RATIO),),
    summary=Text("Each step changes a layer's weights by far too much, or far too little.",
                 "每一步对某层权重的改变过大或过小。"),
    options=Options, measure=measure, judge=judge, explain=explain, doc=DOC)
