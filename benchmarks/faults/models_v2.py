"""The models, optimisers, schedules and losses of the second-generation families: PyTorch modules and Keras twins."""
from __future__ import annotations

import math
from typing import Any

from data_v2 import TOKEN_LEN, TOKEN_VOCAB, Data2
from families_v2 import Family2


def in_shape(data: Data2) -> tuple[int, ...]:
    return tuple(data.x_train.shape[1:])


# ---- PyTorch ------------------------------------------------------------------------------------------------------

def torch_model(fam: Family2, data: Data2):  # -> torch.nn.Module
    import torch
    from torch import nn

    w, out_dim, shape = fam.width, data.n_classes, in_shape(data)

    class ToImage(nn.Module):  # digits arrive as 64 features: view them as the 8 x 8 image they are
        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return x.view(len(x), 1, 8, 8) if x.dim() == 2 else x

    class Residual(nn.Module):
        def __init__(self, ch: int) -> None:
            super().__init__()
            self.body = nn.Sequential(nn.Conv2d(ch, ch, 3, padding=1, bias=False), nn.BatchNorm2d(ch), nn.ReLU(),
                                      nn.Conv2d(ch, ch, 3, padding=1, bias=False), nn.BatchNorm2d(ch))

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return torch.relu(x + self.body(x))

    class Recurrent(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            cell = nn.GRU if fam.model == "bigru" else nn.LSTM
            self.rnn = cell(shape[-1], w, batch_first=True, bidirectional=True)
            self.head = nn.Sequential(nn.Dropout(fam.dropout), nn.Linear(2 * w, out_dim))

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            out, _ = self.rnn(x)
            return self.head(torch.cat([out[:, -1, :w], out[:, 0, w:]], dim=1))

    class Encoder(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.emb = nn.Embedding(TOKEN_VOCAB, w)
            self.pos = nn.Parameter(torch.randn(1, TOKEN_LEN, w) * 0.1)
            layer = nn.TransformerEncoderLayer(w, nhead=4, dim_feedforward=2 * w, dropout=fam.dropout,
                                               batch_first=True, norm_first=True)
            self.enc = nn.TransformerEncoder(layer, num_layers=1, enable_nested_tensor=False)
            self.head = nn.Linear(w, out_dim)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.head(self.enc(self.emb(x) + self.pos).mean(1))

    class Conv1d(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.net = nn.Sequential(nn.Conv1d(shape[-1], w, 5, padding=2), nn.ReLU(), nn.MaxPool1d(2),
                                     nn.Conv1d(w, w, 5, padding=2), nn.ReLU(), nn.AdaptiveAvgPool1d(1),
                                     nn.Flatten(), nn.Dropout(fam.dropout), nn.Linear(w, out_dim))

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.net(x.transpose(1, 2))  # (n, length, channels) -> (n, channels, length)

    if fam.model == "mlp":
        layers: list[nn.Module] = [nn.Flatten()]  # images, too, are fed as one vector of pixels
        d = math.prod(shape)
        for _ in range(fam.depth):
            layers += [nn.Linear(d, w), nn.ReLU(), nn.Dropout(fam.dropout)]
            d = w
        model: nn.Module = nn.Sequential(*layers, nn.Linear(d, out_dim))
    elif fam.model == "cnn_bn":
        blocks: list[nn.Module] = [ToImage()]
        ch_in = shape[0] if len(shape) == 3 else 1
        for i in range(fam.depth):
            ch = w * 2 ** min(i, 1)
            blocks += [nn.Conv2d(ch_in, ch, 3, padding=1, bias=False), nn.BatchNorm2d(ch), nn.ReLU()]
            if i < 2:
                blocks.append(nn.MaxPool2d(2))
            ch_in = ch
        model = nn.Sequential(*blocks, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(fam.dropout),
                              nn.Linear(ch_in, out_dim))
    elif fam.model == "resnet":
        model = nn.Sequential(ToImage(), nn.Conv2d(shape[0] if len(shape) == 3 else 1, w, 3, padding=1, bias=False),
                              nn.BatchNorm2d(w), nn.ReLU(), Residual(w), nn.MaxPool2d(2), Residual(w),
                              nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(w, out_dim))
    elif fam.model in ("bilstm", "bigru"):
        model = Recurrent()
    elif fam.model == "transformer":
        model = Encoder()
    elif fam.model == "cnn1d":
        model = Conv1d()
    else:
        raise ValueError(f"unknown model {fam.model!r}")
    if fam.init_scale != 1.0:  # the fault: every weight scaled up at init
        with torch.no_grad():
            for name, p in model.named_parameters():
                if p.dim() > 1:
                    p.mul_(fam.init_scale)
    if fam.head == "softmax":  # the fault: a softmax before a loss that expects logits
        model = nn.Sequential(model, nn.Softmax(dim=1))
    return model


def torch_loss(fam: Family2, data: Data2, out: Any, y: Any) -> Any:
    """The training loss: CE, BCE-with-logits or MSE by task; `manual_log` writes BCE as y log s + (1-y) log(1-s)
    on the sigmoid s, which is log 0 = -inf once s saturates to exactly 0 or 1 in float32."""
    import torch
    import torch.nn.functional as F

    out = out.float()
    if data.task == "regression":
        return F.mse_loss(out.squeeze(1), y)
    if data.task == "multilabel":
        if fam.loss == "manual_log":
            s = torch.sigmoid(out)
            return -(y * torch.log(s) + (1 - y) * torch.log(1 - s)).mean()
        return F.binary_cross_entropy_with_logits(out, y)
    return F.cross_entropy(out, y)


def torch_metric(data: Data2, out: Any, y: Any) -> float | None:
    """Accuracy (multiclass), per-label binary accuracy (multilabel), none for regression."""
    if data.task == "regression":
        return None
    if data.task == "multilabel":
        return float(((out.float() > 0).float() == y).float().mean())
    return float((out.argmax(1) == y).float().mean())


def torch_optimizer(fam: Family2, params: Any):  # -> torch.optim.Optimizer
    import torch

    o, lr, wd = fam.optimizer, fam.lr, fam.weight_decay
    if o in ("sgd", "sgdm", "nesterov"):
        return torch.optim.SGD(params, lr=lr, momentum=0.0 if o == "sgd" else 0.9, nesterov=o == "nesterov",
                               weight_decay=wd)
    if o == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, weight_decay=wd)
    if o == "adagrad":
        return torch.optim.Adagrad(params, lr=lr, weight_decay=wd)
    if o == "adamw":
        return torch.optim.AdamW(params, lr=lr, weight_decay=wd)
    return torch.optim.Adam(params, lr=lr, weight_decay=wd)


def torch_scheduler(fam: Family2, opt: Any, steps_per_epoch: int) -> tuple[Any, str]:
    """(scheduler or None, 'step' | 'epoch' | 'plateau'), including the schedule faults (LR collapse, a restart)."""
    import torch

    S = torch.optim.lr_scheduler
    total = fam.epochs * steps_per_epoch
    if fam.restart_epoch:  # the fault: a warm restart far above the LR the run converged with
        first, then = fam.lr, fam.restart_lr
        return S.LambdaLR(opt, lambda e: 1.0 if e < fam.restart_epoch else then / first), "epoch"
    if fam.lr_decay_per_epoch != 1.0:  # the fault: LR multiplied by a small factor every epoch
        return S.ExponentialLR(opt, gamma=fam.lr_decay_per_epoch), "epoch"
    if fam.schedule == "step":
        return S.StepLR(opt, step_size=max(fam.epochs // 2, 1), gamma=0.1), "epoch"
    if fam.schedule == "cosine":
        return S.CosineAnnealingLR(opt, T_max=total), "step"
    if fam.schedule == "exponential":
        return S.ExponentialLR(opt, gamma=0.9), "epoch"
    if fam.schedule == "onecycle":
        return S.OneCycleLR(opt, max_lr=fam.lr, total_steps=total), "step"
    if fam.schedule == "warmup_cosine":
        warm = max(total // 10, 1)
        return S.LambdaLR(opt, lambda s: (s + 1) / warm if s < warm
                          else 0.5 * (1 + math.cos(math.pi * (s - warm) / max(total - warm, 1)))), "step"
    if fam.schedule == "plateau":
        return S.ReduceLROnPlateau(opt, factor=0.3, patience=2), "plateau"
    return None, "epoch"


# ---- Keras (torch backend) ------------------------------------------------------------------------------------------

def keras_model(fam: Family2, data: Data2, steps_per_epoch: int):  # -> a compiled keras.Model
    import keras

    w, shape = fam.width, in_shape(data)
    L = keras.layers
    layers: list[Any] = [keras.Input(shape)]
    if fam.model == "mlp":
        for _ in range(fam.depth):
            layers += [L.Dense(w, activation="relu"), L.Dropout(fam.dropout)]
    elif fam.model == "cnn1d":
        layers += [L.Conv1D(w, 5, padding="same", activation="relu"), L.MaxPooling1D(2),
                   L.Conv1D(w, 5, padding="same", activation="relu"), L.GlobalAveragePooling1D(),
                   L.Dropout(fam.dropout)]
    elif fam.model == "bilstm":
        layers += [L.Bidirectional(L.LSTM(w)), L.Dropout(fam.dropout)]
    else:
        raise ValueError(f"no Keras twin for {fam.model!r}")
    layers.append(L.Dense(data.n_classes))
    model = keras.Sequential(layers)
    lr: Any = float(fam.lr)
    if fam.schedule == "exponential":
        lr = keras.optimizers.schedules.ExponentialDecay(fam.lr, decay_steps=steps_per_epoch, decay_rate=0.9)
    elif fam.schedule == "cosine":
        lr = keras.optimizers.schedules.CosineDecay(fam.lr, decay_steps=fam.epochs * steps_per_epoch)
    o = fam.optimizer
    opt = {"sgd": lambda: keras.optimizers.SGD(lr), "sgdm": lambda: keras.optimizers.SGD(lr, momentum=0.9),
           "nesterov": lambda: keras.optimizers.SGD(lr, momentum=0.9, nesterov=True),
           "rmsprop": lambda: keras.optimizers.RMSprop(lr), "adagrad": lambda: keras.optimizers.Adagrad(lr),
           "adamw": lambda: keras.optimizers.AdamW(lr, weight_decay=fam.weight_decay),
           "adam": lambda: keras.optimizers.Adam(lr)}[o]()
    if data.task == "multilabel":
        loss, metrics = keras.losses.BinaryCrossentropy(from_logits=True), [keras.metrics.BinaryAccuracy(
            name="accuracy", threshold=0.0)]
    elif data.task == "regression":
        loss, metrics = keras.losses.MeanSquaredError(), ["mae"]
    else:
        loss, metrics = keras.losses.SparseCategoricalCrossentropy(from_logits=True), ["accuracy"]
    model.compile(optimizer=opt, loss=loss, metrics=metrics)
    return model


def keras_callbacks(fam: Family2) -> list[Any]:
    """The schedules Keras expresses as callbacks: ReduceLROnPlateau and a step schedule."""
    import keras

    if fam.schedule == "plateau":
        return [keras.callbacks.ReduceLROnPlateau(factor=0.3, patience=2, verbose=0)]
    if fam.schedule == "step":
        half = max(fam.epochs // 2, 1)
        return [keras.callbacks.LearningRateScheduler(lambda e, lr: fam.lr * (0.1 if e >= half else 1.0))]
    return []
