"""A canonical, reviewable description of an output workbook, read back from the xlsx.

Golden files store this description, not the binary: a refactor that keeps every value, format,
conditional format and chart series keeps the description, whatever bytes the writer produced.
Volatile parts (document dates, temporary paths) are never read or are normalised.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import warnings
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell.cell import Cell
from openpyxl.styles.colors import Color
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from golden.charts import charts_by_sheet

DEFAULT_STYLE = {"fmt": "General"}


def scalar(value: Any, root: str = "") -> Any:
    """A JSON-safe value: dates as ISO text, floats rounded to 10 significant figures."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return "date:" + value.isoformat()
    if isinstance(value, float):
        return float(f"{value:.10g}")
    if isinstance(value, str):
        return value.replace(root, "<DIR>") if root else value
    if value is None or isinstance(value, bool | int):
        return value
    return str(value)


def colour(c: Color | None) -> str | None:
    """A colour as 'FFRRGGBB', 'theme:N[+tint]' or 'indexed:N'; None when unset."""
    if c is None:
        return None
    if c.type == "rgb" and isinstance(c.rgb, str):
        return None if c.rgb == "00000000" else c.rgb
    if c.type == "theme":
        return f"theme:{c.theme}" + (f"{c.tint:+.3f}" if c.tint else "")
    if c.type == "indexed":
        return None if c.indexed in (64,) else f"indexed:{c.indexed}"
    return None


def style_of(cell: Cell) -> dict[str, Any]:
    """The formatting a reviewer sees: number format, fill, bold, font colour, alignment."""
    style: dict[str, Any] = {"fmt": cell.number_format}
    fill = cell.fill
    if fill is not None and fill.fill_type:
        style["fill"] = colour(fill.fgColor) or fill.fill_type
    if cell.font is not None:
        if cell.font.b:
            style["bold"] = True
        if cell.font.i:
            style["italic"] = True
        font_colour = colour(cell.font.color)
        if font_colour and font_colour != "theme:1":  # theme 1 is the default text colour
            style["color"] = font_colour
    if cell.alignment is not None:
        if cell.alignment.horizontal:
            style["align"] = cell.alignment.horizontal
        if cell.alignment.wrap_text:
            style["wrap"] = True
    return style


def style_id(style: dict[str, Any]) -> str:
    """A short id that depends only on the style's content (stable when other styles change)."""
    text = json.dumps(style, sort_keys=True)
    return "s" + hashlib.sha1(text.encode()).hexdigest()[:6]


def describe_cells(ws: Worksheet, wv: Worksheet, styles: dict, root: str) -> dict[str, list]:
    """Every cell with a value or a non-default style: [value or formula, cached value, style]."""
    cells: dict[str, list] = {}
    for row in ws.iter_rows():
        for cell in row:
            style = style_of(cell)
            if cell.value is None and style == DEFAULT_STYLE and not cell.hyperlink:
                continue
            value = scalar(cell.value, root)
            entry: list = [value]
            if isinstance(value, str) and value.startswith("="):
                entry.append(scalar(wv[cell.coordinate].value, root))
            sid = style_id(style)
            styles[sid] = style
            entry.append(sid)
            if cell.hyperlink:
                link = cell.hyperlink
                entry.append({"link": scalar(link.location or link.target, root)})
            if cell.comment:
                entry.append({"comment": cell.comment.text})
            cells[cell.coordinate] = entry
    return cells


def describe_rule(rng: str, rule: Any) -> dict[str, Any]:
    """One conditional-format rule: range, type, operator, formulas and the colours it applies."""
    out: dict[str, Any] = {"range": rng, "type": rule.type, "priority": rule.priority}
    for key in ("operator", "text", "timePeriod", "rank", "percent", "bottom", "stopIfTrue"):
        if getattr(rule, key, None) not in (None, False):
            out[key] = getattr(rule, key)
    if rule.formula:
        out["formula"] = list(rule.formula)
    dxf = rule.dxf
    if dxf is not None:
        if dxf.fill is not None:
            out["fill"] = colour(dxf.fill.bgColor) or colour(dxf.fill.fgColor)
        if dxf.font is not None:
            out["font"] = {"color": colour(dxf.font.color), "bold": bool(dxf.font.b)}
        if dxf.numFmt is not None:
            out["fmt"] = dxf.numFmt.formatCode
    for kind in ("colorScale", "dataBar", "iconSet"):
        part = getattr(rule, kind, None)
        if part is not None:
            out[kind] = [
                {"type": v.type, "val": v.val} for v in getattr(part, "cfvo", []) or []
            ] + [colour(c) for c in getattr(part, "color", []) or []]
    return out


def describe_sheet(ws: Worksheet, wv: Worksheet, styles: dict, root: str) -> dict[str, Any]:
    """Cells, merges, widths, panes, conditional formats and validations of one sheet."""
    widths = {
        k: round(d.width, 2)
        for k, d in sorted(ws.column_dimensions.items())
        if d.customWidth or d.hidden
    }
    hidden = sorted(k for k, d in ws.column_dimensions.items() if d.hidden)
    rules = [
        describe_rule(str(cf.sqref), rule) for cf in ws.conditional_formatting for rule in cf.rules
    ]
    validations = [
        {
            "range": str(dv.sqref),
            "type": dv.type,
            "operator": dv.operator,
            "formula1": dv.formula1,
            "formula2": dv.formula2,
            "allow_blank": bool(dv.allow_blank),
            "prompt": dv.prompt,
            "error": dv.error,
        }
        for dv in ws.data_validations.dataValidation
    ]
    return {
        "cells": describe_cells(ws, wv, styles, root),
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        "col_widths": widths,
        "hidden_cols": hidden,
        "freeze": ws.freeze_panes,
        "state": ws.sheet_state,
        "cond_formats": sorted(rules, key=lambda r: (r["range"], r["priority"])),
        "validations": sorted(validations, key=lambda v: v["range"]),
        "max": get_column_letter(ws.max_column) + str(ws.max_row),
    }


def describe_workbook(path: Path, root: str = "") -> dict[str, Any]:
    """The whole workbook: sheet order, defined names, styles used, each sheet, each chart."""
    with warnings.catch_warnings():  # sparklines: read from the XML in charts.py instead
        warnings.filterwarnings("ignore", "Sparkline Group extension", UserWarning)
        wf = openpyxl.load_workbook(path)
        wv = openpyxl.load_workbook(path, data_only=True)
    styles: dict[str, dict] = {}
    sheets = {ws.title: describe_sheet(ws, wv[ws.title], styles, root) for ws in wf.worksheets}
    for name, found in charts_by_sheet(path).items():
        sheets[name].update(found)
    names = {name: scalar(dn.attr_text, root) for name, dn in wf.defined_names.items()}
    for ws in wf.worksheets:
        for name, dn in ws.defined_names.items():
            names[f"{ws.title}!{name}"] = dn.attr_text
    return {
        "kind": "xlsx",
        "sheet_order": wf.sheetnames,
        "defined_names": names,
        "styles": dict(sorted(styles.items())),
        "sheets": sheets,
    }


_CELL = re.compile(r"^([A-Z]{1,3})(\d+)$")


def cell_order(key: str) -> tuple:
    """Cells row by row, then column; other keys alphabetically after them."""
    m = _CELL.match(key)
    if not m:
        return (1, key)
    letters = m.group(1)
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return (0, int(m.group(2)), col)
