"""Rendering speed and size for a 1,000,000-point run: lossdoctor's HTML, PNG and text reports against the
obvious alternatives, in the same process and run.

    nice -n 10 python benchmarks/bench_render.py [--points 1000000] [--repeat 3] [--plotly-path DIR] [--write-docs]

The run: a training loss logged every step (`--points` points, with one spike and NaN for the last 1%) and a
validation loss every 1,000 steps. It is diagnosed once (time reported apart), then each renderer runs
`--repeat` times and the best wall time is kept (time.perf_counter; matplotlib is imported before timing).
Alternatives: plotly `write_html` of the full data with the bundle inlined (self-contained, like ours) when
plotly can be imported (a test-only install: `pip install --target DIR plotly`, then `--plotly-path DIR`), and
matplotlib drawing every point to a PNG of the same size. With chromium installed, the HTML's in-browser
render time is read from `body[data-render-ms]` (headless, from navigation start to all charts drawn).
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
SECTION = "## Rendering speed"


def make_run(points: int) -> Any:
    from lossdoctor.model import Axis, Kind, Run, Series, Split

    steps = np.arange(points, dtype=np.float64)
    rng = np.random.default_rng(0)
    train = 2.0 * np.exp(-steps / (points / 5)) + 0.3 + 0.05 * rng.standard_normal(points)
    train[int(points * 0.777777)] = 25.0
    train[int(points * 0.99):] = np.nan
    vs = steps[::1000]
    val = 2.0 * np.exp(-vs / (points / 5)) + 0.35 + np.where(vs > points / 2, (vs - points / 2) / points, 0.0)
    return Run("bench-1M", (Series("train/loss", Split.TRAIN, Kind.LOSS, Axis.STEP, steps, train),
                            Series("val/loss", Split.VAL, Kind.LOSS, Axis.STEP, vs, val)), format="tensorboard")


def best_of(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def plotly_html(run: Any, path: Path) -> None:
    import plotly.graph_objects as go

    fig = go.Figure()
    for s in run.series:
        fig.add_trace(go.Scattergl(x=s.steps, y=s.values, name=s.key, mode="lines"))
    fig.write_html(str(path), include_plotlyjs=True)


def matplotlib_all_points(run: Any, path: Path) -> None:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(12, 5), dpi=100)
    ax = fig.subplots()
    for s in run.series:
        ax.plot(s.steps, s.values, label=s.key)
    ax.legend(loc="upper right")  # loc="best" (the default) alone takes seconds on 1M points
    fig.savefig(str(path), dpi=100)


def browser_ms(page: Path, tmp: Path) -> str:
    browser = next((b for b in ("chromium", "chromium-browser") if shutil.which(b)), None)
    if browser is None:
        return "n/a (no chromium)"
    cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={tmp / 'profile'}", "--dump-dom", page.as_uri()]
    dom = subprocess.run(cmd, capture_output=True, text=True, timeout=120).stdout
    m = re.search(r'data-render-ms="(\d+)"', dom)
    n = re.search(r'data-rendered="(\d+)"', dom)
    return f"{m.group(1)} ms ({n.group(1) if n else '?'} charts)" if m else "not rendered"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--points", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--plotly-path", default=None, help="a directory holding a test-only plotly install")
    ap.add_argument("--write-docs", action="store_true", help=f"replace '{SECTION}' in docs/benchmarks.md")
    args = ap.parse_args()
    if args.plotly_path:
        sys.path.append(args.plotly_path)
    import matplotlib  # noqa: F401  (imported before timing: the figure cost, not the import, is measured)

    from lossdoctor.engine import diagnose_run
    from lossdoctor.report import render

    run = make_run(args.points)
    t = time.perf_counter()
    rep = diagnose_run(run)
    t_diag = time.perf_counter() - t
    rows: list[tuple[str, str, str, str]] = []
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        t_html, page = best_of(args.repeat, lambda: render([rep], "html", "en"))
        (tmp / "r.html").write_text(page, encoding="utf-8")
        rows.append(("lossdoctor HTML (uPlot, decimated, self-contained)", f"{t_html:.2f} s",
                     f"{len(page.encode()) / 1e6:.2f} MB", browser_ms(tmp / "r.html", tmp)))
        t_png, data = best_of(args.repeat, lambda: render([rep], "png", "en"))
        rows.append(("lossdoctor PNG (matplotlib Agg, decimated, annotated)", f"{t_png:.2f} s",
                     f"{len(data) / 1e6:.3f} MB", "-"))
        t_txt, text = best_of(args.repeat, lambda: render([rep], "text", "en"))
        rows.append(("lossdoctor text (terminal)", f"{t_txt:.3f} s", f"{len(text.encode()) / 1e3:.1f} KB", "-"))
        try:
            import plotly  # noqa: F401

            t_pl, _ = best_of(args.repeat, lambda: plotly_html(run, tmp / "p.html"))
            size = (tmp / "p.html").stat().st_size
            rows.append((f"plotly {plotly.__version__} write_html, all points, bundle inlined", f"{t_pl:.2f} s",
                         f"{size / 1e6:.2f} MB", browser_ms(tmp / "p.html", tmp).replace("not rendered", "-")))
        except ImportError:
            rows.append(("plotly write_html", "not installed", "-", "-"))
        t_mpl, _ = best_of(args.repeat, lambda: matplotlib_all_points(run, tmp / "m.png"))
        rows.append(("matplotlib PNG, all points, no annotation", f"{t_mpl:.2f} s",
                     f"{(tmp / 'm.png').stat().st_size / 1e6:.3f} MB", "-"))
    table = ["| Renderer | Render time | Output size | In-browser render |", "|---|---|---|---|"]
    table += [f"| {a} | {b} | {c} | {e} |" for a, b, c, e in rows]
    load = os.getloadavg()[0]
    cpu = (f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs shared with other jobs "
           f"(load average {load:.1f} at the end), Python {platform.python_version()}")
    text_out = "\n".join([
        SECTION, "",
        f"A run of {args.points:,} training-loss points (one per step, a spike, NaN for the last 1%) and "
        f"{len(run.series[1]):,} validation points. Diagnosis (all rules, not part of rendering): {t_diag:.1f} s. "
        f"Wall time, best of {args.repeat} for every renderer; {cpu}.", "",
        *table, "",
        "The HTML draws at most ~6 points per bucket of 2,000 per curve (min/max-preserving decimation, "
        "`report/decimate.py`); markers use exact x positions. plotly's `Scattergl` keeps all points "
        "(base64 typed arrays) plus its 4.8 MB bundle.", "",
        "Command:", "", "```",
        "pip install --target /tmp/ld-plotly plotly   # test-only, kept out of the venv",
        "nice -n 10 python benchmarks/bench_render.py --plotly-path /tmp/ld-plotly --repeat 5 --write-docs", "```",
        "", "Timings on this shared machine vary several-fold with the load; sizes do not.", ""])
    print(text_out)
    if args.write_docs:
        write_section(text_out)
    return 0


def write_section(section: str) -> None:
    """Replace (or append) only this benchmark's section of the shared docs/benchmarks.md."""
    old = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    start = old.find(SECTION)
    if start < 0:
        new = old.rstrip() + "\n\n" + section
    else:
        nxt = old.find("\n## ", start + len(SECTION))
        new = old[:start] + section + ("\n" + old[nxt + 1:] if nxt >= 0 else "")
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(new.rstrip() + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
