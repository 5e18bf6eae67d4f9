"""lossdoctor on real training logs from public issues, Q&A pages, tutorials and pastes (tests/fixtures/public_runs/).

    python benchmarks/public_runs.py [--write-docs]

Each log's labels (labels.json) were set from its source and its numbers before lossdoctor was run on it; see
tests/test_public_runs.py. Prints one line per log (expected symptoms, what lossdoctor found, pass/fail) and the
totals; `--write-docs` rewrites the "Real logs from public sources" section of docs/benchmarks.md.
"""
from __future__ import annotations

import argparse
import json
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PUBLIC = ROOT / "tests" / "fixtures" / "public_runs"
SECTION = "## Real logs from public sources"
sys.path.insert(0, str(ROOT / "benchmarks" / "faults"))

import lossdoctor  # noqa: E402
from evaluate import DOCS, write_docs  # noqa: E402


def judge(record: dict) -> tuple[str, str]:
    """(what lossdoctor found, 'pass' / 'FAIL: ...') for one labelled log."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run = lossdoctor.read(PUBLIC / record["file"])[0]
        options = {"num_classes": record["num_classes"]} if record["num_classes"] else {}
        report = lossdoctor.diagnose(run, **options)
    names = {f.name for f in report.findings}
    found = ", ".join(f"{f.name} ({f.severity.label})" for f in report.findings) or "nothing"
    missed = [g for g in record["expect"] if not names & set(g)]
    loud = [f.name for f in report.findings if f.severity >= lossdoctor.Severity.WARNING]
    if missed:
        return found, "missed " + "; ".join(" or ".join(g) for g in missed)
    if record["healthy"] and loud:
        return found, "false alarm " + ", ".join(loud)
    return found, "pass"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--write-docs", action="store_true", help=f"rewrite '{SECTION}' in docs/benchmarks.md")
    args = ap.parse_args(argv)
    labels = json.loads((PUBLIC / "labels.json").read_text(encoding="utf-8"))
    readable = [r for r in labels if not r["reader_gap"]]
    rows = []
    for r in readable:
        found, verdict = judge(r)
        expect = "; ".join(" or ".join(g) for g in r["expect"]) or ("healthy" if r["healthy"] else "-")
        rows.append((r["file"], expect, found, verdict))
        print(f"{verdict[:4]:4s}  {r['file']:58s} expect: {expect} | found: {found}")
    passed = sum(v == "pass" for *_, v in rows)
    healthy = [r for r in readable if r["healthy"]]
    alarms = sum(v.startswith("false alarm") for *_, v in rows)
    gaps = [r["file"] for r in labels if r["reader_gap"]]
    summary = (f"{len(labels)} logs from {len({r['source'] for r in labels})} sources; {len(readable)} read correctly "
               f"({len(gaps)} reader gaps: {', '.join(gaps) or 'none'}). On the readable ones: {passed}/"
               f"{len(readable)} pass (every expected symptom found, no warning on a healthy run); false alarms on "
               f"{alarms} of {len(healthy)} healthy runs.")
    print(summary)
    if args.write_docs:
        md = [SECTION, "", "Real training logs copied from public GitHub issues, Q&A pages, tutorials and pastes, "
              "each with the source URL on its first line (`tests/fixtures/public_runs/`, listed in its README). "
              "Their labels were set from what the source says and what the numbers show, before lossdoctor was "
              "run on them; a miss is a result, not a label to fix. They are also a test (`tests/test_public_runs.py`, "
              "where the documented misses are strict xfails).", "", "```bash", "python benchmarks/public_runs.py "
              "--write-docs", "```", "", summary, "", "| log | expected | lossdoctor found | result |",
              "|---|---|---|---|"]
        md += [f"| `{f}` | {e} | {found} | {v} |" for f, e, found, v in rows]
        write_docs("\n".join(md) + "\n", SECTION)
        print(f"wrote '{SECTION}' in {DOCS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
