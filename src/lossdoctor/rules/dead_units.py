"""LD203 dead_units: a ReLU layer whose units output zero for every sample (dead ReLUs)."""
from __future__ import annotations

from dataclasses import dataclass

from ..findings import Cause, Finding, Mark, Severity, Span
from ..i18n import Text
from ..model import Kind
from ._confidence import confidence
from ._probe import Shares, fmt_layers, measure_shares
from ._rule import Context, Requirement, Verdict, define, opt
from .fixes import lower_lr
from .fixes_training import fix_dead_units, normalize_inputs

DOC = """
## What it detects
ReLU layers in which half or more of the units output exactly zero for every sample of the probed batch, over
the last half of the run. Whether the units were dead from the first probe (initialisation) or died during
training (large updates pushed their bias far negative) decides the likely cause.

## Why it matters
A dead ReLU unit has zero gradient for every input, so nothing can revive it: the layer has lost that share of
its capacity for good. With most units dead the network can only output a near-constant, and the loss stalls
(often at chance level).

## How to fix
He (Kaiming) initialisation with zero biases, LeakyReLU/GELU instead of ReLU, BatchNorm before the activation,
normalised inputs, and a lower learning rate (or a warm-up) when units die during training.

## Thresholds
At least 3 probed points per layer. A unit is dead on a batch when it is never positive on any sample of it.
Median dead share over the last 50% of the points >= 50%: warning; >= 90%: error. The model's output layer is
never probed (an output ReLU is a design choice, not a fault).
"""


@dataclass(frozen=True)
class Options:
    min_points: int = opt(3, "three probed batches show the units stay dead, not one batch's accident")
    late_share: float = opt(0.5, "judge the second half of the run")
    dead_share: float = opt(0.5, "half the units dead is half the layer's capacity lost; healthy ReLU networks "
                                 "keep a few percent, sparse ones 10-30%")
    severe_share: float = opt(0.9, "with nine units in ten dead the layer passes almost no signal")
    at_start: float = opt(0.5, "dead at the first probe already: the initialisation, not training, killed them")


def measure(ctx: Context, o: Options) -> Shares | None:
    return measure_shares(ctx.run, Kind.DEAD_UNITS, o.late_share, o.dead_share, o.min_points)


def judge(e: Shares, o: Options) -> Verdict:
    severe = e.worst.level >= o.severe_share
    return Verdict(Severity.ERROR if severe else Severity.WARNING,
                   confidence(e.worst.level, o.dead_share, e.worst.points))


def explain(e: Shares, v: Verdict, o: Options) -> Finding:
    w = e.worst
    ue, uz = ("epoch", "轮") if e.axis == "epoch" else ("step", "步")
    from_start = w.first >= o.at_start
    listed = fmt_layers([(x.module, x.level) for x in e.layers])
    when_en = "from the first probe" if from_start else f"since {ue} {w.crossed:g} (at first {w.first:.0%})"
    when_zh = "从第一次探测起" if from_start else f"自第 {w.crossed:g} {uz}起（最初为 {w.first:.0%}）"
    init = Cause("bad_initialization", 0.6 if from_start else 0.2,
                 Text("the units were dead at the first probe: weights/biases initialised so that the "
                      "pre-activation is negative for every input", "第一次探测时神经元就已失活：权重/偏置的初始化"
                                                                     "使所有输入的激活前值都为负"))
    lr = Cause("lr_too_high", 0.2 if from_start else 0.6,
               Text("units alive at the start died during training: large updates pushed their bias far negative",
                    "开始时存活的神经元在训练中死亡：过大的更新把偏置推到很负的值"))
    return Finding(
        code="LD203", name="dead_units", severity=v.severity,
        message=Text(f"{w.module}: {w.level:.0%} of its ReLU units output 0 for every sample ({when_en}); "
                     f"dead layers: {listed} ({e.all_layers} probed).",
                     f"{w.module}：{w.level:.0%} 的 ReLU 神经元对所有样本都输出 0（{when_zh}）；"
                     f"失活的层：{listed}（共探测 {e.all_layers} 层）。"),
        span=Span(e.axis, w.crossed if w.crossed == w.crossed else e.end, e.end),
        evidence={"layer": w.module, "dead_share": w.level, "dead_share_first": w.first, "since_step": w.crossed,
                  "from_start": from_start, "layers": {x.module: x.level for x in e.layers}},
        marks=(Mark("since_step", (w.crossed,)),) if w.crossed == w.crossed else (),
        causes=tuple(sorted((init, lr, Cause("unnormalized_input", 0.2, Text(
            "inputs far from zero push whole layers into the negative side", "远离 0 的输入把整层推到负半轴"))),
            key=lambda c: -c.likelihood)),
        fixes=(fix_dead_units(), lower_lr(), normalize_inputs()),
        series=tuple(x.key for x in e.layers),
        experiment=Text("Re-initialise with kaiming_normal_ and zero biases (or swap ReLU for LeakyReLU(0.01)) and "
                        "watch the dead share of the same layer for a hundred steps.",
                        "用 kaiming_normal_ 和零偏置重新初始化（或把 ReLU 换成 LeakyReLU(0.01)），观察同一层的失活比例一百步。"),
    )


dead_units = define(
    code="LD203", name="dead_units", severity=Severity.ERROR, requires=(Requirement(Kind.DEAD_UNITS),),
    summary=Text("ReLU units that output zero for every sample (dead ReLUs).", "对所有样本都输出 0 的 ReLU 神经元（死亡 ReLU）。"),
    options=Options, measure=measure, judge=judge, explain=explain, doc=DOC,
    explains=("frozen_parameters",))
