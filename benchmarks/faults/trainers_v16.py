"""Train one sixteenth-generation family run with a real PyTorch loop and log it through a real writer or print style.

``run`` leaves the native log under ``out`` and returns ``(log_path, history, n_classes)``; next to ``out`` it writes
``logged.json``: the train and val loss series exactly as the log holds them, for the read-whole check. ``history``
is Keras-History-shaped, one entry per evaluation period (an epoch, or ``eval_every`` steps): ``loss`` (the period's
training loss as the loop accounts it: the mean of its batch losses), ``val_loss``, ``accuracy``/``val_accuracy``
where the task has one, ``learning_rate``.

The loop's setups none of v1-v15 used: TensorFlow's linear-cosine decay (Bello et al. 2017), a staircase decay x0.6
every 2.4 epochs (the EfficientNet recipe's), SpecAugment's
frequency masks, progressive resizing (the first half of the epochs at half the resolution, validated at the
training resolution), a per-filter max-norm constraint after every step, DropBlock, test-time augmentation in the
validation loop, a stop at a target validation accuracy. Writers: the eleventh generation's twenty-one
(trainers_v11.WRITERS, reused by import) with models no generation used. Validation runs in batches of the training
batch size.
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

from data_v16 import Data16, load_data
from families_v16 import Family16
from models_v16 import SPS, hits, task_loss, torch_model, torch_optimizer
from trainers_v11 import WRITERS

History = dict[str, list[float]]
Logged = dict[str, Any]


def lr_factor(fam: Family16, s: int, total: int, per_epoch: int) -> float:
    """The per-step LambdaLR factor at step s of `total`."""
    if fam.schedule == "lincos":  # TF linear_cosine_decay: (alpha + linear) x cosine + beta, num_periods 0.5
        steps = total // fam.windows_per_recording if fam.decay_in_recordings else total
        z = min(s, steps) / steps
        return (1 - z) * 0.5 * (1 + math.cos(math.pi * z)) + 0.001
    if fam.schedule == "staircase":  # x0.6 every 2.4 epochs, staircase
        k = math.floor(s / (2.4 * per_epoch))
        return 0.6 ** (-k if fam.exponent_sign_flipped else k)  # the fault: `rate ** -(s // steps)`
    return 1.0


def _resize(xb: Any, fam: Family16, ep: int) -> Any:
    """Progressive resizing: the first half of the epochs at half the resolution (2x2 average pooling)."""
    import torch

    if fam.size_by_parity:  # the fault: `size = cfg.sizes[epoch % 2]` (meant `cfg.sizes[2 * epoch // epochs]`)
        return torch.nn.functional.avg_pool2d(xb, 2) if ep % 2 == 0 else xb
    if fam.progressive and ep < fam.epochs // 2:
        return torch.nn.functional.avg_pool2d(xb, 2)
    return xb


def _views(xb: Any) -> list[Any]:
    """The test-time augmentation's views: the clip, time-reversed, and rolled by a quarter in time either way."""
    import torch

    return [xb, xb.flip(-1), torch.roll(xb, 8, -1), torch.roll(xb, -8, -1)]


def _evaluate(fam: Family16, data: Data16, model: Any, x: Any, y: Any, ep: int, gen: Any) -> tuple[float, float | None]:
    """Validation loss and accuracy over all rows, at the training resolution of the epoch."""
    import torch

    model.eval()
    loss, n, right, count = 0.0, 0, 0.0, 0
    with torch.no_grad():
        for idx in torch.arange(len(x)).split(fam.batch):
            xb, yb = _resize(x[idx], fam, ep), y[idx]
            if fam.val_tta:  # the fault: the inference script's TTA (mean of 4 views' probabilities) in validation
                p = torch.stack([model(v).softmax(1) for v in _views(xb)]).mean(0)
                lv, out = torch.nn.functional.nll_loss(p.log(), yb), p
            else:
                lv, out = task_loss(fam, data, model, xb, yb, gen)
            loss += float(lv) * len(idx)
            n += len(idx)
            h = hits(data, out, yb)
            if h is not None:
                right += h[0]
                count += h[1]
    model.train()
    return loss / n, (right / count if count else None)


def _freq_mask(xb: Any, gen: Any, width: int, masks: int) -> Any:
    """SpecAugment's frequency masking: `masks` bands of up to `width` Doppler bins set to the mean (0)."""
    import torch

    if not width:
        return xb
    n, _, bins, _ = xb.shape
    r = torch.arange(bins)[None, :]
    hole = torch.zeros(n, bins, dtype=torch.bool)
    for _ in range(masks):
        w = torch.randint(0, width + 1, (n, 1), generator=gen)
        f0 = torch.randint(0, bins, (n, 1), generator=gen)
        hole |= (r >= f0) & (r < f0 + w)
    return xb.masked_fill(hole[:, None, :, None], 0.0)


def _constrain(model: Any, fam: Family16, ep: int) -> None:
    """Weight constraints after the step: the per-filter max-norm (torch.renorm) where set; the faults: a projection
    onto the sphere of every parameter (`sphere_all`), a stage-2 max-norm on whole tensors (`maxnorm_from`)."""
    import torch

    with torch.no_grad():
        for name, p in model.named_parameters():
            if fam.sphere_all:  # the fault: `p.data = c * p / p.norm()` over model.parameters(): zero biases 0/0
                p.copy_(fam.max_norm * p / p.norm())
            elif fam.maxnorm_from and ep >= fam.maxnorm_from and p.dim() > 1:  # the fault: the per-filter radius
                p.mul_(min(1.0, fam.max_norm / float(p.norm())))           # applied to the whole tensor
            elif fam.max_norm and not fam.maxnorm_from and p.dim() > 1:
                p.copy_(torch.renorm(p, 2, 0, fam.max_norm))


def _loop(fam: Family16, data: Data16, seed: int, out: Path) -> tuple[Path, History, Logged]:
    import torch

    torch.manual_seed(seed)
    xt, yt, xv, yv = (torch.from_numpy(np.ascontiguousarray(a)) for a in
                      (data.x_train, data.y_train, data.x_val, data.y_val))
    x77 = None if data.x_train_77 is None else torch.from_numpy(data.x_train_77)
    model = torch_model(fam, data)
    opt = torch_optimizer(fam, model)
    per_epoch = math.ceil(len(xt) / fam.batch)
    total = fam.epochs * per_epoch
    sch = torch.optim.lr_scheduler
    sched = sch.LambdaLR(opt, lambda s: lr_factor(fam, s, total, per_epoch)) \
        if fam.schedule in ("lincos", "staircase") and not isinstance(opt, SPS) else None
    gen = torch.Generator().manual_seed(seed)
    _constrain(model, fam, 0)  # the weights start inside (or, for `sphere_all`, on) the constraint
    writer = WRITERS[fam.trainer](out, fam, data, per_epoch)
    hist: History = {"loss": [], "val_loss": [], "learning_rate": []}
    if data.n_classes > 1:
        hist.update({"accuracy": [], "val_accuracy": []})
    best, best_state, bad, gstep, period = math.inf, None, 0, 0, 0
    tot, seen, right, count = 0.0, 0, 0.0, 0
    lr = opt.param_groups[0]["lr"]

    def close_period(ep: int) -> tuple[float, float | None]:
        nonlocal tot, seen, right, count, lr
        vloss, vacc = _evaluate(fam, data, model, xv, yv, ep, gen)
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
        model.train()
        for idx in torch.randperm(len(xt), generator=gen).split(fam.batch):
            xb, yb = xt[idx], yt[idx]
            if x77 is not None and ep in fam.ghz77_epochs:  # the fault: the 77 GHz campaign's files in the rotation
                xb = xb.clone()
                xb[1::2] = x77[idx][1::2]
            xb = _freq_mask(xb, gen, fam.freq_width, fam.freq_masks)
            xb = _resize(xb, fam, ep)
            loss, outb = task_loss(fam, data, model, xb, yb, gen)
            opt.zero_grad()
            loss.backward()
            if fam.clip:
                torch.nn.utils.clip_grad_norm_(model.parameters(), fam.clip)
            lv = float(loss.detach())
            if isinstance(opt, SPS):  # the schedule, if any, shrinks the Polyak step's cap
                opt.step(lv, lr_factor(fam, gstep, total, per_epoch))
            else:
                opt.step()
            _constrain(model, fam, ep)
            if sched is not None:
                sched.step()
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
        vloss, vacc = close_period(ep)
        if fam.stop_at_acc and vacc is not None and vacc >= fam.stop_at_acc:
            break  # the fault: the smoke profile's `stop_at_accuracy` kept in the run's config
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


def run(fam: Family16, seed: int, out: Path) -> tuple[Path, History, int]:
    """Train `fam` for `seed`, writing the native log under `out` and logged.json next to it."""
    import torch

    torch.set_num_threads(1)
    data = load_data(fam, seed)
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        log, hist, logged = _loop(fam, data, seed, out)
    (out.parent / "logged.json").write_text(json.dumps(logged))
    return log, hist, data.n_classes

