"""Formats of corpus batch 2026-12-06-r5 the text reader dropped or under-read, fixed as principles (the verbatim
fixtures are in tests/fixtures/text/formats/, listed in test_text_formats_collection.py). This file holds what a
fixture alone cannot show: NaN kept in each format (hand-written lines in the same layout), the paddle hapi
Model.fit log (verbatim lines of dev log repo-paddle-chexnet-densenet121-train-10ep, too wide for the collection's
exact tables: its expected values come from the file itself), and the look-alike lines each principle must leave
alone."""
from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest

from lossdoctor.model import Axis, Kind, Split
from lossdoctor.readers import read
from lossdoctor.readers.text_log import parse_text

TEXT = Path(__file__).resolve().parents[1] / "fixtures" / "text"
T, V = Split.TRAIN, Split.VAL
E, S = Axis.EPOCH, Axis.STEP


def _run(text: str):
    return parse_text(text, "x", "x.log")


def test_paddle_hapi_fit_eval_begin_batches_are_the_evaluation() -> None:
    """'Eval begin...' opens the evaluation: its 'step 10/88' lines count its own batches (not training steps that
    would send the step axis back and drop the epoch's training points); its last line is the epoch's result."""
    path = TEXT / "paddle_hapi_fit_eval_begin.log"
    lines = path.read_text(encoding="utf-8").splitlines()
    at_eval = next(i for i, line in enumerate(lines) if "Eval begin" in line)
    at_next = next(i for i, line in enumerate(lines) if "Epoch 2/10" in line)
    step = re.compile(r"step\s+(\d+)/(\d+) - (.*) - \d+s/step")
    train = [step.search(line) for line in lines[:at_eval] + lines[at_next:] if step.search(line)]
    last_eval = [step.search(line) for line in lines[at_eval:at_next] if step.search(line)][-1]
    names = [kv.split(": ")[0] for kv in train[0].group(3).split(" - ")]
    assert len(names) == 16  # the loss and 15 AUROC columns
    run = read(path)[0]
    xs = [10, 20, 614, 624, 634]  # epoch 2's counter starts again: it goes on after epoch 1's 614 batches
    for i, name in enumerate(names):
        s = run.get(name)
        assert s is not None and (s.split, s.axis) == (T, S), name
        np.testing.assert_allclose(s.steps, xs)
        np.testing.assert_allclose(s.values, [float(m.group(3).split(" - ")[i].split(": ")[1]) for m in train])
        ev = run.get(f"eval {name}")
        assert ev is not None and (ev.split, ev.axis) == (V, E), name
        np.testing.assert_allclose(ev.steps, [1.0])
        assert ev.values[0] == pytest.approx(float(last_eval.group(3).split(" - ")[i].split(": ")[1]))
    assert run.get("loss").kind is Kind.LOSS and run.get("eval loss").kind is Kind.LOSS


def test_nan_is_kept_in_each_format() -> None:
    minimind = _run("Epoch:[1/2](100/200), loss: 7.4568, lr: 0.0005\nEpoch:[1/2](200/200), loss: nan, lr: 0.0005\n")
    assert math.isnan(minimind.get("loss").values[-1]) and minimind.get("loss").steps[-1] == pytest.approx(2.0)
    paddle = _run("epoch:0\niter 0, loss:[7.68]\niter 200, loss:[nan]\nepoch:1\niter 0, loss:[nan]\n")
    np.testing.assert_allclose(paddle.get("loss").steps, [0, 200, 400])
    np.testing.assert_allclose(paddle.get("loss").values, [7.68, math.nan, math.nan], equal_nan=True)
    steps = _run("      0/ 200000: 3.3239\n  10000/ 200000: 2.0322\n  20000/ 200000: nan\n")
    s = steps.series[0]
    assert s.kind is Kind.LOSS and s.axis is S and math.isnan(s.values[-1])
    np.testing.assert_allclose(s.steps, [0, 10000, 20000])
    table = _run(" epoch    train loss    valid loss    valid acc  dur\n-------  ------------  ------------  -----------  "
                 "------\n      1       0.50873       0.60935      0.79269  11.24s\n      2           nan           nan"
                 "      0.79269  11.91s\n")
    assert math.isnan(table.get("train loss").values[1]) and math.isnan(table.get("valid loss").values[1])
    assert table.get("valid loss").split is V
    tabs = _run("Learning Rate\tTrain Loss\tVal Loss\t\n0.0002\t0.5\t0.6\t\n0.0002\tnan\tnan\t\n")
    assert tabs.get("Val Loss").split is V and math.isnan(tabs.get("Train Loss").values[1])
    np.testing.assert_allclose(tabs.get("Train Loss").steps, [1, 2])


def test_a_value_in_brackets_after_a_name_is_read_and_a_counter_keeps_its_brackets() -> None:
    run = _run("Epoch [1] Batch [10/20] loss: [0.75] val Loss [1.13]\nEpoch [1] Batch [20/20] loss: [0.5]\n")
    np.testing.assert_allclose(run.get("loss").values, [0.75, 0.5])
    np.testing.assert_allclose(run.get("loss").steps, [1.5, 2.0])
    assert run.get("val Loss").split is V and run.get("val Loss").values[0] == pytest.approx(1.13)
    multi = _run("epoch 1 loss: [0.5 0.6]\nepoch 2 loss: 0.4\n")  # an array of several values is not one value
    np.testing.assert_allclose(multi.get("loss").values, [0.4])


def test_a_batch_index_alone_is_no_step_counter() -> None:
    """'loss=0.018 batch_id=1874' on the tqdm bar of every epoch: without an epoch counter the index would put every
    epoch at step 1874; the lines stay in print order."""
    run = _run("loss=0.0183 batch_id=1874: 100%|####| 1875/1875\nTest set: Average loss: 0.0430\n"
               "loss=0.0222 batch_id=1874: 100%|####| 1875/1875\nTest set: Average loss: 0.0287\n")
    np.testing.assert_allclose(run.get("loss").values, [0.0183, 0.0222])
    assert len(run.get("loss").steps) == 2


def test_an_epoch_header_going_back_on_its_own_line_is_a_new_fit_not_a_nested_bar() -> None:
    """Only a header glued after a bar update inside a later epoch is a nested progress; a second fit() starting
    again at 'Epoch 1/2' on its own line after the first finished ('Epoch 2/2') is the next phase, numbered on."""
    text = ("Epoch 1/2\n10/10 [====] - 1s - loss: 0.9\nEpoch 2/2\n10/10 [====] - 1s - loss: 0.8\n"
            "Epoch 1/2\n10/10 [====] - 1s - loss: 0.7\n")
    glued = ("Epoch 1/2\n10/10 [====] - 1s - loss: 0.9\nEpoch 2/2\n 9/10 [===>.] - ETA: 0s - loss: 0.85Epoch 1/2\n"
             "10/10 [====] - 1s - loss: 0.8 - val_loss: 0.7\n")
    np.testing.assert_allclose(_run(text).get("loss").steps, [1, 2, 3])
    np.testing.assert_allclose(_run(text).get("loss").values, [0.9, 0.8, 0.7])
    g = _run(glued)
    np.testing.assert_allclose(g.get("loss").steps, [1, 2])
    np.testing.assert_allclose(g.get("loss").values, [0.9, 0.8])


def test_eval_begin_closes_at_the_next_epoch_and_a_sentence_about_eval_opens_nothing() -> None:
    text = ("Epoch 1/2\nstep 10/10 - loss: 0.9\nEval begin...\nstep 5/5 - loss: 0.95\nEval samples: 50\n"
            "Epoch 2/2\nstep 10/10 - loss: 0.8\n")
    run = _run(text)
    np.testing.assert_allclose(run.get("loss").values, [0.9, 0.8])
    np.testing.assert_allclose(run.get("eval loss").values, [0.95])
    prose = _run("step 10: loss 0.9\nEval begins when the epoch ends, see docs\nstep 20: loss 0.8\n")
    np.testing.assert_allclose(prose.get("loss").values, [0.9, 0.8])


def test_yolov5_results_rows_and_darknet_lines_keep_nan() -> None:
    yolo = _run("      0/29     1.86G   0.09854   0.09318         0    0.1917        24       416         0         0"
                "  0.004895 0.0009547   0.09176   0.05526         0\n      1/29     1.93G       nan       nan         0"
                "       nan        37       416         0         0         0         0       nan       nan         0\n")
    assert math.isnan(yolo.get("train/loss").values[1]) and math.isnan(yolo.get("val/box_loss").values[1])
    assert yolo.get("metrics/mAP_0.5").split is V
    dark = _run(" 1: 1017.514587, 1017.514587 avg, 0.000000 rate, 3.16 seconds, 64 images\n"
                " 2: -nan, -nan avg, 0.001000 rate, 3.01 seconds, 128 images\n")
    loss = dark.get("loss")
    assert loss.axis is S and math.isnan(loss.values[1]) and math.isnan(dark.get("avg loss").values[1])
    np.testing.assert_allclose(loss.steps, [1, 2])


def test_rows_of_numbers_that_are_not_yolo_results_stay_unread_as_such() -> None:
    """Twelve numbers after 'n/N' (a column short) or a Keras bar are not a results row."""
    short = "      0/29     1.86G   0.09854   0.09318         0    0.1917        24       416         0  0.004895\n"
    with pytest.raises(Exception):
        _run(short)
    assert _run("10/10 [====] - 1s - loss: 0.5\n").get("train/loss") is None


def test_a_line_without_counters_after_fractional_epochs_from_0_is_the_epochs_end() -> None:
    """'val epoch Loss: 0.29' after 'Epoch: 0 [245760/262412 (94%)]' lines measures the end of epoch 0 (x = 1, where
    a validation block after such lines goes), not its start before the training points; with counters from 1 the
    result keeps the epoch's own number, as 'Test set: ..' after pytorch/examples' 'Train Epoch: 1 [..]' does."""
    text = ("train Epoch: {e} [0/100 (0%)]\tLoss: 0.5\ntrain Epoch: {e} [50/100 (50%)]\tLoss: 0.4\n"
            "val epoch Loss: {v}\n")
    run = _run(text.format(e=0, v="nan") + text.format(e=1, v="0.3"))
    val = run.get("val epoch Loss")
    assert val.split is V
    np.testing.assert_allclose(val.steps, [1.0, 2.0])
    assert math.isnan(val.values[0])
    np.testing.assert_allclose(run.get("Loss").steps, [0, 0.5, 1.0, 1.5])
    one = _run(text.format(e=1, v="0.3") + text.format(e=2, v="0.2"))
    np.testing.assert_allclose(one.get("val epoch Loss").steps, [1.0, 2.0])
