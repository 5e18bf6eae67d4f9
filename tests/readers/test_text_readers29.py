"""readers29: formats the design logs printed that the reader missed, each read by its general principle, each with a
twin that must not be read so.

- the PyTorch tutorials' progress print ('5000 5% (0m 12s) 2.4177 Name / Guess ✓', '0m 19s (5000 5%) 2.7011',
  '1m 47s (- 25m 8s) (5000 6%) 2.8987'): its one unnamed number is the loss; a download's '3.2 MB/s' is none;
- a Chinese split word glued before an English name ('训练的loss: 0.69'): that split's loss; '训练的时间' (training
  time) names no loss;
- a loss word glued to the word before it or an index after it ('Totalloss:51.62', 'CTCloss', 'loss0'): a loss, as
  'Total_loss' and 'loss_0' are; 'lossless' is none;
- a table printing unsplit losses, then validation metrics, then losses again: the later losses are the
  evaluation's; a table with no loss before its metrics keeps its loss as training;
- unsplit loss terms that add up to a held-out loss beside them are its terms; an unsplit metric beside a held-out
  loss in a log whose training loss names its split is the held-out pass's; Keras's 'loss'/'acc'/'val_loss' keeps
  'acc' as training, and terms that do not add up stay training.

Fixtures are written here in each layout (none copied from a corpus log).
"""
from __future__ import annotations

import math

import pytest

from lossdoctor.errors import ReadError
from lossdoctor.model import Kind, Split
from lossdoctor.names import classify, tokens
from lossdoctor.readers.text_log import read_text


def _series(run, key: str):
    return next(s for s in run.series if s.key == key)


def _keys(run) -> set[str]:
    return {s.key for s in run.series}


# -- the PyTorch tutorials' progress print --------------------------------------------------------------------------

def test_tutorial_classification_print_reads_its_loss_and_keeps_nan():
    losses = ["2.9012", "2.6133", "2.1045", "1.8321", "nan", "nan"]
    text = "".join(f"{5000 * i} {5 * i}% (0m {9 * i}s) {v} Abel / French {'✓' if i % 2 else '✗ (German)'}\n"
                   for i, v in enumerate(losses, start=1))
    run = read_text(text, "rnn")
    loss = _series(run, "loss")
    assert loss.kind is Kind.LOSS and loss.split is Split.TRAIN
    assert list(loss.steps) == [5000.0 * i for i in range(1, 7)]
    assert loss.values[0] == pytest.approx(2.9012) and math.isnan(loss.values[-1])


@pytest.mark.parametrize("line", ["{t} ({i} {p}%) {v}", "{t} (- 9m 3s) ({i} {p}%) {v}"])
def test_tutorial_generation_and_seq2seq_prints_read_their_loss(line):
    values = [3.1, 2.7, 2.2, 1.9]
    text = "".join(line.format(t=f"{i}m {10 + i}s", i=1000 * i, p=10 * i, v=v) + "\n"
                   for i, v in enumerate(values, start=1))
    loss = _series(read_text(text, "tut"), "loss")
    assert list(loss.values) == pytest.approx(values)
    assert list(loss.steps) == [1000.0, 2000.0, 3000.0, 4000.0]


def test_twin_progress_with_a_rate_after_the_number_is_no_loss():
    text = "".join(f"{100 * i} {10 * i}% (0m {i}s) {2.0 + i / 10:.1f} MB/s\n" for i in range(1, 6))
    with pytest.raises(ReadError):
        read_text(text, "download")


# -- a Chinese split word glued before an English name --------------------------------------------------------------

def test_chinese_split_word_glued_before_loss_names_that_splits_loss():
    text = "".join(f"Step {100 + i} | 匹配距离: 0.50{i} | 训练的loss: {0.70 - i / 100:.4f} | 验证的loss: "
                   f"{0.75 - i / 100:.4f} | Elapsed: 0.16\n" for i in range(5))
    run = read_text(text, "zh")
    train = [s for s in run.series if s.kind is Kind.LOSS and s.split is Split.TRAIN]
    val = [s for s in run.series if s.kind is Kind.LOSS and s.split is Split.VAL]
    assert len(train) == 1 and list(train[0].values) == pytest.approx([0.70, 0.69, 0.68, 0.67, 0.66])
    assert len(val) == 1 and list(val[0].values) == pytest.approx([0.75, 0.74, 0.73, 0.72, 0.71])


def test_twin_chinese_split_word_before_a_non_metric_name_reads_no_loss():
    text = "".join(f"Step {100 + i} | 匹配距离: 0.50{i} | 训练的时间: {3.0 + i} | Elapsed: 0.16\n" for i in range(5))
    with pytest.raises(ReadError):
        read_text(text, "zh-time")


# -- a loss word glued to its neighbour -----------------------------------------------------------------------------

@pytest.mark.parametrize("glued, spaced", [("Totalloss", "Total_loss"), ("CTCloss", "CTC_loss"),
                                           ("L2loss", "L2_loss"), ("loss0", "loss_0"), ("mloss3", "m_loss_3"),
                                           ("valloss", "val_loss")])
def test_glued_loss_name_classifies_as_its_spaced_form(glued, spaced):
    assert classify(glued) == classify(spaced)
    assert classify(glued).kind is Kind.LOSS


@pytest.mark.parametrize("word", ["lossless", "glossary", "flossing"])
def test_twin_words_holding_loss_inside_are_no_loss(word):
    assert tokens(word) == [word]
    assert classify(word).kind is Kind.OTHER


def test_glued_total_loss_line_reads_every_term():
    text = "".join(f"[0/100][step:{50 * i}]  Totalloss:{52 - i:.3f} CTCloss: {51.8 - i:.3f} L2loss: 0.2{i} "
                   f"lr: 0.000600 batchTime: 0.59 s\n" for i in range(1, 6))
    run = read_text(text, "ocr")
    total = _series(run, "Totalloss")
    assert total.kind is Kind.LOSS and total.primary and len(total) == 5
    assert not _series(run, "CTCloss").primary


# -- a table: losses, validation metrics, losses again --------------------------------------------------------------

def _table(header: list[str], rows: list[list[str]]) -> str:
    return "\n".join(["|".join(header), "|".join("-" for _ in header)] + ["|".join(r) for r in rows]) + "\n"


def test_table_losses_after_the_validation_metrics_are_the_evaluations():
    header = ["epoch", "mloss0", "mloss1", "p", "map", "loss0", "loss1"]
    rows = [[f"{e}/9", f"{3.0 - e / 10:.2f}", "1.5", "0.5", f"{0.5 + e / 100:.2f}", f"{2.5 - e / 20:.2f}", "1.2"]
            for e in range(6)]
    run = read_text(_table(header, rows), "table")
    assert _series(run, "mloss0").split is Split.TRAIN
    assert _series(run, "loss0").split is Split.VAL and _series(run, "loss1").split is Split.VAL
    assert _series(run, "map").split is Split.VAL


def test_twin_table_with_no_loss_before_its_metrics_keeps_the_loss_training():
    header = ["epoch", "map", "loss"]
    rows = [[str(e), f"{0.5 + e / 100:.2f}", f"{2.5 - e / 20:.2f}"] for e in range(6)]
    run = read_text(_table(header, rows), "table")
    assert _series(run, "loss").split is Split.TRAIN


# -- unsplit values beside a held-out loss --------------------------------------------------------------------------

def _blocks(terms: list[tuple[float, float]], total_offset: float = 0.0) -> str:
    out = []
    for e, (a, b) in enumerate(terms, start=1):
        out += [f"Epoch {e}:", f"- val_loss = {a + b + total_offset:.4f}", f"- sev_loss = {a:.4f}",
                f"- type_loss = {b:.4f}", f"- bal_acc = {0.2 + e / 50:.4f}", ""]
    return "\n".join(out)


def test_loss_terms_adding_up_to_the_held_out_loss_are_its_terms():
    run = read_text(_blocks([(1.3, 1.9), (1.25, 1.85), (1.2, 1.7)]), "blocks")
    assert {_series(run, k).split for k in ("val_loss", "sev_loss", "type_loss", "bal_acc")} == {Split.VAL}


def test_twin_terms_that_do_not_add_up_stay_training():
    run = read_text(_blocks([(1.3, 1.9), (1.25, 1.85), (1.2, 1.7)], total_offset=0.5), "blocks")
    assert _series(run, "sev_loss").split is Split.TRAIN
    assert _series(run, "bal_acc").split is Split.TRAIN  # an unsplit training loss: its metric is unsplit too


def test_metric_in_a_record_whose_training_loss_names_its_split_is_the_held_out_passes():
    text = "".join(f"{e} {{'train_loss': {2.3 - e / 10}, 'epoch_time': 31.5, 'test_loss': {2.1 - e / 10}, "
                   f"'acc@1': {17 + 5 * e}}}\n" for e in range(1, 7))
    run = read_text(text, "records")
    assert _series(run, "train_loss").split is Split.TRAIN
    assert _series(run, "acc@1").split is Split.TEST


def test_twin_keras_loss_acc_val_loss_keeps_acc_training():
    text = "".join(f"Epoch {e}: loss: {2.3 - e / 10:.4f} - acc: {0.3 + e / 20:.4f} - val_loss: {2.4 - e / 10:.4f}\n"
                   for e in range(1, 7))
    run = read_text(text, "keras")
    assert _series(run, "acc").split is Split.TRAIN
