"""Models, losses and optimisers of the twenty-third-generation families (PyTorch), none used by v1-v22.

- **EdgeConv** (a small ParticleNet / dynamic graph CNN, Qu & Gouskos 2020): each constituent's k = 8 nearest
  neighbours in (delta eta, delta phi), an edge MLP on (x_i, x_j - x_i) averaged over the neighbours, two such layers
  (the second with neighbours recomputed in feature space), a residual shortcut, a masked mean over the
  constituents and an MLP head.
- **Performer** (Choromanski et al. 2021): a per-constituent embedding, two encoder blocks whose attention is FAVOR+
  (positive orthogonal random features, exp(w x - |x|^2 / 2), 16 a head, 2 heads; linear in the constituents, the
  empty slots' keys zeroed), pre-LayerNorm, a feed-forward sub-layer; a masked mean at the head.
- **the Fair loss** (Fair 1974, a robust M-estimator): c^2 (|r| / c - ln(1 + |r| / c)), c = 1 on the standardised
  target: quadratic near 0, linear in the tails.
- cross-entropy, with the logits divided by a temperature where a family sets one (the fault).
- hand-written **Adam-atan2** (Everett et al. 2024: Adam's moments, the step a atan2(m_hat, b sqrt(v_hat)) with
  a = b = 1: no epsilon; the fault: **sqrt(v_hat) dropped**, every step a sign step) and **AdaGrad-Norm** (Ward, Wu &
  Bottou 2019: one scalar b_t^2 = b_(t-1)^2 + ||g_t||^2 over all weights, the step eta g_t / b_t; the fault: **the
  accumulator summed into a local copy and never written back**, so every step is eta / b_0); Adam, AdamW, SGD
  momentum.
"""
from __future__ import annotations

import math
from typing import Any

import torch
from torch import nn

from data_v23 import Data23

K_NEIGHBOURS = 8


def _knn(points: torch.Tensor, mask: torch.Tensor, k: int) -> torch.Tensor:
    """(n, N, k) indices of each slot's k nearest real slots (itself excluded where it can be)."""
    d = torch.cdist(points, points)
    d = d.masked_fill(~mask[:, None, :], 1e9)
    d = d + torch.eye(points.shape[1]) * 1e6
    return d.topk(min(k, points.shape[1]), dim=-1, largest=False).indices


class EdgeConvLayer(nn.Module):
    def __init__(self, c_in: int, c_out: int) -> None:
        super().__init__()
        self.mlp = nn.Sequential(nn.Linear(2 * c_in, c_out), nn.ReLU(), nn.Linear(c_out, c_out), nn.ReLU())
        self.short = nn.Linear(c_in, c_out)

    def forward(self, x: torch.Tensor, idx: torch.Tensor) -> torch.Tensor:   # x (n, N, C), idx (n, N, k)
        n, m, c = x.shape
        nb = torch.gather(x[:, None].expand(n, m, m, c), 2, idx[..., None].expand(*idx.shape, c))
        centre = x[:, :, None].expand_as(nb)
        edge = self.mlp(torch.cat([centre, nb - centre], -1)).mean(2)
        return torch.relu(edge + self.short(x))


class EdgeConv(nn.Module):
    def __init__(self, features: int, width: int, n_out: int, dropout: float) -> None:
        super().__init__()
        self.conv1, self.conv2 = EdgeConvLayer(features, width), EdgeConvLayer(width, width)
        self.head = nn.Sequential(nn.Linear(width, width), nn.ReLU(), nn.Dropout(dropout), nn.Linear(width, n_out))

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        pts = x[..., 2:4] if x.shape[-1] >= 4 else x[..., :1]
        h = self.conv1(x, _knn(pts, mask, K_NEIGHBOURS))
        h = self.conv2(h, _knn(h, mask, K_NEIGHBOURS))
        w = mask[..., None].float()
        return self.head((h * w).sum(1) / w.sum(1).clamp(min=1))


class FavorAttention(nn.Module):
    """FAVOR+ self-attention: softmax attention approximated with positive orthogonal random features."""

    def __init__(self, width: int, heads: int = 2, features: int = 16) -> None:
        super().__init__()
        self.heads, self.dh = heads, width // heads
        self.qkv, self.out = nn.Linear(width, 3 * width), nn.Linear(width, width)
        q, _ = torch.linalg.qr(torch.randn(self.dh, self.dh))
        w = torch.cat([q.T, torch.linalg.qr(torch.randn(self.dh, self.dh))[0].T])[:features]
        self.register_buffer("proj", w * math.sqrt(self.dh))

    def _phi(self, x: torch.Tensor, keys: torch.Tensor | None = None) -> torch.Tensor:
        """exp(w x - |x|^2 / 2) with a stabiliser: per query (it cancels in the normalisation), or for the keys one
        over all the real keys of a head (`keys`: the mask), so that no key is weighted apart from the others."""
        x = x / self.dh ** 0.25
        wx = x @ self.proj.T
        if keys is None:
            top = wx.amax(-1, keepdim=True)
        else:
            top = wx.masked_fill(~keys[:, None, :, None], -1e9).amax((-2, -1), keepdim=True)
        out = torch.exp(wx - (x * x).sum(-1, keepdim=True) / 2 - top.detach()) + 1e-6
        return out if keys is None else out * keys[:, None, :, None]

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        n, m, _ = x.shape
        q, k, v = self.qkv(x).reshape(n, m, 3, self.heads, self.dh).permute(2, 0, 3, 1, 4)
        qp, kp = self._phi(q), self._phi(k, mask)
        kv = kp.transpose(-2, -1) @ v                                   # (n, h, r, dh)
        norm = qp @ kp.sum(2, keepdim=True).transpose(-2, -1)          # (n, h, m, 1)
        out = (qp @ kv) / norm.clamp(min=1e-6)
        return self.out(out.transpose(1, 2).reshape(n, m, -1))


class PerformerBlock(nn.Module):
    def __init__(self, width: int, dropout: float) -> None:
        super().__init__()
        self.norm1, self.norm2 = nn.LayerNorm(width), nn.LayerNorm(width)
        self.attn = FavorAttention(width)
        self.ff = nn.Sequential(nn.Linear(width, 2 * width), nn.GELU(), nn.Linear(2 * width, width),
                                nn.Dropout(dropout))

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        x = x + self.attn(self.norm1(x), mask)
        return x + self.ff(self.norm2(x))


class Performer(nn.Module):
    def __init__(self, features: int, width: int, n_out: int, dropout: float) -> None:
        super().__init__()
        self.embed = nn.Sequential(nn.Linear(features, width), nn.GELU(), nn.Linear(width, width))
        self.blocks = nn.ModuleList([PerformerBlock(width, dropout), PerformerBlock(width, dropout)])
        self.norm = nn.LayerNorm(width)
        self.drop = nn.Dropout(dropout)
        self.head = nn.Linear(width, n_out)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        h = self.embed(x)
        for b in self.blocks:
            h = b(h, mask)
        w = mask[..., None].float()
        return self.head(self.drop(self.norm((h * w).sum(1) / w.sum(1).clamp(min=1))))


def torch_model(fam: Any, data: Data23) -> nn.Module:
    n_out = data.n_classes if data.n_classes > 1 else 1
    features = data.x_train.shape[-1]
    if fam.model == "edgeconv":
        return EdgeConv(features, fam.width, n_out, fam.dropout)
    if fam.model == "performer":
        return Performer(features, fam.width, n_out, fam.dropout)
    raise ValueError(fam.model)


# ---- losses -------------------------------------------------------------------------------------------------------


def fair(pred: torch.Tensor, y: torch.Tensor, c: float = 1.0) -> torch.Tensor:
    """Per-sample Fair loss c^2 (|r| / c - ln(1 + |r| / c)): quadratic near 0, linear for outliers."""
    a = (pred.reshape(-1) - y).abs() / c
    return c * c * (a - torch.log1p(a))


def task_loss(fam: Any, data: Data23, model: nn.Module, x: torch.Tensor, mask: torch.Tensor, y: torch.Tensor,
              y_loss: torch.Tensor | None = None, reduce: bool = True) -> tuple[torch.Tensor, Any]:
    """(loss, logits for the accuracy against the truth labels, or None). `y_loss`: the labels the loss uses where
    they differ from the truth (the loose match). `reduce=False`: per-sample losses."""
    out = model(x, mask).float()
    if data.task == "mass":
        per = fair(out, y)
        return (per.mean() if reduce else per), None
    logits = out / fam.temperature if fam.temperature != 1.0 else out  # the fault where set
    per = nn.functional.cross_entropy(logits, y if y_loss is None else y_loss, reduction="none")
    return (per.mean() if reduce else per), out


def hits(data: Data23, out: Any, y: Any) -> tuple[float, int] | None:
    if data.n_classes < 2 or out is None:
        return None
    return float((out.argmax(1) == y).sum()), len(y)


# ---- optimisers ---------------------------------------------------------------------------------------------------


class AdamAtan2(torch.optim.Optimizer):
    """Adam-atan2 (Everett et al. 2024): Adam's bias-corrected moments m_hat, v_hat; the step lr a atan2(m_hat,
    b sqrt(v_hat)) (bounded by lr a pi / 2, no epsilon), decoupled weight decay. `no_sqrt`: the fault,
    atan2(m_hat, b v_hat): |m_hat| >> v_hat for small gradients, so every step is +-lr a pi / 2, a sign step."""

    def __init__(self, params: Any, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999), a: float = 1.0,
                 b: float = 1.0, weight_decay: float = 0.0, no_sqrt: bool = False) -> None:
        super().__init__(params, dict(lr=lr, betas=betas, a=a, b=b, weight_decay=weight_decay, no_sqrt=no_sqrt))

    @torch.no_grad()
    def step(self) -> None:
        for g in self.param_groups:
            b1, b2 = g["betas"]
            for p in g["params"]:
                if p.grad is None:
                    continue
                st = self.state[p]
                if not st:
                    st["t"], st["m"], st["v"] = 0, torch.zeros_like(p), torch.zeros_like(p)
                st["t"] += 1
                st["m"].mul_(b1).add_((1 - b1) * p.grad)
                st["v"].mul_(b2).add_((1 - b2) * p.grad * p.grad)
                m_hat = st["m"] / (1 - b1 ** st["t"])
                v_hat = st["v"] / (1 - b2 ** st["t"])
                den = g["b"] * (v_hat if g["no_sqrt"] else v_hat.sqrt())
                if g["weight_decay"]:
                    p.mul_(1 - g["lr"] * g["weight_decay"])
                p.sub_(g["lr"] * g["a"] * torch.atan2(m_hat, den))


class AdaGradNorm(torch.optim.Optimizer):
    """AdaGrad-Norm (Ward, Wu & Bottou 2019): b_t^2 = b_(t-1)^2 + ||g_t||^2, one scalar over all the weights, and
    the step lr g_t / b_t. `stale`: the fault, the sum taken into a local float and never stored back, so b stays
    b_0 and the run is plain SGD at lr / b_0."""

    def __init__(self, params: Any, lr: float = 1.0, b0: float = 0.1, stale: bool = False) -> None:
        super().__init__(params, dict(lr=lr))
        self.b2, self.stale = b0 * b0, stale

    @torch.no_grad()
    def step(self) -> None:
        grads = [p.grad for g in self.param_groups for p in g["params"] if p.grad is not None]
        b2 = self.b2
        b2 += float(sum((gr * gr).sum() for gr in grads))
        if not self.stale:
            self.b2 = b2
        b = math.sqrt(self.b2)
        for g in self.param_groups:
            for p in g["params"]:
                if p.grad is not None:
                    p.sub_(g["lr"] / b * p.grad)


def torch_optimizer(fam: Any, params: Any) -> torch.optim.Optimizer:
    params = list(params)
    lr, wd = fam.lr, fam.weight_decay
    if fam.optimizer == "adam":
        return torch.optim.Adam(params, lr=lr)
    if fam.optimizer == "adamw":
        return torch.optim.AdamW(params, lr=lr, weight_decay=wd)
    if fam.optimizer == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=0.9, weight_decay=wd)
    if fam.optimizer == "atan2":
        return AdamAtan2(params, lr=lr, weight_decay=wd, no_sqrt=fam.atan2_no_sqrt)
    if fam.optimizer == "adagrad_norm":
        return AdaGradNorm(params, lr=lr, stale=fam.agn_stale)
    raise ValueError(fam.optimizer)
