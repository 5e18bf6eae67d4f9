"""The second stage of non-finite localisation: replay one batch eagerly and name the module that produced it.

Forward: the first module (in completion order) whose output is non-finite while its inputs were finite — a child
finishes before its parent, so this is the innermost module whose own computation overflowed (or the parent, when
its own code between children did). Backward (needs the caller's replay closure, which recomputes the loss): the
first module, in backward order, that received a finite gradient and passed on a non-finite one, or whose own
parameters received one. Hooks are global and live only for the replay, so compiled graphs never see them.
"""
from __future__ import annotations

import warnings
from typing import Any, Callable, Mapping

import torch
from torch import nn

from .probes import Located, _all_finite, _first_float, _tensors, global_forward_hook, own_params


def _share(t: torch.Tensor | None) -> torch.Tensor:
    if t is None or not t.numel():
        return torch.tensor(float("nan"))
    return (~torch.isfinite(t.detach())).float().mean()


def _name(names: Mapping[nn.Module, str], module: nn.Module) -> str:
    return names.get(module) or "(root)"


@torch.no_grad()
def replay_forward(root: nn.Module, names: Mapping[nn.Module, str], args: tuple[Any, ...],
                   kwargs: Mapping[str, Any]) -> Located | None:
    """The first module whose forward output was non-finite with finite inputs; None when the pass is finite."""
    inputs_ok = _all_finite((args, dict(kwargs)))
    if inputs_ok is not None and not bool(inputs_ok):
        first = next(t for t in _tensors((args, dict(kwargs))) if t.is_floating_point() and t.numel()
                     and not bool(torch.isfinite(t).all()))
        return Located("input", "(input)", float(_share(first)))
    records: list[tuple[nn.Module, torch.Tensor | None, torch.Tensor, torch.Tensor | None, torch.Tensor]] = []

    def hook(module: nn.Module, inp: Any, out: Any) -> None:
        if module not in names:
            return
        out_ok = _all_finite(out)
        if out_ok is None:
            return
        params = own_params(module)
        records.append((module, _all_finite(inp), out_ok, _all_finite(params) if params else None,
                        _share(_first_float(out))))

    with global_forward_hook(hook):
        result = root(*args, **kwargs)
    if not records:
        return None
    flat = torch.stack([torch.stack([
        (i if i is not None else torch.tensor(True, device=o.device)).to(o.device),
        o, (w if w is not None else torch.tensor(True, device=o.device)).to(o.device)]) for _, i, o, w, _ in records])
    ok = flat.cpu().tolist()
    for (module, _, _, _, share), (in_ok, out_ok, w_ok) in zip(records, ok):
        if in_ok and not out_ok:
            loss = _own_loss(result) if module is root and w_ok else None
            if loss is not None:
                return Located("loss", "(loss)", float(_share(loss)))
            return Located("forward" if w_ok else "weights", _name(names, module), float(share))
    return None


def _own_loss(out: Any) -> torch.Tensor | None:
    """A model that computes its loss in `forward` (Hugging Face's `ModelOutput.loss`, a dict's 'loss'): the loss
    when it alone is non-finite, so that an overflowing loss is named as such and not as the model ('(root)')."""
    if not isinstance(out, Mapping) or not isinstance(out.get("loss"), torch.Tensor):
        return None
    loss = out["loss"]
    rest = _all_finite([v for k, v in out.items() if k != "loss"])
    if bool(torch.isfinite(loss.detach()).all()) or (rest is not None and not bool(rest)):
        return None
    return loss


def replay_backward(root: nn.Module, names: Mapping[nn.Module, str], params: list[torch.Tensor],
                    replay: Callable[[], torch.Tensor]) -> Located | None:
    """Recompute the loss with `replay` and follow its gradient; the caller's .grad values are restored after."""
    saved = [p.grad for p in params]
    for p in params:
        p.grad = None
    calls: list[tuple[nn.Module, torch.Tensor | None, torch.Tensor | None]] = []

    def bhook(module: nn.Module, grad_input: Any, grad_output: Any) -> None:
        if module in names:
            calls.append((module, _all_finite(grad_output), _all_finite(grad_input)))

    order: list[nn.Module] = []

    def fhook(module: nn.Module, inp: Any, out: Any) -> None:
        if module in names:
            order.append(module)

    handle = nn.modules.module.register_module_full_backward_hook(bhook)
    try:
        with torch.enable_grad(), global_forward_hook(fhook), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "no inputs require gradients": expected for the first layer
            loss = replay()
            if not bool(torch.isfinite(loss.detach()).all()):
                return Located("loss", "(loss)", float(_share(loss)))
            loss.backward()
        for module, g_out, g_in in calls:
            out_ok = g_out is None or bool(g_out)
            if out_ok and g_in is not None and not bool(g_in):
                return Located("backward", _name(names, module), float("nan"))
        for module in reversed(order):  # the parameters' own gradients (the first layer's input has none)
            grads = [p.grad for p in own_params(module) if p.grad is not None]
            ok = _all_finite(grads)
            if ok is not None and not bool(ok):
                return Located("backward", _name(names, module), float(_share(_first_float(grads))))
        return None
    except RuntimeError:  # full backward hooks refuse some in-place patterns: the forward answer stands
        return Located("backward", "", float("nan"))
    finally:
        handle.remove()
        for p, g in zip(params, saved):
            p.grad = g
