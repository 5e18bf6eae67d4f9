"""readers17: several runs written one after another into one text log (a counter back at its run's first value)."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from lossdoctor.readers import read
from lossdoctor.readers.text_log import TextLogReader, read_text_runs

# a script run three times into the same log, as modded-nanogpt's optimizer benchmarks append their repeats
REPEATS = """Running PyTorch 2.4.0 on 8 GPUs
step:0/500 val_loss:10.8258 train_time:0ms
step:125/500 val_loss:4.8501 train_time:30544ms
step:250/500 val_loss:4.2382 train_time:57826ms
step:375/500 val_loss:3.9965 train_time:85252ms
step:500/500 val_loss:3.8817 train_time:112770ms
Running PyTorch 2.4.0 on 8 GPUs
step:0/500 val_loss:10.8258 train_time:0ms
step:125/500 val_loss:4.8669 train_time:26510ms
step:250/500 val_loss:4.2461 train_time:53735ms
step:375/500 val_loss:4.0100 train_time:81158ms
step:500/500 val_loss:3.8825 train_time:108640ms
Running PyTorch 2.4.0 on 8 GPUs
step:0/500 val_loss:10.8258 train_time:0ms
step:125/500 val_loss:4.8502 train_time:30011ms
step:250/500 val_loss:4.2390 train_time:57001ms
"""

# a paddle-style script restarted from its saved weights: 'Epoch: 0' again, each a run of its own
EPOCHS_AGAIN = """2021-08-21 01:27:55,170 | MNIST: Train | Training...
2021-08-21 01:28:04,669 | MNIST: Epoch: 0 | Train Loss: 88857.0547 | Train Acc: 0.8854 | Val Loss: 9468.2597 | Val Acc: 0.9436
2021-08-21 01:28:14,394 | MNIST: Epoch: 1 | Train Loss: 37876.6523 | Train Acc: 0.9564 | Val Loss: 9463.0879 | Val Acc: 0.9410
2021-08-21 01:28:23,585 | MNIST: Epoch: 2 | Train Loss: 37894.5938 | Train Acc: 0.9563 | Val Loss: 9627.0016 | Val Acc: 0.9415
2021-08-21 01:31:27,332 | MNIST: Prep | Model weight loaded!
2021-08-21 01:31:27,332 | MNIST: Train | Training...
2021-08-21 01:31:36,755 | MNIST: Epoch: 0 | Train Loss: 36066.3164 | Train Acc: 0.9691 | Val Loss: 6568.1742 | Val Acc: 0.9614
2021-08-21 01:31:46,938 | MNIST: Epoch: 1 | Train Loss: 31852.4766 | Train Acc: 0.9791 | Val Loss: 6623.9372 | Val Acc: 0.9610
"""

# one run: a per-epoch step counter back at 0 under the next epoch, a validation pass counting its own steps, and a
# resume from a checkpoint (the counter back inside the run, not at its start)
ONE_RUN = """Epoch 1 step 0 loss 2.30
Epoch 1 step 100 loss 1.90
Epoch 1 val step 0 loss 1.95
Epoch 2 step 0 loss 1.70
Epoch 2 step 100 loss 1.50
Epoch 3 step 0 loss 1.40
Epoch 2 step 0 loss 1.45
Epoch 3 step 0 loss 1.35
"""


def test_repeated_script_runs_are_separate_runs(tmp_path: Path) -> None:
    p = tmp_path / "record.txt"
    p.write_text(REPEATS)
    runs = read(p)
    assert [r.name for r in runs] == ["record #1", "record #2", "record #3"]
    assert [list(r.get("val_loss").steps) for r in runs] == [[0, 125, 250, 375, 500]] * 2 + [[0, 125, 250]]
    assert [r.get("val_loss").values[-1] for r in runs] == [3.8817, 3.8825, 4.2390]
    assert all("3 runs written one after another" in r.warnings[0] for r in runs)


def test_epoch_zero_again_starts_a_run(tmp_path: Path) -> None:
    p = tmp_path / "MNIST_bbb.log"
    p.write_text(EPOCHS_AGAIN)
    runs = TextLogReader().read(p)
    assert len(runs) == 2
    assert list(runs[0].get("Train Loss").values) == [88857.0547, 37876.6523, 37894.5938]
    assert list(runs[1].get("Val Acc").steps) == [0, 1]


def test_stdin_text_splits_too() -> None:
    assert len(read_text_runs(REPEATS, "<stdin>")) == 3


def test_restarts_inside_one_run_stay_one_run(tmp_path: Path) -> None:
    p = tmp_path / "train.log"
    p.write_text(ONE_RUN)
    runs = read(p)
    assert len(runs) == 1 and "#" not in runs[0].name and len(runs[0].get("loss")) >= 5


def test_a_setting_before_training_is_no_run() -> None:
    text = "epoch 5 lr 0.1\nepoch 0 loss 2.3\nepoch 1 loss 2.1\nepoch 2 loss 1.9\n"
    assert len(read_text_runs(text, "x")) == 1


# a loop that counts its batches from 0 each epoch and prints no epoch: the loss goes on from where it was
NEXT_EPOCH_NO_HEADER = """Iteration 0, loss = 2.3036
Iteration 100, loss = 1.9982
Iteration 200, loss = 1.8504
Iteration 300, loss = 1.6066
Iteration 0, loss = 1.6995
Iteration 100, loss = 1.6553
Iteration 200, loss = 1.5031
"""

# a run NaN from its first iteration, started again (Deeplearning4j's ScoreIterationListener; the paste starts mid-run)
NAN_AGAIN = """09:54:37.023 [main] INFO  o.d.o.l.ScoreIterationListener - Score at iteration 60 is NaN
09:54:43.917 [main] INFO  o.d.o.l.ScoreIterationListener - Score at iteration 80 is NaN
09:54:50.709 [main] INFO  o.d.o.l.ScoreIterationListener - Score at iteration 0 is NaN
09:54:57.389 [main] INFO  o.d.o.l.ScoreIterationListener - Score at iteration 20 is NaN
09:55:04.316 [main] INFO  o.d.o.l.ScoreIterationListener - Score at iteration 40 is NaN
"""


def test_a_step_counter_from_0_again_whose_loss_goes_on_is_the_same_run() -> None:
    runs = read_text_runs(NEXT_EPOCH_NO_HEADER, "x")
    assert len(runs) == 1


def test_a_run_nan_from_its_start_started_again() -> None:
    runs = read_text_runs(NAN_AGAIN, "x")
    assert [list(r.get("loss").steps) for r in runs] == [[60, 80], [0, 20, 40]]


def test_a_utf16_file_is_read_again_from_its_start(tmp_path: Path) -> None:
    p = tmp_path / "record.log"
    p.write_text(REPEATS.replace("\n", "\r\n"), encoding="utf-16")
    runs = read(p)
    assert len(runs) == 3 and list(runs[2].get("val_loss").values) == [10.8258, 4.8502, 4.2390]


def test_the_dl4j_fixture_holds_three_runs() -> None:
    """The verbatim dl4j paste (tests/fixtures/text/formats): iterations 60-80 of a run, a run 0-80, a run begun."""
    runs = read(Path(__file__).parents[1] / "fixtures/text/formats/dl4j_score_iteration_listener_nan.log")
    assert [list(r.get("loss").steps) for r in runs] == [[60, 80], [0, 20, 40, 60, 80], [0]]
    assert all(np.isnan(r.get("loss").values).all() for r in runs)
