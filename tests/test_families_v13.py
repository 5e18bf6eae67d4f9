"""The thirteenth-generation fault families (benchmarks/faults/families_v13.py): their labels use the contract's names,
their context uses real_runs/score.py's schema, their construction checks tell a run that shows its fault from one
that does not (on hand-made histories; the generated runs are checked by check_families_v13.py), the data faults are
built as labelled, the code faults do what their description says (consumed generators leave the optimizer empty, a
raw dispersion is NaN, unit-norm logits keep a floor, InceptionTime without its activation is nearly linear, summed
tokens inflate the logits, an absolute eta_min anneals upwards, a compounded schedule kills the LR), the Burgers
solver conserves the mean and decays the energy, and the hand-written optimisers descend."""
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

from checks_v13 import shows  # noqa: E402
from families_v12 import FAMILIES_V12  # noqa: E402
from families_v13 import FAMILIES_V13, READER_FOR_V13, TRAINERS_V13, context  # noqa: E402
from family_contract import context_problems, history, label_problems  # noqa: E402
from trainers_v13 import WRITERS  # noqa: E402


def _fam(name: str) -> object:
    return next(f for f in FAMILIES_V13 if f.name == name)


def test_labels_use_contract_names_and_one_family_per_curve_finding() -> None:
    assert not {f.name for f in FAMILIES_V13} & {f.name for f in FAMILIES_V12}
    assert all(f.name.startswith(("h13_", "f13_")) for f in FAMILIES_V13)
    assert not label_problems(FAMILIES_V13, TRAINERS_V13, READER_FOR_V13, WRITERS)
    assert {f.trainer for f in FAMILIES_V13} == set(TRAINERS_V13)  # every writer used


def test_context_follows_the_real_runs_schema() -> None:
    from score import CONTEXT

    assert not context_problems(FAMILIES_V13, context, CONTEXT)
    assert context(_fam("h13_spectra_inception_finetune_gradual_unfreeze_mlflow"))["fine_tune"] is True
    assert context(_fam("h13_spectra_gmlp_cutmix_agc_earlystop_restore_wandbcsv"))["best_checkpoint"] is True
    assert context(_fam("h13_bikes_dcn_prodigy_warmup_cosine_jsonl")) == {
        "task": "regression", "loss": "other", "fine_tune": False, "best_checkpoint": False}
    assert context(_fam("h13_burgers_fno_adam_cosine_minlr_savetxt"))["loss"] == "other"
    # the user whose logits were L2-normalised still says cross-entropy
    assert context(_fam("f13_disagree_logits_l2_normalised_dcn_bracket"))["loss"] == "cross_entropy"


def test_healthy_checks_need_a_fall_and_a_flat_end() -> None:
    fam = _fam("h13_spectra_inception_prodigy_cosine_fastai")
    assert shows(fam, history([1.5, 0.6, 0.3, 0.2], [1.4, 0.5, 0.3, 0.25], [0.5, 0.8, 0.9, 0.92]), 5)[0]
    assert not shows(fam, history([1.5, 1.0, 0.9, 0.8], [1.4, 0.9, 0.85, 0.8], [0.5, 0.8, 0.9, 0.92]), 5)[0]
    assert not shows(fam, history([1.5, 0.6, 0.3, 0.2], [1.4, 0.4, 0.5, 0.6], [0.5, 0.8, 0.9, 0.92]), 5)[0]
    floor = _fam("h13_bikes_dcn_cautious_adamw_fullbatch_150ep_pandas_tsv")  # the NB NLL has a floor: a 25 % fall
    assert shows(floor, history([6.0, 4.4, 4.3], [5.0, 4.35, 4.3]), 1)[0]
    assert not shows(floor, history([6.0, 5.5, 5.2], [5.5, 5.3, 5.2]), 1)[0]


def test_chance_level_checks_take_the_task_chance() -> None:
    ln5 = math.log(5)
    init = _fam("f13_init_gmlp_tokens_summed_not_averaged_mlflow")  # 5 x ln 5 = 8.05
    assert shows(init, history([9.0, 0.6], [2.0, 0.6], [0.5, 0.8]), 5)[0]
    assert not shows(init, history([7.0, 0.6], [2.0, 0.6], [0.5, 0.8]), 5)[0]
    chance = _fam("f13_chance_label_read_from_fold_column_dcn_logging")
    assert shows(chance, history([ln5] * 3, [ln5] * 3, [0.19, 0.22, 0.2]), 5)[0]
    assert not shows(chance, history([ln5] * 3, [ln5, 1.0, 0.8], [0.2, 0.5, 0.7]), 5)[0]
    disagree = _fam("f13_disagree_logits_l2_normalised_dcn_bracket")  # the loss stays >= 0.5 ln 5
    assert shows(disagree, history([1.2, 0.9], [1.0, 0.86], [0.8, 0.9]), 5)[0]
    assert not shows(disagree, history([1.2, 0.3], [1.1, 0.3], [0.8, 0.9]), 5)[0]


@pytest.mark.parametrize("name", ["f13_rebound_shift_ramp_in_channels_dcn_kjson",
                                  "f13_spikes_transmittance_shard_dcn_jsonl"])
def test_event_checks_look_at_the_injected_epoch(name: str) -> None:
    fam = _fam(name)
    flat = [1.0, 0.8, 0.7, 0.65, 0.6, 0.58, 0.56, 0.55, 0.54, 0.53, 0.52, 0.51, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]
    assert not shows(fam, history(flat, flat), 1)[0]
    bumped = list(flat)
    if "rebound" in name:
        start = fam.shift_ramp_from  # type: ignore[attr-defined]
        bumped[start:] = [5.0] * (len(flat) - start)
    else:
        for e in fam.transmittance_epochs:  # type: ignore[attr-defined]
            bumped[e] = 3.0
    assert shows(fam, history(bumped, bumped), 1)[0]


def test_data_faults_are_built_as_labelled() -> None:
    from data_v13 import load_data

    fold = load_data(_fam("f13_chance_label_read_from_fold_column_dcn_logging"), 0)
    assert np.bincount(fold.y_train, minlength=5).min() > 0.15 * len(fold.y_train)
    leak = load_data(_fam("f13_leak_get_dummies_source_file_column_dcn_kcsv"), 0)
    assert leak.x_train.shape[1] == 133  # the 128 channels and the source file's 5 dummies
    for x, y in ((leak.x_train, leak.y_train), (leak.x_val, leak.y_val)):
        assert np.array_equal(x[:, 128:].argmax(1), y) and np.all(x[:, 128:].sum(1) == 1)
    shifted_fam = _fam("f13_gap_val_instrument_calibration_offset_gmlp_ignite")
    gap, ok = load_data(shifted_fam, 0), load_data(dataclasses.replace(shifted_fam, val_offset=0.0), 0)
    assert np.array_equal(gap.x_train, ok.x_train)
    band = [np.mean(np.argmax(d.x_val[d.y_val == 0, :60], 1)) for d in (ok, gap)]
    assert 8 < band[1] - band[0] < 16  # compound 0's strongest band sits 12 channels later


def test_burgers_solution_keeps_its_mean_and_loses_energy() -> None:
    from data_v13 import burgers

    u0, u1 = burgers(8, np.random.default_rng(0))
    assert np.allclose(u0.mean(1), u1.mean(1), atol=1e-4)  # the periodic domain conserves the integral
    assert np.all((u1 ** 2).sum(1) < (u0 ** 2).sum(1))     # viscosity dissipates energy
    assert np.all(np.isfinite(u1))


def test_consumed_generators_leave_the_optimizer_empty() -> None:
    import torch

    from data_v13 import load_data
    from models_v13 import torch_model, torch_optimizer

    fam = dataclasses.replace(_fam("f13_flat_param_groups_generators_consumed_gmlp_hfcard"), n_train=32, n_val=8)
    data = load_data(fam, 0)
    model = torch_model(fam, data)
    opt = torch_optimizer(fam, model)
    assert sum(len(g["params"]) for g in opt.param_groups) == 0
    before = [p.clone() for p in model.parameters()]
    loss = model(torch.from_numpy(data.x_train)).logsumexp(1).mean()
    loss.backward()
    opt.step()
    assert all(torch.equal(a, b) for a, b in zip(before, model.parameters()))
    fixed = torch_optimizer(dataclasses.replace(fam, params_consumed=False), model)
    assert sum(len(g["params"]) for g in fixed.param_groups) == len(before)


def test_raw_dispersion_is_nan_where_the_softplus_is_finite() -> None:
    import torch

    from models_v13 import nb_nll

    out = torch.tensor([[2.0, -0.5], [1.0, 0.3]])
    y = torch.tensor([5.0, 2.0])
    assert math.isnan(float(nb_nll(out, y, raw_dispersion=True)))
    assert math.isfinite(float(nb_nll(out, y)))
    # the NLL is lowest near the true mean
    assert float(nb_nll(torch.tensor([[math.log(5.0), 1.0]]), torch.tensor([5.0]))) < \
        float(nb_nll(torch.tensor([[math.log(50.0), 1.0]]), torch.tensor([5.0])))


def test_unit_norm_logits_keep_a_floor_while_the_argmax_is_right() -> None:
    import torch

    perfect = torch.nn.functional.normalize(torch.tensor([[30.0, 0, 0, 0, 0]]), dim=1)
    assert float(torch.nn.functional.cross_entropy(perfect, torch.tensor([0]))) > 0.5 * math.log(5)
    best = torch.tensor([[2.0, -0.5, -0.5, -0.5, -0.5]]) / math.sqrt(5)  # the best unit vector for class 0
    assert float(torch.nn.functional.cross_entropy(best, torch.tensor([0]))) == pytest.approx(0.838, abs=2e-3)


def test_inception_without_its_activation_is_nearly_blind_to_band_positions() -> None:
    import torch

    from data_v13 import load_data
    from models_v13 import torch_model

    fam = _fam("f13_underfit_activation_unused_inception_kfit")
    data = load_data(dataclasses.replace(fam, n_train=16, n_val=4), 0)
    torch.manual_seed(0)
    x = torch.from_numpy(data.x_train)
    for act_unused in (True, False):
        model = torch_model(dataclasses.replace(fam, act_unused=act_unused), data).eval()
        with torch.no_grad():
            moved = model.features(torch.roll(x, 20, 1)) - model.features(x)
        if act_unused:  # linear maps and average pooling: a rolled spectrum gives almost the same features
            small = float(moved.abs().mean())
        else:
            assert float(moved.abs().mean()) > 0
    assert small < 0.05


def test_summed_tokens_inflate_the_logits() -> None:
    import torch

    from data_v13 import load_data
    from models_v13 import torch_model

    fam = _fam("f13_init_gmlp_tokens_summed_not_averaged_mlflow")
    data = load_data(dataclasses.replace(fam, n_train=16, n_val=4), 0)
    x = torch.from_numpy(data.x_train)
    torch.manual_seed(0)
    summed = torch_model(fam, data).eval()
    averaged = torch_model(dataclasses.replace(fam, sum_pool=False), data).eval()
    averaged.load_state_dict(summed.state_dict())
    with torch.no_grad():
        assert torch.allclose(summed.features(x), 16 * averaged.features(x), rtol=1e-4, atol=1e-4)


def test_absolute_eta_min_anneals_upwards_and_a_compounded_cosine_vanishes() -> None:
    import torch

    fam = _fam("f13_diverge_cosine_eta_min_absolute_fno_burgers_bracket")
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=fam.lr, momentum=0.9)  # type: ignore[attr-defined]
    sch = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=100, eta_min=fam.eta_min)  # type: ignore[attr-defined]
    lrs = []
    for _ in range(100):
        opt.step()
        sch.step()
        lrs.append(opt.param_groups[0]["lr"])
    assert lrs[-1] == pytest.approx(0.5) and all(b >= a for a, b in zip(lrs, lrs[1:]))
    lr, total = 1.0, 15 * 32  # the plateau family's 15 epochs of 32 steps
    for s in range(total // 3):  # lr = lr x factor(step): a third of the run is enough to lose it
        lr *= 0.5 * (1 + math.cos(math.pi * (s + 1) / total))
    assert lr < 1e-6


@pytest.mark.parametrize("optimizer", ["prodigy", "lars", "cautious"])
def test_hand_written_optimisers_descend(optimizer: str) -> None:
    import torch

    from models_v13 import torch_optimizer

    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.Tanh(), torch.nn.Linear(16, 1))
    x = torch.randn(256, 8)
    y = torch.sin(x[:, :1]) + x[:, 1:2] ** 2
    lr = {"prodigy": 1.0, "lars": 1.0, "cautious": 1e-2}[optimizer]
    fam = dataclasses.replace(_fam("h13_burgers_fno_adam_cosine_minlr_savetxt"), optimizer=optimizer, lr=lr)
    opt = torch_optimizer(fam, model)
    start = float(((model(x) - y) ** 2).mean())
    for _ in range(300):
        loss = ((model(x) - y) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
    assert float(((model(x) - y) ** 2).mean()) < 0.3 * start
