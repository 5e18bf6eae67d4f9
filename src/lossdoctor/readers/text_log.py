"""TODO reader: text."""
from __future__ import annotations

from pathlib import Path

from ..errors import ReadError
from ..model import Run


class TextLogReader:
    name = "text"

    def can_read(self, path: Path) -> bool:
        return False

    def read(self, path: Path) -> list[Run]:
        raise ReadError(path, "not implemented")


def read_text(text: str, name: str) -> Run:
    """Parse a text log given as a string (stdin)."""
    raise ReadError(name, "text logs are not supported yet")
