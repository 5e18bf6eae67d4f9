"""Release 8 development-log reader principles (readers12; their verbatim fixtures are in
test_text_formats_collection.py): each with NaN kept, and the look-alikes it must leave alone."""
from __future__ import annotations

import math

from lossdoctor.model import Axis, Split
from lossdoctor.readers.text_patterns import dl4j_score, net_groups, tagged_values, zh_terms

from _text_series import assert_series as _assert
from _text_series import series_of as _series

NAN = math.nan


# --- a validation word starting the line: every value on it is held out ---

def test_validation_bar_after_the_epoch_bar_is_held_out_nan_kept() -> None:
    text = ("Epoch [1/3]: 100%|#| 625/625 [1:07:57<00:00,  6.43s/it, loss=6.5377, top1_avg=1.02]\n"
            "Validation: 100%|######| 24/24 [02:20<00:00,  5.84s/it, loss=7.6148, top1_avg=0.54]\n"
            "Epoch [2/3]: 100%|#| 625/625 [1:07:23<00:00,  6.40s/it, loss=5.3173, top1_avg=6.57]\n"
            "Validation: 100%|######| 24/24 [02:18<00:00,  6.10s/it, loss=nan, top1_avg=0.50]\n")
    got = _series(text)
    _assert(got["loss"], Split.TRAIN, Axis.EPOCH, [1, 2], [6.5377, 5.3173])
    _assert(got["val loss"], Split.VAL, Axis.EPOCH, [1, 2], [7.6148, NAN])


def test_val_epoch_line_eval_and_test_words() -> None:
    text = ("Step: 100. Epoch: 1/4. Iteration: 10/10. Cls loss: 0.5\n"
            "Val. Epoch: 1/4. Total loss: nan\n"
            "Step: 200. Epoch: 2/4. Iteration: 10/10. Cls loss: 0.4\n"
            "Val. Epoch: 2/4. Total loss: 0.3\n")
    got = _series(text)
    _assert(got["val Total loss"], Split.VAL, Axis.STEP, [100, 200], [NAN, 0.3])
    _assert(got["Cls loss"], Split.TRAIN, Axis.STEP, [100, 200], [0.5, 0.4])
    got = _series("Epoch 1: loss=0.9\nTest: loss=0.8\nEpoch 2: loss=0.7\nTest: loss=0.6\n")
    _assert(got["Test loss"], Split.TEST, Axis.EPOCH, [1, 2], [0.8, 0.6])
    _assert(got["loss"], Split.TRAIN, Axis.EPOCH, [1, 2], [0.9, 0.7])


def test_lines_that_only_begin_like_a_split_word_are_not_held_out() -> None:
    text = "Epoch 1: loss=0.9\nValues: loss=0.8\nEpoch 2: loss=0.7\nValues: loss=0.6\n"
    assert set(_series(text)) == {"loss"}
    got = _series("Epoch 1 validation loss: 0.5\nEpoch 2 validation loss: 0.4\n")
    assert [k for k in got if got[k][0] is Split.VAL] == ["validation loss"]


# --- an epoch counter that never moves ---

def test_reprinted_epoch_counter_is_read_in_print_order_nan_kept() -> None:
    text = ("Epoch: 1/10 Train Loss: 0.5 Train Acc: 0.5\nEpoch: 1/10 Validation Loss: 0.6\n") * 2 \
        + "Epoch: 1/10 Train Loss: nan Train Acc: 0.5\nEpoch: 1/10 Validation Loss: nan\n"
    got = _series(text)
    _assert(got["Train Loss"], Split.TRAIN, Axis.STEP, [1, 2, 3], [0.5, 0.5, NAN])
    _assert(got["Validation Loss"], Split.VAL, Axis.STEP, [1, 2, 3], [0.6, 0.6, NAN])


def test_a_moving_counter_and_a_single_epoch_fit_keep_one_point_per_epoch() -> None:
    got = _series("Epoch: 1/10 loss: 0.5\nEpoch: 1/10 loss: 0.4\nEpoch: 2/10 loss: 0.3\nEpoch: 2/10 loss: 0.2\n")
    _assert(got["loss"], Split.TRAIN, Axis.EPOCH, [1, 2], [0.4, 0.2])
    got = _series("Epoch: 1/1 loss: 0.5\nEpoch: 1/1 loss: 0.4\nEpoch: 1/1 loss: 0.3\n")
    assert len(got["loss"][3]) == 1


# --- Chinese split and metric words ---

def test_chinese_train_and_validation_set_lines_nan_kept() -> None:
    assert zh_terms("第10次训练 >>> [训练集] 准确率为 0.96 >>> loss 0.01") == "iteration 10  >>> train acc 0.96 >>> loss 0.01"
    text = ("第10次训练 >>> [训练集] 准确率为 0.96 >>> loss 0.013\n"
            "            >>> [验证集] 准确率为 0.17 >>> loss 0.013\n"
            "第20次训练 >>> [训练集] 准确率为 nan >>> loss nan\n"
            "            >>> [验证集] 准确率为 0.23 >>> loss nan\n")
    got = _series(text)
    _assert(got["train acc"], Split.TRAIN, Axis.STEP, [10, 20], [0.96, NAN])
    _assert(got["loss"], Split.TRAIN, Axis.STEP, [10, 20], [0.013, NAN])
    _assert(got["Validation acc"], Split.VAL, Axis.STEP, [10, 20], [0.17, 0.23])
    _assert(got["Validation loss"], Split.VAL, Axis.STEP, [10, 20], [0.013, NAN])


# --- a decoded sample's values between rules ---

def test_decoded_sample_values_are_no_series_but_a_block_without_sample_text_is_kept() -> None:
    rule = "-" * 40 + "\n"
    text = ("STARTING Epoch 0001\nTraining loss=nan WER: 0.5\n" + rule
            + '    WER:    0.07\n    loss:   0.84\n    source: "and this"\n    result: "and thus"\n' + rule
            + "STARTING Epoch 0002\nTraining loss=11.0 WER: 0.4\n" + rule)
    got = _series(text)
    assert set(got) == {"Training loss", "WER"}
    _assert(got["Training loss"], Split.TRAIN, Axis.EPOCH, [1, 2], [NAN, 11.0])
    kept = _series("Epoch 1\n" + rule + "loss: 0.5\n" + rule + "Epoch 2\n" + rule + "loss: 0.4\n" + rule)
    _assert(kept["loss"], Split.TRAIN, Axis.EPOCH, [1, 2], [0.5, 0.4])


# --- '@k' cutoffs in names ---

def test_at_k_names_are_read_nan_kept() -> None:
    got = _series("epoch=1 train_loss=0.6 valid_recall@1=0.18 valid_recall@10=nan\n"
                  "epoch=2 train_loss=0.3 valid_recall@1=0.20 valid_recall@10=0.9\n")
    _assert(got["valid_recall@1"], Split.VAL, Axis.EPOCH, [1, 2], [0.18, 0.20])
    _assert(got["valid_recall@10"], Split.VAL, Axis.EPOCH, [1, 2], [NAN, 0.9])


# --- DL4J's score ---

def test_dl4j_score_is_the_loss_nan_kept() -> None:
    assert dl4j_score("Score at iteration 60 is NaN") == "iteration 60 loss: NaN"
    text = "".join(f"09:54:37.023 [main] INFO  o.d.o.l.ScoreIterationListener - Score at iteration {i} is {v}\n"
                   for i, v in ((0, "2.30"), (20, "1.75"), (40, "NaN")))
    _assert(_series(text)["loss"], Split.TRAIN, Axis.STEP, [0, 20, 40], [2.30, 1.75, NAN])


# --- one network's bracket group, glued records ---

def test_network_groups_name_their_terms_nan_kept() -> None:
    assert net_groups("[G - gan1: 6.8, acc: 0.5] [D - real: nan]") == " G_gan1_loss: 6.8, G acc: 0.5   D_real_loss: nan "
    text = ("[Epoch 1/2] [Batch 1/2] [G - gan1: 6.830, rec: 0.151] [D - real: 0.428]"
            "[Epoch 1/2] [Batch 2/2] [G - gan1: nan, rec: 0.152] [D - real: 0.427]\n")
    got = _series(text)
    _assert(got["G_gan1_loss"], Split.TRAIN, Axis.EPOCH, [1.5, 2.0], [6.83, NAN])
    _assert(got["D_real_loss"], Split.TRAIN, Axis.EPOCH, [1.5, 2.0], [0.428, 0.427])
    assert net_groups("[Batch - 3] [A - x: 1]") == "[Batch - 3] [A - x: 1]"  # no network letter: untouched


# --- a value per tagged network; glued 'Dloss'/'Gloss' ---

def test_tagged_values_per_network_nan_kept() -> None:
    assert tagged_values("it.670/50000  loss=X(GP),-0.0001(D)") == "iter 670/50000  GP_loss=X D_loss=-0.0001"
    text = "it.10/100  loss=0.5(GP),nan(D)  norm=1.0\nit.20/100  loss=X(GP),0.2(D)  norm=1.0\n"
    got = _series(text)
    _assert(got["D_loss"], Split.TRAIN, Axis.STEP, [10, 20], [NAN, 0.2])
    _assert(got["GP_loss"], Split.TRAIN, Axis.STEP, [10], [0.5])
    assert tagged_values("f(x)=1(a)") == "f(x)=1(a)"  # one tagged value: no list of parts


def test_glued_network_losses_nan_kept() -> None:
    text = ("ms per step:532.31   epoch:1/100  step:0/25  Dloss:0.6940  Gloss:38.1245 \n"
            "ms per step:304.35   epoch:1/100  step:2/25  Dloss:nan  Gloss:39.4826 \n")
    got = _series(text)
    _assert(got["D_loss"], Split.TRAIN, Axis.STEP, [0, 2], [0.694, NAN])
    _assert(got["G_loss"], Split.TRAIN, Axis.STEP, [0, 2], [38.1245, 39.4826])
    twin = _series("epoch 1 AGloss: 0.5 loss: 0.1\nepoch 2 AGloss: 0.4 loss: 0.1\n")  # no net's letter: kept whole
    assert "G_loss" not in twin and "AG_loss" not in twin  # (a glued loss name since readers29: 'AGloss' as printed)


# --- the epoch's second tqdm bar ---

def test_second_bar_of_an_epoch_is_the_evaluation_nan_kept() -> None:
    text = ("Epoch 0: 100%|##| 273/273 [00:30<00:00,  9.00it/s, loss=0.674]\n"
            "Epoch 0: 100%|##| 117/117 [00:12<00:00,  9.43it/s, acc=0.511, loss=nan]\n"
            "Epoch 1: 100%|##| 273/273 [00:24<00:00, 11.04it/s, loss=0.683]\n"
            "Epoch 1: 100%|##| 117/117 [00:11<00:00, 10.06it/s, acc=0.674, loss=0.614]\n")
    got = _series(text)
    _assert(got["loss"], Split.TRAIN, Axis.EPOCH, [0, 1], [0.674, 0.683])
    _assert(got["val loss"], Split.VAL, Axis.EPOCH, [0, 1], [NAN, 0.614])
    _assert(got["val acc"], Split.VAL, Axis.EPOCH, [0, 1], [0.511, 0.674])


def test_bars_of_one_length_or_before_the_first_finished_stay_training() -> None:
    text = ("Epoch 0:  50%|#| 50/100 [00:30<00:30, loss=0.9]\n"
            "Epoch 0:  50%|#| 20/40 [00:30<00:30, loss=0.8]\n"
            "Epoch 1: 100%|##| 100/100 [00:30<00:00, loss=0.7]\n"
            "Epoch 1: 100%|##| 100/100 [00:30<00:00, loss=0.6]\n")
    assert all(v[0] is Split.TRAIN for v in _series(text).values())
