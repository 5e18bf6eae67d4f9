"""LD108 nan_inf: a loss became NaN or infinite."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import stats
from ..findings import Cause, Finding, Mark, Severity, Span
from ..i18n import Text
from ..model import Kind, Series, Split
from . import _pair as C
from ._confidence import certain, confidence, effect_z, settle_more
from ._rule import Context, Requirement, Verdict, define, opt
from ._cause_evidence import LrReading
from ._curve import loss_series
from ._start import begins_at_start
from .fixes import gradient_clipping, lower_lr
from .fixes_probes import find_nonfinite_source

DOC = """
## What it detects
The first step where any loss series is NaN or ±inf, and the last finite value before it.

## Why it matters
Once the loss is NaN every weight update is NaN: the rest of the run is wasted. It is usually the end
of a divergence (exploding gradients, a learning rate that is too high) or a numeric error such as
log(0) in a hand-written loss.

## How to fix
Lower the learning rate, clip gradients, normalise the inputs, use the framework's fused, numerically
stable loss (`from_logits=True`, `BCEWithLogitsLoss`) instead of softmax/sigmoid + log.

## Thresholds
None: a single non-finite loss value is a finding (an error; a warning when the loss recovers and at most
1% of the points are non-finite, as with mixed-precision skipped steps). One finding per run: the earliest series
(by share of its run) leads, the others are listed. Causes follow the log: a loss that grew 10x before the NaN
ranks exploding gradients first; a loss that held its level (within 2x) at a small logged learning rate (<= 1e-4)
ranks one bad batch first (a log(0), an empty or out-of-range target, NaN in the inputs), and the fix guards the
numbers at their source instead of lowering a learning rate that is already small; a metric logged beside the
first non-finite loss at 1e10 or more (a mean absolute error of 7e33 beside an inf loss) shows values that grew until
they overflowed: exploding gradients and a too-high learning rate rank first, even when the first value is already
non-finite (another loss of the run that reached 1e10 or more before turning non-finite itself, a per-step loss
at 1.3e33 beside an epoch's NaN, counts alike); so does a logged learning rate of 0.1 or more beside a first value
that is already non-finite.
A total gradient norm (`grad_norm`) that is NaN or inf on the last 2+ lines of the log while the loss is still finite
is a warning: the gradients overflowed and the run has not come back. Mixed-precision loss scaling skips single steps
(the next norms are finite again, so a non-finite norm followed by finite ones is not reported) and overflows on its
first steps by design (a norm non-finite from the run's first step on is not reported, unless the loss is exactly 0 on
the last line beside it: calibration leaves the loss at its level, a loss of 0 beside a NaN norm is lost - 1.0446 on
the first step, then 0.0 beside 'grad_norm': nan, as 7 labelled development logs show and no healthy one; a
mixed-precision run's skipped first steps keep a finite, non-zero loss); a log that ends on one such
line is a note (confidence about 0.6) that says a few more steps would settle it.
A loss term that is NaN or inf at every one of its prints (4 or more), while the run's main loss (the one the shape
rules read) is finite at every print over the same stretch and falls clearly (3+ of its noise levels and 5 % of its
first value), is a note, not a broken run: a NaN that reached the weights would make every loss NaN within a step, so
a main loss that keeps falling shows the term is not computed (an empty set, a 0/0, a disabled branch) and does not
train the model (DAFormer's `src.loss_imnet_feat_dist: nan` beside `decode.loss_seg` 2.68 -> 1.61, a known, harmless
term). A total that is NaN (it is the main loss then), a term NaN on only some prints, a NaN validation loss, or a
main loss that does not fall keep the error.
A held-out (validation or test) loss that is NaN or inf at its first evaluation only - 3 or more evaluations, every
later one finite, the last 5 % or more below the first finite one - is a note, when no other loss is non-finite: a
held-out loss is never trained on, so its first value did not reach the weights, and the evaluations after it show a
model that evaluates and improves (ultralytics' `val/cls_loss` inf at epoch 1, before the class head learned, then
finite and falling for 99 epochs). A held-out loss non-finite again later, or one that does not fall, keeps the
warning.
"""


@dataclass(frozen=True)
class Options:
    recovered_share: float = opt(0.01, "a loss that recovers with at most this share of non-finite points is "
                                       "mixed-precision loss scaling skipping steps: a warning, not an error")
    exploded_growth: float = opt(10.0, "a loss that grew more than this factor before the NaN points to exploding "
                                       "gradients first")
    astronomical: float = opt(1e10, "a metric logged beside the first non-finite loss at this magnitude or more is a "
                                    "value on its way to overflow (float32 ends at 3.4e38): the numbers grew, they "
                                    "did not start broken")
    term_prints: int = opt(4, "a loss term NaN at every print is judged over at least this many prints, the fewest "
                              "on which the main loss's own noise can be measured (second differences)")
    term_fall_noise: float = opt(3.0, "the main loss beside a NaN term must fall by this many of its noise levels: a "
                                      "fall the curve's own scatter does not explain, so the weights kept training")
    term_fall_share: float = opt(0.05, "... and by this share of its first value: a fall a person sees at a glance, "
                                       "not the drift of a noiseless curve")
    first_eval_min: int = opt(3, "a held-out loss non-finite at its first evaluation only is judged over at least this "
                                 "many evaluations: the first and 2+ finite ones, the fewest that show a fall")
    first_eval_fall: float = opt(0.05, "... the last finite evaluation this share below the first finite one: a model "
                                       "that evaluates and improves after its first evaluation, at a glance")


@dataclass(frozen=True)
class Evidence:
    key: str
    axis: str
    points: int  # length of the series
    step: float  # first non-finite position
    value: str  # what it became: nan, inf or -inf
    end: float  # last position of the series
    last: float  # last finite value before it
    first: float  # first finite value
    growth: float  # last / first
    nonfinite: int
    recovered: bool
    from_start: bool
    others: tuple[str, ...]
    lr_max: float | None = None  # the largest learning rate the log holds
    blown: tuple[str, float] | None = None  # (key, value) of a finite metric of astronomical size at the first NaN
    grad_tail: int = 0  # the loss is finite: points of a total gradient norm non-finite to the end of the log (0: none)
    loss_end: tuple[str, float] | None = None  # (key, last value) of the finite loss beside that gradient norm
    term: tuple[str, float, float, int, float] | None = None  # NaN terms only: (main loss, first, last, prints, z)
    first_eval: tuple[float, float] | None = None  # held-out losses non-finite at the first evaluation only: (first
    # finite value, last value) of the leading series


def measure(ctx: Context, o: Options) -> Evidence | None:
    hits = []
    for s in ctx.run.find_all(Kind.LOSS):
        i = stats.first_nonfinite(s.values)
        if i is not None:
            hits.append((s.axis.value != "epoch", float(s.steps[i]) / max(float(s.steps[-1]), 1.0), s, i))
    if not hits:
        return _grad_norm_tail(ctx)
    hits.sort(key=lambda h: (h[1], h[0]))  # earliest share of its run first; epoch-level on ties
    _, _, s, i = hits[0]
    finite_before = s.values[:i][np.isfinite(s.values[:i])]
    last = float(finite_before[-1]) if finite_before.size else float("nan")
    first = float(finite_before[0]) if finite_before.size else float("nan")
    growth = last / first if finite_before.size and first != 0.0 else float("nan")
    recovered = bool(np.isfinite(s.values[i:]).any() and np.isfinite(s.values[-1]))
    return Evidence(s.key, s.axis.value, len(s), float(s.steps[i]), str(s.values[i]), float(s.steps[-1]), last,
                    first, growth, int((~np.isfinite(s.values)).sum()), recovered, i == 0,
                    tuple(h[2].key for h in hits[1:]), ctx.schedule.lr_max if ctx.schedule is not None else None,
                    _blown(ctx, s, i, o), term=_term_not_computed(ctx, [h[2] for h in hits], o),
                    first_eval=_first_eval_only(s, [h[2] for h in hits], o))


def _first_eval_only(lead: Series, bad: list[Series], o: Options) -> tuple[float, float] | None:
    """(first finite value, last value) of the leading series when every non-finite loss is a held-out loss NaN/inf
    at its first evaluation only, over `first_eval_min`+ evaluations, every later one finite and the last
    `first_eval_fall` below the first finite one: a held-out loss is never trained on, so that value never reached the
    weights, and the model evaluates and improves after it. None otherwise."""
    for s in bad:
        v = s.values
        if (s.split not in (Split.VAL, Split.TEST) or len(s) < o.first_eval_min or np.isfinite(v[0])
                or not bool(np.isfinite(v[1:]).all())):
            return None
        if not float(v[-1]) < (1.0 - o.first_eval_fall) * float(v[1]) or not float(v[1]) > 0:
            return None
    return float(lead.values[1]), float(lead.values[-1])


def _term_not_computed(ctx: Context, bad: list[Series], o: Options) -> tuple[str, float, float, int, float] | None:
    """(main loss key, its first and last value, prints, fall in noise levels) when every non-finite loss is a
    training term NaN/inf at every one of its `term_prints`+ prints and the main loss is finite at every print over
    the same stretch and falls clearly: a NaN that reached the weights would make every loss NaN within a step, so
    the term is not computed and the run trains. None otherwise (a NaN total is the main loss itself)."""
    main = loss_series(ctx.run)
    if main is None or len(main) < o.term_prints or not bool(np.isfinite(main.values).all()):
        return None
    for s in bad:
        if (s.key == main.key or s.split not in (Split.TRAIN, Split.NONE) or len(s) < o.term_prints
                or bool(np.isfinite(s.values).any()) or s.axis is not main.axis
                or float(main.steps[0]) > float(s.steps[0]) or float(main.steps[-1]) < float(s.steps[-1])):
            return None
    y = main.values
    fall = float(y[0] - y[-1])
    z = effect_z(fall, C.noise(y), float(y[0]))
    if fall <= 0.0 or z < o.term_fall_noise or fall < o.term_fall_share * abs(float(y[0])):
        return None
    return main.key, float(y[0]), float(y[-1]), len(main), z


def _grad_norm_tail(ctx: Context) -> Evidence | None:
    """A total gradient norm non-finite on its last lines (the loss still finite): the gradients overflowed and the
    run has not come back. A non-finite norm followed by finite ones is a skipped step (mixed-precision loss scaling)."""
    for s in ctx.run.find_all(Kind.GRAD_NORM):
        if "/" in s.key or len(s) == 0 or np.isfinite(s.values[-1]):
            continue  # a per-layer probe (its own rule), or a norm that ends finite
        fin = np.nonzero(np.isfinite(s.values))[0]
        loss = ctx.view("loss_series", lambda: loss_series(ctx.run))
        # a loss of exactly 0 on the last line beside the non-finite norm: what a person reads at a glance as the
        # run lost (a mixed-precision overflow zeroes the printed loss); calibration leaves the loss at its level
        zero_end = loss is not None and len(loss) >= 1 and float(loss.values[-1]) == 0.0
        if fin.size == 0 and begins_at_start(s.steps) and not zero_end:
            continue  # non-finite from the first step on: loss scaling calibrating (its first steps overflow, by design)
            # - unless the loss ends exactly 0 beside it: calibration leaves the loss at its level; 0 is a lost loss
        i = int(fin[-1]) + 1 if fin.size else 0  # the non-finite stretch that ends the log begins here
        before = s.values[fin] if fin.size else s.values[:0]
        loss_end = (loss.key, float(loss.values[-1])) if loss is not None and len(loss) else None
        last = float(before[-1]) if before.size else float("nan")
        first = float(before[0]) if before.size else float("nan")
        return Evidence(s.key, s.axis.value, len(s), float(s.steps[i]), str(s.values[i]), float(s.steps[-1]), last,
                        first, last / first if before.size and first != 0.0 else float("nan"),
                        int((~np.isfinite(s.values)).sum()), False, i == 0, (),
                        ctx.schedule.lr_max if ctx.schedule is not None else None, None, len(s) - i, loss_end)
    return None


def _blown(ctx: Context, s: Series, i: int, o: Options) -> tuple[str, float] | None:
    """A finite value of astronomical size in another series logged at the first non-finite loss's position (a mean
    absolute error of 7e33 beside an inf loss): the values overflowed by growing within that epoch or interval.
    Another loss of the run (on any axis) that reached such a value before it turned non-finite itself counts too (a
    per-step training loss at 1.3e33 at step 9, then NaN, beside an epoch's NaN validation loss): the numbers it showed
    on the way were finite and growing, not broken from the start."""
    at = float(s.steps[i])
    for other in ctx.run.series:
        if other is s or other.kind in (Kind.LR, Kind.TIME, Kind.OTHER):
            continue
        if other.kind is Kind.LOSS:
            bad = np.flatnonzero(~np.isfinite(other.values))
            before = other.values[:int(bad[0])] if bad.size else other.values[:0]
            big = np.flatnonzero(np.abs(before) >= o.astronomical)
            if big.size:
                return other.key, float(before[big[0]])
        if other.axis is not s.axis:
            continue
        j = int(np.searchsorted(other.steps, at))
        if j < len(other) and float(other.steps[j]) == at:
            v = float(other.values[j])
            if np.isfinite(v) and abs(v) >= o.astronomical:
                return other.key, v
    return None


def judge(e: Evidence, o: Options) -> Verdict:
    if e.grad_tail:  # the loss is finite: the gradients overflowed on the last lines and did not come back
        unit = ("line", "行")
        # one line is what a single step skipped by mixed-precision loss scaling looks like until the next step: a note
        return Verdict(Severity.WARNING if e.grad_tail >= 2 else Severity.INFO,
                       confidence(float("inf"), 1.0, 4 * e.grad_tail),
                       settle_more(e.grad_tail, unit, Text("showing whether the gradient norm comes back finite",
                                                           "（看梯度范数能否恢复为有限值）")))
    if e.term is not None:  # terms NaN at every print beside a main loss that keeps falling: not computed
        return Verdict(Severity.INFO, confidence(e.term[4], o.term_fall_noise, e.term[3]), reading="term")
    if e.first_eval is not None:  # held-out losses non-finite at the first evaluation only, then finite and falling
        return Verdict(Severity.INFO, certain(e.points), reading="first_eval")
    minor = e.recovered and e.nonfinite <= max(1, o.recovered_share * e.points)
    return Verdict(Severity.WARNING if minor else Severity.ERROR, certain(e.points))


def _one_bad_batch(e: Evidence) -> bool:
    """A small logged learning rate and a loss that held its level (within 2x) up to the NaN: no update grew out of
    control, so the data or the loss broke on one batch rather than the step size."""
    return (not e.from_start and LrReading(e.lr_max).small and bool(np.isfinite(e.growth))
            and 0.5 <= e.growth <= 2.0)


def explain(e: Evidence, v: Verdict, o: Options) -> Finding:
    if v.reading == "term":
        return _term_finding(e, v)
    if v.reading == "first_eval":
        return _first_eval_finding(e, v)
    exploded = bool(np.isfinite(e.growth) and abs(e.growth) > o.exploded_growth)
    growth = e.growth
    unit_zh = "轮" if e.axis == "epoch" else "步"
    if e.grad_tail:  # the loss is finite, the gradient norm is not: the gradients overflowed
        causes = (
            Cause("exploding_gradients", 0.55, Text(
                f"{e.key} is {e.value} on the last {e.grad_tail} of {e.points} lines: the gradients overflowed",
                f"{e.key} 在最后 {e.grad_tail} 行（共 {e.points} 行）为 {e.value}：梯度溢出了")),
            Cause("lr_too_high", 0.45, Text("updates too large for the problem's scale make the gradients grow",
                                            "相对问题尺度过大的更新让梯度不断增大")),
            Cause("label_or_loss_misconfig", 0.25, Text("a loss that divides by zero or takes log(0) on some batch gives "
                                                        "a non-finite gradient before the loss shows it",
                                                        "某个批次上除零或取 log(0) 的损失会先让梯度变成非有限值")),
        )
    elif e.blown is not None:  # a metric beside it on its way to overflow: the numbers grew, they did not start broken
        key, val = e.blown
        causes = (
            Cause("exploding_gradients", 0.55, Text(
                f"{key} was {val:.3g} where {e.key} became {e.value}: the values grew until they overflowed",
                f"{e.key} 变成 {e.value} 时 {key} 为 {val:.3g}：数值一路增长直到溢出")),
            Cause("lr_too_high", 0.5, Text("updates too large for the problem's scale make every step larger than the "
                                           "last", "相对问题尺度过大的更新让每一步都比上一步更大")),
            Cause("unnormalized_input", 0.25, Text("very large inputs make very large gradients",
                                                   "输入值过大会导致梯度过大")),
        )
    elif e.from_start and LrReading(e.lr_max).large:  # a large logged LR: the first epoch's updates overflowed
        lr_en, lr_zh = LrReading(e.lr_max).phrase()
        causes = (
            Cause("lr_too_high", 0.55, Text(f"the first value is already non-finite at a large learning rate{lr_en}: "
                                            "the first epoch's updates overflowed", f"学习率偏大{lr_zh}，第一个值就已是"
                                            "非有限值：第一轮的更新溢出了")),
            Cause("exploding_gradients", 0.4, Text("updates large enough to overflow within one epoch",
                                                   "一轮之内就足以溢出的更新")),
            Cause("label_or_loss_misconfig", 0.3, Text("log(0) in the loss or labels outside its range also give a "
                                                       "non-finite first value", "损失中的 log(0) 或超出范围的标签也会让第一个值非有限")),
        )
    elif e.from_start:
        causes = (
            Cause("label_or_loss_misconfig", 0.5, Text("the very first loss is non-finite: log(0) in the loss, labels "
                                                       "outside the loss's range, or NaN in the data",
                                                       "第一个损失就是非有限值：损失中的 log(0)、超出范围的标签或数据中的 NaN")),
            Cause("unnormalized_input", 0.35, Text("NaN or huge values in the inputs", "输入中有 NaN 或极大值")),
            Cause("bad_initialization", 0.2, Text("an initialisation that overflows on the first forward pass",
                                                  "初始化在第一次前向传播时就溢出")),
        )
    elif _one_bad_batch(e):
        # a small logged step and a loss that held its level up to the NaN: no update grew out of control, so one
        # batch broke the loss (a log(0), an empty or out-of-range target, a NaN in the inputs)
        causes = (
            Cause("label_or_loss_misconfig", 0.5, Text(
                f"the loss held its level ({e.first:.4g} -> {e.last:.4g}) at a small learning rate ({e.lr_max:.2g}) "
                "and then turned non-finite at once: one batch gave log(0), an empty or out-of-range target (a CTC "
                "target longer than its input), or a division by zero in the loss",
                f"损失在较小的学习率（{e.lr_max:.2g}）下保持平稳（{e.first:.4g} -> {e.last:.4g}），随后突然变成非有限值："
                "某个批次产生了 log(0)、空的或超出范围的目标（CTC 目标长于输入），或损失中的除零")),
            Cause("unnormalized_input", 0.35, Text("NaN or huge values in one batch of the inputs",
                                                   "某个批次的输入中有 NaN 或极大值")),
            Cause("exploding_gradients", 0.25, Text("a single huge gradient (mixed precision overflow) can still do it",
                                                    "单次巨大的梯度（混合精度溢出）也可能导致")),
            Cause("lr_too_high", 0.15, Text("the learning rate is small here, so it is unlikely",
                                            "这里学习率较小，可能性不大")),
        )
    else:
        causes = (
            Cause("exploding_gradients" if exploded else "lr_too_high", 0.55 if exploded else 0.5,
                  Text(f"the loss grew {growth:.3g}x before turning non-finite" if exploded else
                       "a too-high learning rate is the most common cause of a sudden NaN",
                       f"损失在变成非有限值之前增长了 {growth:.3g} 倍" if exploded else
                       "学习率过高是损失突然变成 NaN 的最常见原因")),
            Cause("lr_too_high" if exploded else "exploding_gradients", 0.35,
                  Text("updates large enough to overflow come from the learning rate or the gradients",
                       "足以溢出的更新来自学习率或梯度")),
            Cause("unnormalized_input", 0.2, Text("very large inputs make very large activations",
                                                  "输入值过大会导致激活值过大")),
            Cause("label_or_loss_misconfig", 0.15, Text("log(0) in a hand-written loss gives -inf",
                                                        "手写损失中的 log(0) 会得到 -inf")),
        )
    others = list(e.others)
    also_en = f" Also non-finite: {', '.join(others)}." if others else ""
    also_zh = f" 同样出现非有限值：{', '.join(others)}。" if others else ""
    before_en = f"last finite value {e.last:.4g}" if e.last == e.last else "its first value already"
    before_zh = f"之前最后一个有限值 {e.last:.4g}" if e.last == e.last else "第一个值就已是非有限值"
    if e.grad_tail and e.loss_end is not None:
        also_en += (f" {e.loss_end[0]} is still finite ({e.loss_end[1]:.4g} on the last line), but updates made from "
                    "non-finite gradients are skipped or poison the weights.")
        also_zh += f" {e.loss_end[0]} 仍是有限值（最后一行 {e.loss_end[1]:.4g}），但由非有限梯度算出的更新会被跳过或污染权重。"
    rec_en = " It recovered afterwards (skipped steps, as mixed-precision loss scaling does)." if e.recovered else ""
    rec_zh = " 之后恢复为有限值（与混合精度损失缩放跳过步骤的表现一致）。" if e.recovered else ""
    return Finding(
        code="LD108", name="nan_inf", severity=v.severity,
        message=Text(
            f"{e.key} became {e.value} at {e.axis} {e.step:g} "
            f"({before_en}; {e.nonfinite} of {e.points} points non-finite).{rec_en}{also_en}",
            f"{e.key} 在第 {e.step:g} {unit_zh}变成 {e.value}"
            f"（{before_zh}；{e.points} 个点中有 {e.nonfinite} 个非有限值）。{rec_zh}{also_zh}"),
        span=Span(e.axis, e.step, e.end),
        evidence={"series": e.key, "first_nonfinite_step": e.step, "value": e.value,
                  "last_finite_value": e.last, "first_value": e.first, "nonfinite_points": e.nonfinite,
                  "growth_before": e.growth, "recovered": e.recovered, "other_series": others},
        marks=(Mark("first_nonfinite_step", (e.step,)),),
        causes=causes,
        fixes=(find_nonfinite_source(), gradient_clipping()) if _one_bad_batch(e) else (lower_lr(), gradient_clipping()),
        series=(e.key, *others),
        experiment=Text("Rerun with the learning rate halved and gradient clipping on; if the NaN moves later "
                        "or disappears the updates were too large. torch.autograd.set_detect_anomaly(True) names "
                        "the first operation that produced it.",
                        "把学习率减半并开启梯度裁剪重新训练；若 NaN 推迟出现或消失，说明更新步长过大。"
                        "torch.autograd.set_detect_anomaly(True) 可以指出第一个产生 NaN 的运算。"),
    )


def _named_series(e: Evidence) -> tuple[tuple[str, ...], str, bool, str]:
    """The series a note speaks of, their names joined, whether it is one, and the zh unit of the axis."""
    keys = (e.key, *e.others)
    return keys, ", ".join(keys), len(keys) == 1, "轮" if e.axis == "epoch" else "步"


def _term_finding(e: Evidence, v: Verdict) -> Finding:
    """The note for loss terms NaN at every print beside a main loss that keeps falling."""
    assert e.term is not None
    main, first, last, prints, _ = e.term
    keys, names, one, unit_zh = _named_series(e)
    return Finding(
        code="LD108", name="nan_inf", severity=v.severity,
        message=Text(
            f"{names} {'is' if one else 'are'} {e.value} at every print ({e.points} of {e.points}, from {e.axis} "
            f"{e.step:g}) while {main} is finite at every print and falls {first:.4g} -> {last:.4g} over {prints} "
            f"prints. A NaN that reached the weights would make every loss NaN within a step, so "
            f"{'this term is' if one else 'these terms are'} not computed (an empty set, a 0/0, a disabled branch) "
            "and the run trains. A note: if the term is meant to train the model, it does not.",
            f"{names} 在每次打印中都是 {e.value}（{e.points} 次中 {e.points} 次，从第 {e.step:g} {unit_zh}起），而 {main} "
            f"每次都是有限值，并在 {prints} 次打印中从 {first:.4g} 降到 {last:.4g}。若 NaN 传到了权重，所有损失在一步之内"
            "都会变成 NaN，所以这一项没有被真正计算（空集合、0/0、被关闭的分支），训练仍在进行。这是提示：如果这一项本应"
            "参与训练，它并没有起作用。"),
        span=Span(e.axis, e.step, e.end),
        evidence={"series": e.key, "first_nonfinite_step": e.step, "value": e.value, "nonfinite_points": e.nonfinite,
                  "other_series": list(e.others), "pattern": "term_not_computed", "main_loss": main,
                  "main_first": first, "main_last": last, "main_prints": prints},
        marks=(Mark("first_nonfinite_step", (e.step,)),),
        causes=(Cause("label_or_loss_misconfig", 0.5, Text(
            f"{e.key} is {e.value} from its first print while the rest of the loss trains: the term divides by zero "
            "or averages over an empty set on every batch (a feature distance with no selected pixels, a loss "
            "switched off by its weight)",
            f"{e.key} 从第一次打印起就是 {e.value}，而其余损失仍在训练：这一项在每个批次上都除以零或对空集合求平均"
            "（没有选中像素的特征距离、权重为零而关闭的损失）")),),
        fixes=(find_nonfinite_source(),),
        series=(main, *keys),
        experiment=Text(f"Print the inputs of {e.key} for one batch (its mask or selection, its denominator): a count "
                        "of zero explains a NaN that never reaches the weights.",
                        f"打印一个批次中 {e.key} 的输入（它的掩码或选择、分母）：若数量为零，就解释了这个从未传到权重的 "
                        "NaN。"),
    )


def _first_eval_finding(e: Evidence, v: Verdict) -> Finding:
    """The note for held-out losses non-finite at their first evaluation only, then finite and falling."""
    assert e.first_eval is not None
    first, last = e.first_eval
    keys, names, one, unit_zh = _named_series(e)
    return Finding(
        code="LD108", name="nan_inf", severity=v.severity,
        message=Text(
            f"{names} {'was' if one else 'were'} {e.value} at the first evaluation only ({e.axis} {e.step:g}), then "
            f"finite at all {e.points - 1} later evaluations and falling ({first:.4g} -> {last:.4g}). A held-out loss "
            "is not trained on, so that value never reached the weights: usually a class the model could not yet "
            "predict at all (log(0) before the first updates took hold). A note: if every first evaluation should be "
            "finite, clip the predicted probabilities before the log.",
            f"{names} 仅在第一次评估（第 {e.step:g} {unit_zh}）时为 {e.value}，此后 {e.points - 1} 次评估都是有限值且在下降"
            f"（{first:.4g} -> {last:.4g}）。验证损失不参与训练，这个值从未传到权重：通常是模型当时还完全无法预测某个类别"
            "（第一次更新生效前的 log(0)）。这是提示：若希望第一次评估也是有限值，请在取对数前裁剪预测概率。"),
        span=Span(e.axis, e.step, e.end),
        evidence={"series": e.key, "first_nonfinite_step": e.step, "value": e.value, "nonfinite_points": e.nonfinite,
                  "other_series": list(e.others), "pattern": "first_evaluation_only", "first_finite_value": first,
                  "last_value": last, "evaluations": e.points},
        marks=(Mark("first_nonfinite_step", (e.step,)),),
        causes=(Cause("label_or_loss_misconfig", 0.4, Text(
            f"{e.key} is {e.value} at the first evaluation only: a probability of exactly 0 for a true class before "
            "training took hold gives log(0); the loss does not clip its inputs",
            f"{e.key} 仅在第一次评估时为 {e.value}：训练生效前某个真实类别的预测概率恰为 0，得到 log(0)；损失没有裁剪其输入")),),
        fixes=(find_nonfinite_source(),),
        series=keys,
        experiment=Text(f"Evaluate the initial model once before training: a non-finite {e.key} there, and a finite "
                        "one after a few hundred steps, confirms the first evaluation alone is affected.",
                        f"训练前先对初始模型评估一次：若那时 {e.key} 为非有限值、训练几百步后变为有限值，即可确认只有第一次评估受影响。"),
    )


nan_inf = define(
    code="LD108", name="nan_inf", severity=Severity.ERROR, requires=(Requirement(Kind.LOSS),),
    summary=Text("A loss became NaN or infinite.", "损失变成了 NaN 或无穷大。"),
    options=Options, measure=measure, judge=judge, explain=explain, doc=DOC,
    explains=("divergence", "loss_spikes", "oscillation", "overfitting", "train_loss_rebound", "plateau",
              "underfitting"))
