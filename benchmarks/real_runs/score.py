"""Score lossdoctor (and the PyPI peers) on the real-run corpus: logs people diagnosed in public threads.

    python benchmarks/real_runs/score.py --part dev            # the development part (read while changing rules)
    python benchmarks/real_runs/score.py --part public         # tests/fixtures/public_runs (also development)
    python benchmarks/real_runs/score.py --part opened -v      # sealed logs opened for study ("seen"): development
    python benchmarks/real_runs/score.py --part dev --peers    # losslint, runmedic, gradsnitch, sk-autod beside it
    python benchmarks/real_runs/score.py --part opened --calibration   # how often a finding at a confidence is right
    python benchmarks/real_runs/score.py --read-only --part all   # only the reader: what is read, what is lost
    python benchmarks/real_runs/score.py --check               # meta.json schema and the hash split, no reading
    python benchmarks/real_runs/score.py --part sealed --write-docs   # once per rule release (README.md)
    python benchmarks/real_runs/score.py --part sealed --batch 2026-12-06 --write-docs   # only that batch's logs

Each run `<part>/<id>/` holds meta.json and one log (a file, or a directory such as a TensorBoard logdir). The
label in meta.json was written from what a person said in the source before lossdoctor was run on it. How a
run "agrees" is defined in README.md and in `agrees()` below; `--verbose` prints one line per run (never use it
on the sealed part while rules are being changed).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import re
import subprocess
import sys
import tempfile
import warnings
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PUBLIC = ROOT / "tests" / "fixtures" / "public_runs"
DOCS = ROOT / "docs" / "benchmarks.md"
SECTION = "## Real-run corpus"
PEER_TOOLS = ROOT / "benchmarks" / "faults" / "peer_tools.py"
DEFAULT_PEER_PY = ROOT / "benchmarks" / "_work" / "peer-venv" / "bin" / "python"
sys.path.insert(0, str(ROOT / "benchmarks" / "faults"))
sys.path.insert(0, str(HERE))  # calibration.py beside this file

import lossdoctor  # noqa: E402
from lossdoctor.findings import Severity  # noqa: E402

NAMES = ("overfitting", "underfitting", "loss_not_decreasing", "stuck_at_chance", "plateau", "oscillation",
         "divergence", "nan_inf", "loss_spikes", "train_loss_rebound", "still_improving", "suspected_leakage",
         "abnormal_initial_loss", "val_below_train", "train_flat_val_improving", "noisy_validation",
         "loss_metric_disagreement", "generalization_gap")
META_KEYS = ("id", "source_url", "quote", "quote_by", "labels", "acceptable", "healthy", "excerpt", "framework",
             "format", "num_classes", "labelled_before_running", "notes")
# keys a meta.json may add: "batch" names the collection a log came in, a date with an optional suffix for a second
# collection on the same day ("2026-12-06", "2026-12-06-r3"); no key = the first batch. "seen": true marks a sealed
# log whose text became visible to people changing rules after a sealed score (lines copied into a test fixture):
# from the next release on it is left out by --unseen. The sealed logs of the batches "first" and "2026-12-06" were
# opened for study after release 4 (README.md) and carry "seen": true; `--part opened` scores them as development data
# "context": what the source itself states about the run that the log does not hold (from release 6 on), the facts a
# user can pass to lossdoctor; each key optional, null = not stated. See CONTEXT.
OPTIONAL_KEYS = ("batch", "seen", "context")
CONTEXT: dict[str, tuple[Any, ...]] = {
    "task": ("classification", "multilabel", "regression", "detection", "segmentation", "language_model", "seq2seq",
             "speech", "generative", "metric_learning", "other"),
    "loss": ("cross_entropy", "binary_cross_entropy", "mse", "mae", "ctc", "sum_of_terms", "other"),
    "fine_tune": (True, False),
    "best_checkpoint": (True, False),
}
FIRST_BATCH = "first"
BATCH = re.compile(r"\d{4}-\d{2}-\d{2}(-[A-Za-z0-9]+)?")
SOURCE_KINDS = ("gh", "so", "forum", "nb", "card", "repo")
# a loss printed as nan/inf: "loss: nan", "loss = -nan", "'loss': inf", "loss tensor(nan", "train loss:nan", and
# zero-padded to a width ("loss = 0000nan": Python's '{:07.5f}' or C's '%07.4f' of a NaN)
# a line that prints a loss value: "loss: 0.52", "Loss=1.3", "'loss': 0.7", "train_loss=4.600", "loss = nan"
# (a mixed-precision loss scale, DLLogger's 'loss_scale : 65536.0' or 'loss scale: 1024', is no loss: not counted)
LOSS_LINE = re.compile(r"loss(?![_ ]?scal)\w*['\"]?\s*[:=]\s*(tensor\()?[-+]?(\d|\.\d|nan|inf)", re.IGNORECASE)
NAN_LOSS = re.compile(r"loss(?![_ ]?scal)\w*['\"]?\s*[:=]?\s*(tensor\()?[-+]?0*(nan|inf|infinity)(?![A-Za-z])",
                      re.IGNORECASE)
# copies of one print by the processes of a distributed run: every DDP rank or TPU core logs the same line in the
# same second ('19:43:24 | INFO | Training metrics - Loss: 6.33' once per GPU, '| Training Device=xla:0/3 Epoch=1
# Step=0 Loss=6.89 .. Time=07:28:19' once per core): one loss line, as the reader reads one point. A time with
# milliseconds, or other counters on the line, keep every print.
CLOCK_SECOND = re.compile(r"\d\d:\d\d:\d\d(?![.,:]?\d)")
COUNTER_VALUE = re.compile(r"(?i)\b(?:epoch|step|iter(?:ation)?|batch)\W{0,3}(\d{1,18})")
DIGITS = re.compile(r"\d+")


# a refresh of a Keras progress bar, as captured ('\r'/'\b' redraws or one refresh per line; ANSI colours removed):
# ' 12/50 [=====>....] - ETA: 3s - loss: 0.69' (Keras 2 / tf.keras), ' 12/50 ━━━━━━━━ 0s 5ms/step - loss: 0.69' (Keras 3)
BAR_REFRESH = re.compile(r"^[ \t]*(\d{1,12})/(\d{1,12})[ \t]+(?:\[[=>.]*\]|━+)")
EPOCH_HEADER = re.compile(r"^[ \t]*Epoch[ \t]+\d+(?:/\d+)?[ \t]*:?[ \t]*$")  # alone on its line (not a callback's 'Epoch 3: ..')
TERMINAL_BYTES = re.compile(r"\x1b\[[0-9;]*[A-Za-z]|\x08")


# a tqdm refresh: '45%|####5     | 45/100 [00:02<00:03, 18.5it/s, loss=0.69]' (n and N may print as floats, '10.0/171',
# or with a k/M suffix), anywhere on its line (a logging prefix before it, the bar's description)
TQDM_REFRESH = re.compile(r"(?<![\d.])\d{1,3}%\|[^|\n]{0,200}\|[ \t]*(\d{1,12}(?:\.\d+)?)[kM]?/"
                          r"(\d{1,12}(?:\.\d+)?)[kM]?[ \t]*\[[^,\]]*,[ \t]*"
                          r"(?:[\d.?]+[ \t]*([A-Za-z]+)/s|[\d.?]+[ \t]*s/([A-Za-z]+))?")  # unit: 'batch/s', 's/epoch'
# the name a loss value is printed under ('val_loss=4.36' -> 'val_loss'), for telling a bar's names from the others'
LOSS_NAME = re.compile(r"([A-Za-z_./]*loss(?![_ ]?scal)\w*)['\"]?\s*[:=]\s*(?:tensor\()?[-+]?(?:\d|\.\d|nan|inf)",
                       re.IGNORECASE)


def _names_outside_bars(lines: list[str]) -> set[str]:
    """The loss names the log prints on lines that are no tqdm refresh (an epoch's summary line, a test result)."""
    names: set[str] = set()
    for line in lines:
        if "loss" in line.lower() and not ("%|" in line and TQDM_REFRESH.search(TERMINAL_BYTES.sub("", line))):
            names.update(m.group(1).lower() for m in LOSS_NAME.finditer(line))
    return names


def loss_line_count(text: str) -> int:
    """Lines that print a loss value, each process's copy counted once, and each progress bar once: a Keras bar's
    refreshes within an epoch (its in-epoch 'ETA:' lines, its Keras 3 redraws) are one value being updated. So are a
    tqdm bar's refreshes when every loss they show is also printed under its name outside the bars (tqdm.keras's
    batch bar 'accuracy=0.019, loss=4.82' refreshed 171 times, then 'Epoch 1: loss=4.8177': a running mean of the
    epoch whose value the log prints); a bar that is the only place its loss is printed (Lightning's 'Epoch 0:
    14%|..| 100/704 [.., train_loss=4.600]', diffusers' 'Steps: ..| 8/1000 [.., loss=0.094]') shows a new step's loss
    at each refresh, each counted."""
    n = 0
    seen: set[tuple[str, str, tuple[str, ...]]] = set()
    bar: tuple[int, int, bool] | None = None  # (n, N, val_ shown) of the bar refreshed last, while it goes on
    all_lines = text.splitlines()
    outside = _names_outside_bars(all_lines) if "%|" in text else set()
    tqdm_bars: dict[tuple[str, str], tuple[float, int]] = {}  # (N, unit) -> (n last shown, `printed` then), of the
    printed = 0  # loss lines printed outside any bar so far                  tqdm bars of values printed elsewhere
    for line in all_lines:
        shown = TERMINAL_BYTES.sub("", line) if "%|" in line and outside else ""
        tqdm = TQDM_REFRESH.search(shown) if shown else None
        if tqdm is not None:
            close = shown.find("]", tqdm.end())
            postfix, rest = shown[tqdm.end():close], shown[:tqdm.start()] + (shown[close:] if close >= 0 else "")
            names = {m.group(1).lower() for m in LOSS_NAME.finditer(postfix)} if close >= 0 else set()
            if names and names <= outside and not LOSS_LINE.search(rest):  # only the postfix prints a loss, one the
                #                           log prints on lines of its own: the refresh of that value, one line a bar
                at, total = float(tqdm.group(1)), (tqdm.group(2), tqdm.group(3) or tqdm.group(4) or "")
                last_at, last_printed = tqdm_bars.get(total, (math.inf, -1))
                going_on = last_at < at or (last_at == at and last_printed == printed)  # n on, or the same n again
                tqdm_bars[total] = (at, printed)  # with nothing printed between; a bar whose n went back is the next
                if going_on:
                    continue
        refresh = BAR_REFRESH.match(TERMINAL_BYTES.sub("", line)) if "/" in line else None
        if refresh is None:
            if ("poch" in line and EPOCH_HEADER.match(TERMINAL_BYTES.sub("", line))) or LOSS_LINE.search(line):
                bar = None  # the next epoch's header, or a loss printed outside the bar, ends the bar (a callback's
            #                 message printed into it does not)
                printed += tqdm is None
        else:
            at = (int(refresh.group(1)), int(refresh.group(2)), "val_" in line)
            same_bar, bar = bar is not None and bar[1] == at[1] and (
                bar[0] < at[0]  # the bar goes on (past N too: tf.keras's '391/390' end)
                or bar[0] == at[0] and (at[0] < at[1] or (at[2] and not bar[2]))), at  # the same count again
            #     within the epoch, or Keras 3's last refresh then the epoch's end with the val_ metrics
            if same_bar or not LOSS_LINE.search(line):
                continue
        if not LOSS_LINE.search(line) or (refresh is None and "ETA:" in line):
            continue
        clock = CLOCK_SECOND.search(line)
        if clock is not None:
            key = (clock.group(0), DIGITS.sub("", line), tuple(COUNTER_VALUE.findall(line)))
            if key in seen:
                continue
            seen.add(key)
        n += 1
    return n


# the name a printed nan/inf belongs to, when it is a best-so-far tracker: lcnn's 'best_mean_loss: inf' is the
# tracker's starting value before any evaluation, no value of the run
BEST_SO_FAR = re.compile(r"(?i)^\W*(?:best|min|lowest)[_ ]?\w*$")


def prints_nan_loss(text: str) -> bool:
    """A loss printed as nan/inf somewhere in the log (a best-so-far tracker's initial inf left out)."""
    for m in NAN_LOSS.finditer(text):
        word = text[max(0, m.start() - 40):m.start()].rsplit(None, 1)
        if not (word and BEST_SO_FAR.search(word[-1])):
            return True
    return False


def part_of(run_id: str) -> str:
    """The part a run belongs to, fixed by its id's hash (never chosen): 60 % sealed, 40 % dev."""
    return "sealed" if int(hashlib.sha256(run_id.encode()).hexdigest(), 16) % 5 < 3 else "dev"


# ---- the corpus -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Case:
    """One labelled real run, from a corpus part or from tests/fixtures/public_runs."""

    id: str
    log: Path
    labels: frozenset[str]
    acceptable: frozenset[str]
    healthy: bool
    excerpt: bool | None  # None: not recorded (public fixtures; decided from the points read)
    num_classes: int | None
    framework: str = ""
    format: str = ""
    kind: str = ""
    groups: tuple[frozenset[str], ...] = ()  # for recall: each label alone, or a public fixture's "any of" group
    batch: str = FIRST_BATCH  # the collection it came in (meta.json "batch"); logs without the key are the first
    seen: bool = False  # meta.json "seen": its text became visible after a sealed score (left out by --unseen)
    context: tuple[tuple[str, Any], ...] = ()  # meta.json "context": what the source states (passed with --context)

    def recall_groups(self) -> tuple[frozenset[str], ...]:
        return self.groups or tuple(frozenset([n]) for n in sorted(self.labels))


def _log_of(run_dir: Path) -> Path:
    logs = [p for p in run_dir.iterdir() if p.name != "meta.json"]
    if len(logs) != 1:
        raise ValueError(f"{run_dir}: expected one log beside meta.json, found {[p.name for p in logs]}")
    return logs[0]


def load_part(part: str, batch: str | None = None) -> list[Case]:
    """The labelled runs of `dev`, `sealed` (benchmarks/real_runs/<part>/), `public` (the test fixtures) or
    `opened` (the sealed runs marked "seen": opened for study, development data from then on);
    with `batch`, only the runs collected in that batch (so a new batch's sealed logs are scored on their own)."""
    if part == "public":
        cases = _load_public()
        return [c for c in cases if c.batch == batch] if batch else cases
    if part == "opened":
        return [c for c in load_part("sealed", batch) if c.seen]
    out = []
    base = HERE / part
    for run_dir in sorted(p for p in base.iterdir() if p.is_dir()) if base.exists() else []:
        meta = json.loads((run_dir / "meta.json").read_text(encoding="utf-8"))
        out.append(Case(meta["id"], _log_of(run_dir), frozenset(meta["labels"]), frozenset(meta["acceptable"]),
                        bool(meta["healthy"]), bool(meta["excerpt"]), meta.get("num_classes"),
                        meta.get("framework", ""), meta.get("format", ""), meta["id"].split("-", 1)[0],
                        batch=meta.get("batch", FIRST_BATCH), seen=meta.get("seen", False) is True,
                        context=_stated(meta.get("context"))))
    return [c for c in out if c.batch == batch] if batch else out


def _load_public() -> list[Case]:
    """tests/fixtures/public_runs: `expect` groups become labels, `allow` acceptable (reader gaps included)."""
    out = []
    for r in json.loads((PUBLIC / "labels.json").read_text(encoding="utf-8")):
        labels = frozenset(n for g in r["expect"] for n in g)
        acceptable = frozenset(r["allow"])
        groups = tuple(frozenset(g) for g in r["expect"])
        if r["healthy"]:  # a healthy public run may still "expect" val_below_train / still_improving: not a problem
            labels, acceptable, groups = frozenset(), acceptable | labels, ()
        out.append(Case(r["file"].removesuffix(".log"), PUBLIC / r["file"], labels, acceptable, r["healthy"],
                        None, r["num_classes"], kind="public", groups=groups, context=_stated(r.get("context"))))
    return out


def _stated(context: dict[str, Any] | None) -> tuple[tuple[str, Any], ...]:
    """The stated (non-null) context keys, in CONTEXT's order."""
    context = context or {}
    return tuple((k, context[k]) for k in CONTEXT if context.get(k) is not None)


_DECIMAL = re.compile(rb"\d+\.\d{3,}")


def _log_fingerprint(run_dir: Path) -> tuple[bytes, frozenset[bytes]]:
    """The log's bytes hash and its set of printed decimals (3+ places): what two copies of one run share whatever
    page or file they were copied from (a card's table and the run's trainer_state.json)."""
    log = _log_of(run_dir)
    files = sorted(p for p in log.rglob("*") if p.is_file()) if log.is_dir() else [log]
    data = b"".join(p.read_bytes() for p in files)
    return hashlib.sha256(data).digest(), frozenset(_DECIMAL.findall(data))


def duplicate_logs(parts: tuple[str, ...] = ("dev", "sealed")) -> list[str]:
    """Logs that repeat one already in the corpus: the same bytes, or 95 %+ of the same printed decimals (at least
    20 of them). A run copied twice would be scored twice and, when the first copy was studied, scored as unseen."""
    runs = [d for part in parts if (HERE / part).exists() for d in sorted((HERE / part).iterdir()) if d.is_dir()]
    prints: dict[str, tuple[bytes, frozenset[bytes]]] = {}
    for d in runs:
        try:
            prints[f"{d.parent.name}/{d.name}"] = _log_fingerprint(d)
        except OSError:
            continue  # check_meta reports a missing log
    by_number: dict[bytes, set[str]] = {}
    for where, (_, nums) in prints.items():
        for n in nums:
            by_number.setdefault(n, set()).add(where)
    problems = []
    for where, (digest, nums) in prints.items():
        near = set().union(*(by_number[n] for n in nums)) if len(nums) >= 20 else set()
        for other in sorted(near | {w for w, (d, _) in prints.items() if d == digest}):
            if other <= where:
                continue
            o_digest, o_nums = prints[other]
            same = o_digest == digest or (len(nums) >= 20 and len(nums & o_nums) >= 0.95 * len(nums | o_nums))
            if same:
                problems.append(f"{where} and {other}: the same log (one run copied twice)")
    return problems


def check_meta(part: str) -> list[str]:
    """Problems with the corpus's bookkeeping (schema, names, hash split, one log); [] when it is all right."""
    problems = []
    base = HERE / part
    for run_dir in sorted(p for p in base.iterdir() if p.is_dir()) if base.exists() else []:
        where = f"{part}/{run_dir.name}"
        try:
            meta = json.loads((run_dir / "meta.json").read_text(encoding="utf-8"))
            _log_of(run_dir)
        except (OSError, ValueError) as exc:
            problems.append(f"{where}: {exc}")
            continue
        extra = set(meta) - set(META_KEYS)
        if set(META_KEYS) - set(meta) or extra - set(OPTIONAL_KEYS):
            problems.append(f"{where}: keys {sorted((set(meta) ^ set(META_KEYS)) - set(OPTIONAL_KEYS))} differ "
                            "from the schema")
            continue
        if "batch" in meta and not (isinstance(meta["batch"], str) and BATCH.fullmatch(meta["batch"])):
            problems.append(f"{where}: batch {meta['batch']!r} is not a date YYYY-MM-DD with an optional -suffix")
        if "seen" in meta and not isinstance(meta["seen"], bool):
            problems.append(f"{where}: seen {meta['seen']!r} is not true or false")
        if meta["id"] != run_dir.name:
            problems.append(f"{where}: id {meta['id']!r} is not the directory name")
        if meta["id"].split("-", 1)[0] not in SOURCE_KINDS:
            problems.append(f"{where}: unknown source kind")
        if part_of(meta["id"]) != part:
            problems.append(f"{where}: the hash puts it in {part_of(meta['id'])}")
        bad = (set(meta["labels"]) | set(meta["acceptable"])) - set(NAMES)
        if bad:
            problems.append(f"{where}: unknown finding names {sorted(bad)}")
        if meta["healthy"] and meta["labels"]:
            problems.append(f"{where}: healthy with problem labels")
        if not meta["healthy"] and not meta["labels"]:
            problems.append(f"{where}: neither healthy nor labelled")
        if not meta["quote"].strip() or not meta["source_url"].startswith("http"):
            problems.append(f"{where}: no quote or no source URL")
        if meta["labelled_before_running"] is not True:
            problems.append(f"{where}: not labelled before running")
        nc = meta["num_classes"]
        if nc is not None and not (isinstance(nc, int) and nc >= 2):
            problems.append(f"{where}: num_classes {nc!r}")
        problems += [f"{where}: context {k}={v!r}" for k, v in meta.get("context", {}).items()
                     if k not in CONTEXT or (v is not None and v not in CONTEXT[k])]
    return problems


# ---- reading and judging ------------------------------------------------------------------------------------------

@dataclass
class Outcome:
    """What lossdoctor made of one case."""

    case: Case
    read_error: str = ""
    n_runs: int = 0
    loss_points: int = 0           # points of the main (longest) loss series read
    all_loss_points: int = 0       # points of every loss series of every run read (a line may print several)
    metric_points: int = 0         # points of the longest metric series (an accuracy-only log is read when it gives one)
    series: list[str] = field(default_factory=list)
    nan_dropped: bool = False      # the log prints nan/inf but no non-finite value was read
    loss_lines: int = 0            # lines of the log that print a loss value (a refreshed progress bar: one)
    findings: list[tuple[str, str, float | None]] = field(default_factory=list)  # (name, severity, confidence)
    primary: str | None = None
    diagnose_error: str = ""

    @property
    def read_ok(self) -> bool:
        return not self.read_error and max(self.loss_points, self.metric_points) >= 1

    @property
    def under_read(self) -> bool:
        """Fewer loss points read (all loss series together) than half the lines that print a loss: a hint that
        values were dropped. All series count because block formats print each loss term on its own line."""
        return self.read_ok and self.all_loss_points * 2 < self.loss_lines

    @property
    def loud(self) -> set[str]:
        return {n for n, sev, _ in self.findings if sev in ("warning", "error")}

    @property
    def is_excerpt(self) -> bool:
        return self.case.excerpt if self.case.excerpt is not None else 0 < self.loss_points <= 15


def _log_text(path: Path) -> str:
    if path.is_dir():
        return ""
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def read_case(case: Case) -> tuple[Outcome, Any]:
    """Run only the reader; the Outcome's read fields and the Run chosen for diagnosis (or None)."""
    out = Outcome(case)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            runs = lossdoctor.read(case.log)
    except Exception as exc:  # a reader failure is a result to report, not a crash of the benchmark
        out.read_error = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:160]
        return out, None
    out.n_runs = len(runs)
    if not runs:
        out.read_error = "no run read"
        return out, None
    from lossdoctor.model import METRIC_KINDS, Kind

    run = chosen_run(runs)
    losses = run.find_all(Kind.LOSS)
    out.loss_points = max((len(s) for s in losses), default=0)
    out.all_loss_points = sum(len(s) for r in runs for s in r.find_all(Kind.LOSS))
    out.metric_points = max((len(s) for s in run.series if s.kind in METRIC_KINDS), default=0)
    out.series = [f"{s.key}:{len(s)}" for s in run.series]
    text = _log_text(case.log)
    out.loss_lines = loss_line_count(text)
    if prints_nan_loss(text):
        import numpy as np

        out.nan_dropped = not any((~np.isfinite(s.values)).any() for s in run.series)
    return out, run


def chosen_run(runs: list[Any]) -> Any:
    """The run a case is scored on: the one with the most loss points (a directory of runs: the main one); but of
    one file holding runs written one after another (a script run again into the same log), the last that printed
    its loss more than once - the run whose result the source reports, not an earlier try or a run just begun."""
    from lossdoctor.model import Kind

    def points(r: Any) -> int:
        return max((len(s) for s in r.find_all(Kind.LOSS)), default=0)

    if len(runs) > 1 and len({r.source for r in runs}) == 1:
        went_on = [r for r in runs if points(r) >= 2]
        if went_on:
            return went_on[-1]
    return max(runs, key=points)


def diagnose_case(case: Case, context: bool = False) -> Outcome:
    """Read and diagnose one case; with `context`, the source's stated context is passed too (--task, --loss, ...)."""
    out, run = read_case(case)
    if run is None or not out.read_ok:
        return out
    options: dict[str, Any] = {"num_classes": case.num_classes} if case.num_classes else {}
    if context:
        options.update(case.context)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            report = lossdoctor.diagnose(run, **options)
    except Exception as exc:
        out.diagnose_error = f"{type(exc).__name__}: {exc}"[:160]
        return out
    out.findings = [(f.name, f.severity.label, getattr(f, "confidence", None)) for f in report.findings]
    lead = report.primary
    out.primary = lead.name if lead else None
    return out


def agrees(o: Outcome) -> bool:
    """README.md, 'Agreement': healthy -> no warning+; problem -> a warning+ finding in labels or acceptable and
    none outside them (the person's words decide; lossdoctor's own `explains` table excuses nothing)."""
    c = o.case
    if not o.read_ok:
        return False
    if c.healthy:
        return not o.loud
    right = c.labels | c.acceptable
    hit = bool(o.loud & right)
    wrong = o.loud - right
    return hit and not wrong


def names_it(o: Outcome) -> bool:
    """README.md, 'Agreement', second figure: as `agrees`, but a problem run's right name may be at any severity (a note
    that names the person's diagnosis counts); a wrong warning still disagrees and a healthy run still needs no
    warning. Reported beside `agrees`, never instead of it: it answers whether the policy's notes hide right answers."""
    c = o.case
    if not o.read_ok or c.healthy:
        return agrees(o)
    right = c.labels | c.acceptable
    named = any(n in right for n, _, _ in o.findings)
    return named and not (o.loud - right)


def false_alarms(o: Outcome) -> set[str]:
    """Warning+ names on a problem run outside its labels and acceptable names."""
    c = o.case
    if c.healthy:
        return set(o.loud)
    right = c.labels | c.acceptable
    return o.loud - right


def scored_findings(outs: list[Outcome]) -> tuple[list[tuple[str, str, float, bool]], int, int]:
    """Every finding with a confidence as (name, severity, confidence, right) (calibration.right_on_run), the
    internal-error findings left out; and how many findings had no confidence, and how many wrong findings on problem
    runs are names the rules' `explains` metadata says the labels explain (counted wrong all the same)."""
    from calibration import right_on_run
    from lossdoctor.differential import explains_table

    table = explains_table()
    rows, missing, explained = [], 0, 0
    for o in outs:
        c = o.case
        excused = {b for a, b in table if a in c.labels | c.acceptable} if not c.healthy else set()
        for name, sev, conf in o.findings:
            if name == "internal_error":
                continue
            if conf is None:
                missing += 1
                continue
            ok = right_on_run(name, sev, c.healthy, c.labels, c.acceptable)
            explained += not ok and name in excused
            rows.append((name, sev, float(conf), ok))
    return rows, missing, explained


def calibration_lines(outs: list[Outcome]) -> list[str]:
    """README.md-style calibration block: how often a finding at a given confidence is right."""
    from calibration import report_lines

    rows, missing, explained = scored_findings(outs)
    return ["", "calibration (a finding is right when its name is in the run's labels or acceptable; on a healthy "
            "run a note is right only when acceptable lists it, a warning never):",
            f"{len(rows)} findings with a confidence on {len(outs)} runs; {missing} without one (left out); "
            f"{explained} wrong ones on problem runs are names the labels explain (the rules' `explains`)", "",
            *report_lines(rows)]


# ---- summary ----------------------------------------------------------------------------------------------------

def _pct(a: int, b: int) -> str:
    return f"{a}/{b} ({100 * a / b:.0f} %)" if b else "0/0"


def summarize(outs: list[Outcome]) -> dict[str, Any]:
    n = len(outs)
    read = [o for o in outs if o.read_ok]
    healthy = [o for o in outs if o.case.healthy]
    problem = [o for o in outs if not o.case.healthy]
    excerpts = [o for o in problem if o.is_excerpt]
    recall: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for o in problem:
        for group in o.case.recall_groups():
            key = "/".join(sorted(group))
            recall[key][1] += 1
            recall[key][0] += bool(group & o.loud)
    return {
        "runs": n,
        "healthy": len(healthy),
        "excerpts": sum(o.is_excerpt for o in outs),
        "read": len(read),
        "nan_dropped": sum(o.nan_dropped for o in outs),
        "under_read": sum(o.under_read for o in outs),
        "read_whole": sum(o.read_ok and not o.nan_dropped and not o.under_read for o in outs),
        "agree": sum(agrees(o) for o in outs),
        "agree_problem": sum(agrees(o) for o in problem),
        "problem": len(problem),
        "agree_healthy": sum(agrees(o) for o in healthy),
        "named": sum(names_it(o) for o in outs),
        "named_problem": sum(names_it(o) for o in problem),
        "healthy_noted": sum(bool(o.findings) for o in healthy),
        "false_alarm_healthy": sum(bool(o.loud) for o in healthy),
        "excerpt_problem": len(excerpts),
        "excerpt_any_finding": sum(bool(o.findings) for o in excerpts),
        "excerpt_right_finding": sum(bool({n for n, _, _ in o.findings} & (o.case.labels | o.case.acceptable))
                                     for o in excerpts),
        "excerpt_silent_healthy_verdict": sum(not o.loud for o in excerpts),
        "recall": {k: tuple(v) for k, v in sorted(recall.items())},
        "frameworks": Counter(o.case.framework for o in outs if o.case.framework),
        "formats": Counter(o.case.format for o in outs if o.case.format),
    }


def summary_lines(part: str, s: dict[str, Any]) -> list[str]:
    lines = [
        f"part {part}: {s['runs']} runs ({s['healthy']} healthy, {s['excerpts']} short excerpts)",
        f"  read (no error, >= 1 loss or metric series): {_pct(s['read'], s['runs'])}; logs printing nan/inf read with no "
        f"non-finite value: {s['nan_dropped']}; under-read (fewer loss points than half the loss lines): "
        f"{s['under_read']}; read whole (none of these): {_pct(s['read_whole'], s['runs'])}",
        f"  agreement with the person: {_pct(s['agree'], s['runs'])} (problem runs {_pct(s['agree_problem'], s['problem'])},"
        f" healthy runs {_pct(s['agree_healthy'], s['healthy'])})",
        f"  named at any severity (a note naming the problem counts; healthy: no warning): {_pct(s['named'], s['runs'])}"
        f" (problem runs {_pct(s['named_problem'], s['problem'])}); healthy runs with any note, the price of counting "
        f"notes: {_pct(s['healthy_noted'], s['healthy'])}",
        f"  false alarms on healthy runs (any warning+): {_pct(s['false_alarm_healthy'], s['healthy'])}",
        f"  short excerpts with a problem: any finding {_pct(s['excerpt_any_finding'], s['excerpt_problem'])}, "
        f"a right finding (any severity) {_pct(s['excerpt_right_finding'], s['excerpt_problem'])}, "
        f"no warning at all {_pct(s['excerpt_silent_healthy_verdict'], s['excerpt_problem'])}",
        "  per-label recall (label found at warning+): " + ", ".join(
            f"{k} {a}/{b}" for k, (a, b) in s["recall"].items()),
    ]
    return lines


def case_line(o: Outcome) -> str:
    c = o.case
    want = "healthy" if c.healthy else "+".join(sorted(c.labels))
    if not o.read_ok:
        got = f"NOT READ ({o.read_error or 'no loss series'})"
    else:
        got = ", ".join(f"{n}({sev[0]}{'' if conf is None else f' {conf:.2f}'})" for n, sev, conf in o.findings) \
            or "nothing"
    mark = "ok  " if agrees(o) else "MISS"
    return f"{mark} {c.id:52s} {want:40s} | {got}"


def excerpt_cases(outs: list[Outcome], which: str) -> list[Outcome]:
    """The short excerpts to list one per line (--excerpts): `silent` = those with a problem that got no finding at
    all (the summary's "short excerpts with a problem: any finding" misses), `healthy` = the healthy ones (what a
    new note on short excerpts would cost)."""
    if which == "silent":
        return [o for o in outs if o.is_excerpt and not o.case.healthy and not o.findings]
    return [o for o in outs if o.is_excerpt and o.case.healthy]


# ---- peers ------------------------------------------------------------------------------------------------------

def _peer_csv(run: Any, path: Path) -> None:
    """Our reader's train/val loss and accuracy per step, as peer_tools.py expects (the peers' best chance)."""
    from lossdoctor.model import Kind, Split

    cols = {"train_loss": run.find(Kind.LOSS, Split.TRAIN), "val_loss": run.find(Kind.LOSS, Split.VAL),
            "train_acc": run.find(Kind.ACCURACY, Split.TRAIN), "val_acc": run.find(Kind.ACCURACY, Split.VAL)}
    if cols["train_loss"] is None:  # a log with one unnamed loss: the reader may call it unknown split
        losses = run.find_all(Kind.LOSS)
        cols["train_loss"] = max(losses, key=len) if losses else None
    by_step: dict[float, dict[str, float]] = defaultdict(dict)
    for name, s in cols.items():
        if s is None:
            continue
        # epoch-level validation beside step-level training: put each on its own index, aligned by order
        for i, (st, v) in enumerate(zip(s.steps, s.values)):
            by_step[float(i) if _needs_index(cols) else float(st)][name] = float(v)
    with path.open("w", encoding="utf-8") as fh:
        fh.write("step,train_loss,val_loss,train_acc,val_acc,lr\n")
        for st in sorted(by_step):
            row = by_step[st]
            vals = ["" if k not in row else repr(row[k]) for k in ("train_loss", "val_loss", "train_acc", "val_acc")]
            fh.write(f"{int(st) if float(st).is_integer() else st}," + ",".join(vals) + ",\n")


def _needs_index(cols: dict[str, Any]) -> bool:
    axes = {s.axis for s in cols.values() if s is not None}
    return len(axes) > 1


def run_peers(cases: list[Case], peer_py: Path) -> dict[str, dict[str, tuple[set[str], bool, str]]] | str:
    """tool -> case id -> (our names it fired, alarm, raw); or why the peers could not run."""
    from peers import map_pypi

    if not peer_py.exists():
        return f"{peer_py} not found: create it with benchmarks/real_runs/make_peer_venv.sh"
    with tempfile.TemporaryDirectory() as tmp:
        jobs = []
        for c in cases:
            _, run = read_case(c)
            if run is None:
                continue
            csv_path = Path(tmp) / f"{c.id}.csv"
            _peer_csv(run, csv_path)
            jobs.append({"id": c.id, "csv": str(csv_path), "native": str(c.log)})
        (Path(tmp) / "jobs.json").write_text(json.dumps(jobs))
        proc = subprocess.run([str(peer_py), str(PEER_TOOLS), str(Path(tmp) / "jobs.json"),
                               str(Path(tmp) / "out.json")], capture_output=True, text=True)
        if proc.returncode != 0:
            return f"peer_tools.py failed: {proc.stderr.strip().splitlines()[-1:]}"
        raw = json.loads((Path(tmp) / "out.json").read_text())
    out: dict[str, dict[str, tuple[set[str], bool, str]]] = defaultdict(dict)
    for cid, per_tool in raw.items():
        for tool, findings in per_tool.items():
            res = map_pypi(tool, findings)
            out[tool][cid] = (res.fired, res.alarm, "; ".join(res.raw))
    return dict(out)


def _peer_agrees(c: Case, fired: set[str]) -> bool:
    """The rule agrees() applies to lossdoctor, with every name the peer fired counted as loud."""
    right = c.labels | c.acceptable
    return bool(fired & right) and not (fired - right)


def peer_case_agrees(c: Case, verdict: tuple[set[str], bool, str] | None) -> bool:
    """One peer's verdict on one case, judged as peer_rows counts it: healthy -> it ran and raised no alarm;
    problem -> _peer_agrees on the names it fired. No verdict (the reader found no series) never agrees."""
    if verdict is None:
        return False
    fired, alarm, raw = verdict
    if c.healthy:
        return not raw.startswith("error") and not alarm
    return _peer_agrees(c, fired)


def peer_loud(tool: str, raw: str) -> set[str]:
    """Our names for the peer's findings at its own warning level or above (its raw text: 'fid (severity); ...'):
    lossdoctor is scored on its warnings only, so a peer's right answer given only as a note is marked as such."""
    from peers import ALARM_SEVERITIES, PYPI_MAP

    base = tool.split(" (")[0]
    out = set()
    for item in raw.split("; ") if raw and not raw.startswith("error") else ():
        fid, _, sev = item.rpartition(" (")
        name = PYPI_MAP.get(base, {}).get(fid)
        if name and sev.rstrip(")").lower() in ALARM_SEVERITIES.get(base, ()):
            out.add(name)
    return out


def peer_diff_lines(outs: list[Outcome], peers: dict[str, dict[str, tuple[set[str], bool, str]]]) -> list[str]:
    """Per tool, every run where the peer agrees with the person and lossdoctor does not (with what the peer
    fired and what we said), and the count of the reverse: where to look for a principle the peer has and we lack."""
    lines = []
    for tool, per in sorted(peers.items()):
        gain = [o for o in outs if peer_case_agrees(o.case, per.get(o.case.id)) and not agrees(o)]
        lose = [o for o in outs if agrees(o) and not peer_case_agrees(o.case, per.get(o.case.id))]
        by_note = [o for o in gain
                   if not o.case.healthy and not _peer_agrees(o.case, peer_loud(tool, per[o.case.id][2]))]
        lines.append(f"{tool}: agrees where lossdoctor does not on {len(gain)} runs ({len(by_note)} only by a note "
                     f"of its own, which would not count for lossdoctor); lossdoctor agrees where it does not on "
                     f"{len(lose)}")
        for o in gain:
            want = "healthy" if o.case.healthy else "+".join(sorted(o.case.labels))
            ours = ", ".join(f"{n}({sev[0]})" for n, sev, _ in o.findings) or "nothing"
            lines.append(f"  {'n' if o in by_note else '+'} {o.case.id:52s} {want:28s} | {tool}: "
                         f"{per[o.case.id][2] or 'nothing'} | ours: {ours}")
    return lines


def peer_rows(cases: list[Case], peers: dict[str, dict[str, tuple[set[str], bool, str]]]) -> list[list[str]]:
    """Per tool: runs it could read, agreement (a mapped name right and no alarm on healthy), healthy alarms."""
    rows = []
    healthy = [c for c in cases if c.healthy]
    problem = [c for c in cases if not c.healthy]
    for tool, per in sorted(peers.items()):
        ran = [c for c in cases if c.id in per and not per[c.id][2].startswith("error")]
        ok_h = sum(1 for c in healthy if peer_case_agrees(c, per.get(c.id)))
        ok_p = sum(1 for c in problem if peer_case_agrees(c, per.get(c.id)))
        fa = sum(1 for c in healthy if c.id in per and per[c.id][1])
        rows.append([tool, _pct(len(ran), len(cases)), _pct(ok_p + ok_h, len(cases)), _pct(ok_p, len(problem)),
                     _pct(fa, len(healthy))])
    return rows


# ---- docs -------------------------------------------------------------------------------------------------------

def write_section(part: str, s: dict[str, Any], peer_table: list[list[str]] | None, unseen: bool = False) -> None:
    """Keep one column per part in the docs section: rewriting one part's numbers leaves the other's in place."""
    state_path = HERE / "scores.json"
    state = json.loads(state_path.read_text()) if state_path.exists() else {}
    keep = {k: v for k, v in s.items() if k not in ("frameworks", "formats")}
    keep["recall"] = {k: list(v) for k, v in s["recall"].items()}
    state[part] = {"summary": keep, "peers": peer_table, "unseen": unseen}
    state_path.write_text(json.dumps(state, indent=1, sort_keys=True) + "\n")
    parts = [p for p in ("dev", "public", "opened", "sealed") if p in state]
    parts += sorted(p for p in state if "@" in p)  # one collection batch scored on its own (--batch)

    def col(p: str, fn: Any) -> str:
        return fn(state[p]["summary"]) if p in state else "-"

    metrics = [
        ("runs (healthy / short excerpts)", lambda x: f"{x['runs']} ({x['healthy']} / {x['excerpts']})"),
        ("read (no error, >= 1 loss or metric series)", lambda x: _pct(x["read"], x["runs"])),
        ("log prints nan/inf, nothing non-finite read", lambda x: str(x["nan_dropped"])),
        ("under-read (loss points < half the loss lines)", lambda x: str(x.get("under_read", "-"))),
        ("read whole (none of the three problems)", lambda x: _pct(x["read_whole"], x["runs"]) if "read_whole" in x
                                                                  else "-"),
        ("**agreement with the person**", lambda x: _pct(x["agree"], x["runs"])),
        ("- on problem runs", lambda x: _pct(x["agree_problem"], x["problem"])),
        ("- on healthy runs", lambda x: _pct(x["agree_healthy"], x["healthy"])),
        ("**false alarms on healthy runs**", lambda x: _pct(x["false_alarm_healthy"], x["healthy"])),
        ("excerpts with a problem: any finding", lambda x: _pct(x["excerpt_any_finding"], x["excerpt_problem"])),
        ("excerpts with a problem: a right finding", lambda x: _pct(x["excerpt_right_finding"],
                                                                     x["excerpt_problem"])),
    ]
    md = [SECTION, "",
          "Real training logs people diagnosed in public threads (GitHub issues, forums, Q&A, notebooks, model "
          "cards, committed logs), each labelled from the person's words before lossdoctor was run on it; "
          "`benchmarks/real_runs/README.md` says how they were collected, how a run \"agrees\", and why the "
          "sealed part is scored only once per rule release. `dev` and `public` (tests/fixtures/public_runs) were "
          "read while rules were changed, and so was `opened` (sealed logs opened for study once two releases had "
          "scored them); a `sealed@BATCH` column is a batch nobody read, scored by the release that froze its "
          "rules (docs \"Unseen runs, release by release\" holds every release's first score).", "", "```bash",
          *[f"python benchmarks/real_runs/score.py --part {p.split('@')[0]} --write-docs"
            + (f" --batch {p.split('@')[1].replace('+', ' ')}" if "@" in p else "") + (" --unseen" if state[p].get("unseen") else "")
            + (" --peers" if state[p]["peers"] else "")
            for p in parts],
          "```", "", "| | " + " | ".join(parts) + " |", "|---|" + "---|" * len(parts)]
    md += [f"| {label} | " + " | ".join(col(p, fn) for p in parts) + " |" for label, fn in metrics]
    for p in parts:
        rec = state[p]["summary"]["recall"]
        md += ["", f"Per-label recall on `{p}` (the label found at warning or above): " +
               (", ".join(f"{k} {a}/{b}" for k, (a, b) in sorted(rec.items())) or "-") + "."]
        if state[p]["peers"]:
            md += ["", f"Peers on `{p}` (fed our reader's series as a CSV, and losslint/runmedic also the native "
                   "log; a peer \"agrees\" on a problem run by the rule above, every name it maps to counted as a "
                   "warning, and on a healthy run when it raises no alarm):", "", "| tool | ran | agreement | problem runs | false alarms (healthy) |",
                   "|---|---|---|---|---|"]
            md += ["| " + " | ".join(r) + " |" for r in state[p]["peers"]]
    from evaluate import write_docs

    write_docs("\n".join(md) + "\n", SECTION)


# ---- main -------------------------------------------------------------------------------------------------------

def label(part: str, batches: list[str] | None) -> str:
    """A part's name, or the part and batches (`sealed@2026-12-06-r6+2026-12-06-r7`) when only those are scored."""
    return f"{part}@{'+'.join(batches)}" if batches else part


def load_batches(part: str, batches: list[str] | None) -> list[Case]:
    """The runs of `part`, or of `part` in each of `batches` (a release's sealed number may rest on several)."""
    return [c for b in batches for c in load_part(part, b)] if batches else load_part(part)



def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--part", choices=("dev", "sealed", "opened", "public", "all"), default="dev",
                    help="opened: the sealed logs marked \"seen\", studied since (development data)")
    ap.add_argument("--read-only", action="store_true", help="run only the reader (allowed on every part)")
    ap.add_argument("--check", action="store_true", help="check meta.json and the hash split of dev and sealed")
    ap.add_argument("--batch", nargs="+", metavar="YYYY-MM-DD[-SUFFIX]", help="only the logs of these collection "
                    f"batches (meta.json 'batch'; '{FIRST_BATCH}' = the logs without the key), e.g. new batches' sealed logs")
    ap.add_argument("--unseen", action="store_true", help="leave out the logs marked \"seen\" in meta.json (text "
                    "made visible after an earlier sealed score)")
    ap.add_argument("--peers", action="store_true", help="also run losslint, runmedic, gradsnitch, sk-autod")
    ap.add_argument("--peer-python", type=Path, default=DEFAULT_PEER_PY)
    ap.add_argument("--peer-diff", action="store_true", help="with --peers: per tool, the runs where the peer "
                    "agrees with the person and lossdoctor does not (what it fired), and the reverse's count")
    ap.add_argument("--write-docs", action="store_true", help=f"rewrite '{SECTION}' in docs/benchmarks.md")
    ap.add_argument("-v", "--verbose", action="store_true", help="one line per run")
    ap.add_argument("--calibration", action="store_true", help="also a reliability table: every finding binned by "
                    "its confidence, the share right per bin, ECE and Brier score (calibration.py)")
    ap.add_argument("--excerpts", choices=("silent", "healthy"), help="one line per short excerpt: 'silent' = with a "
                    "problem and no finding at all, 'healthy' = healthy ones (never on the sealed part)")
    ap.add_argument("--context", action="store_true", help="pass each case's meta.json 'context' (what the source "
                    "states: task, loss, fine_tune, best_checkpoint) to diagnose, as a user would with --task etc.")
    args = ap.parse_args(argv)
    for b in args.batch or ():
        if b != FIRST_BATCH and not BATCH.fullmatch(b):
            ap.error(f"--batch {b!r}: a date YYYY-MM-DD, optionally with a -suffix (2026-12-06-r3), or '{FIRST_BATCH}'")

    if args.check:
        problems = check_meta("dev") + check_meta("sealed") + duplicate_logs()
        print("\n".join(problems) or "meta.json files and the hash split are all right")
        return 1 if problems else 0
    parts = ("dev", "sealed", "public") if args.part == "all" else (args.part,)
    if args.read_only:
        bad = 0
        for part in parts:
            cases = load_batches(part, args.batch)
            outs = [read_case(c)[0] for c in cases]
            for o in outs:
                if not o.read_ok or o.nan_dropped or o.under_read or args.verbose:
                    bad += not o.read_ok or o.nan_dropped or o.under_read
                    what = o.read_error or ("no loss or metric series" if not o.read_ok else "")
                    what += " nan/inf printed but none read" if o.nan_dropped else ""
                    what += f" under-read: {o.all_loss_points} loss points from {o.loss_lines} loss lines" \
                        if o.under_read else ""
                    print(f"{part:6s} {o.case.id:55s} {what or 'ok'} | {' '.join(o.series)[:120]}")
            print(f"part {label(part, args.batch)}: {sum(o.read_ok for o in outs)}/{len(outs)} read; "
                  f"{sum(o.nan_dropped for o in outs)} with nan/inf printed but none read; "
                  f"{sum(o.under_read for o in outs)} under-read (fewer loss points than half the loss lines)")
        return 0
    if args.context and args.write_docs:
        ap.error("--context with --write-docs: the release numbers are written without it (report --context beside)")
    if args.part == "all":
        ap.error("--part all only with --read-only (the sealed part is scored on its own, once per release)")
    if args.part == "sealed" and (args.verbose or args.peer_diff or args.excerpts):
        ap.error("no per-run lines on the sealed part (README.md: it is scored once per rule release)")
    if args.peer_diff and not args.peers:
        ap.error("--peer-diff needs --peers")
    cases = [c for c in load_batches(args.part, args.batch) if not (args.unseen and c.seen)]
    if not cases:
        ap.error(f"no runs in {label(args.part, args.batch)}")
    outs = [diagnose_case(c, args.context) for c in cases]
    if args.context:
        print(f"with the stated context: {sum(bool(c.context) for c in cases)} of {len(cases)} cases state some")
    if args.verbose:
        for o in outs:
            print(case_line(o))
    if args.excerpts:
        for o in excerpt_cases(outs, args.excerpts):
            print(f"{case_line(o)} | {o.loss_points} pts")
    s = summarize(outs)
    print("\n".join(summary_lines(label(args.part, args.batch), s)))
    if args.calibration:
        print("\n".join(calibration_lines(outs)))
    peer_table = None
    if args.peers:
        got = run_peers(cases, args.peer_python)
        if isinstance(got, str):
            print(f"peers not run: {got}")
        else:
            peer_table = peer_rows(cases, got)
            print("tool | ran | agreement | problem runs | false alarms on healthy")
            for r in peer_table:
                print("  " + " | ".join(r))
            if args.peer_diff:
                print("\n".join(peer_diff_lines(outs, got)))
    if args.write_docs:
        write_section(label(args.part, args.batch), s, peer_table, args.unseen)
        print(f"wrote '{SECTION}' in {DOCS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
