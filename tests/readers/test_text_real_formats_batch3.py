"""Formats of real pasted logs the text reader dropped or under-read when corpus batch 2026-12-06 was collected: a
fastai v1 table whose header lost its underscores, a YOLOv5 epoch table, NaN tensors printed before the first epoch
line, a split word that opens a line, values glued to an overwritten Keras callback message, 'Acc.' abbreviations and
markdown bold. Every fixture is a verbatim excerpt from the source named in its first line."""
from __future__ import annotations

import math

import numpy as np
import pytest

from lossdoctor.model import Axis, Kind, Split
from lossdoctor.readers.text_log import parse_text
from test_text_real_formats import _read, assert_points

T, V = Split.TRAIN, Split.VAL
E, S = Axis.EPOCH, Axis.STEP
L, A, ER = Kind.LOSS, Kind.ACCURACY, Kind.ERROR
NAN = math.nan

# fixture -> {key: (split, kind, axis, steps, values)}; the key set must match exactly (no bogus series)
CASES: dict[str, dict[str, tuple]] = {
    "fastai_v1_spaced_names_nan_fastai941.log": {  # 'epoch train loss valid loss accuracy_thresh f2_opt'
        "train loss": (T, L, E, [0], [NAN]),
        "valid loss": (V, L, E, [0], [NAN]),
        "accuracy_thresh": (V, A, E, [0], [0.997788])},  # a Recorder metric: computed on the validation set
    "yolov5_table_nan_lite236.log": {  # '0/9  2.44G  nan nan nan nan  45  640: 100%|...': box/obj/cls/total losses
        "box_loss": (T, L, E, [0], [NAN]),
        "obj_loss": (T, L, E, [0], [NAN]),
        "cls_loss": (T, L, E, [0], [NAN]),
        "loss": (T, L, E, [0], [NAN])},
    "llama_recipes_eval_nan_before_epoch_190.log": {  # the eval NaNs come before the first 'Epoch 1:' line
        "eval_ppl": (V, ER, E, [0], [NAN]),
        "eval_epoch_loss": (V, L, E, [0], [NAN]),
        "train_perplexity": (T, ER, E, [1], [2.9854]),
        "train_epoch_loss": (T, L, E, [1], [1.0937])},
    "split_word_opens_line_tutorials227.log": {  # 'val Loss: 0.7645 Acc: 0.0000': the Acc is the val one
        "train Loss": (T, L, E, [0, 1], [0.8934, 0.6792]),
        "Acc": (T, A, E, [0, 1], [0.0, 0.0]),
        "val Loss": (V, L, E, [0, 1], [0.7645, 0.2288]),
        "val Acc": (V, A, E, [0, 1], [0.0, 0.0])},
    "keras2_value_glued_to_callback_image_class3.log": {  # 'val_acc: 0.4850rove', 'val_acc: 0.4850om inf to 8.3'
        "loss": (T, L, E, [1, 2], [7.9056, 7.9785]),
        "acc": (T, A, E, [1, 2], [0.505, 0.505]),
        "val_loss": (V, L, E, [1, 2], [8.3008, 8.3008]),
        "val_acc": (V, A, E, [1, 2], [0.485, 0.485])},
    "acc_abbrev_period_transformers566.log": {  # 'Batch 1600/287417 - Training Acc. 0.106250 - Training Loss ...'
        "Training Acc": (T, A, E, [1 + 1600 / 287417, 1 + 3200 / 287417, 1 + 4800 / 287417],
                         [0.106250, 0.098125, 0.094792]),
        "Training Loss": (T, L, E, [1 + 1600 / 287417, 1 + 3200 / 287417, 1 + 4800 / 287417],
                          [2.295977, 2.299707, 2.304948])},
    "markdown_bold_value_lwpose100.log": {  # 'stage2_heatmaps_loss: **1.97...**' (the values before any 'Iter:' are
        "stage1_pafs_loss": (T, L, S, [3100], [5.463875732421875]),  # outside any step, skipped)
        "stage1_heatmaps_loss": (T, L, S, [3100], [2.0516973876953126]),
        "stage2_pafs_loss": (T, L, S, [3100], [5.2807315063476565]),
        "stage2_heatmaps_loss": (T, L, S, [3100], [1.9725639724731445])},
    "dcrnn_train_mae_objective_60.log": {  # no loss printed: the training MAE is the objective
        "loss = train_mae": (T, L, E, [22, 23], [1.9640, 1.9654]),
        "val_loss = val_mae": (V, L, E, [22, 23], [2.7854, 2.7894]),
        "lr": (Split.NONE, Kind.LR, E, [22, 23], [0.001, 0.001])},
    "hf_notebook_html_table_emotion02.html": {  # '<th>Epoch</th>' ... '<td>0.840900</td>', one tag a line
        "Training Loss": (T, L, E, [1, 2], [0.8409, 0.255]),
        "Validation Loss": (V, L, E, [1, 2], [0.327445, 0.220472]),
        "Accuracy": (V, A, E, [1, 2], [0.8965, 0.9225]),  # the Trainer's metrics are computed on the eval set
        "F1": (V, Kind.SCORE, E, [1, 2], [0.892285, 0.92255])},
    "md_table_bold_cells_era_v4.log": {  # '| **74.04%** ✅ |'; the '**Target Accuracy:** 75%' goal is no series
        "Train Loss": (T, L, E, [1, 2, 61, 68, 80], [6.4731, 6.0129, 2.3102, 2.2213, 1.9254]),
        "Train Acc": (T, A, E, [1, 2, 61, 68, 80], [0.0174, 0.0436, 0.6333, 0.6528, 0.7219]),
        "Val Loss": (V, L, E, [1, 2, 61, 68, 80], [5.9321, 5.5839, 1.3916, 1.3809, 1.1072]),
        "Val Acc": (V, A, E, [1, 2, 61, 68, 80], [0.041, 0.0611, 0.728, 0.6809, 0.7404])},
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_reads_exact_points(name: str) -> None:
    assert_points(_read(name), CASES[name], value_atol=1e-12)


def test_a_nan_printed_before_the_first_epoch_is_read_with_a_warning() -> None:
    run = _read("llama_recipes_eval_nan_before_epoch_190.log")
    assert any("eval_epoch_loss" in w and "before the first epoch counter" in w for w in run.warnings)


def test_a_finite_value_far_before_the_first_epoch_stays_skipped() -> None:
    """Only a NaN printed right before the first epoch line is moved there; a setting printed earlier is not."""
    run = parse_text("val_loss: 0.5\nbatch_size = 32\nlayers = 4\nwarmup = 2\n\nEpoch 1: loss: 0.9 val_loss: 0.8\n"
                     "Epoch 2: loss: 0.7 val_loss: 0.6\n", "x", "x.log")
    np.testing.assert_allclose(run.get("val_loss").steps, [1, 2])
    text = "eval_loss=nan\nsome setting line\nother setting line\nmore\nmore still\nEpoch 1: loss: 0.9\n"
    assert parse_text(text, "x", "x.log").get("eval_loss") is None  # far from the first epoch line


def test_yolo_names_apply_only_under_a_gpu_memory_column() -> None:
    """'box'/'obj'/'cls' are YOLOv5's loss terms only in its own table; a table that merely has a 'total' column of
    counts does not become a loss."""
    run = parse_text("epoch total loss\n1 100 0.5\n2 100 0.4\n", "x", "x.log")
    assert run.get("total") is None and run.get("loss") is not None
    np.testing.assert_allclose(run.get("loss").values, [0.5, 0.4])


def test_a_train_split_word_does_not_rename_the_metrics_after_it() -> None:
    """Only a held-out split word ('val', 'test', 'eval') carries over; 'train Loss: .. Acc: ..' keeps 'Acc'."""
    run = parse_text("Epoch 1\ntrain Loss: 0.5 Acc: 0.8\nEpoch 2\ntrain Loss: 0.4 Acc: 0.9\n", "x", "x.log")
    assert {s.key for s in run.series} == {"train Loss", "Acc"}


def test_a_regression_error_stays_a_metric_beside_a_printed_loss() -> None:
    run = parse_text("Epoch 1: loss: 0.9 mae: 0.7 val_mae: 0.8\nEpoch 2: loss: 0.8 mae: 0.6 val_mae: 0.7\n", "x", "x.log")
    assert {s.key for s in run.series} == {"loss", "mae", "val_mae"}
    assert run.get("mae").kind is ER


def test_a_validation_only_error_is_not_made_a_loss() -> None:
    """Without a training error there is no objective to read: 'val_mae' alone stays an error metric."""
    run = parse_text("Epoch 1: val_mae: 0.8 acc: 0.5\nEpoch 2: val_mae: 0.7 acc: 0.6\n", "x", "x.log")
    assert run.get("val_mae") is not None and run.get("val_mae").kind is ER
    assert not any(s.kind is L for s in run.series)


def test_an_html_table_on_one_line_and_a_stray_tag() -> None:
    """A pandas/Trainer table saved on one line reads the same; a '<tr>' that never closes swallows no later line."""
    one = ("<table><tr><th>Epoch</th><th>Training Loss</th><th>Validation Loss</th></tr>"
           "<tr><td>1</td><td>0.84</td><td>0.33</td></tr><tr><td>2</td><td>0.26</td><td>0.22</td></tr></table>")
    run = parse_text(one, "x", "x.log")
    np.testing.assert_allclose(run.get("Validation Loss").values, [0.33, 0.22])
    run = parse_text("<tr><td>junk\nEpoch 1: loss: 0.9\nEpoch 2: loss: 0.8\n", "x", "x.log")
    np.testing.assert_allclose(run.get("loss").values, [0.9, 0.8])
