"""readers21: a metric named right before its counter, the value alone after the colon (the Flax basics notebook's
`print(f'Loss step {i}: ', loss)` -> 'Loss step 10:  0.44692168').

Fixture in tests/fixtures/text/readers21/: the first five lines of the opened corpus log
nb-flax-basics-linear-regression-gd-lr0.3 (batch r20), verbatim."""
from __future__ import annotations

from pathlib import Path

import pytest

from lossdoctor.model import Kind, Split
from lossdoctor.readers import text_patterns as tp
from lossdoctor.readers import read

HERE = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "text" / "readers21"


def test_flax_loss_step_lines_are_read() -> None:
    [run] = read(HERE / "flax_basics_loss_step.log")  # refused before: no epoch/step with a loss found
    loss = run.find(Kind.LOSS, Split.TRAIN)
    assert loss is not None and loss.steps.tolist() == [0, 10, 20, 30]
    assert loss.values.tolist() == pytest.approx([38.094772, 0.44692168, 0.10053458, 0.035822745])
    assert len(run.series) == 1  # 'Loss for "true" W,b:' names no counter: not a point


@pytest.mark.parametrize("line, out", [
    ("Loss step 10:  0.44692168", "step 10: Loss: 0.44692168"),
    ("val acc epoch 3: 0.91", "epoch 3: val acc: 0.91"),
    ("Global step 100: 2.3", "Global step 100: 2.3"),  # 'Global' names no metric: the line is left as it is
    ("Loss step 10: 0.4 acc 0.9", "Loss step 10: 0.4 acc 0.9"),  # more than the one value: another format's
])
def test_name_counter_only_moves_a_metric_name(line: str, out: str) -> None:
    assert tp.name_counter(line) == out
