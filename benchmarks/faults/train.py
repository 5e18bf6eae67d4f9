"""Really train one small PyTorch model with one injected fault and return its history (plain lists).

CPU only, one thread, deterministic for a (scenario, seed). A run takes well under 3 s.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from sklearn import datasets
from sklearn.model_selection import train_test_split
from torch import nn

from scenarios import Scenario


@dataclass(frozen=True)
class Data:
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    n_classes: int


def _raw(name: str, seed: int, imbalance: float) -> tuple[np.ndarray, np.ndarray]:
    if name == "digits":
        d = datasets.load_digits()
        return d.data.astype(np.float64), d.target
    if name == "breast_cancer":
        d = datasets.load_breast_cancer()
        return d.data.astype(np.float64), d.target
    if name == "wine":
        d = datasets.load_wine()
        return d.data.astype(np.float64), d.target
    if name == "blobs":
        return datasets.make_blobs(n_samples=1000, centers=4, n_features=8, cluster_std=3.0, random_state=seed)
    if name == "moons":
        return datasets.make_moons(n_samples=1000, noise=0.25, random_state=seed)
    if name == "classification":
        w = [1.0 - imbalance, imbalance] if imbalance else None
        return datasets.make_classification(n_samples=2000, n_features=20, n_informative=6, n_redundant=4,
                                            weights=w, flip_y=0.02, class_sep=0.8, random_state=seed)
    raise ValueError(name)


def load_data(sc: Scenario, seed: int) -> Data:
    """Split, inject the data faults, standardise with training statistics (unless the fault is no scaling)."""
    rng = np.random.default_rng(seed)
    x, y = _raw(sc.dataset, seed, sc.imbalance)
    y = y.astype(np.int64)
    n_classes = int(y.max()) + 1
    if sc.shift_val:
        # Covariate shift: validation = the 30% of rows with the largest projection on a random direction.
        direction = rng.normal(size=x.shape[1])
        score = ((x - x.mean(0)) / (x.std(0) + 1e-9)) @ direction
        order = np.argsort(score)
        cut = int(0.7 * len(x))
        tr, va = order[:cut], order[cut:]
        xt, yt, xv, yv = x[tr], y[tr], x[va], y[va]
    else:
        xt, xv, yt, yv = train_test_split(x, y, test_size=0.3, random_state=seed, stratify=y)
    if sc.n_train:
        xt, yt = xt[: sc.n_train], yt[: sc.n_train]
    if sc.n_val:
        xv, yv = xv[: sc.n_val], yv[: sc.n_val]
    if sc.label_noise:
        flip = rng.random(len(yt)) < sc.label_noise
        yt = yt.copy()
        yt[flip] = rng.integers(0, n_classes, int(flip.sum()))
    if sc.leak_val:
        xt, yt = np.concatenate([xt, xv]), np.concatenate([yt, yv])
    if sc.scale_inputs:
        mu, sd = xt.mean(0), xt.std(0)
        sd = np.where(sd > 1e-6, sd, 1.0)  # constant columns (digits' blank pixels) stay as they are
        xt, xv = (xt - mu) / sd, (xv - mu) / sd
    else:
        xt, xv = xt * 1000.0 + 500.0, xv * 1000.0 + 500.0
    if sc.sorted_data:
        order = np.argsort(yt, kind="stable")
        xt, yt = xt[order], yt[order]
    return Data(xt.astype(np.float32), yt, xv.astype(np.float32), yv, n_classes)


def build_model(sc: Scenario, n_in: int, n_classes: int) -> nn.Module:
    act = {"relu": nn.ReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh}[sc.activation]
    layers: list[nn.Module] = []
    width = n_in
    for h in sc.hidden:
        lin = nn.Linear(width, h)
        if sc.init == "dead_relu":
            nn.init.constant_(lin.bias, -10.0)
        elif sc.init == "large":
            nn.init.normal_(lin.weight, std=1.0)
        layers += [lin, act()]
        if sc.dropout:
            layers.append(nn.Dropout(sc.dropout))
        width = h
    out = nn.Linear(width, n_classes)
    if sc.init == "large":
        nn.init.normal_(out.weight, std=1.0)
    layers.append(out)
    if sc.head == "softmax":
        layers.append(nn.Softmax(dim=1))   # the fault: softmax before CrossEntropyLoss (double softmax)
    if sc.head == "sigmoid":
        layers.append(nn.Sigmoid())
    return nn.Sequential(*layers)


def _loss_and_correct(sc: Scenario, out: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    if sc.head == "sigmoid":
        # The fault: C sigmoid units + binary cross-entropy on one-hot labels of a single-label task; the accuracy
        # logged is then what Keras reports for loss="binary_crossentropy", metrics=["accuracy"]: binary accuracy.
        onehot = nn.functional.one_hot(y, out.shape[1]).float()
        loss = nn.functional.binary_cross_entropy(out, onehot)
        return loss, ((out > 0.5).float() == onehot).float().mean(1).sum()
    return nn.functional.cross_entropy(out, y), (out.argmax(1) == y).sum()


def _optimizer(sc: Scenario, params: Any) -> torch.optim.Optimizer:
    if sc.optimizer == "adam":
        return torch.optim.Adam(params, lr=sc.lr, weight_decay=sc.weight_decay)
    momentum = 0.9 if sc.optimizer == "sgdm" else 0.0
    return torch.optim.SGD(params, lr=sc.lr, momentum=momentum, weight_decay=sc.weight_decay)


def _lr_factor(sc: Scenario, step: int, steps_per_epoch: int) -> float:
    epoch_f = step / steps_per_epoch
    if sc.schedule == "step":
        return 0.1 if epoch_f >= sc.epochs // 2 else 1.0
    if sc.schedule == "warmup_cosine":
        warm = 5.0
        if epoch_f < warm:
            return (step + 1) / (warm * steps_per_epoch)
        t = (epoch_f - warm) / max(sc.epochs - warm, 1e-9)
        return 0.5 * (1 + math.cos(math.pi * min(t, 1.0)))
    return 1.0


def train(sc: Scenario, seed: int) -> dict[str, Any]:
    """Train and return {"epoch": {...per-epoch lists...}, "step": {...} | None, "n_classes": C}."""
    torch.set_num_threads(1)
    torch.manual_seed(seed)
    data = load_data(sc, seed)
    model = build_model(sc, data.x_train.shape[1], data.n_classes)
    opt = _optimizer(sc, model.parameters())
    xt, yt = torch.from_numpy(data.x_train), torch.from_numpy(data.y_train)
    xv, yv = torch.from_numpy(data.x_val), torch.from_numpy(data.y_val)
    n = len(xt)
    steps_per_epoch = math.ceil(n / sc.batch)
    gen = torch.Generator().manual_seed(seed)
    hist: dict[str, list[float]] = {"train_loss": [], "val_loss": [], "train_acc": [], "val_acc": [], "lr": []}
    step_loss: list[float] = []
    step = 0
    for _epoch in range(sc.epochs):
        model.train()
        order = torch.arange(n) if sc.sorted_data else torch.randperm(n, generator=gen)
        tot_loss, tot_correct, seen = 0.0, 0.0, 0
        for i in range(0, n, sc.batch):
            for g in opt.param_groups:
                g["lr"] = sc.lr * _lr_factor(sc, step, steps_per_epoch)
            idx = order[i:i + sc.batch]
            out = model(xt[idx])
            loss, correct = _loss_and_correct(sc, out, yt[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            step += 1
            lv = float(loss.detach())
            step_loss.append(lv)
            tot_loss += lv * len(idx)
            tot_correct += float(correct)
            seen += len(idx)
        model.eval()
        with torch.no_grad():
            vloss, vcorrect = _loss_and_correct(sc, model(xv), yv)
        hist["train_loss"].append(tot_loss / seen)
        hist["train_acc"].append(tot_correct / seen)
        hist["val_loss"].append(float(vloss))
        hist["val_acc"].append(float(vcorrect) / len(xv))
        hist["lr"].append(opt.param_groups[0]["lr"])
    steps = {"step": list(range(1, step + 1)), "train_loss": step_loss} if sc.step_log else None
    return {"epoch": hist, "step": steps, "n_classes": data.n_classes, "steps_per_epoch": steps_per_epoch,
            "optimizer": type(opt).__name__}
