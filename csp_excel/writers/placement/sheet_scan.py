"""One streamed pass over a worksheet part: what placement may read, and where the bytes are.

Kept: the non-empty cells of the first columns (values and style indexes), the last used row,
merged ranges, array formulas (cells inside one cannot take a value), shared formulas (a master
we overwrite must hand its formula on), the highest conditional-format priority, and the byte
offsets the rewrite needs (each row's start, the cell table's end, the dimension, where new
conditional formats go). Handlers are kept lean: a sheet of a million cells is a few seconds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ...core.refs import col_number, parse_a1
from .scan_records import (
    MAX_COL,
    MAX_ROW,
    Layout,
    Range,
    Shared,
    SheetScan,
    Window,
    parse_range,
    to_int,
)
from .xml_stream import Stream, check_root, local, make_parser

# the records are re-exported: importers of sheet_scan need not know where they live
__all__ = ["MAX_COL", "MAX_ROW", "Layout", "Range", "SheetScan", "Window", "scan_sheet", "to_int"]

DIGITS = "0123456789$"
# worksheet children that come after <conditionalFormatting> (ECMA-376 CT_Worksheet order)
AFTER_CF = {
    "dataValidations", "hyperlinks", "printOptions", "pageMargins", "pageSetup", "headerFooter",
    "rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors", "smartTags",
    "drawing", "legacyDrawing", "legacyDrawingHF", "picture", "oleObjects", "controls",
    "webPublishItems", "tableParts", "extLst",
}  # fmt: skip


class _Scanner:
    def __init__(self, parser: Any, sst: Callable[[int], str], window: Window) -> None:
        self.p = parser
        self.scan = SheetScan()
        self.sst = sst
        self.max_col = window.max_col
        self.lo, self.hi = window.first_row, window.last_row
        self.in_rows = False  # the current row is inside the window
        self.last_attrs: dict[str, str] = {}
        self.depth = 0
        self.row = 0
        self.col = 0
        self.cols: dict[str, int] = {}
        self.cell: dict[str, str] | None = None  # the current cell, when inside the window
        self.text: list[str] | None = None  # where character data goes now
        self.v: list[str] | None = None
        self.f: list[str] | None = None
        self.f_attrs: dict[str, str] = {}
        self.inline: list[str] | None = None
        self.formula: str | None = None  # the current cell's formula text ("" when shared)
        self.c = self.v_ = self.f_ = self.row_ = self.is_ = self.t_ = "\0"  # set by _root

    # names are compared with their prefix, computed once from the root
    def _root(self, name: str, attrs: dict[str, str]) -> None:
        pfx = check_root(name, attrs)
        self.scan.layout.prefix = pfx
        self.c, self.v_, self.f_, self.row_ = pfx + "c", pfx + "v", pfx + "f", pfx + "row"
        self.is_, self.t_ = pfx + "is", pfx + "t"

    def start(self, name: str, attrs: dict[str, str]) -> None:
        # An if/elif by element, most frequent first, on purpose: a dispatch table measured ~20%
        # slower on a 220,000-cell sheet (a method call for every <v>).
        self.depth += 1
        if name == self.c:
            self._cell_start(attrs)
        elif name == self.v_:
            if self.cell is not None:
                self.v = self.text = []
        elif name == self.row_:
            self._row_start(attrs)
        elif name == self.f_:
            self.f_attrs, self.f = attrs, []
            self.text = self.f
        elif name == self.t_:
            self.text = self.inline
        elif name == self.is_:
            if self.cell is not None:
                self.inline = []
        elif self.depth == 1:
            self._root(name, attrs)
        else:
            self._other(local(name), attrs)

    def start_out(self, name: str, attrs: dict[str, str]) -> None:
        """Rows outside the window: only rows, the last row with a cell, and formulas."""
        self.depth += 1
        if name == self.c:
            self.last_attrs = attrs
            if self.row > self.scan.max_row:
                self.scan.max_row = self.row
        elif name == self.row_:
            self._row_start(attrs)
        elif name == self.f_:
            self.f_attrs, self.f = attrs, []
            self.text = self.f

    def end_out(self, name: str) -> None:
        if self.depth <= 2:  # the end of the cell table (or the root): the full handler
            self.end(name)
            return
        self.depth -= 1
        self.text = None
        if name == self.f_:
            self._formula_done()

    def _cell_start(self, attrs: dict[str, str]) -> None:
        if self.row > self.scan.max_row:
            self.scan.max_row = self.row
        if not self.in_rows:  # outside the window only the last row and formulas matter
            self.cell = self.text = None
            self.last_attrs = attrs
            return
        ref = attrs.get("r")
        if ref:
            letters = ref.rstrip(DIGITS)
            col = self.cols.get(letters)
            if col is None:
                col = self.cols[letters] = col_number(letters.lstrip("$"))
        else:
            col = self.col + 1
        self.col = col
        self.text = self.v = self.inline = self.formula = None
        if col <= self.max_col:
            self.cell = attrs
            if "s" in attrs:
                self.scan.styles[(self.row, col)] = to_int(attrs["s"], 0)
        else:
            self.cell = None

    def _row_start(self, attrs: dict[str, str]) -> None:
        lay = self.scan.layout
        r = attrs.get("r")
        self.row = to_int(r, self.row + 1)
        self.col = 0
        inside = self.lo <= self.row <= self.hi
        if inside != self.in_rows:  # lean handlers for the rows placement never reads
            self.in_rows = inside
            self.p.StartElementHandler = self.start if inside else self.start_out
            self.p.EndElementHandler = self.end if inside else self.end_out
        lay.row_nums.append(self.row)
        lay.row_offsets.append(self.p.CurrentByteIndex)
        if r is None:
            lay.rows_without_r.append(self.p.CurrentByteIndex)
        if attrs.get("customFormat") in ("1", "true") and "s" in attrs:
            self.scan.row_styles[self.row] = to_int(attrs["s"], 0)

    def _other(self, tag: str, attrs: dict[str, str]) -> None:
        scan, lay = self.scan, self.scan.layout
        if self.depth == 2:
            if tag in AFTER_CF and lay.cf_at < 0:
                lay.cf_at = self.p.CurrentByteIndex
            elif tag == "sheetData":
                lay.data_start = self.p.CurrentByteIndex
            elif tag == "dimension":
                lay.dimension = self.p.CurrentByteIndex
                try:
                    scan.dimension = parse_range(attrs.get("ref", ""))
                except ValueError:
                    scan.dimension = None
        if tag == "mergeCell" and "ref" in attrs:
            scan.merges.append(parse_range(attrs["ref"]))
        elif tag == "cfRule":
            scan.max_priority = max(scan.max_priority, to_int(attrs.get("priority"), 0))
        elif tag == "col" and "style" in attrs:
            s = to_int(attrs["style"], 0)
            scan.col_styles.append((to_int(attrs.get("min"), 1), to_int(attrs.get("max"), 1), s))

    def chars(self, data: str) -> None:
        if self.text is not None:
            self.text.append(data)

    def end(self, name: str) -> None:
        self.depth -= 1
        self.text = None
        if name == self.c:
            if self.cell is not None:
                self._cell_done()
        elif name == self.f_:
            self._formula_done()
        elif self.depth == 1 and local(name) == "sheetData":
            self.scan.layout.data_close = self.p.CurrentByteIndex  # after it, if <sheetData/>
            self.p.StartElementHandler, self.p.EndElementHandler = self.start, self.end
            self.in_rows = True
        elif self.depth == 0:
            if self.scan.layout.cf_at < 0:
                self.scan.layout.cf_at = self.p.CurrentByteIndex

    def _formula_done(self) -> None:
        if not self.in_rows:  # where is it? (cells outside the window are not followed)
            ref = self.last_attrs.get("r")
            self.col = parse_a1(ref)[1] if ref else self.col
        pos = (self.row, self.col)
        text = self.formula = "".join(self.f or [])
        self.scan.formulas.add(pos)
        kind, ref = self.f_attrs.get("t"), self.f_attrs.get("ref")
        if kind in ("array", "dataTable") and ref:
            self.scan.locked.append(parse_range(ref))
        elif kind == "shared" and "si" in self.f_attrs:
            si = self.f_attrs["si"]
            shared = self.scan.shared.setdefault(si, Shared((0, 0), ""))
            if text and ref:
                shared.master, shared.formula = pos, text
            else:
                shared.cells.append(pos)
        self.f = None

    def _cell_done(self) -> None:
        assert self.cell is not None
        value = self._value(self.cell)
        if value is not None:
            self.scan.values[(self.row, self.col)] = value
        self.cell = self.v = self.inline = None

    def _value(self, cell: dict[str, str]) -> Any:
        t = cell.get("t", "n")
        if t == "inlineStr":
            return "".join(self.inline or []) or None
        if self.v is None:
            return None if self.formula is None else "=" + self.formula
        v = "".join(self.v)
        if t == "s":
            return self.sst(to_int(v.strip(), -1))
        if t == "b":
            return v.strip() in ("1", "true")
        if t in ("str", "e"):
            return v
        try:
            return float(v)
        except ValueError:
            return v


def scan_sheet(chunks: Iterable[bytes], sst: Callable[[int], str], window: Window) -> SheetScan:
    """Read a worksheet part once, keeping cell values and styles only inside `window`."""
    p = make_parser()
    scanner = _Scanner(p, sst, window)
    p.StartElementHandler = scanner.start
    p.EndElementHandler = scanner.end
    p.CharacterDataHandler = scanner.chars
    Stream(p).run(chunks)
    lay = scanner.scan.layout
    if lay.data_start < 0 or lay.data_close < 0:
        raise ValueError("the sheet has no cell table")
    return scanner.scan
