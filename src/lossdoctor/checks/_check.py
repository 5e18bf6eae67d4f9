"""A check is metadata plus a pure function CheckContext -> findings; @check attaches, it registers nothing.

It carries the same attributes as a curve rule (code, name, severity, summary, requires, doc), so the rule pages
and `lossdoctor explain` show checks the same way.
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable

from ..findings import Finding, Fix, Severity
from ..i18n import Text

if TYPE_CHECKING:
    from .context import CheckContext


@dataclass(frozen=True)
class Need:
    """Something a check needs from its inputs (a second split, labels, a model...)."""

    key: str  # "split_pair", "labels", "model", "overfit", "lr_range", "loader", "scaler"
    text: Text

    def describe(self) -> Text:
        return Text(f"no {self.text.en}", f"没有{self.text.zh}")


SPLIT_PAIR = Need("split_pair", Text("second split (--test or --val)", "第二个数据划分（--test 或 --val）"))
LABELS = Need("labels", Text("labels (--label)", "标签（--label）"))
MODEL = Need("model", Text("model (--model)", "模型（--model）"))
OVERFIT = Need("overfit", Text("request for the overfit test (--overfit)", "过拟合测试请求（--overfit）"))
LR_RANGE = Need("lr_range", Text("request for the LR range test (--lr-range)", "学习率范围测试请求（--lr-range）"))

CheckFunc = Callable[["CheckContext"], Iterable[Finding]]


@dataclass(frozen=True)
class NoOptions:
    """A check has no per-rule options table: its bounds are arguments of `check()` and `lossdoctor check`."""


@dataclass(frozen=True)
class Check:
    code: str  # "LD301", stable forever
    name: str  # a finding name from the contract
    severity: Severity
    requires: tuple[Need, ...]
    func: CheckFunc
    summary: Text

    @property
    def options(self) -> type:
        """Like a rule's options dataclass (the rule pages list its fields): none."""
        return NoOptions

    @property
    def doc(self) -> str:
        """The check's page: its function's docstring (What it detects / Why it matters / How to fix / Thresholds)."""
        return inspect.cleandoc(self.func.__doc__ or "")


def check(*, code: str, name: str, severity: Severity, requires: tuple[Need, ...], summary: Text
          ) -> Callable[[CheckFunc], CheckFunc]:
    """Attach a Check to the function as `.check`; the catalogue in checks/__init__.py lists it."""

    def wrap(func: CheckFunc) -> CheckFunc:
        func.check = Check(code, name, severity, requires, func, summary)  # type: ignore[attr-defined]
        return func

    return wrap


FRAMEWORK_KEYS = {"pytorch": ("pytorch", "lightning", "hf", "python"), "keras": ("keras", "python")}


def only_for(fix: Fix, framework: str) -> Fix:
    """The fix's code for the model's framework (and framework-free code), not another framework's."""
    keep = FRAMEWORK_KEYS.get(framework, ())
    code = {k: v for k, v in fix.code.items() if k in keep}
    return Fix(fix.text, code or dict(fix.code))
