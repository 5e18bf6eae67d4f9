"""LD110 train_loss_rebound: the training loss rises again after its minimum (a U shape)."""
from __future__ import annotations

import math
from typing import Iterator

import numpy as np

from ..findings import Cause, Finding, Severity, Span
from ..i18n import Text
from ..model import Kind, Split
from . import schedule
from ._curve import Curve, make_curve
from ._rule import Context, Requirement, rule
from .divergence import assess as assess_divergence
from .fixes import lower_lr
from .fixes_training import reduce_lr_on_plateau

MIN_POINTS = 6
MIN_GIVEN_BACK = 0.15  # the rise gives back at least 15% of what the loss had gained
NOISE_MULTIPLE = 4.0  # and stands this many noise levels above the minimum
MIN_AFTER_SHARE = 0.1  # and lasts at least 10% of the run (and 2 evaluations)
MIN_GIVEN_BACK_RECOVERED = 0.5  # a rise the curve later recovers from must give back half the gain


@rule(code="LD110", name="train_loss_rebound", severity=Severity.WARNING,
      requires=(Requirement(Kind.LOSS, Split.TRAIN),),
      summary=Text("Training loss rises again after its minimum.", "训练损失在最低点之后再次上升。"),
      explains=('plateau', 'underfitting'))
def train_loss_rebound(ctx: Context) -> Iterator[Finding]:
    """
    ## What it detects
    A U shape in the *training* loss: it reaches a minimum, then rises for the rest of the run, giving back a
    real part of what it had gained, without (yet) diverging past its starting level.

    ## Why it matters
    Training loss should not rise on the data it is fitted on. A rise means the steps are too large for the
    region the model has reached (learning rate too high near the optimum, no decay), or the optimiser state
    is unstable. Validation results after the minimum are usually worse too.

    ## How to fix
    Decay the learning rate (`ReduceLROnPlateau`, step or cosine decay), lower it, and keep the checkpoint from
    the minimum (early stopping with `restore_best_weights`).

    ## Thresholds
    At least 6 points. The smoothed rise after the minimum gives back >= 15% of the gain before it, is >= 4
    noise levels, lasts >= 10% of the run and >= 2 evaluations, and the curve ends below 1.3x its start (beyond
    that it is `divergence`). A rise the curve later comes down from counts when it gives back >= 50% of the gain
    and climbs for >= 10% of the run. A rise that starts at a logged LR warm restart is the schedule, not a finding.
    """
    s = ctx.run.find(Kind.LOSS, Split.TRAIN)
    c = make_curve(s) if s is not None else None
    if c is None or c.m < MIN_POINTS or assess_divergence(c) is not None:
        return
    sm = c.smooth
    found = _sustained(c, sm) or _recovered(c, sm)
    if found is None:
        return
    b, top, gained, rise = found
    recovered = top < c.m - 1
    best_x, end_x = c.fmt_x(b), c.fmt_x(top)
    sched = schedule.schedule_of(ctx.run)
    restarts = schedule.event_positions(sched, ("restart", "warmup_end"), c.axis, float(c.x[0]), end_x)
    if restarts.size and np.any((restarts >= best_x - 1e-9) & (restarts <= end_x)):
        return  # a warm restart raises the loss on purpose
    u_en, u_zh = c.unit
    lr_constant = sched is not None and not sched.decayed
    share = rise / gained
    yield Finding(
        code="LD110", name="train_loss_rebound", severity=Severity.WARNING,
        message=Text(
            f"{c.key} bottomed out at {float(c.y[b]):.4g} ({u_en} {best_x:g}) and climbed back to {float(sm[top]):.4g} "
            f"by {u_en} {end_x:g}, giving back {share:.0%} of what it had gained"
            + (f", before falling again (to {c.end:.4g} at the end): the steps knocked the model out of the minimum "
               "it had found." if recovered else "."),
            f"{c.key} 在第 {best_x:g} {u_zh}达到最低 {float(c.y[b]):.4g}，之后回升到第 {end_x:g} {u_zh}的 "
            f"{float(sm[top]):.4g}，吐回了之前降幅的 {share:.0%}"
            + (f"，随后才再次下降（最后为 {c.end:.4g}）：更新步长把模型踢出了已找到的极小值。" if recovered else "。")),
        span=Span(c.axis, best_x, end_x),
        evidence={"min_" + u_en: best_x, "loss_at_min": float(c.y[b]), "peak_" + u_en: end_x,
                  "loss_at_peak": float(sm[top]), "loss_at_end": c.end, "recovered": recovered,
                  "loss_at_start": c.start, "rise": rise, "rise_share_of_gain": share,
                  "rise_in_noise_levels": rise / c.noise if c.noise > 0 else float("inf"),
                  "evaluations_after_min": top - b, "lr_constant": lr_constant},
        causes=(
            Cause("lr_too_high", 0.6,
                  Text("the step size that got the loss down is too large near the minimum"
                       + (" and the logged LR never decayed" if lr_constant else ""),
                       "把损失降下来的步长在最低点附近过大" + ("，且记录的学习率从未衰减" if lr_constant else "")),
                  Text("the learning rate was decayed and the loss still rose", "学习率已衰减，损失仍上升")
                  if sched is not None and sched.decayed else None),
            Cause("exploding_gradients", 0.2, Text("growing gradient norms make each step larger",
                                                   "梯度范数增大使每一步更大")),
            Cause("batch_too_small", 0.15, Text("very noisy small-batch gradients keep kicking the model out of "
                                                "the minimum", "小批量的高噪声梯度不断把模型踢出极小值")),
        ),
        fixes=(reduce_lr_on_plateau(max(2, math.ceil(0.1 * c.m))), lower_lr(3)),
        series=(c.key,),
        experiment=Text(f"Resume from the checkpoint at {u_en} {best_x:g} with the learning rate halved for two "
                        "epochs: if the training loss goes below its old minimum, the LR was too high there.",
                        f"从第 {best_x:g} {u_zh}的检查点恢复，学习率减半训练两轮：若训练损失低于原最低值，说明当时学习率过高。"),
    )


def _sustained(c: Curve, sm: np.ndarray) -> tuple[int, int, float, float] | None:
    """A rise from the minimum that lasts to the end: (min index, last index, gain before, rise)."""
    b = int(np.argmin(sm))
    if c.m - 1 - b < max(2, math.ceil(MIN_AFTER_SHARE * c.m)):
        return None
    gained = float(sm[: b + 1].max() - sm[b])
    rise = float(sm[-1] - sm[b])
    if gained <= 0 or rise < MIN_GIVEN_BACK * gained or rise < NOISE_MULTIPLE * c.noise:
        return None
    k = max(2, int(round(0.1 * c.m)))
    if float(np.median(c.y[-k:])) <= float(c.y[b:].min()) + 0.5 * rise:
        return None  # the last points came back down: not a sustained rise
    return b, c.m - 1, gained, rise


def _recovered(c: Curve, sm: np.ndarray) -> tuple[int, int, float, float] | None:
    """The largest climb above the running minimum that the curve later came down from: (min index, peak index,
    gain before the minimum, rise); it must give back half the gain and last 10% of the run."""
    draw = sm - np.minimum.accumulate(sm)
    top = int(np.argmax(draw))
    if top >= c.m - 1:
        return None
    b = int(np.argmin(sm[: top + 1]))
    gained = float(sm[: b + 1].max() - sm[b])
    rise = float(draw[top])
    if top - b < max(2, math.ceil(MIN_AFTER_SHARE * c.m)) or gained <= 0:
        return None
    if rise < MIN_GIVEN_BACK_RECOVERED * gained or rise < NOISE_MULTIPLE * c.noise:
        return None
    return b, top, gained, rise
