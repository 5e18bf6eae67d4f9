"""Release 8 reader formats (their verbatim fixtures are in test_text_formats_collection.py): each principle with NaN
kept, its layout variants, and look-alikes it must leave alone."""
from __future__ import annotations

import math

from lossdoctor.model import Axis, Split
from lossdoctor.readers.text_patterns import split_after_metric, strip_prefix, yolo_val_names

from _text_series import assert_series as _assert
from _text_series import series_of as _series

NAN = math.nan


# --- YOLO's validation row under each epoch's row ---

def test_yolo_validation_row_per_epoch_nan_kept_and_old_header_names() -> None:
    text = ("      Epoch   gpu_mem       box       obj       cls     total    labels  img_size\n"
            "       0/49     3.1G    0.1017   0.03165   0.02433    0.1577        34       640: 100%|##| 36/36 [00:21<00:00]\n"
            "               Class     Images     Labels          P          R     mAP@.5 mAP@.5:.95: 100%|##| 4/4 [00:02]\n"
            "                 all        120        176     0.0012      0.101    0.00152   0.000397\n"
            "      Epoch   gpu_mem       box       obj       cls     total    labels  img_size\n"
            "       1/49     3.1G       nan       nan       nan       nan        30       640: 100%|##| 36/36 [00:19<00:00]\n"
            "               Class     Images     Labels          P          R     mAP@.5 mAP@.5:.95: 100%|##| 4/4 [00:02]\n"
            "                 all        120        176          0          0          0          0\n")
    got = _series(text)
    _assert(got["loss"], Split.TRAIN, Axis.EPOCH, [0, 1], [0.1577, NAN])
    _assert(got["val mAP@.5:.95"], Split.VAL, Axis.EPOCH, [0, 1], [0.000397, 0.0])
    _assert(got["val precision"], Split.VAL, Axis.EPOCH, [0, 1], [0.0012, 0.0])


def test_yolo_validation_header_names_and_a_row_of_another_length_is_not_read() -> None:
    assert yolo_val_names("  Class  Images  Instances  Box(P  R  mAP50  mAP50-95)  Mask(P  R  mAP50  mAP50-95): 100%") \
        == ["val Box precision", "val Box recall", "val Box mAP50", "val Box mAP50-95",
            "val Mask precision", "val Mask recall", "val Mask mAP50", "val Mask mAP50-95"]
    assert yolo_val_names("Class names: cat dog") is None
    text = ("      Epoch    GPU_mem   box_loss   obj_loss   cls_loss  Instances       Size\n"
            "       0/99       3.5G     0.1159    0.02889    0.04875          7        640: 100% 14/14 [00:06<00:00]\n"
            "                 Class     Images  Instances          P          R      mAP50   mAP50-95: 100% 2/2 [00:00]\n"
            "                   all         60         61    0.00285      0.697\n")
    assert set(_series(text)) == {"box_loss", "obj_loss", "cls_loss"}


# --- logger prefixes: a month-first timestamp and the logger's name ---

def test_month_first_timestamp_and_logger_name_are_prefix() -> None:
    assert strip_prefix("03/12/2024 11:24:33 - INFO - llmtuner.extras.callbacks - {'loss': 0.5}") == "{'loss': 0.5}"
    assert strip_prefix("03/12/2024 11:24:33 - INFO - __main__ - ***** eval *****") == "***** eval *****"
    assert strip_prefix("2024-03-12 11:24:33 - INFO - train - loss: 0.5") == "train - loss: 0.5"  # no dotted name


# --- one Trainer entry printed twice ---

def test_one_entry_printed_rounded_then_whole_is_one_point_nan_kept() -> None:
    text = ("03/12/2024 11:24:33 - INFO - llmtuner.extras.callbacks - {'loss': 1.2346, 'learning_rate': 5.0e-05, "
            "'epoch': 0.1}\n"
            "{'loss': 1.23456, 'learning_rate': 5e-05, 'epoch': 0.1}\n"
            "03/12/2024 11:24:43 - INFO - llmtuner.extras.callbacks - {'loss': nan, 'learning_rate': 4.9e-05, "
            "'epoch': 0.2}\n"
            "{'loss': nan, 'learning_rate': 4.9e-05, 'epoch': 0.2}\n")
    _assert(_series(text)["loss"], Split.TRAIN, Axis.EPOCH, [0.1, 0.2], [1.23456, NAN])


def test_two_entries_at_one_rounded_epoch_with_other_values_stay_two() -> None:
    text = "{'loss': 1.5, 'learning_rate': 5e-05, 'epoch': 0.1}\n{'loss': 1.1, 'learning_rate': 4e-05, 'epoch': 0.1}\n"
    got = _series(text)["loss"]
    assert got[3] == [1.5, 1.1]


# --- a model card's results table one space apart ---

def test_single_spaced_model_card_table_with_no_log_nan_kept() -> None:
    text = ("Training Loss Epoch Step Validation Loss Accuracy\n"
            "No log 1.0 250 0.2917 0.9\n"
            "0.1 2.0 500 nan 0.91\n")
    got = _series(text)
    _assert(got["Validation Loss"], Split.VAL, Axis.STEP, [250, 500], [0.2917, NAN])
    _assert(got["Training Loss"], Split.TRAIN, Axis.STEP, [500], [0.1])


def test_a_sentence_starting_with_training_loss_is_no_header() -> None:
    got = _series("Training loss epoch after epoch went down\nEpoch 1 loss: 0.5\nEpoch 2 loss: 0.4\n")
    assert list(got) == ["loss"]


# --- Keras fit() phases ---

def test_fit_after_a_finished_fit_is_numbered_on_nan_kept() -> None:
    text = ("Epoch 1/2\n - 1s - loss: 0.9\nEpoch 2/2\n - 1s - loss: 0.8\n"
            "Epoch 1/3\n - 1s - loss: 0.5\nEpoch 2/3\n - 1s - loss: nan\n")
    _assert(_series(text)["loss"], Split.TRAIN, Axis.EPOCH, [1, 2, 3, 4], [0.9, 0.8, 0.5, NAN])


def test_a_rerun_of_an_unfinished_fit_replaces_it() -> None:
    """'Epoch 1/5' after 'Epoch 2/5' (no early stopping reported): the run started again, not a next phase."""
    text = "Epoch 1/5\n - 1s - loss: 0.9\nEpoch 2/5\n - 1s - loss: 0.8\nEpoch 1/5\n - 1s - loss: 0.7\n"
    _assert(_series(text)["loss"], Split.TRAIN, Axis.EPOCH, [1], [0.7])  # the rerun's epochs replace the first's


# --- litgpt 'loss train: x, val: y' ---

def test_split_word_alone_after_metric_train_names_the_metric_nan_kept() -> None:
    text = ("Epoch 1 | iter 48 step 1 | loss train: 3.730, val: n/a | iter time: 47.63 ms\n"
            "Epoch 1 | iter 49 step 2 | loss train: 3.728, val: 3.801 | iter time: 40.06 ms\n"
            "Epoch 1 | iter 50 step 2 | loss train: nan, val: nan | iter time: 46.00 ms\n")
    got = _series(text)
    _assert(got["loss train"], Split.TRAIN, Axis.STEP, [48, 49, 50], [3.730, 3.728, NAN])
    _assert(got["val loss"], Split.VAL, Axis.STEP, [49, 50], [3.801, NAN])


def test_split_after_metric_leaves_other_text_alone() -> None:
    assert split_after_metric("loss: 0.5, val: 0.6") == "loss: 0.5, val: 0.6"
    assert split_after_metric("train loss: 0.5, val loss: 0.6") == "train loss: 0.5, val loss: 0.6"
    assert split_after_metric("loss: 0.5, note: None of these") == "loss: 0.5, note: None of these"


# --- a column of numbers alone ---

def test_column_of_numbers_under_its_name_nan_kept() -> None:
    _assert(_series("val_loss\n0.9\n0.7\nnan\n")["val_loss"], Split.VAL, Axis.EPOCH, [1, 2, 3], [0.9, 0.7, NAN])


def test_numbers_alone_beside_named_metrics_are_not_read() -> None:
    got = _series("epoch 1 loss: 0.5\n42\n7\n13\nepoch 2 loss: 0.4\n")
    assert list(got) == ["loss"]


# --- logs saved under another suffix ---

def test_a_log_named_by_hand_under_a_code_suffix_is_read_but_a_script_is_not(tmp_path) -> None:
    import pytest

    from lossdoctor import read
    from lossdoctor.errors import ReadError
    log = tmp_path / "train_log.py"
    log.write_text("Epoch 1/2\n - 1s - loss: 0.9\nEpoch 2/2\n - 1s - loss: nan\n", encoding="utf-8")
    loss = read(log)[0].get("loss")
    assert loss.steps.tolist() == [1.0, 2.0] and loss.values[0] == 0.9 and math.isnan(loss.values[1])
    script = tmp_path / "train.py"
    script.write_text("import torch\nfor epoch in range(3):\n    print(f'epoch {epoch} loss: {loss}')\n", encoding="utf-8")
    with pytest.raises(ReadError):
        read(script)
    with pytest.raises(ReadError):  # a directory scan reads log suffixes only: neither file is found there
        read(tmp_path)


def test_json_lines_with_quoted_numbers_under_a_text_suffix_stay_with_the_text_reader(tmp_path) -> None:
    from lossdoctor import read
    log = tmp_path / "fairseq.log"
    log.write_text('{"epoch": 1, "loss": "3.180", "ppl": "2.67"}\n{"epoch": 2, "loss": "nan", "ppl": "2.65"}\n',
                   encoding="utf-8")
    run = read(log)[0]
    assert run.format == "text"
    assert run.get("loss").steps.tolist() == [1.0, 2.0] and math.isnan(run.get("loss").values[1])


# --- epoch lines between the lines that count steps ---

def test_epochs_sharing_one_printed_step_are_counted_by_epoch_nan_kept() -> None:
    text = ("(Iteration 1 / 40) loss: 2.30\n(Epoch 0 / 4) train acc: 0.2; val_acc: 0.1\n"
            "(Epoch 1 / 4) train acc: 0.4; val_acc: nan\n(Iteration 11 / 40) loss: 1.9\n"
            "(Epoch 2 / 4) train acc: 0.5; val_acc: 0.2\n")
    got = _series(text)
    _assert(got["val_acc"], Split.VAL, Axis.EPOCH, [0, 1, 2], [0.1, NAN, 0.2])
    _assert(got["loss"], Split.TRAIN, Axis.STEP, [1, 11], [2.30, 1.9])


def test_one_epoch_a_step_keeps_the_step_axis() -> None:
    text = "epoch 1 step 100 loss: 0.9\nepoch 2 step 200 loss: 0.8\nepoch 3 step 300 loss: 0.7\n"
    _assert(_series(text)["loss"], Split.TRAIN, Axis.STEP, [100, 200, 300], [0.9, 0.8, 0.7])
