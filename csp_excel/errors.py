"""The short exception tree for fatal cases. Everything else is a `Finding`.

The CLI and the Excel entry point catch `CspExcelError` at the edge and turn it into a status,
a one-line message and an exit code; nothing below them prints.
"""

from __future__ import annotations


class CspExcelError(Exception):
    """Base of every error this package raises on purpose."""


class FileRefused(CspExcelError):
    """A file that cannot be read as a return at all (SPEC section 6, 'the file').

    `code` is one of the stable finding codes: FILE_UNREADABLE, FILE_ENCRYPTED,
    FILE_LEGACY_FORMAT, FILE_TOO_LARGE, NO_INDICATORS.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class OutputExists(CspExcelError):
    """The output file is already there and --force was not given."""


class UsageError(CspExcelError):
    """Bad options or paths: exit code 2."""
