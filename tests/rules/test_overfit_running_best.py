"""A best-so-far column ('best_val_acc', written by a training loop beside val_acc) does not excuse an over-fit turn:
it holds its best at the last evaluation by construction, so it cannot show that the task metric still improves.
The curve is the shape of the opened corpus log nb-ko-minigpt-nsmc-finetune-overfit (a Korean mini-GPT fine-tune:
validation loss best at epoch 4, then up 50 % while the training loss halves; validation accuracy flat)."""
from __future__ import annotations

import numpy as np

import lossdoctor
from lossdoctor.findings import Severity
from lossdoctor.model import Kind, Run, Split


def _run(with_best: bool) -> Run:
    rng = np.random.default_rng(7)
    n = 20
    train = 0.51 * np.exp(-0.07 * np.arange(n)) + 0.005 * rng.standard_normal(n)
    val = np.r_[[0.427, 0.413, 0.400, 0.390], 0.39 + 0.013 * np.arange(1, n - 3) + 0.008 * rng.standard_normal(n - 4)]
    acc = np.r_[[0.799, 0.815, 0.822, 0.823], 0.822 + 0.003 * rng.standard_normal(n - 4)]
    acc[5] = 0.8272  # the best, two evaluations after the loss's turn; the rest hover under it
    data = {"loss": train, "val_loss": val, "val_acc": acc}
    if with_best:
        data["best_val_acc"] = np.maximum.accumulate(acc)
    return Run.from_dict(data)


def _overfitting(run: Run):
    return next(f for f in lossdoctor.diagnose(run).findings if f.name == "overfitting")


def test_a_running_best_column_does_not_turn_the_warning_into_a_note() -> None:
    assert _overfitting(_run(with_best=False)).severity is Severity.WARNING
    f = _overfitting(_run(with_best=True))
    assert f.severity is Severity.WARNING
    assert "best_val_acc" not in f.message.en


def test_a_metric_still_making_new_bests_at_the_end_still_excuses_the_turn() -> None:
    """The excuse itself stays: a validation accuracy that keeps setting new bests to the last evaluation."""
    run = _run(with_best=False)
    data = {s.key: s.values for s in run.series}
    data["val_acc"] = np.linspace(0.80, 0.86, len(run.find(Kind.ACCURACY, Split.VAL)))
    f = _overfitting(Run.from_dict(data))
    assert f.severity is Severity.INFO
