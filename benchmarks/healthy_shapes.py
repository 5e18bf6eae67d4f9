"""How often lossdoctor warns on healthy training curves of the kinds real logs show: which rules, on which shapes.

Not a labelled benchmark (the curves are generated, so they say nothing about agreement with people); a stress test
of the false-alarm side, seeded and repeatable. Each shape is something a practitioner calls fine at a glance:

- step:      per-step minibatch losses (multiplicative noise, heavy tails), logged every k steps, evaluations between
- hf:        HF-Trainer-style: the loss averaged over each logging interval, eval_loss every few hundred steps
- staircase: SGD momentum with x0.1 step drops (the loss falls in steps, not swings)
- warmup:    a linear warm-up then cosine or one-cycle decay (the loss may bump while the LR climbs)
- finetune:  a pretrained model: starts near its floor, small gains, validation nearly flat (a slight late rise
             within its noise)
- converged: a reference log of a published model: a long tail at the floor with epoch-to-epoch noise
- lastbatch: a progress bar's last-batch loss per epoch beside a smooth epoch-level test loss
- excerpt:   the first 3-6 epochs of a healthy run

    PYTHONPATH=src python benchmarks/healthy_shapes.py --n 400
"""
from __future__ import annotations

import argparse
import collections
import math
import time

import numpy as np

from lossdoctor import Options, diagnose_run
from lossdoctor.model import Axis, Kind, Run, Series, Split

SHAPES = ("step", "hf", "staircase", "warmup", "finetune", "converged", "lastbatch", "excerpt")


def _ser(key: str, split: Split, kind: Kind, axis: Axis, steps: np.ndarray, v: np.ndarray) -> Series:
    return Series(key, split, kind, axis, np.asarray(steps, dtype=np.float64), np.asarray(v, dtype=np.float64))


def _decay(t: np.ndarray, start: float, floor: float, tau: float) -> np.ndarray:
    return floor + (start - floor) * np.exp(-t / tau)


def _acc(loss: np.ndarray, ln_c: float, c: int, rng: np.random.Generator, sd: float = 0.005) -> np.ndarray:
    a = 1 - (1 - 1.0 / c) * np.clip(loss / ln_c, 0, 1) ** 0.7
    return np.clip(a + rng.normal(0, sd, loss.size), 0, 1)


def make(shape: str, seed: int) -> Run:
    rng = np.random.default_rng(seed)
    c = int(rng.choice([2, 10, 100]))
    ln_c = math.log(c)
    floor_share = rng.uniform(0.03, 0.3)
    series: list[Series] = []
    if shape in ("step", "hf", "staircase", "warmup"):
        epochs = int(rng.integers(5, 40))
        per_epoch = int(rng.choice([20, 50, 200]))
        n = epochs * per_epoch
        t = np.arange(1, n + 1, dtype=np.float64)
        tau = rng.uniform(0.05, 0.3) * n
        lr_steps = np.arange(0, n + 1, per_epoch, dtype=np.float64)
        if shape == "staircase":
            drops = sorted(rng.choice(np.arange(2, epochs), size=min(2, epochs - 2), replace=False)) if epochs > 4 else []
            level = _decay(t, ln_c, ln_c * floor_share * 2, tau)
            lr = np.full(lr_steps.size, 0.1)
            for d in drops:
                s0 = d * per_epoch
                level[s0:] *= rng.uniform(0.4, 0.7)
                lr[lr_steps >= s0] *= 0.1
            clean = level
        elif shape == "warmup":
            w = max(2, int(rng.uniform(0.03, 0.1) * n))
            lr = np.where(lr_steps < w, 3e-4 * lr_steps / w, 3e-4 * 0.5 * (1 + np.cos(np.pi * (lr_steps - w) / (n - w))))
            clean = _decay(t, ln_c, ln_c * floor_share, tau)
            clean[:w] = ln_c * (1 + rng.uniform(0, 0.05) * np.sin(np.pi * t[:w] / w))
        else:
            lr = np.full(lr_steps.size, 1e-3)
            clean = _decay(t, ln_c, ln_c * floor_share, tau)
        sigma = rng.uniform(0.15, 0.5)
        batch = clean * np.exp(rng.normal(0, sigma, n) - sigma ** 2 / 2)
        if shape == "hf":
            k = int(rng.choice([10, 50]))
            m = n // k
            x = t[k - 1::k][:m]
            y = batch[: m * k].reshape(m, k).mean(axis=1)
            axis = Axis.STEP
        else:
            k = int(rng.choice([1, 5, 10]))
            x, y = t[::k], batch[::k]
            axis = Axis.STEP
        series.append(_ser("loss", Split.TRAIN, Kind.LOSS, axis, x, y))
        series.append(_ser("lr", Split.NONE, Kind.LR, axis, lr_steps, lr))
        ev = np.arange(per_epoch, n + 1, per_epoch, dtype=np.float64)
        gap = rng.uniform(1.0, 1.25)
        vl = clean[ev.astype(int) - 1] * gap * (1 + rng.normal(0, 0.01, ev.size))
        series.append(_ser("val_loss", Split.VAL, Kind.LOSS, axis, ev, vl))
        if rng.random() < 0.5:
            series.append(_ser("val_accuracy", Split.VAL, Kind.ACCURACY, axis, ev, _acc(vl, ln_c, c, rng)))
        return Run(f"{shape}-{seed}", tuple(series), source=f"gen/{shape}/{seed}", format="hf_trainer")
    if shape == "finetune":
        n = int(rng.integers(3, 20))
        t = np.arange(n, dtype=np.float64)
        start = ln_c * rng.uniform(0.05, 0.3)
        tr = _decay(t, start, start * rng.uniform(0.3, 0.7), rng.uniform(1, 4)) * (1 + rng.normal(0, 0.02, n))
        vbase = start * rng.uniform(1.0, 1.3)
        vl = vbase * (1 - rng.uniform(0, 0.1) * (1 - np.exp(-t / 2))) * (1 + rng.normal(0, 0.02, n))
        if rng.random() < 0.4:  # a slight late rise of the validation loss while accuracy holds (over-confidence)
            vl = vl * (1 + rng.uniform(0, 0.06) * np.clip(t - n / 2, 0, None) / max(1, n / 2))
        va = np.clip(rng.uniform(0.8, 0.95) + 0.01 * np.log1p(t) + rng.normal(0, 0.004, n), 0, 1)
        ta = np.clip(va + 0.02 + 0.01 * t / n, 0, 1)
        ax = Axis.EPOCH
        series += [_ser("loss", Split.TRAIN, Kind.LOSS, ax, t, tr), _ser("val_loss", Split.VAL, Kind.LOSS, ax, t, vl),
                   _ser("accuracy", Split.TRAIN, Kind.ACCURACY, ax, t, ta),
                   _ser("val_accuracy", Split.VAL, Kind.ACCURACY, ax, t, va)]
        return Run(f"{shape}-{seed}", tuple(series), source=f"gen/{shape}/{seed}", format="keras_csv")
    if shape in ("converged", "lastbatch", "excerpt"):
        n = {"converged": int(rng.integers(60, 300)), "lastbatch": int(rng.integers(10, 60)),
             "excerpt": int(rng.integers(3, 7))}[shape]
        t = np.arange(1, n + 1, dtype=np.float64)
        tau = rng.uniform(0.05, 0.2) * n if shape == "converged" else rng.uniform(0.2, 0.6) * n
        clean = _decay(t, ln_c, ln_c * floor_share, tau)
        noise = {"converged": rng.uniform(0.005, 0.03), "lastbatch": rng.uniform(0.15, 0.5),
                 "excerpt": rng.uniform(0.0, 0.02)}[shape]
        tr = clean * np.exp(rng.normal(0, noise, n))
        vl = clean * rng.uniform(1.0, 1.2) * (1 + rng.normal(0, 0.01, n))
        ax = Axis.EPOCH
        series += [_ser("loss", Split.TRAIN, Kind.LOSS, ax, t, tr), _ser("val_loss", Split.VAL, Kind.LOSS, ax, t, vl)]
        if rng.random() < 0.6:
            series.append(_ser("val_accuracy", Split.VAL, Kind.ACCURACY, ax, t, _acc(vl, ln_c, c, rng)))
        return Run(f"{shape}-{seed}", tuple(series), source=f"gen/{shape}/{seed}", format="keras_csv")
    raise ValueError(shape)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200, help="runs per shape")
    ap.add_argument("--examples", type=int, default=0, help="print this many warning messages per rule and shape")
    a = ap.parse_args()
    t0 = time.process_time()
    print(f"| shape | runs | runs with a warning | rules that warned (runs) |\n|---|---|---|---|")
    total = warned_total = 0
    for shape in SHAPES:
        rules: collections.Counter[str] = collections.Counter()
        warned = 0
        shown: collections.Counter[str] = collections.Counter()
        for seed in range(a.n):
            run = make(shape, seed)
            w = [f for f in diagnose_run(run, Options()).findings if f.severity.label != "info"]
            warned += bool(w)
            for f in w:
                rules[f.name] += 1
                if shown[f.name] < a.examples:
                    shown[f.name] += 1
                    print(f"    {shape}-{seed}: {f.name}: {f.message.en[:200]}")
        total += a.n
        warned_total += warned
        detail = ", ".join(f"{k} {v}" for k, v in rules.most_common()) or "-"
        print(f"| {shape} | {a.n} | {warned} ({warned / a.n:.0%}) | {detail} |")
    print(f"| all | {total} | {warned_total} ({warned_total / total:.0%}) | |")
    print(f"\n{time.process_time() - t0:.0f} s CPU")


if __name__ == "__main__":
    main()
