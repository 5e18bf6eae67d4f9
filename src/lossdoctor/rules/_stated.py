"""What the user stated about a run that its log does not hold (--task, --loss, --fine-tune, --best-checkpoint),
and the principles the rules apply to it.

- A chance level ln(C) and an initial-loss expectation exist only for a (binary) cross-entropy over classes: a known
  other loss (mse, ctc, a sum of terms) or a task without classes (regression, detection, a language model) has none,
  so the rules built on it do not run (a skip that says why), and no rule reads ln(C) as a reference.
- A fine-tune starts from trained weights: a low first loss and a short run are expected.
- A run that keeps its best checkpoint (early stopping, save-best) keeps the weights from before a late rise.
Nothing stated means nothing changes: every rule judges as it did without context.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any, Iterable

from ..config import Options
from ..findings import Finding
from ..i18n import Text

CHANCE_TASKS = ("classification", "multilabel")  # tasks over a fixed set of classes: a uniform guess scores ln(C)
CE_LOSSES = ("cross_entropy", "binary_cross_entropy")
FLAGS = {"task": "--task", "loss": "--loss", "fine_tune": "--fine-tune", "best_checkpoint": "--best-checkpoint"}


@dataclass(frozen=True)
class Stated:
    """The stated context of one run (None = not stated)."""

    task: str | None = None
    loss: str | None = None
    fine_tune: bool | None = None
    best_checkpoint: bool | None = None

    @classmethod
    def of(cls, options: Options) -> "Stated":
        return cls(options.task, options.loss, options.fine_tune, options.best_checkpoint)

    @property
    def any(self) -> bool:
        return any(getattr(self, f.name) is not None for f in fields(self))

    @property
    def cross_entropy(self) -> bool:
        """The user says the loss is a (binary) cross-entropy over classes: ln(C) is an exact reference."""
        return self.loss in CE_LOSSES and (self.task is None or self.task in CHANCE_TASKS)

    def no_chance_level(self) -> Text | None:
        """Why this run's loss has no chance level ln(C) (nor an expected first value), or None when it may have one."""
        if self.loss == "sum_of_terms":
            return Text("the loss is stated to be a sum of terms (--loss sum_of_terms): ln(C) of a uniform guess is "
                        "no reference for a sum", "已说明损失是多项之和（--loss sum_of_terms）：均匀猜测的 ln(C) "
                        "不能作为其参照")
        if self.loss is not None and self.loss not in CE_LOSSES:
            return Text(f"the loss is stated to be {self.loss} (--loss), not a cross-entropy: it has no chance level "
                        "ln(C)", f"已说明损失是 {self.loss}（--loss），不是交叉熵：没有随机水平 ln(C)")
        if self.task is not None and self.task not in CHANCE_TASKS:
            return Text(f"the task is stated to be {self.task} (--task), not classification: its loss has no chance "
                        "level ln(C)", f"已说明任务是 {self.task}（--task），不是分类：其损失没有随机水平 ln(C)")
        return None

    def evidence(self, keys: Iterable[str]) -> dict[str, Any]:
        """The stated values among `keys`, for a finding's evidence ("context": {"loss": "mse"})."""
        return {k: getattr(self, k) for k in keys if getattr(self, k) is not None}


# The rules that do not run without a chance level (their every reading is measured against ln(C)).
NEEDS_CHANCE_LEVEL = ("stuck_at_chance", "abnormal_initial_loss")

# What each rule's judgement reads of the stated context (shown in its findings' evidence as "context").
READS: dict[str, tuple[str, ...]] = {
    "stuck_at_chance": ("task", "loss"),
    "abnormal_initial_loss": ("task", "loss", "fine_tune"),
    "loss_not_decreasing": ("task", "loss"),
    "loss_metric_disagreement": ("task", "loss"),
    "underfitting": ("task", "loss", "fine_tune"),
    "still_improving": ("fine_tune",),
    "overfitting": ("best_checkpoint",),
}


def skip_reason(rule_name: str, options: Options) -> Text | None:
    """Why the stated context rules this rule out for the run (a skip the report shows), or None."""
    if rule_name not in NEEDS_CHANCE_LEVEL:
        return None
    why = Stated.of(options).no_chance_level()
    if why is None:
        return None
    return Text(f"not run: {why.en}", f"未运行：{why.zh}")


def stamp(rule_name: str, options: Options, found: list[Finding]) -> list[Finding]:
    """The findings with the stated context their rule read added to their evidence (nothing when none was stated)."""
    keys = READS.get(rule_name)
    if not keys:
        return found
    ctx = Stated.of(options).evidence(keys)
    if not ctx:
        return found
    return [replace(f, evidence={**f.evidence, "context": ctx}) for f in found]


def surer(conf: float) -> float:
    """The confidence of a finding measured against ln(C) when the user stated both the loss (a cross-entropy) and C:
    the doubt whether ln(C) is this loss's reference at all is gone, so half of the remaining doubt goes with it."""
    return 1.0 - (1.0 - conf) / 2.0


def exact_chance_text(c: int) -> Text:
    return Text(f" The loss is stated to be a cross-entropy and C = {c} is given, so ln({c}) is its exact "
                "uniform-guess level.", f"已说明损失是交叉熵且给定 C = {c}，因此 ln({c}) 正是其均匀猜测的水平。")
