"""The twentieth-generation fault families (benchmarks/faults/families_v20.py): their labels use the contract's names,
their context uses real_runs/score.py's schema, every axis is new against v1-v19, their construction checks tell a
run that shows its fault from one that does not (on hand-made histories; the generated runs are checked by
check_families_v20.py), the data faults are built as labelled, and the code faults do what their description says
(a no-grad train step moves no weight, the head's bias holds the class counts, the aux term sits only in the training
loss, an unguarded NDVI band is NaN on a no-data date), and the hand-written optimisers take the steps their papers
define. No test trains a full run."""
from __future__ import annotations

import dataclasses
import importlib
import math
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT / "benchmarks" / "faults"))
sys.path.insert(0, str(ROOT / "benchmarks" / "real_runs"))

from checks_v20 import shows  # noqa: E402
from families_v20 import FAMILIES_V20, READER_FOR_V20, TRAINERS_V20, context  # noqa: E402
from family_contract import context_problems, history, label_problems  # noqa: E402
from trainers_v20 import WRITERS  # noqa: E402


def _fam(name: str) -> object:
    return next(f for f in FAMILIES_V20 if f.name == name)


def _small(name: str, **kw: object) -> object:
    return dataclasses.replace(_fam(name), n_train=64, n_val=16, **kw)  # type: ignore[type-var]


def _earlier() -> list[object]:
    from families import FAMILIES

    out = list(FAMILIES)
    for v in range(2, 20):
        out += getattr(importlib.import_module(f"families_v{v}"), f"FAMILIES_V{v}")
    return out


def test_labels_use_contract_names_and_one_family_per_curve_finding() -> None:
    assert all(f.name.startswith(("h20_", "f20_")) for f in FAMILIES_V20)
    assert not label_problems(FAMILIES_V20, TRAINERS_V20, READER_FOR_V20, WRITERS)
    assert {f.trainer for f in FAMILIES_V20} == set(TRAINERS_V20)  # every writer used
    assert sum(f.healthy for f in FAMILIES_V20) == 14 and len(FAMILIES_V20) == 31


def test_every_axis_is_new_against_earlier_generations() -> None:
    old = _earlier()
    assert not {f.name for f in FAMILIES_V20} & {f.name for f in old}
    for axis in ("data", "model"):
        assert not {getattr(f, axis) for f in FAMILIES_V20} & {getattr(f, axis, None) for f in old}, axis
    new_opts = {f.optimizer for f in FAMILIES_V20} - {"adam", "adamw", "momentum"}
    assert new_opts == {"adai", "swats"} and not new_opts & {getattr(f, "optimizer", None) for f in old}
    assert not {"warmup_multistep", "kdecay"} & {getattr(f, "schedule", None) for f in old}
    assert not {"linex"} & {getattr(f, "loss", None) for f in old}


def test_context_follows_the_real_runs_schema() -> None:
    from score import CONTEXT

    assert not context_problems(FAMILIES_V20, context, CONTEXT)
    assert context(_fam("h20_yield_ltae_adam_warmup_multistep_savetxt")) == {
        "task": "regression", "loss": "other", "fine_tune": False, "best_checkpoint": False}
    # the users whose logits went through a temperature or whose logged loss holds an aux term say cross-entropy
    kd = _fam("f20_disagree_distillation_temperature_on_hard_labels_ltae_karpathy")
    assert context(kd)["loss"] == "cross_entropy"
    assert context(_fam("f20_valbelow_aux_head_loss_in_logged_train_loss_indrnn_savetxt"))["loss"] == "cross_entropy"


def test_healthy_checks_need_a_fall_and_a_flat_end() -> None:
    fam = _fam("h20_crop_ltae_adai_warmup_multistep_kcsv")
    assert shows(fam, history([1.6, 0.6, 0.3, 0.2], [1.5, 0.5, 0.3, 0.25], [0.5, 0.8, 0.9, 0.92]), 5)[0]
    assert not shows(fam, history([1.6, 1.3, 1.2, 1.1], [1.6, 1.2, 1.15, 1.1], [0.5, 0.8, 0.9, 0.92]), 5)[0]
    assert not shows(fam, history([1.6, 0.6, 0.3, 0.2], [1.5, 0.4, 0.5, 0.6], [0.5, 0.8, 0.9, 0.92]), 5)[0]
    floor = _fam("h20_yield_ltae_adam_warmup_multistep_savetxt")  # LINEX: a 25 % fall
    assert shows(floor, history([0.5, 0.3, 0.28], [0.4, 0.3, 0.3]), 1)[0]
    assert not shows(floor, history([0.5, 0.45, 0.42], [0.45, 0.43, 0.42]), 1)[0]


def test_chance_level_checks_take_the_task_chance() -> None:
    ln5 = math.log(5)
    init = _fam("f20_init_head_bias_class_counts_ltae_torch_tb")  # 5 x ln 5 = 8.05
    assert shows(init, history([9.0, 0.6], [2.0, 0.6], [0.5, 0.8]), 5)[0]
    assert not shows(init, history([7.0, 0.6], [2.0, 0.6], [0.5, 0.8]), 5)[0]
    chance = _fam("f20_chance_features_sorted_by_area_labels_not_indrnn_fastai")
    assert shows(chance, history([ln5] * 3, [ln5] * 3, [0.19, 0.22, 0.2]), 5)[0]
    assert not shows(chance, history([ln5] * 3, [ln5, 1.0, 0.8], [0.2, 0.5, 0.7]), 5)[0]
    disagree = _fam("f20_disagree_distillation_temperature_on_hard_labels_ltae_karpathy")
    assert shows(disagree, history([1.3, 1.0], [1.25, 0.9], [0.8, 0.9]), 5)[0]
    assert not shows(disagree, history([1.2, 0.3], [1.1, 0.3], [0.8, 0.9]), 5)[0]
    under = _fam("f20_underfit_reflectance_scaled_twice_indrnn_kjson")
    assert shows(under, history([1.62, 1.61], [1.61, 1.61], [0.2, 0.21]), 5)[0]
    assert not shows(under, history([1.6, 0.3], [1.6, 0.35], [0.4, 0.9]), 5)[0]


@pytest.mark.parametrize("name", ["f20_rebound_phase2_optimizer_peak_lr_key_ltae_logging",
                                  "f20_spikes_cloud_curriculum_modulo_not_floor_ltae_hfstate"])
def test_event_checks_look_at_the_injected_epoch(name: str) -> None:
    fam = _fam(name)
    flat = [1.0, 0.8, 0.7, 0.65, 0.6, 0.58, 0.56, 0.55, 0.54, 0.53, 0.52, 0.51, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]
    assert not shows(fam, history(flat, flat), 1)[0]
    bumped = list(flat)
    if "rebound" in name:
        start = fam.phase2_at  # type: ignore[attr-defined]
        bumped[start:] = [5.0] * (len(flat) - start)
    else:
        assert fam.cloud_epochs == (5, 10)  # type: ignore[attr-defined]
        for e in fam.cloud_epochs:  # type: ignore[attr-defined]
            bumped[e] = 3.0
    assert shows(fam, history(bumped, bumped), 1)[0]


def test_data_faults_are_built_as_labelled() -> None:
    from data_v20 import BANDS, CLOUD, DATES, TEST_SIZE_INT, load_data

    join = load_data(dataclasses.replace(_fam("f20_overfit_float32_parcel_id_inner_join_ltae_kv"), n_val=16), 0)
    assert 120 <= len(join.y_train) <= 260  # about 1 in 8 of 1500 survive the float32 join
    fam = _small("f20_chance_features_sorted_by_area_labels_not_indrnn_fastai")
    bad, good = load_data(fam, 0), load_data(dataclasses.replace(fam, sorted_apart=False), 0)
    assert np.array_equal(bad.y_train, good.y_train) and not np.array_equal(bad.x_train, good.x_train)
    assert np.array_equal(np.sort(bad.x_train.reshape(64, -1), 0), np.sort(good.x_train.reshape(64, -1), 0))
    assert np.array_equal(bad.y_val, good.y_val) and not np.array_equal(bad.x_val, good.x_val)  # shared loader
    nan = load_data(dataclasses.replace(_fam("f20_nan_ndvi_band_on_nodata_dates_indrnn_pipe"), n_val=16), 0)
    assert nan.x_train.shape[1] == BANDS + 1 and 0 < np.isnan(nan.x_train).any((1, 2)).sum() < 0.15 * 1500
    leak = load_data(_small("f20_leak_declared_crop_channel_indrnn_pandas_tsv"), 0)
    for x, y in ((leak.x_train, leak.y_train), (leak.x_val, leak.y_val)):
        assert x.shape[1] == BANDS + 1 and np.mean(np.round(x[:, -1, 0] * 4) == y) >= 0.85
    tiny = load_data(_small("f20_underfit_reflectance_scaled_twice_indrnn_kjson"), 0)
    assert tiny.x_train.max() < 1e-4 and load_data(_small("h20_crop_ltae_adai_kdecay_torch_tb"), 0).x_train.max() > 0.2
    assert len(load_data(_small("f20_noisyval_int_test_size_ten_parcels_ltae_jsonl"), 0).y_val) == TEST_SIZE_INT
    cl = load_data(_small("f20_spikes_cloud_curriculum_modulo_not_floor_ltae_hfstate"), 0)
    assert cl.x_train_clouded is not None and cl.x_train_clouded.shape == (64, BANDS, DATES)
    near = np.abs(cl.x_train_clouded - CLOUD[None, :, None]).max(1) < np.abs(cl.x_train - CLOUD[None, :, None]).max(1)
    assert near.mean() >= 0.5  # most dates under the synthetic cloud
    counts = load_data(_small("f20_init_head_bias_class_counts_ltae_torch_tb"), 0).class_counts
    assert counts is not None and counts.sum() == 64


def test_crops_differ_by_phenology_and_later_sowing_shifts_it() -> None:
    from data_v20 import DOY, cover

    peaks = [DOY[np.argmax(cover(k, 0.0, 0.9))] for k in range(4)]
    assert peaks[0] < peaks[1] and peaks[2] < peaks[3]  # wheat before maize, rapeseed before sugar beet
    assert DOY[np.argmax(cover(1, 35.0, 0.9))] > peaks[1]  # the later-sown season's maize peaks later


def test_schedules_and_loop_faults(tmp_path: Path) -> None:
    import copy

    import torch

    from data_v20 import load_data
    from models_v20 import torch_model, torch_optimizer
    from trainers_v20 import _step_loss, lr_factor, run

    wm = _fam("h20_crop_ltae_adai_warmup_multistep_kcsv")  # warm-up 2 epochs, x0.1 at 60 % and 85 %
    assert lr_factor(wm, 0, 100, 10) == pytest.approx(1 / 3) and lr_factor(wm, 20, 100, 10) == 1.0
    assert lr_factor(wm, 60, 100, 10) == pytest.approx(0.1) and lr_factor(wm, 90, 100, 10) == pytest.approx(0.01)
    pl = _fam("f20_plateau_warmup_else_branch_min_lr_ltae_mlflow")
    assert lr_factor(pl, 20, 100, 10) * pl.lr == pytest.approx(1e-6)  # type: ignore[attr-defined]
    kd = _fam("h20_crop_ltae_adai_kdecay_torch_tb")
    assert lr_factor(kd, 50, 100, 10) > 0.5 * (1 + math.cos(math.pi * 0.5))  # k 2: higher than the cosine
    assert lr_factor(kd, 100, 100, 10) == pytest.approx(0.0, abs=1e-12)
    flat = _small("f20_flat_no_grad_train_step_requires_grad_patch_ltae_hfstdout")
    data = load_data(flat, 0)
    for fam, moves in ((flat, False), (dataclasses.replace(flat, no_grad_step=False), True)):
        torch.manual_seed(0)
        model = torch_model(fam, data)
        before = copy.deepcopy(model.state_dict())
        opt = torch_optimizer(fam, model.parameters())
        for _ in range(3):
            loss, _ = _step_loss(fam, data, model, torch.from_numpy(data.x_train[:16]),
                                 torch.from_numpy(data.y_train[:16]))
            opt.zero_grad()
            loss.backward()
            opt.step()
        changed = any(not torch.equal(before[k], v) for k, v in model.named_parameters())
        assert changed is moves  # the no-grad step: backward reaches no weight
    init = _small("f20_init_head_bias_class_counts_ltae_torch_tb")
    d = load_data(init, 0)
    assert torch.equal(torch_model(init, d).head.bias.detach(), torch.tensor(d.class_counts, dtype=torch.float32))
    div = _fam("f20_diverge_linear_scaling_rule_fed_pixels_indrnn_lcsv")
    p = torch.nn.Parameter(torch.zeros(2))
    assert torch_optimizer(div, [p]).param_groups[0]["lr"] == pytest.approx(0.25)  # 0.01 x 64 x 100 / 256
    aux = _small("f20_valbelow_aux_head_loss_in_logged_train_loss_indrnn_savetxt", epochs=1, batch=16)
    _, h, _ = run(aux, 0, tmp_path / "aux" / "log")
    assert h["loss"][0] > h["val_loss"][0] + 0.8 * math.log(5)  # the aux term in the training loss only
    still = _small("f20_still_debug_profile_merged_last_indrnn_bracket", debug_epochs=2)
    assert len(run(still, 0, tmp_path / "still" / "log")[1]["loss"]) == 2


def test_unguarded_ndvi_is_nan_on_a_nodata_date() -> None:
    from data_v20 import ndvi_band

    x = np.full((1, 10, 12), 0.2, np.float32)
    x[0, :, 3] = 0.0
    v = ndvi_band(x)
    assert np.isnan(v[0, 0, 3]) and np.isfinite(np.delete(v[0, 0], 3)).all()


def test_hand_written_optimisers_take_their_papers_steps() -> None:
    import torch

    from models_v20 import SWATS, Adai

    w = torch.nn.Parameter(torch.zeros(2))
    opt = Adai([w], lr=1.0, beta0=0.5, beta2=0.0, eps=0.0)
    w.grad = torch.tensor([1.0, 3.0])  # v_hat = (1, 9), mean 5: beta1 = 1 - 0.5 (0.2, 1.8) = (0.9, 0.1)
    opt.step()  # m = (1 - beta1) g, m_hat = m / (1 - beta1) = g
    assert torch.allclose(w.detach(), -torch.tensor([1.0, 3.0]))
    assert torch.allclose(opt.state[w]["prod"], torch.tensor([0.9, 0.1]))
    for drop, factor in ((False, 0.1), (True, 1.0)):
        q = torch.nn.Parameter(torch.zeros(1))
        sw = SWATS([q], lr=0.1, betas=(0.9, 0.999), drop_one_minus_beta1=drop)
        sw.param_groups[0].update(phase="sgd", sgd_lr=0.5)
        q.grad = torch.tensor([2.0])
        sw.step()  # buf = g; w -= (1 - b1) lam buf (the fault: without 1 - b1)
        assert float(q) == pytest.approx(-factor * 0.5 * 2.0)
    r = torch.nn.Parameter(torch.zeros(1))
    sw = SWATS([r], lr=0.1, switch_eps=1e9)
    for _ in range(2):  # a constant gradient: Adam's step is -lr, gamma = lr^2 / (lr g) = lr / g
        r.grad = torch.tensor([2.0])
        sw.step()
    assert sw.param_groups[0]["phase"] == "sgd" and sw.param_groups[0]["sgd_lr"] == pytest.approx(0.05, rel=1e-3)


def test_check_script_checks_this_generation() -> None:
    check = importlib.import_module("check_families_v20")
    assert check.FAMILIES_V20 is FAMILIES_V20
