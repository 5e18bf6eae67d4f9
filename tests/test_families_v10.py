"""The tenth-generation fault families (benchmarks/faults/families_v10.py): their labels use the contract's names,
their context uses real_runs/score.py's schema, their construction checks tell a run that shows its fault from one
that does not (on hand-made histories; the generated runs are checked by check_families_v10.py), and the new data
faults, models and hand-written optimisers do what the labels say they do (on tiny inputs, no training run)."""
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

from checks_v10 import shows  # noqa: E402
from families_v9 import FAMILIES_V9  # noqa: E402
from families_v10 import FAMILIES_V10, READER_FOR_V10, TRAINERS_V10, context  # noqa: E402
from family_contract import context_problems, history, label_problems  # noqa: E402
from trainers_v10 import WRITERS  # noqa: E402


def _fam(name: str) -> object:
    return next(f for f in FAMILIES_V10 if f.name == name)


def test_labels_use_contract_names_and_one_family_per_curve_finding() -> None:
    assert not {f.name for f in FAMILIES_V10} & {f.name for f in FAMILIES_V9}
    assert not label_problems(FAMILIES_V10, TRAINERS_V10, READER_FOR_V10, WRITERS)


def test_context_follows_the_real_runs_schema() -> None:
    from score import CONTEXT

    assert not context_problems(FAMILIES_V10, context, CONTEXT)
    assert context(_fam("h10_sets_deepsets_finetune_symmetric_kcsv"))["fine_tune"] is True
    assert context(_fam("h10_sets_settf_novograd_cosine_earlystop_restore_kv"))["best_checkpoint"] is True
    assert context(_fam("h10_vq_vqvae_adam_mlflow"))["task"] == "generative"
    assert context(_fam("h10_hyper_madgrad_linearlr_kjson"))["loss"] == "mse"
    # the user whose exported softmax was left before the loss still says cross-entropy
    assert context(_fam("f10_disagree_softmax_twice_settf_bracket"))["loss"] == "cross_entropy"



def test_healthy_checks_need_a_fall_and_a_flat_end() -> None:
    fam = _fam("h10_sets_deepsets_adam_cosine_annealing_fastai")
    assert shows(fam, history([1.3, 0.6, 0.3, 0.2], [1.2, 0.5, 0.3, 0.25], [0.5, 0.8, 0.9, 0.92]), 4)[0]
    assert not shows(fam, history([1.3, 1.0, 0.9, 0.8], [1.2, 0.9, 0.85, 0.8], [0.5, 0.8, 0.9, 0.92]), 4)[0]
    assert not shows(fam, history([1.3, 0.6, 0.3, 0.2], [1.2, 0.4, 0.5, 0.6], [0.5, 0.8, 0.9, 0.92]), 4)[0]
    floor = _fam("h10_vq_vqvae_adam_mlflow")  # a floor: a 25 % fall is enough
    assert shows(floor, history([1.2, 0.85, 0.8], [1.0, 0.82, 0.8]), 1)[0]
    assert not shows(floor, history([1.2, 1.1, 1.0], [1.0, 0.98, 0.97]), 1)[0]


def test_chance_level_checks_take_the_task_chance() -> None:
    ln4 = math.log(4)
    init = _fam("f10_init_millivolt_sets_unstandardised_jsonl")
    assert shows(init, history([8.0, 1.0], [2.0, 1.0], [0.3, 0.6]), 4)[0]
    assert not shows(init, history([5.0, 1.0], [2.0, 1.0], [0.3, 0.6]), 4)[0]
    chance = _fam("f10_chance_phi_relu_dropped_deepsets_logging")
    assert shows(chance, history([ln4] * 3, [ln4] * 3, [0.24, 0.27, 0.25]), 4)[0]
    assert not shows(chance, history([ln4] * 3, [ln4, 1.0, 0.8], [0.25, 0.5, 0.7]), 4)[0]
    disagree = _fam("f10_disagree_softmax_twice_settf_bracket")  # probabilities as logits: the loss stays >= 0.74
    assert shows(disagree, history([1.2, 0.8], [1.1, 0.78], [0.8, 0.9]), 4)[0]
    assert not shows(disagree, history([1.2, 0.3], [1.1, 0.3], [0.8, 0.9]), 4)[0]
    under = _fam("f10_underfit_nadamw_weight_decay_5_deepsets_kfit")
    assert shows(under, history([1.39, 1.1], [1.39, 1.12], [0.3, 0.45]), 4)[0]
    assert not shows(under, history([1.39, 0.2], [1.39, 0.25], [0.5, 0.95]), 4)[0]


@pytest.mark.parametrize("name", ["f10_rebound_cosine_tmax_half_run_hyper_kjson",
                                  "f10_spikes_phase_in_degrees_hyper_kv"])
def test_event_checks_look_at_the_injected_epoch(name: str) -> None:
    fam = _fam(name)
    flat = [1.0, 0.8, 0.7, 0.65, 0.6, 0.58, 0.56, 0.55, 0.54, 0.53, 0.52, 0.51, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]
    assert not shows(fam, history(flat, flat), 1)[0]
    bumped = list(flat)
    if "rebound" in name:
        start = fam.t_max  # type: ignore[attr-defined]
        bumped[start:] = [5.0] * (len(flat) - start)
    else:
        for e in fam.degree_epochs:  # type: ignore[attr-defined]
            bumped[e] = 3.0
    assert shows(fam, history(bumped, bumped), 1)[0]


def test_data_faults_are_built_as_labelled() -> None:
    """The stuck sensor gives NaN inputs, the header element is the label, the millivolt sets are unstandardised,
    the validation amplitudes lie outside the training range; a clean set is standardised."""
    from data_v10 import load_data

    small = {"n_train": 300, "n_val": 100}
    clean = load_data(dataclasses.replace(_fam("h10_sets_settf_madgrad_linearlr_jsonl"), **small), 0)
    assert np.isfinite(clean.x_train).all()
    assert np.allclose(clean.x_train.mean(1), 0, atol=1e-4) and np.allclose(clean.x_train.std(1), 1, atol=1e-3)
    nan = load_data(dataclasses.replace(_fam("f10_nan_stuck_sensor_sets_std0_settf_ignite"), constant_sets=0.05,
                                        **small), 0)
    assert 0 < np.isnan(nan.x_train).any(axis=(1, 2)).sum() < 40
    leak = load_data(dataclasses.replace(_fam("f10_leak_class_header_element_deepsets_mlflow"), **small), 0)
    assert np.array_equal(leak.x_val[:, 0, 0], 10.0 * (leak.y_val + 1))
    mv = load_data(dataclasses.replace(_fam("f10_init_millivolt_sets_unstandardised_jsonl"), **small), 0)
    assert np.abs(mv.x_train).max() > 1000
    gap = load_data(dataclasses.replace(_fam("f10_gap_val_amplitudes_out_of_range_hyper_lightning_tb"), **small), 0)
    assert gap.x_train[:, 0].max() + 1.25 <= 2.0 and gap.x_val[:, 0].min() + 1.25 >= 2.5


def test_linear_phi_sees_only_the_sum_and_integer_warmup_never_steps() -> None:
    """Without its ReLU, DeepSets maps every standardised set to one output; the integer-division warm-up leaves
    the LR at 0, so the optimiser never moves a weight."""
    import torch

    from data_v10 import load_data
    from models_v10 import DeepSets, VQVAE, task_loss

    data = load_data(dataclasses.replace(_fam("f10_chance_phi_relu_dropped_deepsets_logging"), n_train=64,
                                         n_val=16), 0)
    x = torch.from_numpy(data.x_train)
    out = DeepSets(16, 4, phi_relu=False)(x)
    assert torch.allclose(out, out[:1].expand_as(out), atol=1e-4)
    assert not torch.allclose(*DeepSets(16, 4)(x)[:2], atol=1e-4)
    fam = _fam("f10_flat_integer_warmup_lambdalr_vq_fastai")
    model = VQVAE(16)
    before = [p.detach().clone() for p in model.parameters()]
    opt = torch.optim.Adam(model.parameters(), lr=fam.lr)  # type: ignore[attr-defined]
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1, s // fam.warmup_steps))  # type: ignore
    xs = torch.randn(32, 16)
    for _ in range(5):
        loss, _ = task_loss(fam, model, xs, xs)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
    assert all(torch.equal(a, b) for a, b in zip(before, model.parameters()))


@pytest.mark.parametrize("name", ["madgrad", "novograd"])
def test_hand_written_optimisers_descend(name: str) -> None:
    import torch

    from models_v10 import MADGRAD, NovoGrad

    w = torch.nn.Parameter(torch.tensor([3.0, -2.0]))
    opt = MADGRAD([w], lr=0.05) if name == "madgrad" else NovoGrad([w], lr=0.05)
    for _ in range(200):
        opt.zero_grad()
        (w ** 2).sum().backward()
        opt.step()
    assert float((w.detach() ** 2).sum()) < 0.1 * 13.0
