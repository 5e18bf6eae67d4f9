"""MLflow runs: the SQLite store (`mlflow.db`, MLflow 3's default), the file store (`mlruns/`), and remote
tracking servers through MLflow's own client.

Local stores are read by hand, read-only, without mlflow: MLflow's client would write to them (its SQLite store
creates its tables in a database that lacks them; its file store creates `.trash` and a default experiment).
SQLite: `metrics(key, value, timestamp, run_uuid, step, is_nan)`; NaN is stored as value 0 with `is_nan` 1 and
+-inf as +-1.7976931348623157e308 (`sqlalchemy_store.sanitize_metric_value`), both restored here. File store:
`<exp>/<run>/metrics/<key>` (keys with '/' are sub-directories), lines `<timestamp_ms> <value> <step>` (2 fields
in old files: step 0; 5 with a dataset name and digest). One Run per MLflow run, named `<experiment>/<run name>`,
params as hparams; deleted runs and experiments are skipped.
"""
from __future__ import annotations

import math
import os
import shutil
import sqlite3
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import quote, unquote, urlparse

from ..errors import ReadError
from ..model import Axis, Run
from ._base import Points, head_bytes, make_run, walk

DB_SUFFIXES = {".db", ".sqlite", ".sqlite3"}
_SQLITE_MAGIC = b"SQLite format 3\x00"
_MLFLOW_TABLES = {"metrics", "runs", "experiments", "params", "tags"}
_DBL_MAX = sys.float_info.max


def restore_value(value: float, is_nan: bool = False) -> float:
    """NaN stored as a flag and +-inf stored as +-DBL_MAX become NaN and +-inf again."""
    if is_nan:
        return math.nan
    if abs(value) == _DBL_MAX:
        return math.copysign(math.inf, value)
    return value


def param_value(text: str) -> object:
    """MLflow params are strings; numbers become int/float so rules can use them."""
    if not isinstance(text, str):
        return text
    if len(text) > 18:  # int() refuses 4,300+ digits; nothing real is that long: keep it as text
        return text
    for cast in (int, float):
        try:
            return cast(text)
        except ValueError:
            pass
    return text


def _number(x: object) -> float | None:
    """A column the schema says is a number, as a float; None when it is NULL, text or a blob."""
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return None
    try:
        return float(x)
    except OverflowError:
        return math.copysign(math.inf, x)


# ------------------------------------------------------------------------------------------------ SQLite store


_DB_ERRORS = (sqlite3.Error, UnicodeDecodeError)  # sqlite3 decodes a damaged schema's error message as UTF-8


@contextmanager
def _connect(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection that writes nothing beside the database, whatever its journal mode.

    Rollback-journal databases (MLflow's default) open with `mode=ro`. A WAL database opened that way would
    create `-wal`/`-shm` files, so one without a `-wal` file (fully checkpointed) opens `immutable`, and one
    with a `-wal` file (a writer is live or crashed) is read from a private copy of both files, so its last
    commits are seen and its `-shm` is never touched."""
    wal = head_bytes(path, 20)[18:19] == b"\x02"
    tmp: tempfile.TemporaryDirectory[str] | None = None
    try:
        if wal and Path(f"{path}-wal").exists():
            tmp = tempfile.TemporaryDirectory(prefix="lossdoctor-")
            copy = Path(tmp.name) / "mlflow.db"
            shutil.copyfile(path, copy)
            shutil.copyfile(f"{path}-wal", f"{copy}-wal")
            con = sqlite3.connect(copy)
        else:
            uri = "file:" + quote(str(path.resolve())) + ("?immutable=1" if wal else "?mode=ro")
            con = sqlite3.connect(uri, uri=True)
            try:
                con.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlite3.OperationalError:  # a hot journal to roll back: read the pages as they are
                con.close()
                con = sqlite3.connect(f"file:{quote(str(path.resolve()))}?immutable=1", uri=True)
    except (OSError, *_DB_ERRORS) as exc:
        if tmp is not None:
            tmp.cleanup()
        raise ReadError(path, f"cannot be opened as an SQLite database ({exc})") from None
    try:
        yield con
    finally:
        con.close()
        if tmp is not None:
            tmp.cleanup()


def _tables(con: sqlite3.Connection) -> set[str]:
    return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def is_mlflow_db(path: Path) -> bool:
    if not path.is_file() or path.suffix.lower() not in DB_SUFFIXES or head_bytes(path, 16) != _SQLITE_MAGIC:
        return False
    try:
        with _connect(path) as con:
            return _MLFLOW_TABLES <= _tables(con)
    except (ReadError, *_DB_ERRORS):
        return False


def read_sqlite_store(path: Path, fmt: str = "mlflow") -> list[Run]:
    with _connect(path) as con:
        return _sqlite_runs(con, path, fmt)


def _sqlite_runs(con: sqlite3.Connection, path: Path, fmt: str) -> list[Run]:
    try:
        if not _MLFLOW_TABLES <= _tables(con):
            raise ReadError(path, "an SQLite database without MLflow's tables (metrics, runs, experiments, params)")
        experiments = {eid: name for eid, name, stage in
                       con.execute("SELECT experiment_id, name, lifecycle_stage FROM experiments")
                       if stage != "deleted"}
        names = {uuid: name for uuid, name in
                 con.execute("SELECT run_uuid, value FROM tags WHERE key='mlflow.runName'")}
        runs_meta = [(uuid, str(name or names.get(uuid) or str(uuid)[:8]), eid) for uuid, name, eid, stage in
                     con.execute("SELECT run_uuid, name, experiment_id, lifecycle_stage FROM runs "
                                 "ORDER BY start_time, run_uuid")
                     if stage != "deleted" and eid in experiments and uuid is not None]
        params: dict[str, dict[str, object]] = {}
        for key, value, uuid in con.execute("SELECT key, value, run_uuid FROM params ORDER BY key"):
            params.setdefault(uuid, {})[key] = param_value(value)
        metrics: dict[str, dict[str, Points]] = {}
        bad = 0
        for uuid, key, step, ts, value, is_nan in con.execute(
                "SELECT run_uuid, key, step, timestamp, value, is_nan FROM metrics ORDER BY timestamp, rowid"):
            x, v, t = _number(step), _number(value), _number(ts)
            if x is None or v is None or not isinstance(key, str):  # NULL or mistyped: the row places nothing
                bad += 1
                continue
            metrics.setdefault(uuid, {}).setdefault(key, Points()).add(
                x, restore_value(v, is_nan not in (0, None)), t / 1000.0 if t is not None else None)
    except _DB_ERRORS as exc:
        raise ReadError(path, f"cannot be read as an MLflow database ({exc})") from None
    notes = [f"{bad} metric row(s) with a missing or non-numeric step or value were skipped"] if bad else []
    runs = [make_run(f"{experiments[eid]}/{name}", path, fmt, metrics[uuid], Axis.STEP, params.get(uuid), notes)
            for uuid, name, eid in runs_meta if uuid in metrics]
    if not runs:
        raise ReadError(path, "the MLflow database holds no run with logged metrics")
    return runs


# ------------------------------------------------------------------------------------------------ file store


def _meta(path: Path) -> dict[str, str]:
    """Top-level scalars of an MLflow `meta.yaml` (flat `key: value` lines; no YAML library needed)."""
    out: dict[str, str] = {}
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return out
    for line in text.splitlines():
        if line[:1].isspace() or ":" not in line:
            continue
        key, _, value = line.partition(":")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        out[key.strip()] = value
    return out


def _subdirs(path: Path) -> list[Path]:
    try:
        with os.scandir(path) as it:
            return sorted(Path(e.path) for e in it if e.is_dir() and not e.name.startswith("."))
    except OSError:
        return []


def is_run_dir(path: Path) -> bool:
    return (path / "meta.yaml").is_file() and (path / "metrics").is_dir()


def is_experiment_dir(path: Path) -> bool:
    return (path / "meta.yaml").is_file() and not (path / "metrics").is_dir() \
        and any(is_run_dir(d) for d in _subdirs(path))


def is_store_root(path: Path) -> bool:
    return not (path / "meta.yaml").exists() and any(is_experiment_dir(d) for d in _subdirs(path))


def _read_metric_file(path: Path, key: str, notes: list[str]) -> Points:
    points = Points()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        notes.append(f"{key}: cannot be read ({exc}); skipped")
        return points
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    elif lines[-1].strip():  # MLflow ends every line with '\n': a last line without one was cut mid-write
        notes.append(f"{key}: the last line ({lines[-1]!r}) was cut while being written; it was skipped")
        lines.pop()
    bad = 0
    for line in lines:
        cells = line.split()
        try:
            if len(cells) not in (2, 3, 5):
                raise ValueError(line)
            ts, value = float(cells[0]), float(cells[1])
            step = float(cells[2]) if len(cells) >= 3 else 0.0
        except ValueError:
            bad += 1
            continue
        points.add(step, restore_value(value), ts / 1000.0)
    if bad:
        notes.append(f"{key}: {bad} malformed line(s) skipped")
    return points


def _read_run_dir(run_dir: Path, experiment: str, fmt: str) -> Run | None:
    meta = _meta(run_dir / "meta.yaml")
    if meta.get("lifecycle_stage") == "deleted":
        return None
    name = meta.get("run_name") or _read_small(run_dir / "tags" / "mlflow.runName") or run_dir.name[:8]
    notes: list[str] = []
    columns: dict[str, Points] = {}
    metrics = run_dir / "metrics"
    for dirpath, dirnames, filenames in walk(metrics):
        dirnames.sort()
        for fname in sorted(filenames):
            f = Path(dirpath) / fname
            key = f.relative_to(metrics).as_posix()
            columns[key] = _read_metric_file(f, key, notes)
    params = {}
    pdir = run_dir / "params"
    for dirpath, _, filenames in walk(pdir):
        for fname in sorted(filenames):
            f = Path(dirpath) / fname
            params[f.relative_to(pdir).as_posix()] = param_value(_read_small(f) or "")
    run = make_run(f"{experiment}/{name}" if experiment else name, run_dir, fmt, columns, Axis.STEP, params, notes)
    return run if run.series else None


def _read_small(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None


def _read_experiment(exp_dir: Path, fmt: str) -> list[Run]:
    meta = _meta(exp_dir / "meta.yaml")
    if meta.get("lifecycle_stage") == "deleted":
        return []
    name = meta.get("name") or exp_dir.name
    run_dirs = sorted((d for d in _subdirs(exp_dir) if is_run_dir(d)), key=_start_time)  # the SQLite store's order
    return [r for d in run_dirs for r in [_read_run_dir(d, name, fmt)] if r is not None]


def _start_time(run_dir: Path) -> tuple[int, str]:
    start = _meta(run_dir / "meta.yaml").get("start_time", "")
    return (int(start) if start.isascii() and start.isdigit() and len(start) <= 18 else 0, run_dir.name)


def read_file_store(path: Path, fmt: str = "mlflow") -> list[Run]:
    if is_run_dir(path):
        exp_meta = _meta(path.parent / "meta.yaml")
        run = _read_run_dir(path, exp_meta.get("name", ""), fmt)
        runs = [run] if run is not None else []
    elif is_experiment_dir(path):
        runs = _read_experiment(path, fmt)
    else:
        runs = [r for d in _subdirs(path) if is_experiment_dir(d) for r in _read_experiment(d, fmt)]
    if not runs:
        raise ReadError(path, "no MLflow run with logged metrics here (deleted runs are skipped)")
    return runs


class MlflowReader:
    """An `mlflow.db` SQLite store, or a file store: `mlruns/`, one experiment dir, or one run dir."""

    name = "mlflow"

    def can_read(self, path: Path) -> bool:
        if path.is_dir():
            return is_run_dir(path) or is_experiment_dir(path) or is_store_root(path)
        return is_mlflow_db(path)

    def read(self, path: Path) -> list[Run]:
        path = Path(path)
        if path.is_dir():
            return read_file_store(path, self.name)
        if head_bytes(path, 16) != _SQLITE_MAGIC:
            raise ReadError(path, "not an MLflow store: expected an SQLite database (mlflow.db) or an mlruns/ "
                                  "directory")
        return read_sqlite_store(path, self.name)


# ------------------------------------------------------------------------------------------------ tracking URIs


def local_store_path(uri: str) -> Path | None:
    """The local path of a `sqlite:///...` or `file:...` URI, else None."""
    parsed = urlparse(uri)
    if parsed.scheme == "sqlite" and parsed.path:  # SQLAlchemy: sqlite:///relative.db, sqlite:////absolute.db
        return Path(unquote(parsed.path[1:] if parsed.path.startswith("/") else parsed.path))
    if parsed.scheme == "file" and parsed.path:
        return Path(unquote(parsed.path))
    return None


def read_tracking_uri(uri: str) -> list[Run]:
    """Every run behind an MLflow tracking URI. Local stores (`sqlite:///`, `file:`) are read by hand,
    read-only; remote ones (`http(s)://`, `databricks://`...) through MLflow's client (the `mlflow` extra)."""
    local = local_store_path(uri)
    if local is not None:
        if not local.exists():
            raise ReadError(uri, "no such file or directory")
        return MlflowReader().read(local)
    return read_with_client(uri)


# MLflow retries a refused connection 7 times with exponential backoff (about 4 minutes measured): a typo in a
# URI should fail in seconds. Applied only while reading, and only where the user has not set them.
_QUICK_RETRIES = {"MLFLOW_HTTP_REQUEST_MAX_RETRIES": "2", "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR": "1"}


@contextmanager
def _quick_retries() -> Iterator[None]:
    added = [k for k in _QUICK_RETRIES if k not in os.environ]
    os.environ.update({k: _QUICK_RETRIES[k] for k in added})
    try:
        yield
    finally:
        for k in added:
            os.environ.pop(k, None)


def is_remote(uri: str) -> bool:
    """A tracking server read through MLflow's client (`http(s)://`, `databricks://`...), not a local store URI."""
    return "://" in uri and local_store_path(uri) is None


@dataclass(frozen=True)
class RemoteRun:
    """A run as a tracking server lists it: what a worker needs to fetch its points on its own (names and ids only,
    so the process that lists a fleet holds nothing that grows with the runs' lengths)."""

    uri: str
    run_id: str
    name: str  # <experiment>/<run name>
    keys: tuple[str, ...]  # its metric keys, sorted
    params: tuple[tuple[str, str], ...]


def read_with_client(uri: str) -> list[Run]:
    """All points of every metric of every active run, through `MlflowClient` (paged searches), in this process."""
    runs = [run for ref in list_remote_runs(uri) for run in [fetch_remote_run(ref)] if run is not None]
    if not runs:
        raise ReadError(uri, "the MLflow tracking server holds no run with logged metrics")
    return runs


def list_remote_runs(uri: str) -> list[RemoteRun]:
    """Every active run with logged metrics, in the server's order: a paged `search_experiments`, then per
    experiment a paged `search_runs` (1,000 a page). No metric history is fetched here."""
    refs: list[RemoteRun] = []
    with _quick_retries(), _one_line(uri, "the MLflow tracking server could not be read"):
        client = _client(uri)
        experiments, token = [], None
        while True:
            page = client.search_experiments(page_token=token)
            experiments.extend(page)
            token = page.token
            if not token:
                break
        for exp in experiments:
            token = None
            while True:
                page = client.search_runs([exp.experiment_id], max_results=1000, page_token=token)
                refs += [RemoteRun(uri, r.info.run_id, f"{exp.name}/{r.info.run_name or r.info.run_id[:8]}",
                                   tuple(sorted(r.data.metrics)), tuple(r.data.params.items()))
                         for r in page if r.data.metrics]
                token = page.token
                if not token:
                    break
    if not refs:
        raise ReadError(uri, "the MLflow tracking server holds no run with logged metrics")
    return refs


def fetch_remote_run(ref: RemoteRun) -> Run | None:
    """One listed run with every point of each metric (`get_metric_history`: steps, timestamps, NaN and +-inf
    restored), through this process's client for the server; None when no metric has a point."""
    columns: dict[str, Points] = {}
    with _quick_retries(), _one_line(ref.uri, f"run {ref.name} ({ref.run_id}) could not be read"):
        client = _client(ref.uri)
        for key in ref.keys:
            p = columns.setdefault(key, Points())
            for m in sorted(client.get_metric_history(ref.run_id, key), key=lambda m: m.timestamp):
                p.add(float(m.step), restore_value(float(m.value)), m.timestamp / 1000.0)
    if not any(p.values for p in columns.values()):
        return None
    return make_run(ref.name, ref.uri, "mlflow", columns, Axis.STEP, {k: param_value(v) for k, v in ref.params})


_CLIENTS: dict[tuple[int, str], Any] = {}  # (process id, URI) -> MlflowClient: one per server per process


def _client(uri: str) -> Any:
    """This process's client for `uri`, made on first use (a forked worker makes its own: the parent's connections
    are not shared across processes)."""
    key = (os.getpid(), uri)
    if key not in _CLIENTS:
        _CLIENTS[key] = _client_class(uri)(tracking_uri=uri)
    return _CLIENTS[key]


def _client_class(uri: str) -> type:
    try:
        from mlflow.tracking import MlflowClient
    except ImportError:
        raise ReadError(uri, "reading an MLflow tracking server needs mlflow: pip install 'lossdoctor[mlflow]'") \
            from None
    return MlflowClient


@contextmanager
def _one_line(uri: str, what: str) -> Iterator[None]:
    """Any error of MLflow's client (MlflowException, requests' errors...) as one ReadError line."""
    try:
        yield
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001 - mlflow raises many types: one line each
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ReadError(uri, f"{what} ({detail})") from None
