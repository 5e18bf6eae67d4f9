"""LD303 feature_leaks_label: one feature (or the row id, a timestamp order) alone predicts the label."""
from __future__ import annotations

from typing import Iterator

import numpy as np

from ..findings import Cause, Finding, Fix, Severity
from ..i18n import Text
from ._check import LABELS, check
from .context import CheckContext, Labels, read_labels
from .data import Data

BINS = 32  # a feature with at most 32 distinct values predicts by value; others by their nearest neighbours
K = 5  # neighbours that vote
NEAR_PERFECT = 0.98  # held-out balanced accuracy (classification) or R^2 (regression) of one feature alone
MIN_ROWS = 40  # fewer held-out rows than this cannot show "almost perfectly"
MAX_ROWS = 50_000  # a sample this large judges a feature as well as all rows (0.98 of 50,000 is exact enough)


@check(code="LD303", name="feature_leaks_label", severity=Severity.ERROR, requires=(LABELS,),
       summary=Text("A single feature, the row id or the timestamp order predicts the label almost perfectly.",
                    "单个特征、行 id 或时间顺序几乎能完美预测标签。"))
def feature_leaks_label(ctx: CheckContext) -> Iterator[Finding]:
    """
    ## What it detects
    A feature that carries the answer: the label itself or a copy of it, a field filled in after the outcome,
    or an id or timestamp that follows the label because the rows were numbered after sorting by class. Each
    numeric column (and a table's row index, when it is not just 0..n-1) is scored alone: fitted on the training
    rows, each distinct value (for features with at most 32) or the 5 nearest training values (for continuous
    features) predict the majority class (or the mean target), scored on other rows (the held-out split, or the
    other half of the training split).

    ## Why it matters
    The model learns the shortcut, scores near-perfectly in validation, and fails on real data where the
    feature is not available or does not carry the label.

    ## How to fix
    Drop the feature (or re-derive it from information available at prediction time); re-number ids after
    shuffling; split by time when the data has a time order.

    ## Thresholds
    Held-out balanced accuracy (classification) or R^2 (regression) >= 0.98 from that one feature, on at least
    40 held-out rows. Honest strong features stay well below (the best single feature of scikit-learn's
    breast_cancer reaches about 0.9).
    """
    labels = ctx.labels
    if labels is None or ctx.train.kind != "table":
        return
    held = next((d for d in ctx.held_out if d.y is not None), None)
    fit_x, fit_y, eval_x, eval_y, where = _halves(ctx.train, held, labels)
    if eval_y.shape[0] < MIN_ROWS:
        return
    names = list(ctx.train.columns)
    if _index_is_informative(ctx.train):
        names.append("(row index)")
    hits: list[tuple[float, str]] = []
    for j, name in enumerate(names):
        s = score(fit_x[:, j], fit_y, eval_x[:, j], eval_y, labels.task)
        if s >= NEAR_PERFECT:
            hits.append((s, name))
    if hits:
        hits.sort(reverse=True)
        yield _finding(hits, labels, where, int(eval_y.shape[0]))


def _features(d: Data, with_index: bool) -> np.ndarray:
    x = d.x
    if with_index:
        x = np.column_stack([x, d.ids.astype(np.float64)])
    return x


def _index_is_informative(d: Data) -> bool:
    """A DataFrame's index is a candidate feature when it is numeric and not simply 0..n-1 (it kept its numbering
    from before a split or a shuffle)."""
    ids = d.ids
    return ids.dtype.kind in "iuf" and not np.array_equal(ids, np.arange(len(ids)))


def _halves(train: Data, held: Data | None, labels: Labels) -> tuple[np.ndarray, np.ndarray, np.ndarray,
                                                                      np.ndarray, str]:
    with_index = _index_is_informative(train)
    target = labels.codes if labels.task == "classification" else labels.values
    x = _features(train, with_index)
    if held is not None and (not with_index or held.ids.dtype.kind in "iuf"):
        hl = read_labels(held.y)  # type: ignore[arg-type]
        if hl.task == labels.task and (labels.task == "regression" or hl.classes == labels.classes):
            ht = hl.codes if hl.task == "classification" else hl.values
            hx = _features(held, with_index)
            return _cap(x, target) + _cap(hx, ht) + (held.name,)  # type: ignore[return-value]
    rng = np.random.default_rng(0)
    perm = rng.permutation(len(train))
    a, b = perm[: len(perm) // 2], perm[len(perm) // 2:]
    return _cap(x[a], target[a]) + _cap(x[b], target[b]) + ("half of train",)  # type: ignore[return-value]


def _cap(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if x.shape[0] <= MAX_ROWS:
        return x, y
    pick = np.random.default_rng(1).choice(x.shape[0], MAX_ROWS, replace=False)
    return x[pick], y[pick]


def score(fit_x: np.ndarray, fit_y: np.ndarray, eval_x: np.ndarray, eval_y: np.ndarray, task: str) -> float:
    """How well one feature alone predicts the label on other rows: balanced accuracy (classification) or R^2.

    A feature with few distinct values predicts each value's majority class (mean target); a continuous one
    predicts from its K nearest training values (boundaries between classes are found exactly, and an id
    column numbered in label order predicts through its neighbours)."""
    ok_fit, ok_eval = np.isfinite(fit_x), np.isfinite(eval_x)
    if np.unique(fit_x[ok_fit]).size < 2 or ok_eval.sum() < MIN_ROWS:
        return 0.0
    fx, fy, ex, ey = fit_x[ok_fit], fit_y[ok_fit], eval_x[ok_eval], eval_y[ok_eval]
    if np.unique(fx).size <= BINS:
        pred = _by_value(fx, fy, ex, task)
    else:
        pred = _by_neighbours(fx, fy, ex, task)
    if task == "classification":
        present = np.unique(ey)
        hit = pred == ey
        return float(np.mean([hit[ey == k].mean() for k in present])) if present.size > 1 else 0.0
    var = float(np.var(ey))
    return 1.0 - float(np.mean((ey - pred) ** 2)) / var if var > 0 else 0.0


def _by_value(fx: np.ndarray, fy: np.ndarray, ex: np.ndarray, task: str) -> np.ndarray:
    uniq, inv = np.unique(fx, return_inverse=True)
    pos = np.clip(np.searchsorted(uniq, ex), 0, uniq.size - 1)
    left = np.clip(pos - 1, 0, uniq.size - 1)
    pos = np.where(np.abs(uniq[left] - ex) < np.abs(uniq[pos] - ex), left, pos)  # the nearest seen value
    if task == "classification":
        c = int(fy.max()) + 1
        table = np.bincount(inv * c + fy, minlength=uniq.size * c).reshape(uniq.size, c)
        return np.argmax(table, axis=1)[pos]
    means = np.bincount(inv, weights=fy, minlength=uniq.size) / np.bincount(inv, minlength=uniq.size)
    return means[pos]


def _by_neighbours(fx: np.ndarray, fy: np.ndarray, ex: np.ndarray, task: str) -> np.ndarray:
    order = np.argsort(fx, kind="stable")
    sx, sy = fx[order], fy[order]
    pos = np.searchsorted(sx, ex)
    window = np.clip(pos[:, None] + np.arange(-K, K)[None, :], 0, sx.size - 1)
    dist = np.abs(sx[window] - ex[:, None])
    nearest = np.take_along_axis(window, np.argsort(dist, axis=1, kind="stable")[:, :K], axis=1)
    if task == "classification":
        c = int(fy.max()) + 1
        cells = np.repeat(np.arange(ex.size) * c, K) + sy[nearest].ravel()
        return np.argmax(np.bincount(cells, minlength=ex.size * c).reshape(ex.size, c), axis=1)
    return sy[nearest].mean(axis=1)


def _finding(hits: list[tuple[float, str]], labels: Labels, where: str, n_eval: int) -> Finding:
    metric = "balanced accuracy" if labels.task == "classification" else "R^2"
    metric_zh = "平衡准确率" if labels.task == "classification" else "R^2"
    best_score, best = hits[0]
    names = [n for _, n in hits]
    others = f" (also {', '.join(names[1:6])})" if len(names) > 1 else ""
    index_note = Text(" The row index follows the label: the rows were numbered after sorting by it.",
                      " 行索引与标签同序：数据是在按标签排序后编号的。") if best == "(row index)" else Text("", "")
    message = Text(
        f"'{best}' alone predicts the label with {metric} {best_score:.3f} on {where} ({n_eval} rows){others}."
        f"{index_note.en}",
        f"仅凭 '{best}' 就能以 {metric_zh} {best_score:.3f} 预测 {where}（{n_eval} 行）的标签{others}。{index_note.zh}")
    drop = [n for n in names if n != "(row index)"]
    cols = ", ".join(repr(n) for n in drop)
    fixes = []
    if drop:
        fixes.append(Fix(
            Text(f"Drop {cols} (or rebuild it from information available at prediction time).",
                 f"删除 {cols}（或仅用预测时可获得的信息重新构造它）。"),
            {"pandas": f"X_train = X_train.drop(columns=[{cols}])\nX_test = X_test.drop(columns=[{cols}])",
             "numpy": "leaky = [" + ", ".join(n[1:] if n.startswith("x") and n[1:].isdigit() else repr(n)
                                              for n in drop) + "]\n"
                      "X_train = np.delete(X_train, leaky, axis=1); X_test = np.delete(X_test, leaky, axis=1)"}))
    if "(row index)" in names:
        fixes.append(Fix(
            Text("Shuffle before numbering or splitting, and never feed the index as a feature.",
                 "先打乱再编号或划分，且不要把索引当作特征。"),
            {"pandas": "df = df.sample(frac=1, random_state=0).reset_index(drop=True)"}))
    return Finding(
        code="LD303", name="feature_leaks_label", severity=Severity.ERROR, message=message,
        evidence={"feature": best, "score": best_score, "metric": metric, "features": names[:20],
                  "scores": [s for s, _ in hits[:20]], "evaluated_on": where, "rows": n_eval},
        causes=(Cause("data_leakage", 0.85, Text(f"'{best}' carries the label: a shortcut unavailable on real data",
                                                 f"'{best}' 携带了标签信息：真实数据中不存在的捷径")),),
        fixes=tuple(fixes),
        experiment=Text(f"Train without {best!r}: if validation drops to a realistic level, it was the leak.",
                        f"去掉 {best!r} 重新训练：若验证结果降到合理水平，即是泄漏所致。"))
