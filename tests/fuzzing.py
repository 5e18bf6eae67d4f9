"""A seeded mutator over the real fixtures of every log format, and the check every mutated input must pass.

Used by `tests/test_fuzz.py` (a small budget, in CI) and `benchmarks/fuzz.py` (a large one). The promise checked:
whatever the bytes, `lossdoctor.read` + `diagnose` + every text renderer either work or raise the library's own
error type (`LossDoctorError`); no rule crashes into an internal-error finding.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import random
import re
import shutil
import io
import os
import signal
import sqlite3
import struct
import time
import traceback
import warnings
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MAX_INPUT = 4 << 20  # mutations that grow an input are cut here (big inputs are the scale benchmarks' business)

HUGE_NUMBERS = (b"1" * 400, b"9" * 5000, b"1e400", b"-1e400", b"1.8e308", b"-1.8e308", b"-inf", b"inf", b"nan",
                b"18446744073709551617", b"-0", b"1e-400", b"-" + b"9" * 320, b"0x1p+1024", b"\xc2\xb2", b"1_000")
HOSTILE_NAMES = ("[/]", "[bold red]x[/bold red]", "\x1b[31mred\x1b[0m\x1b]0;title\x07", "<img src=x onerror=alert(1)>",
                 "<!--<script>", "</script><script>alert(1)</script>", "a\u2028b\u2029c", "loss|x`*_[y](z)", "&amp;<>",
                 "val_loss\r\nEpoch 1", "\x00nul", "名字", "")


@dataclass(frozen=True)
class Seed:
    """One fixture file to mutate: its bytes, its name, and the directory it sits in (copied with it) if any."""

    family: str
    name: str  # file name (sniffing reads it)
    data: bytes
    base: Path | None = None  # a fixture directory copied around the mutated file
    rel: str = ""  # the file's path inside `base`
    kind: str = "text"  # text | json | csv | tfevents | sqlite | wandb


def _file(family: str, p: Path, kind: str) -> Seed:
    return Seed(family, p.name, p.read_bytes(), kind=kind)


def _in_dir(family: str, base: Path, rel: str, kind: str, data: bytes | None = None) -> Seed:
    f = base / rel
    return Seed(family, f.name, data if data is not None else f.read_bytes(), base, rel, kind)


def seeds() -> list[Seed]:
    """Every fixture family's seeds."""
    fx = FIXTURES
    out: list[Seed] = []
    for p in sorted((fx / "tensorboard").rglob("events.out.tfevents*")):
        top = p.relative_to(fx / "tensorboard").parts[0]
        out.append(_in_dir("tensorboard", fx / "tensorboard" / top, str(p.relative_to(fx / "tensorboard" / top)),
                           "tfevents"))
    mlruns = fx / "mlflow" / "mlruns"
    for p in sorted(mlruns.rglob("*")):
        if p.is_file() and ("metrics" in p.parts or "params" in p.parts or p.name == "meta.yaml"):
            out.append(_in_dir("mlflow", mlruns, str(p.relative_to(mlruns)), "text"))
    db = gzip.decompress((fx / "mlflow" / "mlflow.db.gz").read_bytes())
    out.append(Seed("mlflow", "mlflow.db", db, kind="sqlite"))
    wb = fx / "wandb" / "wandb"
    for p in sorted(wb.rglob("*.wandb")):
        out.append(_in_dir("wandb", wb, str(p.relative_to(wb)), "wandb"))
    for p in sorted((fx / "wandb").glob("*.csv")):
        out.append(_file("wandb", p, "csv"))
    for p in sorted((fx / "hf").rglob("trainer_state.json")):
        top = fx / "hf" / p.relative_to(fx / "hf").parts[0]
        out.append(_in_dir("hf", top, str(p.relative_to(top)), "json"))
    for p in sorted((fx / "lightning").rglob("metrics.csv")):
        out.append(_in_dir("lightning", p.parent, "metrics.csv", "csv"))
    for p in sorted((fx / "keras").iterdir()):
        kind = "json" if p.suffix == ".json" else "csv" if p.suffix in (".csv", ".tsv") else "text"
        out.append(_file("keras", p, kind))
    for p in sorted((fx / "jsonl").rglob("*.json")):
        out.append(_file("json_records", p, "json"))
    for p in sorted((fx / "tables").glob("*.csv")):
        out.append(_file("table", p, "csv"))
    texts = sorted((fx / "text").rglob("*.log")) + sorted((fx / "public_runs").glob("*.log"))
    out.extend(_file("text", p, "text") for p in texts)
    return out


def families(all_seeds: list[Seed]) -> dict[str, list[Seed]]:
    fam: dict[str, list[Seed]] = {}
    for s in all_seeds:
        fam.setdefault(s.family, []).append(s)
    return fam


# ------------------------------------------------------------------------------------------------ mutators

_NUMBER = re.compile(rb"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


def _truncate(d: bytes, rng: random.Random, peers: list[Seed]) -> bytes:
    return d[: rng.randrange(len(d) + 1)] if d else d


def _bitflip(d: bytes, rng: random.Random, peers: list[Seed]) -> bytes:
    if not d:
        return b"\xff"
    b = bytearray(d)
    for _ in range(rng.choice((1, 1, 2, 4, 16))):
        i = rng.randrange(len(b))
        b[i] ^= 1 << rng.randrange(8)
    return bytes(b)


def _splice(d: bytes, rng: random.Random, peers: list[Seed]) -> bytes:
    other = rng.choice(peers).data if peers else d
    if not d or not other:
        return d + other
    i, j = sorted(rng.randrange(len(d) + 1) for _ in range(2))
    a, b = sorted(rng.randrange(len(other) + 1) for _ in range(2))
    return d[:i] + other[a:b] + d[j:]


def _huge_number(d: bytes, rng: random.Random, peers: list[Seed]) -> bytes:
    spans = [m.span() for m in _NUMBER.finditer(d[:200_000])]
    if not spans:
        return d + rng.choice(HUGE_NUMBERS)
    huge = rng.choice(HUGE_NUMBERS)
    if rng.random() < 0.3:  # every number of the file
        return _NUMBER.sub(lambda m: huge, d)
    out, last = [], 0
    picked = sorted(rng.sample(spans, min(len(spans), rng.choice((1, 3, 10)))))
    for a, b in picked:
        if a < last:
            continue
        out += [d[last:a], rng.choice(HUGE_NUMBERS) if rng.random() < 0.5 else huge]
        last = b
    out.append(d[last:])
    return b"".join(out)


def _deep(d: bytes, rng: random.Random, peers: list[Seed]) -> bytes:
    n = rng.choice((200, 1500, 5000, 100_000))
    o, c = rng.choice(((b"[", b"]"), (b'{"a":', b"}")))
    nest = o * n + b"1" + c * n
    spans = [m.span() for m in _NUMBER.finditer(d[:200_000])]
    if spans and rng.random() < 0.7:
        a, b = rng.choice(spans)
        return d[:a] + nest + d[b:]
    return nest


def _wrong_type(d: bytes, rng: random.Random, peers: list[Seed]) -> bytes:
    """Replace one JSON node by a value of another type (or a key by a hostile name)."""
    try:
        doc = json.loads(d)
    except (ValueError, RecursionError):
        return _lines(d, rng, peers)
    nodes: list[tuple[object, object]] = []

    def visit(x: object) -> None:
        if len(nodes) > 5000:
            return
        if isinstance(x, dict):
            for k in list(x):
                nodes.append((x, k))
                visit(x[k])
        elif isinstance(x, list):
            for i in range(len(x)):
                nodes.append((x, i))
                visit(x[i])

    visit(doc)
    if not nodes:
        return json.dumps(rng.choice(_VALUES)).encode()
    for _ in range(rng.choice((1, 2, 5))):
        parent, key = rng.choice(nodes)
        if isinstance(parent, dict) and rng.random() < 0.3 and key in parent:
            parent[rng.choice(HOSTILE_NAMES)] = parent.pop(key)
        else:
            try:
                parent[key] = rng.choice(_VALUES)  # type: ignore[index]
            except (KeyError, IndexError):
                pass
    try:
        return json.dumps(doc, allow_nan=True).encode()
    except (ValueError, RecursionError):
        return d


_VALUES: tuple[object, ...] = (None, True, False, "", "x", "nan", "1e999", [], {}, [1, 2], {"a": 1}, 10 ** 400,
                               -(10 ** 400), 2 ** 64 + 1, -1, 0, 1e308, -1.8e308, float("inf"), float("-inf"),
                               float("nan"), 0.5, "2020-01-01", [[None]], {"": None})


def _lines(d: bytes, rng: random.Random, peers: list[Seed]) -> bytes:
    lines = d.split(b"\n")
    if not lines:
        return d
    op = rng.randrange(5)
    i = rng.randrange(len(lines))
    if op == 0:
        del lines[i]
    elif op == 1:
        lines.insert(i, lines[rng.randrange(len(lines))])
    elif op == 2:
        rng.shuffle(lines)
    elif op == 3:
        lines[i] = lines[i] * min(rng.choice((2, 50, 2000)), MAX_INPUT // (len(lines[i]) + 1) + 1)  # stays small
    else:
        lines.insert(i, rng.choice(peers).data.split(b"\n")[0] if peers else b"")
    return b"\n".join(lines)


def _hostile_name(d: bytes, rng: random.Random, peers: list[Seed]) -> bytes:
    """A hostile metric name where a name is: a CSV header cell, a `key: value` text pair, a JSON key."""
    name = rng.choice(HOSTILE_NAMES).encode()
    if d.lstrip()[:1] in (b"{", b"["):
        return _wrong_type(d, rng, peers)
    lines = d.split(b"\n")
    if b"," in lines[0]:
        cells = lines[0].split(b",")
        cells[rng.randrange(len(cells))] = name
        lines[0] = b",".join(cells)
        return b"\n".join(lines)
    i = rng.randrange(len(lines))
    lines[i] = lines[i] + b" " + name + b": 0.5 " + name + b"_loss=1.25"
    return b"\n".join(lines)


def _long_pairs(d: bytes, rng: random.Random, peers: list[Seed]) -> bytes:
    n = rng.choice((100, 100, 100, 2000, 2000, 2000, 2000, 2000, 2000, 20_000))  # 20,000 take ~1 s to read: 1 in 10
    return d + b"\nEpoch 1 " + b" ".join(b"m%d: %d.5" % (i, i) for i in range(n)) + b"\n"


def _tf_reframe(d: bytes, rng: random.Random, peers: list[Seed]) -> bytes:
    """Mutate one record's payload of a TFRecord file (a huge step varint, a flipped byte, a cut) and write valid
    framing around it, so that the decoder - not the framing check - sees the damage."""
    from lossdoctor.readers._tfrecord import masked_crc32c

    recs, pos = [], 0
    while pos + 12 <= len(d):
        (n,) = struct.unpack_from("<Q", d, pos)
        if pos + 12 + n + 4 > len(d):
            break
        recs.append(d[pos + 12: pos + 12 + n])
        pos += 16 + n
    if not recs:
        return _bitflip(d, rng, peers)
    i = rng.randrange(len(recs))
    r = bytearray(recs[i])
    op = rng.randrange(4)
    if op == 0:  # step (field 2, varint) replaced by a varint beyond 2**64
        r = bytearray(b"\x10" + b"\xff" * rng.choice((9, 10, 12)) + b"\x01") + r
    elif op == 1 and r:
        r[rng.randrange(len(r))] = rng.randrange(256)
    elif op == 2:
        r = r[: rng.randrange(len(r) + 1)]
    else:  # a length-delimited field claiming a huge length
        r += b"\x2a" + b"\xff" * 9 + b"\x01"
    recs[i] = bytes(r)
    out = bytearray()
    for rec in recs:
        head = struct.pack("<Q", len(rec))
        out += head + struct.pack("<I", masked_crc32c(head)) + rec + struct.pack("<I", masked_crc32c(rec))
    return bytes(out)


BYTE_MUTATORS: tuple[Callable[[bytes, random.Random, list[Seed]], bytes], ...] = (
    _truncate, _bitflip, _splice, _huge_number, _lines, _hostile_name)
MUTATORS: dict[str, tuple[Callable[[bytes, random.Random, list[Seed]], bytes], ...]] = {
    "text": BYTE_MUTATORS + (_long_pairs,),
    "csv": BYTE_MUTATORS,
    "json": BYTE_MUTATORS + (_deep, _wrong_type, _wrong_type),
    "tfevents": (_truncate, _bitflip, _splice, _tf_reframe, _tf_reframe, _tf_reframe),
    "wandb": (_truncate, _bitflip, _splice, _huge_number, _deep, _hostile_name),
    "sqlite": (_truncate, _bitflip),
}

# Structured damage to the MLflow SQLite store: NULLs and mistyped values where the schema says otherwise.
_SQL = (
    "UPDATE metrics SET value = NULL", "UPDATE metrics SET step = NULL", "UPDATE metrics SET key = NULL",
    "UPDATE metrics SET value = 'abc'", "UPDATE metrics SET step = 'x'", "UPDATE metrics SET step = 1e400",
    "UPDATE metrics SET value = x'00ff'", "UPDATE metrics SET timestamp = NULL", "UPDATE runs SET name = NULL",
    "UPDATE runs SET run_uuid = NULL", "UPDATE runs SET start_time = 'soon'", "UPDATE params SET value = NULL",
    "UPDATE params SET value = '" + "9" * 400 + "'", "UPDATE metrics SET key = '[/]<b>'", "DROP TABLE metrics",
    "DROP TABLE runs", "UPDATE metrics SET is_nan = 'maybe'", "UPDATE runs SET experiment_id = NULL",
    "UPDATE metrics SET step = 99999999999999999999", "DELETE FROM params", "UPDATE metrics SET value = 1e308 * 10",
    "UPDATE experiments SET name = NULL", "UPDATE tags SET value = NULL", "UPDATE runs SET status = 3",
)


def mutate(seed: Seed, rng: random.Random, peers: list[Seed]) -> tuple[bytes, str]:
    """A mutated copy of the seed's bytes and the name of what was done."""
    if seed.kind == "sqlite" and rng.random() < 0.7:
        stmts = rng.sample(_SQL, rng.choice((1, 2, 3)))
        return _sql_mutate(seed.data, stmts), "sql:" + "; ".join(stmts)
    d, names = seed.data, []
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        m = rng.choice(MUTATORS[seed.kind])
        d = m(d, rng, [p for p in peers if p.kind == seed.kind])
        names.append(m.__name__.lstrip("_"))
        d = d[:MAX_INPUT]
    return d, "+".join(names)


def _sql_mutate(db: bytes, stmts: list[str]) -> bytes:
    """Run the statements on an in-memory copy of the database (no temporary files)."""
    con = sqlite3.connect(":memory:")
    try:
        con.deserialize(db)
        for s in stmts:
            try:
                con.execute(s)
            except sqlite3.Error:
                pass
        con.commit()
        return con.serialize()
    finally:
        con.close()


def materialize(seed: Seed, data: bytes, where: Path) -> Path:
    """Write the mutated input under `where`; returns the path to read (the file, or the copied directory)."""
    if seed.base is None:
        p = where / seed.name
        p.write_bytes(data)
        return p
    root = where / seed.base.name
    shutil.copytree(seed.base, root, symlinks=True)
    (root / seed.rel).write_bytes(data)
    return root


class Scratch:
    """One worker's scratch directory, reused for every input (the readers need files, not a fresh directory each):
    a lone file is written into an emptied folder; a fixture directory is copied once, the mutated file written
    into the copy and the original bytes put back after the input (`restore`). What a reader sees is byte for byte
    what `materialize` would write."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.lone = root / "file"
        self.lone.mkdir(parents=True, exist_ok=True)
        self._trees: dict[Path, Path] = {}
        self._dirty: tuple[Path, bytes] | None = None

    def put(self, seed: Seed, data: bytes) -> Path:
        self.restore()
        if seed.base is None:
            p = self.lone / seed.name
            p.write_bytes(data)
            return p
        tree = self._trees.get(seed.base)
        if tree is None:
            tree = self.root / f"tree{len(self._trees)}" / seed.base.name
            shutil.copytree(seed.base, tree, symlinks=True)
            self._trees[seed.base] = tree
        target = tree / seed.rel
        self._dirty = (target, seed.data)
        target.write_bytes(data)
        return tree

    def restore(self) -> None:
        """Empty the lone-file folder (SQLite may leave a journal) and put the last mutated fixture file back."""
        for name in os.listdir(self.lone):
            os.unlink(self.lone / name)
        if self._dirty is not None:
            self._dirty[0].write_bytes(self._dirty[1])
            self._dirty = None


# ------------------------------------------------------------------------------------------------ the check


class Hang(BaseException):
    """An input took longer than the per-input limit (a BaseException: the CLI's own catch-all must not take it)."""


def _alarm(signum: int, frame: object) -> None:
    raise Hang("cpu" if signum == signal.SIGPROF else "wall")


def signature(exc: BaseException) -> str:
    """Where an escaping exception comes from: its type and the innermost lossdoctor frame (the root cause)."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "lossdoctor" in f.filename]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].name}" if frames else "?"
    return f"{type(exc).__name__} at {where}"


_ODD_NAME = re.compile(r"[\[\]<>&`*|\\{}!\x00-\x1f\x7f-\U0010ffff]")  # markup, control, non-ASCII


def odd(runs: list[object]) -> bool:
    """Whether what was read holds what a renderer could trip on: an infinite or huge (>= 1e15) value, a step that
    is not finite or huge, a name with markup, control or non-ASCII characters. (NaN values are ordinary: a
    diverged run.)"""
    import numpy as np

    for run in runs:
        if _ODD_NAME.search(getattr(run, "name", "")):
            return True
        for s in getattr(run, "series", ()):
            if _ODD_NAME.search(s.key):
                return True
            if len(s.steps) and not (np.isfinite(s.steps).all() and np.abs(s.steps).max() < 1e15):
                return True
            v = np.abs(s.values[~np.isnan(s.values)])
            if len(v) and v.max() >= 1e15:
                return True
    return False


def fingerprint(runs: list[object]) -> bytes:
    """A digest of everything `diagnose_run` and the renderers see of the runs read: equal digests, equal output."""
    h = hashlib.blake2b(digest_size=16)
    for r in runs:
        h.update(repr((r.name, r.format, r.source, sorted(map(repr, r.hparams.items())), r.warnings,  # type: ignore
                       r.also_from)).encode())  # type: ignore[attr-defined]
        for s in r.series:  # type: ignore[attr-defined]
            h.update(repr((s.key, s.split, s.kind, s.axis, s.primary, len(s.steps))).encode())
            h.update(s.steps.tobytes())
            h.update(s.values.tobytes())
            h.update(b"-" if s.wall_time is None else s.wall_time.tobytes())
    return h.digest()


@dataclass
class Outcome:
    """What one input went through, and what went wrong (`problems` empty when it behaved)."""

    problems: list[str] = field(default_factory=list)
    read_ok: bool = False  # read returned runs (else it raised LossDoctorError, or crashed)
    odd: bool = False  # read values/names that `odd` flags: every renderer ran
    rendered: tuple[str, ...] = ()
    cli: int | None = None  # the in-process CLI's exit code, when it ran
    diagnosed: bool = False  # diagnose_run ran (not when `seen` already held what was read)
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds per stage


def run_checks(path: Path, timeout_s: float = 10, renderers: tuple[str, ...] = ("json", "markdown", "html", "text"),
               max_runs: int = 5, odd_renderers: tuple[str, ...] = (), cli: bool = False,
               cli_if_odd: bool = False, wall_s: float = 0, seen: set[bytes] | None = None) -> Outcome:
    """Read, diagnose and render one input (all `renderers`; `odd_renderers` too when what was read is `odd`), and
    with `cli` run `lossdoctor diagnose PATH --format json` in this process (its `main`, output captured; exit code
    3 or an exception out of `main` is a problem; with `cli_if_odd`, when what was read is `odd`). The whole input runs under a CPU-time limit (`timeout_s`) and,
    with `wall_s`, a wall-clock one (a blocking open uses no CPU). With `seen`, runs whose `fingerprint` is in it
    were diagnosed and rendered before (the same data gives the same output): only the read is done again, unless
    `cli` asks for the whole path."""
    from lossdoctor import read
    from lossdoctor.engine import INTERNAL_ERROR_CODE, diagnose_run
    from lossdoctor.errors import LossDoctorError
    from lossdoctor.report import render

    out = Outcome()
    clock = time.process_time
    old = signal.signal(signal.SIGPROF, _alarm)  # CPU time, not wall time: a busy shared machine is no hang
    old_wall = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_PROF, timeout_s)
    if wall_s:
        signal.setitimer(signal.ITIMER_REAL, wall_s)
    stage, t0 = "read", clock()

    def lap(next_stage: str) -> None:
        nonlocal stage, t0
        t = clock()
        out.cpu[stage] = out.cpu.get(stage, 0.0) + t - t0
        stage, t0 = next_stage, t

    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            runs = []
            try:
                runs = read(path)
                out.read_ok = True
            except LossDoctorError:
                pass
            finally:  # a directory scan turns a crash in one file into a warning: still a defect
                out.problems += [f"scan: {str(w.message)[-160:]}" for w in caught if "internal error" in str(w.message)]
            lap("diagnose")
            if seen is not None and runs and not cli:
                fp = fingerprint(runs[:max_runs])
                if fp in seen:
                    lap("done")
                    return out
                seen.add(fp)
            out.diagnosed = bool(runs)
            reports = []
            for run in runs[:max_runs]:
                rep = diagnose_run(run)
                reports.append(rep)
                for f in rep.findings:
                    if f.code == INTERNAL_ERROR_CODE:
                        out.problems.append(f"rule crash: {f.evidence.get('rule')} {f.message.get('en')[:160]}")
            lap("render")
            fmts = list(renderers)
            if odd_renderers and runs and odd(runs):
                out.odd = True
                fmts += [f for f in odd_renderers if f not in fmts]
            for fmt in fmts:
                render(reports, fmt, "en")
            out.rendered = tuple(fmts)
            lap("cli")
            if cli or (cli_if_odd and out.odd):
                out.cli, said = _cli_in_process(path)
                if out.cli not in (0, 1, 2):
                    out.problems.append(f"cli exit {out.cli}: {said[-200:]}")
            lap("done")
    except Hang as exc:  # noqa: B036
        out.problems.append(f"hang: over the per-input {exc} time limit")
    except RecursionError as exc:  # before LossDoctorError: never expected
        out.problems.append(signature(exc))
    except Exception as exc:  # noqa: BLE001 - the point is to catch everything
        out.problems.append(signature(exc))
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGPROF, old)
        signal.signal(signal.SIGALRM, old_wall)
        if stage != "done":
            lap("done")
    return out


def _cli_in_process(path: Path) -> tuple[int, str]:
    """`lossdoctor diagnose PATH --format json --jobs 1` through the CLI's own `main` (argument parsing, reading, rendering,
    its error handling and exit codes), its output captured; what it adds over a subprocess is only the start.
    Returns the exit code and the last line written."""
    from lossdoctor.cli import main

    sink = io.StringIO()
    try:
        with redirect_stdout(sink), redirect_stderr(sink):
            rc = int(main(["diagnose", str(path), "--format", "json", "--jobs", "1"]))  # a pool worker has no children
    except SystemExit as exc:  # argparse
        rc = exc.code if isinstance(exc.code, int) else 2
    lines = sink.getvalue().strip().splitlines()
    return rc, lines[-1] if lines else ""


def check(path: Path, timeout_s: int = 10, renderers: tuple[str, ...] = ("json", "markdown", "html", "text"),
          max_runs: int = 5) -> list[str]:
    """Read, diagnose and render one input; the problems found (empty when it behaved)."""
    return run_checks(path, timeout_s, renderers, max_runs).problems


def input_at(family_seeds: list[Seed], family: str, seed: int, i: int) -> tuple[Seed, bytes, str]:
    """The i-th mutated input of a family, reproducible from (seed, family, i) alone: any input can be made again
    without making the ones before it."""
    rng = random.Random(f"{seed}/{family}/{i}")
    s = rng.choice(family_seeds)
    data, how = mutate(s, rng, family_seeds)
    return s, data, how


def inputs(family_seeds: list[Seed], count: int, seed: int) -> Iterator[tuple[int, Seed, bytes, str]]:
    """`count` mutated inputs of one family, reproducible from `seed`: (index, seed, bytes, what was done)."""
    family = family_seeds[0].family if family_seeds else ""
    for i in range(count):
        s, data, how = input_at(family_seeds, family, seed, i)
        yield i, s, data, how
