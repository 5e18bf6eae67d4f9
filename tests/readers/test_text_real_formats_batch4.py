"""Formats of real pasted logs the text reader dropped or under-read when corpus batch 2026-12-06-r3 was collected:
Keras 1.x 'Epoch 1/1' printed once per fit() call in a loop, llm.c's 's:N trl:X' log file, and an evaluation pass
announced by a sentence (GluonNLP's BERT fine-tuning scripts). Fixtures are verbatim excerpts of dev-part logs of
benchmarks/real_runs (gh-alexnet-keras-4, repo-modded-nanogpt-adamw-baseline-llmc-format,
repo-gluonnlp-bert-base-rte-finetune-mxnet)."""
from __future__ import annotations

import math

import numpy as np
import pytest

from lossdoctor.model import Axis, Kind, Split
from lossdoctor.readers.text_log import parse_text
from test_text_real_formats import _read, assert_points

T, V = Split.TRAIN, Split.VAL
E, S = Axis.EPOCH, Axis.STEP
L, A = Kind.LOSS, Kind.ACCURACY
NAN = math.nan

CASES: dict[str, dict[str, tuple]] = {
    "keras1_fit_loop_epoch_1of1.log": {  # four 'Epoch 1/1' headers: four consecutive epochs, not epoch 1 four times
        "loss": (T, L, E, [1, 2, 3, 4], [0.0889, 0.0848, 0.0859, 0.0787]),
        "acc": (T, A, E, [1, 2, 3, 4], [0.8755, 0.8874, 0.8867, 0.8949]),
        "val_loss": (V, L, E, [1, 2, 3, 4], [0.2725, 0.2937, 0.2760, 0.2841]),
        "val_acc": (V, A, E, [1, 2, 3, 4], [0.5857, 0.5286, 0.6143, 0.5571])},
    "llmc_step_trl_tel.log": {  # 'trl' the training loss, 'tel' the validation loss, 's:' the step
        "train_loss": (T, L, S, [0, 1, 2, 126, 127, 128, 129],
                       [10.965596, 10.814037, 10.543272, 6.143041, 6.042942, 6.082862, 6.043605]),
        "val_loss": (V, L, S, [0, 128], [10.968871, 6.034447])},
    "tf_retrain_cross_entropy_robocup502.log": {  # TF retrain.py: 'Step 990: Cross entropy = 0.301570'
        "Train accuracy": (T, A, S, [990, 999], [0.99, 1.0]),
        "loss": (T, L, S, [990, 999], [0.301570, 0.294399]),
        "Validation accuracy": (V, A, S, [990, 999], [0.85, 0.88])},
    # hand-written in the formats of sealed logs (never copied from them):
    "split_summary_pipes_handwritten.log": {  # 'Valid Summary | Epoch 1 | Loss=0.3875': the split heads the line
        "Train Loss": (T, L, E, [1, 2], [0.4210, NAN]),
        "Valid Loss": (V, L, E, [1, 2], [0.3875, NAN])},
    "epoch_summary_after_batches_handwritten.log": {  # 'Epoch: [3] -- TRAINING SUMMARY' closes epoch 3
        "G_Loss": (T, L, E, [3.05, 3.55, 4.0], [4.1, 4.0, 4.02]),
        "D_Loss": (T, L, E, [3.05, 3.55, 4.0], [0.2, 0.21, 0.205]),
        "Top-1": (T, A, E, [3.05, 3.55, 4.0], [0.01, 0.02, 0.014]),
        "LR": (Split.NONE, Kind.LR, E, [3.05, 3.55, 4.0], [0.001] * 3)},
    "torch7_json_stats_handwritten.log": {  # 'json_stats: {...,"epoch":3,...,"loss":nan}': settings are no series
        "learningRate": (Split.NONE, Kind.LR, E, [1, 2, 3], [0.05, 0.05, 0.01]),
        "lr": (Split.NONE, Kind.LR, E, [1, 2, 3], [0.05, 0.05, 0.01]),
        "momentum": (Split.NONE, Kind.MOMENTUM, E, [1, 2, 3], [0.9, 0.9, 0.9]),
        "train_time": (T, Kind.TIME, E, [1, 2, 3], [101.5, 100.9, 101.2]),
        "test_acc": (Split.TEST, A, E, [1, 2, 3], [0.4125, 0.555, 0.6]),
        "loss": (T, L, E, [1, 2, 3], [1.6125, 1.1875, NAN])},
    "tqdm_description_tloss_vloss_handwritten.log": {  # 'Epoch: 2, tloss: 0.45, vloss: 0.39, ...: 100%|###| 9/9'
        "train loss": (T, L, E, [1, 2, 3], [0.7125, 0.45, 0.3]),
        "val loss": (V, L, E, [1, 2, 3], [0.625, 0.3875, 0.4125])},
    "number_before_counter_handwritten.log": {  # '000 epoch, 01000 iter, ..., loss -20.25'
        "loss": (T, L, S, [0, 1000, 2000, 3000], [12.5, -20.25, -55.0, NAN])},
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_reads_exact_points(name: str) -> None:
    assert_points(_read(name), CASES[name], value_atol=1e-12)


def test_an_announced_evaluation_pass_is_read_as_validation() -> None:
    """'Now we are doing evaluation on dev' opens the held-out pass: its '[Batch n/35] loss=' lines are eval loss,
    not training points that overwrite the epoch's training loss; the next '[Epoch 2 Batch 10/82]' line closes it."""
    run = _read("gluonnlp_bert_eval_announced.log")
    loss = run.get("loss")
    assert loss is not None and loss.split is T
    np.testing.assert_allclose(loss.values, [0.6687, 0.6469, 0.5561, 0.5278])
    np.testing.assert_allclose(loss.steps, [1 + 70 / 82, 1 + 80 / 82, 2 + 10 / 82, 2 + 20 / 82])
    ev = run.get("eval loss")
    assert ev is not None and ev.split is V and ev.kind is L
    assert ev.values[-1] == pytest.approx(0.6497) and ev.steps[-1] == pytest.approx(2.0)
    acc = run.get("eval accuracy")
    assert acc is not None and acc.values[-1] == pytest.approx(0.6534)


def test_one_epoch_header_without_values_between_is_not_a_new_epoch() -> None:
    """A header repeated with nothing printed under the first one (a retried call) stays the same epoch."""
    run = parse_text("Epoch 1/1\nEpoch 1/1\n10/10 [====] - 1s - loss: 0.5\nEpoch 1/1\n10/10 [====] - 1s - loss: 0.4\n",
                     "x", "x.log")
    np.testing.assert_allclose(run.get("loss").steps, [1, 2])


def test_a_plain_sentence_about_validation_without_a_pass_verb_opens_no_section() -> None:
    run = parse_text("Epoch 1: loss=0.9\nvalidation set has 500 images\nEpoch 1: acc=0.5\n", "x", "x.log")
    assert run.get("loss").split is T and run.get("acc") is not None and run.get("val acc") is None


def test_loss_functions_named_without_the_word_loss_are_losses() -> None:
    """GluonCV's SSD prints 'CrossEntropy=19.1, SmoothL1=3.9': both are loss terms, NaN included."""
    run = parse_text("[Epoch 0][Batch 9], Speed: 24.2 samples/sec, CrossEntropy=19.147, SmoothL1=3.899\n"
                     "[Epoch 1][Batch 9], Speed: 24.3 samples/sec, CrossEntropy=2.5e30, SmoothL1=nan\n", "x", "x.log")
    ce, sl1 = run.get("loss"), run.get("SmoothL1 loss")  # the classification loss, and the box regression loss
    assert ce is not None and ce.kind is L and sl1 is not None and sl1.kind is L
    np.testing.assert_allclose(ce.values, [19.147, 2.5e30])
    assert sl1.values[0] == pytest.approx(3.899) and math.isnan(sl1.values[1])
    assert parse_text("epoch 1: entropy=0.3 loss=0.5\n", "x", "x.log").get("entropy loss") is None


def test_an_announced_pass_ends_at_the_next_counted_training_line() -> None:
    """'# run validation batches' in pasted code opens nothing; an announced pass ends at a line with a step."""
    code = "        # run validation batches\nstep:10/100 train_loss:2.5\nstep:20/100 train_loss:2.25\n"
    assert parse_text(code, "x", "x.log").get("train_loss").split is T
    text = "step 20: loss=0.85\nStarting validation\n[Batch 5/9] loss=0.9\nstep 30: loss=0.8\nstep 40: loss=0.7\n"
    run = parse_text(text, "x", "x.log")
    np.testing.assert_allclose(run.get("loss").values, [0.85, 0.8, 0.7])
    val = run.get("val loss")  # at the step of the training it measured
    assert val is not None and val.split is V and val.values[0] == pytest.approx(0.9) and val.steps[0] == 20


def test_a_header_glossed_in_english_and_a_second_table_of_other_columns() -> None:
    """'Adım (Step)', 'Doğrulama Kaybı (Eval Loss)': the English gloss names the column; a '**200 (En İyi)**' row
    keeps its counter; a later table with other columns (the training loss) is not numbered on from the first."""
    run = _read("glossed_header_tables_handwritten.md")
    ev = run.get("Doğrulama Kaybı (Eval Loss)")
    assert ev is not None and (ev.split, ev.kind, ev.axis) == (V, L, S)
    np.testing.assert_allclose(ev.steps, [200, 400, 600])
    np.testing.assert_allclose(ev.values, [0.31, 0.35, 0.39])
    wer = run.get("Hata Oranı (Eval WER %)")
    assert wer is not None and wer.split is V
    np.testing.assert_allclose(wer.values, [0.205, 0.241, 0.26])
    tr = run.get("Training Loss")
    assert tr is not None and tr.split is T
    np.testing.assert_allclose(tr.steps, [50, 100])
    assert not any("result tables" in w for w in run.warnings)


def test_a_json_record_with_a_huge_integer_is_read_as_infinite() -> None:
    """Found by the fuzzer: an integer of 400 digits in a 'json_stats:' record overflowed float()."""
    run = parse_text('json_stats: {"epoch":1,"loss":1' + "0" * 400 + '}\njson_stats: {"epoch":2,"loss":0.5}\n',
                     "x", "x.log")
    np.testing.assert_allclose(run.get("loss").values, [np.inf, 0.5])


def test_a_line_of_100k_spaces_before_a_table_is_read_in_one_pass() -> None:
    """Found by the fuzzer: the table-header test backtracked over every split of a long whitespace run (a hang);
    the header forms it accepts are unchanged."""
    from lossdoctor.readers import text_patterns as tp
    run = parse_text(" " * 100_000 + "\nepoch train_loss valid_loss\n0 0.9 0.8\n1 0.7 0.75\n", "x", "x.log")
    np.testing.assert_allclose(run.get("train_loss").values, [0.9, 0.7])
    for header in ("epoch train_loss", "| epoch | loss |", "|epoch|loss", "epoch, loss", "  epoch  |  loss"):
        assert tp.TABLE_START.match(header), header
    assert not tp.TABLE_START.match("epoch 1 loss")
