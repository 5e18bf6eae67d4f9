"""Strings from logs are inert in every report: hostile metric and run names alter nothing but their own text."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from lossdoctor import read
from lossdoctor.engine import diagnose_run
from lossdoctor.report import render
from lossdoctor.report.escape import markdown, plain, script_json

FIXTURES = Path(__file__).parents[1] / "fixtures"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> list:
    d = tmp_path_factory.mktemp("hostile")
    name = d / "<img src=x onerror=alert(1)>[bold]\x1b[2J.csv"
    shutil.copy(FIXTURES / "fuzz" / "csv_hostile_names.csv", name)
    return [diagnose_run(r) for r in read(name)]


def test_terminal_has_no_markup_errors_and_no_escape_sequences(hostile: list) -> None:
    out = render(hostile, "text", "en", color=False)
    assert "\x1b" not in out
    assert "loss[/]" in out or "[/]" in out  # the markup-looking name is shown as text
    colored = render(hostile, "text", "en", color=True)
    assert "\x1b[2J" not in colored and "\x1b[31m</script>" not in colored  # only rich's own colour codes


def test_markdown_carries_no_raw_tags_or_links(hostile: list) -> None:
    out = render(hostile, "markdown", "en")
    assert re.search(r"(?<!\\)<(?:img|script|/script|!--)", out) is None  # each '<' from a log is escaped
    assert "\\<img src=x onerror=alert(1)\\>" in out


def test_html_embedded_data_is_inert_and_round_trips(hostile: list) -> None:
    page = render(hostile, "html", "en")
    m = re.search(r'<script type="application/json" id="ld-data">(.*?)</script>', page, re.S)
    assert m is not None
    data = m.group(1)
    assert "<" not in data and ">" not in data and "&" not in data and "\u2028" not in data
    doc = json.loads(data)
    keys = {c["key"] for run in doc["runs"] for panel in run.get("panels", []) for c in panel.get("curves", [])}
    blob = json.dumps(doc, ensure_ascii=False)
    assert "</script><!--<script>" in blob or any("</script>" in k for k in keys)  # same value after parsing
    body = page[:m.start()]
    assert "<img src=x" not in body and "\x1b" not in body


def test_json_keeps_names_and_encodes_nonfinite_as_strings(tmp_path: Path) -> None:
    runs = read(FIXTURES / "fuzz" / "csv_float_max.csv")
    doc = json.loads(render([diagnose_run(r) for r in runs], "json", "en"))  # strict JSON: no NaN/Infinity tokens
    assert doc["runs"][0]["series"]


def test_escape_helpers() -> None:
    assert plain("a\x1b[31mb\x1b]0;t\x07c\x00d\te\n") == "abcd\te\n"
    assert markdown("<b>[x](y)`|") == "\\<b\\>\\[x\\](y)\\`\\|"
    assert json.loads(script_json({"k": "</script><!--\u2028&"})) == {"k": "</script><!--\u2028&"}
