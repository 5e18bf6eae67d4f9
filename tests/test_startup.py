"""Start-up stays light: `--version`, `--help` and `rules` import no numpy, scipy, rich or matplotlib, and a text
diagnosis of a CSV imports no plotting, frameworks or tracking clients. Each runs in a fresh interpreter; the
imported modules come from `-X importtime` (every import, nested ones included). No timing is asserted here
(benchmarks/bench_scale.py measures it)."""
from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

import lossdoctor
from lossdoctor import cli

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("numpy", "scipy", "rich", "matplotlib", "pandas", "torch")


def _imported(*args: str) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    """The top-level packages a fresh `python -m lossdoctor ARGS` imported, and the finished process."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "lossdoctor", *args], env=env,
                          capture_output=True, text=True, timeout=120)
    names = {line.rsplit("|", 1)[1].strip().split(".")[0] for line in proc.stderr.splitlines()
             if line.startswith("import time:") and "|" in line}
    assert "lossdoctor" in names, proc.stderr[-500:]  # the hook saw the imports at all
    return names, proc


@pytest.mark.parametrize("args", [("--version",), ("--help",), ("rules",), ("diagnose", "--help")])
def test_light_commands_import_nothing_heavy(args: tuple[str, ...]) -> None:
    names, proc = _imported(*args)
    assert proc.returncode == 0, proc.stderr[-500:]
    assert not names & set(HEAVY), f"{' '.join(args)} imported {sorted(names & set(HEAVY))}"


def test_text_diagnosis_of_a_csv_imports_no_plotting_or_frameworks(tmp_path: Path) -> None:
    log = tmp_path / "training.log"
    rows = [f"{e},{0.5 + e / 40},{2 / (e + 1) + 0.1},{0.5 + e / 45},{2 / (e + 1) + 0.2}" for e in range(20)]
    log.write_text("epoch,accuracy,loss,val_accuracy,val_loss\n" + "\n".join(rows) + "\n")
    names, proc = _imported("diagnose", str(log), "-j", "1")
    assert proc.returncode == 0, proc.stderr[-500:]
    assert "lossdoctor" in proc.stdout or "training" in proc.stdout  # a report was printed
    unwanted = {"matplotlib", "pandas", "torch", "keras", "tensorflow", "mlflow", "wandb", "tensorboard",
                "lightning", "transformers", "PIL", "multiprocessing"}
    assert not names & unwanted, f"diagnose imported {sorted(names & unwanted)}"


def test_version_is_printed() -> None:
    _, proc = _imported("--version")
    assert proc.stdout.strip() == f"lossdoctor {lossdoctor.__version__}"


def test_reader_names_equal_the_registry() -> None:
    from lossdoctor.readers import READERS

    assert cli.READER_NAMES == tuple(r.name for r in READERS)


def test_every_command_is_listed_with_the_help_its_module_registers() -> None:
    full = cli._parser(["*"])  # every command with its own arguments
    sub = next(a for a in full._actions if isinstance(a, argparse._SubParsersAction))
    helps = {c.dest: c.help for c in sub._choices_actions}
    assert helps == cli.COMMANDS
    for name, parser in sub.choices.items():  # and each one-line stub names a command that takes its arguments
        assert len(parser._actions) > 1 or name == "rules"


def test_the_rule_index_is_up_to_date() -> None:
    spec = importlib.util.spec_from_file_location("gen_rule_index", ROOT / "scripts" / "gen_rule_index.py")
    assert spec and spec.loader
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    from lossdoctor.rule_index import RULE_INDEX

    assert RULE_INDEX == gen.rows(), "run `python scripts/gen_rule_index.py`"
    assert len({row[0] for row in RULE_INDEX}) == len(RULE_INDEX)


def test_rules_lists_every_rule_and_check_in_both_languages(capsys: pytest.CaptureFixture[str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from lossdoctor.checks import CHECKS
    from lossdoctor.rules import RULES

    for lang in ("en", "zh"):
        monkeypatch.setenv("LOSSDOCTOR_LANG", lang)
        assert cli.main(["rules"]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert [line.split()[0] for line in lines] == [r.code for r in (*RULES, *CHECKS)]
        for line, r in zip(lines, (*RULES, *CHECKS)):
            assert line.split()[1] == r.name and line.endswith(r.summary.get(lang))  # type: ignore[arg-type]


def test_lazy_package_names_are_the_submodules_objects() -> None:
    from lossdoctor import api, config, engine, errors, findings, model, readers

    homes = {"Reports": api, "diagnose": api, "Options": config, "Report": engine, "diagnose_run": engine,
             "LossDoctorError": errors, "ReadError": errors, "UsageError": errors, "Cause": findings,
             "Finding": findings, "Fix": findings, "Severity": findings, "Axis": model, "Kind": model, "Run": model,
             "Series": model, "Split": model, "read": readers}
    for name, module in homes.items():
        assert getattr(lossdoctor, name) is getattr(module, name)
    assert set(lossdoctor.__all__) == {*homes, "__version__", "check"}
    assert set(lossdoctor.__all__) <= set(dir(lossdoctor))
    star: dict[str, object] = {}
    exec("from lossdoctor import *", star)  # noqa: S102 - the star import itself is what is tested
    assert {k for k in star if not k.startswith("__")} | {"__version__"} == set(lossdoctor.__all__)
    with pytest.raises(AttributeError):
        lossdoctor.no_such_name  # noqa: B018
