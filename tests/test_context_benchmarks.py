"""benchmarks/faults/evaluate.py --context: a run's optional labels.json "context" reaches the diagnosis only with
the flag (a committed generated run: class imbalance, accuracy pinned at the majority share)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FAULTS = ROOT / "tests" / "fixtures" / "faults"


def test_evaluate_passes_the_stated_context_only_with_the_flag() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks" / "faults"))
    import evaluate

    rec = next(r for r in json.loads((FAULTS / "labels.json").read_text()) if r["id"] == "class_imbalance-s0")
    plain = evaluate.run_lossdoctor(rec, FAULTS / "runs" / rec["id"])
    assert "stuck_at_chance" in plain.fired
    stated = dict(rec, context={"task": "regression", "loss": None, "fine_tune": None, "best_checkpoint": None})
    assert evaluate.stated_context(stated) == {"task": "regression"}
    assert evaluate.stated_context(rec) == {}
    assert evaluate.run_lossdoctor(stated, FAULTS / "runs" / rec["id"]).fired == plain.fired  # no flag: unchanged
    with_ctx = evaluate.run_lossdoctor(stated, FAULTS / "runs" / rec["id"], context=True)
    assert "stuck_at_chance" not in with_ctx.fired and "abnormal_initial_loss" not in with_ctx.fired
