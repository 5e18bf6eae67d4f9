"""The only place that reads metric names: every real-world spelling -> (split, kind, primary).

Rules never look at a key; they ask a Run for (kind, split). Users can override any key with
``--map key=split:kind``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping

from . import probekeys
from .errors import UsageError
from .model import Kind, Split


@dataclass(frozen=True)
class NameInfo:
    split: Split
    kind: Kind
    primary: bool = True  # False for a loss component (loss_cls) or a secondary metric (top5)


_SPLIT_TOKENS: Mapping[str, Split] = {
    "train": Split.TRAIN, "training": Split.TRAIN, "tr": Split.TRAIN, "trn": Split.TRAIN,
    "val": Split.VAL, "valid": Split.VAL, "validation": Split.VAL, "vali": Split.VAL,
    "eval": Split.VAL, "evaluation": Split.VAL, "dev": Split.VAL, "validate": Split.VAL, "vl": Split.VAL,
    "test": Split.TEST, "testing": Split.TEST, "tst": Split.TEST, "holdout": Split.TEST,
}

_ACCURACY = {"acc", "accuracy", "top1", "acc1", "acc_top1", "top_1", "accu", "correct"}
_LOSS = {"loss", "losses", "nll", "objective", "xent", "crossentropy", "cross_entropy", "ce", "bce", "cost"}
_ERROR_RATE = {"err", "error", "errors", "error_rate", "err_rate", "top1_err", "top1err", "err1", "wrong"}
_ERROR = {"mae", "mse", "rmse", "mape", "msle", "perplexity", "ppl", "wer", "cer", "ter", "smape", "huber", "l1", "l2",
          "mean_absolute_error", "mean_squared_error", "root_mean_squared_error"}
_SCORE = {"f1", "f1_score", "fscore", "auc", "roc_auc", "auroc", "auprc", "ap", "precision", "recall", "map",
          "map50", "map50_95", "map_50", "iou", "miou", "dice", "bleu", "rouge", "rouge1", "rouge2", "rougel",
          "r2", "top5", "acc5", "top_5", "kappa", "mcc", "psnr", "ssim", "score", "exact_match", "em"}
_SCORE |= {"ap50", "ap75"}  # detectron2 COCO evaluator: bbox/AP50, segm/AP75
_SCORE |= {"mrr", "ndcg"}  # ranking: mean reciprocal rank, normalised discounted cumulative gain ('valid_ndcg@5')
# YOLOv10's results.csv: the box, class and distribution-focal loss of its one-to-many ('om') and one-to-one ('oo')
# heads ('train/box_om', 'val/dfl_oo'), the terms YOLOv8 names 'box_loss', 'cls_loss', 'dfl_loss'
_HEAD_LOSS = {f"{term}_{head}" for term in ("box", "cls", "dfl") for head in ("om", "oo")}
_LOSS |= {"objf"}  # Kaldi/k2 "objective function" (snowfall: "global average objf: 2.11 over 29888.0 frames")
_SCORE |= {"lrap"}  # label ranking average precision (multi-label; simpletransformers), not a learning rate
_LR = {"lr", "learning_rate", "learningrate", "lrate"}
_GRAD = {"grad_norm", "gradient_norm", "gnorm", "grad_norm_2", "total_norm", "grad_l2"}
_TIME = {"time", "runtime", "duration", "data_time", "eta", "eta_seconds", "seconds", "samples_per_second",
         "steps_per_second", "it_s", "throughput", "tokens_per_second", "step_time", "iter_time", "ms", "tps",
         "flos", "total_flos", "memory", "mem", "gpu_mem", "max_mem"}
_IGNORED = {"epoch", "epochs", "step", "steps", "global_step", "iter", "iteration", "batch", "hp_metric",
            "loss_scale", "scale", "num_tokens", "tokens", "samples", "num_input_tokens_seen", "wall_time"}
_SECONDARY = {"best", "min", "max", "ema", "smooth", "smoothed", "std", "var", "count"}
_RUNNING_BEST = {"best", "min", "max"}
# words that may qualify an error *rate* ('top-1 error', 'classification_err'); 'angle_error', 'mean_abs_error' or
# 'reconstruction_error' measure something else: lower is better, but they are not fractions of wrong answers
_RATE_WORDS = {"top", "top1", "top5", "rate", "classification", "class", "cls", "total", "overall", "final",
               "epoch", "step", "batch", "running", "avg", "average", "set"}

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_SPLITTER = re.compile(r"[^a-z0-9]+")


def tokens(key: str) -> list[str]:
    """'val/Loss_epoch' -> ['val', 'loss', 'epoch']; camelCase is split too."""
    key = re.sub(r"mAP", "map", key)  # detection metrics: 'mAP50' is one word, not 'm' + 'AP50'
    key = re.sub(r"IoU", "iou", key)  # segmentation: 'mIoU' is one word
    key = re.sub(r"(?<=[A-Z])(?=Loss(?![a-z]))", "_", key)  # a class name's acronym: 'CTCLoss', 'NLLLoss', 'SARLoss'
    toks = [t for t in _SPLITTER.split(_CAMEL.sub("_", key).lower()) if t]
    return [p for i, t in enumerate(toks) for p in _unglued(t, last=i == len(toks) - 1)]


# a loss word glued to the word before it or to an index after it, as a print names its terms with no separator
# ('Totalloss', 'CTCloss', 'L2loss', 'mloss0', 'loss1'): the same words as 'Total_loss', 'loss_1'. An index is split
# off only at the name's end: 'loss1/top-1' is the top-1 accuracy of the head named 'loss1' (GoogLeNet in Caffe)
_GLUED_LOSS = re.compile(r"([a-z0-9]*?)(loss)(\d*)")


def _unglued(tok: str, last: bool) -> list[str]:
    """The words of one token: 'totalloss' -> ['total', 'loss'], 'loss0' -> ['loss', '0']; others as they are."""
    if tok == "loss" or "loss" not in tok:
        return [tok]
    m = _GLUED_LOSS.fullmatch(tok)
    if m is None or (m.group(3) and not last):
        return [tok]
    return [t for t in m.groups() if t]


def _kind_of(toks: list[str]) -> tuple[Kind, bool] | None:
    """Find the kind in the tokens, also trying adjacent pairs ('learning rate', 'grad norm')."""
    joined = "_".join(toks)
    if joined in _IGNORED:
        return Kind.OTHER, False
    if joined in _ACCURACY:  # 'top-1' (mmcls) is two tokens
        return Kind.ACCURACY, True
    if joined in _HEAD_LOSS:
        return Kind.LOSS, False
    for table, kind in ((_LR, Kind.LR), (_GRAD, Kind.GRAD_NORM), (_TIME, Kind.TIME)):
        if joined in table or any(f"{a}_{b}" in table for a, b in zip(toks, toks[1:])):
            return kind, True
    for bigram in (f"{a}_{b}" for a, b in zip(toks, toks[1:])):
        if bigram in _ERROR_RATE:
            return Kind.ERROR_RATE, True
        if bigram in _ERROR or bigram in {"mean_absolute", "mean_squared"}:
            return Kind.ERROR, True
        if bigram in ("loss_scale", "loss_scaler", "loss_weight"):  # a loss scale or weight is a setting, not a loss
            return Kind.OTHER, False
        if bigram in _SCORE:
            return Kind.SCORE, True
    found: list[tuple[Kind, int]] = []
    for i, t in enumerate(toks):
        if t in _LOSS:
            found.append((Kind.LOSS, i))
        elif t in _ACCURACY or (t.startswith("acc") and t[3:].isdigit() and t[3:] == "1"):
            found.append((Kind.ACCURACY, i))
        elif t in _ERROR_RATE:
            found.append((Kind.ERROR_RATE if _is_rate(toks, i) else Kind.ERROR, i))
        elif t in _ERROR:
            found.append((Kind.ERROR, i))
        elif t in _SCORE or re.fullmatch(r"map\d*", t):
            found.append((Kind.SCORE, i))
        elif t in _LR or t.startswith("lr"):
            found.append((Kind.LR, i))
        elif t in _TIME:
            found.append((Kind.TIME, i))
        elif t == "momentum":
            found.append((Kind.MOMENTUM, i))
    if not found:
        return None
    kind, idx = found[0]
    if kind is Kind.LOSS and any(k is Kind.LOSS for k, _ in found[1:]):
        kind, idx = Kind.LOSS, found[0][1]
    if kind is Kind.ERROR:  # 'MAE Train Loss', 'mse_loss': the loss, computed as a regression error
        kind, idx = next(((k, i) for k, i in found if k is Kind.LOSS), (kind, idx))
    return kind, _is_primary(kind, toks, idx)


def _is_rate(toks: list[str], idx: int) -> bool:
    """'error' is a rate alone or with rate words ('top-1 error'); 'angle_error' is an error in degrees."""
    return all(t in _RATE_WORDS or t.isdigit() for i, t in enumerate(toks) if i != idx)


def _is_primary(kind: Kind, toks: list[str], idx: int) -> bool:
    """A loss is primary when nothing but split/stat words qualify it: 'loss', 'total_loss', 'avg loss'."""
    rest = [t for i, t in enumerate(toks) if i != idx and t not in _SPLIT_TOKENS]
    neutral = {"total", "avg", "average", "mean", "epoch", "step", "running", "batch", "overall", "sum", "set",
               "categorical", "sparse", "binary", "crossentropy", "cross", "entropy", "accuracy", "acc", "loss",
               "top1", "per", "data", "dataset", "model", "main", "on", "the", "of", "all", "final", "cur",
               "current", "epoch_avg", "value", "metric", "metrics", "classification", "cls_acc", "n"}
    if any(t in _SECONDARY for t in rest):
        return False
    if kind in (Kind.LOSS, Kind.ACCURACY):
        return all(t in neutral or t.isdigit() or t.startswith("dataloader") or t == "idx" for t in rest)
    return True


def classify(key: str, overrides: Mapping[str, NameInfo] | None = None) -> NameInfo:
    """Split, kind and primary flag for a metric key as logged."""
    if overrides and key in overrides:
        return overrides[key]
    probe = probekeys.parse(key)  # 'grad_norm/fc1', 'dead_units/relu1': written by lossdoctor's probes
    if probe is not None:
        return NameInfo(Split.NONE, probe.kind, primary=not probe.per_layer and probe.rank is None)
    toks = tokens(key)
    split = Split.NONE
    for t in toks:
        if t in _SPLIT_TOKENS:
            split = _SPLIT_TOKENS[t]
            break
    else:
        if toks and toks[0].startswith("val") and len(toks[0]) > 3:  # 'valloss', 'valacc'
            split = Split.VAL
            toks = [toks[0][3:]] + toks[1:]
    kind_primary = _kind_of([t for t in toks if t not in _SPLIT_TOKENS])
    if kind_primary is None:
        return NameInfo(split if split is not Split.NONE else Split.NONE, Kind.OTHER, False)
    kind, primary = kind_primary
    if split is Split.NONE and kind in (Kind.LOSS, Kind.ACCURACY, Kind.ERROR_RATE, Kind.ERROR, Kind.SCORE):
        split = Split.TRAIN  # Keras and HF name the training metric plainly: 'loss', 'accuracy'
    return NameInfo(split, kind, primary)


def names_split(key: str) -> bool:
    """True when the key itself says its split ('val_loss', 'loss/train', 'valacc'), not only by default."""
    toks = tokens(key)
    return any(t in _SPLIT_TOKENS for t in toks) or bool(toks and toks[0].startswith("val") and len(toks[0]) > 3)


def running_best(key: str) -> bool:
    """True for a best-so-far column ('best_val_acc', 'val_acc_max'): monotone by construction, it always "holds its
    best at the last evaluation", so it cannot show that the metric itself still improves."""
    return any(t in _RUNNING_BEST for t in tokens(key))


def one_batch(key: str) -> bool:
    """True for the value of one batch ('Batch Loss', 'batch_loss'), not a mean over batches ('avg batch loss')."""
    toks = tokens(key)
    return "batch" in toks and not any(t in ("avg", "average", "mean", "running", "epoch") for t in toks)


def parse_overrides(items: Iterable[str]) -> dict[str, NameInfo]:
    """Parse ``key=split:kind`` items given with --map."""
    out: dict[str, NameInfo] = {}
    for item in items:
        key, sep, rhs = item.rpartition("=")
        split_s, colon, kind_s = rhs.partition(":")
        try:
            if not sep or not colon or not key:
                raise ValueError
            out[key] = NameInfo(Split(split_s.strip().lower()), Kind(kind_s.strip().lower()))
        except ValueError:
            splits = ", ".join(s.value for s in Split)
            kinds = ", ".join(k.value for k in Kind)
            raise UsageError(f"--map {item!r}: expected key=split:kind with split in ({splits}) and kind in ({kinds})")
    return out
