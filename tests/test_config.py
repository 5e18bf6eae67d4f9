"""Rule options from pyproject.toml [tool.lossdoctor] and --config: they change verdicts; mistakes are one line, exit 2."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from lossdoctor import diagnose
from lossdoctor.cli import main
from lossdoctor.config import ConfigError, Options

# A run whose loss is NaN at 2 of 40 epochs and then recovers (5%: more than mixed-precision's skipped steps).
LOSS = [2.0 / (1 + 0.2 * i) for i in range(40)]
LOSS[10] = LOSS[25] = float("nan")


@pytest.fixture
def run_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "h.json").write_text(json.dumps({"loss": LOSS}))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _nan_severity(capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    assert main(["diagnose", "h.json", "--format", "json", *extra]) == 0
    run = json.loads(capsys.readouterr().out)["runs"][0]
    f = next(f for f in run["findings"] if f["name"] == "nan_inf")
    assert 0.0 <= f["confidence"] <= 1.0
    return str(f["severity"])


def test_defaults_then_pyproject_override(run_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _nan_severity(capsys) == "error"
    (run_dir / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.lossdoctor.rules.LD108]\n'
                                            'recovered_share = 0.1\n')
    assert _nan_severity(capsys) == "warning"


def test_config_file_top_level_keys(run_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (run_dir / "ld.toml").write_text('[rules.LD108]\nrecovered_share = 0.1\n')
    assert _nan_severity(capsys, "--config", "ld.toml") == "warning"
    (run_dir / "ld.toml").write_text('ignore = ["LD108"]\n')
    assert main(["diagnose", "h.json", "--format", "json", "--config", "ld.toml"]) == 0
    names = [f["name"] for f in json.loads(capsys.readouterr().out)["runs"][0]["findings"]]
    assert "nan_inf" not in names


@pytest.mark.parametrize("text, says", [
    ('[rules.LD108]\nrecoverd_share = 0.1\n', "no option 'recoverd_share'"),
    ('[rules.LD999]\nx = 1\n', "unknown rule code 'LD999'"),
    ('[rules.LD108]\nrecovered_share = "a lot"\n', "must be a float"),
    ('num_class = 3\n', "unknown key 'num_class'"),
    ('num_classes = 1\n', "num_classes must be an integer >= 2"),
    ('[rules\n', "not valid TOML"),
])
def test_mistakes_are_one_line_exit_2(run_dir: Path, capsys: pytest.CaptureFixture[str], text: str,
                                      says: str) -> None:
    (run_dir / "ld.toml").write_text(text)
    assert main(["diagnose", "h.json", "--config", "ld.toml"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "ld.toml" in err and says in err, err


def test_bad_pyproject_table_is_exit_2(run_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (run_dir / "pyproject.toml").write_text('[tool.lossdoctor.rules.LD108]\nfoo = 1\n')
    assert main(["diagnose", "h.json"]) == 2
    assert "pyproject.toml" in capsys.readouterr().err


def test_api_takes_rule_options(run_dir: Path) -> None:
    assert diagnose(run_dir / "h.json").findings[0].severity.label == "error"
    rep = diagnose(run_dir / "h.json", rules={"LD108": {"recovered_share": 0.1}})
    assert next(f for f in rep.findings if f.name == "nan_inf").severity.label == "warning"
    with pytest.raises(ConfigError):
        Options(rules={"LD108": {"nope": 1}}).for_rule("LD108", type(_nan_options()))


def _nan_options() -> object:
    from lossdoctor.rules import by_code

    r = by_code("LD108")
    return Options().for_rule(r.code, r.options)
