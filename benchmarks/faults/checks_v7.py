"""Construction checks of the seventh-generation families: does a run's raw logged history show its injected fault?

Each check is the plain test a person would do on the numbers, written with the labels (families_v7.py) before any
full-length run was generated. The sixth generation's healthy checks and the second generation's fault checks are
reused by import wherever no chance level is involved; where one is, it comes from the task (data_v7.chance_loss: ln C
for cross-entropy, ln V per token for the language model, (C-1)/C for the squared hinge at zero scores, the margin for
the pairwise ranking loss). Healthy checks for losses with an irreducible floor (Huber and Poisson on noisy targets, the
ELBO, ranking pairs with tied scores, a Markov stream's entropy, 20 % random labels) ask the train loss to fall by a
quarter instead of a half; fine-tuning by 15 %. lossdoctor's rules are never involved. A run that fails its check had
its injection fixed, never its label.
"""
from __future__ import annotations

import numpy as np

import checks_v2 as v2
import checks_v6 as v6
from data_v7 import chance_loss

History = dict[str, list[float]]
_a = v2._a


def underfitting(h: History, fam: object, n_classes: int) -> tuple[bool, str]:
    """Both losses stay at >= 40 % of the chance loss and both accuracies end <= 0.7."""
    tr, va, a, av = _a(h, "loss"), _a(h, "val_loss"), _a(h, "accuracy"), _a(h, "val_accuracy")
    c = chance_loss(fam)
    ok = tr[-1] >= 0.4 * c and va[-1] >= 0.4 * c and a[-1] <= 0.7 and av[-1] <= 0.7
    return ok, f"train {tr[-1]:.3g} val {va[-1]:.3g} (chance {c:.3g}); acc {a[-1]:.3f}/{av[-1]:.3f}"


def stuck_at_chance(h: History, fam: object, n_classes: int) -> tuple[bool, str]:
    """Val accuracy within 0.08 of 1/C on every epoch and val loss never below 0.9 x the chance loss."""
    va, av = _a(h, "val_loss"), _a(h, "val_accuracy")
    p, c = 1 / n_classes, chance_loss(fam)
    ok = bool(np.all(np.abs(av - p) <= 0.08)) and va.min() >= 0.9 * c
    return ok, f"val acc {av.min():.3f}..{av.max():.3f} (1/C {p:.3f}), val loss min {va.min():.4g} (chance {c:.3g})"


def abnormal_initial_loss(h: History, fam: object, n_classes: int) -> tuple[bool, str]:
    """The first epoch's train loss is >= 5 x the chance loss."""
    tr = _a(h, "loss")
    c = chance_loss(fam)
    return tr[0] >= 5 * c, f"first train loss {tr[0]:.4g} vs chance {c:.3g}"


def loss_metric_disagreement(h: History, fam: object, n_classes: int) -> tuple[bool, str]:
    """Val accuracy ends >= 0.85 while val loss never goes below 0.5 x the chance loss."""
    va, av = _a(h, "val_loss"), _a(h, "val_accuracy")
    c = chance_loss(fam)
    return av[-1] >= 0.85 and va.min() >= 0.5 * c, f"val acc {av[-1]:.3f}, val loss min {va.min():.4g} (chance {c:.3g})"


OWN = {f.__name__: f for f in (v6.healthy, v6.healthy_floor, v6.healthy_finetune, underfitting, stuck_at_chance,
                               abnormal_initial_loss, loss_metric_disagreement)}


def shows(fam: object, h: History, n_classes: int) -> tuple[bool, str]:
    """Run the family's construction check on its history."""
    name = getattr(fam, "shows")
    if name in OWN:
        return OWN[name](h, fam, n_classes)
    if name == "loss_spikes":  # a shard in other units arrives at these epochs
        return v2.loss_spikes(h, n_classes, getattr(fam, "unit_shard_epochs"))
    if name == "train_loss_rebound":  # SWA (with its own LR) starts at this epoch
        return v2.train_loss_rebound(h, n_classes, getattr(fam, "swa_start"))
    # overfitting, loss_not_decreasing, nan_inf, divergence, plateau, oscillation, suspected_leakage,
    # val_below_train, noisy_validation, still_improving, generalization_gap: no chance level involved
    return v2.CHECKS[name](h, n_classes)
