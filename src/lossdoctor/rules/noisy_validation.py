"""LD116 noisy_validation: the validation curve is much noisier or more step-like than training."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..findings import Cause, Finding, Severity, Span
from ..i18n import Text
from ..model import Kind, Run, Split, Series
from . import _pair as C
from ._confidence import confidence, settle_more
from ._rule import Context, Requirement, Verdict, define, opt
from .fixes_split import representative_val_set

DOC = """
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
relative to its level is at least 3x training's (training averaged over each evaluation interval; when the log holds
training loss per step and, at the validation cadence, per epoch: the calmer of them) and at
least 2% of its level, and at least 10% of validation's own improvement or 10% of its level (a
warning when it reaches 50% of the improvement and 5% of the level: the best epoch is then a coin toss, and each
evaluation far off). Without a training
curve: 5% of its level and 25% of its improvement. Also (info) when validation accuracy moves in steps of 1/N,
its values are counts out of N and N <= 50: an accuracy on so few samples has a standard error of 4+ points.
A note by policy, except a warning whose noise per evaluation is the whole improvement or more, over the run and over
its second half (8+ evaluations; evidence `pattern = "noise_over_gain"`): it may warn.
A short log of 4-5 evaluations: one validation value at least 25% above the mean of its two neighbours and 3x every
other move of the curve, while training at the same evaluations does not jump (a warning with a low confidence).
"""


@dataclass(frozen=True)
class Options:
    min_evals: int = opt(6, "fewer evaluations cannot separate noise from the curve's trend")
    noise_ratio: float = opt(3.0, "validation's relative noise at least 3x training's (at the same cadence)")
    min_rel_noise: float = opt(0.02, "and at least 2% of its level per evaluation")
    min_share_of_trend: float = opt(0.10, "and at least 10% of validation's own improvement ...")
    high_rel_noise: float = opt(0.10, "... unless it is 10% of its level on its own")
    alone_factor: float = opt(2.5, "without a training curve to compare with, the relative-noise and share-of-trend "
                                   "thresholds are this many times stricter")
    bad_share_of_trend: float = opt(0.50, "noise half the improvement: the best epoch cannot be picked reliably "
                                          "(warning) ...")
    bad_rel_noise: float = opt(0.05, "... when each evaluation is also off by 5%+ of its level (a 2-3% jitter around "
                                     "the small gain of a fine-tuning is info)")
    max_quantum_samples: int = opt(1000, "accuracy steps of 1/N reveal N validation samples when N is small")
    jump_rel: float = opt(0.25, "3-5 evaluations: one validation value at least 25% above its neighbours' mean ...")
    jump_vs_moves: float = opt(3.0, "... and 3x every other move of the curve, while training shows no such jump")
    gain_share: float = opt(1.0, "a warning whose noise per evaluation is the whole improvement or more, over the run "
                                 "and over its second half, may warn by policy: the validation loss moves by all it "
                                 "ever gained from one evaluation to the next, to the end - no evaluation picks a "
                                 "model")
    late_min_evals: int = opt(8, "... read with 8+ evaluations (4+ in the second half for its own noise)")
    tiny_val_samples: int = opt(50, "under 50 samples an accuracy's own standard error is 4+ points: noisy whatever "
                                    "the loss does")


@dataclass(frozen=True)
class Evidence:
    val: Series
    steps: np.ndarray
    values: np.ndarray
    sigma_v: float  # validation noise per evaluation
    level_v: float
    drop: float  # validation's improvement (start to lowest smoothed)
    rel_t: float | None  # training's relative noise, when a pair is available
    train_key: str | None
    quantum: float | None  # the 1/N step of validation accuracy, when it moves in counts of N samples
    accuracy_se: float  # the binomial standard error at that N (0 without a quantum)
    jump: tuple[int, float, float, float] | None = None  # a short log's one jump: (index, value, neighbours' mean,
    # largest other move)
    sigma_late: float | None = None  # validation noise over the second half of the evaluations (8+ evaluations)

    @property
    def rel_v(self) -> float:
        return self.sigma_v / self.level_v


def measure(ctx: Context, o: Options) -> Evidence | None:
    run = ctx.run
    val = run.find(Kind.LOSS, Split.VAL)
    if val is None:
        return None
    vs, vv = C.finite(val)
    if vv.size < o.min_evals:
        jump = _short_jump(vv, ctx.pair(Kind.LOSS), o)
        if jump is None:
            return None
        return Evidence(val, vs, vv, 0.0, C.level(vv), 0.0, None, None, None, 0.0, jump)
    level_v = C.level(vv)
    sigma_v = C.noise(vv)
    if level_v <= 0 or sigma_v <= 0:
        return None
    drop = float(np.median(vv[:2]) - np.min(C.smooth_centered(vv)))
    p = ctx.pair(Kind.LOSS)
    rel_t, train_key = None, None
    if p is not None and len(p) >= o.min_evals and C.level(p.train) > 0:
        rel_t, train_key = C.noise(p.train) / C.level(p.train), p.train_key
        calmer = _calmest_train(run, val, p, vs, o)
        if calmer is not None and calmer[0] < rel_t:
            rel_t, train_key = calmer
    quantum = _accuracy_quantum(run, o)
    se = _accuracy_standard_error(run, round(1.0 / quantum)) if quantum is not None else 0.0
    late = C.noise(np.array(vv[vv.size // 2:])) if vv.size >= o.late_min_evals else None
    return Evidence(val, vs, vv, sigma_v, level_v, drop, rel_t, train_key, quantum, se, sigma_late=late)


def swamped(e: Evidence, o: Options) -> bool:
    """The noise per evaluation is the validation loss's whole improvement or more, over the run and still over its
    second half: each evaluation moves by all the model ever gained on it, to the end. The one reading of this rule
    that may warn (rules/_policy.py): a larger validation set is needed before any number from it means anything."""
    return (e.drop > 0 and e.sigma_late is not None and e.sigma_v >= o.gain_share * e.drop
            and e.sigma_late >= o.gain_share * e.drop)


def _calmest_train(run: Run, val: Series, p: C.Pair, vs: np.ndarray, o: Options) -> tuple[float, str] | None:
    """When the training loss paired is logged more densely than validation (Lightning's `train_loss_step`, a few
    single batches per interval), another training loss logged at the validation cadence beside it (`train_loss_epoch`)
    with a lower relative noise and the same level (the same loss, not a component of it): an epoch mean, as
    validation is, is what validation's noise compares with."""
    primary = p.train_key
    paired = run.get(primary)
    if paired is None or C.finite(paired)[0].size < 1.5 * vs.size:
        return None  # the training loss paired is already at the validation cadence: like with like
    # the same loss at another cadence sits where the paired interval means sit (within their noise); a component or
    # another objective (a box loss beside the total) does not
    at = np.interp(vs, p.steps, p.train)
    tol = 3.0 * C.noise(p.train)
    best: tuple[float, str] | None = None
    for s in run.find_all(Kind.LOSS, Split.TRAIN):
        if s.key == primary or s.axis is not val.axis:
            continue
        ts, tv = C.finite(s)
        if ts.size < max(o.min_evals, vs.size / 1.5) or ts.size >= 1.5 * vs.size or ts[0] > vs[-1] or ts[-1] < vs[0]:
            continue  # only a form logged at the validation cadence (once per evaluation interval)
        t = C.train_at(ts, tv, vs)
        ok = np.isfinite(t)
        t = t[ok]
        if t.size < o.min_evals or C.level(t) <= 0 or float(np.median(np.abs(t - at[ok]))) > tol:
            continue
        rel = C.noise(t) / C.level(t)
        if best is None or rel < best[0]:
            best = (rel, s.key)
    return best


def _noisy(e: Evidence, o: Options) -> bool:
    if e.rel_t is not None:
        return e.rel_v >= o.noise_ratio * e.rel_t and e.rel_v >= o.min_rel_noise and not (
            e.drop > 0 and e.sigma_v < o.min_share_of_trend * e.drop and e.rel_v < o.high_rel_noise)
    return e.rel_v >= o.alone_factor * o.min_rel_noise and not (
        e.drop > 0 and e.sigma_v < o.alone_factor * o.min_share_of_trend * e.drop)


def _short_jump(vv: np.ndarray, p: C.Pair | None, o: Options) -> tuple[int, float, float, float] | None:
    """3-5 evaluations: one validation value far above both neighbours (25%+ of their mean and 3x every other move of
    the curve) while training at the same evaluations shows no such jump - what anyone sees in a pasted log."""
    n = vv.size
    if n < 4 or p is None or len(p) != n or np.any(vv <= 0):
        return None
    for i in range(1, n - 1):
        mid = 0.5 * (vv[i - 1] + vv[i + 1])
        others = np.abs(np.delete(np.diff(vv), [i - 1, i]))
        if others.size == 0 or vv[i] - mid < o.jump_rel * mid or vv[i] - mid < o.jump_vs_moves * float(others.max()):
            continue
        t_mid = 0.5 * (p.train[i - 1] + p.train[i + 1])
        if p.train[i] - t_mid >= 0.5 * o.jump_rel * abs(t_mid):
            return None  # training jumped too: the run spiked, not the evaluation
        return i, float(vv[i]), float(mid), float(others.max())
    return None


def judge(e: Evidence, o: Options) -> Verdict | None:
    if e.jump is not None:
        i, val, mid, other = e.jump
        return Verdict(Severity.WARNING, confidence((val - mid) / max(other, 1e-12 * mid), o.jump_vs_moves,
                                                    e.values.size),
                       settle_more(e.values.size, C.unit(e.val.axis.value),
                                   Text("of validation loss", "的验证损失")), reading="jump")
    noisy = _noisy(e, o)
    tiny = e.quantum is not None and round(1.0 / e.quantum) <= o.tiny_val_samples
    if not (noisy or tiny):
        return None
    share = e.sigma_v / e.drop if e.drop > 0 else float("inf")
    # a coin-toss best epoch matters when each evaluation is itself far off (5%+ of the level); a fine-tuning that
    # starts good and jitters by 2-3% around a small improvement is as measured as it can be
    severe = noisy and share >= o.bad_share_of_trend and e.rel_v >= o.bad_rel_noise
    ratio = e.rel_v / e.rel_t if e.rel_t else float("inf")
    conf = confidence(ratio, o.noise_ratio, e.values.size) if noisy else confidence(1.0, 1.0, e.values.size)
    return Verdict(Severity.WARNING if severe else Severity.INFO, conf)


def explain(e: Evidence, v: Verdict, o: Options) -> Finding:
    if v.reading == "jump":
        return _jump_finding(e, v)
    val, vs, sigma_v, rel_v, rel_t, drop, quantum = e.val, e.steps, e.sigma_v, e.rel_v, e.rel_t, e.drop, e.quantum
    share = sigma_v / drop if drop > 0 else float("inf")
    ue, uz = C.unit(val.axis.value)
    evidence: dict[str, object] = {"val_noise": sigma_v, "val_relative_noise": rel_v,
                                   "val_noise_share_of_improvement": share}
    if e.sigma_late is not None:
        evidence["val_noise_second_half"] = e.sigma_late
    if v.severity >= Severity.WARNING and swamped(e, o):
        evidence["pattern"] = "noise_over_gain"
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
        se = e.accuracy_se
        evidence["val_accuracy_step"] = quantum
        evidence["estimated_val_samples"] = n_val
        evidence["val_accuracy_standard_error"] = se
        q_en = (f"; validation accuracy moves in steps of {quantum:.4g}, consistent with about {n_val} validation "
                f"samples, so any one evaluation's accuracy is uncertain by about ±{se:.2g}")
        q_zh = (f"；验证准确率以 {quantum:.4g} 为步长变化，说明验证集大约只有 {n_val} 个样本，"
                f"单次评估的准确率误差约为 ±{se:.2g}")
    return Finding(
        code="LD116", name="noisy_validation", severity=v.severity,
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
        series=(val.key,) + ((e.train_key,) if e.train_key is not None else ()),
        experiment=Text("Evaluate the same checkpoint on two disjoint halves of the validation set: if the two "
                        "numbers differ by about the jump size, the validation set is too small.",
                        "用同一个检查点分别评估验证集的两个不相交的一半：若两者之差与跳变幅度相当，说明验证集太小。"),
    )


def _jump_finding(e: Evidence, v: Verdict) -> Finding:
    assert e.jump is not None
    i, val, mid, other = e.jump
    x = float(e.steps[i])
    ue, uz = C.unit(e.val.axis.value)
    return Finding(
        code="LD116", name="noisy_validation", severity=v.severity,
        message=Text(f"{e.val.key} jumped to {val:.4g} at {ue} {x:g}, {val / mid - 1:.0%} above its neighbours "
                     f"({mid:.4g}) and {(val - mid) / max(other, 1e-300):.3g}x any other move, while training moved "
                     "smoothly: one evaluation far off the curve.",
                     f"{e.val.key} 在第 {x:g} {uz}跳到 {val:.4g}，比相邻评估（{mid:.4g}）高 {val / mid - 1:.0%}，"
                     f"是其他变化的 {(val - mid) / max(other, 1e-300):.3g} 倍，而训练曲线平稳：这次评估远离曲线。"),
        span=Span(e.val.axis.value, x, x),
        evidence={"jump_at": x, "jump_value": val, "neighbours_mean": mid, "largest_other_move": other,
                  "pattern": "jump", "points": int(e.values.size)},
        causes=(Cause("small_validation_set", 0.5, Text("few validation samples make each evaluation a noisy estimate",
                                                        "验证样本太少，每次评估都是一个噪声很大的估计")),
                Cause("distribution_shift", 0.3, Text("a validation set unlike the training set reacts strongly to "
                                                      "small changes of the model", "与训练集不同的验证集对模型的小变化反应强烈"))),
        fixes=(representative_val_set(),),
        series=(e.val.key,),
    )


def _accuracy_quantum(run: Run, o: Options) -> float | None:
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
    if q < 1.0 / o.max_quantum_samples or q > 1.0:
        return None  # a step over the whole 0-1 range is no count out of N samples (percent, or damaged values)
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
    if n < 1:
        return 0.0
    acc = min(max(acc, 1.0 / n), 1.0 - 1.0 / n)
    return float(np.sqrt(acc * (1.0 - acc) / n))


noisy_validation = define(
    code="LD116", name="noisy_validation", severity=Severity.INFO, requires=(Requirement(Kind.LOSS, Split.VAL),),
    summary=Text("Validation curve is much noisier or more step-like than training.",
                 "验证曲线比训练曲线噪声大得多或呈阶梯状。"),
    options=Options, measure=measure, judge=judge, explain=explain, doc=DOC)
