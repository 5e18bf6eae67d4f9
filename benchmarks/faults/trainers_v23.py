"""Train one twenty-third-generation family run with a real PyTorch loop and log it through a real writer or print
style.

``run`` leaves the native log under ``out`` and returns ``(log_path, history, n_classes)``; next to ``out`` it writes
``logged.json``: the train and val loss series exactly as the log holds them, for the read-whole check. ``history``
is Keras-History-shaped, one entry per evaluation period (an epoch, or ``eval_every`` steps): ``loss``, ``val_loss``,
``accuracy``/``val_accuracy`` where the task has one, ``learning_rate``.

The loop's setups none of v1-v22 used: **IBM's Power scheduler** (Shen et al. 2024: a linear warm-up of one epoch,
then min(1, (t / warm-up)^-b), b = 0.51, and an exponential decay to 1 % over the last `decay_frac` of the run),
**DeepSpeed's WarmupDecayLR with `warmup_type='log'`** (the LR rises as log(t + 1) / log(warm-up + 1) over one epoch,
then falls linearly to 0 at the last step), **jet-axis rotation** (each jet's (delta eta, delta phi) turned by a
random angle, training only), **a pile-up overlay** (the softest slots of each training jet replaced by particles from
a pile-up pool), **hard-example mining epochs** and gradient accumulation.
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

from data_v23 import Data23, load_data
from families_v23 import Family23
from models_v23 import hits, task_loss, torch_model, torch_optimizer
from trainers_v11 import WRITERS

History = dict[str, list[float]]
Logged = dict[str, Any]


def lr_factors(fam: Family23, total: int, per_epoch: int) -> np.ndarray:
    """The per-step LambdaLR factors of a run of `total` steps (`per_epoch` an epoch)."""
    s = np.arange(total + 1, dtype=float)
    if fam.schedule == "power":
        warm = max(per_epoch, 1)
        f = np.where(s < warm, (s + 1) / warm, np.minimum(1.0, (np.maximum(s, 1) / warm) ** -fam.power_b))
        span = fam.decay_frac * total
        # the fault where decay_slip: `start = cfg.decay_frac * total` (meant `(1 - cfg.decay_frac) * total`)
        start = span if fam.decay_slip else total - span
        return f * np.where(s > start, 0.01 ** ((s - start) / max(span, 1)), 1.0)
    if fam.schedule == "ds_log_warmup":
        # the fault where ds_in_epochs: warmup_num_steps and total_num_steps given in epochs
        warm = 1 if fam.ds_in_epochs else per_epoch
        end = fam.epochs if fam.ds_in_epochs else total
        up = np.log(s + 1) / np.log(warm + 1)
        down = np.maximum(0.0, (end - s) / max(end - warm, 1))
        return np.where(s < warm, up, down)
    return np.ones(len(s))


def _evaluate(fam: Family23, data: Data23, model: Any, x: Any, m: Any, y: Any, yl: Any,
              gen: Any) -> tuple[float, float | None]:
    """Validation loss (the same criterion as training) and accuracy; over one random batch of 16 where the fault
    `val_one_batch` is set."""
    import torch

    model.eval()
    idx_all = torch.arange(len(x))
    if fam.val_one_batch:  # the fault: `next(iter(val_loader))` with shuffle=True, batch 16
        idx_all = torch.randperm(len(x), generator=gen)[:16]
    loss, n, right, count = 0.0, 0, 0.0, 0
    with torch.no_grad():
        for idx in idx_all.split(fam.batch):
            lv, out = task_loss(fam, data, model, x[idx], m[idx], y[idx], None if yl is None else yl[idx])
            loss += float(lv) * len(idx)
            n += len(idx)
            h = hits(data, out, y[idx])
            if h is not None:
                right += h[0]
                count += h[1]
    model.train()
    return loss / n, (right / count if count else None)


def _augment(fam: Family23, data: Data23, xb: Any, mb: Any, gen: Any) -> tuple[Any, Any]:
    """Training-only augmentation: the jet turned about its axis; the softest slots (0 to `pu_overlay` of them, drawn
    per jet) replaced by pile-up particles."""
    import torch

    if fam.rotate:
        ang = torch.rand(len(xb), generator=gen) * 2 * math.pi
        c, s = torch.cos(ang)[:, None], torch.sin(ang)[:, None]
        xb = xb.clone()
        de, dp = xb[..., 2].clone(), xb[..., 3].clone()
        xb[..., 2], xb[..., 3] = (c * de - s * dp) * mb, (s * de + c * dp) * mb
    if fam.pu_overlay and data.pu_pool is not None:  # the fault where pu_overlay is large: the PU-200 pool
        pool = torch.from_numpy(data.pu_pool)
        n, slots, f = xb.shape
        count = torch.randint(0, fam.pu_overlay + 1, (n, 1), generator=gen)  # the bunch crossing's pile-up varies
        hit = torch.arange(slots)[None, :] >= slots - count                   # the softest `count` slots
        pu = torch.zeros(n, slots, f)
        pu[..., :pool.shape[1]] = pool[torch.randint(0, len(pool), (n, slots), generator=gen)]
        xb, mb = torch.where(hit[..., None], pu, xb), mb | hit
    return xb, mb


def _hard_subset(fam: Family23, data: Data23, model: Any, x: Any, m: Any, y: Any) -> Any:
    """The training jets of the mining epoch: those whose loss is in the top `hard_share` (the fault: trained on
    alone, meant up-weighted in the full epoch)."""
    import torch

    model.eval()
    with torch.no_grad():
        per = torch.cat([task_loss(fam, data, model, x[i], m[i], y[i], reduce=False)[0]
                         for i in torch.arange(len(x)).split(256)])
    model.train()
    keep = max(int(fam.hard_share * len(x)), fam.batch)
    return per.argsort(descending=True)[:keep]


def _loop(fam: Family23, data: Data23, seed: int, out: Path) -> tuple[Path, History, Logged]:
    import torch

    torch.manual_seed(seed)
    t = lambda a: None if a is None else torch.from_numpy(np.ascontiguousarray(a))  # noqa: E731
    xt, yt, mt, xv, yv, mv = (t(a) for a in (data.x_train, data.y_train, data.m_train, data.x_val, data.y_val,
                                             data.m_val))
    ylt, ylv = t(data.yl_train), t(data.yl_val)
    model = torch_model(fam, data)
    opt = torch_optimizer(fam, model.parameters())
    micro = fam.batch // max(fam.accum, 1)
    per_epoch = math.ceil(len(xt) / fam.batch)
    epochs = fam.run_epochs
    total = fam.epochs * per_epoch  # the schedule is built for the planned run
    factors = lr_factors(fam, total, per_epoch)
    sched = None if fam.schedule == "none" else torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: float(factors[min(s, total)]))
    gen = torch.Generator().manual_seed(seed)
    vgen = torch.Generator().manual_seed(seed + 1)
    writer = WRITERS[fam.trainer](out, fam, data, per_epoch)
    hist: History = {"loss": [], "val_loss": [], "learning_rate": []}
    if data.n_classes > 1:
        hist.update({"accuracy": [], "val_accuracy": []})
    gstep, period = 0, 0
    tot, seen, right, count = 0.0, 0, 0.0, 0
    lr = opt.param_groups[0]["lr"]

    def close_period(ep: int) -> None:
        nonlocal tot, seen, right, count, lr
        vloss, vacc = _evaluate(fam, data, model, xv, mv, yv, ylv, vgen)
        row = {"loss": tot / seen, "val_loss": vloss, "learning_rate": lr}
        if data.n_classes > 1:
            row.update(accuracy=right / max(count, 1), val_accuracy=float(vacc))  # type: ignore[arg-type]
        for k, v in row.items():
            hist[k].append(float(v))
        writer.period({k: float(v) for k, v in row.items()}, ep, gstep)
        tot, seen, right, count = 0.0, 0, 0.0, 0
        lr = opt.param_groups[0]["lr"]

    for ep in range(epochs):
        if fam.stage2_at and ep == fam.stage2_at:  # the second stage's jets appended to the training set
            xt = torch.cat([xt, torch.from_numpy(data.x_extra)])
            mt = torch.cat([mt, torch.from_numpy(data.m_extra)])
            yt = torch.cat([yt, torch.from_numpy(data.y_extra)])
        if not fam.eval_every:
            lr = opt.param_groups[0]["lr"]
        model.train()
        order = torch.randperm(len(xt), generator=gen)
        if fam.hard_mining and ep % 4 == 3:  # the mining epoch: only the hardest jets (the fault)
            hard = _hard_subset(fam, data, model, xt, mt, yt)
            order = hard[torch.randperm(len(hard), generator=gen)]
        for idx in order.split(fam.batch):
            opt.zero_grad()
            step_loss, step_n = 0.0, 0
            for sub in idx.split(micro):  # gradient accumulation where accum > 1
                xb, mb = _augment(fam, data, xt[sub], mt[sub], gen)
                yb = yt[sub]
                loss, outb = task_loss(fam, data, model, xb, mb, yb, None if ylt is None else ylt[sub])
                (loss * len(sub) / len(idx)).backward()
                step_loss += float(loss.detach()) * len(sub) / len(idx)
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


def run(fam: Family23, seed: int, out: Path) -> tuple[Path, History, int]:
    """Train `fam` for `seed`, writing the native log under `out` and logged.json next to it."""
    import torch

    torch.set_num_threads(1)
    data = load_data(fam, seed)
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        log, hist, logged = _loop(fam, data, seed, out)
    (out.parent / "logged.json").write_text(json.dumps(logged))
    return log, hist, data.n_classes
