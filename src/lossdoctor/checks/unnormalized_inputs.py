"""LD306 unnormalized_inputs: features on scales orders of magnitude apart, raw pixels, unscaled regression targets."""
from __future__ import annotations

from typing import Iterator

import numpy as np

from ..findings import Cause, Finding, Fix, Severity
from ..i18n import Text
from ._check import check
from .context import CheckContext

SPREAD_RATIO = 100.0  # feature spreads two orders of magnitude apart: one learning rate cannot suit both
LARGE = 100.0  # a typical magnitude (RMS) above 100: pre-activations and first losses in the thousands and up
PIXEL_MAX = 32.0  # integer images reaching this are raw intensities (0-255, 0-65535), not normalised values
SAMPLE = 100_000


@check(code="LD306", name="unnormalized_inputs", severity=Severity.WARNING, requires=(),
       summary=Text("Inputs are not normalised: feature scales orders of magnitude apart, raw pixels, or an "
                    "unscaled regression target.",
                    "输入未归一化：特征尺度相差数个数量级、原始像素值，或回归目标未缩放。"))
def unnormalized_inputs(ctx: CheckContext) -> Iterator[Finding]:
    """
    ## What it detects
    Training inputs a network cannot learn from at one learning rate: numeric features whose spreads differ by
    two orders of magnitude or more (metres beside millimetres), features or images with typical magnitudes in
    the hundreds, integer images in raw intensities (0-255), and regression targets in the hundreds or more.

    ## Why it matters
    Gradients scale with the inputs: large or mismatched scales make the first loss huge (hundreds of millions
    in the worst cases), the weights of the small features learn nothing at a learning rate that keeps the
    large ones stable, and training oscillates or diverges. An unscaled target does the same to the loss.

    ## How to fix
    Standardise features with statistics of the training split; divide pixels by 255 (or their maximum);
    standardise a regression target and invert the transform on predictions.

    ## Thresholds
    Spread (standard deviation) ratio >= 100 between the widest and narrowest non-constant feature (0/1
    indicator columns excluded: a rare category has a tiny spread on a unit range); RMS
    magnitude > 100; integer images with a maximum >= 32; target standard deviation or mean magnitude > 100.
    """
    d = ctx.train
    if d.kind != "text":
        x = d.flat
        columns = d.columns
        if d.time_columns:  # timestamps are an order, not a feature scale: they are judged by LD303
            keep = [j for j, c in enumerate(d.columns) if c not in d.time_columns]
            x, columns = x[:, keep], tuple(d.columns[j] for j in keep)
        if x.shape[0] > SAMPLE:
            x = x[np.random.default_rng(0).choice(x.shape[0], SAMPLE, replace=False)]
        if x.size:
            yield from _inputs(x, d.kind, columns)
    labels = ctx.labels
    if labels is not None and labels.task == "regression":
        yield from _target(labels.values)


def _inputs(x: np.ndarray, kind: str, columns: tuple[str, ...]) -> Iterator[Finding]:
    with np.errstate(all="ignore"):
        finite = np.where(np.isfinite(x), x, np.nan)
        rms = float(np.sqrt(np.nanmean(finite ** 2)))
        spread = np.nanstd(finite, axis=0) if kind == "table" else np.array([np.nanstd(finite)])
    integer = bool(np.all(np.equal(np.mod(x[np.isfinite(x)][:SAMPLE], 1), 0)))
    top = float(np.nanmax(finite)) if np.isfinite(finite).any() else 0.0
    if kind == "image" and integer and float(np.nanmin(finite)) >= 0 and top >= PIXEL_MAX:
        scale = 255 if top <= 255 else 65535 if top <= 65535 else top
        yield _finding(Text(f"Images hold raw pixel intensities (integers 0-{top:.0f}), not values near 0-1.",
                            f"图像是原始像素强度（整数 0-{top:.0f}），而不是 0-1 附近的数值。"),
                       {"max": top, "integer": True, "rms": rms}, _pixel_fix(scale))
        return
    # 0/1 indicator columns are on unit range whatever their spread (a rare category has a tiny std)
    indicator = np.all((finite == 0) | (finite == 1) | np.isnan(finite), axis=0) if kind == "table" else \
        np.zeros(spread.shape, bool)
    spread = np.where(indicator, np.nan, spread)
    live = spread[np.isfinite(spread) & (spread > 0)]
    if kind == "table" and live.size >= 2 and live.max() / live.min() >= SPREAD_RATIO:
        wide, narrow = int(np.nanargmax(np.where(spread > 0, spread, np.nan))), \
            int(np.nanargmin(np.where(spread > 0, spread, np.nan)))
        name = (lambda j: columns[j] if j < len(columns) else f"x{j}")
        ratio = float(live.max() / live.min())
        yield _finding(Text(f"Feature scales are {ratio:.0f}x apart: std of '{name(wide)}' is {spread[wide]:.4g}, "
                            f"of '{name(narrow)}' {spread[narrow]:.4g}.",
                            f"特征尺度相差 {ratio:.0f} 倍：'{name(wide)}' 的标准差为 {spread[wide]:.4g}，"
                            f"'{name(narrow)}' 为 {spread[narrow]:.4g}。"),
                       {"spread_ratio": ratio, "widest": name(wide), "widest_std": float(spread[wide]),
                        "narrowest": name(narrow), "narrowest_std": float(spread[narrow]), "rms": rms},
                       _standardize_fix())
        return
    if rms > LARGE:
        yield _finding(Text(f"Inputs are large: their typical magnitude (RMS) is {rms:.4g}, far from 1.",
                            f"输入数值过大：典型幅度（均方根）为 {rms:.4g}，远离 1。"),
                       {"rms": rms}, _standardize_fix())


def _target(y: np.ndarray) -> Iterator[Finding]:
    y = y[np.isfinite(y)]
    if y.size < 2:
        return
    mean, std = float(np.mean(y)), float(np.std(y))
    if max(std, abs(mean)) > LARGE:
        yield _finding(Text(f"The regression target is unscaled: mean {mean:.4g}, std {std:.4g}; a mean-squared "
                            f"loss starts near {mean ** 2 + std ** 2:.3g}.",
                            f"回归目标未缩放：均值 {mean:.4g}，标准差 {std:.4g}；均方误差损失初始约为 "
                            f"{mean ** 2 + std ** 2:.3g}。"),
                       {"target_mean": mean, "target_std": std}, _target_fix(mean, std), target=True)


def _finding(message: Text, evidence: dict, fix: Fix, target: bool = False) -> Finding:
    return Finding(
        code="LD306", name="unnormalized_inputs", severity=Severity.WARNING, message=message, evidence=evidence,
        causes=(Cause("unnormalized_input", 0.9, Text("the values the network sees are far from unit scale",
                                                      "网络看到的数值远离单位尺度")),),
        fixes=(fix,))


def _standardize_fix() -> Fix:
    return Fix(Text("Standardise each feature with the training split's mean and standard deviation.",
                    "用训练集的均值和标准差标准化每个特征。"),
               {"keras": ("norm = keras.layers.Normalization()\nnorm.adapt(X_train)\n"
                          "model = keras.Sequential([keras.Input(shape=X_train.shape[1:]), norm, ...])"),
                "pytorch": ("mean, std = X_train.mean(0), X_train.std(0).clamp_min(1e-8)  # training split only\n"
                            "X_train, X_val = (X_train - mean) / std, (X_val - mean) / std"),
                "python": ("from sklearn.preprocessing import StandardScaler\n"
                           "scaler = StandardScaler().fit(X_train)\n"
                           "X_train, X_val = scaler.transform(X_train), scaler.transform(X_val)")})


def _pixel_fix(scale: float) -> Fix:
    return Fix(Text(f"Divide pixels by {scale:g} (then optionally standardise per channel).",
                    f"把像素除以 {scale:g}（之后可再按通道标准化）。"),
               {"keras": f"model = keras.Sequential([keras.Input(shape=X_train.shape[1:]), "
                         f"keras.layers.Rescaling(1 / {scale:g}), ...])",
                "pytorch": (f"x = x.float() / {scale:g}  # or transforms.ToTensor(), which divides uint8 by 255\n"
                            "# transforms.Normalize(mean=[...], std=[...]) afterwards, per channel")})


def _target_fix(mean: float, std: float) -> Fix:
    return Fix(Text("Standardise the target for training and invert it on predictions.",
                    "训练时标准化目标值，预测时再反变换回来。"),
               {"python": (f"y_mean, y_std = y_train.mean(), y_train.std()   # {mean:.4g}, {std:.4g}\n"
                           "y_train_s = (y_train - y_mean) / y_std\n"
                           "# ... train on y_train_s ...\n"
                           "pred = model_output * y_std + y_mean"),
                "keras": ("from sklearn.compose import TransformedTargetRegressor  # or by hand:\n"
                          "y_mean, y_std = y_train.mean(), y_train.std()\n"
                          "model.fit(X_train, (y_train - y_mean) / y_std, ...)\n"
                          "pred = model.predict(X) * y_std + y_mean"),
                "pytorch": ("y_mean, y_std = y_train.mean(), y_train.std()\n"
                            "loss = loss_fn(model(x).squeeze(-1), (y - y_mean) / y_std)\n"
                            "pred = model(x).squeeze(-1) * y_std + y_mean")})
