"""`lossdoctor check` on the command line: the same JSON document and renderers as `diagnose`; rules and explain
list the checks."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from lossdoctor import check
from lossdoctor.checks import CHECKS
from lossdoctor.cli import main
from lossdoctor.findings import CAUSES
from lossdoctor.report import render

pd = pytest.importorskip("pandas")


@pytest.fixture
def splits(tmp_path: Path) -> tuple[Path, Path]:
    x, y = load_breast_cancer(return_X_y=True, as_frame=True)
    xtr, xte, ytr, yte = train_test_split(x, y, test_size=0.3, random_state=0, stratify=y)
    s = StandardScaler().fit(xtr)
    tr = pd.DataFrame(s.transform(xtr), columns=x.columns).assign(target=ytr.to_numpy())
    te = pd.DataFrame(s.transform(xte), columns=x.columns).assign(target=yte.to_numpy())
    leaky = pd.concat([te, tr.iloc[:15]], ignore_index=True)
    tr.to_csv(tmp_path / "train.csv", index=False)
    leaky.to_csv(tmp_path / "test.csv", index=False)
    return tmp_path / "train.csv", tmp_path / "test.csv"


def test_json_document_has_the_diagnose_shape(splits: tuple[Path, Path],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    train, test = splits
    assert main(["check", "--train", str(train), "--test", str(test), "--label", "target", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["schema_version"] == 1 and doc["tool"]["name"] == "lossdoctor"
    (run,) = doc["runs"]
    assert run["name"] == f"{train} + {test}" and run["format"] == "check" and run["verdict"] == "error"
    (f,) = run["findings"]
    assert f["code"] == "LD301" and f["name"] == "split_overlap" and f["evidence"]["contaminated"] == 15
    assert f["evidence"]["ids"] == list(range(len(pd.read_csv(test)) - 15, len(pd.read_csv(test))))
    assert {s["code"] for s in run["skipped"]} == {"LD304", "LD308", "LD309"}
    assert set(run) >= {"name", "source", "format", "series", "verdict", "findings", "skipped"}


def test_fail_on_and_output_file(splits: tuple[Path, Path], tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    train, test = splits
    out = tmp_path / "r.md"
    assert main(["check", "--train", str(train), "--test", str(test), "--label", "target", "--format", "markdown",
                 "-o", str(out), "--fail-on", "error"]) == 1
    assert "LD301" in out.read_text() and capsys.readouterr().out == ""
    assert main(["check", "--train", str(train), "--label", "target", "--fail-on", "warning"]) == 0
    assert main(["check", "--train", str(train), "--test", str(train), "--label", "target", "-o",
                 str(train)]) == 2


def test_the_model_factory_and_chinese(splits: tuple[Path, Path], tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("torch")
    train, _ = splits
    (tmp_path / "model.py").write_text(
        "import torch, torch.nn as nn\n"
        "def build():\n"
        "    torch.manual_seed(0)\n"
        "    model = nn.Sequential(nn.Linear(30, 16), nn.ReLU(), nn.Linear(16, 1), nn.Sigmoid())\n"
        "    return model, nn.BCEWithLogitsLoss(), lambda p: torch.optim.Adam(p, lr=1e-3)\n")
    assert main(["check", "--train", str(train), "--label", "target", "--model", f"{tmp_path / 'model.py'}:build",
                 "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "LD304" in out and "sigmoid" in out and "输出层、损失与标签不匹配" in out
    assert "delete the nn.Sigmoid" in out


def test_rules_and_explain_list_the_checks(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    listed = capsys.readouterr().out
    for c in CHECKS:
        assert f"{c.code}  {c.name}" in listed
    assert main(["explain", "LD305"]) == 0
    page = capsys.readouterr().out
    assert "class_imbalance" in page and "How to fix" in page and "Thresholds" in page
    assert main(["explain", "lr_range", "--lang", "zh"]) == 0
    assert "学习率范围测试" in capsys.readouterr().out


def test_catalogue_codes_names_and_docs() -> None:
    assert [c.code for c in CHECKS] == [f"LD30{i}" for i in range(1, 10)]
    assert [c.name for c in CHECKS] == ["split_overlap", "preprocessing_leak", "feature_leaks_label",
                                        "output_loss_mismatch", "class_imbalance", "unnormalized_inputs",
                                        "unshuffled_batches", "cannot_overfit_small_batch", "lr_range"]
    for c in CHECKS:
        for section in ("## What it detects", "## Why it matters", "## How to fix", "## Thresholds"):
            assert section in c.doc, (c.code, section)
        assert c.summary.zh and c.summary.en


def test_every_renderer_takes_a_check_report() -> None:
    x, y = load_breast_cancer(return_X_y=True)
    rep = check((x, y))
    assert rep.findings and all(c.cause in CAUSES for f in rep.findings for c in f.causes)
    for fmt in ("text", "markdown", "html", "json"):
        for lang in ("en", "zh"):
            out = render([rep], fmt, lang)
            assert "LD306" in out
    assert json.loads(render([rep], "json"))["runs"][0] == json.loads(json.dumps(rep.to_dict(), allow_nan=False))


def test_a_report_with_curves_renders() -> None:
    torch = pytest.importorskip("torch")
    x, y = load_breast_cancer(return_X_y=True)
    x = StandardScaler().fit_transform(x)
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(30, 8), torch.nn.ReLU(), torch.nn.Linear(8, 1))
    rep = check((x, y), model=model, loss=torch.nn.BCEWithLogitsLoss(), lr_range=True, lr_steps=40)
    text = render([rep], "text")
    assert "lr_range_loss" in text and "LR range test" in text
    html = render([rep], "html")
    assert "lr_range_loss" in html
    assert np.isfinite(rep.run.get("lr_range_lr").values).all()
