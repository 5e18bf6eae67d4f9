"""Tiny real trainings (scikit-learn's bundled digits, CPU, seconds) for the live-diagnosis tests."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
import torch
from torch import nn


def digits(n_train: int | None = None, seed: int = 0) -> tuple[torch.Tensor, ...]:
    """Standardised 8x8 digits: (x_train, y_train, x_val, y_val); n_train limits the training set."""
    from sklearn.datasets import load_digits

    d = load_digits()
    x = (d.data - d.data.mean(0)) / (d.data.std(0) + 1e-6)
    rng = np.random.default_rng(seed)
    idx = rng.permutation(len(x))
    tr, va = idx[:1400], idx[1400:]
    if n_train is not None:
        tr = tr[:n_train]
    t = lambda a, dt=torch.float32: torch.tensor(a, dtype=dt)  # noqa: E731
    return t(x[tr]), t(d.target[tr], torch.long), t(x[va]), t(d.target[va], torch.long)


class Blowup(nn.Module):
    """Overflows float32 from finite inputs once switched on (`on = True`): a fault at a known step and layer."""

    def __init__(self) -> None:
        super().__init__()
        self.on = False

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * 1e30 * 1e30 if self.on else x


class MLP(nn.Module):
    def __init__(self, width: int = 64, act: type[nn.Module] = nn.ReLU, depth: int = 2) -> None:
        super().__init__()
        dims = [64] + [width] * depth
        self.body = nn.Sequential(*[m for a, b in zip(dims, dims[1:]) for m in (nn.Linear(a, b), act())])
        self.head = nn.Linear(width, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.body(x))


@dataclass
class Result:
    doctor: Any
    epochs_run: int
    steps_run: int
    stopped: bool


def train(model: nn.Module, doctor_factory: Callable[[nn.Module], Any], *, epochs: int = 6, lr: float = 1e-3,
          batch: int = 64, data: tuple[torch.Tensor, ...] | None = None, optimizer: Any = None,
          forward: Callable[[torch.Tensor], torch.Tensor] | None = None, seed: int = 0,
          before_step: Callable[[int], None] | None = None, autocast: Any = None, scaler: Any = None) -> Result:
    """A plain loop with one `doc.step` and one `doc.epoch` call, as a user would add them."""
    torch.manual_seed(seed)
    xt, yt, xv, yv = data if data is not None else digits()
    doc = doctor_factory(model)
    opt = optimizer or torch.optim.Adam(model.parameters(), lr=lr)
    fwd = forward if forward is not None else model
    loss_fn = nn.CrossEntropyLoss()
    step = 0
    for epoch in range(epochs):
        perm = torch.randperm(len(xt))
        for i in range(0, len(xt), batch):
            x, y = xt[perm[i:i + batch]], yt[perm[i:i + batch]]
            if before_step is not None:
                before_step(step)
            opt.zero_grad(set_to_none=True)
            with (autocast if autocast is not None else torch.autocast("cpu", enabled=False)):
                loss = loss_fn(fwd(x), y)
            if scaler is not None:
                scaler.scale(loss).backward()
                scaler.step(opt)
                scaler.update()
            else:
                loss.backward()
                opt.step()
            step += 1
            if doc.step(loss=loss, optimizer=opt, replay=lambda: loss_fn(fwd(x), y)).stop:
                return Result(doc, epoch + 1, step, True)
        with torch.no_grad():
            out = fwd(xv)
            val_loss = loss_fn(out, yv)
            val_acc = (out.argmax(1) == yv).float().mean()
        if doc.epoch(val_loss=val_loss, val_acc=val_acc).stop:
            return Result(doc, epoch + 1, step, True)
    return Result(doc, epochs, step, False)
