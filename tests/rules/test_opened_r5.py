"""Rule release 5, two-curve and noise rules: the classes of failure found on the opened real logs (runs nobody had
tuned on). One test per principle, on verbatim copies of opened logs (tests/fixtures/opened_runs/SOURCES.md) or on
arrays, each with the case beside it that must keep its finding."""
from __future__ import annotations

import dataclasses

import numpy as np

from lossdoctor.config import Options
from lossdoctor.engine import diagnose_run
from lossdoctor.findings import Finding
from lossdoctor.model import Run

from _real_logs import ROOT
from _real_logs import dev_run as _dev
from _real_logs import read_longest as _read
from _shapes import ALL_WARN, assert_reported_as_policy, findings, run_of

OPENED = ROOT / "tests" / "fixtures" / "opened_runs"


def _opened(name: str) -> Run:
    return _read(OPENED / f"{name}.log")


def _finding(run: Run, name: str, num_classes: int | None = None, judged: bool = False) -> Finding | None:
    """The engine's finding of this name; `judged`: at the severity its rule judged (it warns with `warn = true`),
    after checking the default report holds it with the same numbers, as the warning policy allows (rules/_policy.py)."""
    rep = diagnose_run(run, Options(num_classes=num_classes))
    if judged:
        seen = diagnose_run(run, Options(num_classes=num_classes, rules=ALL_WARN))
        assert_reported_as_policy(list(rep.findings), list(seen.findings))
        rep = seen
    return next((f for f in rep.findings if f.name == name), None)


# ---- loss_spikes --------------------------------------------------------------------------------------------------

def test_one_point_far_above_a_short_excerpt_is_a_spike_but_a_decaying_start_is_not() -> None:
    """LLaVA LoRA fine-tune, six logged steps 0.66 0.80 4.27 0.77 0.56 0.82 (the person: "abnormal loss rises"): too
    short for a rolling trend, the spike was met with silence. One inner point 5x the others that came back is a
    spike at a glance: a warning that says how little was seen. A 7-line excerpt of a decaying fit (1764 -> 323 ->
    79 -> ... 29) has its second point far above the rest too, but it came down from the first: no spike."""
    f = _finding(_opened("gh-llava-918-lora-loss-spike-4-27"), "loss_spikes", judged=True)
    assert f is not None and f.severity.label == "warning"  # a note by default: spikes are not a broken run
    assert f.confidence < 0.9 and "recur" in f.message.en
    assert f.evidence["spike_values"] == [4.2653]
    assert _finding(_opened("nb-dlwpt-thermometer-lr1e-4-stalls"), "loss_spikes") is None


def test_a_last_batch_jump_the_test_loss_does_not_share_is_not_a_spike() -> None:
    """MNIST course log (healthy): the per-epoch value is the progress bar's last batch (`loss=0.0818
    batch_id=1874`), and the held-out loss is printed as `Test set: Average loss` every epoch. The test loss did not
    move at the jump: the model did not; no spike (a note until release 12). The same jump with a test loss that
    jumps with it stays a warning."""
    run = _opened("repo-eva2-s4-mnist-99-44")
    assert _finding(run, "loss_spikes", 10) is None
    train = run.get("loss")
    test = run.get("Test Average loss")
    assert train is not None and test is not None
    peak = int(np.argmax(train.values[3:])) + 3
    jumped = test.values.copy()
    jumped[peak] = 10 * float(np.max(test.values))
    run2 = dataclasses.replace(run, series=tuple(dataclasses.replace(s, values=jumped) if s is test else s
                                                 for s in run.series))
    g = _finding(run2, "loss_spikes", 10, judged=True)
    assert g is not None and g.severity.label == "warning"


def test_a_held_out_loss_alone_jumping_is_a_note_for_spikes_and_oscillation() -> None:
    """Transfer learning with early stopping, only the validation loss of 150 images logged (0.35-0.6 with jumps to
    1.1-1.4): the author calls the run fine. Jumps and swings of a held-out loss alone say the evaluation varied
    (noisy_validation's question); the training loss that would show an update throwing the model off is absent."""
    run = _opened("nb-homl1-transfer-unfrozen-5to9")
    f = _finding(run, "loss_spikes", 5)
    assert f is not None and f.severity.label == "info" and "held-out" in f.message.en
    osc = _finding(run, "oscillation", 5)
    assert osc is None or osc.severity.label == "info"
    # the same values as a training loss: spikes of the model, a warning
    val = run.get("Validation loss")
    assert val is not None
    (g,) = findings("LD109", run_of(loss=val.values))
    assert g.severity.label == "warning"


def test_jumps_of_a_signed_objective_are_a_note() -> None:
    """DeepSpeed-Chat PPO reference log: the actor loss is a signed policy-gradient objective (42% of its points below
    zero) and jumps by design; 'x times its trend' means nothing near zero. The same jumps on a positive loss stay a
    warning."""
    rng = np.random.default_rng(3)
    base = 0.2 * rng.standard_normal(400)
    at = np.array([60, 140, 220, 300, 350])
    signed = base.copy()
    signed[at] += 3.0
    (f,) = findings("LD109", run_of(axis="step", loss=signed))
    assert f.severity.label == "info" and "negative" in f.message.en
    positive = 1.0 + 0.05 * rng.standard_normal(400)
    positive[at] += 3.0
    (g,) = findings("LD109", run_of(axis="step", loss=positive))
    assert g.severity.label == "warning"
    # a negative log-likelihood near -7.8 that blows up to 718 and 3.5e6 (BayesFlow, opened log gh-bayesflow-23, in
    # shape) leaves every magnitude the loss otherwise reaches far behind: still a spike
    nll = -7.8 + 0.1 * rng.standard_normal(300)
    nll[100], nll[101] = 718.8, 3543009.5
    nll[102:140] = -7.8 + 100 * np.exp(-np.arange(38) / 8.0)
    (h,) = findings("LD109", run_of(axis="step", loss=nll))
    assert h.severity.label == "warning"


# ---- overfitting ---------------------------------------------------------------------------------------------------

def test_a_run_ended_by_early_stopping_is_a_note() -> None:
    """hands-on ML 2, CIFAR-10 with batch norm: `Epoch 49/100`, EarlyStopping(restore_best_weights=True) ended the run
    after validation loss had not improved; the author calls it "much better". The turn is what early stopping waited
    for and the weights kept are the best epoch's: a note saying so. The same curves from a log that does not show
    the planned epochs keep the warning."""
    run = _opened("nb-homl2-cifar10-bn-earlystop")
    f = _finding(run, "overfitting", 10)
    assert f is not None and f.severity.label == "info"
    assert "early stopping" in f.message.en and f.evidence["stopped_early"] is True
    g = _finding(dataclasses.replace(run, hparams={}), "overfitting", 10)
    assert g is not None and g.severity.label == "warning"


def test_validation_that_levels_off_and_creeps_up_while_training_falls_far_is_memorising() -> None:
    """GPT pre-trained on one short story: validation 9.9 -> 6.26 by step 30, then 6.12-6.37 while training falls
    4.8 -> 0.57 (the author: "the model starts overfitting"). Measured from the lowest point of the flat stretch
    (step 50) training fell only 3.7x; measured from where validation levelled off, 6x. A validation loss that levels
    off and stays flat while training keeps falling is a converged small-data run: no finding."""
    f = _finding(_opened("nb-llmsfs-ch05-gpt-pretrain-overfit"), "overfitting")
    assert f is not None and f.severity.label == "warning" and "levelled off" in f.message.en
    # an MLP on digits trained by HF Trainer (healthy run h_digits_mlp_sgdm_hf-s1 of the v2 families, at its 12
    # evaluations): validation levels off at 0.136 by step 255 and stays there (lowest 0.1308 at step 680) while
    # training falls 0.08 -> 0.003: 25x from where validation levelled off, under 2x from its lowest point
    steps = [85.0, 170.0, 255.0, 340.0, 425.0, 510.0, 595.0, 680.0, 765.0, 850.0, 935.0, 1020.0]
    train = [1.4002, 0.19499, 0.07975, 0.04289, 0.02219, 0.01719, 0.0095, 0.00787, 0.00537, 0.00372, 0.0033, 0.00314]
    val = [0.3725, 0.1614, 0.136, 0.1414, 0.1309, 0.1362, 0.1333, 0.1308, 0.1317, 0.1315, 0.1392, 0.1394]
    assert not findings("LD101", run_of(axis="step", steps=steps, loss=train, val_loss=val))


def test_the_last_evaluations_of_a_short_run_moving_apart_are_overfitting() -> None:
    """Pizza/steak CNN, 5 epochs: validation 0.44 0.426 0.429 0.466 0.63 while training falls 2.2 -> 0.098 (the
    author: "our model is overfitting"). A trend test over 4 points cannot separate the late climb from noise; the
    last 4 evaluations moving apart at every step, each by 25%+, show it (low confidence, what would settle it)."""
    f = _finding(_opened("nb-ztm-tf-pizza-steak-cnn-overfitting"), "overfitting", 2)
    assert f is not None and f.severity.label == "warning" and f.confidence < 0.9
    assert f.evidence["pattern"] == "opposite_excerpt" and f.evidence["val_loss_at_end"] == 0.63


def test_a_short_run_whose_validation_metric_still_rises_is_not_flat() -> None:
    """IMDB CNN, 5 epochs: validation accuracy 0.868 -> 0.874 over the last 3, above its own uncertainty, with the
    validation loss holding (the author: results "comparable to the previous models"). Over three evaluations a
    metric still rising is improving, not flat; a 5-epoch run whose validation accuracy falls there is still found."""
    run = _opened("nb-bentrevett-sentiment-cnn")
    f = _finding(run, "overfitting", 2)
    assert f is None or f.severity.label != "warning"
    falling = run_of(loss=[2.63, 1.93, 1.69, 1.31, 0.83], accuracy=[0.17, 0.33, 0.43, 0.58, 0.76],
                     val_loss=[2.0, 1.93, 1.95, 2.04, 2.35], val_accuracy=[0.283, 0.312, 0.324, 0.326, 0.288])
    assert [g.severity.label for g in findings("LD101", falling)] == ["warning"]


def test_a_metric_still_reaching_new_bests_is_not_memorisation() -> None:
    """GluonNLP's reference BERT fine-tune on MRPC (dev part): eval loss 0.49 0.37 0.59 0.48 0.50 around one low
    evaluation while training falls to 0.02, and eval accuracy climbs 0.865 -> 0.887 after that low point. "Validation
    makes no progress" is not true of the task: no over-fitting warning. The same losses without the accuracy keep it."""
    run, meta = _dev("repo-gluonnlp-bert-base-mrpc-finetune-mxnet")
    f = _finding(run, "overfitting", 2)
    assert f is None or f.severity.label != "warning"
    blind = dataclasses.replace(run, series=tuple(s for s in run.series if s.key not in ("eval accuracy", "eval f1")))
    g = _finding(blind, "overfitting", 2)
    assert g is not None and g.severity.label == "warning"


# ---- oscillation -----------------------------------------------------------------------------------------------------

def test_six_batch_losses_cannot_show_a_regular_zigzag() -> None:
    """CMGAN maintainer's reference log: generator loss every 2000 steps, 10 lines. The late window holds 6 points,
    whose spectrum has 3 frequencies: "half the power at one frequency (and its two neighbours)" held for any 6 values,
    so swings the size of the batch noise were called a regular zigzag. A regular square wave over 60 points keeps its
    warning (tests/rules/test_false_alarms_r4.py)."""
    f = _finding(_opened("gh-cmgan-32-maintainer-log-not-smooth"), "oscillation")
    assert f is not None and f.severity.label == "info" and "noise" in f.message.en
    rng = np.random.default_rng(1)
    hits = 0
    for _ in range(40):
        noise = 0.07 * (1 + 0.2 * rng.standard_normal(10))
        hits += any(g.severity.label == "warning" for g in findings("LD106", run_of(axis="step", loss=noise)))
    assert hits == 0


# ---- underfitting ----------------------------------------------------------------------------------------------------

def test_a_five_epoch_creep_is_the_start_of_a_run() -> None:
    """Food-10 CNN with augmentation, 5 epochs: training loss 2.37 -> 1.98 (86% of ln 10) while validation loss and
    accuracy improve at every epoch; the author: "if we kept it training for longer the metrics might continue to
    improve". At its rate the creep would need 4x the run to stop being high, but 5 evaluations are the start of a run:
    a note saying more epochs would settle it. The same creep seen over 12 evaluations keeps the warning, and over 5 it
    is a note too."""
    f = _finding(_opened("nb-ztm-tf-food10-cnn-augmented-better"), "underfitting", 10)
    assert f is not None and f.severity.label == "info" and "more epochs" in f.message.en
    for n, expected in ((12, "warning"), (5, "info")):
        loss = np.r_[2.37, 2.11, 2.03, 2.02 - 0.01 * np.arange(n - 3)]
        acc = np.r_[0.14, 0.25, 0.27, 0.28 + 0.003 * np.arange(n - 3)]
        (g,) = findings("LD102", run_of(loss=loss, accuracy=acc, val_loss=loss - 0.1, val_accuracy=acc + 0.04),
                        num_classes=10)
        assert g.severity.label == expected


# ---- train_loss_rebound ----------------------------------------------------------------------------------------------

def test_a_loss_identical_on_every_line_has_no_rebound() -> None:
    """LitGPT: `loss 10.8259` on every line. Floating-point rounding made a 'rise of 1.8e-15', infinitely many noise
    levels of a zero noise: a rebound warning beside the constant loss. A gain or rise under a millionth of the level
    is nothing."""
    run = _opened("gh-litgpt-689-loss-constant-10-8259")
    assert _finding(run, "train_loss_rebound") is None
    f = _finding(run, "loss_not_decreasing")
    assert f is not None and f.severity.label == "error"


def _two_phases() -> np.ndarray:
    """A float training that converges to 0.44 over 240 epochs, then quantisation-aware training from epoch 240: the
    loss jumps to 4.25 at once and falls again to 1.67 by epoch 299 (ai8x's CIFAR-100 reference log, in shape)."""
    x = np.arange(300, dtype=float)
    first = 0.44 + 3.6 * np.exp(-x[:240] / 30.0)
    second = 1.6 + 2.65 * np.exp(-(x[240:] - 240) / 8.0)
    return np.concatenate([first, second]) * (1 + 0.01 * np.random.default_rng(4).standard_normal(300))


def test_a_jump_to_a_new_level_then_a_fresh_descent_is_a_new_phase() -> None:
    """The loss jumps 10x in one epoch and falls steadily for the 60 epochs after, never back to where it was: a new
    phase of training (the maintainers' QAT step), not a spike (nothing came back) and not a rebound of the steps (a
    note saying what to check). A loss that climbs back gradually keeps the rebound warning."""
    y = _two_phases()
    run = run_of(loss=y)
    spikes = findings("LD109", run)
    assert not [f for f in spikes if f.severity.label == "warning"]
    (f,) = findings("LD110", run)
    assert f.severity.label == "info" and "new phase" in f.message.en
    x = np.arange(300, dtype=float)
    gradual = np.where(x < 200, 0.44 + 3.6 * np.exp(-x / 30.0), 0.44 + 0.012 * (x - 200))
    (g,) = findings("LD110", run_of(loss=gradual))
    assert g.severity.label == "warning"


def test_an_end_no_higher_than_excursions_already_recovered_from_is_not_a_turn() -> None:
    """VGG16 fine-tuned on 2,000 augmented cats/dogs images (the author: "we reach a validation accuracy of about
    96%"): the validation loss jumps to 0.21 at epoch 9 and 0.20 at epoch 21, each time back under 0.1, and ends at
    0.14 0.15 0.18. An end no higher than excursions the curve already came back from is one more excursion, not a
    turn. The same run with its last three evaluations above every earlier excursion keeps the warning."""
    run = _opened("nb-dlwp1-vgg-end2end-augment")
    f = _finding(run, "overfitting", 2)
    assert f is None or f.severity.label != "warning"
    val = run.get("val_loss")
    assert val is not None
    higher = val.values.copy()
    higher[-3:] = [0.24, 0.27, 0.30]
    run2 = dataclasses.replace(run, series=tuple(dataclasses.replace(s, values=higher) if s is val else s
                                                 for s in run.series))
    g = _finding(run2, "overfitting", 2)
    assert g is not None and g.severity.label == "warning"


def test_one_easy_batch_is_not_a_minimum_to_rebound_from() -> None:
    """PaddleSpeech, seven single-batch losses with the learning rate at 0 (16.03 15.38 17.14 16.35 12.68 15.48
    16.02, "the loss hovers around 15"): the lowest is one easy batch whose neighbours both stand far above it, not a
    level the curve reached; no rebound. A curve that stays at its low level for a while and then climbs keeps it.
    Release 9: a climb at every step back to where the run began (12.68 -> 16.02, all of the fall given back) is a
    divergence (the run unlearned what it learned), so the rebound case gives back less than half of its fall."""
    assert _finding(_opened("gh-paddlespeech-675-lr-zero-loss-hovers-15"), "train_loss_rebound") is None
    held = [16.03, 15.38, 14.9, 13.2, 12.68, 12.7, 13.4, 13.9, 14.2]
    (g,) = findings("LD110", run_of(axis="step", loss=held))
    assert g.severity.label == "warning"
    back_to_start = [16.03, 15.38, 14.9, 13.2, 12.68, 12.7, 13.9, 15.1, 16.02]
    assert findings("LD107", run_of(axis="step", loss=back_to_start))


def test_a_high_training_loss_beside_a_low_validation_loss_is_the_objective_not_underfitting() -> None:
    """Mixup on a 4-class task (families v4 run f4_val_below_mixup_dots_tbtags-s0, its epoch means): training loss
    0.95 (69% of ln 4) at 50% training accuracy on mixed labels, while the validation loss is 0.53 at 89% validation
    accuracy. The model fits; the training objective is harder than the task. No under-fitting warning. The same
    training curve with a validation loss as high as training keeps the warning."""
    loss = [1.2716, 1.0037, 0.973, 0.9836, 0.9806, 0.9765, 0.9482, 0.983, 0.9823, 0.9574, 0.9279, 0.9521]
    val = [0.8809, 0.7093, 0.6242, 0.6334, 0.6212, 0.5902, 0.5742, 0.5669, 0.5783, 0.5707, 0.5307, 0.5309]
    acc = [0.3783, 0.4567, 0.505, 0.5292, 0.5083, 0.5183, 0.4925, 0.5183, 0.5025, 0.5433, 0.4808, 0.5]
    assert not [f for f in findings("LD102", run_of(loss=loss, val_loss=val, accuracy=acc), num_classes=4)
                if f.severity.label == "warning"]
    high_val = [x + 0.02 for x in loss]
    (g,) = findings("LD102", run_of(loss=loss, val_loss=high_val, accuracy=acc), num_classes=4)
    assert g.severity.label == "warning"

