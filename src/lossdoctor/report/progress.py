"""Progress for long work (reading a big logdir, diagnosing and rendering many runs), on stderr.

Shown only when enabled (the CLI enables it when stderr is a terminal); otherwise every call is a no-op,
so logs and CI output stay clean.
"""
from __future__ import annotations

import sys
from types import TracebackType
from typing import Callable, TextIO


class Progress:
    """`with Progress(enabled) as p: step = p.task("rendering", total=n); step()`."""

    def __init__(self, enabled: bool, stream: TextIO | None = None) -> None:
        self.enabled = enabled
        self._stream = stream or sys.stderr
        self._rich = None

    def __enter__(self) -> "Progress":
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, SpinnerColumn, TextColumn, TimeElapsedColumn
            from rich.progress import Progress as RichProgress

            self._rich = RichProgress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                                      MofNCompleteColumn(), TimeElapsedColumn(),
                                      console=Console(file=self._stream), transient=True,
                                      redirect_stdout=False)  # a report streamed to stdout must not enter the bar
            self._rich.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._rich is not None:
            self._rich.stop()
            self._rich = None

    def task(self, description: str, total: int | None = None) -> Callable[[], None]:
        """Start a task; the returned function advances it by one. `total=None` shows a spinner only."""
        if self._rich is None:
            return lambda: None
        rich = self._rich
        tid = rich.add_task(description, total=total)
        return lambda: rich.advance(tid)

    def done(self, step: Callable[[], None]) -> None:
        """Hide finished tasks (a spinner task has no total to reach)."""
        if self._rich is not None:
            for t in self._rich.tasks:
                if not t.finished:
                    self._rich.update(t.id, visible=False)
