"""Metric-only twins (rules-z22) of the generated family runs: each run read as evaluate.py reads it, then every loss series
dropped (an accuracy-only log of the same training). Diagnosed; scored as the corpus scores agreement.
Usage: PYTHONPATH=src python benchmarks/faults/metric_only_twins.py  (prints one summary per family and a total; -v per run)."""
import json
import sys
import warnings
from pathlib import Path
from dataclasses import replace

sys.path.insert(0, str(Path(__file__).resolve().parent))
import evaluate
from lossdoctor import Options, Severity, diagnose_run
from lossdoctor.model import METRIC_KINDS, Kind

FAMS = ["families17", "families18-seed0", "families19-seed0", "families21", "families22"]
tot = dict(h=0, hw=0, p=0, pa=0, pr=0, pf=0, skipped=0)
for fam in FAMS:
    d = Path("/work/data") / fam
    recs = json.loads((d / "labels.json").read_text())
    c = dict(h=0, hw=0, p=0, pa=0, pr=0, pf=0, skipped=0)
    for rec in recs:
        run_dir = d / "runs" / rec["id"]
        try:
            run, _ = evaluate.load_run(rec, run_dir)
        except Exception:
            c["skipped"] += 1; continue
        twin = replace(run, series=tuple(s for s in run.series if s.kind is not Kind.LOSS))
        if not any(s.kind in METRIC_KINDS for s in twin.series):
            c["skipped"] += 1; continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            rep = diagnose_run(twin, Options(num_classes=rec["n_classes"] if rec.get("num_classes_given") else None))
        warn = {f.name for f in rep.findings if f.severity >= Severity.WARNING and f.code != "LD000"}
        right = {n for g in rec["expect"] for n in g} | set(rec["allow"])
        if rec["healthy"]:
            c["h"] += 1; c["hw"] += bool(warn)
            ok = not warn
        else:
            c["p"] += 1
            ok = bool(warn & right) and not (warn - right)
            c["pa"] += ok; c["pr"] += bool(warn & right); c["pf"] += bool(warn - right)
        if "-v" in sys.argv:
            print(f"{'ok  ' if ok else 'MISS'} {rec['id'][:70]:70s} {'healthy' if rec['healthy'] else rec['expect'][0][0]:22s} | {sorted(warn)} {rep.verdict}")
    print(fam, c)
    for k in tot: tot[k] += c[k]
print("total", tot, f"healthy warned {tot['hw']}/{tot['h']}, problem agree {tot['pa']}/{tot['p']}, "
      f"a right warning {tot['pr']}/{tot['p']}, a wrong warning {tot['pf']}/{tot['p']}")
