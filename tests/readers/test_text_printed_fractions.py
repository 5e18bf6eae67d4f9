"""An accuracy printed as a fraction by its own text ('Accuracy: 9783/10000 (98%)', '97.83%') is not divided by 100
again because the training bar beside it prints the same name in percent without a sign ('Accuracy=87.56').

The lines are verbatim from the dev corpus log nb-erav1-s7-code1-mnist-6m-params-overfit-15ep (an ERA v1 session 7
notebook: pytorch/examples' MNIST test print beside a tqdm training bar), its first three epochs; the '%' variant
replaces the count by the percentage the same line prints in brackets."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from lossdoctor.model import Kind, Split
from lossdoctor.readers import read

COUNT = """Epoch 1
Train: Loss=0.0792 Batch_id=468 Accuracy=87.56: 100%|██████████| 469/469 [00:22<00:00, 21.08it/s]
Test set: Average loss: 0.0646, Accuracy: 9783/10000 (97.83%)

Epoch 2
Train: Loss=0.0234 Batch_id=468 Accuracy=98.28: 100%|██████████| 469/469 [00:22<00:00, 21.07it/s]
Test set: Average loss: 0.0366, Accuracy: 9886/10000 (98.86%)

Epoch 3
Train: Loss=0.0185 Batch_id=468 Accuracy=98.92: 100%|██████████| 469/469 [00:22<00:00, 20.45it/s]
Test set: Average loss: 0.0326, Accuracy: 9898/10000 (98.98%)
"""


def _accuracies(path: Path) -> dict[Split, np.ndarray]:
    (run,) = read(path)
    return {s.split: s.values for s in run.series if s.kind is Kind.ACCURACY}


def test_a_count_of_total_beside_a_percent_training_bar_is_read_once(tmp_path: Path) -> None:
    log = tmp_path / "train.log"
    log.write_text(COUNT, encoding="utf-8")
    acc = _accuracies(log)
    np.testing.assert_allclose(acc[Split.TRAIN], [0.8756, 0.9828, 0.9892])
    np.testing.assert_allclose(acc[Split.TEST], [0.9783, 0.9886, 0.9898])


def test_a_percent_signed_value_beside_a_percent_training_bar_is_read_once(tmp_path: Path) -> None:
    log = tmp_path / "train.log"
    log.write_text(COUNT.replace("9783/10000 (97.83%)", "97.83%").replace("9886/10000 (98.86%)", "98.86%")
                   .replace("9898/10000 (98.98%)", "98.98%"), encoding="utf-8")
    acc = _accuracies(log)
    np.testing.assert_allclose(acc[Split.TEST], [0.9783, 0.9886, 0.9898])


def test_both_splits_in_percent_without_a_sign_are_both_divided(tmp_path: Path) -> None:
    """The rule the fix keeps: a small validation value printed by the same format as a percent training value is a
    percent too ('top1_avg=1.02' on the training bar, 'top1_avg=0.54' on the validation bar)."""
    log = tmp_path / "train.log"
    log.write_text("epoch 1 train loss=4.61 top1_avg=1.02\nepoch 1 val loss=4.60 top1_avg=0.54\n"
                   "epoch 2 train loss=4.20 top1_avg=3.10\nepoch 2 val loss=4.25 top1_avg=0.98\n", encoding="utf-8")
    (run,) = read(log)
    vals = {s.split: s.values for s in run.series if "top1" in s.key}
    np.testing.assert_allclose(vals[Split.VAL], [0.0054, 0.0098])
