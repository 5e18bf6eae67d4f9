"""LD301 split_overlap: rows of a held-out split that are also in the split it is compared with."""
from __future__ import annotations

import weakref
from typing import Iterator

import numpy as np

from ..findings import Cause, Finding, Fix, Severity
from ..i18n import Text
from . import duplicates as D
from ._check import SPLIT_PAIR, check
from .context import CheckContext
from .data import Data

NEAR_TABLE = 0.01  # numeric rows within 1% of a standard deviation (of the reference split) in every feature
NEAR_IMAGE = 0.1  # grey 16x16 thumbnails (zero-mean, unit-norm) within L2 0.1: correlation >= 0.995
NEAR_TEXT = 0.8  # Jaccard similarity of 5-character shingles
SEVERE_SHARE = 0.05  # deepchecks' Train Test Samples Mix fails above 5% of the test rows: we call that an error
NATURAL_FACTOR = 2.0  # overlap within 2x of how often the reference split repeats its own rows is natural
SHOW_IDS = 20
SCALE_SAMPLE = 100_000


@check(code="LD301", name="split_overlap", severity=Severity.ERROR, requires=(SPLIT_PAIR,),
       summary=Text("Rows of the validation or test split are also in the training split (exact or near copies).",
                    "验证集或测试集中的样本也出现在训练集中（完全相同或近似重复）。"))
def split_overlap(ctx: CheckContext) -> Iterator[Finding]:
    """
    ## What it detects
    Held-out rows that the model also trains on. Exact duplicates are found by hashing each row's canonical
    contents (numbers with -0.0 as 0.0 and one NaN; strings by value; texts after Unicode normalisation, lower
    case and collapsed spaces; images by their pixels), every hash match verified by comparing the rows. Near
    duplicates are found through locality-sensitive hashing (random projections for numeric rows and image
    thumbnails, MinHash for texts) and verified with the exact distance. Each held-out split is compared with
    the training split, and test with validation.

    ## Why it matters
    A test row the model saw in training measures memory: accuracy on it is inflated (on CIFAR, 3-10% of the
    test images have near-copies in training and removing them drops accuracy by 9-14%).

    ## How to fix
    Remove the listed rows from the held-out split, or better, de-duplicate before splitting and split by
    group (all copies of a row in the same split).

    ## Thresholds
    Near duplicates: tables, every numeric feature within 1% of the training split's standard deviation (and the
    non-numeric columns equal); images, 16x16 grey thumbnails (brightness and contrast removed) within L2
    distance 0.1 (correlation >= 0.995); texts, Jaccard similarity >= 0.8 of 5-character shingles. Error at 5%
    of the held-out rows or more (deepchecks' limit), warning below. When the training split repeats its own
    rows about as often (within 2x), the overlap is natural repetition in the data: info.
    """
    for query, ref in ctx.pairs():
        exact, near = overlap(query, ref)
        found = np.union1d(exact.query, near.query)
        if found.size == 0:
            continue
        natural = self_repeat_share(ref)
        share = found.size / len(query)
        if natural > 0 and share <= NATURAL_FACTOR * natural:
            severity = Severity.INFO
        else:
            severity = Severity.ERROR if share >= SEVERE_SHARE else Severity.WARNING
        yield _finding(query, ref, exact, near, share, natural, severity)


def overlap(query: Data, ref: Data) -> tuple[D.Matches, D.Matches]:
    """Exact and near (but not exact) duplicates of query rows in the reference split."""
    if query.kind == "text":
        cq = [D.canonical_text(t) for t in query.x]
        cr = [D.canonical_text(t) for t in ref.x]
        hq, hr = _text_hash(cq), _text_hash(cr)
        exact = D.exact_matches(hq, hr, lambda i, j: np.array([cq[a] == cr[b] for a, b in zip(i, j)], dtype=bool))
        rest = np.setdiff1d(np.arange(len(cq)), exact.query)
        near = D.near_text_matches([cq[i] for i in rest], cr, NEAR_TEXT)
        return exact, D.Matches(rest[near.query], near.ref)
    exact = D.exact_table_matches(query.flat, ref.flat, query.other, ref.other, ref_hash=_row_hash(ref))
    rest = np.setdiff1d(np.arange(len(query)), exact.query)
    if rest.size == 0:
        return exact, D.Matches(np.zeros(0, np.int64), np.zeros(0, np.int64))
    if query.kind == "image":
        near = D.near_matches(D.thumbnails(query.x[rest]), D.thumbnails(ref.x), NEAR_IMAGE, "l2")
    else:
        if query.x.shape[1] == 0:
            return exact, D.Matches(np.zeros(0, np.int64), np.zeros(0, np.int64))
        center, scale = _scale(ref.x)
        qkey = None if query.other is None else D.row_hash(np.zeros((len(rest), 0)), query.other[rest])
        rkey = None if ref.other is None else D.row_hash(np.zeros((len(ref), 0)), ref.other)
        near = D.near_matches(query.x[rest], ref.x, NEAR_TABLE, "linf", qkey=qkey, rkey=rkey, center=center,
                              scale=scale)
    return exact, D.Matches(rest[near.query], near.ref)


def self_repeat_share(ref: Data) -> float:
    """The share of the reference split's rows that have an exact copy elsewhere in it (natural repetition)."""
    h = _text_hash([D.canonical_text(t) for t in ref.x]) if ref.kind == "text" else _row_hash(ref)
    _, inverse, counts = np.unique(h, return_inverse=True, return_counts=True)
    return float(np.mean(counts[inverse] > 1)) if h.size else 0.0


_HASHES: "weakref.WeakKeyDictionary[Data, np.ndarray]" = weakref.WeakKeyDictionary()


def _row_hash(d: Data) -> np.ndarray:
    """A split's row hashes, computed once per split (each split is a reference for several comparisons)."""
    h = _HASHES.get(d)
    if h is None:
        h = _HASHES[d] = D.row_hash(d.flat, d.other)
    return h


def _text_hash(texts: list[str]) -> np.ndarray:
    from .data import text_fingerprint

    return text_fingerprint(texts)


def _scale(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-feature centre and spread of the reference rows (a constant feature gets spread 1: any change counts),
    from up to 100,000 of them: a 1% tolerance needs no more precision than that."""
    if x.shape[0] > SCALE_SAMPLE:
        x = x[np.random.default_rng(0).choice(x.shape[0], SCALE_SAMPLE, replace=False)]
    with np.errstate(all="ignore"):
        center = np.nan_to_num(np.nanmean(x, axis=0)) if x.size else np.zeros(x.shape[1])
        scale = np.nanstd(x, axis=0) if x.size else np.ones(x.shape[1])
    scale = np.where(np.isfinite(scale) & (scale > 0), scale, 1.0)
    return center, scale


def _finding(query: Data, ref: Data, exact: D.Matches, near: D.Matches, share: float, natural: float,
             severity: Severity) -> Finding:
    q_idx = np.concatenate([exact.query, near.query])
    r_idx = np.concatenate([exact.ref, near.ref])
    order = np.argsort(q_idx, kind="stable")
    q_idx, r_idx = q_idx[order], r_idx[order]
    ids = query.ids[q_idx[:SHOW_IDS]].tolist()
    ref_ids = ref.ids[r_idx[:SHOW_IDS]].tolist()
    n, k = len(query), q_idx.size
    shown = ", ".join(map(str, ids[:8])) + (", ..." if k > 8 else "")
    natural_note = Text("", "")
    if severity is Severity.INFO:
        natural_note = Text(f"; {ref.name} itself repeats {natural:.1%} of its rows, so this is likely natural "
                            "repetition in the data",
                            f"；{ref.name} 自身就有 {natural:.1%} 的行重复，这很可能是数据本身的自然重复")
    message = Text(
        f"{share:.1%} of {query.name} rows ({k} of {n}) are also in {ref.name}: {exact.query.size} exact, "
        f"{near.query.size} near duplicates ({query.name} ids {shown}){natural_note.en}.",
        f"{query.name} 中 {share:.1%} 的样本（{n} 个中的 {k} 个）也在 {ref.name} 中：完全相同 {exact.query.size} 个，"
        f"近似重复 {near.query.size} 个（{query.name} 的 id：{shown}）{natural_note.zh}。")
    causes = (Cause("data_leakage", 0.95 if severity > Severity.INFO else 0.3,
                    Text(f"{query.name} rows appear in {ref.name}: the model is scored on rows it trained on.",
                         f"{query.name} 的样本出现在 {ref.name} 中：模型在训练过的样本上被评估。")),)
    return Finding(
        code="LD301", name="split_overlap", severity=severity, message=message,
        evidence={"split": query.name, "reference": ref.name, "rows": n, "contaminated": k,
                  "share": share, "exact": int(exact.query.size), "near": int(near.query.size),
                  "ids": ids, "reference_ids": ref_ids, "reference_self_repeat_share": natural,
                  "near_threshold": {"table": NEAR_TABLE, "image": NEAR_IMAGE, "text": NEAR_TEXT}[query.kind]},
        causes=causes, fixes=_fixes(query, ref, ids),
        experiment=Text(f"Score the model on {query.name} without these rows: a clear drop confirms the leak.",
                        f"去掉这些样本后在 {query.name} 上重新评估：明显下降即证实泄漏。"))


def _fixes(query: Data, ref: Data, ids: list) -> tuple[Fix, ...]:
    listed = ", ".join(repr(i) for i in ids)
    more = "  # the first 20 (--format json lists them)" if len(ids) >= SHOW_IDS else ""
    drop = Fix(
        Text(f"Drop the duplicated rows from {query.name} (or move them to {ref.name}).",
             f"从 {query.name} 中删除这些重复样本（或移到 {ref.name}）。"),
        {"pandas": f"leaked = [{listed}]{more}\n{query.name}_df = {query.name}_df.drop(index=leaked)",
         "numpy": (f"leaked = np.array([{listed}]){more}\n"
                   f"keep = np.setdiff1d(np.arange(len(X_{query.name})), leaked)\n"
                   f"X_{query.name}, y_{query.name} = X_{query.name}[keep], y_{query.name}[keep]")})
    group = Fix(
        Text("De-duplicate first and split by content, so every copy of a row lands in the same split.",
             "先去重，再按内容分组划分，使同一行的所有副本落在同一个划分中。"),
        {"pandas": ("from sklearn.model_selection import GroupShuffleSplit\n"
                    "df = df.drop_duplicates()\n"
                    "groups = pd.util.hash_pandas_object(df.drop(columns=['label']), index=False)\n"
                    "train_idx, test_idx = next(GroupShuffleSplit(test_size=0.2, random_state=0)"
                    ".split(df, groups=groups))\n"
                    "train_df, test_df = df.iloc[train_idx], df.iloc[test_idx]"),
         "numpy": ("from sklearn.model_selection import GroupShuffleSplit\n"
                   "X, first = np.unique(X, axis=0, return_index=True); y = y[first]\n"
                   "groups = np.arange(len(X))  # one group per distinct row\n"
                   "train_idx, test_idx = next(GroupShuffleSplit(test_size=0.2, random_state=0)"
                   ".split(X, y, groups))")})
    return (drop, group)
