"""LD117 still_improving: the losses were still falling when training stopped."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..findings import Cause, Finding, Severity, Span
from ..i18n import Text
from ..model import Kind, Split
from ._cause_evidence import LrReading, unabated
from ._confidence import confidence
from ._curve import Curve, per_unit, trend
from ._rule import Context, Requirement, Verdict, define, opt
from .fixes_training import train_longer

DOC = """
## What it detects
At the end of the run the loss is still falling clearly: the last quarter has a significant downward slope
(t <= -2.5) and still gave a real share of the total drop. When both training and validation losses are logged,
both must be falling (seed 002: "train loss 不断下降, test loss 不断下降: 网络仍在学习").

## Why it matters
The run stopped before the model converged: more epochs would give a better model at no risk yet (validation
is still improving).

## How to fix
Train longer, with early stopping to stop at the right time. The finding estimates how many more epochs the
current trend needs to level off.

## Thresholds
At least 5 points. Last 25% of the run: OLS t <= -2.5, gain >= 5% of the curve's whole drop, and the end within
2 noise levels of the best. Extra epochs: gains per window shrink geometrically at the ratio of the last two
windows until a window gives < 1% of the whole drop (capped at 3x the run). An excerpt of 3-5 points (too few for the slope test): every step down for each logged loss
and the last step still 10% or more of its drop (info, low confidence). A short curve beside a long one (5 evaluations
beside a per-step training loss) is read the same way, and the long one by its own slope test: every step down is all
5 points can show, and the long curve has the points for the test.
Not when a logged learning rate ends at 5% of its peak or less: an annealed schedule's last gain is its planned end.
A whole drop under 1% of the curve's starting level is a frozen loss with a trace of creep, not improvement.
A run stated to be a fine-tune (`--fine-tune`) is short by design: not on an excerpt, and on fewer than 10 points only
when the last quarter still gave 25%+ of the whole drop (it has not begun to level off).
"""


@dataclass(frozen=True)
class Options:
    min_points: int = opt(5, "fewer points cannot show an end-of-run slope apart from the start")
    last_share: float = opt(0.25, "the end of the run is its last quarter (at least 4 points)")
    min_t: float = opt(-2.5, "the slope over the last quarter is significantly negative: OLS t at or below this")
    min_share_of_drop: float = opt(0.05, "and the last quarter still gave at least 5% of the curve's whole drop")
    end_noise_levels: float = opt(2.0, "and the end is within this many noise levels of the best point")
    excerpt_min_points: int = opt(3, "an excerpt of 3-5 points is read from every step (no slope test has the "
                                     "points) ...")
    excerpt_last_share: float = opt(0.1, "... each step down, the last one still 10%+ of the drop (low confidence)")
    fine_tune_min_points: int = opt(10, "a run stated to be a fine-tune is short by design: over fewer than 10 "
                                        "points a loss still falling is expected ...")
    fine_tune_min_share: float = opt(0.25, "... and said only when the last quarter still gave a quarter or more of "
                                           "the whole drop: the fall has not begun to level off")
    level_off: float = opt(0.01, "'levelled off' = a window gains under 1% of the whole drop (for the estimate of "
                                 "how many more epochs are needed)")
    annealed: float = opt(0.05, "a logged learning rate that ends at 5% of its peak or less was annealed: the fall "
                                "at the end is the schedule's last gain, planned (cosine, one-cycle, step decays to "
                                "the end); more epochs at that rate add little - the schedule, not the stop, ended it")
    min_drop_of_level: float = opt(0.01, "a curve still improving has improved: its whole drop is at least 1% of "
                                         "its starting level (17.612 -> 17.608 over a run is a frozen loss with a "
                                         "trace of creep, however straight the line)")


@dataclass(frozen=True)
class Fall:
    """End-of-run numbers of one curve."""

    curve: Curve
    slope: float  # per view point, over the last window
    se: float
    t: float
    recent_gain: float  # what the last window gained
    total_drop: float  # start of the smoothed curve to its lowest point
    window: int
    prev_gain: float  # what the window before gained
    end_above_best: float  # smoothed end minus smoothed lowest point
    excerpt: bool = False  # 3-5 points: read from every step, not from a slope test
    level: float = 0.0  # the curve's starting level (|median of its first three view points|)


@dataclass(frozen=True)
class Evidence:
    falls: tuple[Fall, ...]  # validation first, then training
    lr_max: float | None = None  # the largest learning rate the log holds (causes: a small step, not slowing)
    fine_tune: bool = False  # the user stated a fine-tune: short by design, a gentle fall at the end is expected
    lr_end: float | None = None  # the last logged learning rate (an annealed schedule ended the run)


def fall_of(c: Curve, o: Options) -> Fall | None:
    """The end-of-run slope and gains of one curve; None when it is too short or never fell."""
    k = max(4, int(math.ceil(o.last_share * c.m)))
    if o.excerpt_min_points <= c.m < k + 2:
        return _excerpt_fall(c)
    if c.m < o.min_points or c.m < k + 2:
        return None
    if not math.isfinite((float(c.x[-1]) - float(c.x[0])) * 3 * c.m):
        return None  # a step counter near float range (a damaged log): no number of steps to extrapolate
    sm = c.smooth
    total = float(sm[0] - sm.min())
    if total <= 0:
        return None
    slope, se, t = trend(c.y[-k:])
    recent = float(np.median(c.y[-k:-k + max(1, k // 3)]) - np.median(c.y[-max(1, k // 3):]))
    prev = c.y[-2 * k:-k] if c.m >= 2 * k + 1 else c.y[:-k]
    prev_gain = float(np.median(prev[: max(1, prev.size // 3)]) - np.median(prev[-max(1, prev.size // 3):]))
    return Fall(c, slope, se, t, recent, total, k, prev_gain, float(sm[-1] - sm.min()), level=_level(c))


def _excerpt_fall(c: Curve) -> Fall | None:
    """A 3-5 point excerpt: no slope test has the points, but a loss that falls at every step and whose last step is
    still a real part of its drop is read as still falling at a glance."""
    y = c.y
    total = float(y[0] - y.min())
    if total <= 0:
        return None
    slope, se, t = trend(y)
    return Fall(c, slope, se, t, float(y[-2] - y[-1]), total, int(c.m), float(y[-3] - y[-2]),
                float(y[-1] - y.min()), excerpt=True, level=_level(c))


def _level(c: Curve) -> float:
    """Where the curve started, on its own scale (the drop is judged against it)."""
    return abs(float(np.median(c.y[:3])))


def _moved(f: Fall, o: Options) -> bool:
    """The whole drop is a visible share of the loss's own level: a loss that moved by a hundredth of a percent
    is frozen, however significant the slope of its creep."""
    return f.total_drop >= o.min_drop_of_level * f.level


def _excerpt_falling(f: Fall, o: Options) -> bool:
    """An excerpt still falling at a glance: every step down, the last one still a real part of the drop, and the
    whole drop a visible share of the level."""
    y = f.curve.y
    return bool(np.all(np.diff(y) < 0) and f.recent_gain >= o.excerpt_last_share * f.total_drop and _moved(f, o))


def measure(ctx: Context, o: Options) -> Evidence | None:
    """The end-of-run fall of each logged loss (validation first)."""
    curves = [ctx.curve(s) for s in (ctx.run.find(Kind.LOSS, Split.VAL), ctx.run.find(Kind.LOSS, Split.TRAIN))]
    curves = [c for c in curves if c is not None]
    if any(c.values.size < c.series.values.size and not np.isfinite(c.series.values[-1]) for c in curves):
        return None  # the run ended in NaN/inf: it did not stop while improving
    judged = [c for c in curves if c.m >= o.min_points]
    if not judged:  # an excerpt: every curve is short, each read from its steps
        judged = [c for c in curves if c.m >= o.excerpt_min_points]
    falls = []
    for c in judged:
        f = fall_of(c, o)
        if f is None:
            return None
        falls.append(f)
    return Evidence(tuple(falls), ctx.schedule.lr_max if ctx.schedule is not None else None,
                    ctx.stated.fine_tune is True,
                    ctx.schedule.lr_end if ctx.schedule is not None else None) if falls else None


def judge(e: Evidence, o: Options) -> Verdict | None:
    if e.lr_max is not None and e.lr_end is not None and e.lr_max > 0 and e.lr_end <= o.annealed * e.lr_max:
        return None  # the schedule annealed the step to almost nothing: the last fall is its planned end
    if e.fine_tune and any(f.excerpt for f in e.falls):
        return None  # a stated fine-tune of a few epochs: still falling when it stops is what a fine-tune does
    if any(f.excerpt for f in e.falls):
        for f in e.falls:  # every step down, and the last one still a real part of the drop
            if not f.excerpt:  # a long curve beside the excerpt (steps beside 5 evaluations): its own slope test
                if not _falling(f, o):
                    return None
            elif not _excerpt_falling(f, o):
                return None
        n = min(f.window for f in e.falls if f.excerpt)
        return Verdict(Severity.INFO, min(0.5, confidence(float(n), 5.0, n)), settle=Text(
            f"Only {n} points were seen: a few more would show when it levels off.",
            f"只看到 {n} 个点：再多几个点就能看出它何时趋于平稳。"))
    for f in e.falls:
        if not _falling(f, o):
            return None
    weakest = max(e.falls, key=lambda f: f.t)
    short = min(f.curve.m for f in e.falls) < o.fine_tune_min_points
    share = min(f.recent_gain / f.total_drop for f in e.falls if f.total_drop > 0) if all(
        f.total_drop > 0 for f in e.falls) else 0.0
    if e.fine_tune and short and share < o.fine_tune_min_share:
        return None  # a short stated fine-tune winding down: expected
    return Verdict(Severity.INFO, confidence(-weakest.t, -o.min_t, weakest.window), settle=Text(
        f"The run is stated to be a fine-tune (--fine-tune), short by design, but its last quarter still gave "
        f"{share:.0%} of the whole drop: it has not begun to level off.",
        f"已说明这是微调（--fine-tune），本就训练很短，但最后四分之一仍贡献了总降幅的 {share:.0%}：尚未开始趋于平稳。")
        if e.fine_tune and short else None)


def _falling(f: Fall, o: Options) -> bool:
    """The slope test of a curve with the points for it: significant fall at the end, a real share of the drop, the
    end at its best."""
    return not (f.t > o.min_t or f.recent_gain < o.min_share_of_drop * f.total_drop
                or f.end_above_best > o.end_noise_levels * f.curve.noise) and _moved(f, o)


def extra_evaluations(f: Fall, m: int, o: Options) -> int:
    """Evaluations until a window gains < 1% of the whole drop, if gains keep shrinking at the recent ratio."""
    k = f.window
    q = f.recent_gain / f.prev_gain if f.prev_gain > 0 else 1.0
    target = o.level_off * f.total_drop
    if q >= 0.95 or q <= 0:
        return int(max(k, m))  # not slowing down: about as long again
    windows = math.log(target / f.recent_gain) / math.log(q) if f.recent_gain > target else 1.0
    return int(min(max(k, math.ceil(windows) * k), 3 * m))


def explain(e: Evidence, v: Verdict, o: Options) -> Finding:
    f = e.falls[0]
    c = f.curve
    u_en, u_zh = c.unit
    extra_pts = extra_evaluations(f, c.m, o)
    per_pt = (float(c.x[-1] - c.x[0]) / (c.m - 1)) if c.m > 1 else 1.0
    extra = max(1, int(round(extra_pts * per_pt)))
    now = int(round(float(c.x[-1])))
    slope_u, se_u = per_unit(c, f.slope), per_unit(c, f.se)
    keys = [x.curve.key for x in e.falls]
    names = " and ".join(keys)
    x0 = c.fmt_x(c.m - f.window)
    share = f.recent_gain / f.total_drop
    return Finding(
        code="LD117", name="still_improving", severity=v.severity,
        message=Text(f"{names} still falling at the end: {c.key} {slope_u:.3g} ± {se_u:.2g} per {u_en} over the last "
                     f"{f.window} points, which gave {share:.0%} of its whole drop; "
                     f"about {extra} more {u_en}s should be needed to level off.",
                     f"{names} 在结束时仍在下降：{c.key} 在最后 {f.window} 个点每{u_zh} {slope_u:.3g} ± {se_u:.2g}，"
                     f"贡献了总降幅的 {share:.0%}；预计还需约 {extra} 个{u_zh}才会趋于平稳。"),
        span=Span(c.axis, x0, float(c.x[-1])),
        evidence={"slope_per_" + u_en: slope_u, "slope_stderr": se_u, "slope_t": f.t,
                  "recent_gain_share": share, "extra_" + u_en + "s_estimate": extra, "curves": keys},
        causes=(Cause("insufficient_training", 0.75,
                      Text("both curves were still improving when the run stopped",
                           "训练停止时曲线仍在改善")),) + _small_steps(e, c),
        fixes=(train_longer(max(now, 1), extra, u_en),),
        series=tuple(keys),
        experiment=Text(f"Resume from the last checkpoint for {extra} more {u_en}s with early stopping "
                        "(patience 10% of the run): the validation loss should keep falling.",
                        f"从最后的检查点继续训练 {extra} 个{u_zh}并开启早停（patience 为训练长度的 10%）：验证损失应继续下降。"),
    )


def _small_steps(e: Evidence, c: Curve) -> tuple[Cause, ...]:
    """A small logged learning rate and a fall that keeps its pace: larger steps would get there sooner."""
    lr = LrReading(e.lr_max)
    if not (lr.small and unabated(c.smooth)):
        return ()
    lr_en, lr_zh = lr.phrase()
    return (Cause("lr_too_low", 0.4, Text(f"the loss falls at the same pace to the end{lr_en}: steps this small make "
                                          "slow, steady progress", f"损失以不变的速度一直下降{lr_zh}：步长这么小，进展稳定但缓慢")),)


still_improving = define(
    code="LD117", name="still_improving", severity=Severity.INFO, requires=(Requirement(Kind.LOSS),),
    summary=Text("The losses were still falling when training stopped.", "训练停止时损失仍在下降。"),
    options=Options, measure=measure, judge=judge, explain=explain, doc=DOC)
