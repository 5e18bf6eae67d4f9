"""Check a generated twenty-third-generation family set WITHOUT diagnosing it: every run's native log is read whole by
lossdoctor's reader (the format evaluate.py expects; a train and a val loss series with every value the log holds, to
the precision it prints, NaN kept as NaN; the per-step train loss where the writer keeps one: the fourth generation's
check, reused by import), and its raw history passes the construction check written with its labels (checks_v23.py).

    python benchmarks/faults/check_families_v23.py /work/data/families23

Only ``lossdoctor.read`` is called: no rule, no report. Exit 1 if any run fails either check.
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from check_families_v4 import check_set  # noqa: E402
from checks_v23 import shows  # noqa: E402
from families_v23 import FAMILIES_V23  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    return check_set(argv, __doc__, FAMILIES_V23, shows, widths=(58, 13))


if __name__ == "__main__":
    raise SystemExit(main())
