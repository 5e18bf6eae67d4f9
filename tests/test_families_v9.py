"""The ninth-generation fault families (benchmarks/faults/families_v9.py): their labels use the contract's names,
their context uses real_runs/score.py's schema, their construction checks tell a run that shows its fault from one
that does not (on hand-made histories; the generated runs are checked by check_families_v9.py), and the three new
writers keep every value they are fed, as the reader reads it."""
from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT / "benchmarks" / "faults"))
sys.path.insert(0, str(ROOT / "benchmarks" / "real_runs"))

from checks_v9 import shows  # noqa: E402
from families_v8 import FAMILIES_V8  # noqa: E402
from families_v9 import FAMILIES_V9, READER_FOR_V9, TRAINERS_V9, context  # noqa: E402
from family_contract import context_problems, history, label_problems  # noqa: E402
from trainers_v9 import WRITERS  # noqa: E402


def _fam(name: str) -> object:
    return next(f for f in FAMILIES_V9 if f.name == name)


def test_labels_use_contract_names_and_one_family_per_curve_finding() -> None:
    assert not {f.name for f in FAMILIES_V9} & {f.name for f in FAMILIES_V8}
    assert not label_problems(FAMILIES_V9, TRAINERS_V9, READER_FOR_V9, WRITERS)


def test_context_follows_the_real_runs_schema() -> None:
    from score import CONTEXT

    assert not context_problems(FAMILIES_V9, context, CONTEXT)
    assert context(_fam("h9_clouds_pointnet_finetune_coarse_ignite"))["fine_tune"] is True
    assert context(_fam("h9_cancer_gelu_mixup_adamw_wd01_earlystop_restore_bracket"))["best_checkpoint"] is True
    assert context(_fam("h9_moons_realnvp_adam_fullbatch_200ep_kv"))["task"] == "generative"
    assert context(_fam("h9_prices_gelu_yogi_earlystop_pipe"))["loss"] == "mse"
    # the user whose sigmoid was left on the last layer still says cross-entropy
    assert context(_fam("f9_disagree_sigmoid_before_ce_pointnet_bracket"))["loss"] == "cross_entropy"



def test_healthy_checks_need_a_fall_and_a_flat_end() -> None:
    fam = _fam("h9_clouds_pointnet_adan_warmcos_fastai")
    assert shows(fam, history([1.3, 0.6, 0.3, 0.2], [1.2, 0.5, 0.3, 0.25], [0.5, 0.8, 0.9, 0.92]), 4)[0]
    assert not shows(fam, history([1.3, 1.0, 0.9, 0.8], [1.2, 0.9, 0.85, 0.8], [0.5, 0.8, 0.9, 0.92]), 4)[0]
    assert not shows(fam, history([1.3, 0.6, 0.3, 0.2], [1.2, 0.4, 0.5, 0.6], [0.5, 0.8, 0.9, 0.92]), 4)[0]
    floor = _fam("h9_moons_realnvp_adam_fullbatch_200ep_kv")  # a floor: a 25 % fall is enough
    assert shows(floor, history([2.8, 2.0, 1.9], [2.5, 1.95, 1.9]), 1)[0]
    assert not shows(floor, history([2.8, 2.5, 2.4], [2.5, 2.45, 2.4]), 1)[0]


def test_chance_level_checks_take_the_task_chance() -> None:
    init = _fam("f9_init_unscaled_cancer_features_hfstdout")  # 2 classes: ln 2
    assert shows(init, history([4.0, 0.6], [2.0, 0.6], [0.5, 0.8]), 2)[0]
    assert not shows(init, history([3.0, 0.6], [2.0, 0.6], [0.5, 0.8]), 2)[0]
    chance = _fam("f9_chance_coords_int8_cast_pointnet_mlflow")
    ln4 = math.log(4)
    assert shows(chance, history([ln4] * 3, [ln4] * 3, [0.24, 0.27, 0.25]), 4)[0]
    assert not shows(chance, history([ln4] * 3, [ln4, 1.0, 0.8], [0.25, 0.5, 0.7]), 4)[0]
    disagree = _fam("f9_disagree_sigmoid_before_ce_pointnet_bracket")  # bounded logits: the loss stays >= 0.74
    assert shows(disagree, history([1.2, 0.8], [1.1, 0.78], [0.8, 0.9]), 4)[0]
    assert not shows(disagree, history([1.2, 0.3], [1.1, 0.3], [0.8, 0.9]), 4)[0]
    under = _fam("f9_underfit_num_points_2_pointnet_kfit")
    assert shows(under, history([1.39, 1.1], [1.39, 1.12], [0.3, 0.45]), 4)[0]
    assert not shows(under, history([1.39, 0.2], [1.39, 0.25], [0.5, 0.95]), 4)[0]


@pytest.mark.parametrize("name", ["f9_rebound_resume_lr_finder_lr_pointnet_lcsv",
                                  "f9_spikes_unlogged_price_shard_sdres_pandas_tsv"])
def test_event_checks_look_at_the_injected_epoch(name: str) -> None:
    fam = _fam(name)
    flat = [1.0, 0.8, 0.7, 0.65, 0.6, 0.58, 0.56, 0.55, 0.54, 0.53, 0.52, 0.51, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]
    assert not shows(fam, history(flat, flat), 1)[0]
    bumped = list(flat)
    if "rebound" in name:
        start = fam.resume_epoch  # type: ignore[attr-defined]
        bumped[start:] = [5.0] * (len(flat) - start)
    else:
        for e in fam.raw_price_epochs:  # type: ignore[attr-defined]
            bumped[e] = 3.0
    assert shows(fam, history(bumped, bumped), 1)[0]


@pytest.mark.parametrize("writer", ["fastai", "ignite", "hf_card"])
def test_new_writers_keep_every_value_the_reader_reads(tmp_path: Path, writer: str) -> None:
    """The three writers new in this generation: what they write is read back whole by lossdoctor's reader."""
    import json

    import numpy as np

    from check_families_v4 import read_whole
    from data_v9 import Data9

    fam = _fam("h9_clouds_pointnet_adan_warmcos_fastai")
    data = Data9("clouds", np.zeros((4, 2, 3)), np.zeros(4), np.zeros((2, 2, 3)), np.zeros(2), 4)
    run_dir = tmp_path / writer
    w = WRITERS[writer](run_dir / "log", fam, data, 20)
    rows = [{"loss": 1.3456789, "val_loss": 1.3, "accuracy": 0.3, "val_accuracy": 0.25, "learning_rate": 1e-3},
            {"loss": 0.91234567, "val_loss": 0.95, "accuracy": 0.6, "val_accuracy": 0.55, "learning_rate": 1e-3},
            {"loss": 0.70123, "val_loss": 0.8, "accuracy": 0.7, "val_accuracy": 0.65, "learning_rate": 1e-3}]
    for i, r in enumerate(rows):
        for s in range(20):
            w.step(r["loss"] + 0.01 * (s % 3), 20 * i + s + 1, (20 * i + s + 1) / 20, 1e-3)
        w.period(r, i, 20 * (i + 1))
    log = w.close()
    (run_dir / "logged.json").write_text(json.dumps(w.logged))
    assert len(w.logged["train"]) == len(w.logged["val"]) == 3
    rec = {"log": str(log.relative_to(run_dir)), "format": READER_FOR_V9[writer], "trainer": writer,
           "step_level": writer == "ignite"}
    ok, msg = read_whole(rec, run_dir)
    assert ok, msg
    # and a reader that finds other numbers would fail: the check compares values
    w.logged["val"][1] += 0.1
    (run_dir / "logged.json").write_text(json.dumps(w.logged))
    assert not read_whole(rec, run_dir)[0]
