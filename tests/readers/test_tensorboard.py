"""TensorBoard reader: values, steps and wall times read back exactly as the real writers wrote them.

Fixtures: tests/fixtures/tensorboard, written by scripts/fixtures/gen_tensorboard.py. TensorBoard's own
EventAccumulator (all points kept) is the reference wherever it reads the same thing.
"""
from __future__ import annotations

import math
import shutil
from pathlib import Path

import numpy as np
import pytest

import lossdoctor
from lossdoctor.cli import main
from lossdoctor.errors import ReadError
from lossdoctor.model import Axis, Kind, Run, Split
from lossdoctor.readers._tfevents import EventCollector
from lossdoctor.readers._tfrecord import _crc32c_python, masked_crc32c, masked_crc32c_many
from lossdoctor.readers.tensorboard import TensorBoardReader, read_tensorboard

pytest.importorskip("tensorboard")
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator  # noqa: E402
from tensorboard.util import tensor_util  # noqa: E402

TB = Path(__file__).resolve().parents[1] / "fixtures" / "tensorboard"


def _reference(path: Path) -> dict[str, tuple[list[int], list[float], list[float]]]:
    """EventAccumulator's points per tag (steps, values, wall times), simple_value and tensor scalars alike."""
    acc = EventAccumulator(str(path), size_guidance={"scalars": 0, "tensors": 0})
    acc.Reload()
    out = {}
    for tag in acc.Tags()["scalars"]:
        ev = acc.Scalars(tag)
        out[tag] = ([e.step for e in ev], [e.value for e in ev], [e.wall_time for e in ev])
    for tag in acc.Tags()["tensors"]:
        ev = acc.Tensors(tag)
        out[tag] = ([e.step for e in ev], [float(tensor_util.make_ndarray(e.tensor_proto)) for e in ev],
                    [e.wall_time for e in ev])
    return out


def _one(path: Path) -> Run:
    runs = lossdoctor.read(path)
    assert len(runs) == 1
    return runs[0]


def _assert_same_as_reference(run: Run, ref: dict[str, tuple[list[int], list[float], list[float]]],
                              prefix: str = "") -> None:
    assert {s.key for s in run.series} >= {prefix + t for t in ref}
    for tag, (steps, values, wall) in ref.items():
        s = run.get(prefix + tag)
        assert s is not None
        np.testing.assert_array_equal(s.steps, np.array(steps, dtype=float))
        np.testing.assert_array_equal(s.values, np.array(values, dtype=float))  # NaN == NaN here
        assert s.wall_time is not None
        np.testing.assert_array_equal(s.wall_time, np.array(wall))


@pytest.mark.parametrize("name", ["torch_simple", "torch_tensor", "torch_double", "tbx", "tensor_content"])
def test_equal_to_event_accumulator(name: str) -> None:
    run = _one(TB / name)
    assert run.format == "tensorboard" and run.name == name and not run.warnings
    _assert_same_as_reference(run, _reference(TB / name))


def test_nonfinite_values_and_wall_times_kept() -> None:
    s = _one(TB / "torch_simple").get("train/grad_norm")
    assert s is not None and (s.split, s.kind) == (Split.TRAIN, Kind.GRAD_NORM)
    assert s.steps.tolist() == [0, 100, 200, 300, 400, 500, 600]
    assert s.values[0] == 1.5 and math.isnan(s.values[1]) and s.values[2] == math.inf and s.values[3] == -math.inf
    assert s.values[5] == float(np.float32(3e38)) and s.values[6] == float(np.float32(1e-45)) > 0
    assert s.wall_time is not None and s.wall_time.tolist() == [1_700_000_000.0 + 0.5 * i for i in range(7)]


def test_double_precision_tensor_kept_in_float64() -> None:
    s = _one(TB / "torch_double").get("train/lr")
    assert s is not None and s.values.tolist() == [1e-300, 1 + 1e-12, math.inf]
    c = _one(TB / "tensor_content").get("val/loss")
    assert c is not None and c.values.tolist() == [1 / 3 + i for i in range(4)]


@pytest.mark.parametrize("name", ["torch_simple", "torch_tensor", "torch_double", "tbx", "tensor_content",
                                  "restart", "keras_layout/run/train", "keras_layout/run/validation"])
def test_fast_path_equals_generic_decoder(name: str) -> None:
    files = sorted(p for p in (TB / name).iterdir() if "tfevents" in p.name)
    got = []
    for fast in (True, False):
        c = EventCollector(fast=fast)
        for f in files:
            c.add_file(f)
        got.append({t: (s.tolist(), v.tolist(), w.tolist()) for t, s, v, w in c.arrays()})
    assert got[0] and repr(got[0]) == repr(got[1])


def test_many_tags_and_step_varint_boundaries(tmp_path: Path) -> None:
    from tensorboard.compat.proto import event_pb2, summary_pb2
    from tensorboard.summary.writer.event_file_writer import EventFileWriter

    w = EventFileWriter(str(tmp_path))  # tensorboard's own writer (tensorboardX would import torch: slow)
    for step in list(range(0, 300)) + [16383, 16384, 2**21, 2**40]:  # 1- to 6-byte step varints
        for i, tag in enumerate(("m/a1", "m/a2", "m/b3", "loss")):  # same-length tags, one layout
            value = summary_pb2.Summary.Value(tag=tag, simple_value=step * 0.5 + i)
            w.add_event(event_pb2.Event(wall_time=1e9 + step, step=step, summary=summary_pb2.Summary(value=[value])))
        if step % 10 == 0:  # two scalars in one Summary (TF1 merged summaries): the generic decoder's case
            pair = [summary_pb2.Summary.Value(tag=t, simple_value=step + k) for k, t in enumerate(("p/x", "p/y"))]
            w.add_event(event_pb2.Event(wall_time=1e9 + step, step=step, summary=summary_pb2.Summary(value=pair)))
        if step % 50 == 0:  # not a scalar: skipped
            histo = summary_pb2.HistogramProto(min=0, max=9, num=10, bucket_limit=[5, 10], bucket=[5, 5])
            value = summary_pb2.Summary.Value(tag="weights", histo=histo)
            w.add_event(event_pb2.Event(wall_time=1e9 + step, step=step, summary=summary_pb2.Summary(value=[value])))
    w.close()
    run = _one(tmp_path)
    assert sorted(s.key for s in run.series) == ["loss", "m/a1", "m/a2", "m/b3", "p/x", "p/y"]
    _assert_same_as_reference(run, _reference(tmp_path))
    assert run.get("m/a2").steps[-1] == 2**40  # type: ignore[union-attr]


def test_keras_run_dir_is_one_run_with_splits() -> None:
    run = _one(TB / "keras_layout")
    assert run.name == "run"
    ref_train, ref_val = _reference(TB / "keras_layout/run/train"), _reference(TB / "keras_layout/run/validation")
    _assert_same_as_reference(run, ref_train, "train/")
    _assert_same_as_reference(run, ref_val, "validation/")
    loss, val_loss = run.find(Kind.LOSS, Split.TRAIN), run.find(Kind.LOSS, Split.VAL)
    assert loss is not None and loss.key == "train/epoch_loss" and loss.axis is Axis.EPOCH
    assert val_loss is not None and val_loss.key == "validation/epoch_loss" and val_loss.axis is Axis.EPOCH
    it = run.get("validation/evaluation_loss_vs_iterations")
    assert it is not None and it.axis is Axis.STEP and it.steps.tolist() == [10, 20, 30, 40, 50, 60]
    assert run.find(Kind.ACCURACY, Split.VAL).key == "validation/epoch_accuracy"  # type: ignore[union-attr]
    only_val = _one(TB / "keras_layout/run/validation")  # a split dir given directly keeps its split
    assert only_val.find(Kind.LOSS, Split.VAL) is not None and only_val.find(Kind.LOSS, Split.TRAIN) is None


def test_add_scalars_subdirs_land_in_the_same_run() -> None:
    run = _one(TB / "torch_add_scalars")
    assert [s.key for s in run.series] == ["Accuracy/val", "Loss/train", "Loss/val"]
    assert run.get("Loss/train").split is Split.TRAIN and run.get("Loss/val").split is Split.VAL  # type: ignore[union-attr]
    ref = _reference(TB / "torch_add_scalars/Loss_val")["Loss"]
    assert run.get("Loss/val").values.tolist() == ref[1]  # type: ignore[union-attr]


def test_multi_run_logdir_becomes_many_runs() -> None:
    runs = lossdoctor.read(TB / "multi")
    assert [r.name for r in runs] == ["a", "b"]
    for r in runs:
        _assert_same_as_reference(r, _reference(TB / "multi" / r.name))
    assert runs[1].get("val_loss").values[0] > 2.5 * runs[0].get("val_loss").values[0]  # type: ignore[union-attr]


def test_restart_merges_files_in_order_and_purges(tmp_path: Path) -> None:
    run = _one(TB / "restart")
    s = run.get("train/loss")
    assert s is not None
    # writer 1: 0-9; writer 2 (purge_step=5): 5-7; writer 3 restarts at 3 without purge_step: 3-4
    assert s.steps.tolist() == [0, 1, 2, 3, 4] and s.values.tolist() == [0, 1, 2, 203, 204]
    assert s.wall_time is not None and s.wall_time[-1] == 1_700_000_000.0 + 2000 + 4
    assert any("SessionLog.START" in w for w in run.warnings) and any("backwards" in w for w in run.warnings)
    # The first two files alone: the purge_step restart gives exactly what EventAccumulator keeps.
    for f in sorted((TB / "restart").iterdir())[:2]:
        shutil.copy(f, tmp_path / f.name)
    two = _one(tmp_path).get("train/loss")
    ref = _reference(tmp_path)["train/loss"]
    assert two is not None and two.steps.tolist() == ref[0] == [0, 1, 2, 3, 4, 5, 6, 7]
    assert two.values.tolist() == ref[1] == [0, 1, 2, 3, 4, 105, 106, 107]


def test_truncated_file_reads_valid_prefix_with_warning() -> None:
    run = _one(TB / "bad" / "truncated")
    s = run.get("train/loss")
    full = _one(TB / "torch_simple").get("train/loss")
    assert s is not None and full is not None
    assert s.steps.tolist() == list(range(11))  # the 12th record is cut
    np.testing.assert_array_equal(s.values, full.values[:11])
    assert len(run.warnings) == 1 and "the last record is truncated" in run.warnings[0]


def test_garbage_file_is_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    bad = next((TB / "bad" / "garbage").iterdir())
    with pytest.raises(ReadError, match="not a TensorBoard event file"):
        lossdoctor.read(bad)
    assert main(["diagnose", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("lossdoctor: error: ") and "Traceback" not in err
    with pytest.raises(ReadError, match="not a TensorBoard event file"), pytest.warns(UserWarning):
        lossdoctor.read(bad.parent)


def test_crc_check_is_optional_and_catches_corruption(tmp_path: Path) -> None:
    src = next((TB / "torch_simple").iterdir())
    data = bytearray(src.read_bytes())
    v = _one(TB / "torch_simple").get("val/loss").values[5]  # type: ignore[union-attr]
    at = bytes(data).find(np.float32(v).tobytes())
    assert at > 0
    data[at] ^= 0x01  # one flipped bit in a value: the record still decodes, only its CRC can tell
    f = tmp_path / src.name
    f.write_bytes(bytes(data))
    fast = read_tensorboard(f)[0]
    checked = read_tensorboard(f, verify_crc=True)[0]
    assert not any("CRC" in w for w in fast.warnings)
    assert len(checked.warnings) == 1 and "fails its CRC check" in checked.warnings[0]
    assert sum(map(len, checked.series)) < sum(map(len, fast.series))
    assert not read_tensorboard(src, verify_crc=True)[0].warnings  # an intact file passes


def test_crc32c_implementations_agree() -> None:
    assert _crc32c_python(b"123456789") == 0xE3069283  # the CRC-32C check value
    chunks = [b"", b"a", b"123456789", bytes(range(256)) * 3]
    buf = np.frombuffer(b"".join(chunks), dtype=np.uint8)
    lens = np.array([len(c) for c in chunks], dtype=np.int64)
    offs = np.concatenate([[0], np.cumsum(lens)[:-1]]).astype(np.int64)
    assert masked_crc32c_many(buf, offs, lens).tolist() == [masked_crc32c(c) for c in chunks]


def test_can_read(tmp_path: Path) -> None:
    r = TensorBoardReader()
    assert r.can_read(TB / "torch_simple") and r.can_read(TB / "keras_layout" / "run")
    assert not r.can_read(TB / "multi") and not r.can_read(TB / "keras_layout")
    renamed = tmp_path / "log.bin"  # sniffed by content when the name does not say tfevents
    shutil.copy(next((TB / "tbx").iterdir()), renamed)
    assert r.can_read(renamed) and _one(renamed).get("loss/val") is not None
    (tmp_path / "notes.txt").write_text("epoch 1 loss 0.5\n")
    assert not r.can_read(tmp_path / "notes.txt")


def test_reading_needs_neither_protobuf_nor_tensorboard() -> None:
    import subprocess
    import sys

    code = ("import sys, lossdoctor; lossdoctor.read(sys.argv[1]); "
            "print(sorted(m for m in ('google.protobuf', 'tensorboard', 'tensorboardX', 'torch', 'tensorflow') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code, str(TB / "keras_layout")], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"
