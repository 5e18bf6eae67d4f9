"""Line-level patterns of training stdout: what a metric, an epoch/step counter, a table or noise looks like.

Everything here works on one already-split segment of text (a line, or one `\\r` update of a progress bar)
and returns plain values; `text_log.py` keeps the state (which epoch/step we are in) and builds the Run.
All regexes are compiled once, at import, and do no per-line work beyond a few searches.
"""
from __future__ import annotations

import ast
import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache

from ..model import Kind, Split
from ..names import NameInfo, names_split, tokens
from ..names import classify as _classify

# ANSI colour/cursor codes (Keras 3 bold/green bars, rich, tqdm) and other terminal escapes
ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")

# Prefixes added by loggers, stripped before reading the message:
#   Python logging  "2024-01-02 10:11:12,345 - train - INFO - ", hydra "[2024-01-02 10:11:12,345][train][INFO] - ",
#                   "INFO:root:", "INFO - "
#   glog/absl/Caffe "I0102 10:11:12.345678 12345 train.py:42] "
#   nanoGPT forks   "2023-03-22 09:30:39 "
_TS = r"\[?(?:\d{4}[-/]\d\d[-/]\d\d|\d\d/\d\d/\d{4})[ T_]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?\]?"
# (the second form: the month first, as transformers' example scripts log, '03/12/2024 11:24:33 - INFO - __main__')
_LEVEL = r"(?:DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|NOTICE)"
PREFIXES = re.compile(
    r"^\s*(?:>\s*)*(?:"  # a markdown quote ("> ") from a pasted forum post, then
    r"[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+\s+\d+\s+[\w.\-/]+:\d+\]\s?"  # glog / absl
    rf"|{_LEVEL}:[\w.\-]*:(?:\d\d:\d\d:\d\d\s)?"  # logging.basicConfig default "INFO:root:", GluonNLP's "+%H:%M:%S "
    rf"|(?:{_TS}\s*(?:[-|:]\s*)?)?(?:\[[\w.\-]+\]\s*|[\w.\-]+\s*[-|:]\s*)?\[?{_LEVEL}\]?\s*(?:[-|:]\s*)?"  # logging
    r"(?:(?:__main__|[A-Za-z_]\w*(?:\.\w+)+)[ \t]+-[ \t]+)?"  # and the logger's name after it: '- INFO - __main__ - '
    rf"|\[[ \t]*{_LEVEL}[ \t]*[:|][ \t]*{_TS}(?:[ \t]*\])?[ \t]*(?:-[ \t]*)?"  # WeNet/WeSpeaker's '[ INFO : time ] - '
    rf"|{_TS}\s*(?:[-|:]\s*)?"  # a bare timestamp
    r"|\[?[ \t]?(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}[ \t]?\]?[ \t]*"  # time.ctime()
    r"|\d\d:\d\d:\d\d(?:[.,]\d+)?(?=[ \t]*[A-Za-z])[ \t]*(?:[-|]\s*)?"  # a clock time, maybe glued: '00:43:58train Loss:'
    r")"
)

# Messages that Keras callbacks print next to (or glued into) the progress bar: never metric points.
CALLBACK = re.compile(
    r"(?<![\w/.])[\w/.]+ improved from|(?<![\w/.])[\w/.]+ did not improve|(?:finished )?saving model to|early stopping"
    r"|ReduceLROnPlateau|reducing learning rate|Restoring model weights|LearningRateScheduler setting"
    r"|Invalid loss, terminating|Batch \d+: Invalid loss",
    re.IGNORECASE,
)
EARLY_STOPPING = re.compile(r"(?i)\bearly[ _]stopping\b")  # Keras 'Epoch 00018: early stopping' ends a fit()
CALLBACK_EPOCH = re.compile(r"Epoch\s+\d+\s*:\s*$", re.IGNORECASE)  # "Epoch 00005: " before the message

_NUM = r"[-+]?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?%?|[-+]?(?:nan|inf(?:inity)?)\b"
# a pair's value may also be a count "9890/10000" (pytorch/examples: "Accuracy: 9890/10000 (99%)")
_VAL = r"\d+/\d+(?![\d.])|" + _NUM
_END = r"(?![\w]|[.:/]\d)"  # not a prefix of '0.5.1', a clock time '12:30' or '0.77/0.18'
_WORD = r"[A-Za-z][\w\-]*(?:[./][A-Za-z_]\w*)*(?:@\d{1,4}(?![\w@]))?"  # a cutoff: 'valid_recall@1', 'ndcg@5'

# "key: value" / "key:value" (key may be up to four words: "Val Acc", "test error rate"); "key = value" /
# "key=value" (up to two words: "Val loss=0.5", "Time cost=90.67" is a time, not a loss named 'cost')
# a split or aggregate word of a key may be abbreviated with a period ("Val. Loss: 0.409", "Avg. loss: 0.92"); any
# other word ending in '.' ends a sentence ("time_cost: 1767.86 s. train_loss: 0.28")
_ABBR = rf"(?:(?:val|valid|train|trn|test|tst|eval|dev|avg|ave|mean)\.(?= [A-Za-z])|(?:acc|err|avg)\.(?=:)|{_WORD})"
# a word in parentheses may qualify the name before its colon ('Eval Acc (total): 0.881')
PAIR_COLON = re.compile(rf"(?<![\w./])({_ABBR}(?: {_ABBR}){{0,3}}(?: \([A-Za-z]{{1,12}}\))?)['\"]?\s*:\s*({_VAL}){_END}",
                        re.IGNORECASE)  # a quoted key too: "{'classification_error_evaluator': 0.75}" after text
PAIR_EQUAL = re.compile(rf"(?<![\w./])({_WORD}(?: {_WORD})?(?:\([A-Za-z]\))?)\s*=\s*({_VAL}){_END}", re.IGNORECASE)
# "key value" without a separator ("loss 0.41", "train loss 2.1", pandas Series "loss      1.356");
# kept only for known metric names; the key may end in an abbreviation's period ('Training Acc. 0.106')
PAIR_SPACE = re.compile(rf"(?<![\w./:=])({_WORD}(?: {_WORD})?)\.?[ \t]+({_NUM}){_END}", re.IGNORECASE)
# "key is value" (BigDL "Loss is 0.742.", "Top1Accuracy is ..."); kept only for known metric names, like PAIR_SPACE
# (MindSpore's LossMonitor pads the value: 'epoch: 1 step: 27, loss is  0.366'; the spaces around 'is' are any run)
PAIR_IS = re.compile(rf"(?<![\w./:=])({_WORD}(?: {_WORD})?)[ \t]+is[ \t]+({_NUM}){_END}", re.IGNORECASE)
# one value per slash-joined name: gluon-nlp "Loss span/answer/total=0.77/0.18/0.95", "train/val loss: 0.5/0.6"
PAIR_SLASH = re.compile(rf"(?<![\w./])(?:({_WORD}) )?([A-Za-z]\w*(?:/[A-Za-z]\w*)+)(?: ({_WORD}))?\s*[=:]\s*"
                        rf"((?:{_NUM})(?:/(?:{_NUM}))+){_END}", re.IGNORECASE)

# A split heading that applies to the keys after it: "Test set: Average loss: 0.03", "[Val] loss=0.4", "Eval | acc 0.9",
# or a split word before a counter (blanked to _GAP by then): "Val epoch 0 has acc 0.249 and loss 1.386". Not
# 'Train' there: unqualified keys are training ones already, and pytorch/examples' "Train Epoch: 1" names no split.
# A results heading before the counter names its split, 'Training' too: PyTorch-Ignite's "Training Results - Epoch: 1
# Avg loss: 0.30" (the training set evaluated) and "Validation Results - Epoch: 1 Avg loss: 0.28" share their keys;
# A split word before a dash or two: 'Epoch [1/2] Eval - loss: 0.6, acc: 0.7' (beside 'Epoch [1/2] Train - loss: ..'),
# TwinNet's 'valid -- nll: 93.42' then 'test -- nll: 92.85' after each epoch's training lines.
# Megatron-LM's " validation loss at iteration 100 | lm loss value: 3.4E+00 | lm loss PPL: 29.9 |" too (and its
# "validation loss at the end of training for val data | ..."; a split word later in it, '.. on test set |', wins).
_GAP = " ; "
SPLIT_HEADING = re.compile(r"(?<![\w.])(?:(train(?:ing)?|val(?:id(?:ation)?)?|eval(?:uation|ution)?|test(?:ing)?|dev)"
                           r"(?:\s+set|\s+summary|\s+results?|\s+data(?:set)?)?"
                           r"\s*(?::(?!\s*[-+.\d])|[@*]?\]|\||(?<=\s)--?(?=[ \t]+[A-Za-z]))"
                           r"|(val(?:id(?:ation)?)?|eval(?:uation)?|test(?:ing)?|dev)(?:(?:[ \t]+results?[ \t]*-?)?(?=\s*;)"
                           r"|[ \t]+loss[ \t]+at\b[^|;:\n]{0,80}?(?=\s*[;|]))"
                           r"|(train(?:ing)?)[ \t]+results?[ \t]*-?(?=\s*;))", re.IGNORECASE)
# (a mark may close the split's tag: nsfw_data_scrapper's '[Val@] Epoch: 7/90, EpochAcc: 0.8916')
# (a U-Net's ignite loop tags its lines '[TRAIN DATA] avg. loss: 0.77', '[VALID DATA] ..', '[TEST  DATA] ..')
_SPLIT_WORDS = frozenset({"train", "training", "tr", "trn", "val", "valid", "validation", "vali", "vl", "eval",
                          "evaluation", "dev", "validate", "test", "testing", "tst", "holdout"})
SPLIT_WORDS = _SPLIT_WORDS  # the words that name a split, for code outside this module

# Epoch / step counters: "Epoch 3/10", "Epoch [12/50]", "epoch: 3", "[Epoch 3]", "iter 100", "Iteration 100,",
# "step 250:", "global_step=1000", "Step [100/600]", torchvision "Epoch: [0]  [10/60]". A dash set off by spaces separates
# the word from its number too: "EPOCH - 3" (a notebook's print('EPOCH -', epoch) above its tqdm bar).
MARKER = re.compile(
    r"(?<![\w.])(?:train(?:ing)?_(?=(?:iteration|iter|step|batch)\b))?(?P<word>epoch|iteration|iter|global[_ ]step|step|batch(?:_id|_idx)?)s?\b\s*(?:[#:=,]\s*|-[ \t]+)?(?P<open>[\[(])?\s*"
    r"(?P<n>\d{1,18})(?:\s*/\s*(?P<total>\d{1,18})(?:\.\d{1,6}(?=\s*[\])]))?)?\s*(?(open)[\])]|[\])]?)(?![\w%]|\.\d|/s)",
    # "Epoch#107." ends a sentence; a bracket opened before the number must close after it: 'step=[20, 30, 35]' is a
    # list of milestones, no counter; a total printed as a float, 'Step: [100/6220.0]' (a division's count), is one
    re.IGNORECASE,
)
# after an epoch counter: torchvision "Epoch: [0]  [10/60]", pytorch/examples "Train Epoch: 1 [2560/60000 (4%)]"
BATCH_BRACKET = re.compile(r"\s*[,:]?\s*\[\s*(\d{1,18})\s*/\s*(\d{1,18})\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?\]")
# the same in parentheses, minimind "Epoch:[1/1](100/44160), loss: 7.45"
BATCH_PAREN = re.compile(r"\s*[,:]?\s*\(\s*(\d{1,18})\s*/\s*(\d{1,18})\s*\)")
# after a comma, up to the field separator: OpenNMT-py "Epoch  1,    50/ 1000; acc:   3.81; ppl: 6325.42; xent: 8.75"
BATCH_COMMA = re.compile(r"[ \t]*,[ \t]*(\d{1,18})[ \t]*/[ \t]*(\d{1,18})(?=[ \t]*;)")

# after an epoch counter: a tqdm bar (Lightning's progress bar) "Epoch 0:  14%|██▍     | 100/704 [00:44<04:29, ..."
TQDM_COUNT = re.compile(r"\s*:?\s*\d+%\|[^|]*\|\s*(\d+)/(\d+)(?=\s*\[)")

# A Keras progress line: "10/10 ━━━ 0s 5ms/step - ...", "15/15 - 2s - ...", "1562/1562 [=====] - 484s - ..."
KERAS_BAR = re.compile(r"^\s*(\d+)/(\d+)\s+(?:\[[=>.]*\]|[━─]+|-\s)")

# Caffe: "Train net output #0: loss = 0.67 (* 1 = 0.67 loss)", "Test net output #1: accuracy = 0.5"
# (a blob's name may hold a 'word: ' prefix and a percent: "Train net output #0: loss: 50%-fire-rate = 0.0035")
CAFFE_OUTPUT = re.compile(r"\b(Train|Test) net output #\d+:\s*((?:[A-Za-z][\w\-]*:[ \t]+)?[\w/.%\-]+)\s*=\s*("
                          + _NUM + r")", re.IGNORECASE)

# HF Trainer `print(logs)`: "{'loss': '0.6941', 'grad_norm': '0.2098', 'learning_rate': '0.0008', 'epoch': '0.5'}"
HF_DICT = re.compile(r"^\s*\{\s*['\"](?:loss|eval_\w+|train_\w+|grad_norm|learning_rate|epoch)['\"]\s*:.*\}\s*$")
HF_PAIR = re.compile(r"['\"]([\w/.\-]+)['\"]\s*:\s*['\"]?(" + _NUM + r")['\"]?")

# Table header cell names (fastai Recorder, markdown/pipe tables): "epoch train_loss valid_loss accuracy time"
PIPE_SPLIT = re.compile(r"\s*\|\s*")
HEADER_CELL = re.compile(r"[A-Za-z_][\w./\-()@% ]*")
DASH_RULE = re.compile(r"^[ \t]*[-=]{3,}(?:[ \t]+[-=]{3,})*[ \t]*$")  # nolearn's '-------  ------------' under a header
DASH_RUN = re.compile(r"[-=]{3,}")  # one column's dashes in such a rule: tabulate's column widths
MD_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$"  # '-- | --' too
                     r"|^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*$")  # GFM's least rule, one dash a cell: '-|-|-'
# a grid table's border, above, under and below its header and rows: tableprint's '+----------+----------+' (WeSpeaker's
# training table), PrettyTable's and tabulate's 'grid' ('+=====+' under the header): a rule of the table, not its end
GRID_RULE = re.compile(r"^\s*\+(?:[-=]{2,}\+){2,}\s*$")
COUNTER_CELLS = ("epoch", "step", "iter", "iteration", "global_step")  # simpletransformers' progress table
# fastai v1 ends each row with the epoch's time in brackets, a column its header does not name: "(00:13)"
ROW_TIME = re.compile(r"\(\d+(?::\d\d)+\)")
NUMBER_CELL = re.compile(r"\d+(?:\.\d+)?")
COUNTER_CELL = re.compile(r"(\d+(?:\.\d+)?)(/\d+)?")
CELL_MARK = re.compile(r"(?<=[\d%])\s*[^\w\s.%()\[\]|,-]+$")  # a mark after a cell's value: '74.04% ✅'
# '640: 100%|####| 16/16', ultralytics 8.3 '640: 100% \u2501\u2501 8/8', Colab's bar without glyphs '640: 100% 14/14 [00:03<'
ROW_BAR = re.compile(r":[ \t]*\d{1,3}%[ \t]*(?:[|\u2501]|\d{1,9}/\d{1,9}[ \t]+\[)")

# A whole history printed as an array, one value per epoch, maybe wrapped over lines: MATLAB "info.train =" then
# "objective: [1.5653 1.1478 ... 0.5562" / "0.4191 ... 0.3432]", or print('loss:', history['loss'])
ARRAY_SCOPE = re.compile(r"^\s*[A-Za-z]\w*(?:\.(\w+))+\s*=\s*$")
_NUMS = rf"(?:{_NUM})(?:[\s,;]+(?:{_NUM}))*"
ARRAY_START = re.compile(rf"^\s*([A-Za-z][\w.]*)\s*[:=]\s*\[\s*({_NUMS})\s*[,;]?\s*(\]?)\s*$", re.IGNORECASE)
ARRAY_MORE = re.compile(rf"^\s*({_NUMS})\s*[,;]?\s*(\]?)\s*$", re.IGNORECASE)
ARRAY_SPLIT = re.compile(r"[\s,;]+")
# fastai 0.7's learn.fit prints each epoch as a numpy row without a header: '[0.      0.04528 0.0253  0.99121]' is
# [epoch, trn_loss, val_loss, metrics...] (the epoch printed as a float, '0.')
_CELL = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|[-+]?(?:nan|inf)"
# YOLOv5's results.txt (train.py up to v5 wrote a headerless row per epoch, '%10s' * 2 + '%10.4g' * 6 then the 7
# validation results): 'epoch/epochs-1', GPU memory, box obj cls total loss, labels, img size, P R mAP@.5 mAP@.5:.95,
# validation box obj cls loss. Named as its later results.csv names them.
YOLO_RESULTS_ROW = re.compile(rf"^[ \t]*(\d{{1,9}})/\d{{1,9}}[ \t]+\d+(?:\.\d+)?[GMK]?[ \t]+((?:{_CELL})(?:[ \t]+(?:{_CELL})){{12}})"
                              r"[ \t]*$", re.IGNORECASE)
YOLO_RESULTS_NAMES = ("train/box_loss", "train/obj_loss", "train/cls_loss", "train/loss", None, None,
                      "metrics/precision", "metrics/recall", "metrics/mAP_0.5", "metrics/mAP_0.5:0.95",
                      "val/box_loss", "val/obj_loss", "val/cls_loss")
# the PyTorch tutorials' progress print (char-RNN classification and generation, seq2seq translation): the iteration
# with its percent done and the elapsed time 'Nm Ns' (seq2seq adds the time left '(- Nm Ns)'), then the one number the
# tutorial prints, its loss: '5000 5% (0m 12s) 2.4177 Coelho / Portuguese ✓', '0m 19s (5000 5%) 2.7011',
# '1m 47s (- 25m 8s) (5000 6%) 2.8987'. A number with a unit after it ('2.4 MB/s') is no loss.
_CLOCK = r"\d{1,6}m[ \t]+\d{1,2}(?:\.\d+)?s"
TUTORIAL_PROGRESS = re.compile(
    rf"^[ \t]*(?:(\d{{1,12}})[ \t]+\d{{1,3}}(?:\.\d+)?%[ \t]+\({_CLOCK}\)|{_CLOCK}(?:[ \t]+\(-[ \t]*{_CLOCK}\))?"
    rf"[ \t]+\((\d{{1,12}})[ \t]+\d{{1,3}}(?:\.\d+)?%\))[ \t]+({_NUM})(?=[ \t]|$)"
    r"(?![ \t]*(?:[kMGT]?i?B\b|[kMGT]?i?B/s|it/s|s/it|[a-z]{1,3}/s|s\b|%|/))",
    re.IGNORECASE)


def tutorial_progress(seg: str) -> str:
    """The tutorials' progress print as 'iter N: loss x', the rest of the line (a sample's guess) after it."""
    m = TUTORIAL_PROGRESS.match(seg)
    if m is None:
        return seg
    return f"iter {m.group(1) or m.group(2)}: loss {m.group(3)}" + seg[m.end():]


# darknet's per-batch line ' 1: 1017.514587, 1017.514587 avg, 0.000000 rate, 3.16 seconds, 64 images' (AlexeyAB's
# fork: '... avg loss, ...'): the iteration, the batch's loss, its running mean, the learning rate
DARKNET = re.compile(rf"^[ \t]*(\d{{1,12}}):[ \t]*({_NUM}),[ \t]*({_NUM})[ \t]+avg(?:[ \t]+loss)?,[ \t]*({_NUM})[ \t]+rate\b",
                     re.IGNORECASE)


def darknet(seg: str) -> str:
    """A darknet batch line in the usual order: 'iter 1: loss 1017.51, avg loss 1017.51, lr 0.0'."""
    m = DARKNET.match(seg)
    if m is None:
        return seg
    return f"iter {m.group(1)}: loss {m.group(2)}, avg loss {m.group(3)}, lr {m.group(4)}" + seg[m.end():]


FASTAI07_ROW = re.compile(rf"^[ \t]*\[[ \t]*(\d{{1,9}})\.?((?:[ \t]+(?:{_CELL})){{2,12}})[ \t]*\][ \t]*$", re.IGNORECASE)
# a printed list of numbers alone, one value per iteration or epoch (print(losses), a paste cut with '...'):
# '..., -7.75, -7.82, 718.8, ...' or '[0.69, 0.68, 0.66]'; lines between an opening '[' and its ']' continue it
_LIST_NUMS = rf"(?:{_CELL})(?:[ \t]*,[ \t]*(?:{_CELL}))*"
LONE_NUMBER = re.compile(rf"[ \t]*(?:{_NUM})[ \t]*$", re.IGNORECASE)  # a line holding one number and nothing else
LONE_NAME = re.compile(r"[ \t]*[A-Za-z_][\w./-]*[ \t]*$")  # a line holding one name and nothing else
NUMBER_LIST = re.compile(rf"^[ \t]*(\[|\.\.\.|\u2026)?[ \t]*,?[ \t]*({_LIST_NUMS})[ \t]*,?[ \t]*(\]|\.\.\.|\u2026)?[ \t]*$",
                         re.IGNORECASE)

# mmcv's TextLoggerHook names the split beside the counter: "Epoch(val) [1][12]\tacc: 39.4167"
# mmengine also tags training lines: "Epoch(train) [1][10/90]", "Iter(train) [  50/80000]"
MODE_TAG = re.compile(r"(?<![\w.])(epoch|iter)\((train|val|test|eval)\)", re.IGNORECASE)
# a line that says it evaluates: fairseq "| epoch 010 | valid on 'valid' subset | valid_loss 1.94", TF Estimator
# "Saving dict for global step 200: accuracy = 0.85, global_step = 200, loss = 0.39" (the evaluation's results)
EVAL_LINE = re.compile(r"\b(?:(valid|validation|eval|evaluation|test)[ \t]+on[ \t]+'|saving dict for global step\b)",
                       re.IGNORECASE)
# a counter glued after its number: ESPnet2 "7epoch:train:7126-7500batch:" (epoch 7, batches 7126 to 7500)
GLUED_COUNT = re.compile(r"(?<![\w./-])(\d{1,9})(epoch|iter)\b|(?<![\w./-])\d{1,18}-(\d{1,18})(batch)\b", re.IGNORECASE)
# the batch counter after an epoch counter, without brackets: fairseq "| epoch 001:    450 / 1891 loss=11.5",
# "| epoch 010  2000 / 8223 loss=1.27", PyTorch's word_language_model "| epoch   1 |   200/ 2983 batches | lr 20.00"
# (a column bar between them; a word follows; Keras' "32/32 [====]" bar does not count)
BATCH_PLAIN = re.compile(r"[ \t]*(?:[:|][ \t]*)?(\d{1,18})[ \t]*/[ \t]*(\d{1,18})(?=[ \t]+[A-Za-z])")

# a segment worth parsing holds a number; 'train loss:nan' holds one too (a run that died, printed with no counter)
# A heading line that names the split of the lines below it (Distiller/ai8x: '--- validate (epoch=0)-----------' before
# 'Epoch: [0][100/100]  Loss 0.978', then 'Training epoch: 50000 samples' before the next epoch's training lines)
SECTION_EVAL = re.compile(r"^\s*(?:-{2,}\s*(valid\w*|test\w*|eval\w*)\b[^-]*-{2,}|={2,}\s*(val|valid\w*|test\w*|eval\w*)\b"
                          r"[^=]*={2,})\s*$", re.IGNORECASE)  # '--- validate ---', paddle's '=====val====='
SECTION_TRAIN = re.compile(r"^\s*(?:-{2,}\s*train\w*\b[^-]*-{2,}|={2,}\s*train\w*\b[^=]*={2,}|training epoch\b)",
                           re.IGNORECASE)
# a sentence that announces an evaluation pass ('Now we are doing evaluation on dev with gpu(0).'): the batch lines
# under it ('[Batch 10/35] loss=0.6475') measure the held-out split, until the next training epoch's lines
SECTION_EVAL_PROSE = re.compile(r"^[^=:\d#]*\b(?:doing|running|run|start(?:ing|s)?|begin(?:ning|s)?)\s+(?:the\s+|an?\s+)?"
                                r"(evaluation|validation)\b[^=]*$", re.IGNORECASE)  # '# run validation': code, no log
# paddle hapi Model.fit's 'Eval begin...' (then 'step 10/88 - loss: ..' lines of the evaluation, 'Eval samples: N')
SECTION_EVAL_BEGIN = re.compile(r"^[ \t]*(eval(?:uation)?|validation|test)[ \t]+(?:begin|begins|start|started|starting)\b"
                                r"[ .\u2026]*$", re.IGNORECASE)
# a heading naming the data set validated, alone on its line: BasicSR's 'Validation Set5' before '\t # psnr: 30.12'
SECTION_EVAL_NAMED = re.compile(r"^[ \t]*(Validation|Validating|Evaluation|Evaluating)[ \t]+[A-Za-z][\w./\-]*[ \t]*:?[ \t]*$")
# a heading that opens an evaluation pass of one epoch: 2s-AGCN/st-gcn 'Eval epoch: 1' (closed by 'Training epoch: 2'),
# DeepSpeed-Chat '***** Evaluating perplexity, Epoch 1/16 *****' (before 'ppl: 2.01')
SECTION_EVAL_EPOCH = re.compile(r"^[\s*=#-]*(eval(?:uat(?:e|ing|ion))?|validat(?:e|ing|ion)|test(?:ing)?)\b[^=:]*?\bepoch\b"
                                r"[ \t]*:?[ \t]*\d+(?:[ \t]*/[ \t]*\d+)?[\s*=#-]*$", re.IGNORECASE)
# a bracketed split header alone on its line with its epoch: the JAX AI stack / Flax NNX tutorials' '[test] epoch: 3/10'
# (or '[val] epoch: 1/15', '[train] epoch: 1/15') over the '- total loss: 0.31' / '- Accuracy: 0.87' lines it names
SPLIT_EPOCH_HEADER = re.compile(r"^[ \t]*\[[ \t]*(train(?:ing)?|val(?:id(?:ation)?)?|eval(?:uation)?|test(?:ing)?)[ \t]*\]"
                                r"[ \t]*epoch[ \t]*:?[ \t]*\d+(?:[ \t]*/[ \t]*\d+)?[ \t]*$", re.IGNORECASE)
# a held-out pass's batch line: torchvision's 'Test:  [  0/196]  eta: .. loss: 6.1250 (6.1250)', timm's
# 'Test: [  48/48]  Time: .. Loss:  6.3750 (6.4375)': its counter is the pass's batches, and what follows it (torchvision's
# ' * Acc@1 2.125 Acc@5 7.250 loss 6.188' summary) is that pass's result, until the next training line
HELD_OUT_BATCH = re.compile(r"^[ \t]*(Test|Val|Valid|Validation|Eval)[ \t]*:[ \t]*\[[ \t]*\d+[ \t]*/[ \t]*\d+[ \t]*\]")
# a line that starts with a validation word before its colon or its epoch counter: the switchable-norm repo's tqdm
# 'Validation: 100%|..| 24/24 [.., loss=7.6148, top1_avg=0.54]' after each 'Epoch [1/120]: ..' bar, EfficientDet's
# 'Val. Epoch: 262/400. Classification loss: ..': every value on it is that split's ('Validation loss: 0.3' names its own)
LEAD_HELD_OUT = re.compile(r"^[ \t>]*(?:[IWE][ \t]+)?(Validation|Validating|Valid|Val\.|Val|Eval(?:uation|uating)?"
                           r"|Test(?:ing)?(?=[ \t]*:))"
                           r"(?:[ \t]*:|[ \t]+(?:of[ \t]+)?(?=epoch\b[ \t]*:?[ \t]*\d))"
                           r"|^[ \t>]*(val|valid|validation|eval|test|dev)_[A-Za-z]\w{0,30}(?=[^|:]{0,200}:[ \t]*\d{1,3}%\|)",
                           re.IGNORECASE)
# (DeepSpeech 0.x prints 'I Training of Epoch 12 - loss: 7.24' then 'I Validation of Epoch 12 - loss: 9.99': its
# one-letter level first, the epoch's pass named before 'of Epoch')
# (a tqdm bar's description may name its split before an underscore: CS236781's Trainer prints 'train_batch (Avg. Loss
# 4.14, Accuracy 13.2): 100%|..| 40/40' then 'test_batch (Avg. Loss 2.63, ..): 100%|..' under one '--- EPOCH 1/30 ---')
# the split words a heading alone may be (`PHASE_HEADING`)
_PHASE_WORD = r"(train(?:ing)?|valid(?:ation)?|val|dev|eval(?:uation)?|test(?:ing)?)"
# a split's heading alone on its line, over the block of values it names: 'Training' / 'Validation:' / '[VALID]' /
# '=== Test ===' (then 'loss: 0.71 acc: 0.90' lines that print the same keys as the training block)
PHASE_HEADING = re.compile(rf"^[ \t#*=>-]*(?:[\[(<][ \t]*)?{_PHASE_WORD}(?:[ \t_-]*(?:data(?:set)?|set|split|phase|"
                           r"results?|metrics))?(?:[ \t]*[\])>])?[ \t:#*=.\u2026-]*$", re.IGNORECASE)
# a tqdm refresh with no description, its values in the postfix: tqdm.keras's batch bar '6%|5   | 10.0/171 [00:02<00:24,
# 6.61batch/s, accuracy=0.00625, loss=5.12]' (Keras's running means of the epoch in progress) and its epoch bar '1/10
# [00:26<04:01, 26.86s/epoch, accuracy=0.019, loss=4.82, val_loss=4.36]', each refresh a line through a logger
TQDM_BARE = re.compile(r"^[ \t]*\d{1,3}%\|[^|]{0,200}\|[ \t]*\d{1,12}(?:\.\d+)?[kM]?/\d{1,12}(?:\.\d+)?[kM]?"
                       r"[ \t]*\[[^\]=]*,[^\]=]*=[^\]]*\]")
# DL4J's ScoreIterationListener 'Score at iteration 60 is NaN': the score is the loss function's value
DL4J_SCORE = re.compile(r"\bScore at iteration (\d{1,18}) is (?=\S)")
# one capital letter glued to 'loss' before its value: MindSpore pix2pix's 'Dloss:0.6940  Gloss:38.1245' (the
# discriminator's and the generator's losses)
GLUED_NET_LOSS = re.compile(r"(?<![\w./])([DG])(loss)(?=[ \t]*[:=])")


# a split word before a label whose values follow as 'name value' pairs: T5-Finetune's 'Validation BLEU: BLEU-1
# 71.65, BLEU-2 65.76' then 'Dev BLEU: BLEU-1 63.88, ..' (each pair is that split's)
SPLIT_LABEL = re.compile(r"(?<![\w.])(validation|valid|val|dev|test|eval|evaluation|train|training)[ \t]+[A-Za-z][\w\-]{0,30}"
                         r"[ \t]*:[ \t]*(?=[A-Za-z][\w\-@]{0,40}[ \t]+[-+]?(?:\d|\.\d))", re.IGNORECASE)
_LABELLED_PAIR = re.compile(rf"[ \t]*([A-Za-z][\w\-@]{{0,40}})[ \t]+((?:{_NUM}))[ \t]*", re.IGNORECASE)


# a split's metrics named after the word 'metrics': gluon-nlp's 'validation metrics:accuracy:0.6570' (the training
# lines print 'metrics=accuracy:0.5217'), 'Validation metrics - Loss: 5.6'
SPLIT_METRICS = re.compile(r"(?<![\w.])(validation|valid|val|dev|test|eval|evaluation)[ \t]+metrics?[ \t]*[-:=][ \t]*"
                           r"(?=[A-Za-z])", re.IGNORECASE)
# progress dots printed before a line's text: '.............Epoch 0 iterations 12500, average loss 1.70'
LEADING_DOTS = re.compile(r"^[ \t]*\.{3,}(?=[A-Za-z])")


def split_label(seg: str, metrics: bool = True) -> str:
    """'Validation BLEU: BLEU-1 71.65, BLEU-2 65.76' as 'Validation BLEU-1 71.65, Validation BLEU-2 65.76'; a label
    whose values are not all 'name value' pairs is left as printed. With `metrics`, 'validation metrics:accuracy:x'
    as 'validation accuracy:x' (under an evaluation heading its keys are that split's already)."""
    seg = SPLIT_METRICS.sub(r"\1 ", seg) if metrics and "etric" in seg else seg
    m = SPLIT_LABEL.search(seg)
    if m is None:
        return seg
    pairs = [_LABELLED_PAIR.fullmatch(p) for p in seg[m.end():].split(",")]
    if not all(pairs):
        return seg
    word = m.group(1)
    return seg[:m.start()] + ", ".join(f"{word} {p.group(1)} {p.group(2)}" for p in pairs if p)


def dl4j_score(seg: str) -> str:
    return DL4J_SCORE.sub(r"iteration \1 loss: ", seg)


def glued_net_loss(seg: str) -> str:
    return GLUED_NET_LOSS.sub(r"\1_\2", seg)


# Chinese terms of a log line: '第10次训练 >>> [训练集] 准确率为 0.967 >>> loss 0.013' then '>>> [验证集] 准确率为 0.17 >>>
# loss 0.013' (the 10th training iteration; the train set's, then the validation set's, accuracy and loss)
_ZH_COUNT = re.compile(r"第[ \t]*(\d{1,18})[ \t]*(次训练|次迭代|轮)")
_ZH_SPLIT = re.compile(r"[\[【](训练|验证|测试)集[\]】][ \t]*")
_ZH_NAME = re.compile(r"(准确率|损失)[ \t]*(?:为|是)?[ \t]*[:：]?[ \t]*(?=[-+\d.]|nan|inf)", re.IGNORECASE)
# a split word glued before an English metric name, with or without the possessive '的' ('训练的loss: 0.69', the
# training's loss; '验证acc: 0.5'): that split's metric
_ZH_GLUED = re.compile(r"(训练|验证|测试)(?:集)?(?:的)?(?=[A-Za-z])")  # glued: '验证 val_loss' is left as it is
_ZH_GLUED_WORDS = {"训练": "train ", "验证": "val ", "测试": "test "}
_ZH_WORDS = {"次训练": "iteration", "次迭代": "iteration", "轮": "epoch", "训练": "train ", "验证": "Validation: ",
             "测试": "Test: ", "准确率": "acc ", "损失": "loss "}


def zh_terms(seg: str) -> str:
    """The line with its Chinese counter, split and metric words in English (the split word of a line's start
    then marks every value of the line as that split's)."""
    seg = _ZH_COUNT.sub(lambda m: f"{_ZH_WORDS[m.group(2)]} {m.group(1)} ", seg)
    seg = _ZH_SPLIT.sub(lambda m: _ZH_WORDS[m.group(1)], seg)
    seg = _ZH_GLUED.sub(lambda m: _ZH_GLUED_WORDS[m.group(1)], seg)
    return _ZH_NAME.sub(lambda m: _ZH_WORDS[m.group(1)], seg)


# Portuguese counter, split and metric words (a course printing its log in Portuguese, felipersas/mini-gpt: 'passo
# 50/2460 | época  1 | loss 2.345', '== época 25/30 | loss treino 1.505 | loss validação 1.491 (perplexidade 4.44)',
# a step table 'passo | loss (frase) | acurácia'): the words in English, so every English pattern reads the line.
# Whole words only, with or without their accents; 'teste'/'treino' are no English words, 'passo' none either.
_PT_WORDS = {"época": "epoch", "epoca": "epoch", "épocas": "epochs", "epocas": "epochs", "passo": "step",
             "passos": "steps", "iteração": "iteration", "iteracao": "iteration", "treino": "train",
             "treinamento": "training", "validação": "validation", "validacao": "validation", "teste": "test",
             "acurácia": "accuracy", "acuracia": "accuracy", "perda": "loss", "perplexidade": "perplexity"}
PT_HINT = re.compile(r"(?i)[çãáéí]|\b(?:passo|treino|teste|perda|epoca|acuracia|validacao)\b")
_PT_WORD = re.compile(r"(?i)(?<![\w])(" + "|".join(sorted(_PT_WORDS, key=len, reverse=True)) + r")(?![\w])")


def pt_terms(seg: str) -> str:
    """The segment with its Portuguese counter, split and metric words in English ('época' -> 'epoch', 'loss
    treino' -> 'loss train'); a capital first letter stays capital."""
    def english(m: re.Match[str]) -> str:
        word = _PT_WORDS[m.group(1).lower()]
        return word.capitalize() if m.group(1)[0].isupper() else word
    return _PT_WORD.sub(english, seg)


# a split's losses named by their task, as the NGCF/KGAT family of TensorFlow code prints them: TeLL's and Tailor's
# 'Epoch 1 [9.6s]: train[lr=0.10000]=[(classification: 24.32744)]' (the summed training loss of the classification
# task, the learning rate in the brackets)
TASK_LOSSES = re.compile(r"\b(train|val|valid|test)(?:\[([^\[\]]{0,80})\])?=\[((?:\([^()]{1,200}\)[ \t,]*){1,8})\]")
_TASK_LOSS = re.compile(rf"\([ \t]*([A-Za-z][\w\-]{{0,40}})[ \t]*:[ \t]*({_NUM})[ \t]*\)")


def task_losses(seg: str) -> str:
    """'train[lr=0.1]=[(classification: 24.3)]' -> 'lr=0.1, train classification loss: 24.3': a task's name that is
    no metric name is that split's loss for the task."""
    def plain(m: re.Match[str]) -> str:
        pairs = _TASK_LOSS.findall(m.group(3))
        if not pairs:
            return m.group(0)
        split = m.group(1)
        named = [f"{split} {name} loss: {v}" if _classify(name).kind is Kind.OTHER else f"{split} {name}: {v}"
                 for name, v in pairs]
        return ", ".join(([m.group(2)] if m.group(2) else []) + named)
    return TASK_LOSSES.sub(plain, seg)


# a bracket group labelled 'Losses' names each of its entries a loss: eriklindernoren's PyTorch-YOLOv3 '[Epoch 0/30,
# Batch 323/1313] [Losses: x nan, y nan, w nan, h nan, conf 0.755184, cls nan, total nan]' (the box, confidence and
# class terms, 'total' their sum: the loss)
LOSS_GROUP = re.compile(rf"\[Losses:[ \t]*((?:[A-Za-z][\w\-]{{0,30}}[ \t]+(?:{_NUM})[ \t]*,?[ \t]*){{1,16}})\]")
_GROUP_ENTRY = re.compile(rf"([A-Za-z][\w\-]{{0,30}})[ \t]+({_NUM})")


def loss_group(seg: str) -> str:
    """'[Losses: x 0.1, conf 0.7, total 0.9]' -> 'x loss: 0.1, conf loss: 0.7, total loss: 0.9'."""
    def named(m: re.Match[str]) -> str:
        return ", ".join(f"{name} loss: {v}" for name, v in _GROUP_ENTRY.findall(m.group(1)))
    return LOSS_GROUP.sub(named, seg)


# a decoded sample's text (DeepSpeech's report between rules: '  WER: 0.0769', '  loss: 0.8438', '  source: "and this
# is .."', '  result: "and this .."'): the values printed since the rule are that one utterance's, no training point
SAMPLE_TEXT = re.compile(r"^[ \t]*(?:source|result)[ \t]*:[ \t]*\"")
BLOCK_MAX = 64  # points between two rules beyond which the block is no sample's report

# a GAN's bracket group of one network's loss terms: GraphCoNet's '[G - gan1: 6.830, gan2: 6.101, rec: 0.151, kld:
# 0.0976] [D - real: 0.428, fake1: 0.016]' ('[D loss: .., acc: ..] [G loss: ..]' with the loss split in its terms)
NET_GROUP = re.compile(r"\[([DG])[ \t]+-[ \t]+([^\[\]]{1,400})\]")
_GROUP_NAME = re.compile(r"([A-Za-z][\w.\-]*)([ \t]*:)")


def net_groups(seg: str) -> str:
    """'[G - gan1: 6.83, rec: 0.15]' -> 'G_gan1_loss: 6.83, G_rec_loss: 0.15': a term the names do not type is
    that network's loss term; a typed one ('acc') is that network's ('G acc')."""
    def group(m: re.Match[str]) -> str:
        net = m.group(1)

        def name(n: re.Match[str]) -> str:
            typed = classify(n.group(1)).kind is not Kind.OTHER
            return f"{net} {n.group(1)}{n.group(2)}" if typed else f"{net}_{n.group(1)}_loss{n.group(2)}"
        return " " + _GROUP_NAME.sub(name, m.group(2)) + " "
    return NET_GROUP.sub(group, seg)


# one value per tagged part after a name: ST-GAN's 'it.670/50000  lr=X(GP),1e-05(D)  loss=X(GP),-0.0001(D)' (the
# generator's and the critic's; 'X': not run at that iteration) is 'iter 670/50000 GP_lr=X D_lr=1e-05 ..'
TAGGED_VALUES = re.compile(r"(?<![\w.])([A-Za-z]\w{0,40})=((?:[^\s=,()]{1,40}\([A-Za-z]\w{0,15}\),){1,7}"
                           r"[^\s=,()]{1,40}\([A-Za-z]\w{0,15}\))(?![\w(])")
_TAGGED_ONE = re.compile(r"([^\s=,()]{1,40})\(([A-Za-z]\w{0,15})\)")
DOT_ITER = re.compile(r"(?<![\w.])it\.(\d{1,18})/(\d{1,18})\b")


def tagged_values(seg: str) -> str:
    seg = DOT_ITER.sub(r"iter \1/\2", seg)
    return TAGGED_VALUES.sub(
        lambda m: " ".join(f"{t.group(2)}_{m.group(1)}={t.group(1)}" for t in _TAGGED_ONE.finditer(m.group(2))), seg)


# 'value (running mean)' on such a line: the pass's result so far is the mean
_WITH_MEAN = re.compile(rf"([:=][ \t]*)(?:{_NUM})[ \t]*\([ \t]*({_NUM})[ \t]*\)", re.IGNORECASE)


def running_means(seg: str) -> str:
    """'Loss:  6.3750 (6.4375)' as 'Loss:  6.4375' (the pass's running mean, not its last batch)."""
    return _WITH_MEAN.sub(lambda m: m.group(1) + m.group(2), seg)


# the count a metric was averaged over, between its name and its value: 'Mean test loss of 258 batches: 1.76'
AVERAGED_OVER = re.compile(r"(?i)\b(loss|acc|accuracy|error)[ \t]+(?:of|over|on)[ \t]+\d+[ \t]+[a-z]+[ \t]*:")
# Keras 1.x inside a loop of fit(epochs=1) calls prints 'Epoch 1/1' before each call: consecutive epochs
ONE_EPOCH_FIT = re.compile(r"^\s*Epoch\s+1\s*/\s*1\s*$")
# the number before the counter's word: '000 epoch, 02000 iter, average time 0.63, loss -403.4' (HAKE-Action)
NUMBER_FIRST = re.compile(r"^(\s*)(\d{1,18})\s+(epoch|iter|iteration|step)\b(?:,?\s*(\d{1,18})\s+(iter|iteration|step|batch)\b)?",
                          re.IGNORECASE)
# the epoch named by its place: timm's "Train: 3 [ 600/1251 ( 48%)]  Loss: 6.81 (6.87)" (a split word, a colon, the
# epoch, then the bracketed batch counter)
SPLIT_EPOCH = re.compile(r"^(\s*)(train(?:ing)?)[ \t]*:[ \t]*(\d{1,9})(?=[ \t]*\[[ \t]*\d+[ \t]*/[ \t]*\d+)", re.IGNORECASE)
# llm.c's log file (train_gpt2.cu, modded-nanogpt's llm.c format): 's:120 trl:3.2571', 's:250 tel:3.3012'
LLMC_LINE = re.compile(r"^\s*s:(\d{1,18})((?:\s+[a-z]\w*:\S+)+)\s*$")
LLMC_PAIR = re.compile(r"([a-z]\w*):(\S+)")
LLMC_NAMES = {"trl": "train_loss", "tel": "val_loss", "lr": "lr", "norm": "grad_norm"}
# the best so far, reported beside the run ('==> Best [Top1: 65.2 ... on epoch: 0]', 'Best Acc: 0.648'): no point of its own
BEST_LINE = re.compile(r"^[\W_]*best\b", re.IGNORECASE)
# a heading alone on its line, ending in ':', over the best checkpoint's values indented under it (DeepXDE's 'Best
# model at step 18000:' then '  train loss: 1.40e-04', '  test loss: 1.34e-04'): a report, no point of the run
BEST_HEADING = re.compile(r"^[ \t]*best[ \t]+(?:model|checkpoint|epoch|step|result)s?\b[^:]{0,60}:[ \t]*$",
                          re.IGNORECASE)
# PyTorch prints a 0-d tensor as 'tensor(0.6931, grad_fn=<NllLossBackward0>)' or "tensor(0.69, device='cuda:0')"
TENSOR = re.compile(r"tensor\(\s*(" + _NUM + r")\s*((?:,[^()]*)?)\)")
# a name before a value: 'loss', 'loss:', 'loss =' (the tensor then keeps it)
_NAMED_BEFORE = re.compile(r"[A-Za-z][\w/.\-]*\s*[:=]?\s*$")
# the step in brackets opening a line of metrics: XGBoost "[12]\ttrain-logloss:0.31", clu's "[1000] train_loss=6.5"
LEAD_BRACKET = re.compile(r"^\s*\[\s*(\d+)\s*\][ \t]+(?=[A-Za-z])")
# a tqdm bar counting steps: accelerate/diffusers "Steps:   0%|▏   | 16/6000 [00:55<4:54:46, 2.96s/it, loss=nan]"
TQDM_STEPS = re.compile(r"(?<![\w.])(?:global[_ ]?)?(?:steps?|iter(?:ation)?s?)\s*(?::\s*)?\d+%\|[^|]*\|\s*(\d+)/(\d+)(?=\s*\[)",
                        re.IGNORECASE)
# print(epoch, ...): a bare integer, then a name ('0 Train loss: 0.69', '3\tValidation loss: 0.11')
LEAD_COUNTER = re.compile(r"^\s*(\d+)(?:[ \t]+|[ \t]*[,:|][ \t]*)(?=[A-Za-z]|\[[A-Za-z])")  # '33 [D loss: ..]' too
DIGIT = re.compile(r"\d|\b(?i:nan|inf(?:inity)?)\b")
# a header starts with its counter (fastai, a pasted CSV), or names it in any cell of a pipe table (HF model card
# "| Training Loss | Epoch | Step | Validation Loss |")
# (each whitespace run is matched one way only: '\s*\|?\s*' backtracked quadratically over a line of 100k spaces)
TABLE_START = re.compile(r"\s*(?:\|\s*)?(?:epoch|step|iter|iteration|global_step)"
                         r"(?:\s*[|,]\s*(?:\|\s*)?|\s+(?:\|\s*)?)[A-Za-z_]", re.IGNORECASE)
PIPE_COUNTER = re.compile(r"\|[^|]*?\(?\b(?:epoch|step|iter|iteration|global_step)\)?\s*\|",
                          re.IGNORECASE)  # 'Adım (Step)' too
# Keras verbose=2 lines pasted without their line breaks: "... val_acc: 0.8412 Epoch 27/30 - 67s - loss: ..."
KERAS_HEADER = re.compile(r"^[ \t]*Epoch[ \t]+(\d{1,9})/\d{1,9}[ \t]*$")  # 'Epoch 2/10' alone
GLUED_EPOCH = re.compile(r"(?<=\d)\s*(?=Epoch \d+/\d+\b)|(?<=\])(?=\[Epoch \d+/\d+\])")  # '..0.022][Epoch 11/11]..' too
SPACE_RUN = re.compile(r"\s+")
# a decimal value with a word glued to it ('0.4850rove', '0.4850om inf to 8.3'); not e-notation ('0.5e-3')
GLUED_TEXT = re.compile(r"(:[ \t]*[-+]?\d*\.\d+)(?=[a-df-zA-DF-Z]|[eE][a-zA-Z])")

# Keys that look like metrics but are counters, durations or progress noise on these lines ('lr_reduce: 2', how many
# times a plateau scheduler cut the rate, like 'lr_step', is a count, not a learning rate)
NOISE_KEYS = frozenset({"eta", "it", "s", "v_num", "ms", "mfu", "elapsed", "remaining", "samples", "seen", "lr_step",
                        "total", "of", "from", "to", "at", "in", "dataloader_idx", "best", "checkpoint", "time",
                        "lr_reduce"})
_MARKER_WORDS = frozenset({"epoch", "epochs", "iter", "iters", "iteration", "iterations", "step", "steps",
                           "global_step", "global step", "batch", "batches"})
# a modifier that may stand before a metric word in a two-word "key value" pair ("train loss 2.1")
SPACE_MODIFIERS = frozenset({"train", "training", "val", "valid", "validation", "eval", "test", "dev", "avg",
                             "average", "mean", "total", "running", "batch", "epoch", "top1", "top5",
                             "overall", "objective"})  # Distiller: 'Overall Loss 1.77  Objective Loss 1.77

# 'best_acc' (the best so far), 'min_score' / 'max_overlap' (a threshold in a printed config): no series to diagnose
_BOUND_PREFIXES = ("best_", "min_", "max_")
# a duration named after what it timed, never the thing timed: det3d's 'loss_parse_time: 0.000' is no loss
_DURATION = re.compile(r"(?:^|[_\s])time(?:[_\s]?\(?(?:s|ms|sec)\)?)?$")

# Paddle's timings "reader_cost: 0.07, batch_cost: 0.53" (seconds), not a loss named 'cost'
TIMING_COST = re.compile(r"(?i)^(?:avg[_ ])?(?:reader|batch|data|iter|step|forward|backward)[_ ]cost$")

# A logger's source location "[loss_scaler.py:181:update_scale]" is a file and a line number, not a metric
SOURCE_FILE = re.compile(r"\.(?:py|pyx|cc|cpp|cu|c|h|hpp|lua|java|scala|jl|rs|go|js|ts)$")

# 'Best loss: 0.116' printed beside each epoch's loss: the best so far, not a series to diagnose; 'Target
# Accuracy: 75%' in a run's notes: a goal
_SUMMARY_WORDS = frozenset({"best", "lowest", "highest", "target", "goal"})
_FILLER = frozenset({"and", "with", "has", "had", "is", "was", "of", "the", "at", "to", "for", "on", "in", "by"})
_METRIC_KINDS = frozenset({Kind.LOSS, Kind.ACCURACY, Kind.ERROR_RATE, Kind.ERROR, Kind.SCORE, Kind.LR,
                           Kind.GRAD_NORM, Kind.MOMENTUM})


@lru_cache(maxsize=8192)
def classify(key: str) -> NameInfo:
    """names.classify, cached: a log repeats the same few keys on every line."""
    return _classify(key)


@dataclass(frozen=True)
class Markers:
    """The counters found on one segment; None where absent."""

    epoch: int | None = None
    epoch_total: int | None = None
    step: int | None = None
    step_total: int | None = None
    batch: int | None = None
    batch_total: int | None = None
    bar: int | None = None  # a tqdm bar's position within the epoch: "Epoch 0:  14%|██▍  | 100/704 [00:44<..."
    bar_total: int | None = None


def segments(line: str) -> list[str]:
    """The visible updates of one physical line: split on carriage returns, backspaces and ANSI codes removed."""
    if "\x1b" in line:
        line = ANSI.sub("", line)
    if "\b" in line:
        line = line.replace("\b", "")
    if "**" in line:  # markdown bold from a pasted note: 'loss: **1.97**', '| **72.80%** |'
        line = line.replace("**", "")
    if "^M" in line:  # a carriage return as `cat -v` / vim show it, pasted as the two characters '^M'
        line = line.replace("^M", "\r")
    parts = line.split("\r") if "\r" in line else [line]
    return [_unglue_message(s) for part in parts for s in _unglue(part) if s.strip()]


def _unglue_message(seg: str) -> str:
    """A Keras bar whose last value a callback message overwrote in place ('val_acc: 0.4850rove', the tail of
    '... did not improve'): the value is kept, apart from the letters glued to it."""
    if KERAS_BAR.match(seg) is None:
        return seg
    return GLUED_TEXT.sub(r"\1 ", seg)


def _unglue(seg: str) -> list[str]:
    """One segment per Keras epoch when a paste lost the line breaks between them."""
    if "Epoch " not in seg:
        return [seg]
    return GLUED_EPOCH.split(seg)


def unwrap_tensors(seg: str) -> str:
    """'tensor(0.6931, grad_fn=<NllLossBackward0>)' -> '0.6931'. A tensor printed without a name but with a grad_fn
    is the value training back-propagates from, the loss (`print(epoch, loss)`): it becomes 'loss: 0.6931'."""
    def plain(m: re.Match[str]) -> str:
        named = named_before(seg, m.start())
        return m.group(1) if named or "grad_fn" not in m.group(2) else f"loss: {m.group(1)}"

    return TENSOR.sub(plain, seg)


# a value printed as a one-element array after its name: paddle 'loss: [0.63]', 'val Loss [1.13]', 'loss:[7.68]'
BRACKETED = re.compile(rf"([A-Za-z_][\w\-]*[ \t]*[:=]?[ \t]*)\[[ \t]*({_NUM})[ \t]*\]", re.IGNORECASE)
_COUNTER_WORD = re.compile(r"(?i)(?:epoch|iteration|iter|step|batch)s?")


# a name printed in brackets before its value: '[epoch]: 1, [batch]: 100, [loss]: 0.6931' (bounded names: each '['
# scans at most a few dozen characters)
BRACKETED_NAME = re.compile(r"\[[ \t]?([A-Za-z_][\w\-]{0,40}(?: [A-Za-z_][\w\-]{0,40})?)[ \t]?\](?=[ \t]{0,8}[:=])")


# a pipe-separated cell holding a bracketed name and its value: loguru '| E5 iter[ 14/ 15] | [Loss] 51566519.44 |
# [step]    89 |' (the cell's pipes bound it: '[time] 0.4m' or '[best] 0 -100.0' hold no lone value)
PIPED_BRACKET_NAME = re.compile(rf"(?<=\|)([ \t]{{0,8}})\[([A-Za-z_][\w\-]{{0,40}})\][ \t]{{1,40}}(?=(?:{_NUM})[ \t]*(?:\||$))",
                                re.IGNORECASE)


# 'E5 iter[ 14/ 15]': an E and a number right before an iteration counter out of the epoch's N abbreviate the epoch
# (LION's loguru lines); the bracket is the batch within it, as torchvision's 'Epoch: [0]  [10/60]'
EPOCH_ABBR = re.compile(r"(?<![\w.\-])E(\d{1,9})[ \t]{1,8}(?:iter|iteration|batch)(?=[ \t]{0,8}\[[ \t]{0,8}\d{1,18}[ \t]{0,8}/)")


def epoch_abbr(seg: str) -> str:
    """'E5 iter[ 14/ 15]' -> 'Epoch 5 [ 14/ 15]'."""
    return EPOCH_ABBR.sub(r"Epoch \1 ", seg)


def piped_bracket_names(seg: str) -> str:
    """'| [Loss] nan | [step] 104 |' -> '| Loss: nan | step: 104 |'."""
    return PIPED_BRACKET_NAME.sub(r"\1\2: ", seg)


def unbracket_names(seg: str) -> str:
    """'[loss]: 0.69' -> 'loss: 0.69': the brackets around a name are decoration; the name and value are read as
    any 'name: value' pair ('[epoch]: 1' is the epoch counter)."""
    return BRACKETED_NAME.sub(r"\1", seg)


# full-width forms of ASCII (U+FF01..U+FF5E) and the ideographic space, as typed in Chinese posts:
# "{'loss'：0.5，'learning_rate'：4e-05}", "loss：0.52", digits '０.５'
_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")
_FULL_WIDTH_TABLE = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


# A markdown quote marker ("> ", "> > ", ">>") before a line pasted into a GitHub issue or forum post: every line of the
# log carries it, so every format's patterns would have to allow it; it is cut from the line before anything is read.
# The marker needs a space, another '>' or the line's end after it ('>foo' is no quote a person writes).
QUOTE = re.compile(r"^ {0,3}>(?=[ >]|$)(?: ?>)* ?")


def unquote(line: str) -> str:
    """The line without a markdown quote marker ('> Epoch 1/10' -> 'Epoch 1/10')."""
    m = QUOTE.match(line)
    return line[m.end():] if m else line


def half_width(line: str) -> str:
    """The line with full-width punctuation, digits and letters as their ASCII forms ('：' -> ':', '，' -> ',')."""
    if line.isascii() or _FULL_WIDTH.search(line) is None:
        return line
    return line.translate(_FULL_WIDTH_TABLE)


def unwrap_brackets(seg: str) -> str:
    """'loss: [0.63]' -> 'loss: 0.63': the one value of an array printed after a metric's name. A counter keeps its
    brackets ('Epoch [1]', 'Batch [49]' are markers that read them)."""
    def plain(m: re.Match[str]) -> str:
        name = m.group(1).rstrip(" \t:=")
        return m.group(0) if _COUNTER_WORD.fullmatch(name) else f"{m.group(1)}{m.group(2)}"

    return BRACKETED.sub(plain, seg)


def named_before(seg: str, end: int) -> bool:
    """Whether `seg[:end]` ends with a name (`_NAMED_BEFORE`), looking back from `end` only: the pattern searched
    from the start of the line for every tensor made a 45 KB line of tensors take 9 s of CPU."""
    j = end
    while j > 0 and seg[j - 1].isspace():
        j -= 1
    if j > 0 and seg[j - 1] in ":=":
        j -= 1
        while j > 0 and seg[j - 1].isspace():
            j -= 1
    i = j
    while i > 0 and (seg[i - 1].isalnum() or seg[i - 1] in "_/.-"):
        i -= 1
    return any(c.isascii() and c.isalpha() for c in seg[i:j])


def split_epoch(seg: str) -> str:
    """'Train: 3 [ 600/1251 ( 48%)]' as 'Train Epoch: 3 [ 600/1251 ( 48%)]'."""
    return SPLIT_EPOCH.sub(lambda m: f"{m.group(1)}{m.group(2)} Epoch: {m.group(3)}", seg, count=1)


def glued_counts(seg: str) -> str:
    """'7epoch:train:7126-7500batch:' as 'epoch 7:train:batch 7500:' (the last batch of the range is the one logged)."""
    return GLUED_COUNT.sub(lambda m: f"{m.group(2)} {m.group(1)}" if m.group(1) else f"{m.group(4)} {m.group(3)}", seg)


# a metric named before the counter it was measured after (or at): Coursera's deep-learning notebooks 'Cost after
# epoch 5: 1.506757', 'Cost after iteration 100: 0.58', the PyTorch tutorials' 'Loss after mini-batch  2000: 2.190',
# Deep Learning with Python's GAN 'discriminator loss at step 100: 0.756201'
AFTER_COUNTER = re.compile(r"(?i)(?<![\w.])([A-Za-z][\w\-]*(?: [A-Za-z][\w\-]*)?)[ \t]+(?:after|at)[ \t]+"
                           r"(epoch|iteration|iter|step|mini-?batch|batch)[ \t]*#?[ \t]*(\d{1,18})[ \t]*([:=])")
# a metric named right before its counter, the line's only value after the colon: the Flax basics notebook's
# print(f'Loss step {i}: ', loss) -> 'Loss step 10:  0.44692168' (no 'after'/'at'; the name must be a metric's, so
# that 'Global step 100: loss 2.3' keeps its own name)
NAME_COUNTER = re.compile(r"(?i)^([ \t]*)([A-Za-z][\w\-]*(?:[ \t][A-Za-z][\w\-]*)?)[ \t]+"
                          r"(epoch|iteration|iter|step|mini-?batch|batch)[ \t]*#?[ \t]*(\d{1,18})[ \t]*:"
                          rf"[ \t]*({_NUM})[ \t]*$")
# a counter printed with thousands separators: BasicSR's '[epoch:  0, iter:   1,100, lr:(1.000e-04,)]'
GROUPED_COUNT = re.compile(r"(?i)(?<![\w.])(iter|iteration|step|global_step)([ \t]*[:=#]?[ \t]*)(\d{1,3}(?:,\d{3})+)(?![\d.])")


# the PyTorch CIFAR-10 tutorial's print('[%d, %5d] loss: %.3f' % (epoch + 1, i + 1, running_loss / 2000)):
# '[1,  2000] loss: 2.173' is [epoch, mini-batch]
LEAD_EPOCH_BATCH = re.compile(r"^[ \t]*\[[ \t]*(\d{1,9})[ \t]*,[ \t]*(\d{1,12})[ \t]*\](?=[ \t]+[A-Za-z])")


# PaddlePaddle v1 counts epochs as passes: 'Pass 0, Batch 100, Cost 2.26', then 'Test with Pass 0, Cost 2.10' (the test
# of that pass)
PADDLE_PASS = re.compile(r"^([ \t]*)(Test with )?Pass[ \t]+(\d{1,9}),(?=[ \t]*(?:Batch\b|Cost\b|[A-Za-z]))")


def paddle_pass(seg: str) -> str:
    """'Pass 0, Batch 100, Cost 2.26' as 'Epoch 0, Batch 100, Cost 2.26'; 'Test with Pass 0, Cost 2.10' as
    'Epoch 0, Test Cost 2.10'."""
    m = PADDLE_PASS.match(seg)
    if m is None:
        return seg
    rest = seg[m.end():]
    return f"{m.group(1)}Epoch {m.group(3)}," + (" Test" + rest if m.group(2) else rest)


# Trax's training loop: 'Step  500: eval  WeightedCategoryCrossEntropy |  0.49253047' - a split word, the metric's
# name, a pipe, its value (the pipe is the separator, not a table's column rule)
PIPED_METRIC = re.compile(rf"^\s*(Step\s+\d+:)\s+(train|eval|valid|test)\s+([A-Za-z][\w/.-]*)\s*\|\s*({_NUM})\s*$",
                          re.IGNORECASE)


# a line led by 'it: N' and a separator ('it: 9800  | loss 5.0  | Δw: 8.258'): 'it' is the iteration counter
LEAD_IT = re.compile(r"^([ \t]*)it:[ \t]*(\d{1,12})(?=[ \t]*[|,])")


def lead_it(seg: str) -> str:
    """'it: 9800  | loss 5.0' as 'iter 9800  | loss 5.0'."""
    return LEAD_IT.sub(r"\1iter \2", seg, count=1)


def piped_metric(seg: str) -> str:
    """'Step 500: eval  WeightedCategoryCrossEntropy |  0.49' as 'Step 500: eval WeightedCategoryCrossEntropy: 0.49'."""
    m = PIPED_METRIC.match(seg)
    return seg if m is None else f"{m.group(1)} {m.group(2)} {m.group(3)}: {m.group(4)}"


def lead_epoch_batch(seg: str) -> str:
    """'[1,  2000] loss: 2.173' as 'epoch 1 batch 2000 loss: 2.173'."""
    return LEAD_EPOCH_BATCH.sub(lambda m: f"epoch {m.group(1)} batch {m.group(2)}", seg, count=1)


def after_counter(seg: str) -> str:
    """'Cost after epoch 5: 1.5' as 'epoch 5: Cost: 1.5': the counter first, then the metric it names."""
    def swap(m: re.Match[str]) -> str:
        word = "batch" if "batch" in m.group(2).lower() else m.group(2)
        return f"{word} {m.group(3)}: {m.group(1)}{m.group(4)}"

    return AFTER_COUNTER.sub(swap, seg)


def name_counter(seg: str) -> str:
    """'Loss step 10:  0.4469' as 'step 10: Loss: 0.4469' when the name before the counter is a metric's."""
    m = NAME_COUNTER.match(seg)
    if m is None or classify(m.group(2)).kind not in _METRIC_KINDS:
        return seg
    word = "batch" if "batch" in m.group(3).lower() else m.group(3)
    return f"{m.group(1)}{word} {m.group(4)}: {m.group(2)}: {m.group(5)}"


def grouped_counts(seg: str) -> str:
    """'iter:   1,100,' as 'iter:   1100,': the thousands separators of a counter removed."""
    return GROUPED_COUNT.sub(lambda m: m.group(1) + m.group(2) + m.group(3).replace(",", ""), seg)


def averaged_over(seg: str) -> str:
    """'Mean test loss of 258 batches: 1.76' as 'Mean test loss: 1.76'."""
    return AVERAGED_OVER.sub(lambda m: f"{m.group(1)}:", seg)


# karpathy's makemore/nanoGPT lectures: print(f'{i:7d}/{max_steps:7d}: {loss.item():.4f}') -> '  10000/ 200000: 2.0322'
COUNT_OF_TOTAL = re.compile(r"^[ \t]*(\d{1,18})[ \t]*/[ \t]*\d{1,18}[ \t]*:[ \t]*(?=\S)")


def number_first(seg: str) -> str:
    """'000 epoch, 02000 iter, loss 3.2' as 'epoch 000, iter 02000, loss 3.2': the counters in the usual order. A
    count out of a total before numbers alone ('  10000/ 200000: 2.0322') is a bare counter: '10000 2.0322'."""
    m = NUMBER_FIRST.match(seg)
    if m is None:
        c = COUNT_OF_TOTAL.match(seg) if "/" in seg else None
        if c is not None and unnamed_values(seg[c.end():]) is not None:
            return f"{c.group(1)} {seg[c.end():]}"
        return seg
    head = f"{m.group(1)}{m.group(3)} {m.group(2)}" + (f", {m.group(5)} {m.group(4)}" if m.group(4) else "")
    return head + seg[m.end():]


# litgpt 'loss train: 3.724, val: 3.801 | iter time: 45.73 ms': the split word alone after '<metric> train: x,' names
# the same metric on its split; 'val: n/a' (no validation yet) is no value, and its name must not join the next one
_METRIC_SPLIT_PAIR = re.compile(
    rf"(?i)\b(loss|acc|accuracy|ppl|perplexity)[ \t]+(train|training)([ \t]*:[ \t]*(?:{_NUM})[ \t]*,[ \t]*)"
    r"(val|valid|validation|test|eval)(?=[ \t]*:)")
_NO_VALUE_PAIR = re.compile(r"[ \t]*[A-Za-z_][\w .()/-]*:[ \t]*(?:n/a|N/A|None)[ \t]*")
_PAIR_SEPARATOR = re.compile(r"([,|])")


def split_after_metric(seg: str) -> str:
    """'loss train: 3.7, val: n/a | iter time: 45 ms' -> 'loss train: 3.7, | iter time: 45 ms' and 'loss train:
    3.7, val: 3.8' -> 'loss train: 3.7, val loss: 3.8'."""
    if "n/a" in seg or "N/A" in seg or ": None" in seg:
        parts = _PAIR_SEPARATOR.split(seg)
        seg = "".join("" if i % 2 == 0 and _NO_VALUE_PAIR.fullmatch(p) else p for i, p in enumerate(parts))
    return _METRIC_SPLIT_PAIR.sub(lambda m: f"{m.group(1)} {m.group(2)}{m.group(3)}{m.group(4)} {m.group(1)}", seg)


CLOCK_SECOND = re.compile(r"\d\d:\d\d:\d\d")  # a logger prefix's time of day, to the second


def strip_prefix(seg: str) -> str:
    """The message without a logger's timestamp/level/source prefix."""
    m = PREFIXES.match(seg)
    return seg[m.end():] if m and m.end() else seg


def cut_callback(seg: str) -> str:
    """The segment up to a Keras callback message glued into it (the message itself is not data)."""
    m = CALLBACK.search(seg)
    if m is None:
        return seg
    head = seg[: m.start()]
    e = CALLBACK_EPOCH.search(head)
    return head if e is None else head[: e.start()]


def _batch_plain(seg: str, m: re.Match[str]) -> re.Match[str] | None:
    """fairseq's 'epoch 001:    450 / 1891 loss=' batch counter: set off from the epoch by a colon, a column bar or
    two spaces."""
    b = BATCH_PLAIN.match(seg, m.end())
    if b is None:
        return None
    gap = seg[m.end("total") if m.group("total") else m.end("n"):b.start(1)]
    return b if ":" in gap or "|" in gap or len(gap) - len(gap.lstrip(" \t")) >= 2 else None


# a line's progress through its epoch: '99.88 %', 'ETA = ..', a tqdm '45%|'
PROGRESS = re.compile(r"\d[ \t]?%(?![\w])|\bETA\b")
# a metric whose value is printed in percent after its name and '=' or ':' ('WER = 21.3%', 'acc: 95%') is a value,
# not the line's progress through the epoch; a percent before a bar ('Epoch 1: 45%|###') is progress
PERCENT_VALUE = re.compile(r"[A-Za-z][\w\-]*[ \t]*[:=][ \t]*[-+]?(?:\d+(?:\.\d+)?|\.\d+)[ \t]?%(?![ \t]*[|\w])")


def shows_progress(line: str) -> bool:
    """Whether a line shows its progress through the epoch ('99.88 %', 'ETA'), besides metric values in percent."""
    return PROGRESS.search(PERCENT_VALUE.sub(" ", line) if "%" in line else line) is not None

_EPOCH_WORD = re.compile(r"(?i)(?<![\w.])epoch")
# a held-out split word just before a plural counter with no total, on a line that names its held-out values itself
# (a 'val_' key after it): Poutyne's 'Val steps: 19' counts the validation pass's batches (see _SPLIT_COUNT); blanked
# with its counter, so the split word heads no metric after it
_HELD_OUT_BEFORE = re.compile(r"(?i)(?<![\w.])(?:val(?:id(?:ation)?)?|eval(?:uation)?|test(?:ing)?|dev)[ \t]+$")
_HELD_OUT_KEY = re.compile(r"(?i)(?<![\w.])(?:val(?:id(?:ation)?)?|eval|test|dev)_[a-z]")


def find_markers(seg: str) -> tuple[Markers, str]:
    """Epoch/step/batch counters on a segment, and the segment with them blanked out."""
    epoch = epoch_total = step = step_total = batch = batch_total = bar = bar_total = None
    spans: list[tuple[int, int]] = []
    for m in MARKER.finditer(seg):
        word = m.group("word").lower()
        n, total = int(m.group("n")), m.group("total")
        tot = int(total) if total else None
        if word == "epoch":
            if epoch is not None:
                continue
            epoch, epoch_total = n, tot
            b = BATCH_BRACKET.match(seg, m.end()) or BATCH_PAREN.match(seg, m.end()) or BATCH_COMMA.match(seg, m.end()) \
                or _batch_plain(seg, m)
            if b is not None:  # torchvision MetricLogger: "Epoch: [0]  [10/60]"
                batch, batch_total = int(b.group(1)), int(b.group(2))
                spans.append((b.start(), b.end()))
            t = TQDM_COUNT.match(seg, m.end())
            if t is not None:  # tqdm / Lightning: "Epoch 0:  14%|██▍  | 100/704 [00:44<04:29, ..."
                bar, bar_total = int(t.group(1)), int(t.group(2))
                spans.append((t.start(), t.end()))
        elif word.startswith("batch"):  # 'batch_id: 20' (paddle), 'batch_idx' too
            if batch is not None:
                continue
            if word != "batch" and epoch is None and not _EPOCH_WORD.search(seg, m.end()):
                continue  # a batch index alone ('loss=0.018 batch_id=1874' of a tqdm bar) counts no steps
            batch, batch_total = n, tot
        else:
            if tot is None and seg[m.end("word"):m.end("word") + 1] in ("s", "S"):
                held = _HELD_OUT_BEFORE.search(seg, max(0, m.start() - 16), m.start())
                if held is not None and _HELD_OUT_KEY.search(seg, m.end()):  # 'Val steps: 19 .. val_loss: 4.35'
                    spans.append((held.start(), m.end()))
                    continue
            if step is not None:
                continue
            step, step_total = n, tot
        spans.append((m.start(), m.end()))
    if step is None and epoch is None and "%|" in seg:
        t = TQDM_STEPS.search(seg)
        if t is not None:
            step, step_total = int(t.group(1)), int(t.group(2))
            spans.append((t.start(), t.end()))
    if not spans:
        return Markers(), seg
    out = seg
    for a, b in sorted(spans, reverse=True):
        out = out[:a] + _GAP + out[b:]
    return Markers(epoch, epoch_total, step, step_total, batch, batch_total, bar, bar_total), out


_UNNAMED_SPLIT = re.compile(r"[\s,;|]+")
_STAND_IN = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|[-+]?(?:nan|inf)", re.IGNORECASE)


def unnamed_values(text: str) -> list[str] | None:
    """The numbers of a text that holds numbers alone ('nan, nan, 0.31', '2.6496 0.1'), separated by spaces, commas,
    semicolons or pipes; None if anything else is there."""
    cells = [c for c in _UNNAMED_SPLIT.split(text) if c]
    return cells if cells and all(_STAND_IN.fullmatch(c) for c in cells) else None


# a value named by its split alone, maybe after a qualifier: VideoPose3D/PoseFormer '3d_train 88.13 3d_valid 67.04',
# print(epoch, 'train', loss, 'val', val_loss) as '3 train 0.52 val 0.61'; or by its split and a term the reader does
# not know: TEACH's 'Epoch 57: Train_rf 4.856e-01   Memory 10.0%' (its reconstruction loss), not a count
# ('train_samples 5000', 'val_steps 40')
_SPLIT_ONLY_WORD = r"(?:train|training|trn|val|valid|validation|eval|test)"
SPLIT_ONLY = re.compile(rf"(?<![\w./:=])((?:[A-Za-z0-9]{{1,12}}_)?{_SPLIT_ONLY_WORD}"
                        rf"|{_SPLIT_ONLY_WORD}_(?!(?:samples?|steps?|size|batch(?:es)?|epochs?|iters?|examples?|images?"
                        rf"|len|length|num|count|n|time|seconds?|secs?|ms)\b)[A-Za-z][A-Za-z0-9]{{0,11}})"
                        rf"[ \t]*[:=]?[ \t]+({_NUM}){_END}", re.IGNORECASE)


SPLIT_ONLY_TAG = "\x00split-only "

# an epoch's summary that assigns each split its loss: svoice/demucs/denoiser's solver 'Epoch 2: train=-5.89136
# valid=-17.62505 best=-17.62505' (best: the best validation so far, a tracker, not read)
SPLIT_ASSIGNED = re.compile(rf"(?<![\w./:=-])(train|training|trn|val|valid|validation|test|dev)[ \t]*=[ \t]*({_NUM}){_END}",
                            re.IGNORECASE)


SPLIT_ASSIGNED_TAG = "\x00split-assigned "


def split_assigned(text: str) -> list[tuple[str, str]]:
    """('train loss', value text) of each split assigned its value by '=' on a line ('train=-2.87 valid=-15.03')."""
    if "=" not in text:
        return []
    return [(f"{m.group(1)} loss", m.group(2)) for m in SPLIT_ASSIGNED.finditer(text)]


# the total of a loss printed as its terms and their sum, named 'total' alone: SIBA's '[total 0.298] [joint 0.005]
# [intensity 0.149] [sobel 0.228]' (read only when the log names no metric at all: see text_log.finish)
TOTAL_FIELD = re.compile(rf"(?<![\w./-])(total)(?:[ \t]*[:=][ \t]*|[ \t]+)({_NUM}){_END}", re.IGNORECASE)
TOTAL_TAG = "\x00total "


def total_pairs(text: str) -> list[tuple[str, str]]:
    """(name, value text) of the values named 'total' alone on a line."""
    if "otal" not in text and "OTAL" not in text:
        return []
    return [(m.group(1), m.group(2)) for m in TOTAL_FIELD.finditer(text)]


# a tqdm postfix key that carries its own colon: set_postfix({"loss: ": loss}) prints 'loss: =6.78'
POSTFIX_COLON = re.compile(r"(?<=\w)[ \t]*:[ \t]*=(?!=)")


def postfix_colon(seg: str) -> str:
    """'loss: =6.78' -> 'loss=6.78': the colon is part of the key a tqdm postfix prints before its '='."""
    return POSTFIX_COLON.sub("=", seg) if ":=" in seg or ": =" in seg else seg


# Python 2's print(t, loss) prints a tuple: '(99, 0.5230)', "(3, 'loss', 0.52)", "('epoch', 3, 'loss:', 0.52)"
PY2_TUPLE = re.compile(r"^[ \t]*\(([^()]{1,400})\)[ \t]*$")
_TUPLE_CELL = re.compile(rf"(?:{_NUM})|'[^'\\]{{0,60}}'|\"[^\"\\]{{0,60}}\"", re.IGNORECASE)


def py2_tuple(seg: str) -> str:
    """"(3, 'loss', 0.52)" -> '3 loss 0.52': a printed tuple of numbers and quoted words, as Python 3's print of the
    same arguments shows it (other text in parentheses, or integers alone, are left as they are)."""
    m = PY2_TUPLE.match(seg)
    if m is None:
        return seg
    cells = [c.strip() for c in m.group(1).split(",")]
    if len(cells) < 2 or not all(_TUPLE_CELL.fullmatch(c) for c in cells) \
            or not any(c[:1] not in "'\"" and not c.lstrip("-+").isdigit() for c in cells):
        return seg  # integers alone are a shape or a count ('(60000, 28, 28)'), no measured value
    return " ".join(c[1:-1] if c[:1] in "'\"" else c for c in cells)


# a metric printed as the call that computes it, Flux.jl's model-zoo '@show loss(x, y)': 'loss(x, y) = param(0.0913)',
# 'accuracy(m, x, label, 0.0:9) = 0.105' (Tracker's param(..) wraps the value as a tensor(..) does)
CALL_SHOWN = re.compile(rf"^[ \t]*([A-Za-z_]\w{{0,40}})\([^()=]{{0,200}}\)[ \t]*=[ \t]*(?:param\([ \t]*)?({_NUM})"
                        r"[ \t]*\)?[ \t]*$", re.IGNORECASE)


def call_shown(seg: str) -> str:
    """'loss(x, y) = param(0.0913)' -> 'loss = 0.0913': the call's arguments are no part of the metric's name."""
    m = CALL_SHOWN.match(seg)
    return seg if m is None else f"{m.group(1)} = {m.group(2)}"


# a line that says training is over, before its final values: paddle's 'finished training， loss [0.0202]',
# 'Training finished. loss: 0.02', 'Done training, loss = ..'
TRAINING_DONE = re.compile(r"^[ \t]*(?:(?:finish(?:ed)?|done|end(?:ed)?|complet(?:ed|e))[ \t]+training|training[ \t]+"
                           r"(?:is[ \t]+)?(?:finish(?:ed)?|done|end(?:ed)?|complet(?:ed|e)))\b", re.IGNORECASE)


# a line that names itself a summary before its first number ('final loss:0.2758', 'Test set results: loss= 1.9461',
# 'Best test bbox ap is 0.915', 'Training completed. Final accuracy: 99.06%'): after the run's last counter it reports
# the kept model or a held-out pass, not a training point ('final epoch: ...' names a position: not one)
SUMMARY_LINE = re.compile(r"^[^\d\n]*?\b(?:final|best|test(?:ing)?|restor(?:ed|ing)|eval(?:uation)?[ \t_]results?)\b"
                          r"(?![ \t:]*(?:epoch|step|iter(?:ation)?|batch)\b)", re.IGNORECASE)


# Caffe marks the output of a loss layer with its weight: 'Test net output #2: ctcloss = 0 (* 1 = 0 loss)'
CAFFE_LOSS_MARK = re.compile(r"[ \t]*\([ \t]*\*[^()]{0,80}?\bloss[ \t]*\)")


def split_only_pairs(text: str) -> list[tuple[str, str]]:
    """(name, value text) of the values a line names by a split word alone ('3d_valid 67.04'); read only when the
    log names no metric at all."""
    if "rain" not in text and "al" not in text and "est" not in text:
        return []
    return [(m.group(1), m.group(2)) for m in SPLIT_ONLY.finditer(text)]


def metric_pairs(text: str) -> list[tuple[str, str]]:
    """(key, value text) pairs on a segment whose counters were removed, in the order printed."""
    found: list[tuple[int, str, str]] = []
    used = bytearray(len(text))  # 1 where a pair sits already: linear in the text, not in pairs squared

    def free(a: int, b: int) -> bool:
        return used.find(1, a, b) < 0

    def take(a: int, b: int) -> None:
        used[a:b] = b"\x01" * (b - a)

    for m in PAIR_SLASH.finditer(text):
        names, values = m.group(2).split("/"), m.group(4).split("/")
        if len(names) != len(values):
            continue
        take(m.start(), m.end())
        found.extend((m.start(), " ".join(w for w in (m.group(1), name, m.group(3)) if w), value)
                     for name, value in zip(names, values))
    lead: tuple[int, str, str] | None = None  # the first key printed, kept or not: 'validation abs_REL: 0.19 RMSE: 6.1'
    for rx in (PAIR_EQUAL, PAIR_COLON):
        for m in rx.finditer(text):
            if lead is None or m.start() < lead[0]:
                lead = (m.start(), m.group(1), m.group(2))
            key = _trim_key(m.group(1))
            if key is None or not free(m.start(2), m.end(2)) or _truncated(text, m):
                continue
            take(m.start(), m.end())
            found.append((m.start(), key, m.group(2)))
    for m in PAIR_SPACE.finditer(text):
        if not free(m.start(), m.end()) or _truncated(text, m):
            continue
        key = _space_key(m.group(1))
        if key is not None:
            take(m.start(), m.end())
            found.append((m.start(), key, m.group(2)))
    if " is " in text:
        for m in PAIR_IS.finditer(text):
            key = _space_key(m.group(1))
            if key is not None and free(m.start(), m.end()) and not _truncated(text, m):
                take(m.start(), m.end())
                found.append((m.start(), key, m.group(2)))
    found.sort(key=lambda t: t[0])
    if "[" in text and len(found) > 1:
        found = _group_qualified(text, found)
    headings = [(m.start(), _heading_word(m.group(1) or m.group(2) or m.group(3))) for m in SPLIT_HEADING.finditer(text)] \
        if found else []
    pairs = [(_under_heading(_loss_function(k), pos, headings), v) for pos, k, v in found]
    if lead is not None and _split_count(lead[1], lead[2]) and any(_held_out_named(k) for _, k, _ in found):
        lead = None  # 'Val steps: 19 .. loss: 4.97 .. val_loss: 4.35': the line names its held-out values itself
    return _line_split(pairs, lead[1] if lead is not None and (not found or lead[0] < found[0][0]) else None)


# a split word, then a count word, then a whole number: the size of (or a position in) that split's pass. It heads the
# metrics after it only when none of them names its own split: Poutyne's epoch line 'Epoch: 1/5 Train steps: 57 Val
# steps: 19 5.18s loss: 4.97 acc: 4.45 val_loss: 4.35' names its validation values 'val_', so its bare 'loss' is
# training's (the Keras convention); LoRA's 'eval samples: 100 loss: tensor(1.31)' is the evaluation's loss
_SPLIT_COUNT = re.compile(r"(?i)^(?:train(?:ing)?|val(?:id(?:ation)?)?|eval(?:uation)?|test(?:ing)?|dev)[ \t_]+"
                          r"(?:steps|batches|samples|examples|iters|iterations|images)$")


def _split_count(key: str, value: str) -> bool:
    """'Val steps: 19': a count of the validation pass's batches."""
    return value.isdigit() and _SPLIT_COUNT.match(key.strip()) is not None


def _held_out_named(key: str) -> bool:
    """'val_loss', 'test acc': a key that names its held-out split itself."""
    return names_split(key) and classify(key).split in (Split.VAL, Split.TEST)


# a loss function named without the word 'loss': TF's retrain.py 'Cross entropy = 0.30', GluonCV's SSD
# 'CrossEntropy=19.1, SmoothL1=3.9'
_LOSS_FUNCTION = re.compile(r"(?i)(?:cross[\s_-]?entropy|smooth[\s_-]?l1)$")


# a split's first letter glued to the metric: 'tloss: 0.60, vloss: 0.54' (train and validation loss)
_GLUED_SPLIT = re.compile(r"(?i)^(?:([tv])|(v)_)(loss|acc)$")  # 'tloss', 'vloss', 'v_acc'; not 't_loss' (a total?)


# a loss written as in a paper, L with a one-letter subscript: 'Le' (the embedding loss VSE++, SCAN and their
# descendants print), 'Lg', 'Ld'; not 'Lr'. ('L_rec' may be a loss weight in a printed config: not read.)
_MATH_LOSS = re.compile(r"^L[a-qs-z]$")
# the loss terms BasicSR, mmediting and ESRGAN-style trainers print: 'l_pix: 3.2145e-02', 'l_g_percep', 'l_d_real'
_TERM_LOSS = re.compile(r"^[lL]_(?!r(?:ate)?$)[A-Za-z][A-Za-z0-9_]*$")


# a two-stage detector's loss terms named by stage and head, as faster-rcnn.pytorch and its cascade forks print them:
# 'rpn_cls: 0.69, rpn_box: 0.01, rcnn_cls: 3.04, rcnn_box 0.09', 'rcnn_cls_2nd'
_DETECTOR_TERM = re.compile(r"(?i)^(?:rpn|rcnn|roi|frcn|fast_rcnn)_(?:cls|box|bbox|reg|loc|obj|conf)"
                            r"(?:_[a-z0-9]{1,8})?$")


def _loss_function(key: str) -> str:
    """'Cross entropy' is the run's loss: read as 'Cross entropy loss', which names its kind. 'vloss' is 'val loss'.
    'Le' (a loss in math notation) is 'Le loss'."""
    if key[:1] == "L" and len(key) == 2 and _MATH_LOSS.match(key):
        return f"{key} loss"
    if key[1:2] == "_" and key[:1] in "lL" and _TERM_LOSS.match(key) and classify(key).kind is Kind.OTHER:
        return f"{key} loss"
    if len(key) < 24 and "_" in key and _DETECTOR_TERM.match(key) and classify(key).kind is Kind.OTHER:
        return f"{key} loss"
    if len(key) < 7 and key[:1] in "tvTV":
        glued = _GLUED_SPLIT.match(key)
        if glued is not None:
            return ("train " if (glued.group(1) or "v") in "tT" else "val ") + glued.group(3)
    if key[-1:] in "yY1" and _LOSS_FUNCTION.search(key) and classify(key).kind is not Kind.LOSS:  # 'L1': an error
        return f"{key} loss"
    if key[-7:].lower() == "logloss":  # XGBoost/LightGBM 'train-logloss', 'mlogloss': the objective's log loss
        return f"{key} loss"
    return key


_HELD_OUT_WORDS = frozenset({"val", "valid", "validation", "vali", "eval", "evaluation", "dev", "validate", "test",
                             "testing", "tst", "holdout"})
_EVIDENCE_KINDS = frozenset({Kind.LOSS, Kind.ACCURACY, Kind.ERROR_RATE, Kind.ERROR, Kind.SCORE})


def _line_split(pairs: list[tuple[str, str]], lead: str | None = None) -> list[tuple[str, str]]:
    """A line whose first key starts with a held-out split word names that split for the metrics after it:
    'val Loss: 0.76 Acc: 0.0' (the PyTorch transfer-learning tutorial) is val Loss and val Acc; so does a first key
    that is no series itself ('validation abs_REL: 0.19 RMSE: 6.16', GluonCV monodepth2). Settings printed first
    ('lr: 0.0001, val loss: 152.7, acc: 44.9') do not count: the first evidence key decides, and no key after it may
    name the training split."""
    if not pairs:
        return pairs
    start = 0
    if lead is not None and lead.split(" ", 1)[0].lower() in _HELD_OUT_WORDS and " " in lead:
        first, start = lead.split(" ", 1), 0
    else:
        start = next((i for i, (k, _) in enumerate(pairs) if classify(k).kind in _EVIDENCE_KINDS), len(pairs))
        if start >= len(pairs) - 1:
            return pairs
        first = pairs[start][0].split(" ", 1)
        start += 1
    if len(first) < 2 or first[0].lower() not in _HELD_OUT_WORDS:
        return pairs
    if any(classify(k).split is Split.TRAIN and names_split(k) for k, _ in pairs[start:]):
        return pairs
    out = pairs[:start]
    for key, value in pairs[start:]:
        if not names_split(key) and classify(key).kind in _EVIDENCE_KINDS:
            key = f"{first[0]} {key}"
        out.append((key, value))
    return out


_GROUP = re.compile(r"\[([^\[\]]*)\]")
_QUALIFIED = re.compile(r"^([A-Za-z]{1,3}) (?:loss|Loss|LOSS)$")


def _group_qualified(text: str, found: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    """A bracketed group opened by a qualified loss names the model its other keys measure: Keras-GAN's
    '[D loss: 0.69, acc.: 50%] [G loss: 0.70]' prints the discriminator's accuracy, 'D acc' (not one 'acc' that the
    generator's group overwrites)."""
    out = list(found)
    j = 0  # found is sorted by position and groups do not overlap: one pass over both (linear in the line)
    for g in _GROUP.finditer(text):
        while j < len(out) and out[j][0] < g.start(1):
            j += 1
        inside = []
        while j < len(out) and out[j][0] < g.end(1):
            inside.append(j)
            j += 1
        if len(inside) < 2:
            continue
        q = _QUALIFIED.match(out[inside[0]][1])
        if q is None:
            continue
        for i in inside[1:]:
            pos, key, value = out[i]
            if " " not in key and not names_split(key):
                out[i] = (pos, f"{q.group(1)} {key.rstrip('.')}", value)
    return out


def _heading_word(word: str) -> str:
    """A heading's split word as a key prefix: 'evalution' (PaddleNLP's spelling) is 'eval'."""
    return "eval" if word[:4].lower() == "eval" else word


def _under_heading(key: str, pos: int, headings: list[tuple[int, str]]) -> str:
    """'Average loss' after 'Test set:' is 'Test Average loss'; a key that names its own split is kept."""
    head = next((h for p, h in reversed(headings) if p < pos), None)
    if head is None or any(t in _SPLIT_WORDS for t in tokens(key)) or key.lower().startswith("val"):
        return key
    return f"{head} {key}"


def _truncated(text: str, m: re.Match[str]) -> bool:
    """'loss: 0.' cut off by a paste or a crash: an integer, then a dot that ends the line ('0.718.' is fine)."""
    end = m.end(2)
    return text[end:end + 1] == "." and not text[end + 1:].strip() and m.group(2).isdigit()


def _trim_key(key: str) -> str | None:
    """A printed key as a series name; None for counters and noise ('ETA', 'time', 'it/s')."""
    words = SPACE_RUN.sub(" ", _loss_function(key.strip())).split(" ")
    while len(words) > 1 and words[0].lower() in _FILLER:  # "and loss" -> "loss"
        words = words[1:]
    key = " ".join(words)
    low = key.lower()
    if low in _MARKER_WORDS or low in NOISE_KEYS or SOURCE_FILE.search(low) or TIMING_COST.match(low) \
            or (len(words) > 1 and words[0].lower() in _SUMMARY_WORDS) or low.startswith(_BOUND_PREFIXES) \
            or (_DURATION.search(low) and classify(key).kind is not Kind.TIME):
        return None
    if len(words) > 1:  # "Starting training with lr" -> "lr": keep the words that name the metric
        info = classify(key)
        while len(words) > 1 and words[0].isalpha() and words[0].lower() not in SPACE_MODIFIERS \
                and classify(" ".join(words[1:])) == info:
            words = words[1:]
        key = " ".join(words)
        if len(words) > 1 and info.kind not in _METRIC_KINDS:
            return None
        if len(words) > 1 and words[-1].lower() in ("ppl", "perplexity"):  # Megatron's 'lm loss PPL': the loss's
            key = " ".join(w for w in words if w.lower() != "loss")  # perplexity, exp(loss), not a second loss
    return key


_SPLIT_AFTER = frozenset({"train", "training", "val", "valid", "validation", "eval", "test", "dev"})
_METRIC_BEFORE_SPLIT = frozenset({"loss", "acc", "accuracy", "ppl", "perplexity", "error", "err"})


def _space_key(key: str) -> str | None:
    """A 'key value' pair is only trusted when the key is a known metric name ('loss 0.41', 'val loss 2.3')."""
    words = key.split(" ")
    if len(words) == 2 and words[1].lower() in _SPLIT_AFTER and words[0].lower() in _METRIC_BEFORE_SPLIT:
        words = [words[1], words[0]]  # 'loss train 1.505', 'loss validation 1.491': the split named after the metric
    if len(words) == 2 and words[0].lower() not in SPACE_MODIFIERS:
        words = words[1:]
    key = _loss_function(" ".join(words))
    low = key.lower()
    if low in _MARKER_WORDS or low in NOISE_KEYS or TIMING_COST.match(low):
        return None
    return key if classify(key).kind in _METRIC_KINDS else None


def hf_dict(seg: str) -> dict[str, str] | None:
    """A Hugging Face Trainer stdout dict as {key: value text}; None if the segment is not one."""
    if not HF_DICT.match(seg):
        return None
    try:
        obj = ast.literal_eval(seg.strip())
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return {k: v for k, v in HF_PAIR.findall(seg)} or None
    if not isinstance(obj, dict):
        return None
    return {str(k): str(v) for k, v in obj.items() if isinstance(v, (int, float, str))}


# spaCy's losses dict, keyed by pipeline component, that nlp.update() fills and the training examples print once an
# iteration: "{'ner': 117.39}", Python 2's "{u'ner': 9.6e-09}", "Losses {'tagger': 0.0, 'parser': 3.2}"
SPACY_COMPONENTS = ("ner", "tagger", "parser", "textcat", "textcat_multilabel", "tok2vec", "transformer", "senter",
                    "morphologizer", "entity_linker", "spancat", "trainable_lemmatizer", "beam_ner", "beam_parser")
_SPACY_ITEM = rf"u?['\"](?:{'|'.join(SPACY_COMPONENTS)})['\"][ \t]*:[ \t]*(?:{_NUM})"
SPACY_LOSSES = re.compile(rf"^[ \t]*(?:Losses?[ \t]*:?[ \t]*)?\{{[ \t]*{_SPACY_ITEM}(?:[ \t]*,[ \t]*{_SPACY_ITEM})*[ \t]*,?"
                          r"[ \t]*\}[ \t]*$", re.IGNORECASE)
_SPACY_PAIR = re.compile(rf"u?['\"]([a-z_]+)['\"][ \t]*:[ \t]*({_NUM})", re.IGNORECASE)


def spacy_losses(seg: str) -> list[tuple[str, str]] | None:
    """('ner loss', value text) of each component in a spaCy losses dict, or None if the segment is not one."""
    if SPACY_LOSSES.match(seg) is None:
        return None
    return [(f"{name.lower()} loss", value) for name, value in _SPACY_PAIR.findall(seg)]


# a JSON object printed after a label, one per epoch: torch7 wide-resnets 'json_stats: {"epoch":1,"loss":1.39,...}'
PREFIXED_JSON = re.compile(r"^\s*[A-Za-z][\w.\- ]{0,40}:\s*(\{.*\})\s*$")
_JSON_NONFINITE = re.compile(r":\s*(-?)(nan|inf)\b", re.IGNORECASE)
JSON_COUNTERS = ("epoch", "step", "iter", "iteration", "global_step")


def prefixed_json(seg: str) -> dict[str, float] | None:
    """The numbers of a 'label: {json}' record that counts its epoch or step; None if the segment is not one."""
    m = PREFIXED_JSON.match(seg)
    if m is None:
        return None
    text = m.group(1)
    if "nan" in text or "inf" in text:  # Lua's cjson prints NaN as 'nan' or '-nan', and inf as 'inf'
        text = _JSON_NONFINITE.sub(lambda n: ":NaN" if n.group(2).lower() == "nan" else f":{n.group(1)}Infinity", text)
    try:
        obj = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(obj, dict):
        return None
    out = {str(k): _as_float(v) for k, v in obj.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
    return out if any(k in out for k in JSON_COUNTERS) else None


def _as_float(v: int | float) -> float:
    """A JSON number as a float: an integer of 309+ digits is +-inf (float() would raise)."""
    try:
        return float(v)
    except OverflowError:
        return math.inf if v > 0 else -math.inf


def _cells(s: str) -> list[str]:
    """Cells of a table line: pipe-separated if it has pipes (markdown), comma-separated if it has commas (a CSV
    such as Lightning's metrics.csv pasted into a post: empty cells are kept, they are missing values), else
    whitespace-separated (fastai)."""
    s = s.strip().strip("|").strip()
    if "|" not in s and "," in s:
        return [c.strip() for c in s.split(",")]
    parts = PIPE_SPLIT.split(s) if "|" in s else s.split()
    return [c.strip() for c in parts if c.strip()]


def looks_like_header(seg: str) -> bool:
    """A cheap test before `table_header`: the line starts with a counter column, or a pipe table names one, or a
    table of aligned columns without pipes ('Training Loss  Epoch  Step  Validation Loss') does."""
    return TABLE_START.match(seg) is not None or SPACY_HEADER.match(seg) is not None or ("|" in seg and PIPE_COUNTER.search(seg) is not None) \
        or (("\t" in seg or "  " in seg) and "|" not in seg and WIDE_COUNTER.search(seg) is not None) \
        or ("oss " in seg and SPLIT_LOSS_START.match(seg) is not None)


# a model card's table one space apart starts with its training loss, its counters after: 'Training Loss Epoch Step'
SPLIT_LOSS_START = re.compile(r"(?i)[ \t]*(?:training|train)[ \t]+loss[ \t]+(?:epoch|step)[ \t]")


# a counter column of a table whose columns are tabs or runs of two or more spaces apart (a Hugging Face model card's
# 'Training results' table pasted without its pipes, the Trainer's notebook table copied as text)
WIDE_COUNTER = re.compile(r"(?i)(?:^|(?<=\t)|(?<=  ))(?:epoch|step|iter|iteration)(?=\t|  |[ \t]*$)")
WIDE_SPLIT = re.compile(r"\t[ \t]*| {2,}\t?")


def wide_cells(s: str) -> list[str]:
    """Cells of a line whose columns are tabs or two or more spaces apart: names of several words stay one cell."""
    return [c.strip() for c in WIDE_SPLIT.split(s.strip()) if c.strip()]


def _join_split_words(cells: list[str]) -> list[str]:
    """A space-separated header whose names lost their underscore in a paste ('epoch train loss valid loss'): a split
    word and the metric word after it are one column ('train loss'), as the rows' cell count then shows."""
    out: list[str] = []
    i = 0
    while i < len(cells):
        if i + 1 < len(cells) and cells[i].lower() in _SPLIT_WORDS and cells[i + 1].lower() in _COLUMN_METRIC_WORDS:
            out.append(f"{cells[i]} {cells[i + 1]}")
            i += 2
        else:
            out.append(cells[i])
            i += 1
    return out


_COLUMN_METRIC_WORDS = frozenset({"loss", "acc", "accuracy", "error", "err", "perplexity", "ppl", "metric"})  # DeepXDE: "Test metric"
# YOLOv5's epoch table ('Epoch gpu_mem box obj cls total labels img_size'): box/obj/cls are its loss terms and
# 'total' their sum (later versions print 'box_loss obj_loss cls_loss'); only under a header with a GPU memory column
_YOLO_MEMORY = frozenset({"gpu_mem", "gpu_memory", "mem"})
_YOLO_LOSS_TERMS = frozenset({"box", "obj", "cls", "dfl", "seg", "l1", "iou", "kpt", "kobj"})


def _yolo_names(cells: list[str]) -> list[str]:
    """YOLOv5 loss-term columns named as losses ('box' -> 'box_loss', 'total' -> 'loss'); other headers unchanged."""
    low = [c.lower() for c in cells]
    if not any(c in _YOLO_MEMORY for c in low) or not any(c in _YOLO_LOSS_TERMS for c in low):
        return cells
    return ["loss" if c == "total" else f"{n}_loss" if c in _YOLO_LOSS_TERMS else n for n, c in zip(cells, low)]


# YOLO's validation after each epoch's row: 'Class  Images  Instances  P  R  mAP50  mAP50-95: 100%|##| 2/2 [..]'
# (v5 up to 6.x 'Labels ... mAP@.5 mAP@.5:.95', v8 'Box(P R mAP50 mAP50-95) Mask(P ..)'), then its row over all classes
# 'all  60  61  0.988  0.988  0.995  0.92': the images and instances counted, then one value a name
YOLO_VAL_HEADER = re.compile(r"^[ \t]*Class[ \t]+Images[ \t]+(?:Instances|Labels|Targets)[ \t]+(?=[A-Za-z(])")
YOLO_VAL_ROW = re.compile(r"^[ \t]*all[ \t]+\d+[ \t]+\d+[ \t]+(?=\d)")
_YOLO_VAL_WORDS = {"p": "precision", "r": "recall"}


def yolo_val_names(seg: str) -> list[str] | None:
    """The validation metrics a YOLO 'Class Images Instances P R ..' header names ('val mAP50-95', 'val Mask
    precision'), or None if it is not one."""
    m = YOLO_VAL_HEADER.match(seg)
    if m is None:
        return None
    names: list[str] = []
    group = ""
    for word in seg[m.end():].split(": ", 1)[0].split():
        if "(" in word:  # 'Box(P': the group's name is part of each name inside it
            g, _, word = word.partition("(")
            group = f"{g} " if g else ""
        last = word.endswith(")")
        word = word.rstrip(")")
        if word:
            names.append(f"val {group}{_YOLO_VAL_WORDS.get(word.lower(), word)}")
        if last:
            group = ""
    return names or None


def yolo_val_row(seg: str, n: int) -> list[str] | None:
    """The n values of YOLO's 'all' validation row, or None if the line is not one."""
    m = YOLO_VAL_ROW.match(seg)
    if m is None:
        return None
    cells = seg[m.end():].split()
    if len(cells) != n or not all(re.fullmatch(_NUM, c, re.IGNORECASE) for c in cells):
        return None
    return cells


# spaCy's `spacy train` table: v3 'E    #       LOSS TOK2VEC  LOSS NER  ENTS_F  ENTS_P  ENTS_R  SCORE' (E the epoch,
# # the step), v2.1+ 'Itn  Dep Loss  NER Loss  UAS  NER P  NER R  NER F  Tag %  Token %  CPU WPS' and v2.0's
# tab-separated 'Itn.\tP.Loss\tN.Loss\tUAS\tNER P.\tNER R.\tNER F.\tTag %\tToken %' (Itn the epoch). Its loss
# columns are each component's training loss summed since the last row; its scores are measured on the dev set.
SPACY_HEADER = re.compile(r"^[ \t]*(?:E[ \t]+#|Itn\.?)(?=\t|  )")
_SPACY_COUNTERS = {"e": "epoch", "#": "step", "itn": "epoch", "itn.": "epoch"}
_SPACY_SHORT_LOSS = {"p.loss": "parser loss", "n.loss": "ner loss", "t.loss": "tagger loss"}
_SPACY_LOSS = re.compile(r"(?i)^(?:loss[ _]([a-z][\w-]*)(?:\.\.\.)?|([a-z][\w-]*)\.?[ _]loss)$")  # v3 cuts a long
#                                                               name to 13 characters: 'LOSS TEXTC...' (textcat_multilabel)
_SPACY_SCORE = re.compile(r"(?i)^([a-z]+)[ _](f|p|r|acc|score|uas|las|%)\.?$")
_SPACY_SCORE_WORDS = {"f": "f1", "p": "precision", "r": "recall", "acc": "accuracy", "%": "accuracy"}


def spacy_header(seg: str) -> list[str] | None:
    """The column names of a spaCy training table's header, as the reader knows them ('LOSS NER' -> 'ner loss',
    'ENTS_F' -> 'ents f1', 'Tag %' -> 'tag accuracy', 'E' -> 'epoch', '#' -> 'step'), or None if it is not one. A
    score's name it cannot place ('UAS', 'CPU WPS') is kept and read as nothing."""
    if SPACY_HEADER.match(seg) is None:
        return None
    names = []
    for cell in wide_cells(seg):
        low = cell.lower()
        loss = _SPACY_LOSS.match(cell)
        score = _SPACY_SCORE.match(cell)
        if low in _SPACY_COUNTERS:
            names.append(_SPACY_COUNTERS[low])
        elif low in _SPACY_SHORT_LOSS:
            names.append(_SPACY_SHORT_LOSS[low])
        elif loss is not None:
            names.append(f"{(loss.group(1) or loss.group(2)).lower()} loss")
        elif score is not None and score.group(2).lower() not in ("uas", "las"):
            word = score.group(2).lower()
            names.append(f"{score.group(1).lower()} {_SPACY_SCORE_WORDS.get(word, word)}")
        else:
            names.append(cell)
    return names if len(names) >= 3 and any(n.endswith(" loss") for n in names) else None


def table_header(seg: str) -> list[str] | None:
    """Column names of a results-table header ('epoch train_loss valid_loss accuracy time'), or None."""
    if ("#" in seg or "Itn" in seg) and (spacy := spacy_header(seg)) is not None:
        return spacy
    cells = _cells(seg)
    joined_first = False
    if "|" not in seg and "," not in seg:
        cells = _yolo_names(_join_split_words(cells))
        joined_first = bool(cells) and " " in cells[0]  # a Hugging Face model card's table pasted with its columns
        #   one space apart: 'Training Loss Epoch Step Validation Loss Accuracy F1', the counter after the loss
    elif ")" in seg:
        cells = [_glossed(c) for c in cells]
    if "|" in seg and (" on " in seg or " em " in seg):
        cells = [_on_data(c) for c in cells]
    found = _header_cells(cells, "|" in seg or joined_first)
    if found is None and "|" not in seg and "," not in seg and ("\t" in seg or "  " in seg):
        found = _header_cells(wide_cells(seg), True)  # aligned columns: 'Training Loss  Epoch  Step  Validation Loss'
    return found


def _header_cells(cells: list[str], any_position: bool) -> list[str] | None:
    """The cells as a results-table header, or None: names only, a counter among them (first, unless the columns are
    marked by pipes or alignment) and at least one metric."""
    if len(cells) < 2 or not any(c.lower() in COUNTER_CELLS for c in cells):
        return None
    if not any_position and cells[0].lower() not in COUNTER_CELLS:  # space-separated: the counter comes first
        return None
    if not all(HEADER_CELL.fullmatch(c) for c in cells):  # (an empty cell is no name either)
        return None
    if not any(classify(c).kind in _METRIC_KINDS for c in cells if c.lower() not in COUNTER_CELLS):
        return None
    return cells


# a metric measured on named data, 'loss on the other sentence', mini-gpt's "loss em 'a gata está na casa'" (loss on
# another sentence than the one it trains on): that data's held-out metric, unless the data named is a split
_ON_DATA = re.compile(r"(?i)^(loss|acc|accuracy|perplexity|ppl)[ \t]+(?:on|em)[ \t]+(.{1,80})$")
_NOT_NAME = re.compile(r"[^\w ./-]+")


def _on_data(cell: str) -> str:
    """A header cell 'loss on <data>' as 'holdout loss (<data>)' (a split named as the data: '<split> loss')."""
    m = _ON_DATA.match(cell)
    if m is None:
        return cell
    data = m.group(2).strip().strip("'\"").strip()
    if not data:
        return cell
    if names_split(data):
        return f"{data} {m.group(1)}"
    return f"holdout {m.group(1)} ({_NOT_NAME.sub('', data).strip()})"


# a table cell holding a list of numbers, DeepXDE's '[9.15e-01, 5.93e-02]' or '[]'
_NUMBER_LIST = re.compile(rf"\[[ \t]*((?:{_NUM})(?:[ \t]*,[ \t]*(?:{_NUM})){{0,63}})?[ \t]*\]")


def number_list(cell: str) -> list[str] | None:
    """The numbers of a '[a, b, ...]' cell as printed ([] for '[]'), or None if the cell is no such list."""
    m = _NUMBER_LIST.fullmatch(cell.strip())
    if m is None:
        return None
    return [t.strip() for t in m.group(1).split(",")] if m.group(1) else []


_GLOSS = re.compile(r"\(([A-Za-z][\w ./%-]*)\)$")


def _glossed(cell: str) -> str:
    """A header in another language glossed in English, 'Değerlendirme Kaybı (Eval Loss)': the English name, when the
    cell as a whole names no metric or counter."""
    m = _GLOSS.search(cell)
    if m is None or cell.lower() in COUNTER_CELLS or classify(cell).kind is not Kind.OTHER:
        return cell
    inner = m.group(1).strip()
    return inner if inner.lower() in COUNTER_CELLS or classify(inner).kind is not Kind.OTHER else cell


def table_row(seg: str, header: list[str], spans: list[tuple[int, int]] | None = None) -> tuple[list[str], bool] | None:
    """The cells of a table row under `header` and whether its counter printed its total ('70/1000': an absolute
    epoch, never numbered on from an earlier table), or None if the line is not such a row (its counters are
    numbers). `spans`: the columns of the dash rule under the header (tabulate, skorch's history), which place the
    cells of a row with an empty one (skorch's checkpoint column '+' or nothing)."""
    bar = ROW_BAR.search(seg) if "%" in seg else None
    if bar is not None:  # YOLOv5: the row's last cell, then its tqdm bar '640: 100%|████| 104/104 [16:10<00:00, ...'
        seg = seg[:bar.start()]
    cells = _cells(seg)
    if len(cells) == len(header) + 1 and ROW_TIME.fullmatch(cells[-1]):
        cells = cells[:-1]
    if len(cells) != len(header) and "|" not in seg and ("\t" in seg or "  " in seg):
        cells = wide_cells(seg)  # 'No log         1.0    250   0.2917': aligned cells of several words
    if len(cells) == len(header) + 1 and cells[0] == "No" and cells[1] == "log":
        cells = ["No log"] + cells[2:]  # the model card's 'No log 1.0 250 0.2917' one space apart
    if len(cells) < len(header) and spans is not None and len(seg.rstrip()) <= spans[-1][1] + 2:
        cells = [seg[a:b].strip() for a, b in spans]  # a cell left empty: the rule's columns place the others
        if not all(cells[i] for i, h in enumerate(header) if h.lower() in COUNTER_CELLS):
            return None
    if len(cells) != len(header):
        return None
    cells = [CELL_MARK.sub("", c) if c[-1:] and not c[-1].isalnum() and c[-1] not in "%)]" else c for c in cells]
    if len(cells) != len(header):
        return None
    counters = [i for i, h in enumerate(header) if h.lower() in COUNTER_CELLS]
    absolute = False
    for i in counters:
        m = COUNTER_CELL.fullmatch(cells[i])
        if m is None and cells[i].endswith(")"):  # '250 (best checkpoint)': the counter, then a note on the row
            m = COUNTER_CELL.fullmatch(cells[i].partition("(")[0].strip())
        if m is None:
            return None
        absolute = absolute or m.group(2) is not None
        if m.group(1) != cells[i]:  # YOLO's 'Epoch' column prints 'n/N'; a note after the counter
            cells = cells[:i] + [m.group(1)] + cells[i + 1:]
    return cells, absolute


_LIST_SPLIT = re.compile(r"\s*[,\t]\s*|\s{2,}")
_NAME_CELL = re.compile(r"[A-Za-z_][\w./\-@%]*")
_NAME_WORDS = re.compile(r"[A-Za-z_][\w./\-@%]*(?: [A-Za-z_][\w./\-@%]*)*")


def names_line(seg: str) -> list[str] | None:
    """A line of metric names alone, to be followed by a line of their values: '*****train_loss,train_acc,valid_loss**'
    (decoration stripped). None unless at least two of the names are known metrics."""
    cells = [c for c in _LIST_SPLIT.split(seg.strip().strip("*#=~ ")) if c]
    name = _NAME_CELL if "\t" not in seg else _NAME_WORDS  # tab-separated: 'Learning Rate\tTrain Loss'
    if len(cells) < 2 or not all(name.fullmatch(c) for c in cells):
        return None
    return cells if sum(classify(c).kind in _METRIC_KINDS for c in cells) >= 2 else None


# a pandas DataFrame print ('print(pd.DataFrame(history.history))'): the header names the columns only, indented over
# the index, whose name (when it has one) pandas prints alone on the next line; each row starts with its index
# ('1   0.477424  0.768542  0.719960  0.722550'), one cell more than the header; a long frame elides its middle rows
# with a row of dots ('..       ...       ...')
FRAME_HEADER_INDENT = re.compile(r"^ {2,}(?=\S)")
NAME_ALONE = re.compile(r"[A-Za-z_]\w{0,40}[ \t]*")  # at the line's start: the index's name, no header
# rows left out of a printed table: pandas' '...  ...  ...' row, or a lone '...' a person put for the rows cut from
# a paste (DeepXDE's README: rows 0-2000, '...', row 50000): the table goes on under it
FRAME_ELLIPSIS = re.compile(r"^[ \t]*\.{2,}(?:[ \t]+\.{2,})*[ \t]*$")


def frame_header(seg: str) -> list[str] | None:
    """The column names of a pandas DataFrame print's header line (indented, names alone, one at least a metric and
    none a counter: the index is the counter), or None."""
    if FRAME_HEADER_INDENT.match(seg) is None:
        return None
    cells = seg.split()
    if not all(_NAME_CELL.fullmatch(c) for c in cells) or any(c.lower() in COUNTER_CELLS for c in cells):
        return None
    return cells if any(classify(c).kind in _METRIC_KINDS for c in cells) else None


def frame_row(seg: str, n: int) -> list[str] | None:
    """The cells of a DataFrame row under n column names: its integer index, then n numbers; or None."""
    cells = seg.split()
    if len(cells) != n + 1 or not cells[0].isdigit():
        return None
    return cells if all(re.fullmatch(_NUM, c, re.IGNORECASE) for c in cells[1:]) else None


# Burn's (Rust) terminal dashboard prints a snapshot: a '[Metrics]' block, each metric's value over the epoch so far
# and at the last batch ('  - Train Loss: epoch 2.31 - batch 2.25', '  - Valid Accuracy: epoch 0.00 % - batch 0.00 %'),
# then a '[Progress]' block whose line '  - Iteration 1422 Epoch 2/6' is the counter the values belong to
BURN_METRICS = "[Metrics]"
BURN_METRIC = re.compile(rf"^([ \t]*-[ \t]+[A-Za-z][\w ]{{0,60}}?:)[ \t]+epoch[ \t]+((?:{_NUM})(?:[ \t]*%)?)[ \t]+-[ \t]+"
                         rf"batch[ \t]+(?:{_NUM})(?:[ \t]*%)?[ \t]*$", re.IGNORECASE)
BURN_PROGRESS = re.compile(r"^[ \t]*-[ \t]+Iteration[ \t]+\d{1,18}[ \t]+Epoch[ \t]+\d{1,18}/\d{1,18}[ \t]*$")


def burn_metric(line: str) -> str | None:
    """'  - Train Loss: epoch NaN - batch NaN' -> '  - Train Loss: NaN' (the epoch's value: its running aggregate,
    steadier than the last batch's), or None if the line is no Burn metric line."""
    m = BURN_METRIC.match(line)
    return None if m is None else f"{m.group(1)} {m.group(2)}"


def values_line(seg: str, n: int) -> list[str] | None:
    """The n numbers of the line under a names line (tab-, comma- or space-separated), or None."""
    cells = [c for c in _LIST_SPLIT.split(seg.strip()) if c]
    if len(cells) != n or not all(re.fullmatch(_NUM, c, re.IGNORECASE) for c in cells):
        return None
    return cells



# A notebook's HTML table (Hugging Face Trainer's live output, a pandas DataFrame): "<tr>", "<th>Epoch</th>",
# "<td>0.840900</td>", one tag a line or all on one; attributes never hold '<' or '>' (linear: no scan past one)
HTML_TAG = re.compile(r"<(/?)(tr|td|th)\b[^<>]*>", re.IGNORECASE)
HTML_ANY_TAG = re.compile(r"<[^<>]*>")


def html_rows(line: str, row: list[str] | None) -> tuple[list[str] | None, list[str]]:
    """Feed one line of an HTML table: (the row still open, the rows it closed as pipe-table lines '| a | b |')."""
    done: list[str] = []
    cell_at: int | None = None
    for m in HTML_TAG.finditer(line):
        closing, tag = m.group(1) == "/", m.group(2).lower()
        if tag == "tr":
            if closing and row is not None:
                done.append("| " + " | ".join(row) + " |")
                row = None
            elif not closing:
                row = []
        elif not closing:
            cell_at = m.end()
        elif cell_at is not None and row is not None:
            row.append(HTML_ANY_TAG.sub("", line[cell_at:m.start()]).replace("|", " ").strip())
            cell_at = None
    return row, done


# PaddleOCR's train line formats each value '{:x<6f}': a float fills its width, so only nan and inf show the fill,
# 'loss: nanxxx', 'CTCLoss: infxxx' (a '-inf' fills to '-infxx'); the fill is no part of the value
PADDED_NONFINITE = re.compile(r"(?<![\w.])([-+]?(?:nan|inf))x{1,5}(?![\w.])", re.IGNORECASE)
# Python's zero-padded width ('{:07.5f}') pads nan and inf with zeros after the sign: 'loss = 0000nan', '-000inf'
# (glibc's '%07.4f' pads them with spaces); a finite value shows no zeros glued to nan/inf: they are the padding
ZERO_PADDED_NONFINITE = re.compile(r"(?<![\w.])([-+]?)0+(nan|inf)(?![\w.])", re.IGNORECASE)


def padded_nonfinite(seg: str) -> str:
    """'loss: nanxxx' -> 'loss: nan'; 'loss = 0000nan' -> 'loss = nan'."""
    return ZERO_PADDED_NONFINITE.sub(r"\1\2", PADDED_NONFINITE.sub(r"\1", seg))


# A value printed as a quoted string in a dict or JSON record: PaddleDetection's "'loss': 'nan'" (its logger formats
# each value to a string before the dict is printed), fairseq's json log '"train_loss": "12.3"'. A quoted number, nan
# or inf after a colon or '=' is that value: a NaN printed as a string is still the NaN that stopped the run.
QUOTED_NUMBER = re.compile(rf"([:=][ \t]*)u?(['\"])[ \t]*({_NUM})[ \t]*\2(?=[ \t]*(?:[,;}}\])|]|$))", re.IGNORECASE)


def quoted_numbers(seg: str) -> str:
    """"'loss': 'nan'" -> "'loss': nan"; '"train_loss": "3.18"' -> '"train_loss": 3.18'."""
    return QUOTED_NUMBER.sub(r"\1\3", seg)


# names in parentheses paired with values in parentheses, one value per slash-separated name: Apache SystemML's
# 'training (loss / accuracy): (8.827 / 6.25%)'; as the slash pair 'training loss/accuracy: 8.827/6.25%' reads it
_TUPLE_NAME = r"[A-Za-z][\w\-]{0,40}"
PAREN_TUPLES = re.compile(rf"\([ \t]*({_TUPLE_NAME}(?:[ \t]*/[ \t]*{_TUPLE_NAME}){{1,7}})[ \t]*\)[ \t]*([:=])[ \t]*"
                          rf"\([ \t]*((?:{_NUM})(?:[ \t]*/[ \t]*(?:{_NUM})){{1,7}})[ \t]*\)", re.IGNORECASE)
_SLASH_GAP = re.compile(r"[ \t]*/[ \t]*")


def paren_tuples(seg: str) -> str:
    """'training (loss / accuracy): (8.8 / 6.2%)' -> 'training loss/accuracy: 8.8/6.2%' when the counts agree."""
    def joined(m: re.Match[str]) -> str:
        names, values = _SLASH_GAP.split(m.group(1)), _SLASH_GAP.split(m.group(3))
        if len(names) != len(values):
            return m.group(0)
        return f"{'/'.join(names)}{m.group(2)} {'/'.join(values)}"
    return PAREN_TUPLES.sub(joined, seg)


# Julia's @show of a tuple: Flux's '(i, loss(dataset[1]...)) = (1, 0.29602579662457984 (tracked))' (Tracker-era
# values carry '(tracked)'): each expression with its value; a call is named by its function ('loss'), the loop
# variable 'i' counts iterations
JULIA_SHOW = re.compile(r"^[ \t]*\(([^=]{1,300})\)[ \t]*=[ \t]*\(([^=]{1,300})\)[ \t]*$")
_JULIA_TRACKED = re.compile(r"[ \t]*\((?:tracked|grad)\)")
_JULIA_CALLEE = re.compile(r"[A-Za-z_][\w.]*")
_JULIA_COUNTERS = {"i": "iteration", "iter": "iteration", "it": "iteration", "epoch": "epoch", "step": "step",
                   "e": "epoch", "ep": "epoch"}


def _top_level_split(text: str) -> list[str]:
    """`text` split on the commas outside any brackets."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts]


def julia_show(seg: str) -> str:
    """'(i, loss(x...)) = (1, 0.296 (tracked))' -> 'iteration 1, loss: 0.296' when names and numbers pair up."""
    m = JULIA_SHOW.match(seg)
    if m is None:
        return seg
    names, values = _top_level_split(m.group(1)), _top_level_split(_JULIA_TRACKED.sub("", m.group(2)))
    if len(names) != len(values) or len(names) < 2 or not all(re.fullmatch(_NUM, v, re.IGNORECASE) for v in values):
        return seg
    out = []
    for name, value in zip(names, values):
        callee = _JULIA_CALLEE.match(name)
        if callee is None:
            return seg
        word = callee.group(0)
        out.append(f"{_JULIA_COUNTERS[word]} {value}" if word in _JULIA_COUNTERS else f"{word}: {value}")
    return ", ".join(out)
