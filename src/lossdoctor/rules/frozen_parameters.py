"""LD206 frozen_parameters: a trainable layer whose weights never change while the others learn."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..findings import Cause, Finding, Severity, Span
from ..i18n import Text
from ..model import Kind
from ._confidence import certain
from ._probe import layers
from ._rule import Context, Requirement, Verdict, define, opt
from .fixes_probes import update_every_parameter

DOC = """
## What it detects
Layers whose parameters require gradients but did not change at all (update ratio exactly 0) at every probed
step, while other layers of the same model did change. Whether the layer received a gradient (its gradient norm,
when logged) tells the two usual bugs apart.

## Why it matters
The layer keeps its initial random weights: the network trains with part of itself missing, and nothing in the
loss curve says so. Layers frozen on purpose (`requires_grad=False`, Keras `trainable=False`) are not probed and
never reported.

## How to fix
A gradient but no change: the parameters are not in the optimizer (it was built before the layer was added or
replaced, or from a sub-module) or their group's learning rate is 0. No gradient: the layer's output does not
reach the loss, or is cut by `.detach()` / `torch.no_grad()`.

## Thresholds
At least 3 probed points, every one exactly 0, and at least one other layer with a non-zero ratio.
"""


@dataclass(frozen=True)
class Options:
    min_points: int = opt(3, "three probed steps without any change is not a skipped step")


@dataclass(frozen=True)
class Evidence:
    frozen: tuple[str, ...]
    with_grad: tuple[str, ...]  # frozen layers that did receive a non-zero gradient
    without_grad: tuple[str, ...]
    moving: int  # layers that changed
    points: int
    keys: tuple[str, ...]
    axis: str
    start: float
    end: float


def measure(ctx: Context, o: Options) -> Evidence | None:
    frozen, keys, moving, points = [], [], 0, 0
    first = None
    for la in layers(ctx.run, Kind.UPDATE_RATIO):
        f = la.finite
        if f.size >= o.min_points and np.all(f == 0):
            frozen.append(la.module)
            keys.append(la.series.key)
            points = max(points, int(f.size))
            first = first or la.series
        elif np.any(f > 0):
            moving += 1
    if not frozen or not moving or first is None:
        return None
    grads = {la.module: la.finite for la in layers(ctx.run, Kind.GRAD_NORM)}
    with_grad = tuple(m for m in frozen if m in grads and np.any(grads[m] > 0))
    without = tuple(m for m in frozen if m in grads and grads[m].size and np.all(grads[m] == 0))
    return Evidence(tuple(frozen), with_grad, without, moving, points, tuple(keys), first.axis.value,
                    float(first.steps[0]), float(first.steps[-1]))


def judge(e: Evidence, o: Options) -> Verdict:
    return Verdict(Severity.WARNING, certain(e.points))


def explain(e: Evidence, v: Verdict, o: Options) -> Finding:
    names = ", ".join(e.frozen[:6]) + (f" (+{len(e.frozen) - 6} more)" if len(e.frozen) > 6 else "")
    why_en = (" They receive gradients, so the optimizer does not update them (not in its parameter groups, or a "
              "learning rate of 0)." if e.with_grad and not e.without_grad else
              " They receive no gradient: their output does not reach the loss, or is detached." if e.without_grad
              and not e.with_grad else "")
    why_zh = ("它们有梯度，却没被优化器更新（不在其参数组中，或学习率为 0）。" if e.with_grad and not e.without_grad else
              "它们没有梯度：输出没有连到损失，或被 detach 了。" if e.without_grad and not e.with_grad else "")
    not_in_opt = 0.7 if e.with_grad else 0.35
    return Finding(
        code="LD206", name="frozen_parameters", severity=v.severity,
        message=Text(f"{names}: trainable but unchanged at all {e.points} probed steps while {e.moving} other "
                     f"layer(s) learned.{why_en}",
                     f"{names}：可训练，但在全部 {e.points} 次探测中都没有变化，而另外 {e.moving} 层在学习。{why_zh}"),
        span=Span(e.axis, e.start, e.end),
        evidence={"layers": list(e.frozen), "with_gradient": list(e.with_grad), "without_gradient": list(e.without_grad),
                  "learning_layers": e.moving, "probed_points": e.points},
        causes=(Cause("training_step_bug", max(not_in_opt, 0.6),
                      Text("the optimizer was built without these parameters, or their gradient is cut",
                           "优化器创建时没有包含这些参数，或它们的梯度被切断")),),
        fixes=(update_every_parameter(),),
        series=e.keys,
        experiment=Text("Print the parameters missing from the optimizer: "
                        "{id(p) for g in opt.param_groups for p in g['params']} against model.named_parameters().",
                        "打印不在优化器中的参数：把 {id(p) for g in opt.param_groups for p in g['params']} "
                        "与 model.named_parameters() 对比。"),
    )


frozen_parameters = define(
    code="LD206", name="frozen_parameters", severity=Severity.WARNING, requires=(Requirement(Kind.UPDATE_RATIO),),
    summary=Text("A trainable layer whose weights never change while the others learn.",
                 "可训练的层权重从不变化，而其他层在学习。"),
    options=Options, measure=measure, judge=judge, explain=explain, doc=DOC)
