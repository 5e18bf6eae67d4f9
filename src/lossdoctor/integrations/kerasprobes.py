"""The torch probes (`probes.py`, through `ProbeFeed`) on a Keras 3 model trained on the torch backend.

There a Keras layer is a `torch.nn.Module` and each variable wraps a `torch.nn.Parameter`, so the same probe code
applies; two things differ and are bridged here:

- Keras layers are not torch submodules of their model (the model tracks them itself), so the modules to probe
  and their names come from Keras: every layer under its Keras path ('sequential/dense_1'), which is also the
  prefix of its variables' paths, so gradient, update and activation series share one layer name.
- The optimizer is Keras's, not a torch optimizer: it has no step hooks. Its `apply` is wrapped on this one
  instance while training runs (and restored after), so the gradient probes run between `loss.backward()` and
  the update, as the torch optimizer's step hooks do: the finiteness check on this step's gradients, the norms,
  the weights before the update (for the update ratio, and for replaying a non-finite step with the weights
  that produced it). Under `mixed_float16` the optimizer is a LossScaleOptimizer: its inner optimizer's `apply` is
  wrapped instead (called only on the steps it applies), and the gradient norms are divided by the loss scale.

The TensorFlow and JAX backends hold no torch tensors: `supported()` is False there and the callback records
the curves only.
"""
from __future__ import annotations

from typing import Any

from .torchprobes import ProbeFeed


def supported() -> bool:
    """True when Keras runs on the torch backend (the only one whose layers and variables torch can probe)."""
    import keras

    return keras.backend.backend() == "torch"


def layer_names(model: Any) -> dict[Any, str]:
    """Every Keras layer of the model (nested ones included) under its Keras path; the model itself is the root."""
    names: dict[Any, str] = {model: ""}
    flatten = getattr(model, "_flatten_layers", None)  # sublayers of custom layers too; public `layers` otherwise
    layers = flatten(include_self=False, recursive=True) if callable(flatten) else _walk(model)
    for layer in layers:
        names.setdefault(layer, getattr(layer, "path", None) or layer.name)
    return names


def _walk(model: Any) -> list[Any]:
    out = []
    for layer in getattr(model, "layers", []):
        out.append(layer)
        out.extend(_walk(layer))
    return out


class _Scaled:
    """What the probes read from a torch optimizer stepped by GradScaler with its gradients still scaled
    (`grad_scale`), for Keras's LossScaleOptimizer: its current dynamic scale, as a torch tensor."""

    def __init__(self, scale: Any) -> None:
        import keras

        self.grad_scale = keras.ops.convert_to_tensor(scale)


class KerasProbes:
    """Probes on a Keras model while `fit` runs: `after_batch()` once per training batch gives the values to
    record (empty between sampled steps); `close()` restores the optimizer and removes the hooks."""

    def __init__(self, model: Any, every: int) -> None:
        self.feed = ProbeFeed(model, [], every, names=layer_names(model))
        self.optimizer = model.optimizer
        self._wrapped = False
        if self.optimizer is not None:
            self._wrap(self.optimizer)

    def _wrap(self, optimizer: Any) -> None:
        scale = getattr(optimizer, "dynamic_scale", None)
        if scale is not None and getattr(optimizer, "inner_optimizer", None) is not None:
            # A LossScaleOptimizer (mixed_float16) applies its inner optimizer only on steps whose scaled gradients
            # are finite (a skipped step is normal AMP, not a non-finite gradient), with the gradients unscaled; the
            # gradients torch holds stay scaled: the probes divide their norms by the scale.
            self.optimizer = optimizer = optimizer.inner_optimizer
        original = optimizer.apply  # the bound method of this instance's class
        feed = self.feed

        def apply(grads: Any, trainable_variables: Any = None) -> Any:
            feed.before_update(optimizer if scale is None else _Scaled(scale))
            result = original(grads, trainable_variables)
            feed.after_update(optimizer)
            return result

        optimizer.apply = apply  # an instance attribute: the class, and other optimizers, are untouched
        self._wrapped = True

    def after_batch(self) -> dict[str, float]:
        return self.feed.after_step(None)

    def close(self) -> None:
        if self._wrapped:
            try:
                del self.optimizer.apply  # the class's method shows through again
            except AttributeError:
                pass
            self._wrapped = False
        self.feed.close()
