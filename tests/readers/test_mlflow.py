"""MLflow reader: file store and SQLite store written by MLflow itself (scripts/fixtures/gen_mlflow.py)."""
from __future__ import annotations

import gzip
import json
import math
import shutil
import sqlite3
import sys
from pathlib import Path

import numpy as np
import pytest

from lossdoctor.errors import ReadError
from lossdoctor.readers import read
from lossdoctor.readers.mlflow import MlflowReader, read_sqlite_store, read_tracking_uri, read_with_client

FIX = Path(__file__).parents[1] / "fixtures" / "mlflow"
EXPECTED = json.loads((FIX / "expected.json").read_text())


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """The SQLite store MLflow wrote, unpacked (it is ~1 MB raw, so it is committed gzipped)."""
    out = tmp_path / "store" / "mlflow.db"
    out.parent.mkdir()
    with gzip.open(FIX / "mlflow.db.gz") as src, out.open("wb") as dst:
        shutil.copyfileobj(src, dst)
    return out


def _expected_series(points: list[list[float]]) -> tuple[np.ndarray, np.ndarray]:
    last: dict[float, float] = {}
    for step, value in points:  # a repeated step keeps the value logged last
        last[step] = value
    steps = sorted(last)
    return np.array(steps, dtype=float), np.array([last[s] for s in steps], dtype=float)


def _check_runs(runs: list) -> None:  # type: ignore[type-arg]
    assert sorted(r.name for r in runs) == ["digits/baseline", "digits/diverged"]  # the deleted run is skipped
    for run in runs:
        exp = EXPECTED[run.name.split("/")[1]]
        assert {s.key for s in run.series} == set(exp["metrics"])
        for key, points in exp["metrics"].items():
            steps, values = _expected_series(points)
            s = run.get(key)
            assert np.array_equal(s.steps, steps)
            assert np.array_equal(s.values, values, equal_nan=True), key
            assert s.wall_time is not None and np.all(np.diff(s.wall_time) >= 0)
        assert {k: str(v) for k, v in run.hparams.items()} == exp["params"]


def test_file_store_values_read_back_exactly() -> None:
    runs = read(FIX / "mlruns")
    _check_runs(runs)
    diverged = next(r for r in runs if r.name.endswith("diverged"))
    assert diverged.get("loss").values[9] == math.inf and math.isnan(diverged.get("loss").values[10])
    baseline = next(r for r in runs if r.name.endswith("baseline"))
    assert baseline.get("val_loss").values[-1] == 0.5 and baseline.get("train/acc") is not None  # nested key


def test_sqlite_store_restores_nan_and_inf(db: Path) -> None:
    raw = sqlite3.connect(db).execute("SELECT value, is_nan FROM metrics WHERE key='loss' AND step IN (9, 10) "
                                      "ORDER BY step").fetchall()
    assert raw == [(sys.float_info.max, 0), (0.0, 1)]  # how MLflow stores inf and NaN
    runs = read(db)
    _check_runs(runs)
    loss = next(r for r in runs if r.name.endswith("diverged")).get("loss").values
    assert loss[9] == math.inf and math.isnan(loss[10]) and math.isnan(loss[11])


def test_sqlite_and_file_store_agree(db: Path) -> None:
    by_name = {r.name: r for r in read(FIX / "mlruns")}
    for run in read(db):
        assert sorted(run.series, key=lambda s: s.key) == sorted(by_name[run.name].series, key=lambda s: s.key)
        assert run.hparams == by_name[run.name].hparams


def test_can_read_every_layout(db: Path, tmp_path: Path) -> None:
    reader = MlflowReader()
    exp_dir = next(d for d in (FIX / "mlruns").iterdir() if d.name not in ("0", ".trash"))
    run_dir = next(d for d in exp_dir.iterdir() if d.is_dir())
    assert reader.can_read(FIX / "mlruns") and reader.can_read(exp_dir) and reader.can_read(run_dir)
    assert reader.can_read(db)
    assert len(read(exp_dir)) == 2
    one = read(run_dir)
    assert len(one) == 1 and one[0].name.startswith("digits/")
    assert not reader.can_read(FIX) and not reader.can_read(FIX / "expected.json")


def test_non_mlflow_sqlite_is_one_line_error(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    assert not MlflowReader().can_read(other)
    with pytest.raises(ReadError) as err:
        MlflowReader().read(other)
    assert str(other) in str(err.value) and "MLflow" in str(err.value) and "\n" not in str(err.value)


def _snapshot(root: Path) -> dict[str, tuple[int, bytes]]:
    return {str(p.relative_to(root)): (p.stat().st_mtime_ns, p.read_bytes()) for p in root.rglob("*") if p.is_file()}


def test_reading_never_writes(db: Path, tmp_path: Path) -> None:
    store = tmp_path / "mlruns"
    shutil.copytree(FIX / "mlruns", store)
    before_db, before_fs = _snapshot(db.parent), _snapshot(store)
    read(db)
    read(f"sqlite:///{db}")
    read(store)
    assert _snapshot(db.parent) == before_db  # no -wal, -shm or -journal file, same bytes and mtime
    assert _snapshot(store) == before_fs


def test_partially_written_last_line_is_skipped(tmp_path: Path) -> None:
    store = tmp_path / "mlruns"
    shutil.copytree(FIX / "mlruns", store)
    f = next(store.rglob("metrics/loss"))
    f.write_text(f.read_text() + "1795467070999 0.12")  # cut before its step and newline
    run = next(r for r in read(store) if r.name.endswith("diverged"))
    assert len(run.get("loss")) == 12 and 0.12 not in run.get("loss").values
    assert any("cut while being written" in w for w in run.warnings)


def test_local_tracking_uris_are_read_by_hand(db: Path) -> None:
    assert [r.name for r in read_tracking_uri(f"sqlite:///{db}")] == [r.name for r in read(db)]
    assert len(read_tracking_uri((FIX / "mlruns").resolve().as_uri())) == 2
    with pytest.raises(ReadError, match="no such file"):
        read_tracking_uri("sqlite:////nonexistent/mlflow.db")


def test_relative_sqlite_uri(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(db.parent)
    assert len(read_tracking_uri("sqlite:///mlflow.db")) == 2  # three slashes: relative, as in SQLAlchemy


def test_missing_mlflow_is_one_line_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "mlflow", None)
    monkeypatch.setitem(sys.modules, "mlflow.tracking", None)
    with pytest.raises(ReadError, match=r"pip install 'lossdoctor\[mlflow\]'"):
        read("http://127.0.0.1:5000")


def test_mlflow_client_path_matches_hand_reader(db: Path) -> None:
    """The remote path, exercised through the real MlflowClient on a copy of the store (no network here)."""
    pytest.importorskip("mlflow")
    pytest.importorskip("sqlalchemy")
    copy = db.with_name("client.db")
    shutil.copy(db, copy)
    via_client = {r.name: r for r in read_with_client(f"sqlite:///{copy}")}
    mine = read_sqlite_store(db)
    assert sorted(via_client) == sorted(r.name for r in mine)
    for run in mine:
        other = via_client[run.name]
        assert sorted(run.series, key=lambda s: s.key) == sorted(other.series, key=lambda s: s.key)
        assert run.hparams == other.hparams


def test_wal_databases_are_read_without_touching_them(db: Path) -> None:
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA journal_mode=wal").fetchone() == ("wal",)
    con.close()
    before = _snapshot(db.parent)
    assert [r.name for r in read(db)] == ["digits/baseline", "digits/diverged"]
    assert _snapshot(db.parent) == before  # mode=ro would have created -wal and -shm here
    writer = sqlite3.connect(db)  # a live writer whose last commit is only in the -wal file
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("UPDATE params SET value='0.02' WHERE key='lr' AND value='0.01'")
    writer.commit()
    try:
        before = _snapshot(db.parent)
        assert {p.name for p in db.parent.iterdir()} == {"mlflow.db", "mlflow.db-wal", "mlflow.db-shm"}
        baseline = next(r for r in read(db) if r.name == "digits/baseline")
        assert baseline.hparams["lr"] == 0.02
        assert _snapshot(db.parent) == before
    finally:
        writer.close()
