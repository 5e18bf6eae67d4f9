"""A rule is metadata plus a pure function Context -> findings; @rule attaches, it registers nothing."""
from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Callable, Iterable

from ..config import Options
from ..findings import Finding, Severity
from ..i18n import Text
from ..model import Kind, Run, Split


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


@dataclass(frozen=True)
class Context:
    """What a rule receives: the run and the user's options."""

    run: Run
    options: Options


RuleFunc = Callable[[Context], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    code: str  # "LD101", stable forever
    name: str  # a finding name from the contract
    severity: Severity  # the default severity of its findings
    requires: tuple[Requirement, ...]  # all must be met
    func: RuleFunc
    summary: Text  # one line for `lossdoctor rules`

    @property
    def doc(self) -> str:
        """The rule's page: its function's docstring (sections What it detects / Why / Fix / Thresholds)."""
        return inspect.cleandoc(self.func.__doc__ or "")

    def missing(self, run: Run) -> Requirement | None:
        return next((r for r in self.requires if not r.met_by(run)), None)


def rule(*, code: str, name: str, severity: Severity, requires: tuple[Requirement, ...], summary: Text
         ) -> Callable[[RuleFunc], RuleFunc]:
    """Attach a Rule to the function as `.rule`; the catalogue in rules/__init__.py lists it."""

    def wrap(func: RuleFunc) -> RuleFunc:
        func.rule = Rule(code, name, severity, requires, func, summary)  # type: ignore[attr-defined]
        return func

    return wrap
