"""Check a generated fourth-generation family set WITHOUT diagnosing it: every run's native log is read whole by
lossdoctor's reader (the format evaluate.py expects; a train and a val loss series with every value the log holds,
to the precision it prints, NaN kept as NaN; the per-step train loss where the writer keeps one), and its raw history
passes the construction check written with its labels (checks_v4.py).

    python benchmarks/faults/check_families_v4.py /work/data/families4

Only ``lossdoctor.read`` is called: no rule, no report. Exit 1 if any run fails either check.
"""
from __future__ import annotations

import argparse
import json
import sys
import warnings
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from checks_v4 import shows  # noqa: E402
from families_v4 import FAMILIES_V4  # noqa: E402


def _match(got: np.ndarray, logged: np.ndarray, atol: float, rtol: float) -> bool:
    """Same length and values (within the precision the log prints), NaN/inf where NaN/inf was logged."""
    if len(got) != len(logged):
        return False
    fin = np.isfinite(logged)
    return bool(np.array_equal(fin, np.isfinite(got)) and np.allclose(got[fin], logged[fin], rtol=rtol, atol=atol))


def read_whole(rec: dict[str, Any], run_dir: Path) -> tuple[bool, str]:
    """The native log read by the expected reader: a train and a val loss series with exactly the logged values (as
    recorded by the trainer in logged.json), and a per-step train loss where the writer keeps one."""
    import lossdoctor
    from lossdoctor.model import Kind, Split

    log = run_dir / rec["log"]
    logged = json.loads((run_dir / "logged.json").read_text())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            runs = [r for r in lossdoctor.read(log) if r.format == rec["format"]]
        except Exception as exc:  # a reader failure is this check's finding, not a crash of the check
            return False, f"reader failed: {type(exc).__name__}: {str(exc)[:120]}"
    if not runs:
        return False, f"no run read by {rec['format']}"
    run = max(runs, key=lambda r: sum(len(s) for s in r.series))
    problems = []
    for split in (Split.TRAIN, Split.VAL):
        want = np.asarray(logged[split.value], dtype=float)
        cands = run.find_all(Kind.LOSS, split)
        if split is Split.VAL and rec["trainer"] == "print_vae":  # PyTorch's VAE example calls it 'Test set loss'
            cands = cands + run.find_all(Kind.LOSS, Split.TEST)
        if not any(_match(np.asarray(s.values, dtype=float), want, logged["atol"], logged["rtol"]) for s in cands):
            problems.append(f"no {split.value} loss series with the {len(want)} logged values "
                            f"(read: {[(s.key, len(s)) for s in cands]})")
    n_val = len(logged["val"])
    steps = [s for s in run.find_all(Kind.LOSS, Split.TRAIN) if len(s) > n_val]
    if rec.get("step_level") and not steps:
        problems.append("no per-step train loss")
    notes = [str(w.message).splitlines()[0][:80] for w in caught]
    detail = f"{len(run.series)} series" + (f", {len(steps[0])} steps" if steps else "")
    if notes:
        detail += f"; warnings: {notes[:2]}"
    return not problems, "; ".join(problems) or detail


def check_set(argv: list[str] | None, description: str, families: Any, shows_fn: Any,
              widths: tuple[int, int] = (50, 12)) -> int:
    """The command of every generation's check: read each run whole, run its construction check, print a line each."""
    ap = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", type=Path)
    ap.add_argument("--only", nargs="*", default=[], help="run id substrings")
    args = ap.parse_args(argv)
    by_name = {f.name: f for f in families}
    path = args.data / "labels.json"
    records = [r for r in json.loads(path.read_text()) if not args.only or any(o in r["id"] for o in args.only)]
    bad = 0
    id_w, fmt_w = widths
    for rec in records:
        run_dir = args.data / "runs" / rec["id"]
        hist = json.loads((run_dir / "history.json").read_text())
        ok_read, read_msg = read_whole(rec, run_dir)
        ok_shows, shows_msg = shows_fn(by_name[rec["scenario"]], hist, rec["n_classes"])
        bad += not (ok_read and ok_shows)
        print(f"{'ok ' if ok_read and ok_shows else 'BAD'} {rec['id']:<{id_w}} {rec['format']:<{fmt_w}} "
              f"read {'ok' if ok_read else 'FAIL'} ({read_msg}) | {by_name[rec['scenario']].shows} "
              f"{'ok' if ok_shows else 'FAIL'}: {shows_msg}")
    print(f"{len(records) - bad}/{len(records)} runs read whole and showing their fault")
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    return check_set(argv, __doc__, FAMILIES_V4, shows)

if __name__ == "__main__":
    raise SystemExit(main())
