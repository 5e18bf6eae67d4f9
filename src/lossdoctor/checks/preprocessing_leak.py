"""LD302 preprocessing_leak: a scaler fitted on all the data (train and held-out together) instead of train only."""
from __future__ import annotations

import weakref
from typing import Any, Iterator

import numpy as np

from ..findings import Cause, Finding, Fix, Severity
from ..i18n import Text
from ._check import SPLIT_PAIR, check
from .context import CheckContext
from .data import Data

EXACT = 1e-4  # a statistic a scaler produced holds to this (relative to the feature's spread; float32-safe)
CLEAR = 20.0  # the training split's own statistic must miss by 20x that, or the two cannot be told apart
MOST = 0.8  # the pattern on at least 80% of the features it can be judged on


@check(code="LD302", name="preprocessing_leak", severity=Severity.ERROR, requires=(SPLIT_PAIR,),
       summary=Text("The inputs were scaled with statistics of all the data, not of the training split alone.",
                    "输入使用了全部数据（而非仅训练集）的统计量进行缩放。"))
def preprocessing_leak(ctx: CheckContext) -> Iterator[Finding]:
    """
    ## What it detects
    A scaler fitted before the split. Standardised features have mean exactly 0 and standard deviation exactly
    1 on the data the scaler was fitted on; min-max scaled features have minimum exactly 0 and maximum exactly 1.
    When that holds for train and the held-out splits pooled together but not for the training split alone,
    the scaler saw the held-out data. With a fitted scikit-learn scaler passed in (`scaler=`, on the unscaled
    splits), its `mean_`/`scale_`, `data_min_`/`data_max_` or `center_` are compared with the statistics of
    train alone and of the pooled splits.

    ## Why it matters
    Statistics of the test set leak into training: the test score is optimistic, and the model meets a
    different scaling in production, where the scaler is fitted on training data only.

    ## How to fix
    Split first; fit the scaler on the training split; transform every split with it.

    ## Thresholds
    "Exactly": within 1e-4 of the feature's spread (float32 rounding stays far below). The pooled splits must
    be exact on at least 80% of the non-constant features, and train alone miss by at least 20x that tolerance
    on at least one of them (a scaler fitted on train alone leaves train exact on every feature).
    """
    others = ctx.held_out
    combos = [(ctx.train, d) for d in others] + ([(ctx.train, *others)] if len(others) > 1 else [])
    if ctx.train.kind == "text":
        return
    for combo in combos[::-1]:  # the most splits first
        found = (_from_scaler(ctx.scaler, combo) if ctx.scaler is not None else None) or _from_data(combo)
        if found is not None:
            yield found
            return


def _stats(x: np.ndarray) -> dict[str, np.ndarray]:
    """Per-feature count, mean, std, min and max (NaN-aware only when there are NaNs: those passes are slow)."""
    with np.errstate(all="ignore"):
        if not np.isnan(x).any():
            return {"n": np.full(x.shape[1], float(x.shape[0])), "mean": x.mean(0), "std": x.std(0),
                    "min": x.min(0, initial=np.inf), "max": x.max(0, initial=-np.inf)}
        return {"n": np.sum(~np.isnan(x), 0).astype(float), "mean": np.nanmean(x, 0), "std": np.nanstd(x, 0),
                "min": np.nanmin(x, 0), "max": np.nanmax(x, 0)}


def _pooled(parts: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """The statistics of the splits stacked together, from each split's own (no copy of the data)."""
    n = sum(p["n"] for p in parts)
    with np.errstate(all="ignore"):
        mean = sum(p["n"] * p["mean"] for p in parts) / n
        var = sum(p["n"] * (p["std"] ** 2 + (p["mean"] - mean) ** 2) for p in parts) / n
    return {"n": n, "mean": mean, "std": np.sqrt(var), "min": np.min([p["min"] for p in parts], 0),
            "max": np.max([p["max"] for p in parts], 0)}


def _from_data(combo: tuple[Data, ...]) -> Finding | None:
    parts = [_split_stats(d) for d in combo]
    own, all_ = parts[0], _pooled(parts)
    spread = np.where(all_["std"] > 0, all_["std"], np.nan)
    candidates = {
        "standard": (np.abs(all_["mean"]) + np.abs(all_["std"] - 1.0),
                     np.abs(own["mean"]) + np.abs(own["std"] - 1.0)),
        "minmax": (np.abs(all_["min"]) + np.abs(all_["max"] - 1.0),
                   np.abs(own["min"]) + np.abs(own["max"] - 1.0)),
    }
    live = np.isfinite(spread)
    for kind, (pooled_miss, own_miss) in candidates.items():
        pooled_exact = live & (pooled_miss <= EXACT * spread)
        own_off = live & (own_miss > CLEAR * EXACT * spread)
        # Fitted on train, train would be exact on every feature; fitted on the pooled data, the pooled data is
        # exact and train alone misses wherever the held-out rows moved the statistic (min-max: their extremes).
        if live.any() and pooled_exact.sum() >= MOST * live.sum() and (own_off & pooled_exact).any():
            cols = np.flatnonzero(own_off & pooled_exact)
            example = int(cols[0])
            what = (f"mean {own['mean'][example]:.4g}, std {own['std'][example]:.4g} on train alone, exactly 0 and 1 "
                    f"on {'+'.join(d.name for d in combo)}" if kind == "standard" else
                    f"min {own['min'][example]:.4g}, max {own['max'][example]:.4g} on train alone, exactly 0 and 1 "
                    f"on {'+'.join(d.name for d in combo)}")
            return _finding(combo, kind, int(pooled_exact.sum()), int(live.sum()),
                            _column(combo[0], example), what, "arrays")
    return None


def _from_scaler(scaler: Any, combo: tuple[Data, ...]) -> Finding | None:
    """Compare a fitted scikit-learn scaler's statistics with train alone and with the pooled splits."""
    parts = [_split_stats(d) for d in combo]
    own, all_ = parts[0], _pooled(parts)
    train = combo[0].flat
    pairs: list[tuple[str, np.ndarray, str]] = []
    if hasattr(scaler, "mean_") and getattr(scaler, "mean_", None) is not None:
        pairs.append(("mean", np.asarray(scaler.mean_, float), "standard"))
    if hasattr(scaler, "data_min_"):
        pairs += [("min", np.asarray(scaler.data_min_, float), "minmax"),
                  ("max", np.asarray(scaler.data_max_, float), "minmax")]
    if not pairs or pairs[0][1].shape[0] != train.shape[1]:
        return None
    spread = np.where(all_["std"] > 0, all_["std"], np.nan)
    for stat, fitted, kind in pairs:
        pooled_miss, own_miss = np.abs(fitted - all_[stat]), np.abs(fitted - own[stat])
        judged = np.isfinite(spread) & (np.abs(own[stat] - all_[stat]) > CLEAR * EXACT * spread)
        if judged.sum() == 0:
            continue
        if float(np.mean(pooled_miss[judged] <= EXACT * spread[judged])) >= MOST and \
                float(np.mean(own_miss[judged] > EXACT * spread[judged])) >= MOST:
            j = int(np.flatnonzero(judged)[0])
            what = (f"{type(scaler).__name__}.{'mean_' if stat == 'mean' else 'data_' + stat + '_'}"
                    f"[{j}] = {fitted[j]:.6g}: {'+'.join(d.name for d in combo)} gives {all_[stat][j]:.6g}, "
                    f"train alone {own[stat][j]:.6g}")
            return _finding(combo, kind, int(judged.sum()), int(np.isfinite(spread).sum()), _column(combo[0], j),
                            what, type(scaler).__name__)
    return None


_STATS: "weakref.WeakKeyDictionary[Data, dict[str, np.ndarray]]" = weakref.WeakKeyDictionary()


def _split_stats(d: Data) -> dict[str, np.ndarray]:
    """A split's statistics, once per split (train takes part in every comparison)."""
    got = _STATS.get(d)
    if got is None:
        got = _STATS[d] = _stats(d.flat)
    return got


def _column(d: Data, j: int) -> str:
    return d.columns[j] if d.kind == "table" and j < len(d.columns) else f"feature {j}"


def _finding(combo: tuple[Data, ...], kind: str, n_cols: int, n_judged: int, example: str, what: str,
             source: str) -> Finding:
    splits = "+".join(d.name for d in combo)
    scaler = "StandardScaler" if kind == "standard" else "MinMaxScaler"
    message = Text(
        f"The inputs were scaled with statistics of {splits}, not of train alone: {n_cols} of {n_judged} features "
        f"match the pooled data exactly (e.g. {example}: {what}).",
        f"输入使用了 {splits} 的统计量而不是仅训练集的统计量进行缩放：{n_judged} 个特征中有 {n_cols} 个与合并数据"
        f"完全吻合（例如 {example}：{what}）。")
    fix = Fix(
        Text(f"Split first, fit the {scaler} on the training split only, then transform every split with it.",
             f"先划分数据，只在训练集上拟合 {scaler}，再用它转换所有划分。"),
        {"python": (f"from sklearn.preprocessing import {scaler}\n"
                    f"scaler = {scaler}().fit(X_train)          # train only\n"
                    "X_train = scaler.transform(X_train)\n"
                    "X_val, X_test = scaler.transform(X_val), scaler.transform(X_test)"),
         "keras": ("norm = keras.layers.Normalization()\n"
                   "norm.adapt(X_train)                      # statistics of the training split only\n"
                   "model = keras.Sequential([keras.Input(shape=X_train.shape[1:]), norm, ...])"),
         "pytorch": ("mean, std = X_train.mean(0), X_train.std(0)   # training split only\n"
                     "X_train, X_val, X_test = [(x - mean) / std for x in (X_train, X_val, X_test)]")})
    return Finding(
        code="LD302", name="preprocessing_leak", severity=Severity.ERROR, message=message,
        evidence={"splits": splits, "scaler": scaler, "features": n_cols, "judged": n_judged, "example": example,
                  "detail": what, "from": source},
        causes=(Cause("data_leakage", 0.9, Text(f"the scaler was fitted on {splits}: test statistics leak into "
                                                "training", f"缩放器在 {splits} 上拟合：测试集统计量泄漏进训练")),),
        fixes=(fix,))
