"""Rule release 10, broken runs: one test per principle, on a verbatim copy of an opened or dev log
(tests/fixtures/opened_runs/SOURCES.md) or on arrays, each with the case beside it that must stay quiet."""
from __future__ import annotations

import math

import numpy as np

from lossdoctor.findings import Severity
from lossdoctor.rules import chance

from _real_logs import ROOT
from _real_logs import read_longest as _read
from _shapes import found, run_of

OPENED = ROOT / "tests" / "fixtures" / "opened_runs"


def test_a_loss_jumping_onto_keras_clipped_log_zero_is_divergence() -> None:
    """tfjs-1515: epoch 1 loss 0.297, then 'loss=16.12' on every epoch - -ln(1e-7), the probability Keras, TensorFlow
    and TF.js clip to: the true class gets probability 0 on every example. Printed to 2 decimals, it is matched within
    half its last digit."""
    f = found(_read(OPENED / "gh-tfjs-1515-fitdataset-loss-jumps-to-16.log"), "divergence")
    assert f is not None and f.severity >= Severity.WARNING
    assert f.evidence["clipped_log_zero"] == 16.1181 and "1e-7" in f.message.en


def test_a_loss_ending_near_but_not_on_a_clipped_level_is_not_read_as_one() -> None:
    """A loss that ends at 16.3 (0.18 from 16.1181, far beyond half of its last printed digit) is no clipped log(0)."""
    run = run_of(loss=[0.297, 16.3, 16.3, 16.3])
    f = found(run, "divergence")
    assert f is None or f.evidence.get("pattern") != "clipped_log_zero"


def test_a_loss_frozen_exactly_on_ln2_after_falling_is_stuck_at_chance_not_divergence() -> None:
    """tf-unet-88: minibatch loss 0.09-0.39, then 0.6931 = ln 2 on every line from iteration 950 on. A loss that jumps
    onto ln(C) and repeats it to the printed digits stopped growing: every output is the same uniform guess. The
    training accuracy beside it keeps moving (each minibatch's background share), which does not refute it."""
    run = _read(OPENED / "gh-tf-unet-88-minibatch-loss-fixed-at-ln2.log")
    assert found(run, "divergence") is None
    f = found(run, "stuck_at_chance")
    assert f is not None and f.severity >= Severity.WARNING and f.evidence["num_classes"] == 2
    assert f.evidence["loss_frozen_lines"] == 5 and f.confidence < 0.85  # 8 lines seen: it says how little


def test_a_climb_that_freezes_off_any_ln_c_stays_divergence() -> None:
    """The same shape frozen at 0.8123 (no ln(C) within half a printed digit) names no C: still a climb."""
    y = [0.09, 0.3945, 0.3875, 0.8123, 0.8123, 0.8123, 0.8123, 0.8123]
    assert chance.frozen_on_chance(np.array(y)) is None
    assert found(run_of(axis="step", loss=y), "stuck_at_chance") is None


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
    f = found(_read(OPENED / "repo-license-plates-yolov8-train23-results.csv"), "stuck_at_chance")
    assert f is None or f.severity < Severity.WARNING
    caffe = _read(ROOT / "tests" / "fixtures" / "public_runs" / "caffe_glog_ln1000_mobilenetv3_1.log")
    g = found(caffe, "stuck_at_chance")
    assert g is not None and g.severity >= Severity.WARNING and g.evidence["num_classes"] == 1000


def test_lines_the_reader_had_to_number_are_not_a_start_that_never_fell() -> None:
    """simpletransformers-234 (healthy): 14 'Running loss:' lines with no step beside them - the last epoch's tail,
    flat at 0.17 - which the reader numbers 1..14. Their place in the run is unknown, so a flat stretch is a note that
    says what would settle it, not 'loss never decreased'."""
    run = _read(OPENED / "gh-simpletransformers-234-bert-multilabel-running-loss.log")
    f = found(run, "loss_not_decreasing")
    assert f is not None and f.severity < Severity.WARNING and "no epoch or step" in f.message.en


def test_a_frozen_loss_on_numbered_lines_still_warns() -> None:
    """The same unplaced lines frozen to the printed digits (nothing is updated wherever they come from) still warn:
    only the 'from the start' reading needs the start."""
    from dataclasses import replace

    from lossdoctor.rules.loss_not_decreasing import numbered_by_reader

    run = run_of(axis="step", steps=np.arange(1.0, 9.0), loss=[1.5351] * 8)
    run = replace(run, series=tuple(replace(s, print_order=True) for s in run.series))  # no warning text needed
    assert not run.warnings
    assert numbered_by_reader(run, "loss") and not numbered_by_reader(run, "val_loss")
    f = found(run, "loss_not_decreasing")
    assert f is not None and f.severity >= Severity.WARNING


def test_a_loss_knocked_onto_ln_c_stays_there_a_learning_one_falls_through_it() -> None:
    """A blow-up knocks a model onto a uniform output, which gives ln(C) on every batch: its second half has no
    downward trend (87.3 -> 2.31 -> 2.303 ...). A language model's sparse evaluations (healthy opened modded-nanogpt:
    10.83 = ln 50257 at step 0, then a steady descent through 2.99 to 2.92) keep learning their way down: no C there."""
    assert chance._knocked_there(np.array([87.3, 2.31, 2.303, 2.303, 2.303]), math.log(10))
    assert not chance._knocked_there(np.array([10.83, 5.3, 4.0, 3.4, 3.2, 3.1, 3.02, 2.99, 2.98]), math.log(20))
    nanogpt_like = [10.83, 5.3, 4.0, 3.6, 3.4, 3.3, 3.2, 3.15, 3.1, 3.06, 3.03, 3.01, 3.0, 2.995, 2.992, 2.99]
    f = found(run_of(axis="step", steps=np.arange(0.0, 16 * 125, 125), val_loss=nanogpt_like,
                     loss=nanogpt_like), "stuck_at_chance")
    assert f is None or f.severity < Severity.WARNING


def test_a_gan_loss_that_climbs_slowly_from_the_start_is_the_game_not_divergence() -> None:
    """A discriminator's loss rises whenever the generator improves (opened udacity MNIST GAN, healthy: d_loss 1.09 ->
    1.32 over 100 epochs, g_loss beside it). The same numbers as a plain training loss are a run getting worse from its
    start. A game needs both players in the log (rules/_adversarial.py): one key alone - a lone 'adv_loss' of
    adversarial-robustness training - is a loss to minimise, and its climb from the start is still a divergence."""
    rng = np.random.default_rng(0)
    y = list(1.09 + np.linspace(0.0, 0.25, 40) + rng.normal(0.0, 0.03, 40))
    other = list(2.6 - np.linspace(0.0, 0.4, 40) + rng.normal(0.0, 0.05, 40))
    plain = found(run_of(loss=y), "divergence")
    assert plain is not None and plain.severity >= Severity.WARNING  # the reading exists for a minimised loss
    assert found(run_of(d_loss=y, g_loss=other), "divergence") is None
    assert found(run_of(g_loss=y, d_loss=other), "divergence") is None
    assert found(run_of(errD=y, errG=other), "divergence") is None  # DCGAN's names, a game for both readers now
    alone = found(run_of(adv_loss=y), "divergence")
    assert alone is not None and alone.severity >= Severity.WARNING


def test_a_mid_run_stretch_climbing_back_into_its_own_range_is_not_divergence() -> None:
    """pairnorm-1 (dev, healthy): epochs 1490-1499 of a converged run, train loss 0.131, 0.216, ... 0.108, ..., 0.219:
    the end is back where the loss already was before its best. Leaving that range (to 0.5) is a climb again."""
    steps = np.arange(1490.0, 1500.0)
    y = [0.131, 0.216, 0.142, 0.126, 0.108, 0.119, 0.138, 0.136, 0.167, 0.219]
    assert found(run_of(steps=steps, loss=y), "divergence") is None
    away = [0.131, 0.216, 0.142, 0.126, 0.108, 0.119, 0.16, 0.25, 0.36, 0.5]
    f = found(run_of(steps=steps, loss=away), "divergence")
    assert f is not None and f.severity >= Severity.WARNING


def test_a_validation_loss_identical_at_every_evaluation_is_no_update() -> None:
    """dev swin-delivery-truck (60 evaluations at 0.1787, accuracy 0.9733) and distilbert-squad (5.9506 at all 5): a
    validation pass depends only on the weights, so one value at every evaluation is one set of weights - whatever the
    training loss beside it does. On every opened, dev and public log, a validation loss identical at all of its 4+
    evaluations belongs to a problem run; healthy runs only repeat a converged tail."""
    train = [0.38, 0.41, 0.36, 0.40, 0.37, 0.39, 0.35, 0.40]
    f = found(run_of(loss=train, val_loss=[0.1787] * 8), "loss_not_decreasing")
    assert f is not None and f.severity >= Severity.WARNING and f.evidence["frozen_validation_evaluations"] == 8
    # a healthy run that converged: the last 3 of 8 evaluations repeat, the first ones moved
    healthy = [0.9, 0.6, 0.45, 0.38, 0.35, 0.3272, 0.3272, 0.3272]
    assert found(run_of(loss=[1.0, 0.7, 0.5, 0.4, 0.35, 0.3, 0.28, 0.27], val_loss=healthy),
                 "loss_not_decreasing") is None
    # printed to 2 significant digits: the same print can hide real movement
    g = found(run_of(loss=[1.0, 0.7, 0.5, 0.4, 0.35, 0.3, 0.28, 0.27], val_loss=[0.17] * 8), "loss_not_decreasing")
    assert g is None or g.severity < Severity.WARNING
