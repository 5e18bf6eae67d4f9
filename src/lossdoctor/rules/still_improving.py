"""LD117 still_improving: the losses were still falling when training stopped."""
from __future__ import annotations

import math
from typing import Iterator

import numpy as np

from ..findings import Cause, Finding, Severity, Span
from ..i18n import Text
from ..model import Kind, Split
from ._curve import Curve, make_curve, per_unit, trend
from ._rule import Context, Requirement, rule
from .fixes_training import train_longer

MIN_POINTS = 5
LAST_SHARE = 0.25  # the last quarter of the run ...
MIN_T = -2.5  # ... has a significant downward slope ...
MIN_SHARE_OF_DROP = 0.05  # ... and still gave at least 5% of the curve's whole drop
LEVEL_OFF = 0.01  # "levelled off" = a window gains < 1% of the whole drop


def falling(c: Curve) -> dict[str, float] | None:
    """End-of-run slope and recent gain of one curve, when it is still clearly falling."""
    k = max(4, int(math.ceil(LAST_SHARE * c.m)))
    if c.m < MIN_POINTS or c.m < k + 2:
        return None
    sm = c.smooth
    total = float(sm[0] - sm.min())
    if total <= 0:
        return None
    win = c.y[-k:]
    slope, se, t = trend(win)
    recent = float(np.median(c.y[-k:-k + max(1, k // 3)]) - np.median(c.y[-max(1, k // 3):]))
    if t > MIN_T or recent < MIN_SHARE_OF_DROP * total or sm[-1] > sm.min() + 2 * c.noise:
        return None
    prev = c.y[-2 * k:-k] if c.m >= 2 * k + 1 else c.y[:-k]
    prev_gain = float(np.median(prev[: max(1, prev.size // 3)]) - np.median(prev[-max(1, prev.size // 3):]))
    return {"slope": slope, "se": se, "t": t, "recent_gain": recent, "total_drop": total, "window": float(k),
            "prev_gain": prev_gain}


def extra_evaluations(f: dict[str, float], m: int) -> int:
    """Evaluations until a window gains < 1% of the whole drop, if gains keep shrinking at the recent ratio."""
    k = f["window"]
    q = f["recent_gain"] / f["prev_gain"] if f["prev_gain"] > 0 else 1.0
    target = LEVEL_OFF * f["total_drop"]
    if q >= 0.95 or q <= 0:
        return int(max(k, m))  # not slowing down: about as long again
    windows = math.log(target / f["recent_gain"]) / math.log(q) if f["recent_gain"] > target else 1.0
    return int(min(max(k, math.ceil(windows) * k), 3 * m))


@rule(code="LD117", name="still_improving", severity=Severity.INFO, requires=(Requirement(Kind.LOSS),),
      summary=Text("The losses were still falling when training stopped.", "训练停止时损失仍在下降。"))
def still_improving(ctx: Context) -> Iterator[Finding]:
    """
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
    windows until a window gives < 1% of the whole drop (capped at 3x the run).
    """
    curves = []
    for split in (Split.VAL, Split.TRAIN):
        s = ctx.run.find(Kind.LOSS, split)
        c = make_curve(s) if s is not None else None
        if c is not None and c.m >= MIN_POINTS:
            curves.append(c)
    if not curves:
        return
    measured = [(c, falling(c)) for c in curves]
    if any(f is None for _, f in measured):
        return
    c, f = measured[0]
    assert f is not None
    u_en, u_zh = c.unit
    extra_pts = extra_evaluations(f, c.m)
    per_pt = (float(c.x[-1] - c.x[0]) / (c.m - 1)) if c.m > 1 else 1.0
    extra = max(1, int(round(extra_pts * per_pt)))
    now = int(round(float(c.x[-1])))
    slope_u, se_u = per_unit(c, f["slope"]), per_unit(c, f["se"])
    names = " and ".join(cc.key for cc, _ in measured)
    x0 = c.fmt_x(c.m - int(f["window"]))
    yield Finding(
        code="LD117", name="still_improving", severity=Severity.INFO,
        message=Text(f"{names} still falling at the end: {c.key} {slope_u:.3g} ± {se_u:.2g} per {u_en} over the last "
                     f"{int(f['window'])} points, which gave {f['recent_gain'] / f['total_drop']:.0%} of its whole drop; "
                     f"about {extra} more {u_en}s should be needed to level off.",
                     f"{names} 在结束时仍在下降：{c.key} 在最后 {int(f['window'])} 个点每{u_zh} {slope_u:.3g} ± {se_u:.2g}，"
                     f"贡献了总降幅的 {f['recent_gain'] / f['total_drop']:.0%}；预计还需约 {extra} 个{u_zh}才会趋于平稳。"),
        span=Span(c.axis, x0, float(c.x[-1])),
        evidence={"slope_per_" + u_en: slope_u, "slope_stderr": se_u, "slope_t": f["t"],
                  "recent_gain_share": f["recent_gain"] / f["total_drop"], "extra_" + u_en + "s_estimate": extra,
                  "curves": [cc.key for cc, _ in measured]},
        causes=(Cause("insufficient_training", 0.75,
                      Text("both curves were still improving when the run stopped",
                           "训练停止时曲线仍在改善")),),
        fixes=(train_longer(max(now, 1), extra, u_en),),
        series=tuple(cc.key for cc, _ in measured),
        experiment=Text(f"Resume from the last checkpoint for {extra} more {u_en}s with early stopping "
                        "(patience 10% of the run): the validation loss should keep falling.",
                        f"从最后的检查点继续训练 {extra} 个{u_zh}并开启早停（patience 为训练长度的 10%）：验证损失应继续下降。"),
    )
