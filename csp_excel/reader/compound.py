"""Walk an OLE2 compound file (legacy .xls, encrypted .xlsx) ourselves, every chain checked.

Why: calamine (and olefile) trust the compound file's sector chains and sizes. A 25 KB .xls whose
FAT loops makes calamine allocate until the process aborts, and a Rust abort cannot be caught.
So `streams` follows every chain here, refusing loops, sectors past the end of the file and
stream sizes the chains cannot hold, before any library sees the file.
"""

from __future__ import annotations

import struct
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


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


@dataclass(frozen=True)
class _Header:
    """The compound file's header fields that the walk needs, already checked."""

    ss: int  # sector size
    sectors: int  # sectors the file really has
    n_fat: int
    first_dir: int
    cutoff: int
    first_mini: int
    first_difat: int
    n_difat: int


def _header(data: bytes) -> _Header:
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
    return _Header(ss, sectors, n_fat, first_dir, cutoff, first_mini, first_difat, n_difat)


def _sector(data: bytes, h: _Header, i: int) -> bytes:
    return data[(i + 1) * h.ss : (i + 2) * h.ss]


def _fat(data: bytes, h: _Header) -> tuple[int, ...]:
    """The sector allocation table, its own sectors found through the DIFAT chain (loop-checked)."""
    fat_sectors = [s for s in struct.unpack_from("<109I", data, 76) if s != _FREE]
    seen: set[int] = set()
    nxt, count = h.first_difat, 0
    while nxt not in (_END, _FREE):
        if nxt >= h.sectors or nxt in seen or count >= h.n_difat:
            raise DamagedCompoundFile("its sector allocation table is damaged (a loop)")
        seen.add(nxt)
        count += 1
        words = struct.unpack(f"<{h.ss // 4}I", _sector(data, h, nxt))
        fat_sectors += [s for s in words[:-1] if s != _FREE]
        nxt = words[-1]
    fat_sectors = fat_sectors[: h.n_fat or len(fat_sectors)]
    if len(fat_sectors) > h.sectors or any(s >= h.sectors for s in fat_sectors):
        raise DamagedCompoundFile("its sector allocation table points past the end of the file")
    fat_bytes = b"".join(_sector(data, h, s) for s in fat_sectors)
    return struct.unpack(f"<{len(fat_bytes) // 4}I", fat_bytes)


class _Chains:
    """Follows sector chains, marking which chain owns each sector: a sector in two chains (or
    twice in one) is damage, and the marks keep the whole walk linear in the file's size however
    many entries it has."""

    def __init__(self) -> None:
        self.count = 0

    def walk(self, start: int, table: Sequence[int], own: array[int], what: str) -> list[int]:
        self.count += 1
        out: list[int] = []
        s = start
        while s != _END:
            if s >= len(own) or s > _MAXREG:
                raise DamagedCompoundFile(f"its {what} points past the end of the file")
            if own[s] == self.count:
                raise DamagedCompoundFile(f"its {what} loops back on itself")
            if own[s]:
                raise DamagedCompoundFile(f"its {what} shares sectors with another part")
            own[s] = self.count
            out.append(s)
            s = table[s]
        return out


def streams(data: bytes) -> dict[str, bytes]:
    """Every stream of the compound file (lower-case name -> bytes; only the workbook streams'
    bytes are kept, the others map to b""), every chain checked first.

    Raises DamagedCompoundFile for loops, sectors past the end, sizes longer than their chains
    or a broken directory tree. Work and memory are bounded by the file's size."""
    h = _header(data)
    fat = _fat(data, h)
    owners = array("i", bytes(4 * min(len(fat), h.sectors)))
    chains = _Chains()
    dir_chain = chains.walk(h.first_dir, fat, owners, "directory chain")
    raw_dir = b"".join(_sector(data, h, s) for s in dir_chain)
    entries = [_entry(raw_dir[i : i + 128]) for i in range(0, len(raw_dir) - 127, 128)]
    if not entries or entries[0].kind != 5:
        raise DamagedCompoundFile("its directory has no root entry")
    _check_tree(entries)
    root = entries[0]
    mini_fat: tuple[int, ...] = ()
    mini_stream = b""
    if root.size:
        mini_chain = chains.walk(root.start, fat, owners, "mini stream chain")
        if root.size > len(mini_chain) * h.ss:
            raise DamagedCompoundFile("its mini stream is shorter than it claims")
        mini_stream = b"".join(_sector(data, h, s) for s in mini_chain)[: root.size]
        mini_table = chains.walk(h.first_mini, fat, owners, "mini table chain")
        mf = b"".join(_sector(data, h, s) for s in mini_table)
        mini_fat = struct.unpack(f"<{len(mf) // 4}I", mf)
    mini_owners = array("i", bytes(4 * min(len(mini_fat), len(mini_stream) // 64)))
    found: dict[str, bytes] = {}
    for e in entries:
        if e.kind != 2:
            continue
        if e.size > len(data):
            raise DamagedCompoundFile(f"its stream '{e.name}' claims more bytes than the file has")
        what = f"'{e.name}' stream chain"
        if e.size >= h.cutoff:
            got, unit = chains.walk(e.start, fat, owners, what), h.ss
        elif e.size:
            got, unit = chains.walk(e.start, mini_fat, mini_owners, what), 64
        else:
            got, unit = [], h.ss
        if e.size > len(got) * unit:
            raise DamagedCompoundFile(f"its stream '{e.name}' is shorter than it claims")
        key = e.name.lower()
        if key in _WANTED and key not in found:  # only these are ever read: keep memory flat
            if unit == h.ss:
                body = b"".join(_sector(data, h, s) for s in got)
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
