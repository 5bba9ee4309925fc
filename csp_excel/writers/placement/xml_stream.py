"""Safe, streaming XML for patching a user's package: expat with DTDs refused, byte offsets kept.

The keep-layout fill copies the user's own bytes and rewrites only the spans it changes, so every
event needs its position in the original bytes (`CurrentByteIndex`) and the raw text of the tag.
A document type declaration is refused outright (no entity can expand); input is fed in chunks, so
a huge sheet is never held whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import IO, Any
from xml.parsers import expat

CHUNK = 1 << 16
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT_NS = "http://purl.oclc.org/ooxml/spreadsheetml/main"

# one start or empty tag: quoted attribute values may hold ">"
_TAG = re.compile(rb"<[^>\"']*(?:(?:\"[^\"]*\"|'[^']*')[^>\"']*)*>")
# characters XML 1.0 cannot carry even escaped; Excel writes them as _xHHHH_
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ESCAPE_LIKE = re.compile("_(x[0-9A-Fa-f]{4}_)")


class UnsafeXml(ValueError):
    """The part declares a DTD or entities, is not UTF-8, or is not well formed."""


def _refuse(*_args: Any) -> None:
    raise UnsafeXml("the part declares a DTD or entities")


def _refuse_entity(*_args: Any) -> int:
    raise UnsafeXml("the part refers to an external entity")


def make_parser() -> Any:
    """An expat parser that refuses DTDs and entity declarations (the defusedxml rules)."""
    p = expat.ParserCreate()
    p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    p.StartDoctypeDeclHandler = _refuse
    p.EntityDeclHandler = _refuse
    p.UnparsedEntityDeclHandler = _refuse
    p.ExternalEntityRefHandler = _refuse_entity
    p.buffer_text = True
    return p


def local(name: str) -> str:
    """'x:row' -> 'row' (parsed without namespace processing)."""
    return name.rpartition(":")[2]


def prefix_of(name: str) -> str:
    """'x:worksheet' -> 'x:', 'worksheet' -> ''."""
    head, sep, _ = name.rpartition(":")
    return head + sep


def check_root(name: str, attrs: dict[str, str]) -> str:
    """The element prefix to use for new elements; refuses Strict OOXML and odd namespaces."""
    pfx = prefix_of(name)
    ns = attrs.get("xmlns:" + pfx[:-1] if pfx else "xmlns")
    if ns == STRICT_NS:
        raise UnsafeXml("it is saved as Strict Open XML")
    if ns != MAIN_NS:
        raise UnsafeXml("its main XML namespace is not the spreadsheet one")
    return pfx


def tag_at(buf: bytes | bytearray, pos: int) -> tuple[int, bool]:
    """End offset of the tag starting at `pos` in `buf` and whether it is empty (`<x/>`)."""
    m = _TAG.match(buf, pos)
    if m is None:
        raise UnsafeXml("a tag could not be delimited")
    return m.end(), buf[m.end() - 2 : m.end() - 1] == b"/"


def end_tag_at(buf: bytes | bytearray, pos: int) -> int:
    """End offset of the end tag `</x>` starting at `pos`."""
    return buf.index(b">", pos) + 1


def attr(value: str) -> str:
    """Escape text for a double-quoted attribute."""
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("\n", "&#10;")
        .replace("\r", "&#13;")
        .replace("\t", "&#9;")
    )


def text(value: str) -> str:
    """Escape cell text; characters XML cannot hold become Excel's _xHHHH_ escapes."""
    value = _ESCAPE_LIKE.sub(r"_x005F_\1", value)
    value = _BAD_CHARS.sub(lambda m: f"_x{ord(m.group(0)):04X}_", value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def set_attrs(tag: bytes, changes: dict[str, str | None]) -> bytes:
    """A start tag with attributes replaced, added (value) or removed (None)."""
    body_end = len(tag) - (2 if tag.endswith(b"/>") else 1)
    body = tag[:body_end]
    for name, value in changes.items():
        pat = re.compile(rb"\s" + re.escape(name.encode()) + rb"\s*=\s*(\"[^\"]*\"|'[^']*')")
        new = b"" if value is None else b" " + name.encode() + b'="' + attr(value).encode() + b'"'
        body, found = pat.subn(new.replace(b"\\", b"\\\\"), body, count=1)
        if not found:
            body += new
    return body + tag[body_end:]


class Stream:
    """Feeds a binary stream to a parser while keeping the raw bytes not yet passed on.

    `copy_to(pos)` writes the original bytes up to absolute offset `pos`; `write` adds new
    bytes (for the parts that were replaced). Bytes before the copy point are forgotten
    after each chunk, so memory stays at about one chunk plus the element being rebuilt.
    """

    def __init__(self, parser: Any, out: Callable[[bytes], Any] | None = None) -> None:
        self.parser = parser
        self.out = out
        self.buf = bytearray()
        self.base = 0  # absolute offset of buf[0]
        self.copied = 0  # absolute offset up to which bytes were written or skipped

    @property
    def pos(self) -> int:
        return int(self.parser.CurrentByteIndex)

    def raw(self, start: int, end: int) -> bytes:
        return bytes(self.buf[start - self.base : end - self.base])

    def tag(self, start: int) -> tuple[int, bool]:
        end, empty = tag_at(self.buf, start - self.base)
        return end + self.base, empty

    def end_tag(self, start: int) -> int:
        return end_tag_at(self.buf, start - self.base) + self.base

    def copy_to(self, pos: int) -> None:
        if self.out is not None and pos > self.copied:
            self.out(self.raw(self.copied, pos))
        self.copied = max(self.copied, pos)

    def write(self, data: bytes) -> None:
        if self.out is not None:
            self.out(data)

    def run(self, chunks: Iterable[bytes]) -> None:
        """Parse everything; copy the tail (after the root element) unchanged."""
        first = True
        try:
            for chunk in chunks:
                if first and chunk[:2] in (b"\xff\xfe", b"\xfe\xff"):
                    raise UnsafeXml("it is not UTF-8 encoded")
                first = False
                self.buf += chunk
                self.parser.Parse(chunk, False)
                keep = self.copied if self.out is not None else self.base + len(self.buf)
                drop = max(0, keep - self.base)
                if drop:
                    del self.buf[:drop]
                    self.base += drop
            self.parser.Parse(b"", True)
        except expat.ExpatError as e:
            raise UnsafeXml(f"it is not well-formed XML ({e})") from e
        self.copy_to(self.base + len(self.buf))


def chunks(f: IO[bytes]) -> Iterable[bytes]:
    while True:
        data = f.read(CHUNK)
        if not data:
            return
        yield data
