"""Probes measure what they claim (checked against plain torch arithmetic) and survive NaN, inf and integers."""
from __future__ import annotations

import math

import pytest

torch = pytest.importorskip("torch")
from torch import nn  # noqa: E402

from lossdoctor import probekeys  # noqa: E402
from lossdoctor.integrations.probes import ProbeConfig, Probes, activation_of, unit_stats  # noqa: E402


def mlp(act: type[nn.Module] = nn.ReLU) -> nn.Sequential:
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(8, 16), act(), nn.Linear(16, 16), act(), nn.Linear(16, 3))


def take(probes: Probes) -> dict[str, float]:
    """The values read back, all steps merged."""
    out: dict[str, float] = {}
    for values in probes.take().values():
        out.update(values)
    return out


def one_step(model: nn.Module, probes: Probes, opt: torch.optim.Optimizer, x: torch.Tensor) -> torch.Tensor:
    opt.zero_grad()
    loss = model(x).pow(2).mean()
    loss.backward()
    opt.step()
    probes.after_step()
    return loss


def test_gradient_norms_and_update_ratios_match_plain_torch() -> None:
    model = mlp()
    probes = Probes(model, ProbeConfig(every=1))
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    probes.attach(opt)
    x = torch.randn(32, 8)
    before = {n: p.detach().clone() for n, p in model.named_parameters()}
    opt.zero_grad()
    model(x).pow(2).mean().backward()
    grads = {n: p.grad.detach().clone() for n, p in model.named_parameters()}
    opt.step()
    probes.after_step()
    got = take(probes)
    total = math.sqrt(sum(float(g.pow(2).sum()) for g in grads.values()))
    assert got["grad_norm"] == pytest.approx(total, rel=1e-5)
    layer2 = math.sqrt(float(grads["2.weight"].pow(2).sum() + grads["2.bias"].pow(2).sum()))
    assert got["grad_norm/2"] == pytest.approx(layer2, rel=1e-5)
    after = {n: p.detach() for n, p in model.named_parameters()}
    d = math.sqrt(sum(float((after[n] - before[n]).pow(2).sum()) for n in ("0.weight", "0.bias")))
    w = math.sqrt(sum(float(before[n].pow(2).sum()) for n in ("0.weight", "0.bias")))
    assert got["update_ratio/0"] == pytest.approx(d / w, rel=1e-4)
    assert got["weight_norm/0"] == pytest.approx(w, rel=1e-5)
    assert [k for k in got if k.startswith("grad_norm/")] == ["grad_norm/0", "grad_norm/2", "grad_norm/4"]  # depth order


def test_sampled_only_on_schedule_and_read_back_once() -> None:
    model = mlp()
    probes = Probes(model, ProbeConfig(every=4))
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    probes.attach(opt)
    for _ in range(8):  # steps 0..7: steps 3 and 7 are sampled
        one_step(model, probes, opt, torch.randn(16, 8))
    got = probes.take()
    assert sorted(got) == [3, 7]
    assert {"grad_norm", "dead_units/1", "act_scale/0", "update_ratio/2"} <= set(got[7])
    assert probes.take() == {}  # read once
    for _ in range(3):  # steps 8, 9, 10: none sampled
        one_step(model, probes, opt, torch.randn(16, 8))
    assert probes.take() == {}
    one_step(model, probes, opt, torch.randn(16, 8))  # step 11
    assert list(probes.take()) == [11]


def test_dead_units_saturation_and_output_layer() -> None:
    model = mlp()
    with torch.no_grad():
        model[0].bias.fill_(-100.0)  # every unit of the first ReLU negative for any input
    probes = Probes(model, ProbeConfig(every=1))
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    probes.attach(opt)
    one_step(model, probes, opt, torch.randn(32, 8))
    got = take(probes)
    assert got["dead_units/1"] == 1.0
    assert got["dead_units/3"] < 1.0  # the second ReLU still sees its bias
    sig = nn.Sequential(nn.Linear(4, 8), nn.Sigmoid(), nn.Linear(8, 1), nn.Sigmoid())
    with torch.no_grad():
        sig[0].weight.mul_(200.0)
    p2 = Probes(sig, ProbeConfig(every=1))
    o2 = torch.optim.SGD(sig.parameters(), lr=0.01)
    p2.attach(o2)
    one_step(sig, p2, o2, torch.randn(64, 4))
    got = take(p2)
    assert got["saturation/1"] > 0.8
    assert "saturation/3" not in got  # the output sigmoid is meant to saturate


def test_unit_stats_survive_nan_and_integers() -> None:
    x = torch.tensor([[1.0, -1.0], [float("nan"), 2.0]])
    assert math.isnan(float(unit_stats("relu", x, channels_last=False)))
    assert float(unit_stats("relu", torch.tensor([[1.0, -1.0], [2.0, -3.0]]), channels_last=False)) == 0.5

    class Weird(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.fc = nn.Linear(4, 4)
            self.act = nn.ReLU()

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            h = self.act(self.fc(x))
            _ = (h > 0).long()  # integer tensors flow through too
            return h.sum(1, keepdim=True)

    model = Weird()
    probes = Probes(model, ProbeConfig(every=1))
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    probes.attach(opt)
    x = torch.randn(8, 4)
    x[0, 0] = float("inf")
    one_step(model, probes, opt, x)  # inf input -> non-finite gradients: the probes record, never raise
    assert probes.tripped
    assert math.isnan(take(probes).get("dead_units/act", math.nan))


def test_activation_kinds_of_torch_and_keras_style_modules() -> None:
    assert activation_of(nn.ReLU()) == "relu" and activation_of(nn.Tanh()) == "tanh"
    assert activation_of(nn.Linear(2, 2)) is None

    class DenseLike(nn.Module):
        activation = staticmethod(torch.sigmoid)

    assert activation_of(DenseLike()) == "sigmoid"


def test_training_is_unchanged_by_the_probes() -> None:
    """Same seed, same data: identical weights with and without probes (RNG forked, BatchNorm stats restored)."""
    def run(probe: bool) -> list[torch.Tensor]:
        torch.manual_seed(0)
        model = nn.Sequential(nn.Linear(8, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Dropout(0.3), nn.Linear(16, 3))
        opt = torch.optim.Adam(model.parameters(), lr=1e-2)
        probes = Probes(model, ProbeConfig(every=2)) if probe else None
        if probes:
            probes.attach(opt)
        for _ in range(6):
            opt.zero_grad()
            model(torch.randn(16, 8)).pow(2).mean().backward()
            opt.step()
            if probes:
                probes.after_step()
        return [t.detach().clone() for t in model.state_dict().values()]

    assert all(torch.equal(a, b) for a, b in zip(run(False), run(True)))


def _tripped_step(model: nn.Module, x: torch.Tensor, loss_fn) -> tuple[Probes, torch.Tensor]:
    probes = Probes(model, ProbeConfig(every=1000))
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    probes.attach(opt)
    opt.zero_grad()
    loss = loss_fn(model(x))
    loss.backward()
    opt.step()
    assert probes.tripped
    return probes, loss


class Blowup(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * 1e30 * 1e30  # overflows float32 from finite inputs


def test_locate_names_the_first_forward_overflow() -> None:
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 4), nn.ReLU(), nn.Sequential(nn.Linear(4, 4), Blowup()), nn.Linear(4, 2))
    x = torch.randn(8, 4)
    probes, loss = _tripped_step(model, x, lambda out: out.pow(2).mean())
    now = [p.detach().clone() for p in model.parameters()]
    assert not torch.isfinite(now[0]).all()  # the update already spread the NaN: only the kept weights can tell
    found = probes.locate(loss)
    assert (found.where, found.module) == ("forward", "2.1")
    assert found.key == probekeys.key("nonfinite", "2.1", where="forward")
    assert all(torch.equal(a.isnan(), p.isnan()) for a, p in zip(now, model.parameters()))  # left as it was


def test_locate_names_the_batch_and_the_loss() -> None:
    model = nn.Sequential(nn.Linear(4, 4), nn.ReLU(), nn.Linear(4, 2))
    x = torch.randn(8, 4)
    x[3, 1] = float("nan")
    probes, loss = _tripped_step(model, x, lambda out: out.pow(2).mean())
    assert probes.locate(loss).where == "input"
    model = nn.Sequential(nn.Linear(4, 4), nn.ReLU(), nn.Linear(4, 2))
    x = torch.randn(8, 4)
    probes, loss = _tripped_step(model, x, lambda out: torch.log(out.relu() - out.relu()).sum())
    found = probes.locate(loss, replay=lambda: torch.log(model(x).relu() - model(x).relu()).sum())
    assert found.where == "loss"


class InfGrad(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):  # type: ignore[no-untyped-def]
        return x.clone()

    @staticmethod
    def backward(ctx, g):  # type: ignore[no-untyped-def]
        return g * float("inf")


class BadBackward(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return InfGrad.apply(x)


def test_locate_names_the_module_whose_backward_overflowed() -> None:
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 4), nn.ReLU(), BadBackward(), nn.Linear(4, 2))
    x = torch.randn(8, 4)
    probes, loss = _tripped_step(model, x, lambda out: out.pow(2).mean())
    grads_before = [p.grad.clone() for p in model.parameters()]
    found = probes.locate(loss, replay=lambda: model(x).pow(2).mean())
    assert (found.where, found.module) == ("backward", "2")
    assert all(torch.equal(a.nan_to_num(), b.nan_to_num())
               for a, b in zip(grads_before, [p.grad for p in model.parameters()]))  # the caller's grads restored


def test_layer_names_of_torch_and_keras_parameters() -> None:
    from lossdoctor.integrations.probes import layer_name

    assert layer_name("encoder.fc1.weight") == "encoder.fc1"
    assert layer_name("bias") == ""
    assert layer_name("_functional._torch_params.sequential/dense_1/kernel") == "sequential/dense_1"
