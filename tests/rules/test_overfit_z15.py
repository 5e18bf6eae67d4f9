"""After release 19 (rules-z15): a held-out loss that rose at each of the 3+ evaluations since its best while the
training loss fell at each of them is over-fitting at warning level, at any length and however small the rise against
the early gain (once it stands 3 noise levels and 3 % of its best above it). Two rises in a row, a rise with a task
metric still reaching new bests, one interrupted rise or training that stood still stay below a warning. Curves shaped
as design runs: a PKU IMDB RNN's test curve, a headline LSTM seq2seq, a BERT MNLI fine-tune, a one-cycle CIFAR-10."""
from __future__ import annotations

import numpy as np

from lossdoctor.config import Options
from lossdoctor.engine import diagnose_run
from lossdoctor.findings import Finding
from lossdoctor.model import Axis, Kind, Run, Series, Split


def _series(key: str, kind: Kind, split: Split, values: list[float]) -> Series:
    steps = np.arange(1, len(values) + 1, dtype=float)
    return Series(key, split, kind, Axis.EPOCH, steps, np.asarray(values, dtype=float))


def _overfit(*series: Series, **options: object) -> Finding | None:
    rep = diagnose_run(Run("t", tuple(series)), Options(**options))  # type: ignore[arg-type]
    return next((f for f in rep.findings if f.name == "overfitting"), None)


# an IMDB RNN (10 epochs, train/test only): test loss lowest at epoch 6, up at each of the 4 after (+36 %) while the
# training loss falls at each; test accuracy 0.8477 at the best loss, 0.8461 at the end
RNN_TRAIN = [0.6566, 0.5215, 0.4279, 0.3598, 0.3154, 0.2704, 0.2333, 0.1915, 0.1654, 0.143]
RNN_TEST = [0.5684, 0.4625, 0.4026, 0.3849, 0.3662, 0.3533, 0.3597, 0.3915, 0.4025, 0.4818]
RNN_ACC = [0.7114, 0.7807, 0.8194, 0.8366, 0.8424, 0.8477, 0.8449, 0.8511, 0.8501, 0.8461]

# a headline LSTM seq2seq (12 epochs): validation lowest at epoch 7 (5.050), up at each of the 5 after to 5.215
# (+3.3 %: a fifth of what validation had gained) while training falls 4.51 -> 3.06 at each epoch
S2S_TRAIN = [6.486, 5.875, 5.643, 5.349, 5.061, 4.772, 4.513, 4.208, 3.912, 3.701, 3.348, 3.062]
S2S_VAL = [5.673, 5.492, 5.35, 5.186, 5.086, 5.074, 5.05, 5.054, 5.072, 5.157, 5.165, 5.215]


def test_a_test_loss_rising_at_each_of_4_epochs_while_training_falls_is_a_warning() -> None:
    f = _overfit(_series("Train Loss", Kind.LOSS, Split.TRAIN, RNN_TRAIN),
                 _series("Test Loss", Kind.LOSS, Split.TEST, RNN_TEST),
                 _series("Test Accuracy", Kind.ACCURACY, Split.TEST, RNN_ACC))
    assert f is not None and f.severity.label == "warning" and f.evidence["pattern"] == "steady_rise"
    assert f.evidence["best_epoch"] == 6.0 and f.evidence["evaluations_after_best"] == 4
    assert f.evidence["on_test"] is True and f.evidence["rise_noise_levels"] > 3
    assert "rose at each of the 4 epochs since" in f.message.en and "每轮都在上升" in f.message.zh


def test_a_small_rise_against_the_early_gain_still_warns_when_it_rose_at_every_epoch() -> None:
    f = _overfit(_series("loss", Kind.LOSS, Split.TRAIN, S2S_TRAIN), _series("val_loss", Kind.LOSS, Split.VAL, S2S_VAL))
    assert f is not None and f.severity.label == "warning" and f.evidence["pattern"] == "steady_rise"
    assert f.evidence["best_epoch"] == 7.0 and 3 < f.evidence["rise_pct_of_best"] < 4


def test_a_stated_best_checkpoint_before_the_rise_makes_it_a_note() -> None:
    f = _overfit(_series("loss", Kind.LOSS, Split.TRAIN, S2S_TRAIN), _series("val_loss", Kind.LOSS, Split.VAL, S2S_VAL),
                 best_checkpoint=True)
    assert f is not None and f.severity.label == "info" and f.evidence["pattern"] == "steady_rise"
    assert "keeps its best checkpoint" in f.message.en and "最佳检查点" in f.message.zh


def test_two_rises_in_a_row_at_a_fine_tunes_end_are_no_warning() -> None:
    """BERT MNLI (healthy): eval loss 0.4085 -> 0.4381 -> 0.4988 over the last 2 evaluations, accuracy 0.851 -> 0.845."""
    f = _overfit(_series("train loss", Kind.LOSS, Split.TRAIN, [0.82, 0.5738, 0.3743, 0.2651, 0.1937]),
                 _series("eval loss", Kind.LOSS, Split.VAL, [0.47, 0.4338, 0.4085, 0.4381, 0.4988]),
                 _series("eval accuracy", Kind.ACCURACY, Split.VAL, [0.81, 0.8329, 0.8507, 0.8476, 0.8454]))
    assert f is None or f.severity.label == "info"


def test_a_rise_while_the_validation_accuracy_still_reaches_new_bests_is_no_steady_warning() -> None:
    """The last epochs of a one-cycle CIFAR-10: validation loss up at each of the last 4 epochs, accuracy still at a
    new best (over-confidence on the errors, not lost generalisation)."""
    train = [1.9, 1.7, 1.6, 1.543, 1.486, 1.434, 1.404, 1.344, 1.272, 1.194, 1.121, 1.067, 0.9927, 0.9205, 0.8936]
    val = [1.95, 1.8, 1.7, 1.627, 1.616, 1.585, 1.615, 1.53, 1.514, 1.496, 1.508, 1.528, 1.545, 1.565, 1.591]
    acc = [0.30, 0.36, 0.40, 0.439, 0.4384, 0.4412, 0.4384, 0.4846, 0.4874, 0.504, 0.5084, 0.5144, 0.514, 0.5224,
           0.5258]
    f = _overfit(_series("loss", Kind.LOSS, Split.TRAIN, train), _series("val_loss", Kind.LOSS, Split.VAL, val),
                 _series("val_accuracy", Kind.ACCURACY, Split.VAL, acc))
    assert f is None or f.evidence.get("pattern") != "steady_rise"


def test_an_interrupted_rise_or_training_standing_still_is_no_steady_rise() -> None:
    dip = S2S_VAL[:9] + [5.06, 5.165, 5.215]  # one evaluation back near its best: the curve's own scatter
    f = _overfit(_series("loss", Kind.LOSS, Split.TRAIN, S2S_TRAIN), _series("val_loss", Kind.LOSS, Split.VAL, dip))
    assert f is None or f.evidence.get("pattern") != "steady_rise"
    still = S2S_TRAIN[:7] + [4.513, 4.52, 4.51, 4.515, 4.512]  # training no longer falls
    f = _overfit(_series("loss", Kind.LOSS, Split.TRAIN, still), _series("val_loss", Kind.LOSS, Split.VAL, S2S_VAL))
    assert f is None or f.evidence.get("pattern") != "steady_rise"


def test_a_rise_under_3_percent_of_the_best_is_no_steady_rise() -> None:
    """A converged forecaster: 0.2099 -> 0.2103 -> 0.2112 -> 0.2132 (+1.6 %) while training creeps down."""
    f = _overfit(_series("loss", Kind.LOSS, Split.TRAIN, [0.2794, 0.1836, 0.1763, 0.1731, 0.1672]),
                 _series("val_loss", Kind.LOSS, Split.VAL, [0.2111, 0.2099, 0.2103, 0.2112, 0.2132]))
    assert f is None or f.evidence.get("pattern") != "steady_rise"
