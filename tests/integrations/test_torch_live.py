"""lossdoctor.torch.Doctor on real (tiny) trainings: each fault is announced while training, at the epoch it
appears; a healthy run stays silent; eager, torch.compile and mixed precision behave the same."""
from __future__ import annotations

import math

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("sklearn")
from torch import nn  # noqa: E402

from _training import MLP, Blowup, digits, train  # noqa: E402
from lossdoctor.torch import Doctor  # noqa: E402

EPOCH_STEPS = 22  # 1400 digits / batch 64


def doctor(**kw):  # type: ignore[no-untyped-def]
    kw.setdefault("every", 5)
    kw.setdefault("printer", None)
    return lambda m: Doctor(m, **kw)


def announced(result) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {a.finding.name: a for a in result.doctor.announced}


def test_healthy_run_raises_nothing() -> None:
    lines: list[str] = []
    r = train(MLP(), doctor(printer=lines.append), epochs=8)
    rep = r.doctor.report()
    assert not r.stopped and lines == [] and rep.verdict == "healthy", [f.message.en for f in rep.findings]
    keys = {s.key for s in rep.run.series}
    assert {"loss", "val_loss", "val_accuracy", "loss_step", "grad_norm", "grad_norm/body.0", "update_ratio/head",
            "dead_units/body.1", "act_scale/body.2", "nonfinite"} <= keys


def test_nan_names_the_module_at_the_step_and_stops() -> None:
    model = MLP()
    blow = Blowup()
    model.body.insert(2, blow)  # body: Linear, ReLU, Blowup, Linear, ReLU
    at = EPOCH_STEPS + 5  # in the second epoch

    def switch(step: int) -> None:
        blow.on = step >= at

    r = train(model, doctor(stop_on=("nan_inf",)), epochs=4, before_step=switch)
    seen = announced(r)
    assert r.stopped and r.steps_run == at + 1
    where = seen["nonfinite_activations"]
    assert where.finding.evidence["module"] == "body.2" and where.finding.evidence["where"] == "forward"
    assert where.step == at and where.epoch == 0  # announced during the second epoch, after the first ended
    assert seen["nan_inf"].step == at


def test_huge_learning_rate_nan_is_caught_in_the_first_epoch() -> None:
    model = MLP()
    names = {n for n, _ in model.named_modules()}
    opt = torch.optim.SGD(model.parameters(), lr=300.0, momentum=0.9)
    r = train(model, doctor(stop_on=("nan_inf", "nonfinite_activations")), optimizer=opt, epochs=3)
    seen = announced(r)
    assert r.stopped and r.steps_run < EPOCH_STEPS  # stopped inside the first epoch
    ev = seen["nonfinite_activations"].finding.evidence
    assert ev["where"] in ("forward", "weights") and ev["module"] in names
    assert seen["nonfinite_activations"].epoch is None and seen["nan_inf"].epoch is None


def test_dead_relu_initialisation_is_announced_after_the_first_epoch() -> None:
    model = MLP()
    with torch.no_grad():
        model.body[0].bias.fill_(-20.0)
    r = train(model, doctor(), epochs=3)
    dead = announced(r)["dead_units"]
    assert dead.epoch == 0
    assert dead.finding.evidence["layer"] == "body.1" and dead.finding.evidence["from_start"]


def test_overfitting_on_fifty_samples_stops_and_restores_the_best_epoch() -> None:
    data = digits(n_train=50)
    model = MLP(width=256)
    r = train(model, doctor(stop_on_overfitting=True), epochs=80, batch=10, data=data)
    over = announced(r)["overfitting"]
    best = over.finding.evidence["best_epoch"]
    assert r.stopped and best < over.epoch < 79 and r.epochs_run == over.epoch + 1
    val = r.doctor.report().run.get("val_loss")
    with torch.no_grad():
        restored = nn.CrossEntropyLoss()(model(data[2]), data[3]).item()
    assert restored == pytest.approx(float(val.values[val.steps == best][0]), rel=1e-5)


def test_a_layer_left_out_of_the_optimizer_is_frozen() -> None:
    model = MLP()
    opt = torch.optim.Adam([p for n, p in model.named_parameters() if not n.startswith("body.2")], lr=1e-3)
    r = train(model, doctor(), optimizer=opt, epochs=3)
    frozen = announced(r)["frozen_parameters"]
    assert frozen.epoch == 0 and frozen.finding.evidence["layers"] == ["body.2"]
    assert frozen.finding.evidence["with_gradient"] == ["body.2"]  # a gradient, but the optimizer never applies it


def test_compile_no_graph_break_no_recompile_and_same_findings() -> None:
    from torch._dynamo.utils import counters

    def run(with_doctor: bool):  # type: ignore[no-untyped-def]
        torch._dynamo.reset()
        counters.clear()
        model = MLP()
        with torch.no_grad():
            model.body[0].bias.fill_(-20.0)
        doc = Doctor(model, every=5, printer=None) if with_doctor else None  # before torch.compile
        compiled = torch.compile(model, backend="aot_eager")
        factory = (lambda m: doc) if doc is not None else (lambda m: _NoDoctor())
        r = train(model, factory, forward=compiled, epochs=2)
        return r, dict(counters["graph_break"]), counters["stats"]["unique_graphs"]

    _, breaks0, graphs0 = run(False)
    r, breaks, graphs = run(True)
    assert breaks == {} == breaks0
    assert graphs == graphs0  # the probes add no graph and cause no recompile
    assert announced(r)["dead_units"].epoch == 0  # activation probes work on compiled models (eager side pass)
    assert "grad_norm/body.0" in {s.key for s in r.doctor.report().run.series}


class _NoDoctor:
    def step(self, **kw):  # type: ignore[no-untyped-def]
        from lossdoctor.integrations.recorder import CARRY_ON
        return CARRY_ON

    epoch = step


def test_bfloat16_autocast_healthy_run_is_silent() -> None:
    r = train(MLP(), doctor(), epochs=5, autocast=torch.autocast("cpu", dtype=torch.bfloat16))
    assert r.doctor.announced == () and r.doctor.report().verdict == "healthy"


def test_grad_scaler_skipped_steps_are_not_exploding() -> None:
    """fp16 loss scaling from a huge scale: the first steps overflow to inf and are skipped (normal)."""
    scaler = torch.amp.GradScaler("cpu", init_scale=2.0 ** 40)
    r = train(MLP(), doctor(), epochs=3, autocast=torch.autocast("cpu", dtype=torch.float16), scaler=scaler)
    assert scaler.get_scale() < 2.0 ** 40  # steps were skipped for inf gradients
    assert r.doctor.announced == ()
    nonfinite = r.doctor.report().run.get("nonfinite")
    assert nonfinite is not None and float(nonfinite.values.max()) == 0.0
    assert math.isfinite(float(r.doctor.report().run.get("grad_norm").values[-1]))
