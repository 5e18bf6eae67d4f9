"""Many runs at once: read and diagnose each log in a process pool over all cores, results streamed back in order.

The parent only finds the logs and writes what comes back; a worker reads one log (a file, or a directory a reader
claims) and diagnoses its runs. Local logs are found by sniffing (no parsing). A tracking server (`http://host:5000`,
`databricks://...`) is listed in the parent (paged searches: run ids, names, metric keys and params, no points) and
each worker fetches the metric histories of the runs it is given, through its own client. With `line=True` a worker
sends back each run's JSON Lines record instead of the Report, and at most a few chunks per worker are in flight, so
the parent holds nothing per run's points: memory stays flat in the number of runs.
"""
from __future__ import annotations

import os
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from functools import partial
from typing import Any, Callable, Iterator, Mapping, Sequence

from .config import Options
from .engine import Report, diagnose_run
from .errors import LossDoctorError, ReadError
from .findings import Severity
from .i18n import Lang
from .model import Run
from .names import NameInfo
from .readers import apply_name_map, no_run_detail, read, reader_named, units
from .readers.mlflow import RemoteRun, fetch_remote_run, is_remote, list_remote_runs

CHUNK = 8  # units per task sent to a worker: amortises the round trip without starving the other cores
AHEAD = 4  # chunks in flight per worker: keeps every worker busy while bounding what waits in the parent


@dataclass(frozen=True)
class Result:
    """One diagnosed run as the parent needs it: the Report or its JSON line, its worst severity, and notes."""

    report: Report | None
    line: str | None
    worst: Severity | None
    notes: tuple[str, ...]


@dataclass(frozen=True)
class _Job:
    reader: str | None  # a reader's name; None: `read()` decides (a path given on the command line)
    path: str
    format_in: str | None
    name_map: Mapping[str, NameInfo]
    options: Options
    lang: Lang
    line: bool
    run: Run | None = None  # a run already read (from a local store URI): only diagnosed in the worker
    remote: RemoteRun | None = None  # a run listed on a tracking server: fetched and diagnosed in the worker


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return os.cpu_count() or 1


def diagnose_paths(paths: Sequence[str], format_in: str | None, name_map: Mapping[str, NameInfo], options: Options,
                   lang: Lang, jobs: int, line: bool = False, notes: list[str] | None = None,
                   progress: Callable[[int], Callable[[], None]] | None = None) -> Iterator[Result]:
    """Every run below `paths`, diagnosed, in discovery order. Raises ReadError when nothing could be read.
    progress: called once with the number of logs found; the function it returns is called as each is done."""
    found = 0
    problems: list[str] = []
    todo = list(_jobs(paths, format_in, name_map, options, lang, line, problems))
    step = progress(len(todo)) if progress is not None else None
    for results in _map(_work, todo, jobs):
        if step is not None:
            step()
        for r in results:
            found += r.report is not None or r.line is not None
            yield r
    if notes is not None:
        notes += [f"lossdoctor: warning: {p}" for p in problems]
    if not found:
        raise ReadError(", ".join(paths), _nothing_read(todo, problems))


def _nothing_read(todo: Sequence[_Job], problems: list[str]) -> str:
    if not problems and any(j.remote is not None for j in todo):
        return "no listed run of the MLflow tracking server could be read (see the warnings above)"
    return no_run_detail(problems)


def _jobs(paths: Sequence[str], format_in: str | None, name_map: Mapping[str, NameInfo], options: Options,
          lang: Lang, line: bool, problems: list[str]) -> Iterator[_Job]:
    forced = reader_named(format_in) if format_in else None
    for given in paths:
        p = Path(given)
        if is_remote(given):  # a tracking server: listed here, each run fetched and diagnosed in a worker
            for ref in list_remote_runs(given):
                yield _Job(None, given, format_in, name_map, options, lang, line, remote=ref)
        elif "://" in given:  # a local store URI (sqlite:///, file://): read here in one pass, diagnosed in the pool
            for run in read(given, format_in, name_map):
                yield _Job(None, given, format_in, name_map, options, lang, line, run)
        elif given != "-" and p.is_dir():
            for reader, path in units(p, forced, problems):
                yield _Job(reader.name, str(path), format_in, name_map, options, lang, line)
        else:
            yield _Job(None, given, format_in, name_map, options, lang, line)


def read_paths(paths: Sequence[str], format_in: str | None, name_map: Mapping[str, NameInfo], jobs: int,
               notes: list[str]) -> list[Run]:
    """Every run below `paths`, each log read in a worker, in discovery order (for reports that need all runs
    at once: short names and merged copies, identity.py). Raises ReadError when nothing could be read."""
    problems: list[str] = []
    todo = list(_jobs(paths, format_in, name_map, Options(), "en", False, problems))
    runs: list[Run] = []
    for got, got_notes in _map(_read_job, todo, jobs):
        runs += got
        notes += got_notes
    notes += [f"lossdoctor: warning: {p}" for p in problems]
    if not runs:
        raise ReadError(", ".join(paths), _nothing_read(todo, problems))
    return runs


def diagnose_runs(runs: Sequence[Run], options: Options, jobs: int) -> Iterator[Report]:
    """Diagnose each run in a worker, in order."""
    return _map(partial(diagnose_run, options=options), runs, jobs)


def _map(func: Callable[[Any], Any], items: Sequence[Any], jobs: int) -> Iterator[Any]:
    """`func` over `items`, in order; over a pool of `jobs` processes when there is more than one item.

    The first item is done here, before the pool starts: whatever it imports on first use (the rules' filters,
    the JSON renderer, MLflow's client) is then inherited by every forked worker instead of imported again in each.
    The rest go to the workers CHUNK at a time, at most AHEAD chunks per worker in flight: results wait in the
    parent only until the ones before them are written, however slowly the output is consumed."""
    if jobs <= 1 or len(items) <= 2:
        yield from map(func, items)
        return
    import gc
    import multiprocessing as mp  # here: one run diagnosed in this process never pays for it
    from collections import deque

    fork = sys.platform.startswith("linux")
    yield func(items[0])
    if fork:
        gc.freeze()  # the parent's objects stay out of the workers' collections: their pages stay shared
    try:
        workers = min(jobs, len(items) - 1)
        with mp.get_context("fork" if fork else "spawn").Pool(workers) as pool:
            pending: deque[Any] = deque()
            for start in range(1, len(items), CHUNK):
                if len(pending) >= workers * AHEAD:
                    yield from pending.popleft().get()
                pending.append(pool.apply_async(_chunk, (func, items[start:start + CHUNK])))
            while pending:
                yield from pending.popleft().get()
    finally:
        if fork:
            gc.unfreeze()


def _chunk(func: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
    """`func` over a few items in a worker: one round trip for the lot."""
    return [func(item) for item in items]


def _read_job(job: _Job) -> tuple[list[Run], list[str]]:
    """Read one log (in a worker); the runs and the warnings it gave. A log given by name that cannot be read
    raises; one found in a directory becomes a warning."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            if job.run is not None:
                runs = [job.run]
            elif job.remote is not None:
                run = fetch_remote_run(job.remote)
                runs = [] if run is None else [apply_name_map(run, job.name_map) if job.name_map else run]
            elif job.reader is None:
                runs = read(job.path, job.format_in, job.name_map)
            else:
                runs = reader_named(job.reader).read(Path(job.path))
                runs = [apply_name_map(r, job.name_map) for r in runs] if job.name_map else runs
        except LossDoctorError as exc:
            if job.reader is None and job.remote is None:  # a run of a server is one of many: a warning
                raise
            return [], [f"lossdoctor: warning: {exc}"]
        except OSError as exc:
            return [], [f"lossdoctor: warning: {job.path}: cannot be read ({exc.strerror})"]
    return runs, [f"lossdoctor: warning: {w.message}" for w in caught]


def _work(job: _Job) -> list[Result]:
    """Read one log and diagnose its runs (in a worker process)."""
    runs, read_notes = _read_job(job)
    if not runs:
        return [Result(None, None, None, tuple(read_notes))] if read_notes else []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = []
        for run in runs:
            rep = diagnose_run(run, job.options)
            notes = tuple(f"lossdoctor: warning: {run.source}: {n}" for n in run.warnings)
            worst = rep.max_severity
            if job.line:
                from .report.json import render_line

                out.append(Result(None, render_line(rep, job.lang), worst, notes))
            else:
                out.append(Result(rep, None, worst, notes))
    extra = tuple(read_notes) + tuple(f"lossdoctor: warning: {w.message}" for w in caught)
    if extra:
        out[0] = Result(out[0].report, out[0].line, out[0].worst, extra + out[0].notes)
    return out


def worst_at_least(results: Any, threshold: Severity) -> bool:
    return any(r.worst is not None and r.worst >= threshold for r in results)
