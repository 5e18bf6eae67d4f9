"""The Markdown report: snapshot, summary table, fenced fixes, the figure link or how to make one."""
from __future__ import annotations

from lossdoctor.report import markdown
from report_fixtures import assert_snapshot, fixed_report, healthy_report


def test_markdown_snapshot() -> None:
    assert_snapshot("fixed_report.en.md", markdown.render([fixed_report()], "en", paths=["runs/fixed"]))


def test_markdown_content() -> None:
    out = markdown.render([healthy_report(), fixed_report()], "en", figure="report.png")
    lines = out.splitlines()
    table = [line for line in lines if line.startswith("| ") and ("fixed-run" in line or "healthy-run" in line)]
    assert table[0].startswith("| fixed-run | ❌ error | `LD108`") and table[1].startswith("| healthy-run")
    assert "![Figure](report.png)" in out
    assert "```python\n   keras.callbacks.EarlyStopping(" in out.replace("   ```python", "```python")
    assert out.count("```python") >= 3  # the fix codes are fenced
    assert "| error | `LD108` nan_inf | val_loss became nan at epoch 10" in out


def test_markdown_without_figure_says_how() -> None:
    out = markdown.render([fixed_report()], "en", paths=["runs/fixed"])
    assert "lossdoctor diagnose runs/fixed --format png -o lossdoctor.png" in out
    assert "![" not in out


def test_markdown_zh() -> None:
    out = markdown.render([fixed_report()], "zh")
    assert "主要问题" in out and "修复方法" in out and "在第 10 轮变成 nan" in out
