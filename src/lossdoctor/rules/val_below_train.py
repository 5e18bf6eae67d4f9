"""LD114 val_below_train: Validation loss stays below training loss."""
from __future__ import annotations

from typing import Iterator

from ..findings import Finding, Severity
from ..i18n import Text
from ..model import Kind, Split
from ._rule import Context, Requirement, rule


@rule(code="LD114", name="val_below_train", severity=Severity.INFO,
      requires=(Requirement(Kind.LOSS, Split.TRAIN), Requirement(Kind.LOSS, Split.VAL)),
      summary=Text("Validation loss stays below training loss.", "验证损失一直低于训练损失。"))
def val_below_train(ctx: Context) -> Iterator[Finding]:
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
