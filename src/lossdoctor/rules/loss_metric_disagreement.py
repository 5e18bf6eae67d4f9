"""LD111 loss_metric_disagreement: loss and accuracy tell different stories."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..findings import Cause, Finding, Mark, Severity, Span
from ..i18n import Text
from ..model import METRIC_KINDS, Kind, Run, Series, Split
from . import _pair as C
from . import chance
from ._cause_evidence import DECAYED_AWAY, lr_share_at
from ._confidence import confidence, settle_more
from ._rule import Context, Requirement, Verdict, define, opt
from ._start import begins_at_start
from .fixes_split import calibrate, check_loss_pairing, class_weights
from .fixes_training import check_output_head



@dataclass(frozen=True)
class Options:
    """Thresholds of LD111 (every one overridable per rule code in [tool.lossdoctor.rules.LD111])."""

    min_points: int = opt(5, "fewer evaluations cannot show a loss and a metric moving apart")
    min_loss_drop: float = opt(0.20, "the loss falls by at least 20% of its starting level...")
    max_acc_move: float = opt(0.02, "...while accuracy moves by less than 2 points (and its own uncertainty)")
    near_perfect: float = opt(0.95, "accuracy already this high has no room to move")
    edge_share: float = opt(0.10, "start and end levels: medians of the first and last 10% of evaluations (at "
                                  "least 2)")
    min_acc_rise: float = opt(0.01, "over-confidence: validation accuracy still rises by at least 1 point")
    min_loss_rise: float = opt(0.01, "while validation loss rises by at least 1% of the run's starting loss")
    significance: float = opt(3.0, "a change counts when it is this many times its own uncertainty")
    rel_metric_move: float = opt(0.2, "an unbounded metric (an error in degrees, an MAE) is flat when it moved < 1/5 "
                                      "of the loss's relative fall, relative to its own level")
    impossible_errors: float = opt(0.05, "a loss too small for the accuracy beside it: >= 5% of examples wrong ...")
    impossible_margin: float = opt(100.0, "... while the loss is under 1/100 of the least those mistakes cost, "
                                          "(1 - acc) * ln 2")
    other_loss_fall: float = opt(2.0, "... unless the loss never reached the cross-entropy scale and ended 2x below its "
                                      "highest: another loss that learns")
    same_pass_ratio: float = opt(2.0, "pattern (4) compares a loss and an accuracy of the same pass: the loss may be "
                                      "logged at most 2x as often as the accuracy over its range")
    under_accuracy: float = opt(0.9, "(5) a training accuracy ending at 0.9+ ...")
    under_classes: int = opt(1000, "... judged against the most cross-entropy a calibrated classifier with up to 1000 "
                                   "classes scores at that accuracy (Fano) ...")
    under_nats: float = opt(1.0, "... the loss held at least 1 nat ...")
    under_ratio: float = opt(3.0, "... and 3x above it (label smoothing 0.1 over 1000 classes stays under both)")
    floor_tolerance: float = opt(0.02, "... with C known (>= 3): the loss above the bound and at or above "
                                       "ln(1 + (C-1)/e) (to 2% of the band up to ln C), the floor of probabilities fed "
                                       "as logits, instead of 1 nat and 3x above the bound")
    under_min_points: int = opt(3, "(5) is read from 3 evaluations on: the bound holds at each one (few points lower "
                                   "the confidence)")
    under_settled: float = opt(0.25, "... and settled there: its tail moved less than a quarter of that excess")
    stall_evals: int = opt(3, "per-class binary accuracy: from the first or second evaluation, at least 3 in a "
                              "row ...")
    stall_start: int = opt(1, "(index of the latest evaluation the stall may start at: the level is reached at "
                              "once)")
    stall_band: float = opt(0.02, "... within 2 points of each other, ...")
    stall_net: float = opt(0.01, "... a net change of at most 1 point, ...")
    stall_level_tol: float = opt(0.03, "... at 1 - 1/C (to 3 points) ...")
    stall_loss_drop: float = opt(1 / 3, "... while the loss falls by at least a third over them")
    held_out_zero_conf: float = opt(0.5, "(7) a held-out task metric exactly 0 on every evaluation beside a training "
                                         "accuracy ending at `under_accuracy` (0.9) or more is a note at most this "
                                         "sure: an evaluation that scores nothing is more often broken than the "
                                         "model, but one evaluation cannot say which")
    held_zero_evals: int = opt(5, "(7) without a training accuracy: every held-out score exactly 0 at 5+ evaluations "
                                  "(a guess scores above 0 on some of them) ...")
    held_zero_move: float = opt(0.01, "... while a loss moves by 1% of its level or more (the weights change)")
    frozen_loss_move: float = opt(0.10, "(8) an accuracy identical at every one of its 5+ evaluations (below 0.95), "
                                        "and every other accuracy of the run frozen too, beside a loss of the same "
                                        "pass whose values span 10%+ of its level: the model's outputs changed, and "
                                        "a fraction of examples computed from them would have moved by at least one "
                                        "example")
    frozen_conf: float = opt(0.5, "... a note at most this sure: a small evaluation set can repeat its count (an "
                                  "accuracy computed on a regression by exact match is the usual cause)")

DOC = """
## What it detects
Patterns of seed 003 §3.2 (loss and accuracy read together):
(1) the loss falls clearly but the accuracy (or the task metric logged instead) on the same split does not
move or gets worse: the loss is not measuring the task the metric measures; (2) after its best point the validation loss rises while
validation accuracy keeps rising: the model is right more often but over-confident on its mistakes;
(3) with C >= 3 classes known, the accuracy stalls at 1 - 1/C while the loss falls: 1 - 1/C is what a
per-class binary accuracy gives for "no class" on every output, the signature of C sigmoid units with
binary cross-entropy on one-hot labels (Keras picks `binary_accuracy` for `binary_crossentropy`).

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
uncertainty, while accuracy changes by less than 2 points and its own uncertainty (by its trend and between
the medians of its first and last 10% of evaluations), and stays below 0.95. Without an accuracy the task
metric logged beside the loss (an error rate, a score, or an error such as an angle error in degrees) is read
the same way, turned so that up is better; a score or an error (not a fraction of examples) is flat when it
moved less than a fifth of the loss's relative fall, relative to its own level; a score held at 0 (every value
between 0 and 1, its median under 2 points: an IoU or mAP that never leaves 0) has no level to be relative to and is
judged in points, as an accuracy (a loss falling smoothly beside an IoU of 0: a collapse to the background class);
an error near 0 is at its best and is still judged on its own level.
(2) validation loss rises after its best point by at least 1% of the starting loss and 3 standard
errors, while validation accuracy rises over the same span by at least 1 point and 3x its uncertainty.
(3) C given with `--num-classes` (or inferred) and >= 3; from the first or second evaluation on, at least 3
consecutive evaluations whose accuracy lies within a 2-point band (net change at most 1 point) centred
within 3 points of 1 - 1/C, while the loss on the same split falls by at least a third over them. A binary
accuracy is at 1 - 1/C as soon as the outputs learn to say "no"; a C-way accuracy that passes that level
later, climbing, is not this. (The bands are absolute because accuracy is.)
(4) an evaluation whose loss and accuracy cannot both be true: with cross-entropy a misclassified example has
p(true class) <= 0.5 and so costs at least ln 2, hence loss >= (1 - accuracy) * ln 2. Reported when at least 5%
of the examples are wrong and the loss logged at the same step is under 1/100 of that bound (the margin covers
label smoothing, focal and squared-error losses): Keras's `loss: 0.0000e+00 - accuracy: 0.5` (softmax on a
single output unit), or a validation pass that returned a loss of 1e-7 beside an accuracy of 0.12.
Only for a loss and an accuracy of the same pass: the loss logged at most 2x as often as the accuracy over the
accuracy's range (a batch loss per iteration beside an evaluation on other examples is not bounded by it).
(5) a training loss settled far above what a calibrated classifier scores at the training accuracy beside it:
with the accuracy's tail (last 30%, >= 3 evaluations) at 0.9 or more, the loss's tail at least 1 nat and 3x
above H(err) + err ln(999) (Fano: the cross-entropy of an honest classifier with that error, up to 1000 classes;
with C >= 3 known: above H(err) + err ln(C - 1) and on or above the floor ln(1 + (C-1)/e), to 2% of the band
up to ln C),
and moving less than a quarter of that excess over the tail: the right answers never get confident, the
signature of probabilities fed to a loss that applies its own softmax (Keras `Dense(C, softmax)` with
`from_logits=True`, `nn.Softmax` before `CrossEntropyLoss`). Not with several training loss terms (detection,
multi-task), nor across passes, nor when the logged learning rate was already down to 1% of its peak where the tail
begins (training froze while the outputs were still soft: a stopped model, not a squashed one). From 3 evaluations on (an excerpt), with a confidence that says how few were seen.
(6) every accuracy logged is exactly 0 on every evaluation (at least 2) while the loss beside one of them falls
by 20% of its first value: a guess is right 1/C of the time, so a count that never counts is the metric's bug
(integer division of the number right). Few evaluations lower the confidence.
(7) a held-out task metric (an accuracy or a score such as mAP or BLEU, on validation or test) exactly 0 on every one
of its evaluations (1+) while a training accuracy beside it ends at 0.9 or more: the training side says the model gets
most examples right, the held-out one that it gets none - a guess scores above 0, so the evaluation (class ids,
annotation format, a score threshold, a metric never filled in) or the model's use in it is broken. A note with a
confidence of at most 0.5 (one evaluation cannot say which side is wrong); not when pattern (6) reads every accuracy.
Not when the loss never reached the cross-entropy of 5% mistakes (0.035 nats) at any point and
its final level is 2x or more below its highest: that is another loss learning (a heatmap MSE beside a keypoint accuracy), not a
cross-entropy that cannot see mistakes; nor when such a loss comes from a log that begins mid-run (first point more than 2
point intervals after step 0), which never shows the cross-entropy scale. Pattern (1) in a log whose evaluations begin
mid-run is an info note with a confidence of at most 0.5: a model at its ceiling shows a level metric beside a falling
loss too, and only the first evaluations can tell the two apart.
(8) an accuracy identical (to its printed digits) at every one of its 5+ evaluations, below 0.95, every other accuracy
of the run frozen too (one moving says a small evaluation set may repeat its count), while the loss of the
same pass spans 10% or more of its level (its values move; a loss that falls is pattern (1)'s): the outputs the loss is
computed from changed and the count of right answers did not move by one example - the accuracy does not measure those
outputs (Keras `accuracy` on a regression counts exact float matches: 0.0056 at every epoch). A note with a confidence
of at most 0.5, when no other pattern reads the run.
"""


@dataclass(frozen=True)
class Evidence:
    """One pattern to judge on this run (the rule gives up to three findings: one per kind of pattern)."""

    pattern: str  # "loss_too_small_for_accuracy" | "accuracy_mismatch" | "val_loss_up_val_accuracy_up"
    run: Run  # the patterns align a loss with the metric logged beside it, split by split
    classes: chance.Classes | None


def measure(ctx: Context, o: Options) -> tuple[Evidence, ...]:
    classes = ctx.classes()
    first = C.finite(ctx.run.find(Kind.LOSS, Split.TRAIN))[1] if ctx.run.find(Kind.LOSS, Split.TRAIN) else None
    # pattern (5) may also take C from a first training loss at ln(C): it only sets the floor the loss is checked on
    floor_classes = classes or (ctx.classes(float(first[0])) if first is not None and first.size else None)
    return tuple(Evidence(pat, ctx.run, classes) for pat in
                 ("loss_too_small_for_accuracy", "accuracy_mismatch", "val_loss_up_val_accuracy_up",
                  "accuracy_always_zero", "held_out_zero", "accuracy_frozen")) + (
        Evidence("loss_too_high_for_accuracy", ctx.run, floor_classes),)


def reading(e: Evidence, o: Options) -> tuple[str, Split | None] | None:
    """(which pattern, on which split) this evidence shows, first split first; None when it does not show."""
    run = e.run
    if e.pattern == "loss_too_small_for_accuracy":
        sp = next((sp for sp in (Split.VAL, Split.TRAIN) if _impossible_numbers(run, sp, o) is not None), None)
        return ("impossible", sp) if sp is not None else None
    if e.pattern == "accuracy_always_zero":
        z = _zero_numbers(run, o)
        return ("zero", z[0]) if z is not None else None
    if e.pattern == "held_out_zero":
        return ("held_out_zero", Split.VAL) if _held_out_zero_numbers(run, o) is not None else None
    if e.pattern == "accuracy_frozen":
        if _zero_numbers(run, o) is not None or any(_flat_numbers(run, sp, o) is not None
                                                     for sp in (Split.TRAIN, Split.VAL)):
            return None  # another pattern reads this accuracy
        sp = next((sp for sp in (Split.TRAIN, Split.VAL) if _frozen_numbers(run, sp, o) is not None), None)
        return ("frozen", sp) if sp is not None else None
    if e.pattern == "loss_too_high_for_accuracy":
        return ("underconfident", Split.TRAIN) if _under_numbers(run, Split.TRAIN, o, e.classes) is not None else None
    if e.pattern == "accuracy_mismatch":
        if e.classes is not None and e.classes.count >= 3:
            sp = next((sp for sp in (Split.VAL, Split.TRAIN) if _stall_numbers(run, sp, e.classes, o) is not None),
                      None)
            if sp is not None:
                return "stall", sp
        sp = next((sp for sp in (Split.TRAIN, Split.VAL) if _flat_numbers(run, sp, o) is not None), None)
        return ("flat", sp) if sp is not None else None
    return ("overconfidence", Split.VAL) if _over_numbers(run, o) is not None else None


def judge(e: Evidence, o: Options) -> Verdict | None:
    r = reading(e, o)
    if r is None:
        return None
    kind, sp = r
    assert sp is not None
    if kind == "impossible":
        loss, acc, common, a, lv, wrong, bad = _impossible_numbers(e.run, sp, o)  # type: ignore[misc]
        worst = float(np.max(wrong[bad] * math.log(2.0) / np.maximum(lv[bad], 1e-300)))
        conf = confidence(math.log10(max(worst, 1.0)), math.log10(o.impossible_margin), int(bad.sum()) + 2)
        return Verdict(Severity.WARNING, conf, reading=f"{kind}:{sp.value}")
    if kind == "zero":
        split, acc, loss, drop, n = _zero_numbers(e.run, o)  # type: ignore[misc]
        return Verdict(Severity.WARNING, confidence(drop / o.min_loss_drop, 1.0, n),
                       settle_more(n, C.unit(loss.axis.value), Text("(with the accuracy computed by hand on one batch)",
                                                                   "（并在一个批次上手工计算准确率）")),
                       reading=f"{kind}:{split.value}")
    if kind == "held_out_zero":
        zero, train_acc, t_end, n = _held_out_zero_numbers(e.run, o)  # type: ignore[misc]
        ratio = t_end / o.under_accuracy if np.isfinite(t_end) else n / o.held_zero_evals
        return Verdict(Severity.INFO, min(confidence(ratio, 1.0, n), o.held_out_zero_conf),
                       settle_more(n, C.unit(zero[0].axis.value), Text("(with the evaluation run on a few training "
                                                                       "examples)", "（并在几个训练样本上运行评估）")),
                       reading=f"{kind}:{sp.value}")
    if kind == "frozen":
        lkey, akey, axis, steps, lv, av, spread = _frozen_numbers(e.run, sp, o)  # type: ignore[misc]
        return Verdict(Severity.INFO, min(o.frozen_conf, confidence(spread / o.frozen_loss_move, 1.0, steps.size)),
                       Text("the accuracy computed by hand on one batch would settle whether it measures the outputs",
                            "在一个批次上手工计算准确率，即可确定它是否度量了模型输出"), reading=f"{kind}:{sp.value}")
    if kind == "underconfident":
        lkey, akey, axis, steps, l_tail, a_tail, bound, k = _under_numbers(e.run, sp, o, e.classes)  # type: ignore[misc]
        return Verdict(Severity.WARNING, confidence((l_tail - bound) / o.under_nats, 1.0, k),
                       settle_more(steps.size, C.unit(axis), Text("(with the model's outputs for one batch printed)",
                                                                   "（并打印一个批次的模型输出）")),
                       reading=f"{kind}:{sp.value}")
    if kind == "stall":
        s, (i, j) = _stall_numbers(e.run, sp, e.classes, o)  # type: ignore[misc]
        return Verdict(Severity.WARNING, confidence(float(j - i), float(o.stall_evals), s[3].size),
                       reading=f"{kind}:{sp.value}")
    if kind == "flat":
        _, s, ch_l, unc_l, *_ = _flat_numbers(e.run, sp, o)  # type: ignore[misc]
        conf = confidence(-ch_l / max(unc_l, 1e-12 * abs(ch_l), 1e-300), o.significance, s[3].size)
        if not begins_at_start(s[3]):
            # from the middle of a run, a level metric beside a falling loss is what a model at its ceiling shows
            # too (the metric learned before the excerpt): a note, saying what would tell the two apart
            unit_en, unit_zh = C.unit(s[2])
            return Verdict(Severity.INFO, min(conf, 0.5), Text(
                f"the log's evaluations begin at {unit_en} {s[3][0]:g}, in the middle of the run: the first ones "
                f"would show whether {s[1]} ever moved", f"日志的评估从第 {s[3][0]:g} {unit_zh}开始，处于训练中途："
                f"最初的评估才能说明 {s[1]} 是否变化过"), reading=f"{kind}:{sp.value}")
        return Verdict(Severity.WARNING, conf, reading=f"{kind}:{sp.value}")
    s, best, rise, ch_a, unc_a = _over_numbers(e.run, o)  # type: ignore[misc]
    return Verdict(Severity.INFO, confidence(ch_a / max(unc_a, 1e-12), o.significance, s[3].size - best),
                   reading=f"{kind}:{sp.value}")


def explain(e: Evidence, v: Verdict, o: Options) -> Finding:
    kind, split_name = v.reading.split(":")
    sp = Split(split_name)
    if kind == "impossible":
        return _impossible_finding(e.run, sp, o)
    if kind == "zero":
        return _zero_finding(e.run, o)
    if kind == "held_out_zero":
        return _held_out_zero_finding(e.run, o)
    if kind == "frozen":
        return _frozen_finding(e.run, sp, o)
    if kind == "underconfident":
        return _under_finding(e.run, sp, o, e.classes)
    if kind == "stall":
        assert e.classes is not None
        return _stall_finding(e.run, sp, e.classes, o)
    if kind == "flat":
        return _flat_finding(e.run, sp, o)
    return _over_finding(e.run, o)


def _series(run: Run, split: Split, o: Options, kind: Kind = Kind.ACCURACY, min_points: int | None = None
            ) -> tuple[str, str, str, np.ndarray, np.ndarray, np.ndarray] | None:
    acc = run.find(kind, split)
    loss = C.matching(run, Kind.LOSS, split, acc) if acc is not None else None
    if loss is None or acc is None:
        return None
    ls, lv = C.finite(loss)
    as_, av = C.finite(acc)
    steps, a_at, l_at = C.aligned(as_, av, ls, lv)
    if steps.size < (o.min_points if min_points is None else min_points):
        return None
    return loss.key, acc.key, loss.axis.value, steps, l_at, a_at


def _flat_numbers(run: Run, split: Split, o: Options) -> tuple | None:
    """Pattern (1): the loss falls clearly while the task metric on the same split (an accuracy, else an error
    rate, a score or an error such as an angle error) holds still or gets worse."""
    kind = next((k for k in METRIC_KINDS if run.find(k, split) is not None), None)
    s = _series(run, split, o, kind) if kind is not None else None
    if s is None:
        return None
    lkey, akey, axis, steps, lv, av = s
    higher = kind.higher_is_better
    good = av if higher else -av  # the metric turned so that up is better
    ch_l, unc_l = C.trend_change(steps, lv)
    ch_a, unc_a = C.trend_change(steps, good)
    l0 = abs(float(np.median(lv[:2])))
    if l0 <= 0 or -ch_l < o.min_loss_drop * l0 or -ch_l < o.significance * unc_l:
        return None
    bounded = kind in (Kind.ACCURACY, Kind.ERROR_RATE)  # fractions of examples (readers convert percentages)
    if bounded and float(np.nanmax(av if higher else 1.0 - av)) >= o.near_perfect:
        return None  # already right on 95% of the examples: no room to move
    # a score held at 0 (an IoU, an F1 or an mAP as a fraction, under 2 points at its median) has no level for a move
    # to be a share of: 0.0003 -> 0 is no progress, and is judged in points as an accuracy is (an error near 0 is the
    # best it can be: still judged on its own level)
    at_zero = higher and not bounded and bool(np.all((av >= 0.0) & (av <= 1.0))) and C.level(av) < o.max_acc_move
    points = bounded or at_zero
    scale = 1.0 if points else max(C.level(av), 1e-300)  # changes in points, or relative to the metric's level
    move = o.max_acc_move if points else o.rel_metric_move * (-ch_l / l0)
    moved_wrong = ch_a / scale < -max(0.05, o.significance * unc_a / scale)
    k = max(2, math.ceil(o.edge_share * av.size))
    net_a = float(np.median(good[-k:]) - np.median(good[:k]))  # a robust trend hides a rise confined to the start
    flat = (abs(ch_a) < move * scale and abs(ch_a) < max(o.significance * unc_a, move * scale)
            and abs(net_a) < move * scale)
    if not (flat or moved_wrong):
        return None
    return kind, s, ch_l, unc_l, ch_a, unc_a, l0, net_a, moved_wrong


def _flat_finding(run: Run, split: Split, o: Options) -> Finding:
    got = _flat_numbers(run, split, o)
    assert got is not None
    kind, s, ch_l, unc_l, ch_a, unc_a, l0, net_a, moved_wrong = got
    lkey, akey, axis, steps, lv, av = s
    higher = kind.higher_is_better
    if not higher:
        ch_a, net_a = -ch_a, -net_a  # report the metric's own change
    ue, uz = C.unit(axis)
    a, b = float(steps[0]), float(steps[-1])
    # accuracy pinned at a high constant share: the model predicts the majority class while the loss learns priors
    med = float(np.median(av))
    pinned = kind is Kind.ACCURACY and bool(med >= 0.5 and float(np.mean(np.abs(av - med) <= 0.005)) >= 0.8)
    how_en = "got worse" if moved_wrong else "did not move"
    how_zh = "反而变差" if moved_wrong else "几乎不变"
    what_en, what_zh = ("the accuracy", "准确率") if kind is Kind.ACCURACY else (f"{akey}", f"{akey}")
    return Finding(
        code="LD111", name="loss_metric_disagreement", severity=Severity.WARNING,
        message=Text(
            f"{lkey} fell {-ch_l:.3g} ({-ch_l / l0:.0%}) over {ue}s {a:g}-{b:g} but {akey} {how_en} "
            f"({ch_a:+.3g}, stays near {float(np.median(av)):.3g}): the loss is not measuring what {what_en} "
            "measures.",
            f"{lkey} 在第 {a:g}-{b:g} {uz}间下降了 {-ch_l:.3g}（{-ch_l / l0:.0%}），而 {akey} {how_zh}"
            f"（{ch_a:+.3g}，一直在 {float(np.median(av)):.3g} 附近）：损失衡量的不是{what_zh}所衡量的东西。"),
        span=Span(axis, a, b),
        evidence={"pattern": "loss_falls_accuracy_flat", "loss_change": ch_l, "loss_start": l0,
                  "accuracy_change": ch_a, "accuracy_change_uncertainty": unc_a, "accuracy_start_to_end": net_a,
                  "accuracy_median": float(np.median(av)), "metric_kind": kind.value},
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


def _same_pass(acc: Series, loss: Series, o: Options) -> bool:
    """Whether the accuracy and the loss were logged by the same pass over the same examples: at the same cadence.
    A loss logged many times more often than the accuracy over the accuracy's range (a batch loss per iteration
    beside an evaluation every session) measures other examples, so (1 - acc) * ln 2 does not bound it."""
    if acc.steps.size == 0:
        return False
    lo, hi = float(acc.steps.min()), float(acc.steps.max())
    n_loss = int(np.count_nonzero((loss.steps >= lo) & (loss.steps <= hi)))
    return n_loss <= o.same_pass_ratio * max(int(acc.steps.size), 1)


def _under_numbers(run: Run, split: Split, o: Options, classes: chance.Classes | None = None) -> tuple | None:
    """Pattern (5): a training loss settled far above what a calibrated classifier scores at the accuracy beside it
    (Fano's bound, with up to `under_classes` classes): right answers that never get confident."""
    if len({s.key for s in run.find_all(Kind.LOSS, split)}) > 2:
        return None  # several loss terms (detection, multi-task): the total is not one cross-entropy
    acc = run.find(Kind.ACCURACY, split)
    loss = C.matching(run, Kind.LOSS, split, acc) if acc is not None else None
    if acc is None or loss is None or not _same_pass(acc, loss, o):
        return None
    s = _series(run, split, o, min_points=o.under_min_points)  # the bound holds at every evaluation: 3 settle it
    if s is None:
        return None
    lkey, akey, axis, steps, lv, av = s
    k = max(3, math.ceil(0.3 * steps.size))
    a_tail, l_tail = float(np.median(av[-k:])), float(np.median(lv[-k:]))
    if not (o.under_accuracy <= a_tail <= 1.0):
        return None
    n_cls = classes.count if classes is not None and classes.count >= 3 else o.under_classes
    bound = chance.fano_bound(a_tail, n_cls)
    excess = l_tail - bound
    if classes is not None and classes.count >= 3:
        floor = chance.bounded_logit_floor(classes.count)
        if excess <= 0 or l_tail < floor - o.floor_tolerance * (classes.chance_loss - floor):
            return None  # C known: only a loss on (or above) the squashed-output floor, not label smoothing
    elif excess < o.under_nats or l_tail < o.under_ratio * bound:
        return None
    if abs(float(lv[-k] - lv[-1])) >= o.under_settled * excess:
        return None  # still falling fast: not a floor yet
    share = lr_share_at(run, axis, float(steps[0]), float(steps[-1]), float(steps[-k]))
    if share is not None and share <= DECAYED_AWAY:
        return None  # the logged LR was decayed away before the tail: training froze with its outputs still soft
    return lkey, akey, axis, steps, l_tail, a_tail, bound, k


def _under_finding(run: Run, split: Split, o: Options, classes: chance.Classes | None = None) -> Finding:
    got = _under_numbers(run, split, o, classes)
    assert got is not None
    lkey, akey, axis, steps, l_tail, a_tail, bound, k = got
    n_cls = classes.count if classes is not None and classes.count >= 3 else o.under_classes
    ratio = l_tail / max(bound, 1e-9)  # an accuracy of exactly 1 allows a loss of 0
    ue, uz = C.unit(axis)
    a, b = float(steps[-k]), float(steps[-1])
    return Finding(
        code="LD111", name="loss_metric_disagreement", severity=Severity.WARNING,
        message=Text(
            f"{akey} is {a_tail:.3g} over {ue}s {a:g}-{b:g} while {lkey} stays at {l_tail:.4g}: a classifier "
            f"right on {a_tail:.1%} of the examples scores at most {bound:.3g} when its confidence is honest ("
            f"{n_cls} classes). A loss {ratio:.3g}x above that never lets the right answers get "
            "confident: the outputs are squashed before a loss that applies its own softmax.",
            f"第 {a:g}-{b:g} {uz} {akey} 为 {a_tail:.3g}，而 {lkey} 停在 {l_tail:.4g}：一个对 {a_tail:.1%} 样本判对的分类器，"
            f"若置信度真实，交叉熵至多为 {bound:.3g}（{n_cls} 类）。损失比它高 {ratio:.3g} 倍，"
            "说明正确答案永远得不到高置信度：输出在自带 softmax 的损失之前就被压缩了。"),
        span=Span(axis, a, b),
        evidence={"pattern": "loss_too_high_for_accuracy", "loss_level": l_tail, "accuracy_level": a_tail,
                  "calibrated_loss_bound": bound, "ratio": ratio},
        causes=(Cause("label_or_loss_misconfig", 0.75, Text(
                    "probabilities fed as logits (softmax applied twice, or sigmoid outputs into CrossEntropyLoss): "
                    "the loss has a floor of ln(1 + (C-1)/e) however right the model is",
                    "把概率当作 logits 输入（softmax 做了两次，或 sigmoid 输出接 CrossEntropyLoss）：无论模型多准，"
                    "损失都有 ln(1 + (C-1)/e) 的下限")),
                Cause("over_regularization", 0.2, Text("strong label smoothing or a large penalty term added to the "
                                                       "loss keeps it high", "过强的标签平滑或加到损失上的大惩罚项让损失居高不下"))),
        fixes=(check_output_head(None), check_loss_pairing()),
        series=(lkey, akey),
        experiment=Text("Print model(x)[:2] for one batch: rows that are non-negative and sum to 1 are already "
                        "probabilities; remove the final Softmax (PyTorch) or use from_logits=False (Keras).",
                        "打印一个批次的 model(x)[:2]：若每行非负且和为 1，就已经是概率；去掉最后的 Softmax（PyTorch），"
                        "或在 Keras 中使用 from_logits=False。"),
    )


def _zero_numbers(run: Run, o: Options) -> tuple[Split, Series, Series, float, int] | None:
    """Pattern (6): every accuracy logged is exactly 0 at every evaluation (at least 2) while a loss beside one of
    them falls by at least `min_loss_drop` of its first value. A classifier guessing is right 1/C of the time and a
    learning one more often; exactly 0 on every line is a count that never counts (integer division of the number
    right, predictions compared with labels of another shape or type). Returns (split, accuracy, loss, relative
    fall, evaluations) for the split whose loss fell most."""
    accs = [a for a in run.find_all(Kind.ACCURACY) if np.isfinite(a.values).any()]
    if not accs:
        return None
    vals = np.concatenate([a.values[np.isfinite(a.values)] for a in accs])
    if vals.size < 2 or float(np.max(np.abs(vals))) > 0.0:
        return None
    best: tuple[Split, Series, Series, float, int] | None = None
    for acc in accs:
        loss = C.matching(run, Kind.LOSS, acc.split, acc)
        if loss is None:
            continue
        lv = loss.values[np.isfinite(loss.values)]
        if lv.size < 2 or lv[0] <= 0:
            continue
        drop = float((lv[0] - lv.min()) / lv[0])
        if drop >= o.min_loss_drop and (best is None or drop > best[3]):
            best = (acc.split, acc, loss, drop, int(vals.size))
    return best


def _zero_finding(run: Run, o: Options) -> Finding:
    got = _zero_numbers(run, o)
    assert got is not None
    split, acc, loss, drop, n = got
    lv = loss.values[np.isfinite(loss.values)]
    ls = loss.steps[np.isfinite(loss.values)]
    ue, uz = C.unit(loss.axis.value)
    keys = ", ".join(a.key for a in run.find_all(Kind.ACCURACY))
    return Finding(
        code="LD111", name="loss_metric_disagreement", severity=Severity.WARNING,
        message=Text(
            f"{keys} is exactly 0 on all {n} evaluations while {loss.key} fell {lv[0]:.4g} -> {lv.min():.4g} "
            f"({drop:.0%}): even a guess is right 1/C of the time, and a falling loss means more right answers. The "
            "accuracy is computed wrongly, not the model.",
            f"{keys} 在全部 {n} 次评估中都恰好为 0，而 {loss.key} 从 {lv[0]:.4g} 降到 {lv.min():.4g}（{drop:.0%}）："
            "即使瞎猜也有 1/C 的正确率，损失下降意味着答对的更多了。是准确率算错了，而不是模型。"),
        span=Span(loss.axis.value, float(ls[0]), float(ls[-1])),
        evidence={"pattern": "accuracy_always_zero", "accuracy_evaluations": n, "loss_first": float(lv[0]),
                  "loss_lowest": float(lv.min()), "loss_drop": drop, "split": split.value},
        causes=(Cause("training_step_bug", 0.7,
                      Text("the number right divided as integers (a LongTensor count / len(dataset) is 0 in old "
                           "PyTorch), or the count taken before it is summed",
                           "答对的个数按整数相除（旧版 PyTorch 中 LongTensor 计数 / len(dataset) 为 0），或在求和前就取了计数")),
                Cause("label_or_loss_misconfig", 0.3,
                      Text("predictions compared with labels of another shape or type (one-hot labels against class "
                           "ids, a broadcast comparison that is never true)",
                           "预测与形状或类型不同的标签比较（one-hot 标签对类别编号，永远不成立的广播比较）"))),
        fixes=(check_loss_pairing(),),
        series=(loss.key, acc.key),
        experiment=Text("On one batch print preds[:10], labels[:10] and (preds == labels).sum() / len(labels) as a "
                        "float: if the model is right on some examples, the logged accuracy is the bug.",
                        "在一个批次上打印 preds[:10]、labels[:10] 以及按浮点数计算的 (preds == labels).sum() / len(labels)："
                        "若模型在部分样本上是对的，记录的准确率就是错误所在。"),
    )


def _frozen_numbers(run: Run, split: Split, o: Options) -> tuple | None:
    """Pattern (8): the accuracy on `split` is identical at every one of its `min_points`+ evaluations, below
    `near_perfect`, while the loss of the same pass spans `frozen_loss_move` of its level. Returns (loss key, accuracy
    key, axis, steps, loss values, accuracy values, the loss's spread over its level) or None."""
    s = _series(run, split, o)
    acc = run.find(Kind.ACCURACY, split)
    if s is None or acc is None:
        return None
    lkey, akey, axis, steps, lv, av = s
    loss = C.matching(run, Kind.LOSS, split, acc)
    if loss is None or not _same_pass(acc, loss, o):
        return None  # a batch loss logged many times per evaluation measures other examples
    level = float(np.median(np.abs(lv)))
    if float(np.ptp(av)) != 0.0 or float(av[0]) >= o.near_perfect or level <= 0:
        return None
    if any(float(np.ptp(C.finite(a)[1])) > 0.0 for a in run.find_all(Kind.ACCURACY) if C.finite(a)[1].size >= 2):
        return None  # another accuracy of the run moves: this one may be a small evaluation set repeating its count
    spread = float(np.ptp(lv)) / level
    if spread < o.frozen_loss_move:
        return None
    return lkey, akey, axis, steps, lv, av, spread


def _frozen_finding(run: Run, split: Split, o: Options) -> Finding:
    got = _frozen_numbers(run, split, o)
    assert got is not None
    lkey, akey, axis, steps, lv, av, spread = got
    ue, uz = C.unit(axis)
    return Finding(
        code="LD111", name="loss_metric_disagreement", severity=Severity.INFO,
        message=Text(
            f"{akey} is {float(av[0]):.4g} at every one of its {steps.size} evaluations ({ue} {steps[0]:g}-"
            f"{steps[-1]:g}) while {lkey} moves between {float(lv.min()):.4g} and {float(lv.max()):.4g} ({spread:.0%} "
            "of its level): the outputs the loss is computed from changed, and the count of right answers did not "
            "move by one example. The accuracy does not measure those outputs (an accuracy computed on a regression "
            "counts exact matches).",
            f"{akey} 在全部 {steps.size} 次评估（第 {steps[0]:g}-{steps[-1]:g} {uz}）中都是 {float(av[0]):.4g}，而 {lkey} "
            f"在 {float(lv.min()):.4g} 与 {float(lv.max()):.4g} 之间变化（为其水平的 {spread:.0%}）：计算损失的模型输出变了，"
            "答对的个数却一个也没变。这个准确率没有度量这些输出（在回归任务上计算的准确率只统计完全相等的值）。"),
        span=Span(axis, float(steps[0]), float(steps[-1])),
        evidence={"pattern": "accuracy_frozen", "accuracy_level": float(av[0]), "evaluations": int(steps.size),
                  "loss_min": float(lv.min()), "loss_max": float(lv.max()), "loss_spread": spread,
                  "split": split.value},
        causes=(Cause("label_or_loss_misconfig", 0.6,
                      Text("the metric does not fit the task: an accuracy on continuous targets (a regression) is "
                           "the share of exact matches, which almost never happen and never change",
                           "指标与任务不符：连续目标（回归）上的准确率是完全相等的比例，几乎不会发生，也不会变化")),
                Cause("training_step_bug", 0.3,
                      Text("the accuracy is computed from something other than the model's outputs (a constant, "
                           "stale predictions, labels compared with themselves)",
                           "准确率不是由模型输出算出的（常量、过期的预测、标签与自身比较）"))),
        fixes=(check_loss_pairing(),),
        series=(lkey, akey),
        experiment=Text("On one batch print the model's outputs, the labels and the accuracy computed by hand: for a "
                        "regression report an error (MAE) instead of an accuracy.",
                        "在一个批次上打印模型输出、标签和手工计算的准确率：回归任务应报告误差（MAE）而不是准确率。"),
    )


def _held_out_zero_numbers(run: Run, o: Options) -> tuple[tuple[Series, ...], Series, float, int] | None:
    """Pattern (7): every validation / test accuracy or score logged is exactly 0 on each of its evaluations (1+),
    while a training accuracy ends at `under_accuracy` (0.9) or more. Returns (the zero series, the training accuracy,
    its last value, held-out evaluations); None otherwise, and when pattern (6) reads it (every accuracy 0)."""
    held = [s for s in run.series if s.split in (Split.VAL, Split.TEST) and s.kind in (Kind.ACCURACY, Kind.SCORE)
            and np.isfinite(s.values).any()]
    if not held or any(float(np.max(np.abs(s.values[np.isfinite(s.values)]))) > 0.0 for s in held):
        return None
    n = max(int(np.isfinite(s.values).sum()) for s in held)
    trained = [(s, float(C.finite(s)[1][-1])) for s in run.find_all(Kind.ACCURACY, Split.TRAIN) if C.finite(s)[1].size]
    top = max(trained, key=lambda t: t[1], default=None)
    if top is not None and top[1] >= o.under_accuracy:
        return tuple(held), top[0], top[1], n
    if trained or n < o.held_zero_evals:
        return None  # a training accuracy below 0.9 is read by the other patterns (an accuracy frozen, ...)
    # no training accuracy to compare: 5+ evaluations that all score exactly 0 while a loss moves (the weights change,
    # so the predictions do): a model that learns anything, or guesses, scores above 0 sometimes
    moving = [(s, float(np.ptp(v)) / max(float(np.median(np.abs(v))), 1e-300)) for s in run.find_all(Kind.LOSS)
              for v in (C.finite(s)[1],) if v.size >= 2]
    best = max(moving, key=lambda t: t[1], default=None)
    if best is None or best[1] < o.held_zero_move:
        return None
    return tuple(held), best[0], float("nan"), n


def _held_out_zero_finding(run: Run, o: Options) -> Finding:
    got = _held_out_zero_numbers(run, o)
    assert got is not None
    zero, acc, t_end, n = got
    keys = ", ".join(s.key for s in zero)
    x = C.finite(acc)[0]
    if not np.isfinite(t_end):  # no training accuracy: a loss that moves beside the zeros
        v = C.finite(acc)[1]
        message = Text(
            f"{keys} is exactly 0 on every evaluation ({n}) while {acc.key} moves ({v[0]:.4g} -> {v[-1]:.4g}): the "
            "weights change, yet the held-out metric never scores a single example. Even a guess scores above 0 "
            "now and then, so the evaluation is more likely broken than the model (class ids or annotation format, "
            "a score threshold, a metric never filled in).",
            f"{keys} 在每次评估（{n} 次）中都恰好为 0，而 {acc.key} 在变化（{v[0]:.4g} -> {v[-1]:.4g}）：权重在变，"
            "验证指标却一个样本也没有得分。即使瞎猜也会偶尔得分，因此更可能是评估出了问题而不是模型"
            "（类别编号或标注格式、分数阈值、从未填入的指标）。")
    else:
        message = Text(
            f"{keys} is exactly 0 on every evaluation ({n}) while {acc.key} ends at {t_end:.4g}: the training side says "
            "the model gets most examples right, the held-out metric that it gets none. Even a guess scores above 0, "
            "so the evaluation is more likely broken than the model (class ids or annotation format, a score "
            "threshold, a metric never filled in).",
            f"{keys} 在每次评估（{n} 次）中都恰好为 0，而 {acc.key} 最终为 {t_end:.4g}：训练端表明模型答对了大多数样本，"
            "验证指标却表明一个也没答对。即使瞎猜得分也大于 0，因此更可能是评估出了问题而不是模型"
            "（类别编号或标注格式、分数阈值、从未填入的指标）。")
    return Finding(
        code="LD111", name="loss_metric_disagreement", severity=Severity.INFO,
        message=message,
        span=Span(acc.axis.value, float(x[0]), float(x[-1])),
        evidence={"pattern": "held_out_metric_zero", "held_out_metrics": keys, "held_out_evaluations": n,
                  "train_accuracy_at_end": t_end if np.isfinite(t_end) else None},
        causes=(Cause("label_or_loss_misconfig", 0.5,
                      Text("the evaluation reads labels differently from training (class ids shifted, another "
                           "annotation format, categories missing from the validation annotations)",
                           "评估读取标签的方式与训练不同（类别编号错位、标注格式不同、验证标注缺少类别）")),
                Cause("training_step_bug", 0.4,
                      Text("the metric is never filled in, or every prediction is dropped by a score threshold "
                           "before it is counted", "指标从未被填入，或所有预测在计数前被分数阈值过滤掉"))),
        fixes=(check_loss_pairing(),),
        series=(acc.key, *(s.key for s in zero)),
        experiment=Text("Run the evaluation on a few training examples: a model that is right on 90 % of them in "
                        "training and scores 0 there has a broken evaluation.",
                        "在几个训练样本上运行评估：训练中答对 90% 的模型若在这里得 0 分，说明评估有问题。"),
    )


def _impossible_numbers(run: Run, split: Split, o: Options) -> tuple | None:
    """Pattern (4): evaluations whose loss is far below what the accuracy logged at the same step allows."""
    acc = run.find(Kind.ACCURACY, split)
    loss = C.matching(run, Kind.LOSS, split, acc) if acc is not None else None
    if acc is None or loss is None:
        return None
    if not _same_pass(acc, loss, o):
        return None  # the bound holds for a loss and an accuracy on the same examples, not a batch loss beside an evaluation
    common, ia, il = C.common_steps(acc.steps, loss.steps)
    a, lv = acc.values[ia], loss.values[il]
    wrong = 1.0 - a
    bad = np.isfinite(a) & np.isfinite(lv) & (lv >= 0) & (wrong >= o.impossible_errors) & \
        (lv * o.impossible_margin < wrong * math.log(2.0))
    if not bad.any():
        return None
    lf = loss.values[np.isfinite(loss.values) & (loss.values > 0)]
    if (lf.size >= 3 and float(lf.max()) < o.impossible_errors * math.log(2.0)
            and (float(lf.max()) >= o.other_loss_fall * float(np.median(lf[-max(1, lf.size // 10):]))
                 or not begins_at_start(loss.steps))):
        # a loss that learns on a scale a cross-entropy never has (a heatmap MSE beside a keypoint metric), or a
        # stretch from the middle of a run that never shows the cross-entropy scale: nothing says it is one
        return None
    return loss, acc, common, a, lv, wrong, bad


def _impossible_finding(run: Run, split: Split, o: Options) -> Finding:
    got = _impossible_numbers(run, split, o)
    assert got is not None
    loss, acc, common, a, lv, wrong, bad = got
    idx = np.flatnonzero(bad)
    xs = common[idx]
    ue, uz = C.unit(loss.axis.value)
    shown = ", ".join(f"{x:g}" for x in xs[:8]) + (" ..." if xs.size > 8 else "")
    i = int(idx[0])
    return Finding(
        code="LD111", name="loss_metric_disagreement", severity=Severity.WARNING,
        message=Text(
            f"At {ue} {shown} {loss.key} is {lv[i]:.3g} while {acc.key} is {a[i]:.3g}: they cannot both be right. "
            f"With {wrong[i]:.0%} of the examples wrong a cross-entropy is at least {wrong[i] * math.log(2):.3g} "
            "(each mistake costs ln 2 or more); the loss or the evaluation is broken there.",
            f"第 {shown} {uz} {loss.key} 为 {lv[i]:.3g}，而 {acc.key} 为 {a[i]:.3g}：两者不可能同时正确。"
            f"有 {wrong[i]:.0%} 的样本判错时交叉熵至少为 {wrong[i] * math.log(2):.3g}（每个错误至少贡献 ln 2）；"
            "那里的损失或评估有问题。"),
        span=Span(loss.axis.value, float(xs[0]), float(xs[-1])),
        evidence={"pattern": "loss_too_small_for_accuracy", f"{ue}s": [float(x) for x in xs[:50]],
                  "loss": [float(x) for x in lv[idx][:50]], "accuracy": [float(x) for x in a[idx][:50]],
                  "least_cross_entropy": [float(x) for x in (wrong[idx] * math.log(2.0))[:50]]},
        causes=(Cause("label_or_loss_misconfig", 0.55,
                      Text("a loss that cannot see the mistakes: softmax on a single output unit (always 1, loss 0), "
                           "labels of the wrong shape broadcast against the outputs, or the loss of another output",
                           "损失看不到错误：单个输出单元上用 softmax（恒为 1，损失为 0）、形状不对的标签与输出广播，"
                           "或记录的是另一个输出的损失")),
                Cause("training_step_bug", 0.4,
                      Text("the loss and the accuracy of that evaluation were computed on different data (an empty "
                           "or skipped batch, a metric state not reset, NaN replaced by 0)",
                           "那次评估的损失和准确率是在不同数据上算的（空的或被跳过的批次、指标状态未重置、NaN 被替换为 0）"))),
        fixes=(check_loss_pairing(),),
        series=(loss.key, acc.key),
        experiment=Text(f"Evaluate the checkpoint of {ue} {xs[0]:g} by hand on one batch: print the outputs, the "
                        "labels, the loss and argmax accuracy side by side.",
                        f"在一个批次上手工评估第 {xs[0]:g} {uz}的检查点：把输出、标签、损失和 argmax 准确率并排打印出来。"),
    )


def _stall_numbers(run: Run, split: Split, classes: chance.Classes, o: Options) -> tuple | None:
    """Pattern (3): the accuracy parked at 1 - 1/C for a few evaluations while the loss falls a lot."""
    s = _series(run, split, o)
    if s is None:
        return None
    lkey, akey, axis, steps, lv, av = s
    c = classes.count
    level = 1.0 - 1.0 / c
    best: tuple[int, int] | None = None
    for i in range(0, min(o.stall_start, av.size - o.stall_evals) + 1):
        j = i + o.stall_evals
        while j < av.size and _flat(av[i:j + 1], o):
            j += 1
        band = av[i:j]
        if not _flat(band, o) or abs(float(np.median(band)) - level) > o.stall_level_tol:
            continue
        if lv[i] <= 0 or (lv[i] - lv[j - 1]) < o.stall_loss_drop * lv[i]:
            continue
        if best is None or j - i > best[1] - best[0]:
            best = (i, j)
    if best is None:
        return None
    return s, best


def _stall_finding(run: Run, split: Split, classes: chance.Classes, o: Options) -> Finding:
    got = _stall_numbers(run, split, classes, o)
    assert got is not None
    s, best = got
    lkey, akey, axis, steps, lv, av = s
    c = classes.count
    level = 1.0 - 1.0 / c
    i, j = best
    a, b = float(steps[i]), float(steps[j - 1])
    acc_med = float(np.median(av[i:j]))
    drop = float(1.0 - lv[j - 1] / lv[i])
    ue, uz = C.unit(axis)
    train = run.find(Kind.LOSS, Split.TRAIN)
    first = None
    if train is not None and np.isfinite(train.values).any():
        first = float(train.values[np.isfinite(train.values)][0])
    below_ln2 = first is not None and first <= math.log(2.0) * 1.02
    ln2_en = (f" The first training loss, {first:.3g}, is at or below ln 2 = 0.693, where a per-output binary loss "
              f"starts, not near ln({c}) = {math.log(c):.3g}." if below_ln2 else "")
    ln2_zh = (f"首个训练损失 {first:.3g} 不高于 ln 2 = 0.693（逐输出二元损失的起点），而不是接近 ln({c}) = "
              f"{math.log(c):.3g}。" if below_ln2 else "")
    how_en, how_zh = classes.describe()
    return Finding(
        code="LD111", name="loss_metric_disagreement", severity=Severity.WARNING,
        message=Text(
            f"{akey} stayed at {float(av[i:j].min()):.3g}-{float(av[i:j].max()):.3g} for {ue}s {a:g}-{b:g} while "
            f"{lkey} fell {lv[i]:.3g} -> {lv[j - 1]:.3g} ({drop:.0%}): that level is 1 - 1/{c} = {level:.3g}, the "
            f"accuracy of answering 'no' for every one of {c} classes (C {how_en}). The accuracy is a per-class "
            f"binary accuracy: {c} sigmoid outputs with binary cross-entropy on one-hot labels, not a {c}-way "
            f"classifier.{ln2_en}",
            f"第 {a:g}-{b:g} {uz}间 {akey} 停在 {float(av[i:j].min()):.3g}-{float(av[i:j].max()):.3g}，而 {lkey} 从 "
            f"{lv[i]:.3g} 降到 {lv[j - 1]:.3g}（{drop:.0%}）：这个水平正是 1 - 1/{c} = {level:.3g}，即对 {c} 个类别全部回答"
            f"“否”时的准确率（C {how_zh}）。这是逐类别的二元准确率：{c} 个 sigmoid 输出配 binary cross-entropy 和 one-hot "
            f"标签，而不是 {c} 类分类器。{ln2_zh}"),
        span=Span(axis, a, b),
        evidence={"pattern": "accuracy_at_binary_constant_level", "accuracy_level": acc_med,
                  "binary_constant_level": level, "num_classes": c, "num_classes_from": classes.how,
                  "loss_from": float(lv[i]), "loss_to": float(lv[j - 1]), "loss_drop": drop,
                  f"first_{ue}": a, f"last_{ue}": b, "evaluations": j - i,
                  **({"first_train_loss": first} if first is not None else {})},
        causes=(Cause("label_or_loss_misconfig", 0.75,
                      Text(f"an accuracy parked at 1 - 1/{c} while the loss falls is binary accuracy over {c} "
                           "independent sigmoid outputs: a multi-label head and loss on a single-label task",
                           f"损失下降而准确率停在 1 - 1/{c}，说明准确率是 {c} 个独立 sigmoid 输出上的二元准确率："
                           "单标签任务用了多标签的输出层和损失"),
                      Text("a genuinely multi-label task (several classes true at once) is trained this way on purpose",
                           "若任务本身是多标签的（一个样本可同时属于多个类别），这样训练是有意为之")),),
        fixes=(check_output_head(c), check_loss_pairing()),
        series=(lkey, akey),
        marks=(Mark(f"first_{ue}", (a,)), Mark(f"last_{ue}", (b,))),
        experiment=Text("Print model(x[:4]) and y[:4]: one probability per class that do not sum to 1, and labels "
                        "that are one-hot vectors, confirm it. Compute argmax accuracy on one batch by hand: it "
                        "differs from the logged accuracy.",
                        "打印 model(x[:4]) 和 y[:4]：若每个类别各有一个概率且总和不为 1、标签是 one-hot 向量，即可确认。"
                        "在一个批次上手工计算 argmax 准确率：它与记录的准确率不同。"),
    )


def _flat(acc: np.ndarray, o: Options) -> bool:
    return float(acc.max() - acc.min()) <= o.stall_band and abs(float(acc[-1] - acc[0])) <= o.stall_net


def _over_numbers(run: Run, o: Options) -> tuple | None:
    s = _series(run, Split.VAL, o)
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
    if rise < max(o.min_loss_rise * abs(float(lv[0])), o.significance * 1.25 * sigma / math.sqrt(m)) or \
            ch_l < o.significance * unc_l:
        return None
    ch_a, unc_a = C.trend_change(steps[best:], av[best:])
    if ch_a < o.min_acc_rise or ch_a < o.significance * unc_a:
        return None
    return s, best, rise, ch_a, unc_a


def _over_finding(run: Run, o: Options) -> Finding:
    got = _over_numbers(run, o)
    assert got is not None
    s, best, rise, ch_a, unc_a = got
    lkey, akey, axis, steps, lv, av = s
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
        marks=(Mark(f"val_loss_best_{ue}", (a,)),),
        experiment=Text("Plot a reliability diagram (confidence vs accuracy) on the validation set at the best-loss "
                        "and at the last epoch; over-confidence shows as confidence far above accuracy.",
                        "在验证集上分别画出最佳损失轮次与最后一轮的可靠性图（置信度对准确率）；过度自信表现为置信度远高于准确率。"),
    )


loss_metric_disagreement = define(
    code="LD111", name="loss_metric_disagreement", severity=Severity.WARNING,
    requires=(Requirement(Kind.LOSS), Requirement(Kind.ACCURACY, alternatives=METRIC_KINDS[1:])),
    summary=Text("Loss and accuracy tell different stories.", "损失和准确率的走势相互矛盾。"),
    options=Options, measure=measure, judge=judge, explain=explain, explains=("underfitting",), doc=DOC)
