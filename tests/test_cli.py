"""The command line keeps its contract: exit codes, JSON shape, one-line errors."""
from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from lossdoctor.cli import main


def _history(tmp_path: Path, name: str, **cols: list[float]) -> Path:
    p = tmp_path / name
    p.write_text(json.dumps(cols))
    return p


@pytest.fixture
def overfit(tmp_path: Path) -> Path:
    return _history(tmp_path, "overfit.json",
                    loss=[2.0, 1.5, 1.1, 0.8, 0.6, 0.45, 0.35, 0.28, 0.22, 0.18, 0.15, 0.12],
                    val_loss=[2.1, 1.6, 1.25, 1.05, 0.95, 0.92, 0.95, 1.0, 1.08, 1.15, 1.25, 1.33])


def test_json_contract(overfit: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diagnose", str(overfit), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["schema_version"] == 1 and doc["tool"]["name"] == "lossdoctor"
    run = doc["runs"][0]
    assert set(run) >= {"name", "source", "format", "series", "verdict", "findings", "skipped"}
    assert run["verdict"] == "warning"
    f = next(f for f in run["findings"] if f["name"] == "overfitting")
    assert f["code"] == "LD101" and f["span"] == {"axis": "epoch", "start": 5, "end": 11}
    assert f["evidence"]["best_epoch"] == 5
    assert all(set(c) >= {"cause", "likelihood", "why"} for c in f["causes"])
    assert all(set(x) >= {"text", "code"} for x in f["fixes"])


def test_fail_on_gives_exit_1(overfit: Path) -> None:
    assert main(["diagnose", str(overfit), "--fail-on", "warning", "--format", "json"]) == 1
    assert main(["diagnose", str(overfit), "--fail-on", "error", "--format", "json"]) == 0


def test_nan_is_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = _history(tmp_path, "nan.json", loss=[2.0, 1.5, 1.1, math.nan, math.nan])
    assert main(["diagnose", str(p), "--format", "json"]) == 0
    run = json.loads(capsys.readouterr().out)["runs"][0]
    assert run["verdict"] == "error"
    assert run["findings"][0]["name"] == "nan_inf"
    assert run["findings"][0]["evidence"]["first_nonfinite_step"] == 3


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02garbage\xff\xfe", b'{"a": "b"}'])
def test_bad_input_one_line_exit_2(tmp_path: Path, content: bytes, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "bad.json"
    p.write_bytes(content)
    assert main(["diagnose", str(p)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and str(p) in err and "Traceback" not in err


def test_missing_path(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diagnose", "/no/such/run"]) == 2
    assert "/no/such/run: no such file or directory" in capsys.readouterr().err


def test_unknown_rule_explain(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "LD999"]) == 2
    assert "unknown rule" in capsys.readouterr().err


def test_refuses_to_overwrite_input(overfit: Path) -> None:
    before = overfit.read_bytes()
    assert main(["diagnose", str(overfit), "-o", str(overfit)]) == 2
    assert overfit.read_bytes() == before
