"""Legacy .xls: walk the compound file ourselves, then let calamine parse it in a worker process.

Why: calamine (and olefile) trust the compound file's sector chains and sizes. A 25 KB .xls whose
FAT loops makes calamine allocate until the process aborts, and a Rust abort cannot be caught.
So: (1) `streams` follows every chain here with a visited set, refusing loops, sectors
past the end of the file and stream sizes the chains cannot hold, before any library sees the
file; (2) `load_isolated` runs calamine's parse in a short-lived child with a memory limit and a
timeout, its stderr captured, so a panic or abort becomes a plain refusal and never kills the
batch or prints on the user's terminal.
"""

from __future__ import annotations

import io
import os
import pickle
import struct
import subprocess
import sys
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_XLS_BYTES = 64 * 1024 * 1024  # a real .xls return is a few MB
WORKER_MEMORY = 450 * 1024 * 1024  # the child's data limit (RLIMIT_DATA)
WORKER_SECONDS = 8.0  # the 10 s budget, less the parent's own work
_END, _FREE, _MAXREG = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFA
_NOSTREAM = 0xFFFFFFFF
_WANTED = ("workbook", "book")  # streams whose bytes are kept; others are checked, named only


class DamagedCompoundFile(Exception):
    """The container's structure is inconsistent; `why` says how, in plain words."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


@dataclass
class _Entry:
    name: str
    kind: int  # 1 storage, 2 stream, 5 root
    left: int
    right: int
    child: int
    start: int
    size: int


def streams(data: bytes) -> dict[str, bytes]:
    """Every stream of the compound file (lower-case name -> bytes; only the workbook streams'
    bytes are kept, the others map to b""), every chain checked first.

    Raises DamagedCompoundFile for loops, sectors past the end, sizes longer than their chains
    or a broken directory tree. Work and memory are bounded by the file's size."""
    if len(data) < 512 or not data.startswith(SIGNATURE):
        raise DamagedCompoundFile("it is too short to be a workbook")
    major, order, shift, mini_shift = struct.unpack_from("<HHHH", data, 26)
    if order != 0xFFFE or (major, shift) not in ((3, 9), (4, 12)) or mini_shift != 6:
        raise DamagedCompoundFile("its header is not valid")
    ss = 1 << shift
    n_fat, first_dir, _tx, cutoff, first_mini, n_mini, first_difat, n_difat = struct.unpack_from(
        "<IIIIIIII", data, 44
    )
    sectors = (len(data) - ss) // ss if len(data) > ss else 0
    if cutoff != 4096 or n_fat > sectors or n_mini > sectors or n_difat > sectors:
        raise DamagedCompoundFile("its header claims more sectors than the file has")

    def sector(i: int) -> bytes:
        return data[(i + 1) * ss : (i + 2) * ss]

    fat_sectors = [s for s in struct.unpack_from("<109I", data, 76) if s != _FREE]
    seen: set[int] = set()
    nxt, count = first_difat, 0
    while nxt not in (_END, _FREE):
        if nxt >= sectors or nxt in seen or count >= n_difat:
            raise DamagedCompoundFile("its sector allocation table is damaged (a loop)")
        seen.add(nxt)
        count += 1
        words = struct.unpack(f"<{ss // 4}I", sector(nxt))
        fat_sectors += [s for s in words[:-1] if s != _FREE]
        nxt = words[-1]
    fat_sectors = fat_sectors[: n_fat or len(fat_sectors)]
    if len(fat_sectors) > sectors or any(s >= sectors for s in fat_sectors):
        raise DamagedCompoundFile("its sector allocation table points past the end of the file")
    fat_bytes = b"".join(sector(s) for s in fat_sectors)
    fat = struct.unpack(f"<{len(fat_bytes) // 4}I", fat_bytes)
    limit = min(len(fat), sectors)

    # which chain owns each sector: a sector in two chains (or twice in one) is damage, and
    # marking them keeps the whole walk linear in the file's size however many entries it has
    owners = array("i", bytes(4 * limit))
    chains = 0

    def chain(start: int, table: Sequence[int], own: array[int], what: str) -> list[int]:
        nonlocal chains
        chains += 1
        out: list[int] = []
        s = start
        while s != _END:
            if s >= len(own) or s > _MAXREG:
                raise DamagedCompoundFile(f"its {what} points past the end of the file")
            if own[s] == chains:
                raise DamagedCompoundFile(f"its {what} loops back on itself")
            if own[s]:
                raise DamagedCompoundFile(f"its {what} shares sectors with another part")
            own[s] = chains
            out.append(s)
            s = table[s]
        return out

    dir_chain = chain(first_dir, fat, owners, "directory chain")
    raw_dir = b"".join(sector(s) for s in dir_chain)
    entries = [_entry(raw_dir[i : i + 128]) for i in range(0, len(raw_dir) - 127, 128)]
    if not entries or entries[0].kind != 5:
        raise DamagedCompoundFile("its directory has no root entry")
    _check_tree(entries)
    root = entries[0]
    mini_fat: tuple[int, ...] = ()
    mini_stream = b""
    if root.size:
        mini_chain = chain(root.start, fat, owners, "mini stream chain")
        if root.size > len(mini_chain) * ss:
            raise DamagedCompoundFile("its mini stream is shorter than it claims")
        mini_stream = b"".join(sector(s) for s in mini_chain)[: root.size]
        mf = b"".join(sector(s) for s in chain(first_mini, fat, owners, "mini table chain"))
        mini_fat = struct.unpack(f"<{len(mf) // 4}I", mf)
    found: dict[str, bytes] = {}
    mini_owners = array("i", bytes(4 * min(len(mini_fat), len(mini_stream) // 64)))
    for e in entries:
        if e.kind != 2:
            continue
        if e.size > len(data):
            raise DamagedCompoundFile(f"its stream '{e.name}' claims more bytes than the file has")
        what = f"'{e.name}' stream chain"
        if e.size >= cutoff:
            got, unit = chain(e.start, fat, owners, what), ss
        elif e.size:
            got, unit = chain(e.start, mini_fat, mini_owners, what), 64
        else:
            got, unit = [], ss
        if e.size > len(got) * unit:
            raise DamagedCompoundFile(f"its stream '{e.name}' is shorter than it claims")
        key = e.name.lower()
        if key in _WANTED and key not in found:  # only these are ever read: keep memory flat
            if unit == ss:
                body = b"".join(sector(s) for s in got)
            else:
                body = b"".join(mini_stream[s * 64 : s * 64 + 64] for s in got)
            found[key] = body[: e.size]
        else:
            found.setdefault(key, b"")
    return found


def workbook_stream(found: dict[str, bytes]) -> bytes | None:
    """The BIFF 'Workbook' (Excel 97+) or 'Book' (Excel 5) stream, if there is one."""
    return found.get("workbook", found.get("book"))


def _entry(raw: bytes) -> _Entry:
    n = min(struct.unpack_from("<H", raw, 64)[0], 64)
    name = raw[: max(n - 2, 0)].decode("utf-16-le", "replace")
    kind = raw[66]
    left, right, child = struct.unpack_from("<III", raw, 68)
    start, size = struct.unpack_from("<II", raw, 116)  # v3 files ignore the high size word
    return _Entry(name, kind, left, right, child, start, size)


def _check_tree(entries: list[_Entry]) -> None:
    """Every sibling/child link names a real entry and none is reached twice (no loops)."""
    seen = bytearray(len(entries))
    todo = [0]
    while todo:
        i = todo.pop()
        if i == _NOSTREAM:
            continue
        if i >= len(entries) or seen[i]:
            raise DamagedCompoundFile("its directory is damaged (a loop)")
        seen[i] = 1
        e = entries[i]
        todo += [e.left, e.right, e.child] if i else [e.child]


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
