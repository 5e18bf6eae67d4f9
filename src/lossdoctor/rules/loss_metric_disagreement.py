"""LD111 loss_metric_disagreement: Loss and accuracy tell different stories."""
from __future__ import annotations

from typing import Iterator

from ..findings import Finding, Severity
from ..i18n import Text
from ..model import Kind, Split
from ._rule import Context, Requirement, rule


@rule(code="LD111", name="loss_metric_disagreement", severity=Severity.WARNING,
      requires=(Requirement(Kind.LOSS), Requirement(Kind.ACCURACY)),
      summary=Text("Loss and accuracy tell different stories.", "损失和准确率的走势相互矛盾。"))
def loss_metric_disagreement(ctx: Context) -> Iterator[Finding]:
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
