"""Runs the rules a Run supports, explains the ones it skipped, isolates crashes, ranks causes."""
from __future__ import annotations

import traceback
import warnings
from dataclasses import dataclass
from typing import Any, Iterable

import numpy as np

from . import consistency, differential, metric_only
from .api import ReportOutput
from .config import Options
from .findings import Analysis, Finding, Severity, Skipped
from .i18n import Lang, Text
from .model import Kind, Run
from .rules import RULES, Context, Rule
from .rules import _policy as warning_policy  # which findings may warn, applied last
from .rules import _stated

INTERNAL_ERROR_CODE = "LD000"
MIN_POINTS = 3  # a loss (or, without any loss, a metric) curve with fewer finite points cannot be judged


@dataclass(frozen=True, repr=False)
class Report(ReportOutput):
    """The diagnosis of one run (or of one data check): findings, skips, verdict and ranked causes."""

    run: Run
    findings: tuple[Finding, ...]
    skipped: tuple[Skipped, ...] = ()
    causes: tuple[differential.RankedCause, ...] = ()
    insufficient: bool = False
    analyses: tuple[Analysis, ...] = ()

    @property
    def verdict(self) -> str:
        worst = max((f.severity for f in self.findings), default=None)
        if worst is not None and worst >= Severity.ERROR:
            return "error"
        if worst is not None and worst >= Severity.WARNING:
            return "warning"
        return "insufficient_data" if self.insufficient else "healthy"

    def loss_points_seen(self) -> tuple[int, str]:
        """(finite points, axis) of the run's longest loss series: how much of the run the verdict rests on."""
        best = max(self.run.find_all(Kind.LOSS), key=lambda s: int(np.isfinite(s.values).sum()), default=None)
        return (int(np.isfinite(best.values).sum()), best.axis.value) if best is not None else (0, "epoch")

    @property
    def primary(self) -> Finding | None:
        return differential.primary(list(self.findings))

    @property
    def max_severity(self) -> Severity | None:
        return max((f.severity for f in self.findings), default=None)

    def to_dict(self, lang: Lang = "en") -> dict[str, Any]:
        """One element of the JSON `runs` list (DESIGN.md §3)."""
        lead = self.primary
        return {
            "name": self.run.name,
            "source": self.run.source,
            "format": self.run.format,
            "series": [{"key": s.key, "split": s.split.value, "kind": s.kind.value, "axis": s.axis.value,
                        "points": len(s)} for s in self.run.series],
            "verdict": self.verdict,
            "findings": [f.to_dict(lang) for f in self.findings],
            "skipped": [s.to_dict(lang) for s in self.skipped],
            "primary": lead.name if lead else None,
            "causes": [{"cause": c.cause, "likelihood": round(c.likelihood, 3), "findings": list(c.findings)}
                       for c in self.causes],
            "analyses": [a.to_dict(lang) for a in self.analyses],
            "warnings": list(self.run.warnings),
            **({"also_from": list(self.run.also_from)} if self.run.also_from else {}),
        }


def _has_enough_data(run: Run) -> bool:
    """A loss with enough points (or a non-finite one); a run that logged no loss at all, a metric with enough points
    (an accuracy-only log is judged on its accuracies, metric_only.py)."""
    if metric_only.is_metric_only(run):
        return metric_only.metric_points(run) >= MIN_POINTS
    return any(int(np.isfinite(s.values).sum()) >= MIN_POINTS or not np.isfinite(s.values).all()
               for s in run.find_all(Kind.LOSS))


_UNIT_ZH = {"rule": "规则", "check": "检查"}


def crash_finding(unit: str, code: str, name: str, exc: BaseException) -> Finding:
    """The internal-error finding for a rule or check (`unit`) that raised: the report goes on without it."""
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    loc = f" ({where.filename.rsplit('/', 1)[-1]}:{where.lineno})" if where else ""
    zh = _UNIT_ZH[unit]
    return Finding(
        code=INTERNAL_ERROR_CODE, name="internal_error", severity=Severity.INFO,
        message=Text(f"{unit} {code} {name} failed: {type(exc).__name__}: {exc}{loc}; other {unit}s ran normally.",
                     f"{zh} {code} {name} 出错：{type(exc).__name__}: {exc}{loc}；其他{zh}正常运行。"),
        evidence={unit: code, "error": f"{type(exc).__name__}: {exc}"},
    )


def run_rules(run: Run, options: Options, rules: Iterable[Rule] = RULES) -> tuple[list[Finding], list[Skipped]]:
    """Apply each selected rule; a missing input becomes a skip, a crash becomes an internal-error finding."""
    findings: list[Finding] = []
    skipped: list[Skipped] = []
    ctx = Context(run, options)
    for r in rules:
        if not options.wants(r.code, r.name):
            continue
        missing = r.missing(run)
        if missing is not None:
            skipped.append(Skipped(r.code, r.name, missing.describe()))
            continue
        why = _stated.skip_reason(r.name, options)  # the stated loss or task rules it out (rules/_stated.py)
        if why is not None:
            skipped.append(Skipped(r.code, r.name, why))
            continue
        try:
            findings.extend(_stated.stamp(r.name, options, r.check(ctx)))
        except Exception as exc:  # a broken rule must never break the report
            findings.append(crash_finding("rule", r.code, r.name, exc))
    return findings, skipped


def diagnose_run(run: Run, options: Options | None = None) -> Report:
    """Diagnose one Run: rules, then differential diagnosis (explained symptoms, contradictions, ranking)."""
    options = options or Options()
    found, skipped = run_rules(run, options)
    found = consistency.refute(found, run)  # no claim its own run refutes (consistency.py)
    found = differential.explain(found)
    ranked = differential.rank_causes(found)
    found = differential.drop_contradicted(found, ranked)
    found = consistency.reconcile(found, run)  # nothing the run itself refutes (consistency.py)
    found = warning_policy.apply(found, options)  # which findings may warn (rules/_policy.py), applied last
    found = metric_only.qualify(found, run)  # no loss logged: said, and held less sure (metric_only.py)
    return Report(run=run, findings=tuple(differential.order(found)), skipped=tuple(skipped),
                  causes=tuple(ranked), insufficient=not _has_enough_data(run), analyses=_analyses(run, found))


def _analyses(run: Run, findings: list[Finding]) -> tuple[Analysis, ...]:
    """The trend, rate-of-change and cross-check tables (analyses.py), reconciled with the findings; like a rule,
    a failing analysis must never break the report."""
    from . import analyses

    try:
        return analyses.analyze(run, findings)
    except Exception as exc:  # noqa: BLE001 - isolate it and warn (the CLI prints warnings on stderr)
        warnings.warn(f"analyses failed: {type(exc).__name__}: {exc}", stacklevel=2)
        return ()
