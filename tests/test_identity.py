"""Run identity: distinct short names, and one training logged by several real writers diagnosed once."""
from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pytest

from lossdoctor import read
from lossdoctor.cli import main
from lossdoctor.identity import identify, same_training, short_names
from lossdoctor.model import Axis, Kind, Run, Series, Split

FIX = Path(__file__).parent / "fixtures"


def _run(source: str, name: str = "", loss: list[float] | None = None) -> Run:
    v = np.array(loss if loss is not None else [1.0, 0.8, 0.7, 0.65], dtype=float)
    s = Series("loss", Split.TRAIN, Kind.LOSS, Axis.EPOCH, np.arange(v.size, dtype=float), v)
    return Run(name or Path(source).stem, (s,), source=source, format="x")


def _read(path: Path) -> list[Run]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read(path)


def test_short_names_tell_runs_apart() -> None:
    runs = [_run("logs/a/csv/version_0"), _run("logs/a/tb/version_0"), _run("logs/b/csv/version_0"),
            _run("exp1/fit.log"), _run("exp2/fit.log"), _run("exp3/fit.csv"), _run("deep/x/only_one.csv")]
    names = short_names(runs)
    assert names == ["a/csv/version_0", "tb/version_0", "b/csv/version_0", "exp1/fit", "exp2/fit", "exp3/fit",
                     "only_one"]
    assert len(set(names)) == len(names)


def test_short_names_keep_extension_or_tag_when_needed() -> None:
    runs = [_run("r/train.log"), _run("r/train.csv"), _run("r/app.csv", "app #1"), _run("r/app.csv", "app #2"),
            _run("", "built-in-memory")]
    assert short_names(runs) == ["r/train.log", "r/train.csv", "app #1", "app #2", "built-in-memory"]


def test_real_writers_of_one_training_are_merged() -> None:
    runs = _read(FIX / "same_run")
    assert len(runs) == 5  # Keras stdout + CSVLogger + History; Lightning CSV + TensorBoard
    merged = identify(runs)
    assert len(merged) == 2
    keras = next(r for r in merged if "keras" in r.name)
    assert len(keras.also_from) == 2 and {"text", "keras_csv", "keras_history"} == \
        {keras.format} | {a.rsplit("(", 1)[1].rstrip(")") for a in keras.also_from}
    light = next(r for r in merged if "version_0" in r.name)
    assert {light.format} | {a.rsplit("(", 1)[1].rstrip(")") for a in light.also_from} == {"lightning_csv",
                                                                                          "tensorboard"}
    assert light.find(Kind.LOSS, Split.TRAIN).axis is Axis.EPOCH  # the copy counted in epochs is kept


def test_different_trainings_are_not_merged() -> None:
    for path in (FIX / "keras" / "appended.csv", FIX / "tensorboard" / "multi"):
        runs = _read(path)
        assert len(identify(runs)) == len(runs) >= 2
    flat = [2.3026] * 6
    assert not same_training(_run("a.log", loss=flat), _run("b.log", loss=flat))  # two dead runs are not one
    a, b = _run("a.log"), _run("b.log", loss=[1.0, 0.8, 0.7, 0.6])
    assert not same_training(a, b)
    assert same_training(a, _run("c.log", loss=[1.0, 0.80004, 0.7, 0.65]))  # printed to 4 decimals


def test_cli_diagnoses_each_training_once(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diagnose", str(FIX / "same_run"), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert len(doc["runs"]) == 2
    assert all(len(r["also_from"]) >= 1 for r in doc["runs"])
    names = [r["name"] for r in doc["runs"]]
    assert len(set(names)) == 2
    assert main(["diagnose", str(FIX / "same_run"), "--lang", "en", "-v"]) == 0
    assert "same training also logged as: " in capsys.readouterr().out
