"""Train one fourteenth-generation family run with a real PyTorch loop and log it through a real writer or print style.

``run`` leaves the native log under ``out`` and returns ``(log_path, history, n_classes)``; next to ``out`` it writes
``logged.json``: the train and val loss series exactly as the log holds them, for the read-whole check. ``history``
is Keras-History-shaped, one entry per evaluation period (an epoch, or ``eval_every`` steps): ``loss`` (the period's
training loss as the loop accounts it: the mean of its batch losses), ``val_loss``, ``accuracy``/``val_accuracy``
where the task has one, ``learning_rate``.

Writers: the eleventh generation's twenty-one (trainers_v11.WRITERS, reused by import) in combinations v13 did not
use (every model is new). Validation runs in batches of the training batch size.
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

from data_v14 import Data14, load_data
from families_v14 import Family14
from models_v14 import centralise_gradients, hits, l2_penalty, task_loss, torch_model, torch_optimizer
from trainers_v11 import WRITERS

History = dict[str, list[float]]
Logged = dict[str, Any]


def _evaluate(fam: Family14, data: Data14, model: Any, x: Any, y: Any) -> tuple[float, float | None]:
    """Validation loss and accuracy over all rows."""
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


def _lr_factor(fam: Family14, s: int, total: int, per_epoch: int) -> float:
    """The LambdaLR factor at step s of `total`."""
    z = min(s, total) / total
    if fam.schedule == "trapezoid":  # linear warm-up over 10 %, flat, linear decay to 0 over the last 20 %
        if z < 0.1:
            return max(z / 0.1, 0.02)
        return 1.0 if z < 0.8 else max((1 - z) / 0.2, 0.0)
    if fam.schedule == "inverse_time":  # Keras' InverseTimeDecay: lr / (1 + rate x t / decay_steps)
        # decay_steps is meant in epochs; the fault `decay_steps_as_steps` counts it in optimizer steps
        t = s if fam.decay_steps_as_steps else s / per_epoch
        return 1.0 / (1.0 + fam.decay_rate * t)
    if fam.schedule == "exp_decay":  # Keras' ExponentialDecay: lr x rate^(t / decay_steps), decay_steps meant in
        t = s if fam.decay_steps_as_steps else s / per_epoch  # epochs (the fault: counted in optimizer steps)
        return fam.decay_rate ** t
    return 1.0


def _schedule(fam: Family14, opt: Any, total: int, per_epoch: int) -> Any:
    """A per-step scheduler, or None."""
    import torch

    sch = torch.optim.lr_scheduler
    base = getattr(opt, "base", opt)
    if fam.schedule == "restarts":  # SGDR: cosine restarts every `restart_epochs` epochs
        return sch.CosineAnnealingWarmRestarts(base, T_0=fam.restart_epochs * per_epoch, eta_min=fam.lr * 0.01)
    if fam.schedule in ("trapezoid", "inverse_time", "exp_decay"):
        return sch.LambdaLR(base, lambda s: _lr_factor(fam, s, total, per_epoch))
    return None


def _augment(xb: Any, gen: Any) -> Any:
    """Vibration augmentation, training only: a random gain 0.8-1.2, a random polarity and a circular shift."""
    import torch

    gain = 0.8 + 0.4 * torch.rand(len(xb), 1, 1, generator=gen)
    sign = torch.where(torch.rand(len(xb), 1, 1, generator=gen) < 0.5, -1.0, 1.0)
    shift = int(torch.randint(0, xb.shape[-1], (1,), generator=gen))
    return torch.roll(xb, shift, -1) * gain * sign


def _loop(fam: Family14, data: Data14, seed: int, out: Path) -> tuple[Path, History, Logged]:
    import torch

    torch.manual_seed(seed)
    xt, yt, xv, yv = (torch.from_numpy(np.ascontiguousarray(a)) for a in
                      (data.x_train, data.y_train, data.x_val, data.y_val))
    model = torch_model(fam, data)
    per_epoch = math.ceil(len(xt) / fam.batch)
    epochs = fam.cli_epochs or fam.epochs  # the fault `cli_epochs`: argparse's default overrides the config
    total = epochs * per_epoch
    opt = torch_optimizer(fam, model)
    sched = _schedule(fam, opt, total, per_epoch)
    gen = torch.Generator().manual_seed(seed)
    writer = WRITERS[fam.trainer](out, fam, data, per_epoch)
    hist: History = {"loss": [], "val_loss": [], "learning_rate": []}
    if data.n_classes > 1:
        hist.update({"accuracy": [], "val_accuracy": []})
    best, best_state, bad, gstep, period = math.inf, None, 0, 0, 0
    tot, seen, right, count = 0.0, 0, 0.0, 0
    lr = opt.param_groups[0]["lr"]

    def close_period(ep: int) -> float:
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
        return vloss

    for ep in range(epochs):
        if not fam.eval_every:
            lr = opt.param_groups[0]["lr"]
        model.train()
        for bi, idx in enumerate(torch.randperm(len(xt), generator=gen).split(fam.batch)):
            xb, yb = xt[idx], yt[idx]
            if fam.augment and not fam.augment_flag_string:  # the fault: `if cfg["augment"] is True` on "True"
                xb = _augment(xb, gen)
            if ep in fam.units_epochs:  # the fault: every other window from files exported in mm/s^2, not g
                xb = xb.clone()
                xb[1::2] *= 9810.0
            if fam.relabel_from and ep >= fam.relabel_from and bi % 2:  # the fault: the second campaign's label
                yb = torch.where(yb == 1, 2, torch.where(yb == 2, 1, yb))  # map orders IR and OR the other way
            loss, outb = task_loss(fam, data, model, xb, yb)
            if fam.l2_in_loss:  # an explicit L2 term in the training loss (and so in the logged train loss)
                loss = loss + fam.l2_in_loss * l2_penalty(model)
            opt.zero_grad()
            loss.backward()
            if fam.grad_centralise:
                centralise_gradients(model)
            if fam.clip_value_zero:  # the fault: clip_grad_value_(params, cfg.clip) with clip 0.0 meaning "off"
                torch.nn.utils.clip_grad_value_(model.parameters(), 0.0)
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


def run(fam: Family14, seed: int, out: Path) -> tuple[Path, History, int]:
    """Train `fam` for `seed`, writing the native log under `out` and logged.json next to it."""
    import torch

    torch.set_num_threads(1)
    data = load_data(fam, seed)
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        log, hist, logged = _loop(fam, data, seed, out)
    (out.parent / "logged.json").write_text(json.dumps(logged))
    return log, hist, data.n_classes
