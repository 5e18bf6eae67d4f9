"""The rule catalogue: every rule, in code order. Codes are stable and never reused.

LD1xx curve rules, LD2xx probe rules, LD3xx checks (see checks/).
"""
from __future__ import annotations

from ..errors import UnknownRuleError
from ._rule import Context, Requirement, Rule, Verdict, define, opt, rule
from .abnormal_initial_loss import abnormal_initial_loss
from .abnormal_update_ratio import abnormal_update_ratio
from .dead_units import dead_units
from .exploding_gradients import exploding_gradients
from .frozen_parameters import frozen_parameters
from .nonfinite_activations import nonfinite_activations
from .saturated_activations import saturated_activations
from .vanishing_gradients import vanishing_gradients
from .divergence import divergence
from .generalization_gap import generalization_gap
from .loss_metric_disagreement import loss_metric_disagreement
from .loss_not_decreasing import loss_not_decreasing
from .loss_spikes import loss_spikes
from .nan_inf import nan_inf
from .noisy_validation import noisy_validation
from .oscillation import oscillation
from .overfitting import overfitting
from .plateau import plateau
from .still_improving import still_improving
from .stuck_at_chance import stuck_at_chance
from .suspected_leakage import suspected_leakage
from .train_flat_val_improving import train_flat_val_improving
from .train_loss_rebound import train_loss_rebound
from .underfitting import underfitting
from .val_below_train import val_below_train

_RULE_FUNCS = (
    abnormal_update_ratio,
    dead_units,
    exploding_gradients,
    frozen_parameters,
    nonfinite_activations,
    saturated_activations,
    vanishing_gradients,
    abnormal_initial_loss,
    divergence,
    generalization_gap,
    loss_metric_disagreement,
    loss_not_decreasing,
    loss_spikes,
    nan_inf,
    noisy_validation,
    oscillation,
    overfitting,
    plateau,
    still_improving,
    stuck_at_chance,
    suspected_leakage,
    train_flat_val_improving,
    train_loss_rebound,
    underfitting,
    val_below_train,
)

RULES: tuple[Rule, ...] = tuple(
    sorted((f if isinstance(f, Rule) else f.rule for f in _RULE_FUNCS), key=lambda r: r.code)  # type: ignore
)


def by_code(code_or_name: str) -> Rule:
    """Find a rule by its code (LD101) or its name (overfitting)."""
    key = code_or_name.strip()
    for r in RULES:
        if r.code.lower() == key.lower() or r.name == key.lower():
            return r
    raise UnknownRuleError(f"unknown rule {code_or_name!r}; `lossdoctor rules` lists them")


__all__ = ["RULES", "Context", "Requirement", "Rule", "Verdict", "by_code", "define", "opt", "rule"]
