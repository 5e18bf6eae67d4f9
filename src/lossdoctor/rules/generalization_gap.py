"""LD118 generalization_gap: validation is far worse than training from the start, without widening."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..findings import Cause, Finding, Severity, Span
from ..i18n import Text
from ..model import Kind, Split
from . import _pair as C
from ._confidence import confidence
from ._rule import Context, Requirement, Verdict, define, opt
from ._start import begins_at_start
from .fixes_split import augment, check_split

DOC = """
## What it detects
The validation loss is far above the training loss from the first evaluations and the gap does not
widen: not over-fitting (which starts small and grows) but two splits that do not look alike.

## Why it matters
A gap that is there from epoch 1 comes from the data, not from training too long: the validation split
is drawn from a different distribution (a shifted or sorted split, other sources, classes missing in
training) or is preprocessed differently. More epochs, early stopping or more regularisation do not
close it.

## How to fix
Check the split: shuffle and stratify before splitting, apply the same preprocessing (fitted on the
training split) to both, compare feature and label distributions; augmentation or domain adaptation when
the shift is real.

## Thresholds
"From the start" is evaluations 1 to k, k = 10% of the run (at least 3; the first evaluation is skipped
because its training value averages over the random start); the run needs 2k + 2 evaluations, so that this
window and the last k do not overlap. There the median gap is at least 20% of the
validation loss, 5x the evaluation noise (or validation is above training at every one of 10+
evaluations after the first and at least twice training's level there: a noisy validation loss that never dips to
training and sits at twice its level is far by the sign; above training alone is what every model shows) and 1% of
the starting loss. With accuracy, validation accuracy
is also at least 15 points lower over those evaluations and still more than 5 points lower over the last k (a
validation accuracy that caught up with training by the end, to within 5 points, left no gap, as without accuracy a
late loss gap under 20% of validation leaves none), and the accuracy gap over the last k evaluations
is at most 5 points wider, or 1.5x itself (over-fitting's gap starts small and widens; one of 30 points at the start
that ends at 38 while both accuracies rise did not start small); without accuracy, the loss gap
over the last k evaluations is at most 1.5x the early one (plus noise). A gap under half the validation level
(validation under twice training) over the first and the last k evaluations while validation falls by at least half training's share from the first k
evaluations to the last k is the ordinary difference between seen and unseen data (every model fits what it has seen
better): no finding. Nor is a gap in a log that begins mid-run (its first evaluation more than 2 evaluation intervals
after step 0): its early evaluations show a trained model, whose gap is the ordinary one, unless validation is an order
of magnitude (10x) above training there.
A note by policy (a gap has benign readings: a harder validation set, regularisation active only in training), except
a validation loss 10x training or more over the first and the last evaluations (evidence `pattern =
"order_of_magnitude"`): no benign reading puts two splits of one data set an order of magnitude apart, so it may warn.
"""


@dataclass(frozen=True)
class Options:
    min_evals: int = opt(5, "fewer evaluations cannot tell a gap from the start from one that widens")
    edge_share: float = opt(0.10, "'from the start' / 'at the end': the first / last 10% of evaluations (at least 3)")
    min_rel_gap: float = opt(0.20, "validation at least 20% worse than training, relative to the validation level")
    min_acc_gap: float = opt(0.15, "and, with accuracy, at least 15 points lower from the start ...")
    closed_acc_gap: float = opt(0.05, "... and more than 5 points lower at the end: a validation accuracy that caught up "
                                      "with training to within 5 points (the tolerance of 'not widening') left no gap "
                                      "between the splits, whatever the first epochs showed")
    acc_widening: float = opt(0.05, "... a gap that does not grow by more than 5 points (or to more than max_widening "
                                    "times itself: a gap of 30 points at the start did not start small)")
    max_widening: float = opt(1.5, "the late gap is at most 1.5x the early gap (not the widening of over-fitting)")
    noise_multiple: float = opt(5.0, "the early gap stands this many evaluation-noise levels above 0, or ...")
    sign_evals: int = opt(10, "... validation is above training at every one of 10+ evaluations after the first: a "
                              "noisy validation loss (a handful of validation rows) that never once dips to training "
                              "is far from it by the sign (10 of 10: p < 0.001 for noise around a shared level), when "
                              "it also sits at twice training's level (far_share): validation above training is what "
                              "every model shows, and upward jumps keep a noisy validation loss above it")
    min_start_share: float = opt(0.01, "and is at least 1% of the starting loss (scale floor)")
    far_share: float = opt(0.5, "a gap under half the validation level (validation under 2x training) at the start "
                                "and at the end ...")
    start_intervals: float = opt(2.0, "'from the start' needs the start: the first evaluation within 2 evaluation "
                                      "intervals of step 0 (a log pasted from epoch 65 shows a trained model's gap)")
    midrun_ratio: float = opt(10.0, "... unless validation is an order of magnitude above training there (10x)")
    order_ratio: float = opt(10.0, "a validation loss an order of magnitude (10x) above training from the start and "
                                   "still at the end may warn: no regularisation, early stop or seen-versus-unseen "
                                   "difference puts two splits of one data set that far apart (what anyone sees at "
                                   "a glance; the same 10x as midrun_ratio)")
    shared_progress: float = opt(0.5, "... while validation falls by at least half training's share from the first "
                                      "evaluations to the last is the ordinary difference between seen and unseen "
                                      "data, not two splits that differ")
    turn_noise: float = opt(2.0, "causes: validation ending 2 noise levels above its best ...")
    turn_share: float = opt(0.25, "... by a quarter of the final gap or more: validation getting worse made the gap (the "
                                  "model memorised what it trains on), the over-fitting causes rank beside a shift, "
                                  "whose gap is validation staying far, not rising")


@dataclass(frozen=True)
class Evidence:
    pair: C.Pair
    k: int  # evaluations in each edge window
    early: float  # median gap over evaluations 2..k+1
    late: float  # median gap over the last k
    rel_early: float
    v_level: float
    late_level: float
    sigma: float
    start: float
    a_early: float | None  # accuracy gap (train - val) early / late, when accuracy is logged long enough
    a_late: float | None
    train_progress: float = 0.0  # share of its early level training lost by the end (median of first k / last k)
    val_progress: float = 0.0
    from_start: bool = True  # the log's first evaluation comes within two evaluation intervals of step 0
    val_turn: float = 0.0  # the validation loss's last k (median) above its lowest value
    above_every: bool = False  # validation above training at every evaluation after the first (a sign no noise makes)


def measure(ctx: Context, o: Options) -> Evidence | None:
    p = ctx.pair(Kind.LOSS)
    if p is None or len(p) < o.min_evals:
        return None
    n = len(p)
    k = max(3, math.ceil(o.edge_share * n))
    if n < 2 * k + 2:
        return None  # the early (2..k+1) and late (last k) windows must not overlap, or "widening" cannot be told
    gap = p.val - p.train
    early_sl = slice(1, k + 1)  # skip the first evaluation: its training value averages over the random start
    rel_early = float(np.median(gap[early_sl] / np.maximum(np.abs(p.val[early_sl]), 1e-300)))
    acc = ctx.pair(Kind.ACCURACY)
    a_early = a_late = None
    if acc is not None and len(acc) >= k + 2:
        a_gap = acc.train - acc.val
        a_early, a_late = float(np.median(a_gap[1:k + 1])), float(np.median(a_gap[-k:]))
    return Evidence(p, k, float(np.median(gap[early_sl])), float(np.median(gap[-k:])), rel_early,
                    C.level(p.val[early_sl]), C.level(p.val[-k:]), max(C.noise(p.val), C.noise(p.train)),
                    max(abs(float(p.val[0])), abs(float(p.train[0]))), a_early, a_late,
                    _progress(p.train[early_sl], p.train[-k:]), _progress(p.val[early_sl], p.val[-k:]),
                    begins_at_start(p.steps, o.start_intervals), float(np.median(p.val[-k:]) - np.min(p.val)),
                    bool(n - 1 >= o.sign_evals and np.all(gap[1:] > 0)))


def memorised(e: Evidence, o: Options) -> bool:
    """Validation turned up from its best by a real share of the final gap: the gap grew because validation got
    worse, which is memorisation (a split mismatch keeps validation far without it rising)."""
    return e.val_turn >= o.turn_noise * e.sigma and e.val_turn >= o.turn_share * e.late


def noisy(e: Evidence, o: Options) -> bool:
    """The gap stood out by its sign alone: the validation loss is too noisy for the gap to be 5x its noise, which is
    what a handful of validation rows looks like (a cause beside a shift, not only a caveat)."""
    return e.early < o.noise_multiple * e.sigma


def by_sign(e: Evidence, o: Options) -> bool:
    """A gap inside the validation loss's noise stands out by its sign only when it is also far by its level:
    validation above training at every evaluation is what almost every model shows (it fits what it has seen better),
    and a validation loss that jumps upwards (spikes, never below training) is above it by its jumps. Only a
    validation loss at twice training's or more from the start (the gap half its level) is far by the sign."""
    return e.above_every and e.rel_early >= o.far_share


def apart(e: Evidence, o: Options) -> bool:
    """Validation at 10x training or more over the first and the last evaluations (the gap 90%+ of the validation
    level at both ends): an order of magnitude between two splits of one data set is no ordinary seen-versus-unseen
    difference, whatever the curves' noise; the one reading of this rule that may warn (rules/_policy.py)."""
    share = 1.0 - 1.0 / o.order_ratio
    return e.rel_early >= share and e.late_level > 0 and e.late >= share * e.late_level


def _progress(early: np.ndarray, late: np.ndarray) -> float:
    """The share of its early level a loss lost by the end (medians; 0 when the early level is not positive)."""
    e = float(np.median(early))
    return 1.0 - float(np.median(late)) / e if e > 0 else 0.0


def judge(e: Evidence, o: Options) -> Verdict | None:
    if not e.from_start and e.v_level < o.midrun_ratio * max(e.v_level - e.early, 1e-300):
        # a log that begins mid-run shows a trained model's gap, ordinary unless validation is an order of magnitude
        # above training (what anyone sees at a glance); whether it was there at the start is not in the log
        return None
    if (e.v_level <= 0 or e.rel_early < o.min_rel_gap or (noisy(e, o) and not by_sign(e, o))
            or e.early < o.min_start_share * e.start):
        return None
    if (e.rel_early < o.far_share and e.late < o.far_share * e.late_level and e.train_progress > 0
            and e.val_progress >= o.shared_progress * e.train_progress):
        return None  # validation moves with training, a modest step below it: every model fits what it has seen better
    if e.a_early is not None and e.a_late is not None:
        if (e.a_early < o.min_acc_gap or e.a_late <= o.closed_acc_gap
                or e.a_late > max(e.a_early + o.acc_widening, o.max_widening * e.a_early)):
            # accuracy says the splits agree early, or agree by the end (validation caught up: no lasting gap, as
            # without accuracy a late loss gap under 20% of validation), or the gap is the widening one of over-fitting
            return None
    elif e.late > o.max_widening * e.early + 2 * e.sigma or e.late < o.min_rel_gap * e.late_level:
        return None
    return Verdict(Severity.WARNING, confidence(e.early / max(e.sigma, 1e-12 * e.start, 1e-300), o.noise_multiple,
                                                len(e.pair)))


def explain(e: Evidence, v: Verdict, o: Options) -> Finding:
    p, k, early, late, rel_early, sigma, a_early, a_late = (e.pair, e.k, e.early, e.late, e.rel_early, e.sigma,
                                                            e.a_early, e.a_late)
    early_sl = slice(1, k + 1)
    ue, uz = p.unit
    a, b = float(p.steps[0]), float(p.steps[-1])
    evidence: dict[str, object] = {"gap_early": early, "gap_late": late, "gap_share_of_val_early": rel_early,
                                   "val_early": float(np.median(p.val[early_sl])),
                                   "train_early": float(np.median(p.train[early_sl])), "noise": sigma}
    if apart(e, o):
        evidence["pattern"] = "order_of_magnitude"
    acc_en = acc_zh = ""
    if a_early is not None and a_late is not None:
        evidence.update({"accuracy_gap_early": a_early, "accuracy_gap_late": a_late})
        acc_en = f"; validation accuracy {a_early:.3g} lower from the start and {a_late:.3g} at the end"
        acc_zh = f"；验证准确率从一开始就低 {a_early:.3g}，最后低 {a_late:.3g}"
    return Finding(
        code="LD118", name="generalization_gap", severity=v.severity,
        message=Text(
            f"{p.val_key} was {early:.3g} above {p.train_key} from the start ({rel_early:.0%} of its level over "
            f"evaluations 2-{k + 1}) and still {late:.3g} at the end, without widening{acc_en}: the two splits do "
            "not look alike.",
            f"{p.val_key} 从一开始就比 {p.train_key} 高 {early:.3g}（第 2-{k + 1} 次评估中占其水平的 {rel_early:.0%}），"
            f"到最后仍高 {late:.3g}，差距没有扩大{acc_zh}：两个数据划分的分布不一致。"),
        span=Span(p.axis, a, b),
        evidence=evidence,
        causes=tuple(sorted((
            Cause("distribution_shift", 0.6,
                  Text(f"a gap of {early:.3g} already at {ue} {a:g}, before the model could memorise anything, comes "
                       "from the data", f"第 {a:g} {uz}时就已有 {early:.3g} 的差距，此时模型还来不及记住任何东西，差距来自数据本身"),
                  Text("a very small validation set can also sit far from training by chance",
                       "验证集很小时也可能偶然与训练集相差很大")),
            Cause("unnormalized_input", 0.2,
                  Text("validation preprocessed differently from training (a scaler applied to one split only)",
                       "验证集的预处理与训练集不同（例如只对一个划分做了标准化）"),
                  Text("training itself proceeds normally, so the inputs the model trains on are fine",
                       "训练本身正常进行，说明模型训练用的输入没有问题")),
            Cause("small_validation_set", 0.45, Text(
                f"the validation loss jumps by {sigma:.3g} between evaluations, more than a fifth of the gap: few "
                "validation rows, whose loss is both noisy and far from training's by chance",
                f"验证损失在两次评估之间跳动 {sigma:.3g}，超过差距的五分之一：验证样本很少，其损失既嘈杂，也可能偶然远离训练损失"))
            if noisy(e, o) else
            Cause("small_validation_set", 0.15, Text("a small validation set may be unrepresentative",
                                                     "验证集太小可能不具代表性")),
        ) + ((
            Cause("insufficient_regularization", 0.45, Text(
                f"validation ended {e.val_turn:.3g} above its best, {e.val_turn / max(late, 1e-300):.0%} of the final "
                "gap: the gap grew as validation got worse, the model memorised the training split",
                f"验证损失最终比其最佳值高 {e.val_turn:.3g}，占最终差距的 {e.val_turn / max(late, 1e-300):.0%}："
                "差距随验证变差而扩大，模型记住了训练集")),
            Cause("too_little_data", 0.3, Text("a small training set is memorised quickly",
                                               "训练集太小会很快被记住")),
        ) if memorised(e, o) else ()), key=lambda c: -c.likelihood)),
        fixes=(check_split(), augment()),
        series=(p.train_key, p.val_key),
        experiment=Text("Adversarial validation: train a classifier to tell training rows from validation rows; an "
                        "AUC well above 0.5 means the splits differ. Or reshuffle, re-split and retrain: the gap "
                        "should shrink.",
                        "对抗验证：训练一个分类器区分训练样本和验证样本；AUC 明显高于 0.5 说明两个划分分布不同。"
                        "或者重新打乱并划分后再训练：差距应会缩小。"),
    )


# explains nothing (release 14): a gap from the start does not account for an over-fitting turn found beside it - a
# validation loss that rose from its best while training fell got worse on new data, whatever the splits' gap
generalization_gap = define(
    code="LD118", name="generalization_gap", severity=Severity.WARNING,
    requires=(Requirement(Kind.LOSS, Split.TRAIN), Requirement(Kind.LOSS, Split.VAL)),
    summary=Text("Validation is far worse than training from the start, without widening.",
                 "验证从一开始就远差于训练，且差距不扩大。"),
    options=Options, measure=measure, judge=judge, explain=explain, doc=DOC)
