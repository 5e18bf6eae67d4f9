"""Runs built from arrays through the real reader path (names.py tags each key), and the engine around one rule."""
from __future__ import annotations

from typing import Iterable

import numpy as np

from lossdoctor.config import Options
from lossdoctor.engine import diagnose_run
from lossdoctor.findings import Finding
from lossdoctor.model import Axis, Run
from lossdoctor.readers._base import Points, make_run
from lossdoctor.rules import Context, by_code


def run_of(axis: str = "epoch", steps: Iterable[float] | None = None, **series: Iterable[float]) -> Run:
    """run_of(loss=[...], val_loss=[...], accuracy=[...]); steps default to 0, 1, 2..."""
    cols: dict[str, Points] = {}
    for key, values in series.items():
        v = [float(x) for x in values]
        st = list(steps) if steps is not None else list(range(len(v)))
        p = cols.setdefault(key, Points())
        for s, x in zip(st, v):
            p.add(float(s), x)
    return make_run("t", "t", "test", cols, Axis.EPOCH if axis == "epoch" else Axis.STEP)


def findings(code: str, run: Run, **options: object) -> list[Finding]:
    """What one rule yields on the run (its requirements must be met)."""
    r = by_code(code)
    assert r.missing(run) is None
    return [f for f in r.func(Context(run, Options(**options))) if f.code == code]  # type: ignore[arg-type]


def names(run: Run, **options: object) -> dict[str, str]:
    """name -> severity of every finding the whole engine reports (explained ones included)."""
    rep = diagnose_run(run, Options(**options))  # type: ignore[arg-type]
    return {f.name: f.severity.label for f in rep.findings}


def decay(n: int, start: float = 2.3, end: float = 0.05, tau: float | None = None, noise: float = 0.0,
          seed: int = 0) -> np.ndarray:
    """A healthy-looking exponential decay with multiplicative noise."""
    t = np.arange(n, dtype=np.float64)
    tau = tau or n / 5
    y = end + (start - end) * np.exp(-t / tau)
    rng = np.random.default_rng(seed)
    return y * (1 + noise * rng.standard_normal(n))
