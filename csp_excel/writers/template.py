"""A blank return in the layout csp-excel reads best: what `csp-excel template` writes.

A Settings sheet with the SPEC section 10 tables (settings, denominators, per-indicator overrides)
and one sheet per indicator laid out like the published one-page summaries: title block, the
label/value text block, a 12-month grid April..March for the chosen financial year, and the
narrative/RAG block. Derived rows are left blank (with number formats): Fill works them out.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

import xlsxwriter

from ..core.periods import fy_label, period_name
from ..errors import UsageError
from .atomic import atomic_path
from .number_formats import FMT_CHANGE_WHOLE, FMT_COUNT, FMT_DATE, FMT_PCT_WHOLE, FMT_RATE
from .palette import GREY_TEXT, LIGHT_BLUE
from .settings_sheet import IND_COLUMNS as INDICATOR_COLUMNS  # the SPEC §10 table, once

XLSX_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "in_memory": True,  # no xlsxwriter temp files in /tmp to leak if the process is killed
}
DEFAULT_INDICATORS = ["Example indicator"]
FY_RANGE = (1990, 2099)  # financial years a blank return may be made for

TEXT_LABELS = [
    "Definition",
    "How this indicator works",
    "What good looks like",
    "Why this indicator is important",
    "{fy} Target:",
    "History with this indicator",
    "Any issues to consider",
]
NARRATIVE_LABELS = [
    "Performance Overview",
    "RAG Rating:",
    "Actions to Sustain or Improve Performance",
    "Benchmarking",
]
SETTINGS_ROWS: list[tuple[str, Any, str | None]] = [
    ("Partnership", "", None),
    ("Reporting month", "", None),
    ("RAG tolerance", 0.10, FMT_PCT_WHOLE),
    ("Static band", 0.01, FMT_PCT_WHOLE),
]


def grid_rows(fy: int) -> list[tuple[str, str]]:
    """(label, number format) of the grid rows under the month header."""
    return [
        ("Month", FMT_COUNT),
        (f"Actual {fy - 1} - {fy}", FMT_COUNT),
        ("Year to date", FMT_COUNT),
        ("% change from previous year", FMT_CHANGE_WHOLE),
        ("Rolling 12 months", FMT_COUNT),
        ("Per 1,000 Res", FMT_RATE),
    ]


_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def sheet_name(title: str, used: set[str]) -> str:
    """An Excel-safe, unique sheet name (31 characters, no []:*?/\\)."""
    base = " ".join(_BAD_SHEET_CHARS.sub(" ", title).split()).strip("'")[:31] or "Indicator"
    name, k = base, 2
    while name.lower() in used:
        name = f"{base[:27]} ({k})"
        k += 1
    used.add(name.lower())
    return name


def _settings_sheet(wb: Any, fy: int, sheets: list[str], f: dict[str, Any]) -> None:
    ws = wb.add_worksheet("Settings")
    ws.set_column(0, 0, 22)
    ws.set_column(1, 9, 16)
    ws.write_string(0, 0, "Setting", f["head"])
    ws.write_string(0, 1, "Value", f["head"])
    for i, (name, value, fmt) in enumerate(SETTINGS_ROWS, start=1):
        ws.write_string(i, 0, name)
        if isinstance(value, float):
            ws.write_number(i, 1, value, f[fmt] if fmt else None)
    row = len(SETTINGS_ROWS) + 2
    for c, text in enumerate(["Denominator", "Value", "Effective from"]):
        ws.write_string(row, c, text, f["head"])
    ws.write_string(
        row,
        4,
        "One row per population, e.g. Residents | 198294 | 30/06/2015. Add a row when a new "
        "estimate is adopted: the latest one effective on or before a month's end is used.",
        f["note"],
    )
    for i in range(1, 4):
        ws.write_blank(row + i, 1, None, f[FMT_COUNT])
        ws.write_blank(row + i, 2, None, f["date"])
    row += 5
    for c, text in enumerate(INDICATOR_COLUMNS):
        ws.write_string(row, c, text, f["head"])
    for i, name in enumerate(sheets, start=1):
        ws.write_string(row + i, 0, name)
    note = row + len(sheets) + 2
    ws.write_string(
        note,
        0,
        f"Financial year {fy_label(fy)}. Fill in the values; a blank cell means 'not overridden'. "
        "Polarity: lower, higher, range or monitor. Kind: count, percentage or snapshot. "
        "SPC baseline: XmR limits on the first 12 to 20 points. SPC rebase from: a month "
        "(e.g. Apr-17) where the process really changed, with the reason beside it.",
        f["note"],
    )


def _indicator_sheet(wb: Any, name: str, title: str, fy: int, f: dict[str, Any]) -> None:
    ws = wb.add_worksheet(name)
    ws.set_column(0, 0, 34)
    ws.set_column(1, 12, 10)
    ws.write_string(0, 0, "Portfolio", f["note"])
    ws.write_string(1, 0, title, f["title"])
    ws.write_string(2, 0, fy_label(fy))
    ws.write_string(3, 0, "Source: ")
    for i, label in enumerate(TEXT_LABELS):
        ws.write_string(5 + i, 0, label.format(fy=fy_label(fy)), f["label"])
        ws.write_blank(5 + i, 1, None, f["text"])  # typed text runs over C:M (never merged)
    header = 5 + len(TEXT_LABELS) + 1
    for m in range(12):
        ws.write_string(header, 1 + m, period_name(fy, m), f["month"])
    for i, (label, fmt) in enumerate(grid_rows(fy), start=1):
        ws.write_string(header + i, 0, label, f["label"])
        for m in range(12):
            ws.write_blank(header + i, 1 + m, None, f[fmt])
    narrative = header + len(grid_rows(fy)) + 3
    for i, label in enumerate(NARRATIVE_LABELS):
        ws.write_string(narrative + i, 0, label, f["label"])
        if len(label) > 34:  # a wrapped label gets the height of its two lines
            ws.set_row(narrative + i, 26)
        ws.write_blank(narrative + i, 1, None, f["text"])
    ws.freeze_panes(header + 1, 1)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)


def write_blank_template(
    out: Path, fy: int, indicators: list[str] | None = None, force: bool = False
) -> None:
    """Write a blank return for financial year `fy` (2016 = 2016/17), one sheet per indicator.

    Raises UsageError for a year outside FY_RANGE (Excel's dates end in 9999; a year 0 or -1 is
    a typo, not a return)."""
    if not isinstance(fy, int) or not FY_RANGE[0] <= fy <= FY_RANGE[1]:
        raise UsageError(
            f"--fy {fy} is not a financial year csp-excel can write: give the year it starts, "
            f"between {FY_RANGE[0]} and {FY_RANGE[1]}, e.g. 2016 for 2016/17."
        )
    titles = indicators or DEFAULT_INDICATORS
    used = {"settings"}
    names = [sheet_name(t, used) for t in titles]
    with atomic_path(Path(out), force) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), XLSX_OPTIONS)
        wb.set_properties(
            {"title": f"CSP performance return {fy_label(fy)}", "created": datetime(fy, 4, 1)}
        )
        f = {
            "head": wb.add_format({"bold": True, "bg_color": LIGHT_BLUE, "border": 1}),
            "title": wb.add_format({"bold": True, "font_size": 14}),
            "label": wb.add_format({"bold": True, "text_wrap": True, "valign": "top"}),
            "text": wb.add_format({"valign": "top"}),
            "month": wb.add_format(
                {"bold": True, "align": "center", "bg_color": LIGHT_BLUE, "border": 1}
            ),
            "note": wb.add_format({"italic": True, "font_color": GREY_TEXT}),
            "date": wb.add_format({"num_format": FMT_DATE}),
            FMT_PCT_WHOLE: wb.add_format({"num_format": FMT_PCT_WHOLE}),
        }
        for _, fmt in grid_rows(fy):
            f[fmt] = wb.add_format({"num_format": fmt, "border": 1})
        _settings_sheet(wb, fy, names, f)
        for name, title in zip(names, titles, strict=True):
            _indicator_sheet(wb, name, title, fy, f)
        wb.close()
