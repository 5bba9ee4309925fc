"""Write outputs through a temporary file so a crash never leaves a half-written workbook, and
never replace a file we did not mean to replace.

The temp file sits in the destination folder (same filesystem) and is named
`.<stem>.csp-tmp-<pid>.<random>.tmp<suffix>`: hidden from Excel users, recognisable, and owned
by a process id. A process killed outright (SIGKILL, power cut) cannot clean up after itself, so
the next write into that folder removes temp files whose owner is no longer running; a signal
handler (see `remove_live_temps`) cleans up after SIGINT / SIGTERM.

The target is created exclusively at the very end: without --force, a hard link of the finished
temp file (which fails if the name appeared meanwhile), else an O_EXCL placeholder that the temp
file then replaces. With --force, only the file that was there when we checked (same device,
inode, size and modification time) is replaced; anything else there is refused.
"""

from __future__ import annotations

import errno
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from csp_excel.errors import OutputExists

TEMP_TAG = ".csp-tmp-"
_TEMP_NAME = re.compile(r"^\..*" + re.escape(TEMP_TAG) + r"(\d+)\.[^.]+\.tmp\.[A-Za-z]+$")
_LIVE: set[str] = set()  # temp files this process is writing now
_SWEPT: set[str] = set()  # folders already cleaned of stale temp files by this process


def _identity(path: Path) -> tuple[int, int, int, int] | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def pid_alive(pid: int) -> bool:
    """Is process `pid` running? Unsure counts as yes, so another run's files are left alone."""
    if pid == os.getpid():
        return True
    if pid <= 0:
        return False
    if sys.platform == "win32":
        return _pid_alive_windows(pid)
    try:
        os.kill(pid, 0)  # signal 0: only asks (on Windows os.kill would terminate it)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's live process
    return True


def _pid_alive_windows(pid: int) -> bool:  # pragma: no cover - Windows only
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return kernel32.GetLastError() == 5  # access denied: it exists
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def clean_stale_temps(folder: Path) -> list[Path]:
    """Delete our temp files in `folder` whose writing process is gone; returns what was removed."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        m = _TEMP_NAME.match(entry.name)
        if m is None or pid_alive(int(m.group(1))):
            continue
        try:
            if entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            pass
    return removed


def remove_live_temps() -> None:
    """Delete every temp file this process is still writing (from a signal handler or at exit)."""
    for name in list(_LIVE):
        try:
            os.unlink(name)
        except OSError:
            pass
        _LIVE.discard(name)


def _exists_error(out: Path) -> OutputExists:
    return OutputExists(f"{out} already exists; use --force to replace it")


def _place_new(tmp: Path, out: Path) -> None:
    """Move `tmp` to `out`, failing if `out` exists (however recently it appeared)."""
    try:
        os.link(tmp, out)
    except FileExistsError:
        raise _exists_error(out) from None
    except OSError as e:
        if e.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        try:  # a filesystem without hard links: claim the name, then replace our own claim
            fd = os.open(out, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
        except FileExistsError:
            raise _exists_error(out) from None
        os.close(fd)
        os.replace(tmp, out)
        return
    os.unlink(tmp)


@contextmanager
def atomic_path(out: Path, force: bool = False) -> Iterator[Path]:
    """Yield a temp path beside `out`; move it onto `out` on success, delete it on failure.

    Raises OutputExists before anything is written if `out` exists and `force` is false, and
    again at the end if a file appeared at `out` meanwhile (or, with force, if the file there is
    no longer the one that was checked).
    """
    out = Path(out)
    before = _identity(out)
    if before is not None and not force:
        raise _exists_error(out)
    folder = out.parent if str(out.parent) else Path(".")
    key = str(folder.resolve())
    if key not in _SWEPT:
        _SWEPT.add(key)
        clean_stale_temps(folder)
    prefix = f".{out.stem}{TEMP_TAG}{os.getpid()}."
    fd, name = tempfile.mkstemp(prefix=prefix, suffix=".tmp" + (out.suffix or ".xlsx"), dir=folder)
    os.close(fd)
    _LIVE.add(name)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, _default_mode())  # mkstemp makes 0600; outputs are ordinary files
        if before is None:
            _place_new(tmp, out)
        elif _identity(out) != before:
            raise OutputExists(
                f"{out} changed while it was being written (another program saved it); "
                "it was left as it is. Run again to replace it."
            )
        else:
            os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        _LIVE.discard(name)


def _default_mode() -> int:
    """0666 less the process umask: what a plain open() would have given the file."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask
