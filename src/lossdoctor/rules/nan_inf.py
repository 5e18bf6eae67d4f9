"""LD108 nan_inf: a loss became NaN or infinite."""
from __future__ import annotations

from typing import Iterator

import numpy as np

from .. import stats
from ..findings import Cause, Finding, Severity, Span
from ..i18n import Text
from ..model import Kind
from ._rule import Context, Requirement, rule
from .fixes import gradient_clipping, lower_lr


@rule(code="LD108", name="nan_inf", severity=Severity.ERROR, requires=(Requirement(Kind.LOSS),),
      summary=Text("A loss became NaN or infinite.", "损失变成了 NaN 或无穷大。"))
def nan_inf(ctx: Context) -> Iterator[Finding]:
    """
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
    (by share of its run) leads, the others are listed.
    """
    hits = []
    for s in ctx.run.find_all(Kind.LOSS):
        i = stats.first_nonfinite(s.values)
        if i is not None:
            hits.append((s.axis.value != "epoch", float(s.steps[i]) / max(float(s.steps[-1]), 1.0), s, i))
    if not hits:
        return
    hits.sort(key=lambda h: (h[1], h[0]))  # earliest share of its run first; epoch-level on ties
    _, _, s, i = hits[0]
    finite_before = s.values[:i][np.isfinite(s.values[:i])]
    last = float(finite_before[-1]) if finite_before.size else float("nan")
    first = float(finite_before[0]) if finite_before.size else float("nan")
    growth = last / first if finite_before.size and first != 0.0 else float("nan")
    bad = ~np.isfinite(s.values)
    n_bad = int(bad.sum())
    recovered = bool(np.isfinite(s.values[i:]).any() and np.isfinite(s.values[-1]))
    step = float(s.steps[i])
    from_start = i == 0
    exploded = bool(np.isfinite(growth) and abs(growth) > 10)
    unit_zh = "轮" if s.axis.value == "epoch" else "步"
    if from_start:
        causes = (
            Cause("label_or_loss_misconfig", 0.5, Text("the very first loss is non-finite: log(0) in the loss, labels "
                                                       "outside the loss's range, or NaN in the data",
                                                       "第一个损失就是非有限值：损失中的 log(0)、超出范围的标签或数据中的 NaN")),
            Cause("unnormalized_input", 0.35, Text("NaN or huge values in the inputs", "输入中有 NaN 或极大值")),
            Cause("bad_initialization", 0.2, Text("an initialisation that overflows on the first forward pass",
                                                  "初始化在第一次前向传播时就溢出")),
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
    others = [h[2].key for h in hits[1:]]
    also_en = f" Also non-finite: {', '.join(others)}." if others else ""
    also_zh = f" 同样出现非有限值：{', '.join(others)}。" if others else ""
    before_en = f"last finite value {last:.4g}" if finite_before.size else "its first value already"
    before_zh = f"之前最后一个有限值 {last:.4g}" if finite_before.size else "第一个值就已是非有限值"
    rec_en = " It recovered afterwards (skipped steps, as mixed-precision loss scaling does)." if recovered else ""
    rec_zh = " 之后恢复为有限值（与混合精度损失缩放跳过步骤的表现一致）。" if recovered else ""
    yield Finding(
        code="LD108", name="nan_inf", severity=Severity.WARNING if recovered and n_bad <= max(1, 0.01 * len(s))
        else Severity.ERROR,
        message=Text(
            f"{s.key} became {s.values[i]} at {s.axis.value} {step:g} "
            f"({before_en}; {n_bad} of {len(s)} points non-finite).{rec_en}{also_en}",
            f"{s.key} 在第 {step:g} {unit_zh}变成 {s.values[i]}"
            f"（{before_zh}；{len(s)} 个点中有 {n_bad} 个非有限值）。{rec_zh}{also_zh}"),
        span=Span(s.axis.value, step, float(s.steps[-1])),
        evidence={"series": s.key, "first_nonfinite_step": step, "value": str(s.values[i]),
                  "last_finite_value": last, "first_value": first, "nonfinite_points": n_bad,
                  "growth_before": growth, "recovered": recovered, "other_series": others},
        causes=causes,
        fixes=(lower_lr(), gradient_clipping()),
        series=(s.key, *others),
        experiment=Text("Rerun with the learning rate halved and gradient clipping on; if the NaN moves later "
                        "or disappears the updates were too large. torch.autograd.set_detect_anomaly(True) names "
                        "the first operation that produced it.",
                        "把学习率减半并开启梯度裁剪重新训练；若 NaN 推迟出现或消失，说明更新步长过大。"
                        "torch.autograd.set_detect_anomaly(True) 可以指出第一个产生 NaN 的运算。"),
    )
