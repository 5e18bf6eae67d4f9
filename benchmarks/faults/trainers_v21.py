"""Train one twenty-first-generation family run with a real PyTorch loop and log it through a real writer or print
style.

``run`` leaves the native log under ``out`` and returns ``(log_path, history, n_classes)``; next to ``out`` it writes
``logged.json``: the train and val loss series exactly as the log holds them, for the read-whole check. ``history``
is Keras-History-shaped, one entry per evaluation period (an epoch, or ``eval_every`` steps): ``loss``, ``val_loss``,
``accuracy``/``val_accuracy`` where the task has one, ``learning_rate``.

The loop's setups none of v1-v20 used: **the infinite schedule** (Ibrahim et al. 2024: a linear warm-up, a cosine
cool-down to a constant LR (30 % of the peak), the constant, then an exponential anneal to 2 % of the constant over
the last 20 % of the steps), **the reciprocal-square-root schedule with a linear cooldown** (Zhai et al. 2022: a
linear warm-up, then lr sqrt(warmup / step), multiplied by a linear ramp to 0 over the last 20 % of the steps), a
random gain (log-uniform, +-0.3 in log10 amplitude) and frame dropout (whole 1 s frames zeroed) as training-only
augmentations, and gradient accumulation.
Writers: the eleventh generation's twenty-one (trainers_v11.WRITERS, reused by import) with models no generation used.
"""
from __future__ import annotations

import contextlib
import io
import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from data_v21 import Data21, load_data
from families_v21 import Family21
from models_v21 import hits, task_loss, torch_model, torch_optimizer
from trainers_v11 import WRITERS

History = dict[str, list[float]]
Logged = dict[str, Any]
AUG_CYCLE = ("none", "noise", "shift", "gain")  # the round-robin augmentation list (the spikes fault)


def lr_factor(fam: Family21, s: int, total: int, per_epoch: int) -> float:
    """The per-step LambdaLR factor at step s of `total` (`per_epoch` steps an epoch)."""
    warm = max(fam.warmup * per_epoch, 1)
    s = min(s, total)
    if fam.schedule == "infinite":
        const = fam.const_lr / fam.lr if fam.const_lr else fam.const_ratio  # the fault: an absolute LR pasted
        cool_end, anneal_from = warm + int(0.25 * total), int(0.8 * total)
        if s < warm:
            return (s + 1) / warm
        if s < cool_end:
            return const + (1 - const) * 0.5 * (1 + math.cos(math.pi * (s - warm) / max(cool_end - warm, 1)))
        if s < anneal_from:
            return const
        return const * 0.02 ** ((s - anneal_from) / max(total - anneal_from, 1))
    if fam.schedule == "rsqrt_cooldown":
        f = (s + 1) / warm if s < warm else math.sqrt(warm / s)
        cool_from = int(0.8 * total)
        if s >= cool_from:
            f *= 1 - (s - cool_from) / max(total - cool_from, 1)
        return f
    return 1.0


def _evaluate(fam: Family21, data: Data21, model: Any, x: Any, y: Any, soft: Any) -> tuple[float, float | None]:
    """Validation loss (the same criterion as training) and accuracy."""
    import torch

    model.eval()
    loss, n, right, count = 0.0, 0, 0.0, 0
    with torch.no_grad():
        for idx in torch.arange(len(x)).split(fam.batch):
            lv, out = task_loss(fam, data, model, x[idx], y[idx], None if soft is None else soft[idx])
            loss += float(lv) * len(idx)
            n += len(idx)
            h = hits(data, out, y[idx])
            if h is not None:
                right += h[0]
                count += h[1]
    model.train()
    return loss / n, (right / count if count else None)


def _augment(fam: Family21, data: Data21, xb: Any, ep: int, gen: Any) -> Any:
    """Training-only augmentation: frame dropout, a random gain, or the round-robin list's entry of this epoch."""
    import torch

    scale = torch.from_numpy(data.log_scale)[None, :, None]
    if fam.frame_dropout:  # whole frames zeroed per window (every channel), training only
        xb = xb * (torch.rand(len(xb), 1, xb.shape[-1], generator=gen) >= fam.frame_dropout)
    if fam.gain_aug:  # healthy: a log-uniform gain of +-0.3 in log10 amplitude: 2 g / std on each energy channel
        g = (torch.rand(len(xb), 1, 1, generator=gen) * 2 - 1) * 0.3
        xb = xb.clone()
        xb[:, :scale.shape[1]] += 2 * g / scale
    if fam.gain_db and AUG_CYCLE[ep % len(AUG_CYCLE)] == "gain":
        # the fault: the gain in dB applied as 10 ** db (meant 10 ** (db / 20)): amplitude x 10 ** gain_db
        xb = xb.clone()
        xb[:, :scale.shape[1]] += 2 * fam.gain_db / scale
    return xb


def _loop(fam: Family21, data: Data21, seed: int, out: Path) -> tuple[Path, History, Logged]:
    import torch

    torch.manual_seed(seed)
    xt, yt, xv, yv = (torch.from_numpy(np.ascontiguousarray(a)) for a in
                      (data.x_train, data.y_train, data.x_val, data.y_val))
    soft_t = None if data.soft_train is None else torch.from_numpy(data.soft_train)
    soft_v = None if data.soft_val is None else torch.from_numpy(data.soft_val)
    weights = torch.from_numpy(10 ** data.mag_train) if fam.mag_weights else None  # the fault: 10 ** M weights
    model = torch_model(fam, data)
    opt = torch_optimizer(fam, model.parameters())
    micro = fam.batch // max(fam.accum, 1)
    per_epoch = math.ceil(len(xt) / fam.batch)
    epochs = fam.run_epochs
    total = epochs * per_epoch
    sched = None if fam.schedule == "none" else torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: lr_factor(fam, s, total, per_epoch))
    gen = torch.Generator().manual_seed(seed)
    writer = WRITERS[fam.trainer](out, fam, data, per_epoch)
    hist: History = {"loss": [], "val_loss": [], "learning_rate": []}
    if data.n_classes > 1:
        hist.update({"accuracy": [], "val_accuracy": []})
    gstep, period = 0, 0
    tot, seen, right, count = 0.0, 0, 0.0, 0
    lr = opt.param_groups[0]["lr"]

    def close_period(ep: int) -> None:
        nonlocal tot, seen, right, count, lr
        vloss, vacc = _evaluate(fam, data, model, xv, yv, soft_v)
        row = {"loss": tot / seen, "val_loss": vloss, "learning_rate": lr}
        if data.n_classes > 1:
            row.update(accuracy=right / max(count, 1), val_accuracy=float(vacc))  # type: ignore[arg-type]
        for k, v in row.items():
            hist[k].append(float(v))
        writer.period({k: float(v) for k, v in row.items()}, ep, gstep)
        tot, seen, right, count = 0.0, 0, 0.0, 0
        lr = opt.param_groups[0]["lr"]

    for ep in range(epochs):
        if fam.auto_append_at and ep == fam.auto_append_at:  # the automatic catalogue appended to the training set
            xt = torch.cat([xt, torch.from_numpy(data.x_extra)])
            yt = torch.cat([yt, torch.from_numpy(data.y_extra)])
        if not fam.eval_every:
            lr = opt.param_groups[0]["lr"]
        model.train()
        order = torch.randperm(len(xt), generator=gen)
        for idx in order.split(fam.batch):
            opt.zero_grad()
            step_loss, step_n = 0.0, 0
            for sub in idx.split(micro):  # gradient accumulation where accum > 1
                xb, yb = _augment(fam, data, xt[sub], ep, gen), yt[sub]
                loss, outb = task_loss(fam, data, model, xb, yb, None if soft_t is None else soft_t[sub],
                                       None if weights is None else weights[sub])
                (loss * len(sub) / len(idx)).backward()
                lv = float(loss.detach())
                # the fault where accum_logged_sum: the undivided micro-batch losses summed into the logged step
                step_loss += lv if fam.accum_logged_sum else lv * len(sub) / len(idx)
                step_n += len(sub)
                h = hits(data, None if outb is None else outb.detach(), yb)
                if h is not None:
                    right += h[0]
                    count += h[1]
            if fam.clip:
                torch.nn.utils.clip_grad_norm_(model.parameters(), fam.clip)
            opt.step()
            if sched is not None:
                sched.step()
            gstep += 1
            writer.step(step_loss, gstep, gstep / per_epoch, opt.param_groups[0]["lr"])
            tot += step_loss * step_n
            seen += step_n
            if fam.eval_every and gstep % fam.eval_every == 0:
                close_period(period)
                period += 1
        if not fam.eval_every:
            close_period(ep)
    return writer.close(), hist, writer.logged


def run(fam: Family21, seed: int, out: Path) -> tuple[Path, History, int]:
    """Train `fam` for `seed`, writing the native log under `out` and logged.json next to it."""
    import torch

    torch.set_num_threads(1)
    data = load_data(fam, seed)
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        log, hist, logged = _loop(fam, data, seed, out)
    (out.parent / "logged.json").write_text(json.dumps(logged))
    return log, hist, data.n_classes
