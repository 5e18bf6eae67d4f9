"""Command line: parse arguments, read, diagnose, render. Bad input is one line on stderr and exit 2."""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import warnings
from pathlib import Path
from typing import Any, Sequence

from . import __version__
from .config import Options
from .engine import Report, diagnose_run
from .errors import LossDoctorError, UsageError
from .findings import Severity
from .i18n import Lang, default_lang
from .identity import identify
from .model import Run
from .names import parse_overrides
from .selection import check_patterns
from .readers import READERS, read
from .report import FORMATS, render
from .report.progress import Progress
from .rules import RULES, by_code

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's default prints usage; we want one line, exit 2
        raise UsageError(message)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="lossdoctor", description="Diagnose deep-learning training runs from their logs.")
    p.add_argument("--version", action="version", version=f"lossdoctor {__version__}")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    d = sub.add_parser("diagnose", help="read runs and say what is wrong with them")
    d.add_argument("paths", nargs="+", metavar="PATH", help="log files, directories, or - for a text log on stdin")
    d.add_argument("--format", dest="fmt", default="text", choices=FORMATS)
    d.add_argument("-o", "--output", type=Path, help="write the report to this file instead of stdout")
    d.add_argument("-v", "--details", action="store_true",
                   help="text report in full: every finding, likely causes, every fix, the trend / rate-of-change / "
                        "loss-vs-accuracy tables (default: one short screen per run with a problem)")
    d.add_argument("--lang", choices=("en", "zh"), default=None, help="report language (default: from the locale)")
    d.add_argument("--fail-on", choices=("info", "warning", "error"), default=None,
                   help="exit 1 when a finding at or above this severity is found; without it the exit code is 0 "
                        "whatever the verdict, even an error (2 only for bad usage or no readable run)")
    d.add_argument("--format-in", choices=[r.name for r in READERS], default=None, help="force the input format")
    d.add_argument("--map", action="append", default=[], metavar="KEY=SPLIT:KIND",
                   help="override how a metric name is read, e.g. --map myloss=train:loss")
    d.add_argument("--num-classes", type=int, default=None, help="number of classes, for chance-level checks")
    d.add_argument("--select", action="append", default=[],
                   help="only these rule codes, prefixes or names (repeat it or give a comma list: LD101,LD109)")
    d.add_argument("--ignore", action="append", default=[],
                   help="skip these rule codes, prefixes or names (repeat it or give a comma list: LD101,LD109)")

    c = sub.add_parser("compare", help="which run is better, where they part ways, and why")
    c.add_argument("paths", nargs="+", metavar="RUN", help="two or more runs (files or directories of runs)")
    c.add_argument("--format", dest="fmt", default="text", choices=("text", "json", "html", "png", "svg"))
    c.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")
    c.add_argument("--lang", choices=("en", "zh"), default=None)

    sub.add_parser("rules", help="list every rule")
    e = sub.add_parser("explain", help="print one rule's page")
    e.add_argument("code", help="a rule code (LD101) or name (overfitting)")
    for q in (e,):
        q.add_argument("--lang", choices=("en", "zh"), default=None)
    return p


def _diagnose(args: argparse.Namespace) -> int:
    lang: Lang = args.lang or default_lang()
    if args.num_classes is not None and args.num_classes < 2:
        raise UsageError(f"--num-classes must be at least 2, got {args.num_classes}")
    name_map = parse_overrides(args.map)
    options = Options(num_classes=args.num_classes, select=check_patterns(args.select, "--select"),
                      ignore=check_patterns(args.ignore, "--ignore"))
    if args.output is not None and args.output.exists() and _is_input(args.output, args.paths):
        raise UsageError(f"{args.output}: refusing to overwrite an input log")
    fmt = _figure_format(args)
    if fmt == "png" and args.output is None and sys.stdout.isatty():
        raise UsageError("--format png writes binary data: give -o FILE (for example -o lossdoctor.png)")
    figure = _figure_path(args, fmt)
    reports: list[Report] = []
    notes: list[str] = []
    try:
        out = _read_and_render(args, fmt, lang, options, name_map, figure, reports, notes)
    finally:
        for note in notes:
            print(note, file=sys.stderr)
    if args.output is not None:
        if isinstance(out, bytes):
            args.output.write_bytes(out)
        else:
            args.output.write_text(out, encoding="utf-8")
    elif isinstance(out, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(out)
    else:
        sys.stdout.write(out)
    if args.fail_on is not None:
        threshold = Severity.parse(args.fail_on)
        if any(f.severity >= threshold for r in reports for f in r.findings):
            return EXIT_FINDINGS
    return EXIT_OK


def _read_and_render(args: argparse.Namespace, fmt: str, lang: Lang, options: Options, name_map: Any,
                     figure: Path | None, reports: list[Report], notes: list[str]) -> str | bytes:
    """Read every path, diagnose every run, render; progress on stderr only when it is a terminal.
    Warnings are collected in `notes` (printed after the progress display is gone)."""
    with Progress(sys.stderr.isatty() and fmt != "json") as progress:
        runs: list[Run] = []
        for path in args.paths:
            step = progress.task(f"{path}: reading")
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                runs += read(path, args.format_in, name_map)
            progress.done(step)
            notes += [f"lossdoctor: warning: {w.message}" for w in caught]
        runs = identify(runs)  # short distinct names; one training logged by several writers diagnosed once
        step = progress.task("diagnosing", total=len(runs))
        for run in runs:
            notes += [f"lossdoctor: warning: {run.source}: {note}" for note in run.warnings]
            reports.append(diagnose_run(run, options))
            step()
        step = progress.task("rendering", total=len(reports)) if fmt == "html" else None
        color = args.output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        width = shutil.get_terminal_size((100, 24)).columns if color else 100
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            if figure is not None:
                _write_figure(reports, lang, figure)
            out = render(reports, fmt, lang, color=color, width=width, progress=step,
                         figure=figure.name if figure is not None else None, paths=args.paths, details=args.details)
        notes += [f"lossdoctor: warning: {w.message}" for w in caught]
    return out


def _figure_format(args: argparse.Namespace) -> str:
    """`--format png -o fig.svg` (or `--format svg`) writes SVG: the suffix picks the image format."""
    if args.fmt == "png" and args.output is not None and args.output.suffix.lower() == ".svg":
        return "svg"
    return args.fmt


def _figure_path(args: argparse.Namespace, fmt: str) -> Path | None:
    """For `--format markdown -o report.md`, the PNG written beside it and linked (None without matplotlib)."""
    if fmt != "markdown" or args.output is None:
        return None
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return None
    fig = args.output.with_suffix(".png")
    if fig.exists() and _is_input(fig, args.paths):
        raise UsageError(f"{fig}: refusing to overwrite an input log")
    return fig


def _write_figure(reports: Sequence[Report], lang: Lang, path: Path) -> None:
    data = render(reports, "png", lang)
    assert isinstance(data, bytes)
    path.write_bytes(data)


def _is_input(output: Path, paths: Sequence[str]) -> bool:
    out = output.resolve()
    return any(p != "-" and Path(p).resolve() == out for p in paths)


def _compare(args: argparse.Namespace) -> int:
    """`lossdoctor compare`: the runs ranked, where they part, why (compare.py)."""
    from .compare import compare, render as render_compare

    lang: Lang = args.lang or default_lang()
    if args.output is not None and args.output.exists() and _is_input(args.output, args.paths):
        raise UsageError(f"{args.output}: refusing to overwrite an input log")
    if args.fmt == "png" and args.output is None and sys.stdout.isatty():
        raise UsageError("--format png writes binary data: give -o FILE (for example -o compare.png)")
    runs: list[Run] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for path in args.paths:
            runs += read(path)
        out = render_compare(compare([diagnose_run(r) for r in identify(runs)]), args.fmt, lang)
    for w in caught:
        print(f"lossdoctor: warning: {w.message}", file=sys.stderr)
    if args.output is not None:
        args.output.write_bytes(out) if isinstance(out, bytes) else args.output.write_text(out, encoding="utf-8")
    elif isinstance(out, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(out)
    else:
        sys.stdout.write(out)
    return EXIT_OK


def _rules() -> int:
    lang = default_lang()
    for r in RULES:
        print(f"{r.code}  {r.name:28s} {r.severity.label:8s} {r.summary.get(lang)}")
    return EXIT_OK


def _explain(args: argparse.Namespace) -> int:
    from .rules.docs import terminal_page

    r = by_code(args.code)
    sys.stdout.write(terminal_page(r, args.lang or default_lang()))
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
        if args.command == "diagnose":
            return _diagnose(args)
        if args.command == "compare":
            return _compare(args)
        if args.command == "rules":
            return _rules()
        return _explain(args)
    except LossDoctorError as exc:
        print(f"lossdoctor: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
