"""Construction checks of the sixth-generation families: does a run's raw logged history show its injected fault?

Each check is the plain test a person would do on the numbers, written with the labels (families_v6.py) before any
full-length run was generated. The second generation's checks (checks_v2.py) are reused by import wherever no chance
level is involved; where one is, it comes from the task (data_v6.chance_loss: ln C for cross-entropy, ln(batch) for
InfoNCE, ln C for the distillation sum whose KL term is >= 0). Healthy checks for losses with an irreducible floor ask
for less than a halving: a quarter for multi-label BCE with label noise, denoising (the noise is not all predictable)
and MASE forecasts, 15 % for fine-tuning, 10 % for the Cox partial likelihood (bounded below by the risk sets'
entropy). lossdoctor's rules are never involved. A run that fails its check had its injection fixed, never its label.
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

import checks_v2 as v2
from data_v6 import chance_loss

History = dict[str, list[float]]
Check = Callable[[History, Any, int], tuple[bool, str]]
_a = v2._a


def _finite(*arrays: np.ndarray) -> bool:
    return all(bool(np.isfinite(a).all()) for a in arrays)


def healthy(h: History, fam: object, n_classes: int, fall: float = 0.5) -> tuple[bool, str]:
    """Everything finite; train loss at most `fall` x its first value; val loss ends within 10 % of its minimum (the
    minimum's absolute size where losses sit near 0 or below); val accuracy (where logged) at least half-way from
    chance (1 / the class count) to 1."""
    tr, va, acc = _a(h, "loss"), _a(h, "val_loss"), _a(h, "val_accuracy")
    p = 1 / n_classes
    ok = (_finite(tr, va) and tr[-1] <= fall * tr[0] and va[-1] <= va.min() + 0.10 * abs(va.min())
          and (acc.size == 0 or acc[-1] >= p + 0.5 * (1 - p)))
    return ok, (f"train {tr[0]:.4g}->{tr[-1]:.4g}, val min {va.min():.4g} last {va[-1]:.4g}"
                + (f", val acc {acc[-1]:.3f}" if acc.size else ""))


def healthy_noacc(h: History, fam: object, n_classes: int) -> tuple[bool, str]:
    return healthy(h, fam, n_classes)


def healthy_floor(h: History, fam: object, n_classes: int) -> tuple[bool, str]:
    """A loss with an irreducible floor: train loss falls to <= 75 % of its first value (else as `healthy`)."""
    return healthy(h, fam, n_classes, fall=0.75)


def healthy_finetune(h: History, fam: object, n_classes: int) -> tuple[bool, str]:
    """Fine-tuning starts from good features: train loss falls >= 15 % (else as `healthy`)."""
    return healthy(h, fam, n_classes, fall=0.85)


def healthy_cox(h: History, fam: object, n_classes: int) -> tuple[bool, str]:
    """Cox partial likelihood: train loss falls >= 10 % (else as `healthy`)."""
    return healthy(h, fam, n_classes, fall=0.90)


def chance_checks(chance_loss: Callable[[Any], float]) -> dict[str, Check]:
    """The checks that measure against a chance level, for a generation whose tasks define it by `chance_loss`."""

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
        return ok, (f"val acc {av.min():.3f}..{av.max():.3f} (1/C {p:.3f}), val loss min {va.min():.4g} "
                    f"(chance {c:.3g})")

    def abnormal_initial_loss(h: History, fam: object, n_classes: int) -> tuple[bool, str]:
        """The first epoch's train loss is >= 5 x the chance loss."""
        tr = _a(h, "loss")
        c = chance_loss(fam)
        return tr[0] >= 5 * c, f"first train loss {tr[0]:.4g} vs chance {c:.3g}"

    def loss_metric_disagreement(h: History, fam: object, n_classes: int) -> tuple[bool, str]:
        """Val accuracy ends >= 0.85 while val loss never goes below 0.5 x the chance loss."""
        va, av = _a(h, "val_loss"), _a(h, "val_accuracy")
        c = chance_loss(fam)
        return (av[-1] >= 0.85 and va.min() >= 0.5 * c,
                f"val acc {av[-1]:.3f}, val loss min {va.min():.4g} (chance {c:.3g})")

    return {f.__name__: f for f in (underfitting, stuck_at_chance, abnormal_initial_loss, loss_metric_disagreement)}


OWN = {f.__name__: f for f in (healthy, healthy_noacc, healthy_floor, healthy_finetune, healthy_cox)}
OWN |= chance_checks(chance_loss)


def shows(fam: object, h: History, n_classes: int) -> tuple[bool, str]:
    """Run the family's construction check on its history."""
    name = getattr(fam, "shows")
    if name in OWN:
        return OWN[name](h, fam, n_classes)
    if name == "loss_spikes":
        return v2.loss_spikes(h, n_classes, getattr(fam, "label_shard_epochs"))
    if name == "train_loss_rebound":  # the backbone is unfrozen (with the wrong LR) at this epoch
        return v2.train_loss_rebound(h, n_classes, getattr(fam, "freeze_epochs"))
    # overfitting, loss_not_decreasing, nan_inf, divergence, plateau, oscillation, suspected_leakage,
    # val_below_train, noisy_validation, still_improving, generalization_gap: no chance level involved
    return v2.CHECKS[name](h, n_classes)
