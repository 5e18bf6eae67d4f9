"""Text logs: the stdout of training scripts, saved to a file or pasted on stdin.

Reads Keras 2/3 `model.fit` output (progress bars with `\\r`/`\\b`/ANSI leftovers, verbose=2 lines, callback
messages), the lines people print by hand in PyTorch loops (`Epoch [12/50] Average Loss: 0.3643`,
`epoch 3 | loss 0.41`, nanoGPT `iter 100: loss 3.21`, tqdm postfixes, logging/glog prefixes), Caffe solver
logs, fastai Recorder tables, Hugging Face model-card tables and Trainer's printed dicts, spaCy's training output
(its losses dicts `{'ner': 117.4}` and the v2/v3 `spacy train` tables), rows of numbers alone (`print(loss, acc)`,
read by their first value when the log names no metric), `Epoch 2: train=-5.89 valid=-17.63` summaries, lines tagged
with their split (`[VALID DATA] avg. loss: 0.72`) or under a split's heading alone (`Test:`, `Validation`), tqdm.keras's
bars written through a logger and Julia's `@show` of a tuple (`(i, loss(x...)) = (1, 0.296 (tracked))`). The
patterns live in `text_patterns.py`; this module keeps the running epoch/step context and builds the Run.

Semantics: a counter (`Epoch 3/10`, `step 250`) sets the context; metric values without their own counter
belong to it, and within one epoch (or step) the last value printed wins — the final progress-bar update
of a Keras epoch is the one that carries the validation metrics (a log that ends inside an epoch's bar keeps that
epoch's last running mean, with a warning). Table rows and Trainer dicts carry their own
counters and never take the context's. An excerpt that starts mid-run (its first counter is `Epoch n/N`
with n > 1) gives the values printed before that header to epoch n - 1: Keras prints the header first.

A file may hold several runs written one after another (a script run again into the same log): where the epoch
goes back to its run's first epoch, or a step counter without epochs goes back to its start with the loss starting
over, a new run begins; each is read on its own and named `<file> #1`, `#2`... (`parse_runs`).
A counter that goes back inside its run and runs on past where it was, with values that differ from the ones first
printed there (training taken up again from an earlier checkpoint), is read as written, in log order, numbered on
(`_number_restarts_on`); a history printed again unchanged keeps one copy.
"""
from __future__ import annotations

import io
import math
import re
from array import array
from copy import copy
from dataclasses import dataclass, field, replace
from pathlib import Path
from functools import lru_cache
from itertools import islice
from typing import Callable, Iterable, Iterator

import numpy as np

from ..errors import ReadError
from ..model import METRIC_KINDS, Axis, Kind, Run, Series, Split
from ..names import names_split, tokens
from ._base import Points, head_bytes, make_run, parse_float
from ._held_out_record import held_out_splits
from ._resumed import back_jumps, overlap_differs
from ._wrapped_records import join_wrapped
from .keras_csv import MAX_RUNS_PER_FILE
from . import text_patterns as tp
from .table import file_run_name
from .text_patterns import classify
from .text_template import Plan, Ref, plan_for, restore_numbers

_EVIDENCE = (Kind.LOSS, Kind.ACCURACY, Kind.ERROR_RATE, Kind.ERROR, Kind.SCORE)
# the words of the read warnings for values printed with no epoch or step beside them, numbered in print order (the
# series carries `print_order` for the rules; the warning is for the user)
PRINT_ORDER = "numbered in the order they were printed"
NO_COUNTER = "no epoch or step numbers next to "
_SUFFIXES = {".log", ".out", ".err", ".stdout", ".stderr"}
# notes and model cards: read when they talk about training ('Training results' tables of a README.md)
_PROSE_SUFFIXES = {".txt", ".md", ".html", ".htm"}  # .html: a notebook's saved output (Trainer's HTML table)
_SNIFF = 65536
_TRAINING_WORDS = re.compile(r"(?i)\b(?:epoch|loss|acc|accuracy|iter|iteration|step)\b")
NO_METRICS = "no epoch/step with a loss or metric found (expected a training log printing e.g. " \
             "'Epoch 3/10 ... loss: 0.41' or 'step 100: loss 2.3')"


_EPOCH, _STEP, _BAR, _OPEN = 1, 2, 4, 8  # _Column.has: which of a point's optional counters were printed
_RUN = 16  # _Column.has: printed by a tqdm refresh without a counter of its own (`_Collector.running`)
# (_OPEN: a batch number without the epoch's batch count, 'Epoch[3] Batch [49]', kept in `bar` until placed)


class _Column:
    """One metric's points in print order, as parallel typed arrays: about 50 bytes a point (a Python object per
    point took ~220), so a long log's memory follows the points kept, not the objects made for them. Each point:
    its value, epoch and step (when printed: `has`), print-order record number (`implicit`), the n-th consecutive
    Trainer dict printing this key at the same rounded epoch (`repeat`), and the tqdm bar's fraction n/N of its
    epoch when a bar printed it (`bar`)."""

    __slots__ = ("value", "epoch", "step", "implicit", "repeat", "bar", "has")

    def __init__(self) -> None:
        self.value, self.epoch, self.step, self.bar = array("d"), array("d"), array("d"), array("d")
        self.implicit, self.repeat, self.has = array("q"), array("l"), array("B")

    def append(self, value: float, epoch: float | None, step: float | None, implicit: int, repeat: int,
               bar: float | None, open_batch: int | None = None) -> None:
        self.value.append(value)
        self.epoch.append(0.0 if epoch is None else epoch)
        self.step.append(0.0 if step is None else step)
        self.bar.append(float(open_batch) if open_batch is not None else 0.0 if bar is None else bar)
        self.implicit.append(implicit)
        self.repeat.append(repeat)
        self.has.append((epoch is not None) * _EPOCH | (step is not None) * _STEP
                        | (bar is not None and open_batch is None) * _BAR | (open_batch is not None) * _OPEN)

    def __len__(self) -> int:
        return len(self.value)

    def pop(self) -> None:
        """Take the last point back (it turned out to be a sample's, not the run's)."""
        for a in (self.value, self.epoch, self.step, self.bar, self.implicit, self.repeat, self.has):
            a.pop()

    def view(self, name: str) -> np.ndarray:
        """A numpy view (no copy) of one array."""
        a = getattr(self, name)
        return np.frombuffer(a, dtype=np.dtype(a.typecode)) if len(a) else np.zeros(0, dtype=np.dtype(a.typecode))

    def has_mask(self, flag: int) -> np.ndarray:
        return (self.view("has") & flag) != 0

    def keep(self, mask: np.ndarray) -> None:
        """Keep only the points where `mask` holds."""
        for name in ("value", "epoch", "step", "bar", "implicit", "repeat", "has"):
            a = getattr(self, name)
            setattr(self, name, array(a.typecode, np.frombuffer(a, dtype=np.dtype(a.typecode))[mask].tobytes()))


@dataclass
class _Collector:
    """Walks the log line by line, keeping the epoch/step context and the points seen under it."""

    epoch: float | None = None
    epoch_total: int | None = None
    step: float | None = None
    raw_step: int | None = None
    step_offset: int = 0
    step_gap: int = 0  # the last rise of the raw step counter
    epoch_at_step: float | None = None
    implicit: int = 0
    section: str | None = None  # 'val'/'test'/'eval' under a heading naming that split ('--- validate ---')
    section_epoch: float | None = None  # the epoch it validates
    pending_names: list[str] | None = None  # a line of names alone ('train_loss,train_acc,valid_loss'): values follow
    burn_metrics: list[str] | None = None  # Burn's '[Metrics]' block, held until its '[Progress]' counter
    pending_frame: list[str] | None = None  # a pandas DataFrame's header ('counter' first: its index's name): rows follow
    fractional: bool = False  # training lines count fractions of an epoch ('Epoch: [0][100/500]' is epoch 0.2)
    record_keys: set[str] = field(default_factory=set)  # keys printed since the print-order counter last moved
    line_has_points: bool = False
    table: list[str] | None = None
    table_offset: int = 0
    table_last: int | None = None
    best_block: bool = False  # under DeepXDE's 'Best model at step 18000:' heading (its indented lines)
    table_goes_on: int | None = None  # a continued table's first row still to come: the last counter before it
    table_row: list[str] | None = None  # the last row read (its cells as printed)
    table_spans: list[tuple[int, int]] | None = None  # the columns of the dash rule under the header (tabulate)
    tables: int = 0  # tables in a row with the same columns
    table_columns: list[str] | None = None
    points: dict[str, _Column] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    caffe_test: bool = False
    caffe_early: list[tuple[str, str]] = field(default_factory=list)  # test outputs printed before any iteration
    bar_total: int | None = None  # N of the epoch's Keras progress bar ("n/N")
    bar_val: bool = False  # the epoch's bar already printed its val_ metrics (its last update)
    after_fit: int = 0  # Keras bars after an epoch's last update: model.evaluate()/predict() output
    first_epoch: tuple[int, int | None] | None = None  # the log's first epoch counter (n, N)
    hf_last: dict[str, tuple[float, int]] = field(default_factory=dict)  # key -> (epoch, repeat) of its last dict
    hf_decimals: int = 0  # the most decimals a Trainer dict printed its epoch with (it rounds to 2)
    hf_repeats: int = 0
    hf_prev: dict[str, str] | None = None  # the Trainer dict printed last
    fit_last: tuple[int, int | None] | None = None  # the last 'Epoch n/N' header's counters, as printed
    fit_stopped: bool = False  # early stopping was reported after it
    fit_offset: int = 0  # epochs of the finished fit() phases before the current one
    fit_phases: int = 0  # fit() phases numbered on
    table_metrics: set[str] = field(default_factory=set)  # metric columns of result tables: validation metrics
    bar_pos: float | None = None  # the current segment's tqdm bar position n/N within its epoch
    array: tuple[str, list[str]] | None = None  # an array being printed over several lines: (name, values so far)
    array_scope: str | None = None  # the struct field it belongs to ('train' of "info.train =")
    lines: int = 0  # lines fed so far
    key_line: dict[str, int] = field(default_factory=dict)  # key -> the line that last printed it
    first_epoch_line: int = 0  # the line of the first epoch counter
    html_row: list[str] | None = None  # the cells of an HTML table row being read
    yolo_val: list[str] | None = None  # the names of YOLO's validation header after an epoch row, until its row
    batch_section: bool = False  # the section was opened by 'Eval begin...': its step counters count its batches
    prose_section: bool = False  # the section was opened by a sentence ('Now we are doing evaluation on dev')
    header_section: bool = False  # the section was opened by a split header '[test] epoch: 3/10' (`_split_header`)
    header_epoch: bool = False  # the epoch context was set by such a header (no training counter line since)
    fit_header: int | None = None  # the line of the last Keras 1.x 'Epoch 1/1' header (one per fit() call)
    bar_last: int | None = None  # n of the last Keras bar update in a log without epoch headers
    summaries_skipped: int = 0  # epoch summaries of a key the epoch's batch lines printed, not read as points
    keras_bars: bool = False  # Keras progress bars under 'Epoch n/N' headers were read (their updates: running means)
    unnamed: _Column = field(default_factory=_Column)  # the first of the values a line prints without names
    unnamed_all: array = field(default_factory=lambda: array("d"))  # every unnamed value of those lines, row by row
    unnamed_width: int = 0  # how many unnamed values each of those lines printed (-1: lines differ)
    fastai_rows: list[tuple[float, float | None, float | None]] = field(default_factory=list)  # fastai 0.7 rows
    listed: list[float] = field(default_factory=list)  # the values of printed lists of numbers alone
    column_name: str | None = None  # a metric's name alone on a line, before any number alone on a line
    list_open: bool = False  # a list opened with '[' goes on over the next lines
    reprinted: dict[str, tuple[float | None, int]] = field(default_factory=dict)  # key -> (epoch, n) of a value
    #                                     printed alone on its line without counters, the n-th time in that epoch
    last_alone: dict[str, int] = field(default_factory=dict)  # key -> the line of its last such print
    block: list[str] | None = None  # keys put since the last rule line ('-----'), while few: a sample's report?
    epoch_bar: tuple[int, int, bool] | None = None  # the epoch's first tqdm bar: (epoch, its N, finished)
    progress: bool = False  # a line showed its progress through the epoch ('99.88 %', 'ETA'): its values update
    clock: str = ""  # the logger prefix (with its time) of the current line, when it has one
    clock_keys: dict[str, tuple[int, float | None, float | None]] = field(default_factory=dict)  # key -> (line,
    #                                              epoch, step) where it was put last under that same prefix
    decimals: dict[str, int] = field(default_factory=dict)  # key -> the decimals its first printed number showed
    no_decimals: set[str] = field(default_factory=set)  # keys whose values show different decimals ('0.297' then
    #                          '16.12': significant digits) or were not read from their own text (n/N, computed)
    print_order: set[str] = field(default_factory=set)  # keys whose steps are their print order (no counter beside)
    fractions: set[str] = field(default_factory=set)  # keys printed as a fraction by their own text ('9783/10000',
    #                                                   '97.83%'): read as fractions already, never divided again
    carried: tuple[float, float | None, int] | None = None  # (epoch, step, line) of a counter line that printed no
    #                    metric: the line after it holds that position's values (det3d's counter line, then its losses)
    run_starts: list[tuple[int, dict[str, int], bool]] = field(default_factory=list)  # where a counter went back
    #    to its run's first value: (the first line after the run's last value, run_marks there, a step went back)
    run_epoch: tuple[float, float] | None = None  # the current run's (first, highest) epoch context
    run_step: tuple[float, float] | None = None  # its (first, highest) step context
    run_marks: dict[str, int] = field(default_factory=dict)  # key -> its points before the current run
    running: bool = False  # the segment is a tqdm refresh without a counter of its own: its values are running ones
    running_dropped: dict[str, int] = field(default_factory=dict)  # key -> such refreshes not read (`_drop_running`)
    counter_line: int = 0  # the last line that carried an epoch, step or batch counter of its own
    line_text: str = ""  # the line being fed (`_is_summary` matches it only when a counterless point needs it)
    summary: bool | None = None  # whether it names itself a summary (`tp.SUMMARY_LINE`); None: not matched yet
    summary_points: list[tuple[str, int, int]] = field(default_factory=list)  # (key, index, line) of the points
    #                                      such lines put without a counter of their own (`_drop_summaries`)

    def add(self, key: str, text: str, epoch: float | None = None, step: float | None = None) -> None:
        if classify(key).kind is not Kind.OTHER:
            self.put(key, parse_float(text), epoch, step, text=text)

    def put(self, key: str, value: float | None, epoch: float | None, step: float | None, context: bool = True,
            repeat: int = 0, open_batch: int | None = None, text: str | None = None) -> None:
        """Record a value under the line's own counters, else (with `context`) the current epoch/step context.
        `text`: the number as printed, for its decimals (None: the value was not printed as such)."""
        if value is None:
            return
        if self.clock and epoch is None and step is None and context \
                and (self.epoch is not None or self.step is not None):
            at = (self.lines, self.epoch, self.step)
            last = self.clock_keys.get(key, at)
            if last[0] != at[0] and last[1:] == at[1:]:
                return  # the same key at the same counted position within the same logged second: another
                #         process's copy (without any counter, prints in one second are print order: each kept)
            self.clock_keys[key] = at
        if not self.line_has_points:
            self.line_has_points = True
            self._next_record(key)
        self.record_keys.add(key)
        self.key_line[key] = self.lines
        if self.block is not None:
            if len(self.block) < tp.BLOCK_MAX:
                self.block.append(key)
            else:
                self.block = None
        e = epoch if epoch is not None or not context else self.epoch
        s = step if step is not None or not context else self.step
        col = self.points.get(key)
        if col is None:
            col = self.points[key] = _Column()
        col.append(value, e, s, self.implicit, repeat, self.bar_pos, open_batch)
        if epoch is not None or step is not None:
            self.counter_line = self.lines
        elif context and self.counter_line and self.counter_line != self.lines and self._is_summary():
            self.summary_points.append((key, len(col) - 1, self.lines))
        if self.running:
            col.has[-1] |= _RUN
        if text is None:
            self.no_decimals.add(key)
        else:
            d = _decimals(text)
            if d >= 0 and self.decimals.setdefault(key, d) != d:
                self.no_decimals.add(key)

    def _put_ref(self, key: str, ref: Ref, toks: list[str], epoch: float | None, step: float | None,
                 context: bool = True, repeat: int = 0, open_batch: int | None = None) -> None:
        """put() of a template's value, with its printed text (none for 'n/N', a ratio the log did not print)."""
        if ref.over >= 0 or ref.percent:
            self.fractions.add(key)
        self.put(key, ref.value(toks), epoch, step, context, repeat, open_batch,
                 ref.text(toks) if ref.over < 0 else None)

    def _next_record(self, key: str) -> None:
        """Print order, for logs without counters: a line opens a new record unless it prints a key the current one
        lacks ('Accuracy : 0.54' then 'val_loss : 1.31', one metric per line, belong together)."""
        if key in self.record_keys or not self.implicit:
            self.implicit += 1
            self.record_keys = set()

    def set_markers(self, m: tp.Markers) -> float | None:
        """Update the context from a line's counters; returns the line's own fractional epoch, if any."""
        if m.epoch is not None:
            self.header_epoch = False
            if self.first_epoch is None:
                self.first_epoch = (m.epoch, m.epoch_total)
                self.first_epoch_line = self.lines
            if self.epoch != m.epoch:
                self.bar_total, self.bar_val = None, False
            self.epoch = float(m.epoch)
            if m.epoch_total:
                self.epoch_total = m.epoch_total
        if m.step is not None:
            self._set_step(m.step, m.step_total)
        elif m.batch is not None and m.epoch is None:
            self._set_step(m.batch, m.batch_total)
        if m.epoch is not None or m.step is not None or m.batch is not None:
            self.counter_line = self.lines
            self._run_counters(m.epoch is not None, m.step is not None or (m.batch is not None and m.epoch is None))
        if m.batch is not None and m.batch_total and m.epoch is not None:
            return m.epoch + m.batch / m.batch_total  # torchvision "Epoch: [0] [10/60]" -> epoch 0.167
        return None

    def _run_counters(self, epoch: bool, step: bool) -> None:
        """Note where a new run may start: the epoch context back at the first epoch of a run that had gone past
        it, or a step counter printed without an epoch back at (or below) its run's first step - a script run again
        into the same file (a second 'Epoch: 0', modded-nanogpt's repeated records). A counter back to a value
        inside the run is a resume (its points replace the ones they overlap, as before); an epoch back while the
        step printed beside it goes on is the same run; `_new_runs` decides on a step counter's restarts."""
        if epoch and self.epoch is not None:
            first_e, top_e = self.run_epoch or (self.epoch, self.epoch)
            back_e = self.epoch == first_e < top_e  # (an epoch back below its first is a misread count as often)
            self.run_epoch = (first_e, max(top_e, self.epoch))
        else:
            back_e = False
        if step and not epoch and self.step is not None:  # a step back under a printed epoch: that epoch's own
            #                                               pass (its validation's 'step:0'), not a new run
            first_s, top_s = self.run_step or (self.step, self.step)
            back_s, ahead_s = self.step <= first_s < top_s, self.step > top_s
            self.run_step = (first_s, max(top_s, self.step))
        else:
            back_s = ahead_s = False
        if not (back_s or (back_e and not ahead_s)) or not self._run_went_on(_STEP if back_s else _EPOCH):
            return
        self.run_marks = {k: len(col) for k, col in self.points.items()}
        self.run_starts.append((min(max(self.key_line.values()) + 1, self.lines), self.run_marks, back_s))
        self.run_epoch = (self.epoch, self.epoch) if epoch and self.epoch is not None else None
        self.run_step = (self.step, self.step) if step and self.step is not None else None

    def _run_went_on(self, flag: int) -> bool:
        """Whether the run that a counter went back on is a run: a loss or metric of it printed at two or more
        positions of that counter (a setting printed before training, or one evaluation's batches, is none)."""
        name = "step" if flag == _STEP else "epoch"
        for key, col in self.points.items():
            start = self.run_marks.get(key, 0)
            if len(col) - start < 2 or classify(key).kind not in _EVIDENCE:
                continue
            counted = col.view(name)[start:][col.has_mask(flag)[start:]]
            if counted.size >= 2 and counted.max() - counted.min() >= (1.0 if flag == _EPOCH else 1e-9):
                return True  # a whole epoch at least: the batches of one ('[0][10/139]' to '[0][139/139]') are none
        return False

    def _set_step(self, n: int, total: int | None) -> None:
        """Global step; a per-epoch counter that restarts when the epoch advances is made cumulative."""
        if self.raw_step is not None and n <= self.raw_step and self.epoch is not None \
                and self.epoch_at_step is not None and self.epoch > self.epoch_at_step:
            self.step_offset += total if total else self.raw_step
            if self.step is not None and n + self.step_offset <= self.step:  # a counter from 0 ('iter 0, 200, 400'
                self.step_offset = int(self.step) - n + max(self.step_gap, 1)  # then 'iter 0'): one gap further on
        if self.raw_step is not None and n > self.raw_step:
            self.step_gap = n - self.raw_step
        self.raw_step = n
        self.epoch_at_step = self.epoch
        self.step = float(n + self.step_offset)
        if self.caffe_early:  # Caffe tests at iteration N before it prints 'Iteration N, loss = ..': an excerpt that
            early, self.caffe_early = self.caffe_early, []  # lost 'Iteration N, Testing net' shows them first
            for key, text in early:
                self.add(key, text)

    def feed_line(self, line: str) -> None:
        self.line_has_points = False
        self.lines += 1
        if ">" in line[:4]:  # a log pasted as a markdown quote: '> ' before every line
            line = tp.unquote(line)
        if self.best_block:  # the best checkpoint's values, indented under its heading: no point of the run
            if line[:1] in (" ", "\t") and line.strip():
                return
            self.best_block = False
        if "est" in line[:8] and tp.BEST_HEADING.match(line):
            self.best_block = True
            return
        self.line_text, self.summary = line, None
        if "stopping" in line and self.fit_last is not None and tp.EARLY_STOPPING.search(line):
            self.fit_stopped = True
        if (self.burn_metrics is not None or line[:1] == "[") and self._burn_snapshot(line):
            return
        line = tp.half_width(line)
        if not self.progress and ("%" in line or "ETA" in line) and tp.shows_progress(line):
            self.progress = True
        if "<" in line and ">" in line:
            if tp.HTML_TAG.search(line):  # a notebook's HTML table: its rows as pipe-table lines
                self.html_row, rows = tp.html_rows(line, self.html_row)
                for row in rows:
                    self.feed_segment(row)
                return
            if not tp.HTML_ANY_TAG.sub("", line).strip():  # markup alone ('<thead>', '</div>'): nothing to read
                return
        for i, seg in enumerate(tp.segments(line)):
            if i and self.epoch is not None and "poch" in seg and self._nested_header(seg):
                continue
            seg = self._clock(seg, tp.strip_prefix(seg))
            if "|" in seg and "Step" in seg:
                seg = tp.piped_metric(seg)
            if "it:" in seg[:8]:
                seg = tp.lead_it(seg)
            if seg[:3] == "..." or seg[:1].isspace():
                seg = tp.LEADING_DOTS.sub("", seg)
            if not seg.isascii() and ("第" in seg or "集" in seg or "准确率" in seg or "损失" in seg or "训练" in seg
                                      or "验证" in seg or "测试" in seg):
                seg = tp.zh_terms(seg)
            if (not seg.isascii() or "asso" in seg or "reino" in seg or "este" in seg or "erda" in seg
                    or "poca" in seg or "uracia" in seg or "dacao" in seg) and tp.PT_HINT.search(seg):
                seg = tp.pt_terms(seg)
            if ("train:" in seg and ", " in seg) or "n/a" in seg or ": None" in seg or "N/A" in seg:
                seg = tp.split_after_metric(seg)
            if "'" in seg or '"' in seg:  # a value printed as a quoted string: "'loss': 'nan'"
                seg = tp.quoted_numbers(seg)
            if "xx" in seg or "0n" in seg or "0i" in seg or "0N" in seg or "0I" in seg:  # a padded nan/inf
                seg = tp.padded_nonfinite(seg)
            if "=[(" in seg:
                seg = tp.task_losses(seg)
            if "[Losses:" in seg:
                seg = tp.loss_group(seg)
            if ") = (" in seg:
                seg = tp.julia_show(seg)
            if "):" in seg or ")=" in seg:
                seg = tp.paren_tuples(seg)
            if "=" in seg and ")," in seg:
                seg = tp.tagged_values(seg)
            if "=" in seg:
                seg = tp.postfix_colon(seg)
            if "[D " in seg or "[G " in seg:
                seg = tp.net_groups(seg)
            if "[" in seg and "]" in seg:
                if "| [" in seg or "|[" in seg:
                    seg = tp.piped_bracket_names(seg)
                if "E" in seg and "iter" in seg:
                    seg = tp.epoch_abbr(seg)
                seg = tp.unwrap_brackets(tp.unbracket_names(seg) if "]:" in seg or "] :" in seg else seg)
            seg = tp.unwrap_tensors(seg) if "tensor(" in seg else seg
            if ")" in seg and "=" in seg and seg.lstrip()[:1].isalpha():
                seg = tp.call_shown(seg)
            self.feed_segment(tp.py2_tuple(seg) if seg.lstrip()[:1] == "(" else seg)

    def _burn_snapshot(self, line: str) -> bool:
        """Burn's dashboard prints a snapshot's metrics above the counter they belong to: the '[Metrics]' block's
        lines are held and read right after the '[Progress]' block's 'Iteration N Epoch e/E' line."""
        if line.strip() == tp.BURN_METRICS:
            self.flush_burn()
            self.burn_metrics = []
            return True
        if self.burn_metrics is None:
            return False
        metric = tp.burn_metric(line)
        if metric is not None:
            self.burn_metrics.append(metric)
            return True
        if tp.BURN_PROGRESS.match(line):
            held, self.burn_metrics = self.burn_metrics, None
            self.feed_line(line)
            for metric in held:
                self.feed_line(metric)
            return True
        return False

    def flush_burn(self) -> None:
        """A '[Metrics]' block no counter followed (the paste ends): its lines are read where they stand."""
        held, self.burn_metrics = self.burn_metrics or [], None
        for metric in held:
            self.feed_line(metric)

    def _clock(self, seg: str, message: str) -> str:
        """Track the logger prefix: every process of a distributed run (DDP ranks) logs the epoch's summary line in
        the same second ('19:43:24 | INFO | Training metrics - Loss: 6.33' once per GPU); those copies are one point,
        not progress within the epoch. A prefix without a clock time to the second dedups nothing."""
        if len(message) == len(seg):
            prefix = ""
        else:
            prefix = seg[:len(seg) - len(message)]
            prefix = prefix if tp.CLOCK_SECOND.search(prefix) else ""
        if prefix != self.clock:
            self.clock = prefix
            if self.clock_keys:
                self.clock_keys = {}
        return message

    def feed_segment(self, seg: str) -> None:
        self.bar_pos = None
        bare = tp.TQDM_BARE.match(seg) if "%|" in seg else None
        if bare is not None and seg[bare.end():].strip():  # a message glued after the bar is no refresh of it
            self.feed_segment(seg[:bare.end()])
            self.feed_segment(seg[bare.end():])
            return
        self.running = bare is not None
        if "---" in seg and self.table is None and tp.DASH_RULE.match(seg):
            self.block = []  # a rule: a block of lines begins (maybe one decoded sample's report)
        if '"' in seg and self.block and tp.SAMPLE_TEXT.match(seg):
            self._drop_sample()
            return
        if "--" in seg or "raining" in seg or "==" in seg:
            banner = tp.SECTION_EVAL.match(seg)
            if banner is not None:
                self.section = (banner.group(1) or banner.group(2)).lower()[:4].replace("vali", "val")
                banner_epoch = tp.find_markers(seg)[0].epoch  # '--- validate (epoch=0) ---'
                self.section_epoch = banner_epoch if banner_epoch is not None else self.epoch
                self.prose_section = self.batch_section = False
                return
            if tp.SECTION_TRAIN.match(seg):
                self.section = None
        if len(seg) < 120 and "poch" in seg and seg.lstrip()[:1] == "[":
            header = tp.SPLIT_EPOCH_HEADER.match(seg)
            if header is not None:  # '[test] epoch: 3/10' over '- total loss: 0.31' lines
                self._split_header(header.group(1), tp.find_markers(seg)[0])
                return
        if len(seg) < 300 and ("poch" in seg) and tp.SECTION_EVAL_EPOCH.match(seg):
            word = tp.SECTION_EVAL_EPOCH.match(seg).group(1).lower()  # 'Eval epoch: 1': that epoch's evaluation
            self.section = "test" if word.startswith("test") else "eval" if word.startswith("eval") else "val"
            banner = tp.find_markers(seg)[0]
            if banner.epoch is not None:
                self.set_markers(replace(banner, step=None, batch=None))
            self.section_epoch, self.prose_section, self.batch_section = self.epoch, True, False
            return
        if len(seg) < 300 and ("valuat" in seg or "alidat" in seg):
            prose = tp.SECTION_EVAL_PROSE.match(seg) or tp.SECTION_EVAL_NAMED.match(seg)
            if prose is not None:
                self.section = "eval" if prose.group(1).lower().startswith("evaluat") else "val"
                self.section_epoch, self.prose_section, self.batch_section = self.epoch, True, False
                return
        if len(seg) < 40 and (seg.strip()[:1].isalpha() or seg.lstrip()[:1] in "[(<=#*-") and self._phase_heading(seg):
            return  # 'Validation' alone over the block of values it names
        if ("egin" in seg or "tart" in seg) and len(seg) < 300 and tp.SECTION_EVAL_BEGIN.match(seg):
            word = tp.SECTION_EVAL_BEGIN.match(seg).group(1).lower()  # paddle hapi 'Eval begin...': the batches of
            self.section = "test" if word.startswith("test") else "eval" if word.startswith("eval") else "val"
            self.section_epoch, self.prose_section, self.batch_section = self.epoch, False, True  # the pass follow
            return
        if ":" in seg and "[" in seg:
            held_out = tp.HELD_OUT_BATCH.match(seg)
            if held_out is not None:  # 'Test: [ 48/48] .. Loss: 6.37 (6.44)': the pass's own batches, its means
                word = held_out.group(1).lower()
                self.section = "test" if word == "test" else "eval" if word == "eval" else "val"
                self.section_epoch, self.prose_section, self.batch_section = self.epoch, True, False
                seg = tp.running_means(seg)
        if "Score at" in seg:
            seg = tp.dl4j_score(seg)
        if ":" in seg and ("al" in seg or "ev" in seg or "est" in seg or "EV" in seg or "AL" in seg):
            seg = tp.split_label(seg, metrics=self.section in (None, "train"))
        if "Dloss" in seg or "Gloss" in seg:
            seg = tp.glued_net_loss(seg)
        if "s:" in seg and self._llmc(seg):
            return
        if seg[:1].isdigit() or seg[:1].isspace():
            if "/" in seg and self._yolo_results(seg):
                return
            if "avg" in seg and " rate" in seg:
                seg = tp.darknet(seg)
            if "%" in seg and "s" in seg:
                seg = tp.tutorial_progress(seg)
            seg = tp.number_first(seg)
        if "after" in seg or " at " in seg:
            seg = tp.after_counter(seg)
        elif ":" in seg:
            seg = tp.name_counter(seg)
        if seg.lstrip()[:1] == "[" and "," in seg:
            seg = tp.lead_epoch_batch(seg)
        elif "Pass " in seg:
            seg = tp.paddle_pass(seg)
        if " of " in seg or " over " in seg or " on " in seg:
            seg = tp.averaged_over(seg)
        if "," in seg and ("ter" in seg or "tep" in seg):
            seg = tp.grouped_counts(seg)
        if "poch" in seg or "batch" in seg:
            seg = tp.glued_counts(seg)
        elif seg.lstrip()[:5].lower() == "train":
            seg = tp.split_epoch(seg)
        if "1/1" in seg and tp.ONE_EPOCH_FIT.match(seg):
            seg = self._one_epoch_fit()
        if "Class" in seg and "Images" in seg:
            names = tp.yolo_val_names(seg)
            if names is not None:  # YOLO validates after each epoch's row; a header after the table (the best
                self.yolo_val = names if self.table is not None else None  # checkpoint validated again) is no epoch
                return
        if self.yolo_val is not None and "all" in seg:
            names, self.yolo_val = self.yolo_val, None
            values = tp.yolo_val_row(seg, len(names))
            if values is not None and self.table_last is not None:  # the epoch of the row above its header
                for name, text in zip(names, values):
                    if classify(name).kind is not Kind.OTHER:
                        self.put(name, parse_float(text), float(self.table_last), None, context=False, text=text)
                return
        if self.table is not None:
            row = tp.table_row(seg, self.table, self.table_spans)
            if row is not None:
                self._table_row(*row)
                return
            if "--" in seg and tp.DASH_RULE.match(seg):
                spans = [m.span() for m in tp.DASH_RUN.finditer(seg)]
                self.table_spans = spans if len(spans) == len(self.table) else None
                return
            if tp.MD_RULE.match(seg) or ("..." in seg and tp.FRAME_ELLIPSIS.match(seg)) or (
                    ("-+" in seg or "=+" in seg) and tp.GRID_RULE.match(seg)):
                return
            self.table = None
        if tp.looks_like_header(seg):
            header = tp.table_header(seg)
            if header is not None:
                self._start_table(header)
                return
        if self.pending_frame is not None and self._frame_row(seg):
            return
        if seg[:2] == "  " and (frame := tp.frame_header(seg)) is not None:
            self.pending_frame = ["epoch", *frame]
            return
        if self.pending_names is not None:  # the line under a names line holds their values
            names, self.pending_names = self.pending_names, None
            values = tp.values_line(seg, len(names))
            if values is not None:
                for name, text in zip(names, values):
                    self.add(name, text)
                self.pending_names = names  # a table of rows under one names line (tab-separated results)
                return
        if ("," in seg or "\t" in seg) and not tp.DIGIT.search(seg):
            self.pending_names = tp.names_line(seg)
            if self.pending_names is not None:
                return
        if (self.array is not None or "[" in seg or "=" in seg) and self._array(seg):
            return
        if ("," in seg or "[" in seg or self.list_open) and self._listed(seg):
            return
        if len(seg) < 64 and tp.LONE_NUMBER.match(seg):  # a column of numbers, one a line (np.savetxt(losses))
            value = parse_float(seg.strip())
            if value is not None:
                self.listed.append(value)
            return
        if not self.listed and len(seg) < 64 and tp.LONE_NAME.match(seg) and classify(seg.strip()).kind in _EVIDENCE:
            self.column_name = seg.strip()  # the column's name alone above it ('loss', then its values)
        if not tp.DIGIT.search(seg) or tp.BEST_LINE.match(seg):
            return
        mode = tp.MODE_TAG.search(seg) if "(" in seg else None
        line_phase = None
        if mode is not None:  # mmcv "Epoch(val) [1][12]  acc: 39.4": the line names its split
            line_phase, seg = mode.group(2).lower(), seg[:mode.end(1)] + seg[mode.end():]
            line_phase = None if line_phase == "train" else line_phase
        elif " on '" in seg or "aving dict" in seg:
            evaluates = tp.EVAL_LINE.search(seg)
            if evaluates is not None:  # "| epoch 10 | valid on 'valid' subset | ...": an evaluation's line
                line_phase = _phase_of(evaluates.group(1) or "eval")
        lead = tp.LEAD_HELD_OUT.match(seg) if line_phase is None and ("al" in seg or "Test" in seg
                                                                  or "%|" in seg) else None
        lead_phase = lead is not None
        if lead is not None:  # 'Validation: 100%|..| 24/24 [.., loss=7.61]', 'test_batch (Loss 2.6): 100%|..'
            line_phase = _phase_of(lead.group(1) or lead.group(2))
        if "{" in seg:
            spacy = tp.spacy_losses(seg)
            if spacy is not None:  # a losses dict per iteration: each component's loss, at the context's counters
                for key, text in spacy:
                    self.add(key, text)
                return
            d = tp.hf_dict(seg)
            if d is not None:
                self._hf(d)
                return
            record = tp.prefixed_json(seg)
            if record is not None:
                self._json_record(record)
                return
        plan, toks = plan_for(seg)
        if plan.caffe is not None:
            net, name, ref = plan.caffe
            self._caffe(net, restore_numbers(name, toks), ref.text(toks))
            return
        if plan.unnamed and not plan.pairs:
            if seg.lstrip()[:1] == "|" and seg.rstrip()[-1:] == "|":
                return  # a table's row whose header is not in the log: its columns are unknown, none is the loss
            self._unnamed(plan, toks)
            return
        same_bar = False
        if plan.bar_total is not None and plan.pairs and not plan.has_markers and self.epoch is None \
                and plan.bar_n is not None:  # Keras bars without 'Epoch n/N' headers: a bar that goes on is one epoch
            n, total = plan.bar_n.int(toks), plan.bar_total.int(toks)
            if self.bar_last is not None and (n < self.bar_last or self.bar_last < 0):
                self.bar_val = False  # the bar starts again: the next epoch's, not an evaluate() after fit()
            # the update that finishes a bar replaces the one just before it (the bar went on); updates of a bar
            # that never finishes (an excerpt of one epoch) stay points of their own
            same_bar = self.bar_last is not None and 0 <= self.bar_last <= n and n >= total
            self.bar_last = n if n < total else -1  # a finished bar: the next update is the next epoch's
        if plan.bar_total is not None and plan.pairs and not plan.has_markers and not self._fit_bar(plan, toks):
            self.after_fit += 1
            return
        if plan.bar_total is not None and plan.bar_n is not None and plan.pairs and not plan.has_markers \
                and self.epoch is not None and plan.bar_total.int(toks) > 0:  # a Keras bar under 'Epoch 1/10': its
            self.bar_pos = plan.bar_n.int(toks) / plan.bar_total.int(toks)  # place in the epoch, as a tqdm bar's
            self.keras_bars = True
        if same_bar:
            self.line_has_points, self.record_keys = True, set()  # its values replace the last update's
        markers = plan.markers(toks) if plan.has_markers else None
        if markers is not None and markers.epoch is not None and markers.epoch_total:
            markers = self._fit_phase(markers)
        if markers is not None and markers.epoch is not None and markers.bar_total and line_phase is None \
                and markers.step is None and markers.batch is None and self._second_bar(markers):
            line_phase = "val"  # MindSpore's 'Epoch 0: 100%|..| 117/117 [.., acc=0.511, loss=0.692]' after 273/273
        if self.section is not None and markers is not None and markers.epoch is not None \
                and self.section_epoch is not None and markers.epoch != self.section_epoch:
            self.section = None  # another epoch's lines: the validation block is over (an excerpt may lack the
            #                      'Training epoch' line that closes it)
        if self.prose_section and markers is not None and (markers.epoch is not None or markers.step is not None):
            self.section, self.prose_section = None, False  # a training line: the announced pass is over
            self.header_section = False
        eval_batch = self.prose_section and markers is not None and markers.epoch is None and markers.step is None
        if self.batch_section and self.section is not None and markers is not None and markers.epoch is None:
            eval_batch = True  # 'step 10/88' after 'Eval begin...': the evaluation's batches, not training steps
        if line_phase is not None and mode is not None and mode.group(1).lower() == "iter":
            eval_batch = True  # mmengine 'Iter(val) [17/17]': the validation pass's own batches, not training steps
        if lead_phase and markers is not None and markers.epoch is None:
            eval_batch = True  # 'Validation: 100%|..| 24/24': the pass's own batches
        own_epoch = self.set_markers(markers) if markers is not None and not eval_batch else None  # '[Batch 10/35]'
        #                                  of an announced evaluation pass counts its batches, not training steps
        if markers is not None and markers.bar is not None and markers.bar_total:
            self.bar_pos = markers.bar / markers.bar_total
        section = line_phase or self.section
        if lead_phase and self.step is not None:  # 'eval epoch: 2, loss: 6.61' among lines counting steps: at the
            for key, ref in plan.pairs:  # step reached, beside the training series (the epoch too)
                self._put_ref(self._in_section(key, section or "val"), ref, toks, None, None)
            return
        if section is not None:  # under a 'validate' heading: its keys are that split's, at the epoch validated
            done = self.epoch + 1.0 if self.epoch is not None and self.fractional else self.epoch  # its end, if
            for key, ref in plan.pairs:                       # training lines count fractions of it
                named = self._in_section(key, section)
                if section == "train" and self._printed_this_epoch(named):
                    self.summaries_skipped += 1  # '[train] epoch: 4/15' then '- total loss: 1.27': the epoch's
                    continue  # evaluation of a series its training lines print, not one more point of it
                step = self.step if done is None or self.header_section else None  # (a header's block: at the
                self._put_ref(named, ref, toks, done, step, context=False)  # step too, where training counts steps)
            return
        if own_epoch is not None:
            self.fractional = True  # "Epoch [1][10/586]": the line counts itself; a step set earlier is not its own
            own_step = self.step if plan.step is not None else None
            for key, ref in plan.pairs:
                self._put_ref(key, ref, toks, own_epoch, own_step, context=False)
            if not any(classify(key).kind in _EVIDENCE for key, _ in plan.pairs):
                self.carried = (own_epoch, own_step, self.lines)  # 'Epoch [4/6][30/50] lr: .., time: ..' alone
            return
        if markers is None and section is None and "raining" in seg and tp.TRAINING_DONE.match(seg) \
                and self._training_done(plan, toks):
            return
        if self.carried is not None and markers is None and self.lines - self.carried[2] <= 2:
            epoch, step, _ = self.carried  # the line after a counter line of timings alone: its losses are that
            self.carried = None  # iteration's ('task : [..], loss: 28.53, hm_loss: ..' under det3d's counter line)
            if any(classify(key).kind in _EVIDENCE for key, _ in plan.pairs):
                for key, ref in plan.pairs:
                    self._put_ref(key, ref, toks, epoch, step, context=False)
                return
        if markers is not None and markers.epoch is not None and markers.batch is not None and not markers.batch_total \
                and markers.step is None and markers.bar is None:  # 'Epoch[3] Batch [49]': no batch count printed
            self.fractional = True  # placed within its epoch once the log shows how many batches an epoch has
            for key, ref in plan.pairs:
                self._put_ref(key, ref, toks, float(markers.epoch), None, context=False, open_batch=markers.batch)
            return
        if self.fractional and markers is not None and markers.epoch is not None and markers.batch is None \
                and markers.step is None and markers.bar is None:  # 'Epoch: [46] -- TRAINING SUMMARY  G_Loss 6.56'
            end = float(markers.epoch) + 1.0  # after that epoch's 'Epoch: [46][41/44]' lines: its end, not its start
            for key, ref in plan.pairs:
                self._put_ref(key, ref, toks, end, None, context=False)
            return
        if self.fractional and markers is None and self.epoch is not None and self.step is None \
                and self.first_epoch is not None and self.first_epoch[0] == 0:
            end = self.epoch + 1.0  # 'val epoch Loss: 0.29' after 'Epoch: 0 [245760/262412 (94%)]' lines: epoch 0's
            for key, ref in plan.pairs:  # end (x 1, as a validation block's), not its start before the fractions
                self._put_ref(key, ref, toks, end, None, context=False)  # the training lines counted; counters
            return  # from 1 keep a result at the epoch's own number ('Epoch 1 [..]' then 'Test set: ..' at 1)
        if self.fractional and markers is None and self.epoch is not None and self.step is None \
                and any(self._in_batches(key) for key, _ in plan.pairs):
            for key, ref in plan.pairs:  # 'Train loss: 6.23' after 'epoch: 1/10 batch 23/23 Train loss: 0.57' lines:
                if self._in_batches(key):  # the epoch's aggregate of a series read batch by batch, not one more
                    self.summaries_skipped += 1  # point of it (at the epoch's number it would go back over them)
                else:
                    self._put_ref(key, ref, toks, None, None)
            return
        if markers is None and self.epoch is not None and self.step is None and len(plan.pairs) == 1 \
                and classify(plan.pairs[0][0]).kind in _EVIDENCE:
            key, ref = plan.pairs[0]  # 'Epoch 1 of 3' then 'Running loss: 0.35' lines (simpletransformers): a loss
            at, n = self.reprinted.get(key, (None, 0))  # printed alone again and again within one epoch is a point
            n = n + 1 if at == self.epoch and self.key_line.get(key) == self.last_alone.get(key) else 0  # each time
            self.reprinted[key] = (self.epoch, n)
            self._put_ref(key, ref, toks, None, None, repeat=n)
            self.last_alone[key] = self.lines
            return
        for key, ref in plan.pairs:
            self._put_ref(key, ref, toks, own_epoch, None)

    def _split_header(self, word: str, m: tp.Markers) -> None:
        """A split header with its epoch alone on its line ('[test] epoch: 3/10', '[val] epoch: 1/15'): the
        '- key: value' lines under it are that split's, until the next header or counter line. They are placed at
        the end of the training epoch printed last, as any validation block's: the tutorials number the test after
        training 'epoch: 2/10' as 3/10 (one-based) while UNETR's '[val] epoch: 1/15' follows its 'epoch: 1/15' lines,
        so the header's own number is used only where no training counter came before it (or since the last header:
        a log counted by its headers alone)."""
        if m.epoch is not None and (self.epoch is None or self.header_epoch):
            self.set_markers(replace(m, step=None, batch=None))
            self.header_epoch = True
        self.section = _split_of(word)
        self.section_epoch, self.prose_section, self.batch_section = self.epoch, True, False
        self.header_section = True

    def _phase_heading(self, seg: str) -> bool:
        """A split's heading alone on its line ('Validation', '[VALID DATA]', '=== Test ==='): the values below it are
        that split's (a training heading ends such a block), until it or a line counting epochs or steps says otherwise.
        True for a heading."""
        if tp.DIGIT.search(seg):
            return False
        heading = tp.PHASE_HEADING.match(seg)
        if heading is None:
            return False
        split = _split_of(heading.group(1))
        if split == "train":
            self.section, self.prose_section = None, False
        else:
            self.section, self.section_epoch = split, self.epoch
            self.prose_section, self.batch_section = True, False
        return True

    def _printed_this_epoch(self, key: str) -> bool:
        """Whether a training line of the current epoch printed `key` (its last point at this epoch or within it)."""
        col = self.points.get(key)
        return col is not None and len(col) > 0 and self.epoch is not None and bool(col.epoch[-1] >= self.epoch)

    def _is_summary(self) -> bool:
        """Whether the line being fed names itself a summary ('final loss:', 'Test set results:'), matched once per
        line and only for a point without a counter after a counter line: not on every line of a long log."""
        if self.summary is None:
            self.summary = tp.SUMMARY_LINE.match(tp.strip_prefix(self.line_text)) is not None
        return self.summary

    def _in_batches(self, key: str) -> bool:
        """Whether the current epoch's batch lines printed `key` last (its last point placed within the epoch)."""
        col = self.points.get(key)
        return col is not None and len(col) > 0 and bool(col.has[-1] & _EPOCH) \
            and self.epoch is not None and self.epoch < col.epoch[-1] <= self.epoch + 1.0

    def _second_bar(self, m: tp.Markers) -> bool:
        """Whether a tqdm bar under an epoch's counter is a second bar of that epoch: of another length, after the
        epoch's first bar finished. A loop that trains then evaluates under one 'Epoch N' description prints the
        training bar first; the second pass is the held-out one."""
        assert m.epoch is not None and m.bar_total
        done = m.bar is not None and m.bar >= m.bar_total
        if self.epoch_bar is None or self.epoch_bar[0] != m.epoch:
            self.epoch_bar = (m.epoch, m.bar_total, done)
            return False
        if m.bar_total == self.epoch_bar[1]:
            self.epoch_bar = (m.epoch, m.bar_total, self.epoch_bar[2] or done)
            return False
        return self.epoch_bar[2]

    def _drop_sample(self) -> None:
        """The points since the last rule were one decoded sample's ('WER: 0.0769', 'loss: 0.8438' above its
        'source: ".."'): taken back, not the run's series."""
        for key in reversed(self.block or []):
            col = self.points.get(key)
            if col is not None and len(col):
                col.pop()
                if not len(col):
                    del self.points[key]
        self.block = None

    def _training_done(self, plan: Plan, toks: list[str]) -> bool:
        """'finished training， loss [0.0202]' after 'epoch 4000 loss [0.0902]' lines printed every 1000: the final
        value, measured after the last print, one print interval after it (it overwrote epoch 4000's value). A
        final value equal to the last one printed repeats it and adds no point."""
        placed = False
        for key, ref in plan.pairs:
            col, value = self.points.get(key), ref.value(toks)
            if col is None or value is None or not len(col) or not col.has[-1] & (_EPOCH | _STEP):
                continue
            placed = True
            if value == col.value[-1] or (math.isnan(value) and math.isnan(col.value[-1])):
                continue
            by_step = bool(col.has[-1] & _STEP)
            xs = col.view("step" if by_step else "epoch")[col.has_mask(_STEP if by_step else _EPOCH)]
            gap = float(xs[-1] - xs[-2]) if len(xs) > 1 and xs[-1] > xs[-2] else 1.0
            end = float(xs[-1]) + gap
            self.put(key, value, None if by_step else end, end if by_step else None, context=False)
        return placed

    def _yolo_results(self, seg: str) -> bool:
        """A row of YOLOv5's headerless results.txt: its losses and validation results at the epoch printed."""
        m = tp.YOLO_RESULTS_ROW.match(seg)
        if m is None:
            return False
        epoch = float(m.group(1))
        for name, text in zip(tp.YOLO_RESULTS_NAMES, m.group(2).split()):
            if name is not None:
                self.put(name, parse_float(text), epoch, None, context=False, text=text)
                if name.startswith("metrics/"):
                    self.table_metrics.add(name)
        return True

    def _nested_header(self, seg: str) -> bool:
        """Keras 'Epoch 1/3' glued after a bar update of epoch 2 ('- acc: 0.4965Epoch 1/3'): a validation generator's
        own fit-style progress printing inside the epoch, not the fit loop going back (its headers only go up)."""
        m = tp.KERAS_HEADER.match(seg)
        return m is not None and self.epoch is not None and int(m.group(1)) < self.epoch

    def _unnamed(self, plan: Plan, toks: list[str]) -> None:
        """A line of values without names, after a counter: its first value is kept aside, read only when the log
        names no metric at all (`finish`)."""
        if plan.lead is not None:
            self.unnamed.append(plan.unnamed[0].value(toks) or 0.0, None, float(plan.lead.int(toks)), self.lines, 0,
                                None)
            self._unnamed_row(plan, toks)
            return
        self.set_markers(plan.markers(toks))
        value = plan.unnamed[0].value(toks)
        if value is not None:
            self.unnamed.append(value, self.epoch, self.step, len(self.unnamed) + 1, 0, None)
            self._unnamed_row(plan, toks)

    def _unnamed_row(self, plan: Plan, toks: list[str]) -> None:
        """Keep a line's unnamed values all, while every such line prints as many (a table without a header)."""
        width = len(plan.unnamed)
        if self.unnamed_width == 0:
            self.unnamed_width = width
        if width != self.unnamed_width:
            self.unnamed_width, self.unnamed_all = -1, array("d")
        if self.unnamed_width > 1:
            for ref in plan.unnamed:
                value = ref.value(toks)
                self.unnamed_all.append(math.nan if value is None else value)

    def _json_record(self, record: dict[str, float]) -> None:
        """One 'label: {json}' record: its metrics at its own epoch (else step); its settings are not series."""
        epoch = record.get("epoch")
        step = next((record[k] for k in tp.JSON_COUNTERS[1:] if k in record), None) if epoch is None else None
        for key, value in record.items():
            if key not in tp.JSON_COUNTERS and classify(key).kind is not Kind.OTHER \
                    and not _SCHEDULE_SETTING.search(key):
                self.put(key, value, epoch, step, context=False)

    def _llmc(self, seg: str) -> bool:
        """llm.c's 's:N trl:X' / 's:N tel:X' lines: the global step, then short names for the losses."""
        m = tp.LLMC_LINE.match(seg)
        if m is None:
            return False
        self._set_step(int(m.group(1)), None)
        self._run_counters(False, True)
        for key, text in tp.LLMC_PAIR.findall(m.group(2)):
            self.add(tp.LLMC_NAMES.get(key, key), text)
        return True

    def _fit_phase(self, m: tp.Markers) -> tp.Markers:
        """Epoch headers 'Epoch 1/14' after a fit() that finished (its 'Epoch 19/19', or early stopping reported):
        the next phase of the training (a fine-tune at a lower learning rate, a retrain), numbered on from the
        last; one that restarts an unfinished fit is a rerun, whose epochs replace the ones they overlap."""
        assert m.epoch is not None
        last = self.fit_last
        if last is not None and m.epoch <= 1 < last[0] and (last[0] == last[1] or self.fit_stopped):
            self.fit_offset += last[0] - m.epoch + 1
            self.fit_phases += 1
        if last is None or m.epoch != last[0]:
            self.fit_stopped = False
        self.fit_last = (m.epoch, m.epoch_total)
        return replace(m, epoch=m.epoch + self.fit_offset) if self.fit_offset else m

    def _one_epoch_fit(self) -> str:
        """Keras 1.x run in a loop of fit(epochs=1) prints 'Epoch 1/1' before each call: each header whose
        call printed values is the next epoch, not epoch 1 again."""
        printed = self.fit_header is not None and any(n > self.fit_header for n in self.key_line.values())
        n = 1 if self.fit_header is None or self.epoch is None else int(self.epoch) + (1 if printed else 0)
        self.fit_header = self.lines
        return f"Epoch {n}"

    def _listed(self, seg: str) -> bool:
        """fastai 0.7's headerless epoch rows and printed lists of numbers alone, kept aside: read only when the log
        names no metric at all (`finish`). True for the lines it keeps."""
        row = tp.FASTAI07_ROW.match(seg) if seg.lstrip()[:1] == "[" else None
        if row is not None:
            cells = row.group(2).split()
            self.fastai_rows.append((float(row.group(1)), parse_float(cells[0]), parse_float(cells[1])))
            return True
        if seg.count(",") < 2 and not self.list_open:
            return False
        m = tp.NUMBER_LIST.match(seg)
        if m is None or not (m.group(1) or m.group(3) or self.list_open):
            self.list_open = False
            return False
        self.list_open = m.group(1) == "[" or (self.list_open and m.group(3) is None)
        if m.group(3) == "]":
            self.list_open = False
        self.listed.extend(v for v in (parse_float(t) for t in m.group(2).split(",")) if v is not None)
        return True

    def _array(self, seg: str) -> bool:
        """A metric's whole history printed as one array (the i-th value is epoch i + 1), under an optional struct
        heading that names the split ('info.val ='). True for the lines it reads."""
        if self.array is not None:
            more = tp.ARRAY_MORE.match(seg)
            if more is not None:
                self.array[1].extend(tp.ARRAY_SPLIT.split(more.group(1).strip()))
                if more.group(2):
                    self.flush_array()
                return True
            self.flush_array()  # an array cut off by the paste: the values seen are kept
        scope = tp.ARRAY_SCOPE.match(seg)
        if scope is not None:
            self.array_scope = scope.group(1)
            return True
        start = tp.ARRAY_START.match(seg)
        if start is None or classify(start.group(1)).kind is Kind.OTHER:
            return False
        name = start.group(1)
        if self.array_scope is not None and not names_split(name):
            name = f"{self.array_scope} {name}"
        self.array = (name, tp.ARRAY_SPLIT.split(start.group(2).strip()))
        if start.group(3):
            self.flush_array()
        return True

    def flush_array(self) -> None:
        if self.array is None:
            return
        name, values = self.array
        self.array = None
        for i, text in enumerate(values):
            self.line_has_points = False
            self.put(name, parse_float(text), float(i + 1), None, context=False, text=text)

    def _in_section(self, key: str, section: str) -> str:
        """'Loss' printed under a 'validate' heading is 'val Loss'; a key that names its own split is kept. Under
        '--- test ---', 'Loss' joins the 'Test Loss' the batch lines ('Test: [766/766] Loss ...') already print."""
        if classify(key).split is not Split.TRAIN or _TRAIN_WORD.search(key) or key.startswith(tp.SPLIT_ONLY_TAG):
            return key
        named = f"{section} {key}"
        return next((k for k in self.points if k.lower() == named.lower()), named)

    def _fit_bar(self, plan: Plan, toks: list[str]) -> bool:
        """Whether a Keras progress line belongs to the epoch's fit() bar, not to a later evaluate()."""
        assert plan.bar_total is not None
        total = plan.bar_total.int(toks)
        has_val = any(classify(k).split is Split.VAL for k, _ in plan.pairs)
        self.progress = True  # a bar's updates within its epoch are running values: its last one is the epoch's
        if self.bar_total is None:
            self.bar_total = total
        elif total != self.bar_total or (self.bar_val and not has_val):
            return False
        self.bar_val = self.bar_val or has_val
        return True

    def _hf(self, d: dict[str, str]) -> None:
        if "train_runtime" in d:  # the end-of-training summary: an average over the run, not a point
            return
        ep = parse_float(d["epoch"]) if "epoch" in d else None
        st = parse_float(d["step"]) if "step" in d else None  # older Trainers printed the global step too
        if ep is not None and st is None:
            self.hf_decimals = max(self.hf_decimals, len(d["epoch"].partition(".")[2]))
        keys = [k for k in d if k not in ("epoch", "step", "total_flos") and classify(k).kind is not Kind.OTHER]
        prev, self.hf_prev = self.hf_prev, d
        if prev is not None and _same_entry(prev, d):  # one log entry printed twice (a callback's rounded copy,
            for key in keys:                             # then the Trainer's): the second replaces the first
                last = self.hf_last.get(key)
                n = last[1] if key in prev and last is not None and last[0] == ep else self._hf_repeat(key, ep, st)
                self.put(key, parse_float(d[key]), ep, st, context=False, repeat=n, text=d[key])
            return
        repeats = [self._hf_repeat(key, ep, st) for key in keys]
        self.hf_repeats += any(repeats)
        for key, n in zip(keys, repeats):
            self.put(key, parse_float(d[key]), ep, st, context=False, repeat=n, text=d[key])

    def _hf_repeat(self, key: str, epoch: float | None, step: float | None) -> int:
        """How many dicts in a row before this one printed `key` at this rounded epoch (and no step)."""
        if epoch is None or step is not None:
            return 0
        last = self.hf_last.get(key)
        n = last[1] + 1 if last is not None and last[0] == epoch else 0
        self.hf_last[key] = (epoch, n)
        return n

    def _caffe(self, net: str, name: str, text: str) -> None:
        if net == "test":
            if not self.caffe_test:
                self.caffe_test = True
                self.warnings.append("Caffe 'Test net output' values, measured during training, are read as "
                                     "validation metrics (val_*)")
            if self.step is None and self.epoch is None:
                self.caffe_early.append((f"val_{name}", text))
                return
            self.add(f"val_{name}", text)
        else:  # the raw batch value beside the solver's smoothed "Iteration N, loss = X"
            self.add(f"train_net/{name}", text)

    def _frame_row(self, seg: str) -> bool:
        """The line under a DataFrame's header: the index's name alone (kept as the counter's name when it names a
        counter), or the first row, which starts the table (the index is the counter: a Keras history's epoch)."""
        names, self.pending_frame = self.pending_frame, None
        assert names is not None
        if tp.NAME_ALONE.fullmatch(seg):
            if seg.strip().lower() in tp.COUNTER_CELLS:
                names[0] = seg.strip()
            self.pending_frame = names
            return True
        row = tp.frame_row(seg, len(names) - 1)
        if row is None:
            return False
        self._start_table(names)
        self._table_row(row)
        return True

    def _start_table(self, header: list[str]) -> None:
        """A table with the previous one's columns continues it (fastai fine_tune); other columns are another
        table of the same run (a model card's eval table, then its training-loss table), counted on its own."""
        same = self.table_columns == [h.lower() for h in header]
        if same and self.tables and self.table_last is not None:
            self.table_offset = self.table_last + 1
            self.table_goes_on = self.table_last
            self.tables += 1
        elif not same:
            self.table_offset, self.table_last, self.tables = 0, None, 1
        self.table_columns = [h.lower() for h in header]
        self.table = header
        self.table_spans = None

    def _table_row(self, row: list[str], absolute: bool = False) -> None:
        """One row: its step column (HF model cards also print a fractional epoch) or else its epoch is the x. A
        counter printed with its total ('70/1000': ultralytics repeats the header every epoch) is never offset."""
        assert self.table is not None
        heads = [h.lower() for h in self.table]
        col = next((i for i, h in enumerate(heads) if h in tp.COUNTER_CELLS and h != "epoch"), None)
        by_epoch = col is None
        raw = float(row[heads.index("epoch") if col is None else col])
        if self.table_goes_on is not None:  # the table's header printed again: a counter that starts over (fastai
            # fine_tune's epoch 0 again) is numbered on; one that goes on past the last row (a model card's table
            # 'continued with checkpoint from STEP 17000'), or prints that row again first (DeepXDE's 'Step' table
            # after each model.train() call), is kept
            if raw > self.table_goes_on or (raw == self.table_goes_on and row == self.table_row):
                self.table_offset = 0
                self.tables -= 1  # (and is no table numbered on, for the warning)
            self.table_goes_on = None
        self.table_row = row
        x = raw + (0 if absolute else self.table_offset)
        if not math.isfinite(x):  # a counter of 309+ digits (or nan): the row places nothing
            return
        self.table_last = int(x)
        for name, head, cell in zip(self.table, heads, row):
            if cell and head not in tp.COUNTER_CELLS and classify(name).kind is not Kind.OTHER:
                if cell[:1] == "[" and (terms := tp.number_list(cell)) is not None:
                    self._list_cell(name, terms, x if by_epoch else None, None if by_epoch else x)
                    continue
                self.put(name, parse_float(cell), x if by_epoch else None, None if by_epoch else x, context=False,
                         text=cell)
                if (_validation_metric(name) and not _held_out_beside(name, self.table)) or (
                        name in _losses_after_metrics(tuple(self.table))):
                    self.table_metrics.add(name)

    def _list_cell(self, name: str, terms: list[str], epoch: float | None, step: float | None) -> None:
        """A cell holding a list, DeepXDE's '[9.15e-01, 5.93e-02]' (one loss term per equation and condition): a
        loss column's total is the sum of its terms, the loss minimised, and each term is a component series beside
        it ('Train loss term 1'); another metric is read only when the list holds one value. '[]' holds nothing."""
        values = [parse_float(t) for t in terms]
        if not values or any(v is None for v in values):
            return
        if len(values) == 1:
            self.put(name, values[0], epoch, step, context=False, text=terms[0])
            return
        if classify(name).kind is not Kind.LOSS:
            return
        self.put(name, math.fsum(v for v in values if v is not None), epoch, step, context=False)
        for i, (v, t) in enumerate(zip(values, terms), start=1):
            self.put(f"{name} term {i}", v, epoch, step, context=False, text=t)


def _split_of(word: str) -> str:
    """'train' for a training word ('TRAIN', 'Training'), else the held-out split it names (`_phase_of`)."""
    return "train" if word.lower().startswith("train") else _phase_of(word)


def _phase_of(word: str) -> str:
    """The split a held-out word names ('Validation', 'Eval', 'Test', 'valid'): test, eval or val."""
    word = word.lower()
    return "test" if word.startswith("test") else "eval" if word.startswith("eval") else "val"  # 'Testing' too


def _resolution(text: str) -> float:
    """The last printed digit's place of a number ('0.0000' -> 1e-4, '4.9999e-02' -> 1e-6)."""
    mantissa, _, exponent = text.strip().lower().partition("e")
    try:
        return 10.0 ** (int(exponent or 0) - len(mantissa.partition(".")[2]))
    except (ValueError, OverflowError):
        return 0.0


def _decimals(text: str) -> int:
    """The decimal place of a printed number's last digit, on the scale it is read at: 4 for '0.2000', 9 for
    '1.2345e-05', 3 for '81.2%' (read as 0.812), 0 for '12'; -1 for 'nan' or 'inf' (no digits to count)."""
    t = text.strip().strip("'\"")
    pct = 2 if t.endswith("%") else 0
    mantissa, _, exp = t.rstrip("%").lower().partition("e")
    if not mantissa[-1:].isdigit():
        return -1
    d = len(mantissa.partition(".")[2]) + pct
    if exp:
        try:
            d -= int(exp)
        except ValueError:
            pass
    return max(d, 0)


def _same_entry(a: dict[str, str], b: dict[str, str]) -> bool:
    """Whether two Trainer dicts in a row are one log entry printed twice: the same epoch and step, and every value
    they share equal to the coarser print's last digit (LLaMA-Factory's callback logs it rounded, then the Trainer
    prints it whole)."""
    if a.get("epoch") is None or a.get("step") != b.get("step"):
        return False
    shared = [k for k in a if k in b]
    if len(shared) < 2 or parse_float(a["epoch"]) != parse_float(b.get("epoch", "")):
        return False
    for k in shared:
        x, y = parse_float(a[k]), parse_float(b[k])
        if x is None or y is None:
            return False
        if x != y and not (math.isnan(x) and math.isnan(y)) and not (
                math.isfinite(x) and math.isfinite(y) and abs(x - y) <= max(_resolution(a[k]), _resolution(b[k]))):
            return False
    return True


MAX_LINE = 1 << 20  # characters of one line that are read (a glued paste of thousands of epochs fits)


def parse_text(text: str, name: str, source: str) -> Run:
    """A Run from the whole text of a log; ReadError when no metric line was recognised."""
    return parse_lines(text.split("\n"), name, source)


def parse_lines(lines: Iterable[str], name: str, source: str) -> Run:
    """A Run from the lines of a log (without their line ends), read one at a time: memory follows the points kept,
    not the size of the file. ReadError when no metric line was recognised."""
    return finish(_walk(lines, source), name, source)


def parse_runs(lines: Callable[[], Iterable[str]], name: str, source: str) -> list[Run]:
    """The runs of a log: one, or one per script run written one after another into the same file (a counter back
    at its run's first value, `_Collector._run_counters`), each read on its own as if it were its own file and
    named `<name> #1`, `#2`...; `lines()` gives the log's lines again for that second reading. A piece that holds
    no metric of its own is left out; ReadError when no metric line was recognised at all."""
    c = _walk(lines(), source)
    new_runs = _new_runs(c)
    if not new_runs:
        return [finish(c, name, source)]
    starts = [1, *new_runs][:MAX_RUNS_PER_FILE]
    ends = [*new_runs, None][:len(starts)]
    held = [f"{len(new_runs) + 1:,} runs written one after another into this file (the epoch or step counter "
            f"went back to the first value of a run that had gone past it); each is read as its own run, named #1 "
            f"to #{len(starts):,}"]
    if len(new_runs) + 1 > MAX_RUNS_PER_FILE:
        held.append(f"only the first {MAX_RUNS_PER_FILE:,} runs are read")
    runs = []
    for n, (a, b) in enumerate(zip(starts, ends), start=1):
        piece = _walk(islice(lines(), a - 1, None if b is None else b - 1), source, empty_ok=True)
        piece.warnings[:0] = held
        try:
            runs.append(finish(piece, f"{name} #{n}", source))
        except ReadError:
            continue
    return runs or [finish(c, name, source)]


def _new_runs(c: _Collector) -> list[int]:
    """The first line of each run after the first. An epoch back at its run's first value is a new run (a fit() or
    script run again); a step counter back at its start with no epoch printed is one only when the loss starts over
    too, else it is the next epoch of a loop that counts its batches from 0 (cs231n's 'Iteration 0' each epoch)."""
    kept: list[int] = []
    before: dict[str, int] = {}
    for line, marks, by_step in c.run_starts:
        if not by_step or _loss_starts_over(c, before, marks):
            kept.append(line)
            before = marks
    return kept


def _loss_starts_over(c: _Collector, before: dict[str, int], at: dict[str, int]) -> bool:
    """Whether the first loss printed after a restart is nearer the run's first loss than its last: a model trained
    from scratch again (modded-nanogpt's 10.8258 at each 'step:0'), not one that goes on from where it was."""
    for key, col in c.points.items():
        a, b = before.get(key, 0), at.get(key, 0)
        if b - a < 2 or b >= len(col) or classify(key).kind is not Kind.LOSS:
            continue
        counted = np.flatnonzero(col.has_mask(_EPOCH | _STEP)[a:b])  # not a value printed before any counter
        if counted.size < 2:
            continue
        first, last, new = col.value[a + int(counted[0])], col.value[b - 1], col.value[b]
        return _gap(new, first) <= _gap(new, last)
    return False


def _gap(x: float, y: float) -> float:
    """|x - y|, 0 for the same non-finite value printed twice (a run NaN from its start, again)."""
    if x == y or (math.isnan(x) and math.isnan(y)):
        return 0.0
    return abs(x - y) if math.isfinite(x) and math.isfinite(y) else math.inf


def _walk(lines: Iterable[str], source: str, empty_ok: bool = False) -> _Collector:
    """The collector after walking `lines`; ReadError for a log with nothing but blank lines (unless `empty_ok`)."""
    c = _Collector()
    cut = 0
    blank = True
    for line, joined in join_wrapped(lines):  # a record a paste wrapped inside a token: one line again
        if len(line) > MAX_LINE:  # no training log prints such a line; the patterns would only spend time on it
            line, cut = line[:MAX_LINE], cut + 1
        blank = blank and not line.strip()
        c.feed_line(line)
        c.lines += joined  # the lines joined into it still count, so line numbers match the file's
    c.flush_burn()
    c.flush_array()
    if blank and not empty_ok:
        raise ReadError(source, "the file is empty" if source != "<stdin>" else "no input on stdin")
    if cut:
        c.warnings.append(f"{cut} line(s) longer than {MAX_LINE:,} characters were read only up to that length")
    return c


def finish(c: _Collector, name: str, source: str) -> Run:
    """The Run from a walked log (the end of parse_lines; `lossdoctor watch` calls it after each poll, on a copy
    of its walker). ReadError when no metric line was recognised."""
    _drop_summaries(c)
    _drop_running(c)
    _backfill_first_epoch(c)
    _before_first_epoch(c)
    _place_open_batches(c)
    _unfinished_last_epoch(c)
    if c.fit_phases:
        c.warnings.append(f"{c.fit_phases + 1} fit() phases found (epochs from 1 again after a finished fit); their "
                          "epochs are numbered on from one phase to the next")
    if c.running_dropped:
        c.warnings.append(f"{sum(c.running_dropped.values())} tqdm refresh(es) of {', '.join(c.running_dropped)} not "
                          "read as points: running values of the epoch in progress (tqdm.keras's bars), whose value "
                          "the log prints on its own lines")
    if c.hf_repeats:
        c.warnings.append(f"{c.hf_repeats} Trainer log line(s) print the same rounded epoch as the one before and no "
                          f"step; they are spaced evenly, in print order, within its last digit "
                          f"({10.0 ** -c.hf_decimals:g} epoch)")
    if c.summaries_skipped:
        c.warnings.append(f"{c.summaries_skipped} value(s) printed without counters after an epoch's batch lines that "
                          "print the same name (the epoch's aggregate of a series read batch by batch) were not read")
    if c.after_fit:
        c.warnings.append(f"{c.after_fit} Keras progress line(s) printed after an epoch's last update "
                          "(model.evaluate/predict output) were not read as training values")
    if c.tables > 1:
        c.warnings.append(f"{c.tables} result tables found (e.g. fastai fine_tune's frozen then unfrozen "
                          "epochs); their epochs are numbered on from one table to the next")
    _total_as_loss(c)
    _split_assigned_as_loss(c)
    _split_only_as_loss(c)
    _unnamed_as_loss(c)
    _rows_and_lists(c)
    columns, axes = _series(c)
    _loss_from_perplexity(columns, axes, c.warnings)
    _loss_from_regression_error(columns, axes, c.warnings)
    if not any(classify(k).kind in _EVIDENCE for k in columns):  # 'lr=0.001' in prose is not a training log
        raise ReadError(source, NO_METRICS)
    hparams = {"epochs": c.epoch_total} if c.epoch_total else {}
    run = make_run(name, source, "text", columns, Axis.EPOCH, hparams=hparams, warnings=c.warnings, axes=axes)
    printed = tuple(_as_printed(c, s) for s in run.series)
    held_out = held_out_splits(printed)
    return replace(run, series=tuple(replace(s, split=held_out[s.key]) if s.key in held_out else s for s in printed))


def _as_printed(c: _Collector, s: Series) -> Series:
    """The series with how the log printed it: in print order, its decimals (None where its values show different
    decimals, one was not printed as such, or the key was derived), and the validation split of a result table's
    metrics."""
    decimals = c.decimals.get(s.key) if s.key not in c.no_decimals else None
    split = Split.VAL if s.key in c.table_metrics else s.split
    return replace(s, split=split, print_order=s.key in c.print_order, decimals=decimals)


# a record's schedule settings beside its rate: 'learningRateDecayRatio', 'lr_decay' (not a learning rate)
_SCHEDULE_SETTING = re.compile(r"(?i)decay|ratio|factor|_?step(?:s|_size)?$")
_TRAIN_WORD = re.compile(r"(?i)(?:^|[^a-z])(?:train|training|trn)(?:[^a-z]|$)")


def _validation_metric(name: str) -> bool:
    """A metric column of a result table that names no split: fastai's Recorder and the Hugging Face model card
    both compute their metrics on the validation set, beside train_loss / valid_loss (Training / Validation Loss)."""
    info = classify(name)
    return info.kind in METRIC_KINDS and info.split is Split.TRAIN and not _TRAIN_WORD.search(name)


def _held_out_beside(name: str, header: list[str]) -> bool:
    """The table prints the same metric for a held-out split too ('acc' beside 'val_acc', a Keras history printed
    as a DataFrame): the unsplit column is then the training one, not the validation metric of a fastai table."""
    return any(h != name and classify(h).split is not Split.TRAIN and _unsplit(h) == _unsplit(name) for h in header)


@lru_cache(maxsize=64)
def _losses_after_metrics(header: tuple[str, ...]) -> frozenset[str]:
    """A table that prints unsplit loss columns, then its validation metrics, then loss columns again (ultralytics'
    results: 'mloss0..3 | p | r | map | f1 | loss0..2', a user's titles for them): the losses after the metrics are
    the evaluation pass's, printed after its metrics as that pass computes them. Empty when no loss precedes them."""
    first = next((i for i, h in enumerate(header) if _validation_metric(h) and not _held_out_beside(h, list(header))),
                 None)
    if first is None or not any(_unsplit_loss(h) for h in header[:first]):
        return frozenset()
    return frozenset(h for h in header[first + 1:] if _unsplit_loss(h))


def _unsplit_loss(name: str) -> bool:
    info = classify(name)
    return info.kind is Kind.LOSS and info.split is Split.TRAIN and not _TRAIN_WORD.search(name)


def _drop_summaries(c: _Collector) -> None:
    """A line after the run's last epoch/step line that names itself a summary and carries no counter of its own
    (ktrain's 'final loss:0.2758, final score:0.89096': the restored best weights evaluated; 'Test set results: loss=
    1.9461') reports the kept model or a held-out pass: not a point of the training's series, where it would take
    the last epoch's place. A name such lines print more than once is a recurring pass (twinnet's 'test -- nll' after
    each epoch), read as before; a held-out split's value ('Test accuracy: 76.76%', Caffe's 'Test net output #0:
    accuracy' under its 'Iteration N, Testing net' heading: val_accuracy) is that split's, kept. The walker's
    columns are copied, not changed (`lossdoctor watch` finishes a copy after each poll)."""
    flagged: dict[str, list[tuple[int, int]]] = {}
    for key, i, line in c.summary_points:
        flagged.setdefault(key, []).append((i, line))
    drop = {key: pts[0][0] for key, pts in flagged.items() if len(pts) == 1 and pts[0][1] > c.counter_line
            and key in c.points and pts[0][0] < len(c.points[key]) and classify(key).split in (Split.TRAIN, Split.NONE)}
    if not drop:
        return
    c.points = dict(c.points)
    for key, i in drop.items():
        col = copy(c.points[key])
        mask = np.ones(len(col), dtype=bool)
        mask[i] = False
        col.keep(mask)
        if len(col):
            c.points[key] = col
        else:
            del c.points[key]
    c.warnings.append(f"{len(drop)} value(s) on a summary line after the last epoch/step ({', '.join(drop)}: "
                      "'final', 'best', 'test'..., no counter of its own) not read as training points")


def _drop_running(c: _Collector) -> None:
    """A tqdm bar without a counter of its own (tqdm.keras's batch bar '10.0/171 [.., loss=5.12]', refreshed at each
    batch; its epoch bar '1/10 [.., loss=4.82, val_loss=4.36]') shows Keras's running means of the epoch in progress,
    under whichever epoch header came last (tqdm.keras prints the next epoch's bar after the last one's 'Epoch 1:'
    line). Where the log also prints the same name on lines of its own (the epoch's 'loss=4.8177'), those are the
    epoch's values and the refreshes are not read; a name only the bars print keeps them (its epoch's last wins)."""
    for key, col in c.points.items():
        run = col.has_mask(_RUN)
        if not run.any():
            continue
        if not run.all():
            c.running_dropped[key] = int(run.sum())
            col.keep(~run)
        else:
            for i in range(len(col)):
                col.has[i] &= ~_RUN


def _backfill_first_epoch(c: _Collector) -> None:
    """An excerpt that starts mid-run: values printed before its first `Epoch n/N` (n > 1) belong to epoch n - 1,
    for the keys the epochs go on printing (a setting printed once before training stays out)."""
    if c.first_epoch is None or not c.first_epoch[1] or c.first_epoch[0] <= 1:
        return
    prev = float(c.first_epoch[0] - 1)
    moved = []
    for key, col in c.points.items():
        has = col.view("has")
        bare = (has & (_EPOCH | _STEP)) == 0
        if bare.any() and ((has & _EPOCH) != 0).any():
            moved.append(key)
            for i in np.flatnonzero(bare):
                col.epoch[i] = prev
                col.has[i] |= _EPOCH
    if moved:  # a value only that last epoch printed ('- loss: 356.8 - val_loss: 237.5' on its finished bar, and
        for key, col in c.points.items():  # epoch 2 dies before its val_loss) is that epoch's too: its last print
            has = col.view("has")
            if key in moved or classify(key).kind not in _EVIDENCE or (has & (_EPOCH | _STEP)).any() \
                    or c.key_line.get(key, c.first_epoch_line) > c.first_epoch_line:
                continue
            last = _Column()
            last.append(col.value[-1], prev, None, col.implicit[-1], 0, None)
            c.points[key] = last
            moved.append(key)
        c.warnings.append(f"{', '.join(moved)}: printed before the first epoch header (Epoch {c.first_epoch[0]}/"
                          f"{c.first_epoch[1]}), read as epoch {prev:g}: the excerpt starts mid-run")


UNNAMED_LOSS = "loss (first unnamed value)"


def _unnamed_as_loss(c: _Collector) -> None:
    """A log that names no metric but prints its values after a counter ('epoch, 0198, nan, nan, nan, nan';
    print(step, loss) as '76930 2.6496577') is read by its first value, as the loss: a loop prints the loss first,
    and a NaN there is the run's death whatever the column. Counters that go up by one count epochs."""
    col = c.unnamed
    if len(col) < 2 or any(classify(k).kind in _EVIDENCE for k in c.points):
        return
    turns = _taking_turns(c.unnamed_all, c.unnamed_width, len(col))
    if turns is not None:
        col = _by_one_as_epochs(col)  # the lines' counter, whichever column each logs
        c.points = {}
        for k in range(c.unnamed_width):
            rows = np.flatnonzero(turns == k)
            if rows.size:
                part = _Column()
                for i in rows:
                    part.append(c.unnamed_all[i * c.unnamed_width + k], col.epoch[i] if col.has[i] & _EPOCH else None,
                                col.step[i] if col.has[i] & _STEP else None, col.implicit[i], 0, None)
                c.points[_unnamed_name(k)] = part
        c.warnings.append(f"no metric names in the log: its {c.unnamed_width} value columns are printed on different "
                          "lines in turn (a 'nan' where a column is not logged), each read as a loss of its own: "
                          + ", ".join(f"'{k}'" for k in c.points))
        return
    c.points = {UNNAMED_LOSS: _by_one_as_epochs(col)}
    where = "after each counter" if (col.view("has") & (_EPOCH | _STEP)).any() else "of each line of numbers alone"
    c.warnings.append(f"no metric names in the log: the first value {where} is read as the loss "
                      f"('{UNNAMED_LOSS}', {len(col)} lines)")


_ORDINALS = ("first", "second", "third", "fourth")


def _unnamed_name(k: int) -> str:
    return UNNAMED_LOSS if k == 0 else f"loss ({_ORDINALS[k]} unnamed value)"


def _taking_turns(flat: array, width: int, n: int) -> np.ndarray | None:
    """The column each row logs, when the unnamed columns take turns: Casanovo's (pandas') log history prints
    'step<TAB>train<TAB>valid' with 'nan' in the column not logged on that row ('3772 0.8165 nan', '6772 nan 6.458').
    Every row holds at most one finite value, the rows with one follow the columns' cycle (first, second, first, ..),
    and a row of nan alone is the nan of the column whose turn it is. None when the rows do not take turns."""
    if width < 2 or width > len(_ORDINALS) or len(flat) != n * width:
        return None
    values = np.frombuffer(flat, dtype=np.float64).reshape(n, width)
    finite = np.isfinite(values)
    per_row = finite.sum(axis=1)
    if (per_row > 1).any() or not per_row[0] or finite.any(axis=0).sum() < 2:
        return None
    turns = np.empty(n, dtype=np.int64)
    prev = -1
    for i in range(n):
        turn = (prev + 1) % width if prev >= 0 else int(np.argmax(finite[i]))
        if per_row[i] and int(np.argmax(finite[i])) != turn:
            return None
        turns[i] = prev = turn
    return turns


TOTAL_LOSS = "total loss"


def _total_as_loss(c: _Collector) -> None:
    """A log that names no metric but prints its loss terms and their sum named 'total' alone ('[total 0.298]
    [joint 0.005] [intensity 0.149] [sobel 0.228]', an unsupervised fusion loss) is read by that sum, as the loss.
    When the log names a metric, these values are not read (a 'total' count beside an accuracy is no loss)."""
    tagged = [k for k in c.points if k.startswith(tp.TOTAL_TAG)]
    if not tagged:
        return
    cols = [c.points.pop(k) for k in tagged]
    if any(classify(k).kind in _EVIDENCE for k in c.points) or any(k.startswith(tp.SPLIT_ONLY_TAG) for k in c.points):
        return
    c.points[TOTAL_LOSS] = max(cols, key=len)
    c.warnings.append(f"no metric names in the log: the value named 'total' is read as the loss ('{TOTAL_LOSS}')")


def _split_assigned_as_loss(c: _Collector) -> None:
    """Each split assigned a number on an epoch's line ('Epoch 2: train=-5.89 valid=-17.63', svoice/demucs's solver)
    is that split's loss, the quantity a summary line names by its split alone, when the log names no other
    quantity than losses. Beside an accuracy or a score named elsewhere, 'train=0.93 val=0.91' could as well be
    accuracies: not read (a warning says so)."""
    tagged = [k[len(tp.SPLIT_ASSIGNED_TAG):] for k in c.points if k.startswith(tp.SPLIT_ASSIGNED_TAG)]
    if not tagged:
        return
    if any(classify(k).kind in METRIC_KINDS for k in c.points):
        c.points = {k: col for k, col in c.points.items() if not k.startswith(tp.SPLIT_ASSIGNED_TAG)}
        c.warnings.append(f"{', '.join(k.removesuffix(' loss') + '=' for k in tagged)} on epoch lines not read: the "
                          "log names metrics besides its losses, so these split-named values may be either")
        return
    points: dict[str, _Column] = {}
    for key, col in c.points.items():  # in place, in the order printed
        if key.startswith(tp.SPLIT_ASSIGNED_TAG):
            key = key[len(tp.SPLIT_ASSIGNED_TAG):]
            if key in c.points:
                continue  # the log prints a series of that very name itself: its own points are kept
        points[key] = col
    c.points = points


_ANY_EVAL = re.compile(r"(?i)(?:^|_)eval(?:uation)?$")


def _split_only_as_loss(c: _Collector) -> None:
    """Values named by a split word alone ('3d_train 88.13 3d_eval 63.54 3d_valid 67.05': VideoPose3D and PoseFormer
    print their MPJPE loss so) are the loss of that split when the log names no metric: read as '3d_train loss', ...
    Beside a 'valid' value an 'eval' one is a re-evaluation of other data (VideoPose3D's training set in eval mode),
    not the validation split: left out. When the log names its metrics, these values are not read."""
    tagged = [k for k in c.points if k.startswith(tp.SPLIT_ONLY_TAG)]
    if not tagged:
        return
    cols = {k: c.points.pop(k) for k in tagged}
    if any(classify(k).kind in _EVIDENCE for k in c.points):
        return
    names = {k: k[len(tp.SPLIT_ONLY_TAG):] for k in tagged}
    has_valid = any(classify(n).split is Split.VAL and not _ANY_EVAL.search(n) for n in names.values())
    kept = [k for k in tagged if not (has_valid and _ANY_EVAL.search(names[k]))]
    for k in kept:
        c.points[f"{names[k]} loss"] = _by_one_as_epochs(cols[k])
    c.warnings.append(f"no metric names in the log: {', '.join(names[k] for k in kept)} (named by their split) "
                      "read as the loss of that split")


FASTAI07_KEYS = ("trn_loss", "val_loss")
LISTED_LOSS = "loss (printed list)"


def _rows_and_lists(c: _Collector) -> None:
    """A log that names no metric may still print its losses: fastai 0.7's learn.fit rows '[0. 0.045 0.025 0.991]'
    ([epoch, trn_loss, val_loss, metrics...]: the metrics' names are not printed, so they are not read), or a list of
    numbers alone (print(losses); a paste of '..., -7.75, 718.8, ...'), read in order as the loss."""
    if any(classify(k).kind in _EVIDENCE for k in c.points):
        return
    if c.fastai_rows:
        for epoch, *losses in c.fastai_rows:
            for key, value in zip(FASTAI07_KEYS, losses):
                c.line_has_points = False
                c.put(key, value, epoch, None, context=False)
        c.warnings.append("rows '[epoch trn_loss val_loss metrics...]' without a header (fastai 0.7's learn.fit) "
                          "read as training and validation loss by epoch; the unnamed metric columns are not read")
    elif len(c.listed) >= 3:
        key = c.column_name or LISTED_LOSS
        col = c.points[key] = _Column()
        for i, value in enumerate(c.listed):
            col.append(value, None, None, i + 1, 0, None)
        c.warnings.append(f"no metric names in the log: a printed list of {len(c.listed)} numbers is read, in order, "
                          f"as the loss ('{LISTED_LOSS}')" if c.column_name is None else
                          f"a column of {len(c.listed)} numbers under its name '{key}' is read, in order")


def _by_one_as_epochs(col: _Column) -> _Column:
    """A bare counter ('[7]', '76930') that goes up by one on every line of a log without names counts epochs."""
    bare = ~col.has_mask(_EPOCH) & col.has_mask(_STEP)
    if len(col) > 1 and bare.all() and (np.diff(col.view("step")) == 1).all():
        for i in range(len(col)):
            col.epoch[i], col.has[i] = col.step[i], _EPOCH
    return col


def _place_open_batches(c: _Collector) -> None:
    """Batch lines that print no batch count ('Epoch[3] Batch [49]', MXNet's Speedometer and GluonCV) are placed
    within their epoch at batch / (the last batch number the log shows + the logging interval): the epoch's length
    as far as the log tells it. Each stays a point, in order, before the epoch's summary line at its end."""
    last, gaps = 0.0, []
    for col in c.points.values():
        mask = col.has_mask(_OPEN)
        if not mask.any():
            continue
        b, e = col.view("bar")[mask], col.view("epoch")[mask]
        last = max(last, float(b.max()))
        step = np.diff(b)[np.diff(e) == 0]
        gaps.extend(step[step > 0].tolist())
    if not last:
        return
    length = last + (float(np.median(gaps)) if gaps else 1.0)
    for col in c.points.values():
        for i in np.flatnonzero(col.has_mask(_OPEN)):
            col.epoch[i] += col.bar[i] / length
            col.bar[i] = 0.0


def _unfinished_last_epoch(c: _Collector) -> None:
    """A Keras fit() whose log ends inside an epoch's progress bar (a run killed, still going, or a file cut) never
    printed that epoch's last update (its value, with the val_ metrics): what it has is the bar's last refresh, a
    running mean over the batches so far. It is read as that epoch's value, as far as the epoch went, and a warning
    says so. A log of one unfinished bar alone (an excerpt) keeps each update (`_one_bar_epoch`)."""
    if not c.keras_bars or c.epoch is None:
        return
    last, partial, at = c.epoch, [], 1.0
    for key, col in c.points.items():
        if not len(col) or col.has[-1] & (_BAR | _EPOCH) != _BAR | _EPOCH or col.bar[-1] >= 1.0 \
                or col.epoch[-1] != last:
            continue
        if (col.has_mask(_EPOCH) & (col.view("epoch") < last)).any():  # (that epoch alone: an excerpt of one bar)
            at = min(at, col.bar[-1])
            partial.append(key)
    if partial:
        c.warnings.append(f"the log ends {at:.0%} into epoch {last:g}'s progress bar (a run stopped, or a file cut, "
                          f"before the epoch finished): that epoch's {', '.join(partial)} are the bar's last running "
                          "means, over the batches it reached")


_NEAR = 3  # lines between a value and the first epoch counter for the value to be read as the epoch before it


def _before_first_epoch(c: _Collector) -> None:
    """A NaN loss or metric printed just before the log's first epoch counter and never under one (llama-recipes
    prints 'eval_epoch_loss=tensor(nan, ...)' right before its 'Epoch 1: train_epoch_loss=...' line) is read at
    epoch n - 1, not dropped: a finite value out of any epoch may be a setting or a summary and is skipped with a
    warning, but a NaN there is the problem itself."""
    if c.first_epoch is None:
        return
    prev = float(c.first_epoch[0] - 1)
    moved = [key for key, col in c.points.items() if classify(key).kind in _EVIDENCE
             and not (col.view("has") & (_EPOCH | _STEP)).any()
             and c.first_epoch_line - c.key_line.get(key, -_NEAR) <= _NEAR
             and not np.isfinite(col.view("value")).all()]
    for key in moved:
        old, last = c.points[key], _Column()  # printed before any counter: the last value is the one measured last
        last.append(old.value[-1], prev, None, old.implicit[-1], old.repeat[-1],
                    old.bar[-1] if old.has[-1] & _BAR else None)
        c.points[key] = last
    if moved:
        c.warnings.append(f"{', '.join(moved)}: printed before the first epoch counter (epoch {c.first_epoch[0]}), "
                          f"read as epoch {prev:g}")


def _one_bar_epoch(key: str, col: _Column) -> bool:
    """A training value that only a tqdm bar printed, within one epoch whose bar never finished (an excerpt): its
    last update would be a single point, not the epoch's value, so each batch is kept. A finished bar's last update
    is the epoch's value; a validation value on the bar repeats the last evaluation: never per batch."""
    if classify(key).split not in (Split.TRAIN, Split.NONE) or not len(col):
        return False
    has = col.view("has")
    if not ((has & _BAR) != 0).all() or not (col.view("bar") < 1.0).all():
        return False
    with_epoch = (has & _EPOCH) != 0
    if not with_epoch[0]:
        return not with_epoch.any()
    return bool(with_epoch.all() and (col.view("epoch") == col.epoch[0]).all())


def _epoch_points(col: _Column, unit: float) -> tuple[np.ndarray, np.ndarray]:
    """(epochs, values) of the points that have an epoch; a run of n Trainer dicts printing the same rounded epoch
    is spread evenly over its last digit (`unit`), so that each log line stays a point."""
    keep = col.has_mask(_EPOCH)
    e, v, rep = col.view("epoch")[keep], col.view("value")[keep], col.view("repeat")[keep]
    if not e.size:
        return e, v
    starts = rep == 0
    starts[0] = True
    run_id = np.cumsum(starts) - 1
    first = np.flatnonzero(starts)
    lengths = np.diff(np.append(first, e.size))
    r = np.arange(e.size) - first[run_id]
    return e + r * unit / lengths[run_id], v


def _batch_prints(key: str, col: _Column) -> bool:
    """'Epoch 1 - Batch loss: 12.13' on every batch (no batch number, no bar): a training value printed again and
    again under each epoch counter is a point per print, not one per epoch whose last print hides the rest. A value
    printed once or twice an epoch (an evaluation on two sets, a line printed twice) keeps its epoch's last, and so
    do prints under 'Epoch 1/1' (a fit(epochs=1) call's running values) or on lines that show their progress."""
    info = classify(key)
    if info.split not in (Split.TRAIN, Split.NONE) or info.kind not in _EVIDENCE or len(col) < _REPEATED:
        return False
    if (col.view("has") != _EPOCH).any() or col.view("repeat").any():
        return False
    e = col.view("epoch")
    if (np.diff(e) < 0).any():  # an epoch counter going back is a restart: the last pass wins
        return False
    return float(np.median(_run_lengths(e))) >= _REPEATED


def _run_lengths(e: np.ndarray) -> np.ndarray:
    """Lengths of the runs of equal consecutive values."""
    starts = np.flatnonzero(np.r_[True, e[1:] != e[:-1]])
    return np.diff(np.append(starts, e.size))


def _spread_in_epoch(e: np.ndarray) -> np.ndarray:
    """The n prints of epoch k at k, k + 1/n, .., k + (n-1)/n."""
    lengths = _run_lengths(e)
    first = np.repeat(np.cumsum(lengths) - lengths, lengths)
    return e + (np.arange(e.size) - first) / np.repeat(lengths, lengths)


def _stale_steps(col: _Column, with_step: np.ndarray, with_epoch: np.ndarray) -> bool:
    """A metric printed on epoch lines between the lines that count steps ('(Epoch 3 / 20) train acc: ..' among
    '(Iteration 11 / 40) loss: ..', cs231n's Solver) takes the last step printed: several of its epochs share one
    step, so it is counted by its epochs, not by that step."""
    if not with_epoch.all() or not with_step.all():
        return False
    return len(np.unique(col.view("epoch"))) > len(np.unique(col.view("step")))


def _stuck_epoch(c: _Collector) -> bool:
    """'Epoch: 1/10 Train Loss: ..' then 'Epoch: 1/10 Validation Loss: ..', six times over (a print that never
    updates its epoch): every value of the log sits at one epoch of several (`n/N`, N > 1), counted by no step or
    bar. Each print is then a point in order; keeping only the last would hide all but one. A counter printed
    without its total ('epoch:1 loss:91.69 | train-TER:132.33 | valid_1000-TER:100.00', wav2letter's report lines)
    is read the same way when its prints carry held-out values (each an evaluation, not a running update) and show
    no progress through the epoch; `1/1` (Keras' fit(epochs=1)) says the run had a single epoch whose last print is
    its value. Values above the first counter (a
    paste that cut the first line's 'e' off 'epoch:1') are prints of the same sequence."""
    if c.epoch_total == 1 or c.step is not None or c.bar_total is not None:
        return False  # (a Keras bar's updates within its epoch are running means: its last one is the epoch's)
    if c.epoch_total is None and (c.progress or not any(
            classify(k).split in (Split.VAL, Split.TEST) and len(col) >= _REPEATED for k, col in c.points.items())):
        return False  # without a total, only prints that each carry an evaluation are checkpoints of their own;
        #               'Epoch[1] Loss=.. 99.88 %' lines are one epoch's running updates: the last one counts
    epochs: set[float] = set()
    for col in c.points.values():
        has = col.view("has")
        with_epoch = (has & _EPOCH) != 0
        if ((has & (_STEP | _BAR | _OPEN)) != 0).any() or not with_epoch[int(np.argmax(with_epoch)):].all():
            return False
        epochs.update(np.unique(col.view("epoch")[with_epoch]).tolist())
        if len(epochs) > 1:
            return False
    return len(epochs) == 1


def _series(c: _Collector) -> tuple[dict[str, Points], dict[str, Axis]]:
    """Choose each metric's x axis (step if the log counts steps for it, else epoch, else print order)."""
    columns: dict[str, Points] = {}
    axes: dict[str, Axis] = {}
    implicit_keys: list[str] = []
    dropped: list[str] = []
    counted = any(((col.view("has") & (_EPOCH | _STEP)) != 0).any() for col in c.points.values())
    stuck = _stuck_epoch(c)
    for key, col in c.points.items():
        with_step, with_epoch = col.has_mask(_STEP), col.has_mask(_EPOCH)
        n_step, n_epoch = int(with_step.sum()), int(with_epoch.sum())
        values = col.view("value")
        if n_step and n_step >= n_epoch and not _stale_steps(col, with_step, with_epoch):
            axis, xs, vs = Axis.STEP, col.view("step")[with_step], values[with_step]
        elif n_epoch and _one_bar_epoch(key, col):
            axis, xs, vs = Axis.EPOCH, (col.view("epoch") + col.view("bar"))[with_epoch], values[with_epoch]
            c.warnings.append(f"{key}: the progress bar shows part of a single epoch ({col.epoch[0]:g}); its updates "
                              "are read per batch (epoch + n/N), the last update of each batch wins")
        elif stuck and n_epoch and len(col) >= _REPEATED and classify(key).kind in _EVIDENCE:
            axis, xs, vs = Axis.STEP, np.arange(1.0, len(col) + 1.0), values
            c.warnings.append(f"{key}: printed {len(col)} times under one epoch counter "
                              f"({col.epoch[int(np.argmax(with_epoch))]:g}) that never "
                              f"moves; its values are {PRINT_ORDER} (1, 2, ...) as steps")
            c.print_order.add(key)
        elif n_epoch and not c.progress and c.epoch_total != 1 and _batch_prints(key, col):
            axis, xs, vs = Axis.EPOCH, _spread_in_epoch(col.view("epoch")), values
            c.warnings.append(f"{key}: printed several times under each epoch counter, with no batch or step number; "
                              "its prints are spaced evenly, in print order, within their epoch")
        elif n_epoch:
            axis, (xs, vs) = Axis.EPOCH, _epoch_points(col, 10.0 ** -c.hf_decimals)
        elif counted and classify(key).kind in _EVIDENCE and len(col) >= _REPEATED:
            axis, xs, vs = Axis.STEP, np.arange(1.0, len(col) + 1.0), values  # printed again and again, never with
            c.warnings.append(f"{key}: printed without epoch or step numbers; its {len(col)} values are "  # a counter
                              f"{PRINT_ORDER} (1, 2, ...) as steps")  # (simpletransformers'
            c.print_order.add(key)
            #                                         'Running loss: 0.35' lines above a results table): a series
        elif counted:  # a setting printed before training ("lr=0.05") in a log that counts epochs/steps
            dropped.append(key)
            continue
        else:
            axis, xs, vs = Axis.EPOCH, col.view("implicit").astype(np.float64), values
            implicit_keys.append(key)
            c.print_order.add(key)
        if len(xs) < len(col):
            c.warnings.append(f"{key}: {len(col) - len(xs)} value(s) printed before the first "
                              f"{axis.value} counter were skipped")
        p = Points.of(np.array(xs, dtype=np.float64), np.array(vs, dtype=np.float64))  # copies: the views die here
        columns[key] = p
        axes[key] = axis
    if dropped:
        c.warnings.append(f"{', '.join(dropped)}: printed outside any epoch or step, skipped")
    if implicit_keys:
        c.warnings.append(f"{NO_COUNTER}{', '.join(implicit_keys)}; their values are "
                          f"{PRINT_ORDER} (1, 2, ...) as epochs")
    _number_restarts_on(columns, axes, c.warnings)
    _loss_from_bare_error(columns, axes, c.warnings)  # before a rate in percent is divided by 100
    _percent_to_fraction(columns, c.warnings, c.decimals, c.fractions)
    return columns, axes


_back_jumps, _overlap_differs = back_jumps, overlap_differs  # shared with the table readers (_resumed)


def _number_restarts_on(columns: dict[str, Points], axes: dict[str, Axis], warnings: list[str]) -> None:
    """A counter that goes back inside its run with records that differ from the ones first printed there (a run
    taken up again from an earlier checkpoint: 'epoch 100' then 'epoch 71' .. 'epoch 270', a new learning rate) is
    read as written, in log order: the records after the jump are numbered on from the last one, and a warning
    names where the numbering went back. Keeping one value per number would let the restart overwrite what the
    first pass printed there (its stall). A repeated history (the same values again) keeps one copy, as before."""
    decided: dict[tuple[Axis, float, float], float] = {}  # (axis, from, to) -> the counter's spacing, for restarts
    for key, p in columns.items():
        if classify(key).kind not in _EVIDENCE:
            continue
        xs, vs = np.asarray(p.steps, dtype=np.float64), np.asarray(p.values, dtype=np.float64)
        for b in _back_jumps(xs):
            if _overlap_differs(xs, vs, int(b)):
                rises = np.diff(xs[:b])
                rises = rises[rises > 0]
                decided.setdefault((axes[key], float(xs[b - 1]), float(xs[b])),
                                   float(np.median(rises)) if rises.size else 1.0)
    if not decided:
        return
    moved: dict[tuple[Axis, float, float], list[str]] = {}
    for key, p in columns.items():
        xs = np.asarray(p.steps, dtype=np.float64)
        shift, new = 0.0, xs.copy()
        for b in _back_jumps(xs):
            jump = (axes[key], float(xs[b - 1]), float(xs[b]))
            if jump in decided:
                shift += jump[1] - jump[2] + decided[jump]
                new[b:] = xs[b:] + shift
                moved.setdefault(jump, []).append(key)
        if shift:
            columns[key] = Points.of(new, np.asarray(p.values, dtype=np.float64))
    for (axis, top, back), keys in moved.items():
        warnings.append(f"the {axis.value} numbering goes back from {top:g} to {back:g} ({', '.join(keys)}), with "
                        "values that differ from the ones first printed there (a run taken up again from an earlier "
                        f"checkpoint): read as written, in log order, the records from {axis.value} {back:g} on "
                        f"numbered on from {top + decided[(axis, top, back)]:g}")


_REPEATED = 3  # a metric printed this many times without a counter is a series in print order, not a setting

_PERPLEXITY = frozenset({"ppl", "perplexity"})


def _loss_from_perplexity(columns: dict[str, Points], axes: dict[str, Axis], warnings: list[str]) -> None:
    """A log that prints only a perplexity (language models: ppl = exp(cross-entropy)) gets its loss back as
    ln(ppl), under a key that says it was derived; nothing is derived when the log prints a loss itself."""
    if any(classify(k).kind is Kind.LOSS for k in columns):
        return
    for key in [k for k in columns if classify(k).kind is Kind.ERROR and _PERPLEXITY & set(tokens(k))]:
        values = np.asarray(columns[key].values, dtype=np.float64)
        finite = values[np.isfinite(values)]
        if finite.size == 0 or finite.min() < 1.0:  # a perplexity is >= 1: this column is something else
            continue
        derived = f"loss = ln({key})"
        with np.errstate(invalid="ignore"):
            columns[derived] = Points(list(columns[key].steps), np.log(values).tolist())
        axes[derived] = axes[key]
        warnings.append(f"no loss printed: '{derived}' is derived from the perplexity '{key}' "
                        "(perplexity = exp(cross-entropy loss))")


_OBJECTIVES = frozenset({"mae", "mse", "rmse", "l1", "l2", "huber"})
_LOSS_NAME = {Split.TRAIN: "loss", Split.VAL: "val_loss", Split.TEST: "test_loss"}


def _loss_from_regression_error(columns: dict[str, Points], axes: dict[str, Axis], warnings: list[str]) -> None:
    """A regression run that prints no loss but its training error ('train_mae: 1.96, val_mae: 2.79', DCRNN) prints
    the error it minimises: those columns are read as the loss, under keys that keep their names. Only when the log
    prints no loss, and a training one exists: a validation-only MAE beside no objective stays a metric."""
    if any(classify(k).kind is Kind.LOSS for k in columns):
        return
    found = [k for k in columns if classify(k).kind is Kind.ERROR and _OBJECTIVES & set(tokens(k))
             and classify(k).split in _LOSS_NAME]
    if not any(classify(k).split is Split.TRAIN for k in found):
        return
    for key in found:
        derived = f"{_LOSS_NAME[classify(key).split]} = {key}"
        columns[derived] = columns.pop(key)
        axes[derived] = axes.pop(key)
    warnings.append(f"no loss printed: the regression error {', '.join(found)} is read as the loss it minimises")


_BARE_ERROR = frozenset({("error",), ("err",)})


def _loss_from_bare_error(columns: dict[str, Points], axes: dict[str, Axis], warnings: list[str]) -> None:
    """A script that prints one quantity named only 'Error' ('Error:  nan' at each epoch of a numpy trainer) may
    print its training objective under that name. An error *rate* counts wrong answers over a total: a fraction, or a
    percent up to 100, never NaN or inf. So where the log prints no loss and no accuracy, a bare 'error' column whose
    values show that it cannot be a rate (a NaN, an inf, a value above 100) is read as the loss it is; a value in
    (1, 100] stays a rate in percent (what the line shows cannot tell the two apart)."""
    if any(classify(k).kind in (Kind.LOSS, Kind.ACCURACY) for k in columns):
        return
    for key in [k for k in columns if tuple(t for t in tokens(k) if t not in tp.SPLIT_WORDS) in _BARE_ERROR]:
        values = np.asarray(columns[key].values, dtype=np.float64)
        if not ((~np.isfinite(values)).any() or (values[np.isfinite(values)] > 100.0).any()):
            continue
        derived = f"{_LOSS_NAME.get(classify(key).split, 'loss')} = {key}"
        columns[derived] = columns.pop(key)
        axes[derived] = axes.pop(key)
        warnings.append(f"no loss printed: '{key}' shows values no error rate takes (NaN, inf or above 100): read as "
                        "the training objective")


def _percent_to_fraction(columns: dict[str, Points], warnings: list[str], decimals: dict[str, int],
                         printed_fractions: set[str]) -> None:
    """Accuracy/error-rate columns printed in percent without a % sign (values above 1) become fractions. A negative
    rate is a placeholder for 'not measured' (Distiller prints Top1 -1 for a batch it did not score): left out. A rate
    column with values above 100 holds counts ('correct: 9382' beside 'total: 10000'), not a rate: dropped. A top-k
    accuracy ('Top-5 3.12' beside 'Top-1 1.56') is a rate too, though the names give it the kind of a score. A column
    divided by 100 shows two more `decimals` ('93.75' is 0.9375). A column whose text made it a fraction already
    ('Accuracy: 9783/10000 (98%)', '97.83%': `printed_fractions`) is not divided again because another split printed
    the same name in percent ('Accuracy=87.56' on pytorch/examples' training bar)."""
    in_percent: set[str] = set()
    fractions: list[str] = []
    for key in list(columns):
        p = columns[key]
        if classify(key).kind not in (Kind.ACCURACY, Kind.ERROR_RATE) and not _top_k(key):
            continue
        if any(v < 0 for v in p.values):
            keep = [i for i, v in enumerate(p.values) if not v < 0]
            warnings.append(f"{key}: {len(p.values) - len(keep)} negative value(s) (a placeholder for 'not measured') "
                            "left out")
            if not keep:
                del columns[key]
                continue
            p = columns[key] = Points([p.steps[i] for i in keep], [p.values[i] for i in keep])
        finite_all = [v for v in p.values if v == v and abs(v) != float("inf")]
        if finite_all and max(finite_all) > 100.0 and all(float(v).is_integer() for v in finite_all):
            del columns[key]
            warnings.append(f"{key}: whole numbers up to {max(finite_all):g} are counts, not a rate: not read")
            continue
        finite = [v for v in p.values if v == v and abs(v) != float("inf")]
        if finite and max(finite) > 1.0 and max(finite) <= 100.0 and min(finite) >= 0.0:
            p.values[:] = [v / 100.0 for v in p.values]
            warnings.append(f"{key}: values up to {max(finite):g} read as percentages and divided by 100")
            if key in decimals:
                decimals[key] += 2
            in_percent.add(_unsplit(key))
        elif finite and min(finite) >= 0.0:
            fractions.append(key)
    for key in fractions:  # the same name in another split is printed by the same format: 'top1_avg=1.02' on the
        #                    training bar, 'top1_avg=0.54' on the validation bar, both percent
        if _unsplit(key) in in_percent and key not in printed_fractions:
            p = columns[key]
            p.values[:] = [v / 100.0 for v in p.values]
            warnings.append(f"{key}: read as percentages like the same name in another split, divided by 100")
            if key in decimals:
                decimals[key] += 2


def _unsplit(key: str) -> str:
    """A metric's name without its split words: 'val top1_avg' and 'top1_avg' name the same measure."""
    return "_".join(t for t in tokens(key) if t not in tp.SPLIT_WORDS)


def _top_k(key: str) -> bool:
    """'Top-5', 'top5_acc', 'acc5': the share of samples whose label is among the k best guesses."""
    toks = tokens(key)
    return any(t in ("top5", "acc5") or (t == "top" and nxt.isdigit()) for t, nxt in zip(toks, toks[1:] + [""]))


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")  # PowerShell 5's `python train.py > log.txt` writes UTF-16


def _decode(data: bytes) -> str:
    if data.startswith(_UTF16_BOMS):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace")


def _looks_binary(head: bytes) -> bool:
    if head.startswith(_UTF16_BOMS):
        head = head[2:].decode("utf-16-le" if head[:2] == b"\xff\xfe" else "utf-16-be", errors="replace").encode()
    if b"\x00" in head:
        return True
    if not head:
        return False
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13, 8, 27, 12))
    return controls > len(head) // 20


def read_text(text: str, name: str) -> Run:
    """Parse a text log given as a string, as one run."""
    return parse_text(text, name, name)


def read_text_runs(text: str, name: str) -> list[Run]:
    """Parse a text log given as a string (stdin): its runs, one per script run written into it (parse_runs)."""
    lines = text.split("\n")
    return parse_runs(lambda: lines, name, name)


class TextLogReader:
    """stdout of a training script (`.log`, `.txt`, `.out`, `.err`, or a suffix-less file that holds metric lines), or
    a markdown note or model card (`.md`) holding a training-results table or pasted log."""

    name = "text"

    def can_read(self, path: Path) -> bool:
        if not path.is_file():
            return False
        suffix = path.suffix.lower()
        if suffix[1:].isdigit():  # a rank's or a rotated log: Paddle's 'workerlog.0', 'train.log.1': sniffed
            suffix = ""
        if suffix not in _SUFFIXES and suffix not in _PROSE_SUFFIXES and suffix:
            return False
        head = head_bytes(path, _SNIFF)
        if _looks_binary(head):
            return False
        if suffix in _SUFFIXES:
            return True
        if suffix in _PROSE_SUFFIXES:  # a .txt/.md that talks about training is ours (a precise error if empty)
            text = _decode(head)
            first = text.split("\n", 3)[:3]
            return _TRAINING_WORDS.search(text) is not None or any(  # YOLOv5's headerless results.txt
                tp.YOLO_RESULTS_ROW.match(line) for line in first) or (  # np.savetxt('loss.txt', losses)
                len(first) == 3 and all(len(line) < 64 and tp.LONE_NUMBER.match(line) for line in first))
        return _has_metric_line(_decode(head))  # a suffix-less file must show a metric line

    def shows_a_log(self, path: Path) -> bool:
        """Whether a file of any suffix, named by hand, holds text with metric lines (a log saved as 'train.py')."""
        if not path.is_file():
            return False
        head = head_bytes(path, _SNIFF)
        return not _looks_binary(head) and _has_metric_line(_decode(head))

    def read(self, path: Path) -> list[Run]:
        try:
            with path.open("rb") as raw:
                head = raw.read(_SNIFF)
                if _looks_binary(head):
                    raise ReadError(path, "binary data, not a text log")
                raw.seek(0)
                enc = "utf-16" if head.startswith(_UTF16_BOMS) else "utf-8-sig"
                fh = io.TextIOWrapper(raw, encoding=enc, errors="replace", newline="\n")

                def lines() -> Iterator[str]:  # the file from its start, again for each run it holds
                    fh.seek(0)
                    return _file_lines(fh)

                return parse_runs(lines, file_run_name(path), str(path))
        except OSError as exc:
            raise ReadError(path, f"cannot be opened ({exc.strerror})") from None


def _file_lines(fh: io.TextIOBase) -> Iterator[str]:
    """The lines of a text file one at a time, without their "\\n" (a lone "\\r", as tqdm prints, stays in the line
    as with str.split); a line longer than MAX_LINE is cut there and the rest of it skipped, never held whole."""
    while True:
        line = fh.readline(MAX_LINE + 1)
        if not line:
            return
        if line.endswith("\n"):
            yield line[:-1]
            continue
        yield line  # the last line, or a cut one (parse_lines notes the cut)
        while line and not line.endswith("\n"):
            line = fh.readline(MAX_LINE)


def _has_metric_line(text: str) -> bool:
    """A cheap sniff for suffix-less and .txt files: some line carries a recognisable metric."""
    c = _Collector()
    for line in text.split("\n")[:2000]:
        c.feed_line(line)
        if any(classify(k).kind in _EVIDENCE for k in c.points):
            return True
    return False
