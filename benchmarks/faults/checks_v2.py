"""Construction checks of the second-generation families: does a run's raw logged history show its injected fault?

Each check is a plain test a person would do on the numbers (a NaN is there, val loss really rose, accuracy stayed at
1/C), written with the labels and before any run was generated. They look only at the history the framework logged;
lossdoctor's rules are never involved. A run that fails its check had its injection fixed, never its label.
"""
from __future__ import annotations

import math
from typing import Callable

import numpy as np

History = dict[str, list[float]]
Check = Callable[[History, int], tuple[bool, str]]


def _a(h: History, key: str) -> np.ndarray:
    return np.asarray(h.get(key) or [], dtype=float)


def _chance_loss(n_classes: int) -> float:
    return math.log(n_classes) if n_classes > 1 else float("nan")


def healthy(h: History, c: int) -> tuple[bool, str]:
    """Everything finite; train loss at most half its first value; val loss ends within 10 % of its minimum; val
    accuracy (classification) at least half-way from chance to 1."""
    tr, va, acc = _a(h, "loss"), _a(h, "val_loss"), _a(h, "val_accuracy")
    finite = bool(np.isfinite(tr).all() and np.isfinite(va).all())
    fell = finite and tr[-1] <= 0.5 * tr[0]
    flat_end = finite and va[-1] <= 1.10 * va.min()
    good = acc.size == 0 or acc[-1] >= 1 / c + 0.5 * (1 - 1 / c)
    return (finite and fell and flat_end and good,
            f"train {tr[0]:.3g}->{tr[-1]:.3g}, val min {va.min():.3g} last {va[-1]:.3g}"
            + (f", val acc {acc[-1]:.3f}" if acc.size else ""))


def overfitting(h: History, c: int) -> tuple[bool, str]:
    """Val loss has its minimum at least 5 epochs before the end and ends >= 15 % above it while train loss keeps
    falling below its value at that minimum."""
    tr, va = _a(h, "loss"), _a(h, "val_loss")
    best = int(np.argmin(va))
    ok = best <= len(va) - 6 and va[-1] >= 1.15 * va[best] and tr[-1] < tr[best]
    return bool(ok), f"val min {va[best]:.3g} at epoch {best}, last {va[-1]:.3g}; train {tr[best]:.3g}->{tr[-1]:.3g}"


def underfitting(h: History, c: int) -> tuple[bool, str]:
    """Both losses stay at >= 40 % of ln C and both accuracies end <= 0.7."""
    tr, va, a, av = _a(h, "loss"), _a(h, "val_loss"), _a(h, "accuracy"), _a(h, "val_accuracy")
    ok = tr[-1] >= 0.4 * _chance_loss(c) and va[-1] >= 0.4 * _chance_loss(c) and a[-1] <= 0.7 and av[-1] <= 0.7
    return ok, f"train {tr[-1]:.3g} val {va[-1]:.3g} (ln C {_chance_loss(c):.3g}); acc {a[-1]:.3f}/{av[-1]:.3f}"


def stuck_at_chance(h: History, c: int) -> tuple[bool, str]:
    """Val accuracy within 0.08 of 1/C on every epoch and val loss never below 0.9 ln C."""
    va, av = _a(h, "val_loss"), _a(h, "val_accuracy")
    ok = bool(np.all(np.abs(av - 1 / c) <= 0.08)) and va.min() >= 0.9 * _chance_loss(c)
    return ok, f"val acc {av.min():.3f}..{av.max():.3f} (1/C {1 / c:.3f}), val loss min {va.min():.3g}"


def loss_not_decreasing(h: History, c: int) -> tuple[bool, str]:
    """The train loss of every epoch is within 2 % of the first epoch's."""
    tr = _a(h, "loss")
    dev = float(np.max(np.abs(tr - tr[0])) / abs(tr[0]))
    return dev <= 0.02, f"train {tr[0]:.4g}..{tr[-1]:.4g}, max change {dev:.2%}"


def nan_inf(h: History, c: int) -> tuple[bool, str]:
    """Some logged train or val loss is NaN or infinite."""
    tr, va = _a(h, "loss"), _a(h, "val_loss")
    bad = np.flatnonzero(~np.isfinite(tr)), np.flatnonzero(~np.isfinite(va))
    first = min([int(b[0]) for b in bad if b.size] or [-1])
    return first >= 0, f"first non-finite epoch {first}; train {tr[:3]} ..."


def divergence(h: History, c: int) -> tuple[bool, str]:
    """Train loss ends >= 10x its minimum (or non-finite) and rose on most epochs after the minimum."""
    tr = _a(h, "loss")
    fin = tr[np.isfinite(tr)]
    if fin.size < len(tr):
        return True, f"non-finite from epoch {int(np.flatnonzero(~np.isfinite(tr))[0])}"
    best = int(np.argmin(tr))
    rises = float(np.mean(np.diff(tr[best:]) > 0)) if best < len(tr) - 1 else 0.0
    return tr[-1] >= 10 * tr[best] and rises >= 0.6, f"train min {tr[best]:.3g} at {best}, last {tr[-1]:.3g}"


def plateau(h: History, c: int) -> tuple[bool, str]:
    """Train loss fell >= 20 % in the first epochs, then moved < 3 % over the last 60 % of the run while still
    >= 20 % of its first value (stalled, not converged)."""
    tr = _a(h, "loss")
    k = int(0.4 * len(tr))
    tail = tr[k:]
    moved = float((tail.max() - tail.min()) / tail.mean())
    ok = tr[k] <= 0.8 * tr[0] and moved < 0.03 and tail[-1] >= 0.2 * tr[0]
    return ok, f"train {tr[0]:.3g}->{tr[k]:.3g} by epoch {k}, then moved {moved:.2%} (last {tail[-1]:.3g})"


def oscillation(h: History, c: int) -> tuple[bool, str]:
    """The train loss changes direction on >= 40 % of epochs with a mean epoch-to-epoch change >= 10 %."""
    tr = _a(h, "loss")
    d = np.diff(tr)
    turns = float(np.mean(np.sign(d[1:]) != np.sign(d[:-1])))
    rel = float(np.mean(np.abs(d) / np.maximum(tr[:-1], 1e-12)))
    return turns >= 0.4 and rel >= 0.10, f"direction changes {turns:.0%}, mean change {rel:.0%}"


def loss_spikes(h: History, c: int, epochs: tuple[int, ...] = ()) -> tuple[bool, str]:
    """At each corrupted epoch the epoch's train loss is >= 2x the median of the two epochs either side of it."""
    tr = _a(h, "loss")
    ratios = []
    for e in epochs:
        around = np.concatenate([tr[max(e - 2, 0):e], tr[e + 1:e + 3]])
        ratios.append(float(tr[e] / np.median(around)))
    return bool(ratios) and min(ratios) >= 2.0, f"spike/neighbours at {epochs}: {[round(r, 1) for r in ratios]}"


def suspected_leakage(h: History, c: int) -> tuple[bool, str]:
    """Over the second half val accuracy >= 0.99 and val loss at most the train loss and below 0.05."""
    tr, va, av = _a(h, "loss"), _a(h, "val_loss"), _a(h, "val_accuracy")
    k = len(tr) // 2
    ok = bool(np.all(av[k:] >= 0.99) and np.all(va[k:] <= tr[k:]) and va[-1] < 0.05)
    return ok, f"second half: val acc min {av[k:].min():.3f}, val/train last {va[-1]:.3g}/{tr[-1]:.3g}"


def abnormal_initial_loss(h: History, c: int) -> tuple[bool, str]:
    """The first epoch's train loss is >= 5x ln C."""
    tr = _a(h, "loss")
    return tr[0] >= 5 * _chance_loss(c), f"first train loss {tr[0]:.3g} vs ln C {_chance_loss(c):.3g}"


def val_below_train(h: History, c: int) -> tuple[bool, str]:
    """Val loss below train loss on >= 80 % of epochs."""
    tr, va = _a(h, "loss"), _a(h, "val_loss")
    share = float(np.mean(va < tr))
    return share >= 0.8, f"val < train on {share:.0%} of epochs (last {va[-1]:.3g} vs {tr[-1]:.3g})"


def noisy_validation(h: History, c: int) -> tuple[bool, str]:
    """Over the second half, the spread of epoch-to-epoch relative val-loss changes is >= 3x that of the train loss."""
    tr, va = _a(h, "loss"), _a(h, "val_loss")
    k = len(tr) // 2
    sv, st = float(np.std(np.diff(np.log(va[k:])))), float(np.std(np.diff(np.log(tr[k:]))))
    return sv >= 3 * st, f"std of log-changes val {sv:.3f} vs train {st:.3f}"


def still_improving(h: History, c: int) -> tuple[bool, str]:
    """Val loss fell in each of the last 3 epochs and train loss fell >= 3 % in the last one."""
    tr, va = _a(h, "loss"), _a(h, "val_loss")
    ok = bool(np.all(np.diff(va[-4:]) < 0)) and tr[-1] <= 0.97 * tr[-2]
    return ok, f"val last 4 {np.round(va[-4:], 4).tolist()}, train {tr[-2]:.3g}->{tr[-1]:.3g}"


def loss_metric_disagreement(h: History, c: int) -> tuple[bool, str]:
    """Val accuracy ends >= 0.85 while val loss stays >= 0.5 ln C (a loss floor no confident model has)."""
    va, av = _a(h, "val_loss"), _a(h, "val_accuracy")
    return av[-1] >= 0.85 and va.min() >= 0.5 * _chance_loss(c), f"val acc {av[-1]:.3f}, val loss min {va.min():.3g}"


def generalization_gap(h: History, c: int) -> tuple[bool, str]:
    """Over the second half val loss >= 2x train loss and val accuracy >= 0.1 below train accuracy."""
    tr, va, a, av = _a(h, "loss"), _a(h, "val_loss"), _a(h, "accuracy"), _a(h, "val_accuracy")
    k = len(tr) // 2
    ok = bool(np.all(va[k:] >= 2 * tr[k:]) and np.all(av[k:] <= a[k:] - 0.1))
    return ok, f"last: val {va[-1]:.3g} vs train {tr[-1]:.3g}, acc {av[-1]:.3f} vs {a[-1]:.3f}"


def train_loss_rebound(h: History, c: int, restart: int = 0) -> tuple[bool, str]:
    """After the restart epoch the train loss rises to >= 2x its minimum before it and ends >= 1.5x that minimum."""
    tr = _a(h, "loss")
    low = float(tr[:restart].min())
    ok = tr[restart:].max() >= 2 * low and tr[-1] >= 1.5 * low
    return ok, f"min before restart {low:.3g}, max after {tr[restart:].max():.3g}, last {tr[-1]:.3g}"


CHECKS: dict[str, Check] = {f.__name__: f for f in (
    healthy, overfitting, underfitting, stuck_at_chance, loss_not_decreasing, nan_inf, divergence, plateau,
    oscillation, suspected_leakage, abnormal_initial_loss, val_below_train, noisy_validation, still_improving,
    loss_metric_disagreement, generalization_gap)}


def shows(fam: object, h: History, n_classes: int) -> tuple[bool, str]:
    """Run the family's construction check on its history."""
    name = getattr(fam, "shows")
    if name == "loss_spikes":
        return loss_spikes(h, n_classes, getattr(fam, "corrupt_epochs"))
    if name == "train_loss_rebound":
        return train_loss_rebound(h, n_classes, getattr(fam, "restart_epoch"))
    return CHECKS[name](h, n_classes)
