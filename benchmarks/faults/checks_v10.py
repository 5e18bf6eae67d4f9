"""Construction checks of the tenth-generation families: does a run's raw logged history show its injected fault?

Each check is the plain test a person would do on the numbers, written with the labels (families_v10.py) before any
full-length run was generated. The sixth generation's healthy checks and the second generation's fault checks are
reused by import wherever no chance level is involved; where one is, it comes from the task (data_v10.chance_loss: ln 4
for the sets' cross-entropy), through checks_v6.chance_checks. Healthy checks for the VQ-VAE (its reconstruction of
noisy vectors from a 16-code codebook has a floor set by the data) ask the train loss to fall by a quarter instead of
a half; fine-tuning by 15 %. lossdoctor's rules are never involved. A run that fails its check had its injection
fixed, never its label.
"""
from __future__ import annotations

import numpy as np

import checks_v2 as v2
import checks_v6 as v6
from data_v10 import chance_loss

History = dict[str, list[float]]


def generalization_gap_noacc(h: History, fam: object, n_classes: int) -> tuple[bool, str]:
    """v2's generalization_gap for a task without an accuracy: over the second half val loss >= 2x train loss."""
    tr, va = v2._a(h, "loss"), v2._a(h, "val_loss")
    k = len(tr) // 2
    return bool(np.all(va[k:] >= 2 * tr[k:])), f"second half: val/train min {float(np.min(va[k:] / tr[k:])):.3g}"


OWN = {f.__name__: f for f in (v6.healthy, v6.healthy_floor, v6.healthy_finetune)}
OWN |= v6.chance_checks(chance_loss)


def shows(fam: object, h: History, n_classes: int) -> tuple[bool, str]:
    """Run the family's construction check on its history."""
    name = getattr(fam, "shows")
    if name in OWN:
        return OWN[name](h, fam, n_classes)
    if name == "generalization_gap" and n_classes < 2:
        return generalization_gap_noacc(h, fam, n_classes)
    if name == "loss_spikes":  # a shard with the phase in degrees arrives at these epochs
        return v2.loss_spikes(h, n_classes, getattr(fam, "degree_epochs"))
    if name == "train_loss_rebound":  # the periodic cosine's LR starts climbing back at epoch T_max
        return v2.train_loss_rebound(h, n_classes, getattr(fam, "t_max"))
    # overfitting, loss_not_decreasing, nan_inf, divergence, plateau, oscillation, suspected_leakage,
    # val_below_train, noisy_validation, still_improving, generalization_gap: no chance level involved
    return v2.CHECKS[name](h, n_classes)
