"""The sixth-generation fault families (benchmarks/faults/families_v6.py): their labels use the contract's names, their
context uses real_runs/score.py's schema, and their construction checks tell a run that shows its fault from one
that does not (on hand-made histories; the generated runs are checked by check_families_v6.py)."""
from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT / "benchmarks" / "faults"))
sys.path.insert(0, str(ROOT / "benchmarks" / "real_runs"))

from checks_v6 import shows  # noqa: E402
from families_v6 import FAMILIES_V6, READER_FOR_V6, TRAINERS_V6, context  # noqa: E402
from family_contract import history  # noqa: E402

from lossdoctor.findings import CAUSES  # noqa: E402
from lossdoctor.rules import RULES  # noqa: E402

NAMES = {r.name for r in RULES}


def _fam(name: str) -> object:
    return next(f for f in FAMILIES_V6 if f.name == name)


def test_labels_use_contract_names_and_one_family_per_curve_finding() -> None:
    faults = [f for f in FAMILIES_V6 if not f.healthy]
    assert len([f for f in FAMILIES_V6 if f.healthy]) >= 14
    assert len({f.name for f in FAMILIES_V6}) == len(FAMILIES_V6)
    for f in FAMILIES_V6:
        assert f.trainer in TRAINERS_V6 and f.trainer in READER_FOR_V6, f.name
        assert {n for g in f.expect for n in g} | set(f.allow) <= NAMES, f.name
        assert set(f.causes) <= set(CAUSES), f.name
        assert f.healthy == (not f.expect), f.name
    primaries = {f.expect[0][0] for f in faults}
    assert len(primaries) == len(faults) == 17


def test_context_follows_the_real_runs_schema() -> None:
    from score import CONTEXT

    for f in FAMILIES_V6:
        ctx = context(f)
        assert set(ctx) == set(CONTEXT), f.name
        assert all(v is None or v in CONTEXT[k] for k, v in ctx.items()), (f.name, ctx)
    assert context(_fam("h6_forecast_tcn_mase_freeze_unfreeze_mlflow"))["fine_tune"] is True
    assert context(_fam("h6_survival_cox_mlp_earlystop_restore_logging"))["best_checkpoint"] is True



def test_healthy_check_needs_a_fall_and_a_flat_end() -> None:
    fam = _fam("h6_graphs_gcn_adagrad_kcsv")
    good = history([1.3, 0.8, 0.5, 0.4], [1.0, 0.7, 0.5, 0.45], [0.5, 0.8, 0.9, 0.92])
    assert shows(fam, good, 4)[0]
    assert not shows(fam, history([1.3, 1.2, 1.1, 1.0], [1.2, 1.1, 1.0, 1.0], [0.5, 0.8, 0.9, 0.92]), 4)[0]
    assert not shows(fam, history([1.3, 0.8, 0.5, 0.4], [1.0, 0.5, 0.6, 0.7], [0.5, 0.8, 0.9, 0.92]), 4)[0]
    cox = _fam("h6_survival_cox_mlp_earlystop_restore_logging")  # a 10 % fall is enough for Cox
    assert shows(cox, history([3.3, 3.0, 2.95], [3.2, 2.95, 2.94]), 1)[0]
    assert not shows(cox, history([3.3, 3.2, 3.15], [3.2, 3.1, 3.1]), 1)[0]


def test_chance_level_checks_take_the_task_chance() -> None:
    init = _fam("f6_init_temperature_0001_in_classifier_gcn_kv")  # chance ln 4
    assert shows(init, history([8.0, 2.0], [3.0, 1.0]), 4)[0]
    assert not shows(init, history([5.0, 2.0], [3.0, 1.0]), 4)[0]
    chance = _fam("f6_chance_prefetch_offbyone_labels_gcn_lcsv")
    ln4 = math.log(4)
    assert shows(chance, history([ln4] * 3, [ln4] * 3, [0.24, 0.27, 0.25]), 4)[0]
    assert not shows(chance, history([ln4] * 3, [ln4, 1.0, 0.8], [0.24, 0.5, 0.7]), 4)[0]
    disagree = _fam("f6_disagree_untrained_teacher_distill_lcsv")  # chance ln 6
    assert shows(disagree, history([1.6, 1.2], [1.3, 1.1], [0.8, 0.9]), 6)[0]
    assert not shows(disagree, history([1.6, 0.5], [1.3, 0.4], [0.8, 0.9]), 6)[0]


@pytest.mark.parametrize("name,restart_or_shard", [("f6_rebound_unfreeze_lr_x1000_forecast_tcn_logging", 4),
                                                   ("f6_spikes_label_columns_reordered_shard_jsonl", 5)])
def test_event_checks_look_at_the_injected_epoch(name: str, restart_or_shard: int) -> None:
    fam = _fam(name)
    flat = [1.0, 0.8, 0.7, 0.65, 0.6, 0.58, 0.56, 0.55, 0.54, 0.53, 0.52, 0.51, 0.5, 0.5, 0.5, 0.5]
    assert not shows(fam, history(flat, flat), 1)[0]
    bumped = list(flat)
    if name.startswith("f6_rebound"):
        bumped[restart_or_shard:] = [5.0] * (len(flat) - restart_or_shard)
    else:
        for e in fam.label_shard_epochs:  # type: ignore[attr-defined]
            bumped[e] = 3.0
    assert shows(fam, history(bumped, bumped), 1)[0]
