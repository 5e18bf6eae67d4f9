"""Differential diagnosis: symptoms that explain others, contradictory causes, one primary verdict."""
from __future__ import annotations

from dataclasses import dataclass, replace

from .findings import CONTRADICTORY_CAUSES, Cause, Finding, Severity
from .i18n import Text

# When severities tie, the finding that names the deeper problem leads.
PRIORITY: tuple[str, ...] = (
    "nan_inf", "divergence", "suspected_leakage", "stuck_at_chance", "abnormal_initial_loss",
    "loss_not_decreasing", "overfitting", "train_loss_rebound", "train_flat_val_improving", "underfitting",
    "generalization_gap", "oscillation", "loss_spikes", "loss_metric_disagreement", "plateau",
    "noisy_validation", "still_improving", "val_below_train",
)


def explains_table() -> tuple[tuple[str, str], ...]:
    """(dominant, explained) pairs from the rules' `explains` metadata: when both are found, the second is a
    consequence of the first and is demoted to info. Ordered by the dominant's priority, so a finding explained
    by several is attributed to the deepest one."""
    from .rules import RULES  # the catalogue imports nothing from here; imported late to keep modules independent

    prio = {n: i for i, n in enumerate(PRIORITY)}
    pairs = [(r.name, e) for r in RULES for e in r.explains]
    return tuple(sorted(pairs, key=lambda p: prio.get(p[0], len(prio))))


@dataclass(frozen=True)
class RankedCause:
    cause: str
    likelihood: float
    findings: tuple[str, ...]  # names of the findings that point to it


def explain(findings: list[Finding]) -> list[Finding]:
    """Mark findings that another finding accounts for, and lower them to info."""
    present = {f.name for f in findings}
    # direct evidence that nothing is updated (evidence 'no_update') is no shape a note explains away
    warned = {f.name for f in findings if f.severity >= Severity.WARNING}
    table = explains_table()
    out = []
    for f in findings:
        by = next((d for d, e in table if e == f.name and d in (warned if f.evidence.get("no_update") else present)),
                  None)
        out.append(replace(f, explained_by=by, severity=Severity.INFO) if by else f)
    return out


def rank_causes(findings: list[Finding]) -> list[RankedCause]:
    """Combine causes over the unexplained findings (noisy-or), dropping the weaker of contradictory pairs.

    A finding explained by another still names its causes when its evidence says no weight is updated (evidence
    'no_update': the weights evaluated never change, a zero gradient and learning rate on every line): that is direct
    evidence about the cause, which the shape that explains the finding does not explain away. It counts as what it
    was reported as, a note (info weight), so it adds to the lead's causes without outranking a lead's own evidence."""
    weight = {Severity.ERROR: 1.0, Severity.WARNING: 0.8, Severity.INFO: 0.4}
    combined: dict[str, float] = {}
    sources: dict[str, list[str]] = {}
    for f in findings:
        if f.explained_by and not f.evidence.get("no_update"):
            continue
        for c in f.causes:
            p = c.likelihood * weight[f.severity]
            combined[c.cause] = 1.0 - (1.0 - combined.get(c.cause, 0.0)) * (1.0 - p)
            sources.setdefault(c.cause, []).append(f.name)
    for a, b in CONTRADICTORY_CAUSES:
        if a in combined and b in combined:
            loser = b if combined[a] >= combined[b] else a
            del combined[loser]
    ranked = sorted(combined.items(), key=lambda kv: -kv[1])
    return [RankedCause(c, p, tuple(dict.fromkeys(sources[c]))) for c, p in ranked]


def drop_contradicted(findings: list[Finding], ranked: list[RankedCause]) -> list[Finding]:
    """Remove from each finding the causes that lost to their contradiction at run level: the ones whose opposite was
    kept (a cause of an explained finding that nothing contradicts stays with it)."""
    kept = {r.cause for r in ranked}
    losers = {c for a, b in CONTRADICTORY_CAUSES for c, other in ((a, b), (b, a)) if c not in kept and other in kept}
    out = []
    for f in findings:
        causes = tuple(c for c in f.causes if c.cause not in losers)
        out.append(replace(f, causes=causes) if len(causes) != len(f.causes) else f)
    return out


def order(findings: list[Finding]) -> list[Finding]:
    """Severity first, then the priority table, then code."""
    prio = {n: i for i, n in enumerate(PRIORITY)}
    return sorted(findings, key=lambda f: (-int(f.severity), f.explained_by is not None,
                                           prio.get(f.name, len(prio)), f.code))


def primary(findings: list[Finding]) -> Finding | None:
    """The finding that leads the report: the most severe, deepest unexplained one (info does not lead)."""
    ranked = [f for f in order(findings) if not f.explained_by and f.severity >= Severity.WARNING]
    return ranked[0] if ranked else None


def why_not_first(lead: Finding, other: Finding) -> Text:
    """One line on why an alternative ranks below the primary finding."""
    if other.severity < lead.severity:
        return Text(f"less severe ({other.severity.label} vs {lead.severity.label})",
                    f"严重程度较低（{other.severity.label} 对 {lead.severity.label}）")
    return Text(f"{lead.name} is the deeper problem and is usually fixed first",
                f"{lead.name} 是更根本的问题，通常应先解决")


__all__ = ["PRIORITY", "Cause", "RankedCause", "explain", "explains_table", "order", "primary", "rank_causes", "drop_contradicted",
           "why_not_first"]
