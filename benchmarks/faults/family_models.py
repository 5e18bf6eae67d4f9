"""The data and the models of the model-family benchmark: PyTorch modules and their Keras twins."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from families import Family, make_images, make_sequences, make_tokens

VOCAB = 12


@dataclass(frozen=True)
class Data:
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    n_classes: int


def load(fam: Family, seed: int) -> Data:
    """Generate the family's data and inject its data faults (noise, leak, pixel scale)."""
    rng = np.random.default_rng(seed)
    n = fam.n_train + fam.n_val
    if fam.model == "cnn":
        x, y = make_images(n, rng, minority=fam.imbalance)
    elif fam.model == "transformer":
        x, y = make_tokens(n, rng, vocab=VOCAB)
    else:
        x, y = make_sequences(n, rng)
    n_classes = int(y.max()) + 1
    xt, yt, xv, yv = x[:fam.n_train], y[:fam.n_train].copy(), x[fam.n_train:], y[fam.n_train:]
    if fam.label_noise:
        flip = rng.random(len(yt)) < fam.label_noise
        yt[flip] = rng.integers(0, n_classes, int(flip.sum()))
    if fam.leak_val:
        xt, yt = np.concatenate([xt, xv]), np.concatenate([yt, yv])
    if fam.unnormalized:  # the fault: pixels left on the 0-255 scale
        xt, xv = np.round(xt * 255.0).astype(np.float32), np.round(xv * 255.0).astype(np.float32)
    return Data(xt, yt.astype(np.int64), xv, yv.astype(np.int64), n_classes)


# ---- PyTorch ------------------------------------------------------------------------------------------------------

def torch_model(fam: Family, n_classes: int):  # -> torch.nn.Module
    import torch
    from torch import nn

    w = fam.width

    class Recurrent(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            cell = nn.GRU if fam.model == "gru" else nn.LSTM
            self.rnn = cell(1, w, batch_first=True)
            self.drop = nn.Dropout(fam.dropout)
            self.head = nn.Linear(w, n_classes)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            out, _ = self.rnn(x)
            return self.head(self.drop(out[:, -1]))

    class Transformer(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.emb = nn.Embedding(VOCAB, w)
            self.pos = nn.Parameter(torch.randn(1, 16, w) * 0.1)
            layer = nn.TransformerEncoderLayer(w, nhead=4, dim_feedforward=2 * w, dropout=fam.dropout,
                                               batch_first=True)
            self.enc = nn.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=False)
            self.head = nn.Linear(w, n_classes)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.head(self.enc(self.emb(x) + self.pos).mean(1))

    if fam.model == "cnn":
        model: nn.Module = nn.Sequential(
            nn.Conv2d(1, w, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(w, 2 * w, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(2 * w * 9, 64), nn.ReLU(), nn.Dropout(fam.dropout), nn.Linear(64, n_classes))
    elif fam.model == "transformer":
        model = Transformer()
    else:
        model = Recurrent()
    if fam.init == "dead_relu":  # every hidden bias at -10 (the output layer keeps its own)
        *hidden, _out = [m for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
        for m in hidden:
            nn.init.constant_(m.bias, -10.0)
    elif fam.init == "large":
        for name, p in model.named_parameters():
            if "weight" in name:
                nn.init.normal_(p, std=3.0)
    if fam.head == "softmax":
        model = nn.Sequential(model, nn.Softmax(dim=1))  # the fault: softmax before a from-logits loss
    return model


def torch_optimizer(fam: Family, params):  # -> torch.optim.Optimizer
    import torch

    if fam.optimizer in ("sgd", "sgdm"):
        return torch.optim.SGD(params, lr=fam.lr, momentum=0.9 if fam.optimizer == "sgdm" else 0.0,
                               weight_decay=fam.weight_decay)
    if fam.optimizer == "rmsprop":
        return torch.optim.RMSprop(params, lr=fam.lr, weight_decay=fam.weight_decay)
    cls = torch.optim.AdamW if fam.optimizer == "adamw" else torch.optim.Adam
    return cls(params, lr=fam.lr, weight_decay=fam.weight_decay)


def torch_scheduler(fam: Family, opt, steps_per_epoch: int):  # -> (scheduler | None, "step" | "epoch")
    import torch

    total = fam.epochs * steps_per_epoch
    if fam.schedule == "step":
        return torch.optim.lr_scheduler.StepLR(opt, step_size=max(fam.epochs // 2, 1), gamma=0.1), "epoch"
    if fam.schedule == "cosine":
        return torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=total), "step"
    if fam.schedule == "onecycle":
        return torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=fam.lr, total_steps=total), "step"
    if fam.schedule == "warmup_linear":
        warm = max(total // 10, 1)
        return torch.optim.lr_scheduler.LambdaLR(
            opt, lambda s: (s + 1) / warm if s < warm else max(0.0, (total - s) / (total - warm))), "step"
    return None, "epoch"


# ---- Keras (torch backend) -----------------------------------------------------------------------------------------

def keras_model(fam: Family, n_classes: int, steps_per_epoch: int):  # -> a compiled keras.Model
    import keras

    w = fam.width
    if fam.model == "cnn":
        layers = [keras.Input((12, 12, 1)), keras.layers.Conv2D(w, 3, padding="same", activation="relu"),
                  keras.layers.MaxPooling2D(2), keras.layers.Conv2D(2 * w, 3, padding="same", activation="relu"),
                  keras.layers.MaxPooling2D(2), keras.layers.Flatten(), keras.layers.Dense(64, activation="relu"),
                  keras.layers.Dropout(fam.dropout)]
    else:
        cell = keras.layers.GRU if fam.model == "gru" else keras.layers.LSTM
        layers = [keras.Input((24, 1)), cell(w), keras.layers.Dropout(fam.dropout)]
    layers.append(keras.layers.Dense(n_classes, activation="softmax" if fam.head == "softmax" else None))
    model = keras.Sequential(layers)
    lr = fam.lr
    if fam.schedule == "cosine":
        lr = keras.optimizers.schedules.CosineDecay(fam.lr, decay_steps=fam.epochs * steps_per_epoch)
    opt = {"sgd": lambda: keras.optimizers.SGD(lr), "sgdm": lambda: keras.optimizers.SGD(lr, momentum=0.9),
           "rmsprop": lambda: keras.optimizers.RMSprop(lr), "adamw": lambda: keras.optimizers.AdamW(lr),
           "adam": lambda: keras.optimizers.Adam(lr)}[fam.optimizer]()
    # The double-softmax fault is the softmax layer above fed to this from_logits loss.
    model.compile(optimizer=opt, loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"])
    return model
