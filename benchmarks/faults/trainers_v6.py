"""Train one sixth-generation family run with a real PyTorch loop and log it through a real writer or print style.

``run`` leaves the native log under ``out`` and returns ``(log_path, history, n_classes)``; next to ``out`` it writes
``logged.json``: the train and val loss series exactly as the log holds them (per logging interval where the writer
keeps those), with the precision it prints, for the read-whole check. ``history`` is Keras-History-shaped, one entry
per evaluation period (an epoch, or ``eval_every`` steps): ``loss`` (mean of the period's batch losses), ``val_loss``,
``accuracy``/``val_accuracy`` where the task has one, ``learning_rate``.

Writers: torch's SummaryWriter, transformers' TrainerState.save_to_json (trainer_state.json) and the dicts HF Trainer
prints, Keras' CSVLogger callback and a History JSON dump, Lightning's TensorBoardLogger and CSVLogger, MLflow at
step = epoch, JSON lines, and three print styles people paste (a '|'-separated table row, key=value pairs, and
Python logging lines).
"""
from __future__ import annotations

import contextlib
import copy
import io
import json
import math
import os
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import numpy as np

from data_v6 import Data6, load_data
from families_v6 import Family6
from models_v6 import hits, lr_factor, task_loss, torch_model, torch_optimizer

History = dict[str, list[float]]
Logged = dict[str, Any]
_CLOCK0 = datetime(2026, 12, 6, 14, 0, 0, tzinfo=timezone.utc)


class _Writer:
    """A loop's logger: step(loss, gstep, epoch_float, lr) after every batch, period(row, epoch, gstep) after each
    evaluation, close() -> the log's path."""

    step_level = False

    def __init__(self, out: Path, fam: Family6, data: Data6, per_epoch: int) -> None:
        out.mkdir(parents=True, exist_ok=True)
        self.out, self.fam, self.data, self.per_epoch = out, fam, data, per_epoch
        self.logged: Logged = {"train": [], "val": [], "atol": 1e-7, "rtol": 1e-5}
        self.t0 = time.perf_counter()
        self.grad_norm = 0.0

    def step(self, loss: float, gstep: int, epoch: float, lr: float) -> None:
        if self.step_level and gstep % self.fam.log_every == 0:  # the batch's own loss, as add_scalar logs it
            self.interval(loss, gstep, epoch, lr)

    def interval(self, loss: float, gstep: int, epoch: float, lr: float) -> None:
        pass

    def period(self, row: dict[str, float], epoch: int, gstep: int) -> None:
        self.logged["train"].append(row["loss"])
        self.logged["val"].append(row["val_loss"])

    def close(self) -> Path:
        return self.out

    def _text(self, name: str) -> None:
        self.path = self.out / name
        self.fh = self.path.open("w")

    def _p(self, line: str) -> None:
        print(line, file=self.fh, flush=True)

    def _now(self) -> datetime:
        return _CLOCK0 + timedelta(seconds=time.perf_counter() - self.t0)


class _TorchTB(_Writer):
    """torch.utils.tensorboard.SummaryWriter: 'train/batch_loss' every log_every steps, and 'train/loss',
    'valid/loss', 'valid/acc', 'train/lr' at each evaluation, all at the global step."""

    step_level = True

    def __init__(self, *a: Any) -> None:
        super().__init__(*a)
        from torch.utils.tensorboard import SummaryWriter

        self.w = SummaryWriter(log_dir=str(self.out))

    def interval(self, loss: float, gstep: int, epoch: float, lr: float) -> None:
        self.w.add_scalar("train/batch_loss", loss, gstep)

    def period(self, row: dict[str, float], epoch: int, gstep: int) -> None:
        super().period(row, epoch, gstep)
        self.w.add_scalar("train/loss", row["loss"], gstep)
        self.w.add_scalar("valid/loss", row["val_loss"], gstep)
        if "val_accuracy" in row:
            self.w.add_scalar("valid/acc", row["val_accuracy"], gstep)
        self.w.add_scalar("train/lr", row["learning_rate"], gstep)

    def close(self) -> Path:
        self.w.close()
        return self.out


class _HFState(_Writer):
    """transformers.TrainerState.save_to_json: log_history as Trainer.log() fills it (the loss every logging_steps
    is the mean since the last log, rounded to 4 decimals; an eval entry per evaluation; the closing summary)."""

    step_level = True

    def __init__(self, *a: Any) -> None:
        super().__init__(*a)
        self.logs: list[dict[str, Any]] = []
        self.run_sum, self.run_n, self.all_sum, self.all_n = 0.0, 0, 0.0, 0
        self.logged.update(atol=5.1e-5, rtol=1e-6)

    def step(self, loss: float, gstep: int, epoch: float, lr: float) -> None:
        self.run_sum, self.run_n = self.run_sum + loss, self.run_n + 1
        self.all_sum, self.all_n = self.all_sum + loss, self.all_n + 1
        if gstep % self.fam.log_every == 0:
            m = round(self.run_sum / self.run_n, 4)
            self.run_sum, self.run_n = 0.0, 0
            self.logged["train"].append(m)
            self._log({"loss": m, "grad_norm": self.grad_norm, "learning_rate": lr, "epoch": round(epoch, 4),
                       "step": gstep})

    def _log(self, entry: dict[str, Any]) -> None:
        self.logs.append(entry)

    def period(self, row: dict[str, float], epoch: int, gstep: int) -> None:
        self.logged["val"].append(row["val_loss"])
        e: dict[str, Any] = {"eval_loss": row["val_loss"]}
        if "val_accuracy" in row:
            e["eval_accuracy"] = row["val_accuracy"]
        e.update({"eval_runtime": 0.0412, "eval_samples_per_second": 12135.9, "eval_steps_per_second": 48.5,
                  "epoch": round(gstep / self.per_epoch, 4), "step": gstep})
        self._log(e)
        self.gstep = gstep

    def summary(self) -> dict[str, Any]:
        return {"train_runtime": round(time.perf_counter() - self.t0, 4), "train_samples_per_second": 1523.4,
                "train_steps_per_second": 47.6, "total_flos": 0.0, "train_loss": self.all_sum / max(self.all_n, 1),
                "epoch": round(self.gstep / self.per_epoch, 4), "step": self.gstep}

    def close(self) -> Path:
        from transformers import TrainerState

        self.logs.append(self.summary())
        state = TrainerState(epoch=round(self.gstep / self.per_epoch, 4), global_step=self.gstep,
                             max_steps=self.gstep, num_train_epochs=math.ceil(self.gstep / self.per_epoch),
                             logging_steps=self.fam.log_every, eval_steps=self.fam.eval_every or self.per_epoch,
                             log_history=self.logs)
        path = self.out / "trainer_state.json"
        state.save_to_json(str(path))
        return path


class _HFStdout(_HFState):
    """The dicts HF Trainer prints to stdout: {'loss': 0.6931, 'grad_norm': ..., 'learning_rate': ..., 'epoch': ...},
    {'eval_loss': ..., 'eval_runtime': ..., 'epoch': ...} and the closing {'train_runtime': ..., 'train_loss': ...}."""

    def __init__(self, *a: Any) -> None:
        super().__init__(*a)
        self._text("train.log")

    def _log(self, entry: dict[str, Any]) -> None:
        self._p(str({k: v for k, v in entry.items() if k != "step"}))

    def close(self) -> Path:
        self._log(self.summary())
        self.fh.close()
        return self.path


class _KerasCsv(_Writer):
    """The real keras.callbacks.CSVLogger, fed the logs dict fit() gives it at each epoch's end."""

    def __init__(self, *a: Any) -> None:
        super().__init__(*a)
        os.environ.setdefault("KERAS_BACKEND", "torch")
        import keras

        self.path = self.out / "training.log"
        self.cb = keras.callbacks.CSVLogger(str(self.path))
        self.cb.on_train_begin()

    def period(self, row: dict[str, float], epoch: int, gstep: int) -> None:
        super().period(row, epoch, gstep)
        self.cb.on_epoch_end(epoch, dict(row))

    def close(self) -> Path:
        self.cb.on_train_end()
        return self.path


class _KerasJson(_Writer):
    """json.dump(history.history) after fit(): the Keras History dict."""

    def __init__(self, *a: Any) -> None:
        super().__init__(*a)
        self.h: dict[str, list[float]] = {}

    def period(self, row: dict[str, float], epoch: int, gstep: int) -> None:
        super().period(row, epoch, gstep)
        for k, v in row.items():
            self.h.setdefault(k, []).append(v)

    def close(self) -> Path:
        path = self.out / "history.json"
        path.write_text(json.dumps(self.h))
        return path


class _LightningLogger(_Writer):
    """A Lightning logger's log_metrics as self.log(on_step=True, on_epoch=True) feeds it: train_loss_step every
    log_every steps, then val_loss/val_acc and train_loss_epoch at each epoch's end."""

    step_level = True
    kind = "tb"

    def __init__(self, *a: Any) -> None:
        super().__init__(*a)
        if self.kind == "tb":
            from lightning.pytorch.loggers import TensorBoardLogger as Logger
        else:
            from lightning.pytorch.loggers import CSVLogger as Logger  # type: ignore[assignment]
        self.logger = Logger(str(self.out), name="lightning_logs", version=0)

    def interval(self, loss: float, gstep: int, epoch: float, lr: float) -> None:
        self.logger.log_metrics({"train_loss_step": loss, "epoch": int(epoch)}, step=gstep - 1)

    def period(self, row: dict[str, float], epoch: int, gstep: int) -> None:
        super().period(row, epoch, gstep)
        val = {"val_loss": row["val_loss"], "epoch": epoch}
        if "val_accuracy" in row:
            val["val_acc"] = row["val_accuracy"]
        self.logger.log_metrics(val, step=gstep - 1)
        self.logger.log_metrics({"train_loss_epoch": row["loss"], "lr-" + self.fam.optimizer.capitalize():
                                 row["learning_rate"], "epoch": epoch}, step=gstep - 1)

    def close(self) -> Path:
        self.logger.save()
        self.logger.finalize("success")
        if self.kind == "tb":
            return Path(self.logger.log_dir)
        return Path(self.logger.log_dir) / "metrics.csv"


class _LightningCsv(_LightningLogger):
    kind = "csv"


class _MLflowEpoch(_Writer):
    """MLflow's file store: mlflow.log_metrics({'train_loss', 'val_loss', 'val_accuracy', 'lr'}, step=epoch)."""

    def __init__(self, *a: Any) -> None:
        super().__init__(*a)
        os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")
        import mlflow

        mlflow.set_tracking_uri(self.out.resolve().as_uri())
        mlflow.set_experiment("families-v6")
        mlflow.start_run(run_name="train")
        mlflow.log_params({"lr": self.fam.lr, "optimizer": self.fam.optimizer, "model": self.fam.model})
        self.mlflow = mlflow

    def period(self, row: dict[str, float], epoch: int, gstep: int) -> None:
        super().period(row, epoch, gstep)
        m = {"train_loss": row["loss"], "val_loss": row["val_loss"], "lr": row["learning_rate"]}
        if "val_accuracy" in row:
            m["val_accuracy"] = row["val_accuracy"]
        self.mlflow.log_metrics(m, step=epoch)

    def close(self) -> Path:
        self.mlflow.end_run()
        return self.out


class _JsonLines(_Writer):
    """One JSON object per evaluation appended to metrics.jsonl (json.dumps of a dict of Python floats)."""

    def __init__(self, *a: Any) -> None:
        super().__init__(*a)
        self._text("metrics.jsonl")

    def period(self, row: dict[str, float], epoch: int, gstep: int) -> None:
        super().period(row, epoch, gstep)
        rec = {"epoch": epoch + 1, "step": gstep, "train_loss": row["loss"], "val_loss": row["val_loss"]}
        if "val_accuracy" in row:
            rec["val_acc"] = row["val_accuracy"]
        rec["lr"] = row["learning_rate"]
        self._p(json.dumps(rec))

    def close(self) -> Path:
        self.fh.close()
        return self.path


class _PrintPipe(_Writer):
    """A '|'-separated row per epoch: '| epoch   3 | train_loss 0.4123 | val_loss 0.5234 | val_acc 0.8120 | lr
    1.00e-03 | 0.52s |' (4 decimals)."""

    def __init__(self, *a: Any) -> None:
        super().__init__(*a)
        self._text("train.log")
        self.logged.update(atol=5.1e-5, rtol=1e-6)
        self.t_ep = time.perf_counter()

    def period(self, row: dict[str, float], epoch: int, gstep: int) -> None:
        tr, va = round(row["loss"], 4), round(row["val_loss"], 4)
        self.logged["train"].append(tr)
        self.logged["val"].append(va)
        acc = f" val_acc {row['val_accuracy']:.4f} |" if "val_accuracy" in row else ""
        dt, self.t_ep = time.perf_counter() - self.t_ep, time.perf_counter()
        self._p(f"| epoch {epoch + 1:3d} | train_loss {tr:.4f} | val_loss {va:.4f} |{acc} lr {row['learning_rate']:.2e}"
                f" | {dt:.2f}s |")

    def close(self) -> Path:
        self.fh.close()
        return self.path


class _PrintKV(_Writer):
    """key=value pairs, 6 significant digits: 'epoch=3 train_loss=0.412345 val_loss=0.523456 lr=0.001'."""

    def __init__(self, *a: Any) -> None:
        super().__init__(*a)
        self._text("train.log")
        self.logged.update(atol=0.0, rtol=6e-6)

    def period(self, row: dict[str, float], epoch: int, gstep: int) -> None:
        tr, va = float(f"{row['loss']:.6g}"), float(f"{row['val_loss']:.6g}")
        self.logged["train"].append(tr)
        self.logged["val"].append(va)
        acc = f" val_acc={row['val_accuracy']:.4f}" if "val_accuracy" in row else ""
        self._p(f"epoch={epoch + 1} step={gstep} train_loss={tr:.6g} val_loss={va:.6g}{acc} "
                f"lr={row['learning_rate']:.6g}")

    def close(self) -> Path:
        self.fh.close()
        return self.path


class _PrintLogging(_Writer):
    """Python logging lines: '2026-12-06 14:00:01,123 - train - INFO - Epoch 3/20 - Train Loss: 0.4123 - Val Loss:
    0.5234 - Val Acc: 81.20%'."""

    def __init__(self, *a: Any) -> None:
        super().__init__(*a)
        self._text("train.log")
        self.logged.update(atol=5.1e-5, rtol=1e-6)
        self._p(f"{self._stamp()} - train - INFO - Starting training for {self.fam.epochs} epochs "
                f"(lr={self.fam.lr}, batch_size={self.fam.batch})")

    def _stamp(self) -> str:
        t = self._now()
        return t.strftime("%Y-%m-%d %H:%M:%S") + f",{t.microsecond // 1000:03d}"

    def period(self, row: dict[str, float], epoch: int, gstep: int) -> None:
        tr, va = round(row["loss"], 4), round(row["val_loss"], 4)
        self.logged["train"].append(tr)
        self.logged["val"].append(va)
        acc = f" - Val Acc: {100 * row['val_accuracy']:.2f}%" if "val_accuracy" in row else ""
        self._p(f"{self._stamp()} - train - INFO - Epoch {epoch + 1}/{self.fam.epochs} - Train Loss: {tr:.4f} - "
                f"Val Loss: {va:.4f}{acc}")

    def close(self) -> Path:
        self.fh.close()
        return self.path


WRITERS: dict[str, type[_Writer]] = {
    "torch_tb": _TorchTB, "hf_state": _HFState, "hf_stdout": _HFStdout, "keras_csv": _KerasCsv,
    "keras_json": _KerasJson, "lightning_tb": _LightningLogger, "lightning_csv": _LightningCsv,
    "mlflow_epoch": _MLflowEpoch, "jsonl": _JsonLines, "print_pipe": _PrintPipe, "print_kv": _PrintKV,
    "print_logging": _PrintLogging}


# ---- the loop ---------------------------------------------------------------------------------------------------

def _evaluate(fam: Family6, data: Data6, model: Any, x: Any, y: Any, seed: int) -> tuple[float, float | None]:
    import torch

    gen = torch.Generator().manual_seed(seed)  # the same augmentation draws at every evaluation
    model.eval()
    loss, n, right, count = 0.0, 0, 0.0, 0
    with torch.no_grad():
        for i in range(0, len(x), 256):
            xb, yb = x[i:i + 256], y[i:i + 256]
            if data.task == "contrastive" and len(xb) < fam.batch:
                break
            step = fam.batch if data.task in ("contrastive", "survival") else 256
            for j in range(0, len(xb), step):
                xs, ys = xb[j:j + step], yb[j:j + step]
                lv, out = task_loss(fam, data, model, xs, ys, gen)
                loss += float(lv) * len(xs)
                n += len(xs)
                h = hits(data, out, ys)
                if h is not None:
                    right += h[0]
                    count += h[1]
    model.train()
    return loss / n, (right / count if count else None)


def _pretrain(fam: Family6, model: Any, seed: int) -> None:
    """Fine-tuning: the backbone is pre-trained (unlogged) on other series of the same kind."""
    import torch

    src = copy.copy(fam)
    object.__setattr__(src, "n_train", 3000)
    pre = load_data(src, seed + 500)
    xt, yt = torch.from_numpy(pre.x_train), torch.from_numpy(pre.y_train)
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    for _ in range(fam.pretrain):
        for idx in torch.randperm(len(xt)).split(64):
            loss, _ = task_loss(fam, pre, model, xt[idx], yt[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
    torch.nn.init.normal_(model.head.weight, 0, 0.02)  # a fresh head for the new series
    torch.nn.init.zeros_(model.head.bias)


def _loop(fam: Family6, data: Data6, seed: int, out: Path) -> tuple[Path, History, Logged]:
    import torch

    torch.manual_seed(seed)
    model = torch_model(fam, data)
    if fam.pretrain:
        _pretrain(fam, model, seed)
    ema = copy.deepcopy(model) if fam.ema_decay else None
    if ema is not None:
        for p in ema.parameters():
            p.requires_grad_(False)
    frozen = fam.freeze_epochs > 0
    if frozen:
        for p in model.backbone():
            p.requires_grad_(False)
    if fam.opt_on_ema_copy and ema is not None:  # the fault: the optimizer holds the EMA copy's parameters
        opt = torch_optimizer(fam, [p.requires_grad_(True) for p in ema.parameters()])
    else:
        opt = torch_optimizer(fam, [p for p in model.parameters() if p.requires_grad])
    per_epoch = math.ceil(len(data.x_train) / fam.batch)
    period = fam.eval_every or per_epoch
    factor = lr_factor(fam, fam.epochs * period)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, factor) if factor else None
    plateau = (torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode=fam.plateau_mode, factor=fam.plateau_factor,
                                                          patience=fam.plateau_patience)
               if fam.schedule == "plateau" else None)
    xt, yt, xv, yv = (torch.from_numpy(np.ascontiguousarray(a)) for a in (data.x_train, data.y_train, data.x_val,
                                                                           data.y_val))
    gen = torch.Generator().manual_seed(seed)
    label_perm = torch.from_numpy(np.random.default_rng(seed + 5).permutation(20))
    writer = WRITERS[fam.trainer](out, fam, data, per_epoch)
    acc = data.n_classes > 1
    hist: History = {"loss": [], "val_loss": [], "learning_rate": []}
    if acc:
        hist.update({"accuracy": [], "val_accuracy": []})
    best, best_state, bad = math.inf, None, 0
    order, pos, gstep = torch.randperm(len(xt), generator=gen), 0, 0
    prev_y = None
    vrng = np.random.default_rng(seed + 7)
    for ep in range(fam.epochs):
        if frozen and ep == fam.freeze_epochs:  # unfreeze: the backbone joins with its own LR
            for p in model.backbone():
                p.requires_grad_(True)
            opt.add_param_group({"params": model.backbone(), "lr": fam.lr * fam.unfreeze_lr_mult})
        if fam.schedule == "cyclic_epoch_units":  # the fault: a triangle of one *epoch* up, one down, per epoch
            for g in opt.param_groups:
                g["lr"] = fam.lr if ep % 2 == 0 else fam.lr * fam.cyclic_max_mult
        lr = opt.param_groups[0]["lr"]
        tot, seen, right, count = 0.0, 0, 0.0, 0
        model.train()
        for _ in range(period):
            if pos >= len(xt):
                order, pos = torch.randperm(len(xt), generator=gen), 0
            idx = order[pos:pos + fam.batch]
            pos += fam.batch
            xb, yb = xt[idx], yt[idx]
            if ep in fam.label_shard_epochs:  # the fault: this shard's label columns come in another order
                yb = yb[:, label_perm]
            if fam.prefetch_offbyone:  # the fault: each batch is paired with the previous batch's labels (the
                #                        first with the last batch's of the shuffled order; sizes wrap around)
                stale = prev_y if prev_y is not None else yt[order[-fam.batch:]]
                yb, prev_y = stale.repeat(math.ceil(len(yb) / len(stale)))[:len(yb)], yb
            loss, outb = task_loss(fam, data, model, xb, yb, gen)
            opt.zero_grad()
            (loss * fam.loss_scale).backward()
            norm = torch.nn.utils.clip_grad_norm_([p for p in model.parameters() if p.grad is not None],
                                                  fam.clip or math.inf)  # clips only where the family clips
            writer.grad_norm = round(float(norm) / fam.loss_scale, 4)
            opt.step()
            if sched is not None:
                sched.step()
            if ema is not None and not fam.opt_on_ema_copy:
                with torch.no_grad():
                    for pe, pm in zip(ema.parameters(), model.parameters()):
                        pe.mul_(fam.ema_decay).add_(pm.detach(), alpha=1 - fam.ema_decay)
            gstep += 1
            lv = float(loss.detach())
            writer.step(lv, gstep, gstep / per_epoch, opt.param_groups[0]["lr"])
            tot += lv * len(xb)
            seen += len(xb)
            h = hits(data, None if outb is None else outb.detach(), yb)
            if h is not None:
                right += h[0]
                count += h[1]
        judge = ema if (ema is not None and not fam.opt_on_ema_copy) else model
        if fam.val_rows:  # a few validation rows drawn afresh at every evaluation
            pick = torch.from_numpy(vrng.choice(len(xv), fam.val_rows, replace=False))
            vloss, vacc = _evaluate(fam, data, judge, xv[pick], yv[pick], seed)
        else:
            vloss, vacc = _evaluate(fam, data, judge, xv, yv, seed)
        row = {"loss": tot / seen, "val_loss": vloss, "learning_rate": lr}
        if acc:
            row.update(accuracy=right / count, val_accuracy=float(vacc))  # type: ignore[arg-type]
        for k, v in row.items():
            hist[k].append(float(v))
        writer.period({k: float(v) for k, v in row.items()}, ep, gstep)
        if plateau is not None:
            plateau.step(vloss)
        if fam.early_stop:
            if vloss < best:
                best, bad = vloss, 0
                best_state = copy.deepcopy(judge.state_dict()) if fam.restore_best else None
            else:
                bad += 1
                if bad >= fam.early_stop:
                    break
    if best_state is not None:  # best-checkpoint restore: what is kept, not what is logged
        judge.load_state_dict(best_state)
    return writer.close(), hist, writer.logged


def run(fam: Family6, seed: int, out: Path) -> tuple[Path, History, int]:
    """Train `fam` for `seed`, writing the native log under `out` and logged.json next to it."""
    import torch

    torch.set_num_threads(1)
    data = load_data(fam, seed)
    with contextlib.redirect_stderr(io.StringIO()):
        log, hist, logged = _loop(fam, data, seed, out)
    (out.parent / "logged.json").write_text(json.dumps(logged))
    return log, hist, data.n_classes
