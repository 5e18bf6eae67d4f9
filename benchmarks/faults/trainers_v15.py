"""Train one fifteenth-generation family run with a real PyTorch loop and log it through a real writer or print style.

``run`` leaves the native log under ``out`` and returns ``(log_path, history, n_classes)``; next to ``out`` it writes
``logged.json``: the train and val loss series exactly as the log holds them, for the read-whole check. ``history``
is Keras-History-shaped, one entry per evaluation period (an epoch, or ``eval_every`` steps): ``loss`` (the period's
training loss as the loop accounts it: the mean of its batch losses), ``val_loss``, ``accuracy``/``val_accuracy``
where the task has one, ``learning_rate``.

The loop's setups none of v1-v14 used: a hyperbolic-tangent decay (HTD), Keras' ``PiecewiseConstantDecay`` (per step),
annealed gradient noise (Neelakantan et al.: N(0, eta / (1 + t)^0.55) added to every gradient), random 90-degree
turns and flips, Cutout, an EMA of the weights loaded for a second stage. Writers: the eleventh generation's twenty-one
(trainers_v11.WRITERS, reused by import) with models no generation used. Validation runs in batches of the training
batch size.
"""
from __future__ import annotations

import contextlib
import copy
import dataclasses
import io
import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from data_v15 import Data15, load_data
from families_v15 import Family15
from models_v15 import hits, task_loss, torch_model, torch_optimizer
from trainers_v11 import WRITERS

History = dict[str, list[float]]
Logged = dict[str, Any]


def lr_factor(fam: Family15, s: int, total: int) -> float:
    """The LambdaLR factor at step s of `total`."""
    z = min(s, total) / total
    if fam.schedule == "htd":  # hyperbolic-tangent decay (Hsueh et al. 2019), L = -6, U = 3
        return 0.5 * (1 - math.tanh(-6 + 9 * z))
    if fam.schedule == "piecewise":  # Keras PiecewiseConstantDecay: values[i] after boundaries[i - 1] (in steps)
        bounds = [int(b * total) for b in fam.piece_bounds]
        return fam.piece_values[sum(s >= b for b in bounds)]
    return 1.0


def _evaluate(fam: Family15, data: Data15, model: Any, x: Any, y: Any, gen: Any) -> tuple[float, float | None]:
    """Validation loss and accuracy over all rows (through the training transforms where the fault says so)."""
    import torch

    model.eval()
    loss, n, right, count = 0.0, 0, 0.0, 0
    with torch.no_grad():
        for idx in torch.arange(len(x)).split(fam.batch):
            xb = x[idx]
            if fam.val_train_transform:  # the fault: the validation Dataset built with the training transform
                xb = _cutout(_turn(xb, gen), gen, fam.cutout, fam.cutout_p)
            lv, out = task_loss(fam, data, model, xb, y[idx])
            loss += float(lv) * len(idx)
            n += len(idx)
            h = hits(data, out, y[idx])
            if h is not None:
                right += h[0]
                count += h[1]
    model.train()
    return loss / n, (right / count if count else None)


def _turn(xb: Any, gen: Any) -> Any:
    """A random 90-degree turn of the batch and a random flip of each half: galaxies have no up or down."""
    import torch

    k = int(torch.randint(0, 4, (1,), generator=gen))
    xb = torch.rot90(xb, k, (-2, -1))
    flip = torch.rand(len(xb), generator=gen) < 0.5
    return torch.where(flip[:, None, None, None], xb.flip(-1), xb)


def _cutout(xb: Any, gen: Any, size: int, p: float) -> Any:
    """Cutout (DeVries & Taylor 2017): a size x size square zeroed at a random centre, with probability p."""
    import torch

    if not size:
        return xb
    n, _, h, w = xb.shape
    cy = torch.randint(0, h, (n, 1, 1), generator=gen)
    cx = torch.randint(0, w, (n, 1, 1), generator=gen)
    on = (torch.rand(n, 1, 1, generator=gen) < p)
    r = torch.arange(h)[None, :, None]
    c = torch.arange(w)[None, None, :]
    hole = (abs(r - cy) <= size // 2) & (abs(c - cx) <= size // 2) & on
    return xb.masked_fill(hole[:, None], 0.0)


def _noise(model: Any, eta: float, t: int, gen: Any) -> None:
    """Annealed gradient noise: N(0, eta / (1 + t)^0.55) added to every gradient."""
    import torch

    sd = math.sqrt(eta / (1 + t) ** 0.55)
    with torch.no_grad():
        for p in model.parameters():
            if p.grad is not None:
                p.grad.add_(torch.randn(p.shape, generator=gen) * sd)


def _loop(fam: Family15, data: Data15, seed: int, out: Path) -> tuple[Path, History, Logged]:
    import torch

    torch.manual_seed(seed)
    xt, yt, xv, yv = (torch.from_numpy(np.ascontiguousarray(a)) for a in
                      (data.x_train, data.y_train, data.x_val, data.y_val))
    model = torch_model(fam, data)
    opt = torch_optimizer(fam, model)
    if fam.stale_optimizer:  # the fault: the model built again after the optimizer (which holds the first one's
        model = torch_model(fam, data)  # parameters), e.g. once more after the config was loaded
    per_epoch = math.ceil(len(xt) / fam.batch)
    # the fault `env_epochs`: `int(os.environ.get("EPOCHS", cfg.epochs))` with EPOCHS=4 still exported from a
    # smoke test in the shell: the environment overrides the config's epochs
    epochs = fam.env_epochs or fam.epochs
    total = epochs * per_epoch
    sch = torch.optim.lr_scheduler
    sched = sch.LambdaLR(opt, lambda s: lr_factor(fam, s, total)) if fam.schedule in ("htd", "piecewise") else None
    plateau = sch.ReduceLROnPlateau(opt, factor=fam.plateau_factor, patience=fam.plateau_patience) if fam.rlrop_per_batch else None
    gen = torch.Generator().manual_seed(seed)
    ema = copy.deepcopy(model) if fam.ema_load_epoch else None
    writer = WRITERS[fam.trainer](out, dataclasses.replace(fam, epochs=epochs), data, per_epoch)
    hist: History = {"loss": [], "val_loss": [], "learning_rate": []}
    if data.n_classes > 1:
        hist.update({"accuracy": [], "val_accuracy": []})
    best, best_state, bad, gstep, period = math.inf, None, 0, 0, 0
    tot, seen, right, count = 0.0, 0, 0.0, 0
    lr = opt.param_groups[0]["lr"]
    augment = fam.augment

    def close_period(ep: int) -> float:
        nonlocal tot, seen, right, count, lr
        vloss, vacc = _evaluate(fam, data, model, xv, yv, gen)
        row = {"loss": tot / seen, "val_loss": vloss, "learning_rate": lr}
        if data.n_classes > 1:
            row.update(accuracy=right / max(count, 1), val_accuracy=float(vacc))  # type: ignore[arg-type]
        for k, v in row.items():
            hist[k].append(float(v))
        writer.period({k: float(v) for k, v in row.items()}, ep, gstep)
        tot, seen, right, count = 0.0, 0, 0.0, 0
        lr = opt.param_groups[0]["lr"]
        return vloss

    for ep in range(epochs):
        if fam.augment_toggle:  # the fault: `ds.augment = not ds.augment` inside the epoch loop (meant: switch on)
            augment = not augment
        if ema is not None and ep == fam.ema_load_epoch:  # stage 2 starts from the EMA weights, at a tenth of the LR
            model.load_state_dict(ema.state_dict())
            for g in opt.param_groups:
                g["lr"] *= 0.1
        if not fam.eval_every:
            lr = opt.param_groups[0]["lr"]
        model.train()
        for idx in torch.randperm(len(xt), generator=gen).split(fam.batch):
            xb, yb = xt[idx], yt[idx]
            if augment:
                xb = _cutout(_turn(xb, gen), gen, fam.cutout, fam.cutout_p)
            if ep in fam.raw_epochs:  # the fault: every other cutout from the 8-bit previews, the / 255 missing
                xb = xb.clone()
                xb[1::2] *= 255.0
            loss, outb = task_loss(fam, data, model, xb, yb)
            opt.zero_grad()
            loss.backward()
            if fam.grad_noise:
                _noise(model, fam.grad_noise, gstep, gen)
            if fam.clip:
                torch.nn.utils.clip_grad_norm_(model.parameters(), fam.clip)
            opt.step()
            if sched is not None:
                sched.step()
            lv = float(loss.detach())
            if plateau is not None:  # the fault: ReduceLROnPlateau stepped every batch, on the batch's loss
                plateau.step(lv)
            if ema is not None:
                with torch.no_grad():
                    for pe, pm in zip(ema.parameters(), model.parameters()):
                        pe.mul_(fam.ema_decay).add_(pm, alpha=1 - fam.ema_decay)
                    for be, bm in zip(ema.buffers(), model.buffers()):
                        be.copy_(bm)
            gstep += 1
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
                if bad >= fam.early_stop:
                    break
    if best_state is not None:  # best-checkpoint restore: what is kept, not what is logged
        model.load_state_dict(best_state)
    return writer.close(), hist, writer.logged


def run(fam: Family15, seed: int, out: Path) -> tuple[Path, History, int]:
    """Train `fam` for `seed`, writing the native log under `out` and logged.json next to it."""
    import torch

    torch.set_num_threads(1)
    data = load_data(fam, seed)
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        log, hist, logged = _loop(fam, data, seed, out)
    (out.parent / "logged.json").write_text(json.dumps(logged))
    return log, hist, data.n_classes
