"""Formats of real pasted logs the text reader used to drop or refuse (issue 7, class 7): NaN lines with no counter,
PyTorch tensor reprs, BigDL 'Loss is x', a bare leading epoch number, one metric per line, abbreviated keys ('Val.'),
and model cards kept as .md. Every fixture is a verbatim excerpt from the source named in its first line (or, for the
.md card, in tests/fixtures/text/public/README.md)."""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from lossdoctor.model import Axis, Kind, Run, Split
from lossdoctor.readers import read
from lossdoctor.readers.text_log import TextLogReader

PUBLIC = Path(__file__).resolve().parents[1] / "fixtures" / "text" / "public"
T, V, X = Split.TRAIN, Split.VAL, Split.TEST
E, S = Axis.EPOCH, Axis.STEP
L, A, SC = Kind.LOSS, Kind.ACCURACY, Kind.SCORE
NAN = math.nan

# fixture -> {key: (split, kind, axis, steps, values)}; the key set must match exactly (no bogus series)
CASES: dict[str, dict[str, tuple]] = {
    # a run that died: the 'train loss:nan' lines carry no digit once the logging prefix is cut, yet are points
    "logging_nan_no_step_seqtag47.log": {
        "train loss": (T, L, E, list(range(1, 11)), [1.10886, 1.53702, 0.866067, 1.32708, 1.20029] + [NAN] * 5),
        "acc": (T, A, E, [10], [0.74]),  # printed after the last loss, with no counter: the same record
        "f1": (T, SC, E, [10], [0.02])},
    "torch_tensor_repr_saqibns_blog.log": {  # 'Loss: tensor(0.7260, grad_fn=<BinaryCrossEntropyBackward>)'
        "Loss": (T, L, E, list(range(1, 11)),
                 [0.726, 0.7048, 0.6972, 0.6946, 0.6936, 0.6933, 0.6932, 0.6932, 0.6932, 0.6932])},
    "bigdl_loss_is_orca_cifar10.log": {  # '[Epoch 2 .../50000][Iteration 24420] ... Loss is 0.82751834.'
        "Loss": (T, L, S, [24420], [0.82751834])},
    "one_per_line_orca_cifar10.log": {  # 'Accuracy : tensor(0.5378)' then 'val_loss : 1.31': one record, not two;
        # an evaluate() result: its accuracy beside the held-out loss, no training loss printed (readers29)
        "Accuracy": (V, A, E, [1], [0.5378]),
        "val_loss": (V, L, E, [1], [1.3078322240829467])},
    "lead_counter_tabs_handson_ml_11.log": {  # '0\tValidation loss: ...\tBest loss: ...': the running best is no series
        "Validation loss": (V, L, E, list(range(24)),
                            [0.116407, 0.180534, 0.227535, 0.107346, 0.302668, 1.631054, 1.635262, 1.6712, 1.695277,
                             1.744607, 1.629857, 1.810803, 1.675703, 1.633233, 1.652905, 1.635937, 1.718919, 1.682458,
                             1.675366, 1.6458, 1.722334, 1.656418, 1.643529, 1.644233]),
        # the notebook prints acc_val: a line opened by 'Validation loss' names the split of the metrics after it
        "Validation Accuracy": (V, A, E, list(range(24)), None),
        "test accuracy": (X, A, E, [23], [0.9726])},  # 'Final test accuracy: 97.26%' after training
    "lead_counter_digits_handson_ml_11.log": {  # '0 Train loss: 0.69103277' / '0 Test accuracy: 0.542'
        "Train loss": (T, L, E, list(range(13)),
                       [0.69103277, 0.6035354, 0.54946035, 0.47047246, 0.4060757, 0.38308156, 0.39047274, 0.3390794,
                        0.3210671, 0.31792685, 0.24494292, 0.2929235, 0.23225449]),
        "Test accuracy": (X, A, E, [0, 5, 10], [0.542, 0.824, 0.8881])},
    "val_abbrev_bentrevett_sentiment1.log": {  # '\t Val. Loss: 0.696 |  Val. Acc: 50.17%' is validation, not training
        "Train Loss": (T, L, E, [1, 2, 3, 4, 5], [0.694, 0.693, 0.693, 0.693, 0.693]),
        "Train Acc": (T, A, E, [1, 2, 3, 4, 5], [0.5012, 0.4972, 0.5022, 0.4994, 0.5007]),
        "Val. Loss": (V, L, E, [1, 2, 3, 4, 5], [0.696] * 5),
        "Val. Acc": (V, A, E, [1, 2, 3, 4, 5], [0.5017, 0.5101, 0.5087, 0.4991, 0.5100])},
    "hf_model_card_cyberbullying_es.md": {  # a model card kept as README.md: its 'Training results' table
        "Training Loss": (T, L, S, [22227, 44454, 66681, 88908], [0.1512, 0.1253, 0.0973, 0.0658]),
        "Accuracy": (V, A, S, [22227, 44454, 66681, 88908], [0.9501, 0.9567, 0.9594, 0.9607]),
        "Validation Loss": (V, L, S, [22227, 44454, 66681, 88908], [0.1418, 0.1499, 0.1397, 0.1657])},
    "header_line_values_bert_855.log": {  # the names on a starred line, the values on the next; 'valid_ac' names nothing
        "train_loss": (T, L, E, [1, 2, 3], [5.200893470219204, 5.085730476038797, 5.019492668764932]),
        "train_acc": (T, A, E, [1, 2, 3], [0.02790178544819355, 0.02287946455180645, 0.02901785634458065]),  # percent
        "valid_loss": (V, L, E, [1, 2, 3], [4.977107011354887, 4.954357807452862, 4.961122549497164])},
}


def _read(name: str) -> Run:
    path = PUBLIC / name
    assert TextLogReader().can_read(path)
    runs = read(path)
    assert len(runs) == 1 and runs[0].format == "text"
    return runs[0]


def assert_points(run: Run, expected: dict, value_atol: float = 0.0) -> None:
    """Exactly these series, each with its split, kind, axis, steps and (unless None) values."""
    assert {s.key for s in run.series} == set(expected)
    for key, (split, kind, axis, steps, values) in expected.items():
        s = run.get(key)
        assert s is not None
        assert (s.split, s.kind, s.axis) == (split, kind, axis), key
        np.testing.assert_allclose(s.steps, steps, rtol=0, atol=1e-9, err_msg=key)
        if values is not None:
            np.testing.assert_allclose(s.values, values, rtol=1e-9, atol=value_atol, equal_nan=True, err_msg=key)


@pytest.mark.parametrize("name", sorted(CASES))
def test_reads_exact_points(name: str) -> None:
    assert_points(_read(name), CASES[name])


def test_nan_lines_without_counters_are_kept() -> None:
    """The run died: the five NaN values are points at the end of the loss, so nothing reads it as healthy."""
    loss = _read("logging_nan_no_step_seqtag47.log").get("train loss")
    assert np.isnan(loss.values[-5:]).all() and np.isfinite(loss.values[:5]).all()


def test_a_markdown_note_without_training_words_is_not_claimed(tmp_path: Path) -> None:
    note = tmp_path / "CHANGELOG.md"
    note.write_text("# Changes\n\n- 1.2.0: faster startup\n- 1.1.0: new icons\n", encoding="utf-8")
    assert not TextLogReader().can_read(note)


def test_milestone_lists_are_no_counter_and_epoch_lines_keep_their_own_x() -> None:
    """mmcls prints its config first ('warmup_iters=3000', 'step=[20, 30, 35, 40, 45]'), then 'Epoch [1][10/586] ...
    loss: 4.3471'. The milestone list is no step counter, and a line that counts itself (epoch 1 + 10/586) keeps its
    own x instead of a step printed earlier: all four losses are points (they used to collapse onto one)."""
    run = _read("mmcls_config_milestones_fscil.log")
    loss = run.get("loss")
    assert loss is not None and (loss.split, loss.kind, loss.axis) == (T, L, E)
    np.testing.assert_allclose(loss.steps, [1 + 10 / 586, 1 + 20 / 586, 1 + 30 / 586, 1 + 40 / 586], rtol=1e-12)
    assert loss.values.tolist() == [4.3471, 4.0761, 3.9527, 3.8298]


def test_a_validate_heading_names_the_split_of_the_lines_under_it() -> None:
    """Distiller/ai8x: training batch lines 'Epoch: [0][100/500]  Overall Loss 1.77  Objective Loss 1.77', then
    '--- validate (epoch=0)---' and 'Epoch: [0][100/100]  Loss 0.978' (validation), '==> Best [Top1: ...]' (the best so
    far: no point), and 'Training epoch: ...' before the next epoch's training lines."""
    run = _read("distiller_validate_section_ai8x.log")
    assert {s.key for s in run.series} == {"Overall Loss", "Objective Loss", "Top1", "Top5", "LR", "val Loss",
                                           "val Top1", "val Top5"}
    train = run.get("Overall Loss")
    assert (train.split, train.kind) == (T, L)
    np.testing.assert_allclose(train.steps, [0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6, 1.8, 2.0], rtol=1e-12)
    assert train.values.tolist() == [1.774578, 1.572352, 1.442861, 1.354618, 1.28074, 0.92132, 0.900702, 0.880748,
                                     0.859823, 0.842317]
    assert run.get("Objective Loss").values.tolist() == train.values.tolist()
    val = run.get("val Loss")
    assert (val.split, val.kind) == (V, L)
    assert val.steps.tolist() == [1.0] and val.values.tolist() == [0.978]  # validated at the end of epoch 0
    assert run.get("val Top1").values.tolist() == [0.6523]  # 65.23 %; the '==> Best' line added nothing
