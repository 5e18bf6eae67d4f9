"""Models, losses and optimisers of the thirteenth-generation families (PyTorch).

Models none of v1-v12 used: **InceptionTime** (Fawaz et al., 2020: 1-D inception modules, a bottleneck, three kernel
widths (3, 9, 19) and a max-pool branch concatenated, BatchNorm and ReLU, a residual shortcut every three modules, global
average pooling), **gMLP** (Liu et al., 2021: MLP blocks whose spatial gating unit mixes tokens with a learned
token-by-token projection initialised near identity gating), **DCN-v2** (Wang et al., 2021: full-rank cross layers
x_{l+1} = x0 * (W x_l + b) + x_l stacked before a deep MLP, optionally with weight-normalised layers) and a
**Fourier neural operator** (Li et al., 2021: spectral convolutions that keep the lowest 16 modes, plus a pointwise
path, GELU). Losses: **the negative binomial NLL with a predicted dispersion** (log link for the mean, softplus for
the dispersion), **the relative L2 error** of a predicted field (the FNO paper's training loss), cross-entropy.
Optimisers written here by hand: **Prodigy** (Mishchenko and Defazio, 2023: Adam whose step size d is estimated on
the fly, LR 1.0), **LARS** (You et al., 2017: SGD momentum with a layer-wise trust ratio eta ||w|| / ||g + wd w||)
and **Cautious AdamW** (Liang et al., 2024: AdamW whose update is masked where it disagrees in sign with the current
gradient, rescaled by the mask's mean); and **adaptive gradient clipping** (Brock et al., 2021: unit-wise, relative
to the weight's norm).
"""
from __future__ import annotations

import math
from typing import Any

import torch
from torch import nn

from data_v13 import Data13

# ---- models -------------------------------------------------------------------------------------------------------


class InceptionModule(nn.Module):
    def __init__(self, c_in: int, nf: int, act_unused: bool) -> None:
        super().__init__()
        self.bottleneck = nn.Conv1d(c_in, nf, 1, bias=False) if c_in > 1 else nn.Identity()
        c_b = nf if c_in > 1 else c_in
        self.convs = nn.ModuleList(nn.Conv1d(c_b, nf, k, padding=k // 2, bias=False) for k in (3, 9, 19))
        self.pool = nn.Sequential(nn.MaxPool1d(3, 1, 1), nn.Conv1d(c_in, nf, 1, bias=False))
        self.bn = nn.BatchNorm1d(4 * nf)
        self.act = nn.ReLU()
        self.act_unused = act_unused

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b = self.bottleneck(x)
        h = self.bn(torch.cat([c(b) for c in self.convs] + [self.pool(x)], 1))
        return h if self.act_unused else self.act(h)  # the fault: self.act defined, never applied


class InceptionTime(nn.Module):
    """(n, L) -> features: `depth` inception modules with a residual shortcut every three, global average pooling."""

    def __init__(self, width: int, depth: int, dropout: float, head: nn.Module, act_unused: bool = False) -> None:
        super().__init__()
        nf = width // 4
        self.blocks = nn.ModuleList(InceptionModule(1 if i == 0 else width, nf, act_unused) for i in range(depth))
        self.shortcuts = nn.ModuleList(nn.Sequential(nn.Conv1d(1 if i == 0 else width, width, 1, bias=False),
                                                     nn.BatchNorm1d(width)) for i in range(0, depth, 3))
        self.act_unused = act_unused
        self.drop = nn.Dropout(dropout)
        self.head = head

    def features(self, x: torch.Tensor) -> torch.Tensor:
        h = x[:, None, :]
        res = h
        for i, block in enumerate(self.blocks):
            h = block(h)
            if i % 3 == 2:
                h = h + self.shortcuts[i // 3](res)
                h = h if self.act_unused else torch.relu(h)
                res = h
        return self.drop(h.mean(2))

    def unfreeze_order(self) -> list[nn.Module]:
        """Top first: the head, then the blocks from the last (gradual unfreezing)."""
        return [self.head] + [nn.ModuleList([b]) for b in reversed(self.blocks)] + [self.shortcuts]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x))


class SpatialGatingUnit(nn.Module):
    def __init__(self, dim: int, tokens: int) -> None:
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.proj = nn.Conv1d(tokens, tokens, 1)
        nn.init.uniform_(self.proj.weight, -1e-3, 1e-3)  # the paper's init: near-zero weights, bias 1
        nn.init.ones_(self.proj.bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        u, v = x.chunk(2, dim=-1)
        return u * self.proj(self.norm(v))


class GMLPBlock(nn.Module):
    def __init__(self, dim: int, tokens: int, dropout: float) -> None:
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.up = nn.Linear(dim, 4 * dim)
        self.sgu = SpatialGatingUnit(2 * dim, tokens)
        self.down = nn.Linear(2 * dim, dim)
        self.drop = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.drop(self.down(self.sgu(nn.functional.gelu(self.up(self.norm(x))))))


class GMLP(nn.Module):
    """Tokens -> gMLP blocks. Spectra: 16 patches of 8 channels; Burgers: 64 grid points (value and position);
    bikes: each feature its own token (w_j x_j + b_j). Pooled by the token mean (the fault: summed) for a
    per-sample output, or one output per token (Burgers)."""

    def __init__(self, task: str, d_in: int, width: int, depth: int, dropout: float, head: nn.Module,
                 sum_pool: bool = False) -> None:
        super().__init__()
        self.task = task
        if task == "spectra":
            self.tokens, self.embed = d_in // 8, nn.Linear(8, width)
        elif task == "burgers":
            self.tokens, self.embed = d_in, nn.Linear(2, width)
        else:
            self.tokens = d_in
            self.w = nn.Parameter(torch.randn(d_in, width) / math.sqrt(width))
            self.b = nn.Parameter(torch.zeros(d_in, width))
        self.blocks = nn.Sequential(*(GMLPBlock(width, self.tokens, dropout) for _ in range(depth)))
        self.norm = nn.LayerNorm(width)
        self.head = head
        self.sum_pool = sum_pool

    def _tokens(self, x: torch.Tensor) -> torch.Tensor:
        if self.task == "spectra":
            return self.embed(x.reshape(len(x), self.tokens, 8))
        if self.task == "burgers":
            grid = torch.linspace(0, 1, x.shape[1]).expand(len(x), -1)
            return self.embed(torch.stack([x, grid], 2))
        return x[:, :, None] * self.w + self.b

    def features(self, x: torch.Tensor) -> torch.Tensor:
        h = self.norm(self.blocks(self._tokens(x)))
        if self.task == "burgers":
            return h
        return h.sum(1) if self.sum_pool else h.mean(1)  # the fault: .sum(1) where .mean(1) was meant

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.head(self.features(x))
        return out.squeeze(-1) if self.task == "burgers" else out


class CrossLayer(nn.Module):
    def __init__(self, d: int) -> None:
        super().__init__()
        self.lin = nn.Linear(d, d)
        nn.init.normal_(self.lin.weight, std=0.01)

    def forward(self, x0: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        return x0 * self.lin(x) + x


class DCNv2(nn.Module):
    """Stacked DCN-v2: full-rank cross layers on the input, then a ReLU MLP (optionally weight-normalised)."""

    def __init__(self, d_in: int, width: int, depth: int, dropout: float, head: nn.Module,
                 weight_norm: bool = False) -> None:
        super().__init__()
        self.cross = nn.ModuleList(CrossLayer(d_in) for _ in range(depth))
        layers: list[nn.Module] = []
        for a, b in ((d_in, width), (width, width)):
            lin = nn.Linear(a, b)
            layers += [nn.utils.parametrizations.weight_norm(lin) if weight_norm else lin, nn.ReLU(),
                       nn.Dropout(dropout)]
        self.deep = nn.Sequential(*layers)
        self.head = head

    def features(self, x: torch.Tensor) -> torch.Tensor:
        h = x
        for layer in self.cross:
            h = layer(x, h)
        return self.deep(h)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x))


class SpectralConv1d(nn.Module):
    def __init__(self, width: int, modes: int) -> None:
        super().__init__()
        self.modes = modes
        scale = 1 / (width * width)
        self.weight = nn.Parameter(scale * torch.rand(width, width, modes, dtype=torch.cfloat))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        xf = torch.fft.rfft(x)
        out = torch.zeros(x.shape[0], x.shape[1], xf.shape[-1], dtype=torch.cfloat)
        out[:, :, :self.modes] = torch.einsum("bim,iom->bom", xf[:, :, :self.modes], self.weight)
        return torch.fft.irfft(out, n=x.shape[-1])


class FNO1d(nn.Module):
    """(n, 64) initial field -> (n, 64) field: lift (value, position) to `width` channels, `depth` Fourier layers
    (spectral convolution + pointwise convolution, GELU), project back pointwise."""

    def __init__(self, width: int, depth: int, modes: int = 16) -> None:
        super().__init__()
        self.lift = nn.Linear(2, width)
        self.spectral = nn.ModuleList(SpectralConv1d(width, modes) for _ in range(depth))
        self.pointwise = nn.ModuleList(nn.Conv1d(width, width, 1) for _ in range(depth))
        self.head = nn.Sequential(nn.Linear(width, 64), nn.GELU(), nn.Linear(64, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        grid = torch.linspace(0, 1, x.shape[1]).expand(len(x), -1)
        h = self.lift(torch.stack([x, grid], 2)).transpose(1, 2)
        for i, (s, w) in enumerate(zip(self.spectral, self.pointwise)):
            h = s(h) + w(h)
            if i < len(self.spectral) - 1:
                h = nn.functional.gelu(h)
        return self.head(h.transpose(1, 2)).squeeze(-1)


def torch_model(fam: Any, data: Data13) -> nn.Module:
    out = {"spectra": data.n_classes, "bikes": 2, "burgers": 1}[data.task]
    d_in = int(math.prod(data.x_train.shape[1:]))
    width = fam.width
    head = nn.Linear(width, out)
    if fam.zero_head:
        nn.init.zeros_(head.weight)
        nn.init.zeros_(head.bias)
    if fam.model == "inception":
        return InceptionTime(width, fam.blocks, fam.dropout, head, act_unused=fam.act_unused)
    if fam.model == "gmlp":
        return GMLP(data.task, d_in, width, fam.blocks, fam.dropout, head, sum_pool=fam.sum_pool)
    if fam.model == "dcn":
        return DCNv2(d_in, width, fam.blocks, fam.dropout, head, weight_norm=fam.weight_norm)
    if fam.model == "fno":
        return FNO1d(width, fam.blocks)
    raise ValueError(fam.model)


# ---- losses -------------------------------------------------------------------------------------------------------


def nb_nll(out: torch.Tensor, y: torch.Tensor, raw_dispersion: bool = False) -> torch.Tensor:
    """Mean negative binomial NLL of counts y; out[:, 0] the log mean, out[:, 1] the dispersion r through a softplus
    (the fault: used raw, so half the rows start with r < 0 and log(r) is NaN)."""
    mu = torch.exp(out[:, 0])
    r = out[:, 1] if raw_dispersion else nn.functional.softplus(out[:, 1]) + 1e-3
    ll = (torch.lgamma(y + r) - torch.lgamma(r) - torch.lgamma(y + 1) + r * torch.log(r / (r + mu))
          + y * torch.log(mu / (r + mu) + 1e-30))
    return -ll.mean()


def relative_l2(pred: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Mean over rows of ||pred - y|| / ||y|| (the FNO paper's loss)."""
    return ((pred - y).norm(dim=1) / y.norm(dim=1).clamp_min(1e-8)).mean()


def task_loss(fam: Any, data: Data13, model: nn.Module, x: torch.Tensor, y: torch.Tensor,
              y2: torch.Tensor | None = None, lam: float = 1.0) -> tuple[torch.Tensor, Any]:
    """(loss, logits for the accuracy or None). `y2`, `lam`: CutMix's second label and the share of the first."""
    out = model(x).float()
    if data.task == "bikes":
        return nb_nll(out, y, raw_dispersion=fam.raw_dispersion), None
    if data.task == "burgers":
        return relative_l2(out, y), None
    logits = nn.functional.normalize(out, dim=1) if fam.logits_l2norm else out  # the fault: unit-norm logits
    loss = nn.functional.cross_entropy(logits, y)
    if y2 is not None:
        loss = lam * loss + (1 - lam) * nn.functional.cross_entropy(logits, y2)
    return loss, logits


def hits(data: Data13, out: Any, y: Any) -> tuple[float, int] | None:
    if data.n_classes < 2 or out is None:
        return None
    return float((out.argmax(1) == y).sum()), len(y)


# ---- optimisers ---------------------------------------------------------------------------------------------------


class Prodigy(torch.optim.Optimizer):
    """Adam with an estimated step size d (Prodigy, the prodigyopt reference without safeguard warm-up): d grows
    from d0 to the running estimate sum(dlr <g, x0 - x>) / ||s||_1; the step is lr x d with bias correction."""

    def __init__(self, params: Any, lr: float = 1.0, betas: tuple[float, float] = (0.9, 0.999), d0: float = 1e-6,
                 weight_decay: float = 0.0, eps: float = 1e-8) -> None:
        super().__init__(params, dict(lr=lr, betas=betas, weight_decay=weight_decay, eps=eps))
        self.d, self.d0, self.d_max, self.num, self.k = d0, d0, d0, 0.0, 0

    @torch.no_grad()
    def step(self, closure: Any = None) -> None:
        b1, b2 = self.param_groups[0]["betas"]
        b3 = math.sqrt(b2)
        self.k += 1
        bias = math.sqrt(1 - b2 ** self.k) / (1 - b1 ** self.k)
        d = self.d
        self.num *= b3
        denom = 0.0
        for g in self.param_groups:
            dlr = d * g["lr"] * bias
            for p in g["params"]:
                if p.grad is None:
                    continue
                st = self.state[p]
                if not st:
                    st.update(x0=p.clone(), m=torch.zeros_like(p), v=torch.zeros_like(p), s=torch.zeros_like(p))
                grad = p.grad
                self.num += (d / self.d0) * dlr * float((grad * (st["x0"] - p)).sum())
                st["m"].mul_(b1).add_(grad, alpha=d * (1 - b1))
                st["v"].mul_(b2).addcmul_(grad, grad, value=d * d * (1 - b2))
                st["s"].mul_(b3).add_(grad, alpha=(d / self.d0) * dlr)
                denom += float(st["s"].abs().sum())
        if denom > 0:
            self.d_max = max(self.d_max, self.num / denom)
            self.d = max(d, self.d_max)
        for g in self.param_groups:
            dlr = self.d * g["lr"] * bias
            for p in g["params"]:
                if p.grad is None:
                    continue
                st = self.state[p]
                p.addcdiv_(st["m"], st["v"].sqrt().add_(self.d * g["eps"]), value=-dlr)
                if g["weight_decay"]:
                    p.add_(p, alpha=-g["weight_decay"] * dlr)


class LARS(torch.optim.Optimizer):
    """SGD momentum whose matrices take a layer-wise trust ratio eta ||w|| / ||g + wd w|| (biases and norms: plain
    SGD momentum, no weight decay)."""

    def __init__(self, params: Any, lr: float, momentum: float = 0.9, weight_decay: float = 0.0,
                 eta: float = 1e-3) -> None:
        super().__init__(params, dict(lr=lr, momentum=momentum, weight_decay=weight_decay, eta=eta))

    @torch.no_grad()
    def step(self, closure: Any = None) -> None:
        for g in self.param_groups:
            for p in g["params"]:
                if p.grad is None:
                    continue
                d = p.grad
                if p.ndim > 1:
                    d = d + g["weight_decay"] * p
                    wn, dn = float(p.norm()), float(d.norm())
                    if wn > 0 and dn > 0:
                        d = d * (g["eta"] * wn / dn)
                buf = self.state[p].setdefault("buf", torch.zeros_like(p))
                buf.mul_(g["momentum"]).add_(d)
                p.add_(buf, alpha=-g["lr"])


class CautiousAdamW(torch.optim.Optimizer):
    """AdamW whose update u = m_hat / (sqrt(v_hat) + eps) is kept only where u and the gradient agree in sign,
    rescaled by the kept share, with decoupled weight decay."""

    def __init__(self, params: Any, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
                 weight_decay: float = 0.0, eps: float = 1e-8) -> None:
        super().__init__(params, dict(lr=lr, betas=betas, weight_decay=weight_decay, eps=eps))

    @torch.no_grad()
    def step(self, closure: Any = None) -> None:
        for g in self.param_groups:
            b1, b2 = g["betas"]
            for p in g["params"]:
                if p.grad is None:
                    continue
                st = self.state[p]
                if not st:
                    st.update(t=0, m=torch.zeros_like(p), v=torch.zeros_like(p))
                st["t"] += 1
                st["m"].lerp_(p.grad, 1 - b1)
                st["v"].mul_(b2).addcmul_(p.grad, p.grad, value=1 - b2)
                u = (st["m"] / (1 - b1 ** st["t"])) / ((st["v"] / (1 - b2 ** st["t"])).sqrt() + g["eps"])
                agree = (u * p.grad.conj()).real if p.is_complex() else u * p.grad
                mask = (agree > 0).to(agree.dtype)
                mask = mask * (mask.numel() / (mask.sum() + 1))
                p.mul_(1 - g["lr"] * g["weight_decay"])
                p.add_(u * mask, alpha=-g["lr"])


def adaptive_clip(model: nn.Module, clip: float, eps: float = 1e-3) -> None:
    """AGC: each output unit's gradient rescaled to at most clip x max(||w_unit||, eps) (matrices and filters)."""
    with torch.no_grad():
        for p in model.parameters():
            if p.grad is None or p.ndim < 2 or p.is_complex():
                continue
            dims = tuple(range(1, p.ndim))
            wn = p.norm(dim=dims, keepdim=True).clamp_min(eps)
            gn = p.grad.norm(dim=dims, keepdim=True).clamp_min(1e-6)
            p.grad.mul_(torch.where(gn > clip * wn, clip * wn / gn, torch.ones_like(gn)))


def _groups(fam: Any, model: nn.Module) -> list[dict[str, Any]]:
    """Two groups as people build them: weight decay on matrices only (not on biases, norms, token embeddings).
    The fault (`params_consumed`): both groups are generators that a parameter-count print already consumed."""
    decay = (p for n, p in model.named_parameters() if p.ndim >= 2 and n not in ("w", "b"))
    no_decay = (p for n, p in model.named_parameters() if p.ndim < 2 or n in ("w", "b"))
    if fam.params_consumed:
        print(f"{sum(p.numel() for p in decay)} decayed, {sum(p.numel() for p in no_decay)} not decayed")
    else:
        decay, no_decay = list(decay), list(no_decay)  # type: ignore[assignment]
    return [{"params": decay, "weight_decay": fam.weight_decay}, {"params": no_decay, "weight_decay": 0.0}]


def torch_optimizer(fam: Any, model: nn.Module) -> torch.optim.Optimizer:
    groups = _groups(fam, model)
    if fam.optimizer == "adam":
        return torch.optim.Adam(groups, lr=fam.lr, betas=fam.betas)
    if fam.optimizer == "adamw":
        return torch.optim.AdamW(groups, lr=fam.lr, betas=fam.betas)
    if fam.optimizer == "momentum":
        return torch.optim.SGD(groups, lr=fam.lr, momentum=0.9)
    if fam.optimizer == "prodigy":
        return Prodigy(groups, lr=fam.lr, betas=fam.betas)
    if fam.optimizer == "lars":
        return LARS(groups, lr=fam.lr, eta=fam.lars_eta)
    if fam.optimizer == "cautious":
        return CautiousAdamW(groups, lr=fam.lr, betas=fam.betas)
    raise ValueError(fam.optimizer)
