"""Construction checks of the thirteenth-generation families: does a run's raw logged history show its injected fault?

Each check is the plain test a person would do on the numbers, written with the labels (families_v13.py) before any
full-length run was generated. The sixth generation's healthy checks and the second generation's fault checks are
reused by import wherever no chance level is involved; where one is, it comes from the task (data_v13.chance_loss:
ln 5 for the spectra's cross-entropy), through checks_v6.chance_checks. Healthy checks: train loss halved, val loss
ending within 10 % of its minimum, val accuracy (spectra) at least half-way from chance to 1; the negative binomial
NLL of the rental counts has a floor set by the counts' own spread, so its train loss must fall by a quarter;
fine-tuning by 15 %. The PDE surrogate's relative L2 error has no accuracy: the generalization-gap check is not used
on it.
lossdoctor's rules are never involved. A run that fails its check had its injection fixed, never its label.
"""
from __future__ import annotations

import checks_v2 as v2
import checks_v6 as v6
from data_v13 import chance_loss

History = dict[str, list[float]]

OWN = {f.__name__: f for f in (v6.healthy, v6.healthy_floor, v6.healthy_finetune)}
OWN |= v6.chance_checks(chance_loss)


def shows(fam: object, h: History, n_classes: int) -> tuple[bool, str]:
    """Run the family's construction check on its history."""
    name = getattr(fam, "shows")
    if name in OWN:
        return OWN[name](h, fam, n_classes)
    if name == "loss_spikes":  # a transmittance shard arrives at these epochs
        return v2.loss_spikes(h, n_classes, getattr(fam, "transmittance_epochs"))
    if name == "train_loss_rebound":  # the shift ramp starts at this epoch
        return v2.train_loss_rebound(h, n_classes, getattr(fam, "shift_ramp_from"))
    # overfitting, loss_not_decreasing, nan_inf, divergence, plateau, oscillation, suspected_leakage,
    # val_below_train, noisy_validation, still_improving, generalization_gap (spectra: with an accuracy)
    return v2.CHECKS[name](h, n_classes)
