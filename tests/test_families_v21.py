"""The twenty-first-generation fault families (benchmarks/faults/families_v21.py): their labels use the contract's
names, their context uses real_runs/score.py's schema, every axis is new against v1-v20, their construction checks
tell a run that shows its fault from one that does not (on hand-made histories; the generated runs are checked by
check_families_v21.py), the data faults are built as labelled, the code faults do what their description says (a
DoG whose reference point moves with it barely moves, the fan_out init makes the first logits large, the summed
micro-batch losses are logged 4x, 10 ** magnitude weights span thousands), and the hand-written optimisers, loss and
schedules take the steps their papers define. No test trains a full run."""
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

from checks_v21 import shows  # noqa: E402
from families_v21 import FAMILIES_V21, READER_FOR_V21, TRAINERS_V21, context  # noqa: E402
from family_contract import context_problems, history, label_problems  # noqa: E402
from trainers_v21 import WRITERS  # noqa: E402


def _fam(name: str) -> object:
    return next(f for f in FAMILIES_V21 if f.name == name)


def _small(name: str, **kw: object) -> object:
    return dataclasses.replace(_fam(name), n_train=64, n_val=16, **kw)  # type: ignore[type-var]


def _earlier() -> list[object]:
    from families import FAMILIES

    out = list(FAMILIES)
    for v in range(2, 21):
        out += getattr(importlib.import_module(f"families_v{v}"), f"FAMILIES_V{v}")
    return out


def test_labels_use_contract_names_and_one_family_per_curve_finding() -> None:
    assert all(f.name.startswith(("h21_", "f21_")) for f in FAMILIES_V21)
    assert not label_problems(FAMILIES_V21, TRAINERS_V21, READER_FOR_V21, WRITERS)
    assert {f.trainer for f in FAMILIES_V21} == set(TRAINERS_V21)  # every writer used
    assert sum(f.healthy for f in FAMILIES_V21) == 14 and len(FAMILIES_V21) == 31


def test_every_axis_is_new_against_earlier_generations() -> None:
    old = _earlier()
    assert not {f.name for f in FAMILIES_V21} & {f.name for f in old}
    for axis in ("data", "model"):
        assert not {getattr(f, axis) for f in FAMILIES_V21} & {getattr(f, axis, None) for f in old}, axis
    new_opts = {f.optimizer for f in FAMILIES_V21} - {"adam", "adamw", "momentum"}
    assert new_opts == {"adapnm", "dog"} and not new_opts & {getattr(f, "optimizer", None) for f in old}
    new_schedules = {f.schedule for f in FAMILIES_V21} - {"none"}
    assert new_schedules == {"infinite", "rsqrt_cooldown"}
    assert not new_schedules & {getattr(f, "schedule", None) for f in old}
    assert not {"berhu"} & {getattr(f, "loss", None) for f in old}


def test_context_follows_the_real_runs_schema() -> None:
    from score import CONTEXT

    assert not context_problems(FAMILIES_V21, context, CONTEXT)
    assert context(_fam("h21_magnitude_mlstm_adam_infinite_savetxt")) == {
        "task": "regression", "loss": "other", "fine_tune": False, "best_checkpoint": False}
    # the user whose targets were the automatic posteriors believes they train cross-entropy on event types
    soft = _fam("f21_disagree_automatic_classifier_posteriors_as_targets_mlstm_karpathy")
    assert context(soft)["loss"] == "cross_entropy"


def test_healthy_checks_need_a_fall_and_a_flat_end() -> None:
    fam = _fam("h21_quake_mlstm_adapnm_infinite_kcsv")
    assert shows(fam, history([1.4, 0.6, 0.3, 0.2], [1.3, 0.5, 0.3, 0.25], [0.5, 0.8, 0.9, 0.92]), 4)[0]
    assert not shows(fam, history([1.4, 1.3, 1.2, 1.1], [1.4, 1.2, 1.15, 1.1], [0.5, 0.8, 0.9, 0.92]), 4)[0]
    assert not shows(fam, history([1.4, 0.6, 0.3, 0.2], [1.3, 0.4, 0.5, 0.6], [0.5, 0.8, 0.9, 0.92]), 4)[0]
    floor = _fam("h21_magnitude_mlstm_adam_infinite_savetxt")  # BerHu: a 25 % fall
    assert shows(floor, history([0.8, 0.5, 0.45], [0.6, 0.5, 0.5]), 1)[0]
    assert not shows(floor, history([0.8, 0.7, 0.65], [0.7, 0.68, 0.66]), 1)[0]


def test_chance_level_checks_take_the_task_chance() -> None:
    ln4 = math.log(4)
    init = _fam("f21_init_kaiming_fan_out_on_every_linear_mlstm_torch_tb")  # 5 x ln 4 = 6.93
    assert shows(init, history([7.5, 0.6], [2.0, 0.6], [0.5, 0.8]), 4)[0]
    assert not shows(init, history([6.5, 0.6], [2.0, 0.6], [0.5, 0.8]), 4)[0]
    chance = _fam("f21_chance_utc_origin_times_on_local_time_files_cfc_fastai")
    assert shows(chance, history([ln4] * 3, [ln4] * 3, [0.24, 0.27, 0.25]), 4)[0]
    assert not shows(chance, history([ln4] * 3, [ln4, 1.0, 0.8], [0.25, 0.5, 0.7]), 4)[0]
    disagree = _fam("f21_disagree_automatic_classifier_posteriors_as_targets_mlstm_karpathy")
    assert shows(disagree, history([1.2, 1.1], [1.2, 1.1], [0.8, 0.9]), 4)[0]
    assert not shows(disagree, history([1.2, 0.3], [1.1, 0.3], [0.8, 0.9]), 4)[0]
    under = _fam("f21_underfit_noise_window_slice_assigned_to_x_cfc_kjson")
    assert shows(under, history([1.3, 1.2], [1.3, 1.2], [0.4, 0.5]), 4)[0]
    assert not shows(under, history([1.3, 0.3], [1.3, 0.35], [0.4, 0.9]), 4)[0]


@pytest.mark.parametrize("name", ["f21_rebound_automatic_catalogue_appended_mlstm_logging",
                                  "f21_spikes_round_robin_gain_augmentation_in_db_mlstm_hfstate"])
def test_event_checks_look_at_the_injected_epoch(name: str) -> None:
    fam = _fam(name)
    flat = [1.0, 0.8, 0.7, 0.65, 0.6, 0.58, 0.56, 0.55, 0.54, 0.53, 0.52, 0.51, 0.5, 0.5, 0.5, 0.5]
    assert not shows(fam, history(flat, flat), 1)[0]
    bumped = list(flat)
    if "rebound" in name:
        start = fam.auto_append_at  # type: ignore[attr-defined]
        bumped[start:] = [5.0] * (len(flat) - start)
    else:
        assert fam.gain_epochs == (3, 7, 11)  # type: ignore[attr-defined]
        for e in fam.gain_epochs:  # type: ignore[attr-defined]
            bumped[e] = 3.0
    assert shows(fam, history(bumped, bumped), 1)[0]


def test_data_faults_are_built_as_labelled() -> None:
    from data_v21 import CHANNELS, FRAMES, load_data

    cut = load_data(dataclasses.replace(_fam("f21_overfit_completeness_cut_on_training_catalogue_mlstm_kv"),
                                        n_val=16), 0)
    assert 120 <= len(cut.y_train) <= 270  # about 1 in 8 of 1500 above the completeness cut
    fam = _small("f21_chance_utc_origin_times_on_local_time_files_cfc_fastai")
    bad, good = load_data(fam, 0), load_data(dataclasses.replace(fam, local_time_cut=False), 0)
    # noise-only windows: the frames after the P onsets (3-6 s) hold no more energy than the first two seconds
    assert abs(float(bad.x_train[:, :, 6:12].mean() - bad.x_train[:, :, :2].mean())) < 0.1
    assert float(good.x_train[:, :, 6:12].mean() - good.x_train[:, :, :2].mean()) > 0.4
    nan = load_data(dataclasses.replace(_fam("f21_nan_zero_sensitivity_missing_stations_cfc_pipe"), n_val=16), 0)
    rows = np.isnan(nan.x_train).any((1, 2))
    assert 0 < rows.sum() < 0.02 * 1500 and np.isfinite(nan.x_train[~rows]).all()
    leak = load_data(_small("f21_leak_station_pick_count_follows_event_type_mlstm_pandas_tsv"), 0)
    for x, y in ((leak.x_train, leak.y_train), (leak.x_val, leak.y_val)):  # the count is a function of the label
        onehot = x[:, CHANNELS:]
        assert x.shape[1] == CHANNELS + 4 and (onehot == onehot[:, :, :1]).all() and (onehot.sum(1) == 1).all()
        assert np.array_equal(onehot[:, :, 0].argmax(1), np.select([y == 0, y == 1, y == 2], [2, 1, 3], 0))
    assert len(load_data(_small("f21_noisyval_one_day_of_windows_mlstm_jsonl"), 0).y_val) == 12
    short = load_data(_small("f21_underfit_noise_window_slice_assigned_to_x_cfc_kjson"), 0)
    assert short.x_train.shape[1:] == (CHANNELS, 3) and good.x_train.shape[1:] == (CHANNELS, FRAMES)
    soft = load_data(_small("f21_disagree_automatic_classifier_posteriors_as_targets_mlstm_karpathy"), 0)
    assert soft.soft_train is not None and np.allclose(soft.soft_train.sum(1), 1, atol=1e-5)
    assert soft.soft_train.max() < 0.9 and np.mean(soft.soft_train.argmax(1) == soft.y_train) > 0.7
    reb = load_data(_small("f21_rebound_automatic_catalogue_appended_mlstm_logging"), 0)
    assert reb.x_extra is not None and reb.y_extra is not None and len(reb.y_extra) == 32


def test_geophone_cuts_low_frequencies_and_events_differ_by_frequency() -> None:
    from data_v21 import N, geophone, waveforms

    rng = np.random.default_rng(0)
    x, tp, ts = waveforms(np.array([0, 2, 3]), np.array([2.0, 2.0, 2.0]), rng)
    spec = np.abs(np.fft.rfft(x[:, 0], axis=-1)) ** 2
    f = np.fft.rfftfreq(N, 1 / 40)
    centroid = (spec * f).sum(1) / spec.sum(1)
    assert centroid[0] > centroid[1] > centroid[2] * 0.9  # local earthquakes carry the highest frequencies
    assert ts[1] - tp[1] > ts[0] - tp[0]  # regional S-P is longer
    g = np.abs(np.fft.rfft(geophone(x)[:, 0], axis=-1)) ** 2
    low = (f > 1) & (f < 2.5)
    assert (g[:, low].sum(1) < 0.25 * spec[:, low].sum(1)).all()


def test_schedules_and_loop_faults(tmp_path: Path) -> None:
    import copy

    import torch

    from data_v21 import load_data
    from models_v21 import torch_model, torch_optimizer
    from trainers_v21 import lr_factor, run

    inf = _fam("h21_quake_mlstm_adapnm_infinite_kcsv")  # warm-up 1 epoch, cool-down to 0.3, anneal to 0.006
    assert lr_factor(inf, 0, 100, 10) == pytest.approx(0.1) and lr_factor(inf, 9, 100, 10) == pytest.approx(1.0)
    assert lr_factor(inf, 50, 100, 10) == pytest.approx(0.3) and lr_factor(inf, 100, 100, 10) == pytest.approx(0.006)
    pl = _fam("f21_plateau_infinite_schedule_constant_lr_typo_mlstm_mlflow")
    assert lr_factor(pl, 50, 100, 10) * pl.lr == pytest.approx(3e-7)  # type: ignore[attr-defined]
    rs = _fam("h21_quake_cfc_adam_rsqrt_cooldown_hfcard")
    assert lr_factor(rs, 40, 100, 10) == pytest.approx(0.5)  # sqrt(10 / 40)
    assert lr_factor(rs, 90, 100, 10) == pytest.approx(math.sqrt(10 / 90) * 0.5)
    assert lr_factor(rs, 100, 100, 10) == pytest.approx(0.0, abs=1e-12)
    flat = _small("f21_flat_dog_reference_point_reset_every_step_mlstm_hfstdout")
    data = load_data(flat, 0)
    moved = {}
    for fam in (flat, dataclasses.replace(flat, dog_reset_x0=False)):
        torch.manual_seed(0)
        model = torch_model(fam, data)
        before = copy.deepcopy(model.state_dict())
        opt = torch_optimizer(fam, model.parameters())
        for _ in range(60):
            loss = torch.nn.functional.cross_entropy(model(torch.from_numpy(data.x_train[:32])),
                                                     torch.from_numpy(data.y_train[:32]))
            opt.zero_grad()
            loss.backward()
            opt.step()
        moved[fam.dog_reset_x0] = math.sqrt(sum(float(((before[k] - v) ** 2).sum())
                                               for k, v in model.named_parameters()))
    assert moved[True] < 1e-3 < 100 * moved[True] < moved[False]  # the reset DoG never leaves r_eps
    init = _small("f21_init_kaiming_fan_out_on_every_linear_mlstm_torch_tb")
    d = load_data(init, 0)
    torch.manual_seed(0)
    logits = torch_model(init, d)(torch.from_numpy(d.x_train)).detach()
    torch.manual_seed(0)
    plain = torch_model(dataclasses.replace(init, fan_out_init=False), d)(torch.from_numpy(d.x_train)).detach()
    assert logits.std() > 10 * plain.std()
    w = load_data(_small("f21_diverge_ten_to_the_magnitude_sample_weights_mlstm_lcsv"), 0).mag_train
    assert w is not None and (10 ** w).min() >= 10 and (10 ** w).max() / (10 ** w).min() > 20
    acc = _small("f21_valbelow_accumulated_micro_batch_losses_summed_cfc_savetxt", epochs=1)
    _, h, _ = run(acc, 0, tmp_path / "acc" / "log")
    assert h["loss"][0] > 3 * math.log(4) * 0.8 > h["val_loss"][0]  # the logged step is 4 micro-batch means
    killed = _small("f21_still_job_killed_at_time_limit_cfc_bracket", killed_at=2)
    assert len(run(killed, 0, tmp_path / "killed" / "log")[1]["loss"]) == 2


def test_berhu_is_l1_below_c_and_quadratic_above() -> None:
    import torch

    from models_v21 import berhu

    y = torch.zeros(3)
    per = berhu(torch.tensor([0.5, 1.0, 10.0]), y)  # c = 10 / 5 = 2
    assert torch.allclose(per, torch.tensor([0.5, 1.0, (100 + 4) / 4]))


def test_hand_written_optimisers_take_their_papers_steps() -> None:
    import torch

    from models_v21 import DoG, AdaPNM

    for mul, factor in ((False, 1 / math.sqrt(5)), (True, math.sqrt(5))):
        w = torch.nn.Parameter(torch.zeros(1))
        opt = AdaPNM([w], lr=0.1, betas=(0.9, 0.999, 1.0), eps=0.0, noise_norm_multiplied=mul)
        w.grad = torch.tensor([2.0])
        opt.step()  # pos = (1 - 0.81) g, neg = 0: delta = 2 pos / (1 - 0.9) = 3.8 g; denom = |g|
        assert float(w) == pytest.approx(-0.1 * factor * 2 * 0.19 * 2.0 / 0.1 / 2.0, rel=1e-5)
    p = torch.nn.Parameter(torch.tensor([3.0, 4.0], dtype=torch.float64))  # ||x0|| = 5: r_eps = 1e-6 * 6
    dog = DoG([p], lr=1.0)
    p.grad = torch.tensor([0.0, 2.0], dtype=torch.float64)
    dog.step()  # eta = r_eps / ||g|| = 3e-6
    assert torch.allclose(p.detach(), torch.tensor([3.0, 4.0 - 6e-6], dtype=torch.float64), atol=1e-9)
    p.grad = torch.tensor([0.0, 2.0], dtype=torch.float64)
    dog.step()  # rbar = max(r_eps, 6e-6) = 6e-6, G = 8: eta = 6e-6 / sqrt(8)
    assert float(p[1]) == pytest.approx(4.0 - 6e-6 - 2 * 6e-6 / math.sqrt(8), abs=1e-9)


def test_check_script_checks_this_generation() -> None:
    check = importlib.import_module("check_families_v21")
    assert check.FAMILIES_V21 is FAMILIES_V21
