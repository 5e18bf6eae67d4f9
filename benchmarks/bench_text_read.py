"""Reading speed of the log readers over the development logs: every dev, opened (sealed with "seen": true) and
public log of benchmarks/real_runs, read with lossdoctor.read, several passes; CPU seconds per pass (process_time).

    PYTHONPATH=<src> nice python benchmarks/bench_text_read.py [--passes 3]

It also reads one generated 100k-line nanoGPT-style log (100,000 `iter N: loss X` lines and 2,000 logging-prefixed
eval lines; tests/readers/test_text_log.py checks every value of it is read) and prints its CPU seconds per pass.

Run it once per checkout (PYTHONPATH picks the code) and alternate old and new in one session: the machine is shared,
so compare medians of CPU time, not wall time. Sealed logs not opened are never read."""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
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
    long_cpu = long_log_seconds(args.passes)
    print(f"100k-line log: CPU s per pass {' '.join(f'{x:.2f}' for x in long_cpu)}, "
          f"median {statistics.median(long_cpu):.2f}")


def long_log_seconds(passes: int) -> list[float]:
    """CPU seconds to read a 100k-line nanoGPT-style log, one figure per pass."""
    lines = []
    for i in range(100_000):
        if i % 50 == 0:
            lines.append(f"2024-01-02 10:11:12,345 - INFO - step {i}: train loss {3 - i * 1e-5:.4f}, val loss "
                         f"{3.1 - i * 1e-5:.4f}")
        lines.append(f"iter {i}: loss {3 - i * 1e-5:.4f}, time 41.00ms, mfu 12.30%")
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "long.log"
        p.write_text("\n".join(lines))
        out = []
        for _ in range(passes):
            t = time.process_time()
            lossdoctor.read(p)
            out.append(time.process_time() - t)
    return out


if __name__ == "__main__":
    main()
