"""The short terminal report on real runs (the bundled examples and the public logs): every run with a problem
fits one 80 x 24 screen, and says what is wrong, the proof and what to do."""
from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from lossdoctor import read
from lossdoctor.engine import diagnose_run
from lossdoctor.report import terminal

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [ROOT / "examples", ROOT / "tests" / "fixtures" / "public_runs"]


def _reports() -> list:
    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # read warnings of the public logs are tested elsewhere
        for src in SOURCES:
            out += [diagnose_run(r) for r in read(src)]
    return out


@pytest.fixture(scope="module")
def reports() -> list:
    return _reports()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_each_problem_run_fits_one_screen(reports: list, lang: str) -> None:
    problems = [r for r in reports if r.verdict in ("warning", "error")]
    assert len(problems) >= 10  # the corpus has real problems to show
    for rep in problems:
        out = terminal.render([rep], lang, width=80)
        block = out.split("\n\n")[0].split("\n")
        assert len(block) <= terminal.BRIEF_MAX_LINES, (rep.run.source, len(block))
        assert all(len(line) <= 80 for line in block if not any("\u4e00" <= ch <= "\u9fff" for ch in line))
        labels = ("Problem", "Proof", "Next") if lang == "en" else ("问题", "依据", "下一步")
        starts = [line.split(" ")[0] for line in block]
        assert labels[0] in starts, rep.run.source
        assert rep.primary is not None and rep.primary.code in block[1 if block[1].startswith(labels[0]) else 2]
        if rep.primary.fixes:
            assert labels[2] in starts, rep.run.source


def test_directory_summary_is_one_line_per_run(reports: list) -> None:
    out = terminal.render(reports, "en", width=80)
    summary = out.split("\n\n")[0].split("\n")
    assert all(len(line) <= 80 for line in summary)
    problem_blocks = out.count("  [")
    assert problem_blocks == sum(1 for r in reports if r.verdict in ("warning", "error"))
