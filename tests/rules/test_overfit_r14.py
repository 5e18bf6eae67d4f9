"""Rule release 14, over-fitting by the practitioner's principle: the validation loss turned up from its best and
stays above it, far beyond its own evaluation noise, while the training loss keeps falling. A gap between the splits
that was there from the start (generalization_gap) does not explain that turn away: both are reported, and the turn
warns. A short run's finding says how many evaluations were seen and what more would settle it."""
from __future__ import annotations

import numpy as np

from lossdoctor.config import Options
from lossdoctor.engine import diagnose_run
from lossdoctor.findings import Finding
from lossdoctor.model import Axis, Kind, Run, Series, Split


def _report(curves: dict[str, tuple[Kind, Split, np.ndarray]]) -> dict[str, Finding]:
    series = tuple(Series(k, split, kind, Axis.EPOCH, np.arange(1, len(v) + 1, dtype=float), np.asarray(v, float))
                   for k, (kind, split, v) in curves.items())
    return {f.name: f for f in diagnose_run(Run("t", series), Options()).findings}


def _gap_run(rise_per_epoch: float, seed: int = 7) -> dict[str, Finding]:
    """40 epochs of a regression whose validation split sits far above training from the first epoch (a split
    that differs: the gap is 2.2 at the start), validation bottoming at epoch 12 and then climbing by
    `rise_per_epoch` an epoch on top of that gap while the training loss keeps falling 0.75 -> 0.05."""
    rng = np.random.default_rng(seed)
    e = np.arange(1, 41, dtype=float)
    train = 0.8 * np.exp(-e / 8) + 0.04 + 0.004 * rng.standard_normal(e.size)
    val = 3.0 - 0.45 * (1 - np.exp(-e / 4)) + rise_per_epoch * np.clip(e - 12, 0, None) \
        + 0.02 * rng.standard_normal(e.size)
    return _report({"loss": (Kind.LOSS, Split.TRAIN, train), "val_loss": (Kind.LOSS, Split.VAL, val)})


def test_a_turn_on_top_of_a_gap_from_the_start_warns_beside_the_gap() -> None:
    """Validation 2.55 at epoch 12 -> 3.0 at epoch 40 (20+ noise levels) while training falls 0.2 -> 0.05: the model
    gets worse on new data, whatever gap the splits had from the first epoch. Before release 14 the gap note
    explained the turn away and it was a note."""
    found = _gap_run(0.016)
    f = found.get("overfitting")
    assert f is not None and f.severity.label == "warning" and f.explained_by is None
    assert f.evidence["pattern"] == "rising" and f.evidence["val_loss_at_end"] > f.evidence["val_loss_at_best"] + 0.3
    gap = found.get("generalization_gap")
    assert gap is not None and gap.severity.label == "info"  # the split gap is still reported, as a note


def test_a_gap_from_the_start_without_a_turn_is_only_the_gap() -> None:
    """The same splits with validation levelling off and staying flat: no turn, so no over-fitting finding; the gap
    from the start stays a note (splits that differ are not over-fitting)."""
    found = _gap_run(0.0)
    assert "overfitting" not in found or found["overfitting"].severity.label == "info"
    assert found.get("generalization_gap") is not None
    assert all(f.severity.label == "info" for f in found.values())


def _turn(n: int) -> dict[str, Finding]:
    """A Keras classifier whose validation loss bottoms at 60 % of the run and climbs 30 % above its best while the
    training loss falls at every epoch: the plain turn, over `n` epochs."""
    e = np.arange(n, dtype=float)
    b = int(0.6 * n)
    train = 1.2 * np.exp(-e / (0.4 * n)) + 0.05
    val = np.where(e <= b, 1.3 - 0.6 * e / b, 0.7 + 0.21 * (e - b) / max(n - 1 - b, 1))
    return _report({"loss": (Kind.LOSS, Split.TRAIN, train), "val_loss": (Kind.LOSS, Split.VAL, val)})


def test_a_short_runs_turn_says_how_many_evaluations_were_seen_and_what_would_settle_it() -> None:
    short = _turn(8)["overfitting"]
    assert short.evidence["pattern"] == "rising"
    assert "Only 8 epochs seen" in short.message.en and "would settle it" in short.message.en
    assert "只看到 8" in short.message.zh
    long = _turn(30)["overfitting"]
    assert long.evidence["pattern"] == "rising" and long.severity.label == "warning"
    assert "seen (low confidence)" not in long.message.en  # enough was seen: nothing more to ask for


def test_the_readings_benchmark_switches_off_functions_the_rule_has() -> None:
    """benchmarks/overfitting_readings.py switches each reading off by name: a renamed reading must fail here, not
    leave the benchmark measuring nothing. Switched off, the opposite reading no longer warns a 3-epoch excerpt whose
    validation loss rises 0.70 -> 1.10 while training falls 0.60 -> 0.20."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    import overfitting_readings as bench

    LD101 = bench.LD101
    assert all(callable(getattr(LD101, attr, None)) for attr in bench.READINGS.values())
    e = np.arange(1.0, 4.0)
    run = Run("t", (Series("loss", Split.TRAIN, Kind.LOSS, Axis.EPOCH, e, np.array([0.6, 0.35, 0.2])),
                    Series("val_loss", Split.VAL, Kind.LOSS, Axis.EPOCH, e, np.array([0.7, 0.85, 1.1]))))
    assert bench.verdict(run, None) == "warning"
    keep = LD101._opposite_numbers
    LD101._opposite_numbers = lambda *a, **kw: None
    try:
        assert bench.verdict(run, None) != "warning"
    finally:
        LD101._opposite_numbers = keep
