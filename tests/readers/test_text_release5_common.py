"""Three common printed formats the text reader misread (Release 5 readers, readers8): PyTorch-Ignite's results lines,
Megatron-LM's validation block and the PyTorch CIFAR-10 tutorial's '[epoch, batch]' lines. The verbatim fixtures are
in tests/fixtures/text/formats/ (listed in test_text_formats_collection.py); this file holds what they cannot show:
NaN kept in each layout, the layouts' variants (hand-written lines in the same form) and the look-alikes each
principle must leave alone."""
from __future__ import annotations

import math

import numpy as np
import pytest

from lossdoctor.model import Axis, Kind, Split
from lossdoctor.readers.text_log import parse_text

T, V, X, N = Split.TRAIN, Split.VAL, Split.TEST, Split.NONE
E, S = Axis.EPOCH, Axis.STEP


def _run(text: str):
    return parse_text(text, "x", "x.log")


def _is(run, key: str, split: Split, kind: Kind, axis: Axis, steps: list[float], values: list[float]) -> None:
    s = run.get(key)
    assert s is not None, (key, [x.key for x in run.series])
    assert (s.split, s.kind, s.axis) == (split, kind, axis), key
    np.testing.assert_allclose(s.steps, steps, atol=1e-9, err_msg=key)
    np.testing.assert_allclose(s.values, values, equal_nan=True, err_msg=key)


IGNITE_MNIST = (  # pytorch/ignite examples/mnist/mnist.py: 'Epoch[{}] Iteration[{}/{}] Loss: {:.2f}', then the two
    "Epoch[1] Iteration[10/32] Loss: 3.95\n"  # results lines after each epoch
    "Epoch[1] Iteration[20/32] Loss: nan\n"
    "Training Results - Epoch: 1  Avg accuracy: 0.91 Avg loss: nan\n"
    "Validation Results - Epoch: 1  Avg accuracy: 0.92 Avg loss: 0.28\n"
    "Epoch[2] Iteration[10/32] Loss: nan\n"
    "Training Results - Epoch: 2  Avg accuracy: 0.93 Avg loss: 0.25\n"
    "Validation Results - Epoch: 2  Avg accuracy: 0.94 Avg loss: nan\n"
)


def test_ignite_results_lines_are_the_training_and_the_validation_split() -> None:
    """'Training Results' is the training set evaluated and 'Validation Results' the validation set: the same keys
    ('Avg loss') under two headings are two series (before, the validation line overwrote the training one and was
    read as the training loss). The per-iteration loss keeps its steps (the counter restarts each epoch: cumulative),
    and NaN stays NaN in all three."""
    run = _run(IGNITE_MNIST)
    _is(run, "Loss", T, Kind.LOSS, S, [10, 20, 42], [3.95, math.nan, math.nan])
    _is(run, "Training Avg loss", T, Kind.LOSS, S, [20, 42], [math.nan, 0.25])
    _is(run, "Training Avg accuracy", T, Kind.ACCURACY, S, [20, 42], [0.91, 0.93])
    _is(run, "Validation Avg loss", V, Kind.LOSS, S, [20, 42], [0.28, math.nan])
    _is(run, "Validation Avg accuracy", V, Kind.ACCURACY, S, [20, 42], [0.92, 0.94])
    assert {s.key for s in run.series} == {"Loss", "Training Avg loss", "Training Avg accuracy", "Validation Avg loss",
                                           "Validation Avg accuracy"}


def test_ignite_results_lines_alone_validation_first_are_per_epoch() -> None:
    """The PyTorch-Ignite blog's order (validation first, an F1 column, the training line indented): per epoch."""
    run = _run("Validation Results - Epoch: 1  Avg accuracy: 0.94 Avg loss: 0.20 Avg F1: 0.94\n"
               "  Training Results - Epoch: 1  Avg accuracy: 0.94 Avg loss: 0.21\n"
               "Validation Results - Epoch: 2  Avg accuracy: 0.96 Avg loss: nan Avg F1: 0.96\n"
               "  Training Results - Epoch: 2  Avg accuracy: 0.96 Avg loss: 0.13\n")
    _is(run, "Validation Avg loss", V, Kind.LOSS, E, [1, 2], [0.20, math.nan])
    _is(run, "Validation Avg F1", V, Kind.SCORE, E, [1, 2], [0.94, 0.96])
    _is(run, "Training Avg loss", T, Kind.LOSS, E, [1, 2], [0.21, 0.13])


def test_a_results_heading_is_a_split_and_a_plain_train_line_is_untouched() -> None:
    run = _run("Epoch 1 train loss: 0.5\nTest Results - Epoch: 1 loss: 0.7\n"
               "Epoch 2 train loss: 0.4\nTest Results - Epoch: 2 loss: 0.6\n")
    _is(run, "train loss", T, Kind.LOSS, E, [1, 2], [0.5, 0.4])
    _is(run, "Test loss", X, Kind.LOSS, E, [1, 2], [0.7, 0.6])
    # pytorch/examples' 'Train Epoch: 1 [..]' names no split heading: its loss stays the training loss
    examples = _run("Train Epoch: 1 [0/60000 (0%)]\tLoss: 2.30\nTrain Epoch: 1 [640/60000 (1%)]\tLoss: 1.90\n")
    assert examples.get("Loss").split is T and len(examples.get("Loss")) == 2


MEGATRON = (
    " iteration       10/     100 | consumed samples:          320 | learning rate: 1.000000E-03 | lm loss: "
    "4.500000E+00 | loss scale: 1.0 | grad norm: 1.000 | number of skipped iterations:   0 |\n"
    " iteration       20/     100 | consumed samples:          640 | learning rate: 1.000000E-03 | lm loss: "
    "nan | loss scale: 1.0 | grad norm: nan | number of skipped iterations:   1 |\n"
    "-" * 100 + "\n"
    " validation loss at iteration 20 | lm loss value: nan | lm loss PPL: nan | \n"
    + "-" * 100 + "\n"
    " iteration       30/     100 | consumed samples:          960 | learning rate: 1.000000E-03 | lm loss: "
    "3.900000E+00 | loss scale: 1.0 | grad norm: 0.900 | number of skipped iterations:   0 |\n"
    "-" * 100 + "\n"
    " validation loss at the end of training for val data | lm loss value: 3.800000E+00 | lm loss PPL: "
    "4.470118E+01 | \n"
    " validation loss at iteration 30 on test set | lm loss value: 3.850000E+00 | lm loss PPL: 4.699306E+01 | \n"
    + "-" * 100 + "\n"
)


def test_megatron_validation_block_is_the_validation_loss_at_its_iteration() -> None:
    """' validation loss at iteration N | lm loss value: ..' is the validation at iteration N (before, a second
    training series); 'lm loss PPL' is its perplexity (exp of the loss), not another loss; the end-of-training line
    is a validation too, at the last iteration; '.. on test set |' is the test split. NaN is kept everywhere."""
    run = _run(MEGATRON)
    _is(run, "lm loss", T, Kind.LOSS, S, [10, 20, 30], [4.5, math.nan, 3.9])
    _is(run, "validation lm loss value", V, Kind.LOSS, S, [20, 30], [math.nan, 3.8])
    _is(run, "validation PPL", V, Kind.ERROR, S, [20, 30], [math.nan, 44.70118])
    _is(run, "test lm loss value", X, Kind.LOSS, S, [30], [3.85])
    assert [s.key for s in run.find_all(Kind.LOSS, T)] == ["lm loss"]


def test_a_loss_at_a_counter_is_no_split_heading_without_a_split_word() -> None:
    run = _run("step 10 | loss: 2.0\nstep 20 | loss: 1.9\neval loss at step 20 | loss: 2.1 | acc: 0.5\n")
    _is(run, "loss", T, Kind.LOSS, S, [10, 20], [2.0, 1.9])
    _is(run, "eval loss", V, Kind.LOSS, S, [20], [2.1])
    plain = _run("step 10 | loss at peak: 2.0\nstep 20 | loss at peak: 1.9\n")
    assert all(s.split is not V for s in plain.series)


def test_cifar10_tutorial_epoch_batch_lines_are_one_point_each_within_their_epoch() -> None:
    """'[1,  2000] loss: 2.196' is epoch 1 (the tutorial prints epoch + 1), mini-batch 2000: each line one point,
    at epoch + batch / (the last batch printed + the print interval), increasing; a NaN line is kept, and the
    epoch-level validation the run prints after its batches comes after them (epoch 1's end)."""
    run = _run("[1,    20] loss: 1.354\n[1,    40] loss: nan\n[1,    60] loss: 0.636\n"
               "Epoch 1: val loss: 3.066, val accuracy: 33.6 %\n"
               "[2,    20] loss: 0.535\n[2,    40] loss: 0.501\n[2,    60] loss: 0.499\n"
               "Epoch 2: val loss: 2.900, val accuracy: 35.0 %\n")
    _is(run, "loss", T, Kind.LOSS, E, [1.25, 1.5, 1.75, 2.25, 2.5, 2.75],
        [1.354, math.nan, 0.636, 0.535, 0.501, 0.499])
    _is(run, "val loss", V, Kind.LOSS, E, [2.0, 3.0], [3.066, 2.9])
    _is(run, "val accuracy", V, Kind.ACCURACY, E, [2.0, 3.0], [0.336, 0.35])


@pytest.mark.parametrize("line", ["[1, 2, 3] loss: 0.5", "[0.1,  2000] loss: 0.5", "x [1,  2000] loss: 0.5"])
def test_lists_that_are_not_epoch_batch_pairs_count_nothing(line: str) -> None:
    """A list of three, a fraction or a pair after other text is no '[epoch, batch]' counter: the two lines are
    numbered in print order (1, 2), not placed within an epoch 1 by a batch 2000."""
    run = _run(f"{line}\n{line}\n")
    _is(run, "loss", T, Kind.LOSS, E, [1, 2], [0.5, 0.5])
