"""After release 20 (rules-z18): a note by policy that may warn on its evidence - a validation loss an order of
magnitude (10x) above the training loss from the start and still at the end (generalization_gap, pattern
"order_of_magnitude"). Its healthy twins - the same shape at 4x (a fine-tune's ordinary gap on a harder split), and
10x at the start closing to 3x by the end - stay notes.
"""
from __future__ import annotations

import numpy as np

from lossdoctor.findings import Severity

from _shapes import found, loud, run_of

N = 30
E = np.arange(N, dtype=float)
RNG = np.random.default_rng(18)
TRAIN = 0.05 + 0.25 * np.exp(-E / 3) + 0.002 * RNG.standard_normal(N)  # 0.30 -> 0.05, falling throughout


def _gap(ratio_start: float, ratio_end: float):
    """A validation loss `ratio_start` x the training loss at the start, `ratio_end` x at the end, moving with it
    (no over-fitting turn), with a little noise of its own."""
    ratio = np.linspace(ratio_start, ratio_end, N)
    val = ratio * (0.05 + 0.25 * np.exp(-E / 3)) * (1 + 0.01 * RNG.standard_normal(N))
    return run_of(loss=TRAIN, val_loss=val)


def test_validation_ten_times_training_from_start_to_end_warns() -> None:
    run = _gap(14.0, 12.0)
    f = found(run, "generalization_gap")
    assert f is not None and f.evidence["pattern"] == "order_of_magnitude"
    assert f.evidence["gap_share_of_val_early"] >= 0.9
    assert f.severity is Severity.WARNING and "generalization_gap" in loud(run)


def test_an_ordinary_gap_of_four_times_stays_a_note() -> None:
    """A healthy fine-tune (the whisper card: validation 4.1x training) shows a gap of this size."""
    run = _gap(4.5, 4.0)
    f = found(run, "generalization_gap")
    assert f is not None and "pattern" not in f.evidence
    assert f.severity is Severity.INFO and "generalization_gap" not in loud(run)


def test_ten_times_at_the_start_only_stays_a_note() -> None:
    """The order of magnitude must hold at the end too: a gap that closed to 3x is an ordinary one by then."""
    f = found(_gap(14.0, 3.0), "generalization_gap")
    assert f is None or ("pattern" not in f.evidence and f.severity is Severity.INFO)


# ---- noisy_validation: noise per evaluation as large as the whole improvement, to the end --------------------------

M = 24
X = np.arange(M, dtype=float)
SMOOTH_TRAIN = 0.3 + 0.9 * np.exp(-X / 5)  # 1.2 -> 0.31, smooth
ALTERNATE = np.where(np.arange(M) % 2 == 0, 1.0, -1.0)  # one evaluation up, the next down


def _noisy_val(swing_first: float, swing_second: float):
    """A validation loss that improves by about 0.2 (0.75 -> 0.55) and swings by `swing_*` around that trend in the
    first / second half of the run."""
    trend = 0.55 + 0.2 * np.exp(-X / 5)
    swing = np.where(X < M // 2, swing_first, swing_second) * ALTERNATE
    return run_of(loss=SMOOTH_TRAIN, val_loss=trend + swing)


def test_validation_swinging_by_its_whole_improvement_to_the_end_warns() -> None:
    run = _noisy_val(0.25, 0.25)
    f = found(run, "noisy_validation")
    assert f is not None and f.evidence["pattern"] == "noise_over_gain"
    assert f.evidence["val_noise_share_of_improvement"] >= 1.0 and f.evidence["val_noise_second_half"] > 0
    assert f.severity is Severity.WARNING and "noisy_validation" in loud(run)


def test_swings_that_calm_in_the_second_half_stay_a_note() -> None:
    """A high learning rate's swings that die out as it decays (the families' QHM knee run): the last evaluations
    pick a model, so it is a shape worth knowing, not a warning."""
    run = _noisy_val(1.0, 0.02)
    f = found(run, "noisy_validation")
    assert f is not None and f.evidence["val_noise_share_of_improvement"] >= 1.0  # over the run: as large as the gain
    assert f.evidence["val_noise_second_half"] < 0.2 * f.evidence["val_noise"] and f.evidence.get("pattern") is None
    assert "noisy_validation" not in loud(run)


def test_swings_of_half_the_improvement_stay_a_note() -> None:
    run = _noisy_val(0.08, 0.08)
    f = found(run, "noisy_validation")
    assert f is not None and f.evidence.get("pattern") is None and f.evidence["val_noise_share_of_improvement"] < 1
    assert "noisy_validation" not in loud(run)
