"""The command-line flags that state what a log does not hold (--task, --loss, --fine-tune, --best-checkpoint),
shared by `diagnose`, `watch` and `compare`; the values are config.TASKS and config.LOSSES."""
from __future__ import annotations

import argparse
from typing import Any, Mapping

from .config import CONTEXT_KEYS, LOSSES, TASKS


def add_context_flags(p: argparse.ArgumentParser) -> None:
    """Register the four flags; each left out means "not stated" (judged as without it)."""
    p.add_argument("--task", choices=TASKS, default=None,
                   help="what the model is trained for; a task without classes (regression, detection, language_model, "
                        "...) has no chance level ln(C): the chance-level and initial-loss rules do not run")
    p.add_argument("--loss", choices=LOSSES, default=None,
                   help="the training loss; only a (binary) cross-entropy has a chance level ln(C) and an expected "
                        "first value (other losses and sum_of_terms turn those rules off); cross_entropy with "
                        "--num-classes makes them surer")
    p.add_argument("--fine-tune", dest="fine_tune", action=argparse.BooleanOptionalAction, default=None,
                   help="the run starts from pretrained weights: a low first loss, a fast first fall and a short run "
                        "are expected (under-fitting / still-improving on a few epochs become notes or nothing)")
    p.add_argument("--best-checkpoint", dest="best_checkpoint", action=argparse.BooleanOptionalAction, default=None,
                   help="the run keeps its best checkpoint (early stopping with restored weights, save-best): a "
                        "validation-loss rise after a good best epoch is a note naming the epoch kept, not a warning")


def context_from(args: argparse.Namespace, conf: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The stated context: each flag given on the command line, else the config file's value (flags win)."""
    conf = conf or {}
    out = {}
    for key in CONTEXT_KEYS:
        value = getattr(args, key, None)
        out[key] = value if value is not None else conf.get(key)
    return out
