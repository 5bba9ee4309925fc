"""The streaming scan of one worksheet part (and the count a sharedStrings part declares).

Why expat and not a regex: a regex over `r="..."` misses single quotes, spaces, leading zeros,
cells whose position is implied (no `r`) and prefixed tags. expat runs with every DTD refused,
so no entity can expand; the limits it checks against are in reader.extent.
"""

from __future__ import annotations

from typing import IO
from xml.parsers import expat

from .extent import (
    EXCEL_COLS,
    EXCEL_ROWS,
    MAX_ELEMENT_NAMES,
    MAX_XML_ELEMENTS,
    ElementBudget,
    ExtentExceeded,
    UnsafeXml,
)

_BEYOND = 10**12  # stands for any row/column number too long to be real


CHUNK = 1 << 20


_KINDS = {"c": 1, "row": 2, "mergeCell": 3, "dimension": 3}


_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


_COLS: dict[str, int] = {}  # 'A'..'ZZZ' -> column number, filled as met (the usual form of r)


def parse_ref(ref: str) -> tuple[int, int] | None:
    """' $xfd$0001048576 ' -> (1048576, 16384); 'C' -> (0, 3); '7' -> (7, 0); junk -> None.

    Lengths are checked before int(): a 5,000-digit row number must not cost anything."""
    s = ref.strip().replace("$", "")
    i = 0
    while i < len(s) and ("A" <= s[i] <= "Z" or "a" <= s[i] <= "z"):
        i += 1
    letters, digits = s[:i], s[i:].lstrip("0")
    if s[i:] and not (s[i:].isascii() and s[i:].isdigit()):
        return None
    if not letters and not s[i:]:
        return None
    col = _BEYOND if len(letters) > 3 else _col(letters)
    row = _BEYOND if len(digits) > 9 else int(digits or "0")
    return row, col


def _col(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    if len(letters) <= 3 and letters.isupper():
        _COLS[letters] = n  # at most 18,278 keys: A..ZZZ
    return n


def _range_end(ref: str) -> tuple[int, int] | None:
    """The bottom-right of 'A1:XFD1048576' (or of a single cell); whole rows/columns widened."""
    end = parse_ref(ref.split(":")[-1]) if ref else None
    if end is None:
        return None
    row, col = end
    return (row or EXCEL_ROWS), (col or EXCEL_COLS)


class _Scan:
    """The running state of one worksheet's scan; expat calls `start` for every element.

    Why a class with slots: the handler runs for every element of every sheet, so its state is
    kept in slots (cheap to reach) and the rare cases (a cell without `r`, a range) are methods."""

    __slots__ = ("budget", "count", "kinds", "max_col", "max_row", "row", "col", "row_digits")

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.max_row = self.max_col = 0
        self.row = self.col = 0  # the current <row> and the last cell's column in it
        self.kinds: dict[
            str, int
        ] = {}  # tag name as written (any prefix) -> 1 c, 2 row, 3 range, 0
        self.count = 0
        self.row_digits = ""  # the current row's number as written in <row r>, for the fast path

    def grow(self, r: int, c: int, why: str) -> None:
        if r > self.max_row:
            self.max_row = r
        if c > self.max_col:
            self.max_col = c
        if self.max_row > EXCEL_ROWS or self.max_col > EXCEL_COLS:
            raise ExtentExceeded(self.max_row, self.max_col, "beyond Excel")
        if self.max_row * self.max_col > self.budget:
            raise ExtentExceeded(self.max_row, self.max_col, why)

    def start(self, name: str, attrs: list[str]) -> None:
        # hot path: called for every element. Attributes come as [name, value, ...]
        # (ordered_attributes), cheaper than a dict; Excel writes r first.
        # expat keeps every distinct element and attribute name it meets in its own tables,
        # so names are bounded too: attributes count towards the budget, and a part with more
        # than a few hundred distinct element names is not a worksheet
        self.count += 1 + (len(attrs) >> 1)
        kind = self.kinds.get(name)
        if kind is None:
            if len(self.kinds) >= MAX_ELEMENT_NAMES:
                raise ExtentExceeded(self.max_row, self.max_col, "elements")
            kind = self.kinds[name] = _KINDS.get(name[name.find(":") + 1 :], 0)
        if kind == 1:
            ref = attrs[1] if attrs and attrs[0] == "r" else _attr(attrs, "r")
            digits = ref.lstrip(_UPPER) if ref is not None else ""
            c = _COLS.get(ref[: len(ref) - len(digits)]) if ref is not None else None
            if c is not None and digits == self.row_digits:
                r = self.row
                self.col = c
            else:
                r = self.cell(ref, digits, c)
            if r > self.max_row or self.col > self.max_col:
                self.grow(r, self.col, "cells")
        elif kind == 2:
            self.new_row(attrs)
        elif kind:
            end = _range_end(_attr(attrs, "ref") or "")
            if end is not None:
                self.grow(end[0], end[1], "dimension" if name.endswith("dimension") else "merge")

    def cell(self, ref: str | None, digits: str, c: int | None) -> int:
        """The row of a <c> off the fast path (sets `col`): no `r`, or a row other than the
        current one, or a reference written unusually."""
        if ref is None:
            self.col += 1
            return self.row or 1
        if c is not None and 0 < len(digits) < 10 and digits.isdigit() and digits.isascii():
            self.col = c
            return int(digits) or self.row or 1
        got = parse_ref(ref)
        if got is None:
            self.col += 1
            return self.row or 1
        self.col = got[1] or self.col + 1
        return got[0] or self.row or 1

    def new_row(self, attrs: list[str]) -> None:
        # a row's own area is checked when the next row starts (or at the end), so that
        # a far cell in it is named in the message rather than just its row
        if self.max_row * max(self.max_col, 1) > self.budget:
            raise ExtentExceeded(self.max_row, self.max_col, "cells")
        ref = _attr(attrs, "r")
        got = parse_ref(ref) if ref is not None else None
        self.row = got[0] if got is not None and got[1] == 0 and got[0] else self.row + 1
        self.row_digits = str(self.row)  # canonical: a cell written '0012' takes the slow path
        self.col = 0
        if self.row > self.max_row:
            if self.row > EXCEL_ROWS:
                raise ExtentExceeded(self.row, self.max_col, "beyond Excel")
            self.max_row = self.row


def scan_sheet(
    stream: IO[bytes], budget: int, elements: ElementBudget | None = None
) -> tuple[int, int]:
    """(last row, last column) of one worksheet part, streamed in 1 MB chunks.

    Raises ExtentExceeded as soon as the area passes `budget`, a position passes Excel's
    limits or the elements run out (why='elements'); UnsafeXml for a DTD; expat.ExpatError for
    XML that is not well formed."""
    elements = elements or ElementBudget(MAX_XML_ELEMENTS)
    s = _Scan(budget)
    parser = _parser()
    parser.StartElementHandler = s.start
    try:
        while True:
            chunk = stream.read(CHUNK)
            parser.Parse(chunk, not chunk)
            if s.count > elements.left:
                raise ExtentExceeded(s.max_row, s.max_col, "elements")
            if s.max_row * max(s.max_col, 1) > budget:
                raise ExtentExceeded(s.max_row, max(s.max_col, 1), "cells")
            if not chunk:
                break
    finally:
        elements.left -= s.count  # a damaged sheet's elements count too: the time is spent
    return s.max_row, s.max_col


def _attr(attrs: list[str], key: str) -> str | None:
    """The value of `key` in expat's ordered [name, value, name, value, ...] list."""
    for i in range(0, len(attrs) - 1, 2):
        if attrs[i] == key:
            return attrs[i + 1]
    return None


def _parser() -> expat.XMLParserType:
    """An expat parser that refuses any DTD, so entities can neither be declared nor expand."""

    def forbid(*_args: object) -> None:
        raise UnsafeXml("DTD in a worksheet")

    p = expat.ParserCreate(intern=None)  # no interning: millions of distinct names cost nothing
    p.StartDoctypeDeclHandler = forbid
    p.EntityDeclHandler = forbid
    p.UnparsedEntityDeclHandler = forbid
    p.ExternalEntityRefHandler = forbid  # type: ignore[assignment]
    p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    p.buffer_text = True
    p.ordered_attributes = True
    return p


class _Stop(Exception):
    pass


def declared_strings(stream: IO[bytes]) -> int:
    """The larger of <sst count> and <sst uniqueCount>: calamine reserves that many strings up
    front, so a 100-byte part declaring four billion aborts the process (found by hand, #10).
    Only the root start tag is read."""
    found = 0

    def start(name: str, attrs: list[str]) -> None:
        nonlocal found
        for key in ("count", "uniqueCount"):
            raw = (_attr(attrs, key) or "").strip()
            if raw:
                found = max(found, _BEYOND if len(raw) > 12 or not raw.isdigit() else int(raw))
        raise _Stop

    parser = _parser()
    parser.StartElementHandler = start
    try:
        while True:
            chunk = stream.read(65536)
            parser.Parse(chunk, not chunk)
            if not chunk:
                break
    except _Stop:
        pass
    return found
