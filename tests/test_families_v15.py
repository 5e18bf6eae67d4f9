"""The fifteenth-generation fault families (benchmarks/faults/families_v15.py): their labels use the contract's names,
their context uses real_runs/score.py's schema, their construction checks tell a run that shows its fault from one
that does not (on hand-made histories; the generated runs are checked by check_families_v15.py), the data faults are
built as labelled, and the code faults do what their description says (a stale optimizer leaves the model as it was,
a raw Laplace scale gives NaN, confidence as smoothing floors the loss near ln 4, a temperature 0.01 inflates the
logits, ascending piecewise values raise the LR, Adam's eps 1.0 shrinks its step), and the hand-written
optimisers take the steps their papers define."""
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

from checks_v15 import shows  # noqa: E402
from families_v14 import FAMILIES_V14  # noqa: E402
from families_v15 import FAMILIES_V15, READER_FOR_V15, TRAINERS_V15, context  # noqa: E402
from family_contract import context_problems, history, label_problems  # noqa: E402
from trainers_v15 import WRITERS  # noqa: E402


def _fam(name: str) -> object:
    return next(f for f in FAMILIES_V15 if f.name == name)


def _small(name: str, **kw: object) -> object:
    return dataclasses.replace(_fam(name), n_train=32, n_val=8, **kw)  # type: ignore[type-var]


def test_labels_use_contract_names_and_one_family_per_curve_finding() -> None:
    assert not {f.name for f in FAMILIES_V15} & {f.name for f in FAMILIES_V14}
    assert all(f.name.startswith(("h15_", "f15_")) for f in FAMILIES_V15)
    assert not label_problems(FAMILIES_V15, TRAINERS_V15, READER_FOR_V15, WRITERS)
    assert {f.trainer for f in FAMILIES_V15} == set(TRAINERS_V15)  # every writer used
    assert not {f.data for f in FAMILIES_V15} & {f.data for f in FAMILIES_V14}
    assert not {f.model for f in FAMILIES_V15} & {f.model for f in FAMILIES_V14}


def test_context_follows_the_real_runs_schema() -> None:
    from score import CONTEXT

    assert not context_problems(FAMILIES_V15, context, CONTEXT)
    assert context(_fam("h15_galaxy_convmixer_adam_earlystop_restore_wandbcsv"))["best_checkpoint"] is True
    assert context(_fam("h15_redshift_convmixer_adam_htd_jsonl")) == {
        "task": "regression", "loss": "other", "fine_tune": False, "best_checkpoint": False}
    # the user who passed the confidence as the smoothing still says cross-entropy
    assert context(_fam("f15_disagree_confidence_as_label_smoothing_convmixer_karpathy"))["loss"] == "cross_entropy"


def test_healthy_checks_need_a_fall_and_a_flat_end() -> None:
    fam = _fam("h15_galaxy_convmixer_adabound_htd_fastai")
    assert shows(fam, history([1.3, 0.6, 0.3, 0.2], [1.2, 0.5, 0.3, 0.25], [0.5, 0.8, 0.9, 0.92]), 4)[0]
    assert not shows(fam, history([1.3, 1.0, 0.9, 0.8], [1.3, 0.9, 0.85, 0.8], [0.5, 0.8, 0.9, 0.92]), 4)[0]
    assert not shows(fam, history([1.3, 0.6, 0.3, 0.2], [1.2, 0.4, 0.5, 0.6], [0.5, 0.8, 0.9, 0.92]), 4)[0]
    floor = _fam("h15_redshift_convmixer_laprop_fullbatch_60ep_pandas_tsv")  # the Laplace NLL: a 25 % fall
    assert shows(floor, history([1.4, 0.2, -0.3], [1.0, -0.2, -0.25]), 1)[0]  # it crosses zero
    assert not shows(floor, history([1.4, 1.2, 1.1], [1.2, 1.15, 1.1]), 1)[0]


def test_chance_level_checks_take_the_task_chance() -> None:
    ln4 = math.log(4)
    init = _fam("f15_init_contrastive_tau_on_logits_mobilenet_mlflow")  # 5 x ln 4 = 6.93
    assert shows(init, history([7.5, 0.6], [2.0, 0.6], [0.5, 0.8]), 4)[0]
    assert not shows(init, history([6.0, 0.6], [2.0, 0.6], [0.5, 0.8]), 4)[0]
    chance = _fam("f15_chance_catalogue_sorted_by_ra_mobilenet_logging")
    assert shows(chance, history([ln4] * 3, [ln4] * 3, [0.24, 0.27, 0.25]), 4)[0]
    assert not shows(chance, history([ln4] * 3, [ln4, 1.0, 0.8], [0.25, 0.5, 0.7]), 4)[0]
    disagree = _fam("f15_disagree_confidence_as_label_smoothing_convmixer_karpathy")
    assert shows(disagree, history([1.385, 1.372], [1.384, 1.373], [0.8, 0.9]), 4)[0]
    assert not shows(disagree, history([1.2, 0.3], [1.1, 0.3], [0.8, 0.9]), 4)[0]
    under = _fam("f15_underfit_adam_eps_one_from_inception_recipe_convmixer_kfit")
    assert shows(under, history([1.38, 1.1], [1.38, 1.12], [0.4, 0.5]), 4)[0]
    assert not shows(under, history([1.38, 0.3], [1.38, 0.35], [0.4, 0.9]), 4)[0]


@pytest.mark.parametrize("name", ["f15_rebound_ema_decay_9999_loaded_mobilenet_torch_tb",
                                  "f15_spikes_uint8_previews_not_scaled_mobilenet_jsonl"])
def test_event_checks_look_at_the_injected_epoch(name: str) -> None:
    fam = _fam(name)
    flat = [1.0, 0.8, 0.7, 0.65, 0.6, 0.58, 0.56, 0.55, 0.54, 0.53, 0.52, 0.51, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]
    assert not shows(fam, history(flat, flat), 1)[0]
    bumped = list(flat)
    if "rebound" in name:
        start = fam.ema_load_epoch  # type: ignore[attr-defined]
        bumped[start:] = [5.0] * (len(flat) - start)
    else:
        for e in fam.raw_epochs:  # type: ignore[attr-defined]
            bumped[e] = 3.0
    assert shows(fam, history(bumped, bumped), 1)[0]


def test_data_faults_are_built_as_labelled() -> None:
    from data_v15 import load_data

    join = _small("f15_chance_catalogue_sorted_by_ra_mobilenet_logging")
    bad, good = load_data(join, 0), load_data(dataclasses.replace(join, catalogue_join=False), 0)
    assert np.array_equal(bad.x_train, good.x_train) and not np.array_equal(bad.y_train, good.y_train)
    assert np.array_equal(np.bincount(bad.y_train, minlength=4), np.bincount(good.y_train, minlength=4))
    assert np.array_equal(bad.y_val, good.y_val)
    leak = load_data(_small("f15_leak_mask_value_is_class_convmixer_kcsv"), 0)
    assert leak.x_train.shape[1] == 4
    for x, y in ((leak.x_train, leak.y_train), (leak.x_val, leak.y_val)):
        top = x[:, 3].reshape(len(y), -1).max(1)
        assert np.allclose(top * 4, y + 1)  # the mask's value is the class index + 1
    short = load_data(dataclasses.replace(_fam("f15_overfit_debug_rows_left_convmixer_pipe"), n_val=8), 0)
    assert len(short.y_train) == 64
    gap_fam = _small("f15_gap_val_in_linear_flux_mobilenet_ignite")
    gap, ok = load_data(gap_fam, 0), load_data(dataclasses.replace(gap_fam, stretch_train_only=False), 0)
    assert np.array_equal(gap.x_train, ok.x_train) and not np.allclose(gap.x_val, ok.x_val)


def test_galaxy_types_differ_where_the_description_puts_them() -> None:
    from data_v15 import cutouts

    rng = np.random.default_rng(0)
    kinds = np.repeat(np.arange(4), 40)
    x = cutouts(kinds, rng)
    lin = np.sinh(x) * 0.1  # back to linear flux
    bright = lin[:, 1] > 0.1
    colour = (lin[:, 2] * bright).sum((1, 2)) / (lin[:, 0] * bright).sum((1, 2))  # i / g: ellipticals the reddest
    assert np.median(colour[kinds == 0]) > max(np.median(colour[kinds == k]) for k in (1, 2, 3))
    # edge-on discs are thin: their light's second moments are more unequal than a face-on spiral's
    lin = lin[:, 1]
    c = np.arange(20) - 9.5
    gx, gy = np.meshgrid(c, c, indexing="ij")
    w = np.clip(lin - 0.1, 0, None)  # above the sky noise
    m = np.stack([(w * a * b).sum((1, 2)) / w.sum((1, 2)) for a, b in ((gx, gx), (gy, gy), (gx, gy))], 1)
    ev = np.array([np.linalg.eigvalsh([[p, r], [r, q]]) for p, q, r in m])
    elong = ev[:, 1] / ev[:, 0]
    assert np.median(elong[kinds == 2]) > 1.5 * np.median(elong[kinds == 1])


def test_stale_optimizer_leaves_the_model_and_raw_scale_gives_nan() -> None:
    import torch

    from data_v15 import load_data
    from models_v15 import laplace_nll, torch_model, torch_optimizer

    fam = _small("f15_flat_optimizer_on_first_model_mobilenet_hfcard")
    data = load_data(fam, 0)
    first = torch_model(fam, data)
    opt = torch_optimizer(fam, first)
    model = torch_model(fam, data)  # built again, as the fault does
    before = [p.detach().clone() for p in model.parameters()]
    loss = torch.nn.functional.cross_entropy(model(torch.from_numpy(data.x_train)), torch.from_numpy(data.y_train))
    opt.zero_grad()
    loss.backward()
    opt.step()
    assert all(torch.equal(a, b) for a, b in zip(before, model.parameters()))
    out = torch.tensor([[0.0, -0.5], [0.1, 0.4]])
    y = torch.tensor([0.2, 0.0])
    assert torch.isnan(laplace_nll(out, y, raw_scale=True)) and torch.isfinite(laplace_nll(out, y))


def test_smoothing_floor_temperature_and_ascending_piecewise() -> None:
    import torch

    # confidence 0.9 passed as label_smoothing: the best possible loss is the target's entropy, 1.37 of ln 4 = 1.39
    target = torch.tensor([0.325, 0.225, 0.225, 0.225])
    floor = float(torch.nn.functional.cross_entropy(target.log()[None], torch.tensor([0]), label_smoothing=0.9))
    assert abs(floor - float(-(target * target.log()).sum())) < 1e-5 and floor > 0.98 * math.log(4)
    from trainers_v15 import lr_factor

    div = _fam("f15_diverge_piecewise_values_ascending_convmixer_bracket")
    assert [lr_factor(div, s, 150) for s in (0, 39, 40, 50, 149)] == [1.0, 1.0, 2.0, 4.0, 2.0 ** 11]
    ok = _fam("h15_redshift_mobilenet_adabound_piecewise_kv")
    assert [lr_factor(ok, s, 100) for s in (0, 50, 75)] == [1.0, 0.1, 0.01]
    htd = _fam("h15_galaxy_convmixer_adabound_htd_fastai")
    assert lr_factor(htd, 0, 100) > 0.99 and lr_factor(htd, 100, 100) < 0.01


def test_temperature_inflates_the_logits_and_adam_eps_one_shrinks_the_step() -> None:
    import torch

    from data_v15 import load_data
    from models_v15 import task_loss, torch_model

    fam = _small("f15_init_contrastive_tau_on_logits_mobilenet_mlflow")
    data = load_data(fam, 0)
    x, y = torch.from_numpy(data.x_train), torch.from_numpy(data.y_train)
    torch.manual_seed(0)
    model = torch_model(fam, data).eval()
    with torch.no_grad():
        hot, _ = task_loss(fam, data, model, x, y)
        cool, _ = task_loss(dataclasses.replace(fam, temperature=1.0), data, model, x, y)
    assert float(hot) > 5 * float(cool)
    from models_v15 import torch_optimizer

    under = _fam("f15_underfit_adam_eps_one_from_inception_recipe_convmixer_kfit")
    steps = []
    for f in (under, dataclasses.replace(under, adam_eps=1e-8)):  # type: ignore[type-var]
        w = torch.nn.Parameter(torch.tensor([1.0]))
        opt = torch_optimizer(f, torch.nn.Linear(1, 1))
        opt.param_groups[0]["params"] = [w]
        w.grad = torch.tensor([1e-3])  # a gradient the size a conv weight gets
        opt.step()
        steps.append(1.0 - float(w))
    assert steps[0] * 500 < steps[1]  # eps 1.0: the step is lr x g, not lr x sign(g)


def test_hand_written_optimisers_take_their_papers_steps() -> None:
    import torch

    from models_v15 import AdaBound, AggMo, DiffGrad, LaProp

    def one(opt_cls: type, **kw: float) -> float:
        w = torch.nn.Parameter(torch.tensor([1.0]))
        opt = opt_cls([w], **kw)
        (w ** 2).sum().backward()  # gradient 2
        opt.step()
        return float(w)

    assert abs(one(AggMo, lr=0.1) - (1 - 0.1 * 2)) < 1e-6  # every velocity is -g after one step
    assert abs(one(LaProp, lr=0.1) - 0.9) < 1e-5  # the bias-corrected momentum of g / rms is 1
    assert abs(one(DiffGrad, lr=0.1) - (1 - 0.1 * torch.sigmoid(torch.tensor(2.0)).item())) < 1e-5  # friction
    # AdaBound's first step is bounded by final_lr x (1 + 1 / gamma): Adam's step lr = 0.1 fits inside
    assert abs(one(AdaBound, lr=0.1, final_lr=0.1) - 0.9) < 1e-5
    # and a clipped one: the upper bound at t = 1 with gamma 1 is 2 x final_lr x g-step (m = 0.2)
    assert abs(one(AdaBound, lr=10.0, final_lr=0.01, gamma=1.0) - (1 - 0.02 * 0.2)) < 1e-3
