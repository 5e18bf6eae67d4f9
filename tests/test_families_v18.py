"""The eighteenth-generation fault families (benchmarks/faults/families_v18.py): their labels use the contract's names,
their context uses real_runs/score.py's schema, every axis is new against v1-v17, their construction checks tell a
run that shows its fault from one that does not (on hand-made histories; the generated runs are checked by
check_families_v18.py), the data faults are built as labelled, and the code faults do what their description says
(an optimiser on a model built before the trained one never moves it, inverted unfreezing stops every weight, the
double mean shrinks the val loss by the batch size, weights_init after the load forgets the checkpoint), and the
hand-written optimisers take the steps their papers define. No test trains a full run."""
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

from checks_v18 import shows  # noqa: E402
from families_v18 import FAMILIES_V18, READER_FOR_V18, TRAINERS_V18, context  # noqa: E402
from family_contract import context_problems, history, label_problems  # noqa: E402
from trainers_v18 import WRITERS  # noqa: E402


def _fam(name: str) -> object:
    return next(f for f in FAMILIES_V18 if f.name == name)


def _small(name: str, **kw: object) -> object:
    return dataclasses.replace(_fam(name), n_train=32, n_val=8, **kw)  # type: ignore[type-var]


def _earlier() -> list[object]:
    from families import FAMILIES

    out = list(FAMILIES)
    for v in range(2, 18):
        out += getattr(importlib.import_module(f"families_v{v}"), f"FAMILIES_V{v}")
    return out


def test_labels_use_contract_names_and_one_family_per_curve_finding() -> None:
    assert all(f.name.startswith(("h18_", "f18_")) for f in FAMILIES_V18)
    assert not label_problems(FAMILIES_V18, TRAINERS_V18, READER_FOR_V18, WRITERS)
    assert {f.trainer for f in FAMILIES_V18} == set(TRAINERS_V18)  # every writer used
    assert sum(f.healthy for f in FAMILIES_V18) == 14 and len(FAMILIES_V18) == 31


def test_every_axis_is_new_against_earlier_generations() -> None:
    old = _earlier()
    assert not {f.name for f in FAMILIES_V18} & {f.name for f in old}
    for axis in ("data", "model"):
        assert not {getattr(f, axis) for f in FAMILIES_V18} & {getattr(f, axis, None) for f in old}, axis
    new_opts = {f.optimizer for f in FAMILIES_V18} - {"adam", "adamw", "momentum"}
    assert new_opts == {"nero", "sm3"} and not new_opts & {getattr(f, "optimizer", None) for f in old}
    assert not {"stlr", "sigmoid"} & {getattr(f, "schedule", None) for f in old}
    assert not {"charbonnier"} & {getattr(f, "loss", None) for f in old}


def test_context_follows_the_real_runs_schema() -> None:
    from score import CONTEXT

    assert not context_problems(FAMILIES_V18, context, CONTEXT)
    assert context(_fam("h18_qt_resnext_adam_stlr_savetxt")) == {
        "task": "regression", "loss": "other", "fine_tune": False, "best_checkpoint": False}
    # the user whose config swapped in label smoothing 0.6 still says plain cross-entropy on beat classes
    assert context(_fam("f18_disagree_label_smoothing_mixup_key_swap_resnext_karpathy"))["loss"] == "cross_entropy"
    assert context(_fam("f18_plateau_gradual_unfreezing_condition_inverted_ecanet_mlflow"))["fine_tune"] is True


def test_healthy_checks_need_a_fall_and_a_flat_end() -> None:
    fam = _fam("h18_ecg_resnext_nero_stlr_kcsv")
    assert shows(fam, history([1.3, 0.6, 0.3, 0.2], [1.2, 0.5, 0.3, 0.25], [0.5, 0.8, 0.9, 0.92]), 4)[0]
    assert not shows(fam, history([1.3, 1.0, 0.9, 0.8], [1.3, 0.9, 0.85, 0.8], [0.5, 0.8, 0.9, 0.92]), 4)[0]
    assert not shows(fam, history([1.3, 0.6, 0.3, 0.2], [1.2, 0.4, 0.5, 0.6], [0.5, 0.8, 0.9, 0.92]), 4)[0]
    floor = _fam("h18_qt_ecanet_adam_batch128_40ep_pandas_tsv")  # the Charbonnier loss: a 25 % fall
    assert shows(floor, history([3.0, 1.5, 1.4], [2.0, 1.45, 1.44]), 1)[0]
    assert not shows(floor, history([3.0, 2.8, 2.6], [2.9, 2.7, 2.6]), 1)[0]


def test_chance_level_checks_take_the_task_chance() -> None:
    ln4 = math.log(4)
    init = _fam("f18_init_contrastive_temperature_on_logits_resnext_torch_tb")  # 5 x ln 4 = 6.93
    assert shows(init, history([7.5, 0.6], [2.0, 0.6], [0.5, 0.8]), 4)[0]
    assert not shows(init, history([6.0, 0.6], [2.0, 0.6], [0.5, 0.8]), 4)[0]
    chance = _fam("f18_chance_unseeded_separate_train_test_split_ecanet_fastai")
    assert shows(chance, history([ln4] * 3, [ln4] * 3, [0.24, 0.27, 0.25]), 4)[0]
    assert not shows(chance, history([ln4] * 3, [ln4, 1.0, 0.8], [0.25, 0.5, 0.7]), 4)[0]
    disagree = _fam("f18_disagree_label_smoothing_mixup_key_swap_resnext_karpathy")
    assert shows(disagree, history([1.3, 1.21], [1.25, 1.2], [0.8, 0.95]), 4)[0]
    assert not shows(disagree, history([1.2, 0.3], [1.1, 0.3], [0.8, 0.9]), 4)[0]
    under = _fam("f18_underfit_dropout_keep_prob_ported_as_p_resnext_kjson")
    assert shows(under, history([1.38, 1.1], [1.38, 1.12], [0.4, 0.5]), 4)[0]
    assert not shows(under, history([1.38, 0.3], [1.38, 0.35], [0.4, 0.9]), 4)[0]


@pytest.mark.parametrize("name", ["f18_rebound_weights_init_after_checkpoint_load_ecanet_logging",
                                  "f18_spikes_cache_rebuilt_from_raw_counts_ecanet_hfstate"])
def test_event_checks_look_at_the_injected_epoch(name: str) -> None:
    fam = _fam(name)
    flat = [1.0, 0.8, 0.7, 0.65, 0.6, 0.58, 0.56, 0.55, 0.54, 0.53, 0.52, 0.51, 0.5, 0.5, 0.5, 0.5]
    assert not shows(fam, history(flat, flat), 1)[0]
    bumped = list(flat)
    if "rebound" in name:
        start = fam.resume_at  # type: ignore[attr-defined]
        bumped[start:] = [5.0] * (len(flat) - start)
    else:
        for e in fam.raw_epochs:  # type: ignore[attr-defined]
            bumped[e] = 3.0
    assert shows(fam, history(bumped, bumped), 1)[0]


def test_data_faults_are_built_as_labelled() -> None:
    from data_v18 import load_data

    split = _small("f18_chance_unseeded_separate_train_test_split_ecanet_fastai")
    bad, good = load_data(split, 0), load_data(dataclasses.replace(split, unseeded_split=False), 0)
    assert np.array_equal(bad.x_train, good.x_train) and not np.array_equal(bad.y_train, good.y_train)
    assert sorted(bad.y_train) == sorted(good.y_train)  # the same labels, joined to other beats
    tmpl = load_data(_small("f18_leak_annotated_class_template_channel_resnext_pandas_tsv"), 0)
    assert tmpl.x_train.shape[1] == 2
    firsts = {int(k): tmpl.x_train[i, 1] for i, k in enumerate(tmpl.y_train)}
    assert all(np.array_equal(tmpl.x_train[i, 1], firsts[int(k)]) for i, k in enumerate(tmpl.y_train))
    one = load_data(dataclasses.replace(_fam("f18_overfit_drop_duplicates_patient_id_resnext_kv"), n_val=8), 0)
    assert len(one.y_train) <= 30
    nan = load_data(dataclasses.replace(_fam("f18_nan_missing_qt_zero_log_target_resnext_pipe"), n_val=8), 0)
    assert np.isinf(nan.y_train).any() and np.isfinite(nan.y_val).all()
    slow_fam = _small("f18_gap_val_125hz_device_not_resampled_ecanet_ignite")
    slow, ok = load_data(slow_fam, 0), load_data(dataclasses.replace(slow_fam, val_125hz=False), 0)

    def width(x: np.ndarray) -> float:  # samples above half of each beat's peak, around the R peak
        a = np.abs(x[:, 0] - np.median(x[:, 0], 1, keepdims=True))
        return float((a > 0.5 * a.max(1, keepdims=True)).sum(1).mean())

    assert width(slow.x_val) < 0.8 * width(ok.x_val)
    raw = load_data(_small("f18_spikes_cache_rebuilt_from_raw_counts_ecanet_hfstate"), 0)
    assert raw.x_train_raw is not None and np.abs(raw.x_train_raw).mean() > 1.5 * np.abs(raw.x_train).mean()
    pol = load_data(_small("f18_oscillate_second_device_inverted_lead_odd_epochs_ecanet_kfit"), 0)
    assert pol.x_train_inverted is not None and np.array_equal(pol.x_train_inverted, -pol.x_train)


def test_beat_classes_differ_where_the_description_puts_them() -> None:
    from data_v18 import beats

    rng = np.random.default_rng(0)
    kinds = np.repeat(np.arange(4), 40)
    x = beats(kinds, np.full(len(kinds), 5), rng)
    p_wave = x[:, 22:31].mean(1) - x[:, 5:15].mean(1)
    assert p_wave[kinds == 1].mean() < 0.5 * p_wave[kinds == 0].mean()  # a PVC has no P wave
    t_wave = x[:, 68:84].mean(1) - x[:, 5:15].mean(1)
    assert t_wave[kinds == 1].mean() < 0 < t_wave[kinds == 0].mean()  # the PVC's T wave is inverted


def test_schedules_and_loop_faults(tmp_path: Path) -> None:
    from trainers_v18 import lr_factor, run

    stlr = _fam("h18_ecg_resnext_nero_stlr_kcsv")
    assert lr_factor(stlr, 0, 100) == pytest.approx(1 / 32) and lr_factor(stlr, 10, 100) == pytest.approx(1.0)
    assert lr_factor(stlr, 100, 100) == pytest.approx(1 / 32)
    sig = _fam("h18_ecg_ecanet_sm3_sigmoid_lightning_tb")
    assert lr_factor(sig, 50, 100) == pytest.approx(0.5) and lr_factor(sig, 100, 100) < 0.01
    flat = _small("f18_flat_optimizer_on_model_built_before_rebuild_ecanet_hfstdout", epochs=3, batch=16)
    _, h, _ = run(flat, 0, tmp_path / "flat" / "log")
    assert max(h["loss"]) - min(h["loss"]) < 1e-6 * abs(h["loss"][0])
    _, h2, _ = run(dataclasses.replace(flat, model_built_twice=False), 0, tmp_path / "moving" / "log")
    assert abs(h2["loss"][-1] - h2["loss"][0]) > 1e-3
    frozen = _small("f18_plateau_gradual_unfreezing_condition_inverted_ecanet_mlflow", epochs=4, freeze_from=1,
                    batch=8)
    _, h3, _ = run(frozen, 0, tmp_path / "frozen" / "log")
    assert h3["val_loss"][1] == pytest.approx(h3["val_loss"][3])  # nothing moves once frozen
    dm = _small("f18_valbelow_val_loss_divided_by_batch_twice_resnext_savetxt", epochs=1, batch=8)
    _, h4, _ = run(dm, 0, tmp_path / "dm" / "log")
    _, h5, _ = run(dataclasses.replace(dm, val_double_mean=False), 0, tmp_path / "dm2" / "log")
    assert h4["val_loss"][0] == pytest.approx(h5["val_loss"][0] / 8, rel=1e-4)


def test_weights_init_after_load_forgets_the_checkpoint() -> None:
    import torch

    from models_v18 import ECANet1D, init_weights

    torch.manual_seed(0)
    model = ECANet1D(1, 8, 4, 0.0)
    trained = {k: v + 1.0 for k, v in model.state_dict().items()}
    model.load_state_dict(trained)
    init_weights(model)
    assert not torch.allclose(model.head.weight, trained["head.weight"])
    assert torch.count_nonzero(model.head.bias) == 0


def test_hand_written_optimisers_take_their_papers_steps() -> None:
    import torch

    from models_v18 import SM3, Nero

    w = torch.nn.Parameter(torch.tensor([[3.0, 1.0, -1.0], [0.5, 0.0, 2.0]]))
    opt = Nero([w], lr=0.01)
    w.grad = torch.randn(2, 3)
    opt.step()
    assert torch.allclose(w.detach().mean(1), torch.zeros(2), atol=1e-6)  # each neuron re-centred
    norms = w.detach().norm(dim=1)
    assert torch.allclose(norms, norms[0].expand(2))  # and kept at one norm
    v = torch.nn.Parameter(torch.ones(3))
    sm3 = SM3([v], lr=0.1, momentum=0.0)
    v.grad = torch.tensor([2.0, -4.0, 0.5])
    sm3.step()
    assert torch.allclose(v.detach(), torch.ones(3) - 0.1 * torch.tensor([1.0, -1.0, 1.0]))  # g / sqrt(g^2)
    m = torch.nn.Parameter(torch.zeros(2, 2))
    sm3 = SM3([m], lr=1.0, momentum=0.0)
    m.grad = torch.tensor([[1.0, 0.0], [0.0, 0.0]])
    sm3.step()
    m.grad = torch.tensor([[0.0, 0.0], [0.0, 1.0]])
    sm3.step()  # row 1 and column 1 never saw a gradient: min(row, col) = 0, so the step is g / |g|
    assert float(m[1, 1]) == pytest.approx(-1.0)


def test_check_script_checks_this_generation() -> None:
    """check_families_v18.py (the reader and construction check the generated set goes through) checks v18's own
    families (it once imported a name copied from v17's script and could not start)."""
    check = importlib.import_module("check_families_v18")
    assert check.FAMILIES_V18 is FAMILIES_V18
