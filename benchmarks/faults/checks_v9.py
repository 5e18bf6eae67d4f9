"""Construction checks of the ninth-generation families: does a run's raw logged history show its injected fault?

Each check is the plain test a person would do on the numbers, written with the labels (families_v9.py) before any
full-length run was generated. The sixth generation's healthy checks and the second generation's fault checks are
reused by import wherever no chance level is involved; where one is, it comes from the task (data_v9.chance_loss: ln 4
for the clouds' cross-entropy, label smoothing included; ln 2 for the breast-cancer table), through
checks_v6.chance_checks. Healthy checks for losses with an irreducible floor (the label-smoothed clouds, the flow's
and the mixture density network's negative log-likelihoods, bounded below by the data's own entropy) ask the train
loss to fall by a quarter instead of a half; fine-tuning by 15 %. lossdoctor's rules are never involved. A run that
fails its check had its injection fixed, never its label.
"""
from __future__ import annotations

import checks_v2 as v2
import checks_v6 as v6
from data_v9 import chance_loss

History = dict[str, list[float]]

OWN = {f.__name__: f for f in (v6.healthy, v6.healthy_floor, v6.healthy_finetune)}
OWN |= v6.chance_checks(chance_loss)


def shows(fam: object, h: History, n_classes: int) -> tuple[bool, str]:
    """Run the family's construction check on its history."""
    name = getattr(fam, "shows")
    if name in OWN:
        return OWN[name](h, fam, n_classes)
    if name == "loss_spikes":  # a cache of prices never log-transformed arrives at these epochs
        return v2.loss_spikes(h, n_classes, getattr(fam, "raw_price_epochs"))
    if name == "train_loss_rebound":  # resumed at this epoch at the LR finder's LR
        return v2.train_loss_rebound(h, n_classes, getattr(fam, "resume_epoch"))
    # overfitting, loss_not_decreasing, nan_inf, divergence, plateau, oscillation, suspected_leakage,
    # val_below_train, noisy_validation, still_improving, generalization_gap: no chance level involved
    return v2.CHECKS[name](h, n_classes)
