"""Inputs of `lossdoctor check`: arrays, DataFrames, CSV/Parquet, texts, torch Datasets/DataLoaders; bad input is
one line and exit 2."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sklearn.datasets import load_wine

from lossdoctor import check
from lossdoctor.checks.context import read_labels
from lossdoctor.checks.data import load
from lossdoctor.cli import main
from lossdoctor.errors import ReadError, UsageError

pd = pytest.importorskip("pandas")


@pytest.fixture
def wine_frame() -> "pd.DataFrame":
    x, y = load_wine(return_X_y=True, as_frame=True)
    df = x.copy()
    df["label"] = y
    return df


def test_arrays_frames_and_files_read_alike(tmp_path: Path, wine_frame: "pd.DataFrame") -> None:
    x = wine_frame.drop(columns="label").to_numpy()
    y = wine_frame["label"].to_numpy()
    from_arrays = load((x, y), "train")
    from_frame = load(wine_frame, "train", label="label")
    wine_frame.to_csv(tmp_path / "w.csv", index=False)
    from_csv = load(tmp_path / "w.csv", "train", label="label")
    for d in (from_frame, from_csv):
        np.testing.assert_allclose(d.x, from_arrays.x)
        np.testing.assert_array_equal(d.y, y)
    assert from_csv.columns == tuple(wine_frame.columns[:-1])
    pytest.importorskip("pyarrow")
    wine_frame.to_parquet(tmp_path / "w.parquet")
    np.testing.assert_allclose(load(tmp_path / "w.parquet", "train", label="label").x, from_arrays.x)


def test_strings_are_hashed_and_datetimes_are_numbers() -> None:
    df = pd.DataFrame({"city": ["a", "b", "a"], "when": pd.to_datetime(["2024-01-01", "2024-01-02", None]),
                       "v": [1.0, 2.0, 3.0], "y": ["no", "yes", "no"]})
    d = load(df, "train", label="y")
    assert d.columns == ("when", "v") and d.other_columns == ("city",)
    assert d.other is not None and d.other[0, 0] == d.other[2, 0] != d.other[1, 0]
    assert np.isnan(d.x[2, 0]) and d.x[1, 0] > d.x[0, 0]
    labels = read_labels(d.y)
    assert labels.task == "classification" and labels.classes == ("no", "yes")


def test_torch_dataset_and_loader_keep_their_order() -> None:
    torch = pytest.importorskip("torch")
    from torch.utils.data import DataLoader, TensorDataset

    x = torch.arange(40, dtype=torch.float32).reshape(20, 2)
    y = torch.arange(20) % 2
    ds = TensorDataset(x, y)
    d = load(ds, "train")
    np.testing.assert_array_equal(d.y, y.numpy())
    assert not d.ordered
    dl = load(DataLoader(ds, batch_size=6), "train")
    assert dl.ordered and len(dl) == 20
    np.testing.assert_array_equal(dl.x, x.numpy())
    capped = load(DataLoader(ds, batch_size=6), "train", max_rows=7)
    assert len(capped) == 7 and capped.truncated


def test_dict_items_are_read_by_key() -> None:
    torch = pytest.importorskip("torch")

    class Dicts(torch.utils.data.Dataset):
        def __len__(self) -> int:
            return 5

        def __getitem__(self, i: int) -> dict:
            return {"pixel_values": torch.full((2, 2), float(i)), "labels": i % 2}

    d = load(Dicts(), "train")
    assert d.kind == "image" and d.x.shape == (5, 2, 2) and d.y.tolist() == [0, 1, 0, 1, 0]


def test_labels_task_and_format() -> None:
    assert read_labels(np.array([0, 1, 1, 0])).task == "classification"
    assert read_labels(np.random.default_rng(0).normal(size=100)).task == "regression"
    oh = read_labels(np.eye(3)[[0, 2, 1, 2]])
    assert oh.one_hot and oh.codes.tolist() == [0, 2, 1, 2]
    with pytest.raises(UsageError):
        read_labels(np.array([[0.2, 0.5], [0.1, 0.1]]))


def test_bad_inputs_raise_the_library_errors(tmp_path: Path, wine_frame: "pd.DataFrame") -> None:
    x = wine_frame.drop(columns="label").to_numpy()
    with pytest.raises(UsageError, match="178 rows but 10 labels"):
        check(x, y_train=np.zeros(10))
    with pytest.raises(ReadError, match="no label column 'target'"):
        check(wine_frame, label="target")
    with pytest.raises(UsageError, match="columns differ"):
        check((x, np.zeros(178)), test=(x[:, :5], np.zeros(178)))
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"not parquet at all")
    with pytest.raises(ReadError, match="bad.parquet"):
        check(str(bad), label="y")


def test_cli_bad_input_is_one_line_and_exit_2(tmp_path: Path, wine_frame: "pd.DataFrame",
                                              capsys: pytest.CaptureFixture[str]) -> None:
    wine_frame.to_csv(tmp_path / "w.csv", index=False)
    assert main(["check", "--train", str(tmp_path / "w.csv"), "--label", "nope"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "w.csv" in err[0] and "no label column 'nope'" in err[0]
    assert main(["check", "--train", str(tmp_path / "missing.csv")]) == 2
    assert "missing.csv: no such file" in capsys.readouterr().err
    (tmp_path / "m.py").write_text("def build():\n    raise RuntimeError('boom')\n")
    assert main(["check", "--train", str(tmp_path / "w.csv"), "--label", "label", "--model",
                 f"{tmp_path / 'm.py'}:build"]) == 2
    assert "build() failed: RuntimeError: boom" in capsys.readouterr().err
    assert main(["check", "--train", str(tmp_path / "w.csv"), "--label", "label", "--overfit"]) == 2
    assert "need a model" in capsys.readouterr().err


def test_a_model_that_fails_to_run_is_exit_2(tmp_path: Path, wine_frame: "pd.DataFrame",
                                             capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("torch")
    wine_frame.to_csv(tmp_path / "w.csv", index=False)
    (tmp_path / "m.py").write_text(
        "import torch.nn as nn\n"
        "def build():\n    return nn.Sequential(nn.Linear(12, 3)), nn.CrossEntropyLoss()\n")
    assert main(["check", "--train", str(tmp_path / "w.csv"), "--label", "label", "--model",
                 f"{tmp_path / 'm.py'}:build"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "forward pass" in err[0] and "RuntimeError" in err[0]
