"""`-o` never lands on an input, reports are written whole or not at all, and errors have their own exit codes."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

import lossdoctor.fleet as fleet
from lossdoctor.cli import main
from lossdoctor.output import OutputError, write_atomic

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def runs(tmp_path: Path) -> Path:
    d = tmp_path / "runs" / "exp1"
    d.mkdir(parents=True)
    shutil.copy(FIXTURES / "keras" / "training.log", d / "train.log")
    return tmp_path / "runs"


def _same(path: Path, before: bytes) -> bool:
    return path.read_bytes() == before


@pytest.mark.parametrize("target", ["runs/exp1/train.log", "runs/exp1/new_report.md", "runs/../runs/exp1/x.json"])
def test_output_inside_an_input_directory_is_refused(runs: Path, target: str, capsys: pytest.CaptureFixture[str]
                                                     ) -> None:
    log = runs / "exp1" / "train.log"
    before = log.read_bytes()
    out = runs.parent / target
    assert main(["diagnose", str(runs), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "refusing" in err
    assert _same(log, before)
    assert not (runs / "exp1" / "new_report.md").exists()


def test_output_through_a_symlink_or_hard_link_is_refused(runs: Path, tmp_path: Path) -> None:
    log = runs / "exp1" / "train.log"
    before = log.read_bytes()
    os.symlink(log, tmp_path / "sym.md")
    os.link(log, tmp_path / "hard.md")
    assert main(["diagnose", str(runs), "-o", str(tmp_path / "sym.md")]) == 2
    assert main(["diagnose", str(runs), "-o", str(tmp_path / "hard.md")]) == 2
    assert main(["diagnose", str(log), "-o", str(tmp_path / "hard.md")]) == 2
    assert _same(log, before)


@pytest.mark.parametrize("kind", ["directory", "missing_dir"])
def test_unwritable_output_is_one_line_exit_2(runs: Path, tmp_path: Path, kind: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path if kind == "directory" else tmp_path / "no" / "such" / "report.json"
    assert main(["diagnose", str(runs), "--format", "json", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("lossdoctor: error:") and err.count("\n") == 1


def test_full_disk_is_one_line_exit_2(runs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if not Path("/dev/full").is_char_device():
        pytest.skip("no /dev/full here")
    assert main(["diagnose", str(runs), "--format", "json", "-o", "/dev/full"]) == 2  # every write: ENOSPC
    err = capsys.readouterr().err
    assert "cannot be written" in err and err.count("\n") == 1
    assert Path("/dev/full").is_char_device()  # written into, never replaced


def test_written_report_is_whole_and_replaces_atomically(runs: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    out.write_text("old")
    os.link(out, tmp_path / "other_name.json")
    assert main(["diagnose", str(runs), "--format", "json", "-o", str(out)]) == 0
    assert json.loads(out.read_text())["runs"]
    assert (tmp_path / "other_name.json").read_text() == "old"  # a rename never writes through a hard link
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_internal_error_is_exit_3_and_one_line(runs: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    def boom(*a: object, **k: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(fleet, "diagnose_run", boom)
    monkeypatch.delenv("LOSSDOCTOR_DEBUG", raising=False)
    assert main(["diagnose", str(runs), "-j", "1"]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error: ZeroDivisionError: a bug" in err
