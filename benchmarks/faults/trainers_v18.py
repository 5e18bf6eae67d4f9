"""Train one eighteenth-generation family run with a real PyTorch loop and log it through a real writer or print style.

``run`` leaves the native log under ``out`` and returns ``(log_path, history, n_classes)``; next to ``out`` it writes
``logged.json``: the train and val loss series exactly as the log holds them, for the read-whole check. ``history``
is Keras-History-shaped, one entry per evaluation period (an epoch, or ``eval_every`` steps): ``loss``, ``val_loss``,
``accuracy``/``val_accuracy`` where the task has one, ``learning_rate``.

The loop's setups none of v1-v17 used: the **slanted triangular schedule** (Howard & Ruder 2018: a linear rise over
the first `cut_frac` of the steps, then a linear fall to 1/ratio), a **logistic (sigmoid) decay** (lr x 1 /
(1 + exp(k (t / T - 1/2)))), early stopping with an absolute `min_delta`, gradual unfreezing. Writers: the eleventh
generation's twenty-one (trainers_v11.WRITERS, reused by import) with models no generation used.
"""
from __future__ import annotations

import contextlib
import io
import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from data_v18 import Data18, load_data
from families_v18 import Family18
from models_v18 import hits, init_weights, task_loss, torch_model, torch_optimizer
from trainers_v11 import WRITERS

History = dict[str, list[float]]
Logged = dict[str, Any]


def lr_factor(fam: Family18, s: int, total: int) -> float:
    """The per-step LambdaLR factor at step s of `total`."""
    if fam.schedule == "stlr":  # slanted triangular: rise over cut_frac of the steps, fall to 1/32
        cut = max(int(0.1 * total), 1)
        p = s / cut if s < cut else 1 - (s - cut) / max(total - cut, 1)
        return (1 + max(p, 0.0) * 31) / 32
    if fam.schedule == "sigmoid":  # logistic decay centred on the run's middle
        return 1.0 / (1.0 + math.exp(10.0 * (min(s, total) / total - 0.5)))
    return 1.0


def _evaluate(fam: Family18, data: Data18, model: Any, x: Any, y: Any, gen: Any) -> tuple[float, float | None]:
    """Validation loss and accuracy."""
    import torch

    model.eval()
    if fam.val_subsample:  # the fault: `random.sample(val, 16)` re-drawn every epoch, for speed
        pick = torch.randperm(len(x), generator=gen)[:fam.val_subsample]
        x, y = x[pick], y[pick]
    loss, n, right, count = 0.0, 0, 0.0, 0
    with torch.no_grad():
        for idx in torch.arange(len(x)).split(fam.batch):
            lv, out = task_loss(fam, data, model, x[idx], y[idx])
            # the fault: the batch mean divided by the batch size again before the sum over the set's rows
            loss += float(lv) * (1 if fam.val_double_mean else len(idx))
            n += len(idx)
            h = hits(data, out, y[idx])
            if h is not None:
                right += h[0]
                count += h[1]
    model.train()
    return loss / n, (right / count if count else None)


def _loop(fam: Family18, data: Data18, seed: int, out: Path) -> tuple[Path, History, Logged]:
    import torch

    torch.manual_seed(seed)
    xt, yt, xv, yv = (torch.from_numpy(np.ascontiguousarray(a)) for a in
                      (data.x_train, data.y_train, data.x_val, data.y_val))
    raw = None if data.x_train_raw is None else torch.from_numpy(data.x_train_raw)
    inv = None if data.x_train_inverted is None else torch.from_numpy(data.x_train_inverted)
    model = torch_model(fam, data)
    opt = torch_optimizer(fam, model.parameters())
    if fam.model_built_twice:  # the fault: `model = build_model(cfg)` again after the summary; opt holds the first
        model = torch_model(fam, data)
    per_epoch = math.ceil(len(xt) / fam.batch)
    total = fam.epochs * per_epoch
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: lr_factor(fam, s, total)) \
        if fam.schedule in ("stlr", "sigmoid") else None
    gen = torch.Generator().manual_seed(seed)
    vgen = torch.Generator().manual_seed(seed + 99)
    writer = WRITERS[fam.trainer](out, fam, data, per_epoch)
    hist: History = {"loss": [], "val_loss": [], "learning_rate": []}
    if data.n_classes > 1:
        hist.update({"accuracy": [], "val_accuracy": []})
    best, bad, gstep, period = math.inf, 0, 0, 0
    tot, seen, right, count = 0.0, 0, 0.0, 0
    lr = opt.param_groups[0]["lr"]

    def close_period(ep: int) -> tuple[float, float | None]:
        nonlocal tot, seen, right, count, lr
        vloss, vacc = _evaluate(fam, data, model, xv, yv, vgen)
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
        if fam.resume_at and ep == fam.resume_at:
            # the fault: the resume path loads the checkpoint, then `model.apply(weights_init)` runs after it
            model.load_state_dict(model.state_dict())
            init_weights(model)
        if fam.freeze_from:  # gradual unfreezing with its condition inverted: everything frozen from this epoch
            for p in model.parameters():
                p.requires_grad_(ep < fam.freeze_from)
        if not fam.eval_every:
            lr = opt.param_groups[0]["lr"]
        model.train()
        xs = xt
        if raw is not None and ep in fam.raw_epochs:  # the fault: the cache rebuilt from raw counts, unfiltered
            xs = raw
        if inv is not None and ep % 2 == 1:  # the fault: odd epochs read the second device's (inverted) files
            xs = inv
        order = torch.randperm(len(xt), generator=gen)
        for idx in order.split(fam.batch):
            xb, yb = xs[idx], yt[idx]
            if fam.jitter:
                xb = xb + fam.jitter * torch.randn(xb.shape, generator=gen)
            loss, outb = task_loss(fam, data, model, xb, yb)
            if fam.sum_reduction:  # the fault: reduction="sum" with the LR tuned for the mean
                loss = loss * len(idx)
            opt.zero_grad()
            if loss.requires_grad:
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
        if fam.early_stop:  # Keras-style: an improvement counts only when larger than min_delta
            if vloss < best - fam.min_delta:
                best, bad = vloss, 0
            else:
                bad += 1
                if bad >= fam.early_stop:
                    break
    return writer.close(), hist, writer.logged


def run(fam: Family18, seed: int, out: Path) -> tuple[Path, History, int]:
    """Train `fam` for `seed`, writing the native log under `out` and logged.json next to it."""
    import torch

    torch.set_num_threads(1)
    data = load_data(fam, seed)
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        log, hist, logged = _loop(fam, data, seed, out)
    (out.parent / "logged.json").write_text(json.dumps(logged))
    return log, hist, data.n_classes
