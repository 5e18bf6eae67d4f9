"""Train one second-generation family run with a real framework and its own logger.

Each trainer leaves the framework's native log under ``out`` exactly as a user's run would, and returns
``(log_path, history)``: the Keras-History-shaped dict (``loss``, ``val_loss``, ``accuracy``, ``val_accuracy``,
``learning_rate``; no accuracy for regression) the construction checks, the peers and the reader fallback use.
"""
from __future__ import annotations

import contextlib
import io
import math
import os
from pathlib import Path
from typing import Any, Callable

import numpy as np

from data_v2 import Data2, load
from families_v2 import Family2
from models_v2 import keras_callbacks, keras_model, torch_loss, torch_metric, torch_model, torch_optimizer, \
    torch_scheduler

History = dict[str, list[float]]


def _empty(data: Data2) -> History:
    keys = ["loss", "val_loss", "learning_rate"] + ([] if data.task == "regression" else ["accuracy", "val_accuracy"])
    return {k: [] for k in keys}


def _tensors(data: Data2) -> tuple[Any, Any, Any, Any]:
    import torch

    return tuple(torch.from_numpy(a) for a in (data.x_train, data.y_train, data.x_val, data.y_val))  # type: ignore


def _autocast(fam: Family2) -> Any:
    import torch

    return torch.autocast("cpu", dtype=torch.bfloat16, enabled=fam.precision == "bf16")


def _evaluate(fam: Family2, data: Data2, model: Any, x: Any, y: Any, batch: int = 256) -> tuple[float, float | None]:
    """Mean loss and metric over (x, y) in eval mode."""
    import torch

    model.eval()
    outs = []
    with torch.no_grad(), _autocast(fam):
        for i in range(0, len(x), batch):
            outs.append(model(x[i:i + batch]).float())
    model.train()
    out = torch.cat(outs)
    return float(torch_loss(fam, data, out, y)), torch_metric(data, out, y)


# ---- a plain PyTorch loop, logged by SummaryWriter, MLflow or print --------------------------------------------------

class _TB:
    def __init__(self, out: Path) -> None:
        from torch.utils.tensorboard import SummaryWriter

        self.w, self.path = SummaryWriter(log_dir=str(out)), out

    def step(self, loss: float, step: int) -> None:
        self.w.add_scalar("Loss/train_step", loss, step)

    def epoch(self, row: dict[str, float], epoch: int, total: int) -> None:
        names = {"loss": "Loss/train", "val_loss": "Loss/val", "accuracy": "Accuracy/train",
                 "val_accuracy": "Accuracy/val", "learning_rate": "LR"}
        for k, v in row.items():
            self.w.add_scalar(names[k], v, epoch)

    def close(self) -> Path:
        self.w.close()
        return self.path


class _MLflow:
    def __init__(self, out: Path) -> None:
        os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")
        import mlflow

        out.mkdir(parents=True, exist_ok=True)
        mlflow.set_tracking_uri(out.resolve().as_uri())
        mlflow.set_experiment("families-v2")
        self.mlflow, self.path = mlflow, out
        mlflow.start_run(run_name="train")

    def step(self, loss: float, step: int) -> None:
        self.mlflow.log_metric("batch_loss", loss, step=step)

    def epoch(self, row: dict[str, float], epoch: int, total: int) -> None:
        names = {"loss": "train_loss", "val_loss": "val_loss", "accuracy": "train_accuracy",
                 "val_accuracy": "val_accuracy", "learning_rate": "lr"}
        self.mlflow.log_metrics({names[k]: v for k, v in row.items()}, step=epoch)

    def close(self) -> Path:
        self.mlflow.end_run()
        return self.path


class _Print:
    def __init__(self, out: Path) -> None:
        out.mkdir(parents=True, exist_ok=True)
        self.path = out / "train.log"
        self.fh = self.path.open("w")

    def step(self, loss: float, step: int) -> None:
        pass  # a plain script prints one line per epoch

    def epoch(self, row: dict[str, float], epoch: int, total: int) -> None:
        parts = [f"epoch {epoch + 1}/{total}", f"train loss {row['loss']:.4f}"]
        if "accuracy" in row:
            parts.append(f"train acc {row['accuracy']:.4f}")
        parts.append(f"val loss {row['val_loss']:.4f}")
        if "val_accuracy" in row:
            parts.append(f"val acc {row['val_accuracy']:.4f}")
        parts.append(f"lr {row['learning_rate']:.2e}")
        print(" | ".join(parts), file=self.fh, flush=True)

    def close(self) -> Path:
        self.fh.close()
        return self.path


def _torch_loop(fam: Family2, data: Data2, seed: int, out: Path, writer_cls: Any) -> tuple[Path, History]:
    import torch

    torch.manual_seed(seed)
    model = torch_model(fam, data)
    opt = torch_optimizer(fam, model.parameters())
    steps_per_epoch = math.ceil(len(data.x_train) / fam.batch)
    sched, interval = torch_scheduler(fam, opt, steps_per_epoch)
    xt, yt, xv, yv = _tensors(data)
    gen = torch.Generator().manual_seed(seed)
    writer = writer_cls(out)
    hist = _empty(data)
    step = 0
    for epoch in range(fam.epochs):
        tot, metric = 0.0, 0.0
        lr = opt.param_groups[0]["lr"]
        for b, idx in enumerate(torch.randperm(len(xt), generator=gen).split(fam.batch)):
            xb, yb = xt[idx], yt[idx]
            if epoch in fam.corrupt_epochs and b == steps_per_epoch // 2:  # the fault: one corrupted batch
                yb = (yb + 1) % data.n_classes  # every label of the batch replaced by the next class
            with _autocast(fam):
                out_b = model(xb)
            loss = torch_loss(fam, data, out_b, yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            if sched is not None and interval == "step":
                sched.step()
            step += 1
            lv = float(loss.detach())
            writer.step(lv, step)
            tot += lv * len(idx)
            metric += (torch_metric(data, out_b.detach(), yb) or 0.0) * len(idx)
        vloss, vmetric = _evaluate(fam, data, model, xv, yv)
        row = {"loss": tot / len(xt), "val_loss": vloss, "learning_rate": lr}
        if data.task != "regression":
            row.update(accuracy=metric / len(xt), val_accuracy=float(vmetric))  # type: ignore[arg-type]
        if sched is not None and interval == "epoch":
            sched.step()
        elif sched is not None and interval == "plateau":
            sched.step(vloss)
        for k, v in row.items():
            hist[k].append(v)
        writer.epoch(row, epoch, fam.epochs)
    return writer.close(), hist


# ---- Keras fit ------------------------------------------------------------------------------------------------------

def _keras(fam: Family2, data: Data2, seed: int, out: Path, stdout_log: bool) -> tuple[Path, History]:
    os.environ.setdefault("KERAS_BACKEND", "torch")
    import keras

    keras.utils.set_random_seed(seed)
    steps = math.ceil(len(data.x_train) / fam.batch)
    model = keras_model(fam, data, steps)
    out.mkdir(parents=True, exist_ok=True)
    path = out / ("train.log" if stdout_log else "training.log")
    callbacks = keras_callbacks(fam) + ([] if stdout_log else [keras.callbacks.CSVLogger(str(path))])
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        hist = model.fit(data.x_train, data.y_train, validation_data=(data.x_val, data.y_val), epochs=fam.epochs,
                         batch_size=fam.batch, verbose=2 if stdout_log else 0, callbacks=callbacks)
    if stdout_log:
        path.write_text(printed.getvalue())
    h = hist.history
    lr = h.get("learning_rate") or [float(np.asarray(model.optimizer.learning_rate))] * len(h["loss"])
    res = {"loss": h["loss"], "val_loss": h["val_loss"], "learning_rate": [float(v) for v in lr]}
    if data.task != "regression":
        res.update(accuracy=h["accuracy"], val_accuracy=h["val_accuracy"])
    return path, res


# ---- Lightning Trainer (CSVLogger or TensorBoardLogger) -----------------------------------------------------------------

def _lightning(fam: Family2, data: Data2, seed: int, out: Path, tb: bool) -> tuple[Path, History]:
    import lightning as L
    import torch
    from lightning.pytorch.callbacks import LearningRateMonitor
    from lightning.pytorch.loggers import CSVLogger, TensorBoardLogger

    L.seed_everything(seed, verbose=False)
    steps_per_epoch = math.ceil(len(data.x_train) / fam.batch)
    hist = _empty(data)
    classify = data.task != "regression"

    class Module(L.LightningModule):
        def __init__(self) -> None:
            super().__init__()
            self.net = torch_model(fam, data)

        def training_step(self, batch: Any, _i: int) -> torch.Tensor:
            x, y = batch
            out = self.net(x)
            loss = torch_loss(fam, data, out, y)
            self.log("train_loss", loss, on_step=True, on_epoch=True)
            if classify:
                self.log("train_acc", torch_metric(data, out, y), on_step=False, on_epoch=True)
            return loss

        def validation_step(self, batch: Any, _i: int) -> None:
            x, y = batch
            out = self.net(x)
            self.log("val_loss", torch_loss(fam, data, out, y))
            if classify:
                self.log("val_acc", torch_metric(data, out, y))

        def on_train_epoch_end(self) -> None:
            m = self.trainer.callback_metrics
            hist["loss"].append(float(m["train_loss_epoch"]))
            hist["val_loss"].append(float(m["val_loss"]))
            if classify:
                hist["accuracy"].append(float(m["train_acc"]))
                hist["val_accuracy"].append(float(m["val_acc"]))
            hist["learning_rate"].append(self.optimizers().param_groups[0]["lr"])

        def configure_optimizers(self) -> Any:
            opt = torch_optimizer(fam, self.parameters())
            sched, interval = torch_scheduler(fam, opt, steps_per_epoch)
            if sched is None:
                return opt
            if interval == "plateau":
                return {"optimizer": opt, "lr_scheduler": {"scheduler": sched, "monitor": "val_loss"}}
            return {"optimizer": opt, "lr_scheduler": {"scheduler": sched, "interval": interval}}

    def loader(x: np.ndarray, y: np.ndarray, shuffle: bool) -> torch.utils.data.DataLoader:
        ds = torch.utils.data.TensorDataset(torch.from_numpy(x), torch.from_numpy(y))
        return torch.utils.data.DataLoader(ds, batch_size=fam.batch if shuffle else 256, shuffle=shuffle)

    logger: Any = TensorBoardLogger(str(out), name="tb_logs") if tb else CSVLogger(str(out), name="csv_logs")
    trainer = L.Trainer(max_epochs=fam.epochs, logger=logger, accelerator="cpu", devices=1,
                        precision="bf16-mixed" if fam.precision == "bf16" else "32-true",
                        callbacks=[LearningRateMonitor(logging_interval="epoch")],
                        enable_checkpointing=False, enable_progress_bar=False, enable_model_summary=False,
                        log_every_n_steps=4, num_sanity_val_steps=0)
    trainer.fit(Module(), loader(data.x_train, data.y_train, True), loader(data.x_val, data.y_val, False))
    return (Path(logger.log_dir) if tb else Path(logger.log_dir) / "metrics.csv"), hist


# ---- Hugging Face Trainer ---------------------------------------------------------------------------------------------

def _hf(fam: Family2, data: Data2, seed: int, out: Path) -> tuple[Path, History]:
    import torch
    from transformers import Trainer, TrainerCallback, TrainingArguments

    class Wrapped(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.net = torch_model(fam, data)

        def forward(self, x: torch.Tensor, labels: torch.Tensor | None = None) -> dict[str, torch.Tensor]:
            logits = self.net(x)
            res = {"logits": logits}
            if labels is not None:
                res["loss"] = torch_loss(fam, data, logits, labels)
            return res

    class Rows(torch.utils.data.Dataset):
        def __init__(self, x: np.ndarray, y: np.ndarray) -> None:
            self.x, self.y = torch.from_numpy(x), torch.from_numpy(y)

        def __len__(self) -> int:
            return len(self.y)

        def __getitem__(self, i: int) -> dict[str, torch.Tensor]:
            return {"x": self.x[i], "labels": self.y[i]}

    torch.manual_seed(seed)
    model = Wrapped()
    hist = _empty(data)
    xt, yt, _, _ = _tensors(data)

    class TrainMetric(TrainerCallback):
        """The per-epoch training accuracy for history.json only (HF logs none); the log stays as HF wrote it."""

        def on_epoch_end(self, args: Any, state: Any, control: Any, **kw: Any) -> None:
            if data.task != "regression":
                hist["accuracy"].append(_evaluate(fam, data, model.net, xt, yt)[1])

    steps_per_epoch = math.ceil(len(data.x_train) / fam.batch)
    total = fam.epochs * steps_per_epoch
    optimizers: Any = (None, None)
    if fam.optimizer not in ("adam", "adamw"):
        optimizers = (torch_optimizer(fam, model.parameters()), None)
    args = TrainingArguments(
        output_dir=str(out), num_train_epochs=fam.epochs, per_device_train_batch_size=fam.batch,
        per_device_eval_batch_size=256, learning_rate=fam.lr, weight_decay=fam.weight_decay,
        lr_scheduler_type="cosine" if fam.schedule == "warmup_cosine" else "constant",
        warmup_steps=max(total // 10, 1) if fam.schedule == "warmup_cosine" else 0,
        eval_strategy="epoch", logging_strategy="steps", logging_steps=max(steps_per_epoch // 3, 1),
        save_strategy="no", report_to="none", use_cpu=True, seed=seed, disable_tqdm=True,
        bf16=fam.precision == "bf16", dataloader_num_workers=0)

    def metric(pred: Any) -> dict[str, float]:
        p, y = np.asarray(pred.predictions), np.asarray(pred.label_ids)
        if data.task == "multilabel":
            return {"accuracy": float(((p > 0) == (y > 0.5)).mean())}
        return {"accuracy": float((p.argmax(-1) == y).mean())}

    trainer = Trainer(model=model, args=args, train_dataset=Rows(data.x_train, data.y_train),
                      eval_dataset=Rows(data.x_val, data.y_val),
                      compute_metrics=None if data.task == "regression" else metric,
                      optimizers=optimizers, callbacks=[TrainMetric()])
    trainer.train()
    trainer.save_state()  # writes <out>/trainer_state.json, the file HF leaves behind
    logs = trainer.state.log_history
    for e in range(1, fam.epochs + 1):
        train = [r["loss"] for r in logs if "loss" in r and e - 1 < r["epoch"] <= e + 1e-9]
        ev = next(r for r in logs if "eval_loss" in r and abs(r["epoch"] - e) < 1e-6)
        lrs = [r["learning_rate"] for r in logs if "learning_rate" in r and e - 1 < r["epoch"] <= e + 1e-9]
        hist["loss"].append(float(np.mean(train)) if train else float("nan"))
        hist["val_loss"].append(ev["eval_loss"])
        if data.task != "regression":
            hist["val_accuracy"].append(ev["eval_accuracy"])
        hist["learning_rate"].append(lrs[-1] if lrs else fam.lr)
    return out / "trainer_state.json", hist


TRAIN_V2: dict[str, Callable[[Family2, Data2, int, Path], tuple[Path, History]]] = {
    "keras_csv": lambda f, d, s, o: _keras(f, d, s, o, stdout_log=False),
    "keras_stdout": lambda f, d, s, o: _keras(f, d, s, o, stdout_log=True),
    "lightning_csv": lambda f, d, s, o: _lightning(f, d, s, o, tb=False),
    "lightning_tb": lambda f, d, s, o: _lightning(f, d, s, o, tb=True),
    "hf": _hf,
    "torch_tb": lambda f, d, s, o: _torch_loop(f, d, s, o, _TB),
    "torch_mlflow": lambda f, d, s, o: _torch_loop(f, d, s, o, _MLflow),
    "torch_print": lambda f, d, s, o: _torch_loop(f, d, s, o, _Print),
}


def run(fam: Family2, seed: int, out: Path) -> tuple[Path, History, int]:
    """Train `fam` for `seed` with its framework, writing the native log under `out`."""
    import torch

    torch.set_num_threads(1)
    data = load(fam, seed)
    log, hist = TRAIN_V2[fam.trainer](fam, data, seed, out)
    return log, hist, data.n_classes
