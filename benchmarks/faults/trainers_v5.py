"""Train one fifth-generation family run with a real framework and log it the way that tool's users log it.

Each trainer leaves the native log under ``out`` and returns ``(log_path, history, logged)``: ``history`` is a
Keras-History-shaped dict of the run per epoch (or per evaluation period): ``loss``, ``val_loss`` (in nats: what the
construction checks read), ``accuracy``/``val_accuracy`` where the task has one, and ``learning_rate``; ``logged`` is
the train and val loss series exactly as the log holds them (per step or interval where the log keeps those, in the
log's own unit, e.g. bits for fairseq), with the precision it prints, for the read-whole check.

The writers of the plain PyTorch loop follow the formats their tools print or write: tensorboardX's SummaryWriter,
MLflow's log_metric at the global step, detectron2's metrics.json, PyTorch-Ignite's example, fairseq, Megatron-LM,
mmengine, timm's summary.csv, the PyTorch CIFAR-10 tutorial and the pytorch-sentiment-analysis tutorial. A Lightning
Trainer writes its own CSVLogger file and Keras its own CSVLogger file.
"""
from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import os
import statistics
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import numpy as np

from data_v5 import ORDER_VOCAB, Data5, load_data, mask_tokens, mtok_pretrain
from families_v5 import Family5
from models_v5 import hits, lr_factor, torch_loss, torch_model, torch_optimizer

History = dict[str, list[float]]
Logged = dict[str, Any]
_CLOCK0 = datetime(2026, 12, 6, 9, 0, 0, tzinfo=timezone.utc)  # log timestamps: a fixed start + measured time


def _has_acc(data: Data5) -> bool:
    return data.task in ("multitask", "boxes", "multiclass", "events")


# ---- writers of a plain PyTorch loop ----------------------------------------------------------------------------------

class _Writer:
    """A loop's logger: start(per_epoch), step(loss, gstep, epoch, i, lr, parts) after every batch, epoch(row, epoch,
    gstep) after each evaluation, close() -> the log's path."""

    def __init__(self, out: Path, fam: Family5, data: Data5) -> None:
        out.mkdir(parents=True, exist_ok=True)
        self.out, self.fam, self.data = out, fam, data
        self.logged: Logged = {"train": [], "val": [], "atol": 6e-5, "rtol": 1e-3}
        self.t0 = self.t_epoch = time.perf_counter()
        self.per_epoch = 1

    def start(self, per_epoch: int) -> None:
        self.per_epoch = per_epoch

    def step(self, loss: float, gstep: int, epoch: int, i: int, lr: float, parts: dict[str, float]) -> None:
        pass

    def epoch(self, row: dict[str, float], epoch: int, gstep: int) -> None:
        self.logged["train"].append(row["loss"])
        self.logged["val"].append(row["val_loss"])

    def close(self) -> Path:
        return self.out

    def _text(self, name: str = "train.log") -> None:
        self.path = self.out / name
        self.fh = self.path.open("w")

    def _p(self, line: str) -> None:
        print(line, file=self.fh, flush=True)

    def _now(self) -> datetime:
        return _CLOCK0 + timedelta(seconds=time.perf_counter() - self.t0)


class _TBX(_Writer):
    """tensorboardX's SummaryWriter: 'train/loss' every log_every steps, 'train/epoch_loss', 'val/loss' (and accuracy)
    and 'lr' at each epoch's end, all at the global step."""

    def __init__(self, out: Path, fam: Family5, data: Data5) -> None:
        super().__init__(out, fam, data)
        from tensorboardX import SummaryWriter

        self.w = SummaryWriter(logdir=str(out), flush_secs=1)
        self.logged.update(atol=1e-6, rtol=1e-5)

    def step(self, loss: float, gstep: int, epoch: int, i: int, lr: float, parts: dict[str, float]) -> None:
        if gstep % self.fam.log_every == 0:
            self.w.add_scalar("train/loss", loss, gstep)

    def epoch(self, row: dict[str, float], epoch: int, gstep: int) -> None:
        super().epoch(row, epoch, gstep)
        self.w.add_scalar("train/epoch_loss", row["loss"], gstep)
        self.w.add_scalar("val/loss", row["val_loss"], gstep)
        if "val_accuracy" in row:
            self.w.add_scalar("val/accuracy", row["val_accuracy"], gstep)
        self.w.add_scalar("lr", row["learning_rate"], gstep)

    def close(self) -> Path:
        self.w.close()
        return self.out


class _MLflowSteps(_Writer):
    """MLflow's file store: mlflow.log_metric('train_loss', loss, step=global step) every log_every steps, and
    log_metrics({'val_loss', 'val_accuracy', 'lr'}, step=global step) after each epoch."""

    def __init__(self, out: Path, fam: Family5, data: Data5) -> None:
        super().__init__(out, fam, data)
        os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")  # mlflow 3 keeps the file store behind this flag
        import mlflow

        mlflow.set_tracking_uri(out.resolve().as_uri())
        mlflow.set_experiment("families-v5")
        mlflow.start_run(run_name="train")
        mlflow.log_params({"lr": fam.lr, "batch_size": fam.batch, "epochs": fam.epochs, "model": fam.model})
        self.mlflow = mlflow
        self.logged.update(atol=1e-6, rtol=1e-6)

    def step(self, loss: float, gstep: int, epoch: int, i: int, lr: float, parts: dict[str, float]) -> None:
        if gstep % self.fam.log_every == 0:
            self.mlflow.log_metric("train_loss", loss, step=gstep)
            self.logged["train"].append(loss)

    def epoch(self, row: dict[str, float], epoch: int, gstep: int) -> None:
        self.logged["val"].append(row["val_loss"])
        m = {"val_loss": row["val_loss"], "lr": row["learning_rate"]}
        if "val_accuracy" in row:
            m["val_accuracy"] = row["val_accuracy"]
        self.mlflow.log_metrics(m, step=gstep)

    def close(self) -> Path:
        self.mlflow.end_run()
        return self.out


class _D2Json(_Writer):
    """detectron2's metrics.json: one JSON line every log_every iterations with the losses smoothed over the last 20
    iterations (median), lr, time; the evaluation hook's 'validation_loss' joins the line of the iteration it ran at."""

    def __init__(self, out: Path, fam: Family5, data: Data5) -> None:
        super().__init__(out, fam, data)
        self.path = out / "metrics.json"
        self.fh = self.path.open("w")
        self.window: dict[str, list[float]] = {}
        self.pending: dict[str, Any] | None = None
        self.t_iter = time.perf_counter()
        self.logged.update(atol=1e-9, rtol=1e-9)

    def _flush(self) -> None:
        if self.pending is not None:
            self.fh.write(json.dumps(self.pending) + "\n")
            self.fh.flush()
            self.pending = None

    def step(self, loss: float, gstep: int, epoch: int, i: int, lr: float, parts: dict[str, float]) -> None:
        self._flush()
        for k, v in {"total_loss": loss, **parts}.items():
            self.window.setdefault(k, []).append(v)
            self.window[k] = self.window[k][-20:]
        if gstep % self.fam.log_every == 0:
            dt = (time.perf_counter() - self.t_iter) / self.fam.log_every
            self.t_iter = time.perf_counter()
            line: dict[str, Any] = {"data_time": round(dt * 0.05, 6), "eta_seconds": round(dt * 100, 3)}
            for k, vs in sorted(self.window.items()):
                line[k] = statistics.median(vs)
            line.update({"iteration": gstep - 1, "lr": lr, "time": round(dt, 6)})
            self.pending = line
            self.logged["train"].append(line["total_loss"])

    def epoch(self, row: dict[str, float], epoch: int, gstep: int) -> None:
        self.logged["val"].append(row["val_loss"])
        extra = {"validation_loss": row["val_loss"]}
        if "val_accuracy" in row:
            extra["validation_accuracy"] = row["val_accuracy"]
        if self.pending is not None and self.pending["iteration"] == gstep - 1:
            self.pending.update(extra)
        else:
            self._flush()
            self.pending = {"iteration": gstep - 1, **extra}
        self._flush()

    def close(self) -> Path:
        self._flush()
        self.fh.close()
        return self.path


class _Ignite(_Writer):
    """PyTorch-Ignite's MNIST example: 'Epoch[1] Iteration[10/63] Loss: 0.52' every log_every iterations, then
    'Training Results - Epoch: 1  Avg accuracy: 0.93 Avg loss: 0.22' (the training set evaluated in eval mode after
    the epoch) and 'Validation Results - Epoch: 1  Avg accuracy: 0.93 Avg loss: 0.22'. Regression runs print only the
    loss."""

    def __init__(self, out: Path, fam: Family5, data: Data5) -> None:
        super().__init__(out, fam, data)
        self._text()
        self.logged.update(atol=6e-5, rtol=0.0)

    def step(self, loss: float, gstep: int, epoch: int, i: int, lr: float, parts: dict[str, float]) -> None:
        if (i + 1) % self.fam.log_every == 0:
            self._p(f"Epoch[{epoch + 1}] Iteration[{i + 1}/{self.per_epoch}] Loss: {loss:.2f}")

    def epoch(self, row: dict[str, float], epoch: int, gstep: int) -> None:
        super().epoch(row, epoch, gstep)
        for name, acc, loss in (("Training", row.get("accuracy"), row["loss"]),
                                ("Validation", row.get("val_accuracy"), row["val_loss"])):
            a = f"  Avg accuracy: {acc:.2f}" if acc is not None else ""
            self._p(f"{name} Results - Epoch: {epoch + 1}{a} Avg loss: {loss:.4f}")

    def close(self) -> Path:
        self.fh.close()
        return self.path


_LN2 = math.log(2)


class _Fairseq(_Writer):
    """fairseq-train's log (simple format): 'train_inner | epoch 001:     20 / 63 loss=4.123, nll_loss=4.123, ppl=17.4,
    ...' every log_every updates (loss in base 2, the running mean since the epoch start), then '| valid | epoch 001 |
    valid on 'valid' subset | loss 3.9 | ...' and '| train | epoch 001 | loss 4.0 | ...', each with a timestamp and
    level prefix; three decimals."""

    def __init__(self, out: Path, fam: Family5, data: Data5) -> None:
        super().__init__(out, fam, data)
        self._text()
        self.logged.update(atol=6e-4, rtol=0.0)
        self.acc, self.n, self.tokens = 0.0, 0, fam.batch * 16 * 0.15
        self.t_inner = time.perf_counter()
        self._p(f"{self._stamp()} | INFO | fairseq_cli.train | task: masked_lm, model: {fam.model}, criterion: "
                "masked_lm")
        self._p(f"{self._stamp()} | INFO | fairseq_cli.train | max tokens per device = None and max sentences per "
                f"device = {fam.batch}")

    def _stamp(self) -> str:
        return self._now().strftime("%Y-%m-%d %H:%M:%S")

    def step(self, loss: float, gstep: int, epoch: int, i: int, lr: float, parts: dict[str, float]) -> None:
        self.acc += loss / _LN2
        self.n += 1
        if (i + 1) % self.fam.log_every == 0:
            m = self.acc / self.n
            dt = max(time.perf_counter() - self.t_inner, 1e-6)
            self.t_inner = time.perf_counter()
            self._p(f"{self._stamp()} | INFO | train_inner | epoch {epoch + 1:03d}:{i + 1:7d} / {self.per_epoch} "
                    f"loss={m:.3f}, nll_loss={m:.3f}, ppl={2 ** m:.2f}, wps={self.tokens * self.fam.log_every / dt:.0f}, "
                    f"ups={self.fam.log_every / dt:.2f}, wpb={self.tokens:.1f}, bsz={self.fam.batch}, "
                    f"num_updates={gstep}, lr={lr:.6g}, gnorm=1.000, train_wall=0, wall={time.perf_counter() - self.t0:.0f}")

    def epoch(self, row: dict[str, float], epoch: int, gstep: int) -> None:
        tr, va = round(row["loss"] / _LN2, 3), round(row["val_loss"] / _LN2, 3)
        self.logged["train"].append(tr)
        self.logged["val"].append(va)
        self._p(f"{self._stamp()} | INFO | fairseq.checkpoint_utils | begin validation on \"valid\" subset")
        self._p(f"{self._stamp()} | INFO | valid | epoch {epoch + 1:03d} | valid on 'valid' subset | loss {va:.3f} | "
                f"nll_loss {va:.3f} | ppl {2 ** va:.2f} | wps 0 | wpb {self.tokens:.1f} | bsz {self.fam.batch} | "
                f"num_updates {gstep}")
        self._p(f"{self._stamp()} | INFO | train | epoch {epoch + 1:03d} | loss {tr:.3f} | nll_loss {tr:.3f} | ppl "
                f"{2 ** tr:.2f} | wps 0 | ups 0 | wpb {self.tokens:.1f} | bsz {self.fam.batch} | num_updates {gstep} | "
                f"lr {row['learning_rate']:.6g} | gnorm 1.000 | train_wall 0 | wall "
                f"{time.perf_counter() - self.t0:.0f}")
        self.acc, self.n = 0.0, 0

    def close(self) -> Path:
        self._p(f"{self._stamp()} | INFO | fairseq_cli.train | done training in "
                f"{time.perf_counter() - self.t0:.1f} seconds")
        self.fh.close()
        return self.path


class _Megatron(_Writer):
    """Megatron-LM's training log: ' iteration      100/    1890 | consumed samples:         3200 | elapsed time per
    iteration (ms): 12.3 | learning rate: 1.000000E-03 | global batch size:    32 | lm loss: 3.456789E+00 | loss
    scale: 1.0 | grad norm: 0.812 | number of skipped iterations:   0 | number of nan iterations:   0 |' (the mean
    over the interval) and a dashed 'validation loss at iteration N | lm loss value: ... | lm loss PPL: ... |' block."""

    def __init__(self, out: Path, fam: Family5, data: Data5) -> None:
        super().__init__(out, fam, data)
        self._text()
        self.key = "lm loss" if data.task == "mlm" else "loss"
        self.acc, self.n, self.t_int = 0.0, 0, time.perf_counter()
        self.logged.update(atol=0.0, rtol=1e-6)

    def start(self, per_epoch: int) -> None:
        super().start(per_epoch)
        self.total = per_epoch * self.fam.epochs
        self._p("> building train, validation, and test datasets ...")
        self._p("[after dataloaders are built] datetime: " + self._now().strftime("%Y-%m-%d %H:%M:%S"))
        self._p("training ...")

    def step(self, loss: float, gstep: int, epoch: int, i: int, lr: float, parts: dict[str, float]) -> None:
        self.acc += loss
        self.n += 1
        if gstep % self.fam.log_every == 0:
            m = float(f"{self.acc / self.n:.6E}")
            ms = 1000 * (time.perf_counter() - self.t_int) / self.n
            self._p(f" iteration {gstep:8d}/{self.total:8d} | consumed samples: {gstep * self.fam.batch:12d} | "
                    f"elapsed time per iteration (ms): {ms:.1f} | learning rate: {lr:.6E} | global batch size: "
                    f"{self.fam.batch:5d} | {self.key}: {m:.6E} | loss scale: 1.0 | grad norm: 1.000 | number of "
                    "skipped iterations:   0 | number of nan iterations:   0 |")
            self.logged["train"].append(m)
            self.acc, self.n, self.t_int = 0.0, 0, time.perf_counter()

    def epoch(self, row: dict[str, float], epoch: int, gstep: int) -> None:
        v = float(f"{row['val_loss']:.6E}")
        self.logged["val"].append(v)
        bar = "-" * 100
        ppl = math.exp(min(row["val_loss"], 700))
        self._p(bar)
        self._p(f" validation loss at iteration {gstep} | {self.key} value: {v:.6E} | {self.key} PPL: {ppl:.6E} | ")
        self._p(bar)

    def close(self) -> Path:
        self.fh.close()
        return self.path


class _MMEngine(_Writer):
    """mmengine's logger: '2026/12/06 09:00:01 - mmengine - INFO - Epoch(train)  [1][10/32]  lr: 3.0000e-03  eta:
    0:00:41  time: 0.0123  data_time: 0.0010  memory: 0  loss: 1.0123' (the mean over the logging window) and
    'Epoch(val) [1][2/2]    loss: 0.9876  data_time: ...  time: ...' after each validation."""

    def __init__(self, out: Path, fam: Family5, data: Data5) -> None:
        super().__init__(out, fam, data)
        self._text()
        self.win: list[float] = []
        self.t_win = time.perf_counter()
        self.logged.update(atol=6e-5, rtol=0.0)

    def _pre(self) -> str:
        return self._now().strftime("%Y/%m/%d %H:%M:%S") + " - mmengine - INFO - "

    def start(self, per_epoch: int) -> None:
        super().start(per_epoch)
        self._p(self._pre() + "Checkpoints will be saved to /work/runs/exp.")

    def step(self, loss: float, gstep: int, epoch: int, i: int, lr: float, parts: dict[str, float]) -> None:
        self.win.append(loss)
        if (i + 1) % self.fam.log_every == 0:
            m = sum(self.win) / len(self.win)
            dt = (time.perf_counter() - self.t_win) / len(self.win)
            eta = int(dt * (self.per_epoch * self.fam.epochs - gstep))
            w = len(str(self.per_epoch))
            self._p(self._pre() + f"Epoch(train)  [{epoch + 1}][{i + 1:>{w}}/{self.per_epoch}]  lr: {lr:.4e}  eta: "
                    f"{timedelta(seconds=eta)}  time: {dt:.4f}  data_time: {dt * 0.05:.4f}  memory: 0  loss: {m:.4f}")
            self.logged["train"].append(round(m, 4))
            self.win, self.t_win = [], time.perf_counter()

    def epoch(self, row: dict[str, float], epoch: int, gstep: int) -> None:
        self.win = []
        self.logged["val"].append(round(row["val_loss"], 4))
        nb = math.ceil(len(self.data.x_val) / 256)
        acc = f"accuracy/top1: {100 * row['val_accuracy']:.4f}  " if "val_accuracy" in row else ""
        self._p(self._pre() + f"Epoch(val) [{epoch + 1}][{nb}/{nb}]    {acc}loss: {row['val_loss']:.4f}  "
                "data_time: 0.0010  time: 0.0040")

    def close(self) -> Path:
        self.fh.close()
        return self.path


class _TimmCsv(_Writer):
    """timm's summary.csv (csv.DictWriter, rewritten after every epoch): epoch,train_loss,eval_loss,eval_top1,
    eval_top5,lr with top-1/top-5 in percent; regression runs have no top-k columns."""

    def __init__(self, out: Path, fam: Family5, data: Data5) -> None:
        super().__init__(out, fam, data)
        self.path = out / "summary.csv"
        self.rows: list[dict[str, Any]] = []
        self.logged.update(atol=1e-9, rtol=1e-9)

    def epoch(self, row: dict[str, float], epoch: int, gstep: int) -> None:
        super().epoch(row, epoch, gstep)
        r: dict[str, Any] = {"epoch": epoch, "train_loss": row["loss"], "eval_loss": row["val_loss"]}
        if "val_accuracy" in row:
            r.update(eval_top1=100 * row["val_accuracy"], eval_top5=100.0)
        r["lr"] = row["learning_rate"]
        self.rows.append(r)
        with self.path.open("w", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(r))
            w.writeheader()
            w.writerows(self.rows)


class _CifarPrint(_Writer):
    """The PyTorch CIFAR-10 tutorial: '[1,   100] loss: 0.123' (the mean of the last log_every mini-batches, 3
    decimals), plus the validation line people add after each epoch."""

    def __init__(self, out: Path, fam: Family5, data: Data5) -> None:
        super().__init__(out, fam, data)
        self._text()
        self.running = 0.0
        self.logged.update(atol=6e-4, rtol=0.0)

    def step(self, loss: float, gstep: int, epoch: int, i: int, lr: float, parts: dict[str, float]) -> None:
        self.running += loss
        if (i + 1) % self.fam.log_every == 0:
            m = self.running / self.fam.log_every
            self._p(f"[{epoch + 1}, {i + 1:5d}] loss: {m:.3f}")
            self.logged["train"].append(round(m, 3))
            self.running = 0.0

    def epoch(self, row: dict[str, float], epoch: int, gstep: int) -> None:
        self.running = 0.0
        self.logged["val"].append(round(row["val_loss"], 3))
        acc = f", val accuracy: {100 * row['val_accuracy']:.1f} %" if "val_accuracy" in row else ""
        self._p(f"Epoch {epoch + 1}: val loss: {row['val_loss']:.3f}{acc}")

    def close(self) -> Path:
        self._p("Finished Training")
        self.fh.close()
        return self.path


class _Sentiment(_Writer):
    """The pytorch-sentiment-analysis tutorial's print: 'Epoch: 01 | Epoch Time: 0m 5s', '\\tTrain Loss: 0.693 |
    Train Acc: 50.12%', '\\t Val. Loss: 0.692 |  Val. Acc: 51.30%'."""

    def __init__(self, out: Path, fam: Family5, data: Data5) -> None:
        super().__init__(out, fam, data)
        self._text()
        self.logged.update(atol=6e-4, rtol=0.0)

    def epoch(self, row: dict[str, float], epoch: int, gstep: int) -> None:
        super().epoch(row, epoch, gstep)
        secs = time.perf_counter() - self.t_epoch
        self.t_epoch = time.perf_counter()
        self._p(f"Epoch: {epoch + 1:02} | Epoch Time: {int(secs / 60)}m {int(secs % 60)}s")
        self._p(f"\tTrain Loss: {row['loss']:.3f} | Train Acc: {row['accuracy'] * 100:.2f}%")
        self._p(f"\t Val. Loss: {row['val_loss']:.3f} |  Val. Acc: {row['val_accuracy'] * 100:.2f}%")

    def close(self) -> Path:
        self.fh.close()
        return self.path


# ---- the PyTorch loop -------------------------------------------------------------------------------------------------

def _evaluate(fam: Family5, data: Data5, model: Any, x: Any, y: Any, eval_mode: bool = True) -> tuple[float, float | None]:
    """Mean loss and accuracy over (x, y), in eval mode unless the family forgot model.eval()."""
    import torch

    was = model.training
    model.train(not eval_mode)
    loss, n, right, count = 0.0, 0, 0.0, 0
    with torch.no_grad():
        for i in range(0, len(x), 256):
            xb, yb = x[i:i + 256], y[i:i + 256]
            out = model(xb)
            loss += float(torch_loss(fam, data, out, yb, train=False)) * len(xb)
            n += len(xb)
            h = hits(data, out, yb)
            if h is not None:
                right += h[0]
                count += h[1]
    model.train(was)
    return loss / n, (right / count if count else None)


def _pretrain(fam: Family5, model: Any, seed: int) -> list[dict[str, Any]]:
    """Fine-tuning: masked-token pre-training of the encoder (unlogged, 3000 sequences), then the parameter groups with
    layer-wise LR decay (the head at fam.lr, each layer below x layer_decay)."""
    import torch

    from models_v5 import MLM

    pre = MLM(fam.width, False)
    xt = torch.from_numpy(mtok_pretrain(fam, seed))
    opt = torch.optim.Adam(pre.parameters(), lr=2e-3)
    rng = np.random.default_rng(seed + 99)
    for _ in range(fam.pretrain):
        for idx in torch.randperm(len(xt)).split(32):
            inp, tgt = mask_tokens(xt[idx].numpy(), rng)
            out = pre(torch.from_numpy(inp))
            loss = torch.nn.functional.cross_entropy(out.reshape(-1, out.shape[-1]), torch.from_numpy(tgt).reshape(-1),
                                                     ignore_index=-100)
            opt.zero_grad()
            loss.backward()
            opt.step()
    state = {k: v for k, v in pre.state_dict().items()}
    model.load_state_dict(state, strict=False)
    return [{"params": ps, "lr": fam.lr * fam.layer_decay ** d} for d, ps in enumerate(model.depth_groups())]


def _reinit(model: Any, seed: int) -> None:
    """The resume bug: the model's weights are fresh (never loaded), the parameter objects the optimizer holds stay."""
    import torch

    torch.manual_seed(seed + 1000)
    with torch.no_grad():
        for m in model.modules():
            if hasattr(m, "reset_parameters") and m is not model:
                m.reset_parameters()
        for _name, p in model.named_parameters(recurse=False):
            p.normal_(0, 0.5)


def _loop(fam: Family5, data: Data5, seed: int, out: Path, writer_cls: type[_Writer]) -> tuple[Path, History, Logged]:
    import torch

    torch.manual_seed(seed)
    model = torch_model(fam, data)
    groups = _pretrain(fam, model, seed) if fam.pretrain else None
    opt = torch_optimizer(fam, groups if groups is not None else model.parameters())
    n_batches = math.ceil(len(data.x_train) / fam.batch)
    factor = lr_factor(fam, max(n_batches // fam.accum, 1))
    sched = torch.optim.lr_scheduler.LambdaLR(opt, factor) if factor else None
    xt, yt, xv, yv = (torch.from_numpy(np.ascontiguousarray(a)) for a in (data.x_train, data.y_train, data.x_val,
                                                                           data.y_val))
    gen = torch.Generator().manual_seed(seed)
    rng = np.random.default_rng(seed + 17)
    vocab_perm = torch.from_numpy(np.random.default_rng(seed + 3).permutation(ORDER_VOCAB))
    writer = writer_cls(out, fam, data)
    writer.start(n_batches)
    acc = _has_acc(data)
    hist: History = {"loss": [], "val_loss": [], "learning_rate": []}
    if acc:
        hist.update({"accuracy": [], "val_accuracy": []})
    gstep = opt_steps = 0
    for epoch in range(fam.epochs):
        if fam.resume_epoch and epoch == fam.resume_epoch:
            _reinit(model, seed)
        ex, ey = xt, yt
        if fam.pseudo_from and epoch >= fam.pseudo_from and data.x_pool is not None:
            pool = torch.from_numpy(data.x_pool)
            model.eval()
            with torch.no_grad():
                prob = torch.softmax(model(pool), 1)
            model.train()
            conf, lab = prob.max(1)
            keep = conf >= fam.pseudo_threshold
            ex, ey = torch.cat([xt, pool[keep]]), torch.cat([yt, lab[keep]])
        n_batches = math.ceil(len(ex) / fam.batch)
        writer.per_epoch = n_batches  # pseudo-labels change the epoch's length; the log's header is written once
        if fam.balanced:
            counts = torch.bincount(ey, minlength=data.n_classes).float()
            order = torch.multinomial((1 / counts)[ey], len(ey), replacement=True, generator=gen)
        else:
            order = torch.randperm(len(ex), generator=gen)
        lr = opt.param_groups[0]["lr"]
        tot, n_seen, right, count = 0.0, 0, 0.0, 0
        stop = False
        model.train()
        for i in range(n_batches):
            idx = order[i * fam.batch:(i + 1) * fam.batch]
            xb, yb = ex[idx], ey[idx]
            if epoch in fam.shard_vocab_epochs and i % 2 == 0:  # the fault: a shard tokenised with another vocabulary
                xb = vocab_perm[xb]
            if fam.input_noise:
                xb = xb + fam.input_noise * torch.randn(xb.shape, generator=gen)
            if data.task == "mlm":
                inp, tgt = mask_tokens(xb.numpy(), rng)
                xb, yb = torch.from_numpy(inp), torch.from_numpy(tgt)
            outb = model(xb)
            loss = torch_loss(fam, data, outb, yb, train=True)
            (loss / fam.accum).backward()
            if (i + 1) % fam.accum == 0:  # with accum_never_steps the counter (i) restarts each epoch: never true
                opt.step()
                opt.zero_grad()
                opt_steps += 1
                if sched is not None:
                    sched.step()
            gstep += 1
            lv = float(loss.detach())
            parts: dict[str, float] = {}
            if data.task == "boxes":
                with torch.no_grad():
                    parts = {"loss_cls": float(torch.nn.functional.cross_entropy(outb[:, :3], yb[:, 0].long())),
                             "loss_box_reg": float(torch.nn.functional.smooth_l1_loss(outb[:, 3:], yb[:, 1:]))}
                    h = hits(data, outb, yb)
                    parts["cls_accuracy"] = h[0] / h[1] if h else 0.0
            writer.step(lv, gstep, epoch, i, opt.param_groups[0]["lr"], parts)
            tot += lv * len(xb)
            n_seen += len(xb)
            h = hits(data, outb.detach(), yb)
            if h is not None:
                right += h[0]
                count += h[1]
            if fam.max_steps and opt_steps >= fam.max_steps:  # the debug config's max_iter
                stop = True
                break
        vloss, vacc = _evaluate(fam, data, model, xv, yv, eval_mode=not fam.eval_without_eval_mode)
        tl, tacc = tot / n_seen, (right / count if count else None)
        if writer_cls is _Ignite:  # Ignite's example evaluates the training set in eval mode after the epoch
            tl, tacc = _evaluate(fam, data, model, xt, yt)
        row = {"loss": tl, "val_loss": vloss, "learning_rate": lr}
        if acc:
            row.update(accuracy=float(tacc), val_accuracy=float(vacc))  # type: ignore[arg-type]
        for k, v in row.items():
            hist[k].append(float(v))
        writer.epoch(row, epoch, gstep)
        if stop:
            break
    return writer.close(), hist, writer.logged


# ---- Lightning Trainer with its CSVLogger (train_loss on step and on epoch) ----------------------------------------------

def _lightning(fam: Family5, data: Data5, seed: int, out: Path) -> tuple[Path, History, Logged]:
    import lightning as L
    import torch
    from lightning.pytorch.loggers import CSVLogger

    L.seed_everything(seed, verbose=False)
    acc = _has_acc(data)
    hist: History = {"loss": [], "val_loss": [], "learning_rate": []}
    if acc:
        hist.update({"accuracy": [], "val_accuracy": []})
    n_batches = math.ceil(len(data.x_train) / fam.batch)

    class Module(L.LightningModule):
        def __init__(self) -> None:
            super().__init__()
            self.net = torch_model(fam, data)

        def training_step(self, batch: Any, i: int) -> torch.Tensor:
            x, y = batch
            out_b = self.net(x)
            loss = torch_loss(fam, data, out_b, y, train=True)
            self.log("train_loss", loss, on_step=True, on_epoch=True, prog_bar=True)
            h = hits(data, out_b, y)
            if h is not None:
                self.log("train_acc", h[0] / h[1], on_step=False, on_epoch=True)
            return loss

        def validation_step(self, batch: Any, _i: int) -> None:
            x, y = batch
            out_b = self.net(x)
            self.log("val_loss", torch_loss(fam, data, out_b, y, train=False), prog_bar=True)
            h = hits(data, out_b, y)
            if h is not None:
                self.log("val_acc", h[0] / h[1], prog_bar=True)

        def on_train_epoch_end(self) -> None:
            m = self.trainer.callback_metrics
            hist["loss"].append(float(m["train_loss_epoch"]))
            hist["val_loss"].append(float(m["val_loss"]))
            if acc:
                hist["accuracy"].append(float(m["train_acc"]))
                hist["val_accuracy"].append(float(m["val_acc"]))
            hist["learning_rate"].append(self.optimizers().param_groups[0]["lr"])

        def configure_optimizers(self) -> Any:
            opt = torch_optimizer(fam, [p for p in self.parameters() if p.requires_grad])
            factor = lr_factor(fam, n_batches)
            if factor is None:
                return opt
            sched = torch.optim.lr_scheduler.LambdaLR(opt, factor)
            return {"optimizer": opt, "lr_scheduler": {"scheduler": sched, "interval": "step"}}

    def loader(x: np.ndarray, y: np.ndarray, shuffle: bool) -> torch.utils.data.DataLoader:
        ds = torch.utils.data.TensorDataset(torch.from_numpy(x), torch.from_numpy(y))
        return torch.utils.data.DataLoader(ds, batch_size=fam.batch if shuffle else 256, shuffle=shuffle)

    out.mkdir(parents=True, exist_ok=True)
    logger = CSVLogger(str(out), name="lightning_logs", version=0)
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        trainer = L.Trainer(max_epochs=fam.epochs, logger=logger, accelerator="cpu", devices=1,
                            log_every_n_steps=fam.log_every, enable_checkpointing=False, enable_progress_bar=False,
                            enable_model_summary=False, num_sanity_val_steps=0)
        trainer.fit(Module(), loader(data.x_train, data.y_train, True), loader(data.x_val, data.y_val, False))
    path = out / "lightning_logs" / "version_0" / "metrics.csv"
    return path, hist, {"train": hist["loss"], "val": hist["val_loss"], "atol": 1e-6, "rtol": 1e-5}


# ---- Keras: a two-output model and its CSVLogger -----------------------------------------------------------------------

def _keras(fam: Family5, data: Data5, seed: int, out: Path) -> tuple[Path, History, Logged]:
    os.environ.setdefault("KERAS_BACKEND", "torch")
    import keras

    keras.utils.set_random_seed(seed)
    inp = keras.Input((data.x_train.shape[1],))
    h = keras.layers.Dense(fam.width, activation="relu")(inp)
    h = keras.layers.Dense(fam.width, activation="relu")(h)
    cls = keras.layers.Dense(4, activation="softmax", name="cls")(h)
    reg = keras.layers.Dense(1, name="reg")(h)
    model = keras.Model(inp, {"cls": cls, "reg": reg})
    model.compile(optimizer=keras.optimizers.Adam(fam.lr),
                  loss={"cls": "sparse_categorical_crossentropy", "reg": "mse"}, metrics={"cls": ["accuracy"]})
    out.mkdir(parents=True, exist_ok=True)
    path = out / "training.log"
    y_tr = {"cls": data.y_train[:, 0].astype(np.int64), "reg": data.y_train[:, 1:2]}
    y_va = {"cls": data.y_val[:, 0].astype(np.int64), "reg": data.y_val[:, 1:2]}
    with contextlib.redirect_stdout(io.StringIO()):
        res = model.fit(data.x_train, y_tr, validation_data=(data.x_val, y_va), epochs=fam.epochs,
                        batch_size=fam.batch, verbose=0, callbacks=[keras.callbacks.CSVLogger(str(path))])
    h_ = {k: [float(v) for v in vs] for k, vs in res.history.items()}
    acc_key = next(k for k in h_ if k.endswith("accuracy") and not k.startswith("val_"))
    hist = {"loss": h_["loss"], "val_loss": h_["val_loss"], "accuracy": h_[acc_key],
            "val_accuracy": h_["val_" + acc_key], "learning_rate": [fam.lr] * len(h_["loss"])}
    return path, hist, {"train": hist["loss"], "val": hist["val_loss"], "atol": 1e-6, "rtol": 1e-5}


_LOOP_WRITERS: dict[str, type[_Writer]] = {
    "tbx": _TBX, "mlflow_steps": _MLflowSteps, "d2_json": _D2Json, "ignite_print": _Ignite,
    "fairseq_print": _Fairseq, "megatron_print": _Megatron, "mmengine_log": _MMEngine, "timm_csv": _TimmCsv,
    "cifar_print": _CifarPrint, "sentiment_print": _Sentiment}


def run(fam: Family5, seed: int, out: Path) -> tuple[Path, History, int]:
    """Train `fam` for `seed` with its framework, writing the native log under `out` and, next to it (in the run's
    directory), logged.json: the loss series as the log holds them, for the read-whole check."""
    import torch

    torch.set_num_threads(1)
    data = load_data(fam, seed)
    if fam.trainer == "lightning_csv_steps":
        log, hist, logged = _lightning(fam, data, seed, out)
    elif fam.trainer == "keras_multi_csv":
        log, hist, logged = _keras(fam, data, seed, out)
    else:
        log, hist, logged = _loop(fam, data, seed, out, _LOOP_WRITERS[fam.trainer])
    (out.parent / "logged.json").write_text(json.dumps(logged))
    return log, hist, data.n_classes
