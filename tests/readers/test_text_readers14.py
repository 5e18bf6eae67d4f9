"""Release 11 reader principles (readers14; their verbatim fixtures are in test_text_formats_collection.py): each
with NaN kept, and the look-alikes it must leave alone."""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from lossdoctor.model import Axis, Kind, Split
from lossdoctor.readers import read

from _text_series import assert_series as _assert
from _text_series import series_of as _series

NAN = math.nan
FORMATS = Path(__file__).resolve().parents[1] / "fixtures" / "text" / "formats"


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


# --- 'objf' (Kaldi/k2's objective function, minimised) is a loss ---

def test_objf_is_a_loss_nan_kept() -> None:
    text = ("batch 0, epoch 0/8 global average objf: 2.117457 over 29888.0 frames (100.0% kept)\n"
            "batch 10, epoch 0/8 global average objf: nan over 327058.0 frames (100.0% kept)\n"
            "batch 0, epoch 1/8 global average objf: 1.525084 over 922005.0 frames (100.0% kept)\n")
    got = _series(text)
    assert got["global average objf"][0] is Split.TRAIN
    np.testing.assert_allclose(got["global average objf"][3], [2.117457, NAN, 1.525084], equal_nan=True)
    assert got["global average objf"][2][0] < got["global average objf"][2][1] < got["global average objf"][2][2]


def test_k2_paste_reads_its_global_objf() -> None:
    """The verbatim hard-wrapped k2 paste: its running objective is read whole, in order, within epoch 0."""
    run = read(FORMATS / "k2_objf_hard_wrapped_paste.log")[0]
    s = run.get("global average objf")
    assert s is not None and s.kind is Kind.LOSS and s.split is Split.TRAIN
    np.testing.assert_allclose(s.values, [2.117457, 1.798473, 1.670062, 1.525084])
    assert np.all(np.diff(s.steps) > 0) and s.steps[-1] < 1


# --- DDP ranks logging the same summary in the same second: one point, not progress through the epoch ---

def _ranks(tail: str) -> str:
    return "".join(f"==== Epoch {e} ====\n" + "".join(
        f"2024-12-30 19:4{e}:24 | INFO | Validation metrics - Loss: {v}, Accuracy: 4.5\n" for v in vals) + "".join(
        f"2024-12-30 19:4{e}:24 | INFO | Training metrics - Loss: {t}, Accuracy: 1.7{tail}\n" for t in vals)
        for e, vals in ((0, ("5.6", "5.7", "5.8")), (1, ("nan", "4.4", "4.5")), (2, ("3.9", "4.0", "4.1"))))


def test_rank_copies_are_one_point_nan_kept() -> None:
    got = _series(_ranks(", LR: 0.0064"))
    _assert(got["Validation Loss"], Split.VAL, Axis.EPOCH, [0, 1, 2], [5.6, NAN, 3.9])
    _assert(got["Loss"], Split.TRAIN, Axis.EPOCH, [0, 1, 2], [5.6, NAN, 3.9])


def test_same_second_lines_with_their_own_counters_are_each_a_point() -> None:
    """Batch lines printed within one second keep every print when each names its step."""
    text = "".join(f"2024-12-30 19:43:24 | INFO | step {n}: loss {v}\n" for n, v in ((1, "0.9"), (2, "nan"), (3, "0.7")))
    _assert(_series(text)["loss"], Split.TRAIN, Axis.STEP, [1, 2, 3], [0.9, NAN, 0.7])


def test_millisecond_clock_prints_are_each_a_point() -> None:
    """A prefix with milliseconds tells prints apart: 'Batch loss' printed again and again is each a point."""
    text = "".join(f"==== Epoch {e} ====\n" + "".join(
        f"2024-12-30 19:43:24,{ms} INFO Batch loss: {v}\n" for ms, v in ((100, "0.9"), (200, "nan"), (300, "0.8")))
        for e in (1, 2))
    got = _series(text)
    assert len(got["Batch loss"][3]) == 6
    assert np.isnan(got["Batch loss"][3]).sum() == 2


# --- a Caffe output's name runs up to ' = ' (a 'word: ' prefix and a percent are part of it) ---

def test_caffe_output_named_with_colon_and_percent_nan_kept() -> None:
    text = ("I0314 17:24:19.773170 27053 solver.cpp:242] Iteration 17200, loss = 2.21847\n"
            "I0314 17:24:19.773236 27053 solver.cpp:258]     Train net output #0: loss: 50%-fire-rate = 0.0034709 "
            "(* 1 = 0.0034709 loss)\n"
            "I0314 17:24:39.260385 27053 solver.cpp:242] Iteration 17300, loss = nan\n"
            "I0314 17:24:39.260422 27053 solver.cpp:258]     Train net output #0: loss: 50%-fire-rate = nan "
            "(* 1 = nan loss)\n")
    got = _series(text)
    _assert(got["loss"], Split.TRAIN, Axis.STEP, [17200, 17300], [2.21847, NAN])
    _assert(got["train_net/loss: 50%-fire-rate"], Split.TRAIN, Axis.STEP, [17200, 17300], [0.0034709, NAN])


def test_caffe_plain_output_name_unchanged() -> None:
    text = ("I0314 17:24:19.773170 27053 solver.cpp:242] Iteration 100, loss = 2.2\n"
            "I0314 17:24:19.773236 27053 solver.cpp:258]     Train net output #0: loss = 2.3 (* 1 = 2.3 loss)\n"
            "I0314 17:24:39.260385 27053 solver.cpp:242] Iteration 200, loss = 2.1\n"
            "I0314 17:24:39.260422 27053 solver.cpp:258]     Train net output #0: loss = 2.0 (* 1 = 2.0 loss)\n")
    got = _series(text)
    _assert(got["loss"], Split.TRAIN, Axis.STEP, [100, 200], [2.2, 2.1])
    _assert(got["train_net/loss"], Split.TRAIN, Axis.STEP, [100, 200], [2.3, 2.0])


# --- 'it: N |' leading a line is its iteration counter ---

def test_lead_it_counter_nan_kept() -> None:
    text = "it: 9800  | loss 5.0  | Δw: 8.258\nit: 9810  | loss nan  | Δw: 8.544\nit: 9820  | loss 4.9  | Δw: 8.1\n"
    _assert(_series(text)["loss"], Split.TRAIN, Axis.STEP, [9800, 9810, 9820], [5.0, NAN, 4.9])


def test_it_per_second_is_no_counter() -> None:
    """tqdm's rate ('3.2it/s') and 'it:' inside a sentence move no step."""
    text = "step 1: loss 0.9, 3.2it/s\nstep 2: loss 0.8, 3.1it/s\n"
    _assert(_series(text)["loss"], Split.TRAIN, Axis.STEP, [1, 2], [0.9, 0.8])


# --- '^M' pasted for a carriage return ---

def test_caret_m_is_a_carriage_return_nan_kept() -> None:
    bar = "^M  4%|▎         | 1294/36234 [11:25<5:08:51,  1.89it/s]^M"
    text = "".join(f"{bar}{{'loss': {v}, 'learning_rate': 0.0002, 'epoch': {e}}}\n"
                   for v, e in (("1.0692", "1.0"), ("nan", "2.0"), ("1.1192", "3.0")))
    _assert(_series(text)["loss"], Split.TRAIN, Axis.EPOCH, [1, 2, 3], [1.0692, NAN, 1.1192])


def test_same_second_prints_without_any_counter_are_print_order() -> None:
    """A tiny run logging an epoch's line several times a second, with no counter: each line is a point."""
    text = "".join(f"2024-12-30 19:43:24 - INFO - loss: {v}, acc: 0.5\n" for v in ("0.9", "nan", "0.7"))
    got = _series(text)
    np.testing.assert_allclose(got["loss"][3], [0.9, NAN, 0.7], equal_nan=True)
