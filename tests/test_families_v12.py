"""The twelfth-generation fault families (benchmarks/faults/families_v12.py): their labels use the contract's names,
their context uses real_runs/score.py's schema, their construction checks tell a run that shows its fault from one
that does not (on hand-made histories; the generated runs are checked by check_families_v12.py), the data faults are
built as labelled, the code faults do what their description says (a naive log-cosh overflows, a softmax over the
batch has a floor, a re-wrapped loss moves no weight, the minGRU pooled at step 0 sees one point), and the
hand-written optimisers descend."""
from __future__ import annotations

import dataclasses
import math
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT / "benchmarks" / "faults"))
sys.path.insert(0, str(ROOT / "benchmarks" / "real_runs"))

from checks_v12 import shows  # noqa: E402
from families_v11 import FAMILIES_V11  # noqa: E402
from families_v12 import FAMILIES_V12, READER_FOR_V12, TRAINERS_V12, context  # noqa: E402
from family_contract import context_problems, history, label_problems  # noqa: E402
from trainers_v12 import WRITERS  # noqa: E402


def _fam(name: str) -> object:
    return next(f for f in FAMILIES_V12 if f.name == name)


def test_labels_use_contract_names_and_one_family_per_curve_finding() -> None:
    assert not {f.name for f in FAMILIES_V12} & {f.name for f in FAMILIES_V11}
    assert all(f.name.startswith(("h12_", "f12_")) for f in FAMILIES_V12)
    assert not label_problems(FAMILIES_V12, TRAINERS_V12, READER_FOR_V12, WRITERS)
    assert {f.trainer for f in FAMILIES_V12} == set(TRAINERS_V12)  # every writer used


def test_context_follows_the_real_runs_schema() -> None:
    from score import CONTEXT

    assert not context_problems(FAMILIES_V12, context, CONTEXT)
    assert context(_fam("h12_gesture_seres_finetune_closed_vs_open_discriminative_mlflow"))["fine_tune"] is True
    assert context(_fam("h12_gesture_mingru_muon_rex_earlystop_acc_restore_wandbcsv"))["best_checkpoint"] is True
    assert context(_fam("h12_ratings_ftt_adamw_rex_earlystop_jsonl"))["loss"] == "other"
    assert context(_fam("h12_kinetics_mingru_adam_polylr_kcsv"))["task"] == "regression"
    # the user whose softmax ran over the batch axis still says cross-entropy
    assert context(_fam("f12_disagree_softmax_over_batch_dim0_kan_bracket"))["loss"] == "cross_entropy"



def test_healthy_checks_need_a_fall_and_a_flat_end() -> None:
    fam = _fam("h12_gesture_seres_muon_rex_fastai")
    assert shows(fam, history([1.5, 0.6, 0.3, 0.2], [1.4, 0.5, 0.3, 0.25], [0.5, 0.8, 0.9, 0.92]), 5)[0]
    assert not shows(fam, history([1.5, 1.0, 0.9, 0.8], [1.4, 0.9, 0.85, 0.8], [0.5, 0.8, 0.9, 0.92]), 5)[0]
    assert not shows(fam, history([1.5, 0.6, 0.3, 0.2], [1.4, 0.4, 0.5, 0.6], [0.5, 0.8, 0.9, 0.92]), 5)[0]
    floor = _fam("h12_ratings_kan_momentum_fullbatch_200ep_pandas_tsv")  # the EMD has a floor: a 25 % fall
    assert shows(floor, history([0.2, 0.14, 0.13], [0.18, 0.135, 0.13]), 1)[0]
    assert not shows(floor, history([0.2, 0.18, 0.17], [0.18, 0.175, 0.17]), 1)[0]


def test_chance_level_checks_take_the_task_chance() -> None:
    ln5 = math.log(5)
    init = _fam("f12_init_int8_head_loaded_without_scale_seres_mlflow")  # 5 x ln 5 = 8.05
    assert shows(init, history([9.0, 0.6], [2.0, 0.6], [0.5, 0.8]), 5)[0]
    assert not shows(init, history([7.0, 0.6], [2.0, 0.6], [0.5, 0.8]), 5)[0]
    chance = _fam("f12_chance_labels_sorted_apart_from_features_seres_logging")
    assert shows(chance, history([ln5] * 3, [ln5] * 3, [0.19, 0.22, 0.2]), 5)[0]
    assert not shows(chance, history([ln5] * 3, [ln5, 1.0, 0.8], [0.2, 0.5, 0.7]), 5)[0]
    disagree = _fam("f12_disagree_softmax_over_batch_dim0_kan_bracket")  # the loss stays >= 0.5 ln 5
    assert shows(disagree, history([3.2, 2.6], [2.8, 2.6], [0.8, 0.9]), 5)[0]
    assert not shows(disagree, history([1.2, 0.3], [1.1, 0.3], [0.8, 0.9]), 5)[0]


@pytest.mark.parametrize("name", ["f12_rebound_label_noise_ramp_01_per_epoch_seres_kjson",
                                  "f12_spikes_time_reversed_shard_kinetics_ftt_jsonl"])
def test_event_checks_look_at_the_injected_epoch(name: str) -> None:
    fam = _fam(name)
    flat = [1.0, 0.8, 0.7, 0.65, 0.6, 0.58, 0.56, 0.55, 0.54, 0.53, 0.52, 0.51, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]
    assert not shows(fam, history(flat, flat), 1)[0]
    bumped = list(flat)
    if "rebound" in name:
        start = fam.label_noise_from  # type: ignore[attr-defined]
        bumped[start:] = [5.0] * (len(flat) - start)
    else:
        for e in fam.reversed_epochs:  # type: ignore[attr-defined]
            bumped[e] = 3.0
    assert shows(fam, history(bumped, bumped), 1)[0]


def _rows(x: np.ndarray) -> list[bytes]:
    return [r.tobytes() for r in x]


def test_data_faults_are_built_as_labelled() -> None:
    from data_v12 import load_data

    sorted_fam = _fam("f12_chance_labels_sorted_apart_from_features_seres_logging")
    fault = load_data(sorted_fam, 0)
    clean = load_data(dataclasses.replace(sorted_fam, labels_sorted=False), 0)
    true = dict(zip(_rows(np.concatenate([clean.x_train, clean.x_val])), np.concatenate([clean.y_train, clean.y_val])))
    agree = np.mean([true[r] == y for r, y in zip(_rows(fault.x_train), fault.y_train)])
    assert agree < 0.4  # most rows carry another gesture's label
    swapped = _fam("f12_gap_val_export_xy_swapped_kan_wandbcsv")
    gap, ok = load_data(swapped, 0), load_data(dataclasses.replace(swapped, val_xy_swapped=False), 0)
    assert np.array_equal(gap.x_val, ok.x_val[:, :, ::-1]) and np.array_equal(gap.x_train, ok.x_train)
    assert len(load_data(_fam("f12_noisyval_val_share_squared_20_rows_mingru_lightning_tb"), 0).x_val) == 20
    assert len(load_data(_fam("f12_overfit_random_split_lengths_swapped_gesture_kan_pipe"), 0).x_train) == 200
    secs = load_data(_fam("f12_nan_naive_logcosh_seconds_target_mingru_kv"), 0)
    assert secs.y_train.max() > 150 and secs.y_train.min() > 1
    ratings = load_data(_fam("h12_ratings_ftt_adamw_rex_earlystop_jsonl"), 0)
    assert np.allclose(ratings.y_train.sum(1), 1) and np.allclose(ratings.y_train * 20, np.round(ratings.y_train * 20))


def test_copies_before_the_split_put_near_twins_of_validation_rows_in_training() -> None:
    from data_v12 import load_data

    fam = _fam("f12_leak_augmented_copies_before_split_kan_kcsv")
    leak, clean = load_data(fam, 0), load_data(dataclasses.replace(fam, copies=0), 0)

    def nearest(d: object) -> float:
        xt = d.x_train.reshape(len(d.x_train), -1)  # type: ignore[attr-defined]
        xv = d.x_val[:100].reshape(100, -1)  # type: ignore[attr-defined]
        return float(np.median(np.sqrt(((xv[:, None, :] - xt[None, :, :]) ** 2).sum(2)).min(1)))

    assert nearest(leak) < 0.2 * nearest(clean)


def test_naive_log_cosh_overflows_where_the_stable_form_does_not() -> None:
    import torch

    from models_v12 import log_cosh

    small = torch.tensor([0.3, -1.2, 2.0])
    assert float(log_cosh(small)) == pytest.approx(float(log_cosh(small, naive=True)), rel=1e-5)
    big = torch.tensor([120.0], requires_grad=True)
    assert float(log_cosh(big)) == pytest.approx(120 - math.log(2), rel=1e-5)
    loss = log_cosh(big, naive=True)
    loss.backward()
    assert math.isinf(float(loss)) and math.isnan(float(big.grad[0]))  # type: ignore[index]


def test_squared_emd_is_zero_at_the_target_histogram() -> None:
    import torch

    from models_v12 import squared_emd

    target = torch.tensor([[0.1, 0.2, 0.4, 0.2, 0.1]])
    assert float(squared_emd(torch.log(target), target)) == pytest.approx(0.0, abs=1e-10)
    assert float(squared_emd(torch.zeros(1, 5), torch.tensor([[1.0, 0, 0, 0, 0]]))) > 0.5


def test_softmax_over_the_batch_keeps_a_floor_while_the_argmax_is_right() -> None:
    import torch

    from data_v12 import load_data
    from models_v12 import task_loss

    fam = _fam("f12_disagree_softmax_over_batch_dim0_kan_bracket")
    data = load_data(dataclasses.replace(fam, n_train=64, n_val=8), 0)
    y = torch.from_numpy(data.y_train)
    perfect = 30.0 * torch.nn.functional.one_hot(y, 5).float()

    class Fixed(torch.nn.Module):
        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return perfect

    loss, logits = task_loss(fam, data, Fixed(), torch.from_numpy(data.x_train), y)
    per_class = torch.bincount(y, minlength=5).float()
    assert float(loss) == pytest.approx(float(torch.log(per_class[y]).mean()), rel=1e-3)
    assert float(loss) > math.log(5) and bool((logits.argmax(1) == y).all())


def test_rewrapped_loss_never_moves_the_weights(tmp_path: Path) -> None:
    import torch

    from data_v12 import load_data
    from trainers_v12 import _loop

    fam = dataclasses.replace(_fam("f12_flat_loss_rewrapped_in_new_tensor_ftt_hfcard"), n_train=128, n_val=32,
                              epochs=3, trainer="jsonl")
    torch.manual_seed(0)
    hist_log = _loop(fam, load_data(fam, 0), 0, tmp_path / "log")[1]
    # the same model every epoch: the epoch means over the same rows are equal
    assert max(hist_log["loss"]) - min(hist_log["loss"]) < 1e-6 * max(hist_log["loss"])
    assert hist_log["val_loss"][0] == pytest.approx(hist_log["val_loss"][-1], rel=1e-7)


def test_mingru_pooled_at_step_0_sees_only_the_first_point() -> None:
    import torch

    from data_v12 import load_data
    from models_v12 import torch_model

    fam = _fam("f12_underfit_mingru_pools_first_step_kfit")
    data = load_data(dataclasses.replace(fam, n_train=16, n_val=4), 0)
    torch.manual_seed(0)
    model = torch_model(fam, data).eval()
    x = torch.from_numpy(data.x_train)
    other = x.clone()
    other[:, 1:] = torch.randn_like(other[:, 1:])
    assert torch.allclose(model(x), model(other))
    healthy = torch_model(dataclasses.replace(fam, pool_first=False), data).eval()
    assert not torch.allclose(healthy(x), healthy(other))


@pytest.mark.parametrize("optimizer", ["muon", "ademamix"])
def test_hand_written_optimisers_descend(optimizer: str) -> None:
    import torch

    from models_v12 import torch_optimizer

    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.Tanh(), torch.nn.Linear(16, 1))
    x = torch.randn(256, 8)
    y = torch.sin(x[:, :1]) + x[:, 1:2] ** 2
    fam = dataclasses.replace(_fam("h12_kinetics_kan_muon_cyclic_exp_range_bracket"), optimizer=optimizer,
                              lr=1e-2, ademamix_warmup=50)
    opt = torch_optimizer(fam, model, 300)
    start = float(((model(x) - y) ** 2).mean())
    for _ in range(300):
        loss = ((model(x) - y) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
    assert float(((model(x) - y) ** 2).mean()) < 0.3 * start
