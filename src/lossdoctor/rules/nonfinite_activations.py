"""LD207 nonfinite_activations: the first module (or the batch, or the loss) that produced a NaN or inf."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import probekeys
from ..findings import Cause, Finding, Mark, Severity, Span
from ..i18n import Text
from ..model import Kind
from ._confidence import certain
from ._rule import Context, Requirement, Verdict, define, opt
from .fixes import gradient_clipping, lower_lr
from .fixes_probes import find_nonfinite_source

DOC = """
## What it detects
Where the first non-finite value came from, as the probes located it when a gradient turned NaN/inf: the batch
itself, a module whose own weights were already non-finite, the first module whose forward output overflowed from
finite inputs and weights, the loss computed from a finite output, or the module whose backward pass turned a
finite gradient non-finite. Under torch.distributed, the rank it happened on. Without a location (a log that only
counted non-finite steps), the first step with non-finite gradients.

## Why it matters
A NaN spreads to every weight in one update, after which every layer is NaN and the origin is lost. Naming the
module and the step turns "the loss is NaN" into a place to look: an overflowing layer, a log(0) in the loss, a
corrupt sample.

## How to fix
For a layer: lower the learning rate (or that layer's), clip gradients, normalise its input (a norm layer before
it). For the loss: compute it from logits with the fused loss. For the batch: check the data pipeline. Steps that
mixed-precision loss scaling skips never reach the optimizer and are not counted.

## Thresholds
None: one located non-finite value is a finding (an error). The earliest located one leads; later ones are listed.
"""


@dataclass(frozen=True)
class Options:
    max_listed: int = opt(4, "other locations listed in the message")


@dataclass(frozen=True)
class Evidence:
    where: str  # input, weights, forward, loss, backward, or '' when only counts were logged
    module: str
    rank: int | None
    step: float
    share: float
    key: str
    axis: str
    end: float
    others: tuple[str, ...]
    count_steps: int  # steps with non-finite gradients (from the 'nonfinite' count series)


def measure(ctx: Context, o: Options) -> Evidence | None:
    located, count = [], None
    for s in ctx.run.find_all(Kind.NONFINITE):
        k = probekeys.parse(s.key)
        hit = np.flatnonzero(np.isfinite(s.values) & (s.values > 0) | ~np.isfinite(s.values))
        if k is None or not hit.size:
            continue
        if k.where:
            located.append((float(s.steps[hit[0]]), k, s, hit[0]))
        elif not k.module and k.rank is None:
            count = (s, hit)
    order = {w: i for i, w in enumerate(probekeys.WHERE)}
    located.sort(key=lambda x: (x[0], order.get(x[1].where, 9), x[1].rank or 0))
    steps = int(count[1].size) if count else 0
    if located:
        step, k, s, i = located[0]
        return Evidence(k.where, k.module, k.rank, step, float(s.values[i]), s.key, s.axis.value, float(s.steps[-1]),
                        tuple(x[2].key for x in located[1:]), steps)
    if count is None:
        return None
    s, hit = count
    return Evidence("", "", None, float(s.steps[hit[0]]), float("nan"), s.key, s.axis.value, float(s.steps[-1]), (),
                    steps)


def judge(e: Evidence, o: Options) -> Verdict:
    return Verdict(Severity.ERROR, certain(20))


_WHAT = {
    "input": ("the batch itself held NaN/inf ({share} of its values)", "批数据本身含有 NaN/inf（占 {share}）"),
    "weights": ("{module}'s own weights were already non-finite: an earlier update overflowed them",
                "{module} 自身的权重已经是非有限值：之前的某次更新让它们溢出"),
    "forward": ("{module} produced NaN/inf in the forward pass from finite inputs and weights ({share} of its "
                "output)", "{module} 在前向传播中由有限的输入和权重产生了 NaN/inf（占其输出的 {share}）"),
    "loss": ("the forward pass was finite but the loss was not (log(0), a division by zero, labels outside the "
             "loss's range)", "前向传播是有限的，损失却不是（log(0)、除以零或标签超出损失的取值范围）"),
    "backward": ("{module} turned a finite gradient into NaN/inf in the backward pass",
                 "{module} 在反向传播中把有限的梯度变成了 NaN/inf"),
}


def explain(e: Evidence, v: Verdict, o: Options) -> Finding:
    ue, uz = ("epoch", "轮") if e.axis == "epoch" else ("step", "步")
    share = f"{e.share:.0%}" if e.share == e.share and e.share < 1 else "all"
    if e.where in _WHAT and (e.module or e.where in ("input", "loss")):
        en, zh = _WHAT[e.where]
        what = Text(en.format(module=e.module, share=share), zh.format(module=e.module, share=share))
    elif e.where:
        what = Text(f"the {e.where} pass produced NaN/inf (replay the batch with a loss closure to name the module)",
                    f"{e.where} 过程产生了 NaN/inf（提供可重算损失的闭包即可定位到模块）")
    else:
        what = Text(f"gradients were NaN/inf on {e.count_steps} step(s)", f"有 {e.count_steps} 步的梯度是 NaN/inf")
    rank_en = f" on rank {e.rank}" if e.rank is not None else ""
    rank_zh = f"（rank {e.rank}）" if e.rank is not None else ""
    others = list(e.others[: o.max_listed])
    more_en = f" Later: {', '.join(others)}." if others else ""
    more_zh = f" 之后：{', '.join(others)}。" if others else ""
    by_where = {
        "input": (("unnormalized_input", 0.6, "NaN or inf values in the data", "数据中有 NaN 或 inf"),),
        "loss": (("label_or_loss_misconfig", 0.7, "a loss that is not finite on a finite output",
                  "输出有限而损失不是有限值"),),
        "backward": (("exploding_gradients", 0.5, "a gradient that overflowed on its way back",
                      "梯度在反向传播中溢出"), ("lr_too_high", 0.3, "weights grown large by big steps amplify it",
                                         "大步长使权重变大，从而放大梯度")),
    }.get(e.where, (("lr_too_high", 0.5, "large steps grew the weights until a layer overflowed",
                     "过大的步长使权重增长，直到某层溢出"),
                    ("exploding_gradients", 0.35, "growing gradients feed ever larger updates",
                     "不断增大的梯度带来越来越大的更新"),
                    ("unnormalized_input", 0.2, "large inputs give large activations", "过大的输入导致过大的激活值")))
    return Finding(
        code="LD207", name="nonfinite_activations", severity=v.severity,
        message=Text(f"At {ue} {e.step:g}{rank_en}: {what.en}.{more_en}",
                     f"第 {e.step:g} {uz}{rank_zh}：{what.zh}。{more_zh}"),
        span=Span(e.axis, e.step, e.end),
        evidence={"where": e.where, "module": e.module, "rank": e.rank, "first_step": e.step,
                  "nonfinite_share": e.share, "later": list(e.others), "nonfinite_gradient_steps": e.count_steps},
        marks=(Mark("first_step", (e.step,)),),
        causes=tuple(Cause(c, p, Text(en, zh)) for c, p, en, zh in by_where),
        fixes=(find_nonfinite_source(), lower_lr(), gradient_clipping()),
        series=(e.key, *e.others),
        experiment=Text("Rerun from the last checkpoint with the learning rate halved and gradient clipping on; "
                        "if the same module overflows later or not at all, the updates were too large.",
                        "从最近的检查点重新训练，学习率减半并开启梯度裁剪；若同一模块推迟溢出或不再溢出，说明更新步长过大。"),
    )


nonfinite_activations = define(
    code="LD207", name="nonfinite_activations", severity=Severity.ERROR, requires=(Requirement(Kind.NONFINITE),),
    summary=Text("The first module, batch or loss that produced a NaN or inf.",
                 "第一个产生 NaN 或 inf 的模块、批数据或损失。"),
    options=Options, measure=measure, judge=judge, explain=explain, doc=DOC)
