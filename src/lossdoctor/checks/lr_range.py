"""LD309 lr_range: an exponential learning-rate sweep on a copy of the model; the range where the loss falls
fastest, with the curve as evidence — or an honest "no clear range"."""
from __future__ import annotations

import math
from typing import Iterator

import numpy as np

from ..errors import UsageError
from ..findings import Analysis, Cause, Finding, Fix, Severity
from ..i18n import Text
from ..model import Axis, Kind, Series, Split
from ._check import LABELS, LR_RANGE, MODEL, check, only_for
from .context import CheckContext

BATCH = 32
DIVERGED = 4.0  # stop once the smoothed loss is 4x its best (fastai and Lightning use the same bound)
HALF = 0.5  # the range: where the smoothed loss falls at least half as fast as at its steepest
MIN_DROP = 0.1  # a valley is a fall of at least 10% of the starting loss...
NOISE_DROP = 3.0  # ...and 3x the step-to-step noise
OUTSIDE = 3.0  # the current learning rate this far outside the range is worth a warning


@check(code="LD309", name="lr_range", severity=Severity.INFO, requires=(MODEL, LABELS, LR_RANGE),
       summary=Text("LR range test: the learning rates where the loss falls fastest (or no clear range).",
                    "学习率范围测试：损失下降最快的学习率区间（或没有明确区间）。"))
def lr_range(ctx: CheckContext) -> Iterator[Finding | Series | Analysis]:
    """
    ## What it detects
    The learning-rate range test: a deep copy of the model trains with the learning rate growing exponentially
    (1e-7 to 10 over 100 steps by default) on batches of 32 training rows; the loss is smoothed with a centred
    window (no lag that shifts the valley), its slope is taken against log10(LR), and the suggested range is
    where the loss falls at least half as fast as at its steepest, up to the minimum. When the loss never falls
    clearly (less than 10% of its start or 3x its noise), it says so instead of inventing a point — the known
    weakness of point suggestions. If the optimizer's current learning rate lies more than 3x above the range
    (and past the loss minimum), that is a warning; below it, a note (it trains, only slower).

    ## Why it matters
    A learning rate 10x too high diverges or oscillates, 10x too low crawls; the range test finds the right
    decade in a hundred steps.

    ## How to fix
    Pick a learning rate inside the range (its upper part for SGD with momentum, a one-cycle schedule peaking at
    its top, or the steepest point for Adam).

    ## Thresholds
    Centred moving average over max(5, steps/10) points; stop at 4x the best smoothed loss or NaN; range
    where slope <= 0.5 x steepest slope; valley: drop >= 10% of the start and >= 3x the noise; warning when the
    current LR is > 3x above the range and above the LR of the lowest loss.
    """
    assert ctx.model is not None and ctx.train.y is not None
    d = ctx.train
    if d.kind == "text":
        raise UsageError("model checks need numeric inputs; texts must be tokenised first")
    o = ctx.options
    lrs = np.geomspace(o.lr_min, o.lr_max, o.lr_steps)
    rng = np.random.default_rng(0)
    order = rng.permutation(len(d))
    trainer = ctx.model.trainer()
    losses: list[float] = []
    best = math.inf
    for i, lr in enumerate(lrs):
        take = order[(np.arange(BATCH) + i * BATCH) % len(d)]
        trainer.set_lr(float(lr))
        try:
            loss = trainer.step(np.asarray(d.x[take], dtype=np.float32), d.y[take])
        except Exception as exc:  # noqa: BLE001 - LD308 names a failing step; here it just ends the sweep
            if not losses:
                raise UsageError(f"model: the training step failed during the LR range test: "
                                 f"{type(exc).__name__}: {exc}") from None
            break
        losses.append(loss)
        if not math.isfinite(loss):
            break
        best = min(best, loss)
        if i >= 10 and loss > DIVERGED * best:
            break
    raw = np.array(losses, dtype=float)
    tried = lrs[: raw.size]
    result = analyse(tried, raw)
    steps = np.arange(raw.size, dtype=float)
    yield Series("lr_range_loss", Split.TRAIN, Kind.LOSS, Axis.STEP, steps, raw)
    yield Series("lr_range_lr", Split.TRAIN, Kind.LR, Axis.STEP, steps, tried.copy())
    if result["smoothed"] is not None:
        yield Series("lr_range_smoothed", Split.TRAIN, Kind.LOSS, Axis.STEP, steps, result["smoothed"], primary=False)
    yield _table(tried, raw, result)
    yield _finding(result, ctx.model.current_lr(), tried, trainer.optimizer_name, ctx.model.framework)


def analyse(lrs: np.ndarray, raw: np.ndarray) -> dict:
    """The smoothed curve, its slope per decade of LR, and the range (lo, hi) or None with the reason."""
    from scipy.ndimage import uniform_filter1d  # here, not at import: `lossdoctor rules` should start fast

    finite = np.isfinite(raw)
    n = int(np.argmin(finite)) if not finite.all() else raw.size  # up to the first NaN
    out: dict = {"smoothed": None, "slope": None, "range": None, "steepest": None, "minimum": None,
                 "reason": "", "drop": 0.0, "noise": 0.0}
    if n < 8:
        out["reason"] = f"only {n} finite points before the loss diverged"
        return out
    lr, y = lrs[:n], raw[:n]
    window = max(5, n // 10) | 1
    sm = uniform_filter1d(y, window, mode="nearest")
    slope = np.gradient(sm, np.log10(lr))
    full = np.full(raw.size, np.nan)
    full[:n] = sm
    out["smoothed"] = full
    out["slope"] = slope
    k_min = int(np.argmin(sm))
    noise = float(np.median(np.abs(np.diff(y - sm)))) * 1.4826
    drop = float(sm[0] - sm[k_min])
    out.update(drop=drop, noise=noise, minimum=float(lr[k_min]))
    if k_min < 2 or drop < MIN_DROP * abs(sm[0]) or drop < NOISE_DROP * noise:
        out["reason"] = (f"the smoothed loss fell by {drop:.3g} ({drop / abs(sm[0]):.0%} of its start, noise "
                         f"{noise:.2g}) over LR {lr[0]:.0e}..{lr[-1]:.0e}") if sm[0] else "the loss is 0"
        return out
    k_steep = int(np.argmin(slope[: k_min + 1]))
    steep = slope[k_steep]
    if steep >= 0:
        out["reason"] = "the loss never falls"
        return out
    lo = k_steep
    while lo > 0 and slope[lo - 1] <= HALF * steep:
        lo -= 1
    hi = k_steep
    while hi < k_min and slope[hi + 1] <= HALF * steep:
        hi += 1
    out.update(range=(float(lr[lo]), float(lr[hi])), steepest=float(lr[k_steep]))
    return out


def _table(lrs: np.ndarray, raw: np.ndarray, r: dict) -> Analysis:
    sm, slope = r["smoothed"], r["slope"]
    picks = np.unique(np.linspace(0, raw.size - 1, min(12, raw.size)).astype(int))
    rng = r["range"]
    rows = []
    for i in picks:
        mark = Text("", "")
        if rng and rng[0] <= lrs[i] <= rng[1]:
            mark = Text("in range", "区间内")
        rows.append((f"{lrs[i]:.1e}", f"{raw[i]:.4g}", f"{sm[i]:.4g}" if sm is not None else "-",
                     f"{slope[i]:.3g}" if slope is not None and i < slope.size else "-", mark))
    concl = Text(f"Suggested learning rates: {rng[0]:.1e} to {rng[1]:.1e}.", f"建议学习率：{rng[0]:.1e} 到 {rng[1]:.1e}。") \
        if rng else Text(f"No clear range: {r['reason']}.", f"没有明确区间：{r['reason']}。")
    return Analysis("lr_range", Text("LR range test", "学习率范围测试"),
                    (Text("learning rate", "学习率"), Text("loss", "损失"), Text("smoothed", "平滑后"),
                     Text("slope per decade", "每十倍斜率"), Text("", "")), tuple(rows), concl)


def _finding(r: dict, current: float | None, lrs: np.ndarray, opt: str = "Adam", fw: str = "pytorch") -> Finding:
    """The range holds for the optimizer the sweep ran with (the user's): the fix keeps it."""
    ev = {"optimizer": opt, "lr_min": float(lrs[0]), "lr_max": float(lrs[-1]), "steps": int(lrs.size),
          "drop": r["drop"],
          "noise": r["noise"], "current_lr": current}
    if r["range"] is None:
        return Finding(
            code="LD309", name="lr_range", severity=Severity.INFO,
            message=Text(f"LR range test: no clear range — {r['reason']}.",
                         f"学习率范围测试：没有明确区间——{r['reason']}。"),
            evidence={**ev, "range": None, "reason": r["reason"]}, series=("lr_range_loss", "lr_range_smoothed"),
            experiment=Text("Run `lossdoctor check --overfit` first: a loss that falls at no learning rate points to "
                            "the model or the training step.",
                            "先运行 `lossdoctor check --overfit`：任何学习率下损失都不降，说明问题在模型或训练步骤。"))
    lo, hi = r["range"]
    ev.update(range=[lo, hi], steepest_lr=r["steepest"], minimum_lr=r["minimum"])
    suggest = math.sqrt(lo * hi)
    fix = Fix(Text(f"Use a learning rate in {lo:.1e}..{hi:.1e} (e.g. {suggest:.1e}), or a one-cycle schedule "
                   f"peaking at {hi:.1e}.", f"使用 {lo:.1e}..{hi:.1e} 之间的学习率（例如 {suggest:.1e}），或峰值为 "
                   f"{hi:.1e} 的 one-cycle 调度。"),
              {"pytorch": (f"optimizer = torch.optim.{opt}(model.parameters(), lr={suggest:.1e})\n"
                           f"# or: torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr={hi:.1e}, "
                           "total_steps=epochs * len(loader))"),
               "keras": f"model.compile(optimizer=keras.optimizers.{opt}(learning_rate={suggest:.1e}), loss=...)",
               "lightning": f"# in configure_optimizers: torch.optim.{opt}(self.parameters(), lr={suggest:.1e})",
               "hf": f"TrainingArguments(..., learning_rate={suggest:.1e})"})
    message = Text(f"LR range test: the loss falls fastest for learning rates {lo:.1e} to {hi:.1e} (steepest at "
                   f"{r['steepest']:.1e}, lowest loss at {r['minimum']:.1e}).",
                   f"学习率范围测试：学习率在 {lo:.1e} 到 {hi:.1e} 之间时损失下降最快（最陡处 {r['steepest']:.1e}，"
                   f"最低损失处 {r['minimum']:.1e}）。")
    severity, causes = Severity.INFO, ()
    if current is not None and current > max(OUTSIDE * hi, r["minimum"]):
        # Above the range, where the sweep's loss had stopped falling: training will oscillate or diverge.
        severity = Severity.WARNING
        message = Text(message.en + f" The optimizer's learning rate {current:.1e} is above that range, where the "
                       "loss no longer falls.",
                       message.zh + f"优化器当前学习率 {current:.1e} 高于该区间，那里损失已不再下降。")
        causes = (Cause("lr_too_high", 0.8, Text(f"current LR {current:.1e} vs range {lo:.1e}..{hi:.1e}",
                                                 f"当前学习率 {current:.1e}，区间 {lo:.1e}..{hi:.1e}")),)
    elif current is not None and current < lo / OUTSIDE:
        # Below the range still trains, only slower than it could: a note, not a warning.
        message = Text(message.en + f" The optimizer's learning rate {current:.1e} is below it: training is slower "
                       "than it could be.", message.zh + f"优化器当前学习率 {current:.1e} 低于该区间：训练会比可能的更慢。")
    return Finding(code="LD309", name="lr_range", severity=severity, message=message, evidence=ev, causes=causes,
                   fixes=(only_for(fix, fw),), series=("lr_range_loss", "lr_range_smoothed"))
