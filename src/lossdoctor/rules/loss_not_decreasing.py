"""LD103 loss_not_decreasing: Training loss stays flat from the start."""
from __future__ import annotations

from typing import Iterator

from ..findings import Finding, Severity
from ..i18n import Text
from ..model import Kind, Split
from ._rule import Context, Requirement, rule


@rule(code="LD103", name="loss_not_decreasing", severity=Severity.ERROR,
      requires=(Requirement(Kind.LOSS, Split.TRAIN),),
      summary=Text("Training loss stays flat from the start.", "训练损失从一开始就没有下降。"))
def loss_not_decreasing(ctx: Context) -> Iterator[Finding]:
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
