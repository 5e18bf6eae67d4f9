"""Cause ranking on what the log shows (rules-y): a cause with evidence in the log is named, one without is not.

- a stall still running while the logged learning rate is cut again and again, down to 1% of its peak or less, is
  the schedule shrinking a step that no longer moves the loss: "learning rate too low" is named;
- loss spikes that recur at a fixed period come from something that recurs at that period (a shard, a batch, the
  epoch's data order): a training-step (data-loading) bug is named, before the optimiser's step size."""
from __future__ import annotations

import numpy as np

from lossdoctor import Options, diagnose_run
from lossdoctor.rules.loss_spikes import periodic

from _shapes import decay, findings, run_of


def _stall(n: int = 40, seed: int = 0) -> np.ndarray:
    """A loss that falls from ln(4) to 0.5 in ten epochs and then stays there (a 2.8x fall: no convergence)."""
    y = decay(n, 1.4, 0.5, tau=3)
    return y * (1 + 0.002 * np.random.default_rng(seed).standard_normal(n))


def _cut_every(n: int = 40, first: int = 12, every: int = 4) -> np.ndarray:
    """A ReduceLROnPlateau-like log: 1e-3, cut 10x every `every` epochs from `first` on."""
    k = np.maximum(0, (np.arange(n) - first) // every + 1) * (np.arange(n) >= first)
    return 1e-3 * 10.0 ** (-k.astype(np.float64))


def _causes(run) -> list[str]:  # type: ignore[no-untyped-def]
    return [c.cause for c in diagnose_run(run, Options()).causes]


def test_a_stall_while_the_schedule_cuts_the_lr_away_names_lr_too_low() -> None:
    run = run_of(loss=_stall(), lr=_cut_every())
    (f,) = findings("LD105", run)
    assert f.evidence["ongoing_at_end"] is True
    assert f.causes and f.causes[0].cause == "lr_too_low" and "cut" in f.causes[0].why.en
    assert "lr_too_low" in _causes(run)[:3]


def test_the_same_stall_at_a_constant_lr_does_not_blame_a_small_step() -> None:
    run = run_of(loss=_stall(), lr=np.full(40, 1e-3))
    (f,) = findings("LD105", run)
    assert "lr_too_low" not in {c.cause for c in f.causes}


def test_a_stall_cut_only_to_a_tenth_keeps_its_step_size_reading() -> None:
    lr = np.r_[np.full(20, 1e-3), np.full(20, 1e-4)]  # one decay to 10% of the peak: steps still move the weights
    (f,) = findings("LD105", run_of(loss=_stall(), lr=lr))
    assert "lr_too_low" not in {c.cause for c in f.causes}


def _spiky(at: list[int], n: int = 40) -> np.ndarray:
    y = decay(n, 2.0, 0.3, tau=6, noise=0.01, seed=1)
    y[at] *= 40.0
    return y


def test_spikes_at_a_fixed_period_name_the_data_before_the_step_size() -> None:
    run = run_of(loss=_spiky([10, 20, 30]))
    (f,) = findings("LD109", run)
    assert f.causes[0].cause == "training_step_bug" and "every 10 epoch" in f.causes[0].why.en
    assert "training_step_bug" in _causes(run)[:3]


def test_irregular_spikes_keep_the_optimiser_reading() -> None:
    (f,) = findings("LD109", run_of(loss=_spiky([7, 19, 36])))
    assert "training_step_bug" not in {c.cause for c in f.causes}
    assert f.causes[0].cause == "exploding_gradients"


def test_periodic_needs_three_evenly_spaced_positions() -> None:
    assert periodic(np.array([5.0, 10.0, 15.0]), 0.1)
    assert periodic(np.array([100.0, 200.0, 301.0, 400.0]), 0.1)
    assert not periodic(np.array([5.0, 10.0]), 0.1)
    assert not periodic(np.array([7.0, 19.0, 36.0]), 0.1)


def _levelled(n: int = 20) -> np.ndarray:
    """A 4-class cross-entropy that falls from 1.3 and levels off near 0.98 (71% of ln 4)."""
    return decay(n, 1.3, 0.98, tau=3, noise=0.003, seed=2)


def _acc(end: float, n: int = 20) -> np.ndarray:
    return end - (end - 0.5) * np.exp(-np.arange(n) / 3.0)


def test_a_high_accuracy_beside_a_loss_levelled_off_high_names_the_loss_before_capacity() -> None:
    run = run_of(loss=_levelled(), val_loss=_levelled() * 1.005, val_accuracy=_acc(0.95))
    (f,) = findings("LD102", run)
    assert f.causes[0].cause == "label_or_loss_misconfig" and "capped" in f.causes[0].why.en
    assert "label_or_loss_misconfig" in _causes(run)[:3]


def test_a_loss_that_follows_its_accuracy_keeps_the_capacity_reading() -> None:
    run = run_of(loss=_levelled(), val_loss=_levelled() * 1.005, val_accuracy=_acc(0.6))
    (f,) = findings("LD102", run)
    assert "label_or_loss_misconfig" not in {c.cause for c in f.causes}
    assert f.causes[0].cause == "model_too_small"


def test_capped_compares_the_right_class_probability_with_the_accuracy() -> None:
    from lossdoctor.rules.underfitting import capped

    assert capped(0.98, 0.95, 0.5)  # exp(-0.98) = 0.38 against 95% right
    assert not capped(0.42, 0.87, 0.5)  # a calibrated 87% model with hard mistakes: 0.66
    assert not capped(0.98, None, 0.5)


def _u_shape() -> np.ndarray:
    """A training loss that falls for 20 epochs and then climbs steadily to the end (the rebound tests' U)."""
    return np.r_[decay(20, 2.0, 0.3, tau=4), 0.3 + 0.04 * np.arange(1, 16)]


def test_a_training_climb_the_validation_loss_does_not_share_names_the_objective() -> None:
    val = decay(35, 2.1, 0.35, tau=4, noise=0.005, seed=4)
    (f,) = findings("LD110", run_of(loss=_u_shape(), val_loss=val))
    assert [c.cause for c in f.causes] == ["over_regularization"] and "validation loss held" in f.causes[0].why.en


def test_a_climb_both_losses_share_keeps_the_step_size_reading() -> None:
    (f,) = findings("LD110", run_of(loss=_u_shape(), val_loss=_u_shape() * 1.1))
    assert f.causes[0].cause == "lr_too_high" and "over_regularization" not in {c.cause for c in f.causes}


def _memorised(n: int = 60) -> tuple[np.ndarray, np.ndarray]:
    """A small training set memorised within a few epochs: training falls to ~0, validation starts beside it (no
    gap at the first evaluation) and then climbs from its best."""
    t = decay(n, 1.7, 1e-4, tau=1.5, noise=0.01, seed=5)
    v = 1.55 + 2.5 * (1 - np.exp(-np.arange(n) / 4.0)) + 0.1 * np.arange(n) / n
    return t, v * (1 + 0.002 * np.random.default_rng(6).standard_normal(n))


def test_a_gap_that_opened_after_the_first_evaluation_names_memorisation() -> None:
    t, v = _memorised()
    run = run_of(loss=t, val_loss=v)
    (f,) = findings("LD118", run)
    causes = [c.cause for c in f.causes]
    assert "insufficient_regularization" in causes and "memorised" in f.causes[
        causes.index("insufficient_regularization")].why.en
    assert "insufficient_regularization" in _causes(run)[:3]


def test_a_gap_there_from_the_first_evaluation_keeps_the_shift_reading_alone() -> None:
    t, v = _memorised()
    shifted = np.full(60, 4.2) * (1 + 0.002 * np.random.default_rng(7).standard_normal(60))
    (f,) = findings("LD118", run_of(loss=t, val_loss=shifted))
    assert f.causes[0].cause == "distribution_shift"
    assert "insufficient_regularization" not in {c.cause for c in f.causes}


def _leaky() -> tuple[np.ndarray, np.ndarray]:
    """Training and validation losses falling together to ~2e-4, validation below training (a set model whose inputs
    hold a header element equal to the label x 10, families v10's leak run)."""
    t = np.array([1.0145, 0.19071, 0.0142, 0.0039274, 0.0023198, 0.0015853, 0.001151, 0.00088006, 0.00069276,
                  0.00055975, 0.00046118, 0.00038636, 0.00032933, 0.00028298, 0.00024648])
    v = np.array([0.465, 0.035269, 0.0051665, 0.0026909, 0.0017763, 0.0012631, 0.00094228, 0.00073117, 0.00058521,
                  0.00047917, 0.0003994, 0.00033973, 0.00028992, 0.00025052, 0.00021868])
    return t, v


def test_a_perfect_validation_accuracy_beside_validation_below_training_names_a_leak() -> None:
    t, v = _leaky()
    run = run_of(loss=t, val_loss=v, val_accuracy=np.r_[0.82, np.ones(14)])
    (f,) = findings("LD114", run)
    leak = next(c for c in f.causes if c.cause == "data_leakage")
    assert leak.likelihood >= 0.45 and "1.000" in leak.why.en
    assert "data_leakage" in _causes(run)[:3]


def test_a_high_but_imperfect_validation_accuracy_names_no_leak() -> None:
    t, v = _leaky()
    (f,) = findings("LD114", run_of(loss=t, val_loss=v, val_accuracy=np.r_[0.82, np.full(14, 0.97)]))
    assert "data_leakage" not in {c.cause for c in f.causes}


def test_a_model_whose_lr_decayed_away_is_unconfident_not_capped() -> None:
    lr = 1e-3 * 0.2 ** np.arange(20)  # x0.2 per epoch: the steps stopped, the outputs stayed soft
    run = run_of(loss=_levelled(), val_loss=_levelled() * 1.005, val_accuracy=_acc(0.95), lr=lr)
    (f,) = findings("LD102", run)
    assert "label_or_loss_misconfig" not in {c.cause for c in f.causes}


def _creep(n: int = 50, seed: int = 3) -> dict[str, np.ndarray]:
    """The issue's slow steady decrease: a 10-class loss creeping from ln(10) down by 0.1 over 50 epochs, batch noise
    of 0.006 on each print (enough to break a smoothed curve's monotony), accuracy 0.10 -> 0.12."""
    g = np.random.default_rng(seed)
    t = np.arange(n) / (n - 1)
    return {"loss": np.log(10) - 0.1 * t + 0.006 * g.standard_normal(n),
            "accuracy": 0.10 + 0.02 * t + 0.004 * g.standard_normal(n)}


def test_a_noisy_slow_creep_under_a_small_logged_lr_names_lr_too_low_first() -> None:
    run = run_of(**_creep(), lr=np.full(50, 1e-5))
    (f,) = findings("LD104", run)
    assert f.causes[0].cause == "lr_too_low"
    assert {"training_step_bug", "bad_initialization"}.isdisjoint(c.cause for c in f.causes[:1])


def test_the_same_creep_at_an_ordinary_lr_keeps_the_flat_reading() -> None:
    (f,) = findings("LD104", run_of(**_creep(), lr=np.full(50, 1e-3)))
    assert f.causes[0].cause != "lr_too_low"  # a step of 1e-3 is not small: the creep is not the step size's fault
