"""Lightning CSVLogger output from a real Trainer (scripts/fixtures/gen_lightning.py)."""
from __future__ import annotations

import csv
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

import lossdoctor
from lossdoctor.model import Axis, Kind, Split
from lossdoctor.readers.lightning_csv import read_hparams

LOGS = Path(__file__).parents[1] / "fixtures" / "lightning" / "lightning_logs"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open() as fh:
        return list(csv.DictReader(fh))


def test_each_version_is_a_run() -> None:
    runs = lossdoctor.read(LOGS)
    assert [r.name for r in runs] == ["lightning_logs/version_0", "lightning_logs/version_1"]
    assert {r.format for r in runs} == {"lightning_csv"}
    assert runs[0].hparams["hidden"] == 32 and runs[1].hparams["hidden"] == 16
    assert runs[0].hparams["lr"] == 0.5


def test_epoch_metrics_on_epoch_axis_and_step_metrics_joined_on_step() -> None:
    [run] = lossdoctor.read(LOGS / "version_0")
    rows = _rows(LOGS / "version_0" / "metrics.csv")
    val = run.find(Kind.LOSS, Split.VAL)
    assert val.key == "val_loss" and val.axis is Axis.EPOCH
    want = [(float(r["epoch"]), float(r["val_loss"])) for r in rows if r["val_loss"]]
    assert list(zip(val.steps, val.values)) == want
    train = run.find(Kind.LOSS, Split.TRAIN)
    assert train.key == "train_loss_epoch" and train.axis is Axis.EPOCH  # epoch mean preferred over _step
    step = run.get("train_loss_step")
    assert step.axis is Axis.STEP
    assert list(zip(step.steps, step.values)) == [(float(r["step"]), float(r["train_loss_step"]))
                                                  for r in rows if r["train_loss_step"]]
    lr = run.find(Kind.LR, Split.NONE)  # LearningRateMonitor rows: empty epoch, kept on the step axis
    assert lr.axis is Axis.STEP and list(lr.steps) == [0, 8, 16, 24, 32] and lr.values[-1] == 0.125
    assert run.hparams["steps_per_epoch"] == 8


def test_dataloader_suffixes_stay_separate_val_series() -> None:
    [run] = lossdoctor.read(LOGS / "version_1" / "metrics.csv")
    vals = run.find_all(Kind.LOSS, Split.VAL)
    assert sorted(s.key for s in vals) == ["val_loss/dataloader_idx_0", "val_loss/dataloader_idx_1"]
    assert all(s.axis is Axis.EPOCH and len(s) == 5 for s in vals)


def test_hparams_without_pyyaml_and_broken_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    notes: list[str] = []
    with_yaml = read_hparams(LOGS / "version_0" / "hparams.yaml", notes)
    monkeypatch.setitem(sys.modules, "yaml", None)  # import yaml -> ImportError
    assert read_hparams(LOGS / "version_0" / "hparams.yaml", notes) == with_yaml == {"hidden": 32, "lr": 0.5}
    monkeypatch.undo()
    bad = tmp_path / "hparams.yaml"
    bad.write_text("model: !!python/object:foo.Bar\n  a: 1\nlr: 0.01\nname: run\n")
    assert read_hparams(bad, notes) == {"lr": 0.01, "name": "run"}
    assert notes and "hparams.yaml" in notes[0]


def test_cut_last_row_is_skipped_with_a_warning(tmp_path: Path) -> None:
    dest = tmp_path / "lightning_logs" / "version_0"
    shutil.copytree(LOGS / "version_0", dest)
    text = (dest / "metrics.csv").read_text()
    (dest / "metrics.csv").write_text(text[: text.rstrip().rfind(",")])  # live file cut mid-row
    [run] = lossdoctor.read(dest)
    assert any("cut" in w for w in run.warnings)
    assert len(run.get("val_loss")) == 5 and len(run.get("train_loss_epoch")) == 4


def test_epoch_level_needs_one_value_per_epoch(tmp_path: Path) -> None:
    """Validation run twice per epoch (val_check_interval=0.5) stays on the step axis."""
    d = tmp_path / "version_3"
    d.mkdir()
    (d / "metrics.csv").write_text("epoch,step,train_loss,val_loss\n0,4,,0.9\n0,9,,0.8\n0,9,0.85,\n"
                                   "1,14,,0.7\n1,19,,0.65\n1,19,0.7,\n")
    [run] = lossdoctor.read(d)
    assert run.get("val_loss").axis is Axis.STEP and list(run.get("val_loss").steps) == [4, 9, 14, 19]
    assert run.get("train_loss").axis is Axis.EPOCH
    assert np.array_equal(run.get("train_loss").values, [0.85, 0.7])
