"""After release 20 (rules-z16): audit20's candidate principles, on the runs' own numbers with their look-alikes.

- nan_inf: a held-out loss NaN/inf at its first evaluation only (3+ evaluations, every later one finite and the last
  5 %+ below the first finite one) is a note, not a warning: a held-out loss is never trained on, so that value never
  reached the weights (ultralytics results.csv: val/loss and val/cls_loss inf at epoch 1 only, then finite and falling).
  A training loss with the same shape, a held-out loss non-finite again later, or one that does not fall keep their
  severity.
"""
from __future__ import annotations

from lossdoctor.findings import Severity
from lossdoctor.model import Axis, Kind, Run, Split

from _shapes import found, loud, series

INF = float("inf")
NAN = float("nan")
# repo-nepali-htr-yolo11n (100 epochs, shortened): train/loss 5.89 -> 2.43, val/loss inf at epoch 1, then 3.9073 ->
# 2.4734; val/cls_loss inf at epoch 1, then 1.4367 -> 0.5083
TRAIN = [5.89, 4.61, 3.95, 3.52, 3.21, 2.98, 2.80, 2.66, 2.54, 2.43]
VAL = [INF, 3.9073, 3.41, 3.12, 2.95, 2.81, 2.70, 2.61, 2.53, 2.4734]
CLS = [INF, 1.4367, 1.10, 0.93, 0.80, 0.71, 0.64, 0.58, 0.54, 0.5083]


def _yolo(val: list[float], cls: list[float] = CLS, train: list[float] = TRAIN) -> Run:
    return Run("t", (series("train/loss", Kind.LOSS, Split.TRAIN, train),
                     series("val/loss", Kind.LOSS, Split.VAL, val),
                     series("val/cls_loss", Kind.LOSS, Split.VAL, cls)))


def test_a_held_out_loss_inf_at_its_first_evaluation_only_then_falling_is_a_note() -> None:
    run = _yolo(VAL)
    f = found(run, "nan_inf")
    assert f is not None and f.severity is Severity.INFO
    assert f.evidence["pattern"] == "first_evaluation_only" and f.evidence["first_finite_value"] == 3.9073
    assert "first evaluation only" in f.message.en and "仅在第一次评估" in f.message.zh
    assert "nan_inf" not in loud(run)


def test_a_held_out_loss_non_finite_again_later_keeps_the_warning() -> None:
    run = _yolo(VAL[:6] + [NAN] + VAL[7:])
    f = found(run, "nan_inf")
    assert f is not None and f.severity >= Severity.WARNING


def test_a_held_out_loss_that_does_not_fall_after_its_first_evaluation_keeps_the_warning() -> None:
    flat = [INF] + [3.9] * 9
    f = found(_yolo(flat, cls=[INF] + [1.4] * 9), "nan_inf")
    assert f is not None and f.severity >= Severity.WARNING


def test_a_training_loss_inf_at_its_first_print_only_keeps_its_severity() -> None:
    """The training loss is what the weights are updated from: its first value did reach them."""
    run = _yolo([3.9073] + VAL[1:], cls=[1.4367] + CLS[1:], train=[INF] + TRAIN[1:])
    f = found(run, "nan_inf")
    assert f is not None and f.severity >= Severity.WARNING


def test_two_evaluations_are_too_few_for_the_note() -> None:
    run = _yolo(VAL[:2], cls=CLS[:2], train=TRAIN[:2])
    f = found(run, "nan_inf")
    assert f is not None and f.severity >= Severity.WARNING


# ---- overfitting: a held-out accuracy far under the training accuracy at the end -----------------------------------
# gh-flickr-style-13 (a Caffe fine-tune): 4 training prints at batch accuracy 1.00, 1.00, 1.00, 0.98 and one
# `Testing Accuracy = 0.4336`; no held-out loss
FLICKR_STEPS = [5040, 5060, 5080, 5100]
# gh-alexnet-keras-4 (7 Keras epochs, binary): accuracy 0.88-0.90, val_acc 0.53-0.64
ALEX_LOSS = [0.0889, 0.0848, 0.0859, 0.0787, 0.0825, 0.0765, 0.0774]
ALEX_VAL_LOSS = [0.2725, 0.2937, 0.276, 0.2841, 0.2466, 0.2792, 0.2972]
ALEX_ACC = [0.8755, 0.8874, 0.8867, 0.8949, 0.888, 0.9024, 0.9011]
ALEX_VAL_ACC = [0.5857, 0.5286, 0.6143, 0.5571, 0.5786, 0.6429, 0.55]


def _flickr(test_acc: float) -> Run:
    return Run("t", (series("Training Loss", Kind.LOSS, Split.TRAIN, [0.0148, 0.0249, 0.0172, 0.0552], Axis.STEP,
                            FLICKR_STEPS),
                     series("Accuracy", Kind.ACCURACY, Split.TRAIN, [1.0, 1.0, 1.0, 0.98], Axis.STEP, FLICKR_STEPS),
                     series("Testing Accuracy", Kind.ACCURACY, Split.TEST, [test_acc], Axis.STEP, [5120])))


def _alexnet(val_acc: list[float], loss: list[float] = ALEX_LOSS, val_loss: list[float] = ALEX_VAL_LOSS) -> Run:
    return Run("t", (series("loss", Kind.LOSS, Split.TRAIN, loss), series("val_loss", Kind.LOSS, Split.VAL, val_loss),
                     series("acc", Kind.ACCURACY, Split.TRAIN, ALEX_ACC),
                     series("val_acc", Kind.ACCURACY, Split.VAL, val_acc)))


def test_a_test_accuracy_far_under_a_fitted_training_accuracy_warns_with_low_confidence() -> None:
    run = _flickr(0.4336)
    f = found(run, "overfitting")
    assert f is not None and f.severity is Severity.WARNING and f.evidence["pattern"] == "far_accuracy_gap"
    assert abs(f.evidence["accuracy_gap"] - (1.0 - 0.4336)) < 1e-9 and f.confidence < 0.5
    assert "far fewer unseen examples right" in f.message.en and "记忆训练集" in f.message.zh


def test_a_hard_tasks_ordinary_gap_is_no_far_gap() -> None:
    """Training at 0.98-1.00 against a test accuracy 20 points lower (a fine-tune on a small, hard set) is under 30."""
    f = found(_flickr(0.80), "overfitting")
    assert f is None or f.evidence.get("pattern") != "far_accuracy_gap"


def test_a_validation_accuracy_far_under_training_over_7_epochs_warns() -> None:
    run = _alexnet(ALEX_VAL_ACC)
    f = found(run, "overfitting")
    assert f is not None and f.severity is Severity.WARNING and f.evidence["pattern"] == "far_accuracy_gap"
    assert 0.30 < f.evidence["accuracy_gap"] < 0.36 and "overfitting" in loud(run)


def test_a_gap_inside_a_tiny_validation_sets_scatter_is_no_far_gap() -> None:
    """The same medians, but a validation accuracy jumping by 0.3-0.4 between epochs (a few dozen rows): the gap is
    under 3 standard errors of the median, a chance gap."""
    jumpy = [0.95, 0.2, 0.9, 0.25, 0.95, 0.58, 0.2]
    f = found(_alexnet(jumpy), "overfitting")
    assert f is None or f.evidence.get("pattern") != "far_accuracy_gap"


def test_a_run_whose_held_out_loss_ends_nan_gets_no_far_gap() -> None:
    """text-gcn-130's shape: val_loss NaN at every epoch, val_acc frozen at 0.32 while training is at 0.98 - the
    evaluation is broken (nan_inf), its accuracy says nothing about generalisation."""
    run = _alexnet(ALEX_VAL_ACC, val_loss=[NAN] * 7)
    f = found(run, "overfitting")
    assert f is None or f.evidence.get("pattern") != "far_accuracy_gap"
    assert "nan_inf" in loud(run)


# ---- overfitting: a held-out loss up at both of the 2 evaluations since its best ---------------------------------
# nb-pku-ai-2024-arthals-imdb-gru (10 epochs, train/test): test loss lowest at epoch 8 (0.3253), then 0.3652, 0.4698
# while training falls at each; test accuracy 0.8647 at the best loss, 0.8598 at the end (2.6 of its noise levels)
GRU_TRAIN = [0.6307, 0.467, 0.3914, 0.3348, 0.2872, 0.2483, 0.209, 0.1753, 0.1406, 0.1198]
GRU_TEST = [0.5293, 0.4285, 0.3858, 0.3581, 0.3355, 0.3446, 0.3412, 0.3253, 0.3652, 0.4698]
GRU_ACC = [0.7375, 0.7959, 0.8242, 0.8459, 0.8548, 0.8554, 0.8659, 0.8647, 0.8675, 0.8598]
# gh-yolov2-6 (4 epochs, losses only): val_loss 1.5564 -> 1.5285 -> 1.551 -> 1.5861, training 1.608 -> 1.4509
YOLO_TRAIN = [1.608, 1.5307, 1.4806, 1.4509]
YOLO_VAL = [1.5564, 1.5285, 1.551, 1.5861]
# repo-gluonnlp-bert-base-mnli (healthy): eval loss 0.4338 -> 0.4085 -> 0.4381 -> 0.4988, accuracy 0.8507 -> 0.8454
MNLI_TRAIN = [0.5738, 0.3743, 0.2651, 0.1937]
MNLI_VAL = [0.4338, 0.4085, 0.4381, 0.4988]
MNLI_ACC = [0.8329, 0.8507, 0.8476, 0.8454]


def test_two_rises_with_the_test_accuracy_falling_beyond_its_noise_warn() -> None:
    run = Run("t", (series("Loss", Kind.LOSS, Split.TRAIN, GRU_TRAIN),
                    series("Test Average loss", Kind.LOSS, Split.TEST, GRU_TEST),
                    series("Test Accuracy", Kind.ACCURACY, Split.TEST, GRU_ACC)))
    f = found(run, "overfitting")
    assert f is not None and f.severity is Severity.WARNING and f.evidence["pattern"] == "steady_rise"
    assert f.evidence["evaluations_after_best"] == 2 and f.evidence["best_epoch"] == 8.0


def test_two_rises_of_a_loss_only_log_warn() -> None:
    run = Run("t", (series("loss", Kind.LOSS, Split.TRAIN, YOLO_TRAIN), series("val_loss", Kind.LOSS, Split.VAL,
                                                                               YOLO_VAL)))
    f = found(run, "overfitting")
    assert f is not None and f.severity is Severity.WARNING and f.evidence["evaluations_after_best"] == 2


def test_two_rises_while_the_accuracy_holds_within_its_noise_are_no_warning_but_the_loss_alone_would_be() -> None:
    """The held-out accuracy decides: the same MNLI losses without it are read from the loss alone."""
    with_acc = Run("t", (series("train loss", Kind.LOSS, Split.TRAIN, MNLI_TRAIN),
                         series("eval loss", Kind.LOSS, Split.VAL, MNLI_VAL),
                         series("eval accuracy", Kind.ACCURACY, Split.VAL, MNLI_ACC)))
    assert "overfitting" not in loud(with_acc)
    loss_only = Run("t", with_acc.series[:2])
    f = found(loss_only, "overfitting")
    assert f is not None and f.severity is Severity.WARNING and f.evidence["pattern"] == "steady_rise"


def test_one_rise_is_no_steady_rise() -> None:
    run = Run("t", (series("loss", Kind.LOSS, Split.TRAIN, YOLO_TRAIN[:3]),
                    series("val_loss", Kind.LOSS, Split.VAL, YOLO_VAL[:3])))
    f = found(run, "overfitting")
    assert f is None or f.evidence.get("pattern") != "steady_rise"
