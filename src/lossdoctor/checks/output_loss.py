"""LD304 output_loss_mismatch: the output layer, the loss and the label format disagree — judged from the outputs
of one forward pass (shape, value range, row sums, how they respond to scaled inputs) and the loss object."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

import numpy as np

from ..errors import UsageError
from ..findings import Cause, Finding, Fix, Severity
from ..i18n import Text
from ._check import LABELS, MODEL, check, only_for
from .context import CheckContext, Labels
from .models import LossInfo, ModelUnderTest

BATCH = 256  # rows in the forward pass
SUM_TOL = 1e-3  # rows summing to 1 within this: a softmax was applied
LOGSUM_TOL = 1e-3  # rows whose exp sums to 1 within this: log-probabilities (log_softmax)
STRETCH = 10.0  # inputs scaled by +-10: logits move out of any fixed range, a sigmoid/ReLU head stays in it
OUTSIDE = 0.01  # targets outside the head's range for more than 1% of rows cannot be fitted


@dataclass(frozen=True)
class Outputs:
    """What one forward pass shows about the head, without reading layer names."""

    shape: tuple[int, ...]
    units: int
    lo: float
    hi: float
    simplex: bool  # non-negative rows summing to 1: softmax applied
    log_simplex: bool  # non-positive rows whose exp sums to 1: log_softmax applied
    bounded01: bool  # within [0, 1] for the batch and for it scaled by +-10: a sigmoid head
    nonneg: bool  # >= 0 for the batch and for it scaled by +-10: a ReLU (or softplus/sigmoid) head
    row_sum: float


def probe(model: ModelUnderTest, x: np.ndarray) -> Outputs:
    """One forward pass (and two on the inputs scaled by +-10) as an Outputs signature."""
    out = _run(model, x)
    flat = out.reshape(out.shape[0], -1) if out.ndim > 1 else out.reshape(-1, 1)
    units = int(flat.shape[1])
    finite = np.isfinite(flat).all()
    sums = flat.sum(axis=1)
    simplex = bool(finite and units >= 2 and flat.min() >= -1e-6 and np.all(np.abs(sums - 1) < SUM_TOL))
    with np.errstate(all="ignore"):
        lse = np.log(np.exp(flat).sum(axis=1))
    log_simplex = bool(finite and units >= 2 and flat.max() <= 1e-6 and np.all(np.abs(lse) < LOGSUM_TOL))
    stretched = [flat]
    for k in (STRETCH, -STRETCH):
        try:
            s = _run(model, x * k)
            stretched.append(s.reshape(s.shape[0], -1) if s.ndim > 1 else s.reshape(-1, 1))
        except UsageError:
            pass
    both = np.concatenate([s[np.isfinite(s)] for s in stretched])
    bounded01 = bool(both.size and both.min() >= 0 and both.max() <= 1)
    nonneg = bool(both.size and both.min() >= 0)
    return Outputs(tuple(out.shape), units, float(np.nanmin(flat)), float(np.nanmax(flat)), simplex, log_simplex,
                   bounded01, nonneg, float(np.nanmean(sums)))


def _run(model: ModelUnderTest, x: np.ndarray) -> np.ndarray:
    try:
        return np.asarray(model.forward(x), dtype=np.float64)
    except Exception as exc:  # noqa: BLE001 - the user's model failed on the user's data: one line, exit 2
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        raise UsageError(f"model: the forward pass on {x.shape[0]} training rows of shape {x.shape[1:]} failed: "
                         f"{type(exc).__name__}: {first}") from None


def batch(ctx: CheckContext, rows: int = BATCH) -> tuple[np.ndarray, np.ndarray]:
    """The first rows of the training split, spread over the classes (so every class shows)."""
    d = ctx.train
    if d.kind == "text":
        raise UsageError("model checks need numeric inputs; texts must be tokenised first")
    n = len(d)
    idx = np.arange(min(n, rows))
    if ctx.labels is not None and ctx.labels.task == "classification" and n > rows:
        idx = spread_over_classes(ctx.labels.codes, rows)
    assert d.y is not None
    return np.asarray(d.x[idx], dtype=np.float32), d.y[idx]


def spread_over_classes(codes: np.ndarray, rows: int) -> np.ndarray:
    """Up to `rows` indices taking the classes in turn (the first rows of each), in index order."""
    per = [np.flatnonzero(codes == k) for k in np.unique(codes)]
    picked: list[int] = []
    depth = 0
    while len(picked) < rows and any(depth < p.size for p in per):
        picked += [int(p[depth]) for p in per if depth < p.size]
        depth += 1
    return np.sort(np.array(picked[:rows], dtype=np.int64))


@check(code="LD304", name="output_loss_mismatch", severity=Severity.ERROR, requires=(MODEL, LABELS),
       summary=Text("The output layer, the loss and the label format do not fit together.",
                    "输出层、损失函数与标签格式互不匹配。"))
def output_loss_mismatch(ctx: CheckContext) -> Iterator[Finding]:
    """
    ## What it detects
    An output layer, loss and labels that do not fit, judged from the outputs of one forward pass on training
    rows and from the loss object (never from layer names): rows that sum to 1 are probabilities (a softmax
    was applied), non-positive rows whose exponentials sum to 1 are log-probabilities, outputs that stay in
    [0, 1] or above 0 when the inputs are scaled by +-10 come from a sigmoid or ReLU head; labels are read for
    their format (integers, one-hot rows, their range) and the loss for what it expects. Cases: `Dense(2,
    softmax)` with `binary_crossentropy`; one output unit with a categorical loss (the loss is always 0);
    one-hot labels with a sparse loss and integer labels with a categorical one; a softmax before
    `nn.CrossEntropyLoss` or a `from_logits=True` loss; a sigmoid before `BCEWithLogitsLoss`; `BCELoss` or a
    `from_logits=False` loss on logits; `NLLLoss` without `log_softmax`; labels outside [0, C); fewer or more
    output units than classes; a sigmoid or ReLU head on a regression target it cannot reach; an (N, 1) output
    against (N,) targets in a PyTorch regression loss (it broadcasts to N x N).

    ## Why it matters
    These mistakes do not crash (or crash late): the loss is 0 from the start, stuck at a constant, huge, or
    the gradients are squashed; the curves then look like a learning-rate or data problem.

    ## How to fix
    The corrected output layer and loss for the framework, given with each finding.

    ## Thresholds
    Softmax: every row >= 0 and summing to 1 within 1e-3. Log-softmax: every row <= 0 with exp-sums 1 within
    1e-3. Sigmoid/ReLU head: outputs within [0, 1] / >= 0 for the batch and for it scaled by +-10. A regression
    head that cannot reach more than 1% of the targets. 256 training rows, spread over the classes.
    """
    labels = ctx.labels
    model = ctx.model
    if labels is None or model is None:
        return
    x, y = batch(ctx)
    out = probe(model, x)
    try:
        loss_value: float | str = model.loss_on(x, y)
    except Exception as exc:  # noqa: BLE001 - the loss rejecting these labels is evidence
        loss_value = f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"
    for key, severity, message, fix in problems(out, model.loss, labels, y, model.framework):
        yield Finding(
            code="LD304", name="output_loss_mismatch", severity=severity, message=message,
            evidence={"problem": key, "framework": model.framework, "loss": model.loss.label,
                      "loss_expects": "logits" if model.loss.from_logits else "probabilities",
                      "output_shape": list(out.shape), "output_min": out.lo, "output_max": out.hi,
                      "output_row_sum": out.row_sum, "softmax_applied": out.simplex,
                      "sigmoid_head": out.bounded01, "labels_shape": list(np.shape(y)), "task": labels.task,
                      "classes": labels.num_classes, "loss_on_batch": loss_value},
            causes=(Cause("label_or_loss_misconfig", 0.95,
                          Text(f"{model.loss.label} with outputs of shape {out.shape} and labels of shape "
                               f"{tuple(np.shape(y))}", f"{model.loss.label} 配合形状为 {out.shape} 的输出和形状为 "
                               f"{tuple(np.shape(y))} 的标签")),),
            fixes=(only_for(fix, model.framework),))


Problem = tuple[str, Severity, Text, Fix]


def problems(out: Outputs, loss: LossInfo, labels: Labels, y: np.ndarray, fw: str) -> list[Problem]:
    """Every mismatch between the head (as measured), the loss and the labels."""
    found: list[Problem] = []
    kind, u = loss.kind, out.units
    c = labels.num_classes
    raw = np.asarray(y)
    ints = raw.dtype.kind in "iub" or (raw.dtype.kind == "f" and raw.size and np.all(raw == np.round(raw)))
    if labels.task == "classification" and kind == "regression":
        found.append(("regression_loss_on_classes", Severity.WARNING,
                      Text(f"{loss.label} is a regression loss, but the labels are {c} classes.",
                           f"{loss.label} 是回归损失，但标签是 {c} 个类别。"), _fix_classifier(fw, c)))
        return found
    if labels.task == "regression" and kind in ("cross_entropy", "nll", "categorical", "sparse_categorical",
                                                "binary"):
        found.append(("classification_loss_on_regression", Severity.ERROR,
                      Text(f"{loss.label} is a classification loss, but the targets are continuous values.",
                           f"{loss.label} 是分类损失，但目标是连续值。"), _fix_regression(fw)))
        return found
    if labels.task == "regression":
        return _regression(out, loss, labels, raw, fw)
    # -- classification -----------------------------------------------------------------------------------------
    if kind in ("cross_entropy", "categorical") and u == 1:
        found.append(("single_unit_categorical", Severity.ERROR,
                      Text(f"One output unit with {loss.label}: a softmax over one unit is always 1, so the loss is "
                           "always 0 and nothing is learned.",
                           f"一个输出单元配合 {loss.label}：单个单元的 softmax 恒为 1，损失恒为 0，什么也学不到。"),
                      _fix_binary(fw) if c <= 2 else _fix_classifier(fw, c)))
        return found
    if kind == "binary" and u >= 2 and not labels.one_hot:
        what = "a softmax over" if out.simplex else ""
        found.append(("binary_loss_on_multi_unit", Severity.ERROR,
                      Text(f"{loss.label} with {what} {u} output units and one 0/1 label per row: a binary loss "
                           f"needs one unit (sigmoid) per label." .replace("  ", " "),
                           f"{loss.label} 配合 {u} 个输出单元{'（softmax）' if out.simplex else ''}和每行一个 0/1 标签："
                           "二分类损失需要每个标签一个（sigmoid）输出单元。"),
                      _fix_binary(fw) if c <= 2 else _fix_classifier(fw, c)))
        return found
    if kind == "binary" and u >= 2 and labels.one_hot and out.simplex:
        found.append(("softmax_with_binary_loss", Severity.WARNING,
                      Text(f"A softmax over {u} units with {loss.label} and one-hot labels: each unit is scored as an "
                           "independent yes/no, and Keras's 'accuracy' becomes binary accuracy per unit.",
                           f"{u} 个单元的 softmax 配合 {loss.label} 和 one-hot 标签：每个单元被当作独立的是/否来计算，"
                           "Keras 的 'accuracy' 也变成了逐单元的二分类准确率。"), _fix_classifier(fw, u)))
    if kind == "sparse_categorical" and labels.one_hot:
        found.append(("one_hot_with_sparse_loss", Severity.ERROR,
                      Text(f"One-hot labels of shape {raw.shape} with {loss.label}, which expects one class index "
                           "per row.", f"形状为 {raw.shape} 的 one-hot 标签配合 {loss.label}，而该损失要求每行一个类别索引。"),
                      _fix_label_format(fw, "to_index", loss)))
    if kind == "nll" and labels.one_hot:
        found.append(("one_hot_with_nll", Severity.ERROR,
                      Text(f"One-hot labels with {loss.label}, which expects class indices.",
                           f"one-hot 标签配合 {loss.label}，而该损失要求类别索引。"),
                      _fix_label_format(fw, "to_index", loss)))
    if kind == "categorical" and not labels.one_hot and u >= 2:
        found.append(("integer_labels_with_categorical_loss", Severity.ERROR,
                      Text(f"Integer labels with {loss.label}, which expects one-hot rows of {u}.",
                           f"整数标签配合 {loss.label}，而该损失要求长度为 {u} 的 one-hot 行。"),
                      _fix_label_format(fw, "to_one_hot", loss)))
    # logits vs probabilities
    if kind in ("cross_entropy",) or (kind in ("categorical", "sparse_categorical") and loss.from_logits):
        if out.simplex:
            found.append(("softmax_before_logit_loss", Severity.WARNING,
                          Text(f"The outputs are already probabilities (rows sum to {out.row_sum:.3f}) but "
                               f"{loss.label} applies its own softmax: the loss cannot fall below about "
                               f"{_double_softmax_floor(u):.2f} and gradients shrink.",
                               f"输出已经是概率（每行和为 {out.row_sum:.3f}），而 {loss.label} 还会再做一次 softmax："
                               f"损失无法低于约 {_double_softmax_floor(u):.2f}，梯度也会变小。"),
                          _fix_drop_activation(fw, "softmax", loss)))
    elif kind in ("categorical", "sparse_categorical") and not loss.from_logits and u >= 2 and not out.simplex:
        found.append(("logits_into_probability_loss", Severity.ERROR,
                      Text(f"The outputs are not probabilities (values {out.lo:.3g} to {out.hi:.3g}, rows sum to "
                           f"{out.row_sum:.3g}) but {loss.label} expects a softmax output (from_logits=False).",
                           f"输出不是概率（取值 {out.lo:.3g} 到 {out.hi:.3g}，每行和为 {out.row_sum:.3g}），"
                           f"但 {loss.label} 期望 softmax 输出（from_logits=False）。"),
                      _fix_from_logits(fw, loss)))
    if kind == "binary" and loss.from_logits and out.bounded01:
        found.append(("sigmoid_before_logit_loss", Severity.WARNING,
                      Text(f"The outputs stay within [0, 1] even for inputs scaled by +-10 (a sigmoid head), but "
                           f"{loss.label} applies its own sigmoid: predictions are squashed into [0.5, 0.73].",
                           f"即使把输入放大 ±10 倍，输出仍在 [0, 1] 内（sigmoid 输出层），而 {loss.label} 还会再做一次 "
                           "sigmoid：预测被压缩到 [0.5, 0.73]。"), _fix_drop_activation(fw, "sigmoid", loss)))
    if kind == "binary" and not loss.from_logits and (out.lo < 0 or out.hi > 1):
        found.append(("logits_into_bce", Severity.ERROR,
                      Text(f"{loss.label} expects probabilities in [0, 1], but the outputs range from {out.lo:.3g} "
                           f"to {out.hi:.3g} (logits).",
                           f"{loss.label} 期望 [0, 1] 内的概率，但输出范围是 {out.lo:.3g} 到 {out.hi:.3g}（logits）。"),
                      _fix_from_logits(fw, loss)))
    if kind == "nll" and not out.log_simplex:
        what = Text("probabilities (rows sum to 1)", "概率（每行和为 1）") if out.simplex else \
            Text(f"raw scores ({out.lo:.3g} to {out.hi:.3g})", f"原始分数（{out.lo:.3g} 到 {out.hi:.3g}）")
        found.append(("nll_without_log_softmax", Severity.ERROR,
                      Text(f"{loss.label} expects log-probabilities (log_softmax) but gets {what.en}.",
                           f"{loss.label} 期望对数概率（log_softmax），但得到的是{what.zh}。"),
                      _fix_drop_activation(fw, "nll", loss)))
    # label range and class count
    if not labels.one_hot and ints and kind in ("cross_entropy", "nll", "sparse_categorical") and u >= 2:
        lo, hi = int(np.min(raw)), int(np.max(raw))
        if lo < 0 or hi >= u:
            found.append(("labels_out_of_range", Severity.ERROR,
                          Text(f"Labels range from {lo} to {hi}, but {u} output units take classes 0 to {u - 1}.",
                               f"标签范围是 {lo} 到 {hi}，但 {u} 个输出单元只能表示类别 0 到 {u - 1}。"),
                          _fix_label_range(fw, lo, hi, u, c)))
        elif u > c:
            found.append(("more_units_than_classes", Severity.INFO,
                          Text(f"{u} output units for {c} classes seen in the labels.",
                               f"标签中只有 {c} 个类别，却有 {u} 个输出单元。"), _fix_classifier(fw, c)))
    if labels.one_hot and raw.ndim == 2 and raw.shape[1] != u:
        found.append(("one_hot_width_mismatch", Severity.ERROR,
                      Text(f"One-hot labels have {raw.shape[1]} columns but the model has {u} output units.",
                           f"one-hot 标签有 {raw.shape[1]} 列，而模型有 {u} 个输出单元。"),
                      _fix_classifier(fw, raw.shape[1])))
    if kind == "binary" and not labels.one_hot and u == 1:
        values = set(np.unique(raw).tolist())
        if not values <= {0, 1, 0.0, 1.0, True, False}:
            shown = sorted(values)[:6]
            found.append(("binary_labels_not_01", Severity.ERROR,
                          Text(f"{loss.label} needs 0/1 labels, but they are {shown}.",
                               f"{loss.label} 需要 0/1 标签，但实际为 {shown}。"),
                          _fix_label_range(fw, int(min(shown)), int(max(shown)), 2, len(values))))
    return found


def _regression(out: Outputs, loss: LossInfo, labels: Labels, raw: np.ndarray, fw: str) -> list[Problem]:
    found: list[Problem] = []
    t = labels.values[np.isfinite(labels.values)]
    if out.bounded01 and np.mean((t < 0) | (t > 1)) > OUTSIDE:
        found.append(("bounded_head_on_regression", Severity.ERROR,
                      Text(f"The head's outputs stay within [0, 1] (a sigmoid), but {np.mean((t < 0) | (t > 1)):.0%} "
                           f"of the targets lie outside (from {t.min():.3g} to {t.max():.3g}).",
                           f"输出层的输出始终在 [0, 1] 内（sigmoid），但 {np.mean((t < 0) | (t > 1)):.0%} 的目标值在此范围外"
                           f"（{t.min():.3g} 到 {t.max():.3g}）。"), _fix_linear_head(fw)))
    elif out.nonneg and np.mean(t < 0) > OUTSIDE:
        found.append(("nonnegative_head_on_regression", Severity.ERROR,
                      Text(f"The head's outputs are never negative (a ReLU), but {np.mean(t < 0):.0%} of the targets "
                           f"are (down to {t.min():.3g}).",
                           f"输出层的输出从不为负（ReLU），但 {np.mean(t < 0):.0%} 的目标值为负（最小 {t.min():.3g}）。"),
                      _fix_linear_head(fw)))
    if fw == "pytorch" and len(out.shape) == 2 and out.shape[1] == 1 and raw.ndim == 1:
        found.append(("broadcast_regression_target", Severity.ERROR,
                      Text(f"Outputs of shape {out.shape} against targets of shape {raw.shape}: {loss.label} "
                           f"broadcasts them to {out.shape[0]} x {out.shape[0]} and learns the mean.",
                           f"形状为 {out.shape} 的输出对形状为 {raw.shape} 的目标：{loss.label} 会把它们广播成 "
                           f"{out.shape[0]} x {out.shape[0]}，最终只学到均值。"),
                      Fix(Text("Give the target the output's shape (or squeeze the output).",
                               "让目标与输出形状一致（或压缩输出的最后一维）。"),
                          {"pytorch": ("loss = loss_fn(model(x).squeeze(-1), y)\n"
                                       "# or: loss = loss_fn(model(x), y.unsqueeze(-1))")})))
    return found


def _double_softmax_floor(u: int) -> float:
    """The smallest cross-entropy reachable when probabilities go through a second softmax: -log(e/(e+u-1))."""
    return float(-np.log(np.e / (np.e + u - 1)))


# ---- fixes ------------------------------------------------------------------------------------------------------

def _fix_binary(fw: str) -> Fix:
    return Fix(Text("For two classes: one output unit with a sigmoid and binary cross-entropy on 0/1 labels.",
                    "二分类：一个 sigmoid 输出单元，配合 0/1 标签和二元交叉熵。"),
               {"keras": ("model.add(keras.layers.Dense(1, activation='sigmoid'))\n"
                          "model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])\n"
                          "model.fit(X_train, y_train.astype('float32'), ...)   # labels 0/1, not to_categorical"),
                "pytorch": ("head = nn.Linear(hidden, 1)                  # raw logit, no sigmoid in the model\n"
                            "loss_fn = nn.BCEWithLogitsLoss()\n"
                            "loss = loss_fn(model(x).squeeze(-1), y.float())\n"
                            "prob = torch.sigmoid(model(x))                # at inference")})


def _fix_classifier(fw: str, c: int) -> Fix:
    return Fix(Text(f"For {c} classes: {c} output units and a categorical cross-entropy on class indices.",
                    f"{c} 个类别：{c} 个输出单元，配合类别索引和分类交叉熵。"),
               {"keras": (f"model.add(keras.layers.Dense({c}, activation='softmax'))\n"
                          "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', "
                          "metrics=['accuracy'])   # integer labels 0..C-1"),
                "pytorch": (f"head = nn.Linear(hidden, {c})                 # raw logits, no softmax\n"
                            "loss_fn = nn.CrossEntropyLoss()              # integer labels 0..C-1 (torch.long)")})


def _fix_regression(fw: str) -> Fix:
    return Fix(Text("For a continuous target: a linear output unit and a regression loss.",
                    "连续目标：线性输出单元配合回归损失。"),
               {"keras": "model.add(keras.layers.Dense(1))\nmodel.compile(optimizer='adam', loss='mse')",
                "pytorch": ("head = nn.Linear(hidden, 1)\nloss_fn = nn.MSELoss()\n"
                            "loss = loss_fn(model(x).squeeze(-1), y)")})


def _fix_linear_head(fw: str) -> Fix:
    return Fix(Text("Use a linear output (no activation) for a regression target, and standardise the target.",
                    "回归目标使用线性输出（不加激活函数），并标准化目标值。"),
               {"keras": "model.add(keras.layers.Dense(1))   # no activation='sigmoid' / 'relu' on the output",
                "pytorch": "head = nn.Linear(hidden, 1)        # no nn.Sigmoid() / nn.ReLU() after it"})


def _fix_label_format(fw: str, to: str, loss: LossInfo) -> Fix:
    if to == "to_index":
        return Fix(Text("Give class indices (or switch to the loss for one-hot labels).",
                        "改用类别索引（或换成适用于 one-hot 标签的损失）。"),
                   {"keras": ("y_train = y_train.argmax(axis=1)   # or keep one-hot with:\n"
                              "model.compile(optimizer='adam', loss='categorical_crossentropy', metrics=['accuracy'])"),
                    "pytorch": "y = y.argmax(dim=1)    # class indices, torch.long\nloss_fn = nn.CrossEntropyLoss()"})
    return Fix(Text("One-hot encode the labels, or switch to sparse_categorical_crossentropy.",
                    "对标签做 one-hot 编码，或改用 sparse_categorical_crossentropy。"),
               {"keras": ("model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', "
                          "metrics=['accuracy'])\n# or: y_train = keras.utils.to_categorical(y_train, num_classes)"),
                "pytorch": "loss_fn = nn.CrossEntropyLoss()   # takes class indices directly"})


def _fix_drop_activation(fw: str, what: str, loss: LossInfo) -> Fix:
    if what == "softmax":
        return Fix(Text("Remove the softmax from the model (the loss applies it), or tell the loss it gets "
                        "probabilities.", "从模型中去掉 softmax（损失函数会自己做），或告诉损失函数输入已是概率。"),
                   {"keras": ("model.add(keras.layers.Dense(num_classes))   # no activation\n"
                              "model.compile(optimizer='adam', loss=keras.losses.SparseCategoricalCrossentropy("
                              "from_logits=True))"),
                    "pytorch": ("# delete the nn.Softmax / F.softmax at the end of forward()\n"
                                "loss = nn.CrossEntropyLoss()(model(x), y)        # logits in\n"
                                "probs = model(x).softmax(dim=-1)                  # only at inference")})
    if what == "sigmoid":
        return Fix(Text("Remove the sigmoid from the model (the loss applies it).",
                        "从模型中去掉 sigmoid（损失函数会自己做）。"),
                   {"keras": ("model.add(keras.layers.Dense(1))   # no activation\n"
                              "model.compile(optimizer='adam',\n"
                              "              loss=keras.losses.BinaryCrossentropy(from_logits=True))"),
                    "pytorch": ("# delete the nn.Sigmoid / torch.sigmoid at the end of forward()\n"
                                "loss = nn.BCEWithLogitsLoss()(model(x).squeeze(-1), y.float())\n"
                                "prob = torch.sigmoid(model(x))            # only at inference")})
    return Fix(Text("End the model with log_softmax, or use CrossEntropyLoss on raw logits.",
                    "模型最后使用 log_softmax，或对原始 logits 使用 CrossEntropyLoss。"),
               {"pytorch": ("return F.log_softmax(logits, dim=-1)    # with nn.NLLLoss()\n"
                            "# or: return logits  and  loss_fn = nn.CrossEntropyLoss()")})


def _fix_from_logits(fw: str, loss: LossInfo) -> Fix:
    return Fix(Text("The model outputs logits: use the loss that takes logits.",
                    "模型输出的是 logits：使用接收 logits 的损失函数。"),
               {"keras": ("model.compile(optimizer='adam',\n"
                          "              loss=keras.losses.BinaryCrossentropy(from_logits=True))   # or\n"
                          "# loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True)"),
                "pytorch": "loss_fn = nn.BCEWithLogitsLoss()   # instead of nn.BCELoss() on raw outputs"})


def _fix_label_range(fw: str, lo: int, hi: int, u: int, c: int) -> Fix:
    return Fix(Text(f"Map the labels to 0..C-1 (they run {lo}..{hi}), and give the model one output unit per class.",
                    f"把标签映射到 0..C-1（当前为 {lo}..{hi}），并让模型每个类别对应一个输出单元。"),
               {"python": ("classes, y_train = np.unique(y_train, return_inverse=True)   # 0..C-1\n"
                           "y_val = np.searchsorted(classes, y_val)"),
                "keras": f"model.add(keras.layers.Dense({c}, activation='softmax'))   # one unit per class",
                "pytorch": f"head = nn.Linear(hidden, {c})   # one logit per class; labels 0..{c - 1}"})
