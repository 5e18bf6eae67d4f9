"""Check a generated third-generation family set WITHOUT diagnosing it: every run's native log is read whole by
lossdoctor's reader (the format evaluate.py expects, every logged value of train and val loss, NaN kept as NaN, the
per-step train loss where the writer keeps one), and its raw history passes the construction check written with its
labels (checks_v3.py).

    python benchmarks/faults/check_families_v3.py /work/data/families3

Only ``lossdoctor.read`` is called: no rule, no report. Exit 1 if any run fails either check.
"""
from __future__ import annotations

import argparse
import ast
import json
import sys
import warnings
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from check_families_v2 import _match  # noqa: E402
from checks_v3 import shows  # noqa: E402
from families_v3 import FAMILIES_V3  # noqa: E402


def _hf_logged(rec: dict[str, Any], log: Path) -> tuple[np.ndarray, np.ndarray]:
    """The train and eval losses the HF Trainer logged: from trainer_state.json, or from the dicts it printed."""
    if rec["format"] == "hf_trainer":
        rows = json.loads(log.read_text())["log_history"]
    else:
        rows = [ast.literal_eval(line) for line in log.read_text().splitlines() if line.startswith("{")]
    train = [float(r["loss"]) for r in rows if "loss" in r]
    val = [float(r["eval_loss"]) for r in rows if "eval_loss" in r]
    return np.asarray(train, dtype=float), np.asarray(val, dtype=float)


def read_whole(rec: dict[str, Any], run_dir: Path, hist: dict[str, list[float]]) -> tuple[bool, str]:
    """The native log read by the expected reader: a train and a val loss series with exactly the logged values, NaN
    kept where NaN was logged, and a per-step train loss where the writer keeps one."""
    import lossdoctor
    from lossdoctor.model import Kind, Split

    log = run_dir / rec["log"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            runs = [r for r in lossdoctor.read(log) if r.format == rec["format"]]
        except Exception as exc:  # a reader failure is this check's finding, not a crash of the check
            return False, f"reader failed: {type(exc).__name__}: {str(exc)[:120]}"
    if not runs:
        return False, f"no run read by {rec['format']}"
    run = max(runs, key=lambda r: sum(len(s) for s in r.series))
    printed = rec["format"] == "text"
    expected = {"train": np.asarray(hist["loss"], dtype=float), "val": np.asarray(hist["val_loss"], dtype=float)}
    if rec["trainer"] in ("hf", "hf_stdout"):  # HF's train loss is its logging-step series
        expected["train"], expected["val"] = _hf_logged(rec, log)
    problems = []
    for split in (Split.TRAIN, Split.VAL):
        cands = run.find_all(Kind.LOSS, split)
        if not any(_match(np.asarray(s.values, dtype=float), expected[split.value], printed) for s in cands):
            problems.append(f"no {split.value} loss series with the {len(expected[split.value])} logged values "
                            f"(read: {[(s.key, len(s)) for s in cands]})")
    n_rows = len(hist["loss"])
    steps = [s for s in run.find_all(Kind.LOSS, Split.TRAIN) if len(s) > n_rows]
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
    ap.add_argument("--only", nargs="*", default=[], help="run id substrings")
    args = ap.parse_args(argv)
    by_name = {f.name: f for f in FAMILIES_V3}
    records = [r for r in json.loads((args.data / "labels.json").read_text())
               if not args.only or any(o in r["id"] for o in args.only)]
    bad = 0
    for rec in records:
        run_dir = args.data / "runs" / rec["id"]
        hist = json.loads((run_dir / "history.json").read_text())
        ok_read, read_msg = read_whole(rec, run_dir, hist)
        ok_shows, shows_msg = shows(by_name[rec["scenario"]], hist, rec["n_classes"])
        bad += not (ok_read and ok_shows)
        print(f"{'ok ' if ok_read and ok_shows else 'BAD'} {rec['id']:<50} {rec['format']:<13} "
              f"read {'ok' if ok_read else 'FAIL'} ({read_msg}) | {by_name[rec['scenario']].shows} "
              f"{'ok' if ok_shows else 'FAIL'}: {shows_msg}")
    print(f"{len(records) - bad}/{len(records)} runs read whole and showing their fault")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
