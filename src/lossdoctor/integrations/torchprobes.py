"""Probes on the torch module a Lightning or HF run trains, fed to the adapter's recorder.

The probes themselves (`probes.py`) hook the optimizer's step (one foreach norm per step, the finiteness check)
and sample per-layer values every `every` steps; this feed reads them back on that schedule (one copy), and on a
non-finite gradient replays the batch to name the first module that produced it, under the same series keys as
`lossdoctor.torch.Doctor` (probekeys.py), so the probe rules read them the same way.
"""
from __future__ import annotations

import math
from typing import Any, Iterable, Mapping

from .. import probekeys
from .probes import ProbeConfig, Probes


class ProbeFeed:
    """Probes on one module; `after_step()` once per training step gives the values to record (often none)."""

    def __init__(self, module: Any, optimizers: Iterable[Any], every: int = 50,
                 names: Mapping[Any, str] | None = None) -> None:
        """`optimizers`: hooked so their step runs the gradient probes; pass none and call `before_update` /
        `after_update` instead when the optimizer computes the gradients inside its step (a closure) or is not a
        torch optimizer (Keras). `names`: the module paths to probe (see `Probes`)."""
        self.probes = Probes(module, ProbeConfig(every=every), names)
        for opt in optimizers:
            inner = getattr(opt, "optimizer", None)  # accelerate's AcceleratedOptimizer wraps the torch one
            self.probes.attach(inner if hasattr(inner, "register_step_pre_hook") else opt)
        self.every = every
        self.trips = 0

    def before_update(self, optimizer: Any) -> None:
        """The gradients are ready and the optimizer is about to apply them (Lightning's on_before_optimizer_step:
        its closure computes them inside `optimizer.step`, after the step hooks would have looked)."""
        self.probes._pre_step(optimizer, (), {})

    def after_update(self, optimizer: Any) -> None:
        """The optimizer applied the update (pairs with `before_update`)."""
        self.probes._post_step(optimizer, (), {})

    def after_step(self, loss: Any = None) -> dict[str, float]:
        """Advance one step; on a sampled step or a non-finite gradient, the values read back (else {})."""
        p = self.probes
        located = None
        if p.tripped:
            self.trips += 1
            located = p.locate(loss if hasattr(loss, "detach") else None)
            p.tripped = False
        sampled = p.sampled()
        p.after_step()
        if not sampled and located is None:
            return {}
        values: dict[str, float] = {}
        for _, sampled_values in sorted(p.take().items()):  # one sampled step per read-back here
            values.update(sampled_values)
        values[probekeys.key("nonfinite")] = float(self.trips)
        self.trips = 0
        if located is not None:
            values[located.key] = 1.0 if math.isnan(located.share) else max(located.share, 1e-12)
        return values

    def close(self) -> None:
        self.probes.close()
