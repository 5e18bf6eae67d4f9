"""A rule: metadata plus three pure parts, measure -> judge -> explain. `define` builds one; it registers nothing.

- `measure(ctx, options) -> Evidence | tuple[Evidence, ...] | None`: the numbers (a frozen dataclass per rule, with
  the epochs or steps they came from). None when the run cannot show the symptom at all (too few points).
- `judge(evidence, options) -> Verdict | None`: the decision, with a severity and a confidence (0-1). Every
  threshold is a field of the rule's options dataclass (`opt(default, reason)`), overridable by the user.
- `explain(evidence, verdict, options) -> Finding`: the message (en + zh) from evidence fields, causes (their
  likelihoods from evidence and options), fixes, and the marks a report draws.

The engine calls `Rule.check(ctx)`, which runs the three and stamps the verdict's severity and confidence on the
finding; a rule never builds a Finding it has not judged.
"""
from __future__ import annotations

import inspect
from dataclasses import MISSING, dataclass, field, fields, replace
from typing import Any, Callable, Generic, TypeVar

import numpy as np

from ..config import Options
from ..findings import Finding, Mark, Severity
from ..i18n import Text
from ..model import Kind, Run, Split
from ._context import Context

E = TypeVar("E")
O = TypeVar("O")


def opt(default: Any, reason: str) -> Any:
    """A threshold or parameter of a rule: its default and why it is that value (shown in the rule's page)."""
    return field(default=default, metadata={"reason": reason})


@dataclass(frozen=True)
class NoOptions:
    """A rule without tunable thresholds."""


@dataclass(frozen=True)
class OptionInfo:
    name: str
    default: Any
    reason: str


def option_infos(cls: type) -> tuple[OptionInfo, ...]:
    """The documented fields of an options dataclass (name, default, reason)."""
    out = []
    for f in fields(cls):
        default = f.default if f.default is not MISSING else None
        out.append(OptionInfo(f.name, default, str(f.metadata.get("reason", ""))))
    return tuple(out)


@dataclass(frozen=True)
class Verdict:
    """What `judge` decided: how serious and how sure, and (when little was seen) what would settle it."""

    severity: Severity
    confidence: float
    settle: Text | None = None  # e.g. "five more epochs would show whether validation keeps rising"

    def __post_init__(self) -> None:
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence {self.confidence} outside [0, 1]")


@dataclass(frozen=True)
class Requirement:
    """A series a rule needs: a kind on a split (None = any split)."""

    kind: Kind
    split: Split | None = None
    alternatives: tuple[Kind, ...] = ()  # other kinds that meet it too ("an accuracy or another metric")

    def met_by(self, run: Run) -> bool:
        return any(run.find_all(k, self.split) for k in (self.kind, *self.alternatives))

    def describe(self) -> Text:
        split_en = {None: "", Split.TRAIN: "training ", Split.VAL: "validation ", Split.TEST: "test ",
                    Split.NONE: ""}[self.split]
        split_zh = {None: "", Split.TRAIN: "训练", Split.VAL: "验证", Split.TEST: "测试", Split.NONE: ""}[self.split]
        more = bool(self.alternatives)
        kind_en = self.kind.value.replace("_", " ") + (" or other metric" if more else "")
        kind_zh = {"loss": "损失", "accuracy": "准确率", "lr": "学习率", "grad_norm": "梯度范数"}.get(
            self.kind.value, self.kind.value) + ("或其他指标" if more else "")
        return Text(f"no {split_en}{kind_en} series", f"没有{split_zh}{kind_zh}曲线")


Measure = Callable[[Context, Any], Any]
Judge = Callable[[Any, Any], "Verdict | None"]
Explain = Callable[[Any, Verdict, Any], Finding]


@dataclass(frozen=True)
class Rule(Generic[E, O]):
    code: str  # "LD101", stable forever
    name: str  # a finding name from the contract
    severity: Severity  # the most severe finding it gives
    requires: tuple[Requirement, ...]  # all must be met
    summary: Text  # one line for `lossdoctor rules`
    options: type  # the rule's options dataclass (every threshold, with default and reason)
    measure: Measure
    judge: Judge
    explain: Explain
    explains: tuple[str, ...] = ()  # names of findings this one accounts for when both are found
    doc_text: str = ""

    @property
    def doc(self) -> str:
        """The rule's page text (sections What it detects / Why it matters / How to fix / Thresholds)."""
        return inspect.cleandoc(self.doc_text)

    def missing(self, run: Run) -> Requirement | None:
        return next((r for r in self.requires if not r.met_by(run)), None)

    def check(self, ctx: Context) -> list[Finding]:
        """measure -> judge -> explain with the user's options for this rule; the finding carries the verdict."""
        o = ctx.options.for_rule(self.code, self.options)
        measured = self.measure(ctx, o)
        if measured is None:
            return []
        out = []
        for ev in (measured if isinstance(measured, tuple) else (measured,)):
            v = self.judge(ev, o)
            if v is None:
                continue
            f = self.explain(ev, v, o)
            message = f.message if v.settle is None else Text(f"{f.message.en} {v.settle.en}",
                                                              f"{f.message.zh}{v.settle.zh}")
            out.append(replace(f, code=self.code, name=self.name, severity=v.severity,
                               confidence=round(v.confidence, 2), message=message))
        return out

    @property
    def func(self) -> Callable[[Context], list[Finding]]:
        """The whole rule as one callable (ctx -> findings), for tests and docs."""
        return self.check


def define(*, code: str, name: str, severity: Severity, requires: tuple[Requirement, ...], summary: Text,
           options: type = NoOptions, measure: Measure, judge: Judge, explain: Explain,
           explains: tuple[str, ...] = (), doc: str = "") -> Rule[Any, Any]:
    """Build a Rule (the catalogue in rules/__init__.py lists it)."""
    return Rule(code, name, severity, requires, summary, options, measure, judge, explain, explains, doc)


def _default_confidence(ctx: Context, f: Finding) -> Finding:
    """A finding from a rule that did not set its confidence: the points of its series seen, at strength 0.9."""
    if f.confidence != 1.0:
        return f
    from ._confidence import coverage

    s = ctx.run.get(f.series[0]) if f.series else None
    points = int(np.isfinite(s.values).sum()) if s is not None else 0
    return replace(f, confidence=round(max(0.05, 0.9 * coverage(points)), 2))


def rule(*, code: str, name: str, severity: Severity, requires: tuple[Requirement, ...], summary: Text,
         explains: tuple[str, ...] = ()) -> Callable[[Callable[[Context], Any]], Callable[[Context], Any]]:
    """Transitional: a rule still written as one function ctx -> findings (being split into measure/judge/explain).
    Its findings pass through judge unchanged; its marks come from evidence keys ending in _epoch(s)/_step(s)."""

    def wrap(func: Callable[[Context], Any]) -> Callable[[Context], Any]:
        def measure(ctx: Context, o: Any) -> tuple[Finding, ...] | None:
            return tuple(_default_confidence(ctx, f) for f in func(ctx)) or None

        def judge(f: Finding, o: Any) -> Verdict:
            return Verdict(f.severity, f.confidence)

        def explain(f: Finding, v: Verdict, o: Any) -> Finding:
            marks = []
            for k, val in f.evidence.items():
                if "per_" in k:
                    continue
                if k.endswith(("_epoch", "_step")) and isinstance(val, (int, float)) and not isinstance(val, bool):
                    marks.append(Mark(k, (float(val),)))
                elif k.endswith(("_epochs", "_steps")) and isinstance(val, (list, tuple)):
                    marks.append(Mark(k, tuple(float(x) for x in val), True))
            return replace(f, marks=tuple(marks))

        func.rule = define(code=code, name=name, severity=severity, requires=requires,  # type: ignore[attr-defined]
                           summary=summary, measure=measure, judge=judge, explain=explain, explains=explains,
                           doc=func.__doc__ or "")
        return func

    return wrap


__all__ = ["Context", "NoOptions", "OptionInfo", "Requirement", "Rule", "Verdict", "define", "opt", "option_infos"]
