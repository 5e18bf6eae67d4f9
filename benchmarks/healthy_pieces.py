"""How often lossdoctor warns on pieces of healthy runs: the first part (a run stopped early, a pasted start) and the
last part (a pasted tail, a resumed run) of every healthy run the project may read.

People paste pieces of logs. A piece of a healthy run is healthy to a practitioner: a normal start is not a high
level, a converged tail is not a plateau, the gap of a trained model is not two splits that differ. The whole-run
number says little about this (dev false alarms were 6 % while the sealed part, full of pasted pieces, had 23 %),
so this stress test cuts each healthy run of the dev part, the public fixtures, the opened sealed logs and the fault families' healthy runs
to 20, 35, 50, 75 and 100 % of its span (each series on its own axis) and counts the warnings by rule.

    PYTHONPATH=src python benchmarks/healthy_pieces.py --families /work/data/families /work/data/families2 \
        /work/data/families3 [--examples 3]

A development number (the runs are all development data), not an agreement score: nobody labelled the pieces.
"""
from __future__ import annotations

import argparse
import collections
import dataclasses
import json
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import numpy as np

import lossdoctor
from lossdoctor.model import Kind, Run

sys.path.insert(0, str(Path(__file__).resolve().parent / "real_runs"))
import score  # noqa: E402

SHARES = (0.2, 0.35, 0.5, 0.75, 1.0)
MIN_LOSS_POINTS = 8  # a piece of a shorter log is a handful of points: the short-excerpt rules' business


def piece(run: Run, share: float, tail: bool) -> Run:
    """The first (or last) `share` of the run's span, each series cut on its own axis (epochs apart from steps)."""
    out = []
    for s in run.series:
        same = [t.steps for t in run.series if t.axis == s.axis and len(t)]
        if not same:
            continue
        st = np.concatenate(same)
        lo, hi = float(st.min()), float(st.max())
        m = s.steps >= hi - share * (hi - lo) if tail else s.steps <= lo + share * (hi - lo)
        if m.any():
            out.append(dataclasses.replace(s, steps=s.steps[m], values=s.values[m],
                                           wall_time=None if s.wall_time is None else s.wall_time[m]))
    return dataclasses.replace(run, series=tuple(out))


def healthy_runs(families: list[Path], skip: frozenset[str] = frozenset()) -> list[tuple[str, Run, int | None]]:
    """(id, run, num_classes) of every healthy run with enough loss points: dev, public, opened, then the families;
    the batches in `skip` (a round's hold-out or fresh dev halves) left out."""
    out = []
    for part in ("dev", "public", "opened"):
        for c in score.load_part(part):
            if not c.healthy or c.batch in skip:
                continue
            o, run = score.read_case(c)
            if run is not None and o.loss_points >= MIN_LOSS_POINTS:
                out.append((c.id, run, c.num_classes))
    for r, run in family_runs(families):
        if r.get("healthy") and run is not None:
            out.append((r["id"], run, r["n_classes"] if r.get("num_classes_given") else None))
    return out


def family_runs(families: list[Path]) -> Iterator[tuple[dict, Run | None]]:
    """(labels.json record, its first run read quietly, or None) of every family run the readers can take."""
    for d in families:
        for r in json.loads((d / "labels.json").read_text(encoding="utf-8")):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    runs = lossdoctor.read(d / "runs" / r["id"] / r["log"])
                except Exception:  # a run the readers cannot take is not part of this count
                    continue
            yield r, (runs[0] if runs else None)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--families", nargs="*", type=Path, default=[], help="fault-family data folders (labels.json)")
    ap.add_argument("--examples", type=int, default=0, help="list this many pieces per rule")
    ap.add_argument("--skip-batch", nargs="*", default=[], help="leave these batches' dev logs out (a hold-out)")
    args = ap.parse_args()
    t0 = time.process_time()
    runs = healthy_runs(args.families, frozenset(args.skip_batch))
    print(f"{len(runs)} healthy runs with >= {MIN_LOSS_POINTS} loss points\n")
    print("| piece | pieces | with a warning | rules that warned (pieces) |\n|---|---|---|---|")
    examples: dict[str, list[str]] = collections.defaultdict(list)
    for tail in (False, True):
        for share in SHARES:
            if tail and share == 1.0:
                continue  # the whole run, counted once
            count: collections.Counter[str] = collections.Counter()
            n = warned = 0
            for rid, run, k in runs:
                r = piece(run, share, tail)
                if max((len(s) for s in r.find_all(Kind.LOSS)), default=0) < 3:
                    continue
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    rep = lossdoctor.diagnose(r, **({"num_classes": k} if k else {}))
                loud = sorted({f.name for f in rep.findings if f.severity.label in ("warning", "error")})
                n += 1
                warned += bool(loud)
                count.update(loud)
                for name in loud:
                    examples[name].append(f"{rid} {'last' if tail else 'first'} {share:.0%}")
            label = "whole run" if share == 1.0 else f"{'last' if tail else 'first'} {share:.0%}"
            rules = ", ".join(f"{a} {b}" for a, b in count.most_common()) or "-"
            print(f"| {label} | {n} | {warned} ({warned / max(n, 1):.0%}) | {rules} |")
    if args.examples:
        for name, ids in sorted(examples.items()):
            print(f"\n{name}: " + "; ".join(ids[: args.examples]))
    print(f"\n{time.process_time() - t0:.0f} s CPU")


if __name__ == "__main__":
    main()
