"""The large fuzzing budget: seeded mutations of the real fixtures of every format through the API and the CLI.

For each reader family, N mutated inputs (tests/fuzzing.py: truncation, bit flips, splices, huge numbers, deep
nesting, wrong JSON types, hostile names, reframed TFRecords, damaged MLflow SQLite) go through `read`, `diagnose`
and the renderers in worker processes. Counted per family: inputs, escapes (any exception other than
LossDoctorError, any rule crash), hangs (over --timeout seconds per input), peak RSS of the workers, and a sample of
CLI runs in subprocesses (a traceback or exit code 3 counts). Failing inputs are kept under --keep for triage.

    PYTHONPATH=src python benchmarks/fuzz.py --per-family 100000 --jobs 2 --out fuzz-result.json

Results: docs/benchmarks.md, section "Fuzzing".
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
import fuzzing as F  # noqa: E402

MEMORY_LIMIT = 4 << 30  # address space per worker: a runaway allocation becomes a counted MemoryError


def _init_worker() -> None:
    try:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    except (ValueError, OSError):
        pass
    os.nice(5)


def _one(job: tuple[str, int, int, int, int, str | None, int]) -> dict[str, object]:
    family, start, count, seed, timeout, keep, cli_every = job
    fam = F.families(F.seeds())[family]
    out: dict[str, object] = {"inputs": 0, "problems": Counter(), "examples": {}, "cli": 0, "cli_bad": Counter()}
    problems: Counter[str] = out["problems"]  # type: ignore[assignment]
    examples: dict[str, str] = out["examples"]  # type: ignore[assignment]
    for i, s, data, how in F.inputs(fam, start + count, seed):
        if i < start:
            continue
        with tempfile.TemporaryDirectory(prefix="ldfuzz-") as tmp:
            path = F.materialize(s, data, Path(tmp))
            renderers = ("json", "markdown", "text", "html") if i % 10 == 0 else ("json", "markdown", "text")
            before = _rss_mb()
            found = F.check(path, timeout_s=timeout, renderers=renderers)
            peak = _rss_mb()
            if peak > float(out.get("rss_top", (0.0,))[0]) and peak > before:  # type: ignore[arg-type]
                out["rss_top"] = (peak, f"{family} input {i}: {s.name} {how} ({len(data)} bytes)")
            out["inputs"] = int(out["inputs"]) + 1  # type: ignore[call-overload]
            for p in found:
                key = p[:140]
                problems[key] += 1
                if key not in examples:
                    examples[key] = f"{family} input {i} (seed {seed}): {s.name} {how}"
                    if keep:
                        dest = Path(keep) / f"{family}-{i}-{s.name}"
                        dest.write_bytes(data)
            if cli_every and i % cli_every == 0:
                out["cli"] = int(out["cli"]) + 1  # type: ignore[call-overload]
                bad = _cli(path, timeout)
                if bad:
                    out["cli_bad"][bad] += 1  # type: ignore[index]
                    examples.setdefault(f"cli: {bad}", f"{family} input {i} (seed {seed}): {s.name} {how}")
    out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cli(path: Path, timeout: int) -> str | None:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    try:
        r = subprocess.run([sys.executable, "-m", "lossdoctor", "diagnose", str(path), "--format", "json"],
                           capture_output=True, text=True, timeout=max(120, timeout * 12), env=env)  # wall time on a
    # loaded machine: the start alone can take seconds; the per-input hang limit is enforced by the API check
    except subprocess.TimeoutExpired:
        return "cli hang"
    if "Traceback" in r.stderr:
        return "cli traceback: " + r.stderr.strip().splitlines()[-1][:120]
    if r.returncode not in (0, 2):
        return f"cli exit {r.returncode}: " + (r.stderr.strip().splitlines() or [""])[-1][:120]
    return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--per-family", type=int, default=1000)
    ap.add_argument("--families", nargs="*", default=None)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=int, default=10, help="CPU seconds per input before it counts as a hang")
    ap.add_argument("--cli-every", type=int, default=50, help="run every N-th input through the CLI too")
    ap.add_argument("--chunk", type=int, default=200)
    ap.add_argument("--keep", default=None, help="directory to keep failing inputs in")
    ap.add_argument("--out", default=None, help="write the results as JSON here")
    args = ap.parse_args()
    if args.keep:
        Path(args.keep).mkdir(parents=True, exist_ok=True)
    fams = args.families or sorted(F.families(F.seeds()))
    jobs = [(f, a, min(args.chunk, args.per_family - a), args.seed, args.timeout, args.keep, args.cli_every)
            for a in range(0, args.per_family, args.chunk) for f in fams]  # interleaved: a cut run covers all
    totals: dict[str, dict[str, object]] = {f: {"inputs": 0, "problems": Counter(), "cli": 0, "cli_bad": Counter(),
                                                 "rss_mb": 0.0, "seconds": 0.0} for f in fams}
    examples: dict[str, str] = {}
    t0 = time.time()
    import lossdoctor.cli  # noqa: F401 - imported once here, shared by the forked workers
    import lossdoctor.report.html  # noqa: F401

    with mp.get_context("fork").Pool(args.jobs, initializer=_init_worker, maxtasksperchild=20) as pool:
        for job, res in zip(jobs, pool.imap(_one, jobs)):
            t = totals[job[0]]
            t["inputs"] = int(t["inputs"]) + int(res["inputs"])  # type: ignore[call-overload]
            t["problems"].update(res["problems"])  # type: ignore[union-attr]
            t["cli"] = int(t["cli"]) + int(res["cli"])  # type: ignore[call-overload]
            t["cli_bad"].update(res["cli_bad"])  # type: ignore[union-attr]
            t["rss_mb"] = max(float(t["rss_mb"]), float(res["rss_mb"]))  # type: ignore[arg-type]
            if "rss_top" in res and float(res["rss_top"][0]) > float(t.get("rss_top", (0.0,))[0]):  # type: ignore
                t["rss_top"] = res["rss_top"]
            t["seconds"] = round(time.time() - t0, 1)
            examples.update({k: v for k, v in res["examples"].items() if k not in examples})  # type: ignore[union-attr]
            _save(args.out, totals, examples, time.time() - t0, args)
            print(f"{job[0]:13s} {t['inputs']:>7} inputs  {sum(t['problems'].values()):>4} problems  "  # type: ignore[union-attr]
                  f"{t['cli']} cli ({sum(t['cli_bad'].values())} bad)  {time.time() - t0:.0f}s", flush=True)  # type: ignore[union-attr]
    _report(totals, examples)


def _save(out: str | None, totals: dict[str, dict[str, object]], examples: dict[str, str], secs: float,
          args: argparse.Namespace) -> None:
    if not out:
        return
    doc = {"seconds": round(secs, 1), "seed": args.seed, "timeout_s": args.timeout, "jobs": args.jobs,
           "families": {f: {**t, "problems": dict(t["problems"]), "cli_bad": dict(t["cli_bad"])}  # type: ignore[call-overload]
                        for f, t in totals.items()}, "examples": examples}
    Path(out).write_text(json.dumps(doc, indent=1))


def _report(totals: dict[str, dict[str, object]], examples: dict[str, str]) -> None:
    print("\n| family | inputs | escapes (distinct) | hangs | CLI runs | CLI tracebacks / exit 3 | peak RSS MB |")
    print("|---|---|---|---|---|---|---|")
    for f, t in totals.items():
        probs: Counter[str] = t["problems"]  # type: ignore[assignment]
        hangs = sum(c for k, c in probs.items() if k.startswith("hang"))
        esc = sum(probs.values()) - hangs
        print(f"| {f} | {t['inputs']} | {esc} ({len([k for k in probs if not k.startswith('hang')])}) | {hangs} | "
              f"{t['cli']} | {sum(t['cli_bad'].values())} | {float(t['rss_mb']):.0f} |")  # type: ignore[union-attr]
    for k, v in examples.items():
        print(f"- {k}  <- {v}")


if __name__ == "__main__":
    main()
