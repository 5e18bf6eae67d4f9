"""Numeric edge cases for every loss-shape rule: no crash, no guess, NaN/inf only through nan_inf."""
from __future__ import annotations

import numpy as np
import pytest

from _shapes import findings, names, run_of
from lossdoctor.engine import diagnose_run

MINE = ("LD102", "LD103", "LD104", "LD105", "LD106", "LD107", "LD108", "LD109", "LD110", "LD113", "LD117")
NAN, INF = float("nan"), float("inf")


@pytest.mark.parametrize("values", [[1.0], [1.0, 0.9], [NAN] * 10, [0.5] * 1, []],
                         ids=["one", "two", "all-nan", "single", "empty"])
def test_too_few_points_no_shape_finding(values: list[float]) -> None:
    run = run_of(loss=values, val_loss=values)
    for f in diagnose_run(run).findings:
        assert f.code not in MINE or f.code == "LD108", f.message.en


def test_all_nan_is_only_nan_inf() -> None:
    rep = names(run_of(loss=[NAN] * 10), judged=True)
    assert set(rep) == {"nan_inf"}


def test_constant_loss_is_one_verdict() -> None:
    rep = diagnose_run(run_of(loss=[0.4123] * 20))
    loud = [f.name for f in rep.findings if f.severity.label != "info"]
    assert loud == ["loss_not_decreasing"]


def test_single_inf_in_a_healthy_curve() -> None:
    y = list(2.3 * np.exp(-np.arange(40) / 8) + 0.05)
    y[25] = INF
    rep = names(run_of(loss=y), judged=True)
    assert rep == {"nan_inf": "warning"}


@pytest.mark.parametrize("code", MINE)
def test_each_rule_survives_degenerate_input(code: str) -> None:
    for values in ([0.0] * 12, [-1.0, -2.0, -3.0, -4.0, -5.0, -6.0], [1e300] * 6, [1e-300] * 6):
        findings(code, run_of(loss=values, val_loss=values))  # must not raise


def test_healthy_runs_raise_nothing() -> None:
    rng = np.random.default_rng(0)
    for seed in range(5):
        t = np.arange(50)
        y = (2.3 * np.exp(-t / 8) + 0.05) * (1 + 0.02 * rng.standard_normal(50))
        v = (2.3 * np.exp(-t / 8) + 0.12) * (1 + 0.02 * rng.standard_normal(50))
        acc = 1 - 0.9 * np.exp(-t / 8)
        lr = np.r_[np.full(25, 1e-2), np.full(25, 1e-3)]
        rep = diagnose_run(run_of(loss=y, val_loss=v, accuracy=acc, val_accuracy=acc - 0.02, lr=lr))
        assert rep.verdict == "healthy", [f.message.en for f in rep.findings]


def test_explains_table_has_no_cycle() -> None:
    """A cycle would demote both findings and leave the report with no reading at all."""
    from lossdoctor.differential import explains_table

    graph: dict[str, set[str]] = {}
    for a, b in explains_table():
        graph.setdefault(a, set()).add(b)

    def reaches(start: str, target: str, seen: set[str]) -> bool:
        return any(n == target or (n not in seen and reaches(n, target, seen | {n})) for n in graph.get(start, ()))

    assert not [a for a in graph if reaches(a, a, set())]
