"""The run context a framework knows for certain, filled in for live diagnosis (what `--loss`, `--fine-tune` and
`--best-checkpoint` state for a log).

- Keras: the compiled loss (`model.loss`) names the loss; an `EarlyStopping` callback, or a `ModelCheckpoint` with
  `save_best_only=True`, in the same `fit` keeps (or stops at) the best epoch.
- HF Trainer: `load_best_model_at_end` keeps the best checkpoint (`EarlyStoppingCallback` requires it); a model whose
  `name_or_path` is set was loaded with `from_pretrained`: a fine-tune.
- Lightning: an `EarlyStopping` callback, or a `ModelCheckpoint` that monitors a metric, selects the best epoch.
Only what is certain is filled; anything else stays unknown (None), and a value the user gave always wins.
"""
from __future__ import annotations

import gc
from typing import Any, Iterable, Mapping

# Keras loss names and classes -> the stated-context loss (config.LOSSES); anything else is "other".
_KERAS_LOSSES = {
    "categorical_crossentropy": "cross_entropy", "sparse_categorical_crossentropy": "cross_entropy",
    "categoricalcrossentropy": "cross_entropy", "sparsecategoricalcrossentropy": "cross_entropy",
    "binary_crossentropy": "binary_cross_entropy", "binarycrossentropy": "binary_cross_entropy",
    "mse": "mse", "mean_squared_error": "mse", "meansquarederror": "mse",
    "mae": "mae", "mean_absolute_error": "mae", "meanabsoluteerror": "mae",
    "ctc": "ctc",
}


def keras_loss(loss: Any) -> str | None:
    """The loss family of a compiled Keras loss (a name, a Loss object, a function, or several: a sum of terms)."""
    if loss is None:
        return None
    if isinstance(loss, Mapping):
        losses = [v for v in loss.values() if v is not None]
        return "sum_of_terms" if len(losses) > 1 else keras_loss(losses[0]) if losses else None
    if isinstance(loss, (list, tuple)):
        losses = [v for v in loss if v is not None]
        return "sum_of_terms" if len(losses) > 1 else keras_loss(losses[0]) if losses else None
    name = loss if isinstance(loss, str) else getattr(loss, "name", None) or getattr(loss, "__name__", None) \
        or type(loss).__name__
    key = str(name).lower()
    return _KERAS_LOSSES.get(key, _KERAS_LOSSES.get(key.replace("_", ""), "other"))


def keras_keeps_best(callbacks: Iterable[Any]) -> bool | None:
    """True when an EarlyStopping or a ModelCheckpoint(save_best_only=True) is among the run's callbacks."""
    import keras

    for cb in callbacks:
        if isinstance(cb, keras.callbacks.EarlyStopping):
            return True
        if isinstance(cb, keras.callbacks.ModelCheckpoint) and getattr(cb, "save_best_only", False):
            return True
    return None


def keras_siblings(callback: Any) -> list[Any]:
    """The other callbacks of the `fit` that runs `callback`: Keras hands a callback no reference to its list, so
    the lists holding it (the fit's CallbackList and the user's `callbacks=[...]`) are found by reference."""
    out: list[Any] = []
    for ref in gc.get_referrers(callback):
        if isinstance(ref, list) and any(x is callback for x in ref):
            out += [x for x in ref if x is not callback and all(x is not y for y in out)]
    return out


def keras_context(model: Any, callback: Any) -> dict[str, Any]:
    """What a Keras `fit` states for certain: the compiled loss, and whether the best epoch is kept."""
    out: dict[str, Any] = {}
    loss = keras_loss(getattr(model, "loss", None))
    if loss is not None:
        out["loss"] = loss
    if keras_keeps_best(keras_siblings(callback)):
        out["best_checkpoint"] = True
    return out


def hf_context(args: Any, model: Any) -> dict[str, Any]:
    """What an HF Trainer states for certain: load_best_model_at_end, and a model loaded with from_pretrained."""
    out: dict[str, Any] = {}
    if getattr(args, "load_best_model_at_end", False) is True:
        out["best_checkpoint"] = True
    if model is not None and str(getattr(model, "name_or_path", "") or ""):
        out["fine_tune"] = True
    return out


def lightning_context(trainer: Any) -> dict[str, Any]:
    """What a Lightning Trainer states for certain: an EarlyStopping, or a ModelCheckpoint monitoring a metric."""
    from lightning.pytorch.callbacks import EarlyStopping, ModelCheckpoint

    for cb in getattr(trainer, "callbacks", None) or ():
        if isinstance(cb, EarlyStopping) or (isinstance(cb, ModelCheckpoint) and cb.monitor is not None):
            return {"best_checkpoint": True}
    return {}


def merged(detected: Mapping[str, Any], given: Mapping[str, Any]) -> dict[str, Any]:
    """The diagnosis options: the user's own values, and what the framework states where the user gave nothing."""
    out = dict(given)
    for key, value in detected.items():
        if out.get(key) is None:
            out[key] = value
    return out
