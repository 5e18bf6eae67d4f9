"""The check catalogue: every pre-training check, in code order. Codes are stable and never reused (LD3xx).

Checks run on data and models before training and produce the same findings and Report as the curve rules.
"""
from __future__ import annotations

from ..errors import UnknownRuleError
from ._check import Check
from .class_imbalance import class_imbalance
from .label_leak import feature_leaks_label
from .lr_range import lr_range
from .output_loss import output_loss_mismatch
from .overfit import cannot_overfit_small_batch
from .preprocessing_leak import preprocessing_leak
from .split_overlap import split_overlap
from .unnormalized_inputs import unnormalized_inputs
from .unshuffled_batches import unshuffled_batches

_CHECK_FUNCS = (
    split_overlap,
    preprocessing_leak,
    feature_leaks_label,
    class_imbalance,
    unnormalized_inputs,
    unshuffled_batches,
    output_loss_mismatch,
    cannot_overfit_small_batch,
    lr_range,
)

CHECKS: tuple[Check, ...] = tuple(sorted((f.check for f in _CHECK_FUNCS), key=lambda c: c.code))  # type: ignore


def by_code(code_or_name: str) -> Check:
    """Find a check by its code (LD301) or its name (split_overlap)."""
    key = code_or_name.strip().lower()
    for c in CHECKS:
        if c.code.lower() == key or c.name == key:
            return c
    raise UnknownRuleError(f"unknown rule {code_or_name!r}; `lossdoctor rules` lists them")


__all__ = ["CHECKS", "Check", "by_code"]
