"""names.py maps real-world metric spellings (as real tools write them) to split, kind and primary."""
from __future__ import annotations

import pytest

from lossdoctor.errors import UsageError
from lossdoctor.model import Kind, Split
from lossdoctor.names import NameInfo, classify, parse_overrides

T, V, X, N = Split.TRAIN, Split.VAL, Split.TEST, Split.NONE

CASES = [
    # Keras History / CSVLogger
    ("loss", T, Kind.LOSS, True), ("val_loss", V, Kind.LOSS, True), ("acc", T, Kind.ACCURACY, True),
    ("val_acc", V, Kind.ACCURACY, True), ("accuracy", T, Kind.ACCURACY, True),
    ("val_accuracy", V, Kind.ACCURACY, True), ("categorical_accuracy", T, Kind.ACCURACY, True),
    ("val_sparse_categorical_accuracy", V, Kind.ACCURACY, True), ("binary_accuracy", T, Kind.ACCURACY, True),
    ("learning_rate", N, Kind.LR, True), ("lr", N, Kind.LR, True), ("mae", T, Kind.ERROR, True),
    ("val_mean_absolute_error", V, Kind.ERROR, True),
    # Keras TensorBoard callback (run/train, run/validation)
    ("train/epoch_loss", T, Kind.LOSS, True), ("validation/epoch_loss", V, Kind.LOSS, True),
    ("validation/epoch_accuracy", V, Kind.ACCURACY, True), ("train/epoch_learning_rate", T, Kind.LR, True),
    # PyTorch SummaryWriter conventions
    ("loss/train", T, Kind.LOSS, True), ("Loss/val", V, Kind.LOSS, True), ("train/loss", T, Kind.LOSS, True),
    ("Accuracy/test", X, Kind.ACCURACY, True),
    # Lightning CSVLogger
    ("train_loss_step", T, Kind.LOSS, True), ("train_loss_epoch", T, Kind.LOSS, True),
    ("val_acc", V, Kind.ACCURACY, True), ("lr-Adam", N, Kind.LR, True), ("lr-SGD/pg1", N, Kind.LR, True),
    ("hp_metric", N, Kind.OTHER, False), ("epoch", N, Kind.OTHER, False), ("step", N, Kind.OTHER, False),
    ("val_loss/dataloader_idx_0", V, Kind.LOSS, True),
    # Hugging Face Trainer
    ("eval_loss", V, Kind.LOSS, True), ("eval_accuracy", V, Kind.ACCURACY, True), ("grad_norm", N, Kind.GRAD_NORM, True),
    ("eval_runtime", V, Kind.TIME, True), ("eval_samples_per_second", V, Kind.TIME, True), ("train/learning_rate", T, Kind.LR, True),
    ("eval/loss", V, Kind.LOSS, True),
    # Text logs
    ("Train Loss", T, Kind.LOSS, True), ("Val Loss", V, Kind.LOSS, True), ("Val Acc", V, Kind.ACCURACY, True),
    ("vali loss", V, Kind.LOSS, True), ("Average Loss", T, Kind.LOSS, True), ("test acc", X, Kind.ACCURACY, True),
    ("validation_loss", V, Kind.LOSS, True), ("valid_loss", V, Kind.LOSS, True), ("test_loss", X, Kind.LOSS, True),
    ("running_loss", T, Kind.LOSS, True), ("avg_loss", T, Kind.LOSS, True), ("valloss", V, Kind.LOSS, True),
    # timm, Ultralytics, detectron2, mmengine
    ("eval_top1", V, Kind.ACCURACY, True), ("eval_top5", V, Kind.SCORE, True), ("top1", T, Kind.ACCURACY, True),
    ("train/box_loss", T, Kind.LOSS, False), ("val/cls_loss", V, Kind.LOSS, False),
    ("metrics/mAP50(B)", T, Kind.SCORE, True), ("x/lr0", N, Kind.LR, True), ("LRAP", T, Kind.SCORE, True), ("lr/pg0", N, Kind.LR, True),
    ("total_loss", T, Kind.LOSS, True), ("loss_cls", T, Kind.LOSS, False), ("loss_box_reg", T, Kind.LOSS, False),
    ("data_time", N, Kind.TIME, True), ("fast_rcnn/cls_accuracy", T, Kind.ACCURACY, False),
    # error rates and other metrics
    ("error_rate", T, Kind.ERROR_RATE, True), ("val_error", V, Kind.ERROR_RATE, True),
    ("top1_err", T, Kind.ERROR_RATE, True), ("val_f1", V, Kind.SCORE, True), ("eval_auc", V, Kind.SCORE, True),
    ("perplexity", T, Kind.ERROR, True), ("val_ppl", V, Kind.ERROR, True),
    ("error", T, Kind.ERROR_RATE, True), ("err", T, Kind.ERROR_RATE, True), ("top-1 error", T, Kind.ERROR_RATE, True),
    ("classification_error", T, Kind.ERROR_RATE, True), ("test error rate", X, Kind.ERROR_RATE, True),
    # an 'error' that measures something else is lower-is-better, never a fraction of wrong answers (RotNet: degrees)
    ("angle_error", T, Kind.ERROR, True), ("val_angle_error", V, Kind.ERROR, True),
    ("mean_abs_error", T, Kind.ERROR, True), ("reconstruction_error", T, Kind.ERROR, True),
    ("wer", T, Kind.ERROR, True), ("cer", T, Kind.ERROR, True),  # can exceed 1: not rescaled as a percentage
    # text logs: "Valid Loss:0.57", gluon-nlp "Loss span/answer/total=...", "Time cost=90.67"
    ("Valid Loss", V, Kind.LOSS, True), ("Loss total", T, Kind.LOSS, True), ("Loss span", T, Kind.LOSS, False),
    ("Time cost", N, Kind.TIME, True), ("time_cost", N, Kind.TIME, True),
    # nanoGPT and others
    ("mfu", N, Kind.OTHER, False), ("loss_scale", N, Kind.OTHER, False), ("gradient_norm", N, Kind.GRAD_NORM, True),
    ("momentum", N, Kind.MOMENTUM, True), ("best_val_loss", V, Kind.LOSS, False), ("val_loss_ema", V, Kind.LOSS, False),
]


@pytest.mark.parametrize("key,split,kind,primary", CASES, ids=[c[0] for c in CASES])
def test_real_names(key: str, split: Split, kind: Kind, primary: bool) -> None:
    info = classify(key)
    assert (info.split, info.kind) == (split, kind)
    if kind in (Kind.LOSS, Kind.ACCURACY):
        assert info.primary is primary


def test_override_wins() -> None:
    overrides = parse_overrides(["myloss=train:loss", "weird=val:accuracy"])
    assert classify("myloss", overrides) == NameInfo(Split.TRAIN, Kind.LOSS)
    assert classify("weird", overrides) == NameInfo(Split.VAL, Kind.ACCURACY)


@pytest.mark.parametrize("bad", ["nolhs", "k=train", "k=bogus:loss", "k=train:bogus", "=train:loss"])
def test_bad_override(bad: str) -> None:
    with pytest.raises(UsageError, match="expected key=split:kind"):
        parse_overrides([bad])
