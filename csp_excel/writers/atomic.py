"""Write outputs through a temporary file so a crash never leaves a half-written workbook.

The temp file sits in the destination folder (same filesystem), so the final `os.replace` is an
atomic rename; its name starts with "." so Excel users do not see it while it is being written.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from csp_excel.errors import OutputExists


@contextmanager
def atomic_path(out: Path, force: bool = False) -> Iterator[Path]:
    """Yield a temp path beside `out`; rename it onto `out` on success, delete it on failure.

    Raises OutputExists before anything is written if `out` exists and `force` is false.
    """
    out = Path(out)
    if out.exists() and not force:
        raise OutputExists(f"{out} already exists; use --force to replace it")
    folder = out.parent if str(out.parent) else Path(".")
    fd, name = tempfile.mkstemp(prefix="." + out.stem + ".", suffix=".tmp.xlsx", dir=folder)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, _default_mode())  # mkstemp makes 0600; outputs are ordinary files
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _default_mode() -> int:
    """0666 less the process umask: what a plain open() would have given the file."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask
