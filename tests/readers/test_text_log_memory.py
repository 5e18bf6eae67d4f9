"""A text log's memory follows the points kept: the collector stores each metric's points in typed arrays, not a
Python object per point (~220 bytes each, which made a 1 GB log peak at 9 GB)."""
from __future__ import annotations

import tracemalloc

import numpy as np

from lossdoctor.readers.text_log import read_text


def test_reading_a_long_text_log_costs_tens_of_bytes_per_point() -> None:
    n = 30_000
    text = "".join(f"step {i} loss: {1 / (i + 1):.5f} acc: {i / n:.4f}\n" for i in range(n))
    tracemalloc.start()
    try:
        run = read_text(text, "train.log")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    loss = next(s for s in run.series if s.key == "loss")
    assert len(loss) == n and loss.steps[-1] == n - 1 and np.isclose(loss.values[9], 0.1)
    points = sum(len(s) for s in run.series)
    assert points == 2 * n
    assert peak / points < 160  # a Python object per point: ~290 bytes a point at peak; typed arrays: ~120


def test_trainer_dicts_at_one_rounded_epoch_stay_one_point_each() -> None:
    """The repeat spreading (_epoch_points) on the typed arrays: 3 dicts at epoch 0.01 become 0.01, 0.0133, 0.0167."""
    lines = [f"{{'loss': {v}, 'learning_rate': 5e-05, 'epoch': 0.01}}" for v in (2.0, 1.9, 1.8)]
    lines += ["{'loss': 1.7, 'learning_rate': 5e-05, 'epoch': 0.02}"]
    run = read_text("\n".join(lines) + "\n", "trainer.log")
    loss = next(s for s in run.series if s.key == "loss")
    assert loss.values.tolist() == [2.0, 1.9, 1.8, 1.7]
    assert np.allclose(loss.steps, [0.01, 0.01 + 0.01 / 3, 0.01 + 0.02 / 3, 0.02])
