"""The eleventh-generation fault families (benchmarks/faults/families_v11.py): their labels use the contract's names,
their context uses real_runs/score.py's schema, their construction checks tell a run that shows its fault from one
that does not (on hand-made histories; the generated runs are checked by check_families_v11.py), the data faults are
built as labelled, the hand-written optimisers descend, and the new writer keeps every value it is fed, as the reader
reads it."""
from __future__ import annotations

import dataclasses
import json
import math
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT / "benchmarks" / "faults"))
sys.path.insert(0, str(ROOT / "benchmarks" / "real_runs"))

from checks_v11 import shows  # noqa: E402
from families_v9 import FAMILIES_V9  # noqa: E402
from families_v11 import FAMILIES_V11, READER_FOR_V11, TRAINERS_V11, context  # noqa: E402
from family_contract import context_problems, history, label_problems  # noqa: E402
from trainers_v11 import WRITERS  # noqa: E402


def _fam(name: str) -> object:
    return next(f for f in FAMILIES_V11 if f.name == name)


def test_labels_use_contract_names_and_one_family_per_curve_finding() -> None:
    assert not {f.name for f in FAMILIES_V11} & {f.name for f in FAMILIES_V9}
    assert all(f.name.startswith(("h11_", "f11_")) for f in FAMILIES_V11)
    assert not label_problems(FAMILIES_V11, TRAINERS_V11, READER_FOR_V11, WRITERS)


def test_context_follows_the_real_runs_schema() -> None:
    from score import CONTEXT

    assert not context_problems(FAMILIES_V11, context, CONTEXT)
    assert context(_fam("h11_rhythm_conv_finetune_regular_vs_not_hfcard"))["fine_tune"] is True
    assert context(_fam("h11_claims_nam_adam_earlystop_restore_mlflow"))["best_checkpoint"] is True
    assert context(_fam("h11_claims_mish_rmsnorm_qhadam_chained_jsonl"))["loss"] == "other"
    assert context(_fam("h11_phase_conv_adam_chained_hfstate"))["task"] == "regression"
    # the user whose cosine classifier's scale was mistyped still says cross-entropy
    assert context(_fam("f11_disagree_cosine_scale_05_conv_bracket"))["loss"] == "cross_entropy"



def test_healthy_checks_need_a_fall_and_a_flat_end() -> None:
    fam = _fam("h11_rhythm_conv_cosine_qhadam_chained_wandbcsv")
    assert shows(fam, history([1.3, 0.6, 0.3, 0.2], [1.2, 0.5, 0.3, 0.25], [0.5, 0.8, 0.9, 0.92]), 4)[0]
    assert not shows(fam, history([1.3, 1.0, 0.9, 0.8], [1.2, 0.9, 0.85, 0.8], [0.5, 0.8, 0.9, 0.92]), 4)[0]
    assert not shows(fam, history([1.3, 0.6, 0.3, 0.2], [1.2, 0.4, 0.5, 0.6], [0.5, 0.8, 0.9, 0.92]), 4)[0]
    floor = _fam("h11_claims_nam_schedulefree_fullbatch_150ep_kv")  # the deviance has a floor: a 25 % fall
    assert shows(floor, history([2.8, 2.0, 1.9], [2.5, 1.95, 1.9]), 1)[0]
    assert not shows(floor, history([2.8, 2.5, 2.4], [2.5, 2.45, 2.4]), 1)[0]


def test_chance_level_checks_take_the_task_chance() -> None:
    ln4 = math.log(4)
    init = _fam("f11_init_head_std_5_mish_rhythm_hfstdout")  # 5 x ln 4 = 6.93
    assert shows(init, history([7.5, 0.6], [2.0, 0.6], [0.5, 0.8]), 4)[0]
    assert not shows(init, history([6.0, 0.6], [2.0, 0.6], [0.5, 0.8]), 4)[0]
    chance = _fam("f11_chance_sampling_rate_column_as_signal_mish_mlflow")
    assert shows(chance, history([ln4] * 3, [ln4] * 3, [0.24, 0.27, 0.25]), 4)[0]
    assert not shows(chance, history([ln4] * 3, [ln4, 1.0, 0.8], [0.25, 0.5, 0.7]), 4)[0]
    disagree = _fam("f11_disagree_cosine_scale_05_conv_bracket")  # bounded logits: the loss stays >= 0.74
    assert shows(disagree, history([1.2, 0.8], [1.1, 0.78], [0.8, 0.9]), 4)[0]
    assert not shows(disagree, history([1.2, 0.3], [1.1, 0.3], [0.8, 0.9]), 4)[0]


@pytest.mark.parametrize("name", ["f11_rebound_dropout_ramp_to_09_phase_mish_wandbcsv",
                                  "f11_spikes_claims_shard_in_cents_nam_logging"])
def test_event_checks_look_at_the_injected_epoch(name: str) -> None:
    fam = _fam(name)
    flat = [1.0, 0.8, 0.7, 0.65, 0.6, 0.58, 0.56, 0.55, 0.54, 0.53, 0.52, 0.51, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]
    assert not shows(fam, history(flat, flat), 1)[0]
    bumped = list(flat)
    if "rebound" in name:
        start = fam.dropout_ramp_from  # type: ignore[attr-defined]
        bumped[start:] = [5.0] * (len(flat) - start)
    else:
        for e in fam.cents_epochs:  # type: ignore[attr-defined]
            bumped[e] = 3.0
    assert shows(fam, history(bumped, bumped), 1)[0]


def test_data_faults_are_built_as_labelled() -> None:
    from data_v11 import RHYTHMS, load_data

    leak = load_data(_fam("f11_leak_label_columns_kept_rhythm_mish_kjson"), 0)
    assert np.array_equal(leak.x_val[:, -RHYTHMS:].argmax(1), leak.y_val)
    const = load_data(_fam("f11_chance_sampling_rate_column_as_signal_mish_mlflow"), 0)
    assert np.ptp(const.x_train) == 0 and np.ptp(const.x_val) == 0
    neg = load_data(_fam("f11_nan_refunds_negative_claims_mish_karpathy"), 0)
    assert 0 < (neg.y_train < 0).sum() <= len(neg.y_train) // 100 and (neg.y_val >= 0).all()
    healthy = load_data(_fam("h11_claims_nam_adam_earlystop_restore_mlflow"), 0)
    assert (healthy.y_train == 0).mean() > 0.2 and (healthy.y_train >= 0).all()  # many zeros, no refunds


def test_double_rate_validation_doubles_the_beat_interval() -> None:
    from data_v11 import rhythm

    def peaks(x: np.ndarray) -> float:
        return float(np.mean([((s[1:-1] > s[:-2]) & (s[1:-1] > s[2:]) & (s[1:-1] > 1)).sum() for s in x]))

    rng = np.random.default_rng(0)
    regular = np.array([1.0, 0, 0, 0])
    slow = peaks(rhythm(200, rng, rate=2.0, weights=regular)[0])
    base = peaks(rhythm(200, rng, weights=regular)[0])
    assert 1.6 < base / slow < 2.6


def test_tweedie_deviance_is_zero_at_the_target_and_nan_for_a_refund() -> None:
    import torch

    from models_v11 import tweedie_deviance

    y = torch.tensor([0.5, 2.0, 7.0])
    assert float(tweedie_deviance(torch.log(y), y)) == pytest.approx(0.0, abs=1e-5)
    assert float(tweedie_deviance(torch.log(y) + 0.5, y)) > 0.1
    assert math.isnan(float(tweedie_deviance(torch.zeros(2), torch.tensor([1.0, -1.0]))))


@pytest.mark.parametrize("optimizer", ["qhadam", "sfadamw"])
def test_hand_written_optimisers_descend(optimizer: str) -> None:
    import torch

    from models_v11 import torch_optimizer

    torch.manual_seed(0)
    w = torch.nn.Parameter(torch.randn(5) * 3)
    fam = dataclasses.replace(_fam("h11_phase_mish_schedulefree_wandbcsv"), optimizer=optimizer, lr=0.1)
    opt = torch_optimizer(fam, [w])
    start = float((w ** 2).sum().detach())
    for _ in range(200):
        opt.zero_grad()
        (w ** 2).sum().backward()
        opt.step()
    if optimizer == "sfadamw":
        opt.eval()  # type: ignore[attr-defined]  # the averaged weights are the ones evaluated
    assert float((w ** 2).sum().detach()) < 0.05 * start


def test_clipping_by_value_at_eps_never_moves_the_weights() -> None:
    import torch

    from data_v11 import load_data
    from models_v11 import task_loss, torch_model

    fam = _fam("f11_flat_clip_grad_value_eps_nam_fastai")
    data = load_data(dataclasses.replace(fam, n_train=256, n_val=64), 0)
    torch.manual_seed(0)
    model = torch_model(fam, data)
    before = [p.detach().clone() for p in model.parameters()]
    opt = torch.optim.SGD(model.parameters(), lr=fam.lr, momentum=0.9)  # type: ignore[attr-defined]
    for _ in range(20):
        loss, _ = task_loss(data, model, torch.from_numpy(data.x_train), torch.from_numpy(data.y_train))
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_value_(model.parameters(), fam.clip_value)  # type: ignore[attr-defined]
        opt.step()
    assert max(float((p.detach() - b).abs().max()) for p, b in zip(model.parameters(), before)) < 1e-6


def test_new_writer_keeps_every_value_the_reader_reads(tmp_path: Path) -> None:
    """The W&B history CSV, new in this generation: what it writes is read back whole by lossdoctor's reader."""
    from check_families_v4 import read_whole
    from data_v11 import Data11

    fam = _fam("h11_rhythm_conv_cosine_qhadam_chained_wandbcsv")
    data = Data11("rhythm", np.zeros((4, 64)), np.zeros(4), np.zeros((2, 64)), np.zeros(2), 4)
    run_dir = tmp_path / "wandb_csv"
    w = WRITERS["wandb_csv"](run_dir / "log", fam, data, 20)
    rows = [{"loss": 1.3456789, "val_loss": 1.3, "accuracy": 0.3, "val_accuracy": 0.25, "learning_rate": 1e-3},
            {"loss": 0.91234567, "val_loss": 0.95, "accuracy": 0.6, "val_accuracy": 0.55, "learning_rate": 1e-3},
            {"loss": 0.70123, "val_loss": 0.8, "accuracy": 0.7, "val_accuracy": 0.65, "learning_rate": 1e-3}]
    for i, r in enumerate(rows):
        for s in range(20):
            w.step(r["loss"] + 0.01 * (s % 3), 20 * i + s + 1, (20 * i + s + 1) / 20, 1e-3)
        w.period(r, i, 20 * (i + 1))
    log = w.close()
    (run_dir / "logged.json").write_text(json.dumps(w.logged))
    assert len(w.logged["train"]) == len(w.logged["val"]) == 3
    rec = {"log": str(log.relative_to(run_dir)), "format": READER_FOR_V11["wandb_csv"], "trainer": "wandb_csv",
           "step_level": True}
    ok, msg = read_whole(rec, run_dir)
    assert ok, msg
    # and a reader that finds other numbers would fail: the check compares values
    w.logged["val"][1] += 0.1
    (run_dir / "logged.json").write_text(json.dumps(w.logged))
    assert not read_whole(rec, run_dir)[0]
