"""Hugging Face Trainer state files from a real Trainer run (scripts/fixtures/gen_hf.py)."""
from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import numpy as np
import pytest

import lossdoctor
from lossdoctor.errors import ReadError
from lossdoctor.model import Axis, Kind, Split

HF = Path(__file__).parents[1] / "fixtures" / "hf"


def _copy(tmp_path: Path, name: str) -> Path:
    return Path(shutil.copytree(HF / name, tmp_path / name))


def test_output_folder_reads_the_final_state() -> None:
    [run] = lossdoctor.read(HF / "run")
    state = json.loads((HF / "run" / "trainer_state.json").read_text())
    train = [e for e in state["log_history"] if "loss" in e]
    evals = [e for e in state["log_history"] if "eval_loss" in e]
    assert run.name == "run" and run.format == "hf_trainer" and run.warnings == ()
    loss = run.find(Kind.LOSS, Split.TRAIN)
    assert loss.key == "loss" and loss.axis is Axis.STEP
    assert list(zip(loss.steps, loss.values)) == [(e["step"], e["loss"]) for e in train]
    val = run.find(Kind.LOSS, Split.VAL)
    assert list(zip(val.steps, val.values)) == [(e["step"], e["eval_loss"]) for e in evals]
    assert run.find(Kind.ACCURACY, Split.VAL) is not None and run.find(Kind.GRAD_NORM, Split.NONE) is not None


def test_final_summary_is_not_a_point() -> None:
    [run] = lossdoctor.read(HF / "run" / "trainer_state.json")
    summary = run.hparams["train_summary"]
    assert "train_loss" in summary and "train_runtime" in summary
    assert run.get("train_loss") is None and run.get("train_runtime") is None
    assert summary["train_loss"] not in run.get("loss").values


def test_fractional_epochs_give_steps_per_epoch() -> None:
    [run] = lossdoctor.read(HF / "run")
    assert run.hparams["steps_per_epoch"] == 16  # 512 samples / batch 32
    epoch = run.get("epoch")
    assert epoch.kind is Kind.OTHER and np.allclose(epoch.values, epoch.steps / 16)


def test_checkpoints_only_reads_the_highest_step_and_keeps_nan() -> None:
    [run] = lossdoctor.read(HF / "diverged")
    assert run.hparams["global_step"] == 32 and run.get("loss").steps[-1] == 32
    grad = run.find(Kind.GRAD_NORM, Split.NONE)
    first_nan = grad.steps[np.isnan(grad.values)][0]
    assert first_nan > grad.steps[0] and np.isnan(grad.values[grad.steps >= first_nan]).all()
    loss = run.get("loss")  # the Trainer's NaN filter writes 0.0 once the loss is NaN: kept as logged
    assert loss.values.max() > 1e30 and (loss.values[loss.steps > first_nan] == 0.0).all()


def test_a_stale_top_level_state_loses_to_a_newer_checkpoint(tmp_path: Path) -> None:
    out = _copy(tmp_path, "run")
    shutil.copyfile(out / "checkpoint-16" / "trainer_state.json", out / "trainer_state.json")
    [run] = lossdoctor.read(out)
    assert run.hparams["global_step"] == 48
    assert any("checkpoint-48" in w and "newest" in w for w in run.warnings)


def test_copies_that_disagree_are_named(tmp_path: Path) -> None:
    out = _copy(tmp_path, "run")
    ck = out / "checkpoint-32" / "trainer_state.json"
    state = json.loads(ck.read_text())
    state["log_history"][0]["loss"] += 1.0
    ck.write_text(json.dumps(state))
    [run] = lossdoctor.read(out)
    assert any(w.startswith("checkpoint-32/trainer_state.json disagrees") for w in run.warnings)


def test_nan_and_infinite_grad_norm_from_the_real_writer(tmp_path: Path) -> None:
    trainer_state = pytest.importorskip("transformers").TrainerState

    state = trainer_state(global_step=3, log_history=[
        {"loss": 2.0, "grad_norm": 1.5, "learning_rate": 1e-3, "epoch": 0.5, "step": 1},
        {"loss": 2.0, "grad_norm": math.inf, "learning_rate": 1e-3, "epoch": 1.0, "step": 2},
        {"loss": 2.0, "grad_norm": math.nan, "learning_rate": 1e-3, "epoch": 1.5, "step": 3}])
    state.save_to_json(str(tmp_path / "trainer_state.json"))
    assert "Infinity" in (tmp_path / "trainer_state.json").read_text()
    [run] = lossdoctor.read(tmp_path / "trainer_state.json")
    g = run.find(Kind.GRAD_NORM, Split.NONE).values
    assert g[0] == 1.5 and math.isinf(g[1]) and math.isnan(g[2])
    assert run.hparams["steps_per_epoch"] == 2


def test_a_cut_state_keeps_the_entries_before_the_cut(tmp_path: Path) -> None:
    text = (HF / "run" / "trainer_state.json").read_text()
    cut = tmp_path / "trainer_state.json"
    cut.write_text(text[: text.index('"step": 20') + 5])
    [run] = lossdoctor.read(cut)
    assert any("cut short" in w for w in run.warnings)
    assert run.get("loss").steps[-1] == 16 and run.get("eval_loss").steps[-1] == 16


def test_not_a_trainer_state_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "trainer_state.json"
    bad.write_text('{"log_history": 3}')
    with pytest.raises(ReadError) as err:
        lossdoctor.read(bad)
    assert "log_history" in str(err.value) and "\n" not in str(err.value)
