"""Healthy real runs get no warning, and the problems next to them are still found: one test per principle, on
real logs (the development part of benchmarks/real_runs/, verbatim, and runs of the fault benchmark's families)."""
from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np

import lossdoctor
from lossdoctor.config import Options
from lossdoctor.engine import diagnose_run
from lossdoctor.model import Kind, Run, Split

from _shapes import findings, run_of

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT / "benchmarks" / "real_runs" / "dev"
DATA = Path(__file__).parent / "data"


def _dev(run_id: str) -> tuple[Run, dict]:
    d = DEV / run_id
    meta = json.loads((d / "meta.json").read_text(encoding="utf-8"))
    log = next(p for p in sorted(d.iterdir()) if p.name != "meta.json")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        runs = lossdoctor.read(log)
    return max(runs, key=lambda r: max((len(s) for s in r.find_all(Kind.LOSS)), default=0)), meta


def _loud(run: Run, meta: dict | None = None) -> dict[str, float]:
    nc = (meta or {}).get("num_classes")
    rep = diagnose_run(run, Options(num_classes=nc) if nc else Options())
    return {f.name: f.confidence for f in rep.findings if f.severity.label != "info"}


def test_per_epoch_batch_loss_wiggle_is_not_a_spike() -> None:
    """homl1's digit-comparison run prints one minibatch's loss per epoch (0.20, 0.24, 0.19, ...): the wiggles are
    its noise (a 5-point rolling median passed through the points and read it as quiet); the author: "97.6%
    accuracy ... not too bad". A jump far outside that noise in the same curve is still a spike."""
    run, meta = _dev("nb-homl1-digit-comparison-train-loss")
    assert meta["healthy"] and "loss_spikes" not in _loud(run, meta)
    y = run.find(Kind.LOSS, Split.TRAIN).values.copy()
    y[40] = 0.6  # back up to where the run started, from ~0.03
    (f,) = findings("LD109", run_of(loss=list(y)))
    assert f.evidence["spike_epochs"] == [40.0]


def test_a_handful_of_hard_batches_is_the_step_logs_noise() -> None:
    """The fault benchmark's healthy one-cycle CNN: per-step losses with several batches 2-8x the trend late in
    the run; no single one is exceptional against the others, so none is a spike."""
    d = json.loads((DATA / "healthy_onecycle_cnn_s0.json").read_text())
    assert not findings("LD109", run_of("step", steps=d["steps"], loss=d["train_loss_step"]))
    y = np.array(d["train_loss_step"])
    y[200] = 5.0  # one update that throws the loss far above its start (1.39)
    (f,) = findings("LD109", run_of("step", steps=d["steps"], loss=list(y)))
    assert f.evidence["spike_steps"] == [d["steps"][200]]


def test_descent_with_batch_noise_after_a_one_cycle_plateau_is_not_oscillation() -> None:
    """A straight line through a decaying curve leaves its bend as 'swings'; against its neighbours each point
    only shows the batch noise. Real swings around a level in the same run are still oscillation."""
    d = json.loads((DATA / "healthy_onecycle_cnn_s0.json").read_text())
    assert not findings("LD106", run_of("step", steps=d["steps"], loss=d["train_loss_step"]))
    y = np.array(d["train_loss_step"])
    y[120:] = 0.6 + 0.3 * np.sign(np.sin(np.arange(y.size - 120) * 0.7))  # bounce between 0.3 and 0.9
    assert findings("LD106", run_of("step", steps=d["steps"], loss=list(y)))


def test_validation_tracking_training_on_an_easy_task_is_not_an_alarm() -> None:
    """homl2's date-format seq2seq: train and validation accuracy reach 1.0 together ("Looks great, we reach 100%
    validation accuracy!"). Tracking alone is a hint to check the split (info), not an error; validation equal to
    training to six digits still is."""
    run, meta = _dev("nb-homl2-date-seq2seq-100pct")
    assert meta["healthy"] and "suspected_leakage" not in _loud(run, meta)
    (f,) = findings("LD112", run)
    assert f.severity.label == "info" and f.confidence <= 0.5 and "settle" not in f.evidence
    loss = run.find(Kind.LOSS, Split.TRAIN).values
    same = run_of(loss=list(loss), val_loss=list(loss))
    assert findings("LD112", same)[0].severity.label == "error"


def test_five_epochs_still_falling_beyond_noise_have_not_levelled_off() -> None:
    """zero2mastery's FoodVision Big, 5 epochs (train loss 3.63 -> 2.50, still -0.05 per epoch): "could improve with
    further training". Underfitting needs a floor; a last step bigger than the noise is a slow descent, so it is
    info that says what more would settle it. The same run flat for its last epochs is underfitting (a warning)."""
    run, meta = _dev("nb-zero2mastery-foodvision-big-5ep")
    assert meta["healthy"] and "underfitting" not in _loud(run, meta)
    (f,) = findings("LD102", run, num_classes=101)
    assert f.severity.label == "info" and "levels off" in f.message.en and f.confidence <= 0.5
    loss = [3.6317, 2.8615, 2.6585, 2.5494, 2.5006, 2.4998, 2.5003, 2.4995]  # then flat within 0.001
    (g,) = findings("LD102", run_of(loss=loss, accuracy=[0.29, 0.44, 0.48, 0.51, 0.52, 0.52, 0.52, 0.52]),
                    num_classes=101)
    assert g.severity.label == "warning"


def test_one_pasted_epoch_with_training_fit_and_validation_far_worse_is_overfitting() -> None:
    """keras-tuner #167: only the last epoch pasted (train acc 0.988, loss 0.035; val acc 0.59, loss 2.68); the
    maintainer: "it looks like the model is overfitting". A verdict with a low confidence that asks for the curves,
    not silence; the same line with validation close to training is not over-fitting."""
    run, meta = _dev("gh-keras-tuner-167-resnet-cifar10-overfit")
    (f,) = findings("LD101", run)
    assert f.severity.label == "warning" and f.evidence["pattern"] == "snapshot" and f.confidence < 0.5
    assert "would settle it" in f.message.en
    close = run_of(loss=[0.035], accuracy=[0.9882], val_loss=[0.061], val_accuracy=[0.9711])
    assert not findings("LD101", close)


def test_slow_val_loss_drift_while_val_accuracy_still_improves_is_not_overfitting() -> None:
    """ai8x's released CIFAR-10 model (300 epochs): validation loss creeps from 0.36 (epoch 102) to 0.44 while its
    top-1 reaches a new best 54 epochs later: over-confidence on the errors, not lost generalisation (the
    maintainers ship it). The same loss curves with the accuracy falling after epoch 102 are over-fitting."""
    from lossdoctor.rules._context import Context

    run, meta = _dev("repo-ai8x-cifar10-healthy")
    assert meta["healthy"] and "overfitting" not in _loud(run, meta)
    p = Context(run, Options()).pair(Kind.LOSS)
    assert p is not None
    e = np.arange(len(p), dtype=float) + 1
    acc = 0.9 - 0.0002 * np.clip(e - 102, 0, None) - 0.1 * np.exp(-e / 20)  # best at 102, then 4 points lower
    worse = run_of(steps=list(e), loss=list(p.train), val_loss=list(p.val), val_accuracy=list(acc))
    assert any(f.severity.label == "warning" for f in findings("LD101", worse))
    # training falling by more than a third after epoch 102 (fine-tuning style) does not change the reading
    # while the real top-1 still reaches its new best
    va = run.find(Kind.ACCURACY, Split.VAL)
    assert va is not None and np.array_equal(va.steps, p.steps)
    steep = p.train * np.where(e > 102, np.exp(-(e - 102) / 300), 1.0)  # -65% after epoch 102
    better = run_of(steps=list(e), loss=list(steep), val_loss=list(p.val), val_accuracy=list(va.values))
    assert not findings("LD101", better)
    assert findings("LD101", run_of(steps=list(e), loss=list(steep), val_loss=list(p.val), val_accuracy=list(acc)))


def test_one_recovered_blip_in_a_long_run_is_info_recurring_or_large_spikes_warn() -> None:
    """ai8x's released cats-vs-dogs model (200 epochs, running means every 10 batches): at epoch 30 (where its
    quantisation-aware training starts) the loss jumps 0.25 -> 0.40 and is back on its trend within the epoch: a
    blip that gave back a third of the progress. Reported as info; spikes that recur, or one that gives back most of
    the progress, stay warnings."""
    run, meta = _dev("repo-ai8x-catsdogs-healthy")
    assert meta["healthy"] and "loss_spikes" not in _loud(run, meta)
    s = run.find(Kind.LOSS, Split.TRAIN)
    (f,) = findings("LD109", run)
    assert f.severity.label == "info" and f.evidence["count"] == 1
    assert 0.2 < f.evidence["max_share_of_progress_undone"] < 0.5
    y = s.values.copy()
    for i in (400, 800, 1200):  # the same blip three times
        y[i] = y[i] * 1.6
    (g,) = findings("LD109", run_of(steps=list(s.steps), loss=list(y)))
    assert g.severity.label == "warning" and g.evidence["count"] >= 3
    y = s.values.copy()
    y[800] = 0.6  # one jump most of the way back to the start (0.70)
    (h,) = findings("LD109", run_of(steps=list(s.steps), loss=list(y)))
    assert h.severity.label == "warning"


def test_five_noisy_steps_from_the_middle_of_a_run_are_not_a_flat_start() -> None:
    """nanoGPT #110 pasted iterations 1631-1635 (loss 4.09, 3.74, 3.98, 3.87, 3.99): a stretch of a long run says
    nothing about whether it learns, so no loss_not_decreasing warning (it was an error with confidence 0.14); since
    release 11 a note with a low confidence that says so, instead of silence. The same five values from iteration 1
    on are a flat start, with a low confidence."""
    p = ROOT / "tests" / "fixtures" / "text" / "public" / "nanogpt_no_mfu_issue110.log"
    (run,) = lossdoctor.read(p)
    (note,) = findings("LD103", run)
    assert note.severity.label == "info" and note.confidence < 0.5 and "middle of the run" in note.message.en
    y = run.find(Kind.LOSS, Split.TRAIN).values
    (f,) = findings("LD103", run_of("step", steps=[1, 2, 3, 4, 5], loss=list(y)))
    assert f.severity.label != "info" and f.confidence < 0.5


def test_a_jump_on_the_last_steps_is_not_a_recovered_spike() -> None:
    """Nothing after it shows a recovery: a jump there that stays is a divergence or a rebound, judged by those
    rules; the same jump 30 steps earlier is a spike."""
    d = json.loads((DATA / "healthy_onecycle_cnn_s0.json").read_text())
    y = np.array(d["train_loss_step"])
    y[-1] = 5.0
    assert not findings("LD109", run_of("step", steps=d["steps"], loss=list(y)))
    y = np.array(d["train_loss_step"])
    y[-30] = 5.0
    assert findings("LD109", run_of("step", steps=d["steps"], loss=list(y)))


def test_one_validation_value_far_off_a_short_curve_is_noisy_validation() -> None:
    """A BirdCLEF Lightning metrics.csv: validation loss 4.59, 4.29, 7.07, 4.06, 3.76 while training falls smoothly.
    Five evaluations are too few for the noise statistics, but one value 69% above its neighbours and 10x every
    other move is what anyone sees; a low-confidence warning. The same curve without the jump, or a jump that
    training shows too (the run spiked), is not it."""
    p = ROOT / "tests" / "fixtures" / "public_runs" / "lightning_metrics_csv_birdclef.log"
    (run,) = lossdoctor.read(p)
    (f,) = findings("LD116", run)
    assert f.severity.label == "warning" and f.evidence["pattern"] == "jump" and f.confidence <= 0.71  # 5 points
    assert f.evidence["jump_value"] > 7.0
    ctx_pair = __import__("lossdoctor.rules._context", fromlist=["Context"]).Context(run, Options()).pair(Kind.LOSS)
    assert ctx_pair is not None and len(ctx_pair) == 5
    t, v = list(ctx_pair.train), list(ctx_pair.val)
    smooth = v.copy()
    smooth[2] = 0.5 * (v[1] + v[3])
    assert not findings("LD116", run_of(loss=t, val_loss=smooth))
    both = t.copy()
    both[2] = 1.6 * t[2]
    assert not findings("LD116", run_of(loss=both, val_loss=v))


def test_spikes_that_recur_in_a_short_step_log_are_not_counted_as_its_noise() -> None:
    """Six jumps to 10x the trend in 200 steps of a quiet curve: each is the others' peer, but ordinary points
    come nowhere near; spikes that recur are a warning, not the curve's noise."""
    rng = np.random.default_rng(0)
    i = np.arange(200)
    y = (0.2 + 2.0 * np.exp(-i / 40)) * np.exp(rng.normal(0, 0.05, 200))
    for k in (40, 70, 100, 130, 160, 185):
        y[k] *= 10
    (f,) = findings("LD109", run_of("step", steps=list(i + 1), loss=list(y)))
    assert f.severity.label == "warning" and f.evidence["count"] == 6


def test_a_fine_tuning_jitter_around_a_small_gain_is_info_a_noisy_validation_set_warns() -> None:
    """A fine-tuning evaluated every 100 steps starts good (0.35) and jitters by 2-3% around a small gain: noise
    half the gain, but each evaluation is as good as measured (info). The public cv475815 log, whose validation
    jumps by 97% of its level per evaluation, stays a warning."""
    steps = [100.0 * (i + 1) for i in range(8)]
    run = run_of("step", steps=steps, loss=[0.6, 0.42, 0.35, 0.3, 0.27, 0.25, 0.24, 0.23],
                 val_loss=[0.35, 0.33, 0.34, 0.32, 0.335, 0.33, 0.325, 0.33],
                 val_accuracy=[0.88, 0.89, 0.895, 0.9, 0.9, 0.905, 0.906, 0.907])
    (f,) = findings("LD116", run)
    assert f.severity.label == "info" and f.evidence["val_noise_share_of_improvement"] >= 0.5
    (real,) = lossdoctor.read(ROOT / "tests" / "fixtures" / "public_runs" / "bracket_epoch_noisy_val_cv475815.log")
    (g,) = findings("LD116", real)
    assert g.severity.label == "warning" and g.evidence["val_relative_noise"] > 0.5
