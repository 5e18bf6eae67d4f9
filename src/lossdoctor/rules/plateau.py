"""LD105 plateau: the loss stopped improving for a long stretch (and whether an LR decay ended it)."""
from __future__ import annotations

import math
from typing import Iterator

import numpy as np

from .. import stats
from ..findings import Cause, Finding, Severity, Span
from ..i18n import Text
from ..model import Kind, Split
from . import schedule
from ._curve import Curve, make_curve
from ._rule import Context, Requirement, rule
from .fixes import early_stopping
from .fixes_training import reduce_lr_on_plateau

MIN_POINTS = 10
MIN_LEN_SHARE = 0.2  # a stall lasts >= 20% of the run ...
MIN_LEN = 4  # ... and >= 4 evaluations
TOL_OF_DROP = 0.02  # "no improvement" = the best does not improve by >= 2% of the whole drop (and 2 noise levels)
ESCAPE_OF_DROP = 0.1  # a stall "ended" when the loss then fell >= 10% of the whole drop
MIN_DROP = 0.1  # only a curve that fell >= 10% of its start can stall on the way down
END_MIN_SHARE = 1 / 3  # a stall still running at the end is reported when it is >= 1/3 of the run
MAX_OWN_FALL = 0.5  # a stall starts only where the loss no longer falls by half of its own level (near 0)


def stalls(c: Curve) -> tuple[list[tuple[int, int]], float]:
    """(first, last) view indices of every stretch with no new best by more than tol, and tol."""
    sm = c.smooth
    drop = float(sm[0] - sm.min())
    if drop <= 0:
        return [], 0.0
    tol = max(TOL_OF_DROP * drop, 2.0 * c.noise)
    best, mark, spans = float(sm[0]), 0, []
    for i in range(1, c.m):
        if sm[i] < best - tol:
            spans.append((mark, i - 1))
            best, mark = float(sm[i]), i
    spans.append((mark, c.m - 1))
    return [_own_scale(sm, a, b) for a, b in spans], tol


def _own_scale(sm: np.ndarray, a: int, b: int) -> tuple[int, int]:
    """Start a stall where the loss is within 2x of its lowest level in it: against the whole drop 0.01 -> 0.0002
    is no progress, but on the loss's own scale it is a 50x fall (converging towards 0), not a stall."""
    low = float(sm[a:b + 1].min())
    while a < b and low > 0 and float(sm[a]) * (1.0 - MAX_OWN_FALL) > low:
        a += 1
    return a, b


def pick(c: Curve) -> tuple[int, int, float] | None:
    """The longest stall that a real drop ended; else the stall still running at the end, if long enough."""
    spans, tol = stalls(c)
    if not spans:
        return None
    sm = c.smooth
    drop = float(sm[0] - sm.min())
    min_len = max(MIN_LEN, MIN_LEN_SHARE * c.m)
    ended = [(a, b) for a, b in spans if b < c.m - 1 and b - a >= min_len
             and float(sm[b] - sm[b + 1:].min()) >= ESCAPE_OF_DROP * drop]
    if ended:
        a, b = max(ended, key=lambda ab: ab[1] - ab[0])
        return a, b, tol
    a, b = spans[-1]
    if b - a >= max(min_len, END_MIN_SHARE * c.m):
        return a, b, tol
    return None


@rule(code="LD105", name="plateau", severity=Severity.INFO, requires=(Requirement(Kind.LOSS, Split.TRAIN),),
      summary=Text("Loss stopped improving for a long stretch.", "损失长时间不再改善。"))
def plateau(ctx: Context) -> Iterator[Finding]:
    """
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
    counts as the cause; a stall starts only where the loss is within 2x of its lowest level in it (a loss converging
    towards 0, 0.01 -> 0.0002, is tiny against the whole drop but not stalled). Info only: a plateau is not a fault
    by itself.
    """
    s = ctx.run.find(Kind.LOSS, Split.TRAIN)
    c = make_curve(s) if s is not None else None
    if c is None or c.m < MIN_POINTS:
        return
    if float(c.smooth[0] - c.smooth.min()) < MIN_DROP * abs(c.start):
        return  # a loss that never really fell has no plateau to speak of (loss_not_decreasing covers it)
    st = pick(c)
    if st is None:
        return
    a, b, tol = st
    length = b - a
    sm = c.smooth
    ongoing = b == c.m - 1
    x0, x1 = c.fmt_x(a), c.fmt_x(b)
    u_en, u_zh = c.unit
    sched = schedule.schedule_of(ctx.run)
    decays = schedule.event_positions(sched, ("decay",), c.axis, float(c.x[0]), float(c.x[-1]))
    end_x = c.fmt_x(min(b + 1, c.m - 1))
    split_share = 0.0
    if not ongoing:  # where the level actually dropped: the change point in the mean after the stall began
        k, split_share = stats.best_split(c.y[a:])
        if split_share >= 0.5 and a + k < c.m:
            end_x = c.fmt_x(a + k)
    tol_x = max(1.0, 0.05 * float(c.x[-1] - c.x[0]))
    by_decay = (not ongoing) and schedule.near(end_x, decays, tol_x)
    decay_x = float(decays[np.argmin(np.abs(decays - end_x))]) if by_decay else end_x
    gained = float(sm[a] - sm[a:b + 1].min())  # what the stretch improved on its own start (a rise is no progress)
    if ongoing:
        en = (f"{c.key} made no real progress for the last {length} points ({u_en} {x0:g}-{x1:g}, "
              f"{length / (c.m - 1):.0%} of the run): its best improved by {gained:.3g}, under {tol:.3g}.")
        zh = (f"{c.key} 在最后 {length} 个点（第 {x0:g}-{x1:g} {u_zh}，占训练的 {length / (c.m - 1):.0%}）没有实质进展："
              f"最佳值只改善了 {gained:.3g}，小于 {tol:.3g}。")
    elif by_decay:
        en = (f"{c.key} stalled from {u_en} {x0:g} to {x1:g} and fell again when the learning rate was decayed at "
              f"{u_en} {decay_x:g}: the schedule ended this plateau, as intended.")
        zh = (f"{c.key} 在第 {x0:g} 到 {x1:g} {u_zh}停滞，并在第 {decay_x:g} {u_zh}学习率衰减时再次下降："
              "这个平台由学习率调度按预期结束。")
    else:
        en = f"{c.key} stalled from {u_en} {x0:g} to {x1:g} ({length} points), then started falling again."
        zh = f"{c.key} 在第 {x0:g} 到 {x1:g} {u_zh}停滞（{length} 个点），之后再次下降。"
    causes = ()
    if by_decay or (ongoing and (sched is None or not sched.decayed)):
        causes = (Cause("lr_too_high", 0.3,
                        Text("the loss only moves again once the LR is lower" if by_decay else
                             "with a constant LR the loss stalls where a smaller step would settle lower",
                             "学习率降低后损失才再次下降" if by_decay else "学习率不变时损失停滞，而更小的步长能下降得更低")),)
    patience = max(2, math.ceil(0.1 * c.m))
    fixes = (reduce_lr_on_plateau(patience),) + ((early_stopping(int(round(x0)), patience, float(tol)),)
                                                   if ongoing else ())
    yield Finding(
        code="LD105", name="plateau", severity=Severity.INFO, message=Text(en, zh),
        span=Span(c.axis, x0, x1),
        evidence={"plateau_start_" + u_en: x0, "plateau_end_" + u_en: x1, "points": length,
                  "share_of_run": length / (c.m - 1), "improvement_during": gained, "tolerance": tol,
                  "ongoing_at_end": ongoing, "ended_by_lr_decay": by_decay,
                  **({"lr_decay_" + u_en: decay_x} if by_decay else {}),
                  **({} if ongoing else {"drop_" + u_en: end_x, "drop_explains_variance": split_share})},
        causes=causes,
        fixes=fixes,
        series=(c.key,),
        experiment=Text(f"Rerun with ReduceLROnPlateau (patience {patience}): the stall should end earlier.",
                        f"使用 ReduceLROnPlateau（patience {patience}）重新训练：停滞应更早结束。"),
    )
