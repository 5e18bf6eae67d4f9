"""Models, losses and optimisers of the sixteenth-generation families (PyTorch), none used by v1-v15.

- **SqueezeNet** (small, Iandola et al.): a stride-2 3x3 stem, Fire modules (a 1x1 squeeze to a quarter of the width, then
  1x1 and 3x3 expands concatenated, ReLU), max pooling between the stages, no normalisation, global pooling.
- **PoolFormer** (small, Yu et al.'s MetaFormer): a 4x4 patch embedding, blocks whose token mixer is average pooling
  minus the identity and whose channel MLP is two 1x1 convolutions with GELU (x2 expansion), GroupNorm(1) before each, a learnable
  layer scale on each branch, a stride-2 down-sampling between the two stages, a final GroupNorm.
- **DropBlock** (Ghiasi et al.): contiguous 3x3 blocks of the feature map dropped in training, the rest rescaled
  (the SqueezeNet: after both stages, as the paper puts it on the last two groups; the PoolFormer: after the first).
- **the Student-t negative log-likelihood** (3 degrees of freedom) with a predicted scale s = softplus(r) + 0.01:
  the GPS speed's heavy-tailed errors.
- hand-written **AdamP** (Heo et al.: Adam whose update loses its radial part on scale-invariant weights),
  **AdaMod** (Ding et al.: Adam's per-weight step bounded by its own exponential average), **PAdam** (Chen & Gu:
  the partially adaptive m / v^p, p = 1/8, with AMSGrad's max), **SGD with the Polyak step size** (SPS_max, Loizou et
  al.: the step (f - f*) / (c ||g||^2) capped at gamma_b); Adam, AdamW, SGD with momentum.
"""
from __future__ import annotations

import math
from typing import Any

import torch
from torch import nn

from data_v16 import Data16


class DropBlock(nn.Module):
    """DropBlock: seeds drawn at rate gamma so that `drop` of the units fall in `block` x `block` squares. The fault
    `in_eval`: the hand-written module forgot `if not self.training: return x`."""

    def __init__(self, drop: float, block: int = 3, in_eval: bool = False) -> None:
        super().__init__()
        self.drop, self.block, self.in_eval = drop, block, in_eval

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.drop or not (self.training or self.in_eval):
            return x
        h, w = x.shape[-2:]
        b = min(self.block, h, w)
        gamma = self.drop / b ** 2 * h * w / ((h - b + 1) * (w - b + 1))
        seeds = (torch.rand(x.shape[0], x.shape[1], h, w) < gamma).float()
        mask = 1 - nn.functional.max_pool2d(seeds, b, 1, b // 2)[..., :h, :w]
        return x * mask * mask.numel() / mask.sum().clamp(min=1.0)


class Fire(nn.Module):
    def __init__(self, c_in: int, squeeze: int, expand: int) -> None:
        super().__init__()
        self.squeeze = nn.Sequential(nn.Conv2d(c_in, squeeze, 1), nn.ReLU())
        self.e1 = nn.Sequential(nn.Conv2d(squeeze, expand, 1), nn.ReLU())
        self.e3 = nn.Sequential(nn.Conv2d(squeeze, expand, 3, padding=1), nn.ReLU())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        s = self.squeeze(x)
        return torch.cat([self.e1(s), self.e3(s)], 1)


class SqueezeNet(nn.Module):
    def __init__(self, c_in: int, width: int, n_out: int, dropout: float, drop: DropBlock) -> None:
        super().__init__()
        w = width
        self.body = nn.Sequential(
            nn.Conv2d(c_in, w, 3, stride=2, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            Fire(w, w // 4, w // 2), Fire(w, w // 4, w // 2), drop, nn.MaxPool2d(2),
            Fire(w, w // 2, w), Fire(2 * w, w // 2, w), drop, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(dropout))
        self.head = nn.Linear(2 * w, n_out)
        for m in self.body.modules():  # He initialisation, as the reference SqueezeNet: no normalisation to rescue
            if isinstance(m, nn.Conv2d):  # a small start
                nn.init.kaiming_uniform_(m.weight, nonlinearity="relu")
                nn.init.zeros_(m.bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.body(x))


class PoolBlock(nn.Module):
    def __init__(self, c: int, scale: float) -> None:
        super().__init__()
        self.n1, self.n2 = nn.GroupNorm(1, c), nn.GroupNorm(1, c)
        self.pool = nn.AvgPool2d(3, 1, 1, count_include_pad=False)
        self.mlp = nn.Sequential(nn.Conv2d(c, 2 * c, 1), nn.GELU(), nn.Conv2d(2 * c, c, 1))
        self.s1 = nn.Parameter(torch.full((c, 1, 1), scale))
        self.s2 = nn.Parameter(torch.full((c, 1, 1), scale))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.n1(x)
        x = x + self.s1 * (self.pool(y) - y)
        return x + self.s2 * self.mlp(self.n2(x))


class PoolFormer(nn.Module):
    def __init__(self, c_in: int, width: int, blocks: int, n_out: int, dropout: float, drop: DropBlock,
                 scale: float) -> None:
        super().__init__()
        w = width
        self.body = nn.Sequential(
            nn.Conv2d(c_in, w, 4, stride=4), *[PoolBlock(w, scale) for _ in range(blocks)], drop,
            nn.Conv2d(w, 2 * w, 3, stride=2, padding=1), *[PoolBlock(2 * w, scale) for _ in range(blocks)],
            nn.GroupNorm(1, 2 * w), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(dropout))
        self.head = nn.Linear(2 * w, n_out)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.body(x))


def torch_model(fam: Any, data: Data16) -> nn.Module:
    c_in = data.x_train.shape[1]
    n_out = data.n_classes if data.n_classes > 1 else 2  # regression: the mean and the scale's pre-activation
    drop = DropBlock(fam.dropblock, 3, fam.dropblock_in_eval)
    if fam.model == "squeezenet":
        model: nn.Module = SqueezeNet(c_in, fam.width, n_out, fam.dropout, drop)
    elif fam.model == "poolformer":
        model = PoolFormer(c_in, fam.width, fam.blocks, n_out, fam.dropout, drop, fam.layer_scale)
    else:
        raise ValueError(fam.model)
    if fam.zero_head:
        nn.init.zeros_(model.head.weight)
        nn.init.zeros_(model.head.bias)
    return model


# ---- losses -------------------------------------------------------------------------------------------------------

_NU = 3.0
_T_CONST = math.lgamma(_NU / 2) - math.lgamma((_NU + 1) / 2) + 0.5 * math.log(_NU * math.pi)


def student_t_nll(out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Mean Student-t NLL (nu = 3) with location mu and scale s = softplus(r) + 0.01."""
    mu, s = out[:, 0], nn.functional.softplus(out[:, 1]) + 0.01
    z = (y - mu) / s
    return (_T_CONST + torch.log(s) + (_NU + 1) / 2 * torch.log1p(z ** 2 / _NU)).mean()


def label_mix_ce(logits: torch.Tensor, y: torch.Tensor, gen: torch.Generator) -> torch.Tensor:
    """The fault: mixup's criterion (targets lam y_i + (1 - lam) y_perm(i), lam ~ U(0, 1)) without the input mix,
    used by the training and the validation loop alike."""
    lam = torch.rand(len(y), generator=gen)
    perm = torch.randperm(len(y), generator=gen)
    logp = nn.functional.log_softmax(logits, 1)
    nll = nn.functional.nll_loss
    return (lam * nll(logp, y, reduction="none") + (1 - lam) * nll(logp, y[perm], reduction="none")).mean()


def task_loss(fam: Any, data: Data16, model: nn.Module, x: torch.Tensor, y: torch.Tensor,
              gen: torch.Generator | None = None) -> tuple[torch.Tensor, Any]:
    """(loss, logits for the accuracy or None)."""
    out = model(x).float()
    if data.task == "speed":
        return student_t_nll(out, y), None
    if fam.label_mix and gen is not None:
        return label_mix_ce(out, y, gen), out
    return nn.functional.cross_entropy(out, y), out


def hits(data: Data16, out: Any, y: Any) -> tuple[float, int] | None:
    if data.n_classes < 2 or out is None:
        return None
    return float((out.argmax(1) == y).sum()), len(y)


# ---- optimisers ---------------------------------------------------------------------------------------------------


class AdamP(torch.optim.Optimizer):
    """AdamP (Heo et al. 2021): where a weight's gradient is nearly orthogonal to it (cosine < delta / sqrt(dim): the
    weight is scale-invariant, e.g. followed by a normalisation), the update's radial part is projected away and the
    weight decay scaled by wd_ratio."""

    def __init__(self, params: Any, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0.0, delta: float = 0.1, wd_ratio: float = 0.1) -> None:
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, delta=delta,
                                      wd_ratio=wd_ratio))

    @staticmethod
    def _project(p: torch.Tensor, grad: torch.Tensor, upd: torch.Tensor, delta: float) -> tuple[torch.Tensor, bool]:
        for view in (lambda t: t.reshape(t.shape[0], -1), lambda t: t.reshape(1, -1)):  # channel-wise, layer-wise
            pv, gv = view(p), view(grad)
            cos = (pv * gv).sum(1).abs() / (pv.norm(dim=1) * gv.norm(dim=1) + 1e-8)
            if float(cos.max()) < delta / math.sqrt(pv.shape[1]):
                unit = pv / (pv.norm(dim=1, keepdim=True) + 1e-8)
                uv = view(upd)
                return (uv - unit * (unit * uv).sum(1, keepdim=True)).reshape(p.shape), True
        return upd, False

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
                upd = (st["m"] / (1 - b1 ** t)) / ((st["v"] / (1 - b2 ** t)).sqrt() + g["eps"])
                ratio = 1.0
                if p.dim() > 1:
                    upd, projected = self._project(p, p.grad, upd, g["delta"])
                    ratio = g["wd_ratio"] if projected else 1.0
                if g["weight_decay"]:
                    p.mul_(1 - g["lr"] * g["weight_decay"] * ratio)
                p.add_(upd, alpha=-g["lr"])


class AdaMod(torch.optim.Optimizer):
    """AdaMod (Ding et al. 2019): Adam's per-weight step lr / (sqrt(v) + eps) capped by its exponential average
    (beta3), which keeps the first steps small and damps sudden large ones."""

    def __init__(self, params: Any, lr: float = 1e-3, betas: tuple[float, float, float] = (0.9, 0.999, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0.0) -> None:
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay))

    @torch.no_grad()
    def step(self) -> None:
        for g in self.param_groups:
            b1, b2, b3 = g["betas"]
            for p in g["params"]:
                if p.grad is None:
                    continue
                grad = p.grad + g["weight_decay"] * p if g["weight_decay"] else p.grad
                st = self.state[p]
                if not st:
                    st.update(t=0, m=torch.zeros_like(p), v=torch.zeros_like(p), s=torch.zeros_like(p))
                st["t"] += 1
                t = st["t"]
                st["m"].mul_(b1).add_(grad, alpha=1 - b1)
                st["v"].mul_(b2).addcmul_(grad, grad, value=1 - b2)
                size = g["lr"] * math.sqrt(1 - b2 ** t) / (1 - b1 ** t) / (st["v"].sqrt() + g["eps"])
                st["s"].mul_(b3).add_(size, alpha=1 - b3)
                p.sub_(torch.minimum(size, st["s"]) * st["m"])


class PAdam(torch.optim.Optimizer):
    """PAdam (Chen & Gu 2018): the partially adaptive step lr x m / max(v)^p, p = 1/8 (p = 1/2 is AMSGrad)."""

    def __init__(self, params: Any, lr: float = 0.1, betas: tuple[float, float] = (0.9, 0.999), p: float = 0.125,
                 eps: float = 1e-8, weight_decay: float = 0.0) -> None:
        super().__init__(params, dict(lr=lr, betas=betas, p=p, eps=eps, weight_decay=weight_decay))

    @torch.no_grad()
    def step(self) -> None:
        for g in self.param_groups:
            b1, b2 = g["betas"]
            for w in g["params"]:
                if w.grad is None:
                    continue
                grad = w.grad + g["weight_decay"] * w if g["weight_decay"] else w.grad
                st = self.state[w]
                if not st:
                    st.update(m=torch.zeros_like(w), v=torch.zeros_like(w), vmax=torch.zeros_like(w))
                st["m"].mul_(b1).add_(grad, alpha=1 - b1)
                st["v"].mul_(b2).addcmul_(grad, grad, value=1 - b2)
                torch.maximum(st["vmax"], st["v"], out=st["vmax"])
                w.sub_(g["lr"] * st["m"] / (st["vmax"] + g["eps"]) ** g["p"])


class SPS(torch.optim.Optimizer):
    """SGD with the stochastic Polyak step (SPS_max, Loizou et al. 2021): lr_t = min((f - f*) / (c ||g||^2), gamma_b),
    never below 0; f* is the loss's lowest value (0 for a model that can fit its data). `gamma_b` None: the cap
    dropped (the fault)."""

    def __init__(self, params: Any, c: float = 0.5, gamma_b: float | None = 1.0, f_star: float = 0.0) -> None:
        super().__init__(params, dict(lr=0.0, c=c, gamma_b=gamma_b, f_star=f_star))

    @torch.no_grad()
    def step(self, loss: float = 0.0, scale: float = 1.0) -> None:  # type: ignore[override]
        """One step at the loss `loss`; `scale` multiplies the cap (a schedule on gamma_b)."""
        for g in self.param_groups:
            grads = [p.grad for p in g["params"] if p.grad is not None]
            sq = float(sum((x * x).sum() for x in grads)) if grads else 0.0
            lr = max(loss - g["f_star"], 0.0) / (g["c"] * sq + 1e-12)
            if g["gamma_b"] is not None:
                lr = min(lr, g["gamma_b"] * scale)
            g["lr"] = lr
            for p in g["params"]:
                if p.grad is not None:
                    p.sub_(p.grad, alpha=lr)


def torch_optimizer(fam: Any, model: nn.Module) -> torch.optim.Optimizer:
    params = list(model.parameters())
    lr = fam.lr
    if fam.optimizer == "adam":
        return torch.optim.Adam(params, lr=lr)
    if fam.optimizer == "adamw":
        return torch.optim.AdamW(params, lr=lr, weight_decay=fam.weight_decay)
    if fam.optimizer == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=0.9, weight_decay=fam.weight_decay)
    if fam.optimizer == "adamp":
        return AdamP(params, lr=lr, weight_decay=fam.weight_decay)
    if fam.optimizer == "adamod":
        return AdaMod(params, lr=lr, weight_decay=fam.weight_decay)
    if fam.optimizer == "padam":
        return PAdam(params, lr=lr, p=fam.padam_p, weight_decay=fam.weight_decay)
    if fam.optimizer == "sps":
        return SPS(params, c=fam.sps_c, gamma_b=fam.sps_cap, f_star=fam.sps_f_star)
    raise ValueError(fam.optimizer)
