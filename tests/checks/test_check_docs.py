"""docs/rules/LD3xx.md and docs/rules/checks.md are generated from the checks; this fails when they are stale."""
from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_check_pages_are_up_to_date() -> None:
    spec = importlib.util.spec_from_file_location("gen_check_docs", ROOT / "scripts" / "gen_check_docs.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    stale = [str(p.relative_to(ROOT)) for p, text in mod.pages().items()
             if not p.exists() or p.read_text(encoding="utf-8") != text]
    assert not stale, f"run `python scripts/gen_check_docs.py`; out of date: {stale}"
    text = (ROOT / "docs" / "rules" / "LD304.md").read_text(encoding="utf-8")
    assert "# LD304 output_loss_mismatch" in text and "Needs: model (--model), labels (--label)" in text
