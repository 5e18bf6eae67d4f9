"""What a check receives: the splits, the labels read once, the model under test and what the user asked for."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from ..config import selected
from ..errors import UsageError
from .data import Data

MAX_CLASSES = 1000  # more distinct integer labels than this (and than 5% of the rows) is a regression target


@dataclass(frozen=True, eq=False)
class Labels:
    """The training labels as the checks need them: task, class ids (0..C-1 in sorted label order) and names."""

    task: str  # "classification" or "regression"
    codes: np.ndarray  # int64 class index per row (classification), else empty
    values: np.ndarray  # float64 targets (regression), else empty
    classes: tuple[str, ...]  # label values as text, in code order
    one_hot: bool  # given as one-hot rows (n, C)

    @property
    def num_classes(self) -> int:
        return len(self.classes)


def read_labels(y: np.ndarray) -> Labels:
    """Classification when labels are texts, booleans, one-hot rows or few distinct integers; else regression."""
    if y.ndim == 2 and y.shape[1] > 1:
        rows_ok = np.all(np.isin(y, (0, 1)), axis=1) & (y.sum(axis=1) == 1)
        if rows_ok.all():
            codes = np.argmax(y, axis=1).astype(np.int64)
            return Labels("classification", codes, np.zeros(0), tuple(str(c) for c in range(y.shape[1])), True)
        raise UsageError(f"labels of shape {y.shape} are neither one-hot rows nor one value per row")
    y = y.reshape(y.shape[0], -1)[:, 0] if y.ndim == 2 else y
    if y.dtype.kind in "USOb":
        uniq, codes = np.unique(y.astype(str), return_inverse=True)
        return Labels("classification", codes.astype(np.int64), np.zeros(0), tuple(uniq.tolist()), False)
    v = y.astype(np.float64)
    finite = v[np.isfinite(v)]
    uniq = np.unique(finite)
    integer = finite.size > 0 and bool(np.all(uniq == np.round(uniq)))
    if integer and uniq.size <= max(2, min(MAX_CLASSES, 0.05 * finite.size + 2)):
        codes = np.searchsorted(uniq, v).astype(np.int64)
        return Labels("classification", codes, np.zeros(0), tuple(f"{u:g}" for u in uniq), False)
    return Labels("regression", np.zeros(0, np.int64), v, (), False)


@dataclass(frozen=True)
class CheckOptions:
    """What the user asked for beyond the data checks, and bounds on the model checks."""

    overfit: bool = False
    lr_range: bool = False
    overfit_samples: int = 16  # the tiny subset: 10-20 samples
    overfit_steps: int = 500
    lr_steps: int = 100
    lr_min: float = 1e-7
    lr_max: float = 10.0
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def wants(self, code: str, name: str) -> bool:
        return selected(code, name, self.select, self.ignore)


@dataclass(frozen=True, eq=False)
class CheckContext:
    train: Data
    val: Data | None = None
    test: Data | None = None
    model: Any = None  # a models.ModelUnderTest
    scaler: Any = None  # a fitted scikit-learn scaler, when given
    options: CheckOptions = field(default_factory=CheckOptions)

    @property
    def held_out(self) -> list[Data]:
        return [d for d in (self.val, self.test) if d is not None]

    @property
    def splits(self) -> list[Data]:
        return [self.train, *self.held_out]

    def pairs(self) -> list[tuple[Data, Data]]:
        """(query, reference) pairs for leakage: each held-out split against train, and test against val."""
        out = [(d, self.train) for d in self.held_out]
        if self.val is not None and self.test is not None:
            out.append((self.test, self.val))
        return out

    @cached_property
    def labels(self) -> Labels | None:
        return None if self.train.y is None else read_labels(self.train.y)


def validate(train: Data, others: list[Data]) -> None:
    """Splits must hold the same kind of rows: same columns for tables, same item shape for arrays."""
    for d in others:
        if d.kind != train.kind:
            raise UsageError(f"{d.name}: holds {d.kind}s but {train.name} holds {train.kind}s")
        if d.kind == "table" and (d.columns, d.other_columns) != (train.columns, train.other_columns):
            missing = sorted(set(train.columns + train.other_columns) - set(d.columns + d.other_columns))
            extra = sorted(set(d.columns + d.other_columns) - set(train.columns + train.other_columns))
            what = "; ".join(p for p in (f"missing {', '.join(missing[:8])}" if missing else "",
                                         f"extra {', '.join(extra[:8])}" if extra else "") if p)
            raise UsageError(f"{d.name}: its columns differ from {train.name}'s ({what or 'another order or type'})")
        if d.kind == "image" and d.x.shape[1:] != train.x.shape[1:]:
            raise UsageError(f"{d.name}: items of shape {d.x.shape[1:]} but {train.name}'s are {train.x.shape[1:]}")
        if (d.y is None) != (train.y is None):
            has, lacks = (d, train) if d.y is not None else (train, d)
            raise UsageError(f"{lacks.name}: has no labels but {has.name} has")
