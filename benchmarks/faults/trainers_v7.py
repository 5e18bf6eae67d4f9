"""Train one seventh-generation family run with a real PyTorch loop and log it through a real writer or print style.

``run`` leaves the native log under ``out`` and returns ``(log_path, history, n_classes)``; next to ``out`` it writes
``logged.json``: the train and val loss series exactly as the log holds them, for the read-whole check. ``history``
is Keras-History-shaped, one entry per epoch: ``loss`` (mean of the epoch's batch losses), ``val_loss``,
``accuracy``/``val_accuracy`` where the task has one, ``learning_rate``.

Writers: the sixth generation's (trainers_v6.WRITERS, reused by import: SummaryWriter, trainer_state.json and HF's
printed dicts, Keras CSVLogger and History JSON, Lightning TensorBoard and CSV loggers, MLflow, JSON lines, three print
styles), plus three more: what Keras ``fit()`` prints to stdout, nanoGPT-style ``step N: train loss X, val loss Y``
prints, and a pandas DataFrame written as TSV when training ends.
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

from data_v7 import Data7, load_data
from families_v7 import Family7
from models_v7 import hits, lr_factor, task_loss, torch_model, torch_optimizer
from trainers_v6 import WRITERS as WRITERS_V6
from trainers_v6 import _Writer

History = dict[str, list[float]]
Logged = dict[str, Any]


class _KerasFit(_Writer):
    """Keras 3 ``model.fit(verbose=2)`` stdout: 'Epoch 3/15' then '32/32 - 0s - 4ms/step - accuracy: 0.8123 - loss:
    0.4123 - val_accuracy: 0.8000 - val_loss: 0.5234 - learning_rate: 0.0010' (4 decimals, nan printed as nan)."""

    def __init__(self, *a: Any) -> None:
        super().__init__(*a)
        self._text("train.log")
        self.logged.update(atol=5.1e-5, rtol=1e-6)

    def period(self, row: dict[str, float], epoch: int, gstep: int) -> None:
        tr, va = round(row["loss"], 4), round(row["val_loss"], 4)
        self.logged["train"].append(tr)
        self.logged["val"].append(va)
        parts = [f"accuracy: {row['accuracy']:.4f}"] if "accuracy" in row else []
        parts.append(f"loss: {tr:.4f}")
        if "val_accuracy" in row:
            parts.append(f"val_accuracy: {row['val_accuracy']:.4f}")
        parts += [f"val_loss: {va:.4f}", f"learning_rate: {row['learning_rate']:.4f}"]
        self._p(f"Epoch {epoch + 1}/{self.fam.epochs}")
        self._p(f"{self.per_epoch}/{self.per_epoch} - 0s - 3ms/step - " + " - ".join(parts))

    def close(self) -> Path:
        self.fh.close()
        return self.path


class _Karpathy(_Writer):
    """nanoGPT-style evaluation prints: 'step 250: train loss 2.3456, val loss 2.4567' (4 decimals)."""

    def __init__(self, *a: Any) -> None:
        super().__init__(*a)
        self._text("train.log")
        self.logged.update(atol=5.1e-5, rtol=1e-6)

    def period(self, row: dict[str, float], epoch: int, gstep: int) -> None:
        tr, va = round(row["loss"], 4), round(row["val_loss"], 4)
        self.logged["train"].append(tr)
        self.logged["val"].append(va)
        self._p(f"step {gstep}: train loss {tr:.4f}, val loss {va:.4f}")

    def close(self) -> Path:
        self.fh.close()
        return self.path


class _PandasTsv(_Writer):
    """pd.DataFrame(rows).to_csv('metrics.tsv', sep='\\t', index=False) once training ends."""

    def __init__(self, *a: Any) -> None:
        super().__init__(*a)
        self.rows: list[dict[str, float]] = []

    def period(self, row: dict[str, float], epoch: int, gstep: int) -> None:
        super().period(row, epoch, gstep)
        rec = {"epoch": epoch + 1, "train_loss": row["loss"], "val_loss": row["val_loss"]}
        if "val_accuracy" in row:
            rec["train_acc"], rec["val_acc"] = row["accuracy"], row["val_accuracy"]
        rec["lr"] = row["learning_rate"]
        self.rows.append(rec)

    def close(self) -> Path:
        import pandas as pd

        path = self.out / "metrics.tsv"
        pd.DataFrame(self.rows).to_csv(path, sep="\t", index=False)
        return path


WRITERS: dict[str, type[_Writer]] = {**WRITERS_V6, "keras_fit": _KerasFit, "karpathy": _Karpathy,
                                     "pandas_tsv": _PandasTsv}


# ---- the loop ---------------------------------------------------------------------------------------------------

def _evaluate(fam: Family7, data: Data7, model: Any, x: Any, y: Any, seed: int) -> tuple[float, float | None]:
    import torch

    gen = torch.Generator().manual_seed(seed)  # the same VAE draws at every evaluation
    if not fam.eval_mode_forgotten:
        model.eval()
    loss, n, right, count = 0.0, 0, 0.0, 0
    with torch.no_grad():
        for i in range(0, len(x), 256):
            xs, ys = x[i:i + 256], y[i:i + 256]
            lv, out = task_loss(fam, model, xs, ys, gen)
            loss += float(lv) * len(xs)
            n += len(xs)
            h = hits(data, out, ys)
            if h is not None:
                right += h[0]
                count += h[1]
    model.train()
    return loss / n, (right / count if count else None)


def _pretrain(fam: Family7, model: Any, data: Data7, seed: int) -> None:
    """Fine-tuning: the body is pre-trained (unlogged) to tell even from odd digits with another head; then a fresh
    head for the 10 classes."""
    import torch

    torch.manual_seed(seed + 500)
    xt = torch.from_numpy(data.x_train)
    yt = torch.from_numpy(data.y_train % 2)
    head = torch.nn.Linear(model.head.in_features, 2)
    params = list(model.body.parameters()) + list(head.parameters())
    opt = torch.optim.Adam(params, lr=3e-3)
    for _ in range(fam.pretrain):
        for idx in torch.randperm(len(xt)).split(32):
            loss = torch.nn.functional.cross_entropy(head(model.body(xt[idx])), yt[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
    model.head.reset_parameters()


def _difficulty(data: Data7) -> np.ndarray:
    """Each training row's nearest-centroid margin (own class mean distance minus the nearest other): the curriculum's
    order, easiest first."""
    x, y = data.x_train, data.y_train
    means = np.stack([x[y == c].mean(0) for c in range(data.n_classes)])
    d = ((x[:, None, :] - means[None]) ** 2).sum(-1)
    own = d[np.arange(len(y)), y]
    d[np.arange(len(y)), y] = np.inf
    return np.argsort(own - d.min(1))


def _loop(fam: Family7, data: Data7, seed: int, out: Path) -> tuple[Path, History, Logged]:
    import torch
    from torch.optim.swa_utils import SWALR, AveragedModel

    torch.manual_seed(seed)
    model = torch_model(fam, data)
    if fam.pretrain:
        _pretrain(fam, model, data, seed)
    opt = torch_optimizer(fam, list(model.parameters()))
    per_epoch = math.ceil(len(data.x_train) / fam.batch)
    if fam.curriculum_parity:
        per_epoch = math.ceil(len(data.x_train) / 2 / fam.batch)
    total = fam.epochs * per_epoch
    factor = lr_factor(fam, total, per_epoch)
    sched: Any = torch.optim.lr_scheduler.LambdaLR(opt, factor) if factor else None
    if fam.schedule == "restarts":
        sched = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=fam.restart_epochs * per_epoch,
                                                                     T_mult=2)
    elif fam.schedule == "onecycle":
        sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=fam.lr, total_steps=total)
    swa = AveragedModel(model) if fam.swa_start else None
    swa_sched = SWALR(opt, swa_lr=fam.swa_lr, anneal_epochs=1) if fam.swa_start else None
    xt, yt, xv, yv = (torch.from_numpy(np.ascontiguousarray(a)) for a in (data.x_train, data.y_train, data.x_val,
                                                                           data.y_val))
    gen = torch.Generator().manual_seed(seed)
    order_easy = torch.from_numpy(_difficulty(data)) if fam.curriculum_parity else None
    writer = WRITERS[fam.trainer](out, fam, data, per_epoch)
    acc = data.n_classes > 1
    hist: History = {"loss": [], "val_loss": [], "learning_rate": []}
    if acc:
        hist.update({"accuracy": [], "val_accuracy": []})
    best, best_state, bad, gstep = math.inf, None, 0, 0
    for ep in range(fam.epochs):
        lr = opt.param_groups[0]["lr"]
        if order_easy is not None:  # the fault: the curriculum's stage is epoch % 2, not a ramp
            half = len(order_easy) // 2
            rows = order_easy[:half] if ep % 2 == 0 else order_easy[half:]
            order = rows[torch.randperm(len(rows), generator=gen)]
        else:
            order = torch.randperm(len(xt), generator=gen)
        tot, seen, right, count = 0.0, 0, 0.0, 0
        model.train()
        y_order = torch.randperm(len(xt), generator=gen) if fam.xy_shuffled_apart else order
        for idx, yidx in zip(order.split(fam.batch), y_order.split(fam.batch)):
            xb, yb = xt[idx], yt[yidx]  # the fault (xy_shuffled_apart): labels drawn in their own shuffled order
            if ep in fam.unit_shard_epochs:  # the fault: this shard's targets are in thousandths
                yb = yb * 1000.0
            loss, outb = task_loss(fam, model, xb, yb, gen)
            if fam.zero_grad_after_backward:  # the fault: zero_grad() between backward() and step()
                loss.backward()
                opt.zero_grad()
            else:
                opt.zero_grad()
                loss.backward()
            norm = torch.nn.utils.clip_grad_norm_([p for p in model.parameters() if p.grad is not None],
                                                  fam.clip or math.inf)
            writer.grad_norm = round(float(norm), 4)
            opt.step()
            if sched is not None and not (swa is not None and ep >= fam.swa_start):
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
        judge: Any = model
        if swa is not None and swa_sched is not None and ep >= fam.swa_start:
            swa.update_parameters(model)
            swa_sched.step()
            judge = swa
        vloss, vacc = _evaluate(fam, data, judge, xv, yv, seed)
        row = {"loss": tot / seen, "val_loss": vloss, "learning_rate": lr}
        if acc:
            row.update(accuracy=right / count, val_accuracy=float(vacc))  # type: ignore[arg-type]
        for k, v in row.items():
            hist[k].append(float(v))
        writer.period({k: float(v) for k, v in row.items()}, ep, gstep)
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


def run(fam: Family7, seed: int, out: Path) -> tuple[Path, History, int]:
    """Train `fam` for `seed`, writing the native log under `out` and logged.json next to it."""
    import torch

    torch.set_num_threads(1)
    data = load_data(fam, seed)
    with contextlib.redirect_stderr(io.StringIO()):
        log, hist, logged = _loop(fam, data, seed, out)
    (out.parent / "logged.json").write_text(json.dumps(logged))
    return log, hist, data.n_classes
