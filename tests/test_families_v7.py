"""The seventh-generation fault families (benchmarks/faults/families_v7.py): their labels use the contract's names,
their context uses real_runs/score.py's schema, and their construction checks tell a run that shows its fault from one
that does not (on hand-made histories; the generated runs are checked by check_families_v7.py)."""
from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT / "benchmarks" / "faults"))
sys.path.insert(0, str(ROOT / "benchmarks" / "real_runs"))

from checks_v7 import shows  # noqa: E402
from families_v7 import FAMILIES_V7, READER_FOR_V7, TRAINERS_V7, context  # noqa: E402
from family_contract import context_problems, history, label_problems  # noqa: E402
from trainers_v7 import WRITERS  # noqa: E402


def _fam(name: str) -> object:
    return next(f for f in FAMILIES_V7 if f.name == name)


def test_labels_use_contract_names_and_one_family_per_curve_finding() -> None:
    assert not label_problems(FAMILIES_V7, TRAINERS_V7, READER_FOR_V7, WRITERS)


def test_context_follows_the_real_runs_schema() -> None:
    from score import CONTEXT

    assert not context_problems(FAMILIES_V7, context, CONTEXT)
    assert context(_fam("h7_digits_mlp_finetune_pretrained_hfstdout"))["fine_tune"] is True
    assert context(_fam("h7_huber_mlp_earlystop_restore_pipe"))["best_checkpoint"] is True
    assert context(_fam("h7_seqs_lstm_lm_adam_clip_lcsv"))["task"] == "language_model"
    assert context(_fam("h7_vae_elbo_digits_adam_hfstate"))["loss"] == "sum_of_terms"



def test_healthy_checks_need_a_fall_and_a_flat_end() -> None:
    fam = _fam("h7_sets_attnpool_adamw_invsqrt_jsonl")
    assert shows(fam, history([1.3, 0.8, 0.5, 0.4], [1.0, 0.7, 0.5, 0.45], [0.5, 0.8, 0.9, 0.92]), 4)[0]
    assert not shows(fam, history([1.3, 1.2, 1.1, 1.0], [1.2, 1.1, 1.0, 1.0], [0.5, 0.8, 0.9, 0.92]), 4)[0]
    assert not shows(fam, history([1.3, 0.8, 0.5, 0.4], [1.0, 0.5, 0.6, 0.7], [0.5, 0.8, 0.9, 0.92]), 4)[0]
    floor = _fam("h7_huber_mlp_adamax_onecycle_karpathy")  # a floor: a 25 % fall is enough
    assert shows(floor, history([1.0, 0.8, 0.7], [0.9, 0.75, 0.72]), 1)[0]
    assert not shows(floor, history([1.0, 0.9, 0.85], [0.9, 0.85, 0.84]), 1)[0]


def test_chance_level_checks_take_the_task_chance() -> None:
    init = _fam("f7_init_head_std10_sqhinge_wide_kv")  # squared hinge at zero scores: 4/5
    assert shows(init, history([4.5, 0.9], [3.0, 0.8]), 5)[0]
    assert not shows(init, history([3.5, 0.9], [3.0, 0.8]), 5)[0]
    chance = _fam("f7_chance_inputs_labels_shuffled_apart_mlp_tsv")
    ln5 = math.log(5)
    assert shows(chance, history([ln5] * 3, [ln5] * 3, [0.19, 0.22, 0.2]), 5)[0]
    assert not shows(chance, history([ln5] * 3, [ln5, 1.0, 0.8], [0.2, 0.5, 0.7]), 5)[0]
    disagree = _fam("f7_disagree_moe_aux_coef1_summed_kjson")  # ln 5: the CE part the user compares with
    assert shows(disagree, history([2.2, 1.2], [1.5, 1.1], [0.8, 0.9]), 5)[0]
    assert not shows(disagree, history([2.2, 0.5], [1.5, 0.4], [0.8, 0.9]), 5)[0]
    under = _fam("f7_underfit_pixels_div255_twice_sgd_logging")  # ln 10
    assert shows(under, history([2.3, 2.3], [2.3, 2.29], [0.1, 0.12]), 10)[0]
    assert not shows(under, history([2.3, 0.3], [2.3, 0.35], [0.5, 0.9]), 10)[0]


@pytest.mark.parametrize("name", ["f7_rebound_swa_lr_30x_digits_hfstdout", "f7_spikes_shard_in_thousandths_huber_kcsv"])
def test_event_checks_look_at_the_injected_epoch(name: str) -> None:
    fam = _fam(name)
    flat = [1.0, 0.8, 0.7, 0.65, 0.6, 0.58, 0.56, 0.55, 0.54, 0.53, 0.52, 0.51, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]
    assert not shows(fam, history(flat, flat), 1)[0]
    bumped = list(flat)
    if "rebound" in name:
        start = fam.swa_start  # type: ignore[attr-defined]
        bumped[start:] = [5.0] * (len(flat) - start)
    else:
        for e in fam.unit_shard_epochs:  # type: ignore[attr-defined]
            bumped[e] = 300.0
    assert shows(fam, history(bumped, bumped), 1)[0]
