"""Which findings may warn? Agreement and false alarms on every development set when the findings a policy does not
let warn are reported as notes (info), the rules unchanged; and each finding's precision at warning level.

Five release scores (docs/benchmarks.md, "Unseen runs, release by release") left lossdoctor at 62-67 % agreement and
22-24 % of healthy runs warned on logs nobody studied, while the peers that warn only on a few whole-curve signals
(runmedic, losslint) reach the same agreement with a third to a half of the false alarms. This asks how far that
decision alone goes, on the same outcomes: each run is diagnosed once with every rule allowed to warn (the release-5
behaviour, `warn = true` for every rule) and every policy is applied to its findings.

    PYTHONPATH=src python benchmarks/warning_policy.py          # real parts, families v1-v6, precision per finding
    PYTHONPATH=src python benchmarks/warning_policy.py --parts dev public --families
    PYTHONPATH=src python benchmarks/warning_policy.py --allow nan_inf divergence overfitting
    PYTHONPATH=src:benchmarks python benchmarks/warning_policy.py --exceptions --pieces   # release 8 (~70 s CPU)

`--exceptions` measures release 8's question: may a note warn when it is LARGE (a test on its evidence, in a
practitioner's words), CONFIDENT (rules/_confidence.py) and seen over enough points? One line per candidate (one
finding, one test), agreement and healthy runs warned per part, healthy runs warned per family generation, and with
`--pieces` the warned first/last pieces of every healthy run of benchmarks/healthy_pieces.py.

`spent` is the sealed part of batches r3-r5, scored once for release 5 and used here only in aggregate (no line per
log, per-finding counts summed over the part) for release 6's choice; opened for study after release 6 (143 logs with
`gh-lcnn-31`, seen since release 5). Later batches' sealed logs are never read here. A development measure.
"""
from __future__ import annotations

import argparse
import collections
import dataclasses
import json
import sys
import warnings
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "real_runs"))
sys.path.insert(0, str(HERE / "faults"))
import score  # noqa: E402

import lossdoctor  # noqa: E402
from lossdoctor.rules import RULES  # noqa: E402
from lossdoctor.rules._policy import MAY_WARN  # noqa: E402

SPENT_BATCHES = ("2026-12-06-r3", "2026-12-06-r4", "2026-12-06-r5")
FAMILIES = tuple(Path(f"/work/data/families{s}") for s in ("", "2", "3", "4", "5", "6"))
LOUD = ("warning", "error")
BROKEN = ("nan_inf", "divergence", "stuck_at_chance", "loss_not_decreasing", "suspected_leakage")
# a confident finding: an effect twice the rule's threshold against the curve's own noise (strength 1 - 0.25**2 =
# 0.94) over ten points or more (coverage 1 - exp(-10 / 4) = 0.92): 0.94 x 0.92 = 0.86 (rules/_confidence.py)
CONFIDENT = 0.85
ALL_WARN = {r.code: {"warn": True} for r in RULES}  # the release-5 behaviour: every rule gives its own severity

Finding = tuple[str, str, "float | None", dict]  # (name, severity, confidence, evidence)
Policy = Callable[[str, str, "float | None", dict], str]  # -> the severity reported


def allow_list(allowed: tuple[str, ...] | None) -> Policy:
    """Findings outside `allowed` are notes; None: as the rules say."""
    return lambda n, s, c, ev=None: s if allowed is None or s not in LOUD or n in allowed else "info"


def confidence_gate(broken: tuple[str, ...], gate: float) -> Policy:
    """A broken-run finding keeps its severity; any other warns only at confidence >= `gate`, else it is a note."""
    return lambda n, s, c, ev=None: s if s not in LOUD or n in broken or (c or 0.0) >= gate else "info"


# ---- release 8: a narrow per-finding exception to the release-6 list ---------------------------------------------
# A note may warn when it is LARGE (an effect relative to the curve's own scale, read from its evidence), CONFIDENT
# (rules/_confidence.py: effect against noise x points seen) and seen over enough points. Each candidate is one
# finding with one test; it is measured alone against the release-6 default.
NOTES = ("train_loss_rebound", "underfitting", "plateau", "generalization_gap", "noisy_validation", "oscillation",
         "loss_spikes", "still_improving", "loss_metric_disagreement", "abnormal_initial_loss")


def _num(ev: dict, key: str) -> float:
    v = (ev or {}).get(key)
    try:
        return float(v)
    except (TypeError, ValueError):
        return float("nan")


# finding -> (what a practitioner says, the test on its evidence); every test also needs confidence >= the gate
LARGE: dict[str, tuple[str, Callable[[dict], bool]]] = {
    "train_loss_rebound": ("the training loss went back up by half its fall and stayed there",
                           lambda ev: _num(ev, "rise_share_of_gain") >= 0.5 and not (ev or {}).get("recovered")),
    "plateau": ("flat for half the run and still flat at the end",
                lambda ev: _num(ev, "share_of_run") >= 0.5 and bool((ev or {}).get("ongoing_at_end"))),
    "underfitting": ("the loss ends at half the chance-level reference or higher",
                     lambda ev: _num(ev, "end_over_reference") >= 0.5),
    "loss_spikes": ("a spike 10x the curve's trend",
                    lambda ev: _num(ev, "max_ratio_to_trend") >= 10.0),
    "oscillation": ("swings as large as half the loss level",
                    lambda ev: _num(ev, "amplitude_of_level") >= 0.5),
    "still_improving": ("a quarter of the run's gain made in its last stretch",
                        lambda ev: _num(ev, "recent_gain_share") >= 0.25),
}


def exception(name: str, gate: float, large: Callable[[dict], bool] | None = None, noted: bool = False) -> Policy:
    """The release-6 default, and `name` may warn too when the rule judged it a warning (`noted`: or a note) at
    confidence >= `gate` (and, with `large`, its evidence says the effect is large)."""
    base = allow_list(tuple(sorted(MAY_WARN)))

    def policy(n: str, s: str, c: float | None, ev: dict | None = None) -> str:
        if n == name and (s in LOUD or noted) and (c or 0.0) >= gate and (large is None or large(ev or {})):
            return s if s in LOUD else "warning"
        return base(n, s, c, ev)
    return policy


def exception_candidates() -> dict[str, Policy]:
    out: dict[str, Policy] = {}
    for n in NOTES:
        for gate in (CONFIDENT, 0.95):
            out[f"{n} at confidence >= {gate}"] = exception(n, gate)
        if n in LARGE:
            out[f"{n}, {LARGE[n][0]}, confidence >= {CONFIDENT}"] = exception(n, CONFIDENT, LARGE[n][1])
        # the rules themselves judge some of these a note on most runs (under-fitting, a plateau, still improving):
        # the same tests on the rule's note as well as its warning
        out[f"{n} judged a note or a warning by its rule, confidence >= 0.95"] = exception(n, 0.95, noted=True)
        if n in LARGE:
            out[f"{n} judged a note or a warning by its rule, {LARGE[n][0]}, confidence >= {CONFIDENT}"] = \
                exception(n, CONFIDENT, LARGE[n][1], noted=True)
    return out


POLICIES: dict[str, Policy] = {
    "as it is (release 5)": allow_list(None),
    "a broken run only": allow_list(BROKEN),
    "a broken run or over-fitting": allow_list(BROKEN + ("overfitting",)),
    f"confidence gate: a broken run, or any finding at confidence >= {CONFIDENT}": confidence_gate(BROKEN, CONFIDENT),
    "release 6 default: a broken run or a clear over-fit turn (lossdoctor.rules._policy)":
        allow_list(tuple(sorted(MAY_WARN))),
}


# ---- the real-run corpus ----------------------------------------------------------------------------------------

def cases(part: str) -> list[score.Case]:
    if part == "spent":
        return [c for c in score.load_part("sealed") if c.batch in SPENT_BATCHES]
    return score.load_part(part)


def diagnose_raw(case: score.Case) -> score.Outcome:
    """score.diagnose_case with every rule allowed to warn: the rules' own severities, before any policy."""
    out, run = score.read_case(case)
    if run is None or not out.loss_points:
        return out
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = lossdoctor.diagnose(run, rules=ALL_WARN,
                                     **({"num_classes": case.num_classes} if case.num_classes else {}))
    out.findings = [(f.name, f.severity.label, f.confidence, dict(f.evidence)) for f in report.findings]
    return out


def applied(o: score.Outcome, policy: Policy) -> score.Outcome:
    return dataclasses.replace(o, findings=[(n, policy(n, s, c, ev), c) for n, s, c, ev in o.findings])


def rates(outs: list[score.Outcome]) -> str:
    healthy = [o for o in outs if o.case.healthy]
    agree = sum(score.agrees(o) for o in outs)
    warned = sum(bool(o.loud) for o in healthy)
    return f"{100 * agree / len(outs):.0f} % / {100 * warned / max(len(healthy), 1):.0f} %"


def counts(outs: list[score.Outcome]) -> tuple[int, int, int]:
    """(runs agreed with, healthy runs warned, healthy runs)."""
    healthy = [o for o in outs if o.case.healthy]
    return sum(score.agrees(o) for o in outs), sum(bool(o.loud) for o in healthy), len(healthy)


def piece_findings(families: list[Path]) -> list[list[Finding]]:
    """The findings (every rule allowed to warn) of each first and last piece of every healthy run that
    benchmarks/healthy_pieces.py cuts: a pasted start or tail of a healthy run is healthy too."""
    import healthy_pieces as hp
    from lossdoctor.model import Kind

    out = []
    for _, run, k in hp.healthy_runs(families):
        for tail in (False, True):
            for share in hp.SHARES:
                if tail and share == 1.0:
                    continue
                r = hp.piece(run, share, tail)
                if max((len(s) for s in r.find_all(Kind.LOSS)), default=0) < 3:
                    continue
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    rep = lossdoctor.diagnose(r, rules=ALL_WARN, **({"num_classes": k} if k else {}))
                out.append([(f.name, f.severity.label, f.confidence, dict(f.evidence)) for f in rep.findings])
    return out


def silent_problems(outs: list[score.Outcome]) -> int:
    """Problem runs read but given no finding at all (a policy never changes this: it only lowers severities)."""
    return sum(1 for o in outs if o.read_ok and not o.case.healthy and not o.findings)


# ---- the fault families -----------------------------------------------------------------------------------------

def family_findings(data: Path) -> tuple[list[dict], dict[str, list[Finding]], dict[str, list[str]]]:
    import evaluate  # benchmarks/faults/evaluate.py
    from lossdoctor import Options, diagnose_run

    records = json.loads((data / "labels.json").read_text())
    found: dict[str, list[Finding]] = {}
    causes: dict[str, list[str]] = {}
    for rec in records:
        run, _ = evaluate.load_run(rec, data / "runs" / rec["id"])
        k = rec["n_classes"] if rec.get("num_classes_given") else None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            rep = diagnose_run(run, Options(num_classes=k, rules=ALL_WARN))
        found[rec["id"]] = [(f.name, f.severity.label, f.confidence, dict(f.evidence)) for f in rep.findings
                            if f.code != "LD000"]
        causes[rec["id"]] = [c.cause for c in rep.causes]
    return records, found, causes


def family_rates(records: list[dict], found: dict[str, list[Finding]], policy: Policy) -> tuple[float, int, int]:
    """(macro-F1 over every finding fired, any severity; healthy runs warned; healthy runs)."""
    from scoring import label_names, score as fscore

    fired = {k: {n for n, _, _, _ in v} for k, v in found.items()}
    alarm = {k: any(policy(n, s, c, ev) in LOUD for n, s, c, ev in v) for k, v in found.items()}
    sc = fscore(records, fired, alarm)
    return sc.macro_f1(label_names(records)) or 0.0, sc.false_alarms, sc.healthy


# ---- precision per finding at warning level ---------------------------------------------------------------------

def precision_rows(real: dict[str, list[score.Outcome]],
                   fams: list[tuple[list[dict], dict[str, list[Finding]]]]) -> list[str]:
    """For each finding name, its warnings (as the rules give them) by where they land: on a run whose labels or
    acceptable names hold it, on a healthy run, on a problem run it is wrong for."""
    right: collections.Counter[str] = collections.Counter()
    healthy: collections.Counter[str] = collections.Counter()
    wrong: collections.Counter[str] = collections.Counter()
    strong: collections.Counter[str] = collections.Counter()  # of the warnings, how many at confidence >= CONFIDENT
    strong_right: collections.Counter[str] = collections.Counter()
    for outs in real.values():
        for o in outs:
            ok = o.case.labels | o.case.acceptable
            for n, s, c, _ in o.findings:
                if s not in LOUD:
                    continue
                hit = not o.case.healthy and n in ok
                (right if hit else healthy if o.case.healthy else wrong)[n] += 1
                if (c or 0.0) >= CONFIDENT:
                    strong[n] += 1
                    strong_right[n] += hit
    for records, found in fams:
        for rec in records:
            ok = {n for g in rec["expect"] for n in g} | set(rec["allow"])
            for n, s, c, _ in found[rec["id"]]:
                if s not in LOUD:
                    continue
                hit = not rec["healthy"] and n in ok
                (right if hit else healthy if rec["healthy"] else wrong)[n] += 1
                if (c or 0.0) >= CONFIDENT:
                    strong[n] += 1
                    strong_right[n] += hit
    names = sorted(set(right) | set(healthy) | set(wrong), key=lambda n: (-(right[n] + healthy[n] + wrong[n]), n))
    rows = []
    for n in names:
        total = right[n] + healthy[n] + wrong[n]
        sp = f"{100 * strong_right[n] / strong[n]:.0f} % of {strong[n]}" if strong[n] else "-"
        rows.append(f"| {n}{' (may warn)' if n in MAY_WARN else ''} | {total} | {right[n]} | {healthy[n]} | "
                    f"{wrong[n]} | {100 * right[n] / total:.0f} % | {sp} |")
    return rows


def exception_table(outs: dict[str, list[score.Outcome]], fams: list, families: list[Path], pieces: bool) -> None:
    """One line per exception candidate: runs agreed with (and the change against the default) and healthy runs
    warned per real part, healthy runs warned per family generation, healthy pieces warned."""
    default = allow_list(tuple(sorted(MAY_WARN)))
    cands = {"release 6 default (no exception)": default, **exception_candidates()}
    cut = piece_findings(families) if pieces else []
    head = [f"{p} ({len(outs[p])}): agreed, healthy warned" for p in outs] + [f"{d} healthy warned"
                                                                              for d, _, _, _ in fams]
    head += [f"healthy pieces ({len(cut)}) warned"] if pieces else []
    print("\nRelease 8 exception candidates (the default plus one finding allowed to warn under a test):\n")
    print("| candidate | " + " | ".join(head) + " |")
    print("|---|" + "---|" * len(head))
    base = {p: counts([applied(o, default) for o in outs[p]]) for p in outs}
    base_f = [family_rates(r, f, default)[1] for _, r, f, _ in fams]
    base_p = sum(any(default(*x) in LOUD for x in fs) for fs in cut)
    for name, policy in cands.items():
        cells = []
        for p in outs:
            a, w, h = counts([applied(o, policy) for o in outs[p]])
            cells.append(f"{a} ({a - base[p][0]:+d}), {w} of {h} ({w - base[p][1]:+d})")
        for (_, r, f, _), b in zip(fams, base_f):
            w = family_rates(r, f, policy)[1]
            cells.append(f"{w} ({w - b:+d})")
        if pieces:
            w = sum(any(policy(*x) in LOUD for x in fs) for fs in cut)
            cells.append(f"{w} ({w - base_p:+d})")
        print(f"| {name} | " + " | ".join(cells) + " |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--parts", nargs="*", default=["opened", "dev", "public"],
                    help="real parts (spent: the r3-r5 sealed logs, part of opened since release 7)")
    ap.add_argument("--families", nargs="*", type=Path, default=list(FAMILIES),
                    help="fault-family folders (labels.json + runs/); none to leave them out")
    ap.add_argument("--allow", nargs="*", help="a policy of your own: the finding names that may warn")
    ap.add_argument("--exceptions", action="store_true",
                    help="release 8: measure each per-finding exception to the default (one line per candidate)")
    ap.add_argument("--pieces", action="store_true", help="with --exceptions: also the pieces of every healthy run")
    args = ap.parse_args()
    policies = dict(POLICIES)
    if args.allow is not None:
        policies["--allow " + " ".join(args.allow)] = allow_list(tuple(args.allow))
    outs = {p: [diagnose_raw(c) for c in cases(p)] for p in args.parts}
    fams = [(d.name, *family_findings(d)) for d in args.families if (d / "labels.json").exists()]
    head = [f"{p} ({len(outs[p])})" for p in args.parts] + [f"{d} ({len(r)})" for d, r, _, _ in fams]
    print("Agreement / healthy runs warned per real part; macro-F1 / healthy warned per family generation.\n")
    print("| policy: what may warn | " + " | ".join(head) + " |")
    print("|---|" + "---|" * len(head))
    for name, policy in policies.items():
        cells = [rates([applied(o, policy) for o in outs[p]]) for p in args.parts]
        for _, records, found, _ in fams:
            f1, warned, n = family_rates(records, found, policy)
            cells.append(f"{f1:.2f} / {warned} of {n}")
        print(f"| {name} | " + " | ".join(cells) + " |")
    default = allow_list(tuple(sorted(MAY_WARN)))
    for p in args.parts:
        count = collections.Counter(n for o in outs[p] if o.case.healthy for n in applied(o, default).loud)
        print(f"\nHealthy {p} runs, warnings left under the release 6 default: "
              + (", ".join(f"{n} {k}" for n, k in count.most_common()) or "none"))
    if args.exceptions:
        exception_table(outs, fams, [d for d in args.families if (d / "labels.json").exists()], args.pieces)
    print("\nProblem runs read with no finding at all (any policy): "
          + ", ".join(f"{p} {silent_problems(outs[p])}" for p in args.parts))
    print("\nWarnings as the rules give them (release 5), by where they land, over every part and family above:\n")
    print("| finding | warnings | on a run it is right for | on a healthy run | on a problem run it is wrong for "
          f"| precision | precision of those at confidence >= {CONFIDENT} |")
    print("|---|---|---|---|---|---|---|")
    for row in precision_rows(outs, [(r, f) for _, r, f, _ in fams]):
        print(row)


if __name__ == "__main__":
    main()
