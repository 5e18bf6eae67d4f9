"""Diagnosing a small run stays numpy-only: scipy (about a second to import) is loaded only for long curves."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"

_PROBE = """
import json, sys
import lossdoctor
from lossdoctor.engine import diagnose_run
out = []
for path in sys.argv[1:]:
    for run in lossdoctor.read(path):
        rep = diagnose_run(run)
        out.append([len(run.series), rep.verdict, [f.name for f in rep.findings]])
print(json.dumps({"scipy": sorted(m for m in sys.modules if m == "scipy" or m.startswith("scipy.")), "runs": out}))
"""


def test_diagnosing_small_runs_does_not_import_scipy() -> None:
    logs = [FIXTURES / "keras" / "training.log", FIXTURES / "keras" / "nan_run.tsv",
            FIXTURES / "lightning", FIXTURES / "hf"]
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src"))
    r = subprocess.run([sys.executable, "-c", _PROBE, *map(str, logs)], env=env, capture_output=True, text=True,
                       check=True)
    got = json.loads(r.stdout.strip().splitlines()[-1])
    assert len(got["runs"]) >= 4 and all(n >= 1 for n, _, _ in got["runs"])  # the runs were read and diagnosed
    assert any(findings for _, _, findings in got["runs"])  # and the rules ran (the NaN run has a finding)
    assert got["scipy"] == []
