"""W&B readers: an offline run written by `wandb` itself (scripts/fixtures/gen_wandb.py) and the CSV exports."""
from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from lossdoctor.errors import ReadError
from lossdoctor.readers import read
from lossdoctor.readers._leveldb_log import read_records
from lossdoctor.readers.wandb import WandbOfflineReader
from lossdoctor.readers.wandb_csv import WandbCsvReader

FIX = Path(__file__).parents[1] / "fixtures" / "wandb"
EXPECTED = json.loads((FIX / "expected.json").read_text())
RUN_FILE = next((FIX / "wandb").glob("offline-run-*/run-*.wandb"))


def _check(run, keys=("train/loss", "lr", "val.acc")) -> None:  # type: ignore[no-untyped-def]
    for key in keys:
        pts = np.array(EXPECTED["metrics"][key], dtype=float)
        s = run.get(key)
        assert np.array_equal(s.steps, pts[:, 0]), key
        assert np.array_equal(s.values, pts[:, 1], equal_nan=True), key


def test_offline_run_reads_back_what_was_logged() -> None:
    runs = read(FIX / "wandb")
    assert len(runs) == 1
    run = runs[0]
    assert run.name == "digits-mlp" and run.format == "wandb"
    assert {s.key for s in run.series} == {"train/loss", "lr", "val.acc"}  # text value and _step/_runtime dropped
    _check(run)
    assert math.isnan(run.get("train/loss").values[12])
    assert dict(run.hparams) == EXPECTED["config"]
    wall = run.get("train/loss").wall_time
    assert wall is not None and wall[0] > 1.6e9 and np.all(np.diff(wall) >= 0)
    assert run.get("val.acc").split.value == "val" and run.get("train/loss").kind.value == "loss"


def test_every_entry_point_reads_the_same_run() -> None:
    reader = WandbOfflineReader()
    for p in (FIX / "wandb", RUN_FILE.parent, RUN_FILE):
        assert reader.can_read(p), p
        _check(reader.read(p)[0])
    assert not reader.can_read(FIX) and not reader.can_read(FIX / "history.csv")
    assert read(FIX)  # the directory walk finds the run (and the CSVs) below the fixture folder


def test_hand_decoder_agrees_with_wandb_protobuf() -> None:
    pb = pytest.importorskip("wandb.proto.wandb_internal_pb2")
    seen: dict[str, list[float]] = {}
    for raw in read_records(RUN_FILE.read_bytes()).records:
        rec = pb.Record()
        rec.ParseFromString(raw)
        if rec.WhichOneof("record_type") == "history":
            for item in rec.history.item:
                key = item.key or ".".join(item.nested_key)
                value = json.loads(item.value_json)
                if isinstance(value, (int, float)) and not isinstance(value, bool) and not key.startswith("_"):
                    seen.setdefault(key, []).append(float(value))
    run = WandbOfflineReader().read(RUN_FILE)[0]
    assert set(seen) == {s.key for s in run.series}
    for key, values in seen.items():
        assert np.array_equal(run.get(key).values, values, equal_nan=True)


def test_truncated_file_gives_valid_prefix_and_warning(tmp_path: Path) -> None:
    data = RUN_FILE.read_bytes()
    cut = tmp_path / "run-cut.wandb"
    cut.write_bytes(data[: len(data) * 2 // 3])
    run = WandbOfflineReader().read(cut)[0]
    n = len(run.get("train/loss"))
    assert 3 < n < 30
    full = np.array(EXPECTED["metrics"]["train/loss"], dtype=float)[:n, 1]
    assert np.array_equal(run.get("train/loss").values, full, equal_nan=True)
    assert any("truncated" in w or "incomplete" in w for w in run.warnings)


def test_corrupt_chunk_ends_the_valid_prefix(tmp_path: Path) -> None:
    data = bytearray(RUN_FILE.read_bytes())
    data[len(data) // 2] ^= 0xFF
    bad = tmp_path / "run-bad.wandb"
    bad.write_bytes(bytes(data))
    run = WandbOfflineReader().read(bad)[0]
    assert len(run.get("train/loss")) < 30 and any("corrupt" in w for w in run.warnings)


@pytest.mark.parametrize("content", [b":W&B\xe1\xbe\x00" + b"\x13" * 200, b"garbage" * 50])
def test_broken_wandb_file_is_one_line_error(tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "run-x.wandb"
    bad.write_bytes(content)
    with pytest.raises(ReadError) as err:
        read(bad)
    assert str(bad) in str(err.value) and "\n" not in str(err.value)


def test_resumed_run_dirs_merge_into_one_run(tmp_path: Path) -> None:
    root = tmp_path / "wandb"
    shutil.copytree(RUN_FILE.parent, root / RUN_FILE.parent.name)
    shutil.copytree(RUN_FILE.parent, root / (RUN_FILE.parent.name.replace("2026", "2027")))
    runs = read(root)
    assert len(runs) == 1 and any("resumed" in w for w in runs[0].warnings)
    _check(runs[0])


def test_reading_never_writes(tmp_path: Path) -> None:
    root = tmp_path / "wandb"
    shutil.copytree(FIX / "wandb", root)
    snap = lambda: {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in root.rglob("*") if p.is_file()}  # noqa: E731
    before = snap()
    read(root)
    assert snap() == before


def test_core_reader_does_not_import_wandb() -> None:
    code = ("import sys, lossdoctor.readers as r; r.read(sys.argv[1]); "
            "assert 'wandb' not in sys.modules and 'google.protobuf' not in sys.modules")
    subprocess.run([sys.executable, "-c", code, str(FIX / "wandb")], check=True)


def test_history_csv_export() -> None:
    assert WandbCsvReader().can_read(FIX / "history.csv")
    (run,) = read(FIX / "history.csv")
    assert run.format == "wandb_csv" and {s.key for s in run.series} == {"lr", "train/loss", "val/acc"}
    _check(run, ("train/loss", "lr"))
    acc = np.array(EXPECTED["metrics"]["val.acc"], dtype=float)
    assert np.array_equal(run.get("val/acc").steps, acc[:, 0]) and np.array_equal(run.get("val/acc").values, acc[:, 1])
    assert run.get("lr").wall_time[0] == 1_700_000_000


def test_chart_export_with_two_runs() -> None:
    assert WandbCsvReader().can_read(FIX / "chart_export.csv")
    runs = {r.name: r for r in read(FIX / "chart_export.csv")}
    assert sorted(runs) == ["digits-mlp", "digits-mlp-lr0.1"]
    assert all([s.key for s in r.series] == ["train/loss"] for r in runs.values())  # __MIN/__MAX dropped
    _check(runs["digits-mlp"], ("train/loss",))
    other = runs["digits-mlp-lr0.1"].get("train/loss")
    assert len(other) == 20 and math.isnan(other.values[12])


def test_plain_csv_is_not_claimed(tmp_path: Path) -> None:
    plain = tmp_path / "log.csv"
    plain.write_text("step,loss\n0,1.0\n")
    assert not WandbCsvReader().can_read(plain)
