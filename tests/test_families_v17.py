"""The seventeenth-generation fault families (benchmarks/faults/families_v17.py): their labels use the contract's names,
their context uses real_runs/score.py's schema, every axis is new against v1-v16, their construction checks tell a
run that shows its fault from one that does not (on hand-made histories; the generated runs are checked by
check_families_v17.py), the data faults are built as labelled, and the code faults do what their description says
(QHM's unnormalised buffer grows 1 / (1 - beta) times larger, the knee's decay span in epochs ends the LR within a few
steps, a step above backward never moves the weights, a 'module.'-prefixed checkpoint loads nothing with
strict=False, odd epochs walk the archive sorted by class), and the hand-written optimisers take the steps their
papers define. No test trains a full run."""
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

from checks_v17 import shows  # noqa: E402
from families_v17 import FAMILIES_V17, READER_FOR_V17, TRAINERS_V17, context  # noqa: E402
from family_contract import context_problems, history, label_problems  # noqa: E402
from trainers_v17 import WRITERS  # noqa: E402


def _fam(name: str) -> object:
    return next(f for f in FAMILIES_V17 if f.name == name)


def _small(name: str, **kw: object) -> object:
    return dataclasses.replace(_fam(name), n_train=32, n_val=8, **kw)  # type: ignore[type-var]


def _earlier() -> list[object]:
    from families import FAMILIES

    out = list(FAMILIES)
    for v in range(2, 17):
        out += getattr(importlib.import_module(f"families_v{v}"), f"FAMILIES_V{v}")
    return out


def test_labels_use_contract_names_and_one_family_per_curve_finding() -> None:
    assert all(f.name.startswith(("h17_", "f17_")) for f in FAMILIES_V17)
    assert not label_problems(FAMILIES_V17, TRAINERS_V17, READER_FOR_V17, WRITERS)
    assert {f.trainer for f in FAMILIES_V17} == set(TRAINERS_V17)  # every writer used
    assert sum(f.healthy for f in FAMILIES_V17) == 14 and len(FAMILIES_V17) == 31


def test_every_axis_is_new_against_earlier_generations() -> None:
    old = _earlier()
    assert not {f.name for f in FAMILIES_V17} & {f.name for f in old}
    for axis in ("data", "model"):
        assert not {getattr(f, axis) for f in FAMILIES_V17} & {getattr(f, axis, None) for f in old}, axis
    new_opts = {f.optimizer for f in FAMILIES_V17} - {"adam", "adamw", "momentum"}
    assert new_opts == {"qhm", "fromage", "tiger"} and not new_opts & {getattr(f, "optimizer", None) for f in old}
    assert not {"knee", "cos2"} & {getattr(f, "schedule", None) for f in old}


def test_context_follows_the_real_runs_schema() -> None:
    from score import CONTEXT

    assert not context_problems(FAMILIES_V17, context, CONTEXT)
    assert context(_fam("h17_grid_res2net_adamw_earlystop_restore_mlflow"))["best_checkpoint"] is True
    assert context(_fam("h17_distance_res2net_adam_knee_savetxt")) == {
        "task": "regression", "loss": "other", "fine_tune": False, "best_checkpoint": False}
    # the user whose targets are the relay's soft probabilities still says cross-entropy on fault types
    assert context(_fam("f17_disagree_relay_soft_probabilities_as_targets_res2net_karpathy"))["loss"] == "cross_entropy"


def test_healthy_checks_need_a_fall_and_a_flat_end() -> None:
    fam = _fam("h17_grid_res2net_qhm_knee_kcsv")
    assert shows(fam, history([1.3, 0.6, 0.3, 0.2], [1.2, 0.5, 0.3, 0.25], [0.5, 0.8, 0.9, 0.92]), 4)[0]
    assert not shows(fam, history([1.3, 1.0, 0.9, 0.8], [1.3, 0.9, 0.85, 0.8], [0.5, 0.8, 0.9, 0.92]), 4)[0]
    assert not shows(fam, history([1.3, 0.6, 0.3, 0.2], [1.2, 0.4, 0.5, 0.6], [0.5, 0.8, 0.9, 0.92]), 4)[0]
    floor = _fam("h17_distance_sincnet_fromage_batch128_40ep_pandas_tsv")  # the Cauchy loss: a 25 % fall
    assert shows(floor, history([3.0, 1.5, 1.4], [2.0, 1.45, 1.44]), 1)[0]
    assert not shows(floor, history([3.0, 2.8, 2.6], [2.9, 2.7, 2.6]), 1)[0]


def test_chance_level_checks_take_the_task_chance() -> None:
    ln4 = math.log(4)
    init = _fam("f17_init_primary_ampere_export_sincnet_torch_tb")  # 5 x ln 4 = 6.93
    assert shows(init, history([7.5, 0.6], [2.0, 0.6], [0.5, 0.8]), 4)[0]
    assert not shows(init, history([6.0, 0.6], [2.0, 0.6], [0.5, 0.8]), 4)[0]
    chance = _fam("f17_chance_labels_listdir_order_vs_sorted_glob_res2net_fastai")
    assert shows(chance, history([ln4] * 3, [ln4] * 3, [0.24, 0.27, 0.25]), 4)[0]
    assert not shows(chance, history([ln4] * 3, [ln4, 1.0, 0.8], [0.25, 0.5, 0.7]), 4)[0]
    disagree = _fam("f17_disagree_relay_soft_probabilities_as_targets_res2net_karpathy")
    assert shows(disagree, history([1.3, 1.21], [1.25, 1.2], [0.8, 0.95]), 4)[0]
    assert not shows(disagree, history([1.2, 0.3], [1.1, 0.3], [0.8, 0.9]), 4)[0]
    under = _fam("f17_underfit_l2_per_sample_times_n_as_adamw_decay_sincnet_kjson")
    assert shows(under, history([1.38, 1.1], [1.38, 1.12], [0.4, 0.5]), 4)[0]
    assert not shows(under, history([1.38, 0.3], [1.38, 0.35], [0.4, 0.9]), 4)[0]


@pytest.mark.parametrize("name", ["f17_rebound_resume_strict_false_module_prefix_res2net_logging",
                                  "f17_spikes_unreviewed_month_default_labels_res2net_hfstate"])
def test_event_checks_look_at_the_injected_epoch(name: str) -> None:
    fam = _fam(name)
    flat = [1.0, 0.8, 0.7, 0.65, 0.6, 0.58, 0.56, 0.55, 0.54, 0.53, 0.52, 0.51, 0.5, 0.5, 0.5, 0.5]
    assert not shows(fam, history(flat, flat), 1)[0]
    bumped = list(flat)
    if "rebound" in name:
        start = fam.resume_at  # type: ignore[attr-defined]
        bumped[start:] = [5.0] * (len(flat) - start)
    else:
        for e in fam.unreviewed_epochs:  # type: ignore[attr-defined]
            bumped[e] = 3.0
    assert shows(fam, history(bumped, bumped), 1)[0]


def test_data_faults_are_built_as_labelled() -> None:
    from data_v17 import CT_RATIO, load_data

    mix = _small("f17_chance_labels_listdir_order_vs_sorted_glob_res2net_fastai")
    bad, good = load_data(mix, 0), load_data(dataclasses.replace(mix, label_order_mismatch=False), 0)
    assert np.array_equal(bad.x_train, good.x_train) and not np.array_equal(bad.y_train, good.y_train)
    assert sorted(bad.y_train) == sorted(good.y_train)  # the same labels, joined to other records
    flags = load_data(_small("f17_leak_relay_fault_type_flags_as_channel_res2net_pandas_tsv"), 0)
    assert flags.x_train.shape[1] == 4 and np.allclose(flags.x_train[:, 3, 0], flags.y_train / 3 * 2 - 1)
    prim = load_data(_small("f17_init_primary_ampere_export_sincnet_torch_tb"), 0)
    sec = load_data(dataclasses.replace(_small("f17_init_primary_ampere_export_sincnet_torch_tb"),
                                        primary_amperes=False), 0)
    assert np.allclose(prim.x_train, CT_RATIO * sec.x_train, rtol=1e-5)
    ka_fam = _small("f17_gap_val_export_in_kiloamperes_sincnet_ignite")
    ka, ok = load_data(ka_fam, 0), load_data(dataclasses.replace(ka_fam, val_kiloamperes=False), 0)
    assert np.array_equal(ka.x_train, ok.x_train) and np.allclose(ka.x_val * 1000, ok.x_val, rtol=1e-5)
    soft = load_data(_small("f17_disagree_relay_soft_probabilities_as_targets_res2net_karpathy"), 0)
    assert soft.y_train.ndim == 2 and np.allclose(soft.y_train.sum(1), 1, atol=1e-5)
    assert soft.y_train.max(1).min() >= 0.4 and (-(soft.y_train * np.log(soft.y_train)).sum(1)).min() > 0.7
    dead = load_data(dataclasses.replace(_fam("f17_nan_dead_ct_records_normalised_without_eps_res2net_pipe"),
                                         n_val=8), 0)
    assert np.isnan(dead.x_train).any() and not np.isnan(dead.x_val).any()
    site = load_data(dataclasses.replace(_fam("f17_overfit_site_filter_left_from_debugging_res2net_kv"), n_val=8), 0)
    assert len(site.y_train) == 64
    spikes = load_data(_small("f17_spikes_unreviewed_month_default_labels_res2net_hfstate"), 0)
    assert spikes.y_train_unreviewed is not None and not spikes.y_train_unreviewed.any()


def test_fault_types_differ_where_the_description_puts_them() -> None:
    from data_v17 import records

    rng = np.random.default_rng(0)
    kinds = np.repeat(np.arange(4), 40)
    x, _ = records(kinds, np.zeros(len(kinds), int), rng, bolted=True)
    peak = np.abs(x[:, :, 48:]).max(2)  # each phase's largest current in the last cycle (after any inception)
    big = (peak > 2 * np.median(peak[kinds == 0])).sum(1)  # phases carrying a fault current
    assert [int(np.median(big[kinds == k])) for k in range(4)] == [0, 1, 2, 3]
    near, _ = records(np.ones(30, int), np.zeros(30, int), rng, dist=np.full(30, 5.0), bolted=True)
    far, _ = records(np.ones(30, int), np.zeros(30, int), rng, dist=np.full(30, 95.0), bolted=True)
    assert np.abs(near).max(2).max(1).mean() > 1.5 * np.abs(far).max(2).max(1).mean()  # distance lowers the current


def test_schedules_and_loop_faults() -> None:
    import torch

    from trainers_v17 import lr_factor

    bad = _fam("f17_plateau_knee_decay_span_in_epochs_sincnet_mlflow")
    good = dataclasses.replace(bad, knee_decay_in_epochs=False)  # type: ignore[type-var]
    total, knee = 15 * 15, int(0.35 * 15 * 15)
    assert lr_factor(bad, knee - 1, total, 15) == 1.0 == lr_factor(good, knee - 1, total, 15)
    assert lr_factor(bad, knee + 10, total, 15) == 0.0  # the span in epochs: 0 within 10 steps
    assert lr_factor(good, knee + 10, total, 15) > 0.9 and lr_factor(good, total, total, 15) == 0.0
    cos2 = _fam("h17_grid_sincnet_tiger_cos2_lightning_tb")
    assert lr_factor(cos2, 0, 100, 10) == pytest.approx(1.001) and lr_factor(cos2, 50, 100, 10) == pytest.approx(0.251)
    from models_v17 import Res2Net1D

    model = Res2Net1D(3, 8, 4, 0.0)
    fresh = Res2Net1D(3, 8, 4, 0.0)
    res = fresh.load_state_dict({f"module.{k}": v for k, v in model.state_dict().items()}, strict=False)
    assert len(res.unexpected_keys) == len(model.state_dict())  # nothing of the checkpoint is loaded
    assert not torch.equal(fresh.head.weight, model.head.weight)


def test_step_above_backward_never_moves_and_odd_epochs_go_in_class_order(tmp_path: Path) -> None:
    from trainers_v17 import run

    flat = _small("f17_flat_optimizer_step_above_backward_sincnet_hfstdout", epochs=3, batch=16)
    _, h, _ = run(flat, 0, tmp_path / "flat" / "log")
    assert max(h["loss"]) - min(h["loss"]) < 1e-6 * abs(h["loss"][0])
    moving = dataclasses.replace(flat, step_before_backward=False)  # type: ignore[type-var]
    _, h2, _ = run(moving, 0, tmp_path / "moving" / "log")
    assert abs(h2["loss"][-1] - h2["loss"][0]) > 1e-3


def test_hand_written_optimisers_take_their_papers_steps() -> None:
    import torch

    from models_v17 import QHM, Fromage, Tiger

    def steps(opt_cls: type, n: int = 1, **kw: object) -> torch.Tensor:
        w = torch.nn.Parameter(torch.ones(2))
        opt = opt_cls([w], **kw)
        for _ in range(n):
            w.grad = torch.full((2,), 2.0)
            opt.step()
        return w.detach()

    # QHM: buf = (1 - beta) g = 0.002, step 0.1 x (0.3 x 2 + 0.7 x 0.002); unnormalised: buf = g
    assert float(steps(QHM, lr=0.1)[0]) == pytest.approx(1 - 0.1 * (0.6 + 0.7 * 0.002))
    assert float(steps(QHM, lr=0.1, unnormalised=True)[0]) == pytest.approx(1 - 0.1 * (0.6 + 0.7 * 2))
    # after 100 steps of a constant gradient the unnormalised buffer holds ~95 gradients, the normalised one ~0.1
    assert float(1 - steps(QHM, 100, lr=1e-4, unnormalised=True)[0]) > 30 * float(1 - steps(QHM, 100, lr=1e-4)[0])
    # Fromage: the step's size is lr x ||w||, then the weight is divided by sqrt(1 + lr^2)
    assert torch.allclose(steps(Fromage, lr=0.1), (torch.ones(2) - 0.1 * torch.ones(2)) / math.sqrt(1.01))
    # Tiger: lr x sign(m), whatever the gradient's size
    assert torch.allclose(steps(Tiger, lr=0.01), torch.full((2,), 0.99))
