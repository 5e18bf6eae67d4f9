"""Text-reader gaps found on the real-run corpus, each checked on a verbatim excerpt of the log that showed it."""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from lossdoctor.model import Axis, Kind, Split
from lossdoctor.readers.text_log import read_text

TEXT = Path(__file__).resolve().parents[1] / "fixtures" / "text"


def _read(name: str):
    return read_text((TEXT / name).read_text(encoding="utf-8"), name)


def test_distiller_validation_block_is_validation() -> None:
    """ai8x (Distiller): the values under '--- validate (epoch=N) ---' are the validation metrics at the end of epoch
    N, the '==> mAP: .. Loss: ..' summary wins over the batch lines, '==> Best [..]' is no point at all, and the next
    epoch's lines close the block even where the excerpt lacks the 'Training epoch' line."""
    run = _read("distiller_ai8x_svhn_excerpt.log")
    val = run.get("val Loss")
    assert (val.split, val.kind, val.axis) == (Split.VAL, Kind.LOSS, Axis.EPOCH)
    assert val.steps.tolist() == [1, 2, 100]  # training lines count fractions of an epoch: validation is at its end
    assert val.values.tolist() == [7.649, 6.145, 5.047]
    assert run.get("val mAP").values.tolist() == [0.70455, 0.66667, 0.76894]
    train = run.get("Overall Loss")
    assert train.split is Split.TRAIN and len(train) == 26  # 9 + 9 + 8 training lines, none from validation
    assert train.values[0] == 10.771582 and train.values[-1] == 4.965477
    assert 7.648984 not in val.values  # the 'Best [.. vloss ..]' line
    test = [s for s in run.series if s.split is Split.TEST and s.kind is Kind.LOSS]
    assert [(s.key, s.values.tolist()) for s in test] == [("Test Loss", [5.047])]


def test_mmcls_config_list_is_no_step_counter_and_epoch_val_is_validation() -> None:
    """mmcls prints its config first: 'step=[20, 30, 35, 40, 45])' is the LR schedule, not a step counter that
    would put every later point at step 20; 'Epoch(val) [1][12] acc: 39.4167' is a validation accuracy."""
    run = _read("mmcls_config_step_list_fscil.log")
    loss = run.get("loss")
    assert loss.axis is Axis.EPOCH and len(loss) == 7
    np.testing.assert_allclose(loss.steps[:3], [1 + 10 / 586, 1 + 20 / 586, 1 + 30 / 586])
    assert loss.values.tolist() == [4.3471, 4.0761, 3.9527, 2.1902, 2.1461, 2.1638, 2.1317]
    acc = run.get("val acc")
    assert (acc.split, acc.kind, acc.steps.tolist()) == (Split.VAL, Kind.ACCURACY, [2.0])  # the end of epoch 1
    np.testing.assert_allclose(acc.values, [0.394167])
    top1 = run.get("top-1")
    assert top1.kind is Kind.ACCURACY
    np.testing.assert_allclose(top1.values[:2], [0.032227, 0.059570])


def test_loss_scaler_lines_are_not_a_loss_and_ppl_gives_a_derived_loss() -> None:
    """DeepSpeed's '[loss_scaler.py:181:update_scale] ... Attempted loss scale: 65536' is a source location and a
    loss scale; the only quality number is the evaluation perplexity, whose log is the cross-entropy."""
    run = _read("deepspeed_chat_ppl_loss_scaler.log")
    # '***** Evaluating perplexity, Epoch 0/16 *****' announces the evaluation pass that prints 'ppl:'
    assert [s.key for s in run.series if s.kind is Kind.LOSS] == ["loss = ln(eval ppl)"]
    ppl = run.get("eval ppl")
    assert ppl.kind is Kind.ERROR and ppl.split is Split.VAL
    assert ppl.values.tolist() == [4998.29638671875, 2.0179834365844727]
    derived = run.get("loss = ln(eval ppl)")
    assert derived.split is Split.VAL
    np.testing.assert_allclose(derived.values, [math.log(4998.29638671875), math.log(2.0179834365844727)])
    assert any("derived from the perplexity 'eval ppl'" in w for w in run.warnings)


def test_perplexity_only_log_reads_with_derived_loss_on_steps() -> None:
    """tensorflow/nmt prints 'global step 100 lr 1 ... ppl 2424133542.95 bleu 0.00' and no loss."""
    run = _read("tf_nmt_ppl_only_issue164.log")
    ppl, loss = run.get("ppl"), run.get("loss = ln(ppl)")
    assert ppl.axis is Axis.STEP and ppl.steps.tolist() == list(range(100, 1001, 100))
    assert ppl.values[0] == 2424133542.95 and ppl.values[-1] == 122399524210719520.00
    assert (loss.split, loss.kind, loss.axis) == (Split.TRAIN, Kind.LOSS, Axis.STEP)
    np.testing.assert_allclose(loss.values, np.log(ppl.values))


def test_no_loss_is_derived_when_the_log_prints_one() -> None:
    run = read_text("step 1 loss 2.0 ppl 7.39\nstep 2 loss 1.0 ppl 2.72\n", "<stdin>")
    assert [s.key for s in run.series if s.kind is Kind.LOSS] == ["loss"]


def test_a_column_below_one_is_no_perplexity() -> None:
    run = read_text("step 1 acc 0.5 ppl 0.3\nstep 2 acc 0.6 ppl 0.2\n", "<stdin>")
    assert not run.find_all(Kind.LOSS)


def test_a_progress_bar_of_one_epoch_is_read_per_batch() -> None:
    """Lightning issue 20344 pastes 14 bar updates of epoch 0 (two per batch, batches 100-106 of 704), every one
    'train_loss=4.600': the last value per epoch would be one point; each batch is kept instead."""
    run = _read("lightning_bar_one_epoch_issue20344.log")
    loss = run.get("train_loss")
    assert (loss.split, loss.kind, loss.axis) == (Split.TRAIN, Kind.LOSS, Axis.EPOCH)
    np.testing.assert_allclose(loss.steps, [n / 704 for n in range(100, 107)])
    assert loss.values.tolist() == [4.6] * 7
    assert [s.key for s in run.series] == ["train_loss"]  # v_num, it/s and the bar's counts are no metrics


def test_bars_of_several_epochs_keep_one_value_per_epoch() -> None:
    text = ("Epoch 0:  50%|█████     | 1/2 [00:01<00:01, 1.0it/s, v_num=0, train_loss=0.9]\r"
            "Epoch 0: 100%|██████████| 2/2 [00:02<00:00, 1.0it/s, v_num=0, train_loss=0.8, val_loss=0.85]\r"
            "Epoch 1:  50%|█████     | 1/2 [00:01<00:01, 1.0it/s, v_num=0, train_loss=0.7, val_loss=0.85]\r"
            "Epoch 1: 100%|██████████| 2/2 [00:02<00:00, 1.0it/s, v_num=0, train_loss=0.6, val_loss=0.65]\n")
    run = read_text(text, "<stdin>")
    assert run.get("train_loss").steps.tolist() == [0, 1] and run.get("train_loss").values.tolist() == [0.8, 0.6]
    assert run.get("val_loss").values.tolist() == [0.85, 0.65]


def test_validation_on_a_one_epoch_bar_stays_one_point() -> None:
    text = ("Epoch 3:  10%|█         | 5/50 [00:01<00:09, 5.0it/s, loss=0.31, v_num=0, val_loss=0.40]\r"
            "Epoch 3:  12%|█▏        | 6/50 [00:01<00:09, 5.0it/s, loss=0.30, v_num=0, val_loss=0.40]\n")
    run = read_text(text, "<stdin>")
    np.testing.assert_allclose(run.get("loss").steps, [3 + 5 / 50, 3 + 6 / 50])
    assert run.get("val_loss").steps.tolist() == [3] and run.get("val_loss").values.tolist() == [0.40]


PUBLIC = TEXT.parent / "public_runs"


def test_matlab_struct_arrays_one_value_per_epoch() -> None:
    """vlfeat/matconvnet#207: 'info.train =' then 'objective: [1.5653 ... 0.5562' wrapped onto a second line."""
    run = read_text((PUBLIC / "matlab_struct_arrays_cnn_cifar_207.log").read_text(encoding="utf-8"), "207")
    train, val = run.get("train objective"), run.get("val objective")
    assert (train.split, train.kind, val.split, val.kind) == (Split.TRAIN, Kind.LOSS, Split.VAL, Kind.LOSS)
    assert train.steps.tolist() == list(range(1, 21)) and val.steps.tolist() == list(range(1, 21))
    assert train.values[[0, 11, 12, 19]].tolist() == [1.5653, 0.5562, 0.4191, 0.3432]
    assert val.values[[0, 19]].tolist() == [1.2612, 0.7291]
    err = run.get("train error")
    assert err.kind is Kind.ERROR_RATE and err.values[[0, 19]].tolist() == [0.5659, 0.1129]


def test_printed_history_list_and_a_cut_off_array() -> None:
    run = read_text("loss: [0.6931, 0.52, 0.41]\nval_loss: [0.70, 0.60,\n 0.55\nEpoch", "<stdin>")
    assert run.get("loss").values.tolist() == [0.6931, 0.52, 0.41]
    assert run.get("val_loss").steps.tolist() == [1, 2, 3]
    assert run.get("val_loss").values.tolist() == [0.70, 0.60, 0.55]


def test_a_loss_named_by_its_error_function_is_a_loss() -> None:
    """zero-to-mastery's regression notebook prints 'MAE Train Loss: 0.31 | MAE Test Loss: 0.48'."""
    run = read_text("Epoch: 0 | MAE Train Loss: 0.31288 | MAE Test Loss: 0.48106\n"
                    "Epoch: 10 | MAE Train Loss: 0.1977 | MAE Test Loss: 0.3464\n", "<stdin>")
    train, test = run.get("MAE Train Loss"), run.get("MAE Test Loss")
    assert (train.split, train.kind, test.split, test.kind) == (Split.TRAIN, Kind.LOSS, Split.TEST, Kind.LOSS)
    assert train.steps.tolist() == [0, 10] and train.values.tolist() == [0.31288, 0.1977]
