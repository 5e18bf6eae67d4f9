"""Release 11 reader principles (readers14; their verbatim fixtures are in test_text_formats_collection.py): each
with NaN kept, and the look-alikes it must leave alone."""
from __future__ import annotations

import math

from lossdoctor.model import Axis, Split

from _text_series import assert_series as _assert
from _text_series import series_of as _series

NAN = math.nan


# --- Trax 'Step N: <split> <metric> | value': the pipe separates the metric's name from its value ---

def test_trax_piped_metric_nan_kept() -> None:
    text = ("Step      1: train WeightedCategoryCrossEntropy |  1.33800304\n"
            "Step      1: eval  WeightedCategoryCrossEntropy |  0.71843582\n"
            "Step      1: eval      WeightedCategoryAccuracy |  0.56562500\n"
            "Step    500: train WeightedCategoryCrossEntropy |  nan\n"
            "Step    500: eval  WeightedCategoryCrossEntropy |  0.49253047\n"
            "Step    500: eval      WeightedCategoryAccuracy |  0.74062500\n")
    got = _series(text)
    _assert(got["train WeightedCategoryCrossEntropy loss"], Split.TRAIN, Axis.STEP, [1, 500], [1.33800304, NAN])
    _assert(got["eval WeightedCategoryCrossEntropy loss"], Split.VAL, Axis.STEP, [1, 500], [0.71843582, 0.49253047])
    _assert(got["eval WeightedCategoryAccuracy"], Split.VAL, Axis.STEP, [1, 500], [0.565625, 0.740625])


def test_pipe_table_row_with_step_is_not_a_piped_metric() -> None:
    """A pipe-separated record ('| Step 2 | loss 0.5 |') keeps its own reading: only 'split name | value' is rewritten."""
    text = "Step 1: loss 0.9 | acc 0.5\nStep 2: loss 0.7 | acc 0.6\n"
    got = _series(text)
    _assert(got["loss"], Split.TRAIN, Axis.STEP, [1, 2], [0.9, 0.7])
