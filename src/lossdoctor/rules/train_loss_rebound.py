"""LD110 train_loss_rebound: Training loss rises again after its minimum."""
from __future__ import annotations

from typing import Iterator

from ..findings import Finding, Severity
from ..i18n import Text
from ..model import Kind, Split
from ._rule import Context, Requirement, rule


@rule(code="LD110", name="train_loss_rebound", severity=Severity.WARNING,
      requires=(Requirement(Kind.LOSS, Split.TRAIN),),
      summary=Text("Training loss rises again after its minimum.", "训练损失在最低点之后再次上升。"))
def train_loss_rebound(ctx: Context) -> Iterator[Finding]:
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
