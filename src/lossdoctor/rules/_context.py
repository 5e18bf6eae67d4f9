"""What a rule receives: the run, the user's options, and per-run views computed once and shared by every rule.

The views (aligned train/validation pairs, prepared loss curves, the learning-rate schedule, the inferred number
of classes) are memoised on the Context, so eighteen rules reading the same pair align it once.
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import Any, Callable, TypeVar

import numpy as np

from ..config import Options
from ..model import Kind, Run, Series

T = TypeVar("T")


@dataclass(frozen=True)
class Context:
    """The run, the options, and a memo of shared views (never part of equality)."""

    run: Run
    options: Options
    _memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    def view(self, key: Any, make: Callable[[], T]) -> T:
        """The view named `key`, made on first use."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]  # type: ignore[no-any-return]

    def pair(self, kind: Kind = Kind.LOSS) -> Any:
        """The primary train/validation pair of `kind` at the validation steps (rules/_pair.py), or None."""
        from . import _pair

        return self.view(("pair", kind), lambda: _pair.pair(self.run, kind))

    def curve(self, s: Series | None) -> Any:
        """`s` prepared for the shape rules (rules/_curve.py: finite part, binned view, noise), or None."""
        from . import _curve

        if s is None:
            return None
        return self.view(("curve", s.key), lambda: _curve.make_curve(s))

    def loss_curve(self, min_points: int) -> Any:
        """The training (or only) loss as a Curve with at least `min_points` view points, or None."""
        from . import _curve

        c = self.curve(self.view("loss_series", lambda: _curve.loss_series(self.run)))
        return c if c is not None and c.m >= min_points else None

    @property
    def schedule(self) -> Any:
        """The learning-rate schedule found in the log (rules/schedule.py), or None."""
        from . import schedule

        return self.view("schedule", lambda: schedule.schedule_of(self.run))

    @property
    def stated(self) -> Any:
        """What the user stated about the run that the log does not hold (rules/_stated.py)."""
        from ._stated import Stated

        return self.view("stated", lambda: Stated.of(self.options))

    def classes(self, first_loss: float | None = None) -> Any:
        """The number of classes: given, or inferred from an accuracy floor or a first loss (rules/chance.py);
        None when the stated loss or task has no chance level ln(C) (no rule may read one off it then)."""
        from . import chance

        if self.stated.no_chance_level() is not None:
            return None
        return self.view(("classes", first_loss), lambda: chance.infer_classes(self.run, self.options, first_loss))


def array_memo(name: str, a: Any, make: Callable[[Any], T]) -> T:
    """`make(a)` once per read-only array (or Series) object while it lives.

    The per-run views a Context hands out (pairs, finite values) are read-only arrays; the rules then ask for their
    noise, level or smoothed curve from judge code that has no Context (a dozen rules ask for the noise of the same
    pair: on a million points each is a full-length median). A read-only object cannot change under the memo, and
    the weak reference tells a live object from a new one that reuses its id. Writable arrays are not memoised.
    """
    return arrays_memo(name, (a,), lambda: make(a))


def arrays_memo(name: str, objs: tuple[Any, ...], make: Callable[[], T]) -> T:
    """`make()`, a function of the read-only arrays (or Series) `objs` only, once per combination of those objects."""
    for a in objs:
        if isinstance(a, np.ndarray) and (a.flags.writeable or a.size < _MEMO_MIN):
            return make()
    key = (name, *map(id, objs))
    hit = _MEMO.get(key)
    if hit is not None and all(r() is a for r, a in zip(hit[0], objs)):
        return hit[1]  # type: ignore[no-any-return]
    value = make()
    if len(_MEMO) >= 512:
        _MEMO.clear()
    try:  # the entry goes when any of its objects does (a finished run's views are not kept)
        _MEMO[key] = (tuple(weakref.ref(a, lambda _r, k=key: _MEMO.pop(k, None)) for a in objs), value)
    except TypeError:  # an object without weak references: not memoised
        pass
    return value


_MEMO: dict[tuple[Any, ...], tuple[tuple[weakref.ref[Any], ...], Any]] = {}
_MEMO_MIN = 8  # shorter arrays cost less to recompute than to look up
