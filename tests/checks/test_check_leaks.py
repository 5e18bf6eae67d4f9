"""LD302 preprocessing_leak and LD303 feature_leaks_label, planted in scikit-learn's datasets."""
from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer, load_wine
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import MinMaxScaler, StandardScaler

from lossdoctor import check

DATASETS = (load_wine, load_breast_cancer)


def _codes(rep) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.code for f in rep.findings]


def _split(loader):  # type: ignore[no-untyped-def]
    x, y = loader(return_X_y=True)
    return train_test_split(x, y, test_size=0.3, random_state=0, stratify=y)


@pytest.mark.parametrize("loader", DATASETS)
def test_scaler_fitted_on_train_is_silent(loader) -> None:  # type: ignore[no-untyped-def]
    xtr, xte, ytr, yte = _split(loader)
    for scaler in (StandardScaler(), MinMaxScaler()):
        s = scaler.fit(xtr)
        rep = check((s.transform(xtr), ytr), test=(s.transform(xte), yte))
        assert rep.findings == () and rep.verdict == "healthy"
        assert check((xtr, ytr), test=(xte, yte), scaler=s, select=("LD302",)).findings == ()


@pytest.mark.parametrize("loader", DATASETS)
@pytest.mark.parametrize("scaler", (StandardScaler, MinMaxScaler))
def test_scaler_fitted_on_all_data_is_found(loader, scaler) -> None:  # type: ignore[no-untyped-def]
    xtr, xte, ytr, yte = _split(loader)
    s = scaler().fit(np.concatenate([xtr, xte]))
    (f,) = check((s.transform(xtr), ytr), test=(s.transform(xte), yte)).findings
    assert f.code == "LD302" and f.evidence["splits"] == "train+test"
    assert f.evidence["scaler"] == scaler.__name__ and f"{scaler.__name__}().fit(X_train)" in f.fixes[0].code["python"]


@pytest.mark.parametrize("loader", DATASETS)
def test_a_passed_scaler_object_is_compared_with_the_splits(loader) -> None:  # type: ignore[no-untyped-def]
    xtr, xte, ytr, yte = _split(loader)
    leaky = StandardScaler().fit(np.concatenate([xtr, xte]))
    (f,) = check((xtr, ytr), test=(xte, yte), scaler=leaky, select=("LD302",)).findings
    assert f.evidence["from"] == "StandardScaler"


@pytest.mark.parametrize("loader", DATASETS)
def test_a_copy_of_the_label_is_found(loader) -> None:  # type: ignore[no-untyped-def]
    xtr, xte, ytr, yte = _split(loader)
    s = StandardScaler().fit(xtr)
    rng = np.random.default_rng(0)
    leak_tr = ytr * 3.0 + rng.normal(0, 0.2, ytr.size)  # "a field filled in after the outcome"
    leak_te = yte * 3.0 + rng.normal(0, 0.2, yte.size)
    rep = check((np.column_stack([s.transform(xtr), leak_tr]), ytr),
                test=(np.column_stack([s.transform(xte), leak_te]), yte))
    (f,) = rep.findings
    assert f.code == "LD303" and f.evidence["feature"] == f"x{xtr.shape[1]}" and f.evidence["score"] >= 0.98
    assert f.evidence["features"] == [f"x{xtr.shape[1]}"]  # honest features stay below the bar


def test_an_index_numbered_in_label_order_is_found() -> None:
    pd = pytest.importorskip("pandas")
    x, y = load_wine(return_X_y=True, as_frame=True)
    df = x.copy()
    df["y"] = y
    df = df.sort_values("y").reset_index(drop=True)  # numbered after sorting by class, then split
    tr, te = train_test_split(df, test_size=0.3, random_state=0)
    s = StandardScaler().fit(tr.drop(columns="y"))
    scaled = [pd.DataFrame(s.transform(p.drop(columns="y")), columns=x.columns, index=p.index).assign(y=p.y)
              for p in (tr, te)]
    (f,) = check(scaled[0], test=scaled[1], label="y").findings
    assert f.code == "LD303" and f.evidence["feature"] == "(row index)"
    shuffled = df.sample(frac=1, random_state=0).reset_index(drop=True)
    tr, te = train_test_split(shuffled, test_size=0.3, random_state=0)
    s = StandardScaler().fit(tr.drop(columns="y"))
    scaled = [pd.DataFrame(s.transform(p.drop(columns="y")), columns=x.columns, index=p.index).assign(y=p.y)
              for p in (tr, te)]
    assert check(scaled[0], test=scaled[1], label="y").findings == ()


def test_label_leak_without_a_held_out_split_uses_half_of_train() -> None:
    xtr, _, ytr, _ = _split(load_breast_cancer)
    s = StandardScaler().fit(xtr)
    (f,) = [f for f in check((np.column_stack([s.transform(xtr), ytr]), ytr)).findings if f.code == "LD303"]
    assert f.evidence["evaluated_on"] == "half of train"


def test_a_timestamp_in_label_order_is_found() -> None:
    pd = pytest.importorskip("pandas")
    xtr, xte, ytr, yte = _split(load_breast_cancer)
    s = StandardScaler().fit(xtr)

    def frame(x: np.ndarray, y: np.ndarray, seed: int) -> "pd.DataFrame":
        rng = np.random.default_rng(seed)
        # records of class 0 were all collected before those of class 1 (a batch export per outcome)
        days = np.where(y == 0, rng.integers(0, 300, y.size), rng.integers(400, 700, y.size))
        df = pd.DataFrame(s.transform(x)).add_prefix("f")
        return df.assign(collected=pd.Timestamp("2024-01-01") + pd.to_timedelta(days, unit="D"), y=y)

    (f,) = check(frame(xtr, ytr, 0), test=frame(xte, yte, 1), label="y").findings
    assert f.code == "LD303" and f.evidence["feature"] == "collected" and f.evidence["score"] == 1.0
