"""What every generation's families must satisfy, checked by each generation's test (tests/test_families_v7.py ..):
labels in the contract's finding and cause names, one fault family per curve finding, a writer and a reader for every
trainer, and a context in real_runs/score.py's schema. Returned as problems, one line each, so a failing test names
the family."""
from __future__ import annotations

from typing import Any, Callable, Iterable, Mapping

from lossdoctor.findings import CAUSES
from lossdoctor.rules import RULES


def label_problems(families: Iterable[Any], trainers: Iterable[str], readers: Mapping[str, Any],
                   writers: Mapping[str, Any], faults: int = 17, min_healthy: int = 14) -> list[str]:
    """Contract names, a healthy family expects nothing and a fault has causes, each trainer written and read, at
    least `min_healthy` healthy families and `faults` faults with a different primary finding each."""
    fams = list(families)
    names = {r.name for r in RULES}
    trainers = set(trainers)
    out = [f"{f.name}: trainer {f.trainer!r} has no writer or reader" for f in fams
           if not (f.trainer in trainers and f.trainer in readers and f.trainer in writers)]
    out += [f"{f.name}: not a contract finding name" for f in fams
            if not {n for g in f.expect for n in g} | set(f.allow) <= names]
    out += [f"{f.name}: not a contract cause name" for f in fams if not set(f.causes) <= set(CAUSES)]
    out += [f"{f.name}: healthy is not 'expects nothing'" for f in fams if f.healthy != (not f.expect)]
    out += [f"{f.name}: a fault with no cause" for f in fams if not (f.healthy or f.causes)]
    if len({f.name for f in fams}) != len(fams):
        out.append("family names repeat")
    if sum(f.healthy for f in fams) < min_healthy:
        out.append(f"fewer than {min_healthy} healthy families")
    bad = [f for f in fams if not f.healthy]
    if not len({f.expect[0][0] for f in bad}) == len(bad) == faults:
        out.append(f"not {faults} faults with one primary finding each")
    return out


def context_problems(families: Iterable[Any], context: Callable[[Any], dict[str, Any]],
                     schema: Mapping[str, Any]) -> list[str]:
    """Every family's context has the schema's keys, each value None or one the schema lists."""
    out = []
    for f in families:
        ctx = context(f)
        if set(ctx) != set(schema) or not all(v is None or v in schema[k] for k, v in ctx.items()):
            out.append(f"{f.name}: context {ctx} is not in the schema")
    return out


def history(loss: list[float], val: list[float], acc: list[float] | None = None) -> dict[str, list[float]]:
    """A hand-made history for a generation's construction checks: train and validation loss, and the same accuracy
    on both splits when given."""
    h = {"loss": loss, "val_loss": val}
    if acc is not None:
        h.update(accuracy=acc, val_accuracy=acc)
    return h
