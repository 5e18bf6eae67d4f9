"""Progress shows on a terminal only; otherwise it is silent."""
from __future__ import annotations

import io

from lossdoctor.report.progress import Progress


def test_disabled_is_silent() -> None:
    buf = io.StringIO()
    with Progress(False, buf) as p:
        step = p.task("rendering", total=3)
        for _ in range(3):
            step()
    assert buf.getvalue() == ""


def test_enabled_draws_and_finishes() -> None:
    buf = io.StringIO()
    with Progress(True, buf) as p:
        step = p.task("rendering", total=2)
        step()
        step()
        assert p._rich is not None and p._rich.tasks[0].completed == 2
    assert p._rich is None
