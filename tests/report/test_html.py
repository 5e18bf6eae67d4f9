"""The HTML report: self-contained, findings placed at their exact x, overview worst first, light for 1M points."""
from __future__ import annotations

import json
import re
import shutil
import subprocess

import numpy as np
import pytest

from lossdoctor import stats
from lossdoctor.engine import Report
from lossdoctor.findings import Finding, Mark, Severity, Span
from lossdoctor.i18n import Text
from lossdoctor.model import Axis, Kind, Run, Series, Split
from lossdoctor.report import html
from report_fixtures import fixed_report, healthy_report


def page_data(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="ld-data">(.*?)</script>', page, re.S)
    assert m is not None
    return json.loads(m.group(1).replace("<\\/", "</"))


def test_self_contained() -> None:
    page = html.render([fixed_report()], "en")
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page, re.I)
    assert "@import" not in page
    assert "uPlot" in page and page.count("<script") == 2  # data + inlined code, nothing fetched
    assert 'class="copy"' in page and "restore_best_weights=True" in page


def test_findings_drawn_at_exact_positions() -> None:
    data = page_data(html.render([fixed_report()], "en"))
    run = data["runs"][0]
    shades = {(s["finding"], s["start"], s["end"]) for s in run["shades"]}
    assert ("overfitting", 5, 9) in shades and ("nan_inf", 10, 11) in shades
    assert not any(s["finding"] == "loss_spikes" for s in run["shades"])  # explained: no shade of its own
    best = next(m for m in run["markers"] if m["key"] == "best_epoch")
    assert best["x"] == 5 and best["series"] == "val_loss" and best["y"] == 0.92
    nan = next(m for m in run["markers"] if m["key"] == "first_nonfinite_step")
    assert nan["x"] == 10 and nan["nonfinite"] is True
    spikes = sorted(m["x"] for m in run["markers"] if m["key"] == "spike_epochs")
    assert spikes == [7, 9] and all(m["point"] for m in run["markers"] if m["key"] == "spike_epochs")
    roles = [p["role"] for p in run["panels"]]
    assert roles[:3] == ["loss", "metric", "delta"]
    delta = run["panels"][2]["curves"][0]
    assert delta["key"] == "Δ loss" and delta["y"][0] == -0.5  # seed 003 §3.1: np.diff of the loss
    val = next(c for c in run["panels"][0]["curves"] if c["key"] == "val_loss")
    assert val["y"][10] is None and val["y"][11] is None  # NaN/inf become gaps


def test_overview_worst_first_and_overlay() -> None:
    page = html.render([healthy_report(), fixed_report()], "en")
    table = page[page.index('class="grid overview"'):]
    assert table.index("fixed-run") < table.index("healthy-run")
    data = page_data(page)
    assert [r["name"] for r in data["runs"]] == ["fixed-run", "healthy-run"]
    assert data["overlay"]["val"] is True and len(data["overlay"]["curves"]) == 2


def test_zh_labels() -> None:
    page = html.render([fixed_report()], "zh")
    assert 'lang="zh-CN"' in page and "可能原因" in page and "平滑" in page and "修复方法" in page


def test_million_points_stay_light() -> None:
    n = 1_000_000
    steps = np.arange(n, dtype=np.float64)
    rng = np.random.default_rng(1)
    train = 2.0 * np.exp(-steps / 2e5) + 0.05 * rng.standard_normal(n)
    train[777_777] = 40.0  # a spike to keep
    train[900_000:] = np.nan
    val_steps = steps[::1000]
    val = 2.0 * np.exp(-val_steps / 2e5) + 0.1
    run = Run("big", (Series("loss", Split.TRAIN, Kind.LOSS, Axis.STEP, steps, train),
                      Series("val_loss", Split.VAL, Kind.LOSS, Axis.STEP, val_steps, val)), format="tensorboard")
    f = Finding("LD108", "nan_inf", Severity.ERROR, Text("loss became nan at step 900000", "…"),
                span=Span("step", 900_000, n - 1),
                evidence={"series": "loss", "first_nonfinite_step": 900_000.0, "spike_steps": [777_777.0, 123_457.0]},
                series=("loss",), marks=(Mark("first_nonfinite_step", (900_000.0,)),
                                         Mark("spike_steps", (777_777.0, 123_457.0), many=True)))
    page = html.render([Report(run, (f,))], "en")
    assert len(page.encode()) < 3_000_000
    data = page_data(page)
    loss = next(c for c in data["runs"][0]["panels"][0]["curves"] if c["key"] == "loss")
    assert loss["points"] == n and len(loss["x"]) < 15_000
    pairs = dict(zip(loss["x"], loss["y"]))
    assert pairs[777_777] == 40.0 and pairs[123_457] is not None and pairs[900_000] is None
    assert max(y for y in loss["y"] if y is not None) == 40.0


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_js_smoothing_matches_stats_ema() -> None:
    """The page's smoothing slider computes exactly lossdoctor.stats.ema_debiased (TensorBoard's formula)."""
    y = [2.0, 1.5, None, 1.2, 0.9, 1.4, None, 0.7, 0.65]
    script = (f"const ema = require({json.dumps(str(html.ASSET_DIR / 'smooth.js'))});"
              f"console.log(JSON.stringify([ema({json.dumps(y)}, 0.6), ema({json.dumps(y)}, 0)]))")
    out = json.loads(subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True).stdout)
    ref = stats.ema_debiased(np.array([np.nan if v is None else v for v in y]), 0.6)
    assert [v is None for v in out[0]] == [v is None for v in y]
    assert np.allclose([v for v in out[0] if v is not None], ref[np.isfinite(ref)], rtol=1e-12)
    assert out[1] == y  # weight 0: the raw values
