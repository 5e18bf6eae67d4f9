"""How probe series are named, in one place: ``<probe>/<module path>``, with ``@rank<N>`` for one rank's value.

Probes (integrations/probes.py) write these keys; names.py tags them (kind, split NONE); probe rules read the
module path back with `parse` instead of splitting strings themselves. The same keys land in TensorBoard or a CSV
when the user logs them, so a run diagnosed offline later gets the same findings.

    grad_norm                      total gradient norm (all parameters)
    grad_norm/encoder.fc1          gradient norm of one layer's parameters
    update_ratio/encoder.fc1       ||w_t - w_{t-1}|| / ||w_{t-1}|| after an optimizer step
    weight_norm/encoder.fc1        ||w||
    dead_units/encoder.relu1       share of a ReLU's units that output 0 for every sample of the batch
    saturation/encoder.tanh        share of a sigmoid/tanh's outputs within 1% of their bounds
    act_scale/encoder.fc1          RMS of a layer's output (activation scale by depth)
    nonfinite                      non-finite values met this step (loss or gradients): 0 when healthy
    nonfinite/forward/encoder.fc2  the first module whose output was non-finite (value: the non-finite share)
    nonfinite/backward/encoder.fc2 the first module whose input gradient was non-finite
    nonfinite/weights/encoder.fc2  the first module whose own parameters were already non-finite
    nonfinite/input/(input)        the batch itself held NaN or inf
    nonfinite/loss/(loss)          the loss itself was the first non-finite value (forward was finite)
    nonfinite@rank1                rank 1's own value, when the ranks disagree
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

from .model import Kind

PROBES: Mapping[str, Kind] = {
    "grad_norm": Kind.GRAD_NORM,
    "update_ratio": Kind.UPDATE_RATIO,
    "weight_norm": Kind.WEIGHT_NORM,
    "dead_units": Kind.DEAD_UNITS,
    "saturation": Kind.SATURATION,
    "act_scale": Kind.ACTIVATION,
    "nonfinite": Kind.NONFINITE,
}
WHERE = ("input", "weights", "forward", "loss", "backward")

_RANK = re.compile(r"@rank(\d+)$")


@dataclass(frozen=True)
class ProbeKey:
    """A probe key taken apart: `module` is '' for a whole-model value; `where` only for nonfinite keys."""

    probe: str
    module: str = ""
    where: str = ""
    rank: int | None = None

    @property
    def kind(self) -> Kind:
        return PROBES[self.probe]

    @property
    def per_layer(self) -> bool:
        return bool(self.module)

    def __str__(self) -> str:
        return key(self.probe, self.module, where=self.where, rank=self.rank)


def key(probe: str, module: str = "", *, where: str = "", rank: int | None = None) -> str:
    """The series key for a probe value ('grad_norm/fc1', 'nonfinite/forward/fc2@rank1')."""
    if probe not in PROBES:
        raise ValueError(f"unknown probe {probe!r}; one of {', '.join(PROBES)}")
    parts = [probe] + ([where] if where else []) + ([module] if module else [])
    return "/".join(parts) + (f"@rank{rank}" if rank is not None else "")


def parse(k: str) -> ProbeKey | None:
    """The parts of a probe key, or None when the key is not one (an ordinary metric)."""
    rank = None
    m = _RANK.search(k)
    if m:
        rank, k = int(m.group(1)), k[: m.start()]
    probe, _, rest = k.partition("/")
    if probe not in PROBES:
        return None
    where = ""
    if probe == "nonfinite":
        head, _, tail = rest.partition("/")
        if head in WHERE:
            where, rest = head, tail
    return ProbeKey(probe, rest, where, rank)
