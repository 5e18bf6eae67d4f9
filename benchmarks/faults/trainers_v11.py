"""Train one eleventh-generation family run with a real PyTorch loop and log it through a real writer or print style.

``run`` leaves the native log under ``out`` and returns ``(log_path, history, n_classes)``; next to ``out`` it writes
``logged.json``: the train and val loss series exactly as the log holds them, for the read-whole check. ``history``
is Keras-History-shaped, one entry per evaluation period (an epoch, or ``eval_every`` steps): ``loss`` (mean of the
period's batch losses), ``val_loss``, ``accuracy``/``val_accuracy`` where the task has one, ``learning_rate``.

Writers: the ninth generation's twenty (trainers_v9.WRITERS, reused by import), plus one more: **a W&B run's history
exported as CSV** (``run.history()`` saved with pandas' ``to_csv``: an index column, ``_step``, ``_runtime``,
``_timestamp`` and the logged keys, an empty cell where a row did not log a key; the batch loss every N steps and the
epoch's train loss, validation loss and accuracy in their own rows, as ``wandb.log`` calls make them).
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

from data_v11 import Data11, load_data
from families_v11 import Family11
from models_v11 import ScheduleFreeAdamW, hits, task_loss, torch_model, torch_optimizer
from trainers_v6 import _Writer
from trainers_v9 import WRITERS as WRITERS_V9

History = dict[str, list[float]]
Logged = dict[str, Any]


class _WandbCSV(_Writer):
    """The run's history as W&B's API returns it (one row per wandb.log call), saved with DataFrame.to_csv."""

    step_level = True

    def __init__(self, *a: Any) -> None:
        super().__init__(*a)
        self.rows: list[dict[str, float]] = []
        self.logged.update(atol=0.0, rtol=1e-12)

    def _row(self, values: dict[str, float]) -> None:
        secs = 0.05 * (len(self.rows) + 1)
        self.rows.append({"_step": len(self.rows), "_runtime": round(secs, 6), "_timestamp": 1_733_500_000 + secs,
                          **values})

    def interval(self, loss: float, gstep: int, epoch: float, lr: float) -> None:
        self._row({"train/loss": loss, "trainer/global_step": gstep, "lr": lr})

    def period(self, row: dict[str, float], epoch: int, gstep: int) -> None:
        super().period(row, epoch, gstep)
        vals = {"epoch": epoch, "train/epoch_loss": row["loss"], "val/loss": row["val_loss"],
                "trainer/global_step": gstep}
        if "val_accuracy" in row:
            vals["val/acc"] = row["val_accuracy"]
        self._row(vals)

    def close(self) -> Path:
        import pandas as pd

        path = self.out / "wandb_export.csv"
        pd.DataFrame(self.rows).to_csv(path)
        return path


WRITERS: dict[str, type[_Writer]] = {**WRITERS_V9, "wandb_csv": _WandbCSV}


# ---- the loop ---------------------------------------------------------------------------------------------------

def _evaluate(fam: Family11, data: Data11, model: Any, x: Any, y: Any) -> tuple[float, float | None]:
    import torch

    model.eval()
    loss, n, right, count = 0.0, 0, 0.0, 0
    with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=fam.bf16):
        for i in range(0, len(x), 500):
            xs, ys = x[i:i + 500], y[i:i + 500]
            lv, out = task_loss(data, model, xs, ys)
            loss += float(lv) * len(xs)
            n += len(xs)
            h = hits(data, out, ys)
            if h is not None:
                right += h[0]
                count += h[1]
    model.train()
    return loss / n, (right / count if count else None)


def _pretrain(fam: Family11, model: Any, xt: Any, yt: Any, seed: int) -> None:
    """Fine-tuning: the Conv1d net pre-trained (unlogged) on regular vs other rhythms with another head; then a fresh
    head for the four rhythms."""
    import torch

    torch.manual_seed(seed + 500)
    head = torch.nn.Linear(model.head.weight.shape[1], 2)
    coarse = (yt != 0).long()
    opt = torch.optim.Adam(list(model.body.parameters()) + list(head.parameters()), lr=2e-3)
    for _ in range(fam.pretrain):
        for idx in torch.randperm(len(xt)).split(64):
            loss = torch.nn.functional.cross_entropy(head(model.features(xt[idx])), coarse[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
    torch.nn.init.normal_(model.head.weight, std=0.1)


def _schedulers(fam: Family11, opt: Any, total: int) -> tuple[Any, Any]:
    """(per-step scheduler or None, ReduceLROnPlateau or None)."""
    import torch

    sch = torch.optim.lr_scheduler
    if fam.schedule == "chained":  # warm-up x0.1 -> x1 and exponential decay to x0.05, both every step
        return sch.ChainedScheduler([sch.LinearLR(opt, start_factor=0.1, total_iters=fam.warmup),
                                     sch.ExponentialLR(opt, gamma=0.05 ** (1 / total))]), None
    if fam.schedule == "linear_ramp":  # a hand-written linear ramp to end_factor (the fault: 100, meant 0.01)
        return sch.LambdaLR(opt, lambda s: 1 + (fam.end_factor - 1) * min(s, total) / total), None
    if fam.schedule == "plateau_val_loss":
        return None, sch.ReduceLROnPlateau(opt, mode="min", factor=0.5, patience=2)
    if fam.schedule == "plateau_val_acc_min":  # the fault: an accuracy watched in mode 'min'
        return None, sch.ReduceLROnPlateau(opt, mode="min", factor=0.1, patience=1)
    return None, None


def _set_dropout(model: Any, p: float) -> None:
    import torch

    for m in model.modules():
        if isinstance(m, torch.nn.Dropout):
            m.p = p


def _loop(fam: Family11, data: Data11, seed: int, out: Path) -> tuple[Path, History, Logged]:
    import torch

    torch.manual_seed(seed)
    xt, yt, xv, yv = (torch.from_numpy(np.ascontiguousarray(a)) for a in
                      (data.x_train, data.y_train, data.x_val, data.y_val))
    model = torch_model(fam, data)
    if fam.pretrain:
        _pretrain(fam, model, xt, yt, seed)
    if fam.freeze_backbone:  # the fault: frozen, never unfrozen
        for name, p in model.named_parameters():
            p.requires_grad_(name.startswith("head."))
    opt = torch_optimizer(fam, [p for p in model.parameters() if p.requires_grad])
    per_epoch = math.ceil(len(xt) / fam.batch)
    total = fam.epochs * per_epoch
    step_sched, plateau = _schedulers(fam, opt, total)
    gen = torch.Generator().manual_seed(seed)
    vgen = np.random.default_rng()  # the fault (val_frac): no seed
    sampler = None
    if fam.weighted_sampler:
        counts = torch.bincount(yt, minlength=data.n_classes).double()
        sampler = torch.utils.data.WeightedRandomSampler((1 / counts)[yt], len(yt), generator=gen)
    writer = WRITERS[fam.trainer](out, fam, data, per_epoch)
    schedule_free = isinstance(opt, ScheduleFreeAdamW)
    hist: History = {"loss": [], "val_loss": [], "learning_rate": []}
    if data.n_classes > 1:
        hist.update({"accuracy": [], "val_accuracy": []})
    best, best_state, bad, gstep, period = math.inf, None, 0, 0, 0
    tot, seen, right, count = 0.0, 0, 0.0, 0
    lr = opt.param_groups[0]["lr"]
    stop = False

    def close_period(ep: int) -> tuple[float, float | None]:
        nonlocal tot, seen, right, count, lr
        if schedule_free:
            opt.eval()  # type: ignore[attr-defined]
        vx, vy = xv, yv
        if fam.val_frac:
            idx = torch.from_numpy(vgen.choice(len(xv), max(1, int(len(xv) * fam.val_frac)), replace=False))
            vx, vy = xv[idx], yv[idx]
        vloss, vacc = _evaluate(fam, data, model, vx, vy)
        if schedule_free:
            opt.train()  # type: ignore[attr-defined]
        row = {"loss": tot / seen, "val_loss": vloss, "learning_rate": lr}
        if data.n_classes > 1:
            row.update(accuracy=right / max(count, 1), val_accuracy=float(vacc))  # type: ignore[arg-type]
        for k, v in row.items():
            hist[k].append(float(v))
        writer.period({k: float(v) for k, v in row.items()}, ep, gstep)
        tot, seen, right, count = 0.0, 0, 0.0, 0
        lr = opt.param_groups[0]["lr"]
        return vloss, vacc

    for ep in range(fam.epochs):
        if fam.dropout_ramp_from and ep >= fam.dropout_ramp_from:  # the fault: the ramp reaches 0.9
            span = max(fam.epochs - 1 - fam.dropout_ramp_from, 1)
            _set_dropout(model, fam.dropout_ramp_to * (ep - fam.dropout_ramp_from + 1) / (span + 1))
        if not fam.eval_every:
            lr = opt.param_groups[0]["lr"]
        model.train()
        order = (torch.tensor(list(sampler)) if sampler is not None else torch.randperm(len(xt), generator=gen))
        for bi, idx in enumerate(order.split(fam.batch)):
            xb, yb = xt[idx], yt[idx]
            if ep in fam.cents_epochs and bi % 2:  # the fault: a shard re-exported in cents
                yb = yb * 100
            if fam.train_jitter:
                xb = xb + fam.train_jitter * torch.randn(xb.shape, generator=gen)
            if fam.time_mask:  # training-only augmentation: a window of time_mask samples zeroed
                start = torch.randint(0, xb.shape[1] - fam.time_mask + 1, (len(xb), 1), generator=gen)
                pos = torch.arange(xb.shape[1])[None, :]
                xb = xb * ~((pos >= start) & (pos < start + fam.time_mask))
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=fam.bf16):
                loss, outb = task_loss(data, model, xb, yb)
            opt.zero_grad()
            loss.backward()
            if fam.clip:
                torch.nn.utils.clip_grad_norm_(model.parameters(), fam.clip)
            if fam.clip_value:
                torch.nn.utils.clip_grad_value_(model.parameters(), fam.clip_value)
            opt.step()
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
                close_period(period)
                period += 1
            if fam.max_steps and gstep >= fam.max_steps:  # the fault: the smoke profile's step budget
                stop = True
                break
        if fam.eval_every:
            if stop:
                break
            continue
        vloss, vacc = close_period(ep)
        if plateau is not None:
            plateau.step(vacc if fam.schedule == "plateau_val_acc_min" else vloss)
        if fam.early_stop:
            if vloss < best:
                best, bad = vloss, 0
                best_state = copy.deepcopy(model.state_dict()) if fam.restore_best else None
            else:
                bad += 1
                stop = stop or bad >= fam.early_stop
        if stop:
            break
    if best_state is not None:  # best-checkpoint restore: what is kept, not what is logged
        model.load_state_dict(best_state)
    return writer.close(), hist, writer.logged


def run(fam: Family11, seed: int, out: Path) -> tuple[Path, History, int]:
    """Train `fam` for `seed`, writing the native log under `out` and logged.json next to it."""
    import torch

    torch.set_num_threads(1)
    data = load_data(fam, seed)
    with contextlib.redirect_stderr(io.StringIO()):
        log, hist, logged = _loop(fam, data, seed, out)
    (out.parent / "logged.json").write_text(json.dumps(logged))
    return log, hist, data.n_classes
