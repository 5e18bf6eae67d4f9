"""Models, losses and optimisers of the twenty-first-generation families (PyTorch), none used by v1-v20.

- **CfC** (Hasani et al. 2022, closed-form continuous-time cells): per frame a backbone (LeCun tanh) reads the input
  and the state; two tanh heads give the state's two targets and a sigmoid time gate sigma(t_a(z) * ts + t_b(z)),
  with ts the time elapsed (1 s a frame), blends them: h = (1 - gate) * ff1 + gate * ff2. The last state and the
  mean of the states feed the head.
- **mLSTM** (Beck et al. 2024, xLSTM's matrix-memory LSTM) in its stabilised parallel form: per head
  C_t = f_t C_t-1 + i_t v_t k_t^T with an exponential input gate and a sigmoid forget gate, read out as
  C_t q_t / max(|n_t^T q_t|, exp(-m_t)); the frames embedded and LayerNormed, a residual mLSTM layer, an MLP, the last
  and the mean of the outputs at the head.
- **the BerHu loss** (reverse Huber, Owen 2007, Laina et al. 2016): |r| below c and (r^2 + c^2) / 2c above, with c a
  fifth of the batch's largest |r|.
- cross-entropy, also against soft targets (the fault: the automatic classifier's posteriors as targets).
- hand-written **AdaPNM** (Xie et al. 2021, positive-negative momentum: two momenta updated on alternate steps with
  beta1^2, the step (1 + beta0) m_t - beta0 m_t-1 over Adam's denominator, divided by the noise norm
  sqrt((1 + beta0)^2 + beta0^2); the fault: **multiplied by it**) and **DoG** (Ivgi et al. 2023, distance over
  gradients: SGD with the step size max_i ||x_i - x_0|| / sqrt(sum_i ||g_i||^2), the distance at least
  r_eps = 1e-6 (1 + ||x_0||); the fault: **x_0 overwritten by every step**); Adam, AdamW, SGD momentum.
"""
from __future__ import annotations

import math
from typing import Any

import torch
from torch import nn

from data_v21 import Data21


def lecun_tanh(x: torch.Tensor) -> torch.Tensor:
    return 1.7159 * torch.tanh(0.666 * x)


class CfCCell(nn.Module):
    def __init__(self, c_in: int, width: int) -> None:
        super().__init__()
        self.backbone = nn.Linear(c_in + width, width)
        self.ff1, self.ff2 = nn.Linear(width, width), nn.Linear(width, width)
        self.t_a, self.t_b = nn.Linear(width, width), nn.Linear(width, width)

    def forward(self, x: torch.Tensor, h: torch.Tensor, ts: float = 1.0) -> torch.Tensor:
        z = lecun_tanh(self.backbone(torch.cat([x, h], 1)))
        gate = torch.sigmoid(self.t_a(z) * ts + self.t_b(z))
        return torch.tanh(self.ff1(z)) * (1 - gate) + gate * torch.tanh(self.ff2(z))


class CfC(nn.Module):
    def __init__(self, channels: int, width: int, n_out: int, dropout: float) -> None:
        super().__init__()
        self.width = width
        self.cell = CfCCell(channels, width)
        self.drop = nn.Dropout(dropout)
        self.head = nn.Linear(2 * width, n_out)

    def forward(self, x: torch.Tensor) -> torch.Tensor:   # (n, C, T)
        h = x.new_zeros(len(x), self.width)
        hs = []
        for t in range(x.shape[-1]):
            h = self.cell(x[:, :, t], h)
            hs.append(h)
        s = torch.stack(hs, 1)
        return self.head(self.drop(torch.cat([s[:, -1], s.mean(1)], 1)))


class MLSTMLayer(nn.Module):
    def __init__(self, width: int, heads: int = 4) -> None:
        super().__init__()
        self.heads, self.dh = heads, width // heads
        self.qkv = nn.Linear(width, 3 * width)
        self.gates = nn.Linear(width, 2 * heads)   # input and forget gate pre-activations per head
        self.out_gate = nn.Linear(width, width)
        nn.init.constant_(self.gates.bias[heads:], 3.0)   # forget gates start open

    def forward(self, x: torch.Tensor) -> torch.Tensor:   # (n, T, d)
        n, t, d = x.shape
        q, k, v = self.qkv(x).view(n, t, 3, self.heads, self.dh).permute(2, 0, 3, 1, 4)   # (n, H, T, dh) each
        i_pre, f_pre = self.gates(x).view(n, t, 2, self.heads).permute(2, 0, 3, 1)       # (n, H, T) each
        big_f = torch.cumsum(nn.functional.logsigmoid(f_pre), -1)
        log_d = big_f[..., :, None] - big_f[..., None, :] + i_pre[..., None, :]           # (n, H, T, T)
        causal = torch.ones(t, t, dtype=torch.bool, device=x.device).tril()
        log_d = log_d.masked_fill(~causal, float("-inf"))
        m = log_d.amax(-1, keepdim=True)
        scores = (q @ k.transpose(-1, -2)) / math.sqrt(self.dh) * torch.exp(log_d - m)
        norm = torch.maximum(scores.sum(-1, keepdim=True).abs(), torch.exp(-m))
        h = (scores / norm) @ v                                                          # (n, H, T, dh)
        return torch.sigmoid(self.out_gate(x)) * h.transpose(1, 2).reshape(n, t, d)


class MLSTM(nn.Module):
    def __init__(self, channels: int, width: int, n_out: int, dropout: float) -> None:
        super().__init__()
        self.embed = nn.Linear(channels, width)
        self.norm1, self.norm2 = nn.LayerNorm(width), nn.LayerNorm(width)
        self.mlstm = MLSTMLayer(width)
        self.mlp = nn.Sequential(nn.Linear(width, 2 * width), nn.GELU(), nn.Linear(2 * width, width))
        self.drop = nn.Dropout(dropout)
        self.head = nn.Linear(2 * width, n_out)

    def forward(self, x: torch.Tensor) -> torch.Tensor:   # (n, C, T)
        e = self.norm1(self.embed(x.transpose(1, 2)))
        e = e + self.mlstm(e)
        e = e + self.mlp(self.norm2(e))
        return self.head(self.drop(torch.cat([e[:, -1], e.mean(1)], 1)))


def torch_model(fam: Any, data: Data21) -> nn.Module:
    n_out = data.n_classes if data.n_classes > 1 else 1
    channels = data.x_train.shape[1]
    if fam.model == "cfc":
        model: nn.Module = CfC(channels, fam.width, n_out, fam.dropout)
    elif fam.model == "mlstm":
        model = MLSTM(channels, fam.width, n_out, fam.dropout)
    else:
        raise ValueError(fam.model)
    if fam.fan_out_init:  # the fault: a CNN recipe's init_weights() on every Linear, the head's fan_out is 4
        for mod in model.modules():
            if isinstance(mod, nn.Linear):
                nn.init.kaiming_normal_(mod.weight, mode="fan_out", nonlinearity="relu")
    return model


# ---- losses -------------------------------------------------------------------------------------------------------


def berhu(pred: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Per-sample BerHu: |r| up to c, (r^2 + c^2) / 2c beyond, c = max|r| / 5 over the batch (not differentiated)."""
    r = (pred.reshape(-1) - y).abs()
    c = (r.max().detach() / 5).clamp_min(1e-6)
    return torch.where(r <= c, r, (r * r + c * c) / (2 * c))


def task_loss(fam: Any, data: Data21, model: nn.Module, x: torch.Tensor, y: torch.Tensor,
              soft: torch.Tensor | None = None, weight: torch.Tensor | None = None) -> tuple[torch.Tensor, Any]:
    """(loss, logits for the accuracy or None). `soft`: targets as class probabilities; `weight`: per-sample
    weights of the regression loss (the fault: 10 ** magnitude)."""
    out = model(x).float()
    if data.task == "magnitude":
        per = berhu(out, y)
        return ((per * weight).mean() if weight is not None else per.mean()), None
    if soft is not None:  # the fault: cross-entropy against the automatic classifier's posteriors
        return -(soft * torch.log_softmax(out, 1)).sum(1).mean(), out
    return nn.functional.cross_entropy(out, y), out


def hits(data: Data21, out: Any, y: Any) -> tuple[float, int] | None:
    if data.n_classes < 2 or out is None:
        return None
    return float((out.argmax(1) == y).sum()), len(y)


# ---- optimisers ---------------------------------------------------------------------------------------------------


class AdaPNM(torch.optim.Optimizer):
    """AdaPNM (Xie et al. 2021): on odd steps m1 is the positive momentum and m2 the negative, on even steps the
    reverse; pos = b1^2 pos + (1 - b1^2) g; v = b2 v + (1 - b2) g^2; step = ((1 + b0) pos - b0 neg) / (1 - b1^t)
    / (sqrt(v / (1 - b2^t)) + eps) / sqrt((1 + b0)^2 + b0^2), decoupled weight decay. `noise_norm_multiplied`: the
    fault, the last factor multiplied instead of divided."""

    def __init__(self, params: Any, lr: float = 1e-3, betas: tuple[float, float, float] = (0.9, 0.999, 1.0),
                 eps: float = 1e-8, weight_decay: float = 0.0, noise_norm_multiplied: bool = False) -> None:
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                                      mul=noise_norm_multiplied))

    @torch.no_grad()
    def step(self) -> None:
        for g in self.param_groups:
            b1, b2, b0 = g["betas"]
            noise_norm = math.sqrt((1 + b0) ** 2 + b0 ** 2)
            for p in g["params"]:
                if p.grad is None:
                    continue
                st = self.state[p]
                if not st:
                    st["t"], st["m1"], st["m2"], st["v"] = 0, torch.zeros_like(p), torch.zeros_like(p), \
                        torch.zeros_like(p)
                st["t"] += 1
                pos, neg = (st["m1"], st["m2"]) if st["t"] % 2 == 1 else (st["m2"], st["m1"])
                pos.mul_(b1 ** 2).add_((1 - b1 ** 2) * p.grad)
                st["v"].mul_(b2).add_((1 - b2) * p.grad * p.grad)
                denom = (st["v"] / (1 - b2 ** st["t"])).sqrt() + g["eps"]
                delta = ((1 + b0) * pos - b0 * neg) / (1 - b1 ** st["t"])
                scale = noise_norm if g["mul"] else 1 / noise_norm
                if g["weight_decay"]:
                    p.mul_(1 - g["lr"] * g["weight_decay"])
                p.sub_(g["lr"] * scale * delta / denom)


class DoG(torch.optim.Optimizer):
    """DoG (Ivgi et al. 2023), per parameter group: eta_t = lr * rbar_t / sqrt(G_t), rbar_t = max(r_eps, max_i
    ||x_i - x_0||), G_t = sum_i ||g_i||^2 (norms over the group), r_eps = reps_rel (1 + ||x_0||); x -= eta_t g. `lr`
    is a multiplier (1: the paper's; a schedule scales it). `reset_x0`: the fault, x_0 taken again after every step,
    so the distance is one step's and never grows."""

    def __init__(self, params: Any, lr: float = 1.0, reps_rel: float = 1e-6, weight_decay: float = 0.0,
                 reset_x0: bool = False) -> None:
        super().__init__(params, dict(lr=lr, reps_rel=reps_rel, weight_decay=weight_decay, reset=reset_x0,
                                      rbar=None, g2=0.0))

    @torch.no_grad()
    def step(self) -> None:
        for g in self.param_groups:
            ps = [p for p in g["params"] if p.grad is not None]
            if not ps:
                continue
            if g["rbar"] is None:
                for p in ps:
                    self.state[p]["x0"] = p.clone()
                x0_norm = math.sqrt(sum(float((p * p).sum()) for p in ps))
                g["rbar"] = g["reps_rel"] * (1 + x0_norm)
            dist = math.sqrt(sum(float(((p - self.state[p]["x0"]) ** 2).sum()) for p in ps))
            g["rbar"] = max(g["rbar"], dist)
            grads = [p.grad + g["weight_decay"] * p if g["weight_decay"] else p.grad for p in ps]
            g["g2"] += sum(float((gr * gr).sum()) for gr in grads)
            eta = g["lr"] * g["rbar"] / math.sqrt(g["g2"] + 1e-30)
            for p, gr in zip(ps, grads):
                if g["reset"]:  # the fault: the reference point moved to the current iterate
                    self.state[p]["x0"] = p.clone()
                p.sub_(eta * gr)


def torch_optimizer(fam: Any, params: Any) -> torch.optim.Optimizer:
    params = list(params)
    lr, wd = fam.lr, fam.weight_decay
    if fam.optimizer == "adam":
        return torch.optim.Adam(params, lr=lr)
    if fam.optimizer == "adamw":
        return torch.optim.AdamW(params, lr=lr, weight_decay=wd)
    if fam.optimizer == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=0.9, weight_decay=wd)
    if fam.optimizer == "adapnm":
        return AdaPNM(params, lr=lr, weight_decay=wd, noise_norm_multiplied=fam.pnm_noise_multiplied)
    if fam.optimizer == "dog":
        return DoG(params, lr=lr, weight_decay=wd, reset_x0=fam.dog_reset_x0)
    raise ValueError(fam.optimizer)
