"""Construction checks of the fourth-generation families: does a run's raw logged history show its injected fault?

Each check is the plain test a person would do on the numbers, written with the labels (families_v4.py) before any
run was generated; the thresholds are the second generation's (checks_v2.py, reused by import), with the chance level
taken from the task (ln C for classes, tags and characters), plus healthy checks for the tasks v2 and v3 had no check
for (AUC-scored imbalanced classification, a VAE's ELBO) and a generalisation gap for forecasting (no accuracy).
lossdoctor's rules are never involved. A run that fails its check had its injection fixed, never its label.
"""
from __future__ import annotations

import math

import numpy as np

import checks_v2 as v2
from data_v4 import N_CLASSES, TASK_OF

History = dict[str, list[float]]
_a = v2._a
_CLASSIFY = ("multiclass", "tagging", "lm", "distill")


def chance(data: str) -> tuple[float, float]:
    """(chance loss, chance accuracy) of a data set's task; NaN where there is none (regression, forecasting,
    denoising, the VAE); ln 2 and the positive share's complement for the imbalanced binary task."""
    task = TASK_OF[data]
    if task in _CLASSIFY:
        c = N_CLASSES[data]
        return math.log(c), 1 / c
    if task == "binary":
        return math.log(2), float("nan")
    return float("nan"), float("nan")


def _c(data: str) -> int:
    """The class count whose ln is the task's chance loss (what the v2 checks take); 1 where there is none."""
    return N_CLASSES[data] if TASK_OF[data] in _CLASSIFY else (2 if TASK_OF[data] == "binary" else 1)


def _finite(*arrays: np.ndarray) -> bool:
    return all(bool(np.isfinite(a).all()) for a in arrays)


def healthy(h: History, data: str) -> tuple[bool, str]:
    """Everything finite; train loss at most half its first value; val loss ends within 10 % of its minimum; val
    accuracy (where logged) at least half-way from chance to 1."""
    tr, va, acc = _a(h, "loss"), _a(h, "val_loss"), _a(h, "val_accuracy")
    finite = _finite(tr, va)
    p = chance(data)[1]
    ok = (finite and tr[-1] <= 0.5 * tr[0] and va[-1] <= 1.10 * va.min()
          and (acc.size == 0 or acc[-1] >= p + 0.5 * (1 - p)))
    return ok, (f"train {tr[0]:.4g}->{tr[-1]:.4g}, val min {va.min():.4g} last {va[-1]:.4g}"
                + (f", val acc {acc[-1]:.3f}" if acc.size else ""))


def healthy_auc(h: History, data: str) -> tuple[bool, str]:
    """Imbalanced binary: finite; train loss at most half its first value; val loss ends within 10 % of its minimum;
    val AUC ends >= 0.8."""
    tr, va, auc = _a(h, "loss"), _a(h, "val_loss"), _a(h, "val_auc")
    ok = _finite(tr, va) and tr[-1] <= 0.5 * tr[0] and va[-1] <= 1.10 * va.min() and auc[-1] >= 0.8
    return ok, f"train {tr[0]:.4g}->{tr[-1]:.4g}, val min {va.min():.4g} last {va[-1]:.4g}, val auc {auc[-1]:.3f}"


def healthy_lm(h: History, data: str) -> tuple[bool, str]:
    """A language model or a VAE (no accuracy): finite; train loss at most half its first value (the first value
    is the first epoch's mean, from ln V or the untrained ELBO); val loss ends within 10 % of its minimum."""
    tr, va = _a(h, "loss"), _a(h, "val_loss")
    ok = _finite(tr, va) and tr[-1] <= 0.5 * tr[0] and va[-1] <= 1.10 * va.min()
    return ok, f"train {tr[0]:.4g}->{tr[-1]:.4g}, val min {va.min():.4g} last {va[-1]:.4g}"


healthy_vae = healthy_lm


def healthy_finetune(h: History, data: str) -> tuple[bool, str]:
    """Fine-tuning starts from good features: finite; train loss falls >= 15 %; val loss ends within 10 % of its
    minimum; val accuracy at least half-way from chance to 1."""
    tr, va, acc = _a(h, "loss"), _a(h, "val_loss"), _a(h, "val_accuracy")
    p = chance(data)[1]
    ok = (_finite(tr, va) and tr[-1] <= 0.85 * tr[0] and va[-1] <= 1.10 * va.min()
          and (acc.size == 0 or acc[-1] >= p + 0.5 * (1 - p)))
    return ok, (f"train {tr[0]:.4g}->{tr[-1]:.4g}, val min {va.min():.4g} last {va[-1]:.4g}"
                + (f", val acc {acc[-1]:.3f}" if acc.size else ""))


def loss_metric_disagreement(h: History, data: str) -> tuple[bool, str]:
    """Val accuracy ends >= 0.85 while val loss never goes below 0.5 x the chance loss (a loss floor no confident
    model has)."""
    va, av = _a(h, "val_loss"), _a(h, "val_accuracy")
    ok = av[-1] >= 0.85 and va.min() >= 0.5 * chance(data)[0]
    return ok, f"val acc {av[-1]:.3f}, val loss min {va.min():.4g} (chance {chance(data)[0]:.3g})"


def generalization_gap_regression(h: History, data: str) -> tuple[bool, str]:
    """No accuracy to compare: finite, and over the second half val loss >= 2x train loss on every epoch."""
    tr, va = _a(h, "loss"), _a(h, "val_loss")
    k = len(tr) // 2
    ok = _finite(tr, va) and bool(np.all(va[k:] >= 2 * tr[k:]))
    return ok, f"second half: val/train min ratio {float(np.min(va[k:] / tr[k:])):.3g} (last {va[-1]:.4g} vs {tr[-1]:.4g})"


def shows(fam: object, h: History, n_classes: int) -> tuple[bool, str]:
    """Run the family's construction check on its history."""
    name, data = getattr(fam, "shows"), getattr(fam, "data")
    own = {"healthy": healthy, "healthy_auc": healthy_auc, "healthy_lm": healthy_lm, "healthy_vae": healthy_vae,
           "healthy_finetune": healthy_finetune, "loss_metric_disagreement": loss_metric_disagreement,
           "generalization_gap_regression": generalization_gap_regression}
    if name in own:
        return own[name](h, data)
    if name == "loss_spikes":
        return v2.loss_spikes(h, _c(data), getattr(fam, "unscaled_shard_epochs"))
    if name == "train_loss_rebound":  # the backbone is unfrozen at this epoch
        return v2.train_loss_rebound(h, _c(data), getattr(fam, "freeze_epochs"))
    return v2.CHECKS[name](h, _c(data))
