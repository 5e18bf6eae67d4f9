"""lossdoctor: reads a training run, names what is wrong with the numbers that prove it, and gives the fix.

The public names are loaded on first use (PEP 562), so `lossdoctor --version` or `lossdoctor rules` does not pay
for numpy, the readers and the rules it never touches.
"""
from __future__ import annotations

__version__ = "0.1.0"

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what the lazy names are, for type checkers and IDEs
    from .api import Reports, diagnose
    from .config import Options
    from .engine import Report, diagnose_run
    from .errors import LossDoctorError, ReadError, UsageError
    from .findings import Cause, Finding, Fix, Severity
    from .model import Axis, Kind, Run, Series, Split
    from .readers import read

# public name -> the submodule that defines it
_LAZY: dict[str, str] = {
    "Reports": "api", "diagnose": "api",
    "Options": "config",
    "Report": "engine", "diagnose_run": "engine",
    "LossDoctorError": "errors", "ReadError": "errors", "UsageError": "errors",
    "Cause": "findings", "Finding": "findings", "Fix": "findings", "Severity": "findings",
    "Axis": "model", "Kind": "model", "Run": "model", "Series": "model", "Split": "model",
    "read": "readers",
}


def __getattr__(name: str) -> Any:
    """Import the submodule holding a public name the first time the name is used, then keep it here."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'lossdoctor' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


def check(train: Any, val: Any = None, test: Any = None, **kwargs: Any) -> Report:
    """Check data (and a model) before training; see lossdoctor.checks.api.check for the arguments."""
    from .checks.api import check as _check

    return _check(train, val, test, **kwargs)


__all__ = ["Axis", "Cause", "Finding", "Fix", "Kind", "LossDoctorError", "Options", "ReadError", "Report", "Reports",
           "Run", "Series", "Severity", "Split", "UsageError", "__version__", "check", "diagnose", "diagnose_run",
           "read"]
