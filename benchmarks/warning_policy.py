"""What if only a few findings could warn? Agreement and false alarms on the real-run corpus when every other finding
is reported as a note (info), the rules unchanged.

Five release scores (docs/benchmarks.md, "Unseen runs, release by release") left lossdoctor at 62-67 % agreement and
22-24 % of healthy runs warned on logs nobody studied, while the peers that warn only on a few whole-curve signals
(runmedic, losslint) reach the same agreement with a third to a half of the false alarms. This asks how far that
decision alone goes, on the same outcomes: each run is diagnosed once and every policy is applied to its findings.

    PYTHONPATH=src python benchmarks/warning_policy.py                     # opened, dev, public, spent
    PYTHONPATH=src python benchmarks/warning_policy.py --allow nan_inf divergence overfitting

`spent` is the sealed part of batches r3-r5, scored once for release 5 and used here only in aggregate: a
development set from then on. Later batches' sealed logs are never read here. A development measure.
"""
from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "real_runs"))
import score  # noqa: E402

SPENT_BATCHES = ("2026-12-06-r3", "2026-12-06-r4", "2026-12-06-r5")
BROKEN = ("nan_inf", "divergence", "stuck_at_chance", "loss_not_decreasing", "suspected_leakage")
POLICIES: dict[str, tuple[str, ...] | None] = {
    "as it is": None,
    "a broken run only": BROKEN,
    "a broken run or over-fitting": BROKEN + ("overfitting",),
}


def cases(part: str) -> list[score.Case]:
    if part == "spent":
        return [c for c in score.load_part("sealed") if not c.seen and c.batch in SPENT_BATCHES]
    return score.load_part(part)


def capped(o: score.Outcome, allowed: tuple[str, ...] | None) -> score.Outcome:
    """The outcome with every warning or error outside `allowed` reported as info."""
    if allowed is None:
        return o
    loud = ("warning", "error")
    return dataclasses.replace(o, findings=[(n, "info" if s in loud and n not in allowed else s, c)
                                            for n, s, c in o.findings])


def rates(outs: list[score.Outcome]) -> str:
    healthy = [o for o in outs if o.case.healthy]
    agree = sum(score.agrees(o) for o in outs)
    warned = sum(bool(o.loud) for o in healthy)
    return f"{100 * agree / len(outs):.0f} % / {100 * warned / max(len(healthy), 1):.0f} %"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--parts", nargs="*", default=["opened", "dev", "public", "spent"])
    ap.add_argument("--allow", nargs="*", help="a policy of your own: the finding names that may warn")
    args = ap.parse_args()
    policies = dict(POLICIES)
    if args.allow is not None:
        policies["--allow " + " ".join(args.allow)] = tuple(args.allow)
    outs = {p: [score.diagnose_case(c) for c in cases(p)] for p in args.parts}
    print("| policy: what may warn | " + " | ".join(f"{p} ({len(outs[p])}): agreement / healthy warned"
                                                    for p in args.parts) + " |")
    print("|---|" + "---|" * len(args.parts))
    for name, allowed in policies.items():
        print(f"| {name} | " + " | ".join(rates([capped(o, allowed) for o in outs[p]]) for p in args.parts) + " |")


if __name__ == "__main__":
    main()
