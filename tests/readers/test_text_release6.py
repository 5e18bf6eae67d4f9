"""Release 6 reader formats (the fixtures are in test_text_formats_collection.py): each principle with NaN kept, its
layout variants, and look-alikes it must leave alone; and the real-run score's loss-line count."""
from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path

import pytest

from lossdoctor.errors import ReadError
from lossdoctor.model import Axis, Split
from lossdoctor.readers.text_log import parse_text
from lossdoctor.readers.text_patterns import half_width, table_header, unbracket_names, wide_cells

from _text_series import assert_series as _assert
from _text_series import series_of as _series

ROOT = Path(__file__).resolve().parents[2]

NAN = math.nan


# --- losses on the line after a counter line that printed only timings (det3d / CenterPoint) ---

def test_losses_after_a_counter_line_take_its_iteration_nan_kept() -> None:
    text = ("2021-02-16 - INFO - Epoch [1/2][10/40]\tlr: 0.001, eta: 0:01:10, time: 0.5, data_time: 0.01\n"
            "2021-02-16 - INFO - task : ['car'], loss: 3.2, hm_loss: 2.0\n"
            "2021-02-16 - INFO - Epoch [1/2][20/40]\tlr: 0.001, eta: 0:01:05, time: 0.5, data_time: 0.01\n"
            "2021-02-16 - INFO - task : ['car'], loss: nan, hm_loss: nan\n"
            "2021-02-16 - INFO - Epoch [2/2][10/40]\tlr: 0.001, eta: 0:00:30, time: 0.5, data_time: 0.01\n"
            "2021-02-16 - INFO - task : ['car'], loss: 2.1, hm_loss: 1.5\n")
    got = _series(text)
    _assert(got["loss"], Split.TRAIN, Axis.EPOCH, [1.25, 1.5, 2.25], [3.2, NAN, 2.1])
    _assert(got["hm_loss"], Split.TRAIN, Axis.EPOCH, [1.25, 1.5, 2.25], [2.0, NAN, 1.5])


def test_a_counter_line_with_its_own_loss_carries_nothing() -> None:
    """mmcv prints the losses on the counter line: a summary line after it is no iteration's value."""
    text = ("Epoch [1][10/20]\tlr: 0.01, loss: 1.5\n"
            "Epoch [1][20/20]\tlr: 0.01, loss: 1.2\n"
            "Epoch [2][10/20]\tlr: 0.01, loss: 1.0\n"
            "Epoch [2][20/20]\tlr: 0.01, loss: 0.9\n")
    got = _series(text)
    _assert(got["loss"], Split.TRAIN, Axis.EPOCH, [1.5, 2.0, 2.5, 3.0], [1.5, 1.2, 1.0, 0.9])


# --- two-stage detector loss terms (faster-rcnn.pytorch) ---

def test_detector_terms_are_losses_nan_kept() -> None:
    text = ("[session 1][epoch  1][iter    0/ 100] loss: 2.0, lr: 1.00e-03\n"
            "\t\t\tfg/bg=(7/249), time cost: 1.1\n"
            "\t\t\trpn_cls: 0.69, rpn_box: 0.01, rcnn_cls: nan, rcnn_box nan\n"
            "[session 1][epoch  1][iter   50/ 100] loss: nan, lr: 1.00e-03\n"
            "\t\t\tfg/bg=(7/249), time cost: 1.1\n"
            "\t\t\trpn_cls: 0.50, rpn_box: 0.02, rcnn_cls: 0.4, rcnn_box 0.1\n")
    got = _series(text)
    _assert(got["loss"], Split.TRAIN, Axis.STEP, [0, 50], [2.0, NAN])
    _assert(got["rcnn_cls loss"], Split.TRAIN, Axis.STEP, [0, 50], [NAN, 0.4])
    _assert(got["rcnn_box loss"], Split.TRAIN, Axis.STEP, [0, 50], [NAN, 0.1])
    _assert(got["rpn_cls loss"], Split.TRAIN, Axis.STEP, [0, 50], [0.69, 0.50])


def test_other_cls_and_box_names_are_not_detector_losses() -> None:
    """'num_cls', 'box_ap' and a YOLO-less 'cls' keep their own kinds: only a detector stage names a loss term."""
    got = _series("epoch 1 loss: 0.5 num_cls: 80 box_ap: 0.31\nepoch 2 loss: 0.4 num_cls: 80 box_ap: 0.35\n")
    assert "num_cls loss" not in got and "box_ap loss" not in got
    _assert(got["loss"], Split.TRAIN, Axis.EPOCH, [1, 2], [0.5, 0.4])


# --- names in brackets ---

def test_bracketed_names_iter_lr_acc_nan_kept() -> None:
    text = ("[epoch]: 1, [iter]: 100, [loss]: 0.6931, [acc]: 0.50, [lr]: 0.1\n"
            "[epoch]: 1, [iter]: 200, [loss]: nan, [acc]: 0.10, [lr]: 0.1\n")
    got = _series(text)
    _assert(got["loss"], Split.TRAIN, Axis.STEP, [100, 200], [0.6931, NAN])
    _assert(got["acc"], Split.TRAIN, Axis.STEP, [100, 200], [0.50, 0.10])


def test_unbracket_names_leaves_counters_and_groups_alone() -> None:
    assert unbracket_names("[epoch]: 1, [loss]: 0.5") == "epoch: 1, loss: 0.5"
    assert unbracket_names("[train loss]: 0.5") == "train loss: 0.5"
    assert unbracket_names("[D loss: 0.69, acc: 50%] [G loss: 0.7]") == "[D loss: 0.69, acc: 50%] [G loss: 0.7]"
    assert unbracket_names("Epoch [1][10/60] loss: 0.5") == "Epoch [1][10/60] loss: 0.5"
    assert unbracket_names("[0.5]: x") == "[0.5]: x"


# --- full-width punctuation ---

def test_full_width_colon_comma_digits() -> None:
    assert half_width("loss：０.５２，acc：0.9") == "loss:0.52,acc:0.9"
    assert half_width("训练 loss：0.5") == "训练 loss:0.5"  # CJK text itself is kept
    text = "epoch：1 loss：0.52 验证 val_loss：0.61\nepoch：2 loss：nan val_loss：0.70\n"
    got = _series(text)
    _assert(got["loss"], Split.TRAIN, Axis.EPOCH, [1, 2], [0.52, NAN])
    _assert(got["val_loss"], Split.VAL, Axis.EPOCH, [1, 2], [0.61, 0.70])


def test_full_width_trainer_dict_nan_kept() -> None:
    text = ("{'loss'：nan，'learning_rate'：5e-05，'epoch'：0.5}\n"
            "{'loss'：0.4，'learning_rate'：4e-05，'epoch'：1.0}\n")
    _assert(_series(text)["loss"], Split.TRAIN, Axis.EPOCH, [0.5, 1.0], [NAN, 0.4])


# --- results tables without pipes ---

def test_model_card_table_without_pipes_space_aligned() -> None:
    """The README table with its pipes removed: columns two or more spaces apart, the counter not first."""
    text = ("Training Loss  Epoch  Step  Validation Loss  Accuracy\n"
            "No log         1.0    250   0.2917           0.9035\n"
            "0.4466         2.0    500   nan              0.9195\n"
            "0.2511         3.0    750   0.2245           0.9250\n")
    got = _series(text)
    _assert(got["Training Loss"], Split.TRAIN, Axis.STEP, [500, 750], [0.4466, 0.2511])
    _assert(got["Validation Loss"], Split.VAL, Axis.STEP, [250, 500, 750], [0.2917, NAN, 0.2245])
    _assert(got["Accuracy"], Split.VAL, Axis.STEP, [250, 500, 750], [0.9035, 0.9195, 0.9250])


def test_wide_cells_and_headers() -> None:
    assert wide_cells("Training Loss  Epoch\tStep  Validation Loss") == ["Training Loss", "Epoch", "Step",
                                                                         "Validation Loss"]
    assert table_header("Training Loss  Epoch  Step  Validation Loss") == ["Training Loss", "Epoch", "Step",
                                                                          "Validation Loss"]
    assert table_header("Epoch 1  loss 0.5") is None  # values are no header
    assert table_header("Model  Epoch  Notes") is None  # no metric column


def test_prose_with_wide_spaces_is_no_table() -> None:
    """A sentence with double spaces naming an epoch and a loss opens no table and reads as before."""
    with pytest.raises(ReadError):
        parse_text("We trained  for one  epoch  and the loss  went down.\n", "t", "t.log")


# --- the real-run score's loss-line count ---

def _score_module():
    spec = importlib.util.spec_from_file_location("real_runs_score_r6", ROOT / "benchmarks" / "real_runs" / "score.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def test_loss_scale_lines_are_not_loss_lines() -> None:
    score = _score_module()
    assert not score.LOSS_LINE.search("DLL 2021 - Training Iteration: 10  loss_scale : 65536.0")
    assert not score.LOSS_LINE.search("step 10 | loss scale: 1024 | lr: 0.1")
    assert not score.NAN_LOSS.search("loss_scale: inf, skipping step")
    assert score.LOSS_LINE.search("loss_scale : 65536.0  step_loss : 2.05")
    assert score.LOSS_LINE.search("train_loss = 0.52")
    assert score.NAN_LOSS.search("'loss': nan")


# --- a loss printed alone, again and again (simpletransformers' 'Running loss: 0.35') ---

def test_running_loss_under_epoch_headers_each_print_a_point_nan_kept() -> None:
    text = ("Epoch 1 of 2\nRunning loss: 0.69\nRunning loss: nan\nRunning loss: 0.60\n"
            "Epoch 2 of 2\nRunning loss: 0.55\nRunning loss: 0.51\n")
    _assert(_series(text)["Running loss"], Split.TRAIN, Axis.EPOCH, [1, 4 / 3, 5 / 3, 2, 2.5],
            [0.69, NAN, 0.60, 0.55, 0.51])


def test_running_loss_before_a_table_is_kept_in_print_order() -> None:
    text = ("Running loss: 0.69\nRunning loss: 0.62\nRunning loss: nan\n\n"
            "| Epoch | Training Loss | Validation Loss |\n|---|---|---|\n| 1 | 0.64 | 0.61 |\n| 2 | 0.55 | 0.57 |\n")
    got = _series(text)
    _assert(got["Running loss"], Split.TRAIN, Axis.STEP, [1, 2, 3], [0.69, 0.62, NAN])
    _assert(got["Validation Loss"], Split.VAL, Axis.EPOCH, [1, 2], [0.61, 0.57])


def test_an_epoch_summary_with_its_own_keys_still_wins_within_the_epoch() -> None:
    """Lines with several values (a Keras-style summary) keep 'the last value printed wins' within an epoch."""
    text = "Epoch 1/2\nloss: 0.9 - acc: 0.5\nloss: 0.8 - acc: 0.6\nEpoch 2/2\nloss: 0.7 - acc: 0.7\n"
    got = _series(text)
    _assert(got["loss"], Split.TRAIN, Axis.EPOCH, [1, 2], [0.8, 0.7])


def test_a_setting_printed_once_is_still_no_series() -> None:
    got = _series("loss: 0.9\n| Epoch | Training Loss |\n|---|---|\n| 1 | 0.64 |\n| 2 | 0.55 |\n")
    assert "loss" not in got


def test_global_step_table_with_two_dash_rule() -> None:
    text = "global_step | train_loss | eval_loss\n-- | -- | --\n60 | 0.24 | nan\n120 | 0.17 | 0.16\n"
    got = _series(text)
    _assert(got["train_loss"], Split.TRAIN, Axis.STEP, [60, 120], [0.24, 0.17])
    _assert(got["eval_loss"], Split.VAL, Axis.STEP, [60, 120], [NAN, 0.16])
