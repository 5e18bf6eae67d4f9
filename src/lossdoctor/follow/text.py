"""Text logs (a training script's stdout redirected to a file) followed line by line.

The text reader walks a log line by line with a running epoch/step context; that walker is kept between polls
and fed only the complete lines appended since the last one (a Keras progress bar redrawn with `\\r` waits
for its newline). The Run is built from the walker's state as the reader builds it at the end of a file.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..errors import ReadError
from ..model import Run
from ..readers.table import file_run_name
from ..readers.text_log import _Collector, finish
from .tail import Tail, complete_lines


class TextFollower:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.tail = Tail(path)
        self.walker = _Collector()

    @property
    def parsed(self) -> int:
        return self.tail.parsed

    def poll(self) -> bool:
        data, reset = self.tail.peek()
        if reset:
            self.walker = _Collector()
        n = complete_lines(data)
        if not n:
            return reset
        text = data[:n].decode("utf-8-sig" if self.tail.offset == 0 else "utf-8", errors="replace")
        for line in text[:-1].split("\n"):  # the reader splits on "\n" too; the last piece is empty
            self.walker.feed_line(line)
        self.tail.advance(data, n)
        return True

    def runs(self) -> list[Run]:
        """The reader's own ending, on a copy of the walker's notes (the walker goes on)."""
        c = replace(self.walker, warnings=list(self.walker.warnings))
        try:
            return [finish(c, file_run_name(self.path), str(self.path))]
        except ReadError:
            return []  # nothing a diagnosis can use yet
