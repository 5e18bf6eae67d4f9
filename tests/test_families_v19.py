"""The nineteenth-generation fault families (benchmarks/faults/families_v19.py): their labels use the contract's names,
their context uses real_runs/score.py's schema, every axis is new against v1-v18, their construction checks tell a
run that shows its fault from one that does not (on hand-made histories; the generated runs are checked by
check_families_v19.py), the data faults are built as labelled, and the code faults do what their description says
(Shampoo with zero roots never moves a weight, clipping before backward clips nothing, `nll_loss` on probabilities
logs minus the true class's probability, an empty read pools to NaN), and the hand-written optimisers take the steps
their papers define. No test trains a full run."""
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

from checks_v19 import shows  # noqa: E402
from families_v19 import FAMILIES_V19, READER_FOR_V19, TRAINERS_V19, context  # noqa: E402
from family_contract import context_problems, history, label_problems  # noqa: E402
from trainers_v19 import WRITERS  # noqa: E402


def _fam(name: str) -> object:
    return next(f for f in FAMILIES_V19 if f.name == name)


def _small(name: str, **kw: object) -> object:
    return dataclasses.replace(_fam(name), n_train=64, n_val=16, **kw)  # type: ignore[type-var]


def _earlier() -> list[object]:
    from families import FAMILIES

    out = list(FAMILIES)
    for v in range(2, 19):
        out += getattr(importlib.import_module(f"families_v{v}"), f"FAMILIES_V{v}")
    return out


def test_labels_use_contract_names_and_one_family_per_curve_finding() -> None:
    assert all(f.name.startswith(("h19_", "f19_")) for f in FAMILIES_V19)
    assert not label_problems(FAMILIES_V19, TRAINERS_V19, READER_FOR_V19, WRITERS)
    assert {f.trainer for f in FAMILIES_V19} == set(TRAINERS_V19)  # every writer used
    assert sum(f.healthy for f in FAMILIES_V19) == 14 and len(FAMILIES_V19) == 31


def test_every_axis_is_new_against_earlier_generations() -> None:
    old = _earlier()
    assert not {f.name for f in FAMILIES_V19} & {f.name for f in old}
    for axis in ("data", "model"):
        assert not {getattr(f, axis) for f in FAMILIES_V19} & {getattr(f, axis, None) for f in old}, axis
    new_opts = {f.optimizer for f in FAMILIES_V19} - {"adam", "adamw", "momentum"}
    assert new_opts == {"adopt", "shampoo"} and not new_opts & {getattr(f, "optimizer", None) for f in old}
    assert not {"tristage", "flatcos"} & {getattr(f, "schedule", None) for f in old}
    assert not {"tukey"} & {getattr(f, "loss", None) for f in old}


def test_context_follows_the_real_runs_schema() -> None:
    from score import CONTEXT

    assert not context_problems(FAMILIES_V19, context, CONTEXT)
    assert context(_fam("h19_expr_ghostnet_adam_tristage_savetxt")) == {
        "task": "regression", "loss": "other", "fine_tune": False, "best_checkpoint": False}
    # the users whose logits were clamped or whose val loss went through nll_loss still say plain cross-entropy
    assert context(_fam("f19_disagree_logit_clamp_from_clip_key_qrnn_karpathy"))["loss"] == "cross_entropy"
    assert context(_fam("f19_valbelow_nll_loss_on_probabilities_ghostnet_savetxt"))["loss"] == "cross_entropy"


def test_healthy_checks_need_a_fall_and_a_flat_end() -> None:
    fam = _fam("h19_tf_ghostnet_adopt_tristage_kcsv")
    assert shows(fam, history([1.3, 0.6, 0.3, 0.2], [1.2, 0.5, 0.3, 0.25], [0.5, 0.8, 0.9, 0.92]), 4)[0]
    assert not shows(fam, history([1.3, 1.0, 0.9, 0.8], [1.3, 0.9, 0.85, 0.8], [0.5, 0.8, 0.9, 0.92]), 4)[0]
    assert not shows(fam, history([1.3, 0.6, 0.3, 0.2], [1.2, 0.4, 0.5, 0.6], [0.5, 0.8, 0.9, 0.92]), 4)[0]
    floor = _fam("h19_expr_ghostnet_adam_tristage_savetxt")  # Tukey's biweight: a 25 % fall
    assert shows(floor, history([0.5, 0.3, 0.28], [0.4, 0.3, 0.3]), 1)[0]
    assert not shows(floor, history([0.5, 0.45, 0.42], [0.45, 0.43, 0.42]), 1)[0]


def test_chance_level_checks_take_the_task_chance() -> None:
    ln4 = math.log(4)
    init = _fam("f19_init_unscaled_tss_distance_covariate_qrnn_torch_tb")  # 5 x ln 4 = 6.93
    assert shows(init, history([7.5, 0.6], [2.0, 0.6], [0.5, 0.8]), 4)[0]
    assert not shows(init, history([6.0, 0.6], [2.0, 0.6], [0.5, 0.8]), 4)[0]
    chance = _fam("f19_chance_lowercase_softmasked_find_minus_one_qrnn_fastai")
    assert shows(chance, history([ln4] * 3, [ln4] * 3, [0.24, 0.27, 0.25]), 4)[0]
    assert not shows(chance, history([ln4] * 3, [ln4, 1.0, 0.8], [0.25, 0.5, 0.7]), 4)[0]
    disagree = _fam("f19_disagree_logit_clamp_from_clip_key_qrnn_karpathy")
    assert shows(disagree, history([1.0, 0.8], [0.95, 0.8], [0.8, 0.9]), 4)[0]
    assert not shows(disagree, history([1.2, 0.3], [1.1, 0.3], [0.8, 0.9]), 4)[0]
    under = _fam("f19_underfit_l1_penalty_sum_not_mean_ghostnet_kjson")
    assert shows(under, history([1.5, 1.4], [1.38, 1.36], [0.3, 0.35]), 4)[0]
    assert not shows(under, history([1.38, 0.3], [1.38, 0.35], [0.4, 0.9]), 4)[0]


@pytest.mark.parametrize("name", ["f19_rebound_resume_without_scheduler_state_qrnn_logging",
                                  "f19_spikes_complement_coin_once_per_epoch_ghostnet_hfstate"])
def test_event_checks_look_at_the_injected_epoch(name: str) -> None:
    fam = _fam(name)
    flat = [1.0, 0.8, 0.7, 0.65, 0.6, 0.58, 0.56, 0.55, 0.54, 0.53, 0.52, 0.51, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]
    assert not shows(fam, history(flat, flat), 1)[0]
    bumped = list(flat)
    if "rebound" in name:
        start = fam.resume_at  # type: ignore[attr-defined]
        bumped[start:] = [5.0] * (len(flat) - start)
    else:
        for e in fam.complement_epochs:  # type: ignore[attr-defined]
            bumped[e] = 3.0
    assert shows(fam, history(bumped, bumped), 1)[0]


def test_data_faults_are_built_as_labelled() -> None:
    from data_v19 import ADAPTERS, CHRY_WINDOWS, load_data, one_hot

    low = load_data(_small("f19_chance_lowercase_softmasked_find_minus_one_qrnn_fastai"), 0)
    assert (low.x_train[:, 3] == 1).all() and (low.x_val[:, :3] == 0).all()  # every base became 'T'
    stride = load_data(dataclasses.replace(_fam("f19_overfit_sequence_list_sliced_by_tiling_stride_ghostnet_kv"),
                                           n_val=16), 0)
    assert len(stride.y_train) == 150
    empty = load_data(dataclasses.replace(_fam("f19_nan_empty_trimmed_reads_masked_mean_qrnn_pipe"), n_val=16), 0)
    blank = empty.x_train.sum((1, 2)) == 0
    assert 0 < blank.sum() < 0.03 * len(blank) and (empty.x_val.sum((1, 2)) == 100).all()
    ad = load_data(_small("f19_leak_untrimmed_library_adapters_ghostnet_pandas_tsv"), 0)
    for x, y in ((ad.x_train, ad.y_train), (ad.x_val, ad.y_val)):
        tails = one_hot([ADAPTERS[int(k)] + "A" * 92 for k in y])[:, :, :8]
        assert np.array_equal(x[:, :, -8:], tails)  # the last 8 bases are the class's adapter
    assert len(load_data(_small("f19_noisyval_chry_holdout_qrnn_jsonl"), 0).y_val) == CHRY_WINDOWS
    actg_fam = _small("f19_gap_val_one_hot_actg_order_ghostnet_ignite")
    bad, good = load_data(actg_fam, 0), load_data(dataclasses.replace(actg_fam, val_actg=False), 0)
    assert np.array_equal(bad.x_val, good.x_val[:, [0, 1, 3, 2]]) and np.array_equal(bad.x_train, good.x_train)
    cov = load_data(_small("f19_init_unscaled_tss_distance_covariate_qrnn_torch_tb"), 0)
    assert cov.c_train is not None and cov.c_train.shape == (64, 2) and cov.c_val is not None
    assert np.array_equal(cov.c_train[:, 0], cov.x_train[:, 1:3].sum((1, 2)))  # the GC count, in bases
    assert 100 <= cov.c_train[:, 1].min() and cov.c_train[:, 1].max() <= 50_000  # the TSS distance, in bp
    comp = load_data(_small("f19_spikes_complement_coin_once_per_epoch_ghostnet_hfstate"), 0)
    assert comp.x_train_complement is not None
    assert np.array_equal(comp.x_train_complement, comp.x_train[:, ::-1, :])  # complemented, not reversed


def test_binding_sites_make_the_classes() -> None:
    from data_v19 import MOTIFS, _revcomp, binding_window

    rng = np.random.default_rng(0)

    def has(seq: str, site: str) -> bool:  # the site, or its reverse complement, with at most 1 mismatch
        for s in (site, _revcomp(site)):
            for i in range(len(seq) - len(s) + 1):
                if sum(a != b for a, b in zip(seq[i:i + len(s)], s)) <= 1:
                    return True
        return False

    for label, name in ((1, "gata"), (2, "ebox"), (3, "sp1")):
        share = np.mean([has(binding_window(label, rng), MOTIFS[name]) for _ in range(40)])
        none = np.mean([has(binding_window(0, rng), MOTIFS[name]) for _ in range(40)])
        assert share >= 0.7 and none <= 0.2, (name, share, none)


def test_schedules_and_loop_faults(tmp_path: Path) -> None:
    import torch

    from models_v19 import masked_mean
    from trainers_v19 import lr_factor, run

    tri = _fam("h19_tf_ghostnet_adopt_tristage_kcsv")
    assert lr_factor(tri, 0, 100) == pytest.approx(0.01) and lr_factor(tri, 10, 100) == pytest.approx(1.0)
    assert lr_factor(tri, 49, 100) == pytest.approx(1.0) and lr_factor(tri, 100, 100) == pytest.approx(0.05)
    fc = _fam("h19_tf_qrnn_shampoo_flatcos_lightning_tb")
    assert lr_factor(fc, 70, 100) == 1.0 and lr_factor(fc, 100, 100) == pytest.approx(0.0, abs=1e-12)
    import copy

    from data_v19 import load_data
    from models_v19 import torch_model, torch_optimizer

    flat = _small("f19_flat_shampoo_zero_roots_refresh_1000_ghostnet_hfstdout")
    data = load_data(flat, 0)
    for fam, moves in ((flat, False), (dataclasses.replace(flat, shampoo_zero_roots=False), True)):
        torch.manual_seed(0)
        model = torch_model(fam, data)
        before = copy.deepcopy(model.state_dict())
        opt = torch_optimizer(fam, model.parameters())
        for _ in range(3):
            model(torch.from_numpy(data.x_train[:16])).pow(2).mean().backward()
            opt.step()
            opt.zero_grad()
        changed = any(not torch.equal(before[k], v) for k, v in model.named_parameters())
        assert changed is moves  # zero roots: every update is 0 @ G @ 0
    nll = _small("f19_valbelow_nll_loss_on_probabilities_ghostnet_savetxt", epochs=1, batch=16)
    _, h3, _ = run(nll, 0, tmp_path / "nll" / "log")
    assert -1.0 <= h3["val_loss"][0] <= 0.0
    assert torch.isnan(masked_mean(torch.ones(1, 3, 5), torch.zeros(1, 1, 5))).all()  # an empty read: 0 / 0


def test_clipping_before_backward_clips_nothing() -> None:
    import torch

    lin = torch.nn.Linear(3, 1)
    lin.zero_grad(set_to_none=True)
    torch.nn.utils.clip_grad_norm_(lin.parameters(), 0.5)
    (100 * lin(torch.ones(1, 3))).sum().backward()
    assert float(lin.weight.grad.norm()) > 10  # the gradient the step takes is the unclipped one


def test_momentum_from_the_nesterov_flag_is_one() -> None:
    import torch

    from models_v19 import torch_optimizer

    osc = _fam("f19_oscillate_momentum_from_nesterov_flag_qrnn_kfit")
    opt = torch_optimizer(osc, [torch.nn.Parameter(torch.zeros(2))])
    assert opt.param_groups[0]["momentum"] == 1.0
    healthy = _fam("h19_expr_qrnn_momentum_clip_logging")
    assert torch_optimizer(healthy, [torch.nn.Parameter(torch.zeros(2))]).param_groups[0]["momentum"] == 0.9


def test_hand_written_optimisers_take_their_papers_steps() -> None:
    import torch

    from models_v19 import ADOPT, Shampoo

    w = torch.nn.Parameter(torch.zeros(3))
    opt = ADOPT([w], lr=0.1, betas=(0.0, 0.5))
    w.grad = torch.tensor([2.0, -4.0, 0.5])
    opt.step()  # the first step only sets v = g^2
    assert torch.count_nonzero(w) == 0
    w.grad = torch.tensor([4.0, -4.0, 0.5])
    opt.step()  # m = g / sqrt(v_prev) (clipped at 1), before v sees this gradient
    assert torch.allclose(w.detach(), -0.1 * torch.tensor([1.0, -1.0, 1.0]))
    m = torch.nn.Parameter(torch.zeros(2, 2))
    sh = Shampoo([m], lr=1.0, momentum=0.0, eps=0.0, refresh=1)
    m.grad = torch.tensor([[2.0, 0.0], [0.0, 8.0]])
    sh.step()  # L = diag(4, 64), R = diag(4, 64): the step L^-1/4 G R^-1/4 = diag(2 / 2 / 2, 8 / sqrt8 / sqrt8)
    assert torch.allclose(m.detach(), -torch.tensor([[1.0, 0.0], [0.0, 1.0]]), atol=1e-5)


def test_check_script_checks_this_generation() -> None:
    check = importlib.import_module("check_families_v19")
    assert check.FAMILIES_V19 is FAMILIES_V19
