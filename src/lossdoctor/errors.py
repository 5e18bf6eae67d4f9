"""Exceptions that the CLI turns into one clear line and exit code 2 (any other exception is a bug: exit code 3)."""
from __future__ import annotations


class LossDoctorError(Exception):
    """Base of every error lossdoctor raises on purpose."""


class UsageError(LossDoctorError):
    """Bad command-line or API arguments."""


class ReadError(LossDoctorError):
    """A file could not be read as a training log; the message names the file and what was expected."""

    def __init__(self, path: object, detail: str) -> None:
        self.path = str(path)
        self.detail = detail
        super().__init__(f"{self.path}: {detail}")

    def __reduce__(self) -> tuple[type, tuple[str, str]]:  # raised in a worker process, re-raised in the parent
        return (ReadError, (self.path, self.detail))


class UnknownRuleError(UsageError):
    """`explain CODE` or --select named a rule that does not exist."""
