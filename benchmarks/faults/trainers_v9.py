"""Train one ninth-generation family run with a real PyTorch loop and log it through a real writer or print style.

``run`` leaves the native log under ``out`` and returns ``(log_path, history, n_classes)``; next to ``out`` it writes
``logged.json``: the train and val loss series exactly as the log holds them, for the read-whole check. ``history``
is Keras-History-shaped, one entry per evaluation period (an epoch, or ``eval_every`` steps): ``loss`` (mean of the
period's batch losses), ``val_loss``, ``accuracy``/``val_accuracy`` where the task has one, ``learning_rate``.

Writers: the eighth generation's seventeen (trainers_v8.WRITERS, reused by import), plus three more: the table
fastai's Recorder prints (``epoch     train_loss  valid_loss  accuracy  time``, 6 decimals), PyTorch-Ignite's
printed lines (``Epoch[1] Iteration[10/32] Loss: 0.4123`` every N iterations, then ``Training Results - Epoch: 1  Avg
accuracy: 0.8120 Avg loss: 0.4123`` and ``Validation Results - ...``), and the model card HF Trainer writes
(README.md with its 'Training results' table, built by transformers.modelcard's own parse_log_history and
TrainingSummary from the trainer state's log history).
"""
from __future__ import annotations

import contextlib
import copy
import io
import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from data_v9 import Data9, load_data
from families_v9 import Family9
from models_v9 import hits, lr_factor, task_loss, torch_model, torch_optimizer
from trainers_v6 import _HFState, _Writer
from trainers_v8 import WRITERS as WRITERS_V8

History = dict[str, list[float]]
Logged = dict[str, Any]


class _Fastai(_Writer):
    """fastai's Recorder table as it prints: a header, then one row per epoch (epoch from 0, 6 decimals, mm:ss)."""

    def __init__(self, *a: Any) -> None:
        super().__init__(*a)
        self._text("train.log")
        self.logged.update(atol=5.1e-7, rtol=1e-6)
        self.header = False

    def period(self, row: dict[str, float], epoch: int, gstep: int) -> None:
        tr, va = round(row["loss"], 6), round(row["val_loss"], 6)
        self.logged["train"].append(tr)
        self.logged["val"].append(va)
        acc = "val_accuracy" in row
        if not self.header:
            self._p("epoch     train_loss  valid_loss  " + ("accuracy  " if acc else "") + "time    ")
            self.header = True
        secs = int(self._now().timestamp() - self.t_start) if hasattr(self, "t_start") else 0
        self.t_start = self._now().timestamp()
        cells = [f"{epoch:<10}", f"{tr:<12.6f}", f"{va:<12.6f}"] + ([f"{row['val_accuracy']:<10.6f}"] if acc else [])
        self._p("".join(cells) + f"{secs // 60:02d}:{secs % 60:02d}     ")

    def close(self) -> Path:
        self.fh.close()
        return self.path


class _Ignite(_Writer):
    """PyTorch-Ignite's example prints: 'Epoch[1] Iteration[10/32] Loss: 0.4123' every log_every iterations, then
    'Training Results - Epoch: 1  Avg accuracy: 0.8120 Avg loss: 0.4123' and 'Validation Results - ...' (4 decimals)."""

    step_level = True

    def __init__(self, *a: Any) -> None:
        super().__init__(*a)
        self._text("train.log")
        self.logged.update(atol=5.1e-5, rtol=1e-6)

    def interval(self, loss: float, gstep: int, epoch: float, lr: float) -> None:
        it = (gstep - 1) % self.per_epoch + 1
        self._p(f"Epoch[{int(math.ceil(epoch - 1e-9)) or 1}] Iteration[{it}/{self.per_epoch}] Loss: {loss:.4f}")

    def period(self, row: dict[str, float], epoch: int, gstep: int) -> None:
        tr, va = round(row["loss"], 4), round(row["val_loss"], 4)
        self.logged["train"].append(tr)
        self.logged["val"].append(va)
        for split, loss, acc in (("Training", tr, row.get("accuracy")), ("Validation", va, row.get("val_accuracy"))):
            a = f"Avg accuracy: {acc:.4f} " if acc is not None else ""
            self._p(f"{split} Results - Epoch: {epoch + 1}  {a}Avg loss: {loss:.4f}")

    def close(self) -> Path:
        self.fh.close()
        return self.path


class _HFCard(_HFState):
    """The README.md model card HF Trainer writes at push/save time: transformers.modelcard.parse_log_history on the
    trainer state's log history, then TrainingSummary.to_model_card() (its 'Training results' table: the last
    logged training loss before each evaluation, the validation loss and metrics, 4 decimals)."""

    def close(self) -> Path:
        from transformers.modelcard import TrainingSummary, parse_log_history

        self.logs.append(self.summary())
        _, lines, results = parse_log_history(self.logs)
        card = TrainingSummary(model_name=f"{self.fam.model}-{self.fam.data}", eval_results=results,
                               eval_lines=lines, dataset=self.fam.data,
                               hyperparameters={"learning_rate": self.fam.lr, "train_batch_size": self.fam.batch,
                                                "seed": 0, "optimizer": self.fam.optimizer,
                                                "num_epochs": self.fam.epochs}).to_model_card()
        self.logged["train"] = [ln["Training Loss"] for ln in lines]
        self.logged["val"] = [ln["Validation Loss"] for ln in lines]
        path = self.out / "README.md"
        path.write_text(card)
        return path


WRITERS: dict[str, type[_Writer]] = {**WRITERS_V8, "fastai": _Fastai, "ignite": _Ignite, "hf_card": _HFCard}


# ---- the loop ---------------------------------------------------------------------------------------------------

def _evaluate(fam: Family9, data: Data9, model: Any, x: Any, y: Any) -> tuple[float, float | None]:
    import torch

    model.eval()
    loss, n, right, count = 0.0, 0, 0.0, 0
    with torch.no_grad():
        for i in range(0, len(x), 500):
            xs, ys = x[i:i + 500], y[i:i + 500]
            lv, out = task_loss(fam, model, xs, ys)
            loss += float(lv) * len(xs)
            n += len(xs)
            h = hits(data, out, ys)
            if h is not None:
                right += h[0]
                count += h[1]
    model.train()
    return loss / n, (right / count if count else None)


def _pretrain(fam: Family9, model: Any, xt: Any, yt: Any, seed: int) -> None:
    """Fine-tuning: the PointNet pre-trained (unlogged) on round (sphere, cylinder) vs edged (cube, cone) shapes with
    another head; then a fresh head for the 4 shapes."""
    import torch

    torch.manual_seed(seed + 500)
    head = torch.nn.Linear(model.head.in_features, 2)
    coarse = (yt == 1) | (yt == 3)
    opt = torch.optim.Adam(list(model.point.parameters()) + list(model.body.parameters()) + list(head.parameters()),
                           lr=2e-3)
    for _ in range(fam.pretrain):
        for idx in torch.randperm(len(xt)).split(64):
            loss = torch.nn.functional.cross_entropy(head(model.body(model.point(xt[idx]).max(1).values)),
                                                     coarse[idx].long())
            opt.zero_grad()
            loss.backward()
            opt.step()
    model.head.reset_parameters()


def _schedulers(fam: Family9, opt: Any, total: int, per_epoch: int) -> tuple[Any, Any]:
    """(per-step scheduler or None, per-epoch scheduler or None)."""
    import torch

    factor = lr_factor(fam, total)
    if factor:
        return torch.optim.lr_scheduler.LambdaLR(opt, factor), None
    if fam.schedule == "triangular2":
        return torch.optim.lr_scheduler.CyclicLR(opt, base_lr=fam.lr / 100, max_lr=fam.lr, step_size_up=2 * per_epoch,
                                                 mode="triangular2", cycle_momentum=False), None
    if fam.schedule == "multiplicative":
        return None, torch.optim.lr_scheduler.MultiplicativeLR(opt, lambda e: fam.mult)
    return None, None


def _loop(fam: Family9, data: Data9, seed: int, out: Path) -> tuple[Path, History, Logged]:
    import torch

    torch.manual_seed(seed)
    xt, yt, xv, yv = (torch.from_numpy(np.ascontiguousarray(a)) for a in
                      (data.x_train, data.y_train, data.x_val, data.y_val))
    raw = torch.from_numpy(data.y_raw_train) if data.y_raw_train is not None else None
    model = torch_model(fam, data)
    if fam.pretrain:
        _pretrain(fam, model, xt, yt, seed)
    opt = torch_optimizer(fam, model.parameters())
    per_epoch = math.ceil(len(xt) / fam.batch)
    total = fam.epochs * per_epoch
    step_sched, epoch_sched = _schedulers(fam, opt, total, per_epoch)
    gen = torch.Generator().manual_seed(seed)
    mgen = np.random.default_rng(seed + 11)
    writer = WRITERS[fam.trainer](out, fam, data, per_epoch)
    acc = data.n_classes > 1
    hist: History = {"loss": [], "val_loss": [], "learning_rate": []}
    if acc:
        hist.update({"accuracy": [], "val_accuracy": []})
    best, best_state, bad, gstep, micro, period = math.inf, None, 0, 0, 0, 0
    tot, seen, right, count = 0.0, 0, 0.0, 0
    lr = opt.param_groups[0]["lr"]
    stop = False
    for ep in range(fam.epochs):
        if fam.resume_epoch and ep == fam.resume_epoch:  # the fault: resumed without the optimizer state, at the
            opt = torch_optimizer(fam, model.parameters(), lr=fam.resume_lr)  # LR finder's last LR
            step_sched, epoch_sched = None, None
        if not fam.eval_every:
            lr = opt.param_groups[0]["lr"]
        model.train()
        for bi, idx in enumerate(torch.randperm(len(xt), generator=gen).split(fam.batch)):
            xb, yb = xt[idx], yt[idx]
            if ep in fam.raw_price_epochs and bi % 2 and raw is not None:  # the fault: a cache of raw prices
                yb = raw[idx]
            mix = None
            if fam.mixup:
                lam = float(mgen.beta(fam.mixup, fam.mixup))
                perm = torch.randperm(len(xb), generator=gen)
                xb = lam * xb + (1 - lam) * xb[perm]
                mix = (perm, lam)
            loss, outb = task_loss(fam, model, xb, yb, mix)
            (loss / fam.accum if fam.accum > 1 else loss).backward()
            micro += 1
            if micro % fam.accum == 0:  # the fault (accum 100000): never reached
                if fam.clip:
                    torch.nn.utils.clip_grad_norm_(model.parameters(), fam.clip)
                opt.step()
                opt.zero_grad()
                if step_sched is not None:
                    step_sched.step()
            gstep += 1
            lv = float(loss.detach())
            writer.step(lv, gstep, gstep / per_epoch, opt.param_groups[0]["lr"])
            tot += lv * len(xb)
            seen += len(xb)
            h = hits(data, None if outb is None else outb.detach(), yb)
            if h is not None:
                right += h[0]
                count += h[1]
            if fam.eval_every and gstep % fam.eval_every == 0:
                _close_period(fam, data, model, xv, yv, hist, writer, tot / seen, right, count, lr, period, gstep)
                period += 1
                tot, seen, right, count = 0.0, 0, 0.0, 0
                lr = opt.param_groups[0]["lr"]
        if fam.eval_every:
            continue
        vloss = _close_period(fam, data, model, xv, yv, hist, writer, tot / seen, right, count, lr, ep, gstep)
        tot, seen, right, count = 0.0, 0, 0.0, 0
        if epoch_sched is not None:
            epoch_sched.step()
        if fam.early_stop:
            if vloss < best:
                best, bad = vloss, 0
                best_state = copy.deepcopy(model.state_dict()) if fam.restore_best else None
            else:
                bad += 1
                if bad >= fam.early_stop:
                    stop = True
        if stop:
            break
    if best_state is not None:  # best-checkpoint restore: what is kept, not what is logged
        model.load_state_dict(best_state)
    return writer.close(), hist, writer.logged


def _close_period(fam: Family9, data: Data9, model: Any, xv: Any, yv: Any, hist: History, writer: Any,
                  train_loss: float, right: float, count: int, lr: float, period: int, gstep: int) -> float:
    vloss, vacc = _evaluate(fam, data, model, xv, yv)
    row = {"loss": train_loss, "val_loss": vloss, "learning_rate": lr}
    if data.n_classes > 1:
        row.update(accuracy=right / max(count, 1), val_accuracy=float(vacc))  # type: ignore[arg-type]
    for k, v in row.items():
        hist[k].append(float(v))
    writer.period({k: float(v) for k, v in row.items()}, period, gstep)
    return vloss


def run(fam: Family9, seed: int, out: Path) -> tuple[Path, History, int]:
    """Train `fam` for `seed`, writing the native log under `out` and logged.json next to it."""
    import torch

    torch.set_num_threads(1)
    data = load_data(fam, seed)
    with contextlib.redirect_stderr(io.StringIO()):
        log, hist, logged = _loop(fam, data, seed, out)
    (out.parent / "logged.json").write_text(json.dumps(logged))
    return log, hist, data.n_classes
