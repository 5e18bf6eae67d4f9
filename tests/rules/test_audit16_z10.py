"""r19 and r20's disagreements (rules-z10), each principle on the run's own numbers with controls beside it:
a validation accuracy above 1/C at nearly every evaluation of the second half is held above chance (keras-io's 3D CT
scans, healthy: 13 of 14 above 1/2, one at exactly 1/2); an earlier validation loss as high as the end is an excursion
the curve came back from only when it stood out of the curve around it (EfficientNetB0 trained from scratch on
Stanford Dogs, labelled overfitting)."""
from __future__ import annotations

import numpy as np

from lossdoctor import stats

from _shapes import found, run_of

# ---- 1. a validation accuracy above 1/C at nearly every evaluation of the second half is not at chance -----------

# keras-io "3D image classification from CT scans" (Keras 3, verbose=2), 28 epochs, 60 validation volumes, 2 classes
CT_ACC = [0.5786, 0.6000, 0.5643, 0.6643, 0.6714, 0.5929, 0.5929, 0.6000, 0.6357, 0.6500, 0.6714, 0.6714, 0.7214,
          0.6643, 0.6571, 0.6429, 0.6786, 0.6286, 0.7214, 0.7571, 0.7357, 0.7357, 0.7071, 0.7071, 0.7643, 0.7357,
          0.7286, 0.7429]
CT_LOSS = [0.7128, 0.6760, 0.6768, 0.6671, 0.6274, 0.6492, 0.6601, 0.6559, 0.6423, 0.6127, 0.5994, 0.5980, 0.6003,
           0.6076, 0.6359, 0.6053, 0.6119, 0.6298, 0.5979, 0.5224, 0.5606, 0.5334, 0.5337, 0.5635, 0.4787, 0.5535,
           0.5608, 0.5436]
CT_VAL_ACC = [0.5000, 0.5000, 0.5000, 0.5000, 0.5667, 0.6667, 0.5667, 0.6667, 0.6000, 0.6500, 0.7000, 0.7167, 0.7833,
              0.7167, 0.6167, 0.7167, 0.5667, 0.6667, 0.5833, 0.7167, 0.7167, 0.5667, 0.5167, 0.7167, 0.6333, 0.6500,
              0.5000, 0.6500]
CT_VAL_LOSS = [0.8744, 1.2741, 1.4767, 1.2609, 0.6470, 0.6022, 0.6788, 0.6090, 0.6535, 0.6204, 0.6218, 0.5069, 0.5182,
               0.5613, 0.6184, 0.5258, 0.8481, 0.5709, 0.6730, 0.5710, 0.5444, 0.7919, 0.9527, 0.5333, 1.0172, 0.6926,
               3.3032, 0.6438]


def _ct(val_acc: list[float]) -> dict[str, str]:
    run = run_of(loss=CT_LOSS, accuracy=CT_ACC, val_loss=CT_VAL_LOSS, val_accuracy=val_acc)
    f = found(run, "stuck_at_chance", num_classes=2)
    return {} if f is None else {"stuck_at_chance": f.severity.label}


def test_a_sign_test_counts_one_side() -> None:
    assert stats.sign_test_p(14, 14) == 2.0 ** -14
    assert abs(stats.sign_test_p(13, 14) - 15 / 2 ** 14) < 1e-15
    assert stats.sign_test_p(7, 14) > 0.5 and stats.sign_test_p(0, 5) == 1.0


def test_a_validation_accuracy_above_one_half_at_13_of_14_late_evaluations_is_not_at_chance() -> None:
    """Healthy (the tutorial's result on 200 scans): validation accuracy 0.50 for 4 epochs, then 0.52-0.78; its
    second half above 1/2 at 13 of 14 evaluations (one at exactly 0.50, beside a validation loss spike of 3.30)."""
    assert _ct(CT_VAL_ACC) == {}


def test_the_same_run_with_a_validation_accuracy_on_both_sides_of_one_half_keeps_the_error() -> None:
    """Control: the same training curves with the second half scattered around 1/2 (5 of 14 below it, as random
    labels leave it) is still a validation accuracy at chance while training climbs."""
    rng = np.random.default_rng(0)
    half = 0.5 + 0.04 * rng.standard_normal(14)
    half[[1, 4, 7, 10, 12]] = [0.47, 0.46, 0.48, 0.45, 0.47]
    scattered = CT_VAL_ACC[:14] + [float(x) for x in half]
    assert _ct(scattered).get("stuck_at_chance") in ("warning", "error")


# ---- 2. an excursion is a jump out of the curve around it, not the scatter of a curve still coming down -----------

# keras-io "Image classification via fine-tuning with EfficientNet", training from scratch: 40 epochs, 120 classes
EFF_LOSS = [5.0567, 4.6918, 4.4749, 4.3206, 4.2312, 4.1162, 4.0150, 3.9147, 3.8297, 3.7321, 3.6451, 3.5514, 3.4654,
            3.3826, 3.2935, 3.2218, 3.1427, 3.0461, 2.9821, 2.8815, 2.8102, 2.7408, 2.6526, 2.5750, 2.5150, 2.4402,
            2.3199, 2.2645, 2.2110, 2.1086, 2.0610, 1.9866, 1.8821, 1.7858, 1.7074, 1.6256, 1.5603, 1.4419, 1.3612,
            1.2889]
EFF_VAL_LOSS = [4.9278, 5.5380, 4.4576, 4.9898, 4.3210, 4.3371, 3.9759, 4.1641, 3.8985, 3.8618, 3.9584, 3.8184, 3.8059,
                3.5726, 3.8134, 3.5051, 3.7206, 3.4122, 3.6481, 3.4767, 3.3183, 3.4887, 3.4622, 3.1873, 3.3391, 3.2679,
                3.5687, 3.3592, 3.6071, 3.4161, 3.5957, 3.7263, 3.6929, 3.8351, 4.1941, 4.1464, 4.0215, 4.1604, 4.0505,
                4.3660]


def _eff(val_loss: list[float]) -> str | None:
    f = found(run_of(loss=EFF_LOSS, val_loss=val_loss), "overfitting")
    return None if f is None else f.severity.label


def test_a_validation_loss_up_16_epochs_after_its_best_is_a_turn_though_it_passed_that_level_on_the_way_down() -> None:
    """Labelled overfitting (the author: "faces the significant challenge of overfitting"): validation loss best 3.19
    at epoch 24, then up to 4.0-4.37 over the last 6 epochs while training falls 2.58 -> 1.29. On the way down it read
    3.98 4.16 3.90 at epochs 7-9: 4.16 is within one noise level (0.24) of its neighbours, no excursion."""
    assert _eff(EFF_VAL_LOSS) == "warning"


def test_an_end_no_higher_than_a_jump_the_curve_came_back_from_stays_an_excursion() -> None:
    """Control: the same run with epoch 8 a jump out of the curve (5.2, 1.2 above its neighbours, 5 noise levels)
    that it came back from: the end (4.15) is no higher than that jump, one more excursion; not a warning."""
    jumped = list(EFF_VAL_LOSS)
    jumped[7] = 5.2
    assert _eff(jumped) != "warning"
