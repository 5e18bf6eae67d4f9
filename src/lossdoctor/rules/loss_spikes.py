"""LD109 loss_spikes: sudden isolated jumps in the loss that the curve then recovers from."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .. import stats
from ..findings import Cause, Finding, Mark, Severity, Span
from ..i18n import Text
from ..model import Axis, Kind, Run, Series, Split
from . import schedule
from ._confidence import confidence, settle_more
from ._rule import Context, Requirement, Verdict, define, opt
from .fixes import gradient_clipping, lower_lr
from .fixes_training import lr_warmup

DOC = """
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
i.e. 3x the trend: single-batch losses are heavy-tailed) above the local level (a step-level batch thrown back
above where the run began, while the trend is below it, needs only z >= 6: no hard batch of a model that has learned
costs more than the untrained model did); step-level jumps must also be
>= 10% of the range the curve covers (an epoch average that jumps 25% is an event; one batch that does is not). Step-level series where more than 2% of points pass are heavy-tailed noise, not
spikes. The local noise is at least half the curve's median noise, and the first half-window of a step-level
log (where the rolling trend is padded) is not judged: ordinary batch noise in the first steps is not a spike; nor
are its last half-window (the last point of an epoch-level log), where no recovery can be seen.
Jumps within 2 points (or 1% of the run) of a logged LR warm-up end, restart or decay are the
schedule and are not counted. A spike must also be exceptional in number: at most 3 ordinary points (or 2% of
them; other spikes do not count) rise at least half as far above the trend (on an epoch-level curve the noise is at least each point's spread
against its neighbours' mean). A warning when spikes recur (3 or more) or one gives back at least half of the
progress made so far (measured from the median of the first three points); one or two smaller blips that the
curve recovers from are info. On an epoch-level log with 5+ validation evaluations, spikes the validation loss does
not share (its first evaluation at or after each under 3 of its noise levels above its 5-point running median) are
not reported: the logged value is one batch's loss (a progress bar prints the last batch's), the model did not move;
a test loss evaluated every epoch witnesses this as a validation loss does.
On an epoch-level curve a point 3x its local level (and past the z bar against the rolling median) is left out of the
neighbour noise with both its neighbours: spikes that recur (3 in 18 epochs) would otherwise make 9 of 16 neighbour
distances and hide themselves in the noise they inflate. The validation loss that witnesses the spikes has its noise
measured the same way (its shared jumps left out).
Spikes of a held-out loss when no training loss was logged are info (the evaluation varied; noisy_validation judges
that), and so are jumps of a loss with 10%+ of its points below zero (a signed objective such as a PPO actor loss
has no level for a ratio and no progress to give back), unless a jump reaches 3x the magnitude the loss's 99th
percentile reaches (a negative log-likelihood near -8 blowing up to 718 is still a spike).
On an epoch-level log a spike is a jump the curve comes back from (to within a quarter of the jump above the median
of the window before it); a jump it never comes back from is a shift of level (a new phase, a rebound, a
divergence), which the rebound and divergence rules judge.
Step-level jumps that last a few points: a training loss (10+ points, positive, a validation loss logged beside it
5+ times) that at least doubled over the median of the (up to n/25, 5+) points before it, that the curve came back from,
with at most 3 ordinary points (or 2%) rising half as far (log scale), is a spike when the validation loss evaluated
within the jump rose 3+ of its noise levels above the median of its 5 evaluations before (noise: the MAD of that rise
over the evaluations outside every jump): the model moved, not one batch (jumps it does not share keep the step-level
bars: a batch printed every few steps, noisy by a factor of 2, doubles now and then on its own). A Trainer logging a few times an epoch whose loss
went 0.25 -> 1.1 and back three times (the validation loss 0.18 -> 0.89 with it) shows spikes a centred median of 5
points, which a 3-point jump makes up most of, cannot see, and the 3x bar is for one batch's heavy-tailed loss.
A log of 5-9 points has no rolling trend: an inner point that rose from the point before and that the next point
came back from, 3x the median of the other points and 8 of their noise levels (MAD) above it, is a spike, a warning
when it threw the loss above where the run began, with a confidence and a note saying that a longer log would show
whether it recurs.
"""


@dataclass(frozen=True)
class Options:
    min_points: int = opt(10, "fewer points have no local trend for a jump to stand out from")
    z_epoch: float = opt(6.0, "robust z-score of the jump above the local trend, epoch-level")
    z_step: float = opt(8.0, "step-level batch losses are heavy-tailed: stricter")
    rel_epoch: float = opt(0.25, "and the jump is at least 25% of the local level (epoch) ...")
    rel_step: float = opt(2.0, "... or 200% (step: one batch's loss is heavy-tailed; 2.5x the trend is a hard batch, "
                               "not a spike)")
    step_range_share: float = opt(0.1, "step-level: and the jump is >= 10% of the range the curve covers")
    max_spike_share: float = opt(0.02, "more than 2% of points 'spiking' is heavy-tailed noise, not isolated spikes")
    wide_decades: float = opt(100.0, "an epoch-level loss spanning 2+ decades is judged in log space (like a "
                                     "log-scale plot) ...")
    wide_start_share: float = opt(0.05, "... and its jumps must reach at least 5% of the starting loss")
    local_noise_floor: float = opt(0.5, "step-level: the local noise is at least half the curve's median noise")
    lr_event_points: int = opt(2, "jumps within this many points (or 1% of the run) of a logged LR warm-up end, "
                                  "restart or decay are the schedule")
    grad_z: float = opt(6.0, "a gradient-norm jump (robust z) that aligns with the loss spikes")
    above_start_z: float = opt(6.0, "step-level: a batch thrown back above where the run began (the median of its "
                                    "first three points) while the trend is below it needs only the epoch-level z: "
                                    "no hard batch of a model that has learned costs more than the untrained model")
    unmistakable: float = opt(2.0, "a point 3x its local level (and z >= the bar against the rolling median) is a "
                                   "jump by its size alone: its distances to its neighbours are left out of the "
                                   "neighbour noise, which spikes that recur would otherwise inflate to hide "
                                   "themselves")
    recurring: int = opt(3, "a warning when spikes recur (3 or more) ...")
    undo_share: float = opt(0.5, "... or one gives back half the progress made so far; fewer, smaller blips that "
                                 "recover are info")
    val_jump_noise: float = opt(3.0, "epoch-level: a spike the validation loss does not share (its first evaluation "
                                     "at or after the spike under 3 of its noise levels above its running median) is "
                                     "a note: the logged value is one batch's loss, the model did not move")
    max_comparable: int = opt(3, "a spike is exceptional: at most this many ordinary points (or 2% of them) rise "
                                 "at least half as far above the trend; more are the curve's own noise")
    recover_share: float = opt(0.25, "epoch-level: a spike is a jump the curve comes back from, to within a quarter "
                                     "of the jump above the level before it; one it never comes back from is a shift "
                                     "of level, judged by the rebound and divergence rules")
    short_min_points: int = opt(5, "a log of 5-9 points has no rolling trend, but one point far above all the others "
                                   "(3x their median and 8 of their noise levels), which the next point comes back "
                                   "from, is a spike a person sees at a glance")
    witnessed_rise: float = opt(1.0, "step-level: a training loss that at least doubled over its level just before "
                                     "(100%), came back down, and whose validation loss jumped within it (3+ noise "
                                     "levels) is a spike without the 3x bar of a single batch: the held-out set moved")
    period_spread: float = opt(0.1, "causes: 3+ spikes whose gaps differ by at most 10% of their mean gap recur at a "
                                    "fixed period: something loaded at that period (a shard, a batch, an epoch's data "
                                    "order) throws the loss up, not the optimiser's step")
    signed_share: float = opt(0.1, "a loss with 10%+ of its points below zero is a signed objective (a policy-gradient "
                                   "or adversarial term): it has no level for a jump to be a multiple of and no "
                                   "progress to give back, so its jumps are a note ...")
    signed_outside: float = opt(3.0, "... unless they reach 3x the magnitude its 99th percentile reaches (a negative "
                                     "log-likelihood near -8 that blows up to 718)")


@dataclass(frozen=True)
class Evidence:
    series: Series
    steps: np.ndarray  # finite points before the first non-finite value
    values: np.ndarray
    step_level: bool
    lr_events: np.ndarray  # logged warm-up ends, restarts and decays
    grad_steps: np.ndarray  # positions of the logged gradient norm (empty when none)
    grad_jumps: np.ndarray  # positions where it jumped
    val_steps: np.ndarray = field(default_factory=lambda: np.empty(0))  # the validation loss (epoch-level logs)
    val_values: np.ndarray = field(default_factory=lambda: np.empty(0))


def spike_series(run: Run) -> Series | None:
    """The densest training loss (spikes need resolution), else any loss."""
    cands = run.find_all(Kind.LOSS, Split.TRAIN) or run.find_all(Kind.LOSS)
    cands = [s for s in cands if s.primary] or cands
    return max(cands, key=len) if cands else None


def find_spikes(steps: np.ndarray, v: np.ndarray, step_level: bool, o: Options | None = None
                ) -> dict[str, np.ndarray | float] | None:
    """Indices, z-scores and trend of isolated upward jumps; None when the series is too short or too noisy.

    Step-level batch losses are judged in log space against their local noise: a batch's loss varies by a
    factor, not by a fixed amount, and the spread shrinks as training converges, so one noise level for the
    whole run would call every hard batch of the early, noisy part a spike. An epoch-level loss is judged on the
    linear scale and, when it spans two decades or more and nothing stood out there, on the log scale too (a jump
    from 1e-5 back to 0.1 is invisible next to a start at 2.3 on a linear plot).
    """
    o = o or Options()
    if v.size < o.min_points:
        return _short_spikes(v, o) if v.size >= o.short_min_points else None
    positive = bool(np.all(v > 0))
    if step_level:
        return _spikes(v, step_level, positive, o)
    found = _spikes(v, step_level, False, o)
    if found is None and positive and float(v.max()) >= o.wide_decades * float(v.min()):
        found = _spikes(v, step_level, True, o)
    return found


def _spikes(v: np.ndarray, step_level: bool, log_space: bool, o: Options) -> dict[str, np.ndarray | float] | None:
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
        noise_at = np.maximum(noise_at, o.local_noise_floor * noise)
    else:
        # a short rolling median passes through many points, so the MAD of its residuals alone reads a noisy curve
        # as quieter than it is; the spread of each point against its two neighbours' mean cannot collapse so
        # ... but a spike also throws off the neighbour distance of both its neighbours: points far above their
        # rolling median (candidates) are left out of it, or three spikes in 18 epochs hide themselves in 9 of 16
        # distances (a deviance of 4.9 jumping to 333, 287 and 318 read as the curve's own noise)
        mad = stats.mad(resid)
        noise = max(mad, _neighbour_noise(y, (resid >= _zthr(step_level, o) * mad) & (
            resid >= o.unmistakable * np.abs(trend_y)) if mad > 0 else None))
        floor = 1e-12 * max(float(np.median(np.abs(v))), 1e-300)
        if noise <= floor:
            noise = max(stats.noise_level(v), floor)
        noise_at = noise  # one scale for every point (no n-long array of copies)
    z = resid / noise_at
    trend = np.exp(trend_y) if log_space else trend_y
    jump = v - trend
    zthr, rel = (o.z_step, o.rel_step) if step_level else (o.z_epoch, o.rel_epoch)
    level = np.abs(trend)  # rel * max(|trend|, 1e-300), in one buffer (a 10M-point series: 80 MB, not 240)
    np.maximum(level, 1e-300, out=level)
    level *= rel
    hit = z >= zthr
    if step_level and n > 3:  # thrown back above the untrained start while the trend is below it: unmistakable
        start = float(np.median(v[:3]))
        hit |= (z >= o.above_start_z) & (v > start) & (trend < start)
    hit &= jump >= level
    del level
    if step_level:  # a hard batch near convergence is a blip; an unstable update throws the loss back up its curve
        hit &= jump >= o.step_range_share * float(np.ptp(trend))
    elif log_space:  # x1000 on a loss of 1e-6 is nothing; a jump back to a share of where the run started is
        hit &= jump >= o.wide_start_share * float(np.median(v[:3]))
    hit[: min(max(2, w // 2 if step_level else 2), n)] = False  # no trend to stand out from before half a window
    hit[n - max(1, w // 2 if step_level else 1):] = False  # nor a recovery to see after the last points (a jump
    # there that stays is the start of a divergence or a rebound, which their own rules judge)
    idx = np.flatnonzero(hit)
    if idx.size == 0:
        return None
    if step_level and n > 200 and idx.size > o.max_spike_share * n + 2:
        return None
    # one spike per run of consecutive indices: keep its highest point
    groups = np.split(idx, np.flatnonzero(np.diff(idx) > 1) + 1)
    peaks = np.array([g[np.argmax(z[g])] for g in groups])
    # exceptional in number too: when more than a handful of ordinary points rise at least half as far above the trend
    # (in the space judged: half the log-ratio for a multiplicative loss), the peak is the top of the curve's own
    # noise, not an event (an epoch loss near zero judged on the log scale has its own test: the jumps must reach back
    # to a share of where the run started)
    if log_space and not step_level:
        return {"peaks": peaks, "z": z[peaks], "trend": trend[peaks], "values": v[peaks], "window": float(w),
                "noise": float(noise), "log_space": log_space}
    judged = np.arange(n) >= min(max(2, w // 2 if step_level else 2), n)
    allowed = max(o.max_comparable, int(o.max_spike_share * n))
    # (other spikes do not count against it: spikes that recur are still spikes)
    exceptional = np.array([int(np.sum(judged & ~hit & (resid >= 0.5 * resid[p]))) <= allowed for p in peaks])
    if not exceptional.any():
        return None
    peaks = peaks[exceptional]
    return {"peaks": peaks, "z": z[peaks], "trend": trend[peaks], "values": v[peaks], "window": float(w),
            "noise": float(noise), "log_space": log_space}


def _short_spikes(v: np.ndarray, o: Options) -> dict[str, np.ndarray | float] | None:
    """A log too short for a rolling trend (5-9 points): an inner point that stands far above all the others (the
    step-level thresholds against the others' median and MAD) and that the next point comes back from. The first
    point is the initial loss and the last shows no recovery: neither is judged."""
    n = v.size
    peaks, zs, trends = [], [], []
    for i in range(1, n - 1):  # at most 7 candidates
        rest = np.delete(v, i)
        level = float(np.median(rest))
        noise = max(1.4826 * float(np.median(np.abs(rest - level))), 1e-12 * max(abs(level), 1e-300))
        z = (float(v[i]) - level) / noise
        jump = float(v[i]) - level  # a peak: it rose from the point before and the next came back (a decaying
        # curve's second point stands above the median of the rest too, but it came down from the first)
        if (z >= o.z_step and jump >= o.rel_step * abs(level) and v[i - 1] - level < 0.5 * jump
                and v[i + 1] - level < 0.5 * jump):
            peaks.append(i), zs.append(z), trends.append(level)
    if not peaks:
        return None
    p = np.array(peaks)
    return {"peaks": p, "z": np.array(zs), "trend": np.array(trends), "values": v[p], "window": float(n),
            "noise": float((v[p[0]] - trends[0]) / zs[0]), "log_space": False}


def _zthr(step_level: bool, o: Options) -> float:
    """The z bar a jump must pass: a step-level curve's or an epoch-level one's."""
    return o.z_step if step_level else o.z_epoch


def _neighbour_noise(y: np.ndarray, skip: np.ndarray | None = None) -> float:
    """The noise of a curve from each point's distance to the mean of its two neighbours (robust: MAD), which a
    linear trend does not change; divided by sqrt(1.5), the spread that distance has for white noise. The distances
    that touch a `skip` point (a candidate spike: it sits in its own and both its neighbours') are left out, as long
    as 5 remain."""
    if y.size < 5:
        return 0.0
    r = y[1:-1] - 0.5 * (y[:-2] + y[2:])
    if skip is not None and skip.any():
        touched = skip[1:-1] | skip[:-2] | skip[2:]
        if int((~touched).sum()) >= 5:
            r = r[~touched]
    return float(stats.mad(r)) / math.sqrt(1.5)


def measure(ctx: Context, o: Options) -> Evidence | None:
    s = spike_series(ctx.run)
    if s is None:
        return None
    cut = stats.first_nonfinite(s.values)
    ok = np.isfinite(s.values[:cut] if cut is not None else s.values)
    steps = s.steps[:cut] if ok.all() else s.steps[:cut][ok]  # views before the first NaN: no copies
    v = s.values[:cut] if ok.all() else s.values[:cut][ok]
    if v.size < min(o.min_points, o.short_min_points):
        return None
    events = schedule.event_positions(ctx.schedule, ("restart", "warmup_end", "decay"), s.axis.value,
                                      float(steps[0]), float(steps[-1]))
    gs, gj = _grad_jumps(ctx, o)
    vs, vv = np.empty(0), np.empty(0)
    # the held-out loss witnesses whether the model moved: a test loss evaluated every epoch does it as a validation
    # loss does (MNIST course logs print "Test set: Average loss" after each epoch's progress bar)
    val = ctx.run.find(Kind.LOSS, Split.VAL) or ctx.run.find(Kind.LOSS, Split.TEST)
    # (on a step axis it witnesses the jumps of a training loss logged a few times an epoch: `_witnessed_jumps`)
    if val is not None and val.axis is s.axis and s.axis in (Axis.EPOCH, Axis.STEP) and val.key != s.key:
        okv = np.isfinite(val.values)
        vs, vv = val.steps[okv], val.values[okv]
    return Evidence(s, steps, v, s.axis is Axis.STEP, events, gs, gj, vs, vv)


def _came_back(v: np.ndarray, peaks: np.ndarray, w: int, o: Options) -> np.ndarray:
    """Per epoch-level peak: did the curve come back to within a quarter of the jump above the level before it (the
    median of the window before)? A jump it never comes back from is a shift to a new level (a new phase of
    training, a rebound, a divergence), which the rebound and divergence rules judge, not a spike (a quantised
    network's loss 0.44 -> 4.25 at the switch to quantisation-aware training, 1.67 sixty epochs later)."""
    out = np.ones(peaks.size, dtype=bool)
    for j, p in enumerate(peaks):  # a handful of peaks
        before = v[max(0, p - w):p]
        if before.size == 0 or p + 1 >= v.size:
            continue
        pre = float(np.median(before))
        out[j] = float(np.min(v[p + 1:])) <= pre + o.recover_share * (float(v[p]) - pre)
    return out


def _witnessed_jumps(e: Evidence, o: Options) -> dict[str, np.ndarray | float] | None:
    """Jumps of a step-level training loss that the held-out loss shares, read as a person reads two curves side by
    side: the training loss at least doubled over its level just before (the median of the window before it), came back
    down, at most a handful of ordinary points rose half as far, and the validation loss evaluated within the jump (from
    its first point to the first point after it) rose 3+ of its noise levels above its own level before (noise from the
    evaluations outside every jump). The 3x bar of a step-level spike is for one batch's heavy-tailed loss; a jump the
    whole held-out set shares is the model moving (a Trainer's loss logged a few times an epoch: 0.25 -> 1.1 and back,
    three times, the validation loss 0.18 -> 0.89 with it). A jump may last a few logged points: it is measured against the
    level before it, not a centred median it makes up half of."""
    v, n = e.values, e.values.size
    if n < o.min_points or e.val_values.size < 5 or not bool(np.all(v > 0)):
        return None
    w = int(max(5, min(101, (n // 25) | 1)))
    y = np.log(v)
    pre = np.full(n, np.nan)
    for i in range(3, n):  # the level before each point (3+ points of it)
        pre[i] = float(np.median(y[max(0, i - w):i]))
    rise = y - pre
    cand = np.nan_to_num(rise, nan=-np.inf) >= math.log(1.0 + o.witnessed_rise)
    cand[n - 1] = False  # no recovery to see after the last point
    idx = np.flatnonzero(cand)
    if idx.size == 0:
        return None
    groups = np.split(idx, np.flatnonzero(np.diff(idx) > 1) + 1)
    vx, vy = e.val_steps, e.val_values
    if not bool(np.all(vy > 0)):
        return None
    ly = np.log(vy)
    # the held-out loss against its own level just before (the median of up to 5 evaluations before it, 2+), its
    # noise from the evaluations outside every jump window (the jumps themselves would inflate it: 3 shared jumps in
    # 16 evaluations)
    vrise = np.full(vy.size, np.nan)
    for j in range(2, vy.size):
        vrise[j] = ly[j] - float(np.median(ly[max(0, j - 5):j]))
    windows = [(float(e.steps[g[0]]), float(e.steps[min(int(g[-1]) + 1, n - 1)])) for g in groups]
    inside = np.zeros(vy.size, dtype=bool)
    for a, b in windows:
        inside |= (vx >= a - 1e-9) & (vx <= b + 1e-9)
    calm = vrise[~inside & np.isfinite(vrise)]
    if calm.size < 4:
        return None
    vcentre = float(np.median(calm))
    vnoise = max(1.4826 * float(np.median(np.abs(calm - vcentre))), 1e-12)
    vz = np.nan_to_num((vrise - vcentre) / vnoise, nan=-np.inf)
    in_group = np.zeros(n, dtype=bool)
    in_group[idx] = True
    peaks, zs, seen = [], [], []
    for g in groups:
        p = int(g[np.argmax(rise[g])])
        after = int(g[-1]) + 1
        if after >= n:
            continue
        # exceptional: at most a handful of ordinary points rise half as far above the level before them
        comparable = int(np.sum(~in_group & (np.nan_to_num(rise, nan=-np.inf) >= 0.5 * rise[p])))
        if comparable > max(o.max_comparable, int(o.max_spike_share * n)):
            continue
        within = (vx >= e.steps[g[0]] - 1e-9) & (vx <= e.steps[after] + 1e-9)
        peaks.append(p)
        zs.append(float(np.max(vz[within])) if within.any() else 0.0)
        seen.append(bool(np.any(vz[within] >= o.val_jump_noise)))
    if not peaks:
        return None
    pk, zz, witnessed = np.array(peaks), np.array(zs), np.array(seen)
    back = _came_back(v, pk, w, o)
    # a jump the held-out loss shares is the model moving (teeth the validation loss does not share stay the step-level
    # bars' to judge: a batch printed every few steps, noisy by a factor of 2, makes recurring doublings of its own)
    keep = back & witnessed
    if not keep.any():
        return None
    pk, zz = pk[keep], zz[keep]
    return {"peaks": pk, "z": np.maximum(zz, o.val_jump_noise), "trend": np.exp(pre[pk]), "values": v[pk],
            "window": float(w), "noise": float(vnoise), "log_space": True}


def val_shares(e: Evidence, peaks_x: np.ndarray, o: Options) -> bool | None:
    """Did the validation loss jump with the epoch-level training loss at its spikes (the first evaluation at or
    after each, 3+ of its own noise levels above its 5-point running median)? None when it cannot tell (under 5
    evaluations)."""
    if e.val_values.size < 5:
        return None
    y = e.val_values
    trend = stats.rolling_median(y, 5)
    resid = y - trend
    mad = stats.mad(resid)
    # the validation jumps that share the spikes are left out of its neighbour noise as the training curve's are:
    # three shared jumps in 18 epochs would otherwise make 9 of 16 distances and hide themselves in the noise
    skip = (resid >= o.z_epoch * mad) & (resid >= o.unmistakable * np.abs(trend)) if mad > 0 else None
    noise = max(_neighbour_noise(y, skip), mad, 1e-12 * max(float(np.median(np.abs(y))), 1e-300))
    at = np.searchsorted(e.val_steps, peaks_x - 1e-9)
    at = at[at < y.size]
    return bool(at.size) and bool(np.any(resid[at] >= o.val_jump_noise * noise))


def spikes(e: Evidence, o: Options) -> tuple[dict[str, np.ndarray | float], np.ndarray, int] | None:
    """The spikes found with these options, which of them are kept (not at an LR event), and how many were not."""
    found = find_spikes(e.steps, e.values, e.step_level, o)
    if found is None and e.step_level:
        found = _witnessed_jumps(e, o)
    if found is None:
        return None
    peaks = found["peaks"]
    assert isinstance(peaks, np.ndarray)
    if e.lr_events.size:
        pos = np.searchsorted(e.steps, e.lr_events).clip(0, e.steps.size - 1)
        tol_pts = max(o.lr_event_points, int(0.01 * e.steps.size))
        keep = np.array([np.min(np.abs(pos - p)) > tol_pts for p in peaks])
    else:
        keep = np.ones(peaks.size, dtype=bool)
    if not e.step_level:
        keep &= _came_back(e.values, peaks, int(found["window"]), o)
    if not keep.any():
        return None
    return found, keep, int((~keep).sum())


def judge(e: Evidence, o: Options) -> Verdict | None:
    got = spikes(e, o)
    if got is None:
        return None
    found, keep, _ = got
    z = float(np.max(np.asarray(found["z"])[keep]))
    conf = confidence(z, _zthr(e.step_level, o), int(e.values.size))
    count, undone = int(keep.sum()), float(np.max(undo_shares(e, found)[keep]))
    if e.series.split in (Split.VAL, Split.TEST):
        # only a held-out loss was logged: its jumps say the evaluation varied (overconfident mistakes on a few samples
        # of a small set), which noisy_validation judges; the training loss that would show an update throwing the
        # model off is not in the log
        return Verdict(Severity.INFO, min(conf, 0.5), reading="evaluation")
    if float(np.mean(e.values < 0)) >= o.signed_share and float(np.max(np.asarray(found["values"])[keep])) < \
            o.signed_outside * float(np.percentile(np.abs(e.values), 99)):
        # a signed objective's jumps that stay within a few times the magnitudes it keeps reaching are its own
        # behaviour (a PPO actor loss jumping to 2.2 where its 99th percentile is 1.3); a negative log-likelihood
        # near -7.8 that blows up to 718 and 3.5e6 is still a spike
        return Verdict(Severity.INFO, min(conf, 0.5), reading="signed")
    if not e.step_level and val_shares(e, e.steps[np.asarray(found["peaks"])[keep]], o) is False:
        # an epoch-level value that jumps alone while the model's validation loss does not move at those epochs is
        # one batch's loss (a progress bar prints the last batch's), not an update that threw the model off: the
        # model did not move, so there is no spike to report (a note saying "probably nothing" is one no person
        # would write; after release 12 it sat on 16 healthy real runs and on a leakage family)
        return None
    if e.values.size < o.min_points:  # a short excerpt: one spike seen, whether it recurs is not
        return Verdict(Severity.WARNING if undone >= o.undo_share else Severity.INFO, conf, settle=settle_more(
            int(e.values.size), ("point", "个点"), Text("showing whether such jumps recur", "，看这样的跳升是否反复出现，")))
    if count < o.recurring and undone < o.undo_share:
        # one or two blips that gave back a small part of the progress and recovered: worth knowing, not a problem
        # (a phase switch such as quantisation-aware training starting, one bad batch)
        return Verdict(Severity.INFO, min(conf, 0.6))
    return Verdict(Severity.WARNING, conf)


def undo_shares(e: Evidence, found: dict[str, np.ndarray | float]) -> np.ndarray:
    """How much of the progress made so far each spike gave back: (peak - trend) / (start - trend), where the start
    is the median of the first three points (> 1: thrown above where the run began)."""
    start = float(np.median(e.values[:3]))
    trend, vals = np.asarray(found["trend"]), np.asarray(found["values"])
    made = start - trend
    return np.where(made > 0, (vals - trend) / np.where(made > 0, made, 1.0), np.inf)


def periodic(xs: np.ndarray, spread: float) -> bool:
    """Whether 3+ spike positions recur at a fixed period: their gaps all within `spread` of the mean gap."""
    if xs.size < 3:
        return False
    gaps = np.diff(np.sort(xs.astype(np.float64)))
    mean = float(gaps.mean())
    return bool(mean > 0 and float(gaps.max() - gaps.min()) <= spread * mean)


def explain(e: Evidence, v: Verdict, o: Options) -> Finding:
    got = spikes(e, o)
    assert got is not None
    found, keep, excluded = got
    s, steps = e.series, e.steps
    peaks = np.asarray(found["peaks"])
    z = np.asarray(found["z"])[keep]
    trend = np.asarray(found["trend"])[keep]
    vals = np.asarray(found["values"])[keep]
    peaks = peaks[keep]
    xs = steps[peaks]
    ratio = np.where(np.abs(trend) > 0, vals / np.where(trend == 0, 1, trend), np.inf)
    top = int(np.argmax(z))
    u_en, u_zh = ("epoch", "轮") if s.axis is Axis.EPOCH else ("step", "步")
    shown = ", ".join(f"{x:g}" for x in xs[:8]) + (" ..." if xs.size > 8 else "")
    grad_hit = e.grad_jumps.size > 0 and _near_share(e.grad_steps, e.grad_jumps, xs)
    recur = periodic(xs, o.period_spread)
    period = float(np.diff(np.sort(xs)).mean()) if recur else 0.0
    why = _READINGS.get(v.reading, Text("", ""))
    return Finding(
        code="LD109", name="loss_spikes", severity=v.severity,
        message=Text(
            f"{s.key} spiked {xs.size} time(s) at {u_en} {shown}; the largest went to {vals[top]:.4g}, "
            f"{ratio[top]:.3g}x the local trend {trend[top]:.4g} (z = {z[top]:.1f}), and the curve recovered.{why.en}",
            f"{s.key} 在第 {shown} {u_zh}出现 {xs.size} 次尖峰；最大一次达到 {vals[top]:.4g}，为局部趋势 {trend[top]:.4g} 的 "
            f"{ratio[top]:.3g} 倍（z = {z[top]:.1f}），之后曲线恢复。{why.zh}"),
        span=Span(s.axis.value, float(xs[0]), float(xs[-1])),
        evidence={"spike_" + u_en + "s": [float(x) for x in xs[:50]], "spike_values": [float(x) for x in vals[:50]],
                  "z_scores": [round(float(x), 2) for x in z[:50]], "max_z": float(z[top]),
                  "max_ratio_to_trend": float(ratio[top]), "count": int(xs.size), "window": found["window"],
                  "noise": found["noise"], "noise_in_log_space": found["log_space"],
                  "excluded_at_lr_events": excluded,
                  "max_share_of_progress_undone": round(float(np.max(undo_shares(e, found)[keep])), 3),
                  "grad_norm_spikes_align": grad_hit},
        causes=((Cause("training_step_bug", 0.5, Text(
            f"the spikes recur every {period:.3g} {u_en}s: what comes back at that period is data (the same shard or "
            "batch each time, an epoch's order), not an optimiser step; look at what the loader serves there",
            f"尖峰每 {period:.3g} {u_zh}重复一次：按这个周期重复出现的是数据（每次同一个分片或批次、每轮的顺序），"
            "而不是优化器的步长；检查数据加载器在这些位置提供的数据")),) if recur and not grad_hit else ()) + (
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
        series=(s.key,),
        marks=(Mark("spike_" + u_en + "s", tuple(float(x) for x in xs[:50]), many=True),),
        experiment=Text(f"Log the sample ids of the batches at {u_en} {shown} and look at them; attach "
                        "gradient-norm probes: a norm jump one step before each spike confirms oversized updates.",
                        f"记录第 {shown} {u_zh}批次的样本编号并检查；挂上梯度范数探针：若每次尖峰前一步梯度范数跳升，"
                        "即可确认是更新过大。"),
    )


_READINGS = {
    "": Text("", ""),
    "evaluation": Text(" Only a held-out loss was logged, so these jumps say the evaluation varied between epochs (a "
                       "small set, overconfident mistakes on a few samples); the training loss would show whether an "
                       "update threw the model off.",
                       "日志中只有验证/测试损失，这些跳升只说明评估结果在各轮之间波动（验证集小、少数样本上过度自信的错误）；"
                       "训练损失才能说明是否有一次更新把模型推偏。"),
    "signed": Text(" This loss takes negative values (a signed objective such as a policy-gradient or adversarial "
                   "term): it has no level for a jump to be a multiple of, and such terms jump by design.",
                   "该损失取负值（策略梯度、对抗项等有符号目标）：没有可作比较的水平，此类项本就会跳动。"),
}


def _grad_jumps(ctx: Context, o: Options) -> tuple[np.ndarray, np.ndarray]:
    """Positions of a logged gradient norm and where it jumped (robust z >= grad_z above its rolling median)."""
    empty = np.empty(0)
    g = ctx.run.find(Kind.GRAD_NORM, Split.TRAIN) or ctx.run.find(Kind.GRAD_NORM, Split.NONE)
    if g is None or len(g) < o.min_points:
        return empty, empty
    ok = np.isfinite(g.values)
    gs, gv = g.steps[ok], g.values[ok]
    if gv.size < o.min_points:
        return empty, empty
    res = gv - stats.rolling_median(gv, max(5, (gv.size // 25) | 1))
    noise = stats.mad(res) or 1e-300
    return gs, gs[res / noise >= o.grad_z]


def _near_share(gs: np.ndarray, jumps: np.ndarray, xs: np.ndarray) -> bool:
    """True when a gradient-norm jump lies within 2 points of most loss spikes."""
    pos = np.searchsorted(gs, xs).clip(0, gs.size - 1)
    near = [np.min(np.abs(np.searchsorted(gs, jumps) - p)) <= 2 for p in pos]
    return bool(np.mean(near) >= 0.5)


loss_spikes = define(
    code="LD109", name="loss_spikes", severity=Severity.WARNING, requires=(Requirement(Kind.LOSS),),
    summary=Text("Sudden isolated jumps in the loss.", "损失出现突然的孤立尖峰。"),
    options=Options, measure=measure, judge=judge, explain=explain, doc=DOC)
