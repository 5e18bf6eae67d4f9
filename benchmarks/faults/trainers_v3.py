"""Train one third-generation family run with a real framework and its own logger.

Each trainer leaves the native log under ``out`` as a user's run would, and returns ``(log_path, history)``: a
Keras-History-shaped dict of what the log holds per epoch (or per evaluation): ``loss``, ``val_loss``, and where
logged ``accuracy``, ``val_accuracy``, ``learning_rate``. The construction checks, the reader check and the reader
fallback use it.
"""
from __future__ import annotations

import contextlib
import io
import json
import math
import os
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np

from data_v3 import Data3, load, pretrain_data
from families_v3 import Family3
from models_v3 import forward, keras_callbacks, keras_model, torch_loss, torch_metric, torch_model, \
    torch_optimizer, torch_scheduler

History = dict[str, list[float]]
_NO_METRIC = ("regression", "autoencoder", "contrastive")


def _tensors(data: Data3) -> tuple[Any, Any, Any, Any]:
    import torch

    return tuple(torch.from_numpy(np.ascontiguousarray(a)) for a in (data.x_train, data.y_train, data.x_val,
                                                                      data.y_val))  # type: ignore[return-value]


def _evaluate(fam: Family3, data: Data3, model: Any, x: Any, y: Any, batch: int = 256) -> tuple[float, float | None]:
    """Mean loss and metric over (x, y) in eval mode (the validation loss never has label smoothing)."""
    import torch

    was = model.training
    model.eval()
    loss, metric, n = 0.0, 0.0, 0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            xb, yb = x[i:i + batch], y[i:i + batch]
            out = forward(model, data, xb, yb)
            loss += float(torch_loss(fam, data, out, yb, train=False)) * len(xb)
            metric += (torch_metric(data, out, yb) or 0.0) * len(xb)
            n += len(xb)
    model.train(was)
    return loss / n, (None if data.task in _NO_METRIC else metric / n)


# ---- writers of a plain PyTorch loop ----------------------------------------------------------------------------------

class _Writer:
    """A loop's logger: step(loss, step, epoch, i, steps_per_epoch) every `log_every` steps, epoch(row, epoch, step)."""

    def __init__(self, out: Path, fam: Family3) -> None:
        out.mkdir(parents=True, exist_ok=True)
        self.out, self.fam = out, fam

    def step(self, loss: float, step: int, epoch: int, i: int, per_epoch: int) -> None:
        pass

    def epoch(self, row: dict[str, float], epoch: int, step: int) -> None:
        pass

    def close(self) -> Path:
        return self.out


class _TBScalars(_Writer):
    """SummaryWriter with add_scalars: train and val on one chart (TensorBoard keeps each in its own sub-run)."""

    def __init__(self, out: Path, fam: Family3) -> None:
        super().__init__(out, fam)
        from torch.utils.tensorboard import SummaryWriter

        self.w = SummaryWriter(log_dir=str(out))

    def step(self, loss: float, step: int, epoch: int, i: int, per_epoch: int) -> None:
        self.w.add_scalar("batch/loss", loss, step)

    def epoch(self, row: dict[str, float], epoch: int, step: int) -> None:
        self.w.add_scalars("loss", {"train": row["loss"], "val": row["val_loss"]}, epoch)
        if "accuracy" in row:
            self.w.add_scalars("accuracy", {"train": row["accuracy"], "val": row["val_accuracy"]}, epoch)
        self.w.add_scalar("lr", row["learning_rate"], epoch)

    def close(self) -> Path:
        self.w.close()
        return self.out


class _Wandb(_Writer):
    """A W&B run in offline mode: everything stays in wandb/offline-run-*/run-*.wandb."""

    def __init__(self, out: Path, fam: Family3) -> None:
        super().__init__(out, fam)
        os.environ["WANDB_MODE"] = "offline"
        os.environ["WANDB_SILENT"] = "true"
        import wandb

        self.wandb = wandb
        self.run = wandb.init(project="families-v3", dir=str(out), name=fam.name,
                              config={"lr": fam.lr, "batch_size": fam.batch, "epochs": fam.epochs})

    def step(self, loss: float, step: int, epoch: int, i: int, per_epoch: int) -> None:
        self.run.log({"train/batch_loss": loss, "trainer/global_step": step})

    def epoch(self, row: dict[str, float], epoch: int, step: int) -> None:
        names = {"loss": "train/loss", "val_loss": "val/loss", "accuracy": "train/acc", "val_accuracy": "val/acc",
                 "learning_rate": "lr"}
        self.run.log({"epoch": epoch, **{names[k]: v for k, v in row.items()}})

    def close(self) -> Path:
        self.run.finish()
        return self.out


class _JSONL(_Writer):
    """One JSON object per epoch, appended to metrics.jsonl."""

    def __init__(self, out: Path, fam: Family3) -> None:
        super().__init__(out, fam)
        self.path = out / "metrics.jsonl"
        self.fh = self.path.open("w")

    def epoch(self, row: dict[str, float], epoch: int, step: int) -> None:
        names = {"loss": "train_loss", "val_loss": "val_loss", "accuracy": "train_acc", "val_accuracy": "val_acc",
                 "learning_rate": "lr"}
        self.fh.write(json.dumps({"epoch": epoch + 1, "step": step, **{names[k]: v for k, v in row.items()}}) + "\n")
        self.fh.flush()

    def close(self) -> Path:
        self.fh.close()
        return self.path


class _Pandas(_Writer):
    """The history collected in a list of dicts and saved with pandas.DataFrame.to_csv at the end."""

    def __init__(self, out: Path, fam: Family3) -> None:
        super().__init__(out, fam)
        self.rows: list[dict[str, float]] = []

    def epoch(self, row: dict[str, float], epoch: int, step: int) -> None:
        names = {"loss": "train_loss", "val_loss": "valid_loss", "accuracy": "train_accuracy",
                 "val_accuracy": "valid_accuracy", "learning_rate": "lr"}
        self.rows.append({"epoch": epoch, **{names[k]: v for k, v in row.items()}})

    def close(self) -> Path:
        import pandas as pd

        path = self.out / "history.csv"
        pd.DataFrame(self.rows).to_csv(path, index=False)
        return path


class _Tutorial(_Writer):
    """The PyTorch-tutorial print: 'Epoch [1/12], Step [10/38], Loss: 0.6931', then an epoch summary line."""

    def __init__(self, out: Path, fam: Family3) -> None:
        super().__init__(out, fam)
        self.path = out / "train.log"
        self.fh = self.path.open("w")

    def step(self, loss: float, step: int, epoch: int, i: int, per_epoch: int) -> None:
        print(f"Epoch [{epoch + 1}/{self.fam.epochs}], Step [{i + 1}/{per_epoch}], Loss: {loss:.4f}", file=self.fh)

    def epoch(self, row: dict[str, float], epoch: int, step: int) -> None:
        line = (f"Epoch [{epoch + 1}/{self.fam.epochs}] Average Loss: {row['loss']:.4f}, "
                f"Validation Loss: {row['val_loss']:.4f}")
        if "val_accuracy" in row:
            line += f", Validation Accuracy: {100 * row['val_accuracy']:.2f}%"
        print(line, file=self.fh, flush=True)

    def close(self) -> Path:
        self.fh.close()
        return self.path


class _NanoGPT(_Writer):
    """nanoGPT's print log: 'iter 10: loss 2.1234, time 31.02ms, mfu -100.00%' and, at each evaluation (also before
    the first step), 'step 100: train loss 2.3456, val loss 2.4567' with both losses measured in eval mode."""

    def __init__(self, out: Path, fam: Family3) -> None:
        super().__init__(out, fam)
        self.path = out / "train.log"
        self.fh = self.path.open("w")
        self.t = time.perf_counter()

    def step(self, loss: float, step: int, epoch: int, i: int, per_epoch: int) -> None:
        now = time.perf_counter()
        print(f"iter {step}: loss {loss:.4f}, time {1000 * (now - self.t):.2f}ms, mfu -100.00%", file=self.fh)
        self.t = now

    def epoch(self, row: dict[str, float], epoch: int, step: int) -> None:
        print(f"step {step}: train loss {row['loss']:.4f}, val loss {row['val_loss']:.4f}", file=self.fh, flush=True)

    def close(self) -> Path:
        self.fh.close()
        return self.path


def _torch_loop(fam: Family3, data: Data3, seed: int, out: Path, writer_cls: type[_Writer]) -> tuple[Path, History]:
    import torch

    torch.manual_seed(seed)
    model = torch_model(fam, data)
    opt = torch_optimizer(fam, model.parameters())
    per_epoch = math.ceil(len(data.x_train) / fam.batch)
    sched = torch_scheduler(fam, opt, per_epoch)
    ema = None
    if fam.ema:
        from torch.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn

        ema = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(fam.ema), use_buffers=True)
    xt, yt, xv, yv = _tensors(data)
    gen = torch.Generator().manual_seed(seed)
    nanogpt = writer_cls is _NanoGPT
    writer = writer_cls(out, fam)
    hist: History = {"loss": [], "val_loss": []}
    if not nanogpt:
        hist["learning_rate"] = []
        if data.task not in _NO_METRIC:
            hist.update(accuracy=[], val_accuracy=[])

    def evaluate_row(tot: float, metric: float, lr: float) -> dict[str, float]:
        scored = ema.module if ema is not None else model
        if fam.val_one_batch:  # the fault: one random batch of the validation set, drawn anew each epoch
            pick = torch.randperm(len(xv), generator=gen)[:fam.val_one_batch]
            vloss, vmetric = _evaluate(fam, data, scored, xv[pick], yv[pick])
        else:
            vloss, vmetric = _evaluate(fam, data, scored, xv, yv)
        if nanogpt:  # nanoGPT's estimate_loss: the train loss, too, measured in eval mode
            return {"loss": _evaluate(fam, data, scored, xt, yt)[0], "val_loss": vloss}
        row = {"loss": tot / len(xt), "val_loss": vloss, "learning_rate": lr}
        if vmetric is not None:
            row.update(accuracy=metric / len(xt), val_accuracy=vmetric)
        return row

    def record(row: dict[str, float], epoch: int, step: int) -> None:
        for k, v in row.items():
            hist[k].append(float(v))
        writer.epoch(row, epoch, step)

    if nanogpt:
        record(evaluate_row(0.0, 0.0, fam.lr), -1, 0)
    step = 0
    for epoch in range(fam.epochs):
        tot, metric = 0.0, 0.0
        lr = opt.param_groups[0]["lr"]
        for i, idx in enumerate(torch.randperm(len(xt), generator=gen).split(fam.batch)):
            xb, yb = xt[idx], yt[idx]
            out_b = forward(model, data, xb, yb)
            loss = torch_loss(fam, data, out_b, yb, train=True)
            opt.zero_grad()
            loss.backward()
            if fam.zero_grad_bug:  # the fault: the gradients are cleared after backward, before the step
                opt.zero_grad()
            if fam.clip:
                torch.nn.utils.clip_grad_norm_(model.parameters(), fam.clip)
            opt.step()
            if ema is not None:
                ema.update_parameters(model)
            if sched is not None:
                sched.step()
            step += 1
            lv = float(loss.detach())
            if step % fam.log_every == 0:
                writer.step(lv, step, epoch, i, per_epoch)
            tot += lv * len(idx)
            metric += (torch_metric(data, out_b.detach(), yb) or 0.0) * len(idx)
        record(evaluate_row(tot, metric, lr), epoch, step)
    return writer.close(), hist


# ---- Keras fit ------------------------------------------------------------------------------------------------------

def _keras(fam: Family3, data: Data3, seed: int, out: Path, mode: str) -> tuple[Path, History]:
    os.environ.setdefault("KERAS_BACKEND", "torch")
    import keras

    keras.utils.set_random_seed(seed)
    steps = math.ceil(len(data.x_train) / fam.batch)
    model = keras_model(fam, data, steps)
    out.mkdir(parents=True, exist_ok=True)
    path = out / {"csv": "training.log", "stdout": "train.log", "json": "train_history.json"}[mode]
    callbacks = keras_callbacks(fam) + ([keras.callbacks.CSVLogger(str(path))] if mode == "csv" else [])
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        hist = model.fit(data.x_train, data.y_train, validation_data=(data.x_val, data.y_val), epochs=fam.epochs,
                         batch_size=fam.batch, verbose=2 if mode == "stdout" else 0, callbacks=callbacks)
    h = {k: [float(v) for v in vs] for k, vs in hist.history.items()}
    if mode == "stdout":
        path.write_text(printed.getvalue())
    elif mode == "json":  # what people do with the History object: json.dump(history.history, f)
        path.write_text(json.dumps(h))
    res = {"loss": h["loss"], "val_loss": h["val_loss"]}
    for k in ("accuracy", "val_accuracy", "learning_rate"):
        if k in h:
            res[k] = h[k]
    return path, res


# ---- Lightning Trainer (CSVLogger, TensorBoardLogger or MLFlowLogger) ------------------------------------------------

def _lightning(fam: Family3, data: Data3, seed: int, out: Path, kind: str) -> tuple[Path, History]:
    import lightning as L
    import torch
    from lightning.pytorch.callbacks import EarlyStopping, LearningRateMonitor
    from lightning.pytorch.loggers import CSVLogger, MLFlowLogger, TensorBoardLogger

    L.seed_everything(seed, verbose=False)
    per_epoch = math.ceil(len(data.x_train) / fam.batch)
    classify = data.task not in _NO_METRIC
    hist: History = {"loss": [], "val_loss": [], "learning_rate": []}
    if classify:
        hist.update(accuracy=[], val_accuracy=[])

    class Module(L.LightningModule):
        def __init__(self) -> None:
            super().__init__()
            self.net = torch_model(fam, data)

        def training_step(self, batch: Any, i: int) -> torch.Tensor:
            x, y = batch
            if self.current_epoch in fam.unit_bug_epochs and i == 3:  # the fault: this batch's targets x1000
                y = y * 1000.0
            out = self.net(x)
            loss = torch_loss(fam, data, out, y, train=True)
            self.log("train_loss", loss, on_step=True, on_epoch=True)
            if classify:
                self.log("train_acc", torch_metric(data, out, y), on_step=False, on_epoch=True)
            return loss

        def validation_step(self, batch: Any, _i: int) -> None:
            x, y = batch
            out = self.net(x)
            self.log("val_loss", torch_loss(fam, data, out, y, train=False))
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
            sched = torch_scheduler(fam, opt, per_epoch)
            if sched is None:
                return opt
            return {"optimizer": opt, "lr_scheduler": {"scheduler": sched, "interval": "step"}}

    def loader(x: np.ndarray, y: np.ndarray, shuffle: bool) -> torch.utils.data.DataLoader:
        ds = torch.utils.data.TensorDataset(torch.from_numpy(x), torch.from_numpy(y))
        return torch.utils.data.DataLoader(ds, batch_size=fam.batch if shuffle else 256, shuffle=shuffle)

    if kind == "mlflow":
        os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"
        out.mkdir(parents=True, exist_ok=True)
        logger: Any = MLFlowLogger(experiment_name="families-v3", run_name=fam.name,
                                   tracking_uri=(out / "mlruns").resolve().as_uri())
    elif kind == "tb":
        logger = TensorBoardLogger(str(out), name="tb_logs")
    else:
        logger = CSVLogger(str(out), name="csv_logs")
    callbacks: list[Any] = [LearningRateMonitor(logging_interval="step")]
    if fam.early_stop == "val_loss":
        callbacks.append(EarlyStopping(monitor="val_loss", patience=fam.patience))
    trainer = L.Trainer(max_epochs=fam.epochs, logger=logger, accelerator="cpu", devices=1, callbacks=callbacks,
                        gradient_clip_val=fam.clip or None, enable_checkpointing=False, enable_progress_bar=False,
                        enable_model_summary=False, log_every_n_steps=fam.log_every, num_sanity_val_steps=0)
    trainer.fit(Module(), loader(data.x_train, data.y_train, True), loader(data.x_val, data.y_val, False))
    if kind == "mlflow":
        return out / "mlruns", hist
    return (Path(logger.log_dir) if kind == "tb" else Path(logger.log_dir) / "metrics.csv"), hist


# ---- Hugging Face Trainer (trainer_state.json, or the dicts it prints) -------------------------------------------------

def _pretrain(fam: Family3, net: Any, seed: int) -> None:
    """Fine-tuning: pre-train the network on a related task (unlogged), then give it a fresh head."""
    import torch

    pre = pretrain_data(fam, seed)
    opt = torch.optim.Adam(net.parameters(), lr=2e-3)
    xt, yt, _, _ = _tensors(pre)
    gen = torch.Generator().manual_seed(seed)
    for _ in range(fam.pretrain):
        for idx in torch.randperm(len(xt), generator=gen).split(32):
            loss = torch.nn.functional.cross_entropy(net(xt[idx]), yt[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
    net.head.reset_parameters()


def _hf(fam: Family3, data: Data3, seed: int, out: Path, printed: bool) -> tuple[Path, History]:
    import torch
    from transformers import PrinterCallback, Trainer, TrainingArguments

    class Wrapped(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.net = torch_model(fam, data)

        def forward(self, x: torch.Tensor, labels: torch.Tensor | None = None) -> dict[str, torch.Tensor]:
            logits = forward(self.net, data, x, labels)
            res = {"logits": logits}
            if labels is not None:
                res["loss"] = torch_loss(fam, data, logits, labels, train=self.training)
            return res

    class Rows(torch.utils.data.Dataset):
        def __init__(self, x: np.ndarray, y: np.ndarray) -> None:
            self.x, self.y = torch.from_numpy(np.ascontiguousarray(x)), torch.from_numpy(np.ascontiguousarray(y))

        def __len__(self) -> int:
            return len(self.y)

        def __getitem__(self, i: int) -> dict[str, torch.Tensor]:
            return {"x": self.x[i], "labels": self.y[i]}

    torch.manual_seed(seed)
    model = Wrapped()
    if fam.pretrain:
        _pretrain(fam, model.net, seed)
    per_epoch = math.ceil(len(data.x_train) / (fam.batch * fam.accumulate))
    total = fam.epochs * per_epoch
    optimizers: Any = (None, None)
    if fam.schedule == "step_per_batch_bug":  # the fault: an epoch StepLR handed to HF, which steps it every batch
        opt = torch_optimizer(fam, model.parameters())
        optimizers = (opt, torch_scheduler(fam, opt, per_epoch))
    evals_per_epoch = 2 if fam.accumulate > 1 else 1
    args = TrainingArguments(
        output_dir=str(out), num_train_epochs=fam.epochs, per_device_train_batch_size=fam.batch,
        gradient_accumulation_steps=fam.accumulate, per_device_eval_batch_size=256, learning_rate=fam.lr,
        weight_decay=fam.weight_decay, lr_scheduler_type="linear" if fam.schedule == "warmup_linear" else "constant",
        warmup_steps=max(total // 10, 1) if fam.schedule == "warmup_linear" else 0,
        eval_strategy="steps", eval_steps=max(per_epoch // evals_per_epoch, 1), logging_strategy="steps",
        logging_steps=max(per_epoch // 4, 1), save_strategy="no", report_to="none", use_cpu=True, seed=seed,
        disable_tqdm=True, dataloader_num_workers=0, max_grad_norm=fam.clip or 1.0)

    def metric(pred: Any) -> dict[str, float]:
        p, y = np.asarray(pred.predictions), np.asarray(pred.label_ids)
        return {"accuracy": float((p.argmax(-1) == y).mean())}

    trainer = Trainer(model=model, args=args, train_dataset=Rows(data.x_train, data.y_train),
                      eval_dataset=Rows(data.x_val, data.y_val),
                      compute_metrics=None if data.task in _NO_METRIC else metric, optimizers=optimizers)
    if not any(isinstance(c, PrinterCallback) for c in trainer.callback_handler.callbacks):
        trainer.add_callback(PrinterCallback)  # with disable_tqdm the Trainer prints each log dict itself
    console = io.StringIO()
    with contextlib.redirect_stdout(console):
        trainer.train()
    out.mkdir(parents=True, exist_ok=True)
    if printed:
        path = out / "train.log"
        path.write_text(console.getvalue())
    else:
        trainer.save_state()  # writes <out>/trainer_state.json, the file HF leaves behind
        path = out / "trainer_state.json"
    logs = trainer.state.log_history
    evals = [r for r in logs if "eval_loss" in r]
    hist: History = {"loss": [], "val_loss": [], "learning_rate": []}
    if data.task not in _NO_METRIC:
        hist["val_accuracy"] = []
    rnd = (lambda v: float(f"{v:.4g}")) if printed else float
    prev = 0
    for ev in evals:  # one history row per evaluation: the mean of the train losses logged since the last one
        train = [r["loss"] for r in logs if "loss" in r and prev < r["step"] <= ev["step"]]
        lrs = [r["learning_rate"] for r in logs if "learning_rate" in r and prev < r["step"] <= ev["step"]]
        hist["loss"].append(float(np.mean([rnd(v) for v in train])) if train else float("nan"))
        hist["val_loss"].append(rnd(ev["eval_loss"]))
        if "val_accuracy" in hist:
            hist["val_accuracy"].append(rnd(ev["eval_accuracy"]))
        hist["learning_rate"].append(lrs[-1] if lrs else fam.lr)
        prev = ev["step"]
    return path, hist


TRAIN_V3: dict[str, Callable[[Family3, Data3, int, Path], tuple[Path, History]]] = {
    "keras_csv": lambda f, d, s, o: _keras(f, d, s, o, "csv"),
    "keras_stdout": lambda f, d, s, o: _keras(f, d, s, o, "stdout"),
    "keras_json": lambda f, d, s, o: _keras(f, d, s, o, "json"),
    "lightning_csv": lambda f, d, s, o: _lightning(f, d, s, o, "csv"),
    "lightning_tb": lambda f, d, s, o: _lightning(f, d, s, o, "tb"),
    "lightning_mlflow": lambda f, d, s, o: _lightning(f, d, s, o, "mlflow"),
    "hf": lambda f, d, s, o: _hf(f, d, s, o, printed=False),
    "hf_stdout": lambda f, d, s, o: _hf(f, d, s, o, printed=True),
    "torch_tb_scalars": lambda f, d, s, o: _torch_loop(f, d, s, o, _TBScalars),
    "torch_wandb": lambda f, d, s, o: _torch_loop(f, d, s, o, _Wandb),
    "torch_jsonl": lambda f, d, s, o: _torch_loop(f, d, s, o, _JSONL),
    "torch_pandas": lambda f, d, s, o: _torch_loop(f, d, s, o, _Pandas),
    "print_tutorial": lambda f, d, s, o: _torch_loop(f, d, s, o, _Tutorial),
    "print_nanogpt": lambda f, d, s, o: _torch_loop(f, d, s, o, _NanoGPT),
}


def run(fam: Family3, seed: int, out: Path) -> tuple[Path, History, int]:
    """Train `fam` for `seed` with its framework, writing the native log under `out`."""
    import torch

    torch.set_num_threads(1)
    data = load(fam, seed)
    log, hist = TRAIN_V3[fam.trainer](fam, data, seed, out)
    return log, hist, data.n_classes
