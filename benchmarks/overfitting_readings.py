"""Which of LD101's readings decides which runs: each reading switched off in turn, on the runs you name.

The over-fitting rule reads a run several ways (the long-run turn, memorised, an opposite-moving excerpt, a clean late
turn, a noisy trend, snapshots, a flat validation metric, an accuracy ceiling, two excerpt notes). A reading that
decides no labelled run but warns healthy ones fits the logs it was made from; one that decides labelled runs nothing
else catches is what the principle has to cover before it can go. This measures both, one reading at a time: the
over-fitting runs whose warning it alone gives, the healthy runs and pieces of healthy runs whose warning it alone
gives (a piece: the first / last 20-75 % of a healthy run, as `healthy_pieces.py` cuts it), and what moves to notes.

    B="first 2026-12-06 2026-12-06-r3 ... 2026-12-07-r13"
    PYTHONPATH=src python benchmarks/overfitting_readings.py --opened $B --dev $B 2026-12-07-r14 --public \
        --families /work/data/families9 /work/data/families10 /work/data/families11 [-v]

Name only development batches: per-run lines (-v) print run ids. A development number, not an agreement score.
"""
from __future__ import annotations

import argparse
import importlib
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lossdoctor
from lossdoctor.model import Kind, Run

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent / "real_runs"))
import healthy_pieces as hp  # noqa: E402
import score  # noqa: E402

# the module, not the rule object `lossdoctor.rules.overfitting` names in the package
LD101 = importlib.import_module("lossdoctor.rules.overfitting")

# reading -> the module function that finds it (switched off: it finds nothing)
READINGS: dict[str, str] = {
    "turn (5+ evaluations: rising or stalled)": "_turn_numbers",
    "steady rise (3+ evaluations, rules-z15)": "_steady_numbers",
    "memorised": "_memorised_numbers",
    "opposite excerpt": "_opposite_numbers",
    "late turn excerpt": "_late_numbers",
    "trend excerpt": "_trend_excerpt_numbers",
    "short rise excerpt (note)": "_short_rise_numbers",
    "gap excerpt (note)": "_gap_excerpt_numbers",
    "glance turn (note)": "_glance_numbers",
    "snapshot": "_snapshot_numbers",
    "loss snapshot": "_loss_snapshot_numbers",
    "flat validation metric": "_metric_flat_numbers",
    "accuracy ceiling": "_ceiling_numbers",
}


def runs(opened: list[str], dev: list[str], public: bool, families: list[Path]) -> Iterator[dict[str, Any]]:
    """Every named run, whole, then the pieces of the healthy ones: id, kind (overfit / healthy / other), run."""
    whole = []
    for part, batches in (("opened", opened), ("dev", dev), ("public", [] if not public else None)):
        if batches == []:
            continue
        for c in score.load_batches(part, batches):
            _, run = score.read_case(c)
            kind = "healthy" if c.healthy else "overfit" if "overfitting" in c.labels else "other"
            whole.append({"id": c.id, "kind": kind, "run": run, "k": c.num_classes})
    for r, run in hp.family_runs(families):
        expected = {n for group in r.get("expect", []) for n in group}
        kind = "healthy" if r.get("healthy") else "overfit" if "overfitting" in expected else "other"
        whole.append({"id": r["id"], "kind": kind, "run": run,
                      "k": r["n_classes"] if r.get("num_classes_given") else None})
    yield from whole
    for w in whole:
        run = w["run"]
        if w["kind"] != "healthy" or run is None or _loss_points(run) < hp.MIN_LOSS_POINTS:
            continue
        for tail in (False, True):
            for share in hp.SHARES[:-1]:
                cut = hp.piece(run, share, tail)
                if _loss_points(cut) >= 3:
                    yield {**w, "id": f"{w['id']} {'last' if tail else 'first'} {share:.0%}", "kind": "piece",
                           "run": cut}


def _loss_points(run: Run) -> int:
    return max((len(s) for s in run.find_all(Kind.LOSS)), default=0)


def verdict(run: Run | None, k: int | None) -> str:
    """'warning', 'info' or '' for the run's over-fitting finding, as reported (policy and differential applied)."""
    if run is None:
        return ""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rep = lossdoctor.diagnose(run, **({"num_classes": k} if k else {}))
    f = next((f for f in rep.findings if f.name == "overfitting"), None)
    return "" if f is None else "warning" if f.severity.label in ("warning", "error") else "info"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--opened", nargs="*", default=[], help="batches of the opened part (development ones only)")
    ap.add_argument("--dev", nargs="*", default=[], help="batches of the dev part (development ones only)")
    ap.add_argument("--public", action="store_true", help="also tests/fixtures/public_runs")
    ap.add_argument("--families", nargs="*", type=Path, default=[], help="fault-family folders (labels.json)")
    ap.add_argument("-v", "--verbose", action="store_true", help="name the runs each reading alone decides")
    args = ap.parse_args()
    todo = list(runs(args.opened, args.dev, args.public, args.families))
    base = [verdict(r["run"], r["k"]) for r in todo]
    n = {kind: sum(r["kind"] == kind for r in todo) for kind in ("overfit", "healthy", "piece")}
    print(f"{n['overfit']} runs labelled over-fitting, {n['healthy']} healthy runs, {n['piece']} pieces of them; "
          f"warned now: {sum(b == 'warning' for r, b in zip(todo, base) if r['kind'] == 'overfit')} over-fitting, "
          f"{sum(b == 'warning' for r, b in zip(todo, base) if r['kind'] in ('healthy', 'piece'))} healthy "
          "runs and pieces\n")
    print("| reading switched off | over-fitting runs it alone warns | healthy runs / pieces it alone warns | "
          "notes it alone gives (over-fitting / healthy+pieces) |\n|---|---|---|---|")
    for name, attr in READINGS.items():
        keep = getattr(LD101, attr)
        setattr(LD101, attr, lambda *a, **kw: None)
        try:
            now = [verdict(r["run"], r["k"]) for r in todo]
        finally:
            setattr(LD101, attr, keep)
        lost = [(r, b, a) for r, b, a in zip(todo, base, now) if b != a]
        of = [r["id"] for r, b, a in lost if r["kind"] == "overfit" and b == "warning" and a != "warning"]
        hw = [r for r, b, a in lost if r["kind"] in ("healthy", "piece") and b == "warning" and a != "warning"]
        notes = [r for r, b, a in lost if b == "info" and a == ""]
        gained = [r["id"] for r, b, a in lost if a == "warning" and b != "warning"]
        print(f"| {name} | {len(of)} | {sum(r['kind'] == 'healthy' for r in hw)} / {sum(r['kind'] == 'piece' for r in hw)} | "
              f"{sum(r['kind'] == 'overfit' for r in notes)} / {sum(r['kind'] in ('healthy', 'piece') for r in notes)}"
              f"{f' (another reading warns {len(gained)} instead)' if gained else ''} |")
        if args.verbose:
            for label, ids in (("over-fitting", of), ("healthy", [r["id"] for r in hw]), ("warned instead", gained)):
                if ids:
                    print(f"    {label}: " + "; ".join(ids))


if __name__ == "__main__":
    main()
