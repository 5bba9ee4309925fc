"""Write tiny real .xlsx returns for tests: `write_book(path, {"Robbery": rows, ...})`.

Rows are lists of cell values (None = empty; str, int, float, bool, date/datetime as given).
Strings starting with "=" are written as text unless `formulas=True`, so labels such as "=Target"
stay labels. Merged ranges are given per sheet as A1 ranges: `merged={"Robbery": ["A1:C1"]}`.
Also builders for a typical indicator sheet and a Settings sheet, so tests stay short.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl

MONTHS = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"]


def write_book(
    path: str | Path,
    sheets: dict[str, Sequence[Sequence[Any]]],
    merged: dict[str, Iterable[str]] | None = None,
    formulas: bool = False,
    origin: tuple[int, int] = (1, 1),
) -> Path:
    """Write `sheets` (name -> rows) to `path`; rows start at `origin` (1-based row, col)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v is None:
                    continue
                cell = ws.cell(row=origin[0] + r, column=origin[1] + c)
                if isinstance(v, str) and v.startswith("=") and not formulas:
                    cell.value = v
                    cell.data_type = "s"
                else:
                    cell.value = v
                if isinstance(v, (date, datetime)):
                    cell.number_format = "mmm-yy"
        for rng in (merged or {}).get(name, []):
            ws.merge_cells(rng)
    p = Path(path)
    wb.save(p)
    return p


def month_headers(fy: int = 2016, style: str = "text") -> list[Any]:
    """Twelve month headers for `fy`: 'Apr-16' (text), 'Apr 16' (space), 'April 2016' (long),
    datetime (date) or bare 'Apr' (bare)."""
    out: list[Any] = []
    long = ["April", "May", "June", "July", "August", "September", "October", "November",
            "December", "January", "February", "March"]  # fmt: skip
    for i, m in enumerate(MONTHS):
        year = fy if i < 9 else fy + 1
        if style == "text":
            out.append(f"{m}-{year % 100:02d}")
        elif style == "space":
            out.append(f"{m} {year % 100:02d}")
        elif style == "long":
            out.append(f"{long[i]} {year}")
        elif style == "date":
            out.append(datetime(year, (i + 3) % 12 + 1, 1))
        elif style == "bare":
            out.append(m)
        else:
            raise ValueError(style)
    return out


def indicator_rows(
    title: str = "MOPAC 7: Robbery Overall",
    month_text: str = "December 2016",
    target: str = "5% decrease from previous year",
    good: str = "We are looking for a decrease in this figure.",
    grid: Sequence[Sequence[Any]] | None = None,
    headers: Sequence[Any] | None = None,
    rag: str = "RAG Rating: G",
    overview: str = "Year To Date shows an 8% decrease.",
) -> list[list[Any]]:
    """A one-page summary laid out like the seed returns: title block, texts, grid, narrative.

    The grid header is on row 9, labels in column A, months in B..M.
    """
    hdr = list(headers) if headers is not None else month_headers(2016)
    body = (
        grid
        if grid is not None
        else [
            ["Month", 37, 54, 54, 47, 39, 50, 42, 34, 40],
            ["Year to date", 37, 91, 145, 192, 231, 281, 323, 357, 397],
            [
                "% change from previous year",
                "-20%",
                "-8%",
                "+4%",
                "+3%",
                "-0%",
                "-1%",
                "-4%",
                "-6%",
                "-8%",
            ],
            ["Rolling 12 month fig for use below", 578, 579, 593, 592, 586, 584, 573, 564, 551],
            ["Per 1,000 Res", 2.91, 2.92, 2.94, 2.93, 2.90, 2.89, 2.84, 2.79, 2.73],
            ["Rank (MET / MSG)", "14of15/ 22of32", "14of15/ 22of32"],
        ]
    )
    rows: list[list[Any]] = [
        ["Community Safety Partnership Call Over / Crime and Enforcement Portfolio"],
        [title],
        [month_text],
        ["Source: IQuanta"],
        ["Definition", "This indicator includes personal and business robbery.", None,
         "How this indicator works", "The number of incidents of robbery."],
        ["What good looks like", good, None, "Why this indicator is important", "A priority crime."],
        ["2016/17 Target:", target],
        ["History with this indicator", "2015/16: 587 offences", None, "Any issues to consider", "None"],
        [None, *hdr],
        *[list(r) for r in body],
        [],
        ["Performance Overview", overview, None, "Actions to Sustain or Improve Performance", "Operation Neptune."],
        [rag],
        ["Benchmarking", "Currently 14 of 15 in our MSG."],
    ]  # fmt: skip
    return rows


def settings_rows(
    partnership: str = "Barking and Dagenham",
    reporting_month: Any = "Dec-16",
    tolerance: Any = "10%",
    denominators: Sequence[Sequence[Any]] | None = None,
    indicators: Sequence[Sequence[Any]] | None = None,
    indicator_header: Sequence[str] = ("Sheet", "Polarity", "Target", "Denominator", "Per"),
) -> list[list[Any]]:
    """A Settings sheet per SPEC section 10: pairs, then the denominator and indicator tables."""
    dens = denominators if denominators is not None else [
        ["Residents", 198294, datetime(2015, 6, 30)],
        ["Residents", 201979, datetime(2016, 6, 30)],
        ["Households", 69685, datetime(2015, 6, 30)],
    ]  # fmt: skip
    rows: list[list[Any]] = [
        ["Setting", "Value"],
        ["Partnership", partnership],
        ["Reporting month", reporting_month],
        ["RAG tolerance", tolerance],
        ["Static band", "1%"],
        [],
        ["Denominator", "Value", "Effective from"],
        *[list(d) for d in dens],
    ]
    if indicators:
        rows += [[], list(indicator_header), *[list(i) for i in indicators]]
    return rows
