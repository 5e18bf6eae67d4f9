"""Rule release 10, the over-fit turn against the task metric: a validation loss that turned up while the metric the
run is selected on (accuracy, error rate, ROUGE, WER, ...) still reaches its best at the last evaluation is
over-confidence, a note; one whose metric improved after the turn and then fell back is a warning. Real card tables
copied from the opened corpus (tests/fixtures/opened_runs/SOURCES.md), with synthetic pairs beside them."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from lossdoctor.config import Options
from lossdoctor.engine import diagnose_run
from lossdoctor.findings import Finding
from lossdoctor.model import Axis, Kind, Run, Series, Split
from lossdoctor.readers import read

OPENED = Path(__file__).parents[1] / "fixtures" / "opened_runs"


def _overfitting(run: Run) -> Finding | None:
    rep = diagnose_run(run, Options())
    return next((f for f in rep.findings if f.name == "overfitting"), None)


def test_a_turn_while_the_task_metric_is_still_at_its_best_at_the_end_is_a_note() -> None:
    """T5-3B published as a paper's system: validation loss best 0.760 at step 6000, 0.84 after it, while ROUGE-1
    reaches 41.96 at the last evaluation (41.64 before the turn). The model still improved at the task to the end: a
    note with the metric's numbers, not a warning."""
    f = _overfitting(read(OPENED / "card-t5-3b-figlang2022-flute-system1.md")[0])
    assert f is not None and f.severity.label == "info"
    assert f.evidence["task_metric"].lower().startswith("rouge")
    assert f.evidence["task_metric_best_after"] > f.evidence["task_metric_best_before"]
    assert "still reached a better best" in f.message.en


def test_a_turn_whose_metric_improved_then_fell_back_still_warns() -> None:
    """Whisper-tiny on Tatar: validation loss 0.49 -> 0.67 after step 1500, WER best 49.23 at step 2000 and back to
    50.67 at the end: the metric stopped improving, the turn hurts the task too."""
    f = _overfitting(read(OPENED / "card-whisper-tiny-tatar-val-loss-rises.md")[0])
    assert f is not None and f.severity.label == "warning"
    assert "task_metric" not in f.evidence


def _turn_run(metric: np.ndarray, kind: Kind) -> Run:
    n = metric.size
    steps = np.arange(1, n + 1, dtype=float)
    t = np.linspace(1.0, 0.05, n)
    v = np.concatenate([np.linspace(0.9, 0.5, n // 2), np.linspace(0.52, 0.9, n - n // 2)])
    return Run("t", (Series("train_loss", Split.TRAIN, Kind.LOSS, Axis.EPOCH, steps, t),
                     Series("val_loss", Split.VAL, Kind.LOSS, Axis.EPOCH, steps, v),
                     Series("val_metric", Split.VAL, kind, Axis.EPOCH, steps, metric)))


def test_an_error_metric_falling_to_the_end_makes_the_turn_a_note_and_one_that_rises_back_does_not() -> None:
    """The same loss turn twice: a WER-like error falling to its best at the end (note), then one that bottoms at the
    middle and climbs back (warning). Direction comes from the metric's kind."""
    n = 20
    falling = np.linspace(0.6, 0.3, n)
    f = _overfitting(_turn_run(falling, Kind.ERROR))
    assert f is not None and f.severity.label == "info"
    back = np.concatenate([np.linspace(0.6, 0.3, 14), np.linspace(0.32, 0.45, n - 14)])
    f = _overfitting(_turn_run(back, Kind.ERROR))
    assert f is not None and f.severity.label == "warning"


def test_a_loss_only_snapshot_with_a_held_out_loss_100x_the_training_loss_is_overfitting() -> None:
    """Dive into Deep Learning's two-sample cubic fit, final epoch only: train loss 1.20, test loss 166 (139x). No
    accuracy to compare, one point: a low-confidence warning that says more epochs would settle it."""
    run = read(OPENED / "nb-d2l-pytorch-3-11-two-samples-overfitting.log")[0]
    f = _overfitting(run)
    assert f is not None and f.severity.label == "warning" and f.confidence < 0.5
    assert f.evidence["pattern"] == "loss_snapshot" and f.evidence["val_over_train_ratio"] > 100
    assert "would settle it" in f.message.en


def test_a_blow_up_beside_an_error_rate_is_not_an_overfit_snapshot() -> None:
    """fast.ai's 'learning rate too high' epoch: valid_loss 1.1e9 against train_loss 12.2 with an error rate of 0.77.
    A classifier's metric is logged, so the loss ratio alone does not read over-fitting."""
    assert _overfitting(read(OPENED / "nb-fastai-v3-bears-lr-too-high-valid-1e9.log")[0]) is None


def test_a_loss_only_snapshot_with_a_held_out_loss_a_few_times_the_training_loss_is_not_overfitting() -> None:
    """A regression's last epoch with validation 20x training: a gap, not two orders of magnitude."""
    steps = np.array([1.0, 2.0])
    run = Run("t", (Series("train_loss", Split.TRAIN, Kind.LOSS, Axis.EPOCH, steps, np.array([0.02, 0.01])),
                    Series("val_loss", Split.VAL, Kind.LOSS, Axis.EPOCH, steps, np.array([0.25, 0.2]))))
    assert _overfitting(run) is None


def _rebound(loss: np.ndarray) -> Finding | None:
    steps = np.arange(1, loss.size + 1, dtype=float)
    run = Run("t", (Series("train_loss", Split.TRAIN, Kind.LOSS, Axis.EPOCH, steps, loss),))
    rep = diagnose_run(run, Options())
    return next((f for f in rep.findings if f.name == "train_loss_rebound"), None)


def test_a_loss_frozen_at_chance_wandering_inside_its_band_is_no_rebound() -> None:
    """The v8 hashing trick with 2 buckets: the loss sits at ln 4 = 1.386, 'gains' 1.2 % and gives a fifth of it back.
    It never made progress to give back (10 % below its level is where loss_not_decreasing's flat band ends)."""
    loss = np.array([1.397, 1.392, 1.389, 1.387, 1.385, 1.383, 1.381, 1.3801, 1.381, 1.382, 1.383, 1.3838])
    assert _rebound(loss) is None


def test_a_rebound_above_where_the_loss_started_still_counts_however_small_the_gain() -> None:
    """A fine-tune that starts near its floor: 1.00 -> 0.95, then back up to 1.10 (beyond its start): the climb gives
    back more than it gained, a rebound whatever the size of the gain before it."""
    loss = np.concatenate([np.linspace(1.0, 0.95, 8), np.linspace(0.97, 1.10, 6)])
    assert _rebound(loss) is not None


def test_the_task_metric_note_is_measured_from_the_best_point_the_finding_names() -> None:
    """The metric's 'best before / best after' are measured once (a field of the rule's evidence) from the one best
    point of the validation loss, so the explanation cannot quote numbers from another point than the verdict used:
    on the T5-3B card, the best before is the metric's best up to the finding's own best step, the best after its
    best past it."""
    run = read(OPENED / "card-t5-3b-figlang2022-flute-system1.md")[0]
    f = _overfitting(run)
    assert f is not None and f.severity.label == "info"
    best_key = next(k for k in f.evidence if k.startswith("best_"))
    best_x = f.evidence[best_key]
    s = next(s for s in run.series if s.key == f.evidence["task_metric"])
    ok = np.isfinite(s.values)
    x, y = s.steps[ok], s.values[ok]
    assert f.evidence["task_metric_best_before"] == float(np.max(y[x <= best_x]))
    assert f.evidence["task_metric_best_after"] == float(np.max(y[x > best_x]))
