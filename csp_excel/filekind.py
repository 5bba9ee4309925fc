"""Is this path a regular file we may open? Asked with stat before any open, so it never blocks.

A folder of returns can hold anything a file system can: a named pipe called x.xlsx (opening it
waits forever for a writer), a link to /dev/zero (reading never ends), a link whose target was
deleted. Only regular files are opened; everything else is skipped with a plain reason.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def not_a_file(path: Path) -> str | None:
    """None for a regular file (or a link to one); else why it is not opened, in plain words."""
    try:
        st = os.stat(path)  # follows links: a link to a regular file is fine
    except FileNotFoundError:
        if os.path.islink(path):
            return "it is a link to a file that no longer exists"
        return "it does not exist (any more)"
    except PermissionError:
        return "permission denied"
    except OSError as e:  # a link loop, a name too long, an I/O error
        return (e.strerror or type(e).__name__).lower()
    if stat.S_ISREG(st.st_mode):
        return None
    for test, what in _KINDS:
        if test(st.st_mode):
            via = "a link to " if os.path.islink(path) else ""
            return f"it is {via}{what}, not a file"
    return "it is not a regular file"


def skip_message(path: Path, reason: str) -> str:
    return f"{path.name} was skipped: {reason}."
