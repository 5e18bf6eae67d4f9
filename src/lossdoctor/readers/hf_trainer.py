"""Hugging Face `Trainer` state: `trainer_state.json` and output folders with `checkpoint-*/` copies of it.

`log_history` holds separate train entries (`loss`, `grad_norm`, `learning_rate`), eval entries (`eval_*`) and
one final summary (`train_loss`, `train_runtime`...), each with `step` = global step and a fractional `epoch`.
Every metric is a step series (HF logs by step); the summary goes to `hparams["train_summary"]`, never into a
series; `hparams["steps_per_epoch"]` and an `epoch` series let rules speak in epochs.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..errors import ReadError
from ..model import Axis, Run
from ._base import Points, head_bytes, loads_json, make_run, raw_decode_json

STATE = "trainer_state.json"
_CHECKPOINT = re.compile(r"checkpoint-(\d+)$")
_SUMMARY_KEYS = {"train_runtime", "train_samples_per_second", "train_steps_per_second", "total_flos",
                 "train_loss"}
_STATE_FIELDS = ("global_step", "max_steps", "num_train_epochs", "logging_steps", "eval_steps", "save_steps",
                 "train_batch_size", "best_metric", "best_global_step", "best_model_checkpoint")


def _is_number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _checkpoints(folder: Path) -> list[Path]:
    out = []
    for d in folder.iterdir() if folder.is_dir() else ():
        if d.is_dir() and _CHECKPOINT.match(d.name) and (d / STATE).is_file():
            out.append(d / STATE)
    return sorted(out, key=lambda p: int(_CHECKPOINT.match(p.parent.name).group(1)))  # type: ignore[union-attr]


def salvage_array(text: str, start: int) -> tuple[list[Any], bool]:
    """JSON values of the array opening at `text[start] == '['`, decoded one by one until the text breaks off.
    Returns (values, complete)."""
    i, out = start + 1, []
    n = len(text)
    while i < n:
        while i < n and text[i] in " \t\r\n,":
            i += 1
        if i < n and text[i] == "]":
            return out, True
        try:
            value, i = raw_decode_json(text, i)
        except json.JSONDecodeError:
            return out, False
        out.append(value)
    return out, False


def load_state(path: Path) -> tuple[dict[str, Any], list[str]]:
    """A trainer_state.json; a file cut short keeps the log entries written before the cut, with a warning."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReadError(path, f"cannot be read ({exc})") from None
    try:
        state = loads_json(text)
    except json.JSONDecodeError:
        m = re.search(r'"log_history"\s*:\s*\[', text)
        if not m:
            raise ReadError(path, "not valid JSON and no log_history in it (expected a Hugging Face "
                                  "trainer_state.json)") from None
        entries, _ = salvage_array(text, m.end() - 1)
        if not entries:
            raise ReadError(path, "the file is cut short before its first log_history entry") from None
        return {"log_history": entries}, [f"{path.name} is cut short (written while training?); read its first "
                                          f"{len(entries)} log entries"]
    if not isinstance(state, dict) or not isinstance(state.get("log_history"), list):
        raise ReadError(path, "JSON is not a Trainer state: expected an object with a 'log_history' list")
    return state, []


def _prefix_conflict(older: list[Any], newer: list[Any]) -> float | None:
    """The first step where an older copy's log differs from the newer one (None when it is a prefix)."""
    by_step: dict[tuple[float, bool], dict[str, Any]] = {}
    for e in newer:
        if isinstance(e, dict) and _is_number(e.get("step")) and not _SUMMARY_KEYS & set(e):
            by_step[(e["step"], any(k.startswith("eval_") for k in e))] = e
    for e in older:
        if not isinstance(e, dict) or not _is_number(e.get("step")) or _SUMMARY_KEYS & set(e):
            continue
        other = by_step.get((e["step"], any(k.startswith("eval_") for k in e)))
        if other is None or json.dumps(other, sort_keys=True) != json.dumps(e, sort_keys=True):
            return float(e["step"])
    return None


def choose_state(folder: Path) -> tuple[Path, dict[str, Any], list[str]]:
    """The copy to read in an output folder: `trainer_state.json` there, unless a checkpoint went further (a
    newer run wrote into the same folder), else the checkpoint with the highest global step. Copies that do
    not agree with the chosen one are named in a warning."""
    copies: list[tuple[Path, dict[str, Any]]] = []
    notes: list[str] = []
    candidates = ([folder / STATE] if (folder / STATE).is_file() else []) + _checkpoints(folder)
    for p in candidates:
        try:
            state, w = load_state(p)
        except ReadError as exc:
            notes.append(f"{p.relative_to(folder)} skipped: {exc.detail}")
            continue
        copies.append((p, state))
        notes.extend(w)
    if not copies:
        raise ReadError(folder, "no readable trainer_state.json here or in checkpoint-* folders")

    def step_of(item: tuple[Path, dict[str, Any]]) -> float:
        gs = item[1].get("global_step")
        if _is_number(gs):
            return float(gs)
        steps = [e["step"] for e in item[1]["log_history"] if isinstance(e, dict) and _is_number(e.get("step"))]
        return float(max(steps, default=0))

    top = next((c for c in copies if c[0].parent == folder), None)
    best = max(copies, key=step_of)
    chosen = top if top is not None and step_of(top) >= step_of(best) else best
    if top is not None and chosen is not top:
        notes.append(f"{STATE} in the output folder stops at step {step_of(top):g} but "
                     f"{chosen[0].parent.name} reaches {step_of(chosen):g}; the newest checkpoint is read")
    for p, state in copies:
        if p == chosen[0]:
            continue
        at = _prefix_conflict(state["log_history"], chosen[1]["log_history"])
        if at is not None:
            notes.append(f"{p.relative_to(folder)} disagrees with {chosen[0].relative_to(folder)} from step "
                         f"{at:g} (another run wrote into this folder?); {chosen[0].relative_to(folder)} is read")
    return chosen[0], chosen[1], notes


def state_to_run(name: str, source: Path, fmt: str, state: dict[str, Any], notes: list[str]) -> Run:
    columns: dict[str, Points] = {}
    epochs = Points()
    summary: dict[str, Any] = {}
    ratios: list[float] = []
    for e in state["log_history"]:
        if not isinstance(e, dict) or not _is_number(e.get("step")):
            continue
        step = float(e["step"])
        if _SUMMARY_KEYS & set(e) and "loss" not in e:
            summary.update({k: v for k, v in e.items() if k not in ("step", "epoch")})
            continue
        epoch = e.get("epoch")
        if _is_number(epoch):
            epochs.add(step, float(epoch))
            if epoch > 0 and step > 0:
                ratios.append(step / float(epoch))
        for key, v in e.items():
            if key in ("step", "epoch") or not _is_number(v):
                continue
            try:
                columns.setdefault(key, Points()).add(step, float(v))
            except OverflowError:
                columns.setdefault(key, Points()).add(step, float("inf") if v > 0 else float("-inf"))
    if not columns:
        raise ReadError(source, "trainer_state.json has no logged metrics in log_history")
    hparams: dict[str, Any] = {k: state[k] for k in _STATE_FIELDS if state.get(k) is not None}
    if ratios:
        ratios.sort()
        hparams["steps_per_epoch"] = round(ratios[len(ratios) // 2], 3)
    if summary:
        hparams["train_summary"] = summary
    columns["epoch"] = epochs
    return make_run(name, source, fmt, columns, Axis.STEP, hparams=hparams, warnings=notes)


class HfTrainerStateReader:
    name = "hf_trainer"

    def can_read(self, path: Path) -> bool:
        if path.is_dir():
            return (path / STATE).is_file() or bool(_checkpoints(path))
        if not path.is_file() or path.suffix.lower() != ".json":
            return False
        return path.name == STATE or b'"log_history"' in head_bytes(path, 1 << 16)

    def read(self, path: Path) -> list[Run]:
        if path.is_dir():
            chosen, state, notes = choose_state(path)
            name = f"{path.parent.name}/{path.name}" if _CHECKPOINT.match(path.name) and path.parent.name \
                else path.name
            return [state_to_run(name, path, self.name, state, notes)]
        state, notes = load_state(path)
        parent = path.parent
        name = parent.name if path.name == STATE and parent.name else path.stem
        if _CHECKPOINT.match(parent.name) and parent.parent.name:
            name = f"{parent.parent.name}/{parent.name}"
        return [state_to_run(name, path, self.name, state, notes)]
