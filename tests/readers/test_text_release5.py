"""Release 5 reader principles that the format fixtures alone do not pin down: the fallbacks for logs that name no
metric (values named by a split alone, fastai 0.7 rows, printed lists) stay silent when the log names its metrics;
rank and rotated log files are found in a directory; a duration, a best-so-far value, a count or a 'not measured'
placeholder never becomes a series to diagnose."""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from lossdoctor.errors import ReadError
from lossdoctor.model import Axis, Kind, Split
from lossdoctor.readers import read
from lossdoctor.readers.text_log import parse_text

FORMATS = Path(__file__).resolve().parents[1] / "fixtures" / "text" / "formats"


def _run(text: str):
    return parse_text(text, "x", "x.log")


def _keys(run, kinds=(Kind.LOSS, Kind.ACCURACY, Kind.ERROR_RATE, Kind.ERROR, Kind.SCORE)) -> set[str]:
    return {s.key for s in run.series if s.kind in kinds}


def test_split_only_names_are_the_loss_only_when_the_log_names_no_metric() -> None:
    run = _run("epoch 1 train 0.52 val 0.61\nepoch 2 train 0.48 val nan\n")
    assert _keys(run) == {"train loss", "val loss"}
    val = run.get("val loss")
    assert val.split is Split.VAL and val.axis is Axis.EPOCH and val.steps.tolist() == [1.0, 2.0]
    assert val.values[0] == pytest.approx(0.61) and math.isnan(val.values[1])
    named = _run("epoch 1 train 0.52 val 0.61 loss: 0.40\nepoch 2 train 0.48 val 0.55 loss: 0.30\n")
    assert _keys(named) == {"loss"}  # the log names its loss: the split-only values are not guessed at


def test_eval_beside_valid_is_left_out() -> None:
    """VideoPose3D's '3d_eval' (the training set in eval mode) beside '3d_valid' is not a second validation loss."""
    run = read(FORMATS / "videopose3d_split_named_mpjpe.log")[0]
    assert _keys(run) == {"3d_train loss", "3d_valid loss"}


def test_fastai07_rows_and_number_lists_are_not_read_beside_named_metrics() -> None:
    text = "epoch 1 loss: 0.5\n[0.      0.04528 0.0253  0.99121]\n..., 1.5, 2.5, 3.5, ...\nepoch 2 loss: 0.4\n"
    assert _keys(_run(text)) == {"loss"}


def test_a_printed_list_wrapped_over_lines_is_read_whole() -> None:
    run = _run("[0.69, 0.68, 0.66,\n 0.61, nan,\n 0.5]\n")
    s = run.get("loss (printed list)")
    assert s is not None and s.kind is Kind.LOSS and s.split is Split.TRAIN
    np.testing.assert_allclose(s.values, [0.69, 0.68, 0.66, 0.61, math.nan, 0.5], equal_nan=True)
    np.testing.assert_allclose(s.steps, [1, 2, 3, 4, 5, 6])


def test_a_numbers_only_csv_without_brackets_is_no_list() -> None:
    """Rows '0,0.5,0.4' are a counter and values (read by the first value after the counter), not one long list."""
    run = _run("0,0.5,0.4\n1,0.45,0.38\n")
    assert run.get("loss (printed list)") is None
    with pytest.raises(ReadError):
        _run("some text\nmore text, and words\n")


def test_rank_log_in_a_directory_is_found(tmp_path: Path) -> None:
    log = tmp_path / "log"
    log.mkdir()
    (log / "workerlog.0").write_bytes((FORMATS / "paddle_workerlog.0").read_bytes())
    (log / "workerlog.1").write_text("launcher: nothing printed on this rank\n")
    runs = read(tmp_path)
    assert len(runs) == 1
    np.testing.assert_allclose(runs[0].get("loss").values, [0.693147, 0.640625, math.nan], equal_nan=True)


def test_a_duration_is_never_a_loss_and_a_best_so_far_is_no_series() -> None:
    run = _run("epoch 1 loss: 0.5 loss_parse_time: 0.001 best_acc: 0.7 acc: 0.6\n"
               "epoch 2 loss: 0.4 loss_parse_time: 0.002 best_acc: 0.8 acc: 0.8\n")
    assert _keys(run) == {"loss", "acc"}


def test_thresholds_in_a_printed_config_are_no_series() -> None:
    """ai8x prints its detector config ({'nms': {'min_score': 0.4, ..}}) under each validation heading."""
    run = _run("--- validate (epoch=1)-----------\n"
               "2024-05-11 02:56:27,842 - {'multi_box_loss': {'alpha': 2}, 'nms': {'min_score': 0.4, 'max_overlap': 0.1}}\n"
               "Epoch: [1][ 10/ 10]    Loss 0.5    mAP 0.6\n")
    assert not any("min_score" in k or "max_overlap" in k for k in _keys(run))


def test_a_quoted_key_after_text_is_read() -> None:
    run = _run("Pass 0, Batch 0, Cost 2.37, {'classification_error_evaluator': 0.89}\n"
               "Pass 0, Batch 100, Cost 2.26, {'classification_error_evaluator': 0.83}\n")
    np.testing.assert_allclose(run.get("classification_error_evaluator").values, [0.89, 0.83])


def test_negative_accuracy_is_a_placeholder_and_percent_still_converts() -> None:
    run = _run("epoch 1 loss: 0.5 Top1: -1\nepoch 2 loss: 0.4 Top1: 85.5\nepoch 3 loss: 0.3 Top1: 90.0\n")
    top1 = run.get("Top1")
    assert top1.steps.tolist() == [2.0, 3.0]
    np.testing.assert_allclose(top1.values, [0.855, 0.9])
    assert any("placeholder" in w for w in run.warnings)


def test_a_percent_sign_after_a_loss_keeps_its_number_but_divides_an_accuracy() -> None:
    run = _run("epoch 1 loss: 2.52% acc: 10.0%\nepoch 2 loss: 2.30% acc: 12.5%\n")
    np.testing.assert_allclose(run.get("loss").values, [2.52, 2.30])
    np.testing.assert_allclose(run.get("acc").values, [0.1, 0.125])


def test_validation_pass_batches_are_not_training_steps() -> None:
    """mmengine 'Iter(val) [17/17]' at training iteration 4000: its metrics belong to step 4000."""
    run = _run("2023/06/16 22:05:21 - mmengine - INFO - Iter(train) [4000/4000]  lr: 1.0e-04  loss: 0.2203\n"
               "2023/06/16 22:05:30 - mmengine - INFO - Iter(val) [17/17]    aAcc: 97.0800  mIoU: 83.8000\n")
    assert run.get("val aAcc").steps.tolist() == [4000.0]
    assert run.get("val mIoU").split is Split.VAL
    assert run.get("loss").steps.tolist() == [4000.0]


def test_metric_named_before_its_counter() -> None:
    run = _run("Cost after iteration 0: 0.693147\nCost after iteration 100: 0.584508\n"
               "Loss after mini-batch  2000: 2.190\n")
    cost = run.get("Cost")
    assert cost.axis is Axis.STEP and cost.steps.tolist() == [0.0, 100.0]
    assert run.get("Loss").steps.tolist() == [2000.0]


def test_grouped_thousands_in_a_counter() -> None:
    run = _run("[train..][epoch:  1, iter:   1,100, lr:(1.000e-04,)] l_pix: 2.0e-02\n"
               "[train..][epoch:  1, iter:  12,200, lr:(1.000e-04,)] l_pix: 1.0e-02\n")
    assert run.get("l_pix loss").steps.tolist() == [1100.0, 12200.0]


def test_a_held_out_first_key_does_not_relabel_a_training_key_after_it() -> None:
    run = _run("epoch 1 val loss: 0.6 train acc: 0.9 acc: 0.8\n")
    assert run.get("train acc").split is Split.TRAIN
    assert run.get("acc").split is Split.TRAIN  # a training key follows: the line is not all validation
