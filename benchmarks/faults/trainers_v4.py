"""Train one fourth-generation family run with a real framework and log it the way its users do.

Each trainer leaves the native log under ``out`` and returns ``(log_path, history, logged)``: ``history`` is a
Keras-History-shaped dict of the run per epoch (or per evaluation): ``loss``, ``val_loss`` and, where logged,
``accuracy``/``val_accuracy`` or ``auc``/``val_auc`` and ``learning_rate`` (the construction checks and the reader
fallback use it); ``logged`` is the train and val loss series exactly as the log holds them (per step where the log
keeps only steps) with the precision it prints, for the read-whole check.
"""
from __future__ import annotations

import contextlib
import csv
import io
import json
import logging
import math
import os
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np

from data_v4 import Data4, load_data, pretrain_data
from families_v4 import Family4
from models_v4 import auc, keras_model, predictions, step_lr_factor, torch_loss, torch_model, torch_optimizer

History = dict[str, list[float]]
Logged = dict[str, Any]


def _metric_names(data: Data4) -> tuple[str, str] | None:
    """(train key, val key) of the run's metric in the history, or None."""
    if data.task in ("multiclass", "tagging", "distill"):
        return "accuracy", "val_accuracy"
    if data.task == "binary":
        return "auc", "val_auc"
    return None


def _tensors(data: Data4) -> tuple[Any, Any, Any, Any]:
    import torch

    return tuple(torch.from_numpy(np.ascontiguousarray(a)) for a in (data.x_train, data.y_train, data.x_val,
                                                                      data.y_val))  # type: ignore[return-value]


def _evaluate(fam: Family4, data: Data4, model: Any, x: Any, y: Any, batch: int = 256) -> tuple[float, float | None]:
    """Mean loss and metric (accuracy or AUC) over (x, y) in eval mode."""
    import torch

    was = model.training
    model.eval()
    loss, n, hits, count, scores = 0.0, 0, 0.0, 0, []
    with torch.no_grad():
        for i in range(0, len(x), batch):
            xb, yb = x[i:i + batch], y[i:i + batch]
            out = model(xb)
            loss += float(torch_loss(fam, data, out, yb, train=False)) * len(xb)
            n += len(xb)
            pred = predictions(data, out, yb)
            if pred is not None:
                hits += float((pred[0] == pred[1]).sum())
                count += pred[1].numel()
            if data.task == "binary":
                scores.append(out.numpy().ravel())
    model.train(was)
    metric = hits / count if count else (auc(np.concatenate(scores), y.numpy().ravel()) if scores else None)
    return loss / n, metric


def prepare_finetune(fam: Family4, model: Any, data: Data4, seed: int) -> list[dict[str, Any]] | None:
    """Fine-tuning: pre-train the backbone (unlogged) on clean dots, give the net a new head, freeze the backbone.
    Returns the optimiser's parameter groups (head at fam.lr, backbone at LR 0 until unfrozen), or None where the
    fault builds the optimiser before the head is replaced (the stale optimiser)."""
    import torch

    if not fam.pretrain:
        return None
    pre = pretrain_data(fam, seed)
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    xt, yt = torch.from_numpy(pre.x_train), torch.from_numpy(pre.y_train)
    gen = torch.Generator().manual_seed(seed)
    for _ in range(fam.pretrain):
        for idx in torch.randperm(len(xt), generator=gen).split(32):
            loss = torch.nn.functional.cross_entropy(model(xt[idx]), yt[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
    for p in model.backbone.parameters():
        p.requires_grad = False
    if fam.stale_optimizer:  # the fault: the optimiser is built now, then the head is replaced
        model._stale_opt = torch_optimizer(fam, [p for p in model.parameters() if p.requires_grad])
        model.head = torch.nn.Linear(model.head.in_features, model.head.out_features)
        return None
    model.head = torch.nn.Linear(model.head.in_features, model.head.out_features)
    return [{"params": list(model.head.parameters()), "lr": fam.lr},
            {"params": list(model.backbone.parameters()), "lr": 0.0}]


def unfreeze(fam: Family4, model: Any, opt: Any, epoch: int) -> None:
    """At fam.freeze_epochs the backbone is unfrozen with its own LR."""
    if fam.freeze_epochs and epoch == fam.freeze_epochs and not fam.stale_optimizer:
        for p in model.backbone.parameters():
            p.requires_grad = True
        opt.param_groups[1]["lr"] = fam.unfreeze_lr


def set_dropout(fam: Family4, model: Any, epoch: int) -> None:
    """Dropout schedule: p decays linearly from fam.dropout to 0 over the run."""
    import torch

    if fam.dropout_schedule:
        for m in model.modules():
            if isinstance(m, torch.nn.Dropout):
                m.p = fam.dropout * (1 - epoch / max(fam.epochs - 1, 1))


# ---- writers of a plain PyTorch loop ----------------------------------------------------------------------------------

class _Writer:
    """A loop's logger: start(per_epoch), step(...) every `log_every` steps, epoch(row, epoch, step), close()."""

    def __init__(self, out: Path, fam: Family4, data: Data4) -> None:
        out.mkdir(parents=True, exist_ok=True)
        self.out, self.fam, self.data = out, fam, data
        self.logged: Logged = {"train": [], "val": [], "atol": 6e-5, "rtol": 1e-3}
        self.t0 = time.perf_counter()

    def start(self, per_epoch: int) -> None:
        self.per_epoch = per_epoch

    def step(self, loss: float, step: int, epoch: int, i: int, lr: float) -> None:
        pass

    def epoch(self, row: dict[str, float], epoch: int, step: int) -> None:
        self.logged["train"].append(row["loss"])
        self.logged["val"].append(row["val_loss"])

    def close(self) -> Path:
        return self.out


class _Tqdm(_Writer):
    """tqdm bars over each epoch's batches with set_postfix(loss=...), then a tqdm.write summary line."""

    def __init__(self, out: Path, fam: Family4, data: Data4) -> None:
        super().__init__(out, fam, data)
        self.path = out / "train.log"
        self.fh = self.path.open("w")
        self.bar: Any = None

    def step(self, loss: float, step: int, epoch: int, i: int, lr: float) -> None:
        from tqdm import tqdm

        if self.bar is None:
            self.bar = tqdm(total=self.per_epoch, desc=f"Epoch {epoch + 1}/{self.fam.epochs}", file=self.fh,
                            mininterval=0, ncols=100)
        self.bar.set_postfix(loss=f"{loss:.4f}", refresh=False)
        self.bar.update(1)

    def epoch(self, row: dict[str, float], epoch: int, step: int) -> None:
        from tqdm import tqdm

        super().epoch(row, epoch, step)
        if self.bar is not None:
            self.bar.close()
            self.bar = None
        names = _metric_names(self.data)
        line = f"Epoch {epoch + 1}/{self.fam.epochs}: train_loss={row['loss']:.4f}, val_loss={row['val_loss']:.4f}"
        if names:
            line += f", {names[1]}={row[names[1]]:.4f}"
        tqdm.write(line, file=self.fh)
        self.fh.flush()

    def close(self) -> Path:
        self.fh.close()
        return self.path


class _WordLM(_Writer):
    """PyTorch's word_language_model example: '| epoch   1 |    25/   75 batches | lr 20.00 | ms/batch 12.34 | loss
    3.21 | ppl    24.78' every log interval (the mean loss over it) and '| end of epoch   1 | time:  1.23s | valid loss
    3.01 | valid ppl    20.29' framed by dashes. The train loss exists only as interval means, 2 decimals."""

    def __init__(self, out: Path, fam: Family4, data: Data4) -> None:
        super().__init__(out, fam, data)
        self.path = out / "train.log"
        self.fh = self.path.open("w")
        self.logged.update(atol=5.1e-3, rtol=0.0)
        self.acc, self.n, self.t = 0.0, 0, time.perf_counter()

    def step(self, loss: float, step: int, epoch: int, i: int, lr: float) -> None:
        self.acc += loss
        self.n += 1
        if (i + 1) % self.fam.log_every == 0:
            cur = self.acc / self.n
            ms = 1000 * (time.perf_counter() - self.t) / self.n
            print(f"| epoch {epoch + 1:3d} | {i + 1:5d}/{self.per_epoch:5d} batches | lr {lr:02.2f} | ms/batch "
                  f"{ms:5.2f} | loss {cur:5.2f} | ppl {math.exp(cur):8.2f}", file=self.fh)
            self.logged["train"].append(cur)
            self.acc, self.n, self.t = 0.0, 0, time.perf_counter()

    def epoch(self, row: dict[str, float], epoch: int, step: int) -> None:
        self.logged["val"].append(row["val_loss"])
        self.acc, self.n = 0.0, 0
        print("-" * 89, file=self.fh)
        print(f"| end of epoch {epoch + 1:3d} | time: {time.perf_counter() - self.t0:5.2f}s | valid loss "
              f"{row['val_loss']:5.2f} | valid ppl {math.exp(row['val_loss']):8.2f}", file=self.fh)
        print("-" * 89, file=self.fh, flush=True)
        self.t0 = self.t = time.perf_counter()

    def close(self) -> Path:
        self.fh.close()
        return self.path


class _VaePrint(_Writer):
    """PyTorch's VAE example: 'Train Epoch: 1 [640/2000 (32%)]\\tLoss: 43.123456' every log interval (that batch's
    loss per example), '====> Epoch: 1 Average loss: 40.1234', '====> Test set loss: 38.5678'."""

    def __init__(self, out: Path, fam: Family4, data: Data4) -> None:
        super().__init__(out, fam, data)
        self.path = out / "train.log"
        self.fh = self.path.open("w")

    def step(self, loss: float, step: int, epoch: int, i: int, lr: float) -> None:
        if i % self.fam.log_every == 0:
            n = len(self.data.x_train)
            seen = i * self.fam.batch
            print(f"Train Epoch: {epoch + 1} [{seen}/{n} ({100.0 * i / self.per_epoch:.0f}%)]\tLoss: {loss:.6f}",
                  file=self.fh)

    def epoch(self, row: dict[str, float], epoch: int, step: int) -> None:
        super().epoch(row, epoch, step)
        print(f"====> Epoch: {epoch + 1} Average loss: {row['loss']:.4f}", file=self.fh)
        print(f"====> Test set loss: {row['val_loss']:.4f}", file=self.fh, flush=True)

    def close(self) -> Path:
        self.fh.close()
        return self.path


class _Fastai(_Writer):
    """fastai's results table as printed: 'epoch     train_loss  valid_loss  accuracy  time' and one row per epoch
    (6 decimals, mm:ss)."""

    def __init__(self, out: Path, fam: Family4, data: Data4) -> None:
        super().__init__(out, fam, data)
        self.path = out / "train.log"
        self.fh = self.path.open("w")
        self.logged.update(atol=1e-6)
        names = _metric_names(data)
        self.metric = {"accuracy": "accuracy", "auc": "roc_auc_score"}[names[0]] if names else None
        cols = ["epoch", "train_loss", "valid_loss"] + ([self.metric] if self.metric else []) + ["time"]
        print("".join(f"{c:<{max(len(c), 9) + 2}}" for c in cols).rstrip(), file=self.fh)
        self.widths = [max(len(c), 9) + 2 for c in cols]

    def epoch(self, row: dict[str, float], epoch: int, step: int) -> None:
        super().epoch(row, epoch, step)
        secs = int(time.perf_counter() - self.t0)
        self.t0 = time.perf_counter()
        vals = [str(epoch), f"{row['loss']:.6f}", f"{row['val_loss']:.6f}"]
        if self.metric:
            vals.append(f"{row[_metric_names(self.data)[1]]:.6f}")  # type: ignore[index]
        vals.append(f"{secs // 60:02d}:{secs % 60:02d}")
        print("".join(f"{v:<{w}}" for v, w in zip(vals, self.widths)).rstrip(), file=self.fh, flush=True)

    def close(self) -> Path:
        self.fh.close()
        return self.path


class _Logging(_Writer):
    """Python logging to a file: '2026-12-06 15:40:12,123 - train - INFO - Epoch 3/20 | train_loss=0.5123 |
    val_loss=0.4567 | val_acc=0.8120 | lr=2.00e-03'."""

    def __init__(self, out: Path, fam: Family4, data: Data4) -> None:
        super().__init__(out, fam, data)
        self.path = out / "train.log"
        self.log = logging.getLogger(f"train.{fam.name}")
        self.log.setLevel(logging.INFO)
        self.log.propagate = False
        self.handler = logging.FileHandler(self.path, mode="w")
        self.handler.setFormatter(logging.Formatter("%(asctime)s - %(name)s - %(levelname)s - %(message)s"))
        self.log.addHandler(self.handler)
        logging.disable(logging.NOTSET)

    def start(self, per_epoch: int) -> None:
        super().start(per_epoch)
        self.log.info("Starting training: %d epochs, %d steps per epoch, batch size %d", self.fam.epochs, per_epoch,
                      self.fam.batch)

    def epoch(self, row: dict[str, float], epoch: int, step: int) -> None:
        super().epoch(row, epoch, step)
        names = _metric_names(self.data)
        extra = f" | {names[1].replace('accuracy', 'acc')}={row[names[1]]:.4f}" if names else ""
        self.log.info("Epoch %d/%d | train_loss=%.4f | val_loss=%.4f%s | lr=%.2e", epoch + 1, self.fam.epochs,
                      row["loss"], row["val_loss"], extra, row["learning_rate"])

    def close(self) -> Path:
        self.log.info("Training finished")
        self.handler.close()
        self.log.removeHandler(self.handler)
        return self.path


class _TBTags(_Writer):
    """SummaryWriter as in the torch.utils.tensorboard docs: 'Loss/train' per logged step, 'Loss/val' and
    'Accuracy/val' at the global step of each epoch's end."""

    def __init__(self, out: Path, fam: Family4, data: Data4) -> None:
        super().__init__(out, fam, data)
        from torch.utils.tensorboard import SummaryWriter

        self.w = SummaryWriter(log_dir=str(out))
        self.logged.update(atol=1e-6, rtol=1e-5)

    def step(self, loss: float, step: int, epoch: int, i: int, lr: float) -> None:
        if step % self.fam.log_every == 0:
            self.w.add_scalar("Loss/train", loss, step)
            self.logged["train"].append(loss)

    def epoch(self, row: dict[str, float], epoch: int, step: int) -> None:
        self.w.add_scalar("Loss/val", row["val_loss"], step)
        self.logged["val"].append(row["val_loss"])
        if "val_accuracy" in row:
            self.w.add_scalar("Accuracy/val", row["val_accuracy"], step)

    def close(self) -> Path:
        self.w.close()
        return self.out


class _TSV(_Writer):
    """A tab-separated history written with csv.writer, one row per epoch, flushed as it goes."""

    def __init__(self, out: Path, fam: Family4, data: Data4) -> None:
        super().__init__(out, fam, data)
        self.path = out / "history.tsv"
        self.fh = self.path.open("w", newline="")
        self.w = csv.writer(self.fh, delimiter="\t")
        self.logged.update(atol=1e-6, rtol=1e-5)
        names = _metric_names(data)
        self.w.writerow(["epoch", "train_loss", "val_loss"] + (list(names) if names else []) + ["lr"])

    def epoch(self, row: dict[str, float], epoch: int, step: int) -> None:
        super().epoch(row, epoch, step)
        names = _metric_names(self.data)
        self.w.writerow([epoch + 1, f"{row['loss']:.6g}", f"{row['val_loss']:.6g}"]
                        + ([f"{row[k]:.6g}" for k in names] if names else []) + [f"{row['learning_rate']:.6g}"])
        self.fh.flush()

    def close(self) -> Path:
        self.fh.close()
        return self.path


def _torch_loop(fam: Family4, data: Data4, seed: int, out: Path, writer_cls: type[_Writer]
                ) -> tuple[Path, History, Logged]:
    import torch

    torch.manual_seed(seed)
    model = torch_model(fam, data)
    groups = prepare_finetune(fam, model, data, seed)
    if fam.stale_optimizer:
        opt = model._stale_opt
    else:
        opt = torch_optimizer(fam, groups if groups is not None else model.parameters())
    per_epoch = math.ceil(len(data.x_train) / fam.batch)
    factor = step_lr_factor(fam, per_epoch)
    step_sched = torch.optim.lr_scheduler.LambdaLR(opt, factor) if factor else None
    epoch_sched: Any = None
    if fam.schedule == "multistep":
        epoch_sched = torch.optim.lr_scheduler.MultiStepLR(opt, list(fam.milestones), fam.gamma)
    elif fam.schedule == "plateau":
        epoch_sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, "min", factor=fam.gamma, patience=fam.patience)
    swa, swa_sched = None, None
    if fam.swa_start:
        from torch.optim.swa_utils import SWALR, AveragedModel

        swa = AveragedModel(model)
        swa_sched = SWALR(opt, swa_lr=fam.swa_lr, anneal_epochs=2)
    xt, yt, xv, yv = _tensors(data)
    gen = torch.Generator().manual_seed(seed)
    writer = writer_cls(out, fam, data)
    writer.start(per_epoch)
    names = _metric_names(data)
    hist: History = {"loss": [], "val_loss": [], "learning_rate": []}
    if names:
        hist.update({names[0]: [], names[1]: []})
    best_val, step = math.inf, 0
    for epoch in range(fam.epochs):
        unfreeze(fam, model, opt, epoch)
        set_dropout(fam, model, epoch)
        lr = opt.param_groups[0]["lr"]
        tot, hits, count, scores, labels = 0.0, 0.0, 0, [], []
        perm_x = torch.randperm(len(xt), generator=gen)
        perm_y = torch.randperm(len(xt), generator=gen) if fam.xy_shuffle_bug else perm_x  # the fault: two orders
        for i in range(per_epoch):
            sl = slice(i * fam.batch, (i + 1) * fam.batch)
            xb, yb = xt[perm_x[sl]], yt[perm_y[sl]]
            if epoch in fam.unscaled_shard_epochs and i % 4 == 0:  # the fault: a shard in raw units
                xb = xb.clone()
                xb[:, :6] = xb[:, :6] * 100 + 50
            if fam.mixup:
                lam = float(np.random.default_rng(seed * 100_003 + step).beta(fam.mixup, fam.mixup))
                j = torch.randperm(len(xb), generator=gen)
                out_b = model(lam * xb + (1 - lam) * xb[j])
                loss = lam * torch_loss(fam, data, out_b, yb, True) + (1 - lam) * torch_loss(fam, data, out_b, yb[j],
                                                                                              True)
            else:
                out_b = model(xb)
                loss = torch_loss(fam, data, out_b, yb, train=True)
            opt.zero_grad()
            loss.backward()
            if fam.clip_value:
                torch.nn.utils.clip_grad_value_(model.parameters(), fam.clip_value)
            if fam.clip_norm:
                torch.nn.utils.clip_grad_norm_(model.parameters(), fam.clip_norm)
            opt.step()
            if step_sched is not None:
                step_sched.step()
            step += 1
            lv = float(loss.detach()) / (len(xb) if fam.reduction_sum else 1)  # logged per example, as people do
            writer.step(lv, step, epoch, i, opt.param_groups[0]["lr"])
            tot += lv * len(xb)
            pred = predictions(data, out_b.detach(), yb)
            if pred is not None:
                hits += float((pred[0] == pred[1]).sum())
                count += pred[1].numel()
            if data.task == "binary":
                scores.append(out_b.detach().numpy().ravel())
                labels.append(yb.numpy().ravel())
        if swa is not None and epoch >= fam.swa_start:
            swa.update_parameters(model)
            swa_sched.step()
        scored = swa if swa is not None and epoch >= fam.swa_start else model
        vloss, vmetric = _evaluate(fam, data, scored, xv, yv)
        row = {"loss": tot / len(xt), "val_loss": vloss, "learning_rate": lr}
        if names:
            tm = hits / count if count else auc(np.concatenate(scores), np.concatenate(labels))
            row.update({names[0]: tm, names[1]: float(vmetric)})  # type: ignore[arg-type]
        for k, v in row.items():
            hist[k].append(float(v))
        writer.epoch(row, epoch, step)
        if isinstance(epoch_sched, torch.optim.lr_scheduler.ReduceLROnPlateau):
            epoch_sched.step(vloss)
        elif epoch_sched is not None:
            epoch_sched.step()
        if fam.schedule == "anneal4" and vloss >= best_val:  # word_language_model: LR / 4 when val does not improve
            for g in opt.param_groups:
                g["lr"] /= 4.0
        best_val = min(best_val, vloss)
    return writer.close(), hist, writer.logged


# ---- Keras fit ------------------------------------------------------------------------------------------------------

class _Terminal(io.StringIO):
    """What a terminal receives: Keras draws its live progress bar (backspaces, carriage returns) only on a tty."""

    def isatty(self) -> bool:
        return True


def _keras(fam: Family4, data: Data4, seed: int, out: Path, mode: str) -> tuple[Path, History, Logged]:
    os.environ.setdefault("KERAS_BACKEND", "torch")
    import keras

    keras.utils.set_random_seed(seed)
    model = keras_model(fam, data)
    out.mkdir(parents=True, exist_ok=True)
    h: dict[str, list[float]] = {}
    if mode == "progbar":
        path = out / "train.log"
        term = _Terminal()
        with contextlib.redirect_stdout(term):
            res = model.fit(data.x_train, data.y_train, validation_data=(data.x_val, data.y_val), epochs=fam.epochs,
                            batch_size=fam.batch, verbose=1)
        path.write_text(term.getvalue())
        h = {k: [float(v) for v in vs] for k, vs in res.history.items()}
    else:  # CSVLogger(append=True); the run is interrupted half way and resumed with fit(initial_epoch=...)
        path = out / "training.log"
        half = fam.epochs // 2
        for start, stop in ((0, half), (half, fam.epochs)):
            with contextlib.redirect_stdout(io.StringIO()):
                res = model.fit(data.x_train, data.y_train, validation_data=(data.x_val, data.y_val),
                                initial_epoch=start, epochs=stop, batch_size=fam.batch, verbose=0,
                                callbacks=[keras.callbacks.CSVLogger(str(path), append=True)])
            for k, vs in res.history.items():
                h.setdefault(k, []).extend(float(v) for v in vs)
    hist = {k: h[k] for k in ("loss", "val_loss", "auc", "val_auc", "learning_rate") if k in h}
    return path, hist, {"train": hist["loss"], "val": hist["val_loss"], "atol": 6e-5, "rtol": 1e-3}


# ---- Lightning Trainer with its tqdm progress bar (what people paste from the console) ---------------------------------

def _lightning_bar(fam: Family4, data: Data4, seed: int, out: Path) -> tuple[Path, History, Logged]:
    import lightning as L
    import torch
    from lightning.pytorch.callbacks import TQDMProgressBar

    L.seed_everything(seed, verbose=False)
    names = _metric_names(data)
    hist: History = {"loss": [], "val_loss": [], "learning_rate": []}
    if names:
        hist.update({names[0]: [], names[1]: []})

    class Module(L.LightningModule):
        def __init__(self) -> None:
            super().__init__()
            self.net = torch_model(fam, data)
            self.groups = prepare_finetune(fam, self.net, data, seed)

        def training_step(self, batch: Any, i: int) -> torch.Tensor:
            x, y = batch
            out = self.net(x)
            loss = torch_loss(fam, data, out, y, train=True)
            self.log("train_loss", loss, on_step=True, on_epoch=True, prog_bar=True)
            pred = predictions(data, out, y)
            if pred is not None:
                self.log("train_acc", (pred[0] == pred[1]).float().mean(), on_step=False, on_epoch=True)
            return loss

        def validation_step(self, batch: Any, _i: int) -> None:
            x, y = batch
            out = self.net(x)
            self.log("val_loss", torch_loss(fam, data, out, y, train=False), prog_bar=True)
            pred = predictions(data, out, y)
            if pred is not None:
                self.log("val_acc", (pred[0] == pred[1]).float().mean(), prog_bar=True)

        def on_train_epoch_start(self) -> None:
            unfreeze(fam, self.net, self.optimizers().optimizer, self.current_epoch)
            set_dropout(fam, self.net, self.current_epoch)

        def on_train_epoch_end(self) -> None:
            m = self.trainer.callback_metrics
            hist["loss"].append(float(m["train_loss_epoch"]))
            hist["val_loss"].append(float(m["val_loss"]))
            if names:
                hist[names[0]].append(float(m["train_acc"]))
                hist[names[1]].append(float(m["val_acc"]))
            hist["learning_rate"].append(self.optimizers().param_groups[0]["lr"])

        def configure_optimizers(self) -> Any:
            opt = torch_optimizer(fam, self.groups if self.groups is not None else self.parameters())
            if fam.schedule == "plateau_mode_max":  # the fault: mode='max' on a loss
                sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode="max", factor=fam.gamma,
                                                                   patience=fam.patience)
                return {"optimizer": opt, "lr_scheduler": {"scheduler": sched, "monitor": "val_loss",
                                                           "interval": "epoch"}}
            return opt

    def loader(x: np.ndarray, y: np.ndarray, shuffle: bool) -> torch.utils.data.DataLoader:
        ds = torch.utils.data.TensorDataset(torch.from_numpy(x), torch.from_numpy(y))
        return torch.utils.data.DataLoader(ds, batch_size=fam.batch if shuffle else 256, shuffle=shuffle)

    out.mkdir(parents=True, exist_ok=True)
    console = io.StringIO()
    with contextlib.redirect_stdout(console), contextlib.redirect_stderr(console):
        trainer = L.Trainer(max_epochs=fam.epochs, logger=False, accelerator="cpu", devices=1,
                            gradient_clip_val=fam.clip_value or None,
                            gradient_clip_algorithm="value" if fam.clip_value else None,
                            enable_checkpointing=False, enable_progress_bar=True, enable_model_summary=True,
                            num_sanity_val_steps=0, callbacks=[TQDMProgressBar()])
        trainer.fit(Module(), loader(data.x_train, data.y_train, True), loader(data.x_val, data.y_val, False))
    path = out / "train.log"
    path.write_text(console.getvalue())
    return path, hist, {"train": hist["loss"], "val": hist["val_loss"], "atol": 6e-5, "rtol": 5e-3}


# ---- Hugging Face Trainer (a checkpoint's trainer_state.json, or TensorBoard) --------------------------------------------

def _hf(fam: Family4, data: Data4, seed: int, out: Path, kind: str) -> tuple[Path, History, Logged]:
    import torch
    from transformers import Trainer, TrainingArguments

    class Wrapped(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.net = torch_model(fam, data)

        def forward(self, x: torch.Tensor, labels: torch.Tensor | None = None) -> dict[str, torch.Tensor]:
            logits = self.net(x)
            res = {"logits": logits}
            if labels is not None:
                res["loss"] = torch_loss(fam, data, logits, labels, train=self.training)
            return res

    class Rows(torch.utils.data.Dataset):
        def __init__(self, x: np.ndarray, y: np.ndarray, noise: float = 0.0) -> None:
            self.x, self.y = torch.from_numpy(np.ascontiguousarray(x)), torch.from_numpy(np.ascontiguousarray(y))
            self.noise, self.gen = noise, torch.Generator().manual_seed(seed)

        def __len__(self) -> int:
            return len(self.y)

        def __getitem__(self, i: int) -> dict[str, torch.Tensor]:
            x = self.x[i]
            if self.noise:  # augmentation of the training images only
                x = x + self.noise * torch.randn(x.shape, generator=self.gen)
            return {"x": x, "labels": self.y[i]}

    torch.manual_seed(seed)
    model = Wrapped()
    per_epoch = math.ceil(len(data.x_train) / fam.batch)
    optimizers: Any = (None, None)
    if fam.optimizer == "adamax":  # an optimiser and schedule the Trainer has no name for: passed in
        opt = torch_optimizer(fam, model.parameters())
        optimizers = (opt, torch.optim.lr_scheduler.LambdaLR(opt, step_lr_factor(fam, per_epoch)))
    args = TrainingArguments(
        output_dir=str(out), num_train_epochs=fam.epochs, per_device_train_batch_size=fam.batch,
        per_device_eval_batch_size=256, learning_rate=fam.lr, weight_decay=fam.weight_decay,
        optim="adafactor" if fam.optimizer == "adafactor" else "adamw_torch",
        lr_scheduler_type="cosine" if fam.schedule == "cosine" else "constant",
        warmup_steps=max(fam.epochs * per_epoch // 10, 1) if fam.schedule == "cosine" else 0,
        eval_strategy="epoch", logging_strategy="steps", logging_steps=max(per_epoch // 4, 1),
        save_strategy="epoch" if kind == "ckpt" else "no", save_total_limit=1 if kind == "ckpt" else None,
        report_to=["tensorboard"] if kind == "tb" else "none", use_cpu=True, seed=seed, disable_tqdm=True,
        dataloader_num_workers=0)

    def metric(pred: Any) -> dict[str, float]:
        p, y = np.asarray(pred.predictions), np.asarray(pred.label_ids)
        return {"accuracy": float((p.argmax(-1) == y).mean())}

    trainer = Trainer(model=model, args=args, train_dataset=Rows(data.x_train, data.y_train, fam.train_noise),
                      eval_dataset=Rows(data.x_val, data.y_val), compute_metrics=metric, optimizers=optimizers)
    with contextlib.redirect_stdout(io.StringIO()):
        trainer.train()
    if kind == "ckpt":  # the file a user finds: the last checkpoint's trainer_state.json
        last = max(out.glob("checkpoint-*"), key=lambda p: int(p.name.split("-")[1]))
        path = last / "trainer_state.json"
        logs = json.loads(path.read_text())["log_history"]
    else:
        path = out / "runs"
        logs = trainer.state.log_history
    evals = [r for r in logs if "eval_loss" in r]
    hist: History = {"loss": [], "val_loss": [], "val_accuracy": [], "learning_rate": []}
    prev = 0
    for ev in evals:  # one history row per evaluation: the mean of the train losses logged since the last one
        train = [r["loss"] for r in logs if "loss" in r and prev < r["step"] <= ev["step"]]
        lrs = [r["learning_rate"] for r in logs if "learning_rate" in r and prev < r["step"] <= ev["step"]]
        hist["loss"].append(float(np.mean(train)) if train else float("nan"))
        hist["val_loss"].append(float(ev["eval_loss"]))
        hist["val_accuracy"].append(float(ev["eval_accuracy"]))
        hist["learning_rate"].append(float(lrs[-1]) if lrs else fam.lr)
        prev = ev["step"]
    logged = {"train": [float(r["loss"]) for r in logs if "loss" in r],
              "val": [float(r["eval_loss"]) for r in logs if "eval_loss" in r], "atol": 1e-6, "rtol": 1e-5}
    return path, hist, logged


TRAIN_V4: dict[str, Callable[[Family4, Data4, int, Path], tuple[Path, History, Logged]]] = {
    "keras_progbar": lambda f, d, s, o: _keras(f, d, s, o, "progbar"),
    "keras_csv_resume": lambda f, d, s, o: _keras(f, d, s, o, "csv_resume"),
    "lightning_bar": _lightning_bar,
    "hf_ckpt": lambda f, d, s, o: _hf(f, d, s, o, "ckpt"),
    "hf_tb": lambda f, d, s, o: _hf(f, d, s, o, "tb"),
    "tqdm_loop": lambda f, d, s, o: _torch_loop(f, d, s, o, _Tqdm),
    "print_wordlm": lambda f, d, s, o: _torch_loop(f, d, s, o, _WordLM),
    "print_vae": lambda f, d, s, o: _torch_loop(f, d, s, o, _VaePrint),
    "print_fastai": lambda f, d, s, o: _torch_loop(f, d, s, o, _Fastai),
    "print_logging": lambda f, d, s, o: _torch_loop(f, d, s, o, _Logging),
    "torch_tb_tags": lambda f, d, s, o: _torch_loop(f, d, s, o, _TBTags),
    "torch_tsv": lambda f, d, s, o: _torch_loop(f, d, s, o, _TSV),
}


def _with_teacher(fam: Family4, data: Data4, seed: int) -> Data4:
    """Distillation: train the teacher (a wide MLP, unlogged) and put its logits next to each label."""
    import torch
    from dataclasses import replace

    torch.manual_seed(seed + 77)
    net = torch.nn.Sequential(torch.nn.Linear(data.x_train.shape[1], 128), torch.nn.ReLU(), torch.nn.Linear(128, 128),
                              torch.nn.ReLU(), torch.nn.Linear(128, data.n_classes))
    opt = torch.optim.Adam(net.parameters(), lr=3e-3)
    xt, yt = torch.from_numpy(data.x_train), torch.from_numpy(data.y_train)
    gen = torch.Generator().manual_seed(seed)
    for _ in range(fam.teacher_epochs):
        for idx in torch.randperm(len(xt), generator=gen).split(32):
            loss = torch.nn.functional.cross_entropy(net(xt[idx]), yt[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
    with torch.no_grad():
        lt, lv = net(xt).numpy(), net(torch.from_numpy(data.x_val)).numpy()
    return replace(data, y_train=np.concatenate([data.y_train[:, None], lt], 1).astype(np.float32),
                   y_val=np.concatenate([data.y_val[:, None], lv], 1).astype(np.float32))


def run(fam: Family4, seed: int, out: Path) -> tuple[Path, History, int]:
    """Train `fam` for `seed` with its framework, writing the native log under `out` and, next to it (in the run's
    directory), logged.json: the loss series as the log holds them, for the read-whole check."""
    import torch

    torch.set_num_threads(1)
    data = load_data(fam, seed)
    if data.task == "distill":
        data = _with_teacher(fam, data, seed)
    log, hist, logged = TRAIN_V4[fam.trainer](fam, data, seed, out)
    (out.parent / "logged.json").write_text(json.dumps(logged))
    return log, hist, data.n_classes
