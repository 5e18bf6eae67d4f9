"""lossdoctor against real training logs copied from public issues, Q&A pages, tutorials and pastes.

Every log in tests/fixtures/public_runs/ carries its source URL on its first line; labels.json says what the
source establishes about it (set from the source and the numbers, not from lossdoctor's output):

- expect: groups of finding names; each group is one symptom the curve plainly shows, any name in it satisfies it;
- allow: names also plausibly true (neither required nor counted against);
- healthy: the source presents the run as a normal one, so no finding may be a warning or worse;
- num_classes: only when the source states it;
- reader_gap: the text reader cannot read the log correctly (reader_note says how); such logs are kept to
  measure the reader and skipped by the diagnosis tests;
- known_miss (optional): why lossdoctor does not find an expected symptom yet; that case is a strict xfail, so
  it reports itself once it passes. Added after the fact, never by changing `expect`.

These tests measure lossdoctor on runs it was not tuned on: failures are results, not bugs in the labels.
"""
from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

import lossdoctor
from lossdoctor.rules import RULES

PUBLIC = Path(__file__).parent / "fixtures" / "public_runs"
LABELS = json.loads((PUBLIC / "labels.json").read_text(encoding="utf-8"))
RULE_NAMES = {r.name for r in RULES}
KEYS = {"file", "source", "what_the_source_says", "expect", "allow", "healthy", "num_classes", "reader_gap"}

READABLE = [r for r in LABELS if not r["reader_gap"]]
_REPORTS: dict[str, lossdoctor.Report] = {}


def _report(record: dict) -> lossdoctor.Report:
    """Read and diagnose a record's log once (silencing reader warnings)."""
    name = record["file"]
    if name not in _REPORTS:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            runs = lossdoctor.read(PUBLIC / name)
            assert len(runs) == 1, f"{name}: read as {len(runs)} runs"
            options = {"num_classes": record["num_classes"]} if record["num_classes"] else {}
            _REPORTS[name] = lossdoctor.diagnose(runs[0], **options)
    return _REPORTS[name]


def _found(report: lossdoctor.Report) -> str:
    return ", ".join(f"{f.name}({f.severity.label})" for f in report.findings) or "nothing"


def test_labels_reference_existing_files_and_valid_names():
    assert len(LABELS) >= 25
    files = [r["file"] for r in LABELS]
    assert len(files) == len(set(files)), "a file is labelled twice"
    logs = {p.name for p in PUBLIC.glob("*.log")}
    assert logs == set(files), f"unlabelled logs: {sorted(logs - set(files))}; missing: {sorted(set(files) - logs)}"
    readme = (PUBLIC / "README.md").read_text(encoding="utf-8")
    for r in LABELS:
        assert KEYS <= set(r), f"{r.get('file')}: missing keys {KEYS - set(r)}"
        first = (PUBLIC / r["file"]).read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# source: " + r["source"]), f"{r['file']}: first line does not name its source"
        assert r["file"] in readme, f"{r['file']} is not listed in README.md"
        assert r["what_the_source_says"].strip()
        for group in r["expect"]:
            assert group, f"{r['file']}: empty expect group"
            assert set(group) <= RULE_NAMES, f"{r['file']}: unknown names {set(group) - RULE_NAMES}"
        assert set(r["allow"]) <= RULE_NAMES, f"{r['file']}: unknown names {set(r['allow']) - RULE_NAMES}"
        assert isinstance(r["healthy"], bool) and isinstance(r["reader_gap"], bool)
        assert r["num_classes"] is None or (isinstance(r["num_classes"], int) and r["num_classes"] >= 2)
        if r["healthy"]:
            assert not r["expect"] or all(set(g) <= {"still_improving", "val_below_train"} for g in r["expect"]), \
                f"{r['file']}: a healthy run expects a problem"
        if r["reader_gap"]:
            assert r.get("reader_note"), f"{r['file']}: a reader gap without a reader_note"
    assert sum(r["healthy"] for r in LABELS) >= 5


def _expected(record: dict) -> object:
    miss = record.get("known_miss")
    return pytest.param(record, id=record["file"],
                        marks=pytest.mark.xfail(reason=miss, strict=True) if miss else ())


@pytest.mark.parametrize("record", [_expected(r) for r in READABLE])
def test_expected_symptoms_are_found(record):
    report = _report(record)
    names = {f.name for f in report.findings}
    missing = [group for group in record["expect"] if not names & set(group)]
    assert not missing, f"{record['file']}: expected one of {missing}; lossdoctor found {_found(report)}"


@pytest.mark.parametrize("record", [r for r in READABLE if r["healthy"]],
                         ids=[r["file"] for r in READABLE if r["healthy"]])
def test_healthy_runs_get_no_warning(record):
    report = _report(record)
    loud = [f for f in report.findings if f.severity >= lossdoctor.Severity.WARNING]
    assert not loud, f"{record['file']} is a normal run; lossdoctor found {_found(report)}"


@pytest.mark.parametrize("record", READABLE, ids=[r["file"] for r in READABLE])
def test_every_finding_has_evidence(record):
    report = _report(record)
    bare = [f.name for f in report.findings if not f.evidence]
    assert not bare, f"{record['file']}: findings without evidence: {bare}"
