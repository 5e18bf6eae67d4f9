"""LD106 oscillation: Loss swings up and down around a level without progress."""
from __future__ import annotations

from typing import Iterator

from ..findings import Finding, Severity
from ..i18n import Text
from ..model import Kind, Split
from ._rule import Context, Requirement, rule


@rule(code="LD106", name="oscillation", severity=Severity.WARNING,
      requires=(Requirement(Kind.LOSS),),
      summary=Text("Loss swings up and down around a level without progress.", "损失在某个水平上下震荡而没有进展。"))
def oscillation(ctx: Context) -> Iterator[Finding]:
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
