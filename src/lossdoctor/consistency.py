"""One source of truth: what a report says must never contradict itself.

`reconcile` removes from the findings what the run itself refutes (a "stop at the best epoch and restore it" when
the best validation loss shows nothing was learned). `contradictions` lists, in words, every way a report could
disagree with itself: a table row or headline against the findings, a fix shown for an explained finding, a
rising loss described as falling, an epoch argument given a step count. The property tests run it over
thousands of generated curves; it must always return [].
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Sequence

import numpy as np

from .findings import Finding, Fix, Severity
from .i18n import Text
from .model import Kind, Run, Split
from .rules import _adversarial

if TYPE_CHECKING:
    from .engine import Report

NOTHING_LEARNED = 0.05  # best validation loss within 5% of its start (or of ln C): nothing was learned
_EPOCH_ARGS = re.compile(r"\b(num_train_epochs|max_epochs|epochs)=(\d+)")
_FELL_NEGATIVE = re.compile(r"\b(fell|fall|falls|dropped|drops|decreased|下降了?)\s*-\d")


def restores_best(fix: Fix) -> bool:
    """A fix that says: stop and go back to the best epoch's weights."""
    keras = fix.code.get("keras", "")
    return "restore_best_weights=True" in keras and "model.fit(" not in keras


def nothing_learned(run: Run, findings: Sequence[Finding] = ()) -> bool:
    """The best validation loss (training loss when there is none) is no real step below where it started, or
    sits at the chance level a finding measured: there are no best weights worth restoring."""
    s = run.find(Kind.LOSS, Split.VAL) or run.find(Kind.LOSS, Split.TRAIN)
    if s is None:
        return False
    v = s.values[np.isfinite(s.values)]
    if v.size < 2:
        return False
    start, best = float(np.median(v[:2])), float(v.min())
    if start - best < NOTHING_LEARNED * abs(start):
        return True
    chance = next((float(f.evidence["chance_loss"]) for f in findings
                   if isinstance(f.evidence.get("chance_loss"), (int, float))), None)
    return chance is not None and best >= (1 - NOTHING_LEARNED) * chance and best > 0


def reconcile(findings: list[Finding], run: Run) -> list[Finding]:
    """Drop the fixes the run refutes: restoring the best epoch when nothing was learned."""
    if not any(restores_best(x) for f in findings for x in f.fixes) or not nothing_learned(run, findings):
        return findings
    return [replace(f, fixes=tuple(x for x in f.fixes if not restores_best(x))) if any(restores_best(x) for x in
                                                                                        f.fixes) else f
            for f in findings]


def _refuting_accuracy(run: Run, f: Finding) -> tuple[str, float] | None:
    """(key, final value) of an accuracy that refutes a 'constant prediction' claim: it ends more than halfway
    from chance (1/C) to 1. A double-softmax floor and validation-at-chance make no such claim."""
    if f.name != "stuck_at_chance" or f.evidence.get("floor_kind") == "double_softmax" \
            or f.evidence.get("val_accuracy_level") is not None or (f.evidence.get("majority_share") is not None and f.evidence.get("accuracy_identical")):
        return None  # an accuracy identical at every evaluation, at the majority share: the constant prediction itself
    if f.evidence.get("loss_frozen_lines"):
        return None  # a loss frozen on ln(C): a per-batch accuracy beside it scores each batch's mix against a constant
    from .rules.chance import pinned_accuracy

    n = f.evidence.get("num_classes")
    chance = 1.0 / n if isinstance(n, (int, float)) and n >= 2 else 0.5
    for split in (Split.TRAIN, Split.VAL):
        acc = run.find(Kind.ACCURACY, split)
        if acc is None or not np.isfinite(acc.values).any():
            continue
        held = pinned_accuracy(acc)
        if held is not None and held.exact:
            continue  # identical on most evaluations (a validation set's majority share): a constant output's score
        end = float(np.median(acc.values[np.isfinite(acc.values)][-3:]))
        if end >= chance + 0.5 * (1 - chance):
            return acc.key, end
    return None


# broken-run claims read from a loss curve's shape, which a game's losses do not have
GAME_SHAPES = frozenset({"stuck_at_chance", "divergence", "loss_not_decreasing"})


def _game_note(f: Finding, pair: tuple[str, str]) -> Finding:
    """A broken-run claim on a GAN's losses, as a note saying why the curves cannot show it."""
    d, g = pair
    msg = Text(f"{f.message.en} But this run trains a generator against a discriminator ({d}, {g}): their losses are "
               "two players' scores in a game, not learning curves. A discriminator loss near ln 2 is the balance "
               "the game aims for, and one loss rising while the other falls is the game moving, so the curves "
               "alone cannot show the run is broken: judge it by generated samples or a sample-quality score (FID).",
               f"{f.message.zh} 但本次运行是生成器与判别器的对抗训练（{d}、{g}）：两者的损失是博弈双方的得分，"
               "不是学习曲线。判别器损失接近 ln 2 正是博弈追求的平衡，一方上升而另一方下降是博弈在进行，"
               "仅凭曲线无法说明训练已坏：请用生成样本或样本质量指标（FID）判断。")
    return replace(f, severity=Severity.INFO, message=msg)


def refute(findings: list[Finding], run: Run) -> list[Finding]:
    """Demote to info a 'stuck at chance' whose own run shows learning (an accuracy far above 1/C): the loss
    only happens to sit near ln(C); and a broken-run claim read from the shape of a GAN's losses, which are a
    game's scores, not learning curves. The message says why."""
    out = []
    game = _adversarial.pair(run)  # (discriminator loss, generator loss) of a GAN, the one recogniser rules use
    for f in findings:
        if game is not None and f.name in GAME_SHAPES and f.severity >= Severity.WARNING:
            out.append(_game_note(f, game))
            continue
        acc = _refuting_accuracy(run, f) if f.severity >= Severity.WARNING else None
        if acc is None:
            out.append(f)
            continue
        key, end = acc
        msg = Text(f"{f.message.en} But {key} reached {end:.3f}, far above chance: the model does learn, so the loss "
                   "level alone is no proof of a constant prediction.",
                   f"{f.message.zh} 但 {key} 达到 {end:.3f}，远高于随机水平：模型确实在学习，仅凭损失水平不能证明输出恒定。")
        out.append(replace(f, severity=Severity.INFO, message=msg))
    return out


def _texts(report: "Report") -> list[str]:
    out = []
    for f in report.findings:
        out.append(f.message.en)
        out += [x.text.en for x in f.fixes]
    for a in report.analyses:
        out.append(a.conclusion.en)
        out += [c if isinstance(c, str) else c.en for row in a.rows for c in row]
    return out


def contradictions(report: "Report") -> list[str]:
    """Every self-contradiction of a report, in words ([] for a consistent report)."""
    from . import analyses

    problems: list[str] = []
    lead = report.primary
    has_problem = lead is not None
    if (report.verdict in ("warning", "error")) != has_problem:
        problems.append(f"verdict {report.verdict} but main problem {lead.name if lead else None}")
    for a in report.analyses:
        if a.name == "rate_of_change":
            continue  # readings per phase, no row marked as this run's
        for row in a.rows:
            mark = row[-1]
            if not mark:
                continue
            note = mark if isinstance(mark, str) else mark.en
            if a.name == "metric_cross_check" and row is a.rows[-1]:
                continue  # the agree/disagree row is always this run's
            if has_problem:
                assert lead is not None
                if lead.code not in note:
                    problems.append(f"{a.name}: marked row '{note}' does not name the main problem {lead.code}")
            else:
                confirming = (analyses.TREND_FINDINGS.get((str(row[0]), str(row[1]))) if a.name == "trend_table"
                              else frozenset({"x"}))
                if confirming is not None and "not confirmed" not in note and "(minor)" not in note:
                    problems.append(f"{a.name}: no problem found but the marked row reads a problem: '{note}'")
        if a.name == "trend_table":
            marked = next((r for r in a.rows if r[-1]), None)
            for side, key in ((0, "train"), (1, "val")):
                s = report.run.find(Kind.LOSS, Split.TRAIN if key == "train" else Split.VAL)
                if marked is not None and s is not None and len(s) and not np.isfinite(s.values[-1]) \
                        and np.isfinite(s.values).any() and marked[side] != analyses.UP:
                    problems.append(f"trend table: {s.key} ends NaN/inf but its trend is {marked[side]}")
    for text in _texts(report):
        if "value nan" in text or "value inf" in text:
            problems.append(f"a non-finite 'last finite value': {text[:80]}")
        if _FELL_NEGATIVE.search(text):
            problems.append(f"a rise described as a fall: {text[:80]}")
    for f in report.findings:
        if f.explained_by and f.severity > Severity.INFO:
            problems.append(f"{f.name} explained by {f.explained_by} but still {f.severity.label}")
        if f.span is not None and f.span.axis == "step":
            for x in f.fixes:
                counts = {int(n) for n in re.findall(r"\b(\d{2,})\b", x.text.en)}  # this run's own numbers
                for code in x.code.values():
                    for m in _EPOCH_ARGS.finditer(code):
                        if int(m.group(2)) in counts:
                            problems.append(f"{f.name}: a step count in an epoch argument: {m.group(0)}")
        if f.severity >= Severity.WARNING and (acc := _refuting_accuracy(report.run, f)) is not None:
            problems.append(f"'stuck at chance' while {acc[0]} ends at {acc[1]:.3f}")
    if nothing_learned(report.run, report.findings):
        for f in report.findings:
            if any(restores_best(x) for x in f.fixes):
                problems.append(f"{f.name}: restore the best epoch, but nothing was learned")
    return problems
