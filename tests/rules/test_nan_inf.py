"""LD108 nan_inf."""
from __future__ import annotations

import numpy as np

from _shapes import decay, findings, run_of

NAN, INF = float("nan"), float("inf")


def test_first_nonfinite_step_and_last_finite() -> None:
    (f,) = findings("LD108", run_of(loss=[2.0, 1.5, 1.2, NAN, NAN]))
    assert f.evidence["first_nonfinite_step"] == 3 and f.evidence["last_finite_value"] == 1.2
    assert f.severity.label == "error"


def test_one_finding_for_several_series_earliest_first() -> None:
    (f,) = findings("LD108", run_of(loss=[2.0, 1.5, 1.2, 1.1, NAN], val_loss=[2.1, 1.6, NAN, NAN, NAN]))
    assert f.evidence["series"] == "val_loss" and f.evidence["other_series"] == ["loss"]


def test_single_inf_that_recovers_is_a_warning() -> None:
    y = list(decay(200, noise=0.01))
    y[120] = INF
    (f,) = findings("LD108", run_of("step", loss=y))
    assert f.severity.label == "warning" and f.evidence["recovered"] is True


def test_nan_from_the_start_points_at_the_loss_or_data() -> None:
    (f,) = findings("LD108", run_of(loss=[NAN, NAN, NAN]))
    assert f.causes[0].cause == "label_or_loss_misconfig"


def test_all_finite_is_silent() -> None:
    assert not findings("LD108", run_of(loss=np.linspace(2, 1, 10)))
