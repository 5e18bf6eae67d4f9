"""LD107 divergence: the loss grows fast and keeps growing."""
from __future__ import annotations

from typing import Iterator

import numpy as np

from .. import stats
from ..findings import Cause, Finding, Severity, Span
from ..i18n import Text
from ..model import Kind
from . import schedule
from ._curve import Curve, train_curve
from ._rule import Context, Requirement, rule
from .fixes import gradient_clipping, lower_lr
from .fixes_training import lr_warmup, normalize_inputs

MIN_POINTS = 5
ABOVE_START = 0.3  # the end sits at least 30% of the start's magnitude above the start...
EXPLOSION = 10.0  # ...or at least 10x its best value, still near its maximum
NOISE_MULTIPLE = 5.0  # and the rise stands this many noise levels above the best
RISING_SHARE = 0.6  # most of the steps after the best go up


def assess(c: Curve) -> dict[str, float] | None:
    """The divergence numbers of a curve, or None when it does not diverge (shared with train_loss_rebound)."""
    sm = c.smooth
    b = int(np.argmin(sm))
    if c.m - 1 - b < 2:
        return None
    y_best = float(c.y[: b + 1].min())
    k = max(1, int(round(0.1 * c.m)))
    end = float(np.median(c.y[-k:]))
    top = float(np.max(c.y[b:]))
    rise = end - y_best
    if rise <= NOISE_MULTIPLE * c.noise or rise <= 0:
        return None
    above_start = end - c.start >= ABOVE_START * abs(c.start) and abs(c.start) > 0
    exploded = (y_best > 0 and end / y_best >= EXPLOSION and end >= 0.5 * top)
    rising = stats.monotone_share(c.y[b:], increasing=True) >= RISING_SHARE or end >= 0.8 * top
    if not ((above_start or exploded) and rising):
        return None
    tail = c.y[b:]
    rate = float("nan")
    if y_best > 0 and np.all(tail > 0) and tail.size >= 3:
        slope, _ = stats.ols_slope(np.arange(tail.size, dtype=np.float64), np.log(tail))
        rate = float(np.expm1(slope))
    return {"best_index": b, "best": y_best, "end": end, "top": top, "rise": rise,
            "growth_vs_best": end / y_best if y_best > 0 else float("nan"),
            "growth_vs_start": end / c.start if c.start > 0 else float("nan"), "rate": rate}


@rule(code="LD107", name="divergence", severity=Severity.ERROR, requires=(Requirement(Kind.LOSS),),
      summary=Text("Loss grows fast and keeps growing.", "损失快速增长并持续增大。"),
      explains=('loss_spikes', 'oscillation', 'overfitting', 'train_loss_rebound', 'plateau', 'underfitting', 'loss_not_decreasing'))
def divergence(ctx: Context) -> Iterator[Finding]:
    """
    ## What it detects
    The loss (training, else validation) reaches its best value and then climbs until the end of the run (or until
    it turns NaN): it ends well above where it started, or at 10x its best. This also covers seed 002's "train and
    test loss both keep rising" row.

    ## Why it matters
    The optimiser is making the model worse with every update. Continuing wastes the run; the usual end is NaN.

    ## How to fix
    Lower the learning rate (typically 3-10x), clip the gradient norm, warm the learning rate up, normalise the
    inputs; restart from the checkpoint at the best step rather than from the diverged weights.

    ## Thresholds
    At least 5 points (long step-level series are judged on 120 bin medians). After its best point the curve ends
    >= 30% of the start's magnitude above the start, or >= 10x its best; the rise is >= 5 noise levels
    (MAD of second differences) and most steps after the best go up. Scale-free: a loss of 1e-4 and of 1e4
    are judged alike.
    """
    c = train_curve(ctx.run, MIN_POINTS)
    if c is None:
        return
    a = assess(c)
    if a is None:
        return
    b = int(a["best_index"])
    best_x, end_x = c.fmt_x(b), float(c.x[-1])
    u_en, u_zh = c.unit
    sched = schedule.schedule_of(ctx.run)
    rises = schedule.event_positions(sched, ("restart", "warmup_end"), c.axis, float(c.x[0]), float(c.x[-1]))
    tol = max(1.0, 0.05 * (end_x - float(c.x[0])))
    lr_rise = schedule.near(best_x, rises, tol)
    from_start = b <= max(1, int(0.1 * c.m))
    exploded = np.isfinite(a["growth_vs_best"]) and a["growth_vs_best"] >= EXPLOSION
    per_en = f"{u_en}" if c.bin_size == 1 else f"{c.bin_size} {u_en}s"
    rate_txt = (f", about {a['rate'] * 100:+.0f}% per {per_en}" if np.isfinite(a["rate"]) else "")
    causes = [
        Cause("lr_too_high", 0.65 if lr_rise else 0.55,
              Text(f"the climb began at the LR increase near {u_en} {best_x:g}" if lr_rise else
                   "steps too large overshoot the minimum and each overshoot makes the next gradient larger",
                   f"上升始于第 {best_x:g} {u_zh}附近的学习率上升" if lr_rise else "步长过大会越过极小值，每次越过都使下一次梯度更大"),
              None if not (sched and sched.decayed) else
              Text("the learning rate was already decayed", "学习率已经衰减过")),
        Cause("exploding_gradients", 0.55 if exploded else 0.35,
              Text(f"the loss grew {a['growth_vs_best']:.3g}x from its best" if exploded else
                   "a growing loss usually comes with growing gradient norms",
                   f"损失比最佳值增长了 {a['growth_vs_best']:.3g} 倍" if exploded else "损失增长通常伴随梯度范数增长")),
        Cause("unnormalized_input", 0.2, Text("large raw inputs make large activations and gradients",
                                              "未归一化的大输入导致大激活和大梯度")),
    ]
    if from_start:
        causes.append(Cause("bad_initialization", 0.25,
                            Text("the loss rose from the very first evaluation", "损失从第一次评估起就在上升")))
        causes.append(Cause("label_or_loss_misconfig", 0.15,
                            Text("a loss that rises from the start can be optimising the wrong objective (sign, "
                                 "labels)", "从一开始就上升的损失可能在优化错误的目标（符号、标签）")))
    yield Finding(
        code="LD107", name="divergence", severity=Severity.ERROR,
        message=Text(
            f"{c.key} diverged: best {a['best']:.4g} at {u_en} {best_x:g}, then it climbed to {a['end']:.4g} by "
            f"{u_en} {end_x:g} ({a['growth_vs_best']:.3g}x its best, {a['growth_vs_start']:.3g}x its start"
            f"{rate_txt}).",
            f"{c.key} 发散：第 {best_x:g} {u_zh}最佳 {a['best']:.4g}，之后上升到第 {end_x:g} {u_zh}的 {a['end']:.4g}"
            f"（为最佳值的 {a['growth_vs_best']:.3g} 倍、初始值的 {a['growth_vs_start']:.3g} 倍）。"),
        span=Span(c.axis, best_x, end_x),
        evidence={"best_" + u_en: best_x, "loss_at_best": a["best"], "loss_at_end": a["end"],
                  "loss_at_start": c.start, "growth_vs_best": a["growth_vs_best"],
                  "growth_vs_start": a["growth_vs_start"], "growth_rate_per_" + ("point" if c.bin_size > 1 else u_en): a["rate"],
                  "noise": c.noise, "rise_in_noise_levels": a["rise"] / c.noise if c.noise > 0 else float("inf"),
                  "rising_from_start": from_start, "lr_rise_at_start_of_climb": lr_rise},
        causes=tuple(causes),
        fixes=(lower_lr(), gradient_clipping(), lr_warmup(), normalize_inputs()),
        series=(c.key,),
        experiment=Text(f"Restart from the checkpoint at {u_en} {best_x:g} with the learning rate halved and "
                        "gradient clipping on, for two epochs, with gradient-norm probes attached: if the loss now "
                        "falls and the gradient norm stays flat, the step size was the cause.",
                        f"从第 {best_x:g} {u_zh}的检查点重新开始，学习率减半并开启梯度裁剪，训练两轮并挂上梯度范数探针："
                        "若损失下降且梯度范数平稳，原因就是步长过大。"),
    )
