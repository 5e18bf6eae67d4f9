"""readers24: the formats release 19's fresh batch left unread, read from public copies of the same formats.

Fixtures (tests/fixtures/readers24/ and tests/fixtures/text/readers24/):
- `cs236781_exp1_1_L2_K32.json`: Ofir-Shechtman/CS236781-Deep-Learning-hw2 `results/exp1_1_L2_K32.json` at 03bd9f6,
  verbatim (the Technion course's `run_experiment` writes `dict(config=cfg, results=fit_res._asdict())`).
- `mini_gpt_pt_checkpoints_start.log`, `mini_gpt_pt_checkpoints_resume.log`: the two training-log blocks of
  felipersas/mini-gpt `docs/15-checkpoints.md`, verbatim (its trainer's Portuguese 'passo'/'== época' lines).
- `mini_gpt_pt_e12_step_table.log`: written by the header and row f-strings of felipersas/mini-gpt
  `experiments/e12_overfit.py` (copied verbatim) over a tiny stand-in model trained on the same sentence.
- `deepxde_two_terms_adam_lbfgs.log`: a DeepXDE course notebook's output (Adam, then L-BFGS: the 'Step' table twice,
  the second going on from step 20000), verbatim without the notebook's 4-space indent, rows 0-20000 then the first
  three of the second table; `deepxde_deeponet_readme.log`: DeepXDE's DeepONet README 'standard output', verbatim
  (one-term lists, a '...' line for the rows left out, the 'Best model at step 46000:' report).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from lossdoctor.model import Kind, Split
from lossdoctor.readers import read
from lossdoctor.readers import text_patterns as tp
from lossdoctor.readers.keras_history import KerasHistoryReader
from lossdoctor.readers.text_log import read_text_runs

FIX = Path(__file__).resolve().parents[2] / "tests" / "fixtures"
HERE = FIX / "text" / "readers24"


def _series(run, key):  # type: ignore[no-untyped-def]
    return next(s for s in run.series if s.key == key)


# ---- CS236781 experiment json: {"config": {...}, "results": {"train_loss": [...], ...}} ----------------------------

def test_cs236781_results_beside_config_are_the_history() -> None:
    [run] = read(FIX / "readers24" / "cs236781_exp1_1_L2_K32.json")
    train, test = run.find(Kind.LOSS, Split.TRAIN), run.find(Kind.LOSS, Split.TEST)
    assert train is not None and train.key == "train_loss" and len(train) == 37
    assert train.values[0] == pytest.approx(2.287366868894728) and train.values[-1] == pytest.approx(0.7735371874726337)
    assert test is not None and test.key == "test_loss" and test.values[-1] == pytest.approx(1.04372139546437)
    acc = _series(run, "test_acc")
    assert acc.split is Split.TEST and acc.values[0] == pytest.approx(0.1681)  # printed in percent (16.81)
    assert {s.key for s in run.series} == {"train_loss", "train_acc", "test_loss", "test_acc"}  # num_epochs: no series


def test_a_json_opening_with_a_config_but_no_loss_list_is_not_claimed(tmp_path: Path) -> None:
    cfg = tmp_path / "config.json"
    cfg.write_text('{"model": {"layers": [2, 2], "lr": 0.1}, "data": {"sizes": [3, 4]}}', encoding="utf-8")
    assert not KerasHistoryReader().can_read(cfg)
    two = tmp_path / "two.json"  # two objects with a loss list: which one is the run is not clear
    two.write_text('{"a": {"train_loss": [1.0, 0.5]}, "b": {"train_loss": [2.0, 1.0]}}', encoding="utf-8")
    assert not KerasHistoryReader().can_read(two)


# ---- a log pasted as a markdown quote -------------------------------------------------------------------------------

@pytest.mark.parametrize("marker", ["> ", "> > ", ">> ", "  > "])
@pytest.mark.parametrize("name", ["keras3_verbose1.log", "hf_trainer_stdout.log", "keras3_callbacks.log",
                                  "readers24/deepxde_two_terms_adam_lbfgs.log",
                                  "readers24/mini_gpt_pt_checkpoints_resume.log"])
def test_a_quoted_log_reads_as_the_log(name: str, marker: str) -> None:
    text = (FIX / "text" / name).read_text(encoding="utf-8")
    quoted = "\n".join(marker + line for line in text.split("\n"))

    def shape(t: str) -> list[tuple[str, str, list[float], list[float]]]:
        return [(s.key, s.split.value, s.steps.tolist(), s.values.tolist()) for r in read_text_runs(t, "x")
                for s in r.series]

    assert shape(quoted) == shape(text)


def test_a_greater_than_sign_that_is_no_quote_marker_stays() -> None:
    assert tp.unquote(">foo") == ">foo" and tp.unquote("a > b") == "a > b"
    assert tp.unquote("> Epoch 1/10") == "Epoch 1/10" and tp.unquote(">") == ""


# ---- Portuguese: mini-gpt's trainer and its memorisation table ------------------------------------------------------

def test_mini_gpt_epoch_lines_read_train_and_validation_loss() -> None:
    [run] = read(HERE / "mini_gpt_pt_checkpoints_resume.log")
    train, val = run.find(Kind.LOSS, Split.TRAIN), run.find(Kind.LOSS, Split.VAL)
    assert train is not None and train.values.tolist() == pytest.approx([1.505, 1.491, 1.476, 1.464, 1.452, 1.441])
    assert val is not None and val.values.tolist() == pytest.approx([1.491, 1.477, 1.476, 1.463, 1.464, 1.452])
    assert "loss = ln(perplexity)" not in {s.key for s in run.series}  # the loss is printed: none derived


def test_mini_gpt_step_and_epoch_lines() -> None:
    [run] = read(HERE / "mini_gpt_pt_checkpoints_start.log")
    assert _series(run, "loss").values.tolist() == [4.608]  # 'passo 1/2460 | época 1 | loss 4.608'
    assert _series(run, "train loss").values.tolist() == [3.219]
    assert _series(run, "validation loss").split is Split.VAL


def test_mini_gpt_memorisation_table() -> None:
    [run] = read(HERE / "mini_gpt_pt_e12_step_table.log")
    train = _series(run, "loss (frase)")
    assert train.split is Split.TRAIN and train.steps.tolist() == [1, *range(25, 301, 25)]
    assert train.values[0] == pytest.approx(2.6439) and train.values[-1] == pytest.approx(0.1747)
    other = run.find(Kind.LOSS, Split.TEST)  # "loss em 'a gata está na casa'": the loss on another sentence
    assert other is not None and other.values[-1] == pytest.approx(0.789) and len(other) == 13


@pytest.mark.parametrize(("text", "key"), [("epoch 1 loss train 1.5 | loss validation 1.4 (perplexity 4.1)", "train loss"),
                                           ("epoch 1 loss train 1.5 | loss validation 1.4 (perplexity 4.1)",
                                            "validation loss"),
                                           ("época 1: perda treino 1.5, perda teste 1.6", "test loss")])
def test_the_split_named_after_the_metric(text: str, key: str) -> None:
    [run] = read_text_runs(text + "\n" + text.replace(" 1", " 2", 1), "x")
    assert key in {s.key for s in run.series}


def test_portuguese_words_only_whole_words() -> None:
    assert tp.pt_terms("Época 3 | passo 10 | loss treino 0.5") == "Epoch 3 | step 10 | loss train 0.5"
    assert tp.pt_terms("passos_total teste2") == "passos_total teste2"


# ---- DeepXDE: the 'Step  Train loss  Test loss  Test metric' table with a list of loss terms per cell -------------

def test_deepxde_total_is_the_sum_of_the_terms_and_the_terms_are_components() -> None:
    [run] = read(HERE / "deepxde_two_terms_adam_lbfgs.log")
    train = run.find(Kind.LOSS, Split.TRAIN)
    assert train is not None and train.key == "Train loss" and train.primary
    assert train.values[0] == pytest.approx(9.15e-01 + 5.93e-02)
    terms = [s for s in run.series if s.key.startswith("Train loss term")]
    assert [s.key for s in terms] == ["Train loss term 1", "Train loss term 2"]
    assert not any(s.primary for s in terms) and terms[1].values[0] == pytest.approx(5.93e-02)
    test = run.find(Kind.LOSS, Split.TEST)
    assert test is not None and test.values[1] == pytest.approx(2.11e-04 + 3.00e-03)
    # the second model.train() prints the table again from step 20000: the steps go on (no numbering on), the
    # 'Best model at step 18000:' report is no point
    assert train.steps.tolist() == [*range(0, 20001, 1000), 21000, 22000]
    assert {s.key for s in run.series if s.kind is Kind.LOSS and s.primary} == {"Train loss", "Test loss"}
    assert not any("result tables" in w for w in run.warnings)


def test_deepxde_readme_one_term_lists_and_rows_cut_with_dots() -> None:
    [run] = read(HERE / "deepxde_deeponet_readme.log")
    train = run.find(Kind.LOSS, Split.TRAIN)
    assert train is not None and train.steps.tolist() == [0, 1000, 2000, 50000]
    assert train.values.tolist() == pytest.approx([1.09, 2.57e-04, 8.37e-05, 9.98e-07])
    assert {s.key for s in run.series} == {"Train loss", "Test loss"}  # 'Test metric' names no kind; best: no point


def test_a_table_whose_counter_starts_over_is_still_numbered_on() -> None:
    table = "epoch  train_loss  valid_loss  time\n{rows}\n"
    text = table.format(rows="0  0.61  0.78  00:01") + table.format(rows="0  0.11  0.05  00:01\n1  0.07  0.01  00:01")
    [run] = read_text_runs(text, "fine_tune")
    assert run.find(Kind.LOSS, Split.TRAIN).steps.tolist() == [0, 1, 2]  # type: ignore[union-attr]


def test_number_list_cells() -> None:
    assert tp.number_list("[9.15e-01, 5.93e-02]") == ["9.15e-01", "5.93e-02"]
    assert tp.number_list("[]") == [] and tp.number_list("[a, 1]") is None and tp.number_list("0.5") is None


# ---- a split's losses named by their task (TeLL / Tailor), 'Testing Results' headings --------------------------------

def test_task_losses_in_brackets_and_validating_testing_blocks() -> None:
    """tell_readme_epochs.log: the first two epochs of the log in TeLL's README (the same lab's code as Tailor/CPGNN,
    NGCF-style 'Epoch 1 [9.6s]: train[lr=0.10000]=[(classification: 24.32744)]'), verbatim."""
    [run] = read(HERE / "tell_readme_epochs.log")
    train = run.find(Kind.LOSS, Split.TRAIN)
    assert train is not None and train.key == "train classification loss"
    assert train.values.tolist() == pytest.approx([24.32744, 10.86318]) and train.steps.tolist() == [1, 2]
    assert _series(run, "lr").values.tolist() == pytest.approx([0.1, 0.1])
    # 'Validating Results' then 'Testing Results' blocks: each its own split (before, 'Testing' was read as val)
    assert _series(run, "val auc").values.tolist() == pytest.approx([0.875287, 0.890453])
    assert _series(run, "test auc").values.tolist() == pytest.approx([0.883774, 0.896185])


def test_pytorch_yolov3_losses_group() -> None:
    """pytorch_yolov3_losses_nan.log: opened gh-pytorch-yolov3-13 (eriklindernoren/PyTorch-YOLOv3 issue 13), whole."""
    [run] = read(HERE / "pytorch_yolov3_losses_nan.log")
    total = run.find(Kind.LOSS, Split.TRAIN)
    assert total is not None and total.key == "total loss" and len(total) == 4
    conf = _series(run, "conf loss")
    assert not conf.primary and conf.values.tolist() == pytest.approx([0.755184, 0.760500, 0.755139, 0.757809])
    assert all(np.isnan(s.values).all() for s in run.series if s.key != "conf loss")  # nan throughout
