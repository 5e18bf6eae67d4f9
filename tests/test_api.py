"""The notebook API: diagnose() on what a notebook holds, Reports for many runs, reports that show and save."""
from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pytest

import lossdoctor
from lossdoctor import Kind, Report, Reports, Run, Split, UsageError
from lossdoctor.cli import main

FIX = Path(__file__).parent / "fixtures"
HISTORY = json.loads((FIX / "keras" / "history.json").read_text())
OVERFIT = {"loss": [2.0, 1.5, 1.1, 0.8, 0.6, 0.45, 0.35, 0.28, 0.22, 0.18, 0.15, 0.12],
           "val_loss": [2.1, 1.6, 1.25, 1.05, 0.95, 0.92, 0.95, 1.0, 1.08, 1.15, 1.25, 1.33]}


def test_run_from_dict_tags_names_and_numbers_epochs() -> None:
    run = Run.from_dict({"loss": [1.0, 0.5, None], "val_accuracy": [50, 60, 70]})
    loss, acc = run.get("loss"), run.get("val_accuracy")
    assert (loss.split, loss.kind) == (Split.TRAIN, Kind.LOSS) and list(loss.steps) == [1, 2, 3]
    assert np.isnan(loss.values[2])  # None is a missing value, kept as NaN
    assert (acc.split, acc.kind) == (Split.VAL, Kind.ACCURACY) and acc.values[-1] == pytest.approx(0.7)
    stepped = Run.from_dict({"step": [10, 20, 30], "train_loss": [3, 2, 1]})
    assert stepped.get("train_loss").axis.value == "step" and list(stepped.get("train_loss").steps) == [10, 20, 30]
    with pytest.raises(ValueError):
        Run.from_dict({})


def test_diagnose_a_history_dict_and_a_history_object() -> None:
    rep = lossdoctor.diagnose(OVERFIT)
    assert isinstance(rep, Report) and rep.primary is not None and rep.primary.name == "overfitting"

    class History:  # what keras.callbacks.History exposes: .history and .model
        def __init__(self, h: dict) -> None:
            self.history, self.model, self.epoch = h, object(), list(range(len(h["loss"])))

    same = lossdoctor.diagnose(History(OVERFIT))
    assert [f.code for f in same.findings] == [f.code for f in rep.findings]
    assert lossdoctor.diagnose(HISTORY).verdict == lossdoctor.diagnose(FIX / "keras" / "history.json").verdict


def test_diagnose_a_dataframe_and_records() -> None:
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame(OVERFIT)
    assert lossdoctor.diagnose(df).primary.name == "overfitting"
    records = [{"epoch": i + 1, "loss": a, "val_loss": b} for i, (a, b) in enumerate(zip(*OVERFIT.values()))]
    rep = lossdoctor.diagnose(records)
    assert rep.primary.name == "overfitting" and rep.primary.span.axis == "epoch"
    # a sparse table as Lightning writes it: validation on its own rows
    rows = []
    for i, (a, b) in enumerate(zip(*OVERFIT.values())):
        rows += [{"epoch": i, "train_loss": a, "val_loss": np.nan}, {"epoch": i, "train_loss": np.nan, "val_loss": b}]
    sparse = lossdoctor.diagnose(pd.DataFrame(rows))
    assert len(sparse.run.get("val_loss")) == 12 and sparse.primary.name == "overfitting"


def test_wrong_input_is_one_clear_error() -> None:
    for bad, words in ((42, "got int"), ({"loss": 0.5}, "lists of numbers"), ({}, "empty"),
                       ([{"note": "x"}], "no numeric metric")):
        with pytest.raises(UsageError, match=words):
            lossdoctor.diagnose(bad)
    with pytest.raises(UsageError, match="LD999"):
        lossdoctor.diagnose(OVERFIT, ignore="LD999")
    with pytest.raises(UsageError, match="unknown option"):
        lossdoctor.diagnose(OVERFIT, colour="red")


def test_a_path_with_many_runs_gives_reports() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reps = lossdoctor.diagnose(FIX / "tensorboard" / "multi")
    assert isinstance(reps, Reports) and len(reps) == 2 and all(isinstance(r, Report) for r in reps)
    assert {r.run.name for r in reps} == {"a", "b"} and any(r is reps.by_name("a") for r in reps)
    assert isinstance(reps[:1], Reports) and len(reps[:1]) == 1
    assert "2 runs" in reps.summary("en") and repr(reps).startswith("<lossdoctor Reports: 2 runs")
    assert reps.to_dict()["schema_version"] == 1 and len(reps.to_dict()["runs"]) == 2
    assert "<!DOCTYPE html>" in reps.to_html("en") and "srcdoc" in reps._repr_html_()


def test_report_renders_and_reprs_without_arrays() -> None:
    rep = lossdoctor.diagnose(OVERFIT)
    r = repr(rep)
    assert r.startswith("<lossdoctor Report 'run': warning, main=LD101 overfitting") and "array" not in r
    assert len(r) < 200
    assert "Problem  LD101 overfitting" in rep.to_text("en") and str(rep) == rep.to_text()
    assert "Main problem: LD101" in rep.to_text("en", details=True)
    assert rep.to_markdown("en").startswith("## lossdoctor report")
    assert "过拟合" in rep.to_html("zh") and rep._repr_html_().startswith("<iframe srcdoc=")
    assert rep.to_dict()["findings"][0]["code"] == "LD101"


def test_save_picks_the_format_and_never_overwrites_an_input(tmp_path: Path) -> None:
    rep = lossdoctor.diagnose(OVERFIT)
    for name, start in (("r.html", b"<!DOCTYPE html>"), ("r.md", b"## lossdoctor"), ("r.json", b"{"),
                        ("r.txt", b"run"), ("r.png", b"\x89PNG")):
        assert rep.save(tmp_path / name, lang="en").read_bytes().startswith(start), name
    assert json.loads((tmp_path / "r.json").read_text())["runs"][0]["name"] == "run"
    with pytest.raises(UsageError, match="suffix"):
        rep.save(tmp_path / "r.docx")
    log = tmp_path / "history.json"
    log.write_text(json.dumps(OVERFIT))
    from_file = lossdoctor.diagnose(log)
    with pytest.raises(UsageError, match="refusing to overwrite an input log"):
        from_file.save(log)
    assert json.loads(log.read_text()) == OVERFIT


def test_cli_options_comma_lists_and_unknown_codes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    log = tmp_path / "h.json"
    log.write_text(json.dumps(OVERFIT))
    assert main(["diagnose", str(log), "--format", "json", "--ignore", "LD101,LD109"]) == 0
    codes = {f["code"] for f in json.loads(capsys.readouterr().out)["runs"][0]["findings"]}
    assert "LD101" not in codes and "LD109" not in codes
    assert main(["diagnose", str(log), "--format", "json", "--select", "LD101, overfitting"]) == 0
    assert {f["code"] for f in json.loads(capsys.readouterr().out)["runs"][0]["findings"]} == {"LD101"}
    assert main(["diagnose", str(log), "--ignore", "LD999"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--ignore LD999" in err
    assert main(["diagnose", str(log), "--select", "overfiting"]) == 2
    assert "overfiting" in capsys.readouterr().err
    with pytest.raises(SystemExit) as done:
        main(["diagnose", "--help"])
    assert done.value.code == 0
    helptext = " ".join(capsys.readouterr().out.split())
    assert "exit code is 0 whatever the verdict, even an error" in helptext
