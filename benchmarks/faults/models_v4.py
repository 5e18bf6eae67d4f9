"""Models, losses, metrics and optimisers of the fourth-generation families (PyTorch, and Keras for the Keras runs):
wide-and-deep with embeddings, logistic regression, a dilated causal TCN, an iterated-dilated-CNN tagger, an
attention-pooling set classifier (linear, cosine or tanh head), a character LSTM LM, a VAE, ConvNeXt-style 1-D and 2-D
nets and a small ViT; MSE on log1p targets, weighted BCE with AUC, per-token CE, the negative ELBO and a distillation
loss."""
from __future__ import annotations

import math
import os
from typing import Any

import numpy as np

from data_v4 import LOAD_IN, LOAD_OUT, N_STORES, SALES_NUMERIC, SET_DIM, TAG_VOCAB, Data4
from families_v4 import Family4

KD_T, KD_ALPHA = 4.0, 0.7


def torch_model(fam: Family4, data: Data4, out_dim: int | None = None) -> Any:
    """The family's network; fine-tuned nets (convnext) expose `backbone` and `head`."""
    import torch
    from torch import nn

    w = fam.width
    k = out_dim or data.n_classes

    class WideDeep(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.store, self.day = nn.Embedding(N_STORES, 4), nn.Embedding(7, 3)
            self.wide = nn.Linear(SALES_NUMERIC + N_STORES + 7, 1)
            self.deep = nn.Sequential(nn.Linear(SALES_NUMERIC + 7, w), nn.ReLU(), nn.Linear(w, w), nn.ReLU(),
                                      nn.Linear(w, 1))

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            num, s, d = x[:, :SALES_NUMERIC], x[:, SALES_NUMERIC].long(), x[:, SALES_NUMERIC + 1].long()
            onehot = torch.cat([nn.functional.one_hot(s, N_STORES), nn.functional.one_hot(d, 7)], 1).float()
            return self.wide(torch.cat([num, onehot], 1)) + self.deep(torch.cat([num, self.store(s), self.day(d)], 1))

    class TCN(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.convs = nn.ModuleList(nn.Conv1d(1 if i == 0 else w, w, 3, dilation=2 ** i) for i in range(4))
            self.head = nn.Linear(w, LOAD_OUT)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            h = x[:, None]
            for i, conv in enumerate(self.convs):  # causal: pad on the left only
                y = torch.relu(conv(nn.functional.pad(h, (2 * 2 ** i, 0))))
                h = y if i == 0 else h + y
            return self.head(h[:, :, -1])

    class IDCNN(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            ks = 3 if fam.context else 1  # the fault: kernel 1 sees only the current token
            self.emb = nn.Embedding(TAG_VOCAB, w)
            self.convs = nn.ModuleList(nn.Conv1d(w, w, ks, dilation=d, padding=d * (ks // 2)) for d in (1, 2, 1))
            self.drop = nn.Dropout(fam.dropout)
            self.head = nn.Linear(w, 6)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            h = self.emb(x).transpose(1, 2)
            for conv in self.convs:
                h = h + torch.relu(conv(self.drop(h)))
            return self.head(self.drop(h.transpose(1, 2)))

    class AttnPool(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.phi = nn.Sequential(nn.Linear(SET_DIM, w), nn.ReLU(), nn.Linear(w, w), nn.ReLU())
            self.score = nn.Linear(w, 1)
            self.rho = nn.Sequential(nn.Linear(w, w), nn.ReLU())
            self.head = nn.Linear(w, k, bias=not fam.cosine_scale)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            h = self.phi(x)
            a = torch.softmax(self.score(h), 1)
            z = self.rho((a * h).sum(1))
            if fam.cosine_scale:  # a cosine classifier with a fixed logit scale
                return fam.cosine_scale * nn.functional.normalize(z, dim=1) @ nn.functional.normalize(
                    self.head.weight, dim=1).T
            logits = self.head(z)
            return torch.tanh(logits) if fam.tanh_head else logits

    class CharLSTM(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.emb = nn.Embedding(data.n_classes, w)
            self.rnn = nn.LSTM(w, w, num_layers=2, batch_first=True)
            self.head = nn.Linear(w, data.n_classes)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.head(self.rnn(self.emb(x))[0])

    class VAE(nn.Module):
        def __init__(self, z: int = 8) -> None:
            super().__init__()
            self.enc = nn.Sequential(nn.Linear(64, w), nn.ReLU())
            self.mu, self.logvar = nn.Linear(w, z), nn.Linear(w, z)
            self.dec = nn.Sequential(nn.Linear(z, w), nn.ReLU(), nn.Linear(w, 64))

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            h = self.enc(x)
            mu, logvar = self.mu(h), self.logvar(h)
            z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar) if self.training else mu
            return torch.cat([self.dec(z), mu, logvar], 1)

    class Block(nn.Module):
        """ConvNeXt block: depthwise conv, LayerNorm over channels, inverted-bottleneck MLP, residual."""

        def __init__(self, c: int, dims: int) -> None:
            super().__init__()
            conv = nn.Conv1d if dims == 1 else nn.Conv2d
            ks = 7 if dims == 1 else 5
            self.dw = conv(c, c, ks, padding=ks // 2, groups=c)
            self.norm = nn.LayerNorm(c)
            self.mlp = nn.Sequential(nn.Linear(c, 4 * c), nn.GELU(), nn.Linear(4 * c, c))

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            h = self.dw(x).movedim(1, -1)
            return x + self.mlp(self.norm(h)).movedim(-1, 1)

    class ConvNeXt1D(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.stem = nn.Conv1d(1, w, 3, padding=1)
            self.blocks = nn.Sequential(Block(w, 1), Block(w, 1))
            self.out = nn.Conv1d(w, 1, 1)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return x + self.out(self.blocks(self.stem(x[:, None])))[:, 0]  # predicts the clean signal

    class ConvNeXt(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.backbone = nn.Sequential(nn.Conv2d(1, w, 3, padding=1), Block(w, 2), nn.Conv2d(w, 2 * w, 2, 2),
                                          Block(2 * w, 2), nn.AdaptiveAvgPool2d(1), nn.Flatten())
            self.head = nn.Linear(2 * w, k)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.head(self.backbone(x))

    class ViT(nn.Module):
        def __init__(self, p: int = 4) -> None:
            super().__init__()
            self.p = p
            self.embed = nn.Linear(p * p, w)
            self.pos = nn.Parameter(torch.randn(1, (16 // p) ** 2, w) * 0.02)
            layer = nn.TransformerEncoderLayer(w, nhead=4, dim_feedforward=2 * w, dropout=0.0, batch_first=True,
                                               norm_first=True)
            self.blocks = nn.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=False)
            self.head = nn.Sequential(nn.LayerNorm(w), nn.Linear(w, k))

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            p = self.p
            t = x.unfold(2, p, p).unfold(3, p, p).reshape(len(x), -1, p * p)
            return self.head(self.blocks(self.embed(t) + self.pos).mean(1))

    def mlp(n_in: int, n_out: int) -> nn.Module:
        return nn.Sequential(nn.Flatten(), nn.Linear(n_in, w), nn.ReLU(), nn.Dropout(fam.dropout), nn.Linear(w, w),
                             nn.ReLU(), nn.Dropout(fam.dropout), nn.Linear(w, n_out))

    n_in = int(np.prod(data.x_train.shape[1:]))
    out = {"regression": 1, "binary": 1}.get(data.task, k)
    make = {"widedeep": WideDeep, "tcn": TCN, "idcnn": IDCNN, "attnpool": AttnPool, "lstm_lm": CharLSTM, "vae": VAE,
            "convnext1d": ConvNeXt1D, "convnext": ConvNeXt, "vit": ViT,
            "logreg": lambda: nn.Linear(n_in, 1), "mlp": lambda: mlp(n_in, out)}
    return make[fam.model]()


def torch_loss(fam: Family4, data: Data4, out: Any, y: Any, train: bool) -> Any:
    """The training (train=True) or validation loss of a batch."""
    import torch
    from torch.nn import functional as F

    red = "sum" if fam.reduction_sum and train else "mean"  # the fault: summed with an LR chosen for the mean
    task = data.task
    if task in ("regression", "forecast", "denoise"):
        return F.mse_loss(out, y, reduction=red)
    if task == "binary":
        return F.binary_cross_entropy_with_logits(out, y, pos_weight=torch.tensor(fam.pos_weight), reduction=red)
    if task in ("tagging", "lm"):
        return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), reduction=red)
    if task == "vae":
        logits, mu, logvar = out[:, :64], out[:, 64:72], out[:, 72:]
        rec = F.binary_cross_entropy_with_logits(logits, y, reduction="sum")
        kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
        return (rec + kl) / len(y)
    if task == "distill":  # y = [label, teacher logits...]
        label, teacher = y[:, 0].long(), y[:, 1:]
        kd = F.kl_div(F.log_softmax(out / KD_T, 1), F.softmax(teacher / KD_T, 1), reduction="batchmean") * KD_T ** 2
        return KD_ALPHA * kd + (1 - KD_ALPHA) * F.cross_entropy(out, label)
    return F.cross_entropy(out, y, reduction=red)


def predictions(data: Data4, out: Any, y: Any) -> tuple[Any, Any] | None:
    """(predicted class, true class) per example or token, for accuracy; None where there is no accuracy."""
    if data.task in ("multiclass", "tagging"):
        return out.argmax(-1), y
    if data.task == "distill":
        return out.argmax(-1), y[:, 0].long()
    return None


def auc(scores: np.ndarray, labels: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(labels, scores)) if 0 < labels.mean() < 1 else float("nan")


def torch_optimizer(fam: Family4, params: Any) -> Any:
    import torch

    o, lr, wd = fam.optimizer, fam.lr, fam.weight_decay
    if o == "sgd":
        return torch.optim.SGD(params, lr=lr, weight_decay=wd)
    if o in ("nesterov", "momentum"):
        return torch.optim.SGD(params, lr=lr, momentum=fam.momentum, nesterov=o == "nesterov", weight_decay=wd)
    if o == "adamw":
        return torch.optim.AdamW(params, lr=lr, weight_decay=wd or 1e-2)
    if o == "nadam":
        return torch.optim.NAdam(params, lr=lr, weight_decay=wd)
    if o == "radam":
        return torch.optim.RAdam(params, lr=lr, weight_decay=wd)
    if o == "radamw":
        return torch.optim.RAdam(params, lr=lr, weight_decay=wd, decoupled_weight_decay=True)
    if o == "adamax":
        return torch.optim.Adamax(params, lr=lr, weight_decay=wd)
    if o == "adadelta":
        return torch.optim.Adadelta(params, lr=lr, weight_decay=wd)
    return torch.optim.Adam(params, lr=lr, weight_decay=wd)


def step_lr_factor(fam: Family4, per_epoch: int) -> Any:
    """The per-step LR multiplier of step-level schedules (LambdaLR), or None."""
    warm = per_epoch
    if fam.schedule == "invsqrt":
        return lambda s: (s + 1) / warm if s < warm else math.sqrt(warm / (s + 1))
    if fam.schedule == "warmup_const":
        return lambda s: min(1.0, (s + 1) / warm)
    return None


# ---- Keras ------------------------------------------------------------------------------------------------------------

def keras_model(fam: Family4, data: Data4) -> Any:
    """The Keras version of the wide-and-deep net, logistic regression and TCN, compiled."""
    os.environ.setdefault("KERAS_BACKEND", "torch")
    import keras
    from keras import layers, ops

    w = fam.width
    if fam.model == "widedeep":
        x = keras.Input((SALES_NUMERIC + 2,))
        num = layers.Lambda(lambda t: t[:, :SALES_NUMERIC])(x)
        store = layers.Lambda(lambda t: ops.cast(t[:, SALES_NUMERIC], "int32"))(x)
        day = layers.Lambda(lambda t: ops.cast(t[:, SALES_NUMERIC + 1], "int32"))(x)
        wide = layers.Dense(1)(layers.Concatenate()([num, layers.CategoryEncoding(N_STORES, "one_hot")(store),
                                                     layers.CategoryEncoding(7, "one_hot")(day)]))
        deep = layers.Concatenate()([num, layers.Embedding(N_STORES, 4)(store), layers.Embedding(7, 3)(day)])
        for _ in range(2):
            deep = layers.Dense(w, activation="relu")(deep)
        y = layers.Add()([wide, layers.Dense(1)(deep)])
        model, loss, metrics = keras.Model(x, y), "mse", []
    elif fam.model == "logreg":
        x = keras.Input((data.x_train.shape[1],))
        model = keras.Model(x, layers.Dense(1, activation="sigmoid")(x))
        loss, metrics = "binary_crossentropy", [keras.metrics.AUC(name="auc")]
    else:  # tcn
        x = keras.Input((LOAD_IN,))
        h = layers.Reshape((LOAD_IN, 1))(x)
        for i in range(4):
            y = layers.Conv1D(w, 3, dilation_rate=2 ** i, padding="causal", activation="relu")(h)
            h = y if i == 0 else layers.Add()([h, y])
        model = keras.Model(x, layers.Dense(LOAD_OUT)(layers.Lambda(lambda t: t[:, -1])(h)))
        loss, metrics = "mse", []
    opt = {"nadam": lambda: keras.optimizers.Nadam(fam.lr),
           "nesterov": lambda: keras.optimizers.SGD(fam.lr, momentum=fam.momentum, nesterov=True)}[fam.optimizer]()
    model.compile(optimizer=opt, loss=loss, metrics=metrics)
    return model

