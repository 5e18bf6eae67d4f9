"""What following a growing log costs: `lossdoctor watch`'s incremental poll vs reading the whole log again.

A Lightning `metrics.csv` (written by the real `CSVLogger`) and a TensorBoard event file (written by torch's
`SummaryWriter`) are grown to N points; then 100 more training steps are appended and timed: (a) one poll of the
follower, which parses only the appended bytes, (b) building the Run from what was read so far (numpy over the
kept columns, no parsing), and (c) a full `lossdoctor.read` of the file, what a tool without incremental reading
does at every poll. Diagnosis is not timed (both paths diagnose the same Run).

    PYTHONPATH=src python benchmarks/bench_watch.py            # N = 10k, 100k, 1M points
"""
from __future__ import annotations

import math
import sys
import tempfile
import time
from pathlib import Path

import lossdoctor
from lossdoctor.follow.sources import Sources


def _lightning(root: Path, start: int, n: int, logger: object) -> None:
    for step in range(start, start + n):
        logger.log_metrics({"train_loss_step": 2.0 * math.exp(-step / 5e4) + 0.1, "epoch": step // 1000},
                           step=step)
        if step % 1000 == 999:
            logger.log_metrics({"val_loss": 2.0 * math.exp(-step / 5e4) + 0.2, "epoch": step // 1000}, step=step)
    logger.save()


def _tensorboard(writer: object, start: int, n: int) -> None:
    for step in range(start, start + n):
        writer.add_scalar("train/loss", 2.0 * math.exp(-step / 5e4) + 0.1, step)
    writer.flush()


def _best(f: object, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)


def main(sizes: list[int]) -> None:
    from lightning.pytorch.loggers import CSVLogger
    from torch.utils.tensorboard import SummaryWriter

    print("| log | points already in the log | parse the 100 new steps (s) | then build the Run (s) | full re-read (s) "
          "| re-read / (parse + build) |")
    print("|---|---:|---:|---:|---:|---:|")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            logger = CSVLogger(str(root), name="lightning_logs")
            writer = SummaryWriter(str(root / "tb"))
            _lightning(root, 0, n, logger)
            _tensorboard(writer, 0, n)
            for kind, path, grow in (("Lightning metrics.csv", Path(logger.log_dir),
                                      lambda s: _lightning(root, s, 100, logger)),
                                     ("TensorBoard event file", root / "tb", lambda s: _tensorboard(writer, s, 100))):
                sources = Sources(path)
                sources.poll()  # catch up once
                parses, builds, step = [], [], n
                for _ in range(3):
                    grow(step)
                    step += 100
                    t = time.perf_counter()
                    sources.poll()
                    parses.append(time.perf_counter() - t)
                    t = time.perf_counter()
                    sources.runs()
                    builds.append(time.perf_counter() - t)
                full = _best(lambda: lossdoctor.read(path))
                parse, build = min(parses), min(builds)
                print(f"| {kind} | {n:,} | {parse:.4f} | {build:.4f} | {full:.3f} | {full / (parse + build):.0f}x |",
                      flush=True)
            writer.close()


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 100_000, 1_000_000])
