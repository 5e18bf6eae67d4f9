"""LD113 abnormal_initial_loss: The first loss is far above what a fresh model should give."""
from __future__ import annotations

from typing import Iterator

from ..findings import Finding, Severity
from ..i18n import Text
from ..model import Kind, Split
from ._rule import Context, Requirement, rule


@rule(code="LD113", name="abnormal_initial_loss", severity=Severity.WARNING,
      requires=(Requirement(Kind.LOSS, Split.TRAIN),),
      summary=Text("The first loss is far above what a fresh model should give.", "初始损失远高于新初始化模型应有的值。"))
def abnormal_initial_loss(ctx: Context) -> Iterator[Finding]:
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
