"""LD107 divergence: Loss grows fast and keeps growing."""
from __future__ import annotations

from typing import Iterator

from ..findings import Finding, Severity
from ..i18n import Text
from ..model import Kind, Split
from ._rule import Context, Requirement, rule


@rule(code="LD107", name="divergence", severity=Severity.ERROR,
      requires=(Requirement(Kind.LOSS),),
      summary=Text("Loss grows fast and keeps growing.", "损失快速增长并持续增大。"))
def divergence(ctx: Context) -> Iterator[Finding]:
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
