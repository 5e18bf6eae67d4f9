"""readers26: Poutyne's progress lines, and the principle behind their fix: a split word followed by a count word and a
whole number ('Val steps: 19', 'test samples: 500') names the size of that split's pass, not the split of the metrics
printed after it.

Fixtures are written here in the layouts Poutyne's ColorProgress prints (none copied from a corpus log):
- the epoch line `Epoch: 1/5 Train steps: 40 Val steps: 12 4.02s loss: .. acc: .. val_loss: .. val_acc: ..`, the
  same without validation (`Train steps: 40` alone), with a duration in minutes (`1m5.02s`);
- the per-step lines `Epoch: 1/4 Step: 10/40  25.00% |###   | ETA: 3.00s loss: .. acc: ..` joined by carriage
  returns before the epoch line;
- the test line `Test steps: 12 1.10s test_loss: .. test_acc: ..`;
- Poutyne 0.x's `Epoch 1/4 4.01s Step 40/40: loss: .., acc: .., val_loss: .., val_acc: ..`.
Accuracies are printed in percent (`acc: 6.25`): read as fractions.
"""
from __future__ import annotations

import pytest

from lossdoctor.model import Kind, Split
from lossdoctor.readers.text_log import read_text

_TRAIN = [3.912, 3.104, 2.551, 2.102, 1.803]
_ACC = [6.25, 21.875, 37.5, 48.125, 55.0]
_VAL = [3.501, 2.990, 2.701, 2.602, 2.650]
_VAL_ACC = [12.5, 25.0, 33.333333, 36.458333, 37.5]


def _epoch_lines(val_steps: bool = True, duration: str = "4.02s") -> str:
    out = []
    for i, (t, a, v, va) in enumerate(zip(_TRAIN, _ACC, _VAL, _VAL_ACC), start=1):
        counts = "Train steps: 40 Val steps: 12" if val_steps else "Train steps: 40"
        held = f" val_loss: {v:.6f} val_acc: {va:.6f}" if val_steps else ""
        out.append(f"Epoch: {i}/5 {counts} {duration} loss: {t:.6f} acc: {a:.6f}{held}")
    return "\n".join(out) + "\n"


def _keys(run) -> set[str]:  # type: ignore[no-untyped-def]
    return {s.key for s in run.series}


def test_val_steps_is_a_count_not_the_split_of_the_training_loss() -> None:
    run = read_text(_epoch_lines() + "Test steps: 12 1.10s test_loss: 2.640000 test_acc: 37.291667\n", "poutyne")
    train = run.find(Kind.LOSS, Split.TRAIN)
    val = run.find(Kind.LOSS, Split.VAL)
    assert train is not None and train.key == "loss"
    assert list(train.values) == pytest.approx(_TRAIN)
    assert val is not None and val.key == "val_loss"
    assert list(val.values) == pytest.approx(_VAL)
    # the training loss is no validation series any more (it was 'Val loss'), and only one loss per split is read
    assert not any(s.key.startswith("Val ") for s in run.series)
    assert [s.key for s in run.series if s.kind is Kind.LOSS and s.split is Split.VAL] == ["val_loss"]
    test = run.find(Kind.LOSS, Split.TEST)
    assert test is not None and list(test.values) == pytest.approx([2.64])


def test_poutyne_accuracies_in_percent_are_read_as_fractions() -> None:
    run = read_text(_epoch_lines(), "poutyne")
    acc = run.find(Kind.ACCURACY, Split.TRAIN)
    val_acc = run.find(Kind.ACCURACY, Split.VAL)
    assert acc is not None and acc.key == "acc"
    assert list(acc.values) == pytest.approx([a / 100 for a in _ACC])
    assert val_acc is not None and val_acc.key == "val_acc"
    assert list(val_acc.values) == pytest.approx([a / 100 for a in _VAL_ACC])


def test_epoch_line_without_validation_and_with_minutes() -> None:
    run = read_text(_epoch_lines(val_steps=False, duration="1m5.02s"), "poutyne")
    assert _keys(run) == {"loss", "acc"}
    assert list(run.find(Kind.LOSS, Split.TRAIN).values) == pytest.approx(_TRAIN)
    assert run.find(Kind.LOSS, Split.VAL) is None


def test_per_step_lines_then_the_epoch_line() -> None:
    lines = []
    for e in range(1, 5):
        steps = [f"\rEpoch: {e}/4 Step: {s:2d}/40  {s * 2.5:6.2f}% |{'#' * (s // 4):10s}| ETA: {0.1 * (40 - s):.2f}s "
                 f"loss: {4.0 - 0.4 * e - 0.005 * s:.6f} acc: {10 * e + 0.1 * s:.6f}" for s in (10, 20, 30, 40)]
        steps.append(f"\rEpoch: {e}/4 Train steps: 40 Val steps: 12 4.0{e}s loss: {3.8 - 0.4 * e:.6f} "
                     f"acc: {10 * e + 4:.6f} val_loss: {3.6 - 0.3 * e:.6f} val_acc: {9 * e + 3:.6f}")
        lines.append("".join(steps))
    run = read_text("\n".join(lines) + "\n", "poutyne steps")
    assert not any(s.key.startswith("Val ") for s in run.series)
    val = run.find(Kind.LOSS, Split.VAL)
    assert val is not None and list(val.values) == pytest.approx([3.3, 3.0, 2.7, 2.4])
    train = run.find(Kind.LOSS, Split.TRAIN)
    assert train is not None and len(train.values) >= 4 and train.values[0] == pytest.approx(3.55)


def test_poutyne_0x_epoch_line() -> None:
    text = "".join(f"Epoch {e}/4 4.0{e}s Step 40/40: loss: {1.2 - 0.2 * e:.6f}, acc: {50 + 5 * e:.6f}, "
                   f"val_loss: {1.1 - 0.15 * e:.6f}, val_acc: {52 + 4 * e:.6f}\n" for e in range(1, 5))
    run = read_text(text, "poutyne 0.x")
    assert list(run.find(Kind.LOSS, Split.TRAIN).values) == pytest.approx([1.0, 0.8, 0.6, 0.4])
    assert list(run.find(Kind.LOSS, Split.VAL).values) == pytest.approx([0.95, 0.8, 0.65, 0.5])
    assert list(run.find(Kind.ACCURACY, Split.VAL).values) == pytest.approx([0.56, 0.6, 0.64, 0.68])


@pytest.mark.parametrize("count", ["Val steps: 19", "valid batches: 19", "test samples: 500", "Eval iterations: 8"])
def test_a_split_count_heads_no_metric_on_a_line_that_names_its_held_out_values(count: str) -> None:
    text = "".join(f"Epoch {e} {count} loss: {1.0 - 0.1 * e:.4f} acc: {0.5 + 0.05 * e:.4f} "
                   f"val_loss: {1.1 - 0.05 * e:.4f}\n" for e in range(1, 5))
    run = read_text(text, "count")
    assert _keys(run) == {"loss", "acc", "val_loss"}
    assert list(run.find(Kind.LOSS, Split.TRAIN).values) == pytest.approx([0.9, 0.8, 0.7, 0.6])
    assert list(run.find(Kind.LOSS, Split.VAL).values) == pytest.approx([1.05, 1.0, 0.95, 0.9])


@pytest.mark.parametrize("count", ["eval samples", "Val steps"])
def test_a_split_count_still_heads_metrics_that_name_no_split(count: str) -> None:
    # LoRA's evaluation loop: 'eval samples: 100 loss: tensor(1.31)' is the evaluation's loss, not training's
    train = "".join(f"| epoch 1 step {s} | loss {3.0 - 0.001 * s:.2f} |\n" for s in (100, 200, 300, 400))
    held = "".join(f"{count}: {n} loss: {1.3 - 0.1 * i:.4f}\n" for i, n in enumerate((0, 100, 200, 300)))
    run = read_text(train + held, "eval pass")
    assert list(run.find(Kind.LOSS, Split.TRAIN).values) == pytest.approx([2.9, 2.8, 2.7, 2.6])
    val = [s for s in run.series if s.kind is Kind.LOSS and s.split is not Split.TRAIN]
    assert len(val) == 1 and val[0].key.lower().startswith(count.split()[0].lower())
    assert val[0].values[-1] == pytest.approx(1.0)  # (an evaluation pass without a counter: its last value is kept)


def test_a_split_word_heading_the_metrics_still_names_their_split() -> None:
    # the rule it narrows: 'val Loss: 0.76 Acc: 0.81' (the PyTorch transfer-learning tutorial) is val Loss and val Acc
    text = "".join(f"Epoch {e}/4\ntrain Loss: {1.0 - 0.1 * e:.4f} Acc: {0.5 + 0.05 * e:.4f}\n"
                   f"val Loss: {1.1 - 0.08 * e:.4f} Acc: {0.45 + 0.05 * e:.4f}\n" for e in range(1, 5))
    run = read_text(text, "tutorial")
    val = run.find(Kind.LOSS, Split.VAL)
    assert val is not None and list(val.values) == pytest.approx([1.02, 0.94, 0.86, 0.78])
    assert run.find(Kind.ACCURACY, Split.VAL) is not None


def test_a_fractional_value_after_split_and_count_word_is_no_count() -> None:
    # 'val steps' with 0.5 is no count of batches: the line keeps its split heading as before
    text = "".join(f"Epoch {e} val steps: 0.5 loss: {1.0 - 0.1 * e:.4f} acc: {0.5 + 0.05 * e:.4f}\n"
                   for e in range(1, 5))
    run = read_text(text, "fraction")
    assert run.find(Kind.LOSS, Split.VAL) is not None
