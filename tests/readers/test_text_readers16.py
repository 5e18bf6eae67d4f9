"""Reader principles from r12's opened logs (readers16; the verbatim fixtures are in test_text_formats_collection.py):
each with NaN kept, and the look-alikes it must leave alone."""
from __future__ import annotations

import math

from lossdoctor.model import Axis, Kind, Split
from lossdoctor.names import classify

from _text_series import assert_series as _assert
from _text_series import series_of as _series

NAN, INF = math.nan, math.inf


# --- PaddleOCR's '{:x<6f}': 'nanxxx' / 'infxxx' / '-infxx' ---

def test_x_filled_nan_and_inf_are_read() -> None:
    text = ("epoch: [1/9], global_step: 10, loss: 0.693100, acc: 0.100000\n"
            "epoch: [1/9], global_step: 20, loss: infxxx, acc: 0.000000\n"
            "epoch: [1/9], global_step: 30, loss: -infxx, acc: 0.000000\n"
            "epoch: [1/9], global_step: 40, loss: nanxxx, acc: 0.000000\n")
    got = _series(text)
    _assert(got["loss"], Split.TRAIN, Axis.STEP, [10, 20, 30, 40], [0.6931, INF, -INF, NAN])


def test_words_starting_with_nan_or_inf_are_no_value() -> None:
    """'nanxxxy' (more than a fill), 'nanogpt' and 'info' are words, not a nan filled with x."""
    text = ("step 1, loss: 0.9, model: nanxxxy\n"
            "step 2, loss: 0.8, model: nanogpt\n"
            "step 3, loss: 0.7, info: infoxx\n")
    got = _series(text)
    assert set(got) == {"loss"}
    _assert(got["loss"], Split.TRAIN, Axis.STEP, [1, 2, 3], [0.9, 0.8, 0.7])


# --- names in parentheses paired with values in parentheses ---

def test_paired_tuples_nan_kept() -> None:
    text = ("Iter: 0, training (loss / accuracy): (2.30 / 10.0%), validation (loss / accuracy): (2.31 / 9.8%).\n"
            "Iter: 100, training (loss / accuracy): (nan / 9.4%), validation (loss / accuracy): (nan / 9.8%).\n")
    got = _series(text)
    _assert(got["training loss"], Split.TRAIN, Axis.STEP, [0, 100], [2.30, NAN])
    _assert(got["validation loss"], Split.VAL, Axis.STEP, [0, 100], [2.31, NAN])
    _assert(got["validation accuracy"], Split.VAL, Axis.STEP, [0, 100], [0.098, 0.098])


def test_paired_tuples_of_unequal_length_are_not_paired() -> None:
    """Three names and two values: which value is whose is not printed; nothing is paired."""
    text = ("Iter: 0, training (loss / accuracy / f1): (2.30 / 10.0%), loss: 2.3\n"
            "Iter: 100, training (loss / accuracy / f1): (2.10 / 12.0%), loss: 2.1\n")
    got = _series(text)
    assert set(got) == {"loss"}


# --- headerless value columns that take turns, 'nan' where a column is not logged ---

def test_columns_taking_turns_are_two_series_nan_kept() -> None:
    text = "100\t0.90\tnan\n200\tnan\t1.10\n300\t0.70\tnan\n400\tnan\tnan\n500\t0.50\tnan\n600\tnan\tinf\n"
    got = _series(text)
    _assert(got["loss (first unnamed value)"], Split.TRAIN, Axis.STEP, [100, 300, 500], [0.90, 0.70, 0.50])
    _assert(got["loss (second unnamed value)"], Split.TRAIN, Axis.STEP, [200, 400, 600], [1.10, NAN, INF])


def test_rows_with_every_column_are_read_by_the_first_value() -> None:
    """Rows that print both columns are no turns: the first value is the loss, a nan in it the run's."""
    text = "100 0.90 0.95\n200 0.80 nan\n300 nan 0.90\n"
    got = _series(text)
    assert set(got) == {"loss (first unnamed value)"}
    _assert(got["loss (first unnamed value)"], Split.TRAIN, Axis.STEP, [100, 200, 300], [0.90, 0.80, NAN])


def test_columns_out_of_turn_are_read_by_the_first_value() -> None:
    """A column logged twice in a row breaks the turns: which column a row of nan alone belongs to is not known."""
    text = "100 0.90 nan\n200 0.80 nan\n300 nan 1.10\n400 nan nan\n"
    got = _series(text)
    assert set(got) == {"loss (first unnamed value)"}
    _assert(got["loss (first unnamed value)"], Split.TRAIN, Axis.STEP, [100, 200, 300, 400], [0.90, 0.80, NAN, NAN])


# --- a Keras bar under its epoch header that never finishes (the paste ends mid-epoch) ---

def test_unfinished_keras_bar_under_header_keeps_each_update() -> None:
    text = ("Epoch 1/10\n"
            " 100/1000 [==>...........................] - ETA: 9s - loss: 0.9000 - acc: 0.5000\n"
            " 500/1000 [==============>...............] - ETA: 5s - loss: nan - acc: 0.5100\n"
            " 900/1000 [==========================>...] - ETA: 1s - loss: nan - acc: 0.5200\n")
    got = _series(text)
    _assert(got["loss"], Split.TRAIN, Axis.EPOCH, [1.1, 1.5, 1.9], [0.9, NAN, NAN])


def test_finished_keras_bars_give_one_point_per_epoch() -> None:
    """A bar that reaches N/N is the epoch's value; its earlier updates are running means within it."""
    text = ("Epoch 1/2\n"
            " 500/1000 [==============>...............] - ETA: 5s - loss: 0.9000\n"
            "1000/1000 [==============================] - 9s 9ms/step - loss: 0.8000 - val_loss: 0.8500\n"
            "Epoch 2/2\n"
            " 500/1000 [==============>...............] - ETA: 5s - loss: 0.7000\n")
    got = _series(text)
    _assert(got["loss"], Split.TRAIN, Axis.EPOCH, [1, 2], [0.8, 0.7])
    _assert(got["val_loss"], Split.VAL, Axis.EPOCH, [1], [0.85])


# --- a rate in percent on one split is in percent on the other ---

def test_validation_rate_of_a_percent_training_name_is_percent() -> None:
    text = ("Epoch [1/9]: 100%|#| 625/625 [1:07:57<00:00,  6.43s/it, loss=6.5377, top1_avg=1.02]\n"
            "Validation: 100%|######| 24/24 [02:20<00:00,  5.84s/it, loss=7.6148, top1_avg=0.54]\n"
            "Epoch [2/9]: 100%|#| 625/625 [1:07:23<00:00,  6.40s/it, loss=5.3173, top1_avg=6.57]\n"
            "Validation: 100%|######| 24/24 [02:18<00:00,  6.10s/it, loss=7.7053, top1_avg=0.50]\n")
    got = _series(text)
    _assert(got["top1_avg"], Split.TRAIN, Axis.EPOCH, [1, 2], [0.0102, 0.0657])
    _assert(got["val top1_avg"], Split.VAL, Axis.EPOCH, [1, 2], [0.0054, 0.0050])


def test_fraction_rate_of_another_name_stays_a_fraction() -> None:
    text = ("Epoch [1/9]: 100%|#| 625/625 [1:07:57<00:00,  6.43s/it, loss=6.5377, top1_avg=1.02]\n"
            "Validation: 100%|######| 24/24 [02:20<00:00,  5.84s/it, loss=7.6148, accuracy=0.54]\n"
            "Epoch [2/9]: 100%|#| 625/625 [1:07:23<00:00,  6.40s/it, loss=5.3173, top1_avg=6.57]\n"
            "Validation: 100%|######| 24/24 [02:18<00:00,  6.10s/it, loss=7.7053, accuracy=0.50]\n")
    got = _series(text)
    _assert(got["val accuracy"], Split.VAL, Axis.EPOCH, [1, 2], [0.54, 0.50])


# --- names ---

def test_head_loss_and_acronym_loss_names() -> None:
    """YOLOv10's 'box_om'/'dfl_oo' are loss terms; 'CTCLoss' is a CTC loss term; 'LOSS' and 'valLoss' unchanged."""
    for key, split in (("train/box_om", Split.TRAIN), ("val/dfl_oo", Split.VAL), ("CTCLoss", Split.TRAIN)):
        info = classify(key)
        assert (info.kind, info.split, info.primary) == (Kind.LOSS, split, False), key
    assert classify("LOSS").primary and classify("valLoss").split is Split.VAL
    assert classify("box_om_count").kind is Kind.OTHER and classify("room").kind is Kind.OTHER
