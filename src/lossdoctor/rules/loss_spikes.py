"""LD109 loss_spikes: sudden isolated jumps in the loss that the curve then recovers from."""
from __future__ import annotations

from typing import Iterator

import numpy as np

from .. import stats
from ..findings import Cause, Finding, Severity, Span
from ..i18n import Text
from ..model import Axis, Kind, Run, Series, Split
from . import schedule
from ._confidence import confidence
from ._rule import Context, Requirement, rule
from .fixes import gradient_clipping, lower_lr
from .fixes_training import lr_warmup

MIN_POINTS = 10
Z_EPOCH = 6.0  # robust z-score of the jump above the local trend, epoch-level
Z_STEP = 8.0  # step-level batch losses are heavy-tailed: stricter
REL_EPOCH = 0.25  # and the jump is at least 25% of the local level (epoch) ...
REL_STEP = 2.0  # ... or 200% (step: one batch's loss is heavy-tailed; 2.5x the trend is a hard batch, not a spike)
STEP_RANGE_SHARE = 0.1  # step-level: and the jump is >= 10% of the range the curve covers
MAX_SPIKE_SHARE = 0.02  # more than 2% of points "spiking" is heavy-tailed noise, not isolated spikes
WIDE_DECADES = 100.0  # an epoch-level loss spanning 2+ decades is judged in log space (like a log-scale plot) ...
LOCAL_NOISE_FLOOR = 0.5  # step-level: the local noise is at least half the curve's median noise
WIDE_START_SHARE = 0.05  # ... and its jumps must reach at least 5% of the starting loss


def spike_series(run: Run) -> Series | None:
    """The densest training loss (spikes need resolution), else any loss."""
    cands = run.find_all(Kind.LOSS, Split.TRAIN) or run.find_all(Kind.LOSS)
    cands = [s for s in cands if s.primary] or cands
    return max(cands, key=len) if cands else None


def find_spikes(steps: np.ndarray, v: np.ndarray, step_level: bool) -> dict[str, np.ndarray | float] | None:
    """Indices, z-scores and trend of isolated upward jumps; None when the series is too short or too noisy.

    Step-level batch losses are judged in log space against their local noise: a batch's loss varies by a
    factor, not by a fixed amount, and the spread shrinks as training converges, so one noise level for the
    whole run would call every hard batch of the early, noisy part a spike. An epoch-level loss is judged on the
    linear scale and, when it spans two decades or more and nothing stood out there, on the log scale too (a jump
    from 1e-5 back to 0.1 is invisible next to a start at 2.3 on a linear plot).
    """
    if v.size < MIN_POINTS:
        return None
    positive = bool(np.all(v > 0))
    if step_level:
        return _spikes(v, step_level, log_space=positive)
    found = _spikes(v, step_level, log_space=False)
    if found is None and positive and float(v.max()) >= WIDE_DECADES * float(v.min()):
        found = _spikes(v, step_level, log_space=True)
    return found


def _spikes(v: np.ndarray, step_level: bool, log_space: bool) -> dict[str, np.ndarray | float] | None:
    n = v.size
    w = int(max(5, min(101, (n // 25) | 1)))
    y = np.log(v) if log_space else v
    trend_y = stats.rolling_median(y, w)
    resid = y - trend_y
    if log_space:
        noise_at = np.maximum(1.4826 * stats.rolling_median(np.abs(resid), 4 * w + 1), 1e-12)
        noise = float(np.median(noise_at))
        # the local spread is judged against the curve's own: near the edges the window is padded with copies of
        # one residual and can read almost 0, which made ordinary batch noise in the first steps look like spikes
        noise_at = np.maximum(noise_at, LOCAL_NOISE_FLOOR * noise)
    else:
        noise = stats.mad(resid)
        floor = 1e-12 * max(float(np.median(np.abs(v))), 1e-300)
        if noise <= floor:
            noise = max(stats.noise_level(v), floor)
        noise_at = np.full(n, noise)
    z = resid / noise_at
    trend = np.exp(trend_y) if log_space else trend_y
    jump = v - trend
    zthr, rel = (Z_STEP, REL_STEP) if step_level else (Z_EPOCH, REL_EPOCH)
    level = np.maximum(np.abs(trend), 1e-300)
    hit = (z >= zthr) & (jump >= rel * level)
    if step_level:  # a hard batch near convergence is a blip; an unstable update throws the loss back up its curve
        hit &= jump >= STEP_RANGE_SHARE * float(np.ptp(trend))
    elif log_space:  # x1000 on a loss of 1e-6 is nothing; a jump back to a share of where the run started is
        hit &= jump >= WIDE_START_SHARE * float(np.median(v[:3]))
    hit[: min(max(2, w // 2 if step_level else 2), n)] = False  # no trend to stand out from before half a window
    idx = np.flatnonzero(hit)
    if idx.size == 0:
        return None
    if step_level and n > 200 and idx.size > MAX_SPIKE_SHARE * n + 2:
        return None
    # one spike per run of consecutive indices: keep its highest point
    groups = np.split(idx, np.flatnonzero(np.diff(idx) > 1) + 1)
    peaks = np.array([g[np.argmax(z[g])] for g in groups])
    return {"peaks": peaks, "z": z[peaks], "trend": trend[peaks], "values": v[peaks], "window": float(w),
            "noise": float(noise), "log_space": log_space}


@rule(code="LD109", name="loss_spikes", severity=Severity.WARNING, requires=(Requirement(Kind.LOSS),),
      summary=Text("Sudden isolated jumps in the loss.", "损失出现突然的孤立尖峰。"))
def loss_spikes(ctx: Context) -> Iterator[Finding]:
    """
    ## What it detects
    Isolated upward jumps of the training loss above its local trend (a rolling median), that the curve recovers
    from within a few points. Each spike is reported with its step, value, ratio to the trend and robust z-score.

    ## Why it matters
    A spike is one update that threw the model far off: a gradient that was much too large (a bad batch, an
    outlier, a loss scale overflow, an LR too high for that region). Spikes often come just before a divergence
    or NaN; recovered spikes still cost progress.

    ## How to fix
    Clip the gradient norm, lower or warm up the learning rate, look at the batches at the spike steps (outliers,
    corrupt samples, wrong labels).

    ## Thresholds
    At least 10 points. Residual from a centred rolling median (window n/25, 5 to 101 points); robust noise =
    MAD of residuals (step-level, positive losses: in log space, the MAD over the 4n/25 points around each point,
    because batch-loss noise is multiplicative and shrinks as training converges; an epoch-level loss that spans two
    decades or more and has no spike on the linear scale is also judged that way, and its jumps must then reach 5%
    of the starting loss). A spike has z >= 6
    (epoch-level) or >= 8 (step-level) and is >= 25% (epoch) or 200% (step,
    i.e. 3x the trend: single-batch losses are heavy-tailed) above the local level; step-level jumps must also be
    >= 10% of the range the curve covers (an epoch average that jumps 25% is an event; one batch that does is not). Step-level series where more than 2% of points pass are heavy-tailed noise, not
    spikes. The local noise is at least half the curve's median noise, and the first half-window of a step-level
    log (where the rolling trend is padded) is not judged: ordinary batch noise in the first steps is not a spike.
    Jumps within 2 points (or 1% of the run) of a logged LR warm-up end, restart or decay are the
    schedule and are not counted.
    """
    s = spike_series(ctx.run)
    if s is None:
        return
    cut = stats.first_nonfinite(s.values)
    ok = np.isfinite(s.values[:cut] if cut is not None else s.values)
    steps = (s.steps[:cut] if cut is not None else s.steps)[ok]
    v = (s.values[:cut] if cut is not None else s.values)[ok]
    step_level = s.axis is Axis.STEP
    found = find_spikes(steps, v, step_level)
    if found is None:
        return
    peaks = found["peaks"]
    assert isinstance(peaks, np.ndarray)
    sched = schedule.schedule_of(ctx.run)
    events = schedule.event_positions(sched, ("restart", "warmup_end", "decay"), s.axis.value,
                                      float(steps[0]), float(steps[-1]))
    if events.size:
        pos = np.searchsorted(steps, events).clip(0, steps.size - 1)
        tol_pts = max(2, int(0.01 * steps.size))
        keep = np.array([np.min(np.abs(pos - p)) > tol_pts for p in peaks])
    else:
        keep = np.ones(peaks.size, dtype=bool)
    excluded = int((~keep).sum())
    if not keep.any():
        return
    z = np.asarray(found["z"])[keep]
    trend = np.asarray(found["trend"])[keep]
    vals = np.asarray(found["values"])[keep]
    peaks = peaks[keep]
    xs = steps[peaks]
    ratio = np.where(np.abs(trend) > 0, vals / np.where(trend == 0, 1, trend), np.inf)
    top = int(np.argmax(z))
    u_en, u_zh = ("epoch", "轮") if s.axis is Axis.EPOCH else ("step", "步")
    shown = ", ".join(f"{x:g}" for x in xs[:8]) + (" ..." if xs.size > 8 else "")
    grad_hit = _grad_spikes_align(ctx, xs)
    yield Finding(
        code="LD109", name="loss_spikes", severity=Severity.WARNING,
        message=Text(
            f"{s.key} spiked {xs.size} time(s) at {u_en} {shown}; the largest went to {vals[top]:.4g}, "
            f"{ratio[top]:.3g}x the local trend {trend[top]:.4g} (z = {z[top]:.1f}), and the curve recovered.",
            f"{s.key} 在第 {shown} {u_zh}出现 {xs.size} 次尖峰；最大一次达到 {vals[top]:.4g}，为局部趋势 {trend[top]:.4g} 的 "
            f"{ratio[top]:.3g} 倍（z = {z[top]:.1f}），之后曲线恢复。"),
        span=Span(s.axis.value, float(xs[0]), float(xs[-1])),
        evidence={"spike_" + u_en + "s": [float(x) for x in xs[:50]], "spike_values": [float(x) for x in vals[:50]],
                  "z_scores": [round(float(x), 2) for x in z[:50]], "max_z": float(z[top]),
                  "max_ratio_to_trend": float(ratio[top]), "count": int(xs.size), "window": found["window"],
                  "noise": found["noise"], "noise_in_log_space": found["log_space"],
                  "excluded_at_lr_events": excluded,
                  "grad_norm_spikes_align": grad_hit},
        causes=(
            Cause("exploding_gradients", 0.6 if grad_hit else 0.4,
                  Text("the gradient norm jumped at the same steps" if grad_hit else
                       "one oversized gradient step throws the loss up, and it takes steps to recover",
                       "梯度范数在相同步数跳升" if grad_hit else "一次过大的梯度更新把损失抛高，需要若干步恢复")),
            Cause("lr_too_high", 0.4, Text("with a smaller step one bad batch cannot move the model this far",
                                           "步长较小时，一个坏批次不会把模型推得这么远")),
            Cause("batch_too_small", 0.2, Text("small batches let a single outlier dominate a gradient",
                                               "小批量让单个离群样本主导梯度")),
            Cause("noisy_labels", 0.15, Text("a batch of mislabelled or corrupt samples gives a huge loss",
                                             "一批标注错误或损坏的样本会产生巨大损失")),
        ),
        fixes=(gradient_clipping(), lower_lr(3), lr_warmup()),
        confidence=confidence(float(z[top]), Z_STEP if step_level else Z_EPOCH, int(v.size)),
        series=(s.key,),
        experiment=Text(f"Log the sample ids of the batches at {u_en} {shown} and look at them; attach "
                        "gradient-norm probes: a norm jump one step before each spike confirms oversized updates.",
                        f"记录第 {shown} {u_zh}批次的样本编号并检查；挂上梯度范数探针：若每次尖峰前一步梯度范数跳升，"
                        "即可确认是更新过大。"),
    )


def _grad_spikes_align(ctx: Context, xs: np.ndarray) -> bool:
    """True when a logged gradient-norm series also jumps (z >= 6) within 2 points of most loss spikes."""
    g = ctx.run.find(Kind.GRAD_NORM, Split.TRAIN) or ctx.run.find(Kind.GRAD_NORM, Split.NONE)
    if g is None or len(g) < MIN_POINTS:
        return False
    ok = np.isfinite(g.values)
    gs, gv = g.steps[ok], g.values[ok]
    if gv.size < MIN_POINTS:
        return False
    res = gv - stats.rolling_median(gv, max(5, (gv.size // 25) | 1))
    noise = stats.mad(res) or 1e-300
    jumps = gs[res / noise >= 6.0]
    if jumps.size == 0:
        return False
    pos = np.searchsorted(gs, xs).clip(0, gs.size - 1)
    near = [np.min(np.abs(np.searchsorted(gs, jumps) - p)) <= 2 for p in pos]
    return bool(np.mean(near) >= 0.5)
