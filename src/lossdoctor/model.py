"""The one data model every reader produces and every rule reads: a Run of named Series."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, Iterator, Mapping

import numpy as np


class Split(str, Enum):
    """Which data a series was measured on; decided once by names.py."""

    TRAIN = "train"
    VAL = "val"
    TEST = "test"
    NONE = "none"


class Kind(str, Enum):
    """What a series measures; decides direction (higher or lower is better) once."""

    LOSS = "loss"
    ACCURACY = "accuracy"  # fraction correct, 0..1 (percentages are converted by readers)
    ERROR_RATE = "error_rate"  # 1 - accuracy, 0..1
    SCORE = "score"  # other higher-is-better metrics: f1, auc, map, iou, bleu...
    ERROR = "error"  # other lower-is-better metrics: mae, mse, rmse, perplexity, wer...
    LR = "lr"
    GRAD_NORM = "grad_norm"
    UPDATE_RATIO = "update_ratio"
    WEIGHT_NORM = "weight_norm"
    DEAD_UNITS = "dead_units"
    SATURATION = "saturation"
    NONFINITE = "nonfinite"
    ACTIVATION = "activation"  # activation scale (RMS of a layer's output), written by the probes
    MOMENTUM = "momentum"
    TIME = "time"
    OTHER = "other"

    @property
    def higher_is_better(self) -> bool | None:
        if self in (Kind.ACCURACY, Kind.SCORE):
            return True
        if self in (Kind.LOSS, Kind.ERROR_RATE, Kind.ERROR):
            return False
        return None


# the kinds that measure the task (a metric, as against a loss or the optimiser's own numbers), in the order a rule
# prefers one when several are logged
METRIC_KINDS = (Kind.ACCURACY, Kind.ERROR_RATE, Kind.SCORE, Kind.ERROR)


class Axis(str, Enum):
    """The x axis a series was logged against."""

    EPOCH = "epoch"
    STEP = "step"


@dataclass(frozen=True)
class Series:
    """One metric over time. NaN and inf are kept: they are evidence."""

    key: str
    split: Split
    kind: Kind
    axis: Axis
    steps: np.ndarray  # float64, strictly increasing (readers sort and de-duplicate)
    values: np.ndarray  # float64
    wall_time: np.ndarray | None = None  # seconds since the epoch, aligned with steps
    primary: bool = True  # False for components such as loss_cls beside a total loss
    # how the log printed it (text logs only): steps are the print order because no epoch/step counter was printed
    # beside the values; and the decimal places every value was printed with, on the scale of `values` (4 for
    # 'val_loss: 0.2000' on every line, whose trailing zeros the float loses). None where the format does not say
    # (binary, program-written) or the values show different decimals (significant digits: '0.297' then '16.12')
    print_order: bool = False
    decimals: int | None = None

    def __post_init__(self) -> None:
        if self.steps.shape != self.values.shape or self.steps.ndim != 1:
            raise ValueError(f"series {self.key!r}: steps and values must be 1-D arrays of equal length")

    def __len__(self) -> int:
        return int(self.values.shape[0])

    @property
    def higher_is_better(self) -> bool | None:
        return self.kind.higher_is_better

    @property
    def finite(self) -> np.ndarray:
        """Boolean mask of finite values."""
        return np.isfinite(self.values)

    def __eq__(self, other: object) -> bool:
        """Same metric, same points. How it was printed (print_order, decimals) takes no part: one training's
        values read from its stdout and from its CSV are the same series."""
        if not isinstance(other, Series):
            return NotImplemented
        return (
            (self.key, self.split, self.kind, self.axis) == (other.key, other.split, other.kind, other.axis)
            and np.array_equal(self.steps, other.steps)
            and np.array_equal(self.values, other.values, equal_nan=True)
        )

    __hash__ = None  # type: ignore[assignment]


@dataclass(frozen=True)
class Run:
    """A training run as read from one source: its series, hyper-parameters and read warnings."""

    name: str
    series: tuple[Series, ...]
    source: str = ""
    format: str = ""
    hparams: Mapping[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    also_from: tuple[str, ...] = ()  # other logs of this same training merged into it ("name (format)")

    def __iter__(self) -> Iterator[Series]:
        return iter(self.series)

    def get(self, key: str) -> Series | None:
        for s in self.series:
            if s.key == key:
                return s
        return None

    def find(self, kind: Kind, split: Split, axis: Axis | None = None) -> Series | None:
        """The best series of this kind and split: epoch-level first, then the longest, then one that is not a
        single batch's value ('Batch Loss=0.0027 ... Average Loss=0.0451' on one line: the average is the epoch's)."""
        matches = [s for s in self.series if s.kind is kind and s.split is split and (axis is None or s.axis is axis)]
        if not matches:
            return None
        from .names import one_batch

        return max(matches, key=lambda s: (s.primary, s.axis is Axis.EPOCH, len(s), not one_batch(s.key)))

    def find_all(self, kind: Kind, split: Split | None = None) -> list[Series]:
        return [s for s in self.series if s.kind is kind and (split is None or s.split is split)]

    @property
    def source_path(self) -> Path | None:
        return Path(self.source) if self.source else None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], name: str = "run", axis: Axis | str = Axis.EPOCH,
                  steps: Any = None, source: str = "", format: str = "dict") -> "Run":
        """A Run from arrays in one call: `Run.from_dict({"loss": [...], "val_loss": [...]})`.

        Names are tagged by names.py (split and kind, as for any log). Steps: `steps` if given, else an `epoch` or
        `step` entry of `data`, else 1..n per series (Keras's "Epoch 1/n"). Accuracies given in percent (max > 1)
        are converted to fractions. NaN/inf and None (-> NaN) are kept: they are evidence."""
        from .names import classify

        ax = Axis(axis)
        x_key = next((k for k in ("epoch", "step", "global_step") if k in data), None)
        if steps is None and x_key is not None:
            steps, ax = data[x_key], (Axis.EPOCH if x_key == "epoch" else Axis.STEP)
        series = []
        for key, raw in data.items():
            if key == x_key:
                continue
            v = np.asarray([np.nan if x is None else x for x in np.asarray(raw, dtype=object).ravel()],
                           dtype=np.float64)
            if v.size == 0:
                continue
            x = (np.asarray(steps, dtype=np.float64)[: v.size] if steps is not None
                 else np.arange(1, v.size + 1, dtype=np.float64))
            if x.size != v.size:
                raise ValueError(f"{key!r}: {v.size} values but {x.size} steps")
            if np.any(np.diff(x) <= 0):
                order = np.argsort(x, kind="stable")
                x, v = x[order], v[order]
                keep = np.r_[x[1:] != x[:-1], True]  # the last value logged at a repeated step wins
                x, v = x[keep], v[keep]
            info = classify(str(key))
            fin = v[np.isfinite(v)]
            if info.kind in (Kind.ACCURACY, Kind.ERROR_RATE) and fin.size and 1.0 < fin.max() <= 100.0:
                v = v / 100.0
            series.append(Series(str(key), info.split, info.kind, ax, x, v, primary=info.primary))
        if not series:
            raise ValueError("no metric with values: give e.g. {'loss': [...], 'val_loss': [...]}")
        return cls(name=name, series=tuple(series), source=source, format=format)

