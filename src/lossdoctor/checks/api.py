"""`lossdoctor.check(...)`: the pre-training checks from Python, returning the same Report as a diagnosis."""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

from ..engine import Report
from ..errors import UsageError
from . import CHECKS
from .context import CheckContext, CheckOptions, validate
from .data import Data, load
from .runner import run_checks


def check(train: Any, val: Any = None, test: Any = None, *, label: str | None = None, y_train: Any = None,
          y_val: Any = None, y_test: Any = None, model: Any = None, loss: Any = None,
          optimizer: Callable[..., Any] | None = None, scaler: Any = None, overfit: bool = False,
          lr_range: bool = False, name: str | None = None, select: tuple[str, ...] = (),
          ignore: tuple[str, ...] = (), **bounds: Any) -> Report:
    """Check data (and a model) before training.

    train/val/test: NumPy arrays, (X, y) tuples, pandas DataFrames, CSV/Parquet paths, texts, torch Datasets or
    DataLoaders. label: the label column of tables and files; y_*: labels beside arrays.
    model: a PyTorch module (with `loss`, an nn loss object or function, and `optimizer`, a factory
    `params -> torch.optim.Optimizer`; Adam when omitted) or a compiled Keras model. scaler: a fitted scikit-learn
    scaler applied to the data given (for the preprocessing-leak check). overfit / lr_range: run the tiny-subset
    overfit test / the LR range test (they train a copy of the model; the user's weights are never touched).
    bounds: overfit_samples, overfit_steps, lr_steps, lr_min, lr_max.
    """
    unknown = set(bounds) - {"overfit_samples", "overfit_steps", "lr_steps", "lr_min", "lr_max"}
    if unknown:
        raise UsageError(f"check(): unknown argument(s) {', '.join(sorted(unknown))}")
    tr = load(train, "train", label, y_train)
    others = [load(obj, nm, label, yy) for obj, nm, yy in ((val, "val", y_val), (test, "test", y_test))
              if obj is not None]
    validate(tr, others)
    options = CheckOptions(overfit=overfit, lr_range=lr_range, select=tuple(select), ignore=tuple(ignore), **bounds)
    mut = None
    if model is not None:
        from .models import wrap_model

        mut = wrap_model(model, loss, optimizer)
        if tr.kind != "text":
            from .output_loss import probe

            probe(mut, np.asarray(tr.x[:8], dtype=np.float32))  # a model that cannot run on the data: exit 2 now
    elif overfit or lr_range:
        raise UsageError("the overfit test and the LR range test need a model (model=..., or --model FILE:FUNC)")
    by_name = {d.name: d for d in others}
    ctx = CheckContext(tr, by_name.get("val"), by_name.get("test"), mut, scaler, options)
    return run_checks(ctx, CHECKS, name or _name(tr, others), _source(tr, others))


def _name(train: Data, others: list[Data]) -> str:
    return " + ".join(d.source for d in [train, *others]) if train.source not in ("train", "") else \
        " + ".join(d.name for d in [train, *others])


def _source(train: Data, others: list[Data]) -> str:
    return ", ".join(f"{d.name}={d.source}" for d in [train, *others])
