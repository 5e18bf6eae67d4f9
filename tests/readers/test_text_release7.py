"""Release 7 reader formats (their verbatim fixtures are in test_text_formats_collection.py): each principle with NaN
kept, its layout variants, and look-alikes it must leave alone."""
from __future__ import annotations

import math


from lossdoctor.model import Axis, Split
from lossdoctor.readers.text_patterns import postfix_colon, py2_tuple

from _text_series import assert_series as _assert
from _text_series import series_of as _series

NAN = math.nan


# --- a tqdm postfix key that carries its own colon ---

def test_postfix_key_with_its_own_colon_nan_kept() -> None:
    text = ("100%|##| 625/625 [03:20<00:00,  3.12it/s, epoch=1, loss: =6.78, LR=0.0001]\n"
            "100%|##| 625/625 [03:20<00:00,  3.12it/s, epoch=2, loss: =nan, LR=0.0001]\n"
            "100%|##| 625/625 [03:20<00:00,  3.12it/s, epoch=3, loss :=5.50, LR=0.0001]\n")
    _assert(_series(text)["loss"], Split.TRAIN, Axis.EPOCH, [1, 2, 3], [6.78, NAN, 5.5])


def test_postfix_colon_leaves_other_text_alone() -> None:
    assert postfix_colon("loss: 0.5, acc: 0.9") == "loss: 0.5, acc: 0.9"
    assert postfix_colon("a == b: =") == "a == b="  # a word's colon before '=' only
    assert postfix_colon("x: ==3") == "x: ==3"


# --- a loss named 'total' alone, read only when the log names no metric ---

def test_total_alone_is_the_loss_when_nothing_else_is_named_nan_kept() -> None:
    text = ("[Epoch 0/2] [batch 0/10] [lr 0.1] [total 0.30] [joint 0.01] [sobel 0.2]\n"
            "[Epoch 0/2] [batch 5/10] [lr 0.1] [total nan] [joint nan] [sobel 0.2]\n"
            "[Epoch 1/2] [batch 0/10] [lr 0.1] [total: 0.20] [joint 0.01] [sobel 0.1]\n")
    got = _series(text)
    assert list(got) == ["total loss"]
    _assert(got["total loss"], Split.TRAIN, Axis.EPOCH, [0.0, 0.5, 1.0], [0.30, NAN, 0.20])


def test_total_beside_a_named_metric_is_no_loss() -> None:
    """'correct 9382 total 10000' beside an accuracy is a count; beside a loss, 'total' is not read either."""
    got = _series("epoch 1 acc: 0.93 correct 9300 total 10000\nepoch 2 acc: 0.95 correct 9500 total 10000\n")
    assert list(got) == ["acc"]
    got = _series("epoch 1 loss: 0.5 total 3.0\nepoch 2 loss: 0.4 total 2.0\n")
    assert list(got) == ["loss"]


# --- Caffe: loss-marked outputs, layer indices, test outputs before the first iteration ---

def test_caffe_loss_marked_output_nan_kept_and_unmarked_kept_as_is() -> None:
    text = ("I0806 15:36:56.9 1 solver.cpp:409]     Test net output #0: accuracy = 0.5\n"
            "I0806 15:36:56.9 1 solver.cpp:409]     Test net output #1: mbox = 3.2 (* 1 = 3.2 loss)\n"
            "I0806 15:36:56.9 1 solver.cpp:231] Iteration 0, loss = 3.3\n"
            "I0806 15:36:56.9 1 solver.cpp:249]     Train net output #0: mbox = 3.3 (* 1 = 3.3 loss)\n"
            "I0806 15:37:10.3 1 solver.cpp:330] Iteration 100, Testing net (#0)\n"
            "I0806 15:37:10.3 1 solver.cpp:409]     Test net output #0: accuracy = 0.6\n"
            "I0806 15:37:10.3 1 solver.cpp:409]     Test net output #1: mbox = nan (* 1 = nan loss)\n"
            "I0806 15:37:10.3 1 solver.cpp:231] Iteration 100, loss = nan\n"
            "I0806 15:37:10.3 1 solver.cpp:249]     Train net output #0: mbox = nan (* 1 = nan loss)\n")
    got = _series(text)
    _assert(got["val_accuracy"], Split.VAL, Axis.STEP, [0, 100], [0.5, 0.6])
    _assert(got["val_mbox_loss"], Split.VAL, Axis.STEP, [0, 100], [3.2, NAN])
    _assert(got["loss"], Split.TRAIN, Axis.STEP, [0, 100], [3.3, NAN])
    _assert(got["train_net/mbox_loss"], Split.TRAIN, Axis.STEP, [0, 100], [3.3, NAN])
    assert set(got) == {"val_accuracy", "val_mbox_loss", "loss", "train_net/mbox_loss"}


def test_caffe_layer_index_only_splits_known_names() -> None:
    text = ("Iteration 0, Testing net (#0)\n"
            "    Test net output #0: Accuracy1 = 0.25\n"
            "    Test net output #1: conv5 = 7\n"
            "Iteration 0, loss = 2.3\n")
    got = _series(text)
    assert set(got) == {"val_Accuracy_1", "loss"}  # 'conv5' is no metric: left out
    _assert(got["val_Accuracy_1"], Split.VAL, Axis.STEP, [0], [0.25])


# --- a final value after 'finished training' ---

def test_final_value_goes_one_interval_after_the_last_print_nan_kept() -> None:
    text = "step 0 loss 5.0\nstep 500 loss 2.0\nstep 1000 loss 1.0\nTraining finished. loss: nan\n"
    _assert(_series(text)["loss"], Split.TRAIN, Axis.STEP, [0, 500, 1000, 1500], [5.0, 2.0, 1.0, NAN])


def test_final_value_equal_to_the_last_print_adds_no_point() -> None:
    text = "epoch 1 loss 0.9\nepoch 2 loss 0.7\nDone training, loss = 0.7\n"
    _assert(_series(text)["loss"], Split.TRAIN, Axis.EPOCH, [1, 2], [0.9, 0.7])


# --- Python 2 tuple prints ---

def test_py2_tuples_nan_kept_and_quoted_words() -> None:
    _assert(_series("(0, 'loss:', 2.30)\n(1, 'loss:', nan)\n(2, 'loss:', 1.10)\n")["loss"], Split.TRAIN,
            Axis.EPOCH, [0, 1, 2], [2.30, NAN, 1.10])


def test_py2_tuple_leaves_other_parentheses_alone() -> None:
    assert py2_tuple("(see below, 3 runs)") == "(see below, 3 runs)"
    assert py2_tuple("('a', 'b')") == "('a', 'b')"  # no number
    assert py2_tuple("(3)") == "(3)"
    assert py2_tuple("(12, 0.5)") == "12 0.5"
    assert py2_tuple("(60000, 28, 28)") == "(60000, 28, 28)"  # a shape
    assert py2_tuple("(3, nan)") == "3 nan"


# --- a split word before a dash names that split's values ---

def test_split_word_before_a_dash_nan_kept() -> None:
    text = ("[Epoch 1] Train - Loss: 0.70, Acc: 0.51\n[Epoch 1] Test - Loss: 0.65, Acc: 0.62\n"
            "epoch 2 validation - loss: nan\n")
    got = _series(text)
    assert got["Test Loss"][0] is Split.TEST and got["Test Acc"][0] is Split.TEST
    assert got["Train Loss"][0] is Split.TRAIN
    assert math.isnan(got["validation loss"][3][-1]) and got["validation loss"][0] is Split.VAL


def test_a_dash_without_a_split_word_names_nothing() -> None:
    got = _series("epoch 1 - loss: 0.5\nepoch 2 - loss: 0.4\n")
    _assert(got["loss"], Split.TRAIN, Axis.EPOCH, [1, 2], [0.5, 0.4])


# --- an excerpt that starts mid-run: a value only the last epoch before the first header printed ---

def test_value_printed_only_before_the_first_header_joins_its_epoch_nan_kept() -> None:
    text = ("100/100 [====] - 5s 50ms/step - loss: 0.9 - acc: 0.6 - val_loss: nan - val_acc: 0.5\n"
            "Epoch 3/5\n"
            "100/100 [====] - 5s 50ms/step - loss: 0.8 - acc: 0.7\n")
    got = _series(text)
    _assert(got["loss"], Split.TRAIN, Axis.EPOCH, [2, 3], [0.9, 0.8])
    _assert(got["val_loss"], Split.VAL, Axis.EPOCH, [2], [NAN])
    _assert(got["val_acc"], Split.VAL, Axis.EPOCH, [2], [0.5])


def test_a_setting_printed_before_training_stays_out() -> None:
    text = "lr: 0.01\nEpoch 2/3\n10/10 [====] - 1s - loss: 0.8\nEpoch 3/3\n10/10 [====] - 1s - loss: 0.7\n"
    got = _series(text)
    assert set(got) == {"loss"}


# --- a metric printed as the call that computes it (Flux.jl '@show loss(x, y)') ---

def test_shown_calls_nan_kept() -> None:
    text = "loss(x, y) = param(0.09)\naccuracy(m, x, y) = 0.1\nloss(x, y) = param(NaN)\naccuracy(m, x, y) = 0.1\n"
    got = _series(text)
    _assert(got["loss"], Split.TRAIN, Axis.EPOCH, [1, 2], [0.09, NAN])
    _assert(got["accuracy"], Split.TRAIN, Axis.EPOCH, [1, 2], [0.1, 0.1])


def test_a_call_with_a_sum_or_an_assignment_in_code_is_left_alone() -> None:
    from lossdoctor.readers.text_patterns import call_shown
    assert call_shown("loss = criterion(out, y) = 3") == "loss = criterion(out, y) = 3"
    assert call_shown("print(x) = f(3, 4)") == "print(x) = f(3, 4)"
    assert call_shown("acc(m, x) = 0.5") == "acc = 0.5"
