"""Regression suite: a committed subset of the fault-injection benchmark (benchmarks/faults/).

Each run in tests/fixtures/faults/ was really trained (small PyTorch models on scikit-learn data, one injected
fault) and logged through its framework's own writer; labels.json says which symptoms the curves show.
Regenerate with `python benchmarks/faults/generate.py --fixtures`.
"""
from __future__ import annotations

import json
import math
import warnings
from pathlib import Path
from typing import Any

import pytest

import lossdoctor
from lossdoctor import LossDoctorError, Severity
from lossdoctor.model import Kind, Split

FIXTURES = Path(__file__).parent / "fixtures" / "faults"
RECORDS: list[dict[str, Any]] = json.loads((FIXTURES / "labels.json").read_text())
FAULTY = [r for r in RECORDS if not r["healthy"]]
HEALTHY = [r for r in RECORDS if r["healthy"]]


def _read(path: Path) -> list[lossdoctor.Run]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return lossdoctor.read(path)


def _native(rec: dict[str, Any]) -> lossdoctor.Run | None:
    try:
        runs = [r for r in _read(FIXTURES / "runs" / rec["id"] / rec["log"]) if r.format == rec["format"]]
    except LossDoctorError:
        return None
    return max(runs, key=lambda r: sum(len(s) for s in r.series)) if runs else None


def _run(rec: dict[str, Any]) -> lossdoctor.Run:
    """The native log; the same epochs as a Keras History JSON while that format's reader is not written yet."""
    return _native(rec) or _read(FIXTURES / "runs" / rec["id"] / "history.json")[0]


_REPORTS: dict[str, lossdoctor.Report] = {}


def _report(rec: dict[str, Any]) -> lossdoctor.Report:
    """Diagnose once per run (the top-3 test reuses the reports): keeps the suite well under 20 s."""
    if rec["id"] not in _REPORTS:
        num_classes = rec["n_classes"] if rec.get("num_classes_given") else None  # as --num-classes C
        _REPORTS[rec["id"]] = lossdoctor.diagnose(_run(rec), num_classes=num_classes)
    return _REPORTS[rec["id"]]


def test_subset_covers_faults_healthy_runs_and_formats() -> None:
    assert len(HEALTHY) >= 4 and len(FAULTY) >= 12
    assert {r["format"] for r in RECORDS} == {"tensorboard", "keras_csv", "lightning_csv", "hf_trainer",
                                               "keras_history", "mlflow"}


@pytest.mark.parametrize("rec", FAULTY, ids=[r["id"] for r in FAULTY])
def test_labelled_symptoms_are_found(rec: dict[str, Any]) -> None:
    report = _report(rec)
    found = {f.name for f in report.findings}
    missed = [g for g in rec["expect"] if not set(g) & found]
    assert not missed, f"{rec['fault']}: expected one of {missed}, found {sorted(found)}"


@pytest.mark.parametrize("rec", HEALTHY, ids=[r["id"] for r in HEALTHY])
def test_healthy_run_gets_no_warning(rec: dict[str, Any]) -> None:
    report = _report(rec)
    alarms = [f"{f.name} ({f.severity.label})" for f in report.findings if f.severity >= Severity.WARNING]
    assert not alarms, f"{rec['fault']}: false alarm {alarms}"
    assert report.verdict == "healthy"


def test_top3_cause_accuracy_meets_the_bar() -> None:
    with_causes = [r for r in FAULTY if r["causes"]]
    hits = [r["id"] for r in with_causes
            if set(c.cause for c in _report(r).causes[:3]) & set(r["causes"])]
    assert len(hits) / len(with_causes) >= 0.80, f"top-3 cause hits: {len(hits)}/{len(with_causes)}"


@pytest.mark.parametrize("rec", RECORDS, ids=[r["id"] for r in RECORDS])
def test_native_log_reads_the_same_epochs_as_the_history(rec: dict[str, Any]) -> None:
    """The native log through its reader gives the validation loss the model really had, epoch by epoch."""
    run = _native(rec)
    assert run is not None, f"the {rec['format']} reader cannot read {rec['log']}"
    hist = json.loads((FIXTURES / "runs" / rec["id"] / "history.json").read_text())
    val = run.find(Kind.LOSS, Split.VAL)
    assert val is not None
    want = [v for v in hist["val_loss"] if math.isfinite(v)]
    got = [float(v) for v in val.values if math.isfinite(v)]
    assert len(got) == len(want)
    assert got == pytest.approx(want, rel=1e-4)


def test_benchmark_scoring_charges_misses_and_false_alarms_correctly() -> None:
    """The published numbers come from benchmarks/faults/evaluate.py: its scoring rules, checked on a toy case."""
    import sys

    sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks" / "faults"))
    from scoring import score

    recs = [
        {"id": "a", "expect": [["overfitting", "generalization_gap"]], "allow": ["plateau"], "healthy": False,
         "causes": ["model_too_large"]},
        {"id": "b", "expect": [["divergence", "nan_inf"], ["stuck_at_chance", "loss_not_decreasing"]], "allow": [],
         "healthy": False,
         "causes": ["lr_too_high"]},
        {"id": "h", "expect": [], "allow": ["still_improving"], "healthy": True, "causes": []},
    ]
    fired = {"a": {"generalization_gap", "plateau"}, "b": {"nan_inf", "oscillation"}, "h": {"still_improving"}}
    sc = score(recs, fired, {"a": True, "b": True, "h": False},
               {"a": ["too_little_data", "model_too_large"], "b": ["lr_too_low"], "h": []})
    assert (sc.tp["generalization_gap"], sc.tp["nan_inf"]) == (1, 1)
    assert sc.fn["stuck_at_chance"] == 1 and sc.fn["loss_not_decreasing"] == 0  # a miss goes to the first name
    assert sc.fn["overfitting"] == 0  # a satisfied group charges nobody
    assert sc.fp["oscillation"] == 1 and sc.fp["plateau"] == 0 and sc.fp["still_improving"] == 0
    assert (sc.groups_hit, sc.groups) == (2, 3)
    assert sc.false_alarm_rate == 0.0 and sc.top3 == 0.5
    assert sc.macro_f1(["stuck_at_chance", "nan_inf"]) == pytest.approx((0.0 + 1.0) / 2)
