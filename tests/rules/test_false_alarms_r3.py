"""Rule release 3, false alarms on healthy runs: one test per principle, on real logs (the development part of
benchmarks/real_runs/, verbatim, a public fixture, and runs of the fault benchmark's families), each with the problem
beside it that must still be found."""
from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pytest

import lossdoctor
from lossdoctor.config import Options
from lossdoctor.engine import diagnose_run
from lossdoctor.model import Kind, Run, Split

from _shapes import findings, run_of

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT / "benchmarks" / "real_runs" / "dev"
PUBLIC = ROOT / "tests" / "fixtures" / "public_runs"
DATA = Path(__file__).parent / "data"


def _read(path: Path) -> Run:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        runs = lossdoctor.read(path)
    return max(runs, key=lambda r: max((len(s) for s in r.find_all(Kind.LOSS)), default=0))


def _dev(run_id: str) -> tuple[Run, dict]:
    d = DEV / run_id
    meta = json.loads((d / "meta.json").read_text(encoding="utf-8"))
    log = next(p for p in sorted(d.iterdir()) if p.name != "meta.json")
    return _read(log), meta


def _severities(run: Run, meta: dict | None = None) -> dict[str, str]:
    nc = (meta or {}).get("num_classes")
    rep = diagnose_run(run, Options(num_classes=nc) if nc else Options())
    return {f.name: f.severity.label for f in rep.findings}


@pytest.mark.parametrize("run_id", ["repo-amolduse-cifar10-200k-params-60ep", "repo-erav4-cifar100-wrn28-10-session02",
                                    "repo-eva5b2-s4-mnist-99-46"])
def test_a_progress_bars_batch_loss_swinging_beside_a_smooth_test_loss_is_a_note(run_id: str) -> None:
    """tqdm's `loss=` is the last batch of each epoch: it jumps by 12-70% of its level while the test loss, measured
    on the whole test set, falls smoothly; the authors call these runs their results. A note, not oscillation."""
    run, meta = _dev(run_id)
    assert meta["healthy"]
    sev = _severities(run, meta)
    assert sev.get("oscillation") == "info"
    assert not {k for k, v in sev.items() if v != "info"}
    (f,) = findings("LD106", run)
    assert f.evidence["steady_curve"] == "Test Average loss"


def test_swings_that_the_test_loss_shares_are_still_oscillation() -> None:
    """The same log, with the test loss made to bounce with the training loss (as it does when the weights bounce):
    the swings are the model's, a warning."""
    run, _ = _dev("repo-amolduse-cifar10-200k-params-60ep")
    tr = run.find(Kind.LOSS, Split.TRAIN).values
    (f,) = findings("LD106", run_of(loss=tr, val_loss=0.8 * tr))
    assert f.severity.label == "warning"


def test_a_test_loss_that_jumps_is_not_a_steady_witness() -> None:
    """A public Keras log whose validation loss is quiet between two 200x jumps while the training loss swings by a
    third of its level (the person: it oscillates): the jumps say the model is thrown around too, a warning."""
    run = _read(PUBLIC / "keras2_verbose2_val_far_below_train_6102.log")
    (f,) = findings("LD106", run)
    assert f.severity.label == "warning" and "steady_curve" not in f.evidence


def test_one_odd_batch_per_cycle_is_not_a_data_order() -> None:
    """The families' healthy SGD-momentum CNN with a step schedule (Lightning logs every 4th of 22 steps, so every
    44 steps the logged batch is the epoch's smaller last one): the loss repeats with period 44, all of it carried by
    that one position. Not unshuffled data; a sawtooth that spans the cycle still is."""
    d = json.loads((DATA / "healthy_sgdm_step_lcsv_s0.json").read_text())
    run = run_of("step", steps=d["steps"], loss=d["train_loss_step"])
    assert not [f for f in findings("LD106", run) if f.severity.label != "info"]
    t = np.arange(600)
    saw = (0.3 + 2.0 * np.exp(-t / 200)) * np.exp(0.5 * ((t % 44) / 44 - 0.5))
    saw *= 1 + 0.05 * np.random.default_rng(1).standard_normal(t.size)
    (f,) = findings("LD106", run_of("step", loss=saw))
    assert f.evidence.get("periodic") and abs(f.evidence["period_steps"] - 44) <= 1


def test_a_batch_thrown_above_the_untrained_loss_is_a_spike_in_a_noisy_step_log() -> None:
    """The families' corrupted batches (epochs 6, 12, 18: all labels wrong): the per-step loss, whose batch noise is
    a factor of about 2, jumps from ~0.03 to ~10, above the 2.3 it started at. Three recurring spikes, a warning;
    the healthy one-cycle CNN's hard batches (2-8x the trend, never near the start) stay quiet."""
    d = json.loads((DATA / "corrupt_batches_cnnbn_s0.json").read_text())
    (f,) = findings("LD109", run_of("step", steps=d["steps"], loss=d["train_loss_step"]))
    assert f.severity.label == "warning"
    assert f.evidence["spike_steps"] == [280.0, 538.0, 796.0]
    h = json.loads((DATA / "healthy_onecycle_cnn_s0.json").read_text())
    assert not findings("LD109", run_of("step", steps=h["steps"], loss=h["train_loss_step"]))
