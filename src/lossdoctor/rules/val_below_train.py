"""LD114 val_below_train: validation loss stays below training loss (usually benign, explained with numbers)."""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from .. import stats
from ..findings import Cause, Finding, Fix, Severity, Span
from ..i18n import Text
from ..model import Kind, Split
from . import _pair as C
from ._confidence import confidence, settle_more
from ._rule import Context, Requirement, Verdict, define, opt
from .fixes_split import check_split

PERFECT = 0.9995  # an accuracy printed as 1.000: every example right
MEDIAN_SE = math.sqrt(math.pi / 2)  # the standard error of a median of n normal values is 1.2533 sigma / sqrt(n)

DOC = """
## What it detects
The validation loss stays below the training loss for most of the run. The finding measures how much of
the gap the measurement offset explains: Keras and most loops report the training loss as the average
over the epoch, so it describes the model about half an epoch earlier than the validation loss measured
at the end of the epoch.

## Why it matters
Usually it is benign: dropout, augmentation and other regularisation are active only in training, and
the training loss lags by half an epoch. It is worth a look only when it is extreme (validation at half
the training loss or less that the lag does not explain): an easy or leaked validation split.

## How to fix
Nothing to fix when the offset or regularisation explains it. To compare like with like, evaluate the
training set in evaluation mode at the end of the epoch. When it is extreme, check the split.

## Thresholds
Skips the first 10% of evaluations (at least one: the first epoch's average includes the random start).
Either validation is below training on at least 70% of the rest, by a median of at least 5% of the
training loss and twice that median's standard error (1.2533 x the gap's evaluation noise / sqrt(evaluations): a
lasting offset is read off every evaluation); or, for a stretch of at least a third of the run (and 3
evaluations; a single evaluation dipping out does not end it), it is below training by that much even
after removing the averaging lag (validation may
cross above training later, as training keeps falling). The half-epoch lag is estimated from
the training curve's own slope (slope x half the training logging interval). Extreme: median
validation/training ratio <= 0.5 after removing the lag. A median gap of 25% of the training loss or more beside
a validation accuracy no higher than training (median) ranks a measurement first: dropout or augmentation active only
in training lifts the validation accuracy as well, so a loss gap the accuracy does not show is the two losses computed
on different scales.
Evaluations from the first where the training loss reaches 10x its first value are left out (a diverged run's two
blown-up losses have no order worth reading; the divergence rule judges that run).

A log of only 1-3 evaluations (an excerpt: one epoch's summary row, a lesson's single `fit_one_cycle(1)`) is read at a
glance: validation at half the training loss or less at every one of them is a note with the confidence those few
points allow. So few evaluations cannot tell the first epoch's averaged random start, dropout, or a model that has not
trained enough yet (fastai's reading: train more epochs or raise the learning rate) apart; the note says how many more
would.
"""


@dataclass(frozen=True)
class Options:
    min_evals: int = opt(4, "fewer evaluations cannot show a lasting order of the two curves")
    perfect_share: float = opt(0.5, "causes: a validation accuracy printed as 1.000 (>= 0.9995) on half of its "
                                    "evaluations or more gets every held-out example right: beside a validation loss "
                                    "below training, the held-out examples carry their answer (a leak)")
    skip_share: float = opt(0.10, "the first 10% of evaluations are skipped (the first epoch average includes the "
                                  "random start)")
    min_share_below: float = opt(0.70, "validation below training on at least 70% of the remaining evaluations, or")
    min_stretch_share: float = opt(1 / 3, "below it even after the lag for a stretch of a third of the run")
    min_rel_gap: float = opt(0.05, "by a median of at least 5% of the training loss (and 2x the noise)")
    noise_levels: float = opt(2.0, "the gap must stand this many noise levels above 0: over the whole run, standard "
                                   "errors of its median (a lasting offset is read off every evaluation, so a "
                                   "validation loss below training on 11 of 13 evaluations by 8% is no noise even "
                                   "when one evaluation's noise is as large as the gap); over a stretch, evaluation-"
                                   "noise levels at each evaluation")
    blowup: float = opt(10.0, "evaluations from the first where the training loss is 10x its first value or more "
                              "are left out: after a divergence the order of two blown-up losses (7e30 beside 6e28) "
                              "says nothing about regularisation or the split")
    scale_gap: float = opt(0.25, "a validation loss a median 25% or more below training beside a validation accuracy no "
                                 "higher than training is a difference of scale, not of the model: dropout's gap shows in "
                                 "the accuracy too, a gap this large cannot hide there")
    extreme_ratio: float = opt(0.5, "validation at half the training loss or less, not explained by lag: check the "
                                    "split")
    glance_ratio: float = opt(0.5, "a log of fewer than min_evals evaluations: validation at half the training loss or "
                                   "less at every one of them is what anyone sees at a glance (the lag of a first-epoch "
                                   "average rarely halves a loss; a model still far from fitting does); a note whose "
                                   "confidence says how few evaluations were seen")


@dataclass(frozen=True)
class Evidence:
    pair: C.Pair
    skip: int
    sigma: float  # the larger evaluation noise of the two curves
    lag: np.ndarray  # half-interval averaging lag of the training value at each evaluation
    stretch: tuple[int, int] | None  # longest stretch below training after the lag (indices after `skip`)
    share_below_all: float  # over all evaluations after `skip`
    rel_gap_all: float
    gap_all: float
    acc: C.Pair | None
    perfect_val: float = 0.0  # share of the validation accuracy's evaluations at 1.000
    se_gap: float = 0.0  # the standard error of the median gap over the evaluations after `skip`
    glance: bool = False  # a log of fewer than min_evals evaluations, read at a glance (train/val ratio only)


def measure(ctx: Context, o: Options) -> Evidence | None:
    p = ctx.pair(Kind.LOSS)
    if p is not None and 1 <= len(p) < o.min_evals:
        return _glance(p, o)
    if p is None or len(p) < o.min_evals:
        return None
    p = _before_blowup(p, o)
    if len(p) < o.min_evals:
        return None
    skip = max(1, math.ceil(o.skip_share * len(p)))
    if np.any(p.train[skip:] <= 0) or len(p) - skip < 3:
        return None
    sigma = max(C.noise(p.val), C.noise(p.train))
    # half-interval lag: the logged training value describes the model half a logging interval earlier
    slope = np.gradient(p.train, p.steps)
    lag_all = np.clip(-slope * (p.train_dt / 2.0), 0.0, None)
    excess = (p.train - lag_all) - p.val  # below training even after the lag
    ok = (excess >= np.maximum(o.min_rel_gap * p.train, o.noise_levels * sigma)).astype(float)
    ok = stats.centered_median(ok, 1) > 0.5  # one dip does not end it
    gap_all = p.train[skip:] - p.val[skip:]
    # a lasting offset is read off every evaluation: its median has the gap's noise (both curves') over sqrt(n),
    # times 1.2533 (the median's efficiency)
    se = MEDIAN_SE * math.hypot(C.noise(p.val), C.noise(p.train)) / math.sqrt(gap_all.size)
    return Evidence(p, skip, sigma, lag_all, _stretch(ok[skip:]), float((gap_all > 0).mean()),
                    float(np.median(gap_all / p.train[skip:])), float(np.median(gap_all)), ctx.pair(Kind.ACCURACY),
                    _perfect_share(ctx), se)


def _glance(p: C.Pair, o: Options) -> Evidence | None:
    """A log of 1 to min_evals-1 evaluations: validation at `glance_ratio` of training or less at every one (both
    positive), or None."""
    if np.any(p.train <= 0) or np.any(p.val < 0) or np.any(p.val > o.glance_ratio * p.train):
        return None
    gap = p.train - p.val
    return Evidence(p, 0, max(C.noise(p.val), C.noise(p.train)), np.zeros(len(p)), None, 1.0,
                    float(np.median(gap / p.train)), float(np.median(gap)), None, glance=True)


def _perfect_share(ctx: Context) -> float:
    """The share of the validation accuracy's evaluations printed as 1.000 (0 when none is logged)."""
    acc = ctx.run.find(Kind.ACCURACY, Split.VAL)
    if acc is None:
        return 0.0
    v = acc.values[np.isfinite(acc.values)]
    return float((v >= PERFECT).mean()) if v.size else 0.0


def _before_blowup(p: C.Pair, o: Options) -> C.Pair:
    """The evaluations before the training loss blew up to `blowup` x its first value (all of them when it never
    did): the comparison is about a run that trains, not one that diverged."""
    first = abs(float(p.train[0]))
    if first <= 0:
        return p
    up = np.flatnonzero(p.train >= o.blowup * first)
    if up.size == 0:
        return p
    k = int(up[0])
    return replace(p, steps=p.steps[:k], train=p.train[:k], val=p.val[:k])


def window(e: Evidence, o: Options) -> tuple[int, int] | None:
    """The evaluations the finding is about: the long stretch below training, else the whole run when it
    passes; None when neither does."""
    n = len(e.pair)
    if e.stretch is not None and e.stretch[1] - e.stretch[0] >= max(3, o.min_stretch_share * n):
        return e.skip + e.stretch[0], e.skip + e.stretch[1]
    if (e.share_below_all < o.min_share_below or e.rel_gap_all < o.min_rel_gap
            or e.gap_all < o.noise_levels * e.se_gap):
        return None
    return e.skip, n


def judge(e: Evidence, o: Options) -> Verdict | None:
    if e.glance:
        # the effect: training over validation against the glance ratio's 2x; only the few evaluations limit it
        ratio = float(np.min(e.pair.train / np.maximum(e.pair.val, 1e-300)))
        return Verdict(Severity.INFO, confidence(ratio * o.glance_ratio, 1.0, len(e.pair)),
                       settle_more(len(e.pair), e.pair.unit, Text("of both losses", "的两条损失")), reading="glance")
    w = window(e, o)
    if w is None:
        return None
    gap = float(np.median(e.pair.train[w[0]:w[1]] - e.pair.val[w[0]:w[1]]))
    return Verdict(Severity.INFO, confidence(gap / max(e.sigma, 1e-12 * abs(gap), 1e-300), o.noise_levels, w[1] - w[0]))


def _explain_glance(e: Evidence, v: Verdict) -> Finding:
    p = e.pair
    n = len(p)
    ue, uz = p.unit
    ratio = float(np.max(p.val / p.train))
    at_en = f"at the only {ue} shown ({ue} {p.steps[0]:g})" if n == 1 else f"at every one of the {n} {ue}s shown"
    at_zh = f"在仅有的一{uz}（第 {p.steps[0]:g} {uz}）" if n == 1 else f"在显示的全部 {n} {uz}中"
    return Finding(
        code="LD114", name="val_below_train", severity=v.severity,
        message=Text(
            f"{p.val_key} is at most {ratio:.0%} of {p.train_key} {at_en}: validation at half the training loss or "
            "less. So few evaluations cannot tell a model that has not trained enough yet from the first epoch's "
            "averaged start or dropout.",
            f"{at_zh}，{p.val_key} 至多为 {p.train_key} 的 {ratio:.0%}：验证损失不到训练损失的一半。评估次数太少，"
            "无法区分模型训练得还不够、第一轮平均值包含随机起点，或 dropout 的影响。"),
        span=Span(p.axis, float(p.steps[0]), float(p.steps[-1])),
        evidence={"pattern": "glance", "evaluations": n, "val_train_ratio_max": ratio,
                  "median_gap_share_of_train": e.rel_gap_all, "median_gap": e.gap_all},
        causes=(
            Cause("insufficient_training", 0.4, Text(
                f"a training loss {1 / ratio:.2g}x validation after {n} {ue}{'s' if n > 1 else ''} is what a model "
                "still far from fitting its training data looks like: train more epochs or raise the learning rate",
                f"{n} {uz}后训练损失是验证损失的 {1 / ratio:.2g} 倍，这正是模型还远未拟合训练数据的样子：多训练几轮或提高学习率")),
            Cause("measurement_offset", 0.35, Text(
                f"the training loss is averaged over the {ue}, the first {ue}'s average includes the random start",
                f"训练损失是整{uz}的平均，第一{uz}的平均包含随机起点")),
            Cause("regularization_only_in_training", 0.3, Text(
                "dropout or augmentation active only while training raise the training loss",
                "只在训练时启用的 dropout 或数据增强会抬高训练损失")),
        ),
        fixes=(Fix(Text("Train a few more epochs: a model that trained too little keeps both losses falling and the "
                        "training loss meets validation; an averaging lag or dropout leaves a steady, smaller gap.",
                        "再训练几轮：训练不足的模型两条损失都会继续下降，训练损失追上验证损失；平均滞后或 dropout "
                        "只留下稳定而较小的差距。")),),
        series=(p.train_key, p.val_key),
    )


def explain(e: Evidence, v: Verdict, o: Options) -> Finding:
    if e.glance:
        return _explain_glance(e, v)
    p = e.pair
    w = window(e, o)
    assert w is not None
    lo, hi = w
    steps, t, vv, lag = p.steps[lo:hi], p.train[lo:hi], p.val[lo:hi], e.lag[lo:hi]
    gap = t - vv
    share = float((gap > 0).mean()) * (hi - lo) / len(p)
    rel = float(np.median(gap / t))
    explained = float(np.clip(np.median(np.minimum(lag, np.maximum(gap, 0)) / np.maximum(gap, 1e-300)), 0, 1))
    ratio_after_lag = float(np.median(vv / np.maximum(t - lag, 1e-300)))
    extreme = ratio_after_lag <= o.extreme_ratio
    ue, uz = p.unit
    acc = e.acc
    acc_note_en = acc_note_zh = ""
    evidence: dict[str, object] = {
        "share_of_evaluations_below": share, "median_gap_share_of_train": rel,
        "median_gap": float(np.median(gap)), "lag_explains_share": explained,
        "val_train_ratio_after_lag": ratio_after_lag}
    if acc is not None and len(acc) >= 3:
        a_gap = float(np.median(acc.val - acc.train))
        evidence["median_val_minus_train_accuracy"] = a_gap
        if a_gap > 0:
            acc_note_en = f"; {acc.val_key} is above {acc.train_key} by a median {a_gap:.3g}"
            acc_note_zh = f"；{acc.val_key} 比 {acc.train_key} 高出中位数 {a_gap:.3g}"
    causes = [
        Cause("measurement_offset", round(0.25 + 0.6 * explained, 3),
              Text(f"the training loss falls about {np.median(lag):.3g} per half {ue} and is averaged over the {ue}: "
                   f"that lag accounts for {explained:.0%} of the gap",
                   f"训练损失每半{uz}下降约 {np.median(lag):.3g}，且是整{uz}的平均：这一滞后解释了 {explained:.0%} 的差距"),
              Text("the lag explains little of the gap", "滞后只能解释小部分差距") if explained < 0.5 else None),
        Cause("regularization_only_in_training", round(0.25 + 0.5 * (1 - explained), 3),
              Text(f"the part the lag does not explain ({1 - explained:.0%}) matches dropout or augmentation active "
                   "only while training", f"滞后无法解释的部分（{1 - explained:.0%}）符合只在训练时启用的 dropout 或数据增强")),
    ]
    if acc is not None and len(acc) >= 3 and float(np.median(acc.val - acc.train)) <= 0 and rel >= o.scale_gap:
        # dropout or augmentation active only in training makes the model better in evaluation mode, by accuracy as
        # much as by loss; a validation loss far below training beside a validation accuracy no higher than training
        # says the model does no better there: the two losses are computed on different scales
        causes = [Cause("measurement_offset", 0.6, Text(
            f"{p.val_key} is a median {rel:.0%} below {p.train_key} while {acc.val_key} is no higher than "
            f"{acc.train_key}: the model does no better on validation, so the two losses are not the same quantity "
            "(a different reduction or scale, a loss term added to one of them, a value divided twice)",
            f"{p.val_key} 比 {p.train_key} 低中位数 {rel:.0%}，而 {acc.val_key} 并不高于 {acc.train_key}：模型在验证集上"
            "并没有更好，两条损失不是同一个量（归约方式或尺度不同、其中一条多加了一项、某个值被除了两次）")),
            Cause("regularization_only_in_training", 0.2, Text(
                "dropout or augmentation would raise the validation accuracy above training too",
                "dropout 或数据增强也会让验证准确率高于训练准确率"))]
    if e.perfect_val >= o.perfect_share:
        causes.append(Cause("data_leakage", 0.45, Text(
            f"the validation accuracy is 1.000 on {e.perfect_val:.0%} of its evaluations: every held-out example is "
            "right, and validation stays below training; held-out examples that all come out right usually carry their "
            "answer (a label column or id left in the inputs, duplicates across the split)",
            f"验证准确率在 {e.perfect_val:.0%} 的评估中为 1.000：每个验证样本都对，且验证损失低于训练损失；全部答对的验证样本"
            "通常自带答案（输入中残留了标签列或编号，或划分之间有重复样本）")))
    if extreme and e.perfect_val < o.perfect_share:
        causes.append(Cause("data_leakage", 0.35,
                            Text(f"validation stays at {ratio_after_lag:.0%} of the training loss even after the lag: "
                                 "an easy or leaked validation split", f"去除滞后后验证损失仍只有训练损失的 "
                                 f"{ratio_after_lag:.0%}：验证集过于简单或发生了泄漏")))
    if extreme:
        causes.append(Cause("distribution_shift", 0.2, Text("the validation split may hold easier examples than "
                                                            "training", "验证集可能比训练集的样本更容易")))
    fixes = [Fix(Text("To compare like with like, evaluate the training set in evaluation mode at the end of each "
                      "epoch; expect the two curves to meet.",
                      "若要公平比较，在每轮结束时以评估模式计算训练集损失；两条曲线应会接近。"),
                 {"keras": "train_eval = model.evaluate(x_train, y_train, verbose=0)"
                           "  # no dropout, end-of-epoch weights",
                  "pytorch": "model.eval()\nwith torch.no_grad():\n    train_eval = sum(loss_fn(model(x), y).item() "
                             "for x, y in train_loader) / len(train_loader)\nmodel.train()"})]
    if extreme or e.perfect_val >= o.perfect_share:
        fixes.append(check_split())
    return Finding(
        code="LD114", name="val_below_train", severity=v.severity,
        message=Text(
            f"{p.val_key} is below {p.train_key} on {share:.0%} of evaluations ({ue}s {steps[0]:g}-{steps[-1]:g}, "
            f"median gap {rel:.0%} of the training loss); the half-{ue} averaging lag explains {explained:.0%} of "
            f"it{acc_note_en}"
            + (f"; even after the lag validation is at {ratio_after_lag:.0%} of training: check the split." if extreme
               else "; usually benign (dropout/augmentation only in training)."),
            f"{p.val_key} 在 {share:.0%} 的评估中低于 {p.train_key}（第 {steps[0]:g}-{steps[-1]:g} {uz}，"
            f"差距中位数为训练损失的 {rel:.0%}）；"
            f"半{uz}平均滞后解释了其中 {explained:.0%}{acc_note_zh}"
            + (f"；去除滞后后验证损失仍只有训练损失的 {ratio_after_lag:.0%}：请检查数据划分。" if extreme
               else "；通常无害（dropout/数据增强只在训练时生效）。")),
        span=Span(p.axis, float(steps[0]), float(steps[-1])),
        evidence=evidence,
        causes=tuple(sorted(causes, key=lambda c: -c.likelihood)),
        fixes=tuple(fixes),
        series=(p.train_key, p.val_key),
        experiment=Text("Evaluate the training set with model.eval() at the end of an epoch: if it matches the "
                        "validation loss, the gap was dropout/augmentation and the averaging lag.",
                        "在某轮结束时用 model.eval() 评估训练集：若与验证损失接近，差距来自 dropout/数据增强和平均滞后。"),
    )


def _stretch(mask: np.ndarray) -> tuple[int, int] | None:
    """The longest run of True in `mask` as (start, end) indices, end exclusive."""
    return stats.longest_true_run(mask)


val_below_train = define(
    code="LD114", name="val_below_train", severity=Severity.INFO,
    requires=(Requirement(Kind.LOSS, Split.TRAIN), Requirement(Kind.LOSS, Split.VAL)),
    summary=Text("Validation loss stays below training loss.", "验证损失一直低于训练损失。"),
    options=Options, measure=measure, judge=judge, explain=explain, doc=DOC)
