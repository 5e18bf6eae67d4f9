"""After release 14 (rules-z7): four of audit14's rule gaps and healthy runs warned, each the principle a person reads
at a glance, on generated curves of the shapes real logs show, each beside its healthy look-alike.

- stuck at chance from one line: a loss within 0.05% of ln(C) beside an accuracy within half a point of 1/C on the
  same line, after training began, is a constant output (a char-CNN's one line at epoch 30: 1.386194 at 25.000%);
- nan_inf: a loss of exactly 0 on the last line beside a non-finite total gradient norm is a lost run, even when the
  norm was non-finite from the first step (a mixed-precision run's skipped first steps keep a finite, non-zero loss);
- divergence: a loss that crosses zero and ends 1000x+ its first value's magnitude is unbounded, not improving;
- loss_not_decreasing: from the start of training, a first value that fell 3x+ onto a level clearly below ln(C) is
  the training (a model that learned at once), not a blow-up set aside before a flat rest.
"""
from __future__ import annotations

import math

import numpy as np

from lossdoctor.findings import Severity

from _shapes import found, loud, run_of

NAN = float("nan")


# ---- stuck at chance, read from one line ------------------------------------------------------------------------

def test_one_line_at_ln4_and_25_percent_past_the_first_epoch_is_a_constant_output() -> None:
    for classes, loss, acc in ((4, 1.386194, 0.25), (10, 2.30261, 0.0998), (2, 0.69318, 0.5021)):
        run = run_of(steps=[30.9996], loss=[loss], acc=[acc])
        for opts in ({}, {"num_classes": classes}):
            f = found(run, "stuck_at_chance", **opts)
            assert f is not None and f.severity is Severity.WARNING and f.confidence < 0.5, (classes, opts)
            assert f"ln({classes})" in f.message.en


def test_one_line_at_the_start_or_off_chance_is_not_read() -> None:
    # the first line of a run: an untrained model with small weights scores ln(C) and 1/C just as closely
    assert "stuck_at_chance" not in loud(run_of(steps=[1.0], loss=[1.386194], acc=[0.25]))
    assert "stuck_at_chance" not in loud(run_of(axis="step", steps=[50.0], loss=[1.386194], acc=[0.25]))
    # the loss only near ln(4) (0.3%: a model on its way), or the accuracy clear of 1/4: no constant output
    assert "stuck_at_chance" not in loud(run_of(steps=[30.0], loss=[1.3822], acc=[0.25]))
    assert "stuck_at_chance" not in loud(run_of(steps=[30.0], loss=[1.386194], acc=[0.262]))
    # an accuracy of 0 beside a large loss names no C (1/C within half a point of 0 for any C above 200)
    assert "stuck_at_chance" not in loud(run_of(steps=[40.0], loss=[62.95], acc=[0.0]))


def test_a_short_excerpt_ending_on_a_constant_output_line_is_at_chance() -> None:
    """Two lines from the middle of a run, the last one on ln(4) and 1/4 to the printed digits, the first still off
    it (1.45 at 31 %: the model collapsing): the last line names C where 'every line' does not."""
    run = run_of(steps=[29.0, 30.0], loss=[1.45, 1.386194], acc=[0.31, 0.25])
    f = found(run, "stuck_at_chance")
    assert f is not None and f.severity is Severity.WARNING


# ---- nan_inf: a loss of 0 beside a NaN norm ------------------------------------------------------------------------

def test_a_loss_of_zero_on_the_last_line_beside_a_nan_norm_is_a_lost_run() -> None:
    """A LoRA fine-tune's first two logged steps: loss 1.0446 then 0.0, grad_norm nan on both."""
    f = found(run_of(steps=[0.0, 0.01], loss=[1.0446, 0.0], grad_norm=[NAN, NAN]), "nan_inf")
    assert f is not None and f.severity is Severity.WARNING and f.evidence["series"] == "grad_norm"


def test_a_mixed_precision_start_keeps_a_finite_loss_and_stays_quiet() -> None:
    """fp16 loss scaling started too high: the first steps' norms overflow by design while the loss keeps its level;
    the same with the loss merely small (0.02, not 0) is not lost either."""
    for loss in ([2.31, 2.30], [2.31, 2.30, 2.28], [0.05, 0.02]):
        run = run_of(axis="step", steps=range(1, len(loss) + 1), loss=loss, grad_norm=[NAN] * len(loss))
        assert "nan_inf" not in loud(run), loss


# ---- divergence: a loss that crosses zero and runs away ------------------------------------------------------------

def _vocoder(end: float, n: int = 400, seed: int = 0) -> np.ndarray:
    """A total loss 1.56 -> 0.2 over the first 15%, then (a log-density term taking over) down through 0 to `end`,
    with batch noise of 30% of its level."""
    rng = np.random.default_rng(seed)
    k = int(0.15 * n)
    head = 0.2 + 1.36 * np.exp(-np.arange(k) / (k / 5))
    tail = 0.2 - (0.2 - end) * (np.linspace(0.0, 1.0, n - k) ** 3)
    y = np.r_[head, tail]
    return y * (1 + 0.3 * rng.standard_normal(n) * (np.abs(y) > 10)) + 0.02 * rng.standard_normal(n)


def test_a_loss_that_crosses_zero_and_grows_a_thousandfold_is_a_divergence() -> None:
    for seed in range(3):
        run = run_of(axis="step", steps=np.arange(400) * 10.0, loss=_vocoder(-1.07e9, seed=seed))
        f = found(run, "divergence")
        assert f is not None and f.severity is Severity.ERROR and f.evidence["pattern"] == "unbounded", seed
        assert "crossed zero" in f.message.en and f.message.zh


def test_a_negative_loss_on_its_own_scale_is_not_unbounded() -> None:
    """An ELBO-style loss that goes from 1.56 to -3.5 (2x its first magnitude) learns; so does one ending at -150
    from a first value of 1.56 (under 1000x): neither is read as unbounded."""
    for end in (-3.5, -150.0):
        run = run_of(axis="step", steps=np.arange(400) * 10.0, loss=_vocoder(end))
        f = found(run, "divergence")
        assert f is None or f.evidence.get("pattern") != "unbounded", end
    # a loss that stays positive and falls 1000x is training, not a runaway
    run = run_of(axis="step", steps=np.arange(200) * 10.0, loss=2.0 * np.exp(-np.arange(200) / 25.0))
    assert "divergence" not in loud(run)


# ---- loss_not_decreasing: the first interval's fall is the training ----------------------------------------------

def _fast_then_flat(first: float, level: float, n: int = 91, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.r_[first, level * (1 + 0.05 * rng.standard_normal(n - 1))]


def test_a_tenfold_first_fall_onto_a_level_below_ln2_learned() -> None:
    """A CTR model's minibatch loss at step 0 is 1.206, 0.12 +- 0.006 from step 100 to 9,000: it learned in the first
    100 steps and converged; not a first-point blow-up beside a flat loss."""
    for seed in range(3):
        run = run_of(axis="step", steps=np.arange(91) * 100.0, loss=_fast_then_flat(1.206, 0.12, seed=seed))
        assert "loss_not_decreasing" not in loud(run, num_classes=2), seed


def test_a_blow_up_knocked_onto_ln_c_stays_not_decreasing() -> None:
    """The look-alikes that stay problems: a first loss of 40 knocked above ln(10) and held there (C given), or onto
    it (a constant output: stuck_at_chance names it); a first value on a clipped log(0) (87.3365) before a flat rest."""
    steps = np.arange(60) * 100.0
    knocked = run_of(axis="step", steps=steps, loss=_fast_then_flat(40.0, 3.0, n=60))
    assert "loss_not_decreasing" in loud(knocked, num_classes=10)
    onto = run_of(axis="step", steps=steps, loss=_fast_then_flat(40.0, math.log(10), n=60))
    assert {"loss_not_decreasing", "stuck_at_chance"} & set(loud(onto, num_classes=10))
    clipped = run_of(axis="step", steps=steps, loss=_fast_then_flat(87.3365, 8.28, n=60))
    assert "loss_not_decreasing" in loud(clipped)
    # (a first value 10x the rest with no C to compare learned at once too since rules-z13: a regression or a summed
    # loss has no dead level to be knocked onto - tests/rules/test_audit18_z13.py)
    unknown = run_of(axis="step", steps=steps, loss=_fast_then_flat(1.206, 0.12, n=60))
    assert "loss_not_decreasing" not in loud(unknown)
