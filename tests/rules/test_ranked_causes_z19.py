"""The ranked causes (rules-z19): each principle moves the cause on a run that shows its evidence, and its twin without
that evidence keeps the old ranking.

- a training loss creeping down at ln(C) while the validation loss does not fall at all is learning that does not carry
  over (labels apart from their inputs), not steps too small, which slow both losses alike;
- a finding explained by another still names the cause when its evidence says no weight is updated;
- a validation loss far below training beside a validation accuracy no higher than training is a difference of scale
  (a measurement), not dropout, which lifts the validation accuracy too;
- a loss at ln(C) still falling against its noise under a logged learning rate of 1e-4 or less ranks the step size
  above dead units, a bad initialisation or a step that never runs."""
from __future__ import annotations

import numpy as np

from lossdoctor import Options, diagnose_run
from lossdoctor.differential import rank_causes
from lossdoctor.findings import Cause, Finding, Severity
from lossdoctor.i18n import Text

from _shapes import findings, run_of

LN4 = float(np.log(4))


def _causes(run) -> list[str]:  # type: ignore[no-untyped-def]
    return [c.cause for c in diagnose_run(run, Options()).causes]


def _creep(n: int = 12) -> np.ndarray:
    """A 4-class cross-entropy creeping down from ln 4 at the same pace to the end (1.389 -> 1.371)."""
    return LN4 + 0.003 - 0.0016 * np.arange(n) + 0.0004 * np.random.default_rng(3).standard_normal(n)


def _val(fall: float, n: int = 12) -> np.ndarray:
    return LN4 + 0.003 - fall * np.arange(n) / (n - 1) + 0.002 * np.random.default_rng(4).standard_normal(n)


def test_a_creep_the_validation_loss_does_not_follow_names_the_labels_first() -> None:
    run = run_of(loss=_creep(), val_loss=_val(-0.004))
    (f,) = findings("LD104", run)
    assert f.evidence["shape"] == "creep_without_validation"
    assert f.causes[0].cause == "label_or_loss_misconfig" and "val_loss" in f.causes[0].why.en
    assert _causes(run)[0] == "label_or_loss_misconfig"


def test_the_same_creep_with_the_validation_loss_falling_too_keeps_the_step_size_first() -> None:
    run = run_of(loss=_creep(), val_loss=_val(0.018))
    (f,) = findings("LD104", run)
    assert f.evidence["shape"] == "slow_creep" and f.causes[0].cause == "lr_too_low"


def test_a_creep_under_a_small_logged_lr_keeps_the_step_size_first_whatever_validation_does() -> None:
    run = run_of(loss=_creep(), val_loss=_val(-0.004), lr=np.full(12, 1e-5))
    (f,) = findings("LD104", run)
    assert f.causes[0].cause == "lr_too_low"


def _finding(name: str, severity: Severity, causes: tuple[tuple[str, float], ...], explained_by: str | None = None,
             **evidence: object) -> Finding:
    return Finding(code="LD0", name=name, severity=severity, message=Text("m", "m"), evidence=evidence,
                   causes=tuple(Cause(c, p, Text("w", "w")) for c, p in causes), explained_by=explained_by)


LEAD = _finding("stuck_at_chance", Severity.ERROR, (("dead_relu", 0.4), ("label_or_loss_misconfig", 0.35),
                                                   ("training_step_bug", 0.25)))


def test_an_explained_finding_with_evidence_of_no_update_names_its_cause() -> None:
    frozen = _finding("loss_not_decreasing", Severity.INFO, (("training_step_bug", 0.7),), "stuck_at_chance",
                      no_update=True)
    ranked = rank_causes([LEAD, frozen])
    assert ranked[0].cause == "training_step_bug"
    assert ranked[0].findings == ("stuck_at_chance", "loss_not_decreasing")


def test_that_evidence_counts_as_a_note_and_does_not_outrank_the_leads_own_reading() -> None:
    lead = _finding("stuck_at_chance", Severity.ERROR, (("lr_too_high", 0.7), ("label_or_loss_misconfig", 0.2)))
    frozen = _finding("loss_not_decreasing", Severity.INFO, (("training_step_bug", 0.7),), "stuck_at_chance",
                      no_update=True)
    ranked = [r.cause for r in rank_causes([lead, frozen])]
    assert ranked[:2] == ["lr_too_high", "training_step_bug"]


def test_an_explained_finding_without_that_evidence_stays_silent() -> None:
    flat = _finding("loss_not_decreasing", Severity.INFO, (("training_step_bug", 0.7),), "stuck_at_chance",
                    no_update=False)
    ranked = rank_causes([LEAD, flat])
    assert ranked[0].cause == "dead_relu"
    assert dict((r.cause, r.likelihood) for r in ranked)["training_step_bug"] == 0.25


def _fit(n: int = 16) -> np.ndarray:
    """A training loss that falls from 1.23 and levels off at 0.08 (converged: nothing else to report)."""
    return 1.15 * np.exp(-np.arange(n) / 2.0) + 0.08 + 0.002 * np.random.default_rng(6).standard_normal(n)


def _acc(n: int = 16, lift: float = 0.0) -> np.ndarray:
    return np.clip(0.55 + 0.44 * (1 - np.exp(-np.arange(n) / 2.5)) + lift, 0, 1)


def test_a_validation_loss_on_another_scale_with_no_accuracy_gap_is_a_measurement() -> None:
    run = run_of(loss=_fit(), val_loss=_fit() / 50, accuracy=_acc(), val_accuracy=_acc(lift=-0.005))
    (f,) = findings("LD114", run)
    assert f.causes[0].cause == "measurement_offset" and "no higher" in f.causes[0].why.en
    assert _causes(run)[0] == "measurement_offset"


def test_the_same_gap_with_validation_accuracy_above_training_keeps_regularisation() -> None:
    run = run_of(loss=_fit(), val_loss=_fit() * 0.6, accuracy=_acc(lift=-0.04), val_accuracy=_acc())
    (f,) = findings("LD114", run)
    assert f.causes[0].cause == "regularization_only_in_training"


def test_a_small_gap_with_no_accuracy_gap_keeps_regularisation() -> None:
    run = run_of(loss=_fit(), val_loss=_fit() * 0.85, accuracy=_acc(), val_accuracy=_acc(lift=-0.005))
    (f,) = findings("LD114", run)
    assert f.causes[0].cause != "measurement_offset" or f.causes[0].likelihood < 0.6


def _settling(n: int = 40) -> np.ndarray:
    """At ln 4 from the first epoch, falling by 0.2% of it and slowing: a trend (t << -2), never a creep to the end."""
    rng = np.random.default_rng(5)
    return LN4 + 0.0005 - 0.003 * (1 - np.exp(-np.arange(n) / 10.0)) + 0.0002 * rng.standard_normal(n)


def test_a_loss_still_falling_at_ln_c_under_a_small_logged_lr_names_the_step_size_first() -> None:
    run = run_of(loss=_settling(), lr=np.full(40, 1e-5))
    (f,) = findings("LD104", run)
    assert f.causes[0].cause == "lr_too_low" and "1e-05" in f.causes[0].why.en
    assert {c.cause: c.likelihood for c in f.causes}["training_step_bug"] <= 0.25


def test_the_same_loss_under_an_ordinary_lr_keeps_its_reading() -> None:
    run = run_of(loss=_settling(), lr=np.full(40, 1e-3))
    (f,) = findings("LD104", run)
    assert f.causes[0].cause != "lr_too_low"
    assert "lr_too_low" not in {c.cause for c in f.causes[:3]}


def _reset(n: int = 15, at: int = 10) -> np.ndarray:
    """A loss that falls from 1.15 to ~0.13 in ten epochs, then goes back to its first level in one step and falls
    again (a resume that started from fresh weights)."""
    first = 1.15 * np.exp(-np.arange(at) / 3.0) + 0.1
    again = 1.2 * np.exp(-np.arange(n - at) / 3.0) + 0.1
    return np.r_[first, again] * (1 + 0.01 * np.random.default_rng(7).standard_normal(n))


def test_a_one_step_return_to_the_first_loss_names_weights_that_started_over() -> None:
    run = run_of(loss=_reset())
    (f,) = findings("LD110", run)
    assert f.causes[0].cause == "training_step_bug" and "started over" in f.causes[0].why.en
    assert f.evidence["started_over_epoch"] == 10
    assert "training_step_bug" in _causes(run)[:3]


def test_the_same_jump_where_the_logged_lr_was_raised_keeps_the_step_size() -> None:
    lr = np.r_[np.full(10, 1e-3), np.full(5, 1e-1)]
    (f,) = findings("LD110", run_of(loss=_reset(), lr=lr))
    assert f.causes[0].cause == "lr_too_high" and "started_over_epoch" not in f.evidence


def test_a_climb_over_several_epochs_keeps_the_step_size() -> None:
    y = np.r_[1.15 * np.exp(-np.arange(10) / 3.0) + 0.1, [0.3, 0.5, 0.75, 0.95, 0.9]]
    (f,) = findings("LD110", run_of(loss=y))
    assert f.causes[0].cause == "lr_too_high"
