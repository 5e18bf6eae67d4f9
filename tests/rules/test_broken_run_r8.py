"""Rule release 8, broken-run findings on short excerpts: direct evidence that nothing is updated.

Each real fixture under tests/fixtures/opened_runs/ is an opened corpus log (source URL in SOURCES.md there); the
synthetic runs check that each principle holds beyond the log it was found on, and that its healthy look-alike stays
quiet.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from lossdoctor.config import Options
from lossdoctor.engine import diagnose_run
from lossdoctor.findings import Severity
from lossdoctor.model import Run

from _real_logs import read_longest
from _shapes import findings, run_of

OPENED = Path(__file__).resolve().parents[1] / "fixtures" / "opened_runs"


def _by_name(name: str) -> dict:
    rep = diagnose_run(read_longest(OPENED / name), Options())
    return {f.name: f for f in rep.findings}


def _lnd(run: Run):
    return next((f for f in diagnose_run(run, Options()).findings if f.name == "loss_not_decreasing"), None)


def _hf_run(loss: list[float], lr: list[float], grad: list[float]) -> Run:
    return run_of(axis="step", steps=[10.0 * (i + 1) for i in range(len(loss))], loss=loss, learning_rate=lr,
                  grad_norm=grad)


# ---- the first epoch's batch losses repeated to the printed digits: the same weights saw the same batches again -----

def test_an_epoch_repeating_the_first_epochs_batch_losses_is_a_run_that_does_not_update() -> None:
    f = _by_name("gh-trace-5-lora-loss-identical-each-epoch.log")["loss_not_decreasing"]
    assert f.severity >= Severity.WARNING and not f.explained_by  # a note on its noise does not explain it away
    assert f.evidence["repeated_points"] == 6 and "repeat its first 6 exactly" in f.message.en
    assert f.causes[0].cause == "training_step_bug"


def test_batch_losses_that_repeat_only_in_part_or_on_a_coarse_print_are_not_a_repetition() -> None:
    rng = np.random.default_rng(0)
    epoch = list(np.round(1.1 + 0.2 * rng.standard_normal(8), 4))
    moved = [round(v - 0.01 * (i + 1), 4) for i, v in enumerate(epoch)]  # updated weights: every loss changes
    f = _lnd(run_of(loss=epoch + moved))
    assert f is None or f.evidence["repeated_points"] == 0
    coarse = [0.7, 0.6, 0.7, 0.6, 0.7, 0.6, 0.7, 0.6, 0.7, 0.6]  # two printed digits repeat by chance
    f = _lnd(run_of(loss=coarse))
    assert f is None or f.evidence["repeated_points"] == 0
    repeated = _lnd(run_of(loss=epoch + epoch[:6]))
    assert repeated is not None and repeated.evidence["repeated_points"] == 6


# ---- a learning rate and a gradient norm both 0 on every line: no step can move the weights ------------------------

def test_learning_rate_and_grad_norm_zero_on_every_line_is_a_warning_whatever_the_batch_losses_do() -> None:
    f = _by_name("gh-qwen-vl-1146-lr-zero-grad-zero-loss-jumps.log")["loss_not_decreasing"]
    assert f.severity is Severity.WARNING and 0.4 <= f.confidence < 0.8 and "would settle it" in f.message.en
    assert f.evidence["no_step_lines"] == 4 and "gradient norm is 0" in f.message.en


def test_either_zero_alone_is_not_enough() -> None:
    falling = [2.5, 2.1, 1.8, 1.6, 1.45, 1.3]
    # a learning rate printed as 0.0 (2e-5 to 4 decimals) beside a real gradient: a falling loss is learning
    assert _lnd(_hf_run(falling, [0.0] * 6, [1.3, 1.1, 0.9, 0.95, 0.8, 0.7])) is None
    # a gradient norm some set-ups log as 0 beside a real learning rate
    assert _lnd(_hf_run(falling, [2e-5] * 6, [0.0] * 6)) is None
    assert _lnd(_hf_run(falling, [0.0] * 6, [0.0] * 6)) is not None


# ---- two lines identical in every value printed, the loss to 4+ digits: a note with a low confidence, not silence -

def test_two_epochs_identical_in_every_value_get_a_note_with_low_confidence() -> None:
    # a note, not a warning: a mixed-precision warm-up started far too high skips every step of the first epochs
    # (tests/integrations/test_keras_callback.py, initial scale 2**40) - a third identical line settles it
    # (keras #12096's two identical epochs were this note until release 11: their loss 5.3727 = (1 - 0.6667) x 16.1181
    # is every output on Keras's clip, a warning now - tests/rules/test_broken_run_r11.py; the note stays for two
    # identical lines off the clip, such as a warm-up's first epochs at ln 10)
    f = _lnd(run_of(loss=[2.3026, 2.3026], accuracy=[0.1003, 0.1003]))
    assert f is not None and f.severity is Severity.INFO and f.confidence < 0.5 and "would settle it" in f.message.en
    # the healthy look-alike: an accuracy that moves between the two epochs - something was updated
    assert _lnd(run_of(loss=[5.3727, 5.3727], accuracy=[0.61, 0.66])) is None


# ---- a loss beyond the square root of float32's largest number: its square overflows, the run has diverged ---------

def test_a_loss_of_1e26_is_a_divergence_whatever_its_drift() -> None:
    f = _by_name("gh-mmdet-1081-loss-1e26-diverged.log")["divergence"]
    assert f.severity >= Severity.WARNING and f.evidence["pattern"] == "overflow"
    assert "square root of float32" in f.message.en and f.causes[0].cause == "lr_too_high"


def test_a_large_but_representable_loss_is_not_an_overflow() -> None:
    # house prices in dollars under an MSE: 1e10-1e12, falling - a loss in the data's own units, nothing overflows
    f = next((f for f in diagnose_run(run_of(loss=[4.1e11, 2.3e11, 1.2e11, 8.0e10, 6.1e10]), Options()).findings
              if f.name == "divergence"), None)
    assert f is None


# ---- a gradient norm NaN from the first line beside a loss that ends exactly 0: not loss-scale calibration --------

def test_grad_norm_nan_from_the_first_line_beside_a_loss_ending_at_zero_is_nan_inf() -> None:
    f = _by_name("gh-llamafactory-5660-bf16-loss0-gradnan.log")["nan_inf"]
    assert f.severity is Severity.WARNING and f.evidence["nonfinite_points"] == 3
    # calibration: the norm non-finite on its first lines while the loss keeps its level - quiet
    nan = float("nan")
    quiet = diagnose_run(run_of(axis="step", steps=[1, 2, 3], loss=[2.31, 2.30, 2.30], grad_norm=[nan, nan, nan]),
                         Options())
    assert all(g.name != "nan_inf" or g.severity is Severity.INFO for g in quiet.findings)


# ---- healthy look-alikes of a loss that does not decrease ---------------------------------------------------------

def test_a_negative_loss_is_judged_only_when_it_does_not_move() -> None:
    # the negated Dice coefficient: -0.987 -> -0.9955 is a segmenter near its floor of -1, not a flat loss
    assert "loss_not_decreasing" not in _by_name("gh-unet-mxnet2ncnn-6-negative-dice-loss-expected.log")
    f = _lnd(run_of(loss=[-0.4213] * 6))
    assert f is not None and f.severity >= Severity.WARNING  # frozen stays a problem whatever its sign


def test_an_accuracy_at_one_from_the_first_epoch_shows_a_model_that_learned() -> None:
    # an ELBO-like loss falling 3 % over 20 epochs beside a training accuracy 1.0 at the first epoch, 0.9999 at the end
    loss = [3430.0 - 5.0 * i + (1.5 if i % 2 else -1.5) for i in range(20)]
    acc = [1.0] * 10 + [0.9999] * 10
    f = _lnd(run_of(loss=loss, accuracy=acc))
    assert f is None or f.severity is Severity.INFO
    collapsed = [0.99] * 5 + [0.52] * 15  # an accuracy that lost its margin above chance is not learning
    (f,) = findings("LD103", run_of(loss=loss, accuracy=collapsed))  # the rule's own judgement
    assert f.severity >= Severity.WARNING


def test_a_roc_auc_far_above_one_half_shows_a_model_that_learned() -> None:
    # a fine-tune that starts near its floor: the loss falls 6 % in all while the AUROC sits at 0.85-0.89 (chance 0.5,
    # whatever the classes) - a model that learned, not a loss that does not decrease
    rng = np.random.default_rng(3)
    loss = list(0.133 - 0.0004 * np.arange(20) + 0.0002 * rng.standard_normal(20))
    auc = list(0.85 + 0.002 * np.arange(20))
    assert _lnd(run_of(loss=loss, AUROC_avg=auc)) is None
    (f,) = findings("LD103", run_of(loss=loss))  # the same loss alone: 6 % in 20 epochs is too slow
    assert f.severity >= Severity.WARNING
    (f,) = findings("LD103", run_of(loss=loss, AUROC_avg=[0.52 + 0.001 * i for i in range(20)]))  # an AUC at chance
    assert f.severity >= Severity.WARNING
