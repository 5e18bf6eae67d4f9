"""readers19: a split named by a tag or a heading ('[VALID DATA] avg. loss', 'Test:' alone over its values), a counter
that goes back inside its run (a restart from a checkpoint, read in log order), tqdm.keras's bars (running means of the
epoch, written through a logger) and score.py's loss-line count for them.

Fixtures in tests/fixtures/text/readers19/: `tqdm_keras_logger.log` is written by tqdm.keras itself
(scripts/fixtures/gen_tqdm_keras_log.py); the others are verbatim lines of corpus logs, each source below."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from lossdoctor.model import Split
from lossdoctor.readers import read
from lossdoctor.readers import text_patterns as tp
from lossdoctor.readers.text_log import _back_jumps, read_text

ROOT = Path(__file__).resolve().parents[2]
HERE = ROOT / "tests" / "fixtures" / "text" / "readers19"

SOURCES = {
    "unet_ignite_split_tags.log": "the opened corpus log repo-unet-luminous-ultrasound-ce-dice-78ep-earlystop "
    "(trainlog.txt): its epochs 1-3 and its last seven lines (epoch 78, early stopping, the test line)",
    "mindspore_quickstart_test_heading.log": "the dev corpus log nb-mindspore-beginner-train-mnist-3ep: its first 29 "
    "lines (epochs 1 and 2, each 'Test: ' heading over ' Accuracy: a%, Avg loss: l')",
    "sysu_lstm_restart_from_epoch70.log": "the opened corpus log repo-sysu-nlp-lstm-lm-lr1e-3-stalls-then-1e-4 "
    "(train_log.txt, CRLF kept): epochs 1-3, 71-72 and 99-100 of the first pass, then the restart's 71-72 and 101-102",
    "pokemon_tqdm_keras_logger.log": "the opened corpus log repo-pokemon-cnn-150cls-val-loss-rises-from-ep3 "
    "(train_log.txt): the bars' start, epochs 1 and 2's last refreshes, summaries and epoch bar, the next bar's start",
    "tqdm_keras_logger.log": "written by tqdm 4 / Keras 3.15 (scripts/fixtures/gen_tqdm_keras_log.py)",
    "flux_julia_show_tuple.log": "https://github.com/FluxML/Flux.jl/issues/798 (the dev corpus log "
    "gh-flux-798-conv-relu-mse-loss-frozen-0p296, whole)",
}


def _score():
    sys.path.insert(0, str(ROOT / "benchmarks" / "real_runs"))
    try:
        import score
    finally:
        sys.path.pop(0)
    return score


def _one(name: str):
    runs = read(HERE / name)
    assert len(runs) == 1
    return runs[0]


def test_every_fixture_has_its_source() -> None:
    assert set(SOURCES) == {p.name for p in HERE.iterdir()}


def test_bracketed_split_tags_with_a_data_word() -> None:
    """'[TRAIN DATA] avg. loss' and '[VALID DATA] avg. loss' print the same keys: each line's values are its split's
    (before, the validation line overwrote the training one, and the test line overwrote epoch 3's)."""
    run = _one("unet_ignite_split_tags.log")
    train, val, test = run.get("TRAIN avg. loss"), run.get("VALID avg. loss"), run.get("TEST avg. loss")
    assert (train.split, val.split, test.split) == (Split.TRAIN, Split.VAL, Split.TEST)
    assert train.steps.tolist() == [1, 2, 3, 78] and val.steps.tolist() == [1, 2, 3, 78]
    assert train.values.tolist() == [0.77238, 0.69397, 0.72533, 0.12349]
    assert val.values.tolist() == [0.71914, 0.67282, 0.67524, 0.15371]
    assert test.values.tolist() == [0.13389]
    assert run.get("VALID avg. IoU").values[0] == 0.62227


def test_a_split_heading_alone_over_its_values() -> None:
    """MindSpore's quickstart prints 'Test: ' alone, then ' Accuracy: 84.7%, Avg loss: 0.527155': the test set's, not a
    training accuracy and a second training loss."""
    run = _one("mindspore_quickstart_test_heading.log")
    acc, loss = run.get("test Accuracy"), run.get("test Avg loss")
    assert acc.split is Split.TEST and loss.split is Split.TEST
    assert loss.values.tolist() == [0.527155, 0.335083] and acc.values.tolist() == [0.847, 0.905]
    assert len(run.get("loss")) == 20 and run.get("loss").split is Split.TRAIN
    text = "Epoch 1\nloss: 0.77 acc: 0.88\nValidation\nloss: 0.71 acc: 0.90\nEpoch 2\nloss: 0.69 acc: 0.89\n" \
           "Validation\nloss: 0.67 acc: 0.91\n"
    run = read_text(text, "x.log")
    assert run.get("loss").values.tolist() == [0.77, 0.69]  # the next epoch's line ends the validation block
    assert run.get("val loss").values.tolist() == [0.71, 0.67] and run.get("val loss").split is Split.VAL


def test_a_restart_from_a_checkpoint_is_read_in_log_order() -> None:
    """Epochs 1-100, then 71.. again from the epoch-70 checkpoint at a lower learning rate: every record as written,
    the restart numbered on after 100 and named in a warning (before, its 71-100 replaced the first pass's stall)."""
    run = _one("sysu_lstm_restart_from_epoch70.log")
    loss = run.get("loss")
    printed = [6.608444, 5.523848, 4.933521, 1.663662, 1.663236, 1.666456, 1.668270, 1.489327, 1.387030, 1.074198,
               1.070895]
    assert loss.values.tolist() == printed
    assert loss.steps.tolist() == [1, 2, 3, 71, 72, 99, 100, 101, 102, 131, 132]
    assert np.all(np.diff(run.get("test accuracy").steps) > 0)
    assert any("goes back from 100 to 71" in w and "numbered on from 101" in w for w in run.warnings)


def test_a_history_printed_again_unchanged_keeps_one_copy() -> None:
    """A resumed log that prints its history again (the same values at the same epochs) is no restart: one copy."""
    lines = (HERE / "sysu_lstm_restart_from_epoch70.log").read_text(encoding="utf-8").splitlines()
    first = lines[:21]  # epochs 1-3, 71-72, 99-100 of the first pass
    run = read_text("\n".join(first + lines[9:21] + lines[27:]), "x.log")  # 71-100 again as printed, then 101-102
    loss = run.get("loss")
    assert loss.steps.tolist() == [1, 2, 3, 71, 72, 99, 100, 101, 102]
    assert not any("goes back" in w for w in run.warnings)


def test_only_a_restart_that_runs_on_is_renumbered() -> None:
    assert _back_jumps(np.array([1.0, 2, 3, 4, 5, 3, 4, 5, 6, 7])).tolist() == [5]  # back inside, then past 5
    assert _back_jumps(np.array([1.0, 2, 3, 1, 2, 3, 4])).tolist() == []  # back at its start: a new run or phase
    assert _back_jumps(np.array([1.0, 2, 3, 4, 3, 4])).tolist() == []  # back, never past where it was
    per_phase = np.array([20.0, 40, 60, 80, 40, 60, 80, 100, 40, 60, 80, 120, 40, 60, 140])
    assert _back_jumps(per_phase).tolist() == []  # back again and again: a counter of phases, no restart


def test_tqdm_keras_bars_through_a_logger() -> None:
    """tqdm.keras's batch bar shows Keras's running means of the epoch in progress, under whichever 'Epoch N:' line
    came last (the next epoch's bar follows it): where the log prints each epoch's values on lines of their own,
    those are read and the refreshes are not (before: every epoch's value sat one epoch early, the last one twice)."""
    run = _one("tqdm_keras_logger.log")
    assert run.get("loss").steps.tolist() == [1, 2, 3, 4]
    assert run.get("loss").values.tolist() == [2.3546, 2.21, 2.0915, 1.9819]
    assert run.get("val_loss").values.tolist() == [2.3045, 2.2008, 2.1072, 2.0203]
    assert any("tqdm refresh" in w for w in run.warnings)
    run = _one("pokemon_tqdm_keras_logger.log")
    assert run.get("loss").steps.tolist() == [1, 2] and run.get("loss").values.tolist() == [4.8177, 3.7617]
    assert run.get("val_loss").values.tolist() == [4.3607, 3.4104]


def test_a_bar_that_alone_prints_its_loss_keeps_its_refreshes() -> None:
    """A tqdm bar with no counter of its own that is the only place its values are printed keeps them, as before."""
    text = "Epoch 1\n100%|####| 89/89 [00:00<00:00, 1092.33it/s, train_acc=0.612, train_loss=0.662]\n" \
           "Epoch 2\n100%|####| 89/89 [00:00<00:00, 1377.66it/s, train_acc=0.691, train_loss=0.596]\n"
    run = read_text(text, "x.log")
    assert run.get("train_loss").values.tolist() == [0.662, 0.596]
    assert not any("tqdm refresh" in w for w in run.warnings)


def test_score_counts_a_running_tqdm_bar_once_and_a_step_bar_per_refresh() -> None:
    """score.py's under-read check: a tqdm bar whose loss the log prints on lines of its own is that value being
    refreshed (one line a bar); a bar that is the only print of its loss shows a new step's at each refresh."""
    score = _score()
    text = (HERE / "tqdm_keras_logger.log").read_text(encoding="utf-8")
    assert score.loss_line_count(text) == 14  # 8 summary lines, 4 batch bars, the epoch bar, its repeated last refresh
    run = _one("tqdm_keras_logger.log")
    assert sum(len(s) for s in run.series if "loss" in s.key) * 2 >= score.loss_line_count(text)  # not under-read
    assert score.loss_line_count((HERE / "pokemon_tqdm_keras_logger.log").read_text(encoding="utf-8")) == 8
    lightning = (  # verbatim refreshes of the dev corpus log gh-piper-827-scratch-loss-flat-16-8 (PyTorch Lightning)
        "Epoch 476:   0%|          | 0/79 [00:00<?, ?it/s, loss=16.8, v_num=1]\n"
        "Epoch 476:   1%|\u258f         | 1/79 [00:00<01:00,  1.29it/s, loss=16.8, v_num=1]\n"
        "Epoch 476:   3%|\u258e         | 2/79 [00:01<00:43,  1.77it/s, loss=16.9, v_num=1]\n")
    assert score.loss_line_count(lightning) == 3
    era = ("Loss=0.0792 Batch_id=468 Accuracy=87.56: 100%|##########| 469/469 [00:22<00:00, 21.08it/s]\n"
           "Test set: Average loss: 0.0461, Accuracy: 9867/10000 (98.67%)\n") * 2
    assert score.loss_line_count(era) == 4  # a description's loss is no postfix refresh: each line counts


def test_julia_show_of_a_tuple() -> None:
    """Flux's '(i, loss(dataset[1]...)) = (1, 0.29602579662457984 (tracked))': the loop variable counts iterations,
    the call is the loss (refused before: no epoch/step found)."""
    run = _one("flux_julia_show_tuple.log")
    loss = run.get("loss")
    assert len(loss) == 10 and loss.steps.tolist() == list(range(1, 11))
    assert set(loss.values.tolist()) == {0.29602579662457984}
    assert tp.julia_show("(a, b) = (1, 2, 3)") == "(a, b) = (1, 2, 3)"  # names and values that do not pair up
