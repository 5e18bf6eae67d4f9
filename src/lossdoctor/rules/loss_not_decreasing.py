"""LD103 loss_not_decreasing: the training loss stays flat from the start."""
from __future__ import annotations

from dataclasses import replace
from typing import Iterator

import numpy as np

from ..findings import Cause, Finding, Severity, Span
from ..i18n import Text
from ..model import Axis, Kind, Split
from . import chance, schedule
from ._curve import Curve, Flatness, flatness, per_unit, train_curve
from ._rule import Context, Requirement, rule
from .fixes_training import fix_dead_units, lr_range_test, normalize_inputs, overfit_tiny_subset, raise_lr

MIN_POINTS = 5
MAX_PROGRESS = 0.10  # the loss never got more than 10% below where it started
BLOWUP = 3.0  # a first point >= 3x the next ones is a blow-up, judged apart from the flat rest
MIN_EPOCHS = 1.0  # an epoch-axis log must span at least one epoch


def learned_by_accuracy(ctx: Context, classes: chance.Classes | None) -> float | None:
    """The final accuracy when it shows the model did learn (well above chance), else None."""
    for acc in chance.accuracy_series(ctx.run):
        v = acc.values[np.isfinite(acc.values)]
        if v.size == 0:
            continue
        final = float(np.median(v[-max(1, v.size // 10):]))
        base = 1.0 / classes.count if classes else 0.5
        if final >= base + 0.5 * (1.0 - base) and final - float(v[0]) >= 0.0:
            return final
    return None


def flat_view(c: Curve) -> tuple[Curve, Flatness, bool]:
    """Flatness of the curve, judged without a first-point blow-up when there is one."""
    f = flatness(c)
    if c.m >= MIN_POINTS + 1 and c.y[0] > 0 and c.y[0] >= BLOWUP * float(np.median(c.y[1:4])):
        rest = replace(c, x=c.x[1:], y=c.y[1:])
        return rest, flatness(rest), True
    return c, f, False


@rule(code="LD103", name="loss_not_decreasing", severity=Severity.ERROR,
      requires=(Requirement(Kind.LOSS, Split.TRAIN),),
      summary=Text("Training loss stays flat from the start.", "训练损失从一开始就没有下降。"))
def loss_not_decreasing(ctx: Context) -> Iterator[Finding]:
    """
    ## What it detects
    The training loss never gets more than 10% below its starting level, for the whole run (seed 002: "训练集loss
    不下降"). The evidence tells three signatures apart: exactly constant (nothing is updated), a tiny but steady
    decrease (slope significant, t <= -3: steps too small), and a flat noisy level (no learning signal).

    ## Why it matters
    A model that does not reduce its training loss learns nothing; more epochs will not help. The cause is in the
    optimisation set-up or the code, not in the data size or regularisation.

    ## How to fix
    Over-fit 10-20 samples first (seed 000): if even that fails, the model/loss/labels are wrong. Run an LR range
    test; use He/Xavier initialisation, LeakyReLU and BatchNorm against dead units; normalise the inputs; check that
    `optimizer.step()` runs and the parameters require gradients.

    ## Thresholds
    At least 5 points, and at least one epoch on an epoch axis (a few logged points inside one epoch are an excerpt,
    not a run). Smoothed minimum and end both < 10% below the start level, and the end not 10% above it (a first-point blow-up >= 3x the
    next points is set aside and reported). Not reported when an accuracy shows learning (final accuracy above
    halfway from chance to 1). Exact constancy: range <= 1e-7 of the level. Steady decrease: OLS t <= -3 and >= 70%
    of smoothed steps going down. Relative measures only: scale-free.
    """
    c0 = train_curve(ctx.run, MIN_POINTS)
    if c0 is None:
        return
    if c0.series.axis is Axis.EPOCH and float(c0.x[-1] - c0.x[0]) < MIN_EPOCHS:
        return  # a log of a fraction of one epoch (an excerpt of steps) cannot show that training does not learn
    c, f, blowup = flat_view(c0)
    if f.progress >= MAX_PROGRESS or f.end_progress >= MAX_PROGRESS or f.end_progress <= -MAX_PROGRESS:
        return  # it fell (fine) or it rose (divergence / rebound, not a flat loss)
    classes = chance.infer_classes(ctx.run, ctx.options, first_loss=c.start)
    if learned_by_accuracy(ctx, classes) is not None:
        return
    sched = schedule.schedule_of(ctx.run)
    lr_zero = sched is not None and sched.lr_max == 0
    lr_tiny = sched is not None and 0 < sched.lr_max <= 1e-6
    u_en, u_zh = c.unit
    slope_u, se_u = per_unit(c, f.slope), per_unit(c, f.slope_se)
    if f.exact or lr_zero:
        kind_en, kind_zh = "exactly constant: nothing is being updated", "完全不变：参数没有被更新"
        causes = [Cause("training_step_bug", 0.7, Text("a loss constant to 7 digits means no parameter changes: "
                                                       "optimizer.step() missing, frozen parameters or LR = 0",
                                                       "损失 7 位有效数字不变说明参数没有改变：缺少 optimizer.step()、"
                                                       "参数被冻结或学习率为 0")),
                  Cause("dead_relu", 0.3, Text("if every unit is dead the output and the loss are constant",
                                               "若所有单元都已失活，输出和损失都不变"))]
    elif f.steady or lr_tiny:
        kind_en = f"falling steadily but far too slowly ({slope_u:.3g} ± {se_u:.2g} per {u_en})"
        kind_zh = f"稳定但过慢地下降（每{u_zh} {slope_u:.3g} ± {se_u:.2g}）"
        causes = [Cause("lr_too_low", 0.65, Text("a small, steady, significant decrease is what a too-small step "
                                                 "size looks like" + (f"; the logged LR peaks at {sched.lr_max:.2g}"
                                                                      if sched else ""),
                                                 "小而稳定、显著的下降正是步长过小的样子" +
                                                 (f"；记录的学习率最高 {sched.lr_max:.2g}" if sched else ""))),
                  Cause("vanishing_gradients", 0.3, Text("tiny gradients reaching the early layers give the same "
                                                         "slow decrease", "传到前层的梯度太小也会导致同样的缓慢下降")),
                  Cause("over_regularization", 0.15, Text("a heavy penalty can hold the loss almost still",
                                                          "过强的正则惩罚也会让损失几乎不动"))]
    elif blowup:
        ratio = c0.start / c.start if c.start else float("inf")  # a level of exactly 0 after the first value
        kind_en = f"flat after a first value of {c0.start:.4g} ({ratio:.3g}x the rest)"
        kind_zh = f"在首个值 {c0.start:.4g}（为之后水平的 {ratio:.3g} 倍）之后持平"
        causes = [Cause("lr_too_high", 0.6, Text("a huge first loss followed by a flat one is a model knocked into a "
                                                 "dead region by oversized first updates",
                                                 "初始损失巨大随后持平，说明过大的初始更新把模型打进了失活区域")),
                  Cause("dead_relu", 0.4, Text("the blow-up leaves ReLU units dead, so no gradient flows",
                                               "爆炸之后 ReLU 单元失活，梯度无法传递")),
                  Cause("unnormalized_input", 0.3, Text("raw inputs with large values make the first loss huge",
                                                        "数值很大的原始输入使初始损失巨大"))]
    else:
        kind_en = f"flat, with no trend that matters ({slope_u:.3g} ± {se_u:.2g} per {u_en})"
        kind_zh = f"持平，没有有意义的趋势（每{u_zh} {slope_u:.3g} ± {se_u:.2g}）"
        noisy = f.swing >= 0.05
        causes = [Cause("lr_too_high", 0.45 if noisy else 0.25,
                        Text(f"the loss wanders ±{f.swing:.0%} around its level without descending" if noisy else
                             "steps that overshoot can keep the loss level", f"损失在其水平附近 ±{f.swing:.0%} 游走而不下降"
                             if noisy else "越过极小值的步长也会让损失持平")),
                  Cause("dead_relu", 0.35, Text("dead ReLU units pass no gradient", "失活的 ReLU 单元不传递梯度")),
                  Cause("vanishing_gradients", 0.3, Text("gradients too small to move the weights",
                                                         "梯度太小，无法推动权重")),
                  Cause("bad_initialization", 0.3, Text("a poor initialisation can start the model in a flat region",
                                                        "不良的初始化会让模型从平坦区域起步")),
                  Cause("lr_too_low", 0.2 if noisy else 0.3, Text("steps too small to show progress",
                                                                  "步长太小，看不出进展")),
                  Cause("unnormalized_input", 0.2, Text("unscaled features make the loss surface badly conditioned",
                                                        "未缩放的特征让损失曲面条件数很差")),
                  Cause("training_step_bug", 0.2, Text("a bug in the training step (no zero_grad, wrong tensor "
                                                       "detached) stops learning", "训练步骤中的错误（缺少 zero_grad、"
                                                       "张量被 detach）会阻止学习"))]
    fixes = [overfit_tiny_subset(), lr_range_test()]
    fixes += [raise_lr()] if f.steady else [fix_dead_units(), normalize_inputs()]
    x0, x1 = float(c0.x[0]), float(c0.x[-1])
    yield Finding(
        code="LD103", name="loss_not_decreasing", severity=Severity.ERROR,
        message=Text(
            f"{c.key} is {kind_en}: {c.start:.4g} at the start, {c.end:.4g} at the end, never more than "
            f"{max(f.progress, 0):.1%} below the start over {c0.m} points ({u_en} {x0:g}-{x1:g}).",
            f"{c.key} {kind_zh}：开始 {c.start:.4g}，结束 {c.end:.4g}，在 {c0.m} 个点（第 {x0:g}-{x1:g} {u_zh}）中"
            f"从未比开始低 {max(f.progress, 0):.1%} 以上。"),
        span=Span(c.axis, x0, x1),
        evidence={"loss_at_start": c.start, "loss_at_end": c.end, "best_progress": f.progress,
                  "end_progress": f.end_progress, "slope_per_" + u_en: slope_u, "slope_stderr": se_u,
                  "slope_t": f.t, "exactly_constant": f.exact, "steady_decrease": f.steady,
                  "relative_swing": f.swing, "first_point_blowup": blowup, "first_loss": c0.start,
                  "lr_max": sched.lr_max if sched else None},
        causes=tuple(causes),
        fixes=tuple(fixes),
        series=(c.key,),
        experiment=Text("Over-fit one batch of 16 training samples for 300 steps: a loss that reaches ~0 clears the "
                        "model and the loss, and points to the learning rate (then run an LR range test); a loss "
                        "that stays flat points to the code, the labels or dead units.",
                        "用 16 个训练样本的一个批次训练 300 步：若损失接近 0，说明模型和损失没问题，问题在学习率"
                        "（再做学习率范围测试）；若仍持平，问题在代码、标签或失活单元。"),
    )
