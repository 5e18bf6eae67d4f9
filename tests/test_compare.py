"""`lossdoctor compare`: the better run by its best value, where two runs part beyond their noise, and why."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from lossdoctor import Run
from lossdoctor.cli import main
from lossdoctor.compare import compare, parting_point, render
from lossdoctor.engine import diagnose_run

E = np.arange(1, 41, dtype=float)


def _pair(seed: int, part_at: float, scale: float = 1.0) -> tuple[Run, Run]:
    rng = np.random.default_rng(seed)
    base = 2.0 * np.exp(-E / 6) + 0.3
    good_val = base + 0.05 + rng.normal(0, 0.01, E.size)
    bad_val = base + 0.05 + rng.normal(0, 0.01, E.size) + 0.02 * np.clip(E - part_at, 0, None)
    good = Run.from_dict({"loss": base * scale, "val_loss": good_val * scale}, name="lr-1e-3", source="a/lr-1e-3.csv")
    bad = Run.from_dict({"loss": base * 0.9 * scale, "val_loss": bad_val * scale}, name="lr-1e-2",
                        source="a/lr-1e-2.csv")
    return good, bad


@pytest.mark.parametrize("scale", [1e-3, 1.0, 1e3])
def test_better_run_and_where_they_part(scale: float) -> None:
    good, bad = _pair(0, part_at=15, scale=scale)
    cmp = compare([diagnose_run(bad), diagnose_run(good)])
    assert [e.report.run.name for e in cmp.entries] == ["lr-1e-3", "lr-1e-2"]
    assert cmp.metric == "val_loss" and not cmp.higher_is_better
    p = cmp.entries[1].parting
    assert p is not None and 15 <= p.x <= 22  # the rise of 0.02/epoch leaves the noise (0.014) within a few epochs
    assert cmp.entries[1].report.primary is not None and cmp.entries[1].report.primary.name == "overfitting"
    text = render(cmp, "text", "en")
    assert "Better: lr-1e-3 — best val_loss" in text and "lr-1e-2 parts from lr-1e-3 at epoch" in text
    assert "LD101 overfitting" in text.split("Why:")[1]


def test_identical_runs_never_part_and_noise_is_not_a_parting() -> None:
    good, _ = _pair(1, part_at=15)
    rng = np.random.default_rng(2)
    twin = Run.from_dict({"val_loss": good.get("val_loss").values + rng.normal(0, 0.01, E.size)}, name="twin")
    assert parting_point(twin.get("val_loss"), good.get("val_loss")) is None


def test_nan_on_one_side_is_a_parting() -> None:
    good, _ = _pair(3, part_at=100)
    v = good.get("val_loss").values.copy()
    v[25:] = np.nan
    dead = Run.from_dict({"val_loss": v}, name="dead")
    p = parting_point(dead.get("val_loss"), good.get("val_loss"))
    assert p is not None and p.x == 26 and np.isnan(p.value)


def test_accuracy_is_compared_higher_is_better_when_not_every_run_has_val_loss() -> None:
    a = Run.from_dict({"loss": [2, 1, 0.5, 0.4], "val_accuracy": [0.5, 0.7, 0.8, 0.82]}, name="a")
    b = Run.from_dict({"loss": [2, 1.2, 0.9, 0.8], "val_accuracy": [0.5, 0.6, 0.65, 0.7], "val_loss": [2, 1, 1, 1]},
                      name="b")
    cmp = compare([diagnose_run(b), diagnose_run(a)])
    assert cmp.metric == "val_accuracy" and cmp.higher_is_better and cmp.entries[0].report.run.name == "a"
    assert cmp.entries[0].best == pytest.approx(0.82) and cmp.entries[0].best_x == 4


def test_cli_compare_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good, bad = _pair(4, part_at=15)
    paths = []
    for run in (good, bad):
        p = tmp_path / f"{run.name}.json"
        p.write_text(json.dumps({s.key: s.values.tolist() for s in run.series}))
        paths.append(str(p))
    assert main(["compare", *paths, "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["compare"]["ranking"][0]["name"] == "lr-1e-3" and doc["compare"]["ranking"][1]["parts_from_best_at"]
    assert len(doc["runs"]) == 2
    page = tmp_path / "c.html"
    assert main(["compare", *paths, "--format", "html", "-o", str(page), "--lang", "en"]) == 0
    html = page.read_text()
    assert "<h2>Compare</h2>" in html and '"overlay":{' in html and "lr-1e-2 parts from lr-1e-3" in html
    fig = tmp_path / "c.png"
    assert main(["compare", *paths, "--format", "png", "-o", str(fig)]) == 0
    assert fig.read_bytes()[:4] == b"\x89PNG"
    assert main(["compare", paths[0]]) == 2
    assert "at least two runs" in capsys.readouterr().err
    assert main(["compare", *paths, "-o", paths[0]]) == 2  # never over an input log
