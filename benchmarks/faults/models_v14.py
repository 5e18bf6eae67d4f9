"""Models, losses and optimisers of the fourteenth-generation families (PyTorch), none used by v1-v13.

- **WaveNet** (1-D): a 1x1 input convolution, gated dilated convolutions (tanh x sigmoid, dilation 1, 2, 4, ..),
  residual and skip 1x1 convolutions, the skips summed, ReLU, global average pooling, a linear head.
- **DenseNet** (1-D): a stem convolution, two dense blocks (each layer BatchNorm-ReLU-Conv k=3 adding `growth`
  channels concatenated to all before it) with a BatchNorm-ReLU-1x1-average-pool transition, global pooling, a head.
- **the Cauchy (Lorentzian) loss** log(1 + (e / c)^2) for the battery life (robust to the odd abnormal cell).
- **Ranger** (RAdam inside a hand-written Lookahead: k = 6 fast steps, then the slow weights move alpha = 0.5 of
  the way and the fast ones restart there), **gradient centralisation** (each filter's gradient made zero-mean),
  Adamax, SGD with Nesterov momentum, Adam, AdamW.
"""
from __future__ import annotations

from typing import Any

import torch
from torch import nn

from data_v14 import Data14


class WaveNet(nn.Module):
    def __init__(self, c_in: int, width: int, blocks: int, kernel: int, dropout: float, head: nn.Module,
                 sigmoid_out: bool = False) -> None:
        super().__init__()
        self.inp = nn.Conv1d(c_in, width, 1)
        self.filt = nn.ModuleList(nn.Conv1d(width, 2 * width, kernel, dilation=2 ** i, padding="same")
                                  for i in range(blocks))
        self.res = nn.ModuleList(nn.Conv1d(width, width, 1) for _ in range(blocks))
        self.skip = nn.ModuleList(nn.Conv1d(width, width, 1) for _ in range(blocks))
        self.drop = nn.Dropout(dropout)
        self.head = head
        self.sigmoid_out = sigmoid_out

    def features(self, x: torch.Tensor) -> torch.Tensor:
        h = self.inp(x)
        skips = 0
        for f, r, s in zip(self.filt, self.res, self.skip):
            a, b = f(h).chunk(2, 1)
            z = torch.tanh(a) * torch.sigmoid(b)
            h = h + r(z)
            skips = skips + s(z)
        return self.drop(torch.relu(skips).mean(-1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.head(self.features(x))
        return torch.sigmoid(out) if self.sigmoid_out else out  # the fault: nn.Sigmoid kept from the binary model


class DenseBlock(nn.Module):
    def __init__(self, c_in: int, growth: int, layers: int, kernel: int, bn_momentum: float) -> None:
        super().__init__()
        self.layers = nn.ModuleList(nn.Sequential(nn.BatchNorm1d(c_in + i * growth, momentum=bn_momentum), nn.ReLU(),
                                                  nn.Conv1d(c_in + i * growth, growth, kernel, padding="same"))
                                    for i in range(layers))
        self.c_out = c_in + layers * growth

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for layer in self.layers:
            x = torch.cat([x, layer(x)], 1)
        return x


class DenseNet1d(nn.Module):
    def __init__(self, c_in: int, growth: int, layers: int, kernel: int, dropout: float, head_width: int,
                 n_out: int, bn_momentum: float = 0.1, sigmoid_out: bool = False) -> None:
        super().__init__()
        self.stem = nn.Conv1d(c_in, 2 * growth, 7, padding=3)
        b1 = DenseBlock(2 * growth, growth, layers, kernel, bn_momentum)
        t = b1.c_out // 2
        self.trans = nn.Sequential(nn.BatchNorm1d(b1.c_out, momentum=bn_momentum), nn.ReLU(),
                                   nn.Conv1d(b1.c_out, t, 1), nn.AvgPool1d(2))
        b2 = DenseBlock(t, growth, layers, kernel, bn_momentum)
        self.b1, self.b2 = b1, b2
        self.norm = nn.BatchNorm1d(b2.c_out, momentum=bn_momentum)
        self.proj = nn.Linear(b2.c_out, head_width)
        self.drop = nn.Dropout(dropout)
        self.head = nn.Linear(head_width, n_out)
        self.sigmoid_out = sigmoid_out

    def features(self, x: torch.Tensor) -> torch.Tensor:
        h = self.b2(self.trans(self.b1(self.stem(x))))
        return self.drop(torch.relu(self.proj(torch.relu(self.norm(h)).mean(-1))))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.head(self.features(x))
        return torch.sigmoid(out) if self.sigmoid_out else out


def torch_model(fam: Any, data: Data14) -> nn.Module:
    c_in = data.x_train.shape[1]
    n_out = data.n_classes if data.n_classes > 1 else 1
    # the fault `bn_keras_momentum`: Keras' momentum 0.99/0.9 convention given to torch (weight of the NEW batch)
    bn_m = 0.9 if fam.bn_keras_momentum else 0.1
    if fam.model == "wavenet":
        model: nn.Module = WaveNet(c_in, fam.width, fam.blocks, fam.kernel, fam.dropout, nn.Linear(fam.width, n_out),
                                   sigmoid_out=fam.sigmoid_out)
    elif fam.model == "densenet":
        model = DenseNet1d(c_in, fam.width // 4, fam.blocks, fam.kernel, fam.dropout, fam.head_width or fam.width, n_out,
                           bn_m,
                           sigmoid_out=fam.sigmoid_out)
    else:
        raise ValueError(fam.model)
    if fam.zero_head:
        nn.init.zeros_(model.head.weight)
        nn.init.zeros_(model.head.bias)
    if fam.init_std_one:  # the fault: init_weights() calls nn.init.normal_(m.weight) (std 1) on every Linear
        for m in model.modules():
            if isinstance(m, nn.Linear):
                nn.init.normal_(m.weight)
    return model


# ---- losses -------------------------------------------------------------------------------------------------------


def cauchy(pred: torch.Tensor, y: torch.Tensor, c: float = 0.5) -> torch.Tensor:
    """Mean Cauchy (Lorentzian) loss log(1 + ((pred - y) / c)^2)."""
    return torch.log1p(((pred - y) / c) ** 2).mean()


def task_loss(fam: Any, data: Data14, model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, Any]:
    """(loss, logits for the accuracy or None)."""
    out = model(x).float()
    if data.task == "battery":
        return cauchy(out[:, 0], y), None
    return nn.functional.cross_entropy(out, y), out


def l2_penalty(model: nn.Module) -> torch.Tensor:
    """The sum of squares of every weight (an explicit L2 term)."""
    return sum((p ** 2).sum() for p in model.parameters())  # type: ignore[return-value]


def hits(data: Data14, out: Any, y: Any) -> tuple[float, int] | None:
    if data.n_classes < 2 or out is None:
        return None
    return float((out.argmax(1) == y).sum()), len(y)


# ---- optimisers ---------------------------------------------------------------------------------------------------


class Lookahead:
    """Lookahead (Zhang et al. 2019) around any optimizer: every k steps the slow weights move alpha of the way to
    the fast ones and the fast weights restart from them."""

    def __init__(self, base: torch.optim.Optimizer, k: int = 6, alpha: float = 0.5) -> None:
        self.base, self.k, self.alpha, self.count = base, k, alpha, 0
        self.param_groups = base.param_groups
        self.slow = [p.detach().clone() for g in base.param_groups for p in g["params"]]

    def zero_grad(self) -> None:
        self.base.zero_grad()

    def step(self) -> None:
        self.base.step()
        self.count += 1
        if self.count % self.k:
            return
        with torch.no_grad():
            fast = [p for g in self.base.param_groups for p in g["params"]]
            for s, p in zip(self.slow, fast):
                s.add_(p - s, alpha=self.alpha)
                p.copy_(s)


def centralise_gradients(model: nn.Module) -> None:
    """Gradient centralisation (Yong et al. 2020): each conv filter's / linear unit's gradient minus its mean."""
    with torch.no_grad():
        for p in model.parameters():
            if p.grad is not None and p.ndim > 1:
                p.grad.sub_(p.grad.mean(dim=tuple(range(1, p.ndim)), keepdim=True))


def torch_optimizer(fam: Any, model: nn.Module) -> Any:
    params = list(model.parameters())
    lr = fam.lr * (fam.batch / 32 if fam.lr_scaled_twice else 1.0)  # the fault: the linear-scaling rule again
    if fam.optimizer == "adam":
        return torch.optim.Adam(params, lr=lr)
    if fam.optimizer == "adamw":
        return torch.optim.AdamW(params, lr=lr, weight_decay=fam.weight_decay)
    if fam.optimizer == "adamax":
        return torch.optim.Adamax(params, lr=lr)
    if fam.optimizer == "nesterov":
        return torch.optim.SGD(params, lr=lr, momentum=0.9, nesterov=True, weight_decay=fam.weight_decay)
    if fam.optimizer == "ranger":
        return Lookahead(torch.optim.RAdam(params, lr=lr, weight_decay=fam.weight_decay))
    raise ValueError(fam.optimizer)
