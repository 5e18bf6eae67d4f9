"""How many real pasted logs the readers take in whole: every loss value printed, NaN/inf included.

For each log file under the given folders (meta.json files are skipped), an independent and deliberately simple scan
counts the loss values the text shows (a key containing 'loss' followed by ':', '=', 'is' or a space and a number or
nan/inf, and cells of a table column named '...loss...'); the readers' series whose key contains 'loss' give the count
read. A log is read whole when the reader returns at least as many loss values as the scan saw and at least as many
non-finite ones. Running best/min values ('Best loss: 0.1') are left out of both counts.

    PYTHONPATH=src python benchmarks/read_rate.py benchmarks/real_runs/dev benchmarks/real_runs/sealed tests/fixtures/public_runs

Run it against an older checkout (PYTHONPATH=that/src) to compare. The scan is a yardstick, not ground truth: logs it
flags are listed with both counts so a person can check them (a Keras evaluate() bar after fit() is counted by the scan
but is rightly not a training point)."""
from __future__ import annotations

import argparse
import math
import re
import sys
import warnings
from pathlib import Path

_NUM = r"(nan|[-+]?inf(?:inity)?|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)"
_PAIR = re.compile(r"(?i)(?<![a-z])([a-z_./ ]{0,30}loss)['\"]?\s*(?:[:=]|\bis\b)?\s*['\"]?\s*(?:tensor\()?" + _NUM
                   + r"(?![\d.]*\.\d)")
_SKIP_KEY = re.compile(r"(?i)\b(best|min|lowest)\b|best_|_best")
_CELL_SPLIT = re.compile(r"\s*\|\s*|\t|,|\s{2,}")
_LOSS = re.compile(r"(?i)loss")


def scan(text: str) -> tuple[int, int]:
    """(loss values, non-finite loss values) a reader of this text should return."""
    n = bad = 0
    header: list[str] | None = None
    for line in text.splitlines():
        if re.fullmatch(r"[\s|:=*-]*", line):
            continue
        cells = [c.strip() for c in _CELL_SPLIT.split(line.strip().strip("|")) if c.strip()]
        if any(_LOSS.search(c) for c in cells) and not re.search(r"\d\.\d|\bnan\b", line, re.I):
            header = cells
            continue
        if header and len(cells) >= len(header) and all(
                re.fullmatch(_NUM + r"|No log|\(\d+:\d+\)|\d+:\d+(:\d+)?", c, re.I) for c in cells):
            for h, c in zip(header, cells):
                if _LOSS.search(h) and not _SKIP_KEY.search(h) and re.fullmatch(_NUM, c, re.I):
                    n += 1
                    bad += not math.isfinite(float(c))
            continue
        header = None
        for m in _PAIR.finditer(line):
            if _SKIP_KEY.search(m.group(1)) or re.search(r"(?i)improved|did not improve", line):
                continue
            n += 1
            bad += not math.isfinite(float(m.group(2)))
    return n, bad


def read_counts(path: Path) -> tuple[int, int]:
    from lossdoctor.readers import read
    n = bad = 0
    for run in read(path):
        for s in run.series:
            if _LOSS.search(s.key) and not _SKIP_KEY.search(s.key):
                n += len(s.values)
                bad += sum(1 for v in s.values if not math.isfinite(v))
    return n, bad


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="+", type=Path)
    ap.add_argument("--list", action="store_true", help="print every log, not only those not read whole")
    args = ap.parse_args(argv)
    warnings.filterwarnings("ignore")
    for folder in args.folders:
        files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name not in ("meta.json", "labels.json")
                       and not (p.name == "README.md" and not (p.parent / "meta.json").exists()))
        whole = 0
        for p in files:
            want, want_bad = scan(p.read_text(encoding="utf-8", errors="replace"))
            try:
                got, got_bad = read_counts(p)
                ok = got >= want and got_bad >= want_bad
            except Exception as exc:  # a ReadError (or worse) is a log not read
                got, got_bad, ok = -1, -1, False
                err = str(exc).splitlines()[0][:90]
            whole += ok
            if args.list or not ok:
                note = "" if got >= 0 else f"  ({err})"
                print(f"{'whole' if ok else 'SHORT'}\tscan {want}/{want_bad} nan\tread {got}/{got_bad} nan\t"
                      f"{p.relative_to(folder)}{note}")
        print(f"== {folder}: {whole}/{len(files)} logs read whole ({100 * whole / max(1, len(files)):.0f}%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
