"""A seeded mutator over the real fixtures of every log format, and the check every mutated input must pass.

Used by `tests/test_fuzz.py` (a small budget, in CI) and `benchmarks/fuzz.py` (a large one). The promise checked:
whatever the bytes, `lossdoctor.read` + `diagnose` + every text renderer either work or raise the library's own
error type (`LossDoctorError`); no rule crashes into an internal-error finding.
"""
from __future__ import annotations

import gzip
import json
import random
import re
import shutil
import signal
import sqlite3
import struct
import tempfile
import traceback
import warnings
from dataclasses import dataclass
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
    n = rng.choice((100, 2000, 20_000))
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
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "m.db"
        p.write_bytes(db)
        con = sqlite3.connect(p)
        for s in stmts:
            try:
                con.execute(s)
            except sqlite3.Error:
                pass
        con.commit()
        con.close()
        return p.read_bytes()


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


# ------------------------------------------------------------------------------------------------ the check


class Hang(Exception):
    """An input took longer than the per-input limit."""


def _alarm(signum: int, frame: object) -> None:
    raise Hang()


def signature(exc: BaseException) -> str:
    """Where an escaping exception comes from: its type and the innermost lossdoctor frame (the root cause)."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "lossdoctor" in f.filename]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].name}" if frames else "?"
    return f"{type(exc).__name__} at {where}"


def check(path: Path, timeout_s: int = 10, renderers: tuple[str, ...] = ("json", "markdown", "html", "text"),
          max_runs: int = 5) -> list[str]:
    """Read, diagnose and render one input; the problems found (empty when it behaved)."""
    from lossdoctor import read
    from lossdoctor.engine import INTERNAL_ERROR_CODE, diagnose_run
    from lossdoctor.errors import LossDoctorError
    from lossdoctor.report import render

    problems: list[str] = []
    old = signal.signal(signal.SIGPROF, _alarm)  # CPU time, not wall time: a busy shared machine is no hang
    signal.setitimer(signal.ITIMER_PROF, timeout_s)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                runs = read(path)
            except LossDoctorError:
                return problems
            finally:  # a directory scan turns a crash in one file into a warning: still a defect
                problems += [f"scan: {str(w.message)[-160:]}" for w in caught if "internal error" in str(w.message)]
            reports = []
            for run in runs[:max_runs]:
                rep = diagnose_run(run)
                reports.append(rep)
                for f in rep.findings:
                    if f.code == INTERNAL_ERROR_CODE:
                        problems.append(f"rule crash: {f.evidence.get('rule')} {f.message.get('en')[:160]}")
            for fmt in renderers:
                render(reports, fmt, "en")
    except Hang:
        problems.append("hang: over the per-input CPU time limit")
    except RecursionError as exc:  # before LossDoctorError: never expected
        problems.append(signature(exc))
    except Exception as exc:  # noqa: BLE001 - the point is to catch everything
        problems.append(signature(exc))
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, old)
    return problems


def inputs(family_seeds: list[Seed], count: int, seed: int) -> Iterator[tuple[int, Seed, bytes, str]]:
    """`count` mutated inputs of one family, reproducible from `seed`: (index, seed, bytes, what was done)."""
    rng = random.Random(seed)
    for i in range(count):
        s = rng.choice(family_seeds)
        data, how = mutate(s, rng, family_seeds)
        yield i, s, data, how
