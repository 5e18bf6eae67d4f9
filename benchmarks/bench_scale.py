"""Scale: start-up, a fleet of small runs, and long dense runs. Every measurement runs in a fresh subprocess (its CPU
time and peak RSS come from the OS), so the numbers are what a user's shell sees.

    PYTHONPATH=src python benchmarks/bench_scale.py --runs 1000 10000 --points 1000000 10000000
    PYTHONPATH=src python benchmarks/bench_scale.py --skip startup fleet dense --fleet-mlflow 200 1000 \
        --base-src /tmp/base/src        # a remote MLflow fleet; the base tree from `git archive main src`

Fleet runs are Keras CSVLogger files (header `epoch,accuracy,loss,val_accuracy,val_loss`, 50 epochs, the
writer's own number format) with healthy, overfitting and plateau shapes. The remote MLflow fleet starts a real
`python -m mlflow server` (SQLite backend in a temporary directory, a free port on 127.0.0.1; needs the full `mlflow`
package), logs runs of 4 metrics x 50-500 points through `log_batch`, and diagnoses the server with `--format jsonl`;
the parent's and the workers' peak RSS are reported apart. Results: docs/benchmarks.md, "Scale".
"""
from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import resource
import shutil
import socket
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


def _timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """(wall s, CPU s of the process and its children, peak RSS MB of any of them) of one subprocess."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, env=env or ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
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


def fleet(counts: list[int], jobs: list[int], base_src: str | None = None) -> None:
    print("\n| runs | tree | jobs | wall s | CPU s | peak RSS of one process MB | runs/s | load |\n"
          "|---|---|---|---|---|---|---|---|")
    for n in counts:
        d = Path(tempfile.mkdtemp(prefix="ldfleet-"))
        rng = np.random.default_rng(n)
        for i in range(n):
            sub = d / f"run{i:05d}"
            sub.mkdir()
            _keras_csv(sub / "training.log", rng, i % 3)
        for label, env in _trees(base_src):
            for j in jobs:
                out = d.parent / f"{d.name}.jsonl"
                load = os.getloadavg()[0]
                wall, cpu, rss = _timed([PY, "-m", "lossdoctor", "diagnose", str(d), "--format", "jsonl", "-j",
                                         str(j), "-o", str(out)], env)
                lines = sum(1 for _ in out.open()) if out.exists() else 0
                out.unlink(missing_ok=True)
                print(f"| {n} ({lines} diagnosed) | {label} | {j} | {wall:.1f} | {cpu:.1f} | {rss:.0f} | "
                      f"{lines / wall:.0f} | {load:.1f}-{os.getloadavg()[0]:.1f} |", flush=True)
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


_FLEET_RSS = """
import resource, runpy, sys
out, sys.argv = sys.argv[1], ["lossdoctor", *sys.argv[2:]]
try:
    runpy.run_module("lossdoctor", run_name="__main__", alter_sys=True)
except SystemExit as exc:
    code = exc.code
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
with open(out, "w") as f:  # the pool's workers are reaped when it closes: RUSAGE_CHILDREN covers them
    f.write(f"{code} {me.ru_maxrss / 1024:.0f} {kids.ru_maxrss / 1024:.0f} "
            f"{me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime:.2f}")
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _group_cpu(pgid: int) -> float:
    """CPU seconds (user + system) of the live processes of one process group (the MLflow server and its workers)."""
    total = 0.0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # fields after the name: state ppid pgrp ... utime(12) stime(13)
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _start_mlflow(root: Path) -> tuple[subprocess.Popen[bytes], str]:
    import urllib.request

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = (root / "server.log").open("w")
    proc = subprocess.Popen([PY, "-m", "mlflow", "server", "--backend-store-uri", f"sqlite:///{root / 'mlflow.db'}",
                             "--default-artifact-root", str(root / "artifacts"), "--host", "127.0.0.1", "--port",
                             str(port), "--workers", "1"], stdout=log, stderr=subprocess.STDOUT,
                            env=dict(os.environ, MLFLOW_TRACKING_URI=""), start_new_session=True)
    deadline = time.monotonic() + 300
    while True:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=5) as r:
                if r.status == 200:
                    return proc, url
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            _stop(proc)
            raise SystemExit(f"mlflow server did not start: {(root / 'server.log').read_text()[-2000:]}")
        time.sleep(0.5)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    import signal

    try:
        os.killpg(proc.pid, signal.SIGTERM)  # its own session: the server and the workers it started
        proc.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def _log_mlflow_runs(url: str, first: int, last: int) -> int:
    """Runs first..last-1 logged as a training script logs them, 4 metrics x 50-500 points (log_batch, 1,000 metrics
    per call); the same run i always has the same curves. Returns the points logged."""
    from mlflow.entities import Metric
    from mlflow.tracking import MlflowClient

    client = MlflowClient(tracking_uri=url)
    exp = client.get_experiment_by_name("fleet")
    exp_id = exp.experiment_id if exp is not None else client.create_experiment("fleet")
    points = 0
    for i in range(first, last):
        rng = np.random.default_rng(i)
        n = int(rng.integers(50, 501))
        e = np.arange(n)
        shape = i % 3
        loss = 2.0 * np.exp(-e / (n / 50 * (8 + shape * 6))) + 0.1 + rng.normal(0, 0.01, n)
        val = loss + 0.05 + (0.004 * np.maximum(0, (e - 0.4 * n) * 50 / n) ** 1.2 if shape == 1 else 0) \
            + rng.normal(0, 0.015, n)
        if shape == 2:
            k = int(0.3 * n)
            loss[k:], val[k:] = loss[k] + rng.normal(0, 0.005, n - k), val[k] + rng.normal(0, 0.008, n - k)
        series = {"loss": loss, "val_loss": val, "accuracy": 1 - loss / 2.5, "val_accuracy": 1 - val / 2.5}
        metrics = [Metric(key, float(v[j]), 1_700_000_000_000 + 1000 * j, j) for key, v in series.items()
                   for j in range(n)]
        run = client.create_run(exp_id, run_name=f"run{i:05d}")
        for b in range(0, len(metrics), 1000):
            client.log_batch(run.info.run_id, metrics=metrics[b:b + 1000])
        client.set_terminated(run.info.run_id)
        points += len(metrics)
    return points


def fleet_mlflow(counts: list[int], jobs: list[int], base_src: str | None) -> None:
    """A remote MLflow fleet: one server, runs added up to each count, each tree and job count measured on it."""
    root = Path(tempfile.mkdtemp(prefix="ldmlflow-"))
    proc, url = _start_mlflow(root)
    print(f"\nmlflow server {url} (SQLite backend, --workers 1)\n\n| runs (points) | tree | jobs | wall s | CPU s "
          "(lossdoctor, all processes) | server CPU s | peak RSS parent MB | peak RSS of a worker MB | records | "
          "load |\n|---|---|---|---|---|---|---|---|---|---|")
    try:
        logged = points = 0
        for n in sorted(counts):
            t = time.perf_counter()
            with open(os.devnull, "w") as null, contextlib.redirect_stdout(null), contextlib.redirect_stderr(null):
                points += _log_mlflow_runs(url, logged, n)  # MLflow prints a "View run" line for each
            logged = n
            print(f"<!-- logged up to {n} runs, {points:,} points, in {time.perf_counter() - t:.0f} s -->", flush=True)
            digests: dict[str, str] = {}
            for label, env in _trees(base_src):
                for j in jobs:
                    out, res = root / "out.jsonl", root / "rusage"
                    load = os.getloadavg()[0]
                    server0 = _group_cpu(proc.pid)
                    t = time.perf_counter()
                    subprocess.run([PY, "-c", _FLEET_RSS, str(res), "diagnose", url, "--format", "jsonl", "-j", str(j),
                                    "-o", str(out)], env=dict(env, MLFLOW_TRACKING_URI=""),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
                    wall = time.perf_counter() - t
                    server = _group_cpu(proc.pid) - server0
                    code, parent, worker, cpu = res.read_text().split()
                    data = out.read_bytes() if out.exists() else b""
                    records = data.count(b"\n")
                    digests[f"{label} -j {j}"] = hashlib.sha256(data).hexdigest()[:12]
                    print(f"| {n:,} ({points:,}) | {label} | {j} | {wall:.1f} | {cpu} | {server:.1f} | {parent} | "
                          f"{worker if j > 1 else '-'} | {records} (exit {code}) | "
                          f"{load:.1f}-{os.getloadavg()[0]:.1f} |", flush=True)
                    out.unlink(missing_ok=True)
            same = len(set(digests.values())) == 1
            print(f"<!-- {n} runs: the records of every tree and job count are {'identical' if same else 'DIFFERENT'}"
                  f" ({', '.join(f'{k}: {v}' for k, v in digests.items())}) -->", flush=True)
    finally:
        _stop(proc)
        shutil.rmtree(root, ignore_errors=True)


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
                                       "measure beside this one in the fleet, dense, small and fleet-mlflow parts")
    ap.add_argument("--fleet-mlflow", type=int, nargs="*", default=[],
                    help="run counts for a fleet on a real `mlflow server` (e.g. 200 1000); measured with --jobs")
    args = ap.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n")
    if "startup" not in args.skip:
        startup(args.startup_reps)
    if "fleet" not in args.skip:
        fleet(args.runs, args.jobs, args.base_src)
    if "dense" not in args.skip:
        dense(args.points, args.base_src)
    if "dense" not in args.skip and "small" not in args.skip:  # the engine's two costs, measured together
        small(args.small_reps, args.small_rounds, args.base_src)
    if args.fleet_mlflow:
        fleet_mlflow(args.fleet_mlflow, args.jobs, args.base_src)
    print(f"\nload average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
