"""readers28: a dict/JSON record that a paste hard-wrapped inside a token is read as the one line its writer printed;
a grid table (tableprint's '+------+' borders) through a '[ INFO : time ] - ' logger prefix is read; its rows without
their header name no loss.

Fixtures are written here in the layouts the tools print (none copied from a corpus log): fairseq's json log line
`| INFO | train | {"epoch": 3, "train_loss": "nan", ...}` and a Hugging Face Trainer dict `{'loss': 0.52, ...}`, each
cut at a fixed terminal width; WeSpeaker's training table as tableprint draws it. The twins: a pretty-printed record
(broken between values, read as before), a quote left open in prose (nothing joined), the table's rows without their
header (no loss read), a '+' in prose (no rule).
"""
from __future__ import annotations

import json
import math

import pytest

from lossdoctor.errors import ReadError
from lossdoctor.readers import text_patterns as tp
from lossdoctor.readers._wrapped_records import join_wrapped
from lossdoctor.readers.text_log import read_text


def _wrap(text: str, width: int) -> list[str]:
    """`text` cut every `width` characters, as a terminal or an issue form wraps a long line."""
    return [text[i:i + width] for i in range(0, len(text), width)]


def _fairseq(epochs: int, width: int | None) -> str:
    lines = []
    for e in range(1, epochs + 1):
        loss = "nan" if e == epochs else f"{5.0 - 0.4 * e:.3f}"
        stats = {"epoch": e, "train_loss": loss, "train_ntokens": "15558.8", "train_nll_loss": loss,
                 "train_wps": "2443", "train_lr": "1e-05", "train_gnorm": "0.81", "train_loss_scale": None,
                 "train_wall": "867"}
        lines.append(f"2020-10-01 10:25:5{e} | INFO | fairseq_cli.train | end of epoch {e} (average epoch stats below)")
        record = f"2020-10-01 10:25:5{e} | INFO | train | {json.dumps(stats)}"
        lines += _wrap(record, width) if width else [record]
        lines.append(f"2020-10-01 10:25:5{e} | INFO | fairseq.trainer | begin training epoch {e + 1}")
    return "\n".join(lines) + "\n"


def _values(run, key: str) -> list[float]:
    return list(run.series_by_key(key).values) if hasattr(run, "series_by_key") else \
        list(next(s for s in run.series if s.key == key).values)


def test_fairseq_record_wrapped_inside_a_key_reads_as_printed_whole():
    whole = read_text(_fairseq(4, None), "whole")
    wrapped_text = _fairseq(4, 61)
    wrapped = read_text(wrapped_text, "wrapped")
    assert {s.key for s in wrapped.series} == {s.key for s in whole.series}
    assert "train_nll_loss" in {s.key for s in wrapped.series}
    for key in ("train_loss", "train_nll_loss"):
        got, want = _values(wrapped, key), _values(whole, key)
        assert len(got) == len(want) == 4
        assert math.isnan(got[-1])  # the NaN that stopped the run, printed as a string
        assert got[:-1] == want[:-1]


def test_trainer_dict_wrapped_inside_a_value_is_joined():
    lines = []
    for step in range(1, 6):
        record = (f"{{'loss': {1.5 / step:.4f}, 'grad_norm': {2.0 / step:.4f}, 'learning_rate': 4.9e-05, "
                  f"'epoch': {step * 0.1:.1f}}}")
        lines += _wrap(record, 12)  # cut inside the loss value: "{'loss': 1.5" / "000, 'grad_n"
    run = read_text("\n".join(lines) + "\n", "hf")
    assert _values(run, "loss") == [round(1.5 / s, 4) for s in range(1, 6)]


def test_lines_joined_are_counted_so_line_numbers_match_the_file():
    lines = _fairseq(3, 50).splitlines()  # the first cut between two values, the next ones inside keys
    out = list(join_wrapped(lines))
    assert sum(1 + extra for _, extra in out) == len(lines)
    assert len(out) < len(lines)
    assert all('"train_loss"' in text for text, extra in out if extra)


def test_pretty_printed_record_is_not_joined():
    """Twin: a record broken between its values (a pretty-printed dict) ends each line outside a quote."""
    lines = json.dumps({"epoch": 1, "train_loss": 2.5, "valid_loss": 2.7}, indent=2).splitlines()
    assert [text for text, _ in join_wrapped(lines)] == lines


def test_open_quote_that_never_closes_a_record_is_left_alone():
    """Twin: a quote left open after a brace in prose, then lines that never close a record: nothing joined, and
    the lines after it are read as they are."""
    lines = ["config {'name: resnet", "epoch 1 loss 0.9", "epoch 2 loss 0.7", "epoch 3 loss 0.5"]
    assert list(join_wrapped(lines)) == [(line, 0) for line in lines]
    run = read_text("\n".join(lines) + "\n", "prose")
    assert _values(run, "loss") == [0.9, 0.7, 0.5]


def test_a_joined_text_that_does_not_parse_stays_apart():
    """Twin: the braces and quotes balance after the next line, but the text is no record (a stray quote in a
    message): the lines stay as printed."""
    lines = ["msg {'unterminated", "epoch 1 loss 0.9'} done", "epoch 2 loss 0.7"]
    assert [text for text, _ in join_wrapped(lines)] == lines


def _grid_table(header: bool, prefix: bool, border: str = "-") -> str:
    """WeSpeaker's training table as tableprint draws it (10-wide cells between '+----------+' borders), each line
    through its logger '[ INFO : time ] - ' when `prefix`; three epochs of three batches."""
    rule = "+" + "+".join([border * 10] * 6) + "+"
    out = []

    def line(t: int, text: str) -> None:
        out.append((f"[ INFO : 2025-06-14 04:{t // 60:02d}:{t % 60:02d},255 ] - " if prefix else "") + text)

    if header:
        line(0, "+" + "+".join(["-" * 10] * 6) + "+")
        line(0, "|" + "|".join(f"{h:>10}" for h in ("Epoch", "Batch", "Lr", "Margin", "Loss", "Acc")) + "|")
        line(0, rule)
    t = 1
    for epoch in (1, 2, 3):
        for batch in (100, 200, 300):
            cells = (epoch, batch, f"{1e-3 / epoch:.5g}", 0.2, f"{9 - epoch - batch / 1000:.5g}",
                     f"{10 * epoch + batch / 100:.5g}")
            line(t, "|" + "|".join(f"{c:>10}" for c in cells) + "|")
            t += 1
    line(t, "+" + "+".join(["-" * 10] * 6) + "+")
    return "\n".join(out) + "\n"


def test_grid_table_through_a_bracketed_logger_prefix_is_read():
    """tableprint's '+------+' borders are rules of the table, not its end; '[ INFO : time ] - ' is a logger's
    prefix (WeNet/WeSpeaker's format), not part of the row."""
    for prefix in (False, True):
        run = read_text(_grid_table(header=True, prefix=prefix), "wespeaker")
        want = [9 - e - b / 1000 for e in (1, 2, 3) for b in (100, 200, 300)]
        assert _values(run, "Loss") == pytest.approx(want)
        assert len(_values(run, "Acc")) == 9


def test_grid_rule_of_equals_signs_under_the_header_is_a_rule_too():
    """tabulate's 'grid' format draws '+======+' under the header."""
    text = _grid_table(header=True, prefix=False)
    lines = text.splitlines()
    lines[2] = lines[2].replace("-", "=")
    run = read_text("\n".join(lines) + "\n", "grid")
    assert len(_values(run, "Loss")) == 9


def test_grid_rows_without_their_header_name_no_loss():
    """Twin: the same rows pasted without the header row: no column is named, so no value is read as the loss (the
    'first unnamed value' reading is for a loop's bare print(step, loss), not a table's cells: it read the batch
    count as the loss)."""
    for prefix in (False, True):
        with pytest.raises(ReadError):
            read_text(_grid_table(header=False, prefix=prefix), "headerless")


def test_a_line_of_plus_signs_in_prose_still_ends_a_table():
    """Twin: a '+' between words is no grid rule; a table followed by prose ends there."""
    assert tp.GRID_RULE.match("+----------+----------+") is not None
    assert tp.GRID_RULE.match("a + b + c") is None
    assert tp.GRID_RULE.match("+-+") is None
    assert tp.GRID_RULE.match("loss +---+ 3") is None
