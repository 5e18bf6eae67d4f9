"""Regenerate docs/report.png, the picture in the README: the HTML report of the bundled over-fitting example,
rendered by headless Chromium (bash scripts/install-browser.sh) and cut to its first screen.

    python scripts/readme_picture.py
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = "examples/overfitting-keras/training.csv"  # relative: the report shows the path as given
OUT = ROOT / "docs" / "report.png"


def main() -> int:
    browser = next((b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None)
    if browser is None:
        print("readme_picture: chromium not found (bash scripts/install-browser.sh)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "report.html"
        subprocess.run([sys.executable, "-m", "lossdoctor", "diagnose", EXAMPLE, "--format", "html",
                        "-o", str(page), "--lang", "en"], check=True, cwd=ROOT)
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        f"--user-data-dir={Path(tmp) / 'profile'}", "--hide-scrollbars", "--virtual-time-budget=5000",
                        "--window-size=1200,900", f"--screenshot={OUT}", page.as_uri()],
                       check=True, capture_output=True)
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
