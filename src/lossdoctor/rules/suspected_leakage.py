"""LD112 suspected_leakage: Validation is too good to be true: near-perfect from the first epochs."""
from __future__ import annotations

from typing import Iterator

from ..findings import Finding, Severity
from ..i18n import Text
from ..model import Kind, Split
from ._rule import Context, Requirement, rule


@rule(code="LD112", name="suspected_leakage", severity=Severity.ERROR,
      requires=(Requirement(Kind.LOSS, Split.VAL),),
      summary=Text("Validation is too good to be true: near-perfect from the first epochs.", "验证结果好得不真实：从最初几轮起就接近完美。"))
def suspected_leakage(ctx: Context) -> Iterator[Finding]:
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
