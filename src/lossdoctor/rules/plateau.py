"""LD105 plateau: Loss stopped improving for a long stretch."""
from __future__ import annotations

from typing import Iterator

from ..findings import Finding, Severity
from ..i18n import Text
from ..model import Kind, Split
from ._rule import Context, Requirement, rule


@rule(code="LD105", name="plateau", severity=Severity.INFO,
      requires=(Requirement(Kind.LOSS, Split.TRAIN),),
      summary=Text("Loss stopped improving for a long stretch.", "损失长时间不再改善。"))
def plateau(ctx: Context) -> Iterator[Finding]:
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
