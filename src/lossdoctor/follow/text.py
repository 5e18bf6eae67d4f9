"""Text logs (a training script's stdout redirected to a file) followed line by line.

The text reader walks a log line by line with a running epoch/step context; that walker is kept between polls
and fed only the complete lines appended since the last one (a Keras progress bar redrawn with `\\r` waits
for its newline). The Run is built from the walker's state as the reader builds it at the end of a file.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..model import Axis, Run, Split
from ..readers._base import make_run
from ..readers.table import file_run_name
from ..readers.text_log import _EVIDENCE, _backfill_first_epoch, _Collector, _series
from ..readers.text_patterns import classify
from .tail import Tail, complete_lines


class TextFollower:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.tail = Tail(path)
        self.walker = _Collector()

    @property
    def parsed(self) -> int:
        return self.tail.parsed

    def poll(self) -> bool:
        data, reset = self.tail.peek()
        if reset:
            self.walker = _Collector()
        n = complete_lines(data)
        if not n:
            return reset
        text = data[:n].decode("utf-8-sig" if self.tail.offset == 0 else "utf-8", errors="replace")
        for line in text[:-1].split("\n"):  # the reader splits on "\n" too; the last piece is empty
            self.walker.feed_line(line)
        self.tail.advance(data, n)
        return True

    def runs(self) -> list[Run]:
        """parse_text's ending, on a copy of the walker's notes (the walker goes on)."""
        c = replace(self.walker, warnings=list(self.walker.warnings))
        _backfill_first_epoch(c)
        if c.hf_repeats:
            c.warnings.append(f"{c.hf_repeats} Trainer log line(s) print the same rounded epoch as the one before "
                              f"and no step; they are spaced evenly, in print order, within its last digit "
                              f"({10.0 ** -c.hf_decimals:g} epoch)")
        if c.after_fit:
            c.warnings.append(f"{c.after_fit} Keras progress line(s) printed after an epoch's last update "
                              "(model.evaluate/predict output) were not read as training values")
        if c.tables > 1:
            c.warnings.append(f"{c.tables} result tables found (e.g. fastai fine_tune's frozen then unfrozen "
                              "epochs); their epochs are numbered on from one table to the next")
        columns, axes = _series(c)
        if not any(classify(k).kind in _EVIDENCE for k in columns):
            return []  # nothing a diagnosis can use yet
        hparams = {"epochs": c.epoch_total} if c.epoch_total else {}
        run = make_run(file_run_name(self.path), str(self.path), "text", columns, Axis.EPOCH, hparams=hparams,
                       warnings=c.warnings, axes=axes)
        if c.table_metrics:
            run = replace(run, series=tuple(replace(s, split=Split.VAL) if s.key in c.table_metrics else s
                                            for s in run.series))
        return [run]

