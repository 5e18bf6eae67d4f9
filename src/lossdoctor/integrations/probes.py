"""PyTorch probes: gradient norms, update ratios, dead/saturated units, activation scale, first non-finite module.

Designed around the costs the field reports (docs/benchmarks.md, "Live overhead"):

- Every step, in the optimizer's step pre-hook: the cheap finiteness check, one read of whether the gradients of
  the smallest tensor of the first and of the last layer are finite (a non-finite loss reaches the last layer's,
  a backward overflow flows down to the first layer's); a trip is confirmed on all gradients, and every sampled
  step checks all of them. On sampled steps one
  `torch._foreach_norm` over all gradients gives the total and per-layer norms, kept on the device and read back
  with everything else when the caller flushes.
- Every `every` steps (sampled): per-layer gradient norms, a copy of the weights before the update so that after the
  step `after_step` can measure ||w_t - w_{t-1}|| / ||w_{t-1}||, and one extra eager forward pass, without gradients, on the batch the
  model just saw, with temporary *global* forward hooks that measure dead ReLU units, saturated sigmoid/tanh units
  and the activation scale of each layer. The pass runs on the original (uncompiled) module with the RNG forked and
  buffers (BatchNorm running statistics) restored, so training is unchanged.
- The only hook on the model itself is a forward pre-hook on the root module, registered once (create the probes
  before `torch.compile`), never removed while training, that only stores a reference to the inputs: no `.item()`,
  no tensor operation, no branch on Python state, so Dynamo adds no graph, graph break or recompile for it.
- On a trip (a non-finite gradient), the weights used by that forward pass are copied before the optimizer applies
  the update; `locate` replays the batch eagerly with per-module hooks and names the first module whose output was
  non-finite while its inputs were finite (or, with a replay closure, the first whose input gradient was).

Sharded parameters (FSDP2 `fully_shard`, DTensor): each rank measures its own shards and one all-reduce per sampled
step sums the squared norms over the shard group, so every rank holds the whole model's norms and ratios. The extra
forward passes (activation probes, the replay that names a module) are skipped there: an FSDP forward is a collective,
and a rank that tripped alone would wait for the others forever. The curves and the finiteness check still run.

Nothing here raises on NaN, inf, integer or non-tensor outputs: they are skipped or recorded as evidence.
"""
from __future__ import annotations

import math
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Mapping

import torch
from torch import nn

from .. import probekeys
from .collectives import all_reduce

SATURATION_MARGIN = 0.01  # a sigmoid output within 1% of 0 or 1 (tanh: |y| > 0.99) passes almost no gradient


@dataclass(frozen=True)
class ProbeConfig:
    """What to measure and how often.

    every: steps between sampled probes. Defaults to 100 (the overhead benchmark measures this setting).
    activation_batch: the activation probes run on the first this-many samples of the batch (a unit dead on 32
        samples is dead; the pass costs a quarter of a forward pass at batch 128). 0 uses the whole batch.
    gradients / updates / activations: turn a probe family off. locate_nonfinite: replay a batch on a trip.
    """

    every: int = 100
    activation_batch: int = 32
    gradients: bool = True
    updates: bool = True
    activations: bool = True
    locate_nonfinite: bool = True

    def __post_init__(self) -> None:
        if self.every < 1:
            raise ValueError(f"every={self.every}: must be at least 1")


@dataclass(frozen=True)
class Located:
    """Where a non-finite value first appeared, and the module path.

    where: 'input' (the batch), 'weights' (the module's own parameters were already non-finite), 'forward' (its
    output overflowed from finite inputs and weights), 'loss' (the forward pass was finite, the loss was not) or
    'backward' (a finite gradient became non-finite in that module's backward).
    """

    where: str
    module: str
    share: float  # share of that tensor's elements that were non-finite (nan when unknown)

    @property
    def key(self) -> str:
        return probekeys.key("nonfinite", self.module, where=self.where)


def unwrap(model: nn.Module) -> nn.Module:
    """The module that holds the parameters: under torch.compile (OptimizedModule) and DDP wrappers."""
    while True:
        inner = getattr(model, "_orig_mod", None) or (getattr(model, "module", None)
                                                      if type(model).__name__ in ("DistributedDataParallel",
                                                                                  "DataParallel") else None)
        if not isinstance(inner, nn.Module):
            return model
        model = inner


def layer_name(param: str) -> str:
    """The layer a parameter belongs to: 'encoder.fc1.weight' -> 'encoder.fc1'; a Keras 3 variable path on the torch
    backend ('_functional._torch_params.sequential/dense/kernel') -> 'sequential/dense'."""
    last = param.rpartition(".")[2]
    if "/" in last:
        return last.rpartition("/")[0]
    return param.rpartition(".")[0]


def activation_of(module: nn.Module) -> str | None:
    """'relu', 'sigmoid' or 'tanh' when the module's output is that activation (torch modules, Keras 3 layers)."""
    if isinstance(module, (nn.ReLU, nn.ReLU6)):
        return "relu"
    if isinstance(module, nn.Sigmoid):
        return "sigmoid"
    if isinstance(module, nn.Tanh):
        return "tanh"
    fn = getattr(module, "activation", None)  # Keras Dense(activation="relu"), Activation("tanh")
    name = getattr(fn, "__name__", "")
    if name in ("relu", "sigmoid", "tanh") and callable(fn):
        return name
    if type(module).__module__.startswith("keras") and type(module).__name__ == "ReLU":
        return "relu"
    return None


def _first_float(out: Any) -> torch.Tensor | None:
    if isinstance(out, torch.Tensor):
        return out if out.is_floating_point() else None
    if isinstance(out, (tuple, list)):
        for o in out:
            t = _first_float(o)
            if t is not None:
                return t
    if isinstance(out, dict):
        for o in out.values():
            t = _first_float(o)
            if t is not None:
                return t
    return None


def _tensors(obj: Any) -> Iterator[torch.Tensor]:
    if isinstance(obj, torch.Tensor):
        yield obj
    elif isinstance(obj, (tuple, list)):
        for o in obj:
            yield from _tensors(o)
    elif isinstance(obj, dict):
        for o in obj.values():
            yield from _tensors(o)


def _all_finite(obj: Any) -> torch.Tensor | None:
    """A 0-d bool tensor: every floating tensor in obj is finite (None when obj holds no floating tensor)."""
    flags = [torch.isfinite(t).all() for t in _tensors(obj) if t.is_floating_point() and t.numel()]
    if not flags:
        return None
    return torch.stack(flags).all() if len(flags) > 1 else flags[0]


def unit_stats(kind: str, out: torch.Tensor, channels_last: bool) -> torch.Tensor:
    """Dead share (relu: units never positive in the batch) or saturated share (sigmoid/tanh outputs at a bound)."""
    y = out.detach()
    if kind == "relu":
        dim = y.ndim - 1 if channels_last or y.ndim == 3 else min(1, y.ndim - 1)
        others = tuple(d for d in range(y.ndim) if d != dim)
        top = y.amax(dim=others) if others else y  # a unit is alive when some sample/position is positive
        share = 1.0 - (top > 0).float().mean()  # (a float max, then one compare: boolean reductions cost 10x)
    elif kind == "sigmoid":
        share = ((y - 0.5).abs() > 0.5 - SATURATION_MARGIN).float().mean()  # below the margin or above 1 - it
    else:
        share = (y.abs() > 1.0 - SATURATION_MARGIN).float().mean()
    lo, hi = y.aminmax()
    return share + (lo * 0 + hi * 0)  # NaN when any output is NaN or infinite (inf * 0): no verdict


def own_params(module: nn.Module) -> list[torch.Tensor]:
    """The parameters a module holds itself (a Keras 3 layer on the torch backend keeps its variables in a
    `_torch_params` ParameterDict child; a Keras model's own dict holds its sublayers' variables, not its own)."""
    params = list(module.parameters(recurse=False))
    keras_params = getattr(module, "_torch_params", None)
    if not params and isinstance(keras_params, nn.ParameterDict) and not getattr(module, "_layers", None):
        params = list(keras_params.values())
    return params


def mutable_state(root: nn.Module) -> list[torch.Tensor]:
    """What a forward pass may change: buffers (BatchNorm statistics), and for a Keras model its non-trainable
    variables (Keras keeps moving statistics and random-seed state there; a torch model's frozen weights are not
    copied: a forward pass does not change them)."""
    state = list(root.buffers())
    if type(root).__module__.startswith("keras"):
        state += [p for p in root.parameters() if not p.requires_grad]
    return state


def local(t: torch.Tensor) -> torch.Tensor:
    """A DTensor's shard on this rank (FSDP2), any other tensor as it is."""
    to_local = getattr(t, "to_local", None)
    return to_local() if callable(to_local) else t


def shard_group(params: list[tuple[str, torch.Tensor]]) -> Any:
    """The process group over which the parameters are sharded (None: not sharded). With a 2-d mesh (HSDP:
    replicate x shard) the last dimension shards, the first replicates: only the shard dimension is summed."""
    for _, p in params:
        mesh = getattr(p, "device_mesh", None)
        if mesh is not None:
            return mesh.get_group(mesh.ndim - 1)
    return None


def _rms(out: torch.Tensor) -> torch.Tensor:
    y = out.detach().float()
    return torch.linalg.vector_norm(y) / math.sqrt(max(1, y.numel()))


def _head(inputs: tuple[tuple[Any, ...], dict[str, Any]], n: int) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """The first n samples of every tensor that has the batch's leading size (others pass unchanged)."""
    args, kwargs = inputs
    first = next(_tensors((args, kwargs)), None)
    if n <= 0 or first is None or first.ndim == 0 or first.shape[0] <= n:
        return args, kwargs
    size = first.shape[0]

    def cut(o: Any) -> Any:
        if isinstance(o, torch.Tensor):
            return o[:n] if o.ndim and o.shape[0] == size else o
        if isinstance(o, (tuple, list)):
            return type(o)(cut(x) for x in o)
        if isinstance(o, dict):
            return {k: cut(v) for k, v in o.items()}
        return o

    return cut(args), cut(kwargs)


@contextmanager
def global_forward_hook(hook: Callable[[nn.Module, Any, Any], None]) -> Iterator[None]:
    """A forward hook on every module, for one eager pass of our own. Compiled code runs eagerly inside it (a model
    compiled in place, `model.compile()`, or Lightning's compiled forward), so no graph sees the hook or recompiles."""
    handle = nn.modules.module.register_module_forward_hook(hook)
    try:
        with torch.compiler.set_stance("force_eager"):
            yield
    finally:
        handle.remove()


class Probes:
    """Probe one model. Create it before `torch.compile(model)`; call `attach(optimizer)` once.

    The caller (integrations/torch.py) drives it: `after_step(step)` once per training step, `take()` to read
    the sampled values back as {series key: float}, `tripped` / `locate()` for non-finite gradients.
    """

    _grad_scale: torch.Tensor | None = None  # GradScaler's scale while the gradients are still scaled (`_pre_step`)

    def __init__(self, model: nn.Module, config: ProbeConfig | None = None,
                 names: Mapping[nn.Module, str] | None = None) -> None:
        """names: the module path of every module to probe (default: `named_modules()`; Keras 3 layers are not
        torch submodules of their model, so its adapter passes their Keras paths)."""
        self.config = config or ProbeConfig()
        self.root = unwrap(model)
        self.names = dict(names) if names is not None else {m: n for n, m in self.root.named_modules()}
        self.params = [(n, p) for n, p in self.root.named_parameters() if p.requires_grad and p.is_floating_point()]
        layers = list(dict.fromkeys(layer_name(n) for n, _ in self.params))  # registration (depth) order
        self.layers = layers
        self.layer_of = [layers.index(layer_name(n)) for n, _ in self.params]
        self.frozen_params = sum(1 for _, p in self.root.named_parameters() if not p.requires_grad)
        self.group = shard_group(self.params)  # FSDP2: norms are summed over this group on sampled steps
        ends = {0, len(layers) - 1} if layers else set()
        self.sentinels = [min((p for i, (_, p) in enumerate(self.params) if self.layer_of[i] == li),
                              key=lambda p: p.numel()) for li in sorted(ends)]
        self.inputs: tuple[tuple[Any, ...], dict[str, Any]] | None = None
        self.step = 0  # optimizer steps seen (the index of the step being taken)
        self.tripped = False  # the last optimizer step saw a non-finite gradient
        self.trip_weights: list[torch.Tensor] | None = None
        self._every = self.config.every
        self._before: list[torch.Tensor] | None = None
        # sampled values not read back yet: (step, series keys, a tensor of one value per key), one entry per
        # probe family and step, so that a read-back is one concatenation and one copy, not one op per layer
        self._pending: list[tuple[int, tuple[str, ...], torch.Tensor]] = []
        self._grad_keys = (probekeys.key("grad_norm"),) + tuple(probekeys.key("grad_norm", layer or "(root)")
                                                               for layer in layers)
        self._update_keys = tuple(probekeys.key(probe, layer or "(root)") for probe in ("update_ratio", "weight_norm")
                                  for layer in layers)
        self._layer_index: dict[torch.device, torch.Tensor] = {}
        self._holds: dict[nn.Module, bool] = {}  # module -> it holds parameters itself (act_scale is measured)
        self._handles = [self.root.register_forward_pre_hook(self._capture, with_kwargs=True)]
        self._optimizers: list[Any] = []

    # ---- hooks -------------------------------------------------------------------------------------------
    def _capture(self, module: nn.Module, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        self.inputs = (args, kwargs)

    def attach(self, optimizer: torch.optim.Optimizer) -> None:
        """Hook the optimizer's step (once per optimizer): the finiteness check and the gradient probes live there;
        the update ratio is measured by `after_step`."""
        if any(o is optimizer for o in self._optimizers):
            return
        self._optimizers.append(optimizer)
        self._handles.append(optimizer.register_step_pre_hook(self._pre_step))

    def sampled(self, step: int | None = None) -> bool:
        """Steps every-1, 2*every-1, ...: the last step of each window, read back by the flush that ends it."""
        s = self.step if step is None else step
        return (s + 1) % self.config.every == 0

    def _pre_step(self, optimizer: Any, args: Any, kwargs: Any) -> None:
        # A fused optimizer under GradScaler is stepped on every step with `found_inf` and `grad_scale` set: it skips
        # the update itself when loss scaling overflowed (normal AMP: no trip), else unscales the gradients inside.
        found_inf, scale = getattr(optimizer, "found_inf", None), getattr(optimizer, "grad_scale", None)
        if isinstance(found_inf, torch.Tensor) and bool(found_inf):
            return
        self._grad_scale = scale if isinstance(scale, torch.Tensor) else None
        if (self.step + 1) % self._every and self._sentinels_finite():  # between samples: the cheap check only
            return
        with torch.no_grad():
            self._check_all()

    def _check_all(self) -> None:
        """A sampled step, or a trip to confirm: all gradients, their norms, the weights before the update."""
        grads = [local(p.grad) for _, p in self.params if p.grad is not None and not p.grad.is_sparse]
        if not grads:
            return
        norms = torch._foreach_norm(grads)
        norms = [n.float() for n in norms] if any(n.dtype != torch.float32 for n in norms) else list(norms)
        if self._grad_scale is not None:  # still scaled by GradScaler (a fused optimizer unscales in its step)
            norms = [n / self._grad_scale for n in norms]
        total = torch.linalg.vector_norm(torch.stack(norms))
        finite = bool(torch.isfinite(total))  # the one read per step: cheap finiteness check
        if not finite and all(bool(torch.isfinite(g).all()) for g in grads):
            # every gradient is finite, only their squares overflow float32: measure in float64 (rare, exact)
            norms = [n for n in torch._foreach_norm([g.double() for g in grads])]
            total = torch.linalg.vector_norm(torch.stack(norms))
            finite = True
        if not finite:
            self.tripped = True
            if self.config.locate_nonfinite and self.trip_weights is None and self.group is None:
                self.trip_weights = [p.detach().clone() for _, p in self.params]
        if not self.sampled():
            return
        if self.group is not None:  # this rank's shards: sum the squares over the shard group (all ranks sample here)
            squares = torch.stack(norms) ** 2
            all_reduce(squares, group=self.group)
            norms = list(squares.sqrt())
            total = torch.linalg.vector_norm(squares.sqrt())
        if self.config.gradients:
            idx = [i for i, (_, p) in enumerate(self.params) if p.grad is not None and not p.grad.is_sparse]
            per_layer = torch.zeros(len(self.layers), device=total.device, dtype=total.dtype)
            index = self._index(total.device) if len(idx) == len(self.params) else torch.tensor(
                [self.layer_of[i] for i in idx], device=total.device)
            per_layer.index_add_(0, index, torch.stack(norms) ** 2)
            # a layer none of whose parameters got a gradient (detached, unused) has 0
            self._add_all(self._grad_keys, torch.cat([total.reshape(1), per_layer.sqrt()]))
        if self.config.updates and self._before is None:  # a second optimizer's hook: keep the first copy
            self._before = [local(p.detach()).clone() for _, p in self.params]

    def _sentinels_finite(self) -> bool:
        """The cheap check between samples: the gradients of the smallest tensor of the first and of the last layer
        are finite. A non-finite output or loss reaches the last layer's bias through the loss's gradient (any loss
        whose gradient depends on the output: cross-entropy, MSE...), and an overflow in the backward pass flows
        down to the first layer. A trip here is confirmed on all gradients; every sampled step checks them all."""
        total = 0.0
        on_device: torch.Tensor | None = None
        for p in self.sentinels:
            g = p.grad
            if g is None or g.is_sparse:
                continue
            if self.group is not None:
                g = local(g)
            if g.is_cpu:
                total += g.sum().item()  # two C calls: in the hook, after backward, cheaper than numpy's sum
            else:
                s = g.float().sum()
                on_device = s if on_device is None else on_device + s
        if on_device is not None:
            total += on_device.item()  # one read per step
        return math.isfinite(total)  # NaN/inf in any element makes the sum non-finite

    def _post_step(self, optimizer: Any, args: Any, kwargs: Any) -> None:
        before, self._before = self._before, None
        if before is not None:
            with torch.no_grad():
                self._update_ratios(before)

    def _update_ratios(self, before: list[torch.Tensor]) -> None:
        now = [local(p.detach()) for _, p in self.params]
        diff = torch._foreach_norm(torch._foreach_sub(now, before))
        size = torch._foreach_norm(before)
        dev = diff[0].device
        index = self._index(dev)
        d2 = torch.zeros(len(self.layers), device=dev).index_add_(0, index, torch.stack([d.float() for d in diff]) ** 2)
        w2 = torch.zeros(len(self.layers), device=dev).index_add_(0, index, torch.stack([x.float() for x in size]) ** 2)
        if self.group is not None:  # sum this rank's shards with the others' (every rank is at this sampled step)
            both = torch.cat([d2, w2])
            all_reduce(both, group=self.group)
            d2, w2 = both[:len(self.layers)], both[len(self.layers):]
        w = w2.sqrt()
        self._add_all(self._update_keys, torch.cat([d2.sqrt() / w.clamp_min(1e-30), w]))

    def _index(self, device: torch.device) -> torch.Tensor:
        """The layer of every parameter, as a tensor on that device (made once)."""
        index = self._layer_index.get(device)
        if index is None:
            index = self._layer_index[device] = torch.tensor(self.layer_of, device=device)
        return index

    # ---- per step ----------------------------------------------------------------------------------------
    def after_step(self) -> None:
        """Called once per training step, after the optimizer(s): the update ratio of a sampled step (measured
        here, not in a step post-hook: one hook less on every step, and every optimizer's update is in), the
        sampled activation pass, advance."""
        if self._before is not None:
            self._post_step(None, (), {})
        if (self.step + 1) % self._every == 0 and self.config.activations and self.inputs is not None \
                and not self.tripped and self.group is None:
            self._activation_pass()
        self.step += 1

    def _add(self, key: str, value: torch.Tensor) -> None:
        self._pending.append((self.step, (key,), value.detach()))

    def _add_all(self, keys: tuple[str, ...], values: torch.Tensor) -> None:
        """One value per key, as one 1-d tensor (kept on the device until `take`)."""
        self._pending.append((self.step, keys, values.detach()))

    def has_values(self) -> bool:
        return bool(self._pending)

    def take(self) -> dict[int, dict[str, float]]:
        """Every value sampled since the last call, {step: {key: value}} (one concatenation and one device-to-host
        copy; a module called twice in one pass gives the mean)."""
        if not self._pending:
            return {}
        pending, self._pending = self._pending, []
        flat = torch.cat([v.reshape(-1).float() for _, _, v in pending]).cpu().tolist()
        sums: dict[tuple[int, str], list[float]] = {}
        i = 0
        for step, keys, _ in pending:
            for key in keys:
                sums.setdefault((step, key), []).append(flat[i])
                i += 1
        out: dict[int, dict[str, float]] = {}
        for (step, key), vs in sums.items():
            out.setdefault(step, {})[key] = vs[0] if len(vs) == 1 else sum(vs) / len(vs)
        return out

    @torch.no_grad()
    def _activation_pass(self) -> None:
        args, kwargs = _head(self.inputs, self.config.activation_batch)  # type: ignore[arg-type]
        outputs: list[tuple[nn.Module, torch.Tensor]] = []

        def hook(module: nn.Module, inp: Any, out: Any) -> None:
            if module in self.names:
                t = _first_float(out)
                if t is not None and t.numel():
                    outputs.append((module, t))

        state = mutable_state(self.root)
        saved_state = [b.detach().clone() for b in state]
        devices = sorted({p.device.index for _, p in self.params if p.device.type == "cuda"})
        with torch.random.fork_rng(devices=devices), global_forward_hook(hook):
            result = self.root(*args, **kwargs)
        for b, saved in zip(state, saved_state):
            b.copy_(saved)
        final = {id(t) for t in _tensors(result)}
        for module, t in outputs:
            name = self.names[module] or "(root)"
            kind = activation_of(module)
            if kind is not None and id(t) not in final:  # the output layer's sigmoid is meant to saturate
                probe = "dead_units" if kind == "relu" else "saturation"
                keras = type(module).__module__.startswith("keras")
                self._add(probekeys.key(probe, name), unit_stats(kind, t, channels_last=keras))
            holds = self._holds.get(module)
            if holds is None:  # asked once per module (a lazy module has its parameters after its first pass)
                holds = self._holds[module] = module is not self.root and bool(own_params(module))
            if holds:
                self._add(probekeys.key("act_scale", name), _rms(t))

    # ---- non-finite localisation ----------------------------------------------------------------------------
    def locate(self, loss: torch.Tensor | None = None, replay: Callable[[], torch.Tensor] | None = None
               ) -> Located | None:
        """After a trip: replay the batch with the weights of that step and name the first non-finite producer
        (not with sharded parameters: the replay's forward would wait for ranks that did not trip)."""
        if (self.inputs is None and replay is None) or self.group is not None:
            self.trip_weights = None
            return None
        saved = None
        if self.trip_weights is not None:
            saved = [p.detach().clone() for _, p in self.params]
            with torch.no_grad():
                for (_, p), w in zip(self.params, self.trip_weights):
                    p.copy_(w)
        try:
            return self._replay(loss, replay)
        finally:
            if saved is not None:
                with torch.no_grad():
                    for (_, p), w in zip(self.params, saved):
                        p.copy_(w)
            self.trip_weights = None

    def _replay(self, loss: torch.Tensor | None, replay: Callable[[], torch.Tensor] | None) -> Located | None:
        from .locate import replay_backward, replay_forward

        devices = sorted({p.device.index for _, p in self.params if p.device.type == "cuda"})
        state = mutable_state(self.root)
        saved_state = [b.detach().clone() for b in state]
        try:
            with torch.random.fork_rng(devices=devices):
                if self.inputs is not None:
                    args, kwargs = self.inputs
                    found = replay_forward(self.root, self.names, args, kwargs)
                    if found is not None:
                        return found
                if replay is not None:
                    found = replay_backward(self.root, self.names, [p for _, p in self.params], replay)
                    if found is not None:
                        return found
        finally:
            with torch.no_grad():
                for b, saved in zip(state, saved_state):
                    b.copy_(saved)
        if loss is not None and not bool(torch.isfinite(loss.detach()).all()):
            return Located("loss", "(loss)", 1.0)
        return Located("backward", "", math.nan)

    def close(self) -> None:
        """Remove the hooks (at the end of training)."""
        for h in self._handles:
            h.remove()
        self._handles = []
