"""Scale: start-up, a fleet of small runs, and long dense runs. Every measurement runs in a fresh subprocess (its CPU
time and peak RSS come from the OS), so the numbers are what a user's shell sees.

    PYTHONPATH=src python benchmarks/bench_scale.py --runs 1000 10000 --points 1000000 10000000

Fleet runs are Keras CSVLogger files (header `epoch,accuracy,loss,val_accuracy,val_loss`, 50 epochs, the
writer's own number format) with healthy, overfitting and plateau shapes. Results: docs/benchmarks.md, "Scale".
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
# Bytecode is cached (in a temporary prefix, not in the tree) as an installed package has it: without .pyc files
# every start would also compile the sources it imports (PYTHONDONTWRITEBYTECODE is dropped for that reason).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV.update(PYTHONPATH=str(ROOT / "src"), PYTHONPYCACHEPREFIX=str(Path(tempfile.gettempdir()) / "ld-bench-pycache"))


def _timed(cmd: list[str]) -> tuple[float, float, float]:
    """(wall s, CPU s of the process and its children, peak RSS MB of any of them) of one subprocess."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss / 1024


def _keras_csv(path: Path, rng: np.random.Generator, shape: int) -> None:
    e = np.arange(50)
    loss = 2.0 * np.exp(-e / (8 + shape * 6)) + 0.1 + rng.normal(0, 0.01, 50)
    val = loss + 0.05 + (0.004 * np.maximum(0, e - 20) ** 1.2 if shape == 1 else 0) + rng.normal(0, 0.015, 50)
    if shape == 2:
        loss[15:], val[15:] = loss[15] + rng.normal(0, 0.005, 35), val[15] + rng.normal(0, 0.008, 35)
    acc, vacc = 1 - loss / 2.5, 1 - val / 2.5
    rows = ["epoch,accuracy,loss,val_accuracy,val_loss"]
    rows += [f"{i},{a},{b},{c},{d}" for i, a, b, c, d in zip(e, acc, loss, vacc, val)]
    path.write_text("\n".join(rows) + "\n")


def startup(reps: int) -> None:
    small = Path(tempfile.mkdtemp()) / "small.csv"
    _keras_csv(small, np.random.default_rng(0), 1)
    print("| command | wall s (median) | CPU s (median) |\n|---|---|---|")
    for label, args in (("python -c pass", ["-c", "pass"]), ("lossdoctor --version", ["-m", "lossdoctor", "--version"]),
                        ("lossdoctor rules", ["-m", "lossdoctor", "rules"]),
                        ("lossdoctor diagnose small.csv", ["-m", "lossdoctor", "diagnose", str(small), "-j", "1"])):
        _timed([PY, *args])  # warm: bytecode written, files in the page cache
        res = [_timed([PY, *args]) for _ in range(reps)]
        print(f"| `{label}` | {np.median([r[0] for r in res]):.2f} | {np.median([r[1] for r in res]):.2f} |")
    shutil.rmtree(small.parent)


def fleet(counts: list[int], jobs: list[int]) -> None:
    print("\n| runs | jobs | wall s | CPU s | peak RSS of one process MB | runs/s |\n|---|---|---|---|---|---|")
    for n in counts:
        d = Path(tempfile.mkdtemp(prefix="ldfleet-"))
        rng = np.random.default_rng(n)
        for i in range(n):
            sub = d / f"run{i:05d}"
            sub.mkdir()
            _keras_csv(sub / "training.log", rng, i % 3)
        for j in jobs:
            out = d.parent / f"{d.name}.jsonl"
            wall, cpu, rss = _timed([PY, "-m", "lossdoctor", "diagnose", str(d), "--format", "jsonl", "-j", str(j),
                                     "-o", str(out)])
            lines = sum(1 for _ in out.open()) if out.exists() else 0
            out.unlink(missing_ok=True)
            print(f"| {n} ({lines} diagnosed) | {j} | {wall:.1f} | {cpu:.1f} | {rss:.0f} | {lines / wall:.0f} |",
                  flush=True)
        shutil.rmtree(d)


_DENSE = """
import sys, time, resource, numpy as np
from lossdoctor.readers._base import Points, make_run
from lossdoctor.engine import diagnose_run
from lossdoctor.model import Axis
n = int(sys.argv[1]); rng = np.random.default_rng(0); s = np.arange(n, dtype=float)
loss = 2 * np.exp(-s / (n / 5)) + 0.2 + rng.normal(0, 0.05, n)
val = loss + 0.05 + 0.3 * np.maximum(0, s / n - 0.6) + rng.normal(0, 0.05, n)
acc = 1 - loss / 3
run = make_run("dense", "dense", "bench", {"loss": Points.of(s, loss), "val_loss": Points.of(s, val),
               "accuracy": Points.of(s, acc), "val_accuracy": Points.of(s, 1 - val / 3)}, Axis.STEP)
del loss, val, acc
t = time.process_time(); rep = diagnose_run(run); cpu = time.process_time() - t
crashed = [f.message.en for f in rep.findings if f.name == "internal_error"]
assert not crashed, f"rules crashed: {crashed}"  # a crashed rule would make the measurement meaningless
print(f"{cpu:.2f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} {len(rep.findings)}")
"""

_SMALL = """
import sys, time, tempfile
from pathlib import Path
import numpy as np
sys.path.insert(0, sys.argv[1])
from bench_scale import _keras_csv
import lossdoctor
from lossdoctor.engine import diagnose_run
d = Path(tempfile.mkdtemp()); runs = []
for i in range(60):
    p = d / f"run{i}.csv"
    _keras_csv(p, np.random.default_rng(i), i % 3)
    runs += lossdoctor.read(p)
for r in runs:
    diagnose_run(r)  # warm: first-call imports are not the per-run cost
best = float("inf")
for _ in range(int(sys.argv[2])):
    t = time.process_time()
    for r in runs:
        diagnose_run(r)
    best = min(best, (time.process_time() - t) / len(runs))
print(f"{best * 1000:.2f} {int(any(m == 'scipy' or m.startswith('scipy.') for m in sys.modules))}")
"""


def _trees(base_src: str | None) -> list[tuple[str, dict[str, str]]]:
    """(label, environment) for this tree and, with --base-src, an older source tree measured in the same run."""
    out = [("this tree", ENV)]
    if base_src:
        out.insert(0, (f"base ({base_src})", dict(os.environ, PYTHONPATH=base_src)))
    return out


def dense(points: list[int], base_src: str | None = None) -> None:
    print("\n| tree | points per series (4 dense series) | diagnose CPU s | peak RSS MB (process) | findings |\n"
          "|---|---|---|---|---|")
    for n in points:
        for label, env in _trees(base_src):
            r = subprocess.run([PY, "-c", _DENSE.replace('"step"', "__import__('lossdoctor').Axis.STEP"), str(n)],
                               env=env, capture_output=True, text=True)
            if r.returncode != 0:
                print(f"| {label} | {n:,} | failed: {r.stderr.strip().splitlines()[-1][:100]} | | |")
                continue
            cpu, rss, k = r.stdout.split()
            print(f"| {label} | {n:,} | {cpu} | {rss} | {k} |", flush=True)


def small(reps: int, rounds: int, base_src: str | None = None) -> None:
    """diagnose_run CPU per small run (Keras CSVLogger, 50 epochs x 4 metrics), best of `reps` passes over 60 runs,
    each tree measured `rounds` times in alternation (the machine is shared: the minimum is the comparable one)."""
    print("\n| tree | diagnose_run CPU per small run, ms (best) | scipy imported |\n|---|---|---|")
    got: dict[str, list[tuple[float, int]]] = {}
    for _ in range(rounds):
        for label, env in _trees(base_src):
            r = subprocess.run([PY, "-c", _SMALL, str(ROOT / "benchmarks"), str(reps)], env=env, capture_output=True,
                               text=True, check=True)
            ms, sp = r.stdout.split()
            got.setdefault(label, []).append((float(ms), int(sp)))
    for label, res in got.items():
        print(f"| {label} | {min(m for m, _ in res):.2f} | {'yes' if res[0][1] else 'no'} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, nargs="*", default=[1000])
    ap.add_argument("--jobs", type=int, nargs="*", default=[1, os.cpu_count() or 1])
    ap.add_argument("--points", type=int, nargs="*", default=[1_000_000])
    ap.add_argument("--startup-reps", type=int, default=5)
    ap.add_argument("--skip", nargs="*", default=[], choices=["startup", "fleet", "dense", "small"])
    ap.add_argument("--small-reps", type=int, default=10, help="passes over the 60 small runs (best one counts)")
    ap.add_argument("--small-rounds", type=int, default=3, help="fresh processes per tree, alternating")
    ap.add_argument("--base-src", help="an older src/ tree (e.g. `git archive BASE src | tar -x -C /tmp/base`) to "
                                       "measure beside this one in the dense and small parts")
    args = ap.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n")
    if "startup" not in args.skip:
        startup(args.startup_reps)
    if "fleet" not in args.skip:
        fleet(args.runs, args.jobs)
    if "dense" not in args.skip:
        dense(args.points, args.base_src)
    if "dense" not in args.skip and "small" not in args.skip:  # the engine's two costs, measured together
        small(args.small_reps, args.small_rounds, args.base_src)
    print(f"\nload average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
