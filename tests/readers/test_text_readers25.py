"""readers25: layouts of the design corpus the text reader dropped or misread, each read by a general principle.

Fixtures are written here, a few lines in each layout (none copied from a corpus log):
- `Epoch N: <split>_<term> <value>   Memory x%` (a progress callback's line, maybe quoted with '> '): a value named
  by its split and a term the reader does not know is that split's loss, when the log names no metric.
- a tqdm bar whose description names its split before an underscore (`train_batch (Avg. Loss x, Accuracy y): 100%|..`
  then `test_batch (...)` under one `--- EPOCH i/N ---`): the description's split word names the split of its values.
- a markdown table whose rule row has one dash a cell (`-|-|-`, GitHub's least delimiter row).
- `I Training of Epoch N - loss: x` / `I Validation of Epoch N - loss: y` (DeepSpeech 0.x): the pass named before
  'of Epoch' names the split.
- `valid -- nll: x` / `test -- nll: y` after an epoch's training lines: a split word before a double dash.
- a CSV with a `phase` column of split words (`epoch,phase,loss,top1,lr`, a train and a val row an epoch): each
  split's rows are read apart (`train_loss`, `val_loss`).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from lossdoctor.errors import ReadError
from lossdoctor.model import Kind, Split
from lossdoctor.readers import read
from lossdoctor.readers import text_patterns as tp
from lossdoctor.readers.text_log import read_text


def _series(run, key):  # type: ignore[no-untyped-def]
    return next(s for s in run.series if s.key == key)


# ---- 'Epoch N: Train_rec 9.1e-01   Memory 11.0%' --------------------------------------------------------------------

_PROGRESS = """\
[07/12/26 10:00:01][proj.callback.progress][INFO] -   Epoch 1: Train_rec 9.120e-01   Memory 11.0%
[07/12/26 10:01:01][proj.callback.progress][INFO] -   Epoch 2: Train_rec 8.004e-01   Memory 11.2%
[07/12/26 10:02:01][proj.callback.progress][INFO] -   Epoch 3: Train_rec 7.310e-01   Memory 11.1%
[07/12/26 10:03:01][proj.callback.progress][INFO] -   Epoch 4: Train_rec 7.290e-01   Memory 11.1%
"""


@pytest.mark.parametrize("quote", ["", "> "])
def test_split_and_unknown_term_after_an_epoch_is_that_splits_loss(quote: str) -> None:
    text = "".join(quote + line + "\n" for line in _PROGRESS.splitlines())
    run = read_text(text, "progress")
    loss = run.find(Kind.LOSS, Split.TRAIN)
    assert loss is not None and loss.key == "Train_rec loss"
    assert list(loss.steps) == [1, 2, 3, 4]
    assert list(loss.values) == pytest.approx([0.912, 0.8004, 0.731, 0.729])
    assert any("Train_rec" in w and "loss of that split" in w for w in run.warnings)


def test_split_and_term_pairs_of_both_splits() -> None:
    text = "".join(f"Epoch {i}: Train_rec {t}   Val_rec {v}   Memory 9.0%\n"
                   for i, (t, v) in enumerate([(0.9, 1.0), (0.7, 0.95), (0.5, 0.97)], start=1))
    run = read_text(text, "two")
    assert list(run.find(Kind.LOSS, Split.TRAIN).values) == pytest.approx([0.9, 0.7, 0.5])
    val = run.find(Kind.LOSS, Split.VAL)
    assert val is not None and val.key == "Val_rec loss" and list(val.values) == pytest.approx([1.0, 0.95, 0.97])


def test_split_and_term_values_beside_a_named_loss_are_not_read() -> None:
    text = "".join(f"Epoch {i}: loss {0.9 - 0.1 * i:.3f}   Train_rec {0.5 + i:.3f}\n" for i in range(1, 5))
    run = read_text(text, "named")
    assert {s.key for s in run.series if s.kind is Kind.LOSS} == {"loss"}


@pytest.mark.parametrize("name", ["train_samples", "val_steps", "train_size", "test_examples", "train_time"])
def test_a_split_and_a_count_is_no_loss(name: str) -> None:
    text = "".join(f"Epoch {i}: {name} {100 * i}\n" for i in range(1, 5))
    with pytest.raises(ReadError):
        read_text(text, "counts")


def test_split_only_pattern_keeps_its_qualifier_first_form() -> None:
    assert tp.split_only_pairs("3d_train 88.13 3d_valid 67.04") == [("3d_train", "88.13"), ("3d_valid", "67.04")]
    assert tp.split_only_pairs("Train_rf 4.856e-01   Memory 10.0%") == [("Train_rf", "4.856e-01")]
    assert tp.split_only_pairs("train_samples 5000 val_n 40") == []


# ---- tqdm bars whose description names the split: 'train_batch (..): 100%|..', 'test_batch (..): 100%|..' ---------

_BARS = """\
--- EPOCH 1/4 ---
train_batch (Avg. Loss 3.000, Accuracy 20.0): 100%|##########| 8/8 [00:01<00:00, 30.00it/s]
test_batch (Avg. Loss 2.500, Accuracy 25.0): 100%|##########| 8/8 [00:00<00:00, 90.00it/s]
--- EPOCH 2/4 ---
train_batch (Avg. Loss 2.000, Accuracy 40.0): 100%|##########| 8/8 [00:01<00:00, 31.00it/s]
test_batch (Avg. Loss 2.300, Accuracy 30.0): 100%|##########| 8/8 [00:00<00:00, 91.00it/s]
--- EPOCH 3/4 ---
train_batch (Avg. Loss 1.000, Accuracy 60.0): 100%|##########| 8/8 [00:01<00:00, 32.00it/s]
test_batch (Avg. Loss 2.400, Accuracy 31.0): 100%|##########| 8/8 [00:00<00:00, 92.00it/s]
"""


def test_bar_description_names_the_split() -> None:
    run = read_text(_BARS, "bars")
    train, test = run.find(Kind.LOSS, Split.TRAIN), run.find(Kind.LOSS, Split.TEST)
    assert train is not None and list(train.values) == pytest.approx([3.0, 2.0, 1.0])
    assert test is not None and list(test.values) == pytest.approx([2.5, 2.3, 2.4])
    assert list(test.steps) == [1, 2, 3]
    assert list(run.find(Kind.ACCURACY, Split.TEST).values) == pytest.approx([0.25, 0.30, 0.31])
    assert list(run.find(Kind.ACCURACY, Split.TRAIN).values) == pytest.approx([0.2, 0.4, 0.6])


def test_val_description_of_a_bar_is_the_validation_split() -> None:
    text = _BARS.replace("test_batch", "val_epoch")
    run = read_text(text, "val bars")
    val = run.find(Kind.LOSS, Split.VAL)
    assert val is not None and list(val.values) == pytest.approx([2.5, 2.3, 2.4])
    assert list(run.find(Kind.LOSS, Split.TRAIN).values) == pytest.approx([3.0, 2.0, 1.0])


def test_a_split_word_without_a_bar_does_not_name_the_line() -> None:
    assert tp.LEAD_HELD_OUT.match("test_batch (Avg. Loss 2.500, Accuracy 25.0): 100%|##| 8/8 [00:00<00:00]")
    assert tp.LEAD_HELD_OUT.match("test_batch (Avg. Loss 2.500, Accuracy 25.0)") is None
    assert tp.LEAD_HELD_OUT.match("train_batch (Avg. Loss 3.0): 100%|##| 8/8 [00:01<00:00]") is None


# ---- a markdown table with one dash a cell in its rule row ----------------------------------------------------------

def test_markdown_rule_of_single_dashes(tmp_path: Path) -> None:
    md = tmp_path / "results.md"
    md.write_text("epoch|mem|loss|val_loss|mAP\n-|-|-|-|-\n0/9|5.1G| 2.90| 3.10|0.40|\n1/9|5.2G| 2.60| 2.95|0.45|\n"
                  "2/9|5.2G| 2.40| 2.90|0.47|\n", encoding="utf-8")
    [run] = read(md)
    assert list(_series(run, "loss").values) == pytest.approx([2.9, 2.6, 2.4])
    assert list(_series(run, "val_loss").values) == pytest.approx([3.1, 2.95, 2.9])
    assert list(_series(run, "loss").steps) == [0, 1, 2]


@pytest.mark.parametrize("rule", ["-|-|-", "|-|-|-|", ":-|-:|-", "--|---|--", "---"])
def test_md_rule_shapes(rule: str) -> None:
    assert tp.MD_RULE.match(rule)


@pytest.mark.parametrize("line", ["-", "- loss", "-|a|-"])
def test_md_rule_is_not_a_lone_dash_or_text(line: str) -> None:
    assert tp.MD_RULE.match(line) is None


# ---- 'I Training of Epoch 3 - loss: x' / 'I Validation of Epoch 3 - loss: y' ----------------------------------------

def test_pass_named_before_of_epoch_names_the_split() -> None:
    text = "I STARTING Optimization\n" + "".join(
        f"I Training of Epoch {e} - loss: {t}\nI Validation of Epoch {e} - loss: {v}\n"
        for e, t, v in [(3, 5.5, 7.0), (4, 5.1, 6.8), (5, 4.9, 6.9)]) + "I FINISHED Optimization\n"
    run = read_text(text, "of epoch")
    assert list(run.find(Kind.LOSS, Split.TRAIN).values) == pytest.approx([5.5, 5.1, 4.9])
    val = run.find(Kind.LOSS, Split.VAL)
    assert val is not None and list(val.values) == pytest.approx([7.0, 6.8, 6.9]) and list(val.steps) == [3, 4, 5]


# ---- 'valid -- nll: x' and 'test -- nll: y' after each epoch's training lines ---------------------------------------

def test_split_word_before_a_double_dash_names_the_split() -> None:
    text = "".join(f"Epoch [{e}/3], Step [50/50], loss: {t}, fwd loss: {t / 2}\nvalid -- nll: {v}\ntest -- nll: {v - 1}\n"
                   for e, t, v in [(0, 90.0, 80.0), (1, 70.0, 75.0), (2, 60.0, 76.0)])
    run = read_text(text, "dashes")
    valid, test = _series(run, "valid nll"), _series(run, "test nll")
    assert valid.split is Split.VAL and list(valid.values) == pytest.approx([80.0, 75.0, 76.0])
    assert test.split is Split.TEST and list(test.values) == pytest.approx([79.0, 74.0, 75.0])


# ---- a CSV whose 'phase' column names each row's split --------------------------------------------------------------

def test_phase_column_splits_the_rows(tmp_path: Path) -> None:
    csv = tmp_path / "log.csv"
    csv.write_text("epoch,phase,loss,top1,lr\n0,train,2.30,10.0,0.1\n0,val,2.20,12.0,0.1\n1,train,1.90,30.0,0.1\n"
                   "1,val,2.00,25.0,0.1\n2,train,1.50,45.0,0.05\n2,val,2.10,24.0,0.05\n", encoding="utf-8")
    [run] = read(csv)
    assert list(run.find(Kind.LOSS, Split.TRAIN).values) == pytest.approx([2.3, 1.9, 1.5])
    val = run.find(Kind.LOSS, Split.VAL)
    assert val is not None and val.key == "val_loss" and list(val.values) == pytest.approx([2.2, 2.0, 2.1])
    assert list(val.steps) == [0, 1, 2]
    assert list(run.find(Kind.ACCURACY, Split.VAL).values) == pytest.approx([0.12, 0.25, 0.24])
    assert list(_series(run, "lr").values) == pytest.approx([0.1, 0.1, 0.05])  # once, from the training rows
    assert any("'phase' column" in w for w in run.warnings)


def test_a_phase_column_of_other_words_is_left_alone(tmp_path: Path) -> None:
    csv = tmp_path / "log.csv"
    csv.write_text("epoch,mode,loss\n0,warmup,2.3\n1,main,1.9\n2,main,1.5\n", encoding="utf-8")
    [run] = read(csv)
    assert [s.key for s in run.series if s.kind is Kind.LOSS] == ["loss"]
    assert list(_series(run, "loss").values) == pytest.approx([2.3, 1.9, 1.5])
