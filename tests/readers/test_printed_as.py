"""How a text log printed a series travels on the Series: `decimals` (trailing zeros the float loses) and
`print_order` (no counter beside the values), and the rules read them instead of re-deriving them."""
from __future__ import annotations

from dataclasses import replace

import numpy as np

from lossdoctor import Options, diagnose_run
from lossdoctor.findings import Severity
from lossdoctor.readers.text_log import PRINT_ORDER, parse_text
from lossdoctor.rules.chance import frozen_on_chance
from lossdoctor.rules.loss_not_decreasing import numbered_by_reader
from lossdoctor.stats import print_resolution

# verbatim from benchmarks/real_runs/dev/gh-foamliu-facenet-3-triplet-val-loss-frozen-at-margin/train.log: a
# triplet loss with margin 0.2 whose validation loss is exactly the margin on every epoch (a collapsed embedding)
FACENET = """\
Epoch 2/15
1539/1539 [==============================] - 3427s 2s/step - loss: 0.1902 - val_loss: 0.2000

Epoch 00002: val_loss did not improve from 0.20000
Epoch 3/15
1539/1539 [==============================] - 3425s 2s/step - loss: 0.1872 - val_loss: 0.2000

Epoch 00003: val_loss did not improve from 0.20000
Epoch 4/15
1539/1539 [==============================] - 3430s 2s/step - loss: 0.1844 - val_loss: 0.2000

Epoch 00004: val_loss did not improve from 0.20000
Epoch 5/15
1539/1539 [==============================] - 3434s 2s/step - loss: 0.1820 - val_loss: 0.2000

Epoch 00005: val_loss did not improve from 0.20000
"""


def _series(text: str, key: str):
    run = parse_text(text, "run", "run.log")
    s = run.get(key)
    assert s is not None, [x.key for x in run.series]
    return run, s


def test_trailing_zeros_keep_their_decimals() -> None:
    """'val_loss: 0.2000' parses to 0.2, which alone looks printed to 1 decimal; the text said 4."""
    _, val = _series(FACENET, "val_loss")
    assert val.decimals == 4 and np.all(val.values == 0.2)
    assert print_resolution(val.values) == 0.1  # what the values alone suggest
    assert print_resolution(val.values, val.decimals) == 1e-4


def test_a_validation_loss_frozen_at_4_printed_decimals_is_named() -> None:
    """The same value to 4 printed decimals on every evaluation is frozen weights; printed '0.2' it could be rounding."""
    f = next(f for f in diagnose_run(parse_text(FACENET, "run", "run.log"), Options()).findings
             if f.name == "loss_not_decreasing")
    assert f.evidence["frozen_validation_evaluations"] == 4 and f.severity >= Severity.WARNING
    coarse = FACENET.replace("val_loss: 0.2000", "val_loss: 0.2")
    _, val = _series(coarse, "val_loss")
    assert val.decimals == 1
    assert not any(f.name == "loss_not_decreasing"
                   for f in diagnose_run(parse_text(coarse, "run", "run.log"), Options()).findings)


def test_significant_digits_and_percent() -> None:
    """Values printed with different decimals (TF.js prints significant digits: '0.297' then '16.12') have no one
    number of decimals; a percentage divided by 100 shows two more; e-notation counts from its exponent."""
    _, loss = _series("Epoch 1 / 3\n- acc=0.917 loss=0.297\nEpoch 2 / 3\n- acc=0.00 loss=16.12\n"
                      "Epoch 3 / 3\n- acc=0.00 loss=16.12\n", "loss")
    assert loss.decimals is None
    run, acc = _series("Epoch 1/2\n - loss: 0.5000 - acc: 93.75\nEpoch 2/2\n - loss: 0.4000 - acc: 94.10\n", "acc")
    assert acc.decimals == 4 and acc.values[1] == 0.941
    assert run.get("loss").decimals == 4
    _, small = _series("Epoch 1/2\n - loss: 1.2345e-05\nEpoch 2/2\n - loss: 1.1001e-05\n", "loss")
    assert small.decimals == 9


def test_a_print_order_series_is_flagged() -> None:
    """Values printed with no epoch or step beside them are numbered by the reader: the series says so (and the
    read warning users read stays); a log that counts its epochs is not."""
    run, loss = _series("loss: 0.50\nloss: 0.40\nloss: 0.30\n", "loss")
    assert loss.print_order and numbered_by_reader(run, "loss")
    assert any(PRINT_ORDER in w for w in run.warnings)
    run, loss = _series(FACENET, "loss")
    assert not loss.print_order and not numbered_by_reader(run, "loss")


def test_the_rule_reads_the_flag_not_the_warning() -> None:
    """A warning naming the key without the flag numbers nothing: the rule reads the series."""
    run, _ = _series(FACENET, "loss")
    worded = replace(run, warnings=(f"no epoch or step numbers next to loss; their values are {PRINT_ORDER} "
                                    "(1, 2, ...) as epochs",))
    assert not numbered_by_reader(worded, "loss")
    flagged = replace(run, series=tuple(replace(s, print_order=s.key == "loss") for s in run.series))
    assert numbered_by_reader(flagged, "loss") and not numbered_by_reader(flagged, "val_loss")


def test_how_it_was_printed_takes_no_part_in_equality() -> None:
    """One training's values read from its stdout (decimals known) and its CSV (not) are the same series."""
    _, val = _series(FACENET, "val_loss")
    assert replace(val, decimals=None, print_order=True) == val


def test_chance_reads_the_printed_decimals() -> None:
    """ln 2 printed '0.6931' on every line is a uniform softmax; the same number claimed printed to 2 decimals is
    too coarse to say so."""
    v = np.full(4, 0.6931)
    assert frozen_on_chance(v) == 2 and frozen_on_chance(v, decimals=4) == 2
    assert frozen_on_chance(v, decimals=2) is None
