"""LD116 noisy_validation: Validation curve is much noisier or more step-like than training."""
from __future__ import annotations

from typing import Iterator

from ..findings import Finding, Severity
from ..i18n import Text
from ..model import Kind, Split
from ._rule import Context, Requirement, rule


@rule(code="LD116", name="noisy_validation", severity=Severity.INFO,
      requires=(Requirement(Kind.LOSS, Split.VAL),),
      summary=Text("Validation curve is much noisier or more step-like than training.", "验证曲线比训练曲线噪声大得多或呈阶梯状。"))
def noisy_validation(ctx: Context) -> Iterator[Finding]:
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
