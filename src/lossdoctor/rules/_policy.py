"""Which findings may warn (release 6). A WARNING says "this run has a problem you should act on", backed by strong
evidence; a note (info) reports a shape worth knowing, with its numbers, confidence, causes and fixes.

Only the findings that say the run as it stands is broken, or has turned, may warn:
- a NaN or inf (in the loss or inside the model), a divergence, a loss frozen at chance, a loss that never
  decreased: continuing the run as it is wastes the compute;
- a clear over-fit turn: the validation loss bottomed and rose while training improved; every epoch past the turn
  makes the model worse, so stop or regularise.
Each rests on the whole curve or on an exact value. Every other finding (under-fitting, a plateau, noise, spikes,
oscillation, a gap, a loss/metric mismatch, the start level, a validation score that looks too good, a gradient or
activation mechanism measured by a probe) is a note: a shape with many benign readings, or the mechanism behind a
symptom that warns on its own. Nothing is silenced: a note keeps its numbers and confidence, `--fail-on info` fails
on it, and the report's verdict line counts the notes worth reading.

Chosen from that principle, then measured on every development set (`benchmarks/warning_policy.py`;
docs/benchmarks.md "Release 6: which findings warn"). A user raises a rule back to its own severity with
`warn = true` in its options table (`[tool.lossdoctor.rules.LD109]`), or keeps it a note with `warn = false`.
"""
from __future__ import annotations

from ..findings import Severity

MAY_WARN: frozenset[str] = frozenset({
    "nan_inf", "nonfinite_activations", "divergence", "stuck_at_chance", "loss_not_decreasing", "overfitting",
})


def may_warn(name: str, warn: bool | None = None) -> bool:
    """Whether a finding of this name may be a warning or worse; `warn` is the user's per-rule say (None: unset)."""
    return warn if warn is not None else name in MAY_WARN


def capped(severity: Severity, name: str, warn: bool | None = None) -> Severity:
    """The severity reported: the rule's own judgement, or a note (info) when this finding may not warn."""
    if severity >= Severity.WARNING and not may_warn(name, warn):
        return Severity.INFO
    return severity
