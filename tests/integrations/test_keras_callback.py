"""Keras 3 (torch backend) DoctorCallback: real training on scikit-learn data; findings, the probes' included,
appear during training."""
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
    m = keras.Sequential([keras.Input((64,)), keras.layers.Dense(hidden, activation="relu", name="hidden"),
                          keras.layers.Dense(10, activation="softmax", name="out")], name="mlp")
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
    keys = {s.key for s in doc.report().run.series}  # the probes ran, under the layers' Keras paths
    assert {"grad_norm", "grad_norm/mlp/hidden", "update_ratio/mlp/out", "dead_units/mlp/hidden",
            "act_scale/mlp/hidden", "act_scale/mlp/out", "nonfinite"} <= keys
    assert "apply" not in vars(doc.model.optimizer)  # the optimizer is left as it was found


class Blowup(keras.layers.Layer):
    """Overflows float32 from finite inputs once switched on: a known layer at a known batch."""

    def __init__(self, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(**kwargs)
        self.on = False

    def call(self, x):  # type: ignore[no-untyped-def]
        return x * 1e30 * 1e30 if self.on else x


class SwitchAt(keras.callbacks.Callback):
    def __init__(self, layer: Blowup, at: int) -> None:
        super().__init__()
        self.layer, self.at, self.step = layer, at, 0

    def on_train_batch_begin(self, batch: int, logs=None) -> None:  # type: ignore[no-untyped-def]
        self.layer.on = self.step >= self.at
        self.step += 1


def _announced(doc: DoctorCallback) -> dict[str, object]:
    return {a.finding.name: a for a in doc.recorder.announced}


def test_a_non_finite_forward_names_its_keras_layer_at_that_batch() -> None:
    x, y, xv, yv = _digits()
    keras.utils.set_random_seed(0)
    blow = Blowup(name="blowup")
    model = keras.Sequential([keras.Input((64,)), keras.layers.Dense(32, activation="relu", name="hidden"), blow,
                              keras.layers.Dense(10, name="out")], name="net")
    model.compile(optimizer=keras.optimizers.Adam(1e-2),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    lines: list[str] = []
    doc = DoctorCallback(stop_on=("nonfinite_activations",), printer=lines.append, probe_every=50)
    at = 25  # batch 25 (0-based) of 19 per epoch: the second epoch
    switch = SwitchAt(blow, at)
    hist = model.fit(x, y, validation_data=(xv, yv), epochs=5, batch_size=64, verbose=0, callbacks=[switch, doc])
    seen = _announced(doc)["nonfinite_activations"]
    assert seen.finding.evidence["module"] == "net/blowup" and seen.finding.evidence["where"] == "forward"
    assert seen.step == at + 1 and seen.epoch == 0  # announced at that batch, in the epoch after epoch 0
    assert doc.stopped is not None and len(hist.history["loss"]) == 2 and switch.step == at + 1  # no batch after
    assert sum("nonfinite_activations" in ln and "net/blowup" in ln for ln in lines) == 1


def test_huge_learning_rate_names_the_first_layer_that_overflowed_in_the_first_epoch() -> None:
    x, y, _, _ = _digits()
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((64,)), keras.layers.Dense(32, name="a"), keras.layers.Dense(32, name="b"),
                              keras.layers.Dense(10, name="c")], name="linear")
    model.compile(optimizer=keras.optimizers.SGD(20.0, momentum=0.9),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    doc = DoctorCallback(stop_on=("nan_inf", "nonfinite_activations"), printer=None)
    hist = model.fit(x, y, epochs=3, batch_size=64, verbose=0, callbacks=[doc])
    seen = _announced(doc)
    ev = seen["nonfinite_activations"].finding.evidence
    assert ev["where"] in ("forward", "weights") and ev["module"] in {"linear/a", "linear/b", "linear/c"}
    assert seen["nonfinite_activations"].epoch is None and seen["nan_inf"].epoch is None  # inside epoch 0
    assert doc.stopped is not None and len(hist.history["loss"]) <= 1


def test_dead_relu_initialisation_is_named_by_the_probes_during_training() -> None:
    x, y, xv, yv = _digits()
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((64,)),
                              keras.layers.Dense(32, activation="relu", name="hidden",
                                                 bias_initializer=keras.initializers.Constant(-20.0)),
                              keras.layers.Dense(10, activation="softmax", name="out")], name="dead")
    model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="sparse_categorical_crossentropy")
    lines: list[str] = []
    doc = DoctorCallback(printer=lines.append, probe_every=5)
    model.fit(x, y, validation_data=(xv, yv), epochs=3, batch_size=64, verbose=0, callbacks=[doc])
    dead = doc.recorder.first_seen("dead_units")
    assert dead is not None and dead.epoch == 0  # at the first epoch's end, with two more to go
    assert dead.finding.evidence["layer"] == "dead/hidden" and dead.finding.evidence["from_start"]
    assert sum(" dead_units " in ln for ln in lines) == 1


def test_a_layer_cut_from_the_gradient_is_found_frozen_during_training() -> None:
    x, y, xv, yv = _digits()
    keras.utils.set_random_seed(0)
    inp = keras.Input((64,))
    cut = keras.layers.Dense(32, activation="tanh", name="cut")(inp)
    h = keras.layers.Dense(32, activation="tanh", name="kept")(keras.ops.stop_gradient(cut))  # a detach bug
    model = keras.Model(inp, keras.layers.Dense(10, activation="softmax", name="head")(h), name="net")
    model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="sparse_categorical_crossentropy")
    lines: list[str] = []
    doc = DoctorCallback(printer=lines.append, probe_every=5)
    model.fit(x, y, validation_data=(xv, yv), epochs=3, batch_size=64, verbose=0, callbacks=[doc])
    frozen = doc.recorder.first_seen("frozen_parameters")
    assert frozen is not None and frozen.epoch is not None and frozen.epoch < 2
    assert frozen.finding.evidence["layers"] == ["cut"]  # a functional model's layers are named by themselves
    assert frozen.finding.evidence["without_gradient"] == ["cut"]
    assert sum(" frozen_parameters " in ln for ln in lines) == 1


def test_a_layer_frozen_on_purpose_is_not_reported() -> None:
    x, y, xv, yv = _digits()
    model = _model(lr=1e-2)
    model.layers[0].trainable = False  # transfer learning: the first layer is kept as it is
    model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="sparse_categorical_crossentropy")
    doc = DoctorCallback(printer=None, probe_every=5)
    model.fit(x, y, validation_data=(xv, yv), epochs=3, batch_size=64, verbose=0, callbacks=[doc])
    assert doc.recorder.first_seen("frozen_parameters") is None
    keys = {s.key for s in doc.report().run.series}
    assert "update_ratio/mlp/out" in keys and "update_ratio/mlp/hidden" not in keys  # not probed at all


def test_probes_off_records_no_probe_series() -> None:
    x, y, xv, yv = _digits(n=300)
    doc = DoctorCallback(printer=None, probes=False)
    _model().fit(x, y, validation_data=(xv, yv), epochs=1, batch_size=64, verbose=0, callbacks=[doc])
    assert {s.key for s in doc.report().run.series} <= {"loss", "accuracy", "val_loss", "val_accuracy",
                                                         "learning_rate"}


def test_training_is_unchanged_by_the_probes() -> None:
    """The probes' extra forward pass (every batch here) runs with dropout and batch norm, in training mode: Keras's
    random-seed state and moving statistics are restored after it, so the run is the same as without probes."""
    x, y, _, _ = _digits(n=256)

    def fit(callbacks: list) -> list[np.ndarray]:  # type: ignore[type-arg]
        keras.utils.set_random_seed(0)
        m = keras.Sequential([keras.Input((64,)), keras.layers.Dense(32, activation="relu", name="hidden"),
                              keras.layers.BatchNormalization(name="bn"), keras.layers.Dropout(0.3, name="drop"),
                              keras.layers.Dense(10, activation="softmax", name="out")], name="mlp")
        m.compile(optimizer=keras.optimizers.Adam(1e-2), loss="sparse_categorical_crossentropy")
        m.fit(x, y, epochs=2, batch_size=64, verbose=0, shuffle=False, callbacks=callbacks)
        return m.get_weights()

    doc = DoctorCallback(printer=None, probe_every=1)
    plain, probed = fit([]), fit([doc])
    assert "dead_units/mlp/hidden" in {s.key for s in doc.report().run.series}  # the pass did run
    assert len(plain) == len(probed)
    for a, b in zip(plain, probed):
        np.testing.assert_array_equal(a, b)


def _fit_under(policy: str, optimizer=None, epochs: int = 6):  # type: ignore[no-untyped-def]
    """Six epochs of the healthy setting under a global dtype policy (restored after), probes every 5 batches."""
    x, y, xv, yv = _digits()
    keras.mixed_precision.set_dtype_policy(policy)
    try:
        model = _model(lr=1e-2)
        if optimizer is not None:
            model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        lines: list[str] = []
        doc = DoctorCallback(printer=lines.append, probe_every=5)
        model.fit(x, y, validation_data=(xv, yv), epochs=epochs, batch_size=128, validation_batch_size=512,
                  verbose=0, callbacks=[doc])
    finally:
        keras.mixed_precision.set_dtype_policy("float32")
    return model, doc, lines


def test_mixed_bfloat16_healthy_run_is_silent_and_probed() -> None:
    model, doc, lines = _fit_under("mixed_bfloat16")
    assert model.layers[0].compute_dtype == "bfloat16"
    rep = doc.report()
    assert lines == [] and rep.verdict == "healthy", [f.message.en for f in rep.findings]
    assert {"grad_norm/mlp/hidden", "dead_units/mlp/hidden", "update_ratio/mlp/out"} <= {s.key for s in rep.run.series}
    assert float(rep.run.get("nonfinite").values.max()) == 0.0


def test_mixed_float16_loss_scaling_skips_are_normal_and_norms_unscaled() -> None:
    """mixed_float16 trains through a LossScaleOptimizer: the gradients torch holds are the scaled ones, and a step
    whose scaled gradients overflow is skipped (normal AMP). Started far too high here, so the first steps skip."""
    opt = keras.optimizers.LossScaleOptimizer(keras.optimizers.Adam(1e-2), initial_scale=2.0 ** 40)
    model, doc, lines = _fit_under("mixed_float16", optimizer=opt)
    _, ref, _ = _fit_under("float32")
    assert float(keras.ops.convert_to_numpy(opt.dynamic_scale)) < 2.0 ** 40  # steps were skipped
    rep = doc.report()
    assert lines == [] and rep.verdict == "healthy", [f.message.en for f in rep.findings]
    assert float(rep.run.get("nonfinite").values.max()) == 0.0
    got, want = rep.run.get("grad_norm").values, ref.report().run.get("grad_norm").values
    assert np.isfinite(got).all()
    # the unscaled norm, as the update sees it: the same scale as the float32 run's (scaled: 2**15 and more times it)
    assert 0.2 < float(np.median(got)) / float(np.median(want)) < 5
    assert "apply" not in vars(opt) and "apply" not in vars(opt.inner_optimizer)  # left as found


def test_jit_compile_turns_the_probes_off_and_says_so() -> None:
    """Under jit_compile=True Keras compiles its train step with torch.compile; the probes run inside it (in the
    optimizer's apply) and their read-backs broke its graph (measured: 11 graph breaks and 17 graphs against 5 and 5
    for 2 epochs of this model). A compiled fit costs minutes on this machine, so the callback's decision is checked
    at train begin: probes off, said once, the optimizer left alone; the curves are still recorded."""
    model = _model()
    model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="sparse_categorical_crossentropy", jit_compile=True)
    lines: list[str] = []
    doc = DoctorCallback(printer=lines.append)
    doc.set_model(model)
    doc.on_train_begin()
    assert doc.probes is None and "apply" not in vars(model.optimizer)
    assert len(lines) == 1 and "jit_compile=True" in lines[0]
    doc.on_epoch_end(0, {"loss": 2.0, "val_loss": 2.1})
    assert doc.report().run.get("val_loss") is not None
    plain = DoctorCallback(printer=None)
    plain.set_model(_model())  # jit_compile left at "auto": off on the torch backend
    plain.on_train_begin()
    assert plain.probes is not None
    plain.on_train_end()
