"""Train one tenth-generation family run with a real PyTorch loop and log it through a real writer or print style.

``run`` leaves the native log under ``out`` and returns ``(log_path, history, n_classes)``; next to ``out`` it writes
``logged.json``: the train and val loss series exactly as the log holds them, for the read-whole check. ``history``
is Keras-History-shaped, one entry per epoch: ``loss`` (mean of the epoch's batch losses), ``val_loss``,
``accuracy``/``val_accuracy`` where the task has one, ``learning_rate``.

Writers: the ninth generation's twenty (trainers_v9.WRITERS, reused by import) in combinations v9 did not use.
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

from data_v10 import load_data
from data_v9 import Data9
from families_v10 import Family10
from models_v10 import epoch_scheduler, hits, task_loss, torch_model, torch_optimizer
from trainers_v9 import WRITERS

History = dict[str, list[float]]
Logged = dict[str, Any]


def _evaluate(fam: Family10, data: Data9, model: Any, x: Any, y: Any, gen: Any) -> tuple[float, float | None]:
    import torch

    if fam.val_batches:  # limit_val_batches with a shuffled loader: a fresh random few batches each epoch
        idx = torch.randperm(len(x), generator=gen)[:fam.val_batches * fam.val_batch]
        x, y = x[idx], y[idx]
    model.eval()
    loss, n, right, count = 0.0, 0, 0.0, 0
    with torch.no_grad():
        for i in range(0, len(x), 500):
            xs, ys = x[i:i + 500], y[i:i + 500]
            lv, out = task_loss(fam, model, xs, ys)
            loss += float(lv) * len(xs)
            n += len(xs)
            h = hits(data, out, ys)
            if h is not None:
                right += h[0]
                count += h[1]
    model.train()
    return loss / n, (right / count if count else None)


def _pretrain(fam: Family10, model: Any, xt: Any, yt: Any, seed: int) -> None:
    """Fine-tuning: the set model pre-trained (unlogged) on light-tailed (uniform, two-peaked) vs heavier-tailed
    (Gaussian, Laplace) sets with another head; then a fresh head for the 4 distributions."""
    import torch

    torch.manual_seed(seed + 500)
    head = torch.nn.Linear(model.head.in_features, 2)
    coarse = ((yt == 1) | (yt == 2)).long()
    body = [p for n, p in model.named_parameters() if not n.startswith("head.")]
    opt = torch.optim.Adam(body + list(head.parameters()), lr=2e-3)
    for _ in range(fam.pretrain):
        for idx in torch.randperm(len(xt)).split(64):
            loss = torch.nn.functional.cross_entropy(head(model.features(xt[idx])), coarse[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
    model.head.reset_parameters()


def _loop(fam: Family10, data: Data9, seed: int, out: Path) -> tuple[Path, History, Logged]:
    import torch

    torch.manual_seed(seed)
    xt, yt, xv, yv = (torch.from_numpy(np.ascontiguousarray(a)) for a in
                      (data.x_train, data.y_train, data.x_val, data.y_val))
    shard = torch.from_numpy(data.y_raw_train) if data.y_raw_train is not None else None  # hyper: phase in degrees
    model = torch_model(fam, data)
    if fam.pretrain:
        _pretrain(fam, model, xt, yt, seed)
    opt = torch_optimizer(fam, model.parameters())
    per_epoch = math.ceil(len(xt) / fam.batch)
    sched = epoch_scheduler(fam, opt)
    step_sched = (torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1, s // fam.warmup_steps))  # the fault: //
                  if fam.schedule == "int_warmup" else None)
    gen = torch.Generator().manual_seed(seed)
    vgen = torch.Generator().manual_seed(seed + 7)
    jgen = torch.Generator().manual_seed(seed + 13)
    writer = WRITERS[fam.trainer](out, fam, data, per_epoch)
    acc = data.n_classes > 1
    hist: History = {"loss": [], "val_loss": [], "learning_rate": []}
    if acc:
        hist.update({"accuracy": [], "val_accuracy": []})
    best, best_state, bad, gstep = math.inf, None, 0, 0
    for ep in range(fam.epochs):
        batch = fam.batch * 2 ** (ep // fam.batch_double_every) if fam.batch_double_every else fam.batch
        lr = opt.param_groups[0]["lr"]
        tot, seen, right, count = 0.0, 0, 0.0, 0
        model.train()
        for bi, idx in enumerate(torch.randperm(len(xt), generator=gen).split(batch)):
            xb, yb = xt[idx], yt[idx]
            if ep in fam.degree_epochs and bi % 2 and shard is not None:  # the fault: the phase in degrees
                xb = shard[idx]
            if fam.jitter:  # training-only augmentation
                xb = xb + fam.jitter * torch.randn(xb.shape, generator=jgen)
            loss, outb = task_loss(fam, model, xb, yb)
            opt.zero_grad()
            loss.backward()
            if fam.clip:
                torch.nn.utils.clip_grad_norm_(model.parameters(), fam.clip)
            opt.step()
            if step_sched is not None:
                step_sched.step()
            gstep += 1
            lv = float(loss.detach())
            writer.step(lv, gstep, ep + (bi + 1) / math.ceil(len(xt) / batch), opt.param_groups[0]["lr"])
            tot += lv * len(xb)
            seen += len(xb)
            h = hits(data, None if outb is None else outb.detach(), yb)
            if h is not None:
                right += h[0]
                count += h[1]
        vloss, vacc = _evaluate(fam, data, model, xv, yv, vgen)
        row = {"loss": tot / seen, "val_loss": vloss, "learning_rate": lr}
        if acc:
            row.update(accuracy=right / max(count, 1), val_accuracy=float(vacc))  # type: ignore[arg-type]
        for k, v in row.items():
            hist[k].append(float(v))
        writer.period({k: float(v) for k, v in row.items()}, ep, gstep)
        if sched is not None:
            sched.step()
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


def run(fam: Family10, seed: int, out: Path) -> tuple[Path, History, int]:
    """Train `fam` for `seed`, writing the native log under `out` and logged.json next to it."""
    import torch

    torch.set_num_threads(1)
    data = load_data(fam, seed)
    with contextlib.redirect_stderr(io.StringIO()):
        log, hist, logged = _loop(fam, data, seed, out)
    (out.parent / "logged.json").write_text(json.dumps(logged))
    return log, hist, data.n_classes
