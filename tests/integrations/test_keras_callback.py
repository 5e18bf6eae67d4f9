"""Keras 3 (torch backend) DoctorCallback: real training on scikit-learn data; findings appear during training."""
from __future__ import annotations

import os

os.environ.setdefault("KERAS_BACKEND", "torch")

import numpy as np
import pytest

keras = pytest.importorskip("keras")
if keras.backend.backend() != "torch":  # another test imported Keras with another backend first
    pytest.skip("Keras runs on another backend in this process", allow_module_level=True)

from sklearn.datasets import load_digits  # noqa: E402

from lossdoctor.keras import DoctorCallback  # noqa: E402


def _digits(n: int | None = None, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    x, y = load_digits(return_X_y=True)
    rng = np.random.default_rng(seed)
    idx = rng.permutation(len(x))
    x, y = (x[idx] / 16.0).astype("float32"), y[idx]
    n_train = n or 1200
    return x[:n_train], y[:n_train], x[1400:], y[1400:]


def _model(hidden: int = 32, lr: float = 1e-2, optimizer: str = "adam") -> keras.Model:
    keras.utils.set_random_seed(0)
    m = keras.Sequential([keras.Input((64,)), keras.layers.Dense(hidden, activation="relu"),
                          keras.layers.Dense(10, activation="softmax")])
    opt = keras.optimizers.SGD(lr) if optimizer == "sgd" else keras.optimizers.Adam(lr)
    m.compile(optimizer=opt, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return m


def test_nan_from_a_huge_learning_rate_stops_training_at_once() -> None:
    x, y, xv, yv = _digits()
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((64,)), keras.layers.Dense(32, activation="tanh"), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")  # raw pixels (0..16) and a huge step: blow-up
    lines: list[str] = []
    doc = DoctorCallback(stop_on=("nan_inf",), printer=lines.append)
    hist = model.fit(x * 16, y.astype("float32"), validation_data=(xv * 16, yv.astype("float32")), epochs=20,
                     batch_size=64, verbose=0, callbacks=[doc])
    seen = doc.recorder.first_seen("nan_inf")
    assert seen is not None and seen.step is not None and seen.step <= 2 * 19  # at the batch, in the first epochs
    assert doc.stopped is not None and "nan_inf" in doc.stopped.reason
    assert len(hist.history["loss"]) <= 2  # stopped within the epoch of the first non-finite loss, not after 20
    assert sum("nan_inf" in ln for ln in lines) == 1


def test_overfitting_on_50_samples_stops_and_restores_the_best_weights(tmp_path) -> None:
    x, y, xv, yv = _digits(n=50)
    report = tmp_path / "report.json"
    doc = DoctorCallback(stop_on_overfitting=True, printer=None, report_path=report)
    model = _model(hidden=256, lr=1e-2)
    hist = model.fit(x, y, validation_data=(xv, yv), epochs=80, batch_size=25, validation_batch_size=512,
                     verbose=0, callbacks=[doc])
    val = np.array(hist.history["val_loss"])
    seen = doc.recorder.first_seen("overfitting")
    assert seen is not None and seen.epoch is not None and seen.epoch < 79
    assert doc.stopped is not None and len(val) < 80  # stopped early
    assert doc.restored_epoch is not None
    best = int(doc.restored_epoch)
    assert val[best] <= val.min() + 1e-9
    restored_loss = model.evaluate(xv, yv, verbose=0)[0]
    assert restored_loss == pytest.approx(val[best], rel=1e-3)  # the weights are the best epoch's
    assert restored_loss < val[-1]
    import json

    assert json.loads(report.read_text())["runs"][0]["findings"][0]["name"] in {"overfitting", "generalization_gap"}


def test_healthy_run_announces_nothing() -> None:
    x, y, xv, yv = _digits()
    lines: list[str] = []
    doc = DoctorCallback(stop_on=("nan_inf", "divergence"), stop_on_overfitting=True, printer=lines.append)
    hist = _model(lr=1e-2).fit(x, y, validation_data=(xv, yv), epochs=10, batch_size=128, validation_batch_size=512,
                               verbose=0, callbacks=[doc])
    assert lines == [] and doc.stopped is None
    assert len(hist.history["loss"]) == 10
    assert doc.report().verdict == "healthy"
