"""LD112 suspected_leakage: validation is too good to be true (near-perfect at once, or the training numbers)."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..findings import Cause, Finding, Mark, Severity, Span
from ..i18n import Text
from ..model import Kind, Run, Split
from . import _pair as C
from . import _long
from ._confidence import confidence
from ._rule import Context, Requirement, Verdict, define, opt
from ._start import starts_at_start
from .fixes_split import check_split

DOC = """
## What it detects
Validation results that an honest split cannot produce: validation accuracy of 0.99 or more in the
first epochs while training accuracy is still far lower; validation loss close to zero while the
training loss is still high; or validation metrics equal to the training metrics to six digits at the
same evaluations (the validation set *is* the training set); or validation that follows the training loss
all the way down while the model memorises the training set (validation copied into training).

## Why it matters
A leaked validation set measures memory, not generalisation: every decision taken from it (early
stopping, model choice, the reported accuracy) is wrong, and the model will do much worse on new data.

## How to fix
Split before any preprocessing; fit scalers, encoders and feature selection on the training split only;
remove duplicate rows across splits; look for a feature that encodes the label (an id, a timestamp, a
post-outcome field); make sure the validation loader is not given the training data.

## Thresholds
"Early" is the first 10% of evaluations (at least 2; 3 for accuracy). Perfect: validation accuracy >= 0.99
while training accuracy at the same point is at least 0.15 lower, on at least two of them, with the validation loss
then under 10% of the training loss when losses are logged (a correct but unsure model on a small, easy validation
set reaches 1.0 honestly) (or, without training accuracy, training loss >= 10x validation loss; or, without training
accuracy, validation accuracy >= 0.99 on each of the last evaluations (at least 3, a fifth of the run) with the
validation loss under 10% of the training loss there: dropout or augmentation hold training 2-3x above validation, not
10x). Near-zero loss: median validation/training loss
ratio < 0.10 over the early evaluations. Same numbers: relative difference < 1e-6 on at least 3 evaluations and half of the shared
ones, with values that change over the run (as many distinct values as half of the curve's; saturated
accuracies of 1.0 on both do not count; nor do values printed with under 2 significant digits, 0.001 = 0.001 or
0.0 = 0.0 at 3 decimals, the print's floor rather than a copy). Tracking: training loss down to 1% of its start and
validation/training loss ratio at most 1.25 over the last 20% of evaluations (at least 3), with
validation accuracy 1.0 on as many evaluations, whether a training accuracy is logged beside it or not; without any
accuracy it is not read (a regression loss that falls 100x is a good fit, and a split that generalises follows it as
closely: the families' healthy hypernetwork runs end at ratio 1.04). An honest split
opens a gap as the model memorises (the fault benchmark's healthy runs end at 1.3-25x). Tracking alone is
reported as info: an easy task the model learns exactly (training as good as validation) looks the same, so it
asks for a check of the split rather than raising an alarm. Late error gap (with a training accuracy): validation
accuracy >= 0.99 on each of the last evaluations (at least 3, a fifth of the run) while training errs 10x as often
(and on 5% of its rows or more), with the validation loss under a fifth of the training loss there; regularisation in
training only (dropout, label smoothing, mixup, a penalty in the loss) gives 1.3-4x in the error rate and 2-3x in the
loss. Alone it is reported as info: training-only regularisation strong enough looks alike.
A main training loss exactly 0 on its last 3+ points after a positive start, dropped there from a value with 2+
printed significant digits (ImageNet's 6.9 -> 3.0 -> 0.0000 with Acc@1 100 on a data root of one class; a decay to the
print's floor, 0.002, 0.001, 0.000, is a small loss) is a note, read without a validation loss too: every example trivially right,
or the loss no longer computed.
Perfect from the start (a warning, the one leakage sign the warning policy lets warn): the validation accuracy printed
1.000 (>= 0.9995) by its third evaluation (or within the first quarter of a longer run) and at every evaluation of the
second half (6+ evaluations), while the validation loss over that second half is at most a quarter of the training
loss (median ratio: dropout or augmentation hold training 2-3x above validation, not 4x) and the training accuracy
there, when logged, is not perfect: validation perfect from the start while training is not. An honest split reaches
1.000 only after the model has learned the training rows (the real corpus's healthy runs at 1.000 get there in the
second quarter of the run or later, or with the validation loss at or above 0.7x the training loss; a dropout-0.7 MLP
right on all 44 validation rows from epoch 2 sits at 0.36x); a held-out set answered perfectly before training is
perfect holds rows the model was trained on.
A training accuracy logged per epoch at 1.000 at every one of 3+ epochs from the first (the log starting where training
starts; a validation accuracy beside it at 1.000 too) is a note (confidence at most 0.4): the first epoch's average
covers the batches the untrained model answered, and it got every one right - the labels are trivial (one class) or
inside the input (ViT on cats vs dogs: acc and val_acc 1.000 from epoch 1). A pretrained model on an easy task can come
close, so it never warns; a log that begins mid-run (a memorised training set at epoch 50) is not read.
The near-zero loss sign is not read where both accuracies are logged and the validation accuracy over those early
evaluations is under 0.99 and no better than the training accuracy (within 0.02): a validation split that the model
answers no better than its training rows is not too good; the training loss is high because it carries a term the
validation loss lacks (a weight penalty summed into it).
"""


@dataclass(frozen=True)
class Options:
    early_share: float = opt(0.10, "'the first epochs': the first 10% of evaluations, at least 2")
    perfect_acc: float = opt(0.99, "validation accuracy this high that early is suspicious ...")
    acc_margin: float = opt(0.15, "... when training accuracy at the same time is this much lower")
    loss_ratio: float = opt(0.10, "validation loss below 10% of the training loss at the same time")
    identical_rtol: float = opt(1e-6, "'the same numbers': equal to 6 significant digits")
    min_identical: int = opt(3, "on at least 3 evaluations and half of them")
    min_printed_digits: float = opt(10.0, "a pair counts as equal only where the values carry 2 printed significant "
                                          "digits (10x the last printed digit's unit): 0.001 = 0.001 at 3 decimals "
                                          "is the print's floor, not a copy")
    memorised: float = opt(0.01, "training loss down to 1% of its start: the model has memorised the training set ...")
    late_err_times: float = opt(10.0, "late: training errs 10x as often as a near-perfect validation (regularisation "
                                      "in training only gives 1.3-4x) ...")
    late_loss_ratio: float = opt(0.2, "... and validation loss under a fifth of the training loss there (dropout or "
                                      "augmentation: a half to a third)")
    zero_points: int = opt(3, "a main loss exactly 0 on its last 3+ points after a positive start: nothing left to "
                              "learn, or nothing computed (a note; one or two zeros can be a print's rounding)")
    perfect_level: float = opt(0.9995, "'perfect from the start': a validation accuracy printed 1.000 (every example "
                                       "right)")
    perfect_start_share: float = opt(0.25, "... first reached by the third evaluation, or within the first quarter of "
                                           "a longer run: an honest split gets there only after the training rows are "
                                           "learned (the corpus's healthy runs at 1.000 reach it in the second quarter "
                                           "or later)")
    perfect_min_evals: int = opt(6, "... and at 1.000 at every evaluation of the second half: 6+ evaluations, so "
                                    "that each half holds 3+")
    perfect_loss_ratio: float = opt(0.25, "... with the validation loss at most a quarter of the training loss over "
                                          "the second half (median): validation surer than the rows trained on by more "
                                          "than dropout or augmentation make it (2-3x: a dropout-0.7 MLP on an easy "
                                          "task, right on every validation row from epoch 2, sits at 0.36)")
    no_better: float = opt(0.02, "the near-zero loss sign needs a validation accuracy better than the training one by "
                                 "this (or near-perfect): one no better than training is not too good")
    track_ratio: tuple[float, float] = opt((0.8, 1.25), "... and validation still equals it within 25% (below "
                                                        "that too while validation accuracy is 1.0) (with "
                                                        "validation accuracy 1.0)")


@dataclass(frozen=True)
class Evidence:
    run: Run  # the signs compare series the pairs below do not hold (identical values at the same steps)
    val_key: str
    val_axis: str
    val_first: float
    val_last: float
    lp: C.Pair | None  # the loss pair
    ap: C.Pair | None  # the accuracy pair
    # (key, axis, first value, points at exactly 0 at the end, first step of them, last step) of a main loss that ends
    # on exactly 0 after a positive start: nothing left to learn (or nothing computed) - a note, read without a
    # validation loss too
    zero_end: tuple[str, str, float, int, float, float] | None = None
    has_val: bool = True  # a validation loss is logged: the leakage signs are read
    # (training accuracy key, validation accuracy key or None, epochs) of a training accuracy averaged over each epoch
    # at 1.000 from the first epoch of a log that starts where training starts: a note, read when no other sign is
    perfect_first: tuple[str, str | None, int] | None = None


@dataclass(frozen=True)
class Signs:
    """The signs of leakage found with the options, and what the finding says about them."""

    en: list[str]
    zh: list[str]
    evidence: dict[str, object]
    series: list[str]
    span_end: float | None
    identical: bool
    tracking: bool


def measure(ctx: Context, o: Options) -> Evidence | None:
    zero = zero_end(ctx.run, o)
    first = perfect_first(ctx.run, o)
    val_loss = ctx.run.find(Kind.LOSS, Split.VAL)
    if val_loss is None or len(val_loss) == 0:
        if zero is not None:
            return Evidence(ctx.run, zero[0], zero[1], zero[4], zero[5], None, None, zero, has_val=False,
                            perfect_first=first)
        ta = ctx.run.find(Kind.ACCURACY, Split.TRAIN)
        if first is None or ta is None:
            return None
        return Evidence(ctx.run, ta.key, ta.axis.value, float(ta.steps[0]), float(ta.steps[-1]), None, None, None,
                        has_val=False, perfect_first=first)
    return Evidence(ctx.run, val_loss.key, val_loss.axis.value, float(val_loss.steps[0]), float(val_loss.steps[-1]),
                    ctx.pair(Kind.LOSS), ctx.pair(Kind.ACCURACY), zero, perfect_first=first)


def perfect_first(run: Run, o: Options) -> tuple[str, str | None, int] | None:
    """A training accuracy logged per epoch at 1.000 from the first epoch of a log that starts where training starts,
    at every one of `zero_points`+ epochs (a held-out accuracy logged beside it at 1.000 too). The first epoch's
    training accuracy averages over batches the untrained model answered: right on every one of them, the labels are
    trivial (one class in the data) or inside the input - no model learns a real task before its first update. A
    pretrained model on an easy task could come close, so only a note."""
    ta = run.find(Kind.ACCURACY, Split.TRAIN)
    if ta is None or ta.axis.value != "epoch":
        return None
    x, v = C.finite(ta)
    if v.size < o.zero_points or not starts_at_start(x, whole_epochs=True):
        return None
    if float(np.max(v)) > 1.0 or float(np.min(v)) < o.perfect_level:
        return None
    va = run.find(Kind.ACCURACY, Split.VAL)
    if va is not None:
        _, vv = C.finite(va)
        if vv.size and (float(np.max(vv)) > 1.0 or float(np.min(vv)) < o.perfect_level):
            return None  # a held-out split answered worse than training: the over-fitting rules read that
    return ta.key, va.key if va is not None else None, int(v.size)


def zero_end(run: Run, o: Options) -> tuple[str, str, float, int, float, float] | None:
    """A main training loss exactly 0 on its last `zero_points`+ points after a positive first value, dropped there from
    a value that carries 2+ printed significant digits (2.9971 -> 0.0000; not 0.002, 0.001, 0.000 at 3 decimals, the
    print's floor reached by a decay). No model still learning drives a loss from there to exactly 0 batch after
    batch: every example is trivially right (one class in the data, the label inside the input) or the loss is no
    longer computed (printed 0 once the run broke)."""
    loss = run.find(Kind.LOSS, Split.TRAIN) or run.find(Kind.LOSS, Split.NONE)
    if loss is None:
        return None
    ok = np.isfinite(loss.values)
    v, x = loss.values[ok], loss.steps[ok]
    if v.size < o.zero_points + 1 or not float(v[0]) > 0.0:
        return None
    nz = np.flatnonzero(v != 0.0)
    k = int(v.size - 1 - nz[-1])
    if k < o.zero_points:
        return None
    unit = 10.0 ** -loss.decimals if loss.decimals is not None else _print_step(v)
    if not float(abs(v[nz[-1]])) >= o.min_printed_digits * unit:
        return None  # reached by a decay to the print's floor (0.002, 0.001, 0.000 at 3 decimals): a small loss, not 0
    return loss.key, loss.axis.value, float(v[0]), k, float(x[-k]), float(x[-1])


def signs(e: Evidence, o: Options) -> Signs:
    """Every sign an honest split cannot produce, judged with the options."""
    signs_en: list[str] = []
    signs_zh: list[str] = []
    evidence: dict[str, object] = {}
    span_end: float | None = None
    series: list[str] = [e.val_key]
    identical = False

    lp, ap, run = e.lp, e.ap, e.run
    for kind in ("loss", "accuracy"):
        same = _identical(run, Kind.LOSS if kind == "loss" else Kind.ACCURACY, o)
        if same is not None:
            k, shared, tkey, vkey = same
            identical = True
            signs_en.append(f"{vkey} equals {tkey} to 6 digits on {k} of {shared} evaluations")
            signs_zh.append(f"{vkey} 在 {shared} 次评估中有 {k} 次与 {tkey} 六位有效数字完全相同")
            evidence[f"identical_{kind}_evaluations"] = k
            series += [tkey, vkey]

    if ap is not None:
        k = max(3, _early(len(ap), o))
        hit = np.flatnonzero((ap.val[:k] >= o.perfect_acc) & (ap.train[:k] <= ap.val[:k] - o.acc_margin))
        if hit.size >= 2 and lp is not None and len(lp) > 0:
            # with losses logged, they tell whether validation is *sure* as it is on memorised rows: a validation
            # loss near zero next to the training loss; a correct but unsure model on a small, easy validation set
            # (and training held back by dropout) reaches an accuracy of 1.0 without any leak
            vl = np.interp(ap.steps[hit], lp.steps, lp.val)  # both pairs are at the evaluations
            tl = np.interp(ap.steps[hit], lp.steps, lp.train)
            sure = np.isfinite(vl) & np.isfinite(tl) & (tl > 0) & (vl < o.loss_ratio * tl)
            hit = hit[sure]
        if hit.size >= 2:  # twice: the first epoch's training average alone lags behind by construction
            i = int(hit[0])
            x = float(ap.steps[i])
            ue, uz = C.unit(ap.axis)
            signs_en.append(f"{ap.val_key} was {ap.val[i]:.4g} at {ue} {x:g} while {ap.train_key} was "
                            f"{ap.train[i]:.4g}")
            signs_zh.append(f"第 {x:g} {uz}时 {ap.val_key} 已达 {ap.val[i]:.4g}，而 {ap.train_key} 只有 {ap.train[i]:.4g}")
            evidence.update({f"perfect_val_{ue}": x, "val_accuracy_then": float(ap.val[i]),
                             "train_accuracy_then": float(ap.train[i])})
            span_end = x
            series += [ap.train_key, ap.val_key]
        late_gap = _late_err_gap(ap, lp, o) if hit.size < 2 else None
        if late_gap is not None:
            k, v_err, t_err, ratio = late_gap
            signs_en.append(f"over the last {k} evaluations {ap.val_key} erred on {v_err:.2%} of its rows while "
                            f"{ap.train_key} erred on {t_err:.2%} ({t_err / max(v_err, 1e-12):.0f}x as often), with "
                            f"{lp.val_key if lp is not None else 'validation loss'} {ratio:.0%} of the training loss")
            signs_zh.append(f"最后 {k} 次评估中 {ap.val_key} 的错误率为 {v_err:.2%}，而 {ap.train_key} 为 {t_err:.2%}"
                            f"（高出 {t_err / max(v_err, 1e-12):.0f} 倍），验证损失只有训练损失的 {ratio:.0%}")
            evidence.update({"late_val_error": v_err, "late_train_error": t_err, "late_val_train_loss_ratio": ratio})
            series += [ap.train_key, ap.val_key]
    elif lp is not None and run.find(Kind.ACCURACY, Split.VAL) is not None:
        va = run.find(Kind.ACCURACY, Split.VAL)
        assert va is not None
        vs, vv = C.finite(va)
        k = _early(vv.size, o)
        if vv.size and vs.size and float(np.max(vv[:k])) >= o.perfect_acc:
            i = int(np.argmax(vv[:k] >= o.perfect_acc))
            t_then = C.train_at(lp.steps, lp.train, vs[i:i + 1])[0]
            v_then = C.train_at(lp.steps, lp.val, vs[i:i + 1])[0]
            if np.isfinite(t_then) and np.isfinite(v_then) and t_then >= v_then / o.loss_ratio > 0:
                ue, uz = C.unit(va.axis.value)
                signs_en.append(f"{va.key} was {vv[i]:.4g} at {ue} {vs[i]:g} while training loss was {t_then:.4g}")
                signs_zh.append(f"第 {vs[i]:g} {uz}时 {va.key} 已达 {vv[i]:.4g}，而训练损失仍为 {t_then:.4g}")
                evidence.update({f"perfect_val_{ue}": float(vs[i]), "val_accuracy_then": float(vv[i])})
                span_end = float(vs[i])
        late = _late_perfect(lp, vs, vv, o)
        if not signs_en and late is not None:
            k, acc_min, ratio = late
            ue, uz = lp.unit
            signs_en.append(f"{va.key} stayed at {acc_min:.4g} or more over the last {k} evaluations while "
                            f"{lp.val_key} was {ratio:.2%} of {lp.train_key}")
            signs_zh.append(f"最后 {k} 次评估中 {va.key} 始终不低于 {acc_min:.4g}，而 {lp.val_key} 只有 "
                            f"{lp.train_key} 的 {ratio:.2%}")
            evidence.update({"late_val_accuracy_min": acc_min, "late_val_train_loss_ratio": ratio})
            span_end = float(lp.steps[-1])
            series += [lp.train_key, lp.val_key]

    if lp is not None and len(lp) >= 2:
        k = _early(len(lp), o)
        t, v = lp.train[:k], lp.val[:k]
        ok = t > 0
        if ok.any() and np.all(v[ok] >= 0) and not _no_better(ap, lp.steps[k - 1], o):
            ratio = float(np.median(v[ok] / t[ok]))
            if ratio < o.loss_ratio:
                ue, uz = lp.unit
                signs_en.append(f"{lp.val_key} was {ratio:.2%} of {lp.train_key} over the first {k} evaluations "
                                f"({v[0]:.4g} vs {t[0]:.4g})")
                signs_zh.append(f"前 {k} 次评估中 {lp.val_key} 只有 {lp.train_key} 的 {ratio:.2%}（{v[0]:.4g} 对 {t[0]:.4g}）")
                evidence.update({"early_val_train_loss_ratio": ratio, "val_loss_first": float(v[0]),
                                 "train_loss_first": float(t[0])})
                span_end = max(span_end or 0.0, float(lp.steps[k - 1]))
                series += [lp.train_key, lp.val_key]

    start = perfect_start(run, lp, o)
    if start is not None:
        key, x, nth, held, ratio, t_acc = start
        ue, uz = C.unit(lp.axis) if lp is not None else ("epoch", "轮")
        t_en = f" and {t_acc[0]} {t_acc[1]:.4g}" if t_acc is not None else ""
        t_zh = f"，{t_acc[0]} 为 {t_acc[1]:.4g}" if t_acc is not None else ""
        signs_en.append(f"{key} was 1.000 already at {ue} {x:g} (evaluation {nth}) and at each of the last {held} "
                        f"evaluations while training was not (the validation loss {ratio:.0%} of the training loss "
                        f"there{t_en})")
        signs_zh.append(f"{key} 在第 {x:g} {uz}（第 {nth} 次评估）就已是 1.000，最后 {held} 次评估也都是 1.000，而训练并非如此"
                        f"（此间验证损失只有训练损失的 {ratio:.0%}{t_zh}）")
        evidence.update({"pattern": "perfect_from_start", "perfect_val_from": x, "perfect_evaluations": held,
                         "val_train_loss_ratio_perfect": ratio,
                         "train_accuracy_perfect": t_acc[1] if t_acc is not None else None})
        series += [key] + ([lp.train_key, lp.val_key] if lp is not None else [])

    tracking = False
    va = ap.val if ap is not None else _val_accuracy(run)
    if lp is not None and len(lp) >= 5 and va is not None:
        k = max(3, math.ceil(0.2 * len(lp)))
        t_start = float(np.max(lp.train[:2]))
        t_end = float(np.median(lp.train[-k:]))
        ratio = float(np.median(lp.val[-k:] / np.maximum(lp.train[-k:], 1e-300))) if t_end > 0 else float("nan")
        hi = o.track_ratio[1]
        perfect = int((va >= 0.999).sum())
        # below the band too (validation rows that are training rows, measured at the epoch's end while training
        # averages over it) while a validation accuracy sits at 1.0 (logged beside training accuracy or alone): an
        # honest split opens a gap as the model memorises. Without any accuracy the sign is not read: a regression
        # loss falling 100x is a good fit, not memorisation, and a split that generalises follows it as closely
        if t_start > 0 and 0 < t_end <= o.memorised * t_start and ratio <= hi and perfect >= k:
            tracking = True
            signs_en.append(f"{lp.train_key} fell to {t_end / t_start:.2%} of its start ({t_start:.4g} -> {t_end:.4g}) "
                            f"and {lp.val_key} followed it all the way (ratio {ratio:.2f} over the last {k} evaluations"
                            + (f", {ap.val_key} = 1.0 on {perfect})" if ap is not None else ")"))
            signs_zh.append(f"{lp.train_key} 降到起始值的 {t_end / t_start:.2%}（{t_start:.4g} -> {t_end:.4g}），"
                            f"{lp.val_key} 一路紧随（最后 {k} 次评估比值 {ratio:.2f}"
                            + (f"，{ap.val_key} 有 {perfect} 次为 1.0）" if ap is not None else "）"))
            evidence.update({"train_loss_end_share_of_start": t_end / t_start, "val_train_ratio_end": ratio})
            series += [lp.train_key, lp.val_key]
    return Signs(signs_en, signs_zh, evidence, series, span_end, identical, tracking)


def perfect_start(run: Run, lp: C.Pair | None, o: Options
                  ) -> tuple[str, float, int, int, float, tuple[str, float] | None] | None:
    """(key, step of the first 1.000, its evaluation number, evaluations at 1.000 held to the end, loss ratio there,
    (training accuracy key, median there) or None) when the validation accuracy reaches 1.000 at one of its first
    evaluations and holds it through the whole second half, while the validation loss there is at most
    `perfect_loss_ratio` of the training loss and the training accuracy (if logged) is not perfect: validation perfect from the start while
    training is not. An honest split is answered perfectly only once the training rows are learned."""
    va = run.find(Kind.ACCURACY, Split.VAL)
    if va is None or lp is None or len(lp) == 0:
        return None
    vs, vv = C.finite(va)
    n = int(vv.size)
    if n < o.perfect_min_evals or float(np.max(vv)) > 1.0:
        return None  # accuracies as fractions only (a percentage is not read here)
    hit = vv >= o.perfect_level
    i0 = int(np.argmax(hit))
    h = max(i0, n // 2)
    if not hit[i0] or i0 > max(2, int(o.perfect_start_share * n)) or not bool(hit[h:].all()):
        return None
    at = vs[h:]
    t = C.train_at(lp.steps, lp.train, at)
    v = np.interp(at, lp.steps, lp.val) if len(lp) >= 2 else np.full(at.size, float(lp.val[0]))
    ok = np.isfinite(t) & np.isfinite(v) & (t > 0) & (v >= 0)
    if int(ok.sum()) < 3:
        return None
    ratio = float(np.median(v[ok] / t[ok]))
    if ratio > o.perfect_loss_ratio:
        return None
    t_acc = None
    ta = run.find(Kind.ACCURACY, Split.TRAIN)
    if ta is not None:
        ts, tv = C.finite(ta)
        tv = tv[ts >= float(at[0])]
        if tv.size:
            t_acc = (ta.key, float(np.median(tv)))
            if t_acc[1] >= o.perfect_level:
                return None  # training perfect too: an easy task learned at once, not validation better than training
    return va.key, float(vs[i0]), i0 + 1, n - h, ratio, t_acc


def _no_better(ap: C.Pair | None, upto: float, o: Options) -> bool:
    """Both accuracies logged and the validation one, over the evaluations up to `upto`, under `perfect_acc` and no
    better than the training one (within `no_better`): a split answered no better than the rows trained on is not too
    good, whatever the loss ratio (a training loss carrying a penalty term the validation loss lacks)."""
    if ap is None or len(ap) == 0:
        return False
    m = ap.steps <= upto
    if not m.any():
        return False
    val, train = float(np.median(ap.val[m])), float(np.median(ap.train[m]))
    return val < o.perfect_acc and val <= train + o.no_better


def _val_accuracy(run: Run) -> np.ndarray | None:
    """The validation accuracy's finite values when no training accuracy pairs with it (None when none is logged)."""
    va = run.find(Kind.ACCURACY, Split.VAL)
    if va is None:
        return None
    _, vv = C.finite(va)
    return vv if vv.size else None


def _late_perfect(lp: C.Pair, vs: np.ndarray, vv: np.ndarray, o: Options) -> tuple[int, float, float] | None:
    """Without a training accuracy: validation near-perfect (>= 0.99) over the last evaluations (at least 3, a fifth
    of the run) while its loss stays under 10% of the training loss there - validation 10x surer than the rows the
    model trains on, at an accuracy an honest split rarely reaches. Dropout or augmentation hold the training loss
    up by 2-3x, not 10x. Whether it came at once or over a few epochs, the sign is the same."""
    k = max(3, math.ceil(0.2 * len(lp)))
    if len(lp) < k or vv.size < k:
        return None
    t, v = lp.train[-k:], lp.val[-k:]
    if not (np.all(np.isfinite(t)) and np.all(np.isfinite(v)) and np.all(t > 0) and np.all(v >= 0)):
        return None
    acc = vv[vs >= float(lp.steps[-k])]
    if acc.size < k or float(np.min(acc)) < o.perfect_acc:
        return None
    ratio = float(np.median(v / t))
    return (k, float(np.min(acc)), ratio) if ratio < o.loss_ratio else None


def _late_err_gap(ap: C.Pair, lp: C.Pair | None, o: Options) -> tuple[int, float, float, float] | None:
    """Validation near-perfect (>= 0.99) on every one of the last evaluations (at least 3, a fifth of the run) while
    the model errs 10x as often on the rows it trains on, and the validation loss stays under a fifth of the training
    loss there. Dropout, augmentation or a training-only penalty hold training 2-3x above validation (1.3-4x in the
    error rate of the fault benchmark's val_below_train runs); a held-out split that the model gets right 10x more
    often than its own training rows holds something the training rows hide (a leaked label under dropout)."""
    k = max(3, math.ceil(0.2 * len(ap)))
    if lp is None or len(ap) < k or len(lp) < k:
        return None
    tv, va = ap.train[-k:], ap.val[-k:]
    if not (np.all(np.isfinite(tv)) and np.all(np.isfinite(va))) or float(np.max(va)) > 1.0 or float(np.min(tv)) < 0:
        return None  # accuracies as fractions only (0-100 would read as far above 1)
    if float(np.min(va)) < o.perfect_acc:
        return None
    v_err, t_err = float(np.median(1.0 - va)), float(np.median(1.0 - tv))
    if t_err < o.late_err_times * max(v_err, 0.5 * (1.0 - o.perfect_acc)):
        return None  # training errs under 10x as often (or under 5%: a validation error of 0 makes any ratio endless)
    t, v = lp.train[-k:], lp.val[-k:]
    if not (np.all(np.isfinite(t)) and np.all(np.isfinite(v)) and np.all(t > 0) and np.all(v >= 0)):
        return None
    ratio = float(np.median(v / t))
    return (k, v_err, t_err, ratio) if ratio < o.late_loss_ratio else None


def judge(e: Evidence, o: Options) -> Verdict | None:
    sg = signs(e, o) if e.has_val else None
    if sg is None or not sg.en:
        if e.zero_end is None and e.perfect_first is not None:
            n = e.perfect_first[2]
            return Verdict(Severity.INFO, min(0.4, confidence(1.0, 1.0, n)), reading="perfect_first", settle=Text(
                "A pretrained model on an easy task can come close; the labels of one batch, and the accuracy of an "
                "untrained model on it, would settle it.",
                "在简单任务上的预训练模型也可能接近如此；看一个批次的标签，以及未训练模型在其上的准确率，即可确认。"))
        if e.zero_end is None:
            return None
        k = e.zero_end[3]
        return Verdict(Severity.INFO, min(0.5, confidence(float(k), float(o.zero_points), k + 1)), reading="zero_end",
                       settle=Text("A batch scored by hand (its labels and the model's outputs) would show whether the "
                                   "task is trivial or the loss is not computed.",
                                   "手工计算一个批次（看它的标签和模型输出），即可看出是任务过于简单还是损失没有被计算。"))
    if len(sg.en) == 1 and "late_train_error" in sg.evidence:
        n = len(e.ap) if e.ap is not None else 3
        return Verdict(Severity.INFO, min(0.5, confidence(1.0, 1.0, n)), settle=Text(
            "Training-only regularisation this strong looks alike; the training accuracy measured in eval mode, or a "
            "split made before any preprocessing, would settle it.",
            "训练时才生效的极强正则化看起来也类似；在评估模式下测训练准确率，或在任何预处理前重新划分即可确认。"))
    n = max(len(e.lp) if e.lp is not None else 0, len(e.ap) if e.ap is not None else 0, 3)
    if sg.tracking and len(sg.en) == 1:
        # validation that follows training all the way down is also what an easy task that the model truly learns
        # shows (training reaches the same level, so validation is not better than training could make it): a hint
        # to check the split, not an alarm
        return Verdict(Severity.INFO, min(0.5, confidence(1.0, 1.0, n)), settle=Text(
            "An easy task learned exactly looks the same; a fresh test set or a split made before any "
            "preprocessing would settle it.", "一个被完全学会的简单任务看起来也一样；用新的测试集或在预处理前重新划分即可确认。"))
    if sg.evidence.get("pattern") == "perfect_from_start":
        # validation perfect from the start while training is not: the one leakage sign the warning policy lets warn
        # (rules/_policy.py), at warning - the split must be checked before any number from it is trusted
        held = int(sg.evidence["perfect_evaluations"])  # type: ignore[call-overload]
        ratio = float(sg.evidence["val_train_loss_ratio_perfect"])  # type: ignore[arg-type]
        z = max(float(len(sg.en)), o.perfect_loss_ratio / max(ratio, 1e-6))  # how far under the ratio allowed
        return Verdict(Severity.WARNING, confidence(z, 1.0, held))
    return Verdict(Severity.ERROR, confidence(float(len(sg.en) + (2 if sg.identical else 0)), 1.0, n))


def explain(e: Evidence, v: Verdict, o: Options) -> Finding:
    if v.reading == "zero_end":
        return _zero_end_finding(e, v)
    if v.reading == "perfect_first":
        return _perfect_first_finding(e, v)
    sg = signs(e, o)
    signs_en, signs_zh, evidence, series = sg.en, sg.zh, sg.evidence, sg.series
    span_end, identical, tracking = sg.span_end, sg.identical, sg.tracking
    lp, ap = e.lp, e.ap
    axis = (lp or ap).axis if (lp or ap) else e.val_axis
    start = e.val_first
    end = e.val_last if identical or tracking or span_end is None else span_end
    return Finding(
        code="LD112", name="suspected_leakage", severity=v.severity,
        message=Text("Validation looks leaked: " + "; ".join(signs_en) + ".",
                     "验证集疑似泄漏：" + "；".join(signs_zh) + "。"),
        span=Span(axis, start, end),
        evidence=evidence,
        causes=(
            Cause("data_leakage", 0.85 if identical else 0.6 if tracking and len(signs_en) == 1 else 0.7,
                  Text("the validation numbers are the training numbers: validation is (part of) the training set"
                       if identical else "an honest held-out split is not near-perfect before the model has learned "
                       "the training set", "验证数值就是训练数值：验证集就是（部分）训练集" if identical else
                       "在模型还没学会训练集之前，真正留出的验证集不可能接近完美"),
                  None if identical else Text("a trivially easy task (e.g. well-separated blobs) is also perfect "
                                              "early, but then training is near-perfect too",
                                              "非常简单的任务（如分得很开的簇）也会很早完美，但那时训练指标也会接近完美")),
            Cause("training_step_bug", 0.3 if identical else 0.15,
                  Text("the evaluation loop may be given the training loader or logging the training metric twice",
                       "评估循环可能用了训练数据加载器，或把训练指标重复记录成了验证指标"),
                  None if identical else Text("a loop bug usually gives numbers identical to training; these are not",
                                              "评估循环的错误通常会得到与训练完全相同的数值，而这里并不相同")),
        ),
        fixes=(check_split(),),
        marks=tuple(Mark(k, (float(x),)) for k, x in evidence.items() if k.startswith("perfect_val_")),
        series=tuple(dict.fromkeys(series)),
        experiment=Text("Hash every row of the training and validation data and count the ones in both; then "
                        "retrain on a fresh split made before any preprocessing and compare validation accuracy.",
                        "对训练集和验证集的每一行计算哈希并统计重复行；然后在任何预处理之前重新划分数据再训练，比较验证准确率。"),
    )


def _zero_end_finding(e: Evidence, v: Verdict) -> Finding:
    assert e.zero_end is not None
    key, axis, first, k, x0, x1 = e.zero_end
    u_en, u_zh = ("epoch", "轮") if axis == "epoch" else ("step", "步")
    return Finding(
        code="LD112", name="suspected_leakage", severity=v.severity,
        message=Text(f"{key} is exactly 0 on its last {k} points ({u_en} {x0:g}-{x1:g}) after starting at {first:.4g}: "
                     "no model that is still learning scores a loss of exactly 0 batch after batch. Either every "
                     "example is trivially right (a single class in the data, the label leaked into the input) or the "
                     "loss is no longer computed.",
                     f"{key} 从 {first:.4g} 开始，最后 {k} 个点（第 {x0:g}-{x1:g} {u_zh}）恰好为 0：仍在学习的模型不会"
                     "一批又一批地得到恰好为 0 的损失。要么每个样本都轻易答对（数据中只有一个类、标签泄漏进输入），"
                     "要么损失已不再被计算。"),
        span=Span(axis, x0, x1),
        evidence={"pattern": "loss_exactly_zero", "loss_at_start": first, "zero_points": k},
        causes=(Cause("data_leakage", 0.5, Text("the task became trivial: one class in the data, or the label in the "
                                                "input", "任务变得过于简单：数据中只有一个类，或标签就在输入中")),
                Cause("training_step_bug", 0.4, Text("the loss is no longer computed (a broken run printing 0, a "
                                                     "masked-out batch)", "损失不再被计算（已崩溃的运行打印 0、被整批屏蔽的数据）"))),
        fixes=(check_split(),),
        series=(key,),
        experiment=Text("Print the labels of one batch and the model's outputs for it: one label throughout, or "
                        "outputs that are NaN, says which.",
                        "打印一个批次的标签和模型对它的输出：全是同一个标签，或输出为 NaN，即可看出是哪一种。"),
    )


def _perfect_first_finding(e: Evidence, v: Verdict) -> Finding:
    assert e.perfect_first is not None
    tkey, vkey, n = e.perfect_first
    ta = e.run.find(Kind.ACCURACY, Split.TRAIN)
    assert ta is not None
    x0, x1 = float(ta.steps[0]), float(ta.steps[-1])
    also_en = f" (and {vkey})" if vkey else ""
    also_zh = f"（{vkey} 也是）" if vkey else ""
    return Finding(
        code="LD112", name="suspected_leakage", severity=v.severity,
        message=Text(f"{tkey} is 1.000 from epoch {x0:g} to {x1:g}{also_en}, the first epoch included: that average "
                     "covers the batches an untrained model answered, and it got every one right. The labels are "
                     f"trivial (one class in the data) or inside the input. Only {n} epochs seen (low confidence).",
                     f"{tkey} 从第 {x0:g} 轮到第 {x1:g} 轮都是 1.000{also_zh}，包括第一轮：这个平均值包含了未训练模型"
                     f"回答的批次，而它全都答对了。标签过于简单（数据中只有一个类）或就在输入里。只看到 {n} 轮（置信度低）。"),
        span=Span("epoch", x0, x1),
        evidence={"pattern": "perfect_from_first_epoch", "train_accuracy_key": tkey, "val_accuracy_key": vkey,
                  "epochs": n},
        causes=(Cause("data_leakage", 0.6, Text("the label is in the input, or the held-out rows are training rows",
                                                "标签就在输入中，或验证样本就是训练样本")),
                Cause("label_or_loss_misconfig", 0.4, Text("one class in the labels: every prediction is right",
                                                           "标签中只有一个类：任何预测都正确"))),
        fixes=(check_split(),),
        series=(tkey,) + ((vkey,) if vkey else ()),
        experiment=Text("Print the labels of one batch and count the classes in the training set.",
                        "打印一个批次的标签，并统计训练集中各类别的数量。"),
    )


def _early(n: int, o: Options) -> int:
    return min(n, max(2, math.ceil(o.early_share * n)))


def _identical(run: Run, kind: Kind, o: Options) -> tuple[int, int, str, str] | None:
    """Evaluations where validation equals training to 6 digits at exactly the same steps."""
    va = run.find(kind, Split.VAL)
    tr = C.matching(run, kind, Split.TRAIN, va) if va is not None else None
    if tr is None or va is None:
        return None
    common, ti, vi = C.common_steps(tr.steps, va.steps)
    if common.size < o.min_identical:
        return None
    q = max(_print_step(tr.values), _print_step(va.values))
    counts = _long.identical_count(tr.values[ti], va.values[vi], o.identical_rtol, o.min_identical,
                                   o.min_printed_digits * q)  # in blocks
    if counts is None:
        return None  # too few pairs, or a constant curve (it equals anything constant: no information)
    n, k, distinct_same, distinct = counts
    if k >= o.min_identical and k >= 0.5 * n and distinct_same >= max(o.min_identical, 0.5 * distinct):
        return k, n, tr.key, va.key
    return None


def _print_step(values: np.ndarray, head: int = 1024, max_decimals: int = 8) -> float:
    """The last printed digit's unit (10^-d for values printed with d decimals), read off the first values; 0 when they
    carry more digits than a print keeps (full float precision: every digit is real)."""
    x = values[:head]
    x = x[np.isfinite(x) & (x != 0)]
    if x.size < 3:
        return 0.0
    for d in range(max_decimals + 1):
        s = x * 10.0 ** d
        r = np.round(s)
        if bool(np.all((np.abs(s - r) <= 1e-3 + 1e-12 * np.abs(s)) & (r != 0))):  # every value has a printed digit
            return 10.0 ** -d
    return 0.0


suspected_leakage = define(
    code="LD112", name="suspected_leakage", severity=Severity.ERROR, requires=(Requirement(Kind.LOSS),),
    summary=Text("Validation is too good to be true: near-perfect from the first epochs, or the training numbers.",
                 "验证结果好得不真实：从最初几轮起就接近完美，或与训练数值完全相同。"),
    options=Options, measure=measure, judge=judge, explain=explain,
    explains=("val_below_train", "generalization_gap", "overfitting"), doc=DOC)
