"""After release 14 (rules-z5): short excerpts with a problem get a note with its confidence instead of silence, one
principle per reading; healthy controls of the same length stay quiet."""
from __future__ import annotations

import numpy as np

from lossdoctor.config import Options
from lossdoctor.engine import diagnose_run
from lossdoctor.findings import Finding
from lossdoctor.model import Axis, Kind, Run, Series, Split


def _series(key: str, kind: Kind, split: Split, values: list[float], axis: Axis = Axis.EPOCH,
            steps: list[float] | None = None) -> Series:
    x = np.arange(1, len(values) + 1, dtype=float) if steps is None else np.asarray(steps, dtype=float)
    return Series(key, split, kind, axis, x, np.asarray(values, dtype=float))


def _findings(*series: Series) -> list[Finding]:
    return list(diagnose_run(Run("t", tuple(series)), Options()).findings)


def _named(name: str, *series: Series) -> Finding | None:
    return next((f for f in _findings(*series) if f.name == name), None)


# ---- abnormal_initial_loss: a loss exactly 0 from the start ------------------------------------------------------

def test_a_loss_exactly_zero_from_step_zero_gets_a_note() -> None:
    """TF-Slim Inception: 'train Loss : 0.000000, training accuracy : 1' at steps 0, 10, 20 (validation too): before
    any learning a model cannot be perfect. The rule needs 3 points and judged only a first loss too high: silent."""
    steps = [0.0, 10.0, 20.0]
    f = _named("abnormal_initial_loss",
               _series("train Loss", Kind.LOSS, Split.TRAIN, [0.0, 0.0, 0.0], Axis.STEP, steps),
               _series("training accuracy", Kind.ACCURACY, Split.TRAIN, [1.0, 1.0, 1.0], Axis.STEP, steps),
               _series("val Loss", Kind.LOSS, Split.VAL, [0.0, 0.0], Axis.STEP, [0.0, 20.0]))
    assert f is not None and f.severity.label == "info" and f.evidence["zero_points"] == 3
    assert f.confidence is not None and 0.3 <= f.confidence <= 0.5
    assert "exactly 0 from the start" in f.message.en and "恰好为 0" in f.message.zh
    assert f.causes[0].cause == "label_or_loss_misconfig"


def test_a_longer_zero_start_is_surer_but_stays_a_note() -> None:
    f = _named("abnormal_initial_loss", _series("loss", Kind.LOSS, Split.TRAIN, [0.0] * 12))
    assert f is not None and f.severity.label == "info" and f.confidence == 0.5


def test_a_placeholder_zero_before_real_values_is_no_zero_start() -> None:
    """minitorch prints 'loss 0' before its first epoch, then 33.5 32.9 32.4 ...: a logger's placeholder."""
    y = [0.0] + list(33.5 * np.exp(-np.arange(20) / 12.0) + 2.0)
    f = _named("abnormal_initial_loss", _series("loss", Kind.LOSS, Split.TRAIN, y))
    assert f is None or f.evidence.get("zero_points") is None


def test_an_ordinary_start_and_a_converged_tail_printed_as_zero_stay_quiet() -> None:
    """A healthy start near ln 10, and the tail of a fitted run pasted from epoch 60 whose loss prints as 0.0000:
    its first value is no initial loss."""
    rng = np.random.default_rng(5)
    y = list(2.3 * np.exp(-np.arange(15) / 5.0) + 0.05 + 0.01 * rng.standard_normal(15))
    assert _named("abnormal_initial_loss", _series("loss", Kind.LOSS, Split.TRAIN, y)) is None
    tail = _series("loss", Kind.LOSS, Split.TRAIN, [0.0] * 6, Axis.EPOCH, [60.0, 61.0, 62.0, 63.0, 64.0, 65.0])
    assert _named("abnormal_initial_loss", tail) is None

