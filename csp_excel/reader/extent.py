"""The true extent of every sheet, found by a streaming XML parse before calamine sees the file.

Why: calamine allocates a sheet as one dense rectangle from A1 to its last cell (and reserves
what <dimension> claims), so one cell at XFD1048576 costs 17 billion slots and aborts the
process. A regex over `r="..."` misses single quotes, spaces, leading zeros, cells whose position
is implied (no `r`), and prefixed tags; a real parser does not. expat runs here with every DTD
refused (a worksheet never has one), so no entity can expand.

What counts: every <row r>, every <c r> (and the implied position of a <c> or <row> without
`r`), every <mergeCell ref> and the <dimension ref>. A sheet's area is last row x last column
from A1; the areas of all sheets together must stay under `MAX_TOTAL_CELLS`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO
from xml.parsers import expat

from ..core.refs import col_letter

# Cells of all sheets together, each sheet counted from A1. Why 400,000 and not the 5 million
# first proposed: calamine alone takes ~5 s and ~450 MB for 5 million cells, and the scan plus
# the reader cost a few microseconds a cell more: 500,000 dense cells took 8-9 s to validate on
# a busy 2-core machine (benchmarks/hostile.py), against a budget of 10 s and 500 MB per file.
# A large real return has 50,000 to 100,000.
MAX_TOTAL_CELLS = 400_000
MAX_SHEETS = 120  # sheets in one workbook: a big real return has ~70; fill costs ~0.08 s each
MAX_XML_ELEMENTS = 3_000_000  # elements + attributes of all sheets (a cell is 3 to 5)
MAX_ELEMENT_NAMES = 500  # distinct tag names in one sheet (a real one uses a few dozen)
EXCEL_ROWS, EXCEL_COLS = 1_048_576, 16_384
_BEYOND = 10**12  # stands for any row/column number too long to be real
CHUNK = 1 << 20
_KINDS = {"c": 1, "row": 2, "mergeCell": 3, "dimension": 3}
_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_COLS: dict[str, int] = {}  # 'A'..'ZZZ' -> column number, filled as met (the usual form of r)


class ExtentExceeded(Exception):
    """A sheet's extent went past what is allowed; `ref` is the cell that did it."""

    def __init__(self, rows: int, cols: int, why: str) -> None:
        super().__init__(why)
        self.rows, self.cols, self.why = rows, cols, why

    @property
    def ref(self) -> str:
        return ref_text(self.rows, self.cols)


class ElementBudget:
    """Elements left for all worksheet parts of one workbook: bounds the scan's time."""

    def __init__(self, left: int) -> None:
        self.left = left


class UnsafeXml(Exception):
    """A DOCTYPE or entity declaration in a worksheet part."""


@dataclass
class SheetExtent:
    """One worksheet part: `rows` x `cols` from A1 (0 x 0 for an empty sheet)."""

    name: str
    part: str
    rows: int = 0
    cols: int = 0

    @property
    def cells(self) -> int:
        return self.rows * self.cols


@dataclass
class WorkbookExtent:
    """Every sheet the workbook lists: those found and scanned, and those whose part is missing."""

    sheets: list[SheetExtent] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # names of sheets whose XML part is absent
    damaged: list[str] = field(default_factory=list)  # names of sheets whose XML is not valid

    @property
    def cells(self) -> int:
        return sum(s.cells for s in self.sheets)


def ref_text(rows: int, cols: int) -> str:
    """'XFD1048576' for in-range numbers, else a plain description."""
    if rows <= EXCEL_ROWS and cols <= EXCEL_COLS:
        return f"{col_letter(max(cols, 1))}{max(rows, 1)}"
    return "a cell beyond the last row or column Excel allows"


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


def scan_sheet(
    stream: IO[bytes], budget: int, elements: ElementBudget | None = None
) -> tuple[int, int]:
    """(last row, last column) of one worksheet part, streamed in 1 MB chunks.

    Raises ExtentExceeded as soon as the area passes `budget`, a position passes Excel's
    limits or the elements run out (why='elements'); UnsafeXml for a DTD; expat.ExpatError for
    XML that is not well formed."""
    elements = elements or ElementBudget(MAX_XML_ELEMENTS)
    max_row = max_col = 0
    row = col = 0  # the current <row> and the last cell's column in it

    def grow(r: int, c: int, why: str) -> None:
        nonlocal max_row, max_col
        if r > max_row:
            max_row = r
        if c > max_col:
            max_col = c
        if max_row > EXCEL_ROWS or max_col > EXCEL_COLS:
            raise ExtentExceeded(max_row, max_col, "beyond Excel")
        if max_row * max_col > budget:
            raise ExtentExceeded(max_row, max_col, why)

    kinds: dict[str, int] = {}  # tag name as written (any prefix) -> 1 c, 2 row, 3 range, 0
    count = 0
    row_digits = ""  # the current row's number as written in <row r>, for the fast path

    def start(name: str, attrs: list[str]) -> None:
        # hot path: called for every element. Attributes come as [name, value, ...]
        # (ordered_attributes), cheaper than a dict; Excel writes r first.
        nonlocal row, col, count, max_row, row_digits
        # expat keeps every distinct element and attribute name it meets in its own tables,
        # so names are bounded too: attributes count towards the budget, and a part with more
        # than a few hundred distinct element names is not a worksheet
        count += 1 + (len(attrs) >> 1)
        kind = kinds.get(name)
        if kind is None:
            if len(kinds) >= MAX_ELEMENT_NAMES:
                raise ExtentExceeded(max_row, max_col, "elements")
            kind = kinds[name] = _KINDS.get(name[name.find(":") + 1 :], 0)
        if not kind:
            return
        if kind == 1:
            ref = attrs[1] if attrs and attrs[0] == "r" else _attr(attrs, "r")
            if ref is None:
                col += 1
                r = row or 1
            else:
                digits = ref.lstrip(_UPPER)
                c = _COLS.get(ref[: len(ref) - len(digits)])
                if c is not None and digits == row_digits:
                    r, col = row, c
                elif (
                    c is not None and 0 < len(digits) < 10 and digits.isdigit() and digits.isascii()
                ):
                    r, col = int(digits) or row or 1, c
                else:
                    got = parse_ref(ref)
                    if got is None:
                        col += 1
                        r = row or 1
                    else:
                        r = got[0] or row or 1
                        col = got[1] or col + 1
            if r > max_row or col > max_col:
                grow(r, col, "cells")
        elif kind == 2:
            # a row's own area is checked when the next row starts (or at the end), so that
            # a far cell in it is named in the message rather than just its row
            if max_row * max(max_col, 1) > budget:
                raise ExtentExceeded(max_row, max_col, "cells")
            ref = _attr(attrs, "r")
            got = parse_ref(ref) if ref is not None else None
            row = got[0] if got is not None and got[1] == 0 and got[0] else row + 1
            row_digits = str(row)  # canonical: a cell written '0012' takes the slow path
            col = 0
            if row > max_row:
                if row > EXCEL_ROWS:
                    raise ExtentExceeded(row, max_col, "beyond Excel")
                max_row = row
        else:
            end = _range_end(_attr(attrs, "ref") or "")
            if end is not None:
                grow(end[0], end[1], "dimension" if name.endswith("dimension") else "merge")

    parser = _parser()
    parser.StartElementHandler = start
    try:
        while True:
            chunk = stream.read(CHUNK)
            parser.Parse(chunk, not chunk)
            if count > elements.left:
                raise ExtentExceeded(max_row, max_col, "elements")
            if max_row * max(max_col, 1) > budget:
                raise ExtentExceeded(max_row, max(max_col, 1), "cells")
            if not chunk:
                break
    finally:
        elements.left -= count  # a damaged sheet's elements count too: the time is spent
    return max_row, max_col


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


MAX_SHARED_STRINGS = 2 * MAX_TOTAL_CELLS  # what a sharedStrings part may declare it holds


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
