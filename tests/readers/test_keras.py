"""Keras History JSON and CSVLogger files written by a real Keras 3 fit (scripts/fixtures/gen_keras.py)."""
from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

import lossdoctor
from lossdoctor.errors import ReadError
from lossdoctor.model import Axis, Kind, Split
from lossdoctor.readers import READERS
from lossdoctor.readers.keras_csv import KerasCsvLoggerReader

KERAS = Path(__file__).parents[1] / "fixtures" / "keras"


def _claimer(path: Path) -> str:
    return next(r.name for r in READERS if r.can_read(path))


def test_history_json_is_one_epoch_run_per_key() -> None:
    hist = json.loads((KERAS / "history.json").read_text())
    [run] = lossdoctor.read(KERAS / "history.json")
    assert run.format == "keras_history" and run.name == "keras/history"  # a generic stem gets its folder
    assert {s.key for s in run} == set(hist)
    val = run.find(Kind.LOSS, Split.VAL)
    assert val is not None and val.key == "val_loss" and val.axis is Axis.EPOCH
    assert np.array_equal(val.steps, np.arange(len(hist["val_loss"])))
    assert np.array_equal(val.values, hist["val_loss"])


def test_wrapped_history_reads_like_the_bare_one() -> None:
    [bare] = lossdoctor.read(KERAS / "history.json")
    [wrapped] = lossdoctor.read(KERAS / "history_wrapped.json")
    assert wrapped.series == bare.series


def test_none_in_a_history_list_is_nan(tmp_path: Path) -> None:
    p = tmp_path / "h.json"
    p.write_text(json.dumps({"loss": [1.0, None, 0.5], "val_loss": [1.2, 1.1, None]}))
    [run] = lossdoctor.read(p)
    assert np.array_equal(run.get("loss").values, [1.0, math.nan, 0.5], equal_nan=True)
    assert list(run.get("val_loss").steps) == [0, 1, 2]


def test_csvlogger_matches_the_history_of_the_same_fit() -> None:
    """training.log and history.json come from one fit: the CSV must read back to the same numbers."""
    [csv_run] = lossdoctor.read(KERAS / "training.log")
    [hist] = lossdoctor.read(KERAS / "history.json")
    assert csv_run.format == "keras_csv"
    assert csv_run.series == hist.series


def test_nan_and_inf_are_kept_as_evidence() -> None:
    [csv_run] = lossdoctor.read(KERAS / "nan_run.tsv")  # tab separator
    [hist] = lossdoctor.read(KERAS / "nan_history.json")  # NaN / Infinity tokens
    for run in (csv_run, hist):
        loss = run.get("loss")
        assert loss is not None and len(loss) == 6
        assert loss.values[0] > 1e20 and math.isinf(loss.values[1]) and np.isnan(loss.values[2:]).all()
    assert csv_run.series == hist.series


def test_appended_fits_become_separate_runs() -> None:
    runs = lossdoctor.read(KERAS / "appended.csv")
    assert [r.name for r in runs] == ["appended #1", "appended #2"]  # the second restarts at epoch 0: a new fit
    # the third fit goes on training the second's model with initial_epoch=3 (epochs 3-6 after 0-4): a run taken up
    # again, read in log order and numbered on (readers21), no longer a run of its own that would lose epochs 3-4
    assert [len(r.get("loss")) for r in runs] == [6, 9]
    assert list(runs[1].get("loss").steps) == [0, 1, 2, 3, 4, 5, 6, 7, 8]
    assert runs[1].get("loss").values[5] == pytest.approx(1.2309201955795288)
    assert {r.warnings[0] for r in runs} == {runs[0].warnings[0]}  # one sentence, printed once for the file
    assert runs[0].warnings[0].startswith("2 runs appended to this file") and "#1 to #2" in runs[0].warnings[0]
    assert any(w.startswith("the epoch numbering goes back from 4 to 3") and "numbered on from 5" in w
               for w in runs[1].warnings)  # the run's source names the file


def test_repeated_header_starts_a_new_run() -> None:
    runs = lossdoctor.read(KERAS / "concatenated.csv")
    assert [r.name for r in runs] == ["concatenated #1", "concatenated #2"]
    assert [list(r.get("val_loss").steps) for r in runs] == [[0, 1, 2, 3], [0, 1, 2, 3]]
    assert runs[0].get("loss").values[0] != runs[1].get("loss").values[0]


def test_custom_separator_and_learning_rate_column() -> None:
    [run] = lossdoctor.read(KERAS / "semicolon.csv")
    lr = run.find(Kind.LR, Split.NONE)
    assert lr is not None and lr.key == "learning_rate" and len(lr) == 6
    assert run.find(Kind.ACCURACY, Split.VAL) is not None


def test_na_is_a_missing_point_and_a_cut_row_is_skipped(tmp_path: Path) -> None:
    p = tmp_path / "log.csv"
    p.write_text("epoch,loss,val_loss\n0,1.5,NA\n1,1.2,1.4\n2,1.0,1.3\n3,0.9")
    [run] = lossdoctor.read(p)
    assert list(run.get("val_loss").steps) == [1, 2]
    assert list(run.get("loss").steps) == [0, 1, 2]
    assert any("cut" in w for w in run.warnings)


def test_header_without_rows_is_a_one_line_error(tmp_path: Path) -> None:
    p = tmp_path / "empty.csv"
    p.write_text("epoch,loss,val_loss\n")
    with pytest.raises(ReadError) as err:
        KerasCsvLoggerReader().read(p)
    assert str(p) in str(err.value) and "\n" not in str(err.value)


def test_only_csvlogger_headers_are_claimed() -> None:
    tables = KERAS.parent / "tables"
    assert _claimer(KERAS / "training.log") == "keras_csv"
    assert _claimer(KERAS / "nan_run.tsv") == "keras_csv"
    assert _claimer(tables / "summary.csv") == "table"  # timm: epoch first, but not sorted like CSVLogger
    assert _claimer(tables / "results.csv") == "table"


def test_row_cut_mid_number_is_dropped(tmp_path: Path) -> None:
    """CSVLogger ends every row with a newline: a last row without one was cut, even if all cells are there."""
    p = tmp_path / "training.log"
    p.write_text((KERAS / "training.log").read_text()[:-5])
    [run] = lossdoctor.read(p)
    assert len(run.get("val_loss")) == 7 and any("newline" in w for w in run.warnings)


def test_history_saved_through_pandas(tmp_path: Path) -> None:
    """`pd.DataFrame(history.history)` then `.to_json()` or `.to_csv()`: two common ways people save History."""
    pd = pytest.importorskip("pandas")
    hist = json.loads((KERAS / "history.json").read_text())
    [ref] = lossdoctor.read(KERAS / "history.json")
    pd.DataFrame(hist).to_json(tmp_path / "hist.json")
    pd.DataFrame(hist).to_csv(tmp_path / "hist.csv")  # first header cell empty: the index
    for name in ("hist.json", "hist.csv"):
        [run] = lossdoctor.read(tmp_path / name)
        for s in ref:
            got = run.get(s.key)
            assert got is not None and np.array_equal(got.steps, s.steps), name
            assert np.allclose(got.values, s.values, rtol=1e-15), name


def test_a_lightning_csv_with_a_log_suffix_is_not_a_keras_csvlogger(tmp_path: Path) -> None:
    """CSVLogger writes `epoch` then sorted keys, and so does Lightning's CSVLogger, but only Lightning writes a
    `step` column: a metrics.csv pasted into a .log was split into one run per row (epoch 'restarting')."""
    f = tmp_path / "metrics.log"
    f.write_text("epoch,step,train_loss_epoch,train_loss_step,val_loss\n0,49,,4.76,\n0,99,4.26,,4.59\n"
                 "1,149,,3.9,\n1,199,3.5,,4.1\n", encoding="utf-8")
    runs = lossdoctor.read(f)
    assert len(runs) == 1 and runs[0].format != "keras_csv"
    assert runs[0].get("val_loss").values.tolist() == [4.59, 4.1]


def test_history_nested_under_one_key_beside_its_epochs(tmp_path: Path) -> None:
    """`json.dump({"epochs": history.epoch, "metrics": history.history})` (a committed PtychoPINN history.json):
    read like the bare History, on the saved epoch numbers; before, 'JSON is not a training history'."""
    hist = json.loads((KERAS / "history.json").read_text())
    [ref] = lossdoctor.read(KERAS / "history.json")
    epochs = [float(i + 1) for i in range(len(hist["loss"]))]
    p = tmp_path / "history.json"
    p.write_text(json.dumps({"epochs": epochs, "metrics": hist}, indent=2))
    [run] = lossdoctor.read(p)
    assert {s.key for s in run} == set(hist)
    for s in ref:
        got = run.get(s.key)
        assert got is not None and np.array_equal(got.steps, s.steps + 1)
        assert np.array_equal(got.values, s.values, equal_nan=True)
