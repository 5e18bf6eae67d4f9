"""LD308 cannot_overfit_small_batch: train a copy of the model on 10-20 samples; a working setup drives the loss
to about zero. If it cannot, the model or the training step is broken — and the curve says how."""
from __future__ import annotations

import math
from dataclasses import replace
from typing import Iterator

import numpy as np

from ..errors import UsageError
from ..findings import Cause, Finding, Fix, Severity, Span
from ..i18n import Text
from ..model import Axis, Kind, Series, Split
from ._check import LABELS, MODEL, OVERFIT, check, only_for
from .context import CheckContext
from .output_loss import spread_over_classes

NEAR_ZERO = 0.05  # a cross-entropy of 0.05: about 95% probability on every right answer...
RELATIVE = 0.02  # ...or 2% of the starting loss (regression losses have no absolute scale)
FLAT = 0.9  # the best loss still above 90% of the first: it did not move
ZERO_AT_START = 1e-3  # an untrained classifier's loss this low: the loss ignores the labels (one-unit softmax)
CHANCE_BAND = 0.15  # within 15% of ln(C): predicting the class frequencies, whatever the input


@check(code="LD308", name="cannot_overfit_small_batch", severity=Severity.ERROR, requires=(MODEL, LABELS, OVERFIT),
       summary=Text("The model cannot drive the loss to about zero on 10-20 training samples.",
                    "模型在 10-20 个训练样本上无法把损失降到接近 0。"))
def cannot_overfit_small_batch(ctx: CheckContext) -> Iterator[Finding | Series]:
    """
    ## What it detects
    The classic first test of a training setup: train a deep copy of the model (the user's weights are never
    touched) with the user's loss and optimizer on a tiny subset of the training data (16 samples, spread over
    the classes), full batch, for a bounded number of steps. Any working model memorises so few samples; if
    the loss does not come near zero, what the curve did names the fault: NaN, weights that never change,
    flat from the start, stuck at ln(C) (a constant prediction), zero before any training (the loss ignores the
    labels), or falling but stalling.

    ## Why it matters
    If the model cannot fit 16 samples, no amount of data, epochs or tuning will make it fit thousands: the
    bug is in the model, the loss, the labels or the training step, and is cheapest to find now.

    ## How to fix
    Depends on the failure: see the fixes of each case (check the output/loss pairing, the learning rate, that
    the optimizer gets the model's parameters and `zero_grad`/`step` are called, that nothing is detached).

    ## Thresholds
    Reached when the loss is <= 0.05 or <= 2% of its first value. Flat: best loss > 90% of the first. Stuck
    at chance: final loss within 15% of ln(C). Zero from the start: a classifier's first loss <= 1e-3.
    16 samples, up to 500 full-batch steps (stops when reached).
    """
    labels = ctx.labels
    assert labels is not None and ctx.model is not None
    d = ctx.train
    if d.kind == "text":
        raise UsageError("model checks need numeric inputs; texts must be tokenised first")
    n = ctx.options.overfit_samples
    idx = spread_over_classes(labels.codes, n) if labels.task == "classification" else np.arange(min(n, len(d)))
    x, y = np.asarray(d.x[idx], dtype=np.float32), d.y[idx]  # type: ignore[index]
    trainer = ctx.model.trainer()
    losses: list[float] = []
    error = ""
    for _ in range(ctx.options.overfit_steps):
        try:
            loss = trainer.step(x, y)
        except Exception as exc:  # noqa: BLE001 - the user's training step failing is the finding
            first = str(exc).strip().splitlines()[0].rstrip(".") if str(exc).strip() else ""
            error = f"{type(exc).__name__}: {first}"
            break
        losses.append(loss)
        if not math.isfinite(loss) or reached(loss, losses[0]):
            break
    curve = np.array(losses, dtype=float)
    if curve.size:
        yield Series("overfit_loss", Split.TRAIN, Kind.LOSS, Axis.STEP, np.arange(curve.size, dtype=float), curve)
    classes = int(np.unique(labels.codes[idx]).size) if labels.task == "classification" else 0
    found = judge(curve, error, trainer.moved() if not error else True, classes, labels.task, len(idx))
    if found is not None:
        yield replace(found, fixes=tuple(only_for(f, ctx.model.framework) for f in found.fixes))


def reached(loss: float, first: float) -> bool:
    return loss <= NEAR_ZERO or loss <= RELATIVE * first


def judge(curve: np.ndarray, error: str, moved: bool, classes: int, task: str, samples: int) -> Finding | None:
    """The finding for this overfit curve, or None when the loss came near zero."""
    steps = int(curve.size)
    ev: dict = {"samples": samples, "steps": steps, "first_loss": float(curve[0]) if steps else None,
                "last_loss": float(curve[-1]) if steps else None,
                "best_loss": float(np.nanmin(curve)) if steps and np.isfinite(curve).any() else None}
    if error:
        return _finding("step_failed", Text(f"The training step fails on {samples} samples: {error}.",
                                            f"在 {samples} 个样本上训练步骤就出错：{error}。"),
                        {**ev, "error": error},
                        (("label_or_loss_misconfig", 0.6), ("training_step_bug", 0.6)), steps)
    if steps == 0:
        return None
    if task == "classification" and classes >= 2 and np.isfinite(curve[0]) and curve[0] <= ZERO_AT_START:
        return _finding("zero_from_start", Text(f"The loss is {curve[0]:.3g} before any training: an untrained model "
                                                f"on {classes} classes should start near ln({classes}) = "
                                                f"{math.log(classes):.3g}, so the loss does not measure the labels.",
                                                f"训练前损失就是 {curve[0]:.3g}：未训练的 {classes} 类模型应从 ln({classes}) = "
                                                f"{math.log(classes):.3g} 附近开始，说明损失没有真正衡量标签。"),
                        ev, (("label_or_loss_misconfig", 0.9),), steps)
    if reached(float(curve[-1]), float(curve[0])):
        return None
    bad = np.flatnonzero(~np.isfinite(curve))
    if bad.size:
        k = int(bad[0])
        return _finding("nonfinite", Text(f"The loss became {curve[k]} at step {k} while fitting {samples} samples "
                                          f"(it started at {curve[0]:.4g}).",
                                          f"拟合 {samples} 个样本时，损失在第 {k} 步变为 {curve[k]}（初始为 {curve[0]:.4g}）。"),
                        {**ev, "first_nonfinite_step": k},
                        (("lr_too_high", 0.6), ("exploding_gradients", 0.5), ("training_step_bug", 0.3)), steps)
    best = float(np.min(curve))
    if not moved:
        return _finding("weights_frozen", Text(f"After {steps} steps no weight of the model changed: the optimizer "
                                               "does not update this model's parameters.",
                                               f"{steps} 步之后模型的权重没有任何变化：优化器没有更新这个模型的参数。"),
                        ev, (("training_step_bug", 0.9),), steps)
    chance = math.log(classes) if task == "classification" and classes >= 2 else None
    if chance is not None and abs(curve[-1] - chance) <= CHANCE_BAND * chance:
        return _finding("chance", Text(f"The loss {'stayed' if best >= FLAT * curve[0] else 'settled'} at "
                                       f"{curve[-1]:.4g}, ln({classes}) = {chance:.4g}: the model predicts the class "
                                       f"frequencies whatever the input, even on {samples} samples.",
                                       f"损失{'一直停' if best >= FLAT * curve[0] else '最终停'}在 {curve[-1]:.4g}，即 "
                                       f"ln({classes}) = {chance:.4g}：即使只有 {samples} 个样本，模型也只是预测类别频率，"
                                       "与输入无关。"),
                        {**ev, "chance_loss": chance},
                        (("label_or_loss_misconfig", 0.5), ("dead_relu", 0.4), ("lr_too_high", 0.3)), steps)
    if best >= FLAT * curve[0]:
        return _finding("flat", Text(f"The loss stayed flat while fitting {samples} samples: {curve[0]:.4g} at the "
                                     f"start, best {best:.4g} after {steps} steps.",
                                     f"拟合 {samples} 个样本时损失一直持平：初始 {curve[0]:.4g}，{steps} 步后最好为 {best:.4g}。"),
                        ev, (("training_step_bug", 0.5), ("lr_too_low", 0.4), ("dead_relu", 0.3),
                             ("label_or_loss_misconfig", 0.3)), steps)
    return _finding("stalled", Text(f"The loss fell from {curve[0]:.4g} to {best:.4g} but not near zero in {steps} "
                                    f"steps on {samples} samples.",
                                    f"在 {samples} 个样本上，损失从 {curve[0]:.4g} 降到 {best:.4g}，但 {steps} 步内没有接近 0。"),
                    ev, (("model_too_small", 0.4), ("over_regularization", 0.4), ("lr_too_low", 0.4)), steps)


FIXES: dict[str, Fix] = {
    "step_failed": Fix(Text("Make one training step run: check the label dtype and shape against the loss.",
                            "先让单个训练步骤能运行：对照损失函数检查标签的数据类型和形状。"),
                       {"pytorch": ("out = model(x); print(out.shape, out.dtype, y.shape, y.dtype)\n"
                                    "loss = loss_fn(out, y)   # CrossEntropyLoss: y long (N,); BCEWithLogits: y float "
                                    "like out"),
                        "keras": "print(model.output_shape, y_train.shape, y_train.dtype, model.loss)"}),
    "zero_from_start": Fix(Text("Pair the output layer with the loss: one sigmoid unit with binary cross-entropy, or "
                                "C softmax units with a categorical cross-entropy.",
                                "让输出层与损失匹配：一个 sigmoid 单元配二元交叉熵，或 C 个 softmax 单元配分类交叉熵。"),
                           {"keras": ("keras.layers.Dense(1, activation='sigmoid')  # loss='binary_crossentropy'\n"
                                      "# or Dense(C, activation='softmax') with 'sparse_categorical_crossentropy'"),
                            "pytorch": ("nn.Linear(hidden, C)   # with nn.CrossEntropyLoss(), C >= 2\n"
                                        "# or nn.Linear(hidden, 1) with nn.BCEWithLogitsLoss()")}),
    "nonfinite": Fix(Text("Lower the learning rate 10x and clip gradients; check the loss for log(0).",
                          "把学习率降低 10 倍并裁剪梯度；检查损失中是否有 log(0)。"),
                     {"pytorch": ("optimizer = torch.optim.Adam(model.parameters(), lr=1e-4)\n"
                                  "torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)"),
                      "keras": "optimizer = keras.optimizers.Adam(learning_rate=1e-4, clipnorm=1.0)"}),
    "weights_frozen": Fix(Text("Give the optimizer this model's parameters and call zero_grad/backward/step in "
                               "that order; make sure no parameter is frozen or detached.",
                               "把这个模型的参数交给优化器，并按 zero_grad/backward/step 的顺序调用；确认没有参数被冻结或分离。"),
                          {"pytorch": ("optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)   # this model's\n"
                                       "optimizer.zero_grad(); loss = loss_fn(model(x), y); loss.backward(); "
                                       "optimizer.step()\n"
                                       "assert all(p.requires_grad for p in model.parameters())"),
                           "keras": "model.trainable = True\nfor layer in model.layers: layer.trainable = True"}),
    "flat": Fix(Text("Raise the learning rate (run the LR range test), check that the loss depends on the "
                     "outputs (no .detach(), .item() or numpy in the forward pass), and use He initialisation.",
                     "提高学习率（运行学习率范围测试），确认损失依赖于输出（前向中没有 .detach()、.item() 或 numpy），并使用 He 初始化。"),
                {"pytorch": ("optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)\n"
                             "for m in model.modules():\n"
                             "    if isinstance(m, nn.Linear):\n"
                             "        nn.init.kaiming_normal_(m.weight, nonlinearity='relu')"),
                 "keras": ("keras.layers.Dense(64, activation='relu', kernel_initializer='he_normal')\n"
                           "model.compile(optimizer=keras.optimizers.Adam(3e-3), loss=...)")}),
    "chance": Fix(Text("Check the output layer and loss against the label format, then the learning rate; "
                       "LeakyReLU if units die.",
                       "对照标签格式检查输出层与损失函数，再检查学习率；若神经元死亡可用 LeakyReLU。"),
                  {"pytorch": ("# C classes: nn.Linear(hidden, C) + nn.CrossEntropyLoss() on labels 0..C-1 (long)\n"
                               "nn.LeakyReLU(0.01)   # instead of nn.ReLU() if units die"),
                   "keras": ("# C classes: Dense(C, activation='softmax') + 'sparse_categorical_crossentropy' "
                             "with labels 0..C-1\nkeras.layers.LeakyReLU(negative_slope=0.01)")}),
    "stalled": Fix(Text("Train longer or with a higher learning rate, remove regularisation (dropout, weight "
                        "decay) for this test, and widen the model if it still stalls.",
                        "训练更久或提高学习率，此测试中去掉正则化（dropout、权重衰减），若仍停滞则加宽模型。"),
                   {"pytorch": ("optimizer = torch.optim.Adam(model.parameters(), lr=3e-3, weight_decay=0)\n"
                                "model.eval()  # or set dropout p=0 for this test"),
                    "keras": "model.compile(optimizer=keras.optimizers.Adam(3e-3), loss=...)  # and no dropout"}),
}


def _finding(key: str, message: Text, evidence: dict, causes: tuple[tuple[str, float], ...], steps: int) -> Finding:
    return Finding(
        code="LD308", name="cannot_overfit_small_batch", severity=Severity.ERROR, message=message,
        span=Span("step", 0, max(steps - 1, 0)), evidence={"failure": key, **evidence},
        causes=tuple(Cause(c, p, Text(f"seen while fitting a tiny subset: {key.replace('_', ' ')}",
                                      f"拟合极小子集时观察到：{key.replace('_', ' ')}")) for c, p in causes),
        fixes=(FIXES[key],), series=("overfit_loss",),
        experiment=Text("Fix it until `lossdoctor check --overfit` passes, then train on the full data.",
                        "修复直到 `lossdoctor check --overfit` 通过，再在完整数据上训练。"))
