"""LD308 tiny-subset overfit test and LD309 LR range test: they train copies of the model, and say what they saw."""
from __future__ import annotations

import math
import os

import numpy as np
import pytest

from _tabular import CANCER, WINE

from lossdoctor import check
from lossdoctor.checks.lr_range import analyse
from lossdoctor.findings import Severity
from lossdoctor.model import Kind

torch = pytest.importorskip("torch")
nn = torch.nn


def _mlp(d_in: int, out: int, *last, hidden: int = 32) -> "nn.Module":  # type: ignore[no-untyped-def]
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(d_in, hidden), nn.ReLU(), nn.Linear(hidden, out), *last)


def _overfit(rep):  # type: ignore[no-untyped-def]
    return [f for f in rep.findings if f.code == "LD308"]


def test_a_working_model_overfits_and_the_curve_is_kept() -> None:
    x, y = WINE
    rep = check((x, y), model=_mlp(13, 3), loss=nn.CrossEntropyLoss(), overfit=True)
    assert rep.findings == ()
    curve = rep.run.get("overfit_loss")
    assert curve is not None and curve.kind is Kind.LOSS
    assert curve.values[0] == pytest.approx(math.log(3), rel=0.3) and curve.values[-1] <= 0.05


def test_nan_is_named_with_its_step() -> None:
    x, y = CANCER
    (f,) = _overfit(check((x, y), model=_mlp(30, 1), loss=nn.BCEWithLogitsLoss(), overfit=True,
                          optimizer=lambda p: torch.optim.SGD(p, lr=1e4)))
    assert f.evidence["failure"] == "nonfinite" and f.causes[0].cause == "lr_too_high"
    assert f.evidence["first_nonfinite_step"] < 50


def test_an_optimizer_on_other_parameters_is_a_training_step_bug() -> None:
    x, y = CANCER
    stray = nn.Parameter(torch.zeros(1))
    (f,) = _overfit(check((x, y), model=_mlp(30, 1), loss=nn.BCEWithLogitsLoss(), overfit=True, overfit_steps=20,
                          optimizer=lambda p: torch.optim.SGD([stray], lr=0.1)))
    assert f.evidence["failure"] == "weights_frozen" and f.causes[0].cause == "training_step_bug"


def test_a_loss_that_does_not_move_is_flat() -> None:
    from sklearn.datasets import make_regression

    x, y = make_regression(200, 6, noise=1, random_state=0)
    y = (y - y.mean()) / y.std()
    (f,) = _overfit(check((x, y[:, None]), model=_mlp(6, 1), loss=nn.MSELoss(), overfit=True, overfit_steps=50,
                          optimizer=lambda p: torch.optim.SGD(p, lr=1e-7)))
    assert f.evidence["failure"] == "flat" and f.evidence["best_loss"] >= 0.9 * f.evidence["first_loss"]
    assert "lr_too_low" in [c.cause for c in f.causes]


def test_stuck_at_ln_c_is_recognised() -> None:
    x, y = WINE
    model = _mlp(13, 3)
    with torch.no_grad():
        model[0].bias.fill_(-100.0)
    (f,) = _overfit(check((x, y), model=model, loss=nn.CrossEntropyLoss(), overfit=True, overfit_steps=150,
                          optimizer=lambda p: torch.optim.Adam(p, lr=0.05)))
    # dead ReLUs leave only the output bias to learn: the class frequencies, ln(3) on a balanced subset
    assert f.evidence["failure"] == "chance" and f.evidence["chance_loss"] == pytest.approx(math.log(3))
    assert f.evidence["last_loss"] == pytest.approx(math.log(3), rel=0.15)


def test_double_softmax_stalls_above_zero() -> None:
    x, y = WINE
    rep = check((x, y), model=_mlp(13, 3, nn.Softmax(-1)), loss=nn.CrossEntropyLoss(), overfit=True,
                overfit_steps=200)
    (f,) = _overfit(rep)
    assert f.evidence["failure"] == "stalled" and f.evidence["best_loss"] > 0.5
    assert "output_loss_mismatch" in [g.name for g in rep.findings]


def test_lr_range_finds_a_range_and_the_curve_is_evidence() -> None:
    x, y = WINE
    rep = check((x, y), model=_mlp(13, 3), loss=nn.CrossEntropyLoss(), lr_range=True)
    (f,) = [f for f in rep.findings if f.code == "LD309"]
    lo, hi = f.evidence["range"]
    assert 1e-5 < lo < hi < 10 and lo <= f.evidence["steepest_lr"] <= hi
    assert f.severity is Severity.INFO  # Adam at 1e-3 trains: below the range is a note, not a warning
    assert rep.run.get("lr_range_loss") is not None and rep.run.get("lr_range_lr").kind is Kind.LR
    (table,) = rep.analyses
    assert table.name == "lr_range" and "in range" in [str(r[-1]) for r in table.rows]


def test_lr_range_warns_about_a_learning_rate_above_the_range() -> None:
    x, y = WINE
    rep = check((x, y), model=_mlp(13, 3), loss=nn.CrossEntropyLoss(), lr_range=True, lr_steps=60,
                optimizer=lambda p: torch.optim.SGD(p, lr=30.0))
    (f,) = [f for f in rep.findings if f.code == "LD309"]
    assert f.severity is Severity.WARNING and f.causes[0].cause == "lr_too_high"


def test_no_valley_says_no_clear_range() -> None:
    x, y = WINE
    model = _mlp(13, 3)
    for p in model.parameters():
        p.requires_grad_(False)
    model[2].bias.requires_grad_(True)  # only a bias learns: the loss barely moves at any learning rate
    rep = check((x, y), model=model, loss=nn.CrossEntropyLoss(), lr_range=True, lr_max=1e-2,
                optimizer=lambda p: torch.optim.SGD(p, lr=1e-3))
    (f,) = [f for f in rep.findings if f.code == "LD309"]
    assert f.evidence["range"] is None and "no clear range" in f.message.en


def test_analyse_on_curves_with_and_without_a_valley() -> None:
    lrs = np.geomspace(1e-6, 1, 100)
    rng = np.random.default_rng(0)
    t = np.log10(lrs)
    valley = 2.3 - 2.0 / (1 + np.exp(-(t + 3) * 3)) + np.where(t > -1, (t + 1) ** 2 * 5, 0)
    r = analyse(lrs, valley + rng.normal(0, 0.01, 100))
    lo, hi = r["range"]
    # the true half-steepest range is 10^(-3 +- 0.59); the centred smoothing (0.6 decades) may widen it a little
    assert 10 ** -3.9 < lo < 10 ** -3.3 and 10 ** -2.7 < hi < 10 ** -2.1
    flat = analyse(lrs, 2.3 + rng.normal(0, 0.05, 100))
    assert flat["range"] is None and "fell by" in flat["reason"]
    rising = analyse(lrs, np.linspace(1, 3, 100))
    assert rising["range"] is None


def test_keras_overfit_and_lr_range() -> None:
    os.environ.setdefault("KERAS_BACKEND", "torch")
    keras = pytest.importorskip("keras")
    x, y = CANCER
    keras.utils.set_random_seed(0)
    m = keras.Sequential([keras.Input((30,)), keras.layers.Dense(16, activation="relu"),
                          keras.layers.Dense(1, activation="sigmoid")])
    m.compile(optimizer=keras.optimizers.Adam(1e-2), loss="binary_crossentropy")
    before = [w.copy() for w in m.get_weights()]
    rep = check((x, y), model=m, overfit=True, lr_range=True, lr_steps=60)
    assert [f.code for f in rep.findings] == ["LD309"] and rep.findings[0].evidence["range"] is not None
    assert all(np.array_equal(a, b) for a, b in zip(before, m.get_weights()))
    bad = keras.Sequential([keras.Input((30,)), keras.layers.Dense(1, activation="sigmoid")])
    bad.compile(optimizer="adam", loss="categorical_crossentropy")  # one unit, categorical loss: always 0
    (f,) = _overfit(check((x, y), model=bad, overfit=True, select=("LD308",)))
    assert f.evidence["failure"] == "zero_from_start"
