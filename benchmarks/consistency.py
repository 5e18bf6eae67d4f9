"""Report consistency over generated curves (issue 10): how many reports contradict themselves.

Generates N runs with tests/report/curve_gen.py (15 families: learning, over-fitting, plateaus, chance level,
blow-ups into NaN, rebounds, oscillation, leakage, double-softmax floors, short excerpts...; random lengths 3-150,
scales 1e-3..1e3, noise, epoch or step axes), diagnoses each and lists every contradiction
`lossdoctor.consistency.contradictions` finds (a table row or headline against the findings, a fix shown for an
explained finding, a rise worded as a fall, a step count in an epoch argument, "restore the best epoch" when
nothing was learned, "stuck at chance" beside a high accuracy). Also checks that every problem run's short
terminal report fits 24 lines at 80 columns. Prints a Markdown table.

Run: PYTHONPATH=src python benchmarks/consistency.py --n 10000
"""
from __future__ import annotations

import argparse
import collections
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "report"))

from curve_gen import FAMILIES, make_run  # noqa: E402

from lossdoctor.consistency import contradictions  # noqa: E402
from lossdoctor.engine import diagnose_run  # noqa: E402
from lossdoctor.report import terminal  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--start", type=int, default=0, help="first seed")
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    per_family: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    kinds: collections.Counter[str] = collections.Counter()
    examples: dict[str, str] = {}
    too_long = 0
    t0 = time.perf_counter()
    for seed in range(args.start, args.start + args.n):
        run = make_run(seed)
        fam = run.name.split("-", 2)[2]
        rep = diagnose_run(run)
        per_family[fam][rep.verdict] += 1
        found = contradictions(rep)
        per_family[fam]["contradictory"] += bool(found)
        for p in found:
            k = p.split(":")[0][:70]
            kinds[k] += 1
            examples.setdefault(k, f"seed {seed}: {p[:120]}")
        if rep.verdict in ("warning", "error"):
            block = terminal.render([rep], "en", width=80).split("\n\n")[0].split("\n")
            too_long += len(block) > terminal.BRIEF_MAX_LINES
    dt = time.perf_counter() - t0
    total = sum(c["contradictory"] for c in per_family.values())
    print(f"{args.n} generated runs (seeds {args.start}-{args.start + args.n - 1}) in {dt:.0f} s "
          f"({1000 * dt / args.n:.0f} ms per run, diagnosis + check + short text render)\n")
    print("| family | runs | healthy | warning | error | insufficient | contradictory reports |")
    print("|---|---|---|---|---|---|---|")
    for fam in FAMILIES:
        c = per_family[fam]
        n = sum(c[v] for v in ("healthy", "warning", "error", "insufficient_data"))
        print(f"| {fam} | {n} | {c['healthy']} | {c['warning']} | {c['error']} | {c['insufficient_data']} | "
              f"{c['contradictory']} |")
    print(f"\nContradictory reports: {total} of {args.n}. Problem runs whose short report exceeds 24 lines at 80 "
          f"columns: {too_long}.")
    for k, v in kinds.most_common():
        print(f"- {v} x {k} (e.g. {examples[k]})")


if __name__ == "__main__":
    main()
