"""After release 14 (rules-z4): an over-fit turn read at a glance is never silent. A held-out loss (or a validation
accuracy) that turned from its best and got worse at most evaluations since, beyond its own evaluation-to-evaluation
noise (a sign count and a robust trend against its uncertainty, not a % floor of its level), while the training loss
kept falling, is an over-fitting note - never a warning. Healthy controls of the same length stay quiet."""
from __future__ import annotations

import numpy as np

from lossdoctor.config import Options
from lossdoctor.engine import diagnose_run
from lossdoctor.findings import Finding
from lossdoctor.model import Axis, Kind, Run, Series, Split


def _series(key: str, kind: Kind, split: Split, values: np.ndarray) -> Series:
    steps = np.arange(1, len(values) + 1, dtype=float)
    return Series(key, split, kind, Axis.EPOCH, steps, np.asarray(values, dtype=float))


def _overfit(*series: Series) -> Finding | None:
    rep = diagnose_run(Run("t", tuple(series)), Options())
    return next((f for f in rep.findings if f.name == "overfitting"), None)


def _pretrain(n: int = 20, best: int = 10, rise: float = 0.002, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A small GPT pre-trained for n epochs: validation loss falling to its best at `best` (0-based), then creeping up
    by `rise` per epoch (+0.7 % over 9 epochs: under any % floor of the level); training loss falling all along."""
    rng = np.random.default_rng(seed)
    e = np.arange(n, dtype=float)
    train = 4.8 + 2.4 * np.exp(-e / 2.0) - 0.014 * e
    val = 5.47 + 1.3 * np.exp(-e / 1.6)
    val = np.where(e > best, val[best] + rise * np.clip(e - best, 0, None) ** 1.2, val) + rng.normal(0, 0.0004, n)
    return train, val


def test_a_pretraining_validation_loss_rising_0_7_percent_at_each_epoch_gets_a_note() -> None:
    train, val = _pretrain()
    f = _overfit(_series("train_loss", Kind.LOSS, Split.TRAIN, train), _series("val_loss", Kind.LOSS, Split.VAL, val))
    assert f is not None and f.severity.label == "info" and f.evidence["pattern"] == "glance_turn"
    assert f.evidence["best_epoch"] == 11.0 and f.evidence["evaluations_after_best"] == 9
    assert f.evidence["worse_steps"] > f.evidence["steps_counted"] / 2
    assert (f.evidence["held_out_at_end"] - f.evidence["held_out_at_best"]) / f.evidence["held_out_at_best"] < 0.03
    assert f.confidence is not None and f.confidence > 0.8  # 9 evaluations, a trend far beyond its uncertainty
    assert "val_loss was best at epoch 11" in f.message.en and "第 11 轮最佳" in f.message.zh


def test_a_validation_accuracy_that_peaked_while_training_loss_fell_20x_gets_a_note_without_a_validation_loss() -> None:
    """Only training loss and validation accuracy are logged: the accuracy peaks at epoch 4 and drifts down."""
    train = np.array([0.6359, 0.5212, 0.4257, 0.3154, 0.1854, 0.0883, 0.0434, 0.0328, 0.0253, 0.0165])
    acc = np.array([0.7056, 0.7498, 0.7474, 0.7604, 0.7562, 0.7510, 0.7368, 0.7418, 0.7298, 0.7286])
    f = _overfit(_series("Loss", Kind.LOSS, Split.TRAIN, train),
                 _series("Validation Accuracy", Kind.ACCURACY, Split.VAL, acc))
    assert f is not None and f.severity.label == "info" and f.evidence["held_out_series"] == "Validation Accuracy"
    assert f.evidence["best_epoch"] == 4.0 and f.evidence["held_out_at_end"] < 0.74
    assert "fell to" in f.message.en


def test_the_glance_note_is_never_a_warning_even_when_held_long_with_training_down_several_fold() -> None:
    """A CIFAR-10 run 60 evaluations past its best, validation up 1.6 % (under the long-run turn's 3 % of the best)
    while training falls 2x: a note, not a warning - healthy runs whose authors accept the shape look the same."""
    e = np.arange(100, dtype=float)
    train = 0.06 + 0.3 * np.exp(-e / 30.0)
    val = 0.36 + 0.05 * np.exp(-e / 8.0) + np.where(e > 40, 0.0001 * (e - 40), 0.0)
    val = val + np.random.default_rng(1).normal(0, 0.0005, e.size)
    f = _overfit(_series("loss", Kind.LOSS, Split.TRAIN, train), _series("val_loss", Kind.LOSS, Split.VAL, val))
    assert f is not None and f.evidence["pattern"] == "glance_turn" and f.severity.label == "info"
    assert f.evidence["evaluations_after_best"] >= 40


def test_healthy_controls_stay_quiet() -> None:
    """A converged run whose validation loss only jitters around its floor (a zig-zag: no sign majority, no trend), a
    validation loss still falling, and a turn while the training loss stood still give no glance note."""
    rng = np.random.default_rng(3)
    e = np.arange(30, dtype=float)
    train = 0.2 + 1.0 * np.exp(-e / 4.0)
    floor = 0.5 + 0.8 * np.exp(-e / 3.0)
    jitter = floor + np.where(e % 2 == 0, 0.004, -0.004) + rng.normal(0, 0.001, e.size)
    falling = 0.5 + 0.8 * np.exp(-e / 12.0) + rng.normal(0, 0.001, e.size)
    for val in (jitter, falling):
        f = _overfit(_series("loss", Kind.LOSS, Split.TRAIN, train), _series("val_loss", Kind.LOSS, Split.VAL, val))
        assert f is None or f.evidence.get("pattern") != "glance_turn"
    # the same small turn (+0.8 %) is a note while training falls, nothing while training stands still
    turn = 0.5 + 0.3 * np.exp(-e / 3.0) + np.where(e > 15, 0.0003 * (e - 15), 0.0) + rng.normal(0, 0.0003, 30)
    f = _overfit(_series("loss", Kind.LOSS, Split.TRAIN, train), _series("val_loss", Kind.LOSS, Split.VAL, turn))
    assert f is not None and f.evidence["pattern"] == "glance_turn" and f.severity.label == "info"
    flat_train = np.full(30, 0.2) + rng.normal(0, 0.002, 30)
    f = _overfit(_series("loss", Kind.LOSS, Split.TRAIN, flat_train), _series("val_loss", Kind.LOSS, Split.VAL, turn))
    assert f is None or f.evidence.get("pattern") != "glance_turn"


def test_a_validation_accuracy_still_at_a_new_best_at_the_end_keeps_the_loss_turn_quiet() -> None:
    """The model still improves at the task to the end: the loss rises from over-confidence, the rule's principle."""
    train, val = _pretrain()
    acc = np.linspace(0.70, 0.80, 20)
    f = _overfit(_series("train_loss", Kind.LOSS, Split.TRAIN, train), _series("val_loss", Kind.LOSS, Split.VAL, val),
                 _series("val_acc", Kind.ACCURACY, Split.VAL, acc))
    assert f is None or f.evidence.get("pattern") != "glance_turn"
