"""One worksheet part rewritten as a stream: the user's bytes, with only our rows rebuilt.

The scan (`sheet_scan`) has found every row's byte offset, so the rewrite copies the part through
untouched and stops only at its edits: a row holding a changed cell is re-parsed alone and rebuilt
from its own cells in column order (untouched cells keep their bytes), new rows are inserted in
row order, the `<dimension>` is widened, our `<conditionalFormatting>` goes where the schema orders
it. Text we write is always a literal inline string, never a formula.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ...core.refs import a1, parse_a1
from .sheet_scan import MAX_COL as MAX_COL  # noqa: F401 - re-exported
from .sheet_scan import MAX_ROW as MAX_ROW  # noqa: F401 - re-exported
from .sheet_scan import Layout, Range, to_int
from .xml_stream import attr, make_parser, set_attrs, tag_at, text


@dataclass
class CellEdit:
    """A value to write (None clears the value, keeps the style); `style` None keeps it."""

    value: Any
    style: int | None = None


@dataclass
class SheetPlan:
    values: dict[tuple[int, int], CellEdit] = field(default_factory=dict)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # shared -> own formula
    cf_xml: bytes = b""
    dimension: Range | None = None
    removed_formula: bool = False  # a cell we overwrite held a formula (calcChain goes stale)
    layout: Layout = field(default_factory=Layout)  # where the scan found the part's pieces

    def rows(self) -> list[int]:
        return sorted({r for r, _ in self.values} | {r for r, _ in self.formulas})


def number_text(value: float) -> str:
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


def cell_xml(pfx: str, ref: str, attrs: dict[str, str], edit: CellEdit) -> bytes:
    """A cell holding our value: numbers as numbers, text always as a literal inline string."""
    keep = {k: v for k, v in attrs.items() if k not in ("r", "t", "s", "cm", "vm")}
    style = edit.style if edit.style is not None else to_int(attrs.get("s"), 0)
    head = f'<{pfx}c r="{ref}"' + (f' s="{style}"' if style else "")
    head += "".join(f' {k}="{attr(v)}"' for k, v in keep.items())
    value = edit.value
    if value is None:
        return (head + "/>").encode()
    if isinstance(value, bool):
        return (head + f' t="b"><{pfx}v>{int(value)}</{pfx}v></{pfx}c>').encode()
    if isinstance(value, (int, float)) and math.isfinite(value):
        return (head + f"><{pfx}v>{number_text(float(value))}</{pfx}v></{pfx}c>").encode()
    s = str(value)
    space = ' xml:space="preserve"' if s != s.strip() or "\n" in s else ""
    body = f"<{pfx}is><{pfx}t{space}>{text(s)}</{pfx}t></{pfx}is>"
    return (head + f' t="inlineStr">{body}</{pfx}c>').encode()


@dataclass
class _Cell:
    col: int
    attrs: dict[str, str]
    raw: bytes
    has_r: bool
    f_span: tuple[int, int] | None = None  # of the <f> element, relative to raw


def _row_cells(fragment: bytes) -> tuple[list[_Cell], bytes, int]:
    """Parse one row's bytes alone: its cells, its start tag and where the row element ends."""
    wrapped = b"<w>" + fragment + b"</w>"
    p = make_parser()
    cells: list[_Cell] = []
    depth = [0]
    spot: dict[str, int] = {"c": 0, "f": 0, "row_end": len(wrapped), "col": 0}
    pending: list[_Cell] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        depth[0] += 1
        pos = p.CurrentByteIndex
        if depth[0] == 3 and name.rpartition(":")[2] == "c":
            ref = attrs.get("r")
            spot["col"] = parse_a1(ref)[1] if ref else spot["col"] + 1
            spot["c"] = pos
            pending.append(_Cell(spot["col"], attrs, b"", ref is not None))
        elif depth[0] == 4 and name.rpartition(":")[2] == "f":
            spot["f"] = pos

    def end(name: str) -> None:
        pos = p.CurrentByteIndex
        if depth[0] == 4 and name.rpartition(":")[2] == "f" and pending:
            f0 = spot["f"]
            f1 = _element_end(wrapped, f0, pos)
            pending[-1].f_span = (f0 - spot["c"], f1 - spot["c"])
        elif depth[0] == 3 and pending:
            cell = pending.pop()
            cell.raw = wrapped[spot["c"] : _element_end(wrapped, spot["c"], pos)]
            cells.append(cell)
        elif depth[0] == 2:
            spot["row_end"] = _element_end(wrapped, 3, pos)
        depth[0] -= 1

    p.StartElementHandler, p.EndElementHandler = start, end
    p.Parse(wrapped, True)
    tag = wrapped[3 : tag_at(wrapped, 3)[0]]
    return cells, tag, spot["row_end"] - 3


def _element_end(data: bytes, start: int, end_event: int) -> int:
    tag_end, empty = tag_at(data, start)
    return tag_end if empty else data.index(b">", end_event) + 1


class _Rows:
    """Builds the bytes of rows: rebuilt ones from their own cells, new ones from the plan."""

    def __init__(self, plan: SheetPlan, pfx: str) -> None:
        self.plan = plan
        self.pfx = pfx

    def merged(self, r: int, cells: list[_Cell]) -> bytes:
        have = {c.col: c for c in cells}
        cols = sorted(set(have) | {c for (rr, c) in self.plan.values if rr == r})
        out = []
        for col in cols:
            edit = self.plan.values.get((r, col))
            old = have.get(col)
            if edit is not None:
                out.append(cell_xml(self.pfx, a1(r, col), old.attrs if old else {}, edit))
                continue
            assert old is not None
            raw = old.raw
            formula = self.plan.formulas.get((r, col))
            if formula is not None and old.f_span is not None:
                a, b = old.f_span
                raw = raw[:a] + f"<{self.pfx}f>{text(formula)}</{self.pfx}f>".encode() + raw[b:]
            if not old.has_r:  # an implied position could shift: make it explicit
                at = len(self.pfx) + 2
                raw = raw[:at] + f' r="{a1(r, col)}"'.encode() + raw[at:]
            out.append(raw)
        return b"".join(out)

    def new(self, rows: list[int]) -> bytes:
        p = self.pfx
        return b"".join(
            f'<{p}row r="{r}">'.encode() + self.merged(r, []) + f"</{p}row>".encode() for r in rows
        )

    def rebuilt(self, r: int) -> Callable[[bytes], bytes]:
        def make(fragment: bytes) -> bytes:
            cells, tag, row_end = _row_cells(fragment)
            empty = tag.endswith(b"/>")
            tag = set_attrs(tag, {"spans": None, "r": str(r)})
            if empty:
                tag = tag[:-2].rstrip() + b">"
            body = tag + self.merged(r, cells) + f"</{self.pfx}row>".encode()
            return body + fragment[row_end:]

        return make


Edit = tuple[int, int, Callable[[bytes], bytes]]  # start, end (-1: the element there), new bytes


def _edits(plan: SheetPlan, lay: Layout) -> list[Edit]:
    rows = _Rows(plan, lay.prefix)
    pfx = lay.prefix
    edits: list[Edit] = []
    wanted = plan.rows()
    index = {n: i for i, n in enumerate(lay.row_nums)}
    new_rows = [r for r in wanted if r not in index]
    rebuilt = {lay.row_offsets[index[r]] for r in wanted if r in index}
    for r in wanted:
        if r in index:
            i = index[r]
            start = lay.row_offsets[i]
            end = lay.row_offsets[i + 1] if i + 1 < len(lay.row_offsets) else lay.data_close
            edits.append((start, end, rows.rebuilt(r)))
    # new rows go before the first existing row numbered after them, else at the table's end
    by_place: dict[int, list[int]] = {}
    for r in new_rows:
        later = [i for i, n in enumerate(lay.row_nums) if n > r]
        at = lay.row_offsets[later[0]] if later else lay.data_close
        by_place.setdefault(at, []).append(r)
    for at, rs in by_place.items():
        block = rows.new(rs)
        if at == lay.data_close and not lay.row_offsets:  # possibly <sheetData/>
            edits.append((lay.data_start, -1, _fill_empty_table(block, pfx)))
        else:
            edits.append((at, at, _const(block)))
    if new_rows and lay.rows_without_r:  # implied row numbers would shift: write them out
        number = dict(zip(lay.row_offsets, lay.row_nums, strict=True))
        for off in lay.rows_without_r:
            if off not in rebuilt:
                edits.append((off, -1, _with_attrs({"r": str(number[off])})))
    if plan.dimension and lay.dimension >= 0:
        r1, c1, r2, c2 = plan.dimension
        ref = f"{a1(r1, c1)}:{a1(r2, c2)}"
        edits.append((lay.dimension, -1, _with_attrs({"ref": ref})))
    if plan.cf_xml:
        edits.append((lay.cf_at, lay.cf_at, _const(plan.cf_xml)))
    return sorted(edits, key=lambda e: (e[0], e[1] if e[1] >= 0 else e[0]))


def _const(data: bytes) -> Callable[[bytes], bytes]:
    return lambda _old: data


def _with_attrs(changes: dict[str, str | None]) -> Callable[[bytes], bytes]:
    return lambda tag: set_attrs(tag, changes)


def _fill_empty_table(block: bytes, pfx: str) -> Callable[[bytes], bytes]:
    def make(tag: bytes) -> bytes:
        if tag.endswith(b"/>"):
            return tag[:-2].rstrip() + b">" + block + f"</{pfx}sheetData>".encode()
        return tag + block  # <sheetData> ... </sheetData> with no rows: rows right after it

    return make


def rewrite_sheet(chunks: Iterable[bytes], out: Callable[[bytes], Any], plan: SheetPlan) -> None:
    """Stream a worksheet part to `out`, applying the plan at the offsets the scan found.

    An edit whose end is -1 replaces just the start tag at its offset (dimension, a row number,
    an empty cell table)."""
    source = _Source(iter(chunks))
    pos = 0
    for start, end, make in _edits(plan, plan.layout):
        if start < pos:
            raise ValueError("overlapping edits in a sheet part")
        out(source.take(pos, start))
        if end < 0:
            end = source.tag_end(start)
        out(make(source.take(start, end)))
        pos = end
    out(source.take(pos, None))
    for rest in source.rest():
        out(rest)


class _Source:
    """The decompressed part, read forward in chunks; only bytes not yet passed on are kept."""

    def __init__(self, it: Iterator[bytes]) -> None:
        self.it = it
        self.buf = bytearray()
        self.base = 0
        self.done = False

    def _fill(self, upto: int) -> None:
        while not self.done and self.base + len(self.buf) < upto:
            chunk = next(self.it, None)
            if chunk is None:
                self.done = True
            else:
                self.buf += chunk

    def take(self, start: int, end: int | None) -> bytes:
        """Bytes [start, end) (end None: what is buffered); everything before `end` is dropped."""
        if end is not None:
            self._fill(end)
        stop = len(self.buf) if end is None else end - self.base
        data = bytes(self.buf[start - self.base : stop])
        del self.buf[:stop]
        self.base += stop
        return data

    def tag_end(self, start: int) -> int:
        size = 4096
        while True:
            self._fill(start + size)
            try:
                return tag_at(self.buf, start - self.base)[0] + self.base
            except ValueError:
                if self.done:
                    raise
                size *= 4

    def rest(self) -> Iterator[bytes]:
        yield from self.it
