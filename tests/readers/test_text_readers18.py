"""readers18: Keras fit(verbose=1) stdout as saved (redirected, one refresh a line, killed mid-epoch), spaCy's training
output (losses dicts, the v2 and v3 tables), rows of bare numbers (print(loss, acc)) and `key=value` epoch summaries
naming each split's loss ('Epoch 2: train=-5.89 valid=-17.63').

Fixtures: tests/fixtures/text/keras_fit/ is written by Keras itself (scripts/fixtures/gen_keras_fit_stdout.py);
tests/fixtures/text/readers18/ holds verbatim lines of real logs, each source below."""
from __future__ import annotations

import importlib.util
import math
import re
import sys
from pathlib import Path

import numpy as np
import pytest

from lossdoctor.errors import ReadError
from lossdoctor.model import Axis, Split
from lossdoctor.readers import read
from lossdoctor.readers import text_patterns as tp
from lossdoctor.readers.text_log import UNNAMED_LOSS, read_text

ROOT = Path(__file__).resolve().parents[2]
KERAS = ROOT / "tests" / "fixtures" / "text" / "keras_fit"
HERE = ROOT / "tests" / "fixtures" / "text" / "readers18"

SOURCES = {
    "keras2_nohup_ends_inside_epoch_bar.log": "the dev corpus log repo-adaptive-lr-densenet-c100-adam-noreg-plateau-75ep "
    "(nohup-noreg.out, tf.keras 1-refresh-a-line bars): its last two epochs' lines, the bars trimmed to their first and "
    "last three refreshes and the LR-finder's tqdm lines left out; it ends, as the source does, inside epoch 76's bar",
    "purine2_loss_acc_columns.log": "https://github.com/purine/purine2/issues/16 (the opened corpus log "
    "gh-purine2-16-nin-cifar-loss-const-2302583, first 12 lines)",
    "spacy2_losses_dict_py2.log": "https://github.com/explosion/spaCy/issues/2048 (the opened corpus log "
    "gh-spacy-2048-ner-losses-dict-fluctuate-normal, whole)",
    "spacy3_train_table.log": "Advanced NLP with spaCy, chapter 4 (the opened corpus log "
    "nb-spacy-course-ner-train-table-10rows, whole)",
    "spacy2_train_table.log": "https://github.com/explosion/spaCy/issues/3082 (spaCy 2.x `spacy train`, the header, "
    "its rule and the first three rows as posted)",
    "epoch_batch_lines_then_summary.log": "the opened corpus log nb-beam-transfer-seg-val-acc-frozen-zh (a "
    "segmentation training script's stdout), first 30 lines",
    "convs2s_step_total_printed_as_float.log": "the opened corpus log repo-convs2s-paddle-wmt16-enro-50-epoch-log "
    "(ConvS2S_0.log, PaddlePaddle ConvS2S reproduction), lines 76-78 and 129-134",
    "svoice_replayed_epoch_summaries.log": "https://github.com/facebookresearch/svoice/issues/22 (the dev corpus log "
    "gh-svoice-22-resume-loss-rises-to-positive, whole)",
}


def _run(path: Path):  # type: ignore[no-untyped-def]
    runs = read(path)
    assert len(runs) == 1
    return runs[0]


def _xy(run, key: str) -> tuple[list[float], list[float]]:  # type: ignore[no-untyped-def]
    s = run.get(key)
    return [float(x) for x in s.steps], [float(v) for v in s.values]


def test_every_fixture_has_a_source() -> None:
    assert {p.name for p in HERE.iterdir()} == set(SOURCES)


# --- Keras fit(verbose=1) as saved -----------------------------------------------------------------------------

# the final update of each epoch of the generated run (its bar at 10/10, with the val_ metrics)
LOSS = [2.3547, 2.2194, 2.1064, 2.0062, 1.9042]
VAL_LOSS = [2.2819, 2.1694, 2.0627, 1.9561, 1.8538]


@pytest.mark.parametrize("name", ["keras3_fit_pipe.log", "keras3_fit_lines.log"])
def test_keras_bar_refreshes_are_running_means_within_their_epoch(name: str) -> None:
    """Every refresh of an epoch's bar (ten here, redrawn with \\b/\\r or one a line) is the same epoch's running mean:
    one point per epoch, the final update's, which also carries the val_ metrics."""
    run = _run(KERAS / name)
    assert _xy(run, "loss") == ([1, 2, 3, 4, 5], LOSS)
    assert _xy(run, "val_loss") == ([1, 2, 3, 4, 5], VAL_LOSS)
    assert run.get("val_loss").split is Split.VAL and run.get("loss").axis is Axis.EPOCH
    assert not any("progress bar" in w for w in run.warnings)


def test_keras_run_killed_inside_an_epoch_reads_that_epoch_as_far_as_it_went() -> None:
    run = _run(KERAS / "keras3_fit_killed.log")
    steps, values = _xy(run, "loss")
    assert steps == [1, 2, 3, 4] and values[:3] == LOSS[:3]  # the finished epochs as printed
    assert values[3] == 2.0301  # epoch 4's last refresh (6/10), a running mean: no fifth point, no refresh as epoch
    assert _xy(run, "val_loss") == ([1, 2, 3], VAL_LOSS[:3])
    assert any("ends 60% into epoch 4's progress bar" in w for w in run.warnings)


def test_tf_keras_one_refresh_a_line_cut_inside_an_epoch() -> None:
    run = _run(HERE / "keras2_nohup_ends_inside_epoch_bar.log")
    assert _xy(run, "loss") == ([75, 76], [2.0054, 2.0064])
    assert _xy(run, "val_loss") == ([75], [3.1110])
    assert any("ends 56% into epoch 76's progress bar" in w for w in run.warnings)


def test_finished_last_epoch_gives_no_warning() -> None:
    text = ("Epoch 1/2\n 5/10 [==>...] - ETA: 1s - loss: 0.9000\n10/10 [=====] - 1s - loss: 0.8000 - val_loss: 0.85\n"
            "Epoch 2/2\n 5/10 [==>...] - ETA: 1s - loss: 0.7000\n10/10 [=====] - 1s - loss: 0.6500 - val_loss: 0.8\n")
    run = read_text(text, "fit.log")
    assert _xy(run, "loss") == ([1, 2], [0.8, 0.65])
    assert not any("progress bar" in w for w in run.warnings)


def test_the_generator_script_names_the_fixtures_it_writes() -> None:
    spec = importlib.util.spec_from_file_location("gen", ROOT / "scripts" / "fixtures" / "gen_keras_fit_stdout.py")
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("gen_keras_fit_stdout", gen)
    spec.loader.exec_module(gen)
    assert set(gen.JOBS) == {p.name for p in KERAS.iterdir()}


def test_score_counts_a_refreshed_bar_as_one_loss_line() -> None:
    """score.py's under-read check: a progress bar's refreshes are one value being updated, one loss line per bar."""
    sys.path.insert(0, str(ROOT / "benchmarks" / "real_runs"))
    try:
        import score
    finally:
        sys.path.pop(0)
    for name in ("keras3_fit_pipe.log", "keras3_fit_lines.log"):
        assert score.loss_line_count((KERAS / name).read_text(encoding="utf-8")) == 5
    assert score.loss_line_count((KERAS / "keras3_fit_killed.log").read_text(encoding="utf-8")) == 4
    assert score.loss_line_count((HERE / "keras2_nohup_ends_inside_epoch_bar.log").read_text(encoding="utf-8")) == 2
    assert score.loss_line_count("loss: 0.5\nloss: 0.4\n") == 2  # lines that are no bar count each
    callbacks = (ROOT / "tests" / "fixtures" / "text" / "keras3_callbacks.log").read_text(encoding="utf-8")
    headers = len(re.findall(r"(?m)^Epoch \d+/40$", callbacks))
    assert headers == 20 and score.loss_line_count(callbacks) == headers  # one an epoch: the callbacks' messages
    #                              printed into the bar ('Epoch 3: val_loss improved ..') do not end it
    finished = "5/5 [=====] - 1s - loss: 0.5 - val_loss: 0.6\n5/5 [=====] - 1s - loss: 0.4 - val_loss: 0.5\n"
    assert score.loss_line_count(finished) == 2  # an excerpt of finished bars without their headers: one an epoch
    assert score.loss_line_count("Epoch 0\n5/5 [=====] - 1s - loss: 0.5\nEpoch 1\n5/5 [=====] - 1s - loss: 0.4\n") == 2


# --- spaCy -----------------------------------------------------------------------------------------------------

def test_spacy_losses_dicts_python2_repr() -> None:
    run = _run(HERE / "spacy2_losses_dict_py2.log")
    steps, values = _xy(run, "ner loss")
    assert steps == [1, 2, 3] and values == [117.39830673843777, 9.619517890899863e-09, 5.403591185881967e-09]
    assert run.get("ner loss").split is Split.TRAIN


def test_spacy_losses_dict_with_a_label_and_several_components() -> None:
    run = read_text("Losses {'ner': 12.5, 'tagger': 3.0}\nLosses {'ner': 10.5, 'tagger': 2.0}\n", "train.log")
    assert _xy(run, "ner loss")[1] == [12.5, 10.5] and _xy(run, "tagger loss")[1] == [3.0, 2.0]


def test_spacy3_table() -> None:
    run = _run(HERE / "spacy3_train_table.log")
    assert run.get("ner loss").axis is Axis.STEP
    steps, values = _xy(run, "ner loss")
    assert steps == [0, 200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800]
    assert values == [26.50, 847.68, 267.65, 156.63, 134.12, 109.77, 52.13, 66.19, 24.16, 23.23]
    assert _xy(run, "tok2vec loss")[1][:3] == [0.0, 33.58, 70.88]
    for key in ("ents f1", "SCORE"):  # the dev set's scores
        assert run.get(key).split is Split.VAL
    assert _xy(run, "SCORE")[1][-1] == 0.57


def test_spacy2_table() -> None:
    run = _run(HERE / "spacy2_train_table.log")
    assert _xy(run, "dep loss") == ([0, 1, 2], [125910.684, 82290.664, 70896.668])
    assert _xy(run, "ner loss") == ([0, 1, 2], [7581.375, 3598.582, 2724.962])
    assert _xy(run, "ner f1")[1] == [82.067, 83.502, 85.235] and run.get("ner f1").split is Split.VAL
    assert run.get("tag accuracy").split is Split.VAL


def test_spacy2_0_tab_separated_header() -> None:
    """spaCy 2.0's header (https://github.com/explosion/spaCy/issues/2185): 'P.Loss'/'N.Loss' the parser's and
    the NER's losses, 'Itn.' the epoch."""
    names = tp.spacy_header("Itn.\tP.Loss\tN.Loss\tUAS\tNER P.\tNER R.\tNER F.\tTag %\tToken %")
    assert names == ["epoch", "parser loss", "ner loss", "UAS", "ner precision", "ner recall", "ner f1",
                     "tag accuracy", "token accuracy"]
    run = read_text("Itn.\tP.Loss\tN.Loss\tUAS\tNER P.\tNER R.\tNER F.\tTag %\tToken %\n"
                    "0\t0.000\t2011.234\t0.000\t45.123\t40.000\t42.400\t0.000\t100.000\n"
                    "1\t0.000\t1500.234\t0.000\t55.123\t50.000\t52.400\t0.000\t100.000\n", "train.log")
    assert _xy(run, "ner loss") == ([0, 1], [2011.234, 1500.234])


# --- rows of numbers alone, `key=value` epoch summaries ---------------------------------------------------------

def test_rows_of_bare_numbers_read_by_their_first_value_in_print_order() -> None:
    run = _run(HERE / "purine2_loss_acc_columns.log")
    steps, values = _xy(run, UNNAMED_LOSS)
    assert steps == list(range(1, 13))
    assert values[:3] == [2.411124, 2.542028, 2.302772] and values[-1] == 2.302580
    assert any("first value of each line of numbers alone" in w for w in run.warnings)


def test_rows_of_bare_numbers_beside_named_metrics_are_not_read() -> None:
    """Numbers alone in a log that names its metrics are something else (a printed vector, a table of results)."""
    run = read_text("0.12 0.55 0.91\nepoch 1 loss: 0.5\n0.13 0.56 0.92\nepoch 2 loss: 0.4\n", "fit.log")
    assert [s.key for s in run.series] == ["loss"]


def test_epoch_summary_assigning_each_split_its_loss() -> None:
    run = _run(HERE / "svoice_replayed_epoch_summaries.log")
    assert _xy(run, "train loss") == ([0, 1, 2], [-2.86717, -5.26632, -5.89136])
    assert _xy(run, "valid loss") == ([0, 1, 2], [-15.02999, -16.74150, -17.62505])
    assert run.get("valid loss").split is Split.VAL
    assert _xy(run, "Train Loss")[1] == [-6.02060, -5.54255, 1.48981]
    assert "best loss" not in {s.key for s in run.series}  # the best so far: a tracker


def test_split_assignment_without_a_counter_is_no_loss() -> None:
    """'train=50000 valid=10000' on a line without an epoch or step counter counts a dataset, not a loss."""
    with pytest.raises(ReadError):
        read_text("Dataset sizes: train=50000 valid=10000\n", "data.log")
    run = read_text("epoch 1 train=0.52 valid=0.61\nepoch 2 train=0.41 valid=0.58\n", "fit.log")
    assert _xy(run, "valid loss") == ([1, 2], [0.61, 0.58])
    assert math.isclose(run.get("train loss").values[-1], 0.41) and np.all(np.isfinite(run.get("train loss").values))


# --- counters the reader missed: a float total, an epoch's summary after its batch lines ---------------------------

def test_step_total_printed_as_a_float_is_a_step_counter() -> None:
    """'Step: [100/6220.0]' (a division's count): each line a step of its epoch, not all of them one epoch's prints."""
    run = _run(HERE / "convs2s_step_total_printed_as_float.log")
    assert run.get("Train Avg loss").axis is Axis.STEP
    steps, values = _xy(run, "Train Avg loss")
    assert steps[:5] == [100, 200, 300, 5400, 5500] and steps[5] > 5500  # epoch 2 numbered on
    assert values == [14.309, 13.189, 12.663, 8.664, 8.622, 6.309]
    assert _xy(run, "eval Avg loss") == ([5500], [6.804])


def test_epoch_summary_after_batch_lines_of_the_same_name_is_not_a_point() -> None:
    """'epoch: 1/10 batch 23/23 Train loss: 0.57' lines, then 'Train loss: 6.23' (the epoch's aggregate): the batch
    lines are the series; the aggregate, placed at the epoch's number, would go back over them and replace them."""
    run = _run(HERE / "epoch_batch_lines_then_summary.log")
    steps, values = _xy(run, "Train loss")
    assert len(steps) == 26 and steps == sorted(steps) and steps[22] == 2.0  # epoch 1's 23 batches, epoch 2's 3
    assert values[:2] == [0.698577, 92.348488] and 6.232891 not in values
    assert _xy(run, "Eval Acc (total)")[1] == [0.8812751913070679]
    assert any("2 value(s) printed without counters after an epoch's batch lines" in w for w in run.warnings)


def test_spacy3_table_cuts_long_column_names() -> None:
    """spaCy v3's ConsoleLogger upper-cases each column and cuts a name over 13 characters to 10 + '...'."""
    names = tp.spacy_header("E    #       LOSS TEXTC...  CATS_SCORE  SCORE ")
    assert names == ["epoch", "step", "textc loss", "cats score", "SCORE"]


def test_spacy3_logger_output_file_jsonl(tmp_path: Path) -> None:
    """ConsoleLogger's output_file: one compact JSON object per evaluation, the losses grouped by component (written
    here as spacy/training/loggers.py writes it, srsly.json_dumps of {epoch, step, losses, scores, score})."""
    p = tmp_path / "training_log.jsonl"
    p.write_text('{"epoch":0,"step":0,"losses":{"tok2vec":0.0,"ner":26.5},"scores":{"ents_f":0.73},"score":0.01}\n'
                 '{"epoch":0,"step":200,"losses":{"tok2vec":33.58,"ner":847.68},"scores":{"ents_f":10.88},'
                 '"score":0.11}\n', encoding="utf-8")
    run = _run(p)
    assert _xy(run, "ner loss") == ([0, 200], [26.5, 847.68])
    assert _xy(run, "tok2vec loss") == ([0, 200], [0.0, 33.58])


def test_split_assignment_beside_a_named_accuracy_is_not_read() -> None:
    """'train=0.93 val=0.91' in a log that prints accuracies too could be either: not read, with a warning."""
    run = read_text("epoch 1 train=0.52 valid=0.61 acc: 0.7\nepoch 2 train=0.41 valid=0.58 acc: 0.8\n", "fit.log")
    assert [s.key for s in run.series] == ["acc"]
    assert any("train=, valid= on epoch lines not read" in w for w in run.warnings)
