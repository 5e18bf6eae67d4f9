"""benchmarks/real_runs/calibration.py: the reliability table, ECE and Brier score on constructed findings whose
answer is worked out by hand, and what "right" means for a finding on a labelled run (real runs and families)."""
from __future__ import annotations

import importlib.util
import json
import math
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks" / "real_runs"))

import calibration  # noqa: E402

# 10 findings: two at 0.2 (one right), two at 0.5 (one right), four at 0.9 (three right), two at 1.0 (both right)
CONF = np.array([0.2, 0.2, 0.5, 0.5, 0.9, 0.9, 0.9, 0.9, 1.0, 1.0])
RIGHT = np.array([0, 1, 1, 0, 1, 1, 1, 0, 1, 1])


def test_reliability_bins_by_hand() -> None:
    bins = calibration.reliability(CONF, RIGHT)
    assert [b.n for b in bins] == [2, 2, 0, 6]
    assert bins[0].right == pytest.approx(0.5) and bins[0].mean_conf == pytest.approx(0.2)
    assert bins[0].gap == pytest.approx(-0.3)  # under-confident
    assert bins[1].gap == pytest.approx(0.0)
    assert math.isnan(bins[2].right)  # empty bin kept
    assert bins[3].right == pytest.approx(5 / 6) and bins[3].mean_conf == pytest.approx(5.6 / 6)


def test_ece_and_brier_by_hand() -> None:
    # ECE = 2/10 * 0.3 + 2/10 * 0 + 6/10 * |5.6/6 - 5/6| = 0.06 + 0.06
    assert calibration.ece(CONF, RIGHT) == pytest.approx(0.12)
    # Brier = (0.04 + 0.64 + 0.25 + 0.25 + 3 * 0.01 + 0.81 + 0 + 0) / 10
    assert calibration.brier(CONF, RIGHT) == pytest.approx(0.202)


def test_a_calibrated_forecaster_scores_zero_ece_and_a_reversed_one_does_not() -> None:
    conf = np.array([0.5, 0.5, 0.9] + [0.9] * 9)
    right = np.array([1, 0, 0] + [1] * 9)  # 0.5 right half the time, 0.9 right 9 times in 10
    assert calibration.ece(conf, right) == pytest.approx(0.0)
    assert calibration.ece(conf, 1 - right) > 0.5


def test_bin_edges_belong_to_the_upper_bin_and_one_to_the_last() -> None:
    assert list(calibration.bin_index(np.array([0.0, 0.39, 0.4, 0.6, 0.8, 0.99, 1.0]))) == [0, 0, 1, 2, 3, 3, 3]


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError):
        calibration.ece(np.array([0.5, 1.2]), np.array([1, 0]))
    with pytest.raises(ValueError):
        calibration.brier(np.array([0.5]), np.array([1, 0]))
    assert math.isnan(calibration.ece(np.array([]), np.array([])))


def test_right_on_run() -> None:
    r = calibration.right_on_run
    assert r("overfitting", "warning", False, {"overfitting"}, set())
    assert r("plateau", "info", False, {"overfitting"}, {"plateau"})
    assert not r("oscillation", "info", False, {"overfitting"}, {"plateau"})
    assert r("still_improving", "info", True, set(), {"still_improving"})  # a listed note on a healthy run
    assert not r("plateau", "info", True, set(), {"still_improving"})  # an unlisted note on a healthy run
    assert not r("still_improving", "warning", True, set(), {"still_improving"})  # a warning on a healthy run


def test_report_lines_sort_names_by_gap() -> None:
    findings = [("a", "info", 0.9, False)] * 5 + [("b", "warning", 0.3, True)] * 5
    lines = calibration.report_lines(findings)
    assert any(line.startswith("warning+ findings: 5 findings") for line in lines)
    rows = [line for line in lines if line.startswith("| a ") or line.startswith("| b ")]
    assert rows == ["| a | 5 | 0.00 | 0.90 | +0.90 | - |", "| b | 5 | 1.00 | 0.30 | -0.70 | - |"]


def test_auc_by_hand() -> None:
    # right at 0.9, 0.9, 0.5 against wrong at 0.5, 0.2: pairs won 2 + 2 + (0.5 tie + 1) = 5.5 of 6
    assert calibration.auc(np.array([0.9, 0.9, 0.5, 0.5, 0.2]), np.array([1, 1, 1, 0, 0])) == pytest.approx(5.5 / 6)
    assert calibration.auc(np.array([0.2, 0.9]), np.array([1, 0])) == pytest.approx(0.0)
    assert math.isnan(calibration.auc(np.array([0.2, 0.9]), np.array([1, 1])))


def _score_module():
    spec = importlib.util.spec_from_file_location("real_runs_score_calib", ROOT / "benchmarks" / "real_runs" / "score.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def test_score_counts_every_finding_with_a_confidence() -> None:
    score = _score_module()

    def case(cid: str, labels: set[str], acceptable: set[str], healthy: bool):
        return score.Case(cid, Path("x"), frozenset(labels), frozenset(acceptable), healthy, False, None)

    outs = [score.Outcome(case("p", {"overfitting"}, {"plateau"}, False),
                          findings=[("overfitting", "warning", 0.9), ("oscillation", "info", 0.6),
                                    ("plateau", "info", None), ("internal_error", "info", 1.0)]),
            score.Outcome(case("h", set(), {"still_improving"}, True),
                          findings=[("still_improving", "info", 0.5), ("overfitting", "warning", 0.8)])]
    rows, missing, _ = score.scored_findings(outs)
    assert rows == [("overfitting", "warning", 0.9, True), ("oscillation", "info", 0.6, False),
                    ("still_improving", "info", 0.5, True), ("overfitting", "warning", 0.8, False)]
    assert missing == 1


def test_evaluate_calibration_on_a_committed_family_run() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks" / "faults"))
    import evaluate

    faults = ROOT / "tests" / "fixtures" / "faults"
    recs = json.loads((faults / "labels.json").read_text())[:3]
    outcomes = {r["id"]: evaluate.run_lossdoctor(r, faults / "runs" / r["id"]) for r in recs}
    assert all(set(o.confidences) == o.fired for o in outcomes.values())
    lines = evaluate.calibration_lines(recs, outcomes)
    n = sum(len(o.fired) for o in outcomes.values())
    assert f"{n} findings on 3 runs" in lines[0]
