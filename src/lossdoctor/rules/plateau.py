"""LD105 plateau: the loss stopped improving for a long stretch (and whether an LR decay ended it)."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .. import stats
from ..findings import Cause, Finding, Mark, Severity, Span
from ..i18n import Text
from ..model import Kind, Split
from . import schedule
from ._cause_evidence import DECAYED_AWAY, lr_share_at
from ._confidence import confidence
from ._curve import Curve
from ._rule import Context, Requirement, Verdict, define, opt
from .fixes import early_stopping
from .fixes_training import reduce_lr_on_plateau

DOC = """
## What it detects
The longest stretch in which the training loss made no new best (by more than 2% of its whole drop and 2 noise
levels). Reported when the stall later ended with a real drop (and then whether a logged LR decay ended it), or
when it is still running at the end and covers at least a third of the run.

## Why it matters
A plateau that an LR decay ended says the previous learning rate was too high to settle further: decaying
earlier (`ReduceLROnPlateau`) saves those epochs. A plateau still running at the end is compute spent for nothing
(seed 002: train and test flat, "学习遇到瓶颈，需要减小学习率或批量数目").

## How to fix
`ReduceLROnPlateau` with a patience of about 10% of the run; early stopping; if the plateau is high, see
underfitting.

## Thresholds
At least 10 points and a loss that fell >= 10% of its start; stall >= 20% of the run and >= 4 evaluations;
"ended" = the loss fell >= 10% of its whole drop afterwards; a decay logged within 5% of the run of the end
counts as the cause; a stall still running at the end is not reported when the loss fell to a tenth of its start
or less and the stall began after the first fifth of the run (that flat end is convergence: a person calls such a
run converged), unless the validation loss froze or the logged LR had decayed away; a stall starts only where the loss is within 2x of its lowest level in it (a loss converging
towards 0, 0.01 -> 0.0002, is tiny against the whole drop but not stalled). Info only: a plateau is not a fault
by itself. Causes: a stall still running at the end that covers half the run and began where the logged learning
rate was 1% of its peak or less, or during which the validation loss froze (identical to 1e-4 of its level on its
last 3+ evaluations and at least half of them, printed to 4 significant digits or beside a training loss frozen
too: the weights stopped changing), ranks "learning rate too low" and "too little training" (the
schedule decayed the steps away); a stall at 1% of the start or less blames no step size (nothing is left to lose).
An excerpt of 5-9 points (too few for the stall's length in evaluations or a noise level) is read on its logged axis:
its last 3+ points within 2% of the whole drop of each other (a flat line, not a noisy band), spanning a third of the
logged axis or more, after a fall of 10%+ of the start; not when the fall was an order of magnitude and took the
first fifth of the axis or more (converged), nor while a held-out loss logged beside it still makes new bests by 2% of
its drop (the model still improves). A note with a confidence of at most 0.4 that says a few more points would settle
it (a log printed at epochs 1, 2, 3, 10, 11, 99, 100 whose loss sat at 29.0 from epoch 10 on).
"""


@dataclass(frozen=True)
class Options:
    min_points: int = opt(10, "fewer points cannot show a stall apart from the curve's own bends")
    min_len_share: float = opt(0.2, "a stall lasts >= 20% of the run ...")
    min_len: int = opt(4, "... and >= 4 evaluations")
    tol_of_drop: float = opt(0.02, "'no improvement' = the best does not improve by >= 2% of the whole drop ...")
    noise_levels: float = opt(2.0, "... and 2 noise levels")
    escape_of_drop: float = opt(0.1, "a stall 'ended' when the loss then fell >= 10% of the whole drop")
    min_drop: float = opt(0.1, "only a curve that fell >= 10% of its start can stall on the way down")
    end_min_share: float = opt(1 / 3, "a stall still running at the end is reported when it is >= 1/3 of the run")
    max_own_fall: float = opt(0.5, "a stall starts only where the loss no longer falls by half of its own level "
                                   "(near 0)")
    decay_near_share: float = opt(0.05, "a logged LR decay within 5% of the run of the stall's end counts as its cause")
    split_share: float = opt(0.5, "the drop after a stall is placed at the change point in the mean when that explains "
                                  "half of the variance")
    starved_share: float = opt(0.5, "a stall still running at the end that began at a logged LR of 1% of its peak or "
                                    "less: the schedule decayed the learning away (the log's evidence for a step "
                                    "size too small, whatever the stall's length); covering half the run it is "
                                    "the stronger reading")
    settled_share: float = opt(0.01, "a stall at 1% of the start or less is a loss with nothing left to lose: no step "
                                     "size is blamed for it")
    frozen_evals: int = opt(3, "causes: a validation loss identical (to 1e-4 of its level) on its last 3+ evaluations "
                               "during a stall still running says the weights stopped changing: the steps decayed away "
                               "(or training stopped updating), not steps too large to settle")
    frozen_tolerance: float = opt(1e-4, "... 'identical': within this share of its level ...")
    fine_print: float = opt(1e-3, "... printed to 4 significant digits, or with a training loss on the same axis frozen "
                                  "beside it (a validation loss printed as 0.33 repeats while the weights still move)")
    frozen_share: float = opt(0.5, "... over at least half of its evaluations (a converged run's validation loss, "
                                   "printed with 2 decimals, repeats on a few evaluations at the end)")
    patience_share: float = opt(0.1, "the ReduceLROnPlateau / early-stopping patience suggested: 10% of the run")
    converged_fall: float = opt(0.9, "a stall still running at the end after the loss fell by an order of magnitude "
                                     "(to a tenth of its start or less) is convergence, not a plateau: the flat end "
                                     "of a run that made its fall is what a person calls 'converged' ...")
    short_min_points: int = opt(5, "an excerpt of 5-9 points, too short for the stall's length in evaluations or a "
                                   "noise level, is judged on its own axis: its last 3+ points within 2% of the whole "
                                   "drop of each other (a flat line), spanning a third of the logged axis, after a fall "
                                   "of 10%+, while a held-out loss logged beside it made no new best (low confidence, "
                                   "a note saying what more would settle it) ...")
    short_max_confidence: float = opt(0.4, "... at most this sure: a few points cannot tell a stall from a slow last "
                                           "stretch")
    converged_after: float = opt(0.2, "... when the fall took at least the first fifth of the run (a loss that fell "
                                      "in its first few points and sat flat for 80%+ of the run stopped learning "
                                      "early: that stays a plateau)")


@dataclass(frozen=True)
class Evidence:
    c: Curve
    decays: np.ndarray  # logged LR decay positions
    lr_decayed: bool
    lr_share_at_stall: float | None = None  # the logged LR where the stall began, as a share of its peak
    val_frozen_from: float | None = None  # where the validation loss froze (3+ evaluations identical to 1e-4), if it did
    lr_share_at_end: float | None = None  # the logged LR at the curve's end, as a share of its peak
    short: bool = False  # fewer than min_points: judged on the logged axis, at low confidence
    val_improving: bool = False  # short: the held-out loss still made a new best during the stall


def stalls(c: Curve, o: Options) -> tuple[list[tuple[int, int]], float]:
    """(first, last) view indices of every stretch with no new best by more than tol, and tol."""
    sm = c.smooth
    drop = float(sm[0] - sm.min())
    if drop <= 0:
        return [], 0.0
    tol = max(o.tol_of_drop * drop, o.noise_levels * c.noise)
    best, mark, spans = float(sm[0]), 0, []
    for i in range(1, c.m):
        if sm[i] < best - tol:
            spans.append((mark, i - 1))
            best, mark = float(sm[i]), i
    spans.append((mark, c.m - 1))
    return [_own_scale(sm, a, b, o) for a, b in spans], tol


def _own_scale(sm: np.ndarray, a: int, b: int, o: Options) -> tuple[int, int]:
    """Start a stall where the loss is within 2x of its lowest level in it: against the whole drop 0.01 -> 0.0002
    is no progress, but on the loss's own scale it is a 50x fall (converging towards 0), not a stall."""
    low = float(sm[a:b + 1].min())
    while a < b and low > 0 and float(sm[a]) * (1.0 - o.max_own_fall) > low:
        a += 1
    return a, b


def pick(c: Curve, o: Options) -> tuple[int, int, float] | None:
    """The longest stall that a real drop ended; else the stall still running at the end, if long enough."""
    spans, tol = stalls(c, o)
    if not spans:
        return None
    sm = c.smooth
    drop = float(sm[0] - sm.min())
    min_len = max(o.min_len, o.min_len_share * c.m)
    ended = [(a, b) for a, b in spans if b < c.m - 1 and b - a >= min_len
             and float(sm[b] - sm[b + 1:].min()) >= o.escape_of_drop * drop]
    if ended:
        a, b = max(ended, key=lambda ab: ab[1] - ab[0])
        return a, b, tol
    a, b = spans[-1]
    if b - a >= max(min_len, o.end_min_share * c.m):
        return a, b, tol
    return None


def measure(ctx: Context, o: Options) -> Evidence | None:
    c = ctx.curve(ctx.run.find(Kind.LOSS, Split.TRAIN))
    if c is None or c.m < min(o.min_points, o.short_min_points):
        return None
    if c.m < o.min_points:
        return _short(ctx, c, o)
    sched = ctx.schedule
    decays = schedule.event_positions(sched, ("decay",), c.axis, float(c.x[0]), float(c.x[-1]))
    st = pick(c, o) if sched is not None and sched.decayed else None
    share = (lr_share_at(ctx.run, c.axis, float(c.x[0]), float(c.x[-1]), float(c.x[st[0]]))
             if st is not None else None)
    end = (lr_share_at(ctx.run, c.axis, float(c.x[0]), float(c.x[-1]), float(c.x[-1]))
           if st is not None else None)
    return Evidence(c, decays, bool(sched is not None and sched.decayed), share, _val_frozen_from(ctx, o), end)


def _short(ctx: Context, c: Curve, o: Options) -> Evidence | None:
    """An excerpt of 5-9 points: the stall still running at the end, read on the logged axis (a log printed at epochs
    1, 2, 3, 10, 11, 99, 100 stalled for 90 of its 99 epochs, though for only 3 of its 6 intervals)."""
    st = short_stall(c, o)
    if st is None:
        return None
    end = lr_share_at(ctx.run, c.axis, float(c.x[0]), float(c.x[-1]), float(c.x[-1]))
    share = lr_share_at(ctx.run, c.axis, float(c.x[0]), float(c.x[-1]), float(c.x[st[0]]))
    sched = ctx.schedule
    return Evidence(c, np.empty(0), bool(sched is not None and sched.decayed), share, _val_frozen_from(ctx, o), end,
                    short=True, val_improving=_held_out_improving(ctx, c, float(c.x[st[0]]), o))


def _held_out_improving(ctx: Context, c: Curve, x0: float, o: Options) -> bool:
    """Whether the held-out loss on the same axis still made a new best after `x0` by 2% of its whole drop: the
    model is still improving, and the flat training loss is its fit settling, not a stall."""
    v = ctx.curve(ctx.run.find(Kind.LOSS, Split.VAL) or ctx.run.find(Kind.LOSS, Split.TEST))
    if v is None or v.series.axis != c.series.axis or v.key == c.key:
        return False
    before, after = v.y[v.x <= x0], v.y[v.x > x0]
    drop = float(v.y[0] - v.y.min())
    return bool(before.size and after.size and drop > 0
                and float(after.min()) < float(before.min()) - o.tol_of_drop * drop)


def short_stall(c: Curve, o: Options) -> tuple[int, int, float] | None:
    """The flat end of a 5-9 point excerpt: its last 3+ points within 2% of the whole drop of each other (a flat line,
    not a noisy band: a few points give no noise level to allow for) and spanning a third of the logged axis; None
    otherwise."""
    sm = c.y
    drop = float(sm[0] - sm.min())
    if drop <= 0:
        return None
    tol = o.tol_of_drop * drop
    a = c.m - 1
    while a > 0 and float(np.ptp(sm[a - 1:])) <= tol:
        a -= 1
    b = c.m - 1
    span = float(c.x[-1] - c.x[0])
    if b - a < 2 or span <= 0 or float(c.x[b] - c.x[a]) < o.end_min_share * span:
        return None
    return a, b, tol


def _val_frozen_from(ctx: Context, o: Options) -> float | None:
    """Where the validation loss froze: its last 3+ evaluations, half of them or more, within 1e-4 of its level. The validation
    pass depends on the weights only, so a frozen validation loss says the weights stopped changing."""
    from .loss_not_decreasing import _tail_frozen  # loss_not_decreasing's frozen test

    val = ctx.run.find(Kind.LOSS, Split.VAL)
    if val is None:
        return None
    ok = np.isfinite(val.values)
    v, x = val.values[ok], val.steps[ok]
    k = _tail_frozen(v, o.frozen_tolerance)
    if k < max(o.frozen_evals, o.frozen_share * v.size) or v[-1] == 0:
        return None
    if stats.print_resolution(v) > o.fine_print * abs(float(v[-1])):  # printed coarsely: frozen only if a training loss is too
        span = [t.values[(t.steps >= x[-k]) & np.isfinite(t.values)] for t in ctx.run.find_all(Kind.LOSS, Split.TRAIN)
                if t.axis is val.axis]
        if not any(_tail_frozen(t, o.frozen_tolerance) >= max(o.frozen_evals, o.frozen_share * t.size) for t in span):
            return None
    return float(x[-k])


def converged(e: Evidence, a: int, b: int, tol: float, o: Options) -> bool:
    """A flat end, settled at its best, after the loss fell by an order of magnitude over a real share of the run:
    convergence. Not when the end rose off its best by the tolerance or to twice its best level (that is no settled
    end: 2e-12 -> 0.002 is nothing against the drop but a rise on the loss's own scale), nor when the weights are seen to have
    stopped (a validation loss frozen, the logged LR decayed away): that is a cause."""
    c = e.c
    end, best = float(c.smooth[-1]), float(c.smooth[a:].min())
    if end - best > tol or (best > 0 and end * (1.0 - o.max_own_fall) > best):  # risen off its best (own scale too)
        return False
    if b != c.m - 1 or e.val_frozen_from is not None:
        return False
    if e.lr_share_at_stall is not None and e.lr_share_at_stall <= DECAYED_AWAY:
        return False
    fall = float(c.smooth[0] - c.smooth.min()) / abs(c.start) if c.start else 0.0
    return fall >= o.converged_fall and a >= o.converged_after * (c.m - 1)


def judge(e: Evidence, o: Options) -> Verdict | None:
    c = e.c
    if float(c.smooth[0] - c.smooth.min()) < o.min_drop * abs(c.start):
        return None  # a loss that never really fell has no plateau to speak of (loss_not_decreasing covers it)
    if e.short:
        return _judge_short(e, o)
    st = pick(c, o)
    if st is None:
        return None
    a, b, _ = st
    if converged(e, a, b, st[2], o):
        return None
    return Verdict(Severity.INFO, confidence((b - a) / max(o.min_len, o.min_len_share * c.m), 1.0, b - a + 1))


def _judge_short(e: Evidence, o: Options) -> Verdict | None:
    """A 5-9 point excerpt's stall at the end, judged on the logged axis: converged when the loss fell an order of
    magnitude over the first fifth of the axis or more; else a note at low confidence."""
    c = e.c
    st = short_stall(c, o)
    if st is None:
        return None
    a, b, tol = st
    if e.val_improving:
        return None  # the held-out loss still improves: the model has not stalled
    span = float(c.x[-1] - c.x[0])
    fall = float(c.smooth[0] - c.smooth.min()) / abs(c.start) if c.start else 0.0
    end, best = float(c.smooth[-1]), float(c.smooth[a:].min())
    settled = not (end - best > tol or (best > 0 and end * (1.0 - o.max_own_fall) > best))
    if (settled and fall >= o.converged_fall and float(c.x[a] - c.x[0]) >= o.converged_after * span
            and e.val_frozen_from is None and not (e.lr_share_at_stall is not None
                                                   and e.lr_share_at_stall <= DECAYED_AWAY)):
        return None  # the flat end of a run that made its fall: converged
    share = float(c.x[b] - c.x[a]) / span
    u_en, u_zh = c.unit
    return Verdict(Severity.INFO, min(o.short_max_confidence, confidence(share / o.end_min_share, 1.0, c.m)),
                   settle=Text(f"Only {c.m} points were logged (low confidence): a few more {u_en}s would show whether "
                               "it stays flat or was only a slow stretch.",
                               f"只记录了 {c.m} 个点（置信度低）：再多几{u_zh}就能看出它是一直停滞，还是只是一段缓慢的下降。"))


def explain(e: Evidence, v: Verdict, o: Options) -> Finding:
    c = e.c
    st = short_stall(c, o) if e.short else pick(c, o)
    assert st is not None
    a, b, tol = st
    length = b - a
    sm = c.smooth
    ongoing = b == c.m - 1
    share_of_run = float(c.x[b] - c.x[a]) / float(c.x[-1] - c.x[0]) if e.short else length / (c.m - 1)
    x0, x1 = c.fmt_x(a), c.fmt_x(b)
    u_en, u_zh = c.unit
    decays = e.decays
    end_x = c.fmt_x(min(b + 1, c.m - 1))
    split_share = 0.0
    if not ongoing:  # where the level actually dropped: the change point in the mean after the stall began
        k, split_share = stats.best_split(c.y[a:])
        if split_share >= o.split_share and a + k < c.m:
            end_x = c.fmt_x(a + k)
    tol_x = max(1.0, o.decay_near_share * float(c.x[-1] - c.x[0]))
    by_decay = (not ongoing) and schedule.near(end_x, decays, tol_x)
    decay_x = float(decays[np.argmin(np.abs(decays - end_x))]) if by_decay else end_x
    gained = float(sm[a] - sm[a:b + 1].min())  # what the stretch improved on its own start (a rise is no progress)
    if ongoing:
        en = (f"{c.key} made no real progress for the last {length} points ({u_en} {x0:g}-{x1:g}, "
              f"{share_of_run:.0%} of the run): its best improved by {gained:.3g}, under {tol:.3g}.")
        zh = (f"{c.key} 在最后 {length} 个点（第 {x0:g}-{x1:g} {u_zh}，占训练的 {share_of_run:.0%}）没有实质进展："
              f"最佳值只改善了 {gained:.3g}，小于 {tol:.3g}。")
    elif by_decay:
        en = (f"{c.key} stalled from {u_en} {x0:g} to {x1:g} and fell again when the learning rate was decayed at "
              f"{u_en} {decay_x:g}: the schedule ended this plateau, as intended.")
        zh = (f"{c.key} 在第 {x0:g} 到 {x1:g} {u_zh}停滞，并在第 {decay_x:g} {u_zh}学习率衰减时再次下降："
              "这个平台由学习率调度按预期结束。")
    else:
        en = f"{c.key} stalled from {u_en} {x0:g} to {x1:g} ({length} points), then started falling again."
        zh = f"{c.key} 在第 {x0:g} 到 {x1:g} {u_zh}停滞（{length} 个点），之后再次下降。"
    causes: tuple[Cause, ...] = ()
    starved = ongoing and e.lr_share_at_stall is not None and e.lr_share_at_stall <= DECAYED_AWAY
    if starved:  # the stall began at a learning rate decayed away: the schedule, not the model, stopped it
        causes = (Cause("lr_too_low", 0.55 if length >= o.starved_share * (c.m - 1) else 0.45, Text(
            f"the logged learning rate was down to {e.lr_share_at_stall:.2g} of its peak when the stall began at "
            f"{u_en} {x0:g}: steps that small no longer move the weights", f"停滞开始时（第 {x0:g} {u_zh}）记录的学习率"
            f"已降到峰值的 {e.lr_share_at_stall:.2g}：这么小的步长不再推动权重")),
                  Cause("insufficient_training", 0.35, Text("the rest of the run trained at almost no learning rate: "
                                                            "in effect it stopped early",
                                                            "之后的训练几乎没有学习率：实际上提前停止了")))
    elif ongoing and e.val_frozen_from is not None:
        causes = (Cause("lr_too_low", 0.5, Text(
            f"the validation loss has not changed since {u_en} {e.val_frozen_from:g} (identical to 1e-4): the weights "
            "stopped moving, as when the learning rate was decayed away (a scheduler cutting it on every evaluation)",
            f"验证损失从第 {e.val_frozen_from:g} {u_zh}起不再变化（相同到 1e-4）：权重停止了变化，如同学习率被衰减殆尽"
            "（调度器在每次评估时都降低学习率）")),
                  Cause("insufficient_training", 0.35, Text("from there on the run trained in name only: in effect it "
                                                            "stopped early", "此后的训练有名无实：实际上提前停止了")))
    elif (ongoing and e.lr_share_at_end is not None and e.lr_share_at_end <= DECAYED_AWAY
          and bool(np.any(decays > float(c.x[a])))):  # the schedule kept cutting a step that no longer moved the loss
        cut = int(np.sum(decays > float(c.x[a])))
        causes = (Cause("lr_too_low", 0.4, Text(
            f"the logged learning rate was cut {cut} time(s) during the stall, to {e.lr_share_at_end:.2g} of its peak "
            "by the end: the schedule kept shrinking a step that no longer moved the loss",
            f"停滞期间记录的学习率被降低了 {cut} 次，到结束时只剩峰值的 {e.lr_share_at_end:.2g}："
            "调度器不断缩小一个已推不动损失的步长")),
                  Cause("insufficient_training", 0.3, Text("the end of the run trained at almost no learning rate: in "
                                                           "effect it stopped early",
                                                           "训练末段几乎没有学习率：实际上提前停止了")))
    elif by_decay or (ongoing and not e.lr_decayed and float(sm[a:].min()) > o.settled_share * abs(float(sm[0]))):
        causes = (Cause("lr_too_high", 0.3,
                        Text("the loss only moves again once the LR is lower" if by_decay else
                             "with a constant LR the loss stalls where a smaller step would settle lower",
                             "学习率降低后损失才再次下降" if by_decay else "学习率不变时损失停滞，而更小的步长能下降得更低")),)
    patience = max(2, math.ceil(o.patience_share * c.m))
    fixes = (reduce_lr_on_plateau(patience),) + ((early_stopping(int(round(x0)), patience, float(tol)),)
                                                   if ongoing else ())
    return Finding(
        code="LD105", name="plateau", severity=v.severity, message=Text(en, zh),
        span=Span(c.axis, x0, x1),
        evidence={"plateau_start_" + u_en: x0, "plateau_end_" + u_en: x1, "points": length,
                  "share_of_run": share_of_run, "improvement_during": gained, "tolerance": tol,
                  "ongoing_at_end": ongoing, "ended_by_lr_decay": by_decay,
                  **({"lr_decay_" + u_en: decay_x} if by_decay else {}),
                  **({} if ongoing else {"drop_" + u_en: end_x, "drop_explains_variance": split_share})},
        causes=causes,
        fixes=fixes,
        series=(c.key,),
        marks=(Mark("plateau_start_" + u_en, (x0,)), Mark("plateau_end_" + u_en, (x1,)))
        + ((Mark("lr_decay_" + u_en, (decay_x,)),) if by_decay else ())
        + (() if ongoing else (Mark("drop_" + u_en, (end_x,)),)),
        experiment=Text(f"Rerun with ReduceLROnPlateau (patience {patience}): the stall should end earlier.",
                        f"使用 ReduceLROnPlateau（patience {patience}）重新训练：停滞应更早结束。"),
    )


plateau = define(
    code="LD105", name="plateau", severity=Severity.INFO, requires=(Requirement(Kind.LOSS, Split.TRAIN),),
    summary=Text("Loss stopped improving for a long stretch.", "损失长时间不再改善。"),
    options=Options, measure=measure, judge=judge, explain=explain, doc=DOC)
