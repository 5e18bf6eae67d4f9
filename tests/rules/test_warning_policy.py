"""Which findings may warn (rules/_policy.py): a broken run or a clear over-fit turn warns; every other finding is a
note that keeps its numbers and confidence; `warn = true/false` in a rule's options is the user's say."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lossdoctor.config import ConfigError, Options, load
from lossdoctor.engine import diagnose_run
from lossdoctor.findings import Severity
from lossdoctor.report import render
from lossdoctor.rules import RULES, by_code
from lossdoctor.rules._policy import MAY_WARN, capped, may_warn
from lossdoctor.rules.docs import load_example

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "tests" / "rules" / "examples"
MISMATCH = EXAMPLES / "LD111" / "bad_double_softmax.json"  # a loss/metric mismatch: a note by default


def _mismatch(options: Options) -> list:
    run, _ = load_example(MISMATCH)
    return [f for f in diagnose_run(run, options).findings if f.name == "loss_metric_disagreement"]


def test_every_name_that_may_warn_is_a_rule_of_the_catalogue() -> None:
    assert MAY_WARN <= {r.name for r in RULES}
    assert {r.name for r in RULES if r.may_warn} == MAY_WARN


def test_the_cap_lowers_only_warnings_of_names_off_the_list() -> None:
    assert capped(Severity.WARNING, "loss_spikes") is Severity.INFO
    assert capped(Severity.ERROR, "suspected_leakage") is Severity.INFO
    assert capped(Severity.ERROR, "nan_inf") is Severity.ERROR
    assert capped(Severity.WARNING, "overfitting") is Severity.WARNING
    assert capped(Severity.INFO, "overfitting") is Severity.INFO  # never raised
    assert capped(Severity.WARNING, "loss_spikes", warn=True) is Severity.WARNING
    assert capped(Severity.ERROR, "nan_inf", warn=False) is Severity.INFO
    assert not may_warn("underfitting") and may_warn("underfitting", warn=True)


def test_a_capped_finding_is_still_reported_with_its_numbers_and_confidence() -> None:
    note = _mismatch(Options())
    loud = _mismatch(Options(rules={"LD111": {"warn": True}}))
    assert len(note) == 1 and len(loud) == 1
    assert note[0].severity is Severity.INFO and loud[0].severity is Severity.WARNING
    assert note[0].confidence == loud[0].confidence > 0.5
    assert dict(note[0].evidence) == dict(loud[0].evidence) and note[0].message == loud[0].message
    assert note[0].fixes == loud[0].fixes


def test_warn_false_keeps_even_a_broken_run_finding_a_note() -> None:
    run, _ = load_example(next((EXAMPLES / "LD108").glob("bad_*.json")))
    dflt = [f for f in diagnose_run(run, Options()).findings if f.name == "nan_inf"]
    off = [f for f in diagnose_run(run, Options(rules={"LD108": {"warn": False}})).findings if f.name == "nan_inf"]
    assert dflt and dflt[0].severity is Severity.ERROR
    assert off and off[0].severity is Severity.INFO


def test_warn_in_a_config_file_is_read_and_checked(tmp_path: Path) -> None:
    good = tmp_path / "ok.toml"
    good.write_text("[rules.LD111]\nwarn = true\n", encoding="utf-8")
    opts = Options(**load(good))
    assert opts.warn("LD111") is True and opts.warn("LD101") is None
    assert _mismatch(opts)[0].severity is Severity.WARNING
    bad = tmp_path / "bad.toml"
    bad.write_text("[rules.LD109]\nwarn = \"yes\"\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="LD109 option 'warn' must be true or false"):
        load(bad)


def test_a_healthy_verdict_counts_the_notes_worth_reading() -> None:
    run, _ = load_example(MISMATCH)
    rep = diagnose_run(run, Options())
    assert rep.verdict == "healthy" and any(f.name == "loss_metric_disagreement" for f in rep.findings)
    n = sum(1 for f in rep.findings if not f.explained_by)
    for fmt in ("markdown", "text"):
        out = render([rep], fmt, "en")
        assert f"healthy — {n} note" in out and "worth reading" in out, fmt
        assert "No problem found" not in out
    assert "条提示值得一读" in render([rep], "markdown", "zh")
    assert json.loads(render([rep], "json", "en"))["runs"][0]["verdict"] == "healthy"  # the contract is unchanged


def test_fail_on_info_still_fails_on_a_note() -> None:
    # a real pasted log (Cross Validated) whose only finding is a note on noisy validation
    log = ROOT / "tests" / "fixtures" / "public_runs" / "bracket_epoch_noisy_val_cv475815.log"
    cmd = [sys.executable, "-m", "lossdoctor", "diagnose", "--format", "json", str(log)]
    out = json.loads(subprocess.run(cmd, capture_output=True, text=True).stdout)["runs"][0]
    assert out["verdict"] == "healthy" and [f["severity"] for f in out["findings"]] == ["info"]
    assert subprocess.run(cmd, capture_output=True).returncode == 0
    assert subprocess.run(cmd + ["--fail-on", "info"], capture_output=True).returncode == 1


def test_the_rule_page_says_when_a_rule_warns() -> None:
    from lossdoctor.rules.docs import terminal_page

    assert "(info: a note; warning with `warn = true`)" in terminal_page(by_code("LD109"))
    assert "(error)" in terminal_page(by_code("LD108"))
