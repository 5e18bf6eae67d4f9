"""Real logs of the development corpus and the public fixtures, read the way the rule tests need them."""
from __future__ import annotations

import json
import warnings
from pathlib import Path

import lossdoctor
from lossdoctor.config import Options
from lossdoctor.engine import diagnose_run
from lossdoctor.model import Kind, Run

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT / "benchmarks" / "real_runs" / "dev"
PUBLIC = ROOT / "tests" / "fixtures" / "public_runs"


def read_longest(path: Path) -> Run:
    """The run with the longest loss series in a log (a log may hold several)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        runs = lossdoctor.read(path)
    return max(runs, key=lambda r: max((len(s) for s in r.find_all(Kind.LOSS)), default=0))


def dev_run(run_id: str) -> tuple[Run, dict]:
    """A dev-part log and its meta.json."""
    d = DEV / run_id
    meta = json.loads((d / "meta.json").read_text(encoding="utf-8"))
    log = next(p for p in sorted(d.iterdir()) if p.name != "meta.json")
    return read_longest(log), meta


def severities(run: Run, meta: dict | None = None, judged: bool = False) -> dict[str, str]:
    """Finding name -> severity, with the class count the meta.json states; `judged`: the severity each rule judged,
    before the warning policy reports a finding off its list as a note (every rule `warn = true`)."""
    from _shapes import ALL_WARN, assert_reported_as_policy

    nc = (meta or {}).get("num_classes")
    rep = diagnose_run(run, Options(num_classes=nc))
    if judged:
        seen = diagnose_run(run, Options(num_classes=nc, rules=ALL_WARN))
        assert_reported_as_policy(list(rep.findings), list(seen.findings))
        rep = seen
    return {f.name: f.severity.label for f in rep.findings}
