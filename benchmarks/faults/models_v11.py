"""Models, losses and optimisers of the eleventh-generation families (PyTorch).

Models none of v1-v10 used: **a Conv1d net with GroupNorm and SiLU and a cosine classifier head** (features and
class weights L2-normalised, logits = scale x cosine), **a diagonal linear recurrence** (an LRU/S4D-like layer:
h_t = a * h_{t-1} + B x_t with learned per-channel decays a in (0, 1), computed as a causal depthwise convolution with
kernel a^k), **a residual MLP with RMSNorm and Mish**, **a neural additive model** (one small network per feature,
their outputs summed). Losses: **Tweedie deviance (power 1.5) with a log link**, **the cosine loss 1 - cos(angle
error)** for a phase on the circle, cross-entropy. Optimisers written here by hand because torch has none of them:
**QHAdam** (quasi-hyperbolic momentum) and **schedule-free AdamW** (iterate averaging instead of a schedule; its
evaluation weights are the average x, its gradients are taken at the interpolation y).
"""
from __future__ import annotations

import math
from typing import Any, Iterable

import torch
from torch import nn

from data_v11 import POWER, Data11


class CosineHead(nn.Module):
    """logits = scale * cos(feature, class weight)."""

    def __init__(self, d: int, k: int, scale: float) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.randn(k, d) * 0.1)
        self.scale = scale

    def forward(self, h: torch.Tensor) -> torch.Tensor:
        return self.scale * nn.functional.normalize(h, dim=1) @ nn.functional.normalize(self.weight, dim=1).t()


class ConvNet(nn.Module):
    def __init__(self, width: int, head: nn.Module) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Conv1d(1, width, 7, padding=3), nn.GroupNorm(4, width), nn.SiLU(),
                                  nn.Conv1d(width, width, 5, padding=4, dilation=2), nn.GroupNorm(4, width), nn.SiLU())
        self.head = head

    def features(self, x: torch.Tensor) -> torch.Tensor:
        return self.body(x[:, None, :]).mean(2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x))


class LRU(nn.Module):
    """Two diagonal linear recurrent layers (decays a = sigmoid(nu) per channel), each followed by a GELU channel mix
    with a residual; a pointwise GELU encoder before them; the mean and the last state pooled."""

    def __init__(self, width: int, head: nn.Module) -> None:
        super().__init__()
        self.inp = nn.Sequential(nn.Linear(1, width), nn.GELU(), nn.Linear(width, width))
        self.nu = nn.ParameterList(nn.Parameter(torch.logit(torch.linspace(0.5, 0.97, width))) for _ in range(2))
        self.mix = nn.ModuleList(nn.Linear(width, width) for _ in range(2))
        self.head = head

    @staticmethod
    def _recur(u: torch.Tensor, nu: torch.Tensor) -> torch.Tensor:
        """h_t = a h_{t-1} + (1 - a) u_t over (n, L, C), as a causal depthwise convolution with kernel a^k."""
        length = u.shape[1]
        a = torch.sigmoid(nu)
        kernel = a[:, None] ** torch.arange(length - 1, -1, -1, dtype=u.dtype)  # a^(L-1) .. a^0
        x = nn.functional.pad(u.transpose(1, 2), (length - 1, 0))
        return (nn.functional.conv1d(x, kernel[:, None, :], groups=u.shape[2]) * (1 - a[:, None])).transpose(1, 2)

    def features(self, x: torch.Tensor) -> torch.Tensor:
        h = self.inp(x[:, :, None])                                    # (n, L, C)
        for nu, mix in zip(self.nu, self.mix):
            h = h + nn.functional.gelu(mix(self._recur(h, nu)))
        return torch.cat([h.mean(1), h[:, -1]], 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x))


class MishRes(nn.Module):
    """Pre-norm residual MLP: x + W2 Mish(W1 RMSNorm(x)), dropout inside each block."""

    def __init__(self, d_in: int, width: int, d_out: int, blocks: int, dropout: float) -> None:
        super().__init__()
        self.inp = nn.Linear(d_in, width)
        self.blocks = nn.ModuleList(nn.Sequential(nn.RMSNorm(width), nn.Linear(width, 2 * width), nn.Mish(),
                                                  nn.Dropout(dropout), nn.Linear(2 * width, width))
                                    for _ in range(blocks))
        self.head = nn.Linear(width, d_out)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.inp(x)
        for blk in self.blocks:
            h = h + blk(h)
        return self.head(h)


class NAM(nn.Module):
    """Neural additive model: f(x) = bias + sum_j f_j(x_j), each f_j a 1-H-H-1 ReLU network."""

    def __init__(self, features: int, width: int) -> None:
        super().__init__()
        self.w1 = nn.Parameter(torch.randn(features, width) * 1.0)
        self.b1 = nn.Parameter(torch.randn(features, width) * 0.5)
        self.w2 = nn.Parameter(torch.randn(features, width, width) / math.sqrt(width))
        self.b2 = nn.Parameter(torch.zeros(features, width))
        self.w3 = nn.Parameter(torch.randn(features, width) / math.sqrt(width) * 0.1)
        self.bias = nn.Parameter(torch.zeros(1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = torch.relu(x[:, :, None] * self.w1 + self.b1)                      # (n, F, H)
        h = torch.relu(torch.einsum("nfh,fhk->nfk", h, self.w2) + self.b2)
        return (h * self.w3).sum((1, 2)) + self.bias


def torch_model(fam: Any, data: Data11) -> nn.Module:
    d_in = data.x_train.shape[1]
    out = data.n_classes if data.n_classes > 1 else (2 if data.task == "phase" else 1)
    if fam.model in ("conv", "lru"):
        feat = fam.width if fam.model == "conv" else 2 * fam.width
        cosine = data.task == "rhythm" and fam.model == "conv"  # the Conv1d net classifies with a cosine head
        head: nn.Module = CosineHead(feat, out, fam.cos_scale) if cosine else nn.Linear(feat, out)
        m: nn.Module = ConvNet(fam.width, head) if fam.model == "conv" else LRU(fam.width, head)
    elif fam.model == "mish":
        m = MishRes(d_in, fam.width, out, fam.blocks, fam.dropout)
    elif fam.model == "nam":
        m = NAM(d_in, fam.width)
    else:
        raise ValueError(fam.model)
    if fam.zero_head:
        for p in m.head.parameters():  # type: ignore[union-attr]
            nn.init.zeros_(p)
    if fam.head_std:  # the fault: the head's weights drawn with this std
        nn.init.normal_(m.head.weight, std=fam.head_std)  # type: ignore[union-attr]
    return m


def tweedie_deviance(f: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Mean unit Tweedie deviance (power 1.5) of mu = exp(f) against y: 2 (-4 sqrt(y) + 2 y / sqrt(mu) + 2 sqrt(mu));
    0 where mu = y. A negative y has no square root: NaN."""
    assert POWER == 1.5
    return (2 * (-4 * torch.sqrt(y) + 2 * y * torch.exp(-f / 2) + 2 * torch.exp(f / 2))).mean()


def task_loss(data: Data11, model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, Any]:
    """(loss, output for the accuracy or None)."""
    out = model(x)
    if data.task == "claims":
        return tweedie_deviance(out.reshape(-1).float(), y), None
    if data.task == "phase":
        c = nn.functional.normalize(out.float(), dim=1)
        return (1 - (c[:, 0] * torch.cos(y) + c[:, 1] * torch.sin(y))).mean(), None
    return nn.functional.cross_entropy(out.float(), y), out


def hits(data: Data11, out: Any, y: Any) -> tuple[float, int] | None:
    if data.n_classes < 2 or out is None:
        return None
    return float((out.argmax(1) == y).sum()), len(y)


class QHAdam(torch.optim.Optimizer):
    """Quasi-hyperbolic Adam (Ma & Yarats, 2019): the step mixes the raw gradient and its moving average,
    ((1 - nu1) g + nu1 m_hat) / (sqrt((1 - nu2) g^2 + nu2 v_hat) + eps)."""

    def __init__(self, params: Iterable[Any], lr: float = 1e-3, betas: tuple[float, float] = (0.995, 0.999),
                 nus: tuple[float, float] = (0.7, 1.0), eps: float = 1e-8, weight_decay: float = 0.0) -> None:
        super().__init__(params, dict(lr=lr, betas=betas, nus=nus, eps=eps, weight_decay=weight_decay))

    @torch.no_grad()
    def step(self, closure: Any = None) -> None:
        for g in self.param_groups:
            (b1, b2), (n1, n2) = g["betas"], g["nus"]
            for p in g["params"]:
                if p.grad is None:
                    continue
                d = p.grad
                st = self.state[p]
                if not st:
                    st.update(t=0, m=torch.zeros_like(p), v=torch.zeros_like(p))
                st["t"] += 1
                st["m"].mul_(b1).add_(d, alpha=1 - b1)
                st["v"].mul_(b2).addcmul_(d, d, value=1 - b2)
                m_hat = st["m"] / (1 - b1 ** st["t"])
                v_hat = st["v"] / (1 - b2 ** st["t"])
                num = (1 - n1) * d + n1 * m_hat
                den = ((1 - n2) * d * d + n2 * v_hat).sqrt().add_(g["eps"])
                if g["weight_decay"]:
                    p.mul_(1 - g["lr"] * g["weight_decay"])
                p.addcdiv_(num, den, value=-g["lr"])


class ScheduleFreeAdamW(torch.optim.Optimizer):
    """Schedule-free AdamW (Defazio et al., 2024), without warm-up: z takes Adam-normalised steps, x is the running
    average of z (weights 1/t), and the parameters hold y = (1 - beta1) z + beta1 x, where gradients are taken.
    ``eval()`` puts x in the parameters (what is evaluated and kept), ``train()`` puts y back."""

    def __init__(self, params: Iterable[Any], lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0.0) -> None:
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay))
        self.training = True

    @torch.no_grad()
    def eval(self) -> None:
        if self.training:
            for g in self.param_groups:
                for p in g["params"]:
                    st = self.state[p]
                    if st:
                        st["y"] = p.clone()
                        p.copy_(st["x"])
            self.training = False

    @torch.no_grad()
    def train(self) -> None:
        if not self.training:
            for g in self.param_groups:
                for p in g["params"]:
                    st = self.state[p]
                    if st:
                        p.copy_(st["y"])
            self.training = True

    @torch.no_grad()
    def step(self, closure: Any = None) -> None:
        for g in self.param_groups:
            b1, b2 = g["betas"]
            for p in g["params"]:
                if p.grad is None:
                    continue
                st = self.state[p]
                if not st:
                    st.update(t=0, z=p.clone(), x=p.clone(), v=torch.zeros_like(p))
                st["t"] += 1
                d = p.grad
                st["v"].mul_(b2).addcmul_(d, d, value=1 - b2)
                den = (st["v"] / (1 - b2 ** st["t"])).sqrt().add_(g["eps"])
                st["z"].addcdiv_(d, den, value=-g["lr"])
                if g["weight_decay"]:
                    st["z"].sub_(p, alpha=g["lr"] * g["weight_decay"])
                c = 1 / st["t"]
                st["x"].mul_(1 - c).add_(st["z"], alpha=c)
                p.copy_(st["z"] * (1 - b1) + st["x"] * b1)


def torch_optimizer(fam: Any, params: Iterable[Any]) -> torch.optim.Optimizer:
    lr, wd = fam.lr, fam.weight_decay
    if fam.optimizer == "adam":
        return torch.optim.Adam(params, lr=lr, weight_decay=wd)
    if fam.optimizer == "adamw":
        return torch.optim.AdamW(params, lr=lr, weight_decay=wd)
    if fam.optimizer == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=0.9, weight_decay=wd)
    if fam.optimizer == "qhadam":
        return QHAdam(params, lr=lr, weight_decay=wd)
    if fam.optimizer == "sfadamw":
        return ScheduleFreeAdamW(params, lr=lr, weight_decay=wd)
    raise ValueError(fam.optimizer)
