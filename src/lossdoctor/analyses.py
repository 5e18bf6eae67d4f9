"""Three classic readings of a run as their own tables: the train/validation trend table, the rate of change per
phase, and the loss-vs-accuracy cross-check. Each reads a Run and returns an Analysis (or None when the run lacks
the series it needs); thresholds are relative to each curve's own scale and noise.

The tables never contradict the findings: the row marked "this run" says whether a finding confirms its reading
or which finding overrides it (`findings` passed to `analyze`), and a curve that turns NaN/inf trends upward."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from .findings import Analysis, Finding
from .i18n import Text
from .model import Kind, Run, Split
from .rules import _pair as C

DOWN, FLAT, UP = "↓", "→", "↑"
TREND_WINDOW = 0.5  # the trend table reads the second half of the run (where the run is heading)
MIN_TREND_REL = 0.02  # a change under 2% of the curve's level (or 3x its uncertainty) is flat

# The practitioners' train/validation trend table, completed to all nine combinations; (train, val) -> meaning
TREND_MEANING: dict[tuple[str, str], Text] = {
    (DOWN, DOWN): Text("still learning: keep training", "网络仍在学习：继续训练"),
    (DOWN, FLAT): Text("over-fitting may begin: validation stopped improving", "可能开始过拟合：验证集不再改善"),
    (DOWN, UP): Text("over-fitting: stop at the best epoch, regularise", "过拟合：在最佳轮次停止，加正则化"),
    (FLAT, DOWN): Text("the dataset may be broken: inspect data and labels", "数据集可能有问题：检查数据和标签"),
    (FLAT, FLAT): Text("bottleneck: lower the learning rate or the batch size", "学习遇到瓶颈：减小学习率或批量大小"),
    (FLAT, UP): Text("training stalled and validation drifts away: over-fitting or drift",
                     "训练停滞而验证变差：过拟合或分布漂移"),
    (UP, DOWN): Text("training loss rising while validation improves: a regularisation/schedule change or a "
                     "measurement problem", "训练损失上升而验证改善：正则化/调度变化或测量问题"),
    (UP, FLAT): Text("training loss rising: learning rate too high late in training", "训练损失上升：后期学习率过高"),
    (UP, UP): Text("both rising: bad architecture or hyper-parameters, broken data cleaning",
                   "两者都上升：网络结构或超参数设置不当，数据清洗有问题"),
}

# The findings that confirm each row's reading (None: a healthy reading, confirmed by the absence of problems).
TREND_FINDINGS: dict[tuple[str, str], frozenset[str] | None] = {
    (DOWN, DOWN): None,
    (DOWN, FLAT): frozenset({"overfitting", "generalization_gap", "plateau", "noisy_validation"}),
    (DOWN, UP): frozenset({"overfitting", "generalization_gap"}),
    (FLAT, DOWN): frozenset({"train_flat_val_improving", "val_below_train", "suspected_leakage"}),
    (FLAT, FLAT): frozenset({"plateau", "loss_not_decreasing", "underfitting", "stuck_at_chance"}),
    (FLAT, UP): frozenset({"overfitting", "generalization_gap", "divergence"}),
    (UP, DOWN): frozenset({"train_loss_rebound", "val_below_train", "divergence"}),
    (UP, FLAT): frozenset({"train_loss_rebound", "divergence", "nan_inf", "oscillation"}),
    (UP, UP): frozenset({"divergence", "nan_inf", "train_loss_rebound", "overfitting"}),
}


def analyze(run: Run, findings: Sequence[Finding] = ()) -> tuple[Analysis, ...]:
    """Every analysis the run supports, its marked rows reconciled with the run's findings."""
    makers: tuple[Callable[[Run, Sequence[Finding]], Analysis | None], ...] = (
        trend_table, rate_of_change, metric_cross_check)
    return tuple(a for a in (m(run, findings) for m in makers) if a is not None)


def trend(steps: np.ndarray, values: np.ndarray) -> tuple[str, float]:
    """↓ / → / ↑ for a curve, from its robust trend against its level and noise; and the change itself.
    A curve that turns NaN/inf after finite values is rising (a blow-up), whatever its finite part does."""
    ok = np.isfinite(values)
    if not ok.all() and ok.any() and not ok[-1]:
        return UP, float("inf")
    steps, values = steps[ok], values[ok]
    if values.size < 3:
        return FLAT, 0.0
    change, unc = C.trend_change(steps, values)
    lvl = C.level(values)
    if abs(change) < max(MIN_TREND_REL * lvl, 3 * unc, 1e-300):
        return FLAT, change
    return (DOWN if change < 0 else UP), change


def _lead(findings: Sequence[Finding]) -> Finding | None:
    from .differential import primary

    return primary(list(findings))


def _name(f: Finding) -> tuple[str, str]:
    from .report.i18n import title

    return f"{f.code} {title(f, 'en')}", f"{f.code} {title(f, 'zh')}"


@dataclass(frozen=True)
class Reconciled:
    """A marked row checked against the findings: its note, its state and, when the findings say something else,
    what they say ('but the main problem is LD108 NaN / inf loss').

    state: 'agrees' (a healthy reading on a run with no problem), 'confirmed' (a finding names the same problem),
    'overridden' (the main problem is something else) or 'unconfirmed' (no check found it beyond the noise)."""

    note: Text
    state: str
    instead: Text | None = None


def reconcile(confirming: frozenset[str] | None, findings: Sequence[Finding]) -> Reconciled:
    """The note beside a marked row, so that a table never disagrees with the findings."""
    lead = _lead(findings)
    if lead is not None:
        en, zh = _name(lead)
        if confirming is not None and lead.name in confirming:
            return Reconciled(Text(f"◀ this run — confirmed by {en}", f"◀ 本次训练——{zh} 证实"), "confirmed")
        instead = Text(f"but the main problem is {en}", f"但主要问题是 {zh}")
        return Reconciled(Text(f"◀ this run — {instead.en}", f"◀ 本次训练——{instead.zh}"), "overridden", instead)
    if confirming is None:
        return Reconciled(Text("◀ this run", "◀ 本次训练"), "agrees")
    hit = next((f for f in findings if f.name in confirming), None)
    if hit is not None:
        en, zh = _name(hit)
        return Reconciled(Text(f"◀ this run — {en} (minor)", f"◀ 本次训练——{zh}（轻微）"), "confirmed")
    instead = Text("but no check confirms it: the change is within the curve's noise",
                   "但没有检查证实：变化在曲线噪声范围内")
    return Reconciled(Text("◀ this run — not confirmed: no check found it beyond the curve's noise",
                           "◀ 本次训练——未被证实：没有检查发现超出曲线噪声的问题"), "unconfirmed", instead)


def _reading(meaning: Text, r: Reconciled) -> Text:
    """The conclusion's reading of the marked row: its meaning, or what the findings say instead."""
    if r.instead is None:
        return meaning
    return Text(f"the table alone reads \"{meaning.en}\", {r.instead.en}", f"单看此表为“{meaning.zh}”，{r.instead.zh}")


def trend_table(run: Run, findings: Sequence[Finding] = ()) -> Analysis | None:
    """Train ↓/→/↑ × val ↓/→/↑ over the second half of the run, this run's row marked and reconciled."""
    p = C.pair(run, Kind.LOSS)
    if p is None or len(p) < 4:
        return None
    k = max(3, int(math.ceil(TREND_WINDOW * len(p))))
    s = p.steps[-k:]
    tt, ct = _window_trend(run, p.train_key, s, p.train[-k:])
    vt, cv = _window_trend(run, p.val_key, s, p.val[-k:])
    ue, uz = p.unit
    rec = reconcile(TREND_FINDINGS[(tt, vt)], findings)
    rows = []
    for tr in (DOWN, FLAT, UP):
        for va in (DOWN, FLAT, UP):
            rows.append((tr, va, TREND_MEANING[(tr, va)], rec.note if (tr, va) == (tt, vt) else ""))
    a, b = float(s[0]), float(s[-1])
    reading = _reading(TREND_MEANING[(tt, vt)], rec)
    return Analysis(
        name="trend_table",
        title=Text(f"Train/validation trend table, {ue}s {a:g}-{b:g}", f"训练/验证走势对照表，第 {a:g}-{b:g} {uz}"),
        headers=(Text("train loss", "训练损失"), Text("val loss", "验证损失"), Text("what it means", "含义"),
                 Text("", "")),
        rows=tuple(rows),
        conclusion=Text(f"{p.train_key} {tt} ({_chg(ct)}), {p.val_key} {vt} ({_chg(cv)}): {reading.en}.",
                        f"{p.train_key} {tt}（{_chg(ct)}），{p.val_key} {vt}（{_chg(cv)}）：{reading.zh}。"),
    )


def _chg(x: float) -> str:
    return "→ NaN/inf" if not math.isfinite(x) else f"{x:+.3g}"


def _window_trend(run: Run, key: str, window: np.ndarray, paired: np.ndarray) -> tuple[str, float]:
    """The trend of one side of the pair over the window; the pair keeps finite values only, so a series that
    turns NaN/inf inside the window (or after its last finite point) is read from the series itself."""
    s = run.get(key)
    if s is not None and len(s) and not np.isfinite(s.values[-1]) and np.isfinite(s.values).any():
        return UP, float("inf")  # it ended NaN/inf: a blow-up, whatever its finite part did
    return trend(window, paired)


def _phase_reading(d: np.ndarray, scale: float) -> tuple[Text, str]:
    """One phase's reading, relative to the curve's own scale: per-evaluation deltas."""
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


PHASE_STATE: dict[str, Text] = {
    "none": Text("too few points", "点数太少"), "stopped": Text("stopped", "停止"),
    "unstable": Text("too large", "过大"), "learning": Text("learning", "仍在学习"),
    "rising": Text("rising", "上升"), "flat": Text("flat", "平稳"), "nonfinite": Text("NaN/inf", "NaN/inf"),
}


def rate_of_change(run: Run, findings: Sequence[Finding] = ()) -> Analysis | None:
    """Mean per-evaluation change in each third of the run, relative to the loss's scale. A phase in which the
    curve turns NaN/inf says so instead of reading its finite points."""
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
        bounds = np.linspace(0, len(s), 4).astype(int)
        per = float(np.median(np.diff(st))) or 1.0
        for i, (name_en, name_zh) in enumerate((("early", "前期"), ("middle", "中期"), ("late", "后期"))):
            lo, hi = bounds[i], bounds[i + 1]
            seg = s.values[max(0, lo - 1):hi]
            ok = np.isfinite(seg)
            d = np.diff(seg[ok])
            d = d / per if axis == "epoch" else d
            if not ok.all() and np.isfinite(s.values[:hi]).any():
                reading, code = Text("turns NaN/inf", "变为 NaN/inf"), "nonfinite"
            else:
                reading, code = _phase_reading(d, scale)
            last[s.key] = code
            a, b = float(s.steps[lo]), float(s.steps[hi - 1])
            rows.append((s.key, Text(f"{name_en} ({a:g}-{b:g})", f"{name_zh}（{a:g}-{b:g}）"),
                         f"{float(np.mean(d)) if d.size else 0.0:+.3g}",
                         f"{(float(np.mean(np.abs(d))) / scale if d.size and scale > 0 else 0.0):.1%}", reading))
    if not rows:
        return None
    per_en = "per epoch" if axis == "epoch" else "per evaluation"
    per_zh = "每轮" if axis == "epoch" else "每次评估"
    states_en = ", ".join(f"{k}: {PHASE_STATE[v].en}" for k, v in last.items())
    states_zh = "，".join(f"{k}：{PHASE_STATE[v].zh}" for k, v in last.items())
    return Analysis(
        name="rate_of_change",
        title=Text("Rate of change per phase", "各阶段变化率"),
        headers=(Text("series", "曲线"), Text("phase", "阶段"), Text(f"mean change {per_en}", f"{per_zh}平均变化"),
                 Text("mean |change| / curve scale", "平均|变化|/曲线尺度"), Text("reading", "解读")),
        rows=tuple(rows),
        conclusion=Text(f"Late phase: {states_en}. Thresholds are relative to each curve's scale (its range, or its "
                        "level when flat): under 0.2% per step is 'stopped', 5% or more without falling is "
                        "'too large'.",
                        f"后期：{states_zh}。阈值相对于每条曲线自身的尺度（其取值范围，曲线平坦时取其水平）："
                        "每步低于 0.2% 为“停止”，不下降且达到 5% 以上为“过大”。"),
    )


# The findings that confirm each pattern of the cross-check.
CROSS_FINDINGS: tuple[frozenset[str], ...] = (
    frozenset({"underfitting", "stuck_at_chance", "loss_not_decreasing", "plateau"}),
    frozenset({"overfitting", "generalization_gap"}),
    frozenset({"noisy_validation", "oscillation", "loss_spikes"}),
)


def _fell(x: float) -> Text:
    """A relative change worded by its sign: 'fell 30%' / 'rose 41%' (never 'fell -41%')."""
    return Text(f"fell {x:.0%}", f"下降 {x:.0%}") if x >= 0 else Text(f"rose {-x:.0%}", f"上升 {-x:.0%}")


def metric_cross_check(run: Run, findings: Sequence[Finding] = ()) -> Analysis | None:
    """Loss and accuracy read together, over the whole run and at its end."""
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
    vt, _ = _window_trend(run, lp.val_key, lp.steps, lp.val)
    agree = (vt, lt) in ((DOWN, UP), (UP, DOWN), (FLAT, FLAT))
    hits = (both_high, train_low_val_high, osc)
    notes = [reconcile(CROSS_FINDINGS[i], findings) if hit else None for i, hit in enumerate(hits)]
    rows = (
        (Text("both high", "双高"), Text("both low", "双低"), Text("underfitting", "欠拟合"), _mark(notes[0])),
        (Text("train low, val high", "训练低验证高"), Text("train high, val low", "训练高验证低"),
         Text("overfitting", "过拟合"), _mark(notes[1])),
        (Text("oscillating together", "同步震荡"), Text("oscillating together", "同步震荡"),
         Text("noisy data", "数据噪声"), _mark(notes[2])),
        (Text(f"val {vt}", f"验证 {vt}"), Text(f"val {lt}", f"验证 {lt}"),
         Text("consistent" if agree else "they move differently (the loss/metric check judges it)",
              "一致" if agree else "走势不同（由损失/指标一致性检查判断）"), Text("◀ this run", "◀ 本次训练")),
    )
    found = [(r[2], n.state) for r, n in zip(rows[:3], notes) if n is not None]
    what_en = ", ".join(t.en + ("" if st in ("confirmed", "agrees") else " (not confirmed by the checks)")
                        for t, st in found) or "none of the classic problem patterns"
    what_zh = "，".join(t.zh + ("" if st in ("confirmed", "agrees") else "（未被检查证实）")
                       for t, st in found) or "不符合任何典型问题模式"
    ft, fv = _fell(learned_t), _fell(learned_v)
    return Analysis(
        name="metric_cross_check",
        title=Text("Loss vs accuracy cross-check", "损失与准确率交叉验证"),
        headers=(Text("loss curves", "损失曲线"), Text("accuracy curves", "准确率曲线"), Text("diagnosis", "诊断"),
                 Text("", "")),
        rows=rows,
        conclusion=Text(f"Training loss {ft.en}, validation loss {fv.en}; final accuracy {ta_end:.3g} (train) / "
                        f"{va_end:.3g} (val): {what_en}; loss and accuracy {'agree' if agree else 'disagree'}.",
                        f"训练损失{ft.zh}，验证损失{fv.zh}；最终准确率 {ta_end:.3g}（训练）/ "
                        f"{va_end:.3g}（验证）：{what_zh}；损失与准确率{'一致' if agree else '矛盾'}。"),
    )


def _mark(rec: Reconciled | None) -> Text | str:
    return rec.note if rec is not None else ""


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
