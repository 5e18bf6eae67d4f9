"""LD102 underfitting: Both losses stay high with a small gap: the model does not fit the data."""
from __future__ import annotations

from typing import Iterator

from ..findings import Finding, Severity
from ..i18n import Text
from ..model import Kind, Split
from ._rule import Context, Requirement, rule


@rule(code="LD102", name="underfitting", severity=Severity.WARNING,
      requires=(Requirement(Kind.LOSS, Split.TRAIN),),
      summary=Text("Both losses stay high with a small gap: the model does not fit the data.", "训练和验证损失都很高且差距小：模型没有拟合数据。"))
def underfitting(ctx: Context) -> Iterator[Finding]:
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
