"""Run identity: a short name that tells each run apart, and one diagnosis for one training logged twice.

A directory often holds several `version_0` (one per logger), several `train.log`, or the same `fit` written by
Keras's stdout, a CSVLogger and a History dump. Each run is shown by the shortest suffix of its path that no
other run shares; runs with the same loss (and accuracy) values at the same number of points are one training
seen through several writers: they are merged into one run that says which sources it came from.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from pathlib import PurePath
from typing import Iterator, Sequence

import numpy as np

from .model import Kind, Run, Series, Split

# File and folder names that writers choose by default: they say nothing about the run, so a name ending in one
# of them keeps its parent folder too (`nan-pytorch/train`, `csv/version_0`).
GENERIC_NAME = re.compile(r"^(version_\d+|run(-\d+)?|train(ing)?|metrics|history|logs?|fit|events.*|progress|"
                          r"output|results?|trainer_state|lightning_logs|mlruns|wandb|latest-run|files|\d+)$", re.I)
LOG_SUFFIXES = (".csv", ".tsv", ".log", ".txt", ".json", ".jsonl", ".ndjson", ".out")
_TAG = re.compile(r" #\d+$")  # several runs read from one file (appended CSVLogger runs) carry " #k"

# Same training: every shared loss/accuracy series agrees point for point, within what a printed log keeps
# (Keras's stdout prints 4 decimals; CSV and JSON keep full precision).
VALUE_RTOL = 1e-3
VALUE_ATOL = 6e-5
MIN_POINTS = 3


def _parts(run: Run, keep_suffix: bool) -> tuple[str, ...]:
    parts = [p for p in PurePath(run.source).parts if p not in (".", "..", "/", "")]
    if parts and not keep_suffix and parts[-1].lower().endswith(LOG_SUFFIXES):
        parts[-1] = parts[-1].rsplit(".", 1)[0]
    return tuple(parts)


def short_names(runs: Sequence[Run]) -> list[str]:
    """For each run, the shortest suffix of its path (extension dropped when that stays unique) that no other run
    ends with; runs read from one file keep their ' #k'. Runs without a path keep their name. Counted in
    dictionaries, not by comparing every pair: one mangled CSV can hold thousands of runs."""
    stems = [_parts(r, False) for r in runs]
    fulls = [_parts(r, True) for r in runs]
    fulls_of: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for st, fu in zip(stems, fulls):
        fulls_of.setdefault(st, set()).add(fu)
    paths = [fulls[i] if len(fulls_of[stems[i]]) > 1 else stems[i] for i in range(len(runs))]
    tags = [_tag(r) for r in runs]
    suffixes: dict[int, Counter[tuple[tuple[str, ...], str]]] = {}  # k -> how many runs end with each k parts

    def shared(p: tuple[str, ...], k: int, tag: str) -> bool:
        if k not in suffixes:
            suffixes[k] = Counter((q[-k:], t) for q, t in zip(paths, tags) if q)
        return suffixes[k][(p[-k:], tag)] > 1

    same_path = Counter(zip(paths, tags))
    out: list[str] = []
    for i, run in enumerate(runs):
        if not paths[i]:
            out.append(run.name)
            continue
        tag = tags[i]
        p = paths[i]
        k = 2 if len(p) >= 2 and GENERIC_NAME.match(_stem(p[-1])) else 1
        while k < len(p) and shared(p, k, tag):
            k += 1
        name = "/".join(p[-k:]) + tag
        if same_path[(p, tag)] > 1:
            name += f" ({run.name})"  # the same path and no tag: the reader's own name tells them apart
        out.append(name)
    return out


def _stem(name: str) -> str:
    return name.rsplit(".", 1)[0] if name.lower().endswith(LOG_SUFFIXES) else name


def _tag(run: Run) -> str:
    m = _TAG.search(run.name)
    return m.group(0) if m else ""


def _signature(run: Run) -> dict[tuple[Split, Kind], Series]:
    """The series that identify a training: its main loss and accuracy per split."""
    out = {}
    for kind in (Kind.LOSS, Kind.ACCURACY):
        for split in (Split.TRAIN, Split.VAL, Split.TEST, Split.NONE):
            s = run.find(kind, split)
            if s is not None:
                out[(split, kind)] = s
    return out


def _same_values(a: Series, b: Series) -> bool:
    if len(a) != len(b) or len(a) < MIN_POINTS:
        return False
    fa, fb = np.isfinite(a.values), np.isfinite(b.values)
    if not np.array_equal(fa, fb):
        return False
    va, vb = a.values[fa], b.values[fb]
    tol = VALUE_RTOL * np.maximum(np.abs(va), np.abs(vb)) + VALUE_ATOL
    return bool(np.all(np.abs(va - vb) <= tol))


def same_training(a: Run, b: Run) -> bool:
    """True when two runs are one training seen through two writers: at least one loss series in common, and
    every loss/accuracy series they share has the same number of points and the same values (a curve that moves
    more than the rounding, or turns NaN/inf at the same points, so two flat runs are not taken for one)."""
    return _same_signature(_signature(a), _signature(b))


def _same_signature(sa: dict[tuple[Split, Kind], Series], sb: dict[tuple[Split, Kind], Series]) -> bool:
    common = set(sa) & set(sb)
    losses = [k for k in common if k[1] is Kind.LOSS]
    if not losses:
        return False
    if not any(_spread(sa[k].values) > 20 * VALUE_ATOL or not np.isfinite(sa[k].values).all() for k in losses):
        return False  # two constant curves (a dead run printed to 4 decimals) are not proof of one training
    return all(_same_values(sa[k], sb[k]) for k in common)


def _spread(values: np.ndarray) -> float:
    v = values[np.isfinite(values)]
    return float(v.max() - v.min()) if v.size else 0.0


def _richness(run: Run) -> tuple[int, int, int, int]:
    """Which copy to keep: the one with the most metric series, then one counted in epochs (what people read),
    then a full-precision writer, then the most points."""
    metrics = sum(1 for s in run.series if s.kind is not Kind.OTHER)
    loss = run.find(Kind.LOSS, Split.TRAIN) or run.find(Kind.LOSS, Split.VAL)
    epochs = int(loss is not None and loss.axis.value == "epoch")
    exact = 0 if run.format in ("text", "") else 1
    return metrics, epochs, exact, sum(len(s) for s in run.series)


def merge_duplicates(runs: Sequence[Run]) -> list[Run]:
    """One run per training: copies logged by several writers are merged into the richest one, which gains the
    series only the others have (by split and kind) and lists the merged sources in `also_from`."""
    n = len(runs)
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    sigs = [_signature(r) for r in runs]
    buckets: dict[tuple[Split, int], list[int]] = {}  # only runs with a loss curve of the same length can match
    for i, sig in enumerate(sigs):
        for (split, kind), ser in sig.items():
            if kind is Kind.LOSS:
                buckets.setdefault((split, len(ser)), []).append(i)
    for (split, length), members in buckets.items():
        if length < MIN_POINTS:  # two runs sharing a loss this short never match (_same_values)
            continue
        for i, j in _candidate_pairs(members, [sigs[m][(split, Kind.LOSS)].values[0] for m in members]):
            if root(i) != root(j) and _same_signature(sigs[i], sigs[j]):
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(root(i), []).append(i)
    out: list[Run] = []
    for i in range(n):
        members = groups.get(root(i))
        if members is None or members[0] != i:
            continue
        keep = max(members, key=lambda m: (_richness(runs[m]), -m))
        run = runs[keep]
        others = [runs[m] for m in members if m != keep]
        if others:
            have = {(s.split, s.kind) for s in run.series}
            keys = {s.key for s in run.series}
            extra = []
            for o in others:
                for s in o.series:
                    if (s.split, s.kind) not in have and s.key not in keys and s.kind is not Kind.OTHER:
                        extra.append(s)
                        have.add((s.split, s.kind))
                        keys.add(s.key)
            run = replace(run, series=run.series + tuple(extra),
                          also_from=tuple(run.also_from) + tuple(f"{o.name} ({o.format})" for o in others))
        out.append(run)
    return out


def _candidate_pairs(members: list[int], first: list[float]) -> Iterator[tuple[int, int]]:
    """The pairs of runs whose shared loss can agree at its first point (`_same_values`' tolerance), found by
    sorting on that value instead of trying every pair: a CSV whose epoch counter restarts every 3 rows holds
    thousands of runs (2,000 took 80 s of CPU pair by pair). A pair is yielded as (earlier, later) in `members`."""
    order = {m: k for k, m in enumerate(members)}
    finite = sorted((v, m) for v, m in zip(first, members) if np.isfinite(v))
    odd = [m for v, m in zip(first, members) if not np.isfinite(v)]  # non-finite first points match each other only
    for x, i in enumerate(odd):
        for j in odd[x + 1:]:
            yield (i, j) if order[i] < order[j] else (j, i)
    for x, (a, i) in enumerate(finite):
        # past this gap no later value b can be within VALUE_RTOL * max(|a|, |b|) + VALUE_ATOL of a
        reach = (2 * VALUE_RTOL * abs(a) + VALUE_ATOL) / (1 - VALUE_RTOL)
        for b, j in finite[x + 1:]:
            if b - a > reach:
                break
            yield (i, j) if order[i] < order[j] else (j, i)


def identify(runs: Sequence[Run]) -> list[Run]:
    """Name every run by its shortest distinguishing path, then merge the copies of one training."""
    named = [replace(r, name=n) for r, n in zip(runs, short_names(runs))]
    return merge_duplicates(named)
