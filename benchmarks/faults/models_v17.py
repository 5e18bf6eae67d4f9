"""Models, losses and optimisers of the seventeenth-generation families (PyTorch), none used by v1-v16.

- **Res2Net-1D** (Gao et al.'s Res2Net block on sequences): a stem convolution, blocks whose 1x1 convolution's
  output is split into 4 groups, each group after the first convolved (kernel 3) after adding the previous group's
  output (hierarchical multi-scale receptive fields), concatenated and fused by a 1x1 convolution, BatchNorm after
  each convolution, a residual connection, global average pooling.
- **SincNet** (Ravanelli & Bengio): a first layer of learnable band-pass filters, each the difference of two sinc
  low-pass filters (only the low cut-off and the band width are learnt) with a Hamming window, then max pooling,
  LeakyReLU and two ordinary convolutions; no normalisation layer.
- **the Cauchy (Lorentzian) loss** log(1 + (r / c)^2), c = 0.1: the patrol report's heavy-tailed errors.
- **cross-entropy against soft targets** (the fault: the relay's fault-type probabilities as targets).
- hand-written **QHM** (Ma & Yarats: quasi-hyperbolic momentum, the step lr x ((1 - nu) g + nu buf) with the
  normalised buffer buf = beta buf + (1 - beta) g; the fault: PyTorch SGD's unnormalised buffer), **Fromage**
  (Bernstein et al.: each layer moves lr ||W|| / ||g|| x g, then is divided by sqrt(1 + lr^2)), **Tiger** (Su:
  the sign of an exponential moving average of the gradient, lr x sign(m)); Adam, AdamW, SGD with momentum.
"""
from __future__ import annotations

import math
from typing import Any

import torch
from torch import nn

from data_v17 import Data17


class Res2Block(nn.Module):
    def __init__(self, c: int, scales: int = 4) -> None:
        super().__init__()
        self.scales, w = scales, c // scales
        self.inp = nn.Sequential(nn.Conv1d(c, c, 1, bias=False), nn.BatchNorm1d(c), nn.ReLU())
        self.convs = nn.ModuleList(nn.Sequential(nn.Conv1d(w, w, 3, padding=1, bias=False), nn.BatchNorm1d(w),
                                                 nn.ReLU()) for _ in range(scales - 1))
        self.out = nn.Sequential(nn.Conv1d(c, c, 1, bias=False), nn.BatchNorm1d(c))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        parts = self.inp(x).chunk(self.scales, 1)
        ys, prev = [parts[0]], None
        for conv, p in zip(self.convs, parts[1:]):
            prev = conv(p if prev is None else p + prev)
            ys.append(prev)
        return torch.relu(x + self.out(torch.cat(ys, 1)))


class Res2Net1D(nn.Module):
    def __init__(self, c_in: int, width: int, n_out: int, dropout: float, blocks: int = 2) -> None:
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv1d(c_in, width, 7, padding=3, bias=False), nn.BatchNorm1d(width), nn.ReLU(),
            *[Res2Block(width) for _ in range(blocks)], nn.AdaptiveAvgPool1d(1), nn.Flatten(), nn.Dropout(dropout))
        self.head = nn.Linear(width, n_out)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.body(x))


class SincConv(nn.Module):
    """Band-pass filters g[n] = 2 f2 sinc(2 pi f2 n) - 2 f1 sinc(2 pi f1 n), Hamming-windowed, per input channel;
    the low cut-offs f1 and band widths (cycles per sample) are the only parameters."""

    def __init__(self, c_in: int, filters: int, kernel: int = 15) -> None:
        super().__init__()
        self.c_in, self.kernel = c_in, kernel
        low = torch.logspace(math.log10(0.003), math.log10(0.2), filters)  # dense at low frequencies, as the
        self.low = nn.Parameter(low.repeat(c_in))                            # paper's mel-scale initialisation
        self.band = nn.Parameter((0.6 * low + 0.01).repeat(c_in))
        n = torch.arange(kernel) - (kernel - 1) / 2
        self.register_buffer("n", n)
        self.register_buffer("window", torch.hamming_window(kernel, periodic=False))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        f1 = self.low.abs() + 0.002
        f2 = (f1 + self.band.abs() + 0.002).clamp(max=0.5)

        def lowpass(f: torch.Tensor) -> torch.Tensor:
            return 2 * f[:, None] * torch.special.sinc(2 * f[:, None] * self.n[None])

        g = (lowpass(f2) - lowpass(f1)) * self.window
        return nn.functional.conv1d(x, g[:, None], padding=self.kernel // 2, groups=self.c_in)


class SincNet(nn.Module):
    def __init__(self, c_in: int, width: int, n_out: int, dropout: float) -> None:
        super().__init__()
        self.body = nn.Sequential(
            SincConv(c_in, 8), nn.MaxPool1d(2), nn.LeakyReLU(0.2),
            nn.Conv1d(8 * c_in, width, 5, padding=2), nn.MaxPool1d(2), nn.LeakyReLU(0.2),
            nn.Conv1d(width, width, 5, padding=2), nn.LeakyReLU(0.2),
            nn.AdaptiveAvgPool1d(1), nn.Flatten(), nn.Dropout(dropout))
        self.head = nn.Linear(width, n_out)
        for m in self.body.modules():  # He initialisation for LeakyReLU(0.2): no normalisation to rescue a scale
            if isinstance(m, nn.Conv1d):
                nn.init.kaiming_normal_(m.weight, a=0.2)
                nn.init.zeros_(m.bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.body(x))


def torch_model(fam: Any, data: Data17) -> nn.Module:
    c_in = data.x_train.shape[1]
    n_out = data.n_classes if data.n_classes > 1 else 1
    if fam.model == "res2net":
        model: nn.Module = Res2Net1D(c_in, fam.width, n_out, fam.dropout)
    elif fam.model == "sincnet":
        model = SincNet(c_in, fam.width, n_out, fam.dropout)
    else:
        raise ValueError(fam.model)
    if fam.zero_head:
        nn.init.zeros_(model.head.weight)
        nn.init.zeros_(model.head.bias)
    return model


# ---- losses -------------------------------------------------------------------------------------------------------

CAUCHY_C = 0.1


def cauchy_loss(out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Mean Cauchy (Lorentzian) loss log(1 + (r / c)^2)."""
    return torch.log1p(((out[:, 0] - y) / CAUCHY_C) ** 2).mean()


def task_loss(fam: Any, data: Data17, model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, Any]:
    """(loss, logits for the accuracy or None). Soft targets (2-D y): cross-entropy against the distribution."""
    out = model(x).float()
    if data.task == "distance":
        return cauchy_loss(out, y), None
    return nn.functional.cross_entropy(out, y), out


def hits(data: Data17, out: Any, y: Any) -> tuple[float, int] | None:
    """Right argmaxes (against the soft target's argmax where the targets are distributions) and the count."""
    if data.n_classes < 2 or out is None:
        return None
    truth = y.argmax(1) if y.dim() == 2 else y
    return float((out.argmax(1) == truth).sum()), len(y)


# ---- optimisers ---------------------------------------------------------------------------------------------------


class QHM(torch.optim.Optimizer):
    """Quasi-hyperbolic momentum (Ma & Yarats 2019): p -= lr ((1 - nu) g + nu buf), buf = beta buf + (1 - beta) g.
    `unnormalised` (the fault): PyTorch SGD's buffer buf = beta buf + g, up to 1 / (1 - beta) times larger."""

    def __init__(self, params: Any, lr: float = 1.0, nu: float = 0.7, beta: float = 0.999,
                 weight_decay: float = 0.0, unnormalised: bool = False) -> None:
        super().__init__(params, dict(lr=lr, nu=nu, beta=beta, weight_decay=weight_decay, unnormalised=unnormalised))

    @torch.no_grad()
    def step(self) -> None:
        for g in self.param_groups:
            for p in g["params"]:
                if p.grad is None:
                    continue
                grad = p.grad + g["weight_decay"] * p if g["weight_decay"] else p.grad
                st = self.state[p]
                if not st:
                    st["buf"] = torch.zeros_like(p)
                st["buf"].mul_(g["beta"]).add_(grad, alpha=1.0 if g["unnormalised"] else 1 - g["beta"])
                p.sub_(g["lr"] * ((1 - g["nu"]) * grad + g["nu"] * st["buf"]))


class Fromage(torch.optim.Optimizer):
    """Fromage (Bernstein et al. 2020): a per-layer relative step p -= lr ||p|| / ||g|| g, then p /= sqrt(1 + lr^2)
    (biases and other zero-norm tensors take a plain lr x g step)."""

    def __init__(self, params: Any, lr: float = 0.01) -> None:
        super().__init__(params, dict(lr=lr))

    @torch.no_grad()
    def step(self) -> None:
        for g in self.param_groups:
            lr = g["lr"]
            for p in g["params"]:
                if p.grad is None:
                    continue
                pn, gn = float(p.norm()), float(p.grad.norm())
                if pn > 0 and gn > 0:
                    p.sub_(p.grad, alpha=lr * pn / gn).div_(math.sqrt(1 + lr ** 2))
                else:
                    p.sub_(p.grad, alpha=lr)


class Tiger(torch.optim.Optimizer):
    """Tiger (Su 2023): p -= lr (sign(m) + wd p), m = beta m + (1 - beta) g."""

    def __init__(self, params: Any, lr: float = 1e-3, beta: float = 0.945, weight_decay: float = 0.0) -> None:
        super().__init__(params, dict(lr=lr, beta=beta, weight_decay=weight_decay))

    @torch.no_grad()
    def step(self) -> None:
        for g in self.param_groups:
            for p in g["params"]:
                if p.grad is None:
                    continue
                st = self.state[p]
                if not st:
                    st["m"] = torch.zeros_like(p)
                st["m"].mul_(g["beta"]).add_(p.grad, alpha=1 - g["beta"])
                p.sub_(g["lr"] * (st["m"].sign() + g["weight_decay"] * p))


def torch_optimizer(fam: Any, model: nn.Module, n_train: int) -> torch.optim.Optimizer:
    params = list(model.parameters())
    lr, wd = fam.lr, fam.weight_decay
    if fam.wd_per_sample:  # the fault: an L2 coefficient defined per sample (summed loss) scaled to AdamW's decay
        wd *= n_train
    if fam.optimizer == "adam":
        return torch.optim.Adam(params, lr=lr)
    if fam.optimizer == "adamw":
        return torch.optim.AdamW(params, lr=lr, weight_decay=wd)
    if fam.optimizer == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=0.9, weight_decay=wd)
    if fam.optimizer == "qhm":
        return QHM(params, lr=lr, nu=0.7, beta=fam.qhm_beta, weight_decay=wd, unnormalised=fam.qhm_unnormalised)
    if fam.optimizer == "fromage":
        return Fromage(params, lr=lr)
    if fam.optimizer == "tiger":
        return Tiger(params, lr=lr, weight_decay=wd)
    raise ValueError(fam.optimizer)
