"""Construction checks of the third-generation families: does a run's raw logged history show its injected fault?

Each check is the plain test a person would do on the numbers, written with the labels (families_v3.py) before any
run was generated; the thresholds are the second generation's (checks_v2.py, reused where they fit), with the chance
level taken from the task: ln C for classes and tokens, ln 2 per label for multi-label, per-pixel and ordinal binary
targets. lossdoctor's rules are never involved. A run that fails its check had its injection fixed, never its label.
"""
from __future__ import annotations

import math

import numpy as np

import checks_v2 as v2
from data_v3 import N_CLASSES, TASK_OF

History = dict[str, list[float]]
_a = v2._a


def chance(data: str) -> tuple[float, float]:
    """(chance loss, chance accuracy) of a data set's task; NaN where there is none (regression, autoencoder,
    contrastive)."""
    task = TASK_OF[data]
    if task in ("multiclass", "lm", "seq2seq"):
        c = N_CLASSES[data]
        return math.log(c), 1 / c
    if task in ("multilabel", "segmentation"):
        return math.log(2), 0.5
    if task == "ordinal":
        return math.log(2), 1 / N_CLASSES[data]
    return float("nan"), float("nan")


def _c(data: str) -> int:
    """The class count whose ln is the task's chance loss (what the v2 checks take)."""
    return round(math.exp(chance(data)[0])) if TASK_OF[data] not in ("regression", "autoencoder", "contrastive") else 1


def healthy(h: History, data: str) -> tuple[bool, str]:
    """Everything finite; train loss at most half its first value; val loss ends within 10 % of its minimum; val
    accuracy (where logged) at least half-way from chance to 1."""
    tr, va, acc = _a(h, "loss"), _a(h, "val_loss"), _a(h, "val_accuracy")
    finite = bool(np.isfinite(tr).all() and np.isfinite(va).all())
    fell = finite and tr[-1] <= 0.5 * tr[0]
    flat_end = finite and va[-1] <= 1.10 * va.min()
    p = chance(data)[1]
    good = acc.size == 0 or acc[-1] >= p + 0.5 * (1 - p)
    return (finite and fell and flat_end and good,
            f"train {tr[0]:.4g}->{tr[-1]:.4g}, val min {va.min():.4g} last {va[-1]:.4g}"
            + (f", val acc {acc[-1]:.3f}" if acc.size else ""))


def healthy_lm(h: History, data: str) -> tuple[bool, str]:
    """A language model: finite; train loss at most half its first value; val loss ends within 10 % of its minimum
    (no accuracy: half the tokens of the grammar are random)."""
    tr, va = _a(h, "loss"), _a(h, "val_loss")
    finite = bool(np.isfinite(tr).all() and np.isfinite(va).all())
    ok = finite and tr[-1] <= 0.5 * tr[0] and va[-1] <= 1.10 * va.min()
    return ok, f"train {tr[0]:.4g}->{tr[-1]:.4g}, val min {va.min():.4g} last {va[-1]:.4g}"


def healthy_finetune(h: History, data: str) -> tuple[bool, str]:
    """Fine-tuning starts from good features: finite; train loss falls >= 15 %; val loss ends within 10 % of its
    minimum; val accuracy at least half-way from chance to 1."""
    tr, va, acc = _a(h, "loss"), _a(h, "val_loss"), _a(h, "val_accuracy")
    finite = bool(np.isfinite(tr).all() and np.isfinite(va).all())
    p = chance(data)[1]
    ok = finite and tr[-1] <= 0.85 * tr[0] and va[-1] <= 1.10 * va.min() and (acc.size == 0 or
                                                                               acc[-1] >= p + 0.5 * (1 - p))
    return ok, (f"train {tr[0]:.4g}->{tr[-1]:.4g}, val min {va.min():.4g} last {va[-1]:.4g}"
                + (f", val acc {acc[-1]:.3f}" if acc.size else ""))


def nan_inf_midrun(h: History, data: str) -> tuple[bool, str]:
    """The first epoch is finite and a later train or val loss is NaN or infinite."""
    tr, va = _a(h, "loss"), _a(h, "val_loss")
    bad = np.flatnonzero(~np.isfinite(tr) | ~np.isfinite(va))
    ok = bool(bad.size) and bad[0] > 0
    return ok, f"first non-finite epoch {int(bad[0]) if bad.size else -1}; train {np.round(tr[:3], 4).tolist()} ..."


def loss_metric_disagreement(h: History, data: str) -> tuple[bool, str]:
    """Val accuracy ends >= 0.85 while val loss never goes below 0.5 x the chance loss (a loss floor no confident
    model has)."""
    va, av = _a(h, "val_loss"), _a(h, "val_accuracy")
    ok = av[-1] >= 0.85 and va.min() >= 0.5 * chance(data)[0]
    return ok, f"val acc {av[-1]:.3f}, val loss min {va.min():.4g} (chance {chance(data)[0]:.3g})"


def shows(fam: object, h: History, n_classes: int) -> tuple[bool, str]:
    """Run the family's construction check on its history."""
    name, data = getattr(fam, "shows"), getattr(fam, "data")
    own = {"healthy": healthy, "healthy_lm": healthy_lm, "healthy_finetune": healthy_finetune,
           "nan_inf_midrun": nan_inf_midrun, "loss_metric_disagreement": loss_metric_disagreement}
    if name in own:
        return own[name](h, data)
    if name == "loss_spikes":
        return v2.loss_spikes(h, _c(data), getattr(fam, "unit_bug_epochs"))
    if name == "train_loss_rebound":  # the LR changes sign at half the run
        return v2.train_loss_rebound(h, _c(data), getattr(fam, "epochs") // 2)
    return v2.CHECKS[name](h, _c(data))
