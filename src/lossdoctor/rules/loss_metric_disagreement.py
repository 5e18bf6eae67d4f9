"""LD111 loss_metric_disagreement: loss and accuracy tell different stories."""
from __future__ import annotations

import math
from typing import Iterator

import numpy as np

from .. import stats
from ..findings import Cause, Finding, Severity, Span
from ..i18n import Text
from ..model import Kind, Run, Split
from . import _pair as C
from ._rule import Context, Requirement, rule
from .fixes_split import calibrate, check_loss_pairing, class_weights

MIN_POINTS = 5
MIN_LOSS_DROP = 0.20  # the loss falls by at least 20% of its starting level...
MAX_ACC_MOVE = 0.02  # ...while accuracy moves by less than 2 points (and its own uncertainty)
NEAR_PERFECT = 0.95  # accuracy already this high has no room to move
MIN_ACC_RISE = 0.01  # over-confidence: validation accuracy still rises by at least 1 point
MIN_LOSS_RISE = 0.01  # while validation loss rises by at least 1% of the run's starting loss
SIGNIFICANCE = 3.0


@rule(code="LD111", name="loss_metric_disagreement", severity=Severity.WARNING,
      requires=(Requirement(Kind.LOSS), Requirement(Kind.ACCURACY)),
      summary=Text("Loss and accuracy tell different stories.", "损失和准确率的走势相互矛盾。"))
def loss_metric_disagreement(ctx: Context) -> Iterator[Finding]:
    """
    ## What it detects
    Two patterns of seed 003 §3.2 (loss and accuracy read together):
    (1) the loss falls clearly but the accuracy on the same split does not move (or falls): the loss is not
    measuring the task the accuracy measures; (2) after its best point the validation loss rises while
    validation accuracy keeps rising: the model is right more often but over-confident on its mistakes.

    ## Why it matters
    (1) usually means a mismatch between output layer, loss and label format (a sigmoid/BCE head on a
    multi-class task, one-hot vs integer labels, the wrong accuracy metric) or a model that only learns the
    class priors. (2) means early stopping on `val_loss` stops too soon for accuracy, and probabilities are
    badly calibrated.

    ## How to fix
    (1) check the output layer / loss / label pairing and the metric; (2) monitor the metric you care about
    for early stopping and calibrate (label smoothing, temperature scaling).

    ## Thresholds
    (1) at least 5 points; the loss's robust trend falls by 20% of its starting level and 3x its
    uncertainty, while accuracy changes by less than 2 points and its own uncertainty, and stays below 0.95.
    (2) validation loss rises after its best point by at least 1% of the starting loss and 3 standard
    errors, while validation accuracy rises over the same span by at least 1 point and 3x its uncertainty.
    """
    run = ctx.run
    for split in (Split.TRAIN, Split.VAL):
        f = _loss_without_accuracy(run, split)
        if f is not None:
            yield f
            break
    g = _overconfidence(run)
    if g is not None:
        yield g


def _series(run: Run, split: Split) -> tuple[str, str, str, np.ndarray, np.ndarray, np.ndarray] | None:
    acc = run.find(Kind.ACCURACY, split)
    loss = C.matching(run, Kind.LOSS, split, acc) if acc is not None else None
    if loss is None or acc is None:
        return None
    ls, lv = C.finite(loss)
    as_, av = C.finite(acc)
    steps, a_at, l_at = stats.align(as_, av, ls, lv)
    if steps.size < MIN_POINTS:
        return None
    return loss.key, acc.key, loss.axis.value, steps, l_at, a_at


def _loss_without_accuracy(run: Run, split: Split) -> Finding | None:
    s = _series(run, split)
    if s is None:
        return None
    lkey, akey, axis, steps, lv, av = s
    ch_l, unc_l = C.trend_change(steps, lv)
    ch_a, unc_a = C.trend_change(steps, av)
    l0 = abs(float(np.median(lv[:2])))
    if l0 <= 0 or -ch_l < MIN_LOSS_DROP * l0 or -ch_l < SIGNIFICANCE * unc_l:
        return None
    if float(np.nanmax(av)) >= NEAR_PERFECT:
        return None
    moved_wrong = ch_a < -max(0.05, SIGNIFICANCE * unc_a)
    flat = abs(ch_a) < MAX_ACC_MOVE and abs(ch_a) < max(SIGNIFICANCE * unc_a, MAX_ACC_MOVE)
    if not (flat or moved_wrong):
        return None
    ue, uz = C.unit(axis)
    a, b = float(steps[0]), float(steps[-1])
    # accuracy pinned at a high constant share: the model predicts the majority class while the loss learns priors
    med = float(np.median(av))
    pinned = bool(med >= 0.5 and float(np.mean(np.abs(av - med) <= 0.005)) >= 0.8)
    how_en = "fell" if moved_wrong else "did not move"
    how_zh = "反而下降" if moved_wrong else "几乎不变"
    return Finding(
        code="LD111", name="loss_metric_disagreement", severity=Severity.WARNING,
        message=Text(
            f"{lkey} fell {-ch_l:.3g} ({-ch_l / l0:.0%}) over {ue}s {a:g}-{b:g} but {akey} {how_en} "
            f"({ch_a:+.3g}, stays near {float(np.median(av)):.3g}): the loss is not measuring what the accuracy "
            "measures.",
            f"{lkey} 在第 {a:g}-{b:g} {uz}间下降了 {-ch_l:.3g}（{-ch_l / l0:.0%}），而 {akey} {how_zh}"
            f"（{ch_a:+.3g}，一直在 {float(np.median(av)):.3g} 附近）：损失衡量的不是准确率所衡量的东西。"),
        span=Span(axis, a, b),
        evidence={"pattern": "loss_falls_accuracy_flat", "loss_change": ch_l, "loss_start": l0,
                  "accuracy_change": ch_a, "accuracy_change_uncertainty": unc_a,
                  "accuracy_median": float(np.median(av))},
        causes=tuple(sorted((
            Cause("label_or_loss_misconfig", 0.3 if pinned else 0.55,
                  Text("the output layer, loss and label format do not belong together (e.g. a sigmoid/BCE head on a "
                       "multi-class task, one-hot vs integer labels) or the accuracy metric is the wrong one",
                       "输出层、损失和标签格式不匹配（如多分类任务用了 sigmoid/BCE 输出），或准确率指标选错了")),
            Cause("class_imbalance", 0.55 if pinned else 0.3,
                  Text(f"the loss can fall by learning the class shares while accuracy stays at the majority share "
                       f"(~{float(np.median(av)):.3g})", f"损失可以通过学习类别比例而下降，而准确率停在多数类占比"
                       f"（约 {float(np.median(av)):.3g}）"),
                  Text("with balanced classes the majority share is 1/C; an accuracy far from both points to "
                       "the pairing",
                       "若类别均衡，多数类占比就是 1/C；准确率与两者都相差很远时，更可能是输出层/损失/标签不匹配")),
        ), key=lambda c: -c.likelihood)),
        fixes=(class_weights(), check_loss_pairing()) if pinned else (check_loss_pairing(), class_weights()),
        series=(lkey, akey),
        experiment=Text("Print the model's output shape, activation, the loss and one batch of labels side by side; "
                        "compute accuracy by hand on one batch with argmax and compare with the logged metric.",
                        "把模型输出的形状、激活函数、损失函数和一批标签并排打印出来；用 argmax 手工计算一批数据的准确率并与记录的指标比较。"),
    )


def _overconfidence(run: Run) -> Finding | None:
    s = _series(run, Split.VAL)
    if s is None:
        return None
    lkey, akey, axis, steps, lv, av = s
    sm = C.smooth_centered(lv)
    best = int(np.argmin(sm))
    n = lv.size
    if n - 1 - best < max(2, math.ceil(0.1 * n)):
        return None
    m = max(2, math.ceil((n - 1 - best) / 3))
    rise = float(np.median(lv[-m:]) - sm[best])
    sigma = C.noise(lv)
    ch_l, unc_l = C.trend_change(steps[best:], lv[best:])
    if rise < max(MIN_LOSS_RISE * abs(float(lv[0])), SIGNIFICANCE * 1.25 * sigma / math.sqrt(m)) or \
            ch_l < SIGNIFICANCE * unc_l:
        return None
    ch_a, unc_a = C.trend_change(steps[best:], av[best:])
    if ch_a < MIN_ACC_RISE or ch_a < SIGNIFICANCE * unc_a:
        return None
    ue, uz = C.unit(axis)
    a, b = float(steps[best]), float(steps[-1])
    return Finding(
        code="LD111", name="loss_metric_disagreement", severity=Severity.INFO,
        message=Text(
            f"After {ue} {a:g} {lkey} rose {rise:.3g} while {akey} still rose {ch_a:+.3g}: the model is right more "
            f"often but over-confident on its mistakes; early stopping on {lkey} at {ue} {a:g} would cost accuracy.",
            f"第 {a:g} {uz}之后 {lkey} 上升了 {rise:.3g}，而 {akey} 仍上升了 {ch_a:+.3g}：模型猜对得更多，但对错误样本过度自信；"
            f"若按 {lkey} 在第 {a:g} {uz}早停会损失准确率。"),
        span=Span(axis, a, b),
        evidence={"pattern": "val_loss_up_val_accuracy_up", f"val_loss_best_{ue}": a, "val_loss_rise": rise,
                  "val_accuracy_change": ch_a, "val_accuracy_change_uncertainty": unc_a},
        causes=(
            Cause("insufficient_regularization", 0.45,
                  Text("growing confidence on the training data makes the few wrong validation predictions very "
                       "expensive in loss", "对训练数据越来越自信，使少数错误的验证预测在损失上代价很大")),
            Cause("noisy_labels", 0.25, Text("mislabelled validation examples are predicted confidently 'wrong'",
                                             "标错的验证样本会被模型“自信地错判”")),
            Cause("class_imbalance", 0.2, Text("accuracy can improve on frequent classes while rare classes get "
                                               "confidently wrong", "准确率可能在常见类别上提高，而稀有类别被自信地判错")),
        ),
        fixes=(calibrate(),),
        series=(lkey, akey),
        experiment=Text("Plot a reliability diagram (confidence vs accuracy) on the validation set at the best-loss "
                        "and at the last epoch; over-confidence shows as confidence far above accuracy.",
                        "在验证集上分别画出最佳损失轮次与最后一轮的可靠性图（置信度对准确率）；过度自信表现为置信度远高于准确率。"),
    )
