"""Construction checks of the fifth-generation families: does a run's raw logged history show its injected fault?

Each check is the plain test a person would do on the numbers, written with the labels (families_v5.py) before any
full-length run was generated. Where the second generation's checks (checks_v2.py) fit they are reused by import;
where they assume a loss of ln C at chance, the chance level comes from the task here (data_v5.chance_loss: ln C + 1
for the summed multi-task loss, ln V for masked tokens, the margin for triplet and hinge losses). Healthy checks for
tasks with an irreducible noise floor (Poisson counts, quantiles) ask the loss to fall by a quarter, not a half.
lossdoctor's rules are never involved. A run that fails its check had its injection fixed, never its label.
"""
from __future__ import annotations

import numpy as np

import checks_v2 as v2
from data_v5 import chance_loss

History = dict[str, list[float]]
_a = v2._a


def _finite(*arrays: np.ndarray) -> bool:
    return all(bool(np.isfinite(a).all()) for a in arrays)


def _desc(tr: np.ndarray, va: np.ndarray, acc: np.ndarray) -> str:
    return (f"train {tr[0]:.4g}->{tr[-1]:.4g}, val min {va.min():.4g} last {va[-1]:.4g}"
            + (f", val acc {acc[-1]:.3f}" if acc.size else ""))


def healthy(h: History, data: str, n_classes: int, fall: float = 0.5) -> tuple[bool, str]:
    """Everything finite; train loss at most `fall` x its first value; val loss ends within 10 % of its minimum; val
    accuracy (where logged) at least half-way from chance (1 / the run's class count) to 1."""
    tr, va, acc = _a(h, "loss"), _a(h, "val_loss"), _a(h, "val_accuracy")
    p = 1 / n_classes
    ok = (_finite(tr, va) and tr[-1] <= fall * tr[0] and va[-1] <= 1.10 * va.min()
          and (acc.size == 0 or acc[-1] >= p + 0.5 * (1 - p)))
    return ok, _desc(tr, va, acc)


def healthy_noacc(h: History, data: str, n_classes: int) -> tuple[bool, str]:
    """No accuracy (metric learning, ranking, reconstruction): finite, train loss halved, val loss ends within 10 % of
    its minimum."""
    return healthy(h, data, n_classes)


healthy_lm = healthy_noacc


def healthy_floor(h: History, data: str, n_classes: int) -> tuple[bool, str]:
    """A task with an irreducible noise floor (Poisson counts, quantiles): finite; train loss falls to <= 75 % of its
    first value; val loss ends within 10 % of its minimum."""
    return healthy(h, data, n_classes, fall=0.75)


def healthy_finetune(h: History, data: str, n_classes: int) -> tuple[bool, str]:
    """Fine-tuning starts from good features: train loss falls >= 15 % (else as `healthy`)."""
    return healthy(h, data, n_classes, fall=0.85)


def underfitting(h: History, data: str, n_classes: int) -> tuple[bool, str]:
    """Both losses stay at >= 40 % of the chance loss and both accuracies end <= 0.7."""
    tr, va, a, av = _a(h, "loss"), _a(h, "val_loss"), _a(h, "accuracy"), _a(h, "val_accuracy")
    c = chance_loss(data)
    ok = tr[-1] >= 0.4 * c and va[-1] >= 0.4 * c and a[-1] <= 0.7 and av[-1] <= 0.7
    return ok, f"train {tr[-1]:.3g} val {va[-1]:.3g} (chance {c:.3g}); acc {a[-1]:.3f}/{av[-1]:.3f}"


def stuck_at_chance(h: History, data: str, n_classes: int) -> tuple[bool, str]:
    """Val accuracy within 0.08 of 1/C on every epoch and val loss never below 0.9 x the chance loss."""
    va, av = _a(h, "val_loss"), _a(h, "val_accuracy")
    p, c = 1 / n_classes, chance_loss(data)
    ok = bool(np.all(np.abs(av - p) <= 0.08)) and va.min() >= 0.9 * c
    return ok, f"val acc {av.min():.3f}..{av.max():.3f} (1/C {p:.3f}), val loss min {va.min():.4g} (chance {c:.3g})"


def abnormal_initial_loss(h: History, data: str, n_classes: int) -> tuple[bool, str]:
    """The first epoch's train loss is >= 5 x the chance loss."""
    tr = _a(h, "loss")
    c = chance_loss(data)
    return tr[0] >= 5 * c, f"first train loss {tr[0]:.4g} vs chance {c:.3g}"


def loss_metric_disagreement(h: History, data: str, n_classes: int) -> tuple[bool, str]:
    """Val accuracy ends >= 0.85 while val loss never goes below 0.5 x the chance loss."""
    va, av = _a(h, "val_loss"), _a(h, "val_accuracy")
    c = chance_loss(data)
    return av[-1] >= 0.85 and va.min() >= 0.5 * c, f"val acc {av[-1]:.3f}, val loss min {va.min():.4g} (chance {c:.3g})"


def shows(fam: object, h: History, n_classes: int) -> tuple[bool, str]:
    """Run the family's construction check on its history."""
    name, data = getattr(fam, "shows"), getattr(fam, "data")
    own = {"healthy": healthy, "healthy_noacc": healthy_noacc, "healthy_lm": healthy_lm,
           "healthy_floor": healthy_floor, "healthy_finetune": healthy_finetune, "underfitting": underfitting,
           "stuck_at_chance": stuck_at_chance, "abnormal_initial_loss": abnormal_initial_loss,
           "loss_metric_disagreement": loss_metric_disagreement}
    if name in own:
        return own[name](h, data, n_classes)
    if name == "loss_spikes":
        return v2.loss_spikes(h, n_classes, getattr(fam, "shard_vocab_epochs"))
    if name == "train_loss_rebound":  # the run is resumed (with fresh weights) at this epoch
        return v2.train_loss_rebound(h, n_classes, getattr(fam, "resume_epoch"))
    # overfitting, loss_not_decreasing, nan_inf, divergence, plateau, oscillation, suspected_leakage,
    # val_below_train, noisy_validation, still_improving, generalization_gap: no chance level involved
    return v2.CHECKS[name](h, n_classes)
