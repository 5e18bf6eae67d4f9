"""The notebook API: `diagnose()` takes what a notebook has at hand, and reports that show and save themselves.

`diagnose(x)` accepts a Keras `History` or its `.history` dict, a pandas DataFrame, a list of dicts (one per
epoch), a `Run`, or a path; it returns a `Report` for one run and a `Reports` collection for a path holding
several. Reports render to text, HTML, Markdown and dicts, display themselves in Jupyter and save to a file
whose suffix picks the format.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Mapping, Sequence, overload

import numpy as np

from .config import Options
from .errors import UsageError
from .i18n import Lang, default_lang
from .model import Axis, Run

if TYPE_CHECKING:
    from .engine import Report

SUFFIX_FORMAT = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown", ".json": "json",
                 ".txt": "text", ".png": "png", ".svg": "svg"}
_X_COLUMNS = ("epoch", "step", "global_step")


def _is_dataframe(obj: Any) -> bool:
    return type(obj).__name__ == "DataFrame" and hasattr(obj, "columns") and hasattr(obj, "to_dict")


def _from_dataframe(df: Any, name: str) -> Run:
    """Columns become series; an epoch/step column is the x axis, else the index (+1 when it starts at 0).
    A table logged sparsely (Lightning's metrics.csv: train and validation on separate rows of the same epoch, so
    the x column repeats) drops its empty cells; in a table with one row per epoch NaN stays (it is evidence)."""
    cols = [str(c) for c in df.columns]
    x_col = next((c for c in _X_COLUMNS if c in cols), None)
    data: dict[str, Any] = {}
    if x_col is not None:
        x = np.asarray(df[x_col], dtype=np.float64)
        axis = Axis.EPOCH if x_col == "epoch" else Axis.STEP
    else:
        x = np.asarray(df.index, dtype=np.float64) if np.issubdtype(np.asarray(df.index).dtype, np.number) \
            else np.arange(len(df), dtype=np.float64)
        x = x + 1 if x.size and x[0] == 0 else x
        axis = Axis.EPOCH
    sparse = x_col is not None and np.unique(x[np.isfinite(x)]).size < np.isfinite(x).sum()
    runs = []
    for c in cols:
        if c == x_col:
            continue
        try:
            v = np.asarray(df[c], dtype=np.float64)
        except (TypeError, ValueError):
            continue  # a text column (timestamps, names)
        keep = ~np.isnan(v) if sparse else np.ones(v.size, bool)
        keep &= np.isfinite(x)
        if keep.any():
            runs.append(Run.from_dict({c: v[keep]}, steps=x[keep], axis=axis))
    if not runs:
        raise UsageError("the DataFrame has no numeric metric column (e.g. loss, val_loss)")
    return Run(name=name, series=tuple(s for r in runs for s in r.series), format="dataframe")


def _from_records(records: Sequence[Mapping[str, Any]], name: str) -> Run:
    """[{'epoch': 1, 'loss': 0.9, 'val_loss': 1.0}, ...]: each key's values at the records that hold it."""
    keys: list[str] = []
    for rec in records:
        keys += [str(k) for k in rec if str(k) not in keys]
    x_col = next((c for c in _X_COLUMNS if c in keys), None)
    axis = Axis.STEP if x_col in ("step", "global_step") else Axis.EPOCH
    series = []
    for k in keys:
        if k == x_col:
            continue
        xs, vs = [], []
        for i, rec in enumerate(records):
            v = rec.get(k)
            if isinstance(v, bool) or not (v is None or isinstance(v, (int, float, np.number))):
                continue
            if v is None:
                continue
            xs.append(float(rec[x_col]) if x_col is not None and rec.get(x_col) is not None else float(i + 1))
            vs.append(float(v))
        if vs:
            series += list(Run.from_dict({k: vs}, steps=xs, axis=axis).series)
    if not series:
        raise UsageError("the records hold no numeric metric (e.g. {'epoch': 1, 'loss': 0.9})")
    return Run(name=name, series=tuple(series), format="records")


def to_runs(data: Any, name: str = "run") -> list[Run]:
    """Every run in `data` (see the module docstring); a clear UsageError for anything else."""
    if isinstance(data, Run):
        return [data]
    if isinstance(data, (str, os.PathLike)):
        from .identity import identify
        from .readers import read

        return identify(read(data))
    hist = getattr(data, "history", None)
    if isinstance(hist, Mapping) and hasattr(data, "model"):  # a keras.callbacks.History
        return [Run.from_dict(hist, name=name, format="keras_history")]
    if isinstance(data, Mapping):
        if not data:
            raise UsageError("the dict is empty: give e.g. {'loss': [...], 'val_loss': [...]}")
        inner = data.get("history")
        if isinstance(inner, Mapping):
            data = inner
        bad = [k for k, v in data.items() if not isinstance(v, (list, tuple, np.ndarray)) and not _is_series(v)]
        if bad:
            raise UsageError(f"dict values must be lists of numbers; {bad[0]!r} is {type(data[bad[0]]).__name__}")
        try:
            return [Run.from_dict({str(k): np.asarray(v, dtype=object) for k, v in data.items()}, name=name,
                                  format="keras_history")]
        except (TypeError, ValueError) as exc:
            raise UsageError(f"cannot read the dict as a history: {exc}") from None
    if _is_dataframe(data):
        return [_from_dataframe(data, name)]
    if isinstance(data, (list, tuple)) and data and all(isinstance(r, Mapping) for r in data):
        return [_from_records(data, name)]
    raise UsageError(f"diagnose() takes a Keras History or its .history dict, a pandas DataFrame, a list of dicts, "
                     f"a Run or a path; got {type(data).__name__}")


def _is_series(v: Any) -> bool:
    return type(v).__name__ == "Series" and hasattr(v, "to_numpy")


def diagnose(data: Any, *, name: str = "run", **options: Any) -> "Report | Reports":
    """Diagnose `data`: a Report for one run, a Reports collection for a path holding several.
    Options: num_classes, select, ignore (rule codes, prefixes or names; unknown ones are refused), and what the
    log does not hold: task, loss (config.TASKS, config.LOSSES), fine_tune, best_checkpoint (None = not stated)."""
    from .engine import diagnose_run
    from .selection import check_patterns

    for key in ("select", "ignore"):
        value = options.get(key)
        if value:
            options[key] = check_patterns([value] if isinstance(value, str) else value, key)
    try:
        opts = Options(**options)
    except TypeError as exc:
        raise UsageError(f"unknown option: {exc}") from None
    reports = [diagnose_run(r, opts) for r in to_runs(data, name)]
    return reports[0] if len(reports) == 1 else Reports(tuple(reports))


def save_reports(reports: Sequence["Report"], path: str | os.PathLike[str], lang: Lang | None = None,
                 details: bool = True) -> Path:
    """Write the reports to `path`, the format chosen by its suffix; never over a log they were read from."""
    from .output import check_output, write_atomic
    from .report import render

    p = Path(path)
    fmt = SUFFIX_FORMAT.get(p.suffix.lower())
    if fmt is None:
        raise UsageError(f"{p}: unknown report suffix; use one of {', '.join(sorted(SUFFIX_FORMAT))}")
    check_output(p, [rep.run.source for rep in reports if rep.run.source])
    write_atomic(p, render(list(reports), fmt, lang or default_lang(), details=details))
    return p


class ReportOutput:
    """What a Report can do besides holding findings (mixed into engine.Report)."""

    def to_text(self, lang: Lang | None = None, details: bool = False, width: int = 100) -> str:
        """The terminal report as plain text: one short screen, or everything with details=True."""
        from .report import render

        out = render([self], "text", lang or default_lang(), width=width, details=details)  # type: ignore[list-item]
        assert isinstance(out, str)
        return out

    def to_html(self, lang: Lang | None = None) -> str:
        from .report import render

        out = render([self], "html", lang or default_lang())  # type: ignore[list-item]
        assert isinstance(out, str)
        return out

    def to_markdown(self, lang: Lang | None = None) -> str:
        from .report import render

        out = render([self], "markdown", lang or default_lang())  # type: ignore[list-item]
        assert isinstance(out, str)
        return out

    def save(self, path: str | os.PathLike[str], lang: Lang | None = None) -> Path:
        """Write the report; the suffix picks the format (.html .md .json .txt .png .svg)."""
        return save_reports([self], path, lang)  # type: ignore[list-item]

    def _repr_html_(self) -> str:
        """Jupyter shows the interactive HTML report (the page is self-contained; an iframe keeps its styles)."""
        from html import escape

        page = self.to_html()
        return (f'<iframe srcdoc="{escape(page, quote=True)}" style="width:100%;height:720px;border:0" '
                f'title="lossdoctor report"></iframe>')

    def __str__(self) -> str:
        return self.to_text()

    def __repr__(self) -> str:
        rep: Any = self
        lead = rep.primary
        main = f", main={lead.code} {lead.name}" if lead is not None else ""
        return (f"<lossdoctor Report {rep.run.name!r}: {rep.verdict}{main}, {len(rep.findings)} finding(s); "
                f".to_text(details=True) for all>")


class Reports(Sequence["Report"]):
    """Several runs' reports (a directory): iterable and indexable, with a summary, worst first."""

    def __init__(self, reports: tuple["Report", ...]) -> None:
        self._reports = reports

    @overload
    def __getitem__(self, i: int) -> "Report": ...

    @overload
    def __getitem__(self, i: slice) -> "Reports": ...

    def __getitem__(self, i: int | slice) -> "Report | Reports":
        if isinstance(i, slice):
            return Reports(self._reports[i])
        return self._reports[i]

    def __len__(self) -> int:
        return len(self._reports)

    def __iter__(self) -> Iterator["Report"]:
        return iter(self._reports)

    def by_name(self, name: str) -> "Report":
        for r in self._reports:
            if r.run.name == name:
                return r
        raise KeyError(name)

    def summary(self, lang: Lang | None = None) -> str:
        """One line per run, worst first."""
        from .report.terminal import render

        return render(self._reports, lang or default_lang(), details=False).split("\n\n")[0] + "\n"

    def to_text(self, lang: Lang | None = None, details: bool = False, width: int = 100) -> str:
        from .report import render

        out = render(self._reports, "text", lang or default_lang(), width=width, details=details)
        assert isinstance(out, str)
        return out

    def to_html(self, lang: Lang | None = None) -> str:
        from .report import render

        out = render(self._reports, "html", lang or default_lang())
        assert isinstance(out, str)
        return out

    def to_markdown(self, lang: Lang | None = None) -> str:
        from .report import render

        out = render(self._reports, "markdown", lang or default_lang())
        assert isinstance(out, str)
        return out

    def to_dict(self, lang: Lang = "en") -> dict[str, Any]:
        """The whole JSON document (schema_version, tool, runs)."""
        from .report.json import to_document

        return to_document(self._reports, lang)

    def save(self, path: str | os.PathLike[str], lang: Lang | None = None) -> Path:
        return save_reports(self._reports, path, lang)

    def _repr_html_(self) -> str:
        from html import escape

        return (f'<iframe srcdoc="{escape(self.to_html(), quote=True)}" style="width:100%;height:720px;border:0" '
                f'title="lossdoctor report"></iframe>')

    def __str__(self) -> str:
        return self.to_text()

    def __repr__(self) -> str:
        counts: dict[str, int] = {}
        for r in self._reports:
            counts[r.verdict] = counts.get(r.verdict, 0) + 1
        parts = ", ".join(f"{n} {v}" for v, n in sorted(counts.items()))
        return f"<lossdoctor Reports: {len(self)} runs ({parts}); .summary() or .to_text() to read them>"
