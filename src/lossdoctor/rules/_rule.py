"""A rule: metadata plus three pure parts, measure -> judge -> explain. `define` builds one; it registers nothing.

- `measure(ctx, options) -> Evidence | tuple[Evidence, ...] | None`: the numbers (a frozen dataclass per rule, with
  the epochs or steps they came from). None when the run cannot show the symptom at all (too few points).
- `judge(evidence, options) -> Verdict | None`: the decision, with a severity and a confidence (0-1). Every
  threshold is a field of the rule's options dataclass (`opt(default, reason)`), overridable by the user.
- `explain(evidence, verdict, options) -> Finding`: the message (en + zh) from evidence fields, causes (their
  likelihoods from evidence and options), fixes, and the marks a report draws.

The engine calls `Rule.check(ctx)`, which runs the three and stamps the verdict's severity and confidence on the
finding; a rule never builds a Finding it has not judged. Which judged findings may be reported as warnings is the
warning policy's decision (`_policy.py`), applied by the engine last: a broken run, a clear over-fit turn, a probe's
direct measurement of the model.
"""
from __future__ import annotations

import functools
import inspect
from dataclasses import MISSING, dataclass, field, fields, replace
from typing import Any, Callable, Generic, TypeVar

from ..config import Options
from ..findings import Finding, Severity
from ..i18n import Text
from ..model import Kind, Run, Split
from . import _policy
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
    reading: str = ""  # which of the rule's patterns was judged present, when it has several

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
    severity: Severity  # the most severe finding it judges (reported so when the warning policy, _policy.py, allows)
    requires: tuple[Requirement, ...]  # all must be met
    summary: Text  # one line for `lossdoctor rules`
    options: type  # the rule's options dataclass (every threshold, with default and reason)
    measure: Measure
    judge: Judge
    explain: Explain
    explains: tuple[str, ...] = ()  # names of findings this one accounts for when both are found
    doc_text: str = ""

    @property
    def may_warn(self) -> bool:
        """Whether its findings may be warnings by default (the warning policy, _policy.py); else they are notes."""
        return _policy.may_warn(self.name)

    @property
    def doc(self) -> str:
        """The rule's page text (sections What it detects / Why it matters / How to fix / Thresholds)."""
        return inspect.cleandoc(self.doc_text)

    def missing(self, run: Run) -> Requirement | None:
        return next((r for r in self.requires if not r.met_by(run)), None)

    def check(self, ctx: Context) -> list[Finding]:
        """measure -> judge -> explain with the user's options for this rule; the finding carries the verdict."""
        o = _options_for(ctx.options, self.code, self.options)
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


def _options_for(options: Options, code: str, cls: type) -> Any:
    """The rule's options for these Options: built and checked once (a fleet scan asks 18 times per run with the
    same Options; the result is a frozen dataclass, safe to share)."""
    try:
        return _cached_options(options, code, cls)
    except TypeError:  # an override value that cannot be hashed: build it each time
        return options.for_rule(code, cls)


@functools.lru_cache(maxsize=256)
def _cached_options(options: Options, code: str, cls: type) -> Any:
    return options.for_rule(code, cls)


def define(*, code: str, name: str, severity: Severity, requires: tuple[Requirement, ...], summary: Text,
           options: type = NoOptions, measure: Measure, judge: Judge, explain: Explain,
           explains: tuple[str, ...] = (), doc: str = "") -> Rule[Any, Any]:
    """Build a Rule (the catalogue in rules/__init__.py lists it)."""
    return Rule(code, name, severity, requires, summary, options, measure, judge, explain, explains, doc)


__all__ = ["Context", "NoOptions", "OptionInfo", "Requirement", "Rule", "Verdict", "define", "opt", "option_infos"]
