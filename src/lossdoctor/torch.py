"""Live diagnosis for PyTorch (needs the ``torch`` extra): one line, ``lossdoctor.torch.watch(model, opt, loss_fn)``,
or the explicit ``from lossdoctor.torch import Doctor`` (``doc.step(...)``, ``doc.epoch(...)``).

Importing this module is light; torch is imported when `Doctor` (or the probes) is first used.
"""
from __future__ import annotations

from typing import Any

__all__ = ["Doctor", "ProbeConfig", "Watch", "watch"]


def __getattr__(name: str) -> Any:
    if name == "Doctor":
        from .integrations.torch import Doctor
        return Doctor
    if name in ("watch", "Watch"):
        from .integrations import torchwatch
        return getattr(torchwatch, name)
    if name == "ProbeConfig":
        from .integrations.probes import ProbeConfig
        return ProbeConfig
    raise AttributeError(f"module 'lossdoctor.torch' has no attribute {name!r}")
