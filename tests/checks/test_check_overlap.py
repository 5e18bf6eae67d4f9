"""LD301 split_overlap: exact duplicates by hashing canonical rows, near duplicates through LSH, verified."""
from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import load_digits, load_wine
from sklearn.model_selection import train_test_split

from lossdoctor import check
from lossdoctor.checks import duplicates as D
from lossdoctor.findings import Severity


def _ld301(rep):  # type: ignore[no-untyped-def]
    return [f for f in rep.findings if f.code == "LD301"]


def test_canonical_hash_equal_rows_equal_hashes() -> None:
    a = np.array([[0.0, np.nan, 1.5], [-0.0, np.nan, 1.5], [0.0, 1.0, 1.5]])
    h = D.row_hash(a)
    assert h[0] == h[1] != h[2]
    m = D.exact_table_matches(a[1:], a[:1])
    assert m.query.tolist() == [0] and m.ref.tolist() == [0]


def test_hash_collisions_are_verified_not_trusted() -> None:
    ref_hash = np.array([7, 7, 9], dtype=np.uint64)
    query_hash = np.array([7, 9], dtype=np.uint64)
    truth = {(0, 1)}  # query 0 equals reference 1 only; query 1 shares a hash with reference 2 but differs
    m = D.exact_matches(query_hash, ref_hash, lambda i, j: np.array([(a, b) in truth for a, b in zip(i, j)]))
    assert m.query.tolist() == [0] and m.ref.tolist() == [1]


def test_near_matches_find_jittered_rows_and_only_them() -> None:
    rng = np.random.default_rng(0)
    ref = rng.standard_normal((20_000, 20))
    query = rng.standard_normal((2_000, 20))
    src = rng.choice(20_000, 100, replace=False)
    query[:100] = ref[src] + rng.uniform(-0.005, 0.005, (100, 20))
    m = D.near_matches(query, ref, 0.01, "linf")
    assert m.query.tolist() == list(range(100))
    np.testing.assert_array_equal(m.ref, src)


def test_wine_planted_exact_and_near_copies_are_found_with_ids() -> None:
    x, y = load_wine(return_X_y=True)
    xtr, xte, ytr, yte = train_test_split(x, y, test_size=0.3, random_state=0, stratify=y)
    assert _ld301(check((xtr, ytr), test=(xte, yte))) == []
    leaked = np.concatenate([xte, xtr[:6], xtr[6:10] * (1 + 1e-4)])
    rep = check((xtr, ytr), test=(leaked, np.concatenate([yte, ytr[:10]])))
    (f,) = _ld301(rep)
    n = len(xte)
    assert f.evidence["exact"] == 6 and f.evidence["near"] == 4
    assert f.evidence["ids"] == list(range(n, n + 10)) and f.evidence["reference_ids"] == list(range(10))
    assert f.severity is Severity.ERROR and f.evidence["share"] == pytest.approx(10 / (n + 10))
    assert f.causes[0].cause == "data_leakage"
    assert "drop(index=leaked)" in f.fixes[0].code["pandas"] and str(n) in f.fixes[0].code["pandas"]


def test_val_and_test_are_each_compared() -> None:
    x, y = load_wine(return_X_y=True)
    xtr, xrest, ytr, yrest = train_test_split(x, y, test_size=0.4, random_state=1)
    xva, xte, yva, yte = xrest[:35], xrest[35:], yrest[:35], yrest[35:]
    xte = np.concatenate([xte, xva[:3]])
    yte = np.concatenate([yte, yva[:3]])
    (f,) = _ld301(check((xtr, ytr), val=(xva, yva), test=(xte, yte)))
    assert (f.evidence["split"], f.evidence["reference"], f.evidence["contaminated"]) == ("test", "val", 3)


def test_images_near_copies_by_thumbnail() -> None:
    d = load_digits()
    xtr, xte, ytr, yte = train_test_split(d.images * 16, d.target, test_size=0.3, random_state=0)
    assert _ld301(check((xtr, ytr), test=(xte, yte))) == []
    brighter = np.clip(xtr[:5] * 1.1 + 3, 0, 300)  # the same digits, brighter: no longer equal, still the same
    (f,) = _ld301(check((xtr, ytr), test=(np.concatenate([xte, xtr[5:8], brighter]),
                                          np.concatenate([yte, ytr[5:8], ytr[:5]]))))
    assert f.evidence["exact"] == 3 and f.evidence["near"] == 5


def test_texts_after_normalisation_and_minhash() -> None:
    rng = np.random.default_rng(0)
    words = np.array("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi rho sigma tau "
                     "phi chi psi omega".split())
    tr = [" ".join(rng.choice(words, 14)) for _ in range(300)]
    te = [" ".join(rng.choice(words, 14)) for _ in range(80)]
    assert _ld301(check(np.array(tr), test=np.array(te))) == []
    te += ["  " + tr[3].upper() + " ", tr[5] + " extra"]
    (f,) = _ld301(check(np.array(tr), test=np.array(te)))
    assert (f.evidence["exact"], f.evidence["near"], f.evidence["ids"]) == (1, 1, [80, 81])


def test_natural_repetition_is_info() -> None:
    rng = np.random.default_rng(0)
    x = rng.integers(0, 2, (600, 3)).astype(float)  # 8 possible rows: every row repeats, in every split
    y = rng.integers(0, 2, 600)
    (f,) = _ld301(check((x[:400], y[:400]), test=(x[400:], y[400:])))
    assert f.severity is Severity.INFO and f.evidence["reference_self_repeat_share"] == 1.0
