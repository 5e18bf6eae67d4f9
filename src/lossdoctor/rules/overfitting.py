"""LD101 overfitting: validation loss turns up while training loss keeps falling."""
from __future__ import annotations

import math
from typing import Iterator

import numpy as np

from .. import stats
from ..findings import Cause, Finding, Severity, Span
from ..i18n import Text
from ..model import Kind, Split
from ._rule import Context, Requirement, rule
from .fixes import early_stopping

MIN_EVALS = 5  # fewer validation points cannot show a turn
MIN_GIVEN_BACK = 0.10  # the rise must give back this share of what validation loss had gained
MIN_NOISE_MULTIPLE = 3.0  # and stand this many times above the step-to-step noise


@rule(code="LD101", name="overfitting", severity=Severity.WARNING,
      requires=(Requirement(Kind.LOSS, Split.TRAIN), Requirement(Kind.LOSS, Split.VAL)),
      summary=Text("Validation loss rises after its best point while training loss keeps falling.",
                   "验证损失在最佳点之后上升，而训练损失仍在下降。"))
def overfitting(ctx: Context) -> Iterator[Finding]:
    """
    ## What it detects
    The validation loss reaches its best value, then climbs for the rest of the run while the training loss
    keeps falling: the gap between them widens. This is high variance (seed 002, 003).

    ## Why it matters
    Every epoch after the best one makes the model worse on unseen data; the weights to keep are the ones
    at the best epoch.

    ## How to fix
    Early stopping with `restore_best_weights`, weight decay / L2, dropout, data augmentation, a smaller
    model, more data, `ReduceLROnPlateau`.

    ## Thresholds
    At least 5 validation points; the smoothed rise after the best point gives back at least 10% of the
    improvement validation loss had made, stands 3x above its step-to-step noise, and training loss falls
    over the same span. All relative to the curve's own scale.
    """
    train = ctx.run.find(Kind.LOSS, Split.TRAIN)
    val = ctx.run.find(Kind.LOSS, Split.VAL)
    assert train is not None and val is not None
    ok = np.isfinite(val.values)
    steps, v = val.steps[ok], val.values[ok]
    if v.size < MIN_EVALS:
        return
    smooth = stats.ema_debiased(v, 0.3)
    best = int(np.argmin(smooth))
    after = v.size - 1 - best
    if after < 2:
        return
    gained = float(smooth[:best + 1].max() - smooth[best])
    rise = float(smooth[-1] - smooth[best])
    noise = stats.mad(np.diff(v))
    if gained <= 0 or rise < MIN_GIVEN_BACK * gained or rise < MIN_NOISE_MULTIPLE * noise:
        return
    _, t_at, _ = stats.align(train.steps, train.values, steps, v)
    if t_at.size < v.size or not t_at[-1] < t_at[best]:
        return
    gap_best = float(v[best] - t_at[best])
    gap_end = float(v[-1] - t_at[-1])
    best_step, end_step = float(steps[best]), float(steps[-1])
    patience = max(2, math.ceil(0.1 * v.size))
    unit_en, unit_zh = ("epoch", "轮") if val.axis.value == "epoch" else ("step", "步")
    yield Finding(
        code="LD101", name="overfitting", severity=Severity.WARNING,
        message=Text(
            f"{val.key} was best at {unit_en} {best_step:g} ({v[best]:.4g}) and rose to {v[-1]:.4g} by "
            f"{unit_en} {end_step:g} while {train.key} fell {t_at[best]:.4g} -> {t_at[-1]:.4g}; "
            f"the gap grew {gap_best:.3g} -> {gap_end:.3g}.",
            f"{val.key} 在第 {best_step:g} {unit_zh}最佳（{v[best]:.4g}），到第 {end_step:g} {unit_zh}升至 {v[-1]:.4g}，"
            f"同时 {train.key} 从 {t_at[best]:.4g} 降到 {t_at[-1]:.4g}；差距从 {gap_best:.3g} 扩大到 {gap_end:.3g}。"),
        span=Span(val.axis.value, best_step, end_step),
        evidence={"best_" + unit_en: best_step, "val_loss_at_best": float(v[best]), "val_loss_at_end": float(v[-1]),
                  "train_loss_at_best": float(t_at[best]), "train_loss_at_end": float(t_at[-1]),
                  "gap_at_best": gap_best, "gap_at_end": gap_end, "evaluations_after_best": after,
                  "rise_share_of_gain": rise / gained, "noise": noise},
        causes=(
            Cause("insufficient_regularization", 0.4, Text("the model fits training noise that does not generalise",
                                                           "模型拟合了训练数据中的噪声")),
            Cause("model_too_large", 0.3, Text("capacity well beyond what the data supports",
                                               "模型容量远超数据所能支撑")),
            Cause("too_little_data", 0.3, Text("few examples are easy to memorise", "样本太少，容易被记住")),
        ),
        fixes=(early_stopping(int(best_step), patience, 0.0),),
        series=(train.key, val.key),
        experiment=Text("Retrain with dropout or weight decay and compare the best validation loss; "
                        "if it improves, the run was over-fitting.",
                        "加入 dropout 或权重衰减重新训练并比较最佳验证损失；若有改善，说明之前过拟合。"),
    )
