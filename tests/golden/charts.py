"""Charts and sparklines read from the package XML (openpyxl does not read them back faithfully)."""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as ET

NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
    "x14": "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main",
    "xm": "http://schemas.microsoft.com/office/excel/2006/main",
}


def q(prefix: str, tag: str) -> str:
    """A qualified tag name, '{namespace}tag'."""
    return f"{{{NS[prefix]}}}{tag}"


RID = q("r", "id")


def rels(zf: zipfile.ZipFile, part: str) -> dict[str, str]:
    """Relationship id -> absolute part name for one part."""
    folder, name = posixpath.split(part)
    rel_part = posixpath.join(folder, "_rels", name + ".rels")
    if rel_part not in zf.namelist():
        return {}
    root = ET.fromstring(zf.read(rel_part))
    out = {}
    for rel in root.findall("pr:Relationship", NS):
        target = rel.get("Target", "")
        if target.startswith("/"):
            out[rel.get("Id", "")] = target.lstrip("/")
        else:
            out[rel.get("Id", "")] = posixpath.normpath(posixpath.join(folder, target))
    return out


def text_of(node: Element | None) -> Any:
    """A title or series name: the formula it refers to and/or its literal text."""
    if node is None:
        return None
    ref = node.find(".//c:f", NS)
    runs = "".join(t.text or "" for t in node.iter(q("a", "t")))
    lit = node.find("c:v", NS)
    out: dict[str, Any] = {}
    if ref is not None:
        out["ref"] = ref.text
    if runs:
        out["text"] = runs
    elif lit is not None:
        out["text"] = lit.text
    return out or None


def data_of(node: Element | None) -> Any:
    """Categories or values: the range they refer to, or the literal points."""
    if node is None:
        return None
    ref = node.find(".//c:f", NS)
    if ref is not None:
        return {"ref": ref.text}
    return {"literal": [p.text for p in node.iter(q("c", "v"))]}


def first(node: Element, *paths: str) -> Element | None:
    """The first child found of several alternatives (categories or x values, ...)."""
    for path in paths:
        found = node.find(path, NS)
        if found is not None:
            return found
    return None


def series_colour(ser: Element) -> str | None:
    """The series' own line or fill colour, where it sets one."""
    clr = ser.find("c:spPr//a:srgbClr", NS)
    return None if clr is None else clr.get("val")


def describe_chart(xml: bytes) -> dict[str, Any]:
    """Chart type(s), title and each series (name, categories, values, colour)."""
    root = ET.fromstring(xml)
    chart = root.find("c:chart", NS)
    assert chart is not None
    plot = chart.find("c:plotArea", NS)
    plots = []
    for node in list(plot) if plot is not None else []:
        tag = node.tag.split("}")[1]
        if not tag.endswith("Chart"):
            continue
        series = []
        for ser in node.findall("c:ser", NS):
            series.append(
                {
                    "name": text_of(ser.find("c:tx", NS)),
                    "categories": data_of(first(ser, "c:cat", "c:xVal")),
                    "values": data_of(first(ser, "c:val", "c:yVal")),
                    "colour": series_colour(ser),
                }
            )
        plots.append({"type": tag, "series": series})
    title = chart.find("c:title", NS)
    return {"title": text_of(title.find("c:tx", NS)) if title is not None else None, "plots": plots}


def sparklines(xml: bytes) -> list[dict[str, Any]]:
    """Sparkline groups of one sheet: type, colour and each (data range -> cell)."""
    root = ET.fromstring(xml)
    out = []
    for group in root.iter(q("x14", "sparklineGroup")):
        colour = group.find("x14:colorSeries", NS)
        lines = [
            [s.findtext("xm:f", "", NS), s.findtext("xm:sqref", "", NS)]
            for s in group.iter(q("x14", "sparkline"))
        ]
        out.append(
            {
                "type": group.get("type", "line"),
                "colour": None if colour is None else colour.get("rgb"),
                "lines": lines,
            }
        )
    return out


def sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its part name, from workbook.xml and its relationships."""
    book = ET.fromstring(zf.read("xl/workbook.xml"))
    by_id = rels(zf, "xl/workbook.xml")
    return {s.get("name", ""): by_id[s.get(RID, "")] for s in book.iter(q("m", "sheet"))}


def charts_by_sheet(path: Path) -> dict[str, dict[str, Any]]:
    """For each sheet with charts or sparklines: the charts in drawing order and the sparklines."""
    out: dict[str, dict[str, Any]] = {}
    with zipfile.ZipFile(path) as zf:
        for name, part in sheet_parts(zf).items():
            found: dict[str, Any] = {}
            lines = sparklines(zf.read(part))
            if lines:
                found["sparklines"] = lines
            charts = []
            for drawing in (p for p in rels(zf, part).values() if "/drawings/" in p):
                by_id = rels(zf, drawing)
                root = ET.fromstring(zf.read(drawing))
                for ref in root.iter(q("c", "chart")):
                    charts.append(describe_chart(zf.read(by_id[ref.get(RID, "")])))
            if charts:
                found["charts"] = charts
            if found:
                out[name] = found
    return out
