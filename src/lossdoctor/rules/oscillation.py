"""LD106 oscillation: the loss swings up and down around a level without progress."""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from .. import stats
from ..findings import Cause, Finding, Mark, Severity, Span
from ..i18n import Text
from ..model import Axis, Kind, Run, Split
from . import _long, schedule
from ._confidence import confidence
from ._curve import Curve
from ._rule import Context, Requirement, Verdict, define, opt
from .fixes import lower_lr
from .fixes_training import reduce_lr_on_plateau, stabilise_batches
from .loss_spikes import find_spikes, spike_series

DOC = """
## What it detects
In the last 60% of the run the training loss (else the only loss) keeps changing direction with swings that are
large against the curve: the swing amplitude (robust spread around a Theil-Sen trend, and at most the spread
around a parabola, so that a decaying curve's bend is not read as swings) is reported against the
trend's own change over the same span. In step-level logs it also finds a loss pattern that repeats with a fixed
period (the same batches in the same order every epoch), however small the swings are against the trend.

## Why it matters
The optimiser bounces across a valley instead of descending it (seed 003 §2.3): progress is slow or none, and
the weights at the end are a matter of luck. Usually the learning rate is too high for this stage, or the
gradient is too noisy (tiny batches, unshuffled or noisy data).

## How to fix
Lower the learning rate or decay it (`ReduceLROnPlateau`), use a larger batch or momentum, shuffle every epoch,
clean noisy labels.

## Thresholds
At least 8 points (long step-level series: 120 bin medians, and the swing must be >= 3x what batch noise
alone leaves in a bin median; a shorter step-level series logged at least twice per validation evaluation is a
sequence of batch samples, and the swing must be >= 3x their point-to-point noise). Direction changes >= 35% of steps; swing amplitude >= 5% of the curve's
whole range and >= 10% of its level in the window. Step-level batch noise is measured in the judged window
itself (it grows against the level as a run converges, and a warm-up plateau is quiet). Healthy converged curves
swing far less than 5% of their range; scale-free.
Periodic (step-level logs, at least 40 points): the log loss minus its running mean is folded at the lags where
its autocorrelation peaks; where a step falls in the cycle must explain the loss (one-way ANOVA, p < 1e-3 after
multiplying by the number of lags searched) and move it by >= 5%, and still explain it with the cycle's most
displaced position left out (one odd batch that recurs at the same place, such as a smaller last batch, is a spike,
which the spike rule judges). Not with a logged cyclic LR or warm restarts.
Swings of the logged loss alone are a note, not a warning (on a step axis, where each value is one batch or a few,
not reported: batch noise): when a curve of the same model measured over many
samples (the validation loss, else an accuracy, judged as its error rate) neither oscillates nor jumps in the same window and swings under half
as much against its level, the weights are not bouncing; the logged value is one batch's loss (a progress bar's
`loss=` is the last batch of the epoch). So are the swings of a held-out loss when no training loss was logged: they
say the evaluation varies from epoch to epoch (noisy_validation judges that), not that the weights bounce.
"""


@dataclass(frozen=True)
class Options:
    min_points: int = opt(8, "fewer points cannot show repeated swings")
    window_share: float = opt(0.6, "judge the last 60% of the run (early descent is not oscillation)")
    min_reversals: float = opt(0.35, "share of direction changes (0 for a monotone curve, ~2/3 for white noise)")
    min_amp_of_range: float = opt(0.05, "swings >= 5% of the whole curve's range ...")
    min_amp_of_level: float = opt(0.1, "... and >= 10% of the loss level in the window")
    min_amp_of_white: float = opt(3.0, "step-level: swings of bin medians >= 3x what batch noise alone would leave")
    period_p: float = opt(1e-3, "a repeating pattern: the position within the cycle explains the loss (ANOVA, p < "
                                "1e-3 after multiplying by the number of lags searched), still so with its most "
                                "displaced position left out (one odd batch that recurs is the spike rule's) ...")
    period_min_amp: float = opt(0.05, "... and moves it by >= 5% (spread of the position means of the log loss)")
    period_min_points: int = opt(40, "a repeating pattern needs at least 40 step-level points")
    noise_like: float = opt(0.5, "swings under half of min_amp_of_white times the curve's point-to-point noise are "
                                 "that noise (a flat noisy stretch, white noise gives ~1x): a note, not a warning, "
                                 "unless a validation curve swings with them ...")
    regular_share: float = opt(0.5, "... or half the swings' power sits at one frequency (a regular zigzag or wave; "
                                     "white noise spreads it over all frequencies)")
    steady_ratio: float = opt(0.5, "the swings are one batch's loss, not the model, when a curve of the same model "
                                   "over many samples (validation loss, else an accuracy) does not oscillate and "
                                   "swings under half as much against its level: bouncing weights move every curve")


@dataclass(frozen=True)
class Evidence:
    c: Curve | None  # the training (or only) loss, 8+ view points
    swings: dict[str, float] | None  # its late-window swing numbers
    per: dict[str, Any] | None  # the best repeating pattern of a step-level loss
    companion: dict[str, Any] | None = None  # a curve of the same model over many samples, and its late swings


def swings(c: Curve, o: Options, batches: bool = False) -> dict[str, float] | None:
    """Swing amplitude against trend and level in the late window (None when it cannot be measured). `batches`: the
    points of a step-level series are single (small-)batch samples, whose spread the swings must stand out from."""
    k = max(6, int(round(o.window_share * c.m)))
    y = c.y[-k:]
    if y.size < 6:
        return None
    x = np.arange(y.size, dtype=np.float64)
    slope, _ = stats.theil_sen(x, y)
    resid = y - (np.median(y - slope * x) + slope * x)
    # a straight line leaves a decaying curve's bend in its residuals; a parabola follows the bend but not swings
    # around it: the smaller of the two spreads is the swing
    amp = min(stats.mad(resid), _bend_free_spread(x, y))
    level = float(np.median(np.abs(y)))
    rng = float(np.max(c.smooth) - np.min(c.smooth)) or float(np.max(c.y) - np.min(c.y))
    if amp <= 0 or level <= 0 or rng <= 0:
        return None
    # batch noise is judged in the window itself: it grows against the level as a run converges (and a warm-up
    # plateau is quiet), so the whole run's point-to-point noise would read ordinary late batch noise as swings
    late = c.values[(c.m - k) * c.bin_size:] if c.bin_size > 1 else c.values
    if c.bin_size > 1:
        white = 1.2533 * max(stats.noise_level(c.values), stats.noise_level(late)) / np.sqrt(c.bin_size)
    elif batches:
        # each point of a step-level log is one batch (or a short average): its spread is batch noise, which a
        # practitioner reads through the plot's smoothing; the swings must stand out from it as they must for bins
        white = max(stats.noise_level(c.y), stats.noise_level(c.y[c.m - k:]))
    else:
        white = 0.0
    progress = abs(slope) * (y.size - 1)
    return {"amplitude": amp, "level": level, "range": rng, "reversals": stats.reversal_rate(y),
            "trend_change": slope * (y.size - 1),
            "amp_over_progress": amp / progress if progress > 0 else float("inf"), "white": white,
            "tonal": _tonal_share(resid),
            "start_index": c.m - k}


def _tonal_share(resid: np.ndarray) -> float:
    """Share of the swings' power at one frequency (the periodogram's highest bin with its two neighbours): ~1 for a
    regular zigzag or wave, small for white noise (its power spreads over all frequencies)."""
    p = np.abs(np.fft.rfft(resid - resid.mean()))[1:] ** 2
    total = float(p.sum())
    if p.size < 6 or total <= 0:
        # the three bins counted would be half the spectrum or more: white noise would read as "regular" (a window
        # of 6 points has 3 frequencies, all counted, so any 6 batch losses scored 1.0)
        return 0.0
    k = int(np.argmax(p))
    return float(p[max(0, k - 1):k + 2].sum()) / total


def _batch_samples(ctx: Context, c: Curve) -> bool:
    """Are the points of this step-level loss batch samples? Yes when it is logged at least twice per validation
    evaluation (a loop that logs every few batches and evaluates each epoch); a loss logged once per evaluation is a
    mean over the interval (HF Trainer's logging_steps), whose swings are the model's."""
    if c.series.axis is not Axis.STEP:
        return False
    val = ctx.run.find(Kind.LOSS, Split.VAL) or ctx.run.find(Kind.ACCURACY, Split.VAL)
    return val is not None and val.key != c.key and 0 < 2 * len(val) <= c.values.size


def _bend_free_spread(x: np.ndarray, y: np.ndarray) -> float:
    """Robust spread of the curve around a least-squares parabola (a decay's bend over the window, not its swings);
    inf when there are too few points to fit one with residuals to spare."""
    if y.size < 12:  # a parabola through a handful of points absorbs swings too
        return float("inf")
    coef = np.polyfit(x, y, 2)
    return stats.mad(y - np.polyval(coef, x))


def oscillates(w: dict[str, float], o: Options) -> bool:
    if w["white"] > 0 and w["amplitude"] < o.min_amp_of_white * w["white"]:
        return False
    return not (w["reversals"] < o.min_reversals or w["amplitude"] < o.min_amp_of_range * w["range"]
                or w["amplitude"] < o.min_amp_of_level * w["level"])


def periodic(run: Run, o: Options | None = None) -> dict[str, Any] | None:
    """The best repeating pattern of a step-level loss (data order repeating every epoch): its numbers, or None
    when there is none to test (too short, not step-level, or a logged cyclic LR / warm restarts)."""
    o = o or Options()
    s = spike_series(run)
    if s is None or s.axis is not Axis.STEP:
        return None
    ok = np.isfinite(s.values) & (s.values > 0)
    v = s.values if ok.all() else s.values[ok]  # no copy of a clean series; its steps are read at the end
    if v.size < o.period_min_points:
        return None
    sched = schedule.schedule_of(run)
    if sched is not None and sum(e.kind == "restart" for e in sched.events) >= 2:
        return None  # a cyclic LR or warm restarts repeat the loss on purpose
    lv = np.log(v) if v is s.values else np.log(v, out=v)  # a copy is logged in place
    from scipy import ndimage  # here, not at import: scipy costs a second at every start

    resid = lv  # in place: one buffer, not two, for a 10M-point series
    resid -= ndimage.uniform_filter1d(lv, size=max(5, (v.size // 5) | 1), mode="nearest")
    searched = max(1, v.size // 3)
    lags, acf = _long.peak_lags(resid)  # bounded memory on a 10M-point series
    best: tuple[float, int, float] | None = None
    for lag in lags:
        p, amp = _long.fold_test(resid, lag)
        if best is None or p < best[0]:
            best = (p, lag, amp)
    if best is None:
        return None
    p, lag, amp = best
    n = v.size
    # only when the cycle explains the loss at all: one more pass over a long series is not free
    p_rest = _without_top_position(resid, lag) if p * searched < o.period_p and amp >= o.period_min_amp else 1.0
    del v, lv, resid  # before the steps are copied: a 10M-point series never holds both
    first, last, spacing = _long.step_spacing(s.steps, ok)
    period = spacing * lag
    return {"key": s.key, "lag": float(lag), "period_steps": period, "acf": acf[lag],
            "p_value": min(1.0, p * searched), "log_amplitude": amp, "first": first, "last": last,
            "cycles": n / max(lag, 1), "p_without_top_position": min(1.0, p_rest * searched)}


def _without_top_position(resid: np.ndarray, lag: int) -> float:
    """The fold test's p-value at `lag` once the cycle's most displaced position is left out: small for a sawtooth
    that spans the cycle (a sorted data order), large for one odd batch that recurs at the same place (a smaller last
    batch of each epoch, one bad batch fed every few epochs), which the spike rule judges. In blocks: no full-length
    index array."""
    n = resid.size
    if lag < 4 or n < 3 * lag:
        return 0.0
    sums, sq = np.zeros(lag), np.zeros(lag)
    chunk = 1 << 20
    for a in range(0, n, chunk):
        seg = resid[a:a + chunk]
        pos = np.arange(a, a + seg.size) % lag
        sums += np.bincount(pos, weights=seg, minlength=lag)
        sq += np.bincount(pos, weights=seg * seg, minlength=lag)
    count = (n // lag + (np.arange(lag) < n % lag)).astype(np.float64)
    means = sums / count
    within = sq - count * means ** 2  # each position's sum of squares about its own mean
    grand = float(sums.sum()) / n
    top = int(np.argmax(count * (means - grand) ** 2))
    keep = np.arange(lag) != top
    m = float(count[keep].sum())
    g = float(sums[keep].sum()) / m
    ssb = float(np.dot(count[keep], (means[keep] - g) ** 2))
    ssw = float(within[keep].sum())
    if ssw <= 0:
        return 0.0 if ssb > 0 else 1.0
    from scipy.special import fdtrc

    return float(fdtrc(lag - 2, m - (lag - 1), (ssb / (lag - 2)) / (ssw / (m - (lag - 1)))))


def repeats(per: dict[str, Any] | None, o: Options) -> bool:
    return (per is not None and per["p_value"] < o.period_p and per["log_amplitude"] >= o.period_min_amp
            and per.get("p_without_top_position", 0.0) < o.period_p)


def companion(ctx: Context, c: Curve, o: Options) -> dict[str, Any] | None:
    """A curve of the same model measured over many samples (validation loss, else an accuracy) with its late-window
    swing numbers: when the weights bounce across a valley every such curve bounces with them; when only the logged
    loss does, it is one batch's loss (tqdm's `loss=` is the last batch of the epoch), not the model."""
    run = ctx.run
    cands = [run.find(Kind.LOSS, Split.VAL), run.find(Kind.LOSS, Split.TEST), run.find(Kind.ACCURACY, Split.VAL),
             run.find(Kind.ACCURACY, Split.TEST), run.find(Kind.ACCURACY, Split.TRAIN)]
    for s in cands:
        if s is None or s.key == c.key:
            continue
        cc = ctx.curve(s)
        if cc is None or cc.m < o.min_points:
            continue
        if s.kind is not Kind.LOSS:
            # an accuracy saturates near 1: its swings are judged as its error rate's (0.85 <-> 0.92 is a 50% swing of
            # the error, 4% of the accuracy); only the view is flipped, not the whole series
            cc = replace(cc, y=1.0 - cc.y)
        w = swings(cc, o)
        if w is None:
            continue
        # a curve that jumps far off its trend now and then (the model thrown off at those epochs) is not steady either
        jumps = find_spikes(cc.x, cc.y, cc.series.axis is Axis.STEP) is not None
        return {"key": cc.key, "swings": w, "oscillates": oscillates(w, o) or jumps,
                "relative": w["amplitude"] / w["level"]}
    return None


def measure(ctx: Context, o: Options) -> Evidence | None:
    c = ctx.loss_curve(o.min_points)
    w = swings(c, o, _batch_samples(ctx, c)) if c is not None else None
    per = periodic(ctx.run, o)
    if w is None and per is None:
        return None
    comp = companion(ctx, c, o) if c is not None and w is not None and oscillates(w, o) else None
    return Evidence(c, w, per, comp)


def judge(e: Evidence, o: Options) -> Verdict | None:
    if e.c is not None and e.swings is not None and oscillates(e.swings, o):
        w, c = e.swings, e.c
        conf = confidence(w["amplitude"] / c.noise if c.noise > 0 else float("inf"), o.min_amp_of_white, c.m)
        if e.companion is not None and not e.companion["oscillates"] and \
                e.companion["relative"] <= o.steady_ratio * w["amplitude"] / w["level"]:
            # the model's other curves move smoothly through the same window: the swings are in the logged sample
            # (one batch's loss), not in the weights. On a step axis each value is a batch (or a few): its swings are
            # the batch noise, not oscillation, and nothing is reported (a note there sat on 7 healthy generated runs
            # of v17, v18 and v21). An epoch-level value is usually the epoch's mean (a Keras History), whose swings
            # are the model's too: worth knowing, not a problem
            if c.series.axis is Axis.STEP:
                return None
            return Verdict(Severity.INFO, min(conf, 0.5), reading="sample")
        z = w["amplitude"] / c.noise if c.noise > 0 else float("inf")
        shared = e.companion is not None and bool(e.companion["oscillates"])
        if z < o.noise_like * o.min_amp_of_white and w.get("tonal", 0.0) < o.regular_share and not shared:
            # swings no larger than the curve's own point-to-point noise, irregular, and no other curve of the model
            # swings with them: a noisy flat stretch (a converged tail, an excerpt of one), not swings of the weights
            return Verdict(Severity.INFO, min(conf, 0.5), settle=Text(
                f"The swings are about the size of its point-to-point noise ({c.noise:.3g}): a noisy level rather "
                "than oscillation; if the loss also makes no progress at a high level, that is the problem to fix.",
                f"波动幅度与逐点噪声（{c.noise:.3g}）相当：更像是带噪声的平台，而非振荡；若损失同时停在高位不再下降，"
                "那才是要解决的问题。"), reading="swings")
        if c.series.split in (Split.VAL, Split.TEST):
            # only a held-out loss was logged: its swings say the evaluation varies from epoch to epoch (a small set,
            # overconfident mistakes on a few samples), which noisy_validation judges; the training loss that would
            # show the weights bouncing is not in the log
            return Verdict(Severity.INFO, min(conf, 0.5), settle=Text(
                "Only a held-out loss was logged: the training loss would show whether the weights swing or only the "
                "evaluation varies.", "日志中只有验证/测试损失：训练损失才能说明是权重在摆动，还是只是评估结果在波动。"),
                reading="swings")
        return Verdict(Severity.WARNING, conf, reading="swings")
    if repeats(e.per, o):
        assert e.per is not None
        return Verdict(Severity.WARNING, confidence(-math.log10(max(e.per["p_value"], 1e-300)),
                                                    -math.log10(o.period_p), int(e.per["cycles"])),
                       reading="periodic")
    return None


def explain(e: Evidence, v: Verdict, o: Options) -> Finding:
    if v.reading == "periodic":
        assert e.per is not None
        return _periodic_finding(e.per, v)
    if v.reading == "sample":
        return _sample_finding(e, v)
    c, w = e.c, e.swings
    assert c is not None and w is not None
    per = e.per if repeats(e.per, o) else None
    i0 = int(w["start_index"])
    x0, x1 = c.fmt_x(i0), float(c.x[-1])
    u_en, u_zh = c.unit
    rel = w["amplitude"] / w["level"]
    no_progress = w["amp_over_progress"] >= 1.0 or w["trend_change"] >= 0
    prog_en = ("with no net progress" if no_progress else
               f"while the trend moved only {abs(w['trend_change']):.3g}")
    prog_zh = "且没有净进展" if no_progress else f"而趋势只变化了 {abs(w['trend_change']):.3g}"
    return Finding(
        code="LD106", name="oscillation", severity=v.severity,
        message=Text(
            f"{c.key} oscillates from {u_en} {x0:g} to {x1:g}: swings of ±{w['amplitude']:.3g} "
            f"({rel:.0%} of its level {w['level']:.3g}, {w['amplitude'] / w['range']:.0%} of its whole range), "
            f"direction changing at {w['reversals']:.0%} of steps, {prog_en}.",
            f"{c.key} 在第 {x0:g} 到 {x1:g} {u_zh}之间震荡：波动幅度 ±{w['amplitude']:.3g}（为其水平 {w['level']:.3g} 的 "
            f"{rel:.0%}，整体范围的 {w['amplitude'] / w['range']:.0%}），{w['reversals']:.0%} 的步方向反转，{prog_zh}。"),
        span=Span(c.axis, x0, x1),
        evidence={"amplitude": w["amplitude"], "amplitude_of_level": rel, "amplitude_of_range": w["amplitude"] /
                  w["range"], "reversal_share": w["reversals"], "trend_change_in_window": w["trend_change"],
                  "amplitude_over_progress": w["amp_over_progress"], "level": w["level"],
                  "window_start_" + u_en: x0, "bin_size": c.bin_size,
                  **({"period_steps": per["period_steps"], "autocorrelation": per["acf"], "periodic": True}
                     if per is not None else {})},
        causes=((Cause("unshuffled_data", 0.65, Text(f"the step-level loss repeats every {per['period_steps']:g} steps "
                                                     "(the data order repeats)", f"按步记录的损失每 {per['period_steps']:g} 步重复一次（数据顺序在重复）")),)
                if per is not None else ()) + (
            Cause("lr_too_high", 0.6, Text("steps large enough to jump across the valley make the loss bounce",
                                           "步长大到越过谷底，损失来回跳动")),
            Cause("batch_too_small", 0.3, Text("noisy small-batch gradients make the loss bounce",
                                               "小批量梯度噪声大，损失来回跳动")),
            Cause("unshuffled_data", 0.2, Text("batches drawn in a fixed, sorted order pull the model back and "
                                               "forth", "固定或排序的批次顺序把模型来回拉扯")),
            Cause("noisy_labels", 0.15, Text("contradictory labels pull the weights in opposite directions",
                                             "相互矛盾的标签把权重往相反方向拉")),
        ),
        fixes=(lower_lr(3), reduce_lr_on_plateau(max(2, c.m // 10)), stabilise_batches()),
        series=(c.key,),
        marks=(Mark("window_start_" + u_en, (x0,)),),
        experiment=Text("Halve the learning rate for two epochs from the last checkpoint: if the swings shrink "
                        "by about half and the loss starts to fall, the step size was the cause; if not, double "
                        "the batch size and check that the data are shuffled.",
                        "从最近的检查点起学习率减半训练两轮：若波动减半且损失开始下降，原因是步长；否则把批量加倍并检查数据是否打乱。"),
    )


def _sample_finding(e: Evidence, v: Verdict) -> Finding:
    """Swings of the logged loss alone, while a curve over many samples moves smoothly: a note, not a problem."""
    c, w, comp = e.c, e.swings, e.companion
    assert c is not None and w is not None and comp is not None
    i0 = int(w["start_index"])
    x0, x1 = c.fmt_x(i0), float(c.x[-1])
    u_en, u_zh = c.unit
    rel = w["amplitude"] / w["level"]
    cw = comp["swings"]
    crel = cw["amplitude"] / cw["range"]
    return Finding(
        code="LD106", name="oscillation", severity=v.severity,
        message=Text(
            f"{c.key} swings by ±{w['amplitude']:.3g} ({rel:.0%} of its level) from {u_en} {x0:g} to {x1:g}, but "
            f"{comp['key']} moves smoothly over the same {u_en}s (swings {crel:.0%} of its range): the logged value is "
            f"likely one batch's loss (a progress bar's last batch), not the model bouncing. Log the mean over the "
            f"{u_en} to see its trend.",
            f"{c.key} 在第 {x0:g} 到 {x1:g} {u_zh}之间波动 ±{w['amplitude']:.3g}（为其水平的 {rel:.0%}），但 {comp['key']} "
            f"在同一区间平稳变化（波动为其范围的 {crel:.0%}）：记录的值很可能是单个批次的损失（进度条显示的最后一批），"
            f"而不是模型在来回跳动。记录每{u_zh}的平均损失即可看清趋势。"),
        span=Span(c.axis, x0, x1),
        evidence={"amplitude": w["amplitude"], "amplitude_of_level": rel, "amplitude_of_range": w["amplitude"] /
                  w["range"], "reversal_share": w["reversals"], "level": w["level"], "window_start_" + u_en: x0,
                  "steady_curve": comp["key"], "steady_curve_amplitude_of_range": crel},
        series=(c.key, str(comp["key"])),
        marks=(Mark("window_start_" + u_en, (x0,)),),
    )


def _periodic_finding(per: dict[str, Any], v: Verdict) -> Finding:
    key, period = str(per["key"]), per["period_steps"]
    return Finding(
        code="LD106", name="oscillation", severity=v.severity,
        message=Text(f"{key} swings in a pattern that repeats every {period:g} steps (where a step falls in the "
                     f"cycle moves the loss by about ±{per['log_amplitude']:.0%}, p = {per['p_value']:.1g}; "
                     f"autocorrelation {per['acf']:.2f} at that lag): the batches come in the same order every epoch.",
                     f"{key} 的波动每 {period:g} 步重复一次（步在周期中的位置使损失变化约 ±{per['log_amplitude']:.0%}，"
                     f"p = {per['p_value']:.1g}；该滞后处自相关 {per['acf']:.2f}）：每轮的批次顺序相同。"),
        span=Span("step", per["first"], per["last"]),
        evidence={"period_steps": period, "autocorrelation": per["acf"], "p_value": per["p_value"],
                  "log_amplitude": per["log_amplitude"], "periodic": True},
        causes=(Cause("unshuffled_data", 0.7, Text("a loss pattern that repeats with a fixed period means each epoch "
                                                   "feeds the same batches in the same order (often sorted by label)",
                                                   "固定周期重复的损失模式说明每轮以相同顺序喂入相同批次（常按标签排序）")),
                Cause("batch_too_small", 0.2, Text("small batches make each batch's own loss visible",
                                                   "批量太小使每个批次自身的损失显现出来"))),
        fixes=(stabilise_batches(),),
        series=(key,),
        experiment=Text("Shuffle the training data every epoch (DataLoader(shuffle=True) / fit(shuffle=True)) and "
                        "rerun two epochs: the repeating pattern should disappear.",
                        "每轮打乱训练数据（DataLoader(shuffle=True) / fit(shuffle=True)）重跑两轮：重复模式应消失。"),
    )


oscillation = define(
    code="LD106", name="oscillation", severity=Severity.WARNING, requires=(Requirement(Kind.LOSS),),
    summary=Text("Loss swings up and down around a level without progress.", "损失在某个水平上下震荡而没有进展。"),
    options=Options, measure=measure, judge=judge, explain=explain,
    explains=("loss_not_decreasing", "plateau", "loss_spikes"), doc=DOC)
