"""LD104 stuck_at_chance: Loss sits at ln(C) or accuracy at 1/C: the model predicts a constant."""
from __future__ import annotations

from typing import Iterator

from ..findings import Finding, Severity
from ..i18n import Text
from ..model import Kind, Split
from ._rule import Context, Requirement, rule


@rule(code="LD104", name="stuck_at_chance", severity=Severity.ERROR,
      requires=(Requirement(Kind.LOSS),),
      summary=Text("Loss sits at ln(C) or accuracy at 1/C: the model predicts a constant.", "损失停在 ln(C) 或准确率停在 1/C：模型在输出常数。"))
def stuck_at_chance(ctx: Context) -> Iterator[Finding]:
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
