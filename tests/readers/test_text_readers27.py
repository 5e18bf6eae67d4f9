"""readers27: values printed as quoted strings, metric values in percent, and 'loss is  x' with padded spaces.

Fixtures are written here in the layouts the tools print (none copied from a corpus log):
- PaddleDetection's logger line `iter: 20, lr: 0.000085, 'loss': 'nan', eta: ...` (each value formatted to a string
  before the dict is printed), and fairseq's json log `| INFO | train | {"epoch": 3, "train_loss": "nan", ...}`;
- nmtpytorch's per-update lines `Epoch 1 - update 30 => loss: 6.503` with a validation line that prints its word error
  rate in percent (`Validation 1 -> WER = 72.680%`);
- MindSpore's `epoch: 1 step: 27, loss is  0.3660637` (two spaces before the value);
- a notebook's `print('EPOCH -', epoch)` heading above a tqdm bar `Loss=.. Batch_id=468 Accuracy=..: 100%|..|` and
  `Test set: Average loss: .., Accuracy: 9739/10000 (97%)`, one heading glued after a bar's first refresh.
"""
from __future__ import annotations

import math

import pytest

from lossdoctor.model import Kind, Split
from lossdoctor.readers import text_patterns as tp
from lossdoctor.readers.text_log import read_text


def _paddle(losses: list[str]) -> str:
    lines = []
    for i, loss in enumerate(losses):
        lines.append(f"2022-03-09 15:20:{i:02d},459-INFO: iter: {20 * i}, lr: 0.0000{83 + i}, 'loss': '{loss}', "
                     f"eta: 0:02:34, batch_cost: 1.1 sec, ips: 1.8 images/sec")
    return "\n".join(lines) + "\n"


def test_a_nan_printed_as_a_quoted_string_is_read_as_nan() -> None:
    run = read_text(_paddle(["24.061707", "nan", "nan", "nan"]), "paddledet")
    loss = run.find(Kind.LOSS, Split.TRAIN)
    assert loss is not None
    values = list(loss.values)
    assert values[0] == pytest.approx(24.061707)
    assert len(values) == 4 and all(math.isnan(v) for v in values[1:])
    assert list(loss.steps) == [0.0, 20.0, 40.0, 60.0]


def test_quoted_finite_numbers_are_read_too() -> None:
    run = read_text(_paddle(["2.5", "2.25", "2.0"]), "paddledet")
    loss = run.find(Kind.LOSS, Split.TRAIN)
    assert loss is not None and list(loss.values) == pytest.approx([2.5, 2.25, 2.0])


def _fairseq(losses: list[str]) -> str:
    out = []
    for epoch, loss in enumerate(losses, start=1):
        out.append(f"2020-10-01 10:25:50 | INFO | fairseq_cli.train | end of epoch {epoch} (average epoch stats below)")
        out.append(f'2020-10-01 10:25:50 | INFO | train | {{"epoch": {epoch}, "train_loss": "{loss}", '
                   f'"train_ntokens": "15558.8", "train_lr": "1e-05", "train_gnorm": "{loss}", '
                   f'"train_loss_scale": null, "train_wall": "0"}}')
    return "\n".join(out) + "\n"


def test_fairseq_json_stats_with_string_values_are_read_and_keep_their_nan() -> None:
    run = read_text(_fairseq(["3.5", "3.1", "nan"]), "fairseq")
    loss = run.find(Kind.LOSS, Split.TRAIN)
    assert loss is not None and loss.key == "train_loss"
    assert list(loss.steps) == [1.0, 2.0, 3.0]
    assert list(loss.values[:2]) == pytest.approx([3.5, 3.1]) and math.isnan(loss.values[2])
    lr = next(s for s in run.series if s.key == "train_lr")
    assert lr.kind is Kind.LR and list(lr.values) == pytest.approx([1e-05] * 3)


@pytest.mark.parametrize(("text", "want"), [
    ("'loss': 'nan', eta: 3", "'loss': nan, eta: 3"),
    ('{"a": "-inf", "b": "1e-08"}', '{"a": -inf, "b": 1e-08}'),
    ("loss='0.5'", "loss=0.5"),
])
def test_quoted_numbers_lose_their_quotes(text: str, want: str) -> None:
    assert tp.quoted_numbers(text) == want


@pytest.mark.parametrize("text", [
    'version: "1.2.3"',  # not a number
    "name: '3'x",  # the quote does not end the value
    "said 'nan'",  # no key before it
    '{"id": "12abc"}',
])
def test_quoted_text_that_is_no_value_stays(text: str) -> None:
    assert tp.quoted_numbers(text) == text


def _nmt(wer_percent: bool) -> str:
    out, update = [], 0
    for epoch in (1, 2, 3):
        out.append(f"Starting Epoch {epoch}")
        for i in range(12):
            update += 30
            out.append(f"Epoch {epoch} - update {update:>10d} => loss: {5.0 - 0.1 * update / 30 + 0.05 * (i % 3):.3f} "
                       "(used GPU: 8297 MiB)")
        out.append(f"--> Epoch {epoch} finished with mean loss {4.6 - epoch:.5f}")
        out.append(f"Validation {epoch} -> LOSS = {4.0 - epoch * 0.5:.2f}")
        wer = f"{80.0 - epoch * 5:.3f}%" if wer_percent else f"{80.0 - epoch * 5:.2f}"
        out.append(f"Validation {epoch} -> WER = {wer} (n_errors = 26177, n_ref_tokens = 36017)")
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("wer_percent", [False, True])
def test_a_metric_in_percent_is_no_progress_bar_and_keeps_the_per_update_losses(wer_percent: bool) -> None:
    run = read_text(_nmt(wer_percent), "nmtpytorch")
    loss = next(s for s in run.series if s.key == "loss")
    assert len(loss.values) == 36  # every update's print, not one per epoch
    assert loss.values[0] == pytest.approx(5.0 - 0.1)


@pytest.mark.parametrize(("line", "progress"), [
    ("Validation 1 -> WER = 72.680% (n_errors = 1)", False),
    ("acc: 95%, loss: 0.2", False),
    ("Epoch 1: 45%|####      | 45/100 [00:03<00:04]", True),
    ("45% [=====>    ] loss: 0.3", True),
    ("Epoch 3 99.88 % loss=1.2", True),
    ("Test set: Accuracy: 9890/10000 (99%)", True),  # as before: a count's percent in parentheses
    ("acc: 95% ETA: 3s", True),
])
def test_shows_progress(line: str, progress: bool) -> None:
    assert tp.shows_progress(line) is progress


def test_loss_is_with_padded_spaces() -> None:
    text = "".join(f"epoch: {e} step: {s}, loss is  {v}\n" for e, s, v in
                   [(1, 1, 0.91), (1, 2, 0.52), (2, 1, 0.33), (2, 2, 0.21)])
    run = read_text(text, "mindspore")
    loss = run.find(Kind.LOSS, Split.TRAIN)
    assert loss is not None and list(loss.values) == pytest.approx([0.91, 0.52, 0.33, 0.21])


def _epoch_dash(glued: bool) -> str:
    out = []
    train, test = [0.31, 0.12, 0.08, 0.05], [0.09, 0.06, 0.045, 0.04]
    for epoch, (t, v) in enumerate(zip(train, test), start=1):
        heading = f"EPOCH - {epoch}"
        if glued and epoch == 1:
            out.append("  0%|          | 0/469 [00:00<?, ?it/s]" + heading)
        else:
            out.append(heading)
        out.append(f"Loss={t} Batch_id=468 Accuracy={90 + epoch}.5: 100%|##########| 469/469 [00:59<00:00,  7.91it/s]")
        out.append(f"Test set: Average loss: {v:.4f}, Accuracy: {9700 + 40 * epoch}/10000 (98%)")
        out.append("")
    return "\n".join(out)


@pytest.mark.parametrize("glued", [False, True])
def test_epoch_dash_number_counts_epochs(glued: bool) -> None:
    run = read_text(_epoch_dash(glued), "eva5")
    loss = run.find(Kind.LOSS, Split.TRAIN)
    test = run.find(Kind.LOSS, Split.TEST)
    assert loss is not None and test is not None
    assert list(loss.steps) == [1.0, 2.0, 3.0, 4.0]
    assert list(loss.values) == pytest.approx([0.31, 0.12, 0.08, 0.05])
    assert list(test.steps) == [1.0, 2.0, 3.0, 4.0]
    assert not any("order they were printed" in w for w in run.warnings)


@pytest.mark.parametrize("text", ["lr decayed at epoch -1", "Epoch -3 loss: 0.5"])
def test_a_minus_sign_is_no_dash_separator(text: str) -> None:
    assert tp.MARKER.search(text) is None  # a dash needs a space after it to set the number off
