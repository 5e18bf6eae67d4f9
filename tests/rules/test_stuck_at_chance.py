"""LD104 stuck_at_chance, with class-count inference."""
from __future__ import annotations

import math

import numpy as np

from _shapes import decay, findings, names, run_of

LN10 = math.log(10)


def _flat(level: float, n: int = 30, seed: int = 0) -> np.ndarray:
    return level + 0.0005 * np.random.default_rng(seed).standard_normal(n)


def test_ln10_with_accuracy_at_one_tenth() -> None:
    (f,) = findings("LD104", run_of(loss=_flat(LN10), val_accuracy=np.full(30, 0.1)))
    assert f.evidence["num_classes"] == 10 and f.evidence["num_classes_from"] == "initial_loss"
    assert abs(f.evidence["loss_level"] - LN10) < 0.01


def test_binary_chance_from_the_loss_alone() -> None:
    (f,) = findings("LD104", run_of(loss=_flat(math.log(2))))
    assert f.evidence["num_classes"] == 2


def test_given_class_count_wins() -> None:
    (f,) = findings("LD104", run_of(loss=_flat(math.log(5))), num_classes=5)
    assert f.evidence["num_classes_from"] == "given"


def test_huge_first_loss_then_ln_c_ranks_lr_too_high_first() -> None:
    y = np.r_[250.0, _flat(LN10, 29)]
    rep_causes = findings("LD104", run_of(loss=y, accuracy=np.full(30, 0.1)))[0].causes
    assert rep_causes[0].cause == "lr_too_high"


def test_slow_creep_from_above_ranks_lr_too_low_first() -> None:
    y = 2.36 - 0.0008 * np.arange(30)
    (f,) = findings("LD104", run_of(loss=y, accuracy=np.linspace(0.12, 0.14, 30)), num_classes=10)
    assert f.causes[0].cause == "lr_too_low"


def test_majority_share_pinned_means_imbalance() -> None:
    p = 0.95
    h = -(p * math.log(p) + (1 - p) * math.log(1 - p))
    y = h + (0.6 - h) * np.exp(-np.arange(30) / 3)
    (f,) = findings("LD104", run_of(loss=y, accuracy=np.r_[0.8, np.full(29, p)]))
    assert f.evidence["majority_share"] == p and f.causes[0].cause == "class_imbalance"


def test_double_softmax_floor() -> None:
    floor = math.log(1 + 9 / math.e)
    y = floor + (LN10 - floor) * np.exp(-np.arange(40) / 5) + 0.01
    (f,) = findings("LD104", run_of(loss=y, accuracy=np.linspace(0.3, 0.85, 40)))
    assert abs(f.evidence["bounded_logit_floor"] - 1.4612) < 1e-3
    assert f.causes[0].cause == "label_or_loss_misconfig"
    # right on 95% of the training examples: not stuck; loss_metric_disagreement names the floor
    high = run_of(loss=y, accuracy=np.minimum(0.95, np.linspace(0.3, 1.3, 40)))
    assert not findings("LD104", high)
    assert any(f.evidence.get("pattern") == "loss_too_high_for_accuracy" for f in findings("LD111", high))


def test_validation_at_chance_while_training_learns() -> None:
    run = run_of(loss=np.linspace(2.3, 1.0, 30), accuracy=np.linspace(0.1, 0.7, 30),
                 val_loss=np.linspace(2.3, 3.5, 30), val_accuracy=0.1 + 0.005 * np.sin(np.arange(30)))
    (f,) = findings("LD104", run, num_classes=10)
    assert f.causes[0].cause == "noisy_labels"


def test_one_verdict_not_a_list_of_alarms() -> None:
    rep = names(run_of(loss=_flat(LN10), val_loss=_flat(LN10, seed=1), val_accuracy=np.full(30, 0.1)), judged=True)
    assert rep["stuck_at_chance"] == "error"
    assert all(sev == "info" for name, sev in rep.items() if name != "stuck_at_chance")


def test_healthy_classifier_is_silent() -> None:
    assert not findings("LD104", run_of(loss=decay(30, LN10, 0.05), accuracy=np.linspace(0.3, 0.99, 30)))


def test_run_level_ranking_puts_lr_too_high_first_after_a_blow_up() -> None:
    from lossdoctor.engine import diagnose_run

    y = np.r_[250.0, _flat(LN10, 29)]
    rep = diagnose_run(run_of(loss=y, accuracy=np.full(30, 0.1)))
    assert rep.causes[0].cause == "lr_too_high"
    assert "lr_too_low" not in {c.cause for c in rep.causes}
    assert rep.primary is not None and rep.primary.name == "stuck_at_chance"


def test_accuracy_pinned_at_one_over_c_with_a_non_ce_loss() -> None:
    y = 0.09 + 0.0002 * np.random.default_rng(2).standard_normal(30)  # e.g. MSE on one-hot targets
    (f,) = findings("LD104", run_of(loss=y, val_accuracy=np.full(30, 0.1)))
    assert f.evidence["accuracy_pinned_at"] == 0.1 and f.evidence["num_classes"] == 10


def test_a_regression_loss_levelling_off_near_some_ln_c_is_not_chance() -> None:
    """Deep Learning with PyTorch ch. 5 (tests/fixtures/public_runs/book_epoch_comma_healthy_dlwpt.log): a linear
    regression's MSE converges to 3.01, within 0.6% of ln(20); nothing says it is a classifier stuck there."""
    mse = [3.5940, 3.0942, 3.0238, 3.0139, 3.0125]
    assert not findings("LD104", run_of(loss=mse))
    # the same plateau after a blow-up start (seed 000: a first loss in the millions) is a classifier knocked
    # into a constant output; and beside an accuracy at 1/C it is one too
    assert findings("LD104", run_of(loss=[9.4e5] + [2.3047, 2.3031, 2.3029, 2.3027, 2.3026]))
    assert findings("LD104", run_of(loss=[2.9, 2.4, 2.31, 2.305, 2.304, 2.303],
                                    accuracy=[0.11, 0.1, 0.098, 0.1, 0.102, 0.1]))


def test_a_slow_creep_below_ln_c_points_at_the_learning_rate() -> None:
    """lr_too_low-s3 of the fault benchmark (SGD 1e-4): the epoch-1 average is already 0.4% under ln 10 and the loss
    keeps creeping down; a dead network's constant output cannot go below ln C, so the LR leads, not dead ReLUs."""
    loss = [2.293, 2.292, 2.291, 2.29, 2.29, 2.289, 2.288, 2.287, 2.287, 2.286, 2.285, 2.284, 2.284, 2.283, 2.282,
            2.281, 2.28, 2.28, 2.279, 2.278, 2.277, 2.277, 2.276, 2.275, 2.274, 2.274, 2.273, 2.272, 2.271, 2.271]
    (f,) = findings("LD104", run_of(loss=loss, accuracy=np.linspace(0.101, 0.131, 30)))
    assert f.causes[0].cause == "lr_too_low" and f.evidence["shape"] == "slow_creep"


def test_a_frozen_print_names_c_only_on_ln_c_to_its_printed_decimals() -> None:
    # '0.6930' on every line is 4 printed decimals: 1.5e-4 from ln 2 = 0.69315 is more than half its last digit, so it
    # is some other level, not a uniform guess; read off the float (0.693, 3 decimals) it would pass for ln 2
    from dataclasses import replace

    from lossdoctor.rules import chance

    run = run_of(loss=[0.6930] * 6)
    s = run.series[0]
    assert chance.frozen_on_chance(s.values) == 2
    assert chance.frozen_on_chance(s.values, decimals=4) is None
    assert chance.classes_from_plateau(run, 0.6930, 0.6930, s.values, 4) is None
    assert chance.classes_from_plateau(run, 0.6931, 0.6931, np.full(6, 0.6931), 4) == chance.Classes(2, "frozen_loss")
    # in the rule: a loss that fell gradually (no blow-up, no first loss at ln C) and froze on '0.6930'
    y = [2.5, 2.2, 1.9, 1.6, 1.3, 1.0, 0.8] + [0.6930] * 7
    plain = run_of(loss=y)
    printed = replace(plain, series=tuple(replace(x, decimals=4) for x in plain.series))
    assert "stuck_at_chance" in names(plain)  # decimals read off the float: 3, so 0.693 passes for ln 2
    assert "stuck_at_chance" not in names(printed)  # the reader's 4 decimals: not ln 2


def test_an_accuracy_at_chance_in_a_log_without_a_loss() -> None:
    # only accuracies logged, both around 1/10 on every evaluation: a model that never beat guessing
    run = run_of(val_accuracy=[0.10, 0.098, 0.102, 0.1, 0.099, 0.101], accuracy=[0.1, 0.11, 0.095, 0.1, 0.102, 0.1])
    (f,) = findings("LD104", run)
    assert f.evidence["shape"] == "accuracy_only" and f.evidence["num_classes"] == 10
    assert names(run)["stuck_at_chance"] == "error"
    # an accuracy that climbs away from its first value is a model learning
    assert "stuck_at_chance" not in names(run_of(val_accuracy=[0.10, 0.3, 0.5, 0.6, 0.7, 0.72]))
    # three evaluations are too few to read a whole run off
    assert "stuck_at_chance" not in names(run_of(val_accuracy=[0.10, 0.1, 0.1]))
