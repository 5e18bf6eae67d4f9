"""LD113 abnormal_initial_loss: the first loss is far above what a freshly initialised model should give."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..findings import Cause, Finding, Severity, Span
from ..i18n import Text
from ..model import Kind, Run, Series, Split
from . import chance
from ._cause_evidence import LrReading
from ._confidence import confidence
from ._rule import Context, Requirement, Verdict, define, opt
from ._start import starts_at_start
from ._stated import exact_chance_text, surer
from .fixes_training import check_output_head, fix_dead_units, normalize_inputs

GUESSED = ("plateau_loss", "plateau_and_accuracy", "accuracy_pinned")  # C read off where the loss or accuracy sat

DOC = """
## What it detects
The first training loss is far above the loss of an untrained classifier, ln(C) (C from `--num-classes`, an
accuracy floor at 1/C, or an accuracy that sits at 1/C over its first 3 evaluations), or, when C is unknown, far above the level the loss drops to right after (seed 000:
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
At least 3 points, the first at the start of training (epoch or step 0 or 1, or within about one logging interval
of 0 or the first 10% of the logged span: an excerpt from the middle of a run, or a log that starts at batch 750,
has no initial loss). A run stated to be a fine-tune (`--fine-tune`) is judged only against ln(C): its trained
weights fit a fresh head within the first updates, so a fast fall after the first value is expected. A loss stated not
to be a cross-entropy, or a task without classes (`--loss`, `--task`), has no expected first value: the rule does not
run. With C: first loss >= 3x ln(C) and >= 1 nat above it. Without C: first loss >= 30x the median
of the next 3 points and >= 1 (a smaller loss is a fast fit converging), or, when an accuracy is logged (a
classifier), >= 3x ln(100); or, with the training accuracy logged at the first step, >= 1 nat above
H(err) + err ln(99) (Fano: the most cross-entropy a classifier with up to 100 classes scores at that accuracy
unless it is confidently wrong; concave, so it bounds an epoch mean too) while the loss also falls >= 3x right
after (a warning with confidence <= 0.6; not with several training loss terms, whose sum is no cross-entropy). When C is only a guess (read off
the level where the loss or a pinned accuracy sat, or off an accuracy at 1/C on its first 3 evaluations, on every split
that logs one: the model's first predictions no better than a uniform guess), the finding is a note (info, confidence <= 0.35) unless the loss
also falls >= 3x right after the first value or over the run (median of the second half; then a warning, confidence <=
0.6): a wrong guess of C must not
make an ordinary start (a multi-term loss) a warning. The same holds when C is unknown and the first loss is judged
against ln(100): without a 3x fall (right after, or to the second half's level), a note (a margin loss over thousands of identities starts there
too). A total logged beside 2 or more other training loss terms is a sum, not one cross-entropy: ln(C) is no reference
for it (only the 30x fall right after is). An epoch-mean first value is judged as it is: it can only understate the true first loss. Causes: when the
next 3 points shed less than half of the excess over the expected level (and the loss later leaves ln(C)), weights
initialised too large rank first (the excess is carried by every layer and shrinks step by step). >= 100x is called huge (inputs or labels rather than initialisation).
A first loss of exactly 0 is abnormal the other way: an untrained model cannot be perfect, so a training loss exactly
0 at its first 3+ points from the start of training (step or epoch 0/1) is computed on nothing to predict (empty or
all-ignored targets, a softmax over one output unit, labels fed in as inputs). A note (at most 0.5 sure: what the
loss is computed on settles it); a first 0 followed by real values is a logger's placeholder, not this.
"""


@dataclass(frozen=True)
class Options:
    min_points: int = opt(3, "the first value is judged against the next ones: at least 3 points")
    ratio_chance: float = opt(3.0, "first loss >= 3x ln(C) ...")
    excess_nats: float = opt(2.0, "... and >= 2 nats above it: the excess of a first cross-entropy over ln(C) is about half "
                                  "the variance of the first logits, and 1-2 nats (binary losses of 2.1-2.7) are the "
                                  "logit scale of a default initialisation or a fresh head on pretrained features, "
                                  "whose gradient is bounded; huge activations (raw 0-255 inputs) cost several nats")
    ratio_next: float = opt(30.0, "without C: first loss >= 30x the next points' level")
    huge: float = opt(100.0, ">= 100x the expected level: the inputs or the labels, not the initialisation")
    max_classes: int = opt(100, "a run that logs accuracy but whose C is unknown is judged against ln(100)")
    guess_drop: float = opt(3.0, "when C is only a guess, the loss must also fall >= 3x right after the first value "
                                 "for a warning")
    guessed_confirmed_confidence: float = opt(0.6, "the most a finding on a guessed C can be sure of, when the curve "
                                                   "confirms the blow-up")
    guessed_confidence: float = opt(0.35, "the most a finding on a guessed C can be sure of otherwise")
    start_position: float = opt(1.0, "the log must start at the first epoch (0 or 1) ...")
    start_share: float = opt(0.1, "... or, on a step axis, within the first 10% of its span (a logging interval), for "
                                  "its first value to be an initial loss")
    knocked_margin: float = opt(0.05, "causes: a loss whose second half stays within 5% of ln(C) or above never "
                                      "learned after the blow-up (the start broke the model)")
    slow_shed: float = opt(0.5, "causes: an excess over the expected level of which the next 3 points shed less than "
                                "half is carried by the weights (initialised too large: every layer must shrink, "
                                "step by step), not by one input scale the first layer absorbs within the first "
                                "updates")
    max_terms: int = opt(2, "a total logged beside 2 or more other training loss terms (detection, multi-task) is a sum, "
                            "not one cross-entropy: ln(C) is no reference for it, only the fall right after the first "
                            "value is")
    start_floor_evals: int = opt(3, "C from the accuracy's start: its first 3 evaluations all at 1/C (on every split "
                                    "that logs one)")
    min_unscaled_first: float = opt(1.0, "without C and without an accuracy, a first loss under 1 (below ln 3, below the "
                                         "error of predicting 0 for standardised targets) is not abnormally high, "
                                         "however far a fast fit then falls")
    zero_points: int = opt(3, "a training loss exactly 0 at its first 3+ points from the start of training: an "
                              "untrained model cannot be perfect, so the loss has nothing to predict (one 0 first "
                              "and real values after it is a logger's placeholder)")
    zero_confidence: float = opt(0.5, "... a note at most this sure: the log shows the zero, not what the loss was "
                                      "computed on")


@dataclass(frozen=True)
class Evidence:
    key: str
    axis: str
    points: int
    x0: float
    x_next: float  # position of the 4th point (the span's end)
    first: float
    nxt: float  # median of the next 3 points
    classes: chance.Classes | None
    classifier: bool  # an accuracy is logged
    first_accuracy: float | None = None  # the training accuracy logged with the first loss (same step)
    end_level: float = float("nan")  # median of the second half: where the loss went after the start
    lr_max: float | None = None  # the largest learning rate the log holds
    terms: int = 0  # other training loss series logged beside it (components of a total: no single cross-entropy)
    exact_chance: bool = False  # the user stated a cross-entropy loss and gave C: ln(C) is the exact first loss
    fine_tune: bool = False  # the user stated a fine-tune: trained weights fit a fresh head within the first updates
    start_floor: bool = False  # C read off an accuracy held at 1/C over the first evaluations (a guess: a note)
    zeros: int = 0  # how many points from the first one on are exactly 0 (a loss computed on nothing to predict)


def earliest_training_loss(ctx: Context, o: Options) -> Series | None:
    """The training loss whose first value comes earliest: a log that evaluates the loss at step 0, before any update
    (nanoGPT's "step 0: train loss"), beside a running loss first printed after some updates, holds the initial loss
    in the evaluation. Another series counts only on the same axis and over the same span (last steps within 2x: step
    numbers that mean the same thing), with as many points as the rule needs, starting strictly earlier, and ending
    on the same scale (within 2x: the same loss, not a term of it)."""
    s = ctx.run.find(Kind.LOSS, Split.TRAIN)
    if s is None:
        return None
    best, best_x0 = s, _first_step(s)
    for other in ctx.run.find_all(Kind.LOSS, Split.TRAIN):
        if other is s or other.axis is not s.axis or other.values.size < o.min_points or s.steps.size < 2:
            continue
        x0 = _first_step(other)
        if x0 is None or best_x0 is None or x0 >= best_x0:
            continue
        last_a, last_b = float(other.steps[-1]), float(s.steps[-1])  # steps are increasing: the last is the span's end
        if not (last_b > 0 and 0.5 * last_b <= last_a <= 2.0 * last_b):
            continue  # another span (epoch means numbered 0-14 beside steps 1-570): its step 0 is no earlier
        end_a, end_b = _end_level(other.values), _end_level(s.values)
        if end_a > 0 and end_b > 0 and max(end_a, end_b) <= 2.0 * min(end_a, end_b):
            best, best_x0 = other, x0
    return best


def _first_step(s: Series) -> float | None:
    """The step of the first finite value (read from the head; the whole series only when the head has none)."""
    for v in (s.values[:1024], s.values):
        ok = np.flatnonzero(np.isfinite(v))
        if ok.size:
            return float(s.steps[ok[0]])
    return None


def _end_level(values: np.ndarray) -> float:
    """Median of the last 3 finite values (read from the tail only: no full-length copy of a long series)."""
    tail = values[-64:]
    tail = tail[np.isfinite(tail)]
    return float(np.median(tail[-3:])) if tail.size else float("nan")


def measure(ctx: Context, o: Options) -> Evidence | None:
    s = earliest_training_loss(ctx, o)
    if s is None:
        return None
    ok = np.isfinite(s.values)
    steps, v = s.steps[ok], s.values[ok]
    if v.size < o.min_points:
        return None
    if not starts_at_start(steps, o.start_position, o.start_share, whole_epochs=s.axis.value == "epoch"):
        return None  # an excerpt from the middle of a run (epochs 278-284): its first value is not an initial loss
    first = float(v[0])
    classes = ctx.classes()  # never from the first loss itself
    if classes is None:
        classes = chance.classes_from_plateau(ctx.run, float(np.median(v[-max(2, v.size // 2):])), first, v)
    start_floor = False
    if classes is None and ctx.stated.no_chance_level() is None:
        classes = start_floor_classes(ctx.run, o)
        start_floor = classes is not None
    return Evidence(s.key, s.axis.value, int(v.size), float(steps[0]), float(steps[min(3, v.size - 1)]), first,
                    float(np.median(v[1:4])), classes, bool(ctx.run.find_all(Kind.ACCURACY)),
                    _accuracy_at(ctx, float(steps[0])), float(np.median(v[-max(2, v.size // 2):])),
                    ctx.schedule.lr_max if ctx.schedule is not None else None,
                    len({t.key for t in ctx.run.find_all(Kind.LOSS, Split.TRAIN)} - {s.key}),
                    ctx.stated.cross_entropy and classes is not None and classes.how == "given",
                    ctx.stated.fine_tune is True, start_floor, _leading_zeros(v))


def _leading_zeros(v: np.ndarray) -> int:
    """How many values from the first one on are exactly 0."""
    nonzero = np.flatnonzero(v != 0)
    return int(nonzero[0]) if nonzero.size else int(v.size)


def start_floor_classes(run: Run, o: Options) -> chance.Classes | None:
    """C from an accuracy that sits at 1/C over the first evaluations (at least 3, every split that logs one): the
    model's first predictions are no better than a uniform guess, which is what tells a practitioner the task's C at a
    glance (0.51 on three epochs: two classes). A learning model passes 1/C once; held there, it is the start's level.
    Only a guess (the split may be unbalanced): the finding it supports is a note unless the curve confirms it."""
    found: set[int] = set()
    for acc in chance.accuracy_series(run):
        a = acc.values[np.isfinite(acc.values)][: o.start_floor_evals]
        if a.size < o.start_floor_evals or float(np.max(a)) > 0.55 or float(np.min(a)) <= 0:
            return None
        c = int(round(1.0 / float(np.median(a))))
        if not 2 <= c <= chance.ACC_MAX_C:
            return None
        tol = max((1.0 / c - 1.0 / (c + 1)) / 3.0, 0.004)  # chance.py's floor tolerance: C apart from C + 1
        if float(np.max(np.abs(a - 1.0 / c))) > tol:
            return None
        found.add(c)
    return chance.Classes(found.pop(), "accuracy_floor") if len(found) == 1 else None


def _accuracy_at(ctx: Context, step: float) -> float | None:
    """The training accuracy logged at `step` (the first loss's), when there is one."""
    acc = ctx.run.find(Kind.ACCURACY, Split.TRAIN)
    if acc is None:
        return None
    if len({s.key for s in ctx.run.find_all(Kind.LOSS, Split.TRAIN)}) > 2:
        return None  # several loss terms (detection, multi-task): their sum is not one cross-entropy
    hit = np.flatnonzero((acc.steps == step) & np.isfinite(acc.values))
    return float(acc.values[hit[0]]) if hit.size else None


def reference(e: Evidence, o: Options) -> tuple[float, float] | None:
    """(expected first loss, first / expected) when the first loss is abnormal against it, else None."""
    if (e.classes is not None or e.classifier) and e.terms < o.max_terms:
        expected = e.classes.chance_loss if e.classes is not None else chance.chance_loss(o.max_classes)
        ratio = e.first / expected
        ok = ratio >= o.ratio_chance and e.first - expected >= o.excess_nats
        if not ok and e.classes is None and e.first_accuracy is not None and 0.0 <= e.first_accuracy < 1.0:
            # a fraction below 1: at 1 (or on a 0-100 scale) the bound is 0 and no ratio to it means anything
            expected = chance.fano_bound(e.first_accuracy, o.max_classes)
            ratio = e.first / expected
            ok = e.first - expected >= o.excess_nats and _confirmed(e, o)
        return (expected, ratio) if ok else None
    if e.first < o.min_unscaled_first:
        return None  # a small loss falling fast is a fit converging, not an abnormal start
    if e.fine_tune:
        return None  # a stated fine-tune: trained weights fit a fresh head within the first updates, a fast fall is expected
    if e.nxt <= 0 or e.first / e.nxt < o.ratio_next:
        return None
    return e.nxt, e.first / e.nxt


def _confirmed(e: Evidence, o: Options) -> bool:
    """The curve itself shows the start was abnormal: the loss falls >= 3x right after the first value."""
    return e.nxt > 0 and e.first / e.nxt >= o.guess_drop


def _by_fano(e: Evidence, o: Options) -> bool:
    """Judged against the most an accuracy allows (C unknown) rather than against ln(C)."""
    if e.classes is not None or e.first_accuracy is None:
        return False
    ln_max = chance.chance_loss(o.max_classes)
    return not (e.first / ln_max >= o.ratio_chance and e.first - ln_max >= o.excess_nats)


def judge(e: Evidence, o: Options) -> Verdict | None:
    if e.zeros >= o.zero_points:
        # an untrained model is never perfect: a loss at exactly 0 from the start has nothing to predict; a note, since
        # the log shows the zero but not what the loss was computed on
        u_en, u_zh = ("epoch", "轮") if e.axis == "epoch" else ("step", "步")
        return Verdict(Severity.INFO, min(o.zero_confidence, confidence(e.zeros / o.zero_points, 1.0, e.zeros)),
                       settle=Text(f"Seen over {e.zeros} {u_en}s from the start: one batch's targets and the loss "
                                   "computed on them before training would settle what it is computed on.",
                                   f"从开头起只看到 {e.zeros} {u_zh}：训练前取一个批次，检查其标签和在其上算出的损失，即可确定"
                                   "损失算的是什么。"), reading="zero")
    ref = reference(e, o)
    if ref is None:
        return None
    expected, ratio = ref
    if _by_fano(e, o):  # C unknown: the accuracy bounds the loss and the curve confirmed it; sure only so far
        conf = confidence((e.first - expected) / o.excess_nats, 1.0, e.points)
        return Verdict(Severity.WARNING, min(conf, o.guessed_confirmed_confidence))
    conf = confidence(math.log(ratio), math.log(o.ratio_chance if (e.classes or e.classifier) else o.ratio_next),
                      e.points)
    if e.classes is None or e.classes.how in GUESSED or e.start_floor:  # C unknown (judged against ln(100)) or read off a level
        # the curve itself shows the start was abnormal: the loss gets 3x below it right after; with C unknown, later
        # in the run too (a C read off the level the loss sat on cannot be confirmed by that same level)
        later = e.classes is None and e.end_level > 0 and e.first / e.end_level >= o.guess_drop
        confirmed = _confirmed(e, o) or later
        cap = o.guessed_confirmed_confidence if confirmed else o.guessed_confidence
        return Verdict(Severity.WARNING if confirmed else Severity.INFO, min(conf, cap))
    return Verdict(Severity.WARNING, surer(conf) if e.exact_chance else conf)


def explain(e: Evidence, v: Verdict, o: Options) -> Finding:
    if v.reading == "zero":
        return _explain_zero(e)
    ref = reference(e, o)
    assert ref is not None
    expected, ratio = ref
    classes, first, nxt, x0 = e.classes, e.first, e.nxt, e.x0
    if classes is not None:
        how_en, how_zh = classes.describe()
        ref_en = f"ln({classes.count}) = {expected:.4g}, the loss of an untrained {classes.count}-class model (C {how_en})"
        ref_zh = f"ln({classes.count}) = {expected:.4g}，即未训练的 {classes.count} 类模型的损失（C {how_zh}）"
    elif _by_fano(e, o):
        acc = e.first_accuracy
        ref_en = (f"{expected:.4g}, the most cross-entropy a classifier with up to {o.max_classes} classes can score at "
                  f"the accuracy logged beside it ({acc:.3g}) unless it is confidently wrong (the number of classes is "
                  "unknown)")
        ref_zh = (f"{expected:.4g}，即不超过 {o.max_classes} 类的分类器在同时记录的准确率（{acc:.3g}）下、"
                  "不过度自信地犯错时交叉熵的上限（类别数未知）")
    elif e.classifier:
        ref_en = (f"ln({o.max_classes}) = {expected:.4g}, the loss of an untrained classifier with up to "
                  f"{o.max_classes} classes (the number of classes is unknown)")
        ref_zh = f"ln({o.max_classes}) = {expected:.4g}，即不超过 {o.max_classes} 类的未训练分类器的损失（类别数未知）"
    else:
        ref_en = f"{nxt:.4g}, the level of the next points (the number of classes is unknown)"
        ref_zh = f"{nxt:.4g}，即紧随其后的几个点的水平（类别数未知）"
    huge = ratio >= o.huge
    fano = _by_fano(e, o)  # the accuracy learns, so the labels fit the output: the inputs come first
    u_en, u_zh = ("epoch", "轮") if e.axis == "epoch" else ("step", "步")
    lr = LrReading(e.lr_max)
    # after the blow-up the loss never got below the uniform guess: the start broke the model rather than only
    # inflating the first value (oversized weights or steps, not only the input scale)
    knocked = classes is not None and e.end_level >= (1.0 - o.knocked_margin) * classes.chance_loss
    shed = (first - nxt) / (first - expected) if first > expected else 1.0
    slow = not knocked and e.points >= 4 and shed < o.slow_shed
    lr_en, lr_zh = lr.phrase()
    causes = (
        Cause("lr_too_high", 0.55, Text(f"the loss never got below ln(C) after the blow-up and the learning rate is "
                                        f"large{lr_en}: oversized updates", f"爆炸之后损失再没低于 ln(C)，且学习率偏大{lr_zh}："
                                        "更新过大")) if knocked and lr.large else None,
        Cause("bad_initialization", 0.5, Text(f"after the blow-up the loss stays at {e.end_level:.4g}, never below "
                                              "ln(C): weights initialised too large make confident wrong outputs and "
                                              "saturated units the model does not recover from",
                                              f"爆炸之后损失停在 {e.end_level:.4g}，从未低于 ln(C)：初始化权重过大导致自信的错误输出和饱和单元，"
                                              "模型无法恢复")) if knocked else None,
        Cause("exploding_gradients", 0.4, Text("the huge first loss gives huge gradients: without clipping they throw "
                                               "the weights into a region the model does not leave",
                                               "巨大的初始损失带来巨大的梯度：不做裁剪会把权重甩到模型离不开的区域"))
        if knocked else None,
        Cause("unnormalized_input", 0.6 if huge or fano else 0.4,
              Text(f"a first loss {ratio:.3g}x the expected level takes very large activations: raw feature values",
                   f"初始损失为预期水平的 {ratio:.3g} 倍，需要非常大的激活值：多半是未归一化的原始特征")),
        Cause("label_or_loss_misconfig", 0.3 if fano else 0.4,
              Text("an output layer that does not match the loss (no sigmoid/softmax where one is expected, "
                   "integer labels into a one-hot loss) gives unbounded first losses",
                   "输出层与损失不匹配（该有 sigmoid/softmax 时没有、整数标签配 one-hot 损失）会产生无界的初始损失")),
        Cause("bad_initialization", 0.5, Text(
            f"the next points shed only {max(shed, 0):.0%} of the excess ({first:.4g} -> {nxt:.4g}, expected about "
            f"{expected:.4g}): the weights themselves are out of scale and shrink step by step; an input scale is "
            "absorbed within the first updates", f"之后几个点只消除了超出部分的 {max(shed, 0):.0%}（{first:.4g} -> {nxt:.4g}，"
            f"预期约 {expected:.4g}）：权重本身尺度不对，只能一步步缩小；输入尺度问题会在最初几次更新内被吸收"))
        if slow else None,
        Cause("exploding_gradients", 0.3, Text("oversized weights give oversized gradients until they shrink",
                                               "过大的权重在缩小之前会带来过大的梯度")) if slow else None,
        None if knocked or slow else Cause("bad_initialization", 0.25 if huge else 0.35 if fano else 0.4,
              Text("weights initialised too large make over-confident wrong first predictions",
                   "初始化权重过大导致最初的预测错误且过度自信")),
        None if knocked and lr.large else Cause("lr_too_high", 0.2, Text("an epoch-level first value averages the first updates: a blow-up inside the "
                                       "first epoch shows here too", "按轮记录的首个值是第一轮更新的平均：第一轮内的爆炸也会体现在这里")),
    )
    exact = exact_chance_text(classes.count) if e.exact_chance and classes is not None else Text("", "")
    return Finding(
        code="LD113", name="abnormal_initial_loss", severity=v.severity,
        message=Text(f"The first {e.key} is {first:.4g} at {u_en} {x0:g}, {ratio:.3g}x {ref_en}; "
                     + (f"it then drops to {nxt:.4g}." if nxt < 0.9 * first else
                        f"the next points stay near it ({nxt:.4g})" + (": with the number of classes unknown, this can "
                        "also be the ordinary start of a loss that is not a plain cross-entropy over at most "
                        f"{o.max_classes} classes (--num-classes would settle it)." if classes is None else "."))
                     + exact.en,
                     f"第 {x0:g} {u_zh}的首个 {e.key} 为 {first:.4g}，是 {ref_zh} 的 {ratio:.3g} 倍；"
                     + (f"之后降到 {nxt:.4g}。" if nxt < 0.9 * first else
                        f"之后的点仍在附近（{nxt:.4g}）" + ("：类别数未知时，这也可能是一个并非不超过 "
                        f"{o.max_classes} 类普通交叉熵的损失的正常开始（--num-classes 可以确定）。" if classes is None else "。"))
                     + exact.zh),
        span=Span(e.axis, x0, e.x_next),
        evidence={"first_loss": first, "expected_initial_loss": expected, "ratio": ratio, "next_level": nxt,
                  "num_classes": classes.count if classes else None,
                  "num_classes_from": classes.how if classes else None, "huge": huge},
        causes=tuple(sorted((c for c in causes if c is not None), key=lambda c: -c.likelihood)),
        fixes=(normalize_inputs(), check_output_head(classes.count if classes else None), fix_dead_units()),
        series=(e.key,),
        experiment=Text("Before training, compute the loss of the untrained model on one batch (expect about ln(C)) "
                        "and print the per-feature mean and std of that batch (expect about 0 and 1).",
                        "训练前在一个批次上计算未训练模型的损失（应约为 ln(C)），并打印该批次每个特征的均值和标准差（应约为 0 和 1）。"),
    )


def _explain_zero(e: Evidence) -> Finding:
    """A loss exactly 0 from the first point on: the message, causes and fixes of that reading."""
    u_en, u_zh = ("epoch", "轮") if e.axis == "epoch" else ("step", "步")
    return Finding(
        code="LD113", name="abnormal_initial_loss", severity=Severity.INFO,
        message=Text(f"{e.key} is exactly 0 from the start ({u_en} {e.x0:g}) at each of its first {e.zeros} points: an "
                     "untrained model cannot be perfect, so the loss has nothing to predict.",
                     f"{e.key} 从开头（第 {e.x0:g} {u_zh}）起前 {e.zeros} 个点都恰好为 0：未训练的模型不可能完美，"
                     "说明损失没有可预测的目标。"),
        span=Span(e.axis, e.x0, e.x_next),
        evidence={"first_loss": e.first, "zero_points": e.zeros, "expected_initial_loss": None, "ratio": 0.0,
                  "next_level": e.nxt, "num_classes": e.classes.count if e.classes else None,
                  "num_classes_from": e.classes.how if e.classes else None, "huge": False},
        causes=(Cause("label_or_loss_misconfig", 0.6, Text(
                    "a loss at 0 before any learning is computed on nothing to predict: empty or all-ignored targets "
                    "(every label masked or set to the ignore index), a softmax over a single output unit (always 1), "
                    "or a loss whose reduction divides nothing",
                    "在学习之前损失就为 0，说明它没有可预测的目标：标签为空或全部被忽略（都被掩码或设为 ignore_index）、"
                    "对单个输出单元做 softmax（恒为 1），或损失的归约没有可除的项")),
                Cause("data_leakage", 0.3, Text("the targets reach the model as inputs: it copies them from the first "
                                                "step", "标签作为输入进入了模型：它从第一步起就照抄标签"))),
        fixes=(check_output_head(e.classes.count if e.classes else None),),
        series=(e.key,),
        experiment=Text("Before training, print one batch's targets and the untrained model's loss on it: expect "
                        "varied labels and a loss near ln(C), not 0.",
                        "训练前打印一个批次的标签以及未训练模型在其上的损失：应看到多样的标签、接近 ln(C) 的损失，而不是 0。"),
    )


abnormal_initial_loss = define(
    code="LD113", name="abnormal_initial_loss", severity=Severity.WARNING,
    requires=(Requirement(Kind.LOSS, Split.TRAIN),),
    summary=Text("The first loss is far above what a fresh model should give.", "初始损失远高于新初始化模型应有的值。"),
    options=Options, measure=measure, judge=judge, explain=explain, doc=DOC)
