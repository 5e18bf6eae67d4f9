"""readers20: a NaN/inf zero-padded to a width ('loss = 0000nan'), a script whose one printed quantity is a bare
'Error' that cannot be a rate ('Error:  nan'), a pandas DataFrame print of a history (every column, the index as
the epoch) and Burn's dashboard snapshot (its metrics printed above the counter they belong to).

Fixtures in tests/fixtures/text/readers20/: the `pandas_*` and `python_*` files are written by pandas and Python's
str.format themselves (scripts/fixtures/gen_readers20_logs.py); the others are corpus logs, each source below."""
from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np

from lossdoctor.model import Kind, Split
from lossdoctor.readers import read
from lossdoctor.readers import text_patterns as tp
from lossdoctor.readers.text_log import read_text

ROOT = Path(__file__).resolve().parents[2]
HERE = ROOT / "tests" / "fixtures" / "text" / "readers20"

SOURCES = {
    "tf42834_zero_padded_nan.log": "https://github.com/tensorflow/tensorflow/issues/42834 (the opened corpus log "
    "gh-tf-42834-multiworker-4node-loss-nan-step80, whole)",
    "numpy_bare_error_nan.log": "https://github.com/sar-gupta/neural-network-from-scratch/issues/10 (the opened "
    "corpus log gh-nn-from-scratch-10-numpy-error-nan-log-zero, whole)",
    "keras_history_dataframe.log": "https://52sbl.cn/discussion/90830.html (the dev corpus log "
    "so-52sbl-keras-loss-down-val-loss-up-gridsearch-20ep, whole)",
    "burn_dashboard_snapshot.log": "https://github.com/tracel-ai/burn/issues/208 (the dev corpus log "
    "gh-burn-208-mnist-example-loss-nan, whole)",
    "pandas_history_truncated.log": "written by pandas (scripts/fixtures/gen_readers20_logs.py)",
    "pandas_history_index_named.log": "written by pandas (scripts/fixtures/gen_readers20_logs.py)",
    "python_zero_padded_nonfinite.log": "written by Python's str.format (scripts/fixtures/gen_readers20_logs.py)",
    "skorch_history_empty_checkpoint_cell.log": "https://github.com/skorch-dev/skorch (docs, 'Saving and Loading'; "
    "the dev corpus log nb-skorch-docs-loadinitstate-lr0.1-resume-epochs-8-17, whole)",
}


def _one(name: str):
    runs = read(HERE / name)
    assert len(runs) == 1
    return runs[0]


def _score():
    sys.path.insert(0, str(ROOT / "benchmarks" / "real_runs"))
    try:
        import score
    finally:
        sys.path.pop(0)
    return score


def test_every_fixture_has_its_source() -> None:
    assert set(SOURCES) == {p.name for p in HERE.iterdir()}


def test_zero_padded_nan_is_read_as_nan() -> None:
    """'loss = 0000nan' at step 80 (a '{:07.5f}' of NaN): the NaN line is a point, after six finite ones."""
    loss = _one("tf42834_zero_padded_nan.log").get("loss")
    assert loss is not None and loss.steps.tolist() == [10, 20, 30, 40, 50, 60, 80]
    assert np.isfinite(loss.values[:6]).all() and math.isnan(loss.values[6])


def test_zero_padded_nan_and_inf_written_by_python() -> None:
    """Python pads nan and inf with zeros after the sign ('0000nan', '-000inf'); the finite values are unchanged."""
    loss = _one("python_zero_padded_nonfinite.log").get("loss")
    assert loss is not None and loss.values[:3].tolist() == [2.5, 2.1, 1.8]
    assert math.isnan(loss.values[3]) and loss.values[4] == -math.inf


def test_zeros_of_a_number_are_no_padding() -> None:
    """Only zeros glued to nan/inf are padding: '0.000' and '100' stay numbers, a word ending in 0 is left alone."""
    assert tp.padded_nonfinite("loss = 0000nan acc=0.000") == "loss = nan acc=0.000"
    assert tp.padded_nonfinite("loss = +00inf") == "loss = +inf"
    assert tp.padded_nonfinite("model v100nan") == "model v100nan"
    assert tp.padded_nonfinite("loss: 1.00nan") == "loss: 1.00nan"


def test_score_sees_a_zero_padded_nan() -> None:
    """score.py's 'prints nan/inf, nothing non-finite read' check sees the padded token too."""
    score = _score()
    assert score.prints_nan_loss("Step      80 (23.64%): loss = 0000nan EER=0.00000\n")
    assert not score.prints_nan_loss("Step      60 (19.23%): loss = 3.09014 EER=0.17402\n")


def test_a_bare_error_that_is_nan_is_the_objective() -> None:
    """'Error:  nan' at each of 5 epochs, nothing else printed: no error rate is NaN, so it is the loss."""
    run = _one("numpy_bare_error_nan.log")
    assert [s.key for s in run.series] == ["loss = Error"]
    s = run.series[0]
    assert s.kind is Kind.LOSS and s.split is Split.TRAIN and len(s.values) == 5 and np.isnan(s.values).all()
    assert any("no error rate takes" in w for w in run.warnings)


def test_a_bare_error_above_100_is_the_objective() -> None:
    run = read_text("epoch 1 error: 812.5\nepoch 2 error: 640.1\nepoch 3 error: 512.9\n", "e.log")
    assert [(s.key, s.kind) for s in run.series] == [("loss = error", Kind.LOSS)]
    assert run.series[0].values.tolist() == [812.5, 640.1, 512.9]  # not divided as a percent


def test_a_bare_error_that_can_be_a_rate_stays_a_rate() -> None:
    """A fraction, or a percent up to 100, is what an error rate prints: kept as the rate (divided by 100)."""
    for text in ("epoch 1 error: 0.31\nepoch 2 error: 0.22\nepoch 3 error: 0.17\n",
                 "epoch 1 error: 31.0\nepoch 2 error: 22.4\nepoch 3 error: 17.5\n"):
        run = read_text(text, "e.log")
        assert [s.kind for s in run.series] == [Kind.ERROR_RATE]
        assert run.series[0].values.max() <= 1.0


def test_a_bare_error_beside_a_loss_stays_a_metric() -> None:
    """The log prints its loss: a NaN 'error' beside it is no objective (only the loss is read as one)."""
    run = read_text("epoch 1 loss: 0.9 error: nan\nepoch 2 loss: 0.8 error: nan\nepoch 3 loss: 0.7 error: nan\n",
                    "e.log")
    assert [s.key for s in run.series if s.kind is Kind.LOSS] == ["loss"]


def test_keras_history_dataframe_reads_every_column() -> None:
    """A DataFrame print (header 'loss acc val_loss val_acc' over rows '1   0.477424 ...'): four series at epochs
    1-20, 'acc' the training accuracy beside 'val_acc' (not a fastai table's validation metric)."""
    run = _one("keras_history_dataframe.log")
    got = {s.key: s for s in run.series}
    assert set(got) == {"loss", "acc", "val_loss", "val_acc"}
    assert got["acc"].split is Split.TRAIN and got["val_acc"].split is Split.VAL
    assert all(s.steps.tolist() == list(range(1, 21)) for s in got.values())
    assert got["val_loss"].values[3] == 0.684516 and got["val_loss"].values[-1] == 0.880477
    assert not any("unnamed" in w for w in run.warnings)


def test_pandas_truncated_frame_reads_both_ends() -> None:
    """pandas elides the middle rows with a row of dots: rows 0-4 and 25-29 are read, at their index."""
    run = _one("pandas_history_truncated.log")
    loss = run.get("val_loss")
    assert loss is not None and loss.steps.tolist() == [0, 1, 2, 3, 4, 25, 26, 27, 28, 29]
    assert {s.key for s in run.series} == {"loss", "accuracy", "val_loss", "val_accuracy"}


def test_pandas_frame_with_a_named_index() -> None:
    """The index's name alone on the line under the header ('epoch'): the rows still follow; a NaN cell is NaN."""
    run = _one("pandas_history_index_named.log")
    val = run.get("val_loss")
    assert val is not None and val.steps.tolist() == [0, 1, 2, 3, 4] and math.isnan(val.values[2])
    assert run.get("accuracy") is not None and run.get("accuracy").split is Split.TRAIN


def test_frame_header_wants_indent_names_and_a_metric() -> None:
    assert tp.frame_header("        loss       acc  val_loss   val_acc") == ["loss", "acc", "val_loss", "val_acc"]
    assert tp.frame_header("loss       acc  val_loss") is None  # not indented over an index
    assert tp.frame_header("      name   city") is None  # no metric
    assert tp.frame_header("   epoch   loss") is None  # a named counter column: a table, not a frame's index
    assert tp.frame_row("12  0.5  nan", 2) == ["12", "0.5", "nan"]
    assert tp.frame_row("a  0.5  0.4", 2) is None


def test_burn_snapshot_values_belong_to_the_counter_below() -> None:
    """'[Metrics]' ('  - Train Loss: epoch NaN - batch NaN') above '[Progress]' ('  - Iteration 1422 Epoch 2/6'):
    each metric's epoch value is a point at iteration 1422."""
    run = _one("burn_dashboard_snapshot.log")
    loss, val = run.get("Train Loss"), run.get("Valid Loss")
    assert loss is not None and val is not None
    assert loss.steps.tolist() == [1422] and math.isnan(loss.values[0]) and math.isnan(val.values[0])
    assert run.get("Train Accuracy").values.tolist() == [0.0]


BURN_TWO = """
[Metrics]
  - Train Loss: epoch 2.301 - batch 2.250
  - Valid Accuracy: epoch 11.20 % - batch 10.00 %

[Progress]
  - Iteration 100 Epoch 1/6
  - iteration [#####>------] (8s)

[Metrics]
  - Train Loss: epoch 1.502 - batch 1.400
  - Valid Accuracy: epoch 52.00 % - batch 50.00 %

[Progress]
  - Iteration 200 Epoch 1/6
"""


def test_burn_snapshots_one_point_each_at_their_own_counter() -> None:
    """Two snapshots: the epoch values (not the last batch's) at iterations 100 and 200, not shifted by one."""
    run = read_text(BURN_TWO, "burn.log")
    assert run.get("Train Loss").steps.tolist() == [100, 200]
    assert run.get("Train Loss").values.tolist() == [2.301, 1.502]
    assert np.allclose(run.get("Valid Accuracy").values, [0.112, 0.52])


def test_burn_metric_line() -> None:
    assert tp.burn_metric("  - Train Loss: epoch NaN - batch NaN") == "  - Train Loss: NaN"
    assert tp.burn_metric("  - Valid Accuracy: epoch 0.00 % - batch 0.00 %") == "  - Valid Accuracy: 0.00 %"
    assert tp.burn_metric("  - Train Loss: 0.5") is None


def test_a_tabulate_row_with_an_empty_cell_is_placed_by_the_dash_rule() -> None:
    """skorch's history table (tabulate's simple format): the checkpoint column 'cp' holds '+' or nothing. A row
    whose cell is empty has one cell fewer; the dash rule under the header gives each column's span, so every epoch
    is read (before: the table ended at the first such row, 2 of 10 epochs)."""
    run = _one("skorch_history_empty_checkpoint_cell.log")
    loss, val = run.get("train_loss"), run.get("valid_loss")
    assert loss is not None and val is not None
    assert loss.steps.tolist() == list(range(8, 18)) and val.steps.tolist() == list(range(8, 18))
    assert loss.values[2] == 0.1992 and val.values[2] == 0.2101 and val.values[-1] == 0.1804


def test_without_a_dash_rule_a_short_row_still_ends_the_table() -> None:
    """No rule under the header, no column spans: a row with a cell missing is not guessed at."""
    text = ("  epoch    train_loss    valid_loss    cp     dur\n"
            "      1        0.6000        0.5000     +  0.0200\n"
            "      2        0.5000        0.4500        0.0200\n")
    run = read_text(text, "t")
    loss = run.get("train_loss")
    assert loss is not None and loss.steps.tolist() == [1]

