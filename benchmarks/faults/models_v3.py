"""Models, losses, metrics, optimisers and schedules of the third-generation families (PyTorch, and Keras twins for
the Keras-logged families): residual net with BatchNorm, depthwise 1D CNN, GRU classifier and GRU seq2seq, a causal
transformer LM, an MLP-mixer, a tiny U-Net, a dense autoencoder, MLPs with an output rescaling layer."""
from __future__ import annotations

import math
from typing import Any

from data_v3 import GRAMMAR_LEN, GRAMMAR_VOCAB, REVERSE_VOCAB, Data3
from families_v3 import Family3


def out_dim(data: Data3) -> int:
    if data.task in ("regression",):
        return 1
    if data.task == "ordinal":
        return data.n_classes - 1
    if data.task == "lm":
        return GRAMMAR_VOCAB
    if data.task == "autoencoder":
        return data.x_train.shape[1]
    if data.task == "contrastive":
        return 16
    return data.n_classes


def torch_model(fam: Family3, data: Data3):  # -> torch.nn.Module
    import torch
    from torch import nn

    w, k_out, shape = fam.width, out_dim(data), tuple(data.x_train.shape[1:])

    class Rescale(nn.Module):  # the output layer restores the target's scale (targets are never standardised)
        def __init__(self, mean: float, std: float) -> None:
            super().__init__()
            self.mean, self.std = mean, std

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return x.squeeze(-1) * self.std + self.mean

    class Block(nn.Module):
        def __init__(self, ch: int) -> None:
            super().__init__()
            self.body = nn.Sequential(nn.Conv2d(ch, ch, 3, padding=1, bias=False), nn.BatchNorm2d(ch), nn.ReLU(),
                                      nn.Conv2d(ch, ch, 3, padding=1, bias=False), nn.BatchNorm2d(ch))

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return torch.relu(x + self.body(x))

    class ResNet(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.features = nn.Sequential(nn.Conv2d(shape[0], w, 3, padding=1, bias=False), nn.BatchNorm2d(w),
                                          nn.ReLU(), Block(w), nn.MaxPool2d(2), Block(w), nn.AdaptiveAvgPool2d(1),
                                          nn.Flatten())
            self.head = nn.Linear(w, k_out)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.head(self.features(x))

    class Depthwise(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            c = shape[0]
            self.net = nn.Sequential(nn.Conv1d(c, 4 * c, 9, padding=4, groups=c), nn.BatchNorm1d(4 * c), nn.ReLU(),
                                     nn.Conv1d(4 * c, w, 1), nn.BatchNorm1d(w), nn.ReLU(), nn.MaxPool1d(2),
                                     nn.Conv1d(w, w, 9, padding=8, dilation=2, groups=w), nn.Conv1d(w, w, 1),
                                     nn.BatchNorm1d(w), nn.ReLU(), nn.AdaptiveMaxPool1d(1), nn.Flatten(),
                                     nn.Linear(w, k_out))

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.net(x)

    class GRUClassifier(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.rnn = nn.GRU(shape[0], w, batch_first=True)
            self.head = nn.Linear(w, k_out)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            _, h = self.rnn(x.transpose(1, 2))  # (n, channels, length) -> (n, length, channels)
            return self.head(h[-1])

    class Seq2Seq(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.emb = nn.Embedding(REVERSE_VOCAB, w)
            self.enc = nn.GRU(w, w, batch_first=True)
            self.dec = nn.GRU(w, w, batch_first=True)
            self.head = nn.Linear(w, 10)

        def forward(self, src: torch.Tensor, tgt: torch.Tensor) -> torch.Tensor:
            _, h = self.enc(self.emb(src))
            start = torch.full_like(tgt[:, :1], 10)
            out, _ = self.dec(self.emb(torch.cat([start, tgt[:, :-1]], 1)), h)  # teacher forcing
            return self.head(out)

    class CausalLM(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.emb = nn.Embedding(GRAMMAR_VOCAB, w)
            self.pos = nn.Parameter(torch.randn(1, GRAMMAR_LEN, w) * 0.02)
            layer = nn.TransformerEncoderLayer(w, nhead=4, dim_feedforward=2 * w, dropout=0.0, batch_first=True,
                                               norm_first=True)
            self.blocks = nn.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=False)
            self.norm = nn.LayerNorm(w)
            self.head = nn.Linear(w, GRAMMAR_VOCAB)
            self.register_buffer("mask", nn.Transformer.generate_square_subsequent_mask(GRAMMAR_LEN))

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            L = x.shape[1]
            h = self.blocks(self.emb(x) + self.pos[:, :L], mask=self.mask[:L, :L], is_causal=True)
            return self.head(self.norm(h))

    class Mixer(nn.Module):
        def __init__(self, patch: int = 4) -> None:
            super().__init__()
            self.patch = patch
            n_tok = (shape[1] // patch) * (shape[2] // patch)
            self.embed = nn.Linear(shape[0] * patch * patch, w)
            self.tok = nn.ModuleList(nn.Sequential(nn.Linear(n_tok, 2 * n_tok), nn.GELU(), nn.Linear(2 * n_tok, n_tok))
                                     for _ in range(fam.depth))
            self.ch = nn.ModuleList(nn.Sequential(nn.Linear(w, 2 * w), nn.GELU(), nn.Linear(2 * w, w))
                                    for _ in range(fam.depth))
            self.n1 = nn.ModuleList(nn.LayerNorm(w) for _ in range(fam.depth))
            self.n2 = nn.ModuleList(nn.LayerNorm(w) for _ in range(fam.depth))
            self.head = nn.Sequential(nn.LayerNorm(w), nn.Linear(w, k_out))

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            p = self.patch
            n, c, hh, ww = x.shape
            t = x.unfold(2, p, p).unfold(3, p, p).permute(0, 2, 3, 1, 4, 5).reshape(n, -1, c * p * p)
            t = self.embed(t)
            for tok, ch, n1, n2 in zip(self.tok, self.ch, self.n1, self.n2):
                t = t + tok(n1(t).transpose(1, 2)).transpose(1, 2)
                t = t + ch(n2(t))
            return self.head(t.mean(1))

    class UNet(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.down = nn.Sequential(nn.Conv2d(1, w, 3, padding=1), nn.BatchNorm2d(w), nn.ReLU())
            self.mid = nn.Sequential(nn.MaxPool2d(2), nn.Conv2d(w, 2 * w, 3, padding=1), nn.BatchNorm2d(2 * w),
                                     nn.ReLU(), nn.Upsample(scale_factor=2))
            self.up = nn.Sequential(nn.Conv2d(3 * w, w, 3, padding=1), nn.ReLU(), nn.Conv2d(w, 1, 1))

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            d = self.down(x)
            return self.up(torch.cat([d, self.mid(d)], 1))

    class ScaledEncoder(nn.Module):
        """CLIP-style: unit embeddings times sqrt(exp(logit_scale)), so a dot product is exp(logit_scale) x cosine;
        the learned scale starts at 1 / 0.02 and, unlike CLIP's, is never clamped at 100."""

        def __init__(self, net: nn.Module) -> None:
            super().__init__()
            self.net = net
            self.logit_scale = nn.Parameter(torch.tensor(math.log(1 / 0.02)))

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return nn.functional.normalize(self.net(x), dim=-1) * torch.exp(self.logit_scale / 2)

    if fam.model in ("mlp", "linear"):
        layers: list[nn.Module] = [nn.Flatten()] if data.task != "contrastive" else []
        d = math.prod(shape) if data.task != "contrastive" else shape[-1]
        if fam.input_dropout:
            layers.append(nn.Dropout(fam.input_dropout))
        for _ in range(fam.depth if fam.model == "mlp" else 0):
            layers += [nn.Linear(d, w), nn.ReLU(), nn.Dropout(fam.dropout)]
            d = w
        layers.append(nn.Linear(d, k_out))
        if data.task == "regression":
            layers.append(Rescale(data.y_mean, data.y_std))
        model: nn.Module = nn.Sequential(*layers)
        if fam.loss == "infonce_naive":
            model = ScaledEncoder(model)
    elif fam.model == "resnet_bn":
        model = ResNet()
    elif fam.model == "depthwise":
        model = Depthwise()
        if data.task == "regression":
            model = nn.Sequential(model, Rescale(data.y_mean, data.y_std))
    elif fam.model == "gru":
        model = GRUClassifier()
    elif fam.model == "gru_seq2seq":
        model = Seq2Seq()
    elif fam.model == "transformer_lm":
        model = CausalLM()
        with torch.no_grad():
            nn.init.normal_(model.head.weight, std=fam.head_init or 0.02)  # the fault: head_init 4 (GPT uses 0.02)
            nn.init.zeros_(model.head.bias)
    elif fam.model == "mixer":
        model = Mixer()
    elif fam.model == "unet":
        model = UNet()
    else:
        raise ValueError(f"no PyTorch model {fam.model!r}")
    return model


def forward(model: Any, data: Data3, x: Any, y: Any) -> Any:
    """The model's output for a batch (a seq2seq decoder is fed the target; a contrastive encoder both views)."""
    if data.task == "seq2seq":
        return model(x, y)
    if data.task == "contrastive":  # both views through the encoder: (n, 2, features) -> (n, 2, embedding)
        n = len(x)
        return model(x.reshape(2 * n, -1)).reshape(n, 2, -1)
    return model(x)


def torch_loss(fam: Family3, data: Data3, out: Any, y: Any, train: bool) -> Any:
    """The loss, by task; label smoothing only in training; the loss faults (naive InfoNCE, a sigmoid fed to a
    from-logits BCE)."""
    import torch
    import torch.nn.functional as F

    out = out.float()
    task = data.task
    if task == "regression":
        if fam.loss == "huber":
            return F.huber_loss(out, y, delta=100.0)
        if fam.loss == "mae":
            return F.l1_loss(out, y)
        return F.mse_loss(out, y)
    if task == "autoencoder":
        return F.mse_loss(out, y)
    if task in ("multilabel", "segmentation"):
        if fam.double_sigmoid:
            out = torch.sigmoid(out)
        return F.binary_cross_entropy_with_logits(out, y)
    if task == "ordinal":
        levels = torch.arange(out.shape[1], device=out.device)
        return F.binary_cross_entropy_with_logits(out, (y[:, None] > levels[None]).float())
    if task == "contrastive":
        if fam.loss == "infonce_naive":  # the fault: softmax by hand without the max-shift, on a logit scale that
            e = torch.exp(out[:, 0] @ out[:, 1].T)  # is learned and never clamped (ScaledEncoder)
            return -torch.log(torch.diagonal(e) / e.sum(1)).mean()
        z = F.normalize(out, dim=-1)
        return F.cross_entropy(z[:, 0] @ z[:, 1].T / 0.2, torch.arange(len(z)))
    smooth = fam.label_smoothing if train else 0.0
    if task in ("lm", "seq2seq"):
        return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), label_smoothing=smooth)
    return F.cross_entropy(out, y, label_smoothing=smooth)


def torch_metric(data: Data3, out: Any, y: Any) -> float | None:
    """Accuracy (classes; tokens; per label; per pixel; exact ordinal level); none for regression, autoencoder and
    contrastive runs."""
    task = data.task
    if task in ("regression", "autoencoder", "contrastive"):
        return None
    if task in ("multilabel", "segmentation"):
        return float(((out.float() > 0).float() == y).float().mean())
    if task == "ordinal":
        return float(((out.float() > 0).sum(1) == y).float().mean())
    return float((out.argmax(-1) == y).float().mean())


def torch_optimizer(fam: Family3, params: Any):  # -> torch.optim.Optimizer
    import torch

    o, lr, wd = fam.optimizer, fam.lr, fam.weight_decay
    if o in ("sgd", "sgdm", "nesterov"):
        return torch.optim.SGD(params, lr=lr, momentum=0.0 if o == "sgd" else 0.9, nesterov=o == "nesterov",
                               weight_decay=wd)
    if o == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, weight_decay=wd)
    if o == "adamw":
        return torch.optim.AdamW(params, lr=lr, weight_decay=wd)
    return torch.optim.Adam(params, lr=lr, weight_decay=wd)


def torch_scheduler(fam: Family3, opt: Any, steps_per_epoch: int) -> Any:
    """A scheduler stepped once per optimizer step (None: constant LR), including the schedule faults."""
    import torch

    S = torch.optim.lr_scheduler
    total = max(fam.epochs * steps_per_epoch, 1)
    warm = max(total // 10, 1)
    s = fam.schedule
    if s == "poly":
        return S.PolynomialLR(opt, total_iters=total, power=2.0)
    if s == "warmup_linear":
        return S.LambdaLR(opt, lambda i: (i + 1) / warm if i < warm else max(0.0, (total - i) / (total - warm)))
    if s == "warmup_cosine":
        return S.LambdaLR(opt, lambda i: (i + 1) / warm if i < warm
                          else 0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * (i - warm) / (total - warm))))
    if s == "cosine_restarts":
        return S.CosineAnnealingWarmRestarts(opt, T_0=2 * steps_per_epoch, T_mult=2)
    if s == "cyclic":
        return S.CyclicLR(opt, base_lr=fam.lr, max_lr=fam.max_lr, step_size_up=steps_per_epoch, cycle_momentum=False)
    if s == "lr_ramp":  # the fault: an LR range test's exponential ramp used as the schedule
        return S.LambdaLR(opt, lambda i: fam.max_lr ** (i / steps_per_epoch))
    if s == "step_per_batch_bug":  # the fault: an epoch schedule stepped every batch
        return S.StepLR(opt, step_size=5, gamma=0.87)
    if s == "negative_decay_bug":  # the fault: linear decay to 0 at half the run, never clamped: then negative
        return S.LambdaLR(opt, lambda i: 1 - i / (total / 2))
    return None


# ---- Keras (torch backend) ------------------------------------------------------------------------------------------

def keras_model(fam: Family3, data: Data3, steps_per_epoch: int):  # -> a compiled keras.Model
    import keras

    L = keras.layers
    w, shape = fam.width, tuple(data.x_train.shape[1:])
    x = inp = keras.Input(shape)
    if fam.model == "mlp":
        for _ in range(fam.depth):
            x = L.Dense(w, activation="relu")(x)
            x = L.Dropout(fam.dropout)(x) if fam.dropout else x
    elif fam.model == "cnn" and len(shape) == 3:  # images arrive channels-first
        x = L.Permute((2, 3, 1))(x)
        x = L.Conv2D(w, 3, padding="same", activation="relu")(x)
        x = L.MaxPooling2D(2)(x)
        x = L.Conv2D(2 * w, 3, padding="same", activation="relu")(x)
        x = L.GlobalAveragePooling2D()(x)
    elif fam.model == "cnn":  # signals (channels, length)
        x = L.Permute((2, 1))(x)
        x = L.Conv1D(w, 5, padding="same", activation="relu")(x)
        x = L.MaxPooling1D(2)(x)
        x = L.Conv1D(w, 5, padding="same", activation="relu")(x)
        x = L.GlobalAveragePooling1D()(x)
    elif fam.model == "autoencoder":
        x = L.Dense(w, activation="relu")(x)
        x = L.Dense(32, activation="relu")(x)
        x = L.Dense(w, activation="relu")(x)
    elif fam.model != "linear":
        raise ValueError(f"no Keras model {fam.model!r}")
    task = data.task
    if task == "regression":
        x = L.Dense(1)(x)
        x = L.Rescaling(scale=data.y_std, offset=data.y_mean)(x)  # targets keep their unit; the model rescales
    elif task == "multilabel":
        x = L.Dense(data.n_classes, activation="sigmoid" if fam.double_sigmoid else None)(x)
    elif task == "autoencoder":
        x = L.Dense(shape[0])(x)
    else:
        x = L.Dense(data.n_classes)(x)
    model = keras.Model(inp, x)
    lr: Any = float(fam.lr)
    if fam.schedule == "poly":
        lr = keras.optimizers.schedules.PolynomialDecay(fam.lr, decay_steps=fam.epochs * steps_per_epoch,
                                                        end_learning_rate=fam.lr * 0.01, power=2.0)
    opt = {"sgd": lambda: keras.optimizers.SGD(lr), "sgdm": lambda: keras.optimizers.SGD(lr, momentum=0.9),
           "nesterov": lambda: keras.optimizers.SGD(lr, momentum=0.9, nesterov=True),
           "rmsprop": lambda: keras.optimizers.RMSprop(lr),
           "adamw": lambda: keras.optimizers.AdamW(lr, weight_decay=fam.weight_decay),
           "adam": lambda: keras.optimizers.Adam(lr)}[fam.optimizer]()
    if task == "regression":
        loss: Any = {"huber": keras.losses.Huber(delta=100.0), "mae": keras.losses.MeanAbsoluteError()}.get(
            fam.loss, keras.losses.MeanSquaredError())
        metrics: list[Any] = ["mae"]
    elif task == "multilabel":  # double_sigmoid: the sigmoid layer above, fed to a from-logits loss
        loss = keras.losses.BinaryCrossentropy(from_logits=True)
        metrics = [keras.metrics.BinaryAccuracy(name="accuracy", threshold=0.5 if fam.double_sigmoid else 0.0)]
    elif task == "autoencoder":
        loss, metrics = keras.losses.MeanSquaredError(), []
    else:
        loss, metrics = keras.losses.SparseCategoricalCrossentropy(from_logits=True), ["accuracy"]
    model.compile(optimizer=opt, loss=loss, metrics=metrics)
    return model


def keras_callbacks(fam: Family3) -> list[Any]:
    """Keras callbacks: early stopping (including the misconfigured one) and the LR-ramp fault."""
    import keras

    cbs: list[Any] = []
    if fam.early_stop == "val_loss":
        cbs.append(keras.callbacks.EarlyStopping(monitor="val_loss", patience=fam.patience, restore_best_weights=True))
    elif fam.early_stop == "val_accuracy_min":  # the fault: accuracy monitored with mode='min'
        cbs.append(keras.callbacks.EarlyStopping(monitor="val_accuracy", mode="min", patience=fam.patience))
    if fam.schedule == "lr_ramp":
        cbs.append(keras.callbacks.LearningRateScheduler(lambda e, lr: fam.lr * fam.max_lr ** e))
    return cbs
