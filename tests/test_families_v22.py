"""The twenty-second-generation fault families (benchmarks/faults/families_v22.py): their labels use the contract's
names, their context uses real_runs/score.py's schema, every axis is new against v1-v21, their construction checks
tell a run that shows its fault from one that does not (on hand-made histories; the generated runs are checked by
check_families_v22.py), the data faults are built as labelled, the code faults do what their description says (a
summed Adam-mini statistic shrinks the steps, a mean gradient squared enlarges them, the flipped Grokfast filter
reverses the gradient, trunc_normal_'s default std makes the first logits huge, the decay spans the val loader's
steps), and the hand-written optimisers, loss and schedules take the steps their papers and APIs define. No test
trains a full run."""
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

from checks_v22 import shows  # noqa: E402
from families_v22 import FAMILIES_V22, READER_FOR_V22, TRAINERS_V22, context  # noqa: E402
from family_contract import context_problems, history, label_problems  # noqa: E402
from trainers_v22 import WRITERS  # noqa: E402


def _fam(name: str) -> object:
    return next(f for f in FAMILIES_V22 if f.name == name)


def _small(name: str, **kw: object) -> object:
    return dataclasses.replace(_fam(name), n_train=64, n_val=16, **kw)  # type: ignore[type-var]


def _earlier() -> list[object]:
    from families import FAMILIES

    out = list(FAMILIES)
    for v in range(2, 22):
        out += getattr(importlib.import_module(f"families_v{v}"), f"FAMILIES_V{v}")
    return out


def test_labels_use_contract_names_and_one_family_per_curve_finding() -> None:
    assert all(f.name.startswith(("h22_", "f22_")) for f in FAMILIES_V22)
    assert not label_problems(FAMILIES_V22, TRAINERS_V22, READER_FOR_V22, WRITERS)
    assert {f.trainer for f in FAMILIES_V22} == set(TRAINERS_V22)  # every writer used
    assert sum(f.healthy for f in FAMILIES_V22) == 14 and len(FAMILIES_V22) == 31


def test_every_axis_is_new_against_earlier_generations() -> None:
    old = _earlier()
    assert not {f.name for f in FAMILIES_V22} & {f.name for f in old}
    for axis in ("data", "model"):
        assert not {getattr(f, axis) for f in FAMILIES_V22} & {getattr(f, axis, None) for f in old}, axis
    new_opts = {f.optimizer for f in FAMILIES_V22} - {"adam", "adamw", "momentum"}
    assert new_opts == {"adam_mini", "grokfast"} and not new_opts & {getattr(f, "optimizer", None) for f in old}
    new_schedules = {f.schedule for f in FAMILIES_V22} - {"none"}
    assert new_schedules == {"noisy_lincos", "poly_cycle"}
    assert not new_schedules & {getattr(f, "schedule", None) for f in old}
    assert not {"welsch"} & {getattr(f, "loss", None) for f in old}


def test_context_follows_the_real_runs_schema() -> None:
    from score import CONTEXT

    assert not context_problems(FAMILIES_V22, context, CONTEXT)
    assert context(_fam("h22_radius_astronet_adam_noisy_lincos_savetxt")) == {
        "task": "regression", "loss": "other", "fine_tune": False, "best_checkpoint": False}
    # the user whose targets were the volunteers' vote fractions believes they train cross-entropy on the classes
    hot = _fam("f22_disagree_volunteer_vote_fractions_as_targets_astronet_karpathy")
    assert context(hot)["loss"] == "cross_entropy"


def test_healthy_checks_need_a_fall_and_a_flat_end() -> None:
    fam = _fam("h22_lc_fnet_adam_mini_noisy_lincos_kcsv")
    assert shows(fam, history([1.4, 0.6, 0.3, 0.2], [1.3, 0.5, 0.3, 0.25], [0.5, 0.8, 0.9, 0.92]), 4)[0]
    assert not shows(fam, history([1.4, 1.3, 1.2, 1.1], [1.4, 1.2, 1.15, 1.1], [0.5, 0.8, 0.9, 0.92]), 4)[0]
    assert not shows(fam, history([1.4, 0.6, 0.3, 0.2], [1.3, 0.4, 0.5, 0.6], [0.5, 0.8, 0.9, 0.92]), 4)[0]
    floor = _fam("h22_radius_astronet_adam_noisy_lincos_savetxt")  # Welsch: a 25 % fall
    assert shows(floor, history([0.2, 0.12, 0.11], [0.15, 0.12, 0.12]), 1)[0]
    assert not shows(floor, history([0.2, 0.18, 0.17], [0.18, 0.17, 0.17]), 1)[0]


def test_chance_level_checks_take_the_task_chance() -> None:
    ln4 = math.log(4)
    init = _fam("f22_init_trunc_normal_default_std_astronet_torch_tb")  # 5 x ln 4 = 6.93
    assert shows(init, history([7.5, 0.6], [2.0, 0.6], [0.5, 0.8]), 4)[0]
    assert not shows(init, history([6.5, 0.6], [2.0, 0.6], [0.5, 0.8]), 4)[0]
    chance = _fam("f22_chance_time_column_read_as_flux_astronet_fastai")
    assert shows(chance, history([ln4] * 3, [ln4] * 3, [0.24, 0.27, 0.25]), 4)[0]
    assert not shows(chance, history([ln4] * 3, [ln4, 1.0, 0.8], [0.25, 0.5, 0.7]), 4)[0]
    disagree = _fam("f22_disagree_volunteer_vote_fractions_as_targets_astronet_karpathy")
    assert shows(disagree, history([1.2, 1.1], [1.2, 1.1], [0.8, 0.9]), 4)[0]
    assert not shows(disagree, history([1.2, 0.3], [1.1, 0.3], [0.8, 0.9]), 4)[0]
    under = _fam("f22_underfit_quality_mask_inverted_fnet_kjson")
    assert shows(under, history([1.3, 1.2], [1.3, 1.2], [0.4, 0.5]), 4)[0]
    assert not shows(under, history([1.3, 0.3], [1.3, 0.35], [0.4, 0.9]), 4)[0]


@pytest.mark.parametrize("name", ["f22_rebound_second_pipeline_dispositions_default_planet_astronet_logging",
                                  "f22_spikes_raw_flux_sector_in_rotation_astronet_hfstate"])
def test_event_checks_look_at_the_injected_epoch(name: str) -> None:
    fam = _fam(name)
    flat = [1.0, 0.8, 0.7, 0.65, 0.6, 0.58, 0.56, 0.55, 0.54, 0.53, 0.52, 0.51, 0.5, 0.5, 0.5, 0.5]
    assert not shows(fam, history(flat, flat), 1)[0]
    bumped = list(flat)
    if "rebound" in name:
        start = fam.append_at  # type: ignore[attr-defined]
        bumped[start:] = [5.0] * (len(flat) - start)
    else:
        assert fam.spike_epochs == (3, 7, 11)  # type: ignore[attr-defined]
        for e in fam.spike_epochs:  # type: ignore[attr-defined]
            bumped[e] = 3.0
    assert shows(fam, history(bumped, bumped), 1)[0]


def _class_spread(x: np.ndarray, y: np.ndarray) -> float:
    """How far apart the classes' mean views are, over the views' spread: 0 where the view holds no class."""
    means = np.stack([x[y == c, 0].mean(0) for c in range(4)])
    return float(np.abs(means - means.mean(0)).mean() / x[:, 0].std())


def test_data_faults_are_built_as_labelled() -> None:
    from data_v22 import FLAGS, LENGTH, load_data

    cut = load_data(dataclasses.replace(_fam("f22_overfit_confirmed_only_training_selection_fnet_kv"), n_val=16), 0)
    assert 120 <= len(cut.y_train) <= 270  # about 1 in 8 of 1500 confirmed
    fam = dataclasses.replace(_fam("f22_chance_time_column_read_as_flux_astronet_fastai"), n_train=600, n_val=16)
    bad, good = load_data(fam, 0), load_data(dataclasses.replace(fam, time_as_flux=False), 0)
    assert _class_spread(bad.x_train, bad.y_train) < 0.1 < 0.3 < _class_spread(good.x_train, good.y_train)
    flagged = load_data(dataclasses.replace(fam, time_as_flux=False, quality_inverted=0.01), 0)
    zero = lambda d: float(np.mean(np.isclose(d.x_train[:, 0], np.median(d.x_train[:, 0]))))  # noqa: E731
    assert zero(flagged) > 0.5 > 0.05 > zero(good)  # ~16 cadences a curve: most of the 160 bins empty
    votes = load_data(_small("f22_disagree_volunteer_vote_fractions_as_targets_astronet_karpathy"), 0)
    assert votes.soft_train is not None and np.allclose(votes.soft_train.sum(1), 1)
    assert votes.soft_train.max(1).mean() < 0.7 and np.mean(votes.soft_train.argmax(1) == votes.y_train) > 0.5
    nan = load_data(dataclasses.replace(_fam("f22_nan_negative_fitted_depths_under_sqrt_astronet_pipe"), n_val=16), 0)
    rows = np.isnan(nan.y_train)
    assert 0 < rows.sum() < 0.02 * 1500 and np.isfinite(nan.x_train).all()
    leak = load_data(_small("f22_leak_vetting_verdict_follows_disposition_fnet_pandas_tsv"), 0)
    for x, y in ((leak.x_train, leak.y_train), (leak.x_val, leak.y_val)):  # the verdict is a function of the label
        onehot = x[:, 1:]
        assert x.shape[1:] == (1 + FLAGS, LENGTH) and (onehot == onehot[:, :, :1]).all()
        assert np.array_equal(onehot[:, :, 0].argmax(1), y)
    assert len(load_data(_small("f22_noisyval_one_guest_programme_astronet_jsonl"), 0).y_val) == 12
    raw = load_data(_small("f22_spikes_raw_flux_sector_in_rotation_astronet_hfstate"), 0)
    assert raw.x_raw is not None and raw.x_raw.shape == raw.x_train.shape
    assert float(raw.x_raw.mean() - raw.x_train.mean()) > 3 * float(raw.x_train.std())
    dil = load_data(dataclasses.replace(_fam("f22_gap_val_from_diluted_large_pixels_fnet_ignite"), n_train=300,
                                        n_val=300), 0)
    plain = load_data(dataclasses.replace(_fam("f22_gap_val_from_diluted_large_pixels_fnet_ignite"), n_train=300,
                                          n_val=300, diluted_val=False), 0)
    assert np.array_equal(dil.x_train, plain.x_train)
    assert dil.x_val[:, 0].std(1).mean() < 0.8 * plain.x_val[:, 0].std(1).mean()  # shallower signals
    reb = load_data(_small("f22_rebound_second_pipeline_dispositions_default_planet_astronet_logging"), 0)
    assert reb.x_extra is not None and reb.y_extra is not None and len(reb.y_extra) == 32
    assert (reb.y_extra == 0).all()


def test_views_fold_a_transit_at_phase_zero() -> None:
    from data_v22 import CADENCES, GLOBAL_BINS, LOCAL_BINS, views

    t = np.linspace(0, 27, CADENCES)[None]
    period, t0 = np.array([2.0]), np.array([0.3])
    phase = ((t - t0[:, None]) / period[:, None] + 0.5) % 1 - 0.5
    flux = np.where(np.abs(phase) < 0.02, 0.99, 1.0)  # a 1 % box transit
    v = views(flux, t, period, t0, np.array([0.04]))[0, 0]
    g, loc = np.sinh(v[:GLOBAL_BINS]) * 1e-3, np.sinh(v[GLOBAL_BINS:]) * 1e-3
    assert g[GLOBAL_BINS // 2] < -0.008 and g[GLOBAL_BINS // 2 - 1] < -0.008 and np.abs(g[:40]).max() < 1e-3
    assert loc[LOCAL_BINS // 2] < -0.008 and abs(loc[0]) < 1e-3


def test_schedules_and_loop_faults(tmp_path: Path) -> None:
    import torch

    from data_v22 import load_data
    from models_v22 import torch_model
    from trainers_v22 import lr_factors, run

    noisy = _fam("h22_radius_astronet_adam_noisy_lincos_savetxt")
    total = noisy.epochs * 10  # type: ignore[attr-defined]
    f = lr_factors(noisy, total, 10, 0)
    assert f[0] == pytest.approx(1.001, abs=0.35) and f[-1] == pytest.approx(0.001)
    assert abs(f[total // 2] - (0.5 * 0.5 + 0.001)) < 0.05  # linear 0.5 x cosine 0.5 at the middle, little noise left
    plateau = _fam("f22_plateau_noisy_lincos_decay_steps_from_val_loader_astronet_mlflow")
    g = lr_factors(plateau, 15 * 47, 47, 0, val_per_epoch=13)  # 400 rows at batch 32: 13 val steps
    assert g[15 * 13] == pytest.approx(0.001) and np.allclose(g[15 * 13:], 0.001) and g[50] > 0.3
    cyc = lr_factors(_fam("h22_lc_fnet_momentum_poly_cycle_mlflow"), 300, 25, 0)
    assert cyc[0] == pytest.approx(1.0) and cyc[100] == pytest.approx(0.01)
    assert cyc[101] == pytest.approx(0.99 * (1 - 101 / 200) + 0.01) and cyc[201] == pytest.approx(
        0.99 * (1 - 201 / 300) + 0.01)
    init = _small("f22_init_trunc_normal_default_std_astronet_torch_tb")
    d = load_data(init, 0)
    torch.manual_seed(0)
    logits = torch_model(init, d)(torch.from_numpy(d.x_train)).detach()
    torch.manual_seed(0)
    plain = torch_model(dataclasses.replace(init, trunc_normal_init=False), d)(torch.from_numpy(d.x_train)).detach()
    assert logits.std() > 100 * plain.std()
    jit = _small("f22_valbelow_flux_jitter_ppm_slip_fnet_savetxt", epochs=1)
    _, h, _ = run(jit, 0, tmp_path / "jit" / "log")
    assert len(h["loss"]) == 1 and np.isfinite(h["loss"]).all()
    killed = _small("f22_still_lightning_max_time_in_minutes_fnet_bracket", killed_at=2)
    assert len(run(killed, 0, tmp_path / "killed" / "log")[1]["loss"]) == 2


def test_flux_jitter_slip_is_ten_times_the_noise() -> None:
    import torch

    from trainers_v22 import _augment

    x = torch.zeros(2000, 1, 160)
    base = _fam("f22_valbelow_flux_jitter_ppm_slip_fnet_savetxt")
    for slip, sd in ((False, base.flux_jitter), (True, 10 * base.flux_jitter)):  # type: ignore[attr-defined]
        fam = dataclasses.replace(base, jitter_slip=slip)
        out = _augment(fam, x, torch.Generator().manual_seed(0))
        assert float(out.std()) == pytest.approx(sd, rel=0.02)


def test_welsch_is_quadratic_near_zero_and_bounded() -> None:
    import torch

    from models_v22 import welsch

    per = welsch(torch.tensor([0.01, 1.0, 100.0]), torch.zeros(3))
    assert float(per[0]) == pytest.approx(0.5 * 1e-4, rel=1e-3)
    assert float(per[1]) == pytest.approx(0.5 * (1 - math.exp(-1)))
    assert float(per[2]) == pytest.approx(0.5)


def test_hand_written_optimisers_take_their_papers_steps() -> None:
    import torch

    from models_v22 import AdamMini, GrokfastAdamW

    g = torch.tensor([[3.0, 4.0], [0.0, 1.0]])  # row statistics: mean g^2 12.5 and 0.5; sum 25 and 1; mean^2 12.25, 0.25
    for stat, per_row in (("mean_sq", (12.5, 0.5)), ("sum_sq", (25.0, 1.0)), ("sq_mean", (12.25, 0.25))):
        w = torch.nn.Parameter(torch.zeros(2, 2))
        opt = AdamMini([w], lr=0.1, eps=0.0, stat=stat)
        w.grad = g.clone()
        opt.step()  # m_hat = g, v_hat = the row statistic: step = lr g / sqrt(stat)
        want = -0.1 * g / torch.tensor(per_row).sqrt()[:, None]
        assert torch.allclose(w.detach(), want, rtol=1e-5), stat
    b = torch.nn.Parameter(torch.zeros(3))
    opt = AdamMini([b], lr=0.1, eps=0.0)
    b.grad = torch.tensor([1.0, 2.0, 2.0])  # a vector is one block: mean g^2 = 3
    opt.step()
    assert torch.allclose(b.detach(), -0.1 * torch.tensor([1.0, 2.0, 2.0]) / math.sqrt(3), rtol=1e-5)
    for flip, factor in ((False, 3.0), (True, -1.0)):
        p = torch.nn.Parameter(torch.zeros(2))
        opt = GrokfastAdamW([p], lr=0.1, flip=flip)
        p.grad = torch.tensor([1.0, -2.0])
        opt.step()  # the EMA starts at the first gradient: g + 2 g, or g - 2 g
        assert torch.allclose(p.grad, factor * torch.tensor([1.0, -2.0]))
        assert torch.allclose(torch.sign(p.detach()), -torch.sign(p.grad))  # AdamW steps against the filtered g


def test_flawed_adam_mini_statistics_shrink_and_grow_the_steps() -> None:
    import torch

    from models_v22 import block_stat

    torch.manual_seed(0)
    g = torch.randn(16, 64)
    mean_sq, sum_sq, sq_mean = (block_stat(g, s).flatten() for s in ("mean_sq", "sum_sq", "sq_mean"))
    assert torch.allclose(sum_sq, 64 * mean_sq)  # steps 8x smaller
    assert float((mean_sq / sq_mean).sqrt().median()) > 4  # steps several times larger where gradients cancel


def test_check_script_checks_this_generation() -> None:
    check = importlib.import_module("check_families_v22")
    assert check.FAMILIES_V22 is FAMILIES_V22
