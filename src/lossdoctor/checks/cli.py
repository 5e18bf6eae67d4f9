"""`lossdoctor check`: the pre-training checks from the command line (registered in lossdoctor/cli.py)."""
from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..findings import Severity
from ..i18n import Lang, default_lang

EXIT_OK, EXIT_FINDINGS = 0, 1


def add_parser(sub: Any, formats: tuple[str, ...]) -> None:
    c = sub.add_parser("check", help="check data (and a model) before training: leakage, labels vs loss, "
                                     "imbalance, normalisation, shuffling, overfit test, LR range test")
    c.add_argument("--train", required=True, metavar="FILE", help="training split: CSV, TSV, Parquet or .npy")
    c.add_argument("--val", metavar="FILE", help="validation split")
    c.add_argument("--test", metavar="FILE", help="test split")
    c.add_argument("--label", metavar="COLUMN", help="the label column of the tables")
    c.add_argument("--model", metavar="FILE.py:FUNC",
                   help="a function returning a compiled Keras model, or (torch_module, loss[, optimizer_factory])")
    c.add_argument("--overfit", action="store_true", help="train a copy of the model on 16 samples (LD308)")
    c.add_argument("--lr-range", action="store_true", help="run the LR range test on a copy of the model (LD309)")
    c.add_argument("--format", dest="fmt", default="text", choices=[f for f in formats if f not in ("png", "svg")])
    c.add_argument("-o", "--output", type=Path, help="write the report to this file instead of stdout")
    c.add_argument("--lang", choices=("en", "zh"), default=None, help="report language (default: from the locale)")
    c.add_argument("--fail-on", choices=("info", "warning", "error"), default=None,
                   help="exit 1 when a finding at or above this severity is found")
    c.add_argument("--select", action="append", default=[], help="only these check codes, prefixes or names")
    c.add_argument("--ignore", action="append", default=[], help="skip these check codes, prefixes or names")


def run(args: argparse.Namespace) -> int:
    from ..report import render
    from .api import check
    from .models import load_factory

    lang: Lang = args.lang or default_lang()
    inputs = [p for p in (args.train, args.val, args.test) if p]
    if args.output is not None and any(Path(p).resolve() == args.output.resolve() for p in inputs):
        raise UsageError(f"{args.output}: refusing to overwrite an input file")
    model = loss = optimizer = None
    if args.model:
        model, loss, optimizer = load_factory(args.model)
    elif args.overfit or args.lr_range:
        raise UsageError("--overfit and --lr-range need a model: --model FILE.py:FUNC")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        report = check(args.train, args.val, args.test, label=args.label, model=model, loss=loss,
                       optimizer=optimizer, overfit=args.overfit, lr_range=args.lr_range,
                       select=tuple(args.select), ignore=tuple(args.ignore))
    for w in caught:
        if issubclass(w.category, (UserWarning, RuntimeWarning)) and "lossdoctor" in str(w.filename):
            print(f"lossdoctor: warning: {w.message}", file=sys.stderr)
    out = render([report], args.fmt, lang, color=args.output is None and sys.stdout.isatty(),
                 paths=inputs)
    assert isinstance(out, str)
    if args.fmt == "markdown":  # the figure hint there is a `diagnose` command: not one for data checks
        out = "\n".join(line for line in out.split("\n") if not (line.startswith("> ") and "diagnose" in line))
    if args.output is not None:
        args.output.write_text(out, encoding="utf-8")
    else:
        sys.stdout.write(out)
    if args.fail_on is not None and any(f.severity >= Severity.parse(args.fail_on) for f in report.findings):
        return EXIT_FINDINGS
    return EXIT_OK
