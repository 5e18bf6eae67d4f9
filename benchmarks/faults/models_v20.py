"""Models, losses and optimisers of the twentieth-generation families (PyTorch), none used by v1-v19.

- **L-TAE** (Garnot & Landrieu 2020, the lightweight temporal attention encoder of satellite time series): each
  date's bands embedded by a linear layer and LayerNorm, a sinusoidal encoding of the day of year added; per head a
  single learned *master query* scores the dates through that head's keys, and the head's softmax weights pool only
  its own group of embedding channels; the heads' outputs concatenated, an MLP, a linear head.
- **IndRNN** (Li et al. 2018, independently recurrent): h_t = ReLU(W x_t + u * h_t-1 + b), the recurrent weight u
  one number per unit (kept in [-1, 1]), two layers with BatchNorm between them; the last state and the mean of the
  states feed the head.
- **the LINEX loss** (Varian 1975; (exp(a r) - a r - 1) / a^2 with r = prediction - target, a 0.5: over-predicting a
  yield costs more than under-predicting it).
- cross-entropy (the faults: the hard-label term written like distillation's soft one, T^2 CE(logits / T, y); an
  auxiliary head's loss in the logged training loss).
- hand-written **Adai** (Xie et al. 2022, adaptive inertia: each parameter's momentum coefficient
  beta1 = 1 - beta0 v_hat / mean(v_hat), so a parameter in a sharp direction gets less inertia) and **SWATS**
  (Keskar & Socher 2017: Adam until the projected SGD learning rate, p.p / -p.g of Adam's step p, settles, then SGD
  momentum at that rate; the fault: **the SGD phase's `(1 - beta1)` dropped**); Adam, AdamW, SGD momentum.
"""
from __future__ import annotations

import math
from typing import Any

import torch
from torch import nn

from data_v20 import DOY, Data20


def doy_encoding(d: int) -> torch.Tensor:
    """(DATES, d) sinusoidal encoding of the acquisition days (period up to 1000 days)."""
    t = torch.tensor(DOY, dtype=torch.float32)[:, None]
    freq = torch.exp(-math.log(1000.0) * torch.arange(0, d, 2, dtype=torch.float32) / d)
    enc = torch.zeros(len(DOY), d)
    enc[:, 0::2], enc[:, 1::2] = torch.sin(t * freq), torch.cos(t * freq)
    return enc


class LTAE(nn.Module):
    def __init__(self, bands: int, width: int, n_out: int, dropout: float, heads: int = 4, dk: int = 8,
                 aux: bool = False) -> None:
        super().__init__()
        self.embed = nn.Linear(bands, width)
        self.norm = nn.LayerNorm(width)
        self.register_buffer("pos", doy_encoding(width))
        self.heads, self.dk = heads, dk
        self.keys = nn.Linear(width, heads * dk)
        self.query = nn.Parameter(torch.randn(heads, dk) * dk ** -0.5)   # the master queries
        self.mlp = nn.Sequential(nn.Linear(width, width), nn.LayerNorm(width), nn.ReLU(), nn.Dropout(dropout))
        self.head = nn.Linear(width, n_out)
        self.aux = nn.Linear(width, n_out) if aux else None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        e = self.norm(self.embed(x.transpose(1, 2))) + self.pos          # (n, T, d)
        k = self.keys(e).view(len(e), e.shape[1], self.heads, self.dk)   # (n, T, H, dk)
        a = torch.softmax((k * self.query).sum(-1) / self.dk ** 0.5, 1)   # (n, T, H)
        groups = e.view(len(e), e.shape[1], self.heads, -1)               # each head pools its channel group
        pooled = (a[..., None] * groups).sum(1).reshape(len(e), -1)       # (n, d)
        self.pooled = pooled
        return self.head(self.mlp(pooled))


class IndRNNLayer(nn.Module):
    def __init__(self, c_in: int, c: int) -> None:
        super().__init__()
        self.inp = nn.Linear(c_in, c)
        self.u = nn.Parameter(torch.empty(c).uniform_(0, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:   # (n, T, c_in) -> (n, T, c)
        u = self.u.clamp(-1, 1)
        w = self.inp(x)
        h = torch.zeros_like(w[:, 0])
        hs = []
        for t in range(w.shape[1]):
            h = torch.relu(w[:, t] + u * h)
            hs.append(h)
        return torch.stack(hs, 1)


class IndRNN(nn.Module):
    def __init__(self, bands: int, width: int, n_out: int, dropout: float, aux: bool = False) -> None:
        super().__init__()
        self.l1, self.l2 = IndRNNLayer(bands, width), IndRNNLayer(width, width)
        self.bn = nn.BatchNorm1d(width)
        self.drop = nn.Dropout(dropout)
        self.head = nn.Linear(2 * width, n_out)
        self.aux = nn.Linear(width, n_out) if aux else None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h1 = self.l1(x.transpose(1, 2))
        h = self.l2(self.bn(h1.transpose(1, 2)).transpose(1, 2))
        self.pooled = h1.mean(1)
        return self.head(self.drop(torch.cat([h[:, -1], h.mean(1)], 1)))


def torch_model(fam: Any, data: Data20) -> nn.Module:
    n_out = data.n_classes if data.n_classes > 1 else 1
    bands = data.x_train.shape[1]
    aux = fam.aux_weight > 0
    if fam.model == "ltae":
        model: nn.Module = LTAE(bands, fam.width, n_out, fam.dropout, aux=aux)
    elif fam.model == "indrnn":
        model = IndRNN(bands, fam.width, n_out, fam.dropout, aux=aux)
    else:
        raise ValueError(fam.model)
    if fam.bias_from_counts and data.class_counts is not None:
        with torch.no_grad():  # the fault: the head's bias set to the class counts (meant log class priors)
            model.head.bias.copy_(torch.tensor(data.class_counts, dtype=torch.float32))
    return model


# ---- losses -------------------------------------------------------------------------------------------------------


def linex_loss(pred: torch.Tensor, y: torch.Tensor, a: float = 0.5) -> torch.Tensor:
    """LINEX: (exp(a r) - a r - 1) / a^2, r = pred - y; over-prediction costs exponentially, under-prediction
    linearly."""
    r = pred.reshape(-1) - y
    return ((torch.exp(a * r) - a * r - 1) / (a * a)).mean()


def task_loss(fam: Any, data: Data20, model: nn.Module, x: torch.Tensor,
              y: torch.Tensor) -> tuple[torch.Tensor, Any]:
    """(loss, logits for the accuracy or None)."""
    out = model(x).float()
    if data.task == "yield":
        return linex_loss(out, y), None
    if fam.temperature != 1.0:  # the fault: the hard-label term written like the soft one, T^2 CE(logits / T, y)
        return fam.temperature ** 2 * nn.functional.cross_entropy(out / fam.temperature, y), out
    return nn.functional.cross_entropy(out, y), out


def aux_loss(fam: Any, model: nn.Module, y: torch.Tensor) -> torch.Tensor:
    """The deep-supervision head's cross-entropy on the first stage's pooled features."""
    return nn.functional.cross_entropy(model.aux(model.pooled), y)


def hits(data: Data20, out: Any, y: Any) -> tuple[float, int] | None:
    if data.n_classes < 2 or out is None:
        return None
    return float((out.argmax(1) == y).sum()), len(y)


# ---- optimisers ---------------------------------------------------------------------------------------------------


class Adai(torch.optim.Optimizer):
    """Adai (Xie et al. 2022): v = b2 v + (1 - b2) g^2, v_hat = v / (1 - b2^t); per parameter
    beta1 = clip(1 - beta0 v_hat / mean(v_hat over every parameter), 0, 1 - eps); m = beta1 m + (1 - beta1) g,
    m_hat = m / (1 - prod(beta1)); p -= lr m_hat (lr is SGD-sized)."""

    def __init__(self, params: Any, lr: float = 1.0, beta0: float = 0.1, beta2: float = 0.99, eps: float = 1e-3,
                 weight_decay: float = 0.0) -> None:
        super().__init__(params, dict(lr=lr, beta0=beta0, beta2=beta2, eps=eps, weight_decay=weight_decay))

    @torch.no_grad()
    def step(self) -> None:
        total, count = 0.0, 0
        for g in self.param_groups:
            for p in g["params"]:
                if p.grad is None:
                    continue
                st = self.state[p]
                if not st:
                    st["t"], st["v"], st["m"] = 0, torch.zeros_like(p), torch.zeros_like(p)
                    st["prod"] = torch.ones_like(p)
                st["t"] += 1
                st["v"].mul_(g["beta2"]).add_((1 - g["beta2"]) * p.grad * p.grad)
                total += float((st["v"] / (1 - g["beta2"] ** st["t"])).sum())
                count += p.numel()
        mean = total / max(count, 1)
        for g in self.param_groups:
            for p in g["params"]:
                if p.grad is None:
                    continue
                st = self.state[p]
                grad = p.grad + g["weight_decay"] * p if g["weight_decay"] else p.grad
                v_hat = st["v"] / (1 - g["beta2"] ** st["t"])
                beta1 = (1 - g["beta0"] * v_hat / max(mean, 1e-30)).clamp(0, 1 - g["eps"])
                st["m"].mul_(beta1).add_((1 - beta1) * grad)
                st["prod"].mul_(beta1)
                p.sub_(g["lr"] * st["m"] / (1 - st["prod"]))


class SWATS(torch.optim.Optimizer):
    """SWATS (Keskar & Socher 2017), per parameter group: Adam's step p = -lr m_hat / (sqrt(v_hat) + eps); where
    p.g < 0 the projected SGD rate gamma = p.p / -p.g and its average lam = b2 lam + (1 - b2) gamma; once
    |lam / (1 - b2^t) - gamma| < switch_eps it switches to SGD: buf = b1 buf + g, w -= (1 - b1) lam_hat buf
    (`drop_one_minus_beta1`: the fault, w -= lam_hat buf)."""

    def __init__(self, params: Any, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 switch_eps: float = 1e-5, drop_one_minus_beta1: bool = False) -> None:
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, switch_eps=switch_eps,
                                      drop=drop_one_minus_beta1, phase="adam", sgd_lr=0.0, lam=0.0, t=0))

    @torch.no_grad()
    def step(self) -> None:
        for g in self.param_groups:
            b1, b2 = g["betas"]
            g["t"] += 1
            ps = [p for p in g["params"] if p.grad is not None]
            if g["phase"] == "sgd":
                for p in ps:
                    buf = self.state[p].setdefault("buf", torch.zeros_like(p))
                    buf.mul_(b1).add_(p.grad)
                    p.sub_((1.0 if g["drop"] else 1 - b1) * g["sgd_lr"] * buf)
                continue
            pg, pp = 0.0, 0.0
            for p in ps:
                st = self.state[p]
                if "m" not in st:
                    st["m"], st["v"] = torch.zeros_like(p), torch.zeros_like(p)
                st["m"].mul_(b1).add_((1 - b1) * p.grad)
                st["v"].mul_(b2).add_((1 - b2) * p.grad * p.grad)
                step = -g["lr"] * (st["m"] / (1 - b1 ** g["t"])) / ((st["v"] / (1 - b2 ** g["t"])).sqrt() + g["eps"])
                p.add_(step)
                pg += float((step * p.grad).sum())
                pp += float((step * step).sum())
            if pg < 0:
                gamma = pp / -pg
                g["lam"] = b2 * g["lam"] + (1 - b2) * gamma
                lam_hat = g["lam"] / (1 - b2 ** g["t"])
                if g["t"] > 1 and abs(lam_hat - gamma) < g["switch_eps"]:
                    g["phase"], g["sgd_lr"] = "sgd", lam_hat


def torch_optimizer(fam: Any, params: Any, lr: float | None = None) -> torch.optim.Optimizer:
    params = list(params)
    if lr is None:  # the fault where set: the linear scaling rule fed pixels per batch, not parcels
        lr = fam.lr * (fam.pixel_scaling or 1)
    wd = fam.weight_decay
    if fam.optimizer == "adam":
        return torch.optim.Adam(params, lr=lr)
    if fam.optimizer == "adamw":
        return torch.optim.AdamW(params, lr=lr, weight_decay=wd)
    if fam.optimizer == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=0.9, weight_decay=wd)
    if fam.optimizer == "adai":
        return Adai(params, lr=lr, weight_decay=wd)
    if fam.optimizer == "swats":
        return SWATS(params, lr=lr, switch_eps=fam.switch_eps, drop_one_minus_beta1=fam.swats_drop_beta)
    raise ValueError(fam.optimizer)
