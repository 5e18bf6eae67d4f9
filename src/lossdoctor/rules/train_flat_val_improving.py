"""LD115 train_flat_val_improving: Training loss is flat while validation loss falls."""
from __future__ import annotations

from typing import Iterator

from ..findings import Finding, Severity
from ..i18n import Text
from ..model import Kind, Split
from ._rule import Context, Requirement, rule


@rule(code="LD115", name="train_flat_val_improving", severity=Severity.WARNING,
      requires=(Requirement(Kind.LOSS, Split.TRAIN), Requirement(Kind.LOSS, Split.VAL)),
      summary=Text("Training loss is flat while validation loss falls.", "训练损失不变而验证损失下降。"))
def train_flat_val_improving(ctx: Context) -> Iterator[Finding]:
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
