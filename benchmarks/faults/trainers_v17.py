"""Train one seventeenth-generation family run with a real PyTorch loop and log it through a real writer or print style.

``run`` leaves the native log under ``out`` and returns ``(log_path, history, n_classes)``; next to ``out`` it writes
``logged.json``: the train and val loss series exactly as the log holds them, for the read-whole check. ``history``
is Keras-History-shaped, one entry per evaluation period (an epoch, or ``eval_every`` steps): ``loss`` (the mean of
the period's batch losses), ``val_loss``, ``accuracy``/``val_accuracy`` where the task has one, ``learning_rate``.

The loop's setups none of v1-v16 used: the **knee schedule** (Iyer et al. 2020: an explore phase at the full LR, then
a linear decay to 0), **cosine-squared annealing**, a step budget (`max_steps`), a resume from a checkpoint,
training-only jitter and random circular time shifts. Writers: the eleventh generation's twenty-one
(trainers_v11.WRITERS, reused by import) with models no generation used. Validation runs in batches of `val_batch`
(the training batch size unless set).
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

from data_v17 import Data17, load_data
from families_v17 import Family17
from models_v17 import hits, task_loss, torch_model, torch_optimizer
from trainers_v11 import WRITERS

History = dict[str, list[float]]
Logged = dict[str, Any]


def lr_factor(fam: Family17, s: int, total: int, per_epoch: int) -> float:
    """The per-step LambdaLR factor at step s of `total`."""
    if fam.schedule == "knee":  # explore at the full LR, then linear to 0 over the remaining steps
        knee = int(fam.explore * total)
        span = fam.epochs - int(fam.explore * fam.epochs) if fam.knee_decay_in_epochs else total - knee
        return 1.0 if s < knee else max(0.0, 1 - (s - knee) / max(span, 1))  # the fault: the span in epochs
    if fam.schedule == "cos2":  # cosine-squared annealing
        return max(0.5 * (1 + math.cos(math.pi * min(s, total) / total)), 0.0) ** 2 + 0.001
    return 1.0


def _evaluate(fam: Family17, data: Data17, model: Any, x: Any, y: Any) -> tuple[float, float | None]:
    """Validation loss and accuracy over all rows."""
    import torch

    if not fam.eval_mode_forgotten:  # the fault: the validation loop without model.eval(): BatchNorm on batch stats
        model.eval()
    loss, n, right, count = 0.0, 0, 0.0, 0
    with torch.no_grad():
        for idx in torch.arange(len(x)).split(fam.val_batch or fam.batch):
            lv, out = task_loss(fam, data, model, x[idx], y[idx])
            loss += float(lv) * len(idx)
            n += len(idx)
            h = hits(data, out, y[idx])
            if h is not None:
                right += h[0]
                count += h[1]
    model.train()
    return loss / n, (right / count if count else None)


def _augment(xb: Any, fam: Family17, gen: Any) -> Any:
    """Training-only jitter (Gaussian, `jitter` x the standardised scale) and a random circular time shift."""
    import torch

    if fam.jitter:
        xb = xb + fam.jitter * torch.randn(xb.shape, generator=gen)
    if fam.time_shift:
        k = int(torch.randint(-fam.time_shift, fam.time_shift + 1, (1,), generator=gen))
        xb = torch.roll(xb, k, -1)
    return xb


def _loop(fam: Family17, data: Data17, seed: int, out: Path) -> tuple[Path, History, Logged]:
    import torch

    torch.manual_seed(seed)
    xt, yt, xv, yv = (torch.from_numpy(np.ascontiguousarray(a)) for a in
                      (data.x_train, data.y_train, data.x_val, data.y_val))
    unrev = None if data.y_train_unreviewed is None else torch.from_numpy(data.y_train_unreviewed)
    model = torch_model(fam, data)
    opt = torch_optimizer(fam, model, len(xt))
    per_epoch = math.ceil(len(xt) / fam.batch)
    total = fam.epochs * per_epoch
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: lr_factor(fam, s, total, per_epoch)) \
        if fam.schedule in ("knee", "cos2") else None
    gen = torch.Generator().manual_seed(seed)
    writer = WRITERS[fam.trainer](out, fam, data, per_epoch)
    hist: History = {"loss": [], "val_loss": [], "learning_rate": []}
    if data.n_classes > 1:
        hist.update({"accuracy": [], "val_accuracy": []})
    best, best_state, bad, gstep, period = math.inf, None, 0, 0, 0
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

    for ep in range(fam.epochs):
        if fam.resume_at and ep == fam.resume_at:
            # the fault: the checkpoint saved from DataParallel ('module.'-prefixed keys) loaded with strict=False:
            # nothing matches, the freshly built model keeps its new initial weights
            fresh = torch_model(fam, data)
            fresh.load_state_dict({f"module.{k}": v for k, v in model.state_dict().items()}, strict=False)
            model.load_state_dict(fresh.state_dict())
        if not fam.eval_every:
            lr = opt.param_groups[0]["lr"]
        model.train()
        order = torch.randperm(len(xt), generator=gen)
        if fam.shuffle_parity and ep % 2:  # the fault: no shuffle on odd epochs: the archive's stored order,
            order = torch.argsort(torch.as_tensor(data.y_train), stable=True)  # exported fault type by fault type
        for idx in order.split(fam.batch):
            xb, yb = _augment(xt[idx], fam, gen), yt[idx]
            if unrev is not None and ep in fam.unreviewed_epochs:  # the fault: the unreviewed month's default 0s
                yb = yb.clone()
                yb[1::2] = unrev[idx][1::2]
            loss, outb = task_loss(fam, data, model, xb, yb)
            opt.zero_grad()
            if fam.step_before_backward:  # the fault: `optimizer.step()` above `loss.backward()`
                opt.step()
                loss.backward()
            else:
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
            if fam.max_steps and gstep >= fam.max_steps:
                break
        if fam.eval_every:
            continue
        vloss, _ = close_period(ep)
        if fam.max_steps and gstep >= fam.max_steps:
            break  # the fault: a step budget computed from the archive's size before the import
        if fam.early_stop:
            if vloss < best:
                best, bad = vloss, 0
                best_state = copy.deepcopy(model.state_dict()) if fam.restore_best else None
            else:
                bad += 1
                if bad >= fam.early_stop:
                    break
    if best_state is not None:  # best-checkpoint restore: what is kept, not what is logged
        model.load_state_dict(best_state)
    return writer.close(), hist, writer.logged


def run(fam: Family17, seed: int, out: Path) -> tuple[Path, History, int]:
    """Train `fam` for `seed`, writing the native log under `out` and logged.json next to it."""
    import torch

    torch.set_num_threads(1)
    data = load_data(fam, seed)
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        log, hist, logged = _loop(fam, data, seed, out)
    (out.parent / "logged.json").write_text(json.dumps(logged))
    return log, hist, data.n_classes
