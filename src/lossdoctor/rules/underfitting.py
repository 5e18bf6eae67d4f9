"""LD102 underfitting: both losses level off high with a small gap: the model does not fit the data."""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from .. import stats
from ..findings import Cause, Finding, Severity, Span
from ..i18n import Text
from ..model import Kind, Series, Split
from . import _pair as P
from . import chance
from ._cause_evidence import DECAYED_AWAY, lr_share_at
from ._confidence import confidence
from ._curve import Curve
from ._rule import Context, Requirement, Verdict, define, opt
from ._start import begins_at_start
from .fixes_training import bigger_model, less_regularization, lr_range_test

DOC = """
## What it detects
High bias (seed 002, 003 §2.1): the training loss learned something, then levelled off at a high level, and the
validation loss sits close to it. "High" is judged against ln(C) when the number of classes is known or
inferred (final training loss >= 50% of ln(C)), otherwise against the start (it kept >= 50% of its first value), and
only when the log begins where training began (its first point within 2 point intervals of step 0): the first value
of a tail pasted from epoch 60 is a trained model's level, no reference for "high" (a note there). Without an absolute
reference - no number of classes given and no accuracy logged, so "high" could only mean high against the loss's own
start (or a C guessed from it) - it says nothing: a loss with an unknown floor (a language model, an ELBO, a quantile
or survival loss) that fell and levelled off is what a converged run looks like.

## Why it matters
The model cannot represent the data as set up: more epochs will not help; more data will not help either.

## How to fix
A bigger model (more units/layers), less regularisation (dropout 0.1-0.3, weight decay <= 1e-4), better features;
check the learning rate with a range test.

## Thresholds
At least 5 points; progress >= 10% of the start (else loss_not_decreasing) and an end below the start (a loss that
ends above where it began got worse: rebound or divergence); last quarter gained < 5% of the whole
drop, or < 15% when the accuracy gained < 0.05 over the second half (else still improving); final level high as
above, and at its lowest too (a training loss that got below the "high" level fitted the data: ending high again is a
rebound, not a model that cannot fit); validation (when logged) ends <= 25% above training, and is high too when it ends below training (a training
objective harder than the task, such as mixup or smoothed targets, sets the training level). A last quarter that still falls by more than twice the
curve's noise per point, or where a curve of the model (training or validation loss or accuracy) still improves over
its last quarter by more than 3x its robust trend's uncertainty, has not levelled off (info: more epochs would tell a floor from a slow descent), unless,
for a classifier, that rate would need 3x the whole run again to bring the loss below the "high" level: a creep that
slow has not fitted the data after the run it had (a warning, whatever the last quarter gained; a note when the log
reached fewer than 10 validation evaluations: the start of a run). A classifier (accuracy logged, C known or
inferred) whose last quarter still gains more than that, but which after a whole run from its start (10+ points) still
ends at half its starting loss or above (and high against ln(C)), its accuracy under 95% and its loss not capped (the
right class given at least half the probability the accuracy says is right), has not fitted the data yet: a note
(confidence <= 0.5) asking for more epochs. A warning for a classifier (`--num-classes` given or
an accuracy logged); info otherwise, and info when the training accuracy ends at 95%+ (the data is fitted: a high
loss beside it is the objective's own floor, e.g. label smoothing), since the first value of a regression loss or of a log excerpt is no
reference for "high".
Stated context: a loss stated not to be a cross-entropy, or a task without classes, has no ln(C) (judged against the
start, a note: no classifier's reference); a run stated to be a fine-tune starts from a trained model's level (no reference for "high" without C: a note),
and on fewer than 10 points is a note unless the loss ends at 90% of ln(C) or above.
"""


@dataclass(frozen=True)
class Options:
    min_points: int = opt(5, "fewer points cannot show a curve that learned and then levelled off")
    creep_min_evals: int = opt(10, "'has not fitted the data after the run it had' needs a run: a creep seen over fewer "
                                   "than 10 validation evaluations (a 5-epoch course demo whose every curve still "
                                   "improves) is the start of one, a note")
    high_of_chance: float = opt(0.5, "with C known: the final training loss is >= 50% of ln(C) ...")
    high_of_start: float = opt(0.5, "... without C: it kept >= 50% of its starting level")
    max_late_gain: float = opt(0.05, "it has levelled off: the last quarter gained < 5% of the whole drop")
    max_late_gain_acc_flat: float = opt(0.15, "... or < 15% when the accuracy has stopped moving (a slow tail that "
                                              "buys nothing)")
    acc_flat_gain: float = opt(0.05, "an accuracy 'stopped moving' when it gained under 5 points over the second half")
    max_gap: float = opt(0.25, "validation ends within 25% of the training level above it (else it is a "
                               "generalisation problem)")
    min_progress: float = opt(0.10, "below 10% progress it is loss_not_decreasing")
    capped_share: float = opt(0.5, "causes: a classifier right on a share a of its examples whose cross-entropy L "
                                   "gives the right class exp(-L) <= a/2 on (geometric) average: it ranks the right "
                                   "class first yet never trusts it; a loose fit has a loss that follows its accuracy "
                                   "(a calibrated 87% model with hard mistakes still gives ~0.6 of a): its "
                                   "probabilities are capped by the loss or the logits (a softmax applied twice, a "
                                   "logit scale), not by capacity; not when the logged LR decayed away (<= 1% of "
                                   "its peak): a model whose steps stopped is unconfident, not capped")
    fitted_acc: float = opt(0.95, "a training accuracy ending at 95%+ (19 training examples in 20 right) fits the "
                                  "training data: a high loss beside it is the objective's floor (label smoothing, a "
                                  "regulariser, a summed or margin loss), a note that says so, never 'does not fit'")
    creep_runs: float = opt(3.0, "a classifier's loss that is high and, at its last quarter's rate, would need "
                                 "several times the whole run again (3x) to stop being high has not fitted the data, "
                                 "however it still creeps; a short run that needs once or twice its length more is "
                                 "still improving")
    late_trend_unc: float = opt(3.0, "a curve of the model (training or validation loss or accuracy) still improves "
                                     "over its last quarter (4+ points) by more than 3x the uncertainty of its robust "
                                     "trend: a slow descent, not levelled off (info, asking for more epochs)")
    fine_tune_min_points: int = opt(10, "a run stated to be a fine-tune is short by design: over fewer than 10 points a "
                                        "high level is a note ...")
    fine_tune_strong: float = opt(0.9, "... unless the loss still ends at 90% of ln(C) or above (C known): the "
                                       "pretrained model learned next to nothing of the new task")
    near_chance: float = opt(0.85, "a warning that both losses end at 85-100% of ln(C), with C given, is the model "
                                   "barely beating a uniform guess (a loss 15% or less under chance): the one reading "
                                   "of under-fitting that the warning policy lets warn")
    still_falling_noise: float = opt(2.0, "the last quarter still falls more than 2x the curve's noise per point: "
                                          "slowing, not levelled off (info, asking for more epochs)")


@dataclass(frozen=True)
class Evidence:
    c: Curve
    drop: float  # start of the smoothed curve to its lowest point
    late: float  # what the last quarter gained
    q: int  # points in the last quarter
    acc_gain_second_half: float | None  # training (else validation) accuracy gain over the second half
    classes: chance.Classes | None
    vc: Curve | None  # the validation loss curve
    acc_end: float | None  # final training accuracy
    classifier: bool  # --num-classes given or an accuracy logged
    slope_last_quarter: float
    # the curve of the model that improves most steadily over its last quarter: (key, improvement, uncertainty)
    late_trend: tuple[str, float, float] = ("", 0.0, 0.0)
    from_start: bool = True  # the log's first point lies within 2 point intervals of step 0 (not a pasted tail)
    fine_tune: bool = False  # the user stated a fine-tune: the first value is already a trained model's loss
    no_chance: bool = False  # the user stated a loss or task without a chance level (no classifier's reference)
    any_acc_end: float | None = None  # final accuracy, training else validation
    lr_end_share: float | None = None  # the logged LR at the end as a share of its peak (None: no LR logged)


def _accuracy_gain(ctx: Context) -> float | None:
    """What the training (else validation) accuracy gained over the second half of the run (None if too short)."""
    acc = ctx.run.find(Kind.ACCURACY, Split.TRAIN) or ctx.run.find(Kind.ACCURACY, Split.VAL)
    if acc is None:
        return None
    v = acc.values[np.isfinite(acc.values)]
    if v.size < 6:
        return None
    half = v[v.size // 2:]
    k = max(1, half.size // 4)
    return float(np.median(half[-k:]) - np.median(half[:k]))


def _late_trend(ctx: Context, c: Curve) -> tuple[str, float, float]:
    """Which of the model's curves (the training loss, the validation loss, a training or validation accuracy)
    improves most steadily over its last quarter, in units of its robust trend's uncertainty: a model still
    learning shows it on any of them (a progress bar's last-batch loss hides it; the epoch accuracy does not)."""
    curves = [(c.key, c.x, c.y, -1.0)]
    for kind, split, sign in ((Kind.LOSS, Split.VAL, -1.0), (Kind.ACCURACY, Split.TRAIN, 1.0),
                              (Kind.ACCURACY, Split.VAL, 1.0)):
        s = ctx.run.find(kind, split) or (ctx.run.find(kind, Split.TEST) if split is Split.VAL else None)
        if s is not None:
            ok = np.isfinite(s.values)
            curves.append((s.key, s.steps[ok], s.values[ok], sign))
    best = ("", 0.0, 0.0)
    for key, x, y, sign in curves:
        q = int(math.ceil(y.size / 4))
        if q < 4:  # a trend needs 4 points
            continue
        change, unc = P.trend_change(x[-q:], y[-q:])
        gain = sign * change
        if gain > 0 and gain / max(unc, 1e-300) > best[1] / max(best[2], 1e-300):
            best = (key, gain, unc)
    return best


def measure(ctx: Context, o: Options) -> Evidence | None:
    c = ctx.loss_curve(o.min_points)
    if c is None or c.start <= 0 or ctx.run.find(Kind.LOSS, Split.TRAIN) is None:
        return None
    sm = c.smooth
    q = max(2, int(math.ceil(c.m / 4)))
    train_acc = ctx.run.find(Kind.ACCURACY, Split.TRAIN)
    vc = ctx.curve(ctx.run.find(Kind.LOSS, Split.VAL))
    return Evidence(c, float(sm[0] - sm.min()), float(sm[-q] - sm[-1]), q, _accuracy_gain(ctx), ctx.classes(c.start),
                    vc if vc is not None and vc.m >= 2 else None, _end_of(train_acc),
                    # a classifier's loss has an absolute reference for "high"; a loss stated to have no chance level
                    # (a sum of terms, a regression, a detector's total) has only its own start, a weak one
                    (bool(ctx.options.num_classes) or bool(ctx.run.find_all(Kind.ACCURACY)))
                    and ctx.stated.no_chance_level() is None,
                    stats.ols_slope(np.arange(q, dtype=np.float64), c.y[-q:])[0],
                    _late_trend(ctx, c), begins_at_start(c.x), ctx.stated.fine_tune is True,
                    ctx.stated.no_chance_level() is not None,
                    _end_of(train_acc or ctx.run.find(Kind.ACCURACY, Split.VAL)),
                    lr_share_at(ctx.run, c.axis, float(c.x[0]), float(c.x[-1]), float(c.x[-1])))


def _end_of(acc: Series | None) -> float | None:
    """An accuracy where the run ends: the median of its last 10% of finite values (None when there are none)."""
    if acc is None or not np.isfinite(acc.values).any():
        return None
    av = acc.values[np.isfinite(acc.values)]
    return float(np.median(av[-max(1, av.size // 10):]))


def capped(loss_end: float, acc_end: float | None, share: float) -> bool:
    """Whether a cross-entropy that ends at `loss_end` gives the right class far less probability than the accuracy
    says the model gets right: exp(-loss) <= share x accuracy."""
    return acc_end is not None and acc_end > 0 and math.exp(-loss_end) <= share * acc_end


def _reference(e: Evidence, o: Options) -> tuple[float, bool]:
    """The level "high" is judged against (ln C, else the start) and whether the end is high."""
    end = e.c.end
    if e.classes is not None:
        return e.classes.chance_loss, end >= o.high_of_chance * e.classes.chance_loss
    return e.c.start, end >= o.high_of_start * e.c.start


def creep_points(e: Evidence, o: Options) -> float:
    """How many more points the last quarter's rate of fall would need to bring the loss down to where it stops
    counting as high (0 when it does not fall: it has levelled off, which the other tests judge)."""
    ref, _ = _reference(e, o)
    target = (o.high_of_chance if e.classes is not None else o.high_of_start) * ref
    falling = max(-e.slope_last_quarter, e.late / max(1, e.q - 1))
    return (e.c.end - target) / falling if falling > 0 else 0.0


def judge(e: Evidence, o: Options) -> Verdict | None:
    """A stated fine-tune is short by design: a warning on fewer points than a run needs becomes a note, unless the
    loss ends near ln(C) (C known)."""
    v = _judge(e, o)
    if v is None or not e.fine_tune or v.severity <= Severity.INFO or e.c.m >= o.fine_tune_min_points:
        return v
    if e.classes is not None and e.c.end >= o.fine_tune_strong * e.classes.chance_loss:
        return v
    note = Text(f"The run is stated to be a fine-tune (--fine-tune), short by design: over {e.c.m} points this is a "
                "note; more epochs would show whether it stays high.",
                f"已说明这是微调（--fine-tune），本就训练很短：只有 {e.c.m} 个点，仅作提示；再多训练几轮才能看出它是否一直偏高。")
    settle = note if v.settle is None else Text(f"{v.settle.en} {note.en}", f"{v.settle.zh}{note.zh}")
    return Verdict(Severity.INFO, min(v.confidence, 0.5), settle=settle, reading=v.reading)


def _unfit_after_run(e: Evidence, o: Options, midrun: bool) -> bool:
    """A classifier with a logged accuracy that, after a whole run from its start (10+ points), still ends high against
    ln(C) and above half its starting loss, with the accuracy short of fitting the training data: what a practitioner
    calls a model that has not fitted the data, however it still falls. Not when the loss gives the right class far
    less probability than the accuracy says is right (capped): then the loss's level is the objective's (a
    distillation or summed loss), and says nothing about the fit."""
    return (e.classes is not None and e.any_acc_end is not None and e.any_acc_end < o.fitted_acc and not midrun
            and e.from_start and not e.fine_tune and e.c.m >= o.creep_min_evals
            and e.c.end >= o.high_of_start * e.c.start and not capped(e.c.end, e.any_acc_end, o.capped_share))


def _judge(e: Evidence, o: Options) -> Verdict | None:
    c = e.c
    if e.drop < o.min_progress * abs(c.start):
        return None
    if c.end >= c.start:
        return None  # it ends above where it started: it got worse (a rebound or divergence), not stuck high
    ref, high = _reference(e, o)
    if not high:
        return None
    if float(c.smooth.min()) < (o.high_of_chance if e.classes is not None else o.high_of_start) * ref:
        # the training loss was not high at its best: the model did fit the data and lost it again (a rebound after
        # a learning-rate jump, a resume without the weights), which train_loss_rebound names; no capacity limit
        return None
    if not e.classifier and (e.classes is None or e.classes.how == "initial_loss"):
        # no absolute reference for "high": without a number of classes given or an accuracy logged, the only level is
        # the loss's own start (a C guessed from the first loss is that start again), and a loss with an unknown floor
        # (a language model's data entropy, an ELBO, a quantile or survival loss) that fell and levelled off is what a
        # converged run looks like; the plateau rule still reports the level. Release 9: on families v1-v7 this reading
        # named 1 run that was under-fit beside 12 healthy or otherwise-faulty runs that were not.
        return None
    if e.vc is not None and e.vc.end < c.end and e.vc.end < (o.high_of_chance if e.classes is not None
                                                             else o.high_of_start) * ref:
        # the model's loss on held-out data is not high: the training objective is harder than the task (mixup or
        # smoothed targets, heavy augmentation, dropout), so its high level is the objective's, not a model that
        # cannot fit (mixup: training loss 0.95, 69% of ln 4, beside a validation loss of 0.53 at 89% accuracy)
        return None
    # "high" against the first value of a log begun mid-run, or of a fine-tune (already a trained model's loss)
    midrun = e.classes is None and (not e.from_start or e.fine_tune)
    if e.vc is not None and (e.vc.end - c.end) / abs(c.end) > o.max_gap:
        return None
    # a loss that still creeps down, but so slowly that at its own rate it would need several times the whole run
    # again to stop being high, has not fitted the data after the run it had: the final state is what matters
    creeping = e.classifier and creep_points(e, o) > o.creep_runs * c.m
    acc_flat = e.acc_gain_second_half is not None and e.acc_gain_second_half < o.acc_flat_gain
    if e.late >= (o.max_late_gain_acc_flat if acc_flat else o.max_late_gain) * e.drop and not creeping:
        if not _unfit_after_run(e, o, midrun):
            return None
        # still falling, but after a whole run the model has not even halved its loss from the start nor brought it
        # below half of ln(C), and its accuracy says it gets a real share of its training examples wrong: it does
        # not fit the data yet; only more epochs tell a slow fit from a floor, so a note
        return Verdict(Severity.INFO, 0.5 * min(1.0, c.m / (2.0 * o.creep_min_evals)), settle=Text(
            f"It still falls ({e.late / e.drop:.0%} of its drop came in the last quarter), but after {c.m} "
            f"{c.unit[0]}s it is still at {c.end / c.start:.0%} of where it started and the accuracy ends at "
            f"{e.any_acc_end:.3f}: more {c.unit[0]}s would show whether it levels off high.",
            f"它仍在下降（最后四分之一贡献了 {e.late / e.drop:.0%} 的降幅），但训练 {c.m} {c.unit[1]}后仍为起始值的 "
            f"{c.end / c.start:.0%}，准确率最终为 {e.any_acc_end:.3f}：再多训练几{c.unit[1]}才能看出它是否停在高位。"),
            reading="unfit_falling")
    # "high" needs a reference: ln(C) or the accuracy of a classifier; for any other loss (a regression, an excerpt
    # that starts mid-run) the first value is only a weak one, so it is a hint, not a warning
    levelled = 1.0 - e.late / e.drop if e.drop > 0 else 0.0
    conf = confidence(levelled / max(1e-9, 1.0 - o.max_late_gain), 1.0, c.m)
    falling = max(-e.slope_last_quarter, e.late / max(1, e.q - 1))  # per point (a 2-point quarter has no OLS slope)
    if e.acc_end is not None and e.acc_end >= o.fitted_acc:
        # the model gets (almost) every training example right: it fits the data; the loss's own floor is high
        return Verdict(Severity.INFO, min(conf, 0.5), settle=Text(
            f"But training accuracy ends at {e.acc_end:.3f}: the data is fitted, and the loss's floor is set by the "
            "objective itself (label smoothing, a regulariser or auxiliary term), so this is a note.",
            f"但训练准确率最终为 {e.acc_end:.3f}：数据已被拟合，损失的下限由目标函数本身决定（标签平滑、正则项或辅助项），"
            "因此仅作提示。"), reading="fitted")
    if creeping and not midrun:
        more = creep_points(e, o)
        spacing = (float(c.x[-1]) - float(c.x[0])) / max(1, c.m - 1)  # units per view point (a bin of a long log)
        rate, more_units = falling / spacing if spacing > 0 else falling, more * spacing
        # "after the run it had" needs a run: a step log that reached fewer than creep_min_evals validation evaluations
        # (epochs) is the start of one, where a slow creep is ordinary
        few = e.vc is not None and e.vc.m < o.creep_min_evals
        few_en = (f" Only {e.vc.m} validation evaluations were seen: a few more epochs would show whether it stays "
                  "high." if few and e.vc is not None else "")
        few_zh = f"只看到 {e.vc.m} 次验证：再训练几轮才能看出它是否一直偏高。" if few and e.vc is not None else ""
        return Verdict(Severity.INFO if few else Severity.WARNING, min(conf, 0.5) if few else conf, settle=Text(
            f"It still falls {rate:.3g} per {c.unit[0]}; at that rate it would need about {more_units:.0f} more "
            f"{c.unit[0]}s to get down to half its reference, {more / c.m:.0f}x the whole run so far.{few_en}",
            f"它每{c.unit[1]}仍下降 {rate:.3g}；照此速度还需约 {more_units:.0f} {c.unit[1]}才能降到参考值的一半，"
            f"是已训练过程的 {more / c.m:.0f} 倍。{few_zh}"),
            reading="creeping")
    key, gain, unc = e.late_trend
    if gain > o.late_trend_unc * unc and not creeping:
        # a curve of the model still improves steadily over its last quarter, beyond its own uncertainty: a slow
        # descent, not a level; a run cut short (an excerpt of a normal start) looks like this, and only more epochs
        # tell a floor from it
        return Verdict(Severity.INFO, min(conf, 0.5), settle=Text(
            f"But {key} still improves steadily over the last quarter ({gain:.3g}, {gain / max(unc, 1e-300):.0f}x its "
            f"uncertainty): more {c.unit[0]}s would show whether it levels off high.",
            f"但 {key} 在最后四分之一仍稳定改善（{gain:.3g}，为其不确定度的 {gain / max(unc, 1e-300):.0f} 倍）："
            f"再多训练几{c.unit[1]}才能看出它是否停在高位。"))
    if c.noise > 0 and falling > o.still_falling_noise * c.noise:
        # the last quarter still falls by more than its noise at every point: slowing, not levelled off (a short
        # excerpt's last quarter is one or two epochs); only more epochs can tell a floor from a slow descent
        return Verdict(Severity.INFO, min(conf, 0.5), settle=Text(
            f"It still falls {falling:.3g} per {c.unit[0]}, more than its noise ({c.noise:.3g}): more "
            f"{c.unit[0]}s would show whether it levels off high.",
            f"它每{c.unit[1]}仍下降 {falling:.3g}，超过噪声（{c.noise:.3g}）：再多训练几{c.unit[1]}才能看出它是否停在高位。"))
    if midrun and e.fine_tune:
        return Verdict(Severity.INFO, min(conf, 0.5), settle=Text(
            "The run is stated to be a fine-tune (--fine-tune): its first value is already a trained model's loss, so "
            "it is no reference for 'high'; the number of classes (--num-classes) would give one.",
            "已说明这是微调（--fine-tune）：第一个值已是训练过的模型的损失，不能作为“偏高”的参照；提供类别数（--num-classes）"
            "即可确定。"))
    if midrun:
        return Verdict(Severity.INFO, min(conf, 0.5), settle=Text(
            "The log begins mid-run, so its first value is no reference for 'high': the number of classes "
            "(--num-classes) or the start of the run would settle it.",
            "日志从训练中途开始，其第一个值不能作为“偏高”的参照：提供类别数（--num-classes）或训练开头即可确定。"))
    if e.no_chance and not e.classifier:
        return Verdict(Severity.INFO, conf, settle=Text(
            "The loss is stated to have no chance level (--loss / --task), so only its own start says 'high': a note.",
            "已说明该损失没有随机水平（--loss / --task），只能以其起始值判断“偏高”：仅作提示。"))
    return Verdict(Severity.WARNING if e.classifier else Severity.INFO, conf)


def explain(e: Evidence, v: Verdict, o: Options) -> Finding:
    c, drop, late, q, classes, vc, acc_end = e.c, e.drop, e.late, e.q, e.classes, e.vc, e.acc_end
    end = c.end
    ref, _ = _reference(e, o)
    if classes is not None:
        ref_en = f"{end / ref:.0%} of ln({classes.count}) = {ref:.3g}, the loss of a uniform guess"
        ref_zh = f"为 ln({classes.count}) = {ref:.3g}（均匀猜测的损失）的 {end / ref:.0%}"
    else:
        ref_en = f"{end / ref:.0%} of where it started ({ref:.3g})"
        ref_zh = f"为起始值 {ref:.3g} 的 {end / ref:.0%}"
    gap = (vc.end - end) / abs(end) if vc is not None else None
    reg_in_training = gap is not None and gap < -0.05
    u_en, u_zh = c.unit
    x0, x1 = c.fmt_x(max(0, c.m - q)), float(c.x[-1])
    gap_en = f"; validation ends {gap:+.0%} from it" if gap is not None else ""
    gap_zh = f"；验证损失与其相差 {gap:+.0%}" if gap is not None else ""
    acc_en = f"; training accuracy {acc_end:.3f}" if acc_end is not None else ""
    acc_zh = f"；训练准确率 {acc_end:.3f}" if acc_end is not None else ""
    # "high" needs a reference: ln(C) or the accuracy of a classifier; for any other loss (a regression, an excerpt
    # that starts mid-run) the first value is only a weak one, so it is a hint, not a warning
    f = Finding(
        code="LD102", name="underfitting", severity=v.severity,
        message=Text(f"{c.key} levelled off high at {end:.4g} ({ref_en}){gap_en}.",
                     f"{c.key} 在较高水平 {end:.4g} 停住（{ref_zh}）{gap_zh}。")
        if v.reading == "fitted" else
        Text(f"{c.key} levelled off high at {end:.4g} ({ref_en}){gap_en}{acc_en}: the model does not fit the "
             "training data.",
             f"{c.key} 在较高水平 {end:.4g} 停住（{ref_zh}）{gap_zh}{acc_zh}：模型没有拟合训练数据。")
        if v.reading not in ("creeping", "unfit_falling") else
        Text(f"{c.key} is still high at {end:.4g} ({ref_en}) after the whole run, still falling{gap_en}{acc_en}: the "
             "model has not fitted the training data yet.",
             f"{c.key} 训练结束时仍处于高位 {end:.4g}（{ref_zh}），仍在下降{gap_zh}{acc_zh}：模型尚未拟合训练数据。")
        if v.reading == "unfit_falling" else
        Text(f"{c.key} is still high at {end:.4g} ({ref_en}) after the whole run, creeping down{gap_en}{acc_en}: the "
             "model does not fit the training data.",
             f"{c.key} 训练结束时仍处于高位 {end:.4g}（{ref_zh}），只在缓慢下降{gap_zh}{acc_zh}：模型没有拟合训练数据。"),
        span=Span(c.axis, x0, x1),
        evidence={"train_loss_at_end": end, "reference_loss": ref, "end_over_reference": end / ref,
                  "relative_gap": gap, "late_gain_share": late / drop if drop > 0 else 0.0,
                  "train_accuracy_at_end": acc_end, "num_classes": classes.count if classes else None,
                  "num_classes_from": classes.how if classes else None, "noise": c.noise,
                  "slope_last_quarter": e.slope_last_quarter},
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
        ) + ((Cause("label_or_loss_misconfig", 0.6, Text(
            f"the accuracy ends at {e.any_acc_end:.3f} while the loss gives the right class only exp(-{end:.3g}) = "
            f"{math.exp(-end):.2f} on average: the model ranks the right class first but its probabilities are "
            "capped, as by a softmax applied before the loss or a small logit scale (or a floor by design, such as "
            "label smoothing)",
            f"准确率最终为 {e.any_acc_end:.3f}，而损失只给正确类别平均 exp(-{end:.3g}) = {math.exp(-end):.2f} 的概率："
            "模型把正确类别排在第一，但概率被封顶，如同在损失前多做了一次 softmax 或 logit 缩放过小"
            "（或是有意设计的下限，如标签平滑）")),)
             if e.classifier and capped(end, e.any_acc_end, o.capped_share) and not (
                 e.lr_end_share is not None and e.lr_end_share <= DECAYED_AWAY) else ()),
            key=lambda cause: -cause.likelihood)),
        fixes=(bigger_model(), less_regularization(), lr_range_test()),
        series=(c.key,) + ((vc.key,) if vc is not None else ()),
        experiment=Text("Over-fit 16 training samples with regularisation off: if the loss reaches ~0, double the "
                        "hidden width and retrain; if the training loss then drops, capacity was the limit.",
                        "关闭正则化，用 16 个训练样本过拟合：若损失接近 0，把隐藏层加宽一倍再训练；若训练损失随之下降，"
                        "说明瓶颈在容量。"),
    )
    if near_chance(e, v, o):
        # both losses barely under a uniform guess's, C given: a model that learned next to nothing (rules/_policy.py)
        f = replace(f, evidence=dict(f.evidence, pattern="near_chance",
                                     val_loss_at_end=vc.end if vc is not None else None),
                    message=Text(f"{f.message.en} Both losses end barely under ln({classes.count}) = {ref:.3g}, the loss "
                                 "of a uniform guess: the model has learned next to nothing.",
                                 f"{f.message.zh}两个损失都只略低于 ln({classes.count}) = {ref:.3g}（均匀猜测的损失）："
                                 "模型几乎什么都没学到。") if classes is not None else f.message)
    # a fitted model has no capacity problem to name: the note keeps only the numbers
    return replace(f, causes=(), fixes=(), experiment=None) if v.reading == "fitted" else f


def near_chance(e: Evidence, v: Verdict, o: Options) -> bool:
    """A warning whose training and validation losses both end at `near_chance`-100% of ln(C), with C given: the
    model barely beats a uniform guess after levelling off (what stuck_at_chance names at ln(C) itself)."""
    if v.severity < Severity.WARNING or e.classes is None or e.classes.how != "given" or e.vc is None:
        return False
    ln_c = e.classes.chance_loss
    return all(o.near_chance * ln_c <= end < ln_c for end in (e.c.end, e.vc.end))


underfitting = define(
    code="LD102", name="underfitting", severity=Severity.WARNING, requires=(Requirement(Kind.LOSS, Split.TRAIN),),
    summary=Text("Both losses stay high with a small gap: the model does not fit the data.",
                 "训练和验证损失都很高且差距小：模型没有拟合数据。"),
    options=Options, measure=measure, judge=judge, explain=explain, explains=("plateau",), doc=DOC)
