"""Regenerate docs/rules/: one page per rule (docstring + summary + its bad/good examples) and the catalogue.

Run: python scripts/gen_rule_docs.py          (writes docs/rules/*.md)
     python scripts/gen_rule_docs.py --check  (exit 1 when a page is out of date; tests/rules/test_docs.py does this)
"""
from __future__ import annotations

import sys
from pathlib import Path

from lossdoctor.rules import RULES
from lossdoctor.rules.docs import catalogue, page, write_pages

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "rules"
EXAMPLES = ROOT / "tests" / "rules" / "examples"


def pages() -> dict[Path, str]:
    """Every generated file and its content."""
    out = {DOCS / f"{r.code}.md": page(r, "en", EXAMPLES) for r in RULES}
    out[DOCS / "README.md"] = catalogue(RULES)
    return out


def main(argv: list[str]) -> int:
    return write_pages(pages(), argv, ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
