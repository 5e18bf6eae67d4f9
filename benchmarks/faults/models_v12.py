"""Models, losses and optimisers of the twelfth-generation families (PyTorch).

Models none of v1-v11 used: **a 1-D ResNet with squeeze-and-excitation blocks** (BatchNorm, ReLU, channel gates from
the pooled features), **a stacked minGRU** (Feng et al., 2024: the gate and the candidate depend on the input only,
h_t = (1 - z_t) h_{t-1} + z_t h~_t; pre-LayerNorm residual layers), **a Chebyshev Kolmogorov-Arnold network**
(ChebyKAN: each edge a learned degree-4 Chebyshev polynomial of tanh(x), LayerNorm between layers), **an
FT-Transformer** (every numeric feature its own token w_j x_j + b_j, a CLS token, a pre-norm transformer encoder).
Losses: **the squared earth mover's distance between predicted and target rating histograms** (the squared
difference of their cumulative distributions), **log-cosh** (in its overflow-free form log(cosh e) = |e| +
softplus(-2|e|) - ln 2), cross-entropy (**with R-Drop's consistency term** in one run). Optimisers written here by
hand: **Muon with an auxiliary AdamW** (Keller Jordan's MuonWithAuxAdam: hidden weight matrices take the
Newton-Schulz-orthogonalised Nesterov momentum, scaled to AdamW's RMS; biases, norms, token embeddings and the head
take AdamW) and **AdEMAMix** (Pagliardini et al., 2024: Adam plus a slow EMA of the gradient, beta3 0.999, weighted by
alpha, alpha warmed up linearly).
"""
from __future__ import annotations

import math
from typing import Any

import torch
from torch import nn

from data_v12 import Data12

# ---- models -------------------------------------------------------------------------------------------------------


class SEBlock(nn.Module):
    def __init__(self, width: int) -> None:
        super().__init__()
        self.conv = nn.Sequential(nn.Conv1d(width, width, 3, padding=1), nn.BatchNorm1d(width), nn.ReLU(),
                                  nn.Conv1d(width, width, 3, padding=1), nn.BatchNorm1d(width))
        self.gate = nn.Sequential(nn.Linear(width, max(width // 4, 2)), nn.ReLU(),
                                  nn.Linear(max(width // 4, 2), width), nn.Sigmoid())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.conv(x)
        h = h * self.gate(h.mean(2))[:, :, None]
        return torch.relu(x + h)


class SEResNet(nn.Module):
    """(n, L, C) or (n, L) -> features: a conv stem, squeeze-and-excitation residual blocks, average pooling."""

    def __init__(self, channels: int, width: int, blocks: int, dropout: float, head: nn.Module) -> None:
        super().__init__()
        self.stem = nn.Sequential(nn.Conv1d(channels, width, 5, padding=2), nn.BatchNorm1d(width), nn.ReLU())
        self.blocks = nn.Sequential(*(SEBlock(width) for _ in range(blocks)))
        self.drop = nn.Dropout(dropout)
        self.head = head

    def features(self, x: torch.Tensor) -> torch.Tensor:
        x = x[:, :, None] if x.dim() == 2 else x
        return self.drop(self.blocks(self.stem(x.transpose(1, 2))).mean(2))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x))


class MinGRULayer(nn.Module):
    """h_t = (1 - z_t) h_{t-1} + z_t h~_t, z_t = sigmoid(W_z x_t), h~_t = W_h x_t (no dependence on h_{t-1})."""

    def __init__(self, width: int) -> None:
        super().__init__()
        self.norm = nn.LayerNorm(width)
        self.zh = nn.Linear(width, 2 * width)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        z, cand = self.zh(self.norm(x)).chunk(2, dim=2)
        z = torch.sigmoid(z)
        h = torch.zeros_like(x[:, 0])
        out = []
        for t in range(x.shape[1]):
            h = (1 - z[:, t]) * h + z[:, t] * cand[:, t]
            out.append(h)
        return x + torch.stack(out, 1)


class MinGRU(nn.Module):
    def __init__(self, channels: int, width: int, layers: int, dropout: float, head: nn.Module) -> None:
        super().__init__()
        self.inp = nn.Linear(channels, width)
        self.layers = nn.Sequential(*(MinGRULayer(width) for _ in range(layers)))
        self.norm = nn.LayerNorm(width)
        self.drop = nn.Dropout(dropout)
        self.head = head
        self.pool_first = False

    def features(self, x: torch.Tensor) -> torch.Tensor:
        x = x[:, :, None] if x.dim() == 2 else x
        h = self.layers(self.inp(x))
        return self.drop(self.norm(h[:, 0] if self.pool_first else h[:, -1]))  # the fault: out[:, 0]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x))


class ChebyKANLayer(nn.Module):
    """y_o = sum_i sum_d c[i, o, d] T_d(tanh(x_i)): a Chebyshev polynomial on every edge."""

    def __init__(self, d_in: int, d_out: int, degree: int) -> None:
        super().__init__()
        self.degree = degree
        self.coeffs = nn.Parameter(torch.randn(d_in, d_out, degree + 1) / math.sqrt(d_in * (degree + 1)))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = torch.tanh(x)
        ts = [torch.ones_like(x), x]
        for _ in range(2, self.degree + 1):
            ts.append(2 * x * ts[-1] - ts[-2])
        return torch.einsum("nid,iod->no", torch.stack(ts[:self.degree + 1], 2), self.coeffs)


class ChebyKAN(nn.Module):
    def __init__(self, d_in: int, width: int, layers: int, degree: int, dropout: float, head: nn.Module) -> None:
        super().__init__()
        dims = [d_in] + [width] * layers
        self.body = nn.Sequential(*(nn.Sequential(ChebyKANLayer(a, b, degree), nn.LayerNorm(b), nn.Dropout(dropout))
                                    for a, b in zip(dims[:-1], dims[1:])))
        self.head = head

    def features(self, x: torch.Tensor) -> torch.Tensor:
        return self.body(x.reshape(len(x), -1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x))


class FTTransformer(nn.Module):
    """Every feature a token w_j x_j + b_j, a learned CLS token, a pre-norm encoder; the CLS state is the feature."""

    def __init__(self, n_features: int, width: int, layers: int, dropout: float, head: nn.Module) -> None:
        super().__init__()
        self.w = nn.Parameter(torch.randn(n_features, width) / math.sqrt(width))
        self.b = nn.Parameter(torch.zeros(n_features, width))
        self.cls = nn.Parameter(torch.randn(1, 1, width) * 0.02)
        layer = nn.TransformerEncoderLayer(width, 4, 2 * width, dropout, batch_first=True, norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        self.norm = nn.LayerNorm(width)
        self.head = head

    def features(self, x: torch.Tensor) -> torch.Tensor:
        x = x.reshape(len(x), -1)
        tokens = x[:, :, None] * self.w + self.b
        h = self.encoder(torch.cat([self.cls.expand(len(x), -1, -1), tokens], 1))
        return torch.relu(self.norm(h[:, 0]))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x))


def torch_model(fam: Any, data: Data12) -> nn.Module:
    out = {"gesture": data.n_classes, "ratings": 5, "kinetics": 1}[data.task]
    shape = data.x_train.shape
    channels = shape[2] if len(shape) == 3 else 1
    width = fam.width
    head: nn.Module = nn.Linear(width, out)
    if fam.model == "seres":
        return SEResNet(channels, width, fam.blocks, fam.dropout, head)
    if fam.model == "mingru":
        m = MinGRU(channels, width, fam.blocks, fam.dropout, head)
        m.pool_first = fam.pool_first
        return m
    if fam.model == "kan":
        return ChebyKAN(int(math.prod(shape[1:])), width, fam.blocks, 4, fam.dropout, head)
    if fam.model == "ftt":
        return FTTransformer(int(math.prod(shape[1:])), width, fam.blocks, fam.dropout, head)
    raise ValueError(fam.model)


# ---- losses -------------------------------------------------------------------------------------------------------


def squared_emd(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Mean over rows of sum_k (CDF_pred_k - CDF_target_k)^2 over the grades (Hou et al.'s squared EMD)."""
    cdf = torch.cumsum(torch.softmax(logits, 1), 1)
    return ((cdf - torch.cumsum(target, 1))[:, :-1] ** 2).sum(1).mean()


def log_cosh(err: torch.Tensor, naive: bool = False) -> torch.Tensor:
    """Mean log(cosh(err)); `naive` as it is often written, torch.log(torch.cosh(err)), which overflows to inf in
    float32 once |err| > 89 (and its gradient is then NaN)."""
    if naive:
        return torch.log(torch.cosh(err)).mean()
    a = err.abs()
    return (a + nn.functional.softplus(-2 * a) - math.log(2)).mean()


def _kl(p_log: torch.Tensor, q_log: torch.Tensor) -> torch.Tensor:
    return (p_log.exp() * (p_log - q_log)).sum(1).mean()


def task_loss(fam: Any, data: Data12, model: nn.Module, x: torch.Tensor, y: torch.Tensor,
              train: bool = False) -> tuple[torch.Tensor, Any]:
    """(loss, logits for the accuracy or None). In training, R-Drop runs two dropout passes and adds alpha x their
    symmetric KL to the mean cross-entropy: the logged training loss holds it, the validation loss does not."""
    out = model(x)
    if data.task == "ratings":
        return squared_emd(out.float(), y), None
    if data.task == "kinetics":
        return log_cosh(out.reshape(-1).float() - y, naive=fam.naive_logcosh), None
    logits = out.float()
    if fam.softmax_dim0:  # the fault: nn.Softmax(dim=0), then log and NLLLoss: normalised over the batch
        return nn.functional.nll_loss(torch.log(torch.softmax(logits, 0)), y), logits
    loss = nn.functional.cross_entropy(logits, y, label_smoothing=fam.train_smoothing if train else 0.0)
    if train and fam.rdrop:
        logits2 = model(x).float()
        lp, lq = logits.log_softmax(1), logits2.log_softmax(1)
        loss = 0.5 * (loss + nn.functional.cross_entropy(logits2, y)) + fam.rdrop * 0.5 * (_kl(lp, lq) + _kl(lq, lp))
    return loss, logits


def hits(data: Data12, out: Any, y: Any) -> tuple[float, int] | None:
    if data.n_classes < 2 or out is None:
        return None
    return float((out.argmax(1) == y).sum()), len(y)


# ---- optimisers ---------------------------------------------------------------------------------------------------


def newton_schulz(g: torch.Tensor, steps: int = 5) -> torch.Tensor:
    """An approximate orthogonalisation of g (U V^T of its SVD) by Muon's quintic Newton-Schulz iteration."""
    a, b, c = 3.4445, -4.7750, 2.0315
    x = g / (g.norm() + 1e-7)
    tall = x.shape[0] > x.shape[1]
    if tall:
        x = x.t()
    for _ in range(steps):
        s = x @ x.t()
        x = a * x + (b * s + c * s @ s) @ x
    return x.t() if tall else x


class MuonWithAuxAdam(torch.optim.Optimizer):
    """Groups with ``use_muon`` (2-D hidden weights): Nesterov momentum 0.95, orthogonalised, scaled by
    0.2 sqrt(max(rows, cols)) to AdamW's update RMS, decoupled weight decay; the other groups: AdamW (0.9, 0.95)."""

    def __init__(self, groups: list[dict[str, Any]], lr: float, weight_decay: float = 0.0) -> None:
        super().__init__(groups, dict(lr=lr, weight_decay=weight_decay, use_muon=False))

    @torch.no_grad()
    def step(self, closure: Any = None) -> None:
        for g in self.param_groups:
            lr, wd = g["lr"], g["weight_decay"]
            for p in g["params"]:
                if p.grad is None:
                    continue
                st = self.state[p]
                if g["use_muon"]:
                    buf = st.setdefault("m", torch.zeros_like(p))
                    buf.lerp_(p.grad, 0.05)
                    upd = newton_schulz(p.grad.lerp(buf, 0.95))
                    p.mul_(1 - lr * wd)
                    p.add_(upd, alpha=-lr * 0.2 * math.sqrt(max(p.shape)))
                    continue
                if not st:
                    st.update(t=0, m=torch.zeros_like(p), v=torch.zeros_like(p))
                st["t"] += 1
                st["m"].lerp_(p.grad, 0.1)
                st["v"].mul_(0.95).addcmul_(p.grad, p.grad, value=0.05)
                den = (st["v"] / (1 - 0.95 ** st["t"])).sqrt().add_(1e-8)
                p.mul_(1 - lr * wd)
                p.addcdiv_(st["m"] / (1 - 0.9 ** st["t"]), den, value=-lr)


class AdEMAMix(torch.optim.Optimizer):
    """Adam's step plus alpha x a slow EMA of the gradient (beta3) in the numerator:
    (m1_hat + alpha_t m2) / (sqrt(v_hat) + eps), alpha_t rising linearly to alpha over `warmup` steps."""

    def __init__(self, params: Any, lr: float = 1e-3, betas: tuple[float, float, float] = (0.9, 0.999, 0.999),
                 alpha: float = 5.0, warmup: int = 500, eps: float = 1e-8, weight_decay: float = 0.0) -> None:
        super().__init__(params, dict(lr=lr, betas=betas, alpha=alpha, warmup=warmup, eps=eps,
                                      weight_decay=weight_decay))

    @torch.no_grad()
    def step(self, closure: Any = None) -> None:
        for g in self.param_groups:
            b1, b2, b3 = g["betas"]
            for p in g["params"]:
                if p.grad is None:
                    continue
                st = self.state[p]
                if not st:
                    st.update(t=0, m1=torch.zeros_like(p), m2=torch.zeros_like(p), v=torch.zeros_like(p))
                st["t"] += 1
                d = p.grad
                st["m1"].lerp_(d, 1 - b1)
                st["m2"].lerp_(d, 1 - b3)
                st["v"].mul_(b2).addcmul_(d, d, value=1 - b2)
                alpha = g["alpha"] * min(1.0, st["t"] / max(g["warmup"], 1))
                num = st["m1"] / (1 - b1 ** st["t"]) + alpha * st["m2"]
                den = (st["v"] / (1 - b2 ** st["t"])).sqrt().add_(g["eps"])
                p.mul_(1 - g["lr"] * g["weight_decay"])
                p.addcdiv_(num, den, value=-g["lr"])


def _groups(fam: Any, model: nn.Module) -> list[dict[str, Any]]:
    """Trainable parameters in groups: no weight decay on biases, norms and token embeddings (ndim < 2 or named
    w/b/cls), Muon for 2-D hidden weights (not the head), the head at head_lr_mult x the LR."""
    groups: dict[tuple[bool, bool, bool], list[Any]] = {}
    for name, p in model.named_parameters():
        if not p.requires_grad:
            continue
        is_head = name.startswith("head.")
        matrix = p.ndim == 2 and not is_head and name not in ("w", "b")
        decay = p.ndim >= 2 and name not in ("w", "b", "cls")
        groups.setdefault((is_head, matrix and fam.optimizer == "muon", decay), []).append(p)
    return [{"params": ps, "use_muon": muon, "weight_decay": fam.weight_decay if decay else 0.0,
             "lr": fam.lr * (fam.head_lr_mult if head else 1.0)} for (head, muon, decay), ps in groups.items()]


def torch_optimizer(fam: Any, model: nn.Module, total: int) -> torch.optim.Optimizer:
    groups = _groups(fam, model)
    if fam.optimizer == "adam":
        return torch.optim.Adam([{k: v for k, v in g.items() if k != "use_muon"} for g in groups], lr=fam.lr,
                                betas=fam.betas)
    if fam.optimizer == "adamw":
        return torch.optim.AdamW([{k: v for k, v in g.items() if k != "use_muon"} for g in groups], lr=fam.lr,
                                 betas=fam.betas)
    if fam.optimizer == "momentum":
        return torch.optim.SGD([{k: v for k, v in g.items() if k != "use_muon"} for g in groups], lr=fam.lr,
                               momentum=0.9)
    if fam.optimizer == "muon":
        return MuonWithAuxAdam(groups, lr=fam.lr)
    if fam.optimizer == "ademamix":
        return AdEMAMix([{k: v for k, v in g.items() if k != "use_muon"} for g in groups], lr=fam.lr,
                        alpha=fam.ademamix_alpha, warmup=fam.ademamix_warmup)
    raise ValueError(fam.optimizer)
