"""Train one twenty-second-generation family run with a real PyTorch loop and log it through a real writer or print
style.

``run`` leaves the native log under ``out`` and returns ``(log_path, history, n_classes)``; next to ``out`` it writes
``logged.json``: the train and val loss series exactly as the log holds them, for the read-whole check. ``history``
is Keras-History-shaped, one entry per evaluation period (an epoch, or ``eval_every`` steps): ``loss``, ``val_loss``,
``accuracy``/``val_accuracy`` where the task has one, ``learning_rate``.

The loop's setups none of v1-v21 used: **TensorFlow's noisy linear cosine decay** (Bello et al. 2017:
((alpha + linear + noise) cos-term + beta), the noise's variance initial_variance / (1 + step)^0.55, num_periods 0.5,
beta 0.001; here initial_variance 0.01), **TensorFlow's cycling polynomial decay** (``PolynomialDecay(cycle=True)``:
linear decay to 1 % over a third of the run, then the decay span doubled, tripled, ... so the LR jumps back to 1/2,
1/3 of the peak), **phase jitter** (the global view rolled by up to +-2 bins) and **flux jitter** (Gaussian noise on
the stretched bins) as training-only augmentations, and gradient accumulation.
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

from data_v22 import GLOBAL_BINS, Data22, load_data
from families_v22 import Family22
from models_v22 import hits, task_loss, torch_model, torch_optimizer
from trainers_v11 import WRITERS

History = dict[str, list[float]]
Logged = dict[str, Any]


def lr_factors(fam: Family22, total: int, per_epoch: int, seed: int, val_per_epoch: int = 0) -> np.ndarray:
    """The per-step LambdaLR factors of a run of `total` steps (`per_epoch` an epoch)."""
    s = np.arange(total + 1, dtype=float)
    if fam.schedule == "noisy_lincos":
        # the fault where decay_from_val: decay_steps = epochs * len(val_loader) (meant the train loader)
        decay = max(fam.epochs * (val_per_epoch if fam.decay_from_val else per_epoch), 1)
        g = np.minimum(s, decay)
        var = fam.initial_variance / (1 + g) ** 0.55
        noisy = (decay - g) / decay + np.random.default_rng(9000 + seed).normal(0, 1, len(s)) * np.sqrt(var)
        cos = 0.5 * (1 + np.cos(np.pi * 2 * 0.5 * g / decay))
        return noisy * cos + 0.001
    if fam.schedule == "poly_cycle":
        d = max(math.ceil(total / 3), 1)
        span = d * np.maximum(np.ceil(s / d), 1)
        return 0.99 * (1 - s / span) + 0.01
    return np.ones(len(s))


def _evaluate(fam: Family22, data: Data22, model: Any, x: Any, y: Any, soft: Any) -> tuple[float, float | None]:
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


def _augment(fam: Family22, xb: Any, gen: Any) -> Any:
    """Training-only augmentation: the global view rolled by a few bins, Gaussian flux jitter."""
    import torch

    if fam.phase_jitter:
        shift = int(torch.randint(-fam.phase_jitter, fam.phase_jitter + 1, (1,), generator=gen))
        xb = torch.cat([torch.roll(xb[..., :GLOBAL_BINS], shift, -1), xb[..., GLOBAL_BINS:]], -1)
    if fam.flux_jitter:  # the fault where jitter_slip: the ppm converted with 1e-5 (meant 1e-6): 10x the noise
        sigma = fam.flux_jitter * (10 if fam.jitter_slip else 1)
        xb = xb.clone()
        xb[:, :1] += sigma * torch.randn(xb[:, :1].shape, generator=gen)
    return xb


def _loop(fam: Family22, data: Data22, seed: int, out: Path) -> tuple[Path, History, Logged]:
    import torch

    torch.manual_seed(seed)
    xt, yt, xv, yv = (torch.from_numpy(np.ascontiguousarray(a)) for a in
                      (data.x_train, data.y_train, data.x_val, data.y_val))
    x_raw = None if data.x_raw is None else torch.from_numpy(data.x_raw)
    soft_t = None if data.soft_train is None else torch.from_numpy(data.soft_train)
    soft_v = None if data.soft_val is None else torch.from_numpy(data.soft_val)
    model = torch_model(fam, data)
    opt = torch_optimizer(fam, model.parameters())
    micro = fam.batch // max(fam.accum, 1)
    per_epoch = math.ceil(len(xt) / fam.batch)
    epochs = fam.run_epochs
    total = fam.epochs * per_epoch  # the schedule is built for the planned run
    factors = lr_factors(fam, total, per_epoch, seed, math.ceil(len(xv) / fam.batch))
    sched = None if fam.schedule == "none" else torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: float(factors[min(s, total)]))
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
        if fam.append_at and ep == fam.append_at:  # the second pipeline's curves appended to the training set
            xt = torch.cat([xt, torch.from_numpy(data.x_extra)])
            yt = torch.cat([yt, torch.from_numpy(data.y_extra)])
        # the fault where raw_sector: the sector files cycled one an epoch, the last one's flux never normalised
        xs = x_raw if x_raw is not None and ep % 4 == 3 else xt
        if not fam.eval_every:
            lr = opt.param_groups[0]["lr"]
        model.train()
        order = torch.randperm(len(xt), generator=gen)
        for idx in order.split(fam.batch):
            opt.zero_grad()
            step_loss, step_n = 0.0, 0
            for sub in idx.split(micro):  # gradient accumulation where accum > 1
                xb, yb = _augment(fam, xs[sub], gen), yt[sub]
                loss, outb = task_loss(fam, data, model, xb, yb, None if soft_t is None else soft_t[sub])
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


def run(fam: Family22, seed: int, out: Path) -> tuple[Path, History, int]:
    """Train `fam` for `seed`, writing the native log under `out` and logged.json next to it."""
    import torch

    torch.set_num_threads(1)
    data = load_data(fam, seed)
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        log, hist, logged = _loop(fam, data, seed, out)
    (out.parent / "logged.json").write_text(json.dumps(logged))
    return log, hist, data.n_classes
