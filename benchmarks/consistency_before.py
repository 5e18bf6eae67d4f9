"""Report consistency BEFORE issue 10, for benchmarks/consistency.py's comparison: the same generator and checker
run on the code at the branch point (2679104), whose tables carry no reconciliation notes, so their marked rows are
judged by meaning: a row contradicts when its reading names another problem than the main finding, or a problem
when nothing was found.

Run: git archive 2679104 src | tar -x -C /tmp/ld_before && cp src/lossdoctor/consistency.py /tmp/ld_before/src/lossdoctor/
     PYTHONPATH=/tmp/ld_before/src python benchmarks/consistency_before.py 2000
"""
from __future__ import annotations

import collections
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "report"))

import lossdoctor.analyses as A  # noqa: E402
from curve_gen import make_run  # noqa: E402
from lossdoctor.consistency import contradictions  # noqa: E402
from lossdoctor.engine import diagnose_run  # noqa: E402

D, F, U = "↓", "→", "↑"
TREND = {(D, D): None,
    (D, F): {"overfitting", "generalization_gap", "plateau", "noisy_validation"},
    (D, U): {"overfitting", "generalization_gap"},
    (F, D): {"train_flat_val_improving", "val_below_train", "suspected_leakage"},
    (F, F): {"plateau", "loss_not_decreasing", "underfitting", "stuck_at_chance"},
    (F, U): {"overfitting", "generalization_gap", "divergence"},
    (U, D): {"train_loss_rebound", "val_below_train", "divergence"},
    (U, F): {"train_loss_rebound", "divergence", "nan_inf", "oscillation"},
    (U, U): {"divergence", "nan_inf", "train_loss_rebound", "overfitting"}}
CROSS = [{"underfitting", "stuck_at_chance", "loss_not_decreasing", "plateau"}, {"overfitting", "generalization_gap"},
         {"noisy_validation", "oscillation", "loss_spikes"}]
warnings.simplefilter("ignore")
A.TREND_FINDINGS = {k: (None if v is None else frozenset(v)) for k, v in TREND.items()}
n = int(sys.argv[1]); bad = 0; kinds = collections.Counter()
for seed in range(n):
    rep = diagnose_run(make_run(seed))
    lead = rep.primary
    names = {f.name for f in rep.findings}
    found = [p for p in contradictions(rep) if not p.startswith(("trend_table:", "metric_cross_check:"))]
    for a in rep.analyses:
        if a.name == "trend_table":
            row = next(r for r in a.rows if r[-1])
            conf = TREND[(row[0], row[1])]
            if (lead and (conf is None or lead.name not in conf)) or \
                    (not lead and conf is not None and not names & conf):
                found.append(f"trend_table: '{row[2].en}' marked, main problem {lead.name if lead else None}")
        if a.name == "metric_cross_check":
            for i, r in enumerate(a.rows[:3]):
                if r[-1] and ((lead and lead.name not in CROSS[i]) or (not lead and not names & CROSS[i])):
                    found.append(f"metric_cross_check: '{r[2].en}' marked, main problem {lead.name if lead else None}")
    bad += bool(found)
    for p in found:
        kinds[p.split(":")[0][:60]] += 1
print(f"before: {bad} of {n} contradictory reports")
for k, v in kinds.most_common(): print(v, k)
