"""TODO reader: keras_csv."""
from __future__ import annotations

from pathlib import Path

from ..errors import ReadError
from ..model import Run


class KerasCsvLoggerReader:
    name = "keras_csv"

    def can_read(self, path: Path) -> bool:
        return False

    def read(self, path: Path) -> list[Run]:
        raise ReadError(path, "not implemented")
