"""LD204 saturated_activations: sigmoid/tanh hidden units stuck at their bounds, where they pass no gradient."""
from __future__ import annotations

from dataclasses import dataclass

from ..findings import Cause, Finding, Severity, Span
from ..i18n import Text
from ..model import Kind
from ._confidence import confidence
from ._probe import Shares, fmt_layers, measure_shares
from ._rule import Context, Requirement, Verdict, define, opt
from .fixes_probes import non_saturating_activation
from .fixes_training import normalize_inputs

DOC = """
## What it detects
Hidden sigmoid or tanh layers where half or more of the outputs sit within 1% of the activation's bounds
(sigmoid below 0.01 or above 0.99, |tanh| above 0.99), over the last half of the run. The model's output layer is
not probed: a confident sigmoid output is meant to be near 0 or 1.

## Why it matters
The derivative there is below 0.01 (sigmoid's is at most 0.25, tanh's 1): a saturated unit passes almost no
gradient, so it and everything before it stop learning. It is how vanishing gradients start in networks with
saturating activations.

## How to fix
Use ReLU/GELU in hidden layers; if sigmoid/tanh must stay, normalise the inputs, use Xavier initialisation, and
put a normalisation layer before the activation.

## Thresholds
At least 3 probed points per layer. Median saturated share over the last 50% of the points >= 50%: warning; >= 90%:
error. Saturation margin: 1% of the output range.
"""


@dataclass(frozen=True)
class Options:
    min_points: int = opt(3, "three probed batches show the layer stays saturated")
    late_share: float = opt(0.5, "judge the second half of the run")
    saturated_share: float = opt(0.5, "half the outputs at a bound: half the layer passes almost no gradient")
    severe_share: float = opt(0.9, "nine outputs in ten at a bound: the layer has stopped learning")


def measure(ctx: Context, o: Options) -> Shares | None:
    return measure_shares(ctx.run, Kind.SATURATION, o.late_share, o.saturated_share, o.min_points)


def judge(e: Shares, o: Options) -> Verdict:
    return Verdict(Severity.ERROR if e.worst.level >= o.severe_share else Severity.WARNING,
                   confidence(e.worst.level, o.saturated_share, e.worst.points))


def explain(e: Shares, v: Verdict, o: Options) -> Finding:
    w = e.worst
    listed = fmt_layers([(x.module, x.level) for x in e.layers])
    from_start = w.first >= o.saturated_share
    return Finding(
        code="LD204", name="saturated_activations", severity=v.severity,
        message=Text(f"{w.module}: {w.level:.0%} of its outputs sit at the activation's bounds (first probe "
                     f"{w.first:.0%}), where the gradient is below 1% of its peak; saturated layers: {listed} of "
                     f"{e.all_layers} probed).",
                     f"{w.module}：{w.level:.0%} 的输出停在激活函数的边界（首次探测 {w.first:.0%}），"
                     f"那里的梯度不到峰值的 1%；饱和的层：{listed}（共探测 {e.all_layers} 层）。"),
        span=Span(e.axis, w.crossed if w.crossed == w.crossed else e.end, e.end),
        evidence={"layer": w.module, "saturated_share": w.level, "saturated_share_first": w.first,
                  "since_step": w.crossed, "layers": {x.module: x.level for x in e.layers}},
        causes=(
            Cause("unnormalized_input", 0.45 if from_start else 0.3,
                  Text("large inputs drive the pre-activations far from zero", "过大的输入让激活前值远离 0")),
            Cause("bad_initialization", 0.4 if from_start else 0.2,
                  Text("weights initialised too large for a saturating activation", "对饱和型激活函数来说初始化权重过大")),
            Cause("lr_too_high", 0.15 if from_start else 0.45,
                  Text("large updates grew the weights until the units saturated", "过大的更新让权重不断增大直至神经元饱和")),
            Cause("vanishing_gradients", 0.3, Text("saturated units pass almost no gradient to the layers before them",
                                                   "饱和的神经元几乎不向前面的层传递梯度")),
        ),
        fixes=(non_saturating_activation(), normalize_inputs()),
        series=tuple(x.key for x in e.layers),
        experiment=Text("Standardise the inputs (zero mean, unit variance) and re-initialise with Xavier; if the "
                        "saturated share falls below 10%, the scale was the cause.",
                        "把输入标准化（均值 0、方差 1）并用 Xavier 重新初始化；若饱和比例降到 10% 以下，原因就是数值尺度。"),
    )


saturated_activations = define(
    code="LD204", name="saturated_activations", severity=Severity.ERROR,
    requires=(Requirement(Kind.SATURATION),),
    summary=Text("Hidden sigmoid/tanh units stuck at their bounds, passing no gradient.",
                 "隐藏层 sigmoid/tanh 神经元停在边界，几乎不传递梯度。"),
    options=Options, measure=measure, judge=judge, explain=explain, doc=DOC)
