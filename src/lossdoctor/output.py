"""Where a report may be written: never onto a log that is read, and never half-written.

`-o` is refused when it resolves (symlinks, `..`) to an input file, lies anywhere under an input directory, or is
a hard link of an input log. A report is written to a temporary file beside the target and renamed over it, so
that a crash or a full disk leaves the old file whole (and a rename never writes through a hard link).
"""
from __future__ import annotations

import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Sequence

from .errors import UsageError


class OutputError(UsageError):
    """The report cannot be written where asked (exit code 2, one line)."""


def check_output(output: Path, inputs: Sequence[str]) -> None:
    """Raise OutputError unless `output` is a writable place for a report that touches no input."""
    if output.is_dir():
        raise OutputError(f"{output}: is a directory; give a file name for the report")
    parent = output.parent if str(output.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"{output}: the directory {parent} does not exist")
    real = os.path.realpath(output)
    ident = _inode(output)
    linked = ident is not None and os.stat(output).st_nlink > 1  # only then can a file elsewhere be the same one
    for given in inputs:
        if given == "-" or "://" in given:
            continue
        src = os.path.realpath(given)
        if os.path.isdir(src):
            if _under(real, src):
                raise OutputError(f"{output}: refusing to write inside the input directory {given} "
                                  "(lossdoctor never writes to your logs)")
            if linked and _has_inode(src, ident):  # type: ignore[arg-type]
                raise OutputError(f"{output}: refusing to overwrite a hard link of a log in {given}")
        elif real == src or (ident is not None and ident == _inode(Path(src))):
            raise OutputError(f"{output}: refusing to overwrite an input log")


def write_atomic(output: Path, data: str | bytes) -> None:
    """Write all of `data` to `output` or nothing: a temporary file in the same directory, then a rename."""
    with open_stream(output, binary=True) as fh:
        fh.write(data.encode("utf-8") if isinstance(data, str) else data)


@contextmanager
def open_stream(output: Path | None, binary: bool = False) -> Iterator[Any]:
    """A stream for a report written piece by piece: stdout, or a temp file renamed onto `output` when done (left
    out when writing fails midway). A device or FIFO (/dev/stdout) is written into, never replaced."""
    mode, enc = ("wb", None) if binary else ("w", "utf-8")
    if output is None:
        yield sys.stdout.buffer if binary else sys.stdout
        return
    if output.exists() and not output.is_file():
        try:
            with open(output, mode, encoding=enc) as fh:
                yield fh
        except OSError as exc:
            raise OutputError(f"{output}: cannot be written ({exc.strerror or exc})") from None
        return
    parent = output.parent if str(output.parent) else Path(".")
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=parent)
        with os.fdopen(fd, mode, encoding=enc) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, output)
        tmp = None
    except OSError as exc:
        raise OutputError(f"{output}: cannot be written ({exc.strerror or exc})") from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _inode(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def _under(path: str, directory: str) -> bool:
    try:
        return os.path.commonpath([path, directory]) == directory
    except ValueError:
        return False


def _has_inode(directory: str, ident: tuple[int, int]) -> bool:
    """Whether some file below `directory` is the file `ident` (only a file with several links can be)."""
    from .readers._base import walk

    for dirpath, _, files in walk(directory):
        for f in files:
            if _inode(Path(dirpath) / f) == ident:
                return True
    return False
