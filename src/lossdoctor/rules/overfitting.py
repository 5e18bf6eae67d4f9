"""LD101 overfitting: validation loss turns up while training loss keeps falling."""
from __future__ import annotations

import math
from typing import Iterator

import numpy as np

from ..findings import Cause, Finding, Severity, Span
from ..i18n import Text
from ..model import Kind, Run, Split
from . import _pair as C
from ._confidence import confidence, settle_more
from ._rule import Context, Requirement, rule
from .fixes_split import augment, regularize, stop_at_best
from .fixes_training import reduce_lr_on_plateau

MIN_EVALS = 5  # fewer validation points cannot show a turn
MIN_AFTER_SHARE = 0.10  # the rise must last this share of the run's evaluations (and at least 2 evaluations)
MIN_GIVEN_BACK = 0.01  # the rise must give back this share of what validation loss had gained
MIN_BEST_SHARE = 0.03  # and worsen the best validation loss by at least 3%
MIN_NOISE_MULTIPLE = 3.0  # and stand this many standard errors above the evaluation noise
MIN_RUN_SHARE = 0.005  # absolute floor: at least 0.5% of the run's loss scale (its starting loss)
SMALL_RISE_SHARE = 0.25  # a rise that gives back less than a quarter of the gain counts only if training ...
MIN_TRAIN_DROP = 1 / 3  # ... kept learning meanwhile: its loss fell by at least a third (else: converged drift),
MIN_METRIC_WORSE = 0.01  # ... or a validation accuracy / error rate got worse by a point (and 3 noise levels) too
# Memorisation (seed 002: train down, validation flat = over-fitting begins): validation makes no progress for
STALL_SHARE = 0.25  # at least a quarter of the run after its best point while the training loss falls
STALL_TRAIN_FACTOR = 5.0  # at least 5x further (80% of its value gone), ending
STALL_GAP_RATIO = 2.0  # at least 2x below the validation loss
MEMO_MIN_EVALS = 3  # memorisation read from an excerpt: at least 3 evaluations, ...
MEMO_ACC = 0.99  # ... training accuracy at 1 (nothing left to fit), ...
MEMO_RATIO = 100.0  # ... training loss 100x below a validation loss that no longer falls


@rule(code="LD101", name="overfitting", severity=Severity.WARNING,
      requires=(Requirement(Kind.LOSS, Split.TRAIN), Requirement(Kind.LOSS, Split.VAL)),
      summary=Text("Validation loss rises after its best point while training loss keeps falling.",
                   "验证损失在最佳点之后上升，而训练损失仍在下降。"))
def overfitting(ctx: Context) -> Iterator[Finding]:
    """
    ## What it detects
    The validation loss reaches its best value, then climbs for the rest of the run while the training loss
    keeps falling: the gap between them widens. This is high variance (seed 002: train ↓, val → or ↑;
    seed 003 §2.2).

    ## Why it matters
    Every epoch after the best one makes the model worse on unseen data and wastes compute; the weights to
    keep are the ones at the best epoch. The finding says which epoch that was and what early stopping
    would have saved.

    ## How to fix
    Early stopping with `restore_best_weights` at the measured best epoch (the patience and min_delta that
    would have fired on this curve are given), weight decay / L2, dropout 0.1-0.5, data augmentation, a
    smaller model, more data, `ReduceLROnPlateau` when the training loss still jitters late.

    ## Thresholds
    At least 5 validation points, judged on a centred running median (robust to a noisy step-level eval).
    After the best point the rise lasts at least 10% of the evaluations (and 2 evaluations), gives back at
    least 1% of the improvement validation loss had made and 3% of the best value, stands 3 standard errors
    above the evaluation noise (and its Theil-Sen trend after the best point is 3x its uncertainty), and is
    at least 0.5% of the run's starting loss (a +56% change on a loss of 0.001 in a run that started at 1.2
    is not overfitting). Training must keep falling over the same span (validation may stay below it: dropout
    or augmentation hold the training loss up); a rise that gives back less than a quarter of the gain counts
    only when the training loss fell by at least a third meanwhile or a validation accuracy / error rate got
    worse by at least a point (and 3 noise levels) over the same span (a converged run's val loss drifting up
    while training stands still and the metric holds is not the variance pattern). All relative to the run's
    own scale and noise.
    Memorised, read from as few as 3 evaluations: training accuracy >= 0.99 and a training loss >= 100x below a
    validation loss whose late trend no longer falls (beyond its uncertainty).
    Memorisation without a rise (seed 002's "train down, validation flat"): validation has not improved on its best
    point for at least a quarter of the run (its trend there is not falling beyond its uncertainty) while the
    training loss fell at least 5x further and ends at least 2x below validation (ratios: scale-free).
    """
    p = ctx.pair(Kind.LOSS)
    if p is None:
        return
    found = list(_turn(ctx, p)) if len(p) >= MIN_EVALS else []
    if not found:
        found = [f for f in (_memorised(ctx, p),) if f is not None]
    yield from found


def _memorised(ctx: Context, p: C.Pair) -> Finding | None:
    """Seed 002's 'train down, validation flat', read from a few points: training accuracy at 1 and a training
    loss a hundred times below a validation loss that no longer falls (beyond its own noise). Nothing is left to
    fit on the training set, so every further epoch only memorises it."""
    acc = ctx.run.find(Kind.ACCURACY, Split.TRAIN)
    if acc is None or len(p) < MEMO_MIN_EVALS:
        return None
    a = acc.values[np.isfinite(acc.values)]
    if a.size == 0:
        return None
    k = max(1, min(3, len(p) // 2))
    t_end, v_end = float(np.median(p.train[-k:])), float(np.median(p.val[-k:]))
    acc_end = float(np.median(a[-k:]))
    if not (t_end > 0 and acc_end >= MEMO_ACC and v_end >= MEMO_RATIO * t_end):
        return None
    m = min(len(p), max(3, len(p) // 3))  # the late stretch where validation must have stopped falling
    change, unc = C.trend_change(p.steps[-m:], p.val[-m:])
    sigma = C.noise(p.val[-m:]) if m >= 4 else float(np.ptp(p.val[-m:]))
    if change < -max(unc, sigma, 1e-12 * v_end):
        return None  # validation still improves: not (yet) memorising
    va = ctx.run.find(Kind.ACCURACY, Split.VAL)
    va_end = None
    if va is not None and np.isfinite(va.values).any():
        vv = va.values[np.isfinite(va.values)]
        va_end = float(np.median(vv[-k:]))
    ratio = v_end / t_end
    ue, uz = p.unit
    x0, x1 = float(p.steps[-m]), float(p.steps[-1])
    conf = confidence(math.log10(ratio), math.log10(MEMO_RATIO), len(p))
    settle = settle_more(len(p), p.unit, Text("with validation loss and accuracy", "的验证损失与准确率"))
    va_en = f", {va.key} {va_end:.4g}" if va is not None and va_end is not None else ""
    va_zh = f"，{va.key} 为 {va_end:.4g}" if va is not None and va_end is not None else ""
    msg = Text(f"{acc.key} is {acc_end:.4g} and {p.train_key} {t_end:.4g}, {ratio:.3g}x below {p.val_key} {v_end:.4g}"
               f"{va_en}, which no longer falls ({ue} {x0:g}-{x1:g}): the model has memorised the training set."
               + (f" {settle.en}" if settle else ""),
               f"{acc.key} 为 {acc_end:.4g}，{p.train_key} 为 {t_end:.4g}，比 {p.val_key} {v_end:.4g} 低 {ratio:.3g} 倍"
               f"{va_zh}，且验证损失不再下降（第 {x0:g}-{x1:g} {uz}）：模型已记住训练集。" + (settle.zh if settle else ""))
    return Finding(
        code="LD101", name="overfitting", severity=Severity.WARNING, message=msg, span=Span(p.axis, x0, x1),
        evidence={"train_accuracy_at_end": acc_end, "train_loss_at_end": t_end, "val_loss_at_end": v_end,
                  "val_accuracy_at_end": va_end, "val_over_train_ratio": ratio, "val_trend_change": change,
                  "val_trend_uncertainty": unc, "pattern": "memorised", "points": len(p)},
        causes=(Cause("insufficient_regularization", 0.5, Text("nothing holds the model back from fitting every "
                                                               "training example exactly", "没有任何约束阻止模型精确拟合每个训练样本")),
                Cause("model_too_large", 0.35, Text("capacity to memorise the whole training set",
                                                    "模型容量足以记住整个训练集")),
                Cause("too_little_data", 0.35, Text("a small training set is memorised quickly", "小训练集很快被记住"))),
        fixes=(stop_at_best(float(p.steps[int(np.argmin(p.val))]), 3, 0.0, None, 0, ue, uz), regularize(), augment()),
        series=(p.train_key, p.val_key, acc.key), confidence=conf)


def _turn(ctx: Context, p: C.Pair) -> Iterator[Finding]:
    """Validation loss turns up (or stalls) after its best point while training keeps falling."""
    v, t, steps = p.val, p.train, p.steps
    n = v.size
    sm = C.smooth_centered(v)
    best_s = int(np.argmin(sm))
    after = n - 1 - best_s
    if after < max(2, math.ceil(MIN_AFTER_SHARE * n)):
        return
    half = max(1, n // 20)
    lo, hi = max(0, best_s - half), min(n, best_s + half + 1)
    best = lo + int(np.argmin(v[lo:hi]))  # the raw best near the smoothed one: what restore_best_weights keeps
    gained = float(sm[:best_s + 1].max() - sm[best_s])
    m = max(2, math.ceil(after / 3))
    end_level = float(np.median(v[-m:]))
    rise = end_level - float(sm[best_s])
    sigma = C.noise(v)
    t_end = float(np.median(t[-m:]))
    t_best = float(t[best])
    t_sigma = C.noise(t)
    if not (t_end < t_best - max(t_sigma, 1e-12 * abs(t_best))):
        return  # training did not keep falling: not the variance pattern
    change, unc = C.trend_change(steps[best_s:], v[best_s:])
    start_scale = max(abs(float(v[0])), abs(float(t[0])))
    floor = max(MIN_GIVEN_BACK * gained, MIN_NOISE_MULTIPLE * 1.25 * sigma / math.sqrt(m), sigma,
                MIN_RUN_SHARE * start_scale, MIN_BEST_SHARE * abs(float(sm[best_s])))
    learning = t_best > 0 and t_end <= (1.0 - MIN_TRAIN_DROP) * t_best
    metric = _val_metric_worsened(ctx.run, float(steps[best]), m)
    rising = (rise > 0 and rise >= floor and change > MIN_NOISE_MULTIPLE * unc
              and (learning or metric is not None or gained <= 0 or rise >= SMALL_RISE_SHARE * gained))
    # memorisation needs validation above training; a rise counts below it too (dropout or augmentation hold the
    # training loss up, and the gap still widens while validation climbs and training falls)
    stalled = (not rising and after >= max(3, math.ceil(STALL_SHARE * n)) and change > -unc and t_end > 0
               and t_best >= STALL_TRAIN_FACTOR * t_end and end_level >= STALL_GAP_RATIO * t_end)
    if not (rising or stalled):
        return
    after = n - 1 - best
    late_jitter = C.noise(t[best:]) / max(C.level(t[best:]), 1e-300)
    gap_best = float(v[best] - t_best)
    gap_end = float(end_level - t_end)
    min_delta = C.sig(max(sigma, 0.0), 1) if sigma > 0 else 0.0
    patience, stop, restored = _patience(v, best, min_delta, n)
    wasted = (n - 1 - stop) if stop is not None else after
    ue, uz = p.unit
    best_x, end_x = float(steps[best]), float(steps[-1])
    stop_x = float(steps[stop]) if stop is not None else None
    shares = rise / gained if gained > 0 else float("inf")
    strength = rise / max(1.25 * sigma / math.sqrt(m), 1e-12 * max(abs(float(sm[best_s])), 1e-300))
    conf = confidence(strength if rising else (t_best / max(t_end, 1e-300)) / STALL_TRAIN_FACTOR,
                      MIN_NOISE_MULTIPLE if rising else 1.0, n)
    yield Finding(
        code="LD101", name="overfitting", severity=Severity.WARNING,
        message=Text(
            f"{p.val_key} was best at {ue} {best_x:g} ({v[best]:.4g}) and "
            + (f"rose to {end_level:.4g}" if rising else f"made no progress after it ({end_level:.4g} at the end)")
            + f" by {ue} {end_x:g} ({after} evaluations later) while {p.train_key} fell {t_best:.4g} -> {t_end:.4g}"
            + (f" ({t_best / t_end:.3g}x): the model memorises the training set" if stalled else "")
            + (f"; {metric[0]} got worse too, {metric[1]:.4g} -> {metric[2]:.4g}" if metric else "")
            + (f"; the gap grew {gap_best:.3g} -> {gap_end:.3g}." if gap_end > 0 else
               f"; validation, held below training by regularisation, closed in on it ({gap_best:.3g} -> "
               f"{gap_end:.3g})."),
            f"{p.val_key} 在第 {best_x:g} {uz}最佳（{v[best]:.4g}），"
            + (f"到第 {end_x:g} {uz}升至 {end_level:.4g}" if rising else
               f"之后再无进展（到第 {end_x:g} {uz}为 {end_level:.4g}）")
            + f"（之后又评估了 {after} 次），同时 {p.train_key} 从 {t_best:.4g} 降到 {t_end:.4g}"
            + (f"（{t_best / t_end:.3g} 倍）：模型在记忆训练集" if stalled else "")
            + (f"；{metric[0]} 也变差了，{metric[1]:.4g} -> {metric[2]:.4g}" if metric else "")
            + (f"；差距从 {gap_best:.3g} 扩大到 {gap_end:.3g}。" if gap_end > 0 else
               f"；受正则化影响低于训练损失的验证损失正在逼近训练损失（{gap_best:.3g} -> {gap_end:.3g}）。")),
        span=Span(p.axis, best_x, end_x),
        evidence={f"best_{ue}": best_x, "val_loss_at_best": float(v[best]), "val_loss_at_end": end_level,
                  "train_loss_at_best": t_best, "train_loss_at_end": t_end, "gap_at_best": gap_best,
                  "gap_at_end": gap_end, "evaluations_after_best": after,
                  "rise_share_of_gain": shares, "val_noise": sigma, "pattern": "rising" if rising else "stalled",
                  **({f"{metric[0]}_at_best": metric[1], f"{metric[0]}_at_end": metric[2]} if metric else {}),
                  **({f"early_stop_{ue}": stop_x} if stop_x is not None else {}),
                  "patience": patience, "min_delta": min_delta, f"wasted_{ue}s": wasted},
        causes=(
            Cause("insufficient_regularization", 0.45,
                  Text(f"training loss kept falling ({t_best:.3g} -> {t_end:.3g}) while validation rose: the model "
                       "fits training noise that does not generalise",
                       f"训练损失继续下降（{t_best:.3g} -> {t_end:.3g}）而验证损失上升：模型拟合了不能泛化的训练噪声"),
                  Text("if the model already uses dropout and weight decay, capacity or data size is the lever",
                       "若模型已使用 dropout 和权重衰减，应从模型容量或数据量入手")),
            Cause("model_too_large", 0.35, Text("capacity well beyond what the data supports lets it memorise",
                                                "模型容量远超数据所能支撑，能够记住训练样本"),
                  Text("the log does not give the parameter count; compare it with the number of training examples",
                       "日志中没有参数量；请与训练样本数比较")),
            Cause("too_little_data", 0.35, Text(f"validation turned up after {ue} {best_x:g}: few examples are "
                                                "memorised quickly", f"验证损失在第 {best_x:g} {uz}后回升：样本少时很快被记住"),
                  Text("with tens of thousands of examples or more, data size is the less likely lever",
                       "若训练样本有数万甚至更多，数据量不太可能是主要原因")),
            Cause("lr_too_high", 0.3 if late_jitter >= 0.05 else 0.1,
                  Text(f"late in training the training loss still jitters by {late_jitter:.1%} of its level: steps "
                       "too large to settle near the optimum", f"训练后期训练损失仍有其水平 {late_jitter:.1%} 的抖动："
                       "步长过大，无法稳定在最优点附近"),
                  None if late_jitter >= 0.05 else Text("the training loss falls smoothly after the best epoch",
                                                        "最佳轮次之后训练损失平稳下降")),
        ),
        fixes=(stop_at_best(best_x, patience, min_delta, stop_x, wasted, ue, uz), regularize(), augment(),
               reduce_lr_on_plateau(patience=max(1, patience // 2))),
        confidence=conf,
        series=(p.train_key, p.val_key),
        experiment=Text("Retrain with dropout 0.3 or weight decay 1e-4 and compare the best validation loss; "
                        "if it improves and the turn comes later, the run was over-fitting.",
                        "加入 dropout 0.3 或权重衰减 1e-4 重新训练并比较最佳验证损失；若有改善且拐点推迟，说明之前过拟合。"),
    )


def _val_metric_worsened(run: Run, best_x: float, m: int) -> tuple[str, float, float] | None:
    """(key, value at the best point, value at the end) of a validation accuracy or error rate that got worse after
    the best validation loss; None when there is none or it held."""
    for kind in (Kind.ACCURACY, Kind.ERROR_RATE):
        s = run.find(kind, Split.VAL)
        if s is None:
            continue
        x, y = C.finite(s)
        if y.size < MIN_EVALS:
            continue
        i = int(np.searchsorted(x, best_x))
        if y.size - i < 2:
            continue
        best_so_far = np.max if kind is Kind.ACCURACY else np.min  # the metric's best up to the best loss
        at_best = float(best_so_far(y[: i + 1]))
        at_end = float(np.median(y[-min(m, y.size - i):]))
        worse = (at_best - at_end) if kind is Kind.ACCURACY else (at_end - at_best)
        around = y[max(0, min(2 * i - (y.size - 1), y.size - 4)):]  # noise where the comparison is made, not
        if worse >= max(MIN_METRIC_WORSE, MIN_NOISE_MULTIPLE * C.noise(around)):  # in the steep early part
            return s.key, at_best, at_end
    return None


def _patience(v: np.ndarray, best: int, min_delta: float, n: int) -> tuple[int, int | None, int]:
    """The smallest patience (at least 2 and 5% of the run) with which Keras EarlyStopping would have restored
    a point as good as the best one on this curve; (patience, stop index or None, restored index)."""
    good = float(v[best]) + max(min_delta, 0.0)
    start = max(2, math.ceil(0.05 * n))
    for pat in range(start, n):
        stop, restored = C.early_stopping_sim(v, pat, min_delta)
        if stop is None:
            break
        if float(v[restored]) <= good and restored <= stop:
            return pat, stop, restored
    return start, None, best
