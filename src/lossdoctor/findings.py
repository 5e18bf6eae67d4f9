"""What a rule or a check says: typed findings with their evidence, causes and fixes. No rendering here."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any, Mapping

from .i18n import Lang, Text


class Severity(IntEnum):
    INFO = 10
    WARNING = 20
    ERROR = 30

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, name: str) -> "Severity":
        return cls[name.upper()]


# The cause vocabulary (contract, DESIGN.md §3). Names are never reused or renamed.
CAUSES: tuple[str, ...] = (
    "lr_too_high", "lr_too_low", "model_too_large", "model_too_small", "too_little_data",
    "insufficient_regularization", "over_regularization", "insufficient_training", "data_leakage",
    "label_or_loss_misconfig", "unnormalized_input", "bad_initialization", "dead_relu",
    "vanishing_gradients", "exploding_gradients", "batch_too_small", "batch_too_large", "unshuffled_data",
    "noisy_labels", "class_imbalance", "distribution_shift", "small_validation_set",
    "regularization_only_in_training", "measurement_offset", "training_step_bug",
)

# Causes that cannot both be true of one run; the engine keeps only the more likely of each pair.
CONTRADICTORY_CAUSES: tuple[tuple[str, str], ...] = (
    ("lr_too_high", "lr_too_low"),
    ("model_too_large", "model_too_small"),
    ("insufficient_regularization", "over_regularization"),
    ("batch_too_small", "batch_too_large"),
    ("vanishing_gradients", "exploding_gradients"),
)


@dataclass(frozen=True)
class Span:
    """Where on the x axis a finding applies (inclusive)."""

    axis: str  # "epoch" or "step"
    start: float
    end: float


@dataclass(frozen=True)
class Cause:
    """One possible cause with its likelihood and the evidence for (why) and against it."""

    cause: str
    likelihood: float
    why: Text
    against: Text | None = None

    def __post_init__(self) -> None:
        if self.cause not in CAUSES:
            raise ValueError(f"unknown cause {self.cause!r}; the vocabulary is in findings.CAUSES")
        if not 0.0 <= self.likelihood <= 1.0:
            raise ValueError(f"likelihood {self.likelihood} outside [0, 1]")


@dataclass(frozen=True)
class Fix:
    """A change to make, with paste-ready code per framework ('keras', 'pytorch', 'lightning', 'hf')."""

    text: Text
    code: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Mark:
    """A position a report draws on the curves: `key` names it (its label), `xs` are axis positions.

    `many` marks several points (spikes) drawn as dots; otherwise one labelled vertical line (the best epoch)."""

    key: str
    xs: tuple[float, ...]
    many: bool = False


@dataclass(frozen=True)
class Finding:
    """A named symptom with the numbers that prove it, and how sure the rule is (confidence, 0-1)."""

    code: str
    name: str
    severity: Severity
    message: Text
    span: Span | None = None
    evidence: Mapping[str, Any] = field(default_factory=dict)
    causes: tuple[Cause, ...] = ()
    fixes: tuple[Fix, ...] = ()
    series: tuple[str, ...] = ()  # keys of the series the evidence came from
    experiment: Text | None = None  # a cheap experiment that would confirm it
    explained_by: str | None = None  # name of a finding that accounts for this one
    confidence: float = 1.0  # effect size against the curve's own noise and how many points were seen
    marks: tuple[Mark, ...] = ()  # positions to draw, from typed evidence fields

    def to_dict(self, lang: Lang = "en") -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.label,
            "message": self.message.get(lang),
            "span": None if self.span is None else
            {"axis": self.span.axis, "start": _num(self.span.start), "end": _num(self.span.end)},
            "confidence": round(float(self.confidence), 2),
            "evidence": {k: _jsonable(v) for k, v in self.evidence.items()},
            "causes": [
                {"cause": c.cause, "likelihood": round(c.likelihood, 3), "why": c.why.get(lang),
                 **({"against": c.against.get(lang)} if c.against else {})}
                for c in self.causes
            ],
            "fixes": [{"text": f.text.get(lang), "code": dict(f.code)} for f in self.fixes],
            "series": list(self.series),
        }
        if self.experiment is not None:
            out["experiment"] = self.experiment.get(lang)
        if self.explained_by:
            out["explained_by"] = self.explained_by
        return out


@dataclass(frozen=True)
class Skipped:
    """A rule that did not run on this run, and why (silence must not look like health)."""

    code: str
    name: str
    reason: Text

    def to_dict(self, lang: Lang = "en") -> dict[str, str]:
        return {"code": self.code, "reason": self.reason.get(lang)}


@dataclass(frozen=True)
class Analysis:
    """A seed analysis shown as its own table (trend table, rate of change, loss-vs-accuracy cross-check).

    Rendered generically by every report: a title, column headers, rows of cells, and a one-line conclusion.
    """

    name: str  # "trend_table", "rate_of_change", "metric_cross_check"
    title: Text
    headers: tuple[Text, ...]
    rows: tuple[tuple[Text | str, ...], ...]
    conclusion: Text

    def to_dict(self, lang: Lang = "en") -> dict[str, Any]:
        def cell(c: Text | str) -> str:
            return c.get(lang) if isinstance(c, Text) else c

        return {"name": self.name, "title": self.title.get(lang), "headers": [h.get(lang) for h in self.headers],
                "rows": [[cell(c) for c in row] for row in self.rows], "conclusion": self.conclusion.get(lang)}


def _num(x: float) -> float | int:
    return int(x) if float(x).is_integer() else float(x)


def _jsonable(v: Any) -> Any:
    """Evidence values as JSON: numpy scalars to Python, non-finite floats to strings ('nan', 'inf')."""
    if hasattr(v, "item") and not isinstance(v, (list, tuple, dict)):
        try:
            v = v.item()
        except (ValueError, AttributeError):
            v = v.tolist()
    if isinstance(v, float):
        if v != v:
            return "nan"
        if v in (float("inf"), float("-inf")):
            return "inf" if v > 0 else "-inf"
        return float(f"{v:.6g}")
    if isinstance(v, Text):
        return v.en
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    if hasattr(v, "tolist"):
        return _jsonable(v.tolist())
    return v
