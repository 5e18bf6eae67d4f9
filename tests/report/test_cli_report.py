"""The CLI's output side: PNG/SVG to a file, Markdown with its figure beside it, languages, progress off in pipes."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from lossdoctor.cli import main


@pytest.fixture
def overfit(tmp_path: Path) -> Path:
    p = tmp_path / "overfit.json"
    p.write_text(json.dumps({
        "loss": [2.0, 1.5, 1.1, 0.8, 0.6, 0.45, 0.35, 0.28, 0.22, 0.18, 0.15, 0.12],
        "val_loss": [2.1, 1.6, 1.25, 1.05, 0.95, 0.92, 0.95, 1.0, 1.08, 1.15, 1.25, 1.33]}))
    return p


def test_png_and_svg_files(overfit: Path, tmp_path: Path) -> None:
    png, svg = tmp_path / "fig.png", tmp_path / "fig.svg"
    assert main(["diagnose", str(overfit), "--format", "png", "-o", str(png)]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert main(["diagnose", str(overfit), "--format", "png", "-o", str(svg)]) == 0
    assert "<svg" in svg.read_text()[:400]


def test_markdown_writes_linked_figure(overfit: Path, tmp_path: Path) -> None:
    md = tmp_path / "report.md"
    assert main(["diagnose", str(overfit), "--format", "markdown", "-o", str(md), "--lang", "en"]) == 0
    assert "![Figure](report.png)" in md.read_text()
    assert (tmp_path / "report.png").read_bytes()[:4] == b"\x89PNG"


def test_markdown_stdout_hint(overfit: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diagnose", str(overfit), "--format", "markdown", "--lang", "en"]) == 0
    out = capsys.readouterr()
    assert f"lossdoctor diagnose {overfit} --format png -o lossdoctor.png" in out.out
    assert out.err == ""  # no progress display when stderr is not a terminal


def test_html_file_and_zh(overfit: Path, tmp_path: Path) -> None:
    page = tmp_path / "r.html"
    assert main(["diagnose", str(overfit), "--format", "html", "-o", str(page), "--lang", "zh"]) == 0
    text = page.read_text()
    assert text.startswith("<!DOCTYPE html>") and "过拟合" in text and len(text.encode()) < 1_500_000


def test_text_default_is_plain_in_pipes(overfit: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diagnose", str(overfit), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "\x1b[" not in out and "Problem  LD101 overfitting" in out
    assert "Main problem" not in out and "--details" in out  # short by default, and says how to see more
    assert main(["diagnose", str(overfit), "--lang", "en", "-v"]) == 0
    full = capsys.readouterr().out
    assert "Main problem: LD101 overfitting" in full and "Train/validation trend table" in full
