"""Causes of a model whose output never depended on its input, on real logs of the third family generation
(tests/fixtures/families_v3, scripts/fixtures/gen_families_v3.py)."""
from __future__ import annotations

from pathlib import Path

import lossdoctor

FAM = Path(__file__).resolve().parents[1] / "fixtures" / "families_v3"


def _report(run_id: str) -> lossdoctor.Report:
    log = FAM / run_id / "log"
    csvs = sorted(log.rglob("*.csv")) + sorted(log.glob("train.log"))
    return lossdoctor.diagnose(csvs[0])


def _chance(rep: lossdoctor.Report) -> lossdoctor.Finding:
    return next(f for f in rep.findings if f.name == "stuck_at_chance")


def test_loss_held_above_the_class_prior_is_a_step_that_updates_nothing() -> None:
    # zero_grad() between backward() and step(): the loss stays at its first value (0.676), above the entropy of the
    # class shares (0.619) that the output bias alone would reach, beside an accuracy at the majority share
    rep = _report("f3_flat_zero_grad_bug_unet_tutorial-s0")
    f = _chance(rep)
    assert f.causes[0].cause == "training_step_bug" and "above" in f.causes[0].why.en
    assert [c.cause for c in rep.causes[:1]] == ["training_step_bug"]
    assert "class_imbalance" in [c.cause for c in f.causes]  # still named, below the step bug


def test_ln_c_from_the_first_epoch_ranks_the_step_and_the_inputs_before_dead_units() -> None:
    # every input zeroed: ln(4) from epoch 0 to the end, never below
    rep = _report("f3_chance_zeroed_inputs_depthwise_lcsv-s0")
    causes = [c.cause for c in _chance(rep).causes]
    assert causes[:2] == ["training_step_bug", "label_or_loss_misconfig"] and "dead_relu" in causes
    assert {"training_step_bug", "label_or_loss_misconfig"} & {c.cause for c in rep.causes[:3]}
