"""The docs' examples are the tests (pylint-style): every bad*.json triggers its rule, every good*.json does not."""
from __future__ import annotations

from pathlib import Path

import pytest

from lossdoctor.rules import RULES
from lossdoctor.rules.docs import example_options, examples, fired, load_example

EXAMPLES = Path(__file__).parent / "examples"
CASES = [(r, p, p.name.startswith("bad")) for r in RULES for p in sum(examples(EXAMPLES, r.code), [])]


@pytest.mark.parametrize("rule,path,bad", CASES, ids=[f"{r.code}/{p.name}" for r, p, _ in CASES])
def test_example(rule, path: Path, bad: bool) -> None:
    run, _ = load_example(path)
    messages = fired(rule, run, example_options(path))
    if bad:
        assert messages, f"{rule.code} {rule.name} stayed silent on its bad example {path.name}"
    else:
        assert not messages, f"{rule.code} {rule.name} fired on its good example {path.name}: {messages}"


def test_examples_ignore_non_list_keys(tmp_path: Path) -> None:
    p = tmp_path / "bad.json"
    p.write_text('{"_source": "a forum post", "loss": [1.0, 0.5], "val_loss": [1.1, null]}', encoding="utf-8")
    run, source = load_example(p)
    assert source == "a forum post"
    assert sorted(s.key for s in run.series) == ["loss", "val_loss"]
    assert run.get("val_loss").steps.tolist() == [0.0, 1.0]
