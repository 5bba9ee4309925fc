"""Legacy .xls: calamine parses it in a worker process, after our own compound-file walk.

Why: calamine (and olefile) trust the compound file's sector chains and sizes, and a Rust abort
cannot be caught. So: (1) `reader.compound.streams` follows every chain first, refusing loops,
sectors past the end of the file and stream sizes the chains cannot hold, before any library
sees the file; (2) `load_isolated` runs calamine's parse in a short-lived child with a memory
limit and a timeout, its stderr captured, so a panic or abort becomes a plain refusal and never
kills the batch or prints on the user's terminal.
"""

from __future__ import annotations

import io
import os
import pickle
import subprocess
import sys
from typing import Any

MAX_XLS_BYTES = 64 * 1024 * 1024  # a real .xls return is a few MB
WORKER_MEMORY = 450 * 1024 * 1024  # the child's data limit (RLIMIT_DATA)
WORKER_SECONDS = 8.0  # the 10 s budget, less the parent's own work


# --- calamine in a child process -------------------------------------------------------------


class WorkerFailed(Exception):
    """calamine could not parse the file in the child (crash, memory limit, timeout or error)."""

    def __init__(self, why: str, detail: str = "") -> None:
        super().__init__(f"{why}: {detail}" if detail else why)
        self.why = why
        self.detail = detail


_SAFE_CLASSES = {("datetime", n) for n in ("datetime", "date", "time", "timedelta")}


class _Unpickler(pickle.Unpickler):
    """Only plain values come back from the child: datetime types, no other classes."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _SAFE_CLASSES:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed")


def load_isolated(data: bytes) -> list[tuple[str, list[list[Any]], list[tuple[int, ...]]]]:
    """[(sheet name, rows, merged 0-based ranges)] parsed by calamine in a child process.

    Raises WorkerFailed; the child's stderr (a panic, say) is kept in `detail`, never printed."""
    cmd = [sys.executable, "-I", "-c", _WORKER]
    env = {k: v for k, v in os.environ.items() if k not in ("RUST_BACKTRACE", "PYTHONSTARTUP")}
    try:
        done = subprocess.run(
            cmd,
            input=data,
            capture_output=True,
            timeout=WORKER_SECONDS,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise WorkerFailed("timeout") from None
    except OSError as e:
        raise WorkerFailed("no worker", str(e)) from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace")[-2000:]
        raise WorkerFailed(f"exit {done.returncode}", detail)
    try:
        result = _Unpickler(io.BytesIO(done.stdout)).load()
    except Exception as e:  # noqa: BLE001 - anything odd from the child is a failed parse
        raise WorkerFailed("bad reply", str(e)) from None
    if isinstance(result, str):
        raise WorkerFailed("calamine error", result)
    return list(result)


# The child's whole program: imports only python_calamine (not this package, ~1 s to import),
# sets its own memory limit first, reads the .xls from stdin, writes a pickle to stdout.
_WORKER = f"""
import io, pickle, sys
try:
    import resource
    # memory, and CPU seconds too: if the parent is killed, this child still ends on its own
    for lim, cap in ((getattr(resource, "RLIMIT_DATA", None), {WORKER_MEMORY}),
                     (getattr(resource, "RLIMIT_AS", None), {4 * WORKER_MEMORY}),
                     (getattr(resource, "RLIMIT_CPU", None), {int(WORKER_SECONDS) + 2})):
        if lim is not None:
            try:
                resource.setrlimit(lim, (cap, cap))
            except (ValueError, OSError):
                pass
except ImportError:
    pass
data = sys.stdin.buffer.read()
from python_calamine import CalamineWorkbook
try:
    wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    out = []
    for meta in wb.sheets_metadata:
        if "WorkSheet" not in str(meta.typ):
            continue
        sh = wb.get_sheet_by_name(meta.name)
        rows = sh.to_python(skip_empty_area=False)
        merged = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in sh.merged_cell_ranges or []]
        out.append((meta.name, rows, merged))
    reply = out
except Exception as e:
    reply = type(e).__name__ + ": " + str(e)
sys.stdout.buffer.write(pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL))
"""
