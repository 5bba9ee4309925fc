"""The parts of an .xlsx/.xlsm package the keep-layout fill needs to find or touch.

Which part is the workbook, which part holds each sheet, where styles, shared strings and the
calculation chain live (all through the relationships, never by guessing names), and the few
byte-level edits made to small parts: one attribute on `<calcPr>`, and dropping the calculation
chain's relationship and content type when a formula we overwrote would leave it stale.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from .xml_stream import Stream, chunks, local, make_parser, set_attrs, tag_at

REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# workbook children after <calcPr> (CT_Workbook order)
AFTER_CALC = ("oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes",
              "webPublishing", "fileRecoveryPr", "webPublishObjects", "extLst")  # fmt: skip


@dataclass
class Element:
    name: str
    attrs: dict[str, str]
    start: int
    end: int
    depth: int


def elements(data: bytes, keep: Callable[[str, int], bool]) -> list[Element]:
    """Elements of a small part (local name, depth) with their byte spans."""
    p = make_parser()
    stream = Stream(p)
    found: list[Element] = []
    open_: list[Element | None] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        pos, depth = stream.pos, len(open_)
        end, empty = stream.tag(pos)
        el = Element(local(name), attrs, pos, end, depth) if keep(local(name), depth) else None
        if el is not None:
            found.append(el)
        open_.append(None if empty else el)

    def end_(name: str) -> None:
        el = open_.pop()
        if el is not None:
            el.end = stream.end_tag(stream.pos)

    p.StartElementHandler = start
    p.EndElementHandler = end_
    stream.run([data])
    return found


def cut(data: bytes, spans: list[tuple[int, int, bytes]]) -> bytes:
    for start, end, new in sorted(spans, reverse=True):
        data = data[:start] + new + data[end:]
    return data


def _resolve(base_dir: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(base_dir, target))


def rels_path(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


@dataclass
class Package:
    workbook: str
    sheets: dict[str, str] = field(default_factory=dict)  # sheet name -> part
    related: dict[str, str] = field(default_factory=dict)  # relationship type tail -> part

    @property
    def workbook_rels(self) -> str:
        return rels_path(self.workbook)


def _relationships(z: zipfile.ZipFile, name: str, base_dir: str) -> list[tuple[str, str, str]]:
    """(Id, type tail, resolved target) of a .rels part; external targets are left out."""
    if name not in z.namelist():
        return []
    out = []
    for el in elements(z.read(name), lambda n, d: n == "Relationship"):
        if el.attrs.get("TargetMode") == "External":
            continue
        kind = el.attrs.get("Type", "").rpartition("/")[2]
        out.append((el.attrs.get("Id", ""), kind, _resolve(base_dir, el.attrs.get("Target", ""))))
    return out


def read_package(z: zipfile.ZipFile) -> Package:
    """Find the workbook part, its sheets by name and its related parts."""
    office = [t for _, kind, t in _relationships(z, "_rels/.rels", "") if kind == "officeDocument"]
    if not office or office[0] not in z.namelist():
        raise ValueError("it has no workbook part (is it an .xlsx or .xlsm?)")
    pkg = Package(office[0])
    rels = _relationships(z, pkg.workbook_rels, posixpath.dirname(pkg.workbook))
    by_id = {rid: target for rid, _, target in rels}
    for _, kind, target in rels:
        pkg.related.setdefault(kind, target)
    for el in elements(z.read(pkg.workbook), lambda n, d: n == "sheet"):
        rid = next((v for k, v in el.attrs.items() if k.endswith(":id")), None)
        if "name" in el.attrs and rid in by_id:
            pkg.sheets[el.attrs["name"]] = by_id[rid]
    return pkg


def recalculate_on_open(data: bytes) -> bytes:
    """workbook.xml with `fullCalcOnLoad="1"`: formulas fed by our cells show fresh results."""
    found = elements(data, lambda n, d: d <= 1)
    for el in found:
        if el.name == "calcPr" and el.depth == 1:
            head_end = tag_at(data, el.start)[0]
            head = set_attrs(data[el.start : head_end], {"fullCalcOnLoad": "1"})
            return cut(data, [(el.start, head_end, head)])
    at = next((el.start for el in found if el.depth == 1 and el.name in AFTER_CALC), None)
    if at is None:
        at = data.rindex(b"</")
    root = data[found[0].start + 1 : found[0].end].split(maxsplit=1)[0].decode("utf-8", "replace")
    pfx = root.rpartition(":")[0] + ":" if ":" in root else ""
    return cut(data, [(at, at, f'<{pfx}calcPr fullCalcOnLoad="1"/>'.encode())])


def drop_calc_chain(z: zipfile.ZipFile, pkg: Package) -> dict[str, bytes]:
    """The parts to rewrite so the calculation chain can be left out (Excel rebuilds it)."""
    chain = pkg.related.get("calcChain")
    if chain is None:
        return {}
    out: dict[str, bytes] = {}
    data = z.read(pkg.workbook_rels)
    base = posixpath.dirname(pkg.workbook)
    spans = [
        (el.start, el.end, b"")
        for el in elements(data, lambda n, d: n == "Relationship")
        if _resolve(base, el.attrs.get("Target", "")) == chain
        and el.attrs.get("TargetMode") != "External"
    ]
    out[pkg.workbook_rels] = cut(data, spans)
    types = z.read("[Content_Types].xml")
    spans = [
        (el.start, el.end, b"")
        for el in elements(types, lambda n, d: n == "Override")
        if el.attrs.get("PartName", "").lstrip("/") == chain
    ]
    out["[Content_Types].xml"] = cut(types, spans)
    return out


def read_shared_strings(z: zipfile.ZipFile, part: str | None) -> list[str]:
    """The shared string table as plain text (rich runs joined, phonetic runs left out)."""
    if part is None or part not in z.namelist():
        return []
    strings: list[str] = []
    stack: list[str] = []
    current: list[str] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        stack.append(local(name))
        if stack[-1] == "si":
            current.clear()

    def end(name: str) -> None:
        if stack.pop() == "si":
            strings.append("".join(current))

    def chars(data: str) -> None:
        if stack and stack[-1] == "t" and "rPh" not in stack:
            current.append(data)

    p = make_parser()
    p.StartElementHandler, p.EndElementHandler, p.CharacterDataHandler = start, end, chars
    with z.open(part) as f:
        Stream(p).run(chunks(f))
    return strings
