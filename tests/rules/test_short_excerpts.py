"""Short excerpts (2-10 epochs, as people paste them) get a finding with a low confidence, never silence;
an accuracy that shows learning is never called stuck at chance; a slow steady creep blames the step size first."""
from __future__ import annotations

import math

import numpy as np

from lossdoctor.engine import diagnose_run
from lossdoctor.config import Options

from _shapes import ALL_WARN, assert_reported_as_policy, decay, findings, run_of


def _rep(num_classes: int | None = None, **series: list[float]):
    return diagnose_run(run_of(**series), Options(num_classes=num_classes))


def test_loss_identical_on_every_line_is_flagged_with_low_confidence() -> None:
    rep = _rep(loss=[0.6931, 0.6931, 0.6931, 0.6931], accuracy=[0.5012, 0.4988, 0.5003, 0.4991])
    f = next(f for f in rep.findings if f.name in ("loss_not_decreasing", "stuck_at_chance") and not f.explained_by)
    assert f.severity.label in ("warning", "error") and f.confidence < 0.7
    assert "more epochs" in f.message.en


def test_first_loss_on_ln_c_beside_a_flat_accuracy_three_epochs() -> None:
    ln10 = round(math.log(10), 4)
    rep = _rep(loss=[ln10, 2.3026, 2.3025], accuracy=[0.0987, 0.1001, 0.0996])
    f = next(f for f in rep.findings if f.name == "stuck_at_chance")
    assert f.severity.label == "warning" and 0.05 <= f.confidence < 0.7
    assert rep.verdict != "healthy"


def test_three_epochs_on_ln_c_with_a_climbing_accuracy_is_not_stuck() -> None:
    rep = _rep(loss=[2.3026, 2.3024, 2.3021], accuracy=[0.11, 0.25, 0.41])
    assert all(f.name != "stuck_at_chance" or f.severity.label == "info" for f in rep.findings)


def test_accuracy_near_one_on_a_loss_floor_is_a_disagreement_not_stuck_at_chance() -> None:
    # a double-softmax floor: 10 classes, the loss levels off near ln(1 + 9/e) = 1.46 while accuracy reaches 0.97.
    # A person reads "97% right but the loss cannot go down": loss and accuracy disagree (a warning), the model is not
    # stuck at chance.
    n = 30
    loss = [1.4615 + (2.30 - 1.4615) * 0.78 ** i for i in range(n)]
    acc = [min(0.97, 0.1 + 0.87 * (1 - 0.8 ** i)) for i in range(n)]
    rep = _rep(num_classes=10, loss=loss, accuracy=acc)
    assert all(f.severity.label == "info" for f in rep.findings if f.name == "stuck_at_chance")
    (f,) = [f for f in rep.findings if f.name == "loss_metric_disagreement"]
    # a mismatch, not a broken run: reported as a note with its numbers (rules/_policy.py); its rule judges it a
    # warning, which it is with `warn = true`
    assert f.severity.label == "info" and f.evidence["pattern"] == "loss_too_high_for_accuracy"
    assert rep.verdict == "healthy"
    judged = diagnose_run(run_of(loss=loss, accuracy=acc), Options(num_classes=10, rules=ALL_WARN))
    assert_reported_as_policy(list(rep.findings), list(judged.findings))
    assert judged.verdict == "warning" and judged.primary is not None
    assert judged.primary.name == "loss_metric_disagreement"


def test_both_losses_rising_every_epoch_while_accuracy_falls() -> None:
    rep = _rep(loss=[0.52, 0.61, 0.74, 0.93], val_loss=[0.55, 0.66, 0.81, 1.02],
               val_accuracy=[0.81, 0.77, 0.70, 0.62])
    f = next(f for f in rep.findings if f.name == "divergence")
    assert f.severity.label == "warning" and f.confidence < 0.8


def test_two_rising_points_are_not_enough() -> None:
    rep = _rep(loss=[0.52, 0.61, 0.60], val_loss=[0.55, 0.66, 0.65])
    assert all(f.name != "divergence" for f in rep.findings)


def test_memorised_excerpt_train_acc_one_and_loss_far_below_flat_val() -> None:
    # the pasted Keras lines of a run at epochs 95-100: acc 1.0, loss ~5e-4, val_loss ~0.13 and flat
    rep = _rep(loss=[4.6988e-04, 5.7437e-04, 6.3242e-04, 5.3643e-04, 4.2413e-04, 4.8201e-04],
               accuracy=[1.0] * 6, val_loss=[0.1290, 0.1321, 0.1312, 0.1322, 0.1326, 0.1295],
               val_accuracy=[0.96] * 6)
    f = next(f for f in rep.findings if f.name == "overfitting")
    assert f.severity.label == "warning" and f.evidence["pattern"] == "memorised" and f.confidence < 0.9


def test_healthy_excerpt_with_val_still_falling_is_not_memorised() -> None:
    rep = _rep(loss=[0.30, 0.21, 0.15, 0.11, 0.08], accuracy=[0.90, 0.93, 0.95, 0.97, 0.98],
               val_loss=[0.33, 0.26, 0.21, 0.18, 0.16], val_accuracy=[0.89, 0.91, 0.93, 0.94, 0.95])
    assert rep.verdict == "healthy", [f.message.en for f in rep.findings]


def test_slow_steady_creep_with_a_small_lr_blames_the_learning_rate_first() -> None:
    y = 2.30 - 0.004 * np.arange(30) + 0.002 * np.random.default_rng(1).standard_normal(30)
    run = run_of(loss=list(y), lr=[1e-5] * 30)
    f = findings("LD103", run)
    assert f and f[0].causes[0].cause == "lr_too_low"


def test_confidence_grows_with_points_seen() -> None:
    short = findings("LD103", run_of(loss=[1.0] * 3))
    long = findings("LD103", run_of(loss=[1.0] * 30))
    assert short and long and short[0].confidence < long[0].confidence
    assert findings("LD103", run_of(loss=list(decay(30)))) == []


def test_a_guessed_number_of_classes_hedges_an_abnormal_start() -> None:
    """C read off a plateau (the loss sits at ln 10 after a high start): a note with a low confidence unless the
    curve itself confirms the blow-up by falling 3x right after the first value; --num-classes makes it sure."""
    slow = [8.0, 7.6, 7.3, 7.0] + [2.3026 + 0.0004 * ((-1) ** i) for i in range(12)]
    fast = [40.0, 7.6, 7.3, 7.0] + [2.3026 + 0.0004 * ((-1) ** i) for i in range(12)]
    hedged = findings("LD113", run_of(loss=slow))
    assert hedged and hedged[0].severity.label == "info" and hedged[0].confidence <= 0.35
    confirmed = findings("LD113", run_of(loss=fast))
    assert confirmed and confirmed[0].severity.label == "warning" and confirmed[0].confidence <= 0.6
    given = findings("LD113", run_of(loss=slow), num_classes=10)
    assert given and given[0].severity.label == "warning" and given[0].confidence > hedged[0].confidence


def test_a_learning_loss_on_another_scale_is_not_an_impossible_cross_entropy() -> None:
    """A heatmap MSE (0.002 -> 0.0005) beside a keypoint accuracy rising from 0.05: not a broken cross-entropy;
    a loss stuck at 0 beside an accuracy of 0.5 (softmax on one unit) still is."""
    steps = list(range(0, 400, 10))
    mse = [0.0022 * (0.25 + 0.75 * 0.95 ** i) for i in range(len(steps))]
    acc = [0.05 + 0.7 * (1 - 0.93 ** i) for i in range(len(steps))]
    assert findings("LD111", run_of(steps=steps, loss=mse, accuracy=acc)) == []
    zero = findings("LD111", run_of(loss=[0.0] * 8, accuracy=[0.5, 0.49, 0.51, 0.5, 0.5, 0.49, 0.5, 0.5]))
    assert zero and zero[0].evidence["pattern"] == "loss_too_small_for_accuracy"


def test_a_log_ending_on_an_explosion_is_divergence() -> None:
    rep = _rep(loss=[0.3477, 0.2199, 0.1750, 0.1605, 1.63e18], val_loss=[5.11, 3.28, 3.21, 3.05, 1.86e7])
    f = next(f for f in rep.findings if f.name == "divergence")
    assert f.severity.label == "error" and f.evidence["pattern"] == "final_explosion"
    calm = _rep(loss=[0.3477, 0.2199, 0.1750, 0.1605, 0.9], val_loss=[5.11, 3.28, 3.21, 3.05, 3.3])
    assert all(f.name != "divergence" or f.evidence.get("pattern") != "final_explosion" for f in calm.findings)


def test_two_epochs_of_validation_up_and_training_down() -> None:
    rep = _rep(loss=[0.0481, 0.0010], val_loss=[0.0378, 0.0916], val_accuracy=[0.494, 0.5])
    f = next(f for f in rep.findings if f.name == "overfitting")
    assert f.severity.label == "warning" and f.confidence < 0.5 and "more epochs" in f.message.en
    small = _rep(loss=[0.50, 0.45], val_loss=[0.52, 0.53])
    assert all(f.name != "overfitting" for f in small.findings)


def test_a_loss_stuck_at_clipped_log_zero_from_two_lines() -> None:
    """Caffe prints loss = 87.3365 (-ln FLT_MIN) when the true class gets probability 0: two lines say it."""
    f = findings("LD103", run_of(loss=[87.3365, 87.3365], accuracy=[8.4e-05, 9.5e-04]))
    assert f and "log(0)" in f[0].message.en and f[0].causes[0].cause == "lr_too_high"
    assert findings("LD103", run_of(loss=[2.3026, 2.3026])) == []  # 2 identical lines elsewhere: too little
