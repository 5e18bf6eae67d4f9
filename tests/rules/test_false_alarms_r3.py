"""Rule release 3, false alarms on healthy runs: one test per principle, on real logs (the development part of
benchmarks/real_runs/, verbatim, a public fixture, and runs of the fault benchmark's families), each with the problem
beside it that must still be found."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from lossdoctor.model import Kind, Run, Split

from _real_logs import PUBLIC, ROOT
from _real_logs import dev_run as _dev
from _real_logs import read_longest as _read
from _real_logs import severities as _severities
from _shapes import findings, run_of

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize("run_id", ["repo-amolduse-cifar10-200k-params-60ep", "repo-erav4-cifar100-wrn28-10-session02",
                                    "repo-eva5b2-s4-mnist-99-46"])
def test_a_progress_bars_batch_loss_swinging_beside_a_smooth_test_loss_is_a_note(run_id: str) -> None:
    """tqdm's `loss=` is the last batch of each epoch: it jumps by 12-70% of its level while the test loss, measured
    on the whole test set, falls smoothly; the authors call these runs their results. A note, not oscillation."""
    run, meta = _dev(run_id)
    assert meta["healthy"]
    sev = _severities(run, meta, judged=True)
    assert sev.get("oscillation") == "info"
    assert not {k for k, v in sev.items() if v != "info"}
    (f,) = findings("LD106", run)
    assert f.evidence["steady_curve"] == "Test Average loss"


def test_swings_that_the_test_loss_shares_are_still_oscillation() -> None:
    """The same log, with the test loss made to bounce with the training loss (as it does when the weights bounce):
    the swings are the model's, a warning."""
    run, _ = _dev("repo-amolduse-cifar10-200k-params-60ep")
    tr = run.find(Kind.LOSS, Split.TRAIN).values
    (f,) = findings("LD106", run_of(loss=tr, val_loss=0.8 * tr))
    assert f.severity.label == "warning"


def test_a_test_loss_that_jumps_is_not_a_steady_witness() -> None:
    """A public Keras log whose validation loss is quiet between two 200x jumps while the training loss swings by a
    third of its level (the person: it oscillates): the jumps say the model is thrown around too, a warning."""
    run = _read(PUBLIC / "keras2_verbose2_val_far_below_train_6102.log")
    (f,) = findings("LD106", run)
    assert f.severity.label == "warning" and "steady_curve" not in f.evidence


def test_one_odd_batch_per_cycle_is_not_a_data_order() -> None:
    """The families' healthy SGD-momentum CNN with a step schedule (Lightning logs every 4th of 22 steps, so every
    44 steps the logged batch is the epoch's smaller last one): the loss repeats with period 44, all of it carried by
    that one position. Not unshuffled data; a sawtooth that spans the cycle still is."""
    d = json.loads((DATA / "healthy_sgdm_step_lcsv_s0.json").read_text())
    run = run_of("step", steps=d["steps"], loss=d["train_loss_step"])
    assert not [f for f in findings("LD106", run) if f.severity.label != "info"]
    t = np.arange(600)
    saw = (0.3 + 2.0 * np.exp(-t / 200)) * np.exp(0.5 * ((t % 44) / 44 - 0.5))
    saw *= 1 + 0.05 * np.random.default_rng(1).standard_normal(t.size)
    (f,) = findings("LD106", run_of("step", loss=saw))
    assert f.evidence.get("periodic") and abs(f.evidence["period_steps"] - 44) <= 1


def test_a_batch_thrown_above_the_untrained_loss_is_a_spike_in_a_noisy_step_log() -> None:
    """The families' corrupted batches (epochs 6, 12, 18: all labels wrong): the per-step loss, whose batch noise is
    a factor of about 2, jumps from ~0.03 to ~10, above the 2.3 it started at. Three recurring spikes, a warning;
    the healthy one-cycle CNN's hard batches (2-8x the trend, never near the start) stay quiet."""
    d = json.loads((DATA / "corrupt_batches_cnnbn_s0.json").read_text())
    (f,) = findings("LD109", run_of("step", steps=d["steps"], loss=d["train_loss_step"]))
    assert f.severity.label == "warning"
    assert f.evidence["spike_steps"] == [280.0, 538.0, 796.0]
    h = json.loads((DATA / "healthy_onecycle_cnn_s0.json").read_text())
    assert not findings("LD109", run_of("step", steps=h["steps"], loss=h["train_loss_step"]))


# the families' healthy RMSprop regression MLP (h_friedman_mlpreg_rmsprop_exp_lcsv-s1, Lightning CSVLogger)
_FRIEDMAN_TRAIN = [0.501, 0.2465, 0.2118, 0.1917, 0.1769, 0.1623, 0.1496, 0.1398, 0.1307, 0.1225, 0.1153, 0.1098,
                   0.1047, 0.1008, 0.0973, 0.0945, 0.092, 0.0903, 0.0882, 0.0868]
_FRIEDMAN_VAL = [0.34, 0.2975, 0.2725, 0.2699, 0.2327, 0.225, 0.2141, 0.2044, 0.189, 0.1843, 0.1709, 0.1672, 0.1635,
                 0.1545, 0.1512, 0.1506, 0.1467, 0.1441, 0.1419, 0.1425]


def test_a_modest_gap_that_validation_closes_with_training_is_not_a_split_problem() -> None:
    """Validation 1.3-1.6x training while both fall (validation by 48% of its early level, training by 58%): every
    model fits what it has seen better. A validation loss that stays flat beside the same training loss (the splits
    differ), or ends several times above it, is still a generalization gap."""
    assert not findings("LD118", run_of(loss=_FRIEDMAN_TRAIN, val_loss=_FRIEDMAN_VAL))
    flat = [0.50 + 0.002 * ((i * 7) % 5) for i in range(20)]
    (f,) = findings("LD118", run_of(loss=_FRIEDMAN_TRAIN, val_loss=flat))
    assert f.severity.label == "warning"
    far = [v + 0.3 for v in _FRIEDMAN_TRAIN]  # the same constant offset, val ends 4.5x training
    assert findings("LD118", run_of(loss=_FRIEDMAN_TRAIN, val_loss=far))


_LASTBATCH = [0.7921, 0.7669, 0.6749, 0.472, 0.29, 0.289, 0.5916, 0.2116, 0.2284, 0.1696, 0.1741, 0.1802, 0.22, 0.164,
              0.1532, 0.1314, 0.1749, 0.0895, 0.1637, 0.2823, 0.1093, 0.149, 0.5318]
_SMOOTH_VAL = [0.6528, 0.5785, 0.5211, 0.4631, 0.4004, 0.3668, 0.3307, 0.3003, 0.2728, 0.2608, 0.2393, 0.228, 0.2158,
               0.2096, 0.1998, 0.1884, 0.1843, 0.1818, 0.1735, 0.1718, 0.17, 0.1645, 0.1632]


def test_a_training_climb_the_validation_loss_does_not_share_is_a_note() -> None:
    """A last-batch loss per epoch (benchmarks/healthy_shapes.py, lastbatch-23) ends on a hard batch, 6x its lowest
    draw, while the validation loss keeps falling: the weights were not knocked out of a minimum. With a validation
    loss that climbs with it, the same curve is a rebound."""
    (f,) = findings("LD110", run_of(loss=_LASTBATCH, val_loss=_SMOOTH_VAL))
    assert f.severity.label == "info" and not f.causes
    rising = _SMOOTH_VAL[:17] + [0.19, 0.21, 0.24, 0.26, 0.29, 0.31]
    (g,) = findings("LD110", run_of(loss=_LASTBATCH, val_loss=rising))
    assert g.severity.label == "warning" and g.causes[0].cause == "lr_too_high"


def _step_run(steps: np.ndarray, loss: np.ndarray, val_every: int) -> Run:
    """A step-level training loss with a validation loss every `val_every` steps (a loop that evaluates each epoch)."""
    from lossdoctor.model import Axis, Series

    vs = steps[val_every - 1::val_every]
    val = np.interp(vs, steps, loss) * 1.1
    return Run("t", (Series("loss", Split.TRAIN, Kind.LOSS, Axis.STEP, steps, loss),
                     Series("val_loss", Split.VAL, Kind.LOSS, Axis.STEP, vs, val)), source="t", format="test")


def test_single_batch_noise_of_a_short_step_log_is_not_oscillation() -> None:
    """A 100-point step-level log of single-batch losses (lognormal noise, factor ~1.4) around a falling trend, 10
    per evaluation: the swings are the batches' spread, which the plot's smoothing removes. Swings of the trend
    itself, several times that spread, still are oscillation; and a loss logged once per evaluation (an interval
    mean, HF Trainer's logging_steps) is judged as before."""
    t = np.arange(1, 101, dtype=np.float64)
    trend = 0.2 + 2.0 * np.exp(-t / 15)
    for seed in range(40):  # (the rule before this release warned on 3 of these 40)
        noisy = trend * np.exp(np.random.default_rng(seed).normal(0, 0.35, t.size))
        assert not [f for f in findings("LD106", _step_run(t * 10, noisy, 10)) if f.severity.label != "info"], seed
    rng = np.random.default_rng(5)
    bouncing = (trend + 0.8 * np.sign(np.sin(t / 3.0)) * (t > 30)) * np.exp(rng.normal(0, 0.02, t.size))
    (f,) = findings("LD106", _step_run(t * 10, bouncing, 10))
    assert f.severity.label == "warning"
    square = trend + 0.3 * np.sign(np.sin(t * 2.2))  # bounces every point: batch-like on its own, an interval mean
    (g,) = findings("LD106", run_of("step", steps=t * 10, loss=square))  # logged once per evaluation (no validation)
    assert g.severity.label == "warning"


# the families' 2-unit MLP under weight decay 0.3 (f_underfit_digits_overreg_tb-s1, PyTorch loop + SummaryWriter)
_OVERREG_TRAIN = [2.3856, 2.3079, 2.2785, 2.2594, 2.2448, 2.2379, 2.2307, 2.2194, 2.2138, 2.2137, 2.2085, 2.2066,
                  2.2011, 2.1989, 2.1884, 2.1866, 2.1844, 2.1866, 2.1877, 2.1823, 2.1857, 2.1797, 2.1624, 2.1526, 2.145]
_OVERREG_VAL = [2.3298, 2.2806, 2.2586, 2.245, 2.2339, 2.2284, 2.2205, 2.2086, 2.2082, 2.2077, 2.2021, 2.2001, 2.1933,
                2.1892, 2.1794, 2.1804, 2.1748, 2.1779, 2.1786, 2.1746, 2.1752, 2.1638, 2.1439, 2.142, 2.1303]
_OVERREG_ACC = [0.1009, 0.1009, 0.1009, 0.1009, 0.1009, 0.1009, 0.1009, 0.1046, 0.1402, 0.161, 0.1639, 0.1573, 0.1491,
                0.1469, 0.1447, 0.1521, 0.1454, 0.1454, 0.1543, 0.1981, 0.2151, 0.2344, 0.2359, 0.224, 0.2455]


def test_a_loss_creeping_at_chance_after_the_whole_run_is_underfitting() -> None:
    """After 25 epochs the loss is still 93% of ln(10) and training accuracy 0.24; it creeps down 0.0075 per epoch,
    which would take ~130 more epochs to reach half of ln(10): whatever the last quarter gained, the model has not
    fitted the data. Its first six epochs (a healthy-looking start of a slow run) are no verdict yet."""
    (f,) = findings("LD102", run_of(loss=_OVERREG_TRAIN, val_loss=_OVERREG_VAL, accuracy=_OVERREG_ACC), num_classes=10)
    assert f.severity.label == "warning" and "creeping" in f.message.en
    assert not [g for g in findings("LD102", run_of(loss=_OVERREG_TRAIN[:6], val_loss=_OVERREG_VAL[:6],
                                                    accuracy=_OVERREG_ACC[:6])) if g.severity.label != "info"]
    fast = [2.39 * 0.8 ** i for i in range(12)]  # high at the end of an excerpt but falling fast: not creeping
    assert not [g for g in findings("LD102", run_of(loss=fast, accuracy=[0.1 + 0.06 * i for i in range(12)]),
                                    num_classes=10) if g.severity.label != "info"]


@pytest.mark.parametrize("path", ["hf/run", "text/torch_absl.log"])
def test_a_short_run_still_learning_fast_is_not_underfitting(path: str) -> None:
    """Three-epoch HF Trainer and absl logs whose loss is still 84-89% of ln(10) at the end but falls steadily while
    evaluation accuracy climbs (0.21 -> 0.62, 0.18 -> 0.69): once or twice the run again would bring it down. Train
    longer, not a bigger model."""
    run = _read(ROOT / "tests" / "fixtures" / path)
    assert _severities(run, judged=True).get("underfitting") in (None, "info")


def test_a_fine_tunings_small_loss_drift_while_accuracy_improves_is_over_confidence() -> None:
    """A fine-tuning starts near its floor: validation loss gains 0.03, then drifts up 0.015 (5% of its level, half
    its small gain) while validation accuracy keeps setting new bests: the model still gets better at the task.
    The same drift with validation accuracy falling is over-fitting."""
    e = np.arange(12, dtype=np.float64)
    train = 0.25 * np.exp(-e / 4) + 0.08
    val = np.r_[0.30, 0.285, 0.275, 0.27, 0.272, 0.274, 0.276, 0.278, 0.28, 0.282, 0.284, 0.285]
    acc_up = 0.90 + 0.0028 * e
    assert not findings("LD101", run_of(loss=train, val_loss=val, accuracy=acc_up + 0.03, val_accuracy=acc_up))
    acc_down = np.r_[0.90, 0.91, 0.915, 0.92, 0.918, 0.915, 0.912, 0.91, 0.907, 0.905, 0.902, 0.90]
    (f,) = findings("LD101", run_of(loss=train, val_loss=val, accuracy=acc_up + 0.03, val_accuracy=acc_down))
    assert f.severity.label == "warning"


_LB_TRAIN = [3.8486, 2.8536, 9.0714, 3.2094, 2.4316, 2.2455, 1.81, 1.4622, 1.6261, 1.9307, 1.4219, 1.8722, 1.216, 1.2019,
             1.763, 1.2128, 0.8249, 0.8519, 0.9966]
_LB_VAL = [4.5043, 4.0438, 3.6803, 3.2517, 2.9507, 2.6984, 2.4368, 2.2016, 2.0153, 1.7753, 1.689, 1.52, 1.3896, 1.3092,
           1.2188, 1.121, 1.0399, 0.9854, 0.926]


def test_an_epoch_level_jump_the_validation_loss_does_not_share_is_not_a_spike() -> None:
    """A last-batch loss per epoch (benchmarks/healthy_shapes.py, lastbatch-3): epoch 2's batch is 2.8x the trend
    while the validation loss falls smoothly through it. The model did not move: no spike to report (after release
    12 this was a note "probably one batch's loss" - one no person writes). When the validation loss jumps at the
    same epoch, the update threw the model off: a spike."""
    assert not findings("LD109", run_of(loss=_LB_TRAIN, val_loss=_LB_VAL))
    jumped = list(_LB_VAL)
    jumped[2] = 6.0
    (g,) = findings("LD109", run_of(loss=_LB_TRAIN, val_loss=jumped))
    assert g.severity.label == "warning"


def test_a_perfect_but_unsure_validation_on_an_easy_task_is_not_a_leak() -> None:
    """The families' wine MLP with dropout 0.7 (f_dropout_val_below_wine_print-s0): 44 validation rows, all right
    from epoch 2 (accuracy 1.0) while dropout holds training accuracy at 0.69 - but the validation loss is 0.59,
    three quarters of the training loss: a correct, unsure model, not memorised rows. A validation loss near zero
    beside it (under a tenth of training) would be."""
    train = [1.0286, 0.8052, 0.6854, 0.6231, 0.5594, 0.481, 0.4265, 0.3916, 0.3736, 0.3908]
    tacc = [0.4627, 0.694, 0.806, 0.8134, 0.8284, 0.8657, 0.8433, 0.8582, 0.8657, 0.8806]
    val = [0.7926, 0.5934, 0.4419, 0.341, 0.2634, 0.2081, 0.1697, 0.1425, 0.1145, 0.0958]
    vacc = [0.9773] + [1.0] * 9
    assert not findings("LD112", run_of(loss=train, accuracy=tacc, val_loss=val, val_accuracy=vacc))
    sure = [0.02 * v for v in val]
    (f,) = findings("LD112", run_of(loss=train, accuracy=tacc, val_loss=sure, val_accuracy=vacc))
    # sure as well as right from epoch 2 while training is not: validation perfect from the start (release 21: a warning)
    assert f.severity.label == "warning" and f.evidence["pattern"] == "perfect_from_start"


# the families' digits MLP whose validation set is 300 of its own training rows (f_leak_val_is_train_digits_mlflow-s0)
_LEAK_TRAIN_LOSS = [0.5295, 0.08123, 0.0307, 0.01248, 0.005077, 0.003549, 0.00234, 0.001833, 0.001489, 0.001265, 0.001091, 0.0009675, 0.0008665, 0.0007792, 0.0007127, 0.0006532, 0.0006017, 0.0005569, 0.0005185, 0.0004858, 0.0004562, 0.0004288, 0.0004061, 0.0003837, 0.0003643, 0.0003462, 0.0003309, 0.0003161, 0.0003025, 0.0002903]
_LEAK_VAL_LOSS = [0.1361, 0.08272, 0.01304, 0.00315, 0.002456, 0.00161, 0.001335, 0.001128, 0.0009234, 0.0008066, 0.0007076, 0.0006302, 0.0005852, 0.0005211, 0.0004942, 0.0004486, 0.0004184, 0.0003864, 0.0003628, 0.0003448, 0.0003248, 0.0003046, 0.0002901, 0.0002753, 0.0002625, 0.000249, 0.0002383, 0.0002287, 0.0002195, 0.0002096]
_LEAK_TRAIN_ACCURACY = [0.8457, 0.978, 0.9906, 0.9967, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]
_LEAK_VAL_ACCURACY = [0.95, 0.9667, 0.9967, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]


def test_validation_rows_that_are_training_rows_follow_training_below_it() -> None:
    """Training memorises digits (loss to 0.05% of its start, accuracy 1.0) and validation follows it all the way
    down, ending at 0.7x training (validation is measured at the epoch's end, training averaged over it) with a
    validation accuracy of 1.0 throughout: an honest split opens a gap as the model memorises. A hint to check the
    split (info: an easy task learned exactly looks alike); an honest validation at 5x training stays quiet."""
    run = run_of(loss=_LEAK_TRAIN_LOSS, val_loss=_LEAK_VAL_LOSS, accuracy=_LEAK_TRAIN_ACCURACY,
                 val_accuracy=_LEAK_VAL_ACCURACY)
    (f,) = findings("LD112", run)
    assert f.severity.label == "info" and f.evidence["val_train_ratio_end"] < 0.8
    honest = run_of(loss=_LEAK_TRAIN_LOSS, val_loss=[5 * v for v in _LEAK_TRAIN_LOSS], accuracy=_LEAK_TRAIN_ACCURACY,
                    val_accuracy=[0.97] * 30)
    assert not findings("LD112", honest)


def test_a_loss_that_ends_above_its_start_is_not_stuck_high() -> None:
    """The families' SGD at a too-high LR (f_oscillate_sgd_high_digits_kstdout-s0, Keras fit text): the loss reaches
    0.52 at epoch 2, is thrown to 2.49 and ends at 1.58, above its 0.96 start: it got worse (a rebound), it did not
    level off high. Underfitting stays for a loss that learned and stopped high."""
    loss = [0.9591, 0.5218, 0.9781, 0.8837, 2.4927, 1.4967, 1.4156, 1.3614, 1.2456, 1.005, 1.0875, 1.6917, 1.4648,
            1.8606, 1.7409, 1.6114, 1.9018, 1.7585, 1.6197, 1.575]
    acc = [0.7085, 0.8924, 0.8042, 0.8012, 0.451, 0.4874, 0.5549, 0.5089, 0.543, 0.6083, 0.6224, 0.5608, 0.4592, 0.3798,
           0.365, 0.3791, 0.296, 0.3398, 0.362, 0.3724]
    assert not findings("LD102", run_of(loss=loss, accuracy=acc), num_classes=10)
    assert findings("LD102", run_of(loss=_OVERREG_TRAIN, val_loss=_OVERREG_VAL, accuracy=_OVERREG_ACC), num_classes=10)


def test_a_five_epoch_excerpt_falling_at_every_step_is_still_improving() -> None:
    """The families' transformer stopped after 5 epochs (f_stopped_early_transformer_print-s0): both losses fall at
    every epoch, the last step a third of the drop - too few points for a slope test, but anyone reads it as still
    learning (info, low confidence). A loss that flattened at its last step, or that ended in NaN, is not."""
    train, val = [1.3184, 1.1626, 0.9313, 0.6323, 0.372], [1.26, 1.0739, 0.7842, 0.4701, 0.2577]
    (f,) = findings("LD117", run_of(loss=train, val_loss=val))
    assert f.severity.label == "info" and f.confidence <= 0.5
    assert not findings("LD117", run_of(loss=train[:4] + [0.631], val_loss=val[:4] + [0.469]))
    assert not findings("LD117", run_of(loss=train + [float("nan")], val_loss=val + [float("nan")]))


def test_a_validation_loss_that_never_comes_back_to_its_best_has_turned() -> None:
    """homl's bidirectional LSTM on IMDB ("it also seems to overfit faster"): validation loss is best at epoch 4,
    jumps at epoch 5 and never gets back within its noise of that best for the rest of the run while training loses
    another 40%: the jump right after the best hides the turn from a trend test, not from a reader."""
    run, meta = _dev("nb-dlwp1-imdb-bidirectional-lstm-overfits-faster")
    assert meta["labels"] == ["overfitting"]
    assert _severities(run, meta, judged=True).get("overfitting") == "warning"


def test_a_validation_accuracy_that_falls_while_training_climbs_is_overfitting() -> None:
    """ztm's simplified food CNN, 5 epochs ("still dramatically overfitting"): training accuracy 0.17 -> 0.76 while
    validation accuracy peaks at 0.33 and falls back to 0.29 and validation loss climbs. A validation metric that
    falls is the flat-metric pattern, only clearer."""
    run, meta = _dev("nb-ztm-tf-food10-simplified-cnn-still-overfitting")
    assert _severities(run, meta, judged=True).get("overfitting") == "warning"
    (f,) = findings("LD101", run)
    assert f.evidence["pattern"] == "val_metric_flat"


def test_a_four_epoch_excerpt_whose_training_loss_climbs_after_its_low_is_a_rebound() -> None:
    """A VQA LSTM's first 4 epochs pasted in an issue ("does not seem right ... try reducing your learning rates"):
    3.77, 3.73, 3.76, 3.80 - the training loss rises at every step after its low, by more than it fell. A verdict
    with a low confidence instead of silence; with a validation loss still falling through it, a note."""
    run, meta = _dev("gh-visualqa-24-train-loss-rises")
    assert meta["labels"] == ["train_loss_rebound"]
    (f,) = findings("LD110", run)
    assert f.severity.label == "warning" and f.confidence <= 0.4 and "4 points" in f.message.en
    y = [3.7656, 3.7264, 3.7595, 3.7989]
    (g,) = findings("LD110", run_of(loss=y, val_loss=[3.9, 3.8, 3.7, 3.6]))
    assert g.severity.label == "info"
    assert not findings("LD110", run_of(loss=[3.77, 3.73, 3.70, 3.72]))  # one step up is no climb yet


def test_an_accuracy_witness_is_judged_by_its_error_rate() -> None:
    """An epoch-mean loss bouncing by a quarter of its level beside a training accuracy bouncing 0.85 <-> 0.92 (no
    validation): 4% of the accuracy, but half of its error rate - the model bounces, a warning. A training accuracy
    that climbs smoothly beside the same loss makes it a note."""
    e = np.arange(30, dtype=np.float64)
    sign = (-1.0) ** e
    loss = 0.6 * np.exp(-e / 5) + 0.35 + 0.09 * sign * (e > 6)
    bouncing_acc = 0.885 - 0.035 * sign * (e > 6) - 0.3 * np.exp(-e / 5)
    (f,) = findings("LD106", run_of(loss=loss, accuracy=bouncing_acc))
    assert f.severity.label == "warning"
    smooth_acc = 0.92 - 0.35 * np.exp(-e / 6)
    (g,) = findings("LD106", run_of(loss=loss, accuracy=smooth_acc))
    assert g.severity.label == "info" and g.evidence["steady_curve"] == "accuracy"
