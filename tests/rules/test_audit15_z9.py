"""audit15's principles (rules-z9), on generated realistic curves with healthy controls beside each:
a held-out accuracy identical at 1/k while training climbs (xnor-net), a loss that climbs while the held-out score
improves at every evaluation (spaCy 6233), a lone evaluation is the start only where the log begins (OpenNMT-lua 122),
every held-out score exactly 0 while a loss moves (flair 1007)."""
from __future__ import annotations

import numpy as np

from lossdoctor.findings import Severity
from lossdoctor.model import Axis, Kind, Run, Split

from _shapes import decay, found_in, loud, series


def _climb(n: int, start: float, end: float, seed: int = 0) -> np.ndarray:
    """A training accuracy that climbs like a learning model's (fast, then slower), with a little noise."""
    t = np.arange(n, dtype=float)
    rng = np.random.default_rng(seed)
    return start + (end - start) * (1 - np.exp(-t / (n / 4))) + 0.003 * rng.standard_normal(n)


# ---- 1. a held-out accuracy identical at 1/k while the training accuracy climbs: a constant output there --------

def _xnor(test_acc: list[float], steps_from: int = 0) -> list:
    n = len(test_acc)
    x = np.arange(steps_from, steps_from + n, dtype=float)
    return [series("train-acc", Kind.ACCURACY, Split.TRAIN, _climb(n, 0.43, 0.60), steps=x),
            series("train-loss", Kind.LOSS, Split.TRAIN, decay(n, 1.57, 1.2, tau=n / 4, noise=0.003), steps=x),
            series("test-acc", Kind.ACCURACY, Split.TEST, test_acc, steps=x),
            series("test-loss", Kind.LOSS, Split.TEST, 4 + 10 * np.random.default_rng(1).random(n), steps=x)]


def test_test_accuracy_identical_at_one_tenth_while_training_climbs_is_stuck_at_chance() -> None:
    f = found_in("stuck_at_chance", *_xnor([0.1] * 11))  # C not given: a first loss 1.57 sits near ln 5 by chance
    assert f is not None and f.severity >= Severity.WARNING
    assert f.evidence["num_classes"] == 10 and f.evidence["num_classes_from"] == "held_out_constant"
    assert "test-acc" in f.message.en


def test_a_given_class_count_is_kept() -> None:
    f = found_in("stuck_at_chance", *_xnor([0.1] * 11), num_classes=10)
    assert f is not None and f.evidence["num_classes_from"] == "given"


def test_held_out_accuracies_that_move_or_sit_off_a_class_share_are_not_this() -> None:
    moving = [0.1, 0.1, 0.11, 0.1, 0.12, 0.1, 0.13, 0.1, 0.1, 0.1, 0.1]  # one example's worth now and then
    f = found_in("stuck_at_chance", *_xnor(moving))
    assert f is None or f.evidence.get("num_classes_from") != "held_out_constant"
    assert found_in("stuck_at_chance", *_xnor([0.137] * 11)) is None  # identical, but 1/7.3 is no class share
    assert found_in("stuck_at_chance", *_xnor([0.1] * 4)) is None  # 4 evaluations: too few identical values


def test_a_healthy_run_whose_test_accuracy_climbs_is_quiet() -> None:
    n = 11
    healthy = [series("train-acc", Kind.ACCURACY, Split.TRAIN, _climb(n, 0.43, 0.90)),
               series("train-loss", Kind.LOSS, Split.TRAIN, decay(n, 1.57, 0.3, noise=0.01)),
               series("test-acc", Kind.ACCURACY, Split.TEST, _climb(n, 0.40, 0.85, seed=2)),
               series("test-loss", Kind.LOSS, Split.TEST, decay(n, 1.6, 0.4, noise=0.01, seed=3))]
    assert found_in("stuck_at_chance", *healthy) is None


def test_training_accuracy_that_does_not_climb_is_not_this_reading() -> None:
    n = 11
    flat = [series("train-acc", Kind.ACCURACY, Split.TRAIN, [0.1] * n),
            series("train-loss", Kind.LOSS, Split.TRAIN, decay(n, 1.57, 1.2, noise=0.003)),
            series("test-acc", Kind.ACCURACY, Split.TEST, [0.1] * n)]
    f = found_in("stuck_at_chance", *flat)
    assert f is None or f.evidence.get("num_classes_from") != "held_out_constant"


# ---- 2. a loss that climbs while the held-out score improves at every evaluation is not a divergence ------------

def _spacy(f1: list[float]) -> list:
    x = np.arange(0, 1400, 200, dtype=float)
    return [series("ner loss", Kind.LOSS, Split.TRAIN, [41.0, 5192.0, 4601.5, 5215.8, 6169.2, 7031.0, 8976.2],
                   Axis.STEP, x),
            series("tok2vec loss", Kind.LOSS, Split.TRAIN, [0.0, 120.6, 138.7, 177.1, 204.3, 250.9, 323.4], Axis.STEP, x),
            series("ents f1", Kind.SCORE, Split.VAL, f1, Axis.STEP, x)]


def test_summed_loss_rising_while_held_out_f1_climbs_at_every_evaluation_is_quiet() -> None:
    parts = _spacy([3.71, 56.22, 59.48, 64.26, 65.38, 68.23, 69.77])
    assert found_in("divergence", *parts) is None
    assert "divergence" not in loud(Run("t", tuple(parts)))


def test_the_same_climb_beside_a_held_out_score_that_falls_once_is_still_a_divergence() -> None:
    f = found_in("divergence", *_spacy([3.71, 56.22, 59.48, 64.26, 61.0, 68.23, 69.77]))
    assert f is not None and f.severity >= Severity.WARNING


def test_a_climb_from_a_best_of_zero_never_prints_nan() -> None:
    x = np.arange(0, 1400, 200, dtype=float)
    f = found_in("divergence", series("tok2vec loss", Kind.LOSS, Split.TRAIN,
                                      [0.0, 120.6, 138.7, 177.1, 204.3, 250.9, 323.4], Axis.STEP, x))
    assert f is not None
    assert "nan" not in f.message.en.lower() and "nan" not in f.message.zh.lower()


def test_a_real_divergence_beside_a_held_out_accuracy_that_falls_still_errs() -> None:
    n = 12
    loss = np.concatenate([decay(6, 2.3, 0.8, tau=2), np.geomspace(0.9, 20.0, n - 6)])
    acc = np.concatenate([_climb(6, 0.2, 0.7), np.linspace(0.65, 0.1, n - 6)])
    f = found_in("divergence", series("loss", Kind.LOSS, Split.TRAIN, loss),
                 series("val_acc", Kind.ACCURACY, Split.VAL, acc))
    assert f is not None and f.severity is Severity.ERROR


# ---- 3. a lone evaluation is the start of training only where the log begins --------------------------------------

def _opennmt(first_step: float) -> list:
    steps = first_step + np.array([0, 1000, 2000, 3000, 3776, 4776, 5776, 7776], dtype=float)
    ppl = [14.64, 14.55, 14.46, 14.37, 8.29, 8.29, 8.29, 8.28]
    return [series("loss = ln(Perplexity)", Kind.LOSS, Split.TRAIN, np.log(ppl), Axis.STEP, steps),
            series("loss = ln(Validation perplexity)", Kind.LOSS, Split.VAL, [np.log(7.870)], Axis.STEP,
                   [first_step + 3000])]


def test_a_lone_evaluation_in_a_log_that_begins_mid_run_names_no_class_count() -> None:
    f = found_in("stuck_at_chance", *_opennmt(74000.0))  # ln 7.87 = 2.063 is near ln 8 by chance
    assert f is None or f.severity < Severity.WARNING


def test_a_lone_evaluation_in_a_log_that_begins_at_the_start_still_names_it() -> None:
    from lossdoctor.rules import chance
    run = Run("t", tuple(_opennmt(0.0)))
    got = chance.classes_from_first_val_loss(run)
    assert got is not None and got.count == 8
    assert chance.classes_from_first_val_loss(Run("t", tuple(_opennmt(74000.0)))) is None


# ---- 4. every held-out score exactly 0 at 5+ evaluations while a loss moves: a note ------------------------------

def _flair(n: int, zero: bool = True, loss_moves: bool = True) -> list:
    train = decay(n, 9.6, 8.9, tau=n, noise=0.002) if loss_moves else np.full(n, 9.6)
    f1 = np.zeros(n) if zero else _climb(n, 0.05, 0.6)
    return [series("TRAIN_LOSS", Kind.LOSS, Split.TRAIN, train),
            series("DEV_LOSS", Kind.LOSS, Split.VAL, train * 0.99 + 0.01 * np.sin(np.arange(n))),
            series("DEV_F1", Kind.SCORE, Split.VAL, f1), series("DEV_PRECISION", Kind.SCORE, Split.VAL, f1)]


def test_held_out_scores_exactly_zero_while_the_loss_moves_is_a_note() -> None:
    f = found_in("loss_metric_disagreement", *_flair(6))
    assert f is not None and f.severity is Severity.INFO
    assert f.evidence["pattern"] == "held_out_metric_zero" and f.evidence["held_out_evaluations"] == 6


def test_held_out_zero_needs_five_evaluations_a_moving_loss_and_only_zeros() -> None:
    for parts in (_flair(4), _flair(6, loss_moves=False), _flair(6, zero=False)):
        f = found_in("loss_metric_disagreement", *parts)
        assert f is None or f.evidence.get("pattern") != "held_out_metric_zero"


# ---- 4b. a main loss exactly 0 on its last 3+ points after a positive start: a note ----------------------------------

def test_a_loss_that_ends_exactly_zero_after_a_positive_start_is_a_note() -> None:
    f = found_in("suspected_leakage", series("Loss", Kind.LOSS, Split.TRAIN, [6.9085, 2.9971, 0.0, 0.0, 0.0]),
                 series("Acc@1", Kind.ACCURACY, Split.TRAIN, [0.0, 1.0, 1.0, 1.0, 1.0]))
    assert f is not None and f.severity is Severity.INFO
    assert f.evidence["pattern"] == "loss_exactly_zero" and f.evidence["zero_points"] == 3


def test_a_loss_that_reaches_small_values_or_zero_once_is_quiet() -> None:
    healthy = decay(20, 2.3, 0.001, noise=0.01)  # a model that fits well: small, never exactly 0
    assert found_in("suspected_leakage", series("loss", Kind.LOSS, Split.TRAIN, healthy)) is None
    twice = [2.3, 1.0, 0.4, 0.1, 0.0, 0.0]  # two zeros: a print's rounding can do that
    assert found_in("suspected_leakage", series("loss", Kind.LOSS, Split.TRAIN, twice)) is None
    from_zero = [0.0, 0.0, 0.0, 0.0]  # zero from the start is abnormal_initial_loss's reading, not this one
    assert found_in("suspected_leakage", series("loss", Kind.LOSS, Split.TRAIN, from_zero)) is None


def test_a_decay_to_the_print_floor_is_a_small_loss_not_zero() -> None:
    floor = [2.3, 0.9, 0.2, 0.05, 0.012, 0.004, 0.002, 0.001, 0.0, 0.0, 0.0, 0.0]  # printed to 3 decimals
    assert found_in("suspected_leakage", series("loss", Kind.LOSS, Split.TRAIN, floor)) is None
