"""Generic tables: Ultralytics results.csv (both header styles), timm summary.csv, hand-made CSV/TSV."""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

import lossdoctor
from lossdoctor.errors import ReadError
from lossdoctor.model import Axis, Kind, Split

TABLES = Path(__file__).parents[1] / "fixtures" / "tables"


def _column(path: Path, key: str) -> list[float]:
    with path.open() as fh:
        rows = [{k.strip(): v.strip() for k, v in r.items()} for r in csv.DictReader(fh)]
    return [float(r[key]) for r in rows if r["epoch"] != "epoch"]


def test_ultralytics_components_get_a_derived_total() -> None:
    [run] = lossdoctor.read(TABLES / "results.csv")
    assert run.name == "tables/results" and run.format == "table"
    total = run.find(Kind.LOSS, Split.TRAIN)
    assert total.key == "train/loss" and total.axis is Axis.EPOCH and list(total.steps) == list(range(1, 13))
    parts = [np.array(_column(TABLES / "results.csv", f"train/{c}_loss")) for c in ("box", "cls", "dfl")]
    assert np.allclose(total.values, sum(parts))
    assert run.find(Kind.LOSS, Split.VAL).key == "val/loss"
    assert any("train/loss is the sum" in w for w in run.warnings)
    assert not run.get("train/box_loss").primary


def test_padded_v8_header_reads_like_the_current_one() -> None:
    [new] = lossdoctor.read(TABLES / "results.csv")
    [old] = lossdoctor.read(TABLES / "results_v8_padded.csv")
    assert {s.key for s in old} == {s.key for s in new} - {"time"}
    for s in old:  # old style: 0-based epochs and 5 significant digits
        assert np.array_equal(s.steps + 1, new.get(s.key).steps)
        assert np.allclose(s.values, new.get(s.key).values, rtol=1e-4)


def test_timm_summary_resumed_with_a_second_header() -> None:
    [run] = lossdoctor.read(TABLES / "summary.csv")
    assert list(run.get("eval_loss").steps) == list(range(12))
    top1 = run.find(Kind.ACCURACY, Split.VAL)
    assert top1.key == "eval_top1" and top1.values.max() <= 1.0
    assert np.allclose(top1.values * 100, _column(TABLES / "summary.csv", "eval_top1"))
    assert any("header line appears 2 times" in w for w in run.warnings)
    assert any("percent" in w for w in run.warnings)


def test_step_column_makes_a_step_axis_and_steps_per_epoch(tmp_path: Path) -> None:
    p = tmp_path / "log.tsv"
    p.write_text("step\tepoch\tloss\tlr\n10\t0\t2.0\t0.1\n20\t0\t1.5\t0.1\n30\t1\t1.2\t0.05\n40\t1\tnan\t0.05\n")
    [run] = lossdoctor.read(p)
    loss = run.get("loss")
    assert loss.axis is Axis.STEP and list(loss.steps) == [10, 20, 30, 40] and np.isnan(loss.values[-1])
    assert run.get("epoch") is None and run.hparams["steps_per_epoch"] == 20


def test_no_x_column_takes_rows_as_epochs(tmp_path: Path) -> None:
    p = tmp_path / "losses.csv"
    p.write_text("train_loss,val_loss\n1.0,1.1\n0.8,0.9\n0.7,0.85\n")
    [run] = lossdoctor.read(p)
    assert list(run.get("val_loss").steps) == [0, 1, 2] and run.get("val_loss").axis is Axis.EPOCH
    assert any("each row is taken as one epoch" in w for w in run.warnings)


@pytest.mark.parametrize("text", ["epoch,note\n1,ok\n2,fine\n", "name,city\nann,paris\n"])
def test_no_metric_columns_is_one_line(tmp_path: Path, text: str) -> None:
    p = tmp_path / "data.csv"
    p.write_text(text)
    with pytest.raises(ReadError) as err:
        lossdoctor.read(p)
    assert str(err.value).startswith(str(p)) and "\n" not in str(err.value)


def test_binary_garbage_with_csv_suffix_is_one_line(tmp_path: Path) -> None:
    p = tmp_path / "results.csv"
    p.write_bytes(b"epoch,loss\n\x00\x01\x02\xff" * 10)
    with pytest.raises(ReadError) as err:
        lossdoctor.read(p)
    assert "\n" not in str(err.value)


def test_generic_table_without_final_newline_keeps_the_row_with_a_warning(tmp_path: Path) -> None:
    p = tmp_path / "log.csv"
    p.write_text("step,train_loss\n1,2.0\n2,1.5")
    [run] = lossdoctor.read(p)
    assert list(run.get("train_loss").values) == [2.0, 1.5] and any("newline" in w for w in run.warnings)
