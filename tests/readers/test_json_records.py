"""Per-record JSON and JSON Lines: detectron2 metrics.json, mmengine scalars.json, mmcv *.log.json, lists."""
from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

import lossdoctor
from lossdoctor.errors import ReadError
from lossdoctor.model import Axis, Kind, Split

JSONL = Path(__file__).parents[1] / "fixtures" / "jsonl"


def _lines(path: Path) -> list[dict]:
    return [json.loads(ln) for ln in path.read_text().splitlines() if ln.strip()]


def test_detectron2_metrics_json_is_json_lines() -> None:
    rows = _lines(JSONL / "metrics.json")
    [run] = lossdoctor.read(JSONL / "metrics.json")
    assert run.format == "json_records"
    loss = run.find(Kind.LOSS, Split.TRAIN)
    assert loss.key == "total_loss" and loss.axis is Axis.STEP
    assert list(loss.steps) == [r["iteration"] for r in rows]
    ap = run.get("val/bbox/AP")  # evaluator results land on the eval iteration: validation scores
    assert ap.split is Split.VAL and list(ap.steps) == [r["iteration"] for r in rows if "bbox/AP" in r]
    assert not run.get("loss_cls").primary


def test_mmengine_val_rows_are_per_epoch() -> None:
    rows = _lines(JSONL / "mmengine" / "scalars.json")
    [run] = lossdoctor.read(JSONL / "mmengine" / "scalars.json")
    m = run.get("val/coco/bbox_mAP")
    assert m.split is Split.VAL and m.axis is Axis.EPOCH and list(m.steps) == list(range(1, 13))
    loss = run.find(Kind.LOSS, Split.TRAIN)
    assert loss.key == "loss" and list(loss.steps) == [r["step"] for r in rows if "iter" in r]
    assert run.get("val/time") is None and run.hparams["steps_per_epoch"] == 9


def test_mmcv_log_json_modes_and_inner_iterations() -> None:
    [run] = lossdoctor.read(JSONL / "20240101_120000.log.json")  # first line is the run's env/config
    loss = run.find(Kind.LOSS, Split.TRAIN)
    assert np.all(np.diff(loss.steps) > 0) and loss.steps[-1] == 12 * 9  # inner iter made global
    acc = run.find(Kind.ACCURACY, Split.VAL)
    assert acc.key == "val/aAcc" and acc.axis is Axis.EPOCH and len(acc) == 12
    assert run.get("decode.acc_seg").values.max() <= 1.0  # percent -> fraction


def test_list_of_epoch_records_with_nan_tokens(tmp_path: Path) -> None:
    p = tmp_path / "log.json"
    p.write_text('[{"epoch": 1, "loss": 1.0, "val_loss": NaN}, {"epoch": 2, "loss": Infinity, "val_loss": 1.1}]')
    [run] = lossdoctor.read(p)
    assert run.get("loss").axis is Axis.EPOCH and list(run.get("loss").steps) == [1, 2]
    assert math.isinf(run.get("loss").values[1]) and math.isnan(run.get("val_loss").values[0])


def test_wrapped_records_and_wandb_like_step(tmp_path: Path) -> None:
    p = tmp_path / "history.json"
    p.write_text(json.dumps({"history": [{"_step": 0, "train/loss": 2.0}, {"_step": 5, "train/loss": 1.5}]}))
    [run] = lossdoctor.read(p)
    assert list(run.get("train/loss").steps) == [0, 5] and run.get("train/loss").axis is Axis.STEP
    q = tmp_path / "log.jsonl"
    q.write_text('{"step": 1, "loss": 3.0, "lr": 0.1}\n{"step": 2, "loss": 2.5, "lr": 0.1}\n')
    [run] = lossdoctor.read(q)
    assert list(run.get("loss").values) == [3.0, 2.5]


def test_cut_last_line_is_skipped_with_a_warning(tmp_path: Path) -> None:
    text = (JSONL / "metrics.json").read_text()
    p = tmp_path / "metrics.json"
    p.write_text(text[: len(text) - 40])
    [run] = lossdoctor.read(p)
    assert len(run.get("total_loss")) == len(_lines(JSONL / "metrics.json")) - 1
    assert any("cut mid-object" in w for w in run.warnings)


def test_cut_json_list_keeps_whole_records(tmp_path: Path) -> None:
    p = tmp_path / "log.json"
    p.write_text('[{"epoch": 0, "loss": 1.0}, {"epoch": 1, "loss": 0.9}, {"epoch": 2, "lo')
    [run] = lossdoctor.read(p)
    assert list(run.get("loss").values) == [1.0, 0.9] and any("cut short" in w for w in run.warnings)


@pytest.mark.parametrize("text", ['[1, 2, 3]', '[{"name": "a"}, {"name": "b"}]', '{"a": [{"x": 1}], "b": [{"y": 2}]}'])
def test_json_that_is_not_a_history_is_one_line(tmp_path: Path, text: str) -> None:
    from lossdoctor.readers.json_records import JsonRecordsReader

    p = tmp_path / "x.json"
    p.write_text(text)
    with pytest.raises(ReadError) as err:
        JsonRecordsReader().read(p)
    assert "JSON is not a training history: expected" in str(err.value) and "\n" not in str(err.value)


def test_config_json_is_not_claimed_but_named_when_given(tmp_path: Path) -> None:
    from lossdoctor.readers import READERS

    p = tmp_path / "config.json"
    p.write_text(json.dumps({"architectures": ["BertModel"], "hidden_size": 32, "num_labels": [2]}, indent=2))
    assert not any(r.can_read(p) for r in READERS)  # so a folder walk passes it by silently
    with pytest.raises(ReadError) as err:
        lossdoctor.read(p)
    assert "JSON is not a training history: expected" in str(err.value)
