"""Many runs: a process pool gives the same results as one process, and JSON Lines streams the `runs` elements."""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from lossdoctor.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
PATHS = [str(FIXTURES / "keras"), str(FIXTURES / "lightning"), str(FIXTURES / "hf")]


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(args)
    return code, capsys.readouterr().out


def test_jsonl_is_the_json_runs_list_one_per_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc = _run(["diagnose", *PATHS, "--format", "json", "-j", "1"], capsys)
    assert code == 0
    code, lines = _run(["diagnose", *PATHS, "--format", "jsonl", "-j", "1"], capsys)
    assert code == 0
    records = [json.loads(line) for line in lines.splitlines()]
    runs = json.loads(doc)["runs"]
    assert len(records) > 10
    # Streamed runs are never held together, so they keep their reader's name and copies are not merged (the full
    # report names each run by its shortest distinct path and diagnoses one training logged twice once).
    merged = {m for r in runs for m in r.get("also_from", [])}
    assert len(records) == len(runs) + len(merged)

    def same(r: dict) -> str:
        return json.dumps({k: v for k, v in r.items() if k not in ("name", "also_from")}, sort_keys=True)

    streamed = [same(r) for r in records]
    assert all(same(r) in streamed for r in runs if not r.get("also_from"))


def test_a_pool_gives_what_one_process_gives(capsys: pytest.CaptureFixture[str]) -> None:
    one = _run(["diagnose", *PATHS, "--format", "jsonl", "-j", "1"], capsys)
    two = _run(["diagnose", *PATHS, "--format", "jsonl", "-j", "2"], capsys)
    assert one == two
    text_one = _run(["diagnose", *PATHS, "-j", "1"], capsys)
    text_two = _run(["diagnose", *PATHS, "-j", "2"], capsys)
    assert text_one == text_two


def test_jsonl_fail_on_and_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diagnose", str(FIXTURES / "hf"), "--format", "jsonl", "--fail-on", "info"]) == 1
    (tmp_path / "empty.log").write_text("")
    assert main(["diagnose", str(tmp_path / "empty.log"), "--format", "jsonl", "-j", "2"]) == 2
    assert main(["diagnose", str(FIXTURES / "hf"), "-j", "0"]) == 2
    capsys.readouterr()


def test_tracking_uri_runs_are_diagnosed_in_the_pool(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A tracking URI is read once in the parent and its runs spread over the workers: same records as -j 1."""
    import gzip

    db = tmp_path / "mlflow.db"
    db.write_bytes(gzip.decompress((FIXTURES / "mlflow" / "mlflow.db.gz").read_bytes()))
    uri = f"sqlite:///{db}"
    one = _run(["diagnose", uri, "--format", "jsonl", "-j", "1"], capsys)
    two = _run(["diagnose", uri, "--format", "jsonl", "-j", "2"], capsys)
    assert one == two and one[0] == 0
    assert len(one[1].splitlines()) >= 2


class _Terminal(io.StringIO):
    """A stderr that says it is a terminal (the progress bar is drawn only on one)."""

    def isatty(self) -> bool:
        return True


def _keras_logs(root: Path, n: int) -> None:
    for i in range(n):
        (root / f"run{i}").mkdir()
        rows = "".join(f"{e},{0.5 + e / 40},{2 / (e + 1) + 0.1 * i},{0.5 + e / 50},{2 / (e + 1) + 0.3}\n"
                       for e in range(12))
        (root / f"run{i}" / "training.log").write_text("epoch,accuracy,loss,val_accuracy,val_loss\n" + rows)


def test_jsonl_progress_bar_counts_the_logs_on_a_terminal_only(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    _keras_logs(tmp_path, 3)
    term = _Terminal()
    monkeypatch.setattr(sys, "stderr", term)
    assert main(["diagnose", str(tmp_path), "--format", "jsonl", "-j", "2"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3
    drawn = term.getvalue()
    assert "diagnosing logs" in drawn and "/3" in drawn  # a bar with its total, not a bare spinner
    monkeypatch.undo()
    assert main(["diagnose", str(tmp_path), "--format", "jsonl", "-j", "2"]) == 0
    assert capsys.readouterr().err == ""  # not a terminal: nothing drawn
