"""The HTML report in a real browser: headless Chromium loads it from disk, the plots render, no script
errors; a screenshot is kept in artifacts/browser/ (git-ignored) to look at."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from lossdoctor.report import html
from report_fixtures import fixed_report, healthy_report

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "browser"
BROWSER = next((b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None)
pytestmark = pytest.mark.skipif(BROWSER is None, reason="chromium is not installed (bash scripts/install-browser.sh)")


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert BROWSER is not None
    cmd = [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr", "--v=0",
           "--virtual-time-budget=5000", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=90)


def test_report_renders_in_chromium(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(html.render([healthy_report(), fixed_report()], "en"), encoding="utf-8")
    url = page.as_uri()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "report.png"
    shot.unlink(missing_ok=True)
    dom = chromium(tmp_path, "--hide-scrollbars", "--window-size=1280,2600", f"--screenshot={shot}", "--dump-dom", url)
    body = re.search(r"<body[^>]*>", dom.stdout)
    assert body is not None, dom.stderr[-2000:]
    attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', body.group(0)))
    console = [line for line in dom.stderr.splitlines() if "CONSOLE" in line]
    assert attrs.get("data-errors") == "0", attrs.get("data-error-text")
    assert not console, console
    # overlay + fixed-run (loss, accuracy, rate of change) + healthy-run (loss, rate of change)
    assert attrs.get("data-rendered") == "6"
    assert dom.stdout.count('class="uplot') == 6 and dom.stdout.count("<canvas") >= 6
    shutil.copy(page, ARTIFACTS / "report.html")
    assert shot.exists() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
