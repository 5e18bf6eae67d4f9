"""Rule release 11, silence on short mid-run excerpts: a few moving points from the middle of a run (or a fraction of
one epoch there) whose loss did not fall look the same whether the run converged or never learned. They get a
low-confidence note that says so and what would settle it - never a warning, never silence. A stretch that falls, or
one whose accuracy shows learning, still gets nothing. Real log from the opened corpus (tests/fixtures/opened_runs/
SOURCES.md), with synthetic stretches beside it."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from lossdoctor.config import Options
from lossdoctor.engine import diagnose_run
from lossdoctor.findings import Severity
from lossdoctor.readers import read

from _shapes import found, run_of

OPENED = Path(__file__).parents[1] / "fixtures" / "opened_runs"


def test_five_flat_caffe_iterations_at_208k_get_a_low_confidence_note_not_silence() -> None:
    """BVLC caffe #2731: 'loss doesn't decrease' at iteration 208,720-208,800 (3.28, 3.25, 3.28, 3.26, 3.52). Five
    batch losses cannot tell a converged tail from a run that never learned; the note says where the log begins and
    that its first iterations would settle it."""
    run = read(OPENED / "gh-caffe-2731-loss-flat-acc-0247.log")[0]
    f = found(run, "loss_not_decreasing")
    assert f is not None and f.severity is Severity.INFO
    assert f.confidence is not None and f.confidence <= 0.5
    assert "middle of the run" in f.message.en and "208720" in f.message.en
    assert not [g for g in diagnose_run(run, Options()).findings if g.severity >= Severity.WARNING]


def test_a_few_mid_run_points_that_fall_or_learn_get_nothing() -> None:
    steps = np.arange(208720.0, 208820.0, 20.0)
    flat = [3.276, 3.251, 3.275, 3.263, 3.280]
    f = found(run_of(axis="step", steps=steps, loss=flat), "loss_not_decreasing")
    assert f is not None and f.severity is Severity.INFO
    falling = [3.3, 3.0, 2.7, 2.4, 2.1]
    assert found(run_of(axis="step", steps=steps, loss=falling), "loss_not_decreasing") is None
    learned = found(run_of(axis="step", steps=steps, loss=flat, accuracy=[0.97, 0.98, 0.97, 0.98, 0.98]),
                    "loss_not_decreasing")
    assert learned is None


def test_the_same_flat_points_from_the_start_still_warn() -> None:
    """From step 0 the same five values are a loss that never fell from its start: a warning with a low confidence
    (unchanged), not the mid-run note."""
    flat = [3.276, 3.251, 3.275, 3.263, 3.280]
    f = found(run_of(axis="step", steps=np.arange(0.0, 100.0, 20.0), loss=flat), "loss_not_decreasing")
    assert f is not None and f.severity >= Severity.WARNING


# ---- a loss equal to (1 - accuracy) x the clipped log(0) on every line: every output on the clip ------------------

def test_a_loss_that_is_one_minus_accuracy_times_the_clip_on_every_line_is_a_warning() -> None:
    """keras #12096 (a CNN with a ReLU output 'that does not learn at all'): loss 5.3727 and acc 0.6667 on both epochs,
    5.3727 = (1 - 0.6667) x 16.1181 = -ln(1e-7), Keras's clip. Every prediction is a hard 0 or 1: each wrong example
    costs exactly the clip, each right one nothing, and the clip passes no gradient. Two lines are enough: a
    coincidence to 5 digits on one line is possible, on both not."""
    rep = diagnose_run(read(OPENED / "gh-keras-12096-cnn-relu-output-flat.log")[0], Options())
    f = next(f for f in rep.findings if f.name == "loss_not_decreasing")
    assert f.severity is Severity.WARNING and f.evidence["saturated_output_lines"] == 2
    assert "16.1181" in f.message.en and f.causes[0].cause == "label_or_loss_misconfig"
    assert "16.1181" in f.message.zh


def test_the_clip_relation_must_hold_on_every_line_to_the_printed_digits() -> None:
    acc = [0.5142, 0.5096, 0.5081]
    on_clip = [round((1 - a) * 16.1181, 4) for a in acc]  # 7.8302, 7.9045, 7.9287: a moving loss, on the clip
    f = found(run_of(loss=on_clip, accuracy=acc), "loss_not_decreasing")
    assert f is not None and f.severity >= Severity.WARNING and f.evidence["saturated_output_lines"] == 3
    off = [on_clip[0], on_clip[1] * 1.01, on_clip[2]]  # one line 1 % off: no longer every output on the clip
    g = found(run_of(loss=off, accuracy=acc), "loss_not_decreasing")
    assert g is None or not g.evidence.get("saturated_output_lines")
    coarse = found(run_of(loss=[8.0590] * 3, accuracy=[0.5, 0.5, 0.5]), "loss_not_decreasing")  # acc to 1 digit
    assert coarse is None or not coarse.evidence.get("saturated_output_lines")
