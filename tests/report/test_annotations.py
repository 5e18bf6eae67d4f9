"""Finding marks -> what is drawn: spans, single and listed positions, NaN flags; positions off the axis are not drawn."""
from __future__ import annotations

from dataclasses import replace

from lossdoctor.engine import Report
from lossdoctor.findings import Finding, Mark, Severity, Span
from lossdoctor.i18n import Text
from lossdoctor.report.annotations import annotate, best_position, finding_marks
from report_fixtures import fixed_report, fixed_run


def test_marks_of_the_fixed_report() -> None:
    shades, markers = annotate(fixed_report(), "en")
    assert [(s.finding, s.start, s.end) for s in shades] == [("nan_inf", 10, 11), ("overfitting", 5, 9)]
    by_key = {(m.key, m.x): m for m in markers}
    assert by_key[("best_epoch", 5.0)].y == 0.92 and by_key[("best_epoch", 5.0)].label == "best epoch 5"
    assert by_key[("first_nonfinite_step", 10.0)].nonfinite and by_key[("first_nonfinite_step", 10.0)].y is None
    assert by_key[("spike_epochs", 7.0)].point and by_key[("spike_epochs", 7.0)].y == 1.3


def test_only_marks_are_positions_and_out_of_range_values_are_not_drawn() -> None:
    f = Finding("LD105", "plateau", Severity.INFO, Text("flat", "平"), span=Span("epoch", 2, 11),
                evidence={"slope_per_epoch": -0.0001, "start_epoch": 2, "end_epoch": 99, "other_epoch": 3},
                series=("loss",), marks=(Mark("start_epoch", (2.0,)), Mark("end_epoch", (99.0,)),
                                         Mark("flag_epochs", (1.0, 500.0), many=True)))
    _, markers = finding_marks(fixed_run(), f, "zh")
    assert sorted((m.key, m.x) for m in markers) == [("flag_epochs", 1.0), ("start_epoch", 2.0)]
    assert next(m for m in markers if m.key == "start_epoch").label == "开始 2"


def test_best_position_from_evidence_or_curve() -> None:
    assert best_position(fixed_report()) == ("epoch", 5.0)
    bare = replace(fixed_report(), findings=())
    assert best_position(bare) == ("epoch", 5.0)  # val_loss minimum (0.92 at epoch 5), NaN ignored
    assert best_position(Report(replace(fixed_run(), series=()), ())) is None
