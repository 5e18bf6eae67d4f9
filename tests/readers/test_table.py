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


# ---- the column-wise CSV parser (readers/table.py): numpy for plain blocks, cell by cell for odd ones


def _same_runs(a: list, b: list) -> bool:  # type: ignore[type-arg]
    return [(r.name, r.warnings, dict(r.hparams), r.series) for r in a] == \
        [(r.name, r.warnings, dict(r.hparams), r.series) for r in b]


def test_odd_cells_among_plain_numbers_are_read_exactly(tmp_path: Path) -> None:
    """'%', quotes, padding, NA/empty and nan/inf in the same columns as plain numbers (the per-cell fallback)."""
    p = tmp_path / "log.csv"
    p.write_text("epoch,acc,loss,val_loss\n0,0.5,1.25,NA\n1,81.5%,nan,1.5\n2,0.75, 1.0 ,\n3,\"0.875\",inf,N/A\n"
                 "4,0.9,0.1,0.25\n")
    [run] = lossdoctor.read(p)
    assert run.format == "keras_csv"
    assert run.get("acc").values.tolist() == [0.5, 0.815, 0.75, 0.875, 0.9]
    assert np.array_equal(run.get("loss").values, [1.25, np.nan, 1.0, np.inf, 0.1], equal_nan=True)
    assert run.get("val_loss").steps.tolist() == [1, 4] and run.get("val_loss").values.tolist() == [1.5, 0.25]


def test_numpy_and_per_cell_paths_agree_to_the_bit() -> None:
    from lossdoctor.readers.table import column_floats, numeric_block, split_rows

    lines = ["0,0.1,nan,-inf", "1, 2.5 ,1e-300,0.30000000000000004", '2,0.5,-0.0,1.7976931348623157e308']
    fast = numeric_block(lines, ",", 4)
    assert fast is not None
    rows = split_rows(lines, ",", Path("x.csv"))
    for j, col in enumerate(zip(*rows)):
        values, present = column_floats(col)
        assert present.all() and values.tobytes() == fast[j].tobytes()
    for odd in (["0,1.5", "1,NA"], ["0,1.5", "1"], ["0,1.5", '1,"2"'], ["0,1.5", "1,2%"], ["0,1.5", "1,"]):
        assert numeric_block(odd, ",", 2) is None, odd


@pytest.mark.parametrize("name", ["appended.csv", "concatenated.csv", "training.log", "nan_run.tsv", "semicolon.csv"])
def test_reading_in_small_blocks_changes_nothing(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files are parsed a few MB at a time; block boundaries (here every few bytes) must not show in the result."""
    path = TABLES.parent / "keras" / name
    whole = lossdoctor.read(path)
    monkeypatch.setattr("lossdoctor.readers.table._BLOCK_BYTES", 7)
    assert _same_runs(lossdoctor.read(path), whole)


def test_block_boundaries_keep_headers_cut_rows_and_encodings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    rows = "".join(f"{e},{1 / (e + 1)!r},{'NA' if e % 3 else 0.5}\n" for e in range(400))  # > 8 KB: past the sniff
    files = {
        "cut.csv": ("epoch,loss,val_loss\n" + rows + "epoch,loss,val_loss\n" + rows + "400,0.1\n\n  \n\n").encode(),
        "crlf.csv": ("epoch,loss,précision\r\n" + rows.replace("\n", "\r\n")).encode(),  # é split across blocks
        "latin1.csv": ("epoch,loss,val_loss\n" + rows).encode() + b"400,0.1,caf\xe9\n",  # not UTF-8, near the end
    }
    expected = {}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        expected[name] = lossdoctor.read(tmp_path / name)
    assert any("cut while being written" in w for w in expected["cut.csv"][0].warnings)
    assert [s.key for s in expected["crlf.csv"][0]] == ["loss", "précision"]
    assert len(expected["latin1.csv"][0].get("loss")) == 401
    monkeypatch.setattr("lossdoctor.readers.table._BLOCK_BYTES", 5)
    for name in files:
        assert _same_runs(lossdoctor.read(tmp_path / name), expected[name]), name


def test_an_unclosed_quote_never_glues_two_lines_into_a_number(tmp_path: Path) -> None:
    p = tmp_path / "log.csv"
    p.write_text('epoch,loss,val_loss\n0,1.0,"0.5\n1,0.9,0.8\n2,0.8,0.7\n')
    [run] = lossdoctor.read(p)
    assert run.get("val_loss") is None  # the open quote swallows the rest of the file into one text cell
    assert run.get("loss").steps.tolist() == [0]
