"""LD109 loss_spikes: Sudden isolated jumps in the loss."""
from __future__ import annotations

from typing import Iterator

from ..findings import Finding, Severity
from ..i18n import Text
from ..model import Kind, Split
from ._rule import Context, Requirement, rule


@rule(code="LD109", name="loss_spikes", severity=Severity.WARNING,
      requires=(Requirement(Kind.LOSS),),
      summary=Text("Sudden isolated jumps in the loss.", "损失出现突然的孤立尖峰。"))
def loss_spikes(ctx: Context) -> Iterator[Finding]:
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
