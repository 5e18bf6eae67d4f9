"""LD117 still_improving: The losses were still falling when training stopped."""
from __future__ import annotations

from typing import Iterator

from ..findings import Finding, Severity
from ..i18n import Text
from ..model import Kind, Split
from ._rule import Context, Requirement, rule


@rule(code="LD117", name="still_improving", severity=Severity.INFO,
      requires=(Requirement(Kind.LOSS),),
      summary=Text("The losses were still falling when training stopped.", "训练停止时损失仍在下降。"))
def still_improving(ctx: Context) -> Iterator[Finding]:
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
