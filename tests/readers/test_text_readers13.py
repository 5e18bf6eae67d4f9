"""Release 10 reader principles (readers13; their verbatim fixtures are in test_text_formats_collection.py): each
with NaN kept, and the look-alikes it must leave alone."""
from __future__ import annotations

import math

from lossdoctor.model import Axis, Kind, Split
from lossdoctor.names import classify

from _text_series import assert_series as _assert
from _text_series import series_of as _series

NAN = math.nan


# --- '<metric> at step N: x': the metric, then the step it was measured at ---

def test_metric_at_step_nan_kept() -> None:
    text = ("discriminator loss at step 0: 0.685675\n"
            "adversarial loss at step 0: 0.667591\n"
            "discriminator loss at step 100: nan\n"
            "adversarial loss at step 100: 0.820905\n")
    got = _series(text)
    _assert(got["discriminator loss"], Split.TRAIN, Axis.STEP, [0, 100], [0.685675, NAN])
    _assert(got["adversarial loss"], Split.TRAIN, Axis.STEP, [0, 100], [0.667591, 0.820905])


def test_at_without_a_counter_word_is_no_step() -> None:
    """'at' before a word that counts nothing ('loss at best: ..', 'saved at 12:00') moves no step."""
    text = ("step 1: loss: 0.9\n"
            "step 2: loss: 0.7\n"
            "val loss at best: 0.5\n")
    got = _series(text)
    _assert(got["loss"], Split.TRAIN, Axis.STEP, [1, 2], [0.9, 0.7])


# --- an epoch counter without its total that never moves: each print a point ---

def test_unmoving_epoch_without_total_nan_kept() -> None:
    text = "".join(f"epoch:1 loss:{v} | train-TER:{t} | valid_1000-TER:100.00\n"
                   for v, t in (("91.69", "132.33"), ("nan", "100.00"), ("78.05", "100.00")))
    got = _series(text)
    _assert(got["loss"], Split.TRAIN, Axis.STEP, [1, 2, 3], [91.69, NAN, 78.05])
    _assert(got["valid_1000-TER"], Split.VAL, Axis.STEP, [1, 2, 3], [100.0, 100.0, 100.0])


def test_epoch_one_of_one_keeps_its_last_print() -> None:
    """'Epoch 1/1' (Keras' fit(epochs=1)) says the run had a single epoch: its prints are running values."""
    text = "".join(f"Epoch 1/1 loss: {v}\n" for v in ("0.9", "0.8", "0.7"))
    got = _series(text)
    _assert(got["loss"], Split.TRAIN, Axis.EPOCH, [1], [0.7])


def test_moving_epoch_without_total_is_per_epoch() -> None:
    text = "".join(f"epoch:{e} loss:{v}\n" for e, v in ((1, "0.9"), (2, "nan"), (3, "0.7")))
    got = _series(text)
    _assert(got["loss"], Split.TRAIN, Axis.EPOCH, [1, 2, 3], [0.9, NAN, 0.7])


# --- a top-k accuracy printed in percent is divided by 100 like top-1 ---

def test_top5_percent_as_fraction_and_fraction_kept() -> None:
    text = ("Epoch: [1][10/20] Loss 2.5 Top-1 1.56 Top-5 3.12\n"
            "Epoch: [2][10/20] Loss nan Top-1 2.00 Top-5 9.50\n")
    got = _series(text)
    _assert(got["Top-5"], Split.TRAIN, Axis.EPOCH, [1.5, 2.5], [0.0312, 0.095])
    _assert(got["Loss"], Split.TRAIN, Axis.EPOCH, [1.5, 2.5], [2.5, NAN])
    text = ("Epoch: [1][10/20] Loss 2.5 Top-1 0.0156 Top-5 0.0312\n"
            "Epoch: [2][10/20] Loss 2.4 Top-1 0.02 Top-5 0.095\n")
    _assert(_series(text)["Top-5"], Split.TRAIN, Axis.EPOCH, [1.5, 2.5], [0.0312, 0.095])


def test_recall_at_k_is_not_a_top_k_accuracy() -> None:
    """A score that is not a top-k accuracy (BLEU 31.75) keeps its scale."""
    text = "epoch=1 loss=2.0 bleu=31.75\nepoch=2 loss=1.5 bleu=33.0\n"
    _assert(_series(text)["bleu"], Split.TRAIN, Axis.EPOCH, [1, 2], [31.75, 33.0])


# --- ranking and token-error metric names ---

def test_ranking_and_token_error_kinds() -> None:
    assert (classify("valid_mrr").split, classify("valid_mrr").kind) == (Split.VAL, Kind.SCORE)
    assert (classify("valid_ndcg@5").split, classify("valid_ndcg@5").kind) == (Split.VAL, Kind.SCORE)
    assert (classify("valid_1000-TER").split, classify("valid_1000-TER").kind) == (Split.VAL, Kind.ERROR)
    assert classify("tern").kind is Kind.OTHER


# --- a word in parentheses qualifying a name before its colon ---

def test_parenthesised_qualifier_is_part_of_the_name_nan_kept() -> None:
    """nb beam-transfer's 'Eval Acc (total): 0.881' after each epoch: the held-out accuracy was lost."""
    text = ("epoch:  1/10 batch   1/23 Train loss: 0.698577, Acc: 0.296704\n"
            "Train loss: 6.232891, Acc: 0.780698\n"
            "Eval Acc (total): 0.8812751913070679\n"
            "epoch:  2/10 batch   1/23 Train loss: 0.480522, Acc: 0.823761\n"
            "Train loss: 5.1, Acc: 0.79\n"
            "Eval Acc (total): nan\n"
            "Time (s): 12.5\n")
    got = _series(text)
    _assert(got["Eval Acc (total)"], Split.VAL, Axis.EPOCH, [1, 2], [0.8812751913070679, NAN])
    assert set(got) == {"Train loss", "Acc", "Eval Acc (total)"}


# --- a training value printed several times under each epoch counter, with no batch number: each print a point ---

def test_prints_per_epoch_spread_nan_kept() -> None:
    text = "".join(f"Epoch [{e}/3] | d_loss: {d} | g_loss: 0.5\n"
                   for e, d in ((1, "1.38"), (1, "0.77"), (1, "nan"), (2, "1.30"), (2, "1.18"), (2, "1.09")))
    got = _series(text)
    _assert(got["d_loss"], Split.TRAIN, Axis.EPOCH, [1, 1 + 1 / 3, 1 + 2 / 3, 2, 2 + 1 / 3, 2 + 2 / 3],
            [1.38, 0.77, NAN, 1.30, 1.18, 1.09])


def test_once_or_twice_an_epoch_keeps_the_epochs_last() -> None:
    """A value printed twice an epoch (the line printed twice, a summary after it) is one point per epoch."""
    text = "".join(f"Epoch {e}/3 loss: {v}\n" for e, v in ((1, "0.9"), (1, "0.9"), (2, "0.7"), (2, "0.7")))
    _assert(_series(text)["loss"], Split.TRAIN, Axis.EPOCH, [1, 2], [0.9, 0.7])


def test_updates_showing_progress_keep_the_epochs_last() -> None:
    """'Epoch[1] Loss=.. 99.88 %' (DeepDanbooru): running updates through the epoch, the last one counts."""
    text = "".join(f"Epoch[{e}] Loss={v}, Speed = 7.2 samples/s, {p} %\n"
                   for e, v, p in ((1, "0.0098", "99.80"), (1, "0.0092", "99.88"), (1, "0.0088", "99.90"),
                                   (2, "0.0071", "50.00"), (2, "0.0070", "60.00"), (2, "0.0069", "70.00")))
    _assert(_series(text)["Loss"], Split.TRAIN, Axis.EPOCH, [1, 2], [0.0088, 0.0069])


def test_validation_prints_per_epoch_are_not_spread() -> None:
    """Held-out values printed several times an epoch (on two sets) keep the epoch's last, as before."""
    text = "".join(f"Epoch {e}/3 val_loss: {v}\n" for e, v in ((1, "0.9"), (1, "0.8"), (1, "0.85"), (2, "0.7"),
                                                                  (2, "0.6"), (2, "0.65")))
    _assert(_series(text)["val_loss"], Split.VAL, Axis.EPOCH, [1, 2], [0.85, 0.65])


# --- a split word before a label whose values follow as 'name value' pairs ---

def test_split_labelled_pairs_nan_kept() -> None:
    text = ("Epoch 2 - Average Train Loss: 0.5625\n"
            "Epoch 2 - Validation BLEU: BLEU-1 71.65, BLEU-2 nan\n"
            "Epoch 2 - Dev BLEU: BLEU-1 63.88, BLEU-2 59.46\n"
            "Epoch 3 - Average Train Loss: 0.2980\n"
            "Epoch 3 - Validation BLEU: BLEU-1 72.00, BLEU-2 66.00\n"
            "Epoch 3 - Dev BLEU: BLEU-1 64.00, BLEU-2 60.00\n")
    got = _series(text)
    _assert(got["Validation BLEU-2"], Split.VAL, Axis.EPOCH, [2, 3], [NAN, 66.0])
    _assert(got["Dev BLEU-1"], Split.VAL, Axis.EPOCH, [2, 3], [63.88, 64.0])
    assert "BLEU-1" not in got


def test_split_label_with_other_fields_is_left_alone() -> None:
    """'Test set: Average loss: 0.1, Accuracy: 9000/10000 (90%)' is no list of 'name value' pairs."""
    text = ("Train Epoch: 1 [0/60000 (0%)]\tLoss: 2.30\n"
            "Test set: Average loss: 0.1000, Accuracy: 9000/10000 (90%)\n"
            "Train Epoch: 2 [0/60000 (0%)]\tLoss: 1.20\n"
            "Test set: Average loss: 0.0800, Accuracy: 9200/10000 (92%)\n")
    got = _series(text)
    assert set(got) == {"Loss", "Test Average loss", "Test Accuracy"}
    _assert(got["Test Average loss"], Split.TEST, Axis.EPOCH, [1, 2], [0.1, 0.08])
    _assert(got["Test Accuracy"], Split.TEST, Axis.EPOCH, [1, 2], [0.9, 0.92])


# --- '<split> metrics:name:value' and progress dots before a line ---

def test_split_metrics_line_nan_kept() -> None:
    text = ("[Epoch 1 Batch 10/20] loss=0.7496, metrics=accuracy:0.5217\n"
            "validation metrics:accuracy:nan\n"
            "[Epoch 2 Batch 10/20] loss=0.6, metrics=accuracy:0.6\n"
            "validation metrics:accuracy:0.6968\n")
    got = _series(text)
    _assert(got["validation accuracy"], Split.VAL, Axis.EPOCH, [1, 2], [NAN, 0.6968])
    _assert(got["accuracy"], Split.TRAIN, Axis.EPOCH, [1.5, 2.5], [0.5217, 0.6])


def test_progress_dots_before_the_epoch_nan_kept() -> None:
    text = "".join(f"......Epoch {e} loss {v}\n" for e, v in ((1, "0.9"), (2, "nan"), (3, "0.7")))
    _assert(_series(text)["loss"], Split.TRAIN, Axis.EPOCH, [1, 2, 3], [0.9, NAN, 0.7])


# --- a split tag closed by a mark ---

def test_split_tag_with_a_mark_nan_kept_and_other_tags_alone() -> None:
    text = (" [TRAIN] Epoch: 1/90, Batch: 300/524, BatchAcc: 0.9453, BatchLoss: 0.1257\n"
            " [Val@] Epoch: 1/90, EpochAcc: 0.8916, EpochLoss: nan\n"
            " [TRAIN] Epoch: 2/90, Batch: 300/524, BatchAcc: 0.95, BatchLoss: 0.12\n"
            " [Val@] Epoch: 2/90, EpochAcc: 0.90, EpochLoss: 0.35\n"
            " [Info@] Epoch: 2/90, EpochAcc: 0.91\n")
    got = _series(text)
    _assert(got["Val EpochLoss"], Split.VAL, Axis.EPOCH, [2, 3], [NAN, 0.35])
    assert got["EpochAcc"][0] is Split.TRAIN  # '[Info@]' names no split


def test_metric_at_epoch_under_an_eval_tag_nan_kept() -> None:
    """KD anomaly detection's '[Eval] carpet class RocAUC at epoch 10: 0.7757' (its evaluations were lost)."""
    text = ("[Train] epoch [0/601], loss:26.9890 class:carpet\n"
            "[Eval] carpet class RocAUC at epoch 0: 0.6617\n"
            "[Train] epoch [1/601], loss:nan class:carpet\n"
            "[Eval] carpet class RocAUC at epoch 1: nan\n")
    got = _series(text)
    _assert(got["eval RocAUC"], Split.VAL, Axis.EPOCH, [0, 1], [0.6617, NAN])
    _assert(got["Train loss"], Split.TRAIN, Axis.EPOCH, [0, 1], [26.989, NAN])
