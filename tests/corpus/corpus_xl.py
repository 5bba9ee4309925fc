"""Small writing helpers for the corpus builder: put cells anywhere, remember every figure.

Every figure a builder puts into a grid is recorded as a `Figure` (sheet, cell, label cell,
value) so the corpus test can prove that each one reaches a computed measure or a located finding.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from datetime import date, datetime
from itertools import accumulate
from pathlib import Path
from typing import Any

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "samples"))
from build_samples import FIXED  # noqa: E402
from build_samples import deterministic_bytes as samples_bytes  # noqa: E402
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

MONTHS = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"]
LONG = ["April", "May", "June", "July", "August", "September", "October", "November",
        "December", "January", "February", "March"]  # fmt: skip
Denoms = list[tuple[float, date]]
PLACEHOLDERS = frozenset({"", "n/a", "na", "tbc", "-", "data collected quarterly"})


@dataclass(frozen=True)
class Figure:
    """One figure typed into a grid: where it is and the number it stands for."""

    sheet: str
    cell: str
    label_cell: str
    value: float


def ref(row: int, col: int) -> str:
    return f"{get_column_letter(col)}{row}"


def figure_value(v: Any) -> float | None:
    """The number a typed cell stands for ('1,383' -> 1383, '+3%' -> 0.03), None if not a figure."""
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, str):
        t = v.strip().replace(",", "")
        if t.lower() in PLACEHOLDERS:
            return None
        m = re.fullmatch(r"([+-]?\d+(?:\.\d+)?)\s*(%?)", t)
        if m:
            x = float(m.group(1))
            return x / 100.0 if m.group(2) else x
    return None


class Sheet:
    """One worksheet being written; `figures` collects what went into its grids."""

    def __init__(self, wb: Workbook, name: str, figures: list[Figure]) -> None:
        self.ws = wb.create_sheet(name)
        self.name = name
        self.figures = figures
        self.ws.column_dimensions["A"].width = 30

    def put(
        self, row: int, col: int, value: Any, fmt: str | None = None, bold: bool = False
    ) -> None:
        if value is None or value == "":
            return
        cell = self.ws.cell(row=row, column=col, value=value)
        if fmt:
            cell.number_format = fmt
        elif isinstance(value, datetime):
            cell.number_format = "mmm-yy"
        if bold:
            cell.font = Font(bold=True)

    def text(self, row: int, col: int, *values: Any, bold: bool = False) -> None:
        """Text across a row from `col` (title lines, label/value pairs)."""
        for j, v in enumerate(values):
            self.put(row, col + j, v, bold=bold and j == 0)

    def header(self, row: int, col: int, label: Any, periods: list[Any]) -> None:
        self.put(row, col, label, bold=True)
        for j, p in enumerate(periods):
            self.put(row, col + 1 + j, p, bold=True)

    def row(
        self, row: int, col: int, label: str, values: list[Any], fmt: str | None = None
    ) -> None:
        """A grid row: label in `col`, values from `col + 1`; figures are recorded."""
        self.put(row, col, label)
        for j, v in enumerate(values):
            c = col + 1 + j
            self.put(row, c, v, fmt=None if isinstance(v, str) else fmt)
            x = figure_value(v)
            if x is not None:
                self.figures.append(Figure(self.name, ref(row, c), ref(row, col), x))


def new_workbook() -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    return wb


def deterministic_bytes(wb: Workbook, title: str) -> bytes:
    """Save with fixed properties and zip timestamps, so a rebuild gives identical bytes (the
    samples' own saver, so both corpora are made the same way)."""
    p = wb.properties
    p.creator = p.lastModifiedBy = "csp-excel corpus"
    p.title = title
    p.created = p.modified = FIXED
    return samples_bytes(wb)


# arithmetic the analyst does by hand (the test recomputes it independently)


def cumulative(values: list[int]) -> list[int]:
    return list(accumulate(values))


def pct_text(x: float) -> str:
    return f"{x:+.0%}"


def denominator_at(denoms: Denoms, fy: int, i: int) -> float:
    """Population effective at month i of FY fy: the latest whose date is on/before month end."""
    y, m = (fy, i + 4) if i < 9 else (fy + 1, i - 8)
    end = date(y + (m == 12), m % 12 + 1, 1)
    return [v for v, eff in sorted(denoms, key=lambda d: d[1]) if eff < end][-1]


def r12_row(ty: list[int], ly: list[int]) -> list[int]:
    return [sum(ly[i + 1 :]) + sum(ty[: i + 1]) for i in range(len(ty))]


def month_headers(style: str, fy: int) -> list[Any]:
    out: list[Any] = []
    for i, m in enumerate(MONTHS):
        y = fy + (1 if i >= 9 else 0)
        mm = i + 4 if i < 9 else i - 8
        out.append(
            {
                "text": f"{m}-{y % 100:02d}",
                "date": datetime(y, mm, 1),
                "bare": m,
                "long": f"{LONG[i]} {y}",
                "space": f"{m} {y % 100:02d}",
            }[style]
        )
    return out


def settings(
    wb: Workbook,
    partnership: str,
    reporting: datetime | str | None = None,
    denoms: dict[str, Denoms] | None = None,
    table: list[list[Any]] | None = None,
    synonyms: list[tuple[str, str]] | None = None,
    name: str = "Settings",
    start: int = 1,
) -> None:
    ws = wb.create_sheet(name)
    rows: list[list[Any]] = [["Setting", "Value"], ["Partnership", partnership]]
    if reporting is not None:
        rows.append(["Reporting month", reporting])
    rows.append(["RAG tolerance", 0.1])
    if denoms:
        rows += [[], ["Denominator", "Value", "Effective from"]]
        for dname, entries in denoms.items():
            rows += [[dname, v, datetime(e.year, e.month, e.day)] for v, e in entries]
    if table:
        rows += [[]] + table
    if synonyms:
        rows += [[], ["Row label", "Kind"]] + [list(s) for s in synonyms]
    for i, row in enumerate(rows, start=start):
        for j, v in enumerate(row, start=1):
            if v is None:
                continue
            c = ws.cell(row=i, column=j, value=v)
            if isinstance(v, datetime):
                c.number_format = "mmm-yy" if v.day == 1 else "yyyy-mm-dd"


def text_sheet(wb: Workbook, name: str, lines: list[str]) -> None:
    ws = wb.create_sheet(name)
    for i, line in enumerate(lines, start=1):
        ws.cell(row=i, column=1, value=line)
