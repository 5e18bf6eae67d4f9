"""Nothing a user reads names the project's source articles ("seed 002 row 4", "seed 003 §3.1", "种子 002"):
reports in every format, the rule pages, `lossdoctor explain`, the README and the docs."""
from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

from lossdoctor import read
from lossdoctor.engine import diagnose_run
from lossdoctor.report import render
from lossdoctor.rules import RULES
from lossdoctor.rules.docs import terminal_page

ROOT = Path(__file__).resolve().parents[1]
INTERNAL = re.compile(r"seeds? 0\d\d|种子 ?0\d\d|§\d|peers\.md", re.I)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_reports_in_every_format(lang: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reports = [diagnose_run(r) for r in read(ROOT / "examples")]
    for fmt in ("text", "json", "markdown", "html"):
        out = render(reports, fmt, lang, details=True)
        assert isinstance(out, str)
        m = INTERNAL.search(out)
        assert m is None, (fmt, out[max(0, m.start() - 80): m.end() + 40])


def test_rule_pages_and_docs() -> None:
    for rule in RULES:
        for lang in ("en", "zh"):
            assert INTERNAL.search(terminal_page(rule, lang)) is None, rule.code
    for path in [ROOT / "README.md", *sorted((ROOT / "docs" / "rules").glob("*.md")), ROOT / "docs" / "json.md"]:
        m = INTERNAL.search(path.read_text(encoding="utf-8"))
        assert m is None, (path.name, m.group(0))
