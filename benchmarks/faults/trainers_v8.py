"""Train one eighth-generation family run with a real PyTorch loop and log it through a real writer or print style.

``run`` leaves the native log under ``out`` and returns ``(log_path, history, n_classes)``; next to ``out`` it writes
``logged.json``: the train and val loss series exactly as the log holds them, for the read-whole check. ``history``
is Keras-History-shaped, one entry per epoch: ``loss`` (mean of the epoch's batch losses), ``val_loss``,
``accuracy``/``val_accuracy`` where the task has one, ``learning_rate``.

Writers: the seventh generation's fifteen (trainers_v7.WRITERS, reused by import), plus two more: a bracketed print
people write by hand (``[epoch 3/20] train_loss: 0.4123 val_loss: 0.5234 val_acc: 0.8120 lr: 1.0e-03``) and a
history array saved with ``numpy.savetxt`` as CSV when training ends.
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

from data_v8 import Data8, load_data
from families_v8 import Family8
from models_v8 import hits, lr_factor, task_loss, torch_model, torch_optimizer
from trainers_v6 import _Writer
from trainers_v7 import WRITERS as WRITERS_V7

History = dict[str, list[float]]
Logged = dict[str, Any]


class _Bracket(_Writer):
    """A hand-written print: '[epoch 3/20] train_loss: 0.4123 val_loss: 0.5234 val_acc: 0.8120 lr: 1.0e-03'."""

    def __init__(self, *a: Any) -> None:
        super().__init__(*a)
        self._text("train.log")
        self.logged.update(atol=5.1e-5, rtol=1e-6)

    def period(self, row: dict[str, float], epoch: int, gstep: int) -> None:
        tr, va = round(row["loss"], 4), round(row["val_loss"], 4)
        self.logged["train"].append(tr)
        self.logged["val"].append(va)
        acc = f" val_acc: {row['val_accuracy']:.4f}" if "val_accuracy" in row else ""
        self._p(f"[epoch {epoch + 1}/{self.fam.epochs}] train_loss: {tr:.4f} val_loss: {va:.4f}{acc} "
                f"lr: {row['learning_rate']:.1e}")

    def close(self) -> Path:
        self.fh.close()
        return self.path


class _SaveTxt(_Writer):
    """np.savetxt('history.csv', rows, delimiter=',', header='epoch,train_loss,val_loss,...', fmt='%.6g') at the
    end (numpy's default '# ' before the header)."""

    def __init__(self, *a: Any) -> None:
        super().__init__(*a)
        self.rows: list[list[float]] = []
        self.logged.update(atol=0.0, rtol=6e-6)

    def period(self, row: dict[str, float], epoch: int, gstep: int) -> None:
        tr, va = float(f"{row['loss']:.6g}"), float(f"{row['val_loss']:.6g}")
        self.logged["train"].append(tr)
        self.logged["val"].append(va)
        rec = [epoch + 1, tr, va]
        if "val_accuracy" in row:
            rec += [row["accuracy"], row["val_accuracy"]]
        self.rows.append(rec + [row["learning_rate"]])

    def close(self) -> Path:
        path = self.out / "history.csv"
        cols = ["epoch", "train_loss", "val_loss"] + (["train_acc", "val_acc"] if len(self.rows[0]) == 6 else [])
        np.savetxt(path, np.asarray(self.rows), delimiter=",", header=",".join(cols + ["lr"]), fmt="%.6g")
        return path


WRITERS: dict[str, type[_Writer]] = {**WRITERS_V7, "bracket": _Bracket, "savetxt": _SaveTxt}


# ---- the loop ---------------------------------------------------------------------------------------------------

def _evaluate(fam: Family8, data: Data8, model: Any, x: Any, y: Any) -> tuple[float, float | None]:
    import torch

    model.eval()
    loss, n, right, count = 0.0, 0, 0.0, 0
    with torch.no_grad():
        for i in range(0, len(x), 256):
            xs, ys = x[i:i + 256], y[i:i + 256]
            lv, out = task_loss(fam, model, xs, ys)
            loss += float(lv) * len(xs)
            n += len(xs)
            h = hits(data, out, ys)
            if h is not None:
                right += h[0]
                count += h[1]
    model.train()
    return loss / n, (right / count if count else None)


def _pretrain(fam: Family8, model: Any, xt: Any, yt: Any, seed: int) -> None:
    """Fine-tuning: the embedding is pre-trained (unlogged) on a coarser labelling (topics 0+1 vs 2+3) with another
    head; then a fresh head for the 4 topics."""
    import torch

    torch.manual_seed(seed + 500)
    head = torch.nn.Linear(model.head.in_features, 2)
    opt = torch.optim.Adam(list(model.emb.parameters()) + list(head.parameters()), lr=3e-3)
    for _ in range(fam.pretrain):
        for idx in torch.randperm(len(xt)).split(64):
            loss = torch.nn.functional.cross_entropy(head(model.emb(xt[idx])), yt[idx] // 2)
            opt.zero_grad()
            loss.backward()
            opt.step()
    model.head.reset_parameters()


def _schedulers(fam: Family8, opts: list[Any], total: int, per_epoch: int) -> tuple[list[Any], Any]:
    """(per-step schedulers, the per-epoch ReduceLROnPlateau or None)."""
    import torch

    factor = lr_factor(fam, total, per_epoch)
    if factor:
        return [torch.optim.lr_scheduler.LambdaLR(o, factor) for o in opts], None
    o = opts[0]
    if fam.schedule == "warm_exp":  # SequentialLR: linear warm-up then exponential decay per step
        warm = torch.optim.lr_scheduler.LinearLR(o, start_factor=0.1, total_iters=fam.warmup)
        decay = torch.optim.lr_scheduler.ExponentialLR(o, gamma=fam.gamma)
        return [torch.optim.lr_scheduler.SequentialLR(o, [warm, decay], milestones=[fam.warmup])], None
    if fam.schedule == "cosine_floor":
        return [torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=total, eta_min=0.05 * fam.lr)], None
    if fam.schedule == "rop":
        return [], torch.optim.lr_scheduler.ReduceLROnPlateau(o, mode="min", factor=0.5, patience=2)
    if fam.schedule == "rop_rel_threshold":  # the fault: threshold 0.5 in 'rel' mode (meant 5e-4), patience 0
        return [], torch.optim.lr_scheduler.ReduceLROnPlateau(o, mode="min", factor=0.1, patience=0, threshold=0.5,
                                                              threshold_mode="rel")
    return [], None


def _loop(fam: Family8, data: Data8, seed: int, out: Path) -> tuple[Path, History, Logged]:
    import torch

    torch.manual_seed(seed)
    ftype = torch.float64 if fam.fp64 else torch.float32

    def tensor(a: np.ndarray) -> Any:
        t = torch.from_numpy(np.ascontiguousarray(a))
        return t.to(ftype) if t.is_floating_point() else t

    xt, yt, xv, yv = (tensor(a) for a in (data.x_train, data.y_train, data.x_val, data.y_val))
    model = torch_model(fam, data)
    if fam.pretrain:
        _pretrain(fam, model, xt, yt, seed)
    opts = torch_optimizer(fam, model)
    batch = len(xt) if fam.optimizer == "lbfgs" else fam.batch
    per_epoch = math.ceil(len(xt) / batch)
    total = fam.epochs * per_epoch
    step_scheds, rop = _schedulers(fam, opts, total, per_epoch)
    params = [p for p in model.parameters()]
    slow = [p.detach().clone() for p in params] if fam.optimizer == "lookahead" else None
    gen = torch.Generator().manual_seed(seed)
    vgen = torch.Generator().manual_seed(seed + 7)
    writer = WRITERS[fam.trainer](out, fam, data, per_epoch)
    acc = data.n_classes > 1
    hist: History = {"loss": [], "val_loss": [], "learning_rate": []}
    if acc:
        hist.update({"accuracy": [], "val_accuracy": []})
    best, best_state, bad, gstep = math.inf, None, 0, 0
    for ep in range(fam.epochs):
        lr = opts[0].param_groups[0]["lr"]
        tot, seen, right, count = 0.0, 0, 0.0, 0
        model.train()
        for bi, idx in enumerate(torch.randperm(len(xt), generator=gen).split(batch)):
            xb, yb = xt[idx], yt[idx]
            if ep in fam.inverted_shard_epochs and bi % 2:  # the fault: a shard exported with inverted masks
                yb = 1 - yb

            def objective() -> tuple[Any, Any]:
                lv, o = task_loss(fam, model, xb, yb)
                if fam.l2_logged:  # the L2 penalty is part of the training loss (and of what is logged)
                    lv = lv + fam.l2_logged * sum((p ** 2).sum() for n, p in model.named_parameters()
                                                  if n.endswith("weight"))
                return lv, o

            if fam.optimizer == "lbfgs":
                def closure() -> Any:
                    opts[0].zero_grad()
                    lv = objective()[0]
                    lv.backward()
                    return lv

                loss, outb = objective()
                opts[0].step(closure)
            else:
                loss, outb = objective()
                for o in opts:
                    o.zero_grad()
                loss.backward()
                if fam.optimizer == "sam":  # sharpness-aware: the gradient at w + rho g/|g|, applied at w
                    with torch.no_grad():
                        g = torch.sqrt(sum((p.grad ** 2).sum() for p in params if p.grad is not None))
                        eps = [fam.rho * p.grad / (g + 1e-12) if p.grad is not None else None for p in params]
                        for p, e in zip(params, eps):
                            if e is not None:
                                p.add_(e)
                    opts[0].zero_grad()
                    objective()[0].backward()
                    with torch.no_grad():
                        for p, e in zip(params, eps):
                            if e is not None:
                                p.sub_(e)
                if fam.clip:
                    torch.nn.utils.clip_grad_norm_(params, fam.clip)
                for o in opts:
                    o.step()
            for s in step_scheds:
                s.step()
            gstep += 1
            if slow is not None and gstep % fam.lookahead_k == 0:  # Lookahead: slow += alpha (fast - slow)
                with torch.no_grad():
                    for p, s_ in zip(params, slow):
                        s_.add_(p - s_, alpha=fam.lookahead_alpha)
                        p.copy_(s_)
            if fam.decay_bug_from and ep >= fam.decay_bug_from:  # the fault: p *= 1 - wd, not 1 - lr * wd
                with torch.no_grad():
                    for p in params:
                        p.mul_(1 - fam.weight_decay_bug)
            lv = float(loss.detach())
            writer.step(lv, gstep, gstep / per_epoch, opts[0].param_groups[0]["lr"])
            tot += lv * len(xb)
            seen += len(xb)
            h = hits(data, None if outb is None else outb.detach(), yb)
            if h is not None:
                right += h[0]
                count += h[1]
        if fam.val_batch:  # the fault: next(iter(val_loader)) with shuffle=True: one random batch per evaluation
            pick = torch.randperm(len(xv), generator=vgen)[:fam.val_batch]
            vloss, vacc = _evaluate(fam, data, model, xv[pick], yv[pick])
        else:
            vloss, vacc = _evaluate(fam, data, model, xv, yv)
        row = {"loss": tot / seen, "val_loss": vloss, "learning_rate": lr}
        if acc:
            row.update(accuracy=right / count, val_accuracy=float(vacc))  # type: ignore[arg-type]
        for k, v in row.items():
            hist[k].append(float(v))
        writer.period({k: float(v) for k, v in row.items()}, ep, gstep)
        if rop is not None:
            rop.step(vloss)
        if fam.max_steps and gstep >= fam.max_steps:  # the fault: max_steps left from a smoke test
            break
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


def run(fam: Family8, seed: int, out: Path) -> tuple[Path, History, int]:
    """Train `fam` for `seed`, writing the native log under `out` and logged.json next to it."""
    import torch

    torch.set_num_threads(1)
    data = load_data(fam, seed)
    with contextlib.redirect_stderr(io.StringIO()):
        log, hist, logged = _loop(fam, data, seed, out)
    (out.parent / "logged.json").write_text(json.dumps(logged))
    return log, hist, data.n_classes
