"""LD115 train_flat_val_improving: training loss is flat while validation loss falls (seed 002, row 3)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..findings import Cause, Finding, Severity, Span
from ..i18n import Text
from ..model import Kind, Split
from . import _pair as C
from ._confidence import confidence
from ._rule import Context, Requirement, Verdict, define, opt
from .fixes_split import inspect_data

DOC = """
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


@dataclass(frozen=True)
class Options:
    min_evals: int = opt(5, "fewer evaluations cannot show a trend in either curve")
    min_val_drop: float = opt(0.20, "validation falls by at least 20% of its starting level")
    max_train_share: float = opt(0.25, "while training changes by at most a quarter of that")
    max_train_rel: float = opt(0.05, "and by at most 5% of its own level")
    significance: float = opt(3.0, "the validation trend is 3x its uncertainty")


@dataclass(frozen=True)
class Evidence:
    pair: C.Pair
    ch_v: float  # validation change over the run (Theil-Sen)
    unc_v: float
    ch_t: float  # training change over the run
    v0: float  # validation start level
    t_level: float


def measure(ctx: Context, o: Options) -> Evidence | None:
    p = ctx.pair(Kind.LOSS)
    if p is None or len(p) < o.min_evals:
        return None
    ch_v, unc_v = C.trend_change(p.steps, p.val)
    ch_t, _ = C.trend_change(p.steps, p.train)
    v0 = abs(float(np.median(p.val[:2])))
    t_level = C.level(p.train)
    if v0 <= 0 or t_level <= 0:
        return None
    return Evidence(p, ch_v, unc_v, ch_t, v0, t_level)


def judge(e: Evidence, o: Options) -> Verdict | None:
    drop = -e.ch_v
    if drop < o.min_val_drop * e.v0 or drop < o.significance * e.unc_v:
        return None
    if abs(e.ch_t) > o.max_train_share * drop or abs(e.ch_t) > o.max_train_rel * e.t_level:
        return None
    return Verdict(Severity.WARNING, confidence(drop / max(e.unc_v, 1e-12 * e.v0), o.significance, len(e.pair)))


def explain(e: Evidence, v: Verdict, o: Options) -> Finding:
    p, ch_t, ch_v, unc_v, v0, t_level = e.pair, e.ch_t, e.ch_v, e.unc_v, e.v0, e.t_level
    drop = -ch_v
    ue, uz = p.unit
    a, b = float(p.steps[0]), float(p.steps[-1])
    return Finding(
        code="LD115", name="train_flat_val_improving", severity=v.severity,
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


train_flat_val_improving = define(
    code="LD115", name="train_flat_val_improving", severity=Severity.WARNING,
    requires=(Requirement(Kind.LOSS, Split.TRAIN), Requirement(Kind.LOSS, Split.VAL)),
    summary=Text("Training loss is flat while validation loss falls.", "训练损失不变而验证损失下降。"),
    options=Options, measure=measure, judge=judge, explain=explain, doc=DOC)
