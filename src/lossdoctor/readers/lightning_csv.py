"""PyTorch Lightning `CSVLogger`: `lightning_logs/version_N/metrics.csv` (+ `hparams.yaml` beside it).

Each `log_metrics` call is one sparse row `{**metrics, "step": step}`; validation and epoch-end rows share a step
with training rows but are separate rows, `LearningRateMonitor` rows have an empty `epoch`, a metric logged both
on step and on epoch is forked into `<name>_step` / `<name>_epoch`, several val loaders add `/dataloader_idx_N`.
Points are keyed by their own row's step (never the row index); a Trainer resumed from an earlier checkpoint into the
same logger appends rows whose step goes back, read in log order and numbered on (`_resumed`). A metric logged at
most once per epoch (epoch means, validation) becomes an epoch series on the `epoch` column; the rest stay on the
global step.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ReadError
from ..model import Axis, Run
from ._base import Points, make_run
from ._resumed import Resume, number_on, warning
from .table import (Table, column_hits, header_cells, hit_values, hit_x, number_resumes_on, read_table,
                    steps_per_epoch_of)


def _is_lightning_header(cells: list[str]) -> bool:
    return "step" in cells and len(cells) >= 2


def _metrics_file(path: Path) -> Path | None:
    """The metrics.csv a path stands for: the file itself, or the one directly inside a version folder."""
    if path.is_file():
        return path
    f = path / "metrics.csv"
    return f if f.is_file() else None


def parse_scalar(text: str) -> Any:
    """A YAML scalar as Python (int, float, bool, None or the stripped string)."""
    t = text.strip()
    if t.lower() in ("null", "~", ""):
        return None
    if t.lower() in ("true", "false"):
        return t.lower() == "true"
    for conv in (int, float):
        try:
            return conv(t)
        except ValueError:
            pass
    return t.strip("'\"")


def read_hparams(path: Path, warnings: list[str]) -> dict[str, Any]:
    """hparams.yaml as a flat dict: PyYAML's safe loader when installed, else top-level `key: value` lines.
    Never fails: a file it cannot read gives a warning and whatever top-level scalars it could find."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        warnings.append(f"{path.name} could not be read; hyper-parameters are missing")
        return {}
    try:
        import yaml

        data = yaml.safe_load(text)
        if isinstance(data, dict):
            return {str(k): v for k, v in data.items()}
        if data is None:
            return {}
    except ImportError:
        pass
    except Exception:  # noqa: BLE001 - python/object tags, bad YAML: fall back to the plain lines
        warnings.append(f"{path.name} is not plain YAML; only its top-level `key: value` lines were read")
    out: dict[str, Any] = {}
    for line in text.splitlines():
        if not line or line[0] in " \t#-" or ":" not in line:
            continue
        key, _, value = line.partition(":")
        if value.strip() and not value.strip().startswith(("!", "&", "*", "|", ">")):
            out[key.strip()] = parse_scalar(value)
    return out


class LightningCsvReader:
    name = "lightning_csv"

    def can_read(self, path: Path) -> bool:
        if path.is_dir():
            f = path / "metrics.csv"
            return f.is_file() and _is_lightning_header(header_cells(f)[0])
        if not path.is_file() or path.suffix.lower() != ".csv":
            return False
        cells, _ = header_cells(path)
        if path.name == "metrics.csv" or path.parent.name.startswith("version_"):
            return _is_lightning_header(cells)
        return "step" in cells and "epoch" in cells and cells == sorted(cells)  # Lightning sorts its header

    def read(self, path: Path) -> list[Run]:
        f = _metrics_file(path)
        if f is None:
            raise ReadError(path, "no metrics.csv in this folder (expected a Lightning CSVLogger version folder)")
        table = read_table(f, sep=",", writer_ends_rows=True)
        return runs_from_table(table, f, folder_or_file(path, f))


def _epoch_level(key: str, hit: np.ndarray, has_epoch: np.ndarray, epoch: np.ndarray, n_epochs: int
                 ) -> np.ndarray | None:
    """The epochs of a metric's points when it is logged once per epoch on rows that carry the epoch (epoch means,
    validation) and is not a `_step` fork; else None. `hit`: its points (rows with a step, `column_hits`);
    `n_epochs`: at most this many distinct epochs are logged, so a metric with more points repeats one."""
    if key.endswith("_step"):
        return None
    n = np.count_nonzero(hit)
    if n > n_epochs and not key.endswith("_epoch"):  # a per-step metric: decided without reading its epochs
        return None
    on_epoch_rows = has_epoch if hit.ndim == 1 else has_epoch[:, None]
    if np.count_nonzero(hit & on_epoch_rows) != n:  # a point on a row without an epoch
        return None
    e = hit_x(epoch, hit)
    if key.endswith("_epoch") or np.all(e[1:] > e[:-1]):  # increasing: each epoch once, without a sort
        return e
    if np.all(e[1:] >= e[:-1]):  # in order, so an epoch repeats
        return None
    _, per_epoch = np.unique(e, return_counts=True, equal_nan=False)
    return e if int(per_epoch.max()) == 1 else None


def _number_resumes_on(table: Table, metrics: list[int], step: np.ndarray, has_step: np.ndarray, epoch: np.ndarray,
                       has_epoch: np.ndarray, name: str, notes: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """A Trainer that resumes from an earlier checkpoint (`ckpt_path`) into the same CSVLogger appends rows whose
    step and epoch go back: read as written, in log order, the rows after the jump numbered on (`_resumed`), the
    epoch with the step, so that every metric moves with the step it was logged at."""
    new_step, key, resumes = number_resumes_on(table, table.header.index("step"), metrics)
    if not resumes:
        return step, epoch
    rows = np.arange(table.n_rows, dtype=np.float64)
    epoch_resumes = []
    for r in resumes:
        notes.append(warning(name, "step", key, r))
        before, at = has_epoch & (rows < r.at), np.flatnonzero(has_epoch & (rows >= r.at))
        if before.any() and at.size and epoch[at[0]] < epoch[before].max():  # the epoch went back with the step
            epoch_resumes.append(Resume(r.at, float(epoch[before].max()), float(epoch[at[0]]), 1.0))
    return new_step, number_on(epoch, rows, epoch_resumes)


def folder_or_file(path: Path, f: Path) -> Path:
    """The source a run names: the version folder when a folder was given, else the file."""
    return f.parent if path.is_dir() else f


def runs_from_table(table: Table, f: Path, source: Path) -> list[Run]:
    """The run in a parsed metrics.csv (also used by `lossdoctor watch`, which parses only appended rows)."""
    notes = list(table.warnings)
    header = table.header
    if "step" not in header:
        raise ReadError(f, "not a Lightning CSVLogger metrics.csv: no 'step' column")
    step_i = header.index("step")
    epoch_i = header.index("epoch") if "epoch" in header else None
    step, has_step = table.values[step_i], table.present[step_i]
    if epoch_i is None:
        epoch, has_epoch = np.full(table.n_rows, np.nan), np.zeros(table.n_rows, dtype=bool)
    else:
        epoch, has_epoch = table.values[epoch_i], table.present[epoch_i] & has_step
    metrics = [j for j in range(len(header)) if j not in (step_i, epoch_i)]
    step, epoch = _number_resumes_on(table, metrics, step, has_step, epoch, has_epoch,
                                     f.name if Path(source) != f else "", notes)
    skipped = int(np.count_nonzero(~has_step))
    if skipped:
        notes.append(f"{skipped} row(s) without a step were skipped")
    columns: dict[str, Points] = {}
    axes: dict[str, Axis] = {}
    epochs, steps = hit_x(epoch, has_epoch), hit_x(step, has_epoch)
    n_epochs = int(np.count_nonzero(epochs[1:] != epochs[:-1])) + 1  # >= the distinct epochs (NaNs each count)
    for key, (js, hit) in column_hits(header, metrics, has_step, table.present).items():
        e = _epoch_level(key, hit, has_epoch, epoch, n_epochs)
        axes[key] = Axis.STEP if e is None else Axis.EPOCH
        columns[key] = Points.of(hit_x(step, hit) if e is None else e, hit_values(table.values, js, hit))
    if not columns:
        raise ReadError(f, "a Lightning metrics.csv with no logged values")
    hparams: dict[str, Any] = {}
    hp_file = f.parent / "hparams.yaml"
    if hp_file.is_file():
        hparams.update(read_hparams(hp_file, notes))
    spe = steps_per_epoch_of(epochs, steps)
    if spe:
        hparams.setdefault("steps_per_epoch", spe)
    folder = f.parent
    name = f"{folder.parent.name}/{folder.name}" if folder.parent.name else folder.name
    return [make_run(name, source, "lightning_csv", columns, Axis.STEP, hparams=hparams, warnings=notes, axes=axes)]
