"""readers23: a split header with its epoch alone on its line ('[test] epoch: 3/10', '[val] epoch: 1/15') names the
split and the epoch of the '- key: value' lines under it, until the next header or counter line.

Fixtures in tests/fixtures/text/readers23/, verbatim trimmed copies of corpus logs: the first 40 lines of opened
nb-jax-ai-stack-cnn-imdb-overfits-after-epoch5 (r22; the IPython %%time lines left out) and lines 17-60 of opened
nb-flax-nnx-unetr-pets-segmentation-15ep (r11: '[train]' and '[val]' blocks of epochs 1 and 4, XLA timer lines kept)."""
from __future__ import annotations

from pathlib import Path

import pytest

from lossdoctor.cli import main
from lossdoctor.model import Kind, Split
from lossdoctor.readers import read
from lossdoctor.readers import text_patterns as tp

HERE = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "text" / "readers23"


def test_jax_test_blocks_are_the_test_split_at_the_epoch_trained() -> None:
    [run] = read(HERE / "jax_cnn_imdb_test_blocks.log")
    train = run.find(Kind.LOSS, Split.TRAIN)
    assert train is not None and train.key == "train loss"  # the bar's last-batch loss, as before
    assert train.values.tolist() == pytest.approx([0.697, 0.691, 0.678, 0.339, 0.215, 0.167, 0.112, 0.0814,
                                                   0.0982, 0.0731])
    test = run.find(Kind.LOSS, Split.TEST)
    assert test is not None and test.key == "test total loss"  # was 'total loss', a training series
    # '[test] epoch: 1/10' follows '[train] epoch: 0/10, [192/195]' (x 0.98): the end of that epoch, x 1 (was 2)
    assert test.steps.tolist() == pytest.approx([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    assert test.values.tolist()[5:] == pytest.approx([0.3100, 0.3434, 0.3653, 0.4136, 0.4443])
    acc = next(s for s in run.series if s.key == "test Accuracy")
    assert acc.split is Split.TEST and acc.values[-1] == pytest.approx(0.8664)
    assert "total loss" not in {s.key for s in run.series}


def test_unetr_val_block_is_validation_and_train_block_is_not_one_more_training_point() -> None:
    [run] = read(HERE / "flax_unetr_train_val_blocks.log")
    val = run.find(Kind.LOSS, Split.VAL)
    assert val is not None and val.key == "val total loss"  # was 'total loss' (a training series)
    assert val.values.tolist() == pytest.approx([1.4854, 1.2808])
    train = next(s for s in run.series if s.key == "train total loss")
    # the '[train]' block's 1.4837 and 1.2749 evaluate a series the iteration lines print: not read into it
    assert train.values.tolist() == pytest.approx([1.5253, 1.4079, 1.3208, 1.2886])
    assert val.steps.tolist() == pytest.approx([train.steps[0], train.steps[3]])  # at the epoch's last step
    assert next(s for s in run.series if s.key == "train Accuracy").values.tolist() == pytest.approx([0.6143, 0.7023])
    assert next(s for s in run.series if s.key == "val Accuracy").values.tolist() == pytest.approx([0.6125, 0.6998])


def test_a_header_before_any_training_line_keeps_its_own_epoch(tmp_path: Path) -> None:
    log = tmp_path / "eval_only.log"
    log.write_text("".join(f"[val] epoch: {e}/3\n- loss: {v}\n- acc: 0.{e}\n" for e, v in
                           [(1, 0.9), (2, 0.7), (3, 0.8)]), encoding="utf-8")
    [run] = read(log)
    val = run.find(Kind.LOSS, Split.VAL)
    assert val is not None and val.steps.tolist() == [1, 2, 3] and val.values.tolist() == [0.9, 0.7, 0.8]


def test_a_log_counted_by_its_headers_alone_takes_each_headers_epoch(tmp_path: Path) -> None:
    log = tmp_path / "headers_only.log"
    log.write_text("".join(f"[train] epoch: {e}/3\n- loss: {t}\n[val] epoch: {e}/3\n- loss: {v}\n" for e, t, v in
                           [(1, 0.9, 1.0), (2, 0.6, 0.8), (3, 0.4, 0.9)]), encoding="utf-8")
    [run] = read(log)
    train, val = run.find(Kind.LOSS, Split.TRAIN), run.find(Kind.LOSS, Split.VAL)
    assert train is not None and train.steps.tolist() == [1, 2, 3] and train.values.tolist() == [0.9, 0.6, 0.4]
    assert val is not None and val.steps.tolist() == [1, 2, 3] and val.values.tolist() == [1.0, 0.8, 0.9]


@pytest.mark.parametrize("line, split", [
    ("[test] epoch: 3/10", "test"),
    ("[val] epoch: 1/15 ", "val"),
    ("[train] epoch: 4/15 ", "train"),
    ("[Validation] epoch 2", "validation"),
    ("[train] epoch: 0/10, [192/195], loss=0.697 [00:05<00:00]", None),  # a training line, not a header
    ("[evaluation] epoch: 1/15, elapsed time: 46.60 seconds", None),
    ("[ckpt] epoch: 3", None),
])
def test_split_epoch_header_pattern(line: str, split: str | None) -> None:
    m = tp.SPLIT_EPOCH_HEADER.match(line)
    assert (m.group(1).lower() if m else None) == split


def test_headers_without_values_are_still_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "headers.log"
    log.write_text("[test] epoch: 1/10\n[test] epoch: 2/10\n", encoding="utf-8")
    assert main(["diagnose", str(log)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and str(log) in err and "Traceback" not in err
