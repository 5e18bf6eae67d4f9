"""LD115 train_flat_val_improving: training loss is flat while validation loss falls (seed 002, row 3)."""
from __future__ import annotations

from typing import Iterator

import numpy as np

from ..findings import Cause, Finding, Severity, Span
from ..i18n import Text
from ..model import Kind, Split
from . import _pair as C
from ._rule import Context, Requirement, rule
from .fixes_split import inspect_data

MIN_EVALS = 5
MIN_VAL_DROP = 0.20  # validation falls by at least 20% of its starting level
MAX_TRAIN_SHARE = 0.25  # while training changes by at most a quarter of that
MAX_TRAIN_REL = 0.05  # and by at most 5% of its own level
SIGNIFICANCE = 3.0  # the validation trend is 3x its uncertainty


@rule(code="LD115", name="train_flat_val_improving", severity=Severity.WARNING,
      requires=(Requirement(Kind.LOSS, Split.TRAIN), Requirement(Kind.LOSS, Split.VAL)),
      summary=Text("Training loss is flat while validation loss falls.", "训练损失不变而验证损失下降。"))
def train_flat_val_improving(ctx: Context) -> Iterator[Finding]:
    """
    ## What it detects
    The training loss stays flat for the whole run while the validation loss clearly falls: seed 002's
    row "train loss flat, test loss falling: the dataset is 100% broken".

    ## Why it matters
    A model learns from the training loss; when it does not move while validation improves, the number
    reported as training loss is not measuring what the model learns from: broken training labels, a
    training loss computed on the wrong tensors or never reset, or regularisation so heavy in training mode
    that the training loss cannot fall.

    ## How to fix
    Inspect training samples and labels, check how the training loss is computed and averaged, then overfit
    10-20 samples (seed 000): the training loss must reach ~0. Reduce dropout/augmentation if they are
    extreme.

    ## Thresholds
    At least 5 evaluations; validation's robust (Theil-Sen) trend falls by at least 20% of its starting level
    and 3x its uncertainty, while training changes by at most a quarter of that and at most 5% of its own
    level.
    """
    p = C.pair(ctx.run, Kind.LOSS)
    if p is None or len(p) < MIN_EVALS:
        return
    ch_v, unc_v = C.trend_change(p.steps, p.val)
    ch_t, _ = C.trend_change(p.steps, p.train)
    v0 = abs(float(np.median(p.val[:2])))
    t_level = C.level(p.train)
    if v0 <= 0 or t_level <= 0:
        return
    drop = -ch_v
    if drop < MIN_VAL_DROP * v0 or drop < SIGNIFICANCE * unc_v:
        return
    if abs(ch_t) > MAX_TRAIN_SHARE * drop or abs(ch_t) > MAX_TRAIN_REL * t_level:
        return
    ue, uz = p.unit
    a, b = float(p.steps[0]), float(p.steps[-1])
    yield Finding(
        code="LD115", name="train_flat_val_improving", severity=Severity.WARNING,
        message=Text(
            f"{p.train_key} stayed flat ({ch_t:+.3g} over {ue}s {a:g}-{b:g}, {abs(ch_t) / t_level:.1%} of its level) "
            f"while {p.val_key} fell {drop:.3g} ({drop / v0:.0%}); the training numbers are not measuring what the "
            "model learns from.",
            f"{p.train_key} 在第 {a:g}-{b:g} {uz}间几乎不变（变化 {ch_t:+.3g}，为其水平的 {abs(ch_t) / t_level:.1%}），"
            f"而 {p.val_key} 下降了 {drop:.3g}（{drop / v0:.0%}）；训练数值没有反映模型真正学习的内容。"),
        span=Span(p.axis, a, b),
        evidence={"train_change": ch_t, "train_level": t_level, "val_change": ch_v, "val_change_uncertainty": unc_v,
                  "val_start": v0, "val_drop_share": drop / v0},
        causes=(
            Cause("noisy_labels", 0.35, Text("broken or shuffled training labels keep the training loss high while "
                                             "the clean validation labels still reward what the model learns",
                                             "训练标签错误或被打乱会让训练损失居高不下，而干净的验证标签仍能体现模型学到的东西"),
                  Text("heavily corrupted labels usually slow validation too", "大量错误标签通常也会拖慢验证集的改善")),
            Cause("training_step_bug", 0.35, Text("the logged training loss may be computed on the wrong tensors, "
                                                  "never reset between epochs, or logged before the update",
                                                  "记录的训练损失可能用错了张量、各轮之间未清零，或在参数更新之前记录")),
            Cause("regularization_only_in_training", 0.25,
                  Text("very heavy dropout or augmentation makes the training-mode loss flat while the "
                       "evaluation-mode model improves", "过强的 dropout 或数据增强会让训练模式下的损失不变，而评估模式下模型在进步"),
                  Text("regularisation alone rarely keeps the training loss completely flat",
                       "单靠正则化很少能让训练损失完全不变")),
        ),
        fixes=(inspect_data(),),
        series=(p.train_key, p.val_key),
        experiment=Text("Overfit 16 training samples for a few hundred steps: if the training loss does not reach "
                        "~0, the training data or the training-loss computation is broken.",
                        "在 16 个训练样本上训练几百步：若训练损失降不到接近 0，说明训练数据或训练损失的计算有问题。"),
    )
