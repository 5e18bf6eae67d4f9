"""One growing file read from where the last poll stopped, with rewrites and rotations noticed.

A writer may append (CSV rows, TensorBoard records, text lines), rewrite the file in place (Lightning widens its
CSV header; HF rewrites trainer_state.json) or replace it (log rotation). A tail remembers the file's identity,
its first bytes and the bytes just before its offset: when any of them changed, the file was rewritten and
is read again from the start (`reset`).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

_PROBE = 64  # bytes compared at the head and just before the offset


@dataclass
class Tail:
    """Read position in one file; `parsed` counts the bytes handed to a parser (the cost of following)."""

    path: Path
    offset: int = 0
    ident: tuple[int, int] | None = None
    head: bytes = b""
    before: bytes = b""
    parsed: int = 0
    resets: int = 0

    def peek(self) -> tuple[bytes, bool]:
        """(the bytes after the offset, whether the file was rewritten so that reading restarted at 0).

        A missing or unreadable file gives no bytes and no reset (it may appear or come back)."""
        try:
            with self.path.open("rb") as fh:
                st = os.fstat(fh.fileno())
                reset = self._rewritten(fh, st)
                if reset:
                    self.offset, self.head, self.before = 0, b"", b""
                    self.resets += 1
                self.ident = (st.st_dev, st.st_ino)
                if st.st_size <= self.offset:
                    return b"", reset
                fh.seek(self.offset)
                return fh.read(st.st_size - self.offset), reset
        except OSError:
            return b"", False

    def _rewritten(self, fh: object, st: os.stat_result) -> bool:
        if self.offset == 0:
            return False
        if self.ident != (st.st_dev, st.st_ino) or st.st_size < self.offset:
            return True
        head = os.pread(fh.fileno(), len(self.head), 0)  # type: ignore[attr-defined]
        start = self.offset - len(self.before)
        return head != self.head or os.pread(fh.fileno(), len(self.before), start) != self.before  # type: ignore

    def advance(self, data: bytes, n: int) -> None:
        """Mark the first `n` bytes of `data` (what `peek` returned) as parsed."""
        if n <= 0:
            return
        if self.offset == 0:
            self.head = data[:_PROBE]
        self.before = (self.before + data[:n])[-_PROBE:]
        self.offset += n
        self.parsed += n


def complete_lines(data: bytes) -> int:
    """How many bytes of `data` end with a newline: a last line without one is still being written."""
    return data.rfind(b"\n") + 1
