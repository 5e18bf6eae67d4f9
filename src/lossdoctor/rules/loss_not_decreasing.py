"""LD103 loss_not_decreasing: the training loss stays flat from the start."""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from ..findings import Cause, Finding, Severity, Span
from ..i18n import Text
from ..model import METRIC_KINDS, Axis, Kind, Run, Series, Split
from ..stats import print_resolution
from . import chance
from ._cause_evidence import LrReading, above_chance
from ._confidence import SHORT, confidence, settle_more
from ._curve import Curve, Flatness, flatness, loss_series, per_unit
from ._rule import Context, Requirement, Verdict, define, opt
from ._start import begins_at_start
from .fixes import lower_lr
from .fixes_training import fix_dead_units, lr_range_test, normalize_inputs, overfit_tiny_subset, raise_lr

DOC = """
## What it detects
The training loss never gets more than 10% below its starting level, for the whole run (seed 002: "训练集loss
不下降"). The evidence tells three signatures apart: exactly constant (nothing is updated), a tiny but steady
decrease (slope significant, t <= -3: steps too small), and a flat noisy level (no learning signal).

## Why it matters
A model that does not reduce its training loss learns nothing; more epochs will not help. The cause is in the
optimisation set-up or the code, not in the data size or regularisation.

## How to fix
Over-fit 10-20 samples first (seed 000): if even that fails, the model/loss/labels are wrong. Run an LR range
test; use He/Xavier initialisation, LeakyReLU and BatchNorm against dead units; normalise the inputs; check that
`optimizer.step()` runs and the parameters require gradients.

## Thresholds
At least 5 points (2 when it sits exactly on -ln of the smallest float32/float64, 87.3365 / 103.279 / 708.396: log(0)
clipped; 3 when the loss is identical on every line, or when the excerpt starts at the first epoch (an excerpt of
under 10 moving points from the middle of a run is a stretch of it, not a flat start: the mid-run note below): reported
as a warning with a low confidence and how many more epochs would settle it; a loss of exactly 0 is flagged only
when every training loss in the log is exactly 0 on every line, 3+ lines: no gradient, wherever the excerpt comes
from; a zero term beside a training loss that moves is an unused part of a sum, and a 0 beside an accuracy ending at
0.99 or more is a solved task's loss printed to a few decimals), and at least one epoch on an epoch axis (a few logged points inside one epoch are an excerpt,
not a run). An excerpt from the middle of a run is judged too when an accuracy beside it stays at or below 0.01 on
every line (not all exactly 0): a model that gets almost nothing right is not a converged one. Smoothed minimum and end both < 10% below the start level, and the end not 10% above it (a first-point blow-up >= 3x the
next points is set aside and reported - unless the log begins at the start of training, the first value is not a
clipped log(0) and the rest sits clearly below ln(C) (5%+, C named by the run), or the run names no C at all (a
regression, a summed loss: no dead level to be knocked onto): then the first interval's fall is the training, a model
that learned at once, not one knocked into a dead region). Not reported when an accuracy shows learning (final accuracy above
halfway from chance to 1). Exact constancy: range <= 1e-7 of the level. Steady decrease: OLS t <= -3 and >= 70%
of smoothed steps going down; any decrease with t <= -2 (learning, slowly) ranks a too-small learning rate
first, more so with a logged LR <= 1e-4, unless the loss sits above ln(C) (by 3% and 2 noise levels: worse than
a uniform guess, which too-small steps cannot cause) or the logged LR is >= 0.1: then oversized steps rank first,
and the fixes lower the learning rate. A flat loss with no trend at a logged LR <= 1e-4 (and not above ln(C)) ranks
too-small steps first. A log that begins mid-run (its first point more than 2 point intervals after step 0: a
resumed run, a pasted tail) is an info note with a confidence of at most 0.5: a converged run's flat tail looks the
same, and only the run's start can tell them apart (so are 3-9 moving points there, or a fraction of one epoch there:
too little to tell, but not silence on a loss that did not fall: only a steady decrease there, t <= -3 and mostly
downhill, is read as a loss that decreases; a creeping slope of t about -2 over so few points is not); it stays a problem there when the loss is exactly constant, sits
on a clipped log(0) or above ln(C), or an accuracy beside it gets almost nothing right. Lines printed with no epoch
or step beside the loss (the reader numbers them 1, 2, ... and says so) have no known place in the run: they are read
as such a stretch, and their first value names no number of classes. Relative measures only: scale-free.
Frozen: a loss that changes by less than 1e-4 of its level from line to line over its last lines, covering at least
half of the log (3+ lines; 2 when a validation value is frozen beside them, finely printed: the validation pass depends
on the weights only - then a note, since a warm-up can skip whole epochs), is not updated - minibatch noise alone moves a trained loss by far more. A loss identical only
to a print of fewer than 4 significant digits ('0.022') beside another value that moves on the same lines is not
frozen, only rounded. A frozen loss, or a logged learning rate of 0 on every line, is a problem wherever the excerpt
comes from and whatever an accuracy beside it says (a frozen model's accuracy is a constant output's share); at a
learning rate of 0 only where the loss ends counts (a dip among a few batch losses is batch noise). An accuracy at or
below 0.01 counts as 'almost nothing right' only beside a loss of ln 2 or more (a classifier that is almost always
wrong gives the true class less than half the probability).
Settling: a slow decrease (steady, or t <= -2) whose smoothed drop over the first half of the log was 3x or more its
drop over the second half is a loss settling onto its level - a converging run, fast first and then slow - and is not
reported; too-small steps keep the same pace to the end. Unless it settles within 5% of ln(C): the constant-output
level. A steady decrease (t <= -3, mostly downhill) over fewer than 10 points is a loss that decreases: a note with a
confidence of at most 0.5 and what more would settle whether its pace is too slow, not a problem.
Never below its start: a training loss logged from the start that never went below its first value over 10+ points
never decreased, whether it ends flat or up to 30 % higher (30 %+ is a climb: divergence's to name). A first value on a clipped
log(0) (87.3365) is a saturated first batch, set aside as a blow-up from 3 points after it on.
No update: the log's first 4+ batch losses repeated exactly later, to 4+ significant digits (the same weights saw the
same batches again), or a logged learning rate and gradient norm both exactly 0 on every line (3+; either alone can be
a rounded print or a norm some set-ups do not compute), is a problem wherever the excerpt comes from and whatever the
loss did between (batch noise): a warning under 5 lines, else an error. A validation loss identical on every one of its 4+ evaluations is judged so even when the
log holds no training loss (a model card whose training column reads 'No log'). A 2-line log identical in every value it
prints (the loss to 4+ significant digits, and at least one other value) is a note with a low confidence: a
mixed-precision warm-up with loss scaling started far too high skips every step of the first epochs. A loss
frozen after it fell is not reported as not decreasing: a full-batch run converged onto its fixed point looks the same.
Outputs on the clip: a training loss equal to (1 - training accuracy) x a clipped log(0) (16.1181 = -ln 1e-7 of Keras
/ TF, or a float's minimum) on every one of 2+ lines, to the printed digits (accuracy between 0.01 and 0.99, printed to
2+ decimals), is every prediction a hard 0 or 1: each wrong example costs exactly the clip, each right one nothing,
and the clip passes no gradient - a problem wherever the excerpt comes from (a warning under 5 lines, else an error).
A negative loss (a negated Dice or IoU, an ELBO) is judged only when it does not move at all: its floor is unknown, so
'10% below its start' measures nothing. Falling from its early peak: a loss whose first value is below the ones that follow (a smoothed loss printed from its
initial value, a warm-up's first steps) and that falls steadily (t <= -3, 70%+ of the smoothed steps down, 5+ points)
from just after its highest point of the first quarter to the end, by 10%+ of the level it fell from, is a loss that
decreases: a person reads the descent the curve shows, not the distance from a first print below it.
Nothing right from mid-run: an accuracy exactly 0 on every one of its 3+ lines in a log that begins mid-run (its first
point more than 2 point intervals after step 0), beside a loss that is not 10% below its start, is a note (confidence
at most 0.5, when no other reading decides): after that much training the model gets nothing right (an OCR recogniser
at accuracy 0.000000 and loss ~20 at epoch 24), or the accuracy is computed wrongly; the run's first lines would tell.
From the start, 0 is every model's first accuracy (an ArcFace run at steps 10-40); with a loss that fell, a count that
never counts is loss_metric_disagreement's.
An accuracy (or an area under the ROC curve, chance 0.5 whatever the
classes) that ends far above chance shows learning when it kept at least half of its first value's margin above chance (1.0 at the first epoch, 0.9999 at the end: learned).
"""


@dataclass(frozen=True)
class Options:
    min_points: int = opt(5, "fewer points cannot tell a flat loss from the first steps of a slow start")
    min_exact_points: int = opt(3, "a loss identical on 3 lines is already a sign that nothing is updated "
                                   "(reported with a low confidence)")
    max_progress: float = opt(0.10, "the loss never got more than 10% below where it started")
    blowup: float = opt(3.0, "a first point >= 3x the next ones is a blow-up, judged apart from the flat rest")
    min_epochs: float = opt(1.0, "an epoch-axis log must span at least one epoch (a few points inside one epoch "
                                 "are an excerpt of steps)")
    log_zero_levels: tuple[float, ...] = opt(chance.LOG_ZERO_LEVELS,
                                             "-ln of the smallest float32 / float32 subnormal / float64: a loss sitting "
                                             "there is log(0) clipped (the true class got probability 0: saturated "
                                             "or diverged logits), telling from 2 points on")
    saturated_lines: int = opt(2, "a loss equal to (1 - accuracy) x a clipped log(0) on every one of 2+ lines (to the "
                                  "printed digits; accuracy between 0.01 and 0.99) is every output on the clip: a "
                                  "coincidence on one line is possible, on every line of two not")
    log_zero_tolerance: float = opt(1e-4, "relative distance to such a level that counts as sitting on it")
    solved_level: float = opt(0.0, "a loss at (or below) this level has nothing left to lose: flat there is "
                                   "converged (0: only an exact zero, the rule stays scale-free)")
    start_position: float = opt(1.0, "an excerpt of under 10 points is read as 'flat from the start' only when it "
                                     "starts at the first epoch or step (at most this position)")
    mid_run_points: int = opt(10, "an excerpt from the middle of a run with fewer points is a stretch of it")
    creep_t: float = opt(-2.0, "a decrease with t at or below this is learning, slowly: the step size comes first")
    tiny_lr: float = opt(1e-6, "a logged learning rate at or below this cannot move the weights")
    small_lr: float = opt(1e-4, "a logged learning rate at or below this makes a too-small step the likely cause "
                                "of a slow, steady decrease")
    nothing_right: float = opt(0.01, "an accuracy at or below this on every line (at least 2) gets almost nothing "
                                     "right (below chance for up to 100 classes): a flat stretch beside it is a model "
                                     "that does not learn, wherever in the run the excerpt comes from")
    noisy_swing: float = opt(0.05, "the loss wanders by this share of its level: overshooting steps rather than "
                                   "no signal")
    z_threshold: float = opt(2.0, "the 10% drop that did not happen, in noise units, at which the flat reading is "
                                  "fairly sure")
    settling: float = opt(3.0, "a decrease whose pace in the first half of the log was 3x or more its pace in the second "
                               "half is settling onto a level (converging), not creeping at the pace of too-small steps")
    chance_band: float = opt(0.05, "... unless the level it settles onto is within 5% of ln(C), the loss of a constant "
                                   "output")
    frozen_tolerance: float = opt(1e-4, "a loss that moves by less than 1e-4 of its level from line to line is frozen: "
                                        "minibatch noise alone moves a loss that is being trained by far more")
    frozen_share: float = opt(0.5, "a frozen stretch says nothing updates when it covers at least half of the log "
                                   "(and 3 lines, or 2 lines with a validation value frozen beside it)")
    val_frozen_evals: int = opt(4, "a validation loss identical on every one of 4+ evaluations (4+ significant digits): "
                                   "the weights evaluated never changed (judged with or without a training loss)")
    fine_print: float = opt(1e-3, "a loss identical on every line is frozen only when printed to at least 4 significant "
                                  "digits, or when nothing else printed on those lines moves (a loss printed as 0.022 "
                                  "hides changes of 2%)")
    diverged_rise: float = opt(0.3, "a loss that never went below its first value and ends 30% or more above it "
                                    "climbed: divergence's to name (its threshold for a climb), not a flat loss")
    start_intervals: float = opt(2.0, "'from the start' needs the start: a log whose first point lies more than 2 "
                                      "point intervals after step 0 is a stretch of a run (a resumed run, a pasted "
                                      "tail); flat there is a note, since a converged run looks the same")
    repeat_points: int = opt(4, "the log's first 4+ batch losses repeated exactly later (4+ significant digits): the "
                                "same weights saw the same batches again - nothing was updated in between")


@dataclass(frozen=True)
class Evidence:
    key: str
    axis: str
    unit: tuple[str, str]
    points: int  # view points of the whole curve
    x0: float
    x1: float
    start: float  # of the judged part (after a first-point blow-up)
    end: float
    first: float  # the very first value
    noise: float
    flat: Flatness
    slope_per_unit: float
    slope_se_per_unit: float
    blowup: bool
    learned_accuracy: float | None  # final accuracy when it shows learning
    lr_max: float | None
    chance_loss: float | None = None  # ln(C) when C is known or inferred
    level: float = float("nan")  # median of the judged view: where the flat loss sits
    nothing_right: tuple[str, float] | None = None  # (key, highest value) of an accuracy near 0 on every line
    from_start: bool = True  # the log begins where training began (not a resumed run or a pasted tail)
    frozen: int = 0  # points of a frozen stretch at the end of the log (0: none): nothing is being updated
    frozen_from: float = float("nan")  # where that stretch begins
    pace_ratio: float = float("nan")  # the smoothed drop over the first half / over the second half
    zero: int = 0  # lines on which every training loss the log holds is exactly 0 (0: not so on every line)
    no_step: int = 0  # lines on which the logged learning rate and gradient norm are both exactly 0 (0: not so)
    repeated: int = 0  # points at the end of the log that repeat its first points exactly (0: none)
    unplaced: bool = False  # no epoch or step printed beside the loss: the reader numbered its lines 1, 2, ...
    val_frozen: int = 0  # evaluations of a validation loss identical on every one (4+, 4+ significant digits), else 0
    val_key: str = ""
    val_level: float = float("nan")
    saturated: int = 0  # lines on which the loss is (1 - accuracy) x a clipped log(0): every output on the clip
    saturated_level: float = float("nan")  # that clipped level (16.1181 = -ln 1e-7, 87.3365, ...)
    saturated_acc: str = ""  # the accuracy it matches
    peak_fall: float = float("nan")  # share fallen, steadily, from just after an early peak above the first value
    zero_accuracy: tuple[str, int] | None = None  # (key, lines) of an accuracy exactly 0 on every line, from mid-run

    @property
    def still(self) -> bool:
        """Nothing is being updated: the loss frozen over most of the log, or a logged learning rate of 0."""
        return self.frozen > 0 or self.lr_max == 0 or self.no_step > 0 or self.repeated > 0

    @property
    def no_update(self) -> bool:
        """Direct evidence that the weights do not move, whatever the loss did before: a learning rate and a gradient
        norm both exactly 0 on every line, or the first epoch's batch losses repeated to the printed digits. (A loss
        frozen after it fell is not: a full-batch run converged onto its fixed point looks the same.)"""
        return self.no_step > 0 or self.repeated > 0 or self.val_frozen > 0 or self.saturated > 0


def _roc_auc_series(ctx: Context) -> list[Series]:
    """Areas under the ROC curve logged as scores ('AUROC_avg', 'val_auc'): chance is 0.5 whatever the classes."""
    return [s for s in ctx.run.series if s.kind is Kind.SCORE and ("auc" in s.key.lower() or "auroc" in s.key.lower())]


def learned_by_accuracy(ctx: Context, classes: chance.Classes | None) -> float | None:
    """The final accuracy (or ROC AUC) when it shows the model did learn (well above chance), else None."""
    aucs = _roc_auc_series(ctx)
    for acc in [*chance.accuracy_series(ctx.run), *aucs]:
        v = acc.values[np.isfinite(acc.values)]
        if v.size == 0:
            continue
        final = float(np.median(v[-max(1, v.size // 10):]))
        base = 0.5 if any(acc is a for a in aucs) else 1.0 / classes.count if classes else 0.5
        # (it kept most of its margin above chance: an accuracy at 1.0 from the first epoch that ends at 0.9999 is a
        # model that learned - in the log or before it - not a falling one)
        if final >= base + 0.5 * (1.0 - base) and final - base >= 0.5 * (float(v[0]) - base):
            return final
    return None


def flat_view(c: Curve, o: Options) -> tuple[Curve, Flatness, bool]:
    """Flatness of the curve, judged without a first-point blow-up when there is one."""
    f = flatness(c)
    # (a first value on a clipped log(0), 87.3365, is a saturated first batch, not a start level: set aside from
    # 3 points after it on)
    on_log_zero = any(abs(float(c.y[0]) - z) <= o.log_zero_tolerance * z for z in o.log_zero_levels)
    rest_needed = o.min_exact_points if on_log_zero else o.min_points
    if c.m >= rest_needed + 1 and c.y[0] > 0 and c.y[0] >= o.blowup * float(np.median(c.y[1:4])):
        rest = replace(c, x=c.x[1:], y=c.y[1:])
        return rest, flatness(rest), True
    return c, f, False


def measure(ctx: Context, o: Options) -> Evidence | None:
    c0 = ctx.loss_curve(min(o.min_points, o.min_exact_points, 2))
    if c0 is None:
        return None
    if ctx.run.find(Kind.LOSS, Split.TRAIN) is None and (c0.series.split is not Split.VAL
                                                         or not frozen_validation(ctx, o)[0]):
        return None  # without a training loss only a validation loss frozen on every evaluation says it: the
        # evaluated weights never changed (a model card whose training column reads 'No log')
    c, f, blowup = flat_view(c0, o)
    unplaced = numbered_by_reader(ctx.run, c.key)
    if blowup and not unplaced and _learned_at_once(ctx, c0, c, o):
        c, f, blowup = c0, flatness(c0), False  # the first interval's fall is the training, not a blow-up
    # a first loss names C only where it is the untrained level: not on lines whose place in the run is unknown
    classes = ctx.classes(None if unplaced else c.start)
    sched = ctx.schedule
    return Evidence(c.key, c.axis, c.unit, c0.m, float(c0.x[0]), float(c0.x[-1]), c.start, c.end, c0.start,
                    c.noise, f, per_unit(c, f.slope), per_unit(c, f.slope_se), blowup,
                    learned_by_accuracy(ctx, classes), sched.lr_max if sched is not None else None,
                    classes.chance_loss if classes is not None else None, float(np.median(c.y)),
                    accuracy_near_zero(ctx, o, float(np.median(c.y))),
                    begins_at_start(c0.x, o.start_intervals) and not unplaced,
                    *frozen_points(ctx, c0, o), pace_ratio(c), zero_lines(ctx), no_step_lines(ctx, o),
                    repeated_start(ctx, o), unplaced, *frozen_validation(ctx, o), *saturated_output(ctx, c0, o),
                    fall_from_early_peak(c, o), zero_accuracy_midrun(ctx, c0, o))


def _learned_at_once(ctx: Context, c0: Curve, rest: Curve, o: Options) -> bool:
    """A first value 3x+ the next ones is a blow-up (a model knocked into a dead region) only when it is not simply
    the untrained level the first interval trained away from: in a log that begins where training began, a first
    value not on a clipped log(0) that fell onto a level clearly below ln(C) (C named by the run; by more than
    `chance_band`) fell to better than a uniform guess - it learned at once (a CTR model's 1.206 at step 0, then
    0.12 +- 0.01 for 9,000 steps). Knocked onto ln(C) or above it, it stays set aside. With no C at all (a regression,
    a summed loss) there is no dead level to be knocked onto: a first print far above a flat rest that the run fell
    from at once is the run's first interval of training (a noisy-sine MLP's 11.26, then 1.82-1.97 for 9 epochs)."""
    first = float(c0.y[0])
    if not begins_at_start(c0.x, o.start_intervals) or any(
            abs(first - z) <= o.log_zero_tolerance * z for z in o.log_zero_levels):
        return False
    classes = ctx.classes(first)
    return classes is None or float(np.median(rest.y)) < (1 - o.chance_band) * classes.chance_loss


def fall_from_early_peak(c: Curve, o: Options) -> float:
    """The share the loss fell, steadily, from just after its highest point of the first quarter (above its first
    value) to its end; nan when it did not. A first print below what follows (a smoothed loss shown from its
    initialisation, 23.09 then 27.88, 25.90, ... 22.40) is no level the run failed to get under: the curve's descent
    from its early peak is what shows whether it learns. The peak itself is left out (one high draw is no level) and
    the fall must be a trend, not a scatter."""
    y = c.y
    p = int(np.argmax(y[: max(2, int(math.ceil(c.m / 4)))]))
    if p == 0 or y[p] <= y[0]:
        return float("nan")
    rest = y[p + 1:]
    if rest.size < o.min_points or rest[0] <= 0:
        return float("nan")
    f = flatness(replace(c, x=c.x[p + 1:], y=rest))
    fall = (float(rest[0]) - float(np.median(rest[-max(1, int(round(0.1 * rest.size))):]))) / float(rest[0])
    return fall if f.steady and fall >= o.max_progress else float("nan")


def saturated_output(ctx: Context, c: Curve, o: Options) -> tuple[int, float, str]:
    """(lines, level, accuracy key) when the training loss equals (1 - training accuracy) x a clipped log(0) on every
    line they share (2+, to the printed digits), else (0, nan, ''). A cross-entropy whose every prediction sits on the
    clip - probability 1 on the class it picks, the clipped 1e-7 (Keras / TF) or float minimum on the others - costs
    exactly -ln(clip) per wrong example and 0 per right one: the loss is then (1 - accuracy) x -ln(clip), line after
    line (0.4891 x 16.1181 = 7.8832). The clip passes no gradient, so nothing learns from this loss (a ReLU or linear
    output fed to a loss that expects probabilities; saturated logits)."""
    none = (0, float("nan"), "")
    ys = c.series
    for acc in ctx.run.find_all(Kind.ACCURACY, Split.TRAIN):
        # (the relation holds on every shared line, the last included: a cheap look at the last line first, so a long
        # run whose last line is off the clip costs no pass over its points)
        if acc.steps.size == 0 or ys.steps.size == 0 or acc.steps[-1] != ys.steps[-1]:
            continue
        a1, y1 = float(acc.values[-1]), float(ys.values[-1])
        if not 0.01 <= a1 <= 0.99 or not any(abs(y1 - (1.0 - a1) * z) <= 0.01 * z for z in o.log_zero_levels):
            continue
        _, ia, il = np.intersect1d(acc.steps, ys.steps, return_indices=True)
        a, y = acc.values[ia], ys.values[il]
        ok = np.isfinite(a) & np.isfinite(y)
        a, y = a[ok], y[ok]
        if a.size < o.saturated_lines or a.size < ok.size or bool(np.any((a < 0.01) | (a > 0.99))):
            continue
        res_a, res_y = print_resolution(a, acc.decimals), print_resolution(y, ys.decimals)
        if res_a > 1e-2:
            continue
        for z in o.log_zero_levels:
            if bool(np.all(np.abs(y - (1.0 - a) * z) <= 0.5 * res_y + 0.5 * res_a * z + 1e-6 * z)):
                return int(a.size), float(z), acc.key
    return none


def frozen_validation(ctx: Context, o: Options) -> tuple[int, str, float]:
    """(evaluations, key, level) of a validation loss identical to its printed digits on every one of its 4+
    evaluations, printed to 4+ significant digits; else (0, '', nan). A validation pass is a function of the weights
    alone (same data, no dropout): the same value at every evaluation is the same weights at every evaluation - nothing
    the training did reached the model evaluated (a healthy run's validation loss moves in its 4th digit between
    evaluations; only a frozen tail after it converged repeats, never the whole log)."""
    for s in ctx.run.series:
        if s.split is not Split.VAL or s.kind is not Kind.LOSS:
            continue
        v = s.values[np.isfinite(s.values)]
        if (v.size >= o.val_frozen_evals and v.size == s.values.size and v[-1] != 0 and bool(np.all(v == v[-1]))
                and print_resolution(v, s.decimals) <= o.fine_print * abs(float(v[-1]))):
            return int(v.size), s.key, float(v[-1])
    return 0, "", float("nan")


def numbered_by_reader(run: Run, key: str) -> bool:
    """The log prints no epoch or step beside this loss, so the reader numbered its values in print order (1, 2, ...;
    it says so in a read warning and marks the series `print_order`): where the lines sit in the run is unknown. A
    pasted tail of a converged run (simpletransformers' 'Running loss:' lines of its last epoch, a README's last 20
    iterations) looks the same as a run that never learned; its first value is no untrained level."""
    s = run.get(key)
    return s is not None and s.print_order


def no_step_lines(ctx: Context, o: Options) -> int:
    """Lines on which the logged learning rate and the gradient norm are both exactly 0 (3+ lines each), else 0.

    Either alone can be a print artefact (a learning rate of 2e-5 printed as '0.0000'; a gradient norm some set-ups
    do not compute and log as 0); both together say no update can happen: the loss then moves only because each
    batch differs, and its trend means nothing."""
    lrs = ctx.run.find_all(Kind.LR)
    grads = ctx.run.find_all(Kind.GRAD_NORM)
    if not lrs or not grads:
        return 0
    n = 0
    for group in (lrs, grads):
        vals = [s.values[np.isfinite(s.values)] for s in group]
        if any(v.size < o.min_exact_points or bool(np.any(v != 0.0)) for v in vals):
            return 0
        n = max(n, max(v.size for v in vals))
    return n


def repeated_start(ctx: Context, o: Options) -> int:
    """Points at the end of the training loss that repeat its first points exactly, to the printed digits, else 0.

    A second epoch whose batch losses are the first epoch's again, value for value (0.9741, 1.3742, 1.2390, ...), was
    computed by the same weights on the same batches: nothing was updated in between. Counted only when 4+ values
    repeat, they are not all equal (a frozen loss, judged apart), they are printed to 4+ significant digits (a coarse
    print repeats by chance) and the repetition runs to the end of the log or over a whole period."""
    s = ctx.view("loss_series", lambda: loss_series(ctx.run))
    if s is None:
        return 0
    v = s.values[np.isfinite(s.values)]
    k = o.repeat_points
    if v.size < 2 * k:
        return 0
    lags = np.flatnonzero(v[k:v.size - k + 1] == v[0]) + k  # a repetition of the first point, after k points
    for j in range(1, k):
        lags = lags[v[lags + j] == v[j]]
    for lag in lags[:16]:
        n = int(min(lag, v.size - lag))
        head = v[:n]
        if (np.array_equal(v[lag:lag + n], head) and float(np.ptp(head)) > 0
                and print_resolution(head, s.decimals) <= o.fine_print * float(np.median(np.abs(head)))):
            return n
    return 0


def zero_lines(ctx: Context) -> int:
    """Lines of the judged loss when it and every other training loss in the log is exactly 0 on every line, else 0.

    A loss of exactly 0 gives no gradient: nothing is learned (every target masked or ignored, an empty target, a loss
    not connected to the output), wherever the excerpt comes from. A zero term beside another training loss that
    moves is an unused part of a sum (an auxiliary loss switched off, one class in a detector), not this; beside an
    accuracy that ends at 0.99 or more it is a solved task's small loss printed to a few decimals ('0.000')."""
    s = ctx.view("loss_series", lambda: loss_series(ctx.run))
    if s is None:
        return 0
    for acc in chance.accuracy_series(ctx.run):
        v = acc.values[np.isfinite(acc.values)]
        if v.size and float(v[-1]) >= 0.99:
            return 0
    for t in ctx.run.find_all(Kind.LOSS):
        if t.split in (Split.TRAIN, Split.NONE) or t is s:
            v = t.values[np.isfinite(t.values)]
            if v.size == 0 or bool(np.any(v != 0.0)):
                return 0
    return int(np.isfinite(s.values).sum())


def pace_ratio(c: Curve) -> float:
    """How much faster the smoothed loss fell over the first half of the log than over the second (nan when the
    second half did not fall): a converging loss slows down, a loss held back by too-small steps keeps its pace."""
    y = c.smooth
    if y.size < 4:
        return float("nan")
    mid = y.size // 2
    first, second = float(y[0] - y[mid]), float(y[mid] - y[-1])
    return first / second if second > 0 and first > 0 else float("nan")


def _tail_frozen(y: np.ndarray, tol: float) -> int:
    """How many points at the end of `y` stay within `tol` (relative) of its last value."""
    if y.size == 0 or y[-1] == 0 or not np.isfinite(y[-1]):
        return 0
    moved = np.nonzero(np.abs(y - y[-1]) > tol * abs(float(y[-1])))[0]
    return int(y.size if moved.size == 0 else y.size - 1 - moved[-1])


def _moves_beside(ctx: Context, key: str, x0: float, x1: float, o: Options) -> bool:
    """Another loss or metric printed over the same stretch changes: the weights change."""
    for s in ctx.run.series:
        if s.key == key or s.kind not in (Kind.LOSS, *METRIC_KINDS):
            continue
        m = (s.steps >= x0) & (s.steps <= x1)
        v = s.values[m]
        v = v[np.isfinite(v)]
        if v.size >= 2 and _tail_frozen(v, o.frozen_tolerance) < v.size:
            return True
    return False


def frozen_points(ctx: Context, c: Curve, o: Options) -> tuple[int, float]:
    """Points of the frozen stretch that ends the log, when it says nothing is being updated, else 0.

    A loss that changes by less than `frozen_tolerance` of its level from line to line over at least half of the log
    (3+ lines) does not move: minibatch noise alone moves a trained loss by far more (epoch 2 repeating epoch 1's
    numbers, 1535.62 on every line). Two lines are enough when a validation value beside them is frozen too (the
    validation pass is a function of the weights only). A loss printed with fewer than 4 significant digits beside
    another value that moves on the same lines is only rounded to the same print ('0.022' three times)."""
    none = (0, float("nan"))
    k = _tail_frozen(c.y, o.frozen_tolerance)
    if k < 2 or k < o.frozen_share * c.m:
        return none
    x0, x1 = float(c.x[-k]), float(c.x[-1])
    coarse = print_resolution(c.values, c.series.decimals) > o.fine_print * abs(float(c.y[-1]))
    if coarse and _moves_beside(ctx, c.key, x0, x1, o):
        return none
    if k >= 3:
        return k, x0
    for s in ctx.run.series:  # two lines: a validation value frozen beside them, printed finely
        if s.split is not Split.VAL or s.kind not in (Kind.LOSS, Kind.ACCURACY, Kind.ERROR_RATE, Kind.SCORE,
                                                      Kind.ERROR):
            continue
        v = s.values[np.isfinite(s.values)]
        if (v.size >= 2 and v[-1] != 0 and _tail_frozen(v[-2:], o.frozen_tolerance) == 2
                and print_resolution(v, s.decimals) <= o.fine_print * abs(float(v[-1])) and not coarse):
            return k, x0
    if k == c.m == 2 and not coarse and _all_frozen_beside(ctx, c.key, x0, x1, o):
        return k, x0  # a 2-line log identical in every value it prints, the loss to 4+ digits
    return none


def _all_frozen_beside(ctx: Context, key: str, x0: float, x1: float, o: Options) -> bool:
    """Every other loss or metric printed over the stretch (at least one) repeats its value: nothing moved."""
    seen = False
    for s in ctx.run.series:
        if s.key == key or s.kind not in (Kind.LOSS, *METRIC_KINDS):
            continue
        m = (s.steps >= x0) & (s.steps <= x1)
        v = s.values[m]
        v = v[np.isfinite(v)]
        if v.size < 2 or _tail_frozen(v, o.frozen_tolerance) < v.size:
            return False
        seen = True
    return seen


def accuracy_near_zero(ctx: Context, o: Options, level: float) -> tuple[str, float] | None:
    """(key, highest value) of an accuracy logged beside the loss that is at most `nothing_right` on every line (2+),
    not all exactly 0 (a count that never counts is a metric bug, loss_metric_disagreement's pattern).

    A classifier that gets almost nothing right gives the true class less than half the probability on almost every
    example, so its cross-entropy is above ln 2: beside a loss below ln 2 the 'accuracy' is some other score (a
    keypoint error printed as a percentage), not this loss's classification accuracy."""
    if level < math.log(2.0):
        return None
    for acc in chance.accuracy_series(ctx.run):
        v = acc.values[np.isfinite(acc.values)]
        if v.size >= 2 and float(v.max()) <= o.nothing_right and float(v.max()) > 0:
            return acc.key, float(v.max())
    return None


def zero_accuracy_midrun(ctx: Context, c0: Curve, o: Options) -> tuple[str, int] | None:
    """(key, lines) of an accuracy exactly 0 on every one of its `min_exact_points`+ lines, in a log (its loss and the
    accuracy) that begins mid-run; None otherwise."""
    if begins_at_start(c0.x, o.start_intervals):
        return None
    for acc in ctx.run.find_all(Kind.ACCURACY):
        ok = np.isfinite(acc.values)
        v = acc.values[ok]
        if v.size >= o.min_exact_points and not np.any(v) and not begins_at_start(acc.steps[ok], o.start_intervals):
            return acc.key, int(v.size)
    return None


def _nothing_right_note(e: Evidence, o: Options) -> Verdict | None:
    """The note for an accuracy exactly 0 on every line from mid-run beside a loss that did not fall 10%."""
    if e.zero_accuracy is None or e.flat.progress >= o.max_progress or e.end < (1 - o.max_progress) * e.start:
        return None
    n = e.zero_accuracy[1]
    return Verdict(Severity.INFO, min(confidence(float("inf"), 1.0, n), 0.5), Text(
        f"the log begins at {e.unit[0]} {e.x0:g}, in the middle of the run: its first {e.unit[0]}s would show whether "
        f"{e.zero_accuracy[0]} ever rose above 0 and the loss ever fell",
        f"日志从第 {e.x0:g} {e.unit[1]}开始，处于训练中途：训练开头的记录才能说明 {e.zero_accuracy[0]} 是否曾高于 0、损失是否下降过"),
        reading="nothing_right_midrun")


def at_log_zero(e: Evidence, o: Options) -> float | None:
    """The clipped-log(0) level the loss sits on from start to end, or None."""
    return next((z for z in o.log_zero_levels if abs(e.start - z) <= o.log_zero_tolerance * z
                 and abs(e.end - z) <= o.log_zero_tolerance * z), None)


def judge(e: Evidence, o: Options) -> Verdict | None:
    v = _judge(e, o)
    if v is not None and v.severity > Severity.INFO:
        return v
    # an accuracy exactly 0 on every line says more than the generic mid-run note: its note first
    return _nothing_right_note(e, o) or v


def _judge(e: Evidence, o: Options) -> Verdict | None:
    f = e.flat
    # frozen over most of the log, a learning rate of 0, or exactly on a clipped log(0): nothing is updated, wherever
    # the excerpt comes from
    still = e.still or (f.exact and at_log_zero(e, o) is not None)
    short = e.points < o.min_points
    if e.zero >= o.min_exact_points:  # exactly 0 on every line: no gradient, nothing learned
        return Verdict(Severity.WARNING if short else Severity.ERROR, confidence(float("inf"), 1.0, e.zero),
                       settle_more(e.points, e.unit, Text("of the same loss", "相同的损失")))
    if e.no_update and not e.zero:
        # no step can change the weights (a learning rate and a gradient of 0, the first epoch's batch losses again):
        # a problem wherever the excerpt comes from, whatever the loss did before or an accuracy says
        n = e.no_step or e.repeated or e.frozen or e.val_frozen or e.saturated
        return Verdict(Severity.WARNING if n < o.min_points else Severity.ERROR, confidence(float("inf"), 1.0, n),
                       settle_more(n, e.unit, Text("of the same loss", "相同的损失")))
    if e.points < o.min_exact_points and not (e.frozen or (at_log_zero(e, o) is not None and f.exact)):
        return None  # 2 points say something only when they sit exactly on a clipped log(0) or are frozen twice over
    if abs(e.start) <= o.solved_level and abs(e.end) <= o.solved_level:
        return None  # a loss at ~0 has nothing left to lose
    if e.start < 0 and e.end < 0 and not still:
        return None  # a negative loss (a negated Dice or IoU, an ELBO) has an unknown floor: '10% below its start'
        # measures nothing there; only a loss that does not move at all is judged
    # a few moving points from the middle of a run, or a fraction of one epoch there, look the same whether the run
    # converged or never learned: judged like a longer mid-run stretch below (the same gates: a fall, a climb, a
    # settling pace, an accuracy that learned say nothing is wrong), then only a low-confidence note saying how little
    # was seen - never a warning, and never silence on a loss that did not fall
    mid_stretch = not still and e.x0 > o.start_position and e.nothing_right is None
    part_epoch = e.axis == "epoch" and e.x1 - e.x0 < o.min_epochs and not still
    if part_epoch and not mid_stretch:
        return None  # a fraction of the first epoch (an excerpt of steps) cannot show that training does not learn
    few = mid_stretch and (e.points < o.mid_run_points or part_epoch)
    dipped = f.progress >= o.max_progress and not (e.lr_max == 0 and not e.frozen)
    # a loss logged from the start that never went below its first value over 10+ points never decreased, whether it
    # ends flat or higher (a climb that divergence does not claim: between 10 % and 30 %, or without a clear trend)
    never_below = (e.from_start and e.points >= o.mid_run_points and f.progress <= 0.0
                   and f.end_progress > -o.diverged_rise)
    if not still and math.isfinite(e.peak_fall):
        return None  # it falls steadily from its early peak: a loss that decreases (its first print sat below)
    if dipped or f.end_progress >= o.max_progress or (f.end_progress <= -o.max_progress and not never_below):
        return None  # it fell (fine) or it rose after a minimum (divergence / rebound, not a flat loss); at a learning
        # rate of 0 a dip in a few batch losses is batch noise: only where it ends counts
    if (not still and (f.steady or f.t <= o.creep_t) and e.pace_ratio >= o.settling
            and not (e.chance_loss is not None and abs(e.end - e.chance_loss) <= o.chance_band * e.chance_loss)):
        return None  # fast first, then slow: settling onto its level (converging), not held back by too-small steps
    if e.learned_accuracy is not None and not e.frozen:
        return None  # (an accuracy beside a frozen loss is a constant output's share, not learning)
    if few and f.steady:
        # a few mid-run points going steadily down (t <= -3, mostly downhill) are a loss that decreases; its pace needs
        # the run. A weaker slope (t about -2 over 5-9 points, a chance scatter one time in ten) says nothing either
        # way: the note below, not silence (ImageNet distillation, G_Loss 6.603 -> 6.504 -> 6.56 inside epoch 46)
        return None
    if still:
        conf = confidence(float("inf"), 1.0, e.frozen or e.points)
    else:
        missing = (o.max_progress - max(f.progress, 0.0)) * abs(e.start)
        conf = confidence(missing / max(e.noise, 1e-12 * abs(e.start), 1e-300), o.z_threshold, e.points)
    if few or not (e.from_start or still or e.nothing_right is not None or at_log_zero(e, o) is not None
                   or above_chance(e.level, e.chance_loss, e.noise)):
        # a flat stretch from the middle of a run looks the same whether the run converged or never learned: a note
        # that says so, with what would tell them apart (a constant loss, nothing right or a loss at or above ln(C)
        # is a problem wherever the stretch comes from, and stays one)
        if e.unplaced:
            return Verdict(Severity.INFO, min(conf, 0.5), Text(
                "the log prints no epoch or step beside the loss, so where these lines sit in the run is unknown: the "
                "run's first lines would show whether the loss ever fell",
                "日志中损失旁没有打印轮次或步数，无法知道这些行位于训练的哪一段：训练开头的记录才能说明损失是否下降过"))
        return Verdict(Severity.INFO, min(conf, 0.5), Text(
            f"the log begins at {e.unit[0]} {e.x0:g}, in the middle of the run: its first {e.unit[0]}s would show "
            "whether the loss ever fell", f"日志从第 {e.x0:g} {e.unit[1]}开始，处于训练中途：训练开头的记录才能说明损失是否下降过"))
    settle = settle_more(e.points, e.unit, Text("of the same loss", "相同的损失"))
    if e.frozen and e.frozen < o.min_exact_points and at_log_zero(e, o) is None:
        # two lines identical in every value: nothing was updated between them, but a warm-up can skip whole epochs
        # (mixed-precision loss scaling starting far too high: tests/integrations/test_keras_callback.py skips the first
        # two epochs of a digits MLP at an initial scale of 2**40): a note until a third line repeats them
        return Verdict(Severity.INFO, conf, settle)
    if not still and f.steady and e.points < SHORT and e.nothing_right is None:
        # a steady decrease (t <= -3, mostly downhill) over a handful of points is a loss that decreases: whether
        # its pace is too slow needs more of the run than the excerpt holds (a note that says so, not a problem)
        return Verdict(Severity.INFO, min(conf, 0.5), settle)
    return Verdict(Severity.WARNING if short else Severity.ERROR, conf, settle)


def _explain_nothing_right(e: Evidence, v: Verdict) -> Finding:
    assert e.zero_accuracy is not None
    key, n = e.zero_accuracy
    u_en, u_zh = e.unit
    return Finding(
        code="LD103", name="loss_not_decreasing", severity=v.severity,
        message=Text(f"{key} is exactly 0 on all {n} lines from {u_en} {e.x0:g} on, while {e.key} moved "
                     f"{e.start:.4g} -> {e.end:.4g} (not 10% lower): deep into the run the model gets nothing right, "
                     "or the accuracy is computed wrongly.",
                     f"从第 {e.x0:g} {u_zh}起，{key} 在全部 {n} 行中都恰好为 0，而 {e.key} 从 {e.start:.4g} 变为 "
                     f"{e.end:.4g}（下降不到 10%）：训练已进行很久，模型却什么也没答对，或者准确率算错了。"),
        span=Span(e.axis, e.x0, e.x1),
        evidence={"pattern": "nothing_right_midrun", "accuracy_key": key, "accuracy_lines": n, "loss_start": e.start,
                  "loss_end": e.end, "points": e.points},
        causes=(Cause("label_or_loss_misconfig", 0.4, Text("labels that do not match the inputs or the output's "
                                                           "classes (a character set or label file other than the "
                                                           "one the model decodes)",
                                                           "标签与输入或输出类别不匹配（字符集或标签文件与模型解码所用的不同）")),
                Cause("lr_too_high", 0.3, Text("updates too large to settle anywhere", "更新过大，无法收敛到任何位置")),
                Cause("training_step_bug", 0.3, Text("the accuracy counted wrongly (integer division, predictions "
                                                     "compared with labels of another form)",
                                                     "准确率计算错误（整数除法，或预测与形式不同的标签比较）"))),
        fixes=(overfit_tiny_subset(),),
        series=(e.key, key))


def explain(e: Evidence, v: Verdict, o: Options) -> Finding:
    if v.reading == "nothing_right_midrun":
        return _explain_nothing_right(e, v)
    f = e.flat
    c0_start, m = e.first, e.points
    lr_zero = e.lr_max == 0
    lr_tiny = e.lr_max is not None and 0 < e.lr_max <= o.tiny_lr
    lr_small = e.lr_max is not None and 0 < e.lr_max <= o.small_lr
    creeping = f.t <= o.creep_t and not f.exact
    sched_lr = e.lr_max
    u_en, u_zh = e.unit
    slope_u, se_u = e.slope_per_unit, e.slope_se_per_unit
    log_zero = at_log_zero(e, o)
    if e.zero:
        kind_en = ("exactly 0 on every line, as is every other training loss the log holds: a loss of 0 gives no "
                   "gradient, so nothing is learned")
        kind_zh = "每一行都恰好为 0，日志中其他训练损失也是如此：损失为 0 就没有梯度，模型什么也学不到"
        causes = [Cause("label_or_loss_misconfig", 0.7, Text("every target masked or ignored, empty targets (a CTC or "
                                                             "detection target list that never reaches the loss), or a "
                                                             "loss not computed from the model's output",
                                                             "所有目标都被屏蔽或忽略、目标为空（CTC 或检测目标从未传入损失），"
                                                             "或损失并非由模型输出计算")),
                  Cause("training_step_bug", 0.4, Text("the loss logged is a placeholder or is detached from the "
                                                       "graph", "记录的损失是占位值或已脱离计算图"))]
    elif log_zero is not None:
        kind_en = (f"stuck at {log_zero:.6g} = -ln of the smallest floating-point number: the loss of log(0), clipped "
                   "(the model gives the true class probability 0)")
        kind_zh = f"停在 {log_zero:.6g}，即 -ln(最小浮点数)：被截断的 log(0)（模型给真实类别的概率为 0）"
        causes = [Cause("lr_too_high", 0.55, Text("saturated logits after oversized updates put probability 0 on the "
                                                  "true class", "过大的更新使 logits 饱和，真实类别的概率变为 0")),
                  Cause("exploding_gradients", 0.4, Text("the logits blew up: the numerically clipped loss hides a "
                                                         "divergence", "logits 爆炸：被数值截断的损失掩盖了发散")),
                  Cause("label_or_loss_misconfig", 0.35, Text("labels outside the output's classes (e.g. 255 for "
                                                              "'ignore' in segmentation) give log(0) on every pixel",
                                                              "超出输出类别范围的标签（如分割中表示忽略的 255）会在每个像素上得到 log(0)")),
                  Cause("unnormalized_input", 0.25, Text("raw inputs in the hundreds saturate the first layers",
                                                         "数值上百的原始输入会让前几层饱和"))]
    elif e.saturated and not (e.repeated or e.no_step):
        kind_en = (f"pinned by outputs on the clip: on every one of its {e.saturated} lines it equals (1 - "
                   f"{e.saturated_acc}) x {e.saturated_level:.6g}, the clipped loss of log(0) - every prediction is a "
                   "hard 0 or 1, each wrong example costs exactly the clip and each right one nothing, and the clip "
                   "passes no gradient, so nothing learns from this loss")
        kind_zh = (f"被截断处的输出钉住：全部 {e.saturated} 行都等于 (1 - {e.saturated_acc}) × {e.saturated_level:.6g}，"
                   "即被截断的 log(0) 损失——每个预测都是硬性的 0 或 1，每个错例恰好付出截断值、对例为 0，"
                   "而截断处没有梯度，模型无法从这个损失中学习")
        causes = [Cause("label_or_loss_misconfig", 0.7, Text("a ReLU or linear output (no sigmoid / softmax) fed to a "
                                                             "loss that expects probabilities, or from_logits unset",
                                                             "ReLU 或线性输出（没有 sigmoid / softmax）接入了期望概率的损失，"
                                                             "或未设置 from_logits")),
                  Cause("lr_too_high", 0.4, Text("oversized updates saturated the logits", "过大的更新使 logits 饱和"))]
    elif e.val_frozen and not (e.frozen or e.repeated or e.no_step):
        kind_en = (f"not reaching the model evaluated: {e.val_key} is {e.val_level:.6g} on every one of its "
                   f"{e.val_frozen} evaluations, identical to the printed digits - a validation pass depends only on "
                   "the weights, so the weights evaluated never changed, judged with or without a training loss in the log")
        kind_zh = (f"训练没有作用到被评估的模型：{e.val_key} 在全部 {e.val_frozen} 次评估中都是 {e.val_level:.6g}，"
                   "逐位相同——验证只取决于权重，说明被评估的权重从未改变")
        causes = [Cause("training_step_bug", 0.7, Text("optimizer.step() not reached, parameters frozen, the weights "
                                                       "reloaded before each evaluation, or a copy of the model evaluated",
                                                       "没有执行 optimizer.step()、参数被冻结、每次评估前重新加载了权重，"
                                                       "或评估的是模型的副本")),
                  Cause("lr_too_low", 0.3, Text("a learning rate of 0 moves no weight", "学习率为 0 不会改变任何权重"))]
    elif e.repeated and not e.frozen:
        kind_en = (f"not being updated: its last {e.repeated} values repeat its first {e.repeated} exactly, to the "
                   "printed digits - the same weights saw the same batches again")
        kind_zh = f"参数没有被更新：最后 {e.repeated} 个值与最前 {e.repeated} 个值逐位相同——同样的权重又看了一遍同样的批次"
        causes = [Cause("training_step_bug", 0.7, Text("optimizer.step() not reached, parameters frozen (no trainable "
                                                       "adapter), or the weights reloaded at each epoch",
                                                       "没有执行 optimizer.step()、参数被冻结（没有可训练的适配器），"
                                                       "或每轮都重新加载了权重")),
                  Cause("lr_too_low", 0.3, Text("a learning rate of 0 moves no weight", "学习率为 0 不会改变任何权重"))]
    elif lr_zero and not e.frozen:
        kind_en = "not learning: the logged learning rate is 0 on every line, so nothing is updated"
        kind_zh = "没有在学习：记录的学习率每一行都是 0，参数没有被更新"
        if e.no_step:
            kind_en += ", and the gradient norm is 0 on every line too"
            kind_zh += "，梯度范数也每一行都是 0"
        causes = [Cause("lr_too_low", 0.7, Text("a learning rate of 0 (a schedule that decayed or warmed up to 0, or a "
                                                "scheduler stepped per batch instead of per epoch) moves no weight",
                                                "学习率为 0（调度衰减或预热到 0，或按批而非按轮调用了调度器）不会改变任何权重")),
                  Cause("training_step_bug", 0.4, Text("the optimiser is built with or reset to a zero learning rate",
                                                       "优化器以 0 学习率创建或被重置为 0"))]
    elif e.frozen:  # (identical only to a coarse print beside a value that moves is not frozen: judged as flat)
        if f.exact:
            kind_en, kind_zh = "exactly constant: nothing is being updated", "完全不变：参数没有被更新"
        else:
            kind_en = (f"frozen: it changes by less than {o.frozen_tolerance:.0e} of its level on each of its last "
                       f"{e.frozen} lines (from {u_en} {e.frozen_from:g}): nothing is being updated")
            kind_zh = (f"冻结：最后 {e.frozen} 行（从第 {e.frozen_from:g} {u_zh}起）每行的变化都小于其水平的 "
                       f"{o.frozen_tolerance:.0e}：参数没有被更新")
        causes = [Cause("training_step_bug", 0.7, Text("a loss constant to 7 digits means no parameter changes: "
                                                       "optimizer.step() missing, frozen parameters or LR = 0",
                                                       "损失 7 位有效数字不变说明参数没有改变：缺少 optimizer.step()、"
                                                       "参数被冻结或学习率为 0")),
                  Cause("dead_relu", 0.3, Text("if every unit is dead the output and the loss are constant",
                                               "若所有单元都已失活，输出和损失都不变"))]
    elif (f.steady or creeping) and not lr_tiny and (LrReading(e.lr_max).large
                                                      or above_chance(e.level, e.chance_loss, e.noise)):
        lr_en, lr_zh = LrReading(e.lr_max).phrase()
        above = above_chance(e.level, e.chance_loss, e.noise)
        why_en = (f"the loss sits at {e.level:.4g}, above ln(C) = {e.chance_loss:.4g}: worse than a uniform guess, "
                  "so oversized first updates knocked the model there and it is only creeping back" if above else
                  "the learning rate logged is large for a loss that barely moves") + lr_en
        why_zh = (f"损失停在 {e.level:.4g}，高于 ln(C) = {e.chance_loss:.4g}：比均匀猜测还差，说明过大的初始更新把模型打到了那里，"
                  "现在只是缓慢回落" if above else "对一个几乎不动的损失来说，记录的学习率偏大") + lr_zh
        kind_en = f"falling only very slowly ({slope_u:.3g} ± {se_u:.2g} per {u_en})"
        kind_zh = f"下降非常缓慢（每{u_zh} {slope_u:.3g} ± {se_u:.2g}）"
        causes = [Cause("lr_too_high", 0.65, Text(why_en, why_zh)),
                  Cause("exploding_gradients", 0.3, Text("updates that overshoot come from gradients too large for "
                                                         "the step size", "越过极小值的更新来自相对步长过大的梯度")),
                  Cause("dead_relu", 0.25, Text("oversized updates leave ReLU units dead", "过大的更新会让 ReLU 单元失活"))]
    elif f.steady or lr_tiny or creeping:
        kind_en = f"falling steadily but far too slowly ({slope_u:.3g} ± {se_u:.2g} per {u_en})"
        kind_zh = f"稳定但过慢地下降（每{u_zh} {slope_u:.3g} ± {se_u:.2g}）"
        causes = [Cause("lr_too_low", 0.75 if lr_small or lr_tiny else 0.65, Text("a small, steady, significant decrease is what a too-small step "
                                                 "size looks like" + (f"; the logged LR peaks at {sched_lr:.2g}"
                                                                      if sched_lr is not None else ""),
                                                 "小而稳定、显著的下降正是步长过小的样子" +
                                                 (f"；记录的学习率最高 {sched_lr:.2g}" if sched_lr is not None else ""))),
                  Cause("vanishing_gradients", 0.3, Text("tiny gradients reaching the early layers give the same "
                                                         "slow decrease", "传到前层的梯度太小也会导致同样的缓慢下降")),
                  Cause("over_regularization", 0.15, Text("a heavy penalty can hold the loss almost still",
                                                          "过强的正则惩罚也会让损失几乎不动"))]
    elif e.blowup:
        ratio = c0_start / e.start if e.start else float("inf")  # a level of exactly 0 after the first value
        kind_en = f"flat after a first value of {c0_start:.4g} ({ratio:.3g}x the rest)"
        kind_zh = f"在首个值 {c0_start:.4g}（为之后水平的 {ratio:.3g} 倍）之后持平"
        causes = [Cause("lr_too_high", 0.6, Text("a huge first loss followed by a flat one is a model knocked into a "
                                                 "dead region by oversized first updates",
                                                 "初始损失巨大随后持平，说明过大的初始更新把模型打进了失活区域")),
                  Cause("dead_relu", 0.4, Text("the blow-up leaves ReLU units dead, so no gradient flows",
                                               "爆炸之后 ReLU 单元失活，梯度无法传递")),
                  Cause("unnormalized_input", 0.3, Text("raw inputs with large values make the first loss huge",
                                                        "数值很大的原始输入使初始损失巨大"))]
    else:
        kind_en = f"flat, with no trend that matters ({slope_u:.3g} ± {se_u:.2g} per {u_en})"
        kind_zh = f"持平，没有有意义的趋势（每{u_zh} {slope_u:.3g} ± {se_u:.2g}）"
        if f.t >= -o.creep_t:  # a significant rise, too small to be a divergence: say so rather than 'flat'
            kind_en = f"not falling at all: it creeps up ({slope_u:.3g} ± {se_u:.2g} per {u_en})"
            kind_zh = f"完全没有下降：反而缓慢上升（每{u_zh} {slope_u:.3g} ± {se_u:.2g}）"
        if f.end_progress <= -o.max_progress:  # never below its first value, and ending well above it
            kind_en = (f"never below its first value ({c0_start:.4g}) and ending {-f.end_progress:.0%} above it "
                       f"({slope_u:.3g} ± {se_u:.2g} per {u_en})")
            kind_zh = f"从未低于首个值（{c0_start:.4g}），结束时反而高出 {-f.end_progress:.0%}（每{u_zh} {slope_u:.3g} ± {se_u:.2g}）"
        noisy = f.swing >= o.noisy_swing
        above = above_chance(e.level, e.chance_loss, e.noise)
        large = LrReading(e.lr_max).large
        overshoot = above or large  # worse than a uniform guess, or a large logged LR: steps overshoot, not too small
        lr_en, lr_zh = LrReading(e.lr_max).phrase()
        if above:
            high_en = (f"the loss stays at {e.level:.4g}, above ln(C) = {e.chance_loss:.4g}: worse than a uniform guess, "
                       "the model is confidently wrong and keeps changing, as oversized steps make it" + lr_en)
            high_zh = (f"损失停在 {e.level:.4g}，高于 ln(C) = {e.chance_loss:.4g}：比均匀猜测还差，模型自信地出错且不断变化，"
                       "正是步长过大的表现" + lr_zh)
        elif large:
            high_en = "a large learning rate on a loss that does not fall: steps overshoot" + lr_en
            high_zh = "学习率偏大而损失不降：步长越过了极小值" + lr_zh
        elif noisy:
            high_en = f"the loss wanders ±{f.swing:.0%} around its level without descending"
            high_zh = f"损失在其水平附近 ±{f.swing:.0%} 游走而不下降"
        else:
            high_en, high_zh = "steps that overshoot can keep the loss level", "越过极小值的步长也会让损失持平"
        causes = [Cause("lr_too_high", 0.6 if overshoot else 0.45 if noisy else 0.25, Text(high_en, high_zh)),
                  Cause("dead_relu", 0.35, Text("dead ReLU units pass no gradient", "失活的 ReLU 单元不传递梯度")),
                  Cause("vanishing_gradients", 0.3, Text("gradients too small to move the weights",
                                                         "梯度太小，无法推动权重")),
                  Cause("bad_initialization", 0.3, Text("a poor initialisation can start the model in a flat region",
                                                        "不良的初始化会让模型从平坦区域起步")),
                  Cause("lr_too_low", 0.1 if overshoot else 0.2 if noisy else 0.45 if lr_small else 0.3,
                        Text("steps too small to show progress" + (f" (the logged learning rate peaks at "
                                                                    f"{e.lr_max:.2g})" if lr_small else ""),
                             "步长太小，看不出进展" + (f"（记录的学习率最高 {e.lr_max:.2g}）" if lr_small else ""))),
                  Cause("unnormalized_input", 0.2, Text("unscaled features make the loss surface badly conditioned",
                                                        "未缩放的特征让损失曲面条件数很差")),
                  Cause("training_step_bug", 0.2, Text("a bug in the training step (no zero_grad, wrong tensor "
                                                       "detached) stops learning", "训练步骤中的错误（缺少 zero_grad、"
                                                       "张量被 detach）会阻止学习"))]
    if e.nothing_right is not None:
        akey, amax = e.nothing_right
        kind_en += f", while {akey} stays at or below {amax:.4g} on every line: the model gets almost nothing right"
        kind_zh += f"，而 {akey} 每一行都不超过 {amax:.4g}：模型几乎什么都没有答对"
    causes = sorted(causes, key=lambda c: -c.likelihood)  # most likely first, as the report lists them
    fixes = [overfit_tiny_subset(), lr_range_test()]
    if causes and causes[0].cause == "lr_too_high":  # the log says the steps overshoot: never advise raising the LR
        fixes += [lower_lr(), fix_dead_units()]
    elif causes and causes[0].cause == "lr_too_low":
        fixes += [raise_lr()]
    else:
        fixes += [raise_lr()] if f.steady or creeping else [fix_dead_units(), normalize_inputs()]
    x0, x1 = e.x0, e.x1
    return Finding(
        code="LD103", name="loss_not_decreasing", severity=Severity.ERROR,
        message=Text(
            f"{e.key} is {kind_en}: {e.start:.4g} at the start, {e.end:.4g} at the end, never more than "
            f"{max(f.progress, 0):.1%} below the start over {m} points ({u_en} {x0:g}-{x1:g}).",
            f"{e.key} {kind_zh}：开始 {e.start:.4g}，结束 {e.end:.4g}，在 {m} 个点（第 {x0:g}-{x1:g} {u_zh}）中"
            f"从未比开始低 {max(f.progress, 0):.1%} 以上。"),
        span=Span(e.axis, x0, x1),
        evidence={"loss_at_start": e.start, "loss_at_end": e.end, "best_progress": f.progress,
                  "end_progress": f.end_progress, "slope_per_" + u_en: slope_u, "slope_stderr": se_u,
                  "slope_t": f.t, "exactly_constant": f.exact, "frozen_lines": e.frozen, "steady_decrease": f.steady,
                  "relative_swing": f.swing, "first_point_blowup": e.blowup, "first_loss": c0_start,
                  "lr_max": e.lr_max, "points": m, "repeated_points": e.repeated, "no_step_lines": e.no_step, "no_update": e.no_update,
                  "frozen_validation_evaluations": e.val_frozen, "saturated_output_lines": e.saturated,
                  "accuracy_near_zero": e.nothing_right[1] if e.nothing_right is not None else None},
        causes=tuple(causes),
        fixes=tuple(fixes),
        series=(e.key,),
        experiment=Text("Over-fit one batch of 16 training samples for 300 steps: a loss that reaches ~0 clears the "
                        "model and the loss, and points to the learning rate (then run an LR range test); a loss "
                        "that stays flat points to the code, the labels or dead units.",
                        "用 16 个训练样本的一个批次训练 300 步：若损失接近 0，说明模型和损失没问题，问题在学习率"
                        "（再做学习率范围测试）；若仍持平，问题在代码、标签或失活单元。"),
    )


loss_not_decreasing = define(
    code="LD103", name="loss_not_decreasing", severity=Severity.ERROR, requires=(Requirement(Kind.LOSS),),
    summary=Text("Training loss stays flat from the start.", "训练损失从一开始就没有下降。"),
    options=Options, measure=measure, judge=judge, explain=explain, explains=("underfitting", "plateau", "train_loss_rebound"), doc=DOC)
