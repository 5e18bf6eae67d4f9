"""Live diagnosis for PyTorch: ``from lossdoctor.torch import Doctor`` (needs the ``torch`` extra).

Importing this module is light; torch is imported when `Doctor` (or the probes) is first used.
"""
from __future__ import annotations

from typing import Any

__all__ = ["Doctor", "ProbeConfig"]


def __getattr__(name: str) -> Any:
    if name == "Doctor":
        from .integrations.torch import Doctor
        return Doctor
    if name == "ProbeConfig":
        from .integrations.probes import ProbeConfig
        return ProbeConfig
    raise AttributeError(f"module 'lossdoctor.torch' has no attribute {name!r}")
