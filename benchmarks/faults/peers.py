"""What a user has today, run on the same histories as lossdoctor.

- Keras ``EarlyStopping`` and ``ReduceLROnPlateau`` with default settings: the real callbacks, fed
  ``on_epoch_end(epoch, logs)`` with a stub model (``stop_training``, ``optimizer.learning_rate``).
- SageMaker Debugger's curve rules (LossNotDecreasing, Overfit, Overtraining, ExplodingTensor), re-implemented from
  the documented logic and defaults (reference peers.md §1.2): the rule code itself was never open source and
  smdebug 1.0.34 does not run on numpy 2 (peers.md §1.1, §1.5). Each logged epoch is treated as one saved step,
  the most favourable reading (the default save_interval of 500 steps would give these short runs 1-3 points).
- The PyPI log linters (losslint, runmedic, gradsnitch, sk-autod) are run by ``peer_tools.py`` inside their own
  venv (benchmarks/_work/peer-venv) so they cannot touch ours; their findings are mapped to our names here.

Every peer returns a set of our finding names per run (``fired``) so the same scoring applies.
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from typing import Any, Sequence

EpochHistory = dict[str, list[float]]  # Keras History dict: loss, accuracy, val_loss, val_accuracy, learning_rate


@dataclass
class PeerResult:
    fired: set[str] = field(default_factory=set)      # our finding names the peer's output maps to
    raw: list[str] = field(default_factory=list)      # the peer's own finding names/messages
    alarm: bool = False                                # anything at warning level or above (peer's own scale)
    extra: dict[str, Any] = field(default_factory=dict)


# ---- Keras callbacks ------------------------------------------------------------------------------------------

class _StubOptimizer:
    def __init__(self, lr: float) -> None:
        self.learning_rate = lr


class _StubModel:
    def __init__(self, lr: float) -> None:
        self.stop_training = False
        self.optimizer = _StubOptimizer(lr)
        self.metrics: list[Any] = []

    def get_weights(self) -> list[Any]:
        return []


def keras_early_stopping(h: EpochHistory) -> PeerResult:
    """EarlyStopping() defaults: monitor val_loss, patience 0, min_delta 0. Where would fit() have stopped?"""
    os.environ.setdefault("KERAS_BACKEND", "torch")
    import keras

    cb = keras.callbacks.EarlyStopping()
    model = _StubModel(h["learning_rate"][0])
    cb.set_model(model)
    cb.on_train_begin()
    stop = None
    for epoch in range(len(h["loss"])):
        cb.on_epoch_end(epoch, {"loss": h["loss"][epoch], "val_loss": h["val_loss"][epoch]})
        if model.stop_training:
            stop = epoch
            break
    res = PeerResult()
    res.extra = {"stopped_epoch": stop, "best_epoch": int(cb.best_epoch), "epochs": len(h["loss"])}
    if stop is not None:
        res.raw.append(f"stopped at epoch {stop}")
        res.fired.add("overfitting")  # the only thing a stop says: val loss stopped improving
        res.alarm = True
    return res


def keras_reduce_lr(h: EpochHistory) -> PeerResult:
    """ReduceLROnPlateau() defaults: monitor val_loss, factor 0.1, patience 10, min_delta 1e-4."""
    os.environ.setdefault("KERAS_BACKEND", "torch")
    import keras

    cb = keras.callbacks.ReduceLROnPlateau()
    model = _StubModel(h["learning_rate"][0])
    cb.set_model(model)
    cb.on_train_begin()
    reductions: list[int] = []
    for epoch in range(len(h["loss"])):
        before = model.optimizer.learning_rate
        logs = {"loss": h["loss"][epoch], "val_loss": h["val_loss"][epoch]}
        cb.on_epoch_end(epoch, logs)
        if model.optimizer.learning_rate < before:
            reductions.append(epoch)
    res = PeerResult(extra={"reductions": reductions})
    if reductions:
        res.raw.append(f"LR reduced at epochs {reductions}")
        res.fired.add("plateau")
        res.alarm = True
    return res


# ---- SageMaker Debugger built-in rules (documented logic, peers.md §1.2) -------------------------------------

def smdebug_loss_not_decreasing(losses: Sequence[float], num_steps: int = 10, diff_percent: float = 0.0) -> int | None:
    """First step where loss is not lower than the loss num_steps saved steps earlier by diff_percent %."""
    for s in range(num_steps, len(losses)):
        old, new = losses[s - num_steps], losses[s]
        if not (math.isfinite(old) and math.isfinite(new)):
            continue
        if new >= old - abs(old) * diff_percent / 100.0:
            return s
    return None


def smdebug_overfit(train: Sequence[float], val: Sequence[float], start_step: int = 0, patience: int = 1,
                    ratio_threshold: float = 0.1) -> int | None:
    """First step after `patience` consecutive steps with (val - train) / train > ratio_threshold."""
    run = 0
    for s in range(start_step, min(len(train), len(val))):
        t, v = train[s], val[s]
        if math.isfinite(t) and math.isfinite(v) and t != 0 and (v - t) / abs(t) > ratio_threshold:
            run += 1
            if run >= patience:
                return s
        else:
            run = 0
    return None


def smdebug_overtraining(train: Sequence[float], val: Sequence[float], patience_train: int = 5,
                         patience_validation: int = 10, delta: float = 0.1) -> int | None:
    """First step where train loss has not improved by delta for patience_train steps and val for patience_val."""
    def stale(xs: Sequence[float], s: int) -> int:
        best, since = math.inf, 0
        for x in xs[: s + 1]:
            if math.isfinite(x) and x < best - delta:
                best, since = x, 0
            else:
                since += 1
        return since

    for s in range(min(len(train), len(val))):
        if stale(train, s) >= patience_train and stale(val, s) >= patience_validation:
            return s
    return None


def smdebug_exploding_tensor(*series: Sequence[float]) -> int | None:
    """First step with a NaN or +-inf in any inspected tensor (only_nan=False)."""
    n = max(len(s) for s in series)
    for i in range(n):
        if any(i < len(s) and not math.isfinite(s[i]) for s in series):
            return i
    return None


def sagemaker_rules(h: EpochHistory) -> dict[str, PeerResult]:
    """The four curve rules, each as its own peer (a user enables them one by one)."""
    train, val = h["loss"], h["val_loss"]
    out: dict[str, PeerResult] = {}
    # LossNotDecreasing mode=None tries EVAL first, then TRAIN.
    s = smdebug_loss_not_decreasing(val if val else train)
    out["LossNotDecreasing"] = PeerResult({"loss_not_decreasing"} if s is not None else set(),
                                          [f"fired at step {s}"] if s is not None else [], s is not None, {"step": s})
    s = smdebug_overfit(train, val)
    out["Overfit"] = PeerResult({"overfitting"} if s is not None else set(),
                                [f"fired at step {s}"] if s is not None else [], s is not None, {"step": s})
    s = smdebug_overtraining(train, val)
    out["Overtraining"] = PeerResult({"overfitting"} if s is not None else set(),
                                     [f"fired at step {s}"] if s is not None else [], s is not None, {"step": s})
    s = smdebug_exploding_tensor(train, val)
    out["ExplodingTensor"] = PeerResult({"nan_inf"} if s is not None else set(),
                                        [f"fired at step {s}"] if s is not None else [], s is not None, {"step": s})
    return out


# ---- PyPI tools: outputs mapped to our names --------------------------------------------------------------------

# Each tool's finding id -> our finding name (None: no counterpart in our vocabulary, still counts as an alarm).
PYPI_MAP: dict[str, dict[str, str | None]] = {
    "losslint": {"nan_inf": "nan_inf", "loss_spike": "loss_spikes", "divergence": "divergence",
                 "overfit_onset": "overfitting", "stagnation": "plateau", "step_backtrack": None},
    "runmedic": {"non_finite": "nan_inf", "divergence": "divergence", "loss_spikes": "loss_spikes",
                 "no_learning": "loss_not_decreasing", "overfitting": "overfitting",
                 "val_below_train": "val_below_train", "constant_lr_plateau": "plateau", "grad_spikes": None,
                 "input_bound": None, "slow_steps": None, "slowdown": None, "memory_growth": None},
    "gradsnitch": {"GS001": "nan_inf", "GS002": "nan_inf", "GS003": "loss_spikes", "GS004": "overfitting",
                   "GS005": "plateau", "GS006": "divergence", "GS007": None, "GS008": None,
                   "GS009": "oscillation", "GS010": "plateau"},
    "sk-autod": {"Classic overfitting": "overfitting", "Underfitting": "underfitting",
                 "Data leakage": "suspected_leakage", "Exploding gradient": "divergence",
                 "LR too high": "oscillation", "LR too low": "loss_not_decreasing",
                 "Dying ReLU proxy": "loss_not_decreasing", "Noisy training": "oscillation",
                 "Label noise floor": "plateau", "Missed early stopping": "overfitting"},
}

# Severities each tool treats as at least a warning (an alarm on a healthy run).
ALARM_SEVERITIES = {"losslint": {"warning", "error"}, "runmedic": {"warning", "critical"},
                    "gradsnitch": {"warning", "error"}, "sk-autod": {"warning", "error", "critical"}}


def map_pypi(tool: str, findings: list[list[str]] | str) -> PeerResult:
    """A PyPI tool's raw findings -> our names; a crash of the tool is kept in raw and is no detection."""
    if isinstance(findings, str):
        return PeerResult(raw=[findings])
    res = PeerResult()
    for fid, severity in findings:
        res.raw.append(f"{fid} ({severity})")
        ours = PYPI_MAP[tool.split(" (")[0]].get(fid)
        if ours:
            res.fired.add(ours)
        if severity.lower() in ALARM_SEVERITIES[tool.split(" (")[0]]:
            res.alarm = True
    return res
