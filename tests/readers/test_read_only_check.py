"""The real-run score's read-only check (benchmarks/real_runs/score.py): what it counts as a printed NaN and as a loss
line, so that 'read whole' means every value a person reads (readers15)."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

SCORE = Path(__file__).resolve().parents[2] / "benchmarks" / "real_runs" / "score.py"


def _score_module():
    spec = importlib.util.spec_from_file_location("real_runs_score_readers15", SCORE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


score = _score_module()


def test_best_so_far_initial_inf_is_no_printed_nan() -> None:
    """lcnn's 'best_mean_loss: inf' before any evaluation is the tracker's 'none yet', no value of the run."""
    assert not score.prints_nan_loss("iter: 100  mean_loss: 1.83 best_mean_loss: inf\n")
    assert not score.prints_nan_loss("epoch 1 loss 0.5 min_val_loss=inf\n")
    assert score.prints_nan_loss("iter: 200  mean_loss: nan best_mean_loss: 1.83\n")
    assert score.prints_nan_loss("epoch 3 loss: inf\n")


def test_same_second_copies_of_a_line_count_once() -> None:
    """Each TPU core / DDP rank logs the same line in the same second: one loss line each time."""
    xla = ("| Training Device=xla:0/3 Epoch=1 Step=0 Loss=6.89059 Rate=2.12 Time=07:28:19\n"
           "| Training Device=xla:0/0 Epoch=1 Step=0 Loss=6.89059 Rate=2.13 Time=07:28:19\n"
           "| Training Device=xla:0/3 Epoch=1 Step=20 Loss=6.50001 Rate=26.12 Time=07:28:19\n"
           "| Training Device=xla:0/0 Epoch=1 Step=20 Loss=6.50001 Rate=26.12 Time=07:28:19\n")
    assert score.loss_line_count(xla) == 2  # two steps in one second stay two lines
    ddp = ("2024-12-30 19:43:24 | INFO | Training metrics - Loss: 6.3321, Accuracy: 1.7064\n"
           "2024-12-30 19:43:24 | INFO | Training metrics - Loss: 6.3311, Accuracy: 1.7248\n"
           "2024-12-30 19:59:10 | INFO | Training metrics - Loss: 5.3372, Accuracy: 6.8533\n")
    assert score.loss_line_count(ddp) == 2


def test_lines_without_a_clock_or_with_milliseconds_all_count() -> None:
    assert score.loss_line_count("loss: 0.5\nloss: 0.5\nloss: 0.4\n") == 3
    ms = ("2021-08-21 01:28:04,669 | Epoch: 0 | Train Loss: 3.1\n"
          "2021-08-21 01:28:04,671 | Epoch: 0 | Train Loss: 3.0\n")
    assert score.loss_line_count(ms) == 2
