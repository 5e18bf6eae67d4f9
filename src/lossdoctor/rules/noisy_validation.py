"""LD116 noisy_validation: the validation curve is much noisier or more step-like than training."""
from __future__ import annotations

from typing import Iterator

import numpy as np

from ..findings import Cause, Finding, Severity, Span
from ..i18n import Text
from ..model import Kind, Run, Split
from . import _pair as C
from ._rule import Context, Requirement, rule
from .fixes_split import representative_val_set

MIN_EVALS = 6
NOISE_RATIO = 3.0  # validation's relative noise at least 3x training's (at the same cadence)
MIN_REL_NOISE = 0.02  # and at least 2% of its level per evaluation
MIN_SHARE_OF_TREND = 0.10  # and at least 10% of validation's own improvement...
HIGH_REL_NOISE = 0.10  # ...unless it is 10% of its level on its own
BAD_SHARE_OF_TREND = 0.50  # noise half the improvement: the best epoch cannot be picked reliably (warning)
MAX_QUANTUM_SAMPLES = 1000  # accuracy steps of 1/N reveal N validation samples when N is small
TINY_VAL_SAMPLES = 50  # under 50 samples an accuracy's own standard error is 4+ points: noisy whatever the loss does


@rule(code="LD116", name="noisy_validation", severity=Severity.INFO,
      requires=(Requirement(Kind.LOSS, Split.VAL),),
      summary=Text("Validation curve is much noisier or more step-like than training.",
                   "验证曲线比训练曲线噪声大得多或呈阶梯状。"))
def noisy_validation(ctx: Context) -> Iterator[Finding]:
    """
    ## What it detects
    A validation curve that jumps around (or moves in coarse steps) while the training curve, measured at
    the same cadence, is smooth: seed 003 case 4.2, "validation loss fluctuates step-wise". When validation
    accuracy moves in multiples of 1/N, the finding estimates the validation set size N.

    ## Why it matters
    A small or unrepresentative validation set makes every decision taken from it noisy: the "best epoch",
    early stopping and model selection follow the noise, not the model. Step-like jumps also appear when the
    validation set holds classes or conditions the training set does not.

    ## How to fix
    A larger, stratified validation split from the same distribution as training; evaluate on all of it;
    smooth (or patience-filter) the monitored value.

    ## Thresholds
    At least 6 evaluations. Noise is the MAD of second differences (robust to the trend). Validation's noise
    relative to its level is at least 3x training's (training averaged over each evaluation interval) and at
    least 2% of its level, and at least 10% of validation's own improvement or 10% of its level (a
    warning when it reaches 50% of the improvement: the best epoch is then a coin toss). Without a training
    curve: 5% of its level and 25% of its improvement. Also (info) when validation accuracy moves in steps of 1/N,
    its values are counts out of N and N <= 50: an accuracy on so few samples has a standard error of 4+ points.
    """
    run = ctx.run
    val = run.find(Kind.LOSS, Split.VAL)
    assert val is not None
    vs, vv = C.finite(val)
    if vv.size < MIN_EVALS:
        return
    level_v = C.level(vv)
    sigma_v = C.noise(vv)
    if level_v <= 0 or sigma_v <= 0:
        return
    rel_v = sigma_v / level_v
    drop = float(np.median(vv[:2]) - np.min(C.smooth_centered(vv)))
    p = C.pair(run, Kind.LOSS)
    rel_t = None
    quantum = _accuracy_quantum(run)
    tiny = quantum is not None and round(1.0 / quantum) <= TINY_VAL_SAMPLES
    if p is not None and len(p) >= MIN_EVALS and C.level(p.train) > 0:
        rel_t = C.noise(p.train) / C.level(p.train)
        noisy = rel_v >= NOISE_RATIO * rel_t and rel_v >= MIN_REL_NOISE and not (
            drop > 0 and sigma_v < MIN_SHARE_OF_TREND * drop and rel_v < HIGH_REL_NOISE)
    else:
        noisy = rel_v >= 2.5 * MIN_REL_NOISE and not (drop > 0 and sigma_v < 2.5 * MIN_SHARE_OF_TREND * drop)
    if not (noisy or tiny):
        return
    share = sigma_v / drop if drop > 0 else float("inf")
    severe = noisy and share >= BAD_SHARE_OF_TREND
    ue, uz = C.unit(val.axis.value)
    evidence: dict[str, object] = {"val_noise": sigma_v, "val_relative_noise": rel_v,
                                   "val_noise_share_of_improvement": share}
    cmp_en = cmp_zh = ""
    if rel_t is not None:
        evidence["train_relative_noise"] = rel_t
        ratio = rel_v / rel_t if rel_t > 0 else float("inf")
        evidence["noise_ratio"] = ratio
        cmp_en = f", {ratio:.3g}x the training curve's ({rel_t:.2%})" if np.isfinite(ratio) else \
            ", while the training curve is perfectly smooth"
        cmp_zh = f"，是训练曲线（{rel_t:.2%}）的 {ratio:.3g} 倍" if np.isfinite(ratio) else "，而训练曲线完全平滑"
    q_en = q_zh = ""
    if quantum is not None:
        n_val = round(1.0 / quantum)
        se = _accuracy_standard_error(run, n_val)
        evidence["val_accuracy_step"] = quantum
        evidence["estimated_val_samples"] = n_val
        evidence["val_accuracy_standard_error"] = se
        q_en = (f"; validation accuracy moves in steps of {quantum:.4g}, consistent with about {n_val} validation "
                f"samples, so any one evaluation's accuracy is uncertain by about ±{se:.2g}")
        q_zh = (f"；验证准确率以 {quantum:.4g} 为步长变化，说明验证集大约只有 {n_val} 个样本，"
                f"单次评估的准确率误差约为 ±{se:.2g}")
    yield Finding(
        code="LD116", name="noisy_validation", severity=Severity.WARNING if severe else Severity.INFO,
        message=Text(
            f"{val.key} jumps by about {sigma_v:.3g} per evaluation ({rel_v:.1%} of its level{cmp_en}), "
            f"{share:.0%} of its whole improvement{q_en}.",
            f"{val.key} 每次评估波动约 {sigma_v:.3g}（为其水平的 {rel_v:.1%}{cmp_zh}），相当于其总改善的 {share:.0%}{q_zh}。"),
        span=Span(val.axis.value, float(vs[0]), float(vs[-1])),
        evidence=evidence,
        causes=(
            Cause("small_validation_set", 0.6 if quantum is not None else 0.5,
                  Text(f"about {round(1 / quantum)} validation samples: each one moves accuracy by {quantum:.3g}"
                       if quantum is not None else "few validation samples make each evaluation a noisy estimate",
                       f"验证集约 {round(1 / quantum)} 个样本：每个样本都会让准确率变化 {quantum:.3g}"
                       if quantum is not None else "验证样本太少，每次评估都是一个噪声很大的估计")),
            Cause("distribution_shift", 0.3,
                  Text("a validation set with classes or conditions the training set lacks moves in jumps as the "
                       "model's behaviour on them flips", "若验证集含有训练集没有的类别或条件，模型在这些样本上的表现一变，曲线就会跳变"),
                  Text("the validation set's size alone explains jumps of 1/N", "仅验证集太小就足以解释 1/N 大小的跳变")
                  if quantum is not None else None),
        ),
        fixes=(representative_val_set(),),
        series=(val.key,) + ((p.train_key,) if p is not None else ()),
        experiment=Text("Evaluate the same checkpoint on two disjoint halves of the validation set: if the two "
                        "numbers differ by about the jump size, the validation set is too small.",
                        "用同一个检查点分别评估验证集的两个不相交的一半：若两者之差与跳变幅度相当，说明验证集太小。"),
    )


def _accuracy_quantum(run: Run) -> float | None:
    """The step 1/N that validation accuracy moves in, when every change is a multiple of it, N is small and
    the values themselves are counts out of N (so rounding to a few printed decimals is not mistaken for it)."""
    va = run.find(Kind.ACCURACY, Split.VAL)
    if va is None:
        return None
    x = va.values[np.isfinite(va.values)]
    d = np.abs(np.diff(x))
    d = d[d > 1e-9]
    if d.size < 3:
        return None
    q = float(np.min(d))
    if q < 1.0 / MAX_QUANTUM_SAMPLES:
        return None
    k = d / q
    if np.mean(np.abs(k - np.round(k)) < 0.02) < 0.9:
        return None
    n = round(1.0 / q)
    if np.mean(np.abs(x * n - np.round(x * n)) < 0.02 * max(1.0, n * q)) < 0.9:
        return None
    return q


def _accuracy_standard_error(run: Run, n: int) -> float:
    """Binomial standard error of an accuracy measured on n samples, at the run's median validation accuracy."""
    va = run.find(Kind.ACCURACY, Split.VAL)
    acc = float(np.median(va.values[np.isfinite(va.values)])) if va is not None else 0.5
    acc = min(max(acc, 1.0 / n), 1.0 - 1.0 / n)
    return float(np.sqrt(acc * (1.0 - acc) / n))
