"""Run the PyPI log linters on the benchmark's histories. Runs INSIDE benchmarks/_work/peer-venv, not our venv.

    benchmarks/_work/peer-venv/bin/python benchmarks/faults/peer_tools.py JOBS.json OUT.json

JOBS.json: [{"id": ..., "csv": path, "native": path}]; each CSV has step, train_loss, val_loss, train_acc,
val_acc, lr per epoch; "native" is the run's log as its framework wrote it (what a user would point the tool at).
OUT.json:  {id: {tool: [[finding_id, severity], ...] | "error: ..."}}. Mapping to our names is in peers.py.
"""
from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path
from typing import Any


def _losslint(csv: Path) -> list[list[str]]:
    from losslint.checks import run_all_checks
    from losslint.parsing import load_run

    return [[f.check, f.severity] for f in run_all_checks(load_run(csv))]


def _losslint_native(path: Path) -> list[list[str]]:
    """What `losslint check PATH` does: expand a directory to the files it knows, lint each one."""
    from losslint.checks import run_all_checks
    from losslint.cli import _expand_inputs
    from losslint.parsing import load_run

    files = _expand_inputs([str(path)])
    if not files:
        raise ValueError("no log file it recognises")
    return [[f.check, f.severity] for p in files for f in run_all_checks(load_run(p))]


def _runmedic(csv: Path) -> list[list[str]]:
    from runmedic import loaders, roles
    from runmedic.checks import run_checks

    out: list[list[str]] = []
    for run in loaders.load(str(csv)):
        for f in run_checks(run, roles.detect(run)):
            out.append([f.check, f.severity])
    return out


def _gradsnitch(csv: Path) -> list[list[str]]:
    import gradsnitch

    return [[f.code, f.severity] for f in gradsnitch.lint_csv(str(csv))]


def _sk_autod(train: list[float], val: list[float]) -> list[list[str]]:
    from sk_autod import diagnose

    report = diagnose(train, val)
    return [[f.detector_name, getattr(f.severity, "value", str(f.severity)).lower()] for f in report.findings]


def main(jobs_path: str, out_path: str) -> int:
    warnings.filterwarnings("ignore")
    import pandas as pd

    jobs: list[dict[str, Any]] = json.loads(Path(jobs_path).read_text())
    results: dict[str, dict[str, Any]] = {}
    for job in jobs:
        csv = Path(job["csv"])
        df = pd.read_csv(csv)
        res: dict[str, Any] = {}
        tools = {"losslint": lambda: _losslint(csv), "runmedic": lambda: _runmedic(csv),
                 "gradsnitch": lambda: _gradsnitch(csv),
                 "losslint (native log)": lambda: _losslint_native(Path(job["native"])),
                 "runmedic (native log)": lambda: _runmedic(Path(job["native"])),
                 "sk-autod": lambda: _sk_autod(df["train_loss"].tolist(), df["val_loss"].tolist())}
        for name, fn in tools.items():
            try:
                res[name] = fn()
            except Exception as exc:  # a peer that crashes on a run is reported as such, not hidden
                res[name] = f"error: {type(exc).__name__}: {exc}"
        results[job["id"]] = res
    Path(out_path).write_text(json.dumps(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], sys.argv[2]))
