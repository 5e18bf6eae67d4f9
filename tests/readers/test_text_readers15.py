"""Release 11 reader principles (readers15; the verbatim fixture is in test_text_formats_collection.py): each with
NaN kept, and the look-alikes it must leave alone."""
from __future__ import annotations

import math

import pytest

from lossdoctor.errors import ReadError
from lossdoctor.model import Axis, Split

from _text_series import assert_series as _assert
from _text_series import series_of as _series

NAN = math.nan


# --- a pipe cell holding a bracketed name and its value: '| [Loss] nan |' ---

def test_piped_bracket_name_cells_nan_kept() -> None:
    text = ("| epoch 1 | [loss] 0.93 | [acc] 0.41 |\n"
            "| epoch 2 | [loss] nan | [acc] 0.10 |\n"
            "| epoch 3 | [loss] inf | [acc] 0.10\n")
    got = _series(text)
    _assert(got["loss"], Split.TRAIN, Axis.EPOCH, [1, 2, 3], [0.93, NAN, math.inf])
    _assert(got["acc"], Split.TRAIN, Axis.EPOCH, [1, 2, 3], [0.41, 0.10, 0.10])


def test_bracketed_cell_without_a_lone_value_is_no_pair() -> None:
    """'[time] 0.4m' (a unit after the number) and '[best] 0 -100.0' (two numbers) hold no lone value: not read."""
    text = ("| epoch 1 | [loss] 0.9 | [time] 0.4m | [best] 0 -100.0 |\n"
            "| epoch 2 | [loss] 0.8 | [time] 0.5m | [best] 1 -90.0 |\n")
    got = _series(text)
    assert set(got) == {"loss"}
    _assert(got["loss"], Split.TRAIN, Axis.EPOCH, [1, 2], [0.9, 0.8])


def test_bracket_outside_a_pipe_cell_is_left_alone() -> None:
    """Outside pipe cells a bracketed word before a number is a logger tag ('[INFO] 3 files'), no name."""
    with pytest.raises(ReadError):
        _series("[INFO] 3 files found\n[INFO] 4 files found\n")


# --- 'E5 iter[ 14/ 15]': an E and a number before an iteration counter out of N abbreviate the epoch ---

def test_epoch_abbreviation_before_batch_counter() -> None:
    text = ("E1 iter[ 4/ 5] | loss 0.9\n"
            "E2 iter[ 4/ 5] | loss nan\n")
    got = _series(text)
    _assert(got["loss"], Split.TRAIN, Axis.EPOCH, [1.8, 2.8], [0.9, NAN])


def test_e_number_without_a_batch_counter_is_no_epoch() -> None:
    """'E5' alone (a cell's label, a model size) or before a counter without its total sets no epoch."""
    text = ("E5 iter 10 | loss 0.9\n"
            "E5 iter 20 | loss 0.8\n")
    got = _series(text)
    _assert(got["loss"], Split.TRAIN, Axis.STEP, [10, 20], [0.9, 0.8])
