"""The data a check reads, from whatever the user has: NumPy arrays, pandas DataFrames, CSV/Parquet files, texts,
torch Datasets and DataLoaders. Everything becomes one `Data`: numeric features, labels, row ids."""
from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np

from ..errors import ReadError, UsageError

MAX_ROWS = 2_000_000  # a torch Dataset/DataLoader is read this far at most (a bound on time and memory)
LABEL_KEYS = ("y", "label", "labels", "target", "targets")
INPUT_KEYS = ("x", "input", "inputs", "image", "images", "pixel_values", "features", "input_ids", "text")
FILE_SUFFIXES = (".csv", ".tsv", ".txt", ".parquet", ".pq", ".npy", ".npz")


@dataclass(frozen=True, eq=False)
class Data:
    """One split as the checks see it.

    x: tables (n, d) float64 of the numeric columns (datetimes as nanoseconds); images (n, ...) numeric;
       texts (n,) object array of str.
    y: the labels as given ((n,) or one-hot (n, C)), or None.
    ids: (n,) the row ids shown to the user (a DataFrame's index, else 0..n-1).
    other: (n, k) uint64 hashes of a table's non-numeric columns (strings, categories), or None.
    ordered: the rows are in the order training will see them (read from a DataLoader).
    """

    name: str
    x: np.ndarray
    y: np.ndarray | None
    ids: np.ndarray
    kind: str  # "table", "image" or "text"
    columns: tuple[str, ...] = ()
    other: np.ndarray | None = None
    other_columns: tuple[str, ...] = ()
    source: str = ""
    ordered: bool = False
    truncated: bool = False
    label_name: str = ""
    time_columns: tuple[str, ...] = ()  # datetime columns, read as nanoseconds (an order, not a scale)

    def __len__(self) -> int:
        return int(self.x.shape[0])

    @property
    def flat(self) -> np.ndarray:
        """Numeric rows as a 2-D float array (images flattened); texts have none."""
        if self.kind == "text":
            raise ValueError("texts have no numeric features")
        return self.x.reshape(len(self), -1)


def load(obj: Any, name: str, label: str | None = None, y: Any = None, max_rows: int = MAX_ROWS) -> Data:
    """Any supported input as Data. `label` names the label column of a table or file; `y` gives labels beside
    arrays. Bad input raises ReadError/UsageError naming the thing and what is wrong."""
    if isinstance(obj, Data):
        return obj
    if isinstance(obj, (str, Path)):
        return _from_frame(read_file(Path(obj)), name, label, y, source=str(obj))
    if _is_frame(obj):
        return _from_frame(obj, name, label, y, source=name)
    if isinstance(obj, tuple) and len(obj) == 2 and y is None and label is None:
        return load(obj[0], name, y=obj[1], max_rows=max_rows)
    if _is_torch_loader(obj):
        x, yy = _iterate(obj, max_rows, batched=True, name=name)
        return _from_arrays(x, yy if y is None else _array(y, name), name, ordered=True,
                            truncated=x.shape[0] >= max_rows, source=type(obj).__name__)
    if _is_torch_dataset(obj):
        x, yy = _iterate(obj, max_rows, batched=False, name=name)
        return _from_arrays(x, yy if y is None else _array(y, name), name, truncated=len(obj) > max_rows,
                            source=type(obj).__name__)
    if label is not None:
        raise UsageError(f"{name}: --label/label= names a column, but {name} is not a table or a file")
    return _from_arrays(_array(obj, name), None if y is None else _array(y, name), name)


def read_file(path: Path) -> Any:
    """A CSV/TSV or Parquet file as a DataFrame (needs pandas; Parquet needs pyarrow)."""
    if not path.exists():
        raise ReadError(path, "no such file")
    if path.is_dir():
        raise ReadError(path, "is a directory; give a CSV or Parquet file")
    try:
        import pandas as pd
    except ImportError:
        raise ReadError(path, "reading tables needs pandas: pip install 'lossdoctor[data]'") from None
    suffix = path.suffix.lower()
    try:
        if suffix in (".parquet", ".pq"):
            try:
                return pd.read_parquet(path)
            except ImportError:
                raise ReadError(path, "reading Parquet needs pyarrow: pip install 'lossdoctor[data]'") from None
        if suffix in (".npy", ".npz"):
            arr = np.load(path, allow_pickle=False)
            if isinstance(arr, np.lib.npyio.NpzFile):
                raise ReadError(path, ".npz holds several arrays; pass them through the Python API")
            return pd.DataFrame(arr.reshape(arr.shape[0], -1))
        frame = pd.read_csv(path, sep="\t" if suffix == ".tsv" else ",")
    except ReadError:
        raise
    except (UnicodeDecodeError, ValueError, OSError) as exc:  # pandas' parser errors are ValueErrors
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ReadError(path, f"not a readable table ({first})") from None
    if frame.shape[0] == 0:
        raise ReadError(path, "holds no rows")
    return frame


def _is_frame(obj: Any) -> bool:
    return type(obj).__name__ == "DataFrame" and hasattr(obj, "columns") and hasattr(obj, "dtypes")


def _torch_data() -> Any:
    """torch.utils.data when torch is already imported (a DataLoader cannot exist otherwise): importing torch
    just to ask would cost seconds on every check of plain arrays."""
    return sys.modules.get("torch.utils.data")


def _is_torch_loader(obj: Any) -> bool:
    data = _torch_data()
    return data is not None and isinstance(obj, data.DataLoader)


def _is_torch_dataset(obj: Any) -> bool:
    data = _torch_data()
    return data is not None and isinstance(obj, data.Dataset)


def _numpy(v: Any) -> Any:
    """A tensor (torch, or anything with .numpy()) as a NumPy array; other values as they are."""
    if hasattr(v, "detach"):
        v = v.detach().cpu()
    if hasattr(v, "numpy") and not isinstance(v, np.ndarray):
        return v.numpy()
    return v


def _split_item(item: Any, name: str) -> tuple[Any, Any]:
    """An item of a Dataset (or a batch of a DataLoader) as (inputs, labels)."""
    if isinstance(item, dict):
        xk = next((k for k in INPUT_KEYS if k in item), None)
        yk = next((k for k in LABEL_KEYS if k in item), None)
        if xk is None:
            raise UsageError(f"{name}: items are dicts without an input key ({', '.join(INPUT_KEYS)})")
        return item[xk], (item[yk] if yk is not None else None)
    if isinstance(item, (tuple, list)):
        if len(item) >= 2:
            return item[0], item[1]
        return item[0], None
    return item, None


def _iterate(obj: Any, max_rows: int, batched: bool, name: str) -> tuple[np.ndarray, np.ndarray | None]:
    """Read a Dataset (item by item) or a DataLoader (batch by batch, in its order) into arrays, up to max_rows."""
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    rows = 0
    source: Iterable[Any] = obj if batched else (obj[i] for i in range(min(len(obj), max_rows)))
    try:
        for item in source:
            x, y = _split_item(item, name)
            x = np.asarray(_numpy(x))
            if not batched:
                x = x[None]
            xs.append(x)
            if y is not None:
                yy = np.asarray(_numpy(y))
                ys.append(yy if batched else yy[None])
            rows += x.shape[0]
            if rows >= max_rows:
                break
    except UsageError:
        raise
    except Exception as exc:  # noqa: BLE001 - the user's dataset failed: name it, one line
        raise UsageError(f"{name}: reading {type(obj).__name__} failed: {type(exc).__name__}: {exc}") from None
    if not xs:
        raise UsageError(f"{name}: {type(obj).__name__} is empty")
    if ys and len(ys) != len(xs):
        raise UsageError(f"{name}: some items of {type(obj).__name__} have labels and some do not")
    try:
        x_all = np.concatenate(xs)[:max_rows]
        y_all = np.concatenate(ys)[:max_rows] if ys else None
    except ValueError as exc:
        raise UsageError(f"{name}: items of {type(obj).__name__} have different shapes ({exc})") from None
    return x_all, y_all


def _array(obj: Any, name: str) -> np.ndarray:
    obj = _numpy(obj)
    if _is_frame(obj) or type(obj).__name__ == "Series":
        obj = obj.to_numpy()
    try:
        arr = np.asarray(obj)
    except ValueError as exc:  # ragged lists
        raise UsageError(f"{name}: not an array ({exc})") from None
    if arr.dtype == object and arr.ndim == 1 and len(arr) and not all(isinstance(v, str) for v in arr[:1000]):
        raise UsageError(f"{name}: an object array that is neither numbers nor texts")
    if arr.ndim == 0:
        raise UsageError(f"{name}: a scalar, not a dataset")
    return arr


def _from_arrays(x: np.ndarray, y: np.ndarray | None, name: str, ordered: bool = False, truncated: bool = False,
                 source: str = "") -> Data:
    n = x.shape[0]
    if y is not None and y.shape[0] != n:
        raise UsageError(f"{name}: {n} rows but {y.shape[0]} labels")
    if x.dtype.kind in "USO":
        if x.ndim != 1:
            raise UsageError(f"{name}: texts must be a 1-D sequence of strings")
        return Data(name, np.asarray(x, dtype=object).astype(str).astype(object), y, np.arange(n), "text",
                    source=source or name, ordered=ordered, truncated=truncated)
    if x.dtype.kind not in "biuf":
        raise UsageError(f"{name}: inputs of dtype {x.dtype} are neither numbers nor texts")
    if x.ndim >= 3:
        return Data(name, x, y, np.arange(n), "image", source=source or name, ordered=ordered, truncated=truncated)
    x2 = x.reshape(n, -1).astype(np.float64, copy=False)
    cols = tuple(f"x{j}" for j in range(x2.shape[1]))
    return Data(name, x2, y, np.arange(n), "table", columns=cols, source=source or name, ordered=ordered,
                truncated=truncated)


def _from_frame(frame: Any, name: str, label: str | None, y: Any, source: str) -> Data:
    """A DataFrame as Data: the label column out, numeric (and datetime) columns as floats, the rest hashed."""
    import pandas as pd

    yy: np.ndarray | None = None
    label_name = ""
    if label is not None:
        if label not in frame.columns:
            shown = ", ".join(map(str, list(frame.columns)[:12]))
            raise ReadError(source, f"no label column {label!r} (columns: {shown})")
        yy = frame[label].to_numpy()
        label_name = label
        frame = frame.drop(columns=[label])
    elif y is not None:
        yy = _array(y, name)
    if yy is not None and yy.shape[0] != frame.shape[0]:
        raise UsageError(f"{name}: {frame.shape[0]} rows but {yy.shape[0]} labels")
    if frame.shape[1] == 0:
        raise ReadError(source, "no feature columns besides the label")
    numeric: list[np.ndarray] = []
    names: list[str] = []
    times: list[str] = []
    other: list[np.ndarray] = []
    other_names: list[str] = []
    for col in frame.columns:
        s = frame[col]
        if pd.api.types.is_bool_dtype(s) or pd.api.types.is_numeric_dtype(s):
            numeric.append(s.to_numpy(dtype=np.float64, na_value=np.nan))
            names.append(str(col))
        elif pd.api.types.is_datetime64_any_dtype(s):
            v = s.to_numpy().astype("datetime64[ns]").astype(np.int64).astype(np.float64)
            v[s.isna().to_numpy()] = np.nan
            numeric.append(v)
            names.append(str(col))
            times.append(str(col))
        else:
            other.append(pd.util.hash_array(s.astype(str).to_numpy(dtype=object), categorize=True))
            other_names.append(str(col))
    n = frame.shape[0]
    x = np.column_stack(numeric) if numeric else np.zeros((n, 0))
    oth = np.column_stack(other).astype(np.uint64) if other else None
    if yy is not None and yy.dtype == object:
        yy = yy.astype(str)
    return Data(name, x, yy, frame.index.to_numpy(), "table", tuple(names), oth, tuple(other_names),
                source=source, label_name=label_name, time_columns=tuple(times))


def text_fingerprint(texts: Sequence[str]) -> np.ndarray:
    """A stable 64-bit hash per text (blake2b), for exact matching of canonical texts."""
    return np.fromiter((int.from_bytes(hashlib.blake2b(t.encode("utf-8"), digest_size=8).digest(), "little")
                        for t in texts), dtype=np.uint64, count=len(texts))
