"""The Lightning and table readers' work after the parse: the fast paths (epochs in file order, one mask per
metric, no sort) give what the general ones give, and a large CSV read without pyarrow says how to read it faster."""
from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

import lossdoctor
from lossdoctor.model import Axis
from lossdoctor.readers import table
from lossdoctor.readers.table import read_table, steps_per_epoch, steps_per_epoch_of


def _reference(epochs: np.ndarray, steps: np.ndarray) -> float | None:
    """steps_per_epoch spelled out: each epoch's largest step, then the median increase between consecutive epochs."""
    last: dict[float, float] = {}
    for e, s in zip(epochs.tolist(), steps.tolist()):
        if e == e and s == s:  # not NaN
            last[e] = max(last.get(e, s), s)
    es = sorted(last)
    diffs = sorted(last[b] - last[a] for a, b in zip(es, es[1:]) if b == a + 1 and last[b] > last[a])
    return float(diffs[len(diffs) // 2]) if diffs else None


@pytest.mark.parametrize("seed", range(40))
def test_steps_per_epoch_without_a_sort_matches_the_definition(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 400))
    epochs = np.sort(rng.integers(0, 12, n)).astype(float)
    steps = np.cumsum(rng.integers(0, 3, n)).astype(float)
    if seed % 4 == 1:  # a log whose epochs are out of order (concatenated by hand): the sorted path
        order = rng.permutation(n)
        epochs, steps = epochs[order], steps[order]
    if seed % 4 == 2:  # steps that go back inside an epoch (a resumed run): the last step is still the largest
        steps = rng.permutation(steps)
    if seed % 4 == 3:  # logged NaNs are skipped
        epochs[rng.random(n) < 0.1] = np.nan
        steps[rng.random(n) < 0.1] = np.nan
    want = _reference(epochs, steps)
    assert steps_per_epoch_of(epochs, steps) == want
    assert steps_per_epoch(np.column_stack([epochs, steps])) == want


def test_steps_per_epoch_takes_each_epochs_last_step() -> None:
    epochs = np.array([0, 0, 0, 1, 1, 2, 2, 2.0])
    steps = np.array([3, 9, 5, 12, 19, 25, 29, 24.0])  # epoch 0 ends at 9, 1 at 19, 2 at 29
    assert steps_per_epoch_of(epochs, steps) == 10.0
    assert steps_per_epoch_of(epochs[::-1], steps[::-1]) == 10.0  # the same pairs in another order
    assert steps_per_epoch_of(np.array([]), np.array([])) is None


def _lightning(tmp_path: Path, text: str) -> lossdoctor.Run:
    d = tmp_path / "version_0"
    d.mkdir(parents=True)
    (d / "metrics.csv").write_text(text)
    [run] = lossdoctor.read(d)
    return run


def test_a_metric_once_per_epoch_in_file_order_is_an_epoch_series(tmp_path: Path) -> None:
    run = _lightning(tmp_path, "epoch,step,train_loss,val_loss\n0,0,1.0,\n0,1,0.9,\n0,1,,0.95\n1,2,0.8,\n1,3,0.7,\n"
                               "1,3,,0.75\n")
    val, train = run.get("val_loss"), run.get("train_loss")
    assert val.axis is Axis.EPOCH and list(val.steps) == [0, 1] and list(val.values) == [0.95, 0.75]
    assert train.axis is Axis.STEP and list(train.steps) == [0, 1, 2, 3]
    assert run.hparams["steps_per_epoch"] == 2


def test_epochs_out_of_file_order_still_count_once_each(tmp_path: Path) -> None:
    """Rows whose epochs are not in order take the general check (np.unique) instead of the in-order one."""
    run = _lightning(tmp_path, "epoch,step,val_loss\n1,3,0.75\n0,1,0.95\n2,5,0.6\n")
    assert run.get("val_loss").axis is Axis.EPOCH  # (then read as a restart at epoch 0, as any series is)
    run = _lightning(tmp_path / "b", "epoch,step,val_loss\n1,3,0.75\n0,1,0.95\n1,5,0.6\n")  # epoch 1 twice
    assert run.get("val_loss").axis is Axis.STEP


def test_a_point_on_a_row_without_an_epoch_keeps_the_step_axis(tmp_path: Path) -> None:
    run = _lightning(tmp_path, "epoch,lr-SGD,step,val_loss\n,0.1,0,\n0,,4,0.9\n,0.05,5,\n1,,9,0.8\n")
    assert run.get("lr-SGD").axis is Axis.STEP and list(run.get("lr-SGD").steps) == [0, 5]
    assert run.get("val_loss").axis is Axis.EPOCH


def test_forks_and_columns_sharing_a_name(tmp_path: Path) -> None:
    run = _lightning(tmp_path, "epoch,step,loss_epoch,loss_step,val_loss,val_loss\n0,1,,0.9,,\n0,1,0.85,,0.8,\n"
                               "1,3,,0.7,,\n1,3,0.65,,,0.6\n")
    assert run.get("loss_epoch").axis is Axis.EPOCH and run.get("loss_step").axis is Axis.STEP
    merged = run.get("val_loss")  # two columns of one name merge row by row: once per epoch
    assert merged.axis is Axis.EPOCH and list(merged.values) == [0.8, 0.6]


def _sparse_text(rows: int) -> str:
    lines = ["epoch,lr-Adam,step,train_loss,val_loss"]
    for i in range(rows):
        lines.append(f"{i // 100},,{i // 2},{1 / (i + 1)!r}," if i % 2 == 0 else f"{i // 100},,{i // 2},,{i / 7!r}")
    return "\n".join(lines) + "\n"


def test_a_large_csv_read_without_pyarrow_hints_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "metrics.csv"
    p.write_text(_sparse_text(2000))
    with_arrow = read_table(p) if "pyarrow" in sys.modules or _has_pyarrow() else None
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # `import pyarrow` now raises ImportError
    monkeypatch.setattr(table, "ARROW_MIN_BYTES", 0)
    monkeypatch.setattr(table, "HINT_MIN_BYTES", p.stat().st_size)
    monkeypatch.setattr(table, "_hinted", [])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first = read_table(p)
        read_table(p)
    assert [str(w.message) for w in caught] == [f"{p}: 0 MB of CSV read without pyarrow; {table.FAST_HINT}"]
    assert "lossdoctor[fast]" in table.FAST_HINT
    if with_arrow is not None:  # the hint is all that differs: the table is the same
        assert first.values.tobytes() == with_arrow.values.tobytes()
        assert np.array_equal(first.present, with_arrow.present)
    monkeypatch.setattr(table, "_hinted", [])
    monkeypatch.setattr(table, "HINT_MIN_BYTES", p.stat().st_size + 1)  # a smaller file: no hint
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        read_table(p)
    assert not caught


def _has_pyarrow() -> bool:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True
