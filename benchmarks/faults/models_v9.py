"""Models, losses, optimisers and schedules of the ninth-generation families (PyTorch).

Models none of v1-v8 used: a PointNet (a shared per-point MLP, max-pooled over the points), a plain GELU MLP on a
table, a residual MLP with stochastic depth (whole blocks dropped per row in training, torchvision-style 1/p
scaling), a RealNVP normalising flow (affine couplings, NLL in nats), a mixture density network (5 Gaussians).
Optimisers written here by hand because torch has none of them: Adan, AdaBelief, Yogi and Signum (sign SGD with
momentum). Schedules: linear warm-up then cosine per step, CyclicLR triangular2, MultiplicativeLR per epoch,
inverse-time decay 1/(1 + k t).
"""
from __future__ import annotations

import math
from typing import Any

import torch
from torch import nn

from data_v9 import Data9


class PointNet(nn.Module):
    def __init__(self, width: int, n_classes: int, dropout: float) -> None:
        super().__init__()
        self.point = nn.Sequential(nn.Linear(3, width), nn.ReLU(), nn.Linear(width, 2 * width), nn.ReLU())
        self.body = nn.Sequential(nn.Linear(2 * width, width), nn.ReLU(), nn.Dropout(dropout))
        self.head = nn.Linear(width, n_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.body(self.point(x).max(dim=1).values))


class GeluMLP(nn.Module):
    def __init__(self, d_in: int, width: int, d_out: int, dropout: float, input_dropout: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Dropout(input_dropout), nn.Linear(d_in, width), nn.GELU(), nn.Dropout(dropout),
                                  nn.Linear(width, width), nn.GELU(), nn.Dropout(dropout))
        self.head = nn.Linear(width, d_out)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.body(x))


class StochasticDepthMLP(nn.Module):
    """Pre-norm residual blocks; in training each block is skipped for a row with probability 1 - p_l (p falls
    linearly to `survival` at the last block) and kept ones scaled by 1/p_l; evaluation uses every block."""

    def __init__(self, d_in: int, width: int, d_out: int, blocks: int, survival: float) -> None:
        super().__init__()
        self.inp = nn.Linear(d_in, width)
        self.blocks = nn.ModuleList(nn.Sequential(nn.LayerNorm(width), nn.Linear(width, width), nn.GELU(),
                                                  nn.Linear(width, width)) for _ in range(blocks))
        self.p = [1 - (1 - survival) * (i + 1) / blocks for i in range(blocks)]
        self.head = nn.Linear(width, d_out)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.inp(x)
        for p, blk in zip(self.p, self.blocks):
            f = blk(h)
            if self.training and p < 1:
                keep = (torch.rand(len(h), 1, dtype=h.dtype) < p).to(h.dtype) / p
                f = f * keep
            h = h + f
        return self.head(h)


class Coupling(nn.Module):
    def __init__(self, mask: torch.Tensor, width: int) -> None:
        super().__init__()
        self.register_buffer("mask", mask)
        self.net = nn.Sequential(nn.Linear(2, width), nn.Tanh(), nn.Linear(width, width), nn.Tanh(),
                                 nn.Linear(width, 4))

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        s, t = self.net(x * self.mask).chunk(2, dim=1)
        s = torch.tanh(s) * (1 - self.mask)
        t = t * (1 - self.mask)
        return x * self.mask + (1 - self.mask) * (x * torch.exp(s) + t), s.sum(1)


class RealNVP(nn.Module):
    """Data -> latent through affine couplings on alternating coordinates; log p(x) = log N(z) + sum log|det|."""

    def __init__(self, width: int, layers: int = 6) -> None:
        super().__init__()
        masks = [torch.tensor([1.0, 0.0]) if i % 2 == 0 else torch.tensor([0.0, 1.0]) for i in range(layers)]
        self.layers = nn.ModuleList(Coupling(m, width) for m in masks)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        logdet = torch.zeros(len(x), dtype=x.dtype)
        for layer in self.layers:
            x, ld = layer(x)
            logdet = logdet + ld
        return -0.5 * (x ** 2).sum(1) - math.log(2 * math.pi) + logdet  # log p(x), nats


class MDN(nn.Module):
    def __init__(self, width: int, k: int = 5) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(1, width), nn.Tanh(), nn.Linear(width, width), nn.Tanh())
        self.head = nn.Linear(width, 3 * k)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.body(x))


def torch_model(fam: Any, data: Data9) -> nn.Module:
    d_in = data.x_train.shape[-1]
    if fam.model == "pointnet":
        m: nn.Module = PointNet(fam.width, data.n_classes, fam.dropout)
    elif fam.model == "gelu":
        out = data.n_classes if data.n_classes > 1 else 1
        m = GeluMLP(d_in, fam.width, out, fam.dropout, fam.input_dropout)
    elif fam.model == "sdres":
        out = data.n_classes if data.n_classes > 1 else 1
        m = StochasticDepthMLP(d_in, fam.width, out, fam.blocks, fam.survival)
    elif fam.model == "realnvp":
        m = RealNVP(fam.width)
    elif fam.model == "mdn":
        m = MDN(fam.width)
    else:
        raise ValueError(fam.model)
    if fam.zero_head:
        nn.init.zeros_(m.head.weight)  # type: ignore[union-attr]
        nn.init.zeros_(m.head.bias)  # type: ignore[union-attr]
    return m


def _mdn_nll(out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    logit, mu, log_sd = out.chunk(3, dim=1)
    log_sd = log_sd.clamp(-7, 7)
    comp = -0.5 * ((y[:, None] - mu) / log_sd.exp()) ** 2 - log_sd - 0.5 * math.log(2 * math.pi)
    return -torch.logsumexp(torch.log_softmax(logit, 1) + comp, 1).mean()


def task_loss(fam: Any, model: nn.Module, x: torch.Tensor, y: torch.Tensor,
              mix: tuple[torch.Tensor, float] | None = None) -> tuple[torch.Tensor, Any]:
    """(loss, output for the accuracy or None). `mix`: mixup's (permutation, lambda) for the cross-entropy."""
    if fam.data == "moons":
        return -model(x).mean(), None
    out = model(x)
    if fam.data == "inverse":
        return _mdn_nll(out, y), None
    if fam.data == "prices":
        return nn.functional.mse_loss(out.squeeze(1), y), None
    logits = torch.sigmoid(out) if fam.sigmoid_before_ce else out  # the fault: a sigmoid left on the last layer
    ce = nn.functional.cross_entropy(logits, y, label_smoothing=fam.label_smoothing)
    if mix is not None:
        perm, lam = mix
        ce = lam * ce + (1 - lam) * nn.functional.cross_entropy(logits, y[perm], label_smoothing=fam.label_smoothing)
    return ce, out


def hits(data: Data9, out: torch.Tensor | None, y: torch.Tensor) -> tuple[float, int] | None:
    if out is None or data.n_classes == 1:
        return None
    return float((out.argmax(-1) == y).sum()), len(y)


# ---- hand-written optimisers ----------------------------------------------------------------------------------

class _Hand(torch.optim.Optimizer):
    def _state(self, p: torch.Tensor, *names: str) -> dict[str, Any]:
        st = self.state[p]
        if not st:
            st["t"] = 0
            for n in names:
                st[n] = torch.zeros_like(p)
        st["t"] += 1
        return st


class Adan(_Hand):
    """Adan (Xie et al. 2022): Nesterov momentum estimated from gradient differences; decoupled weight decay."""

    def __init__(self, params: Any, lr: float = 1e-3, betas: tuple[float, float, float] = (0.02, 0.08, 0.01),
                 eps: float = 1e-8, weight_decay: float = 0.0) -> None:
        super().__init__(params, {"lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay})

    @torch.no_grad()
    def step(self, closure: Any = None) -> Any:
        for g in self.param_groups:
            b1, b2, b3 = g["betas"]
            for p in g["params"]:
                if p.grad is None:
                    continue
                st = self._state(p, "m", "v", "n", "prev")
                grad = p.grad
                diff = grad - st["prev"] if st["t"] > 1 else torch.zeros_like(grad)
                st["m"].mul_(1 - b1).add_(grad, alpha=b1)
                st["v"].mul_(1 - b2).add_(diff, alpha=b2)
                st["n"].mul_(1 - b3).add_((grad + (1 - b2) * diff) ** 2, alpha=b3)
                t = st["t"]
                mh, vh, nh = (st["m"] / (1 - (1 - b1) ** t), st["v"] / (1 - (1 - b2) ** t),
                              st["n"] / (1 - (1 - b3) ** t))
                p.add_((mh + (1 - b2) * vh) / (nh.sqrt() + g["eps"]), alpha=-g["lr"])
                p.div_(1 + g["lr"] * g["weight_decay"])
                st["prev"].copy_(grad)
        return None


class AdaBelief(_Hand):
    """AdaBelief (Zhuang et al. 2020): Adam with the second moment of (g - m), the 'belief' in the gradient."""

    def __init__(self, params: Any, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-16, weight_decay: float = 0.0) -> None:
        super().__init__(params, {"lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay})

    @torch.no_grad()
    def step(self, closure: Any = None) -> Any:
        for g in self.param_groups:
            b1, b2 = g["betas"]
            for p in g["params"]:
                if p.grad is None:
                    continue
                st = self._state(p, "m", "s")
                grad = p.grad
                st["m"].mul_(b1).add_(grad, alpha=1 - b1)
                d = grad - st["m"]
                st["s"].mul_(b2).addcmul_(d, d, value=1 - b2).add_(g["eps"])
                t = st["t"]
                mh, sh = st["m"] / (1 - b1 ** t), st["s"] / (1 - b2 ** t)
                p.mul_(1 - g["lr"] * g["weight_decay"])
                p.addcdiv_(mh, sh.sqrt() + g["eps"], value=-g["lr"])
        return None


class Yogi(_Hand):
    """Yogi (Zaheer et al. 2018): Adam whose second moment moves additively, v -= (1-b2) sign(v - g^2) g^2."""

    def __init__(self, params: Any, lr: float = 1e-2, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-3) -> None:
        super().__init__(params, {"lr": lr, "betas": betas, "eps": eps})

    @torch.no_grad()
    def step(self, closure: Any = None) -> Any:
        for g in self.param_groups:
            b1, b2 = g["betas"]
            for p in g["params"]:
                if p.grad is None:
                    continue
                st = self._state(p, "m", "v")
                g2 = p.grad ** 2
                st["m"].mul_(b1).add_(p.grad, alpha=1 - b1)
                st["v"].sub_((1 - b2) * torch.sign(st["v"] - g2) * g2)
                p.addcdiv_(st["m"], st["v"].sqrt() + g["eps"], value=-g["lr"])
        return None


class Signum(_Hand):
    """Signum (Bernstein et al. 2018): SGD with momentum that steps by the sign of the momentum."""

    def __init__(self, params: Any, lr: float = 1e-4, momentum: float = 0.9) -> None:
        super().__init__(params, {"lr": lr, "momentum": momentum})

    @torch.no_grad()
    def step(self, closure: Any = None) -> Any:
        for g in self.param_groups:
            for p in g["params"]:
                if p.grad is None:
                    continue
                st = self._state(p, "m")
                st["m"].mul_(g["momentum"]).add_(p.grad, alpha=1 - g["momentum"])
                p.add_(torch.sign(st["m"]), alpha=-g["lr"])
        return None


def torch_optimizer(fam: Any, params: Any, lr: float | None = None) -> torch.optim.Optimizer:
    o, lr, wd = fam.optimizer, fam.lr if lr is None else lr, fam.weight_decay
    if o == "adam":
        return torch.optim.Adam(params, lr=lr, weight_decay=wd)
    if o == "adamw":
        return torch.optim.AdamW(params, lr=lr, weight_decay=wd)
    if o == "sgd":
        return torch.optim.SGD(params, lr=lr, weight_decay=wd)
    if o == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=0.9, weight_decay=wd)
    if o == "adan":
        return Adan(params, lr=lr, weight_decay=wd)
    if o == "adabelief":
        return AdaBelief(params, lr=lr, weight_decay=wd)
    if o == "yogi":
        return Yogi(params, lr=lr)
    if o == "signum":
        return Signum(params, lr=lr)
    raise ValueError(o)


def lr_factor(fam: Any, total_steps: int) -> Any:
    """A per-step LR multiplier (LambdaLR), or None where the schedule is built otherwise."""
    s = fam.schedule
    if s == "warmup_cosine":  # linear warm-up over `warmup` steps, then cosine to 0 at the last step
        w = fam.warmup
        return lambda t: (t + 1) / w if t < w else 0.5 * (1 + math.cos(math.pi * (t - w) / max(1, total_steps - w)))
    if s == "inv_time":  # 1 / (1 + k t); the fault has k < 0 (a sign typo): the LR grows without bound
        return lambda t: 1.0 / (1.0 + fam.decay * t)
    return None
