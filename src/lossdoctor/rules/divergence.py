"""LD107 divergence: the loss grows fast and keeps growing."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .. import stats
from ..findings import Cause, Finding, Mark, Severity, Span
from ..i18n import Text
from ..model import Kind, Run, Split
from . import _adversarial, chance, schedule
from ._confidence import confidence, settle_more
from ._curve import Curve
from ._rule import Context, Requirement, Verdict, define, opt
from ._start import begins_at_start, starts_at_start
from .fixes import gradient_clipping, lower_lr
from .fixes_training import lr_warmup, normalize_inputs

DOC = """
## What it detects
The loss (training, else validation) reaches its best value and then climbs until the end of the run (or until
it turns NaN): it ends well above where it started, or at 10x its best. This also covers seed 002's "train and
test loss both keep rising" row.

## Why it matters
The optimiser is making the model worse with every update. Continuing wastes the run; the usual end is NaN.

## How to fix
Lower the learning rate (typically 3-10x), clip the gradient norm, warm the learning rate up, normalise the
inputs; restart from the checkpoint at the best step rather than from the diverged weights.

## Thresholds
At least 5 points (long step-level series are judged on 120 bin medians). After its best point the curve ends
>= 30% of the start's magnitude above the start, or >= 10x its best; the rise is >= 5 noise levels
(MAD of second differences) and most steps after the best go up. A log that begins where training began and whose
loss, after a real fall (10%+ of its start), rises at every one of 3+ steps to the end and gives back at least half of
the fall, by more than twice the largest step up seen while it fell, has diverged too (the run unlearns toward its
untrained level: 15.5 -> 1.43 -> 5.82 -> 7.05 -> 10.03): noise reverses, and on a short log the noise level read off
second differences is the bend itself. Scale-free: a loss of 1e-4 and of 1e4
are judged alike. An excerpt of 3-4 points is judged by signs: training and validation loss up at every step
(4+ rises in all; from 2 points on when each of the two ends at 2x its start or more: two losses measured on
different data doubling together is no minibatch noise) while no accuracy improves, reported as a warning with a low
confidence; a training loss logged
alone as epoch means counts when it rises at every one of 3+ epochs and ends >= 30% above its start, or at both of
2 epochs and ends at 2x its start or more (an epoch mean averages out minibatch noise). A log that ends on a
value >= 10x anything before it (and >= 10x its start) is a divergence from 3 points on. A log that ends on -ln of the
smallest floating-point number (87.3365 / 103.279 / 708.396: log(0) clipped, caffe's diverged softmax) or on -ln(1e-7)
= 16.1181 (the epsilon Keras, TensorFlow and TF.js clip a probability to; matched within half the last printed digit)
after a value below half of it is a divergence from 2 points on. A log that ends frozen on ln(C) to its printed digits
(3+ lines) stopped growing: a constant output, stuck_at_chance's finding. A log that begins in the middle of a run and
whose climb ends no more than one noise level above the highest value it printed before its best is wandering within
its own range. A GAN's discriminator or generator loss (d_loss, g_loss, loss_D) is not judged by the slow climb from
the start: either rises whenever the other network improves. A training loss logged from the start (first point within 2 point
intervals of step 0) whose best point lies in the first 10% of the run and that ends >= 10% above its start with an
upward trend over the whole log (OLS t >= 3) while no accuracy improves got worse from the start: a warning (between
a flat loss, within 10% of its start, and a climb after a minimum, 30%). A loss whose last value is at or above the
square root of float32's largest number (1.8e19) has diverged whatever its trend (its square overflows float32: the
optimiser's squared gradients are inf), from 2 points on (a warning under 3 points, else an error).
A climb after the best whose second half (3+ points) has its median within 5% of ln(C) and no upward trend (t < 3; C
named by the run: given, a first loss at ln C, an accuracy floor at 1/C) stopped at the constant-output level: stuck_at_chance's
finding, not a divergence (it is not growing).
A validation loss of a classifier (an accuracy or error rate is logged) that ends on its highest value, at or above
87.3365 nats (-ln of float32's smallest normal number) and 10x or more the training loss printed beside it, comes from
blown-up logits: a mean cross-entropy that high gives the average example's true class a probability below anything
float32 can hold, which only logits thousands apart produce - what a person reads at a glance as 'valid_loss 1144 (or
1e9) after one epoch: the learning rate is far too high'. From 1 evaluation on, a warning (one evaluation cannot show
the climb itself).
A loss that crosses zero and ends (median of the last 10% of its points, 3+ points) at 1000x or more its first value's
magnitude is unbounded, whichever way it grows (a vocoder's total loss 1.557 -> -50 -> -1.07e9: 'still improving'
only to a reader who trusts the sign): a signed objective stays on its own scale (no healthy development run with a
negative loss comes near it); an error from 5 points on, a warning under.
A loss below zero whose magnitude at least doubles at every one of its last 3 prints (4+ prints below zero) is running
away, whatever its first value (a VAE's BCE on unnormalised targets: 1.7e7 -> 19.6 -> -13.4 -> -145 -> -683 -> -2291 ->
-6881): a bounded objective levels off at its floor (a Dice loss at -1, a WGAN critic, a mixture density's NLL), and
three doublings in a row are no scatter around one. An error from 5 points on, a warning under.
A climb (after a best, or from the start) beside a held-out task score (validation or test accuracy, F1, ...) that rose
at every one of its 4+ evaluations is not judged: the model improves on data it never trains on, so the loss is not
the per-example objective diverging (spaCy's summed NER loss 41 -> 8976 while ENTS_F climbs 3.7 -> 69.8). Blow-ups read
off the level (NaN, log(0) clipped, overflow, a final 10x jump, an unbounded signed loss) are judged all the same.
A ratio against a best (or start) of 0 or below is not printed as a number.
Whole numbers that grow by the same whole amount at every one of 4+ lines (200, 400, ..., 1800) are a counter printed
where a loss was expected (a table read without its header), not a loss that climbs: not judged.
"""


@dataclass(frozen=True)
class Options:
    min_points: int = opt(5, "fewer points are judged as an excerpt (signs only)")
    above_start: float = opt(0.3, "the end sits at least 30% of the start's magnitude above the start ...")
    explosion: float = opt(10.0, "... or at least 10x its best value, still near its maximum; a log ending on 10x "
                                 "anything before it is an explosion")
    noise_multiple: float = opt(5.0, "and the rise stands this many noise levels above the best")
    rising_share: float = opt(0.6, "most of the steps after the best go up")
    undone: float = opt(0.5, "... or the climb gave back at least half of what the fall from the start had gained "
                             "(the run unlearns toward its untrained level, e.g. 15.5 -> 1.43 -> 10.03), when it "
                             "rose at every step after the best and the log begins where training began")
    undone_steps: int = opt(3, "... over 3+ steps after the best (two rises in a row are a coin's luck one time in 4)")
    undone_reversals: float = opt(2.0, "... and rose by more than twice the largest step up seen during the fall (the "
                                       "best is a low draw, the end a high one: the climb clears the noise both ways)")
    undone_fall: float = opt(0.1, "... of a fall that was real: 10%+ of the start (below that the loss never moved: "
                                  "loss_not_decreasing's ground)")
    short_min_points: int = opt(3, "an excerpt of 3-4 points is judged by signs only ...")
    short_min_rises: int = opt(4, "... training and validation loss up at every step (4+ rises in all), accuracy "
                                  "not rising")
    single_min_rises: int = opt(3, "a training loss logged alone as epoch means: up at every one of 3+ epochs, ending "
                                   ">= 30% above its start")
    doubled: float = opt(2.0, "... or up at both of 2 epochs and ending at >= 2x its start (an epoch mean that doubles "
                              "twice running is no minibatch noise)")
    lr_event_share: float = opt(0.05, "a logged LR increase within 5% of the run of the climb's start is its cause")
    from_start_share: float = opt(0.1, "a best point within the first 10% of the run: rising from the start")
    from_start_rise: float = opt(0.1, "a training loss that climbs from its first points and ends >= 10% above its start "
                                      "(below the 30% of a climb after a minimum) is a run going the wrong way, when the "
                                      "climb is a trend over the whole log (t >= 3: the regression weighs it against the "
                                      "scatter) and no accuracy improves")
    start_intervals: float = opt(2.0, "'from the start' needs the start: the log's first point within 2 point "
                                      "intervals of step 0 (a pasted stretch of a run has no start to climb from)")
    trend_t: float = opt(3.0, "the upward trend's t (slope / standard error) for a climb from the start")
    score_evals: int = opt(4, "a held-out task score rising at every one of 4+ evaluations (three rises in a row: a "
                              "coin's luck one time in 8) says the model improves: a climbing loss beside it is no "
                              "divergence (a summed or re-weighted loss), except a blow-up judged by its level")
    log_zero_levels: tuple[float, ...] = opt(chance.LOG_ZERO_LEVELS,
                                             "-ln of the smallest float32 / float32 subnormal / float64: a loss that "
                                             "jumps onto one of them (caffe's 87.3365) is log(0) clipped, the model "
                                             "gives the true class probability 0 - a diverged network, from 2 points on")
    log_zero_tolerance: float = opt(1e-4, "relative distance to such a level that counts as sitting on it")
    chance_band: float = opt(0.05, "a climb whose last stretch sits within 5% of ln(C) (C named by the run) stopped at "
                                   "the constant-output level: stuck_at_chance's finding, not a loss growing")
    blown_level: float = opt(chance.LOG_ZERO_LEVELS[0], "a classifier's validation loss at or above -ln of float32's "
                                                        "smallest normal number (87.3365 nats) gives the average "
                                                        "example's true class a probability float32 cannot hold: "
                                                        "blown-up logits, not a model that is merely wrong")
    blown_vs_train: float = opt(10.0, "... and 10x or more the training loss beside it (an order of magnitude: the "
                                      "weights evaluated are not the ones the training loss describes)")
    unbounded: float = opt(1000.0, "a loss that crossed zero and ends at 1000x or more its first value's magnitude "
                                   "is unbounded: a signed objective (an ELBO, a negated score) moves on its own "
                                   "scale; three orders of magnitude past where it began, on the other side of zero, "
                                   "it is growing without bound, not improving")
    runaway_factor: float = opt(2.0, "a loss below zero whose magnitude at least doubles at each of its last prints "
                                     "is running away: a bounded objective levelling at its floor does not double "
                                     "even once near it, and noise around a level halves as often as it doubles")
    runaway_prints: int = opt(3, "... at every one of its last 3 prints (the print before them below zero too): "
                                 "three doublings in a row, not one lucky draw")
    overflow_level: float = opt(math.sqrt(float(np.finfo(np.float32).max)),
                                "a loss at or above the square root of float32's largest number (1.8e19) has squares "
                                "that overflow float32 (an optimiser's squared gradients, an MSE's square): the updates "
                                "computed from it are inf - the run has diverged, whatever its trend, from 1 point on")


@dataclass(frozen=True)
class Shape:
    """The numbers of a curve's climb after its best point."""

    best_index: int
    best: float
    end: float  # median of the last 10%
    top: float  # highest point after the best
    rise: float  # end - best
    rising_share: float  # share of steps after the best that go up
    rate: float  # growth per point of the log-loss after the best (nan when undefined)

    @property
    def growth_vs_best(self) -> float:
        return self.end / self.best if self.best > 0 else float("nan")


@dataclass(frozen=True)
class Evidence:
    c: Curve  # the training (or only) loss, 3+ points
    shape: Shape | None  # its climb, when it has one (5+ points)
    others: tuple[tuple[str, np.ndarray], ...]  # the validation loss beside it (for an excerpt)
    accuracy_rose: bool  # an accuracy improved over the excerpt
    accuracy_note: tuple[str, float, float] | None  # (key, first, last) of the accuracy shown
    lr_rises: np.ndarray  # logged LR restarts / warm-up ends
    lr_decayed: bool
    frozen_chance: int | None = None  # C when the log ends frozen on ln(C) to its printed digits (3+ lines)
    # one player's loss in an adversarial game the run logs (a GAN's d_loss beside its g_loss): either loss rises
    # whenever the other network gets better, so a slow climb from the start is the game, not a run going the wrong
    # way (a blow-up, a clipped log(0) or an overflow still is a divergence)
    game: bool = False
    # (key, last validation loss, training loss beside it) when a classifier's validation loss ends blown up
    val_blown: tuple[str, float, float] | None = None
    chance_loss: float | None = None  # ln(C) when the run names C (given, a first loss at ln C, an accuracy floor)
    # (key, first, last) of a held-out task score (F1, accuracy) that rose at every one of its 4+ evaluations: the
    # model gets better on data it does not train on, so a climbing loss is not the objective diverging
    held_out_rising: tuple[str, float, float] | None = None


def shape_of(c: Curve) -> Shape | None:
    sm = c.smooth
    b = int(np.argmin(sm))
    if c.m - 1 - b < 2:
        return None
    y_best = float(c.y[: b + 1].min())
    k = max(1, int(round(0.1 * c.m)))
    end = float(np.median(c.y[-k:]))
    tail = c.y[b:]
    rate = float("nan")
    if y_best > 0 and np.all(tail > 0) and tail.size >= 3:
        slope, _ = stats.ols_slope(np.arange(tail.size, dtype=np.float64), np.log(tail))
        rate = float(np.expm1(slope))
    return Shape(b, y_best, end, float(np.max(c.y[b:])), end - y_best, stats.monotone_share(c.y[b:], increasing=True),
                 rate)


def diverges(sh: Shape, c: Curve, o: Options) -> bool:
    if _undone(sh, c, o):
        return True
    if sh.rise <= o.noise_multiple * c.noise or sh.rise <= 0:
        return False
    above_start = sh.end - c.start >= o.above_start * abs(c.start) and abs(c.start) > 0
    exploded = sh.best > 0 and sh.end / sh.best >= o.explosion and sh.end >= 0.5 * sh.top
    rising = sh.rising_share >= o.rising_share or sh.end >= 0.8 * sh.top
    return (above_start or exploded) and rising


def _undone(sh: Shape, c: Curve, o: Options) -> bool:
    """The climb after the best gave back `undone` of a real fall from the start (10%+ of its magnitude), rising at
    every one of its 3+ steps to the end, by more than twice the largest step up seen while it fell, in a log that
    begins at the start of training: the model unlearns what it learned. Noise reverses: the fall's largest step up
    is how far one draw lands from another; the best is the lowest draw and the end one more, so a climb that never
    reverses and clears that both ways is no noise (a short log's noise level read off
    its second differences is the bend itself). The start is the untrained level: a pasted stretch of a run, whose
    first value is already a trained level, has no such reference."""
    drop = c.start - sh.best
    b = sh.best_index
    if drop < o.undone_fall * abs(c.start) or c.m - 1 - b < o.undone_steps or sh.end - sh.best < o.undone * drop:
        return False
    if not bool(np.all(np.diff(c.y[b:]) > 0)) or not begins_at_start(c.x, o.start_intervals):
        return False
    ups = np.diff(c.y[: b + 1])
    return sh.end - sh.best > o.undone_reversals * float(ups.max(initial=0.0))


def wandered_back(sh: Shape, c: Curve, o: Options) -> bool:
    """A log that begins in the middle of a run (no untrained level at its start) whose climb ends no more than one
    noise level above the highest value it printed before its best: the loss is wandering within the range it already
    visited (a converged run's noisy epochs, 0.131, 0.216, ... 0.108, ..., 0.219), not leaving it. A divergence leaves
    every level the excerpt has seen; from the start of a run the start is that reference (`diverges`)."""
    if begins_at_start(c.x, o.start_intervals) or sh.best_index < 1:
        return False
    return sh.end <= float(np.max(c.y[: sh.best_index])) + c.noise


def assess(c: Curve, o: Options | None = None) -> dict[str, float] | None:
    """The divergence numbers of a curve, or None when it does not diverge (shared with train_loss_rebound)."""
    o = o or Options()
    sh = shape_of(c)
    if sh is None or not diverges(sh, c, o):
        return None
    return {"best_index": sh.best_index, "best": sh.best, "end": sh.end, "top": sh.top, "rise": sh.rise,
            "growth_vs_best": sh.growth_vs_best,
            "growth_vs_start": sh.end / c.start if c.start > 0 else float("nan"), "rate": sh.rate}


def _val_blown(ctx: Context, o: Options) -> tuple[str, float, float] | None:
    """(key, last value, training loss beside it) when a classifier's validation loss ends on its highest value, at
    or above `blown_level` and `blown_vs_train` times the last training loss at or before that evaluation.

    A mean cross-entropy of 87+ nats means the true classes got probabilities below float32's smallest normal number
    on average: the log-softmax computed it from logits thousands apart, weights blown up by oversized steps. The
    training loss beside it, an order of magnitude lower, was averaged over the steps before the blow-up finished.
    Only where an accuracy or error rate is logged: the loss is then a classifier's cross-entropy (a regression's
    squared error has no such ceiling)."""
    val, train = ctx.run.find(Kind.LOSS, Split.VAL), ctx.run.find(Kind.LOSS, Split.TRAIN)
    if val is None or train is None or not chance.accuracy_series(ctx.run):
        return None
    ok = np.isfinite(val.values)
    if not ok.any() or not ok[-1]:
        return None
    last, at = float(val.values[-1]), float(val.steps[-1])
    if last < o.blown_level or last < float(np.max(val.values[ok])):
        return None
    before = np.isfinite(train.values) & (train.steps <= at)
    if not before.any():
        return None
    tr = float(train.values[before][-1])
    return (val.key, last, tr) if 0 < tr and last >= o.blown_vs_train * tr else None


def counter(y: np.ndarray, min_steps: int = 4) -> bool:
    """Whole numbers that grow by the same whole amount at every line (200, 400, ..., 1800; 4+ increments): a counter
    (steps, samples seen, an epoch index) printed where a loss was expected, not a measured loss - no training loss
    climbs by the same whole amount at every line."""
    v = y[np.isfinite(y)]
    if v.size < min_steps + 1 or not bool(np.all(v == np.round(v))):
        return False
    d = np.diff(v)
    return bool(d[0] >= 1 and np.all(d == d[0]))


def measure(ctx: Context, o: Options) -> Evidence | None:
    blown = _val_blown(ctx, o)
    c = ctx.loss_curve(2) or (ctx.loss_curve(1) if blown is not None else None)
    if c is None or counter(c.values):
        return None
    others = []
    val = ctx.run.find(Kind.LOSS, Split.VAL)
    if val is not None and val.key != c.key:
        vv = val.values[np.isfinite(val.values)]
        if vv.size >= 2:
            others.append((val.key, vv))
    if (c.m < o.short_min_points and _log_zero_jump(c, o) is None and not others and _overflowing(c, o) is None
            and blown is None):
        return None  # (2 points with a validation loss beside them: judged when both doubled, `_both_doubled`)
    rose, note = False, None
    for acc in (a for a in (ctx.run.find(Kind.ACCURACY, Split.VAL), ctx.run.find(Kind.ACCURACY, Split.TRAIN)) if a):
        av = acc.values[np.isfinite(acc.values)]
        if av.size >= 2:
            if av[-1] > av[0]:
                rose = True
            note = note or (acc.key, float(av[0]), float(av[-1]))
    sched = ctx.schedule
    rises = schedule.event_positions(sched, ("restart", "warmup_end"), c.axis, float(c.x[0]), float(c.x[-1]))
    given = ctx.options.num_classes if ctx.options.num_classes and ctx.options.num_classes >= 2 else None
    return Evidence(c, shape_of(c) if c.m >= o.min_points else None, tuple(others), rose, note, rises,
                    bool(sched is not None and sched.decayed),
                    chance.frozen_on_chance(c.values, given, decimals=c.series.decimals),
                    _adversarial.in_game(ctx.run, c.key), blown, _chance_loss(ctx, c), held_out_rising(ctx.run, o))


def held_out_rising(run: Run, o: Options) -> tuple[str, float, float] | None:
    """(key, first, last) of the run's own held-out task score (an accuracy or score such as F1 on the validation or
    test split) when it rose at every one of its `score_evals`+ evaluations. A loss that climbs while the model gets
    better on data it never trains on, at every evaluation, is not a per-example objective diverging (spaCy prints a
    summed loss that grows with the examples seen: NER loss 41 -> 8976 while ENTS_F climbs 3.7 -> 69.8); a divergence
    makes the predictions worse, and the held-out score falls with them."""
    for s in run.series:
        if s.kind not in (Kind.ACCURACY, Kind.SCORE) or s.split not in (Split.VAL, Split.TEST):
            continue
        v = s.values[np.isfinite(s.values)]
        if v.size >= o.score_evals and bool(np.all(np.diff(v) > 0)):
            return s.key, float(v[0]), float(v[-1])
    return None


def _chance_loss(ctx: Context, c: Curve) -> float | None:
    """ln(C) when the run names C (as stuck_at_chance reads it: a first loss names it only at the start of training)."""
    classes = ctx.classes(c.start if starts_at_start(c.series.steps, whole_epochs=c.axis == "epoch") else None)
    return classes.chance_loss if classes is not None else None


def settled_on_chance(e: Evidence, o: Options) -> bool:
    """The climb after the best ended on ln(C) and stayed there: the second half of the stretch after the best (3+
    points) has its median within `chance_band` of ln(C) and no upward trend (t < 3). A loss growing without bound does not stop at the
    constant-output level; one that rose onto it and sits there is a model collapsed to a constant guess
    (stuck_at_chance's finding: a first lucky batch at 0.51, then 0.69 +- 0.02 for the rest of a binary run)."""
    if e.chance_loss is None or e.shape is None:
        return False
    after = e.c.y[e.shape.best_index + 1:]
    half = after[after.size // 2:]
    if half.size < 3 or abs(float(np.median(half)) - e.chance_loss) > o.chance_band * e.chance_loss:
        return False
    slope, se = stats.ols_slope(np.arange(half.size, dtype=np.float64), half)
    return not (se > 0 and slope / se >= o.trend_t)  # no upward trend left: it stopped there


def _log_zero_jump(c: Curve, o: Options) -> tuple[float, float] | None:
    """(clipped level, lowest value before it) when the log ends on -ln of the smallest float (log(0) clipped: the
    softmax gave the true class probability 0) after a value well below it: the network diverged."""
    y = c.values
    if y.size < 2:
        return None
    last = float(y[-1])
    # (a print to 2 decimals, TF.js's 'loss=16.12', sits on 16.1181 within half its last digit)
    half_digit = 0.5 * stats.print_resolution(y[-1:], c.series.decimals)
    level = next((z for z in o.log_zero_levels if abs(last - z) <= max(o.log_zero_tolerance * z, half_digit)), None)
    if level is None:
        return None
    low = float(np.min(y))
    return (level, low) if low < 0.5 * level else None


def _from_start(e: Evidence, o: Options) -> tuple[float, float] | None:
    """(end / start, t) when a training loss climbs from its first points: its best point within the first 10% of the
    run, a significant upward trend over the whole log (t >= 3), ending >= 10% above its start, no accuracy improving.
    Between a flat loss (within 10% of its start) and a climb after a minimum (30%), a loss that only ever got worse
    from where it began is a run going the wrong way."""
    c, sh = e.c, e.shape
    if sh is None or c.series.split is not Split.TRAIN or e.accuracy_rose or c.start <= 0 or e.game:
        return None
    if not begins_at_start(c.x, o.start_intervals):
        return None  # a few batch losses from the middle of a run drift up and down with the batches: no start seen
    if sh.best_index > max(1, int(o.from_start_share * c.m)) or sh.end < (1 + o.from_start_rise) * c.start:
        return None
    slope, se = stats.ols_slope(np.arange(c.m, dtype=np.float64), c.y)
    t = slope / se if se > 0 and np.isfinite(se) else 0.0
    return (sh.end / c.start, float(t)) if t >= o.trend_t else None


def _final_jump(c: Curve, o: Options) -> tuple[float, float] | None:
    """(last value, highest before it) when the log ends on a value >= 10x anything before it and its start."""
    y = c.values
    if y.size < o.short_min_points or y[-1] <= 0:
        return None
    before = float(np.max(y[:-1]))
    if before <= 0 or y[-1] < o.explosion * before or y[-1] < o.explosion * abs(float(y[0])):
        return None
    return float(y[-1]), before


def _unbounded(c: Curve, o: Options) -> tuple[float, float] | None:
    """(first value, end) when the loss crossed zero and its end (median of the last 10% of the view) is `unbounded`
    times its first value's magnitude or more: it left its own scale on the other side of zero. A loss that falls
    below 0 and keeps its scale (an ELBO, a negated Dice) is not this; one three orders of magnitude past its start
    is a quantity growing without bound (a log-likelihood of a density whose scale collapsed)."""
    y = c.values
    if y.size < o.short_min_points or float(y[0]) == 0.0:
        return None
    first = float(y[0])
    k = max(1, int(round(0.1 * c.m)))
    end = float(np.median(c.y[-k:]))
    if np.sign(end) == np.sign(first) or abs(end) < o.unbounded * abs(first):
        return None
    return first, end


def _running_away(c: Curve, o: Options) -> tuple[float, float, float] | None:
    """(value before the run-away, last value, smallest growth factor) when the last `runaway_prints` + 1 points of
    the view are all below zero and the magnitude grows by `runaway_factor` or more at each of the last
    `runaway_prints` of them: a loss driven to minus infinity (an NLL or BCE with no floor on its inputs), not one
    settling at a floor. The factor is scale-free: -0.01 -> -0.02 -> ... and -700 -> -1400 -> ... alike."""
    k = o.runaway_prints
    y = c.y
    if y.size < k + 1:
        return None
    tail = y[-(k + 1):]
    if not bool(np.all(tail < 0)):
        return None
    growth = np.abs(tail[1:]) / np.abs(tail[:-1])
    low = float(np.min(growth))
    return (float(tail[0]), float(tail[-1]), low) if low >= o.runaway_factor else None


def _rises(e: Evidence, o: Options | None = None) -> int | None:
    """Rises in a row across the training and validation loss of an excerpt, when both rise at every step; or, for
    a training loss logged alone as epoch means (each an average over a whole epoch, not minibatch noise), when it
    rises at every epoch and ends at least `above_start` of its start above it."""
    o = o or Options()
    curves = [e.c.y] + [y for _, y in e.others]
    if not all(np.all(np.diff(y) > 0) for y in curves):
        return None
    if len(curves) < 2:
        y = e.c.y
        epoch_means = e.c.axis == "epoch" and e.c.bin_size == 1 and y[0] > 0
        steady = y[-1] >= (1 + o.above_start) * y[0] and y.size - 1 >= o.single_min_rises
        doubled = y[-1] >= o.doubled * y[0] and y.size - 1 >= o.short_min_points - 1
        if not (epoch_means and (steady or doubled)):
            return None
    return sum(y.size - 1 for y in curves)


def _both_doubled(e: Evidence, o: Options) -> float | None:
    """The smaller growth (end / start) when the training and the validation loss of an excerpt both rose at every
    step and each ended at `doubled` times its start or more: two losses measured on different data doubling together
    is no minibatch noise, from 2 points on (a validation pass is a function of the weights only)."""
    curves = [e.c.y] + [y for _, y in e.others]
    if len(curves) < 2 or not all(y.size >= 2 and y[0] > 0 and np.all(np.diff(y) > 0) for y in curves):
        return None
    growth = min(float(y[-1] / y[0]) for y in curves)
    return growth if growth >= o.doubled else None


def _overflowing(c: Curve, o: Options) -> float | None:
    """The last loss when its magnitude is at or above `overflow_level` (finite), else None."""
    last = float(c.values[-1])
    return last if math.isfinite(last) and abs(last) >= o.overflow_level else None


def judge(e: Evidence, o: Options) -> Verdict | None:
    v = _judge_shape(e, o)
    if v is None and e.val_blown is not None:
        _, last, tr = e.val_blown
        n = int(e.c.values.size)
        return Verdict(Severity.WARNING, confidence(math.log10(last / tr), 1.0, max(n, 2)),
                       settle_more(n, e.c.unit, Text("of both losses", "的两条损失")), reading="val_blown")
    if v is not None or _overflowing(e.c, o) is None:
        return v
    # no climb to show (a few points, drifting down from an astronomical level): the level alone says it diverged
    n = int(e.c.values.size)
    return Verdict(Severity.ERROR if n >= o.short_min_points else Severity.WARNING, confidence(math.inf, 1.0, n),
                   settle_more(n, e.c.unit, Text("of the same loss", "相同的损失")), reading="overflow")


def _judge_shape(e: Evidence, o: Options) -> Verdict | None:
    c = e.c
    if e.frozen_chance is not None:
        return None  # it stopped growing: frozen on ln(C) to the printed digits, a constant output (stuck_at_chance)
    if c.m < o.short_min_points and _log_zero_jump(c, o) is None:
        doubled = _both_doubled(e, o)
        if doubled is None or e.accuracy_rose:
            return None
        return Verdict(Severity.WARNING, confidence(doubled, o.doubled, c.m),
                       settle_more(c.m, c.unit, Text("of both losses", "的两条损失")), reading="both_rising_excerpt")
    clipped = _log_zero_jump(c, o)
    if clipped is not None:
        return Verdict(Severity.ERROR, confidence(math.inf, 1.0, c.values.size),
                       settle_more(c.values.size, c.unit, Text("after it", "之后")) if c.values.size < 3 else None,
                       reading="log_zero")
    jump = _final_jump(c, o)
    if jump is not None:
        return Verdict(Severity.ERROR, confidence(math.log10(jump[0] / jump[1]), 1.0, c.values.size),
                       reading="final_explosion")
    gone = _unbounded(c, o)
    if gone is not None:
        n = int(c.values.size)
        return Verdict(Severity.ERROR if c.m >= o.min_points else Severity.WARNING,
                       confidence(math.log10(abs(gone[1] / gone[0])), math.log10(o.unbounded), c.m),
                       settle_more(c.m, c.unit, Text("of the same loss", "相同的损失")) if n < o.min_points else None,
                       reading="unbounded")
    away = _running_away(c, o)
    if away is not None:
        return Verdict(Severity.ERROR if c.m >= o.min_points else Severity.WARNING,
                       confidence(math.log2(away[2]) * o.runaway_prints, o.runaway_prints, c.m),
                       settle_more(c.m, c.unit, Text("of the same loss", "相同的损失")) if c.m < o.min_points else None,
                       reading="running_away")
    if c.m < o.min_points:
        rises = _rises(e, o)
        if (rises is None or (rises < o.short_min_rises and e.others and _both_doubled(e, o) is None)
                or e.accuracy_rose):
            return None  # an improving accuracy: a rising loss is over-confidence, not divergence
        return Verdict(Severity.WARNING, confidence(float(rises), float(o.short_min_rises), c.m),
                       settle_more(c.m, c.unit, Text("of both losses", "的两条损失")), reading="both_rising_excerpt")
    if e.shape is None:
        return None
    if wandered_back(e.shape, c, o):
        return None  # a stretch from the middle of a run, climbing back into the range it already wandered through
    if settled_on_chance(e, o):
        return None  # it rose onto ln(C) and stays there: a constant output (stuck_at_chance), not a growing loss
    if e.held_out_rising is not None:
        return None  # the held-out score improves at every evaluation: the model is getting better, not diverging
    if not diverges(e.shape, c, o):
        climb = _from_start(e, o)
        if climb is None:
            return None
        return Verdict(Severity.WARNING, confidence(climb[1], o.trend_t, c.m),
                       settle_more(c.m, c.unit, Text("of the same loss", "相同的损失")), reading="from_start")
    z = e.shape.rise / c.noise if c.noise > 0 else float("inf")
    return Verdict(Severity.ERROR, confidence(z, o.noise_multiple, c.m), reading="diverged")


def explain(e: Evidence, v: Verdict, o: Options) -> Finding:
    if v.reading == "final_explosion":
        return _explain_jump(e, v, o)
    if v.reading == "overflow":
        return _explain_overflow(e, v, o)
    if v.reading == "unbounded":
        return _explain_unbounded(e, v, o)
    if v.reading == "running_away":
        return _explain_running_away(e, v, o)
    if v.reading == "val_blown":
        return _explain_val_blown(e, v, o)
    if v.reading == "log_zero":
        return _explain_log_zero(e, v, o)
    if v.reading == "from_start":
        return _explain_from_start(e, v, o)
    if v.reading == "both_rising_excerpt":
        return _explain_excerpt(e, v, o)
    c = e.c
    a = assess(c, o)
    assert a is not None
    b = int(a["best_index"])
    best_x, end_x = c.fmt_x(b), float(c.x[-1])
    u_en, u_zh = c.unit
    tol = max(1.0, o.lr_event_share * (end_x - float(c.x[0])))
    lr_rise = schedule.near(best_x, e.lr_rises, tol)
    from_start = b <= max(1, int(o.from_start_share * c.m))
    exploded = np.isfinite(a["growth_vs_best"]) and a["growth_vs_best"] >= o.explosion
    per_en = f"{u_en}" if c.bin_size == 1 else f"{c.bin_size} {u_en}s"
    rate_txt = (f", about {a['rate'] * 100:+.0f}% per {per_en}" if np.isfinite(a["rate"]) else "")
    causes = [
        Cause("lr_too_high", 0.65 if lr_rise else 0.55,
              Text(f"the climb began at the LR increase near {u_en} {best_x:g}" if lr_rise else
                   "steps too large overshoot the minimum and each overshoot makes the next gradient larger",
                   f"上升始于第 {best_x:g} {u_zh}附近的学习率上升" if lr_rise else "步长过大会越过极小值，每次越过都使下一次梯度更大"),
              None if not e.lr_decayed else
              Text("the learning rate was already decayed", "学习率已经衰减过")),
        Cause("exploding_gradients", 0.55 if exploded else 0.35,
              Text(f"the loss grew {a['growth_vs_best']:.3g}x from its best" if exploded else
                   "a growing loss usually comes with growing gradient norms",
                   f"损失比最佳值增长了 {a['growth_vs_best']:.3g} 倍" if exploded else "损失增长通常伴随梯度范数增长")),
        Cause("unnormalized_input", 0.2, Text("large raw inputs make large activations and gradients",
                                              "未归一化的大输入导致大激活和大梯度")),
    ]
    if from_start:
        causes.append(Cause("bad_initialization", 0.25,
                            Text("the loss rose from the very first evaluation", "损失从第一次评估起就在上升")))
        causes.append(Cause("label_or_loss_misconfig", 0.15,
                            Text("a loss that rises from the start can be optimising the wrong objective (sign, "
                                 "labels)", "从一开始就上升的损失可能在优化错误的目标（符号、标签）")))
    return Finding(
        code="LD107", name="divergence", severity=v.severity,
        message=Text(
            f"{c.key} diverged: best {a['best']:.4g} at {u_en} {best_x:g}, then it climbed to {a['end']:.4g} by "
            f"{u_en} {end_x:g} ({_times(a['growth_vs_best'], 'its best')}, {_times(a['growth_vs_start'], 'its start')}"
            f"{rate_txt}).",
            f"{c.key} 发散：第 {best_x:g} {u_zh}最佳 {a['best']:.4g}，之后上升到第 {end_x:g} {u_zh}的 {a['end']:.4g}"
            f"（{_times_zh(a['growth_vs_best'], '最佳值')}、{_times_zh(a['growth_vs_start'], '初始值')}）。"),
        span=Span(c.axis, best_x, end_x),
        evidence={"best_" + u_en: best_x, "loss_at_best": a["best"], "loss_at_end": a["end"],
                  "loss_at_start": c.start, "growth_vs_best": a["growth_vs_best"],
                  "growth_vs_start": a["growth_vs_start"], "growth_rate_per_" + ("point" if c.bin_size > 1 else u_en): a["rate"],
                  "noise": c.noise, "rise_in_noise_levels": a["rise"] / c.noise if c.noise > 0 else float("inf"),
                  "rising_from_start": from_start, "lr_rise_at_start_of_climb": lr_rise},
        causes=tuple(causes),
        fixes=(lower_lr(), gradient_clipping(), lr_warmup(), normalize_inputs()),
        series=(c.key,),
        marks=(Mark("best_" + u_en, (best_x,)),),
        experiment=Text(f"Restart from the checkpoint at {u_en} {best_x:g} with the learning rate halved and "
                        "gradient clipping on, for two epochs, with gradient-norm probes attached: if the loss now "
                        "falls and the gradient norm stays flat, the step size was the cause.",
                        f"从第 {best_x:g} {u_zh}的检查点重新开始，学习率减半并开启梯度裁剪，训练两轮并挂上梯度范数探针："
                        "若损失下降且梯度范数平稳，原因就是步长过大。"),
    )


def _times(ratio: float, what: str) -> str:
    """'12.3x its best'; a ratio against a reference of 0 (or below) has no value, and says so instead of 'nanx'."""
    return f"{ratio:.3g}x {what}" if np.isfinite(ratio) else f"no ratio to {what}, which is not above 0"


def _times_zh(ratio: float, what: str) -> str:
    return f"为{what}的 {ratio:.3g} 倍" if np.isfinite(ratio) else f"{what}不大于 0，无法计算倍数"


def _explain_overflow(e: Evidence, v: Verdict, o: Options) -> Finding:
    c, y = e.c, e.c.values
    x0, x1 = float(c.steps[0]), float(c.steps[-1])
    return Finding(
        code="LD107", name="divergence", severity=v.severity,
        message=Text(f"{c.key} is {y[-1]:.3g} at {c.unit[0]} {x1:g}, beyond {o.overflow_level:.2g} (the square root of "
                     "float32's largest number): its square overflows, so the gradient statistics and updates computed "
                     "from it are inf - the run has diverged, whichever way the loss drifts now.",
                     f"{c.key} 在第 {x1:g} {c.unit[1]}为 {y[-1]:.3g}，超过 {o.overflow_level:.2g}（float32 最大值的平方根）："
                     "它的平方会溢出，由它计算的梯度统计和更新都是 inf——无论损失现在往哪个方向走，训练都已发散。"),
        span=Span(c.axis, x0, x1),
        evidence={"loss_at_end": float(y[-1]), "overflow_level": o.overflow_level, "points": int(y.size),
                  "pattern": "overflow"},
        causes=(Cause("lr_too_high", 0.6, Text("oversized steps threw the weights out of any basin",
                                               "步长过大，把权重抛出了任何谷底")),
                Cause("exploding_gradients", 0.55, Text(f"a loss of {y[-1]:.3g} comes from weights or activations that "
                                                        "grew without bound", f"{y[-1]:.3g} 的损失来自无限增长的权重或激活")),
                Cause("unnormalized_input", 0.2, Text("raw, unscaled inputs multiply through the layers",
                                                      "未缩放的原始输入在各层间成倍放大"))),
        fixes=(lower_lr(), gradient_clipping(), lr_warmup()),
        series=(c.key,))


def _explain_unbounded(e: Evidence, v: Verdict, o: Options) -> Finding:
    c = e.c
    got = _unbounded(c, o)
    assert got is not None
    first, end = got
    x0, x1 = float(c.steps[0]), float(c.steps[-1])
    u_en, u_zh = c.unit
    ratio = abs(end / first)
    return Finding(
        code="LD107", name="divergence", severity=v.severity,
        message=Text(f"{c.key} crossed zero and kept going: {first:.4g} at {u_en} {x0:g}, about {end:.3g} at the end "
                     f"({ratio:.3g}x its first value's magnitude). A loss on the other side of zero three orders of "
                     "magnitude past where it began is growing without bound, not improving.",
                     f"{c.key} 越过零后一路增长：第 {x0:g} {u_zh}为 {first:.4g}，末尾约为 {end:.3g}（是首个值量级的 "
                     f"{ratio:.3g} 倍）。越过零、比起点大三个数量级以上的损失是在无界增长，而不是在变好。"),
        span=Span(c.axis, x0, x1),
        evidence={"loss_at_start": first, "loss_at_end": end, "growth_vs_start": ratio, "points": int(c.values.size),
                  "pattern": "unbounded"},
        causes=(Cause("label_or_loss_misconfig", 0.55, Text(
                    "a term that can go below zero without a floor (a log-density whose scale collapses, a raw output "
                    "fed to a negative log-likelihood) lets the optimiser drive the loss to minus infinity",
                    "某个可以无下界地小于零的项（尺度塌缩的对数密度、直接送入负对数似然的原始输出）让优化器把损失推向负无穷")),
                Cause("lr_too_high", 0.4, Text("oversized steps throw the weights to where that term runs away",
                                               "步长过大，把权重推到该项失控的区域")),
                Cause("exploding_gradients", 0.35, Text(f"the loss's magnitude grew {ratio:.3g}x",
                                                        f"损失的量级增长了 {ratio:.3g} 倍"))),
        fixes=(lower_lr(), gradient_clipping(), lr_warmup()),
        series=(c.key,))


def _explain_running_away(e: Evidence, v: Verdict, o: Options) -> Finding:
    c = e.c
    got = _running_away(c, o)
    assert got is not None
    before, last, low = got
    k = o.runaway_prints
    x0, x1 = float(c.x[-(k + 1)]), float(c.x[-1])
    u_en, u_zh = c.unit
    return Finding(
        code="LD107", name="divergence", severity=v.severity,
        message=Text(f"{c.key} is running away below zero: {before:.4g} at {u_en} {x0:g}, {last:.4g} at {u_en} {x1:g}, "
                     f"its magnitude growing {low:.3g}x or more at each of the last {k} prints. A bounded loss levels "
                     "off at its floor; one that keeps doubling below zero has no floor and is diverging, not "
                     "improving.",
                     f"{c.key} 在零以下失控：第 {x0:g} {u_zh}为 {before:.4g}，第 {x1:g} {u_zh}为 {last:.4g}，最后 {k} 次"
                     f"输出的量级每次至少增长 {low:.3g} 倍。有界的损失会停在下界；在零以下不断翻倍的损失没有下界，是在发散，"
                     "而不是在变好。"),
        span=Span(c.axis, x0, x1),
        evidence={"loss_before": before, "loss_at_end": last, "min_growth_per_print": low, "prints": k,
                  "points": int(c.values.size), "pattern": "running_away"},
        causes=(Cause("label_or_loss_misconfig", 0.55, Text(
                    "a term with no floor (a BCE or NLL fed targets or outputs outside its range, a log-density whose "
                    "scale collapses) lets the optimiser drive the loss to minus infinity",
                    "某个没有下界的项（目标或输出超出范围的 BCE / NLL、尺度塌缩的对数密度）让优化器把损失推向负无穷")),
                Cause("lr_too_high", 0.35, Text("oversized steps throw the weights to where that term runs away",
                                                "步长过大，把权重推到该项失控的区域")),
                Cause("unnormalized_input", 0.3, Text("targets outside [0, 1] make a binary cross-entropy unbounded "
                                                      "below", "超出 [0, 1] 的目标使二元交叉熵无下界"))),
        fixes=(lower_lr(), gradient_clipping(), lr_warmup()),
        series=(c.key,))


def _explain_val_blown(e: Evidence, v: Verdict, o: Options) -> Finding:
    assert e.val_blown is not None
    key, last, tr = e.val_blown
    c = e.c
    x = float(c.steps[-1])
    return Finding(
        code="LD107", name="divergence", severity=v.severity,
        message=Text(f"{key} ends at {last:.4g}, {last / tr:.3g}x the training loss beside it ({tr:.4g}) and above "
                     f"{o.blown_level:.6g} (-ln of float32's smallest normal number): a classifier's mean cross-entropy "
                     "that high gives the true classes a probability below anything float32 holds, which only blown-up "
                     "logits produce - the steps were far too large.",
                     f"{key} 最终为 {last:.4g}，是对应训练损失（{tr:.4g}）的 {last / tr:.3g} 倍，且高于 {o.blown_level:.6g}"
                     "（-ln(float32 最小正规数)）：分类器的平均交叉熵这么高，说明真实类别的概率低于 float32 能表示的范围，"
                     "只有爆炸的 logits 才会如此——步长过大。"),
        span=Span(c.axis, x, x),
        evidence={"validation_loss_at_end": last, "training_loss_beside": tr, "ratio_to_training": last / tr,
                  "blown_level": o.blown_level, "pattern": "validation_blown_up"},
        causes=(Cause("lr_too_high", 0.7, Text("oversized updates blow the logits up within the first epoch",
                                               "过大的更新在第一轮内就让 logits 爆炸")),
                Cause("exploding_gradients", 0.4, Text("the weights grew without bound between evaluations",
                                                       "两次评估之间权重无限增长")),
                Cause("unnormalized_input", 0.2, Text("raw, unscaled inputs multiply through the layers",
                                                      "未缩放的原始输入在各层间成倍放大"))),
        fixes=(lower_lr(), gradient_clipping(), lr_warmup()),
        series=(c.key, key))


def _explain_jump(e: Evidence, v: Verdict, o: Options) -> Finding:
    c, y = e.c, e.c.values
    before = float(np.max(y[:-1]))
    x_best = float(c.steps[int(np.argmin(y[:-1]))])
    x_end = float(c.steps[-1])
    u_en, u_zh = c.unit
    growth = float(y[-1] / max(float(np.min(y[:-1])), 1e-300))
    return Finding(
        code="LD107", name="divergence", severity=v.severity,
        message=Text(f"{c.key} exploded at the end: {y[-1]:.4g} at {u_en} {x_end:g}, {y[-1] / before:.3g}x the "
                     f"highest value before it ({before:.4g}) and {growth:.3g}x its best.",
                     f"{c.key} 在末尾爆炸：第 {x_end:g} {u_zh}为 {y[-1]:.4g}，是此前最高值（{before:.4g}）的 "
                     f"{y[-1] / before:.3g} 倍、最佳值的 {growth:.3g} 倍。"),
        span=Span(c.axis, x_best, x_end),
        evidence={"loss_at_end": float(y[-1]), "highest_before": before, "growth_vs_best": growth,
                  "points": int(y.size), "pattern": "final_explosion"},
        causes=(Cause("lr_too_high", 0.6, Text("steps too large throw the model out of its basin in one update",
                                               "步长过大，一次更新就把模型抛出谷底")),
                Cause("exploding_gradients", 0.5, Text(f"the loss grew {growth:.3g}x in one logged interval",
                                                       f"损失在一个记录间隔内增长了 {growth:.3g} 倍"))),
        fixes=(lower_lr(), gradient_clipping(), lr_warmup()),
        series=(c.key,))


def _explain_log_zero(e: Evidence, v: Verdict, o: Options) -> Finding:
    c, y = e.c, e.c.values
    got = _log_zero_jump(c, o)
    assert got is not None
    level, low = got
    i_low = int(np.argmin(y))
    x_low, x_end = float(c.steps[i_low]), float(c.steps[-1])
    u_en, u_zh = c.unit
    eps = level < 20.0  # -ln(1e-7): the epsilon Keras / TensorFlow clip a probability to, not the smallest float
    what_en = ("-ln(1e-7), the epsilon Keras and TensorFlow clip a probability to" if eps
               else "-ln of the smallest floating-point number")
    what_zh = "-ln(1e-7)，即 Keras / TensorFlow 截断概率所用的 epsilon" if eps else "-ln(最小浮点数)"
    return Finding(
        code="LD107", name="divergence", severity=v.severity,
        message=Text(f"{c.key} jumped from {low:.4g} ({u_en} {x_low:g}) to {y[-1]:.6g} ({u_en} {x_end:g}): {level:.6g} is "
                     f"{what_en}, the loss of log(0) clipped - the model gives the true "
                     "class probability 0, the usual sign of a network whose logits blew up.",
                     f"{c.key} 从 {low:.4g}（第 {x_low:g} {u_zh}）跳到 {y[-1]:.6g}（第 {x_end:g} {u_zh}）：{level:.6g} 是"
                     f"{what_zh}，即被截断的 log(0)——模型给真实类别的概率为 0，这是 logits 爆炸、网络发散的典型信号。"),
        span=Span(c.axis, x_low, x_end),
        evidence={"loss_at_end": float(y[-1]), "clipped_log_zero": level, "lowest_before": low, "points": int(y.size),
                  "pattern": "clipped_log_zero"},
        causes=(Cause("lr_too_high", 0.65, Text("oversized updates blow the logits up until the softmax underflows",
                                                "过大的更新让 logits 爆炸，直到 softmax 下溢")),
                Cause("exploding_gradients", 0.45, Text("the logits blew up: the clipped loss hides a divergence",
                                                        "logits 爆炸：被截断的损失掩盖了发散")),
                Cause("label_or_loss_misconfig", 0.2, Text("labels outside the output's classes also give log(0)",
                                                           "超出输出类别范围的标签也会得到 log(0)"))),
        fixes=(lower_lr(), gradient_clipping(), lr_warmup()),
        series=(c.key,))


def _explain_from_start(e: Evidence, v: Verdict, o: Options) -> Finding:
    c = e.c
    got = _from_start(e, o)
    assert got is not None and e.shape is not None
    ratio, t = got
    u_en, u_zh = c.unit
    x0, x1 = float(c.x[0]), float(c.x[-1])
    return Finding(
        code="LD107", name="divergence", severity=v.severity,
        message=Text(f"{c.key} got worse from the start: {c.start:.4g} at {u_en} {x0:g}, {e.shape.end:.4g} by {u_en} "
                     f"{x1:g} ({ratio - 1:+.0%}), a steady climb (trend t = {t:.1f}) that never went below its first "
                     "points: the updates push the model away from a minimum.",
                     f"{c.key} 从一开始就在变差：第 {x0:g} {u_zh}为 {c.start:.4g}，到第 {x1:g} {u_zh}为 {e.shape.end:.4g}"
                     f"（{ratio - 1:+.0%}），持续上升（趋势 t = {t:.1f}），从未低于最初的值：更新正把模型推离极小值。"),
        span=Span(c.axis, x0, x1),
        evidence={"loss_at_start": c.start, "loss_at_end": e.shape.end, "growth_vs_start": ratio, "trend_t": t,
                  "noise": c.noise, "points": c.m, "pattern": "rising_from_start"},
        causes=(Cause("lr_too_high", 0.6, Text("steps too large climb out of the minimum on every update",
                                               "步长过大，每次更新都爬出极小值")),
                Cause("exploding_gradients", 0.3, Text("growing gradients make every step larger",
                                                       "梯度增长使每一步更大")),
                Cause("label_or_loss_misconfig", 0.25, Text("a loss that rises from the start can be optimising the "
                                                            "wrong objective (sign, labels)",
                                                            "从一开始就上升的损失可能在优化错误的目标（符号、标签）"))),
        fixes=(lower_lr(), gradient_clipping(), lr_warmup()),
        series=(c.key,))


def _explain_excerpt(e: Evidence, v: Verdict, o: Options) -> Finding:
    c = e.c
    curves = [c.y] + [y for _, y in e.others]
    keys = [c.key] + [k for k, _ in e.others]
    rises = _rises(e, o) or 0
    acc_txt_en = acc_txt_zh = ""
    if e.accuracy_note is not None:
        k, a0, a1 = e.accuracy_note
        acc_txt_en, acc_txt_zh = f"; {k} {a0:.4g} -> {a1:.4g}", f"；{k} {a0:.4g} -> {a1:.4g}"
    u_en, u_zh = c.unit
    x0, x1 = float(c.x[0]), float(c.x[-1])
    ups = ", ".join(f"{k} {y[0]:.4g} -> {y[-1]:.4g}" for k, y in zip(keys, curves))
    return Finding(
        code="LD107", name="divergence", severity=v.severity,
        message=Text(f"Every {u_en} from {x0:g} to {x1:g} made {'both losses' if e.others else 'the loss'} worse "
                     f"({ups}){acc_txt_en}: the updates are pushing the model away from a minimum.",
                     f"从第 {x0:g} 到 {x1:g} {u_zh}，每一{u_zh}{'两条损失都' if e.others else '损失都'}在变差（{ups}）"
                     f"{acc_txt_zh}：更新正把模型推离极小值。"),
        span=Span(c.axis, x0, x1),
        evidence={"rising_steps": rises, "loss_at_start": c.start, "loss_at_end": float(c.y[-1]),
                  "series_rising": keys, "points": c.m, "pattern": "both_rising_excerpt"},
        causes=(Cause("lr_too_high", 0.6, Text("steps too large climb out of the minimum on every update",
                                               "步长过大，每次更新都爬出极小值")),
                Cause("exploding_gradients", 0.3, Text("growing gradients make every step larger",
                                                       "梯度增长使每一步更大")),
                Cause("label_or_loss_misconfig", 0.2, Text("a loss that rises from the start can be optimising the "
                                                           "wrong objective", "从一开始就上升的损失可能在优化错误的目标"))),
        fixes=(lower_lr(), gradient_clipping(), lr_warmup()),
        series=tuple(keys))


divergence = define(
    code="LD107", name="divergence", severity=Severity.ERROR, requires=(Requirement(Kind.LOSS),),
    summary=Text("Loss grows fast and keeps growing.", "损失快速增长并持续增大。"),
    options=Options, measure=measure, judge=judge, explain=explain,
    explains=("loss_spikes", "oscillation", "overfitting", "train_loss_rebound", "plateau", "underfitting",
              "loss_not_decreasing"), doc=DOC)
