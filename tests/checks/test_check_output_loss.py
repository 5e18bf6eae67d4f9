"""LD304 output_loss_mismatch, judged from one forward pass and the loss object (PyTorch and Keras)."""
from __future__ import annotations

import os

import numpy as np
import pytest
from sklearn.datasets import make_regression

from _tabular import CANCER, WINE

from lossdoctor import check

torch = pytest.importorskip("torch")
nn = torch.nn


def _mlp(d_in: int, out: int, *last) -> "nn.Module":  # type: ignore[no-untyped-def]
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(d_in, 16), nn.ReLU(), nn.Linear(16, out), *last)


def _problems(rep) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.evidence["problem"] for f in rep.findings if f.code == "LD304"]


def test_correct_torch_classifiers_are_silent() -> None:
    x, y = WINE
    assert check((x, y), model=_mlp(13, 3), loss=nn.CrossEntropyLoss()).findings == ()
    x, y = CANCER
    assert check((x, y), model=_mlp(30, 1), loss=nn.BCEWithLogitsLoss()).findings == ()
    assert check((x, y), model=_mlp(30, 1, nn.Sigmoid()), loss=nn.BCELoss()).findings == ()
    assert check((x, y), model=_mlp(30, 2, nn.LogSoftmax(-1)), loss=nn.NLLLoss()).findings == ()


@pytest.mark.parametrize(("data", "model", "loss", "problem", "fix"), [
    ("wine", (3, nn.Softmax(-1)), nn.CrossEntropyLoss(), "softmax_before_logit_loss", "delete the nn.Softmax"),
    ("cancer", (1, nn.Sigmoid()), nn.BCEWithLogitsLoss(), "sigmoid_before_logit_loss", "delete the nn.Sigmoid"),
    ("cancer", (1,), nn.BCELoss(), "logits_into_bce", "nn.BCEWithLogitsLoss()"),
    ("wine", (3,), nn.NLLLoss(), "nll_without_log_softmax", "log_softmax"),
    ("wine", (1,), nn.CrossEntropyLoss(), "single_unit_categorical", "nn.CrossEntropyLoss()"),
    ("wine", (2,), nn.CrossEntropyLoss(), "labels_out_of_range", "nn.Linear(hidden, 3)"),
    ("cancer", (2, nn.Softmax(-1)), nn.BCELoss(), "binary_loss_on_multi_unit", "nn.Linear(hidden, 1)"),
])
def test_torch_mismatches(data, model, loss, problem, fix) -> None:  # type: ignore[no-untyped-def]
    x, y = WINE if data == "wine" else CANCER
    rep = check((x, y), model=_mlp(x.shape[1], *model), loss=loss)
    found = [f for f in rep.findings if f.code == "LD304"]
    assert problem in _problems(rep)
    f = next(f for f in found if f.evidence["problem"] == problem)
    assert f.causes[0].cause == "label_or_loss_misconfig"
    assert set(f.fixes[0].code) <= {"pytorch", "python"} and fix in "".join(f.fixes[0].code.values())


def test_softmax_before_cross_entropy_names_the_floor() -> None:
    x, y = WINE
    (f,) = check((x, y), model=_mlp(13, 3, nn.Softmax(-1)), loss=nn.CrossEntropyLoss()).findings
    assert f.evidence["softmax_applied"] and f.evidence["output_row_sum"] == pytest.approx(1.0)
    assert "0.55" in f.message.en  # -log(e / (e + 2)): the best a doubly-softmaxed 3-class loss can do


def test_labels_one_based_and_regression_heads() -> None:
    x, y = WINE
    assert "labels_out_of_range" in _problems(check((x, y + 1), model=_mlp(13, 3), loss=nn.CrossEntropyLoss()))
    xr, yr = make_regression(300, 6, noise=3, random_state=0)
    yr = (yr - yr.mean()) / yr.std()
    torch.manual_seed(0)
    assert check((xr, yr), model=_mlp(6, 1), loss=nn.MSELoss())  # the broadcast below is the only problem
    assert _problems(check((xr, yr), model=_mlp(6, 1), loss=nn.MSELoss())) == ["broadcast_regression_target"]
    assert "nonnegative_head_on_regression" in _problems(check((xr, yr), model=_mlp(6, 1, nn.ReLU()),
                                                               loss=nn.MSELoss()))
    assert "bounded_head_on_regression" in _problems(check((xr, yr), model=_mlp(6, 1, nn.Sigmoid()),
                                                           loss=nn.MSELoss()))
    assert _problems(check((xr, yr.reshape(-1, 1)), model=_mlp(6, 1), loss=nn.MSELoss())) == []


def test_the_users_model_is_not_changed() -> None:
    x, y = WINE
    model = _mlp(13, 3)
    before = [p.detach().clone() for p in model.parameters()]
    model.train()
    check((x, y), model=model, loss=nn.CrossEntropyLoss(), overfit=True, lr_range=True, lr_steps=30)
    assert model.training and all(torch.equal(a, b) for a, b in zip(before, model.parameters()))


# ---- Keras (torch backend) --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def keras():  # type: ignore[no-untyped-def]
    os.environ.setdefault("KERAS_BACKEND", "torch")
    return pytest.importorskip("keras")


def _km(keras, d_in: int, units: int, act, loss):  # type: ignore[no-untyped-def]
    keras.utils.set_random_seed(0)
    m = keras.Sequential([keras.Input((d_in,)), keras.layers.Dense(16, activation="relu"),
                          keras.layers.Dense(units, activation=act)])
    m.compile(optimizer="adam", loss=loss)
    return m


def test_correct_keras_models_are_silent(keras) -> None:  # type: ignore[no-untyped-def]
    x, y = CANCER
    assert check((x, y), model=_km(keras, 30, 1, "sigmoid", "binary_crossentropy")).findings == ()
    x, y = WINE
    assert check((x, y), model=_km(keras, 13, 3, "softmax", "sparse_categorical_crossentropy")).findings == ()
    onehot = np.eye(3)[y]
    assert check((x, onehot), model=_km(keras, 13, 3, "softmax", "categorical_crossentropy")).findings == ()
    logits = _km(keras, 13, 3, None, keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    assert check((x, y), model=logits).findings == ()


def test_keras_mismatches(keras) -> None:  # type: ignore[no-untyped-def]
    x, y = CANCER
    # the seed article's model: Dense(2, softmax) with binary_crossentropy
    rep = check((x, y), model=_km(keras, 30, 2, "softmax", "binary_crossentropy"))
    (f,) = rep.findings
    assert f.evidence["problem"] == "binary_loss_on_multi_unit"
    assert "Dense(1, activation='sigmoid')" in f.fixes[0].code["keras"] and "pytorch" not in f.fixes[0].code
    rep = check((x, y), model=_km(keras, 30, 1, "sigmoid", "categorical_crossentropy"))
    (f,) = rep.findings
    assert f.evidence["problem"] == "single_unit_categorical" and abs(f.evidence["loss_on_batch"]) < 1e-5
    onehot = np.eye(2)[y]
    assert _problems(check((x, onehot), model=_km(keras, 30, 2, "softmax", "sparse_categorical_crossentropy"))) \
        == ["one_hot_with_sparse_loss"]
    assert _problems(check((x, y), model=_km(keras, 30, 2, "softmax", "categorical_crossentropy"))) \
        == ["integer_labels_with_categorical_loss"]
    assert _problems(check((x, y), model=_km(keras, 30, 2, None, "sparse_categorical_crossentropy"))) \
        == ["logits_into_probability_loss"]
    assert _problems(check((x, y), model=_km(keras, 30, 1, None, "binary_crossentropy"))) == ["logits_into_bce"]
    assert _problems(check((x, y), model=_km(keras, 30, 2, "softmax", keras.losses.SparseCategoricalCrossentropy(
        from_logits=True)))) == ["softmax_before_logit_loss"]
    assert _problems(check((x, y), model=_km(keras, 30, 1, "sigmoid", keras.losses.BinaryCrossentropy(
        from_logits=True)))) == ["sigmoid_before_logit_loss"]


def test_keras_regression_heads(keras) -> None:  # type: ignore[no-untyped-def]
    xr, yr = make_regression(300, 6, noise=3, random_state=0)
    yr = (yr - yr.mean()) / yr.std()
    assert check((xr, yr), model=_km(keras, 6, 1, None, "mse")).findings == ()
    assert _problems(check((xr, yr), model=_km(keras, 6, 1, "relu", "mse"))) == ["nonnegative_head_on_regression"]
    assert _problems(check((xr, yr), model=_km(keras, 6, 1, "sigmoid", "mse"))) == ["bounded_head_on_regression"]


def test_class_count_mismatches() -> None:
    x, y = WINE
    onehot = np.eye(3)[y]
    rep = check((x, onehot), model=_mlp(13, 4), loss=nn.CrossEntropyLoss())
    assert _problems(rep) == ["one_hot_width_mismatch"]
    (f,) = rep.findings
    assert f.severity.label == "error" and "nn.Linear(hidden, 3)" in f.fixes[0].code["pytorch"]
    (g,) = check((x, y), model=_mlp(13, 10), loss=nn.CrossEntropyLoss()).findings
    assert g.evidence["problem"] == "more_units_than_classes" and g.severity.label == "info"
