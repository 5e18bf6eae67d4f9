"""Train one twelfth-generation family run with a real PyTorch loop and log it through a real writer or print style.

``run`` leaves the native log under ``out`` and returns ``(log_path, history, n_classes)``; next to ``out`` it writes
``logged.json``: the train and val loss series exactly as the log holds them, for the read-whole check. ``history``
is Keras-History-shaped, one entry per evaluation period (an epoch, or ``eval_every`` steps): ``loss`` (mean of the
period's batch losses), ``val_loss``, ``accuracy``/``val_accuracy`` where the task has one, ``learning_rate``.

Writers: the eleventh generation's twenty-one (trainers_v11.WRITERS, reused by import) in combinations v11 did not
use. Validation runs in batches of the training batch size, as a validation DataLoader with the same batch does.
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

from data_v12 import Data12, load_data
from families_v12 import Family12
from models_v12 import hits, task_loss, torch_model, torch_optimizer
from trainers_v11 import WRITERS

History = dict[str, list[float]]
Logged = dict[str, Any]
CLOSED = (0, 3, 4)  # circle, figure eight, square: closed strokes; zigzag and spiral are open


def _evaluate(fam: Family12, data: Data12, model: Any, x: Any, y: Any) -> tuple[float, float | None]:
    import torch

    model.eval()
    loss, n, right, count = 0.0, 0, 0.0, 0
    with torch.no_grad():
        for i in range(0, len(x), fam.batch):
            xs, ys = x[i:i + fam.batch], y[i:i + fam.batch]
            lv, out = task_loss(fam, data, model, xs, ys)
            loss += float(lv) * len(xs)
            n += len(xs)
            h = hits(data, out, ys)
            if h is not None:
                right += h[0]
                count += h[1]
    model.train()
    return loss / n, (right / count if count else None)


def _pretrain(fam: Family12, model: Any, xt: Any, yt: Any, seed: int) -> None:
    """Unlogged pre-training. Healthy: closed vs open strokes with another head, then a fresh 5-gesture head. The
    fault: the 5 gestures with the model's own head, then the head int8-quantised and loaded without its scale."""
    import torch

    torch.manual_seed(seed + 500)
    if fam.head_int8:
        head, target = model.head, yt
    else:
        head = torch.nn.Linear(model.head.weight.shape[1], 2)
        target = sum((yt == c) for c in CLOSED).long()
    params = list({id(p): p for p in list(model.parameters()) + list(head.parameters())}.values())
    opt = torch.optim.Adam(params, lr=2e-3)
    for _ in range(fam.pretrain):
        for idx in torch.randperm(len(xt)).split(64):
            loss = torch.nn.functional.cross_entropy(head(model.features(xt[idx])), target[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
    with torch.no_grad():
        if fam.head_int8:  # the fault: round(w / scale) loaded as the weights, the scale max|w| / 127 dropped
            model.head.weight.copy_(torch.round(model.head.weight / (model.head.weight.abs().max() / 127)))
        else:
            torch.nn.init.normal_(model.head.weight, std=0.1)
            torch.nn.init.zeros_(model.head.bias)


def _schedulers(fam: Family12, opt: Any, total: int, per_epoch: int) -> tuple[Any, Any]:
    """(per-step scheduler or None, per-epoch scheduler or None)."""
    import torch

    sch = torch.optim.lr_scheduler
    if fam.schedule == "rex":  # REX (Chen et al., 2021): (1 - z) / (0.5 + 0.5 (1 - z)), z the run's fraction done
        return sch.LambdaLR(opt, lambda s: (1 - min(s, total) / total) / (0.5 + 0.5 * (1 - min(s, total) / total))
                            if s < total else 0.0), None
    if fam.schedule == "warmup":  # linear warm-up, capped at 1 (the fault: no cap, the LR keeps rising)
        return sch.LambdaLR(opt, lambda s: s / fam.warmup if not fam.warmup_cap else min(1.0, s / fam.warmup)), None
    if fam.schedule == "poly":
        return None, sch.PolynomialLR(opt, total_iters=fam.epochs, power=1.0)
    if fam.schedule == "cyclic_exp":  # 4-epoch cycles from 1e-6 to the LR, the amplitude x gamma every step
        return sch.CyclicLR(opt, base_lr=1e-6, max_lr=fam.lr, step_size_up=2 * per_epoch, mode="exp_range",
                            gamma=fam.cyclic_gamma, cycle_momentum=False), None
    return None, None


def _loop(fam: Family12, data: Data12, seed: int, out: Path) -> tuple[Path, History, Logged]:
    import torch

    torch.manual_seed(seed)
    xt, yt, xv, yv = (torch.from_numpy(np.ascontiguousarray(a)) for a in
                      (data.x_train, data.y_train, data.x_val, data.y_val))
    model = torch_model(fam, data)
    if fam.pretrain:
        _pretrain(fam, model, xt, yt, seed)
    per_epoch = math.ceil(len(xt) / fam.batch)
    total = fam.epochs * per_epoch
    opt = torch_optimizer(fam, model, total)
    step_sched, epoch_sched = _schedulers(fam, opt, total, per_epoch)
    gen = torch.Generator().manual_seed(seed)
    writer = WRITERS[fam.trainer](out, fam, data, per_epoch)
    hist: History = {"loss": [], "val_loss": [], "learning_rate": []}
    if data.n_classes > 1:
        hist.update({"accuracy": [], "val_accuracy": []})
    best, best_state, bad, gstep, period = -math.inf, None, 0, 0, 0
    tot, seen, right, count = 0.0, 0, 0.0, 0
    lr = opt.param_groups[0]["lr"]
    stop = False

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
        if not fam.eval_every:
            lr = opt.param_groups[0]["lr"]
        noise = 0.0
        if fam.label_noise_step and ep >= fam.label_noise_from:  # the fault: the rate grows every epoch
            noise = min(1.0, fam.label_noise_step * (ep - fam.label_noise_from + 1))
        model.train()
        for bi, idx in enumerate(torch.randperm(len(xt), generator=gen).split(fam.batch)):
            xb, yb = xt[idx], yt[idx]
            if ep in fam.reversed_epochs and bi % 2:  # the fault: a shard in descending time order
                xb = xb.flip(1)
                xb = xb / xb[:, :1]
            if noise:
                swap = torch.rand(len(yb), generator=gen) < noise
                yb = torch.where(swap, torch.randint(0, data.n_classes, yb.shape, generator=gen), yb)
            loss, outb = task_loss(fam, data, model, xb, yb, train=True)
            opt.zero_grad()
            if fam.loss_rewrapped:  # the fault: a new leaf tensor, cut from the graph
                torch.tensor(loss.item(), requires_grad=True).backward()
            else:
                loss.backward()
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
        if epoch_sched is not None:
            epoch_sched.step()
        if fam.eval_every:
            continue
        vloss, vacc = close_period(ep)
        if fam.early_stop:
            score = float(vacc) if fam.stop_on == "val_acc" else -vloss  # type: ignore[arg-type]
            if score > best + fam.min_delta:
                best, bad = score, 0
                best_state = copy.deepcopy(model.state_dict()) if fam.restore_best else None
            else:
                bad += 1
                stop = bad >= fam.early_stop
        if stop:
            break
    if best_state is not None:  # best-checkpoint restore: what is kept, not what is logged
        model.load_state_dict(best_state)
    return writer.close(), hist, writer.logged


def run(fam: Family12, seed: int, out: Path) -> tuple[Path, History, int]:
    """Train `fam` for `seed`, writing the native log under `out` and logged.json next to it."""
    import torch

    torch.set_num_threads(1)
    data = load_data(fam, seed)
    with contextlib.redirect_stderr(io.StringIO()):
        log, hist, logged = _loop(fam, data, seed, out)
    (out.parent / "logged.json").write_text(json.dumps(logged))
    return log, hist, data.n_classes
