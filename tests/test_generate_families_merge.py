"""generate_families.py --only regenerates some runs into an existing set: every run not regenerated keeps its record,
and each regenerated run ends in exactly one of labels.json (its construction check passed) or labels_failed.json
(it failed), whatever file it was in before."""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT / "benchmarks" / "faults"))

from generate_families import save  # noqa: E402


def _rec(run_id: str, ok: bool) -> dict[str, object]:
    return {"id": run_id, "train_seconds": 1.0, "construction": {"check": "x", "ok": ok, "evidence": "e"}}


def _ids(path: Path) -> list[str]:
    return sorted(r["id"] for r in json.loads(path.read_text()))


def test_only_moves_regenerated_runs_and_keeps_the_others(tmp_path: Path) -> None:
    (tmp_path / "labels.json").write_text(json.dumps([_rec("a-s0", True), _rec("b-s0", True)]))
    (tmp_path / "labels_failed.json").write_text(json.dumps([_rec("c-s0", False), _rec("d-s0", False)]))
    # a passed before and fails now; c failed before and passes now; b and d were not regenerated
    save(tmp_path, [_rec("a-s0", False), _rec("c-s0", True)], checked=True, merge=True, seconds=1.0)
    assert _ids(tmp_path / "labels.json") == ["b-s0", "c-s0"]
    assert _ids(tmp_path / "labels_failed.json") == ["a-s0", "d-s0"]


def test_only_with_every_regenerated_run_failing_keeps_the_set(tmp_path: Path) -> None:
    (tmp_path / "labels.json").write_text(json.dumps([_rec("a-s0", True), _rec("b-s0", True)]))
    save(tmp_path, [_rec("a-s0", False)], checked=True, merge=True, seconds=1.0)
    assert _ids(tmp_path / "labels.json") == ["b-s0"]
    assert _ids(tmp_path / "labels_failed.json") == ["a-s0"]


def test_a_full_generation_replaces_both_files(tmp_path: Path) -> None:
    (tmp_path / "labels.json").write_text(json.dumps([_rec("old-s0", True)]))
    (tmp_path / "labels_failed.json").write_text(json.dumps([_rec("older-s0", False)]))
    save(tmp_path, [_rec("a-s0", True), _rec("b-s0", False)], checked=True, merge=False, seconds=1.0)
    assert _ids(tmp_path / "labels.json") == ["a-s0"]
    assert _ids(tmp_path / "labels_failed.json") == ["b-s0"]
