"""A run taken up again from an earlier checkpoint into the same TensorBoard directory or CSV file (readers21).

Fixtures written by the real writers (`scripts/fixtures/gen_resumed.py`): torch's SummaryWriter (a second event file,
and the steps going back inside one), a PyTorch loop appending rows with csv.writer, Keras's CSVLogger(append=True)
with initial_epoch below where the first fit stopped, Lightning's CSVLogger kept by a second Trainer resuming from
`ckpt_path`. Before readers21 the points after the jump replaced the ones they overlap (TensorBoard, Lightning, a
table) or started a run of their own (Keras).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import lossdoctor
from lossdoctor.model import Axis
from lossdoctor.readers._resumed import Resume, find_resumes, number_on
from lossdoctor.readers._tfevents import EventCollector

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "resumed"


def _raw(directory: Path, tag: str) -> tuple[list[float], list[float]]:
    """The points of one tag as the event files hold them, in file order (the decoder, no reader rule)."""
    c = EventCollector()
    for f in sorted(directory.iterdir()):
        c.add_file(f)
    for t, steps, values, _ in c.arrays():
        if t == tag:
            return steps.tolist(), values.tolist()
    raise AssertionError(tag)


@pytest.mark.parametrize("name", ["tb_two_files", "tb_one_file"])
def test_tensorboard_resume_is_read_in_log_order(name: str) -> None:
    [run] = lossdoctor.read(FIX / name)
    steps, values = _raw(FIX / name, "train/loss")
    assert steps == list(range(30)) + list(range(20, 50))  # the writer went back from 29 to 20
    loss = run.get("train/loss")
    assert loss is not None and loss.steps.tolist() == list(range(60))  # numbered on: 20..49 read as 30..59
    assert loss.values.tolist() == pytest.approx(values)  # every value, in the order it was logged
    val = run.get("val/loss")  # logged every 10 steps; it moves with the training loss it was logged beside
    assert val is not None and val.steps.tolist() == [9, 19, 29, 39, 49, 59]
    [note] = [w for w in run.warnings if "goes back" in w]
    second = sorted(p.name for p in (FIX / name).iterdir())[-1]  # the file the resumed points are in
    assert note.startswith(f"{second}: the step numbering goes back from 29 to 20 (train/loss)")
    assert "numbered on from 30" in note
    assert not any("replace" in w for w in run.warnings)
    [one] = lossdoctor.read(FIX / name / second)  # one event file read alone: the run's source names it
    went_back = any(w.startswith("the step numbering goes back from 29 to 20") for w in one.warnings)
    assert went_back == (name == "tb_one_file")  # the second of two files alone holds steps 20-49 only


def test_keras_csvlogger_append_resume_continues_its_run() -> None:
    [run] = lossdoctor.read(FIX / "keras_append.csv")  # before: two runs, #2 holding epochs 5-11 only
    loss = run.get("loss")
    assert loss is not None and loss.axis is Axis.EPOCH and loss.steps.tolist() == list(range(15))
    rows = (FIX / "keras_append.csv").read_text().splitlines()[1:]
    assert loss.values.tolist() == pytest.approx([float(r.split(",")[2]) for r in rows])  # log order
    assert any(w.startswith("the epoch numbering goes back from 7 to 5 (loss)") and
               "numbered on from 8" in w for w in run.warnings)


def test_a_csv_a_loop_appends_to_is_read_in_log_order() -> None:
    [run] = lossdoctor.read(FIX / "csv_loop_append.csv")  # before: steps 20-29 of the first session replaced
    assert run.format == "table"
    loss, val = run.get("loss"), run.get("val_loss")
    assert loss is not None and loss.steps.tolist() == list(range(60))
    rows = [r.split(",") for r in (FIX / "csv_loop_append.csv").read_text().splitlines()[1:]]
    assert loss.values.tolist() == pytest.approx([float(r[1]) for r in rows])
    assert val is not None and val.steps.tolist() == [9, 19, 29, 39, 49, 59]
    assert any(w.startswith("the step numbering goes back from 29 to 20 (loss)")  # the source names the file
               for w in run.warnings)


def test_lightning_trainer_resumed_into_the_same_logger() -> None:
    [run] = lossdoctor.read(FIX / "lightning" / "lightning_logs" / "version_0")
    step = run.get("train_loss_step")
    assert step is not None and step.axis is Axis.STEP
    assert (np.diff(step.steps) > 0).all() and len(step) == 26  # 13 logged before the jump, 13 after: all kept
    assert step.steps.tolist()[12:14] == [38, 41]  # back from 38 to 26: numbered on at the logging interval, 3
    for key in ("val_loss", "train_loss_epoch"):  # 5 epochs, then epochs 3-7 again: 10 epoch points
        s = run.get(key)
        assert s is not None and s.axis is Axis.EPOCH and s.steps.tolist() == list(range(10))
    assert any(w.startswith("metrics.csv: the step numbering goes back from 38 to 26") for w in run.warnings)


def test_a_restart_at_the_start_or_a_history_logged_again_is_no_resume() -> None:
    pos = np.arange(8.0)
    again = np.array([0.0, 1, 2, 3, 2, 3, 4, 5])  # back inside the run, on past 3: a resume if the values differ
    values = np.array([5.0, 4, 3, 2, 3, 2, 1.5, 1])
    assert find_resumes({"loss": (again, values, pos)})[1] == []  # logged again unchanged at 2 and 3
    resumed = values.copy()
    resumed[4] = 2.5
    key, [r] = find_resumes({"loss": (again, resumed, pos)})
    assert key == "loss" and r == Resume(at=4.0, top=3.0, back=2.0, spacing=1.0)
    assert number_on(again, pos, [r]).tolist() == list(range(8))
    rerun = np.array([0.0, 1, 2, 3, 0, 1, 2, 3])  # back at its start: a new run, not a resume
    assert find_resumes({"loss": (rerun, values, pos)})[1] == []
    assert find_resumes({"lr": (again, resumed, pos)})[1] == []  # a learning rate shows no resume


def test_followed_logdir_names_the_resumed_file_too() -> None:
    from lossdoctor.follow.tensorboard import TensorBoardFollower

    follower = TensorBoardFollower(FIX / "tb_two_files")
    follower.poll()
    [run] = follower.runs()
    read = lossdoctor.read(FIX / "tb_two_files")[0]
    assert [w for w in run.warnings if "goes back" in w] == [w for w in read.warnings if "goes back" in w]


def test_tensorboard_rerun_from_step_0_reads_the_latest_run_and_names_the_file_set_aside() -> None:
    """readers22: the script run twice into one folder, each from step 0 (a SummaryWriter each, no purge_step): not
    a resume. The latest run is read (TensorBoard's own view); the warning names the earlier file and its steps."""
    files = sorted(p.name for p in (FIX / "tb_rerun").iterdir())
    [run] = lossdoctor.read(FIX / "tb_rerun")
    steps, values = _raw(FIX / "tb_rerun", "train/loss")
    loss = next(s for s in run.series if s.key == "train/loss")
    assert loss.steps.tolist() == list(range(40))
    assert loss.values.tolist() == pytest.approx(values[30:])  # the second writer's 40 points, none of the first's
    assert steps[:30] == list(range(30))
    val = next(s for s in run.series if s.key == "val/loss")
    assert val.steps.tolist() == [9, 19, 29, 39]
    [note] = [w for w in run.warnings if "earlier run" in w]
    assert note.startswith(f"{files[0]}: ") and "steps 0-29 of train/loss" in note and files[1] in note
    assert not any("went backwards" in w for w in run.warnings)  # no longer read as a resume's overlap
