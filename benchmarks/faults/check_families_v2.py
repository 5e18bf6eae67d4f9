"""Check a generated second-generation family set WITHOUT diagnosing it: every run's native log is read whole by
lossdoctor's reader (the format evaluate.py expects, every logged epoch of train and val loss, NaN kept as NaN), and
its raw history passes the construction check written with its labels (checks_v2.py).

    python benchmarks/faults/check_families_v2.py /work/data/families2

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

from checks_v2 import shows  # noqa: E402
from families_v2 import FAMILIES_V2  # noqa: E402


def _match(got: np.ndarray, logged: np.ndarray, printed: bool) -> bool:
    """Same length and values (within the 4 decimals a text log prints), NaN/inf where NaN/inf was logged."""
    if len(got) != len(logged):
        return False
    fin = np.isfinite(logged)
    atol = 6e-5 if printed else 1e-6
    return bool(np.array_equal(fin, np.isfinite(got))
                and np.allclose(got[fin], logged[fin], rtol=2e-3 if not printed else 1e-3, atol=atol))


def read_whole(rec: dict[str, Any], run_dir: Path, hist: dict[str, list[float]]) -> tuple[bool, str]:
    """The native log read by the expected reader: a train and a val loss series with exactly the logged per-epoch
    values (HF logs train loss every few steps: there, every logged value), NaN kept where NaN was logged, and the
    per-step train loss where the writer keeps one."""
    import lossdoctor
    from lossdoctor.model import Kind, Split

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        runs = [r for r in lossdoctor.read(run_dir / rec["log"]) if r.format == rec["format"]]
    if not runs:
        return False, f"no run read by {rec['format']}"
    run = max(runs, key=lambda r: sum(len(s) for s in r.series))
    printed = rec["format"] == "text"
    problems = []
    expected = {"train": np.asarray(hist["loss"], dtype=float), "val": np.asarray(hist["val_loss"], dtype=float)}
    if rec["format"] == "hf_trainer":  # HF's train loss is its logging-step series: compare with what it logged
        state = json.loads((run_dir / rec["log"]).read_text())
        expected["train"] = np.asarray([r["loss"] for r in state["log_history"] if "loss" in r], dtype=float)
    for split in (Split.TRAIN, Split.VAL):
        cands = run.find_all(Kind.LOSS, split)
        if not any(_match(np.asarray(s.values, dtype=float), expected[split.value], printed) for s in cands):
            problems.append(f"no {split.value} loss series with the {len(expected[split.value])} logged values "
                            f"(read: {[(s.key, len(s)) for s in cands]})")
    n_epochs = len(hist["loss"])
    steps = [s for s in run.find_all(Kind.LOSS, Split.TRAIN) if len(s) > n_epochs]
    if rec.get("step_level") and not steps:
        problems.append("no per-step train loss")
    notes = [str(w.message).splitlines()[0][:80] for w in caught]
    detail = f"{len(run.series)} series" + (f", {len(steps[0])} steps" if steps else "")
    if notes:
        detail += f"; warnings: {notes[:2]}"
    return not problems, "; ".join(problems) or detail


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", type=Path)
    args = ap.parse_args(argv)
    by_name = {f.name: f for f in FAMILIES_V2}
    records = json.loads((args.data / "labels.json").read_text())
    bad = 0
    for rec in records:
        run_dir = args.data / "runs" / rec["id"]
        hist = json.loads((run_dir / "history.json").read_text())
        ok_read, read_msg = read_whole(rec, run_dir, hist)
        ok_shows, shows_msg = shows(by_name[rec["scenario"]], hist, rec["n_classes"])
        bad += not (ok_read and ok_shows)
        print(f"{'ok ' if ok_read and ok_shows else 'BAD'} {rec['id']:<48} {rec['format']:<13} "
              f"read {'ok' if ok_read else 'FAIL'} ({read_msg}) | {by_name[rec['scenario']].shows} "
              f"{'ok' if ok_shows else 'FAIL'}: {shows_msg}")
    print(f"{len(records) - bad}/{len(records)} runs read whole and showing their fault")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
