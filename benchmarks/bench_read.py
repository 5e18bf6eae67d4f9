"""Reading speed: lossdoctor.read against TensorBoard's EventAccumulator, tbparse, pandas, polars and the csv module.

    nice -n 10 python benchmarks/bench_read.py [--points 1000000] [--workdir DIR] [--keep] [--skip-slow]
                                               [--only tensorboard|csv] [--repeat 3]

Generates (in a temporary directory, or --workdir to reuse files between runs) a TensorBoard event file of
`--points` scalar points written by tensorboardX's SummaryWriter (4 tags x points/4 steps, `simple_value`) and
a CSV of `--points` rows in Keras CSVLogger's layout (epoch,accuracy,loss,val_accuracy,val_loss; written with
the csv module as CSVLogger does, because a real 1,000,000-epoch fit is not practical), and a sparse Lightning
CSVLogger metrics.csv of `--points` rows (training and validation rows alternate, half the cells empty). polars runs
in benchmarks/make_io_venv.sh's venv when it exists, with POLARS_MAX_THREADS=1 (pandas, pyarrow as lossdoctor
uses it and numpy use one thread too).

Each reader runs in its own fresh Python process, one after the other, measured two ways:
- "parse only": the reader's modules imported (pyarrow included) and the reader run once on the file's first
  2,000 lines before the clock starts; then wall time (time.perf_counter) and CPU time (time.process_time) of the
  read call, and peak RSS growth during it (VmHWM after the call, reset just before it through
  /proc/self/clear_refs, minus VmRSS before it; Linux);
- "fresh process": `python -c "import <reader>; <read the file>"` as a user runs it, start-up and imports included:
  the child's CPU time from getrusage(RUSAGE_CHILDREN), beside a bare `python -c pass`.
With --repeat N every measurement is taken N times, round-robin over the readers, and the median is printed.
For lossdoctor the tracemalloc peak is also taken (a separate run, as tracemalloc slows Python).
"Raw float data" is the float64 arrays a reader must return: steps, values and wall time, 24 bytes per point.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TB_TAGS = ("train/loss", "train/accuracy", "train/lr", "train/grad_norm")
CSV_COLUMNS = ("epoch", "accuracy", "loss", "val_accuracy", "val_loss")


# ---------------------------------------------------------------------------------------------- files


def write_tensorboard(directory: Path, points: int) -> Path:
    """`points` scalars through tensorboardX: one add_scalar per tag per step, like a training loop."""
    from tensorboardX import SummaryWriter

    directory.mkdir(parents=True, exist_ok=True)
    steps = points // len(TB_TAGS)
    with SummaryWriter(str(directory), max_queue=10000, flush_secs=3600) as w:
        for step in range(steps):
            x = step / max(steps, 1)
            w.add_scalar(TB_TAGS[0], 2.3 * math.exp(-3 * x) + 0.05 * math.sin(step), step)
            w.add_scalar(TB_TAGS[1], 1 - 0.9 * math.exp(-4 * x), step)
            w.add_scalar(TB_TAGS[2], 1e-3 * (1 - x), step)
            w.add_scalar(TB_TAGS[3], 1 + 0.5 * math.cos(step / 7), step)
    (directory / "DONE").write_text(str(points))
    return directory


LIGHTNING_COLUMNS = ("epoch", "lr-Adam", "step", "train_acc", "train_loss", "val_acc", "val_loss")


def write_lightning_csv(path: Path, rows: int) -> Path:
    """A Lightning CSVLogger-shaped metrics.csv (sorted header, csv.DictWriter like Lightning): training rows and
    validation rows alternate, each filling its own columns, so about half the cells are empty."""
    import csv

    with path.open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=LIGHTNING_COLUMNS)
        w.writeheader()
        for i in range(rows):
            x, epoch, step = i / rows, i // 100, i // 2
            if i % 2 == 0:
                w.writerow({"epoch": epoch, "step": step, "train_loss": 2.3 * math.exp(-3 * x),
                            "train_acc": 1 - math.exp(-3 * x)})
            else:
                w.writerow({"epoch": epoch, "step": step, "val_loss": 2.4 * math.exp(-2 * x),
                            "val_acc": 0.9 - 0.9 * math.exp(-3 * x)})
    return path


def write_csv(path: Path, rows: int) -> Path:
    """A CSVLogger-shaped file: header then one row per epoch, floats written as Python's repr like CSVLogger."""
    import csv

    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(CSV_COLUMNS)
        for e in range(rows):
            x = e / rows
            w.writerow([e, 1 - 0.9 * math.exp(-4 * x), 2.3 * math.exp(-3 * x), 0.95 - 0.9 * math.exp(-4 * x),
                        2.4 * math.exp(-2.5 * x) + 0.1 * x])
    return path


# ---------------------------------------------------------------------------------------------- readers (child)


def _read_lossdoctor(path: str) -> int:
    import lossdoctor

    return sum(len(s) for r in lossdoctor.read(path) for s in r.series)


def _read_event_accumulator(path: str) -> int:
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    acc = EventAccumulator(path, size_guidance={"scalars": 0})
    acc.Reload()
    return sum(len(acc.Scalars(t)) for t in acc.Tags()["scalars"])


def _read_tbparse(path: str) -> int:
    from tbparse import SummaryReader

    return len(SummaryReader(path).scalars)


def _read_lossdoctor_numpy(path: str) -> int:
    """lossdoctor without its pyarrow accelerator (what a core install without pyarrow does)."""
    from lossdoctor.readers import table

    table.ARROW_MIN_BYTES = 1 << 62
    return _read_lossdoctor(path)


def _read_pandas(path: str) -> int:
    import pandas as pd

    df = pd.read_csv(path)
    return int(df.drop(columns=[c for c in ("epoch", "step") if c in df.columns]).count().sum())


def _read_polars(path: str) -> int:
    import polars as pl

    df = pl.read_csv(path)  # one thread (POLARS_MAX_THREADS=1, set by _child), as pandas and lossdoctor use
    return int(sum(len(df) - df[c].null_count() for c in df.columns if c not in ("epoch", "step")))


def _read_csv_module(path: str) -> int:
    import csv

    cols: dict[str, list[float]] = {}
    with open(path, newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        lists = [cols.setdefault(h, []) for h in header]
        for row in reader:
            for lst, cell in zip(lists, row):
                if cell:
                    lst.append(float(cell))
    return sum(len(v) for k, v in cols.items() if k not in ("epoch", "step"))


READERS = {"lossdoctor": _read_lossdoctor, "lossdoctor, numpy path": _read_lossdoctor_numpy,
           "EventAccumulator": _read_event_accumulator, "tbparse": _read_tbparse, "pandas.read_csv": _read_pandas,
           "polars.read_csv": _read_polars, "csv module": _read_csv_module}
PRELOAD = {"lossdoctor": "lossdoctor", "lossdoctor, numpy path": "lossdoctor",
           "EventAccumulator": "tensorboard.backend.event_processing.event_accumulator",
           "tbparse": "tbparse", "pandas.read_csv": "pandas", "polars.read_csv": "polars", "csv module": "csv"}
# polars is not in the shared venv: it runs in benchmarks/make_io_venv.sh's venv (LD_BENCH_POLARS_PYTHON)
PYTHON_FOR = {"polars.read_csv": os.environ.get("LD_BENCH_POLARS_PYTHON", "/work/venvs/io/bin/python")}


def _status_kb(field: str) -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise KeyError(field)


def _reset_peak_rss() -> bool:
    """Linux: writing 5 to clear_refs resets this process's peak RSS (VmHWM), so the peak is the read's own."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def _head_copy(path: str, lines: int = 2000) -> str:
    """The file's first `lines` lines under the same name in a temporary directory (a warm-up input)."""
    d = Path(tempfile.mkdtemp(prefix="ld-warm-"))
    with open(path, "rb") as src, open(d / Path(path).name, "wb") as dst:
        for _, line in zip(range(lines), src):
            dst.write(line)
    return str(d / Path(path).name)


def _warm_up(reader: str, path: str) -> None:
    """Run the reader once on a small input, so that what it imports or sets up on first use is not timed."""
    if not path.endswith(".csv"):  # TensorBoard: lossdoctor imports its lazily-loaded modules on a fixture
        if reader.startswith("lossdoctor"):
            _read_lossdoctor(str(Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "tensorboard"))
        return
    head = _head_copy(path)
    try:
        if reader == "lossdoctor":
            from lossdoctor.readers import table

            try:
                import pyarrow.csv  # noqa: F401 - parse only: its import is not the parse
            except ImportError:
                pass
            limit, table.ARROW_MIN_BYTES = table.ARROW_MIN_BYTES, 0  # the pyarrow path, on the small head too
            READERS[reader](head)
            table.ARROW_MIN_BYTES = limit
        else:
            READERS[reader](head)
    finally:
        shutil.rmtree(Path(head).parent, ignore_errors=True)


def measure(reader: str, path: str, trace: bool) -> dict[str, float]:
    """Run one reader once in this (fresh) process, after a warm-up: the parse alone."""
    __import__(PRELOAD[reader])
    _warm_up(reader, path)
    if trace:
        import tracemalloc

        tracemalloc.start()
        t0 = time.perf_counter()
        points = READERS[reader](path)
        seconds = time.perf_counter() - t0
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return {"points": points, "seconds": seconds, "tracemalloc_peak": peak}
    import gc

    gc.collect()
    reset = _reset_peak_rss()
    rss0 = _status_kb("VmRSS")
    c0, t0 = time.process_time(), time.perf_counter()
    points = READERS[reader](path)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak = _status_kb("VmHWM") if reset else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {"points": points, "seconds": seconds, "cpu": cpu, "rss_growth": peak - rss0}


# what `python -c` runs for the "fresh process" measurement: imports and the read, as a user's script does
COLD = {
    "lossdoctor": "import sys, lossdoctor; lossdoctor.read(sys.argv[1])",
    "lossdoctor, numpy path": "import sys; from lossdoctor.readers import table; table.ARROW_MIN_BYTES = 1 << 62; "
                              "import lossdoctor; lossdoctor.read(sys.argv[1])",
    "pandas.read_csv": "import sys, pandas; pandas.read_csv(sys.argv[1])",
    "polars.read_csv": "import sys, polars; polars.read_csv(sys.argv[1])",
    "csv module": "import sys, csv\nwith open(sys.argv[1], newline='') as fh:\n    r = csv.reader(fh); h = next(r); "
                  "cols = [[] for _ in h]\n    for row in r:\n        [c.append(float(x)) for c, x in zip(cols, row) "
                  "if x]",
    "python (start only)": "pass",
}


def _env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src"), POLARS_MAX_THREADS="1")


def _cold(reader: str, path: str) -> dict[str, float]:
    """The reader in a fresh `python -c` process, start-up and imports included: (wall s, CPU s of the child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run([PYTHON_FOR.get(reader, sys.executable), "-c", COLD[reader], path], check=True, env=_env(),
                   capture_output=True)
    seconds = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"seconds": seconds, "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)}


def _child(reader: str, path: str, trace: bool = False) -> dict[str, float]:
    cmd = [PYTHON_FOR.get(reader, sys.executable), __file__, "--measure", reader, path] + (["--trace"] if trace else [])
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=_env())
    return json.loads(out.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------------------------------- main

CSV_READERS = ["lossdoctor", "lossdoctor, numpy path", "pandas.read_csv", "polars.read_csv", "csv module"]


def _median(xs: list[float]) -> float:
    ys = sorted(xs)
    return ys[len(ys) // 2] if len(ys) % 2 else (ys[len(ys) // 2 - 1] + ys[len(ys) // 2]) / 2


def _mb(x: float) -> str:
    return f"{x / 1e6:.1f} MB"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--points", type=int, default=1_000_000)
    ap.add_argument("--workdir", type=Path, default=None, help="keep generated files here and reuse them")
    ap.add_argument("--keep", action="store_true", help="do not delete the temporary directory")
    ap.add_argument("--skip-slow", action="store_true", help="skip EventAccumulator and tbparse")
    ap.add_argument("--only", choices=("tensorboard", "csv"), help="run one of the two files only")
    ap.add_argument("--repeat", type=int, default=1, help="take every measurement N times; print the medians")
    ap.add_argument("--measure", nargs=2, metavar=("READER", "PATH"), help=argparse.SUPPRESS)
    ap.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure[0], args.measure[1], args.trace)))
        return

    work = args.workdir or Path(tempfile.mkdtemp(prefix="ld-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        tb_dir = work / f"tb_{args.points}"
        if args.only != "csv" and not (tb_dir / "DONE").exists():
            shutil.rmtree(tb_dir, ignore_errors=True)
            t0 = time.perf_counter()
            write_tensorboard(tb_dir, args.points)
            print(f"wrote {args.points} points with tensorboardX in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        tb_file = next((p for p in sorted(tb_dir.iterdir()) if "tfevents" in p.name), tb_dir) \
            if tb_dir.exists() else tb_dir
        csv_path = work / f"history_{args.points}.csv"
        if args.only != "tensorboard" and not csv_path.exists():
            write_csv(csv_path, args.points)
        sparse_path = work / f"lightning_{args.points}" / "metrics.csv"
        if args.only != "tensorboard" and not sparse_path.exists():
            sparse_path.parent.mkdir(parents=True, exist_ok=True)
            write_lightning_csv(sparse_path, args.points)
        sizes = ", ".join(f"{label} {p.stat().st_size:,} bytes" for label, p in
                          (("TensorBoard file", tb_file), ("CSV", csv_path), ("sparse CSV", sparse_path))
                          if p.is_file())
        print(f"# {platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPU(s); {sizes}\n")
        print("| file | reader | points | parse only: wall s | CPU s | CPU ratio (theirs / ours) | fresh process: "
              "wall s | CPU s | CPU ratio | points/s (parse, wall) | peak RSS growth | RSS / raw float data |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|")
        suites = [("TensorBoard", str(tb_file), ["lossdoctor", "EventAccumulator", "tbparse"]),
                  ("CSV", str(csv_path), CSV_READERS), ("Sparse CSV", str(sparse_path), CSV_READERS)]
        traced: list[str] = []
        for label, path, readers in suites:
            if args.only and not label.lower().endswith(args.only.lower()):
                continue
            if args.skip_slow:
                readers = [r for r in readers if r not in ("EventAccumulator", "tbparse")]
            if not Path(PYTHON_FOR["polars.read_csv"]).exists():
                readers = [r for r in readers if r != "polars.read_csv"]
            cold_readers = [r for r in readers if r in COLD] + (["python (start only)"] if "CSV" in label else [])
            parse: dict[str, list[dict[str, float]]] = {r: [] for r in readers}
            fresh: dict[str, list[dict[str, float]]] = {r: [] for r in cold_readers if "CSV" in label}
            for _ in range(args.repeat):  # round-robin, so that a change of load falls on every reader alike
                for r in readers:
                    parse[r].append(_child(r, path))
                for r in fresh:
                    fresh[r].append(_cold(r, path))
            med = {r: {k: _median([x[k] for x in xs]) for k in xs[0]} for r, xs in parse.items()}
            cold = {r: {k: _median([x[k] for x in xs]) for k in xs[0]} for r, xs in fresh.items()}
            ours, ours_cold = med["lossdoctor"], cold.get("lossdoctor")
            for r in dict.fromkeys([*readers, *cold]):
                res, c = med.get(r), cold.get(r)
                cells = [f"{res['points']:,}", f"{res['seconds']:.2f}", f"{res['cpu']:.2f}",
                         f"{res['cpu'] / ours['cpu']:.3g}x"] if res else ["", "", "", ""]
                cells += [f"{c['seconds']:.2f}", f"{c['cpu']:.2f}", f"{c['cpu'] / ours_cold['cpu']:.3g}x"] \
                    if c and ours_cold else ["", "", ""]
                cells += [f"{res['points'] / res['seconds']:,.0f}", _mb(res["rss_growth"]),
                          f"{res['rss_growth'] / (24 * res['points']):.2f}"] if res else ["", "", ""]
                print(f"| {label} | {r} | " + " | ".join(cells) + " |")
            t = _child("lossdoctor", path, trace=True)
            traced.append(f"{label}: lossdoctor tracemalloc peak {_mb(t['tracemalloc_peak'])} = "
                          f"{t['tracemalloc_peak'] / (24 * t['points']):.2f} x raw float data "
                          f"({t['points']:,} points x 24 bytes)")
        print()
        for line in traced:
            print(f"- {line}")
    finally:
        if args.workdir is None and not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
