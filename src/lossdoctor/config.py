"""Options that change what the engine runs and how it judges; thresholds live with each rule."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Options:
    """Diagnosis options shared by the CLI, the API and the integrations.

    num_classes: the number of classes, when known; otherwise rules infer it from an accuracy floor.
    select / ignore: rule codes or code prefixes ("LD1", "LD104") or names ("overfitting").
    """

    num_classes: int | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def wants(self, code: str, name: str) -> bool:
        def hit(patterns: tuple[str, ...]) -> bool:
            return any(code.startswith(p) or name == p for p in patterns)

        if self.select and not hit(self.select):
            return False
        return not hit(self.ignore)
