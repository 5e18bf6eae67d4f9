"""Do the findings stay the same? Diagnoses every log of the development corpora and dumps what each report says.

    PYTHONPATH=src python benchmarks/engine_equivalence.py dump OUT.json
    PYTHONPATH=src python benchmarks/engine_equivalence.py compare BEFORE.json AFTER.json

A speed change to the engine (shared views, vectorised statistics) must not change a verdict: `dump` records, for
every run, each finding's code, name, severity, confidence, evidence, span and causes, the ranked causes and the
analyses; `compare` lists every difference, numbers beside each other with their relative change (float rounding
shows as < 1e-9). Corpora: tests/fixtures (every format, the public logs), benchmarks/real_runs/dev, the fault
families under /work/data/families/runs when present, and a few generated long step-level runs (the binned-view
and running-median paths). The sealed real runs are never read here.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import warnings
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CORPORA = [ROOT / "tests" / "fixtures", ROOT / "benchmarks" / "real_runs" / "dev", Path("/work/data/families/runs")]


def _units(root: Path) -> list[Path]:
    """What to hand the reader: every child of a corpus folder (a log file or a run directory)."""
    if not root.is_dir():
        return []
    out: list[Path] = []
    for child in sorted(root.iterdir()):
        if "sealed" in child.parts:
            continue
        out.append(child)
    return out


def _generated() -> list[Any]:
    """Long step-level runs (sparse and dense validation, a NaN tail) so the binned and running-median paths run."""
    from lossdoctor.readers._base import Points, make_run
    from lossdoctor import Axis

    runs = []
    for n, dense, seed in ((3000, True, 0), (20000, True, 1), (20000, False, 2), (500, True, 3)):
        rng = np.random.default_rng(seed)
        s = np.arange(n, dtype=float)
        loss = 2 * np.exp(-s / (n / 5)) + 0.2 + rng.normal(0, 0.05, n)
        val = loss + 0.05 + 0.3 * np.maximum(0, s / n - 0.6) + rng.normal(0, 0.05, n)
        if seed == 3:
            loss[-20:] = np.nan
        vs = s if dense else s[:: n // 50]
        vv = val if dense else val[:: n // 50]
        acc = 1 - loss / 3
        runs.append(make_run(f"gen{n}-{seed}", f"gen{n}-{seed}", "bench",
                             {"loss": Points.of(s, loss), "val_loss": Points.of(vs, vv),
                              "accuracy": Points.of(s, acc), "val_accuracy": Points.of(vs, 1 - vv / 3)}, Axis.STEP))
    return runs


def _record(report: Any) -> dict[str, Any]:
    d = report.to_dict("en")
    return {"verdict": d["verdict"], "primary": d["primary"], "causes": d["causes"], "analyses": d["analyses"],
            "skipped": [s["code"] for s in d["skipped"]],
            "findings": [{k: f[k] for k in ("code", "name", "severity", "confidence", "evidence", "span", "causes",
                                            "message") if k in f} for f in d["findings"]]}


def dump(out: Path) -> None:
    import lossdoctor
    from lossdoctor.engine import diagnose_run

    result: dict[str, Any] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for root in CORPORA:
            for unit in _units(root):
                try:
                    runs = lossdoctor.read(unit)
                except Exception as exc:  # noqa: BLE001 - an unreadable fixture is recorded, not fatal
                    result[str(unit)] = {"read_error": f"{type(exc).__name__}"}
                    continue
                for i, run in enumerate(runs):
                    key = f"{unit}::{run.source}::{run.name}::{i}"
                    result[key] = _record(diagnose_run(run))
        for run in _generated():
            result[f"generated::{run.name}"] = _record(diagnose_run(run))
    out.write_text(json.dumps(result, indent=1, sort_keys=True, default=str))
    print(f"{len(result)} runs -> {out}")


def _diff(a: Any, b: Any, path: str, out: list[str]) -> None:
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                out.append(f"{path}.{k}: only in {'after' if k not in a else 'before'}")
            else:
                _diff(a[k], b[k], f"{path}.{k}", out)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{path}: {len(a)} items -> {len(b)}: {json.dumps(a)[:300]} -> {json.dumps(b)[:300]}")
            return
        for i, (x, y) in enumerate(zip(a, b)):
            _diff(x, y, f"{path}[{i}]", out)
    elif isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        if a != b and not (math.isnan(a) and math.isnan(b)):
            rel = abs(a - b) / max(abs(a), abs(b), 1e-300)
            out.append(f"{path}: {a!r} -> {b!r} (rel {rel:.1e})")
    elif a != b:
        out.append(f"{path}: {str(a)[:200]!r} -> {str(b)[:200]!r}")


def compare(before: Path, after: Path) -> int:
    a, b = json.loads(before.read_text()), json.loads(after.read_text())
    out: list[str] = []
    _diff(a, b, "", out)
    for line in out:
        print(line)
    print(f"{len(a)} runs before, {len(b)} after; {len(out)} differences")
    return 1 if out else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    c = sub.add_parser("compare")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = ap.parse_args()
    if args.cmd == "dump":
        dump(args.out)
        return 0
    return compare(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
