"""Train one twentieth-generation family run with a real PyTorch loop and log it through a real writer or print style.

``run`` leaves the native log under ``out`` and returns ``(log_path, history, n_classes)``; next to ``out`` it writes
``logged.json``: the train and val loss series exactly as the log holds them, for the read-whole check. ``history``
is Keras-History-shaped, one entry per evaluation period (an epoch, or ``eval_every`` steps): ``loss``, ``val_loss``,
``accuracy``/``val_accuracy`` where the task has one, ``learning_rate``.

The loop's setups none of v1-v19 used: **Goyal et al.'s gradual warm-up with multi-step decay** (the LR rising
linearly over the first `warmup` epochs from 1/(`warmup` + 1) of the peak, then x0.1 at 60 % and again at 85 % of the
epochs), **the k-decay cosine** (Zhang & Li 2020: lr 0.5 (1 + cos(pi (t/T)^k)), k 2: the LR stays high longer),
**date dropout** (acquisitions zeroed per parcel, training only), **reflectance noise**, a second training phase with
its own optimiser. Writers: the eleventh generation's twenty-one (trainers_v11.WRITERS, reused by import) with models
no generation used.
"""
from __future__ import annotations

import bisect
import contextlib
import io
import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from data_v20 import Data20, load_data
from families_v20 import Family20
from models_v20 import aux_loss, hits, task_loss, torch_model, torch_optimizer
from trainers_v11 import WRITERS

History = dict[str, list[float]]
Logged = dict[str, Any]


def lr_factor(fam: Family20, s: int, total: int, per_epoch: int) -> float:
    """The per-step LambdaLR factor at step s of `total` (`per_epoch` steps an epoch)."""
    p = min(s, total) / max(total, 1)
    if fam.schedule == "warmup_multistep":
        ep = s / max(per_epoch, 1)
        if ep < fam.warmup:  # linear warm-up, per step, from 1/(warmup + 1) of the peak
            return (ep + 1) / (fam.warmup + 1)
        k = bisect.bisect_right([0.6, 0.85], p)
        if fam.min_lr_after_warmup:  # the fault: the else branch returns cfg.min_lr (meant cfg.lr) x gamma^k
            return fam.min_lr_after_warmup / fam.lr * 0.1 ** k
        return 0.1 ** k
    if fam.schedule == "kdecay":  # the k-decay cosine to 0
        return 0.5 * (1 + math.cos(math.pi * p ** fam.k))
    return 1.0


def _evaluate(fam: Family20, data: Data20, model: Any, x: Any, y: Any) -> tuple[float, float | None]:
    """Validation loss and accuracy (the main head's loss only)."""
    import torch

    model.eval()
    loss, n, right, count = 0.0, 0, 0.0, 0
    with torch.no_grad():
        for idx in torch.arange(len(x)).split(fam.batch):
            lv, out = task_loss(fam, data, model, x[idx], y[idx])
            loss += float(lv) * len(idx)
            n += len(idx)
            h = hits(data, out, y[idx])
            if h is not None:
                right += h[0]
                count += h[1]
    model.train()
    return loss / n, (right / count if count else None)


def _augment(fam: Family20, xb: Any, gen: Any) -> Any:
    import torch

    if fam.date_dropout:  # whole acquisitions dropped (zeroed) per parcel
        keep = torch.rand(len(xb), 1, xb.shape[-1], generator=gen) >= fam.date_dropout
        xb = xb * keep
    if fam.band_noise:
        xb = xb + fam.band_noise * torch.randn(xb.shape, generator=gen)
    return xb


def _step_loss(fam: Family20, data: Data20, model: Any, xb: Any, yb: Any) -> tuple[Any, Any]:
    """The training step's loss as logged (with the auxiliary head's term where there is one)."""
    import torch

    if fam.no_grad_step:  # the fault: eval_step's decorator kept, backward's error silenced
        with torch.no_grad():
            loss, out = task_loss(fam, data, model, xb, yb)
        return loss.requires_grad_(), out
    loss, out = task_loss(fam, data, model, xb, yb)
    if fam.aux_weight:  # deep supervision: its loss inside the logged training loss
        loss = loss + fam.aux_weight * aux_loss(fam, model, yb)
    return loss, out


def _loop(fam: Family20, data: Data20, seed: int, out: Path) -> tuple[Path, History, Logged]:
    import torch

    torch.manual_seed(seed)
    xt, yt, xv, yv = (torch.from_numpy(np.ascontiguousarray(a)) for a in
                      (data.x_train, data.y_train, data.x_val, data.y_val))
    clouded = None if data.x_train_clouded is None else torch.from_numpy(data.x_train_clouded)
    model = torch_model(fam, data)
    opt = torch_optimizer(fam, model.parameters())
    per_epoch = math.ceil(len(xt) / fam.batch)
    epochs = fam.run_epochs  # the debug profile's where its merge won (the fault)
    total = (fam.phase2_at or epochs) * per_epoch

    def schedule(o: Any) -> Any:
        if fam.schedule == "none":
            return None
        return torch.optim.lr_scheduler.LambdaLR(o, lambda s: lr_factor(fam, s, total, per_epoch))

    sched = schedule(opt)
    gen = torch.Generator().manual_seed(seed)
    writer = WRITERS[fam.trainer](out, fam, data, per_epoch)
    hist: History = {"loss": [], "val_loss": [], "learning_rate": []}
    if data.n_classes > 1:
        hist.update({"accuracy": [], "val_accuracy": []})
    best, bad, gstep, period = math.inf, 0, 0, 0
    tot, seen, right, count = 0.0, 0, 0.0, 0
    lr = opt.param_groups[0]["lr"]

    def close_period(ep: int) -> tuple[float, float | None]:
        nonlocal tot, seen, right, count, lr
        vloss, vacc = _evaluate(fam, data, model, xv, yv)
        row = {"loss": tot / seen, "val_loss": vloss, "learning_rate": lr}
        if data.n_classes > 1:
            row.update(accuracy=right / max(count, 1), val_accuracy=float(vacc))  # type: ignore[arg-type]
        for k, v in row.items():
            hist[k].append(float(v))
        writer.period({k: float(v) for k, v in row.items()}, ep, gstep)
        tot, seen, right, count = 0.0, 0, 0.0, 0
        lr = opt.param_groups[0]["lr"]
        return vloss, vacc

    for ep in range(epochs):
        if fam.phase2_at and ep == fam.phase2_at:
            # the fault: phase 2's fresh optimiser built with the peak LR's key, no schedule
            opt, sched = torch_optimizer(fam, model.parameters(), lr=fam.phase2_lr), None
        if not fam.eval_every:
            lr = opt.param_groups[0]["lr"]
        model.train()
        xs = clouded if clouded is not None and ep % fam.cloud_every == 0 and ep > 0 else xt  # `%`, meant `//`
        order = torch.randperm(len(xt), generator=gen)
        for idx in order.split(fam.batch):
            xb, yb = _augment(fam, xs[idx], gen), yt[idx]
            loss, outb = _step_loss(fam, data, model, xb, yb)
            opt.zero_grad()
            loss.backward()
            if fam.clip:
                torch.nn.utils.clip_grad_norm_(model.parameters(), fam.clip)
            opt.step()
            if sched is not None:
                sched.step()
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
        if fam.eval_every:
            continue
        vloss, _ = close_period(ep)
        if fam.early_stop:
            if vloss < best:
                best, bad = vloss, 0
            else:
                bad += 1
                if bad >= fam.early_stop:
                    break
    return writer.close(), hist, writer.logged


def run(fam: Family20, seed: int, out: Path) -> tuple[Path, History, int]:
    """Train `fam` for `seed`, writing the native log under `out` and logged.json next to it."""
    import torch

    torch.set_num_threads(1)
    data = load_data(fam, seed)
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        log, hist, logged = _loop(fam, data, seed, out)
    (out.parent / "logged.json").write_text(json.dumps(logged))
    return log, hist, data.n_classes
