"""A run that logged metrics but no loss (an accuracy-only log): its findings say so and are held less sure.

A person reading `Train-accuracy=1.0 Validation-accuracy=0.73` names the problem at a glance, yet an accuracy alone
cannot tell a confident model from a lucky one: the loss says how far each prediction was from its label. So every
curve finding of such a run carries a lower confidence than the same shape with a loss, and says what would settle it.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np

from .findings import Finding
from .i18n import Text
from .model import METRIC_KINDS, Kind, Run

CONFIDENCE_FACTOR = 0.8  # an accuracy is a coarser reading than a loss (a count of right answers, not their margin)
_NOTE = Text(" No loss was logged: judged on the metrics alone; logging the training and validation loss would "
             "settle it.",
             "日志中没有损失：仅凭指标判断；记录训练与验证损失即可确认。")


def is_metric_only(run: Run) -> bool:
    """No loss series at all, and at least one metric series."""
    return not run.find_all(Kind.LOSS) and any(s.kind in METRIC_KINDS for s in run.series)


def metric_points(run: Run) -> int:
    """Finite points of the run's longest metric series."""
    return max((int(np.isfinite(s.values).sum()) for s in run.series if s.kind in METRIC_KINDS), default=0)


def qualify(findings: list[Finding], run: Run) -> list[Finding]:
    """Each finding of a metric-only run with its confidence lowered and the note appended (once)."""
    if not is_metric_only(run):
        return findings
    out = []
    for f in findings:
        # a reading built for a log without a loss (stuck_at_chance's accuracy band) already says so and is held so
        own = f.evidence.get("shape") == "accuracy_only"
        if f.code.startswith("LD1") and not own and _NOTE.en not in f.message.en:
            f = replace(f, confidence=round(f.confidence * CONFIDENCE_FACTOR, 2),
                        message=Text(f.message.en + _NOTE.en, f.message.zh + _NOTE.zh))
        out.append(f)
    return out
