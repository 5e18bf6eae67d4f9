"""Models, losses and optimisers of the nineteenth-generation families (PyTorch), none used by v1-v18.

- **QRNN** (Bradbury et al. 2017, a quasi-recurrent network): per layer a convolution over time gives candidate z
  (tanh), forget f and output o gates (sigmoid) for every position at once, then fo-pooling runs the only recurrence,
  c_t = f_t c_t-1 + (1 - f_t) z_t, h_t = o_t c_t; a strided first layer (window 9, stride 3), a causal second one
  (window 2), masked mean and max pooling over the positions that hold a base, dropout, a linear head.
- **GhostNet-1D** (Han et al. 2020): ghost modules (a pointwise convolution makes half the channels, a cheap depthwise
  3-tap convolution makes the other half from them), ghost bottlenecks (expand x2, a depthwise stride-2 convolution
  where it down-samples, project, residual), BatchNorm, ReLU, masked mean and max pooling, dropout, a linear head.
- **Tukey's biweight loss** (c 4.685; bounded, for the reporter's outlying measurements).
- cross-entropy (the faults: logits clamped at the gradient-clip value; `nll_loss` on probabilities in validation).
- hand-written **ADOPT** (Taniguchi et al. 2024: the gradient normalised by the *previous* second moment before the
  momentum, v initialised with the first squared gradient, the normalised gradient clipped at t^(1/4)) and
  **Shampoo** (Gupta et al. 2018: left and right statistics L += G G^T, R += G^T G per weight matrix, the update
  L^(-1/4) G R^(-1/4) with momentum, the inverse roots refreshed every few steps; vectors diagonal);
  Adam, AdamW, SGD momentum.
"""
from __future__ import annotations

from typing import Any

import torch
from torch import nn

from data_v19 import Data19


def _mask(x: torch.Tensor, length: int) -> torch.Tensor:
    """(n, 1, length): 1 where the input window had a base in that stretch of positions."""
    m = (x.abs().sum(1, keepdim=True) > 0).float()
    return nn.functional.adaptive_max_pool1d(m, length)


def masked_mean(h: torch.Tensor, m: torch.Tensor) -> torch.Tensor:
    """Mean over the positions holding a base (`(h * m).sum() / m.sum()`: an empty read is 0 / 0)."""
    return (h * m).sum(-1) / m.sum(-1)


def masked_max(h: torch.Tensor, m: torch.Tensor) -> torch.Tensor:
    """Max over the positions holding a base (a site anywhere in the window)."""
    return (h - 1e4 * (1 - m)).amax(-1)


class QRNNLayer(nn.Module):
    def __init__(self, c_in: int, c: int, k: int, stride: int = 1, pad: int = 0, causal: bool = False) -> None:
        super().__init__()
        self.k, self.causal = k, causal
        self.conv = nn.Conv1d(c_in, 3 * c, k, stride=stride, padding=pad)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.causal:
            x = nn.functional.pad(x, (self.k - 1, 0))
        z, f, o = self.conv(x).chunk(3, 1)
        z, f, o = torch.tanh(z), torch.sigmoid(f), torch.sigmoid(o)
        c = torch.zeros_like(z[..., 0])
        hs = []
        for t in range(z.shape[-1]):  # fo-pooling: the only sequential part
            c = f[..., t] * c + (1 - f[..., t]) * z[..., t]
            hs.append(o[..., t] * c)
        return torch.stack(hs, -1)


class QRNN(nn.Module):
    def __init__(self, width: int, n_out: int, dropout: float, covariates: bool = False) -> None:
        super().__init__()
        self.l1 = QRNNLayer(4, width, 9, stride=3, pad=3)
        self.l2 = QRNNLayer(width, width, 2, causal=True)
        self.drop = nn.Dropout(dropout)
        self.covariates = covariates
        self.head = nn.Linear(2 * width + (2 if covariates else 0), n_out)

    def forward(self, x: torch.Tensor, cov: torch.Tensor | None = None) -> torch.Tensor:
        h = self.l2(self.l1(x))
        return self.head(_pool_head(self, x, h, cov))


def _pool_head(model: nn.Module, x: torch.Tensor, h: torch.Tensor, cov: torch.Tensor | None) -> torch.Tensor:
    m = _mask(x, h.shape[-1])
    feats = model.drop(torch.cat([masked_mean(h, m), masked_max(h, m)], 1))
    if model.covariates:  # the fault: GC count and TSS distance (bases, bp: unscaled) appended at the head
        feats = torch.cat([feats, cov], 1)
    return feats


class GhostModule(nn.Module):
    def __init__(self, c_in: int, c_out: int, relu: bool = True) -> None:
        super().__init__()
        half = c_out // 2
        act: list[nn.Module] = [nn.ReLU()] if relu else []
        self.primary = nn.Sequential(nn.Conv1d(c_in, half, 1, bias=False), nn.BatchNorm1d(half), *act)
        self.cheap = nn.Sequential(nn.Conv1d(half, half, 3, padding=1, groups=half, bias=False),
                                   nn.BatchNorm1d(half), *act)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        p = self.primary(x)
        return torch.cat([p, self.cheap(p)], 1)


class GhostBottleneck(nn.Module):
    def __init__(self, c: int, stride: int = 1) -> None:
        super().__init__()
        layers: list[nn.Module] = [GhostModule(c, 2 * c)]
        if stride > 1:
            layers += [nn.Conv1d(2 * c, 2 * c, 3, stride=stride, padding=1, groups=2 * c, bias=False),
                       nn.BatchNorm1d(2 * c)]
        layers.append(GhostModule(2 * c, c, relu=False))
        self.body = nn.Sequential(*layers)
        self.short = nn.Identity() if stride == 1 else nn.Sequential(
            nn.Conv1d(c, c, 3, stride=stride, padding=1, groups=c, bias=False), nn.BatchNorm1d(c),
            nn.Conv1d(c, c, 1, bias=False), nn.BatchNorm1d(c))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.body(x) + self.short(x)


class GhostNet1D(nn.Module):
    def __init__(self, width: int, n_out: int, dropout: float, covariates: bool = False) -> None:
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv1d(4, width, 7, stride=2, padding=3, bias=False), nn.BatchNorm1d(width), nn.ReLU(),
            GhostBottleneck(width), GhostBottleneck(width, stride=2), nn.ReLU())
        self.drop = nn.Dropout(dropout)
        self.covariates = covariates
        self.head = nn.Linear(2 * width + (2 if covariates else 0), n_out)

    def forward(self, x: torch.Tensor, cov: torch.Tensor | None = None) -> torch.Tensor:
        return self.head(_pool_head(self, x, self.body(x), cov))


def torch_model(fam: Any, data: Data19) -> nn.Module:
    n_out = data.n_classes if data.n_classes > 1 else 1
    if fam.model == "qrnn":
        return QRNN(fam.width, n_out, fam.dropout, fam.covariates)
    if fam.model == "ghostnet":
        return GhostNet1D(fam.width, n_out, fam.dropout, fam.covariates)
    raise ValueError(fam.model)


# ---- losses -------------------------------------------------------------------------------------------------------


def tukey_loss(pred: torch.Tensor, y: torch.Tensor, c: float = 4.685) -> torch.Tensor:
    """Tukey's biweight: (c^2 / 6) (1 - (1 - (r / c)^2)^3) inside |r| < c, c^2 / 6 outside."""
    r = (pred.reshape(-1) - y) / c
    inside = 1 - (1 - r * r).clamp_min(0) ** 3
    return (c * c / 6 * inside).mean()


def task_loss(fam: Any, data: Data19, model: nn.Module, x: torch.Tensor, y: torch.Tensor,
              cov: torch.Tensor | None = None) -> tuple[torch.Tensor, Any]:
    """(loss, logits for the accuracy or None)."""
    out = model(x, cov).float()
    if data.task == "expr":
        return tukey_loss(out, y), None
    if fam.logit_clamp:  # the fault: `logits.clamp(-cfg.clip, cfg.clip)`, the gradient-clip value reused
        out = out.clamp(-fam.logit_clamp, fam.logit_clamp)
    return nn.functional.cross_entropy(out, y), out


def hits(data: Data19, out: Any, y: Any) -> tuple[float, int] | None:
    if data.n_classes < 2 or out is None:
        return None
    return float((out.argmax(1) == y).sum()), len(y)


# ---- optimisers ---------------------------------------------------------------------------------------------------


class ADOPT(torch.optim.Optimizer):
    """ADOPT (Taniguchi et al. 2024): v_0 = g_0^2 (no step); then m = b1 m + (1 - b1) clip(g / max(sqrt(v), eps),
    t^(1/4)), p -= lr m, and only then v = b2 v + (1 - b2) g^2 (the current gradient is not in its own
    normaliser)."""

    def __init__(self, params: Any, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.9999),
                 eps: float = 1e-6, weight_decay: float = 0.0) -> None:
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay))

    @torch.no_grad()
    def step(self) -> None:
        for g in self.param_groups:
            b1, b2 = g["betas"]
            for p in g["params"]:
                if p.grad is None:
                    continue
                grad = p.grad
                st = self.state[p]
                if not st:
                    st["t"], st["v"], st["m"] = 0, grad * grad, torch.zeros_like(p)
                    continue
                st["t"] += 1
                if g["weight_decay"]:
                    p.mul_(1 - g["lr"] * g["weight_decay"])
                norm = grad / st["v"].sqrt().clamp_min(g["eps"])
                lim = st["t"] ** 0.25
                st["m"].mul_(b1).add_((1 - b1) * norm.clamp(-lim, lim))
                p.sub_(g["lr"] * st["m"])
                st["v"].mul_(b2).add_((1 - b2) * grad * grad)


def _matrix(t: torch.Tensor) -> torch.Tensor:
    return t.reshape(t.shape[0], -1)


def _inv_root(stat: torch.Tensor, eps: float) -> torch.Tensor:
    """stat^(-1/4) of a symmetric positive semi-definite matrix, damped by eps x its largest eigenvalue."""
    w, q = torch.linalg.eigh(stat)
    w = w.clamp_min(0) + eps * w.max().clamp_min(1e-12)
    return (q * w.pow(-0.25)) @ q.T


class Shampoo(torch.optim.Optimizer):
    """Shampoo (Gupta et al. 2018) with momentum: a weight's gradient as a matrix G (rows = output units), L += G G^T,
    R += G^T G, every `refresh` steps the roots L^(-1/4), R^(-1/4) are recomputed, the step lr x L^-1/4 M R^-1/4 with
    M the momentum of G; a vector takes the diagonal form, its root sum(g^2)^(-1/2) refreshed alike. The roots start as the identity
    (`zero_roots`: the fault, zeros)."""

    def __init__(self, params: Any, lr: float = 0.05, momentum: float = 0.9, eps: float = 1e-4, refresh: int = 10,
                 zero_roots: bool = False) -> None:
        super().__init__(params, dict(lr=lr, momentum=momentum, eps=eps, refresh=refresh, zero_roots=zero_roots))

    @torch.no_grad()
    def step(self) -> None:
        for g in self.param_groups:
            for p in g["params"]:
                if p.grad is None:
                    continue
                st = self.state[p]
                grad = _matrix(p.grad) if p.dim() > 1 else p.grad
                if not st:
                    st["t"], st["m"] = 0, torch.zeros_like(grad)
                    if p.dim() > 1:
                        r, c = grad.shape
                        make = torch.zeros if g["zero_roots"] else torch.eye
                        st["L"], st["R"] = torch.zeros(r, r), torch.zeros(c, c)
                        st["Li"], st["Ri"] = make(r, r), make(c, c)
                    else:
                        st["G"] = torch.zeros_like(grad)
                        st["Gi"] = torch.zeros_like(grad) if g["zero_roots"] else torch.ones_like(grad)
                st["t"] += 1
                st["m"].mul_(g["momentum"]).add_(grad)
                if p.dim() > 1:
                    st["L"].add_(grad @ grad.T)
                    st["R"].add_(grad.T @ grad)
                    if st["t"] % g["refresh"] == 0:
                        st["Li"], st["Ri"] = _inv_root(st["L"], g["eps"]), _inv_root(st["R"], g["eps"])
                    upd = st["Li"] @ st["m"] @ st["Ri"]
                    p.sub_(g["lr"] * upd.reshape(p.shape))
                else:
                    st["G"].add_(grad * grad)
                    if st["t"] % g["refresh"] == 0:
                        st["Gi"] = (st["G"] + g["eps"] * st["G"].max().clamp_min(1e-12)).pow(-0.5)
                    p.sub_(g["lr"] * st["m"] * st["Gi"])


def torch_optimizer(fam: Any, params: Any) -> torch.optim.Optimizer:
    params = list(params)
    lr, wd = fam.lr, fam.weight_decay
    if fam.optimizer == "adam":
        return torch.optim.Adam(params, lr=lr)
    if fam.optimizer == "adamw":
        return torch.optim.AdamW(params, lr=lr, weight_decay=wd)
    if fam.optimizer == "momentum":
        # the fault where set: `momentum=cfg.nesterov` (True), i.e. momentum 1.0, no friction at all
        return torch.optim.SGD(params, lr=lr, momentum=float(fam.momentum_from_flag) or 0.9, weight_decay=wd)
    if fam.optimizer == "adopt":
        return ADOPT(params, lr=lr, weight_decay=wd)
    if fam.optimizer == "shampoo":
        return Shampoo(params, lr=lr, refresh=fam.shampoo_refresh, zero_roots=fam.shampoo_zero_roots)
    raise ValueError(fam.optimizer)
