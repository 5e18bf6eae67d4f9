"""Models, losses and optimisers of the tenth-generation families (PyTorch).

Models none of v1-v9 used: **DeepSets** (a per-element MLP summed over the set, then an MLP), **a Set Transformer**
(a self-attention block over the elements, then pooling by multihead attention from a learned seed), **a
hypernetwork** (an MLP that maps a task code to the weights of a small target network, evaluated per row), **a
VQ-VAE** (encoder, a 16-code codebook per latent slot with the straight-through estimator, decoder; loss =
reconstruction + codebook + 0.25 x commitment). Optimisers written here by hand because torch has none of them:
MADGRAD (dual averaging with a cube-root denominator) and NovoGrad (layer-wise second moments); and torch's NAdam with
decoupled weight decay (NAdamW).
"""
from __future__ import annotations

import math
from typing import Any

import torch
from torch import nn
from torch.nn import functional as F

from data_v9 import Data9


class DeepSets(nn.Module):
    def __init__(self, width: int, n_classes: int, phi_relu: bool = True) -> None:
        super().__init__()
        act: nn.Module = nn.ReLU() if phi_relu else nn.Identity()  # the fault drops the nonlinearity
        self.phi = nn.Sequential(nn.Linear(1, width), act, nn.Linear(width, width))
        self.rho = nn.Sequential(nn.ReLU() if phi_relu else nn.Identity(), nn.Linear(width, width), nn.ReLU())
        self.head = nn.Linear(width, n_classes)

    def features(self, x: torch.Tensor) -> torch.Tensor:
        return self.rho(self.phi(x).sum(dim=1) / 8.0)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x))


class SetTransformer(nn.Module):
    """One set-attention block (SAB) over the elements, then pooling by multihead attention (PMA) from a seed."""

    def __init__(self, width: int, n_classes: int) -> None:
        super().__init__()
        self.embed = nn.Linear(1, width)
        self.sab = nn.MultiheadAttention(width, 4, batch_first=True)
        self.ln1, self.ln2 = nn.LayerNorm(width), nn.LayerNorm(width)
        self.ff = nn.Sequential(nn.Linear(width, width), nn.ReLU(), nn.Linear(width, width))
        self.seed = nn.Parameter(torch.randn(1, 1, width) * 0.1)
        self.pma = nn.MultiheadAttention(width, 4, batch_first=True)
        self.head = nn.Linear(width, n_classes)

    def features(self, x: torch.Tensor) -> torch.Tensor:
        h = self.embed(x)
        h = self.ln1(h + self.sab(h, h, h, need_weights=False)[0])
        h = self.ln2(h + self.ff(h))
        return self.pma(self.seed.expand(len(h), -1, -1), h, h, need_weights=False)[0][:, 0]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x))


class HyperNet(nn.Module):
    """Task code (a, b) -> the weights of a 1-H-1 tanh network, applied to the row's point x."""

    def __init__(self, width: int, hidden: int = 16, head_std: float = 0.0) -> None:
        super().__init__()
        self.hidden = hidden
        self.body = nn.Sequential(nn.Linear(2, width), nn.ReLU(), nn.Linear(width, width), nn.ReLU())
        self.head = nn.Linear(width, 3 * hidden + 1)
        with torch.no_grad():
            self.head.weight.mul_(0.5)

    def forward(self, inp: torch.Tensor) -> torch.Tensor:
        p = self.head(self.body(inp[:, :2]))
        hd = self.hidden
        w1, b1, w2, b2 = p[:, :hd], p[:, hd:2 * hd], p[:, 2 * hd:3 * hd], p[:, 3 * hd]
        h = torch.tanh(w1 * 3 * inp[:, 2:3] + b1)
        return (h * w2).sum(1) + b2


class VQVAE(nn.Module):
    def __init__(self, width: int, dim: int = 16, slots: int = 4, code_dim: int = 4, codes: int = 16) -> None:
        super().__init__()
        self.slots, self.code_dim = slots, code_dim
        self.enc = nn.Sequential(nn.Linear(dim, width), nn.ReLU(), nn.Linear(width, slots * code_dim))
        self.codebook = nn.Parameter(torch.randn(codes, code_dim) * 0.5)
        self.dec = nn.Sequential(nn.Linear(slots * code_dim, width), nn.ReLU(), nn.Linear(width, dim))

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        ze = self.enc(x).view(len(x), self.slots, self.code_dim)
        d = ((ze.unsqueeze(2) - self.codebook) ** 2).sum(-1)
        zq = self.codebook[d.argmin(-1)]
        vq = F.mse_loss(zq, ze.detach()) + 0.25 * F.mse_loss(ze, zq.detach())
        st = ze + (zq - ze).detach()  # straight-through
        return self.dec(st.reshape(len(x), -1)), vq


def torch_model(fam: Any, data: Data9) -> nn.Module:
    if fam.model == "deepsets":
        return DeepSets(fam.width, data.n_classes, phi_relu=not fam.linear_phi)
    if fam.model == "settf":
        return SetTransformer(fam.width, data.n_classes)
    if fam.model == "hyper":
        return HyperNet(fam.width)
    if fam.model == "vqvae":
        return VQVAE(fam.width)
    raise ValueError(f"unknown model {fam.model!r}")


def task_loss(fam: Any, model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, Any]:
    """(loss, outputs for the accuracy or None)."""
    if fam.data == "sets":
        out = model(x)
        if fam.softmax_twice:  # the fault: the exported model's softmax kept before CrossEntropyLoss
            out = torch.softmax(out, -1)
        return F.cross_entropy(out, y), out
    if fam.data == "hyper":
        return F.mse_loss(model(x), y), None
    recon, vq = model(x)
    return F.mse_loss(recon, y) + vq, None


def hits(data: Data9, out: torch.Tensor | None, y: torch.Tensor) -> tuple[float, int] | None:
    if out is None or data.n_classes < 2:
        return None
    return float((out.argmax(-1) == y).sum()), len(y)


# ---- hand-written optimisers ----------------------------------------------------------------------------------

class MADGRAD(torch.optim.Optimizer):
    """MADGRAD (Defazio & Jelassi 2021): dual averaging of lr*sqrt(k+1)-weighted gradients, a cube-root denominator,
    momentum as an average towards the dual iterate."""

    def __init__(self, params: Any, lr: float = 1e-2, momentum: float = 0.9, eps: float = 1e-6) -> None:
        super().__init__(params, {"lr": lr, "momentum": momentum, "eps": eps})

    @torch.no_grad()
    def step(self, closure: Any = None) -> Any:
        for g in self.param_groups:
            ck = 1 - g["momentum"]
            for p in g["params"]:
                if p.grad is None:
                    continue
                st = self.state[p]
                if not st:
                    st.update(k=0, s=torch.zeros_like(p), v=torch.zeros_like(p), x0=p.clone())
                lam = g["lr"] * math.sqrt(st["k"] + 1)
                st["k"] += 1
                st["s"].add_(p.grad, alpha=lam)
                st["v"].addcmul_(p.grad, p.grad, value=lam)
                z = st["x0"] - st["s"] / (st["v"].pow(1 / 3) + g["eps"])
                p.mul_(1 - ck).add_(z, alpha=ck)
        return None


class NovoGrad(torch.optim.Optimizer):
    """NovoGrad (Ginsburg et al. 2019): one second moment per layer (the gradient's squared norm), momentum on the
    normalised gradient plus weight decay."""

    def __init__(self, params: Any, lr: float = 1e-2, betas: tuple[float, float] = (0.95, 0.98), eps: float = 1e-8,
                 weight_decay: float = 0.0) -> None:
        super().__init__(params, {"lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay})

    @torch.no_grad()
    def step(self, closure: Any = None) -> Any:
        for g in self.param_groups:
            b1, b2 = g["betas"]
            for p in g["params"]:
                if p.grad is None:
                    continue
                st = self.state[p]
                n2 = float((p.grad ** 2).sum())
                if not st:
                    st.update(v=n2, m=torch.zeros_like(p))
                else:
                    st["v"] = b2 * st["v"] + (1 - b2) * n2
                st["m"].mul_(b1).add_(p.grad / (math.sqrt(st["v"]) + g["eps"]) + g["weight_decay"] * p)
                p.add_(st["m"], alpha=-g["lr"])
        return None


def torch_optimizer(fam: Any, params: Any) -> torch.optim.Optimizer:
    if fam.optimizer == "adam":
        return torch.optim.Adam(params, lr=fam.lr, weight_decay=fam.weight_decay)
    if fam.optimizer == "nadamw":
        return torch.optim.NAdam(params, lr=fam.lr, weight_decay=fam.weight_decay, decoupled_weight_decay=True)
    if fam.optimizer == "madgrad":
        return MADGRAD(params, lr=fam.lr)
    if fam.optimizer == "novograd":
        return NovoGrad(params, lr=fam.lr, weight_decay=fam.weight_decay)
    if fam.optimizer == "momentum":
        return torch.optim.SGD(params, lr=fam.lr, momentum=0.9)
    raise ValueError(f"unknown optimizer {fam.optimizer!r}")


def epoch_scheduler(fam: Any, opt: torch.optim.Optimizer) -> Any:
    """The per-epoch LR scheduler, or None: CosineAnnealingLR (T_max in epochs; torch's cosine is periodic past
    T_max), ConstantLR (a third of the LR for the first epochs), LinearLR (a linear ramp of the factor),
    ExponentialLR."""
    if fam.schedule == "cosine_tmax":
        return torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=fam.t_max or fam.epochs)
    if fam.schedule == "constant":
        return torch.optim.lr_scheduler.ConstantLR(opt, factor=1 / 3, total_iters=3)
    if fam.schedule == "linear":
        return torch.optim.lr_scheduler.LinearLR(opt, start_factor=1.0, end_factor=fam.end_factor,
                                                 total_iters=fam.epochs)
    if fam.schedule == "exponential":
        return torch.optim.lr_scheduler.ExponentialLR(opt, gamma=fam.gamma)
    return None
