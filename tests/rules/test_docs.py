"""docs/rules/ is generated from the rules; this fails when a rule changed and the docs were not regenerated."""
from __future__ import annotations

import importlib.util
from pathlib import Path

from lossdoctor.cli import main
from lossdoctor.rules import by_code

ROOT = Path(__file__).resolve().parents[2]


def _generator():
    spec = importlib.util.spec_from_file_location("gen_rule_docs", ROOT / "scripts" / "gen_rule_docs.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_generated_docs_are_up_to_date() -> None:
    stale = [str(p.relative_to(ROOT)) for p, text in _generator().pages().items()
             if not p.exists() or p.read_text(encoding="utf-8") != text]
    assert not stale, f"run `python scripts/gen_rule_docs.py`; out of date: {stale}"


def test_page_shows_examples_and_what_fired() -> None:
    text = (ROOT / "docs" / "rules" / "LD101.md").read_text(encoding="utf-8")
    assert "## What it detects" in text and "Bad example (must trigger)" in text
    assert "lossdoctor: val_loss was best at epoch" in text
    assert "UNEXPECTED" not in text and "this example is broken" not in text


def test_explain_prints_the_page(capsys) -> None:
    assert main(["explain", "LD101"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("LD101 overfitting") and "What it detects" in out and "TODO" not in out


def test_explain_in_chinese_shows_the_chinese_summary(capsys) -> None:
    assert main(["explain", "overfitting", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert by_code("LD101").summary.zh in out
