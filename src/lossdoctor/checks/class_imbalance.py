"""LD305 class_imbalance: some classes are far rarer than others; the class weights that balance them."""
from __future__ import annotations

from typing import Iterator

import numpy as np

from ..findings import Cause, Finding, Fix, Severity
from ..i18n import Text
from ._check import LABELS, check
from .context import CheckContext

WARN_RATIO = 10.0  # the largest class 10x the smallest: an unweighted loss mostly ignores the smallest
INFO_RATIO = 3.0  # 3x: worth knowing (judge with per-class metrics), not yet worth weighting


@check(code="LD305", name="class_imbalance", severity=Severity.WARNING, requires=(LABELS,),
       summary=Text("Classes are strongly imbalanced in the training labels; the class weights to use.",
                    "训练标签的类别严重不平衡；给出应使用的类别权重。"))
def class_imbalance(ctx: CheckContext) -> Iterator[Finding]:
    """
    ## What it detects
    Training labels where the largest class outnumbers the smallest many times over, with the class weights
    that balance the loss (n_samples / (n_classes * n_class), scikit-learn's "balanced").

    ## Why it matters
    An unweighted loss is dominated by the frequent classes: a model that always predicts the majority class
    reaches its share as accuracy and the loss stalls near the majority baseline; the rare classes are
    learned late or never.

    ## How to fix
    Weight the loss by the computed class weights (or `pos_weight` for a binary logit loss), resample with a
    weighted sampler, and judge with per-class metrics (recall, F1, balanced accuracy) instead of accuracy.

    ## Thresholds
    Warning when the largest class has >= 10x the rows of the smallest; info from 3x.
    """
    labels = ctx.labels
    if labels is None or labels.task != "classification" or labels.num_classes < 2:
        return
    counts = np.bincount(labels.codes, minlength=labels.num_classes)
    present = counts[counts > 0]
    ratio = float(present.max() / present.min())
    if ratio < INFO_RATIO:
        return
    severity = Severity.WARNING if ratio >= WARN_RATIO else Severity.INFO
    n, c = int(counts.sum()), labels.num_classes
    weights = np.where(counts > 0, n / (c * np.maximum(counts, 1)), 0.0)
    small, big = int(np.argmin(np.where(counts > 0, counts, counts.max() + 1))), int(np.argmax(counts))
    names = labels.classes
    shares = ", ".join(f"{names[k]}: {counts[k]} ({counts[k] / n:.1%})" for k in np.argsort(-counts)[:6])
    message = Text(
        f"Class {names[big]} has {ratio:.1f}x the rows of class {names[small]} ({shares}); "
        f"a model predicting {names[big]} always scores {counts[big] / n:.1%} accuracy.",
        f"类别 {names[big]} 的样本数是类别 {names[small]} 的 {ratio:.1f} 倍（{shares}）；"
        f"一个总是预测 {names[big]} 的模型准确率就有 {counts[big] / n:.1%}。")
    yield Finding(
        code="LD305", name="class_imbalance", severity=severity, message=message,
        evidence={"counts": {names[k]: int(counts[k]) for k in range(c)}, "ratio": ratio,
                  "class_weights": {names[k]: round(float(weights[k]), 4) for k in range(c)},
                  "majority_share": float(counts[big] / n)},
        causes=(Cause("class_imbalance", 0.9, Text(f"{ratio:.1f}x between the largest and smallest class",
                                                   f"最大类与最小类相差 {ratio:.1f} 倍")),),
        fixes=fixes(weights, counts, labels.one_hot))


def fixes(weights: np.ndarray, counts: np.ndarray, one_hot: bool) -> tuple[Fix, ...]:
    w_dict = "{" + ", ".join(f"{k}: {w:.4g}" for k, w in enumerate(weights)) + "}"
    w_list = "[" + ", ".join(f"{w:.4g}" for w in weights) + "]"
    binary = len(counts) == 2
    pos_weight = counts[0] / max(counts[1], 1) if binary else 1.0
    torch_loss = (f"loss_fn = nn.BCEWithLogitsLoss(pos_weight=torch.tensor([{pos_weight:.4g}]))  # n_neg / n_pos"
                  if binary else f"loss_fn = nn.CrossEntropyLoss(weight=torch.tensor({w_list}))")
    weighting = Fix(
        Text("Weight the loss by the balanced class weights computed from these counts.",
             "按由这些计数算出的平衡类别权重对损失加权。"),
        {"keras": f"model.fit(X_train, y_train, class_weight={w_dict}, ...)"
                  + ("  # one-hot labels: use sample_weight=y_train @ np.array(" + w_list + ")" if one_hot else ""),
         "pytorch": torch_loss,
         "lightning": f"self.loss_fn = {torch_loss.split(' = ', 1)[1]}  # in LightningModule.__init__",
         "hf": (f"class WeightedTrainer(Trainer):\n"
                f"    def compute_loss(self, model, inputs, return_outputs=False, **kw):\n"
                f"        labels = inputs.pop('labels'); out = model(**inputs)\n"
                f"        loss = nn.functional.cross_entropy(out.logits, labels,\n"
                f"                                           weight=torch.tensor({w_list}, device=labels.device))\n"
                f"        return (loss, out) if return_outputs else loss")})
    sampler = Fix(
        Text("Or resample: draw each class equally often in every batch.", "或者重采样：让每个类别在每个批次中被等频抽取。"),
        {"pytorch": (f"class_w = torch.tensor({w_list})\n"
                     "sampler = torch.utils.data.WeightedRandomSampler(class_w[y_train], num_samples=len(y_train))\n"
                     "loader = DataLoader(train_ds, batch_size=64, sampler=sampler)  # no shuffle= with a sampler"),
         "keras": (f"sample_weight = np.array({w_list})[y_train]\n"
                   "model.fit(X_train, y_train, sample_weight=sample_weight, ...)")})
    return (weighting, sampler)
