"""LD118 generalization_gap: Validation is far worse than training from the start, without widening."""
from __future__ import annotations

from typing import Iterator

from ..findings import Finding, Severity
from ..i18n import Text
from ..model import Kind, Split
from ._rule import Context, Requirement, rule


@rule(code="LD118", name="generalization_gap", severity=Severity.WARNING,
      requires=(Requirement(Kind.LOSS, Split.TRAIN), Requirement(Kind.LOSS, Split.VAL)),
      summary=Text("Validation is far worse than training from the start, without widening.", "验证从一开始就远差于训练，且差距不扩大。"))
def generalization_gap(ctx: Context) -> Iterator[Finding]:
    """
    ## What it detects
    TODO

    ## Why it matters
    TODO

    ## How to fix
    TODO

    ## Thresholds
    TODO
    """
    return iter(())
