"""LD113 abnormal_initial_loss: the first loss is far above what a freshly initialised model should give."""
from __future__ import annotations

import math
from typing import Iterator

import numpy as np

from ..findings import Cause, Finding, Severity, Span
from ..i18n import Text
from ..model import Kind, Split
from . import chance
from ._confidence import confidence
from ._rule import Context, Requirement, rule
from .fixes_training import check_output_head, fix_dead_units, normalize_inputs

MIN_POINTS = 3
RATIO_CHANCE = 3.0  # first loss >= 3x ln(C) ...
EXCESS_NATS = 1.0  # ... and >= 1 nat above it (a loss of 2.1 for a binary task is not abnormal)
RATIO_NEXT = 30.0  # without C: first loss >= 30x the next points' level
HUGE = 100.0  # >= 100x the expected level: the inputs or the labels, not the initialisation
MAX_CLASSES = 100  # a run that logs accuracy but whose C is unknown is judged against ln(100)
GUESS_DROP = 3.0  # when C is only a guess, the loss must also fall >= 3x right after the first value
GUESSED = ("plateau_loss", "plateau_and_accuracy", "accuracy_pinned")  # C read off where the loss or accuracy sat


@rule(code="LD113", name="abnormal_initial_loss", severity=Severity.WARNING,
      requires=(Requirement(Kind.LOSS, Split.TRAIN),),
      summary=Text("The first loss is far above what a fresh model should give.", "初始损失远高于新初始化模型应有的值。"))
def abnormal_initial_loss(ctx: Context) -> Iterator[Finding]:
    """
    ## What it detects
    The first training loss is far above the loss of an untrained classifier, ln(C) (C from `--num-classes` or an
    accuracy floor at 1/C), or, when C is unknown, far above the level the loss drops to right after (seed 000:
    losses in the hundreds of millions).

    ## Why it matters
    A fresh, well-initialised classifier predicts near-uniform probabilities, so its loss is about ln(C). A first
    loss far above it means huge activations (raw, unnormalised inputs), an output layer that does not match the
    loss or the label format, or a broken initialisation. The first updates are then huge and can kill the network.

    ## How to fix
    Standardise the inputs (fit on the training split); match output layer, loss and labels (`Dense(1, sigmoid)` +
    `binary_crossentropy` with 0/1 labels, `Dense(C, softmax)` + `categorical_crossentropy` with one-hot labels,
    logits into `CrossEntropyLoss`); He/Xavier initialisation.

    ## Thresholds
    At least 3 points. With C: first loss >= 3x ln(C) and >= 1 nat above it. Without C: first loss >= 30x the median
    of the next 3 points, or, when an accuracy is logged (a classifier), >= 3x ln(100). When C is only a guess (read off
    the level where the loss or a pinned accuracy sat), the finding is a note (info, confidence <= 0.35) unless the loss
    also falls >= 3x right after the first value (then a warning, confidence <= 0.6): a wrong guess of C must not
    make an ordinary start (a multi-term loss) a warning. An epoch-mean first value is judged as it is: it can only understate the true first loss. >= 100x is called huge (inputs or labels rather than initialisation).
    """
    s = ctx.run.find(Kind.LOSS, Split.TRAIN)
    if s is None:
        return
    ok = np.isfinite(s.values)
    steps, v = s.steps[ok], s.values[ok]
    if v.size < MIN_POINTS:
        return
    first = float(v[0])
    nxt = float(np.median(v[1:4]))
    classes = chance.infer_classes(ctx.run, ctx.options)  # never from the first loss itself
    if classes is None:
        classes = chance.classes_from_plateau(ctx.run, float(np.median(v[-max(2, v.size // 2):])), first)
    if classes is not None:
        expected = classes.chance_loss
        ratio = first / expected
        if not (ratio >= RATIO_CHANCE and first - expected >= EXCESS_NATS):
            return
        how_en, how_zh = classes.describe()
        ref_en = f"ln({classes.count}) = {expected:.4g}, the loss of an untrained {classes.count}-class model (C {how_en})"
        ref_zh = f"ln({classes.count}) = {expected:.4g}，即未训练的 {classes.count} 类模型的损失（C {how_zh}）"
    elif ctx.run.find_all(Kind.ACCURACY):
        # a classifier (it logs accuracy) with an unknown C: judge against the largest plausible ln(C)
        expected = chance.chance_loss(MAX_CLASSES)
        ratio = first / expected
        if not (ratio >= RATIO_CHANCE and first - expected >= EXCESS_NATS):
            return
        ref_en = (f"ln({MAX_CLASSES}) = {expected:.4g}, the loss of an untrained classifier with up to {MAX_CLASSES} "
                  "classes (the number of classes is unknown)")
        ref_zh = f"ln({MAX_CLASSES}) = {expected:.4g}，即不超过 {MAX_CLASSES} 类的未训练分类器的损失（类别数未知）"
    else:
        if nxt <= 0 or first / nxt < RATIO_NEXT:
            return
        expected, ratio = nxt, first / nxt
        ref_en = f"{nxt:.4g}, the level of the next points (the number of classes is unknown)"
        ref_zh = f"{nxt:.4g}，即紧随其后的几个点的水平（类别数未知）"
    huge = ratio >= HUGE
    u_en, u_zh = ("epoch", "轮") if s.axis.value == "epoch" else ("step", "步")
    x0 = float(steps[0])
    causes = (
        Cause("unnormalized_input", 0.6 if huge else 0.4,
              Text(f"a first loss {ratio:.3g}x the expected level takes very large activations: raw feature values",
                   f"初始损失为预期水平的 {ratio:.3g} 倍，需要非常大的激活值：多半是未归一化的原始特征")),
        Cause("label_or_loss_misconfig", 0.4,
              Text("an output layer that does not match the loss (no sigmoid/softmax where one is expected, "
                   "integer labels into a one-hot loss) gives unbounded first losses",
                   "输出层与损失不匹配（该有 sigmoid/softmax 时没有、整数标签配 one-hot 损失）会产生无界的初始损失")),
        Cause("bad_initialization", 0.25 if huge else 0.4,
              Text("weights initialised too large make over-confident wrong first predictions",
                   "初始化权重过大导致最初的预测错误且过度自信")),
        Cause("lr_too_high", 0.2, Text("an epoch-level first value averages the first updates: a blow-up inside the "
                                       "first epoch shows here too", "按轮记录的首个值是第一轮更新的平均：第一轮内的爆炸也会体现在这里")),
    )
    guessed = classes is not None and classes.how in GUESSED
    confirmed = nxt > 0 and first / nxt >= GUESS_DROP  # the curve itself shows the start was abnormal
    conf = confidence(math.log(ratio), math.log(RATIO_CHANCE if classes is not None else RATIO_NEXT), v.size)
    yield Finding(
        code="LD113", name="abnormal_initial_loss",
        severity=Severity.INFO if guessed and not confirmed else Severity.WARNING,
        confidence=round(min(conf, 0.6 if confirmed else 0.35), 2) if guessed else conf,
        message=Text(f"The first {s.key} is {first:.4g} at {u_en} {x0:g}, {ratio:.3g}x {ref_en}; it then drops to "
                     f"{nxt:.4g}.",
                     f"第 {x0:g} {u_zh}的首个 {s.key} 为 {first:.4g}，是 {ref_zh} 的 {ratio:.3g} 倍；之后降到 {nxt:.4g}。"),
        span=Span(s.axis.value, x0, float(steps[min(3, v.size - 1)])),
        evidence={"first_loss": first, "expected_initial_loss": expected, "ratio": ratio, "next_level": nxt,
                  "num_classes": classes.count if classes else None,
                  "num_classes_from": classes.how if classes else None, "huge": huge},
        causes=causes,
        fixes=(normalize_inputs(), check_output_head(classes.count if classes else None), fix_dead_units()),
        series=(s.key,),
        experiment=Text("Before training, compute the loss of the untrained model on one batch (expect about ln(C)) "
                        "and print the per-feature mean and std of that batch (expect about 0 and 1).",
                        "训练前在一个批次上计算未训练模型的损失（应约为 ln(C)），并打印该批次每个特征的均值和标准差（应约为 0 和 1）。"),
    )
