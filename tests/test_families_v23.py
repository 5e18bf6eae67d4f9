"""The twenty-third-generation fault families (benchmarks/faults/families_v23.py): their labels use the contract's
names, their context uses real_runs/score.py's schema, every axis is new against v1-v22, their construction checks
tell a run that shows its fault from one that does not (on hand-made histories; the generated runs are checked by
check_families_v23.py), the data faults are built as labelled, the code faults do what their description says (the
atan2 without its square root takes sign steps, the AdaGrad-Norm accumulator never grows, the calibration temperature
makes the first loss huge, the slipped Power decay and the DeepSpeed steps in epochs starve the LR), and the
hand-written optimisers, loss and schedules take the steps their papers and APIs define. No test trains a full run."""
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

from checks_v23 import shows  # noqa: E402
from families_v23 import FAMILIES_V23, READER_FOR_V23, TRAINERS_V23, context  # noqa: E402
from family_contract import context_problems, history, label_problems  # noqa: E402
from trainers_v23 import WRITERS  # noqa: E402


def _fam(name: str) -> object:
    return next(f for f in FAMILIES_V23 if f.name == name)


def _small(name: str, **kw: object) -> object:
    return dataclasses.replace(_fam(name), **{"n_train": 64, "n_val": 16, **kw})  # type: ignore[type-var]


def _earlier() -> list[object]:
    from families import FAMILIES

    out = list(FAMILIES)
    for v in range(2, 23):
        out += getattr(importlib.import_module(f"families_v{v}"), f"FAMILIES_V{v}")
    return out


def test_labels_use_contract_names_and_one_family_per_curve_finding() -> None:
    assert all(f.name.startswith(("h23_", "f23_")) for f in FAMILIES_V23)
    assert not label_problems(FAMILIES_V23, TRAINERS_V23, READER_FOR_V23, WRITERS)
    assert {f.trainer for f in FAMILIES_V23} == set(TRAINERS_V23)  # every writer used
    assert sum(f.healthy for f in FAMILIES_V23) == 14 and len(FAMILIES_V23) == 31


def test_every_axis_is_new_against_earlier_generations() -> None:
    old = _earlier()
    assert not {f.name for f in FAMILIES_V23} & {f.name for f in old}
    for axis in ("data", "model"):
        assert not {getattr(f, axis) for f in FAMILIES_V23} & {getattr(f, axis, None) for f in old}, axis
    new_opts = {f.optimizer for f in FAMILIES_V23} - {"adam", "adamw", "momentum"}
    assert new_opts == {"atan2", "adagrad_norm"} and not new_opts & {getattr(f, "optimizer", None) for f in old}
    new_schedules = {f.schedule for f in FAMILIES_V23} - {"none"}
    assert new_schedules == {"power", "ds_log_warmup"}
    assert not new_schedules & {getattr(f, "schedule", None) for f in old}
    assert not {"fair"} & {getattr(f, "loss", None) for f in old}


def test_context_follows_the_real_runs_schema() -> None:
    from score import CONTEXT

    assert not context_problems(FAMILIES_V23, context, CONTEXT)
    assert context(_fam("h23_mass_performer_adam_power_savetxt")) == {
        "task": "regression", "loss": "other", "fine_tune": False, "best_checkpoint": False}
    # the user whose loss labels came from a loose match believes they train cross-entropy on the truth labels
    loose = _fam("f23_disagree_loose_truth_match_labels_in_loss_performer_karpathy")
    assert context(loose)["loss"] == "cross_entropy"


def test_healthy_checks_need_a_fall_and_a_flat_end() -> None:
    fam = _fam("h23_jets_edgeconv_atan2_power_kcsv")
    assert shows(fam, history([1.4, 0.6, 0.3, 0.2], [1.3, 0.5, 0.3, 0.25], [0.5, 0.8, 0.9, 0.92]), 4)[0]
    assert not shows(fam, history([1.4, 1.3, 1.2, 1.1], [1.4, 1.2, 1.15, 1.1], [0.5, 0.8, 0.9, 0.92]), 4)[0]
    assert not shows(fam, history([1.4, 0.6, 0.3, 0.2], [1.3, 0.4, 0.5, 0.6], [0.5, 0.8, 0.9, 0.92]), 4)[0]
    floor = _fam("h23_mass_performer_adam_power_savetxt")  # Fair: a 25 % fall
    assert shows(floor, history([0.2, 0.12, 0.11], [0.15, 0.12, 0.12]), 1)[0]
    assert not shows(floor, history([0.2, 0.18, 0.17], [0.18, 0.17, 0.17]), 1)[0]


def test_chance_level_checks_take_the_task_chance() -> None:
    ln4 = math.log(4)
    init = _fam("f23_init_calibration_temperature_left_in_forward_performer_torch_tb")  # 5 x ln 4 = 6.93
    assert shows(init, history([7.5, 0.6], [2.0, 0.6], [0.5, 0.8]), 4)[0]
    assert not shows(init, history([6.5, 0.6], [2.0, 0.6], [0.5, 0.8]), 4)[0]
    chance = _fam("f23_chance_constituents_sorted_over_jets_axis0_performer_fastai")
    assert shows(chance, history([ln4] * 3, [ln4] * 3, [0.24, 0.27, 0.25]), 4)[0]
    assert not shows(chance, history([ln4] * 3, [ln4, 1.0, 0.8], [0.25, 0.5, 0.7]), 4)[0]
    disagree = _fam("f23_disagree_loose_truth_match_labels_in_loss_performer_karpathy")
    assert shows(disagree, history([1.2, 1.1], [1.2, 1.1], [0.8, 0.9]), 4)[0]
    assert not shows(disagree, history([1.2, 0.3], [1.1, 0.3], [0.8, 0.9]), 4)[0]
    under = _fam("f23_underfit_pt_only_feature_list_edgeconv_kjson")
    assert shows(under, history([1.3, 1.2], [1.3, 1.2], [0.4, 0.5]), 4)[0]
    assert not shows(under, history([1.3, 0.3], [1.3, 0.35], [0.4, 0.9]), 4)[0]


@pytest.mark.parametrize("name", ["f23_rebound_stage2_jets_in_reversed_class_order_performer_logging",
                                  "f23_spikes_hard_example_mining_epochs_alone_performer_hfstate"])
def test_event_checks_look_at_the_injected_epoch(name: str) -> None:
    fam = _fam(name)
    flat = [1.0, 0.8, 0.7, 0.65, 0.6, 0.58, 0.56, 0.55, 0.54, 0.53, 0.52, 0.51, 0.5, 0.5, 0.5, 0.5]
    assert not shows(fam, history(flat, flat), 1)[0]
    bumped = list(flat)
    if "rebound" in name:
        start = fam.stage2_at  # type: ignore[attr-defined]
        bumped[start:] = [5.0] * (len(flat) - start)
    else:
        assert fam.spike_epochs == (3, 7, 11)  # type: ignore[attr-defined]
        for e in fam.spike_epochs:  # type: ignore[attr-defined]
            bumped[e] = 3.0
    assert shows(fam, history(bumped, bumped), 1)[0]


def test_jets_carry_their_class_and_the_mass_its_prongs() -> None:
    from data_v23 import M_MEAN, M_STD, load_data

    d = load_data(_small("h23_jets_edgeconv_atan2_power_kcsv", n_train=800), 0)
    mult = [d.m_train[d.y_train == c].sum(1).mean() for c in range(4)]
    assert mult[1] > mult[0] + 5  # gluon jets hold more particles than quark jets
    m = load_data(dataclasses.replace(_fam("h23_mass_performer_adam_power_savetxt"), n_train=600, n_val=16), 0)
    mass = m.y_train * M_STD + M_MEAN
    assert 60 < np.median(mass) < 140 and np.isfinite(m.x_train).all()


def test_data_faults_are_built_as_labelled() -> None:
    from data_v23 import FEATURES, load_data

    cut = load_data(_small("f23_overfit_debug_max_events_left_in_config_edgeconv_kv", n_train=1500), 0)
    assert len(cut.y_train) == 200
    fam = _small("f23_chance_constituents_sorted_over_jets_axis0_performer_fastai", n_train=400)
    bad = load_data(fam, 0)
    lead = bad.x_train[:, 0, 0]
    assert np.all(np.diff(lead[bad.m_train[:, 0]]) >= 0)  # the leading pT rises with the jet's index: sorted
    nan = load_data(dataclasses.replace(_fam("f23_nan_zero_energy_constituent_under_log_performer_pipe"),
                                        n_val=16), 0)
    rows = np.isneginf(nan.x_train).any((1, 2))
    assert 0 < rows.sum() < 0.02 * 1500 and np.isfinite(nan.y_train).all()
    leak = load_data(_small("f23_leak_truth_flavour_column_in_features_edgeconv_pandas_tsv"), 0)
    for x, m, y in ((leak.x_train, leak.m_train, leak.y_train), (leak.x_val, leak.m_val, leak.y_val)):
        assert x.shape[-1] == FEATURES + 1 and np.array_equal(x[:, 0, -1], y)  # the flavour is the label
    loose = load_data(_small("f23_disagree_loose_truth_match_labels_in_loss_performer_karpathy", n_train=1000), 0)
    assert loose.yl_train is not None
    assert 0.45 < np.mean(loose.yl_train == loose.y_train) < 0.7  # 55 % random of 4: ~59 % agree
    hi = load_data(_small("f23_gap_val_from_high_pt_slice_edgeconv_ignite", n_val=300), 0)
    lo = load_data(_small("f23_gap_val_from_high_pt_slice_edgeconv_ignite", n_val=300, highpt_val=False), 0)
    assert hi.x_val[:, 0, 0].mean() > lo.x_val[:, 0, 0].mean() + 0.3  # harder leading particles
    reb = load_data(_small("f23_rebound_stage2_jets_in_reversed_class_order_performer_logging"), 0)
    assert reb.y_extra is not None and len(reb.y_extra) == 32 and reb.x_extra is not None
    pt_only = load_data(_small("f23_underfit_pt_only_feature_list_edgeconv_kjson"), 0)
    assert pt_only.x_train.shape[1:] == (30, 1) and pt_only.x_val.shape[1:] == (30, 1)


def test_schedules_and_loop_faults(tmp_path: Path) -> None:
    import torch

    from data_v23 import load_data
    from models_v23 import torch_model
    from trainers_v23 import lr_factors, run

    power = _fam("h23_mass_performer_adam_power_savetxt")
    f = lr_factors(power, 150, 10)
    assert f[0] == pytest.approx(0.1) and f[9] == pytest.approx(1.0)
    assert f[40] == pytest.approx(4 ** -0.51) and f[150] == pytest.approx(0.01 * 15 ** -0.51)
    slip = lr_factors(_fam("f23_plateau_power_scheduler_decay_start_slip_performer_mlflow"), 150, 10)
    assert slip[30] == pytest.approx(0.01 * 3 ** -0.51) and slip[150] < 1e-8
    ds = _fam("h23_jets_performer_atan2_ds_log_warmup_torch_tb")
    g = lr_factors(ds, 120, 10)
    assert g[0] == 0.0 and g[5] == pytest.approx(math.log(6) / math.log(11)) and g[10] == pytest.approx(1.0)
    assert g[65] == pytest.approx(0.5) and g[120] == 0.0
    flat = lr_factors(_fam("f23_flat_deepspeed_warmup_decay_steps_in_epochs_edgeconv_hfstdout"), 240, 24)
    assert flat[1] == pytest.approx(1.0) and np.all(flat[10:] == 0.0)
    init = _small("f23_init_calibration_temperature_left_in_forward_performer_torch_tb")
    d = load_data(init, 0)
    torch.manual_seed(0)
    model = torch_model(init, d)
    from models_v23 import task_loss

    x, m, y = torch.from_numpy(d.x_train), torch.from_numpy(d.m_train), torch.from_numpy(d.y_train)
    hot = float(task_loss(init, d, model, x, m, y)[0])
    plain = float(task_loss(dataclasses.replace(init, temperature=1.0), d, model, x, m, y)[0])
    assert hot > 5 * math.log(4) > 2 * plain
    still = _small("f23_still_epochs_divided_by_gpu_count_edgeconv_bracket", epochs=16)
    assert len(run(still, 0, tmp_path / "still" / "log")[1]["loss"]) == 2
    pu = _small("f23_valbelow_pileup_200_overlay_in_training_edgeconv_savetxt", epochs=1)
    _, h, _ = run(pu, 0, tmp_path / "pu" / "log")
    assert len(h["loss"]) == 1 and np.isfinite(h["loss"]).all()


def test_pileup_overlay_and_rotation_touch_only_what_they_say() -> None:
    import torch

    from data_v23 import load_data
    from trainers_v23 import _augment

    fam = _small("f23_valbelow_pileup_200_overlay_in_training_edgeconv_savetxt")
    d = load_data(fam, 0)
    x, m = torch.from_numpy(d.x_train), torch.from_numpy(d.m_train)
    xa, ma = _augment(fam, d, x, m, torch.Generator().manual_seed(0))
    assert torch.equal(xa[:, :10], x[:, :10]) and not torch.equal(xa[:, 10:], x[:, 10:])  # at most 20 slots
    changed = (xa != x).any(-1)
    assert (changed <= ma).all() and changed[:, -1].float().mean() > 0.8
    rot = dataclasses.replace(fam, pu_overlay=0, rotate=True)
    xr, _ = _augment(rot, d, x, m, torch.Generator().manual_seed(0))
    r0, r1 = x[..., 2] ** 2 + x[..., 3] ** 2, xr[..., 2] ** 2 + xr[..., 3] ** 2
    assert torch.allclose(r0, r1, atol=1e-5) and torch.equal(xr[..., :2], x[..., :2])


def test_fair_is_quadratic_near_zero_and_linear_in_the_tails() -> None:
    import torch

    from models_v23 import fair

    per = fair(torch.tensor([0.01, 1.0, 100.0]), torch.zeros(3))
    assert float(per[0]) == pytest.approx(0.5 * 1e-4, rel=1e-2)
    assert float(per[1]) == pytest.approx(1 - math.log(2))
    assert float(per[2]) == pytest.approx(100 - math.log(101))


def test_hand_written_optimisers_take_their_papers_steps() -> None:
    import torch

    from models_v23 import AdaGradNorm, AdamAtan2

    g = torch.tensor([0.01, -0.02, 0.5])
    for no_sqrt, want in ((False, torch.atan2(g, g.abs())), (True, torch.atan2(g, g * g))):
        w = torch.nn.Parameter(torch.zeros(3))
        opt = AdamAtan2([w], lr=0.1, no_sqrt=no_sqrt)
        w.grad = g.clone()
        opt.step()  # m_hat = g, v_hat = g^2: atan2(g, |g|) = +-pi/4; without sqrt atan2(g, g^2) -> +-pi/2
        assert torch.allclose(w.detach(), -0.1 * want, rtol=1e-5)
    assert torch.allclose(torch.atan2(g, g * g)[:2].abs(), torch.full((2,), math.pi / 2), atol=0.03)
    for stale in (False, True):
        p = torch.nn.Parameter(torch.zeros(2))
        opt = AdaGradNorm([p], lr=1.0, b0=0.1, stale=stale)
        steps = []
        for _ in range(2):
            before = p.detach().clone()
            p.grad = torch.tensor([3.0, 4.0])
            opt.step()
            steps.append(float((before - p.detach()).norm()))
        want = [5.0 / 0.1] * 2 if stale else [5.0 / math.sqrt(0.01 + 25.0), 5.0 / math.sqrt(0.01 + 50.0)]
        assert steps == pytest.approx(want, rel=1e-5)  # stale: b stays b0, every step plain SGD at lr / b0


def test_models_respect_the_mask() -> None:
    import torch

    from data_v23 import load_data
    from models_v23 import torch_model

    for name in ("h23_jets_edgeconv_atan2_power_kcsv", "h23_jets_performer_atan2_rotate_karpathy"):
        fam = _small(name)
        d = load_data(fam, 0)
        torch.manual_seed(0)
        model = torch_model(fam, d).eval()
        x, m = torch.from_numpy(d.x_train[:4]), torch.from_numpy(d.m_train[:4])
        noise = torch.where(m[..., None], x, torch.randn_like(x) * 5)  # junk in the empty slots
        assert torch.allclose(model(x, m), model(noise, m), atol=1e-4)


def test_check_script_checks_this_generation() -> None:
    check = importlib.import_module("check_families_v23")
    assert check.FAMILIES_V23 is FAMILIES_V23
