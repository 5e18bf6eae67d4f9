"""The large fuzzing budget: seeded mutations of the real fixtures of every format through the API and the CLI.

For each reader family, N mutated inputs (tests/fuzzing.py: truncation, bit flips, splices, huge numbers, deep
nesting, wrong JSON types, hostile names, reframed TFRecords, damaged MLflow SQLite) are made inside long-lived
worker processes (input i of a family is made from (seed, family, i) alone) and written into one reused scratch
directory per worker. What each input goes through:

- every input: `lossdoctor.read`, `diagnose_run` on up to 5 of its runs, and the JSON renderer;
- except that an input whose runs a worker already diagnosed (the same `fingerprint`: names, sources, warnings,
  every step and value) is only read again: the same data gives the same diagnosis (--no-dedupe turns this off);
- every input whose read returned odd values (infinite or huge numbers, names with markup, control or non-ASCII
  characters): the text, Markdown and HTML renderers too;
- every --sample-every-th input: all four renderers and `lossdoctor diagnose PATH --format json --jobs 1` through
  the CLI's `main` in the worker (exit code 3 or an exception out of `main` counts), never deduplicated;
- every --cli-every-th input: the CLI in a fresh subprocess (a traceback, exit code 3 or a hang counts).

Counted per family: inputs, escapes (any exception other than LossDoctorError, any rule crash), hangs (over
--timeout seconds of CPU, or 12x that of wall time, per input), the peak RSS of the workers and the input that
raised it, and the CPU seconds per stage. The JSON under --out is rewritten after every chunk, so a cut run still
reports. Failing inputs are kept under --keep for triage.

    PYTHONPATH=src nice -n 19 python benchmarks/fuzz.py --per-family 100000 --jobs 2 --out fuzz-result.json

Results: docs/benchmarks.md, section "Fuzzing".
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import resource
import shutil
import signal
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
FAMILIES: dict[str, list[F.Seed]] = {}  # loaded once in the parent, inherited by the forked workers
SCRATCH: F.Scratch | None = None
SEEN: set[bytes] = set()  # fingerprints of what this worker diagnosed (tests/fuzzing.py: run_checks)


def _init_worker(scratch_root: str) -> None:
    global SCRATCH
    try:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    except (ValueError, OSError):
        pass
    SCRATCH = F.Scratch(Path(scratch_root) / f"w{os.getpid()}")


def _one(job: tuple[str, int, int, int, int, str | None, int, int, bool]) -> dict[str, object]:
    family, start, count, seed, timeout, keep, sample_every, cli_every, dedupe = job
    fam = FAMILIES[family]
    assert SCRATCH is not None
    out: dict[str, object] = {"inputs": 0, "problems": Counter(), "examples": {}, "cli": 0, "cli_bad": Counter(),
                              "read_ok": 0, "odd": 0, "diagnosed": 0, "full": 0, "in_process_cli": 0, "cpu": Counter()}
    problems: Counter[str] = out["problems"]  # type: ignore[assignment]
    examples: dict[str, str] = out["examples"]  # type: ignore[assignment]
    cpu: Counter[str] = out["cpu"]  # type: ignore[assignment]
    for i in range(start, start + count):
        t = time.process_time()
        s, data, how = F.input_at(fam, family, seed, i)
        path = SCRATCH.put(s, data)
        cpu["make"] += time.process_time() - t
        sampled = sample_every > 0 and i % sample_every == 0
        before = _rss_mb()
        res = F.run_checks(path, timeout_s=timeout, renderers=("json", "text", "markdown", "html") if sampled
                           else ("json",), odd_renderers=("text", "markdown", "html"), cli=sampled,
                           wall_s=timeout * 12, seen=SEEN if dedupe else None)
        if len(SEEN) > 200_000:
            SEEN.clear()
        cpu.update(res.cpu)
        peak = _rss_mb()
        if peak > float(out.get("rss_top", (0.0,))[0]) and peak > before:  # type: ignore[arg-type]
            out["rss_top"] = (peak, f"{family} input {i}: {s.name} {how} ({len(data)} bytes)")
        out["inputs"] = int(out["inputs"]) + 1  # type: ignore[call-overload]
        out["read_ok"] = int(out["read_ok"]) + res.read_ok  # type: ignore[call-overload]
        out["odd"] = int(out["odd"]) + res.odd  # type: ignore[call-overload]
        out["diagnosed"] = int(out["diagnosed"]) + res.diagnosed  # type: ignore[call-overload]
        out["full"] = int(out["full"]) + (len(res.rendered) == 4)  # type: ignore[call-overload]
        out["in_process_cli"] = int(out["in_process_cli"]) + (res.cli is not None)  # type: ignore[call-overload]
        for p in res.problems:
            key = p[:140]
            problems[key] += 1
            if key not in examples:
                examples[key] = f"{family} input {i} (seed {seed}): {s.name} {how}"
                if keep:
                    (Path(keep) / f"{family}-{i}-{s.name}").write_bytes(data)
        if cli_every and i % cli_every == 0:
            t = time.time()
            out["cli"] = int(out["cli"]) + 1  # type: ignore[call-overload]
            bad = _cli(path, timeout)
            cpu["cli_subprocess_wall"] += time.time() - t
            if bad:
                out["cli_bad"][bad] += 1  # type: ignore[index]
                examples.setdefault(f"cli: {bad}", f"{family} input {i} (seed {seed}): {s.name} {how}")
    SCRATCH.restore()
    out["family"] = family
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
    if r.returncode not in (0, 1, 2):
        return f"cli exit {r.returncode}: " + (r.stderr.strip().splitlines() or [""])[-1][:120]
    return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--per-family", type=int, default=1000)
    ap.add_argument("--families", nargs="*", default=None)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--start", type=int, default=0, help="first input index (re-run a range of an earlier run)")
    ap.add_argument("--timeout", type=int, default=10, help="CPU seconds per input before it counts as a hang")
    ap.add_argument("--sample-every", type=int, default=10,
                    help="every N-th input also goes through the text, Markdown and HTML renderers and the CLI's main")
    ap.add_argument("--cli-every", type=int, default=1000, help="every N-th input also runs the CLI in a subprocess")
    ap.add_argument("--chunk", type=int, default=500)
    ap.add_argument("--no-dedupe", action="store_true",
                    help="diagnose and render every input, even when a worker already diagnosed the same runs")
    ap.add_argument("--keep", default=None, help="directory to keep failing inputs in")
    ap.add_argument("--out", default=None, help="write the results as JSON here (after every chunk)")
    args = ap.parse_args()
    if args.keep:
        Path(args.keep).mkdir(parents=True, exist_ok=True)
    FAMILIES.update(F.families(F.seeds()))
    fams = args.families or sorted(FAMILIES)
    stop = args.start + args.per_family
    jobs = [(f, a, min(args.chunk, stop - a), args.seed, args.timeout, args.keep, args.sample_every, args.cli_every,
             not args.no_dedupe) for a in range(args.start, stop, args.chunk) for f in fams]  # interleaved: a cut run covers all
    totals: dict[str, dict[str, object]] = {f: {"inputs": 0, "read_ok": 0, "odd": 0, "diagnosed": 0, "full": 0, "in_process_cli": 0,
                                                 "problems": Counter(), "cli": 0, "cli_bad": Counter(), "rss_mb": 0.0,
                                                 "cpu": Counter(), "seconds": 0.0} for f in fams}
    examples: dict[str, str] = {}
    t0 = time.time()
    import lossdoctor.cli  # noqa: F401 - imported once here, shared by the forked workers
    import lossdoctor.report.html  # noqa: F401

    scratch = tempfile.mkdtemp(prefix="ldfuzz-")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # `kill PID`: the scratch directory is still removed
    try:
        with mp.get_context("fork").Pool(args.jobs, initializer=_init_worker, initargs=(scratch,)) as pool:
            for res in pool.imap_unordered(_one, jobs):
                t = totals[str(res["family"])]
                for k in ("inputs", "read_ok", "odd", "diagnosed", "full", "in_process_cli", "cli"):
                    t[k] = int(t[k]) + int(res[k])  # type: ignore[call-overload]
                for k in ("problems", "cli_bad", "cpu"):
                    t[k].update(res[k])  # type: ignore[union-attr]
                t["rss_mb"] = max(float(t["rss_mb"]), float(res["rss_mb"]))  # type: ignore[arg-type]
                if "rss_top" in res and float(res["rss_top"][0]) > float(t.get("rss_top", (0.0,))[0]):  # type: ignore
                    t["rss_top"] = res["rss_top"]
                t["seconds"] = round(time.time() - t0, 1)
                examples.update({k: v for k, v in res["examples"].items() if k not in examples})  # type: ignore
                _save(args.out, totals, examples, time.time() - t0, args)
                print(f"{res['family']:13s} {t['inputs']:>7} inputs  {sum(t['problems'].values()):>4} problems  "  # type: ignore
                      f"{t['cli']} cli ({sum(t['cli_bad'].values())} bad)  {time.time() - t0:.0f}s", flush=True)  # type: ignore
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    _report(totals, examples)


def _save(out: str | None, totals: dict[str, dict[str, object]], examples: dict[str, str], secs: float,
          args: argparse.Namespace) -> None:
    if not out:
        return
    doc = {"seconds": round(secs, 1), "seed": args.seed, "start": args.start, "per_family": args.per_family,
           "timeout_s": args.timeout, "jobs": args.jobs, "sample_every": args.sample_every, "cli_every": args.cli_every,
           "families": {f: {**t, "problems": dict(t["problems"]), "cli_bad": dict(t["cli_bad"]),  # type: ignore
                            "cpu": {k: round(v, 1) for k, v in t["cpu"].items()}}  # type: ignore[union-attr]
                        for f, t in totals.items()}, "examples": examples}
    Path(out).write_text(json.dumps(doc, indent=1))


def _report(totals: dict[str, dict[str, object]], examples: dict[str, str]) -> None:
    print("\n| family | inputs | read | odd | diagnosed | full path | CLI main | escapes (distinct) | hangs | CLI exit 3 "
          "| CLI subprocess | its tracebacks / exit 3 / hangs | peak worker RSS MB | CPU s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for f, t in totals.items():
        probs: Counter[str] = Counter(t["problems"])  # type: ignore[arg-type]
        hangs = sum(c for k, c in probs.items() if k.startswith("hang"))
        cli3 = sum(c for k, c in probs.items() if k.startswith("cli exit"))
        esc_keys = [k for k in probs if not k.startswith(("hang", "cli exit"))]
        print(f"| {f} | {t['inputs']:,} | {t.get('read_ok', 0):,} | {t.get('odd', 0):,} | {t.get('diagnosed', 0):,} | {t.get('full', 0):,} | "
              f"{t.get('in_process_cli', 0):,} | {sum(probs[k] for k in esc_keys)} ({len(esc_keys)}) | {hangs} | {cli3} | "
              f"{t['cli']} | {sum(Counter(t['cli_bad']).values())} | {float(t['rss_mb']):.0f} | "  # type: ignore[arg-type]
              f"{sum(v for k, v in dict(t.get('cpu', {})).items() if not k.endswith('_wall')):,.0f} |")  # type: ignore[arg-type]
    for k, v in examples.items():
        print(f"- {k}  <- {v}")


def report_file(path: str) -> None:
    """Print the table of a (possibly cut) run from its --out JSON."""
    doc = json.loads(Path(path).read_text())
    print({k: v for k, v in doc.items() if k not in ("families", "examples")})
    _report(doc["families"], doc["examples"])


if __name__ == "__main__":
    if sys.argv[1:2] == ["--report"]:
        report_file(sys.argv[2])
    else:
        main()
