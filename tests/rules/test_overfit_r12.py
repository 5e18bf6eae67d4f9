"""Rule release 12, over-fitting at a glance: a short run's turn (4-9 evaluations) warns when a validation accuracy
falls with the validation loss; alone, the loss's turn stays a note (the tail of a converged run looks the same)."""
from __future__ import annotations

import numpy as np

from lossdoctor.config import Options
from lossdoctor.engine import diagnose_run
from lossdoctor.findings import Finding
from lossdoctor.model import Axis, Kind, Run, Series, Split


def _overfit(curves: dict[str, tuple[Kind, Split, list[float]]]) -> Finding | None:
    series = tuple(Series(k, split, kind, Axis.EPOCH, np.arange(1, len(v) + 1, dtype=float),
                          np.asarray(v, dtype=float)) for k, (kind, split, v) in curves.items())
    rep = diagnose_run(Run("t", series), Options())
    return next((f for f in rep.findings if f.name == "overfitting"), None)


# Keras epochs 4-10 of a longer run: validation loss bottoms at the 4th and climbs at every epoch after it, by under 1 %
# of its level (too little for the long-run turn), while training falls at each
LOSS = [55.8, 53.4, 51.1, 48.8, 46.7, 44.7, 42.7]
VAL = [26.45, 26.30, 26.21, 26.17, 26.18, 26.23, 26.32]


def test_a_clean_short_turn_warns_when_validation_accuracy_falls_with_it() -> None:
    """val_acc 0.59 at the best loss, then 0.56 0.53 0.50: the model gets worse on new data, not only more confident."""
    f = _overfit({"loss": (Kind.LOSS, Split.TRAIN, LOSS), "val_loss": (Kind.LOSS, Split.VAL, VAL),
                  "val_acc": (Kind.ACCURACY, Split.VAL, [0.40, 0.45, 0.55, 0.59, 0.56, 0.53, 0.50])})
    assert f is not None and f.evidence["pattern"] == "late_turn_excerpt" and f.severity.label == "warning"
    assert f.evidence["val_metric"] == "val_acc" and f.evidence["val_metric_trend_change"] < -0.01
    assert "val_acc fell with it" in f.message.en and "val_acc 也随之下降" in f.message.zh


def test_the_same_turn_stays_a_note_when_accuracy_holds_or_there_is_none() -> None:
    """Half a point lower (a BERT MNLI fine-tune's 0.851 -> 0.845) is within what a few evaluations move: the loss's
    turn alone cannot tell over-fitting from a converged tail; nor can it without any accuracy."""
    held = _overfit({"loss": (Kind.LOSS, Split.TRAIN, LOSS), "val_loss": (Kind.LOSS, Split.VAL, VAL),
                     "val_acc": (Kind.ACCURACY, Split.VAL, [0.40, 0.45, 0.55, 0.590, 0.588, 0.586, 0.585])})
    assert held is not None and held.evidence["pattern"] == "late_turn_excerpt" and held.severity.label == "info"
    alone = _overfit({"loss": (Kind.LOSS, Split.TRAIN, LOSS), "val_loss": (Kind.LOSS, Split.VAL, VAL)})
    assert alone is not None and alone.severity.label == "info" and "val_metric" not in alone.evidence


def test_an_error_rate_rising_with_the_turn_counts_as_the_accuracy_falling() -> None:
    f = _overfit({"loss": (Kind.LOSS, Split.TRAIN, LOSS), "val_loss": (Kind.LOSS, Split.VAL, VAL),
                  "error_rate": (Kind.ERROR_RATE, Split.VAL, [0.60, 0.55, 0.45, 0.41, 0.44, 0.47, 0.50])})
    assert f is not None and f.severity.label == "warning" and f.evidence["val_metric"] == "error_rate"
