"""LD102 underfitting: both losses level off high with a small gap: the model does not fit the data."""
from __future__ import annotations

import math
from typing import Iterator

import numpy as np

from .. import stats
from ..findings import Cause, Finding, Severity, Span
from ..i18n import Text
from ..model import Kind, Split
from . import chance
from ._curve import make_curve, train_curve
from ._rule import Context, Requirement, rule
from .fixes_training import bigger_model, less_regularization, lr_range_test

MIN_POINTS = 5
HIGH_OF_CHANCE = 0.5  # with C known: the final training loss is >= 50% of ln(C) ...
HIGH_OF_START = 0.5  # ... without C: it kept >= 50% of its starting level
MAX_LATE_GAIN = 0.05  # it has levelled off: the last quarter gained < 5% of the whole drop
MAX_LATE_GAIN_ACC_FLAT = 0.15  # ... or < 15% when the accuracy has stopped moving (a slow tail that buys nothing)
MAX_GAP = 0.25  # validation ends within 25% of the training level above it (else it is a generalisation problem)
MIN_PROGRESS = 0.10  # below 10% progress it is loss_not_decreasing


def _accuracy_levelled(ctx: Context) -> bool:
    """The training (else validation) accuracy gained < 0.05 over the second half of the run."""
    acc = ctx.run.find(Kind.ACCURACY, Split.TRAIN) or ctx.run.find(Kind.ACCURACY, Split.VAL)
    if acc is None:
        return False
    v = acc.values[np.isfinite(acc.values)]
    if v.size < 6:
        return False
    half = v[v.size // 2:]
    k = max(1, half.size // 4)
    return float(np.median(half[-k:]) - np.median(half[:k])) < 0.05


@rule(code="LD102", name="underfitting", severity=Severity.WARNING, requires=(Requirement(Kind.LOSS, Split.TRAIN),),
      summary=Text("Both losses stay high with a small gap: the model does not fit the data.",
                   "训练和验证损失都很高且差距小：模型没有拟合数据。"),
      explains=('plateau',))
def underfitting(ctx: Context) -> Iterator[Finding]:
    """
    ## What it detects
    High bias (seed 002, 003 §2.1): the training loss learned something, then levelled off at a high level, and the
    validation loss sits close to it. "High" is judged against ln(C) when the number of classes is known or
    inferred (final training loss >= 50% of ln(C)), otherwise against the start (it kept >= 50% of its first value).

    ## Why it matters
    The model cannot represent the data as set up: more epochs will not help; more data will not help either.

    ## How to fix
    A bigger model (more units/layers), less regularisation (dropout 0.1-0.3, weight decay <= 1e-4), better features;
    check the learning rate with a range test.

    ## Thresholds
    At least 5 points; progress >= 10% of the start (else loss_not_decreasing); last quarter gained < 5% of the whole
    drop, or < 15% when the accuracy gained < 0.05 over the second half (else still improving); final level high as
    above; validation (when logged) ends <= 25% above training. A warning for a classifier (`--num-classes` given or
    an accuracy logged); info otherwise, since the first value of a regression loss or of a log excerpt is no
    reference for "high".
    """
    c = train_curve(ctx.run, MIN_POINTS)
    if c is None or c.start <= 0:
        return
    sm = c.smooth
    drop = float(sm[0] - sm.min())
    if drop < MIN_PROGRESS * abs(c.start):
        return
    q = max(2, int(math.ceil(c.m / 4)))
    late = float(sm[-q] - sm[-1])
    acc_flat = _accuracy_levelled(ctx)
    if late >= (MAX_LATE_GAIN_ACC_FLAT if acc_flat else MAX_LATE_GAIN) * drop:
        return
    end = c.end
    classes = chance.infer_classes(ctx.run, ctx.options, first_loss=c.start)
    if classes is not None:
        ref, high = classes.chance_loss, end >= HIGH_OF_CHANCE * classes.chance_loss
        ref_en = f"{end / ref:.0%} of ln({classes.count}) = {ref:.3g}, the loss of a uniform guess"
        ref_zh = f"为 ln({classes.count}) = {ref:.3g}（均匀猜测的损失）的 {end / ref:.0%}"
    else:
        ref, high = c.start, end >= HIGH_OF_START * c.start
        ref_en = f"{end / ref:.0%} of where it started ({ref:.3g})"
        ref_zh = f"为起始值 {ref:.3g} 的 {end / ref:.0%}"
    if not high:
        return
    val = ctx.run.find(Kind.LOSS, Split.VAL)
    vc = make_curve(val) if val is not None else None
    gap = None
    if vc is not None and vc.m >= 2:
        v_end = vc.end
        gap = (v_end - end) / abs(end)
        if gap > MAX_GAP:
            return
    acc = ctx.run.find(Kind.ACCURACY, Split.TRAIN)
    acc_end = None
    if acc is not None and np.isfinite(acc.values).any():
        av = acc.values[np.isfinite(acc.values)]
        acc_end = float(np.median(av[-max(1, av.size // 10):]))
    reg_in_training = gap is not None and gap < -0.05
    u_en, u_zh = c.unit
    x0, x1 = c.fmt_x(max(0, c.m - q)), float(c.x[-1])
    gap_en = f"; validation ends {gap:+.0%} from it" if gap is not None else ""
    gap_zh = f"；验证损失与其相差 {gap:+.0%}" if gap is not None else ""
    acc_en = f"; training accuracy {acc_end:.3f}" if acc_end is not None else ""
    acc_zh = f"；训练准确率 {acc_end:.3f}" if acc_end is not None else ""
    # "high" needs a reference: ln(C) or the accuracy of a classifier; for any other loss (a regression, an excerpt
    # that starts mid-run) the first value is only a weak one, so it is a hint, not a warning
    classifier = bool(ctx.options.num_classes) or bool(ctx.run.find_all(Kind.ACCURACY))
    yield Finding(
        code="LD102", name="underfitting", severity=Severity.WARNING if classifier else Severity.INFO,
        message=Text(f"{c.key} levelled off high at {end:.4g} ({ref_en}){gap_en}{acc_en}: the model does not fit the "
                     "training data.",
                     f"{c.key} 在较高水平 {end:.4g} 停住（{ref_zh}）{gap_zh}{acc_zh}：模型没有拟合训练数据。"),
        span=Span(c.axis, x0, x1),
        evidence={"train_loss_at_end": end, "reference_loss": ref, "end_over_reference": end / ref,
                  "relative_gap": gap, "late_gain_share": late / drop if drop > 0 else 0.0,
                  "train_accuracy_at_end": acc_end, "num_classes": classes.count if classes else None,
                  "num_classes_from": classes.how if classes else None, "noise": c.noise,
                  "slope_last_quarter": stats.ols_slope(np.arange(q, dtype=np.float64), c.y[-q:])[0]},
        causes=tuple(sorted((
            Cause("model_too_small", 0.35 if reg_in_training else 0.5,
                  Text("training loss levelled off high with validation close to it: the capacity is used up",
                       "训练损失在高位停住且验证损失与之接近：模型容量已用尽")),
            Cause("over_regularization", 0.55 if reg_in_training else 0.35,
                  Text("validation below training means the regularisation (dropout) acting in training holds the "
                       "fit back" if reg_in_training else "strong dropout or weight decay keeps the fit loose",
                       "验证损失低于训练损失，说明训练时的正则化（dropout）拖住了拟合" if reg_in_training else
                       "过强的 dropout 或权重衰减让拟合过松")),
            Cause("lr_too_low", 0.15, Text("a too-small step can level off early in a poor region",
                                           "步长过小可能过早停在较差区域")),
        ), key=lambda cause: -cause.likelihood)),
        fixes=(bigger_model(), less_regularization(), lr_range_test()),
        series=(c.key,) + ((vc.key,) if vc is not None else ()),
        experiment=Text("Over-fit 16 training samples with regularisation off: if the loss reaches ~0, double the "
                        "hidden width and retrain; if the training loss then drops, capacity was the limit.",
                        "关闭正则化，用 16 个训练样本过拟合：若损失接近 0，把隐藏层加宽一倍再训练；若训练损失随之下降，"
                        "说明瓶颈在容量。"),
    )
