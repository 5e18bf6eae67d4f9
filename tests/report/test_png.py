"""The static figure: a valid PNG of the expected size, SVG by format, a clear error without matplotlib."""
from __future__ import annotations

import struct
import sys

import pytest

from lossdoctor.errors import UsageError
from lossdoctor.report import png, render
from report_fixtures import fixed_report, healthy_report


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_png_one_run() -> None:
    data = render([fixed_report()], "png", "en")
    assert isinstance(data, bytes) and png_size(data) == (1200, 500)


def test_png_many_runs_grid() -> None:
    data = render([fixed_report(), healthy_report(), fixed_report(), healthy_report()], "png", "en")
    assert png_size(data) == (1200, 660)  # two rows of three, 300 px each, plus the title band


def test_svg() -> None:
    out = render([fixed_report()], "svg", "en")
    assert isinstance(out, str) and "<svg" in out[:400]


def test_zh_figure_never_draws_boxes() -> None:
    """Chinese text when a CJK font is installed; otherwise English with a warning, never missing glyphs."""
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = render([fixed_report()], "svg", "zh")
    messages = [str(w.message) for w in caught]
    assert not any("missing from font" in m for m in messages)
    if any("no Chinese font" in m for m in messages):
        assert "NaN / inf loss" in out
    else:
        assert "损失" in out


def test_missing_matplotlib_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(UsageError, match=r"pip install 'lossdoctor\[png\]'"):
        png.render([fixed_report()], "en")
