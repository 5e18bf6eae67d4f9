"""What the user states that the log does not hold (--task, --loss, --fine-tune, --best-checkpoint), one test per
principle, on logs written by real writers (Lightning CSVLogger, Keras CSVLogger, a PyTorch print log):

- no chance level ln(C) unless the loss is a (binary) cross-entropy on classes: the rules built on it do not run;
- a stated cross-entropy with a given C makes a finding measured against ln(C) surer;
- a fine-tune is short by design and starts from a trained model's level;
- a kept best checkpoint turns a late validation rise after a good best epoch into a note naming that epoch.
Nothing stated (or a flag stated false) judges exactly as before.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import lossdoctor
from lossdoctor.cli import main
from lossdoctor.config import ConfigError, Options
from lossdoctor.errors import UsageError

ROOT = Path(__file__).resolve().parents[2]
STUCK = ROOT / "examples" / "stuck-at-chance-lightning"  # Lightning CSVLogger: loss at ln(10), val_acc at 0.1
HUGE = ROOT / "examples" / "huge-initial-loss-pytorch" / "train.log"  # a first loss of 9e5 from raw inputs
OVERFIT = ROOT / "examples" / "overfitting-keras" / "training.csv"  # Keras: val_loss best at epoch 7, then rises
CTX = ROOT / "tests" / "fixtures" / "context"  # scripts/fixtures/gen_context.py
FINETUNE = CTX / "finetune_head.csv"  # a fresh head fine-tuned 8 epochs on a frozen pretrained body
RANDOM = CTX / "random_labels.csv"  # shuffled labels: val_loss best at epoch 1, barely below its start


def _run(path: Path, *flags: str, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    assert main(["diagnose", str(path), "--format", "json", *flags]) == 0
    return json.loads(capsys.readouterr().out)["runs"][0]


def _judged(path: Path, code: str, **options: Any) -> list[str]:
    """The rule's own judgement (Rule.check: severity as the rule judged it, before any report-wide policy)."""
    from lossdoctor.rules import Context, by_code

    (run,) = lossdoctor.read(str(path))
    return [f.severity.label for f in by_code(code).check(Context(run, Options(**options)))]


def _found(run: dict[str, Any], name: str) -> dict[str, Any] | None:
    return next((f for f in run["findings"] if f["name"] == name), None)


def _skip(run: dict[str, Any], code: str) -> str | None:
    return next((s["reason"] for s in run["skipped"] if s["code"] == code), None)


# ---- no chance level without a cross-entropy on classes ------------------------------------------------------------

@pytest.mark.parametrize("flags,word", [(("--loss", "mse"), "mse"), (("--loss", "sum_of_terms"), "sum of terms"),
                                        (("--task", "regression"), "regression"), (("--task", "detection"), "detection")])
def test_a_loss_without_chance_level_turns_the_chance_rules_off(flags: tuple[str, ...], word: str,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    before = _run(STUCK, capsys=capsys)
    assert _found(before, "stuck_at_chance") is not None and _found(before, "abnormal_initial_loss") is not None
    after = _run(STUCK, *flags, capsys=capsys)
    assert _found(after, "stuck_at_chance") is None and _found(after, "abnormal_initial_loss") is None
    for code in ("LD104", "LD113"):
        reason = _skip(after, code)
        assert reason is not None and word in reason and "ln(C)" in reason
    # no other rule reads ln(C) off this run either: underfitting no longer calls 2.35 "high against ln(10)"
    uf = _found(after, "underfitting")
    assert uf is None or "ln(" not in uf["message"]


def test_a_classification_task_or_a_cross_entropy_keeps_them(capsys: pytest.CaptureFixture[str]) -> None:
    for flags in (("--task", "classification"), ("--loss", "binary_cross_entropy"), ("--task", "multilabel")):
        run = _run(STUCK, *flags, capsys=capsys)
        assert _found(run, "stuck_at_chance") is not None and _skip(run, "LD104") is None


def test_a_stated_cross_entropy_with_a_given_c_is_surer(capsys: pytest.CaptureFixture[str]) -> None:
    given = _found(_run(HUGE, "--num-classes", "10", capsys=capsys), "abnormal_initial_loss")
    stated = _found(_run(HUGE, "--num-classes", "10", "--loss", "cross_entropy", capsys=capsys),
                    "abnormal_initial_loss")
    assert given is not None and stated is not None
    assert stated["confidence"] >= given["confidence"] and "exact" in stated["message"]
    assert "exact" not in given["message"] and "context" not in given["evidence"]
    assert stated["evidence"]["context"] == {"loss": "cross_entropy"}
    g = _found(_run(STUCK, "--num-classes", "10", capsys=capsys), "abnormal_initial_loss")
    s = _found(_run(STUCK, "--num-classes", "10", "--loss", "cross_entropy", capsys=capsys), "abnormal_initial_loss")
    assert g is not None and s is not None and s["confidence"] > g["confidence"]
    # without C the cross-entropy alone does not claim an exact level
    alone = _found(_run(HUGE, "--loss", "cross_entropy", capsys=capsys), "abnormal_initial_loss")
    assert alone is not None and "exact" not in alone["message"]


# ---- a fine-tune is short by design ----------------------------------------------------------------------------------

def test_a_short_fine_tune_is_not_called_underfitting_or_unfinished(capsys: pytest.CaptureFixture[str]) -> None:
    assert _judged(FINETUNE, "LD102") == ["warning"] and _judged(FINETUNE, "LD102", fine_tune=True) == ["info"]
    assert _judged(FINETUNE, "LD117") == ["info"] and _judged(FINETUNE, "LD117", fine_tune=True) == []
    after = _run(FINETUNE, "--fine-tune", capsys=capsys)
    uf = _found(after, "underfitting")
    assert uf is not None and uf["severity"] == "info" and "fine-tune" in uf["message"]
    assert uf["evidence"]["context"] == {"fine_tune": True}
    assert _found(after, "still_improving") is None  # 8 epochs winding down: what a fine-tune does
    assert after["verdict"] == "healthy"


# ---- a kept best checkpoint -------------------------------------------------------------------------------------------

def test_a_kept_best_checkpoint_turns_the_late_rise_into_a_note(capsys: pytest.CaptureFixture[str]) -> None:
    assert _judged(OVERFIT, "LD101") == ["warning"] and _judged(OVERFIT, "LD101", best_checkpoint=True) == ["info"]
    after = _found(_run(OVERFIT, "--best-checkpoint", capsys=capsys), "overfitting")
    assert after is not None and after["severity"] == "info"
    assert "the checkpoint kept at epoch 7" in after["message"] and "before the rise" in after["message"]
    assert after["evidence"]["kept_epoch"] == 7 and after["evidence"]["context"] == {"best_checkpoint": True}


def test_a_run_that_never_reached_a_good_point_still_warns(capsys: pytest.CaptureFixture[str]) -> None:
    assert _judged(RANDOM, "LD101", best_checkpoint=True) == ["warning"]
    f = _found(_run(RANDOM, "--best-checkpoint", capsys=capsys), "overfitting")
    assert f is not None and "checkpoint kept" not in f["message"]


# ---- nothing stated, or stated false: today's behaviour --------------------------------------------------------------

@pytest.mark.parametrize("path", [STUCK, HUGE, OVERFIT, FINETUNE, RANDOM], ids=lambda p: p.parent.name + "/" + p.name)
def test_false_or_unstated_changes_nothing(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def verdicts(run: dict[str, Any]) -> list[tuple[str, str, float]]:
        return [(f["name"], f["severity"], f["confidence"]) for f in run["findings"]]

    plain = _run(path, capsys=capsys)
    stated_false = _run(path, "--no-fine-tune", "--no-best-checkpoint", capsys=capsys)
    assert verdicts(plain) == verdicts(stated_false)
    assert [f["message"] for f in plain["findings"]] == [f["message"] for f in stated_false["findings"]]
    assert all("context" not in f["evidence"] for f in plain["findings"])


# ---- where the context comes from: flags, config, API; mistakes are one line, exit 2 --------------------------------

def test_unknown_values_are_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diagnose", str(OVERFIT), "--task", "poetry"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--task" in err and "poetry" in err
    conf = tmp_path / "ld.toml"
    conf.write_text('loss = "hinge"\n')
    assert main(["diagnose", str(OVERFIT), "--config", str(conf)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "hinge" in err and "cross_entropy" in err
    conf.write_text('fine_tune = "yes"\n')
    assert main(["diagnose", str(OVERFIT), "--config", str(conf)]) == 2
    assert "fine_tune must be true or false" in capsys.readouterr().err
    with pytest.raises(ConfigError):
        Options(task="poetry")
    with pytest.raises(UsageError):
        lossdoctor.diagnose(str(OVERFIT), loss="hinge")


def test_pyproject_and_config_keys_and_flags_win(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.lossdoctor]\nbest_checkpoint = true\nloss = "cross_entropy"\n')
    f = _found(_run(OVERFIT, capsys=capsys), "overfitting")
    assert f is not None and f["severity"] == "info"
    assert f["evidence"]["context"] == {"best_checkpoint": True}
    f = _found(_run(OVERFIT, "--no-best-checkpoint", capsys=capsys), "overfitting")  # the flag wins over the file
    assert f is not None and "checkpoint kept" not in f["message"] and f["evidence"]["context"] == \
        {"best_checkpoint": False}
    conf = tmp_path / "other.toml"
    conf.write_text('task = "regression"\n')
    run = _run(STUCK, "--config", str(conf), capsys=capsys)
    assert _skip(run, "LD104") is not None and "regression" in str(_skip(run, "LD104"))


def test_api_takes_the_context(capsys: pytest.CaptureFixture[str]) -> None:
    rep = lossdoctor.diagnose(str(OVERFIT), best_checkpoint=True)
    f = next(f for f in rep.findings if f.name == "overfitting")
    assert f.severity.name == "INFO" and f.evidence["context"] == {"best_checkpoint": True}
    rep = lossdoctor.diagnose(str(STUCK), task="speech")
    assert not any(f.name == "stuck_at_chance" for f in rep.findings)
    assert any(s.code == "LD104" and "speech" in s.reason.en for s in rep.skipped)


def test_watch_and_compare_take_the_flags(capsys: pytest.CaptureFixture[str]) -> None:
    from lossdoctor.cli import _parser

    for cmd in (["watch", str(OVERFIT)], ["compare", str(OVERFIT), str(RANDOM)]):
        args = _parser(cmd).parse_args([*cmd, "--loss", "mse", "--best-checkpoint", "--task", "classification"])
        assert (args.loss, args.best_checkpoint, args.task, args.fine_tune) == ("mse", True, "classification", None)
    assert main(["compare", str(OVERFIT), str(RANDOM), "--best-checkpoint", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)
