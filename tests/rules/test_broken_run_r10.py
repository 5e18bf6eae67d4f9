"""Rule release 10, broken runs: one test per principle, on a verbatim copy of an opened or dev log
(tests/fixtures/opened_runs/SOURCES.md) or on arrays, each with the case beside it that must stay quiet."""
from __future__ import annotations

import math

import numpy as np

from lossdoctor.config import Options
from lossdoctor.engine import diagnose_run
from lossdoctor.findings import Finding, Severity
from lossdoctor.model import Run
from lossdoctor.rules import chance

from _real_logs import ROOT
from _real_logs import read_longest as _read
from _shapes import run_of

OPENED = ROOT / "tests" / "fixtures" / "opened_runs"


def _find(run: Run, name: str, **kw: object) -> Finding | None:
    rep = diagnose_run(run, Options(**kw))  # type: ignore[arg-type]
    return next((f for f in rep.findings if f.name == name), None)


def test_a_loss_jumping_onto_keras_clipped_log_zero_is_divergence() -> None:
    """tfjs-1515: epoch 1 loss 0.297, then 'loss=16.12' on every epoch - -ln(1e-7), the probability Keras, TensorFlow
    and TF.js clip to: the true class gets probability 0 on every example. Printed to 2 decimals, it is matched within
    half its last digit."""
    f = _find(_read(OPENED / "gh-tfjs-1515-fitdataset-loss-jumps-to-16.log"), "divergence")
    assert f is not None and f.severity >= Severity.WARNING
    assert f.evidence["clipped_log_zero"] == 16.1181 and "1e-7" in f.message.en


def test_a_loss_ending_near_but_not_on_a_clipped_level_is_not_read_as_one() -> None:
    """A loss that ends at 16.3 (0.18 from 16.1181, far beyond half of its last printed digit) is no clipped log(0)."""
    run = run_of(loss=[0.297, 16.3, 16.3, 16.3])
    f = _find(run, "divergence")
    assert f is None or f.evidence.get("pattern") != "clipped_log_zero"


def test_a_loss_frozen_exactly_on_ln2_after_falling_is_stuck_at_chance_not_divergence() -> None:
    """tf-unet-88: minibatch loss 0.09-0.39, then 0.6931 = ln 2 on every line from iteration 950 on. A loss that jumps
    onto ln(C) and repeats it to the printed digits stopped growing: every output is the same uniform guess. The
    training accuracy beside it keeps moving (each minibatch's background share), which does not refute it."""
    run = _read(OPENED / "gh-tf-unet-88-minibatch-loss-fixed-at-ln2.log")
    assert _find(run, "divergence") is None
    f = _find(run, "stuck_at_chance")
    assert f is not None and f.severity >= Severity.WARNING and f.evidence["num_classes"] == 2
    assert f.evidence["loss_frozen_lines"] == 5 and f.confidence < 0.85  # 8 lines seen: it says how little


def test_a_climb_that_freezes_off_any_ln_c_stays_divergence() -> None:
    """The same shape frozen at 0.8123 (no ln(C) within half a printed digit) names no C: still a climb."""
    y = [0.09, 0.3945, 0.3875, 0.8123, 0.8123, 0.8123, 0.8123, 0.8123]
    assert chance.frozen_on_chance(np.array(y)) is None
    assert _find(run_of(axis="step", loss=y), "stuck_at_chance") is None


def test_frozen_on_chance_needs_the_printed_digits_to_say_so() -> None:
    """'0.69' (2 decimals) could be any loss from 0.685 to 0.695: no C. '0.6931' three times is ln 2; a stated C
    other than 2 is not matched by it."""
    assert chance.frozen_on_chance(np.array([0.69, 0.69, 0.69])) is None
    assert chance.frozen_on_chance(np.array([0.5, 0.6931, 0.6931, 0.6931])) == 2
    assert chance.frozen_on_chance(np.array([0.5, 0.6931, 0.6931, 0.6931]), given=10) is None
    assert chance.frozen_on_chance(np.array([0.6931, 0.6931])) is None  # two lines: a rounded repeat can do that
    assert abs(math.log(10) - 2.3026) < 1e-4 and chance.frozen_on_chance(np.array([2.3026] * 3)) == 10


def test_a_total_of_logged_terms_names_no_class_count_from_its_first_value() -> None:
    """license-plates (healthy, a 3-epoch YOLOv8 continuation): train/loss is box + cls + dfl, 3.081 -> 2.981, within
    3% of ln 20 only by chance (any sum between 1.5 and 2.4 lies near some ln C). No stuck_at_chance warning; a caffe
    log that prints the same loss twice ('Train net output #0') still names C (public caffe_glog_ln1000)."""
    f = _find(_read(OPENED / "repo-license-plates-yolov8-train23-results.csv"), "stuck_at_chance")
    assert f is None or f.severity < Severity.WARNING
    caffe = _read(ROOT / "tests" / "fixtures" / "public_runs" / "caffe_glog_ln1000_mobilenetv3_1.log")
    g = _find(caffe, "stuck_at_chance")
    assert g is not None and g.severity >= Severity.WARNING and g.evidence["num_classes"] == 1000


def test_lines_the_reader_had_to_number_are_not_a_start_that_never_fell() -> None:
    """simpletransformers-234 (healthy): 14 'Running loss:' lines with no step beside them - the last epoch's tail,
    flat at 0.17 - which the reader numbers 1..14. Their place in the run is unknown, so a flat stretch is a note that
    says what would settle it, not 'loss never decreased'."""
    run = _read(OPENED / "gh-simpletransformers-234-bert-multilabel-running-loss.log")
    f = _find(run, "loss_not_decreasing")
    assert f is not None and f.severity < Severity.WARNING and "no epoch or step" in f.message.en


def test_a_frozen_loss_on_numbered_lines_still_warns() -> None:
    """The same unplaced lines frozen to the printed digits (nothing is updated wherever they come from) still warn:
    only the 'from the start' reading needs the start."""
    from dataclasses import replace

    from lossdoctor.rules.loss_not_decreasing import numbered_by_reader

    run = run_of(axis="step", steps=np.arange(1.0, 9.0), loss=[1.5351] * 8)
    run = replace(run, warnings=("no epoch or step numbers next to loss; their values are numbered in the order they "
                                 "were printed (1, 2, ...) as steps",))
    assert numbered_by_reader(run, "loss") and not numbered_by_reader(run, "val_loss")
    f = _find(run, "loss_not_decreasing")
    assert f is not None and f.severity >= Severity.WARNING
