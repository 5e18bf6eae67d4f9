"""Rule release 4, false alarms: a warning needs an effect that stands out from the run's own noise and lasts, and a
judgement about "the start" or "the whole run" needs the log to show it. One test per principle, on real logs (the
development part of benchmarks/real_runs/, public fixtures) and pieces of them (a healthy run's first or last part is
what people paste), each with the problem beside it that must still be found."""
from __future__ import annotations

import dataclasses
import math

import numpy as np

from lossdoctor.config import Options
from lossdoctor.engine import diagnose_run
from lossdoctor.model import Kind, Run

from _real_logs import PUBLIC
from _real_logs import dev_run as _dev
from _real_logs import read_longest as _read
from _real_logs import severities as _severities
from _shapes import findings, run_of


def _part(run: Run, share: float, tail: bool) -> Run:
    """The first (or last) `share` of the run, each series cut on its own axis: what a pasted excerpt shows."""
    out = []
    for s in run.series:
        st = np.concatenate([t.steps for t in run.series if t.axis == s.axis and len(t)])
        lo, hi = float(st.min()), float(st.max())
        m = s.steps >= hi - share * (hi - lo) if tail else s.steps <= lo + share * (hi - lo)
        if m.any():
            out.append(dataclasses.replace(s, steps=s.steps[m], values=s.values[m],
                                           wall_time=None if s.wall_time is None else s.wall_time[m]))
    return dataclasses.replace(run, series=tuple(out))


# ---- oscillation: swings must stand out from the noise ---------------------------------------------------------

def test_a_flat_noisy_level_is_not_oscillation_but_a_regular_zigzag_is() -> None:
    """A converged loss with epoch-to-epoch noise (0.05 +- 40%) passed every swing test and was warned on 30 of 30
    seeds: its swings are its point-to-point noise. A square wave of the same size keeps its warning (half its power
    at one frequency), and so do the noisy swings when the validation loss swings with them (the weights bounce)."""
    rng = np.random.default_rng(0)
    flat = np.abs(0.05 + 0.02 * rng.standard_normal(60))
    (f,) = findings("LD106", run_of(loss=flat))
    assert f.severity.label == "info" and f.confidence <= 0.5
    assert "noise" in f.message.en
    t = np.arange(60.0)
    zigzag = 0.05 + 0.02 * np.sign(np.sin(t * 2.2)) + 0.004 * rng.standard_normal(60)
    (g,) = findings("LD106", run_of(loss=zigzag))
    assert g.severity.label == "warning"
    (h,) = findings("LD106", run_of(loss=flat, val_loss=1.5 * flat))
    assert h.severity.label == "warning"


def test_bert_fine_tuning_batch_noise_is_not_oscillation() -> None:
    """GluonNLP's published BERT-base RTE fine-tuning (its maintainers' reference result): the batch loss of the last
    epochs wobbles by a quarter of its small level, no more than its own noise; a note."""
    run, meta = _dev("repo-gluonnlp-bert-base-rte-finetune-mxnet")
    assert meta["healthy"]
    (f,) = findings("LD106", run)
    assert f.severity.label == "info"


# ---- generalization_gap: "from the start" needs the start -------------------------------------------------------

def test_a_gap_in_the_tail_of_a_healthy_run_is_the_ordinary_one() -> None:
    """The last third of a healthy instruction fine-tuning (validation 40% above training, as in every trained model)
    was called 'a gap from the start: the two splits do not look alike'; the log begins at epoch 2 of 3 there."""
    run, meta = _dev("nb-llmsfs-ch07-instruction-finetune-healthy")
    assert meta["healthy"]
    tail = _part(run, 0.35, tail=True)
    assert "generalization_gap" not in _severities(tail, meta, judged=True)


def test_a_pasted_tail_with_validation_tens_of_times_training_keeps_its_gap() -> None:
    """Excerpts pasted from epoch 68 (validation 2.8 vs training 0.05) and epoch 107 (5.29 vs 0.2): a gap anyone
    sees at a glance, wherever the log begins."""
    for name in ("logging_epochs_batches_noisy_val_autoencoder_6.log", "loguru_gap_rotate_captcha_20.log"):
        sev = _severities(_read(PUBLIC / name), judged=True)  # a note by default: a gap is not a broken run
        assert sev.get("generalization_gap") == "warning", name


# ---- train_loss_rebound: a lasting climb from a real minimum ----------------------------------------------------

def test_a_climb_the_loss_then_ends_below_has_passed() -> None:
    """nanoGPT issue log: the training loss jumps for two logged steps and then falls to new lows (0.34, below the
    0.62 it jumped from); the person asked about the validation gap. A note, not a rebound."""
    run, _ = _dev("gh-nanogpt-97-shakespeare-xl-val-gap")
    (f,) = findings("LD110", run)
    assert f.severity.label == "info" and f.confidence <= 0.5
    assert "passed" in f.message.en


def test_a_plateau_excerpt_has_no_minimum_to_rebound_from() -> None:
    """Six batches logged at iteration 250,030 of a PaddleOCR run on its plateau (0.50, 0.48, 0.51, 0.55, 0.58,
    0.57): no descent above the noise led to the 'minimum', so the +19% is not a rebound. A Keras excerpt that jumps
    from 0.044 to 0.76 and stays there (the loss more than doubles) keeps its warning."""
    run, _ = _dev("gh-paddleocr-4738-rec-loss-plateau")
    assert findings("LD110", run) == []
    (g,) = findings("LD110", _read(PUBLIC / "keras2_spike_epoch40_pastebin_gV1QKxH3.log"))
    assert g.severity.label == "warning"


# ---- underfitting: the final state needs a finished run ---------------------------------------------------------

def test_the_first_half_of_a_healthy_run_is_not_underfitting() -> None:
    """Deep Learning with Python's cats-vs-dogs CNN with augmentation, cut at epoch 50 of 100: the loss is still at
    64% of ln 2 but falls steadily over the last quarter (3x its trend's uncertainty). A note asking for more epochs;
    the whole run gives nothing."""
    run, meta = _dev("nb-dlwp1-catsdogs-augment-100ep")
    half = _part(run, 0.5, tail=False)
    (f,) = findings("LD102", half, num_classes=2)
    assert f.severity.label == "info"
    assert "more epochs" in f.message.en
    sev = _severities(run, meta, judged=True)
    assert "underfitting" not in sev or sev["underfitting"] == "info"


def test_an_unnormalised_fashion_mnist_run_is_still_underfitting() -> None:
    """ztm's Fashion-MNIST model on raw 0-255 pixels: 10 epochs, the loss levels off at 62% of ln 10 with 35%
    accuracy. The person's diagnosis (under-fitting) is kept."""
    run, meta = _dev("nb-ztm-tf-fashion-unnormalized-35pct")
    assert _severities(run, meta, judged=True).get("underfitting") == "warning"  # reported as a note by default


def test_a_fitted_training_set_is_not_underfitting() -> None:
    """Training accuracy 1.0 beside a loss at 70% of ln 4 (label smoothing sets the loss's floor): the model fits
    its training data; the high loss is the objective's, a note without a capacity cause."""
    n = 30
    t = np.arange(n, dtype=np.float64)
    floor = 0.7 * math.log(4)
    loss = floor + (1.45 - floor) * np.exp(-t / 4)
    acc = np.minimum(1.0, 0.3 + 0.1 * t)
    (f,) = findings("LD102", run_of(loss=loss, accuracy=acc, val_loss=1.05 * loss), num_classes=4)
    assert f.severity.label == "info"
    assert f.causes == ()
    assert "accuracy ends at 1.000" in f.message.en
    # with a validation loss well below it (not high itself), the training level is the objective's: no finding
    assert not findings("LD102", run_of(loss=loss, accuracy=acc, val_loss=0.6 * loss), num_classes=4)


def test_a_tail_pasted_mid_run_has_no_start_to_call_its_loss_high_against() -> None:
    """Without a class count, 'high' means 'kept half of its first value'. The same levelled curve logged from epoch 0
    is a warning; pasted from epoch 60 (a trained model's tail, loss 0.095 -> 0.05 at 90% accuracy) its first value
    is no reference: a note that says the class count or the run's start would settle it. (At 95%+ training accuracy
    the model fits its data, a note either way: tests/rules/test_underfitting_fitted.py.)"""
    t = np.arange(40, dtype=np.float64)
    loss = 0.05 + 0.045 * np.exp(-t / 5)
    acc = np.full(40, 0.90)
    (f,) = findings("LD102", run_of(loss=loss, accuracy=acc))
    assert f.severity.label == "warning"
    (g,) = findings("LD102", run_of(steps=t + 60, loss=loss, accuracy=acc))
    assert g.severity.label == "info"
    assert "begins mid-run" in g.message.en


# ---- a stretch from the middle of a run: flat loss, level metric --------------------------------------------------

def test_a_resumed_runs_flat_tail_is_a_note_not_a_loss_that_never_fell() -> None:
    run, meta = _dev("repo-byt5-paddle-xsum-resumed-late-stage-log")  # resumed at step 250,100, converged
    assert meta["healthy"]
    rep = diagnose_run(run, Options())
    # its loss settles (fast first, then slow: converging), so it is not even a note now; if a note comes back it must
    # stay one and say why
    for f in (f for f in rep.findings if f.name == "loss_not_decreasing"):
        assert f.severity.label == "info" and f.confidence <= 0.5
        assert "in the middle of the run" in f.message.en


def test_a_loss_on_clipped_log_zero_is_still_an_error_from_the_middle_of_a_run() -> None:
    run, meta = _dev("gh-pspnet-63-loss-87-accuracy-0")  # pasted from iteration 300 (a point every 20): mid-run
    assert "loss_not_decreasing" in meta["labels"] and run.find_all(Kind.LOSS)[0].steps[0] > 2 * 20
    assert _severities(run, meta, judged=True).get("loss_not_decreasing") in ("warning", "error")


def test_a_level_metric_beside_a_falling_loss_from_mid_run_is_a_note() -> None:
    run, meta = _dev("repo-fccdn-paddle-levircd-160-epochs")  # F1 logged from epoch 30 on, already ~0.92
    assert meta["healthy"]
    assert _severities(run, meta, judged=True).get("loss_metric_disagreement") == "info"


def test_a_level_metric_beside_a_falling_loss_from_the_start_is_still_a_warning() -> None:
    run = _read(PUBLIC / "keras2_loss_vs_angle_error_rotnet_11.log")
    assert _severities(run, judged=True).get("loss_metric_disagreement") == "warning"  # a note by default


def test_a_tiny_loss_in_a_tail_is_not_called_a_cross_entropy_that_misses_mistakes() -> None:
    run, meta = _dev("repo-vitpose-l-coco-healthy")  # heatmap MSE ~5e-4 beside a keypoint accuracy ~0.86
    assert meta["healthy"]
    for share in (0.2, 0.35):
        assert _severities(_part(run, share, tail=True), judged=True).get("loss_metric_disagreement") is None
