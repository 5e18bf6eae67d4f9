"""lossdoctor: reads a training run, names what is wrong with the numbers that prove it, and gives the fix."""
from __future__ import annotations

__version__ = "0.1.0"

from .api import Reports, diagnose
from .config import Options
from .engine import Report, diagnose_run
from .errors import LossDoctorError, ReadError, UsageError
from .findings import Cause, Finding, Fix, Severity
from .model import Axis, Kind, Run, Series, Split
from .readers import read

__all__ = ["Axis", "Cause", "Finding", "Fix", "Kind", "LossDoctorError", "Options", "ReadError", "Report", "Reports",
           "Run", "Series", "Severity", "Split", "UsageError", "__version__", "diagnose", "diagnose_run", "read"]
