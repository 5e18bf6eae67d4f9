"""After release 20 (rules-z17): audit20's leakage and chance-level questions, each principle beside its healthy twin.

- suspected_leakage: validation perfect from the start while training is not (the validation accuracy 1.000 from one of
  its first evaluations to the end, the validation loss at most half the training loss) warns; an easy task reaching
  1.000 late, or early with the validation loss beside the training loss, or with training perfect too, does not.
- stuck_at_chance: the double-softmax floor needs an exact C: a C read off where the training loss began (an epoch's
  average, already below ln C) does not name it; the same curve with C given keeps the finding.
- suspected_leakage: a validation loss far under a training loss that carries a penalty term, beside a validation
  accuracy no better than the training one, is not too good.
"""
from __future__ import annotations

import math

import numpy as np

from lossdoctor.findings import Severity
from lossdoctor.rules._policy import capped

from _shapes import found, loud, names, run_of

N = 20
E = np.arange(N, dtype=float)
TRAIN_LOSS = 0.025 + 0.3 * np.exp(-E / 2)  # training still imperfect: 0.33 -> 0.025
TRAIN_ACC = np.minimum(0.99, 0.6 + 0.03 * E)


def _leak(val_acc: list[float], val_loss: np.ndarray, train_acc: np.ndarray | None = TRAIN_ACC):
    cols = {"loss": TRAIN_LOSS, "val_loss": val_loss, "val_accuracy": val_acc}
    if train_acc is not None:
        cols["accuracy"] = train_acc
    return run_of(**cols)


PERFECT_EARLY = [0.93] + [1.0] * (N - 1)  # 1.000 from the second evaluation to the end
LOW_VAL_LOSS = 0.2 * TRAIN_LOSS  # a fifth of the training loss (the families' leaked template: 0.0049 vs 0.0246)


def test_validation_perfect_from_the_start_while_training_is_not_warns() -> None:
    run = _leak(PERFECT_EARLY, LOW_VAL_LOSS)
    f = found(run, "suspected_leakage")
    assert f is not None and f.severity is Severity.WARNING and f.confidence >= 0.7
    assert f.evidence["pattern"] == "perfect_from_start" and f.evidence["perfect_evaluations"] == N // 2
    assert abs(f.evidence["val_train_loss_ratio_perfect"] - 0.2) < 1e-6
    assert "1.000" in f.message.en and "1.000" in f.message.zh
    assert "suspected_leakage" in loud(run)
    assert names(run, judged=True)["suspected_leakage"] == "warning"


def test_without_a_training_accuracy_the_loss_ratio_alone_says_training_is_not_perfect() -> None:
    f = found(_leak(PERFECT_EARLY, LOW_VAL_LOSS, train_acc=None), "suspected_leakage")
    assert f is not None and f.severity is Severity.WARNING


def test_an_easy_task_reaching_1_late_is_not_leakage() -> None:
    """The corpus's healthy runs at 1.000 reach it in the second quarter of the run or later."""
    late = [0.7 + 0.03 * i for i in range(8)] + [1.0] * (N - 8)
    assert "suspected_leakage" not in loud(_leak(late, LOW_VAL_LOSS))


def test_perfect_early_with_the_validation_loss_beside_the_training_loss_is_not_leakage() -> None:
    """An easy, well-separated task: validation right on every example, as sure as training (ratio 0.8)."""
    f = found(_leak(PERFECT_EARLY, 0.8 * TRAIN_LOSS), "suspected_leakage")
    assert f is None or f.evidence.get("pattern") != "perfect_from_start"
    assert "suspected_leakage" not in loud(_leak(PERFECT_EARLY, 0.8 * TRAIN_LOSS))


def test_perfect_early_with_training_perfect_too_is_not_this_sign() -> None:
    f = found(_leak(PERFECT_EARLY, LOW_VAL_LOSS, train_acc=np.ones(N)), "suspected_leakage")
    assert f is None or f.evidence.get("pattern") != "perfect_from_start"


def test_a_dip_before_the_second_half_keeps_the_sign() -> None:
    """The families' leaked template (s0): 1.000 at epoch 2, 0.967 and 0.79 at epochs 3-4, then 1.000 to the end."""
    dips = list(PERFECT_EARLY)
    dips[2], dips[3] = 0.967, 0.79
    f = found(_leak(dips, LOW_VAL_LOSS), "suspected_leakage")
    assert f is not None and f.evidence["pattern"] == "perfect_from_start" and f.severity is Severity.WARNING


def test_a_validation_accuracy_that_drops_below_1_in_the_second_half_is_not_this_sign() -> None:
    dips = list(PERFECT_EARLY)
    dips[12] = 0.97
    f = found(_leak(dips, LOW_VAL_LOSS), "suspected_leakage")
    assert f is None or f.evidence.get("pattern") != "perfect_from_start"


def test_only_the_perfect_start_reading_of_leakage_may_warn() -> None:
    assert capped(Severity.WARNING, "suspected_leakage", None, "perfect_from_start") is Severity.WARNING
    assert capped(Severity.ERROR, "suspected_leakage", None, "loss_exactly_zero") is Severity.INFO
    assert capped(Severity.ERROR, "suspected_leakage") is Severity.INFO
    assert capped(Severity.WARNING, "suspected_leakage", False, "perfect_from_start") is Severity.INFO


# h18_qt_resnext_adam_stlr_savetxt (healthy, 4 classes, no accuracy logged): numpy.savetxt columns
H18_TRAIN = [1.08715, 1.04909, 0.987955, 0.923441, 0.859338, 0.779269, 0.734366, 0.656465, 0.620514, 0.587014,
             0.544899, 0.540619]
H18_VAL = [1.02675, 1.00028, 0.961788, 0.901425, 0.849502, 0.882943, 0.738218, 0.705451, 0.686911, 0.658666,
           0.656242, 0.646809]


def test_a_first_loss_near_ln3_does_not_name_the_double_softmax_floor() -> None:
    """1.087 is within 3% of ln 3 (C = 3 guessed; the run has 4 classes), and the descent passes 0.551, the 3-class
    floor, still falling (8% of its drop in the last quarter): on its way down, not held. No stuck_at_chance."""
    run = run_of(train_loss=H18_TRAIN, val_loss=H18_VAL)
    assert found(run, "stuck_at_chance") is None
    assert "stuck_at_chance" not in loud(run)


def test_a_loss_levelled_on_the_floor_keeps_it_and_one_still_falling_through_it_does_not() -> None:
    """f19's clamped logits (C = 4 read off the first loss 1.352): 1.35 -> 0.76, its last quarter flat just above
    ln(1 + 3/e) = 0.742 - a floor. The same level passed by a loss still falling steadily is no floor."""
    floor = math.log(1 + 3 / math.e)
    x = np.arange(30)
    held = floor + 0.02 + (1.3522 - floor - 0.02) * np.exp(-x / 5)
    f = found(run_of(loss=held, val_loss=held + 0.08), "stuck_at_chance")
    assert f is not None and f.evidence["floor_kind"] == "double_softmax"
    assert f.evidence["num_classes_from"] == "initial_loss"
    falling = np.r_[held[:20], held[19] - 0.012 * np.arange(1, 11)]  # 12% of the drop in the last quarter
    assert found(run_of(loss=falling, val_loss=falling + 0.08), "stuck_at_chance") is None


def test_a_still_falling_loss_is_no_floor_even_with_c_given() -> None:
    run = run_of(train_loss=H18_TRAIN, val_loss=H18_VAL)
    assert found(run, "stuck_at_chance", num_classes=3) is None


# f19_underfit_l1_penalty_sum_not_mean's shape: a summed L1 penalty in the Keras training loss, val_loss at ln 4
PEN_TRAIN = [33.18, 14.2, 7.9, 5.1, 3.9, 3.2, 2.9, 2.7, 2.6, 2.51]
PEN_VAL = [1.3863, 1.3862, 1.3863, 1.3861, 1.3862, 1.3863, 1.3862, 1.3862, 1.3863, 1.3862]
PEN_ACC = [0.24, 0.26, 0.25, 0.27, 0.23, 0.25, 0.26, 0.24, 0.25, 0.26]
PEN_VAL_ACC = [0.25, 0.24, 0.26, 0.25, 0.25, 0.24, 0.26, 0.25, 0.25, 0.25]


def test_a_penalty_in_the_training_loss_beside_validation_no_better_than_training_is_not_leakage() -> None:
    run = run_of(loss=PEN_TRAIN, val_loss=PEN_VAL, accuracy=PEN_ACC, val_accuracy=PEN_VAL_ACC)
    assert found(run, "suspected_leakage") is None


def test_the_same_loss_ratio_beside_a_validation_accuracy_far_above_training_keeps_the_sign() -> None:
    val = [0.02, 0.015, 0.012, 0.01, 0.01, 0.009, 0.009, 0.008, 0.008, 0.008]
    run = run_of(loss=PEN_TRAIN, val_loss=val, accuracy=[0.55 + 0.02 * i for i in range(10)],
                 val_accuracy=[0.991, 0.993, 0.995, 0.996, 0.996, 0.997, 0.997, 0.998, 0.998, 0.998])
    f = found(run, "suspected_leakage")
    assert f is not None and "early_val_train_loss_ratio" in f.evidence


# kavita-melanoma-v2's shape (dev r24, 9 classes given, ln 9 = 2.197): a first loss of 14.7, then both losses level off
# just under chance (training 0.86 ln C, validation 0.97 ln C)
K_TRAIN = [14.68, 3.1, 2.30, 2.15, 2.10, 2.06] + [2.04, 2.02, 2.0, 1.98, 1.96, 1.95, 1.93, 1.92, 1.91, 1.90, 1.90, 1.89,
                                                  1.89, 1.8874]
K_VAL = [2.06, 2.05, 2.07, 2.03, 2.0095, 2.05, 2.08, 2.06, 2.1, 2.09, 2.11, 2.08, 2.12, 2.1, 2.11, 2.13, 2.12, 2.14,
         2.12, 2.13]
K_ACC = [0.20, 0.24, 0.25, 0.26, 0.26, 0.27, 0.27, 0.26, 0.28, 0.27, 0.28, 0.27, 0.28, 0.28, 0.27, 0.28, 0.28, 0.28,
         0.28, 0.28]


def test_both_losses_levelled_just_under_chance_with_c_given_warns_underfitting() -> None:
    run = run_of(loss=K_TRAIN, val_loss=K_VAL, accuracy=K_ACC)
    f = found(run, "underfitting", num_classes=9)
    assert f is not None and f.severity is Severity.WARNING and f.evidence["pattern"] == "near_chance"
    assert "ln(9)" in f.message.en and "ln(9)" in f.message.zh
    assert "underfitting" in loud(run, num_classes=9)


def test_the_same_curves_without_c_given_stay_a_note() -> None:
    run = run_of(loss=K_TRAIN, val_loss=K_VAL, accuracy=K_ACC)
    assert "underfitting" not in loud(run)


def test_losses_levelled_well_under_chance_stay_a_note() -> None:
    """A hard task learned halfway (both losses at 0.6 ln C): under-fitting as a shape worth knowing, not a model that
    learned next to nothing."""
    scale = 0.6 / 0.86
    run = run_of(loss=[K_TRAIN[0]] + [x * scale for x in K_TRAIN[1:]], val_loss=[x * scale for x in K_VAL],
                 accuracy=K_ACC)
    f = found(run, "underfitting", num_classes=9)
    assert f is None or (f.severity is Severity.INFO and f.evidence.get("pattern") != "near_chance")
