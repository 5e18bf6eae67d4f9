"""Class count and the loss levels a classifier's losses are judged against.

- chance loss ln(C): cross-entropy of a uniform prediction over C classes (0.693 binary, 2.303 for 10);
- constant-prediction loss: the entropy of the class prior, when the model always predicts the class shares;
- bounded-logit floor ln(1 + (C-1)/e): cross-entropy applied to outputs already squashed into [0, 1]
  (softmax applied twice, or sigmoid outputs fed to CrossEntropyLoss). With logits z in [0, 1] the best case
  is z_y = 1 and z_j = 0 elsewhere, so the loss is log(e + C - 1) - 1 = ln(1 + (C-1)/e) (1.461 for 10 classes,
  0.313 for 2): the loss can never go below it, however well the model classifies;
- per-element sigmoid/BCE on one-hot targets: starts at ln 2 whatever C is, and a constant prediction of 1/C
  per output gives the binary entropy H(1/C) (0.325 for 10 classes).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from .. import stats
from ..config import Options
from ..model import Kind, Run, Series, Split
from ._start import begins_at_start

LOSS_CANDIDATES = (2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 100, 1000)  # C values a start loss near ln(C) may reveal
LOSS_TOLERANCE = 0.03  # relative distance to ln(C) accepted when inferring C from a first loss
PLATEAU_TOLERANCE = 0.01  # a plateau names C only this close to ln(C) (a uniform prediction sits right on it) ...
BLOW_UP = 3.0  # ... and only after a first loss >= 3x ln(C) (knocked there) or beside an accuracy at 1/C
KNOCK_TREND_T = 3.0  # ... and held there: no downward trend (OLS t <= -3, falling by more than the 1% band) after it
LOG_ZERO_LEVELS = (87.3365, 103.2789, 708.3964, 16.1181)  # -ln(smallest float32 / f32 subnormal / float64): log(0)
# clipped; 16.1181 = -ln(1e-7): Keras / TensorFlow / TF.js cross-entropy clips a probability to [1e-7, 1 - 1e-7] (the
# backend's epsilon), so a model that gives the true class probability 0 on every example prints 16.118
ACC_MAX_C = 20  # accuracy floors above 1/20 can be told apart; 1/C for larger C are too close together
PERFECT = 0.995  # an accuracy held at or above this is every example right (memorised or solved), not a constant


@dataclass(frozen=True)
class Classes:
    count: int
    how: str  # "given" | "initial_loss" | "accuracy_floor" | "plateau_loss" | "plateau_and_accuracy" | ...

    @property
    def chance_loss(self) -> float:
        return chance_loss(self.count)

    @property
    def bounded_logit_floor(self) -> float:
        return bounded_logit_floor(self.count)

    def describe(self) -> tuple[str, str]:
        en = {"given": "given with --num-classes", "initial_loss": "inferred from the first loss near ln(C)",
              "accuracy_floor": "inferred from an accuracy floor near 1/C",
              "plateau_loss": "inferred from the loss plateau at ln(C) after a blow-up start",
              "plateau_and_accuracy": "inferred from the loss plateau at ln(C) with the accuracy at 1/C",
              "accuracy_pinned": "at least 2: the accuracy is pinned at a majority share",
              "initial_val_loss": "inferred from the first validation loss near ln(C)",
              "loss_and_accuracy": "inferred from the loss at ln(C) and the accuracy at 1/C on every line",
              "frozen_loss": "inferred from the loss frozen on ln(C) to its printed digits",
              "held_out_constant": "inferred from a held-out accuracy identical at 1/C at every evaluation",
              "one_line": "inferred from the loss at ln(C) and the accuracy at 1/C on the same line"}[self.how]
        zh = {"given": "由 --num-classes 指定", "initial_loss": "由接近 ln(C) 的初始损失推断",
              "accuracy_floor": "由接近 1/C 的准确率下限推断",
              "plateau_loss": "由初始爆炸后停在 ln(C) 的损失平台推断",
              "plateau_and_accuracy": "由停在 ln(C) 的损失平台及 1/C 的准确率推断",
              "accuracy_pinned": "至少为 2：准确率固定在多数类占比",
              "initial_val_loss": "由接近 ln(C) 的首个验证损失推断",
              "loss_and_accuracy": "由每一行都在 ln(C) 的损失和 1/C 的准确率推断",
              "frozen_loss": "由冻结在 ln(C)（至打印精度）的损失推断",
              "held_out_constant": "由每次评估都恰为 1/C 的留出集准确率推断",
              "one_line": "由同一行中处于 ln(C) 的损失和处于 1/C 的准确率推断"}[self.how]
        return en, zh


def chance_loss(c: int) -> float:
    return math.log(c)


def bounded_logit_floor(c: int) -> float:
    """Lowest cross-entropy reachable when the logits are probabilities already (softmax/sigmoid applied first)."""
    return math.log(1.0 + (c - 1) / math.e)


def prior_entropy(majority: float, c: int) -> float:
    """Loss of always predicting the class shares, when one class holds `majority` and the rest share the remainder."""
    p = min(max(majority, 1e-9), 1 - 1e-9)
    rest = (1 - p) / max(c - 1, 1)
    return float(-p * math.log(p) - (1 - p) * math.log(rest))


def fano_bound(accuracy: float, c: int) -> float:
    """The cross-entropy of a calibrated classifier with this (argmax) accuracy over C classes is at most
    H(error) + error * ln(C - 1) (Fano; ln C exactly at chance, 1/C). It is concave in the accuracy, so an epoch mean
    of (loss, accuracy) pairs stays under it too. A loss far above it is miscalibrated: at a low accuracy, confident
    wrong predictions (a first loss from huge activations); at a high one, right answers that never get confident
    (outputs squashed before a loss that applies its own softmax)."""
    err = min(max(1.0 - accuracy, 0.0), 1.0)
    h = 0.0 if err in (0.0, 1.0) else -err * math.log(err) - (1 - err) * math.log(1 - err)
    return h + err * math.log(max(c - 1, 1))


def binary_entropy(p: float) -> float:
    p = min(max(p, 1e-12), 1 - 1e-12)
    return float(-p * math.log(p) - (1 - p) * math.log(1 - p))


def classes_from_loss(first_loss: float, tolerance: float = LOSS_TOLERANCE) -> int | None:
    """C when a first loss sits within 3% of ln(C) for a plausible C, else None."""
    if not np.isfinite(first_loss) or first_loss <= 0:
        return None
    best = min(LOSS_CANDIDATES, key=lambda c: abs(first_loss - math.log(c)) / math.log(c))
    return best if abs(first_loss - math.log(best)) / math.log(best) <= tolerance else None


def frozen_on_chance(values: np.ndarray, given: int | None = None, min_lines: int = 3,
                     decimals: int | None = None) -> int | None:
    """C when the log ends on 3+ lines identical to the printed digits that sit on ln(C) within half the last digit
    (ln 2 printed '0.6931' on every line): a softmax whose outputs are all equal gives exactly ln(C) on every batch,
    whatever the batch holds, while any model that still computes something moves the 4th digit. `given` = the stated
    C (then only it counts), else any candidate C. `decimals`: as printed (Series.decimals), else read off the last
    value (trailing zeros lost: '0.6930' reads as 3)."""
    v = values[np.isfinite(values)]
    if v.size < min_lines or v[-1] <= 0 or not bool(np.all(v[-min_lines:] == v[-1])):
        return None
    last = float(v[-1])
    decimals = stats.printed_decimals(v[-1:], decimals)
    half_digit = 0.5 * 10.0 ** -decimals
    for c in ((given,) if given else LOSS_CANDIDATES):
        if c and c >= 2 and abs(last - math.log(c)) <= max(1e-4 * math.log(c), half_digit) and decimals >= 3:
            return int(c)
    return None


def classes_from_plateau(run: Run, level: float, first_loss: float, values: np.ndarray | None = None,
                         decimals: int | None = None) -> Classes | None:
    """C from a loss plateau at ln(C), only where something else says this is a classifier stuck there.

    Any loss (an MSE, a reconstruction loss) can level off near one of the ln(C) candidates by chance; a uniform
    prediction sits within a fraction of a percent of ln(C), and a model gets there either from the start (see
    `classes_from_loss` on the first loss) or knocked there by huge first updates, or its accuracy shows it.
    """
    # (`decimals` as printed, Series.decimals: '0.6930' on every line is 4 decimals, not the 3 its float shows)
    frozen = frozen_on_chance(values, decimals=decimals) if values is not None else None
    if frozen is not None:
        return Classes(frozen, "frozen_loss")
    c = classes_from_loss(level, PLATEAU_TOLERANCE)
    if c is None:
        return None
    ln_c = math.log(c)
    if np.isfinite(first_loss) and first_loss >= BLOW_UP * ln_c and first_loss - ln_c >= 1.0 and (
            values is None or _knocked_there(values, ln_c)):
        return Classes(c, "plateau_loss")
    at_chance = any(_tail_near(acc, 1.0 / c) for acc in accuracy_series(run))
    return Classes(c, "plateau_and_accuracy") if at_chance else None


def classes_from_excerpt(run: Run, losses: np.ndarray) -> Classes | None:
    """C for an excerpt of a few lines from anywhere in a run: every loss within 1% of ln(C) and every value of an
    accuracy beside it within max(0.01, 0.2/C) of 1/C, for the same C. Two independent readings naming one C on every
    line are a uniform guess wherever the excerpt comes from (a first loss is not needed)."""
    v = losses[np.isfinite(losses)]
    if v.size < 2:
        return None
    c = classes_from_loss(float(np.median(v)), PLATEAU_TOLERANCE)
    if c is None or float(np.max(np.abs(v - math.log(c)))) > PLATEAU_TOLERANCE * math.log(c):
        return None
    for acc in accuracy_series(run):
        a = acc.values[np.isfinite(acc.values)]
        if a.size >= 2 and float(np.max(np.abs(a - 1.0 / c))) <= max(0.01, 0.2 / c):
            return Classes(c, "loss_and_accuracy")
    return None


LINE_LOSS_TOLERANCE = 0.0005  # one line names C only with its loss within 0.05% of ln(C) ...
LINE_ACC_TOLERANCE = 0.005  # ... and an accuracy on the same line within half a point of 1/C (and half of 1/C)
LINE_MAX_C = 1000


def classes_from_line(run: Run, loss: Series) -> Classes | None:
    """C when the last line of `loss` is a constant output's, read from that one line: the loss within 0.05% of ln(C)
    and an accuracy logged at the same step within min(0.005, 1/(2C)) of 1/C, for the same C (loss 1.386194 beside
    accuracy 25.000% on 4 classes: every example gets the same uniform guess). Not on the run's first line: an
    untrained model with small weights scores the same, so the line must come after training began (a second line of
    the log, or a single line past the first epoch). Two independent readings agreeing to that precision are what a
    person reads at a glance; a trained model lands that close to ln(C) and 1/C together only by collapsing."""
    ok = np.isfinite(loss.values)
    x, y = loss.steps[ok], loss.values[ok]
    if y.size == 0 or y[-1] <= 0 or y[-1] > math.log(LINE_MAX_C):
        return None
    if y.size == 1 and not (loss.axis.value == "epoch" and float(x[-1]) > 1.0):
        return None  # a single line at the start (or on a step axis, where its place in the run is unknown)
    c = int(round(math.exp(float(y[-1]))))
    if c < 2 or abs(float(y[-1]) - math.log(c)) > LINE_LOSS_TOLERANCE * math.log(c):
        return None
    for acc in accuracy_series(run):
        hit = np.isfinite(acc.values) & (acc.steps == x[-1])
        if hit.any() and abs(float(acc.values[hit][-1]) - 1.0 / c) <= min(LINE_ACC_TOLERANCE, 0.5 / c):
            return Classes(c, "one_line")
    return None


def _knocked_there(values: np.ndarray, ln_c: float) -> bool:
    """One step between two logged points removed at least half of the first value's excess over ln(C): the first
    updates knocked the model down there. A loss that decays gradually from a high start to a floor near some ln(C)
    (every step a small share of the way) is a model learning, not a blow-up."""
    v = values[np.isfinite(values)]
    if v.size < 2 or v[0] <= ln_c:
        return False
    if float(np.max(-np.diff(v))) < 0.5 * (float(v[0]) - ln_c):
        return False
    # knocked there = held there: a uniform output gives ln(C) on every batch, so the second half has no downward trend
    # (a language model's sparse evaluations, 10.8 -> 5.3 -> ... -> 3.0 -> 2.92, still falling steadily through ln 20 at
    # the end, are a model learning its way down, not one knocked onto a uniform guess)
    half = v[v.size // 2:]
    if half.size >= 4:
        slope, se = stats.ols_slope(np.arange(half.size, dtype=np.float64), half)
        if se > 0 and slope / se <= -KNOCK_TREND_T and float(half[0] - half[-1]) > PLATEAU_TOLERANCE * ln_c:
            return False
    return True


def _tail_near(acc: Series, level: float) -> bool:
    v = acc.values[np.isfinite(acc.values)]
    return v.size >= 3 and abs(float(np.median(v[-max(2, v.size // 3):])) - level) <= max(0.02, 0.3 * level)


def classes_from_accuracy(acc: Series) -> int | None:
    """C when the accuracy has a floor at 1/C: at least 3 evaluations (and 30% of them) sit at 1/C.

    One early value near 1/C proves nothing (a learning model passes through every value); a floor does.
    """
    got = _accuracy_floor(acc)
    return got[0] if got is not None else None


def _accuracy_floor(acc: Series) -> tuple[int, float] | None:
    """(C, share of the evaluations sitting at 1/C) for an accuracy floor at 1/C, else None."""
    v = acc.values[np.isfinite(acc.values)]
    if v.size < 3:
        return None
    low = float(np.median(np.sort(v)[:3]))
    if low <= 0 or low > 0.55:
        return None
    c = int(round(1.0 / low))
    if not 2 <= c <= ACC_MAX_C:
        return None
    tol = max((1.0 / c - 1.0 / (c + 1)) / 3.0, 0.004)
    near = np.abs(v - 1.0 / c) <= tol
    return (c, float(near.mean())) if near.sum() >= max(3, 0.3 * v.size) else None


def accuracy_series(run: Run) -> list[Series]:
    """Accuracy series, validation first (it is measured in eval mode, one value per evaluation); without an
    accuracy, the error rates logged instead, read as 1 - error (fastai's error_rate is the same evidence)."""
    out = [s for s in (run.find(Kind.ACCURACY, Split.VAL), run.find(Kind.ACCURACY, Split.TRAIN)) if s is not None]
    if out or run.find_all(Kind.ACCURACY):
        return out or run.find_all(Kind.ACCURACY)
    errs = [s for s in (run.find(Kind.ERROR_RATE, Split.VAL), run.find(Kind.ERROR_RATE, Split.TRAIN)) if s is not None]
    return [replace(s, kind=Kind.ACCURACY, values=1.0 - s.values) for s in (errs or run.find_all(Kind.ERROR_RATE))]


def _summed(run: Run) -> bool:
    """A first loss near ln(C) is a uniform guess's only where it is one classifier's cross-entropy, not a total of
    several logged terms (a detector's box + class + distribution losses: any sum between 1.5 and 2.4 lies within 3%
    of some ln(C), C = 5..10). One term beside the loss is the same loss printed twice (caffe's 'Train net output')."""
    return sum(s.kind is Kind.LOSS and s.split is Split.TRAIN and not s.primary for s in run.series) >= 2


def infer_classes(run: Run, options: Options, first_loss: float | None = None) -> Classes | None:
    """The class count: given, else from a first loss at ln(C), else from an accuracy floor at 1/C."""
    if options.num_classes and options.num_classes >= 2:
        return Classes(int(options.num_classes), "given")
    if first_loss is not None:
        c = classes_from_loss(first_loss)
        if c is not None and not _summed(run):
            return Classes(c, "initial_loss")
    # the floor most evaluations sit on: a constant prediction scores a class's share, which is 1/C only on a balanced
    # split, so where two splits name different C the one held more consistently wins (validation first on a tie)
    floors = [f for f in (_accuracy_floor(acc) for acc in accuracy_series(run)) if f is not None]
    if floors:
        return Classes(max(floors, key=lambda f: f[1])[0], "accuracy_floor")
    return None


@dataclass(frozen=True)
class Pinned:
    """An accuracy that does not move: the model predicts the same thing every evaluation."""

    key: str
    value: float
    start_step: float
    evaluations: int
    exact: bool = False  # the same value to 6 digits every time: the same examples right at every evaluation


def pinned_accuracy(acc: Series, min_evals: int = 4, share: float = 0.6) -> Pinned | None:
    """The accuracy held within +-0.005 over at least `share` of the run (its last part) and `min_evals` points.

    An accuracy held at 1.0 is not one: every example right is a fit (or a memorised training set), never the
    share of a class that a constant prediction scores."""
    v = acc.values
    ok = np.isfinite(v)
    s, v = acc.steps[ok], v[ok]
    if v.size < min_evals:
        return None
    tail = v[-max(min_evals, int(math.ceil(share * v.size))):]
    if tail.size < min_evals or float(tail.max() - tail.min()) > 0.01:
        return None
    level = float(np.median(tail))
    if level >= PERFECT:
        return None
    # extend backwards while the value stays at the level
    i = v.size - tail.size
    while i > 0 and abs(v[i - 1] - level) <= 0.005:
        i -= 1
    held = v[i:]
    return Pinned(acc.key, level, float(s[i]), int(v.size - i), float(held.max() - held.min()) <= 1e-6)


def _lone_at_start(run: Run, val: Series) -> bool:
    """A lone evaluation has no interval of its own to place it: it is at the start of training only when the log
    begins there, i.e. the training loss beside it (2+ points) begins at the start (OpenNMT-lua's one validation line
    at iteration 77000 of a log whose training curve begins 74 report intervals in is a trained model's level)."""
    if int(np.isfinite(val.steps).sum()) >= 2:
        return True
    train = run.find(Kind.LOSS, Split.TRAIN) or run.find(Kind.LOSS, Split.NONE)
    return train is not None and int(np.isfinite(train.steps).sum()) >= 2 and begins_at_start(train.steps)


def classes_from_first_val_loss(run: Run) -> Classes | None:
    """C from the first validation loss near ln(C): the first evaluation sees a barely trained model, so its loss is
    as good a sign of C as the first training value (which an epoch mean pulls below ln(C) on a learning model) - when
    the log begins where training began, as for the training loss: the first evaluation of a pasted tail (step 5625 of
    a language model, evaluated every 125 steps) is a trained model's level, near some ln(C) by chance."""
    val = run.find(Kind.LOSS, Split.VAL)
    if val is None or not begins_at_start(val.steps) or not _lone_at_start(run, val):
        return None
    v = val.values[np.isfinite(val.values)]
    c = classes_from_loss(float(v[0])) if v.size else None
    return Classes(c, "initial_val_loss") if c is not None else None
