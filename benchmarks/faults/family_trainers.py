"""Train one model-family run with a real framework and its own logger; return the log path and a per-epoch history.

Each trainer writes the framework's native log under ``out`` exactly as a user's run would leave it, and returns
``(log_path, history)`` where history is the Keras-History-shaped dict (``loss``, ``val_loss``, ``accuracy``,
``val_accuracy``, ``learning_rate``) that the peers and the reader fallback use, taken from what the framework
logged where it logs it.
"""
from __future__ import annotations

import contextlib
import io
import math
import os
from pathlib import Path
from typing import Any, Callable

import numpy as np

from families import Family
from family_models import Data, keras_model, load, torch_model, torch_optimizer, torch_scheduler

History = dict[str, list[float]]


def _empty() -> History:
    return {"loss": [], "val_loss": [], "accuracy": [], "val_accuracy": [], "learning_rate": []}


def _evaluate(model, x, y, batch: int = 512) -> tuple[float, float]:  # torch model -> (mean CE loss, accuracy)
    import torch

    model.eval()
    losses, correct = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            xb, yb = torch.from_numpy(x[i:i + batch]), torch.from_numpy(y[i:i + batch])
            out = model(xb).float()
            losses += float(torch.nn.functional.cross_entropy(out, yb, reduction="sum"))
            correct += int((out.argmax(1) == yb).sum())
    model.train()
    return losses / len(x), correct / len(x)


# ---- Keras fit -------------------------------------------------------------------------------------------------

def _keras(fam: Family, data: Data, seed: int, out: Path, stdout_log: bool) -> tuple[Path, History]:
    os.environ.setdefault("KERAS_BACKEND", "torch")
    import keras

    keras.utils.set_random_seed(seed)
    xt, xv = data.x_train, data.x_val
    if fam.model == "cnn":  # channels last
        xt, xv = xt.transpose(0, 2, 3, 1), xv.transpose(0, 2, 3, 1)
    steps = math.ceil(len(xt) / fam.batch)
    model = keras_model(fam, data.n_classes, steps)
    out.mkdir(parents=True, exist_ok=True)
    path = out / ("train.log" if stdout_log else "training.log")
    callbacks = [] if stdout_log else [keras.callbacks.CSVLogger(str(path))]
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        hist = model.fit(xt, data.y_train, validation_data=(xv, data.y_val), epochs=fam.epochs,
                         batch_size=fam.batch, verbose=2 if stdout_log else 0, callbacks=callbacks)
    if stdout_log:
        path.write_text(printed.getvalue())
    h = hist.history
    lr = h.get("learning_rate") or [float(np.asarray(model.optimizer.learning_rate))] * len(h["loss"])
    return path, {"loss": h["loss"], "val_loss": h["val_loss"], "accuracy": h["accuracy"],
                  "val_accuracy": h["val_accuracy"], "learning_rate": [float(v) for v in lr]}


# ---- Lightning Trainer --------------------------------------------------------------------------------------------

def _lightning(fam: Family, data: Data, seed: int, out: Path) -> tuple[Path, History]:
    import lightning as L
    import torch
    from lightning.pytorch.loggers import CSVLogger

    L.seed_everything(seed, verbose=False)
    steps_per_epoch = math.ceil(len(data.x_train) / fam.batch)
    hist = _empty()

    class Module(L.LightningModule):
        def __init__(self) -> None:
            super().__init__()
            self.net = torch_model(fam, data.n_classes)

        def training_step(self, batch: Any, _i: int) -> torch.Tensor:
            x, y = batch
            out = self.net(x)
            loss = torch.nn.functional.cross_entropy(out, y)
            self.log("train_loss", loss, on_step=True, on_epoch=True)
            self.log("train_acc", (out.argmax(1) == y).float().mean(), on_step=False, on_epoch=True)
            return loss

        def validation_step(self, batch: Any, _i: int) -> None:
            x, y = batch
            out = self.net(x)
            self.log("val_loss", torch.nn.functional.cross_entropy(out, y))
            self.log("val_acc", (out.argmax(1) == y).float().mean())

        def on_train_epoch_end(self) -> None:
            m = self.trainer.callback_metrics
            if "val_loss" in m:
                hist["loss"].append(float(m["train_loss_epoch"]))
                hist["accuracy"].append(float(m["train_acc"]))
                hist["val_loss"].append(float(m["val_loss"]))
                hist["val_accuracy"].append(float(m["val_acc"]))
                hist["learning_rate"].append(self.optimizers().param_groups[0]["lr"])

        def configure_optimizers(self) -> Any:
            opt = torch_optimizer(fam, self.parameters())
            sched, interval = torch_scheduler(fam, opt, steps_per_epoch)
            if sched is None:
                return opt
            return {"optimizer": opt, "lr_scheduler": {"scheduler": sched, "interval": interval}}

    def loader(x: np.ndarray, y: np.ndarray, shuffle: bool) -> torch.utils.data.DataLoader:
        ds = torch.utils.data.TensorDataset(torch.from_numpy(x), torch.from_numpy(y))
        return torch.utils.data.DataLoader(ds, batch_size=fam.batch, shuffle=shuffle)

    logger = CSVLogger(str(out), name="lightning_logs")
    trainer = L.Trainer(max_epochs=fam.epochs, logger=logger, accelerator="cpu", devices=1,
                        precision="bf16-mixed" if fam.precision == "bf16" else "32-true",
                        enable_checkpointing=False, enable_progress_bar=False, enable_model_summary=False,
                        log_every_n_steps=5, num_sanity_val_steps=0)
    trainer.fit(Module(), loader(data.x_train, data.y_train, True), loader(data.x_val, data.y_val, False))
    return Path(logger.log_dir) / "metrics.csv", hist


# ---- Hugging Face Trainer ---------------------------------------------------------------------------------------

def _hf(fam: Family, data: Data, seed: int, out: Path) -> tuple[Path, History]:
    import torch
    from transformers import Trainer, TrainerCallback, TrainingArguments

    class Wrapped(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.net = torch_model(fam, data.n_classes)

        def forward(self, x: torch.Tensor, labels: torch.Tensor | None = None) -> dict[str, torch.Tensor]:
            logits = self.net(x)
            out = {"logits": logits}
            if labels is not None:
                out["loss"] = torch.nn.functional.cross_entropy(logits, labels)
            return out

    class Rows(torch.utils.data.Dataset):
        def __init__(self, x: np.ndarray, y: np.ndarray) -> None:
            self.x, self.y = torch.from_numpy(x), torch.from_numpy(y)

        def __len__(self) -> int:
            return len(self.y)

        def __getitem__(self, i: int) -> dict[str, torch.Tensor]:
            return {"x": self.x[i], "labels": self.y[i]}

    torch.manual_seed(seed)
    model = Wrapped()
    hist = _empty()

    class TrainMetrics(TrainerCallback):
        """The per-epoch training accuracy for history.json only (HF logs none); the log is left as HF wrote it."""

        def on_epoch_end(self, args: Any, state: Any, control: Any, **kw: Any) -> None:
            hist["accuracy"].append(_evaluate(model.net, data.x_train, data.y_train)[1])

    steps_per_epoch = math.ceil(len(data.x_train) / fam.batch)
    total = fam.epochs * steps_per_epoch
    optimizers: Any = (None, None)
    if fam.optimizer not in ("adam", "adamw"):
        opt = torch_optimizer(fam, model.parameters())
        optimizers = (opt, torch_scheduler(fam, opt, steps_per_epoch)[0])
    args = TrainingArguments(
        output_dir=str(out), num_train_epochs=fam.epochs, per_device_train_batch_size=fam.batch,
        per_device_eval_batch_size=256, learning_rate=fam.lr, weight_decay=fam.weight_decay,
        lr_scheduler_type="linear" if fam.schedule == "warmup_linear" else "constant",
        warmup_steps=max(total // 10, 1) if fam.schedule == "warmup_linear" else 0,
        eval_strategy="epoch", logging_strategy="steps", logging_steps=max(steps_per_epoch // 4, 1),
        save_strategy="no", report_to="none", use_cpu=True, seed=seed, disable_tqdm=True,
        bf16=fam.precision == "bf16", dataloader_num_workers=0, max_grad_norm=fam.clip or 1.0)

    def accuracy(pred: Any) -> dict[str, float]:
        return {"accuracy": float((np.asarray(pred.predictions).argmax(-1) == pred.label_ids).mean())}

    trainer = Trainer(model=model, args=args, train_dataset=Rows(data.x_train, data.y_train),
                      eval_dataset=Rows(data.x_val, data.y_val), compute_metrics=accuracy,
                      optimizers=optimizers, callbacks=[TrainMetrics()])
    trainer.train()
    trainer.save_state()  # writes <out>/trainer_state.json, the file HF leaves behind
    logs = trainer.state.log_history
    for e in range(1, fam.epochs + 1):
        train = [r["loss"] for r in logs if "loss" in r and e - 1 < r["epoch"] <= e + 1e-9]
        ev = next(r for r in logs if "eval_loss" in r and abs(r["epoch"] - e) < 1e-6)
        lrs = [r["learning_rate"] for r in logs if "learning_rate" in r and e - 1 < r["epoch"] <= e + 1e-9]
        hist["loss"].append(float(np.mean(train)) if train else float("nan"))
        hist["val_loss"].append(ev["eval_loss"])
        hist["val_accuracy"].append(ev["eval_accuracy"])
        hist["learning_rate"].append(lrs[-1] if lrs else fam.lr)
    return out / "trainer_state.json", hist


# ---- a plain PyTorch loop with TensorBoard's SummaryWriter -------------------------------------------------------

def _torch_tb(fam: Family, data: Data, seed: int, out: Path) -> tuple[Path, History]:
    import torch
    from torch.utils.tensorboard import SummaryWriter

    torch.manual_seed(seed)
    model = torch_model(fam, data.n_classes)
    opt = torch_optimizer(fam, model.parameters())
    steps_per_epoch = math.ceil(len(data.x_train) / fam.batch)
    sched, interval = torch_scheduler(fam, opt, steps_per_epoch)
    xt, yt = torch.from_numpy(data.x_train), torch.from_numpy(data.y_train)
    gen = torch.Generator().manual_seed(seed)
    writer = SummaryWriter(log_dir=str(out))
    hist = _empty()
    step = 0
    for epoch in range(fam.epochs):
        tot, correct = 0.0, 0
        for idx in torch.randperm(len(xt), generator=gen).split(fam.batch):
            logits = model(xt[idx])
            loss = torch.nn.functional.cross_entropy(logits, yt[idx])
            opt.zero_grad()
            loss.backward()
            if fam.clip:
                torch.nn.utils.clip_grad_norm_(model.parameters(), fam.clip)
            opt.step()
            if sched is not None and interval == "step":
                sched.step()
            step += 1
            lv = float(loss.detach())
            writer.add_scalar("train/loss_step", lv, step)
            tot += lv * len(idx)
            correct += int((logits.argmax(1) == yt[idx]).sum())
        lr = opt.param_groups[0]["lr"]
        if sched is not None and interval == "epoch":
            sched.step()
        vloss, vacc = _evaluate(model, data.x_val, data.y_val)
        row = {"loss": tot / len(xt), "accuracy": correct / len(xt), "val_loss": vloss, "val_accuracy": vacc,
               "learning_rate": lr}
        for k, v in row.items():
            hist[k].append(v)
        writer.add_scalar("train/loss", row["loss"], epoch)
        writer.add_scalar("train/accuracy", row["accuracy"], epoch)
        writer.add_scalar("val/loss", vloss, epoch)
        writer.add_scalar("val/accuracy", vacc, epoch)
        writer.add_scalar("lr", lr, epoch)
    writer.close()
    return out, hist


TRAIN: dict[str, Callable[[Family, Data, int, Path], tuple[Path, History]]] = {
    "keras_fit_csv": lambda f, d, s, o: _keras(f, d, s, o, stdout_log=False),
    "keras_fit_stdout": lambda f, d, s, o: _keras(f, d, s, o, stdout_log=True),
    "lightning": _lightning,
    "hf": _hf,
    "torch_tb": _torch_tb,
}


def run(fam: Family, seed: int, out: Path) -> tuple[Path, History, int]:
    """Train `fam` for `seed` with its framework, writing the native log under `out`."""
    import torch

    torch.set_num_threads(1)
    data = load(fam, seed)
    log, hist = TRAIN[fam.trainer](fam, data, seed, out)
    return log, hist, data.n_classes
