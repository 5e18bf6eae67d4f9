"""Train one thirteenth-generation family run with a real PyTorch loop and log it through a real writer or print style.

``run`` leaves the native log under ``out`` and returns ``(log_path, history, n_classes)``; next to ``out`` it writes
``logged.json``: the train and val loss series exactly as the log holds them, for the read-whole check. ``history``
is Keras-History-shaped, one entry per evaluation period (an epoch, or ``eval_every`` steps): ``loss`` (the period's
training loss as the loop accounts it: the mean of its batch losses), ``val_loss``, ``accuracy``/``val_accuracy``
where the task has one, ``learning_rate``.

Writers: the eleventh generation's twenty-one (trainers_v11.WRITERS, reused by import) in combinations v12 did not
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

from data_v13 import CHANNELS, Data13, load_data, transmittance
from families_v13 import Family13
from models_v13 import adaptive_clip, hits, task_loss, torch_model, torch_optimizer
from trainers_v11 import WRITERS

History = dict[str, list[float]]
Logged = dict[str, Any]
GROUP_A = (0, 1)  # pre-training target: compounds 0 and 1 (one band family) against the others


def _evaluate(fam: Family13, data: Data13, model: Any, x: Any, y: Any, gen: Any) -> tuple[float, float | None]:
    """Validation loss and accuracy over all rows (the fault `val_last_batch`: the loop overwrites the loss with
    each batch's, so the last batch of a shuffled loader is what is logged)."""
    import torch

    model.eval()
    loss, n, right, count = 0.0, 0, 0.0, 0
    order = torch.randperm(len(x), generator=gen) if fam.val_last_batch else torch.arange(len(x))
    with torch.no_grad():
        for idx in order.split(fam.batch):
            xs, ys = x[idx], y[idx]
            lv, out = task_loss(fam, data, model, xs, ys)
            if fam.val_last_batch:  # the fault: val_loss = criterion(...), not +=
                loss, n = float(lv) * len(xs), len(xs)
            else:
                loss += float(lv) * len(xs)
                n += len(xs)
            h = hits(data, out, ys)
            if h is not None:
                right += h[0]
                count += h[1]
    model.train()
    return loss / n, (right / count if count else None)


def _pretrain(fam: Family13, model: Any, xt: Any, yt: Any, seed: int) -> None:
    """Unlogged pre-training on compounds 0-1 against 2-4 with another head, then a fresh 5-compound head."""
    import torch

    torch.manual_seed(seed + 500)
    head = torch.nn.Linear(model.head.weight.shape[1], 2)
    target = sum((yt == c) for c in GROUP_A).long()
    opt = torch.optim.Adam(list(model.parameters()) + list(head.parameters()), lr=2e-3)
    for _ in range(fam.pretrain):
        for idx in torch.randperm(len(xt)).split(64):
            loss = torch.nn.functional.cross_entropy(head(model.features(xt[idx])), target[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
    with torch.no_grad():
        torch.nn.init.normal_(model.head.weight, std=0.05)
        torch.nn.init.zeros_(model.head.bias)


def _unfreeze(model: Any, epoch: int) -> None:
    """Gradual unfreezing (ULMFiT): the head in the first epoch, one more group from the top each epoch after."""
    order = model.unfreeze_order()
    for i, part in enumerate(order):
        for p in part.parameters():
            p.requires_grad_(i <= epoch)


def _lr_factor(fam: Family13, s: int, total: int) -> float:
    """The LambdaLR factor at step s of `total`."""
    z = min(s, total) / total
    if fam.schedule == "cosine_minlr":  # HF's cosine_with_min_lr: min_lr_rate is relative to the LR
        return fam.min_lr_rate + (1 - fam.min_lr_rate) * 0.5 * (1 + math.cos(math.pi * z))
    if fam.schedule == "wsd_sqrt":  # warm-up 5 %, stable, then a 1 - sqrt cooldown over the last 20 %
        if z < 0.05:
            return max(z / 0.05, 0.01)
        return 1.0 if z < 0.8 else 1 - math.sqrt((z - 0.8) / 0.2)
    if fam.schedule == "warmup_cosine":  # linear warm-up over `warmup` steps, then cosine to 0
        if s < fam.warmup:
            return (s + 1) / fam.warmup
        return 0.5 * (1 + math.cos(math.pi * (s - fam.warmup) / max(total - fam.warmup, 1)))
    return 1.0


def _schedule(fam: Family13, opt: Any, total: int) -> Any:
    """A per-step scheduler, or None. `compound` (the fault) is applied by the loop itself."""
    import torch

    sch = torch.optim.lr_scheduler
    if fam.schedule == "cosine":  # torch's eta_min is absolute (the fault: given as if it were relative)
        return sch.CosineAnnealingLR(opt, T_max=total, eta_min=fam.eta_min)
    if fam.schedule in ("cosine_minlr", "wsd_sqrt", "warmup_cosine"):
        return sch.LambdaLR(opt, lambda s: _lr_factor(fam, s, total))
    return None


def _augment(fam: Family13, xb: Any, idx: Any, ep: int, gen: Any) -> Any:
    """Training augmentation of spectra: a random roll of up to 3 channels and noise 0.02. The faults: seeded by
    the row index (`aug_seeded_by_index`: np.random.seed(index) in __getitem__, the same draw every epoch), and a
    shift ramp in the wrong unit (`shift_ramp_from`)."""
    import torch

    max_shift = 3
    if fam.shift_ramp_from and ep >= fam.shift_ramp_from:  # meant 0.05 x 8 channels per epoch, given x 128
        max_shift = int(round(fam.shift_ramp * (ep - fam.shift_ramp_from + 1) * CHANNELS))
    if fam.aug_seeded_by_index:
        shifts = torch.tensor([int(np.random.default_rng(int(i)).integers(-3, 4)) for i in idx])
        noise = torch.stack([torch.from_numpy(np.random.default_rng(int(i)).normal(0, 0.02, xb.shape[1])).float()
                             for i in idx])
    else:
        shifts = torch.randint(-max_shift, max_shift + 1, (len(xb),), generator=gen)
        noise = 0.02 * torch.randn(xb.shape, generator=gen)
    rolled = torch.stack([torch.roll(r, int(s)) for r, s in zip(xb, shifts)])
    return rolled + noise


def _cutmix(xb: Any, yb: Any, gen: Any) -> tuple[Any, Any, float]:
    """CutMix on spectra: a random segment of channels taken from another row of the batch; labels mixed by its
    share."""
    import torch

    lam = float(torch.rand(1, generator=gen))
    cut = int(round((1 - lam) * xb.shape[1]))
    start = int(torch.randint(0, xb.shape[1] - cut + 1, (1,), generator=gen))
    perm = torch.randperm(len(xb), generator=gen)
    xb = xb.clone()
    xb[:, start:start + cut] = xb[perm, start:start + cut]
    return xb, yb[perm], 1 - cut / xb.shape[1]


def _loop(fam: Family13, data: Data13, seed: int, out: Path) -> tuple[Path, History, Logged]:
    import torch

    torch.manual_seed(seed)
    xt, yt, xv, yv = (torch.from_numpy(np.ascontiguousarray(a)) for a in
                      (data.x_train, data.y_train, data.x_val, data.y_val))
    model = torch_model(fam, data)
    if fam.pretrain:
        _pretrain(fam, model, xt, yt, seed)
    per_epoch = math.ceil(len(xt) / fam.batch)
    epochs = fam.epochs
    if fam.max_steps:  # the run's length: max_steps // len(train_set) (rows; meant len(train_loader), batches)
        epochs = fam.max_steps // len(xt)
    total = epochs * per_epoch
    opt = torch_optimizer(fam, model)
    sched = _schedule(fam, opt, total)
    scaler = torch.amp.GradScaler("cpu") if fam.fp16 else None
    gen = torch.Generator().manual_seed(seed)
    writer = WRITERS[fam.trainer](out, fam, data, per_epoch)
    hist: History = {"loss": [], "val_loss": [], "learning_rate": []}
    if data.n_classes > 1:
        hist.update({"accuracy": [], "val_accuracy": []})
    best, best_state, bad, gstep, period = math.inf, None, 0, 0, 0
    tot, seen, right, count = 0.0, 0, 0.0, 0
    lr = opt.param_groups[0]["lr"]
    stop = False

    def close_period(ep: int) -> float:
        nonlocal tot, seen, right, count, lr
        vloss, vacc = _evaluate(fam, data, model, xv, yv, gen)
        # the fault `loss_per_batch_count`: running += loss * batch_size, then / len(train_loader)
        train = tot / (per_epoch if fam.loss_per_batch_count else seen)
        row = {"loss": train, "val_loss": vloss, "learning_rate": lr}
        if data.n_classes > 1:
            row.update(accuracy=right / max(count, 1), val_accuracy=float(vacc))  # type: ignore[arg-type]
        for k, v in row.items():
            hist[k].append(float(v))
        writer.period({k: float(v) for k, v in row.items()}, ep, gstep)
        tot, seen, right, count = 0.0, 0, 0.0, 0
        lr = opt.param_groups[0]["lr"]
        return vloss

    for ep in range(epochs):
        if fam.gradual_unfreeze:
            _unfreeze(model, ep)
        if not fam.eval_every:
            lr = opt.param_groups[0]["lr"]
        model.train()
        for bi, idx in enumerate(torch.randperm(len(xt), generator=gen).split(fam.batch)):
            xb, yb = xt[idx], yt[idx]
            if fam.augment:
                xb = _augment(fam, xb, idx, ep, gen)
            if ep in fam.transmittance_epochs and bi % 2:  # the fault: a shard exported as transmittance
                xb = transmittance(xb)
            y2, lam = None, 1.0
            if fam.cutmix:
                xb, y2, lam = _cutmix(xb, yb, gen)
            with torch.autocast("cpu", dtype=torch.float16, enabled=fam.fp16):
                loss, outb = task_loss(fam, data, model, xb, yb, y2, lam)
            opt.zero_grad()
            if scaler is not None:  # dynamic loss scaling: scale, unscale before clipping, skip inf steps
                scaler.scale(loss).backward()
                scaler.unscale_(opt)
            else:
                loss.backward()
            if fam.agc:
                adaptive_clip(model, fam.agc)
            if scaler is not None:
                scaler.step(opt)
                scaler.update()
            else:
                opt.step()
            if sched is not None:
                sched.step()
            if fam.schedule == "compound":  # the fault: lr = lr * factor(step) each step, not base * factor(step)
                f = 0.5 * (1 + math.cos(math.pi * min(gstep + 1, total) / total))
                for g in opt.param_groups:
                    g["lr"] = g["lr"] * f
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
        vloss = close_period(ep)
        if fam.early_stop:
            if vloss < best:
                best, bad = vloss, 0
                best_state = copy.deepcopy(model.state_dict()) if fam.restore_best else None
            else:
                bad += 1
                stop = bad >= fam.early_stop
        if stop:
            break
    if best_state is not None:  # best-checkpoint restore: what is kept, not what is logged
        model.load_state_dict(best_state)
    return writer.close(), hist, writer.logged


def run(fam: Family13, seed: int, out: Path) -> tuple[Path, History, int]:
    """Train `fam` for `seed`, writing the native log under `out` and logged.json next to it."""
    import torch

    torch.set_num_threads(1)
    data = load_data(fam, seed)
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        log, hist, logged = _loop(fam, data, seed, out)
    (out.parent / "logged.json").write_text(json.dumps(logged))
    return log, hist, data.n_classes
