"""Command line: parse arguments, read, diagnose, render. Bad input is one line on stderr and exit 2."""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from . import __version__
from .errors import LossDoctorError, UsageError
from .findings import Severity
from .i18n import Lang, default_lang
from .report import FORMATS
from .report.escape import plain
from .report.progress import Progress

if TYPE_CHECKING:
    from .config import Options
    from .engine import Report
    from .names import NameInfo

# Everything heavy (numpy, the readers, the rules, rich) is imported inside the command that needs it, so that
# `--version`, `--help` and `rules` start in a blink. The parser needs the readers' names: kept here, and a test
# holds them equal to readers.READERS.
READER_NAMES: tuple[str, ...] = ("tensorboard", "mlflow", "wandb", "hf_trainer", "lightning_csv", "keras_csv",
                                 "wandb_csv", "keras_history", "json_records", "table", "text")

# One line per command for `lossdoctor --help`; the commands not chosen get only this line (their arguments are
# registered by their own module, imported only when that command runs). A test holds these equal to the help
# each module registers.
COMMANDS: dict[str, str] = {
    "diagnose": "read runs and say what is wrong with them",
    "compare": "which run is better, where they part ways, and why",
    "watch": "follow a run's logs while it trains; print findings as they appear",
    "check": "check data (and a model) before training: leakage, labels vs loss, imbalance, normalisation, "
             "shuffling, overfit test, LR range test",
    "rules": "list every rule",
    "explain": "print one rule's page",
}

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3  # 3: a bug in lossdoctor, never a finding


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's default prints usage; we want one line, exit 2
        raise UsageError(message)


def _chosen(argv: Sequence[str]) -> str | None:
    """The command named on the command line (the top-level options take no value), or None."""
    return next((a for a in argv if not a.startswith("-")), None)


def _parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The parser, with the arguments of the chosen command only (`--help` lists every command either way);
    `argv == ["*"]` registers every command's arguments (the tests compare them with `COMMANDS`)."""
    p = _Parser(prog="lossdoctor", description="Diagnose deep-learning training runs from their logs.")
    p.add_argument("--version", action="version", version=f"lossdoctor {__version__}")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    chosen = _chosen(argv)
    for name, help_line in COMMANDS.items():
        if name == chosen or chosen == "*":
            _ADD[name](sub)
        else:
            sub.add_parser(name, help=help_line)
    return p


def _add_diagnose(sub: Any) -> None:
    d = sub.add_parser("diagnose", help=COMMANDS["diagnose"])
    d.add_argument("paths", nargs="+", metavar="PATH", help="log files, directories, or - for a text log on stdin")
    d.add_argument("--format", dest="fmt", default="text", choices=(*FORMATS, "jsonl"),
                   help="jsonl: one JSON object per run per line, streamed (the elements of json's runs list)")
    d.add_argument("-j", "--jobs", type=int, default=None,
                   help="processes that read and diagnose logs at once (default: every core)")
    d.add_argument("-o", "--output", type=Path, help="write the report to this file instead of stdout")
    d.add_argument("-v", "--details", action="store_true",
                   help="text report in full: every finding, likely causes, every fix, the trend / rate-of-change / "
                        "loss-vs-accuracy tables (default: one short screen per run with a problem)")
    d.add_argument("--lang", choices=("en", "zh"), default=None, help="report language (default: from the locale)")
    d.add_argument("--fail-on", choices=("info", "warning", "error"), default=None,
                   help="exit 1 when a finding at or above this severity is found; without it the exit code is 0 "
                        "whatever the verdict, even an error (2 only for bad usage or no readable run)")
    d.add_argument("--format-in", choices=READER_NAMES, default=None, help="force the input format")
    d.add_argument("--map", action="append", default=[], metavar="KEY=SPLIT:KIND",
                   help="override how a metric name is read, e.g. --map myloss=train:loss")
    d.add_argument("--num-classes", type=int, default=None, help="number of classes, for chance-level checks")
    d.add_argument("--select", action="append", default=[],
                   help="only these rule codes, prefixes or names (repeat it or give a comma list: LD101,LD109)")
    d.add_argument("--ignore", action="append", default=[],
                   help="skip these rule codes, prefixes or names (repeat it or give a comma list: LD101,LD109)")
    d.add_argument("--config", type=Path, default=None, metavar="FILE",
                   help="rule options from this TOML file (default: [tool.lossdoctor] in the nearest pyproject.toml)")
    _context_flags(d)


def _add_compare(sub: Any) -> None:
    c = sub.add_parser("compare", help=COMMANDS["compare"])
    c.add_argument("paths", nargs="+", metavar="RUN", help="two or more runs (files or directories of runs)")
    c.add_argument("--format", dest="fmt", default="text", choices=("text", "json", "html", "png", "svg"))
    c.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")
    c.add_argument("--lang", choices=("en", "zh"), default=None)
    _context_flags(c)


def _context_flags(p: Any) -> None:
    from .context_flags import add_context_flags

    add_context_flags(p)


def _add_watch(sub: Any) -> None:
    from .watch import add_parser

    add_parser(sub)


def _add_check(sub: Any) -> None:
    from .checks.cli import add_parser

    add_parser(sub, FORMATS)


def _add_rules(sub: Any) -> None:
    sub.add_parser("rules", help=COMMANDS["rules"])


def _add_explain(sub: Any) -> None:
    e = sub.add_parser("explain", help=COMMANDS["explain"])
    e.add_argument("code", help="a rule code (LD101) or name (overfitting)")
    e.add_argument("--lang", choices=("en", "zh"), default=None)


_ADD = {"diagnose": _add_diagnose, "compare": _add_compare, "watch": _add_watch, "check": _add_check,
        "rules": _add_rules, "explain": _add_explain}


def _diagnose(args: argparse.Namespace) -> int:
    from . import config
    from .config import Options
    from .context_flags import context_from
    from .names import parse_overrides
    from .output import check_output
    from .selection import check_patterns

    lang: Lang = args.lang or default_lang()
    if args.num_classes is not None and args.num_classes < 2:
        raise UsageError(f"--num-classes must be at least 2, got {args.num_classes}")
    name_map = parse_overrides(args.map)
    conf = config.load(args.config)  # command-line flags win over the file
    options = Options(num_classes=args.num_classes if args.num_classes is not None else conf.get("num_classes"),
                      select=check_patterns(args.select, "--select") or conf.get("select", ()),
                      ignore=check_patterns(args.ignore, "--ignore") or conf.get("ignore", ()),
                      rules=conf.get("rules", ()), **context_from(args, conf))
    if args.output is not None:
        check_output(args.output, args.paths)
    fmt = _figure_format(args)
    if fmt == "png" and args.output is None and sys.stdout.isatty():
        raise UsageError("--format png writes binary data: give -o FILE (for example -o lossdoctor.png)")
    if fmt == "jsonl":
        return _stream_lines(args, lang, options, name_map)
    figure = _figure_path(args, fmt)
    reports: list[Report] = []
    notes: list[str] = []
    try:
        out = _read_and_render(args, fmt, lang, options, name_map, figure, reports, notes)
    finally:
        for note in notes:
            print(plain(note), file=sys.stderr)
    _emit(out, args.output)
    if args.fail_on is not None:
        threshold = Severity.parse(args.fail_on)
        if any(f.severity >= threshold for r in reports for f in r.findings):
            return EXIT_FINDINGS
    return EXIT_OK


def _emit(out: str | bytes, output: Path | None) -> None:
    """The report to its file (atomically) or to stdout."""
    from .output import write_atomic

    if output is not None:
        write_atomic(output, out)
    elif isinstance(out, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(out)
    else:
        sys.stdout.write(out)


def _read_and_render(args: argparse.Namespace, fmt: str, lang: Lang, options: Options, name_map: Any,
                     figure: Path | None, reports: list[Report], notes: list[str]) -> str | bytes:
    """Read every path, diagnose every run, render; progress on stderr only when it is a terminal.
    Warnings are collected in `notes` (printed after the progress display is gone)."""
    from .fleet import diagnose_runs, read_paths
    from .identity import identify
    from .report import render

    with Progress(sys.stderr.isatty() and fmt != "json") as progress:
        step = progress.task("reading")
        runs = identify(read_paths(args.paths, args.format_in, name_map, _jobs(args), notes))  # short names;
        progress.done(step)  # one training logged by several writers is diagnosed once
        step = progress.task("diagnosing", total=len(runs))
        notes += list(dict.fromkeys(f"lossdoctor: warning: {run.source}: {note}" for run in runs  # a file's
                                    for note in run.warnings))  # words shared by its many runs printed once
        for report in diagnose_runs(runs, options, _jobs(args)):
            reports.append(report)
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


def _jobs(args: argparse.Namespace) -> int:
    if args.jobs is not None and args.jobs < 1:
        raise UsageError(f"--jobs must be at least 1, got {args.jobs}")
    if "-" in args.paths:
        return 1  # stdin is read here, not in a worker
    from .fleet import default_jobs

    return args.jobs or default_jobs()  # stdin is read here, not in a worker


def _stream_lines(args: argparse.Namespace, lang: Lang, options: Options, name_map: Any) -> int:
    """`--format jsonl`: one JSON object per run per line, written as each run is diagnosed (nothing kept)."""
    from .fleet import diagnose_paths
    from .output import open_stream

    threshold = Severity.parse(args.fail_on) if args.fail_on is not None else None
    failed = False
    bar = sys.stderr.isatty() and (args.output is not None or not sys.stdout.isatty())  # lines on the screen are
    with Progress(bar) as progress, open_stream(args.output) as out:  # progress enough; a bar would garble them
        notes: list[str] = []
        try:
            for r in diagnose_paths(args.paths, args.format_in, name_map, options, lang, _jobs(args), line=True,
                                    notes=notes, progress=lambda n: progress.task("diagnosing logs", total=n)):
                for note in r.notes:
                    progress_safe_print(note)
                if r.line is not None:
                    out.write(r.line)
                    out.flush()
                failed |= threshold is not None and r.worst is not None and r.worst >= threshold
        finally:
            for note in notes:
                progress_safe_print(note)
    return EXIT_FINDINGS if failed else EXIT_OK


def progress_safe_print(note: str) -> None:
    print(plain(note), file=sys.stderr)


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
    from .output import check_output

    fig = args.output.with_suffix(".png")
    check_output(fig, args.paths)
    return fig


def _write_figure(reports: Sequence[Report], lang: Lang, path: Path) -> None:
    from .output import write_atomic
    from .report import render

    data = render(reports, "png", lang)
    assert isinstance(data, bytes)
    write_atomic(path, data)


def _compare(args: argparse.Namespace) -> int:
    """`lossdoctor compare`: the runs ranked, where they part, why (compare.py)."""
    from .compare import compare, render as render_compare
    from .config import Options
    from .context_flags import context_from
    from .fleet import diagnose_runs
    from .identity import identify
    from .model import Run
    from .output import check_output
    from .readers import read

    lang: Lang = args.lang or default_lang()
    if args.output is not None:
        check_output(args.output, args.paths)
    if args.fmt == "png" and args.output is None and sys.stdout.isatty():
        raise UsageError("--format png writes binary data: give -o FILE (for example -o compare.png)")
    runs: list[Run] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for path in args.paths:
            runs += read(path)
        out = render_compare(compare(list(diagnose_runs(identify(runs), Options(**context_from(args)), 1))),
                             args.fmt, lang)
    for w in caught:
        print(plain(f"lossdoctor: warning: {w.message}"), file=sys.stderr)
    _emit(out, args.output)
    return EXIT_OK


def _rules() -> int:
    """Every rule and check, from the generated index (importing the rules themselves takes longer than the list)."""
    from .rule_index import RULE_INDEX

    zh = default_lang() == "zh"
    for code, name, severity, en_summary, zh_summary in RULE_INDEX:
        print(f"{code}  {name:28s} {severity:8s} {zh_summary if zh else en_summary}")
    return EXIT_OK


def _explain(args: argparse.Namespace) -> int:
    from .rules.docs import terminal_page

    from .checks import by_code as check_by_code
    from .errors import UnknownRuleError
    from .rules import by_code

    try:
        r = by_code(args.code)
    except UnknownRuleError:
        r = check_by_code(args.code)  # type: ignore[assignment]  # a check has the same page attributes
    sys.stdout.write(terminal_page(r, args.lang or default_lang()))
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    try:
        argv = sys.argv[1:] if argv is None else list(argv)
        args = _parser(argv).parse_args(argv)
        if args.command == "diagnose":
            return _diagnose(args)
        if args.command == "check":
            from .checks.cli import run as run_check

            return run_check(args)
        if args.command == "compare":
            return _compare(args)
        if args.command == "rules":
            return _rules()
        if args.command == "watch":
            from .watch import run_command

            return run_command(args)
        return _explain(args)
    except LossDoctorError as exc:
        print(f"lossdoctor: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - a bug: one line and its own exit code, so CI tells it from a finding
        print(f"lossdoctor: internal error: {type(exc).__name__}: {plain(str(exc))[:300]} (please report it with "
              f"the command line; LOSSDOCTOR_DEBUG=1 shows the traceback)", file=sys.stderr)
        if os.environ.get("LOSSDOCTOR_DEBUG") == "1":
            raise
        return EXIT_INTERNAL
