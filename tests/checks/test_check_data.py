"""LD305 class_imbalance, LD306 unnormalized_inputs, LD307 unshuffled_batches."""
from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer, load_digits, load_wine
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from lossdoctor import check
from lossdoctor.findings import Severity


def _only(rep, code: str):  # type: ignore[no-untyped-def]
    return [f for f in rep.findings if f.code == code]


def _scaled(loader):  # type: ignore[no-untyped-def]
    x, y = loader(return_X_y=True)
    xtr, xte, ytr, yte = train_test_split(x, y, test_size=0.3, random_state=0, stratify=y)
    s = StandardScaler().fit(xtr)
    return s.transform(xtr), s.transform(xte), ytr, yte


def test_imbalance_gives_the_balanced_weights() -> None:
    xtr, xte, ytr, yte = _scaled(load_breast_cancer)
    keep = np.r_[np.flatnonzero(ytr == 0)[:12], np.flatnonzero(ytr == 1)]
    rng = np.random.default_rng(0).permutation(keep.size)
    (f,) = check((xtr[keep][rng], ytr[keep][rng]), test=(xte, yte)).findings
    n1 = int((ytr == 1).sum())
    n = n1 + 12
    assert f.code == "LD305" and f.severity is Severity.WARNING and f.evidence["ratio"] == pytest.approx(n1 / 12)
    assert f.evidence["class_weights"] == {"0": pytest.approx(n / 24, rel=1e-3), "1": pytest.approx(n / (2 * n1),
                                                                                                      rel=1e-3)}
    assert "class_weight={0: " in f.fixes[0].code["keras"]
    assert f"pos_weight=torch.tensor([{n1 / 12:.4g}" not in f.fixes[0].code["pytorch"]  # n_neg / n_pos: 12 / n1
    assert f"pos_weight=torch.tensor([{12 / n1:.4g}])" in f.fixes[0].code["pytorch"]


def test_balanced_datasets_are_silent() -> None:
    for loader in (load_wine, load_breast_cancer):  # breast_cancer is 1.7:1 — imbalance worth no remark
        xtr, xte, ytr, yte = _scaled(loader)
        assert check((xtr, ytr), test=(xte, yte)).findings == ()


def test_raw_features_on_different_scales() -> None:
    x, y = load_wine(return_X_y=True)
    (f,) = _only(check((x, y)), "LD306")
    assert f.evidence["widest"] == "x12" and f.evidence["spread_ratio"] > 100
    assert "StandardScaler" in f.fixes[0].code["python"]


def test_rare_indicator_columns_are_not_a_scale_problem() -> None:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((20_000, 4))
    rare = np.zeros((20_000, 1))
    rare[[3, 17]] = 1.0  # a category seen twice: std 0.01 beside standardised features (a 100x "spread ratio")
    y = (x[:, 0] > 0).astype(int)
    assert _only(check((np.column_stack([x, rare]), y)), "LD306") == []
    assert _only(check((np.column_stack([x, rare * 0.5 + 0.25]), y)), "LD306") != []  # not 0/1: a real scale gap


def test_raw_pixels_and_scaled_pixels() -> None:
    d = load_digits()
    raw = (d.images * 255 / 16).round().astype(np.uint8)
    (f,) = _only(check((raw, d.target)), "LD306")
    assert f.evidence["max"] == 255 and "Rescaling(1 / 255)" in f.fixes[0].code["keras"]
    assert _only(check((raw / 255.0, d.target)), "LD306") == []


def test_unscaled_regression_target() -> None:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((300, 5))
    price = 200_000 + 50_000 * x[:, 0] + rng.normal(0, 5_000, 300)
    (f,) = _only(check((x, price)), "LD306")
    assert f.evidence["target_mean"] == pytest.approx(price.mean())
    assert _only(check((x, (price - price.mean()) / price.std())), "LD306") == []


def test_sorted_loader_is_a_warning_shuffled_is_silent() -> None:
    torch = pytest.importorskip("torch")
    from torch.utils.data import DataLoader, TensorDataset

    xtr, _, ytr, _ = _scaled(load_wine)
    order = np.argsort(ytr, kind="stable")
    ds = TensorDataset(torch.tensor(xtr[order], dtype=torch.float32), torch.tensor(ytr[order]))
    (f,) = _only(check(DataLoader(ds, batch_size=16)), "LD307")
    assert f.severity is Severity.WARNING and f.evidence["from_loader"] is True
    assert f.evidence["mean_run"] == pytest.approx(len(ytr) / 3) and "shuffle=True" in f.fixes[0].code["pytorch"]
    torch.manual_seed(0)
    assert _only(check(DataLoader(ds, batch_size=16, shuffle=True)), "LD307") == []


def test_sorted_arrays_are_info_and_sorted_targets_too() -> None:
    xtr, _, ytr, _ = _scaled(load_breast_cancer)
    order = np.argsort(ytr, kind="stable")
    (f,) = check((xtr[order], ytr[order])).findings
    assert f.code == "LD307" and f.severity is Severity.INFO
    rng = np.random.default_rng(0)
    x = rng.standard_normal((200, 3))
    t = np.sort(rng.standard_normal(200))
    (g,) = check((x, t)).findings
    assert g.code == "LD307" and g.evidence["spearman_rho"] == pytest.approx(1.0)
