"""xl/styles.xml for the keep-layout fill: read number formats, append what we need, change nothing else.

A cell we give a number format gets a NEW cell style (a copy of its own `<xf>` with the format
changed), so other cells sharing the old style keep theirs. The RAG colours become four `<dxf>`
fills for conditional formatting. New entries are appended at the end of their lists (existing
indexes never move), count attributes are updated, missing lists are created in schema order.
"""

from __future__ import annotations

from ..number_formats import EXCEL_BUILTIN, FMT_GENERAL
from .xml_stream import Stream, attr, check_root, local, make_parser, set_attrs

# built-in number formats (ECMA-376 18.8.30) that placement may meet or ask for
BUILTIN = EXCEL_BUILTIN
FIRST_CUSTOM = 164
# styleSheet children after <dxfs> (CT_Stylesheet order)
AFTER_DXFS = ("tableStyles", "colors", "extLst")


class Styles:
    """The parsed positions of one styles part and the additions made to it."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pfx = ""
        self.formats: dict[int, str] = {}
        self.xfs: list[tuple[bytes, int]] = []  # raw <xf> start tag .. end, numFmtId
        self.spans: dict[str, tuple[int, int, bool]] = {}  # list element -> start, end, empty
        self.root_tag_end = 0
        self.root_end = 0
        self.after_dxfs: int | None = None
        self.dxf_count = 0
        self._new_formats: list[tuple[int, str]] = []
        self._new_xfs: list[bytes] = []
        self._new_dxfs: list[bytes] = []
        self._cache: dict[tuple[int, str], int] = {}
        self._parse()

    # ------------------------------------------------------------------ reading
    def _parse(self) -> None:
        p = make_parser()
        stream = Stream(p)
        stack: list[str] = []
        xf_start: list[int] = []
        xf_fmt: list[int] = []

        def start(name: str, attrs: dict[str, str]) -> None:
            tag, pos = local(name), stream.pos
            if not stack:
                self.pfx = check_root(name, attrs)
                self.root_tag_end = stream.tag(pos)[0]
            depth = len(stack)
            stack.append(tag)
            if depth == 1:
                end, empty = stream.tag(pos)
                self.spans[tag] = (pos, end, empty)
                if tag in AFTER_DXFS and self.after_dxfs is None:
                    self.after_dxfs = pos
            elif depth == 2 and tag == "numFmt" and stack[1] == "numFmts":
                try:
                    self.formats[int(attrs["numFmtId"])] = attrs.get("formatCode", "")
                except (KeyError, ValueError):
                    pass
            elif depth == 2 and tag == "xf" and stack[1] == "cellXfs":
                xf_start.append(pos)
                try:
                    xf_fmt.append(int(attrs.get("numFmtId", "0")))
                except ValueError:
                    xf_fmt.append(0)
            elif depth == 2 and tag == "dxf" and stack[1] == "dxfs":
                self.dxf_count += 1

        def end(name: str) -> None:
            tag, pos = stack.pop(), stream.pos
            depth = len(stack)
            if depth == 2 and tag == "xf" and stack[1] == "cellXfs":
                begin = xf_start.pop()
                stop, empty = stream.tag(begin)
                if not empty:
                    stop = stream.end_tag(pos)
                self.xfs.append((self.data[begin:stop], xf_fmt.pop()))
            elif depth == 1 and tag in self.spans and not self.spans[tag][2]:
                begin = self.spans[tag][0]
                self.spans[tag] = (begin, stream.end_tag(pos), False)
            elif depth == 0:
                self.root_end = pos

        p.StartElementHandler = start
        p.EndElementHandler = end
        stream.run([self.data])  # one chunk: the whole (small) part is at hand for every event
        if "cellXfs" not in self.spans:
            raise ValueError("the styles part has no cell styles")

    def number_format(self, xf: int) -> str:
        """The format code of cell style `xf` ("General" when unknown)."""
        if not 0 <= xf < len(self.xfs):
            return FMT_GENERAL
        fid = self.xfs[xf][1]
        return self.formats.get(fid) or BUILTIN.get(fid, f"builtin {fid}")

    # ------------------------------------------------------------------ adding
    def _format_id(self, code: str) -> int:
        for fid, known in list(BUILTIN.items()) + list(self.formats.items()):
            if known == code:
                return fid
        for fid, known in self._new_formats:
            if known == code:
                return fid
        fid = max([FIRST_CUSTOM - 1, *self.formats, *(f for f, _ in self._new_formats)]) + 1
        self._new_formats.append((fid, code))
        return fid

    def with_format(self, xf: int, code: str) -> int:
        """Index of a cell style like `xf` but with number format `code` (added once)."""
        key = (xf, code)
        if key not in self._cache:
            fid = self._format_id(code)
            raw = self.xfs[xf][0] if 0 <= xf < len(self.xfs) else f"<{self.pfx}xf/>".encode()
            tag_end = raw.index(b">") + 1
            while raw[:tag_end].count(b'"') % 2:  # a ">" inside an attribute value
                tag_end = raw.index(b">", tag_end) + 1
            head = set_attrs(raw[:tag_end], {"numFmtId": str(fid), "applyNumberFormat": "1"})
            self._new_xfs.append(head + raw[tag_end:])
            self._cache[key] = len(self.xfs) + len(self._new_xfs) - 1
        return self._cache[key]

    def add_fill_dxf(self, rgb: str) -> int:
        """A differential style with a solid fill of colour `rgb` (RRGGBB); returns its id."""
        p = self.pfx
        colour = f'rgb="FF{attr(rgb)}"'
        self._new_dxfs.append(
            f'<{p}dxf><{p}fill><{p}patternFill patternType="solid"><{p}fgColor {colour}/>'
            f"<{p}bgColor {colour}/></{p}patternFill></{p}fill></{p}dxf>".encode()
        )
        return self.dxf_count + len(self._new_dxfs) - 1

    @property
    def changed(self) -> bool:
        return bool(self._new_xfs or self._new_dxfs or self._new_formats)

    def _list_edit(self, tag: str, items: list[bytes], total: int) -> tuple[int, int, bytes]:
        """(start, end, replacement) that appends `items` to the list element `tag`."""
        start, end, empty = self.spans[tag]
        head_end = int(self.data.index(b">", start)) + 1 if not empty else end
        head = self.data[start:head_end]
        while head.count(b'"') % 2:
            head_end = self.data.index(b">", head_end) + 1
            head = self.data[start:head_end]
        head = set_attrs(head, {"count": str(total)})
        if empty:
            head = head[:-2] + b">"
            return start, end, head + b"".join(items) + f"</{self.pfx}{tag}>".encode()
        close = self.data.rindex(b"</", start, end)
        return start, close, head + self.data[head_end:close] + b"".join(items)

    def to_bytes(self) -> bytes:
        edits: list[tuple[int, int, bytes]] = []
        p = self.pfx
        if self._new_formats:
            items = [
                f'<{p}numFmt numFmtId="{fid}" formatCode="{attr(code)}"/>'.encode()
                for fid, code in self._new_formats
            ]
            if "numFmts" in self.spans:
                edits.append(self._list_edit("numFmts", items, len(self.formats) + len(items)))
            else:
                block = f'<{p}numFmts count="{len(items)}">'.encode() + b"".join(items)
                edits.append(
                    (self.root_tag_end, self.root_tag_end, block + f"</{p}numFmts>".encode())
                )
        if self._new_xfs:
            edits.append(
                self._list_edit("cellXfs", self._new_xfs, len(self.xfs) + len(self._new_xfs))
            )
        if self._new_dxfs:
            total = self.dxf_count + len(self._new_dxfs)
            if "dxfs" in self.spans:
                edits.append(self._list_edit("dxfs", self._new_dxfs, total))
            else:
                at = self.after_dxfs if self.after_dxfs is not None else self.root_end
                block = f'<{p}dxfs count="{total}">'.encode() + b"".join(self._new_dxfs)
                edits.append((at, at, block + f"</{p}dxfs>".encode()))
        out = self.data
        for start, end, new in sorted(edits, reverse=True):
            out = out[:start] + new + out[end:]
        return out
