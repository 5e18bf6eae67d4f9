"""The recorder: the same engine as the CLI, each finding announced once, decisions only when asked."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest

from lossdoctor.engine import diagnose_run
from lossdoctor.errors import UsageError
from lossdoctor.findings import Severity
from lossdoctor.integrations.recorder import Recorder
from lossdoctor.model import Axis, Kind, Split


def overfit_curves(epochs: int = 30) -> list[tuple[float, float]]:
    """Train falls; validation falls until epoch 10 then rises (textbook overfitting), with a little noise."""
    rng = np.random.default_rng(1)
    out = []
    for e in range(epochs):
        train = 2.0 * math.exp(-e / 6) + 0.05
        val = 2.0 * math.exp(-e / 6) + 0.12 + 0.015 * max(0, e - 10) ** 1.4 + 0.01 * rng.standard_normal()
        out.append((train, val))
    return out


def feed(rec: Recorder, curves, steps_per_epoch: int = 0):
    decisions = []
    for e, (train, val) in enumerate(curves):
        for b in range(steps_per_epoch):
            rec.step_end(e * steps_per_epoch + b, {"loss": train * (1.0 + 0.02 * ((b * 7919) % 13) / 13)})
        decisions.append(rec.epoch_end(e, {"loss": train, "val_loss": val}))
        if decisions[-1].stop:
            break
    return decisions


def test_report_is_the_engine_on_the_same_run() -> None:
    rec = Recorder(printer=None)
    feed(rec, overfit_curves())
    offline = diagnose_run(rec.run())
    assert [f.code for f in rec.report().findings] == [f.code for f in offline.findings]
    assert "overfitting" in [f.name for f in offline.findings]


def test_each_finding_printed_once_when_it_appears() -> None:
    lines: list[str] = []
    rec = Recorder(printer=lines.append, lang="en")
    feed(rec, overfit_curves())
    over = rec.first_seen("overfitting")
    assert over is not None and 10 < over.epoch < 29, rec.announced
    assert sum("LD101 overfitting" in line for line in lines) == 1
    assert len(lines) == len(rec.announced)
    assert all(a.finding.severity >= Severity.WARNING for a in rec.announced)


def test_no_action_unless_asked() -> None:
    decisions = feed(Recorder(printer=None), overfit_curves())
    assert len(decisions) == 30
    assert not any(d.stop or d.lr_factor or d.snapshot_best or d.restore_best for d in decisions)


def test_stop_on_overfitting_restores_the_best_epoch() -> None:
    curves = overfit_curves()
    decisions = feed(Recorder(printer=None, stop_on_overfitting=True), curves)
    last = decisions[-1]
    assert last.stop and last.restore_best and "overfitting" in last.reason
    best = int(np.argmin([v for _, v in curves[: len(decisions)]]))
    assert last.best_epoch == best
    snapshots = [i for i, d in enumerate(decisions) if d.snapshot_best]
    assert snapshots[-1] == best and snapshots == sorted(snapshots)
    assert len(decisions) < 30  # it stopped before the end


def test_nan_stops_at_once_between_epochs() -> None:
    rec = Recorder(printer=None, stop_on=("nan_inf",), check_every=1000)
    for s in range(40):
        d = rec.step_end(s, {"loss": 1.0 / (s + 1)})
        assert not d.stop
    d = rec.step_end(40, {"loss": float("nan")})
    assert d.stop and d.reason.startswith("LD108 nan_inf")
    assert rec.first_seen("nan_inf").step == 40
    assert rec.step_end(41, {"loss": float("nan")}).stop  # stays stopped


def test_reduce_lr_on_plateau_once_per_plateau() -> None:
    rec = Recorder(printer=None, reduce_lr_on_plateau=0.5)
    factors = []
    for e in range(40):
        loss = 1.0 / (1 + e) if e < 8 else 0.125 + 0.002 * ((e * 37) % 5)
        factors.append(rec.epoch_end(e, {"loss": loss, "val_loss": loss + 0.05}).lr_factor)
    cuts = [e for e, f in enumerate(factors) if f]
    assert cuts, "the flat stretch after epoch 8 is a plateau"
    assert all(factors[e] == 0.5 for e in cuts)
    assert len(cuts) < 5


def test_keys_on_both_axes_and_probe_tags() -> None:
    rec = Recorder(printer=None)
    rec.step_end(1, {"loss": 1.0, "grad_norm": 2.0, "grad_norm/fc1": 1.5, "dead_units/relu1": 0.1})
    rec.step_end(2, {"loss": 0.9})
    rec.epoch_end(0, {"loss": 0.95, "val_accuracy": 0.5, "note": "text is skipped"})
    run = rec.run()
    keys = {s.key: s for s in run.series}
    assert set(keys) == {"loss_step", "grad_norm", "grad_norm/fc1", "dead_units/relu1", "loss", "val_accuracy"}
    assert keys["loss_step"].axis is Axis.STEP and keys["loss"].axis is Axis.EPOCH
    assert keys["grad_norm/fc1"].kind is Kind.GRAD_NORM and not keys["grad_norm/fc1"].primary
    assert run.find(Kind.GRAD_NORM, Split.NONE).key == "grad_norm"
    assert keys["dead_units/relu1"].kind is Kind.DEAD_UNITS
    assert keys["val_accuracy"].split is Split.VAL


def test_a_restarted_step_counter_replaces_the_overlap() -> None:
    rec = Recorder(printer=None)
    for s in range(200):
        rec.log_step(s, {"loss": 1.0})
    rec.log_step(150, {"loss": 2.0})
    s = rec.run().get("loss")
    assert s.steps[-1] == 150 and s.values[-1] == 2.0 and len(s) == 151


def test_write_report_by_suffix_and_only_on_rank_zero(tmp_path) -> None:
    rec = Recorder("r0", printer=None)
    feed(rec, overfit_curves())
    p = rec.write_report(tmp_path / "r.json")
    runs = json.loads(p.read_text())["runs"]
    assert runs[0]["name"] == "r0" and "overfitting" in [f["name"] for f in runs[0]["findings"]]
    with pytest.raises(UsageError):
        rec.write_report(tmp_path / "r.unknown")
    other = Recorder(printer=print, rank=1)
    feed(other, overfit_curves())
    assert other.write_report(tmp_path / "r1.json") is None and not (tmp_path / "r1.json").exists()


def test_bad_actions_are_refused() -> None:
    with pytest.raises(UsageError, match="unknown finding"):
        Recorder(stop_on=("nan",))
    with pytest.raises(UsageError, match="between 0 and 1"):
        Recorder(reduce_lr_on_plateau=2.0)


def test_importing_the_integrations_is_light() -> None:
    """`import lossdoctor.torch` and the recorder import no framework; torch comes with the first Doctor."""
    import subprocess
    import sys

    code = ("import sys, lossdoctor, lossdoctor.torch, lossdoctor.integrations.recorder; "
            "print(sorted(m for m in ('torch', 'keras', 'lightning', 'transformers') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_log_steps_records_what_log_step_would_and_flags_a_nonfinite_loss() -> None:
    rng = np.random.default_rng(3)
    values = list(2.0 + rng.standard_normal(150))
    one, bulk = Recorder(printer=None), Recorder(printer=None)
    for i, v in enumerate(values[:100]):
        one.log_step(i, {"loss": v})
    for i, v in enumerate(values[90:], start=90):  # a restart that overlaps: later points replace the overlap
        one.log_step(i, {"loss": v})
    bulk.log_steps("loss", range(0, 100), values[:100])  # grows past the first buffer in one call
    bulk.log_steps("loss", range(90, 150), values[90:])  # overlapping: the point-by-point path
    a, b = one.run().get("loss"), bulk.run().get("loss")
    np.testing.assert_array_equal(a.steps, b.steps)
    np.testing.assert_array_equal(a.values, b.values)
    assert b.steps.size == 150
    with pytest.raises(ValueError):
        bulk.log_steps("loss", [150, 151], [1.0])
    assert bulk.step_end(150).stop is False and not bulk.announced  # not urgent: a healthy run checks on schedule
    bulk.log_steps("loss", [151, 152], [1.0, float("nan")])
    assert "nan_inf" in [f.name for f in bulk.step_end(153).new]  # a non-finite loss is checked at once
