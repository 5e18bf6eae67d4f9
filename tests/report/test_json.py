"""The JSON report keeps its contract (DESIGN.md §3)."""
from __future__ import annotations

import json

from lossdoctor.report import json as json_report
from lossdoctor.report import render
from report_fixtures import fixed_report


def test_json_contract() -> None:
    doc = json.loads(render([fixed_report()], "json", "en"))
    assert doc["schema_version"] == 1 and doc["tool"]["name"] == "lossdoctor"
    run = doc["runs"][0]
    assert set(run) >= {"name", "source", "format", "series", "verdict", "findings", "skipped"}
    assert run["verdict"] == "error"
    assert run["series"][1] == {"key": "val_loss", "split": "val", "kind": "loss", "axis": "epoch", "points": 12}
    f = run["findings"][1]
    assert f["code"] == "LD101" and f["span"] == {"axis": "epoch", "start": 5, "end": 9}
    assert f["evidence"]["best_epoch"] == 5
    assert set(f["causes"][0]) >= {"cause", "likelihood", "why"} and f["fixes"][0]["code"]["keras"]
    assert run["skipped"][0] == {"code": "LD111", "reason": "no training accuracy"}


def test_json_is_strict_and_localised() -> None:
    text = json_report.render([fixed_report()], "zh")
    assert "NaN" not in text.replace('"nan"', "")  # strict JSON: no bare NaN/Infinity
    doc = json.loads(text)
    assert "轮" in doc["runs"][0]["findings"][0]["message"]
