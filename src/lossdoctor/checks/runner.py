"""Runs the checks the inputs support, explains the ones skipped, isolates a check that crashes, and returns the
same Report as a diagnosis: a Run named for the data checked, with any curve a check measured as its series."""
from __future__ import annotations

from typing import Iterable

from .. import differential
from ..engine import Report, crash_finding
from ..findings import Analysis, Finding, Skipped
from ..model import Run, Series
from ._check import Check, Need
from .context import CheckContext


def _met(need: Need, ctx: CheckContext) -> bool:
    if need.key == "split_pair":
        return bool(ctx.held_out)
    if need.key == "labels":
        return ctx.train.y is not None
    if need.key == "model":
        return ctx.model is not None
    if need.key == "overfit":
        return ctx.options.overfit
    if need.key == "lr_range":
        return ctx.options.lr_range
    raise ValueError(f"unknown need {need.key!r}")


def run_checks(ctx: CheckContext, checks: Iterable[Check], name: str, source: str) -> Report:
    """Every selected check on the context; a missing input is a skip, a crash an internal-error finding.

    Errors the user must fix (a model that fails to run on the data) propagate as LossDoctorError."""
    from ..errors import LossDoctorError

    findings: list[Finding] = []
    skipped: list[Skipped] = []
    series: list[Series] = []
    analyses: list[Analysis] = []
    for c in checks:
        if not ctx.options.wants(c.code, c.name):
            continue
        missing = next((n for n in c.requires if not _met(n, ctx)), None)
        if missing is not None:
            skipped.append(Skipped(c.code, c.name, missing.describe()))
            continue
        try:
            for item in c.func(ctx):
                if isinstance(item, Series):
                    series.append(item)
                elif isinstance(item, Analysis):
                    analyses.append(item)
                else:
                    findings.append(item)
        except LossDoctorError:
            raise
        except Exception as exc:  # a broken check must never break the report
            findings.append(crash_finding("check", c.code, c.name, exc))
    ranked = differential.rank_causes(findings)
    found = differential.drop_contradicted(findings, ranked)
    warnings = tuple(f"{d.name}: read the first {len(d)} rows only" for d in ctx.splits if d.truncated)
    run = Run(name=name, series=tuple(series), source=source, format="check", warnings=warnings)
    return Report(run=run, findings=tuple(differential.order(found)), skipped=tuple(skipped), causes=tuple(ranked),
                  analyses=tuple(analyses))
