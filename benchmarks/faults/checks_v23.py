"""Construction checks of the twenty-third-generation families: does a run's raw logged history show its injected
fault?

Each check is the plain test a person would do on the numbers, written with the labels (families_v23.py) before any
full-length run was generated. The sixth generation's healthy checks and the second generation's fault checks are
reused by import wherever no chance level is involved; where one is, it comes from the task (data_v23.chance_loss:
ln 4 for the four jet classes' cross-entropy), through checks_v6.chance_checks. Healthy checks: train loss
halved, val loss ending within 10 % of its minimum, val accuracy (classes) at least half-way from chance to 1; the
jet mass's Fair loss has a floor set by the detector's lost and smeared particles, so its train loss must fall by a
quarter (healthy_floor). lossdoctor's rules are never involved. A run that fails its check has its injection fixed, never
its label.
"""
from __future__ import annotations

import checks_v2 as v2
import checks_v6 as v6
from data_v23 import chance_loss

History = dict[str, list[float]]

OWN = {f.__name__: f for f in (v6.healthy, v6.healthy_floor)}
OWN |= v6.chance_checks(chance_loss)


def shows(fam: object, h: History, n_classes: int) -> tuple[bool, str]:
    """Run the family's construction check on its history."""
    name = getattr(fam, "shows")
    if name in OWN:
        return OWN[name](h, fam, n_classes)
    if name == "loss_spikes":  # the hard-example mining epochs
        return v2.loss_spikes(h, n_classes, getattr(fam, "spike_epochs"))
    if name == "train_loss_rebound":  # the second stage's jets are appended at this epoch
        return v2.train_loss_rebound(h, n_classes, getattr(fam, "stage2_at"))
    # overfitting, loss_not_decreasing, nan_inf, divergence, plateau, oscillation, suspected_leakage,
    # val_below_train, noisy_validation, still_improving, generalization_gap (classes: with an accuracy)
    return v2.CHECKS[name](h, n_classes)
