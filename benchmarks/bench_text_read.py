"""Reading speed of the log readers over the development logs: every dev, opened (sealed with "seen": true) and
public log of benchmarks/real_runs, read with lossdoctor.read, several passes; CPU seconds per pass (process_time).

    PYTHONPATH=<src> nice python benchmarks/bench_text_read.py [--passes 3]

Run it once per checkout (PYTHONPATH picks the code) and alternate old and new in one session: the machine is shared,
so compare medians of CPU time, not wall time. Sealed logs not opened are never read."""
from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "real_runs"))

import lossdoctor  # noqa: E402
import score  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--passes", type=int, default=3)
    args = ap.parse_args()
    logs = sorted({c.log for part in ("dev", "opened", "public") for c in score.load_part(part)})
    cpu = []
    for _ in range(args.passes):
        t = time.process_time()
        for log in logs:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    lossdoctor.read(log)
                except Exception:  # a log the reader refuses still costs its reading time
                    pass
        cpu.append(time.process_time() - t)
    print(f"{lossdoctor.__file__}: {len(logs)} logs, {args.passes} passes, CPU s per pass "
          f"{' '.join(f'{x:.2f}' for x in cpu)}, median {statistics.median(cpu):.2f}")


if __name__ == "__main__":
    main()
