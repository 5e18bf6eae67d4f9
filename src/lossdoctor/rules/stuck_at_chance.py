"""LD104 stuck_at_chance: the loss sits at ln(C) (or at a telltale floor) / the accuracy at 1/C or the majority share."""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .. import stats
from ..findings import Cause, Finding, Severity, Span
from ..i18n import Text
from ..model import Kind, Run, Series, Split
from . import chance, schedule
from ._curve import Curve, Flatness, flatness, make_curve, trend
from ._cause_evidence import CREEP_T, LrReading, above_chance, lr_gone_share, unabated, zero_grad_lines
from ._confidence import confidence, settle_more
from .loss_not_decreasing import Options as LndOptions
from .loss_not_decreasing import frozen_points
from ._rule import Context, Requirement, Verdict, define, opt
from ._start import starts_at_start
from ._stated import exact_chance_text, surer
from .fixes_training import check_output_head, fix_dead_units, lr_range_test, overfit_tiny_subset

DOC = """
## What it detects
- The loss sits at ln(C), the cross-entropy of a uniform guess over C classes (0.693 binary, 2.303 for 10),
  or at the entropy of the class prior when the accuracy is pinned at the majority-class share: the model
  outputs the same prediction for every input.
- Every accuracy logged (each split) stays within min(0.05, 1/(2C)) of 1/C on every evaluation, whatever the loss
  does (unless it falls clearly below ln(C)): the model never did better than guessing. A loss held far above
  ln(C) meanwhile ranks an output/loss mismatch first (a constant output scores ln(C) at worst).
  A log that holds no loss at all (an accuracy or error rate only) is judged on this reading alone, from 4
  evaluations on, with C given or read off the accuracy floor: what a person sees at a glance in an accuracy sitting at
  1/C for the whole run.
- The validation accuracy stays at 1/C while the training accuracy climbs: the labels carry no signal that
  generalises (random or shuffled labels). Either every validation evaluation stays within min(0.05, 1/(2C)) of 1/C
  while the training accuracy climbs by more than 3 noise levels and ends outside that band, or the validation tail
  sits at 1/C (below) without having climbed from its first evaluations by more than that tolerance (one that
  climbed 0.40 -> 0.60 learned something that transfers). A held-out accuracy (validation, else test) identical to its
  printed digits at 1/k (k = 2..20) at each of 5+ evaluations while the training accuracy climbs is a constant output on
  that split: C is read off it (C >= k) unless `--num-classes` gives it. Judged before a pinned accuracy: a training accuracy
  that climbs is no constant output. An accuracy held at 1.0 is a fit, never a majority share.
- The loss levels off at the bounded-logit floor ln(1 + (C-1)/e) (1.461 for 10 classes, 0.551 for 3): the
  cross-entropy was given probabilities instead of logits (softmax applied twice, or sigmoid outputs into
  CrossEntropyLoss) and can never go lower, however well the model classifies.
C comes from `--num-classes`, else from a first loss within 3% of ln(C), else from an accuracy floor at 1/C,
else from a loss plateau within 1% of ln(C) when the first loss was >= 3x ln(C) (a blow-up knocked the model
there: one step removed at least half of the first value's excess over ln(C), not a gradual decay) or an accuracy sits
at 1/C (any loss can level off near some ln(C) by chance), else (not on an excerpt)
from the first validation loss within 3% of ln(C) (the first evaluation sees a barely trained model - when the
validation loss begins at the start of training: the first evaluation of a pasted tail is a trained level); the
evidence says which; a first loss names C only when the log starts where training starts (not at batch 750 of a
run). Error rates count as accuracies (1 - error). Causes follow the log: a logged learning rate peaking at 1e-6 or
less ranks a too-small learning rate first whatever the shape; a steady creep at the same pace to the end
ranks a too-small learning rate first, a logged learning rate >= 0.1 or a flat loss above ln(C) a too-large one, and
so does a model that learned and then slid back to ln(C) where the logged learning rate was raised (a warm restart);
without such a rise, that slide ranks a weight penalty first. A creep the validation loss does not follow (its last
third no lower than its first) ranks labels apart from their inputs first when no small learning rate is logged: steps
too small slow both losses alike, memorised labels only the training one. A loss at ln(C) still falling against its
noise (OLS t <= -2) under a logged learning rate of 1e-4 or less ranks the step size above dead units, a bad
initialisation and a step that never runs. A loss that fell and then stopped where the logged learning rate fell
to 1% of its peak or less for the last third of the run (or more) ranks the step size first and a schedule set up
wrong second, whatever the shape; a gradient norm logged as exactly 0 on every line drops exploding gradients and
names a step that never receives a gradient. A first loss names C only when the log starts at the
start (on an axis of whole epochs, at epoch 0 or 1: a table whose first row is epoch 5 comes after 5 epochs). A C read
off an accuracy floor at 1/k is a constant output's class share and only says C >= k: a loss that fell smoothly (by
more than 3 noise levels) onto a level above ln(k) is no proof of steps knocking the model above a uniform guess, and
ranks as a model that settled where it could (model too small) rather than a too-large learning rate.
A loss stated not to be a cross-entropy (`--loss mse`, `ctc`, `sum_of_terms`, ...) or a task without classes (`--task
regression`, `detection`, ...) has no chance level: the rule does not run, and says so. A loss stated to be a
cross-entropy with `--num-classes` given makes a finding measured against ln(C) surer (half its remaining doubt goes).

## Why it matters
A constant prediction means the network learned nothing beyond (at most) the class frequencies: every later
epoch is wasted. The floor case trains, but slowly and with a loss that lies about the model's confidence.

## How to fix
Over-fit 10-20 samples; check the output layer against the loss (logits into CrossEntropyLoss, softmax +
categorical_crossentropy with one-hot labels, sigmoid + binary_crossentropy with 0/1 labels); an LR range
test; He init / LeakyReLU / BatchNorm; class weights when the majority class wins.

## Thresholds
A loss frozen on ln(C) to its printed digits (3+ identical lines, ln 2 printed 0.6931) names C by itself: a softmax
whose outputs are all equal gives exactly ln(C) on every batch; an accuracy moving beside it is each batch's mix scored
against that constant. A total of 2+ logged loss terms names no C from its first value; a loss knocked onto ln(C) by a
blow-up stays there (no downward trend, t <= -3, over its second half).
At least 4 points. Median of the second half within 5% of ln(C) (or of the prior's entropy), never more than
10% below it, and flat (smoothed range <= 10% of ln(C), or no trend against its own noise, |OLS t| < 3: batch losses
scattered around ln(C) by more than 10% of it are noisy batches, not a model that moves). A training loss whose second
half trends down (OLS t <= -3) and ends below ln(C) while the validation loss beside it ends (median of its last 3)
more than 5% below ln(C) is passing that level on its way down, with outputs that depend on the input on held-out data
too: no finding (a regression's loss that happens to read 0.69; a creep the validation loss does not follow still
counts). Accuracy pinned = within ±0.005 over >= 60% of the
run. Validation at chance: median of the last 30% within max(0.02, 0.3/C) of 1/C, never more than twice that above
1/C in the second half (one that jumps to 0.88 on a binary task is noisy, not at chance), while training accuracy
is >= 0.2 above it, and not held above 1/C (every value of the second half above it, or so nearly every one that a
one-sided sign test puts it under 1 % - 13 of 14, one at exactly 1/C - and their mean 2 standard errors above: random
labels scatter on both sides of 1/C, a model that transfers a little stays above); with C read off an accuracy's own floor
(or a pinned share) only the narrow band counts - every evaluation within min(0.05, 1/(2C)) of 1/C - since the wide
tolerance around a floor the accuracy itself named is met by construction. Floor: C >= 3 (given
or read from the training loss or an accuracy, not guessed from the first validation loss), the loss never below the floor, ends within 30% of [floor, ln C] above it,
and the last quarter moved < 10% of that band and < 5% of the whole drop (levelled off: a loss still falling
passes any level on its way down).
Short excerpts: 2-3 points are judged when C is given or the first loss names it (within 3% of ln(C)) and no
accuracy ends 2 points or more above its first value (one that only wanders, 0.549, 0.563, 0.535, shows no learning), or when an accuracy is identical on every one of 3+ lines at a majority share beside a
loss at that share's prior entropy; such findings are warnings with a low confidence and say how many more epochs would
settle them. One line names C by itself when it is not the run's first (a second line of the log, or a single line past
the first epoch): its loss within 0.05% of ln(C) and an accuracy at the same step within min(0.005, 1/(2C)) of 1/C, for
the same C (1.386194 beside 25.000% on 4 classes: every example gets the same uniform guess); a log of that one line
is judged so too (a warning with a low confidence). An untrained model's first line scores the same, so it does not count. An accuracy (validation first) that ends at 0.9 or more, or at least max(0.1, 0.2 (1 - 1/C)) above
1/C after climbing more than 3 noise levels, shows the model learns: the finding is then only a note (not beside a loss
frozen on ln(C), loss_not_decreasing's test: a constant guess scores each batch's class mix, which moves); a floor
beside a training accuracy of 0.9 or more is not reported here (loss_metric_disagreement names it: right answers
that never get confident).
An accuracy pinned at a majority share is a constant output's only when it did not climb there: one that started at or
above 1/C and rose onto its level (2+ evaluations before the held stretch, by more than 3 noise levels and 0.02, to a
level well above 1/C) is a model that learned and converged, and the finding is a note. (A calibrated classifier of
accuracy a scores at most the prior entropy H(a, C) - Fano - so a loss there does not tell the two apart.)
"""


@dataclass(frozen=True)
class Options:
    """Thresholds of LD104 (every one overridable per rule code in [tool.lossdoctor.rules.LD104])."""

    min_points: int = opt(4, "fewer points are an excerpt: only a loss on ln(C) for a known C is judged there")
    min_short_points: int = opt(2, "a 2-3 point excerpt is judged when C is known and the loss sits on ln(C) (low "
                                   "confidence)")
    near_one: float = opt(0.9, "an accuracy ending at 0.9+ is not a constant prediction (whatever the loss level "
                               "says)")
    well_above: float = opt(0.1, "... nor one that ends this far above 1/C")
    well_above_share: float = opt(0.2, "(or this share of the room between 1/C and 1, when larger)")
    climb_noise: float = opt(3.0, "after climbing by more than 3 noise levels")
    tail: float = opt(0.5, "judge the second half of the run")
    loss_tol: float = opt(0.05, "tail level within 5% of ln(C) (or of the constant-prediction loss)")
    majority_tol: float = opt(0.12, "accuracy pinned at a majority share: loss within 12% of the prior's entropy")
    floor_band: float = opt(0.3, "double-softmax floor: end within 30% of the band [floor, ln C] above the floor")
    floor_levelled: float = opt(0.05, "... and levelled off there: the last quarter brought under 5% of the whole drop "
                                      "(as under-fitting's 'levelled off'); a loss still falling is on its way down, "
                                      "not held by a floor")
    band_width: float = opt(0.05, "accuracy never above chance: every evaluation within min(0.05, 1/(2C)) of 1/C")
    held_evals: int = opt(5, "a held-out accuracy identical at 1/k at each of 5+ evaluations (training accuracy "
                             "climbing) is a constant output on that split: fewer identical values can be one example's "
                             "worth of a small set twice by chance")
    held_sign_p: float = opt(0.01, "a validation accuracy above 1/C at so many second-half evaluations that a coin "
                                   "would do it less than 1 time in 100 (one-sided sign test) is held above chance: "
                                   "random labels scatter it on both sides")
    trend_t: float = opt(3.0, "a tail near ln(C) whose smoothed range exceeds 10% of ln(C) is still flat when it has no "
                              "trend against its own noise (|OLS t| < 3): noisy batch losses scattered around a uniform "
                              "guess, not a loss on its way through ln(C)")


@dataclass(frozen=True)
class Evidence:
    c: Curve  # the training (or only) loss
    classes: chance.Classes  # given, inferred, or read off a plateau / a pinned accuracy
    level: float  # median of the judged tail
    tail_size: int
    pinned: chance.Pinned | None  # an accuracy pinned at one value
    short: bool  # fewer points than min_points: an excerpt
    acc_peak: tuple[float | None, float | None]  # highest accuracy before the last third, final accuracy
    first_accuracy: tuple[Series, ...]  # the accuracy that says whether the model learns (validation first)
    accuracy_moved: bool  # any accuracy ended 2 points or more above its first value
    val_acc: Series | None
    train_acc: Series | None
    floor_acc: tuple[str, float] | None  # (key, final value) of the accuracy shown beside a loss floor
    lr_max: float | None = None  # the largest learning rate the log holds
    accuracies: tuple[Series, ...] = ()  # every accuracy logged (validation first; error rates read as 1 - error)
    lr_rises: tuple[float, ...] = ()  # logged LR restarts / warm-up ends, on the loss curve's axis
    frozen: int = 0  # points of a frozen loss at the end of the log (loss_not_decreasing's test): a constant output
    exact_chance: bool = False  # the user stated a cross-entropy loss and gave C: ln(C) is the exact reference
    metric_only: bool = False  # the log holds no loss at all: `c` is the accuracy judged, only its band is read
    loss_low: float | None = None  # metric_only beside a loss that went below 0 (no cross-entropy): its lowest value
    val_loss: Series | None = None  # the validation loss beside a training loss: whether what it learns carries over
    lr_gone: float | None = None  # where (share of the run) the logged LR fell to 1% of its peak or less for good
    zero_grad: int = 0  # lines of a logged gradient norm exactly 0 on every line


LOSS_READINGS = ("loss_at_chance", "bounded_floor")  # the readings measured against ln(C) (a stated C and loss fix it)
FROM_ACCURACY = ("accuracy_floor", "accuracy_pinned")  # C read off an accuracy: a class share, so only a lower bound


def _cause(name: str, p: float, en: str, zh: str) -> Cause:
    return Cause(name, p, Text(en, zh))


def _still_falling(causes: list[Cause], shape: str, f: Flatness, lr: LrReading) -> tuple[list[Cause], str]:
    """A loss at ln(C) that still falls against its own noise (OLS t <= CREEP_T) under a logged learning rate of 1e-4
    or less: the log shows steps that small, and a loss that moves is being updated, so a too-small step ranks above
    dead units, a bad initialisation or vanishing gradients (which no loss curve shows) and above 'the weights are never
    updated'. Without a small logged rate the shape alone does not say it: partly dead or badly initialised networks
    creep too."""
    if f.t > CREEP_T or f.exact or not lr.small:
        return causes, shape
    lr_en, lr_zh = lr.phrase()
    low = _cause("lr_too_low", 0.55, f"the loss still falls (t = {f.t:.1f} against its own noise): "
                 f"the weights move, but in steps too small to leave ln(C){lr_en}",
                 f"损失仍在下降（相对自身噪声 t = {f.t:.1f}）：权重在动，但步长太小，离不开 ln(C){lr_zh}")
    kept = [replace(c, likelihood=min(c.likelihood, 0.25)) if c.cause == "training_step_bug" else c
            for c in causes if c.cause != "lr_too_low"]
    return sorted([low] + kept, key=lambda c: -c.likelihood), shape


def _val_stays(val: Series | None) -> bool:
    """A validation loss of 6+ evaluations whose last third is no lower than its first third: it did not fall."""
    if val is None:
        return False
    v = val.values[np.isfinite(val.values)]
    if v.size < 6:
        return False
    k = v.size // 3
    return bool(np.median(v[-k:]) >= np.median(v[:k]))


LR_GONE_BY = 2 / 3  # the logged LR at ~0 for the last third of the run or more: no schedule means to end that early
LEARNED_BEFORE = 0.05  # the loss fell by this share of its level before it stopped: the model was learning


def _after_lr_gone(causes: list[Cause], shape: str, e: Evidence, c: Curve, level: float) -> tuple[list[Cause], str]:
    """A loss that fell and then stopped while the logged learning rate sat at 1% of its peak or less for the last third
    of the run (or more) stopped because its steps did: nothing moves the weights after that. A schedule meant to end
    the learning ends at the run's last step; one at ~0 that early is a schedule set up wrong (a decay span counted in
    epochs for a scheduler stepped per batch, a minimum LR pasted as the constant phase). Whatever the curve's shape
    says about the level it stopped at, the step size is read first."""
    if (e.lr_gone is None or e.lr_gone > LR_GONE_BY or shape in ("blow_up", "tiny_lr", "collapse_after_lr_rise")
            or float(c.y[0]) - level < LEARNED_BEFORE * abs(level)):
        return causes, shape
    at = 100 * e.lr_gone
    lead = [_cause("lr_too_low", 0.65, f"the loss fell ({float(c.y[0]):.4g} -> {level:.4g}) and stopped where the logged "
                   f"learning rate fell to 1% of its peak or less, {at:.0f}% into the run, and stayed there: no step "
                   "moves the weights after that", f"损失先下降（{float(c.y[0]):.4g} -> {level:.4g}），在记录的学习率降到"
                   f"峰值的 1% 以下（训练进行到 {at:.0f}% 时）并保持不变的地方停住：此后没有任何步长能移动权重"),
            _cause("training_step_bug", 0.4, "a schedule that reaches ~0 this early is set up wrong: a decay span in "
                   "epochs for a scheduler stepped per batch, a minimum learning rate pasted as the constant phase",
                   "这么早就降到近 0 的调度器配置有误：按批次步进的调度器用了以轮为单位的衰减跨度，或把最小学习率误填为常数阶段")]
    rest = [replace(x, likelihood=min(x.likelihood, 0.3)) for x in causes if x.cause not in ("lr_too_low", "training_step_bug")]
    return lead + rest, "after_lr_gone"


def _zero_gradient(causes: list[Cause], e: Evidence) -> list[Cause]:
    """A gradient norm logged as exactly 0 on every line is no gradient that exploded: that cause goes, and a step
    that never receives a gradient (the loss detached from the model, a hand-written update that does not apply it,
    frozen parameters) is named. (Alone it can be a print artefact - some set-ups log 0 for a norm they do not compute
    - so it adds a cause beside the shape's reading and does not replace it.)"""
    if not e.zero_grad:
        return causes
    kept = [x for x in causes if x.cause not in ("exploding_gradients", "training_step_bug")]
    had = next((x.likelihood for x in causes if x.cause == "training_step_bug"), 0.0)
    bug = _cause("training_step_bug", max(had, 0.45), f"the logged gradient norm is exactly 0 on all {e.zero_grad} "
                 "lines: no gradient reaches the weights (the loss detached from the model, an update that does not "
                 "apply it, frozen parameters)", f"记录的梯度范数在全部 {e.zero_grad} 行上都恰好为 0：没有梯度到达权重"
                 "（损失与模型断开、更新没有用上梯度、参数被冻结）")
    out = kept + [bug]
    return sorted(out, key=lambda x: -x.likelihood)


def read_causes(e: Evidence, c: Curve, classes: chance.Classes, majority: float | None, target: float
                ) -> tuple[list[Cause], str]:
    """The shape's causes, then what the logged learning rate and gradient norm add to them."""
    causes, shape = chance_causes(e, c, classes, majority, target)
    causes, shape = _after_lr_gone(causes, shape, e, c, e.level)
    return _zero_gradient(causes, e), shape


def chance_causes(e: Evidence, c: Curve, classes: chance.Classes, majority: float | None, target: float
                  ) -> tuple[list[Cause], str]:
    """Causes of a constant prediction, ordered by what the curve's shape says; and the shape's name."""
    ln_c = classes.chance_loss
    if c.y[0] >= 3.0 * ln_c and c.y[0] - ln_c >= 1.0:
        return [_cause("lr_too_high", 0.7, f"the first loss was {c.y[0]:.4g}, {c.y[0] / ln_c:.3g}x ln(C): oversized "
                       "first updates knocked the network into a constant output",
                       f"首个损失为 {c.y[0]:.4g}，是 ln(C) 的 {c.y[0] / ln_c:.3g} 倍：过大的初始更新把网络打成了常数输出"),
                _cause("dead_relu", 0.45, "after a blow-up ReLU units often stay dead, so nothing can move the output",
                       "爆炸之后 ReLU 单元常常保持失活，输出再也无法改变"),
                _cause("exploding_gradients", 0.2, "the first updates were huge", "最初的更新非常大")], "blow_up"
    f = flatness(c)
    lr = LrReading(e.lr_max)
    if lr.tiny:  # no optimiser moves the weights with steps this small, whatever the curve's shape
        return [_cause("lr_too_low", 0.8, f"the logged learning rate peaks at {e.lr_max:.2g}: steps that small leave "
                       "the weights, and so the output, where they started",
                       f"记录的学习率最高只有 {e.lr_max:.2g}：这么小的步长让权重和输出停留在初始状态"),
                _cause("training_step_bug", 0.3, "a scheduler or optimiser set-up that zeroes the learning rate",
                       "把学习率设为近乎 0 的调度器或优化器配置"),
                _cause("dead_relu", 0.2, "dead units would keep the output constant too", "失活单元也会让输出保持不变")
                ], "tiny_lr"
    # a steady creep from above ln(C), or on below it (a constant output cannot go below the prior's entropy, so a
    # loss still falling there is learning, only far too slowly), or at the same pace to the end (a dead output
    # reaches its best constant quickly and stays there; steps too small keep the same pace). Under a small logged
    # learning rate a clear downward trend is that creep even where batch noise breaks the smoothed curve's monotony:
    # the steps are too small before any dead unit or bad initialisation is (the "slow steady decrease")
    creeping = f.steady or (lr.small and f.t <= CREEP_T)
    if creeping and f.progress < 0.1 and not lr.large and (
            (c.start - target) / target >= 0.005 or (target - c.end) / target >= 0.005 or unabated(c.smooth)):
        lr_en, lr_zh = lr.phrase()
        if not lr.small and _val_stays(e.val_loss):
            # steps too small slow the training and validation losses alike; a training loss creeping down while the
            # validation loss does not fall at all is learning that does not carry over: fitting labels by heart
            return [_cause("label_or_loss_misconfig", 0.6, f"the training loss creeps down (t = {f.t:.1f}) while "
                           f"{e.val_loss.key} does not fall at all: what the model learns does not carry over to "
                           "held-out data, as when the labels are shuffled apart from their inputs and it memorises them",
                           f"训练损失缓慢下降（t = {f.t:.1f}），而 {e.val_loss.key} 完全没有下降：模型学到的东西不能推广到"
                           "验证数据，如同标签与输入分开打乱后模型只是在死记标签"),
                    _cause("noisy_labels", 0.45, "labels that are mostly wrong leave only memorisation to learn",
                           "大部分错误的标签只留下死记硬背可学"),
                    _cause("lr_too_low", 0.3, f"steps too small would also creep{lr_en}",
                           f"步长太小也会缓慢下降{lr_zh}")], "creep_without_validation"
        return [_cause("lr_too_low", 0.75 if lr.small else 0.65, f"the loss creeps down steadily (t = {f.t:.1f}) "
                       f"at ln(C), at the same pace to the end, far too slowly{lr_en}",
                       f"损失在 ln(C) 附近以不变的速度稳定但过慢地下降（t = {f.t:.1f}）{lr_zh}"),
                _cause("vanishing_gradients", 0.3, "tiny gradients give the same slow creep", "梯度太小也会导致同样的缓慢下降"),
                _cause("dead_relu", 0.2, "most units may be dead", "多数单元可能已失活")], "slow_creep"
    low = float(np.min(c.smooth))
    acc_peak, acc_end = e.acc_peak
    if (low <= (1 - 0.03) * target and int(np.argmin(c.smooth)) < c.m // 2) or (
            acc_peak is not None and acc_end is not None and acc_peak >= 1.0 / classes.count + 0.2
            and acc_peak - acc_end >= 0.15):
        peak_en = f" (accuracy had reached {acc_peak:.3f})" if acc_peak is not None else ""
        peak_zh = f"（准确率曾达到 {acc_peak:.3f}）" if acc_peak is not None else ""
        best_x = float(c.x[int(np.argmin(c.smooth))])
        raised = [x for x in e.lr_rises if x >= best_x - 0.05 * float(c.x[-1] - c.x[0])]
        if raised:  # the slide back began where the logged learning rate was raised: the new steps are too large
            return [_cause("lr_too_high", 0.65, f"the model learned first{peak_en}, then the logged learning rate was "
                           f"raised at {c.unit[0]} {raised[0]:g} and the loss went back to the constant-output level: "
                           "the new steps are too large", f"模型先学到了东西{peak_zh}，之后记录的学习率在第 {raised[0]:g} "
                           f"{c.unit[1]}被调高，损失回到常数输出的水平：新的步长过大"),
                    _cause("exploding_gradients", 0.3, "the larger steps blow the weights out of the region they had "
                           "learned", "更大的步长把权重甩出了已学到的区域"),
                    _cause("dead_relu", 0.25, "units killed by the large updates stop the output from depending on the "
                           "input", "被大更新杀死的单元使输出不再依赖输入")], "collapse_after_lr_rise"
        return [_cause("over_regularization", 0.55, f"the model learned first{peak_en}, then slid back to a constant "
                       "output: a weight penalty strong enough to pull every weight to zero does exactly this",
                       f"模型先学到了东西{peak_zh}，之后退回常数输出：强到把所有权重拉向 0 的权重惩罚正是如此"),
                _cause("lr_too_high", 0.35, "an unstable optimiser can also collapse a model that had learned",
                       "不稳定的优化器也会让已学到东西的模型塌缩"),
                _cause("dead_relu", 0.25, "units that die during training stop the output from depending on the input",
                       "训练中失活的单元使输出不再依赖输入")], "collapse"
    level = float(np.median(c.y[-max(2, c.m // 2):]))
    if majority is not None and f.progress < 0.1 and above_chance(level, target, c.noise):
        # even a network whose hidden units are all dead learns its output bias, the class prior, within its first
        # updates: a loss held above the prior's entropy beside an accuracy at the majority share never got there
        return [_cause("training_step_bug", 0.55, f"the loss stays at {level:.4g}, above {target:.4g} (the loss of the "
                       "class prior, which even the output bias alone learns within the first updates) and never fell: "
                       "no parameter is being updated, as when optimizer.step() is missing, zero_grad() runs between "
                       "backward() and step(), the parameters are frozen or the loss is detached",
                       f"损失停在 {level:.4g}，高于 {target:.4g}（类别先验的损失，仅输出偏置在最初几次更新内就能学到）"
                       "且从未下降：没有任何参数在更新，如缺少 optimizer.step()、zero_grad() 放在 backward() 与 step() "
                       "之间、参数被冻结或损失与模型断开"),
                _cause("lr_too_low", 0.5 if lr.small else 0.35, "steps too small to move even the output bias"
                       + lr.phrase()[0], "步长小到连输出偏置都推不动" + lr.phrase()[1]),
                _cause("class_imbalance", 0.35, f"the accuracy equals the majority share {majority:.3f}",
                       f"准确率等于多数类占比 {majority:.3f}")], "never_updated"
    if majority is not None:
        return [_cause("class_imbalance", 0.6, f"the accuracy equals the majority share {majority:.3f}: the model "
                       "predicts the largest class every time", f"准确率等于多数类占比 {majority:.3f}：模型总是预测最大的类"),
                _cause("lr_too_high", 0.3, "too-large steps collapse a classifier onto its most frequent class",
                       "步长过大会让分类器塌缩到最常见的类"),
                _cause("dead_relu", 0.3, "with dead hidden units only the output bias learns: the class prior",
                       "隐藏单元失活时只有输出偏置在学习，即类别先验")], "majority"
    if f.exact:
        return [_cause("training_step_bug", 0.5, f"the loss is identical on every line ({c.start:.6g}): no parameter "
                       "changes at all, as when optimizer.step() is missing, the parameters are frozen or the loss is "
                       "detached from the model", f"损失每一行都完全相同（{c.start:.6g}）：参数完全没有变化，如缺少 "
                       "optimizer.step()、参数被冻结或损失与模型断开"),
                _cause("dead_relu", 0.45, "with every hidden unit dead the output, and so the loss, cannot change",
                       "所有隐藏单元都失活时，输出和损失都无法改变"),
                _cause("vanishing_gradients", 0.25, "gradients too small to change the loss in its printed digits",
                       "梯度太小，连打印出的位数都改变不了")], "exactly_constant"
    # an accuracy floor at 1/k is a constant output's class share, which only says C >= k: a loss that fell smoothly
    # (by more than 3 noise levels) onto a level above ln(k) is being optimised towards what the model can fit (ln(C)
    # may be higher), no proof of a model knocked above a uniform guess; one that never fell below its start is
    fell = float(c.y[0]) - low > 3.0 * c.noise
    worse = (majority is None and above_chance(level, ln_c, c.noise)
             and not (classes.how in FROM_ACCURACY and fell))
    if lr.large or worse:
        lr_en, lr_zh = lr.phrase()
        if worse and not lr.large:  # a constant output scores ln(C) at worst: a loss held above it keeps being knocked
            lr_en = f" (the loss sits at {level:.4g}, above ln(C) = {ln_c:.4g}: worse than a uniform guess)"
            lr_zh = f"（损失停在 {level:.4g}，高于 ln(C) = {ln_c:.4g}：比均匀猜测还差）"
        return [_cause("lr_too_high", 0.6, f"a large learning rate{lr_en} collapses a classifier to a constant output "
                       "within its first updates", f"过大的学习率{lr_zh}会在最初几次更新内让分类器塌缩为常数输出"),
                _cause("dead_relu", 0.4, "oversized updates leave ReLU units dead, so the output no longer depends on "
                       "the input", "过大的更新让 ReLU 单元失活，输出不再依赖输入"),
                _cause("exploding_gradients", 0.25, "gradients too large for the step size", "相对步长过大的梯度"),
                _cause("bad_initialization", 0.2, "an initialisation that starts every unit saturated or dead",
                       "让所有单元从饱和或失活开始的初始化")], "flat_large_lr"
    if abs(float(np.median(c.y[:3])) - ln_c) <= 0.01 * ln_c and starts_at_start(c.series.steps,
                                                                                whole_epochs=c.axis == "epoch"):
        # ln(C) at the first evaluation and never below it: the output never depended on the input, not even
        # briefly. A default initialisation does not start with every unit dead (units die after large updates, which
        # leave a trace in the curve); what starts and stays input-independent is a model that sees no usable signal
        # (inputs zeroed or constant, labels apart from their inputs) or one whose weights are never updated
        return _still_falling([_cause("training_step_bug", 0.5, f"the loss was ln(C) already at the first evaluation ({c.start:.4g}) "
                       "and never moved below it: the weights may never be updated (optimizer.step() missing, "
                       "zero_grad() between backward() and step(), the loss detached from the model)",
                       f"第一次评估时损失就已是 ln(C)（{c.start:.4g}）且从未低于它：权重可能从未更新（缺少 optimizer.step()、"
                       "zero_grad() 放在 backward() 与 step() 之间、损失与模型断开）"),
                _cause("label_or_loss_misconfig", 0.45, "the inputs or the labels carry nothing the model can use: "
                       "inputs zeroed or made constant by a preprocessing bug, labels shuffled apart from their inputs, "
                       "a label format the loss misreads", "输入或标签中没有模型可用的信号：预处理错误把输入变成 0 或常数、"
                       "标签与输入分开打乱、损失误读标签格式"),
                _cause("dead_relu", 0.35, "the output does not depend on the input from the start, as when every hidden "
                       "unit is dead", "输出从一开始就不依赖输入，如同所有隐藏单元都已失活"),
                _cause("vanishing_gradients", 0.35, "saturated deep sigmoid/tanh layers pass almost no signal or "
                       "gradient, so the output stays uniform", "深层 sigmoid/tanh 饱和后几乎不传递信号和梯度，输出保持均匀"),
                _cause("bad_initialization", 0.3, "an initialisation that kills or saturates the hidden units",
                       "让隐藏单元失活或饱和的初始化")], "flat_from_start", f, lr)
    first3 = float(np.median(c.y[:3]))
    if first3 - ln_c > 0.01 * ln_c and first3 - ln_c > 2.0 * c.noise and starts_at_start(
            c.series.steps, whole_epochs=c.axis == "epoch"):
        # it started above ln(C) (outputs that depended on the input) and moved down onto the constant-output level:
        # gradients flow and the steps move the weights, yet the best the model found ignores the input
        return _still_falling([_cause("model_too_small", 0.45, f"the loss moved from {first3:.4g} down to ln(C) = {ln_c:.4g} and "
                       "settled there: the optimiser works, but the best function it finds ignores the input, as when "
                       "the model cannot express the task (a linear model on classes no straight boundary separates)",
                       f"损失从 {first3:.4g} 降到 ln(C) = {ln_c:.4g} 并停在那里：优化器在工作，但找到的最优函数忽略了输入，"
                       "如同模型无法表达该任务（用线性模型分类无法用直线分开的类别）"),
                _cause("label_or_loss_misconfig", 0.4, "the inputs or the labels carry nothing the model can use "
                       "(labels shuffled apart from their inputs, inputs made constant by a preprocessing bug)",
                       "输入或标签中没有模型可用的信号（标签与输入分开打乱、预处理错误让输入变成常数）"),
                _cause("dead_relu", 0.35, "hidden units that died on the way down leave only the output bias learning",
                       "下降途中失活的隐藏单元只留下输出偏置在学习"),
                _cause("lr_too_high", 0.3, "too-large steps can collapse the output to a constant",
                       "步长过大可让输出塌缩为常数")], "settled_at_chance", f, lr)
    return _still_falling([_cause("dead_relu", 0.4, "dead ReLU units pass no gradient, so the output stays uniform",
                   "失活的 ReLU 单元不传递梯度，输出保持均匀"),
            _cause("label_or_loss_misconfig", 0.35, "labels that do not match the output (wrong format, shuffled "
                   "independently of the inputs) leave nothing to learn", "标签与输出不匹配（格式错误、与输入分开打乱）时没有可学的东西"),
            _cause("lr_too_high", 0.35, "too-large steps can collapse the output to a constant within the first epoch",
                   "步长过大可在第一轮内让输出塌缩为常数"),
            _cause("bad_initialization", 0.3, "a poor initialisation can start every unit saturated or dead",
                   "不良初始化会让所有单元从饱和或失活开始"),
            _cause("vanishing_gradients", 0.3, "gradients vanish before reaching the early layers", "梯度在到达前层前消失"),
            _cause("training_step_bug", 0.25, "optimizer.step() or zero_grad() missing, or the loss detached from the "
                   "model", "缺少 optimizer.step() 或 zero_grad()，或损失与模型断开")], "flat", f, lr)


def _accuracy_peak(ctx: Context) -> tuple[float | None, float | None]:
    """The highest accuracy before the last third of the run, and the final one, of the series that fell most."""
    best: tuple[float | None, float | None] = (None, None)
    for acc in chance.accuracy_series(ctx.run):
        v = acc.values[np.isfinite(acc.values)]
        if v.size >= 3:
            peak, end = float(np.max(v[: max(1, 2 * v.size // 3)])), float(np.median(v[-max(1, v.size // 10):]))
            if best[0] is None or peak - end > best[0] - (best[1] or 0.0):
                best = (peak, end)
    return best


def _acc_pinned(ctx: Context, split: Split | None = None) -> chance.Pinned | None:
    """An accuracy pinned at one value; the one on the loss's own split first (a training loss at the prior's
    entropy is matched with the training accuracy at the training majority share, not the validation one)."""
    accs = chance.accuracy_series(ctx.run)
    own = [a for a in accs if a.split is split]
    for acc in own + [a for a in accs if a.split is not split]:
        p = chance.pinned_accuracy(acc)
        if p is not None:
            return p
    return None


def _exact_pinned(ctx: Context) -> chance.Pinned | None:
    """An excerpt's accuracy identical to 6 digits on every one of its 3+ lines at a majority share (> 0.5): the
    same examples right at every evaluation. Beside a loss at that share's prior entropy it is a constant
    prediction, however short the excerpt."""
    for acc in chance.accuracy_series(ctx.run):
        p = chance.pinned_accuracy(acc, min_evals=3, share=1.0)
        if p is not None and p.exact and p.value > 0.5:
            return p
    return None


def _accuracy_moved(ctx: Context) -> bool:
    """Any accuracy that ends 2 points or more above where it began: a model learning beside a loss still near ln(C).
    An accuracy that only wanders (0.549, 0.563, 0.535 on a binary dev set of 71 examples: one example is 1.4 points)
    shows no learning; a loss on ln(C) beside it is a model at chance, constant output or not."""
    for acc in chance.accuracy_series(ctx.run):
        v = acc.values[np.isfinite(acc.values)]
        if v.size >= 2 and float(v[-1] - v[0]) >= 0.02:
            return True
    return False


def _metric_only(ctx: Context, o: Options, loss_low: float | None = None) -> Evidence | None:
    """A log that holds an accuracy (or an error rate) and no loss at all: only the accuracy can say the model never
    beat guessing. C from an accuracy floor at 1/C (or given); the accuracy with the most evaluations is the curve.
    Likewise beside a loss that went below 0 (`loss_low`, its lowest value): no cross-entropy does (NLLLoss fed raw
    outputs falls without bound), so its level cannot be read against ln(C) and the accuracy is the evidence."""
    if ctx.run.find_all(Kind.LOSS) and loss_low is None:
        return None
    accs = tuple(chance.accuracy_series(ctx.run))
    best = max(accs, key=lambda a: int(np.isfinite(a.values).sum()), default=None)
    c = make_curve(best) if best is not None else None
    classes = ctx.classes(None)
    if c is None or c.m < o.min_points or classes is None:
        return None
    return Evidence(c, classes, float(np.median(c.y)), c.m, None, False, (None, None), (), True, None, None, None,
                    accuracies=accs, metric_only=True, loss_low=loss_low)


def measure(ctx: Context, o: Options) -> Evidence | None:
    c = ctx.loss_curve(o.min_short_points) or _one_line(ctx)
    if c is None:
        return _metric_only(ctx, o)
    low = float(np.min(c.y))
    if low < 0 and chance.accuracy_series(ctx.run):
        return _metric_only(ctx, o, loss_low=low)
    # a first loss names C only when the log starts where training starts (not at batch 750 of a run)
    classes = ctx.classes(c.start if starts_at_start(c.series.steps, whole_epochs=c.axis == "epoch") else None)
    short = c.m < o.min_points
    exact = _exact_pinned(ctx) if short else None  # an accuracy identical on every line of an excerpt
    if short and exact is None and (classes is None or classes.how not in ("given", "initial_loss")):
        # loss on ln(C) and accuracy on 1/C on every line, or to 0.05% and half a point on the last (not the first)
        classes = chance.classes_from_excerpt(ctx.run, c.y) or chance.classes_from_line(ctx.run, c.series)
        if classes is None:
            return None  # 2-3 points: only a loss on ln(C) for a known C (or to 3% from the first loss) says it
    k = max(2, int(round(o.tail * c.m)))
    level = float(np.median(c.y[-k:]))
    if classes is None:
        classes = chance.classes_from_plateau(ctx.run, level, c.start, c.y, c.series.decimals)
    if classes is None and not short:
        classes = chance.classes_from_first_val_loss(ctx.run)
    held = None if short else constant_held_out(ctx.run, o)
    if held is not None and (classes is None or classes.how != "given"):
        # an accuracy identical at 1/k on held-out data at every evaluation is a constant output's class share: C >= k
        # is surer than a C guessed from a first loss within 3% of some ln(C) (1.57 is near ln 5; test-acc 0.1 says 10)
        classes = chance.Classes(held[1], "held_out_constant")
    pinned = exact or _acc_pinned(ctx, c.series.split)
    if classes is None and pinned is not None and pinned.value > 0.5:
        classes = chance.Classes(2, "accuracy_pinned")  # a majority share: at least 2 classes, judged as binary
    if classes is None:
        return None
    run = ctx.run
    first_acc = tuple(a for a in (run.find(Kind.ACCURACY, sp) for sp in (Split.VAL, Split.TRAIN, Split.NONE)) if a)[:1]
    fa = run.find(Kind.ACCURACY, Split.TRAIN) or run.find(Kind.ACCURACY, Split.VAL)
    floor_acc = None
    if fa is not None and np.isfinite(fa.values).any():
        av = fa.values[np.isfinite(fa.values)]
        floor_acc = (fa.key, float(np.median(av[-max(1, av.size // 10):])))
    sched = ctx.schedule
    val_acc = run.find(Kind.ACCURACY, Split.VAL) or (held[0] if held is not None else None)
    return Evidence(c, classes, level, k, pinned, short, _accuracy_peak(ctx), first_acc, _accuracy_moved(ctx),
                    val_acc, run.find(Kind.ACCURACY, Split.TRAIN), floor_acc,
                    sched.lr_max if sched is not None else None, tuple(chance.accuracy_series(run)),
                    _restarts(sched, c), frozen_points(ctx, c, LndOptions())[0],
                    ctx.stated.cross_entropy and classes.how == "given",
                    val_loss=run.find(Kind.LOSS, Split.VAL) if c.series.split is not Split.VAL else None,
                    lr_gone=lr_gone_share(run), zero_grad=zero_grad_lines(run))


def constant_held_out(run: Run, o: Options) -> tuple[Series, int] | None:
    """(held-out accuracy, k) when the validation accuracy (the test one where no validation accuracy is logged) is
    identical, to its printed digits, at 1/k (k = 2..20) at each of `held_evals`+ evaluations while the training accuracy
    climbs above it: a constant output on the held-out split (xnor-net's test-acc 0.1 at all 11 epochs beside train-acc
    0.43 -> 0.60). A model that learns anything moves its held-out accuracy by at least one example between
    evaluations; an accuracy that never moves by one example, at exactly a class share, is the same answer every time."""
    acc = run.find(Kind.ACCURACY, Split.VAL) or run.find(Kind.ACCURACY, Split.TEST)
    train = run.find(Kind.ACCURACY, Split.TRAIN)
    if acc is None or train is None:
        return None
    v, t = acc.values[np.isfinite(acc.values)], train.values[np.isfinite(train.values)]
    if v.size < o.held_evals or t.size < o.min_points or float(v.max() - v.min()) > 1e-9:
        return None
    value = float(v[0])
    if not 0.0 < value <= 0.55:
        return None
    k = int(round(1.0 / value))
    digit = 0.5 * 10.0 ** -acc.decimals if acc.decimals is not None else 5e-4
    if not 2 <= k <= chance.ACC_MAX_C or abs(value - 1.0 / k) > max(digit, 1e-6):
        return None
    tol = min(o.band_width, 0.5 / k)
    j = max(1, t.size // 10)
    t_first, t_end = float(np.median(t[:j])), float(np.median(t[-j:]))
    if t_end <= value + tol or t_end - t_first <= max(o.climb_noise * stats.noise_level(t), tol):
        return None  # the training accuracy must climb above it: what it learns does not reach the held-out data
    return acc, k


def _one_line(ctx: Context) -> Curve | None:
    """A loss logged on one line only, when that line is a constant output's by itself (`chance.classes_from_line`:
    the loss within 0.05% of ln(C) beside an accuracy within half a point of 1/C, past the first epoch)."""
    c = ctx.loss_curve(1)
    return c if c is not None and chance.classes_from_line(ctx.run, c.series) is not None else None


def _restarts(sched: schedule.Schedule | None, c: Curve) -> tuple[float, ...]:
    """Logged LR restarts on the loss curve's axis. An LR logged on the same named axis whose span ends before half
    the curve's (an LR per epoch logged at step = epoch index beside a loss per batch) counts in run fractions."""
    if sched is None or not sched.rises:
        return ()
    first, last = float(c.x[0]), float(c.x[-1])
    other_units = sched.axis == c.axis and last > first and sched.last - sched.first < 0.5 * (last - first)
    out = []
    for ev in sched.rises:
        if ev.kind != "restart":
            continue
        if other_units and sched.last > sched.first:
            out.append(first + (ev.step - sched.first) / (sched.last - sched.first) * (last - first))
        else:
            out.append(sched.to_axis(ev.step, c.axis, first, last))
    return tuple(out)


def reading(e: Evidence, o: Options) -> str | None:
    """Which pattern the run shows: the loss at the constant-prediction level first, then (not on an excerpt) a
    validation accuracy at 1/C beside a training accuracy that climbs, an accuracy pinned at 1/C, every accuracy near
    1/C, the bounded-logit floor."""
    if e.metric_only:  # no loss: every accuracy logged held at 1/C is the whole reading
        return "accuracy_never_above_chance" if _band_numbers(e, o) is not None else None
    if _loss_target(e, o)[3]:
        return "loss_at_chance"
    if e.short:
        return None
    if _val_numbers(e, o) is not None:  # before a pinned accuracy: a climbing training accuracy is no constant output
        return "val_at_chance"
    if _acc_at_chance(e):
        return "accuracy_at_chance"
    if _band_numbers(e, o) is not None:
        return "accuracy_never_above_chance"
    if _floor_numbers(e, o) is not None:
        return "bounded_floor"
    return None


def judge(e: Evidence, o: Options) -> Verdict | None:
    """Severity and confidence: how close to the chance level against the curve's noise, over how many points;
    an accuracy that shows learning turns the finding into a note (the model is not predicting a constant)."""
    r = reading(e, o)
    if r is None:
        return None
    if r == "loss_at_chance" and _passing_through(e, o):
        return None
    # a loss frozen on ln(C) is a constant output whatever a per-batch accuracy says (a constant guess scores each
    # batch's majority share, which moves from batch to batch)
    learned = None if r == "val_at_chance" or (r == "loss_at_chance" and e.frozen) else accuracy_learned(e, o)
    if e.short and learned is None and e.accuracy_moved:
        return None  # a short excerpt whose accuracy moves is not a constant prediction
    if r == "bounded_floor" and learned is not None and _train_accuracy_tail(e) >= o.near_one:
        return None  # right on 90%+ of the training examples: not stuck; loss_metric_disagreement names the floor
    c, ln_c = e.c, e.classes.chance_loss
    if r == "bounded_floor":
        floor = e.classes.bounded_logit_floor
        band = ln_c - floor
        z = o.floor_band * band / max(abs(e.level - floor), c.noise, 1e-4 * band)
    elif r == "accuracy_at_chance" and e.pinned is not None:  # the accuracy is the evidence: how exactly it sits at 1/C
        base = 1.0 / e.classes.count
        z = max(0.01, 0.2 * base) / max(abs(e.pinned.value - base), 1e-4)
    elif r == "val_at_chance":  # the validation accuracy is the evidence: how close to 1/C it stays
        base = 1.0 / e.classes.count
        z = min(o.band_width, 0.5 * base) / max(abs(_val_numbers(e, o)[0] - base), 1e-4)  # type: ignore[index]
    elif r == "accuracy_never_above_chance":  # how close to 1/C the accuracy stayed, against the band allowed
        mid, tol = _band_numbers(e, o)[2:4]  # type: ignore[index]
        z = tol / max(abs(mid - 1.0 / e.classes.count), 1e-4)
    else:
        target = _loss_target(e, o)[0] if r == "loss_at_chance" else ln_c
        z = o.loss_tol * target / max(abs(e.level - target), c.noise, 1e-4 * target)
    conf = confidence(z, 1.0, c.m)
    if e.exact_chance and r in LOSS_READINGS:
        conf = surer(conf)
    severity = Severity.WARNING if e.short else Severity.ERROR
    if learned is not None:
        severity, conf = Severity.INFO, min(conf, 0.3)
    return Verdict(severity, conf, settle_more(c.m, c.unit, Text("(and the accuracy beside them)", "（以及对应的准确率）")),
                   reading=r)


def _train_accuracy_tail(e: Evidence) -> float:
    """Median training accuracy over the last 30% of its evaluations (at least 3), the window LD111 reads."""
    if e.train_acc is None:
        return float("nan")
    v = e.train_acc.values[np.isfinite(e.train_acc.values)]
    return float(np.median(v[-max(3, int(np.ceil(0.3 * v.size))):])) if v.size else float("nan")


def explain(e: Evidence, v: Verdict, o: Options) -> Finding:
    make = {"loss_at_chance": _loss_finding, "accuracy_at_chance": _acc_finding, "val_at_chance": _val_finding,
            "bounded_floor": _floor_finding, "accuracy_never_above_chance": _band_finding}[v.reading]
    f = make(e, o)
    learned = None if v.reading == "val_at_chance" else accuracy_learned(e, o)
    msg = f.message
    if learned is not None and v.reading == "loss_at_chance" and e.frozen:
        key = learned[0]
        msg = Text(f"{msg.en} The loss is frozen there on its last {e.frozen} lines, so {key} moving is only each "
                   "batch's class mix scored against a constant guess.",
                   f"{msg.zh}损失在最后 {e.frozen} 行冻结在这里，因此 {key} 的变化只是每个批次的类别构成与常数猜测的比较结果。")
        learned = None
    if learned is not None:
        key, first, final = learned
        msg = Text(f"{msg.en} But {key} went {first:.3f} -> {final:.3f}, well above chance (1/{e.classes.count}): the "
                   "model does learn, so this is a loss level to explain, not a constant prediction.",
                   f"{msg.zh}但 {key} 从 {first:.3f} 升到 {final:.3f}，远高于随机水平（1/{e.classes.count}）："
                   "模型确实在学习，这是需要解释的损失水平，而不是常数输出。")
    if e.exact_chance and v.reading in LOSS_READINGS:
        extra = exact_chance_text(e.classes.count)
        msg = Text(msg.en + extra.en, msg.zh + extra.zh)
    ev = dict(f.evidence, accuracy_shows_learning=learned is not None, points=e.c.m)
    if v.reading == "loss_at_chance" and e.frozen and chance.frozen_on_chance(e.c.values, e.classes.count,
                                                                                  decimals=e.c.series.decimals):
        # frozen on ln(C) itself to the printed digits: an accuracy beside it does not refute it (consistency.py)
        ev["loss_frozen_lines"] = int(e.frozen)
    return replace(f, message=msg, evidence=ev)


def accuracy_learned(e: Evidence, o: Options) -> tuple[str, float, float] | None:
    """(key, first, final) of an accuracy (validation first) that shows the model learns: it ends near 1, or well
    above 1/C after climbing more than its own noise. A constant prediction cannot do either."""
    base = 1.0 / e.classes.count
    if e.pinned is not None:
        # an accuracy pinned at one value (1/C or the majority share) is the constant prediction itself - unless it
        # climbed there from a start at or above chance: a constant output scores its class share from its first
        # evaluation on, a model that learns gets to its level and then holds it once it has converged
        return _climbed_onto(e, o)
    for acc in e.first_accuracy:  # the generalising accuracy when there is one: training accuracy can be memorised
        v = acc.values[np.isfinite(acc.values)]
        if v.size < 2:
            continue
        k = max(1, v.size // 10)
        first, final = float(np.median(v[:k])), float(np.median(v[-k:]))
        noise = stats.noise_level(v) if v.size >= 4 else 0.0
        if final >= o.near_one or (final - base >= max(o.well_above, o.well_above_share * (1 - base))
                                 and final - first >= max(o.climb_noise * noise, 0.02)):
            return acc.key, first, final
    return None


def _climbed_onto(e: Evidence, o: Options) -> tuple[str, float, float] | None:
    """(key, first, level) when the pinned accuracy was reached by a climb: its first value at or above 1/C, 2 or more
    evaluations before the held stretch, and the level well above 1/C and above the first value by more than 3 noise
    levels of the climb (0.876, 0.887, 0.893, 0.901, then 0.907 for 20 evaluations on a 4-class task: a model that
    learned and converged). A flip from the minority's share to the majority's starts below 1/C and is no climb."""
    p = e.pinned
    assert p is not None
    base = 1.0 / e.classes.count
    for acc in e.accuracies:
        if acc.key != p.key:
            continue
        ok = np.isfinite(acc.values)
        v, steps = acc.values[ok], acc.steps[ok]
        before = v[steps < p.start_step]
        if before.size < 2 or float(before[0]) < base:
            return None
        climb = p.value - float(before[0])
        noise = stats.noise_level(v[: before.size + 1]) if before.size >= 3 else 0.0
        if (p.value - base >= max(o.well_above, o.well_above_share * (1 - base))
                and climb >= max(o.climb_noise * noise, 0.02)):
            return acc.key, float(before[0]), p.value
        return None
    return None


def _loss_target(e: Evidence, o: Options) -> tuple[float, float, float | None, bool]:
    """(constant-prediction loss, tolerance, majority share or None, whether the loss sits there)."""
    c, classes, level, pinned = e.c, e.classes, e.level, e.pinned
    tail_size = e.tail_size
    ln_c = classes.chance_loss
    majority = None
    target = ln_c
    tol = o.loss_tol
    if pinned is not None and pinned.value > 1.0 / classes.count + 0.05:
        majority = pinned.value
        target = chance.prior_entropy(pinned.value, classes.count)
        tol = o.majority_tol  # the pinned accuracy is the main evidence; the loss may dip a little below the prior
    sm_tail = c.smooth[-tail_size:]
    at = (abs(level - target) <= tol * target and float(sm_tail.min()) >= (1 - 2 * tol) * target
          and (float(sm_tail.max() - sm_tail.min()) <= 0.1 * ln_c or _no_trend(c.y[-tail_size:], o)))
    return target, tol, majority, at


def _passing_through(e: Evidence, o: Options) -> bool:
    """The training loss passes the constant-prediction level on its way down - its judged tail trends down beyond
    `trend_t` and ends below the level - while the validation loss beside it ends (median of its last 3 values) below
    the level by more than `loss_tol`: outputs that depend on the input, on held-out data too. A model still learning
    whose loss happens to read 0.69 (a regression's BerHu loss falling 0.96 -> 0.67, validation 0.69 -> 0.61) is not a
    constant guess; a creep below ln(C) whose validation loss stays there (labels apart from their inputs) still is."""
    y = e.c.y[-e.tail_size:]
    if e.frozen or e.val_loss is None or y.size < 4:
        return False
    target, tol = _loss_target(e, o)[:2]
    _, se, t = trend(y)
    if not (np.isfinite(se) and se > 0 and t <= -o.trend_t and float(y[-1]) < target):
        return False
    v = e.val_loss.values[np.isfinite(e.val_loss.values)]
    return v.size >= 3 and float(np.median(v[-3:])) < (1 - tol) * target


def _no_trend(y: np.ndarray, o: Options) -> bool:
    """The tail does not move against its own noise: no OLS trend either way (|t| < `trend_t`, 4+ points). Batch losses
    scatter around ln(C) by more than 10% of it (0.67-0.95 around ln 2): their smoothed range then says how noisy the
    batches are, not that the model moves; a loss passing through ln(C) on its way down has a trend."""
    if y.size < 4:
        return False
    _, se, t = trend(y)
    return bool(np.isfinite(se) and se > 0 and abs(t) < o.trend_t)


def _loss_finding(e: Evidence, o: Options) -> Finding:
    c, classes, level, pinned = e.c, e.classes, e.level, e.pinned
    ln_c = classes.chance_loss
    target, tol, majority, _ = _loss_target(e, o)
    causes, shape = read_causes(e, c, classes, majority, target)
    how_en, how_zh = classes.describe()
    u_en, u_zh = c.unit
    i0 = c.m - e.tail_size
    sm = c.smooth
    while i0 > 0 and abs(float(sm[i0 - 1]) - target) <= tol * target:
        i0 -= 1  # the whole stretch at the chance level, not only the half that was judged
    x0, x1 = c.fmt_x(i0), float(c.x[-1])
    what_en = (f"ln({classes.count}) = {ln_c:.4g}, the loss of a uniform guess over {classes.count} classes"
               if majority is None else
               f"{target:.4g}, the loss of always predicting the class shares (majority {majority:.3f})")
    what_zh = (f"ln({classes.count}) = {ln_c:.4g}，即在 {classes.count} 个类别上均匀猜测的损失" if majority is None else
               f"{target:.4g}，即总是按类别比例预测的损失（多数类 {majority:.3f}）")
    acc_en = f"; {pinned.key} pinned at {pinned.value:.3f} for {pinned.evaluations} evaluations" if pinned else ""
    acc_zh = f"；{pinned.key} 在 {pinned.evaluations} 次评估中固定在 {pinned.value:.3f}" if pinned else ""
    return Finding(
        code="LD104", name="stuck_at_chance", severity=Severity.ERROR,
        message=Text(f"{c.key} stays at {level:.4g} from {u_en} {x0:g} to {x1:g}: that is {what_en} (C {how_en})"
                     f"{acc_en}. The model predicts the same thing for every input.",
                     f"{c.key} 从第 {x0:g} 到 {x1:g} {u_zh}一直停在 {level:.4g}：这是 {what_zh}（C {how_zh}）{acc_zh}。"
                     "模型对所有输入都给出同样的预测。"),
        span=Span(c.axis, x0, x1),
        evidence={"loss_level": level, "chance_loss": ln_c, "constant_prediction_loss": target,
                  "num_classes": classes.count, "num_classes_from": classes.how, "first_loss": float(c.y[0]),
                  "accuracy_pinned_at": pinned.value if pinned else None, "majority_share": majority,
                  "accuracy_identical": bool(pinned and pinned.exact),
                  "relative_distance": abs(level - target) / target, "shape": shape},
        causes=tuple(causes),
        fixes=(overfit_tiny_subset(), check_output_head(classes.count), lr_range_test(), fix_dead_units()),
        series=(c.key,) + ((pinned.key,) if pinned else ()),
        experiment=Text("Over-fit one batch of 16 samples: if the loss cannot leave ln(C) even there, print the "
                        "model's outputs for two different inputs (identical outputs = dead network) and check the "
                        "labels against the output layer.",
                        "用 16 个样本的一个批次过拟合：若损失仍离不开 ln(C)，打印两个不同输入的输出（输出相同即网络已死）"
                        "并核对标签与输出层。"),
    )


def _acc_at_chance(e: Evidence) -> bool:
    """Accuracy pinned at 1/C while a loss that is not at ln(C) (not a softmax cross-entropy) stays flat."""
    base = 1.0 / e.classes.count
    return not (e.pinned is None or abs(e.pinned.value - base) > max(0.01, 0.2 * base)
                or flatness(e.c).progress >= 0.1)


def _acc_finding(e: Evidence, o: Options) -> Finding:
    c, classes, pinned = e.c, e.classes, e.pinned
    assert pinned is not None
    base = 1.0 / classes.count
    causes, shape = read_causes(e, c, classes, None, classes.chance_loss)
    u_en, u_zh = ("epoch", "轮") if c.axis == "epoch" else ("step", "步")
    how_en, how_zh = classes.describe()
    return Finding(
        code="LD104", name="stuck_at_chance", severity=Severity.ERROR,
        message=Text(f"{pinned.key} is pinned at {pinned.value:.3f} ≈ 1/{classes.count} (chance; C {how_en}) from "
                     f"{u_en} {pinned.start_step:g} while {c.key} stays flat at {c.end:.4g}: the model predicts the same "
                     "class for every input. The loss is not at ln(C), so it is probably not a softmax cross-entropy.",
                     f"{pinned.key} 从第 {pinned.start_step:g} {u_zh}起固定在 {pinned.value:.3f} ≈ 1/{classes.count}（随机水平；"
                     f"C {how_zh}），而 {c.key} 持平在 {c.end:.4g}：模型对所有输入都预测同一类。损失不在 ln(C)，"
                     "很可能不是 softmax 交叉熵。"),
        span=Span(c.axis, pinned.start_step, float(c.x[-1])),
        evidence={"accuracy_pinned_at": pinned.value, "chance_accuracy": base, "loss_level": c.end,
                  "chance_loss": classes.chance_loss, "num_classes": classes.count, "num_classes_from": classes.how,
                  "pinned_evaluations": pinned.evaluations, "shape": shape},
        causes=tuple(causes) + ((_cause("label_or_loss_misconfig", 0.3, "a loss that is not cross-entropy on a "
                                        "classifier (e.g. MSE on class ids) often cannot move the argmax",
                                        "分类器上用的不是交叉熵（例如对类别编号用 MSE），常常无法改变 argmax"),)
                                if all(x.cause != "label_or_loss_misconfig" for x in causes) else ()),
        fixes=(overfit_tiny_subset(), check_output_head(classes.count), lr_range_test(), fix_dead_units()),
        series=(c.key, pinned.key),
        experiment=Text("Print the predicted class of 20 different inputs: one class for all of them confirms a "
                        "constant prediction; then over-fit one batch of 16 samples.",
                        "打印 20 个不同输入的预测类别：若全部相同即确认输出常数；再用 16 个样本的一个批次做过拟合测试。"),
    )


def _band_numbers(e: Evidence, o: Options) -> tuple[float, float, float, float, int] | None:
    """(lowest, highest, median, band half-width, evaluations) when every accuracy logged stayed near 1/C for the
    whole run: within min(0.05, 1/(2C)) of it on every evaluation of every split, with at least `min_points`
    evaluations on one split, while the loss never went clearly below ln(C) (a loss far below ln(C) beside an
    accuracy at chance is a loss/metric disagreement, not a constant prediction). A learning model leaves 1/C
    within its first epochs; one that never does has learned nothing, whatever its loss does."""
    base = 1.0 / e.classes.count
    tol = min(o.band_width, 0.5 * base)
    finite = [(a.values, m) for a in e.accuracies if (m := np.isfinite(a.values)).any()]
    if not finite or max(int(m.sum()) for _, m in finite) < o.min_points:
        return None
    # the band test on each series' extremes: no concatenated or shifted copy of a long run's accuracies
    lo = min(float(np.min(v, where=m, initial=np.inf)) for v, m in finite)
    hi = max(float(np.max(v, where=m, initial=-np.inf)) for v, m in finite)
    if max(hi - base, base - lo) > tol:
        return None
    if not e.metric_only and float(np.min(e.c.smooth)) < (1.0 - o.loss_tol) * e.classes.chance_loss:
        return None
    allv = np.concatenate([v[m] for v, m in finite])
    return lo, hi, float(np.median(allv)), tol, max(int(m.sum()) for _, m in finite)


def _band_text(e: Evidence, lo: float, hi: float, n: int, tail: Text) -> Text:
    """The band reading's first sentence (the accuracies around 1/C on every evaluation), then what the run adds."""
    classes = e.classes
    how_en, how_zh = classes.describe()
    keys = ", ".join(a.key for a in e.accuracies)
    return Text(f"{keys} stayed between {lo:.3f} and {hi:.3f} on all {n} evaluations, around 1/{classes.count} = "
                f"{1.0 / classes.count:.3g} (chance; C {how_en})" + tail.en,
                f"{keys} 在全部 {n} 次评估中都在 {lo:.3f} 到 {hi:.3f} 之间，围绕 1/{classes.count} = "
                f"{1.0 / classes.count:.3g}（随机水平；C {how_zh}）" + tail.zh)


def _band_finding(e: Evidence, o: Options) -> Finding:
    got = _band_numbers(e, o)
    assert got is not None
    lo, hi, mid, tol, n = got
    c, classes = e.c, e.classes
    base = 1.0 / classes.count
    if e.metric_only:
        return _metric_band_finding(e, lo, hi, mid, tol, n)
    causes, shape = read_causes(e, c, classes, None, classes.chance_loss)
    if c.end >= 3.0 * classes.chance_loss and c.end - classes.chance_loss >= 1.0:
        # never back near ln(C): a constant output would score ln(C) at worst; a loss held far above it is one that
        # does not read the outputs as probabilities (no sigmoid/softmax before a loss expecting them, wrong labels)
        causes = [_cause("label_or_loss_misconfig", 0.65, f"the loss ended at {c.end:.4g}, {c.end / classes.chance_loss:.3g}x "
                         "ln(C), worse than a uniform guess: the outputs are not what the loss expects (raw outputs "
                         "into a loss that wants probabilities, or labels in another format)",
                         f"损失最终为 {c.end:.4g}，是 ln(C) 的 {c.end / classes.chance_loss:.3g} 倍，比均匀猜测还差："
                         "输出不是损失所期望的形式（未经 sigmoid/softmax 的输出接期望概率的损失，或标签格式不对）")] + [
            x for x in causes if x.cause != "label_or_loss_misconfig"]
    return Finding(
        code="LD104", name="stuck_at_chance", severity=Severity.ERROR,
        message=_band_text(e, lo, hi, n, Text(f", while {c.key} went {c.y[0]:.4g} -> {c.end:.4g}: the model never did "
                                              "better than guessing.",
                                              f"，而 {c.key} 从 {c.y[0]:.4g} 变为 {c.end:.4g}：模型从未比瞎猜更好。")),
        span=Span(c.axis, float(c.x[0]), float(c.x[-1])),
        evidence={"accuracy_low": lo, "accuracy_high": hi, "accuracy_median": mid, "chance_accuracy": base,
                  "band": tol, "evaluations": n, "loss_first": float(c.y[0]), "loss_level": c.end,
                  "chance_loss": classes.chance_loss, "num_classes": classes.count, "num_classes_from": classes.how,
                  "shape": shape},
        causes=tuple(causes),
        fixes=(overfit_tiny_subset(), check_output_head(classes.count), lr_range_test(), fix_dead_units()),
        series=(c.key,) + tuple(a.key for a in e.accuracies),
        experiment=Text("Over-fit one batch of 16 samples: a model that cannot beat chance even there has an output "
                        "layer, loss or labels that do not match; print the outputs for a few inputs.",
                        "用 16 个样本的一个批次做过拟合：若连这样都无法超过随机水平，说明输出层、损失或标签不匹配；"
                        "打印几个输入的输出看看。"),
    )


def _metric_band_finding(e: Evidence, lo: float, hi: float, mid: float, tol: float, n: int) -> Finding:
    """The band reading on a log without a loss: the accuracy alone, around 1/C on every evaluation."""
    c, classes = e.c, e.classes
    base = 1.0 / classes.count
    return Finding(
        code="LD104", name="stuck_at_chance", severity=Severity.ERROR,
        message=_band_text(e, lo, hi, n, Text(": the model never did better than guessing. The log holds no loss, so the "
                                              "accuracy is the only evidence.",
                                              "：模型从未比瞎猜更好。日志中没有损失，准确率是唯一的证据。")
                           if e.loss_low is None else
                           Text(f": the model never did better than guessing. The loss went down to {e.loss_low:.4g}, "
                                "below 0, which no cross-entropy can (raw outputs into NLLLoss, or a sign flipped), so "
                                "its level says nothing about chance and the accuracy is the evidence.",
                                f"：模型从未比瞎猜更好。损失降到 {e.loss_low:.4g}，低于 0，任何交叉熵都不会如此（未经 "
                                "log_softmax 的输出接 NLLLoss，或符号反了），所以损失水平无法说明是否处于随机水平，"
                                "准确率才是证据。")),
        span=Span(c.axis, float(c.x[0]), float(c.x[-1])),
        evidence={"accuracy_low": lo, "accuracy_high": hi, "accuracy_median": mid, "chance_accuracy": base,
                  "band": tol, "evaluations": n, "num_classes": classes.count, "num_classes_from": classes.how,
                  "shape": "accuracy_only"},
        causes=(_cause("dead_relu", 0.4, "an output that does not depend on the input scores 1/C",
                       "不依赖输入的输出只能得到 1/C"),
                _cause("label_or_loss_misconfig", 0.4, "labels that do not match the output (format, shuffled apart "
                       "from the inputs) or a loss that does not fit the output layer leave nothing to learn",
                       "标签与输出不匹配（格式错误、与输入分开打乱）或损失与输出层不符，模型无可学习"),
                _cause("lr_too_high", 0.35, "too-large steps can collapse the output to a constant",
                       "步长过大可让输出塌缩为常数"),
                _cause("training_step_bug", 0.3, "optimizer.step() missing or the parameters frozen",
                       "缺少 optimizer.step() 或参数被冻结")),
        fixes=(overfit_tiny_subset(), check_output_head(classes.count), lr_range_test(), fix_dead_units()),
        series=tuple(a.key for a in e.accuracies),
        experiment=Text("Log the training loss beside the accuracy and over-fit one batch of 16 samples: a model that "
                        "cannot beat chance even there has an output layer, loss or labels that do not match.",
                        "在准确率旁记录训练损失，并用 16 个样本的一个批次做过拟合：若连这样都无法超过随机水平，"
                        "说明输出层、损失或标签不匹配。"),
    )


def _val_numbers(e: Evidence, o: Options) -> tuple[float, float] | None:
    """(validation accuracy level, final training accuracy) when the validation one sits at 1/C."""
    classes = e.classes
    val, train = e.val_acc, e.train_acc
    if val is None or train is None:
        return None
    v, t = val.values[np.isfinite(val.values)], train.values[np.isfinite(train.values)]
    if v.size < o.min_points or t.size < o.min_points:
        return None
    base = 1.0 / classes.count
    v_tail = float(np.median(v[-max(2, int(0.3 * v.size)):]))
    t_end = float(np.median(t[-max(1, int(0.1 * t.size)):]))
    if _val_in_band(v, t, base, t_end, o):
        return v_tail, t_end
    if classes.how in FROM_ACCURACY:
        return None  # C read off an accuracy's own floor: only every evaluation in the narrow band says 'at 1/C' (a
        # validation accuracy wandering 0.43-0.56 names C = 2 by its floor and would sit 'at chance' by construction)
    tol = max(0.02, 0.3 * base)
    if abs(v_tail - base) > tol or t_end < base + 0.2:
        return None
    if float(np.max(v[v.size // 2:])) > base + 2 * tol:
        return None  # reached well above chance in the second half: a noisy validation accuracy, not one at chance
    k = max(1, v.size // 10)
    if v_tail - float(np.median(v[:k])) > tol:
        return None  # it climbed from its first evaluations by more than the band: it learned something that transfers
    if held_above(v, base, o.held_sign_p):
        return None  # held above 1/C over the whole second half: it transfers a little (random labels scatter around 1/C)
    return v_tail, t_end


def held_above(v: np.ndarray, base: float, sign_p: float = 0.01) -> bool:
    """The validation accuracies of the second half above 1/C - every one, or so nearly every one that a coin would
    put that many on one side less than 1 time in 100 (a one-sided sign test; one at 1/C counts against) - and their
    mean 2 standard errors (from their own scatter) above it: random labels scatter the validation accuracy on both
    sides of 1/C, about as often below as above; one held above it learned a little that transfers (an over-fit model
    on too little data, or a small validation set's one bad evaluation), not nothing."""
    half = v[v.size // 2:]
    if half.size < 3:
        return False
    above = int(np.count_nonzero(half > base))
    if above < half.size and stats.sign_test_p(above, half.size) >= sign_p:
        return False
    se = float(np.std(half, ddof=1)) / np.sqrt(half.size)
    return float(half.mean()) - base >= 2.0 * se


def _val_in_band(v: np.ndarray, t: np.ndarray, base: float, t_end: float, o: Options) -> bool:
    """Every validation evaluation within min(0.05, 1/(2C)) of 1/C (the band of `accuracy_never_above_chance`) while the
    training accuracy climbed by more than its own noise and ended outside that band: the training set is learned
    (memorised), and nothing of it transfers."""
    tol = min(o.band_width, 0.5 * base)
    if float(np.max(np.abs(v - base))) > tol or t_end <= base + tol:
        return False
    k = max(1, t.size // 10)
    climb = t_end - float(np.median(t[:k]))
    return climb > max(o.climb_noise * stats.noise_level(t), tol)


def _val_causes(v: np.ndarray, base: float, v_tail: float) -> tuple[Cause, ...]:
    """Random training labels leave the validation accuracy scattered around 1/C, on both sides; one held below 1/C over
    the whole second half (by 2 points and 2 noise levels) is systematically wrong on the validation inputs, which
    memorised noise cannot make it: the validation inputs, or their labels, differ from the training ones."""
    half = v[v.size // 2:]
    below = float(half.max()) < base and base - v_tail >= max(0.02, 2.0 * stats.noise_level(v))
    shift_en = (f"the validation accuracy stays below chance ({v_tail:.3f} < {base:.3f}) over the whole second half: "
                "the model is systematically wrong on the validation inputs, which random labels cannot make it; "
                "they come from a different distribution than the training inputs" if below else
                "the validation inputs come from a different distribution")
    shift_zh = (f"验证准确率在后半程一直低于随机水平（{v_tail:.3f} < {base:.3f}）：模型在验证输入上系统性地出错，"
                "随机标签做不到这一点；验证输入与训练输入来自不同分布" if below else "验证集输入来自不同分布")
    causes = (_cause("noisy_labels", 0.3 if below else 0.6, "training accuracy rises only by memorising: labels that are "
                   "random or shuffled apart from the inputs look exactly like this",
                   "训练准确率只靠记忆上升：随机或与输入错开的标签正是这样"),
            _cause("label_or_loss_misconfig", 0.45 if below else 0.35, "validation labels encoded differently from "
                   "training labels", "验证集标签的编码与训练集不同"),
            _cause("distribution_shift", 0.55 if below else 0.3, shift_en, shift_zh))
    return tuple(sorted(causes, key=lambda c: -c.likelihood))  # most likely first, as the report lists them


def _val_finding(e: Evidence, o: Options) -> Finding:
    classes, val, train = e.classes, e.val_acc, e.train_acc
    got = _val_numbers(e, o)
    assert got is not None and val is not None and train is not None
    v_tail, t_end = got
    base = 1.0 / classes.count
    u_en, u_zh = ("epoch", "轮") if val.axis.value == "epoch" else ("step", "步")
    return Finding(
        code="LD104", name="stuck_at_chance", severity=Severity.ERROR,
        message=Text(f"{val.key} stays at {v_tail:.3f} ≈ 1/{classes.count} (chance) while {train.key} climbs to "
                     f"{t_end:.3f}: what the model learns on the training set does not transfer at all.",
                     f"{val.key} 停在 {v_tail:.3f} ≈ 1/{classes.count}（随机水平），而 {train.key} 升到 {t_end:.3f}："
                     "模型在训练集上学到的东西完全不能迁移。"),
        span=Span(val.axis.value, float(val.steps[0]), float(val.steps[-1])),
        evidence={"val_accuracy_level": v_tail, "chance_accuracy": base, "train_accuracy_at_end": t_end,
                  "num_classes": classes.count, "num_classes_from": classes.how},
        causes=_val_causes(val.values[np.isfinite(val.values)], base, v_tail),
        fixes=(overfit_tiny_subset(), check_output_head(classes.count)),
        series=(val.key, train.key),
        experiment=Text("Train a simple baseline (logistic regression) on the same split: if it also scores 1/C on "
                        "validation, the labels are the problem; plot a few training samples with their labels.",
                        "在同样的划分上训练一个简单基线（逻辑回归）：若验证也只有 1/C，问题在标签；画出几个训练样本及其标签检查。"),
    )


def _floor_numbers(e: Evidence, o: Options) -> tuple[float, float, float, float] | None:
    """(floor, ln C, band, end) when the loss levels off just above the bounded-logit floor."""
    c, classes = e.c, e.classes
    n_cls = classes.count
    if n_cls < 3 or classes.how == "initial_val_loss":
        return None  # the floor is a claim about one exact C: a C guessed from where validation began is too weak
    floor, ln_c = classes.bounded_logit_floor, classes.chance_loss
    band = ln_c - floor
    sm = c.smooth
    q = max(2, c.m // 4)
    end = c.end
    last_move = float(sm[-q] - sm[-1])
    if not (float(c.y.min()) >= floor - 0.02 * band and end <= floor + o.floor_band * band
            and abs(last_move) < 0.1 * band and c.start - end >= 0.3 * band):
        return None
    if last_move >= o.floor_levelled * (c.start - end):
        # a floor is where the loss has stopped: one whose last quarter still brought this share of its whole drop is
        # on its way down, whatever level it passes (a 4-class run whose first epoch averages 1.087, read as ln 3,
        # still falling 0.587 -> 0.541 through the 3-class floor 0.551 over its last quarter)
        return None
    return floor, ln_c, band, end


def _floor_finding(e: Evidence, o: Options) -> Finding:
    c, classes = e.c, e.classes
    got = _floor_numbers(e, o)
    assert got is not None
    floor, ln_c, band, end = got
    n_cls = classes.count
    acc_key, acc_end = e.floor_acc if e.floor_acc is not None else (None, None)
    u_en, u_zh = c.unit
    acc_en = f" while {acc_key} reached {acc_end:.3f}" if acc_end is not None else ""
    acc_zh = f"，而 {acc_key} 达到 {acc_end:.3f}" if acc_end is not None else ""
    return Finding(
        code="LD104", name="stuck_at_chance", severity=Severity.ERROR,
        message=Text(f"{c.key} levels off at {end:.4g}, just above {floor:.4g} = ln(1 + ({n_cls}-1)/e), the lowest "
                     f"cross-entropy possible when the model's outputs are already probabilities{acc_en}: softmax "
                     "(or sigmoid) is applied before a loss that applies its own.",
                     f"{c.key} 停在 {end:.4g}，刚好高于 {floor:.4g} = ln(1 + ({n_cls}-1)/e)，即输出已是概率时交叉熵能达到的"
                     f"最低值{acc_zh}：在自带 softmax 的损失之前又做了一次 softmax（或 sigmoid）。"),
        span=Span(c.axis, float(c.x[0]), float(c.x[-1])),
        evidence={"loss_level": end, "bounded_logit_floor": floor, "chance_loss": ln_c, "num_classes": n_cls,
                  "num_classes_from": classes.how, "lowest_loss": float(c.y.min()), "final_accuracy": acc_end,
                  "floor_kind": "double_softmax"},
        causes=(_cause("label_or_loss_misconfig", 0.8, f"the loss cannot go below {floor:.4g}; only probabilities "
                       "fed as logits produce this floor", f"损失无法低于 {floor:.4g}；只有把概率当作 logits 输入才会产生这个下限"),
                _cause("vanishing_gradients", 0.2, "squashed outputs give tiny gradients, so learning is slow",
                       "被压缩的输出梯度很小，学习缓慢")),
        fixes=(check_output_head(n_cls),),
        series=(c.key,),
        experiment=Text("Print model(x)[:2] for one batch: rows that are non-negative and sum to 1 are probabilities; "
                        "remove the final Softmax (PyTorch) or use from_logits=False with a softmax output (Keras).",
                        "打印一个批次的 model(x)[:2]：若每行非负且和为 1，就是概率；去掉最后的 Softmax（PyTorch），"
                        "或在 Keras 中 softmax 输出配 from_logits=False。"),
    )


stuck_at_chance = define(
    code="LD104", name="stuck_at_chance", severity=Severity.ERROR,
    requires=(Requirement(Kind.LOSS, alternatives=(Kind.ACCURACY, Kind.ERROR_RATE)),),
    summary=Text("Loss sits at ln(C) or accuracy at 1/C: the model predicts a constant.",
                 "损失停在 ln(C) 或准确率停在 1/C：模型在输出常数。"),
    options=Options, measure=measure, judge=judge, explain=explain,
    explains=("loss_metric_disagreement", "loss_not_decreasing", "plateau", "oscillation", "underfitting",
              "loss_spikes", "train_loss_rebound"), doc=DOC)
