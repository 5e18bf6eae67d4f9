"""An ordinary PyTorch loop (train, then evaluate under eval() and no_grad each epoch), written as a user writes it,
with one hook point: `added_line(model, optimizer, loss_fn)` called once after they are created - the one line a
user adds for `lossdoctor.torch.watch`. Nothing else in the loop knows about lossdoctor."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import torch
from torch import nn


@dataclass
class Loop:
    watch: Any
    train_losses: list[float] = field(default_factory=list)
    val_losses: list[float] = field(default_factory=list)
    val_accs: list[float] = field(default_factory=list)
    steps: int = 0


def plain_loop(model: nn.Module, added_line: Callable[..., Any] | None, data: tuple[torch.Tensor, ...], *,
               epochs: int = 4, lr: float = 1e-3, batch: int = 64, optimizer: Any = None,
               loss_fn: Any = None, forward: Callable[[torch.Tensor], torch.Tensor] | None = None,
               validate: bool = True, seed: int = 0) -> Loop:
    torch.manual_seed(seed)
    xt, yt, xv, yv = data
    opt = optimizer or torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = loss_fn if loss_fn is not None else nn.CrossEntropyLoss()
    w = added_line(model, opt, loss_fn) if added_line is not None else None  # <- the added line
    if w is not None and not isinstance(loss_fn, nn.Module):
        loss_fn = w  # a plain-function criterion is rebound: `loss_fn = watch(model, opt, loss_fn)`
    fwd = forward if forward is not None else model
    out = Loop(w)
    for epoch in range(epochs):
        model.train()
        perm = torch.randperm(len(xt))
        for i in range(0, len(xt), batch):
            x, y = xt[perm[i:i + batch]], yt[perm[i:i + batch]]
            opt.zero_grad()
            loss = loss_fn(fwd(x), y)
            loss.backward()
            opt.step()
            out.train_losses.append(loss.item())
            out.steps += 1
        if not validate:
            continue
        model.eval()
        total, correct = 0.0, 0
        with torch.no_grad():
            for i in range(0, len(xv), 100):
                x, y = xv[i:i + 100], yv[i:i + 100]
                logits = fwd(x)
                total += float(loss_fn(logits, y)) * len(y)
                correct += int((logits.argmax(1) == y).sum())
        out.val_losses.append(total / len(xv))
        out.val_accs.append(correct / len(xv))
    return out
