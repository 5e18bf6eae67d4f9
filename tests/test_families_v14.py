"""The fourteenth-generation fault families (benchmarks/faults/families_v14.py): their labels use the contract's names,
their context uses real_runs/score.py's schema, their construction checks tell a run that shows its fault from one
that does not (on hand-made histories; the generated runs are checked by check_families_v14.py), the data faults are
built as labelled, and the code faults do what their description says (a zero value clip leaves no gradient, a kept
sigmoid floors the cross-entropy, std-1 init inflates the logits, decay steps counted in steps kill the LR, Keras'
BatchNorm momentum keeps only the last batches' statistics), and Lookahead moves the slow weights."""
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

from checks_v14 import shows  # noqa: E402
from families_v13 import FAMILIES_V13  # noqa: E402
from families_v14 import FAMILIES_V14, READER_FOR_V14, TRAINERS_V14, context  # noqa: E402
from family_contract import context_problems, history, label_problems  # noqa: E402
from trainers_v14 import WRITERS  # noqa: E402


def _fam(name: str) -> object:
    return next(f for f in FAMILIES_V14 if f.name == name)


def test_labels_use_contract_names_and_one_family_per_curve_finding() -> None:
    assert not {f.name for f in FAMILIES_V14} & {f.name for f in FAMILIES_V13}
    assert all(f.name.startswith(("h14_", "f14_")) for f in FAMILIES_V14)
    assert not label_problems(FAMILIES_V14, TRAINERS_V14, READER_FOR_V14, WRITERS)
    assert {f.trainer for f in FAMILIES_V14} == set(TRAINERS_V14)  # every writer used
    assert not {f.data for f in FAMILIES_V14} & {f.data for f in FAMILIES_V13}
    assert not {f.model for f in FAMILIES_V14} & {f.model for f in FAMILIES_V13}


def test_context_follows_the_real_runs_schema() -> None:
    from score import CONTEXT

    assert not context_problems(FAMILIES_V14, context, CONTEXT)
    assert context(_fam("h14_bearing_wavenet_adam_earlystop_restore_wandbcsv"))["best_checkpoint"] is True
    assert context(_fam("h14_battery_wavenet_adam_trapezoid_jsonl")) == {
        "task": "regression", "loss": "other", "fine_tune": False, "best_checkpoint": False}
    # the user whose head still ends in a sigmoid says cross-entropy
    assert context(_fam("f14_disagree_sigmoid_kept_on_head_densenet_karpathy"))["loss"] == "cross_entropy"


def test_healthy_checks_need_a_fall_and_a_flat_end() -> None:
    fam = _fam("h14_bearing_wavenet_ranger_trapezoid_fastai")
    assert shows(fam, history([1.3, 0.6, 0.3, 0.2], [1.2, 0.5, 0.3, 0.25], [0.5, 0.8, 0.9, 0.92]), 4)[0]
    assert not shows(fam, history([1.3, 1.0, 0.9, 0.8], [1.3, 0.9, 0.85, 0.8], [0.5, 0.8, 0.9, 0.92]), 4)[0]
    assert not shows(fam, history([1.3, 0.6, 0.3, 0.2], [1.2, 0.4, 0.5, 0.6], [0.5, 0.8, 0.9, 0.92]), 4)[0]
    floor = _fam("h14_battery_wavenet_adamax_fullbatch_120ep_pandas_tsv")  # the Cauchy loss: a 25 % fall
    assert shows(floor, history([0.6, 0.44, 0.43], [0.5, 0.44, 0.43]), 1)[0]
    assert not shows(floor, history([0.6, 0.55, 0.52], [0.55, 0.53, 0.52]), 1)[0]


def test_chance_level_checks_take_the_task_chance() -> None:
    ln4 = math.log(4)
    init = _fam("f14_init_linear_normal_std_one_densenet_mlflow")  # 5 x ln 4 = 6.93
    assert shows(init, history([7.5, 0.6], [2.0, 0.6], [0.5, 0.8]), 4)[0]
    assert not shows(init, history([6.0, 0.6], [2.0, 0.6], [0.5, 0.8]), 4)[0]
    chance = _fam("f14_chance_labels_sorted_in_place_densenet_logging")
    assert shows(chance, history([ln4] * 3, [ln4] * 3, [0.24, 0.27, 0.25]), 4)[0]
    assert not shows(chance, history([ln4] * 3, [ln4, 1.0, 0.8], [0.25, 0.5, 0.7]), 4)[0]
    disagree = _fam("f14_disagree_sigmoid_kept_on_head_densenet_karpathy")  # the loss stays >= 0.5 ln 4
    assert shows(disagree, history([1.2, 0.8], [1.0, 0.76], [0.8, 0.9]), 4)[0]
    assert not shows(disagree, history([1.2, 0.3], [1.1, 0.3], [0.8, 0.9]), 4)[0]


@pytest.mark.parametrize("name", ["f14_rebound_second_campaign_label_map_densenet_torch_tb",
                                  "f14_spikes_shard_in_mms2_not_g_densenet_jsonl"])
def test_event_checks_look_at_the_injected_epoch(name: str) -> None:
    fam = _fam(name)
    flat = [1.0, 0.8, 0.7, 0.65, 0.6, 0.58, 0.56, 0.55, 0.54, 0.53, 0.52, 0.51, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]
    assert not shows(fam, history(flat, flat), 1)[0]
    bumped = list(flat)
    if "rebound" in name:
        start = fam.relabel_from  # type: ignore[attr-defined]
        bumped[start:] = [5.0] * (len(flat) - start)
    else:
        for e in fam.units_epochs:  # type: ignore[attr-defined]
            bumped[e] = 3.0
    assert shows(fam, history(bumped, bumped), 1)[0]


def test_data_faults_are_built_as_labelled() -> None:
    from data_v14 import load_data

    sorted_fam = _fam("f14_chance_labels_sorted_in_place_densenet_logging")
    bad, good = load_data(sorted_fam, 0), load_data(dataclasses.replace(sorted_fam, labels_sorted=False), 0)
    assert np.array_equal(bad.x_train, good.x_train) and np.all(np.diff(bad.y_train) >= 0)
    assert np.array_equal(np.bincount(bad.y_train), np.bincount(good.y_train))
    assert np.array_equal(bad.y_val, good.y_val)
    leak = load_data(_fam("f14_leak_condition_code_channel_wavenet_kcsv"), 0)
    assert leak.x_train.shape[1] == 2
    for x, y in ((leak.x_train, leak.y_train), (leak.x_val, leak.y_val)):
        assert np.allclose(x[:, 1, 0] * 3, y) and np.all(x[:, 1].std(1) == 0)
    short = load_data(_fam("f14_underfit_window_ms_as_samples_wavenet_kfit"), 0)
    assert short.x_train.shape[-1] == 16
    dead = load_data(_fam("f14_nan_dead_cells_log10_zero_densenet_karpathy"), 0)
    assert np.isneginf(dead.y_train).any() and np.isfinite(dead.y_train).mean() > 0.9
    gap_fam = _fam("f14_gap_val_fan_end_sensor_densenet_ignite")
    gap, ok = load_data(gap_fam, 0), load_data(dataclasses.replace(gap_fam, val_other_sensor=False), 0)
    assert np.array_equal(gap.x_train, ok.x_train) and not np.allclose(gap.x_val, ok.x_val)


def test_fault_periods_are_where_the_description_puts_them() -> None:
    from data_v14 import PERIOD, vibration

    x, y = vibration(400, np.random.default_rng(0))
    spec = np.abs(np.fft.rfft(x[:, 0], axis=1)) ** 2
    # a defect's impulse train puts energy at the resonance; the healthy bearing has none there
    band = spec[:, 60:95].sum(1)
    assert band[y == 0].mean() * 1.5 < min(band[y == k].mean() for k in (1, 2, 3))
    assert PERIOD[2] < PERIOD[1] < PERIOD[3]


def test_zero_value_clip_leaves_no_gradient_and_sigmoid_floors_the_loss() -> None:
    import torch

    from data_v14 import load_data
    from models_v14 import task_loss, torch_model

    fam = _fam("f14_flat_clip_grad_value_zero_wavenet_hfcard")
    data = load_data(dataclasses.replace(fam, n_train=64, n_val=16), 0)  # type: ignore[type-var]
    model = torch_model(fam, data)
    loss, _ = task_loss(fam, data, model, torch.from_numpy(data.x_train), torch.from_numpy(data.y_train))
    loss.backward()
    torch.nn.utils.clip_grad_value_(model.parameters(), 0.0)
    assert all(float(p.grad.abs().max()) == 0.0 for p in model.parameters() if p.grad is not None)
    # a perfect sigmoid output (1 on the right class, 0 elsewhere) still costs ln(1 + 3 / e)
    probs = torch.tensor([[1.0, 0.0, 0.0, 0.0]])
    floor = float(torch.nn.functional.cross_entropy(probs, torch.tensor([0])))
    assert abs(floor - math.log(1 + 3 / math.e)) < 1e-6 and floor > 0.5 * math.log(4)


def test_std_one_init_inflates_the_logits_and_keras_momentum_keeps_the_last_batch() -> None:
    import torch

    from data_v14 import load_data
    from models_v14 import torch_model

    fam = _fam("f14_init_linear_normal_std_one_densenet_mlflow")
    data = load_data(dataclasses.replace(fam, n_train=64, n_val=16), 0)  # type: ignore[type-var]
    x = torch.from_numpy(data.x_train)
    torch.manual_seed(0)
    bad = torch_model(fam, data).eval()
    torch.manual_seed(0)
    ok = torch_model(dataclasses.replace(fam, init_std_one=False), data).eval()
    with torch.no_grad():
        assert bad(x).std() > 5 * ok(x).std()
    noisy = _fam("f14_noisyval_batchnorm_keras_momentum_densenet_lightning_tb")
    model = torch_model(noisy, data)
    bn = next(m for m in model.modules() if isinstance(m, torch.nn.BatchNorm1d))
    assert bn.momentum == 0.9  # torch weighs the new batch by momentum


def test_decay_steps_counted_in_steps_kill_the_lr() -> None:
    from trainers_v14 import _lr_factor

    fam = _fam("f14_plateau_exponential_decay_steps_in_steps_densenet_hfstate")
    per_epoch, total = 19, 19 * 15
    assert _lr_factor(fam, 5 * per_epoch, total, per_epoch) < 1e-4  # a ten-thousandth after five epochs
    ok = dataclasses.replace(fam, decay_steps_as_steps=False)  # type: ignore[type-var]
    assert abs(_lr_factor(ok, 5 * per_epoch, total, per_epoch) - 0.9 ** 5) < 1e-9  # 0.9 per epoch


def test_lookahead_moves_the_slow_weights_part_way() -> None:
    import torch

    from models_v14 import Lookahead

    w = torch.nn.Parameter(torch.tensor([1.0]))
    opt = Lookahead(torch.optim.SGD([w], lr=0.1), k=2, alpha=0.5)
    for _ in range(2):
        opt.zero_grad()
        (w ** 2).sum().backward()
        opt.step()
    # fast: 1 -> 0.8 -> 0.64; slow: 1 + 0.5 (0.64 - 1) = 0.82, and the fast weights restart there
    assert abs(float(w) - 0.82) < 1e-6
