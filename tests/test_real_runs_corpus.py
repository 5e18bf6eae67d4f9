"""The real-run corpus's bookkeeping (benchmarks/real_runs/): every meta.json follows the schema, every id sits in
the part its hash names, and no run is in both parts. Nothing here diagnoses a log: the sealed part is scored only
by `benchmarks/real_runs/score.py --part sealed`, once per rule release (benchmarks/real_runs/README.md)."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "benchmarks" / "real_runs"


def _score_module():
    spec = importlib.util.spec_from_file_location("real_runs_score", CORPUS / "score.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


score = _score_module()


def test_meta_files_follow_the_schema_and_the_hash_split():
    problems = score.check_meta("dev") + score.check_meta("sealed")
    assert not problems, "\n".join(problems)


def test_the_split_is_fixed_by_the_id():
    assert score.part_of("gh-example-1") == score.part_of("gh-example-1")
    parts = [score.part_of(f"gh-example-{i}") for i in range(400)]
    assert 0.5 < parts.count("sealed") / len(parts) < 0.7  # 60 % sealed by construction


def test_no_run_is_in_both_parts_and_labels_are_names():
    dev = {p.name for p in (CORPUS / "dev").iterdir() if p.is_dir()} if (CORPUS / "dev").exists() else set()
    sealed = {p.name for p in (CORPUS / "sealed").iterdir() if p.is_dir()} if (CORPUS / "sealed").exists() else set()
    assert not dev & sealed
    for part in ("dev", "sealed"):
        for meta_path in sorted((CORPUS / part).glob("*/meta.json")):
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            assert set(meta["labels"]) <= set(score.NAMES), meta_path
            assert meta["healthy"] == (meta["labels"] == []), meta_path
