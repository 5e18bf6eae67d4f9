"""Train one nineteenth-generation family run with a real PyTorch loop and log it through a real writer or print style.

``run`` leaves the native log under ``out`` and returns ``(log_path, history, n_classes)``; next to ``out`` it writes
``logged.json``: the train and val loss series exactly as the log holds them, for the read-whole check. ``history``
is Keras-History-shaped, one entry per evaluation period (an epoch, or ``eval_every`` steps): ``loss``, ``val_loss``,
``accuracy``/``val_accuracy`` where the task has one, ``learning_rate``.

The loop's setups none of v1-v18 used: **fairseq's tri-stage schedule** (wav2vec 2.0: a linear warm-up from 1/100 over
the first 10 % of the steps, a hold at the peak for 40 %, an exponential decay to 1/20 over the last 50 %), **fastai's
flat-cos** (`fit_flat_cos`: the peak for 75 % of the steps, then a cosine to 0), **reverse-complement augmentation**
(half of each batch read from the other strand), **base masking** (positions set to N, training only). Writers: the
eleventh generation's twenty-one (trainers_v11.WRITERS, reused by import) with models no generation used.
"""
from __future__ import annotations

import contextlib
import io
import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from data_v19 import Data19, load_data
from families_v19 import Family19
from models_v19 import hits, task_loss, torch_model, torch_optimizer
from trainers_v11 import WRITERS

History = dict[str, list[float]]
Logged = dict[str, Any]


def lr_factor(fam: Family19, s: int, total: int) -> float:
    """The per-step LambdaLR factor at step s of `total`."""
    p = min(s, total) / max(total, 1)
    if fam.schedule == "tristage":  # warm-up 10 % from 1/100, hold 40 %, exponential decay 50 % to 1/20
        if p < 0.1:
            return 0.01 + 0.99 * p / 0.1
        if p < 0.5:
            return 1.0
        return math.exp(math.log(0.05) * (p - 0.5) / 0.5)
    if fam.schedule == "flatcos":  # flat for 75 %, then a cosine to 0
        if p < 0.75:
            return 1.0
        return 0.5 * (1 + math.cos(math.pi * (p - 0.75) / 0.25))
    return 1.0


def _evaluate(fam: Family19, data: Data19, model: Any, x: Any, y: Any, c: Any) -> tuple[float, float | None]:
    """Validation loss and accuracy."""
    import torch

    model.eval()
    loss, n, right, count = 0.0, 0, 0.0, 0
    with torch.no_grad():
        for idx in torch.arange(len(x)).split(fam.batch):
            lv, out = task_loss(fam, data, model, x[idx], y[idx], None if c is None else c[idx])
            if fam.val_nll_on_probs:  # the fault: `F.nll_loss(predict_proba(x), y)`: probabilities, not logs
                lv = torch.nn.functional.nll_loss(torch.softmax(out, 1), y[idx])
            loss += float(lv) * len(idx)
            n += len(idx)
            h = hits(data, out, y[idx])
            if h is not None:
                right += h[0]
                count += h[1]
    model.train()
    return loss / n, (right / count if count else None)


def _augment(fam: Family19, xb: Any, gen: Any) -> Any:
    import torch

    if fam.rc_augment:  # half of the batch read from the other strand: complement the bases, reverse the window
        flip = torch.rand(len(xb), generator=gen) < 0.5
        xb = torch.where(flip[:, None, None], xb.flip(1, 2), xb)
    if fam.base_mask:  # positions set to N (no base)
        keep = torch.rand(len(xb), 1, xb.shape[-1], generator=gen) >= fam.base_mask
        xb = xb * keep
    return xb


def _loop(fam: Family19, data: Data19, seed: int, out: Path) -> tuple[Path, History, Logged]:
    import torch

    torch.manual_seed(seed)
    xt, yt, xv, yv = (torch.from_numpy(np.ascontiguousarray(a)) for a in
                      (data.x_train, data.y_train, data.x_val, data.y_val))
    comp = None if data.x_train_complement is None else torch.from_numpy(data.x_train_complement)
    ct, cv = (None if a is None else torch.from_numpy(a) for a in (data.c_train, data.c_val))
    model = torch_model(fam, data)
    opt = torch_optimizer(fam, model.parameters())
    per_epoch = math.ceil(len(xt) / fam.batch)
    epochs = fam.epochs // fam.grad_accum if fam.epochs_div_accum else fam.epochs  # the fault where set
    total = epochs * per_epoch
    offset = [0]  # the step the schedule counts from (a resume without its state restarts it)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: lr_factor(fam, s - offset[0], total)) \
        if fam.schedule in ("tristage", "flatcos") else None
    epoch_sched = torch.optim.lr_scheduler.ExponentialLR(opt, fam.gamma) if fam.schedule == "exponential" else None
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
        vloss, vacc = _evaluate(fam, data, model, xv, yv, cv)
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
        if fam.resume_at and ep == fam.resume_at:
            # the fault: model and optimiser restored, the scheduler rebuilt without its state: it starts at step 0
            offset[0] = gstep
            if sched is not None:
                sched.step()
        if not fam.eval_every:
            lr = opt.param_groups[0]["lr"]
        model.train()
        xs = comp if comp is not None and ep in fam.complement_epochs else xt  # the fault: a complemented epoch
        order = torch.randperm(len(xt), generator=gen)
        opt.zero_grad()
        for i, idx in enumerate(order.split(fam.batch)):
            xb, yb = _augment(fam, xs[idx], gen), yt[idx]
            loss, outb = task_loss(fam, data, model, xb, yb, None if ct is None else ct[idx])
            if fam.l1_sum:  # the fault: a coefficient tuned for the mean |w| applied to the sum
                loss = loss + fam.l1_sum * sum(p.abs().sum() for p in model.parameters())
            if fam.clip_before_backward:  # the fault: clipping before there is any gradient to clip
                torch.nn.utils.clip_grad_norm_(model.parameters(), fam.clip)
            (loss / fam.grad_accum).backward()
            if fam.clip and not fam.clip_before_backward:
                torch.nn.utils.clip_grad_norm_(model.parameters(), fam.clip)
            if (i + 1) % fam.grad_accum == 0:
                opt.step()
                opt.zero_grad()
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
        if epoch_sched is not None:
            epoch_sched.step()
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


def run(fam: Family19, seed: int, out: Path) -> tuple[Path, History, int]:
    """Train `fam` for `seed`, writing the native log under `out` and logged.json next to it."""
    import torch

    torch.set_num_threads(1)
    data = load_data(fam, seed)
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        log, hist, logged = _loop(fam, data, seed, out)
    (out.parent / "logged.json").write_text(json.dumps(logged))
    return log, hist, data.n_classes
