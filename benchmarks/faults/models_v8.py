"""Models, losses, optimisers and schedules of the eighth-generation families (PyTorch).

Models none of v1-v7 built: a fastText-style EmbeddingBag classifier (sparse gradients), a bidirectional Elman RNN
(tanh ``nn.RNN``) over conv features for CTC, a factorisation machine, a SIREN (sine activations, omega_0 = 30), a
maxout network, a highway network, a self-normalising SELU network with AlphaDropout, and a fully convolutional dilated
segmentation net without down-sampling. Losses: CTC, BCE on a factorisation machine's logit, MSE on pixel intensities,
Gaussian NLL with a predicted variance, Dice + BCE summed, cross-entropy with label smoothing. Optimisers: L-BFGS (full
batch), SparseAdam for the embedding + Adam for the rest, a hand-written LAMB, Lookahead around Adam, SAM around SGD
(in trainers_v8), Adam with AMSGrad, plain SGD; schedules: warm-up/stable/decay (WSD), SequentialLR (linear warm-up
then exponential decay), cosine with a floor, ReduceLROnPlateau.
"""
from __future__ import annotations

import math
from typing import Any

import torch
from torch import nn
from torch.nn import functional as F

from data_v8 import FEAT, FIELDS, PHONES, VALUES, VOCAB_SIZE, Data8


class FastText(nn.Module):
    """Mean of word embeddings (EmbeddingBag, padding ignored), dropout, a linear classifier."""

    def __init__(self, dim: int, d_out: int, dropout: float, sparse: bool, word_dropout: float = 0.0) -> None:
        super().__init__()
        self.emb = nn.EmbeddingBag(VOCAB_SIZE, dim, mode="mean", padding_idx=0, sparse=sparse)
        self.drop = nn.Dropout(dropout)
        self.head = nn.Linear(dim, d_out)
        self.word_dropout = word_dropout

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.training and self.word_dropout:  # word dropout: tokens replaced by padding in training only
            x = x.masked_fill(torch.rand(x.shape) < self.word_dropout, 0)
        return self.head(self.drop(self.emb(x)))


class BiRNNCTC(nn.Module):
    """Conv1d features, optional max-pooling in time, a bidirectional tanh RNN, per-frame log-probs (blank = 0)."""

    def __init__(self, width: int, pool: int) -> None:
        super().__init__()
        self.conv = nn.Conv1d(FEAT, width, 3, padding=1)
        self.pool = pool
        self.rnn = nn.RNN(width, width, batch_first=True, bidirectional=True)
        self.head = nn.Linear(2 * width, PHONES + 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = torch.relu(self.conv(x.transpose(1, 2)))
        if self.pool > 1:
            h = F.max_pool1d(h, self.pool)
        return self.head(self.rnn(h.transpose(1, 2))[0]).log_softmax(-1)  # (B, T, C)


class FM(nn.Module):
    """Factorisation machine: bias + per-value weights + sum over field pairs of <v_i, v_j>."""

    def __init__(self, rank: int) -> None:
        super().__init__()
        self.bias = nn.Parameter(torch.zeros(1))
        self.w = nn.Embedding(FIELDS * VALUES, 1)
        self.v = nn.Embedding(FIELDS * VALUES, rank)
        nn.init.normal_(self.w.weight, 0, 0.01)
        nn.init.normal_(self.v.weight, 0, 0.1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        v = self.v(x)
        inter = 0.5 * ((v.sum(1) ** 2).sum(-1) - (v ** 2).sum((1, 2)))
        return self.bias + self.w(x).sum((1, 2)) + inter


class Sine(nn.Module):
    def __init__(self, d_in: int, d_out: int, w0: float, first: bool) -> None:
        super().__init__()
        self.lin, self.w0 = nn.Linear(d_in, d_out), w0
        bound = 1 / d_in if first else math.sqrt(6 / d_in) / w0
        nn.init.uniform_(self.lin.weight, -bound, bound)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.sin(self.w0 * self.lin(x))


class Siren(nn.Module):
    def __init__(self, width: int, w0: float = 30.0) -> None:
        super().__init__()
        self.body = nn.Sequential(Sine(2, width, w0, True), Sine(width, width, w0, False), Sine(width, width, w0, False))
        self.head = nn.Linear(width, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.body(x)).squeeze(-1)


class Maxout(nn.Module):
    def __init__(self, d_in: int, d_out: int, pieces: int = 3) -> None:
        super().__init__()
        self.lin, self.pieces = nn.Linear(d_in, d_out * pieces), pieces

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.lin(x).unflatten(-1, (-1, self.pieces)).amax(-1)


class MaxoutNet(nn.Module):
    def __init__(self, d_in: int, width: int, d_out: int, dropout: float) -> None:
        super().__init__()
        self.body = nn.Sequential(Maxout(d_in, width), nn.Dropout(dropout), Maxout(width, width), nn.Dropout(dropout))
        self.head = nn.Linear(width, d_out)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.body(x))


class Highway(nn.Module):
    """x + T(x) * (H(x) - x), the transform gate biased towards carrying (-2)."""

    def __init__(self, width: int) -> None:
        super().__init__()
        self.h, self.t = nn.Linear(width, width), nn.Linear(width, width)
        nn.init.constant_(self.t.bias, -2.0)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        g = torch.sigmoid(self.t(x))
        return x + g * (torch.relu(self.h(x)) - x)


class HighwayNet(nn.Module):
    def __init__(self, d_in: int, width: int, d_out: int, layers: int = 6) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(d_in, width), *[Highway(width) for _ in range(layers)])
        self.head = nn.Linear(width, d_out)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.body(x))


class SeluNet(nn.Module):
    """Self-normalising network: SELU, LeCun-normal init, AlphaDropout."""

    def __init__(self, d_in: int, width: int, d_out: int, dropout: float, depth: int = 4) -> None:
        super().__init__()
        layers: list[nn.Module] = []
        for i in range(depth):
            lin = nn.Linear(d_in if i == 0 else width, width)
            nn.init.normal_(lin.weight, 0, 1 / math.sqrt(lin.in_features))
            nn.init.zeros_(lin.bias)
            layers += [lin, nn.SELU(), nn.AlphaDropout(dropout)]
        self.body = nn.Sequential(*layers)
        self.head = nn.Linear(width, d_out)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.body(x))


class DilatedSeg(nn.Module):
    """Fully convolutional, dilations 1-2-4, no down-sampling; one logit per pixel."""

    def __init__(self, width: int) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(1, width, 3, padding=1), nn.ReLU(),
                                  nn.Conv2d(width, width, 3, padding=2, dilation=2), nn.ReLU(),
                                  nn.Conv2d(width, width, 3, padding=4, dilation=4), nn.ReLU())
        self.head = nn.Conv2d(width, 1, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.body(x))


def torch_model(fam: Any, data: Data8) -> nn.Module:
    d_in = data.x_train.shape[1] if data.x_train.ndim == 2 else 0
    out = 2 if fam.loss == "gauss_nll" else data.n_classes
    if fam.model == "fasttext":
        m: nn.Module = FastText(fam.width, out, fam.dropout, fam.optimizer == "sparse_adam", fam.word_dropout)
    elif fam.model == "birnn":
        m = BiRNNCTC(fam.width, fam.pool)
    elif fam.model == "fm":
        m = FM(fam.width)
    elif fam.model == "siren":
        m = Siren(fam.width)
    elif fam.model == "maxout":
        m = MaxoutNet(d_in, fam.width, out, fam.dropout)
    elif fam.model == "highway":
        m = HighwayNet(d_in, fam.width, out)
    elif fam.model == "selu":
        m = SeluNet(d_in, fam.width, out, fam.dropout)
    elif fam.model == "seg":
        m = DilatedSeg(fam.width)
    else:
        raise ValueError(fam.model)
    if fam.bias_init and isinstance(m, FM):  # the fault: the output bias set from counts, not log-odds
        nn.init.constant_(m.bias, fam.bias_init)
    if fam.zero_head and hasattr(m, "head"):
        nn.init.zeros_(m.head.weight)
        nn.init.zeros_(m.head.bias)
    return m.double() if fam.fp64 else m


def _dice_bce(logits: torch.Tensor, m: torch.Tensor) -> torch.Tensor:
    p = torch.sigmoid(logits)
    dice = 1 - (2 * (p * m).sum() + 1) / (p.sum() + m.sum() + 1)
    return dice + F.binary_cross_entropy_with_logits(logits, m)


def task_loss(fam: Any, model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, Any]:
    """(loss, the output used for accuracy or None)."""
    out = model(x)
    if fam.loss == "ce":
        return F.cross_entropy(out, y, label_smoothing=fam.label_smoothing), out
    if fam.loss == "bce":
        return F.binary_cross_entropy_with_logits(out, y), out
    if fam.loss == "ctc":  # out (B, T, C); y = [length, labels...]
        lp = out.transpose(0, 1)
        in_len = torch.full((len(x),), lp.shape[0], dtype=torch.long)
        return F.ctc_loss(lp, y[:, 1:], in_len, y[:, 0], blank=0, zero_infinity=False), None
    if fam.loss == "mse":
        return F.mse_loss(out, y), None
    if fam.loss == "gauss_nll":
        mean, var = out[:, 0], F.softplus(out[:, 1]) + 1e-4
        return F.gaussian_nll_loss(mean, y, var, full=True), None
    if fam.loss == "dice_bce":
        return _dice_bce(out, y), out
    raise ValueError(fam.loss)


def hits(data: Data8, out: torch.Tensor | None, y: torch.Tensor) -> tuple[float, int] | None:
    """(right, counted) for the accuracy, or None where the task has none."""
    if out is None or data.n_classes == 1:
        return None
    if data.task in ("clicks", "masks"):  # one logit: the click / the pixel
        return float(((out > 0).to(y.dtype) == y).sum()), y.numel()
    return float((out.argmax(-1) == y).sum()), len(y)


class Lamb(torch.optim.Optimizer):
    """LAMB (You et al. 2019): Adam's update scaled per layer by the trust ratio ||w|| / ||update||."""

    def __init__(self, params: Any, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-6,
                 weight_decay: float = 0.0) -> None:
        super().__init__(params, {"lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay})

    @torch.no_grad()
    def step(self, closure: Any = None) -> Any:
        for g in self.param_groups:
            b1, b2 = g["betas"]
            for p in g["params"]:
                if p.grad is None:
                    continue
                st = self.state[p]
                if not st:
                    st["t"], st["m"], st["v"] = 0, torch.zeros_like(p), torch.zeros_like(p)
                st["t"] += 1
                st["m"].mul_(b1).add_(p.grad, alpha=1 - b1)
                st["v"].mul_(b2).addcmul_(p.grad, p.grad, value=1 - b2)
                mh = st["m"] / (1 - b1 ** st["t"])
                vh = st["v"] / (1 - b2 ** st["t"])
                upd = mh / (vh.sqrt() + g["eps"]) + g["weight_decay"] * p
                wn, un = float(p.norm()), float(upd.norm())
                trust = wn / un if wn > 0 and un > 0 else 1.0
                p.add_(upd, alpha=-g["lr"] * trust)
        return None


def torch_optimizer(fam: Any, model: nn.Module) -> list[torch.optim.Optimizer]:
    """The optimiser(s): SparseAdam + Adam where the embedding has sparse gradients, else one."""
    o, lr, wd = fam.optimizer, fam.lr, fam.weight_decay
    params = list(model.parameters())
    if o == "sparse_adam":
        emb = list(model.emb.parameters())  # type: ignore[union-attr]
        rest = [p for p in params if all(p is not e for e in emb)]
        return [torch.optim.SparseAdam(emb, lr=lr), torch.optim.Adam(rest, lr=lr)]
    if o == "finetune_llrd":  # layer-wise LR decay: the pre-trained embedding at 0.3x the head's LR
        emb = list(model.emb.parameters())  # type: ignore[union-attr]
        rest = [p for p in params if all(p is not e for e in emb)]
        return [torch.optim.Adam([{"params": rest, "lr": lr}, {"params": emb, "lr": 0.3 * lr}])]
    if o in ("adam", "lookahead"):
        return [torch.optim.Adam(params, lr=lr, weight_decay=wd)]
    if o == "adam_maximize":  # the fault: maximize=True copied from a critic's config
        return [torch.optim.Adam(params, lr=lr, maximize=True)]
    if o == "amsgrad":
        return [torch.optim.Adam(params, lr=lr, amsgrad=True, weight_decay=wd)]
    if o == "sgd":
        return [torch.optim.SGD(params, lr=lr, weight_decay=wd)]
    if o in ("nesterov", "sam"):
        return [torch.optim.SGD(params, lr=lr, momentum=0.9, nesterov=o == "nesterov", weight_decay=wd)]
    if o == "lamb":
        return [Lamb(params, lr=lr, weight_decay=wd)]
    if o == "lbfgs":
        return [torch.optim.LBFGS(params, lr=lr, max_iter=20, history_size=20, line_search_fn="strong_wolfe")]
    raise ValueError(o)


def lr_factor(fam: Any, total_steps: int, per_epoch: int) -> Any:
    """A per-step LR multiplier (LambdaLR), or None where the schedule is built otherwise."""
    s = fam.schedule
    if s == "wsd":  # warm-up 5 %, stable, linear decay over the last 20 %
        w, d0 = max(1, int(0.05 * total_steps)), int(0.8 * total_steps)
        return lambda t: min((t + 1) / w, 1.0, max(0.0, (total_steps - t) / max(1, total_steps - d0)))
    if s == "warmup_int_div":  # the fault: warm-up factor s // warmup (integer division), warm-up longer than the run
        return lambda t: min(1.0, t // fam.warmup)
    return None
