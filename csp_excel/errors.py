"""The short exception tree for fatal cases. Everything else is a `Finding`.

The CLI and the Excel entry point catch `CspExcelError` at the edge and turn it into a status,
a one-line message and an exit code; nothing below them prints.
"""

from __future__ import annotations

import errno


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


_ERRNO_TEXT = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EFBIG: "the disk is full (or the file is larger than this system allows)",
    errno.EROFS: "the folder is read-only",
    errno.EACCES: "permission denied (is it open in Excel, or a read-only folder?)",
    errno.EPERM: "permission denied (is it open in Excel, or a read-only folder?)",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EISDIR: "it is a folder, not a file",
    errno.ENOENT: "no such file or folder",
    errno.ENAMETOOLONG: "the name is too long",
    errno.EIO: "the disk reported an input/output error",
}


def os_error_in(e: BaseException | None) -> OSError | None:
    """The OSError behind `e`, also when a library wrapped it (xlsxwriter's FileCreateError
    keeps it in args; others chain it as the cause)."""
    seen: set[int] = set()
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        if isinstance(e, OSError):
            return e
        inner = next((a for a in e.args if isinstance(a, OSError)), None)
        e = inner or e.__cause__ or e.__context__
    return None


def os_reason(e: BaseException) -> str | None:
    """A plain reason for an I/O failure ("the disk is full"), or None if `e` is not one."""
    err = os_error_in(e)
    if err is None:
        return None
    return _ERRNO_TEXT.get(err.errno or 0) or (err.strerror or type(err).__name__).lower()
