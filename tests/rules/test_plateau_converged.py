"""Rule release after 11 (rules-s): a flat END after the loss fell by an order of magnitude is convergence, not a
plateau. A person calls such a run "converged"; a flat stretch at a high level, one that began in the first fifth of
the run, or one that a later drop ended is still a plateau. Real logs from the dev corpus (tests/fixtures/opened_runs/
SOURCES.md), with synthetic curves beside them."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from lossdoctor.readers import read

from _shapes import findings, run_of

OPENED = Path(__file__).parents[1] / "fixtures" / "opened_runs"


def _fall_then_flat(fall_share: float, n: int = 100, start: float = 2.3, floor: float = 0.05) -> np.ndarray:
    """A loss falling geometrically from `start` to `floor` over the first `fall_share` of the run, then flat (with a
    little noise) at the floor."""
    k = max(2, int(fall_share * n))
    rng = np.random.default_rng(0)
    flat = floor * (1 + 0.02 * rng.standard_normal(n - k))
    return np.r_[np.geomspace(start, floor, k), flat]


def test_a_flat_end_after_an_order_of_magnitude_fall_is_convergence() -> None:
    """2.3 -> 0.05 over the first 40 % of the run, then flat at the best: converged, no plateau note."""
    assert not findings("LD105", run_of(loss=_fall_then_flat(0.4)))


def test_a_flat_end_high_above_a_tenth_of_the_start_stays_a_plateau() -> None:
    """2.3 -> 0.8 and then flat for 60 % of the run: the loss stopped far above where it could go."""
    (f,) = findings("LD105", run_of(loss=_fall_then_flat(0.4, floor=0.8)))
    assert f.evidence["ongoing_at_end"] is True


def test_a_run_that_stopped_learning_in_its_first_points_stays_a_plateau() -> None:
    """The fall made in the first 8 % of the run and nothing after it for 92 %: the run stopped learning early."""
    (f,) = findings("LD105", run_of(loss=_fall_then_flat(0.08)))
    assert f.evidence["ongoing_at_end"] is True and f.evidence["share_of_run"] > 0.8


def test_an_end_risen_off_its_best_on_its_own_scale_is_not_settled() -> None:
    """2.3 -> 1e-6 and then a climb to 1e-3: nothing against the whole drop, but a 1000x rise on the loss's own scale
    is no settled end, so the note stays."""
    y = np.r_[np.geomspace(2.3, 1e-6, 40), np.geomspace(1e-6, 1e-3, 60)]
    assert findings("LD105", run_of(loss=y))


def test_homl_digit_comparison_converged_run_gets_no_plateau() -> None:
    """handson-ml ch. 11: train loss 0.69 -> ~0.02 over 100 epochs, flat at its best for the last 40 %, test accuracy
    97.6 % ("not too bad"): converged."""
    run = read(OPENED / "nb-homl1-digit-comparison-train-loss.log")[0]
    assert not findings("LD105", run)


def test_minivggnet_stagnating_after_a_fast_lr_drop_keeps_its_plateau() -> None:
    """QuickNS step-decay notebook: "the accuracy and loss pretty much stagnate after epoch 15" - the loss flattens
    at about a third of its start, not a tenth: still a plateau."""
    run = read(OPENED / "nb-quickns-minivggnet-step-decay-fast-drop-stagnates.log")[0]
    (f,) = findings("LD105", run)
    assert f.evidence["ongoing_at_end"] is True
