"""Stopping a run (Ctrl-C, SIGTERM, SIGKILL) leaves no worker process and no temp file behind.

Parent: while a run is going, SIGINT / SIGTERM / SIGHUP delete this process's temp files, ask
every worker to stop (they delete theirs), and exit with 128 + the signal number.
Workers: die with their parent. On Linux the kernel sends them SIGTERM when the parent dies
(prctl PR_SET_PDEATHSIG, through ctypes); everywhere a watchdog thread checks once a second that
the parent is still the one that started them. Either way they delete their temp files first.
A SIGKILL of a worker itself cannot be caught: its temp file is removed by the next write into
that folder (`writers.atomic.clean_stale_temps`).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

from .writers.atomic import pid_alive, remove_live_temps

PR_SET_PDEATHSIG = 1
WATCH_SECONDS = 1.0
STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


def _say(text: str) -> None:
    try:
        os.write(2, text.encode("utf-8", "replace"))
    except OSError:
        pass


def _stop_children(grace: float = 3.0) -> None:
    children = multiprocessing.active_children()
    for child in children:
        try:
            child.terminate()
        except (OSError, ValueError):
            pass
    deadline = time.monotonic() + grace
    for child in children:
        child.join(max(0.0, deadline - time.monotonic()))
        if child.is_alive():
            child.kill()


def _parent_handler(signum: int, frame: FrameType | None) -> None:
    remove_live_temps()
    _stop_children()
    remove_live_temps()
    name = signal.Signals(signum).name
    _say(
        f"\nStopped ({name}): outputs already written are complete; nothing half-written was kept.\n"
    )
    os._exit(128 + signum)


@contextmanager
def stop_cleanly() -> Iterator[None]:
    """Within this block, a stop signal cleans up and exits (main thread only; else a no-op)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous: dict[int, Any] = {}
    for sig in STOP_SIGNALS:
        previous[sig] = signal.signal(sig, _parent_handler)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


# ----------------------------------------------------------------------------- worker side


def _worker_handler(signum: int, frame: FrameType | None) -> None:
    remove_live_temps()
    os._exit(128 + signum)


def _quiet_unraisable(unraisable: Any) -> None:
    """No "Exception ignored in ..." noise from a worker (a file a library left open after a
    full disk); CSP_EXCEL_DEBUG=1 shows it."""
    if os.environ.get("CSP_EXCEL_DEBUG", "") not in ("", "0"):
        sys.__unraisablehook__(unraisable)


def _die_with_parent_linux() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
    except (OSError, AttributeError):
        pass  # the watchdog still covers it


def _watchdog(parent: int) -> None:
    while True:
        time.sleep(WATCH_SECONDS)
        if os.getppid() != parent or not pid_alive(parent):  # Windows does not reparent
            remove_live_temps()
            os._exit(1)


def worker_init(parent: int) -> None:
    """Initializer of every worker process: die with the parent, clean up on a stop signal."""
    for sig in STOP_SIGNALS:
        signal.signal(sig, _worker_handler)
    sys.unraisablehook = _quiet_unraisable
    _die_with_parent_linux()
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
    threading.Thread(target=_watchdog, args=(parent,), daemon=True, name="csp-watchdog").start()
