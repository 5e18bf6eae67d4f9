"""A project folder mixing formats reads into the right runs; unrelated files are ignored silently."""
from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path

import lossdoctor

FIX = Path(__file__).parents[1] / "fixtures"


def test_mixed_folder(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(FIX / "lightning" / "lightning_logs", root / "lightning_logs")
    shutil.copytree(FIX / "hf" / "run", root / "hf_out")
    (root / "keras").mkdir()
    shutil.copyfile(FIX / "keras" / "training.log", root / "keras" / "fit.csv")
    shutil.copyfile(FIX / "keras" / "history.json", root / "keras" / "history.json")
    (root / "hf_out" / "config.json").write_text(json.dumps({"architectures": ["TinyClassifier"],
                                                             "hidden_size": 32}, indent=2))
    (root / "config.json").write_text('{"lr": 0.01, "layers": [64, 32, 10]}')
    (root / "curve.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (root / "keras" / "labels.csv").write_text("image,label\na.png,cat\nb.png,dog\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an unrelated file must not even warn
        runs = lossdoctor.read(root)
    got = sorted((r.format, r.name) for r in runs)
    assert got == [("hf_trainer", "hf_out"), ("keras_csv", "fit"), ("keras_history", "keras/history"),
                   ("lightning_csv", "lightning_logs/version_0"), ("lightning_csv", "lightning_logs/version_1")]
    hf = next(r for r in runs if r.format == "hf_trainer")
    assert hf.hparams["global_step"] == 48 and hf.warnings == ()  # checkpoint copies agree with the final state


def test_a_broken_log_inside_a_folder_does_not_hide_the_others(tmp_path: Path) -> None:
    shutil.copyfile(FIX / "keras" / "history.json", tmp_path / "history.json")
    (tmp_path / "metrics.jsonl").write_text("{\"step\": 1, \"loss\":\n{oops\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        runs = lossdoctor.read(tmp_path)
    assert [r.format for r in runs] == ["keras_history"]
    assert any("metrics.jsonl" in str(w.message) for w in caught)


def test_mmengine_copy_of_scalars_is_read_once(tmp_path: Path) -> None:
    vis = tmp_path / "work_dir" / "20240101_120000" / "vis_data"
    vis.mkdir(parents=True)
    shutil.copyfile(FIX / "jsonl" / "mmengine" / "scalars.json", vis / "scalars.json")
    shutil.copyfile(FIX / "jsonl" / "mmengine" / "scalars.json", vis / "20240101_120000.json")
    runs = lossdoctor.read(tmp_path / "work_dir")
    assert [r.name for r in runs] == ["20240101_120000/scalars"]


def _fixture_files() -> list[Path]:
    subdirs = ("keras", "lightning", "hf", "tables", "jsonl")
    return sorted(f for d in subdirs for f in (FIX / d).rglob("*") if f.is_file())


def test_every_fixture_cut_anywhere_reads_or_fails_in_one_line(tmp_path: Path) -> None:
    """A log cut at any byte (a live or crashed writer) is read as far as it is valid, or refused with a
    one-line ReadError; never another exception."""
    from lossdoctor.errors import ReadError

    outcomes = {"read": 0, "refused": 0}
    for src in _fixture_files():
        data = src.read_bytes()
        for frac in (0.03, 0.2, 0.5, 0.77, 0.999):
            cut = tmp_path / src.parent.name / src.name
            cut.parent.mkdir(parents=True, exist_ok=True)
            cut.write_bytes(data[: max(1, int(len(data) * frac))])
            try:
                runs = lossdoctor.read(cut)
            except ReadError as exc:
                assert "\n" not in str(exc) and str(cut) in str(exc)
                outcomes["refused"] += 1
            else:
                assert runs and all(isinstance(r.warnings, tuple) for r in runs)
                outcomes["read"] += 1
    assert outcomes["read"] > outcomes["refused"] > 0
