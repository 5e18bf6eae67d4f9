"""LD110 train_loss_rebound: the training loss rises again after its minimum (a U shape)."""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from ..findings import Cause, Finding, Mark, Severity, Span
from ..i18n import Text
from ..model import Kind, Series, Split
from . import _pair as P
from . import schedule
from ._cause_evidence import lr_share_at
from ._confidence import confidence
from ._curve import Curve, trend
from ._rule import Context, Requirement, Verdict, define, opt
from ._start import starts_at_start
from .divergence import assess as assess_divergence
from .fixes import lower_lr
from .fixes_training import reduce_lr_on_plateau

DOC = """
## What it detects
A U shape in the *training* loss: it reaches a minimum, then rises for the rest of the run, giving back a
real part of what it had gained, without (yet) diverging past its starting level.

## Why it matters
Training loss should not rise on the data it is fitted on. A rise means the steps are too large for the
region the model has reached (learning rate too high near the optimum, no decay), or the optimiser state
is unstable. Validation results after the minimum are usually worse too.

## How to fix
Decay the learning rate (`ReduceLROnPlateau`, step or cosine decay), lower it, and keep the checkpoint from
the minimum (early stopping with `restore_best_weights`).

## Thresholds
At least 6 points. The smoothed rise after the minimum gives back >= 15% of the gain before it, is >= 4
noise levels, lasts >= 10% of the run and >= 2 evaluations, and the curve ends below 1.3x its start (beyond
that it is `divergence`). A rise the curve later comes down from counts when it gives back >= 50% of the gain
and climbs for >= 10% of the run; one the curve ends below (its last value under the minimum the climb started
from) has passed and is a note. A log that starts on a plateau (its descent to the minimum within 4 noise levels)
shows no gain to give back: its climb must double the plateau's level. A rise that starts at a logged LR warm restart is the schedule, not a finding (a restart to an LR 1.5x above every LR the run
used before is no restart: an SWA or resumed run given a far larger LR). A gain or rise under a
millionth of the loss's level is floating-point rounding (a constant loss), not a climb. A loss that never got 10%
below its level before the minimum and climbs back no higher than it came from made no progress to give back (a loss
frozen at chance wandering inside its band): no rebound.
Causes: a rise made in one step from near the minimum (the point before within 10% of the gain of it) back to the
level training started at (90% of the gain given back or more; a log that starts where training starts), with no logged learning rate raised 1.5x there, ranks
weights that started over first (a resume that re-initialised them or loaded none): oversized steps land anywhere.
A climb the validation loss does not share (2+ evaluations in it, the later half no more than 2 of its noise levels
above its best up to the minimum) is a note: the weights were not knocked out of the minimum; the logged training
value is one batch's loss, or the objective changed.
A minimum whose two neighbours both stand at least half the climb above it is one low point (an easy batch), not a
level the curve climbed back from.
A sustained climb that came 80%+ in one step, after which the loss fell steadily (its trend down beyond 3x its
uncertainty over 10+ points and 10% of the run), is a new phase of training (quantisation-aware training, unfrozen
layers, another dataset): a note saying what to check.
An excerpt of 4-5 points whose first point is its lowest and every step after it up (3+ steps), ending below 1.3x its
first value: a note with low confidence (at most 0.3; how much of an earlier gain the climb gives back is not seen).
An excerpt of 4-5 points: the lowest point inside it, every step after it up (2+ steps), giving back 15%+ of the gain
and more than the last step down, ending below 1.3x its first value (low confidence, a note when the validation
loss does not share it).
An excerpt of 3-9 points where nothing above holds (too few points for a noise level): one step up that the loss did
not come back from - every point from the step on at least 25% above the level of the (up to 3) points before it and
3x their spread, and below 10x that level (beyond it is a blow-up: divergence) - is a note with low confidence (at
most 0.4) saying what would settle it (a few more points: back down is a spike, staying up a rebound). Not at a logged
warm restart, nor when the held-out loss logged on the same axis kept its level through the step (one batch's loss, as
above), nor on a loss whose level is 0 or below (no own scale), nor when a single point before the step and no
held-out loss leave no scale to judge it.
"""


@dataclass(frozen=True)
class Options:
    min_points: int = opt(6, "fewer points cannot show a minimum with a rise after it")
    steady_t: float = opt(3.0, "causes: a climb the validation loss does not share whose trend from the minimum is "
                               "3+ standard errors strong rises steadily: the objective grew (a dropout / weight-decay "
                               "schedule); a weaker one is a hard last batch or noise, no cause")
    min_given_back: float = opt(0.15, "the rise gives back at least 15% of what the loss had gained")
    noise_multiple: float = opt(4.0, "and stands this many noise levels above the minimum")
    min_after_share: float = opt(0.1, "and lasts at least 10% of the run (and 2 evaluations)")
    plateau_rise: float = opt(1.0, "a log whose descent to the minimum is within the noise (it starts on a plateau): "
                                   "the climb must add the plateau's whole level (the loss doubles)")
    min_given_back_recovered: float = opt(0.5, "a rise the curve later recovers from must give back half the gain "
                                               "(a note when the curve ends below the minimum it climbed from)")
    excerpt_min_points: int = opt(4, "an excerpt of 4-5 points counts when its lowest point is inside it and every step "
                                     "after it is up, giving back 15%+ of the gain and more than the last step down "
                                     "(low confidence)")
    excerpt_end_of_start: float = opt(1.3, "... and it ends below 1.3x its first value (else it is divergence)")
    dip_share: float = opt(0.5, "a minimum whose two neighbours both stand half the climb above it is one low point "
                                "(a dip), not a level the curve reached")
    phase_step_share: float = opt(0.8, "a sustained climb that came 80%+ in one step, ...")
    phase_min_points: int = opt(10, "... after which the loss fell steadily for 10+ points (and 10% of the run) ...")
    phase_trend_unc: float = opt(3.0, "... its trend down beyond 3x its uncertainty, is a new phase of training (the "
                                      "objective or model changed there): a note")
    flat_progress: float = opt(0.10, "a loss that never got 10% below its level before the minimum (the flat band "
                                     "loss_not_decreasing reads) and climbs back no higher than it came from has made "
                                     "no progress to give back: it wanders inside its band (a loss frozen at chance), "
                                     "not a rebound")
    jump_max_points: int = opt(9, "an excerpt of 3-9 points, where the readings above find nothing (too few points for a "
                                  "noise level), is judged on one step up that the loss did not come back from ...")
    jump_min_points: int = opt(3, "... from 3 points on (a level before the step and one point after it) ...")
    jump_level_points: int = opt(3, "... against the level (median) and the spread (max - min) of up to 3 points "
                                    "before the step ...")
    jump_rise: float = opt(0.25, "... every point from the step on stands 25%+ above that level (on the loss's own "
                                 "scale: 0.20 -> 1.74 is a jump, 0.50 -> 0.55 is not) ...")
    jump_spread: float = opt(3.0, "... and 3x the spread of the points before it (a loss already swinging that much "
                                  "shows no jump)")
    jump_blowup: float = opt(10.0, "a step to 10x the level before it or more is a blow-up: divergence's reading, not "
                                   "a rebound")
    jump_witness_rise: float = opt(0.05, "a held-out loss shares the step when its median from the step on is 5%+ "
                                         "above its best before it (and 3x its spread there); below that the model "
                                         "kept its level: one batch's loss")
    witness_noise: float = opt(2.0, "a validation loss that ends the climb no more than 2 of its noise levels above "
                                    "its best up to the minimum did not share it: the logged training value (one "
                                    "batch's loss) rose, not the model; a note")


@dataclass(frozen=True)
class Rise:
    """A climb of the smoothed curve from a minimum: indices, what the curve gained before it, how far it rose."""

    b: int  # index of the minimum
    top: int  # index of the highest point of the climb (the last point for a rise to the end)
    gained: float
    rise: float
    came_back: bool  # a rise to the end whose last points came back down near the minimum


@dataclass(frozen=True)
class Jump:
    """One step up in a short excerpt that the loss did not come back from."""

    at: int  # index of the first point after the step
    level: float  # median of the (up to 3) points before the step
    spread: float  # their max - min (0 for one point)
    low_after: float  # the lowest point from the step on
    witness: bool | None  # did the held-out loss share the step? None: no held-out loss on both sides of it


@dataclass(frozen=True)
class Evidence:
    c: Curve
    sustained: Rise  # from the global minimum to the end
    recovered: Rise | None  # the largest climb above the running minimum that the curve came down from
    restarts: np.ndarray  # logged LR warm restarts / warm-up ends
    lr_set: bool  # an LR was logged
    lr_decayed: bool
    val: Curve | None = None  # the validation loss: a climb the model made shows there too
    excerpt: bool = False  # 4-5 points: read from every step after the lowest one
    jump: Jump | None = None  # 3-9 points: one step up the loss did not come back from
    only_jump: bool = False  # no other reading applies to this curve (too few points): only the jump is judged
    lr_on_curve: np.ndarray | None = None  # the logged learning rate at each point of the curve (share of its peak)


def measure(ctx: Context, o: Options) -> Evidence | None:
    e = _measure_shape(ctx, o)
    c = ctx.curve(ctx.run.find(Kind.LOSS, Split.TRAIN))
    if c is None or not o.jump_min_points <= c.m <= o.jump_max_points or assess_divergence(c) is not None:
        return e
    j = _jump(c, ctx.curve(_held_out(ctx)), o)
    if j is None:
        return e
    if e is not None:
        return replace(e, jump=j)
    y = c.y
    b = int(np.argmin(y))
    rise = Rise(b, c.m - 1, float(y[: b + 1].max() - y[b]), float(y[-1] - y[b]), False)
    sched = ctx.schedule
    restarts = schedule.planned_rise_positions(sched, c.axis, float(c.x[0]), float(c.x[-1]))
    return Evidence(c, rise, None, restarts, sched is not None, bool(sched is not None and sched.decayed), None,
                    excerpt=True, jump=j, only_jump=True)


def _jump(c: Curve, val: Curve | None, o: Options) -> Jump | None:
    """The largest step up of a short excerpt, when every point from it on stands clearly above the points before it
    (25%+ of their level and 3x their spread): a step the loss did not come back from."""
    y = c.y
    at = int(np.argmax(np.diff(y))) + 1
    if y[at] <= y[at - 1]:
        return None
    before = y[max(0, at - o.jump_level_points):at]
    level, spread = float(np.median(before)), float(before.max() - before.min())
    if level <= 0:
        return None  # a loss at or below 0 (a critic, a log-likelihood) has no own scale to judge a jump on
    low_after = float(y[at:].min())
    lift = low_after - level
    if lift < o.jump_rise * level or lift < o.jump_spread * spread or float(y[at:].max()) >= o.jump_blowup * level:
        return None
    witness = None
    if val is not None and val.series.axis == c.series.axis:
        x_at = c.fmt_x(at)
        vb, va = val.y[val.x < x_at], val.y[val.x >= x_at]
        if vb.size and va.size:
            recent = vb[-o.jump_level_points:]
            best = float(vb.min())
            bar = max(o.jump_witness_rise * abs(best), o.jump_spread * float(recent.max() - recent.min()))
            witness = float(np.median(va)) - best >= bar
    return Jump(at, level, spread, low_after, witness)


def _measure_shape(ctx: Context, o: Options) -> Evidence | None:
    s = ctx.run.find(Kind.LOSS, Split.TRAIN)
    c = ctx.curve(s)
    if c is not None and o.excerpt_min_points <= c.m < o.min_points and assess_divergence(c) is None:
        return _excerpt(ctx, c)
    if c is None or c.m < o.min_points or assess_divergence(c) is not None:
        return None
    sm = c.smooth
    b = int(np.argmin(sm))
    k = max(2, int(round(0.1 * c.m)))
    rise = float(sm[-1] - sm[b])
    came_back = float(np.median(c.y[-k:])) <= float(c.y[b:].min()) + 0.5 * rise
    sustained = Rise(b, c.m - 1, float(sm[: b + 1].max() - sm[b]), rise, came_back)
    draw = sm - np.minimum.accumulate(sm)
    top = int(np.argmax(draw))
    recovered = None
    if top < c.m - 1:
        b2 = int(np.argmin(sm[: top + 1]))
        recovered = Rise(b2, top, float(sm[: b2 + 1].max() - sm[b2]), float(draw[top]), True)
    sched = ctx.schedule
    restarts = schedule.planned_rise_positions(sched, c.axis, float(c.x[0]), float(c.x[-1]))
    val = ctx.curve(_held_out(ctx))
    first, last = float(c.x[0]), float(c.x[-1])
    shares = [lr_share_at(ctx.run, c.axis, first, last, float(x)) for x in c.x]
    return Evidence(c, sustained, recovered, restarts, sched is not None, bool(sched is not None and sched.decayed),
                    val if val is not None and val.series.axis == c.series.axis else None,
                    lr_on_curve=None if any(v is None for v in shares) else np.asarray(shares, dtype=np.float64))


def _held_out(ctx: Context) -> Series | None:
    """The loss on held-out data: validation, else a test loss logged beside training (the same witness)."""
    return ctx.run.find(Kind.LOSS, Split.VAL) or ctx.run.find(Kind.LOSS, Split.TEST)


def _excerpt(ctx: Context, c: Curve) -> Evidence | None:
    """A 4-5 point excerpt: the lowest point inside it, every step after it up (2+ steps); or its first point the
    lowest and every step up (3+ steps: a climb pasted from where it began, its gain before unseen)."""
    y = c.y
    b = int(np.argmin(y))
    if b > c.m - 3 or not np.all(np.diff(y[b:]) > 0) or (b == 0 and c.m - 1 < 3):
        return None
    rise = Rise(b, c.m - 1, float(y[: b + 1].max() - y[b]), float(y[-1] - y[b]), False)
    val = ctx.curve(_held_out(ctx))
    sched = ctx.schedule
    restarts = schedule.planned_rise_positions(sched, c.axis, float(c.x[0]), float(c.x[-1]))
    return Evidence(c, rise, None, restarts, sched is not None, bool(sched is not None and sched.decayed),
                    val if val is not None and val.series.axis == c.series.axis else None, excerpt=True)


def val_shares(e: Evidence, r: Rise, o: Options) -> bool | None:
    """Did the validation loss climb with the training loss from its minimum to the top of the rise? None when
    too few evaluations fall in that span to tell."""
    v, c = e.val, e.c
    if v is None:
        return None
    x0, x1 = c.fmt_x(r.b), c.fmt_x(r.top)
    inside = (v.x >= x0) & (v.x <= x1)
    if int(inside.sum()) < 2:
        return None
    late = v.y[inside & (v.x >= 0.5 * (x0 + x1))]
    before = v.y[v.x <= x0]
    best = float(before.min()) if before.size else float(np.interp(x0, v.x, v.y))  # the model's best so far
    return float(np.median(late)) > best + o.witness_noise * v.noise


def _measurable(r: Rise, c: Curve) -> bool:
    """A gain and a rise beyond a millionth of the loss's level: below that they are floating-point rounding (a loss
    printed as 10.8259 on every line reads as 'rising by 1.8e-15', infinitely many noise levels of a zero noise)."""
    tiny = 1e-6 * max(abs(float(c.smooth[r.b])), 1e-300)
    return r.gained > tiny and r.rise > tiny


def _flat_start(r: Rise, c: Curve, o: Options) -> bool:
    """No descent above the noise led to this minimum (a log that starts on a plateau): the share of the gain given
    back means nothing; only a climb that at least doubles the plateau's level is a rebound from it."""
    return r.gained < o.noise_multiple * c.noise and r.rise < o.plateau_rise * abs(float(c.smooth[r.b]))


def _passes(r: Rise, c: Curve, o: Options, recovered: bool) -> bool:
    if r.top - r.b < max(2, math.ceil(o.min_after_share * c.m)) or not _measurable(r, c):
        return False
    sm = c.smooth
    if 0 < r.b < c.m - 1 and min(float(sm[r.b - 1]), float(sm[r.b + 1])) - float(sm[r.b]) >= o.dip_share * r.rise:
        # both neighbours stand half the climb above the minimum: one low point (a single easy batch of a log of
        # batch losses, 16.0 15.4 17.1 16.3 12.7 15.5 16.0), not a level the curve reached and climbed back from
        return False
    if _flat_start(r, c, o):
        return False
    if r.gained < o.flat_progress * abs(float(sm[r.b]) + r.gained) and r.rise <= r.gained:
        return False  # no progress to give back: the loss wanders inside the band it never left
    given_back = o.min_given_back_recovered if recovered else o.min_given_back
    if r.rise < given_back * r.gained or r.rise < o.noise_multiple * c.noise:
        return False
    return recovered or not r.came_back  # a rise to the end must not have come back down at the end


def chosen(e: Evidence, o: Options) -> tuple[Rise, str] | None:
    """The rise the finding is about: a sustained one first, else one the curve recovered from."""
    if e.excerpt and e.sustained.b == 0:  # a climb from the first line: rounding and divergence aside, a note
        r, y = e.sustained, e.c.y
        ok = (r.rise > 1e-6 * max(abs(float(y[0])), 1e-300) and float(y[-1]) < o.excerpt_end_of_start * float(y[0]))
        return (r, "climb") if ok else None
    if e.excerpt:  # every step after the lowest point up, giving back 15%+ of the gain, by more than the last fall
        r, y = e.sustained, e.c.y
        last_fall = float(y[r.b - 1] - y[r.b])
        ok = (_measurable(r, e.c) and r.rise >= o.min_given_back * r.gained and r.rise > last_fall
              and float(y[-1]) < o.excerpt_end_of_start * float(y[0]))
        return (r, "sustained") if ok else None
    if _passes(e.sustained, e.c, o, False):
        return e.sustained, "sustained"
    if e.recovered is not None and _passes(e.recovered, e.c, o, True):
        return e.recovered, "recovered"
    return None


def judge(e: Evidence, o: Options) -> Verdict | None:
    picked = None if e.only_jump else chosen(e, o)
    if picked is None:
        return _judge_jump(e, o)
    r, reading = picked
    c = e.c
    best_x, end_x = c.fmt_x(r.b), c.fmt_x(r.top)
    if e.restarts.size and np.any((e.restarts >= best_x - 1e-9) & (e.restarts <= end_x)):
        return None  # a warm restart raises the loss on purpose
    z = r.rise / c.noise if c.noise > 0 else float("inf")
    if reading == "climb":
        # every line up, but where it came from is not in the excerpt: what it gives back cannot be measured
        return Verdict(Severity.INFO, min(0.3, confidence(float(c.m - 1) / 3.0, 1.0, c.m)), reading=reading,
                       settle=Text(f"The excerpt starts at its lowest point, so how much of the earlier gain the climb "
                                   f"gives back is not seen: the {c.unit[0]}s before it and a few after would settle "
                                   "whether the loss has turned.",
                                   f"摘录从最低点开始，看不到这次上升吐回了多少之前的降幅：补上之前的几{c.unit[1]}和之后的几"
                                   f"{c.unit[1]}即可确定损失是否已经回升。"))
    if e.excerpt:
        shared = val_shares(e, r, o)
        return Verdict(Severity.INFO if shared is False else Severity.WARNING,
                       min(0.4, confidence(r.rise / max(r.gained, 1e-300), 1.0, c.m)),
                       settle=Text(f"Only {c.m} points were seen: a few more would show whether it keeps rising.",
                                   f"只看到 {c.m} 个点：再多几个点就能看出它是否继续上升。"),
                       reading="sustained-sample" if shared is False else "sustained")
    if val_shares(e, r, o) is False:
        # the model's loss on held-out data kept its level or improved through the climb: the weights were not
        # knocked out of the minimum; the logged training value is one batch's loss, or the objective changed
        return Verdict(Severity.INFO, min(confidence(z, o.noise_multiple, c.m), 0.5), reading=reading + "-sample")
    phase = _new_phase(e, r, o) if reading == "sustained" else None
    if phase is not None:
        # the whole climb came in one step and the loss has fallen steadily since, like a run starting again: the
        # objective or the model changed there (quantisation-aware training, unfrozen layers, a new dataset, a resumed
        # run with other settings); a note that says what to check
        return Verdict(Severity.INFO, min(confidence(z, o.noise_multiple, c.m), 0.5), reading=reading, settle=Text(
            f"But the climb came in one step at {c.unit[0]} {phase:g} and the loss has fallen steadily since, like a "
            "fresh start: a new phase of training (quantisation-aware training, unfrozen layers, another dataset, a "
            "run resumed with other settings) raises the loss at once. If nothing changed there, an update threw the "
            "model off.",
            f"但这次上升发生在第 {phase:g} {c.unit[1]}的一步之内，此后损失稳定下降，像重新开始训练：训练进入新阶段"
            "（量化感知训练、解冻层、换数据集、以不同设置恢复训练）会让损失一下子升高。若那里什么都没变，则是一次更新把模型推偏了。"))
    if reading == "recovered" and c.end <= float(c.smooth[r.b]):
        # the loss came back below the minimum the climb started from: a passing episode, not a lasting rebound
        return Verdict(Severity.INFO, min(confidence(z, o.noise_multiple, c.m), 0.5), reading=reading,
                       settle=Text(f"It ended below that minimum ({c.end:.4g}), so the episode passed: a note, not a "
                                   "lasting rebound.", f"最后低于该最低点（{c.end:.4g}），这段上升已经过去：仅作提示，"
                                   "不是持续的回升。"))
    return Verdict(Severity.WARNING, confidence(z, o.noise_multiple, c.m), reading=reading)


def _judge_jump(e: Evidence, o: Options) -> Verdict | None:
    """A short excerpt's step up that it did not come back from: a note with low confidence that says what settles
    it. None when the held-out loss kept its level through it (one batch's loss), or when one point before the step
    and no held-out loss leave no scale to judge it by."""
    j, c = e.jump, e.c
    if j is None or j.witness is False or (j.witness is None and j.at < 2):
        return None
    if e.restarts.size and np.any((e.restarts >= c.fmt_x(j.at - 1)) & (e.restarts <= c.fmt_x(j.at))):
        return None  # a logged warm restart raises the loss on purpose
    bar = max(o.jump_rise * abs(j.level), o.jump_spread * j.spread, 1e-300)
    u_en, u_zh = c.unit
    return Verdict(Severity.INFO, min(0.4, confidence((j.low_after - j.level) / bar, 1.0, c.m)), reading="jump",
                   settle=Text(f"Only {c.m} {u_en}s seen (low confidence): a few more would show whether the loss comes "
                               "back down (a one-off spike) or stays up (a rebound: lower the learning rate).",
                               f"只看到 {c.m} {u_zh}（置信度低）：再多几{u_zh}就能看出损失是回落（一次性尖峰）"
                               "还是停在高位（回升：应降低学习率）。"))


def _new_phase(e: Evidence, r: Rise, o: Options) -> float | None:
    """Where the loss jumped, when nearly all of a sustained climb came in one step and the curve has fallen steadily
    since (its trend down beyond 3x its uncertainty over 10+ points and 10% of the run): the shape of a run that
    starts a new phase; None otherwise."""
    c = e.c
    y = c.y[r.b:]
    p = int(np.argmax(y))
    climb = float(y[p] - y[0])
    after = y[p:]
    if p < 1 or climb <= 0 or after.size < max(o.phase_min_points, math.ceil(o.min_after_share * c.m)):
        return None
    steps = np.diff(y[: p + 1])
    i = int(np.argmax(steps))
    if float(steps[i]) < o.phase_step_share * climb:
        return None
    change, unc = P.trend_change(c.x[r.b + p:], after)
    if not change < -o.phase_trend_unc * unc:
        return None
    return c.fmt_x(r.b + i + 1)


RAISED = 1.5  # a logged learning rate 1.5x its previous value at the jump: the new step size, not a fresh start


def started_over(y: np.ndarray, b: int, top: int) -> int | None:
    """The index of a one-step return to the start: the point before it still within 10% of the gain of the minimum,
    the point itself giving back 90% of the gain or more (back at the untrained level); else None."""
    gained = float(y[0] - y[b])
    if top <= b or gained <= 0:
        return None
    k = b + 1 + int(np.argmax(np.diff(y[b:top + 1])))
    if float(y[k - 1] - y[b]) <= 0.1 * gained and float(y[k] - y[b]) >= 0.9 * gained:
        return k
    return None


def _explain_jump(e: Evidence, v: Verdict) -> Finding:
    c, j = e.c, e.jump
    assert j is not None
    u_en, u_zh = c.unit
    x_at, x_before = c.fmt_x(j.at), c.fmt_x(j.at - 1)
    times = j.low_after / j.level if j.level > 0 else float("inf")
    shared = Text(" The validation loss rose with it.", "验证损失也随之上升。") if j.witness else Text("", "")
    return Finding(
        code="LD110", name="train_loss_rebound", severity=v.severity,
        message=Text(f"{c.key} jumped at {u_en} {x_at:g}, from about {j.level:.4g} to {float(c.y[j.at]):.4g}, and every "
                     f"later point stayed at {j.low_after:.4g} or above ({times:.2g}x the level before): the step did "
                     f"not come back down.{shared.en}",
                     f"{c.key} 在第 {x_at:g} {u_zh}跳升，从约 {j.level:.4g} 升到 {float(c.y[j.at]):.4g}，之后每个点都不低于 "
                     f"{j.low_after:.4g}（之前水平的 {times:.2g} 倍）：没有回落。{shared.zh}"),
        span=Span(c.axis, x_before, float(c.x[-1])),
        evidence={"jump_" + u_en: x_at, "level_before": j.level, "spread_before": j.spread,
                  "lowest_after": j.low_after, "loss_at_end": c.end, "validation_shares": j.witness,
                  "points": c.m, "pattern": "jump_excerpt"},
        causes=(
            Cause("lr_too_high", 0.45, Text("one update threw the model off a level it had reached: the step size is "
                                            "too large there", "一次更新把模型推离了已达到的水平：那里的步长过大")),
            Cause("exploding_gradients", 0.2, Text("one very large gradient makes one very large step",
                                                   "一次极大的梯度造成一步极大的更新")),
        ),
        fixes=(lower_lr(3),),
        series=(c.key,),
        marks=(Mark("jump_" + u_en, (x_at,)),),
        experiment=Text(f"Resume from the checkpoint before {u_en} {x_at:g} with the learning rate halved: if the loss "
                        "stays at its old level, the step was too large.",
                        f"从第 {x_at:g} {u_zh}之前的检查点恢复，学习率减半：若损失保持在原来的水平，说明那一步过大。"),
    )


def explain(e: Evidence, v: Verdict, o: Options) -> Finding:
    if v.reading == "jump":
        return _explain_jump(e, v)
    c = e.c
    sm = c.smooth
    r = e.sustained if v.reading.startswith("sustained") or v.reading == "climb" else e.recovered
    assert r is not None
    b, top, gained, rise = r.b, r.top, r.gained, r.rise
    recovered = top < c.m - 1
    best_x, end_x = c.fmt_x(b), c.fmt_x(top)
    u_en, u_zh = c.unit
    lr_constant = e.lr_set and not e.lr_decayed
    share = rise / gained if gained > 0 else float("inf")
    climb = Text(f"{c.key} rose at every one of the {c.m} {u_en}s pasted, {float(c.y[b]):.4g} ({u_en} {best_x:g}) -> "
                 f"{float(c.y[top]):.4g} ({u_en} {end_x:g}, {rise / max(abs(float(c.y[b])), 1e-300):+.2%}): the loss "
                 "the model is fitted on is going up.",
                 f"{c.key} 在粘贴的 {c.m} {u_zh}中每{u_zh}都在上升，从第 {best_x:g} {u_zh}的 {float(c.y[b]):.4g} "
                 f"升到第 {end_x:g} {u_zh}的 {float(c.y[top]):.4g}（{rise / max(abs(float(c.y[b])), 1e-300):+.2%}）："
                 "模型所拟合的损失在上升。")
    f = Finding(
        code="LD110", name="train_loss_rebound", severity=v.severity,
        message=climb if v.reading == "climb" else Text(
            f"{c.key} bottomed out at {float(c.y[b]):.4g} ({u_en} {best_x:g}) and climbed back to {float(sm[top]):.4g} "
            f"by {u_en} {end_x:g}, giving back {share:.0%} of what it had gained"
            + (f", before falling again (to {c.end:.4g} at the end): the steps knocked the model out of the minimum "
               "it had found." if recovered else "."),
            f"{c.key} 在第 {best_x:g} {u_zh}达到最低 {float(c.y[b]):.4g}，之后回升到第 {end_x:g} {u_zh}的 "
            f"{float(sm[top]):.4g}，吐回了之前降幅的 {share:.0%}"
            + (f"，随后才再次下降（最后为 {c.end:.4g}）：更新步长把模型踢出了已找到的极小值。" if recovered else "。"))
        if not v.reading.endswith("-sample") else Text(
            f"{c.key} rose from {float(c.y[b]):.4g} ({u_en} {best_x:g}) to {float(sm[top]):.4g} by {u_en} {end_x:g}, "
            f"but the validation loss did not rise with it: the model was not knocked out of its minimum; the logged "
            f"training value is likely one batch's loss (or the training objective changed, e.g. stronger "
            f"augmentation or regularisation).",
            f"{c.key} 从第 {best_x:g} {u_zh}的 {float(c.y[b]):.4g} 升到第 {end_x:g} {u_zh}的 {float(sm[top]):.4g}，"
            f"但验证损失没有随之上升：模型并未被踢出极小值；记录的训练值很可能是单个批次的损失（或训练目标变了，如更强的增强或正则化）。"),
        span=Span(c.axis, best_x, end_x),
        evidence={"min_" + u_en: best_x, "loss_at_min": float(c.y[b]), "peak_" + u_en: end_x,
                  "loss_at_peak": float(sm[top]), "loss_at_end": c.end, "recovered": recovered,
                  "loss_at_start": c.start, "rise": rise, "rise_share_of_gain": share,
                  "rise_in_noise_levels": rise / c.noise if c.noise > 0 else float("inf"),
                  "evaluations_after_min": top - b, "lr_constant": lr_constant,
                  **({"pattern": "climb_excerpt"} if v.reading == "climb" else {})},
        causes=(
            Cause("lr_too_high", 0.6,
                  Text("the step size that got the loss down is too large near the minimum"
                       + (" and the logged LR never decayed" if lr_constant else ""),
                       "把损失降下来的步长在最低点附近过大" + ("，且记录的学习率从未衰减" if lr_constant else "")),
                  Text("the learning rate was decayed and the loss still rose", "学习率已衰减，损失仍上升")
                  if e.lr_decayed else None),
            Cause("exploding_gradients", 0.2, Text("growing gradient norms make each step larger",
                                                   "梯度范数增大使每一步更大")),
            Cause("batch_too_small", 0.15, Text("very noisy small-batch gradients keep kicking the model out of "
                                                "the minimum", "小批量的高噪声梯度不断把模型踢出极小值")),
        ),
        fixes=(reduce_lr_on_plateau(max(2, math.ceil(0.1 * c.m))), lower_lr(3)),
        series=(c.key,),
        marks=(Mark("min_" + u_en, (best_x,)), Mark("peak_" + u_en, (end_x,))),
        experiment=Text(f"Resume from the checkpoint at {u_en} {best_x:g} with the learning rate halved for two "
                        "epochs: if the training loss goes below its old minimum, the LR was too high there.",
                        f"从第 {best_x:g} {u_zh}的检查点恢复，学习率减半训练两轮：若训练损失低于原最低值，说明当时学习率过高。"),
    )
    if not v.reading.endswith("-sample"):
        at = started_over(c.y, b, top) if starts_at_start(c.series.steps, whole_epochs=c.axis == "epoch") else None
        lr = e.lr_on_curve
        if at is None or v.reading == "climb" or (lr is not None and lr[at] > RAISED * lr[at - 1]):
            return f
        # the loss went back to where training began in one step, from its minimum: the weights started over (a
        # resume that re-initialised them or loaded none), which a step too large does not do so exactly - it lands
        # anywhere, often above the start, and the logged rate was not raised there (a restart is no finding)
        x_at = c.fmt_x(at)
        return replace(f, evidence={**f.evidence, "started_over_" + u_en: x_at}, causes=(
            Cause("training_step_bug", 0.55, Text(
                f"{c.key} went back in one {u_en} ({u_en} {x_at:g}) from near its minimum to its level at the start of "
                "training: the weights started over, as when a resumed run re-initialises them after loading a "
                "checkpoint or loads none (load_state_dict with strict=False and keys that do not match)",
                f"{c.key} 在一{u_zh}内（第 {x_at:g} {u_zh}）从最低点附近回到训练开始时的水平：权重从头开始了，如恢复训练时"
                "加载检查点后又重新初始化，或根本没加载上（strict=False 且键名不匹配的 load_state_dict）")),
            Cause("bad_initialization", 0.4, Text("the weights it goes on from are freshly initialised ones",
                                                  "之后继续训练的是新初始化的权重")),
            Cause("lr_too_high", 0.3, f.causes[0].why, f.causes[0].against),
        ))
        return f
    # the validation loss held through the climb, so no step knocked the weights out of their minimum; a climb that
    # rises steadily to the end (a significant trend, not a hard last batch) is no single batch either: what rose is
    # the training objective (regularisation or augmentation grown in training, a dropout or weight-decay schedule)
    grown = (Cause("over_regularization", 0.4, Text(
        f"the training loss kept rising from {u_en} {best_x:g} to {end_x:g} while the validation loss held: the "
        "objective trained on grew harder (a dropout, weight-decay or augmentation schedule), the model did not "
        "get worse", f"训练损失从第 {best_x:g} 到 {end_x:g} {u_zh}持续上升，而验证损失保持不变：变难的是训练目标"
        "（dropout、权重衰减或数据增强的调度），而不是模型变差")),) if v.reading.startswith("sustained") and top - b >= 2 \
        and trend(c.y[b:top + 1])[2] >= o.steady_t else ()
    return replace(f, causes=grown, fixes=(), experiment=None)


train_loss_rebound = define(
    code="LD110", name="train_loss_rebound", severity=Severity.WARNING, requires=(Requirement(Kind.LOSS, Split.TRAIN),),
    summary=Text("Training loss rises again after its minimum.", "训练损失在最低点之后再次上升。"),
    options=Options, measure=measure, judge=judge, explain=explain, explains=("plateau", "underfitting"), doc=DOC)
