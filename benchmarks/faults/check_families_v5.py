"""Check a generated fifth-generation family set WITHOUT diagnosing it: every run's native log is read whole by
lossdoctor's reader (the format evaluate.py expects; a train and a val loss series with every value the log holds, to
the precision it prints, NaN kept as NaN; the per-step train loss where the writer keeps one: the fourth generation's
read-whole test, reused by import), and its raw history passes the construction check written with its labels
(checks_v5.py).

    python benchmarks/faults/check_families_v5.py /work/data/families5

Only ``lossdoctor.read`` is called: no rule, no report. Exit 1 if any run fails either check.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from check_families_v4 import read_whole  # noqa: E402
from checks_v5 import shows  # noqa: E402
from families_v5 import FAMILIES_V5  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", type=Path)
    ap.add_argument("--only", nargs="*", default=[], help="run id substrings")
    args = ap.parse_args(argv)
    by_name = {f.name: f for f in FAMILIES_V5}
    records = [r for r in json.loads((args.data / "labels.json").read_text())
               if not args.only or any(o in r["id"] for o in args.only)]
    bad = 0
    for rec in records:
        run_dir = args.data / "runs" / rec["id"]
        hist = json.loads((run_dir / "history.json").read_text())
        ok_read, read_msg = read_whole(rec, run_dir)
        ok_shows, shows_msg = shows(by_name[rec["scenario"]], hist, rec["n_classes"])
        bad += not (ok_read and ok_shows)
        print(f"{'ok ' if ok_read and ok_shows else 'BAD'} {rec['id']:<52} {rec['format']:<13} "
              f"read {'ok' if ok_read else 'FAIL'} ({read_msg}) | {by_name[rec['scenario']].shows} "
              f"{'ok' if ok_shows else 'FAIL'}: {shows_msg}")
    print(f"{len(records) - bad}/{len(records)} runs read whole and showing their fault")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
