"""`lossdoctor watch PATH`: follow a run's logs while it trains and print each finding once, when it appears.

The logs are followed incrementally (`follow/`): each poll parses only what was appended, then the runs that
got new data are diagnosed by the same engine as `diagnose`. A finding is printed the first time it appears in
a run; a finding that only makes sense once training is over (the losses were still falling when it stopped)
waits for the end. The watch ends on Ctrl-C, when the run's log says training ended or stopped growing for
`--idle` seconds (`--until-done`), or at the first finding at or above `--fail-on` (exit 1, for CI jobs).
"""
from __future__ import annotations

import argparse
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping, TextIO

from .config import Options
from .context_flags import add_context_flags, context_from
from .engine import Report, diagnose_run
from .findings import Finding, Severity
from .follow.sources import Sources
from .i18n import Lang, Text
from .model import Run
from .names import NameInfo
from .readers import apply_name_map

END_ONLY = frozenset({"still_improving"})  # judged only when training is over
_MSG = {
    "watching": Text("watching {path} (every {interval:g} s; Ctrl-C to stop)",
                     "正在跟踪 {path}（每 {interval:g} 秒；Ctrl-C 停止）"),
    "ended": Text("the run ended ({why}); final diagnosis:", "训练已结束（{why}）；最终诊断："),
    "marker": Text("its log has the end-of-training summary", "日志中有训练结束的汇总"),
    "idle": Text("no new data for {idle:g} s", "{idle:g} 秒内没有新数据"),
    "stopped": Text("stopped; final diagnosis:", "已停止；最终诊断："),
    "nothing": Text("no training log found yet under {path}", "{path} 下还没有可读的训练日志"),
    "verdict": Text("[{run}] {verdict}: {n} finding(s), {points} points read", "[{run}] {verdict}：{n} 个发现，已读 {points} 个点"),
    "failed": Text("a finding at or above {level} appeared; stopping (exit 1)",
                   "出现了 {level} 或更严重的发现；停止（退出码 1）"),
}


@dataclass
class WatchSettings:
    interval: float = 2.0
    until_done: bool = False
    idle: float = 60.0
    fail_on: Severity | None = None
    show: Severity = Severity.WARNING
    lang: Lang = "en"
    options: Options = field(default_factory=Options)
    name_map: Mapping[str, NameInfo] | None = None


def _where(f: Finding) -> str:
    if f.span is None:
        return ""
    start = int(f.span.start) if float(f.span.start).is_integer() else round(f.span.start, 2)
    return f"{f.span.axis} {start}: "


def finding_line(run: str, f: Finding, lang: Lang) -> str:
    """One printed line: where, what, how bad, and the message with its numbers."""
    return f"[{run}] {_where(f)}{f.name} ({f.code}, {f.severity.label}): {f.message.get(lang)}"


def _order(f: Finding) -> tuple[float, int]:
    return (f.span.start if f.span is not None else float("inf"), -int(f.severity))


def run_ended(run: Run) -> bool:
    """Whether the log carries its writer's end-of-training record (HF Trainer's final summary)."""
    return "train_summary" in run.hparams or any(s.key.rsplit("/", 1)[-1] == "train_runtime" for s in run.series)


class Watcher:
    """Polls the sources, diagnoses runs that changed, remembers what it printed."""

    def __init__(self, path: Path, settings: WatchSettings, out: TextIO | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.settings = settings
        self.sources = Sources(path)
        self.out = out if out is not None else sys.stdout
        self.clock = clock
        self.printed: dict[tuple[str, str], Finding] = {}
        self.reports: dict[str, Report] = {}
        self.last_growth = clock()
        self.ended = False
        self.worst: Severity | None = None
        self.polls = 0

    def _say(self, line: str) -> None:
        print(line, file=self.out, flush=True)

    def poll(self) -> list[str]:
        """One round: read what was appended, diagnose what changed; returns the lines printed."""
        self.polls += 1
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            changed = self.sources.poll()
        if not changed:
            return []
        self.last_growth = self.clock()
        return self._diagnose(live=True)

    def _diagnose(self, live: bool) -> list[str]:
        lines: list[str] = []
        runs = self.sources.runs()
        current = {f"{r.source}\0{r.name}" for r in runs}
        self.reports = {k: v for k, v in self.reports.items() if k in current}  # a renamed or removed run
        for run in runs:
            if self.settings.name_map:
                run = apply_name_map(run, self.settings.name_map)
            key = f"{run.source}\0{run.name}"
            if live and key in self.reports and self.reports[key].run == run:
                continue
            report = diagnose_run(run, self.settings.options)
            self.reports[key] = report
            self.ended |= run_ended(run)
            new = [f for f in report.findings if (key, f.name) not in self.printed
                   and not (live and f.name in END_ONLY)]
            for f in sorted(new, key=_order):
                self.printed[(key, f.name)] = f
                self.worst = f.severity if self.worst is None else max(self.worst, f.severity)
                if f.severity >= self.settings.show:
                    line = finding_line(run.name, f, self.settings.lang)
                    self._say(line)
                    lines.append(line)
        return lines

    @property
    def failed(self) -> bool:
        return self.settings.fail_on is not None and self.worst is not None and self.worst >= self.settings.fail_on

    def done(self) -> str | None:
        """Why the run is over (--until-done), or None while it goes on."""
        if not self.settings.until_done:
            return None
        if self.ended:
            return _MSG["marker"].get(self.settings.lang)
        if self.clock() - self.last_growth >= self.settings.idle:
            return _MSG["idle"].get(self.settings.lang).format(idle=self.settings.idle)
        return None

    def finish(self, header: str) -> list[Report]:
        """The final diagnosis (end-of-training findings included) and one verdict line per run."""
        lang = self.settings.lang
        self._say(header)
        self._diagnose(live=False)
        if not self.reports:
            self._say(_MSG["nothing"].get(lang).format(path=self.sources.root))
        for rep in self.reports.values():
            points = sum(len(s) for s in rep.run.series)
            self._say(_MSG["verdict"].get(lang).format(run=rep.run.name, verdict=rep.verdict, n=len(rep.findings),
                                                        points=points))
        return list(self.reports.values())

    def loop(self, sleep: Callable[[float], None] = time.sleep) -> list[Report]:
        """Poll until done, Ctrl-C or a --fail-on finding; then the final diagnosis."""
        lang = self.settings.lang
        self._say(_MSG["watching"].get(lang).format(path=self.sources.root, interval=self.settings.interval))
        header = _MSG["stopped"].get(lang)
        try:
            while True:
                self.poll()
                if self.failed:
                    header = _MSG["failed"].get(lang).format(level=self.settings.fail_on.label)  # type: ignore
                    break
                why = self.done()
                if why is not None:
                    header = _MSG["ended"].get(lang).format(why=why)
                    break
                sleep(self.settings.interval)
        except KeyboardInterrupt:
            pass
        try:
            return self.finish(header)
        except KeyboardInterrupt:  # a second Ctrl-C during the final diagnosis
            return list(self.reports.values())


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register `watch` on the CLI's sub-command parser."""
    w = sub.add_parser("watch", help="follow a run's logs while it trains; print findings as they appear")
    w.add_argument("path", metavar="PATH", help="a log file or a log directory that is being written")
    w.add_argument("--interval", type=float, default=2.0, help="seconds between polls (default 2)")
    w.add_argument("--until-done", action="store_true",
                   help="stop when the log says training ended, or when it stopped growing for --idle seconds")
    w.add_argument("--idle", type=float, default=60.0, help="seconds without new data that end the run (default 60)")
    w.add_argument("--fail-on", choices=("info", "warning", "error"), default=None,
                   help="stop and exit 1 as soon as a finding at or above this severity appears")
    w.add_argument("--show", choices=("info", "warning", "error"), default="warning",
                   help="print findings at or above this severity while watching (default warning)")
    w.add_argument("--format", dest="fmt", default="text", help="format of the final report written with -o")
    w.add_argument("-o", "--output", type=Path, help="write the final report to this file when the watch ends")
    w.add_argument("--lang", choices=("en", "zh"), default=None, help="language (default: from the locale)")
    w.add_argument("--map", action="append", default=[], metavar="KEY=SPLIT:KIND",
                   help="override how a metric name is read, e.g. --map myloss=train:loss")
    w.add_argument("--num-classes", type=int, default=None, help="number of classes, for chance-level checks")
    w.add_argument("--select", action="append", default=[], help="only these rule codes, prefixes or names")
    w.add_argument("--ignore", action="append", default=[], help="skip these rule codes, prefixes or names")
    add_context_flags(w)


def run_command(args: argparse.Namespace) -> int:
    """The `watch` command: 0 when done or stopped, 1 when --fail-on tripped, 2 on bad usage (raised)."""
    from .errors import UsageError
    from .i18n import default_lang
    from .names import parse_overrides
    from .report import FORMATS, render

    if args.interval <= 0 or args.idle <= 0:
        raise UsageError("--interval and --idle must be positive numbers of seconds")
    if args.fmt not in FORMATS:
        raise UsageError(f"--format must be one of: {', '.join(FORMATS)}")
    if args.num_classes is not None and args.num_classes < 2:
        raise UsageError(f"--num-classes must be at least 2, got {args.num_classes}")
    path = Path(args.path)
    if args.output is not None and _inside(args.output, path):
        raise UsageError(f"{args.output}: refusing to write the report inside the watched logs")
    settings = WatchSettings(
        interval=args.interval, until_done=args.until_done, idle=args.idle,
        fail_on=Severity.parse(args.fail_on) if args.fail_on else None, show=Severity.parse(args.show),
        lang=args.lang or default_lang(),
        options=Options(num_classes=args.num_classes, select=tuple(args.select), ignore=tuple(args.ignore),
                        **context_from(args)),
        name_map=parse_overrides(args.map) or None)
    watcher = Watcher(path, settings)
    reports = watcher.loop()
    for note in watcher.sources.problems:
        print(f"lossdoctor: warning: {note}", file=sys.stderr)
    if args.output is not None and reports:
        out = render(reports, args.fmt, settings.lang)
        if isinstance(out, bytes):
            args.output.write_bytes(out)
        else:
            args.output.write_text(out, encoding="utf-8")
    return 1 if watcher.failed else 0


def _inside(output: Path, root: Path) -> bool:
    out, base = output.resolve(), root.resolve()
    return out == base or base in out.parents
