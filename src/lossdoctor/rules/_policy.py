"""Which findings may warn (release 6). A WARNING says "this run has a problem you should act on", backed by strong
evidence; a note (info) reports a shape worth knowing, with its numbers, confidence, causes and fixes.

Only these findings may warn:
- a broken run: a NaN or inf, a divergence, a loss frozen at chance, a loss that never decreased - continuing the
  run as it is wastes the compute; each rests on the whole curve or on an exact value;
- a clear over-fit turn: the validation loss bottomed and rose while training improved - every epoch past the turn
  makes the model worse, so stop or regularise;
- what the live probes measure in the model itself (a NaN inside it, exploding or vanishing gradients, dead or
  saturated units, updates far too large or small, a layer that never changes): direct evidence, not an inference
  from a logged curve.
Every other finding read from a curve's shape (under-fitting, a plateau, noise, spikes, oscillation, a rebound, a
gap, a loss/metric mismatch, the start level, a validation score that looks too good, ...) is a note: a shape with
several benign readings that the log alone cannot tell apart. Nothing is silenced: a note keeps its numbers and
confidence, `--fail-on info` fails on it, and the report's verdict line counts the notes worth reading.

The rules judge (their findings carry the severity they judged); the engine applies this policy last, after the
causes are ranked and the findings reconciled, so a note weighs in the cause ranking as the rule judged it.

Chosen from that principle, then measured on every development set (`benchmarks/warning_policy.py`;
docs/benchmarks.md "Release 6: which findings warn"). A user raises a rule back to its own severity with
`warn = true` in its options table (`[tool.lossdoctor.rules.LD109]`), or keeps it a note with `warn = false`.

Release 8 measured a narrow exception per note (a finding LARGE by its evidence and CONFIDENT, over enough points, may
warn; `benchmarks/warning_policy.py --exceptions --pieces`): every candidate that gained a run also warned a healthy
run or piece, so the list stands (docs/benchmarks.md, "Rule release 8"). Release 10 re-measured the one candidate
clean on every real part and family ("noisy_validation at confidence >= 0.85"): it warns 14 pieces of 7 healthy runs
and two of the five runs it gains are not noise by the person's words, so it stays a note ("Rule release 10").
"""
from __future__ import annotations

from dataclasses import replace
from typing import Iterable

from ..config import Options
from ..findings import Finding, Severity

BROKEN_RUN: frozenset[str] = frozenset({"nan_inf", "divergence", "stuck_at_chance", "loss_not_decreasing"})
OVERFIT_TURN: frozenset[str] = frozenset({"overfitting"})
# what the live probes measure in the model itself (gradients, activations, weight updates): direct evidence, not a
# reading of a curve's shape
PROBED: frozenset[str] = frozenset({
    "exploding_gradients", "vanishing_gradients", "dead_units", "saturated_activations", "abnormal_update_ratio",
    "frozen_parameters", "nonfinite_activations",
})
MAY_WARN: frozenset[str] = BROKEN_RUN | OVERFIT_TURN | PROBED
# The readings of a note's rule that may warn, keyed on the finding's evidence "pattern"; none warns a healthy design
# run (docs/benchmarks.md, rules-z17 and rules-z18):
# - suspected_leakage perfect_from_start: validation answered perfectly before the rows trained on are;
# - underfitting near_chance: both losses levelled at 85-100 % of ln(C), C given (a model barely beating a guess);
# - generalization_gap order_of_magnitude: validation 10x training at both ends (no benign gap reaches that);
# - noisy_validation noise_over_gain: each evaluation moves by all the model ever gained, to the end.
MAY_WARN_PATTERNS: frozenset[tuple[str, str]] = frozenset({("suspected_leakage", "perfect_from_start"),
                                                           ("underfitting", "near_chance"),
                                                           ("generalization_gap", "order_of_magnitude"),
                                                           ("noisy_validation", "noise_over_gain")})


def may_warn(name: str, warn: bool | None = None, pattern: object = None) -> bool:
    """Whether a finding of this name (and evidence pattern) may be a warning or worse; `warn` is the user's per-rule
    say (None: unset)."""
    return warn if warn is not None else name in MAY_WARN or (name, pattern) in MAY_WARN_PATTERNS


def capped(severity: Severity, name: str, warn: bool | None = None, pattern: object = None) -> Severity:
    """The severity reported: the rule's own judgement, or a note (info) when this finding may not warn."""
    if severity >= Severity.WARNING and not may_warn(name, warn, pattern):
        return Severity.INFO
    return severity


def apply(findings: Iterable[Finding], options: Options) -> list[Finding]:
    """The findings as reported: each at the severity the policy allows, with its numbers and confidence unchanged."""
    out = []
    for f in findings:
        sev = capped(f.severity, f.name, options.warn(f.code), f.evidence.get("pattern"))
        out.append(f if sev is f.severity else replace(f, severity=sev))
    return out
