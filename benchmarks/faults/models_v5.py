"""Models, losses, optimisers and schedules of the fifth-generation families (PyTorch; the Keras two-head model is in
trainers_v5.py): a Siamese encoder, a FiLM-conditioned MLP, a gated-linear-unit MLP, a tiny ResNet with GroupNorm and
stochastic depth, an RBF network, a mixture of experts with a (noisy) router, a masked-token transformer with tied
embeddings (and its fine-tuning head), a GRU with attention pooling, a bag-of-tokens net, a Perceiver-like latent
cross-attention net, a weight-tied autoencoder and a 1-D U-Net; triplet, summed multi-task, pairwise hinge,
CE + smooth-L1, Poisson, pinball, masked-token and per-position BCE losses; a hand-written Lion."""
from __future__ import annotations

import math
from typing import Any, Callable

import torch
import torch.nn.functional as F
from torch import nn

from data_v5 import MASK_ID, MTOK_LEN, MTOK_VOCAB, ORDER_LEN, ORDER_VOCAB, QUANTILES, Data5
from families_v5 import Family5


def _out_dim(data: Data5) -> int:
    return {"multitask": 5, "boxes": 7, "poisson": 1, "quantile": len(QUANTILES), "multiclass": data.n_classes,
            "rank": 1}.get(data.task, data.n_classes)


class Siamese(nn.Module):
    """One MLP encoder applied to the anchor, the positive and the negative: (B, 3, D) -> (B, 3, 16)."""

    def __init__(self, d: int, w: int) -> None:
        super().__init__()
        self.enc = nn.Sequential(nn.Linear(d, w), nn.ReLU(), nn.Linear(w, w), nn.ReLU(), nn.Linear(w, 16))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.enc(x)


class FiLM(nn.Module):
    """A trunk on the 12 main features modulated by the 4 context features: h' = (1 + gamma) * h + beta, with the
    generator zero-initialised (the usual identity start). The fault writes gamma * h + beta and freezes the
    generator: every feature becomes 0."""

    def __init__(self, w: int, out: int, bug: bool) -> None:
        super().__init__()
        self.l1, self.l2, self.head = nn.Linear(12, w), nn.Linear(w, w), nn.Linear(w, out)
        self.gen = nn.Linear(4, 2 * w)
        nn.init.zeros_(self.gen.weight)
        nn.init.zeros_(self.gen.bias)
        self.bug = bug
        if bug:
            self.gen.requires_grad_(False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        gamma, beta = self.gen(x[:, 12:16]).chunk(2, -1)
        h = F.relu(self.l1(x[:, :12]))
        h = gamma * h + beta if self.bug else (1 + gamma) * h + beta
        return self.head(F.relu(self.l2(h)))


class GLU(nn.Module):
    """Two gated-linear-unit layers (Linear to 2w, then a * sigmoid(b)) and a linear output; applied to the last axis
    (a ranking query's documents are scored one by one)."""

    def __init__(self, d: int, w: int, out: int, dropout: float = 0.0) -> None:
        super().__init__()
        self.net = nn.Sequential(nn.Linear(d, 2 * w), nn.GLU(), nn.Dropout(dropout), nn.Linear(w, 2 * w), nn.GLU(),
                                 nn.Linear(w, out))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.net(x)
        return y.squeeze(-1) if x.dim() == 3 else y


class Block(nn.Module):
    """A residual block with GroupNorm; stochastic depth drops the whole branch per example in training."""

    def __init__(self, w: int, drop_path: float) -> None:
        super().__init__()
        self.c1, self.c2 = nn.Conv2d(w, w, 3, padding=1), nn.Conv2d(w, w, 3, padding=1)
        self.n1, self.n2 = nn.GroupNorm(4, w), nn.GroupNorm(4, w)
        self.drop_path = drop_path

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.n2(self.c2(F.relu(self.n1(self.c1(x)))))
        if self.training and self.drop_path:
            keep = (torch.rand(x.shape[0], 1, 1, 1) >= self.drop_path).to(x.dtype) / (1 - self.drop_path)
            h = h * keep
        return F.relu(x + h)


class ResNetGN(nn.Module):
    def __init__(self, w: int, out: int, drop_path: float, dropout: float) -> None:
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(1, w, 3, padding=1), nn.GroupNorm(4, w), nn.ReLU())
        self.b1 = Block(w, drop_path)
        self.down = nn.Sequential(nn.Conv2d(w, 2 * w, 3, stride=2, padding=1), nn.GroupNorm(4, 2 * w), nn.ReLU())
        self.b2 = Block(2 * w, drop_path)
        self.drop = nn.Dropout(dropout)
        self.head = nn.Linear(2 * w * 4, out)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.b2(self.down(self.b1(self.stem(x))))
        h = F.adaptive_avg_pool2d(h, 2).flatten(1)
        return self.head(self.drop(h))


class RBF(nn.Module):
    """Gaussian radial basis functions around learned centres with learned widths, a linear read-out and a linear
    skip; the output bias starts at the log of the mean count (a sensible start for a log link)."""

    def __init__(self, d: int, k: int, out: int, bias0: float = 0.0) -> None:
        super().__init__()
        self.centres = nn.Parameter(torch.randn(k, d))
        self.log_width = nn.Parameter(torch.full((k,), math.log(1.5)))
        self.read = nn.Linear(k, out)
        self.skip = nn.Linear(d, out, bias=False)
        nn.init.constant_(self.read.bias, bias0)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        d2 = torch.cdist(x, self.centres) ** 2
        phi = torch.exp(-d2 / (2 * torch.exp(self.log_width) ** 2))
        return self.read(phi) + self.skip(x)


class MoE(nn.Module):
    """A router over 4 MLP experts: a softmax mixture, or with router noise a noisy top-1 gate (noise on in train mode
    only, as in the sparse-MoE papers)."""

    def __init__(self, d: int, w: int, out: int, noise: float, dropout: float) -> None:
        super().__init__()
        self.router = nn.Linear(d, 4)
        self.experts = nn.ModuleList(nn.Sequential(nn.Linear(d, w), nn.ReLU(), nn.Dropout(dropout), nn.Linear(w, out))
                                     for _ in range(4))
        self.noise = noise

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        logits = self.router(x)
        outs = torch.stack([e(x) for e in self.experts], 1)   # (B, E, out)
        if self.noise:
            if self.training:
                logits = logits + self.noise * torch.randn_like(logits)
            gate = F.softmax(logits, -1)
            top = F.one_hot(gate.argmax(-1), 4).to(x.dtype)
            gate = gate * top
        else:
            gate = F.softmax(logits, -1)
        return (gate.unsqueeze(-1) * outs).sum(1)


class MLM(nn.Module):
    """A 2-layer pre-norm transformer over token sequences. Input embedding x sqrt(d) (std d^-1/2 at init, so the
    inputs have unit scale); the masked-token head is tied to the input embedding. The fault initialises the
    embedding with std 1 and scales the tied output by sqrt(d) too. ``classes`` > 0 adds a mean-pooled classifier."""

    def __init__(self, w: int, sqrt_bug: bool, classes: int = 0) -> None:
        super().__init__()
        self.emb = nn.Embedding(MTOK_VOCAB + 1, w)
        nn.init.normal_(self.emb.weight, std=1.0 if sqrt_bug else w ** -0.5)
        self.pos = nn.Parameter(torch.randn(MTOK_LEN, w) * 0.1)
        self.layers = nn.ModuleList(nn.TransformerEncoderLayer(w, 4, 2 * w, dropout=0.0, batch_first=True,
                                                               norm_first=True) for _ in range(2))
        self.norm = nn.LayerNorm(w)
        self.out_bias = nn.Parameter(torch.zeros(MTOK_VOCAB))
        self.sqrt_bug, self.w = sqrt_bug, w
        self.head = nn.Linear(w, classes) if classes else None

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        h = self.emb(x) * math.sqrt(self.w) + self.pos
        for layer in self.layers:
            h = layer(h)
        return self.norm(h)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.encode(x)
        if self.head is not None:
            return self.head(h.mean(1))
        logits = h @ self.emb.weight[:MTOK_VOCAB].T
        if self.sqrt_bug:
            logits = logits * math.sqrt(self.w)
        return logits + self.out_bias

    def depth_groups(self) -> list[list[nn.Parameter]]:
        """Parameters from the top (head) to the bottom (embeddings), for layer-wise LR decay."""
        top = [*self.norm.parameters()] + ([*self.head.parameters()] if self.head is not None else [])
        return [top, [*self.layers[1].parameters()], [*self.layers[0].parameters()],
                [self.emb.weight, self.pos, self.out_bias]]


class GRUAttn(nn.Module):
    def __init__(self, vocab: int, w: int, out: int) -> None:
        super().__init__()
        self.emb = nn.Embedding(vocab, w)
        self.gru = nn.GRU(w, w, batch_first=True)
        self.score = nn.Linear(w, 1)
        self.head = nn.Linear(w, out)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h, _ = self.gru(self.emb(x))
        a = F.softmax(self.score(torch.tanh(h)), 1)
        return self.head((a * h).sum(1))


class Bag(nn.Module):
    """The fault of the under-fitting family: the token embeddings are averaged first, so order is lost."""

    def __init__(self, vocab: int, w: int, out: int) -> None:
        super().__init__()
        self.emb = nn.Embedding(vocab, w)
        self.mlp = nn.Sequential(nn.Linear(w, 2 * w), nn.ReLU(), nn.Linear(2 * w, 2 * w), nn.ReLU(),
                                 nn.Linear(2 * w, out))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.mlp(self.emb(x).mean(1))


class Perceiver(nn.Module):
    """8 learned latents cross-attend to the input tokens (each feature a token: value x w + feature embedding; or
    token embeddings + positions), one self-attention layer over the latents, mean-pooled into the head."""

    def __init__(self, w: int, out: int, n_features: int = 0, vocab: int = 0, length: int = 0,
                 dropout: float = 0.0) -> None:
        super().__init__()
        if vocab:
            self.tok = nn.Embedding(vocab, w)
            self.pos = nn.Parameter(torch.randn(length, w) * 0.1)
        else:
            self.val = nn.Parameter(torch.randn(n_features, w) * 0.5)
            self.fid = nn.Parameter(torch.randn(n_features, w) * 0.5)
        self.vocab = vocab
        self.latents = nn.Parameter(torch.randn(8, w) * 0.5)
        self.cross = nn.MultiheadAttention(w, 2, batch_first=True)
        self.n1, self.n2 = nn.LayerNorm(w), nn.LayerNorm(w)
        self.mlp = nn.Sequential(nn.Linear(w, 2 * w), nn.GELU(), nn.Linear(2 * w, w))
        self.self_layer = nn.TransformerEncoderLayer(w, 2, 2 * w, dropout=dropout, batch_first=True, norm_first=True)
        self.head = nn.Linear(w, out)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        tokens = self.tok(x) + self.pos if self.vocab else x.unsqueeze(-1) * self.val + self.fid
        lat = self.latents.expand(x.shape[0], -1, -1)
        kv = self.n1(tokens)
        lat = lat + self.cross(lat, kv, kv, need_weights=False)[0]
        lat = lat + self.mlp(self.n2(lat))
        return self.head(self.self_layer(lat).mean(1))


class TiedAE(nn.Module):
    """Encoder W, decoder W^T (one weight matrix), tanh code."""

    def __init__(self, d: int, k: int) -> None:
        super().__init__()
        self.w = nn.Parameter(torch.randn(k, d) / math.sqrt(d))
        self.b_enc, self.b_dec = nn.Parameter(torch.zeros(k)), nn.Parameter(torch.zeros(d))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.tanh(x @ self.w.T + self.b_enc) @ self.w + self.b_dec


class UNet1D(nn.Module):
    def __init__(self, w: int) -> None:
        super().__init__()
        self.d1 = nn.Sequential(nn.Conv1d(1, w, 5, padding=2), nn.ReLU(), nn.Conv1d(w, w, 5, padding=2), nn.ReLU())
        self.d2 = nn.Sequential(nn.Conv1d(w, 2 * w, 5, padding=2), nn.ReLU(), nn.Conv1d(2 * w, 2 * w, 5, padding=2),
                                nn.ReLU())
        self.up = nn.ConvTranspose1d(2 * w, w, 2, stride=2)
        self.u1 = nn.Sequential(nn.Conv1d(2 * w, w, 5, padding=2), nn.ReLU(), nn.Conv1d(w, 1, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        a = self.d1(x)
        b = self.d2(F.max_pool1d(a, 2))
        return self.u1(torch.cat([a, self.up(b)], 1)).squeeze(1)


def torch_model(fam: Family5, data: Data5) -> nn.Module:
    out = _out_dim(data)
    d = data.x_train.shape[-1]
    m = fam.model
    if m == "siamese":
        return Siamese(d, fam.width)
    if m == "film":
        return FiLM(fam.width, out, fam.film_frozen_zero)
    if m == "glu":
        return GLU(d, fam.width, out, fam.dropout)
    if m == "resnet_gn":
        return ResNetGN(fam.width, out, fam.drop_path, fam.dropout)
    if m == "rbf":
        return RBF(d, fam.width, out)
    if m == "moe":
        return MoE(d, fam.width, out, fam.router_noise, fam.dropout)
    if m == "mlm":
        return MLM(fam.width, fam.tied_sqrt_scale)
    if m == "mlm_cls":
        return MLM(fam.width, False, classes=out)
    if m == "gru_attn":
        return GRUAttn(ORDER_VOCAB, fam.width, out)
    if m == "bag":
        return Bag(ORDER_VOCAB, fam.width, out)
    if m == "perceiver":
        return Perceiver(fam.width, out, n_features=d)
    if m == "perceiver_seq":
        return Perceiver(fam.width, out, vocab=ORDER_VOCAB, length=ORDER_LEN, dropout=fam.dropout)
    if m == "tied_ae":
        return TiedAE(d, fam.width)
    if m == "unet1d":
        return UNet1D(fam.width)
    raise ValueError(f"unknown model {m}")


def torch_loss(fam: Family5, data: Data5, out: torch.Tensor, y: torch.Tensor, train: bool,
               x: torch.Tensor | None = None) -> torch.Tensor:
    """The task's loss, mean over the batch (the training loss has the family's label smoothing)."""
    t = data.task
    if t == "metric":
        return F.triplet_margin_loss(out[:, 0], out[:, 1], out[:, 2], margin=1.0)
    if t == "multitask":
        return (F.cross_entropy(out[:, :4], y[:, 0].long(), label_smoothing=fam.label_smoothing if train else 0.0)
                + F.mse_loss(out[:, 4], y[:, 1]))
    if t == "rank":
        diff = out.unsqueeze(2) - out.unsqueeze(1)               # s_i - s_j
        better = (y.unsqueeze(2) > y.unsqueeze(1)).to(out.dtype)  # rel_i > rel_j
        return (F.relu(1 - diff) * better).sum() / better.sum().clamp_min(1)
    if t == "boxes":
        return F.cross_entropy(out[:, :3], y[:, 0].long()) + F.smooth_l1_loss(out[:, 3:], y[:, 1:])
    if t == "poisson":
        if fam.poisson_log_input_false:  # the fault: the raw output taken as the rate itself
            return F.poisson_nll_loss(out[:, 0], y, log_input=False, full=True)
        return F.poisson_nll_loss(out[:, 0], y, log_input=True, full=True)
    if t == "quantile":
        e = y.unsqueeze(1) - out
        q = torch.tensor(QUANTILES, dtype=out.dtype)
        return torch.maximum(q * e, (q - 1) * e).mean() * len(QUANTILES)
    if t == "mlm":
        return F.cross_entropy(out.reshape(-1, MTOK_VOCAB), y.reshape(-1), ignore_index=-100)
    if t == "multiclass":
        return F.cross_entropy(out, y, label_smoothing=fam.label_smoothing if train else 0.0)
    if t == "recon":
        return F.mse_loss(out, y)
    if t == "events":
        return F.binary_cross_entropy_with_logits(out, y)
    raise ValueError(t)


def hits(data: Data5, out: torch.Tensor, y: torch.Tensor) -> tuple[float, int] | None:
    """(correct, counted) of the accuracy-scored head, or None where the task has no accuracy."""
    t = data.task
    if t == "multitask":
        return float((out[:, :4].argmax(1) == y[:, 0].long()).sum()), len(y)
    if t == "boxes":
        return float((out[:, :3].argmax(1) == y[:, 0].long()).sum()), len(y)
    if t == "multiclass":
        return float((out.argmax(1) == y).sum()), len(y)
    if t == "events":
        return float(((out > 0).float() == y).sum()), y.numel()
    return None


# ---- optimisers -------------------------------------------------------------------------------------------------------

class Lion(torch.optim.Optimizer):
    """Lion (Chen et al. 2023), written out: update = sign(b1 m + (1 - b1) g); p -= lr (update + wd p);
    m = b2 m + (1 - b2) g. ``ascent`` is the sign-flip bug (p += lr update)."""

    def __init__(self, params: Any, lr: float, betas: tuple[float, float] = (0.9, 0.99), weight_decay: float = 0.0,
                 ascent: bool = False) -> None:
        super().__init__(params, {"lr": lr, "betas": betas, "weight_decay": weight_decay})
        self.ascent = ascent

    @torch.no_grad()
    def step(self, closure: Callable[[], float] | None = None) -> None:  # type: ignore[override]
        for g in self.param_groups:
            b1, b2 = g["betas"]
            for p in g["params"]:
                if p.grad is None:
                    continue
                st = self.state[p]
                m = st.setdefault("exp_avg", torch.zeros_like(p))
                update = (b1 * m + (1 - b1) * p.grad).sign()
                p.mul_(1 - g["lr"] * g["weight_decay"])
                p.add_(update, alpha=g["lr"] if self.ascent else -g["lr"])
                m.mul_(b2).add_(p.grad, alpha=1 - b2)


def torch_optimizer(fam: Family5, params: Any) -> torch.optim.Optimizer:
    o, lr, wd = fam.optimizer, fam.lr, fam.weight_decay
    if o == "adam":
        return torch.optim.Adam(params, lr=lr, weight_decay=wd)
    if o == "adamw":
        return torch.optim.AdamW(params, lr=lr, weight_decay=wd)
    if o == "sgd":
        return torch.optim.SGD(params, lr=lr, weight_decay=wd)
    if o == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=fam.momentum, weight_decay=wd)
    if o == "lion":
        return Lion(params, lr=lr, weight_decay=wd, ascent=fam.lion_sign_flip)
    raise ValueError(o)


def lr_factor(fam: Family5, per_epoch: int) -> Callable[[int], float] | None:
    """The LR multiplier as a function of the optimizer step (a LambdaLR stepped after every optimizer step), or None
    for a constant LR. ``per_epoch`` is optimizer steps per epoch."""
    total = max(fam.epochs * per_epoch, 1)
    s = fam.schedule
    if s == "linear_zero":
        span = per_epoch if fam.decay_steps_one_epoch else total  # the fault: one epoch's steps as the total
        return lambda k: max(0.0, 1 - k / span)
    if s == "warmup_cosine":
        w = fam.warmup
        return lambda k: k / w if k < w else 0.5 * (1 + math.cos(math.pi * min(1.0, (k - w) / max(total - w, 1))))
    if s == "warmup_linear":
        w = fam.warmup
        return lambda k: k / w if k < w else max(0.0, 1 - (k - w) / max(total - w, 1))
    if s == "restarts":
        period = fam.restart_epochs * per_epoch
        return lambda k: 0.5 * (1 + math.cos(math.pi * (k % period) / period))
    if s == "step":
        return lambda k: fam.gamma ** ((k // per_epoch) // fam.step_size)
    return None
