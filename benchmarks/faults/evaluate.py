"""Score lossdoctor, and side by side the alternatives, on the generated fault-injection runs.

    python benchmarks/faults/evaluate.py                       # all runs in benchmarks/_work/faults
    python benchmarks/faults/evaluate.py --only lr_too -v      # a few scenarios, one line per run
    python benchmarks/faults/evaluate.py --data tests/fixtures/faults --no-peers
    python benchmarks/faults/evaluate.py --data /work/data/families15 --no-peers --calibration   # confidence vs right
    python benchmarks/faults/evaluate.py --write-docs          # also rewrite the section in docs/benchmarks.md

Metrics (see README.md): per-rule precision/recall, symptom macro-F1, false alarms on healthy runs (any warning or
error finding), top-3 cause accuracy. Bars: macro-F1 >= 0.90, false alarms <= 5%, top-3 cause >= 0.80.
"""
from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import time
import warnings
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from peers import PeerResult, keras_early_stopping, keras_reduce_lr, map_pypi, sagemaker_rules  # noqa: E402
from scoring import label_names, score  # noqa: E402
from tables import (KERAS_H, RULE_H, SUMMARY_H, md_table, pct, peer_errors, rule_rows,  # noqa: E402
                    summary_rows, text_table)

DEFAULT_DATA = ROOT / "benchmarks" / "_work" / "faults"
PEER_VENV_PY = ROOT / "benchmarks" / "_work" / "peer-venv" / "bin" / "python"
DOCS = ROOT / "docs" / "benchmarks.md"
SECTION = "## Fault-injection benchmark"
BARS = {"macro_f1": 0.90, "false_alarm_rate": 0.05, "top3_cause": 0.80}


# ---- lossdoctor on one run ---------------------------------------------------------------------------------------

@dataclass
class Outcome:
    fired: set[str]
    alarm: bool
    severities: dict[str, str] = field(default_factory=dict)
    causes: list[str] = field(default_factory=list)
    source: str = "native"
    crashes: list[str] = field(default_factory=list)
    best_epoch: float | None = None
    confidences: dict[str, float] = field(default_factory=dict)


def _read(path: Path) -> list[Any]:
    import lossdoctor

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return lossdoctor.read(path)


def load_run(rec: dict[str, Any], run_dir: Path) -> tuple[Any, str]:
    """The native log through lossdoctor's reader; the Keras-History JSON when that reader cannot read it yet."""
    from lossdoctor import LossDoctorError
    from lossdoctor.model import Kind

    reason = ""
    try:
        runs = [r for r in _read(run_dir / rec["log"]) if r.format == rec["format"] and r.find_all(Kind.LOSS)]
        if runs:
            return max(runs, key=lambda r: sum(len(s) for s in r.series)), "native"
        reason = f"{rec['format']} reader found no loss series"
    except LossDoctorError:
        reason = f"{rec['format']} reader cannot read it yet"
    except Exception as exc:  # a reader under construction may still crash; the benchmark must go on
        reason = f"{rec['format']} reader crashed: {type(exc).__name__}"
    return _read(run_dir / rec["history"])[0], f"fallback ({reason})"


def stated_context(rec: dict[str, Any]) -> dict[str, Any]:
    """The run's optional labels.json "context" (what its generator states: task, loss, fine_tune, best_checkpoint;
    the real-run corpus's schema), its non-null keys only."""
    ctx = rec.get("context") or {}
    return {k: ctx[k] for k in ("task", "loss", "fine_tune", "best_checkpoint") if ctx.get(k) is not None}


def run_lossdoctor(rec: dict[str, Any], run_dir: Path, context: bool = False) -> Outcome:
    """Diagnose one generated run; with `context`, its stated context is passed as a user would (--task, ...)."""
    from lossdoctor import Options, Severity, diagnose_run

    run, source = load_run(rec, run_dir)
    report = diagnose_run(run, Options(num_classes=rec["n_classes"] if rec.get("num_classes_given") else None,
                                       **(stated_context(rec) if context else {})))
    real = [f for f in report.findings if f.code != "LD000"]
    best = next((f.evidence.get("best_epoch") for f in real if f.name == "overfitting"), None)
    return Outcome(fired={f.name for f in real}, alarm=any(f.severity >= Severity.WARNING for f in real),
                   severities={f.name: f.severity.label for f in real}, causes=[c.cause for c in report.causes],
                   source=source, crashes=[str(f.evidence.get("rule")) for f in report.findings if f.code == "LD000"],
                   best_epoch=best, confidences={f.name: f.confidence for f in real})


# ---- peers ------------------------------------------------------------------------------------------------------

def history(run_dir: Path) -> dict[str, list[float]]:
    return json.loads((run_dir / "history.json").read_text())


def run_pypi_tools(records: list[dict[str, Any]], data: Path) -> dict[str, dict[str, PeerResult]] | str:
    """All four PyPI tools on per-run CSV histories, in their own venv; returns tool -> id -> result."""
    if not PEER_VENV_PY.exists():
        return f"{PEER_VENV_PY} not found (see README.md: create the peer venv)"
    with tempfile.TemporaryDirectory() as tmp:
        jobs = []
        for rec in records:
            h = history(data / "runs" / rec["id"])
            path = Path(tmp) / f"{rec['id']}.csv"
            with path.open("w", newline="") as fh:
                w = csv.writer(fh)
                w.writerow(["step", "train_loss", "val_loss", "train_acc", "val_acc", "lr"])
                for i in range(len(h["loss"])):
                    w.writerow([i, h["loss"][i], h["val_loss"][i], h["accuracy"][i], h["val_accuracy"][i],
                                h["learning_rate"][i]])
            jobs.append({"id": rec["id"], "csv": str(path), "native": str(data / "runs" / rec["id"] / rec["log"])})
        (Path(tmp) / "jobs.json").write_text(json.dumps(jobs))
        proc = subprocess.run([str(PEER_VENV_PY), str(HERE / "peer_tools.py"), str(Path(tmp) / "jobs.json"),
                               str(Path(tmp) / "out.json")], capture_output=True, text=True)
        if proc.returncode != 0:
            return f"peer_tools.py failed: {proc.stderr.strip().splitlines()[-1:]}"
        raw = json.loads((Path(tmp) / "out.json").read_text())
    out: dict[str, dict[str, PeerResult]] = defaultdict(dict)
    for rid, per_tool in raw.items():
        for tool, findings in per_tool.items():
            out[tool][rid] = map_pypi(tool, findings)
    return dict(out)


def run_peers(records: list[dict[str, Any]], data: Path, pypi: bool) -> tuple[dict[str, dict[str, PeerResult]], str]:
    peers: dict[str, dict[str, PeerResult]] = defaultdict(dict)
    for rec in records:
        h = history(data / "runs" / rec["id"])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            peers["keras EarlyStopping"][rec["id"]] = keras_early_stopping(h)
            peers["keras ReduceLROnPlateau"][rec["id"]] = keras_reduce_lr(h)
        for name, res in sagemaker_rules(h).items():
            peers[f"SageMaker {name}"][rec["id"]] = res
    note = ""
    if pypi:
        got = run_pypi_tools(records, data)
        if isinstance(got, str):
            note = got
        else:
            peers.update(got)
    return dict(peers), note


PEER_SCOPE = {
    "keras EarlyStopping": {"overfitting"}, "keras ReduceLROnPlateau": {"plateau"},
    "SageMaker LossNotDecreasing": {"loss_not_decreasing"}, "SageMaker Overfit": {"overfitting"},
    "SageMaker Overtraining": {"overfitting"}, "SageMaker ExplodingTensor": {"nan_inf"},
}


def peer_scope(name: str) -> set[str]:
    from peers import PYPI_MAP

    if name in PEER_SCOPE:
        return PEER_SCOPE[name]
    return {v for v in PYPI_MAP[name.split(" (")[0]].values() if v}


# ---- rows that need the runs themselves --------------------------------------------------------------------

def keras_rows(records: list[dict[str, Any]], peers: dict[str, dict[str, PeerResult]],
               outcomes: dict[str, Outcome], data: Path) -> list[list[str]]:
    """Per scenario: where default EarlyStopping stops vs the val-loss minimum and our overfitting evidence."""
    by_sc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for rec in records:
        by_sc[rec["scenario"]].append(rec)
    rows = []
    for scen, recs in by_sc.items():
        stops, lost, reductions, ours = [], [], [], []
        for rec in recs:
            es = peers["keras EarlyStopping"][rec["id"]].extra
            h = history(data / "runs" / rec["id"])
            finite = [(v, i) for i, v in enumerate(h["val_loss"]) if v == v and abs(v) != float("inf")]
            best_i = min(finite)[1] if finite else 0
            stop = es["stopped_epoch"]
            stops.append(f"{stop}" if stop is not None else "no")
            if stop is not None:
                lost.append(max(h["val_accuracy"]) - max(h["val_accuracy"][: stop + 1]))
            reductions.append(len(peers["keras ReduceLROnPlateau"][rec["id"]].extra["reductions"]))
            be = outcomes[rec["id"]].best_epoch
            ours.append(f"{be:g}" if isinstance(be, (int, float)) else f"({best_i})")
        e = len(history(data / "runs" / recs[0]["id"])["loss"])
        rows.append([scen, str(e), ", ".join(stops), ", ".join(ours),
                     f"{sum(lost) / len(lost):.3f}" if lost else "—", ", ".join(map(str, reductions))])
    return rows


def keras_healthy_note(records: list[dict[str, Any]], peers: dict[str, dict[str, PeerResult]],
                       data: Path) -> str:
    """How often default EarlyStopping stops a healthy run, and what it costs."""
    healthy = [r for r in records if r["healthy"]]
    stopped = [r for r in healthy if peers["keras EarlyStopping"][r["id"]].extra["stopped_epoch"] is not None]
    if not healthy:
        return ""
    losses = []
    for r in stopped:
        h = history(data / "runs" / r["id"])
        stop = peers["keras EarlyStopping"][r["id"]].extra["stopped_epoch"]
        losses.append(max(h["val_accuracy"]) - max(h["val_accuracy"][: stop + 1]))
    cuts = sum(bool(peers["keras ReduceLROnPlateau"][r["id"]].extra["reductions"]) for r in healthy)
    avg = f"{sum(losses) / len(losses):.3f}" if losses else "0"
    return (f"On the {len(healthy)} healthy runs, default `EarlyStopping()` stopped {len(stopped)} early "
            f"(mean val-accuracy given up: {avg}, max {max(losses, default=0):.3f}); `ReduceLROnPlateau()` cut the LR "
            f"in {cuts}.")


def run_rows(records: list[dict[str, Any]], outcomes: dict[str, Outcome]) -> list[list[str]]:
    rows = []
    for rec in records:
        o = outcomes[rec["id"]]
        exp = {n for g in rec["expect"] for n in g}
        missed = [g[0] for g in rec["expect"] if not set(g) & o.fired]
        fps = sorted(n for n in o.fired if n not in exp and n not in rec["allow"])
        if rec["healthy"] and o.alarm:
            fps.append("ALARM")
        ok = "ok" if not missed and not fps and not (rec["causes"] and not set(o.causes[:3]) & set(rec["causes"])) \
            else "FAIL"
        rows.append([ok, rec["id"], rec["format"], o.source,
                     ",".join(f"{n}:{o.severities[n][0]}" for n in sorted(o.fired)) or "-",
                     ",".join(missed) or "-", ",".join(fps) or "-", ",".join(o.causes[:3]) or "-"])
    return rows


def calibration_lines(records: list[dict[str, Any]], outcomes: dict[str, Outcome]) -> list[str]:
    """How often a finding at a given confidence is right (calibration.py): a finding is right when its name is in
    the run's `expect` or `allow`; on a healthy run a note is right only when `allow` lists it, a warning never."""
    sys.path.insert(0, str(ROOT / "benchmarks" / "real_runs"))
    from calibration import report_lines, right_on_run

    rows = []
    for rec in records:
        o = outcomes[rec["id"]]
        labels = {n for g in rec["expect"] for n in g}
        for name in sorted(o.fired):
            rows.append((name, o.severities[name], float(o.confidences[name]),
                         right_on_run(name, o.severities[name], rec["healthy"], labels, rec["allow"])))
    return ["calibration (a finding is right when its name is in expect or allow; on a healthy run a note is right "
            f"only when allow lists it, a warning never): {len(rows)} findings on {len(records)} runs", "",
            *report_lines(rows)]


RUN_H = ["", "run", "format", "read", "found (i/w/e)", "missed", "false pos.", "top-3 causes"]


def write_docs(md: str, section: str = SECTION) -> None:
    """Replace `section` (a '## ' heading up to the next one) in docs/benchmarks.md with `md`, or append it."""
    text = DOCS.read_text() if DOCS.exists() else "# Benchmarks\n"
    start = text.find(section)
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + md.rstrip("\n") + "\n"
    else:
        nxt = text.find("\n## ", start + len(section))
        text = text[:start] + md.rstrip("\n") + "\n" + (text[nxt:] if nxt >= 0 else "")
    DOCS.parent.mkdir(parents=True, exist_ok=True)
    DOCS.write_text(text)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="a directory holding labels.json and runs/")
    ap.add_argument("--only", nargs="*", default=[], help="scenario name substrings")
    ap.add_argument("--no-peers", action="store_true", help="lossdoctor only (fast)")
    ap.add_argument("--no-pypi", action="store_true", help="skip the PyPI tools (no peer venv needed)")
    ap.add_argument("--heldout", type=Path, nargs="*", default=[],
                    help="also score lossdoctor on runs from other seeds, one row per directory "
                         "(generate.py --seeds 8 9 --out DIR)")
    ap.add_argument("-v", "--verbose", action="store_true", help="one line per run")
    ap.add_argument("--write-docs", action="store_true", help=f"rewrite '{SECTION}' in docs/benchmarks.md")
    ap.add_argument("--calibration", action="store_true", help="also a reliability table: every finding binned by "
                    "its confidence, the share right per bin, ECE and Brier score (real_runs/calibration.py)")
    ap.add_argument("--context", action="store_true", help="pass each run's optional labels.json 'context' (task, "
                    "loss, fine_tune, best_checkpoint) to lossdoctor, as a user would with --task etc.")
    args = ap.parse_args(argv)
    if args.context and args.write_docs:
        ap.error("--context with --write-docs: the section's numbers are without it (report --context beside)")

    records = json.loads((args.data / "labels.json").read_text())
    if args.only:
        records = [r for r in records if any(o in r["scenario"] for o in args.only)]
    t0 = time.perf_counter()
    outcomes = {r["id"]: run_lossdoctor(r, args.data / "runs" / r["id"], args.context) for r in records}
    if args.context:
        print(f"with the stated context: {sum(bool(stated_context(r)) for r in records)} of {len(records)} runs "
              "state some")
    ld_secs = time.perf_counter() - t0
    names = label_names(records)
    ours = score(records, {k: o.fired for k, o in outcomes.items()}, {k: o.alarm for k, o in outcomes.items()},
                 {k: o.causes for k, o in outcomes.items()})
    peers: dict[str, dict[str, PeerResult]] = {}
    note = ""
    if not args.no_peers:
        peers, note = run_peers(records, args.data, pypi=not args.no_pypi)
    peer_scores = {p: (score(records, {k: r.fired for k, r in res.items()}, {k: r.alarm for k, r in res.items()},
                             scope=peer_scope(p)), peer_scope(p)) for p, res in peers.items()}

    if args.verbose:
        print(text_table(RUN_H, run_rows(records, outcomes)), end="\n\n")
    summary = summary_rows(ours, names, peer_scores, len(records))
    heldout_m: list[tuple[str, dict[str, float | None]]] = []
    for i, d in enumerate(args.heldout):
        ho = json.loads((d / "labels.json").read_text())
        if args.only:
            ho = [r for r in ho if any(o in r["scenario"] for o in args.only)]
        ho_out = {r["id"]: run_lossdoctor(r, d / "runs" / r["id"], args.context) for r in ho}
        if args.verbose:
            print(text_table(RUN_H, run_rows(ho, ho_out)), end="\n\n")
        ho_sc = score(ho, {k: o.fired for k, o in ho_out.items()}, {k: o.alarm for k, o in ho_out.items()},
                      {k: o.causes for k, o in ho_out.items()})
        seeds = f"seeds {','.join(map(str, sorted({r['seed'] for r in ho})))}"
        heldout_m.append((seeds, {"macro_f1": ho_sc.macro_f1(label_names(ho)),
                                  "false_alarm_rate": ho_sc.false_alarm_rate, "top3_cause": ho_sc.top3}))
        row = summary_rows(ho_sc, label_names(ho), {}, len(ho))[0]
        row[0] = f"lossdoctor, held-out {seeds}"
        summary.insert(1 + i, row)
    rules = rule_rows(ours, names, peer_scores)
    print(text_table(SUMMARY_H, summary), end="\n\n")
    print(text_table(RULE_H, rules), end="\n\n")
    keras = keras_rows(records, peers, outcomes, args.data) if peers else []
    keras_note = keras_healthy_note(records, peers, args.data) if peers else ""
    if keras:
        print(text_table(KERAS_H, keras), end="\n\n")
        print(keras_note)
    fallbacks = defaultdict(int)
    for o in outcomes.values():
        if o.source != "native":
            fallbacks[o.source.removeprefix("fallback (").removesuffix(")")] += 1
    crashed_on: dict[str, list[str]] = defaultdict(list)
    for rid, o in outcomes.items():
        for c in o.crashes:
            crashed_on[c].append(rid)
    crashes = [f"{c} on {len(ids)} runs ({', '.join(ids[:4])}{', ...' if len(ids) > 4 else ''})"
               for c, ids in sorted(crashed_on.items())]
    if args.calibration:
        print("\n".join(calibration_lines(records, outcomes)), end="\n\n")
    if fallbacks:
        print("read through the JSON-history fallback: " + "; ".join(f"{k}: {v} runs"
                                                                     for k, v in fallbacks.items()))
    if crashes:
        print(f"rules that crashed (LD000): {', '.join(crashes)}")
    if note:
        print(f"PyPI tools not run: {note}")
    errors = peer_errors(records, peers) if peers else ""
    if errors:
        print(f"peers that could not read or crashed: {errors}")
    m = {"macro_f1": ours.macro_f1(names), "false_alarm_rate": ours.false_alarm_rate, "top3_cause": ours.top3}
    passed = (m["macro_f1"] or 0) >= BARS["macro_f1"] and (m["false_alarm_rate"] or 0) <= BARS["false_alarm_rate"] \
        and (m["top3_cause"] or 0) >= BARS["top3_cause"]
    print(f"bars: macro-F1 {pct(m['macro_f1'])} (>= 0.90), false alarms {pct(m['false_alarm_rate'])} (<= 0.05), "
          f"top-3 cause {pct(m['top3_cause'])} (>= 0.80) -> {'PASS' if passed else 'FAIL'}; "
          f"lossdoctor took {ld_secs:.1f} s for {len(records)} runs")
    result = {"metrics": m, "passed": passed, "runs": {k: {"fired": sorted(o.fired), "alarm": o.alarm,
                                                          "causes": o.causes[:5], "source": o.source}
                                                      for k, o in outcomes.items()}}
    if DEFAULT_DATA.parent in args.data.resolve().parents:  # generated data only, never the committed fixtures
        (args.data / "results.json").write_text(json.dumps(result, indent=1))
    if args.write_docs:
        from report_md import render_section

        docs_note = (f"PyPI tools not run: {note}. " if note else "") + \
            (f"Peers that could not read a log or crashed on it: {errors}." if errors else "")
        write_docs(render_section(records, summary, rules, keras, keras_note, run_rows(records, outcomes),
                                  fallbacks, crashes, docs_note, m, passed, heldout_m, SUMMARY_H, RULE_H, KERAS_H,
                                  RUN_H, md_table))
        print(f"wrote '{SECTION}' in {DOCS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
