"""Models, losses, optimisers and schedules of the seventh-generation families (PyTorch).

Models none of v1-v6 built this way: a wide shallow net (one hidden layer of 1024) with dropout on every layer, an
LSTM language model, an attention-pooling set net (a learned query over per-point embeddings), a top-1 mixture of 4
experts with the Switch load-balancing auxiliary loss, a VAE on the digits, a siamese scorer for pairs. Losses: the
squared multi-class hinge, Huber, Poisson NLL, the summed ELBO (BCE reconstruction + KL), a pairwise margin ranking
loss, token cross-entropy (perplexity), cross-entropy plus the MoE auxiliary term.
"""
from __future__ import annotations

import math
from typing import Any

import torch
from torch import nn
from torch.nn import functional as F

from data_v7 import SET_SIZE, VOCAB, Data7


class Wide(nn.Module):
    """One hidden layer of `width` units; dropout on the input and the hidden layer."""

    def __init__(self, d_in: int, width: int, d_out: int, dropout: float) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Dropout(dropout), nn.Linear(d_in, width), nn.ReLU(), nn.Dropout(dropout))
        self.head = nn.Linear(width, d_out)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.body(x))


class MLP(nn.Module):
    def __init__(self, d_in: int, width: int, d_out: int, dropout: float) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(d_in, width), nn.ReLU(), nn.Dropout(dropout), nn.Linear(width, width),
                                  nn.ReLU(), nn.Dropout(dropout))
        self.head = nn.Linear(width, d_out)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.body(x))


class LSTMLM(nn.Module):
    def __init__(self, width: int) -> None:
        super().__init__()
        self.emb = nn.Embedding(VOCAB, width)
        self.lstm = nn.LSTM(width, width, batch_first=True)
        self.head = nn.Linear(width, VOCAB)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.lstm(self.emb(x))[0])


class AttnPool(nn.Module):
    """Per-point MLP, softmax attention of a learned query over the points, a classifier on the pooled vector."""

    def __init__(self, width: int, d_out: int) -> None:
        super().__init__()
        self.phi = nn.Sequential(nn.Linear(2, width), nn.ReLU(), nn.Linear(width, width))
        self.query = nn.Parameter(torch.randn(width) / math.sqrt(width))
        self.head = nn.Sequential(nn.ReLU(), nn.Linear(width, d_out))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.phi(x)                                   # (B, N, W)
        a = torch.softmax(h @ self.query / math.sqrt(h.shape[-1]), dim=1)
        return self.head((a.unsqueeze(-1) * h).sum(1))


class MoE(nn.Module):
    """Top-1 mixture of experts; forward returns (logits, Switch load-balancing loss E * sum_i f_i P_i)."""

    def __init__(self, d_in: int, width: int, d_out: int, experts: int = 4) -> None:
        super().__init__()
        self.router = nn.Linear(d_in, experts)
        self.experts = nn.ModuleList(nn.Sequential(nn.Linear(d_in, width), nn.ReLU(), nn.Linear(width, d_out))
                                     for _ in range(experts))

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        p = torch.softmax(self.router(x), -1)
        top = p.argmax(-1)
        out = torch.stack([e(x) for e in self.experts], 1)  # (B, E, C): tiny, so every expert runs
        y = out[torch.arange(len(x)), top] * p[torch.arange(len(x)), top].unsqueeze(-1)
        f = F.one_hot(top, p.shape[-1]).float().mean(0)
        return y, p.shape[-1] * (f * p.mean(0)).sum()


class VAE(nn.Module):
    def __init__(self, width: int, latent: int = 8) -> None:
        super().__init__()
        self.enc = nn.Sequential(nn.Linear(64, width), nn.ReLU())
        self.mu, self.logvar = nn.Linear(width, latent), nn.Linear(width, latent)
        self.dec = nn.Sequential(nn.Linear(latent, width), nn.ReLU(), nn.Linear(width, 64))

    def forward(self, x: torch.Tensor, gen: torch.Generator | None = None) -> tuple[torch.Tensor, ...]:
        h = self.enc(x)
        mu, logvar = self.mu(h), self.logvar(h)
        z = mu + torch.exp(0.5 * logvar) * torch.randn(mu.shape, generator=gen)
        return self.dec(z), mu, logvar


class Siamese(nn.Module):
    """One scorer for both items of a pair; the output is score(a) - score(b)."""

    def __init__(self, width: int) -> None:
        super().__init__()
        self.scorer = nn.Sequential(nn.Linear(16, width), nn.ReLU(), nn.Linear(width, width), nn.ReLU(),
                                    nn.Linear(width, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return (self.scorer(x[:, :16]) - self.scorer(x[:, 16:])).squeeze(-1)


def torch_model(fam: Any, data: Data7) -> nn.Module:
    d_in = data.x_train.shape[1] if data.x_train.ndim == 2 else 0
    out = 1 if fam.loss in ("huber", "poisson", "poisson_raw_rate") else data.n_classes
    if fam.model == "wide":
        m: nn.Module = Wide(d_in, fam.width, out, fam.dropout)
    elif fam.model == "mlp":
        m = MLP(d_in, fam.width, out, fam.dropout)
    elif fam.model == "lstm":
        m = LSTMLM(fam.width)
    elif fam.model == "attnpool":
        m = AttnPool(fam.width, out)
    elif fam.model == "moe":
        m = MoE(d_in, fam.width, out)
    elif fam.model == "vae":
        m = VAE(fam.width)
    elif fam.model == "siamese":
        m = Siamese(fam.width)
    else:
        raise ValueError(fam.model)
    if fam.head_init_std and hasattr(m, "head"):  # the fault: the head initialised with another layer's std
        nn.init.normal_(m.head.weight, 0, fam.head_init_std)
    if fam.zero_head and hasattr(m, "head"):
        nn.init.zeros_(m.head.weight)
        nn.init.zeros_(m.head.bias)
    return m


def task_loss(fam: Any, model: nn.Module, x: torch.Tensor, y: torch.Tensor,
              gen: torch.Generator | None = None) -> tuple[torch.Tensor, torch.Tensor | None]:
    """(loss, the output used for accuracy or None)."""
    if fam.loss == "elbo":  # per-example summed BCE reconstruction + KL to N(0, I)
        logits, mu, logvar = model(x, gen)
        rec = F.binary_cross_entropy_with_logits(logits, y, reduction="sum") / len(x)
        kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp()) / len(x)
        return rec + fam.kl_weight * kl, None
    if fam.loss == "ce_moe":
        out, aux = model(x)
        return F.cross_entropy(out, y) + fam.aux_coef * aux, out
    out = model(x)
    if fam.loss == "ce":
        if out.dim() == 3:  # language model: tokens flattened
            return F.cross_entropy(out.reshape(-1, VOCAB), y.reshape(-1)), out
        weight = None
        return F.cross_entropy(out, y, weight=weight), out
    if fam.loss == "sqhinge":
        return F.multi_margin_loss(out, y, p=2, margin=1.0), out
    if fam.loss == "huber":
        return F.huber_loss(out.squeeze(-1), y, delta=1.0), None
    if fam.loss == "poisson":
        return F.poisson_nll_loss(out.squeeze(-1), y, log_input=True), None
    if fam.loss == "poisson_raw_rate":  # the fault: raw outputs passed as rates (log_input=False)
        return F.poisson_nll_loss(out.squeeze(-1), y, log_input=False), None
    if fam.loss == "margin_rank":
        return F.margin_ranking_loss(out, torch.zeros_like(out), y, margin=1.0), out
    raise ValueError(fam.loss)


def hits(data: Data7, out: torch.Tensor | None, y: torch.Tensor) -> tuple[float, int] | None:
    """(right, counted) for the accuracy, or None where the task has none."""
    if out is None or data.n_classes == 1:
        return None
    if data.task == "pairs":
        return float(((out > 0).float() * 2 - 1 == y).sum()), len(y)
    if out.dim() == 3:
        return float((out.argmax(-1) == y).sum()), y.numel()
    return float((out.argmax(-1) == y).sum()), len(y)


def torch_optimizer(fam: Any, params: Any) -> torch.optim.Optimizer:
    o, lr, wd = fam.optimizer, fam.lr, fam.weight_decay
    if o == "adam":
        return torch.optim.Adam(params, lr=lr, weight_decay=wd)
    if o == "adamw":
        return torch.optim.AdamW(params, lr=lr, weight_decay=wd)
    if o == "adamax":
        return torch.optim.Adamax(params, lr=lr, weight_decay=wd)
    if o == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, weight_decay=wd)
    if o == "sgd":
        return torch.optim.SGD(params, lr=lr, momentum=0.9, weight_decay=wd)
    if o == "nesterov":
        return torch.optim.SGD(params, lr=lr, momentum=0.9, nesterov=True, weight_decay=wd)
    if o == "asgd":
        return torch.optim.ASGD(params, lr=lr, weight_decay=wd)
    if o == "rprop":
        return torch.optim.Rprop(params, lr=lr)
    if o == "adafactor":
        from transformers.optimization import Adafactor

        return Adafactor(params, lr=lr, scale_parameter=False, relative_step=False, warmup_init=False,
                         weight_decay=wd)
    raise ValueError(o)


def lr_factor(fam: Any, total_steps: int, per_epoch: int) -> Any:
    """A per-step LR multiplier (LambdaLR), or None where the schedule is stepped otherwise."""
    s = fam.schedule
    if s == "linear":
        return lambda t: max(0.0, 1 - t / total_steps)
    if s == "invsqrt":  # linear warm-up then 1/sqrt(step)
        w = fam.warmup
        return lambda t: min((t + 1) / w, math.sqrt(w / (t + 1)))
    if s == "step_in_steps":  # the fault: StepLR(step_size=60, gamma=0.1) stepped per batch, not per epoch
        return lambda t: 0.1 ** (t // 60)
    if s == "step_gamma_up":  # the fault: gamma 10 instead of 0.1, every 2 epochs
        return lambda t: 10.0 ** (t // (2 * per_epoch))
    if s == "step":
        return lambda t: 0.5 ** (t // (fam.step_epochs * per_epoch))
    return None
