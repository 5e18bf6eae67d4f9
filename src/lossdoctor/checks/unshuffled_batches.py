"""LD307 unshuffled_batches: the training rows come in label order (long runs of one class), not shuffled."""
from __future__ import annotations

from typing import Iterator

import numpy as np

from ..findings import Cause, Finding, Fix, Severity
from ..i18n import Text
from ._check import LABELS, check
from .context import CheckContext

RUN_RATIO = 3.0  # mean run of one label 3x longer than shuffling gives
Z_LIMIT = 6.0  # and a run count 6 standard deviations below shuffled (no chance of a fluke at any size)
RHO_LIMIT = 0.5  # regression: targets correlated this much (Spearman) with the row position
PERMUTATIONS = 200
SAMPLE = 20_000
MIN_ROWS = 30


@check(code="LD307", name="unshuffled_batches", severity=Severity.WARNING, requires=(LABELS,),
       summary=Text("Training rows come in label order (long runs of one class), as an unshuffled loader would "
                    "feed them.", "训练样本按标签顺序排列（同一类别长串连续出现），未打乱的加载器会这样送入。"))
def unshuffled_batches(ctx: CheckContext) -> Iterator[Finding]:
    """
    ## What it detects
    Labels in long runs in the order the rows are read: for a classification task the number of label changes
    from one row to the next, compared with what random shuffles of the same labels give (a runs test); for a
    regression target its rank correlation with the row position. Read from a DataLoader, this is the order
    training sees (a warning); from arrays or files, it matters wherever the order is kept (`DataLoader` without
    `shuffle=True`, Keras's `validation_split`, which takes the last rows before shuffling): info.

    ## Why it matters
    Batches of one class give gradients that pull the model towards that class and then the next: the loss
    oscillates with the class order and the model forgets earlier classes. A validation split cut from the
    end of sorted data holds only the last classes.

    ## How to fix
    Shuffle: `DataLoader(..., shuffle=True)`, or shuffle the arrays once before splitting.

    ## Thresholds
    Mean run length >= 3x the shuffled mean (exact expectation) and the run count >= 6 standard deviations below
    shuffled (200 random permutations of a strided sample of <= 20,000 labels); regression: |Spearman rho| with
    position >= 0.5. At least 30 rows.
    """
    labels = ctx.labels
    d = ctx.train
    if labels is None or len(d) < MIN_ROWS:
        return
    severity = Severity.WARNING if d.ordered else Severity.INFO
    source = Text("in the order the DataLoader yields them", "按 DataLoader 给出的顺序") if d.ordered else \
        Text("in the order of the arrays/file", "按数组/文件中的顺序")
    if labels.task == "classification":
        found = runs_test(labels.codes)
        if found is None:
            return
        observed, expected, z = found
        message = Text(
            f"Training labels come in runs {source.en}: mean run {observed:.1f} rows of one class, "
            f"{expected:.2f} when shuffled ({z:.0f} standard deviations off).",
            f"训练标签{source.zh}成串出现：同一类别平均连续 {observed:.1f} 行，打乱后应为 {expected:.2f}"
            f"（偏离 {abs(z):.0f} 个标准差）。")
        evidence = {"mean_run": observed, "shuffled_mean_run": expected, "z": z, "from_loader": d.ordered}
    else:
        rho = spearman_with_position(labels.values)
        if abs(rho) < RHO_LIMIT:
            return
        message = Text(f"The regression target is sorted {source.en}: Spearman rho {rho:.2f} with the row position.",
                       f"回归目标{source.zh}是有序的：与行位置的 Spearman 相关系数为 {rho:.2f}。")
        evidence = {"spearman_rho": rho, "from_loader": d.ordered}
    yield Finding(
        code="LD307", name="unshuffled_batches", severity=severity, message=message, evidence=evidence,
        causes=(Cause("unshuffled_data", 0.9, Text("batches hold one class (or one range of the target) at a time",
                                                   "每个批次只包含一个类别（或目标的一个区间）")),),
        fixes=(Fix(Text("Shuffle the training data every epoch (and once before splitting).",
                        "每个 epoch 打乱训练数据（划分前也要打乱一次）。"),
                   {"pytorch": "loader = DataLoader(train_ds, batch_size=64, shuffle=True)",
                    "keras": ("perm = np.random.default_rng(0).permutation(len(X))  # before validation_split\n"
                              "X, y = X[perm], y[perm]\n"
                              "model.fit(X, y, shuffle=True, validation_split=0.2, ...)"),
                    "lightning": ("def train_dataloader(self):\n"
                                  "    return DataLoader(self.train_ds, batch_size=64, shuffle=True)"),
                    "hf": "# Trainer shuffles its train_dataset; check a custom get_train_dataloader / sampler"}),))


def runs_test(codes: np.ndarray, seed: int = 0) -> tuple[float, float, float] | None:
    """(observed mean run length, shuffled mean run length, z of the run count) when the labels are in long runs,
    else None. The expected count of label changes under shuffling is exact,
    (n - 1) * (1 - sum n_k (n_k - 1) / (n (n - 1))); its spread comes from random permutations of an evenly strided
    sample of at most 20,000 labels (a stride keeps long runs long, and a shuffled sequence stays shuffled)."""
    n = codes.size
    counts = np.bincount(codes)
    if np.count_nonzero(counts) < 2:
        return None
    runs = 1 + int(np.count_nonzero(codes[1:] != codes[:-1]))
    expected_changes = (n - 1) * (1 - float(np.sum(counts * (counts - 1.0))) / (n * (n - 1.0)))
    sample = codes[:: max(1, -(-n // SAMPLE))]
    rng = np.random.default_rng(seed)
    sims = np.array([np.count_nonzero(np.diff(rng.permutation(sample)) != 0) for _ in range(PERMUTATIONS)], float)
    observed_sample = float(np.count_nonzero(np.diff(sample) != 0))
    z = (observed_sample - float(sims.mean())) / (float(sims.std()) or 1.0)
    observed, expected = n / runs, n / (1 + expected_changes)
    if observed >= RUN_RATIO * expected and z <= -Z_LIMIT:
        return observed, expected, z
    return None


def spearman_with_position(y: np.ndarray) -> float:
    ok = np.isfinite(y)
    if ok.sum() < MIN_ROWS:
        return 0.0
    ranks = np.argsort(np.argsort(y[ok], kind="stable")).astype(float)
    pos = np.arange(ranks.size, dtype=float)
    return float(np.corrcoef(ranks, pos)[0, 1])
