"""Models, losses and optimisers of the twenty-second-generation families (PyTorch), none used by v1-v21.

- **FNet** (Lee-Thorp et al. 2022): the curve cut into 20 patches of 8 bins, each embedded with a learned position;
  two encoder blocks whose token mixing is the real part of a 2-D Fourier transform over tokens and features (no
  attention, no parameters), each sub-layer residual and post-LayerNormed; the mean token at the head.
- **AstroNet** (Shallue & Vanderburg 2018): two 1-D convolution columns, one over the global view (two blocks of two
  convolutions and a max-pool) and one over the local view (one block), flattened, concatenated, two fully connected
  ReLU layers and the head.
- **the Welsch loss** (Leclerc / Welsch, a redescending robust loss): c^2 / 2 (1 - exp(-(r / c)^2)), c = 1 on the
  standardised target.
- cross-entropy, also against soft targets (the fault: the citizen-science volunteers' vote fractions as targets).
- hand-written **Adam-mini** (Zhang et al. 2024: Adam's first moment per weight, one second moment per block, the
  mean of the block's squared gradients; a block is an output row of a matrix or kernel, or a whole vector; the
  faults: **the statistic summed** and **the mean gradient squared**) and **Grokfast-EMA** (Lee et al. 2024: the
  gradient plus lamb times its exponential moving average, alpha 0.98, lamb 2, before AdamW's step; the fault: **the
  EMA subtracted**); Adam, AdamW, SGD momentum.
"""
from __future__ import annotations

from typing import Any

import torch
from torch import nn

from data_v22 import GLOBAL_BINS, Data22

PATCH = 8


class FNetBlock(nn.Module):
    def __init__(self, width: int, dropout: float) -> None:
        super().__init__()
        self.norm1, self.norm2 = nn.LayerNorm(width), nn.LayerNorm(width)
        self.ff = nn.Sequential(nn.Linear(width, 2 * width), nn.GELU(), nn.Linear(2 * width, width),
                                nn.Dropout(dropout))

    def forward(self, x: torch.Tensor) -> torch.Tensor:   # (n, T, d)
        x = self.norm1(x + torch.fft.fft2(x.float(), dim=(-2, -1)).real)
        return self.norm2(x + self.ff(x))


class FNet(nn.Module):
    def __init__(self, channels: int, length: int, width: int, n_out: int, dropout: float) -> None:
        super().__init__()
        self.tokens = length // PATCH
        self.embed = nn.Linear(channels * PATCH, width)
        self.pos = nn.Parameter(torch.zeros(self.tokens, width))
        nn.init.normal_(self.pos, std=0.02)
        self.blocks = nn.Sequential(FNetBlock(width, dropout), FNetBlock(width, dropout))
        self.drop = nn.Dropout(dropout)
        self.head = nn.Linear(width, n_out)

    def forward(self, x: torch.Tensor) -> torch.Tensor:   # (n, C, L)
        n, c, _ = x.shape
        p = x.reshape(n, c, self.tokens, PATCH).permute(0, 2, 1, 3).reshape(n, self.tokens, c * PATCH)
        h = self.blocks(self.embed(p) + self.pos)
        return self.head(self.drop(h.mean(1)))


def _column(c_in: int, c_out: int, blocks: int, pool: int) -> nn.Sequential:
    layers: list[nn.Module] = []
    for b in range(blocks):
        ch = c_out * 2 ** b
        layers += [nn.Conv1d(c_in, ch, 5, padding=2), nn.ReLU(), nn.Conv1d(ch, ch, 5, padding=2), nn.ReLU(),
                   nn.MaxPool1d(pool, 2)]
        c_in = ch
    return nn.Sequential(*layers)


class AstroNet(nn.Module):
    def __init__(self, channels: int, width: int, n_out: int, dropout: float) -> None:
        super().__init__()
        half = width // 2
        self.global_col = _column(channels, half, 2, 5)   # 128 -> 62 -> 29, half -> width channels
        self.local_col = _column(channels, half, 1, 7)    # 32 -> 13
        flat = width * 29 + half * 13
        self.fc = nn.Sequential(nn.Linear(flat, 2 * width), nn.ReLU(), nn.Linear(2 * width, 2 * width), nn.ReLU(),
                                nn.Dropout(dropout))
        self.head = nn.Linear(2 * width, n_out)

    def forward(self, x: torch.Tensor) -> torch.Tensor:   # (n, C, L)
        g = self.global_col(x[..., :GLOBAL_BINS]).flatten(1)
        loc = self.local_col(x[..., GLOBAL_BINS:]).flatten(1)
        return self.head(self.fc(torch.cat([g, loc], 1)))


def torch_model(fam: Any, data: Data22) -> nn.Module:
    n_out = data.n_classes if data.n_classes > 1 else 1
    channels, length = data.x_train.shape[1:]
    if fam.model == "fnet":
        model: nn.Module = FNet(channels, length, fam.width, n_out, fam.dropout)
    elif fam.model == "astronet":
        model = AstroNet(channels, fam.width, n_out, fam.dropout)
    else:
        raise ValueError(fam.model)
    if fam.trunc_normal_init:  # the fault: `trunc_normal_(m.weight)` without std= (its default is 1.0, meant 0.02)
        for mod in model.modules():
            if isinstance(mod, (nn.Linear, nn.Conv1d)):
                nn.init.trunc_normal_(mod.weight)
    return model


# ---- losses -------------------------------------------------------------------------------------------------------


def welsch(pred: torch.Tensor, y: torch.Tensor, c: float = 1.0) -> torch.Tensor:
    """Per-sample Welsch loss c^2 / 2 (1 - exp(-(r / c)^2)): quadratic near 0, bounded for outliers."""
    r = pred.reshape(-1) - y
    return 0.5 * c * c * (1 - torch.exp(-(r / c) ** 2))


def task_loss(fam: Any, data: Data22, model: nn.Module, x: torch.Tensor, y: torch.Tensor,
              soft: torch.Tensor | None = None) -> tuple[torch.Tensor, Any]:
    """(loss, logits for the accuracy against the dispositions, or None). `soft`: targets as class fractions."""
    out = model(x).float()
    if data.task == "radius":
        return welsch(out, y).mean(), None
    if soft is not None:  # the fault: cross-entropy against the volunteers' vote fractions
        return -(soft * torch.log_softmax(out, 1)).sum(1).mean(), out
    return nn.functional.cross_entropy(out, y), out


def hits(data: Data22, out: Any, y: Any) -> tuple[float, int] | None:
    if data.n_classes < 2 or out is None:
        return None
    return float((out.argmax(1) == y).sum()), len(y)


# ---- optimisers ---------------------------------------------------------------------------------------------------


def block_stat(g: torch.Tensor, stat: str = "mean_sq") -> torch.Tensor:
    """Adam-mini's per-block second-moment statistic: one value per output row (matrices, kernels) or per vector.
    `mean_sq` the paper's mean(g^2); the faults: `sum_sq` sum(g^2), `sq_mean` mean(g)^2."""
    rows = g.reshape(len(g), -1) if g.dim() > 1 else g.reshape(1, -1)
    if stat == "sum_sq":
        s = (rows * rows).sum(1)
    elif stat == "sq_mean":
        s = rows.mean(1) ** 2
    else:
        s = (rows * rows).mean(1)
    return s.reshape((-1,) + (1,) * (g.dim() - 1)) if g.dim() > 1 else s.reshape(())


class AdamMini(torch.optim.Optimizer):
    """Adam-mini (Zhang et al. 2024): m = b1 m + (1 - b1) g per weight; v = b2 v + (1 - b2) stat(g) per block; the
    step lr m / (1 - b1^t) / (sqrt(v / (1 - b2^t)) + eps), decoupled weight decay. `stat`: see block_stat."""

    def __init__(self, params: Any, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0.0, stat: str = "mean_sq") -> None:
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, stat=stat))

    @torch.no_grad()
    def step(self) -> None:
        for g in self.param_groups:
            b1, b2 = g["betas"]
            for p in g["params"]:
                if p.grad is None:
                    continue
                st = self.state[p]
                if not st:
                    st["t"], st["m"] = 0, torch.zeros_like(p)
                    st["v"] = torch.zeros_like(block_stat(p.grad, g["stat"]))
                st["t"] += 1
                st["m"].mul_(b1).add_((1 - b1) * p.grad)
                st["v"].mul_(b2).add_((1 - b2) * block_stat(p.grad, g["stat"]))
                denom = (st["v"] / (1 - b2 ** st["t"])).sqrt() + g["eps"]
                if g["weight_decay"]:
                    p.mul_(1 - g["lr"] * g["weight_decay"])
                p.sub_(g["lr"] * st["m"] / (1 - b1 ** st["t"]) / denom)


class GrokfastAdamW(torch.optim.AdamW):
    """Grokfast-EMA (Lee et al. 2024) before AdamW: ema = alpha ema + (1 - alpha) g; g <- g + lamb ema. `flip`: the
    fault, g <- g - lamb ema (the slow gradient subtracted instead of amplified)."""

    def __init__(self, params: Any, lr: float = 1e-3, weight_decay: float = 0.0, alpha: float = 0.98,
                 lamb: float = 2.0, flip: bool = False) -> None:
        super().__init__(params, lr=lr, weight_decay=weight_decay)
        self.alpha, self.lamb, self.flip = alpha, lamb, flip
        self.ema: dict[int, torch.Tensor] = {}

    @torch.no_grad()
    def step(self, closure: Any = None) -> Any:
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                e = self.ema.get(id(p))
                e = p.grad.clone() if e is None else e.mul_(self.alpha).add_((1 - self.alpha) * p.grad)
                self.ema[id(p)] = e
                p.grad.add_(e, alpha=-self.lamb if self.flip else self.lamb)
        return super().step(closure)


def torch_optimizer(fam: Any, params: Any) -> torch.optim.Optimizer:
    params = list(params)
    lr, wd = fam.lr, fam.weight_decay
    if fam.optimizer == "adam":
        return torch.optim.Adam(params, lr=lr)
    if fam.optimizer == "adamw":
        return torch.optim.AdamW(params, lr=lr, weight_decay=wd)
    if fam.optimizer == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=0.9, weight_decay=wd)
    if fam.optimizer == "adam_mini":
        return AdamMini(params, lr=lr, eps=fam.eps, weight_decay=wd, stat=fam.mini_stat)
    if fam.optimizer == "grokfast":
        return GrokfastAdamW(params, lr=lr, weight_decay=wd, flip=fam.grok_flip)
    raise ValueError(fam.optimizer)
