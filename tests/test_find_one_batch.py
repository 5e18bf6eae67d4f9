"""Run.find: a log printing one batch's loss beside the epoch's average on the same line ('Train: Batch Loss=0.1785
Batch_id=1874 Average Loss=0.1855', an ERA v1 notebook in the opened corpus, nb-erav1-s7-swapniel-model5-...) is
judged on the average: the last batch's loss jumps from epoch to epoch by chance and read a healthy run as diverging."""
from __future__ import annotations

import numpy as np

import lossdoctor
from lossdoctor.findings import Severity
from lossdoctor.model import Kind, Run, Split
from lossdoctor.names import one_batch


def test_one_batch_names_a_single_batch_value_not_a_mean_over_batches() -> None:
    assert one_batch("Train Batch Loss") and one_batch("batch_loss") and one_batch("batchLoss")
    assert not one_batch("Train Average Loss") and not one_batch("avg batch loss") and not one_batch("loss")


def test_the_epoch_average_is_the_training_loss_judged() -> None:
    rng = np.random.default_rng(3)
    avg = 0.19 * np.exp(-0.25 * np.arange(15)) + 0.02
    last_batch = avg * np.exp(1.2 * rng.standard_normal(15))  # one batch of 32: spread over a decade
    last_batch[-3:] = [0.004, 0.31, 0.0009]                  # the printed tail of such a log
    run = Run.from_dict({"Train Batch Loss": last_batch, "Train Average Loss": avg,
                         "Test Average loss": avg * 0.6 + 0.01})
    assert run.find(Kind.LOSS, Split.TRAIN).key == "Train Average Loss"
    warned = [f.name for f in lossdoctor.diagnose(run).findings if f.severity >= Severity.WARNING]
    assert warned == []
