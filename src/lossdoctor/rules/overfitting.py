"""LD101 overfitting: validation loss turns up while training loss keeps falling."""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np

from ..findings import Cause, Finding, Mark, Severity, Span
from ..i18n import Text
from ..model import METRIC_KINDS, Kind, Run, Series, Split
from ..names import running_best
from . import _pair as C
from ._confidence import confidence, effect_z, settle_more
from ._rule import Context, Requirement, Verdict, define, opt
from .fixes_split import augment, regularize, stop_at_best
from .fixes_training import reduce_lr_on_plateau


@dataclass(frozen=True)
class Options:
    """Thresholds of LD101 (every one overridable per rule code in [tool.lossdoctor.rules.LD101])."""

    min_evals: int = opt(5, "fewer validation points cannot show a turn")
    min_after_share: float = opt(0.10, "the rise must last this share of the run's evaluations (and at least 2 "
                                       "evaluations)")
    min_given_back: float = opt(0.01, "the rise must give back this share of what validation loss had gained")
    min_best_share: float = opt(0.03, "and worsen the best validation loss by at least 3%")
    min_noise_multiple: float = opt(3.0, "and stand this many standard errors above the evaluation noise")
    min_run_share: float = opt(0.005, "absolute floor: at least 0.5% of the run's loss scale (its starting loss)")
    small_rise_share: float = opt(0.25, "a rise that gives back less than a quarter of the gain counts only if "
                                        "training ...")
    min_train_drop: float = opt(1 / 3, "... kept learning meanwhile: its loss fell by at least a third (else: "
                                       "converged drift), ...")
    min_metric_worse: float = opt(0.01, "... or a validation accuracy / error rate got worse by a point (and 3 noise "
                                        "levels) too")
    confident_rise_share: float = opt(0.10, "a rise under 10% of the best validation loss while a validation "
                                            "accuracy still reaches new bests is over-confidence, however small the "
                                            "gain before it (fine-tuning starts near its floor)")
    back_noise: float = opt(2.0, "a validation loss that never came back within 2 noise levels of its best for a "
                                 "quarter of the run (3+ evaluations) while training lost another third (or the "
                                 "metric got worse) has turned, whatever its trend test says")
    excursion_noise: float = opt(2.0, "an earlier validation loss as high as the end is an excursion the curve came "
                                      "back from (so the end may be one more) only when it stood 2 noise levels above "
                                      "its neighbours: within that it is the curve's scatter on its way down")
    stall_share: float = opt(0.25, "memorisation (train down, validation flat): validation makes no progress for at "
                                   "least a quarter of the run after its best point while the training loss falls")
    stall_train_factor: float = opt(5.0, "at least 5x further (80% of its value gone), ending")
    stall_gap_ratio: float = opt(2.0, "at least 2x below the validation loss")
    flat_metric_move: float = opt(0.01, "a validation accuracy is flat when its second-half trend moved under a "
                                        "point ...")
    flat_min_evals: int = opt(5, "over a stretch of fewer evaluations (the second half of a short run) a validation "
                                 "metric rising beyond its uncertainty is not flat, however small the rise")
    metric_train_rise: float = opt(0.05, "... while training accuracy climbed 5+ points over it and ends 5+ points "
                                         "above validation")
    sustained_min_evals: int = opt(10, "a small rise counts when it is sustained: at least 10 evaluations ...")
    sustained_share: float = opt(0.3, "... and 30% of the run after the best point, ...")
    sustained_noise_multiple: float = opt(5.0, "... its trend 5x its uncertainty, and training fell 5 noise levels "
                                               "meanwhile")
    opposite_max_evals: int = opt(10, "under 10 evaluations a trend test cannot tell a late turn from noise: the "
                                      "last 3+ evaluations moving opposite at every step, each by 25%+, show it")
    excerpt_rel: float = opt(0.25, "2-4 evaluations: validation up and training down at every step, each by 25%+ "
                                   "overall")
    memo_min_evals: int = opt(3, "memorisation read from an excerpt: at least 3 evaluations, ...")
    memo_acc: float = opt(0.99, "... training accuracy at 1 (nothing left to fit), ...")
    memo_ratio: float = opt(100.0, "... training loss 100x below a validation loss that no longer falls")
    snap_train_acc: float = opt(0.95, "1-2 evaluations pasted: training accuracy >= 0.95 (the training data is fit), "
                                      "...")
    snap_acc_gap: float = opt(0.20, "... validation accuracy at least 20 points lower ...")
    snap_loss_ratio: float = opt(5.0, "... and validation loss at least 5x the training loss")
    snap_variance_ratio: float = opt(2.0, "a training accuracy under 0.95 counts when the gap is at least twice the "
                                          "training error: the variance is twice the bias left (train 92 %, "
                                          "validation 20 %), the high-variance reading of a train/dev error pair")
    late_min_evals: int = opt(4, "a short run (4-9 evaluations) shows a late turn (a note): validation fell at every "
                                 "evaluation to its best, then rose at every one of the 2+ after it, ...")
    late_share: float = opt(0.25, "... while training fell at every evaluation, the rise giving back a quarter of what "
                                  "validation gained in the excerpt")
    trend_noise_multiple: float = opt(1.0, "a noisy short run (4-9 evaluations, a note): validation loss ends above "
                                           "its first evaluation and its trend over the excerpt rises beyond its "
                                           "uncertainty, while the training loss's trend falls and a validation "
                                           "accuracy's does not rise")
    ceiling_acc: float = opt(0.99, "training accuracy at its ceiling (>= 0.99: nothing left to fit) ...")
    ceiling_gap: float = opt(0.20, "... and a validation / test accuracy 20+ points below it (far below, as for a "
                                   "1-2 evaluation snapshot): the error left is variance; a 10-point gap is a hard task "
                                   "too (a BERT fine-tune on MRPC: 99.7 % train, 88.5 % eval, the published result)")
    far_acc_gap: float = opt(0.30, "a held-out accuracy 30+ points under the training accuracy at the end (medians "
                                   "of the last `far_acc_tail` values of each), whatever training's level: a gap a "
                                   "person reads at a glance as memorisation (train 0.98, test 0.43), wider than the "
                                   "ceiling reading's 20 points because training need not be at its ceiling")
    far_acc_tail: int = opt(3, "... the end is the median of the last 3 values (fewer when fewer were logged): one "
                               "noisy evaluation neither makes the gap nor hides it")
    far_acc_noise: float = opt(3.0, "... and the gap stands 3 standard errors of that median above 0 (the held-out "
                                    "accuracy's own evaluation-to-evaluation scatter): a gap a small, noisy "
                                    "validation set makes by chance is not read as one")
    excerpt_metric_worse: float = opt(0.01, "a short run's turn (4-9 evaluations, clean or a noisy trend) warns when a "
                                            "validation accuracy / error rate got worse with it: its robust trend "
                                            "falls by a point and beyond its uncertainty - both held-out signals say "
                                            "the model got worse on new data, not only its loss more confident")
    stopped_min_evals: int = opt(10, "a run that ended before the epochs it was given (Keras 'Epoch 28/100'), with "
                                     "10+ evaluations and its last not its best, was stopped by early stopping: the "
                                     "turn is what early stopping waits for, and the weights kept are the best "
                                     "epoch's (a note; a first-epochs paste of a longer run is shorter)")
    rise_min_evals: int = opt(3, "a short excerpt's rise read from the logged series themselves (a note): 3+ "
                                 "validation evaluations, the lowest followed by 2+ that each rise (fewer than "
                                 "`opposite_max_evals`), the end `rise_rel` (10%) above the lowest, while the "
                                 "training loss logged from then on never rises and falls by `min_train_drop` (a "
                                 "third); a Trainer card repeats its last training loss when none was logged in an "
                                 "epoch and prints 'No log' before the first, so the pairs at shared steps lose the "
                                 "turn the two columns show at a glance")
    rise_rel: float = opt(0.1, "a short excerpt's rise (a note) ends 10%+ above the lowest validation loss: two rises "
                               "in a row adding a tenth while training falls by a third are plain at a glance "
                               "(DistilBERT 0.368 -> 0.389 -> 0.434); its confidence grows with the rise against "
                               "`excerpt_rel` (25%)")
    excerpt_note_conf: float = opt(0.5, "either excerpt note (a short rise, a persistent accuracy gap) is at most this "
                                        "sure: the shape is plain, but a few evaluations cannot tell it from a "
                                        "converged tail, over-confidence or splits that differ")
    test_memo_conf: float = opt(0.3, "memorisation read off a test curve (no validation split) is a note at most this "
                                     "sure: healthy course logs reporting a test score show a memorised training set "
                                     "beside a flat test loss as well")
    gap_max_evals: int = opt(15, "a persistent accuracy gap (a note) is read over a short excerpt of 3-15 paired "
                                 "evaluations (what the corpus calls an excerpt); a longer run is judged by the turn, "
                                 "stall and flat-metric readings")
    gap_loss_ratio: float = opt(2.0, "... validation accuracy `snap_acc_gap` (20 points) below training at every "
                                     "evaluation, validation loss at least 2x training at every one (under 2x is the "
                                     "ordinary difference between seen and unseen data, as for generalization_gap), "
                                     "and the accuracy gap at the end no smaller than at the start")
    short_gap_acc: float = opt(0.10, "a log of 1-2 evaluations (accuracies of fewer than `memo_min_evals` points) whose "
                                     "training accuracy "
                                     "ends at its ceiling (`ceiling_acc`) with the held-out accuracy 10-20 points below "
                                     "(under the ceiling reading's 20) is a note: the gap a person reads off the last "
                                     "line (train 100 %, validation 88 %), which a few points cannot tell from a hard "
                                     "task's ordinary gap (MRPC: 99.7 % train, 88.5 % eval)")
    short_gulf_ratio: float = opt(10.0, "1-2 evaluations whose held-out loss is an order of magnitude (10x) above the "
                                        "training loss at each, where the loss snapshot (100x, no accuracy logged) did "
                                        "not decide, is a note: an order of magnitude is what anyone reads at a "
                                        "glance (the threshold generalization_gap uses for a log that begins "
                                        "mid-run), but a blow-up or a metric's own scale can make it too")
    glance_min_after: int = opt(3, "the turn read at a glance (a note): the held-out loss (or a validation accuracy / "
                                   "score) has its best 3+ evaluations before the end, ...")
    glance_trend_t: float = opt(2.0, "... got worse at most of the evaluations after the one following its best (a "
                                     "sign count), its robust trend there beyond twice its uncertainty (the best "
                                     "point left out: the lowest point of pure noise is always followed by a rise), "
                                     "...")
    glance_noise_multiple: float = opt(2.0, "... and ends 2 noise levels (its own evaluation-to-evaluation scatter, "
                                            "not a share of its level) worse than its best, while the training loss's "
                                            "trend from the best falls beyond its uncertainty")
    steady_two_rises: int = opt(2, "... and 2 rises are enough when the held-out accuracy says the same: none is "
                                   "logged (the loss is all there is) or it ended `glance_noise_multiple` of its own noise "
                                   "levels below its value at the best loss; a fine-tune whose loss rises while its "
                                   "accuracy holds is over-confident on its errors, not worse at the task (BERT MNLI: "
                                   "+22 % over 2 evaluations, accuracy 0.851 -> 0.845 within its noise)")
    steady_min_rises: int = opt(3, "a held-out loss that rose at each of the 3+ evaluations since its best (not its "
                                   "first) while the training loss fell at each of them, ending `min_noise_multiple` "
                                   "noise levels and `min_best_share` of its best above it, is the turn a person "
                                   "reads at a glance at any length (a warning); 2 rises in a row are also a healthy "
                                   "fine-tune's last evaluations (BERT MNLI: +22 % over 2 while accuracy holds)")

DOC = """
## What it detects
The validation loss reaches its best value, then climbs for the rest of the run while the training loss
keeps falling: the gap between them widens. This is high variance (seed 002: train ↓, val → or ↑;
seed 003 §2.2).

The principle a practitioner applies at a glance: the validation loss has turned up from its best and stays
above it for the last several evaluations while the training loss keeps falling (or the training accuracy keeps
rising while the validation accuracy stalls or falls), the rise large against the validation curve's own
evaluation-to-evaluation noise; or a big, growing train/validation gap with training at its ceiling. Short excerpts
(3-9 evaluations) are read by the same principle at a lower confidence, and the finding says how many evaluations were
seen and what more would settle it. A gap between the splits that was there from the first evaluation
(generalization_gap) is reported beside a turn, never in its place: a validation loss that rises from its best while
training falls is the model getting worse on new data, whatever the splits' gap.

## Why it matters
Every epoch after the best one makes the model worse on unseen data and wastes compute; the weights to
keep are the ones at the best epoch. The finding says which epoch that was and what early stopping
would have saved.

## How to fix
Early stopping with `restore_best_weights` at the measured best epoch (the patience and min_delta that
would have fired on this curve are given), weight decay / L2, dropout 0.1-0.5, data augmentation, a
smaller model, more data, `ReduceLROnPlateau` when the training loss still jitters late.

## Thresholds
At least 5 validation points, judged on a centred running median (robust to a noisy step-level eval).
After the best point the rise lasts at least 10% of the evaluations (and 2 evaluations), gives back at
least 1% of the improvement validation loss had made and 3% of the best value, stands 3 standard errors
above the evaluation noise (and its Theil-Sen trend after the best point is 3x its uncertainty, or it never came back
within 2 noise levels of its best over a quarter of the run, 3+ evaluations, while training lost another third or
the validation metric got worse), and is
at least 0.5% of the run's starting loss (nor may the validation loss have already reached its end level, after first
coming down to it and before its best point, in a jump 2 noise levels above its neighbours, and come back: that end is
one more excursion of a noisy evaluation, unless a validation accuracy or error rate got worse too; a value within the
noise of a curve still coming down through that level is no excursion) (a +56% change on a loss of 0.001 in a run that started at 1.2
is not overfitting). Training must keep falling over the same span (validation may stay below it: dropout
or augmentation hold the training loss up); a rise that gives back less than a quarter of the gain counts
only when the training loss fell by at least a third meanwhile or a validation accuracy / error rate got
worse by at least a point (and 3 noise levels) over the same span (a converged run's val loss drifting up
while training stands still and the metric holds is not the variance pattern). All relative to the run's
own scale and noise.
A held-out loss (validation, or the test curve of a train/test log) that rose at each of the 3+ evaluations since its
lowest one (not the first) while the training loss fell at each of them warns whatever the run's length and however
small the rise against the early gain, once it ends 3 noise levels and 3% of its best above it and no validation task
metric reached a better best after it: three rises in a row with training falling at each are what a person calls
over-fitting at a glance, not a converged curve's scatter. Two in a row (the best 2 evaluations before the end) count
too unless a logged held-out accuracy holds: ends within 2 of its own noise levels of its value at the best loss, or
above it - a fine-tune whose loss rises while its accuracy holds is over-confident on errors it already made (BERT
MNLI: +22 % over 2 evaluations, accuracy 0.851 -> 0.845), while an accuracy that fell with the loss, or none logged,
leaves the loss's word (an IMDB GRU: test loss +44 % over 2 epochs, test accuracy down 2.6 noise levels). A note
when the stated best checkpoint (or early stopping) kept the model from before the rise.
A rise smaller than a quarter of the gain also counts when it is sustained: at least 10 evaluations and 30% of the
run after the best point, its Theil-Sen trend 5x its uncertainty, and the training loss 5 noise levels lower
meanwhile (the slow turn of a long run or a fine-tuning, not the drift of a converged one).
A rise smaller than a quarter of the gain does not count (however training moved) when a logged validation accuracy
(or error rate) reached a better best after the turn by 3 noise levels: the model still improves at the task, the
loss rises from over-confidence on its errors, not from lost generalisation. Nor does a rise under 10% of the best
validation loss with such a metric, however small the gain before it (a fine-tuning starts near its floor).
A turn of any size (or a memorised training set) is a note, not a warning, when a validation task metric - an
accuracy, error rate, score (F1, ROUGE, BLEU, MCC) or error (WER, CER) - reached a better best after the best
validation loss (by 3 noise levels of its values after that best) and still holds it at the last evaluation (within
one noise level of the same values: the climb before the turn is no noise of the level it holds after it): the model
still improves at the task to the end, so the epochs past the turn did not make it worse (the loss rises from
over-confidence on its errors; keep the checkpoint with the best metric). A metric that improved after the turn and
then fell back has stopped improving: a warning.
A validation accuracy flat or falling over the second half (trend not up by a point or beyond its uncertainty) and a
validation loss that no longer falls, while training accuracy climbs 5+ points (and 3 noise levels) to 5+ points above it.
Excerpts of 2-4 evaluations: validation loss up and training loss down at every step, each by at least 25%
overall (low confidence); a run of 5-9 evaluations shows it over its last 3 or more.
Memorised, read from as few as 3 evaluations: training accuracy >= 0.99 and a training loss >= 100x below a
validation loss whose late trend no longer falls (beyond its uncertainty).
One or two evaluations of a log with no accuracy or error rate at all (a regression, a loss-only print), on a
validation or a test curve: a held-out loss at least 100x the training loss (low confidence).
One or two evaluations (often only the last epoch pasted): training accuracy >= 0.95 (or a gap at least twice the
training error: the variance twice the bias left, train 92 % against validation 20 %), validation accuracy at least
20 points lower and validation loss at least 5x the training loss (low confidence: the curves would tell more).
Memorisation without a rise (seed 002's "train down, validation flat"): validation has not improved on its best
point (nor has a validation metric reached a new best since) for at least a quarter of the run (its trend there is not falling beyond its uncertainty) while the
training loss fell at least 5x further and ends at least 2x below validation (ratios: scale-free). The stretch may
start where validation first came within its noise (or 3%) of its best, not at the lowest point of a flat stretch,
when validation creeps up from there (its trend beyond its uncertainty).
Over a second half of under 5 evaluations a validation metric rising beyond its uncertainty is not flat.
A run that ended before the epochs it was given (the planned count read from the log, e.g. Keras' "Epoch 28/100"),
with 10+ evaluations and its last not its best, was ended by early stopping: a turn or a flat metric there is a note,
since the weights kept (restore_best_weights or a best checkpoint) are the best epoch's.
A short run of 4-9 evaluations with one clean turn (validation down at every evaluation to its best, up at every one
of the 2+ after it, training down at every one, the rise a quarter of the excerpt's gain or more) is a note with low
confidence: over so few evaluations the last ones of a converged healthy run look the same, and more would settle it.
Training accuracy at its ceiling (>= 0.99) and a validation or test accuracy 20+ points below it at the end (the two
final accuracies a course prints are enough; no validation loss is needed): the error left is variance, a warning
with low confidence when few points were seen. A log with no loss at all (MXNet's `Train-accuracy=` /
`Validation-accuracy=`, a notebook's `train acc / test acc`) is read by these accuracy readings alone, its confidence
lowered and its message saying that no loss was logged (metric_only.py). A training accuracy logged per batch, more densely than the held-out
one, is read at the end (here and in the far gap below) as its median over the steps since the held-out accuracy's
last-but-one evaluation (3+ values), the stretch the last held-out value sums up, not as its last batch's value.
A noisy short run of 4-9 evaluations whose validation loss ends above its first evaluation, its robust (Theil-Sen)
trend over the excerpt rising beyond its uncertainty, while the training loss's trend falls and a logged validation
accuracy's does not rise, is a note with low confidence too: the gap widens, but the steps zig-zag and are few.
Either short-run turn is a warning (still with low confidence) when a validation accuracy or error rate got worse with
it: its robust trend (from the best validation loss for a clean turn, over the excerpt for a noisy one) worse by a
point and beyond its uncertainty. The loss alone cannot tell over-fitting from a converged tail or over-confidence;
both held-out signals getting worse while training improves is what a person reads as over-fitting at a glance.
Without a validation split, the test curve logged each epoch stands in for it (a course notebook's `train_loss |
test_loss`), for the plainest reading only: a turn whose rise passes every test above; and, never a warning (at most
0.3 sure, saying it was read off a test curve), a training set memorised beside it (training accuracy at 1, training
loss 100x below a test loss that no longer falls: an MNIST course run at train 0.9994 / loss 0.0001, test loss 0.034
flat for 5 epochs), which healthy course logs reporting a test score can show too.
A held-out accuracy far under the training accuracy at the end, after the ceiling reading and at any length (no
held-out loss is needed): the medians of the last 3 values 30+ points apart and 3 standard errors of the held-out
median (its own scatter / sqrt(3), times 1.25) above 0 - the model gets far fewer unseen examples right than seen
ones, which a person reads at a glance as over-fitting (train 1.00, test 0.43; train 0.90, validation 0.55). A
warning, with low confidence when few points were seen; not when a loss ends non-finite (nan_inf speaks: the accuracy
of a broken model says nothing about generalisation) or the accuracies are not fractions.
Two short-excerpt notes (confidence at most 0.5), read last, after every reading that may warn: a validation loss
whose lowest of 3-9 evaluations is followed by 2+ that each rise, ending 10%+ above it, while the training loss logged
from then on never rises and falls by a third (read from the two series: a Trainer card's 'No log' and repeated training
loss lose the turn in the pairs; at half the confidence, saying so, when a validation accuracy is still at a new
best at the last evaluation: over-confidence fits too); and,
over 3-15 evaluations, a validation accuracy 20+ points below training at every one beside a validation loss 2x+
training at every one, the gap not closing (the excerpt cannot tell a gap that opened from one there from the start).
A run stated to keep its best checkpoint (`--best-checkpoint`: early stopping with restored weights, save-best): a
turn after a good best point (validation improved 3%+ before it) is a note naming the epoch kept; a run whose best is
its first evaluation never reached a point worth keeping and still gets the warning.
Two gaps read off a short log's last lines, after every other reading and never a warning (confidence at most 0.5,
saying how few points were seen): a training accuracy at its ceiling (>= 0.99) with the held-out accuracy 10-20 points
below it in a log of 1-2 evaluations (20+ is the ceiling warning; a longer log is read by the gap excerpt); and 1-2
evaluations whose held-out loss is 10x the training loss or more at each (an order of magnitude), when a training
and a held-out accuracy or error rate are logged and the held-out error exceeds the training error by twice the
training error (the snapshot's variance reading: a regression's MSE 20x training is a gap, a held-out error of 0.77
with no training score after one epoch at a far too high learning rate is a blow-up, not a fit).
Last of all, the turn read at a glance (a note, never a warning): the held-out loss - or, without one or when it did
not turn, a validation accuracy, score or error - has its best 3+ evaluations before the end, got worse at most of the
evaluations after the one following its best (a sign count), its robust trend there beyond twice its uncertainty, and
ends 2 noise levels (its own evaluation-to-evaluation scatter, not a share of its level) worse than its best, while
the training loss's trend from the best falls beyond its uncertainty; not when the curve never improved (2 noise
levels) before its best, nor when a validation accuracy reached a clearly better best after the loss turned (a test
curve read in place of a missing validation split keeps only its plainest reading, as above). A pre-trained GPT's
validation loss rising at each of 9 epochs by 0.7 % (15 noise levels) while training falls is this shape. It stays a
note: healthy runs whose authors accept the shape show it too (an XLSR fine-tune's validation loss +16 % over 5,000
steps while training falls 2.5x; a YOLOv8m worse at 43 of 45 epochs), and no longer or steeper version of it (10+
evaluations, training down 3x) decides a labelled run.
"""


@dataclass(frozen=True)
class Evidence:
    p: C.Pair | None  # training and validation loss at the evaluations (None: only accuracies to compare)
    acc_pair: C.Pair | None  # training and validation accuracy, when both are logged
    train_acc: Series | None
    val_acc: Series | None
    run: Run  # a validation accuracy or error rate that got worse is looked up by kind
    best_checkpoint: bool = False  # the user stated the run keeps its best checkpoint (early stopping, save-best)
    on_test: bool = False  # no validation split: the pairs compare training with the test curve logged each epoch
    # (key, best before, best after) of a validation task metric that still reached a clearly better best after the
    # validation loss's best point (`_task_metric_improved`), measured once here so that the verdict (a note, not a
    # warning) and its explanation read the same numbers from the same best point
    task_metric: tuple[str, float, float] | None = None
    # the turn's numbers (`_turn_numbers`), measured once here and read by judge, `_kept` and explain: (numbers,) or
    # None when not measured
    turn_memo: tuple | None = field(default=None, compare=False, repr=False)


def measure(ctx: Context, o: Options) -> Evidence | None:
    # without a validation split, the test curve logged each epoch is the held-out curve a person reads
    p = ctx.view(("held_out_pair", Kind.LOSS), lambda: C.held_out_pair(ctx.run, Kind.LOSS))
    ap = ctx.view(("held_out_pair", Kind.ACCURACY), lambda: C.held_out_pair(ctx.run, Kind.ACCURACY))
    val_acc = ctx.run.find(Kind.ACCURACY, Split.VAL) or ctx.run.find(Kind.ACCURACY, Split.TEST)
    on_test = ctx.run.find(Kind.LOSS, Split.VAL) is None and p is not None
    e = Evidence(p, ap, ctx.run.find(Kind.ACCURACY, Split.TRAIN),
                 val_acc, ctx.run, ctx.stated.best_checkpoint is True, on_test)
    if p is None:
        return e
    e = replace(e, turn_memo=(_turn_numbers(e, o) if len(p) >= o.min_evals else None,))
    metric = any(ctx.run.find_all(k, Split.VAL) for k in METRIC_KINDS)
    return replace(e, task_metric=_task_metric_improved(e, _loss_best_x(e, o), o)) if metric else e


def _loss_best_x(e: Evidence, o: Options) -> float:
    """Where the validation loss had its best: the turn's best point when the curve turns (5+ evaluations), else its
    lowest evaluation - the one best point the turn and the memorised readings are judged and explained from."""
    p = e.p
    turn = _turn_numbers(e, o) if len(p) >= o.min_evals else None
    return float(p.steps[turn[0] if turn is not None else int(np.argmin(p.val))])


def judge(e: Evidence, o: Options) -> Verdict | None:
    """The first reading the run shows: a turn (5+ evaluations), else memorised, an opposite-moving excerpt, a steady
    rise (3+ evaluations up in a row), or a flat validation metric; each with its confidence (effect against the curve's noise, points seen)."""
    p = e.p
    if p is None:  # no validation loss: only the accuracies can say it
        return _ceiling_verdict(e, o)
    n = len(p)
    stopped = _stopped_early(e, o) is not None
    severity = Severity.INFO if stopped else Severity.WARNING
    if n >= o.min_evals:
        turn = _turn_numbers(e, o)
        if turn is not None:
            best, best_s, sm, gained, m, end_level, rise, sigma, t_end, t_best, change, unc, metric, rising, _ = turn
            strength = rise / max(1.25 * sigma / math.sqrt(m), 1e-12 * max(abs(float(sm[best_s])), 1e-300))
            conf = confidence(strength if rising else (t_best / max(t_end, 1e-300)) / o.stall_train_factor,
                              o.min_noise_multiple if rising else 1.0, n)
            kept = _kept(e, o) is not None  # the stated best checkpoint is from before the rise: the model kept is fine
            # the task metric still reached a clearly better best after the loss turned: the model still gets better
            # at the task, so the epochs after the turn did not make it worse (over-confidence on its errors); a note
            still = e.task_metric is not None
            if rising or not e.on_test:
                # a short run says how many evaluations were seen and what more would settle it, as the excerpts do
                return Verdict(Severity.INFO if kept or still else severity, conf,
                               settle_more(n, p.unit, Text("with validation loss", "的验证损失")), reading="turn")
    gulf = _loss_snapshot_numbers(e, o)
    if gulf is not None:
        # 1-2 evaluations of a loss-only log (no accuracy anywhere): a held-out loss two orders of magnitude above the
        # training loss is read at a glance, on a validation or a test curve alike; low confidence from so few points
        return Verdict(Severity.WARNING, confidence(math.log10(gulf[1] / gulf[0]), math.log10(o.memo_ratio), n),
                       settle_more(n, p.unit, Text("with the held-out loss", "的验证损失")), reading="loss_snapshot")
    if e.on_test:
        # a test curve read in place of a missing validation split: only its plainest sign, a turn that rose; the
        # softer readings (a stall, a flat metric, memorised from a last-batch training loss) warned healthy train/test
        # course logs whose authors report the test score as the result (MNIST at 99.4 %, an IMDB LSTM at 85 %); and
        # a test loss that rose at every evaluation since its best while training fell at each, as plain
        # a test curve that never rose, beside a training set memorised (accuracy at 1, loss 100x below the test loss
        # that no longer falls): the same course logs show it when healthy, so a note at most `test_memo_conf` sure,
        # never a warning - said, rather than silence, with what would settle it (a validation split)
        steady = _steady_verdict(e, o, stopped)
        memo = _memorised_numbers(e, o) if steady is None else None
        if memo is None:
            return steady
        return Verdict(Severity.INFO, min(confidence(math.log10(memo[3] / memo[2]), math.log10(o.memo_ratio), n),
                                          o.test_memo_conf),
                       settle_more(n, p.unit, Text("with validation loss and accuracy", "的验证损失与准确率")),
                       reading="memorised")
    memo = _memorised_numbers(e, o)
    if memo is not None:
        v_end, t_end = memo[3], memo[2]
        still = e.task_metric is not None
        return Verdict(Severity.INFO if still else Severity.WARNING, confidence(math.log10(v_end / t_end), math.log10(o.memo_ratio), n),
                       settle_more(n, p.unit, Text("with validation loss and accuracy", "的验证损失与准确率")),
                       reading="memorised")
    opp = _opposite_numbers(e, o)
    if opp is not None:
        return Verdict(Severity.WARNING, confidence(math.log(opp[0]) / math.log(1 + o.excerpt_rel), 1.0, n),
                       settle_more(n, p.unit, Text("with validation loss", "的验证损失")), reading="opposite")
    steady = _steady_verdict(e, o, stopped)
    if steady is not None:
        return steady
    late = _late_numbers(e, o)
    if late is not None:
        # a note: the tail of a healthy run that converged looks the same over a few evaluations (measured on the
        # pieces of every healthy development run), so this shape alone does not say "stop now"
        # a warning when a validation accuracy fell with it since the best loss: the model got worse at the task too
        worse = _excerpt_metric_fell(e, float(p.steps[late[1]]), o) is not None
        return Verdict(Severity.WARNING if worse else Severity.INFO, confidence(late[0] / o.late_share, 1.0, n),
                       settle_more(n, p.unit, Text("with validation loss", "的验证损失")), reading="late_turn")
    flat = _metric_flat_numbers(e, o)
    if flat is not None:
        a, t_change, t_noise = flat[0], flat[6], flat[7]
        return Verdict(severity, confidence(t_change / max(t_noise, 1e-3), o.min_noise_multiple, len(a)),
                       settle_more(len(a), a.unit, Text("with validation accuracy", "的验证准确率")),
                       reading="metric_flat")
    snap = _snapshot_numbers(e, o)
    if snap is not None:
        t_acc, v_acc, t_loss, v_loss = snap
        return Verdict(Severity.WARNING, confidence((t_acc - v_acc) / o.snap_acc_gap, 1.0, n),
                       settle_more(n, p.unit, Text("with validation loss and accuracy", "的验证损失与准确率")),
                       reading="snapshot")
    ceiling = _ceiling_verdict(e, o)
    if ceiling is not None:
        return ceiling
    trend = _trend_excerpt_numbers(e, o)
    if trend is not None:
        # a note, as the clean turn: over so few noisy evaluations a trend cannot say "stop now"; last, so that no
        # reading that may warn is hidden behind it
        worse = _excerpt_metric_fell(e, float(p.steps[0]), o) is not None  # over the same excerpt as the trend
        return Verdict(Severity.WARNING if worse else Severity.INFO,
                       confidence(trend[0] / max(trend[1], 1e-300), o.trend_noise_multiple, n),
                       settle_more(n, p.unit, Text("with validation loss", "的验证损失")), reading="trend_excerpt")
    # the two short-excerpt notes last, so that no reading that may warn is hidden behind them; notes only: a few
    # evaluations cannot tell a converged tail, over-confidence or a split that differs from over-fitting
    rise = _short_rise_numbers(e, o)
    if rise is not None:
        sure = min(confidence(rise[0] / o.excerpt_rel, 1.0, rise[4]), o.excerpt_note_conf)
        return Verdict(Severity.INFO, round(sure / 2, 2) if rise[7] else sure,
                       settle_more(rise[4], p.unit, Text("with validation loss", "的验证损失")), reading="short_rise")
    gap = _gap_excerpt_numbers(e, o)
    if gap is not None:
        return Verdict(Severity.INFO, min(confidence(gap[0] / o.snap_acc_gap, 1.0, gap[2]), o.excerpt_note_conf),
                       settle_more(gap[2], p.unit, Text("logged from the run's start", "（从训练开始记录）")),
                       reading="gap_excerpt")
    return _glance_verdict(e, o) or _short_gap_verdict(e, o)


def _steady_verdict(e: Evidence, o: Options, stopped: bool) -> Verdict | None:
    """A held-out loss that rose at every evaluation since its best while training fell at each (rules-z15): plain at
    a glance on a validation or a test curve alike, a warning; a note when the stated best checkpoint (or early
    stopping) kept the model from before the rise. Confidence from the rise against the curve's noise."""
    got = _steady_numbers(e, o)
    if got is None:
        return None
    p = e.p
    assert p is not None
    b, rises, rise, sigma = got
    n = len(p)
    return Verdict(Severity.INFO if e.best_checkpoint or stopped else Severity.WARNING,
                   confidence(effect_z(rise, sigma, float(p.val[b])), o.min_noise_multiple, n),
                   settle_more(n, p.unit, Text("with validation loss", "的验证损失")), reading="steady")


def _glance_verdict(e: Evidence, o: Options) -> Verdict | None:
    """The turn read at a glance, last of all: a note (never hiding a reading that may warn); its confidence from the
    trend against its uncertainty and the evaluations after the best."""
    g = _glance_numbers(e, o)
    if g is None:
        return None
    # never a warning: the same shape held for 10+ evaluations with training down 3x decides no labelled run on the
    # design data (and warned a healthy one, ai8x CIFAR-10, before the over-confidence excuse): rules-z4
    return Verdict(Severity.INFO,
                   confidence(g.change / max(g.unc, 1e-12 * max(abs(g.best_value), 1e-300)), o.glance_trend_t,
                              g.after + 1),
                   settle_more(g.after + 1, C.unit(g.axis), Text(f"with {g.key}", f"的 {g.key}")),
                   reading="glance")


def _ceiling_verdict(e: Evidence, o: Options) -> Verdict | None:
    got = _ceiling_numbers(e, o)
    if got is None:
        far = _far_gap_numbers(e, o)
        if far is not None:
            return Verdict(Severity.WARNING, confidence(far[2] / o.far_acc_gap, 1.0, far[4]),
                           settle_more(far[4], C.unit(e.val_acc.axis.value) if e.val_acc is not None else
                                       ("evaluation", "次评估"),
                                       Text("with the held-out accuracy", "的验证准确率")),
                           reading="far_gap")
        return (_glance_verdict(e, o) or _short_gap_verdict(e, o)) if e.p is None else None
    t_acc, v_acc, n = got
    unit = e.p.unit if e.p is not None else ("evaluation", "次评估")
    return Verdict(Severity.WARNING, confidence((t_acc - v_acc) / o.ceiling_gap, 1.0, n),
                   settle_more(n, unit, Text("with validation loss and accuracy", "的验证损失与准确率")),
                   reading="ceiling")


def _short_gap_verdict(e: Evidence, o: Options) -> Verdict | None:
    """The two gaps read off a short log's last lines, last of all and never a warning: a training accuracy at its
    ceiling with the held-out one 10-20 points below, or 1-2 evaluations with the held-out loss 10x training. Their
    confidence says how few points were seen (at most `excerpt_note_conf`)."""
    acc = _short_gap_numbers(e, o)
    if acc is not None:
        t_acc, v_acc, n = acc
        unit = e.p.unit if e.p is not None else ("evaluation", "次评估")
        return Verdict(Severity.INFO, min(confidence((t_acc - v_acc) / o.short_gap_acc, 1.0, n), o.excerpt_note_conf),
                       settle_more(n, unit, Text("with validation loss and accuracy", "的验证损失与准确率")),
                       reading="short_gap")
    gulf = _short_gulf_numbers(e, o)
    if gulf is not None:
        ratio, n = gulf
        return Verdict(Severity.INFO, min(confidence(math.log10(ratio), math.log10(o.short_gulf_ratio), n),
                                          o.excerpt_note_conf),
                       settle_more(n, e.p.unit, Text("with the held-out loss", "的验证损失")), reading="short_gulf")
    return None


def _short_gap_numbers(e: Evidence, o: Options) -> tuple[float, float, int] | None:
    """(training accuracy, held-out accuracy, points) at the end of a log of 1-2 evaluations (both accuracies fewer
    than `memo_min_evals` points, as the snapshot readings; longer logs are judged by the gap excerpt) whose training accuracy is at its ceiling and the held-out one `short_gap_acc` or more
    below it (the ceiling reading, a warning, takes 20 points); None otherwise. Accuracies must be fractions."""
    if e.train_acc is None or e.val_acc is None or max(len(e.train_acc), len(e.val_acc)) >= o.memo_min_evals:
        return None
    return _fit_gap_numbers(e, o, o.short_gap_acc)


def _short_gulf_numbers(e: Evidence, o: Options) -> tuple[float, int] | None:
    """(smallest held-out/training loss ratio, evaluations) of 1 to `memo_min_evals`-1 evaluations whose held-out loss
    is at least `short_gulf_ratio` (10x) the training loss at each one; None otherwise."""
    p = e.p
    if p is None or len(p) >= o.memo_min_evals or not np.all(p.train > 0) or not np.all(np.isfinite(p.val)):
        return None
    ratio = float(np.min(p.val / p.train))
    if ratio < o.short_gulf_ratio or not _metrics_show_variance(e.run, o):
        return None
    return ratio, len(p)


def _metrics_show_variance(run: Run, o: Options) -> bool:
    """A training and a held-out accuracy, error rate or error are logged, and at the last value of each such pair the
    held-out error exceeds the training error by `snap_variance_ratio` (2x) times the training error: the task's own
    score reads high variance (the snapshot's train/dev error reading). A loss ratio alone does not: a regression's MSE
    20x its training value is a gap, not a fit gone wrong (the loss snapshot takes 100x for loss-only logs); a held-out
    error of 0.77 beside no training score (one epoch at a far too high learning rate, validation loss 1144 vs training
    12.2) shows no fit at all; train 92.5 %, validation 80 % is as much bias as variance."""
    pairs = 0
    # an error in its own units (a word error rate, a mean landmark error) compares like an error rate: lower is better
    for kind, to_error in ((Kind.ACCURACY, lambda v: 1.0 - v), (Kind.ERROR_RATE, lambda v: v), (Kind.ERROR, lambda v: v)):
        held = run.find(kind, Split.VAL) or run.find(kind, Split.TEST)
        if held is None:
            continue
        train = run.find(kind, Split.TRAIN)
        t, h = (None if train is None else _last_finite(train.values)), _last_finite(held.values)
        if t is None or h is None:
            return False
        t_err, h_err = to_error(t), to_error(h)
        if t_err < 0 or h_err - t_err < o.snap_variance_ratio * t_err or h_err <= t_err:
            return False
        pairs += 1
    return pairs > 0


_UNHELD = Text("nothing holds the model back from fitting the training examples", "没有任何约束阻止模型拟合训练样本")
_MEMORISED = Text("a small training set is memorised quickly", "小训练集很快被记住")
# the causes of a model that fits its training examples better while unseen data gets worse (steady rise, late turn,
# accuracy gaps): one tuple for every reading that names them alike
_MEMORISATION_CAUSES = (Cause("insufficient_regularization", 0.45, _UNHELD),
                        Cause("model_too_large", 0.35, Text("capacity to memorise the training set", "模型容量足以记住训练集")),
                        Cause("too_little_data", 0.3, _MEMORISED))


def _short_gap_finding(e: Evidence, o: Options) -> Finding:
    got = _short_gap_numbers(e, o)
    assert got is not None
    return _fit_gap_finding(
        e, got, Severity.INFO, "short_gap",
        Text("what is left to learn is on unseen data only. So few points cannot tell a gap that opened as training "
             "went on (over-fitting) from a hard task's ordinary gap.",
             "剩下的误差只出现在未见过的数据上。点数太少，无法区分随训练扩大的差距（过拟合）与困难任务本身的正常差距。"),
        (Cause("insufficient_regularization", 0.4, _UNHELD), Cause("too_little_data", 0.3, _MEMORISED),
         Cause("distribution_shift", 0.2, Text("a held-out split unlike the training data keeps a gap whatever "
                                               "the training", "与训练数据不同的验证划分无论怎么训练都保持差距"))))


def _fit_gap_finding(e: Evidence, got: tuple[float, float, int], severity: Severity, pattern: str, tail: Text,
                     causes: tuple[Cause, ...]) -> Finding:
    """The training accuracy at the fit, the held-out one below it: the accuracy-ceiling warning and the
    short-excerpt note say the same first sentence and differ in what they conclude."""
    assert e.train_acc is not None and e.val_acc is not None
    t_acc, v_acc, n = got
    tk, vk = e.train_acc.key, e.val_acc.key
    return Finding(
        code="LD101", name="overfitting", severity=severity,
        message=Text(f"{tk} ends at {t_acc:.4g} (the training set is fit) while {vk} ends at {v_acc:.4g}, "
                     f"{t_acc - v_acc:.1%} lower: {tail.en}",
                     f"{tk} 最终为 {t_acc:.4g}（训练集已拟合），而 {vk} 最终为 {v_acc:.4g}，低 {t_acc - v_acc:.1%}："
                     f"{tail.zh}"),
        span=None,
        evidence={"train_accuracy_at_end": t_acc, "val_accuracy_at_end": v_acc, "accuracy_gap": t_acc - v_acc,
                  "pattern": pattern, "points": n},
        causes=causes,
        fixes=(regularize(), augment()),
        series=(tk, vk) if e.p is None else (e.p.train_key, e.p.val_key, tk, vk),
        experiment=_RETRAIN)


def _short_gulf_finding(e: Evidence, o: Options) -> Finding:
    p = e.p
    got = _short_gulf_numbers(e, o)
    assert p is not None and got is not None
    ratio, n = got
    ue, uz = p.unit
    t_loss, v_loss, x = float(p.train[-1]), float(p.val[-1]), float(p.steps[-1])
    return Finding(
        code="LD101", name="overfitting", severity=Severity.INFO,
        message=Text(f"At {ue} {x:g} {p.val_key} {v_loss:.4g} is {v_loss / t_loss:.3g}x {p.train_key} {t_loss:.4g} "
                     f"(at least {ratio:.3g}x at each of the {n} evaluation{'s' if n > 1 else ''} shown): the model fits "
                     "its training data an order of magnitude better than new data. So few evaluations cannot tell "
                     "over-fitting from a held-out loss that blew up or is computed on another scale.",
                     f"第 {x:g} {uz}时 {p.val_key} {v_loss:.4g} 是 {p.train_key} {t_loss:.4g} 的 {v_loss / t_loss:.3g} "
                     f"倍（显示的 {n} 次评估中每次至少 {ratio:.3g} 倍）：模型对训练数据的拟合比新数据好一个数量级。"
                     "评估次数太少，无法区分过拟合与验证损失发散或计算尺度不同。"),
        span=Span(p.axis, float(p.steps[0]), x),
        evidence={"train_loss_at_end": t_loss, "val_loss_at_end": v_loss, "val_over_train_ratio_min": ratio,
                  "pattern": "short_gulf", "points": n, "held_out_split": "test" if e.on_test else "val"},
        causes=(Cause("insufficient_regularization", 0.4, Text("nothing holds the model back from fitting the "
                                                               "training examples", "没有任何约束阻止模型拟合训练样本")),
                Cause("too_little_data", 0.35, Text("a small training set is memorised quickly", "小训练集很快被记住")),
                Cause("model_too_large", 0.3, Text("capacity to fit the training set exactly", "模型容量足以完全拟合训练集"))),
        fixes=(regularize(), augment()),
        series=(p.train_key, p.val_key),
        experiment=_RETRAIN)


def _kept(e: Evidence, o: Options) -> tuple[float, float] | None:
    """(step, validation loss) of the checkpoint a run stated to keep its best one (--best-checkpoint) keeps, when the
    validation loss turned after it and it is a good point: validation improved on its start by 3%+ of the best
    value before it. A run whose best is its start never learned anything worth keeping: None (still a warning)."""
    if not e.best_checkpoint:
        return None
    turn = _turn_numbers(e, o)
    if turn is None:
        return None
    best, best_s, sm, gained = turn[0], turn[1], turn[2], turn[3]
    if best == 0 or gained < o.min_best_share * abs(float(sm[best_s])):
        return None
    return float(e.p.steps[best]), float(e.p.val[best])


def explain(e: Evidence, v: Verdict, o: Options) -> Finding:
    make = {"turn": _turn_finding, "memorised": _memorised_finding, "opposite": _opposite_finding,
            "metric_flat": _metric_flat_finding, "snapshot": _snapshot_finding, "late_turn": _late_finding,
            "ceiling": _ceiling_finding, "trend_excerpt": _trend_excerpt_finding,
            "loss_snapshot": _loss_snapshot_finding, "short_rise": _short_rise_finding,
            "gap_excerpt": _gap_excerpt_finding, "glance": _glance_finding,
            "short_gap": _short_gap_finding, "short_gulf": _short_gulf_finding,
            "steady": _steady_finding, "far_gap": _far_gap_finding}[v.reading]
    f = make(e, o)
    f = _with_task_metric(e, v, f, o)
    kept = _kept(e, o) if v.reading == "turn" else None
    if kept is not None:
        ue, uz = e.p.unit
        note = Text(f" The run keeps its best checkpoint (--best-checkpoint): the checkpoint kept at {ue} {kept[0]:g} "
                    f"({e.p.val_key} {kept[1]:.4g}) is before the rise, so the model kept is not hurt; the {ue}s after "
                    "it only cost compute (stop earlier, or regularise for a better best).",
                    f"该训练保留最佳检查点（--best-checkpoint）：保留的是第 {kept[0]:g} {uz}的检查点（{e.p.val_key} "
                    f"{kept[1]:.4g}），在回升之前，因此保留的模型不受影响；之后的训练只是耗费算力（可更早停止，或加正则以得到更好的最佳点）。")
        f = replace(f, message=Text(f.message.en + note.en, f.message.zh + note.zh),
                    evidence={**f.evidence, f"kept_{ue}": kept[0], "val_loss_at_kept": kept[1]})
    stated_kept = kept is not None or (v.reading == "steady" and e.best_checkpoint)
    planned = _stopped_early(e, o) if v.reading in ("turn", "metric_flat", "steady") and not stated_kept else None
    if planned is None:
        return f
    ue, uz = e.p.unit
    last = float(e.p.steps[-1])
    i = int(np.argmin(e.p.val))
    best, low = float(e.p.steps[i]), float(e.p.val[i])
    note = Text(f" The log stops at {ue} {last:g} of the {planned:g} it was given, {last - best:g} after its lowest "
                f"{e.p.val_key} ({low:.4g} at {ue} {best:g}): early stopping ended it, and with restore_best_weights "
                "(or a best checkpoint) that is the model kept, so this turn is what early stopping waited for. If the "
                "run is still going, stop it or add early stopping: further epochs only over-fit.",
                f"日志停在给定的 {planned:g} {uz}中的第 {last:g} {uz}，距 {e.p.val_key} 最低点（第 {best:g} {uz}，"
                f"{low:.4g}）{last - best:g} {uz}：早停结束了训练；若恢复最佳权重（或保存了最佳检查点），保留的就是该模型，"
                "这段回升正是早停所等待的。若训练仍在进行，请停止或加上早停：继续训练只会更过拟合。")
    return replace(f, message=Text(f.message.en + note.en, f.message.zh + note.zh),
                   evidence={**f.evidence, f"planned_{ue}s": planned, "stopped_early": True})


def _with_task_metric(e: Evidence, v: Verdict, f: Finding, o: Options) -> Finding:
    """A turn or memorisation judged a note because a validation task metric still reached a better best after the
    best validation loss: the finding says so, with the metric's numbers."""
    if v.reading not in ("turn", "memorised") or v.severity >= Severity.WARNING:
        return f
    got = e.task_metric
    if got is None:
        return f
    key, before, after = got
    note = Text(f" But {key} still reached a better best after it ({before:.4g} -> {after:.4g}): the model still gets "
                "better at the task (its best is at the last evaluation) and the loss rises from over-confidence on the "
                "examples it gets wrong. A note, "
                "not a warning: keep the checkpoint with the best " + key + ", and watch whether it stops improving.",
                f"但 {key} 在此之后仍达到更好的最佳值（{before:.4g} -> {after:.4g}，最佳在最后一次评估）：模型在任务上仍在变好，损失上升来自对"
                f"答错样本的过度自信。这是提示而非警告：保留 {key} 最佳的检查点，并留意它是否停止改善。")
    return replace(f, message=Text(f.message.en + note.en, f.message.zh + note.zh),
                   evidence={**f.evidence, "task_metric": key, "task_metric_best_before": before,
                             "task_metric_best_after": after})


def _task_metric_improved(e: Evidence, best_x: float, o: Options) -> tuple[str, float, float] | None:
    """(key, best before, best after) of a validation task metric - an accuracy, error rate, score (F1, BLEU, ROUGE,
    MCC) or error (WER, CER) - that reached a clearly better best after the best validation loss (by 3 noise levels
    of its values after it) and still holds it at the last evaluation (within one noise level of the same values after
    it: the early climb of a metric that rose 47.6 -> 54.87 is no scatter of the level it then holds, and judged with
    it a fall 54.87 -> 52.29 would read as holding on); None when none did. At the edge, a last value below the best by
    less than that noise still holds it (whisper's WER 0.0018 off its best with a noise of 0.0019). The metric is what
    the run is selected on: while it still improves at the end, the epochs past the loss's turn did not make the model
    worse. One that improved after the turn and then fell back has stopped improving: the turn hurts the task too (a
    warning). A best-so-far column ('best_val_acc') is not read: it holds its best at the last evaluation by
    construction."""
    for kind in METRIC_KINDS:
        for s in e.run.find_all(kind, Split.VAL):
            if running_best(s.key):
                continue
            x, y = C.finite(s)
            i = int(np.searchsorted(x, best_x, side="right"))
            if y.size < o.min_evals or i < 1 or y.size - i < 2:
                continue
            sign = 1.0 if kind.higher_is_better else -1.0
            before, after = float(np.max(sign * y[:i])), float(np.max(sign * y[i:]))
            nz = max(C.noise(y[i:]), 1e-6 * max(abs(before), 1e-300))
            if after - before >= o.min_noise_multiple * nz and sign * float(y[-1]) >= after - nz:
                return s.key, sign * before, sign * after
    return None


def _stopped_early(e: Evidence, o: Options) -> float | None:
    """The planned number of epochs when the run ended before it, with enough evaluations to be a run and not a
    first-epochs paste, and its last evaluation not its best: what early stopping leaves in a log. None otherwise."""
    p = e.p
    planned = e.run.hparams.get("epochs")
    if p.axis != "epoch" or not isinstance(planned, (int, float)) or isinstance(planned, bool):
        return None
    if len(p) < o.stopped_min_evals or not float(p.steps[-1]) < float(planned) - 1:
        return None
    if int(np.argmin(p.val)) == len(p) - 1:
        return None  # still improving when it ended: stopped for another reason (a paste, a time limit)
    return float(planned)


_RETRAIN = Text("Retrain with dropout 0.3 or weight decay 1e-4 and compare the validation loss and accuracy; if they "
                "improve, the run was over-fitting.",
                "加入 dropout 0.3 或权重衰减 1e-4 重新训练并比较验证损失与准确率；若有改善，说明之前过拟合。")


def _opposite_numbers(e: Evidence, o: Options) -> tuple[float, float, int] | None:
    """2-4 evaluations where validation loss rises at every step and training loss falls at every step, each by
    at least 25% overall: an epoch-level loss averaged over a whole split does not move a quarter of its level
    against the training loss by chance. Too few points to tell a turn from noise statistically, so the finding
    says how little was seen."""
    p = e.p
    n = len(p)
    if n < 2 or n >= o.opposite_max_evals:
        return None
    v, t = p.val, p.train
    # the longest tail over which validation rose and training fell at every evaluation: the whole of a 2-4 point
    # excerpt, or the last 3+ evaluations of a short run (pizza/steak CNN: validation 0.43 -> 0.47 -> 0.63 while
    # training fell 0.35 -> 0.098), which a trend test over 5-9 points cannot separate from noise
    up = (np.diff(v) > 0) & (np.diff(t) < 0)
    k = n - 1
    while k > 0 and up[k - 1]:
        k -= 1
    if n - k < (n if n < o.min_evals else 3):
        return None
    v, t = v[k:], t[k:]
    if not (v[0] > 0 and t[-1] > 0):
        return None
    v_up, t_down = float(v[-1] / v[0]), float(t[0] / t[-1])
    if v_up < 1 + o.excerpt_rel or t_down < 1 + o.excerpt_rel:
        return None
    return v_up, t_down, k


def _steady_numbers(e: Evidence, o: Options) -> tuple[int, int, float, float] | None:
    """The held-out loss rose at each of the `steady_min_rises`+ evaluations since its lowest one (not the first: it
    fell to it) while the training loss fell at each, ending `min_noise_multiple` noise levels and `min_best_share`
    of its best above it: the turn a person reads at a glance, whatever the run's length and however small the rise
    against the early gain (a headline seq2seq: 5.050 -> 5.054 -> 5.072 -> 5.157 -> 5.165 -> 5.215 while training
    falls 4.51 -> 3.06 at each epoch). Three rises in a row with training falling at each are not the scatter of a
    converged curve; two are also a healthy fine-tune's end. Not when a validation task metric reached a better best
    after it (the model still improves at the task: over-confidence on its errors, e.g. the last epochs of a
    one-cycle schedule whose accuracy still climbs). (best index, rises, rise, noise); None when there is none."""
    p = e.p
    assert p is not None
    v, t, steps = p.val, p.train, p.steps
    n = v.size
    b = int(np.argmin(v))
    rises = n - 1 - b
    if b < 1 or rises < min(o.steady_min_rises, o.steady_two_rises):
        return None
    if not (bool(np.all(np.diff(v[b:]) > 0)) and bool(np.all(np.diff(t[b:]) < 0))):
        return None
    rise, sigma = float(v[-1] - v[b]), C.noise(v)
    if rise < max(o.min_noise_multiple * sigma, o.min_best_share * abs(float(v[b]))):
        return None
    best_x = float(steps[b])
    if _task_metric_improved(e, best_x, o) is not None or _val_metric_improved(e.run, best_x, o):
        return None
    if rises < o.steady_min_rises and _held_out_accuracy_holds(e, best_x, o):
        return None
    return b, rises, rise, sigma


def _held_out_accuracy_holds(e: Evidence, best_x: float, o: Options) -> bool:
    """Whether a logged held-out accuracy ended within `glance_noise_multiple` of its own noise levels of (or above) its
    value at the held-out loss's best: the loss rose from over-confidence on errors the model already made, not from
    a model that got worse at the task. False when none is logged at the best and after it."""
    if e.val_acc is None:
        return False
    x, y = C.finite(e.val_acc)
    i = int(np.searchsorted(x, best_x, side="right")) - 1
    if i < 0 or i >= y.size - 1:
        return False
    return float(y[i] - y[-1]) <= o.glance_noise_multiple * C.noise(y)


def _steady_finding(e: Evidence, o: Options) -> Finding:
    p = e.p
    assert p is not None
    got = _steady_numbers(e, o)
    assert got is not None
    b, rises, rise, sigma = got
    v, t = p.val, p.train
    ue, uz = p.unit
    x0, x1 = float(p.steps[b]), float(p.steps[-1])
    pct = 100.0 * rise / abs(float(v[b])) if float(v[b]) else float("inf")
    noise = rise / sigma if sigma > 0 else float("inf")
    msg = Text(f"{p.val_key} was lowest at {ue} {x0:g} ({v[b]:.4g}) and rose at each of the {rises} {ue}s since, to "
               f"{v[-1]:.4g} (+{pct:.3g} %, {noise:.3g} noise levels), while {p.train_key} fell at each "
               f"({t[b]:.4g} -> {t[-1]:.4g}): the model is getting worse on unseen data while it still fits the "
               "training data better.",
               f"{p.val_key} 在第 {x0:g} {uz}最低（{v[b]:.4g}），此后 {rises} {uz}每{uz}都在上升，升至 {v[-1]:.4g}"
               f"（+{pct:.3g} %，{noise:.3g} 个噪声水平），而 {p.train_key} 每{uz}都在下降（{t[b]:.4g} -> "
               f"{t[-1]:.4g}）：模型在新数据上变差，而对训练数据拟合得更好。")
    if e.best_checkpoint:
        msg = Text(msg.en + f" The run keeps its best checkpoint (--best-checkpoint): the one from {ue} {x0:g} is "
                   "before the rise, so the model kept is not hurt; the epochs after it only cost compute.",
                   msg.zh + f"该训练保留最佳检查点（--best-checkpoint）：第 {x0:g} {uz}的检查点在回升之前，"
                   "保留的模型不受影响；之后的训练只是耗费算力。")
    return Finding(
        code="LD101", name="overfitting", severity=Severity.WARNING,
        message=msg,
        span=Span(p.axis, x0, x1),
        evidence={f"best_{ue}": x0, "val_loss_at_best": float(v[b]), "val_loss_at_end": float(v[-1]),
                  "train_loss_at_best": float(t[b]), "train_loss_at_end": float(t[-1]),
                  "evaluations_after_best": rises, "rise_noise_levels": noise, "rise_pct_of_best": pct,
                  "pattern": "steady_rise", "points": len(p), "on_test": e.on_test},
        causes=_MEMORISATION_CAUSES,
        fixes=(stop_at_best(x0, 2, 0.0, None, 0, ue, uz), regularize(), augment()),
        series=(p.train_key, p.val_key),
        marks=(Mark(f"best_{ue}", (x0,)),),
        experiment=_RETRAIN)


def _late_numbers(e: Evidence, o: Options) -> tuple[float, int, float, float] | None:
    """A short run (4-9 evaluations) whose validation loss fell at every evaluation to its best and rose at every one
    of the 2+ after it, while training fell at every evaluation: one clean turn, what a person reads at a glance in a
    pasted excerpt (Keras epochs 4-10: val_loss 26.45 -> 26.17 -> 26.18 -> 26.23 -> 26.32 while loss fell 55.8 ->
    42.7). Too few points for a trend test, so the rise is measured against the excerpt itself: it gives back a
    quarter of what validation gained before its best. A reversal anywhere is the curve's own noise at this length.
    (share, best index, rise, training fall); None when there is none.
    A validation accuracy that reached a new best after the best loss means the model still improves at the task
    (over-confidence on its errors): no turn."""
    p = e.p
    assert p is not None
    n = len(p)
    if n < o.late_min_evals or n >= o.opposite_max_evals:
        return None
    v, t = p.val, p.train
    b = int(np.argmin(v))
    if b < 1 or n - 1 - b < 2 or not (float(v[b]) > 0 and float(t[-1]) > 0):
        return None
    dv = np.diff(v)
    if not (bool(np.all(dv[:b] < 0)) and bool(np.all(dv[b:] > 0)) and bool(np.all(np.diff(t) < 0))):
        return None  # not one clean turn: a reversal anywhere is the curve's own noise at this length
    rise = float(v[-1] - v[b])
    gained = float(v[0] - v[b])
    t_fall = float((t[b] - t[-1]) / t[b])
    share = rise / gained
    if share < o.late_share:
        return None
    a = e.acc_pair
    if a is not None and len(a) >= 2:
        i = int(np.searchsorted(a.steps, float(p.steps[b]), side="right"))
        if 0 < i < len(a) and float(np.max(a.val[i:])) > float(np.max(a.val[:i])):
            return None
    return share, b, rise, t_fall


def _late_finding(e: Evidence, o: Options) -> Finding:
    p = e.p
    assert p is not None
    got = _late_numbers(e, o)
    assert got is not None
    share, b, rise, t_fall = got
    v, t = p.val, p.train
    ue, uz = p.unit
    x0, x1 = float(p.steps[b]), float(p.steps[-1])
    fell = _metric_fell_note(e, x0, o)
    caveat = fell[0] if fell is not None else Text(
        f" Over-fitting starts this way; over so few evaluations the last {ue}s of a run that has converged can look "
        "the same.", f"过拟合就是这样开始的；但只有这么几{uz}时，已收敛训练的最后几{uz}也可能是这个样子。")
    return Finding(
        code="LD101", name="overfitting", severity=Severity.INFO,
        message=Text(f"{p.val_key} was lowest at {ue} {x0:g} ({v[b]:.4g}) and rose to {v[-1]:.4g} by {ue} {x1:g} "
                     f"while {p.train_key} fell at every {ue} ({t[b]:.4g} -> {t[-1]:.4g}): validation has turned "
                     "while training still improves." + caveat.en,
                     f"{p.val_key} 在第 {x0:g} {uz}最低（{v[b]:.4g}），到第 {x1:g} {uz}升至 {v[-1]:.4g}，而 "
                     f"{p.train_key} 每{uz}都在下降（{t[b]:.4g} -> {t[-1]:.4g}）：训练仍在改善而验证已经回升。" + caveat.zh),
        span=Span(p.axis, x0, x1),
        evidence={f"best_{ue}": x0, "val_loss_at_best": float(v[b]), "val_loss_at_end": float(v[-1]),
                  "train_loss_at_best": float(t[b]), "train_loss_at_end": float(t[-1]),
                  "evaluations_after_best": len(p) - 1 - b, "rise_share": share, "pattern": "late_turn_excerpt",
                  "points": len(p), **(fell[1] if fell is not None else {})},
        causes=_MEMORISATION_CAUSES,
        fixes=(stop_at_best(x0, 2, 0.0, None, 0, ue, uz), regularize(), augment()),
        series=(p.train_key, p.val_key),
        marks=(Mark(f"best_{ue}", (x0,)),),
        experiment=_RETRAIN)


def _short_rise_numbers(e: Evidence, o: Options
                        ) -> tuple[float, float, float, float, int, float, float, bool] | None:
    """A short excerpt (3-9 validation evaluations) read from the two logged loss series themselves, not from their
    pairs at shared steps: the validation loss's lowest evaluation is followed by 2+ that each rise, ending at least
    `rise_rel` (10%) above it, while the training loss logged from the last value at or before that evaluation to
    the end never rises and falls by `min_train_drop` (a third). A fine-tune's card (validation loss 0.53 at epoch 2,
    then 0.73, 0.88, 0.94 while training fell 0.61 -> 0.06) shows this at a glance; its pairs lose it, because the
    Trainer prints 'No log' before its first training loss and repeats the last one in an epoch that logged none.
    (rise share of the best, best step, validation at best, validation at end, evaluations, training then, training at
    end, whether a validation accuracy still reaches new bests to the end); None when there is none."""
    vs, ts = e.run.get(e.p.val_key), e.run.get(e.p.train_key)
    if vs is None or ts is None:
        return None
    x, v = C.finite(vs)
    tx, t = C.finite(ts)
    n = len(v)
    if n < o.rise_min_evals or n >= o.opposite_max_evals or len(t) < 2:
        return None
    b = int(np.argmin(v))
    if n - 1 - b < 2 or not float(v[b]) > 0 or not bool(np.all(np.diff(v[b:]) > 0)):
        return None
    share = float(v[-1] - v[b]) / float(v[b])
    if share < o.rise_rel:
        return None
    i = max(int(np.searchsorted(tx, float(x[b]), side="right")) - 1, 0)
    t_from = t[i:]
    if len(t_from) < 2 or float(tx[-1]) <= float(x[b]) or not float(t_from[0]) > 0:
        return None
    if not (bool(np.all(np.diff(t_from) <= 0)) and float(t_from[-1]) <= (1 - o.min_train_drop) * float(t_from[0])):
        return None
    # a validation accuracy still at new bests to the end reads as over-confidence on its errors as well: kept, at
    # half the confidence, and said (a few evaluations cannot tell the two apart; more would)
    return (share, float(x[b]), float(v[b]), float(v[-1]), n, float(t_from[0]), float(t_from[-1]),
            _accuracy_still_best(e, float(x[b])))


def _accuracy_still_best(e: Evidence, best_x: float) -> bool:
    """Whether a validation accuracy reached a new best after `best_x` and is at its best at the last evaluation: the
    model still improves at the task to the end of the excerpt, so a rising loss is over-confidence on its errors (the
    rule's principle for a short turn, `_late_numbers`); one that peaked and fell back has stopped improving."""
    for s in e.run.find_all(Kind.ACCURACY, Split.VAL):
        x, y = C.finite(s)
        i = int(np.searchsorted(x, best_x, side="right"))
        if 0 < i < len(y) and float(np.max(y[i:])) > float(np.max(y[:i])) and float(y[-1]) >= float(np.max(y)):
            return True
    return False


def _short_rise_finding(e: Evidence, o: Options) -> Finding:
    p = e.p
    got = _short_rise_numbers(e, o)
    assert p is not None and got is not None
    share, xb, vb, ve, n, t0, t1, acc_best = got
    ue, uz = p.unit
    x1 = float(e.run.get(p.val_key).steps[-1])
    acc = Text(" A validation accuracy still reached its best at the last evaluation: over-confidence on its errors "
               "fits too, so this is less sure.", " 验证准确率在最后一次评估时仍创新高：也可能只是对错误样本过度自信，因此把握更低。") \
        if acc_best else Text("", "")
    return Finding(
        code="LD101", name="overfitting", severity=Severity.INFO,
        message=Text(f"{p.val_key} was lowest at {ue} {xb:g} ({vb:.4g}) and rose at every evaluation after it, to "
                     f"{ve:.4g} ({share:+.0%}), while {p.train_key} kept falling ({t0:.4g} -> {t1:.4g}): the gap "
                     f"widens, the over-fitting shape. Only {n} evaluations: a converged run's tail or an over-confident "
                     "model's loss can look the same; keep the checkpoint from the lowest validation loss." + acc.en,
                     f"{p.val_key} 在第 {xb:g} {uz}最低（{vb:.4g}），之后每次评估都在上升，升至 {ve:.4g}（{share:+.0%}），"
                     f"而 {p.train_key} 持续下降（{t0:.4g} -> {t1:.4g}）：差距在扩大，是过拟合的形状。只有 {n} 次评估："
                     "已收敛训练的尾段或过度自信模型的损失也可能如此；请保留验证损失最低时的检查点。" + acc.zh),
        span=Span(p.axis, xb, x1),
        evidence={f"best_{ue}": xb, "val_loss_at_best": vb, "val_loss_at_end": ve, "rise_share_of_best": share,
                  "train_loss_from": t0, "train_loss_at_end": t1, "pattern": "short_rise_excerpt", "points": n,
                  "accuracy_still_best": acc_best},
        causes=(Cause("insufficient_regularization", 0.4, Text("nothing holds the model back from fitting the "
                                                               "training examples", "没有任何约束阻止模型拟合训练样本")),
                Cause("model_too_large", 0.3, Text("capacity to memorise the training set", "模型容量足以记住训练集")),
                Cause("too_little_data", 0.3, Text("a small training set is memorised quickly", "小训练集很快被记住"))),
        fixes=(stop_at_best(xb, 2, 0.0, None, 0, ue, uz), regularize()),
        series=(p.train_key, p.val_key),
        marks=(Mark(f"best_{ue}", (xb,)),),
        experiment=_RETRAIN)


def _gap_excerpt_numbers(e: Evidence, o: Options) -> tuple[float, float, int, float, float, float, float] | None:
    """A short excerpt (3-15 evaluations) whose validation accuracy stays `snap_acc_gap` (20 points) below training at
    every evaluation, with the validation loss at least `gap_loss_ratio` (2x) the training loss at every one and the
    accuracy gap not closing (its last value at least its first): the model fits what it has seen far better than new
    data, all along (train 0.88 -> 0.90 beside val 0.59, 0.53, 0.61, ... 0.55 and a validation loss 3x training).
    Too few evaluations to tell a gap from the start (splits that differ) from one that opened (over-fitting): a note.
    (smallest gap, largest gap, evaluations, training and validation accuracy at the first and the last)."""
    a, p = e.acc_pair, e.p
    if a is None or p is None or not (o.rise_min_evals <= len(a) <= o.gap_max_evals):
        return None
    if len(p) < o.rise_min_evals or not (np.all(p.train > 0) and np.all(np.isfinite(p.val))):
        return None
    gap = a.train - a.val
    if not (np.all(np.isfinite(gap)) and float(np.min(gap)) >= o.snap_acc_gap and float(gap[-1]) >= float(gap[0])):
        return None
    if float(np.min(p.val / p.train)) < o.gap_loss_ratio:
        return None
    return (float(np.min(gap)), float(np.max(gap)), len(a), float(a.train[0]), float(a.train[-1]),
            float(a.val[0]), float(a.val[-1]))


def _gap_excerpt_finding(e: Evidence, o: Options) -> Finding:
    p, a = e.p, e.acc_pair
    got = _gap_excerpt_numbers(e, o)
    assert p is not None and a is not None and got is not None
    lo, hi, n, ta0, ta1, va0, va1 = got
    ratio = float(np.min(p.val / p.train))
    ue, uz = p.unit
    x0, x1 = float(a.steps[0]), float(a.steps[-1])
    return Finding(
        code="LD101", name="overfitting", severity=Severity.INFO,
        message=Text(f"At every one of the {n} evaluations {a.val_key} stays {lo:.2f}-{hi:.2f} below {a.train_key} "
                     f"({a.train_key} {ta0:.4g} -> {ta1:.4g}, {a.val_key} {va0:.4g} -> {va1:.4g}) and {p.val_key} is "
                     f"at least {ratio:.3g}x {p.train_key}: the model fits the data it has seen far better than new "
                     "data, and the gap does not close. The excerpt cannot tell whether the gap opened as training "
                     "went on (over-fitting) or was there from the first epoch (splits that differ).",
                     f"在全部 {n} 次评估中，{a.val_key} 都比 {a.train_key} 低 {lo:.2f}-{hi:.2f}（{a.train_key} "
                     f"{ta0:.4g} -> {ta1:.4g}，{a.val_key} {va0:.4g} -> {va1:.4g}），且 {p.val_key} 至少是 "
                     f"{p.train_key} 的 {ratio:.3g} 倍：模型对见过的数据拟合远好于新数据，差距没有缩小。这段日志无法"
                     "判断差距是随训练扩大的（过拟合）还是从第一轮就存在的（数据划分不一致）。"),
        span=Span(a.axis, x0, x1),
        evidence={"accuracy_gap_min": lo, "accuracy_gap_max": hi, "train_accuracy_at_end": ta1,
                  "val_accuracy_at_end": va1, "val_over_train_loss_min": ratio, "pattern": "gap_excerpt",
                  "points": n},
        causes=(Cause("insufficient_regularization", 0.4, Text("nothing holds the model back from fitting the "
                                                               "training examples", "没有任何约束阻止模型拟合训练样本")),
                Cause("too_little_data", 0.3, Text("a small training set is memorised quickly", "小训练集很快被记住")),
                Cause("distribution_shift", 0.3, Text("a validation split unlike the training data keeps its gap from "
                                                      "the first epoch", "与训练数据不同的验证划分从第一轮起就保持差距"))),
        fixes=(regularize(), augment()),
        series=(p.train_key, p.val_key, a.train_key, a.val_key),
        experiment=_RETRAIN)


@dataclass(frozen=True)
class Glance:
    """A held-out curve that turned from its best while the training loss kept falling (`_glance_numbers`)."""

    key: str  # the held-out series: a validation / test loss, or a validation accuracy / score / error
    train_key: str
    axis: str
    worse_up: bool  # a higher value is worse (a loss, an error); False for an accuracy or a score
    best_x: float
    end_x: float
    best_value: float
    end_level: float  # median of the last third of the evaluations after the best (2 at least)
    after: int  # evaluations after the best
    worse_steps: int  # of the steps after the one following the best, those that got worse
    steps_counted: int
    change: float  # robust trend over the evaluations after the best, signed so that > 0 is worse
    unc: float
    noise: float  # the held-out curve's evaluation-to-evaluation noise
    train_best: float  # training loss at the best, and at the end (median of the same last evaluations)
    train_end: float


def _glance_numbers(e: Evidence, o: Options) -> Glance | None:
    """The turn a person reads at a glance: the held-out loss (else a validation accuracy / score / error) has its
    best `glance_min_after`+ evaluations before the end and got worse at most evaluations since, its robust trend there
    (the best point left out) `glance_trend_t` times its uncertainty and its end `glance_noise_multiple` noise levels
    from the best, while the training loss's trend over the same span falls beyond its uncertainty. A pre-trained GPT's
    validation loss 5.4809 at epoch 11 rising at each of 9 epochs to 5.5218 (+0.7 %, far beyond its noise) while
    training falls 5.09 -> 4.83; a CNN's validation accuracy 0.7604 at epoch 4 drifting to 0.73-0.745 while training
    loss falls 20x. None when there is none: a curve that never improved before it got worse has not turned, and a loss
    whose validation accuracy / error rate reached a clearly better best after it turned is over-confidence on the
    errors (the long-run turn's principle, `_val_metric_improved`)."""
    cands: list[tuple[Series, bool]] = []
    if e.p is not None:
        cands.append((e.run.get(e.p.val_key), True))
    for kind, up in ((Kind.ACCURACY, False), (Kind.SCORE, False), (Kind.ERROR_RATE, True), (Kind.ERROR, True)):
        s = e.run.find(kind, Split.VAL) or (e.run.find(kind, Split.TEST) if e.on_test or e.p is None else None)
        if s is not None:
            cands.append((s, up))
    train = e.run.find(Kind.LOSS, Split.TRAIN)
    if train is None:
        return None
    ts, tv = C.finite(train)
    for s, up in cands:
        if s is None:
            continue
        got = _glance_of(s, up, ts, tv, train.key, e, o)
        if got is not None:
            return got
    return None


def _glance_of(s: Series, up: bool, ts: np.ndarray, tv: np.ndarray, train_key: str, e: Evidence, o: Options
               ) -> Glance | None:
    x, y = C.finite(s)
    n = y.size
    if n < o.min_evals or ts.size < 2:
        return None
    w = y if up else -y  # larger is worse
    b = int(np.argmin(w))
    after = n - 1 - b
    if after < o.glance_min_after:
        return None
    t = C.train_at(ts, tv, x)
    if not np.all(np.isfinite(t[b:])):
        return None
    tail = w[b + 1:]
    d = np.diff(tail)
    worse = int(np.count_nonzero(d > 0))
    if 2 * worse <= d.size:  # not worse at most evaluations since: the curve's own zig-zag
        return None
    change, unc = C.trend_change(x[b + 1:], tail)
    m = max(2, math.ceil(after / 3))
    end_level = float(np.median(w[-m:]))
    sigma = C.noise(w)
    if not (change > o.glance_trend_t * unc and end_level - float(w[b]) > o.glance_noise_multiple * sigma):
        return None
    if not float(np.max(w[:b + 1])) - float(w[b]) > o.glance_noise_multiple * sigma:
        return None  # no turn: the held-out curve never improved (beyond its noise) before getting worse
    t_change, t_unc = C.trend_change(x[b:], t[b:])
    t_best, t_end = float(t[b]), float(np.median(t[-m:]))
    if not (t_change < -t_unc and t_end < t_best):
        return None  # training did not keep falling: a converged run's drift, not the variance pattern
    # the loss's best as the long-run turn reads it (a centred running median), not a noisy evaluation's dip
    turned = min(float(x[b]), float(x[int(np.argmin(C.smooth_centered(w)))]))
    if up and _val_metric_improved(e.run, turned, o):
        return None  # the model still got clearly better at the task after the loss turned: over-confidence
    sign = 1.0 if up else -1.0
    return Glance(s.key, train_key, s.axis.value, up, float(x[b]), float(x[-1]), float(y[b]), sign * end_level,
                  after, worse, int(d.size), change, unc, sigma, t_best, t_end)


def _glance_finding(e: Evidence, o: Options) -> Finding:
    g = _glance_numbers(e, o)
    assert g is not None
    ue, uz = C.unit(g.axis)
    verb_en, verb_zh = ("rose", "升至") if g.worse_up else ("fell", "降至")
    return Finding(
        code="LD101", name="overfitting", severity=Severity.INFO,
        message=Text(f"{g.key} was best at {ue} {g.best_x:g} ({g.best_value:.4g}) and {verb_en} to {g.end_level:.4g} "
                     f"by {ue} {g.end_x:g}, worse at {g.worse_steps} of the {g.steps_counted} {ue}s after the one "
                     f"following its best (robust trend {g.change:.3g}, {g.change / max(g.unc, 1e-300):.3g}x its "
                     f"uncertainty; {abs(g.end_level - g.best_value) / max(g.noise, 1e-300):.3g} noise levels from the "
                     f"best), while {g.train_key} kept falling ({g.train_best:.4g} -> {g.train_end:.4g}): the held-out "
                     "curve has turned while training still improves, the over-fitting shape. A note: healthy runs "
                     "whose authors accept this shape show it too; the best checkpoint is the one to keep, and "
                     f"retraining with more regularisation (or {ue}s logged past this point) would settle it.",
                     f"{g.key} 在第 {g.best_x:g} {uz}最佳（{g.best_value:.4g}），到第 {g.end_x:g} {uz}{verb_zh} "
                     f"{g.end_level:.4g}；最佳点后一{uz}之后的 {g.steps_counted} {uz}中有 {g.worse_steps} {uz}变差（稳健趋势 "
                     f"{g.change:.3g}，为其不确定度的 {g.change / max(g.unc, 1e-300):.3g} 倍；距最佳 "
                     f"{abs(g.end_level - g.best_value) / max(g.noise, 1e-300):.3g} 个噪声水平），而 {g.train_key} 持续下降"
                     f"（{g.train_best:.4g} -> {g.train_end:.4g}）：训练仍在改善而验证曲线已经转差，是过拟合的形状。"
                     f"这是提示：作者认可此形状的健康训练也会出现；请保留最佳检查点，加正则重新训练（或记录更多{uz}）即可确定。"),
        span=Span(g.axis, g.best_x, g.end_x),
        evidence={f"best_{ue}": g.best_x, "held_out_at_best": g.best_value, "held_out_at_end": g.end_level,
                  "held_out_series": g.key, "evaluations_after_best": g.after, "worse_steps": g.worse_steps,
                  "steps_counted": g.steps_counted, "trend_change": g.change, "trend_uncertainty": g.unc,
                  "held_out_noise": g.noise, "train_loss_at_best": g.train_best, "train_loss_at_end": g.train_end,
                  "pattern": "glance_turn", "points": g.after + 1},
        causes=(Cause("insufficient_regularization", 0.4, Text("nothing holds the model back from fitting the "
                                                               "training examples", "没有任何约束阻止模型拟合训练样本")),
                Cause("model_too_large", 0.3, Text("capacity to memorise the training set", "模型容量足以记住训练集")),
                Cause("too_little_data", 0.3, Text("a small training set is memorised quickly", "小训练集很快被记住"))),
        fixes=(stop_at_best(g.best_x, 2, 0.0, None, 0, ue, uz, monitor=g.key), regularize(), augment()),
        series=(g.train_key, g.key),
        marks=(Mark(f"best_{ue}", (g.best_x,)),),
        experiment=_RETRAIN)


def _trend_excerpt_numbers(e: Evidence, o: Options) -> tuple[float, float, float] | None:
    """A short noisy run (4-9 evaluations) whose validation loss drifts up over the excerpt while training drifts
    down: what a person reads at a glance in a pasted excerpt whose epochs zig-zag (AlexNet on 1,224 flower images,
    epochs 35-42: val_loss 2.57 2.05 2.56 2.23 2.85 2.89 2.84 3.26 while loss trends down and val_acc falls 0.60 ->
    0.49). Each step may reverse, so the clean-turn reading stays silent; the robust (Theil-Sen) trend over the whole
    excerpt does not. (validation change, its uncertainty, training change); None when there is none."""
    p = e.p
    assert p is not None
    n = len(p)
    if n < o.late_min_evals or n >= o.opposite_max_evals:
        return None
    v, t = p.val, p.train
    if not (np.all(np.isfinite(v)) and np.all(np.isfinite(t)) and float(v[-1]) > float(v[0]) > 0):
        return None
    v_change, v_unc = C.trend_change(p.steps, v)
    t_change, _ = C.trend_change(p.steps, t)
    if not (v_change > o.trend_noise_multiple * v_unc and v_change > 0 and t_change < 0):
        return None
    a = e.val_acc
    if a is not None and len(a) >= 3:
        ok = np.isfinite(a.values)
        a_change, _ = C.trend_change(a.steps[ok], a.values[ok])
        if a_change > 0:  # the model still gets better at the task: over-confidence, not lost generalisation
            return None
    return v_change, v_unc, t_change


def _excerpt_metric_fell(e: Evidence, from_x: float, o: Options) -> tuple[str, float, float, float, float] | None:
    """(key, first value, last value, trend change, its uncertainty) of a validation accuracy or error rate whose
    robust (Theil-Sen) trend from `from_x` to the end got worse by a point (`excerpt_metric_worse`) and beyond its
    uncertainty, over 3+ evaluations; None otherwise. Over a short excerpt a validation loss that turns up while
    training falls may be the tail of a converged run or over-confidence on a few errors (the loss alone cannot
    tell); a validation accuracy falling with it says the model got worse on new data: what a person reads as
    over-fitting at a glance (AlexNet on 1,224 flower images: val_acc 0.60 -> 0.49 while val_loss climbs)."""
    for kind in (Kind.ACCURACY, Kind.ERROR_RATE):
        for s in e.run.find_all(kind, Split.VAL):
            x, y = C.finite(s)
            i = int(np.searchsorted(x, from_x, side="left"))
            if y.size - i < 3:
                continue
            change, unc = C.trend_change(x[i:], y[i:])
            worse = -change if kind is Kind.ACCURACY else change
            if worse > max(o.trend_noise_multiple * unc, o.excerpt_metric_worse):
                return s.key, float(y[i]), float(y[-1]), change, unc
    return None


def _metric_fell_note(e: Evidence, from_x: float, o: Options) -> tuple[Text, dict] | None:
    """The sentence and evidence a short-run turn adds when a validation accuracy fell with it (a warning)."""
    got = _excerpt_metric_fell(e, from_x, o)
    if got is None:
        return None
    key, a0, a1, change, unc = got
    return (Text(f" {key} fell with it ({a0:.4g} -> {a1:.4g}, {change:+.3g} on its robust trend, uncertainty "
                 f"{unc:.2g}): the model gets worse on new data while it fits the training set better.",
                 f"{key} 也随之下降（{a0:.4g} -> {a1:.4g}，稳健趋势 {change:+.3g}，不确定度 {unc:.2g}）："
                 "模型对训练集拟合得更好，而在新数据上变差。"),
            {"val_metric": key, "val_metric_at_start": a0, "val_metric_at_end": a1, "val_metric_trend_change": change,
             "val_metric_trend_uncertainty": unc})


def _trend_excerpt_finding(e: Evidence, o: Options) -> Finding:
    p = e.p
    assert p is not None
    got = _trend_excerpt_numbers(e, o)
    assert got is not None
    v_change, v_unc, t_change = got
    v, t = p.val, p.train
    ue, uz = p.unit
    x0, x1 = float(p.steps[0]), float(p.steps[-1])
    b = int(np.argmin(v))
    fell = _metric_fell_note(e, x0, o)
    caveat = fell[0] if fell is not None else Text(
        f" The {ue}s zig-zag and are few, so this is a note.", f"各{uz}来回波动且数量少，因此只作提示。")
    return Finding(
        code="LD101", name="overfitting", severity=Severity.INFO,
        message=Text(f"Over {ue}s {x0:g}-{x1:g} {p.val_key} trends up ({v[0]:.4g} -> {v[-1]:.4g}, {v_change:+.3g} on its "
                     f"robust trend, uncertainty {v_unc:.2g}) while {p.train_key} trends down ({t_change:+.3g} on its "
                     "robust trend): the gap widens, as when a model starts to over-fit." + caveat.en,
                     f"在第 {x0:g}-{x1:g} {uz}中，{p.val_key} 呈上升趋势（{v[0]:.4g} -> {v[-1]:.4g}，稳健趋势 "
                     f"{v_change:+.3g}，不确定度 {v_unc:.2g}），而 {p.train_key} 呈下降趋势（稳健趋势 {t_change:+.3g}）："
                     "差距在扩大，正如模型开始过拟合时那样。" + caveat.zh),
        span=Span(p.axis, x0, x1),
        evidence={"val_loss_at_start": float(v[0]), "val_loss_at_end": float(v[-1]), "val_trend_change": v_change,
                  "val_trend_uncertainty": v_unc, "train_loss_at_start": float(t[0]),
                  "train_loss_at_end": float(t[-1]), "train_trend_change": t_change, f"best_{ue}": float(p.steps[b]),
                  "pattern": "trend_excerpt", "points": len(p), **(fell[1] if fell is not None else {})},
        causes=_MEMORISATION_CAUSES,
        fixes=(stop_at_best(float(p.steps[b]), 2, 0.0, None, 0, ue, uz), regularize(), augment()),
        series=(p.train_key, p.val_key),
        marks=(Mark(f"best_{ue}", (float(p.steps[b]),)),),
        experiment=_RETRAIN)


def _ceiling_numbers(e: Evidence, o: Options) -> tuple[float, float, int] | None:
    """Training accuracy at its ceiling (>= 0.99) and a validation (or test) accuracy 20+ points below it at the end:
    the training set is fit and the error left on unseen data is variance (train 99 %, test 70 %). (training
    accuracy, validation accuracy, points) at the end; None otherwise. Accuracies must be fractions."""
    return _fit_gap_numbers(e, o, o.ceiling_gap)


def _fit_gap_numbers(e: Evidence, o: Options, min_gap: float) -> tuple[float, float, int] | None:
    """(training accuracy, held-out accuracy, points) at the end when the training accuracy is at its ceiling and
    the held-out one `min_gap` or more below it; None otherwise (or when the accuracies are not fractions)."""
    if e.train_acc is None or e.val_acc is None:
        return None
    t_acc, v_acc = _train_acc_at_end(e.train_acc, e.val_acc, o), _last_finite(e.val_acc.values)
    if t_acc is None or v_acc is None or not (0.0 <= v_acc and t_acc <= 1.0):
        return None
    if t_acc < o.ceiling_acc or t_acc - v_acc < min_gap:
        return None
    return t_acc, v_acc, max(len(e.train_acc), len(e.val_acc))


def _far_gap_numbers(e: Evidence, o: Options) -> tuple[float, float, float, float, int] | None:
    """(training accuracy, held-out accuracy, gap, standard error, held-out points) at the end - medians of the last
    `far_acc_tail` finite values of each - when the held-out accuracy is `far_acc_gap` or more under training's and
    `far_acc_noise` standard errors of its median above 0; None otherwise, when the accuracies are not fractions, or
    when a loss ends non-finite (the accuracy of a broken model says nothing about generalisation)."""
    if e.train_acc is None or e.val_acc is None:
        return None
    if any(len(s) and not np.isfinite(s.values[-1]) for s in e.run.find_all(Kind.LOSS)):
        return None
    t = e.train_acc.values[np.isfinite(e.train_acc.values)]
    v = e.val_acc.values[np.isfinite(e.val_acc.values)]
    if t.size == 0 or v.size == 0 or min(float(t.min()), float(v.min())) < 0.0 or max(float(t.max()),
                                                                                      float(v.max())) > 1.0:
        return None
    m = min(o.far_acc_tail, v.size)
    interval = _last_interval(e.train_acc, e.val_acc, o)
    t_end = float(np.median(interval if interval is not None else t[-o.far_acc_tail:]))
    v_end = float(np.median(v[-m:]))
    gap = t_end - v_end
    se = 1.25 * C.noise(v) / math.sqrt(m)
    if gap < o.far_acc_gap or gap < o.far_acc_noise * se:
        return None
    return t_end, v_end, gap, se, v.size


def _far_gap_finding(e: Evidence, o: Options) -> Finding:
    got = _far_gap_numbers(e, o)
    assert got is not None and e.train_acc is not None and e.val_acc is not None
    t_acc, v_acc, gap, se, n = got
    tk, vk = e.train_acc.key, e.val_acc.key
    return Finding(
        code="LD101", name="overfitting", severity=Severity.WARNING,
        message=Text(f"{tk} ends at {t_acc:.4g} while {vk} ends at {v_acc:.4g} (medians of the last values), "
                     f"{gap:.1%} lower: the model gets far fewer unseen examples right than training ones - it "
                     "memorises its training set instead of learning what carries over to new data.",
                     f"{tk} 最终为 {t_acc:.4g}，而 {vk} 最终为 {v_acc:.4g}（最后几个值的中位数），低 {gap:.1%}：模型在"
                     "未见过的样本上答对的远少于训练样本，它在记忆训练集，而不是学到能推广到新数据的规律。"),
        span=None,
        evidence={"train_accuracy_at_end": t_acc, "val_accuracy_at_end": v_acc, "accuracy_gap": gap,
                  "gap_standard_error": se, "pattern": "far_accuracy_gap", "points": n},
        causes=(Cause("insufficient_regularization", 0.45, _UNHELD), Cause("too_little_data", 0.4, _MEMORISED),
                Cause("model_too_large", 0.35, Text("capacity to memorise the training set", "模型容量足以记住训练集")),
                Cause("distribution_shift", 0.2, Text("a held-out split unlike the training data keeps a gap whatever "
                                                      "the training", "与训练数据不同的验证划分无论怎么训练都保持差距"))),
        fixes=(regularize(), augment()),
        series=(tk, vk) if e.p is None else (e.p.train_key, e.p.val_key, tk, vk),
        experiment=_RETRAIN)


def _last_interval(train_acc: Series, val_acc: Series, o: Options) -> np.ndarray | None:
    """The finite training accuracies logged after the held-out accuracy's last-but-one evaluation, when training is
    logged more densely (`far_acc_tail`, 3+, values there); None otherwise (one value per evaluation, or 1 evaluation).
    The held-out accuracy at the end sums up the model over that stretch; a training accuracy logged per batch is
    compared over the same stretch, not by its last batch (a few-shot session's 8-sample batch at 8/8 is no fitted
    training set when the batches since the last evaluation sit at 5/8 in the median)."""
    if len(val_acc) < 2:
        return None
    vx, _ = C.finite(val_acc)
    tx, ty = C.finite(train_acc)
    if vx.size < 2:
        return None
    got = ty[tx > vx[-2]]
    return got if got.size >= o.far_acc_tail else None


def _train_acc_at_end(train_acc: Series, val_acc: Series, o: Options) -> float | None:
    """The training accuracy at the end: the median over the last evaluation interval when training is logged more
    densely (`_last_interval`), else its last finite value."""
    interval = _last_interval(train_acc, val_acc, o)
    return float(np.median(interval)) if interval is not None else _last_finite(train_acc.values)


def _last_finite(values: np.ndarray) -> float | None:
    """The last finite value, read from the end (no full-length copy on a long series); None when there is none."""
    for lo in (64, values.size):
        tail = values[-lo:]
        ok = np.flatnonzero(np.isfinite(tail))
        if ok.size:
            return float(tail[ok[-1]])
    return None


def _ceiling_finding(e: Evidence, o: Options) -> Finding:
    got = _ceiling_numbers(e, o)
    assert got is not None
    return _fit_gap_finding(
        e, got, Severity.WARNING, "accuracy_ceiling",
        Text("the error left is on unseen data only, high variance.", "剩下的误差只出现在未见过的数据上，即高方差。"),
        (Cause("insufficient_regularization", 0.45, _UNHELD), Cause("too_little_data", 0.4, _MEMORISED),
         Cause("model_too_large", 0.35, Text("capacity to memorise the training set", "模型容量足以记住训练集"))))


def _opposite_finding(e: Evidence, o: Options) -> Finding:
    p = e.p
    n = len(p)
    got = _opposite_numbers(e, o)
    assert got is not None
    v_up, t_down, k = got
    v, t = p.val[k:], p.train[k:]
    ue, uz = p.unit
    x0, x1 = float(p.steps[k]), float(p.steps[-1])
    return Finding(
        code="LD101", name="overfitting", severity=Severity.WARNING,
        message=Text(f"From {ue} {x0:g} to {x1:g} {p.val_key} rose {v[0]:.4g} -> {v[-1]:.4g} ({v_up:.3g}x) while "
                     f"{p.train_key} fell {t[0]:.4g} -> {t[-1]:.4g} ({t_down:.3g}x): the model fits the training set at "
                     "the expense of validation.",
                     f"从第 {x0:g} 到 {x1:g} {uz}，{p.val_key} 从 {v[0]:.4g} 升到 {v[-1]:.4g}（{v_up:.3g} 倍），而 "
                     f"{p.train_key} 从 {t[0]:.4g} 降到 {t[-1]:.4g}（{t_down:.3g} 倍）：模型以验证表现为代价拟合训练集。"
                     ),
        span=Span(p.axis, x0, x1),
        evidence={"val_loss_at_start": float(v[0]), "val_loss_at_end": float(v[-1]), "train_loss_at_start":
                  float(t[0]), "train_loss_at_end": float(t[-1]), "pattern": "opposite_excerpt", "points": n},
        causes=_MEMORISATION_CAUSES,
        fixes=(stop_at_best(x0, 2, 0.0, None, 0, ue, uz), regularize(), augment()),
        series=(p.train_key, p.val_key),
        experiment=_RETRAIN)


def _metric_flat_numbers(e: Evidence, o: Options) -> tuple | None:
    """Over the second half, the validation accuracy is flat (its trend within its uncertainty, and under a point)
    and the validation loss no longer falls, while the training accuracy still climbs by 5+ points (and 3 noise
    levels) to above validation: training improves, generalisation does not."""
    a, p = e.acc_pair, e.p
    if a is None or len(a) < o.min_evals or len(p) < o.min_evals:
        return None
    h = len(a) // 2
    va, ta, xs = a.val[h:], a.train[h:], a.steps[h:]
    v_change, v_unc = C.trend_change(xs, va)
    t_change, _ = C.trend_change(xs, ta)
    t_noise = C.noise(a.train)
    # flat or falling: a validation metric that drops while training climbs is the same divergence, only clearer
    # the one-point tolerance is for a long stretch's slow creep; over a short one (the last 3 epochs of 5) a metric
    # still rising beyond its own uncertainty is improving (an IMDB CNN's 0.868 -> 0.874 while its loss held)
    tolerance = v_unc if va.size < o.flat_min_evals else max(v_unc, o.flat_metric_move)
    if not (v_change <= tolerance and v_change <= o.flat_metric_move
            and t_change >= max(o.metric_train_rise, o.min_noise_multiple * t_noise)
            and float(np.median(ta[-max(1, ta.size // 4):])) >= float(np.median(va[-max(1, va.size // 4):]))
            + o.metric_train_rise):
        return None
    hl = len(p) // 2
    l_change, l_unc = C.trend_change(p.steps[hl:], p.val[hl:])
    if l_change < -l_unc:
        return None  # validation loss still improves: the model still generalises better
    return a, va, ta, xs, v_change, v_unc, t_change, t_noise, l_change


def _metric_flat_finding(e: Evidence, o: Options) -> Finding:
    p = e.p
    got = _metric_flat_numbers(e, o)
    assert got is not None
    a, va, ta, xs, v_change, v_unc, t_change, t_noise, l_change = got
    ue, uz = a.unit
    x0, x1 = float(xs[0]), float(xs[-1])
    return Finding(
        code="LD101", name="overfitting", severity=Severity.WARNING,
        message=Text(f"From {ue} {x0:g} to {x1:g} {a.val_key} stayed flat ({va[0]:.4g} -> {va[-1]:.4g}) while "
                     f"{a.train_key} still climbed by {t_change:.3g} to {ta[-1]:.4g}, and {p.val_key} no longer fell: "
                     "training improves, generalisation does not.",
                     f"从第 {x0:g} 到 {x1:g} {uz}，{a.val_key} 持平（{va[0]:.4g} -> {va[-1]:.4g}），而 {a.train_key} "
                     f"仍上升了 {t_change:.3g}，达到 {ta[-1]:.4g}，{p.val_key} 也不再下降：训练在进步，泛化没有。"),
        span=Span(a.axis, x0, x1),
        evidence={"val_metric_change": v_change, "val_metric_uncertainty": v_unc, "train_metric_change": t_change,
                  "train_metric_noise": t_noise, "val_loss_change": l_change, "pattern": "val_metric_flat",
                  "points": len(a)},
        causes=(Cause("insufficient_regularization", 0.45, Text("the gains on the training set do not transfer",
                                                                "训练集上的提升没有迁移到验证集")),
                Cause("model_too_large", 0.35, Text("capacity beyond what the data supports", "模型容量超出数据所能支撑")),
                Cause("too_little_data", 0.35, Text("few examples are memorised quickly", "样本少时很快被记住"))),
        fixes=(regularize(), augment()),
        series=(a.train_key, a.val_key, p.val_key),
        experiment=_RETRAIN)


def _snapshot_numbers(e: Evidence, o: Options) -> tuple[float, float, float, float] | None:
    """One or two evaluations pasted (often only the last epoch): no trend to read, but a model that fits its
    training data almost perfectly while validation is tens of points worse and its loss many times higher is
    what anyone reads as over-fitting at a glance."""
    ap, p = e.acc_pair, e.p
    if ap is None or len(p) >= o.memo_min_evals or len(ap) == 0:
        return None
    t_acc, v_acc = float(ap.train[-1]), float(ap.val[-1])
    t_loss, v_loss = float(p.train[-1]), float(p.val[-1])
    fit = t_acc >= o.snap_train_acc or t_acc - v_acc >= o.snap_variance_ratio * (1.0 - t_acc)
    if not (0 < t_loss and t_acc <= 1.0 and fit and t_acc - v_acc >= o.snap_acc_gap
            and v_loss >= o.snap_loss_ratio * t_loss):
        return None
    return t_acc, v_acc, t_loss, v_loss


def _snapshot_finding(e: Evidence, o: Options) -> Finding:
    p, ap = e.p, e.acc_pair
    got = _snapshot_numbers(e, o)
    assert got is not None and ap is not None
    t_acc, v_acc, t_loss, v_loss = got
    ue, uz = p.unit
    x = float(p.steps[-1])
    return Finding(
        code="LD101", name="overfitting", severity=Severity.WARNING,
        message=Text(f"At {ue} {x:g} {ap.train_key} is {t_acc:.4g} but {ap.val_key} only {v_acc:.4g}, and "
                     f"{p.val_key} {v_loss:.4g} is {v_loss / t_loss:.3g}x {p.train_key} {t_loss:.4g}: the model fits "
                     "its training data far better than new data.",
                     f"第 {x:g} {uz}时 {ap.train_key} 为 {t_acc:.4g}，而 {ap.val_key} 只有 {v_acc:.4g}；{p.val_key} "
                     f"{v_loss:.4g} 是 {p.train_key} {t_loss:.4g} 的 {v_loss / t_loss:.3g} 倍：模型对训练数据的拟合远好于新数据。"),
        span=Span(p.axis, float(p.steps[0]), x),
        evidence={"train_accuracy_at_end": t_acc, "val_accuracy_at_end": v_acc, "train_loss_at_end": t_loss,
                  "val_loss_at_end": v_loss, "val_over_train_ratio": v_loss / t_loss, "pattern": "snapshot",
                  "points": len(p)},
        causes=(Cause("insufficient_regularization", 0.5, Text("nothing holds the model back from fitting every "
                                                               "training example", "没有任何约束阻止模型拟合每个训练样本")),
                Cause("model_too_large", 0.4, Text("capacity to memorise the training set", "模型容量足以记住训练集")),
                Cause("too_little_data", 0.35, Text("a small training set is memorised quickly", "小训练集很快被记住"))),
        fixes=(regularize(), augment()),
        series=(p.train_key, p.val_key, ap.train_key, ap.val_key),
        experiment=_RETRAIN)


def _loss_snapshot_numbers(e: Evidence, o: Options) -> tuple[float, float] | None:
    """(training loss, held-out loss) at the last of 1-2 evaluations of a log with no accuracy or error rate at all (a
    regression, a loss-only print), when the held-out loss is at least `memo_ratio` (100x) the training loss: two orders of
    magnitude between the error on the data fit and on new data is what anyone reads as over-fitting at a glance
    ("train loss 1.20, test loss 166": a cubic fit to two samples). With accuracies logged, the accuracy snapshot
    decides (a classifier's training loss can sit 1000x below validation at 98.6 % validation accuracy; a valid loss
    of 1e9 beside an error rate of 0.77 after one epoch at a far too high learning rate is a blow-up, not a fit)."""
    p = e.p
    if len(p) >= o.memo_min_evals or e.run.find_all(Kind.ACCURACY) or e.run.find_all(Kind.ERROR_RATE):
        return None
    t_loss, v_loss = float(p.train[-1]), float(p.val[-1])
    if not (t_loss > 0 and np.isfinite(v_loss) and v_loss >= o.memo_ratio * t_loss):
        return None
    return t_loss, v_loss


def _loss_snapshot_finding(e: Evidence, o: Options) -> Finding:
    p = e.p
    got = _loss_snapshot_numbers(e, o)
    assert got is not None
    t_loss, v_loss = got
    ue, uz = p.unit
    x = float(p.steps[-1])
    return Finding(
        code="LD101", name="overfitting", severity=Severity.WARNING,
        message=Text(f"At {ue} {x:g} {p.val_key} {v_loss:.4g} is {v_loss / t_loss:.3g}x {p.train_key} {t_loss:.4g}: "
                     "the model fits its training data orders of magnitude better than new data.",
                     f"第 {x:g} {uz}时 {p.val_key} {v_loss:.4g} 是 {p.train_key} {t_loss:.4g} 的 {v_loss / t_loss:.3g} "
                     "倍：模型对训练数据的拟合比新数据好几个数量级。"),
        span=Span(p.axis, float(p.steps[0]), x),
        evidence={"train_loss_at_end": t_loss, "val_loss_at_end": v_loss, "val_over_train_ratio": v_loss / t_loss,
                  "pattern": "loss_snapshot", "points": len(p), "held_out_split": "test" if e.on_test else "val"},
        causes=(Cause("too_little_data", 0.45, Text("a handful of training examples is fit exactly and says little "
                                                    "about new data", "少量训练样本被完全拟合，对新数据几乎没有代表性")),
                Cause("model_too_large", 0.4, Text("capacity to fit the training set exactly", "模型容量足以完全拟合训练集")),
                Cause("insufficient_regularization", 0.35, Text("nothing holds the model back from fitting every "
                                                                "training example", "没有任何约束阻止模型拟合每个训练样本"))),
        fixes=(regularize(), augment()),
        series=(p.train_key, p.val_key),
        experiment=_RETRAIN)


def _memorised_numbers(e: Evidence, o: Options) -> tuple | None:
    """Seed 002's 'train down, validation flat', read from a few points: training accuracy at 1 and a training
    loss a hundred times below a validation loss that no longer falls (beyond its own noise). Nothing is left to
    fit on the training set, so every further epoch only memorises it."""
    acc, p = e.train_acc, e.p
    if acc is None or len(p) < o.memo_min_evals:
        return None
    a = acc.values[np.isfinite(acc.values)]
    if a.size == 0:
        return None
    k = max(1, min(3, len(p) // 2))
    t_end, v_end = float(np.median(p.train[-k:])), float(np.median(p.val[-k:]))
    acc_end = float(np.median(a[-k:]))
    if not (t_end > 0 and acc_end >= o.memo_acc and v_end >= o.memo_ratio * t_end):
        return None
    m = min(len(p), max(3, len(p) // 3))  # the late stretch where validation must have stopped falling
    change, unc = C.trend_change(p.steps[-m:], p.val[-m:])
    sigma = C.noise(p.val[-m:]) if m >= 4 else float(np.ptp(p.val[-m:]))
    if change < -max(unc, sigma, 1e-12 * v_end):
        return None  # validation still improves: not (yet) memorising
    return acc, k, t_end, v_end, acc_end, m, change, unc


def _memorised_finding(e: Evidence, o: Options) -> Finding:
    p = e.p
    got = _memorised_numbers(e, o)
    assert got is not None
    acc, k, t_end, v_end, acc_end, m, change, unc = got
    va = e.val_acc
    va_end = None
    if va is not None and np.isfinite(va.values).any():
        vv = va.values[np.isfinite(va.values)]
        va_end = float(np.median(vv[-k:]))
    ratio = v_end / t_end
    ue, uz = p.unit
    x0, x1 = float(p.steps[-m]), float(p.steps[-1])
    va_en = f", {va.key} {va_end:.4g}" if va is not None and va_end is not None else ""
    va_zh = f"，{va.key} 为 {va_end:.4g}" if va is not None and va_end is not None else ""
    msg = Text(f"{acc.key} is {acc_end:.4g} and {p.train_key} {t_end:.4g}, {ratio:.3g}x below {p.val_key} {v_end:.4g}"
               f"{va_en}, which no longer falls ({ue} {x0:g}-{x1:g}): the model has memorised the training set.",
               f"{acc.key} 为 {acc_end:.4g}，{p.train_key} 为 {t_end:.4g}，比 {p.val_key} {v_end:.4g} 低 {ratio:.3g} 倍"
               f"{va_zh}，且验证损失不再下降（第 {x0:g}-{x1:g} {uz}）：模型已记住训练集。")
    if e.on_test:
        msg = Text(msg.en + " Read off a test curve (no validation split): a well-fit model on an easy task shows this "
                   "gap too, so a note; a validation split watched for a rise would settle it.",
                   msg.zh + " 这是从测试曲线读出的（没有验证集）：简单任务上拟合良好的模型也会有此差距，因此只是提示；"
                   "用验证集观察损失是否回升即可确定。")
    return Finding(
        code="LD101", name="overfitting", severity=Severity.WARNING, message=msg, span=Span(p.axis, x0, x1),
        evidence={"train_accuracy_at_end": acc_end, "train_loss_at_end": t_end, "val_loss_at_end": v_end,
                  "val_accuracy_at_end": va_end, "val_over_train_ratio": ratio, "val_trend_change": change,
                  "val_trend_uncertainty": unc, "pattern": "memorised", "points": len(p)},
        causes=(Cause("insufficient_regularization", 0.5, Text("nothing holds the model back from fitting every "
                                                               "training example exactly", "没有任何约束阻止模型精确拟合每个训练样本")),
                Cause("model_too_large", 0.35, Text("capacity to memorise the whole training set",
                                                    "模型容量足以记住整个训练集")),
                Cause("too_little_data", 0.35, Text("a small training set is memorised quickly", "小训练集很快被记住"))),
        fixes=(stop_at_best(float(p.steps[int(np.argmin(p.val))]), 3, 0.0, None, 0, ue, uz), regularize(), augment()),
        series=(p.train_key, p.val_key, acc.key),
        experiment=_RETRAIN)


def _turn_numbers(e: Evidence, o: Options) -> tuple | None:
    """Validation loss turns up (or stalls) after its best point while training keeps falling: the numbers of the
    turn, or None when there is none."""
    if e.turn_memo is not None:
        return e.turn_memo[0]
    p = e.p
    v, t, steps = p.val, p.train, p.steps
    n = v.size
    sm = C.smooth_centered(v)
    best_s = int(np.argmin(sm))
    after = n - 1 - best_s
    if after < max(2, math.ceil(o.min_after_share * n)):
        return None
    half = max(1, n // 20)
    lo, hi = max(0, best_s - half), min(n, best_s + half + 1)
    best = lo + int(np.argmin(v[lo:hi]))  # the raw best near the smoothed one: what restore_best_weights keeps
    gained = float(sm[:best_s + 1].max() - sm[best_s])
    m = max(2, math.ceil(after / 3))
    end_level = float(np.median(v[-m:]))
    rise = end_level - float(sm[best_s])
    sigma = C.noise(v)
    t_end = float(np.median(t[-m:]))
    t_best = float(t[best])
    t_sigma = C.noise(t)
    if not (t_end < t_best - max(t_sigma, 1e-12 * abs(t_best))):
        return None  # training did not keep falling: not the variance pattern
    change, unc = C.trend_change(steps[best_s:], v[best_s:])
    start_scale = max(abs(float(v[0])), abs(float(t[0])))
    floor = max(o.min_given_back * gained, o.min_noise_multiple * 1.25 * sigma / math.sqrt(m), sigma,
                o.min_run_share * start_scale, o.min_best_share * abs(float(sm[best_s])))
    learning = t_best > 0 and t_end <= (1.0 - o.min_train_drop) * t_best
    # a slow rise over a long stretch (fine-tuning, long runs): small next to the early gain, but sustained, far
    # beyond its own uncertainty, while training keeps falling clearly (not the drift of a converged run)
    sustained = (after >= max(o.sustained_min_evals, math.ceil(o.sustained_share * n))
                 and change > o.sustained_noise_multiple * unc
                 and t_best - t_end >= o.sustained_noise_multiple * max(t_sigma, 1e-12 * abs(t_best)))
    metric = _val_metric_worsened(e.run, float(steps[best]), m, o)
    improved = metric is None and _val_metric_improved(e.run, float(steps[best]), o)
    if (sustained or learning) and improved:
        # the metric kept improving after the loss turned: over-confidence on the errors, not lost generalisation
        sustained = learning = False
    # measured against the loss's own level, not only its gain: a fine-tuning starts near its floor, so a drift of a
    # few percent is a large share of its small gain, while the model still gets better at the task
    confident = improved and rise < o.confident_rise_share * abs(float(sm[best_s]))
    # a trend test over the stretch after the best point reads a jump right after it as no trend; a validation loss
    # that never came back within 2 noise levels of its best over a quarter of the run (3+ evaluations) has turned
    # while training lost another third (or the validation metric got worse): the divergence is plain
    never_back = ((learning or metric is not None) and after >= max(3, math.ceil(o.stall_share * n))
                  and float(np.min(v[best_s + 1:])) > float(sm[best_s]) + o.back_noise * sigma)
    # a validation loss that already jumped as high as its end level before its best point, and came back, has not
    # turned by ending there: the end is one more excursion of a heavy-tailed evaluation (VGG16 fine-tuned on 1,000
    # augmented images: 0.21 at epoch 9 and 0.20 at epoch 21, each back under 0.1, then 0.14 0.15 0.18 at the end)
    reached = np.flatnonzero(v[:best_s] <= end_level)
    # (unless a validation accuracy or error rate got worse too: then the model did lose ground). An excursion is a
    # jump out of the curve around it (2 noise levels above its neighbours' median) that it came back from: one
    # evaluation scattering within its noise while the curve still came down through that level is no excursion (an
    # EfficientNet trained from scratch: 3.98 4.16 3.90 on the way down to 3.19, then 16 epochs up to 4.0-4.37)
    excursion = (metric is None and reached.size > 0
                 and any(_stood_out(v, i, o.excursion_noise * sigma)
                         for i in range(int(reached[0]), best_s) if v[i] >= end_level))
    rising = (rise > 0 and rise >= floor and (change > o.min_noise_multiple * unc or never_back) and not excursion
              and (learning or sustained or metric is not None or gained <= 0
                   or (rise >= o.small_rise_share * gained and not confident)))
    # memorisation needs validation above training; a rise counts below it too (dropout or augmentation hold the
    # training loss up, and the gap still widens while validation climbs and training falls)
    # nor is it memorising while a validation metric still reaches new bests after the best loss (a BERT fine-tune
    # on MRPC: eval loss 0.37 -> 0.59 -> 0.50 around one low evaluation while eval accuracy climbs 0.865 -> 0.887)
    stalled = (not rising and not improved and after >= max(3, math.ceil(o.stall_share * n)) and change > -unc
               and t_end > 0
               and t_best >= o.stall_train_factor * t_end and end_level >= o.stall_gap_ratio * t_end)
    if not (rising or stalled or improved) and t_end > 0 and end_level >= o.stall_gap_ratio * t_end:
        # validation stopped improving where it first came within its noise (or 3%) of its best, not at the argmin of
        # a flat stretch: a GPT pre-trained on one short text, validation 6.26 -> 6.12 -> 6.37 over the second half
        # while training fell 4.8 -> 0.57, has memorised from where validation levelled off. Only when validation
        # creeps up from there (trend beyond its uncertainty): one that levels off and stays flat while training
        # keeps falling is a converged small-data run (an MLP on digits at 96.7% validation accuracy throughout), and
        # one whose validation metric still reaches new bests is still learning the task
        tol = max(sigma, o.min_best_share * abs(float(sm[best_s])))
        ps = int(np.argmax(sm[:best_s + 1] <= float(sm[best_s]) + tol))
        if ps < best_s and n - 1 - ps >= max(3, math.ceil(o.stall_share * n)):
            change_ps, unc_ps = C.trend_change(steps[ps:], v[ps:])
            stalled = change_ps > unc_ps and float(t[ps]) >= o.stall_train_factor * t_end
            if stalled:
                best, t_best, change, unc = ps, float(t[ps]), change_ps, unc_ps
    if not (rising or stalled):
        return None
    return (best, best_s, sm, gained, m, end_level, rise, sigma, t_end, t_best, change, unc, metric, rising, stalled)


def _turn_finding(e: Evidence, o: Options) -> Finding:
    p = e.p
    got = _turn_numbers(e, o)
    assert got is not None
    best, best_s, sm, gained, m, end_level, rise, sigma, t_end, t_best, change, unc, metric, rising, stalled = got
    v, t, steps = p.val, p.train, p.steps
    n = v.size
    after = n - 1 - best
    late_jitter = C.noise(t[best:]) / max(C.level(t[best:]), 1e-300)
    gap_best = float(v[best] - t_best)
    gap_end = float(end_level - t_end)
    min_delta = C.sig(max(sigma, 0.0), 1) if sigma > 0 else 0.0
    patience, stop, restored = _patience(v, best, min_delta, n)
    wasted = (n - 1 - stop) if stop is not None else after
    ue, uz = p.unit
    best_x, end_x = float(steps[best]), float(steps[-1])
    stop_x = float(steps[stop]) if stop is not None else None
    shares = rise / gained if gained > 0 else float("inf")
    return Finding(
        code="LD101", name="overfitting", severity=Severity.WARNING,
        message=Text(
            f"{p.val_key} " + ("levelled off" if stalled else "was best") + f" at {ue} {best_x:g} ({v[best]:.4g}) and "
            + (f"rose to {end_level:.4g}" if rising else f"made no progress after it ({end_level:.4g} at the end)")
            + f" by {ue} {end_x:g} ({after} evaluations later) while {p.train_key} fell {t_best:.4g} -> {t_end:.4g}"
            + (f" ({t_best / t_end:.3g}x): the model memorises the training set" if stalled else "")
            + (f"; {metric[0]} got worse too, {metric[1]:.4g} -> {metric[2]:.4g}" if metric else "")
            + (f"; the gap grew {gap_best:.3g} -> {gap_end:.3g}." if gap_end > 0 else
               f"; validation, held below training by regularisation, closed in on it ({gap_best:.3g} -> "
               f"{gap_end:.3g})."),
            f"{p.val_key} 在第 {best_x:g} {uz}" + ("趋平" if stalled else "最佳") + f"（{v[best]:.4g}），"
            + (f"到第 {end_x:g} {uz}升至 {end_level:.4g}" if rising else
               f"之后再无进展（到第 {end_x:g} {uz}为 {end_level:.4g}）")
            + f"（之后又评估了 {after} 次），同时 {p.train_key} 从 {t_best:.4g} 降到 {t_end:.4g}"
            + (f"（{t_best / t_end:.3g} 倍）：模型在记忆训练集" if stalled else "")
            + (f"；{metric[0]} 也变差了，{metric[1]:.4g} -> {metric[2]:.4g}" if metric else "")
            + (f"；差距从 {gap_best:.3g} 扩大到 {gap_end:.3g}。" if gap_end > 0 else
               f"；受正则化影响低于训练损失的验证损失正在逼近训练损失（{gap_best:.3g} -> {gap_end:.3g}）。")),
        span=Span(p.axis, best_x, end_x),
        evidence={f"best_{ue}": best_x, "val_loss_at_best": float(v[best]), "val_loss_at_end": end_level,
                  "train_loss_at_best": t_best, "train_loss_at_end": t_end, "gap_at_best": gap_best,
                  "gap_at_end": gap_end, "evaluations_after_best": after,
                  "rise_share_of_gain": shares, "val_noise": sigma, "pattern": "rising" if rising else "stalled",
                  **({f"{metric[0]}_at_best": metric[1], f"{metric[0]}_at_end": metric[2]} if metric else {}),
                  **({f"early_stop_{ue}": stop_x} if stop_x is not None else {}),
                  "patience": patience, "min_delta": min_delta, f"wasted_{ue}s": wasted},
        causes=(
            Cause("insufficient_regularization", 0.45,
                  Text(f"training loss kept falling ({t_best:.3g} -> {t_end:.3g}) while validation rose: the model "
                       "fits training noise that does not generalise",
                       f"训练损失继续下降（{t_best:.3g} -> {t_end:.3g}）而验证损失上升：模型拟合了不能泛化的训练噪声"),
                  Text("if the model already uses dropout and weight decay, capacity or data size is the lever",
                       "若模型已使用 dropout 和权重衰减，应从模型容量或数据量入手")),
            Cause("model_too_large", 0.35, Text("capacity well beyond what the data supports lets it memorise",
                                                "模型容量远超数据所能支撑，能够记住训练样本"),
                  Text("the log does not give the parameter count; compare it with the number of training examples",
                       "日志中没有参数量；请与训练样本数比较")),
            Cause("too_little_data", 0.35, Text(f"validation turned up after {ue} {best_x:g}: few examples are "
                                                "memorised quickly", f"验证损失在第 {best_x:g} {uz}后回升：样本少时很快被记住"),
                  Text("with tens of thousands of examples or more, data size is the less likely lever",
                       "若训练样本有数万甚至更多，数据量不太可能是主要原因")),
            Cause("lr_too_high", 0.3 if late_jitter >= 0.05 else 0.1,
                  Text(f"late in training the training loss still jitters by {late_jitter:.1%} of its level: steps "
                       "too large to settle near the optimum", f"训练后期训练损失仍有其水平 {late_jitter:.1%} 的抖动："
                       "步长过大，无法稳定在最优点附近"),
                  None if late_jitter >= 0.05 else Text("the training loss falls smoothly after the best epoch",
                                                        "最佳轮次之后训练损失平稳下降")),
        ),
        fixes=(stop_at_best(best_x, patience, min_delta, stop_x, wasted, ue, uz), regularize(), augment(),
               reduce_lr_on_plateau(patience=max(1, patience // 2))),
        series=(p.train_key, p.val_key),
        marks=(Mark(f"best_{ue}", (best_x,)),),
        experiment=Text("Retrain with dropout 0.3 or weight decay 1e-4 and compare the best validation loss; "
                        "if it improves and the turn comes later, the run was over-fitting.",
                        "加入 dropout 0.3 或权重衰减 1e-4 重新训练并比较最佳验证损失；若有改善且拐点推迟，说明之前过拟合。"),
    )


def _stood_out(v: np.ndarray, i: int, margin: float) -> bool:
    """Whether evaluation i stands `margin` above the median of its neighbours (up to two on each side): a jump out of
    the curve around it, not a point of its scatter."""
    around = np.concatenate((v[max(0, i - 2):i], v[i + 1:i + 3]))
    around = around[np.isfinite(around)]
    return around.size > 0 and float(v[i]) - float(np.median(around)) >= margin


def _val_metric_worsened(run: Run, best_x: float, m: int, o: Options) -> tuple[str, float, float] | None:
    """(key, value at the best point, value at the end) of a validation accuracy or error rate that got worse after
    the best validation loss; None when there is none or it held."""
    for kind in (Kind.ACCURACY, Kind.ERROR_RATE):
        s = run.find(kind, Split.VAL)
        if s is None:
            continue
        x, y = C.finite(s)
        if y.size < o.min_evals:
            continue
        i = int(np.searchsorted(x, best_x))
        if y.size - i < 2:
            continue
        best_so_far = np.max if kind is Kind.ACCURACY else np.min  # the metric's best up to the best loss
        at_best = float(best_so_far(y[: i + 1]))
        at_end = float(np.median(y[-min(m, y.size - i):]))
        worse = (at_best - at_end) if kind is Kind.ACCURACY else (at_end - at_best)
        around = y[max(0, min(2 * i - (y.size - 1), y.size - 4)):]  # noise where the comparison is made, not
        if worse >= max(o.min_metric_worse, o.min_noise_multiple * C.noise(around)):  # in the steep early part
            return s.key, at_best, at_end
    return None


def _val_metric_improved(run: Run, best_x: float, o: Options) -> bool:
    """A validation accuracy (or error rate) that reached a clearly better best after the best validation loss: the
    model still gets better at the task while its loss drifts (confidence on the errors it makes)."""
    for kind in (Kind.ACCURACY, Kind.ERROR_RATE):
        s = run.find(kind, Split.VAL)
        if s is None:
            continue
        x, y = C.finite(s)
        i = int(np.searchsorted(x, best_x, side="right"))
        if y.size < o.min_evals or i < 1 or y.size - i < 2:
            continue
        sign = 1.0 if kind is Kind.ACCURACY else -1.0
        before, after = float(np.max(sign * y[:i])), float(np.max(sign * y[i:]))
        if after - before >= o.min_noise_multiple * max(C.noise(y[i:]), 1e-6 * max(abs(before), 1e-300)):
            return True
    return False


def _patience(v: np.ndarray, best: int, min_delta: float, n: int) -> tuple[int, int | None, int]:
    """The smallest patience (at least 2 and 5% of the run) with which Keras EarlyStopping would have restored
    a point as good as the best one on this curve; (patience, stop index or None, restored index)."""
    good = float(v[best]) + max(min_delta, 0.0)
    start = max(2, math.ceil(0.05 * n))
    for pat in range(start, n):
        stop, restored = C.early_stopping_sim(v, pat, min_delta)
        if stop is None:
            break
        if float(v[restored]) <= good and restored <= stop:
            return pat, stop, restored
    return start, None, best


overfitting = define(
    code="LD101", name="overfitting", severity=Severity.WARNING,
    # a log with no loss at all (an accuracy-only log) is read by its accuracy readings alone (the ceiling gap)
    requires=(Requirement(Kind.LOSS, Split.TRAIN, alternatives=(Kind.ACCURACY,)),),
    summary=Text("Validation loss rises after its best point while training loss keeps falling.",
                 "验证损失在最佳点之后上升，而训练损失仍在下降。"),
    options=Options, measure=measure, judge=judge, explain=explain, doc=DOC)
