"""lossdoctor: reads a training run, names what is wrong with the numbers that prove it, and gives the fix."""
from __future__ import annotations

from pathlib import Path
from typing import Any

__version__ = "0.1.0"

from .config import Options
from .engine import Report, diagnose_run
from .errors import LossDoctorError, ReadError, UsageError
from .findings import Cause, Finding, Fix, Severity
from .model import Axis, Kind, Run, Series, Split
from .readers import read


def diagnose(run_or_path: Run | str | Path, **options: Any) -> Report:
    """Diagnose one run (a Run, or a path holding exactly one run). Options: num_classes, select, ignore."""
    if isinstance(run_or_path, Run):
        run = run_or_path
    else:
        runs = read(run_or_path)
        if len(runs) != 1:
            raise UsageError(f"{run_or_path}: holds {len(runs)} runs; use lossdoctor.read() and diagnose each")
        run = runs[0]
    return diagnose_run(run, Options(**options))


def check(train: Any, val: Any = None, test: Any = None, **kwargs: Any) -> Report:
    """Check data (and a model) before training; see lossdoctor.checks.api.check for the arguments."""
    from .checks.api import check as _check

    return _check(train, val, test, **kwargs)


__all__ = ["Axis", "Cause", "Finding", "Fix", "Kind", "LossDoctorError", "Options", "ReadError", "Report", "Run",
           "Series", "Severity", "Split", "UsageError", "__version__", "check", "diagnose", "read"]
