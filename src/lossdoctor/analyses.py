"""The seed analyses as their own tables: seed 002's train/val trend table, seed 003 §3.1's rate of change per
phase, and seed 003 §3.2's loss-vs-accuracy cross-check. Each reads a Run and returns an Analysis (or None when
the run lacks the series it needs); thresholds are relative to each curve's own scale and noise."""
from __future__ import annotations

import math
from typing import Callable

import numpy as np

from .findings import Analysis
from .i18n import Text
from .model import Kind, Run, Split
from .rules import _pair as C

DOWN, FLAT, UP = "↓", "→", "↑"
TREND_WINDOW = 0.5  # the trend table reads the second half of the run (where the run is heading)
MIN_TREND_REL = 0.02  # a change under 2% of the curve's level (or 3x its uncertainty) is flat

# seed 002's table (rows 1-5) completed to all nine combinations; (train, val) -> meaning
TREND_MEANING: dict[tuple[str, str], Text] = {
    (DOWN, DOWN): Text("still learning: keep training (seed 002 row 1)", "网络仍在学习：继续训练（种子 002 第 1 行）"),
    (DOWN, FLAT): Text("over-fitting begins: validation stopped improving (seed 002 row 2)",
                       "开始过拟合：验证集不再改善（种子 002 第 2 行）"),
    (DOWN, UP): Text("over-fitting: stop at the best epoch, regularise", "过拟合：在最佳轮次停止，加正则化"),
    (FLAT, DOWN): Text("the dataset is broken: inspect data and labels (seed 002 row 3)",
                       "数据集有问题：检查数据和标签（种子 002 第 3 行）"),
    (FLAT, FLAT): Text("bottleneck: lower the learning rate or the batch size (seed 002 row 4)",
                       "学习遇到瓶颈：减小学习率或批量大小（种子 002 第 4 行）"),
    (FLAT, UP): Text("training stalled and validation drifts away: over-fitting or drift",
                     "训练停滞而验证变差：过拟合或分布漂移"),
    (UP, DOWN): Text("training loss rising while validation improves: a regularisation/schedule change or a "
                     "measurement problem", "训练损失上升而验证改善：正则化/调度变化或测量问题"),
    (UP, FLAT): Text("training loss rising: learning rate too high late in training", "训练损失上升：后期学习率过高"),
    (UP, UP): Text("both rising: bad architecture or hyper-parameters, broken data cleaning (seed 002 row 5)",
                   "两者都上升：网络结构或超参数设置不当，数据清洗有问题（种子 002 第 5 行）"),
}


def analyze(run: Run) -> tuple[Analysis, ...]:
    """Every seed analysis the run supports."""
    makers: tuple[Callable[[Run], Analysis | None], ...] = (trend_table, rate_of_change, metric_cross_check)
    return tuple(a for a in (m(run) for m in makers) if a is not None)


def trend(steps: np.ndarray, values: np.ndarray) -> tuple[str, float]:
    """↓ / → / ↑ for a curve, from its robust trend against its level and noise; and the change itself."""
    ok = np.isfinite(values)
    steps, values = steps[ok], values[ok]
    if values.size < 3:
        return FLAT, 0.0
    change, unc = C.trend_change(steps, values)
    lvl = C.level(values)
    if abs(change) < max(MIN_TREND_REL * lvl, 3 * unc, 1e-300):
        return FLAT, change
    return (DOWN if change < 0 else UP), change


def trend_table(run: Run) -> Analysis | None:
    """Seed 002: train ↓/→/↑ × val ↓/→/↑ over the second half of the run, this run's row marked."""
    p = C.pair(run, Kind.LOSS)
    if p is None or len(p) < 4:
        return None
    k = max(3, int(math.ceil(TREND_WINDOW * len(p))))
    s = p.steps[-k:]
    tt, ct = trend(s, p.train[-k:])
    vt, cv = trend(s, p.val[-k:])
    ue, uz = p.unit
    rows = []
    for tr in (DOWN, FLAT, UP):
        for va in (DOWN, FLAT, UP):
            mine = (tr, va) == (tt, vt)
            rows.append((tr, va, TREND_MEANING[(tr, va)], Text("◀ this run", "◀ 本次训练") if mine else ""))
    a, b = float(s[0]), float(s[-1])
    return Analysis(
        name="trend_table",
        title=Text(f"Train/validation trend table (seed 002), {ue}s {a:g}-{b:g}",
                   f"训练/验证走势对照表（种子 002），第 {a:g}-{b:g} {uz}"),
        headers=(Text("train loss", "训练损失"), Text("val loss", "验证损失"), Text("what it means", "含义"),
                 Text("", "")),
        rows=tuple(rows),
        conclusion=Text(f"{p.train_key} {tt} ({ct:+.3g}), {p.val_key} {vt} ({cv:+.3g}): "
                        f"{TREND_MEANING[(tt, vt)].en}.",
                        f"{p.train_key} {tt}（{ct:+.3g}），{p.val_key} {vt}（{cv:+.3g}）：{TREND_MEANING[(tt, vt)].zh}。"),
    )


def _phase_reading(d: np.ndarray, scale: float) -> tuple[Text, str]:
    """Seed 003 §3.1 for one phase, relative to the curve's own scale: per-evaluation deltas."""
    if d.size == 0:
        return Text("too few points", "点数太少"), "none"
    if scale <= 0:
        return Text("constant: not learning", "恒定不变：没有学习"), "stopped"
    mean_abs = float(np.mean(np.abs(d))) / scale
    net = float(np.sum(d))
    direction = net / max(float(np.sum(np.abs(d))), 1e-300)  # +1 all up, -1 all down, ~0 back and forth
    if mean_abs >= 0.05 and direction > -0.5:
        return Text("large and sustained, not downward: learning rate too high?", "持续大幅变化且不下降：学习率可能过高"), "unstable"
    if direction <= -0.5:
        return (Text("falling fast: learning", "快速下降：正在学习") if mean_abs >= 0.05
                else Text("small steady decrease: still learning", "小幅稳定下降：仍在学习")), "learning"
    if direction >= 0.5:
        return Text("rising steadily", "持续上升"), "rising"
    if mean_abs < 0.002:
        return Text("≈0 for long: stopped learning", "长期≈0：停止学习"), "stopped"
    return Text("small back-and-forth: converged or stalled", "小幅来回波动：已收敛或停滞"), "flat"


def rate_of_change(run: Run) -> Analysis | None:
    """Seed 003 §3.1: mean per-evaluation change in each third of the run, relative to the loss's scale."""
    rows = []
    last: dict[str, str] = {}
    axis = "epoch"
    for split in (Split.TRAIN, Split.VAL):
        s = run.find(Kind.LOSS, split)
        if s is None:
            continue
        st, v = C.finite(s)
        if v.size < 6:
            continue
        axis = s.axis.value
        scale = max(float(np.ptp(v)), C.level(v))  # the range, or the level for a flat curve
        bounds = np.linspace(0, v.size, 4).astype(int)
        for i, (name_en, name_zh) in enumerate((("early", "前期"), ("middle", "中期"), ("late", "后期"))):
            lo, hi = bounds[i], bounds[i + 1]
            seg = v[max(0, lo - 1):hi]
            d = np.diff(seg)
            if st.size > 1:
                per = float(np.median(np.diff(st))) or 1.0
                d = d / per if axis == "epoch" else d
            reading, code = _phase_reading(d, scale)
            last[s.key] = code
            rows.append((s.key, Text(f"{name_en} ({st[lo]:g}-{st[hi - 1]:g})", f"{name_zh}（{st[lo]:g}-{st[hi - 1]:g}）"),
                         f"{float(np.mean(d)) if d.size else 0.0:+.3g}",
                         f"{(float(np.mean(np.abs(d))) / scale if d.size and scale > 0 else 0.0):.1%}", reading))
    if not rows:
        return None
    per_en = "per epoch" if axis == "epoch" else "per evaluation"
    per_zh = "每轮" if axis == "epoch" else "每次评估"
    states = ", ".join(f"{k}: {v}" for k, v in last.items())
    return Analysis(
        name="rate_of_change",
        title=Text("Rate of change per phase (seed 003 §3.1)", "各阶段变化率（种子 003 §3.1）"),
        headers=(Text("series", "曲线"), Text("phase", "阶段"), Text(f"mean change {per_en}", f"{per_zh}平均变化"),
                 Text("mean |change| / curve scale", "平均|变化|/曲线尺度"), Text("reading", "解读")),
        rows=tuple(rows),
        conclusion=Text(f"Late phase: {states}. Thresholds are relative to each curve's scale (its range, or its "
                        "level when flat): under 0.2% per step is 'stopped', 5% or more without falling is "
                        "'too large'.",
                        f"后期：{states}。阈值相对于每条曲线自身的尺度（其取值范围，曲线平坦时取其水平）："
                        "每步低于 0.2% 为“停止”，不下降且达到 5% 以上为“过大”。"),
    )


def metric_cross_check(run: Run) -> Analysis | None:
    """Seed 003 §3.2: loss and accuracy read together, over the whole run and at its end."""
    lp, ap = C.pair(run, Kind.LOSS), C.pair(run, Kind.ACCURACY)
    if lp is None or ap is None or len(lp) < 3 or len(ap) < 3:
        return None
    t0, v0 = float(np.median(lp.train[:2])), float(np.median(lp.val[:2]))
    t_end, v_end = float(np.median(lp.train[-2:])), float(np.median(lp.val[-2:]))
    ta_end, va_end = float(np.median(ap.train[-2:])), float(np.median(ap.val[-2:]))
    learned_t = (t0 - t_end) / abs(t0) if t0 else 0.0
    learned_v = (v0 - v_end) / abs(v0) if v0 else 0.0
    both_high = learned_t < 0.3 and learned_v < 0.3
    gap_loss = (v_end - t_end) / max(abs(v_end), 1e-300)
    train_low_val_high = gap_loss >= 0.3 and ta_end - va_end >= 0.05
    osc = _synchronized_oscillation(lp.val, ap.val)
    lt, _ = trend(ap.steps, ap.val)
    vt, _ = trend(lp.steps, lp.val)
    agree = (vt, lt) in ((DOWN, UP), (UP, DOWN), (FLAT, FLAT))
    rows = (
        (Text("both high", "双高"), Text("both low", "双低"), Text("underfitting", "欠拟合"), _mark(both_high)),
        (Text("train low, val high", "训练低验证高"), Text("train high, val low", "训练高验证低"),
         Text("overfitting", "过拟合"), _mark(train_low_val_high)),
        (Text("oscillating together", "同步震荡"), Text("oscillating together", "同步震荡"),
         Text("noisy data", "数据噪声"), _mark(osc)),
        (Text(f"val {vt}", f"验证 {vt}"), Text(f"val {lt}", f"验证 {lt}"),
         Text("consistent" if agree else "they move differently (LD111 judges it)",
              "一致" if agree else "走势不同（由 LD111 判断）"), _mark(True)),
    )
    found = [r[2] for r in rows[:3] if r[3]]
    what_en = ", ".join(t.en for t in found) or "none of the seed's problem patterns"
    what_zh = "，".join(t.zh for t in found) or "不符合种子文章中的任何问题模式"
    return Analysis(
        name="metric_cross_check",
        title=Text("Loss vs accuracy cross-check (seed 003 §3.2)", "损失与准确率交叉验证（种子 003 §3.2）"),
        headers=(Text("loss curves", "损失曲线"), Text("accuracy curves", "准确率曲线"), Text("diagnosis", "诊断"),
                 Text("", "")),
        rows=rows,
        conclusion=Text(f"Loss fell {learned_t:.0%} (train) / {learned_v:.0%} (val); final accuracy {ta_end:.3g} "
                        f"(train) / "
                        f"{va_end:.3g} (val): {what_en}; loss and accuracy {'agree' if agree else 'disagree'}.",
                        f"损失下降了 {learned_t:.0%}（训练）/ {learned_v:.0%}（验证）；最终准确率 {ta_end:.3g}（训练）/ "
                        f"{va_end:.3g}（验证）：{what_zh}；损失与准确率{'一致' if agree else '矛盾'}。"),
    )


def _mark(hit: bool) -> Text | str:
    return Text("◀ this run", "◀ 本次训练") if hit else ""


def _synchronized_oscillation(loss: np.ndarray, acc: np.ndarray) -> bool:
    """Both curves wiggle well above their trend and the wiggles mirror each other (loss up = accuracy down)."""
    if loss.size < 6 or acc.size != loss.size:
        return False
    dl, da = np.diff(loss, n=2), np.diff(acc, n=2)
    if np.std(dl) == 0 or np.std(da) == 0:
        return False
    big = C.noise(loss) >= 0.05 * max(C.level(loss), 1e-300) and C.noise(acc) >= 0.02
    corr = float(np.corrcoef(dl, da)[0, 1])
    return bool(big and corr <= -0.5)
