"""Models, losses and optimisers of the fifteenth-generation families (PyTorch), none used by v1-v14.

- **ConvMixer** (Trockman & Kolter): a patch embedding (a convolution with kernel = stride = patch), then blocks of a
  residual depthwise convolution and a pointwise convolution, each followed by GELU and BatchNorm, global pooling.
- **MobileNetV2** (small): a stride-2 stem, inverted residual blocks (1x1 expansion x4, ReLU6, a depthwise 3x3, a linear 1x1
  bottleneck, BatchNorm after each; the residual where the shape is kept), two stride-2 stages, global pooling.
- **the Laplace negative log-likelihood** log(2b) + |y - mu| / b with a predicted scale b = softplus(s) + 0.01 (the
  redshift with its uncertainty).
- hand-written **AdaBound** (Adam whose per-weight step is clipped to bounds that close on an SGD rate), **DiffGrad**
  (Adam's step scaled by a friction sigmoid(|g_t - g_t-1|)), **AggMo** (aggregated momentum: velocities for betas
  0, 0.9, 0.99, averaged) and **LaProp** (momentum of the gradient already divided by the RMS), Adam, AdamW, SGD
  with Nesterov momentum.
"""
from __future__ import annotations

import math
from typing import Any

import torch
from torch import nn

from data_v15 import Data15


class ConvMixer(nn.Module):
    def __init__(self, c_in: int, width: int, depth: int, kernel: int, patch: int, n_out: int, dropout: float) -> None:
        super().__init__()
        stem = nn.Sequential(nn.Conv2d(c_in, width, patch, stride=patch), nn.GELU(), nn.BatchNorm2d(width))
        blocks = [nn.Sequential(_Residual(nn.Sequential(nn.Conv2d(width, width, kernel, groups=width, padding="same"),
                                                        nn.GELU(), nn.BatchNorm2d(width))),
                                nn.Conv2d(width, width, 1), nn.GELU(), nn.BatchNorm2d(width)) for _ in range(depth)]
        self.body = nn.Sequential(stem, *blocks, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(dropout))
        self.head = nn.Linear(width, n_out)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.body(x))


class _Residual(nn.Module):
    def __init__(self, f: nn.Module) -> None:
        super().__init__()
        self.f = f

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.f(x)


class InvertedResidual(nn.Module):
    def __init__(self, c_in: int, c_out: int, stride: int, expand: int = 4) -> None:
        super().__init__()
        mid = c_in * expand
        self.f = nn.Sequential(nn.Conv2d(c_in, mid, 1, bias=False), nn.BatchNorm2d(mid), nn.ReLU6(),
                               nn.Conv2d(mid, mid, 3, stride, 1, groups=mid, bias=False), nn.BatchNorm2d(mid),
                               nn.ReLU6(), nn.Conv2d(mid, c_out, 1, bias=False), nn.BatchNorm2d(c_out))
        self.res = stride == 1 and c_in == c_out

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.f(x) if self.res else self.f(x)


class MobileNetV2(nn.Module):
    def __init__(self, c_in: int, width: int, repeats: int, n_out: int, dropout: float) -> None:
        super().__init__()
        layers: list[nn.Module] = [nn.Conv2d(c_in, width, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(width), nn.ReLU6()]
        c = width
        for stage, c_out in enumerate((width, 2 * width, 3 * width)):
            for r in range(repeats):
                layers.append(InvertedResidual(c, c_out, 2 if (r == 0 and stage > 0) else 1))
                c = c_out
        layers += [nn.Conv2d(c, 4 * width, 1, bias=False), nn.BatchNorm2d(4 * width), nn.ReLU6(),
                   nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(dropout)]
        self.body = nn.Sequential(*layers)
        self.head = nn.Linear(4 * width, n_out)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.body(x))


def torch_model(fam: Any, data: Data15) -> nn.Module:
    c_in = data.x_train.shape[1]
    n_out = data.n_classes if data.n_classes > 1 else 2  # regression: the mean and the scale's pre-activation
    if fam.model == "convmixer":
        model: nn.Module = ConvMixer(c_in, fam.width, fam.blocks, fam.kernel, fam.patch, n_out, fam.dropout)
    elif fam.model == "mobilenet":
        model = MobileNetV2(c_in, fam.width // 2, max(fam.blocks // 2, 1), n_out, fam.dropout)
    else:
        raise ValueError(fam.model)
    if fam.zero_head:
        nn.init.zeros_(model.head.weight)
        nn.init.zeros_(model.head.bias)
    return model


# ---- losses -------------------------------------------------------------------------------------------------------


def laplace_nll(out: torch.Tensor, y: torch.Tensor, raw_scale: bool = False) -> torch.Tensor:
    """Mean Laplace NLL log(2b) + |y - mu| / b; b = softplus(s) + 0.01. The fault `raw_scale`: b = s (no softplus),
    so a negative s makes log(2b) NaN."""
    mu, s = out[:, 0], out[:, 1]
    b = s if raw_scale else nn.functional.softplus(s) + 0.01
    return (torch.log(2 * b) + (y - mu).abs() / b).mean()


def task_loss(fam: Any, data: Data15, model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, Any]:
    """(loss, logits for the accuracy or None)."""
    out = model(x).float()
    if data.task == "redshift":
        return laplace_nll(out, y, fam.raw_scale), None
    logits = out / fam.temperature  # the fault `temperature` 0.01: a contrastive config's tau kept for the head
    return nn.functional.cross_entropy(logits, y, label_smoothing=fam.label_smoothing), logits


def hits(data: Data15, out: Any, y: Any) -> tuple[float, int] | None:
    if data.n_classes < 2 or out is None:
        return None
    return float((out.argmax(1) == y).sum()), len(y)


# ---- optimisers ---------------------------------------------------------------------------------------------------


class AdaBound(torch.optim.Optimizer):
    """AdaBound (Luo et al. 2019): Adam's per-weight step lr / sqrt(v) clipped to [lower, upper], bounds that close on
    final_lr (scaled with lr) as 1 / (gamma t)."""

    def __init__(self, params: Any, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
                 final_lr: float = 0.1, gamma: float = 1e-3, eps: float = 1e-8) -> None:
        super().__init__(params, dict(lr=lr, betas=betas, final_lr=final_lr, gamma=gamma, eps=eps, base_lr=lr))

    @torch.no_grad()
    def step(self) -> None:
        for g in self.param_groups:
            b1, b2 = g["betas"]
            for p in g["params"]:
                if p.grad is None:
                    continue
                st = self.state[p]
                if not st:
                    st.update(t=0, m=torch.zeros_like(p), v=torch.zeros_like(p))
                st["t"] += 1
                t = st["t"]
                st["m"].mul_(b1).add_(p.grad, alpha=1 - b1)
                st["v"].mul_(b2).addcmul_(p.grad, p.grad, value=1 - b2)
                step = g["lr"] * math.sqrt(1 - b2 ** t) / (1 - b1 ** t)
                final = g["final_lr"] * g["lr"] / g["base_lr"]
                lower, upper = final * (1 - 1 / (g["gamma"] * t + 1)), final * (1 + 1 / (g["gamma"] * t))
                size = (step / (st["v"].sqrt() + g["eps"])).clamp_(lower, upper)
                p.sub_(size * st["m"])


class DiffGrad(torch.optim.Optimizer):
    """DiffGrad (Dubey et al. 2019): Adam whose first moment is scaled by the friction sigmoid(|g_t-1 - g_t|)."""

    def __init__(self, params: Any, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0.0) -> None:
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay))

    @torch.no_grad()
    def step(self) -> None:
        for g in self.param_groups:
            b1, b2 = g["betas"]
            for p in g["params"]:
                if p.grad is None:
                    continue
                grad = p.grad + g["weight_decay"] * p if g["weight_decay"] else p.grad
                st = self.state[p]
                if not st:
                    st.update(t=0, m=torch.zeros_like(p), v=torch.zeros_like(p), prev=torch.zeros_like(p))
                st["t"] += 1
                t = st["t"]
                st["m"].mul_(b1).add_(grad, alpha=1 - b1)
                st["v"].mul_(b2).addcmul_(grad, grad, value=1 - b2)
                friction = torch.sigmoid((st["prev"] - grad).abs())
                st["prev"] = grad.clone()
                denom = (st["v"] / (1 - b2 ** t)).sqrt().add_(g["eps"])
                p.addcdiv_(st["m"] * friction, denom, value=-g["lr"] / (1 - b1 ** t))


class AggMo(torch.optim.Optimizer):
    """Aggregated momentum (Lucas et al. 2019): one velocity per beta, v_i = beta_i v_i - g, w += lr / K sum v_i."""

    def __init__(self, params: Any, lr: float = 0.1, betas: tuple[float, ...] = (0.0, 0.9, 0.99),
                 weight_decay: float = 0.0) -> None:
        super().__init__(params, dict(lr=lr, betas=betas, weight_decay=weight_decay))

    @torch.no_grad()
    def step(self) -> None:
        for g in self.param_groups:
            for p in g["params"]:
                if p.grad is None:
                    continue
                grad = p.grad + g["weight_decay"] * p if g["weight_decay"] else p.grad
                st = self.state[p]
                if not st:
                    st["v"] = [torch.zeros_like(p) for _ in g["betas"]]
                for b, v in zip(g["betas"], st["v"]):
                    v.mul_(b).sub_(grad)
                    p.add_(v, alpha=g["lr"] / len(g["betas"]))


class LaProp(torch.optim.Optimizer):
    """LaProp (Ziyin et al. 2020): the momentum of the gradient already divided by its running RMS."""

    def __init__(self, params: Any, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-15) -> None:
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps))

    @torch.no_grad()
    def step(self) -> None:
        for g in self.param_groups:
            b1, b2 = g["betas"]
            for p in g["params"]:
                if p.grad is None:
                    continue
                st = self.state[p]
                if not st:
                    st.update(t=0, m=torch.zeros_like(p), v=torch.zeros_like(p))
                st["t"] += 1
                t = st["t"]
                st["v"].mul_(b2).addcmul_(p.grad, p.grad, value=1 - b2)
                rms = (st["v"] / (1 - b2 ** t)).sqrt().add_(g["eps"])
                st["m"].mul_(b1).add_(p.grad / rms, alpha=1 - b1)
                p.sub_(st["m"], alpha=g["lr"] / (1 - b1 ** t))


def torch_optimizer(fam: Any, model: nn.Module) -> torch.optim.Optimizer:
    params = list(model.parameters())
    lr = fam.lr
    if fam.optimizer == "adam":
        return torch.optim.Adam(params, lr=lr, eps=fam.adam_eps)  # the fault: eps 1.0 (the Inception recipe)
    if fam.optimizer == "adamw":
        return torch.optim.AdamW(params, lr=lr, weight_decay=fam.weight_decay)
    if fam.optimizer == "nesterov":
        return torch.optim.SGD(params, lr=lr, momentum=0.9, nesterov=True, weight_decay=fam.weight_decay)
    if fam.optimizer == "adabound":
        return AdaBound(params, lr=lr, final_lr=fam.final_lr)
    if fam.optimizer == "diffgrad":
        return DiffGrad(params, lr=lr, weight_decay=fam.weight_decay)
    if fam.optimizer == "aggmo":
        return AggMo(params, lr=lr, weight_decay=fam.weight_decay)
    if fam.optimizer == "laprop":
        return LaProp(params, lr=lr)
    raise ValueError(fam.optimizer)
