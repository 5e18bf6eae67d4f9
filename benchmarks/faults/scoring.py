"""Scoring of the fault-injection benchmark: per-name TP/FP/FN, macro-F1, false alarms, top-3 causes.

Labels (scenarios.py): `expect` groups (any name in a group satisfies it; a miss is charged to the first name,
or for a peer to the first name it can emit), `allow` names (never false positives), `healthy`, `causes`.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable


@dataclass
class Score:
    tp: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    fp: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    fn: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    groups: int = 0
    groups_hit: int = 0
    healthy: int = 0
    false_alarms: int = 0
    cause_runs: int = 0
    cause_hits: int = 0

    def f1(self, name: str) -> float | None:
        tp, fp, fn = self.tp[name], self.fp[name], self.fn[name]
        if tp + fp + fn == 0:
            return None
        return 2 * tp / (2 * tp + fp + fn)

    def precision(self, name: str) -> float | None:
        d = self.tp[name] + self.fp[name]
        return self.tp[name] / d if d else None

    def recall(self, name: str) -> float | None:
        d = self.tp[name] + self.fn[name]
        return self.tp[name] / d if d else None

    def macro_f1(self, names: Iterable[str]) -> float | None:
        vals = [v for v in (self.f1(n) for n in names) if v is not None]
        return sum(vals) / len(vals) if vals else None

    @property
    def false_alarm_rate(self) -> float | None:
        return self.false_alarms / self.healthy if self.healthy else None

    @property
    def top3(self) -> float | None:
        return self.cause_hits / self.cause_runs if self.cause_runs else None


def score(records: list[dict[str, Any]], fired: dict[str, set[str]], alarm: dict[str, bool],
          causes: dict[str, list[str]] | None = None, scope: set[str] | None = None) -> Score:
    """Count per-name hits. `scope`: the names a peer can emit; groups with no name in scope are not charged."""
    sc = Score()
    for rec in records:
        got = fired[rec["id"]]
        groups = [tuple(g) for g in rec["expect"]]
        expected = {n for g in groups for n in g}
        for n in got:
            if n in expected:
                sc.tp[n] += 1
            elif n not in rec["allow"]:
                sc.fp[n] += 1
        for g in groups:
            sc.groups += 1
            if set(g) & got:
                sc.groups_hit += 1
            else:
                charged = [n for n in g if scope is None or n in scope]
                if charged:
                    sc.fn[charged[0]] += 1
        if rec["healthy"]:
            sc.healthy += 1
            sc.false_alarms += int(alarm[rec["id"]])
        if causes is not None and rec["causes"]:
            sc.cause_runs += 1
            sc.cause_hits += int(bool(set(causes[rec["id"]][:3]) & set(rec["causes"])))
    return sc


def label_names(records: list[dict[str, Any]]) -> list[str]:
    return sorted({n for r in records for g in r["expect"] for n in g})
