"""LD202 vanishing_gradients: the input-side layers get gradients orders of magnitude smaller than the output side."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..findings import Cause, Finding, Severity, Span
from ..i18n import Text
from ..model import Kind
from ._confidence import confidence
from ._probe import late, layers
from ._rule import Context, Requirement, Verdict, define, opt
from .fixes_probes import non_saturating_activation, normalise_deep_net

DOC = """
## What it detects
Per-layer gradient norms that shrink with depth towards the input: over the last half of the run, the first
layer's median gradient norm is three orders of magnitude (or more) below the largest one of the layers after
it. Layers are read in the order the model registers them (input side first), which is the order the probes log
them.

## Why it matters
A layer whose gradient is 1000x smaller than the output layer's barely moves: the early layers stay near their
initialisation, and the network trains like a much shallower one (or not at all). Saturating activations
(sigmoid, tanh) and deep stacks without normalisation or residual connections are the classic causes.

## How to fix
Use ReLU/GELU in hidden layers, an initialisation matched to the activation (He for ReLU, Xavier for tanh),
normalisation layers and residual connections in deep networks.

## Thresholds
At least 2 layers with at least 3 finite, non-zero points each. Ratio = median(first layer) / max over later layers
of their median, over the last 50% of the points; <= 1e-3 is a warning (<= 1e-5 an error). A layer with an exactly
zero gradient is frozen, not vanishing (frozen_parameters), and is left out.
"""


@dataclass(frozen=True)
class Options:
    min_points: int = opt(3, "three samples show the ratio is not one batch's accident")
    late_share: float = opt(0.5, "judge the second half of the run, after the first steps reshaped the gradients")
    ratio: float = opt(1e-3, "three orders of magnitude between the input and output sides: initialised and "
                             "normalised networks stay within about 10-100x")
    severe_ratio: float = opt(1e-5, "five orders of magnitude: the input side does not learn at all")


@dataclass(frozen=True)
class Evidence:
    first: str
    first_level: float
    top: str
    top_level: float
    ratio: float
    points: int
    axis: str
    start: float
    end: float
    chain: tuple[tuple[str, float], ...]  # every layer's median, depth order
    keys: tuple[str, ...]


def measure(ctx: Context, o: Options) -> Evidence | None:
    levels = []
    for la in layers(ctx.run, Kind.GRAD_NORM):
        tail = late(la.series.values, o.late_share)
        tail = np.abs(tail[tail != 0])
        if tail.size >= min(o.min_points, 2) and la.finite.size >= o.min_points:
            levels.append((la, float(np.median(tail))))
    if len(levels) < 2:
        return None
    (first, f_level), rest = levels[0], levels[1:]
    top, t_level = max(rest, key=lambda x: x[1])
    s = first.series
    n = len(s)
    start = float(s.steps[n - max(1, int(round(n * o.late_share)))])
    return Evidence(first.module, f_level, top.module, t_level, f_level / t_level if t_level > 0 else math.inf,
                    min(first.finite.size, top.finite.size), s.axis.value, start, float(s.steps[-1]),
                    tuple((la.module, lv) for la, lv in levels), (first.series.key, top.series.key))


def judge(e: Evidence, o: Options) -> Verdict | None:
    if not e.ratio <= o.ratio:
        return None
    return Verdict(Severity.ERROR if e.ratio <= o.severe_ratio else Severity.WARNING,
                   confidence(math.log10(1.0 / max(e.ratio, 1e-300)), math.log10(1.0 / o.ratio), e.points))


def explain(e: Evidence, v: Verdict, o: Options) -> Finding:
    chain = " > ".join(f"{m} {lv:.2g}" for m, lv in reversed(e.chain[-6:]))
    return Finding(
        code="LD202", name="vanishing_gradients", severity=v.severity,
        message=Text(f"The gradient of {e.first} ({e.first_level:.3g}) is {1 / e.ratio:.3g}x smaller than that of "
                     f"{e.top} ({e.top_level:.3g}) over the last half of the run; by depth: {chain}.",
                     f"在训练后半段，{e.first} 的梯度（{e.first_level:.3g}）比 {e.top} 的（{e.top_level:.3g}）小 "
                     f"{1 / e.ratio:.3g} 倍；按深度：{chain}。"),
        span=Span(e.axis, e.start, e.end),
        evidence={"first_layer": e.first, "first_level": e.first_level, "largest_layer": e.top,
                  "largest_level": e.top_level, "ratio": e.ratio, "per_layer_median": dict(e.chain)},
        causes=(
            Cause("vanishing_gradients", 0.6, Text("the gradient shrinks layer by layer towards the input",
                                                   "梯度向输入端逐层衰减")),
            Cause("bad_initialization", 0.35, Text("weights initialised too small shrink the gradient at every layer",
                                                   "初始化过小的权重在每一层都会缩小梯度")),
        ),
        fixes=(normalise_deep_net(), non_saturating_activation()),
        series=e.keys,
        experiment=Text("Add a normalisation layer after every hidden layer (or switch the activations to ReLU) "
                        "and compare the per-layer gradient norms after a hundred steps.",
                        "在每个隐藏层后加入归一化层（或把激活函数换成 ReLU），训练一百步后比较各层梯度范数。"),
    )


vanishing_gradients = define(
    code="LD202", name="vanishing_gradients", severity=Severity.ERROR, requires=(Requirement(Kind.GRAD_NORM),),
    summary=Text("Input-side layers get gradients orders of magnitude smaller than the output side.",
                 "靠近输入的层得到的梯度比输出端小几个数量级。"),
    options=Options, measure=measure, judge=judge, explain=explain, doc=DOC)
