"""The rule catalogue's own contract: stable codes, contract names, complete pages, examples for every rule."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from lossdoctor.findings import CAUSES
from lossdoctor.rules import RULES
from lossdoctor.rules.docs import examples

EXAMPLES = Path(__file__).parent / "examples"
# DESIGN.md §3 finding names (contract).
CONTRACT_NAMES = {
    "overfitting", "underfitting", "loss_not_decreasing", "stuck_at_chance", "plateau", "oscillation", "divergence",
    "nan_inf", "loss_spikes", "train_loss_rebound", "still_improving", "suspected_leakage", "abnormal_initial_loss",
    "val_below_train", "train_flat_val_improving", "noisy_validation", "loss_metric_disagreement",
    "generalization_gap", "exploding_gradients", "vanishing_gradients", "dead_units", "saturated_activations",
    "abnormal_update_ratio", "frozen_parameters", "nonfinite_activations", "split_overlap", "preprocessing_leak",
    "feature_leaks_label", "output_loss_mismatch", "class_imbalance", "unnormalized_inputs", "unshuffled_batches",
    "cannot_overfit_small_batch", "lr_range",
}
# Documented additions ("new names may be added"): name -> where it is documented. Add here with the rule.
ADDED_NAMES: dict[str, str] = {}
SECTIONS = ("## What it detects", "## Why it matters", "## How to fix", "## Thresholds")


def test_codes_unique_and_well_formed() -> None:
    codes = [r.code for r in RULES]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"LD\d{3}", c) for c in codes), codes
    assert codes == sorted(codes)


def test_names_unique_and_from_the_contract() -> None:
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))
    unknown = [n for n in names if n not in CONTRACT_NAMES and n not in ADDED_NAMES]
    assert not unknown, f"names neither in DESIGN.md §3 nor documented additions: {unknown}"


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_page_is_complete(rule) -> None:
    doc = rule.doc
    positions = [doc.find(s) for s in SECTIONS]
    missing = [s for s, p in zip(SECTIONS, positions) if p < 0]
    assert not missing, f"{rule.code}: missing sections {missing}"
    assert positions == sorted(positions), f"{rule.code}: sections out of order"
    assert "TODO" not in doc, f"{rule.code}: TODO left in the docstring"
    bodies = re.split(r"^## .*$", doc, flags=re.M)[1:]
    assert all(b.strip() for b in bodies), f"{rule.code}: an empty section"
    assert rule.summary.en.strip() and rule.summary.zh.strip()
    assert re.search(r"[\u4e00-\u9fff]", rule.summary.zh), f"{rule.code}: Chinese summary is not Chinese"


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_every_rule_has_bad_and_good_examples(rule) -> None:
    bad, good = examples(EXAMPLES, rule.code)
    assert bad, f"{rule.code} {rule.name}: no tests/rules/examples/{rule.code}/bad*.json"
    assert good, f"{rule.code} {rule.name}: no tests/rules/examples/{rule.code}/good*.json"


def test_cause_vocabulary_is_the_contract() -> None:
    assert len(CAUSES) == len(set(CAUSES)) == 25


def test_priority_and_explains_tables_name_only_catalogued_rules() -> None:
    """The ranking (differential.PRIORITY) lists every curve rule once; `explains` metadata names real rules."""
    from lossdoctor.differential import PRIORITY, explains_table

    names = {r.name for r in RULES}
    assert len(PRIORITY) == len(set(PRIORITY))
    assert {r.name for r in RULES if r.code.startswith("LD1")} <= set(PRIORITY)
    assert set(PRIORITY) <= names | CONTRACT_NAMES
    assert all(a in names and b in names and a != b for a, b in explains_table())


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_every_option_has_a_default_and_a_reason(rule) -> None:
    import dataclasses

    from lossdoctor.rules._rule import option_infos

    assert dataclasses.is_dataclass(rule.options) and rule.options.__dataclass_params__.frozen
    rule.options()  # every option has a default
    for info in option_infos(rule.options):
        assert len(info.reason) >= 15, f"{rule.code}.{info.name}: no reason given"
