"""Models, losses and optimisers of the eighteenth-generation families (PyTorch), none used by v1-v17.

- **ResNeXt-1D** (Xie et al.): a stem convolution, bottleneck blocks whose 3-tap convolution is grouped (cardinality
  8), BatchNorm after each convolution, a residual connection, global average pooling, dropout, a linear head.
- **ECA-Net-1D** (Wang et al.): plain convolutions (He initialisation, no normalisation layer) each followed by
  efficient channel attention (a 1-D convolution over the globally pooled channel descriptor, a sigmoid gate).
- **the Charbonnier loss** sqrt(r^2 + eps^2) - eps, eps 0.1 (the QT annotation's heavy-tailed errors).
- cross-entropy with **label smoothing** (the fault: 0.6, the mixup alpha's key swapped in) and a **logit temperature**
  (the fault: 0.01 from a contrastive config).
- hand-written **Nero** (Liu et al. 2021: per-neuron updates lr x g / sqrt(EMA(g^2)), each neuron's weights kept at
  zero mean and unit norm; biases at a fixed scale) and **SM3** (Anil et al.: the second moment of a matrix kept as
  row and column maxima, the step lr x g / sqrt(min(row, col) + g^2), with momentum 0.9); Adam, AdamW, SGD momentum.
"""
from __future__ import annotations

from typing import Any

import torch
from torch import nn

from data_v18 import Data18


class NeXtBlock(nn.Module):
    def __init__(self, c: int, card: int = 8) -> None:
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv1d(c, c, 1, bias=False), nn.BatchNorm1d(c), nn.ReLU(),
            nn.Conv1d(c, c, 3, padding=1, groups=card, bias=False), nn.BatchNorm1d(c), nn.ReLU(),
            nn.Conv1d(c, c, 1, bias=False), nn.BatchNorm1d(c))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.relu(x + self.body(x))


class ResNeXt1D(nn.Module):
    def __init__(self, c_in: int, width: int, n_out: int, dropout: float, blocks: int = 2) -> None:
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv1d(c_in, width, 7, padding=3, stride=2, bias=False), nn.BatchNorm1d(width), nn.ReLU(),
            *[NeXtBlock(width) for _ in range(blocks)], nn.AdaptiveAvgPool1d(1), nn.Flatten(), nn.Dropout(dropout))
        self.head = nn.Linear(width, n_out)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.body(x))


class ECA(nn.Module):
    """Efficient channel attention: sigmoid(conv1d_k(avgpool(x))) gates each channel."""

    def __init__(self, k: int = 3) -> None:
        super().__init__()
        self.conv = nn.Conv1d(1, 1, k, padding=k // 2, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        w = torch.sigmoid(self.conv(x.mean(-1)[:, None, :]))[:, 0, :, None]
        return x * w


class ECANet1D(nn.Module):
    def __init__(self, c_in: int, width: int, n_out: int, dropout: float) -> None:
        super().__init__()
        layers: list[nn.Module] = []
        c = c_in
        for i, k in enumerate((7, 5, 3)):
            layers += [nn.Conv1d(c, width, k, padding=k // 2), nn.LeakyReLU(0.1), ECA(), nn.MaxPool1d(2)]
            c = width
        self.body = nn.Sequential(*layers, nn.AdaptiveAvgPool1d(1), nn.Flatten(), nn.Dropout(dropout))
        self.head = nn.Linear(width, n_out)
        init_weights(self)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.body(x))


def init_weights(model: nn.Module) -> None:
    """He initialisation of every convolution and linear layer, zero biases (the project's `weights_init`)."""
    for m in model.modules():
        if isinstance(m, (nn.Conv1d, nn.Linear)):
            nn.init.kaiming_normal_(m.weight, nonlinearity="leaky_relu", a=0.1)
            if m.bias is not None:
                nn.init.zeros_(m.bias)


def torch_model(fam: Any, data: Data18) -> nn.Module:
    c_in = data.x_train.shape[1]
    n_out = data.n_classes if data.n_classes > 1 else 1
    if fam.model == "resnext":
        return ResNeXt1D(c_in, fam.width, n_out, fam.dropout)
    if fam.model == "ecanet":
        return ECANet1D(c_in, fam.width, n_out, fam.dropout)
    raise ValueError(fam.model)


# ---- losses -------------------------------------------------------------------------------------------------------


def charbonnier_loss(pred: torch.Tensor, y: torch.Tensor, eps: float = 0.1) -> torch.Tensor:
    r = pred.reshape(-1) - y
    return (torch.sqrt(r * r + eps * eps) - eps).mean()


def task_loss(fam: Any, data: Data18, model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, Any]:
    """(loss, logits for the accuracy or None)."""
    out = model(x).float()
    if data.task == "qt":
        return charbonnier_loss(out, y), None
    logits = out / fam.temperature  # the fault where it is not 1: a contrastive config's temperature 0.01
    return nn.functional.cross_entropy(logits, y, label_smoothing=fam.label_smoothing), out


def hits(data: Data18, out: Any, y: Any) -> tuple[float, int] | None:
    if data.n_classes < 2 or out is None:
        return None
    return float((out.argmax(1) == y).sum()), len(y)


# ---- optimisers ---------------------------------------------------------------------------------------------------


def _neuron_view(p: torch.Tensor) -> torch.Tensor:
    return p.reshape(p.shape[0], -1) if p.dim() > 1 else p.reshape(-1, 1)


class Nero(torch.optim.Optimizer):
    """Nero (Liu et al. 2021): per neuron (a weight row), p -= lr x scale x g / sqrt(EMA_beta(||g_row||^2)), then the
    row is re-centred and re-normalised to its initial norm (weights) ; biases keep their own scale."""

    def __init__(self, params: Any, lr: float = 0.01, beta: float = 0.999) -> None:
        super().__init__(params, dict(lr=lr, beta=beta))

    @torch.no_grad()
    def step(self) -> None:
        for g in self.param_groups:
            for p in g["params"]:
                if p.grad is None:
                    continue
                st = self.state[p]
                w, grad = _neuron_view(p), _neuron_view(p.grad)
                if not st:
                    st["v"] = torch.zeros(w.shape[0], 1)
                    st["t"] = 0
                    st["scale"] = w.norm(dim=1, keepdim=True).clamp_min(0.01).mean() if p.dim() > 1 else 0.01
                st["t"] += 1
                st["v"].mul_(g["beta"]).add_((1 - g["beta"]) * grad.pow(2).sum(1, keepdim=True))
                v = st["v"] / (1 - g["beta"] ** st["t"])
                w.sub_(g["lr"] * st["scale"] * grad / v.sqrt().clamp_min(1e-12))
                if p.dim() > 1:
                    w.sub_(w.mean(1, keepdim=True))
                    w.mul_(st["scale"] / w.norm(dim=1, keepdim=True).clamp_min(1e-12))


class SM3(torch.optim.Optimizer):
    """SM3-II (Anil et al. 2019) with momentum: for a matrix the accumulator is kept as row and column maxima; the
    step lr x m, m = momentum x m + g / sqrt(nu), nu = min(row, col) + g^2 (a vector's nu is exact)."""

    def __init__(self, params: Any, lr: float = 0.1, momentum: float = 0.9, eps: float = 1e-30) -> None:
        super().__init__(params, dict(lr=lr, momentum=momentum, eps=eps))

    @torch.no_grad()
    def step(self) -> None:
        for g in self.param_groups:
            for p in g["params"]:
                if p.grad is None:
                    continue
                st = self.state[p]
                grad = _neuron_view(p.grad)
                if not st:
                    st["row"] = torch.zeros(grad.shape[0], 1)
                    st["col"] = torch.zeros(1, grad.shape[1])
                    st["m"] = torch.zeros_like(grad)
                nu = torch.minimum(st["row"], st["col"]) + grad * grad
                st["row"] = nu.max(1, keepdim=True).values
                st["col"] = nu.max(0, keepdim=True).values
                st["m"].mul_(g["momentum"]).add_(grad / (nu.sqrt() + g["eps"]))
                _neuron_view(p).sub_(g["lr"] * st["m"])


def torch_optimizer(fam: Any, params: Any) -> torch.optim.Optimizer:
    params = list(params)
    lr, wd = fam.lr, fam.weight_decay
    if fam.optimizer == "adam":
        return torch.optim.Adam(params, lr=lr)
    if fam.optimizer == "adamw":
        return torch.optim.AdamW(params, lr=lr, weight_decay=wd)
    if fam.optimizer == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=0.9, weight_decay=wd)
    if fam.optimizer == "nero":
        return Nero(params, lr=lr)
    if fam.optimizer == "sm3":
        return SM3(params, lr=lr)
    raise ValueError(fam.optimizer)
