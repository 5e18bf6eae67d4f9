"""The eighth-generation fault families (benchmarks/faults/families_v8.py): their labels use the contract's names,
their context uses real_runs/score.py's schema, and their construction checks tell a run that shows its fault from one
that does not (on hand-made histories; the generated runs are checked by check_families_v8.py)."""
from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT / "benchmarks" / "faults"))
sys.path.insert(0, str(ROOT / "benchmarks" / "real_runs"))

from checks_v8 import shows  # noqa: E402
from families_v7 import FAMILIES_V7  # noqa: E402
from families_v8 import FAMILIES_V8, READER_FOR_V8, TRAINERS_V8, context  # noqa: E402
from family_contract import context_problems, history, label_problems  # noqa: E402
from trainers_v8 import WRITERS  # noqa: E402


def _fam(name: str) -> object:
    return next(f for f in FAMILIES_V8 if f.name == name)


def test_labels_use_contract_names_and_one_family_per_curve_finding() -> None:
    assert not {f.name for f in FAMILIES_V8} & {f.name for f in FAMILIES_V7}
    assert not label_problems(FAMILIES_V8, TRAINERS_V8, READER_FOR_V8, WRITERS)


def test_context_follows_the_real_runs_schema() -> None:
    from score import CONTEXT

    assert not context_problems(FAMILIES_V8, context, CONTEXT)
    assert context(_fam("h8_docs_fasttext_finetune_llrd_kcsv"))["fine_tune"] is True
    assert context(_fam("h8_clicks_fm_adam_earlystop_restore_logging"))["best_checkpoint"] is True
    assert context(_fam("h8_phones_birnn_ctc_earlystop_kfit"))["loss"] == "ctc"
    assert context(_fam("h8_masks_seg_dicebce_adam_rop_kjson"))["task"] == "segmentation"
    assert context(_fam("f8_valbelow_l2_penalty_in_train_loss_highway_bracket"))["loss"] == "sum_of_terms"



def test_healthy_checks_need_a_fall_and_a_flat_end() -> None:
    fam = _fam("h8_spiral_highway_lookahead_jsonl")
    assert shows(fam, history([1.1, 0.6, 0.3, 0.2], [1.0, 0.5, 0.3, 0.25], [0.5, 0.8, 0.9, 0.92]), 3)[0]
    assert not shows(fam, history([1.1, 1.0, 0.9, 0.8], [1.0, 0.9, 0.85, 0.8], [0.5, 0.8, 0.9, 0.92]), 3)[0]
    assert not shows(fam, history([1.1, 0.6, 0.3, 0.2], [1.0, 0.4, 0.5, 0.6], [0.5, 0.8, 0.9, 0.92]), 3)[0]
    floor = _fam("h8_hetero_maxout_gaussnll_lamb_mlflow")  # a floor: a 25 % fall is enough
    assert shows(floor, history([1.0, 0.8, 0.7], [0.9, 0.75, 0.72]), 1)[0]
    assert not shows(floor, history([1.0, 0.9, 0.85], [0.9, 0.85, 0.84]), 1)[0]


def test_chance_level_checks_take_the_task_chance() -> None:
    init = _fam("f8_init_fm_bias_plus10_pandas_tsv")  # BCE: ln 2
    assert shows(init, history([4.0, 0.6], [2.0, 0.6], [0.5, 0.8]), 2)[0]
    assert not shows(init, history([3.0, 0.6], [2.0, 0.6], [0.5, 0.8]), 2)[0]
    chance = _fam("f8_chance_docs_vocab_lookup_all_unk_lightning_tb")
    ln4 = math.log(4)
    assert shows(chance, history([ln4] * 3, [ln4] * 3, [0.24, 0.27, 0.25]), 4)[0]
    assert not shows(chance, history([ln4] * 3, [ln4, 1.0, 0.8], [0.25, 0.5, 0.7]), 4)[0]
    disagree = _fam("f8_disagree_label_smoothing_09_docs_hfstdout")  # smoothed CE: uniform costs ln 4 too
    assert shows(disagree, history([1.39, 1.37], [1.38, 1.37], [0.8, 0.95]), 4)[0]
    assert not shows(disagree, history([1.39, 0.3], [1.38, 0.3], [0.8, 0.95]), 4)[0]
    under = _fam("f8_underfit_docs_hash_2_buckets_pipe")
    assert shows(under, history([1.39, 1.38], [1.39, 1.38], [0.26, 0.3]), 4)[0]
    assert not shows(under, history([1.39, 0.2], [1.39, 0.25], [0.5, 0.95]), 4)[0]


@pytest.mark.parametrize("name", ["f8_rebound_decay_not_lr_scaled_selu_lightning_tb",
                                  "f8_spikes_inverted_mask_shard_mlflow"])
def test_event_checks_look_at_the_injected_epoch(name: str) -> None:
    fam = _fam(name)
    flat = [1.0, 0.8, 0.7, 0.65, 0.6, 0.58, 0.56, 0.55, 0.54, 0.53, 0.52, 0.51, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]
    assert not shows(fam, history(flat, flat), 1)[0]
    bumped = list(flat)
    if "rebound" in name:
        start = fam.decay_bug_from  # type: ignore[attr-defined]
        bumped[start:] = [5.0] * (len(flat) - start)
    else:
        for e in fam.inverted_shard_epochs:  # type: ignore[attr-defined]
            bumped[e] = 3.0
    assert shows(fam, history(bumped, bumped), 1)[0]


def test_new_writers_log_what_they_are_fed(tmp_path: Path) -> None:
    """The two writers new in this generation keep every epoch's losses, as printed, in logged.json's series."""
    from data_v8 import Data8

    import numpy as np

    fam = _fam("h8_docs_fasttext_sparseadam_wsd_bracket")
    data = Data8("docs", np.zeros((4, 2)), np.zeros(4), np.zeros((2, 2)), np.zeros(2), 4)
    rows = [{"loss": 1.234567, "val_loss": 1.3, "accuracy": 0.5, "val_accuracy": 0.4, "learning_rate": 1e-3},
            {"loss": float("nan"), "val_loss": 0.91234567, "accuracy": 0.6, "val_accuracy": 0.5, "learning_rate": 1e-3}]
    for name in ("bracket", "savetxt"):
        w = WRITERS[name](tmp_path / name, fam, data, 2)
        for i, r in enumerate(rows):
            w.period(r, i, 2 * (i + 1))
        path = w.close()
        text = path.read_text()
        assert "nan" in text and ("1.2346" in text or "1.23457" in text), (name, text)
        assert len(w.logged["train"]) == 2 and math.isnan(w.logged["train"][1])
