"""Chinese reports on real fonts: the PNG finds a CJK font that matplotlib's cache does not know (fontconfig +
addfont), and the HTML page draws real glyphs, or says plainly that the machine has no CJK font (headless
Chromium, once with the system's fonts and once with a fontconfig that only has a Latin font).
scripts/install-fonts.sh installs Debian's fonts-wqy-microhei for these tests."""
from __future__ import annotations

import re
import shutil
import subprocess
import warnings
from pathlib import Path

import numpy as np
import pytest

from lossdoctor.engine import diagnose_run
from lossdoctor.model import Axis, Kind, Run, Series, Split
from lossdoctor.report import html, png, terminal
from report_fixtures import fixed_report

HAS_CJK = bool(shutil.which("fc-list")) and bool(png.cjk_font_files())
needs_cjk = pytest.mark.skipif(not HAS_CJK, reason="no CJK font installed (bash scripts/install-fonts.sh)")
BROWSER = next((b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None)
LATIN_FONTS = Path("/usr/share/fonts/truetype/dejavu")


@needs_cjk
def test_png_finds_a_cjk_font_matplotlib_does_not_know(monkeypatch: pytest.MonkeyPatch) -> None:
    from matplotlib import font_manager, rcParams

    fm = font_manager.fontManager
    cjk_names = set(png.CJK_FONTS)
    monkeypatch.setattr(fm, "ttflist", [f for f in fm.ttflist if f.name not in cjk_names])  # a stale cache
    before = list(rcParams["font.sans-serif"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        lang, family = png._font("zh")
        svg = png.render([fixed_report()], "zh", "svg")
    assert lang == "zh" and family is not None and family in {f.name for f in fm.ttflist}
    assert not [w for w in caught if "Chinese font" in str(w.message) or "missing from font" in str(w.message)]
    assert "过拟合" in svg or "glyph" in svg  # the Chinese labels are drawn (SVG embeds them as glyph paths)
    assert list(rcParams["font.sans-serif"]) == before  # the user's matplotlib settings are left alone


def test_png_without_any_cjk_font_draws_english_with_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    from matplotlib import font_manager

    monkeypatch.setattr(font_manager.fontManager, "ttflist",
                        [f for f in font_manager.fontManager.ttflist if f.name not in set(png.CJK_FONTS)])
    monkeypatch.setattr(png, "cjk_font_files", lambda: [])
    with pytest.warns(UserWarning, match="no Chinese font"):
        assert png._font("zh") == ("en", None)


def _chromium_dom(tmp_path: Path, page: Path, env: dict[str, str] | None = None) -> str:
    import os

    assert BROWSER is not None
    cmd = [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
           "--disable-background-networking", "--disable-component-update", f"--user-data-dir={tmp_path / 'p'}",
           "--virtual-time-budget=3000", "--dump-dom", page.as_uri()]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=90, env={**os.environ, **(env or {})})
    body = re.search(r"<body[^>]*>", out.stdout)
    assert body is not None, out.stderr[-1500:]
    return body.group(0)


@pytest.mark.skipif(BROWSER is None, reason="chromium is not installed (bash scripts/install-browser.sh)")
@needs_cjk
def test_html_draws_chinese_or_says_the_font_is_missing(tmp_path: Path) -> None:
    page = tmp_path / "zh.html"
    page.write_text(html.render([fixed_report()], "zh"), encoding="utf-8")
    assert 'id="cjk-note" class="cjk-note" hidden' in page.read_text()
    assert re.search(r'data-cjk="ok"', _chromium_dom(tmp_path, page))
    if not LATIN_FONTS.is_dir():
        pytest.skip("no Latin-only font folder to simulate a machine without CJK fonts")
    conf = tmp_path / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                    f'<dir>{LATIN_FONTS}</dir><cachedir>{tmp_path / "fc-cache"}</cachedir></fontconfig>')
    body = _chromium_dom(tmp_path, page, {"FONTCONFIG_FILE": str(conf)})
    assert re.search(r'data-cjk="missing"', body)
    en = tmp_path / "en.html"
    en.write_text(html.render([fixed_report()], "en"), encoding="utf-8")
    assert re.search(r'data-cjk="n/a"', _chromium_dom(tmp_path, en, {"FONTCONFIG_FILE": str(conf)}))


def test_zh_text_has_no_english_fragments() -> None:
    e = np.arange(1, 31, dtype=float)

    def s(k: str, split: Split, v: np.ndarray) -> Series:
        return Series(k, split, Kind.LOSS, Axis.EPOCH, e, v)

    run = Run("r", (s("loss", Split.TRAIN, 2 * np.exp(-e / 5) + 0.2), s("val_loss", Split.VAL, 2 * np.exp(-e / 5)
                                                                          + 0.25 + 0.01 * e)), format="keras_csv")
    rep = diagnose_run(run)
    out = terminal.render([rep], "zh", details=True)
    rate = out.split("各阶段变化率")[1]
    conclusion = rate.split("→", 1)[1].split("\n\n")[0] if "→" in rate else rate
    for word in ("learning", "flat", "stopped", "rising", "too large"):
        assert word not in conclusion, word
    from lossdoctor.report.i18n import evidence_key
    assert evidence_key("early_stop_step", "zh") == "提前停止步" and evidence_key("period_steps", "zh") == "周期步"
