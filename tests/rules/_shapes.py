"""Runs built from arrays through the real reader path (names.py tags each key), and the engine around one rule."""
from __future__ import annotations

from typing import Iterable

import numpy as np

from lossdoctor.config import Options
from lossdoctor.engine import diagnose_run
from lossdoctor.findings import Finding, Severity
from lossdoctor.model import Axis, Kind, Run, Series, Split
from lossdoctor.readers._base import Points, make_run
from lossdoctor.rules import RULES, Context, by_code
from lossdoctor.rules._policy import capped

# Every rule reported at the severity it judged (`warn = true`): what the rules decided, before the warning policy
# (rules/_policy.py) reports a finding off its list as a note. Tests of a judgement through the whole engine (a large
# lasting effect is judged a warning, a small one info) read it with `judged=True`, which also checks that the default
# report holds the same findings with the same numbers, at the severity the policy allows.
ALL_WARN = {r.code: {"warn": True} for r in RULES}


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
    """What one rule yields on the run (its requirements must be met), at the severity it judged: the engine then
    reports it as the warning policy allows (rules/_policy.py)."""
    r = by_code(code)
    assert r.missing(run) is None
    return [f for f in r.func(Context(run, Options(**options))) if f.code == code]  # type: ignore[arg-type]


def assert_reported_as_policy(default: list[Finding], judged: list[Finding]) -> None:
    """By default every finding the rule judged is still reported, with the same message and confidence, at the
    severity the warning policy allows (a note unless it is a broken run or an over-fit turn)."""
    def key(f: Finding) -> tuple[str, str, float]:
        return f.name, f.message.en, f.confidence

    assert sorted(map(key, default)) == sorted(map(key, judged))
    assert sorted((key(f), f.severity) for f in default) == sorted(
        (key(f), capped(f.severity, f.name, None, f.evidence.get("pattern"))) for f in judged)


def names(run: Run, judged: bool = False, **options: object) -> dict[str, str]:
    """name -> severity of every finding the whole engine reports (explained ones included); `judged`: the severity
    each rule judged, before the warning policy."""
    rep = diagnose_run(run, Options(**options))  # type: ignore[arg-type]
    if judged:
        seen = diagnose_run(run, Options(**options, rules=ALL_WARN))  # type: ignore[arg-type]
        assert_reported_as_policy(list(rep.findings), list(seen.findings))
        rep = seen
    return {f.name: f.severity.label for f in rep.findings}


def found(run: Run, name: str, **options: object) -> Finding | None:
    """The finding of that name the whole engine reports on the run, if any."""
    rep = diagnose_run(run, Options(**options))  # type: ignore[arg-type]
    return next((f for f in rep.findings if f.name == name), None)


def series(key: str, kind: Kind, split: Split, values: Iterable[float], axis: Axis = Axis.EPOCH,
           steps: Iterable[float] | None = None) -> Series:
    """One series built directly, without the reader's key tagging: steps default to 1, 2, 3..."""
    v = np.asarray(list(values), dtype=float)
    x = np.arange(1, v.size + 1, dtype=float) if steps is None else np.asarray(list(steps), dtype=float)
    return Series(key, split, kind, axis, x, v)


def found_in(name: str, *parts: Series, **options: object) -> Finding | None:
    """found() on a run made of these series."""
    return found(Run("t", tuple(parts)), name, **options)


def loud(run: Run, **options: object) -> list[str]:
    """The names the whole engine reports at warning or above."""
    rep = diagnose_run(run, Options(**options))  # type: ignore[arg-type]
    return [f.name for f in rep.findings if f.severity >= Severity.WARNING]


def decay(n: int, start: float = 2.3, end: float = 0.05, tau: float | None = None, noise: float = 0.0,
          seed: int = 0) -> np.ndarray:
    """A healthy-looking exponential decay with multiplicative noise."""
    t = np.arange(n, dtype=np.float64)
    tau = tau or n / 5
    y = end + (start - end) * np.exp(-t / tau)
    rng = np.random.default_rng(seed)
    return y * (1 + noise * rng.standard_normal(n))
