"""lossdoctor: reads a training run, names what is wrong with the numbers that prove it, and gives the fix."""
from __future__ import annotations

__version__ = "0.1.0"

from typing import Any

from .api import Reports, diagnose
from .config import Options
from .engine import Report, diagnose_run
from .errors import LossDoctorError, ReadError, UsageError
from .findings import Cause, Finding, Fix, Severity
from .model import Axis, Kind, Run, Series, Split
from .readers import read



def check(train: Any, val: Any = None, test: Any = None, **kwargs: Any) -> Report:
    """Check data (and a model) before training; see lossdoctor.checks.api.check for the arguments."""
    from .checks.api import check as _check

    return _check(train, val, test, **kwargs)


__all__ = ["Axis", "Cause", "Finding", "Fix", "Kind", "LossDoctorError", "Options", "ReadError", "Report", "Reports",
           "Run", "Series", "Severity", "Split", "UsageError", "__version__", "check", "diagnose", "diagnose_run",
           "read"]
