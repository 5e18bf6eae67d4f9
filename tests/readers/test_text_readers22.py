"""readers22: a line after the run's last epoch/step line that names itself a summary ('final loss:', 'Test top 5
accuracy:') and carries no counter of its own is not a training point.

Fixtures in tests/fixtures/text/readers22/, verbatim trimmed copies of corpus logs: the first line and the last 11 of
opened nb-ktrain-tutorialA1-early-stopping-imdb-val-loss-rises (r21), the last 7 of dev nb-kerasio-cct-cifar10-30ep,
the last 14 of opened repo-twinnet-seqmnist-twin0.5-10ep (a 'test -- nll' line after each epoch: read as before)."""
from __future__ import annotations

from pathlib import Path

import pytest

from lossdoctor.model import Kind, Split
from lossdoctor.readers import read
from lossdoctor.readers import text_patterns as tp

HERE = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "text" / "readers22"


def test_ktrain_final_loss_is_not_epoch_6s_training_loss() -> None:
    [run] = read(HERE / "ktrain_final_loss.log")
    loss = run.find(Kind.LOSS, Split.TRAIN)
    assert loss is not None and loss.steps.tolist() == [4, 5, 6]
    assert loss.values.tolist() == pytest.approx([0.1726, 0.1176, 0.0842])  # was 0.2758 at epoch 6 (final loss)
    assert "score" not in {s.key for s in run.series}  # 'final score' of the restored weights: no series
    assert any("summary line" in w and "loss" in w for w in run.warnings)


def test_keras_test_top5_does_not_replace_the_last_epochs_accuracy() -> None:
    [run] = read(HERE / "keras_test_top5_after_fit.log")
    acc = next(s for s in run.series if s.key == "accuracy")
    assert acc.values.tolist() == pytest.approx([0.8071, 0.8112])  # was 0.9839 (Test top 5 accuracy) at epoch 30
    test = [s for s in run.series if s.split is Split.TEST]
    assert [s.values.tolist() for s in test] == [pytest.approx([0.7676])]  # the test split's own value is kept


def test_a_test_line_after_every_epoch_is_read_as_before() -> None:
    [run] = read(HERE / "twinnet_test_nll_each_epoch.log")
    nll = next(s for s in run.series if s.key == "test nll")  # readers25: 'test -- nll' names its split
    assert nll.split is Split.TEST and nll.values.tolist() == pytest.approx([88.013125, 85.526960])  # recurring: no
    valid = next(s for s in run.series if s.key == "valid nll")  # summary; the 'valid -- nll' line is its own series
    assert valid.split is Split.VAL and valid.values.tolist() == pytest.approx([88.436512, 85.982362])
    assert not any("summary line" in w for w in run.warnings)


@pytest.mark.parametrize("line, summary", [
    ("final loss:0.27580805318832396, final score:0.89096", True),
    ("Test set results: loss= 1.9461 accuracy= 0.1430", True),
    ("Training completed. Final accuracy: 99.06%", True),
    ("Best test bbox ap is 0.915.", True),
    ("final epoch: train loss 1.19 test loss 166.0", False),  # names a position
    ("Epoch 5 best acc 0.91", False),  # a counter before the word
    ("train loss=0.754733. test loss=1.06135", False),  # the word after the first number
])
def test_summary_line_pattern(line: str, summary: bool) -> None:
    assert (tp.SUMMARY_LINE.match(line) is not None) is summary


def test_a_summary_line_with_no_counter_before_it_is_read(tmp_path: Path) -> None:
    log = tmp_path / "only.log"
    log.write_text("final epoch: train loss 0.14469022 test loss 201.26407\n", encoding="utf-8")
    [run] = read(log)
    assert run.find(Kind.LOSS, Split.TRAIN) is not None
