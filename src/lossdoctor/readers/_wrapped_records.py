"""A dict/JSON record hard-wrapped across lines by a paste, joined back into the one line its writer printed.

A logger prints a record on one line (fairseq's `| INFO | train | {"epoch": 73, "train_loss": "nan", ...}`); a
terminal or an issue form that wraps at a fixed width breaks it, often inside a key (`"t` / `rain_nll_loss"`) or a
number. No writer breaks a line inside a token: JSON cannot hold a raw newline in a string, Python's repr of a dict
escapes it, and a number is printed whole. So a record left open on a line (more '{' than '}') whose next lines,
joined to it *without* a separator, close it into text that parses (json, or a Python literal for single quotes),
while the same lines joined *with* their line breaks do not parse, was wrapped by the paste: it is read as the one
line it was. A record broken between two values (a pretty-printed dict) parses with its line breaks too and is read
as before.
"""
from __future__ import annotations

import ast
import json
from typing import Iterable, Iterator

MAX_WRAPPED_LINES = 8   # a wrapped record of a few hundred characters spans 2-4 terminal lines
MAX_RECORD = 8_000      # characters of a joined record; longer text is no stats line


def _parses(record: str) -> bool:
    """Whether a joined '{...}' text is a record its writer could have printed."""
    try:
        json.loads(record)
        return True
    except ValueError:
        pass
    try:
        return isinstance(ast.literal_eval(record), dict)
    except (ValueError, SyntaxError, MemoryError, RecursionError, TypeError):
        return False


def _closed_record(joined: str) -> str | None:
    """The '{...}' text of `joined` up to its closing brace, or None while it is still open."""
    start = joined.find("{")
    depth, quote, escaped = 0, "", False
    for i in range(start, len(joined)):
        ch = joined[i]
        if quote:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch in "{[":
            depth += 1
        elif ch in "}]":
            depth -= 1
            if depth == 0:
                return joined[start:i + 1]
    return None


def join_wrapped(lines: Iterable[str]) -> Iterator[tuple[str, int]]:
    """Each line as (line, 0), but a record wrapped inside a token as (its lines joined, how many lines were joined
    into it after the first): the caller counts those lines so that line numbers keep matching the file."""
    it = iter(lines)
    held: list[str] = []  # lines read ahead that did not join, given back in order
    while True:
        line = held.pop(0) if held else next(it, None)
        if line is None:
            return
        if "{" not in line or line.count("{") <= line.count("}") or len(line) > MAX_RECORD:
            yield line, 0
            continue
        parts = [line]
        record = None
        while len(parts) <= MAX_WRAPPED_LINES:
            nxt = held.pop(0) if held else next(it, None)
            if nxt is None:
                break
            parts.append(nxt)
            joined = "".join(parts)
            if len(joined) > MAX_RECORD:
                break
            record = _closed_record(joined)
            if record is not None:
                break
        if record is not None and _parses(record) and not _parses(_closed_record("\n".join(parts)) or ""):
            yield "".join(parts), len(parts) - 1
            continue
        yield line, 0
        held = parts[1:] + held
