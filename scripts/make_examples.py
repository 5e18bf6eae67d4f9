"""Regenerate examples/: real training runs, each showing one problem from DESIGN.md §1, written by real writers.

Run: KERAS_BACKEND=torch python scripts/make_examples.py   (needs the keras, lightning and torch extras; ~1 min)
"""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "torch")

import numpy as np
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

OUT = Path(__file__).resolve().parent.parent / "examples"


def digits(n_train: int | None = None, seed: int = 0, normalise: bool = True):
    x, y = load_digits(return_X_y=True)
    x = x.astype(np.float32)
    if normalise:
        x = x / 16.0
    xtr, xva, ytr, yva = train_test_split(x, y, test_size=0.3, random_state=seed, stratify=y)
    if n_train:
        xtr, ytr = xtr[:n_train], ytr[:n_train]
    return xtr, xva, ytr, yva


def overfitting_keras(dest: Path) -> None:
    """A wide Keras MLP on 100 training digits: validation loss turns up after ~8 epochs (CSVLogger)."""
    import keras

    keras.utils.set_random_seed(0)
    xtr, xva, ytr, yva = digits(n_train=100)
    model = keras.Sequential([keras.Input((64,)), keras.layers.Dense(512, activation="relu"),
                              keras.layers.Dense(512, activation="relu"), keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(3e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    dest.mkdir(parents=True)
    model.fit(xtr, ytr, validation_data=(xva, yva), epochs=60, batch_size=16, verbose=0,
              callbacks=[keras.callbacks.CSVLogger(str(dest / "training.csv"))])


def huge_initial_loss_pytorch(dest: Path) -> None:
    """Plain PyTorch on raw pixels x10 with SGD lr=0.5: a first-epoch loss near 1e6, then stuck at ln(10) (seed 000)."""
    torch.manual_seed(0)
    xtr, xva, ytr, yva = digits(normalise=False)
    xt, yt = torch.tensor(xtr * 10), torch.tensor(ytr)
    model = torch.nn.Sequential(torch.nn.Linear(64, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    lines = []
    epochs = 30
    for epoch in range(epochs):
        perm = torch.randperm(len(xt))
        total = 0.0
        for i in range(0, len(xt), 64):
            idx = perm[i:i + 64]
            loss = torch.nn.functional.cross_entropy(model(xt[idx]), yt[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        lines.append(f"Epoch [{epoch + 1}/{epochs}] Average Loss: {total / len(xt):.4f}")
    dest.mkdir(parents=True)
    (dest / "train.log").write_text("\n".join(lines) + "\n")


def nan_pytorch(dest: Path) -> None:
    """An LR schedule with gamma > 1 (a typo for 0.35?) and a hand-written log(softmax(x)) loss: the loss turns
    up as the learning rate grows, then log(0) = -inf and NaN from epoch 14 (printed log)."""
    torch.manual_seed(0)
    xtr, xva, ytr, yva = digits(normalise=False)
    xt, yt, xv, yv = torch.tensor(xtr), torch.tensor(ytr), torch.tensor(xva), torch.tensor(yva)
    model = torch.nn.Sequential(torch.nn.Linear(64, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
    opt = torch.optim.SGD(model.parameters(), lr=0.002, momentum=0.9)
    sched = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=1.35)

    def loss_fn(out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return -torch.log(torch.softmax(out, dim=1)[torch.arange(len(y)), y]).mean()

    lines = []
    epochs = 20
    for epoch in range(epochs):
        perm = torch.randperm(len(xt))
        total = 0.0
        for i in range(0, len(xt), 64):
            idx = perm[i:i + 64]
            loss = loss_fn(model(xt[idx]), yt[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        with torch.no_grad():
            out = model(xv)
            vloss = loss_fn(out, yv).item()
            vacc = float((out.argmax(1) == yv).float().mean()) * 100
        lines.append(f"Epoch {epoch + 1}/{epochs}, LR: {opt.param_groups[0]['lr']:.5f}, "
                     f"Train Loss: {total / len(xt):.4f}, Val Loss: {vloss:.4f}, Val Acc: {vacc:.1f}%")
        sched.step()
    dest.mkdir(parents=True)
    (dest / "train.log").write_text("\n".join(lines) + "\n")


def stuck_at_chance_lightning(dest: Path) -> None:
    """Lightning, Adam at lr=0.5: the network dies in the first epoch and sits at ln(10) (CSVLogger)."""
    import lightning as L
    from lightning.pytorch.loggers import CSVLogger

    L.seed_everything(0, verbose=False)
    xtr, xva, ytr, yva = digits()

    class Net(L.LightningModule):
        def __init__(self) -> None:
            super().__init__()
            self.net = torch.nn.Sequential(torch.nn.Linear(64, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))

        def step(self, batch, split: str):
            x, y = batch
            logits = self.net(x)
            loss = torch.nn.functional.cross_entropy(logits, y)
            acc = (logits.argmax(1) == y).float().mean()
            self.log(f"{split}_loss", loss, on_step=False, on_epoch=True)
            self.log(f"{split}_acc", acc, on_step=False, on_epoch=True)
            return loss

        def training_step(self, batch, _):
            return self.step(batch, "train")

        def validation_step(self, batch, _):
            self.step(batch, "val")

        def configure_optimizers(self):
            return torch.optim.Adam(self.parameters(), lr=0.5)

    def loader(x, y, shuffle):
        ds = torch.utils.data.TensorDataset(torch.tensor(x), torch.tensor(y))
        return torch.utils.data.DataLoader(ds, batch_size=64, shuffle=shuffle)

    trainer = L.Trainer(max_epochs=25, logger=CSVLogger(str(dest)), enable_progress_bar=False,
                        enable_model_summary=False, enable_checkpointing=False, log_every_n_steps=5)
    trainer.fit(Net(), loader(xtr, ytr, True), loader(xva, yva, False))


def leakage_tensorboard(dest: Path) -> None:
    """The validation rows were also put into the training set (concatenated before shuffling): validation
    follows the training loss all the way down to memorisation, with accuracy 1.0 (torch SummaryWriter)."""
    from torch.utils.tensorboard import SummaryWriter

    torch.manual_seed(0)
    xtr, xva, ytr, yva = digits(n_train=400)
    xtr, ytr = np.vstack([xtr, xva]), np.concatenate([ytr, yva])  # the bug: validation copied into training
    xt, yt, xv, yv = map(torch.tensor, (xtr, ytr, xva, yva))
    model = torch.nn.Sequential(torch.nn.Linear(64, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    writer = SummaryWriter(str(dest))
    for epoch in range(40):
        model.train()
        perm = torch.randperm(len(xt))
        total, correct = 0.0, 0
        for i in range(0, len(xt), 32):
            idx = perm[i:i + 32]
            out = model(xt[idx])
            loss = torch.nn.functional.cross_entropy(out, yt[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
            correct += int((out.argmax(1) == yt[idx]).sum())
        model.eval()
        with torch.no_grad():
            out = model(xv)
            vloss = torch.nn.functional.cross_entropy(out, yv).item()
            vacc = float((out.argmax(1) == yv).float().mean())
        writer.add_scalar("loss/train", total / len(xt), epoch)
        writer.add_scalar("accuracy/train", correct / len(xt), epoch)
        writer.add_scalar("loss/val", vloss, epoch)
        writer.add_scalar("accuracy/val", vacc, epoch)
    writer.close()


def healthy_tensorboard(dest: Path) -> None:
    """A sound run for contrast: normalised digits, a small MLP, Adam 1e-3 with step decay (torch SummaryWriter)."""
    from torch.utils.tensorboard import SummaryWriter

    torch.manual_seed(1)
    xtr, xva, ytr, yva = digits()
    xt, yt, xv, yv = map(torch.tensor, (xtr, ytr, xva, yva))
    model = torch.nn.Sequential(torch.nn.Linear(64, 64), torch.nn.ReLU(), torch.nn.Linear(64, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=15, gamma=0.3)
    writer = SummaryWriter(str(dest))
    for epoch in range(30):
        perm = torch.randperm(len(xt))
        total = 0.0
        for i in range(0, len(xt), 64):
            idx = perm[i:i + 64]
            loss = torch.nn.functional.cross_entropy(model(xt[idx]), yt[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        with torch.no_grad():
            out = model(xv)
            vloss = torch.nn.functional.cross_entropy(out, yv).item()
            vacc = float((out.argmax(1) == yv).float().mean())
        writer.add_scalar("loss/train", total / len(xt), epoch)
        writer.add_scalar("loss/val", vloss, epoch)
        writer.add_scalar("accuracy/val", vacc, epoch)
        writer.add_scalar("lr", opt.param_groups[0]["lr"], epoch)
        sched.step()
    writer.close()


EXAMPLES = {
    "overfitting-keras": overfitting_keras,
    "nan-pytorch": nan_pytorch,
    "huge-initial-loss-pytorch": huge_initial_loss_pytorch,
    "stuck-at-chance-lightning": stuck_at_chance_lightning,
    "leakage-tensorboard": leakage_tensorboard,
    "healthy-tensorboard": healthy_tensorboard,
}


def main(names: list[str]) -> None:
    torch.set_num_threads(1)
    for name in names or list(EXAMPLES):
        dest = OUT / name
        if dest.exists():
            shutil.rmtree(dest)
        EXAMPLES[name](dest)
        print(f"wrote {dest.relative_to(OUT.parent)}")


if __name__ == "__main__":
    main(sys.argv[1:])
