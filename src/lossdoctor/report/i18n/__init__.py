"""UI labels of the reports in English and Chinese (the findings carry their own sentences)."""
from __future__ import annotations

from ...i18n import Lang, Text
from typing import TYPE_CHECKING, Any

from .labels import (CAUSE_NAMES, EVIDENCE_KEYS, EVIDENCE_WORDS, FINDING_NAMES, LABELS, SEVERITIES, VARIANT_NAMES,
                     VERDICTS)

if TYPE_CHECKING:
    from ...engine import Report


def label(key: str, lang: Lang) -> str:
    """A UI label; an unknown key is returned as is so a missing label never breaks a report."""
    t = LABELS.get(key)
    return t.get(lang) if t is not None else key


def no_findings(rep: Report, lang: Lang) -> str:
    """What to say when a run has no finding: healthy, too short to judge, or healthy as far as a short excerpt shows
    (how little was seen and what would settle it: a short excerpt cannot show an over-fit turn or a late blow-up)."""
    from ...engine import MIN_POINTS
    from ...metric_only import is_metric_only
    from ...rules._confidence import SHORT

    if rep.insufficient:
        return label("insufficient", lang).format(n=MIN_POINTS)
    if notes_worth_reading(rep):
        return label("notes_only", lang)
    if is_metric_only(rep.run):
        return label("no_findings_metric_only", lang)
    points, axis = rep.loss_points_seen()
    if 0 < points < SHORT:
        unit = label(axis + "s", lang)
        return label("no_findings_short", lang).format(n=points, unit=unit, more=max(5, SHORT - points))
    return label("no_findings", lang)


def verdict(name: str, lang: Lang) -> str:
    t = VERDICTS.get(name)
    return t.get(lang) if t is not None else name


def notes_worth_reading(rep: Report) -> int:
    """Notes a healthy verdict rests beside: info findings not accounted for by another (a warning needs a broken run
    or a clear over-fit turn, so a shape worth knowing is a note, never silence; rules/_policy.py)."""
    if rep.verdict != "healthy":
        return 0
    return sum(1 for f in rep.findings if f.name != "internal_error" and not f.explained_by)


def verdict_line(rep: Report, lang: Lang) -> str:
    """The verdict as a report's heading shows it: 'healthy', or 'healthy - 2 notes worth reading'."""
    n = notes_worth_reading(rep)
    text = verdict(rep.verdict, lang)
    return text if not n else f"{text} — " + label("note_worth_reading" if n == 1 else "notes_worth_reading",
                                                  lang).format(n=n)


def severity(name: str, lang: Lang) -> str:
    t = SEVERITIES.get(name)
    return t.get(lang) if t is not None else name


def finding_name(name: str, lang: Lang) -> str:
    """`overfitting` -> 'overfitting' / '过拟合'; names outside the table show as they are."""
    t = FINDING_NAMES.get(name)
    return t.get(lang) if t is not None else name.replace("_", " ")


def title(f: Any, lang: Lang) -> str:
    """A finding's name as shown to people: its variant's name when the evidence says which variant it is (a loss
    floor from a double softmax is reported under stuck_at_chance, but is no constant prediction)."""
    if f is None:
        return "-"
    variant = f.evidence.get("floor_kind") if hasattr(f, "evidence") else None
    t = VARIANT_NAMES.get((f.name, variant)) if isinstance(variant, str) else None
    return t.get(lang) if t is not None else finding_name(f.name, lang)


def cause_name(name: str, lang: Lang) -> str:
    t = CAUSE_NAMES.get(name)
    return t.get(lang) if t is not None else name.replace("_", " ")


__all__ = ["Text", "label", "verdict", "severity", "finding_name", "title", "cause_name", "evidence_key", "LABELS"]


def evidence_key(key: str, lang: Lang) -> str:
    """An evidence key as a short label: `best_epoch` -> 'best epoch' / '最佳轮次'."""
    t = EVIDENCE_KEYS.get(key)
    if t is not None:
        return t.get(lang)
    if lang == "zh":  # word by word, so no English fragment ('early stop step 3') is left in a Chinese report
        return "".join(EVIDENCE_WORDS.get(w, w) for w in key.split("_"))
    return key.replace("_", " ")
