"""Rule release 14 (rules-z3): a short excerpt with a problem gets a note with its confidence instead of silence when a
rule's minimum point count (or a noise level that needs more points) silenced it, and says what more would settle it.
Healthy excerpts of the same length stay quiet."""
from __future__ import annotations

import numpy as np

from lossdoctor.findings import Finding
from lossdoctor.model import Axis, Kind, Split

from _shapes import found_in, series


# ---- train_loss_rebound: one step up a short excerpt did not come back from ----------------------------------------

def _jump_curve(rng: np.random.Generator, n: int, at: int, level: float, factor: float) -> list[float]:
    """A loss settled near `level` (1 % scatter) that steps to `factor` x and stays there (easing back a little)."""
    y = level * (1.0 + 0.01 * rng.standard_normal(n))
    y[at:] = level * factor * np.linspace(1.0, 0.8, n - at)
    return [float(v) for v in y]


def test_a_last_evaluation_jump_the_validation_loss_shares_gets_a_low_confidence_note() -> None:
    """A speech fine-tune card, 8 evaluations: training loss 5.06 -> 0.20, then 1.74 at the last one, validation loss
    up from 0.384 to 0.42 with it. Too few points for a noise level: the rebound reading was silent."""
    steps = [500.0 * i for i in range(1, 9)]
    f = found_in("train_loss_rebound",
                 series("Training Loss", Kind.LOSS, Split.TRAIN, [5.057, 2.724, 0.9755, 0.4624, 0.3158, 0.2604, 0.2,
                                                                  1.744], Axis.STEP, steps),
                 series("Validation Loss", Kind.LOSS, Split.VAL, [2.994, 1.446, 0.4299, 0.3628, 0.3835, 0.3802, 0.3842,
                                                                  0.4215], Axis.STEP, steps))
    assert f is not None and f.severity.label == "info" and f.evidence["pattern"] == "jump_excerpt"
    assert f.evidence["jump_step"] == 4000.0 and f.evidence["validation_shares"] is True
    assert f.confidence is not None and 0.2 <= f.confidence <= 0.4
    assert "Only 8 steps seen" in f.message.en and "a few more" in f.message.en and "只看到 8 步" in f.message.zh


def test_a_step_up_that_stays_up_without_a_validation_loss_gets_the_note() -> None:
    """CNTK, 6 epochs of a per-sample training loss: 1.44 1.57 1.31, then 12.3 9.8 8.7 (no held-out loss logged)."""
    rng = np.random.default_rng(3)
    for at in (2, 3, 4):
        f = found_in("train_loss_rebound", series("loss", Kind.LOSS, Split.TRAIN, _jump_curve(rng, 6, at, 1.4, 6.0)))
        assert f is not None and f.evidence["pattern"] == "jump_excerpt" and f.evidence["jump_epoch"] == at + 1
        assert f.evidence["validation_shares"] is None and f.confidence is not None and f.confidence <= 0.4


def test_one_point_before_the_step_needs_a_validation_loss_that_shares_it() -> None:
    """Keras, 4 epochs: loss 0.39 -> 0.88 0.77 0.58. One point before the step gives no scale of its own: the
    validation loss doubling with it (0.37 -> 0.74) is the witness; without one there is no note."""
    train = series("loss", Kind.LOSS, Split.TRAIN, [0.3925, 0.8816, 0.7743, 0.5779])
    f = found_in("train_loss_rebound", train, series("val_loss", Kind.LOSS, Split.VAL, [0.365, 0.7405, 0.6743, 0.5234]))
    assert f is not None and f.evidence["pattern"] == "jump_excerpt" and f.evidence["validation_shares"] is True
    g = found_in("train_loss_rebound", train)
    assert g is None or g.evidence.get("pattern") != "jump_excerpt"


def test_a_jump_the_validation_loss_does_not_share_is_one_batch_and_gets_no_note() -> None:
    """A card whose last logged training loss doubles while the validation loss keeps falling: one batch's loss."""
    f = found_in("train_loss_rebound",
                 series("Training Loss", Kind.LOSS, Split.TRAIN, [0.666, 0.548, 0.30, 0.29, 0.80]),
                 series("Validation Loss", Kind.LOSS, Split.VAL, [0.662, 0.556, 0.30, 0.29, 0.28]))
    assert f is None or f.evidence.get("pattern") != "jump_excerpt"


def test_healthy_short_excerpts_get_no_jump_note() -> None:
    """Noisy batch losses (a swing as large as the step), a dip and back, a loss crossing 0 (a WGAN critic printed to
    1e-4), a blow-up by orders of magnitude (divergence's reading) and a falling curve: none is a step that stayed."""
    cases = [
        [0.0011, 0.0045, 0.0519, 4.2e-05, 0.0671],  # batch losses swinging by 1000x
        [0.218, 0.184, 0.452, 0.155],  # one high point, back down
        [107.0, 33.3, 104.0],  # alternating
        [-0.0001, -0.0001, -0.0001, -0.0, 0.0001, -0.0, 0.0001],  # a critic near 0
        [0.348, 0.22, 0.175, 0.16, 1.63e18],  # a blow-up: divergence
        [2.0, 1.4, 1.1, 0.9, 0.8, 0.75],  # falling
    ]
    for values in cases:
        f = found_in("train_loss_rebound", series("loss", Kind.LOSS, Split.TRAIN, values))
        assert f is None or f.evidence.get("pattern") != "jump_excerpt", values


def test_ten_points_or_more_are_left_to_the_rebound_readings_with_a_noise_level() -> None:
    rng = np.random.default_rng(5)
    f = found_in("train_loss_rebound", series("loss", Kind.LOSS, Split.TRAIN, _jump_curve(rng, 12, 8, 1.0, 3.0)))
    assert f is None or f.evidence.get("pattern") != "jump_excerpt"


# ---- plateau: a 5-9 point excerpt whose loss fell and then sat flat ------------------------------------------------

def test_a_sparse_log_that_fell_and_then_sat_flat_for_most_of_its_epochs_gets_a_plateau_note() -> None:
    """Deep Learning with PyTorch's thermometer at lr 1e-4, printed at epochs 1, 2, 3, 10, 11, 99, 100: 1764 -> 29.1 by
    epoch 10, then 29.02 to the end. Seven points are below the rule's 10, but on the logged axis the stall is 90 of
    the 99 epochs."""
    steps = [1.0, 2.0, 3.0, 10.0, 11.0, 99.0, 100.0]
    f = found_in("plateau", series("Loss", Kind.LOSS, Split.TRAIN, [1764.0, 323.1, 78.93, 29.11, 29.10, 29.02, 29.02],
                                   steps=steps))
    assert f is not None and f.severity.label == "info" and f.evidence["ongoing_at_end"] is True
    assert f.evidence["plateau_start_epoch"] == 10.0 and f.evidence["share_of_run"] > 0.9
    assert f.confidence is not None and f.confidence <= 0.4
    assert "Only 7 points were logged" in f.message.en and "只记录了 7 个点" in f.message.zh


def test_short_excerpts_still_moving_converged_or_with_a_validation_loss_still_improving_get_no_plateau_note() -> None:
    cases = [
        # still falling at every epoch
        ([3.2, 2.4, 1.9, 1.6, 1.4, 1.25], None),
        # a noisy band, not a flat line
        ([2.0, 1.4, 1.2, 1.3, 1.15, 1.28, 1.18], None),
        # fell an order of magnitude over most of the run, then flat: converged
        ([2.3, 1.1, 0.6, 0.3, 0.15, 0.12, 0.119, 0.1188], None),
        # training flat at the end while the validation loss still makes new bests (the model still improves)
        ([3.594, 3.0942, 3.0238, 3.0139, 3.0125], [5.311, 4.1611, 3.7693, 3.6279, 3.5756]),
    ]
    for train, val in cases:
        parts = [series("loss", Kind.LOSS, Split.TRAIN, train)]
        if val is not None:
            parts.append(series("val_loss", Kind.LOSS, Split.VAL, val))
        assert found_in("plateau", *parts) is None, train


def test_the_same_flat_end_without_the_validation_loss_is_read_as_a_plateau() -> None:
    """The principle's other side: the flat training end alone cannot say the model is still improving."""
    f = found_in("plateau", series("loss", Kind.LOSS, Split.TRAIN, [3.594, 3.0942, 3.0238, 3.0139, 3.0125]))
    assert f is not None and f.confidence is not None and f.confidence <= 0.4


# ---- loss_metric_disagreement: a score held at 0 beside a loss that falls -------------------------------------------

def _score_run(loss: list[float], score: list[float]) -> Finding | None:
    return found_in("loss_metric_disagreement", series("train loss", Kind.LOSS, Split.TRAIN, loss),
                    series("train_IoU", Kind.SCORE, Split.TRAIN, score))


def test_a_falling_loss_beside_an_iou_held_at_zero_is_a_disagreement() -> None:
    """PAL (Jittor), 16 epochs: the loss falls smoothly 3.1 -> 0.70 while the IoU is 0.0003 and then 0.0 - the network
    collapsed to all-background. Relative to a level of 0, 0.0003 -> 0 read as a 100 % move: no finding."""
    loss = [float(v) for v in np.linspace(3.135, 0.6985, 16)]
    f = _score_run(loss, [0.0003, 0.0003, 0.0003] + [0.0] * 13)
    assert f is not None and f.severity.label == "info" and f.evidence["pattern"] == "loss_falls_accuracy_flat"
    assert f.evidence["metric_kind"] == "score" and abs(f.evidence["accuracy_median"]) < 0.02


def test_a_small_score_that_grows_or_a_score_on_its_own_scale_is_not_held_at_zero() -> None:
    loss = [float(v) for v in np.linspace(3.0, 0.8, 12)]
    rising = [0.001 * 1.5 ** i for i in range(12)]  # 0.001 -> 0.086: an mAP that starts learning
    assert _score_run(loss, rising) is None
    bleu = [float(v) for v in np.linspace(2.0, 25.0, 12)]  # a BLEU on 0-100 that rises with the loss's fall
    assert _score_run(loss, bleu) is None


def test_an_error_near_zero_is_still_judged_on_its_own_level() -> None:
    """A regression run's MSE metric falling 0.0128 -> 0.001 beside its loss: an error near 0 is at its best, not held
    there (a healthy DeepLense super-resolution log)."""
    loss = [float(v) for v in np.geomspace(0.0536, 0.0123, 12)]
    mse = [float(v) for v in np.geomspace(0.0128, 0.001, 12)]
    f = found_in("loss_metric_disagreement", series("Val Loss", Kind.LOSS, Split.VAL, loss),
                 series("Val MSE", Kind.ERROR, Split.VAL, mse))
    assert f is None
