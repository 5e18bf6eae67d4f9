"""Causes ranked by what the log holds, and the symptoms a person reads at a glance, on real framework logs
(tests/fixtures/families_v1, scripts/fixtures/gen_families_v1.py) and on arrays for the edges."""
from __future__ import annotations

from pathlib import Path

import numpy as np

import lossdoctor
from lossdoctor.findings import Severity
from lossdoctor.rules._cause_evidence import LrReading, above_chance, unabated

from _shapes import ALL_WARN, assert_reported_as_policy, decay, findings, run_of

FAM = Path(__file__).resolve().parents[1] / "fixtures" / "families_v1"


def _report(run_id: str, judged: bool = False) -> lossdoctor.Report:
    """The family run's report; `judged`: every finding at the severity its rule judged (`warn = true`), after checking
    that the default report holds the same findings and numbers at the severity the warning policy allows."""
    log = FAM / run_id / "log"
    csvs = sorted(log.rglob("*.csv")) + sorted(log.glob("training.log")) + sorted(log.glob("train.log"))
    rep = lossdoctor.diagnose(csvs[0] if csvs else log)
    if not judged:
        return rep
    seen = lossdoctor.diagnose(csvs[0] if csvs else log, rules=ALL_WARN)
    assert_reported_as_policy(list(rep.findings), list(seen.findings))
    return seen


def _top(rep: lossdoctor.Report, k: int = 3) -> list[str]:
    return [c.cause for c in rep.causes[:k]]


def _by_name(rep: lossdoctor.Report, name: str) -> lossdoctor.Finding:
    return next(f for f in rep.findings if f.name == name)


def test_pixels_0_255_first_epoch_mean_above_what_its_accuracy_allows() -> None:
    assert _by_name(_report("cnn_pixels_0_255_keras-s0"), "abnormal_initial_loss").severity is Severity.INFO  # a note
    rep = _report("cnn_pixels_0_255_keras-s0", judged=True)
    f = _by_name(rep, "abnormal_initial_loss")
    assert f.severity is Severity.WARNING and 0.3 <= f.confidence <= 0.6  # C unknown: sure only so far
    assert f.evidence["first_loss"] > f.evidence["expected_initial_loss"] + 1.0
    assert _top(rep, 1) == ["unnormalized_input"]


def test_small_loss_converging_is_not_an_abnormal_start() -> None:
    # d2l linear regression from scratch, 3 epochs: a fast fit, the loss falls 300x after the first epoch mean
    assert not findings("LD113", run_of(loss=[0.028127, 0.000095, 0.000050]))
    assert findings("LD113", run_of(loss=[5e4, 40.0, 30.0, 25.0]))  # a huge first value still counts


def test_majority_share_accuracy_with_loss_at_prior_entropy_is_a_constant_prediction() -> None:
    rep = _report("cnn_imbalanced_lightning-s0")
    f = _by_name(rep, "stuck_at_chance")
    assert f.severity is Severity.ERROR  # not refuted by an accuracy of 0.95: that is the majority share itself
    assert f.evidence["majority_share"] > 0.9 and f.evidence["accuracy_identical"] is True
    assert _top(rep, 1) == ["class_imbalance"]


def test_flat_loss_above_ln_c_ranks_lr_too_high_first() -> None:
    rep = _report("cnn_sgd_lr5_lightning-s1")
    f = _by_name(rep, "loss_not_decreasing")
    assert f.causes[0].cause == "lr_too_high" and "above ln(C)" in f.causes[0].why.en
    assert all(x.text.en.split()[0] != "Raise" for x in f.fixes)  # never advise raising an LR that overshoots
    assert _top(rep, 1) == ["lr_too_high"]


def test_slow_creep_with_a_large_logged_lr_is_not_blamed_on_a_small_lr() -> None:
    rep = _report("gru_adam_lr_high_tb-s0")  # Adam at LR 0.2, logged
    assert _top(rep, 1) == ["lr_too_high"]
    assert "lr_too_low" not in _top(rep, 5)


def test_creep_at_ln_c_at_the_same_pace_ranks_lr_too_low_first() -> None:
    rep = _report("lstm_sgd_lr_tiny_keras-s0")  # SGD at 1e-5, not logged: the curve's pace says it
    assert _by_name(rep, "stuck_at_chance").causes[0].cause == "lr_too_low"
    assert _top(rep, 1) == ["lr_too_low"]


def test_dead_units_keep_their_causes() -> None:
    # ln(C) from the first evaluation, never below: dead units, a step that updates nothing and inputs that carry
    # nothing give the same curve, so dead units stay among the first three beside the step bug (ranked first: a
    # default initialisation does not start with every unit dead)
    rep = _report("cnn_dead_relu_tb-s0")
    assert "dead_relu" in _top(rep, 3) and _top(rep, 1) == ["training_step_bug"]


def test_huge_start_then_never_below_chance_blames_init_and_steps() -> None:
    rep = _report("gru_large_init_no_clip_tb-s0")  # N(0, 3) weights, SGD 0.5, no clipping
    f = _by_name(rep, "abnormal_initial_loss")
    assert {c.cause for c in f.causes[:3]} == {"lr_too_high", "bad_initialization", "exploding_gradients"}
    assert {"lr_too_high", "bad_initialization"} & set(_top(rep))


def test_val_accuracy_at_chance_with_c_from_the_first_validation_loss() -> None:
    rep = _report("transformer_random_labels_lightning-s0")  # first training epoch mean 3.7% off ln 3
    f = _by_name(rep, "stuck_at_chance")
    assert f.evidence["num_classes"] == 3 and f.evidence["num_classes_from"] == "initial_val_loss"
    assert _top(rep, 1) == ["noisy_labels"]


def test_accuracy_floor_most_evaluations_sit_on_names_c() -> None:
    # balanced training accuracy at 1/4 on every epoch; validation (unbalanced) at one class's share 0.205 on 7 of 12
    train = [0.25, 0.256, 0.247, 0.262, 0.262, 0.246, 0.252, 0.265, 0.26, 0.238, 0.254, 0.233]
    val = [0.205, 0.317, 0.317, 0.205, 0.205, 0.225, 0.205, 0.317, 0.205, 0.205, 0.317, 0.205]
    from lossdoctor.config import Options
    from lossdoctor.rules.chance import infer_classes
    run = run_of(loss=[1.5] * 12, accuracy=train, val_accuracy=val)
    got = infer_classes(run, Options())
    assert got is not None and got.count == 4


def test_loss_beside_an_accuracy_of_another_pass_is_not_impossible() -> None:
    # a per-iteration fine-tuning loss near 0 beside a test accuracy of 0.56 logged every 100 iterations
    from lossdoctor.model import Axis
    from lossdoctor.readers._base import Points, make_run
    loss, acc = Points(), Points()
    for step, v in zip(range(1, 901), np.r_[decay(100, 1.2, 0.01), np.full(800, 3e-4)]):
        loss.add(float(step), float(v))
    for step in range(100, 901, 100):
        acc.add(float(step), 0.56)
    merged = make_run("t", "t", "test", {"loss": loss, "accuracy": acc}, Axis.STEP)
    got = findings("LD111", merged)
    assert not any(f.evidence.get("pattern") == "loss_too_small_for_accuracy" for f in got)
    same = run_of(loss=[3e-4] * 8, accuracy=[0.56] * 8)  # the same pass: impossible
    assert any(f.evidence.get("pattern") == "loss_too_small_for_accuracy" for f in findings("LD111", same))


def test_helpers() -> None:
    assert LrReading(0.2).large and not LrReading(0.2).small and LrReading(1e-5).small
    assert not LrReading(None).large and LrReading(None).phrase() == ("", "")
    assert above_chance(1.47, np.log(4), 0.01) and not above_chance(1.39, np.log(4), 0.01)
    assert not above_chance(1.47, None, 0.01)
    assert unabated(1.0986 - 1e-6 * np.arange(15))  # the same pace to the end
    assert not unabated(1.0 + np.exp(-np.arange(15.0)))  # a decrease that levels off


def test_double_softmax_high_accuracy_on_a_loss_floor_is_a_warning() -> None:
    # a mismatch, not a broken run: a note by default (rules/_policy.py); its rule judges it a warning (warn = true)
    assert _report("cnn_double_softmax_keras-s0").verdict == "healthy"
    rep = _report("cnn_double_softmax_keras-s0", judged=True)  # Keras fit(verbose=2): accuracy 0.97, loss near 0.78
    f = _by_name(rep, "loss_metric_disagreement")
    assert f.severity is Severity.WARNING and f.evidence["pattern"] == "loss_too_high_for_accuracy"
    assert f.evidence["loss_level"] >= 0.98 * f.evidence["calibrated_loss_bound"] and f.evidence["ratio"] > 3
    assert rep.verdict == "warning" and _top(rep, 1) == ["label_or_loss_misconfig"]
    assert all(g.severity is Severity.INFO for g in rep.findings if g.name in ("stuck_at_chance", "underfitting"))


def test_underconfidence_needs_a_single_loss_and_a_high_accuracy() -> None:
    acc = np.minimum(0.97, np.linspace(0.3, 1.3, 20))
    floor = np.full(20, 1.49)
    assert findings("LD111", run_of(loss=floor, accuracy=acc))  # 97% right, loss held at 1.49: squashed outputs
    # label smoothing 0.1 over 10 classes holds a loss near 0.5 beside the same accuracy: honest enough
    assert not any(f.evidence.get("pattern") == "loss_too_high_for_accuracy"
                   for f in findings("LD111", run_of(loss=np.full(20, 0.5), accuracy=acc)))
    # a detection log: several loss terms add up; the total is not one cross-entropy
    multi = run_of(loss=floor, loss_bbox=np.full(20, 0.9), loss_cls=np.full(20, 0.59), accuracy=acc)
    assert not any(f.evidence.get("pattern") == "loss_too_high_for_accuracy" for f in findings("LD111", multi))


def test_loss_identical_on_every_line_of_an_excerpt() -> None:
    # three Keras lines "loss: 2.3026 - accuracy: 0.0987": a person sees at a glance that nothing is updated
    from lossdoctor.engine import diagnose_run
    from lossdoctor.config import Options
    rep = diagnose_run(run_of(loss=[2.3026] * 3, accuracy=[0.0987] * 3, val_loss=[2.3026] * 3,
                              val_accuracy=[0.098] * 3), Options())
    f = _by_name(rep, "stuck_at_chance")
    assert f.severity is Severity.WARNING and f.confidence < 0.6 and "Only 3 epochs" in f.message.en
    assert f.causes[0].cause == "training_step_bug"


PUBLIC = Path(__file__).resolve().parents[1] / "fixtures" / "public_runs"


def test_excerpt_from_the_middle_has_no_initial_loss_and_a_pinned_accuracy_is_sure() -> None:
    # RMDL issue 12, epochs 278-284 of 300: loss 14.5063 and acc 0.1000 on every line
    rep = lossdoctor.diagnose(PUBLIC / "keras_verbose2_constant_rmdl_12.log")
    assert all(f.name != "abnormal_initial_loss" for f in rep.findings)
    f = _by_name(rep, "stuck_at_chance")
    assert f.severity is Severity.ERROR and f.confidence >= 0.7  # the accuracy sits exactly on 1/10 for 7 epochs
    assert findings("LD113", run_of(loss=[5e4, 40.0, 30.0, 25.0]))  # the same values from the start do count
    assert not findings("LD113", run_of(steps=[278, 279, 280, 281], loss=[5e4, 40.0, 30.0, 25.0]))


def test_a_validation_accuracy_that_jumps_to_088_is_noisy_not_at_chance() -> None:
    # Cross Validated 475815: binary task, val_acc 0.49 0.50 0.53 0.61 0.61 0.50 0.86 0.60 0.88 0.49
    rep = lossdoctor.diagnose(PUBLIC / "bracket_epoch_noisy_val_cv475815.log", num_classes=2)
    assert all(f.name != "stuck_at_chance" for f in rep.findings)
    assert _by_name(rep, "noisy_validation").severity is Severity.INFO  # noise is a note (rules/_policy.py)
    judged = lossdoctor.diagnose(PUBLIC / "bracket_epoch_noisy_val_cv475815.log", num_classes=2, rules=ALL_WARN)
    assert _by_name(judged, "noisy_validation").severity is Severity.WARNING  # as its rule judges it: warn = true


def test_fano_first_loss_needs_one_cross_entropy_and_the_curve_to_confirm() -> None:
    loss = [6.78, 2.27, 1.47, 1.13, 0.86, 0.67, 0.53]  # cnn_pixels_0_255's first epochs
    acc = [0.31, 0.39, 0.50, 0.57, 0.68, 0.75, 0.80]
    assert findings("LD113", run_of(loss=loss, accuracy=acc))
    # a first epoch mean that falls slowly after (a 1000-class run learning) is no sign of a broken start
    assert not findings("LD113", run_of(loss=[6.78, 5.9, 5.2, 4.8, 4.5, 4.3, 4.1], accuracy=acc))
    # a detection log: the total of several loss terms is not one cross-entropy
    multi = run_of(loss=loss, loss_bbox=[3.0] * 7, loss_cls=[3.78] * 7, accuracy=acc)
    assert not findings("LD113", multi)
