"""Models, losses, optimisers and schedules of the sixth-generation families (PyTorch).

Models none of v1-v5 built this way: a deep narrow 30-block residual MLP, a depthwise-separable CNN, an MLP-Mixer and
a tiny ViT on 2x2 patches, a BatchNorm-free CNN and MLP with weight standardisation, a causal TCN (token tagging and
forecasting) and a dense-adjacency graph convolution net. Losses: CORAL ordinal BCE, Cox partial likelihood,
denoising score matching, InfoNCE with a temperature, distillation KL + CE, focal loss, MASE-scaled MAE, token CE with
a padding mask.
"""
from __future__ import annotations

import math
from typing import Any

import torch
from torch import nn
from torch.nn import functional as F

from data_v6 import TAG_VOCAB, TAGS, Data6


class WSLinear(nn.Linear):
    """Weight standardisation: each output's weights have zero mean and unit variance (no BatchNorm anywhere)."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        w = self.weight
        w = (w - w.mean(1, keepdim=True)) / (w.std(1, keepdim=True) + 1e-5) / math.sqrt(w.shape[1])
        return F.linear(x, w, self.bias)


class WSConv(nn.Conv2d):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        w = self.weight
        flat = w.reshape(w.shape[0], -1)
        w = ((w - flat.mean(1).view(-1, 1, 1, 1)) / (flat.std(1).view(-1, 1, 1, 1) + 1e-5)
             / math.sqrt(flat.shape[1]))
        return F.conv2d(x, w, self.bias, padding=self.padding) * 1.7  # x1.7: ReLU gain, as NF-nets scale it


def _mlp(d_in: int, width: int, d_out: int, dropout: float = 0.0, ws: bool = False) -> nn.Sequential:
    lin = WSLinear if ws else nn.Linear
    return nn.Sequential(lin(d_in, width), nn.ReLU(), nn.Dropout(dropout), lin(width, width), nn.ReLU(),
                         nn.Dropout(dropout), nn.Linear(width, d_out))


class ResMLP30(nn.Module):
    """A deep narrow MLP: 30 pre-norm residual blocks of width `width`."""

    def __init__(self, d_in: int, width: int, d_out: int) -> None:
        super().__init__()
        self.inp = nn.Linear(d_in, width)
        self.blocks = nn.ModuleList(nn.Sequential(nn.LayerNorm(width), nn.Linear(width, width), nn.GELU(),
                                                  nn.Linear(width, width)) for _ in range(30))
        for b in self.blocks:
            nn.init.zeros_(b[3].weight)  # each block starts as the identity
        self.out = nn.Linear(width, d_out)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.inp(x)
        for b in self.blocks:
            h = h + b(h)
        return self.out(h)


class DWSep(nn.Module):
    """Depthwise-separable CNN: depthwise 3x3 then pointwise 1x1, twice, global average pooling."""

    def __init__(self, width: int, d_out: int) -> None:
        super().__init__()
        self.stem = nn.Conv2d(1, width, 3, padding=1)
        self.body = nn.Sequential(*[nn.Sequential(nn.Conv2d(width, width, 3, padding=1, groups=width),
                                                  nn.Conv2d(width, width, 1), nn.ReLU()) for _ in range(3)])
        self.head = nn.Linear(width, d_out)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.body(F.relu(self.stem(x))).mean((2, 3)))


class WSCNN(nn.Module):
    """BatchNorm-free CNN with weight-standardised convolutions."""

    def __init__(self, width: int, d_out: int) -> None:
        super().__init__()
        self.c1, self.c2, self.c3 = WSConv(1, width, 3, padding=1), WSConv(width, width, 3, padding=1), \
            WSConv(width, width, 3, padding=1)
        self.head = nn.Linear(width, d_out)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = F.relu(self.c1(x))
        h = F.max_pool2d(F.relu(self.c2(h)), 2)
        return self.head(F.relu(self.c3(h)).mean((2, 3)))


def _patchify(x: torch.Tensor) -> torch.Tensor:
    """(N, 1, 10, 10) -> (N, 25, 4): 2x2 patches."""
    n = x.shape[0]
    return x.reshape(n, 5, 2, 5, 2).permute(0, 1, 3, 2, 4).reshape(n, 25, 4)


class Mixer(nn.Module):
    """MLP-Mixer: token-mixing and channel-mixing MLPs over 25 patch tokens."""

    def __init__(self, width: int, d_out: int, depth: int = 2) -> None:
        super().__init__()
        self.embed = nn.Linear(4, width)
        self.tok = nn.ModuleList(nn.Sequential(nn.Linear(25, 32), nn.GELU(), nn.Linear(32, 25)) for _ in range(depth))
        self.ch = nn.ModuleList(nn.Sequential(nn.Linear(width, 2 * width), nn.GELU(), nn.Linear(2 * width, width))
                                for _ in range(depth))
        self.n1 = nn.ModuleList(nn.LayerNorm(width) for _ in range(depth))
        self.n2 = nn.ModuleList(nn.LayerNorm(width) for _ in range(depth))
        self.head = nn.Linear(width, d_out)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.embed(_patchify(x))
        for tok, ch, n1, n2 in zip(self.tok, self.ch, self.n1, self.n2):
            h = h + tok(n1(h).transpose(1, 2)).transpose(1, 2)
            h = h + ch(n2(h))
        return self.head(h.mean(1))


class ViT(nn.Module):
    """A tiny ViT: linear patch embedding of 2x2 patches, learned positions, 2 encoder layers, mean pooling."""

    def __init__(self, width: int, d_out: int) -> None:
        super().__init__()
        self.embed = nn.Linear(4, width)
        self.pos = nn.Parameter(torch.randn(1, 25, width) * 0.02)
        layer = nn.TransformerEncoderLayer(width, 4, 2 * width, dropout=0.0, batch_first=True, norm_first=True)
        self.enc = nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
        self.head = nn.Linear(width, d_out)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.enc(self.embed(_patchify(x)) + self.pos).mean(1))


class TCN(nn.Module):
    """A causal temporal convolution net (dilations 1, 2, 4, 8) for tokens (per-position tags) or series (forecast)."""

    def __init__(self, width: int, d_out: int, tokens: bool, dropout: float = 0.0) -> None:
        super().__init__()
        self.tokens = tokens
        self.embed = nn.Embedding(TAG_VOCAB * TAGS, width, padding_idx=0) if tokens else nn.Conv1d(1, width, 1)
        self.convs = nn.ModuleList(nn.Conv1d(width, width, 2, dilation=d) for d in (1, 2, 4, 8))
        self.drop = nn.Dropout(dropout)
        self.head = nn.Linear(width, d_out)

    def backbone(self) -> list[nn.Parameter]:
        return [p for m in (self.embed, self.convs) for p in m.parameters()]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.tokens:
            h = self.drop(self.embed(x)).transpose(1, 2)
        else:
            mu, sd = x.mean(1, keepdim=True), x.std(1, keepdim=True) + 1e-3
            h = self.embed(((x - mu) / sd).unsqueeze(1))
        for c in self.convs:
            h = h + F.relu(c(F.pad(h, (c.dilation[0], 0))))
        if self.tokens:
            return self.head(h.transpose(1, 2))
        return self.head(h[:, :, -1]) * sd + mu  # forecast back in the series' units


class GCN(nn.Module):
    """Dense graph convolutions: H <- relu(D^-1/2 (A + I) D^-1/2 H W), node features = [1, degree], mean and max
    readout."""

    def __init__(self, width: int, d_out: int, dropout: float = 0.0) -> None:
        super().__init__()
        self.w = nn.ModuleList([nn.Linear(2, width), nn.Linear(width, width), nn.Linear(width, width)])
        self.drop = nn.Dropout(dropout)
        self.head = nn.Linear(2 * width, d_out)

    def forward(self, a: torch.Tensor) -> torch.Tensor:
        deg = a.sum(2, keepdim=True)
        h = torch.cat([torch.ones_like(deg), deg / 4], 2)
        ai = a + torch.eye(a.shape[1])
        dinv = ai.sum(2).rsqrt()
        norm = dinv.unsqueeze(2) * ai * dinv.unsqueeze(1)
        for lin in self.w:
            h = self.drop(F.relu(norm @ lin(h)))
        return self.head(torch.cat([h.mean(1), h.amax(1)], 1))  # mean and max readout


class Scaled(nn.Module):
    """Regression in original units: the net predicts a standardised value, de-standardised by a fixed last layer."""

    def __init__(self, net: nn.Module, mean: float, std: float) -> None:
        super().__init__()
        self.net, self.mean, self.std = net, mean, std

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x) * self.std + self.mean


def out_dim(data: Data6) -> int:
    return {"patches": 4, "graphs": 4, "multilabel": 20, "ordinal": 4, "survival": 1, "tags": TAGS, "denoise": 8,
            "contrastive": 32, "distill": 6, "focal": 3, "bigreg": 1, "tinyreg": 1, "forecast": 8}[data.task]


def torch_model(fam: Any, data: Data6) -> nn.Module:
    d_out, w = out_dim(data), fam.width
    d_in = data.x_train.shape[1] if data.x_train.ndim == 2 else 0
    m = fam.model
    if m == "mlp":
        net: nn.Module = _mlp(d_in, w, d_out, fam.dropout)
    elif m == "ws_mlp":
        net = _mlp(d_in, w, d_out, fam.dropout, ws=True)
    elif m == "resmlp30":
        net = ResMLP30(d_in, w, d_out)
    elif m == "dwsep":
        net = DWSep(w, d_out)
    elif m == "ws_cnn":
        net = WSCNN(w, d_out)
    elif m == "mixer":
        net = Mixer(w, d_out)
    elif m == "vit":
        net = ViT(w, d_out)
    elif m == "tcn":
        net = TCN(w, d_out, tokens=data.task == "tags", dropout=fam.dropout)
    elif m == "gcn":
        net = GCN(w, d_out, fam.dropout)
    else:
        raise ValueError(m)
    if fam.zero_head:  # the classifier head starts at zero (as ViT heads do): outputs start uniform
        nn.init.zeros_(net.head.weight)
        nn.init.zeros_(net.head.bias)
    if data.task in ("bigreg", "tinyreg"):
        net = Scaled(net, data.y_mean, data.y_std)
    return net


def _focal(logits: torch.Tensor, y: torch.Tensor, gamma: float = 2.0) -> torch.Tensor:
    logp = F.log_softmax(logits, 1).gather(1, y[:, None]).squeeze(1)
    return (-(1 - logp.exp()) ** gamma * logp).mean()


def _cox(risk: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Negative Cox partial log-likelihood (Breslow, per batch): sum over events of log-sum-exp of the risk set."""
    order = torch.argsort(y[:, 0], descending=True)
    r, ev = risk.view(-1)[order], y[order, 1]
    lse = torch.logcumsumexp(r, 0)
    return -((r - lse) * ev).sum() / ev.sum().clamp(min=1)


def info_nce(z1: torch.Tensor, z2: torch.Tensor, tau: float) -> torch.Tensor:
    z1, z2 = F.normalize(z1, dim=1), F.normalize(z2, dim=1)
    logits = z1 @ z2.T / tau
    return F.cross_entropy(logits, torch.arange(len(z1)))


def views(x: torch.Tensor, gen: torch.Generator | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """Two augmented views: Gaussian jitter (0.15) and 10 % of the features masked."""
    def one() -> torch.Tensor:
        return (x + 0.15 * torch.randn(x.shape, generator=gen)) * (torch.rand(x.shape, generator=gen) > 0.1)
    return one(), one()


def task_loss(fam: Any, data: Data6, model: nn.Module, x: torch.Tensor, y: torch.Tensor,
              gen: torch.Generator | None = None) -> tuple[torch.Tensor, torch.Tensor | None]:
    """The loss of a batch and the model's output (None where the task has no output to score)."""
    t = data.task
    if t == "contrastive":
        v1, v2 = views(x, gen)
        return info_nce(model(v1), model(v2), fam.temperature), None
    if t == "denoise":
        eps = torch.randn(x.shape, generator=gen)
        return F.mse_loss(model(x + 0.5 * eps), eps), None
    out = model(x)
    if fam.logit_temperature != 1.0:  # the fault: a calibration temperature left in the model during training
        out = out / fam.logit_temperature
    if t in ("patches", "graphs"):  # label smoothing in the training loss only (the validation loss has none)
        return F.cross_entropy(out, y, label_smoothing=fam.label_smoothing if model.training else 0.0), out
    if t == "tags":
        return F.cross_entropy(out.reshape(-1, TAGS), y.reshape(-1), ignore_index=-100), out
    if t == "multilabel":
        return F.binary_cross_entropy_with_logits(out, y), out
    if t == "ordinal":  # CORAL: one BCE per threshold "grade > k"
        target = (y[:, None] > torch.arange(4)[None, :]).float()
        return F.binary_cross_entropy_with_logits(out, target), out
    if t == "survival":
        return _cox(out, y), None
    if t == "distill":  # CE on the hard label + T^2 KL to the teacher's softened distribution, summed
        tt = 2.0
        ce = F.cross_entropy(out, y[:, 0].long())
        kl = F.kl_div(F.log_softmax(out / tt, 1), F.softmax(y[:, 1:] / tt, 1), reduction="batchmean")
        return ce + tt * tt * kl, out
    if t == "focal":
        return _focal(out, y), out
    if t in ("bigreg", "tinyreg"):
        return F.mse_loss(out, y), None
    if t == "forecast":  # MASE-like: MAE over the horizon / the mean absolute one-step change of the input window
        scale = (x[:, 1:] - x[:, :-1]).abs().mean(1, keepdim=True)
        return ((out - y).abs() / scale).mean(), None
    raise ValueError(t)


def hits(data: Data6, out: torch.Tensor | None, y: torch.Tensor) -> tuple[float, int] | None:
    """(correct, count) for the task's accuracy, or None where it has none."""
    if out is None or data.n_classes <= 1:
        return None
    t = data.task
    if t == "tags":
        mask = y >= 0
        return float((out.argmax(-1)[mask] == y[mask]).sum()), int(mask.sum())
    if t == "ordinal":
        return float(((out > 0).sum(1) == y).sum()), len(y)
    if t == "distill":
        return float((out.argmax(1) == y[:, 0].long()).sum()), len(y)
    return float((out.argmax(1) == y).sum()), len(y)


def torch_optimizer(fam: Any, params: Any) -> torch.optim.Optimizer:
    o, lr, wd = fam.optimizer, fam.lr, fam.weight_decay
    if o == "adam":
        return torch.optim.Adam(params, lr=lr, weight_decay=wd)
    if o == "adamw":
        return torch.optim.AdamW(params, lr=lr, weight_decay=wd)
    if o == "nadam":
        return torch.optim.NAdam(params, lr=lr, weight_decay=wd)
    if o == "radam":
        return torch.optim.RAdam(params, lr=lr, weight_decay=wd)
    if o == "adagrad":
        return torch.optim.Adagrad(params, lr=lr, eps=fam.adagrad_eps, weight_decay=wd)
    if o == "adadelta":
        return torch.optim.Adadelta(params, lr=lr, weight_decay=wd)
    if o == "nesterov":
        return torch.optim.SGD(params, lr=lr, momentum=0.9, nesterov=True, weight_decay=wd)
    raise ValueError(o)


def lr_factor(fam: Any, total_steps: int) -> Any:
    """A per-step LR multiplier (LambdaLR), or None: polynomial decay (power 2), exponential warm-up to the base LR
    (x10 per warmup/3 steps from 1e-3), and the fault of a warm-up whose exponent never stops growing."""
    s = fam.schedule
    if s == "poly":
        return lambda step: max(1 - step / total_steps, 0.0) ** 2
    if s == "expwarm":
        return lambda step: 10 ** (-3 + 3 * min(step / fam.warmup, 1.0))
    if s == "expwarm_unbounded":  # the fault: min(., 1) forgotten, the LR keeps growing x10 every warmup/3 steps
        return lambda step: 10 ** (-3 + 3 * step / fam.warmup)
    return None
